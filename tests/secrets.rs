//! Secrets stay out of logs and of `Debug` / `Display` output.
//!
//! Every event is captured at TRACE (the client's own and those of its HTTP stack) by a
//! `tracing_subscriber` fmt layer writing into memory, while the client, configured with an API
//! key and OAuth client credentials, runs against a wiremock server: a request retried after a
//! 503, a token exchange whose response carries an access and a refresh token, an introspection of
//! a token, a consent-token lookup with the token in the path, and failures (a 401 with a body, a
//! token response that does not decode, a refused connection). None of the secrets may then appear
//! in the logs, in `{:?}` of the client, its builder, the calls and responses, nor in `{}` / `{:?}`
//! of any error. The logs must show the retry, so that the test is not passing on empty logs.
//!
//! Decode errors of bodies that do not parse (a token response cut off, or form-encoded) or carry
//! a token under a field name nothing expects show no secret either (see the second test).

use std::time::Duration;

use telnyx_oauth::resources::OAuthClientListParams;
use telnyx_oauth::types::{AllowedGrantType, IntrospectRequest, TokenRequest};
use telnyx_oauth::{Client, Error};
use wiremock::matchers::{basic_auth, bearer_token, body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::Logs;

const API_KEY: &str = "sk-live-SECRET-123";
const CLIENT_ID: &str = "cid";
const CLIENT_SECRET: &str = "csecret-XYZ";
const ACCESS_TOKEN: &str = "at-SECRET";
const REFRESH_TOKEN: &str = "rt-SECRET";
const INTROSPECTED: &str = "tok-SECRET";
const CONSENT_TOKEN: &str = "ct-SECRET";
/// What the client sends for the client credentials: `Basic base64("cid:csecret-XYZ")`.
const BASIC_CREDENTIALS: &str = "Y2lkOmNzZWNyZXQtWFla";

/// Every string that must not be shown anywhere.
const SECRETS: [&str; 7] = [
    API_KEY,
    CLIENT_SECRET,
    ACCESS_TOKEN,
    REFRESH_TOKEN,
    INTROSPECTED,
    CONSENT_TOKEN,
    BASIC_CREDENTIALS,
];

fn client_list() -> serde_json::Value {
    serde_json::json!({
        "data": [],
        "meta": {"page_number": 1, "page_size": 20, "total_pages": 1, "total_results": 0}
    })
}

async fn mount(server: &MockServer) {
    // A request that is retried: 503 once, then 200.
    Mock::given(method("GET"))
        .and(path("/v2/oauth_clients"))
        .and(bearer_token(API_KEY))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("retry-after-ms", "10")
                .set_body_json(serde_json::json!({"error": "unavailable"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/oauth_clients"))
        .and(bearer_token(API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(client_list()))
        .with_priority(2)
        .mount(server)
        .await;
    // Token exchange (client credentials by HTTP Basic): the response carries both tokens.
    Mock::given(method("POST"))
        .and(path("/v2/oauth/token"))
        .and(basic_auth(CLIENT_ID, CLIENT_SECRET))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains(REFRESH_TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": ACCESS_TOKEN,
            "refresh_token": REFRESH_TOKEN,
            "token_type": "Bearer",
            "expires_in": 3600,
            "scope": "admin"
        })))
        .mount(server)
        .await;
    // The same, but the response does not decode (expires_in is not an integer).
    Mock::given(method("POST"))
        .and(path("/v2/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": ACCESS_TOKEN,
            "refresh_token": REFRESH_TOKEN,
            "token_type": "Bearer",
            "expires_in": "soon"
        })))
        .mount(server)
        .await;
    // Introspection: the token is in the form body.
    Mock::given(method("POST"))
        .and(path("/v2/oauth/introspect"))
        .and(basic_auth(CLIENT_ID, CLIENT_SECRET))
        .and(body_string_contains(format!("token={INTROSPECTED}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "active": true, "client_id": CLIENT_ID, "scope": "admin"
        })))
        .mount(server)
        .await;
    // Consent token in the path.
    Mock::given(method("GET"))
        .and(path(format!("/v2/oauth/consent/{CONSENT_TOKEN}")))
        .and(bearer_token(API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"client_id": CLIENT_ID, "name": "Example App", "verified": true}
        })))
        .mount(server)
        .await;
    // A 401 with a body.
    Mock::given(method("GET"))
        .and(path("/v2/oauth_grants"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_token",
            "error_description": "The access token is invalid or expired."
        })))
        .mount(server)
        .await;
}

