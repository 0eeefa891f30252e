//! The JSON Web Key Set (RFC 7517).

use reqwest::{Method, Url};

use super::discovery::Endpoints;
use crate::client::Client;
use crate::error::Error;
use crate::http::{decode_json, Call, Request};

/// A JSON Web Key Set (RFC 7517 §5).
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Jwks {
    /// The keys.
    #[serde(default)]
    pub keys: Vec<Jwk>,
    /// Other fields, as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Jwks {
    /// The key with this key id (`kid`), if any.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid.as_deref() == Some(kid))
    }
}

/// A JSON Web Key (RFC 7517 §4).
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Jwk {
    /// Key type (`RSA`, `EC`, ...).
    #[serde(default)]
    pub kty: String,
    /// Key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Intended use (`sig`, `enc`).
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// Algorithm (`RS256`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// The key's other parameters (`n`, `e`, `x`, `y`, `crv`, ...).
    #[serde(flatten)]
    pub params: serde_json::Map<String, serde_json::Value>,
}

/// Fetches the JSON Web Key Set from the endpoint found by discovery (or the API document's).
pub async fn fetch_jwks(client: &Client) -> Result<Jwks, Error> {
    let endpoints = Endpoints::discover_or_default(client).await;
    let url = endpoints.require(&endpoints.jwks, "JWKS endpoint", "jwks")?;
    fetch_jwks_at(client, url).await
}

pub(super) async fn fetch_jwks_at(client: &Client, url: Url) -> Result<Jwks, Error> {
    let request = Request::at_url(Method::GET, url, "oauth.jwks");
    Call::new(client.clone(), request, decode_json::<Jwks>)
        .send()
        .await
}
