//! JavaScript: the official `telnyx` npm package (`client.oauthClients.list({ 'page[size]': 20 })`).
//! Examples are ES modules (`.mjs`) that type-check with `tsc --checkJs --strict`.

use serde_json::Value;

use super::values::Inputs;
use super::{
    client_auth, header, indent, pagination_note, result_var, sdk_env_vars, sdk_error_class, Code,
    Cx, ErrorKind, ErrorWords, Sentence, Variant,
};
use crate::encode::js_str as string;
use crate::model::*;
use crate::names::camel;

pub(crate) struct JavaScript<'a> {
    pub sdk: &'a Sdk,
}

/// An object key: bare when it is an identifier, quoted otherwise (`'page[size]'`).
fn key(k: &str) -> String {
    let ident = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !k.starts_with(|c: char| c.is_ascii_digit());
    if ident {
        k.to_string()
    } else {
        string(k)
    }
}

/// A JavaScript literal for a JSON value, on one line.
fn literal(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", key(k), literal(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
    }
}

/// An object argument: one line when short, else one property per line.
fn object_arg(entries: &[(String, String)]) -> String {
    if entries.is_empty() {
        return "{}".into();
    }
    let one_line = format!(
        "{{ {} }}",
        entries
            .iter()
            .map(|(k, v)| format!("{}: {v}", key(k)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if one_line.len() <= 60 {
        return one_line;
    }
    let lines: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("  {}: {v},", key(k)))
        .collect();
    format!("{{\n{}\n}}", lines.join("\n"))
}

impl JavaScript<'_> {
    fn call_expr(&self, resource: &Resource, op: &Operation, inputs: &Inputs) -> String {
        let mut args: Vec<String> = inputs.path.iter().map(|(_, v)| literal(v)).collect();
        let mut entries: Vec<(String, String)> = vec![];
        for (p, v) in &inputs.query {
            entries.push((p.name.clone(), literal(v)));
        }
        if let Some(body) = &inputs.body {
            if body.fields.is_empty() {
                if let Value::Object(map) = &body.value {
                    for (k, v) in map {
                        entries.push((k.clone(), literal(v)));
                    }
                }
            }
            for (f, v) in &body.fields {
                entries.push((f.name.clone(), literal(v)));
            }
        }
        // Methods that take a body always get an object, even an empty one.
        if !entries.is_empty() || op.body.is_some() {
            args.push(object_arg(&entries));
        }
        let head = format!(
            "client.{}.{}",
            resource.sdk_names.javascript, op.sdk_names.javascript
        );
        if client_auth(op) {
            // Request options: the OAuth client's HTTP Basic header, for this call only.
            args.push("{ headers: { Authorization: `Basic ${credentials}` } }".into());
            let lines: Vec<String> = args.iter().map(|a| format!("{},", indent(a, 2))).collect();
            return format!("{head}(\n{}\n)", lines.join("\n"));
        }
        format!("{head}({})", args.join(", "))
    }
}

impl Variant for JavaScript<'_> {
    fn key(&self) -> &'static str {
        "javascript"
    }
    fn title(&self) -> &'static str {
        "JavaScript"
    }
    fn sdk(&self) -> Option<&Sdk> {
        Some(self.sdk)
    }

    fn install(&self, _cx: &Cx) -> Vec<(String, String)> {
        vec![("bash".into(), format!("npm install {}", self.sdk.package))]
    }

    fn setup(&self, cx: &Cx) -> String {
        format!(
            "import {client} from '{package}';\n\nconst client = new {client}({{\n  apiKey: process.env['{env}_API_KEY'], // This is the default and can be omitted\n}});",
            client = self.sdk.client,
            package = self.sdk.package,
            env = cx.model.package.env_prefix
        )
    }

    fn code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let call = self.call_expr(resource, op, inputs);
        let var = camel(&result_var(cx.model, resource, op));
        let shown = self.shown(cx, op, &var);
        let before = super::credentials(cx, op, "//", |env| {
            format!("const credentials = Buffer.from(\n  `${{process.env['{env}_OAUTH_CLIENT_ID']}}:${{process.env['{env}_OAUTH_CLIENT_SECRET']}}`,\n).toString('base64');")
        })
        .unwrap_or_default();
        let code = match &op.success {
            Success::Json(_) if op.pagination.is_some() => format!(
                "// Fetches the following pages as needed.\nfor await (const {var} of {call}) {{\n  console.log({shown});\n}}"
            ),
            Success::Json(_) => format!("const {var} = await {call};\nconsole.log({shown});"),
            Success::Empty => format!("await {call};"),
            _ => format!("const {var} = await {call};\nconsole.log({var});"),
        };
        format!("{before}{code}").into()
    }

    fn error_code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let call = self.code(cx, resource, op, inputs).body;
        let c = &self.sdk.client;
        let ErrorWords { env, vendor, reach } = ErrorWords::of(cx);
        format!(
            "try {{\n{}\n}} catch (err) {{\n  if (err instanceof {c}.NotFoundError) {{\n    console.error('Not found:', err.message);\n  }} else if (err instanceof {c}.RateLimitError) {{\n    // 429: slow down; the Retry-After header says for how long.\n    console.error('Rate limited; retry after', err.headers.get('retry-after'), 'seconds');\n  }} else if (err instanceof {c}.APIConnectionError) {{\n    // Network error or timeout ({c}.APIConnectionTimeoutError), after the SDK's retries.\n    console.error('Could not reach {reach}; retry later:', err.message);\n  }} else if (err instanceof {c}.APIError) {{\n    // Any other error status: 400, 401 (check {env}_API_KEY), 403, 422 (check the parameters), 5xx.\n    console.error(`{vendor} answered ${{err.status}}: ${{err.message}}`);\n  }} else {{\n    throw err;\n  }}\n}}",
            indent(&call, 2)
        )
        .into()
    }

    fn file(&self, cx: &Cx, _stem: &str, doc: &str, code: &Code) -> String {
        let doc = super::line_comments(doc, "//");
        format!(
            "{}{doc}{}\n\n{}\n",
            header("//", cx.spec_name),
            self.setup(cx),
            code.body
        )
    }

    fn example_path(&self, _cx: &Cx, stem: &str) -> String {
        format!("examples/javascript/{stem}.mjs")
    }

    fn error_name(&self, kind: ErrorKind) -> String {
        let name = sdk_error_class(kind, "APIError", "APIConnectionTimeoutError");
        format!("{}.{name}", self.sdk.client)
    }

    fn notes(&self, cx: &Cx) -> Vec<String> {
        let tr = cx.tr;
        let mut notes: Vec<String> = pagination_note(
            cx,
            "javascript.notes.pagination",
            "Pagination: `list` methods return a page you can iterate over with `for await (const item of page)`, which fetches the next page ({page} + 1) when needed. `page.data` holds the current page only; `page.hasNextPage()` and `page.getNextPage()` step by hand.",
        )
        .into_iter()
        .collect();
        notes.extend(super::markdown::host_root_note(
            cx,
            "javascript.notes.base_url",
            "{resources} methods call {origin} by default; with `baseURL` or `{env}_BASE_URL` set, they are sent under that base URL instead, so point a separate client at the host root for them.",
            |r| r.sdk_names.javascript.clone(),
        ));
        // One call without path arguments and one with, whose body has no required field.
        let optional_body = |o: &Operation| {
            o.body
                .as_ref()
                .and_then(|b| cx.model.struct_of(&b.ty))
                .is_some_and(|s| s.all_optional())
        };
        let path_args = |o: &Operation| -> Vec<String> {
            o.params
                .iter()
                .filter(|p| p.location == ParamLocation::Path)
                .map(|p| camel(&p.name))
                .collect()
        };
        let calls: Vec<(&Resource, &Operation)> = cx
            .model
            .resources
            .iter()
            .flat_map(|r| r.operations.iter().map(move |o| (r, o)))
            .filter(|(_, o)| optional_body(o))
            .collect();
        let examples: Vec<String> = [false, true]
            .into_iter()
            .filter_map(|with_path| {
                calls
                    .iter()
                    .find(|(_, o)| path_args(o).is_empty() != with_path)
            })
            .map(|(r, o)| {
                let mut args = path_args(o);
                args.push("{}".into());
                crate::encode::markdown_code_span(&format!(
                    "client.{}.{}({})",
                    r.sdk_names.javascript,
                    o.sdk_names.javascript,
                    args.join(", ")
                ))
            })
            .collect();
        if !examples.is_empty() {
            notes.push(tr.f(
                "javascript.notes.body_object",
                "Methods that send a body take an object even when every field is optional: {calls}.",
                &[("calls", &examples.join(&tr.s("notes.list.separator", ", ")))],
            ));
        }
        notes.push(tr.s(
            "javascript.notes.typescript",
            "The package ships TypeScript types: request objects and responses are checked at compile time.",
        ));
        notes
    }

    fn param_name(&self, p: &Param) -> String {
        p.name.clone()
    }

    fn field_name(&self, f: &Field) -> String {
        f.name.clone()
    }

    fn var_name(&self, snake: &str) -> String {
        camel(snake)
    }

    fn access(&self, var: &str, path: &[&Field]) -> String {
        // The SDK's types mark wrapper objects (`data`) optional: read through them with `?.`.
        let mut s = var.to_string();
        for (i, f) in path.iter().enumerate() {
            let dot = if i == 0 { "." } else { "?." };
            if key(&f.name) == f.name {
                s.push_str(dot);
                s.push_str(&f.name);
            } else {
                s.push_str(&format!(
                    "{}[{}]",
                    if i == 0 { "" } else { "?." },
                    string(&f.name)
                ));
            }
        }
        s
    }

    fn env_vars(&self, cx: &Cx) -> Vec<(String, String)> {
        sdk_env_vars(cx)
    }

    fn english(&self, sentence: Sentence) -> &'static str {
        match sentence {
            Sentence::ClientCredentials => "The SDK sends your API key as a Bearer token on every request; send the OAuth client's HTTP Basic header instead, for this call only, with the request options `{ headers: { Authorization: 'Basic ' + credentials } }` (the last argument), as the example does.",
            Sentence::Verified => "Every example here is type-checked with `tsc --strict` and run with Node.js and the real `{package}` package in `cargo xtask test`, against a mock server that validates each request against the API document.",
            Sentence::Retries => "The SDK retries failed requests twice by default (connection errors, timeouts, 408, 409, 429 and 5xx), waiting as the `Retry-After` header says, else 0.5 s doubling up to 8 s. Change it with `new {client}({ maxRetries: 5 })` or per call with `{ maxRetries: 0 }` as the last argument; the timeout (60 s by default) with `timeout: 20 * 1000` (milliseconds).",
        }
    }

    fn run_command(&self, _cx: &Cx, path: &str) -> String {
        super::run_file("node", path)
    }
}
