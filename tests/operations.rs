//! Every operation of the generated `telnyx_oauth` client, driven against a local wiremock server.
//!
//! Each test checks what goes over the wire (method, exact path, raw query string, `Authorization`,
//! `Content-Type`, body) and what comes back (the typed value equals what the mock returned). A few
//! more cover the error paths, `Call::url`, pagination and percent-encoding of path parameters.

use futures_util::StreamExt;
use serde_json::{json, Value};
use telnyx_oauth::resources::{
    OAuthClientListParams, OAuthGrantListParams, OAuthRetrieveAuthorizeParams,
};
use telnyx_oauth::types::{
    AllowedGrantType, AuthorizeOAuthResponseType, ClientType, CodeChallengeMethod,
    CreateOAuthGrantRequest, IntrospectRequest, OAuthClientCreateRequest, OAuthClientRecordType,
    OAuthClientUpdateRequest, OAuthDynamicRegistrationRequest, OAuthGrantRecordType,
    RegisterOAuthClientResponse400, TokenEndpointAuthMethod, TokenRequest, TokenResponseTokenType,
};
use telnyx_oauth::{Client, Error, ErrorBody};
use wiremock::matchers::{body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const API_KEY: &str = "test-key";
const BEARER: &str = "Bearer test-key";
/// `Basic base64("client-id:client-secret")`.
const BASIC: &str = "Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=";
const CLIENT_UUID: &str = "3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";
const GRANT_UUID: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A client with the API key only, pointed at `<server>/v2`.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/v2", server.uri()))
        .build()
        .expect("valid client configuration")
}

/// A client with the API key and OAuth client credentials, pointed at `<server>/v2`.
fn client_with_credentials(server: &MockServer) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .client_credentials("client-id", "client-secret")
        .base_url(format!("{}/v2", server.uri()))
        .build()
        .expect("valid client configuration")
}

/// A client that never retries (for the error-path tests).
fn client_no_retries(server: &MockServer) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/v2", server.uri()))
        .max_retries(0)
        .build()
        .expect("valid client configuration")
}

/// The one request the server received (fails if it got none or several).
async fn single_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is enabled");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got: {:?}",
        requests
            .iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect::<Vec<_>>()
    );
    requests.remove(0)
}

/// The value of a request header, if present.
fn header_value<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("header value is ASCII"))
}

/// Asserts method, exact (still percent-encoded) path and exact raw query of a received request.
fn assert_target(
    request: &Request,
    expected_method: &str,
    expected_path: &str,
    query: Option<&str>,
) {
    assert_eq!(request.method.as_str(), expected_method, "method");
    assert_eq!(request.url.path(), expected_path, "path");
    assert_eq!(request.url.query(), query, "raw query string");
}

/// The one request `server` received, checked to be `method` on `path` with the raw query
/// string `query` and exactly the `Authorization` header `authorization` (`None`: absent).
async fn sent(
    server: &MockServer,
    method: &str,
    path: &str,
    query: Option<&str>,
    authorization: Option<&str>,
) -> Request {
    let request = single_request(server).await;
    assert_target(&request, method, path, query);
    assert_authorization(&request, authorization);
    request
}

/// A mock that matches `verb` on `route` and, when `authorization` is given, only a request with
/// that `Authorization` header.
fn route(verb: &str, route: impl Into<String>, authorization: Option<&str>) -> MockBuilder {
    let mock = Mock::given(method(verb)).and(path(route));
    match authorization {
        Some(value) => mock.and(header("authorization", value)),
        None => mock,
    }
}

/// Matching a request's JSON body.
trait JsonBody {
    /// Matches only a request whose body is the JSON `expected`, sent as `application/json`.
    fn json_body(self, expected: &Value) -> Self;
}

impl JsonBody for MockBuilder {
    fn json_body(self, expected: &Value) -> Self {
        self.and(header("content-type", "application/json"))
            .and(body_json(expected))
    }
}

/// Mounting a mock that must be matched exactly once (wiremock checks when the server drops).
trait MountOnce {
    async fn mount_once(self, server: &MockServer);
}

impl MountOnce for Mock {
    async fn mount_once(self, server: &MockServer) {
        self.expect(1).mount(server).await;
    }
}

/// Asserts the pagination `meta` of a list page.
fn assert_page_meta(
    meta: Option<&telnyx_oauth::types::OAuthPaginationMeta>,
    page_number: i64,
    page_size: i64,
    total_pages: i64,
    total_results: i64,
) {
    let meta = meta.expect("meta");
    assert_eq!(meta.page_number, Some(page_number), "page_number");
    assert_eq!(meta.page_size, Some(page_size), "page_size");
    assert_eq!(meta.total_pages, Some(total_pages), "total_pages");
    assert_eq!(meta.total_results, Some(total_results), "total_results");
}

/// Asserts the `Authorization` header is exactly `expected` (`None`: absent).
fn assert_authorization(request: &Request, expected: Option<&str>) {
    let got: Vec<&str> = request
        .headers
        .get_all("authorization")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    match expected {
        Some(value) => assert_eq!(got, vec![value], "Authorization header"),
        None => assert!(
            got.is_empty(),
            "Authorization header must be absent, got {got:?}"
        ),
    }
}

/// Asserts the request has no body; returns it.
fn no_body(request: Request) -> Request {
    assert!(
        request.body.is_empty(),
        "expected no body, got {:?}",
        String::from_utf8_lossy(&request.body)
    );
    assert_eq!(header_value(&request, "content-type"), None, "Content-Type");
    request
}

/// Asserts a JSON body (with `Content-Type: application/json`) equal to `expected`.
fn assert_json_body(request: &Request, expected: &Value) {
    assert_eq!(
        header_value(request, "content-type"),
        Some("application/json"),
        "Content-Type"
    );
    let body: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(&body, expected, "JSON body");
}

/// Asserts a form body (with `Content-Type: application/x-www-form-urlencoded`) that is exactly
/// `raw` and decodes to exactly `fields` (in order).
fn assert_form_body(request: &Request, raw: &str, fields: &[(&str, &str)]) {
    assert_eq!(
        header_value(request, "content-type"),
        Some("application/x-www-form-urlencoded"),
        "Content-Type"
    );
    let body = std::str::from_utf8(&request.body).expect("form body is UTF-8");
    assert_eq!(body, raw, "raw form body");
    let mut url = reqwest::Url::parse("http://form.invalid/").unwrap();
    url.set_query(Some(body));
    let decoded: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let expected: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(decoded, expected, "decoded form fields");
}

