//! OAuth 2.0 flows on top of the [`Client`]: discovery (RFC 8414), authorization code with PKCE
//! (RFC 6749 §4.1, RFC 7636), client credentials (§4.4), refresh tokens with rotation (§6), token
//! introspection (RFC 7662), the JSON Web Key Set (RFC 7517) and dynamic client registration
//! (RFC 7591); and a [`TokenProvider`] that authenticates the client's API calls with access
//! tokens it fetches, caches and renews.
//!
//! The usual start is an [`OAuthApp`]: your registered OAuth client (id, secret, redirect URI).
//! Its endpoints come from the server's metadata (`/.well-known/oauth-authorization-server`), with
//! the locations in the API document as fallback.
//!
//! With client credentials, [`ClientBuilder::oauth_client_credentials`](crate::ClientBuilder::oauth_client_credentials)
//! makes every call send `Authorization: Bearer <access token>`: the token is fetched once, shared
//! by concurrent calls, renewed before it expires, and renewed once after a 401. For the
//! authorization code flow with PKCE, [`OAuthApp::authorize`] gives the URL to send the user to
//! and a [`PendingAuthorization`] to keep; back at the redirect URI, [`OAuthApp::exchange_code`]
//! checks the callback and gets the tokens, and [`TokenProvider::from_tokens`] makes a client
//! call on the user's behalf. The crate docs and the `oauth_*` examples show each flow.
//!
//! Secrets (client secret, tokens, code, PKCE verifier) are held as [`SecretString`] or in types
//! whose `Debug` redacts them, and are never logged.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::{Method, Url};

use crate::client::Client;
use crate::error::Error;
use crate::http::{decode_json, Call, Credentials, Request, ServerRef};
use crate::meta;
use crate::secret::SecretString;

pub use crate::oauth_pkce::{PkceVerifier, MAX_VERIFIER_LEN, MIN_VERIFIER_LEN};
pub use crate::token_provider::TokenProvider;

/// Where RFC 8414 puts the authorization server metadata, at the host root.
const WELL_KNOWN_PATH: &str = "/.well-known/oauth-authorization-server";

/// `application/x-www-form-urlencoded` for one value: everything but `A-Z a-z 0-9 * - . _` is
/// percent-encoded (RFC 6749 §2.3.1 asks for this before HTTP Basic encoding of the credentials).
const FORM_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// What went wrong in an OAuth flow on the client's side (inside [`Error::OAuth`]).
///
/// Error responses from the authorization server (e.g. `invalid_grant` from the token endpoint)
/// are [`Error::BadRequest`], [`Error::Authentication`], ... like any other API error; their
/// [`ApiError::message`](crate::ApiError::message) gives the OAuth `error` and description.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlowError {
    /// The callback's `state` differs from the one sent with the authorization request.
    StateMismatch,
    /// The callback lacks a parameter it must have (`code` or `state`).
    MissingParameter(&'static str),
    /// The callback could not be read (not a URL or query string, or a parameter given twice).
    InvalidCallback(String),
    /// The authorization server redirected back with an error instead of a code (e.g.
    /// `access_denied` when the user declined).
    AuthorizationFailed {
        /// The `error` code (RFC 6749 §4.1.2.1).
        error: String,
        /// The `error_description`, if any.
        description: Option<String>,
        /// The `error_uri`, if any.
        uri: Option<String>,
    },
    /// The token endpoint issued a token of a type this client cannot send (only `Bearer` is
    /// supported).
    UnsupportedTokenType(String),
    /// The access token must be renewed but there is no refresh token.
    NoRefreshToken,
    /// The authorization server metadata is unusable (issuer of another host, endpoint that is
    /// not an http(s) URL, ...).
    Discovery(String),
    /// A PKCE verifier is malformed.
    InvalidVerifier(String),
    /// The operating system's random number generator failed.
    Random(String),
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlowError::StateMismatch => f.write_str(
                "the `state` of the authorization callback does not match the one sent with the \
                 authorization request: the callback may be forged (CSRF) or belong to another \
                 login attempt; start the authorization again",
            ),
            FlowError::MissingParameter(name) => write!(
                f,
                "the authorization callback has no `{name}` parameter; pass the full redirect URL \
                 (or its query string) the user came back with"
            ),
            FlowError::InvalidCallback(why) => write!(f, "invalid authorization callback: {why}"),
            FlowError::AuthorizationFailed {
                error,
                description,
                uri,
            } => {
                write!(
                    f,
                    "the authorization server refused the authorization: {error}"
                )?;
                if let Some(description) = description {
                    write!(f, ": {description}")?;
                }
                if let Some(uri) = uri {
                    write!(f, " (see {uri})")?;
                }
                Ok(())
            }
            FlowError::UnsupportedTokenType(kind) => write!(
                f,
                "the token endpoint issued a `{kind}` token; only `Bearer` tokens are supported"
            ),
            FlowError::NoRefreshToken => f.write_str(
                "the access token has expired and there is no refresh token to renew it; \
                 start the authorization again",
            ),
            FlowError::Discovery(why) => {
                write!(f, "unusable authorization server metadata: {why}")
            }
            FlowError::InvalidVerifier(why) => write!(f, "invalid PKCE verifier: {why}"),
            FlowError::Random(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for FlowError {}

impl From<FlowError> for Error {
    fn from(e: FlowError) -> Self {
        Error::OAuth(e)
    }
}

// ---------------------------------------------------------------------------------------------
// Client authentication
// ---------------------------------------------------------------------------------------------

/// How the OAuth client authenticates itself at the token and introspection endpoints
/// (`token_endpoint_auth_method`, RFC 7591 §2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ClientAuthMethod {
    /// HTTP Basic with the client id and secret (the default).
    #[default]
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
    /// No secret: a public client (e.g. a native app using PKCE) sends only its `client_id`.
    None,
}

impl ClientAuthMethod {
    /// The name used in metadata and registration (`client_secret_basic`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            ClientAuthMethod::ClientSecretBasic => "client_secret_basic",
            ClientAuthMethod::ClientSecretPost => "client_secret_post",
            ClientAuthMethod::None => "none",
        }
    }

    /// Parses a method name; `None` for a name this client does not support.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "client_secret_basic" => Some(ClientAuthMethod::ClientSecretBasic),
            "client_secret_post" => Some(ClientAuthMethod::ClientSecretPost),
            "none" => Some(ClientAuthMethod::None),
            _ => None,
        }
    }
}

