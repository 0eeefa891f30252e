//! curl: raw HTTP, the URL and every header and body byte spelled out.

use serde_json::Value;

use super::markdown::op_url;
use super::values::Inputs;
use super::{api_key_var, header, Code, Cx, ErrorKind, Sentence, Variant};
use crate::encode::{form_name, header_name, header_value, shell_word as shell, url_path_segment};
use crate::model::*;

pub(crate) struct Curl;

/// A value as it appears in a query string or a form (before percent-encoding).
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The variables a script reads and does not set itself, in order of first use: what a reader
/// must export before running it (the scripts run under `set -u`). A small shell scanner: `$NAME`
/// and `${NAME...}` outside single quotes, minus names the script assigns (`status=$(...)`).
pub(crate) fn variables_read(script: &str) -> Vec<String> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let chars: Vec<char> = script.chars().collect();
    let (mut read, mut assigned) = (Vec::<String>::new(), Vec::<String>::new());
    let (mut i, mut single, mut double) = (0, false, false);
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if !single => i += 1,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '$' if !single => {
                let braced = chars.get(i + 1) == Some(&'{');
                let start = i + 1 + usize::from(braced);
                let mut end = start;
                while end < chars.len() && is_name(chars[end]) {
                    end += 1;
                }
                let name: String = chars[start..end].iter().collect();
                if !name.is_empty()
                    && !name.starts_with(|c: char| c.is_ascii_digit())
                    && !read.contains(&name)
                {
                    read.push(name);
                }
                i = end.saturating_sub(1);
            }
            c if !single && !double && (c.is_ascii_alphabetic() || c == '_') => {
                // A word at the start of a command that is an assignment: `name=`.
                let at_start = i == 0 || matches!(chars[i - 1], ' ' | '\n' | ';' | '(' | '\t');
                let mut end = i;
                while end < chars.len() && is_name(chars[end]) {
                    end += 1;
                }
                if at_start && chars.get(end) == Some(&'=') {
                    assigned.push(chars[i..end].iter().collect());
                }
                i = end.saturating_sub(1).max(i);
            }
            _ => {}
        }
        i += 1;
    }
    read.retain(|name| !assigned.contains(name));
    read
}

/// `Run: A=... B=... bash file.sh`, naming every variable `script` reads.
fn run_line(script: &str, file: &str) -> String {
    let vars: String = variables_read(script)
        .iter()
        .map(|v| format!("{v}=... "))
        .collect();
    format!("Run: {vars}bash {file}")
}

