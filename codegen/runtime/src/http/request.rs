//! A request being put together: server and path, authentication, query, headers, body.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{
    HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, USER_AGENT,
};
use reqwest::{Method, Url};

use crate::client::Client;
use crate::error::Error;
use crate::meta;
use crate::oauth::TokenProvider;
use crate::secret::SecretString;

/// Bytes outside RFC 3986 "unreserved" (`A-Z a-z 0-9 - . _ ~`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query parameter names: like values, but `[` and `]` stay literal so that `page[number]` is sent as
/// written (servers decode either form; the literal one is easier to read in logs and proxies).
const QUERY_NAME: &AsciiSet = &NOT_UNRESERVED.remove(b'[').remove(b']');

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
    /// [`Call::url`](crate::Call::url) never show it.
    Query,
    /// A cookie.
    Cookie,
}

/// The credential one attempt carries.
pub(super) enum Presented<'c> {
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
    pub(super) method: Method,
    pub(super) server: ServerRef,
    pub(super) path: String,
    pub(super) route: Option<&'static str>,
    pub(super) operation_id: &'static str,
    pub(super) auth: &'static [AuthScheme],
    auth_optional: bool,
    pub(super) query: Vec<(Cow<'static, str>, String)>,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) body: Option<(Cow<'static, str>, Bytes)>,
    /// The first error met while building (serialization, invalid header); returned when sent.
    pub(super) error: Option<String>,
    /// A full URL (e.g. an OAuth endpoint found by discovery) used instead of `server` + `path`.
    url_override: Option<Url>,
    /// Credentials sent whatever `auth` says (e.g. an OAuth client's, at the token endpoint).
    pub(super) credentials: Option<Credentials>,
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
    pub(super) fn http_request(
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
    pub(super) fn log_path(&self, url: &Url) -> String {
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
    pub(super) fn token_provider<'c>(&self, client: &'c Client) -> Option<&'c TokenProvider> {
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
    pub(super) fn authorization<'c>(
        &self,
        client: &'c Client,
    ) -> Result<Option<Presented<'c>>, Error> {
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
