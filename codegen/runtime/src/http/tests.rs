use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, USER_AGENT,
};
use reqwest::{Method, StatusCode};

use crate::client::{Client, RequestOptions};
use crate::error::Error;
use crate::meta;
use crate::secret::SecretString;

use super::call::Call;
use super::request::{
    encode_path_segment, AuthScheme, Credentials, KeyIn, Presented, Request, ServerRef,
};
use super::response::{
    decode_empty, decode_json, decode_redirect, decode_text, without_quoted_values, RawResponse,
    Redirect, Response,
};
use super::retry::{backoff, retry_after, retry_delay, should_retry, LogPath};
use std::sync::{Arc, Mutex};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "KEYtest-secret-0123456789";

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    map
}

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/v2", server.uri()))
        .build()
        .unwrap()
}

fn get(client: &Client, path: &str) -> Call<serde_json::Value> {
    Call::new(
        client.clone(),
        Request::new(Method::GET, ServerRef::Base, path.to_owned(), "testOp")
            .auth(&[AuthScheme::Bearer], false),
        decode_json,
    )
}

/// A GET of operation `consent` whose path segment (`token`) and query value are secrets: neither
/// may show in errors or logs.
fn consent(client: &Client, token: &str, query_value: &str) -> Call<serde_json::Value> {
    Call::new(
        client.clone(),
        Request::new(
            Method::GET,
            ServerRef::Base,
            format!("/oauth/consent/{token}"),
            "consent",
        )
        .route("/oauth/consent/{consent_token}")
        .auth(&[AuthScheme::Bearer], false)
        .query("filter", query_value),
        decode_json,
    )
}

// ---------- pure functions ----------

#[test]
fn retry_after_parsing() {
    let now = SystemTime::now();
    assert_eq!(
        retry_after(&headers(&[("retry-after", "3")]), now),
        Some(Duration::from_secs(3))
    );
    assert_eq!(
        retry_after(&headers(&[("retry-after", "1.5")]), now),
        Some(Duration::from_millis(1500))
    );
    assert_eq!(
        retry_after(&headers(&[("retry-after-ms", "250")]), now),
        Some(Duration::from_millis(250))
    );
    // retry-after-ms wins over Retry-After.
    assert_eq!(
        retry_after(
            &headers(&[("retry-after-ms", "100"), ("retry-after", "7")]),
            now
        ),
        Some(Duration::from_millis(100))
    );
    // An unparsable retry-after-ms falls back to Retry-After.
    assert_eq!(
        retry_after(
            &headers(&[("retry-after-ms", "soon"), ("retry-after", "7")]),
            now
        ),
        Some(Duration::from_secs(7))
    );
    // HTTP date, 10 s in the future (httpdate has 1 s resolution).
    let at = now + Duration::from_secs(10);
    let date = httpdate::fmt_http_date(at);
    let wait = retry_after(&headers(&[("retry-after", &date)]), now).unwrap();
    assert!(
        wait > Duration::from_secs(8) && wait <= Duration::from_secs(10),
        "{wait:?}"
    );
    // Out of range or invalid: ignored.
    for bad in ["0", "-1", "61", "3600", "NaN", "soon", ""] {
        assert_eq!(
            retry_after(&headers(&[("retry-after", bad)]), now),
            None,
            "{bad}"
        );
    }
    assert_eq!(
        retry_after(&headers(&[("retry-after-ms", "60001")]), now),
        None
    );
    assert_eq!(
        retry_after(&headers(&[("retry-after", "60")]), now),
        Some(Duration::from_secs(60))
    );
    let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
    assert_eq!(retry_after(&headers(&[("retry-after", &past)]), now), None);
    assert_eq!(retry_after(&HeaderMap::new(), now), None);
    // Without a usable header, the delay is the backoff.
    let d = retry_delay(&headers(&[("retry-after", "600")]), 0, now);
    assert!(d <= Duration::from_millis(500), "{d:?}");
}

#[test]
fn backoff_bounds() {
    for _ in 0..200 {
        for (n, max) in [
            (0u32, 0.5f64),
            (1, 1.0),
            (2, 2.0),
            (3, 4.0),
            (4, 8.0),
            (5, 8.0),
            (1000, 8.0),
        ] {
            let d = backoff(n).as_secs_f64();
            assert!(d <= max && d >= max * 0.75 - 1e-9, "n={n}: {d}");
        }
    }
}

