use std::time::{Duration, SystemTime};

use crate::client::Client;
use crate::error::Error;

use super::app::OAuthApp;
use super::authorization_code::PendingAuthorization;
use super::client_auth::{form_encode, ClientAuthMethod};
use super::error::FlowError;
use super::introspection::Introspection;
use super::jwks::Jwks;
use super::tokens::{TokenSet, TokenWire};
use super::PkceVerifier;

#[test]
fn client_registration_builder() {
    let registration = super::ClientRegistration::new("My integration")
        .redirect_uri("https://app.example.com/callback")
        .grant_types(["authorization_code", "refresh_token"])
        .scope("admin")
        .auth_method(super::ClientAuthMethod::ClientSecretBasic);
    assert_eq!(
        registration.redirect_uris,
        ["https://app.example.com/callback"]
    );
    assert_eq!(
        serde_json::to_value(&registration).unwrap(),
        serde_json::json!({
            "client_name": "My integration",
            "redirect_uris": ["https://app.example.com/callback"],
            "grant_types": ["authorization_code", "refresh_token"],
            "scope": "admin",
            "token_endpoint_auth_method": "client_secret_basic"
        })
    );
}

fn pending() -> PendingAuthorization {
    PendingAuthorization::restore(
        "st-123",
        PkceVerifier::generate().unwrap(),
        "https://app.example/cb",
    )
}

#[test]
fn callback_forms_and_checks() {
    let p = pending();
    for callback in [
        "https://app.example/cb?code=c-1&state=st-123",
        "/cb?state=st-123&code=c-1#frag",
        "?code=c-1&state=st-123",
        "code=c-1&state=st-123",
    ] {
        let code = p.verify_callback(callback).unwrap();
        assert_eq!(code.secret(), "c-1", "{callback}");
        assert!(!format!("{code:?}").contains("c-1"));
    }
    let err = p.verify_callback("/cb?code=c-1&state=other").unwrap_err();
    assert!(
        matches!(err, Error::OAuth(FlowError::StateMismatch)),
        "{err:?}"
    );
    assert!(err.to_string().contains("does not match"), "{err}");
    let err = p.verify_callback("/cb?code=c-1").unwrap_err();
    assert!(
        matches!(err, Error::OAuth(FlowError::MissingParameter("state"))),
        "{err:?}"
    );
    let err = p.verify_callback("/cb?state=st-123").unwrap_err();
    assert!(
        matches!(err, Error::OAuth(FlowError::MissingParameter("code"))),
        "{err:?}"
    );
    let err = p
        .verify_callback("/cb?state=st-123&state=st-123&code=x")
        .unwrap_err();
    assert!(
        matches!(err, Error::OAuth(FlowError::InvalidCallback(_))),
        "{err:?}"
    );
    let err = p
        .verify_callback("/cb?state=st-123&error=access_denied&error_description=User+said+no")
        .unwrap_err();
    match err {
        Error::OAuth(FlowError::AuthorizationFailed {
            error, description, ..
        }) => {
            assert_eq!(error, "access_denied");
            assert_eq!(description.as_deref(), Some("User said no"));
        }
        other => panic!("{other:?}"),
    }
    // A forged error callback (wrong state) is a state mismatch.
    let err = p
        .verify_callback("/cb?state=x&error=access_denied")
        .unwrap_err();
    assert!(
        matches!(err, Error::OAuth(FlowError::StateMismatch)),
        "{err:?}"
    );
    assert!(p.verify_callback("https://[bad").is_err());
    assert!(!format!("{p:?}").contains("st-123"));
}

