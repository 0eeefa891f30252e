//! Ruby: the official `telnyx` gem (`client.oauth_clients.list(page_size: 20)`).

use serde_json::Value;

use super::values::{enum_of, struct_of, Inputs};
use super::{
    client_auth, header, indent, pagination_note, result_var, sdk_error_class, Code, Cx, ErrorKind,
    ErrorWords, Sentence, Variant,
};
use crate::encode::{ruby_hash_key as hash_key, ruby_str, ruby_symbol as symbol};
use crate::model::*;
use crate::names::snake;

pub(crate) struct Ruby<'a> {
    pub sdk: &'a Sdk,
}

/// A Ruby literal for a JSON value of type `ty` (enums as symbols).
fn literal(model: &ApiModel, ty: Option<&TypeRef>, v: &Value) -> String {
    let is_enum = ty.is_some_and(|t| enum_of(model, t).is_some());
    match v {
        Value::Null => "nil".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if is_enum => symbol(s),
        Value::String(s) => ruby_str(s),
        Value::Array(items) => {
            let item_ty = match ty.map(TypeRef::non_null) {
                Some(TypeRef::Array(inner)) => Some(inner.as_ref()),
                _ => None,
            };
            let items: Vec<String> = items.iter().map(|i| literal(model, item_ty, i)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let fields = ty.and_then(|t| struct_of(model, t));
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    let fty = fields
                        .and_then(|s| s.fields.iter().find(|f| &f.name == k))
                        .map(|f| &f.ty);
                    format!("{} {}", hash_key(k), literal(model, fty, v))
                })
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

impl Ruby<'_> {
    fn call_expr(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> String {
        let m = cx.model;
        let mut args: Vec<String> = inputs
            .path
            .iter()
            .map(|(p, v)| literal(m, Some(&p.ty), v))
            .collect();
        for (p, v) in &inputs.query {
            args.push(format!(
                "{} {}",
                hash_key(&snake(&p.name)),
                literal(m, Some(&p.ty), v)
            ));
        }
        if let Some(body) = &inputs.body {
            for (f, v) in &body.fields {
                args.push(format!(
                    "{} {}",
                    hash_key(&f.name),
                    literal(m, Some(&f.ty), v)
                ));
            }
        }
        if client_auth(op) {
            // Request options: the OAuth client's HTTP Basic header, for this call only.
            args.push(
                "request_options: {extra_headers: {\"authorization\" => \"Basic #{credentials}\"}}"
                    .into(),
            );
        }
        let head = format!("client.{}.{}", resource.sdk_names.ruby, op.sdk_names.ruby);
        if args.is_empty() {
            head
        } else {
            let one = format!("{head}({})", args.join(", "));
            if one.len() <= 80 {
                one
            } else {
                let lines: Vec<String> = args.iter().map(|a| format!("  {a},")).collect();
                let mut body = lines.join("\n");
                body.pop();
                format!("{head}(\n{body}\n)")
            }
        }
    }
}

impl Variant for Ruby<'_> {
    fn key(&self) -> &'static str {
        "ruby"
    }
    fn title(&self) -> &'static str {
        "Ruby"
    }
    fn sdk(&self) -> Option<&Sdk> {
        Some(self.sdk)
    }

    fn install(&self, _cx: &Cx) -> Vec<(String, String)> {
        vec![
            ("bash".into(), format!("gem install {}", self.sdk.package)),
            (
                "ruby".into(),
                format!("# Gemfile\ngem \"{}\"", self.sdk.package),
            ),
        ]
    }

    fn setup(&self, cx: &Cx) -> String {
        format!(
            "require \"{import}\"\n\nclient = {client}::Client.new(\n  api_key: ENV[\"{env}_API_KEY\"] # This is the default and can be omitted\n)",
            import = self.sdk.import,
            client = self.sdk.client,
            env = cx.model.package.env_prefix
        )
    }

    fn code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let call = self.call_expr(cx, resource, op, inputs);
        let var = result_var(cx.model, resource, op);
        let shown = self.shown(cx, op, &var);
        let before = super::credentials(cx, op, "#", |env| {
            format!("credentials = [\"#{{ENV.fetch(\"{env}_OAUTH_CLIENT_ID\")}}:#{{ENV.fetch(\"{env}_OAUTH_CLIENT_SECRET\")}}\"].pack(\"m0\")")
        })
        .unwrap_or_default();
        let code = match &op.success {
            Success::Json(_) if op.pagination.is_some() => format!(
                "page = {call}\n# Fetches the following pages as needed.\npage.auto_paging_each do |{var}|\n  puts({shown})\nend"
            ),
            Success::Json(_) => format!("{var} = {call}\nputs({shown})"),
            Success::Empty => call,
            _ => format!("{var} = {call}\nputs({var})"),
        };
        format!("{before}{code}").into()
    }

    fn error_code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let call = self.code(cx, resource, op, inputs).body;
        let c = &self.sdk.client;
        let ErrorWords { env, vendor, reach } = ErrorWords::of(cx);
        format!(
            "begin\n{}\nrescue {c}::Errors::NotFoundError => e\n  puts(\"Not found: #{{e.message}}\")\nrescue {c}::Errors::RateLimitError => e\n  # 429: slow down; the Retry-After header says for how long.\n  puts(\"Rate limited: #{{e.message}}\")\nrescue {c}::Errors::APIConnectionError => e\n  # Network error or timeout ({c}::Errors::APITimeoutError), after the SDK's retries.\n  puts(\"Could not reach {reach}; retry later: #{{e.message}}\")\nrescue {c}::Errors::APIStatusError => e\n  # Any other error status: 400, 401 (check {env}_API_KEY), 403, 422 (check the parameters), 5xx.\n  puts(\"{vendor} answered #{{e.status}}: #{{e.message}}\")\nend",
            indent(&call, 2)
        )
        .into()
    }

    fn file(&self, cx: &Cx, _stem: &str, doc: &str, code: &Code) -> String {
        let doc = super::line_comments(doc, "#");
        format!(
            "{}{doc}\n{}\n\n{}\n",
            header("#", cx.spec_name),
            self.setup(cx),
            code.body
        )
    }

    fn example_path(&self, _cx: &Cx, stem: &str) -> String {
        format!("examples/ruby/{stem}.rb")
    }

    fn error_name(&self, kind: ErrorKind) -> String {
        let name = sdk_error_class(kind, "APIStatusError", "APITimeoutError");
        format!("{}::Errors::{name}", self.sdk.client)
    }

    fn notes(&self, cx: &Cx) -> Vec<String> {
        let tr = cx.tr;
        let mut notes: Vec<String> = pagination_note(
            cx,
            "ruby.notes.pagination",
            "Pagination: `list` methods return a page; `page.auto_paging_each { |item| ... }` goes through every item, fetching the next page ({page} + 1) when needed. `page.data` holds the current page only; `page.next_page?` and `page.next_page` step by hand.",
        )
        .into_iter()
        .collect();
        notes.push(tr.s(
            "ruby.notes.enums",
            "Enum values can be given as symbols (`:client_credentials`) or strings.",
        ));
        notes
    }

    fn param_name(&self, p: &Param) -> String {
        snake(&p.name)
    }

    fn field_name(&self, f: &Field) -> String {
        f.name.clone()
    }

    fn access(&self, var: &str, path: &[&Field]) -> String {
        let mut s = var.to_string();
        for f in path {
            s.push('.');
            s.push_str(&snake(&f.name));
        }
        s
    }

    fn call(&self, resource: &Resource, op: &Operation) -> String {
        let args = if super::args_hint(op) == "()" {
            ""
        } else {
            "(...)"
        };
        format!(
            "client.{}.{}{args}",
            resource.sdk_names.ruby, op.sdk_names.ruby
        )
    }

    fn english(&self, sentence: Sentence) -> &'static str {
        match sentence {
            Sentence::ClientCredentials => "The SDK sends your API key as a Bearer token on every request; send the OAuth client's HTTP Basic header instead, for this call only, with `request_options: {extra_headers: {\"authorization\" => \"Basic #{credentials}\"}}`, as the example does.",
            Sentence::Verified => "Every example here is checked in `cargo xtask test`: `ruby -c` (syntax), then a run on a strict stand-in for the gem (the real gem cannot be installed there) that accepts only the resources, methods, keyword arguments and response fields the official SDK has, derived from the API document, and sends each request to a mock server that validates it against the API document.",
            Sentence::Retries => "The SDK retries failed requests twice by default (connection errors, timeouts, 408, 409, 429 and 5xx), waiting as the `Retry-After` header says. Change it with `{client}::Client.new(max_retries: 5)` or per call with `request_options: {max_retries: 0}`; the timeout (60 s by default) with `timeout: 20`.",
        }
    }

    fn run_command(&self, _cx: &Cx, path: &str) -> String {
        super::run_file("ruby", path)
    }
}