#[test]
fn retry_decision() {
    for (status, expected) in [
        (400, false),
        (401, false),
        (404, false),
        (408, true),
        (409, true),
        (422, false),
        (429, true),
        (500, true),
        (503, true),
    ] {
        let status = StatusCode::from_u16(status).unwrap();
        assert_eq!(
            should_retry(status, &HeaderMap::new()),
            expected,
            "{status}"
        );
    }
    let no = headers(&[("x-should-retry", "false")]);
    let yes = headers(&[("x-should-retry", "true")]);
    assert!(!should_retry(StatusCode::INTERNAL_SERVER_ERROR, &no));
    assert!(should_retry(StatusCode::BAD_REQUEST, &yes));
}

#[test]
fn path_segments() {
    assert_eq!(encode_path_segment("abc-DEF_1.2~"), "abc-DEF_1.2~");
    assert_eq!(encode_path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
    assert_eq!(encode_path_segment("100% sure"), "100%25%20sure");
    assert_eq!(encode_path_segment("é"), "%C3%A9");
    assert_eq!(encode_path_segment("[x]+y"), "%5Bx%5D%2By");
    assert_eq!(encode_path_segment(".."), "..");
}

#[test]
fn server_urls() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:4010/v2")
        .build()
        .unwrap();
    let url = |server, path: &str| {
        Request::new(Method::GET, server, path.to_owned(), "op")
            .url(&client)
            .unwrap()
            .to_string()
    };
    assert_eq!(
        url(ServerRef::Base, "/oauth_clients"),
        "http://127.0.0.1:4010/v2/oauth_clients"
    );
    assert_eq!(
        url(ServerRef::Origin(""), "/.well-known/x"),
        "http://127.0.0.1:4010/.well-known/x"
    );
    assert_eq!(
        url(ServerRef::Origin("/root/"), "/.well-known/x"),
        "http://127.0.0.1:4010/root/.well-known/x"
    );
    assert_eq!(
        url(ServerRef::Absolute("https://auth.example.com/"), "/a"),
        "https://auth.example.com/a"
    );
    let slash = Client::builder()
        .base_url("https://api.example.com/v2/")
        .build()
        .unwrap();
    let u = Request::new(Method::GET, ServerRef::Base, "/x".into(), "op")
        .url(&slash)
        .unwrap();
    assert_eq!(u.as_str(), "https://api.example.com/v2/x");
    let root = Client::builder()
        .base_url("https://h.example")
        .build()
        .unwrap();
    let u = Request::new(
        Method::GET,
        ServerRef::Origin(""),
        "/.well-known/x".into(),
        "op",
    )
    .url(&root)
    .unwrap();
    assert_eq!(u.as_str(), "https://h.example/.well-known/x");
}

#[test]
fn query_strings() {
    let client = Client::builder()
        .base_url("https://api.example.com/v2")
        .build()
        .unwrap();
    let mut request = Request::new(Method::GET, ServerRef::Base, "/oauth_clients".into(), "op")
        .query("page[number]", 1)
        .query("page[size]", 20)
        .query_opt("filter[name]", Some("a b&c=d/é+"))
        .query_opt::<i32>("skip", None)
        .query("redirect_uri", "https://app.example/cb?x=1");
    assert_eq!(
        request.url(&client).unwrap().as_str(),
        "https://api.example.com/v2/oauth_clients?page[number]=1&page[size]=20\
         &filter[name]=a%20b%26c%3Dd%2F%C3%A9%2B&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1"
    );
    assert_eq!(request.query_value("page[number]"), Some("1"));
    request.set_query("page[number]", 2);
    let url = request.url(&client).unwrap();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs.iter().filter(|(k, _)| k == "page[number]").count(), 1);
    assert!(pairs.contains(&("page[number]".into(), "2".into())));
    assert!(pairs.contains(&("filter[name]".into(), "a b&c=d/é+".into())));
}