impl fmt::Display for ClientAuthMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ClientAuthMethod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------------------------
// Endpoints and discovery
// ---------------------------------------------------------------------------------------------

/// The authorization server's endpoints.
///
/// [`Endpoints::discover`] reads them from the server's metadata (RFC 8414); what the metadata
/// leaves out comes from [`Endpoints::defaults`]: the locations in the API document, relative to
/// the client's base URL (so that a base-URL override, e.g. a mock server, applies to them).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoints {
    /// The authorization server's issuer identifier, when the metadata gave one.
    pub issuer: Option<String>,
    /// Where users are sent to authorize (`authorization_endpoint`).
    pub authorization: Option<Url>,
    /// Where tokens are issued (`token_endpoint`).
    pub token: Option<Url>,
    /// Token introspection (`introspection_endpoint`, RFC 7662).
    pub introspection: Option<Url>,
    /// The JSON Web Key Set (`jwks_uri`).
    pub jwks: Option<Url>,
    /// Dynamic client registration (`registration_endpoint`, RFC 7591).
    pub registration: Option<Url>,
    /// Token revocation (`revocation_endpoint`, RFC 7009), when the metadata gave one.
    pub revocation: Option<Url>,
    /// Scopes the server supports, when the metadata lists them.
    pub scopes_supported: Vec<String>,
    /// PKCE methods the server supports, when the metadata lists them.
    pub code_challenge_methods_supported: Vec<String>,
    /// Client authentication methods the token endpoint supports, when the metadata lists them.
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// Whether these come from the server's metadata (else only from the API document).
    pub discovered: bool,
}

/// The fields of RFC 8414 metadata this client uses; everything else is ignored.
#[derive(serde::Deserialize)]
struct MetadataWire {
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    authorization_endpoint: Option<String>,
    #[serde(default)]
    token_endpoint: Option<String>,
    #[serde(default)]
    introspection_endpoint: Option<String>,
    #[serde(default)]
    jwks_uri: Option<String>,
    #[serde(default)]
    registration_endpoint: Option<String>,
    #[serde(default)]
    revocation_endpoint: Option<String>,
    #[serde(default)]
    scopes_supported: Option<Vec<String>>,
    #[serde(default)]
    code_challenge_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    token_endpoint_auth_methods_supported: Option<Vec<String>>,
}

impl Endpoints {
    /// The endpoints the API document names, relative to the client's base URL; `None` for those it
    /// does not have.
    pub fn defaults(client: &Client) -> Endpoints {
        let at = |location: Option<(ServerRef, &'static str)>| {
            let (server, path) = location?;
            Request::new(Method::GET, server, path.to_owned(), "oauth.endpoint")
                .url(client)
                .ok()
        };
        Endpoints {
            issuer: None,
            authorization: at(meta::oauth::AUTHORIZATION),
            token: at(meta::oauth::TOKEN),
            introspection: at(meta::oauth::INTROSPECTION),
            jwks: at(meta::oauth::JWKS),
            registration: at(meta::oauth::REGISTRATION),
            revocation: None,
            scopes_supported: Vec::new(),
            code_challenge_methods_supported: Vec::new(),
            token_endpoint_auth_methods_supported: Vec::new(),
            discovered: false,
        }
    }

    /// The URL of the authorization server metadata: `/.well-known/oauth-authorization-server` at
    /// the root of the client's host.
    pub fn metadata_url(client: &Client) -> Result<Url, Error> {
        let (server, path) =
            meta::oauth::METADATA.unwrap_or((ServerRef::Origin(""), WELL_KNOWN_PATH));
        Request::new(Method::GET, server, path.to_owned(), "oauth.discovery").url(client)
    }

    /// Reads the authorization server metadata; endpoints it leaves out come from
    /// [`defaults`](Self::defaults).
    ///
    /// Fails if the metadata cannot be fetched or is unusable: an `issuer` on another host than
    /// the metadata's, an endpoint that is not an http(s) URL, or a plain-http endpoint when the
    /// metadata came over https.
    pub async fn discover(client: &Client) -> Result<Endpoints, Error> {
        let url = Self::metadata_url(client)?;
        let request = Request::at_url(Method::GET, url.clone(), "oauth.discovery");
        let wire: MetadataWire = Call::new(client.clone(), request, decode_json::<MetadataWire>)
            .send()
            .await?;
        Self::from_metadata(client, &url, wire)
    }

    /// Like [`discover`](Self::discover), but falls back to [`defaults`](Self::defaults) (logging a
    /// warning) when discovery fails.
    pub async fn discover_or_default(client: &Client) -> Endpoints {
        match Self::discover(client).await {
            Ok(endpoints) => endpoints,
            Err(e) => {
                tracing::warn!(
                    "OAuth discovery failed ({e}); using the endpoints of the API document"
                );
                Self::defaults(client)
            }
        }
    }

    fn from_metadata(
        client: &Client,
        source: &Url,
        wire: MetadataWire,
    ) -> Result<Endpoints, Error> {
        let fail = |why: String| Error::OAuth(FlowError::Discovery(why));
        if let Some(issuer) = &wire.issuer {
            let parsed = Url::parse(issuer)
                .map_err(|e| fail(format!("the issuer `{issuer}` is not a URL: {e}")))?;
            if parsed.origin() != source.origin() {
                return Err(fail(format!(
                    "the issuer `{issuer}` is not on the host the metadata came from ({})",
                    source.origin().ascii_serialization()
                )));
            }
        }
        let endpoint = |name: &str, value: Option<String>| -> Result<Option<Url>, Error> {
            let Some(value) = value else {
                return Ok(None);
            };
            let url = Url::parse(&value)
                .map_err(|e| fail(format!("`{name}` is not a URL ({value}): {e}")))?;
            match url.scheme() {
                "https" => Ok(Some(url)),
                "http" if source.scheme() == "http" => Ok(Some(url)),
                "http" => Err(fail(format!(
                    "`{name}` ({value}) is plain http while the metadata came over https"
                ))),
                other => Err(fail(format!(
                    "`{name}` has the scheme `{other}`, not http(s)"
                ))),
            }
        };
        let defaults = Self::defaults(client);
        Ok(Endpoints {
            issuer: wire.issuer.clone(),
            authorization: endpoint("authorization_endpoint", wire.authorization_endpoint)?
                .or(defaults.authorization),
            token: endpoint("token_endpoint", wire.token_endpoint)?.or(defaults.token),
            introspection: endpoint("introspection_endpoint", wire.introspection_endpoint)?
                .or(defaults.introspection),
            jwks: endpoint("jwks_uri", wire.jwks_uri)?.or(defaults.jwks),
            registration: endpoint("registration_endpoint", wire.registration_endpoint)?
                .or(defaults.registration),
            revocation: endpoint("revocation_endpoint", wire.revocation_endpoint)?,
            scopes_supported: wire.scopes_supported.unwrap_or_default(),
            code_challenge_methods_supported: wire
                .code_challenge_methods_supported
                .unwrap_or_default(),
            token_endpoint_auth_methods_supported: wire
                .token_endpoint_auth_methods_supported
                .unwrap_or_default(),
            discovered: true,
        })
    }

