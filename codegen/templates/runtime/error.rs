//! Errors: [`Error`] for everything a call can fail with, [`ApiError`] for an error response from the
//! API, and [`ErrorBody`] for the parsed body of such a response.
//!
//! The variants follow the official Telnyx SDKs: an error response is classified by its status code
//! (400 [`Error::BadRequest`], 401 [`Error::Authentication`], 403 [`Error::PermissionDenied`],
//! 404 [`Error::NotFound`], 409 [`Error::Conflict`], 422 [`Error::UnprocessableEntity`],
//! 429 [`Error::RateLimit`], 5xx [`Error::InternalServer`], anything else [`Error::Status`]); a request
//! that got no response is [`Error::Connection`] or [`Error::Timeout`].
//!
//! No error's `Display` or `Debug` output contains the API key or the client secret.

// Not every API uses every helper of this runtime.
#![allow(dead_code)]

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::http::RawResponse;

/// Everything a call to the API can fail with.
///
/// ```no_run
/// # async fn run(call: telnyx_oauth::Call<serde_json::Value>) {
/// // `call` comes from a resource method, e.g. `client.oauth_clients().retrieve(id)`.
/// match call.await {
///     Ok(value) => println!("{value}"),
///     Err(telnyx_oauth::Error::NotFound(e)) => eprintln!("no such thing: {e}"),
///     Err(e) if e.is_retryable() => eprintln!("try again later: {e}"),
///     Err(e) => eprintln!("failed: {e}"),
/// }
/// # }
/// ```
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
        /// The start of the body (about 200 characters), with token- and secret-like JSON fields
        /// replaced by `[redacted]`.
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

    /// The `x-request-id` of the error response, if any: quote it when contacting Telnyx support.
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
#[derive(Debug, Clone)]
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
            .field("headers", &self.inner.headers)
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

/// Picks a message out of the common JSON error shapes: OAuth (`error`, `error_description`), Telnyx
/// (`errors: [{code, title, detail}]`) and generic (`message`).
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

/// The start of a response body for an error message. JSON bodies have the values of token- and
/// secret-like fields (`access_token`, `client_secret`, `password`, ...) replaced by `[redacted]`, so a
/// decode failure on, say, a token response does not print the token.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            if redact_json(&mut value) {
                truncate_chars(&value.to_string(), MAX)
            } else {
                truncate_chars(text.trim(), MAX)
            }
        }
        Err(_) => truncate_chars(text.trim(), MAX),
    }
}

/// Replaces secret-looking string values in place; returns whether anything was replaced.
fn redact_json(value: &mut serde_json::Value) -> bool {
    let mut changed = false;
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if v.is_string() && is_secret_key(key) {
                    *v = serde_json::Value::String("[redacted]".to_owned());
                    changed = true;
                } else {
                    changed |= redact_json(v);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                changed |= redact_json(v);
            }
        }
        _ => {}
    }
    changed
}

fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    (key.contains("token") && key != "token_type")
        || key.contains("secret")
        || key.contains("password")
        || key == "api_key"
        || key == "apikey"
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
        assert!(matches!(e.api_error().unwrap().body(), ErrorBody::Json(_)));
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
        let e = Error::Config("set TELNYX_API_KEY".into());
        assert_eq!(e.status(), None);
        assert_eq!(e.attempts(), 0);
        assert!(!e.is_retryable());
        assert!(e.to_string().contains("TELNYX_API_KEY"));
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
}
