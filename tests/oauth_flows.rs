//! The OAuth 2.0 flows of the generated client (`telnyx_oauth::oauth`) against a local
//! authorization server: wiremock on 127.0.0.1 with responders that check what the RFCs require.
//! The authorize endpoint keeps each code's PKCE challenge and redirect URI; the token endpoint
//! checks client authentication (HTTP Basic or form), that `BASE64URL(SHA256(code_verifier))`
//! equals the challenge, the redirect URI, one-time use of codes, and rotates refresh tokens; the
//! API (`GET /v2/oauth_grants`) accepts only access tokens the server issued.
//!
//! Covered: the authorization code + PKCE round trip, `state` checks, client credentials as the
//! client's authentication (100 concurrent calls → 1 token request; renewal before expiry; one
//! renewal and one retry after a 401, not a loop), refresh-token rotation, `client_secret_post`,
//! public clients, discovery and its fallback, introspection, JWKS, registration, secrets kept out
//! of `Debug`, errors and logs, and the `oauth_*` examples run against the same server.

use std::collections::{HashMap, VecDeque};
use std::future::IntoFuture;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use futures_util::future::join_all;
use serde_json::{json, Value};
use sha2::Digest as _;
use telnyx_oauth::oauth::{
    register_client, ClientAuthMethod, ClientRegistration, Endpoints, FlowError, OAuthApp,
    PendingAuthorization, PkceVerifier, TokenProvider, TokenSet,
};
use telnyx_oauth::resources::OAuthGrantListParams;
use telnyx_oauth::{Client, Error, SecretString};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use workspace_tests::{assert_runs, assert_success, Logs};

const CLIENT_ID: &str = "cid-app";
const CLIENT_SECRET: &str = "cs-SECRET-app";
const PUBLIC_CLIENT_ID: &str = "cid-public";
/// Compared by the server, never contacted.
const REDIRECT_URI: &str = "http://127.0.0.1:9/callback";

// ---------------------------------------------------------------------------------------------
// The local authorization server
// ---------------------------------------------------------------------------------------------

/// An authorization code the server issued, and what it was issued for.
struct CodeGrant {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    scope: String,
}

/// One request to the token endpoint, as received.
#[derive(Clone, Debug)]
struct TokenCall {
    form: HashMap<String, String>,
    authorization: Option<String>,
}

#[derive(Default)]
struct ServerState {
    /// Client id → secret (`None`: public client).
    clients: HashMap<String, Option<String>>,
    codes: HashMap<String, CodeGrant>,
    /// Refresh token → (client id, scope).
    refresh_tokens: HashMap<String, (String, String)>,
    /// Access tokens the API accepts.
    access_tokens: Vec<String>,
    counter: u32,
    /// `expires_in` of the next tokens issued; 3600 once empty.
    lifetimes: VecDeque<u64>,
    /// Whether refresh tokens are rotated (a new one with each refresh, the old one revoked).
    rotate: bool,
    /// Whether refresh responses carry no refresh token (the old one stays valid).
    refresh_without_new_token: bool,
    /// The API answers 401 to every token.
    api_always_401: bool,
    token_calls: Vec<TokenCall>,
}

struct AuthServer {
    server: MockServer,
    state: Arc<Mutex<ServerState>>,
}

fn form_of(body: &[u8]) -> HashMap<String, String> {
    let text = String::from_utf8_lossy(body);
    reqwest::Url::parse(&format!("http://form.invalid/?{text}"))
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

fn query_of(request: &Request) -> HashMap<String, String> {
    request.url.query_pairs().into_owned().collect()
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn oauth_error(status: u16, error: &str, description: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"error": error, "error_description": description}))
}

fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
}

/// `(id, secret)` from `Authorization: Basic ...`, form-decoded as RFC 6749 §2.3.1 asks.
fn basic_credentials(authorization: &str) -> Option<(String, String)> {
    let encoded = authorization.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let form = form_of(format!("id={id}&secret={secret}").as_bytes());
    Some((form.get("id")?.clone(), form.get("secret")?.clone()))
}

