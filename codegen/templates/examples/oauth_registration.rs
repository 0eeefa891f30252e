//! Dynamic client registration (RFC 7591): register a new OAuth client, then use it right away:
//! get a token with its credentials and build an authorization URL for it.
//!
//! Environment (`<PREFIX>` is `ENV_PREFIX` below): `<PREFIX>_CLIENT_NAME` (default `Example
//! integration`), `<PREFIX>_REDIRECT_URI` (default `http://127.0.0.1:8976/callback`),
//! `<PREFIX>_BASE_URL` (optional).
//!
//! ```sh
//! cargo run --example oauth_registration
//! ```

use api::oauth::{register_client, ClientAuthMethod, ClientRegistration};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_builder().build()?;

    let name = env("CLIENT_NAME").unwrap_or_else(|| "Example integration".into());
    let redirect_uri =
        env("REDIRECT_URI").unwrap_or_else(|| "http://127.0.0.1:8976/callback".into());
    let registration = ClientRegistration::new(name)
        .redirect_uri(redirect_uri)
        .grant_types(["authorization_code", "refresh_token", "client_credentials"])
        .scope("admin")
        .auth_method(ClientAuthMethod::ClientSecretBasic);
    let registered = register_client(&client, &registration).await?;
    println!(
        "registered client {}; secret issued: {} (store it securely, it is shown only once)",
        registered.client_id,
        if registered.client_secret.is_some() {
            "yes"
        } else {
            "no"
        }
    );

    // The registration is all an OAuthApp needs.
    let app = registered.app(&client);
    if registered
        .grant_types
        .iter()
        .any(|g| g == "client_credentials")
    {
        let tokens = app.client_credentials_token().await?;
        println!(
            "token for the new client: expires in {} s",
            tokens.expires_in().map_or(0, |d| d.as_secs())
        );
    }
    let (url, _pending) = app.authorize().build().await?;
    println!("authorization URL: {url}");
    Ok(())
}
