//! Sending requests: [`Call`] (a prepared request you `.await`), [`Response`] (a value with the HTTP
//! status, headers and body it came from), [`RawResponse`] and [`Redirect`].
//!
//! Every call goes through one send loop that adds the `Accept`, `User-Agent` and `Authorization`
//! headers, applies the per-attempt timeout, and retries like the official SDKs of the APIs generated for: on connection
//! errors, timeouts and statuses 408, 409, 429 and 5xx (a `x-should-retry: true|false` response header
//! overrides that choice), waiting as long as `retry-after-ms` or `Retry-After` asks when that is
//! between 0 and 60 seconds, and otherwise `min(0.5 s * 2^n, 8 s)` minus up to 25 % jitter.
//!
//! Each attempt is logged with [`tracing`] at `DEBUG` (operation, method, path, status, attempt,
//! elapsed time) and each retry at `INFO` (with the wait). Query values, request bodies and
//! credentials are never logged.

use std::borrow::Cow;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, LOCATION,
    USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};

use crate::client::{Client, RequestOptions};
use crate::error::{body_snippet, is_retryable_status, redact_credentials, Error, WITHHELD};
use crate::meta;
use crate::oauth::FlowError;
use crate::secret::SecretString;
use crate::token_provider::TokenProvider;

/// Bytes outside RFC 3986 "unreserved" (`A-Z a-z 0-9 - . _ ~`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query parameter names: like values, but `[` and `]` stay literal so that `page[number]` is sent as
/// written (servers decode either form; the literal one is easier to read in logs and proxies).
const QUERY_NAME: &AsciiSet = &NOT_UNRESERVED.remove(b'[').remove(b']');

/// Longest wait a `Retry-After` / `retry-after-ms` header may ask for before it is ignored.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
const INITIAL_RETRY_DELAY: f64 = 0.5;
const MAX_RETRY_DELAY: f64 = 8.0;

/// Percent-encodes one path segment: everything outside RFC 3986 "unreserved" is encoded, so `/`, `?`,
/// `#` and `%` in a value cannot change the path.
pub fn encode_path_segment(s: &str) -> Cow<'_, str> {
    // Identifiers are usually unreserved already (UUIDs, slugs): then nothing is copied.
    if s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
    {
        return Cow::Borrowed(s);
    }
    utf8_percent_encode(s, NOT_UNRESERVED).into()
}

/// `Authorization: Bearer <token>`, marked sensitive (so `http` never prints it); `None` if the
/// token has characters a header cannot hold.
pub(crate) fn bearer_header(token: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::try_from(["Bearer ", token].concat()).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// `Authorization: Basic <base64(id:secret)>`, marked sensitive.
fn basic_header(id: &str, secret: &str) -> Option<HeaderValue> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode([id, ":", secret].concat());
    let mut value = HeaderValue::try_from(["Basic ", &encoded].concat()).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Whether a path (`/a/b/c`) has a segment after its leading `/` that is empty, `.` or `..`: one
/// pass over the bytes, since almost no path has one.
fn has_dot_or_empty_segment(path: &str) -> bool {
    path.as_bytes()
        .strip_prefix(b"/")
        .unwrap_or(path.as_bytes())
        .split(|b| *b == b'/')
        .any(|segment| matches!(segment, b"" | b"." | b".."))
}

/// Which server a request goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerRef {
    /// The configured base URL (default: the API's default server) followed by the path.
    Base,
    /// `scheme://host[:port]` of the configured base URL, then this prefix, then the path. Used for
    /// `/.well-known/*`, which is served from the host root, so that a base-URL override (mock server,
    /// proxy) still applies.
    Origin(&'static str),
    /// A fixed server URL (on another host), then the path.
    Absolute(&'static str),
}

/// A way to authenticate an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// `Authorization: Bearer <API key>`.
    Bearer,
    /// HTTP Basic with the OAuth client id and secret.
    ClientBasic,
    /// The API key as is, in the header, query parameter or cookie of this name (`apiKey`).
    ApiKey(KeyIn, &'static str),
    /// A client certificate, presented during the TLS handshake (`mutualTLS`): nothing to add to
    /// the request. Counts as available when the client has an identity
    /// ([`ClientBuilder::identity`](crate::ClientBuilder::identity)) or a custom HTTP client.
    MutualTls,
}

/// Where an [`AuthScheme::ApiKey`] sends the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyIn {
    /// A request header.
    Header,
    /// A query parameter: added to the URL of each attempt only, so logs, errors and
    /// [`Call::url`] never show it.
    Query,
    /// A cookie.
    Cookie,
}

/// The credential one attempt carries.
enum Presented<'c> {
    /// The `Authorization` header.
    Authorization(HeaderValue),
    /// The API key, as is, in a header, query parameter or cookie.
    Key(KeyIn, &'static str, &'c SecretString),
}

impl AuthScheme {
    fn what_to_set(self) -> String {
        match self {
            AuthScheme::ApiKey(..) => format!(
                "an API key (set {}, or call ClientBuilder::api_key)",
                meta::API_KEY_ENV
            ),
            AuthScheme::MutualTls => {
                "a client certificate (call ClientBuilder::identity)".to_string()
            }
            AuthScheme::Bearer => format!(
                "an API key or OAuth client credentials (set {}, or {} and {}; or call \
                 ClientBuilder::api_key or ClientBuilder::oauth_client_credentials)",
                meta::API_KEY_ENV,
                meta::CLIENT_ID_ENV,
                meta::CLIENT_SECRET_ENV
            ),
            AuthScheme::ClientBasic => format!(
                "OAuth client credentials (set {} and {}, or call ClientBuilder::client_credentials)",
                meta::CLIENT_ID_ENV,
                meta::CLIENT_SECRET_ENV
            ),
        }
    }
}

/// One part of a `multipart/form-data` body.
pub struct Part {
    name: String,
    value: PartValue,
}

enum PartValue {
    Text(String),
    File(crate::upload::FileUpload),
    /// A body that cannot be sent as parts: the request fails with this message.
    Invalid(String),
}

impl Part {
    /// A text field.
    pub fn text(name: &str, value: impl fmt::Display) -> Part {
        Part {
            name: name.to_owned(),
            value: PartValue::Text(value.to_string()),
        }
    }

    /// One text part per top-level property of `value`'s JSON form (each element of a list; text
    /// as is, other values as JSON; `null` left out), for bodies that are not structs. A value
    /// that is not an object cannot be sent as parts: the request fails, saying so.
    pub fn json_fields<T: serde::Serialize + ?Sized>(value: &T) -> Vec<Part> {
        let map = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(other) => {
                return vec![Part {
                    name: String::new(),
                    value: PartValue::Invalid(format!(
                        "a multipart body must be an object of parts, not {}",
                        match other {
                            serde_json::Value::Array(_) => "a list",
                            serde_json::Value::String(_) => "a string",
                            serde_json::Value::Null => "null",
                            _ => "a scalar",
                        }
                    )),
                }]
            }
            Err(e) => {
                return vec![Part {
                    name: String::new(),
                    value: PartValue::Invalid(format!("multipart body: {e}")),
                }]
            }
        };
        let mut parts = Vec::new();
        for (name, value) in map {
            let items = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            for item in items {
                let text = match item {
                    serde_json::Value::Null => continue,
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                parts.push(Part::text(&name, text));
            }
        }
        parts
    }

    /// A file.
    pub fn file(name: &str, file: &crate::upload::FileUpload) -> Part {
        Part {
            name: name.to_owned(),
            value: PartValue::File(file.clone()),
        }
    }
}

/// A request being put together by generated code. Cloned for each page of a paginated list.
#[derive(Clone)]
pub struct Request {
    method: Method,
    server: ServerRef,
    path: String,
    route: Option<&'static str>,
    operation_id: &'static str,
    auth: &'static [AuthScheme],
    auth_optional: bool,
    query: Vec<(Cow<'static, str>, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<(Cow<'static, str>, Bytes)>,
    /// The first error met while building (serialization, invalid header); returned when sent.
    error: Option<String>,
    /// A full URL (e.g. an OAuth endpoint found by discovery) used instead of `server` + `path`.
    url_override: Option<Url>,
    /// Credentials sent whatever `auth` says (e.g. an OAuth client's, at the token endpoint).
    credentials: Option<Credentials>,
}

