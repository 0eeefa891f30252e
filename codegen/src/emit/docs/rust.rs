//! Rust: the crate this workspace generates (`client.oauth_clients().list(params)`). Examples are
//! cargo examples of that crate (`<crate>/examples/<resource>_<method>.rs`), so `cargo build` and
//! clippy check them like any other target.
//!
//! Names are the Rust emitter's, from [`crate::rust_names`] and the model: parameter structs
//! (`Operation::params_struct`) in `resources`, types in `types`, constructors
//! `new(required fields...)`, `Default` when every field is optional.

use serde_json::Value;

use super::values::{type_value, Inputs};
use super::{
    api_key_var, base_url_var, indent, printed_path, result_var, summary, Code, Cx, ErrorKind,
    Sentence, Variant,
};
use crate::encode::{comment_lines, rust_json, rust_str as quoted};
use crate::files::GENERATED_MARKER;
use crate::model::*;
use crate::rust_names::{crate_ident, is_plain_string, path_arg_is_str, struct_params};

pub(crate) struct Rust;

/// A Rust expression of exactly the Rust type of `ty`, for the JSON value `v`.
fn expr(model: &ApiModel, ty: &TypeRef, v: &Value) -> String {
    // A struct whose required field is (transitively) itself has no finite value: stop there
    // instead of recursing forever (such a spec still gets an example that compiles).
    // Depth alone does not bound the work (a tree of three required children is 3^depth nodes):
    // an expression also stops growing after `MAX_NODES` nodes.
    const MAX_NODES: usize = 256;
    thread_local!(static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) });
    thread_local!(static NODES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) });
    let depth = DEPTH.with(|d| {
        d.set(d.get() + 1);
        d.get()
    });
    let nodes = NODES.with(|n| {
        let count = if depth == 1 { 1 } else { n.get() + 1 };
        n.set(count);
        count
    });
    let out = if depth > 32 || nodes > MAX_NODES {
        "serde_json::from_value(serde_json::json!({})).expect(\"the API document allows no finite example of this value\")".to_string()
    } else {
        expr_inner(model, ty, v)
    };
    DEPTH.with(|d| d.set(d.get() - 1));
    out
}

fn expr_inner(model: &ApiModel, ty: &TypeRef, v: &Value) -> String {
    match ty {
        TypeRef::Nullable(inner) => {
            if v.is_null() {
                "None".into()
            } else {
                format!("Some({})", expr(model, inner, v))
            }
        }
        TypeRef::String(Some(f)) if f == "binary" => format!(
            "{}::FileUpload::new(\"example.txt\", b\"example\".to_vec())",
            crate_ident(model)
        ),
        TypeRef::String(_) => match v {
            Value::String(s) => format!("{}.to_string()", quoted(s)),
            other => format!("{}.to_string()", quoted(&other.to_string())),
        },
        TypeRef::Integer(_) => match v {
            Value::Number(n) => n
                .as_i64()
                .map(|i| i.to_string())
                .unwrap_or_else(|| format!("{}", n.as_f64().unwrap_or(1.0) as i64)),
            _ => "1".into(),
        },
        TypeRef::Number(_) => match v.as_f64() {
            Some(f) if f.fract() == 0.0 => format!("{f:.1}"),
            Some(f) => f.to_string(),
            None => "1.0".into(),
        },
        TypeRef::Boolean => v.as_bool().unwrap_or(true).to_string(),
        TypeRef::Array(inner) => {
            let items: Vec<String> = v
                .as_array()
                .map(|a| a.iter().map(|i| expr(model, inner, i)).collect())
                .unwrap_or_default();
            format!("vec![{}]", items.join(", "))
        }
        TypeRef::Map(inner) => {
            let items: Vec<String> = v
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            format!("({}.to_string(), {})", quoted(k), expr(model, inner, v))
                        })
                        .collect()
                })
                .unwrap_or_default();
            format!("std::collections::BTreeMap::from([{}])", items.join(", "))
        }
        TypeRef::Any => format!("serde_json::json!({})", rust_json(v)),
        TypeRef::Named(id) => {
            let def = model.ty(*id);
            match &def.kind {
                TypeKind::Alias(inner) => expr(model, inner, v),
                TypeKind::Enum(e) => match e.variant_of(v) {
                    Some(variant) => format!("types::{}::{variant}", def.name),
                    None if e.is_integer() => {
                        format!("types::{}::from({}_i64)", def.name, v.as_i64().unwrap_or(1))
                    }
                    None => format!(
                        "types::{}::from({})",
                        def.name,
                        quoted(v.as_str().unwrap_or_default())
                    ),
                },
                TypeKind::Struct(s) => struct_expr(model, &def.name, s, v),
                TypeKind::Union(_) => from_json(&format!("types::{}", def.name), v),
            }
        }
    }
}

