//! [`FlowError`]: what goes wrong on the client's side of an OAuth flow.

use std::fmt;

use crate::error::Error;

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
