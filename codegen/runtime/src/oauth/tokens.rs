//! Token endpoint responses (RFC 6749 §5.1): [`TokenSet`].

use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use super::error::FlowError;
use crate::error::Error;
use crate::secret::SecretString;

/// A token endpoint response as sent (RFC 6749 §5.1).
#[derive(serde::Deserialize)]
pub(super) struct TokenWire {
    pub(super) access_token: SecretString,
    #[serde(default)]
    pub(super) token_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_seconds")]
    pub(super) expires_in: Option<u64>,
    #[serde(default)]
    pub(super) refresh_token: Option<SecretString>,
    #[serde(default)]
    pub(super) scope: Option<String>,
    #[serde(flatten)]
    pub(super) extra: serde_json::Map<String, serde_json::Value>,
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
    pub(super) token_type: String,
    pub(crate) refresh_token: Option<SecretString>,
    pub(super) scope: Option<String>,
    pub(crate) lifetime: Option<Duration>,
    pub(super) obtained: Instant,
    obtained_at: SystemTime,
    pub(super) extra: serde_json::Map<String, serde_json::Value>,
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

    /// Only a refresh token (e.g. stored from an earlier session): a [`TokenProvider`](super::TokenProvider) built from it
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

    pub(super) fn from_wire(wire: TokenWire) -> Result<Self, Error> {
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
