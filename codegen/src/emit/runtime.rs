//! The runtime in each generated crate: the modules of the `sdk-runtime` crate
//! (`codegen/runtime/`), copied verbatim under `src/`, and what the crate root needs around them.
//!
//! The runtime is the same text in every crate: it names no API, crate or environment variable.
//! What it reads about the API comes from the crate root, at fixed paths: `crate::meta` (default
//! server, environment variable names, the API's name in logs, OAuth endpoint locations; written
//! here from the model), `crate::ErrorModel` and `crate::Result`. The runtime crate's own `lib.rs`
//! declares the same modules and re-exports with neutral values, and is the source of the crate
//! root's runtime items ([`root_items`]), so the two cannot drift apart.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::encode::{markdown_code_span, rust_str};
use crate::model::{ApiModel, AuthKind};

/// The runtime's files, as paths under `src/`, with their text.
const FILES: &[(&str, &str)] = &[
    ("client.rs", include_str!("../../runtime/src/client.rs")),
    ("error.rs", include_str!("../../runtime/src/error.rs")),
    ("http/mod.rs", include_str!("../../runtime/src/http/mod.rs")),
    (
        "http/call.rs",
        include_str!("../../runtime/src/http/call.rs"),
    ),
    (
        "http/request.rs",
        include_str!("../../runtime/src/http/request.rs"),
    ),
    (
        "http/response.rs",
        include_str!("../../runtime/src/http/response.rs"),
    ),
    (
        "http/retry.rs",
        include_str!("../../runtime/src/http/retry.rs"),
    ),
    (
        "http/tests.rs",
        include_str!("../../runtime/src/http/tests.rs"),
    ),
    (
        "oauth/mod.rs",
        include_str!("../../runtime/src/oauth/mod.rs"),
    ),
    (
        "oauth/app.rs",
        include_str!("../../runtime/src/oauth/app.rs"),
    ),
    (
        "oauth/authorization_code.rs",
        include_str!("../../runtime/src/oauth/authorization_code.rs"),
    ),
    (
        "oauth/client_auth.rs",
        include_str!("../../runtime/src/oauth/client_auth.rs"),
    ),
    (
        "oauth/discovery.rs",
        include_str!("../../runtime/src/oauth/discovery.rs"),
    ),
    (
        "oauth/error.rs",
        include_str!("../../runtime/src/oauth/error.rs"),
    ),
    (
        "oauth/introspection.rs",
        include_str!("../../runtime/src/oauth/introspection.rs"),
    ),
    (
        "oauth/jwks.rs",
        include_str!("../../runtime/src/oauth/jwks.rs"),
    ),
    (
        "oauth/pkce.rs",
        include_str!("../../runtime/src/oauth/pkce.rs"),
    ),
    (
        "oauth/registration.rs",
        include_str!("../../runtime/src/oauth/registration.rs"),
    ),
    (
        "oauth/tests.rs",
        include_str!("../../runtime/src/oauth/tests.rs"),
    ),
    (
        "oauth/token_provider.rs",
        include_str!("../../runtime/src/oauth/token_provider.rs"),
    ),
    (
        "oauth/tokens.rs",
        include_str!("../../runtime/src/oauth/tokens.rs"),
    ),
    (
        "pagination.rs",
        include_str!("../../runtime/src/pagination.rs"),
    ),
    ("secret.rs", include_str!("../../runtime/src/secret.rs")),
    (
        "serde_helpers.rs",
        include_str!("../../runtime/src/serde_helpers.rs"),
    ),
    ("upload.rs", include_str!("../../runtime/src/upload.rs")),
];

/// The runtime crate's `lib.rs`: the crate root's runtime items.
const LIB: &str = include_str!("../../runtime/src/lib.rs");

/// The runtime's files as `(path under src/, text)`, copied as they are into every crate.
pub fn files() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().copied()
}

