//! The API [`Client`], its [`ClientBuilder`], and per-request [`RequestOptions`].
//!
//! [`Client::from_env`] reads the API key (or OAuth client credentials) and an optional base URL
//! from environment variables named after the API; [`Client::builder`] sets the same and more in
//! code. The crate docs show both, with the variables' names.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::Url;

use crate::error::Error;
use crate::meta;
use crate::oauth::TokenProvider;
use crate::oauth::{ClientAuthMethod, OAuthApp};
use crate::secret::SecretString;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_RETRIES: u32 = 2;

/// A client for the API. Cheap to clone (the configuration and connection pool are shared), so clone
/// it rather than building a new one per request.
///
/// `Debug` output never shows the API key, client secret or access tokens.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    http: reqwest::Client,
    custom_http: bool,
    /// A client certificate was given with [`ClientBuilder::identity`].
    tls_identity: bool,
    base_url: Url,
    /// `scheme://host[:port]` of `base_url`, without a trailing slash.
    origin: String,
    api_key: Option<SecretString>,
    /// `Bearer <api key>`, built once (`None` without a key, or if the key cannot be a header).
    api_key_header: Option<HeaderValue>,
    client_credentials: Option<(String, SecretString)>,
    /// OAuth access tokens for bearer-authenticated operations (before the API key).
    token_provider: Option<TokenProvider>,
    timeout: Duration,
    connect_timeout: Duration,
    max_retries: u32,
}

