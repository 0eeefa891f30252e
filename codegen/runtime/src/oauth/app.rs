//! [`OAuthApp`]: a registered OAuth client and the flows it runs (RFC 6749 §4.1, §4.4, §6).

use std::fmt;
use std::sync::Arc;

use reqwest::Method;

use super::authorization_code::{AuthorizationCode, AuthorizationRequest, PendingAuthorization};
use super::client_auth::{form_encode, ClientAuthMethod};
use super::discovery::Endpoints;
use super::introspection::Introspection;
use super::jwks::{fetch_jwks_at, Jwks};
use super::tokens::{TokenSet, TokenWire};
use crate::client::Client;
use crate::error::Error;
use crate::http::{decode_json, Call, Credentials, Request};
use crate::secret::SecretString;

/// Your OAuth client application (its id, secret, redirect URI and default scope), and the flows it
/// can run against the authorization server.
///
/// Cheap to clone. Its endpoints are resolved once, on first use: from the server's metadata, with
/// the API document's locations as fallback ([`Endpoints::discover_or_default`]), unless set with
/// [`endpoints`](Self::endpoints). `Debug` never shows the secret.
#[derive(Clone)]
pub struct OAuthApp {
    pub(super) client: Client,
    pub(super) client_id: String,
    pub(super) client_secret: Option<SecretString>,
    pub(super) auth_method: ClientAuthMethod,
    pub(super) redirect_uri: Option<String>,
    pub(super) scope: Option<String>,
    pub(super) endpoints: Arc<tokio::sync::OnceCell<Endpoints>>,
    pub(super) discovery: bool,
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
