//! Go: the official `telnyx-go` module (`client.OAuthClients.List(ctx, telnyx.OAuthClientListParams{})`).
//! Names follow its conventions: `ClientID` (initialisms upper case), `OAuthClientNewParams`,
//! enum constants `OAuthTokenParamsGrantTypeClientCredentials`, optional values `telnyx.String(...)`.

use serde_json::Value;

use super::values::{enum_of, struct_of, Inputs};
use super::{
    client_auth, header, pagination_note, printed_path, result_var, Code, Cx, ErrorKind,
    ErrorWords, Sentence, Variant,
};
use crate::model::*;
use crate::names::{camel, pascal, singular};

pub(crate) struct Go<'a> {
    pub sdk: &'a Sdk,
}

/// Words Go spells in capitals.
const INITIALISMS: &[&str] = &[
    "id", "url", "api", "http", "https", "ip", "json", "uuid", "html",
];

/// A Go exported name for a wire name (`client_id` → `ClientID`, `page[size]` → `PageSize`).
pub(crate) fn go_name(name: &str) -> String {
    let snake = crate::names::snake(name);
    snake
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if INITIALISMS.contains(&w) {
                w.to_uppercase()
            } else if w == "oauth" {
                "OAuth".into()
            } else {
                let mut c = w.chars();
                match c.next() {
                    Some(first) => first.to_uppercase().chain(c).collect(),
                    None => String::new(),
                }
            }
        })
        .collect()
}

use crate::encode::go_str as string;

