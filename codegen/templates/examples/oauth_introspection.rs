//! Token introspection (RFC 7662) and the JSON Web Key Set: check whether a token is active and
//! what it allows, and fetch the keys that sign tokens.
//!
//! Environment: `TELNYX_CLIENT_ID` and `TELNYX_CLIENT_SECRET` (required: introspection
//! authenticates the client), `TELNYX_OAUTH_TOKEN` (the token to check; by default one is obtained
//! with the client credentials grant), `TELNYX_BASE_URL` (optional).
//!
//! ```sh
//! cargo run --example oauth_introspection
//! ```

use telnyx_oauth::oauth::OAuthApp;
use telnyx_oauth::Client;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn required(name: &str) -> Result<String, String> {
    env(name).ok_or_else(|| format!("set the environment variable {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = Client::builder();
    if let Some(url) = env("TELNYX_BASE_URL") {
        builder = builder.base_url(url);
    }
    let client = builder.build()?;
    let app = OAuthApp::new(&client, required("TELNYX_CLIENT_ID")?)
        .client_secret(required("TELNYX_CLIENT_SECRET")?);

    let token = match env("TELNYX_OAUTH_TOKEN") {
        Some(token) => token.into(),
        None => app.client_credentials_token().await?.access_token().clone(),
    };
    let info = app.introspect(token).await?;
    if info.active {
        let expires = info
            .expires_at()
            .and_then(|at| at.duration_since(std::time::SystemTime::now()).ok())
            .map_or_else(|| "unknown".to_owned(), |d| format!("in {} s", d.as_secs()));
        println!(
            "token is active: client {}, scopes [{}], expires {expires}",
            info.client_id.as_deref().unwrap_or("?"),
            info.scopes().collect::<Vec<_>>().join(", ")
        );
    } else {
        println!("token is not active");
    }

    let jwks = app.jwks().await?;
    println!("signing keys: {}", jwks.keys.len());
    for key in &jwks.keys {
        println!(
            "  kid={} kty={} alg={}",
            key.kid.as_deref().unwrap_or("-"),
            key.kty,
            key.alg.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}