    fn require(&self, url: &Option<Url>, what: &str, field: &str) -> Result<Url, Error> {
        url.clone().ok_or_else(|| {
            Error::Config(format!(
                "the authorization server has no known {what}: neither its metadata nor the API \
                 document name one; set `Endpoints::{field}` and pass it with OAuthApp::endpoints"
            ))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The OAuth client application
// ---------------------------------------------------------------------------------------------

/// Your OAuth client application (its id, secret, redirect URI and default scope), and the flows it
/// can run against the authorization server.
///
/// Cheap to clone. Its endpoints are resolved once, on first use: from the server's metadata, with
/// the API document's locations as fallback ([`Endpoints::discover_or_default`]), unless set with
/// [`endpoints`](Self::endpoints). `Debug` never shows the secret.
#[derive(Clone)]
pub struct OAuthApp {
    client: Client,
    client_id: String,
    client_secret: Option<SecretString>,
    auth_method: ClientAuthMethod,
    redirect_uri: Option<String>,
    scope: Option<String>,
    endpoints: Arc<tokio::sync::OnceCell<Endpoints>>,
    discovery: bool,
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("auth_method", &self.effective_auth_method())
            .field("redirect_uri", &self.redirect_uri)
            .field("scope", &self.scope)
            .field("endpoints", &self.endpoints.get())
            .field("discovery", &self.discovery)
            .finish()
    }
}

impl OAuthApp {
    /// An application with this client id, sending its requests through `client` (base URL,
    /// timeouts, retries and HTTP connection pool are the client's). Without a
    /// [`client_secret`](Self::client_secret) it is a public client.
    pub fn new(client: &Client, client_id: impl Into<String>) -> Self {
        OAuthApp {
            client: client.clone(),
            client_id: client_id.into(),
            client_secret: None,
            auth_method: ClientAuthMethod::default(),
            redirect_uri: None,
            scope: None,
            endpoints: Arc::new(tokio::sync::OnceCell::new()),
            discovery: true,
        }
    }

    /// The client secret of a confidential client.
    pub fn client_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.client_secret = Some(secret.into()).filter(|s| !s.is_empty());
        self
    }

    /// How the client authenticates at the token and introspection endpoints (default HTTP Basic;
    /// without a secret, always [`ClientAuthMethod::None`]).
    pub fn auth_method(mut self, method: ClientAuthMethod) -> Self {
        self.auth_method = method;
        self
    }

    /// The redirect URI registered for this client, where users come back after authorizing.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// The scope (space-separated) requested by default, e.g. `admin`.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into()).filter(|s| !s.trim().is_empty());
        self
    }

    /// Uses these endpoints instead of discovering them.
    pub fn endpoints(mut self, endpoints: Endpoints) -> Self {
        self.endpoints = Arc::new(tokio::sync::OnceCell::new_with(Some(endpoints)));
        self.discovery = false;
        self
    }

    /// Skips discovery: the endpoints are those of the API document ([`Endpoints::defaults`]).
    pub fn without_discovery(mut self) -> Self {
        self.endpoints = Arc::new(tokio::sync::OnceCell::new());
        self.discovery = false;
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The API client the requests go through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The default scope, if set.
    pub fn default_scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// The client authentication actually used: the configured one, or
    /// [`ClientAuthMethod::None`] without a secret.
    pub fn auth_method_in_use(&self) -> ClientAuthMethod {
        self.effective_auth_method()
    }

    fn effective_auth_method(&self) -> ClientAuthMethod {
        if self.client_secret.is_none() {
            ClientAuthMethod::None
        } else {
            self.auth_method
        }
    }

    /// The endpoints, resolved on first use (see [`OAuthApp`]).
    pub async fn resolved_endpoints(&self) -> &Endpoints {
        self.endpoints
            .get_or_init(|| async {
                if self.discovery {
                    Endpoints::discover_or_default(&self.client).await
                } else {
                    Endpoints::defaults(&self.client)
                }
            })
            .await
    }

    /// Starts an authorization-code request with PKCE; see [`AuthorizationRequest`].
    pub fn authorize(&self) -> AuthorizationRequest<'_> {
        AuthorizationRequest {
            app: self,
            scope: self.scope.clone(),
            state: None,
            redirect_uri: self.redirect_uri.clone(),
            verifier: None,
            params: Vec::new(),
        }
    }

    /// Checks the callback (see [`PendingAuthorization::verify_callback`]) and exchanges its code
    /// for tokens.
    ///
    /// `callback` is the URL the user was redirected to (or its query string).
    pub async fn exchange_code(
        &self,
        pending: &PendingAuthorization,
        callback: &str,
    ) -> Result<TokenSet, Error> {
        let code = pending.verify_callback(callback)?;
        self.exchange_authorization_code(&code, pending).await
    }

    /// Exchanges an authorization code (already checked with
    /// [`PendingAuthorization::verify_callback`]) for tokens, sending the PKCE verifier and the
    /// redirect URI of `pending`.
    pub async fn exchange_authorization_code(
        &self,
        code: &AuthorizationCode,
        pending: &PendingAuthorization,
    ) -> Result<TokenSet, Error> {
        self.token_request(
            "authorization_code",
            vec![
                ("code", code.secret().to_owned()),
                ("redirect_uri", pending.redirect_uri.clone()),
                ("code_verifier", pending.verifier.secret().to_owned()),
            ],
            None,
        )
        .await
    }

    /// Gets an access token with the client credentials grant (RFC 6749 §4.4), for the
    /// [default scope](Self::scope) if set.
    pub async fn client_credentials_token(&self) -> Result<TokenSet, Error> {
        let mut form = Vec::new();
        if let Some(scope) = &self.scope {
            form.push(("scope", scope.clone()));
        }
        self.token_request("client_credentials", form, None).await
    }

    /// Exchanges a refresh token for new tokens (RFC 6749 §6).
    ///
    /// When the server rotates refresh tokens, the result holds the new one; when it does not, the
    /// result keeps `refresh_token`, so [`TokenSet::refresh_token`] is always the one to use next.
    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenSet, Error> {
        self.token_request(
            "refresh_token",
            vec![("refresh_token", refresh_token.expose_secret().to_owned())],
            Some(refresh_token),
        )
        .await
    }

    /// Asks the introspection endpoint (RFC 7662) whether `token` is active and what it allows.
    /// The application authenticates as at the token endpoint.
    pub async fn introspect(&self, token: impl Into<SecretString>) -> Result<Introspection, Error> {
        let token = token.into();
        let endpoints = self.resolved_endpoints().await;
        let url = endpoints.require(
            &endpoints.introspection,
            "introspection endpoint",
            "introspection",
        )?;
        let form = vec![("token", token.expose_secret().to_owned())];
        let request =
            self.authenticated_form(Request::at_url(Method::POST, url, "oauth.introspect"), form);
        Call::new(self.client.clone(), request, decode_json::<Introspection>)
            .send()
            .await
    }

    /// The authorization server's JSON Web Key Set, to verify the signatures of tokens.
    pub async fn jwks(&self) -> Result<Jwks, Error> {
        let endpoints = self.resolved_endpoints().await;
        let url = endpoints.require(&endpoints.jwks, "JWKS endpoint", "jwks")?;
        fetch_jwks_at(&self.client, url).await
    }

    /// Sends a form to the token endpoint with this application's authentication.
    async fn token_request(
        &self,
        grant_type: &'static str,
        fields: Vec<(&'static str, String)>,
        previous_refresh_token: Option<&SecretString>,
    ) -> Result<TokenSet, Error> {
        let endpoints = self.resolved_endpoints().await;
        let url = endpoints.require(&endpoints.token, "token endpoint", "token")?;
        let operation = match grant_type {
            "authorization_code" => "oauth.token.authorization_code",
            "refresh_token" => "oauth.token.refresh_token",
            _ => "oauth.token.client_credentials",
        };
        let mut form = vec![("grant_type", grant_type.to_owned())];
        form.extend(fields);
        let request = self.authenticated_form(Request::at_url(Method::POST, url, operation), form);
        let wire = Call::new(self.client.clone(), request, decode_json::<TokenWire>)
            .send()
            .await?;
        let mut tokens = TokenSet::from_wire(wire)?;
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = previous_refresh_token.cloned();
        }
        tracing::debug!(
            grant_type,
            expires_in_s = tokens.lifetime.map(|d| d.as_secs()),
            refresh_token = tokens.refresh_token.is_some(),
            "OAuth token obtained"
        );
        Ok(tokens)
    }

    /// `request` with a form body of `form` plus the client's authentication.
    fn authenticated_form(
        &self,
        request: Request,
        mut form: Vec<(&'static str, String)>,
    ) -> Request {
        match (self.effective_auth_method(), &self.client_secret) {
            (ClientAuthMethod::ClientSecretBasic, Some(secret)) => {
                request.form(&form).credentials(Credentials::Basic(
                    form_encode(&self.client_id),
                    form_encode(secret.expose_secret()),
                ))
            }
            (ClientAuthMethod::ClientSecretPost, Some(secret)) => {
                form.push(("client_id", self.client_id.clone()));
                form.push(("client_secret", secret.expose_secret().to_owned()));
                request.form(&form)
            }
            _ => {
                form.push(("client_id", self.client_id.clone()));
                request.form(&form)
            }
        }
    }
}

/// One value `application/x-www-form-urlencoded`, as RFC 6749 §2.3.1 asks of a client id and
/// secret before they go into HTTP Basic authentication.
pub(crate) fn form_encode(value: &str) -> String {
    utf8_percent_encode(value, FORM_VALUE).to_string()
}

// ---------------------------------------------------------------------------------------------
// Authorization code + PKCE
// ---------------------------------------------------------------------------------------------

/// An authorization request being put together; [`build`](Self::build) gives the URL to send the
/// user to and the [`PendingAuthorization`] to keep until they come back.
///
/// The URL carries `response_type=code`, `client_id`, `redirect_uri`, `scope` (if any), a random
/// `state` and the PKCE `code_challenge` with `code_challenge_method=S256`. `Debug` shows neither
/// the state nor the verifier.
#[must_use = "call .build().await to get the authorization URL"]
pub struct AuthorizationRequest<'a> {
    app: &'a OAuthApp,
    scope: Option<String>,
    state: Option<String>,
    redirect_uri: Option<String>,
    verifier: Option<PkceVerifier>,
    params: Vec<(String, String)>,
}

impl fmt::Debug for AuthorizationRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("client_id", &self.app.client_id)
            .field("scope", &self.scope)
            .field("state", &self.state.as_ref().map(|_| "[redacted]"))
            .field("redirect_uri", &self.redirect_uri)
            .field("verifier", &self.verifier)
            .field("params", &self.params)
            .finish()
    }
}