#[test]
fn auth_resolution() {
    let none = Client::builder().build().unwrap();
    let key = Client::builder().api_key(KEY).build().unwrap();
    let basic = Client::builder()
        .client_credentials("cid", "csecret")
        .build()
        .unwrap();
    let req = |auth: &'static [AuthScheme], optional| {
        Request::new(
            Method::POST,
            ServerRef::Base,
            "/x".into(),
            "introspectToken",
        )
        .auth(auth, optional)
    };
    const BOTH: &[AuthScheme] = &[AuthScheme::ClientBasic, AuthScheme::Bearer];
    let authorization =
        |request: Request, client: &Client| match request.authorization(client).unwrap() {
            None => None,
            Some(Presented::Authorization(v)) => Some(v.to_str().unwrap().to_owned()),
            Some(Presented::Key(..)) => panic!("expected an Authorization header"),
        };
    assert_eq!(
        authorization(req(BOTH, false), &key).as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );
    // base64("cid:csecret")
    assert_eq!(
        authorization(req(BOTH, false), &basic).as_deref(),
        Some("Basic Y2lkOmNzZWNyZXQ=")
    );
    // Form-encoded before Basic encoding: base64("c%20id:s%2Bcr%2Ft%3D")
    let awkward = Client::builder()
        .client_credentials("c id", "s+cr/t=")
        .build()
        .unwrap();
    assert_eq!(
        authorization(req(BOTH, false), &awkward).as_deref(),
        Some("Basic YyUyMGlkOnMlMkJjciUyRnQlM0Q=")
    );
    assert_eq!(
        authorization(
            req(&[], false).credentials(Credentials::Basic("a".into(), "b".into())),
            &key
        )
        .as_deref(),
        Some("Basic YTpi")
    );
    assert!(authorization(req(&[], false), &key).is_none());
    assert!(authorization(req(BOTH, true), &none).is_none());
    let bad_key = Client::builder().api_key("KEY\nbroken").build().unwrap();
    assert!(matches!(
        req(BOTH, false).authorization(&bad_key),
        Err(Error::Config(m)) if !m.contains("KEY")
    ));
    let err = match req(BOTH, false).authorization(&none) {
        Err(e) => e,
        Ok(_) => panic!("expected an error"),
    };
    let msg = err.to_string();
    assert!(matches!(err, Error::Config(_)));
    assert!(msg.contains("introspectToken"), "{msg}");
    assert!(
        msg.contains(meta::API_KEY_ENV) && msg.contains(meta::CLIENT_ID_ENV),
        "{msg}"
    );
    let prepared = req(&[AuthScheme::Bearer], false)
        .http_request(&key, None)
        .unwrap();
    assert!(prepared.headers()[AUTHORIZATION].is_sensitive());
    assert!(!format!("{:?}", prepared.headers()).contains(KEY));
    let token = SecretString::from("access-token-1");
    let prepared = req(&[AuthScheme::Bearer], false)
        .http_request(&key, Some(&token))
        .unwrap();
    assert_eq!(prepared.headers()[AUTHORIZATION], "Bearer access-token-1");
    assert!(prepared.headers()[AUTHORIZATION].is_sensitive());
}

#[test]
fn api_keys_go_where_their_scheme_says() {
    let key = Client::builder()
        .api_key(KEY)
        .base_url("https://api.example.com/v1")
        .build()
        .unwrap();
    let req = |auth: &'static [AuthScheme]| {
        Request::new(Method::GET, ServerRef::Base, "/x".into(), "getX")
            .auth(auth, false)
            .query("q", "1")
    };
    let prepared = req(&[AuthScheme::ApiKey(KeyIn::Header, "X-Api-Key")])
        .http_request(&key, None)
        .unwrap();
    assert_eq!(prepared.headers()["x-api-key"], KEY);
    assert!(prepared.headers()["x-api-key"].is_sensitive());
    assert!(prepared.headers().get(AUTHORIZATION).is_none());
    assert_eq!(prepared.url().query(), Some("q=1"));

    let request = req(&[AuthScheme::ApiKey(KeyIn::Query, "api key")]);
    let prepared = request.http_request(&key, None).unwrap();
    assert_eq!(
        prepared.url().query(),
        Some(format!("q=1&api+key={KEY}").as_str())
    );
    // The URL logs, errors and `Call::url` show never has it.
    assert_eq!(request.url(&key).unwrap().query(), Some("q=1"));

    let prepared = req(&[AuthScheme::ApiKey(KeyIn::Cookie, "sid")])
        .header("cookie", "theme=dark")
        .http_request(&key, None)
        .unwrap();
    assert_eq!(
        prepared.headers()[COOKIE],
        format!("theme=dark; sid={KEY}").as_str()
    );
    assert!(prepared.headers()[COOKIE].is_sensitive());

    // Without a key: the error names the variable to set.
    let none = Client::builder().build().unwrap();
    let message =
        match req(&[AuthScheme::ApiKey(KeyIn::Header, "X-Api-Key")]).http_request(&none, None) {
            Err(Error::Config(m)) => m,
            other => panic!("expected a configuration error, got {other:?}"),
        };
    assert!(message.contains(meta::API_KEY_ENV), "{message}");
    let bad = Client::builder().api_key("KEY\nbroken").build().unwrap();
    assert!(matches!(
        req(&[AuthScheme::ApiKey(KeyIn::Header, "X-Api-Key")]).http_request(&bad, None),
        Err(Error::Config(m)) if !m.contains("broken")
    ));
}