/// A full `OAuthClient` as the API returns it, with nullable fields in all three states
/// (`client_secret` set, `logo_uri` null, `policy_uri` absent).
fn oauth_client_json(client_id: &str, name: &str) -> Value {
    json!({
        "record_type": "oauth_client",
        "client_id": client_id,
        "client_secret": "tlx_secret_4c8d1e7a2b9f",
        "client_type": "confidential",
        "name": name,
        "org_id": "a1b2c3d4-e5f6-4789-abcd-ef0123456789",
        "user_id": "f47ac10b-58cc-4372-a567-0e02b2c3d479",
        "require_pkce": true,
        "allowed_grant_types": ["client_credentials", "refresh_token"],
        "allowed_scopes": ["admin"],
        "redirect_uris": ["https://example.com/callback"],
        "logo_uri": null,
        "tos_uri": "https://example.com/terms",
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": "2024-01-02T00:00:00Z"
    })
}

/// Checks a typed `OAuthClient` against [`oauth_client_json`].
fn assert_oauth_client(c: &telnyx_oauth::types::OAuthClient, client_id: &str, name: &str) {
    assert_eq!(c.client_id, client_id);
    assert_eq!(c.name, name);
    assert_eq!(c.record_type, OAuthClientRecordType::OAuthClient);
    assert_eq!(c.client_type, ClientType::Confidential);
    assert_eq!(
        c.client_secret,
        Some(Some("tlx_secret_4c8d1e7a2b9f".to_owned()))
    );
    assert_eq!(c.org_id, "a1b2c3d4-e5f6-4789-abcd-ef0123456789");
    assert_eq!(c.user_id, "f47ac10b-58cc-4372-a567-0e02b2c3d479");
    assert!(c.require_pkce);
    assert_eq!(
        c.allowed_grant_types,
        Some(vec![
            AllowedGrantType::ClientCredentials,
            AllowedGrantType::RefreshToken
        ])
    );
    assert_eq!(c.allowed_scopes, Some(vec!["admin".to_owned()]));
    assert_eq!(
        c.redirect_uris,
        Some(vec!["https://example.com/callback".to_owned()])
    );
    assert_eq!(c.logo_uri, Some(None), "null logo_uri");
    assert_eq!(c.policy_uri, None, "absent policy_uri");
    assert_eq!(
        c.tos_uri,
        Some(Some("https://example.com/terms".to_owned()))
    );
    assert_eq!(c.created_at, "2024-01-01T00:00:00Z");
    assert_eq!(c.updated_at, "2024-01-02T00:00:00Z");
    assert!(c.extra.is_empty(), "no unknown fields: {:?}", c.extra);
}

fn oauth_grant_json(id: &str) -> Value {
    json!({
        "record_type": "oauth_grant",
        "id": id,
        "client_id": "tlx_oauth_client_9f3b2c1a",
        "scopes": ["admin"],
        "created_at": "2024-01-01T00:00:00Z",
        "last_used_at": "2024-01-02T12:30:00Z"
    })
}

fn assert_oauth_grant(g: &telnyx_oauth::types::OAuthGrant, id: &str) {
    assert_eq!(g.id, id);
    assert_eq!(g.record_type, OAuthGrantRecordType::OAuthGrant);
    assert_eq!(g.client_id, "tlx_oauth_client_9f3b2c1a");
    assert_eq!(g.scopes, vec!["admin".to_owned()]);
    assert_eq!(g.created_at, "2024-01-01T00:00:00Z");
    assert_eq!(
        g.last_used_at,
        Some(Some("2024-01-02T12:30:00Z".to_owned()))
    );
}

// ---------------------------------------------------------------------------------------------
// Discovery (`/.well-known/*`, served from the host root)
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn well_known_retrieve_authorization_server_metadata() {
    let server = MockServer::start().await;
    route("GET", "/.well-known/oauth-authorization-server", None)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "issuer": "https://api.telnyx.com",
            "authorization_endpoint": "https://api.telnyx.com/v2/oauth/authorize",
            "token_endpoint": "https://api.telnyx.com/v2/oauth/token",
            "introspection_endpoint": "https://api.telnyx.com/v2/oauth/introspect",
            "jwks_uri": "https://api.telnyx.com/v2/oauth/jwks",
            "registration_endpoint": "https://api.telnyx.com/v2/oauth/register",
            "scopes_supported": ["admin"],
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
            "code_challenge_methods_supported": ["plain", "S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "service_documentation": "https://developers.telnyx.com"
        })))
        .mount_once(&server)
        .await;

    let metadata = client(&server)
        .well_known()
        .retrieve_authorization_server_metadata()
        .await
        .expect("metadata");

    assert_eq!(metadata.issuer.as_deref(), Some("https://api.telnyx.com"));
    assert_eq!(
        metadata.authorization_endpoint.as_deref(),
        Some("https://api.telnyx.com/v2/oauth/authorize")
    );
    assert_eq!(
        metadata.token_endpoint.as_deref(),
        Some("https://api.telnyx.com/v2/oauth/token")
    );
    assert_eq!(
        metadata.introspection_endpoint.as_deref(),
        Some("https://api.telnyx.com/v2/oauth/introspect")
    );
    assert_eq!(
        metadata.jwks_uri.as_deref(),
        Some("https://api.telnyx.com/v2/oauth/jwks")
    );
    assert_eq!(
        metadata.registration_endpoint.as_deref(),
        Some("https://api.telnyx.com/v2/oauth/register")
    );
    assert_eq!(metadata.scopes_supported, Some(vec!["admin".to_owned()]));
    assert_eq!(
        metadata.response_types_supported,
        Some(vec!["code".to_owned()])
    );
    assert_eq!(
        metadata.code_challenge_methods_supported,
        Some(vec!["plain".to_owned(), "S256".to_owned()])
    );
    assert_eq!(
        metadata.grant_types_supported.as_ref().map(Vec::len),
        Some(3)
    );
    assert_eq!(
        metadata.token_endpoint_auth_methods_supported,
        Some(vec![
            "client_secret_basic".to_owned(),
            "client_secret_post".to_owned()
        ])
    );
    // Undocumented fields are kept.
    assert_eq!(
        metadata.extra.get("service_documentation"),
        Some(&json!("https://developers.telnyx.com"))
    );

    // Host root, not `/v2/.well-known/...`.
    let request = no_body(
        sent(
            &server,
            "GET",
            "/.well-known/oauth-authorization-server",
            None,
            None,
        )
        .await,
    );
    assert_eq!(header_value(&request, "accept"), Some("application/json"));
}