impl Request {
    /// A request without authentication, query, headers or body. `path` starts with `/` and has its
    /// parameters already encoded with [`encode_path_segment`].
    pub fn new(
        method: Method,
        server: ServerRef,
        path: String,
        operation_id: &'static str,
    ) -> Self {
        Request {
            method,
            server,
            path,
            route: None,
            operation_id,
            auth: &[],
            auth_optional: true,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            error: None,
            url_override: None,
            credentials: None,
        }
    }

    /// A request to a full URL (its query, if any, is kept), without authentication.
    pub(crate) fn at_url(method: Method, url: Url, operation_id: &'static str) -> Self {
        let mut request = Request::new(method, ServerRef::Base, String::new(), operation_id);
        request.url_override = Some(url);
        request
    }

    /// Whether the response may hold credentials whatever its field names: a request sending an
    /// OAuth client's credentials (token, registration endpoints) or a grant (`grant_type` in a
    /// form body: a token endpoint, RFC 6749 §4). Decode errors leave such bodies out.
    pub(crate) fn asks_for_credentials(&self) -> bool {
        self.credentials.is_some()
            || matches!(&self.body, Some((content_type, body))
                if content_type == "application/x-www-form-urlencoded"
                    && body.split(|b| *b == b'&').any(|pair| pair.starts_with(b"grant_type=")))
    }

    /// Sends these credentials, instead of choosing among the client's by `auth`.
    pub(crate) fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The accepted ways to authenticate, in order of preference; the first one the client has
    /// credentials for is used. With none available the request is sent without credentials if
    /// `optional`, else it fails with [`Error::Config`]. `[]` never sends credentials.
    pub fn auth(mut self, alternatives: &'static [AuthScheme], optional: bool) -> Self {
        self.auth = alternatives;
        self.auth_optional = optional;
        self
    }

    /// The path template (e.g. `/oauth/consent/{consent_token}`), logged instead of the actual path
    /// so that path parameters (which may be tokens) stay out of logs.
    pub fn route(mut self, template: &'static str) -> Self {
        self.route = Some(template);
        self
    }

    /// Adds a query parameter; `name` is sent as written (e.g. `page[size]`).
    pub fn query(mut self, name: impl Into<Cow<'static, str>>, value: impl fmt::Display) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Adds a query parameter if `value` is `Some`.
    pub fn query_opt<V: fmt::Display>(self, name: &'static str, value: Option<V>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Sets the query parameter `name` to `value`, replacing any values it had.
    pub(crate) fn set_query(&mut self, name: &'static str, value: impl fmt::Display) {
        self.query.retain(|(n, _)| n != name);
        self.query.push((name.into(), value.to_string()));
    }

    /// The first value of the query parameter `name`.
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A JSON body (`Content-Type: application/json`).
    pub fn json<B: serde::Serialize>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(("application/json".into(), Bytes::from(bytes))),
            Err(e) => self.fail(format!("JSON body of `{}`: {e}", self.operation_id)),
        }
        self
    }

    /// A form body (`Content-Type: application/x-www-form-urlencoded`).
    pub fn form<B: serde::Serialize>(mut self, body: &B) -> Self {
        match serde_urlencoded::to_string(body) {
            Ok(text) => {
                self.body = Some((
                    "application/x-www-form-urlencoded".into(),
                    Bytes::from(text),
                ))
            }
            Err(e) => self.fail(format!("form body of `{}`: {e}", self.operation_id)),
        }
        self
    }

    /// A raw body of the given content type (`application/octet-stream`, `image/png`, ...).
    pub fn bytes(mut self, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        self.body = Some((content_type.into(), body.into()));
        self
    }

