//! Client credentials: the client authenticates its API calls with OAuth access tokens instead of
//! an API key. The token is fetched on first use, shared by concurrent calls, renewed before it
//! expires, and renewed once after a 401.
//!
//! Environment (`<PREFIX>` is `ENV_PREFIX` below): `<PREFIX>_CLIENT_ID` and
//! `<PREFIX>_CLIENT_SECRET` (required), `<PREFIX>_OAUTH_SCOPE` and `<PREFIX>_BASE_URL` (optional).
//!
//! ```sh
//! cargo run --example oauth_client_credentials
//! ```
// requires: oauth_grants.list

use api::resources::OAuthGrantListParams;
use api::Paginated;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = client_builder()
        .oauth_client_credentials(required("CLIENT_ID")?, required("CLIENT_SECRET")?);
    if let Some(scope) = env("OAUTH_SCOPE") {
        builder = builder.oauth_scope(scope);
    }
    let client = builder.build()?;

    // Two calls at once: one token request, shared by both.
    let grants = client.oauth_grants();
    let (first, second) = tokio::join!(
        grants.list(OAuthGrantListParams::default()),
        grants.list(OAuthGrantListParams::default()),
    );
    let (first, second) = (first?, second?);
    println!(
        "grants: {} (and {} again)",
        first.items().len(),
        second.items().len()
    );

    if let Some(tokens) = client.token_provider().map(|p| p.tokens()) {
        if let Some(tokens) = tokens.await {
            let expires_in = tokens.expires_in().map_or(0, |d| d.as_secs());
            println!(
                "access token: {} type, expires in {expires_in} s, scope {}",
                tokens.token_type(),
                tokens.scope().unwrap_or("(not given)")
            );
        }
    }
    Ok(())
}
