//! Authorization server metadata (RFC 8414): the endpoints, discovered or from the API document.

use reqwest::{Method, Url};

use super::error::FlowError;
use crate::client::Client;
use crate::error::Error;
use crate::http::{decode_json, Call, Request, ServerRef};
use crate::meta;

/// Where RFC 8414 puts the authorization server metadata, at the host root.
const WELL_KNOWN_PATH: &str = "/.well-known/oauth-authorization-server";

/// The authorization server's endpoints.
///
/// [`Endpoints::discover`] reads them from the server's metadata (RFC 8414); what the metadata
/// leaves out comes from [`Endpoints::defaults`]: the locations in the API document, relative to
/// the client's base URL (so that a base-URL override, e.g. a mock server, applies to them).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoints {
    /// The authorization server's issuer identifier, when the metadata gave one.
    pub issuer: Option<String>,
    /// Where users are sent to authorize (`authorization_endpoint`).
    pub authorization: Option<Url>,
    /// Where tokens are issued (`token_endpoint`).
    pub token: Option<Url>,
    /// Token introspection (`introspection_endpoint`, RFC 7662).
    pub introspection: Option<Url>,
    /// The JSON Web Key Set (`jwks_uri`).
    pub jwks: Option<Url>,
    /// Dynamic client registration (`registration_endpoint`, RFC 7591).
    pub registration: Option<Url>,
    /// Token revocation (`revocation_endpoint`, RFC 7009), when the metadata gave one.
    pub revocation: Option<Url>,
    /// Scopes the server supports, when the metadata lists them.
    pub scopes_supported: Vec<String>,
    /// PKCE methods the server supports, when the metadata lists them.
    pub code_challenge_methods_supported: Vec<String>,
    /// Client authentication methods the token endpoint supports, when the metadata lists them.
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// Whether these come from the server's metadata (else only from the API document).
    pub discovered: bool,
}

/// The fields of RFC 8414 metadata this client uses; everything else is ignored.
#[derive(serde::Deserialize)]
struct MetadataWire {
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    authorization_endpoint: Option<String>,
    #[serde(default)]
    token_endpoint: Option<String>,
    #[serde(default)]
    introspection_endpoint: Option<String>,
    #[serde(default)]
    jwks_uri: Option<String>,
    #[serde(default)]
    registration_endpoint: Option<String>,
    #[serde(default)]
    revocation_endpoint: Option<String>,
    #[serde(default)]
    scopes_supported: Option<Vec<String>>,
    #[serde(default)]
    code_challenge_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    token_endpoint_auth_methods_supported: Option<Vec<String>>,
}

impl Endpoints {
    /// The endpoints the API document names, relative to the client's base URL; `None` for those it
    /// does not have.
    pub fn defaults(client: &Client) -> Endpoints {
        let at = |location: Option<(ServerRef, &'static str)>| {
            let (server, path) = location?;
            Request::new(Method::GET, server, path.to_owned(), "oauth.endpoint")
                .url(client)
                .ok()
        };
        Endpoints {
            issuer: None,
            authorization: at(meta::oauth::AUTHORIZATION),
            token: at(meta::oauth::TOKEN),
            introspection: at(meta::oauth::INTROSPECTION),
            jwks: at(meta::oauth::JWKS),
            registration: at(meta::oauth::REGISTRATION),
            revocation: None,
            scopes_supported: Vec::new(),
            code_challenge_methods_supported: Vec::new(),
            token_endpoint_auth_methods_supported: Vec::new(),
            discovered: false,
        }
    }

    /// The URL of the authorization server metadata: `/.well-known/oauth-authorization-server` at
    /// the root of the client's host.
    pub fn metadata_url(client: &Client) -> Result<Url, Error> {
        let (server, path) =
            meta::oauth::METADATA.unwrap_or((ServerRef::Origin(""), WELL_KNOWN_PATH));
        Request::new(Method::GET, server, path.to_owned(), "oauth.discovery").url(client)
    }