/// Deserializes a JSON example: for shapes without a simpler constructor (unions).
fn from_json(ty: &str, v: &Value) -> String {
    format!(
        "serde_json::from_value::<{ty}>(serde_json::json!({})).expect(\"a valid example\")",
        rust_json(v)
    )
}

/// A struct value: `T::new(required...)` (plus optional fields set after), or
/// `T { field: Some(..), ..Default::default() }` when every field is optional.
fn struct_expr(model: &ApiModel, name: &str, s: &StructDef, v: &Value) -> String {
    let given = v.as_object();
    let value_of = |f: &Field| -> Option<&Value> { given.and_then(|m| m.get(&f.name)) };
    if s.all_optional() {
        let sets: Vec<String> = s
            .fields
            .iter()
            .filter_map(|f| {
                value_of(f)
                    .map(|val| format!("{}: Some({}),", f.rust_name, expr(model, &f.ty, val)))
            })
            .collect();
        if sets.is_empty() {
            return format!("types::{name}::default()");
        }
        return format!(
            "types::{name} {{\n{}\n    ..Default::default()\n}}",
            indent(&sets.join("\n"), 4)
        );
    }
    let args: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| {
            let val = value_of(f).cloned().unwrap_or_else(|| match &f.ty {
                // A value the example left out at its depth limit: `None` ends a recursive type.
                TypeRef::Nullable(_) => Value::Null,
                ty => type_value(model, ty, &f.name, &f.constraints, 1),
            });
            match (&f.ty, &val) {
                (t, Value::String(s)) if is_plain_string(t) => quoted(s),
                _ => expr(model, &f.ty, &val),
            }
        })
        .collect();
    let one_line = args.join(", ");
    let call = if one_line.len() + name.len() < 70 && !one_line.contains('\n') {
        format!("types::{name}::new({one_line})")
    } else {
        let lines: Vec<String> = args.iter().map(|a| format!("{},", indent(a, 4))).collect();
        format!("types::{name}::new(\n{}\n)", lines.join("\n"))
    };
    let optional: Vec<String> = s
        .fields
        .iter()
        .filter(|f| !f.required)
        .filter_map(|f| {
            value_of(f)
                .map(|val| format!("value.{} = Some({});", f.rust_name, expr(model, &f.ty, val)))
        })
        .collect();
    if optional.is_empty() {
        call
    } else {
        format!(
            "{{\n    let mut value = {};\n{}\n    value\n}}",
            call.replace('\n', "\n    "),
            indent(&optional.join("\n"), 4)
        )
    }
}

