//! Errors: [`Error`] for everything a call can fail with, [`ApiError`] for an error response from the
//! API, and [`ErrorBody`] for the parsed body of such a response.
//!
//! An error response is classified by its status code (400 [`Error::BadRequest`], 401
//! [`Error::Authentication`], 403 [`Error::PermissionDenied`], 404 [`Error::NotFound`], 409
//! [`Error::Conflict`], 422 [`Error::UnprocessableEntity`], 429 [`Error::RateLimit`], 5xx
//! [`Error::InternalServer`], anything else [`Error::Status`]); a request that got no response is
//! [`Error::Connection`] or [`Error::Timeout`].
//!
//! No error's `Display` or `Debug` output contains the API key or the client secret.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::http::RawResponse;

/// Everything a call to the API can fail with. Match on the variants for the status classes, or
/// ask [`is_retryable`](Self::is_retryable) (the crate docs show both).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered 400 Bad Request.
    BadRequest(ApiError),
    /// The API answered 401 Unauthorized: the API key (or client credentials) is missing or wrong.
    Authentication(ApiError),
    /// The API answered 403 Forbidden.
    PermissionDenied(ApiError),
    /// The API answered 404 Not Found.
    NotFound(ApiError),
    /// The API answered 409 Conflict.
    Conflict(ApiError),
    /// The API answered 422 Unprocessable Entity: the request was well-formed but invalid.
    UnprocessableEntity(ApiError),
    /// The API answered 429 Too Many Requests (after the configured retries).
    RateLimit(ApiError),
    /// The API answered with a 5xx status (after the configured retries).
    InternalServer(ApiError),
    /// The API answered with another status that is neither success (2xx) nor redirect (3xx).
    Status(ApiError),
    /// The request could not be sent or its response could not be read (DNS, refused connection, TLS,
    /// connection reset, ...) on the last attempt, after the configured retries.
    Connection {
        /// The underlying HTTP client error (its URL, if any, has no query string).
        source: reqwest::Error,
        /// How many times the request was tried.
        attempts: u32,
    },
    /// The last attempt (after the configured retries) exceeded the per-attempt timeout
    /// ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout), [`RequestOptions`](crate::RequestOptions)).
    Timeout {
        /// How many times the request was tried.
        attempts: u32,
    },
    /// A response arrived but its body did not match the expected type.
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// Where in the body decoding failed, e.g. `data.client_id` (`.` for the top level).
        path: String,
        /// What went wrong.
        message: String,
        /// The start of the body (about 200 characters), with the values of token- and
        /// secret-like fields and anything shaped like a JWT or bearer credential replaced by
        /// `[redacted]` (found lexically: a cut-off or non-JSON body is redacted too). A response
        /// to a credential request (a token endpoint's) is not shown at all.
        snippet: String,
    },
    /// The request body could not be serialized, or a parameter is not valid in an HTTP request.
    Serialize(String),
    /// The client is not configured for this request (missing API key, invalid base URL, ...). The
    /// message says which setting and what to do.
    Config(String),
    /// An OAuth flow failed on the client's side: e.g. the `state` of an authorization callback does
    /// not match, or the user declined. Error responses of the authorization server are the
    /// status variants above, like those of any other endpoint.
    OAuth(crate::oauth::FlowError),
}