#[test]
fn token_parsing() {
    let wire: TokenWire = serde_json::from_str(
        r#"{"access_token":"at","token_type":"bearer","expires_in":"3600","scope":"a b","id_token":"x"}"#,
    )
    .unwrap();
    let t = TokenSet::from_wire(wire).unwrap();
    assert_eq!(t.access_token().expose_secret(), "at");
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["a", "b"]);
    assert!(t.expires_in().unwrap() > Duration::from_secs(3590));
    assert!(!t.is_expired());
    assert!(!t.needs_renewal(Duration::from_secs(60)));
    assert!(!t.needs_renewal(Duration::from_secs(3600 * 2)));
    assert!(t.extra().contains_key("id_token"));
    let shown = format!("{t:?}");
    assert!(
        !shown.contains("\"x\"") && !shown.contains("at\""),
        "{shown}"
    );

    for (json, expected) in [
        (r#"{"access_token":"a","expires_in":12.7}"#, Some(12)),
        (r#"{"access_token":"a","expires_in":-5}"#, Some(0)),
        (r#"{"access_token":"a","expires_in":null}"#, None),
        (r#"{"access_token":"a"}"#, None),
    ] {
        let wire: TokenWire = serde_json::from_str(json).unwrap();
        assert_eq!(wire.expires_in, expected, "{json}");
    }
    let wire: TokenWire =
        serde_json::from_str(r#"{"access_token":"a","token_type":"mac"}"#).unwrap();
    assert!(matches!(
        TokenSet::from_wire(wire),
        Err(Error::OAuth(FlowError::UnsupportedTokenType(_)))
    ));
}

#[test]
fn renewal_margin() {
    let t = TokenSet::new("a").with_expires_in(Duration::from_secs(3600));
    assert!(!t.needs_renewal(Duration::from_secs(60)));
    assert!(!t.needs_renewal(Duration::from_secs(3600)));
    // Within the skew of expiry.
    let t = TokenSet::new("a").with_expires_in(Duration::from_secs(30));
    assert!(
        !t.needs_renewal(Duration::from_secs(60)),
        "half-life margin for short tokens"
    );
    let t = TokenSet::new("a").with_expires_in(Duration::ZERO);
    assert!(t.needs_renewal(Duration::from_secs(60)));
    assert!(t.is_expired());
    assert!(!TokenSet::new("a").needs_renewal(Duration::from_secs(60)));
    let t = TokenSet::from_refresh_token("rt");
    assert!(t.needs_renewal(Duration::ZERO));
    assert_eq!(t.refresh_token().unwrap().expose_secret(), "rt");
    let t = TokenSet::new("a").with_expires_at(SystemTime::now() - Duration::from_secs(5));
    assert!(t.is_expired());
}

#[test]
fn form_encoding_of_credentials() {
    assert_eq!(form_encode("abc-DEF_1.2*"), "abc-DEF_1.2*");
    assert_eq!(form_encode("a b+c/d=:"), "a%20b%2Bc%2Fd%3D%3A");
}

#[test]
fn auth_methods() {
    assert_eq!(
        ClientAuthMethod::default(),
        ClientAuthMethod::ClientSecretBasic
    );
    for m in [
        ClientAuthMethod::ClientSecretBasic,
        ClientAuthMethod::ClientSecretPost,
        ClientAuthMethod::None,
    ] {
        assert_eq!(ClientAuthMethod::parse(m.as_str()), Some(m));
    }
    assert_eq!(ClientAuthMethod::parse("private_key_jwt"), None);
    let client = Client::builder().build().unwrap();
    let app = OAuthApp::new(&client, "cid");
    assert_eq!(app.auth_method_in_use(), ClientAuthMethod::None);
    let app = app
        .client_secret("s3cret")
        .auth_method(ClientAuthMethod::ClientSecretPost);
    assert_eq!(app.auth_method_in_use(), ClientAuthMethod::ClientSecretPost);
    assert!(!format!("{app:?}").contains("s3cret"));
}

#[test]
fn introspection_helpers() {
    let i: Introspection = serde_json::from_str(
        r#"{"active":true,"scope":"admin read","aud":["a","b"],"exp":1700000000,"custom":1}"#,
    )
    .unwrap();
    assert_eq!(i.scopes().collect::<Vec<_>>(), ["admin", "read"]);
    assert_eq!(i.audiences(), ["a", "b"]);
    assert!(i.expires_at().is_some());
    assert_eq!(i.extra["custom"], 1);
    let jwks: Jwks =
        serde_json::from_str(r#"{"keys":[{"kty":"RSA","kid":"k1","use":"sig","n":"x"}]}"#).unwrap();
    assert_eq!(jwks.find("k1").unwrap().use_.as_deref(), Some("sig"));
    assert!(jwks.find("k2").is_none());
}