impl Rust {
    /// Statements binding `params` and `body`, and the call expression.
    fn call_parts(
        &self,
        cx: &Cx,
        resource: &Resource,
        op: &Operation,
        inputs: &Inputs,
    ) -> (Vec<String>, String, Vec<String>) {
        let m = cx.model;
        let krate = crate_ident(m);
        let mut statements = vec![];
        let mut uses = vec![];
        let mut args = vec![];
        for (p, v) in &inputs.path {
            if path_arg_is_str(m, &p.ty) {
                let s = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                args.push(quoted(&s));
            } else {
                args.push(expr(m, &p.ty, v));
            }
        }
        let others = struct_params(op);
        if let Some(sname) = &op.params_struct {
            uses.push(format!("use {krate}::resources::{sname};"));
            let all_optional = others.iter().all(|p| !p.required);
            let value_of = |p: &Param| {
                inputs
                    .query
                    .iter()
                    .find(|(q, _)| q.name == p.name)
                    .map(|(_, v)| v)
            };
            if all_optional {
                let sets: Vec<String> = others
                    .iter()
                    .filter_map(|p| {
                        value_of(p).map(|v| {
                            format!("{}: Some({}),", p.rust_name, expr(m, p.ty.non_null(), v))
                        })
                    })
                    .collect();
                if sets.is_empty() {
                    args.push(format!("{sname}::default()"));
                } else {
                    statements.push(format!(
                        "let params = {sname} {{\n{}\n    ..Default::default()\n}};",
                        indent(&sets.join("\n"), 4)
                    ));
                    args.push("params".into());
                }
            } else {
                let required: Vec<String> = others
                    .iter()
                    .filter(|p| p.required)
                    .map(|p| {
                        let v = value_of(p).cloned().unwrap_or(Value::Null);
                        match (&p.ty, &v) {
                            (t, Value::String(s)) if is_plain_string(t) => quoted(s),
                            _ => expr(m, &p.ty, &v),
                        }
                    })
                    .collect();
                let optional: Vec<String> = others
                    .iter()
                    .filter(|p| !p.required)
                    .filter_map(|p| {
                        value_of(p).map(|v| {
                            format!(
                                "params.{} = Some({});",
                                p.rust_name,
                                expr(m, p.ty.non_null(), v)
                            )
                        })
                    })
                    .collect();
                let new = if required.join(", ").len() < 60 {
                    format!("{sname}::new({})", required.join(", "))
                } else {
                    format!(
                        "{sname}::new(\n{}\n)",
                        required
                            .iter()
                            .map(|a| format!("    {a},"))
                            .collect::<Vec<_>>()
                            .join("\n")
                    )
                };
                if optional.is_empty() {
                    statements.push(format!("let params = {new};"));
                } else {
                    statements.push(format!("let mut params = {new};\n{}", optional.join("\n")));
                }
                args.push("params".into());
            }
        }
        if let Some(body) = &inputs.body {
            if matches!(
                op.body.as_ref().map(|b| &b.encoding),
                Some(BodyEncoding::Binary(_))
            ) {
                // Raw bytes: anything `Into<bytes::Bytes>`.
                args.push("b\"example\".to_vec()".into());
            } else if matches!(
                op.body.as_ref().map(|b| &b.encoding),
                Some(BodyEncoding::Text(_))
            ) {
                // Text: anything `Into<String>`.
                args.push(expr(m, body.ty, &body.value));
            } else {
                statements.push(format!("let body = {};", expr(m, body.ty, &body.value)));
                args.push("&body".into());
            }
        }
        let call = format!(
            "client.{}().{}({})",
            resource.name,
            op.method_name,
            args.join(", ")
        );
        // Values built from types (an enum path parameter, a body) need the module.
        if call.contains("types::") || statements.iter().any(|s| s.contains("types::")) {
            uses.push(format!("use {krate}::types;"));
        }
        (statements, call, uses)
    }

    fn printed(&self, cx: &Cx, op: &Operation, var: &str) -> String {
        let path = printed_path(cx.model, op);
        match path.last() {
            None => format!("println!(\"{{{var}:?}}\");"),
            Some(last) => {
                let names: Vec<&str> = path.iter().map(|f| f.rust_name.as_str()).collect();
                let access = format!("{var}.{}", names.join("."));
                if last.required && !last.ty.is_nullable() {
                    format!("println!(\"{{}}\", {access});")
                } else {
                    format!("println!(\"{{:?}}\", {access});")
                }
            }
        }
    }

    /// The example's body statements and its `use` lines.
    fn body(
        &self,
        cx: &Cx,
        resource: &Resource,
        op: &Operation,
        inputs: &Inputs,
    ) -> (String, Vec<String>) {
        let (mut statements, call, mut uses) = self.call_parts(cx, resource, op, inputs);
        let var = result_var(cx.model, resource, op);
        match &op.success {
            Success::Json(_) if op.pagination.is_some() => {
                uses.push("use futures_util::StreamExt;".into());
                let items = crate::names::snake(&resource.name);
                statements.push(format!(
                    "// Every item, page after page (one page in memory at a time).\nlet mut {items} = {call}.into_stream();\nwhile let Some({var}) = {items}.next().await {{\n    let {var} = {var}?;\n    {}\n}}",
                    self.printed(cx, op, &var)
                ));
            }
            Success::Json(_) => {
                statements.push(format!("let {var} = {call}.await?;\n{}", self.printed(cx, op, &var)));
            }
            Success::Empty => statements.push(format!("{call}.await?;")),
            Success::Redirect => statements.push(format!(
                "let redirect = {call}.await?;\nprintln!(\"{{}} {{:?}}\", redirect.status(), redirect.location());"
            )),
            Success::Text => statements.push(format!("let text = {call}.await?;\nprintln!(\"{{text}}\");")),
            Success::Bytes => statements.push(format!(
                "let bytes = {call}.await?;\nprintln!(\"{{}} bytes\", bytes.len());"
            )),
            Success::ByStatus(e) => {
                // A variant per success status: match on them.
                uses.push(format!(
                    "use {}::resources::{};",
                    crate_ident(cx.model),
                    e.name
                ));
                let mut arms = vec![];
                for v in &e.variants {
                    let status = v.status;
                    arms.push(match v.body {
                        StatusBody::Empty => format!(
                            "    {}::{} => println!(\"{status}, no body\"),",
                            e.name, v.rust_name
                        ),
                        _ => format!(
                            "    {}::{}(value) => println!(\"{status}: {{value:?}}\"),",
                            e.name, v.rust_name
                        ),
                    });
                }
                arms.push(
                    "    // A status the document did not list when the crate was generated.\n    other => println!(\"{other:?}\"),".into(),
                );
                statements.push(format!(
                    "match {call}.await? {{\n{}\n}}",
                    arms.join("\n")
                ));
            }
        }
        let code = statements.join("\n");
        uses.sort();
        uses.dedup();
        (code, uses)
    }
}