#[tokio::test]
async fn well_known_retrieve_protected_resource_metadata() {
    let server = MockServer::start().await;
    route("GET", "/.well-known/oauth-protected-resource", None)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "resource": "https://api.telnyx.com/v2",
            "authorization_servers": ["https://api.telnyx.com"]
        })))
        .mount_once(&server)
        .await;

    // Even with client credentials configured, nothing is sent to a `security: []` operation.
    let metadata = client_with_credentials(&server)
        .well_known()
        .retrieve_protected_resource_metadata()
        .await
        .expect("metadata");

    assert_eq!(
        metadata.resource.as_deref(),
        Some("https://api.telnyx.com/v2")
    );
    assert_eq!(
        metadata.authorization_servers,
        Some(vec!["https://api.telnyx.com".to_owned()])
    );
    assert!(metadata.extra.is_empty());

    no_body(
        sent(
            &server,
            "GET",
            "/.well-known/oauth-protected-resource",
            None,
            None,
        )
        .await,
    );
}

// ---------------------------------------------------------------------------------------------
// OAuth protocol endpoints
// ---------------------------------------------------------------------------------------------

fn full_authorize_params() -> OAuthRetrieveAuthorizeParams {
    let mut params = OAuthRetrieveAuthorizeParams::new(
        AuthorizeOAuthResponseType::Code,
        "tlx_oauth_client_9f3b2c1a",
        "https://example.com/callback",
    );
    params.scope = Some("admin read".to_owned());
    params.state = Some("xyz/123".to_owned());
    params.code_challenge = Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned());
    params.code_challenge_method = Some(CodeChallengeMethod::S256);
    params
}

/// The query `full_authorize_params` must produce, in declaration order, values percent-encoded.
const FULL_AUTHORIZE_QUERY: &str = "response_type=code\
&client_id=tlx_oauth_client_9f3b2c1a\
&redirect_uri=https%3A%2F%2Fexample.com%2Fcallback\
&scope=admin%20read\
&state=xyz%2F123\
&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
&code_challenge_method=S256";

#[tokio::test]
async fn oauth_retrieve_authorize() {
    let server = MockServer::start().await;
    let location = "https://example.com/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz%2F123";
    route("GET", "/v2/oauth/authorize", None)
        .and(query_param("response_type", "code"))
        .and(query_param("client_id", "tlx_oauth_client_9f3b2c1a"))
        .and(query_param("redirect_uri", "https://example.com/callback"))
        .and(query_param("scope", "admin read"))
        .and(query_param("state", "xyz/123"))
        .and(query_param("code_challenge_method", "S256"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", location))
        .mount_once(&server)
        .await;

    // Credentials configured, but the authorize endpoint takes none.
    let redirect = client_with_credentials(&server)
        .oauth()
        .retrieve_authorize(full_authorize_params())
        .await
        .expect("the 302 is returned, not followed");

    assert_eq!(redirect.status(), 302);
    assert_eq!(redirect.location(), Some(location));

    no_body(
        sent(
            &server,
            "GET",
            "/v2/oauth/authorize",
            Some(FULL_AUTHORIZE_QUERY),
            None,
        )
        .await,
    );
}

#[tokio::test]
async fn oauth_retrieve_authorize_minimal_params() {
    let server = MockServer::start().await;
    route("GET", "/v2/oauth/authorize", None)
        .respond_with(
            ResponseTemplate::new(303)
                .insert_header("location", "https://portal.telnyx.com/consent?t=1"),
        )
        .mount(&server)
        .await;

    let redirect = client(&server)
        .oauth()
        .retrieve_authorize(OAuthRetrieveAuthorizeParams::new(
            AuthorizeOAuthResponseType::Code,
            "cid",
            "https://example.com/cb",
        ))
        .await
        .expect("redirect");
    assert_eq!(redirect.status(), 303);
    assert_eq!(
        redirect.location(),
        Some("https://portal.telnyx.com/consent?t=1")
    );

    // Unset optional parameters are left out entirely.
    // The API key is configured, but `security: []` means it is not sent.
    sent(
        &server,
        "GET",
        "/v2/oauth/authorize",
        Some("response_type=code&client_id=cid&redirect_uri=https%3A%2F%2Fexample.com%2Fcb"),
        None,
    )
    .await;
}

#[tokio::test]
async fn oauth_retrieve_authorize_url_sends_nothing() {
    let server = MockServer::start().await;
    let call = client_with_credentials(&server)
        .oauth()
        .retrieve_authorize(full_authorize_params());

    let url = call.url().expect("URL");
    assert_eq!(
        url.as_str(),
        format!("{}/v2/oauth/authorize?{FULL_AUTHORIZE_QUERY}", server.uri())
    );
    // The URL carries no credentials.
    assert!(!url.as_str().contains("test-key"));
    assert!(!url.as_str().contains("client-secret"));
    assert_eq!(url.username(), "");
    assert_eq!(url.password(), None);

    drop(call);
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests.is_empty(),
        "url() must not send anything: {requests:?}"
    );
}

#[tokio::test]
async fn oauth_retrieve() {
    let server = MockServer::start().await;
    // A token with `/` and a space: one encoded path segment.
    let token = "ct_9f3b/2c 1a";
    route("GET", "/v2/oauth/consent/ct_9f3b%2F2c%201a", Some(BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {
                "client_id": "tlx_oauth_client_9f3b2c1a",
                "name": "Example App",
                "logo_uri": null,
                "policy_uri": "https://example.com/privacy",
                "redirect_uri": "https://example.com/callback",
                "requested_scopes": [
                    {"id": "admin", "name": "Admin", "description": "Full access"}
                ],
                "verified": true
            }
        })))
        .mount_once(&server)
        .await;

    let consent = client(&server)
        .oauth()
        .retrieve(token)
        .await
        .expect("consent");

    let data = consent.data.expect("data");
    assert_eq!(data.client_id.as_deref(), Some("tlx_oauth_client_9f3b2c1a"));
    assert_eq!(data.name.as_deref(), Some("Example App"));
    assert_eq!(data.logo_uri, Some(None));
    assert_eq!(
        data.policy_uri,
        Some(Some("https://example.com/privacy".to_owned()))
    );
    assert_eq!(data.tos_uri, None);
    assert_eq!(
        data.redirect_uri.as_deref(),
        Some("https://example.com/callback")
    );
    assert_eq!(data.verified, Some(true));
    let scopes = data.requested_scopes.expect("requested_scopes");
    assert_eq!(scopes.len(), 1);
    assert_eq!(scopes[0].id.as_deref(), Some("admin"));
    assert_eq!(scopes[0].name.as_deref(), Some("Admin"));
    assert_eq!(scopes[0].description.as_deref(), Some("Full access"));

    no_body(
        sent(
            &server,
            "GET",
            "/v2/oauth/consent/ct_9f3b%2F2c%201a",
            None,
            Some(BEARER),
        )
        .await,
    );
}

