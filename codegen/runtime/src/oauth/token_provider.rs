//! [`TokenProvider`]: OAuth access tokens for the client's API calls, fetched once, shared, and
//! renewed before they expire. Re-exported from [`crate::oauth`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;
use crate::oauth::{FlowError, OAuthApp, TokenSet};
use crate::secret::SecretString;

/// Renew tokens this long before they expire (less for tokens that live under twice as long).
const DEFAULT_SKEW: Duration = Duration::from_secs(60);

/// A callback told about every new set of tokens.
type Listener = Arc<dyn Fn(&TokenSet) + Send + Sync>;

/// Supplies OAuth access tokens to a [`Client`](crate::Client) (see
/// [`ClientBuilder::token_provider`](crate::ClientBuilder::token_provider)), or to your own code.
///
/// - **Cached**: a token is reused until it is about to expire (60 s before by default, see
///   [`refresh_skew`](Self::refresh_skew)), then renewed before use.
/// - **Single-flight**: however many calls need a token at once, one request goes to the token
///   endpoint; the others wait for its result.
/// - **Renewed after a 401**: when the API rejects a token, the client renews it once and retries
///   the call once.
///
/// It gets tokens either with the client credentials grant ([`client_credentials`](Self::client_credentials))
/// or with a refresh token ([`from_tokens`](Self::from_tokens), e.g. after the authorization code
/// flow), keeping the newest refresh token when the server rotates them. Cheap to clone: clones
/// share the tokens. `Debug` shows no token.
#[derive(Clone)]
pub struct TokenProvider {
    config: Arc<Config>,
    state: Arc<tokio::sync::Mutex<State>>,
}

#[derive(Clone)]
struct Config {
    app: OAuthApp,
    grant: Grant,
    skew: Duration,
    listener: Option<Listener>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grant {
    ClientCredentials,
    RefreshToken,
}

struct State {
    tokens: Option<TokenSet>,
    /// The access token was rejected by the API: renew it before the next use.
    rejected: bool,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("TokenProvider");
        s.field("client_id", &self.config.app.client_id())
            .field("grant", &self.config.grant)
            .field("refresh_skew", &self.config.skew);
        match self.state.try_lock() {
            Ok(state) => s.field("tokens", &state.tokens),
            Err(_) => s.field("tokens", &"(being renewed)"),
        };
        s.finish()
    }
}

impl TokenProvider {
    /// Gets tokens with the client credentials grant of `app` (which needs a client secret), for
    /// its [default scope](OAuthApp::scope).
    pub fn client_credentials(app: OAuthApp) -> Self {
        Self::with(app, Grant::ClientCredentials, None)
    }

    /// Starts from `tokens` (e.g. from [`OAuthApp::exchange_code`], or stored ones rebuilt with
    /// [`TokenSet::new`] or [`TokenSet::from_refresh_token`]) and renews the access token with the
    /// refresh token. Without a refresh token, the access token is used until it expires; then
    /// calls fail with [`FlowError::NoRefreshToken`].
    pub fn from_tokens(app: OAuthApp, tokens: TokenSet) -> Self {
        Self::with(app, Grant::RefreshToken, Some(tokens))
    }

    fn with(app: OAuthApp, grant: Grant, tokens: Option<TokenSet>) -> Self {
        TokenProvider {
            config: Arc::new(Config {
                app,
                grant,
                skew: DEFAULT_SKEW,
                listener: None,
            }),
            state: Arc::new(tokio::sync::Mutex::new(State {
                tokens,
                rejected: false,
            })),
        }
    }

    /// How long before expiry a token is renewed (default 60 s). For tokens that live less than
    /// twice as long, it is renewed after half its lifetime instead.
    pub fn refresh_skew(mut self, skew: Duration) -> Self {
        Arc::make_mut(&mut self.config).skew = skew;
        self
    }

    /// Calls `listener` with every new set of tokens, e.g. to store the newest refresh token. It
    /// runs while other calls wait for the token: keep it quick.
    pub fn on_new_tokens(mut self, listener: impl Fn(&TokenSet) + Send + Sync + 'static) -> Self {
        Arc::make_mut(&mut self.config).listener = Some(Arc::new(listener));
        self
    }

    /// The application the tokens are for.
    pub fn app(&self) -> &OAuthApp {
        &self.config.app
    }

    /// A valid access token: the cached one, or a new one if it is missing or about to expire.
    pub async fn access_token(&self) -> Result<SecretString, Error> {
        let mut state = self.state.lock().await;
        let usable = state
            .tokens
            .as_ref()
            .filter(|t| !state.rejected && !t.needs_renewal(self.config.skew));
        if let Some(tokens) = usable {
            return Ok(tokens.access_token.clone());
        }
        self.renew(&mut state).await
    }

    /// The current tokens (e.g. to store the refresh token), if any were obtained.
    pub async fn tokens(&self) -> Option<TokenSet> {
        self.state.lock().await.tokens.clone()
    }

    /// Renews the tokens now, whatever their expiry.
    pub async fn refresh(&self) -> Result<TokenSet, Error> {
        let mut state = self.state.lock().await;
        self.renew(&mut state).await?;
        state
            .tokens
            .clone()
            .ok_or(Error::OAuth(FlowError::NoRefreshToken))
    }

    /// Forgets the access token (not the refresh token): the next call gets a new one.
    pub async fn invalidate(&self) {
        self.state.lock().await.rejected = true;
    }

    /// After the API answered 401 to `rejected`: a new access token, unless another call already
    /// renewed it (then the current one). One renewal however many calls were rejected at once.
    pub(crate) async fn renew_rejected(
        &self,
        rejected: &SecretString,
    ) -> Result<SecretString, Error> {
        let mut state = self.state.lock().await;
        if let Some(tokens) = &state.tokens {
            let renewed_meanwhile = tokens.access_token != *rejected
                && !state.rejected
                && !tokens.needs_renewal(self.config.skew);
            if renewed_meanwhile {
                return Ok(tokens.access_token.clone());
            }
        }
        self.renew(&mut state).await
    }

    /// Gets new tokens (the lock is held: one renewal at a time, the others wait for it).
    async fn renew(&self, state: &mut State) -> Result<SecretString, Error> {
        let refresh_token = state.tokens.as_ref().and_then(|t| t.refresh_token.clone());
        let tokens = request_tokens(&self.config.app, self.config.grant, refresh_token).await?;
        if let Some(listener) = &self.config.listener {
            listener(&tokens);
        }
        let access_token = tokens.access_token.clone();
        state.tokens = Some(tokens);
        state.rejected = false;
        Ok(access_token)
    }
}

/// The token request of `grant`. Boxed behind a declared `Send` type: the request goes through the
/// same send path that asks the provider for tokens (not at run time: token requests carry their
/// own credentials), a cycle that async fns can only express behind a pointer.
fn request_tokens(
    app: &OAuthApp,
    grant: Grant,
    refresh_token: Option<SecretString>,
) -> Pin<Box<dyn Future<Output = Result<TokenSet, Error>> + Send + '_>> {
    Box::pin(async move {
        match grant {
            Grant::ClientCredentials => app.client_credentials_token().await,
            Grant::RefreshToken => {
                let refresh_token = refresh_token.ok_or(Error::OAuth(FlowError::NoRefreshToken))?;
                app.refresh(&refresh_token).await
            }
        }
    })
}