impl Variant for Rust {
    fn key(&self) -> &'static str {
        "rust"
    }
    fn title(&self) -> &'static str {
        "Rust"
    }

    fn install(&self, cx: &Cx) -> Vec<(String, String)> {
        let name = &cx.model.package.crate_name;
        vec![(
            "toml".into(),
            format!(
                "[dependencies]\n{name} = {{ path = \"generated/{name}\" }}  # the crate this workspace generates\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\nfutures-util = \"0.3\"  # StreamExt, to walk list pages"
            ),
        )]
    }

    fn setup(&self, cx: &Cx) -> String {
        let krate = crate_ident(cx.model);
        let env = &cx.model.package.env_prefix;
        format!(
            "use {krate}::Client;\n\n// Reads {env}_API_KEY, and {env}_BASE_URL, {env}_CLIENT_ID, {env}_CLIENT_SECRET when set.\nlet client = Client::from_env()?;"
        )
    }

    fn code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let (body, imports) = self.body(cx, resource, op, inputs);
        Code { imports, body }
    }

    fn error_code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let (statements, call, imports) = self.call_parts(cx, resource, op, inputs);
        let var = result_var(cx.model, resource, op);
        let krate = crate_ident(cx.model);
        // Awaited, a list call gives its first page, not an item: printed whole.
        let ok = if op.pagination.is_some() {
            format!("println!(\"{{{var}:?}}\");")
        } else {
            self.printed(cx, op, &var)
        };
        let mut body = statements.join("\n");
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&format!(
            "match {call}.await {{\n    Ok({var}) => {},\n    Err({krate}::Error::NotFound(e)) => eprintln!(\"Not found: {{e}}\"),\n    // 429 after the client's retries: slow down; Retry-After says for how long.\n    Err({krate}::Error::RateLimit(e)) => {{\n        eprintln!(\"Rate limited; retry after {{:?}}\", e.headers().get(\"retry-after\"))\n    }}\n    // Connection errors and timeouts (after the client's retries), 408, 409, 429, 5xx.\n    Err(e) if e.is_retryable() => eprintln!(\"Temporary failure after {{}} attempts: {{e}}\", e.attempts()),\n    // 400, 401 (check the API key), 403, 422 (check the parameters), ...\n    Err(e) => return Err(e),\n}}",
            ok.trim_end_matches(';')
        ));
        Code { imports, body }
    }

    fn file(&self, cx: &Cx, _stem: &str, doc: &str, code: &Code) -> String {
        let krate = crate_ident(cx.model);
        let mut uses: Vec<String> = code.imports.clone();
        uses.push(format!("use {krate}::Client;"));
        uses.sort();
        uses.dedup();
        let doc: String = comment_lines(doc)
            .iter()
            .map(|l| {
                if l.is_empty() {
                    "//!\n".to_string()
                } else {
                    format!("//! {l}\n")
                }
            })
            .collect();
        format!(
            "// {GENERATED_MARKER} from `{spec}`; do not edit by hand.\n\n{doc}\n{}\n\n#[tokio::main]\nasync fn main() -> Result<(), {krate}::Error> {{\n    let client = Client::from_env()?;\n\n{}\n    Ok(())\n}}\n",
            uses.join("\n"),
            indent(&code.body, 4),
            spec = cx.spec_name
        )
    }

    fn example_path(&self, cx: &Cx, stem: &str) -> String {
        format!("{}/examples/{stem}.rs", cx.model.package.crate_name)
    }

    fn op_title(&self, op: &Operation) -> String {
        format!("{}: `{} {}`.", summary(op), op.http_method, op.path)
    }

    /// Only the API key: the client reads the OAuth client's credentials itself when set.
    fn run_line(&self, cx: &Cx, _op: Option<&Operation>, _code: &str, path: &str) -> String {
        let env = &cx.model.package.env_prefix;
        format!("Run: `{env}_API_KEY=... {}`", self.run_command(cx, path))
    }

    fn doc(&self, title: &str, run: &str) -> String {
        format!("{title}\n\n{run}")
    }

    fn error_name(&self, kind: ErrorKind) -> String {
        let variant = match kind {
            ErrorKind::BadRequest => "BadRequest",
            ErrorKind::Authentication => "Authentication",
            ErrorKind::PermissionDenied => "PermissionDenied",
            ErrorKind::NotFound => "NotFound",
            ErrorKind::Conflict => "Conflict",
            ErrorKind::UnprocessableEntity => "UnprocessableEntity",
            ErrorKind::RateLimit => "RateLimit",
            ErrorKind::InternalServer => "InternalServer",
            ErrorKind::OtherStatus => "Status",
            ErrorKind::Connection => "Connection",
            ErrorKind::Timeout => "Timeout",
        };
        format!("Error::{variant}")
    }

    fn notes(&self, cx: &Cx) -> Vec<String> {
        let tr = cx.tr;
        let mut notes = vec![];
        if super::pagination(cx).is_some() {
            notes.push(tr.s(
                "rust.notes.pagination",
                "Pagination: a list call returns one page when awaited; `.into_stream()` yields every item across pages (one page in memory at a time), `.pages()` every page.",
            ));
        }
        notes.push(tr.s(
            "rust.notes.call",
            "Every method returns a `Call`: `.await` it for the parsed value, or `.send_with_response()` for status, headers and raw body too; `.timeout(..)` and `.max_retries(..)` override the client's settings for one call.",
        ));
        notes.extend(super::markdown::host_root_note(
            cx,
            "rust.notes.host_root",
            "The client sends {resources} calls to the root of the base URL's host, whatever the base URL's path, so they work against a custom base URL too.",
            |r| format!("{}()", r.name),
        ));
        notes.push(tr.s(
            "rust.notes.secrets",
            "API keys, client secrets and tokens never appear in `Debug` output, errors or logs.",
        ));
        notes
    }

    fn param_name(&self, p: &Param) -> String {
        p.rust_name.clone()
    }

    fn field_name(&self, f: &Field) -> String {
        f.rust_name.clone()
    }

    fn call(&self, resource: &Resource, op: &Operation) -> String {
        format!("client.{}().{}(..)", resource.name, op.method_name)
    }

    fn env_vars(&self, cx: &Cx) -> Vec<(String, String)> {
        vec![
            api_key_var(cx),
            base_url_var(cx),
            super::client_credentials_vars(cx, "rust.env.client_credentials", "An OAuth client's credentials (both or neither), sent with HTTP Basic to the operations that authenticate a client."),
        ]
    }

    fn english(&self, sentence: Sentence) -> &'static str {
        match sentence {
            Sentence::ClientCredentials => "Set `{env}_CLIENT_ID` and `{env}_CLIENT_SECRET` (or `ClientBuilder::client_credentials`); the client sends them with HTTP Basic.",
            Sentence::Verified => "Every example here is a cargo example of the generated crate: `cargo xtask test` builds it clippy-clean and runs it against a mock server that validates each request against the API document.",
            Sentence::Retries => "The client retries failed requests twice by default (connection errors, timeouts, 408, 409, 429 and 5xx), honouring `Retry-After`. Change it with `Client::builder().max_retries(5)` or per call with `.max_retries(0)`; the timeout of each attempt (60 s by default) with `.timeout(Duration::from_secs(20))`.",
        }
    }

    fn run_command(&self, cx: &Cx, path: &str) -> String {
        let stem = path
            .rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".rs");
        format!(
            "cargo run -p {} --example {stem}",
            cx.model.package.crate_name
        )
    }
}