#[tokio::test]
async fn oauth_grants() {
    let server = MockServer::start().await;
    route("POST", "/v2/oauth/grants", Some(BEARER))
        .json_body(&json!({"allowed": true, "consent_token": "ct_123"}))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "redirect_uri": "https://example.com/callback?code=abc&state=xyz"
        })))
        .mount_once(&server)
        .await;

    let grant = client(&server)
        .oauth()
        .grants(&CreateOAuthGrantRequest::new(true, "ct_123"))
        .await
        .expect("grant");
    assert_eq!(
        grant.redirect_uri,
        "https://example.com/callback?code=abc&state=xyz"
    );

    let request = sent(&server, "POST", "/v2/oauth/grants", None, Some(BEARER)).await;
    assert_json_body(
        &request,
        &json!({"allowed": true, "consent_token": "ct_123"}),
    );
}

#[tokio::test]
async fn oauth_introspect() {
    let server = MockServer::start().await;
    route("POST", "/v2/oauth/introspect", Some(BASIC))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("token=eyJ.tok+en%2F%3D"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "active": true,
            "client_id": "tlx_oauth_client_9f3b2c1a",
            "scope": "admin",
            "aud": "https://api.telnyx.com",
            "iss": "https://api.telnyx.com",
            "exp": 1704070800,
            "iat": 1704067200
        })))
        .mount_once(&server)
        .await;

    let introspection = client_with_credentials(&server)
        .oauth()
        .introspect(&IntrospectRequest::new("eyJ.tok en/="))
        .await
        .expect("introspection");

    assert!(introspection.active);
    assert_eq!(
        introspection.client_id.as_deref(),
        Some("tlx_oauth_client_9f3b2c1a")
    );
    assert_eq!(introspection.scope.as_deref(), Some("admin"));
    assert_eq!(introspection.aud.as_deref(), Some("https://api.telnyx.com"));
    assert_eq!(introspection.iss.as_deref(), Some("https://api.telnyx.com"));
    assert_eq!(introspection.exp, Some(1_704_070_800));
    assert_eq!(introspection.iat, Some(1_704_067_200));

    // HTTP Basic with the client credentials, not the API key.
    let request = sent(&server, "POST", "/v2/oauth/introspect", None, Some(BASIC)).await;
    assert_form_body(
        &request,
        "token=eyJ.tok+en%2F%3D",
        &[("token", "eyJ.tok en/=")],
    );
}

#[tokio::test]
async fn oauth_introspect_without_client_credentials_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"active": false})))
        .mount(&server)
        .await;

    // Only an API key: introspection requires the OAuth client credentials.
    let err = client(&server)
        .oauth()
        .introspect(&IntrospectRequest::new("tok"))
        .max_retries(0)
        .await
        .expect_err("no client credentials");
    match &err {
        Error::Config(message) => {
            assert!(message.contains("client_credentials"), "{message}");
            assert!(!message.contains(API_KEY), "{message}");
        }
        other => panic!("expected Error::Config, got {other:?}"),
    }
    assert_eq!(err.attempts(), 0);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn oauth_retrieve_jwks() {
    let server = MockServer::start().await;
    route("GET", "/v2/oauth/jwks", None)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "keys": [
                {"kty": "RSA", "kid": "telnyx-oauth-2024-01", "use": "sig", "alg": "RS256",
                 "n": "0vx7agoebGcQSuuPiLJXZpt", "e": "AQAB"}
            ]
        })))
        .mount_once(&server)
        .await;

    let jwks = client(&server).oauth().retrieve_jwks().await.expect("jwks");

    let keys = jwks.keys.expect("keys");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].kty.as_deref(), Some("RSA"));
    assert_eq!(keys[0].kid.as_deref(), Some("telnyx-oauth-2024-01"));
    assert_eq!(keys[0].use_.as_deref(), Some("sig"));
    assert_eq!(keys[0].alg.as_deref(), Some("RS256"));
    // Key material the schema does not list is kept.
    assert_eq!(keys[0].extra.get("e"), Some(&json!("AQAB")));
    assert_eq!(
        keys[0].extra.get("n"),
        Some(&json!("0vx7agoebGcQSuuPiLJXZpt"))
    );

    no_body(sent(&server, "GET", "/v2/oauth/jwks", None, None).await);
}

#[tokio::test]
async fn oauth_register() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "client_name": "Example App",
        "grant_types": ["authorization_code", "refresh_token"],
        "redirect_uris": ["https://example.com/callback"],
        "response_types": ["code"],
        "scope": "admin",
        "token_endpoint_auth_method": "client_secret_post"
    });
    route("POST", "/v2/oauth/register", None)
        .json_body(&expected_body)
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "client_id": "tlx_oauth_client_9f3b2c1a",
            "client_id_issued_at": 1704067200,
            "client_secret": "tlx_secret_4c8d1e7a2b9f",
            "client_name": "Example App",
            "grant_types": ["authorization_code", "refresh_token"],
            "redirect_uris": ["https://example.com/callback"],
            "response_types": ["code"],
            "scope": "admin",
            "token_endpoint_auth_method": "client_secret_post"
        })))
        .mount_once(&server)
        .await;

    let body = OAuthDynamicRegistrationRequest {
        client_name: Some("Example App".to_owned()),
        grant_types: Some(vec![
            AllowedGrantType::AuthorizationCode,
            AllowedGrantType::RefreshToken,
        ]),
        redirect_uris: Some(vec!["https://example.com/callback".to_owned()]),
        response_types: Some(vec!["code".to_owned()]),
        scope: Some("admin".to_owned()),
        token_endpoint_auth_method: Some(TokenEndpointAuthMethod::ClientSecretPost),
        ..Default::default()
    };
    // API key and client credentials configured; registration is `security: []`.
    let registered = client_with_credentials(&server)
        .oauth()
        .register(&body)
        .await
        .expect("registered");

    assert_eq!(registered.client_id, "tlx_oauth_client_9f3b2c1a");
    assert_eq!(registered.client_id_issued_at, 1_704_067_200);
    assert_eq!(
        registered.client_secret.as_deref(),
        Some("tlx_secret_4c8d1e7a2b9f")
    );
    assert_eq!(registered.client_name.as_deref(), Some("Example App"));
    assert_eq!(
        registered.grant_types,
        Some(vec![
            "authorization_code".to_owned(),
            "refresh_token".to_owned()
        ])
    );
    assert_eq!(registered.scope.as_deref(), Some("admin"));
    assert_eq!(
        registered.token_endpoint_auth_method.as_deref(),
        Some("client_secret_post")
    );
    // The secret stays out of Debug output.
    assert!(!format!("{registered:?}").contains("tlx_secret_4c8d1e7a2b9f"));

    let request = sent(&server, "POST", "/v2/oauth/register", None, None).await;
    assert_json_body(&request, &expected_body);
}

