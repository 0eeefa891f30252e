//! Conformance of the generated client (`telnyx_oauth`) against Prism, a mock server that validates
//! every request it gets against the API document.
//!
//! Prism is the pinned `@stoplight/prism-cli` that `cargo xtask test` installs under
//! `.tools/node/`. Without it the tests print a loud `SKIPPED` line and pass, unless
//! `REQUIRE_PRISM=1` (set by `cargo xtask test` and CI), in which case they fail.
//!
//! Prism is started on a copy of `spec/telnyx-oauth.yaml` (written as JSON to a temp dir) that
//! differs from the original in three ways, all because of how Prism works, none changing the API:
//!
//! 1. **Servers.** Prism ignores `servers` and serves every path at its root. The copy puts each
//!    path under the path of its server: `/v2` (from `https://api.telnyx.com/v2`) for all paths but
//!    `/.well-known/*`, whose path-level server `https://api.telnyx.com` has no path. So a client
//!    that puts `/.well-known` under `/v2`, or drops `/v2` elsewhere, gets a 404.
//! 2. **Bracketed query names.** Prism does not validate query parameters named like `page[size]`
//!    at all (any value passes: `page[size]=500`, `filter[client_type]=bogus`). The copy replaces
//!    them with the equivalent `style: deepObject` parameters (`page` = object {size, number},
//!    `filter` = object {client_type, verified, allowed_grant_types: {contains}, ...}), which
//!    serialize to exactly the same query strings and which Prism does validate (ranges, enums,
//!    booleans). Prism still does not reject *unknown* keys inside a deepObject (`page[sise]=5`
//!    passes even with `additionalProperties: false`), so every query our client sends is also
//!    checked here against the original spec ([`check_query`], on [`telnyx_oauth::Call::url`]).
//!    An untouched copy of `GET /oauth_clients` is mounted under [`CONTROL_PREFIX`] to show (and
//!    keep showing) why the rewrite is needed.
//! 3. **OAuth client authentication.** Prism's check of an `oauth2` security scheme accepts only
//!    `Authorization: Bearer`, so it answers 401 to the HTTP Basic client authentication that the
//!    token and introspection endpoints take in practice (the spec's `oauthClientAuth` description
//!    says so). The copy replaces every `oauthClientAuth` requirement by an HTTP Basic scheme
//!    (`prismClientBasic`). Token keeps its `{}` alternative, which Prism accepts only without an
//!    `Authorization` header. The main client therefore has no client credentials (token: no header,
//!    client id/secret in the form body); a second client with credentials calls introspect (which
//!    requires them) and token again, with HTTP Basic.
//!
//! Prism answers `GET /oauth/authorize` with its first response, the 200 (no body), unless the
//! request has `Prefer: code=302`: authorize is called twice, once as is (200, a success with no
//! `Location`) and once through a client that sends that header by default (302 and `Location`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use codegen::mock;
use futures_util::StreamExt;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Url;
use serde_json::Value;
use telnyx_oauth::resources::{
    OAuthClientListParams, OAuthGrantListParams, OAuthRetrieveAuthorizeParams,
};
use telnyx_oauth::types::{
    AllowedGrantType, AuthorizeOAuthResponseType, ClientType, CodeChallengeMethod,
    CreateOAuthGrantRequest, IntrospectRequest, OAuthClientCreateRequest, OAuthClientRecordType,
    OAuthClientUpdateRequest, OAuthDynamicRegistrationRequest, OAuthGrantRecordType,
    TokenEndpointAuthMethod, TokenRequest, TokenResponseTokenType,
};
use telnyx_oauth::{Call, Client, Error};
use workspace_tests::commands::prism_mock;

/// Where `cargo xtask test` installs Prism, under `.tools/`.
const PRISM_UNDER_TOOLS: &str = "node/node_modules/.bin/prism";
/// Prefix of the untouched copy of `GET /oauth_clients` (bracketed query names left as they are).
const CONTROL_PREFIX: &str = "/prism-control";
/// The name of the HTTP Basic scheme that replaces `oauthClientAuth` in Prism's copy.
const API_KEY: &str = "KEY-prism-conformance";
const CLIENT_UUID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const GRANT_UUID: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
/// How long Prism may take to start answering.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(40);

// ---------------------------------------------------------------------------------------------
// Finding and running Prism
// ---------------------------------------------------------------------------------------------