    /// Reads the authorization server metadata; endpoints it leaves out come from
    /// [`defaults`](Self::defaults).
    ///
    /// Fails if the metadata cannot be fetched or is unusable: an `issuer` on another host than
    /// the metadata's, an endpoint that is not an http(s) URL, or a plain-http endpoint when the
    /// metadata came over https.
    pub async fn discover(client: &Client) -> Result<Endpoints, Error> {
        let url = Self::metadata_url(client)?;
        let request = Request::at_url(Method::GET, url.clone(), "oauth.discovery");
        let wire: MetadataWire = Call::new(client.clone(), request, decode_json::<MetadataWire>)
            .send()
            .await?;
        Self::from_metadata(client, &url, wire)
    }

    /// Like [`discover`](Self::discover), but falls back to [`defaults`](Self::defaults) (logging a
    /// warning) when discovery fails.
    pub async fn discover_or_default(client: &Client) -> Endpoints {
        match Self::discover(client).await {
            Ok(endpoints) => endpoints,
            Err(e) => {
                tracing::warn!(
                    "OAuth discovery failed ({e}); using the endpoints of the API document"
                );
                Self::defaults(client)
            }
        }
    }

    fn from_metadata(
        client: &Client,
        source: &Url,
        wire: MetadataWire,
    ) -> Result<Endpoints, Error> {
        let fail = |why: String| Error::OAuth(FlowError::Discovery(why));
        if let Some(issuer) = &wire.issuer {
            let parsed = Url::parse(issuer)
                .map_err(|e| fail(format!("the issuer `{issuer}` is not a URL: {e}")))?;
            if parsed.origin() != source.origin() {
                return Err(fail(format!(
                    "the issuer `{issuer}` is not on the host the metadata came from ({})",
                    source.origin().ascii_serialization()
                )));
            }
        }
        let endpoint = |name: &str, value: Option<String>| -> Result<Option<Url>, Error> {
            let Some(value) = value else {
                return Ok(None);
            };
            let url = Url::parse(&value)
                .map_err(|e| fail(format!("`{name}` is not a URL ({value}): {e}")))?;
            match url.scheme() {
                "https" => Ok(Some(url)),
                "http" if source.scheme() == "http" => Ok(Some(url)),
                "http" => Err(fail(format!(
                    "`{name}` ({value}) is plain http while the metadata came over https"
                ))),
                other => Err(fail(format!(
                    "`{name}` has the scheme `{other}`, not http(s)"
                ))),
            }
        };
        let defaults = Self::defaults(client);
        Ok(Endpoints {
            issuer: wire.issuer.clone(),
            authorization: endpoint("authorization_endpoint", wire.authorization_endpoint)?
                .or(defaults.authorization),
            token: endpoint("token_endpoint", wire.token_endpoint)?.or(defaults.token),
            introspection: endpoint("introspection_endpoint", wire.introspection_endpoint)?
                .or(defaults.introspection),
            jwks: endpoint("jwks_uri", wire.jwks_uri)?.or(defaults.jwks),
            registration: endpoint("registration_endpoint", wire.registration_endpoint)?
                .or(defaults.registration),
            revocation: endpoint("revocation_endpoint", wire.revocation_endpoint)?,
            scopes_supported: wire.scopes_supported.unwrap_or_default(),
            code_challenge_methods_supported: wire
                .code_challenge_methods_supported
                .unwrap_or_default(),
            token_endpoint_auth_methods_supported: wire
                .token_endpoint_auth_methods_supported
                .unwrap_or_default(),
            discovered: true,
        })
    }

    pub(super) fn require(&self, url: &Option<Url>, what: &str, field: &str) -> Result<Url, Error> {
        url.clone().ok_or_else(|| {
            Error::Config(format!(
                "the authorization server has no known {what}: neither its metadata nor the API \
                 document name one; set `Endpoints::{field}` and pass it with OAuthApp::endpoints"
            ))
        })
    }
}