#[tokio::test]
async fn oauth_token() {
    let server = MockServer::start().await;
    let raw_form = "code=SplxlOBeZQQYbYS6WxSbIA\
&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk\
&grant_type=authorization_code\
&redirect_uri=https%3A%2F%2Fexample.com%2Fcallback";
    route("POST", "/v2/oauth/token", Some(BASIC))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "eyJhbGciOiJSUzI1NiJ9.payload.sig",
            "token_type": "Bearer",
            "expires_in": 3600,
            "refresh_token": "tlx_refresh_8e2f5a9c3d1b",
            "scope": "admin"
        })))
        .mount_once(&server)
        .await;

    let mut body = TokenRequest::new(AllowedGrantType::AuthorizationCode);
    body.code = Some("SplxlOBeZQQYbYS6WxSbIA".to_owned());
    body.code_verifier = Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned());
    body.redirect_uri = Some("https://example.com/callback".to_owned());
    let token = client_with_credentials(&server)
        .oauth()
        .token(&body)
        .await
        .expect("token");

    assert_eq!(token.access_token, "eyJhbGciOiJSUzI1NiJ9.payload.sig");
    assert_eq!(token.token_type, TokenResponseTokenType::Bearer);
    assert_eq!(token.expires_in, 3600);
    assert_eq!(
        token.refresh_token.as_deref(),
        Some("tlx_refresh_8e2f5a9c3d1b")
    );
    assert_eq!(token.scope.as_deref(), Some("admin"));
    let shown = format!("{token:?}");
    assert!(!shown.contains("eyJhbGciOiJSUzI1NiJ9"), "{shown}");
    assert!(!shown.contains("tlx_refresh_8e2f5a9c3d1b"), "{shown}");

    // HTTP Basic with the client credentials, never the API key.
    let request = sent(&server, "POST", "/v2/oauth/token", None, Some(BASIC)).await;
    assert_form_body(
        &request,
        raw_form,
        &[
            ("code", "SplxlOBeZQQYbYS6WxSbIA"),
            (
                "code_verifier",
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            ),
            ("grant_type", "authorization_code"),
            ("redirect_uri", "https://example.com/callback"),
        ],
    );
}

#[tokio::test]
async fn oauth_token_without_client_credentials_sends_no_authorization() {
    let server = MockServer::start().await;
    route("POST", "/v2/oauth/token", None)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "at_1",
            "token_type": "Bearer",
            "expires_in": 600
        })))
        .mount_once(&server)
        .await;

    // Credentials in the body (client_secret_post) and only an API key configured.
    let mut body = TokenRequest::new(AllowedGrantType::ClientCredentials);
    body.client_id = Some("client-id".to_owned());
    body.client_secret = Some("s3cr&t=1".to_owned());
    body.scope = Some("admin".to_owned());
    let token = client(&server).oauth().token(&body).await.expect("token");

    assert_eq!(token.access_token, "at_1");
    assert_eq!(token.expires_in, 600);
    assert_eq!(token.refresh_token, None);
    assert_eq!(token.scope, None);

    // Neither Basic (no credentials configured) nor the API key.
    let request = sent(&server, "POST", "/v2/oauth/token", None, None).await;
    assert_form_body(
        &request,
        "client_id=client-id&client_secret=s3cr%26t%3D1&grant_type=client_credentials&scope=admin",
        &[
            ("client_id", "client-id"),
            ("client_secret", "s3cr&t=1"),
            ("grant_type", "client_credentials"),
            ("scope", "admin"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// OAuth clients
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn oauth_clients_list() {
    let server = MockServer::start().await;
    route("GET", "/v2/oauth_clients", Some(BEARER))
        .and(query_param("page[size]", "25"))
        .and(query_param("page[number]", "2"))
        .and(query_param("filter[client_type]", "confidential"))
        .and(query_param("filter[verified]", "true"))
        .and(query_param(
            "filter[allowed_grant_types][contains]",
            "client_credentials",
        ))
        .and(query_param("filter[name]", "Example App"))
        .and(query_param("filter[name][contains]", "Exa&mple"))
        .and(query_param(
            "filter[client_id]",
            "tlx_oauth_client_9f3b2c1a",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                oauth_client_json("tlx_oauth_client_9f3b2c1a", "Example App"),
                oauth_client_json("tlx_oauth_client_0000", "Other App")
            ],
            "meta": {"page_number": 2, "page_size": 25, "total_pages": 3, "total_results": 52}
        })))
        .mount_once(&server)
        .await;

    let params = OAuthClientListParams {
        page_size: Some(25),
        page_number: Some(2),
        filter_client_type: Some(ClientType::Confidential),
        filter_verified: Some(true),
        filter_allowed_grant_types_contains: Some(AllowedGrantType::ClientCredentials),
        filter_name: Some("Example App".to_owned()),
        filter_name_contains: Some("Exa&mple".to_owned()),
        filter_client_id: Some("tlx_oauth_client_9f3b2c1a".to_owned()),
    };
    let page = client(&server)
        .oauth_clients()
        .list(params)
        .await
        .expect("page");

    let data = page.data.as_deref().expect("data");
    assert_eq!(data.len(), 2);
    assert_oauth_client(&data[0], "tlx_oauth_client_9f3b2c1a", "Example App");
    assert_oauth_client(&data[1], "tlx_oauth_client_0000", "Other App");
    assert_page_meta(page.meta.as_ref(), 2, 25, 3, 52);
    // The secret stays out of Debug output.
    assert!(!format!("{page:?}").contains("tlx_secret_4c8d1e7a2b9f"));

    no_body(sent(
        &server,
        "GET",
        "/v2/oauth_clients",
        Some(
            "page[size]=25&page[number]=2&filter[client_type]=confidential&filter[verified]=true\
            &filter[allowed_grant_types][contains]=client_credentials&filter[name]=Example%20App\
            &filter[name][contains]=Exa%26mple&filter[client_id]=tlx_oauth_client_9f3b2c1a",
        ),
        Some(BEARER),
    ).await);
}

