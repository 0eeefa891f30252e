//! Dynamic client registration (RFC 7591).

use reqwest::Method;

use super::app::OAuthApp;
use super::client_auth::ClientAuthMethod;
use super::discovery::Endpoints;
use crate::client::Client;
use crate::error::Error;
use crate::http::{decode_json, Call, Request};
use crate::secret::SecretString;

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