impl ServerState {
    fn issue(&mut self, client_id: &str, scope: &str, refresh: bool) -> Value {
        self.counter += 1;
        let n = self.counter;
        let access_token = format!("at-{n}");
        self.access_tokens.push(access_token.clone());
        let expires_in = self.lifetimes.pop_front().unwrap_or(3600);
        let mut body = json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": expires_in,
            "scope": scope,
        });
        if refresh {
            let refresh_token = format!("rt-{n}");
            self.refresh_tokens.insert(
                refresh_token.clone(),
                (client_id.to_owned(), scope.to_owned()),
            );
            body["refresh_token"] = json!(refresh_token);
        }
        body
    }

    /// The authenticated client id, or the error response.
    fn authenticate(
        &self,
        authorization: Option<&str>,
        form: &HashMap<String, String>,
    ) -> Result<String, &'static str> {
        let (id, secret) = match (authorization, form.get("client_id")) {
            (Some(auth), _) => basic_credentials(auth)
                .map(|(id, secret)| (id, Some(secret)))
                .ok_or("bad Basic header")?,
            (None, Some(id)) => (id.clone(), form.get("client_secret").cloned()),
            (None, None) => return Err("no client"),
        };
        match self.clients.get(&id) {
            Some(expected) if *expected == secret => Ok(id),
            _ => Err("unknown client or wrong secret"),
        }
    }

    fn token(&mut self, request: &Request) -> ResponseTemplate {
        let form = form_of(&request.body);
        let authorization = header(request, "authorization");
        self.token_calls.push(TokenCall {
            form: form.clone(),
            authorization: authorization.clone(),
        });
        let client_id = match self.authenticate(authorization.as_deref(), &form) {
            Ok(id) => id,
            Err(why) => return oauth_error(401, "invalid_client", why),
        };
        let field = |name: &str| form.get(name).cloned().unwrap_or_default();
        match field("grant_type").as_str() {
            "client_credentials" => {
                let body = self.issue(&client_id, &field("scope"), false);
                ResponseTemplate::new(200).set_body_json(body)
            }
            "authorization_code" => {
                // Codes are single-use: removed whatever the outcome.
                let Some(grant) = self.codes.remove(&field("code")) else {
                    return oauth_error(400, "invalid_grant", "unknown or used code");
                };
                let verifier = field("code_verifier");
                if grant.client_id != client_id {
                    return oauth_error(400, "invalid_grant", "code of another client");
                }
                if grant.redirect_uri != field("redirect_uri") {
                    return oauth_error(400, "invalid_grant", "redirect_uri differs");
                }
                let valid_verifier = (43..=128).contains(&verifier.len())
                    && verifier
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
                if !valid_verifier || s256(&verifier) != grant.challenge {
                    return oauth_error(400, "invalid_grant", "PKCE verification failed");
                }
                let body = self.issue(&client_id, &grant.scope, true);
                ResponseTemplate::new(200).set_body_json(body)
            }
            "refresh_token" => {
                let presented = field("refresh_token");
                let Some((owner, scope)) = self.refresh_tokens.get(&presented).cloned() else {
                    return oauth_error(400, "invalid_grant", "unknown or revoked refresh token");
                };
                if owner != client_id {
                    return oauth_error(400, "invalid_grant", "refresh token of another client");
                }
                if self.refresh_without_new_token {
                    let body = self.issue(&client_id, &scope, false);
                    return ResponseTemplate::new(200).set_body_json(body);
                }
                if self.rotate {
                    self.refresh_tokens.remove(&presented);
                }
                let body = self.issue(&client_id, &scope, true);
                ResponseTemplate::new(200).set_body_json(body)
            }
            other => oauth_error(400, "unsupported_grant_type", other),
        }
    }

    fn authorize(&mut self, request: &Request) -> ResponseTemplate {
        let q = query_of(request);
        let get = |name: &str| q.get(name).cloned().unwrap_or_default();
        if get("response_type") != "code" || !self.clients.contains_key(&get("client_id")) {
            return ResponseTemplate::new(400).set_body_string("invalid request");
        }
        if get("code_challenge_method") != "S256" || get("code_challenge").len() != 43 {
            return ResponseTemplate::new(400).set_body_string("PKCE S256 required");
        }
        let redirect_uri = get("redirect_uri");
        if !redirect_uri.starts_with("http://127.0.0.1:") {
            return ResponseTemplate::new(422).set_body_string("redirect_uri not registered");
        }
        self.counter += 1;
        let code = format!("code-{}", self.counter);
        self.codes.insert(
            code.clone(),
            CodeGrant {
                client_id: get("client_id"),
                redirect_uri: redirect_uri.clone(),
                challenge: get("code_challenge"),
                scope: get("scope"),
            },
        );
        let mut location = reqwest::Url::parse(&redirect_uri).expect("checked above");
        location
            .query_pairs_mut()
            .append_pair("code", &code)
            .append_pair("state", &get("state"));
        ResponseTemplate::new(302).insert_header("location", location.as_str())
    }

    fn introspect(&self, request: &Request) -> ResponseTemplate {
        let form = form_of(&request.body);
        let authorization = header(request, "authorization");
        if let Err(why) = self.authenticate(authorization.as_deref(), &form) {
            return oauth_error(401, "invalid_client", why);
        }
        let token = form.get("token").cloned().unwrap_or_default();
        if self.access_tokens.contains(&token) {
            ResponseTemplate::new(200).set_body_json(json!({
                "active": true,
                "client_id": CLIENT_ID,
                "scope": "admin",
                "exp": 4_102_444_800i64,
                "iat": 1_700_000_000i64,
                "iss": "local",
            }))
        } else {
            ResponseTemplate::new(200).set_body_json(json!({"active": false}))
        }
    }

    fn register(&mut self, request: &Request) -> ResponseTemplate {
        let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
            return oauth_error(400, "invalid_client_metadata", "not JSON");
        };
        if body["redirect_uris"].as_array().is_none_or(Vec::is_empty) {
            return oauth_error(400, "invalid_redirect_uri", "redirect_uris required");
        }
        self.counter += 1;
        let id = format!("client-{}", self.counter);
        let secret = format!("secret-{}-SECRET", self.counter);
        self.clients.insert(id.clone(), Some(secret.clone()));
        let mut answer = body.clone();
        answer["client_id"] = json!(id);
        answer["client_secret"] = json!(secret);
        answer["client_id_issued_at"] = json!(1_700_000_000i64);
        ResponseTemplate::new(201).set_body_json(answer)
    }

    fn api(&self, request: &Request) -> ResponseTemplate {
        let token = header(request, "authorization")
            .and_then(|h| h.strip_prefix("Bearer ").map(str::to_owned))
            .unwrap_or_default();
        if self.api_always_401 || !self.access_tokens.contains(&token) {
            return ResponseTemplate::new(401).set_body_json(
                json!({"errors": [{"code": "10009", "title": "Authentication failed"}]}),
            );
        }
        ResponseTemplate::new(200).set_body_json(json!({
            "data": [{
                "client_id": CLIENT_ID,
                "created_at": "2025-01-01T00:00:00Z",
                "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                "record_type": "oauth_grant",
                "scopes": ["admin"],
            }],
            "meta": {"page_number": 1, "page_size": 20, "total_pages": 1, "total_results": 1},
        }))
    }
}