impl Error {
    /// The HTTP status of the response, if the error comes from one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            other => other.api_error().map(|e| e.status().as_u16()),
        }
    }

    /// The error response, for the variants that carry one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::BadRequest(e)
            | Error::Authentication(e)
            | Error::PermissionDenied(e)
            | Error::NotFound(e)
            | Error::Conflict(e)
            | Error::UnprocessableEntity(e)
            | Error::RateLimit(e)
            | Error::InternalServer(e)
            | Error::Status(e) => Some(e),
            _ => None,
        }
    }

    /// The `x-request-id` of the error response, if any: quote it when contacting the API provider's support.
    pub fn request_id(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::request_id)
    }

    /// How many times the request was sent: 0 for [`Error::Config`], [`Error::Serialize`] and
    /// [`Error::OAuth`] (nothing was sent), 1 for [`Error::Decode`].
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Connection { attempts, .. } | Error::Timeout { attempts } => *attempts,
            Error::Decode { .. } => 1,
            Error::Serialize(_) | Error::Config(_) => 0,
            other => other.api_error().map_or(0, ApiError::attempts),
        }
    }

    /// Whether trying the same request again later may succeed: connection errors, timeouts, and
    /// statuses 408, 409, 429 and 5xx (the ones the client retries by itself).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Connection { .. } | Error::Timeout { .. } => true,
            other => other
                .api_error()
                .is_some_and(|e| is_retryable_status(e.status())),
        }
    }

    /// Classifies an error response by its status.
    pub(crate) fn from_api_error(e: ApiError) -> Self {
        match e.status().as_u16() {
            400 => Error::BadRequest(e),
            401 => Error::Authentication(e),
            403 => Error::PermissionDenied(e),
            404 => Error::NotFound(e),
            409 => Error::Conflict(e),
            422 => Error::UnprocessableEntity(e),
            429 => Error::RateLimit(e),
            s if s >= 500 => Error::InternalServer(e),
            _ => Error::Status(e),
        }
    }

    /// Builds the error for a non-success response.
    pub(crate) fn from_response(raw: RawResponse, attempts: u32) -> Self {
        Error::from_api_error(ApiError::new(raw, attempts))
    }
}

/// The statuses that are retried by default (when no `x-should-retry` header says otherwise).
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Connection { source, attempts } => {
                write!(f, "could not reach the API")?;
                write_attempts(f, *attempts)?;
                write!(f, ": {source}")?;
                // reqwest's own message is generic ("error sending request"); the root cause says
                // what actually happened (connection refused, DNS failure, ...).
                if let Some(mut root) = std::error::Error::source(source) {
                    while let Some(next) = root.source() {
                        root = next;
                    }
                    write!(f, " ({root})")?;
                }
                Ok(())
            }
            Error::Timeout { attempts } => {
                write!(f, "the request timed out")?;
                write_attempts(f, *attempts)?;
                write!(
                    f,
                    "; raise the timeout with ClientBuilder::timeout or RequestOptions::timeout if the API is slow"
                )
            }
            Error::Decode {
                status,
                path,
                message,
                snippet,
            } => {
                write!(
                    f,
                    "could not decode the response (HTTP {status}) at `{path}`: {message}"
                )?;
                if !snippet.is_empty() {
                    write!(f, "; the body starts with: {snippet}")?;
                }
                Ok(())
            }
            Error::Serialize(msg) => write!(f, "could not build the request: {msg}"),
            Error::Config(msg) => write!(f, "client configuration error: {msg}"),
            Error::OAuth(e) => write!(f, "OAuth error: {e}"),
            other => {
                // Every remaining variant carries an ApiError.
                let e = other.api_error().expect("API error variant");
                write!(f, "{e}")?;
                if e.attempts() > 1 {
                    write!(f, " (gave up after {} attempts)", e.attempts())?;
                }
                Ok(())
            }
        }
    }
}

fn write_attempts(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    if attempts > 1 {
        write!(f, " after {attempts} attempts")?;
    }
    Ok(())
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection { source, .. } => Some(source),
            Error::OAuth(e) => Some(e),
            _ => None,
        }
    }
}

/// An error response from the API: status, headers and body.
///
/// `Display` gives a one-line summary such as
/// `404 Not Found (request id abc): not_found: OAuth client not found`.
#[derive(Clone)]
pub struct ApiError {
    // Boxed so that `Result<T, Error>` stays small.
    inner: Box<ApiErrorInner>,
}

#[derive(Debug, Clone)]
struct ApiErrorInner {
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
    attempts: u32,
    body: ErrorBody,
    raw_body: String,
    summary: Option<String>,
}