#[tokio::test]
async fn secrets_stay_out_of_logs_debug_and_errors() {
    let (logs, _guard) = Logs::capture();

    let server = MockServer::start().await;
    mount(&server).await;
    let builder = Client::builder()
        .api_key(API_KEY)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .base_url(format!("{}/v2", server.uri()))
        .max_retries(2);
    let mut shown = vec![("builder Debug", format!("{builder:?}"))];
    let client = builder.build().unwrap();
    shown.push(("client Debug", format!("{client:?}")));

    // 1. Retried request: 503, then 200.
    let list = client
        .oauth_clients()
        .list(OAuthClientListParams::default());
    shown.push(("list Call Debug", format!("{list:?}")));
    let page = list
        .send_with_response()
        .await
        .expect("list after one retry");
    assert_eq!(page.status(), 200);
    shown.push(("list Response Debug", format!("{page:?}")));

    // 2. Token exchange.
    let mut refresh = TokenRequest::new(AllowedGrantType::RefreshToken);
    refresh.refresh_token = Some(REFRESH_TOKEN.into());
    shown.push(("TokenRequest Debug", format!("{refresh:?}")));
    let call = client.oauth().token(&refresh);
    shown.push(("token Call Debug", format!("{call:?}")));
    let token = call.send_with_response().await.expect("token exchange");
    assert_eq!(
        token.value().access_token,
        ACCESS_TOKEN,
        "the mock answered"
    );
    assert_eq!(token.value().refresh_token.as_deref(), Some(REFRESH_TOKEN));
    shown.push(("TokenResponse Debug", format!("{:?}", token.value())));
    shown.push((
        "TokenResponse Debug (pretty)",
        format!("{:#?}", token.value()),
    ));
    shown.push(("Response<TokenResponse> Debug", format!("{token:?}")));

    // 3. Introspection.
    let introspect = IntrospectRequest::new(INTROSPECTED);
    shown.push(("IntrospectRequest Debug", format!("{introspect:?}")));
    let introspected = client
        .oauth()
        .introspect(&introspect)
        .await
        .expect("introspect");
    assert!(introspected.active);
    shown.push(("IntrospectResponse Debug", format!("{introspected:?}")));

    // 4. Consent token in the path.
    let consent = client.oauth().retrieve(CONSENT_TOKEN);
    shown.push(("consent Call Debug", format!("{consent:?}")));
    let consent = consent.await.expect("consent token");
    shown.push(("ConsentTokenResponse Debug", format!("{consent:?}")));

    // 5. Errors: a 401 with a body, an undecodable token response, a refused connection.
    let unauthorized = client
        .oauth_grants()
        .list(Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(unauthorized, Error::Authentication(_)),
        "{unauthorized:?}"
    );
    let undecodable = client
        .oauth()
        .token(&TokenRequest::new(AllowedGrantType::ClientCredentials))
        .await
        .unwrap_err();
    assert!(
        matches!(undecodable, Error::Decode { .. }),
        "{undecodable:?}"
    );
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let unreachable = Client::builder()
        .api_key(API_KEY)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .base_url(format!("http://127.0.0.1:{closed_port}/v2"))
        .max_retries(0)
        .connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let refused = unreachable
        .oauth()
        .retrieve(CONSENT_TOKEN)
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Connection { .. }), "{refused:?}");
    for (name, e) in [
        ("401", &unauthorized),
        ("decode", &undecodable),
        ("connection", &refused),
    ] {
        shown.push((name, format!("{e}")));
        shown.push((name, format!("{e:?}")));
        shown.push((name, format!("{e:#?}")));
        if let Some(api) = e.api_error() {
            shown.push((name, format!("{api} {api:?} {:?}", api.body())));
        }
    }

    // The secrets were really sent (the mocks match on them) ...
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 7, "{requests:?}");
    let sent: String = requests
        .iter()
        .map(|r| {
            format!(
                "{} {:?} {}\n",
                r.url,
                r.headers,
                String::from_utf8_lossy(&r.body)
            )
        })
        .collect();
    for secret in [
        API_KEY,
        BASIC_CREDENTIALS,
        REFRESH_TOKEN,
        INTROSPECTED,
        CONSENT_TOKEN,
    ] {
        assert!(sent.contains(secret), "`{secret}` was not sent:\n{sent}");
    }

    // ... and are shown nowhere.
    let log = logs.text();
    shown.push(("logs", log.clone()));
    let mut leaks = Vec::new();
    for (what, text) in &shown {
        for secret in SECRETS {
            if text.contains(secret) {
                leaks.push(format!("`{secret}` in {what}:\n{text}\n"));
            }
        }
    }
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));

    // The logs are not empty: the retry and the route templates are there.
    assert!(
        log.contains("telnyx request failed; retrying"),
        "no retry event in the logs:\n{log}"
    );
    assert!(log.contains("status=503"), "{log}");
    assert!(log.contains("/oauth/consent/{consent_token}"), "{log}");
    assert!(log.contains("TRACE") || log.contains("DEBUG"), "{log}");
    assert!(format!("{:?}", token.value()).contains("[redacted]"));
}

