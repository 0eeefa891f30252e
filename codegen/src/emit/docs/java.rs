//! Java: the official SDK (`com.telnyx.sdk:telnyx`; `client.oauthClients().list(params)`), with builder-made
//! params classes (`OAuthClientCreateParams.builder()...build()`) in `com.telnyx.sdk.models.<resource>`.

use std::collections::BTreeSet;

use serde_json::Value;

use super::values::{enum_of, Inputs};
use super::{
    client_auth, header, indent, pagination_note, result_var, summary, Code, Cx, ErrorKind,
    ErrorWords, Sentence, Variant,
};
use crate::encode::{java_str as quoted, javadoc_text};
use crate::model::*;
use crate::names::{camel, pascal, singular};

pub(crate) struct Java<'a> {
    pub sdk: &'a Sdk,
}

/// `CLIENT_CREDENTIALS` for `client_credentials`.
fn constant(value: &str) -> String {
    crate::names::snake(value).to_uppercase()
}

impl Java<'_> {
    fn params_class(&self, resource: &Resource, op: &Operation) -> String {
        format!(
            "{}{}Params",
            pascal(&singular(&resource.name)),
            pascal(&op.method_name)
        )
    }

    fn models_package(&self, resource: &Resource) -> String {
        format!(
            "{}.models.{}",
            self.sdk.import,
            resource.name.replace('_', "")
        )
    }

    fn client_class(&self) -> String {
        format!("{}Client", self.sdk.client)
    }

    fn client_setup(&self) -> String {
        format!(
            "{client} client = {prefix}OkHttpClient.fromEnv();",
            client = self.client_class(),
            prefix = self.sdk.client
        )
    }

    /// The package of the SDK's error classes (`com.telnyx.sdk.errors`).
    fn errors_package(&self) -> String {
        format!("{}.errors", self.sdk.import)
    }

    fn base_imports(&self) -> Vec<String> {
        vec![
            format!("{}.client.{}", self.sdk.import, self.client_class()),
            format!(
                "{}.client.okhttp.{}OkHttpClient",
                self.sdk.import, self.sdk.client
            ),
        ]
    }

    /// A Java value for a JSON value of `ty`, set through the builder of `class` on `field`.
    fn value(
        &self,
        cx: &Cx,
        class: &str,
        field: &str,
        ty: &TypeRef,
        v: &Value,
        imports: &mut BTreeSet<String>,
    ) -> String {
        let integer = TypeRef::Integer(None);
        let ty = match enum_of(cx.model, ty) {
            // Integer enums are plain `long`s in the Java SDK.
            Some((_, e)) if e.is_integer() => &integer,
            Some(_) => {
                if let Value::String(s) = v {
                    return format!("{class}.{}.{}", pascal(field), constant(s));
                }
                ty
            }
            None => ty,
        };
        match (ty.non_null(), v) {
            (TypeRef::Integer(_), Value::Number(n)) => format!("{n}L"),
            (TypeRef::Number(_), Value::Number(n)) => format!("{n}"),
            (TypeRef::Boolean, Value::Bool(b)) => b.to_string(),
            (TypeRef::Array(inner), Value::Array(items)) => {
                imports.insert("java.util.List".into());
                let item_field = singular(field);
                let items: Vec<String> = items
                    .iter()
                    .map(|i| self.value(cx, class, &item_field, inner, i, imports))
                    .collect();
                format!("List.of({})", items.join(", "))
            }
            (_, Value::String(s)) => quoted(s),
            (_, other) => quoted(&other.to_string()),
        }
    }

    /// The call and the imports it needs.
    fn call_expr(
        &self,
        cx: &Cx,
        resource: &Resource,
        op: &Operation,
        inputs: &Inputs,
    ) -> (String, BTreeSet<String>) {
        let mut imports = BTreeSet::new();
        let mut args: Vec<String> = inputs
            .path
            .iter()
            .map(|(_, v)| match v {
                Value::String(s) => quoted(s),
                other => quoted(&other.to_string()),
            })
            .collect();
        let class = self.params_class(resource, op);
        let mut setters: Vec<String> = vec![];
        for (p, v) in &inputs.query {
            setters.push(format!(
                ".{}({})",
                camel(&p.name),
                self.value(cx, &class, &p.name, &p.ty, v, &mut imports)
            ));
        }
        if let Some(body) = &inputs.body {
            for (f, v) in &body.fields {
                setters.push(format!(
                    ".{}({})",
                    camel(&f.name),
                    self.value(cx, &class, &f.name, &f.ty, v, &mut imports)
                ));
            }
        }
        if client_auth(op) {
            // The OAuth client's HTTP Basic header, for this call only (it replaces the API key's).
            setters
                .push(".putAdditionalHeader(\"Authorization\", \"Basic \" + credentials)".into());
        }
        if !setters.is_empty() {
            imports.insert(format!("{}.{class}", self.models_package(resource)));
            let lines: Vec<String> = setters.iter().map(|s| format!("        {s}")).collect();
            args.push(format!(
                "{class}.builder()\n{}\n        .build()",
                lines.join("\n")
            ));
        }
        (
            format!(
                "client.{}().{}({})",
                resource.sdk_names.java,
                op.sdk_names.java,
                args.join(", ")
            ),
            imports,
        )
    }

    fn snippet(
        &self,
        cx: &Cx,
        resource: &Resource,
        op: &Operation,
        inputs: &Inputs,
    ) -> (String, BTreeSet<String>) {
        let (call, mut imports) = self.call_expr(cx, resource, op, inputs);
        let var = camel(&result_var(cx.model, resource, op));
        let shown = self.shown(cx, op, &var);
        let credentials = super::credentials(cx, op, "//", |env| {
            format!("String credentials = Base64.getEncoder().encodeToString(\n        (System.getenv(\"{env}_OAUTH_CLIENT_ID\") + \":\" + System.getenv(\"{env}_OAUTH_CLIENT_SECRET\"))\n                .getBytes(StandardCharsets.UTF_8));")
        });
        if credentials.is_some() {
            imports.insert("java.nio.charset.StandardCharsets".into());
            imports.insert("java.util.Base64".into());
        }
        let before = credentials.unwrap_or_default();
        let code = match &op.success {
            Success::Json(_) if op.pagination.is_some() => format!(
                "var page = {call};\n// Fetches the following pages as needed.\nfor (var {var} : page.autoPager()) {{\n    System.out.println({shown});\n}}"
            ),
            Success::Json(_) => format!("var {var} = {call};\nSystem.out.println({shown});"),
            _ => format!("{call};"),
        };
        (format!("{before}{code}"), imports)
    }
}