/// Prism's executable, or `None` (after printing why) if the test should be skipped.
fn prism_or_skip() -> Option<PathBuf> {
    let path = workspace_tests::tools_dir().join(PRISM_UNDER_TOOLS);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("REQUIRE_PRISM").is_ok_and(|v| v == "1") {
        panic!(
            "REQUIRE_PRISM=1 but Prism is not installed at {}: run `cargo xtask test`, which installs \
             the pinned @stoplight/prism-cli under .tools/",
            path.display()
        );
    }
    // Straight to the process's stderr: libtest captures `eprintln!` of passing tests, and this
    // line must be seen.
    let stars = "*".repeat(86);
    let _ = writeln!(
        std::io::stderr(),
        "\n{stars}\nSKIPPED: prism not installed under .tools/ — run cargo xtask test, which installs it\n\
         \x20        (looked for {})\n{stars}\n",
        path.display()
    );
    None
}

/// A running Prism and its temp dir; dropping it kills Prism (by PID) and removes the dir, also
/// when the test panics.
struct Prism {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Prism {
    /// Writes Prism's copy of the spec and starts Prism on a free port; returns once it answers.
    async fn start(prism: &Path, spec: &Value) -> Prism {
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("prism-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec_path = dir.join("telnyx-oauth.prism.json");
        std::fs::write(&spec_path, serde_json::to_vec_pretty(spec).unwrap()).unwrap();
        // The free port is found by binding port 0; another process could take it before Prism
        // does, so a Prism that exits at once is retried on a new port.
        let mut last_log = String::new();
        for _ in 0..3 {
            let port = free_port();
            let log_path = dir.join(format!("prism-{port}.log"));
            let log = std::fs::File::create(&log_path).unwrap();
            let child = prism_mock(prism, port, &spec_path, log)
                .unwrap()
                .spawn()
                .unwrap_or_else(|e| panic!("could not start {}: {e}", prism.display()));
            let mut running = Prism {
                child,
                dir: dir.clone(),
                port,
            };
            match running.wait_ready(&log_path).await {
                Ok(()) => return running,
                Err(log) => {
                    last_log = log;
                    // Keep the dir for the next attempt: forget it before the guard drops.
                    running.dir = PathBuf::new();
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        panic!("Prism did not start; its output:\n{last_log}");
    }

    async fn wait_ready(&mut self, log_path: &Path) -> Result<(), String> {
        let http = reqwest::Client::new();
        let probe = format!("{}/.well-known/oauth-authorization-server", self.origin());
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(log_path).unwrap_or_default();
                return Err(format!("Prism exited with {status}:\n{log}"));
            }
            if let Ok(response) = http.get(&probe).send().await {
                if response.status().is_success() {
                    return Ok(());
                }
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                let log = std::fs::read_to_string(log_path).unwrap_or_default();
                panic!("Prism did not answer within {STARTUP_TIMEOUT:?}; its output:\n{log}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn base_url(&self) -> String {
        format!("{}/v2", self.origin())
    }

    /// The last lines of Prism's log (its request log names every validation violation).
    fn log_tail(&self) -> String {
        let path = self.dir.join(format!("prism-{}.log", self.port));
        let log = std::fs::read_to_string(path).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(60)..].join("\n")
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

// ---------------------------------------------------------------------------------------------
// Prism's copy of the spec
// ---------------------------------------------------------------------------------------------

fn original_spec() -> Value {
    let path = workspace_tests::workspace_root().join("spec/telnyx-oauth.yaml");
    let fail = |d: codegen::diagnostic::Diagnostic| -> ! {
        panic!("could not read {}: {d:?}", path.display())
    };
    let file = codegen::InputFile::read(&path).unwrap_or_else(|d| fail(d));
    file.parse().unwrap_or_else(|d| fail(d)).value
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Prism's copy of the spec (see the module docs for what changes and why), built by the same
/// transform the docs verification uses, plus a control: `GET /oauth_clients` exactly as the
/// original declares it (bracketed names), which shows what Prism lets through unconverted.
fn prism_spec(original: &Value) -> Value {
    let options = mock::PrismOptions {
        deep_objects: true,
        client_auth: mock::ClientAuth::Replace,
    };
    let mut spec = mock::prism_spec(original, &options).expect("the spec converts for Prism");
    let default_prefix = mock::server_path(original.get("servers")).expect("servers");
    let mut control = original["paths"]["/oauth_clients"].clone();
    let control = control.as_object_mut().expect("path item");
    control.retain(|k, _| k == "get" || k == "parameters");
    spec["paths"][format!("{CONTROL_PREFIX}{default_prefix}/oauth_clients")] =
        Value::Object(control.clone());
    spec
}

// ---------------------------------------------------------------------------------------------
// Our own check of query strings (what Prism cannot check)
// ---------------------------------------------------------------------------------------------

/// Checks the query of `url` against the query parameters the original spec declares for
/// `method template` (see [`mock::check_query`]).
fn check_query(spec: &Value, method: &str, template: &str, url: &Url) -> Result<(), String> {
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    mock::check_query(spec, method, template, &pairs)
}

// ---------------------------------------------------------------------------------------------
// The calls
// ---------------------------------------------------------------------------------------------

struct Run<'a> {
    spec: &'a Value,
    failures: Vec<String>,
    calls: usize,
    /// `(method, path template)` of every operation called.
    called: BTreeSet<(String, String)>,
}

impl Run<'_> {
    /// Checks the call's query, sends it, and checks the status; records any failure.
    async fn call<T: Debug + Send + 'static>(
        &mut self,
        method: &str,
        template: &str,
        expected_status: u16,
        call: Call<T>,
    ) -> Option<T> {
        self.calls += 1;
        self.called.insert((method.to_owned(), template.to_owned()));
        let what = format!("{} {template}", method.to_uppercase());
        match call.url() {
            Ok(url) => {
                if let Err(problem) = check_query(self.spec, method, template, &url) {
                    self.failures
                        .push(format!("{what}: query: {problem} (url {url})"));
                }
            }
            Err(e) => self
                .failures
                .push(format!("{what}: could not build the URL: {e}")),
        }
        match call.send_with_response().await {
            Ok(response) => {
                let status = response.status().as_u16();
                if status != expected_status {
                    self.failures.push(format!(
                        "{what}: status {status}, expected {expected_status}"
                    ));
                }
                Some(response.into_value())
            }
            Err(e) => {
                let body = e
                    .api_error()
                    .map(|a| a.raw_body().to_owned())
                    .unwrap_or_default();
                let violations = e
                    .api_error()
                    .and_then(|a| a.headers().get("sl-violations"))
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                self.failures
                    .push(format!("{what}: {e} {violations} {body}"));
                None
            }
        }
    }

    fn expect(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.failures.push(what());
        }
    }
}

fn prism_clients(prism: &Prism) -> (Client, Client, Client) {
    // API key, no client credentials: what Prism accepts for every operation but introspect.
    let main = Client::builder()
        .api_key(API_KEY)
        .base_url(prism.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    // Client credentials, sent by HTTP Basic (introspect, and token a second time).
    let with_credentials = Client::builder()
        .api_key(API_KEY)
        .client_credentials("prism-client-id", "prism-client-secret")
        .base_url(prism.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    // `Prefer: code=302` on every request, so that Prism answers authorize with its redirect.
    let mut headers = HeaderMap::new();
    headers.insert("prefer", HeaderValue::from_static("code=302"));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap();
    let prefer_302 = Client::builder()
        .base_url(prism.base_url())
        .http_client(http)
        .max_retries(0)
        .build()
        .unwrap();
    (main, with_credentials, prefer_302)
}

fn authorize_params() -> OAuthRetrieveAuthorizeParams {
    let mut params = OAuthRetrieveAuthorizeParams::new(
        AuthorizeOAuthResponseType::Code,
        "tlx_oauth_client_9f3b2c1a",
        "https://example.com/callback",
    );
    params.scope = Some("admin".into());
    params.state = Some("xyz state".into());
    params.code_challenge = Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into());
    params.code_challenge_method = Some(CodeChallengeMethod::S256);
    params
}

/// Every one of the 17 operations through the generated client, plus negative checks.
#[tokio::test]
async fn all_operations_conform_to_the_spec() {
    let Some(prism_bin) = prism_or_skip() else {
        return;
    };
    let started = Instant::now();
    let spec = original_spec();
    let prism = Prism::start(&prism_bin, &prism_spec(&spec)).await;
    let (client, with_credentials, prefer_302) = prism_clients(&prism);
    let mut run = Run {
        spec: &spec,
        failures: Vec::new(),
        calls: 0,
        called: BTreeSet::new(),
    };

    // --- OAuth Discovery (host root, no /v2) ---
    if let Some(m) = run
        .call(
            "get",
            "/.well-known/oauth-authorization-server",
            200,
            client.well_known().retrieve_authorization_server_metadata(),
        )
        .await
    {
        run.expect(m.issuer.is_some(), || {
            format!("authorization server metadata without issuer: {m:?}")
        });
    }
    run.call(
        "get",
        "/.well-known/oauth-protected-resource",
        200,
        client.well_known().retrieve_protected_resource_metadata(),
    )
    .await;

    // --- OAuth Protocol ---
    // Prism's default answer to authorize is the documented 200 (consent page, no body, no
    // `Location`): a success, returned as a `Redirect` with status 200 and no location.
    if let Some(page) = run
        .call(
            "get",
            "/oauth/authorize",
            200,
            client.oauth().retrieve_authorize(authorize_params()),
        )
        .await
    {
        run.expect(page.status() == 200 && page.location().is_none(), || {
            format!("authorize (200): unexpected {page:?}")
        });
    }
    if let Some(redirect) = run
        .call(
            "get",
            "/oauth/authorize",
            302,
            prefer_302.oauth().retrieve_authorize(authorize_params()),
        )
        .await
    {
        run.expect(
            redirect
                .location()
                .is_some_and(|l| l.starts_with("https://example.com/callback")),
            || format!("authorize: unexpected redirect {redirect:?}"),
        );
    }
    run.call(
        "get",
        "/oauth/consent/{consent_token}",
        200,
        client.oauth().retrieve("ct-prism-123"),
    )
    .await;
    run.call(
        "post",
        "/oauth/grants",
        200,
        client
            .oauth()
            .grants(&CreateOAuthGrantRequest::new(true, "ct-prism-123")),
    )
    .await;
    // Introspect requires client credentials: without them the client refuses before sending.
    let no_credentials = client
        .oauth()
        .introspect(&IntrospectRequest::new("tok"))
        .await;
    run.expect(matches!(no_credentials, Err(Error::Config(_))), || {
        format!(
            "introspect without client credentials: expected Error::Config, got {no_credentials:?}"
        )
    });
    if let Some(r) = run
        .call(
            "post",
            "/oauth/introspect",
            200,
            with_credentials
                .oauth()
                .introspect(&IntrospectRequest::new("tok-prism")),
        )
        .await
    {
        run.expect(r.active, || format!("introspect: {r:?}"));
    }
    run.call("get", "/oauth/jwks", 200, client.oauth().retrieve_jwks())
        .await;
    let registration = OAuthDynamicRegistrationRequest {
        client_name: Some("Prism App".into()),
        grant_types: Some(vec![
            AllowedGrantType::AuthorizationCode,
            AllowedGrantType::RefreshToken,
        ]),
        redirect_uris: Some(vec!["https://example.com/callback".into()]),
        response_types: Some(vec!["code".into()]),
        scope: Some("admin".into()),
        token_endpoint_auth_method: Some(TokenEndpointAuthMethod::ClientSecretBasic),
        ..Default::default()
    };
    run.call(
        "post",
        "/oauth/register",
        201,
        client.oauth().register(&registration),
    )
    .await;
    let mut in_body = TokenRequest::new(AllowedGrantType::ClientCredentials);
    in_body.client_id = Some("prism-client-id".into());
    in_body.client_secret = Some("prism-client-secret".into());
    in_body.scope = Some("admin".into());
    if let Some(t) = run
        .call("post", "/oauth/token", 200, client.oauth().token(&in_body))
        .await
    {
        run.expect(t.token_type == TokenResponseTokenType::Bearer, || {
            format!("token: {t:?}")
        });
    }
    let mut refresh = TokenRequest::new(AllowedGrantType::RefreshToken);
    refresh.refresh_token = Some("rt-prism".into());
    run.call(
        "post",
        "/oauth/token",
        200,
        with_credentials.oauth().token(&refresh),
    )
    .await;

    // --- OAuth Clients ---
    let every_filter = OAuthClientListParams {
        page_size: Some(100),
        page_number: Some(1),
        filter_client_type: Some(ClientType::Confidential),
        filter_verified: Some(true),
        filter_allowed_grant_types_contains: Some(AllowedGrantType::RefreshToken),
        filter_name: Some("Example App".into()),
        filter_name_contains: Some("Example".into()),
        filter_client_id: Some("tlx_oauth_client_9f3b2c1a".into()),
    };
    if let Some(page) = run
        .call(
            "get",
            "/oauth_clients",
            200,
            client.oauth_clients().list(every_filter),
        )
        .await
    {
        run.expect(
            page.data
                .iter()
                .flatten()
                .all(|c| c.record_type == OAuthClientRecordType::OAuthClient),
            || format!("list clients: {page:?}"),
        );
    }
    // Streaming sends page[number] = 2 as well (Prism's example says total_pages = 1, so the stream
    // may stop after page 1; either way every request must pass Prism).
    let small_pages = OAuthClientListParams {
        page_size: Some(1),
        ..Default::default()
    };
    let listed: Vec<_> = client
        .oauth_clients()
        .list(small_pages)
        .into_stream()
        .collect()
        .await;
    run.expect(
        !listed.is_empty() && listed.iter().all(Result::is_ok),
        || format!("into_stream over Prism: {listed:?}"),
    );
    let mut create = OAuthClientCreateRequest::new(
        vec![AllowedGrantType::AuthorizationCode],
        vec!["admin".into()],
        ClientType::Confidential,
        "Prism App",
    );
    create.redirect_uris = Some(vec!["https://example.com/callback".into()]);
    create.require_pkce = Some(true);
    run.call(
        "post",
        "/oauth_clients",
        201,
        client.oauth_clients().create(&create),
    )
    .await;
    run.call(
        "get",
        "/oauth_clients/{id}",
        200,
        client.oauth_clients().retrieve(CLIENT_UUID),
    )
    .await;
    let update = OAuthClientUpdateRequest {
        name: Some("Renamed".into()),
        ..Default::default()
    };
    run.call(
        "put",
        "/oauth_clients/{id}",
        200,
        client.oauth_clients().update(CLIENT_UUID, &update),
    )
    .await;
    run.call(
        "delete",
        "/oauth_clients/{id}",
        204,
        client.oauth_clients().delete(CLIENT_UUID),
    )
    .await;

    // --- OAuth Grants ---
    let grant_pages = OAuthGrantListParams {
        page_size: Some(1),
        page_number: Some(1),
    };
    run.call(
        "get",
        "/oauth_grants",
        200,
        client.oauth_grants().list(grant_pages),
    )
    .await;
    if let Some(g) = run
        .call(
            "get",
            "/oauth_grants/{id}",
            200,
            client.oauth_grants().retrieve(GRANT_UUID),
        )
        .await
    {
        run.expect(
            g.data
                .as_ref()
                .is_some_and(|d| d.record_type == OAuthGrantRecordType::OAuthGrant),
            || format!("grant: {g:?}"),
        );
    }
    run.call(
        "delete",
        "/oauth_grants/{id}",
        200,
        client.oauth_grants().delete(GRANT_UUID),
    )
    .await;

    // Every operation of the spec was called (17 of them).
    let operations: BTreeSet<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| METHODS.contains(&k.as_str()))
                .map(|k| (k.clone(), path.clone()))
        })
        .collect();
    assert_eq!(
        operations.len(),
        17,
        "the spec's operations changed: {operations:?}"
    );
    let missed: Vec<_> = operations.difference(&run.called).collect();
    assert!(missed.is_empty(), "operations not called: {missed:?}");

    // --- Negative checks: Prism does reject what it should ---
    let raw = reqwest::Client::new();
    let get = |path: String| {
        let raw = raw.clone();
        async move {
            raw.get(path)
                .bearer_auth(API_KEY)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }
    };
    let origin = prism.origin();
    for (path, why) in [
        (
            "/v2/.well-known/oauth-authorization-server",
            "/.well-known is served from the host root",
        ),
        ("/oauth_clients", "everything else is under /v2"),
    ] {
        let status = get(format!("{origin}{path}")).await;
        run.expect(status == 404, || {
            format!("raw GET {path}: {status}, expected 404 ({why})")
        });
    }
    // Invalid enum value in a bracketed query name: rejected thanks to the deepObject rewrite.
    let status = get(format!(
        "{origin}/v2/oauth_clients?filter[client_type]=bogus"
    ))
    .await;
    run.expect((400..500).contains(&status), || {
        format!("raw filter[client_type]=bogus: {status}, expected a 4xx")
    });
    let status = get(format!(
        "{origin}/v2/oauth_clients?filter[client_type]=public"
    ))
    .await;
    run.expect(status == 200, || {
        format!("raw filter[client_type]=public: {status}, expected 200")
    });
    // The control copy (bracketed names as the spec writes them): Prism lets anything through,
    // which is why the copy rewrites them and why `check_query` exists.
    let status = get(format!(
        "{origin}{CONTROL_PREFIX}/v2/oauth_clients?filter[client_type]=bogus&page[size]=500"
    ))
    .await;
    run.expect(status == 200, || {
        format!("control: Prism now validates bracketed query names ({status}); the deepObject rewrite may be unneeded")
    });

    // page[size] out of range (1..=100), through the client.
    let too_big = client.oauth_clients().list(OAuthClientListParams {
        page_size: Some(500),
        ..Default::default()
    });
    let url = too_big.url().unwrap();
    run.expect(url.query() == Some("page[size]=500"), || {
        format!("page[size]=500 sent as {url}")
    });
    let ours = check_query(&spec, "get", "/oauth_clients", &url);
    run.expect(
        ours.as_ref()
            .is_err_and(|e| e.contains("above the maximum 100")),
        || format!("check_query let page[size]=500 through: {ours:?}"),
    );
    let result = too_big.await;
    run.expect(
        matches!(&result, Err(Error::UnprocessableEntity(e)) if e.status() == 422),
        || format!("page[size]=500 against Prism: expected 422, got {result:?}"),
    );
    // An unknown bracketed name: Prism cannot catch it (it ignores unknown deepObject keys), ours does.
    let misspelled =
        Url::parse(&format!("{}/oauth_clients?page[sise]=5", prism.base_url())).unwrap();
    let status = get(misspelled.to_string()).await;
    run.expect(status == 200, || {
        format!("raw page[sise]=5: {status} (Prism now catches unknown keys?)")
    });
    run.expect(
        check_query(&spec, "get", "/oauth_clients", &misspelled).is_err(),
        || "check_query let page[sise] through".to_owned(),
    );

    let elapsed = started.elapsed();
    assert!(
        run.failures.is_empty(),
        "{} failure(s) against Prism ({} client calls checked):\n  - {}\n\nPrism log (tail):\n{}",
        run.failures.len(),
        run.calls,
        run.failures.join("\n  - "),
        prism.log_tail()
    );
    eprintln!(
        "prism conformance: {} calls passed in {elapsed:.1?}",
        run.calls
    );
}

// ---------------------------------------------------------------------------------------------
// Random valid requests (issue 16), and invalid ones the client sends unchanged
// ---------------------------------------------------------------------------------------------

/// `params[name]` decoded as `T`, if present.
fn take<T: serde::de::DeserializeOwned>(params: &Value, name: &str) -> Option<T> {
    params
        .get(name)
        .map(|v| serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{name}: {e}: {v}")))
}

/// `params[name]` as a string, for a required parameter.
fn text(params: &Value, name: &str) -> String {
    take(params, name).unwrap_or_else(|| panic!("required parameter {name} missing"))
}

/// `body` decoded as the operation's body type.
fn typed<T: serde::de::DeserializeOwned>(body: &Option<Value>) -> T {
    let body = body.as_ref().expect("a body");
    serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("body: {e}: {body}"))
}

/// For every operation, `ROUNDTRIP_REQUESTS` (default 40) requests made from the model by
/// `codegen::roundtrip` (seed `ROUNDTRIP_SEED`, default 16): parameters and bodies with every
/// optional field present (the first), none (the second), then at random; every enum value, the
/// bounds of every range, unicode and escapes in strings, well-formed formats. Each goes through
/// the generated client to Prism, which must accept it (the operation's first success status), and
/// through our own query check. Then one invalid value per constraint of the spec, which the
/// client must send unchanged and Prism must reject: the check can fail.
#[tokio::test]
async fn random_valid_requests_are_accepted() {
    use codegen::roundtrip::{case_seed, hash, Direction, Generator, Optionals};
    let Some(prism_bin) = prism_or_skip() else {
        return;
    };
    let started = Instant::now();
    let n: u64 = std::env::var("ROUNDTRIP_REQUESTS")
        .map_or(40, |v| v.parse().expect("ROUNDTRIP_REQUESTS: a number"));
    let seed: u64 = std::env::var("ROUNDTRIP_SEED")
        .map_or(16, |v| v.parse().expect("ROUNDTRIP_SEED: a number"));
    let spec = original_spec();
    let path = workspace_tests::workspace_root().join("spec/telnyx-oauth.yaml");
    let model = codegen::generate(&codegen::Inputs::read_spec(&path).unwrap())
        .expect("the spec generates")
        .model;
    let prism = Prism::start(&prism_bin, &prism_spec(&spec)).await;
    let (client, with_credentials, _) = prism_clients(&prism);
    let mut run = Run {
        spec: &spec,
        failures: Vec::new(),
        calls: 0,
        called: BTreeSet::new(),
    };
    let mut per_operation = BTreeMap::new();
    for (_, op) in model.operations() {
        let method = op.http_method.to_lowercase();
        let template = op.path.as_str();
        let expected = op
            .responses
            .iter()
            .filter_map(|r| match r.status {
                codegen::model::StatusSpec::Code(c) if (200..300).contains(&c) => Some(c),
                _ => None,
            })
            .min()
            .expect("a success status");
        for i in 0..n {
            let case = case_seed(seed, hash(&op.id) ^ i);
            let mode = match i {
                0 => Optionals::All,
                1 => Optionals::None,
                _ => Optionals::Random,
            };
            let mut g = Generator::new(&model, case, Direction::Request);
            let mut params = serde_json::Map::new();
            for p in &op.params {
                let present = p.required
                    || match mode {
                        Optionals::All => true,
                        Optionals::None => false,
                        _ => g.rng.chance(55),
                    };
                if present {
                    let mut c = p.constraints.clone();
                    // No empty values: an empty path segment is another path, and OpenAPI
                    // allows an empty query value only with `allowEmptyValue`.
                    c.min_length = Some(c.min_length.unwrap_or(1).max(1));
                    params.insert(p.rust_name.clone(), g.value(&p.ty, &c));
                }
            }
            let params = Value::Object(params);
            let json_body = op.body.as_ref().map(|b| g.value_with(&b.ty, mode));
            let what = format!(
                "{} (seed {case}, params {params}, body {json_body:?})",
                op.id
            );
            let before = run.failures.len();
            let p = &params;
            // Every operation's call is sent and checked by `run` alike; its value is not needed.
            macro_rules! send {
                ($call:expr) => {
                    run.call(&method, template, expected, $call)
                        .await
                        .map(|_| ())
                };
            }
            match op.id.as_str() {
                "GetOAuthAuthorizationServerMetadata" => {
                    let call = client.well_known().retrieve_authorization_server_metadata();
                    send!(call)
                }
                "GetOAuthProtectedResourceMetadata" => {
                    let call = client.well_known().retrieve_protected_resource_metadata();
                    send!(call)
                }
                "AuthorizeOAuth" => {
                    let mut a = OAuthRetrieveAuthorizeParams::new(
                        take(p, "response_type").expect("response_type"),
                        text(p, "client_id"),
                        text(p, "redirect_uri"),
                    );
                    a.scope = take(p, "scope");
                    a.state = take(p, "state");
                    a.code_challenge = take(p, "code_challenge");
                    a.code_challenge_method = take(p, "code_challenge_method");
                    let call = client.oauth().retrieve_authorize(a);
                    send!(call)
                }
                "GetOAuthConsentToken" => {
                    let call = client.oauth().retrieve(&text(p, "consent_token"));
                    send!(call)
                }
                "CreateOAuthGrant" => {
                    let call = client.oauth().grants(&typed(&json_body));
                    send!(call)
                }
                "IntrospectOAuthToken" => {
                    let call = with_credentials.oauth().introspect(&typed(&json_body));
                    send!(call)
                }
                "GetOAuthJWKS" => {
                    let call = client.oauth().retrieve_jwks();
                    send!(call)
                }
                "RegisterOAuthClient" => {
                    let call = client.oauth().register(&typed(&json_body));
                    send!(call)
                }
                "ExchangeOAuthToken" => {
                    let call = client.oauth().token(&typed(&json_body));
                    send!(call)
                }
                "ListOAuthClients" => {
                    let list = OAuthClientListParams {
                        page_size: take(p, "page_size"),
                        page_number: take(p, "page_number"),
                        filter_client_type: take(p, "filter_client_type"),
                        filter_verified: take(p, "filter_verified"),
                        filter_allowed_grant_types_contains: take(
                            p,
                            "filter_allowed_grant_types_contains",
                        ),
                        filter_name: take(p, "filter_name"),
                        filter_name_contains: take(p, "filter_name_contains"),
                        filter_client_id: take(p, "filter_client_id"),
                    };
                    let call = client.oauth_clients().list(list);
                    send!(call)
                }
                "CreateOAuthClient" => {
                    let call = client.oauth_clients().create(&typed(&json_body));
                    send!(call)
                }
                "DeleteOAuthClient" => {
                    let call = client.oauth_clients().delete(&text(p, "id"));
                    send!(call)
                }
                "GetOAuthClient" => {
                    let call = client.oauth_clients().retrieve(&text(p, "id"));
                    send!(call)
                }
                "UpdateOAuthClient" => {
                    let call = client
                        .oauth_clients()
                        .update(&text(p, "id"), &typed(&json_body));
                    send!(call)
                }
                "ListOAuthGrants" => {
                    let list = OAuthGrantListParams {
                        page_size: take(p, "page_size"),
                        page_number: take(p, "page_number"),
                    };
                    let call = client.oauth_grants().list(list);
                    send!(call)
                }
                "RevokeOAuthGrant" => {
                    let call = client.oauth_grants().delete(&text(p, "id"));
                    send!(call)
                }
                "GetOAuthGrant" => {
                    let call = client.oauth_grants().retrieve(&text(p, "id"));
                    send!(call)
                }
                other => panic!("operation {other} has no request case here: add one"),
            };
            for failure in &mut run.failures[before..] {
                failure.push_str(&format!("\n    request: {what}"));
            }
            *per_operation.entry(op.id.clone()).or_insert(0) += 1;
        }
    }
    let valid = run.calls;

    // One invalid value per constraint: the client sends it as given, Prism rejects it.
    let mut invalid: Vec<(&str, Result<String, Error>)> = vec![];
    // Sends the call and keeps what it answered (a value as its Debug text) for the check below.
    macro_rules! reject {
        ($what:expr, $call:expr) => {
            invalid.push(($what, $call.await.map(|v| format!("{v:?}"))))
        };
    }
    let too_big = OAuthClientListParams {
        page_size: Some(101),
        ..Default::default()
    };
    let call = client.oauth_clients().list(too_big);
    let query = call
        .url()
        .expect("a URL")
        .query()
        .unwrap_or_default()
        .to_owned();
    let sent_unchanged = query.contains("page[size]=101");
    reject!("page[size] = 101 (maximum 100)", call);
    let too_small = OAuthGrantListParams {
        page_size: Some(0),
        ..Default::default()
    };
    reject!(
        "page[size] = 0 (minimum 1)",
        client.oauth_grants().list(too_small)
    );
    let page_zero = OAuthClientListParams {
        page_number: Some(0),
        ..Default::default()
    };
    reject!(
        "page[number] = 0 (minimum 1)",
        client.oauth_clients().list(page_zero)
    );
    let bad_filter = OAuthClientListParams {
        filter_client_type: Some(ClientType::from("bogus")),
        ..Default::default()
    };
    reject!(
        "filter[client_type] = bogus (enum)",
        client.oauth_clients().list(bad_filter)
    );
    let mut authorize = authorize_params();
    authorize.code_challenge_method = Some(CodeChallengeMethod::from("S512"));
    reject!(
        "code_challenge_method = S512 (enum)",
        client.oauth().retrieve_authorize(authorize)
    );
    reject!(
        "id = not-a-uuid (format uuid)",
        client.oauth_clients().retrieve("not-a-uuid")
    );
    let bad_type = OAuthClientCreateRequest::new(
        vec![AllowedGrantType::ClientCredentials],
        vec!["admin".into()],
        ClientType::from("bogus"),
        "x",
    );
    reject!(
        "client_type = bogus (body enum)",
        client.oauth_clients().create(&bad_type)
    );
    let bad_grant = OAuthClientCreateRequest::new(
        vec![AllowedGrantType::from("password")],
        vec!["admin".into()],
        ClientType::Public,
        "x",
    );
    reject!(
        "allowed_grant_types = [password] (body enum)",
        client.oauth_clients().create(&bad_grant)
    );
    let bad_uri = OAuthClientUpdateRequest {
        logo_uri: Some("not a uri".into()),
        ..Default::default()
    };
    reject!(
        "logo_uri = `not a uri` (format uri)",
        client.oauth_clients().update(CLIENT_UUID, &bad_uri)
    );
    let bad_token = TokenRequest::new(AllowedGrantType::from("password"));
    reject!(
        "grant_type = password (form enum)",
        client.oauth().token(&bad_token)
    );
    let bad_method = OAuthDynamicRegistrationRequest {
        token_endpoint_auth_method: Some(TokenEndpointAuthMethod::from("private_key_jwt")),
        ..Default::default()
    };
    reject!(
        "token_endpoint_auth_method = private_key_jwt (enum)",
        client.oauth().register(&bad_method)
    );

    run.expect(sent_unchanged, || {
        format!("page[size] = 101 is not sent unchanged: {query}")
    });
    let mut rejected = 0;
    for (what, result) in invalid {
        match result {
            Err(e)
                if e.api_error()
                    .is_some_and(|a| matches!(a.status().as_u16(), 400 | 422)) =>
            {
                rejected += 1;
            }
            other => run.failures.push(format!(
                "invalid {what}: Prism should reject it, got {other:?}"
            )),
        }
    }
    eprintln!(
        "random requests: {valid} valid ones accepted ({} per operation, seed {seed}: {per_operation:?}), \
         {rejected} invalid ones rejected, in {:.1?}",
        n,
        started.elapsed()
    );
    assert!(
        run.failures.is_empty(),
        "{} problems (Prism's log tail below):\n{}\n\n{}",
        run.failures.len(),
        run.failures.join("\n"),
        prism.log_tail()
    );
    assert_eq!(
        per_operation.len(),
        17,
        "every operation gets random requests"
    );
}