impl Client {
    /// A builder with the defaults: the API's default server as base URL, no credentials, 60 s
    /// timeout per attempt, 10 s connect timeout, 2 retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the environment:
    ///
    /// - `<PREFIX>_API_KEY`: the API key, sent as the API's operations ask (e.g.
    ///   `Authorization: Bearer ...`);
    /// - `<PREFIX>_BASE_URL` (optional): overrides the API's default server, e.g. for a mock server;
    /// - `<PREFIX>_CLIENT_ID` and `<PREFIX>_CLIENT_SECRET` (both or neither): OAuth client
    ///   credentials, sent as HTTP Basic auth to the operations that accept them. Without the API
    ///   key, the client also uses them to get OAuth access tokens (client credentials grant) in place of the
    ///   API key, as [`ClientBuilder::oauth_client_credentials`] does.
    ///
    /// `<PREFIX>` is the API's prefix: the crate docs name the variables and the default server.
    /// Fails if neither the API key nor both client credentials are set, unless no operation of
    /// the API needs them (public operations, or a TLS client certificate only).
    ///
    /// Use [`ClientBuilder::from_env`] to change other settings as well.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The configured base URL (default: the API's default server).
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The default timeout of each attempt.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The default number of retries.
    pub fn max_retries(&self) -> u32 {
        self.inner.max_retries
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Whether the reqwest client was built here, and so already applies [`timeout`](Self::timeout)
    /// to every request (one passed with `ClientBuilder::http_client` may not).
    pub(crate) fn http_applies_timeout(&self) -> bool {
        !self.inner.custom_http
    }

    /// `scheme://host[:port]` of the base URL, without a trailing slash.
    pub(crate) fn origin(&self) -> &str {
        &self.inner.origin
    }

    pub(crate) fn api_key(&self) -> Option<&SecretString> {
        self.inner.api_key.as_ref()
    }

    /// The `Authorization` header value for the API key (marked sensitive), when it is valid as one.
    pub(crate) fn has_tls_identity(&self) -> bool {
        self.inner.tls_identity || self.inner.custom_http
    }

    pub(crate) fn api_key_header(&self) -> Option<&HeaderValue> {
        self.inner.api_key_header.as_ref()
    }

    pub(crate) fn client_credentials(&self) -> Option<(&str, &SecretString)> {
        self.inner
            .client_credentials
            .as_ref()
            .map(|(id, secret)| (id.as_str(), secret))
    }

    /// The OAuth token provider, if the client authenticates with access tokens.
    pub fn token_provider(&self) -> Option<&TokenProvider> {
        self.inner.token_provider.as_ref()
    }

    /// A client with the same configuration (and connection pool) that authenticates its
    /// bearer-authenticated calls with access tokens from `provider`, e.g. tokens a user granted
    /// through the authorization code flow.
    pub fn with_token_provider(&self, provider: TokenProvider) -> Client {
        let mut inner = (*self.inner).clone();
        inner.token_provider = Some(provider);
        Client {
            inner: Arc::new(inner),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url.as_str())
            .field("api_key", &inner.api_key)
            .field(
                "client_id",
                &inner.client_credentials.as_ref().map(|(id, _)| id),
            )
            .field(
                "client_secret",
                &inner.client_credentials.as_ref().map(|(_, secret)| secret),
            )
            .field("token_provider", &inner.token_provider)
            .field("timeout", &inner.timeout)
            .field("connect_timeout", &inner.connect_timeout)
            .field("max_retries", &inner.max_retries)
            .field("custom_http_client", &inner.custom_http)
            .finish()
    }
}

/// OAuth client-credentials settings, turned into a [`TokenProvider`] by [`ClientBuilder::build`].
#[derive(Clone)]
struct OAuthSettings {
    /// Set by `oauth_client_credentials` (the other `oauth_*` settings alone do nothing).
    enabled: bool,
    scope: Option<String>,
    auth_method: ClientAuthMethod,
}

impl OAuthSettings {
    const NONE: OAuthSettings = OAuthSettings {
        enabled: false,
        scope: None,
        auth_method: ClientAuthMethod::ClientSecretBasic,
    };
}

/// Builds a [`Client`]. Start with [`Client::builder`] or [`ClientBuilder::from_env`].
///
/// `Debug` output never shows the API key or client secret.
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<SecretString>,
    base_url: Option<(String, &'static str)>,
    timeout: Duration,
    connect_timeout: Duration,
    max_retries: u32,
    http_client: Option<reqwest::Client>,
    identity: Option<reqwest::Identity>,
    client_credentials: Option<(String, SecretString)>,
    oauth: Option<OAuthSettings>,
    token_provider: Option<TokenProvider>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl ClientBuilder {
    /// A builder with the defaults (see [`Client::builder`]).
    pub fn new() -> Self {
        ClientBuilder {
            api_key: None,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            http_client: None,
            identity: None,
            client_credentials: None,
            oauth: None,
            token_provider: None,
        }
    }

    /// A builder filled in from the environment (see [`Client::from_env`]); fails if neither the
    /// API key nor both OAuth client credentials are set, where the API needs them.
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_vars(env_var)
    }

    fn from_vars(env_var: impl Fn(&str) -> Result<Option<String>, Error>) -> Result<Self, Error> {
        let api_key = env_var(meta::API_KEY_ENV)?;
        let client_id = env_var(meta::CLIENT_ID_ENV)?;
        let client_secret = env_var(meta::CLIENT_SECRET_ENV)?;
        let use_oauth = api_key.is_none();
        let mut builder = ClientBuilder::new();
        match api_key {
            Some(key) => builder = builder.api_key(key),
            None if client_id.is_some() && client_secret.is_some() => {}
            // An API of public operations, or of client certificates only (`identity`).
            None if !meta::NEEDS_CREDENTIALS => {}
            None => {
                return Err(Error::Config(format!(
                    "the environment variable {} is not set; set it to your API key, \
                     or pass the key with Client::builder().api_key(...); \
                     or set {} and {} to authenticate with OAuth client credentials",
                    meta::API_KEY_ENV,
                    meta::CLIENT_ID_ENV,
                    meta::CLIENT_SECRET_ENV
                )))
            }
        }
        if let Some(url) = env_var(meta::BASE_URL_ENV)? {
            builder.base_url = Some((url, meta::BASE_URL_ENV));
        }
        match (client_id, client_secret) {
            (Some(id), Some(secret)) if use_oauth => {
                builder = builder.oauth_client_credentials(id, secret)
            }
            (Some(id), Some(secret)) => builder = builder.client_credentials(id, secret),
            (None, None) => {}
            (Some(_), None) | (None, Some(_)) => tracing::warn!(
                "only one of {} and {} is set; ignoring client credentials (set both to use them)",
                meta::CLIENT_ID_ENV,
                meta::CLIENT_SECRET_ENV
            ),
        }
        Ok(builder)
    }

    /// The API key, sent to the operations that need it as their security scheme says:
    /// `Authorization: Bearer <key>`, or the key as is in a header, query parameter or cookie.
    pub fn api_key(mut self, key: impl Into<SecretString>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Overrides the base URL (default: the API's default server), e.g. `http://127.0.0.1:4010/v2`
    /// for a mock server. `/.well-known/*` operations go to the root of the same host.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some((url.as_ref().to_owned(), "ClientBuilder::base_url"));
        self
    }

    /// Timeout of each attempt, from sending the request to reading the whole body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Timeout for establishing a connection (default 10 s). Not applied to a client given with
    /// [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many times a failed request is retried (default 2): on connection errors, timeouts and
    /// statuses 408, 409, 429 and 5xx.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Uses your own `reqwest::Client` (proxies, TLS settings, ...).
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: operations such as
    /// `GET /oauth/authorize` answer with a redirect whose `Location` the SDK returns, and a client
    /// that follows redirects never shows it. The connect timeout of this builder is not applied to
    /// it; the per-attempt timeout, retries, `User-Agent` and `Accept` headers are.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// A client certificate and its private key, presented during the TLS handshake to servers
    /// that ask for one (mutual TLS), e.g. `reqwest::Identity::from_pem(&pem)?` with the PEM
    /// holding both. Not applied to a client given with [`http_client`](Self::http_client)
    /// (configure that one's identity yourself).
    pub fn identity(mut self, identity: reqwest::Identity) -> Self {
        self.identity = Some(identity);
        self
    }

    /// OAuth client credentials, sent as HTTP Basic auth to the operations that accept them (e.g.
    /// token introspection).
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        self.client_credentials = Some((client_id.into(), client_secret.into()));
        self
    }

    /// Authenticates with OAuth access tokens instead of an API key: the client gets them from the
    /// token endpoint with the client credentials grant, caches them, renews them before they
    /// expire (one request however many calls are waiting), and renews once after a 401 before
    /// retrying the call once. Also sets [`client_credentials`](Self::client_credentials).
    ///
    /// The endpoints come from the server's metadata (`/.well-known/oauth-authorization-server`),
    /// else from the API document. For more control (endpoints, refresh skew, a callback on new
    /// tokens), build a [`TokenProvider`] and pass it with [`token_provider`](Self::token_provider).
    pub fn oauth_client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        self = self.client_credentials(client_id, client_secret);
        self.oauth.get_or_insert(OAuthSettings::NONE).enabled = true;
        self
    }