    /// A `multipart/form-data` body.
    pub fn multipart(mut self, parts: Vec<Part>) -> Self {
        let boundary = format!(
            "----rust-sdk-{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        let mut out = Vec::new();
        for part in parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = part.name.replace('"', "%22");
            match part.value {
                PartValue::Text(text) => {
                    out.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                            .as_bytes(),
                    );
                    out.extend_from_slice(text.as_bytes());
                }
                PartValue::File(file) => {
                    let filename = file.filename().replace(['"', '\r', '\n'], "_");
                    out.extend_from_slice(
                        format!(
                            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {}\r\n\r\n",
                            file.content_type()
                        )
                        .as_bytes(),
                    );
                    out.extend_from_slice(file.data());
                }
                PartValue::Invalid(message) => {
                    self.fail(format!("{message} (operation `{}`)", self.operation_id));
                    return self;
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = Some((
            format!("multipart/form-data; boundary={boundary}").into(),
            Bytes::from(out),
        ));
        self
    }

    /// Adds a request header (replacing a default such as `Accept`).
    pub fn header(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// The full URL, with the query string.
    pub(crate) fn url(&self, client: &Client) -> Result<Url, Error> {
        self.check_path_parameters()?;
        let prefix: Cow<'_, str> = match (&self.url_override, self.server) {
            (Some(url), _) => url.as_str().into(),
            (None, ServerRef::Base) => client.base_url().as_str().trim_end_matches('/').into(),
            (None, ServerRef::Origin(prefix)) => {
                format!("{}{}", client.origin(), prefix.trim_end_matches('/')).into()
            }
            (None, ServerRef::Absolute(url)) => url.trim_end_matches('/').into(),
        };
        let mut url = String::with_capacity(prefix.len() + self.path.len() + 16 * self.query.len());
        url.push_str(&prefix);
        if !self.path.is_empty() && !self.path.starts_with('/') {
            url.push('/');
        }
        url.push_str(&self.path);
        // A full URL may come with a query of its own, which is kept.
        let has_query = self
            .url_override
            .as_ref()
            .is_some_and(|u| u.query().is_some());
        let mut separator = if has_query { '&' } else { '?' };
        for (name, value) in &self.query {
            url.push(separator);
            separator = '&';
            url.extend(utf8_percent_encode(name, QUERY_NAME));
            url.push('=');
            url.extend(utf8_percent_encode(value, NOT_UNRESERVED));
        }
        // The message leaves the URL out: its query may hold values that should not be printed.
        Url::parse(&url).map_err(|e| {
            Error::Config(format!(
                "could not build the URL of `{}`: {e}; check the base URL",
                self.operation_id
            ))
        })
    }

    /// URL parsers resolve `.` and `..` segments (encoded or not) and an empty parameter leaves
    /// `//`: each would address another resource (`DELETE /oauth_clients/..` is `DELETE /`), so a
    /// path parameter with such a value is refused before anything is sent.
    fn check_path_parameters(&self) -> Result<(), Error> {
        let Some(template) = self.route else {
            return Ok(());
        };
        if !has_dot_or_empty_segment(&self.path) {
            return Ok(());
        }
        let segments = self.path.split('/');
        for (segment, pattern) in segments.zip(template.split('/')) {
            if pattern.contains('{') && matches!(segment, "" | "." | "..") {
                return Err(Error::Config(format!(
                    "a path parameter of `{}` ({template}) is empty, `.` or `..`, which would address \
                     another resource; pass the real identifier",
                    self.operation_id
                )));
            }
        }
        Ok(())
    }

    /// The request to send, built anew for each attempt (cheaper than cloning one for a retry
    /// that usually does not happen), authenticated with `access_token` (from the client's token
    /// provider) when given.
    fn http_request(
        &self,
        client: &Client,
        access_token: Option<&SecretString>,
    ) -> Result<reqwest::Request, Error> {
        if let Some(message) = &self.error {
            return Err(Error::Serialize(message.clone()));
        }
        let presented = match access_token {
            Some(token) => Some(Presented::Authorization(
                bearer_header(token.expose_secret()).ok_or_else(bad_token)?,
            )),
            None => self.authorization(client)?,
        };
        let mut url = self.url(client)?;
        if let Some(Presented::Key(KeyIn::Query, name, key)) = &presented {
            // Only in the URL sent: `url()` (logs, errors, `Call::url`) never has it.
            url.query_pairs_mut().append_pair(name, key.expose_secret());
        }
        let mut request = reqwest::Request::new(self.method.clone(), url);
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static(meta::USER_AGENT));
        if let Some((content_type, _)) = &self.body {
            let value = if content_type == "application/json" {
                Ok(HeaderValue::from_static("application/json"))
            } else {
                HeaderValue::from_str(content_type)
            }
            .map_err(|_| Error::Serialize(format!("invalid content type `{content_type}`")))?;
            headers.insert(CONTENT_TYPE, value);
        }
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::Serialize(format!(
                    "`{name}` is not a valid HTTP header name (operation `{}`)",
                    self.operation_id
                ))
            })?;
            // The value is not shown: it may be a credential.
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::Serialize(format!(
                    "the value of header `{name}` contains characters not allowed in HTTP headers (operation `{}`)",
                    self.operation_id
                ))
            })?;
            headers.insert(name, value);
        }
        match presented {
            None | Some(Presented::Key(KeyIn::Query, ..)) => {}
            Some(Presented::Authorization(value)) => {
                headers.insert(AUTHORIZATION, value);
            }
            Some(Presented::Key(KeyIn::Header, name, key)) => {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    Error::Config(format!(
                        "`{name}` (the API key's header) is not a valid HTTP header name"
                    ))
                })?;
                let mut value =
                    HeaderValue::from_str(key.expose_secret()).map_err(|_| bad_token())?;
                value.set_sensitive(true);
                headers.insert(name, value);
            }
            Some(Presented::Key(KeyIn::Cookie, name, key)) => {
                // Beside the cookies of cookie parameters, if any.
                let cookie = match headers.get(COOKIE).and_then(|v| v.to_str().ok()) {
                    Some(others) => format!("{others}; {name}={}", key.expose_secret()),
                    None => format!("{name}={}", key.expose_secret()),
                };
                let mut value = HeaderValue::from_str(&cookie).map_err(|_| bad_token())?;
                value.set_sensitive(true);
                headers.insert(COOKIE, value);
            }
        }
        if let Some((_, bytes)) = &self.body {
            *request.body_mut() = Some(bytes.clone().into());
        }
        Ok(request)
    }

    /// The path to show in logs and errors: the URL's path, with the route template in place of
    /// the operation's path when one was given.
    fn log_path(&self, url: &Url) -> String {
        let full = url.path();
        match self.route {
            None => full.to_owned(),
            Some(route) => match full.strip_suffix(self.path.as_str()) {
                Some(prefix) => format!("{prefix}{route}"),
                None => route.to_owned(),
            },
        }
    }

    /// The client's token provider, if this request authenticates with it: the first accepted
    /// scheme the client has credentials for is bearer, and the client has a provider (which comes
    /// before its API key).
    fn token_provider<'c>(&self, client: &'c Client) -> Option<&'c TokenProvider> {
        if self.credentials.is_some() {
            return None;
        }
        for scheme in self.auth {
            match scheme {
                AuthScheme::Bearer => {
                    if let Some(provider) = client.token_provider() {
                        return Some(provider);
                    }
                    if client.api_key().is_some() {
                        return None;
                    }
                }
                AuthScheme::ClientBasic => {
                    if client.client_credentials().is_some() {
                        return None;
                    }
                }
                AuthScheme::ApiKey(..) => {
                    if client.api_key().is_some() {
                        return None;
                    }
                }
                AuthScheme::MutualTls => {
                    if client.has_tls_identity() {
                        return None;
                    }
                }
            }
        }
        None
    }

    /// The credential to send (without a token provider): the request's own credentials, else
    /// those of the first accepted scheme the client has.
    fn authorization<'c>(&self, client: &'c Client) -> Result<Option<Presented<'c>>, Error> {
        if let Some(Credentials::Basic(id, secret)) = &self.credentials {
            return basic_header(id, secret)
                .ok_or_else(bad_client_credentials)
                .map(|v| Some(Presented::Authorization(v)));
        }
        for scheme in self.auth {
            match *scheme {
                AuthScheme::Bearer => {
                    if client.api_key().is_some() {
                        // Built once by the client; `None` there means the key is unusable.
                        return match client.api_key_header() {
                            Some(value) => Ok(Some(Presented::Authorization(value.clone()))),
                            None => Err(bad_token()),
                        };
                    }
                }
                AuthScheme::ClientBasic => {
                    if let Some((id, secret)) = client.client_credentials() {
                        // Form-encoded first (RFC 6749 §2.3.1), as the OAuth flows send them.
                        let id = crate::oauth::form_encode(id);
                        let secret = crate::oauth::form_encode(secret.expose_secret());
                        return basic_header(&id, &secret)
                            .ok_or_else(bad_client_credentials)
                            .map(|v| Some(Presented::Authorization(v)));
                    }
                }
                AuthScheme::ApiKey(location, name) => {
                    if let Some(key) = client.api_key() {
                        return Ok(Some(Presented::Key(location, name, key)));
                    }
                }
                AuthScheme::MutualTls => {
                    if client.has_tls_identity() {
                        return Ok(None);
                    }
                }
            }
        }
        // A client certificate may be configured where the client cannot see it (a custom HTTP
        // client): the TLS handshake decides.
        if self.auth.is_empty() || self.auth_optional || self.auth.contains(&AuthScheme::MutualTls)
        {
            return Ok(None);
        }
        let needs: Vec<String> = self.auth.iter().map(|s| s.what_to_set()).collect();
        Err(Error::Config(format!(
            "operation `{}` needs {}",
            self.operation_id,
            needs.join(", or ")
        )))
    }
}

fn bad_token() -> Error {
    Error::Config(
        "the API key or access token contains characters not allowed in an HTTP header; check it for stray whitespace or quotes".into(),
    )
}

fn bad_client_credentials() -> Error {
    Error::Config(
        "the OAuth client id or secret contains characters not allowed in an HTTP header; check them for stray whitespace or line breaks".into(),
    )
}

/// Credentials for one request. No `Debug`: they must not be printed.
#[derive(Clone)]
pub(crate) enum Credentials {
    /// HTTP Basic with a user (client id) and password (client secret), already encoded as needed.
    Basic(String, String),
}

/// The path of a request as logs show it (see [`Request::log_path`]), worked out only when it is
/// printed: most requests are never logged.
struct LogPath<'a> {
    client: &'a Client,
    request: &'a Request,
}

impl fmt::Display for LogPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.request.url(self.client) {
            Ok(url) => f.write_str(&self.request.log_path(&url)),
            Err(_) => f.write_str(self.request.route.unwrap_or("?")),
        }
    }
}

/// Sends `request`, retrying as configured; returns the response if its status is 2xx or 3xx.
///
/// With an access token from the client's OAuth token provider, a 401 answer makes it renew the
/// token once and send the request once more (not in a loop).
pub(crate) async fn execute(
    client: &Client,
    request: &Request,
    options: &RequestOptions,
) -> Result<RawResponse, Error> {
    let Some(provider) = request.token_provider(client) else {
        return send(client, request, options, None).await;
    };
    let token = provider.access_token().await?;
    match send(client, request, options, Some(&token)).await {
        Err(Error::Authentication(rejection)) => {
            tracing::info!(
                operation = request.operation_id,
                method = %request.method,
                "the API rejected the OAuth access token (401); renewing it and retrying once"
            );
            let renewed = match provider.renew_rejected(&token).await {
                Ok(renewed) => renewed,
                // Nothing to renew it with: the 401 is the answer.
                Err(Error::OAuth(FlowError::NoRefreshToken)) => {
                    return Err(Error::Authentication(rejection))
                }
                Err(e) => return Err(e),
            };
            send(client, request, options, Some(&renewed)).await
        }
        other => other,
    }
}

