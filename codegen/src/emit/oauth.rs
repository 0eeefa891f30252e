//! OAuth glue for the Rust crate: where the API's OAuth endpoints are, and the flow examples.
//!
//! The runtime's OAuth flows (`codegen/runtime/src/oauth/`) are the same for every API; what is
//! specific to one is where its endpoints are when the server's metadata does not say. They are
//! recognised in the model by what the OAuth RFCs define for them, not by their paths: the token
//! endpoint takes `grant_type` (RFC 6749 §4), the authorization endpoint a `response_type` query
//! parameter (§4.1.1), introspection a `token` and answers `active` (RFC 7662), the JWKS endpoint
//! answers `keys` (RFC 7517), registration takes `redirect_uris` and answers a top-level
//! `client_id` (RFC 7591), and the metadata is at its well-known path (RFC 8414).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::*;

/// The metadata path RFC 8414 defines.
const WELL_KNOWN: &str = "/.well-known/oauth-authorization-server";

/// The flow examples: `(file name, source)`. They name neither the crate nor its environment
/// prefix: they use the crate as `api` and read `ENV_PREFIX`, both declared by the lines the
/// emitter puts after their leading comments ([`super::runtime::example_prelude`]); the helpers
/// they share ([`SET_UP`]) are put after their `use` lines, so each written example is a complete
/// program. A `// requires: resource.method` line names an
/// operation the example calls: the example is written only for APIs that have it.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "oauth_authorization_code.rs",
        include_str!("../../templates/examples/oauth_authorization_code.rs"),
    ),
    (
        "oauth_client_credentials.rs",
        include_str!("../../templates/examples/oauth_client_credentials.rs"),
    ),
    (
        "oauth_refresh.rs",
        include_str!("../../templates/examples/oauth_refresh.rs"),
    ),
    (
        "oauth_introspection.rs",
        include_str!("../../templates/examples/oauth_introspection.rs"),
    ),
    (
        "oauth_registration.rs",
        include_str!("../../templates/examples/oauth_registration.rs"),
    ),
];

/// What every flow example sets up the same way: `env` reads a variable of the environment (every
/// example does, and the other helpers call it); each other helper is put in only for an example
/// that calls it (`required(` for a variable it cannot run without, `client_builder(` for the
/// client at `<ENV_PREFIX>_BASE_URL`).
const SET_UP: &str = r#"/// The environment variable `<ENV_PREFIX>_<name>`, if set and not blank.
fn env(name: &str) -> Option<String> {
    std::env::var(format!("{ENV_PREFIX}_{name}"))
        .ok()
        .filter(|v| !v.trim().is_empty())
}
"#;
const SET_UP_CALLED: &[(&str, &str)] = &[
    (
        "required(",
        r#"fn required(name: &str) -> Result<String, String> {
    env(name).ok_or_else(|| format!("set the environment variable {ENV_PREFIX}_{name}"))
}
"#,
    ),
    (
        "client_builder(",
        r#"/// A client builder for the server at `<ENV_PREFIX>_BASE_URL` if set, else the API's own.
fn client_builder() -> api::ClientBuilder {
    let builder = api::Client::builder();
    match env("BASE_URL") {
        Some(url) => builder.base_url(url),
        None => builder,
    }
}
"#,
    ),
];

/// The operations that serve as OAuth endpoints, when the API has them.
#[derive(Default)]
struct Endpoints<'m> {
    metadata: Option<&'m Operation>,
    authorization: Option<&'m Operation>,
    token: Option<&'m Operation>,
    introspection: Option<&'m Operation>,
    jwks: Option<&'m Operation>,
    registration: Option<&'m Operation>,
}

fn find(model: &ApiModel) -> Endpoints<'_> {
    let mut found = Endpoints::default();
    for (_, op) in model.operations() {
        let body_has = |name: &str| {
            op.body
                .as_ref()
                .is_some_and(|b| has_field(model, &b.ty, name))
        };
        let answers = |name: &str| match &op.success {
            Success::Json(ty) => has_field(model, ty, name),
            _ => false,
        };
        let slot = match op.http_method.as_str() {
            "GET" if op.path == WELL_KNOWN => &mut found.metadata,
            "GET"
                if op
                    .params
                    .iter()
                    .any(|p| p.location == ParamLocation::Query && p.name == "response_type") =>
            {
                &mut found.authorization
            }
            "GET" if answers("keys") && !op.params.iter().any(|p| p.required) => &mut found.jwks,
            "POST" if body_has("grant_type") => &mut found.token,
            "POST" if body_has("token") && answers("active") => &mut found.introspection,
            "POST" if body_has("redirect_uris") && answers("client_id") => &mut found.registration,
            _ => continue,
        };
        slot.get_or_insert(op);
    }
    found
}