#[tokio::test]
async fn oauth_clients_list_without_params_sends_no_query() {
    let server = MockServer::start().await;
    route("GET", "/v2/oauth_clients", None)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [],
            "meta": {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}
        })))
        .mount(&server)
        .await;

    let page = client(&server)
        .oauth_clients()
        .list(OAuthClientListParams::default())
        .await
        .expect("page");
    assert_eq!(page.data.as_deref(), Some(&[][..]));
    assert_eq!(page.meta.as_ref().expect("meta").total_results, Some(0));

    sent(&server, "GET", "/v2/oauth_clients", None, Some(BEARER)).await;
}

#[tokio::test]
async fn oauth_clients_list_into_stream_walks_every_page() {
    let server = MockServer::start().await;
    for number in 1..=3 {
        route("GET", "/v2/oauth_clients", None)
            .and(query_param("page[number]", number.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "data": [oauth_client_json(&format!("client-{number}"), "App")],
                "meta": {"page_number": number, "page_size": 1, "total_pages": 3, "total_results": 3}
            })))
            .mount_once(&server)
            .await;
    }

    let params = OAuthClientListParams {
        page_size: Some(1),
        page_number: Some(1),
        filter_client_type: Some(ClientType::Public),
        ..Default::default()
    };
    let ids: Vec<String> = client(&server)
        .oauth_clients()
        .list(params)
        .into_stream()
        .map(|item| item.expect("item").client_id)
        .collect()
        .await;
    assert_eq!(ids, ["client-1", "client-2", "client-3"]);

    let requests = server.received_requests().await.unwrap();
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    // The other parameters are kept; only page[number] changes.
    assert_eq!(
        queries,
        [
            Some("page[size]=1&page[number]=1&filter[client_type]=public"),
            Some("page[size]=1&filter[client_type]=public&page[number]=2"),
            Some("page[size]=1&filter[client_type]=public&page[number]=3"),
        ]
    );
    for request in &requests {
        assert_authorization(request, Some(BEARER));
    }
}

#[tokio::test]
async fn oauth_clients_create() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "allowed_grant_types": ["client_credentials", "refresh_token"],
        "allowed_scopes": ["admin"],
        "client_type": "confidential",
        "name": "Example App",
        "redirect_uris": ["https://example.com/callback"],
        "require_pkce": true,
        "tos_uri": "https://example.com/terms"
    });
    route("POST", "/v2/oauth_clients", Some(BEARER))
        .json_body(&expected_body)
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "data": oauth_client_json("tlx_oauth_client_9f3b2c1a", "Example App")
        })))
        .mount_once(&server)
        .await;

    let mut body = OAuthClientCreateRequest::new(
        vec![
            AllowedGrantType::ClientCredentials,
            AllowedGrantType::RefreshToken,
        ],
        vec!["admin".to_owned()],
        ClientType::Confidential,
        "Example App",
    );
    body.redirect_uris = Some(vec!["https://example.com/callback".to_owned()]);
    body.require_pkce = Some(true);
    body.tos_uri = Some("https://example.com/terms".to_owned());
    let created = client(&server)
        .oauth_clients()
        .create(&body)
        .await
        .expect("created");

    assert_oauth_client(
        created.data.as_ref().expect("data"),
        "tlx_oauth_client_9f3b2c1a",
        "Example App",
    );

    let request = sent(&server, "POST", "/v2/oauth_clients", None, Some(BEARER)).await;
    // Unset optional fields (logo_uri, policy_uri) are omitted, not sent as null.
    assert_json_body(&request, &expected_body);
}

#[tokio::test]
async fn oauth_clients_retrieve() {
    let server = MockServer::start().await;
    route(
        "GET",
        format!("/v2/oauth_clients/{CLIENT_UUID}"),
        Some(BEARER),
    )
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({
        "data": oauth_client_json("tlx_oauth_client_9f3b2c1a", "Example App")
    })))
    .mount_once(&server)
    .await;

    let response = client(&server)
        .oauth_clients()
        .retrieve(CLIENT_UUID)
        .send_with_response()
        .await
        .expect("client");

    assert_eq!(response.status(), 200);
    assert_oauth_client(
        response.value().data.as_ref().expect("data"),
        "tlx_oauth_client_9f3b2c1a",
        "Example App",
    );

    no_body(
        sent(
            &server,
            "GET",
            &format!("/v2/oauth_clients/{CLIENT_UUID}"),
            None,
            Some(BEARER),
        )
        .await,
    );
}

#[tokio::test]
async fn oauth_clients_update() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "name": "Renamed App",
        "allowed_scopes": ["admin"],
        "require_pkce": false
    });
    route(
        "PUT",
        format!("/v2/oauth_clients/{CLIENT_UUID}"),
        Some(BEARER),
    )
    .json_body(&expected_body)
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({
        "data": oauth_client_json("tlx_oauth_client_9f3b2c1a", "Renamed App")
    })))
    .mount_once(&server)
    .await;

    let body = OAuthClientUpdateRequest {
        name: Some("Renamed App".to_owned()),
        allowed_scopes: Some(vec!["admin".to_owned()]),
        require_pkce: Some(false),
        ..Default::default()
    };
    let updated = client(&server)
        .oauth_clients()
        .update(CLIENT_UUID, &body)
        .await
        .expect("updated");

    assert_oauth_client(
        updated.data.as_ref().expect("data"),
        "tlx_oauth_client_9f3b2c1a",
        "Renamed App",
    );

    let request = sent(
        &server,
        "PUT",
        &format!("/v2/oauth_clients/{CLIENT_UUID}"),
        None,
        Some(BEARER),
    )
    .await;
    // Fields left `None` are not sent (so they are left unchanged).
    assert_json_body(&request, &expected_body);
}