/// Sends `request` (with `access_token`, if given), retrying as configured.
async fn send(
    client: &Client,
    request: &Request,
    options: &RequestOptions,
    access_token: Option<&SecretString>,
) -> Result<RawResponse, Error> {
    let max_retries = options.max_retries.unwrap_or(client.max_retries());
    // The client's own reqwest client applies the default timeout already.
    let timeout = match options.timeout {
        None if client.http_applies_timeout() => None,
        timeout => Some(timeout.unwrap_or(client.timeout())),
    };
    let operation = request.operation_id;
    let method = &request.method;
    let path = LogPath { client, request };
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let mut http_request = request.http_request(client, access_token)?;
        if timeout.is_some() {
            *http_request.timeout_mut() = timeout;
        }
        let started = Instant::now();
        let outcome = match client.http().execute(http_request).await {
            Ok(mut response) => {
                let status = response.status();
                // Taken, not cloned: the body is read next and needs no headers.
                let headers = std::mem::take(response.headers_mut());
                response
                    .bytes()
                    .await
                    .map(|body| RawResponse::new(status, headers, body))
            }
            Err(e) => Err(e),
        };
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match outcome {
            Ok(raw) => {
                let status = raw.status();
                tracing::debug!(
                    operation,
                    %method,
                    %path,
                    status = status.as_u16(),
                    attempt,
                    elapsed_ms,
                    request_id = raw.request_id(),
                    "{} request completed",
                    meta::API_NAME
                );
                if status.is_success() || status.is_redirection() {
                    return Ok(raw);
                }
                if attempt <= max_retries && should_retry(status, raw.headers()) {
                    let wait = retry_delay(raw.headers(), attempt - 1, SystemTime::now());
                    tracing::info!(
                        operation,
                        %method,
                        %path,
                        status = status.as_u16(),
                        attempt,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        request_id = raw.request_id(),
                        "{} request failed; retrying",
                        meta::API_NAME
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                return Err(Error::from_response(raw, attempt));
            }
            Err(mut e) => {
                // The URL of a reqwest error is printed with it: drop the query values, and show
                // the route template instead of path parameters when there is one.
                if let Some(url) = e.url_mut() {
                    url.set_query(None);
                    if request.route.is_some() {
                        url.set_path(&path.to_string());
                    }
                }
                if e.is_builder() {
                    return Err(Error::Config(format!(
                        "could not build the request of `{operation}`: {e}"
                    )));
                }
                let timed_out = e.is_timeout();
                let error = if timed_out { "timeout" } else { "connection" };
                tracing::debug!(
                    operation,
                    %method,
                    %path,
                    attempt,
                    elapsed_ms,
                    error,
                    "{} request failed: {e}",
                    meta::API_NAME
                );
                if attempt <= max_retries && !e.is_redirect() {
                    let wait = backoff(attempt - 1);
                    tracing::info!(
                        operation,
                        %method,
                        %path,
                        error,
                        attempt,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "{} request failed; retrying",
                        meta::API_NAME
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                return Err(if timed_out {
                    Error::Timeout { attempts: attempt }
                } else {
                    Error::Connection {
                        source: e,
                        attempts: attempt,
                    }
                });
            }
        }
    }
}

/// Whether a non-success response is retried: `x-should-retry: true|false` if present, else 408,
/// 409, 429 and 5xx.
pub(crate) fn should_retry(status: StatusCode, headers: &HeaderMap) -> bool {
    let header = headers
        .get("x-should-retry")
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    match header {
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        _ => is_retryable_status(status),
    }
}

/// How long to wait before retry number `retries_taken + 1`.
pub(crate) fn retry_delay(headers: &HeaderMap, retries_taken: u32, now: SystemTime) -> Duration {
    retry_after(headers, now).unwrap_or_else(|| backoff(retries_taken))
}

/// The wait asked for by `retry-after-ms` (milliseconds) or else `Retry-After` (seconds or an HTTP
/// date), if it is more than 0 and at most 60 seconds.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let wait = if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        Duration::try_from_secs_f64(ms / 1000.0).ok()
    } else if let Some(value) = header("retry-after") {
        match value.parse::<f64>() {
            Ok(secs) => Duration::try_from_secs_f64(secs).ok(),
            Err(_) => httpdate::parse_http_date(value)
                .ok()
                .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)),
        }
    } else {
        None
    };
    wait.filter(|w| !w.is_zero() && *w <= MAX_RETRY_AFTER)
}

/// `min(0.5 s * 2^retries_taken, 8 s)`, minus up to 25 % jitter.
pub(crate) fn backoff(retries_taken: u32) -> Duration {
    let exp = i32::try_from(retries_taken.min(16)).unwrap_or(16);
    let base = (INITIAL_RETRY_DELAY * 2f64.powi(exp)).min(MAX_RETRY_DELAY);
    let jitter = 1.0 - 0.25 * fastrand::f64();
    Duration::from_secs_f64(base * jitter)
}