/// The body of an error response.
///
/// Its `Debug` output hides the values of token- and secret-like keys and anything shaped like a
/// credential (an error body may echo a request back); [`ApiError::raw_body`] has the text as it
/// came.
#[derive(Clone)]
#[non_exhaustive]
pub enum ErrorBody {
    /// The body parsed as the API's error schema ([`ErrorModel`](crate::ErrorModel)).
    Model(crate::ErrorModel),
    /// The body is JSON, but not in the error schema.
    Json(serde_json::Value),
    /// The body is not JSON (e.g. an HTML page from a proxy).
    Text(String),
    /// The body is empty.
    Empty,
}

impl fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The model's own `Debug` may show extra properties as they came.
            ErrorBody::Model(model) => f
                .debug_tuple("Model")
                .field(&format_args!("{}", redact_text(&format!("{model:?}"))))
                .finish(),
            ErrorBody::Json(value) => f
                .debug_tuple("Json")
                .field(&format_args!("{}", redact_text(&value.to_string())))
                .finish(),
            ErrorBody::Text(text) => f.debug_tuple("Text").field(&redact_text(text)).finish(),
            ErrorBody::Empty => f.write_str("Empty"),
        }
    }
}

/// Response headers for `Debug` output: the values of headers that carry credentials
/// (`Set-Cookie`, `Authorization`, and any name that reads like a token, secret or API key) are
/// `[redacted]`.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            let name = name.as_str();
            let secret = matches!(
                name,
                "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
            ) || is_secret_key(name)
                || value.is_sensitive();
            if secret {
                map.entry(&name, &format_args!("{REDACTED}"));
            } else {
                map.entry(&name, value);
            }
        }
        map.finish()
    }
}

/// A URL or other text for `Debug` output, with secrets in it hidden (e.g. the `code` of an
/// OAuth redirect).
pub(crate) fn redact_for_debug(text: &str) -> String {
    redact_text(text)
}

impl ApiError {
    pub(crate) fn new(raw: RawResponse, attempts: u32) -> Self {
        let raw_body = raw.text().into_owned();
        let (body, summary) = parse_error_body(&raw_body);
        ApiError {
            inner: Box::new(ApiErrorInner {
                status: raw.status(),
                request_id: raw.request_id().map(str::to_owned),
                headers: raw.headers().clone(),
                attempts,
                body,
                raw_body,
                summary,
            }),
        }
    }