/// A token only this test's responses carry; every piece of it from `LEAK` on is secret.
const LEAKY_TOKEN: &str = "tok3n-LEAK-0123456789abcdef";
/// A JWT-shaped secret, under a field name nothing expects.
const LEAKY_JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJMRUFLIn0.LEAKsignature";
/// What must not be shown: a prefix of both (a cut-off value shows only a prefix).
const LEAK_MARKS: [&str; 3] = ["tok3n-LEAK", "eyJhbGciOiJIUzI1NiJ9", "LEAKsignature"];

/// Decode errors of bodies that do not parse as JSON, or that carry the token under a field name
/// nothing expects, show no secret either. Token responses (the generated `oauth().token(..)` and
/// the runtime's `OAuthApp`) cut off inside and after the token, in form encoding instead of JSON,
/// and with the token under `value`: their bodies are left out of the error. A cut-off response
/// of another endpoint is shown, with its secrets redacted lexically.
#[tokio::test]
async fn undecodable_credential_responses_show_no_secret() {
    let server = MockServer::start().await;
    let token_bodies = [
        (
            "truncated",
            "application/json",
            format!(r#"{{"access_token":"{LEAKY_TOKEN}","token_type":"Bearer","expires_in":36"#),
        ),
        (
            "cut_in_token",
            "application/json",
            format!(
                r#"{{"token_type":"Bearer","access_token":"{}"#,
                &LEAKY_TOKEN[..15]
            ),
        ),
        (
            "not_json",
            "application/x-www-form-urlencoded",
            format!("access_token={LEAKY_TOKEN}&token_type=bearer&expires_in=3600"),
        ),
        (
            "unexpected_field",
            "application/json",
            format!(r#"{{"value":"{LEAKY_TOKEN}","jwt":"{LEAKY_JWT}","token_type":"Bearer"}}"#),
        ),
    ];
    for (scope, content_type, body) in &token_bodies {
        Mock::given(method("POST"))
            .and(path("/v2/oauth/token"))
            .and(body_string_contains(format!("scope={scope}")))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), content_type))
            .mount(&server)
            .await;
    }
    // Another endpoint, cut off: a secret under an expected name and a JWT under another.
    Mock::given(method("GET"))
        .and(path(format!("/v2/oauth/consent/{CONSENT_TOKEN}")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!(
                r#"{{"data": {{"client_id": "cid", "client_secret": "{LEAKY_TOKEN}", "logo": "{LEAKY_JWT}", "na"#
            ),
            "application/json",
        ))
        .mount(&server)
        .await;

    let client = Client::builder()
        .api_key(API_KEY)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .base_url(format!("{}/v2", server.uri()))
        .max_retries(0)
        .build()
        .unwrap();
    let mut errors = vec![];
    for (scope, _, _) in &token_bodies {
        let mut request = TokenRequest::new(AllowedGrantType::ClientCredentials);
        request.scope = Some(scope.to_string());
        let generated = client.oauth().token(&request).await.unwrap_err();
        let app = telnyx_oauth::oauth::OAuthApp::new(&client, CLIENT_ID)
            .client_secret(CLIENT_SECRET)
            .scope(*scope)
            .without_discovery();
        let runtime = app.client_credentials_token().await.unwrap_err();
        for (how, e) in [("oauth().token", generated), ("OAuthApp", runtime)] {
            assert!(
                matches!(&e, Error::Decode { snippet, .. } if snippet.contains("not shown")),
                "{scope} through {how}: the body is left out: {e:?}"
            );
            errors.push((format!("{scope} through {how}"), e));
        }
    }
    let other = client.oauth().retrieve(CONSENT_TOKEN).await.unwrap_err();
    let Error::Decode { snippet, .. } = &other else {
        panic!("a decode error: {other:?}");
    };
    assert!(
        snippet.contains(r#""client_id": "cid""#) && snippet.contains("[redacted]"),
        "the body is shown, its secrets redacted: {snippet}"
    );
    errors.push(("a cut-off consent response".into(), other));

    assert_eq!(server.received_requests().await.unwrap().len(), 9);
    let mut leaks = vec![];
    for (what, e) in &errors {
        for shown in [format!("{e}"), format!("{e:?}"), format!("{e:#?}")] {
            for mark in LEAK_MARKS {
                if shown.contains(mark) {
                    leaks.push(format!("`{mark}` in {what}:\n{shown}\n"));
                }
            }
        }
    }
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
}
