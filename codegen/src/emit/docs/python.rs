//! Python: the official `telnyx` package (`client.oauth_clients.list(page_size=20)`).

use serde_json::Value;

use super::values::Inputs;
use super::{
    header, indent, pagination_note, result_var, sdk_env_vars, sdk_error_class, summary, Code, Cx,
    ErrorKind, ErrorWords, Sentence, Variant,
};
use crate::encode::{python_docstring, python_str};
use crate::model::*;
use crate::names::snake;

pub(crate) struct Python<'a> {
    pub sdk: &'a Sdk,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// A Python identifier for a wire name (`page[size]` → `page_size`, `from` → `from_`).
fn ident(name: &str) -> String {
    let s = snake(name);
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

/// A Python literal for a JSON value.
pub(crate) fn literal(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => python_str(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", python_str(k), literal(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

impl Python<'_> {
    /// The imports (`imports`: lines of the code's own, if any) and the client.
    fn client_setup(&self, cx: &Cx, imports: &[String]) -> String {
        let imports: String = imports.iter().map(|i| format!("{i}\n")).collect();
        format!(
            "import os\n\n{imports}from {import} import {client}\n\nclient = {client}(\n    api_key=os.environ.get(\"{env}_API_KEY\"),  # This is the default and can be omitted\n)",
            import = self.sdk.import,
            client = self.sdk.client,
            env = cx.model.package.env_prefix
        )
    }

    fn args(&self, inputs: &Inputs) -> Vec<String> {
        let mut args: Vec<String> = inputs.path.iter().map(|(_, v)| literal(v)).collect();
        for (p, v) in &inputs.query {
            args.push(format!("{}={}", ident(&p.name), literal(v)));
        }
        if let Some(body) = &inputs.body {
            if body.fields.is_empty() {
                if let Value::Object(map) = &body.value {
                    for (k, v) in map {
                        args.push(format!("{}={}", ident(k), literal(v)));
                    }
                }
            }
            for (f, v) in &body.fields {
                args.push(format!("{}={}", ident(&f.name), literal(v)));
            }
        }
        args
    }

    fn call_with(&self, resource: &Resource, op: &Operation, args: &[String]) -> String {
        let head = format!(
            "client.{}.{}",
            resource.sdk_names.python, op.sdk_names.python
        );
        if args.is_empty() {
            format!("{head}()")
        } else if args.len() == 1 && args[0].len() < 50 {
            format!("{head}({})", args[0])
        } else {
            let lines: Vec<String> = args.iter().map(|a| format!("    {a},")).collect();
            format!("{head}(\n{}\n)", lines.join("\n"))
        }
    }
}

impl Variant for Python<'_> {
    fn key(&self) -> &'static str {
        "python"
    }
    fn title(&self) -> &'static str {
        "Python"
    }
    fn sdk(&self) -> Option<&Sdk> {
        Some(self.sdk)
    }

    fn install(&self, _cx: &Cx) -> Vec<(String, String)> {
        vec![("bash".into(), format!("pip install {}", self.sdk.package))]
    }

    fn setup(&self, cx: &Cx) -> String {
        self.client_setup(cx, &[])
    }

    fn code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let mut args = self.args(inputs);
        let credentials = super::credentials(cx, op, "#", |env| {
            format!("credentials = base64.b64encode(\n    f\"{{os.environ['{env}_OAUTH_CLIENT_ID']}}:{{os.environ['{env}_OAUTH_CLIENT_SECRET']}}\".encode()\n).decode()")
        });
        let before = credentials.map_or_else(String::new, |c| format!("import base64\n\n{c}"));
        if !before.is_empty() {
            args.push("extra_headers={\"Authorization\": f\"Basic {credentials}\"}".into());
        }
        let call = self.call_with(resource, op, &args);
        let var = result_var(cx.model, resource, op);
        let code = match &op.success {
            Success::Json(_) if op.pagination.is_some() => {
                let shown = self.shown(cx, op, &var);
                format!(
                    "page = {call}\nfor {var} in page:  # fetches the following pages as needed\n    print({shown})"
                )
            }
            Success::Json(_) => {
                let shown = self.shown(cx, op, &var);
                format!("{var} = {call}\nprint({shown})")
            }
            Success::Empty => call,
            _ => format!("{var} = {call}\nprint({var})"),
        };
        format!("{before}{code}").into()
    }

    fn error_code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let call = self.code(cx, resource, op, inputs).body;
        let m = self.sdk.import.as_str();
        let ErrorWords { env, vendor, reach } = ErrorWords::of(cx);
        let body = format!(
            "try:\n{}\nexcept {m}.APIConnectionError as e:\n    # Network error or timeout ({m}.APITimeoutError), after the SDK's retries.\n    print(\"Could not reach {reach}; retry later:\", e)\nexcept {m}.RateLimitError as e:\n    # 429: slow down; the Retry-After header says for how long.\n    print(\"Rate limited; retry after\", e.response.headers.get(\"retry-after\"), \"seconds\")\nexcept {m}.NotFoundError as e:\n    print(\"Not found:\", e.message)\nexcept {m}.APIStatusError as e:\n    # Any other error status: 400, 401 (check {env}_API_KEY), 403, 422 (check the parameters), 5xx.\n    print(f\"{vendor} answered {{e.status_code}}: {{e.message}}\")",
            indent(&call, 4)
        );
        Code {
            imports: vec![format!("import {m}")],
            body,
        }
    }

    fn file(&self, cx: &Cx, _stem: &str, doc: &str, code: &Code) -> String {
        // A snippet's own imports go to the top of the file.
        let (imports, body) = match code.body.strip_prefix("import base64\n\n") {
            Some(rest) => (
                format!("import base64\n{}", self.client_setup(cx, &code.imports)),
                rest,
            ),
            None => (self.client_setup(cx, &code.imports), code.body.as_str()),
        };
        format!(
            "{}\"\"\"{}\"\"\"\n\n{imports}\n\n{body}\n",
            header("#", cx.spec_name),
            python_docstring(doc)
        )
    }

    fn example_path(&self, _cx: &Cx, stem: &str) -> String {
        format!("examples/python/{stem}.py")
    }

    fn op_title(&self, op: &Operation) -> String {
        format!("{}: `{} {}`.", summary(op), op.http_method, op.path)
    }

    fn doc(&self, title: &str, run: &str) -> String {
        format!("{title}\n\n{run}\n")
    }

    fn error_name(&self, kind: ErrorKind) -> String {
        let name = sdk_error_class(kind, "APIStatusError", "APITimeoutError");
        format!("{}.{name}", self.sdk.import)
    }

    fn notes(&self, cx: &Cx) -> Vec<String> {
        let tr = cx.tr;
        let mut notes: Vec<String> = pagination_note(
            cx,
            "python.notes.pagination",
            "Pagination: `list` methods return a page you can iterate over: `for item in page:` goes through every item, fetching the next page ({page} + 1) when needed, until {total} or an empty page. `page.data` holds the current page only; `page.has_next_page()` and `page.get_next_page()` step by hand.",
        )
        .into_iter()
        .collect();
        notes.extend(super::markdown::host_root_note(
            cx,
            "python.notes.base_url",
            "{resources} methods call {origin} by default; with `base_url=` or `{env}_BASE_URL` set, they are sent under that base URL instead, so point a separate client at the host root for them.",
            |r| r.sdk_names.python.clone(),
        ));
        notes.push(tr.f(
            "python.notes.async",
            "`Async{client}` has the same methods, to `await`; list pages iterate with `async for`.",
            &[("client", &self.sdk.client)],
        ));
        // Shown on a call that needs no argument: a list first, else any such operation.
        let bare = |o: &&Operation| {
            o.params.iter().all(|p| !p.required) && o.body.as_ref().is_none_or(|b| !b.required)
        };
        let ops = || {
            cx.model
                .resources
                .iter()
                .flat_map(|r| r.operations.iter().map(move |o| (r, o)))
        };
        if let Some((r, o)) = ops()
            .find(|(_, o)| o.pagination.is_some() && bare(o))
            .or_else(|| ops().find(|(_, o)| bare(o)))
        {
            let call = format!(
                "client.{}.with_raw_response.{}()",
                r.sdk_names.python, o.sdk_names.python
            );
            notes.push(tr.f(
                "python.notes.raw",
                "{call} (any resource and method) returns the HTTP response: headers, status, then `.parse()`.",
                &[("call", &crate::encode::markdown_code_span(&call))],
            ));
        }
        notes
    }

    fn param_name(&self, p: &Param) -> String {
        ident(&p.name)
    }

    fn field_name(&self, f: &Field) -> String {
        ident(&f.name)
    }

    fn env_vars(&self, cx: &Cx) -> Vec<(String, String)> {
        sdk_env_vars(cx)
    }

    fn english(&self, sentence: Sentence) -> &'static str {
        match sentence {
            Sentence::ClientCredentials => "The SDK sends your API key as a Bearer token on every request; send the OAuth client's HTTP Basic header instead, for this call only, with `extra_headers={\"Authorization\": f\"Basic {credentials}\"}`, as the example does.",
            Sentence::Verified => "Every example here runs in `cargo xtask test` with the real `{package}` package against a mock server that validates each request against the API document.",
            Sentence::Retries => "The SDK retries failed requests twice by default (connection errors, timeouts, 408, 409, 429 and 5xx), waiting as the `Retry-After` header says, else 0.5 s doubling up to 8 s. Change it with `{client}(max_retries=5)` or per call with `client.with_options(max_retries=0)`; the timeout (60 s by default) with `timeout=20.0`.",
        }
    }

    fn run_command(&self, _cx: &Cx, path: &str) -> String {
        super::run_file("python", path)
    }
}