    /// The HTTP status (compares with a plain number: `e.status() == 404`).
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The `x-request-id` response header, if present.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// How many times the request was sent (1 + retries).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// The parsed body.
    pub fn body(&self) -> &ErrorBody {
        &self.inner.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn raw_body(&self) -> &str {
        &self.inner.raw_body
    }

    /// A short human-readable message taken from the body, if it has one (e.g.
    /// `not_found: OAuth client not found`).
    pub fn message(&self) -> Option<&str> {
        self.inner.summary.as_deref()
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.inner.status)
            .field("request_id", &self.inner.request_id)
            .field("attempts", &self.inner.attempts)
            .field("body", &self.inner.body)
            .field("headers", &RedactedHeaders(&self.inner.headers))
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.inner.status.as_u16())?;
        if let Some(reason) = self.inner.status.canonical_reason() {
            write!(f, " {reason}")?;
        }
        if let Some(id) = &self.inner.request_id {
            write!(f, " (request id {id})")?;
        }
        if let Some(summary) = &self.inner.summary {
            write!(f, ": {summary}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

fn parse_error_body(text: &str) -> (ErrorBody, Option<String>) {
    if text.trim().is_empty() {
        return (ErrorBody::Empty, None);
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => {
            let summary = summarize_json(&value);
            let body = match serde_json::from_value::<crate::ErrorModel>(value.clone()) {
                Ok(model) => ErrorBody::Model(model),
                Err(_) => ErrorBody::Json(value),
            };
            (body, summary)
        }
        Err(_) => {
            let trimmed = text.trim_start();
            // An HTML page (proxy, load balancer) says nothing useful in one line.
            let summary = if trimmed.starts_with('<') {
                None
            } else {
                trimmed
                    .lines()
                    .next()
                    .map(|line| truncate_chars(line.trim(), 200))
                    .filter(|line| !line.is_empty())
            };
            (ErrorBody::Text(text.to_owned()), summary)
        }
    }
}

/// Picks a message out of the common JSON error shapes: OAuth (`error`, `error_description`),
/// JSON:API-like (`errors: [{code, title, detail}]`) and generic (`message`).
fn summarize_json(value: &serde_json::Value) -> Option<String> {
    let text = |v: Option<&serde_json::Value>| -> Option<String> {
        match v? {
            serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let join = |a: Option<String>, b: Option<String>| match (a, b) {
        (Some(a), Some(b)) if a != b => Some(format!("{a}: {b}")),
        (Some(a), _) => Some(a),
        (None, b) => b,
    };
    let obj = value.as_object()?;
    let oauth = join(
        text(obj.get("error")),
        text(obj.get("error_description")).or_else(|| text(obj.get("message"))),
    );
    if oauth.is_some() {
        return oauth.map(|s| truncate_chars(&s, 300));
    }
    if let Some(first) = obj
        .get("errors")
        .and_then(|e| e.as_array())
        .and_then(|a| a.first())
    {
        let detail = text(first.get("detail")).or_else(|| text(first.get("title")));
        if let Some(msg) = join(text(first.get("code")), detail) {
            return Some(truncate_chars(&msg, 300));
        }
    }
    text(obj.get("message")).map(|s| truncate_chars(&s, 300))
}

/// The first `max` characters of `s`, with `…` appended if it was cut.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &s[..idx]),
        None => s.to_owned(),
    }
}

/// The start of a response body for an error message, with secrets hidden. The redaction is
/// lexical, so it holds for bodies that are not valid JSON (cut off, or another format): the
/// values of token- and secret-like keys (`"access_token": ...`, `access_token=...`, also
/// unquoted and unterminated) and anything shaped like a JWT or a bearer credential become
/// `[redacted]`, before the text is shortened. (Responses to credential requests are not shown at
/// all: see [`WITHHELD`].)
pub(crate) fn body_snippet(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    truncate_chars(&redact_text(text.trim()), MAX)
}

/// The snippet of a response to a credential request (a token endpoint's): its body is left out,
/// whatever field names it uses.
pub(crate) const WITHHELD: &str = "[not shown: the response to a credential request]";

const REDACTED: &str = "[redacted]";

/// Characters of a bare word: an unquoted key or value.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'~' | b'+' | b'/' | b'%')
}

/// The index just past the JSON string starting at `start` (a `"`), or the end of the text when
/// it is not closed.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The index just past the value starting at `start`: a string, a container (brackets matched,
/// strings skipped; the end of the text if it is cut off), or a bare word.
fn value_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        None => start,
        Some(b'"') => string_end(bytes, start),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = start;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => {
                        i = string_end(bytes, i);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            bytes.len()
        }
        Some(_) => {
            let mut i = start;
            while i < bytes.len()
                && !matches!(bytes[i], b',' | b'&' | b';' | b'}' | b']')
                && !bytes[i].is_ascii_whitespace()
            {
                i += 1;
            }
            i
        }
    }
}