impl Go<'_> {
    fn pkg(&self) -> &str {
        &self.sdk.client
    }

    /// A typed enum constant a request takes (`telnyx.OAuthTokenParamsGrantTypeClientCredentials`):
    /// the first value of a request body's first required string enum field, else of its first
    /// optional one.
    fn enum_constant(&self, cx: &Cx) -> Option<String> {
        let constant = |required: bool| {
            cx.model.operations().find_map(|(resource, op)| {
                let body = struct_of(cx.model, &op.body.as_ref()?.ty)?;
                body.fields
                    .iter()
                    .filter(|f| f.required == required)
                    .find_map(|f| {
                        let (_, e) = enum_of(cx.model, &f.ty)?;
                        let EnumValues::String(values) = &e.values else {
                            return None;
                        };
                        let value = Value::String(values.first()?.value.clone());
                        let owner = self.params_type(resource, op);
                        Some(self.value(cx, &owner, &f.name, &f.ty, f.required, &value))
                    })
            })
        };
        constant(true).or_else(|| constant(false))
    }

    fn client_setup(&self, cx: &Cx) -> String {
        format!(
            "client := {pkg}.NewClient(\n\toption.WithAPIKey(os.Getenv({key})), // This is the default and can be omitted\n)\nctx := context.Background()",
            pkg = self.pkg(),
            key = string(&format!("{}_API_KEY", cx.model.package.env_prefix))
        )
    }

    fn params_type(&self, resource: &Resource, op: &Operation) -> String {
        format!(
            "{}{}Params",
            singular(&resource.sdk_names.go),
            op.sdk_names.go
        )
    }

    /// A Go value for a JSON value of `ty` set on field `field` of `owner` (a params type).
    fn value(
        &self,
        cx: &Cx,
        owner: &str,
        field: &str,
        ty: &TypeRef,
        required: bool,
        v: &Value,
    ) -> String {
        let pkg = self.pkg();
        let integer = TypeRef::Integer(None);
        let ty = match enum_of(cx.model, ty) {
            // Integer enums are plain integers in the Go SDK.
            Some((_, e)) if e.is_integer() => &integer,
            Some(_) => {
                if let Value::String(s) = v {
                    return format!("{pkg}.{owner}{}{}", go_name(field), pascal(s));
                }
                ty
            }
            None => ty,
        };
        match (ty.non_null(), v) {
            (TypeRef::String(_), Value::String(s)) if required => string(s),
            (TypeRef::String(_), Value::String(s)) => format!("{pkg}.String({})", string(s)),
            (TypeRef::Integer(_), Value::Number(n)) if required => n.to_string(),
            (TypeRef::Integer(_), Value::Number(n)) => format!("{pkg}.Int({n})"),
            (TypeRef::Number(_), Value::Number(n)) if required => n.to_string(),
            (TypeRef::Number(_), Value::Number(n)) => format!("{pkg}.Float({n})"),
            (TypeRef::Boolean, Value::Bool(b)) if required => b.to_string(),
            (TypeRef::Boolean, Value::Bool(b)) => format!("{pkg}.Bool({b})"),
            (TypeRef::Array(inner), Value::Array(items)) => {
                let integer_enum = enum_of(cx.model, inner).is_some_and(|(_, e)| e.is_integer());
                let (go_ty, render): (&str, fn(&Value) -> String) = match inner.non_null() {
                    _ if integer_enum => ("int64", |v| v.to_string()),
                    TypeRef::Integer(_) => ("int64", |v| v.to_string()),
                    TypeRef::Number(_) => ("float64", |v| v.to_string()),
                    TypeRef::Boolean => ("bool", |v| v.to_string()),
                    _ => ("string", |v| match v {
                        Value::String(s) => string(s),
                        other => string(&other.to_string()),
                    }),
                };
                let items: Vec<String> = items.iter().map(render).collect();
                format!("[]{go_ty}{{{}}}", items.join(", "))
            }
            (_, other) => string(&other.to_string()),
        }
    }

    fn call_expr(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> String {
        let mut args = vec!["ctx".to_string()];
        for (_, v) in &inputs.path {
            args.push(match v {
                Value::String(s) => string(s),
                other => string(&other.to_string()),
            });
        }
        let owner = self.params_type(resource, op);
        let mut fields: Vec<(String, String)> = vec![];
        for (p, v) in &inputs.query {
            fields.push((
                go_name(&p.name),
                self.value(cx, &owner, &p.name, &p.ty, p.required, v),
            ));
        }
        if let Some(body) = &inputs.body {
            for (f, v) in &body.fields {
                fields.push((
                    go_name(&f.name),
                    self.value(
                        cx,
                        &owner,
                        &f.name,
                        &f.ty,
                        f.required && !f.ty.is_nullable(),
                        v,
                    ),
                ));
            }
        }
        // gofmt aligns the values of consecutive key-value lines.
        let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let fields: Vec<String> = fields
            .into_iter()
            .map(|(k, v)| format!("{k}:{}{v}", " ".repeat(width - k.len() + 1)))
            .collect();
        let takes_params =
            op.body.is_some() || op.params.iter().any(|p| p.location != ParamLocation::Path);
        if takes_params {
            let pkg = self.pkg();
            if fields.is_empty() {
                args.push(format!("{pkg}.{owner}{{}}"));
            } else {
                let lines: Vec<String> = fields.iter().map(|f| format!("\t{f},")).collect();
                args.push(format!("{pkg}.{owner}{{\n{}\n}}", lines.join("\n")));
            }
        }
        if client_auth(op) {
            // A request option: the OAuth client's HTTP Basic header, for this call only.
            args.push("option.WithHeader(\"Authorization\", \"Basic \"+credentials)".into());
        }
        let method = if matches!(op.success, Success::Json(_)) && op.pagination.is_some() {
            format!("{}AutoPaging", op.sdk_names.go)
        } else {
            op.sdk_names.go.clone()
        };
        format!(
            "client.{}.{method}({})",
            resource.sdk_names.go,
            args.join(", ")
        )
    }

    /// The statement printing what an example shows of `var`, the result of `op`.
    fn print(&self, cx: &Cx, op: &Operation, var: &str) -> String {
        let path = printed_path(cx.model, op);
        if path.is_empty() {
            format!("fmt.Printf(\"%+v\\n\", {var})")
        } else {
            format!("fmt.Println({})", self.access(var, &path))
        }
    }
}

/// Indents Go code one tab (gofmt style).
fn indent_tabs(code: &str) -> String {
    super::indent_with(code, "\t")
}