#[tokio::test]
async fn oauth_clients_delete() {
    let server = MockServer::start().await;
    route(
        "DELETE",
        format!("/v2/oauth_clients/{CLIENT_UUID}"),
        Some(BEARER),
    )
    .respond_with(ResponseTemplate::new(204))
    .mount_once(&server)
    .await;

    let response = client(&server)
        .oauth_clients()
        .delete(CLIENT_UUID)
        .send_with_response()
        .await
        .expect("deleted");
    let () = *response.value();
    assert_eq!(response.status(), 204);
    assert!(response.body().is_empty());

    no_body(
        sent(
            &server,
            "DELETE",
            &format!("/v2/oauth_clients/{CLIENT_UUID}"),
            None,
            Some(BEARER),
        )
        .await,
    );
}

// ---------------------------------------------------------------------------------------------
// OAuth grants
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn oauth_grants_list() {
    let server = MockServer::start().await;
    route("GET", "/v2/oauth_grants", Some(BEARER))
        .and(query_param("page[size]", "10"))
        .and(query_param("page[number]", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [oauth_grant_json(GRANT_UUID)],
            "meta": {"page_number": 1, "page_size": 10, "total_pages": 1, "total_results": 1}
        })))
        .mount_once(&server)
        .await;

    let params = OAuthGrantListParams {
        page_size: Some(10),
        page_number: Some(1),
    };
    let page = client(&server)
        .oauth_grants()
        .list(params)
        .await
        .expect("page");

    let data = page.data.as_deref().expect("data");
    assert_eq!(data.len(), 1);
    assert_oauth_grant(&data[0], GRANT_UUID);
    assert_page_meta(page.meta.as_ref(), 1, 10, 1, 1);

    no_body(
        sent(
            &server,
            "GET",
            "/v2/oauth_grants",
            Some("page[size]=10&page[number]=1"),
            Some(BEARER),
        )
        .await,
    );
}

#[tokio::test]
async fn oauth_grants_retrieve() {
    let server = MockServer::start().await;
    let mut grant = oauth_grant_json(GRANT_UUID);
    grant["last_used_at"] = Value::Null;
    route(
        "GET",
        format!("/v2/oauth_grants/{GRANT_UUID}"),
        Some(BEARER),
    )
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": grant})))
    .mount_once(&server)
    .await;

    let retrieved = client(&server)
        .oauth_grants()
        .retrieve(GRANT_UUID)
        .await
        .expect("grant");

    let data = retrieved.data.as_ref().expect("data");
    assert_eq!(data.id, GRANT_UUID);
    assert_eq!(data.record_type, OAuthGrantRecordType::OAuthGrant);
    assert_eq!(data.scopes, vec!["admin".to_owned()]);
    assert_eq!(data.last_used_at, Some(None), "null last_used_at");

    no_body(
        sent(
            &server,
            "GET",
            &format!("/v2/oauth_grants/{GRANT_UUID}"),
            None,
            Some(BEARER),
        )
        .await,
    );
}

#[tokio::test]
async fn oauth_grants_delete() {
    let server = MockServer::start().await;
    route(
        "DELETE",
        format!("/v2/oauth_grants/{GRANT_UUID}"),
        Some(BEARER),
    )
    .respond_with(
        ResponseTemplate::new(200).set_body_json(json!({"data": oauth_grant_json(GRANT_UUID)})),
    )
    .mount_once(&server)
    .await;

    let revoked = client(&server)
        .oauth_grants()
        .delete(GRANT_UUID)
        .await
        .expect("revoked");
    assert_oauth_grant(revoked.data.as_ref().expect("data"), GRANT_UUID);

    no_body(
        sent(
            &server,
            "DELETE",
            &format!("/v2/oauth_grants/{GRANT_UUID}"),
            None,
            Some(BEARER),
        )
        .await,
    );
}

// ---------------------------------------------------------------------------------------------
// Path parameters are percent-encoded
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn path_parameters_are_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": oauth_client_json("c", "n")
        })))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": oauth_client_json("c", "n")
        })))
        .mount(&server)
        .await;
    route("DELETE", "/v2/oauth_clients/a%2Fb%20c%3Fd%23e%25f", None)
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    route("DELETE", "/v2/oauth_grants/..%2Fadmin", None)
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": oauth_grant_json("g")})),
        )
        .mount(&server)
        .await;

    let client = client(&server);
    let tricky = "a/b c?d#e%f";
    client
        .oauth_clients()
        .retrieve(tricky)
        .await
        .expect("retrieve");
    client
        .oauth_clients()
        .update(tricky, &OAuthClientUpdateRequest::default())
        .await
        .expect("update");
    client.oauth_clients().delete(tricky).await.expect("delete");
    client
        .oauth_grants()
        .delete("../admin")
        .await
        .expect("revoke");

    let requests = server.received_requests().await.unwrap();
    let seen: Vec<(String, String, Option<String>)> = requests
        .iter()
        .map(|r| {
            (
                r.method.to_string(),
                r.url.path().to_owned(),
                r.url.query().map(str::to_owned),
            )
        })
        .collect();
    let encoded = "/v2/oauth_clients/a%2Fb%20c%3Fd%23e%25f".to_owned();
    assert_eq!(
        seen,
        vec![
            ("GET".to_owned(), encoded.clone(), None),
            ("PUT".to_owned(), encoded.clone(), None),
            ("DELETE".to_owned(), encoded, None),
            (
                "DELETE".to_owned(),
                "/v2/oauth_grants/..%2Fadmin".to_owned(),
                None
            ),
        ]
    );
    // The PUT body is an empty object (all fields unset).
    assert_eq!(requests[1].body, b"{}");
}