#[test]
fn mutual_tls_adds_nothing_and_never_blocks() {
    let none = Client::builder().build().unwrap();
    let request = Request::new(Method::GET, ServerRef::Base, "/x".into(), "getX")
        .auth(&[AuthScheme::MutualTls, AuthScheme::Bearer], false);
    assert!(request.authorization(&none).unwrap().is_none());
    // With a key and no identity, the next scheme is used.
    let key = Client::builder().api_key(KEY).build().unwrap();
    assert!(matches!(
        request.authorization(&key).unwrap(),
        Some(Presented::Authorization(_))
    ));
}

#[test]
fn headers_and_log_paths() {
    let client = Client::builder()
        .base_url("https://api.example.com/v2")
        .build()
        .unwrap();
    let request = Request::new(
        Method::GET,
        ServerRef::Base,
        "/oauth/consent/t%2F1".into(),
        "op",
    )
    .route("/oauth/consent/{consent_token}")
    .header("Accept", "text/plain")
    .header("X-Custom", 5)
    .json(&serde_json::json!({"a": 1}));
    let prepared = request.http_request(&client, None).unwrap();
    assert_eq!(prepared.headers()[ACCEPT], "text/plain");
    assert_eq!(prepared.headers()["x-custom"], "5");
    assert_eq!(prepared.headers()[USER_AGENT], meta::USER_AGENT);
    assert_eq!(prepared.headers()[CONTENT_TYPE], "application/json");
    assert!(prepared.headers().get(AUTHORIZATION).is_none());
    assert_eq!(
        prepared.body().and_then(|b| b.as_bytes()),
        Some(&br#"{"a":1}"#[..])
    );
    let path = LogPath {
        client: &client,
        request: &request,
    };
    assert_eq!(path.to_string(), "/v2/oauth/consent/{consent_token}");
    let request = Request::new(Method::GET, ServerRef::Base, "/a/b".into(), "op").query("q", "v");
    let path = LogPath {
        client: &client,
        request: &request,
    };
    assert_eq!(path.to_string(), "/v2/a/b");
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<Error>();
    check::<Client>();
    check::<Call<serde_json::Value>>();
    check::<Response<serde_json::Value>>();
    check::<RawResponse>();
    check::<Redirect>();
}

#[test]
fn build_errors_surface_at_send_time() {
    struct Bad;
    impl serde::Serialize for Bad {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("boom"))
        }
    }
    let client = Client::builder().build().unwrap();
    let r = Request::new(Method::POST, ServerRef::Base, "/x".into(), "op").json(&Bad);
    assert!(
        matches!(r.http_request(&client, None), Err(Error::Serialize(m)) if m.contains("boom"))
    );
    let r = Request::new(Method::POST, ServerRef::Base, "/x".into(), "op").form(&[1, 2]);
    assert!(matches!(
        r.http_request(&client, None),
        Err(Error::Serialize(_))
    ));
    let r = Request::new(Method::GET, ServerRef::Base, "/x".into(), "op").header("x-thing", "a\nb");
    assert!(
        matches!(r.http_request(&client, None), Err(Error::Serialize(m)) if !m.contains("a\nb"))
    );
}