impl AuthorizationRequest<'_> {
    /// The scope to request (space-separated), instead of the application's default.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into()).filter(|s| !s.trim().is_empty());
        self
    }

    /// Your own `state` instead of a random one. It must be unguessable: it is what protects the
    /// callback against forgery (CSRF).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// The redirect URI, instead of the application's.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// Your own PKCE verifier instead of a random one.
    pub fn pkce_verifier(mut self, verifier: PkceVerifier) -> Self {
        self.verifier = Some(verifier);
        self
    }

    /// An extra query parameter (e.g. `prompt=consent`).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// The authorization URL and what to keep until the callback. Fails if no redirect URI is set
    /// or the authorization endpoint is unknown.
    pub async fn build(self) -> Result<(Url, PendingAuthorization), Error> {
        let redirect_uri = self.redirect_uri.ok_or_else(|| {
            Error::Config(
                "an authorization request needs a redirect URI; set it with \
                 OAuthApp::redirect_uri or AuthorizationRequest::redirect_uri"
                    .into(),
            )
        })?;
        let endpoints = self.app.resolved_endpoints().await;
        let mut url = endpoints.require(
            &endpoints.authorization,
            "authorization endpoint",
            "authorization",
        )?;
        let verifier = match self.verifier {
            Some(verifier) => verifier,
            None => PkceVerifier::generate()?,
        };
        let state = match self.state {
            Some(state) => state,
            None => crate::oauth_pkce::random_state()?,
        };
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &self.app.client_id)
                .append_pair("redirect_uri", &redirect_uri);
            if let Some(scope) = &self.scope {
                query.append_pair("scope", scope);
            }
            query
                .append_pair("state", &state)
                .append_pair("code_challenge", &verifier.challenge())
                .append_pair("code_challenge_method", verifier.challenge_method());
            for (name, value) in &self.params {
                query.append_pair(name, value);
            }
        }
        Ok((
            url,
            PendingAuthorization {
                state,
                verifier,
                redirect_uri,
            },
        ))
    }
}