impl Curl {
    fn lines(&self, cx: &Cx, op: &Operation, inputs: &Inputs) -> Vec<String> {
        let env = &cx.model.package.env_prefix;
        // The URL as written (`op_url` encodes it), each path parameter one percent-encoded segment.
        let mut url = crate::encode::url(&op_url(cx.model, op));
        for (p, v) in &inputs.path {
            let template = crate::encode::url(&format!("{{{}}}", p.name));
            url = url.replace(&template, &url_path_segment(&plain(v)));
        }
        let mut lines = vec!["curl -sS --fail-with-body".to_string()];
        // `?name=` of an API key sent in the query, if any.
        let mut url_key = None;
        let get_with_query = op.http_method == "GET" && !inputs.query.is_empty();
        if get_with_query {
            lines.push("-G".into());
        } else if op.http_method != "GET" {
            lines.push(format!("-X {}", op.http_method));
        }
        // The first scheme the operation accepts.
        match op.security.schemes.first() {
            Some(AuthKind::Bearer) => {
                lines.push(format!("-H \"Authorization: Bearer ${env}_API_KEY\""))
            }
            Some(AuthKind::ClientBasic) => {
                lines.push(format!("-u \"${env}_CLIENT_ID:${env}_CLIENT_SECRET\""))
            }
            // The name is the spec's: quoted for the shell, the key expanded from the environment.
            Some(AuthKind::ApiKey { location, name }) => match location {
                ApiKeyLocation::Header => lines.push(format!(
                    "-H {}\"${env}_API_KEY\"",
                    shell(&format!("{}: ", header_name(name)))
                )),
                ApiKeyLocation::Cookie => lines.push(format!(
                    "-b {}\"${env}_API_KEY\"",
                    shell(&format!("{}=", header_value(name)))
                )),
                // The key is expanded by the shell, so it stands after the quoted URL.
                ApiKeyLocation::Query => {
                    let separator = if url.contains('?') { '&' } else { '?' };
                    url_key = Some(format!("{separator}{}=", form_name(name)));
                }
            },
            Some(AuthKind::MutualTls) => {
                lines.push("--cert client.pem --key client-key.pem".into());
            }
            None => {}
        }
        for (p, v) in &inputs.query {
            match p.location {
                ParamLocation::Header => lines.push(format!(
                    "-H {}",
                    shell(&format!(
                        "{}: {}",
                        header_name(&p.name),
                        header_value(&plain(v))
                    ))
                )),
                _ => lines.push(format!(
                    "--data-urlencode {}",
                    shell(&format!("{}={}", form_name(&p.name), plain(v)))
                )),
            }
        }
        if let Some(body) = &inputs.body {
            let encoding = op.body.as_ref().map(|b| b.encoding.clone());
            match (encoding, &body.value) {
                (Some(BodyEncoding::Form), Value::Object(map)) => {
                    for (k, v) in map {
                        lines.push(format!(
                            "--data-urlencode {}",
                            shell(&format!("{}={}", form_name(k), plain(v)))
                        ));
                    }
                }
                (Some(BodyEncoding::Multipart), Value::Object(map)) => {
                    let files: Vec<&str> = super::values::struct_of(cx.model, body.ty)
                        .map(|s| {
                            s.fields
                                .iter()
                                .filter(|f| matches!(f.ty.non_null(), TypeRef::String(Some(x)) if x == "binary"))
                                .map(|f| f.name.as_str())
                                .collect()
                        })
                        .unwrap_or_default();
                    for (k, v) in map {
                        if files.contains(&k.as_str()) {
                            let field = format!("{}=@example.txt", form_name(k));
                            lines.push(format!("-F {}", shell(&field)));
                        } else {
                            let value = match v {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            };
                            // `--form-string`: a value starting with `@` or `<` is not a file.
                            let field = format!("{}={value}", form_name(k));
                            lines.push(format!("--form-string {}", shell(&field)));
                        }
                    }
                }
                (Some(BodyEncoding::Binary(content_type)), _) => {
                    let header = format!("Content-Type: {}", header_value(&content_type));
                    lines.push(format!("-H {}", shell(&header)));
                    lines.push("--data-binary @example.bin".into());
                }
                (Some(BodyEncoding::Text(content_type)), value) => {
                    let header = format!("Content-Type: {}", header_value(&content_type));
                    lines.push(format!("-H {}", shell(&header)));
                    lines.push(format!("--data-binary {}", shell(&plain(value))));
                }
                (_, value) => {
                    lines.push("-H \"Content-Type: application/json\"".into());
                    let json = crate::encode::json_text(value, true);
                    lines.push(format!("-d {}", shell(&json)));
                }
            }
        }
        match url_key {
            Some(key) => lines.push(format!(
                "{}\"${env}_API_KEY\"",
                shell(&format!("{url}{key}"))
            )),
            None => lines.push(shell(&url)),
        }
        lines
    }

    fn command(&self, cx: &Cx, op: &Operation, inputs: &Inputs) -> String {
        self.lines(cx, op, inputs).join(" \\\n  ")
    }
}

