//! Client credentials: the client authenticates its API calls with OAuth access tokens instead of
//! an API key. The token is fetched on first use, shared by concurrent calls, renewed before it
//! expires, and renewed once after a 401.
//!
//! Environment: `TELNYX_CLIENT_ID` and `TELNYX_CLIENT_SECRET` (required), `TELNYX_OAUTH_SCOPE`
//! and `TELNYX_BASE_URL` (optional).
//!
//! ```sh
//! cargo run --example oauth_client_credentials
//! ```
// requires: oauth_grants.list

use telnyx_oauth::resources::OAuthGrantListParams;
use telnyx_oauth::{Client, Paginated};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn required(name: &str) -> Result<String, String> {
    env(name).ok_or_else(|| format!("set the environment variable {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = Client::builder().oauth_client_credentials(
        required("TELNYX_CLIENT_ID")?,
        required("TELNYX_CLIENT_SECRET")?,
    );
    if let Some(scope) = env("TELNYX_OAUTH_SCOPE") {
        builder = builder.oauth_scope(scope);
    }
    if let Some(url) = env("TELNYX_BASE_URL") {
        builder = builder.base_url(url);
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