/// What to keep between sending the user to the authorization URL and their return: the `state`,
/// the PKCE verifier and the redirect URI. Store them in the user's session (server-side), and
/// [`restore`](Self::restore) them in the callback handler.
///
/// `Debug` shows neither the verifier nor the state.
#[derive(Clone)]
pub struct PendingAuthorization {
    state: String,
    verifier: PkceVerifier,
    redirect_uri: String,
}

impl fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingAuthorization")
            .field("state", &"[redacted]")
            .field("verifier", &self.verifier)
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

impl PendingAuthorization {
    /// Rebuilds a pending authorization from its stored parts.
    pub fn restore(
        state: impl Into<String>,
        verifier: PkceVerifier,
        redirect_uri: impl Into<String>,
    ) -> Self {
        PendingAuthorization {
            state: state.into(),
            verifier,
            redirect_uri: redirect_uri.into(),
        }
    }

    /// The `state` sent with the authorization request.
    pub fn state(&self) -> &str {
        &self.state
    }

    /// The PKCE verifier (secret: keep it server-side).
    pub fn pkce_verifier(&self) -> &PkceVerifier {
        &self.verifier
    }

    /// The redirect URI sent with the authorization request.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Checks the callback the user came back with and returns its authorization code.
    ///
    /// `callback` is the full redirect URL, a path with a query (`/callback?code=...`), or the
    /// query string alone. Fails with [`FlowError::StateMismatch`] if its `state` is not the one
    /// sent, with [`FlowError::AuthorizationFailed`] if the server sent an `error` instead of a code,
    /// and with [`FlowError::MissingParameter`] if `state` or `code` is missing.
    pub fn verify_callback(&self, callback: &str) -> Result<AuthorizationCode, Error> {
        let params = callback_params(callback)?;
        let get = |name: &str| -> Result<Option<&str>, Error> {
            let mut values = params
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str());
            let first = values.next();
            if values.next().is_some() {
                return Err(Error::OAuth(FlowError::InvalidCallback(format!(
                    "the parameter `{name}` appears more than once"
                ))));
            }
            Ok(first)
        };
        let state = get("state")?.ok_or(FlowError::MissingParameter("state"))?;
        if !crate::oauth_pkce::constant_time_eq(state, &self.state) {
            return Err(Error::OAuth(FlowError::StateMismatch));
        }
        if let Some(error) = get("error")? {
            return Err(Error::OAuth(FlowError::AuthorizationFailed {
                error: error.to_owned(),
                description: get("error_description")?.map(str::to_owned),
                uri: get("error_uri")?.map(str::to_owned),
            }));
        }
        let code = get("code")?
            .filter(|c| !c.is_empty())
            .ok_or(FlowError::MissingParameter("code"))?;
        Ok(AuthorizationCode(SecretString::from(code)))
    }
}

/// The query parameters of a callback URL, path-and-query, or query string.
fn callback_params(callback: &str) -> Result<Vec<(String, String)>, Error> {
    let callback = callback.trim();
    let url = if callback.contains("://") {
        Url::parse(callback).map_err(|e| {
            Error::OAuth(FlowError::InvalidCallback(format!(
                "it looks like a URL but does not parse: {e}"
            )))
        })?
    } else {
        let query = match callback.split_once('?') {
            Some((_, query)) => query,
            None => callback,
        };
        let mut url = Url::parse("http://callback.invalid/")
            .map_err(|e| Error::OAuth(FlowError::InvalidCallback(e.to_string())))?;
        url.set_query(Some(query.split('#').next().unwrap_or_default()));
        url
    };
    Ok(url
        .query_pairs()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect())
}

/// An authorization code from a checked callback. `Debug` and `Display` print `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthorizationCode(SecretString);

impl AuthorizationCode {
    /// The code itself.
    pub fn secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for AuthorizationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthorizationCode([redacted])")
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/// A token endpoint response as sent (RFC 6749 §5.1).
#[derive(serde::Deserialize)]
struct TokenWire {
    access_token: SecretString,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_seconds")]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<SecretString>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// `expires_in` as a number of seconds: an integer, a decimal or a numeric string (some servers
/// send one); `null` or anything else is "unknown".
fn lenient_seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value = <Option<serde_json::Value> as serde::Deserialize>::deserialize(d)?;
    Ok(match value {
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .or_else(|| n.as_i64().map(|i| i.max(0).unsigned_abs()))
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite())
                    .map(|f| f.max(0.0) as u64)
            }),
        Some(serde_json::Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    })
}

