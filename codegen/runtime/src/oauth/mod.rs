//! OAuth 2.0 flows on top of the [`Client`](crate::Client): discovery (RFC 8414), authorization code with PKCE
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
//! Secrets (client secret, tokens, code, PKCE verifier) are held as [`SecretString`](crate::SecretString) or in types
//! whose `Debug` redacts them, and are never logged.

mod app;
mod authorization_code;
mod client_auth;
mod discovery;
mod error;
mod introspection;
mod jwks;
mod pkce;
mod registration;
#[cfg(test)]
mod tests;
mod token_provider;
mod tokens;

pub use app::OAuthApp;
pub use authorization_code::{AuthorizationCode, AuthorizationRequest, PendingAuthorization};
pub(crate) use client_auth::form_encode;
pub use client_auth::ClientAuthMethod;
pub use discovery::Endpoints;
pub use error::FlowError;
pub use introspection::Introspection;
pub use jwks::{fetch_jwks, Jwk, Jwks};
pub use pkce::{PkceVerifier, MAX_VERIFIER_LEN, MIN_VERIFIER_LEN};
pub use registration::{register_client, ClientRegistration, RegisteredClient};
pub use token_provider::TokenProvider;
pub use tokens::TokenSet;