impl AuthServer {
    /// A server with the confidential client `CLIENT_ID` and the public client
    /// `PUBLIC_CLIENT_ID`, serving metadata that points at its own `/v2/oauth/*` endpoints.
    async fn start() -> AuthServer {
        Self::start_with(true, Duration::ZERO).await
    }

    async fn start_with(metadata: bool, token_delay: Duration) -> AuthServer {
        let server = MockServer::start().await;
        let mut state = ServerState::default();
        state
            .clients
            .insert(CLIENT_ID.into(), Some(CLIENT_SECRET.into()));
        state.clients.insert(PUBLIC_CLIENT_ID.into(), None);
        state.rotate = true;
        let state = Arc::new(Mutex::new(state));
        let uri = server.uri();
        if metadata {
            Mock::given(method("GET"))
                .and(path("/.well-known/oauth-authorization-server"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                    "issuer": uri,
                    "authorization_endpoint": format!("{uri}/v2/oauth/authorize"),
                    "token_endpoint": format!("{uri}/v2/oauth/token"),
                    "introspection_endpoint": format!("{uri}/v2/oauth/introspect"),
                    "jwks_uri": format!("{uri}/v2/oauth/jwks"),
                    "registration_endpoint": format!("{uri}/v2/oauth/register"),
                    "code_challenge_methods_supported": ["S256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                    "scopes_supported": ["admin"],
                })))
                .mount(&server)
                .await;
        }
        type Answer = fn(&mut ServerState, &Request) -> ResponseTemplate;
        let routes: [(&str, &str, Answer); 4] = [
            ("GET", "/v2/oauth/authorize", |s, r| s.authorize(r)),
            ("POST", "/v2/oauth/introspect", |s, r| s.introspect(r)),
            ("POST", "/v2/oauth/register", |s, r| s.register(r)),
            ("GET", "/v2/oauth_grants", |s, r| s.api(r)),
        ];
        for (verb, route, answer) in routes {
            let s = state.clone();
            Mock::given(method(verb))
                .and(path(route))
                .respond_with(move |r: &Request| answer(&mut s.lock().unwrap(), r))
                .mount(&server)
                .await;
        }
        let s = state.clone();
        Mock::given(method("POST"))
            .and(path("/v2/oauth/token"))
            .respond_with(move |r: &Request| s.lock().unwrap().token(r).set_delay(token_delay))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v2/oauth/jwks"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "keys": [{"kty": "RSA", "kid": "key-1", "use": "sig", "alg": "RS256", "n": "sXch", "e": "AQAB"}]
            })))
            .mount(&server)
            .await;
        AuthServer { server, state }
    }

    fn base_url(&self) -> String {
        format!("{}/v2", self.server.uri())
    }

    /// A client without credentials, pointed at this server.
    fn client(&self) -> Client {
        Client::builder()
            .base_url(self.base_url())
            .build()
            .expect("valid configuration")
    }

    /// A client authenticating with client credentials.
    fn oauth_client(&self) -> Client {
        Client::builder()
            .base_url(self.base_url())
            .oauth_client_credentials(CLIENT_ID, CLIENT_SECRET)
            .oauth_scope("admin")
            .build()
            .expect("valid configuration")
    }

    fn app(&self) -> OAuthApp {
        OAuthApp::new(&self.client(), CLIENT_ID)
            .client_secret(CLIENT_SECRET)
            .redirect_uri(REDIRECT_URI)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, ServerState> {
        self.state.lock().unwrap()
    }

    fn token_calls(&self) -> Vec<TokenCall> {
        self.state().token_calls.clone()
    }

    /// Requests to `path` the server received.
    async fn requests_to(&self, wanted: &str) -> Vec<Request> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.url.path() == wanted)
            .collect()
    }

    /// The bearer tokens the API received, in order.
    async fn api_tokens(&self) -> Vec<String> {
        self.requests_to("/v2/oauth_grants")
            .await
            .iter()
            .filter_map(|r| header(r, "authorization"))
            .map(|h| h.trim_start_matches("Bearer ").to_owned())
            .collect()
    }
}

/// What a browser does with the authorization URL: the server redirects it back to the app.
async fn follow_authorization(url: &reqwest::Url) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = browser.get(url.clone()).send().await.unwrap();
    assert_eq!(response.status(), 302, "{:?}", response.text().await);
    header_value(&response, "location")
}