impl Variant for Go<'_> {
    fn key(&self) -> &'static str {
        "go"
    }
    fn title(&self) -> &'static str {
        "Go"
    }
    fn sdk(&self) -> Option<&Sdk> {
        Some(self.sdk)
    }

    fn install(&self, _cx: &Cx) -> Vec<(String, String)> {
        vec![("bash".into(), format!("go get {}", self.sdk.package))]
    }

    fn setup(&self, cx: &Cx) -> String {
        format!(
            "import (\n\t\"context\"\n\t\"os\"\n\n\t\"{module}\"\n\t\"{module}/option\"\n)\n\n{}",
            self.client_setup(cx),
            module = self.sdk.package
        )
    }

    fn code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let call = self.call_expr(cx, resource, op, inputs);
        let var = camel(&result_var(cx.model, resource, op));
        let shown = self.print(cx, op, &var);
        let check = "if err != nil {\n\tlog.Fatal(err)\n}";
        let before = super::credentials(cx, op, "//", |env| {
            format!("credentials := base64.StdEncoding.EncodeToString([]byte(os.Getenv(\"{env}_OAUTH_CLIENT_ID\") + \":\" + os.Getenv(\"{env}_OAUTH_CLIENT_SECRET\")))")
        })
        .unwrap_or_default();
        let code = match &op.success {
            Success::Json(_) if op.pagination.is_some() => format!(
                "// Fetches the following pages as needed.\niter := {call}\nfor iter.Next() {{\n\t{var} := iter.Current()\n\t{shown}\n}}\nif err := iter.Err(); err != nil {{\n\tlog.Fatal(err)\n}}"
            ),
            Success::Json(_) => format!("{var}, err := {call}\n{check}\n{shown}"),
            // The SDK returns the body of a redirect or text answer as a `*string`.
            Success::Redirect | Success::Text => format!(
                "{var}, err := {call}\n{check}\nif {var} != nil {{\n\tfmt.Println(*{var})\n}}"
            ),
            _ => format!("err := {call}\n{check}"),
        };
        format!("{before}{code}").into()
    }

    fn error_code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let call = self.call_expr(cx, resource, op, inputs);
        let var = camel(&result_var(cx.model, resource, op));
        let shown = self.print(cx, op, &var);
        let pkg = self.pkg();
        let ErrorWords { env, vendor, reach } = ErrorWords::of(cx);
        format!(
            "{var}, err := {call}\nif err != nil {{\n\tvar apierr *{pkg}.Error\n\tif errors.As(err, &apierr) {{\n\t\tswitch apierr.StatusCode {{\n\t\tcase http.StatusNotFound:\n\t\t\tlog.Fatalf(\"not found: %s\", apierr.Error())\n\t\tcase http.StatusTooManyRequests:\n\t\t\t// 429: slow down; the Retry-After header says for how long.\n\t\t\tlog.Fatalf(\"rate limited; retry after %s seconds\", apierr.Response.Header.Get(\"Retry-After\"))\n\t\tdefault:\n\t\t\t// 400, 401 (check {env}_API_KEY), 403, 422 (check the parameters), 5xx.\n\t\t\tlog.Fatalf(\"{vendor} answered %d: %s\", apierr.StatusCode, apierr.Error())\n\t\t}}\n\t}}\n\t// Network error, or the context's deadline passed, after the SDK's retries.\n\tlog.Fatalf(\"could not reach {reach}; retry later: %v\", err)\n}}\n{shown}"
        )
        .into()
    }

    fn file(&self, cx: &Cx, _stem: &str, doc: &str, code: &Code) -> String {
        let body = &code.body;
        let mut std_imports = vec!["context"];
        for (needle, import) in [
            ("base64.", "encoding/base64"),
            ("errors.", "errors"),
            ("fmt.", "fmt"),
            ("log.", "log"),
            ("http.", "net/http"),
        ] {
            if body.contains(needle) {
                std_imports.push(import);
            }
        }
        std_imports.push("os");
        std_imports.sort();
        let std: Vec<String> = std_imports.iter().map(|i| format!("\t\"{i}\"")).collect();
        let doc = super::line_comments(doc, "//");
        format!(
            "{}\n{doc}package main\n\nimport (\n{}\n\n\t\"{module}\"\n\t\"{module}/option\"\n)\n\nfunc main() {{\n{}\n\n{}\n}}\n",
            header("//", cx.spec_name),
            std.join("\n"),
            indent_tabs(&self.client_setup(cx)),
            indent_tabs(body),
            module = self.sdk.package
        )
    }

    fn example_path(&self, _cx: &Cx, stem: &str) -> String {
        format!("examples/go/{stem}/main.go")
    }

    fn error_name(&self, kind: ErrorKind) -> String {
        let pkg = self.pkg();
        match kind {
            ErrorKind::Connection => "error (net.Error)".into(),
            ErrorKind::Timeout => "context.DeadlineExceeded".into(),
            ErrorKind::OtherStatus => format!("*{pkg}.Error"),
            ErrorKind::InternalServer => format!("*{pkg}.Error, StatusCode >= 500"),
            other => format!("*{pkg}.Error, StatusCode {}", other.status()),
        }
    }

    fn notes(&self, cx: &Cx) -> Vec<String> {
        let tr = cx.tr;
        let pkg = self.pkg();
        let mut notes: Vec<String> = pagination_note(
            cx,
            "go.notes.pagination",
            "Pagination: `List` returns one page (`page.Data`, `page.GetNextPage()`); `ListAutoPaging` returns an iterator (`for iter.Next() { iter.Current() }`, then check `iter.Err()`) that fetches the next page ({page} + 1) when needed.",
        )
        .into_iter()
        .collect();
        notes.push(match self.enum_constant(cx) {
            Some(constant) => tr.f(
                "go.notes.optional",
                "Optional request fields take `{pkg}.String(...)`, `{pkg}.Int(...)`, `{pkg}.Bool(...)`; enum fields take the typed constants ({constant}).",
                &[
                    ("pkg", pkg),
                    ("constant", &crate::encode::markdown_code_span(&constant)),
                ],
            ),
            None => tr.f(
                "go.notes.optional_plain",
                "Optional request fields take `{pkg}.String(...)`, `{pkg}.Int(...)`, `{pkg}.Bool(...)`.",
                &[("pkg", pkg)],
            ),
        });
        // A major version from 2 on is the module path's last segment (`/v4`).
        let version = self.sdk.package.rsplit('/').next().filter(|last| {
            last.strip_prefix('v')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        });
        if let Some(version) = version {
            notes.push(tr.f(
                "go.notes.module",
                "The module path carries the major version (`{version}`); the package name is `{pkg}`.",
                &[("version", &format!("/{version}")), ("pkg", pkg)],
            ));
        }
        notes
    }

    fn param_name(&self, p: &Param) -> String {
        go_name(&p.name)
    }

    fn field_name(&self, f: &Field) -> String {
        go_name(&f.name)
    }

    fn var_name(&self, snake: &str) -> String {
        camel(snake)
    }

    fn call(&self, resource: &Resource, op: &Operation) -> String {
        format!(
            "client.{}.{}(ctx, ...)",
            resource.sdk_names.go, op.sdk_names.go
        )
    }

    fn english(&self, sentence: Sentence) -> &'static str {
        match sentence {
            Sentence::ClientCredentials => "The SDK sends your API key as a Bearer token on every request; send the OAuth client's HTTP Basic header instead, for this call only, with `option.WithHeader(\"Authorization\", \"Basic \"+credentials)`, as the example does.",
            Sentence::Verified => "Every example here is checked in `cargo xtask test`: `gofmt`, `go vet`, `go build`, then run against a mock server of the API with the official module at the pinned version, each request checked. Where the Go module proxy does not serve that version, the examples are compiled against a stand-in with the SDK's names and types instead, not run, and the test run says so.",
            Sentence::Retries => "The SDK retries failed requests twice by default (connection errors, timeouts, 408, 409, 429 and 5xx), waiting as the `Retry-After` header says. Change it with `option.WithMaxRetries(5)` on the client or on one call; bound a call's time with `option.WithRequestTimeout(20 * time.Second)` or the context's deadline.",
        }
    }

    fn run_command(&self, _cx: &Cx, path: &str) -> String {
        let dir = path.trim_end_matches("/main.go");
        format!("go run ./{}", dir.rsplit('/').next().unwrap_or(dir))
    }
}

#[cfg(test)]
mod tests {
    use super::go_name;

    #[test]
    fn go_names() {
        assert_eq!(go_name("client_id"), "ClientID");
        assert_eq!(go_name("page[size]"), "PageSize");
        assert_eq!(
            go_name("filter[allowed_grant_types][contains]"),
            "FilterAllowedGrantTypesContains"
        );
        assert_eq!(go_name("redirect_uri"), "RedirectUri");
        assert_eq!(go_name("jwks_uri"), "JwksUri");
    }
}
