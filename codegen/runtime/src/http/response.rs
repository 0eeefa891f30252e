//! Responses: [`RawResponse`] as received, [`Response`] with the decoded value, [`Redirect`], and
//! the decoders generated code picks per operation.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, LOCATION};
use reqwest::StatusCode;

use crate::error::{body_snippet, redact_credentials, Error};

/// An HTTP response as received: status, headers and the whole body.
#[derive(Clone)]
pub struct RawResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

/// `x-request-id`, looked up without parsing the name each time.
const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

impl RawResponse {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status (compares with a plain number: `raw.status() == 200`).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced by `U+FFFD`).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The `x-request-id` header, if present: quote it when contacting the API provider's support.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get(X_REQUEST_ID).and_then(|v| v.to_str().ok())
    }

    /// The body, without copying.
    pub fn into_body(self) -> Bytes {
        self.body
    }
}

impl fmt::Debug for RawResponse {
    // The body is left out: it may hold tokens or secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("headers", &crate::error::RedactedHeaders(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A redirect answer (3xx), e.g. from `GET /oauth/authorize`.
///
/// Its `Debug` output hides secrets in the location (an authorization `code`, a token in a
/// fragment); [`Redirect::location`] has it as it came.
#[derive(Clone, PartialEq, Eq)]
pub struct Redirect {
    pub(super) status: StatusCode,
    pub(super) location: Option<String>,
}

impl fmt::Debug for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redirect")
            .field("status", &self.status)
            .field(
                "location",
                &self.location.as_deref().map(crate::error::redact_for_debug),
            )
            .finish()
    }
}

impl Redirect {
    /// The HTTP status (302, 303, ...).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `Location` header: where the user agent should go next.
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }
}

/// A decoded value together with the HTTP response it came from. Returned by
/// [`Call::send_with_response`](crate::Call::send_with_response).
#[derive(Clone, Debug)]
pub struct Response<T> {
    pub(super) value: T,
    pub(super) raw: RawResponse,
}

impl<T> Response<T> {
    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, dropping the response.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.raw.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.raw.headers()
    }

    /// The raw body bytes.
    pub fn body(&self) -> &[u8] {
        self.raw.body()
    }

    /// The `x-request-id` header, if present.
    pub fn request_id(&self) -> Option<&str> {
        self.raw.request_id()
    }

    /// The whole raw response.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// The value and the raw response.
    pub fn into_parts(self) -> (T, RawResponse) {
        (self.value, self.raw)
    }
}

fn decode_error(raw: &RawResponse, path: String, message: String) -> Error {
    Error::Decode {
        status: raw.status().as_u16(),
        path,
        message: redact_credentials(&message).into_owned(),
        snippet: body_snippet(raw.body()),
    }
}

/// A serde message with its double-quoted values (`invalid type: string "..."`, escapes
/// included) blanked.
pub(super) fn without_quoted_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            out.push_str("[redacted]\"");
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
        }
    }
    out
}

/// Decodes a JSON body; on failure [`Error::Decode`] says where (serde path) and what.
pub fn decode_json<T: serde::de::DeserializeOwned>(raw: &RawResponse) -> Result<T, Error> {
    if raw.status().is_redirection() {
        return Err(decode_error(
            raw,
            ".".into(),
            "expected a JSON body but the server answered with a redirect".into(),
        ));
    }
    if raw.body().iter().all(u8::is_ascii_whitespace) {
        return Err(decode_error(
            raw,
            ".".into(),
            "expected a JSON body but the body is empty".into(),
        ));
    }
    // The fast path is plain serde_json; only a failure pays for tracking the path of the error.
    if let Ok(value) = serde_json::from_slice(raw.body()) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(raw.body());
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| decode_error(raw, e.path().to_string(), e.inner().to_string()))?;
    deserializer
        .end()
        .map_err(|e| decode_error(raw, ".".into(), e.to_string()))?;
    Ok(value)
}

/// Accepts any body (for operations that return nothing, e.g. 204).
pub fn decode_empty(_raw: &RawResponse) -> Result<(), Error> {
    Ok(())
}

/// Returns the redirect. A 2xx is accepted too (an endpoint such as `/oauth/authorize` may answer
/// 200 with a page instead of redirecting): its `location` is then usually `None`. Anything else is
/// an [`Error::Decode`] that explains the likely cause.
pub fn decode_redirect(raw: &RawResponse) -> Result<Redirect, Error> {
    if !raw.status().is_redirection() && !raw.status().is_success() {
        return Err(decode_error(
            raw,
            ".".into(),
            format!(
                "expected a redirect (3xx) but got HTTP {}; if you passed your own reqwest::Client with \
                 ClientBuilder::http_client, build it with .redirect(reqwest::redirect::Policy::none())",
                raw.status().as_u16()
            ),
        ));
    }
    Ok(Redirect {
        status: raw.status(),
        location: raw
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    })
}

/// Returns the body as bytes (downloads: `application/octet-stream`, images, ...).
pub fn decode_bytes(raw: &RawResponse) -> Result<Bytes, Error> {
    Ok(Bytes::copy_from_slice(raw.body()))
}

/// Returns the body as text; fails if it is not UTF-8.
pub fn decode_text(raw: &RawResponse) -> Result<String, Error> {
    String::from_utf8(raw.body().to_vec())
        .map_err(|e| decode_error(raw, ".".into(), format!("the body is not valid UTF-8: {e}")))
}