/// Tokens from the token endpoint: the access token, its lifetime, the refresh token and the
/// granted scope.
///
/// `Debug` shows neither token. Build one with [`TokenSet::new`] to resume from tokens you stored.
#[derive(Clone)]
pub struct TokenSet {
    pub(crate) access_token: SecretString,
    token_type: String,
    pub(crate) refresh_token: Option<SecretString>,
    scope: Option<String>,
    pub(crate) lifetime: Option<Duration>,
    obtained: Instant,
    obtained_at: SystemTime,
    extra: serde_json::Map<String, serde_json::Value>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &self.access_token)
            .field("token_type", &self.token_type)
            .field("refresh_token", &self.refresh_token)
            .field("scope", &self.scope)
            .field("expires_in", &self.expires_in())
            .field("extra_fields", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl TokenSet {
    /// A bearer access token without known expiry or refresh token; add those with the `with_*`
    /// methods (e.g. to resume from stored tokens).
    pub fn new(access_token: impl Into<SecretString>) -> Self {
        TokenSet {
            access_token: access_token.into(),
            token_type: "Bearer".into(),
            refresh_token: None,
            scope: None,
            lifetime: None,
            obtained: Instant::now(),
            obtained_at: SystemTime::now(),
            extra: serde_json::Map::new(),
        }
    }

    /// Only a refresh token (e.g. stored from an earlier session): a [`TokenProvider`] built from it
    /// gets an access token with it on first use.
    pub fn from_refresh_token(refresh_token: impl Into<SecretString>) -> Self {
        TokenSet::new("")
            .with_refresh_token(refresh_token)
            .with_expires_in(Duration::ZERO)
    }

    /// Sets the refresh token.
    pub fn with_refresh_token(mut self, refresh_token: impl Into<SecretString>) -> Self {
        self.refresh_token = Some(refresh_token.into()).filter(|t| !t.is_empty());
        self
    }

    /// Sets the remaining lifetime of the access token, counted from now.
    pub fn with_expires_in(mut self, expires_in: Duration) -> Self {
        self.obtained = Instant::now();
        self.obtained_at = SystemTime::now();
        self.lifetime = Some(expires_in);
        self
    }

    /// Sets when the access token expires (a time in the past means it has expired).
    pub fn with_expires_at(self, expires_at: SystemTime) -> Self {
        let remaining = expires_at
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO);
        self.with_expires_in(remaining)
    }

    /// Sets the granted scope.
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    fn from_wire(wire: TokenWire) -> Result<Self, Error> {
        let token_type = wire.token_type.unwrap_or_else(|| "Bearer".into());
        if !token_type.eq_ignore_ascii_case("bearer") {
            return Err(Error::OAuth(FlowError::UnsupportedTokenType(token_type)));
        }
        Ok(TokenSet {
            access_token: wire.access_token,
            token_type,
            refresh_token: wire.refresh_token.filter(|t| !t.is_empty()),
            scope: wire.scope,
            lifetime: wire.expires_in.map(Duration::from_secs),
            obtained: Instant::now(),
            obtained_at: SystemTime::now(),
            extra: wire.extra,
        })
    }

    /// The access token, sent as `Authorization: Bearer <token>`.
    pub fn access_token(&self) -> &SecretString {
        &self.access_token
    }

    /// The refresh token, if any (after a refresh, the newest one).
    pub fn refresh_token(&self) -> Option<&SecretString> {
        self.refresh_token.as_ref()
    }

    /// The token type (`Bearer`).
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// The granted scope (space-separated), if the server said.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// The granted scopes, one by one.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope
            .as_deref()
            .unwrap_or_default()
            .split_ascii_whitespace()
    }

    /// How long the access token remains valid (zero once expired); `None` if the server did not
    /// say.
    pub fn expires_in(&self) -> Option<Duration> {
        self.lifetime
            .map(|lifetime| lifetime.saturating_sub(self.obtained.elapsed()))
    }

    /// When the access token expires, if the server said.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.lifetime.map(|lifetime| self.obtained_at + lifetime)
    }

    /// Whether the access token has expired (never, if its lifetime is unknown).
    pub fn is_expired(&self) -> bool {
        self.access_token.is_empty() || self.expires_in().is_some_and(|d| d.is_zero())
    }

    /// Whether the access token should be renewed before use: it expires within `skew` (or within
    /// half its lifetime, for tokens shorter-lived than twice `skew`).
    pub(crate) fn needs_renewal(&self, skew: Duration) -> bool {
        if self.access_token.is_empty() {
            return true;
        }
        match self.lifetime {
            None => false,
            Some(lifetime) => {
                let margin = skew.min(lifetime / 2);
                self.obtained.elapsed() + margin >= lifetime
            }
        }
    }

    /// Other fields of the token response (e.g. `id_token`), as received.
    pub fn extra(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.extra
    }
}

// ---------------------------------------------------------------------------------------------
// Introspection, JWKS, registration
// ---------------------------------------------------------------------------------------------

/// A token introspection response (RFC 7662 §2.2).
#[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Introspection {
    /// Whether the token is currently active. Every other field is meaningful only when it is.
    pub active: bool,
    /// Scopes of the token (space-separated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The client the token was issued to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The resource owner who authorized the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The token type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Expiry (seconds since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Issue time (seconds since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Not valid before (seconds since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Audience: a string or a list of strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<serde_json::Value>,
    /// Issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Token identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    /// Other fields, as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Introspection {
    /// The scopes, one by one.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope
            .as_deref()
            .unwrap_or_default()
            .split_ascii_whitespace()
    }

    /// The audiences (`aud` as a string or a list).
    pub fn audiences(&self) -> Vec<&str> {
        match &self.aud {
            Some(serde_json::Value::String(s)) => vec![s.as_str()],
            Some(serde_json::Value::Array(items)) => {
                items.iter().filter_map(|v| v.as_str()).collect()
            }
            _ => Vec::new(),
        }
    }

    /// When the token expires, if `exp` is given.
    pub fn expires_at(&self) -> Option<SystemTime> {
        let exp = u64::try_from(self.exp?).ok()?;
        SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(exp))
    }
}

/// A JSON Web Key Set (RFC 7517 §5).
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Jwks {
    /// The keys.
    #[serde(default)]
    pub keys: Vec<Jwk>,
    /// Other fields, as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Jwks {
    /// The key with this key id (`kid`), if any.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid.as_deref() == Some(kid))
    }
}

/// A JSON Web Key (RFC 7517 §4).
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Jwk {
    /// Key type (`RSA`, `EC`, ...).
    #[serde(default)]
    pub kty: String,
    /// Key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Intended use (`sig`, `enc`).
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// Algorithm (`RS256`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// The key's other parameters (`n`, `e`, `x`, `y`, `crv`, ...).
    #[serde(flatten)]
    pub params: serde_json::Map<String, serde_json::Value>,
}