/// An HTTP response as received: status, headers and the whole body.
#[derive(Clone)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
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
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A redirect answer (3xx), e.g. from `GET /oauth/authorize`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    status: StatusCode,
    location: Option<String>,
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
/// [`Call::send_with_response`].
#[derive(Clone, Debug)]
pub struct Response<T> {
    value: T,
    raw: RawResponse,
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

/// Decodes a response body.
pub(crate) type Decoder<T> = fn(&RawResponse) -> Result<T, Error>;

/// A prepared API call. Nothing is sent until it is awaited (or [`send`](Call::send) is awaited).
/// [`timeout`](Call::timeout) and [`max_retries`](Call::max_retries) change its settings;
/// [`send_with_response`](Call::send_with_response) gives the status, headers and raw body with the
/// value (the crate docs show an example).
#[must_use = "a Call does nothing until it is awaited"]
pub struct Call<T> {
    pub(crate) client: Client,
    pub(crate) request: Request,
    pub(crate) decode: Decoder<T>,
    pub(crate) options: RequestOptions,
}

impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Call {
            client: self.client.clone(),
            request: self.request.clone(),
            decode: self.decode,
            options: self.options.clone(),
        }
    }
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.request.operation_id)
            .field("method", &self.request.method)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<T> Call<T> {
    pub(crate) fn new(client: Client, request: Request, decode: Decoder<T>) -> Self {
        Call {
            client,
            request,
            decode,
            options: RequestOptions::default(),
        }
    }

    /// Applies per-request options (the ones set in `options` replace earlier ones).
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = self.options.merge(options);
        self
    }

    /// Timeout of each attempt of this request (instead of the client's).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// How many times this request is retried (instead of the client's setting).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// Sends the request and decodes the response.
    pub async fn send(self) -> Result<T, Error> {
        let raw = execute(&self.client, &self.request, &self.options).await?;
        self.decode_raw(&raw)
    }

    /// Sends the request and returns the decoded value with the status, headers and raw body.
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let raw = execute(&self.client, &self.request, &self.options).await?;
        let value = self.decode_raw(&raw)?;
        Ok(Response { value, raw })
    }

    /// Decodes a response to this call. A decode error of a response that may hold credentials
    /// shows none of its body, and no quoted value in its message (serde quotes the value it
    /// could not read).
    pub(crate) fn decode_raw(&self, raw: &RawResponse) -> Result<T, Error> {
        (self.decode)(raw).map_err(|e| match e {
            Error::Decode {
                status,
                path,
                message,
                ..
            } if self.request.asks_for_credentials() => Error::Decode {
                status,
                path,
                message: without_quoted_values(&message),
                snippet: WITHHELD.to_owned(),
            },
            other => other,
        })
    }

    /// The full URL of the request (with its query string), without sending it; e.g. the
    /// authorization URL to send a user's browser to.
    pub fn url(&self) -> Result<Url, Error> {
        self.request.url(&self.client)
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
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
fn without_quoted_values(message: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use wiremock::matchers::{header, method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const KEY: &str = "KEYtest-secret-0123456789";

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn client_for(server: &MockServer) -> Client {
        Client::builder()
            .api_key(KEY)
            .base_url(format!("{}/v2", server.uri()))
            .build()
            .unwrap()
    }

    fn get(client: &Client, path: &str) -> Call<serde_json::Value> {
        Call::new(
            client.clone(),
            Request::new(Method::GET, ServerRef::Base, path.to_owned(), "testOp")
                .auth(&[AuthScheme::Bearer], false),
            decode_json,
        )
    }

    // ---------- pure functions ----------

    #[test]
    fn retry_after_parsing() {
        let now = SystemTime::now();
        assert_eq!(
            retry_after(&headers(&[("retry-after", "3")]), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(&headers(&[("retry-after", "1.5")]), now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            retry_after(&headers(&[("retry-after-ms", "250")]), now),
            Some(Duration::from_millis(250))
        );
        // retry-after-ms wins over Retry-After.
        assert_eq!(
            retry_after(
                &headers(&[("retry-after-ms", "100"), ("retry-after", "7")]),
                now
            ),
            Some(Duration::from_millis(100))
        );
        // An unparsable retry-after-ms falls back to Retry-After.
        assert_eq!(
            retry_after(
                &headers(&[("retry-after-ms", "soon"), ("retry-after", "7")]),
                now
            ),
            Some(Duration::from_secs(7))
        );
        // HTTP date, 10 s in the future (httpdate has 1 s resolution).
        let at = now + Duration::from_secs(10);
        let date = httpdate::fmt_http_date(at);
        let wait = retry_after(&headers(&[("retry-after", &date)]), now).unwrap();
        assert!(
            wait > Duration::from_secs(8) && wait <= Duration::from_secs(10),
            "{wait:?}"
        );
        // Out of range or invalid: ignored.
        for bad in ["0", "-1", "61", "3600", "NaN", "soon", ""] {
            assert_eq!(
                retry_after(&headers(&[("retry-after", bad)]), now),
                None,
                "{bad}"
            );
        }
        assert_eq!(
            retry_after(&headers(&[("retry-after-ms", "60001")]), now),
            None
        );
        assert_eq!(
            retry_after(&headers(&[("retry-after", "60")]), now),
            Some(Duration::from_secs(60))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(retry_after(&headers(&[("retry-after", &past)]), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
        // Without a usable header, the delay is the backoff.
        let d = retry_delay(&headers(&[("retry-after", "600")]), 0, now);
        assert!(d <= Duration::from_millis(500), "{d:?}");
    }

    #[test]
    fn backoff_bounds() {
        for _ in 0..200 {
            for (n, max) in [
                (0u32, 0.5f64),
                (1, 1.0),
                (2, 2.0),
                (3, 4.0),
                (4, 8.0),
                (5, 8.0),
                (1000, 8.0),
            ] {
                let d = backoff(n).as_secs_f64();
                assert!(d <= max && d >= max * 0.75 - 1e-9, "n={n}: {d}");
            }
        }
    }

    #[test]
    fn retry_decision() {
        for (status, expected) in [
            (400, false),
            (401, false),
            (404, false),
            (408, true),
            (409, true),
            (422, false),
            (429, true),
            (500, true),
            (503, true),
        ] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                should_retry(status, &HeaderMap::new()),
                expected,
                "{status}"
            );
        }
        let no = headers(&[("x-should-retry", "false")]);
        let yes = headers(&[("x-should-retry", "true")]);
        assert!(!should_retry(StatusCode::INTERNAL_SERVER_ERROR, &no));
        assert!(should_retry(StatusCode::BAD_REQUEST, &yes));
    }

    #[test]
    fn path_segments() {
        assert_eq!(encode_path_segment("abc-DEF_1.2~"), "abc-DEF_1.2~");
        assert_eq!(encode_path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(encode_path_segment("100% sure"), "100%25%20sure");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
        assert_eq!(encode_path_segment("[x]+y"), "%5Bx%5D%2By");
        assert_eq!(encode_path_segment(".."), "..");
    }

    #[test]
    fn server_urls() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:4010/v2")
            .build()
            .unwrap();
        let url = |server, path: &str| {
            Request::new(Method::GET, server, path.to_owned(), "op")
                .url(&client)
                .unwrap()
                .to_string()
        };
        assert_eq!(
            url(ServerRef::Base, "/oauth_clients"),
            "http://127.0.0.1:4010/v2/oauth_clients"
        );
        assert_eq!(
            url(ServerRef::Origin(""), "/.well-known/x"),
            "http://127.0.0.1:4010/.well-known/x"
        );
        assert_eq!(
            url(ServerRef::Origin("/root/"), "/.well-known/x"),
            "http://127.0.0.1:4010/root/.well-known/x"
        );
        assert_eq!(
            url(ServerRef::Absolute("https://auth.example.com/"), "/a"),
            "https://auth.example.com/a"
        );
        let slash = Client::builder()
            .base_url("https://api.example.com/v2/")
            .build()
            .unwrap();
        let u = Request::new(Method::GET, ServerRef::Base, "/x".into(), "op")
            .url(&slash)
            .unwrap();
        assert_eq!(u.as_str(), "https://api.example.com/v2/x");
        let root = Client::builder()
            .base_url("https://h.example")
            .build()
            .unwrap();
        let u = Request::new(
            Method::GET,
            ServerRef::Origin(""),
            "/.well-known/x".into(),
            "op",
        )
        .url(&root)
        .unwrap();
        assert_eq!(u.as_str(), "https://h.example/.well-known/x");
    }

    #[test]
    fn query_strings() {
        let client = Client::builder()
            .base_url("https://api.example.com/v2")
            .build()
            .unwrap();
        let mut request = Request::new(Method::GET, ServerRef::Base, "/oauth_clients".into(), "op")
            .query("page[number]", 1)
            .query("page[size]", 20)
            .query_opt("filter[name]", Some("a b&c=d/é+"))
            .query_opt::<i32>("skip", None)
            .query("redirect_uri", "https://app.example/cb?x=1");
        assert_eq!(
            request.url(&client).unwrap().as_str(),
            "https://api.example.com/v2/oauth_clients?page[number]=1&page[size]=20\
             &filter[name]=a%20b%26c%3Dd%2F%C3%A9%2B&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1"
        );
        assert_eq!(request.query_value("page[number]"), Some("1"));
        request.set_query("page[number]", 2);
        let url = request.url(&client).unwrap();
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(pairs.iter().filter(|(k, _)| k == "page[number]").count(), 1);
        assert!(pairs.contains(&("page[number]".into(), "2".into())));
        assert!(pairs.contains(&("filter[name]".into(), "a b&c=d/é+".into())));
    }

    #[test]
    fn auth_resolution() {
        let none = Client::builder().build().unwrap();
        let key = Client::builder().api_key(KEY).build().unwrap();
        let basic = Client::builder()
            .client_credentials("cid", "csecret")
            .build()
            .unwrap();
        let req = |auth: &'static [AuthScheme], optional| {
            Request::new(
                Method::POST,
                ServerRef::Base,
                "/x".into(),
                "introspectToken",
            )
            .auth(auth, optional)
        };
        const BOTH: &[AuthScheme] = &[AuthScheme::ClientBasic, AuthScheme::Bearer];
        let authorization =
            |request: Request, client: &Client| match request.authorization(client).unwrap() {
                None => None,
                Some(Presented::Authorization(v)) => Some(v.to_str().unwrap().to_owned()),
                Some(Presented::Key(..)) => panic!("expected an Authorization header"),
            };
        assert_eq!(
            authorization(req(BOTH, false), &key).as_deref(),
            Some(format!("Bearer {KEY}").as_str())
        );
        // base64("cid:csecret")
        assert_eq!(
            authorization(req(BOTH, false), &basic).as_deref(),
            Some("Basic Y2lkOmNzZWNyZXQ=")
        );
        // Form-encoded before Basic encoding: base64("c%20id:s%2Bcr%2Ft%3D")
        let awkward = Client::builder()
            .client_credentials("c id", "s+cr/t=")
            .build()
            .unwrap();
        assert_eq!(
            authorization(req(BOTH, false), &awkward).as_deref(),
            Some("Basic YyUyMGlkOnMlMkJjciUyRnQlM0Q=")
        );
        assert_eq!(
            authorization(
                req(&[], false).credentials(Credentials::Basic("a".into(), "b".into())),
                &key
            )
            .as_deref(),
            Some("Basic YTpi")
        );
        assert!(authorization(req(&[], false), &key).is_none());
        assert!(authorization(req(BOTH, true), &none).is_none());
        let bad_key = Client::builder().api_key("KEY\nbroken").build().unwrap();
        assert!(matches!(
            req(BOTH, false).authorization(&bad_key),
            Err(Error::Config(m)) if !m.contains("KEY")
        ));
        let err = match req(BOTH, false).authorization(&none) {
            Err(e) => e,
            Ok(_) => panic!("expected an error"),
        };
        let msg = err.to_string();
        assert!(matches!(err, Error::Config(_)));
        assert!(msg.contains("introspectToken"), "{msg}");
        assert!(
            msg.contains(meta::API_KEY_ENV) && msg.contains(meta::CLIENT_ID_ENV),
            "{msg}"
        );
        let prepared = req(&[AuthScheme::Bearer], false)
            .http_request(&key, None)
            .unwrap();
        assert!(prepared.headers()[AUTHORIZATION].is_sensitive());
        assert!(!format!("{:?}", prepared.headers()).contains(KEY));
        let token = SecretString::from("access-token-1");
        let prepared = req(&[AuthScheme::Bearer], false)
            .http_request(&key, Some(&token))
            .unwrap();
        assert_eq!(prepared.headers()[AUTHORIZATION], "Bearer access-token-1");
        assert!(prepared.headers()[AUTHORIZATION].is_sensitive());
    }

    #[test]
    fn api_keys_go_where_their_scheme_says() {
        let key = Client::builder()
            .api_key(KEY)
            .base_url("https://api.example.com/v1")
            .build()
            .unwrap();
        let req = |auth: &'static [AuthScheme]| {
            Request::new(Method::GET, ServerRef::Base, "/x".into(), "getX")
                .auth(auth, false)
                .query("q", "1")
        };
        let prepared = req(&[AuthScheme::ApiKey(KeyIn::Header, "X-Api-Key")])
            .http_request(&key, None)
            .unwrap();
        assert_eq!(prepared.headers()["x-api-key"], KEY);
        assert!(prepared.headers()["x-api-key"].is_sensitive());
        assert!(prepared.headers().get(AUTHORIZATION).is_none());
        assert_eq!(prepared.url().query(), Some("q=1"));

        let request = req(&[AuthScheme::ApiKey(KeyIn::Query, "api key")]);
        let prepared = request.http_request(&key, None).unwrap();
        assert_eq!(
            prepared.url().query(),
            Some(format!("q=1&api+key={KEY}").as_str())
        );
        // The URL logs, errors and `Call::url` show never has it.
        assert_eq!(request.url(&key).unwrap().query(), Some("q=1"));

        let prepared = req(&[AuthScheme::ApiKey(KeyIn::Cookie, "sid")])
            .header("cookie", "theme=dark")
            .http_request(&key, None)
            .unwrap();
        assert_eq!(
            prepared.headers()[COOKIE],
            format!("theme=dark; sid={KEY}").as_str()
        );
        assert!(prepared.headers()[COOKIE].is_sensitive());

        // Without a key: the error names the variable to set.
        let none = Client::builder().build().unwrap();
        let message = match req(&[AuthScheme::ApiKey(KeyIn::Header, "X-Api-Key")])
            .http_request(&none, None)
        {
            Err(Error::Config(m)) => m,
            other => panic!("expected a configuration error, got {other:?}"),
        };
        assert!(message.contains(meta::API_KEY_ENV), "{message}");
        let bad = Client::builder().api_key("KEY\nbroken").build().unwrap();
        assert!(matches!(
            req(&[AuthScheme::ApiKey(KeyIn::Header, "X-Api-Key")]).http_request(&bad, None),
            Err(Error::Config(m)) if !m.contains("broken")
        ));
    }

    #[test]
    fn mutual_tls_adds_nothing_and_never_blocks() {
        let none = Client::builder().build().unwrap();
        let request = Request::new(Method::GET, ServerRef::Base, "/x".into(), "getX")
            .auth(&[AuthScheme::MutualTls, AuthScheme::Bearer], false);
        assert!(request.authorization(&none).unwrap().is_none());
        // With a key and no identity, the next scheme is used.
        let key = Client::builder().api_key(KEY).build().unwrap();
        assert!(matches!(
            request.authorization(&key).unwrap(),
            Some(Presented::Authorization(_))
        ));
    }

    #[test]
    fn headers_and_log_paths() {
        let client = Client::builder()
            .base_url("https://api.example.com/v2")
            .build()
            .unwrap();
        let request = Request::new(
            Method::GET,
            ServerRef::Base,
            "/oauth/consent/t%2F1".into(),
            "op",
        )
        .route("/oauth/consent/{consent_token}")
        .header("Accept", "text/plain")
        .header("X-Custom", 5)
        .json(&serde_json::json!({"a": 1}));
        let prepared = request.http_request(&client, None).unwrap();
        assert_eq!(prepared.headers()[ACCEPT], "text/plain");
        assert_eq!(prepared.headers()["x-custom"], "5");
        assert_eq!(prepared.headers()[USER_AGENT], meta::USER_AGENT);
        assert_eq!(prepared.headers()[CONTENT_TYPE], "application/json");
        assert!(prepared.headers().get(AUTHORIZATION).is_none());
        assert_eq!(
            prepared.body().and_then(|b| b.as_bytes()),
            Some(&br#"{"a":1}"#[..])
        );
        let path = LogPath {
            client: &client,
            request: &request,
        };
        assert_eq!(path.to_string(), "/v2/oauth/consent/{consent_token}");
        let request =
            Request::new(Method::GET, ServerRef::Base, "/a/b".into(), "op").query("q", "v");
        let path = LogPath {
            client: &client,
            request: &request,
        };
        assert_eq!(path.to_string(), "/v2/a/b");
    }

    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Error>();
        check::<Client>();
        check::<Call<serde_json::Value>>();
        check::<Response<serde_json::Value>>();
        check::<RawResponse>();
        check::<Redirect>();
    }

    #[test]
    fn build_errors_surface_at_send_time() {
        struct Bad;
        impl serde::Serialize for Bad {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("boom"))
            }
        }
        let client = Client::builder().build().unwrap();
        let r = Request::new(Method::POST, ServerRef::Base, "/x".into(), "op").json(&Bad);
        assert!(
            matches!(r.http_request(&client, None), Err(Error::Serialize(m)) if m.contains("boom"))
        );
        let r = Request::new(Method::POST, ServerRef::Base, "/x".into(), "op").form(&[1, 2]);
        assert!(matches!(
            r.http_request(&client, None),
            Err(Error::Serialize(_))
        ));
        let r =
            Request::new(Method::GET, ServerRef::Base, "/x".into(), "op").header("x-thing", "a\nb");
        assert!(
            matches!(r.http_request(&client, None), Err(Error::Serialize(m)) if !m.contains("a\nb"))
        );
    }

    #[test]
    fn decoders() {
        let raw = |status: u16, body: &str, hdrs: &[(&'static str, &str)]| {
            RawResponse::new(
                StatusCode::from_u16(status).unwrap(),
                headers(hdrs),
                Bytes::from(body.to_owned()),
            )
        };
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Client_ {
            data: Data,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Data {
            client_id: String,
        }
        let err =
            decode_json::<Client_>(&raw(200, r#"{"data":{"client_id":5}}"#, &[])).unwrap_err();
        match &err {
            Error::Decode {
                status,
                path,
                message,
                snippet,
            } => {
                assert_eq!(*status, 200);
                assert_eq!(path, "data.client_id");
                assert!(message.contains("invalid type"), "{message}");
                assert_eq!(snippet, r#"{"data":{"client_id":5}}"#);
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("data.client_id"), "{err}");
        let err =
            decode_json::<Client_>(&raw(200, r#"{"data":{"client_id":"a"}} x"#, &[])).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }));
        let err = decode_json::<Client_>(&raw(200, "", &[])).unwrap_err();
        assert!(err.to_string().contains("empty"), "{err}");
        assert_eq!(decode_text(&raw(200, "héllo", &[])).unwrap(), "héllo");
        decode_empty(&raw(204, "", &[])).unwrap();
        let redirect =
            decode_redirect(&raw(302, "", &[("location", "https://x/cb?code=1")])).unwrap();
        assert_eq!(redirect.status(), 302);
        assert_eq!(redirect.location(), Some("https://x/cb?code=1"));
        let page = decode_redirect(&raw(200, "<html>", &[])).unwrap();
        assert_eq!((page.status().as_u16(), page.location()), (200, None));
        let err = decode_redirect(&raw(404, "", &[])).unwrap_err();
        assert!(err.to_string().contains("Policy::none"), "{err}");
        let r = raw(200, "{}", &[("x-request-id", "rid-1")]);
        assert_eq!(r.request_id(), Some("rid-1"));
        assert_eq!(r.text(), "{}");
        assert!(format!("{r:?}").contains("body_len"));
    }

    // ---------- against a mock server ----------

    #[tokio::test]
    async fn retries_429_honouring_retry_after() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v2/thing"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v2/thing"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-request-id", "req-ok")
                    .set_body_json(serde_json::json!({"ok": true})),
            )
            .mount(&server)
            .await;
        let client = client_for(&server);
        let started = Instant::now();
        let response = get(&client, "/thing").send_with_response().await.unwrap();
        assert!(
            started.elapsed() >= Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(response.value()["ok"], true);
        assert_eq!(response.status(), 200);
        assert_eq!(response.request_id(), Some("req-ok"));
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn retries_503_twice_then_succeeds() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after-ms", "10"))
            .up_to_n_times(2)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{\"n\":1}"))
            .mount(&server)
            .await;
        let value = get(&client_for(&server), "/thing").await.unwrap();
        assert_eq!(value["n"], 1);
        assert_eq!(server.received_requests().await.unwrap().len(), 3);
    }

    #[tokio::test]
    async fn gives_up_after_max_retries() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after-ms", "5")
                    .insert_header("x-request-id", "req-429")
                    .set_body_json(serde_json::json!({"error": "rate_limited", "error_description": "slow down"})),
            )
            .mount(&server)
            .await;
        let err = get(&client_for(&server), "/thing").await.unwrap_err();
        assert!(matches!(err, Error::RateLimit(_)), "{err:?}");
        assert_eq!(err.attempts(), 3);
        assert_eq!(err.status(), Some(429));
        assert_eq!(err.request_id(), Some("req-429"));
        assert!(err.is_retryable());
        assert_eq!(
            err.to_string(),
            "429 Too Many Requests (request id req-429): rate_limited: slow down (gave up after 3 attempts)"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 3);

        // Per-request override.
        let err = get(&client_for(&server), "/thing")
            .max_retries(0)
            .await
            .unwrap_err();
        assert_eq!(err.attempts(), 1);
        assert_eq!(server.received_requests().await.unwrap().len(), 4);
    }

    #[tokio::test]
    async fn x_should_retry_overrides() {
        let server = MockServer::start().await;
        Mock::given(path("/v2/no"))
            .respond_with(ResponseTemplate::new(500).insert_header("x-should-retry", "false"))
            .mount(&server)
            .await;
        Mock::given(path("/v2/yes"))
            .respond_with(
                ResponseTemplate::new(400)
                    .insert_header("x-should-retry", "true")
                    .insert_header("retry-after-ms", "5"),
            )
            .mount(&server)
            .await;
        let client = client_for(&server);
        let err = get(&client, "/no").await.unwrap_err();
        assert!(matches!(err, Error::InternalServer(_)), "{err:?}");
        assert_eq!(err.attempts(), 1);
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        let err = get(&client, "/yes").await.unwrap_err();
        assert!(matches!(err, Error::BadRequest(_)), "{err:?}");
        assert_eq!(server.received_requests().await.unwrap().len(), 4);
    }

    #[tokio::test]
    async fn timeout_error() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(1500)))
            .mount(&server)
            .await;
        let client = Client::builder()
            .api_key(KEY)
            .base_url(format!("{}/v2", server.uri()))
            .timeout(Duration::from_millis(100))
            .max_retries(1)
            .build()
            .unwrap();
        let started = Instant::now();
        let err = get(&client, "/slow").await.unwrap_err();
        assert!(matches!(err, Error::Timeout { attempts: 2 }), "{err:?}");
        assert!(err.is_retryable());
        assert!(
            started.elapsed() < Duration::from_millis(1400),
            "{:?}",
            started.elapsed()
        );
        // A per-request timeout replaces the client's.
        let err = get(&client, "/slow")
            .with_options(
                RequestOptions::new()
                    .timeout(Duration::from_millis(50))
                    .max_retries(0),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
        // ... also when it is longer than the client's (which its own reqwest client applies).
        let server_fast = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({}))
                    .set_delay(Duration::from_millis(300)),
            )
            .mount(&server_fast)
            .await;
        let patient = Client::builder()
            .api_key(KEY)
            .base_url(format!("{}/v2", server_fast.uri()))
            .timeout(Duration::from_millis(100))
            .max_retries(0)
            .build()
            .unwrap();
        get(&patient, "/a")
            .timeout(Duration::from_secs(5))
            .await
            .expect("the per-request timeout replaces the client's");
        // A reqwest client passed in has no timeout of its own: the client's still applies.
        let custom = Client::builder()
            .api_key(KEY)
            .base_url(format!("{}/v2", server.uri()))
            .http_client(reqwest::Client::new())
            .timeout(Duration::from_millis(100))
            .max_retries(0)
            .build()
            .unwrap();
        let err = get(&custom, "/slow").await.unwrap_err();
        assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    }

    #[tokio::test]
    async fn connection_refused() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let client = Client::builder()
            .api_key(KEY)
            .base_url(format!("http://127.0.0.1:{port}/v2"))
            .max_retries(1)
            .build()
            .unwrap();
        let err = Call::new(
            client,
            Request::new(
                Method::GET,
                ServerRef::Base,
                "/consent/tok-in-path".into(),
                "op",
            )
            .route("/consent/{token}")
            .auth(&[AuthScheme::Bearer], false)
            .query("secret_query", "q-value-hidden"),
            decode_json::<serde_json::Value>,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, Error::Connection { attempts: 2, .. }),
            "{err:?}"
        );
        assert!(err.is_retryable());
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(KEY), "{shown}");
        assert!(!shown.contains("q-value-hidden"), "{shown}");
        assert!(!shown.contains("tok-in-path"), "{shown}");
        assert!(
            shown.contains("could not reach the API after 2 attempts"),
            "{shown}"
        );
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn quoted_values_are_blanked_in_messages() {
        assert_eq!(
            without_quoted_values(r#"invalid type: string "at-SECRET", expected u64"#),
            r#"invalid type: string "[redacted]", expected u64"#
        );
        assert_eq!(
            without_quoted_values(r#"string "a\"at-SECRET" then "b" and "cut"#),
            r#"string "[redacted]" then "[redacted]" and "[redacted]""#
        );
        assert_eq!(
            without_quoted_values("unknown field `x`"),
            "unknown field `x`"
        );
    }

    #[test]
    fn token_requests_ask_for_credentials() {
        let request = || Request::new(Method::POST, ServerRef::Base, "/oauth/token".into(), "op");
        #[derive(serde::Serialize)]
        struct Form {
            grant_type: &'static str,
        }
        assert!(request()
            .form(&Form {
                grant_type: "client_credentials"
            })
            .asks_for_credentials());
        assert!(!request().form(&[("name", "x")]).asks_for_credentials());
        assert!(!request()
            .json(&serde_json::json!({"grant": "x"}))
            .asks_for_credentials());
        assert!(!request().asks_for_credentials());
    }

    #[tokio::test]
    async fn decode_error_from_server() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200).set_body_string(r#"{"data": [1, 2, "three"]}"#),
            )
            .mount(&server)
            .await;
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Numbers {
            data: Vec<u32>,
        }
        let call = Call::new(
            client_for(&server),
            Request::new(Method::GET, ServerRef::Base, "/n".into(), "op"),
            decode_json::<Numbers>,
        );
        match call.await.unwrap_err() {
            Error::Decode {
                status,
                path,
                snippet,
                ..
            } => {
                assert_eq!(status, 200);
                assert_eq!(path, "data[2]");
                assert!(snippet.starts_with(r#"{"data": [1, 2"#), "{snippet}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn redirect_is_returned() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v2/oauth/authorize"))
            .and(query_param("redirect_uri", "https://app.example/cb"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", "https://app.example/cb?code=abc&state=xyz"),
            )
            .mount(&server)
            .await;
        let call = Call::new(
            client_for(&server),
            Request::new(
                Method::GET,
                ServerRef::Base,
                "/oauth/authorize".into(),
                "authorize",
            )
            .query("client_id", "cid")
            .query("redirect_uri", "https://app.example/cb")
            .query("response_type", "code"),
            decode_redirect,
        );
        let url = call.url().unwrap();
        assert_eq!(
            url.as_str(),
            format!(
                "{}/v2/oauth/authorize?client_id=cid&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code",
                server.uri()
            )
        );
        let redirect = call.await.unwrap();
        assert_eq!(redirect.status(), 302);
        assert_eq!(
            redirect.location(),
            Some("https://app.example/cb?code=abc&state=xyz")
        );
        // The authorize endpoint takes no credentials.
        let requests = server.received_requests().await.unwrap();
        assert!(requests[0].headers.get("authorization").is_none());
    }

    #[tokio::test]
    async fn sends_headers_auth_and_bodies() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v2/oauth_clients"))
            .and(header("authorization", format!("Bearer {KEY}").as_str()))
            .and(header("content-type", "application/json"))
            .and(header("accept", "application/json"))
            .and(header("user-agent", meta::USER_AGENT))
            .and(query_param("page[size]", "5"))
            .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "c1"})))
            .mount(&server)
            .await;
        // Basic auth: base64("cid:csecret").
        Mock::given(method("POST"))
            .and(path("/v2/oauth/introspect"))
            .and(header("authorization", "Basic Y2lkOmNzZWNyZXQ="))
            .and(header("content-type", "application/x-www-form-urlencoded"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"active": true})),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/.well-known/oauth-authorization-server"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"issuer": "x"})),
            )
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let client = Client::builder()
            .api_key(KEY)
            .client_credentials("cid", "csecret")
            .base_url(format!("{}/v2", server.uri()))
            .build()
            .unwrap();
        let created: serde_json::Value = Call::new(
            client.clone(),
            Request::new(
                Method::POST,
                ServerRef::Base,
                "/oauth_clients".into(),
                "createOAuthClient",
            )
            .auth(&[AuthScheme::Bearer], false)
            .query("page[size]", 5)
            .json(&serde_json::json!({"name": "n"})),
            decode_json,
        )
        .await
        .unwrap();
        assert_eq!(created["id"], "c1");
        let introspected: serde_json::Value = Call::new(
            client.clone(),
            Request::new(
                Method::POST,
                ServerRef::Base,
                "/oauth/introspect".into(),
                "introspect",
            )
            .auth(&[AuthScheme::ClientBasic, AuthScheme::Bearer], false)
            .form(&[("token", "tok en")]),
            decode_json,
        )
        .await
        .unwrap();
        assert_eq!(introspected["active"], true);
        let meta: serde_json::Value = Call::new(
            client.clone(),
            Request::new(
                Method::GET,
                ServerRef::Origin(""),
                "/.well-known/oauth-authorization-server".into(),
                "wellKnown",
            ),
            decode_json,
        )
        .await
        .unwrap();
        assert_eq!(meta["issuer"], "x");
        Call::new(
            client.clone(),
            Request::new(
                Method::DELETE,
                ServerRef::Base,
                "/oauth_clients/a%2Fb".into(),
                "delete",
            )
            .auth(&[AuthScheme::Bearer], false),
            decode_empty,
        )
        .await
        .unwrap();

        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 4);
        assert_eq!(requests[0].url.query(), Some("page[size]=5"));
        assert_eq!(requests[0].body, br#"{"name":"n"}"#);
        assert_eq!(requests[1].body, b"token=tok+en");
        assert!(requests[2].headers.get("authorization").is_none());
        assert_eq!(requests[3].url.path(), "/v2/oauth_clients/a%2Fb");
    }

    /// Collects every tracing event's fields as text.
    struct Capture(Arc<Mutex<String>>);

    struct Visitor<'a>(&'a mut String);

    impl tracing::field::Visit for Visitor<'_> {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
            use std::fmt::Write;
            let _ = write!(self.0, "{}={:?} ", field.name(), value);
        }
    }

    impl tracing::Subscriber for Capture {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            let mut line = String::new();
            event.record(&mut Visitor(&mut line));
            let mut all = self.0.lock().unwrap();
            all.push_str(&line);
            all.push('\n');
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    #[tokio::test]
    async fn secrets_stay_out_of_debug_display_and_logs() {
        let logs = Arc::new(Mutex::new(String::new()));
        let _guard = tracing::subscriber::set_default(Capture(logs.clone()));
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(401)
                    .insert_header("retry-after-ms", "5")
                    .insert_header("x-should-retry", "true")
                    .set_body_json(serde_json::json!({"error": "invalid_token"})),
            )
            .mount(&server)
            .await;
        let client = Client::builder()
            .api_key(KEY)
            .client_credentials("cid", "client-secret-xyz")
            .base_url(format!("{}/v2", server.uri()))
            .max_retries(1)
            .build()
            .unwrap();
        let err = Call::new(
            client.clone(),
            Request::new(
                Method::GET,
                ServerRef::Base,
                "/oauth/consent/tok123".into(),
                "consent",
            )
            .route("/oauth/consent/{consent_token}")
            .auth(&[AuthScheme::Bearer], false)
            .query("filter", "query-value-hidden"),
            decode_json::<serde_json::Value>,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, Error::Authentication(_)), "{err:?}");
        let config_err = Call::new(
            Client::builder().build().unwrap(),
            Request::new(Method::GET, ServerRef::Base, "/x".into(), "op")
                .auth(&[AuthScheme::Bearer], false),
            decode_empty,
        )
        .await
        .unwrap_err();
        let logs = logs.lock().unwrap().clone();
        for shown in [
            format!("{client:?}"),
            format!("{err}"),
            format!("{err:?}"),
            format!("{config_err} {config_err:?}"),
            logs.clone(),
        ] {
            assert!(!shown.contains(KEY), "{shown}");
            assert!(!shown.contains("client-secret-xyz"), "{shown}");
            assert!(!shown.contains("query-value-hidden"), "{shown}");
            assert!(!shown.contains("tok123"), "{shown}");
        }
        assert!(logs.contains("retrying"), "{logs}");
        assert!(logs.contains("wait_ms="), "{logs}");
        assert!(logs.contains("elapsed_ms="), "{logs}");
        assert!(logs.contains("operation=\"consent\""), "{logs}");
        assert!(logs.contains("/oauth/consent/{consent_token}"), "{logs}");
    }
}