/// Whether `ty` is an object with a property `name` (following aliases).
fn has_field(model: &ApiModel, ty: &TypeRef, name: &str) -> bool {
    model
        .struct_of(ty)
        .is_some_and(|s| s.fields.iter().any(|f| f.name == name))
}

/// Whether the API has a token endpoint (the OAuth examples are written only then).
pub(super) fn has_token_endpoint(model: &ApiModel) -> bool {
    find(model).token.is_some()
}

/// `pub mod oauth { ... }` for the crate's `meta` module: each endpoint as
/// `Option<(ServerRef, path)>`, relative to the client's base URL.
pub(super) fn meta_module(model: &ApiModel) -> TokenStream {
    let found = find(model);
    let location = |op: Option<&Operation>| match op {
        None => quote! { None },
        Some(op) => {
            let path = &op.path;
            let server = match &op.server {
                ServerChoice::Default => quote! { crate::http::ServerRef::Base },
                ServerChoice::Origin(p) => quote! { crate::http::ServerRef::Origin(#p) },
                ServerChoice::Absolute(u) => quote! { crate::http::ServerRef::Absolute(#u) },
            };
            quote! { Some((#server, #path)) }
        }
    };
    let metadata = location(found.metadata);
    let authorization = location(found.authorization);
    let token = location(found.token);
    let introspection = location(found.introspection);
    let jwks = location(found.jwks);
    let registration = location(found.registration);
    quote! {
        /// Where the OAuth endpoints are, from the API document, for when the server's metadata
        /// does not say (`None`: the document has no such endpoint).
        pub mod oauth {
            /// A server and a path.
            pub type Location = Option<(crate::http::ServerRef, &'static str)>;
            /// Authorization server metadata (RFC 8414).
            pub const METADATA: Location = #metadata;
            /// Authorization endpoint.
            pub const AUTHORIZATION: Location = #authorization;
            /// Token endpoint.
            pub const TOKEN: Location = #token;
            /// Token introspection endpoint (RFC 7662).
            pub const INTROSPECTION: Location = #introspection;
            /// JSON Web Key Set.
            pub const JWKS: Location = #jwks;
            /// Dynamic client registration endpoint (RFC 7591).
            pub const REGISTRATION: Location = #registration;
        }
    }
}

/// The flow examples for `examples/`, without the generated-file header: `(file name, source)`.
/// None for an API without a token endpoint; each one only if the API has the operations it calls.
pub(super) fn examples(model: &ApiModel) -> Vec<(&'static str, String)> {
    if !has_token_endpoint(model) {
        return Vec::new();
    }
    EXAMPLES
        .iter()
        .filter(|(_, source)| {
            source
                .lines()
                .filter_map(|l| l.trim().strip_prefix("// requires: "))
                .all(|call| has_operation(model, call.trim()))
        })
        .map(|(name, source)| (*name, with_prelude(source, model)))
        .collect()
}

/// `source` with the crate's prelude inserted after its leading comment lines, and the set-up
/// helpers it calls after its `use` lines.
fn with_prelude(source: &str, model: &ApiModel) -> String {
    let (comments, code) = source.split_at(lines_while(source, |l| l.starts_with("//")));
    let (uses, body) = code.split_at(lines_while(code, |l| l.is_empty() || l.starts_with("use ")));
    let helpers: String = std::iter::once(SET_UP)
        .chain(
            SET_UP_CALLED
                .iter()
                .filter(|(call, _)| body.contains(call))
                .map(|(_, helper)| *helper),
        )
        .map(|helper| format!("{helper}\n"))
        .collect();
    format!(
        "{comments}{}{uses}{helpers}{body}",
        super::runtime::example_prelude(model)
    )
}

/// The length of `text`'s leading lines that satisfy `keep`.
fn lines_while(text: &str, keep: impl Fn(&str) -> bool) -> usize {
    text.lines()
        .take_while(|l| keep(l))
        .map(|l| l.len() + 1)
        .sum::<usize>()
        .min(text.len())
}

/// Whether `resource.method` is an operation of the model.
fn has_operation(model: &ApiModel, call: &str) -> bool {
    let Some((resource, method)) = call.split_once('.') else {
        return false;
    };
    model
        .operations()
        .any(|(r, op)| r.name == resource && op.method_name == method)
}

/// The README's OAuth section (empty for an API without a token endpoint).
pub(super) fn readme_section(model: &ApiModel) -> String {
    if !has_token_endpoint(model) {
        return String::new();
    }
    let krate = crate::rust_names::crate_ident(model);
    let env = &model.package.env_prefix;
    let examples: Vec<String> = examples(model)
        .iter()
        .map(|(name, _)| format!("`{}`", name.trim_end_matches(".rs")))
        .collect();
    format!(
        r#"## OAuth 2.0

Instead of an API key, the client can authenticate with OAuth access tokens. With client
credentials, it fetches a token on first use, shares it between concurrent calls, renews it
before it expires, and after a 401 renews it once and retries the call once:

```rust,no_run
#[tokio::main]
async fn main() -> Result<(), {krate}::Error> {{
    let client = {krate}::Client::builder()
        .oauth_client_credentials("my-client-id", "my-client-secret")
        .oauth_scope("admin")
        .build()?;
    let _ = client;
    Ok(())
}}
```

`Client::from_env()` does the same when `{env}_CLIENT_ID` and `{env}_CLIENT_SECRET` are set and
`{env}_API_KEY` is not.

The `oauth` module has the other flows: discovery (`/.well-known/oauth-authorization-server`, with
the endpoints of the API document as fallback), authorization code with PKCE (S256) and `state`
checks, refresh tokens with rotation, introspection, JWKS and dynamic client registration:

```rust,no_run
use {krate}::oauth::{{OAuthApp, PendingAuthorization, TokenProvider}};
use {krate}::{{Client, Error}};

fn app(client: &Client) -> OAuthApp {{
    OAuthApp::new(client, "my-client-id")
        .client_secret("my-client-secret")
        .redirect_uri("https://app.example.com/callback")
}}

// 1. Send the user to the URL; keep `pending` (state, PKCE verifier) in their session.
async fn start(client: &Client) -> Result<(String, PendingAuthorization), Error> {{
    let (url, pending) = app(client).authorize().scope("admin").build().await?;
    Ok((url.to_string(), pending))
}}

// 2. Back at the redirect URI: check `state`, exchange the code, call the API as the user.
async fn finish(
    client: &Client,
    pending: &PendingAuthorization,
    callback_url: &str,
) -> Result<Client, Error> {{
    let app = app(client);
    let tokens = app.exchange_code(pending, callback_url).await?;
    Ok(client.with_token_provider(TokenProvider::from_tokens(app, tokens)))
}}
```

Runnable examples: {list} (`cargo run --example <name>`).

"#,
        list = examples.join(", ")
    )
}

/// Lines for the crate docs about OAuth (none for an API without a token endpoint).
pub(super) fn crate_doc(model: &ApiModel) -> Vec<String> {
    if !has_token_endpoint(model) {
        return Vec::new();
    }
    let krate = crate::rust_names::crate_ident(model);
    vec![
        String::new(),
        "# OAuth 2.0".into(),
        String::new(),
        "[`ClientBuilder::oauth_client_credentials`] authenticates with OAuth access tokens instead of an"
            .into(),
        "API key (fetched once, shared, renewed before expiry and after a 401). The [`oauth`] module has"
            .into(),
        "the flows: discovery, authorization code with PKCE, refresh tokens, introspection, JWKS and"
            .into(),
        "dynamic client registration.".into(),
        String::new(),
        "```no_run".into(),
        format!("# async fn run(callback_url: &str) -> Result<(), {krate}::Error> {{"),
        format!("use {krate}::oauth::{{OAuthApp, TokenProvider}};"),
        String::new(),
        "// Client credentials: every call sends `Authorization: Bearer <access token>`.".into(),
        format!("let client = {krate}::Client::builder()"),
        "    .oauth_client_credentials(\"my-client-id\", \"my-client-secret\")".into(),
        "    .build()?;".into(),
        String::new(),
        "// Authorization code with PKCE: send the user to `url`, keep `pending` in their session.".into(),
        format!("let client = {krate}::Client::builder().build()?;"),
        "let app = OAuthApp::new(&client, \"my-client-id\")".into(),
        "    .client_secret(\"my-client-secret\")".into(),
        "    .redirect_uri(\"https://app.example.com/callback\");".into(),
        "let (url, pending) = app.authorize().scope(\"admin\").build().await?;".into(),
        "println!(\"send the user to {url}\");".into(),
        "// Back at the redirect URI (`callback_url`: `...?code=...&state=...`):".into(),
        "let tokens = app.exchange_code(&pending, callback_url).await?;".into(),
        "let user_client = client.with_token_provider(TokenProvider::from_tokens(app, tokens));".into(),
        "# let _ = user_client; Ok(()) }".into(),
        "```".into(),
    ]
}