/// Fetches the JSON Web Key Set from the endpoint found by discovery (or the API document's).
pub async fn fetch_jwks(client: &Client) -> Result<Jwks, Error> {
    let endpoints = Endpoints::discover_or_default(client).await;
    let url = endpoints.require(&endpoints.jwks, "JWKS endpoint", "jwks")?;
    fetch_jwks_at(client, url).await
}

async fn fetch_jwks_at(client: &Client, url: Url) -> Result<Jwks, Error> {
    let request = Request::at_url(Method::GET, url, "oauth.jwks");
    Call::new(client.clone(), request, decode_json::<Jwks>)
        .send()
        .await
}

/// Client metadata for dynamic client registration (RFC 7591 §2), built from
/// [`new`](Self::new) (the client's name) with one method per field. Empty fields are not sent.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ClientRegistration {
    /// Name shown to users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// Redirect URIs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redirect_uris: Vec<String>,
    /// Grant types the client will use (`authorization_code`, `client_credentials`,
    /// `refresh_token`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub grant_types: Vec<String>,
    /// Response types the client will use (`code`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub response_types: Vec<String>,
    /// Scopes the client may request (space-separated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// How the client will authenticate at the token endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_endpoint_auth_method: Option<ClientAuthMethod>,
    /// Logo URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
    /// Privacy policy URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_uri: Option<String>,
    /// Terms of service URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tos_uri: Option<String>,
}

impl ClientRegistration {
    /// A registration with this client name.
    pub fn new(client_name: impl Into<String>) -> Self {
        ClientRegistration {
            client_name: Some(client_name.into()),
            ..ClientRegistration::default()
        }
    }

    /// Adds a redirect URI.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uris.push(uri.into());
        self
    }

    /// Sets the grant types.
    pub fn grant_types<I: IntoIterator<Item = S>, S: Into<String>>(mut self, grants: I) -> Self {
        self.grant_types = grants.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the scope (space-separated).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// Sets the token endpoint authentication method.
    pub fn auth_method(mut self, method: ClientAuthMethod) -> Self {
        self.token_endpoint_auth_method = Some(method);
        self
    }
}

/// A registered client (RFC 7591 §3.2.1). `Debug` redacts the secret and the registration access
/// token.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct RegisteredClient {
    /// The new client id.
    pub client_id: String,
    /// The client secret (confidential clients only): store it securely, it is shown only once.
    #[serde(default)]
    pub client_secret: Option<SecretString>,
    /// When the client id was issued (seconds since the Unix epoch).
    #[serde(default)]
    pub client_id_issued_at: Option<i64>,
    /// When the secret expires (seconds since the Unix epoch; 0 for never).
    #[serde(default)]
    pub client_secret_expires_at: Option<i64>,
    /// The client name.
    #[serde(default)]
    pub client_name: Option<String>,
    /// The registered redirect URIs.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// The allowed grant types.
    #[serde(default)]
    pub grant_types: Vec<String>,
    /// The allowed scope (space-separated).
    #[serde(default)]
    pub scope: Option<String>,
    /// The token endpoint authentication method.
    #[serde(default)]
    pub token_endpoint_auth_method: Option<String>,
    /// Token to read or update the registration (RFC 7592), if the server issued one.
    #[serde(default)]
    pub registration_access_token: Option<SecretString>,
    /// Other fields, as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl RegisteredClient {
    /// An [`OAuthApp`] for this client: its id, secret, authentication method, first redirect URI and
    /// scope.
    pub fn app(&self, client: &Client) -> OAuthApp {
        let mut app = OAuthApp::new(client, self.client_id.clone());
        if let Some(secret) = &self.client_secret {
            app = app.client_secret(secret.clone());
        }
        if let Some(method) = self
            .token_endpoint_auth_method
            .as_deref()
            .and_then(ClientAuthMethod::parse)
        {
            app = app.auth_method(method);
        }
        if let Some(uri) = self.redirect_uris.first() {
            app = app.redirect_uri(uri.clone());
        }
        if let Some(scope) = &self.scope {
            app = app.scope(scope.clone());
        }
        app
    }
}