    /// The scope (space-separated) to request with [`oauth_client_credentials`](Self::oauth_client_credentials).
    pub fn oauth_scope(mut self, scope: impl Into<String>) -> Self {
        self.oauth.get_or_insert(OAuthSettings::NONE).scope = Some(scope.into());
        self
    }

    /// How [`oauth_client_credentials`](Self::oauth_client_credentials) authenticates at the token
    /// endpoint: HTTP Basic (default) or in the form body.
    pub fn oauth_client_auth(mut self, method: ClientAuthMethod) -> Self {
        self.oauth.get_or_insert(OAuthSettings::NONE).auth_method = method;
        self
    }

    /// Authenticates bearer-authenticated calls with access tokens from `provider` (it takes
    /// precedence over an API key and over [`oauth_client_credentials`](Self::oauth_client_credentials)).
    pub fn token_provider(mut self, provider: TokenProvider) -> Self {
        self.token_provider = Some(provider);
        self
    }

    /// Builds the client. Fails with [`Error::Config`] if the base URL is not a valid `http(s)` URL,
    /// or if OAuth settings were given without [`oauth_client_credentials`](Self::oauth_client_credentials).
    pub fn build(self) -> Result<Client, Error> {
        let (raw_url, source) = self
            .base_url
            .unwrap_or_else(|| (meta::DEFAULT_BASE_URL.to_owned(), "the default base URL"));
        let base_url = parse_base_url(&raw_url, source)?;
        let origin = base_url.origin().ascii_serialization();
        let custom_http = self.http_client.is_some();
        let tls_identity = self.identity.is_some() && !custom_http;
        let http = match self.http_client {
            Some(client) => client,
            None => {
                let mut builder = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .user_agent(meta::USER_AGENT)
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout);
                if let Some(identity) = self.identity {
                    builder = builder.identity(identity);
                }
                builder.build().map_err(|e| {
                    Error::Config(format!(
                        "could not create the HTTP client: {e}; pass your own with ClientBuilder::http_client"
                    ))
                })?
            }
        };
        let api_key = self.api_key.filter(|k| !k.is_empty());
        let mut inner = Inner {
            http,
            custom_http,
            tls_identity,
            base_url,
            origin,
            api_key_header: api_key
                .as_ref()
                .and_then(|key| crate::http::bearer_header(key.expose_secret())),
            api_key,
            client_credentials: self.client_credentials,
            token_provider: None,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            max_retries: self.max_retries,
        };
        inner.token_provider = match (self.token_provider, self.oauth) {
            (Some(provider), _) => Some(provider),
            (None, None) => None,
            (None, Some(settings)) => {
                let credentials = inner
                    .client_credentials
                    .clone()
                    .filter(|_| settings.enabled);
                let Some((id, secret)) = credentials else {
                    return Err(Error::Config(
                        "OAuth settings (scope, client authentication) were given without OAuth \
                         client credentials; call ClientBuilder::oauth_client_credentials(client_id, client_secret)"
                            .into(),
                    ));
                };
                // Token requests go through a client without the provider (they authenticate with
                // the client credentials), which also keeps the two from referring to each other.
                let token_client = Client {
                    inner: Arc::new(inner.clone()),
                };
                let mut app = OAuthApp::new(&token_client, id)
                    .client_secret(secret)
                    .auth_method(settings.auth_method);
                if let Some(scope) = settings.scope {
                    app = app.scope(scope);
                }
                Some(TokenProvider::client_credentials(app))
            }
        };
        Ok(Client {
            inner: Arc::new(inner),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field(
                "base_url",
                &self.base_url.as_ref().map(|(url, _)| redact_userinfo(url)),
            )
            .field("api_key", &self.api_key)
            .field(
                "client_id",
                &self.client_credentials.as_ref().map(|(id, _)| id),
            )
            .field(
                "client_secret",
                &self.client_credentials.as_ref().map(|(_, secret)| secret),
            )
            .field("oauth_client_credentials", &self.oauth.is_some())
            .field("token_provider", &self.token_provider)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field("custom_http_client", &self.http_client.is_some())
            .field("identity", &self.identity.is_some())
            .finish()
    }
}

/// Options for one request, overriding the client's defaults: build them with
/// [`RequestOptions::new`], then [`timeout`](Self::timeout) and [`max_retries`](Self::max_retries),
/// and pass them to [`Call::with_options`](crate::Call::with_options).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Timeout of each attempt of this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times this request is retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// `other`'s settings where it has them, else these.
    pub(crate) fn merge(self, other: RequestOptions) -> Self {
        RequestOptions {
            timeout: other.timeout.or(self.timeout),
            max_retries: other.max_retries.or(self.max_retries),
        }
    }
}

