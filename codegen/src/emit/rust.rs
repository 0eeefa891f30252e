//! The Rust emitter: a typed async client crate, built as tokens with `quote`, checked by `syn`,
//! printed by `prettyplease`.
//!
//! Layout of the crate it writes (`<out>/<crate>/`):
//! - `src/lib.rs`: crate docs, module list, re-exports, the crate's constants;
//! - `src/types/<module>.rs`: one module per resource (types only that resource uses) and
//!   `common` (types shared by several), all re-exported flat from `types`;
//! - `src/resources/<resource>.rs`: the resource handle (`client.oauth_clients()`), its methods,
//!   their parameter structs and pagination glue;
//! - the hand-written runtime (`client`, `error`, `http`, `pagination`, `oauth`, ...), copied
//!   verbatim from the `sdk-runtime` crate (`codegen/runtime/`, see [`super::runtime`]).

use std::collections::BTreeMap;
use std::path::Path;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, ToTokens};

use crate::diagnostic::Diagnostic;
use crate::docs::{doc_lines, rustdoc_text};
use crate::encode::{markdown_code_span as code, markdown_inline, toml_str};
use crate::files::GENERATED_MARKER;
use crate::model::*;
use crate::rust_names::{self, displayable, is_plain_string, Recursion};

/// The files of the crate for `model`, under `<crate name>/`. `spec_name` is the spec's file name,
/// quoted in headers.
pub fn emit_rust_crate(model: &ApiModel, spec_name: &str) -> Result<super::Emitted, Diagnostic> {
    let mut files = super::Emitted::default();
    let e = Emitter {
        model,
        spec_name,
        recursion: Recursion::of(model),
    };
    let root = model.package.crate_name.clone();
    let rs_header = format!("// {GENERATED_MARKER} from `{spec_name}`; do not edit by hand.\n\n");

    files.insert(format!("{root}/Cargo.toml"), e.cargo_toml());
    files.insert(format!("{root}/README.md"), e.readme());
    e.put(&mut files, "src/lib.rs", e.lib_rs())?;
    for (path, source) in super::runtime::files() {
        files.insert(format!("{root}/src/{path}"), format!("{rs_header}{source}"));
    }
    for (name, source) in super::oauth::examples(model) {
        files.insert(
            format!("{root}/examples/{name}"),
            format!("{rs_header}{source}"),
        );
    }

    let modules = e.type_modules();
    let mut mod_items = vec![];
    for (module, _) in &modules {
        let m = format_ident!("{}", module);
        mod_items.push(quote! { mod #m; pub use #m::*; });
    }
    e.put_each(&mut files, &modules, |(module, ids)| {
        let items: Vec<TokenStream> = ids.iter().map(|id| e.type_def(*id)).collect();
        let doc = format!(
            " Types used by {}.",
            if module == "common" {
                "several resources".to_string()
            } else {
                format!("`{module}`")
            }
        );
        let tokens = quote! { #![doc = #doc] #(#items)* };
        (format!("src/types/{module}.rs"), tokens)
    })?;
    let types_mod = quote! {
        //! Request and response types, generated from the schemas of the API document.
        //!
        //! Every type is re-exported here, whatever module holds it.
        #(#mod_items)*
    };
    e.put(&mut files, "src/types/mod.rs", types_mod)?;

    let mut resource_mods = vec![];
    for resource in &model.resources {
        let m = format_ident!("{}", resource.name);
        let handle = resource_handle(resource);
        let accessor_doc = doc_attr_lines(&resource_doc(resource));
        resource_mods.push(quote! {
            mod #m;
            pub use #m::*;
            impl crate::Client {
                #accessor_doc
                pub fn #m(&self) -> #handle<'_> {
                    #handle { client: self }
                }
            }
        });
    }
    e.put_each(&mut files, &model.resources, |resource| {
        let path = format!("src/resources/{}.rs", resource.name);
        (path, e.resource_module(resource))
    })?;
    let resources_mod = quote! {
        //! The API's resources, as the official SDKs group them. Reach each from the client:
        //! `client.oauth_clients()`, `client.oauth()`, ...
        #(#resource_mods)*
    };
    e.put(&mut files, "src/resources/mod.rs", resources_mod)?;
    if let Some(webhooks) = e.webhooks_module() {
        e.put(&mut files, "src/webhooks.rs", webhooks)?;
    }
    Ok(files)
}

/// `f` over `items` on up to as many threads as there are cores, results in `items`' order.
/// (Tokens are not `Send`, so each thread builds and prints its own.)
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || items.len() < 8 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

struct Emitter<'a> {
    model: &'a ApiModel,
    spec_name: &'a str,
    /// Which fields and variants are boxed, which aliases are newtypes.
    recursion: Recursion,
}

impl Emitter<'_> {
    /// Renders `tokens` into `files` as the crate's file `path`.
    fn put(
        &self,
        files: &mut super::Emitted,
        path: &str,
        tokens: TokenStream,
    ) -> Result<(), Diagnostic> {
        let text = self.render(tokens, path)?;
        files.insert(format!("{}/{path}", self.model.package.crate_name), text);
        Ok(())
    }

    /// Renders one file per item (`file` gives its path in the crate and its tokens) into `files`.
    /// Each is built and printed independently: they are spread over the cores.
    fn put_each<T: Sync>(
        &self,
        files: &mut super::Emitted,
        items: &[T],
        file: impl Fn(&T) -> (String, TokenStream) + Sync,
    ) -> Result<(), Diagnostic> {
        let rendered = parallel_map(items, |item| {
            let (path, tokens) = file(item);
            self.render(tokens, &path).map(|text| (path, text))
        });
        for result in rendered {
            let (path, text) = result?;
            files.insert(format!("{}/{path}", self.model.package.crate_name), text);
        }
        Ok(())
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn doc_attr_lines(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

fn resource_handle(resource: &Resource) -> Ident {
    ident(&rust_names::resource_handle(resource))
}

fn resource_doc(resource: &Resource) -> Vec<String> {
    let mut lines = doc_lines(resource.description.as_deref(), None);
    if lines.is_empty() {
        lines.push(format!("Operations of the `{}` resource.", resource.name));
    }
    lines
}

impl Emitter<'_> {
    fn render(&self, tokens: TokenStream, what: &str) -> Result<String, Diagnostic> {
        let file: syn::File = syn::parse2(tokens).map_err(|e| {
            Diagnostic::file_error(
                Path::new(what),
                format!("internal error: the generated code does not parse: {e}"),
                "this is a bug in the generator; please report it with the spec that triggers it",
            )
        })?;
        // prettyplease only: the output must not depend on which rustfmt (if any) is installed,
        // or `--check` would fail on another machine.
        let formatted = prettyplease::unparse(&file);
        Ok(format!(
            "// {GENERATED_MARKER} from `{}`; do not edit by hand.\n\n{formatted}",
            self.spec_name
        ))
    }

    /// The Rust type of a reference, as used inside the crate.
    fn rust_type(&self, t: &TypeRef) -> TokenStream {
        rust_names::rust_type(self.model, t).into_token_stream()
    }

    /// Whether `t` is a struct with a deprecated field, or a union with such a branch: code that
    /// reads or builds it allows `deprecated`.
    fn has_deprecated_field(&self, t: &TypeRef) -> bool {
        let TypeRef::Named(id) = self.model.underlying(t.non_null()) else {
            return false;
        };
        match &self.model.ty(*id).kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| f.deprecated),
            TypeKind::Union(u) => u.variants.iter().any(|v| {
                matches!(self.model.underlying(&v.ty), TypeRef::Named(vid)
                    if matches!(&self.model.ty(*vid).kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated)))
            }),
            _ => false,
        }
    }

    // ----- lib.rs, Cargo.toml, README ------------------------------------------------------------

    fn lib_rs(&self) -> TokenStream {
        let m = self.model;
        let title = rustdoc_text(&m.title);
        let mut doc = vec![
            format!(
                "Typed async client for the {title} (version {}).",
                rustdoc_text(&m.version)
            ),
            String::new(),
        ];
        if let Some(d) = &m.description {
            doc.extend(d.lines().map(rustdoc_text));
            doc.push(String::new());
        }
        let crate_ident = rust_names::crate_ident(m);
        let env = &m.package.env_prefix;
        let example = self.quickstart_example();
        doc.extend([
            "# Quick start".to_string(),
            String::new(),
            format!("The client reads `{env}_API_KEY` (and, optionally, `{env}_BASE_URL`) from the environment:"),
            String::new(),
            "```no_run".to_string(),
            format!("# async fn run() -> Result<(), {crate_ident}::Error> {{"),
            format!("let client = {crate_ident}::Client::from_env()?;"),
        ]);
        doc.extend(example);
        doc.extend([
            "# Ok(())".to_string(),
            "# }".to_string(),
            "```".to_string(),
            String::new(),
            "Every method returns a [`Call`]: `.await` it for the parsed value, or use".to_string(),
            "[`Call::send_with_response`] for status, headers and raw body as well, and".to_string(),
            "[`Call::timeout`] / [`Call::max_retries`] to override the client's settings for one request.".to_string(),
            "List methods also offer [`Call::into_stream`] (every item, page by page) and [`Call::pages`].".to_string(),
        ]);
        doc.extend(super::runtime::crate_doc(m));
        doc.extend(super::oauth::crate_doc(m));
        let doc = doc.iter().map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        });
        let webhooks_mod = (!m.webhooks.is_empty()).then(|| quote! { pub mod webhooks; });
        let error_model = match m.error_type {
            Some(id) => {
                let name = ident(&m.ty(id).name);
                quote! { types::#name }
            }
            None => quote! { serde_json::Value },
        };
        let error_model = quote! {
            /// The body most error responses of this API carry; [`ErrorBody::Model`] holds it when an
            /// error response parses as one.
            pub type ErrorModel = #error_model;
        };
        let (runtime_mods, runtime_items) =
            super::runtime::root_items(super::runtime::meta_module(m), error_model);
        quote! {
            #(#![doc = #doc])*
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]

            #runtime_mods
            pub mod resources;
            pub mod types;
            #webhooks_mod

            #runtime_items
        }
    }

    /// A first call for the crate docs: the first operation without required inputs.
    fn quickstart_example(&self) -> Vec<String> {
        for (resource, op) in self.model.operations() {
            let needs_args = op.params.iter().any(|p| p.required) || op.body.is_some();
            if needs_args || !matches!(op.success, Success::Json(_)) {
                continue;
            }
            let args = if op.params.is_empty() {
                String::new()
            } else {
                "Default::default()".into()
            };
            return vec![
                format!(
                    "let result = client.{}().{}({args}).await?;",
                    resource.name, op.method_name
                ),
                "println!(\"{result:?}\");".into(),
            ];
        }
        vec!["# let _ = client;".into()]
    }

    fn cargo_toml(&self) -> String {
        let m = self.model;
        format!(
            r#"# {GENERATED_MARKER} from `{spec}`; do not edit by hand.
[package]
name = {name}
version = {version}
edition = "2021"
rust-version = "1.85"
description = {description}
license = "MIT"
readme = "README.md"
keywords = [{keywords}]
categories = ["api-bindings", "web-programming::http-client"]

[dependencies]
base64 = "0.23"
bytes = "1"
fastrand = "2"
futures-core = "0.3"
futures-util = {{ version = "0.3", default-features = false, features = ["std"] }}
getrandom = "0.4"
httpdate = "1"
percent-encoding = "2"
reqwest = {{ version = "0.13", default-features = false, features = ["rustls", "http2"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_path_to_error = "0.1"
serde_urlencoded = "0.7"
sha2 = "0.11"
tokio = {{ version = "1", features = ["sync", "time"] }}
tracing = "0.1"

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread", "net", "io-util"] }}
wiremock = "0.6"
"#,
            spec = self.spec_name,
            name = toml_str(&m.package.crate_name),
            version = toml_str(&m.package.crate_version),
            keywords = m
                .package
                .keywords
                .iter()
                .map(|k| toml_str(k))
                .collect::<Vec<_>>()
                .join(", "),
            description = toml_str(&format!(
                "Typed async Rust client for the {}, generated from its OpenAPI document.",
                m.title
            )),
        )
    }

    fn readme(&self) -> String {
        let m = self.model;
        let crate_ident = rust_names::crate_ident(m);
        let env = &m.package.env_prefix;
        let mut ops = String::new();
        for (resource, op) in m.operations() {
            let summary = op.summary.clone().unwrap_or_default();
            ops.push_str(&format!(
                "| `client.{}().{}(..)` | {} | {} |\n",
                resource.name,
                op.method_name,
                code(&format!("{} {}", op.http_method, op.path)),
                markdown_inline(&summary)
            ));
        }
        format!(
            r#"<!-- {GENERATED_MARKER} from `{spec}`; do not edit by hand. -->
# {name}

Typed async Rust client for the {title} (API version {api_version}).

```toml
[dependencies]
{name} = "{version}"
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
```

```rust,no_run
#[tokio::main]
async fn main() -> Result<(), {crate_ident}::Error> {{
    // Reads {env}_API_KEY, and {env}_BASE_URL when set.
    let client = {crate_ident}::Client::from_env()?;
    let _ = client;
    Ok(())
}}
```

{oauth}## Operations

| call | HTTP | summary |
|---|---|---|
{ops}"#,
            oauth = super::oauth::readme_section(m),
            spec = self.spec_name,
            name = m.package.crate_name,
            version = m.package.crate_version,
            title = markdown_inline(&m.title),
            api_version = markdown_inline(&m.version),
        )
    }

    /// `webhooks.rs`: one enum over the events the API sends, parsed by webhook name.
    fn webhooks_module(&self) -> Option<TokenStream> {
        let hooks = &self.model.webhooks;
        if hooks.is_empty() {
            return None;
        }
        let mut variants = vec![];
        let mut arms = vec![];
        let mut names = vec![];
        for hook in hooks {
            let v = ident(&hook.rust_name);
            let name = &hook.name;
            let mut doc = format!(" {}", code(&hook.name));
            if let Some(d) = &hook.description {
                doc.push_str(&format!(
                    ": {}",
                    rustdoc_text(d.lines().next().unwrap_or_default())
                ));
            }
            let payload = rust_names::webhook_payload_type(self.model, hook);
            variants.push(quote! { #[doc = #doc] #v(#payload), });
            arms.push(quote! { #name => serde_json::from_slice(body).map(Self::#v), });
            names.push(quote! { Self::#v(_) => #name, });
        }
        Some(quote! {
            //! Events the API sends to your endpoints (the document's `webhooks`).
            /// An incoming webhook event, parsed by the name it has in the API document.
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum WebhookEvent {
                #(#variants)*
                /// A webhook this version of the crate does not know, kept as received.
                Unknown {
                    /// The name it was received under.
                    name: String,
                    /// Its body.
                    payload: serde_json::Value,
                },
            }

            impl WebhookEvent {
                /// Parses the body of the webhook called `name` (its key under `webhooks`).
                ///
                /// # Errors
                /// When the body is not JSON, or not of the documented shape.
                pub fn parse(name: &str, body: &[u8]) -> Result<Self, serde_json::Error> {
                    match name {
                        #(#arms)*
                        _ => Ok(Self::Unknown { name: name.to_owned(), payload: serde_json::from_slice(body)? }),
                    }
                }

                /// The name of the webhook.
                pub fn name(&self) -> &str {
                    match self {
                        #(#names)*
                        Self::Unknown { name, .. } => name,
                    }
                }
            }
        })
    }

    // ----- types -------------------------------------------------------------------------------

    /// Types grouped by module: resources in order, then `common`.
    fn type_modules(&self) -> Vec<(String, Vec<TypeId>)> {
        let mut by_module: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
        for (i, t) in self.model.types.iter().enumerate() {
            by_module
                .entry(t.module.clone())
                .or_default()
                .push(TypeId(i));
        }
        let mut out = vec![];
        for r in &self.model.resources {
            if let Some(ids) = by_module.remove(&r.name) {
                out.push((r.name.clone(), ids));
            }
        }
        out.extend(by_module);
        out
    }

    fn type_doc(&self, def: &TypeDef) -> TokenStream {
        let mut lines = doc_lines(def.description.as_deref(), None);
        if lines.is_empty() {
            lines.push(format!(
                "{} (no description in the API document).",
                code(&def.spec_name)
            ));
        }
        doc_attr_lines(&lines)
    }

    fn type_def(&self, id: TypeId) -> TokenStream {
        let def = self.model.ty(id);
        let name = ident(&def.name);
        let doc = self.type_doc(def);
        match &def.kind {
            // `type X = BTreeMap<String, X>` is not allowed: a recursive alias becomes a newtype.
            TypeKind::Alias(t) if self.recursion.reaches(t, id) => {
                let t = self.rust_type(t);
                quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                    #[serde(transparent)]
                    pub struct #name(pub #t);
                }
            }
            TypeKind::Alias(t) => {
                let t = self.rust_type(t);
                quote! { #doc pub type #name = #t; }
            }
            TypeKind::Enum(e) => self.enum_def(&name, doc, e),
            TypeKind::Struct(s) => self.struct_def(id, &name, doc, s),
            TypeKind::Union(u) => self.union_def(id, &name, doc, u),
        }
    }

    fn enum_def(&self, name: &Ident, doc: TokenStream, e: &EnumDef) -> TokenStream {
        match &e.values {
            EnumValues::String(variants) => self.string_enum(name, doc, variants),
            EnumValues::Integer(variants) => self.integer_enum(name, doc, variants),
        }
    }

    fn string_enum(
        &self,
        name: &Ident,
        doc: TokenStream,
        e: &[EnumVariant<String>],
    ) -> TokenStream {
        let variants: Vec<Ident> = e.iter().map(|v| ident(&v.rust_name)).collect();
        let values: Vec<&str> = e.iter().map(|v| v.value.as_str()).collect();
        let docs = values.iter().map(|v| format!(" {}", code(v)));
        quote! {
            #doc
            ///
            /// Values this version of the crate does not know parse into `Unknown`, keeping the text.
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #name {
                #( #[doc = #docs] #variants, )*
                /// A value the API document did not list when this crate was generated.
                Unknown(String),
            }

            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #( Self::#variants => #values, )*
                        Self::Unknown(value) => value,
                    }
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #( #values => Self::#variants, )*
                        other => Self::Unknown(other.to_owned()),
                    }
                }
            }

            impl From<String> for #name {
                fn from(value: String) -> Self {
                    Self::from(value.as_str())
                }
            }

            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                    Ok(Self::from(value.as_ref()))
                }
            }
        }
    }

    /// An integer enum: sent and received as a JSON number, shown (`Display`, so in paths and
    /// queries) as the number, compared, ordered and hashed as the number (derived impls would
    /// order by declaration, and tell `Unknown(1)` from the variant for `1`).
    fn integer_enum(&self, name: &Ident, doc: TokenStream, e: &[EnumVariant<i64>]) -> TokenStream {
        let variants: Vec<Ident> = e.iter().map(|v| ident(&v.rust_name)).collect();
        let values: Vec<TokenStream> = e.iter().map(|v| integer_literal(v.value)).collect();
        let docs = e.iter().map(|v| format!(" `{}`", v.value));
        quote! {
            #doc
            ///
            /// Sent and received as a JSON number. Values this version of the crate does not know
            /// parse into `Unknown`, keeping the number. Values compare and sort as their numbers.
            #[derive(Debug, Clone, Copy)]
            #[non_exhaustive]
            pub enum #name {
                #( #[doc = #docs] #variants, )*
                /// A value the API document did not list when this crate was generated.
                Unknown(i64),
            }

            impl #name {
                /// The value as sent on the wire.
                pub fn as_i64(&self) -> i64 {
                    match self {
                        #( Self::#variants => #values, )*
                        Self::Unknown(value) => *value,
                    }
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    std::fmt::Display::fmt(&self.as_i64(), f)
                }
            }

            impl PartialEq for #name {
                fn eq(&self, other: &Self) -> bool {
                    self.as_i64() == other.as_i64()
                }
            }

            impl Eq for #name {}

            impl std::hash::Hash for #name {
                fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                    self.as_i64().hash(state);
                }
            }

            impl PartialOrd for #name {
                fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                    Some(self.cmp(other))
                }
            }

            impl Ord for #name {
                fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                    self.as_i64().cmp(&other.as_i64())
                }
            }

            impl From<i64> for #name {
                fn from(value: i64) -> Self {
                    match value {
                        #( #values => Self::#variants, )*
                        other => Self::Unknown(other),
                    }
                }
            }

            impl From<#name> for i64 {
                fn from(value: #name) -> Self {
                    value.as_i64()
                }
            }

            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.as_i64())
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }
        }
    }

    fn field_doc(&self, f: &Field) -> TokenStream {
        let mut lines = doc_lines(f.description.as_deref(), None);
        if lines.is_empty() {
            lines.push(format!("{}.", code(&f.name)));
        }
        lines.extend(constraint_lines(&f.constraints));
        if f.sensitive {
            lines.push(String::new());
            lines.push("A secret: shown as `[redacted]` by `Debug`.".into());
        }
        doc_attr_lines(&lines)
    }

    /// Whether `null` is a value of `t`'s Rust type itself (`serde_json::Value`, or an alias of it).
    fn holds_null(&self, t: &TypeRef) -> bool {
        matches!(self.model.underlying(t), TypeRef::Any)
    }

    /// The field's Rust type and serde attributes for its required/optional/nullable state.
    fn field_type(&self, owner: TypeId, index: usize, f: &Field) -> (TokenStream, TokenStream) {
        let ty = rust_names::field_type(self.model, f, self.recursion.is_boxed(owner, index))
            .into_token_stream();
        let json = &f.name;
        let rename = (f.rust_name != f.name).then(|| quote! { rename = #json, });
        let attrs = match (f.required, f.ty.is_nullable()) {
            (true, _) => quote! { #[serde(#rename)] },
            // A type that holds `null` itself (any JSON): `null` is `Some(Value::Null)`, kept apart
            // from an absent field (serde's `Option` would read it as `None` and drop it).
            (false, false) if self.holds_null(&f.ty) => {
                quote! { #[serde(#rename default, deserialize_with = "crate::serde_helpers::present", skip_serializing_if = "Option::is_none")] }
            }
            (false, false) => {
                quote! { #[serde(#rename default, skip_serializing_if = "Option::is_none")] }
            }
            (false, true) => {
                quote! { #[serde(#rename default, deserialize_with = "crate::serde_helpers::double_option", skip_serializing_if = "Option::is_none")] }
            }
        };
        (ty, attrs)
    }

    fn struct_def(&self, id: TypeId, name: &Ident, doc: TokenStream, s: &StructDef) -> TokenStream {
        let extra_name = rust_names::extra_field_name(s);
        let extra = ident(extra_name);
        let mut fields = vec![];
        for (i, f) in s.fields.iter().enumerate() {
            let fname = ident(&f.rust_name);
            let fdoc = self.field_doc(f);
            let (ty, attrs) = self.field_type(id, i, f);
            let attrs = if attrs.to_string() == "# [serde ()]" {
                quote! {}
            } else {
                attrs
            };
            let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
            fields.push(quote! { #fdoc #attrs #deprecated pub #fname: #ty, });
        }
        let extra_field = s.additional.as_ref().map(|t| {
            let ty = match t {
                TypeRef::Any => quote! { serde_json::Map<String, serde_json::Value> },
                other => {
                    let t = self.rust_type(other);
                    quote! { std::collections::BTreeMap<String, #t> }
                }
            };
            quote! {
                /// Properties the API document does not describe, kept as received.
                #[serde(flatten)]
                pub #extra: #ty,
            }
        });
        let sensitive = s.fields.iter().any(|f| f.sensitive);
        let default = s.all_optional().then(|| quote! { Default, });
        let debug = (!sensitive).then(|| quote! { Debug, });
        let derive = quote! { #[derive(#debug Clone, PartialEq, #default serde::Serialize, serde::Deserialize)] };

        // The crate's own code reading or building deprecated fields is not a use to warn about.
        let allow_deprecated = s
            .fields
            .iter()
            .any(|f| f.deprecated)
            .then(|| quote! { #[allow(deprecated)] });
        let debug_impl = sensitive.then(|| {
            let entries = s.fields.iter().map(|f| {
                let json = &f.name;
                let fname = ident(&f.rust_name);
                match (f.sensitive, f.required && !f.ty.is_nullable()) {
                    (false, _) => quote! { .field(#json, &self.#fname) },
                    (true, true) => quote! { .field(#json, &"[redacted]") },
                    (true, false) => {
                        quote! { .field(#json, &self.#fname.as_ref().map(|_| "[redacted]")) }
                    }
                }
            });
            let extra_entry = s
                .additional
                .as_ref()
                .map(|_| quote! { .field(#extra_name, &self.#extra) });
            let struct_name = name.to_string();
            quote! {
                #allow_deprecated
                impl std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.debug_struct(#struct_name) #(#entries)* #extra_entry .finish()
                    }
                }
            }
        });

        let constructor = (!s.all_optional()).then(|| {
            let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
            // Boxed (recursive) fields take the plain value; the constructor boxes it.
            let boxed = |f: &Field| {
                let index = s.fields.iter().position(|x| x.name == f.name).unwrap_or(0);
                self.recursion.is_boxed(id, index)
            };
            let args = required.iter().map(|f| {
                let fname = ident(&f.rust_name);
                let ty = rust_names::constructor_arg(self.model, &f.ty);
                quote! { #fname: #ty }
            });
            let inits = s.fields.iter().map(|f| {
                let fname = ident(&f.rust_name);
                match (f.required, is_plain_string(&f.ty), boxed(f)) {
                    (true, true, _) => quote! { #fname: #fname.into(), },
                    (true, false, true) if f.ty.is_nullable() => {
                        quote! { #fname: #fname.map(Box::new), }
                    }
                    (true, false, true) => quote! { #fname: Box::new(#fname), },
                    (true, false, false) => quote! { #fname, },
                    (false, _, _) => quote! { #fname: None, },
                }
            });
            let extra_init = s
                .additional
                .as_ref()
                .map(|_| quote! { #extra: Default::default(), });
            let many =
                (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
            let doc = format!(
                " Creates a `{name}` from its required fields; optional fields start empty."
            );
            quote! {
                #allow_deprecated
                impl #name {
                    #[doc = #doc]
                    #many
                    pub fn new(#(#args),*) -> Self {
                        Self { #(#inits)* #extra_init }
                    }
                }
            }
        });

        quote! {
            #doc
            #derive
            pub struct #name {
                #(#fields)*
                #extra_field
            }
            #debug_impl
            #constructor
        }
    }

    fn union_def(&self, id: TypeId, name: &Ident, doc: TokenStream, u: &UnionDef) -> TokenStream {
        let mut variants = vec![];
        for (i, v) in u.variants.iter().enumerate() {
            let vname = ident(&v.rust_name);
            let t = rust_names::rust_type(self.model, &v.ty);
            let t = if self.recursion.is_boxed(id, i) {
                t.boxed()
            } else {
                t
            };
            let vdoc = format!(" The `{}` shape.", v.rust_name);
            variants.push(quote! { #[doc = #vdoc] #vname(#t), });
        }
        match &u.discriminator {
            None => quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            },
            Some(property) => {
                let told_apart = format!(
                    " Told apart by the {} property; an unknown value parses into `Unknown`.",
                    code(property)
                );
                // A branch no tag selects (an inline branch without a mapping) cannot be chosen.
                let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
                    let vname = ident(&v.rust_name);
                    let tags = &v.tags;
                    quote! {
                        #( Some(#tags) )|* => serde_json::from_value(value).map(Self::#vname).map_err(serde::de::Error::custom),
                    }
                });
                quote! {
                    #doc
                    ///
                    #[doc = #told_apart]
                    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
                    #[serde(untagged)]
                    #[non_exhaustive]
                    pub enum #name {
                        #(#variants)*
                        /// A shape this version of the crate does not know, kept as received.
                        Unknown(serde_json::Value),
                    }

                    impl<'de> serde::Deserialize<'de> for #name {
                        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                            let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                            let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                            match tag.as_deref() {
                                #(#arms)*
                                _ => Ok(Self::Unknown(value)),
                            }
                        }
                    }
                }
            }
        }
    }

    // ----- resources ---------------------------------------------------------------------------

    fn resource_module(&self, resource: &Resource) -> TokenStream {
        let handle = resource_handle(resource);
        let doc = doc_attr_lines(&resource_doc(resource));
        let module_doc =
            resource_doc(resource)
                .into_iter()
                .map(|l| if l.is_empty() { l } else { format!(" {l}") });
        let accessor = format!(
            " Get one with [`Client::{}`](crate::Client::{}).",
            resource.name, resource.name
        );
        let mut methods = vec![];
        let mut extras = vec![];
        for op in &resource.operations {
            let (method, params_struct) = self.operation(op);
            methods.push(method);
            extras.extend(params_struct);
            extras.extend(self.status_enum(op));
            extras.extend(self.paginated_impl(op));
        }
        quote! {
            #(#![doc = #module_doc])*
            #doc
            ///
            #[doc = #accessor]
            #[derive(Debug, Clone, Copy)]
            pub struct #handle<'a> {
                pub(crate) client: &'a crate::Client,
            }

            impl #handle<'_> {
                #(#methods)*
            }

            #(#extras)*
        }
    }

    fn operation_doc(&self, op: &Operation) -> Vec<String> {
        let mut lines = doc_lines(op.summary.as_deref(), op.description.as_deref());
        if lines.is_empty() {
            lines.push(format!("{}.", code(&op.id)));
        }
        let server = match &op.server {
            ServerChoice::Default => String::new(),
            ServerChoice::Origin(prefix) if prefix.is_empty() => {
                " (served from the host root, not under the base URL's path)".into()
            }
            ServerChoice::Origin(prefix) => {
                format!(" (served under {} on the base URL's host)", code(prefix))
            }
            ServerChoice::Absolute(url) => format!(" (served by <{}>)", crate::encode::url(url)),
        };
        lines.push(String::new());
        let call = format!("{} {}", op.http_method, op.path);
        lines.push(format!("{}{server}", code(&call)));
        let auth = match (op.security.schemes.as_slice(), op.security.optional) {
            ([], _) => "No authentication.".to_string(),
            (schemes, optional) => {
                let names: Vec<String> = schemes
                    .iter()
                    .map(|s| match s {
                        AuthKind::Bearer => "the API key (bearer)".to_string(),
                        AuthKind::ClientBasic => {
                            "the OAuth client's id and secret (HTTP Basic)".to_string()
                        }
                        AuthKind::ApiKey { location, name } => format!(
                            "the API key (sent as is in the `{}` {})",
                            rustdoc_text(name),
                            location.noun()
                        ),
                        AuthKind::MutualTls => "a client certificate (mutual TLS: configure it with [`ClientBuilder::identity`](crate::ClientBuilder::identity))".to_string(),
                    })
                    .collect();
                format!(
                    "Authenticates with {}{}.",
                    names.join(" or "),
                    if optional { ", when configured" } else { "" }
                )
            }
        };
        lines.push(String::new());
        lines.push(auth);
        match &op.success {
            Success::Redirect => {
                lines.push(String::new());
                lines.push("Redirects are not followed: the call returns the status and the `Location` header.".into());
                lines.push(
                    "[`Call::url`](crate::Call::url) builds the URL without sending anything."
                        .into(),
                );
            }
            Success::Empty => {
                lines.push(String::new());
                lines.push("Returns nothing on success.".into());
            }
            _ => {}
        }
        if op.pagination.is_some() {
            lines.push(String::new());
            lines.push("Returns one page; [`Call::into_stream`](crate::Call::into_stream) yields every item across pages.".into());
        }
        if op.deprecated {
            lines.push(String::new());
            lines.push("Deprecated by the API.".into());
        }
        lines
    }

    fn operation(&self, op: &Operation) -> (TokenStream, Option<TokenStream>) {
        let doc = doc_attr_lines(&self.operation_doc(op));
        let name = ident(&op.method_name);
        let op_id = &op.id;
        let method = ident(&op.http_method);
        let server = match &op.server {
            ServerChoice::Default => quote! { crate::http::ServerRef::Base },
            ServerChoice::Origin(p) => quote! { crate::http::ServerRef::Origin(#p) },
            ServerChoice::Absolute(u) => quote! { crate::http::ServerRef::Absolute(#u) },
        };
        let schemes = op.security.schemes.iter().map(|s| match s {
            AuthKind::Bearer => quote! { crate::http::AuthScheme::Bearer },
            AuthKind::ClientBasic => quote! { crate::http::AuthScheme::ClientBasic },
            AuthKind::ApiKey { location, name } => {
                let location = match location {
                    ApiKeyLocation::Header => quote! { Header },
                    ApiKeyLocation::Query => quote! { Query },
                    ApiKeyLocation::Cookie => quote! { Cookie },
                };
                quote! { crate::http::AuthScheme::ApiKey(crate::http::KeyIn::#location, #name) }
            }
            AuthKind::MutualTls => quote! { crate::http::AuthScheme::MutualTls },
        });
        let optional = op.security.optional;

        // Path: positional arguments in template order.
        let mut args = vec![];
        let mut format_args = vec![];
        let mut template = op.path.clone();
        for p in op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
        {
            let arg = ident(&p.rust_name);
            template = template.replace(&format!("{{{}}}", p.name), "{}");
            let t = rust_names::path_arg_type(self.model, p);
            args.push(quote! { #arg: #t });
            if rust_names::path_arg_is_str(self.model, &p.ty) {
                format_args.push(quote! { crate::http::encode_path_segment(#arg) });
            } else {
                format_args.push(quote! { crate::http::encode_path_segment(&#arg.to_string()) });
            }
        }
        // `[literal, encoded, literal, ...].concat()` rather than `format!`: prettyplease cannot
        // lay out macro arguments, and this reads as plainly.
        let path_expr = if format_args.is_empty() {
            quote! { String::from(#template) }
        } else {
            let mut pieces = vec![];
            let mut args_iter = format_args.iter();
            for (i, literal) in template.split("{}").enumerate() {
                if i > 0 {
                    if let Some(arg) = args_iter.next() {
                        pieces.push(quote! { &#arg });
                    }
                }
                if !literal.is_empty() {
                    pieces.push(quote! { #literal });
                }
            }
            quote! { [#(#pieces),*].concat() }
        };

        // Query, header and cookie parameters: one struct.
        let others = rust_names::struct_params(op);
        let mut steps = vec![];
        let params_struct = op.params_struct.as_deref().map(|sname| {
            let sname = ident(sname);
            args.push(quote! { params: #sname });
            for p in &others {
                steps.push(self.param_step(p));
            }
            self.params_struct(&sname, op, &others)
        });

        if let Some(body) = &op.body {
            let t = rust_names::body_arg_type(self.model, body);
            args.push(quote! { body: #t });
            steps.push(match &body.encoding {
                BodyEncoding::Json => quote! { request = request.json(body); },
                BodyEncoding::Form => quote! { request = request.form(body); },
                BodyEncoding::Multipart => self.multipart_steps(&body.ty),
                BodyEncoding::Binary(content_type) => {
                    quote! { request = request.bytes(#content_type, body); }
                }
                BodyEncoding::Text(content_type) => {
                    quote! { let body: String = body.into(); request = request.bytes(#content_type, body); }
                }
            });
        }

        let ret = rust_names::call_type(self.model, op);
        let decode = match &op.success {
            Success::Json(_) => quote! { crate::http::decode_json },
            Success::Empty => quote! { crate::http::decode_empty },
            Success::Redirect => quote! { crate::http::decode_redirect },
            Success::Text => quote! { crate::http::decode_text },
            Success::Bytes => quote! { crate::http::decode_bytes },
            Success::ByStatus(_) => {
                let name = rust_names::success_type(self.model, op);
                quote! { #name::decode }
            }
        };
        if op.params.iter().any(|p| p.location == ParamLocation::Path) {
            // Logs and errors show the template, never the values (a consent token is a secret).
            let route = &op.path;
            steps.insert(0, quote! { request = request.route(#route); });
        }
        let binding = if steps.is_empty() {
            quote! { let request }
        } else {
            quote! { let mut request }
        };
        let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
        // The method reads deprecated parameters and body fields itself: that is not a use to warn
        // about (users are warned where they set them).
        let reads_deprecated = op
            .body
            .as_ref()
            .is_some_and(|b| self.has_deprecated_field(&b.ty));
        let allow = reads_deprecated.then(|| quote! { #[allow(deprecated)] });
        let method_tokens = quote! {
            #doc
            #deprecated
            #allow
            pub fn #name(&self, #(#args),*) -> #ret {
                #binding = crate::http::Request::new(reqwest::Method::#method, #server, #path_expr, #op_id)
                    .auth(&[#(#schemes),*], #optional);
                #(#steps)*
                crate::Call::new(self.client.clone(), request, #decode)
            }
        };
        (method_tokens, params_struct)
    }

    /// Builds the parts of a `multipart/form-data` body from the body struct's fields: files for
    /// `format: binary`, text for plain values (each element of a list), JSON for the rest. A union
    /// of objects sends the fields of the branch it holds; any other body, one part per top-level
    /// property of its JSON form (the resolver warns about those).
    fn multipart_steps(&self, ty: &TypeRef) -> TokenStream {
        let pushes = match self.model.underlying(ty) {
            TypeRef::Named(id) => {
                match &self.model.ty(*id).kind {
                    TypeKind::Struct(s) => self.struct_parts(s, quote! { body }),
                    TypeKind::Union(u) => {
                        let name = self.rust_type(&TypeRef::Named(*id));
                        let arms = u.variants.iter().map(|v| {
                        let vname = ident(&v.rust_name);
                        let pushes = match self.model.underlying(&v.ty) {
                            TypeRef::Named(vid) => match &self.model.ty(*vid).kind {
                                TypeKind::Struct(s) => self.struct_parts(s, quote! { value }),
                                _ => quote! { parts.extend(crate::http::Part::json_fields(value)); },
                            },
                            _ => quote! { parts.extend(crate::http::Part::json_fields(value)); },
                        };
                        quote! { #name::#vname(value) => { #pushes } }
                    });
                        let unknown = u.discriminator.is_some().then(|| {
                        quote! { #name::Unknown(value) => { parts.extend(crate::http::Part::json_fields(value)); } }
                    });
                        quote! { match body { #(#arms)* #unknown } }
                    }
                    _ => quote! { parts.extend(crate::http::Part::json_fields(body)); },
                }
            }
            _ => quote! { parts.extend(crate::http::Part::json_fields(body)); },
        };
        quote! {
            let mut parts = Vec::new();
            #pushes
            request = request.multipart(parts);
        }
    }

    /// The pushes of one part per field of `value` (a struct `s`) onto `parts`.
    fn struct_parts(&self, s: &StructDef, value: TokenStream) -> TokenStream {
        let mut pushes = vec![];
        for f in &s.fields {
            let field = ident(&f.rust_name);
            let name = &f.name;
            let (is_list, item) = match self.model.underlying(f.ty.non_null()) {
                TypeRef::Array(inner) => (true, inner.as_ref().clone()),
                other => (false, other.clone()),
            };
            let part = if matches!(self.model.underlying(&item), TypeRef::String(Some(fmt)) if fmt == "binary")
            {
                quote! { crate::http::Part::file(#name, value) }
            } else if displayable(self.model, &item) {
                quote! { crate::http::Part::text(#name, value) }
            } else {
                quote! { crate::http::Part::text(#name, serde_json::to_string(value).unwrap_or_default()) }
            };
            let required = f.required && !f.ty.is_nullable();
            let optional_nullable = !f.required && f.ty.is_nullable();
            pushes.push(match (required, is_list) {
                (true, false) => quote! { { let value = &#value.#field; parts.push(#part); } },
                (true, true) => quote! { for value in &#value.#field { parts.push(#part); } },
                (false, false) if optional_nullable => quote! { if let Some(Some(value)) = &#value.#field { parts.push(#part); } },
                (false, true) if optional_nullable => quote! { for value in #value.#field.iter().flatten().flatten() { parts.push(#part); } },
                (false, false) => quote! { if let Some(value) = &#value.#field { parts.push(#part); } },
                (false, true) => quote! { for value in #value.#field.iter().flatten() { parts.push(#part); } },
            });
        }
        quote! { #(#pushes)* }
    }

    fn param_step(&self, p: &Param) -> TokenStream {
        let field = ident(&p.rust_name);
        let name = &p.name;
        if p.deep_object && p.location == ParamLocation::Query {
            // `filter[key]=value` for each property of the object.
            let send = quote! {
                if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(value) {
                    for (key, item) in map {
                        let item = match item {
                            serde_json::Value::String(text) => text,
                            serde_json::Value::Null => continue,
                            other => other.to_string(),
                        };
                        request = request.query(format!("{}[{key}]", #name), item);
                    }
                }
            };
            return if p.required {
                quote! { { let value = &params.#field; #send } }
            } else {
                quote! { if let Some(value) = &params.#field { #send } }
            };
        }
        let (is_list, item) = match self.model.underlying(&p.ty) {
            TypeRef::Array(inner) => (true, inner.as_ref().clone()),
            other => (false, other.clone()),
        };
        let value = if displayable(self.model, &item) {
            quote! { value }
        } else {
            quote! { serde_json::to_value(value).unwrap_or_default() }
        };
        let send = match p.location {
            ParamLocation::Query => quote! { request = request.query(#name, #value); },
            ParamLocation::Header => quote! { request = request.header(#name, #value); },
            ParamLocation::Cookie | ParamLocation::Path => {
                quote! { request = request.header("cookie", format!("{}={}", #name, #value)); }
            }
        };
        let required = p.required && !p.ty.is_nullable();
        match (required, is_list) {
            (true, false) => quote! { { let value = &params.#field; #send } },
            (true, true) => quote! { for value in &params.#field { #send } },
            (false, false) => quote! { if let Some(value) = &params.#field { #send } },
            (false, true) => quote! { for value in params.#field.iter().flatten() { #send } },
        }
    }

    fn params_struct(&self, sname: &Ident, op: &Operation, params: &[&Param]) -> TokenStream {
        let all_optional = params.iter().all(|p| !p.required);
        let fields = params.iter().map(|p| {
            let field = ident(&p.rust_name);
            let t = rust_names::param_field_type(self.model, p);
            let mut lines = doc_lines(p.description.as_deref(), None);
            if lines.is_empty() {
                lines.push(format!("{}.", code(&p.name)));
            }
            let where_ = match p.location {
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
                ParamLocation::Path => "path",
            };
            lines.push(String::new());
            lines.push(format!("Sent as the {} {where_} parameter.", code(&p.name)));
            lines.extend(constraint_lines(&p.constraints));
            let doc = doc_attr_lines(&lines);
            quote! { #doc pub #field: #t, }
        });
        let doc = format!(
            " Query and header parameters of {} ({}).",
            code(&op.id),
            code(&format!("{} {}", op.http_method, op.path))
        );
        let default = all_optional.then(|| quote! { Default, });
        let constructor = (!all_optional).then(|| {
            let required: Vec<&&Param> = params.iter().filter(|p| p.required).collect();
            let args = required.iter().map(|p| {
                let field = ident(&p.rust_name);
                let ty = rust_names::constructor_arg(self.model, &p.ty);
                quote! { #field: #ty }
            });
            let inits = params.iter().map(|p| {
                let field = ident(&p.rust_name);
                match (p.required, is_plain_string(&p.ty)) {
                    (true, true) => quote! { #field: #field.into(), },
                    (true, false) => quote! { #field, },
                    (false, _) => quote! { #field: None, },
                }
            });
            let many =
                (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
            quote! {
                impl #sname {
                    /// Creates the parameters from the required ones; optional ones start empty.
                    #many
                    pub fn new(#(#args),*) -> Self {
                        Self { #(#inits)* }
                    }
                }
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, #default)]
            pub struct #sname {
                #(#fields)*
            }
            #constructor
        }
    }

    /// The enum of an operation whose success statuses carry different bodies: a variant per
    /// status, and `decode`, which picks the variant by the response's status.
    fn status_enum(&self, op: &Operation) -> Option<TokenStream> {
        let Success::ByStatus(e) = &op.success else {
            return None;
        };
        let name = ident(&e.name);
        let other = ident(StatusEnum::OTHER);
        let raw = rust_names::raw_response();
        let mut variants = vec![];
        let mut arms = vec![];
        for v in &e.variants {
            let vname = ident(&v.rust_name);
            let status = v.status;
            let mut lines = doc_lines(Some(&v.description), None);
            match lines.first_mut() {
                Some(first) => *first = format!("`{status}`: {first}"),
                None => lines.push(format!("`{status}`.")),
            }
            let doc = doc_attr_lines(&lines);
            let payload = rust_names::status_payload(self.model, &v.body).map(|t| quote! { (#t) });
            let decode = match &v.body {
                StatusBody::Json(_) => quote! { crate::http::decode_json(raw).map(Self::#vname) },
                StatusBody::Text => quote! { crate::http::decode_text(raw).map(Self::#vname) },
                StatusBody::Bytes => quote! { crate::http::decode_bytes(raw).map(Self::#vname) },
                StatusBody::Empty => quote! { Ok(Self::#vname) },
            };
            variants.push(quote! { #doc #vname #payload, });
            let pattern = match v.status {
                SuccessStatus::Code(code) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    quote! { #code }
                }
                // A guard, not a range pattern: the codes above overlap it on purpose.
                SuccessStatus::Range2xx => quote! { status if (200..=299).contains(&status) },
            };
            arms.push(quote! { #pattern => #decode, });
        }
        let doc = format!(
            " What `{}` returns: one variant per success status the API document lists, chosen by the status of the response.",
            op.id
        );
        Some(quote! {
            #[doc = #doc]
            ///
            /// New success statuses may be documented later, so matches need a wildcard arm.
            #[derive(Debug, Clone)]
            #[non_exhaustive]
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #(#variants)*
                /// A status the API document does not list as a success of this operation, with the
                /// response as received.
                #other(#raw),
            }

            impl #name {
                /// Decodes `raw` into the variant of its status.
                pub(crate) fn decode(raw: &crate::RawResponse) -> crate::Result<Self> {
                    match raw.status().as_u16() {
                        #(#arms)*
                        _ => Ok(Self::#other(raw.clone())),
                    }
                }
            }
        })
    }

    fn paginated_impl(&self, op: &Operation) -> Option<TokenStream> {
        let p = op.pagination.as_ref()?;
        let page_def = self.model.ty(p.page_type);
        let TypeKind::Struct(s) = &page_def.kind else {
            return None;
        };
        let page_name = self.rust_type(&TypeRef::Named(p.page_type));
        let items_field = s.fields.iter().find(|f| f.name == p.items_field)?;
        let meta_field = s.fields.iter().find(|f| f.name == p.meta_field)?;
        let item_ty = self.rust_type(&p.item_type);
        let items_ident = ident(&items_field.rust_name);
        let meta_ident = ident(&meta_field.rust_name);
        let (items_ref, into_items) = if items_field.required && !items_field.ty.is_nullable() {
            (quote! { &self.#items_ident }, quote! { self.#items_ident })
        } else if items_field.required || !items_field.ty.is_nullable() {
            (
                quote! { self.#items_ident.as_deref().unwrap_or(&[]) },
                quote! { self.#items_ident.unwrap_or_default() },
            )
        } else {
            (
                quote! { self.#items_ident.as_ref().and_then(|v| v.as_deref()).unwrap_or(&[]) },
                quote! { self.#items_ident.flatten().unwrap_or_default() },
            )
        };
        let meta_direct = meta_field.required && !meta_field.ty.is_nullable();
        let meta_opt = match (meta_field.required, meta_field.ty.is_nullable()) {
            (false, true) => quote! { self.#meta_ident.as_ref().and_then(|m| m.as_ref()) },
            _ => quote! { self.#meta_ident.as_ref() },
        };
        let TypeRef::Named(meta_id) = meta_field.ty.non_null() else {
            return None;
        };
        let TypeKind::Struct(meta_struct) = &self.model.ty(*meta_id).kind else {
            return None;
        };
        let number_of = |name: Option<&str>| -> TokenStream {
            let Some(f) = meta_struct
                .fields
                .iter()
                .find(|f| Some(f.name.as_str()) == name)
            else {
                return quote! { None };
            };
            let fi = ident(&f.rust_name);
            let widen = match self.model.underlying(f.ty.non_null()) {
                TypeRef::Integer(Some(fmt)) if fmt == "int32" => quote! { .map(i64::from) },
                TypeRef::Integer(_) => quote! {},
                // `type: number` page counts: whole numbers in practice; a fraction is cut off.
                TypeRef::Number(_) => quote! { .map(|n| n as i64) },
                _ => return quote! { None },
            };
            let read = |m: TokenStream| match (f.required, f.ty.is_nullable()) {
                (true, false) => quote! { Some(#m.#fi) },
                (true, true) | (false, false) => quote! { #m.#fi },
                (false, true) => quote! { #m.#fi.flatten() },
            };
            if meta_direct {
                let value = read(quote! { self.#meta_ident });
                quote! { #value #widen }
            } else {
                let value = read(quote! { m });
                quote! { #meta_opt.and_then(|m| #value) #widen }
            }
        };
        let page_number = number_of(p.page_number_field.as_deref());
        let total_pages = number_of(Some(&p.total_pages_field));
        // A page without its meta ends the walk (the trait's default says it has one).
        let has_meta = (!meta_direct).then(|| {
            quote! { fn has_meta(&self) -> bool { #meta_opt.is_some() } }
        });
        let page_param = &p.page_param;
        // A response enum is walked through its page variant; its others have no body: no items.
        let by_status = match (&p.page_variant, &op.success) {
            (Some(variant), Success::ByStatus(_)) => {
                let name = rust_names::success_type(self.model, op);
                let variant = ident(variant);
                Some(quote! {
                    impl crate::Paginated for #name {
                        type Item = #item_ty;
                        const PAGE_PARAM: &'static str = #page_param;
                        fn page_number(&self) -> Option<i64> {
                            match self {
                                Self::#variant(page) => crate::Paginated::page_number(page),
                                _ => None,
                            }
                        }
                        fn total_pages(&self) -> Option<i64> {
                            match self {
                                Self::#variant(page) => crate::Paginated::total_pages(page),
                                _ => None,
                            }
                        }
                        fn has_meta(&self) -> bool {
                            match self {
                                Self::#variant(page) => crate::Paginated::has_meta(page),
                                _ => false,
                            }
                        }
                        fn items(&self) -> &[Self::Item] {
                            match self {
                                Self::#variant(page) => crate::Paginated::items(page),
                                _ => &[],
                            }
                        }
                        fn into_items(self) -> Vec<Self::Item> {
                            match self {
                                Self::#variant(page) => crate::Paginated::into_items(page),
                                _ => Vec::new(),
                            }
                        }
                    }
                })
            }
            _ => None,
        };
        // Several list operations may answer the same page type: its impl is written once, by
        // the first of them (the resolver keeps them all walking by the same page parameter).
        let first = self
            .model
            .operations()
            .find(|(_, o)| {
                o.pagination
                    .as_ref()
                    .is_some_and(|q| q.page_type == p.page_type)
            })
            .map(|(_, o)| o.id.as_str());
        if first != Some(op.id.as_str()) {
            return by_status;
        }
        let allow = (self.has_deprecated_field(&TypeRef::Named(p.page_type))
            || self.has_deprecated_field(&meta_field.ty))
        .then(|| quote! { #[allow(deprecated)] });
        Some(quote! {
            #allow
            impl crate::Paginated for #page_name {
                type Item = #item_ty;
                const PAGE_PARAM: &'static str = #page_param;
                fn page_number(&self) -> Option<i64> { #page_number }
                fn total_pages(&self) -> Option<i64> { #total_pages }
                #has_meta
                fn items(&self) -> &[Self::Item] { #items_ref }
                fn into_items(self) -> Vec<Self::Item> { #into_items }
            }
            #by_status
        })
    }
}

/// An integer literal without suffix; negative values as a negation (`-1`), which is what
/// patterns and expressions accept.
fn integer_literal(value: i64) -> TokenStream {
    let magnitude = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote! { -#magnitude }
    } else {
        quote! { #magnitude }
    }
}

/// Doc lines listing a value's constraints (`Default: 20. Minimum: 1. Maximum: 100.`).
fn constraint_lines(c: &Constraints) -> Vec<String> {
    let mut parts = vec![];
    if let Some(d) = &c.default {
        parts.push(format!("Default: {}.", code(&d.to_string())));
    }
    if let Some((m, exclusive)) = c.minimum {
        parts.push(format!(
            "Minimum: {}{}.",
            trim_float(m),
            if exclusive { " (exclusive)" } else { "" }
        ));
    }
    if let Some((m, exclusive)) = c.maximum {
        parts.push(format!(
            "Maximum: {}{}.",
            trim_float(m),
            if exclusive { " (exclusive)" } else { "" }
        ));
    }
    if let Some(n) = c.min_length {
        parts.push(format!("Minimum length: {n}."));
    }
    if let Some(n) = c.max_length {
        parts.push(format!("Maximum length: {n}."));
    }
    if let Some(p) = &c.pattern {
        parts.push(format!("Pattern: {}.", code(p)));
    }
    if parts.is_empty() {
        return vec![];
    }
    vec![String::new(), parts.join(" ")]
}

fn trim_float(v: f64) -> String {
    // Whole numbers within 64 bits exactly (`-9223372036854775808`, not `-9223372036854776000`).
    if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}