/// Registers a new OAuth client (RFC 7591) at the registration endpoint found by discovery (or the
/// API document's). The request is sent as JSON, without credentials.
pub async fn register_client(
    client: &Client,
    registration: &ClientRegistration,
) -> Result<RegisteredClient, Error> {
    let endpoints = Endpoints::discover_or_default(client).await;
    let url = endpoints.require(
        &endpoints.registration,
        "registration endpoint",
        "registration",
    )?;
    let request = Request::at_url(Method::POST, url, "oauth.register").json(registration);
    Call::new(client.clone(), request, decode_json::<RegisteredClient>)
        .send()
        .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn client_registration_builder() {
        let registration = super::ClientRegistration::new("My integration")
            .redirect_uri("https://app.example.com/callback")
            .grant_types(["authorization_code", "refresh_token"])
            .scope("admin")
            .auth_method(super::ClientAuthMethod::ClientSecretBasic);
        assert_eq!(
            registration.redirect_uris,
            ["https://app.example.com/callback"]
        );
        assert_eq!(
            serde_json::to_value(&registration).unwrap(),
            serde_json::json!({
                "client_name": "My integration",
                "redirect_uris": ["https://app.example.com/callback"],
                "grant_types": ["authorization_code", "refresh_token"],
                "scope": "admin",
                "token_endpoint_auth_method": "client_secret_basic"
            })
        );
    }

    use super::*;

    fn pending() -> PendingAuthorization {
        PendingAuthorization::restore(
            "st-123",
            PkceVerifier::generate().unwrap(),
            "https://app.example/cb",
        )
    }

    #[test]
    fn callback_forms_and_checks() {
        let p = pending();
        for callback in [
            "https://app.example/cb?code=c-1&state=st-123",
            "/cb?state=st-123&code=c-1#frag",
            "?code=c-1&state=st-123",
            "code=c-1&state=st-123",
        ] {
            let code = p.verify_callback(callback).unwrap();
            assert_eq!(code.secret(), "c-1", "{callback}");
            assert!(!format!("{code:?}").contains("c-1"));
        }
        let err = p.verify_callback("/cb?code=c-1&state=other").unwrap_err();
        assert!(
            matches!(err, Error::OAuth(FlowError::StateMismatch)),
            "{err:?}"
        );
        assert!(err.to_string().contains("does not match"), "{err}");
        let err = p.verify_callback("/cb?code=c-1").unwrap_err();
        assert!(
            matches!(err, Error::OAuth(FlowError::MissingParameter("state"))),
            "{err:?}"
        );
        let err = p.verify_callback("/cb?state=st-123").unwrap_err();
        assert!(
            matches!(err, Error::OAuth(FlowError::MissingParameter("code"))),
            "{err:?}"
        );
        let err = p
            .verify_callback("/cb?state=st-123&state=st-123&code=x")
            .unwrap_err();
        assert!(
            matches!(err, Error::OAuth(FlowError::InvalidCallback(_))),
            "{err:?}"
        );
        let err = p
            .verify_callback("/cb?state=st-123&error=access_denied&error_description=User+said+no")
            .unwrap_err();
        match err {
            Error::OAuth(FlowError::AuthorizationFailed {
                error, description, ..
            }) => {
                assert_eq!(error, "access_denied");
                assert_eq!(description.as_deref(), Some("User said no"));
            }
            other => panic!("{other:?}"),
        }
        // A forged error callback (wrong state) is a state mismatch.
        let err = p
            .verify_callback("/cb?state=x&error=access_denied")
            .unwrap_err();
        assert!(
            matches!(err, Error::OAuth(FlowError::StateMismatch)),
            "{err:?}"
        );
        assert!(p.verify_callback("https://[bad").is_err());
        assert!(!format!("{p:?}").contains("st-123"));
    }

    #[test]
    fn token_parsing() {
        let wire: TokenWire = serde_json::from_str(
            r#"{"access_token":"at","token_type":"bearer","expires_in":"3600","scope":"a b","id_token":"x"}"#,
        )
        .unwrap();
        let t = TokenSet::from_wire(wire).unwrap();
        assert_eq!(t.access_token().expose_secret(), "at");
        assert_eq!(t.scopes().collect::<Vec<_>>(), ["a", "b"]);
        assert!(t.expires_in().unwrap() > Duration::from_secs(3590));
        assert!(!t.is_expired());
        assert!(!t.needs_renewal(Duration::from_secs(60)));
        assert!(!t.needs_renewal(Duration::from_secs(3600 * 2)));
        assert!(t.extra().contains_key("id_token"));
        let shown = format!("{t:?}");
        assert!(
            !shown.contains("\"x\"") && !shown.contains("at\""),
            "{shown}"
        );

        for (json, expected) in [
            (r#"{"access_token":"a","expires_in":12.7}"#, Some(12)),
            (r#"{"access_token":"a","expires_in":-5}"#, Some(0)),
            (r#"{"access_token":"a","expires_in":null}"#, None),
            (r#"{"access_token":"a"}"#, None),
        ] {
            let wire: TokenWire = serde_json::from_str(json).unwrap();
            assert_eq!(wire.expires_in, expected, "{json}");
        }
        let wire: TokenWire =
            serde_json::from_str(r#"{"access_token":"a","token_type":"mac"}"#).unwrap();
        assert!(matches!(
            TokenSet::from_wire(wire),
            Err(Error::OAuth(FlowError::UnsupportedTokenType(_)))
        ));
    }

    #[test]
    fn renewal_margin() {
        let t = TokenSet::new("a").with_expires_in(Duration::from_secs(3600));
        assert!(!t.needs_renewal(Duration::from_secs(60)));
        assert!(!t.needs_renewal(Duration::from_secs(3600)));
        // Within the skew of expiry.
        let t = TokenSet::new("a").with_expires_in(Duration::from_secs(30));
        assert!(
            !t.needs_renewal(Duration::from_secs(60)),
            "half-life margin for short tokens"
        );
        let t = TokenSet::new("a").with_expires_in(Duration::ZERO);
        assert!(t.needs_renewal(Duration::from_secs(60)));
        assert!(t.is_expired());
        assert!(!TokenSet::new("a").needs_renewal(Duration::from_secs(60)));
        let t = TokenSet::from_refresh_token("rt");
        assert!(t.needs_renewal(Duration::ZERO));
        assert_eq!(t.refresh_token().unwrap().expose_secret(), "rt");
        let t = TokenSet::new("a").with_expires_at(SystemTime::now() - Duration::from_secs(5));
        assert!(t.is_expired());
    }

    #[test]
    fn form_encoding_of_credentials() {
        assert_eq!(form_encode("abc-DEF_1.2*"), "abc-DEF_1.2*");
        assert_eq!(form_encode("a b+c/d=:"), "a%20b%2Bc%2Fd%3D%3A");
    }

    #[test]
    fn auth_methods() {
        assert_eq!(
            ClientAuthMethod::default(),
            ClientAuthMethod::ClientSecretBasic
        );
        for m in [
            ClientAuthMethod::ClientSecretBasic,
            ClientAuthMethod::ClientSecretPost,
            ClientAuthMethod::None,
        ] {
            assert_eq!(ClientAuthMethod::parse(m.as_str()), Some(m));
        }
        assert_eq!(ClientAuthMethod::parse("private_key_jwt"), None);
        let client = Client::builder().build().unwrap();
        let app = OAuthApp::new(&client, "cid");
        assert_eq!(app.auth_method_in_use(), ClientAuthMethod::None);
        let app = app
            .client_secret("s3cret")
            .auth_method(ClientAuthMethod::ClientSecretPost);
        assert_eq!(app.auth_method_in_use(), ClientAuthMethod::ClientSecretPost);
        assert!(!format!("{app:?}").contains("s3cret"));
    }

    #[test]
    fn introspection_helpers() {
        let i: Introspection = serde_json::from_str(
            r#"{"active":true,"scope":"admin read","aud":["a","b"],"exp":1700000000,"custom":1}"#,
        )
        .unwrap();
        assert_eq!(i.scopes().collect::<Vec<_>>(), ["admin", "read"]);
        assert_eq!(i.audiences(), ["a", "b"]);
        assert!(i.expires_at().is_some());
        assert_eq!(i.extra["custom"], 1);
        let jwks: Jwks =
            serde_json::from_str(r#"{"keys":[{"kty":"RSA","kid":"k1","use":"sig","n":"x"}]}"#)
                .unwrap();
        assert_eq!(jwks.find("k1").unwrap().use_.as_deref(), Some("sig"));
        assert!(jwks.find("k2").is_none());
    }
}
