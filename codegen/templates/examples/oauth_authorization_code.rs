//! Authorization code with PKCE, for a command-line or desktop app: the app listens on a loopback
//! redirect URI, prints the authorization URL for the user to open, checks the `state` of the
//! callback, exchanges the code (with the PKCE verifier) for tokens, then calls the API on the
//! user's behalf; the refresh token renews the access token as needed.
//!
//! Environment (`<PREFIX>` is `ENV_PREFIX` below): `<PREFIX>_CLIENT_ID` (required);
//! `<PREFIX>_CLIENT_SECRET` (for a confidential client; without it the app is a public client and
//! PKCE protects the exchange); `<PREFIX>_REDIRECT_URI` (default `http://127.0.0.1:8976/callback`,
//! registered for the client); `<PREFIX>_OAUTH_SCOPE` (default `admin`); `<PREFIX>_BASE_URL`
//! (optional).
//!
//! ```sh
//! cargo run --example oauth_authorization_code
//! ```
// requires: oauth_grants.list

use api::oauth::{OAuthApp, TokenProvider};
use api::resources::OAuthGrantListParams;
use api::Paginated;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Waits for the browser's request to the redirect URI; returns its target (`/callback?code=...`).
async fn receive_callback(
    listener: &tokio::net::TcpListener,
) -> Result<(tokio::net::TcpStream, String), Box<dyn std::error::Error>> {
    loop {
        let (mut stream, _) = listener.accept().await?;
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let head = String::from_utf8_lossy(&head);
        let mut request_line = head.lines().next().unwrap_or_default().split(' ');
        let (method, target) = (request_line.next(), request_line.next());
        match (method, target) {
            // Browsers also ask for /favicon.ico: only the callback counts.
            (Some("GET"), Some(target)) if target.contains('?') => {
                return Ok((stream, target.to_owned()))
            }
            _ => {
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                    )
                    .await;
            }
        }
    }
}

async fn answer(stream: &mut tokio::net::TcpStream, status: &str, text: &str) {
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
        text.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let redirect_uri =
        env("REDIRECT_URI").unwrap_or_else(|| "http://127.0.0.1:8976/callback".into());
    let redirect = reqwest::Url::parse(&redirect_uri)?;
    let listen_on = format!(
        "{}:{}",
        redirect.host_str().ok_or("the redirect URI has no host")?,
        redirect.port_or_known_default().unwrap_or(80)
    );
    let listener = tokio::net::TcpListener::bind(&listen_on).await?;

    let client = client_builder().build()?;
    let mut app = OAuthApp::new(&client, required("CLIENT_ID")?).redirect_uri(&redirect_uri);
    if let Some(secret) = env("CLIENT_SECRET") {
        app = app.client_secret(secret);
    }

    // The URL carries a random `state` and the PKCE challenge; `pending` keeps the state and the
    // verifier (a web app would store them in the user's session).
    let scope = env("OAUTH_SCOPE").unwrap_or_else(|| "admin".into());
    let (url, pending) = app.authorize().scope(scope).build().await?;
    println!("Open this URL in your browser to authorize the app:");
    println!("{url}");

    let (mut stream, callback) = receive_callback(&listener).await?;
    let code = match pending.verify_callback(&callback) {
        Ok(code) => {
            answer(
                &mut stream,
                "200 OK",
                "Authorized. You can close this window.",
            )
            .await;
            code
        }
        Err(e) => {
            answer(&mut stream, "400 Bad Request", "Authorization failed.").await;
            return Err(e.into());
        }
    };
    println!("callback received; state checked");

    let tokens = app.exchange_authorization_code(&code, &pending).await?;
    println!(
        "tokens received: expires in {} s, refresh token: {}, scope: {}",
        tokens.expires_in().map_or(0, |d| d.as_secs()),
        if tokens.refresh_token().is_some() {
            "yes"
        } else {
            "no"
        },
        tokens.scope().unwrap_or("(not given)")
    );

    // Calls on the user's behalf.
    let user_client = client.with_token_provider(TokenProvider::from_tokens(app, tokens));
    let grants = user_client
        .oauth_grants()
        .list(OAuthGrantListParams::default())
        .await?;
    println!("grants of the user: {}", grants.items().len());
    Ok(())
}