#[test]
fn decoders() {
    let raw = |status: u16, body: &str, hdrs: &[(&'static str, &str)]| {
        RawResponse::new(
            StatusCode::from_u16(status).unwrap(),
            headers(hdrs),
            Bytes::from(body.to_owned()),
        )
    };
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Client_ {
        data: Data,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Data {
        client_id: String,
    }
    let err = decode_json::<Client_>(&raw(200, r#"{"data":{"client_id":5}}"#, &[])).unwrap_err();
    match &err {
        Error::Decode {
            status,
            path,
            message,
            snippet,
        } => {
            assert_eq!(*status, 200);
            assert_eq!(path, "data.client_id");
            assert!(message.contains("invalid type"), "{message}");
            assert_eq!(snippet, r#"{"data":{"client_id":5}}"#);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("data.client_id"), "{err}");
    let err =
        decode_json::<Client_>(&raw(200, r#"{"data":{"client_id":"a"}} x"#, &[])).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }));
    let err = decode_json::<Client_>(&raw(200, "", &[])).unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
    assert_eq!(decode_text(&raw(200, "héllo", &[])).unwrap(), "héllo");
    decode_empty(&raw(204, "", &[])).unwrap();
    let redirect = decode_redirect(&raw(302, "", &[("location", "https://x/cb?code=1")])).unwrap();
    assert_eq!(redirect.status(), 302);
    assert_eq!(redirect.location(), Some("https://x/cb?code=1"));
    let secret = "https://x/cb?code=authcode-secret&state=s1";
    let with_code = decode_redirect(&raw(302, "", &[("location", secret)])).unwrap();
    let shown = format!("{with_code:?}");
    assert!(
        !shown.contains("authcode-secret") && shown.contains("state=s1"),
        "{shown}"
    );
    let cookie = raw(200, "{}", &[("set-cookie", "sid=cookie-secret")]);
    assert!(
        !format!("{cookie:?}").contains("cookie-secret"),
        "{cookie:?}"
    );
    let page = decode_redirect(&raw(200, "<html>", &[])).unwrap();
    assert_eq!((page.status().as_u16(), page.location()), (200, None));
    let err = decode_redirect(&raw(404, "", &[])).unwrap_err();
    assert!(err.to_string().contains("Policy::none"), "{err}");
    let r = raw(200, "{}", &[("x-request-id", "rid-1")]);
    assert_eq!(r.request_id(), Some("rid-1"));
    assert_eq!(r.text(), "{}");
    assert!(format!("{r:?}").contains("body_len"));
}

// ---------- against a mock server ----------

#[tokio::test]
async fn retries_429_honouring_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/thing"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/thing"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-ok")
                .set_body_json(serde_json::json!({"ok": true})),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);
    let started = Instant::now();
    let response = get(&client, "/thing").send_with_response().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(response.value()["ok"], true);
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-ok"));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retries_503_twice_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after-ms", "10"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"n\":1}"))
        .mount(&server)
        .await;
    let value = get(&client_for(&server), "/thing").await.unwrap();
    assert_eq!(value["n"], 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn gives_up_after_max_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after-ms", "5")
                .insert_header("x-request-id", "req-429")
                .set_body_json(
                    serde_json::json!({"error": "rate_limited", "error_description": "slow down"}),
                ),
        )
        .mount(&server)
        .await;
    let err = get(&client_for(&server), "/thing").await.unwrap_err();
    assert!(matches!(err, Error::RateLimit(_)), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.request_id(), Some("req-429"));
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        "429 Too Many Requests (request id req-429): rate_limited: slow down (gave up after 3 attempts)"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    // Per-request override.
    let err = get(&client_for(&server), "/thing")
        .max_retries(0)
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn x_should_retry_overrides() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/no"))
        .respond_with(ResponseTemplate::new(500).insert_header("x-should-retry", "false"))
        .mount(&server)
        .await;
    Mock::given(path("/v2/yes"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-should-retry", "true")
                .insert_header("retry-after-ms", "5"),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);
    let err = get(&client, "/no").await.unwrap_err();
    assert!(matches!(err, Error::InternalServer(_)), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let err = get(&client, "/yes").await.unwrap_err();
    assert!(matches!(err, Error::BadRequest(_)), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(1500)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/v2", server.uri()))
        .timeout(Duration::from_millis(100))
        .max_retries(1)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = get(&client, "/slow").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 2 }), "{err:?}");
    assert!(err.is_retryable());
    assert!(
        started.elapsed() < Duration::from_millis(1400),
        "{:?}",
        started.elapsed()
    );
    // A per-request timeout replaces the client's.
    let err = get(&client, "/slow")
        .with_options(
            RequestOptions::new()
                .timeout(Duration::from_millis(50))
                .max_retries(0),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    // ... also when it is longer than the client's (which its own reqwest client applies).
    let server_fast = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({}))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&server_fast)
        .await;
    let patient = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/v2", server_fast.uri()))
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap();
    get(&patient, "/a")
        .timeout(Duration::from_secs(5))
        .await
        .expect("the per-request timeout replaces the client's");
    // A reqwest client passed in has no timeout of its own: the client's still applies.
    let custom = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/v2", server.uri()))
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap();
    let err = get(&custom, "/slow").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
}

#[tokio::test]
async fn connection_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}/v2"))
        .max_retries(1)
        .build()
        .unwrap();
    let err = consent(&client, "tok-in-path", "q-value-hidden")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Connection { attempts: 2, .. }),
        "{err:?}"
    );
    assert!(err.is_retryable());
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(!shown.contains("q-value-hidden"), "{shown}");
    assert!(!shown.contains("tok-in-path"), "{shown}");
    assert!(
        shown.contains("could not reach the API after 2 attempts"),
        "{shown}"
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn quoted_values_are_blanked_in_messages() {
    assert_eq!(
        without_quoted_values(r#"invalid type: string "at-SECRET", expected u64"#),
        r#"invalid type: string "[redacted]", expected u64"#
    );
    assert_eq!(
        without_quoted_values(r#"string "a\"at-SECRET" then "b" and "cut"#),
        r#"string "[redacted]" then "[redacted]" and "[redacted]""#
    );
    assert_eq!(
        without_quoted_values("unknown field `x`"),
        "unknown field `x`"
    );
}

#[test]
fn token_requests_ask_for_credentials() {
    let request = || Request::new(Method::POST, ServerRef::Base, "/oauth/token".into(), "op");
    #[derive(serde::Serialize)]
    struct Form {
        grant_type: &'static str,
    }
    assert!(request()
        .form(&Form {
            grant_type: "client_credentials"
        })
        .asks_for_credentials());
    assert!(!request().form(&[("name", "x")]).asks_for_credentials());
    assert!(!request()
        .json(&serde_json::json!({"grant": "x"}))
        .asks_for_credentials());
    assert!(!request().asks_for_credentials());
}

#[tokio::test]
async fn decode_error_from_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"data": [1, 2, "three"]}"#))
        .mount(&server)
        .await;
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Numbers {
        data: Vec<u32>,
    }
    let call = Call::new(
        client_for(&server),
        Request::new(Method::GET, ServerRef::Base, "/n".into(), "op"),
        decode_json::<Numbers>,
    );
    match call.await.unwrap_err() {
        Error::Decode {
            status,
            path,
            snippet,
            ..
        } => {
            assert_eq!(status, 200);
            assert_eq!(path, "data[2]");
            assert!(snippet.starts_with(r#"{"data": [1, 2"#), "{snippet}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn redirect_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/oauth/authorize"))
        .and(query_param("redirect_uri", "https://app.example/cb"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", "https://app.example/cb?code=abc&state=xyz"),
        )
        .mount(&server)
        .await;
    let call = Call::new(
        client_for(&server),
        Request::new(
            Method::GET,
            ServerRef::Base,
            "/oauth/authorize".into(),
            "authorize",
        )
        .query("client_id", "cid")
        .query("redirect_uri", "https://app.example/cb")
        .query("response_type", "code"),
        decode_redirect,
    );
    let url = call.url().unwrap();
    assert_eq!(
        url.as_str(),
        format!(
            "{}/v2/oauth/authorize?client_id=cid&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code",
            server.uri()
        )
    );
    let redirect = call.await.unwrap();
    assert_eq!(redirect.status(), 302);
    assert_eq!(
        redirect.location(),
        Some("https://app.example/cb?code=abc&state=xyz")
    );
    // The authorize endpoint takes no credentials.
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn sends_headers_auth_and_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/oauth_clients"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(header("user-agent", meta::USER_AGENT))
        .and(query_param("page[size]", "5"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "c1"})))
        .mount(&server)
        .await;
    // Basic auth: base64("cid:csecret").
    Mock::given(method("POST"))
        .and(path("/v2/oauth/introspect"))
        .and(header("authorization", "Basic Y2lkOmNzZWNyZXQ="))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"active": true})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/.well-known/oauth-authorization-server"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"issuer": "x"})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .client_credentials("cid", "csecret")
        .base_url(format!("{}/v2", server.uri()))
        .build()
        .unwrap();
    let created: serde_json::Value = Call::new(
        client.clone(),
        Request::new(
            Method::POST,
            ServerRef::Base,
            "/oauth_clients".into(),
            "createOAuthClient",
        )
        .auth(&[AuthScheme::Bearer], false)
        .query("page[size]", 5)
        .json(&serde_json::json!({"name": "n"})),
        decode_json,
    )
    .await
    .unwrap();
    assert_eq!(created["id"], "c1");
    let introspected: serde_json::Value = Call::new(
        client.clone(),
        Request::new(
            Method::POST,
            ServerRef::Base,
            "/oauth/introspect".into(),
            "introspect",
        )
        .auth(&[AuthScheme::ClientBasic, AuthScheme::Bearer], false)
        .form(&[("token", "tok en")]),
        decode_json,
    )
    .await
    .unwrap();
    assert_eq!(introspected["active"], true);
    let meta: serde_json::Value = Call::new(
        client.clone(),
        Request::new(
            Method::GET,
            ServerRef::Origin(""),
            "/.well-known/oauth-authorization-server".into(),
            "wellKnown",
        ),
        decode_json,
    )
    .await
    .unwrap();
    assert_eq!(meta["issuer"], "x");
    Call::new(
        client.clone(),
        Request::new(
            Method::DELETE,
            ServerRef::Base,
            "/oauth_clients/a%2Fb".into(),
            "delete",
        )
        .auth(&[AuthScheme::Bearer], false),
        decode_empty,
    )
    .await
    .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[0].url.query(), Some("page[size]=5"));
    assert_eq!(requests[0].body, br#"{"name":"n"}"#);
    assert_eq!(requests[1].body, b"token=tok+en");
    assert!(requests[2].headers.get("authorization").is_none());
    assert_eq!(requests[3].url.path(), "/v2/oauth_clients/a%2Fb");
}

/// Collects every tracing event's fields as text.
struct Capture(Arc<Mutex<String>>);

struct Visitor<'a>(&'a mut String);

impl tracing::field::Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        use std::fmt::Write;
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = String::new();
        event.record(&mut Visitor(&mut line));
        let mut all = self.0.lock().unwrap();
        all.push_str(&line);
        all.push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn secrets_stay_out_of_debug_display_and_logs() {
    let logs = Arc::new(Mutex::new(String::new()));
    let _guard = tracing::subscriber::set_default(Capture(logs.clone()));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("retry-after-ms", "5")
                .insert_header("x-should-retry", "true")
                .set_body_json(serde_json::json!({"error": "invalid_token"})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .client_credentials("cid", "client-secret-xyz")
        .base_url(format!("{}/v2", server.uri()))
        .max_retries(1)
        .build()
        .unwrap();
    let err = consent(&client, "tok123", "query-value-hidden")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    let config_err = Call::new(
        Client::builder().build().unwrap(),
        Request::new(Method::GET, ServerRef::Base, "/x".into(), "op")
            .auth(&[AuthScheme::Bearer], false),
        decode_empty,
    )
    .await
    .unwrap_err();
    let logs = logs.lock().unwrap().clone();
    for shown in [
        format!("{client:?}"),
        format!("{err}"),
        format!("{err:?}"),
        format!("{config_err} {config_err:?}"),
        logs.clone(),
    ] {
        assert!(!shown.contains(KEY), "{shown}");
        assert!(!shown.contains("client-secret-xyz"), "{shown}");
        assert!(!shown.contains("query-value-hidden"), "{shown}");
        assert!(!shown.contains("tok123"), "{shown}");
    }
    assert!(logs.contains("retrying"), "{logs}");
    assert!(logs.contains("wait_ms="), "{logs}");
    assert!(logs.contains("elapsed_ms="), "{logs}");
    assert!(logs.contains("operation=\"consent\""), "{logs}");
    assert!(logs.contains("/oauth/consent/{consent_token}"), "{logs}");
}