impl Variant for Curl {
    fn key(&self) -> &'static str {
        "curl"
    }
    fn title(&self) -> &'static str {
        "curl"
    }
    fn fence(&self) -> &'static str {
        "bash"
    }

    fn install(&self, cx: &Cx) -> Vec<(String, String)> {
        vec![(
            "bash".into(),
            format!(
                "# {}\ncurl --version",
                cx.tr.s(
                    "curl.install",
                    "curl comes with macOS, Windows 10+ and most Linux distributions; --fail-with-body needs curl 7.76 or later."
                )
            ),
        )]
    }

    fn setup(&self, cx: &Cx) -> String {
        let env = &cx.model.package.env_prefix;
        format!(
            "export {env}_API_KEY=\"YOUR_API_KEY\"\n# {}\nexport {env}_CLIENT_ID=\"YOUR_OAUTH_CLIENT_ID\"\nexport {env}_CLIENT_SECRET=\"YOUR_OAUTH_CLIENT_SECRET\"",
            cx.tr.s(
                "curl.setup.client",
                "Only for the operations that authenticate an OAuth client:"
            )
        )
    }

    fn code(&self, cx: &Cx, _resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        self.command(cx, op, inputs).into()
    }

    fn error_code(&self, cx: &Cx, _resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let mut lines = self.lines(cx, op, inputs);
        // Keep the body of an error answer, and tell the status apart ourselves.
        lines[0] = "curl -sS -o response.json -w '%{http_code}'".into();
        let command = lines.join(" \\\n  ");
        let env = &cx.model.package.env_prefix;
        format!(
            "if ! status=$({command}); then\n  echo \"Could not reach the API (network error or timeout); retry later\" >&2\n  exit 1\nfi\ncase \"$status\" in\n  2*) cat response.json ;;\n  401) echo \"Authentication failed: check {env}_API_KEY\" >&2; exit 1 ;;\n  404) echo \"Not found: $(cat response.json)\" >&2; exit 1 ;;\n  422) echo \"Invalid parameters: $(cat response.json)\" >&2; exit 1 ;;\n  429) echo \"Rate limited: retry after the Retry-After header's delay\" >&2; exit 1 ;;\n  *) echo \"The API answered $status: $(cat response.json)\" >&2; exit 1 ;;\nesac"
        )
        .into()
    }

    fn file(&self, cx: &Cx, _stem: &str, doc: &str, code: &Code) -> String {
        let doc = super::line_comments(doc, "#");
        format!(
            "#!/usr/bin/env bash\n{}{doc}set -euo pipefail\n\n{}\n",
            header("#", cx.spec_name),
            code.body
        )
    }

    fn example_path(&self, _cx: &Cx, stem: &str) -> String {
        format!("examples/curl/{stem}.sh")
    }

    fn error_title(&self) -> &'static str {
        "Error handling: tell network errors and each error status apart."
    }

    fn run_line(&self, _cx: &Cx, _op: Option<&Operation>, code: &str, path: &str) -> String {
        run_line(code, path.rsplit('/').next().unwrap_or(path))
    }

    fn error_name(&self, kind: ErrorKind) -> String {
        match kind {
            ErrorKind::Connection => "curl exit code 6, 7, 35, 56, ...".into(),
            ErrorKind::Timeout => "curl exit code 28 (--max-time)".into(),
            ErrorKind::OtherStatus => "HTTP 4xx".into(),
            ErrorKind::InternalServer => "HTTP 5xx".into(),
            other => format!("HTTP {}", other.status()),
        }
    }

    fn notes(&self, cx: &Cx) -> Vec<String> {
        let tr = cx.tr;
        let mut notes = vec![tr.s(
            "curl.notes.brackets",
            "Query names with brackets (`page[size]`) are sent with `-G --data-urlencode`, which encodes them; in a plain URL use `-g` (`--globoff`) so curl does not read the brackets as a pattern.",
        )];
        if let Some(p) = super::pagination(cx) {
            let code = crate::encode::markdown_code_span;
            let meta = |field: &str| code(&format!("{}.{field}", p.meta_field));
            notes.push(tr.f(
                "curl.notes.pagination",
                "Pagination: request {first}, `2`, ... until {number} reaches {total} or {items} comes back empty.",
                &[
                    ("first", &code(&format!("{}=1", p.page_param))),
                    (
                        "number",
                        &p.page_number_field
                            .as_deref()
                            .map_or_else(|| code(&p.page_param), meta),
                    ),
                    ("total", &meta(&p.total_pages_field)),
                    ("items", &code(&p.items_field)),
                ],
            ));
        }
        notes.push(tr.s(
            "curl.notes.fail",
            "`--fail-with-body` makes curl exit with code 22 on an error status while still printing the error body.",
        ));
        notes
    }

    fn param_name(&self, p: &Param) -> String {
        p.name.clone()
    }

    fn field_name(&self, f: &Field) -> String {
        f.name.clone()
    }

    fn access(&self, _var: &str, path: &[&Field]) -> String {
        let names: Vec<&str> = path.iter().map(|f| f.name.as_str()).collect();
        format!(".{}", names.join("."))
    }

    fn call(&self, _resource: &Resource, op: &Operation) -> String {
        format!("curl -X {} {}", op.http_method, op.path)
    }

    fn env_vars(&self, cx: &Cx) -> Vec<(String, String)> {
        vec![
            api_key_var(cx),
            super::client_credentials_vars(cx, "curl.env.client_credentials", "An OAuth client's credentials, sent with HTTP Basic to the operations that authenticate a client."),
        ]
    }

    fn english(&self, sentence: Sentence) -> &'static str {
        match sentence {
            Sentence::ClientCredentials => "The examples send them with `-u \"${env}_CLIENT_ID:${env}_CLIENT_SECRET\"`.",
            Sentence::Verified => "Every example here runs with curl in `cargo xtask test`, against a mock server that validates each request against the API document.",
            Sentence::Retries => "curl does not retry by itself: add `--retry 2` (it retries timeouts, 408, 429, 500, 502, 503 and 504 and honours `Retry-After`) and `--max-time 60`.",
        }
    }

    fn run_command(&self, _cx: &Cx, path: &str) -> String {
        super::run_file("bash", path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_read_skips_single_quotes_and_assigned_names() {
        let script = "if ! status=$(curl -u \"$A_ID:${A_SECRET}\" -w '%{x} $NOT' \"$B\"); then\n  echo \"$status $A_ID\"\nfi";
        assert_eq!(variables_read(script), ["A_ID", "A_SECRET", "B"]);
        assert_eq!(run_line("echo $X", "x.sh"), "Run: X=... bash x.sh");
    }
}