/// A path parameter that is exactly `.` or `..` is a dot segment: URL parsers (WHATWG, which
/// `reqwest::Url` follows) remove it, together with its `%2e` spellings, so it would silently move the
/// request to another resource (`DELETE /v2/oauth_clients/..` would become `DELETE /v2/`). An empty
/// one turns `DELETE /v2/oauth_clients/{id}` into `DELETE /v2/oauth_clients/` (the collection). The
/// client must either keep the request on `/v2/oauth_clients/<non-empty>` or refuse to send it.
#[tokio::test]
async fn dot_segment_path_parameters_do_not_escape_the_resource() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let client = client_no_retries(&server);
    let mut problems = Vec::new();
    for id in [".", "..", ""] {
        let sent_before = server.received_requests().await.unwrap().len();
        let result = client.oauth_clients().delete(id).await;
        let requests = server.received_requests().await.unwrap();
        let sent: Vec<String> = requests[sent_before..]
            .iter()
            .map(|r| format!("{} {}", r.method, r.url.path()))
            .collect();
        match result {
            // Refusing is fine, as long as nothing was sent.
            Err(Error::Serialize(_) | Error::Config(_)) => {
                if !sent.is_empty() {
                    problems.push(format!("id {id:?}: refused, but sent {sent:?}"));
                }
            }
            Ok(()) | Err(_) => {
                let on_own_path = sent.len() == 1 && {
                    let path = requests[sent_before].url.path();
                    let segments: Vec<&str> = path.split('/').collect();
                    segments.len() == 4
                        && segments[1] == "v2"
                        && segments[2] == "oauth_clients"
                        && !segments[3].is_empty()
                };
                if !on_own_path {
                    problems.push(format!(
                        "id {id:?}: sent {sent:?}, not one DELETE /v2/oauth_clients/<id>"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

// ---------------------------------------------------------------------------------------------
// Error paths
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn oauth_clients_retrieve_not_found() {
    let server = MockServer::start().await;
    route("GET", format!("/v2/oauth_clients/{CLIENT_UUID}"), None)
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-404")
                .set_body_json(json!({
                    "error": "not_found",
                    "error_description": "OAuth client not found"
                })),
        )
        .mount_once(&server)
        .await;

    let err = client_no_retries(&server)
        .oauth_clients()
        .retrieve(CLIENT_UUID)
        .await
        .expect_err("404");

    let Error::NotFound(api) = &err else {
        panic!("expected Error::NotFound, got {err:?}");
    };
    assert_eq!(api.status(), 404);
    assert_eq!(api.request_id(), Some("req-404"));
    assert_eq!(api.attempts(), 1);
    match api.body() {
        ErrorBody::Model(model) => {
            assert_eq!(model.error, "not_found");
            assert_eq!(
                model.error_description.as_deref(),
                Some("OAuth client not found")
            );
        }
        other => panic!("expected ErrorBody::Model, got {other:?}"),
    }
    assert_eq!(api.message(), Some("not_found: OAuth client not found"));
    assert_eq!(err.status(), Some(404));
    assert!(!err.is_retryable());
    assert_eq!(
        err.to_string(),
        "404 Not Found (request id req-404): not_found: OAuth client not found"
    );
    // The API key never shows up in the error.
    assert!(!format!("{err:?}").contains(API_KEY));

    let request = single_request(&server).await;
    assert_target(
        &request,
        "GET",
        &format!("/v2/oauth_clients/{CLIENT_UUID}"),
        None,
    );
}

#[tokio::test]
async fn oauth_retrieve_authorize_bad_request_html() {
    let server = MockServer::start().await;
    let html = "<html><body><h1>Invalid request</h1></body></html>";
    route("GET", "/v2/oauth/authorize", None)
        .respond_with(ResponseTemplate::new(400).set_body_raw(html, "text/html"))
        .mount_once(&server)
        .await;

    let err = client_no_retries(&server)
        .oauth()
        .retrieve_authorize(OAuthRetrieveAuthorizeParams::new(
            AuthorizeOAuthResponseType::Code,
            "cid",
            "not a uri",
        ))
        .await
        .expect_err("400");

    let Error::BadRequest(api) = &err else {
        panic!("expected Error::BadRequest, got {err:?}");
    };
    assert_eq!(api.status(), 400);
    assert_eq!(api.raw_body(), html);
    match api.body() {
        ErrorBody::Text(text) => assert_eq!(text, html),
        other => panic!("expected ErrorBody::Text, got {other:?}"),
    }
    assert_eq!(
        api.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/html")
    );

    sent(
        &server,
        "GET",
        "/v2/oauth/authorize",
        Some("response_type=code&client_id=cid&redirect_uri=not%20a%20uri"),
        None,
    )
    .await;
}

#[tokio::test]
async fn oauth_register_invalid_client_metadata() {
    let server = MockServer::start().await;
    let error_json = json!({
        "error": "invalid_client_metadata",
        "error_description": "The client metadata is invalid.",
        "invalid_fields": {
            "redirect_uris": ["must be an https URL"],
            "grant_types": ["client_credentials is not allowed for public clients", "is invalid"]
        }
    });
    route("POST", "/v2/oauth/register", None)
        .respond_with(ResponseTemplate::new(400).set_body_json(&error_json))
        .mount_once(&server)
        .await;

    let body = OAuthDynamicRegistrationRequest {
        redirect_uris: Some(vec!["http://insecure.example/cb".to_owned()]),
        ..Default::default()
    };
    let err = client_no_retries(&server)
        .oauth()
        .register(&body)
        .await
        .expect_err("400");

    let Error::BadRequest(api) = &err else {
        panic!("expected Error::BadRequest, got {err:?}");
    };
    assert_eq!(api.status(), 400);
    assert_eq!(
        api.message(),
        Some("invalid_client_metadata: The client metadata is invalid.")
    );
    // The whole JSON is reachable through the parsed body ...
    match api.body() {
        ErrorBody::Model(model) => {
            assert_eq!(model.error, "invalid_client_metadata");
            assert_eq!(
                model.error_description.as_deref(),
                Some("The client metadata is invalid.")
            );
            assert_eq!(
                model.extra.get("invalid_fields"),
                Some(&error_json["invalid_fields"])
            );
        }
        ErrorBody::Json(value) => assert_eq!(value, &error_json),
        other => panic!("expected a JSON error body, got {other:?}"),
    }
    // ... and the raw body parses as the operation's own 400 schema.
    let typed: RegisterOAuthClientResponse400 =
        serde_json::from_str(api.raw_body()).expect("register 400 schema");
    assert_eq!(typed.error.as_deref(), Some("invalid_client_metadata"));
    let fields = typed.invalid_fields.expect("invalid_fields");
    assert_eq!(
        fields["redirect_uris"],
        vec!["must be an https URL".to_owned()]
    );
    assert_eq!(fields["grant_types"].len(), 2);

    let request = sent(&server, "POST", "/v2/oauth/register", None, None).await;
    assert_json_body(
        &request,
        &json!({"redirect_uris": ["http://insecure.example/cb"]}),
    );
}