fn header_value(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn list(client: &Client) -> telnyx_oauth::Call<telnyx_oauth::types::ListOAuthGrantsResponse> {
    client.oauth_grants().list(OAuthGrantListParams::default())
}

// ---------------------------------------------------------------------------------------------
// Authorization code + PKCE
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn authorization_code_with_pkce_round_trip() {
    let auth = AuthServer::start().await;
    let app = auth.app();
    let (url, pending) = app.authorize().scope("admin").build().await.unwrap();

    // The URL: the discovered endpoint with every parameter RFC 6749 and RFC 7636 ask for.
    assert_eq!(url.path(), "/v2/oauth/authorize");
    let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], CLIENT_ID);
    assert_eq!(q["redirect_uri"], REDIRECT_URI);
    assert_eq!(q["scope"], "admin");
    assert_eq!(q["state"], pending.state());
    assert!(pending.state().len() >= 32);
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["code_challenge"], s256(pending.pkce_verifier().secret()));
    assert!(!url.as_str().contains(pending.pkce_verifier().secret()));

    let callback = follow_authorization(&url).await;
    assert!(callback.starts_with(REDIRECT_URI), "{callback}");
    let tokens = app.exchange_code(&pending, &callback).await.unwrap();
    assert_eq!(tokens.access_token().expose_secret(), "at-2");
    assert_eq!(tokens.refresh_token().unwrap().expose_secret(), "rt-2");
    assert_eq!(tokens.token_type(), "Bearer");
    assert_eq!(tokens.scope(), Some("admin"));
    assert!(tokens.expires_in().unwrap() > Duration::from_secs(3590));

    // What the token endpoint got: Basic client authentication, the code, the redirect URI and
    // the verifier whose S256 hash is the challenge (the server checked it, or it would be 400).
    let calls = auth.token_calls();
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    let (id, secret) = basic_credentials(call.authorization.as_deref().unwrap()).unwrap();
    assert_eq!((id.as_str(), secret.as_str()), (CLIENT_ID, CLIENT_SECRET));
    assert_eq!(call.form["grant_type"], "authorization_code");
    assert_eq!(call.form["redirect_uri"], REDIRECT_URI);
    assert_eq!(call.form["code_verifier"], pending.pkce_verifier().secret());
    assert!(!call.form.contains_key("client_secret"));

    // The tokens authenticate API calls on the user's behalf.
    let user = auth
        .client()
        .with_token_provider(TokenProvider::from_tokens(app.clone(), tokens));
    assert_eq!(list(&user).await.unwrap().data.map(|d| d.len()), Some(1));
    assert_eq!(auth.api_tokens().await, ["at-2"]);

    // The same code cannot be used twice.
    let err = app.exchange_code(&pending, &callback).await.unwrap_err();
    assert!(matches!(err, Error::BadRequest(_)), "{err:?}");
    assert!(err.to_string().contains("invalid_grant"), "{err}");
}

#[tokio::test]
async fn a_wrong_verifier_or_redirect_uri_is_refused_by_the_server() {
    let auth = AuthServer::start().await;
    let app = auth.app();
    /// Authorizes, then exchanges the code with the pending authorization that `change`
    /// rebuilds; returns the error.
    async fn exchange_changed(
        app: &OAuthApp,
        change: impl FnOnce(&PendingAuthorization) -> PendingAuthorization,
    ) -> Error {
        let (url, pending) = app.authorize().build().await.unwrap();
        let callback = follow_authorization(&url).await;
        app.exchange_code(&change(&pending), &callback)
            .await
            .unwrap_err()
    }

    // The server really checks the PKCE proof: another verifier fails.
    let err = exchange_changed(&app, |pending| {
        PendingAuthorization::restore(
            pending.state(),
            PkceVerifier::generate().unwrap(),
            pending.redirect_uri(),
        )
    })
    .await;
    assert!(
        err.to_string().contains("PKCE verification failed"),
        "{err}"
    );

    // And the redirect URI.
    let err = exchange_changed(&app, |pending| {
        PendingAuthorization::restore(
            pending.state(),
            PkceVerifier::from_string(pending.pkce_verifier().secret()).unwrap(),
            "http://127.0.0.1:9/elsewhere",
        )
    })
    .await;
    assert!(err.to_string().contains("redirect_uri differs"), "{err}");
}