impl Variant for Java<'_> {
    fn key(&self) -> &'static str {
        "java"
    }
    fn title(&self) -> &'static str {
        "Java"
    }
    fn sdk(&self) -> Option<&Sdk> {
        Some(self.sdk)
    }

    fn install(&self, _cx: &Cx) -> Vec<(String, String)> {
        let (group, artifact) = self
            .sdk
            .package
            .split_once(':')
            .unwrap_or((&self.sdk.package, ""));
        let version = self
            .sdk
            .tested_version
            .as_deref()
            .unwrap_or("LATEST_VERSION");
        vec![
            (
                "kotlin".into(),
                format!("// build.gradle.kts\nimplementation(\"{group}:{artifact}:{version}\")"),
            ),
            (
                "xml".into(),
                format!("<!-- pom.xml -->\n<dependency>\n  <groupId>{group}</groupId>\n  <artifactId>{artifact}</artifactId>\n  <version>{version}</version>\n</dependency>"),
            ),
        ]
    }

    fn setup(&self, cx: &Cx) -> String {
        let imports: Vec<String> = self
            .base_imports()
            .iter()
            .map(|i| self.import_line(i))
            .collect();
        format!(
            "{}\n\n// Reads {env}_API_KEY (and {env}_BASE_URL) from the environment.\n{}",
            imports.join("\n"),
            self.client_setup(),
            env = cx.model.package.env_prefix
        )
    }

    fn code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let (body, imports) = self.snippet(cx, resource, op, inputs);
        Code {
            imports: imports.into_iter().collect(),
            body,
        }
    }

    fn error_code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code {
        let (call, mut imports) = self.snippet(cx, resource, op, inputs);
        let (e, c) = (self.errors_package(), &self.sdk.client);
        for class in [
            "NotFoundException".to_string(),
            "RateLimitException".into(),
            format!("{c}IoException"),
            format!("{c}ServiceException"),
        ] {
            imports.insert(format!("{e}.{class}"));
        }
        let ErrorWords { env, vendor, reach } = ErrorWords::of(cx);
        let body = format!(
            "try {{\n{}\n}} catch (NotFoundException e) {{\n    System.err.println(\"Not found: \" + e.getMessage());\n}} catch (RateLimitException e) {{\n    // 429: slow down; the Retry-After header says for how long.\n    System.err.println(\"Rate limited: \" + e.getMessage());\n}} catch ({c}ServiceException e) {{\n    // Any other error status: 400, 401 (check {env}_API_KEY), 403, 422 (check the parameters), 5xx.\n    System.err.println(\"{vendor} answered \" + e.statusCode() + \": \" + e.getMessage());\n}} catch ({c}IoException e) {{\n    // Network error or timeout, after the SDK's retries.\n    System.err.println(\"Could not reach {reach}; retry later: \" + e.getMessage());\n}}",
            indent(&call, 4)
        );
        Code {
            imports: imports.into_iter().collect(),
            body,
        }
    }

    /// `class` is the example's class.
    fn file(&self, cx: &Cx, class: &str, doc: &str, code: &Code) -> String {
        let mut imports: BTreeSet<String> = self.base_imports().into_iter().collect();
        imports.extend(code.imports.iter().cloned());
        let imports: Vec<String> = imports.iter().map(|i| self.import_line(i)).collect();
        format!(
            "{}\n{}\n\n/** {doc} */\npublic final class {class} {{\n    public static void main(String[] args) {{\n{}\n\n{}\n    }}\n}}\n",
            header("//", cx.spec_name),
            imports.join("\n"),
            indent(&self.client_setup(), 8),
            indent(&code.body, 8)
        )
    }

    /// The example's class (`OAuthClientsList`): its file's name.
    fn stem(&self, resource: &Resource, op: &Operation) -> String {
        format!("{}{}", pascal(&resource.name), pascal(&op.method_name))
    }

    fn error_stem(&self) -> &'static str {
        "ErrorHandling"
    }

    fn example_path(&self, _cx: &Cx, class: &str) -> String {
        format!("examples/java/{class}.java")
    }

    fn import_line(&self, import: &str) -> String {
        format!("import {import};")
    }

    fn op_title(&self, op: &Operation) -> String {
        format!(
            "{}: {{@code {} {}}}.",
            javadoc_text(summary(op)),
            op.http_method,
            javadoc_text(&op.path)
        )
    }

    /// Java examples are classes whose run command the docs give once: the comment is the title.
    fn doc(&self, title: &str, _run: &str) -> String {
        title.to_string()
    }

    fn error_name(&self, kind: ErrorKind) -> String {
        let name = match kind {
            ErrorKind::BadRequest => "BadRequestException",
            ErrorKind::Authentication => "UnauthorizedException",
            ErrorKind::PermissionDenied => "PermissionDeniedException",
            ErrorKind::NotFound => "NotFoundException",
            ErrorKind::Conflict => "UnexpectedStatusCodeException",
            ErrorKind::UnprocessableEntity => "UnprocessableEntityException",
            ErrorKind::RateLimit => "RateLimitException",
            ErrorKind::InternalServer => "InternalServerException",
            ErrorKind::OtherStatus => "UnexpectedStatusCodeException",
            ErrorKind::Connection | ErrorKind::Timeout => {
                return format!("{}IoException", self.sdk.client)
            }
        };
        name.to_string()
    }

    fn notes(&self, cx: &Cx) -> Vec<String> {
        let tr = cx.tr;
        let mut notes: Vec<String> = pagination_note(
            cx,
            "java.notes.pagination",
            "Pagination: `list` returns one page (its items in `data()`); `page.autoPager()` walks every item, fetching the following pages ({page} + 1) as needed, and `page.hasNextPage()` / `page.nextPage()` go one page at a time.",
        )
        .into_iter()
        .collect();
        notes.extend([
            tr.f(
                "java.notes.errors",
                "Error classes live in `{errors}`; every error status is a `{client}ServiceException` (with `statusCode()` and `headers()`), network failures are `{client}IoException`.",
                &[("errors", &self.errors_package()), ("client", &self.sdk.client)],
            ),
            tr.s(
                "java.notes.optional",
                "Fields the API may leave out are returned as `Optional`, the `data` envelope of a response included (`response.data().orElseThrow()`). The SDK runs on Java 8 or later; these examples use `var`, so they need Java 10 or later.",
            ),
        ]);
        notes
    }

    fn param_name(&self, p: &Param) -> String {
        camel(&p.name)
    }

    fn field_name(&self, f: &Field) -> String {
        camel(&f.name)
    }

    fn var_name(&self, snake: &str) -> String {
        camel(snake)
    }

    fn access(&self, var: &str, path: &[&Field]) -> String {
        let mut s = var.to_string();
        for (i, f) in path.iter().enumerate() {
            s.push_str(&format!(".{}()", camel(&f.name)));
            // The SDK returns what the API may leave out as `Optional`, the `data` envelope
            // included (the API's description may not require it).
            let optional = !f.required || f.ty.is_nullable() || f.name == "data";
            if optional && i + 1 < path.len() {
                s.push_str(".orElseThrow()");
            }
        }
        s
    }

    fn call(&self, resource: &Resource, op: &Operation) -> String {
        format!(
            "client.{}().{}(...)",
            resource.sdk_names.java, op.sdk_names.java
        )
    }

    fn english(&self, sentence: Sentence) -> &'static str {
        match sentence {
            Sentence::ClientCredentials => "The SDK sends your API key as a Bearer token on every request; send the OAuth client's HTTP Basic header instead, for this call only, with `.putAdditionalHeader(\"Authorization\", \"Basic \" + credentials)` on the params builder, as the example does.",
            Sentence::Verified => "Every example here is checked in `cargo xtask test`: compiled with `javac`, then run against a mock server of the API with the official artifact at the pinned version (resolved by Maven), each request checked. Where Maven Central does not serve that version, the examples are compiled against stand-in classes with the SDK's names and signatures instead, not run, and the test run says so.",
            Sentence::Retries => "The SDK retries failed requests twice by default (connection errors, timeouts, 408, 409, 429 and 5xx), waiting as the `Retry-After` header says. Change it with `{client}OkHttpClient.builder().fromEnv().maxRetries(5).build()`; the timeout (60 s by default) with `.timeout(Duration.ofSeconds(20))`.",
        }
    }

    fn run_command(&self, _cx: &Cx, path: &str) -> String {
        super::run_file("java", path)
    }
}
