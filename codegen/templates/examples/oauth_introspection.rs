//! Token introspection (RFC 7662) and the JSON Web Key Set: check whether a token is active and
//! what it allows, and fetch the keys that sign tokens.
//!
//! Environment (`<PREFIX>` is `ENV_PREFIX` below): `<PREFIX>_CLIENT_ID` and
//! `<PREFIX>_CLIENT_SECRET` (required: introspection authenticates the client),
//! `<PREFIX>_OAUTH_TOKEN` (the token to check; by default one is obtained with the client
//! credentials grant), `<PREFIX>_BASE_URL` (optional).
//!
//! ```sh
//! cargo run --example oauth_introspection
//! ```

use api::oauth::OAuthApp;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_builder().build()?;
    let app = OAuthApp::new(&client, required("CLIENT_ID")?)
        .client_secret(required("CLIENT_SECRET")?);

    let token = match env("OAUTH_TOKEN") {
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
