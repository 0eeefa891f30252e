//! Refresh tokens: exchange a stored refresh token for new tokens, and keep the newest refresh
//! token when the server rotates them. A `TokenProvider` started from a refresh token alone renews
//! the access token on first use and reports every new set of tokens, so you can store them.
//!
//! Environment (`<PREFIX>` is `ENV_PREFIX` below): `<PREFIX>_CLIENT_ID` and
//! `<PREFIX>_REFRESH_TOKEN` (required), `<PREFIX>_CLIENT_SECRET` (for a confidential client),
//! `<PREFIX>_BASE_URL` (optional).
//!
//! ```sh
//! cargo run --example oauth_refresh
//! ```
// requires: oauth_grants.list

use std::sync::{Arc, Mutex};

use api::oauth::{OAuthApp, TokenProvider, TokenSet};
use api::resources::OAuthGrantListParams;
use api::{Paginated, SecretString};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_builder().build()?;
    let mut app = OAuthApp::new(&client, required("CLIENT_ID")?);
    if let Some(secret) = env("CLIENT_SECRET") {
        app = app.client_secret(secret);
    }
    let stored = SecretString::from(required("REFRESH_TOKEN")?);

    // 1. One exchange by hand. The result always holds the refresh token to use next: the new one
    //    if the server rotated it, else the one sent.
    let tokens = app.refresh(&stored).await?;
    let newest = tokens.refresh_token().cloned().unwrap_or(stored.clone());
    println!(
        "refreshed: access token expires in {} s; refresh token rotated: {}",
        tokens.expires_in().map_or(0, |d| d.as_secs()),
        if newest != stored { "yes" } else { "no" }
    );

    // 2. A provider started from the newest refresh token alone: the first API call gets an access
    //    token with it, and each rotation is reported (here: kept in memory, a real app stores it).
    let store = Arc::new(Mutex::new(newest.clone()));
    let saved = store.clone();
    let provider = TokenProvider::from_tokens(app, TokenSet::from_refresh_token(newest))
        .on_new_tokens(move |tokens| {
            if let (Some(refresh_token), Ok(mut slot)) = (tokens.refresh_token(), saved.lock()) {
                *slot = refresh_token.clone();
                println!("new tokens: refresh token stored");
            }
        });
    let user_client = client.with_token_provider(provider);
    let grants = user_client
        .oauth_grants()
        .list(OAuthGrantListParams::default())
        .await?;
    println!("grants: {}", grants.items().len());
    let latest = store.lock().map(|t| t.clone()).unwrap_or(stored);
    if let Some(tokens) = user_client.token_provider().map(|p| p.tokens()) {
        if let Some(tokens) = tokens.await {
            println!(
                "provider holds the newest refresh token: {}",
                if tokens.refresh_token() == Some(&latest) {
                    "yes"
                } else {
                    "no"
                }
            );
        }
    }
    Ok(())
}