/// Reads an environment variable; unset and empty are both `None`.
fn env_var(name: &str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => Ok(Some(value.trim().to_owned())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::Config(format!(
            "the environment variable {name} is not valid UTF-8; fix or unset it"
        ))),
    }
}

fn parse_base_url(raw: &str, source: &str) -> Result<Url, Error> {
    let shown = redact_userinfo(raw);
    let fail = |why: String| {
        Error::Config(format!(
            "invalid base URL `{shown}` (from {source}): {why}; use a full http(s) URL such as {}",
            meta::DEFAULT_BASE_URL
        ))
    };
    let url = Url::parse(raw.trim()).map_err(|e| fail(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(fail(format!(
            "the scheme must be http or https, not `{}`",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(fail("it has no host".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(fail(
            "credentials in the URL are not supported; use ClientBuilder::api_key".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(fail("it must not have a query string or fragment".into()));
    }
    Ok(url)
}

/// Hides `user:password@` in a URL-like string (for messages about a base URL that failed to parse).
fn redact_userinfo(raw: &str) -> String {
    let after_scheme = raw.find("://").map_or(0, |i| i + 3);
    let authority_end = raw[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(raw.len(), |i| after_scheme + i);
    match raw[after_scheme..authority_end].rfind('@') {
        Some(at) => format!(
            "{}[redacted]{}",
            &raw[..after_scheme],
            &raw[after_scheme + at..]
        ),
        None => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let client = Client::builder().build().unwrap();
        let default = Url::parse(meta::DEFAULT_BASE_URL).unwrap();
        assert_eq!(
            client.base_url().as_str().trim_end_matches('/'),
            default.as_str().trim_end_matches('/')
        );
        assert_eq!(client.origin(), default.origin().ascii_serialization());
        assert_eq!(client.timeout(), Duration::from_secs(60));
        assert_eq!(client.max_retries(), 2);
        assert!(client.api_key().is_none());
    }

    #[test]
    fn base_url_validation() {
        let ok = Client::builder()
            .base_url("http://127.0.0.1:4010/v2/")
            .build()
            .unwrap();
        assert_eq!(ok.origin(), "http://127.0.0.1:4010");
        for bad in [
            "not a url",
            "ftp://example.com/v2",
            "https://example.com/v2?x=1",
            "https://user:hunter2@example.com/v2",
            "api.example.com/v2",
        ] {
            let err = Client::builder().base_url(bad).build().unwrap_err();
            let msg = err.to_string();
            assert!(matches!(err, Error::Config(_)), "{bad}: {msg}");
            assert!(msg.contains("ClientBuilder::base_url"), "{msg}");
            assert!(msg.contains("invalid base URL"), "{msg}");
            assert!(!msg.contains("hunter2"), "{msg}");
        }
    }

    #[test]
    fn redacts_userinfo() {
        assert_eq!(redact_userinfo("https://u:p@h/x"), "https://[redacted]@h/x");
        assert_eq!(redact_userinfo("https://h/x@y"), "https://h/x@y");
        assert_eq!(redact_userinfo("u:p@h"), "[redacted]@h");
    }

    #[test]
    fn debug_hides_secrets() {
        let builder = Client::builder()
            .api_key("KEYsuper-secret-api-key")
            .client_credentials("my-client-id", "client-secret-value");
        let b = format!("{builder:?}");
        let client = builder.build().unwrap();
        let c = format!("{client:?}");
        for s in [&b, &c] {
            assert!(!s.contains("KEYsuper-secret-api-key"), "{s}");
            assert!(!s.contains("client-secret-value"), "{s}");
            assert!(s.contains("[redacted]"), "{s}");
            assert!(s.contains("my-client-id"), "{s}");
        }
    }

    #[test]
    fn from_vars() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| -> Result<Option<String>, Error> {
                Ok(pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string()))
            }
        };
        let err = ClientBuilder::from_vars(vars(&[])).unwrap_err();
        assert!(matches!(err, Error::Config(_)));
        assert!(err.to_string().contains(meta::API_KEY_ENV), "{err}");

        let client = ClientBuilder::from_vars(vars(&[
            (meta::API_KEY_ENV, "KEYabc"),
            (meta::BASE_URL_ENV, "http://127.0.0.1:4010/v2"),
            (meta::CLIENT_ID_ENV, "cid"),
            (meta::CLIENT_SECRET_ENV, "csecret"),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.api_key().unwrap().expose_secret(), "KEYabc");
        assert_eq!(client.base_url().as_str(), "http://127.0.0.1:4010/v2");
        assert_eq!(client.client_credentials().unwrap().0, "cid");

        let only_id = ClientBuilder::from_vars(vars(&[
            (meta::API_KEY_ENV, "KEYabc"),
            (meta::CLIENT_ID_ENV, "cid"),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert!(only_id.client_credentials().is_none());

        // Client credentials without an API key: OAuth access tokens in place of the key.
        let oauth = ClientBuilder::from_vars(vars(&[
            (meta::CLIENT_ID_ENV, "cid"),
            (meta::CLIENT_SECRET_ENV, "csecret"),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert!(oauth.api_key().is_none());
        assert!(oauth.token_provider().is_some());
        assert_eq!(oauth.client_credentials().unwrap().0, "cid");
        assert!(!format!("{oauth:?}").contains("csecret"));
        assert!(client.token_provider().is_none());
        let err = ClientBuilder::from_vars(vars(&[(meta::CLIENT_ID_ENV, "cid")])).unwrap_err();
        assert!(err.to_string().contains(meta::CLIENT_SECRET_ENV), "{err}");

        let err = ClientBuilder::from_vars(vars(&[
            (meta::API_KEY_ENV, "KEYabc"),
            (meta::BASE_URL_ENV, "nope"),
        ]))
        .unwrap()
        .build()
        .unwrap_err();
        assert!(err.to_string().contains(meta::BASE_URL_ENV), "{err}");
    }

    #[test]
    fn oauth_builder() {
        let client = Client::builder()
            .oauth_scope("admin")
            .oauth_client_credentials("cid", "oauth-secret-value")
            .build()
            .unwrap();
        let provider = client.token_provider().unwrap();
        assert_eq!(provider.app().client_id(), "cid");
        assert_eq!(provider.app().default_scope(), Some("admin"));
        assert_eq!(client.client_credentials().unwrap().0, "cid");
        assert!(!format!("{client:?}").contains("oauth-secret-value"));
        // The OAuth settings alone do not turn OAuth on.
        let err = Client::builder()
            .client_credentials("cid", "secret")
            .oauth_scope("admin")
            .build()
            .unwrap_err();
        assert!(
            err.to_string().contains("oauth_client_credentials"),
            "{err}"
        );
        // A provider of one's own comes first, and clients share it.
        let other = client.with_token_provider(provider.clone());
        assert!(other.token_provider().is_some());
        assert!(other.api_key().is_none());
    }

    #[test]
    fn options_merge() {
        let base = RequestOptions::new()
            .timeout(Duration::from_secs(1))
            .max_retries(5);
        let merged = base.merge(RequestOptions::new().max_retries(0));
        assert_eq!(merged.timeout, Some(Duration::from_secs(1)));
        assert_eq!(merged.max_retries, Some(0));
    }
}