/// The crate root's runtime items, from the runtime crate's `lib.rs`: its module declarations
/// (first), and its other items (re-exports, `Result`, ...), in which the emitted `meta` module
/// and `ErrorModel` alias take the place of the runtime's neutral ones. The runtime's crate docs
/// and inner attributes are left out: the emitter writes the crate's own.
pub(super) fn root_items(
    meta: TokenStream,
    error_model: TokenStream,
) -> (TokenStream, TokenStream) {
    let file = syn::parse_file(LIB).expect("the runtime's lib.rs parses (a unit test checks)");
    let mut modules = TokenStream::new();
    let mut rest = TokenStream::new();
    for item in file.items {
        match &item {
            syn::Item::Mod(m) if m.ident == "meta" => rest.extend(meta.clone()),
            syn::Item::Mod(m) if m.content.is_none() => item.to_tokens(&mut modules),
            syn::Item::Type(t) if t.ident == "ErrorModel" => rest.extend(error_model.clone()),
            _ => item.to_tokens(&mut rest),
        }
    }
    (modules, rest)
}

/// The crate's `meta` module: what the runtime reads about the API, from the model. Every string is
/// a Rust literal made by `quote` (spec text cannot end it).
pub(super) fn meta_module(model: &ApiModel) -> TokenStream {
    let env = &model.package.env_prefix;
    let default_base = model
        .default_server
        .clone()
        .unwrap_or_else(|| "http://localhost".into());
    let api_name = env.to_lowercase();
    let api_key_env = format!("{env}_API_KEY");
    let base_url_env = format!("{env}_BASE_URL");
    let client_id_env = format!("{env}_CLIENT_ID");
    let client_secret_env = format!("{env}_CLIENT_SECRET");
    let user_agent = format!("{}-rust/", model.package.crate_name);
    // A credential `from_env` must find: some operation that cannot be called without one, and
    // takes one other than a TLS client certificate.
    let needs_credentials = model
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .any(|op| {
            !op.security.optional
                && op
                    .security
                    .schemes
                    .iter()
                    .any(|s| !matches!(s, AuthKind::MutualTls))
        });
    let oauth_meta = super::oauth::meta_module(model);
    quote! {
        /// Constants the runtime reads: defaults and environment variable names.
        pub(crate) mod meta {
            /// The API's name in log messages.
            pub const API_NAME: &str = #api_name;
            /// The API's default server.
            pub const DEFAULT_BASE_URL: &str = #default_base;
            /// Environment variable holding the API key.
            pub const API_KEY_ENV: &str = #api_key_env;
            /// Environment variable overriding the base URL.
            pub const BASE_URL_ENV: &str = #base_url_env;
            /// Environment variable holding an OAuth client id.
            pub const CLIENT_ID_ENV: &str = #client_id_env;
            /// Environment variable holding an OAuth client secret.
            pub const CLIENT_SECRET_ENV: &str = #client_secret_env;
            /// The `User-Agent` header sent with every request.
            pub const USER_AGENT: &str = concat!(#user_agent, env!("CARGO_PKG_VERSION"));
            /// Whether some operation needs an API key or client credentials (and not only a TLS
            /// client certificate, or nothing): `Client::from_env` fails when neither is set.
            pub const NEEDS_CREDENTIALS: bool = #needs_credentials;
            #oauth_meta
        }
    }
}

/// The first lines of a flow example in `examples/`: the crate, as `api`, and the environment
/// prefix its variables start with. The template's code reads both (it names neither).
pub(super) fn example_prelude(model: &ApiModel) -> String {
    let crate_ident = crate::rust_names::crate_ident(model);
    format!(
        "\nuse {crate_ident} as api;\nconst ENV_PREFIX: &str = {};\n",
        rust_str(&model.package.env_prefix)
    )
}

/// The crate docs' examples of the runtime (client set-up, per-call options, errors, pages,
/// secrets): doctests must name the crate, so they are written here rather than in the runtime's
/// own docs, which are the same in every crate.
pub(super) fn crate_doc(model: &ApiModel) -> Vec<String> {
    let k = crate::rust_names::crate_ident(model);
    let env = &model.package.env_prefix;
    let base = markdown_code_span(
        model
            .default_server
            .as_deref()
            .unwrap_or("http://localhost"),
    );
    let text = format!(
        r#"
# Configuration

[`Client::from_env`] reads `{env}_API_KEY` (or `{env}_CLIENT_ID` and `{env}_CLIENT_SECRET`,
for OAuth client credentials) and, optionally, `{env}_BASE_URL` (default {base});
[`Client::builder`] sets the same and more in code:

```no_run
# fn run() -> Result<(), {k}::Error> {{
let client = {k}::Client::builder()
    .api_key("KEY0123456789")
    .timeout(std::time::Duration::from_secs(20))
    .max_retries(4)
    .build()?;
# let _ = client; Ok(()) }}
```

One call's settings, its status, headers and raw body with [`Call::send_with_response`], and the
errors it can fail with:

```no_run
# async fn run(call: {k}::Call<serde_json::Value>) {{
use std::time::Duration;
// `call` comes from a resource method.
let options = {k}::RequestOptions::new().timeout(Duration::from_secs(5)).max_retries(0);
match call.with_options(options).send_with_response().await {{
    Ok(response) => println!("{{}} {{:?}}", response.status(), response.request_id()),
    Err({k}::Error::NotFound(e)) => eprintln!("no such thing: {{e}}"),
    Err(e) if e.is_retryable() => eprintln!("try again later: {{e}}"),
    Err(e) => eprintln!("failed: {{e}}"),
}}
# }}
```

A list, page by page or item by item (one page in memory at a time):

```no_run
# async fn run<P: {k}::Paginated>(call: {k}::Call<P>, again: {k}::Call<P>) -> Result<(), {k}::Error> {{
use futures_util::StreamExt;
// `call` and `again` come from a list method.
let mut pages = call.pages();
while let Some(page) = pages.next_page().await {{
    let page = page?;
    println!("page {{:?}} of {{:?}}: {{}} items", page.page_number(), page.total_pages(), page.items().len());
}}
let mut items = again.into_stream();
while let Some(item) = items.next().await {{
    let _item = item?;
}}
# Ok(()) }}
```

Secrets (API key, client secret, tokens) are held as [`SecretString`], which never prints them:

```
use {k}::SecretString;

let key = SecretString::from("KEY0123");
assert_eq!(format!("{{key}}"), "[redacted]");
assert_eq!(key.expose_secret(), "KEY0123");
```"#
    );
    text.lines().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runtime crate's root declares exactly the modules of [`FILES`], and every file is
    /// copied: a module added to one and not the other fails here.
    #[test]
    fn lib_declares_every_runtime_file() {
        let (modules, rest) = root_items(quote! {}, quote! {});
        let file: syn::File = syn::parse2(modules).expect("module declarations parse");
        let mut declared: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(m) => Some(m.ident.to_string()),
                _ => None,
            })
            .collect();
        declared.sort();
        let mut top: Vec<String> = FILES
            .iter()
            .filter_map(|(path, _)| {
                let first = path.split('/').next()?;
                Some(first.trim_end_matches(".rs").to_owned())
            })
            .collect();
        top.sort();
        top.dedup();
        assert_eq!(declared, top);
        assert!(!rest.is_empty(), "the re-exports are kept");
    }

    /// Every file of the runtime crate but its `lib.rs` is copied.
    #[test]
    fn every_runtime_file_is_copied() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
        let mut on_disk = vec![];
        let mut folders = vec![src.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("runtime/src is readable") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let relative = path.strip_prefix(&src).expect("under src");
                    on_disk.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        on_disk.retain(|p| p != "lib.rs");
        on_disk.sort();
        let mut copied: Vec<String> = files().map(|(p, _)| p.to_owned()).collect();
        copied.sort();
        assert_eq!(on_disk, copied);
    }

    /// The copied text names no API: what is API-specific comes from `crate::meta`.
    #[test]
    fn runtime_is_api_neutral() {
        for (path, text) in files() {
            let hits: Vec<&str> = text
                .lines()
                .filter(|l| {
                    l.to_lowercase().contains("telnyx") || l.contains("#![allow(dead_code)]")
                })
                .collect();
            assert!(hits.is_empty(), "{path}: {hits:?}");
        }
    }
}
