//! The authorization code grant (RFC 6749 §4.1) with PKCE: the authorization URL, and the
//! callback's checks.

use std::fmt;

use reqwest::Url;

use crate::error::Error;
use crate::secret::SecretString;

use super::app::OAuthApp;
use super::error::FlowError;
use super::PkceVerifier;

/// An authorization request being put together; [`build`](Self::build) gives the URL to send the
/// user to and the [`PendingAuthorization`] to keep until they come back.
///
/// The URL carries `response_type=code`, `client_id`, `redirect_uri`, `scope` (if any), a random
/// `state` and the PKCE `code_challenge` with `code_challenge_method=S256`. `Debug` shows neither
/// the state nor the verifier.
#[must_use = "call .build().await to get the authorization URL"]
pub struct AuthorizationRequest<'a> {
    pub(super) app: &'a OAuthApp,
    pub(super) scope: Option<String>,
    pub(super) state: Option<String>,
    pub(super) redirect_uri: Option<String>,
    pub(super) verifier: Option<PkceVerifier>,
    pub(super) params: Vec<(String, String)>,
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
            None => super::pkce::random_state()?,
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
    pub(super) state: String,
    pub(super) verifier: PkceVerifier,
    pub(super) redirect_uri: String,
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
        if !super::pkce::constant_time_eq(state, &self.state) {
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