/// `text` with secrets replaced by `[redacted]`, without parsing it: JSON (complete or not), form
/// or query strings, `key: value` text.
fn redact_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (key_end, key) = if b == b'"' {
            let end = string_end(bytes, i);
            (end, text[i + 1..end.max(i + 1)].trim_end_matches('"'))
        } else if is_word_byte(b) && (i == 0 || !is_word_byte(bytes[i - 1])) {
            let mut end = i;
            while end < bytes.len() && is_word_byte(bytes[end]) {
                end += 1;
            }
            (end, &text[i..end])
        } else {
            // Multi-byte characters are copied whole.
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + len]);
            i += len;
            continue;
        };
        let separator = skip_spaces(bytes, key_end);
        let is_key = matches!(bytes.get(separator), Some(b':' | b'='));
        if is_key && is_secret_key(key) {
            let value = skip_spaces(bytes, separator + 1);
            let end = value_end(bytes, value);
            out.push_str(&text[i..value]);
            match &text[value..end] {
                "" => {}
                literal @ ("null" | "true" | "false") => out.push_str(literal),
                quoted if quoted.starts_with('"') => out.push_str("\"[redacted]\""),
                _ => out.push_str(REDACTED),
            }
            i = end;
        } else if key.eq_ignore_ascii_case("bearer") || key.eq_ignore_ascii_case("basic") {
            // `Bearer <credential>` in text: the credential is the next word.
            let start = skip_spaces(bytes, key_end);
            let mut end = start;
            while end < bytes.len() && is_word_byte(bytes[end]) {
                end += 1;
            }
            out.push_str(&text[i..start]);
            if end - start >= 8 {
                out.push_str(REDACTED);
                i = end;
            } else {
                i = start;
            }
        } else {
            out.push_str(&redact_credentials(&text[i..key_end]));
            i = key_end;
        }
    }
    out
}

/// `text` (one string or word) with JWT-shaped runs (`eyJ...`) and the credential after a
/// `Bearer`/`Basic` scheme name replaced by `[redacted]`.
pub(crate) fn redact_credentials(text: &str) -> std::borrow::Cow<'_, str> {
    let token_byte = |b: u8| {
        b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'=' | b'+' | b'/' | b'~')
    };
    let lower = text.to_ascii_lowercase();
    if !text.contains("eyJ") && !lower.contains("bearer ") && !lower.contains("basic ") {
        return text.into();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &lower[i..];
        let scheme = ["bearer ", "basic "]
            .into_iter()
            .find(|s| rest.starts_with(s));
        if let Some(scheme) = scheme {
            let start = skip_spaces(bytes, i + scheme.len());
            let mut end = start;
            while end < bytes.len() && token_byte(bytes[end]) {
                end += 1;
            }
            if end - start >= 8 {
                out.push_str(&text[i..start]);
                out.push_str(REDACTED);
                i = end;
                continue;
            }
        }
        if text[i..].starts_with("eyJ") && (i == 0 || !token_byte(bytes[i - 1])) {
            let mut end = i;
            while end < bytes.len() && token_byte(bytes[end]) {
                end += 1;
            }
            if end - i >= 10 {
                out.push_str(REDACTED);
                i = end;
                continue;
            }
        }
        let len = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[i..i + len]);
        i += len;
    }
    out.into()
}

fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    (key.contains("token") && key != "token_type")
        || key.contains("secret")
        || key.contains("password")
        || key.contains("credential")
        || key.contains("private_key")
        || key.contains("assertion")
        || key.contains("api_key")
        || key.contains("apikey")
        || key.contains("api-key")
        || key == "jwt"
        || key == "code"
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn raw(status: u16, body: &str) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("req-123"));
        RawResponse::new(
            StatusCode::from_u16(status).unwrap(),
            headers,
            bytes::Bytes::from(body.to_owned()),
        )
    }

    #[test]
    fn classification_by_status() {
        let cases: &[(u16, &str)] = &[
            (400, "BadRequest"),
            (401, "Authentication"),
            (403, "PermissionDenied"),
            (404, "NotFound"),
            (409, "Conflict"),
            (422, "UnprocessableEntity"),
            (429, "RateLimit"),
            (500, "InternalServer"),
            (503, "InternalServer"),
            (599, "InternalServer"),
            (402, "Status"),
            (405, "Status"),
            (408, "Status"),
            (418, "Status"),
        ];
        for &(status, variant) in cases {
            let e = Error::from_response(raw(status, ""), 1);
            let dbg = format!("{e:?}");
            assert!(dbg.starts_with(&format!("{variant}(")), "{status}: {dbg}");
            assert_eq!(e.status(), Some(status));
            assert_eq!(e.request_id(), Some("req-123"));
            assert_eq!(e.attempts(), 1);
            assert_eq!(
                e.is_retryable(),
                matches!(status, 408 | 409 | 429) || status >= 500,
                "{status}"
            );
        }
    }

    #[test]
    fn body_parsing_and_display() {
        let e = Error::from_response(
            raw(
                404,
                r#"{"error":"not_found","error_description":"OAuth client not found"}"#,
            ),
            1,
        );
        assert_eq!(
            e.to_string(),
            "404 Not Found (request id req-123): not_found: OAuth client not found"
        );
        let api = e.api_error().unwrap();
        assert_eq!(api.status(), 404);
        // Works whatever the generated error model is (a struct or `serde_json::Value`).
        assert!(
            matches!(api.body(), ErrorBody::Model(m) if serde_json::to_value(m).unwrap()["error"] == "not_found")
        );
        assert_eq!(api.message(), Some("not_found: OAuth client not found"));

        let e = Error::from_response(
            raw(
                422,
                r#"{"errors":[{"code":"10015","title":"Bad Request","detail":"name is required"}]}"#,
            ),
            3,
        );
        // The error model's body when it parses as one (whatever the crate's model is), else JSON.
        let parsed = serde_json::from_str::<crate::ErrorModel>(
            r#"{"errors":[{"code":"10015","title":"Bad Request","detail":"name is required"}]}"#,
        );
        match e.api_error().unwrap().body() {
            ErrorBody::Model(_) => assert!(parsed.is_ok()),
            ErrorBody::Json(_) => assert!(parsed.is_err()),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            e.to_string(),
            "422 Unprocessable Entity (request id req-123): 10015: name is required (gave up after 3 attempts)"
        );
        assert_eq!(e.attempts(), 3);

        let e = Error::from_response(raw(502, "<html><body>Bad gateway</body></html>"), 1);
        let api = e.api_error().unwrap();
        assert!(matches!(api.body(), ErrorBody::Text(t) if t.contains("Bad gateway")));
        assert_eq!(e.to_string(), "502 Bad Gateway (request id req-123)");
        assert!(api.raw_body().starts_with("<html>"));

        let e = Error::from_response(raw(500, "upstream exploded\nmore"), 1);
        assert_eq!(
            e.to_string(),
            "500 Internal Server Error (request id req-123): upstream exploded"
        );

        let e = Error::from_response(raw(401, ""), 1);
        assert!(matches!(e.api_error().unwrap().body(), ErrorBody::Empty));
        assert_eq!(e.to_string(), "401 Unauthorized (request id req-123)");
    }

    #[test]
    fn other_variants() {
        let e = Error::Config("set EXAMPLE_API_KEY".into());
        assert_eq!(e.status(), None);
        assert_eq!(e.attempts(), 0);
        assert!(!e.is_retryable());
        assert!(e.to_string().contains("EXAMPLE_API_KEY"));
        let e = Error::Timeout { attempts: 3 };
        assert!(e.is_retryable());
        assert_eq!(e.attempts(), 3);
        assert!(e.to_string().contains("timed out after 3 attempts"));
        let e = Error::Decode {
            status: 200,
            path: "data.id".into(),
            message: "invalid type".into(),
            snippet: "{}".into(),
        };
        assert_eq!(e.status(), Some(200));
        assert!(e.to_string().contains("`data.id`"));
    }

    #[test]
    fn snippets_redact_without_parsing() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        for (body, kept) in [
            // Cut off inside the token, and after it.
            (
                r#"{"access_token":"at-SECRET-cut"#.to_owned(),
                "access_token",
            ),
            (
                r#"{"token_type":"Bearer","access_token": "at-SECRET", "expi"#.to_owned(),
                "Bearer",
            ),
            // Unquoted, or not JSON at all.
            (
                r#"{access_token: at-SECRET, scope: admin}"#.to_owned(),
                "admin",
            ),
            (
                "access_token=at-SECRET&token_type=bearer".to_owned(),
                "token_type=bearer",
            ),
            (
                "refresh_token = at-SECRET\nnext line".to_owned(),
                "next line",
            ),
            // A secret key holding a container, a number, null.
            (
                r#"{"tokens": ["at-SECRET", {"v": "at-SECRET"}], "id": 7"#.to_owned(),
                r#""id": 7"#,
            ),
            (
                r#"{"code": 123456789, "client_secret": null, "n": 1}"#.to_owned(),
                "null",
            ),
            // Anywhere: a JWT, a bearer credential.
            (format!(r#"{{"weird_name": "{jwt}"#), "weird_name"),
            (
                format!("<html>Authorization: Bearer {jwt}-at-SECRET</html>"),
                "Authorization",
            ),
            (
                "<p>Authorization: Bearer at-SECRET-123</p>".to_owned(),
                "</p>",
            ),
            (
                r#"{"message": "bad header Bearer at-SECRET-123"}"#.to_owned(),
                "bad header",
            ),
        ] {
            let s = body_snippet(body.as_bytes());
            assert!(
                !s.contains("at-SECRET") && !s.contains("123456789"),
                "{body} -> {s}"
            );
            assert!(!s.contains("eyJ"), "{body} -> {s}");
            assert!(s.contains("[redacted]"), "{body} -> {s}");
            assert!(s.contains(kept), "{body} -> {s}: `{kept}` is not a secret");
        }
        // Bodies without secrets are kept as they are.
        let plain = r#"{"data": [1, 2, "three"], "token_type": "Bearer", "message": "é"}"#;
        assert_eq!(body_snippet(plain.as_bytes()), plain);
        assert_eq!(
            body_snippet(br#"{"x":"\"access_token\": y"}"#),
            r#"{"x":"\"access_token\": y"}"#
        );
    }

    #[test]
    fn snippets_redact_secrets_and_truncate() {
        let s = body_snippet(
            br#"{"access_token":"eyJhbGciOi.secret","token_type":"Bearer","expires_in":"x","nested":[{"client_secret":"abc"}]}"#,
        );
        assert!(!s.contains("eyJhbGciOi"), "{s}");
        assert!(!s.contains("abc"), "{s}");
        assert!(s.contains("Bearer"), "{s}");
        let long = "é".repeat(500);
        let s = body_snippet(long.as_bytes());
        assert_eq!(s.chars().count(), 201);
        assert!(s.ends_with('…'));
        assert_eq!(body_snippet(b"  short  "), "short");
    }

    #[test]
    fn debug_output_hides_secrets_in_error_bodies_and_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("req-123"));
        headers.insert(
            "set-cookie",
            HeaderValue::from_static("session=cookie-secret-1"),
        );
        headers.insert("x-auth-token", HeaderValue::from_static("header-secret-2"));
        for body in [
            r#"{"error":"invalid_client","client_secret":"body-secret-3","access_token":"eyJhbGciOiJIUzI1NiJ9.e30.sig"}"#,
            "<html>client_secret=body-secret-3&note=Bearer abcdefghijkl</html>",
        ] {
            let raw = RawResponse::new(
                StatusCode::BAD_REQUEST,
                headers.clone(),
                bytes::Bytes::from(body.to_owned()),
            );
            let e = ApiError::new(raw, 1);
            let shown = format!("{e:?} {e:#?} {:?} {}", e.body(), e);
            for secret in [
                "cookie-secret-1",
                "header-secret-2",
                "body-secret-3",
                "eyJhbGci",
                "abcdefghijkl",
            ] {
                assert!(!shown.contains(secret), "`{secret}` shown: {shown}");
            }
            assert!(shown.contains("req-123"), "{shown}");
            assert!(
                shown.contains("invalid_client") || shown.contains("note"),
                "{shown}"
            );
            // The raw body stays available on purpose.
            assert!(e.raw_body().contains("body-secret-3"));
        }
    }
}