#[tokio::test]
async fn state_mismatch_is_rejected_before_any_token_request() {
    let auth = AuthServer::start().await;
    let app = auth.app();
    let (url, pending) = app.authorize().build().await.unwrap();
    let callback = follow_authorization(&url).await;
    let mut forged = reqwest::Url::parse(&callback).unwrap();
    let code = forged
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    forged
        .query_pairs_mut()
        .clear()
        .append_pair("code", &code)
        .append_pair("state", "attacker-state");

    let err = app
        .exchange_code(&pending, forged.as_str())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::OAuth(FlowError::StateMismatch)),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("`state`") && message.contains("does not match"),
        "{message}"
    );
    assert!(!message.contains("attacker-state") && !message.contains(pending.state()));

    // A callback from another login attempt (other pending authorization) is refused too.
    let (_, other) = app.authorize().build().await.unwrap();
    let err = app.exchange_code(&other, &callback).await.unwrap_err();
    assert!(
        matches!(err, Error::OAuth(FlowError::StateMismatch)),
        "{err:?}"
    );

    // The user declined: the error, not a code.
    let declined = format!(
        "{REDIRECT_URI}?error=access_denied&error_description=The+user+declined&state={}",
        pending.state()
    );
    match app.exchange_code(&pending, &declined).await.unwrap_err() {
        Error::OAuth(FlowError::AuthorizationFailed {
            error, description, ..
        }) => {
            assert_eq!(error, "access_denied");
            assert_eq!(description.as_deref(), Some("The user declined"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        auth.token_calls().is_empty(),
        "no token request may be sent"
    );

    // The genuine callback still works.
    assert!(app.exchange_code(&pending, &callback).await.is_ok());
}

#[tokio::test]
async fn public_client_sends_its_id_and_no_secret() {
    let auth = AuthServer::start().await;
    let app = OAuthApp::new(&auth.client(), PUBLIC_CLIENT_ID).redirect_uri(REDIRECT_URI);
    assert_eq!(app.auth_method_in_use(), ClientAuthMethod::None);
    let (url, pending) = app.authorize().build().await.unwrap();
    let callback = follow_authorization(&url).await;
    app.exchange_code(&pending, &callback).await.unwrap();
    let call = &auth.token_calls()[0];
    assert_eq!(call.authorization, None);
    assert_eq!(call.form["client_id"], PUBLIC_CLIENT_ID);
    assert!(!call.form.contains_key("client_secret"));
}

// ---------------------------------------------------------------------------------------------
// Client credentials as the client's authentication
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn hundred_concurrent_calls_make_one_token_request() {
    // A slow token endpoint, so that all calls are waiting for the token at once.
    let auth = AuthServer::start_with(true, Duration::from_millis(300)).await;
    let client = auth.oauth_client();
    let results = join_all((0..100).map(|_| list(&client).into_future())).await;
    for result in &results {
        assert!(result.is_ok(), "{result:?}");
    }
    let calls = auth.token_calls();
    assert_eq!(calls.len(), 1, "exactly one token request");
    assert_eq!(calls[0].form["grant_type"], "client_credentials");
    assert_eq!(calls[0].form["scope"], "admin");
    let (id, secret) = basic_credentials(calls[0].authorization.as_deref().unwrap()).unwrap();
    assert_eq!((id.as_str(), secret.as_str()), (CLIENT_ID, CLIENT_SECRET));
    let tokens = auth.api_tokens().await;
    assert_eq!(tokens.len(), 100);
    assert!(tokens.iter().all(|t| t == "at-1"), "{tokens:?}");
    // Discovery ran once too.
    assert_eq!(
        auth.requests_to("/.well-known/oauth-authorization-server")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn token_near_expiry_is_renewed_before_use() {
    let auth = AuthServer::start().await;
    // The first token lives 4 s: renewed once less than half of it is left (the default skew of
    // 60 s is capped at half the lifetime).
    auth.state().lifetimes = VecDeque::from([4, 3600]);
    let client = auth.oauth_client();
    list(&client).await.unwrap();
    list(&client).await.unwrap();
    assert_eq!(auth.token_calls().len(), 1, "still fresh: reused");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    list(&client).await.unwrap();
    assert_eq!(auth.token_calls().len(), 2, "renewed before use");
    assert_eq!(auth.api_tokens().await, ["at-1", "at-1", "at-2"]);

    // The skew is configurable: with none, the same 4-second token is used until it expires.
    let provider = TokenProvider::client_credentials(auth.app()).refresh_skew(Duration::ZERO);
    auth.state().lifetimes = VecDeque::from([4]);
    let first = provider.access_token().await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(provider.access_token().await.unwrap(), first);
    tokio::time::sleep(Duration::from_millis(2000)).await;
    assert_ne!(provider.access_token().await.unwrap(), first);
}

#[tokio::test]
async fn unauthorized_renews_once_and_retries_once() {
    let auth = AuthServer::start().await;
    let client = auth.oauth_client();
    list(&client).await.unwrap();
    // The server revokes the token: the next call gets a 401, renews, retries and succeeds.
    auth.state().access_tokens.clear();
    list(&client).await.unwrap();
    assert_eq!(auth.token_calls().len(), 2);
    assert_eq!(auth.api_tokens().await, ["at-1", "at-1", "at-2"]);

    // Concurrent calls rejected together share one renewal.
    auth.state().access_tokens.clear();
    let results = join_all((0..20).map(|_| list(&client).into_future())).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(
        auth.token_calls().len(),
        3,
        "one renewal for 20 rejected calls"
    );

    // A 401 whatever the token: one renewal and one retry, then the error. Not a loop.
    auth.state().api_always_401 = true;
    let api_before = auth.api_tokens().await.len();
    let err = list(&client).await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    assert_eq!(auth.token_calls().len(), 4, "exactly one renewal");
    assert_eq!(
        auth.api_tokens().await.len(),
        api_before + 2,
        "exactly one retry"
    );
}

#[tokio::test]
async fn client_secret_post_sends_the_credentials_in_the_body() {
    let auth = AuthServer::start().await;
    let client = Client::builder()
        .base_url(auth.base_url())
        .oauth_client_credentials(CLIENT_ID, CLIENT_SECRET)
        .oauth_client_auth(ClientAuthMethod::ClientSecretPost)
        .build()
        .unwrap();
    list(&client).await.unwrap();
    let call = &auth.token_calls()[0];
    assert_eq!(call.authorization, None);
    assert_eq!(call.form["client_id"], CLIENT_ID);
    assert_eq!(call.form["client_secret"], CLIENT_SECRET);
    assert!(!call.form.contains_key("scope"));

    // A wrong secret is the token endpoint's 401, and the API is never called.
    let wrong = Client::builder()
        .base_url(auth.base_url())
        .oauth_client_credentials(CLIENT_ID, "wrong-secret")
        .build()
        .unwrap();
    let before = auth.api_tokens().await.len();
    let err = list(&wrong).await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    assert!(err.to_string().contains("invalid_client"), "{err}");
    assert_eq!(auth.api_tokens().await.len(), before);
}

// ---------------------------------------------------------------------------------------------
// Refresh tokens
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn refresh_token_rotation_is_kept() {
    let auth = AuthServer::start().await;
    let app = auth.app();
    // Tokens from an authorization: at-1 / rt-1.
    let issued = auth.state().issue(CLIENT_ID, "admin", true);
    assert_eq!(issued["refresh_token"], "rt-1");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = seen.clone();
    let provider = TokenProvider::from_tokens(
        app.clone(),
        TokenSet::new("at-1")
            .with_refresh_token("rt-1")
            .with_expires_in(Duration::from_secs(3600)),
    )
    .on_new_tokens(move |t| {
        let refresh = t.refresh_token().map(|r| r.expose_secret().to_owned());
        recorder.lock().unwrap().push(refresh);
    });

    // Each renewal presents the newest refresh token (the server revokes the old ones, so
    // presenting an old one would fail).
    let second = provider.refresh().await.unwrap();
    assert_eq!(second.refresh_token().unwrap().expose_secret(), "rt-2");
    let third = provider.refresh().await.unwrap();
    assert_eq!(third.refresh_token().unwrap().expose_secret(), "rt-3");
    let presented: Vec<String> = auth
        .token_calls()
        .iter()
        .map(|c| c.form["refresh_token"].clone())
        .collect();
    assert_eq!(presented, ["rt-1", "rt-2"]);

    // A server that does not rotate: the refresh token in use stays the one to present.
    auth.state().refresh_without_new_token = true;
    let fourth = provider.refresh().await.unwrap();
    assert_eq!(fourth.access_token().expose_secret(), "at-4");
    assert_eq!(fourth.refresh_token().unwrap().expose_secret(), "rt-3");
    let fifth = provider.refresh().await.unwrap();
    assert_eq!(fifth.refresh_token().unwrap().expose_secret(), "rt-3");
    assert_eq!(
        auth.token_calls().last().unwrap().form["refresh_token"],
        "rt-3"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        [
            Some("rt-2".to_owned()),
            Some("rt-3".to_owned()),
            Some("rt-3".to_owned()),
            Some("rt-3".to_owned())
        ]
    );
    let current = provider.tokens().await.unwrap();
    assert_eq!(current.access_token().expose_secret(), "at-5");

    // By hand: `OAuthApp::refresh` keeps the refresh token when none comes back.
    let by_hand = app.refresh(&SecretString::from("rt-3")).await.unwrap();
    assert_eq!(by_hand.refresh_token().unwrap().expose_secret(), "rt-3");

    // A revoked refresh token is the server's `invalid_grant`.
    let err = app.refresh(&SecretString::from("rt-1")).await.unwrap_err();
    assert!(err.to_string().contains("invalid_grant"), "{err}");
}

#[tokio::test]
async fn provider_from_a_stored_refresh_token_and_without_one() {
    let auth = AuthServer::start().await;
    auth.state().issue(CLIENT_ID, "admin", true); // rt-1
    let client = auth.client();
    let user = client.with_token_provider(TokenProvider::from_tokens(
        auth.app(),
        TokenSet::from_refresh_token("rt-1"),
    ));
    list(&user).await.unwrap();
    assert_eq!(auth.api_tokens().await, ["at-2"]);
    let tokens = user.token_provider().unwrap().tokens().await.unwrap();
    assert_eq!(tokens.refresh_token().unwrap().expose_secret(), "rt-2");

    // Without a refresh token, an expired token cannot be renewed: a clear error, no request.
    let stuck = client.with_token_provider(TokenProvider::from_tokens(
        auth.app(),
        TokenSet::new("at-old").with_expires_in(Duration::ZERO),
    ));
    let err = list(&stuck).await.unwrap_err();
    assert!(
        matches!(err, Error::OAuth(FlowError::NoRefreshToken)),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("start the authorization again"),
        "{err}"
    );
    // And a 401 with such a token is the answer as is (nothing to renew it with).
    let rejected = client.with_token_provider(TokenProvider::from_tokens(
        auth.app(),
        TokenSet::new("at-unknown"),
    ));
    let err = list(&rejected).await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Discovery, introspection, JWKS, registration
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn discovery_uses_the_metadata_and_falls_back_to_the_api_document() {
    let auth = AuthServer::start().await;
    let client = auth.client();
    let endpoints = Endpoints::discover(&client).await.unwrap();
    assert!(endpoints.discovered);
    assert_eq!(endpoints.code_challenge_methods_supported, ["S256"]);
    assert_eq!(
        endpoints.token.unwrap().as_str(),
        format!("{}/v2/oauth/token", auth.server.uri())
    );

    // Metadata pointing elsewhere on the same host is followed.
    let custom = MockServer::start().await;
    let uri = custom.uri();
    Mock::given(path("/.well-known/oauth-authorization-server"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "issuer": uri,
            "token_endpoint": format!("{uri}/custom/token"),
        })))
        .mount(&custom)
        .await;
    Mock::given(path("/custom/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "at-custom", "token_type": "Bearer", "expires_in": 60}),
        ))
        .mount(&custom)
        .await;
    let custom_client = Client::builder()
        .base_url(format!("{uri}/v2"))
        .build()
        .unwrap();
    let app = OAuthApp::new(&custom_client, CLIENT_ID).client_secret(CLIENT_SECRET);
    let tokens = app.client_credentials_token().await.unwrap();
    assert_eq!(tokens.access_token().expose_secret(), "at-custom");
    // What the metadata leaves out comes from the API document.
    let endpoints = app.resolved_endpoints().await;
    assert_eq!(
        endpoints.authorization.as_ref().unwrap().as_str(),
        format!("{uri}/v2/oauth/authorize")
    );

    // No metadata (404): the API document's endpoints, relative to the base URL.
    let bare = AuthServer::start_with(false, Duration::ZERO).await;
    let err = Endpoints::discover(&bare.client()).await.unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    let fallback = Endpoints::discover_or_default(&bare.client()).await;
    assert!(!fallback.discovered);
    assert_eq!(fallback, Endpoints::defaults(&bare.client()));
    assert_eq!(
        fallback.token.unwrap().as_str(),
        format!("{}/v2/oauth/token", bare.server.uri())
    );
    assert!(bare
        .oauth_client()
        .oauth_grants()
        .list(OAuthGrantListParams::default())
        .await
        .is_ok());

    // Metadata naming an issuer on another host is refused; the fallback is used instead.
    let evil = MockServer::start().await;
    Mock::given(path("/.well-known/oauth-authorization-server"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "issuer": "https://evil.example",
            "token_endpoint": "https://evil.example/token",
        })))
        .mount(&evil)
        .await;
    let evil_client = Client::builder()
        .base_url(format!("{}/v2", evil.uri()))
        .build()
        .unwrap();
    let err = Endpoints::discover(&evil_client).await.unwrap_err();
    assert!(
        matches!(err, Error::OAuth(FlowError::Discovery(_))),
        "{err:?}"
    );
    let endpoints = Endpoints::discover_or_default(&evil_client).await;
    assert_eq!(
        endpoints.token.unwrap().as_str(),
        format!("{}/v2/oauth/token", evil.uri())
    );
}

#[tokio::test]
async fn introspection_jwks_and_registration_helpers() {
    let auth = AuthServer::start().await;
    let app = auth.app();
    let token = app.client_credentials_token().await.unwrap();
    let info = app.introspect(token.access_token().clone()).await.unwrap();
    assert!(info.active);
    assert_eq!(info.client_id.as_deref(), Some(CLIENT_ID));
    assert_eq!(info.scopes().collect::<Vec<_>>(), ["admin"]);
    assert!(info.expires_at().is_some());
    assert!(!app.introspect("not-a-token").await.unwrap().active);
    let introspections = auth.requests_to("/v2/oauth/introspect").await;
    assert!(header(&introspections[0], "authorization")
        .unwrap()
        .starts_with("Basic "));
    assert_eq!(form_of(&introspections[0].body)["token"], "at-1");

    let jwks = app.jwks().await.unwrap();
    let key = jwks.find("key-1").unwrap();
    assert_eq!(
        (key.kty.as_str(), key.alg.as_deref()),
        ("RSA", Some("RS256"))
    );
    assert_eq!(key.params["e"], "AQAB");
    assert_eq!(
        telnyx_oauth::oauth::fetch_jwks(&auth.client())
            .await
            .unwrap(),
        jwks
    );

    let registration = ClientRegistration::new("CI integration")
        .redirect_uri("http://127.0.0.1:9/cb")
        .grant_types(["client_credentials"])
        .scope("admin")
        .auth_method(ClientAuthMethod::ClientSecretPost);
    let registered = register_client(&auth.client(), &registration)
        .await
        .unwrap();
    let sent: Value =
        serde_json::from_slice(&auth.requests_to("/v2/oauth/register").await[0].body).unwrap();
    assert_eq!(
        sent,
        json!({
            "client_name": "CI integration",
            "redirect_uris": ["http://127.0.0.1:9/cb"],
            "grant_types": ["client_credentials"],
            "scope": "admin",
            "token_endpoint_auth_method": "client_secret_post",
        })
    );
    assert!(registered.client_id.starts_with("client-"));
    let secret = registered.client_secret.clone().unwrap();
    assert!(!format!("{registered:?}").contains(secret.expose_secret()));
    // The new client works right away, authenticating as registered (in the body).
    let new_app = registered.app(&auth.client());
    assert_eq!(
        new_app.auth_method_in_use(),
        ClientAuthMethod::ClientSecretPost
    );
    new_app.client_credentials_token().await.unwrap();
    let call = auth.token_calls().last().unwrap().clone();
    assert_eq!(call.form["client_id"], registered.client_id);
    assert_eq!(call.form["client_secret"], secret.expose_secret());
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn secrets_stay_out_of_debug_errors_and_logs() {
    let (logs, _guard) = Logs::capture();

    let auth = AuthServer::start().await;
    let builder = Client::builder()
        .base_url(auth.base_url())
        .oauth_client_credentials(CLIENT_ID, CLIENT_SECRET);
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    list(&client).await.unwrap();
    auth.state().access_tokens.clear(); // a 401, a renewal, a retry
    list(&client).await.unwrap();

    let app = auth.app();
    let (url, pending) = app.authorize().build().await.unwrap();
    let callback = follow_authorization(&url).await;
    let code = pending.verify_callback(&callback).unwrap();
    let tokens = app
        .exchange_authorization_code(&code, &pending)
        .await
        .unwrap();
    let provider = TokenProvider::from_tokens(app.clone(), tokens.clone());
    let refresh_error = app
        .refresh(&SecretString::from("rt-SECRET-unknown"))
        .await
        .unwrap_err();
    let state_error = pending
        .verify_callback("?code=c-SECRET&state=wrong")
        .unwrap_err();

    let secrets = [
        CLIENT_SECRET.to_owned(),
        tokens.access_token().expose_secret().to_owned(),
        tokens.refresh_token().unwrap().expose_secret().to_owned(),
        code.secret().to_owned(),
        pending.pkce_verifier().secret().to_owned(),
        "rt-SECRET-unknown".to_owned(),
        "c-SECRET".to_owned(),
        "at-1".to_owned(),
        "at-2".to_owned(),
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}")),
    ];
    let logs = logs.text();
    assert!(logs.contains("renewing it and retrying once"), "{logs}");
    for shown in [
        builder_debug,
        format!("{client:?}"),
        format!("{app:?}"),
        format!("{pending:?}"),
        format!("{code:?}"),
        format!("{tokens:?}"),
        format!("{provider:?}"),
        format!("{refresh_error} {refresh_error:?}"),
        format!("{state_error} {state_error:?}"),
        logs,
    ] {
        for secret in &secrets {
            assert!(
                !shown.contains(secret.as_str()),
                "`{secret}` shown in: {shown}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The examples, run against the local server
// ---------------------------------------------------------------------------------------------

/// Builds the crate's examples (once per test run) and returns the folder of their binaries.
fn examples_dir() -> std::path::PathBuf {
    static BUILT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let root = workspace_tests::workspace_root();
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| root.join("target"));
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            assert_runs(
                std::process::Command::new(cargo)
                    .args(["build", "--examples", "-p", "telnyx-oauth", "--quiet"])
                    .current_dir(&root),
                "the examples do not build",
            );
            target.join("debug").join("examples")
        })
        .clone()
}

/// Runs an example with `vars` (and nothing else) in its environment; returns its stdout.
async fn run_example(name: &str, vars: &[(&str, String)]) -> String {
    let binary = examples_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let child = tokio::process::Command::new(&binary)
        .env_clear()
        .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(60), child)
        .await
        .unwrap_or_else(|_| panic!("{name} did not finish"))
        .unwrap_or_else(|e| panic!("{name} does not start ({}): {e}", binary.display()));
    assert_success(&out, &format!("{name} failed"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// No token, code or secret in an example's output (URLs aside: their random `state` and
/// challenge could contain anything).
fn assert_no_secrets(name: &str, output: &str) {
    for line in output.lines().filter(|l| !l.contains("http")) {
        for secret in [CLIENT_SECRET, "at-", "rt-", "code-", "secret-"] {
            assert!(
                !line.contains(secret),
                "{name} printed `{secret}`:\n{output}"
            );
        }
    }
}

#[tokio::test]
async fn examples_run_against_a_local_server() {
    let auth = AuthServer::start().await;
    let base = ("TELNYX_BASE_URL", auth.base_url());
    let id = ("TELNYX_CLIENT_ID", CLIENT_ID.to_owned());
    let secret = ("TELNYX_CLIENT_SECRET", CLIENT_SECRET.to_owned());

    let out = run_example(
        "oauth_client_credentials",
        &[
            base.clone(),
            id.clone(),
            secret.clone(),
            ("TELNYX_OAUTH_SCOPE", "admin".into()),
        ],
    )
    .await;
    assert!(out.contains("grants: 1 (and 1 again)"), "{out}");
    assert!(
        out.contains("access token: Bearer type, expires in 3"),
        "{out}"
    );
    assert!(out.contains("s, scope admin"), "{out}");
    assert_no_secrets("oauth_client_credentials", &out);
    assert_eq!(
        auth.token_calls().len(),
        1,
        "two concurrent calls, one token request"
    );

    let out = run_example(
        "oauth_introspection",
        &[base.clone(), id.clone(), secret.clone()],
    )
    .await;
    assert!(
        out.contains(&format!(
            "token is active: client {CLIENT_ID}, scopes [admin]"
        )),
        "{out}"
    );
    assert!(
        out.contains("signing keys: 1") && out.contains("kid=key-1 kty=RSA alg=RS256"),
        "{out}"
    );
    assert_no_secrets("oauth_introspection", &out);

    let issued = auth.state().issue(CLIENT_ID, "admin", true);
    let refresh_token = issued["refresh_token"].as_str().unwrap().to_owned();
    let out = run_example(
        "oauth_refresh",
        &[
            base.clone(),
            id.clone(),
            secret.clone(),
            ("TELNYX_REFRESH_TOKEN", refresh_token),
        ],
    )
    .await;
    assert!(out.contains("refreshed: access token expires in"), "{out}");
    assert!(out.contains("refresh token rotated: yes"), "{out}");
    assert!(out.contains("new tokens: refresh token stored"), "{out}");
    assert!(out.contains("grants: 1"), "{out}");
    assert!(
        out.contains("provider holds the newest refresh token: yes"),
        "{out}"
    );
    assert_no_secrets("oauth_refresh", &out);

    let out = run_example("oauth_registration", std::slice::from_ref(&base)).await;
    assert!(out.contains("registered client client-"), "{out}");
    assert!(out.contains("secret issued: yes"), "{out}");
    assert!(
        out.contains("token for the new client: expires in"),
        "{out}"
    );
    assert!(
        out.contains("authorization URL: http://127.0.0.1:"),
        "{out}"
    );
    assert!(out.contains("code_challenge_method=S256"), "{out}");
    assert_no_secrets("oauth_registration", &out);

    // The authorization code example waits for the browser: this test plays the user.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let binary = examples_dir().join(format!(
        "oauth_authorization_code{}",
        std::env::consts::EXE_SUFFIX
    ));
    let mut child = tokio::process::Command::new(binary)
        .env_clear()
        .envs([base, id, secret, ("TELNYX_REDIRECT_URI", redirect.clone())])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stdout));
    let mut printed = Vec::new();
    let url = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            printed.push(line.clone());
            if line.starts_with("http") {
                return line;
            }
        }
        panic!("no URL printed: {printed:?}");
    })
    .await
    .expect("the example prints the authorization URL");
    let url = reqwest::Url::parse(&url).unwrap();
    let callback = follow_authorization(&url).await;
    assert!(callback.starts_with(&redirect), "{callback}");
    let page = reqwest::get(&callback).await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Authorized"));
    let rest = tokio::time::timeout(Duration::from_secs(30), async {
        let mut rest = Vec::new();
        while let Some(line) = lines.next_line().await.unwrap() {
            rest.push(line);
        }
        rest
    })
    .await
    .expect("the example finishes");
    let status = child.wait().await.unwrap();
    let out = rest.join("\n");
    assert!(status.success(), "{printed:?}\n{out}");
    assert!(out.contains("callback received; state checked"), "{out}");
    assert!(
        out.contains("tokens received: expires in")
            && out.contains("refresh token: yes, scope: admin"),
        "{out}"
    );
    assert!(out.contains("grants of the user: 1"), "{out}");
    assert_no_secrets("oauth_authorization_code", &out);
}
