//! The docs emitter: from the resolved model, one doc per language variant in the shape of a
//! `SKILL.md` (front matter, installation, setup, error handling, notes, one section per operation)
//! with `references/api-details.md` (every request and response schema), a translation of both per
//! catalog in `i18n/` beside the spec, and every code block as a runnable file.
//!
//! Layout (relative to the output folder):
//! - `docs/<name>-<variant>/SKILL.md`, `.../references/api-details.md`, and `SKILL.<lang>.md`,
//!   `api-details.<lang>.md` per catalog;
//! - `examples/<variant>/...`: one file per operation plus `error_handling`, and a README;
//! - Rust examples are cargo examples of the generated crate: `<crate>/examples/*.rs`.
//!
//! Variants: `rust` (the generated crate), `curl`, and one per official SDK the resource map lists
//! (`python`, `javascript`, `go`, `java`, `ruby`). Each lives in its own module behind [`Variant`];
//! this module renders what they share.

pub mod i18n;
pub mod values;

mod curl;
mod go;
mod java;
mod javascript;
mod markdown;
mod python;
mod ruby;
mod rust;

use std::collections::BTreeSet;

use super::Emitted;
use crate::diagnostic::Diagnostic;
use crate::files::GENERATED_MARKER;
use crate::model::*;

use i18n::{Catalog, Translator};
use values::Inputs;

/// How complete one catalog is for the docs generated from this model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TranslationReport {
    /// The language (`zh`).
    pub lang: String,
    /// Ids the docs look up.
    pub used: BTreeSet<String>,
    /// Ids used but not in the catalog (English was used instead).
    pub missing: BTreeSet<String>,
    /// Ids in the catalog that nothing uses any more.
    pub unused: BTreeSet<String>,
    /// Spec prose (JSON pointers) whose entry translates English the spec no longer says
    /// (English was used instead).
    pub stale: BTreeSet<String>,
    /// The English of every used id (and spec pointer).
    pub english: std::collections::BTreeMap<String, String>,
}

/// One runnable example, for tools that run them (`cargo xtask test`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleInfo {
    /// The variant (`python`, `curl`, `rust`, ...).
    pub variant: String,
    /// Path relative to the output folder (`examples/python/oauth_clients_list.py`).
    pub path: String,
    /// The operation it calls, or `None` for the error-handling example.
    pub operation_id: Option<String>,
    /// The operation's HTTP method (upper case), if any.
    pub http_method: Option<String>,
    /// The path template it calls (`/oauth_clients/{id}`), if any.
    pub path_template: Option<String>,
    /// Where the operation is served.
    pub server: Option<ServerChoice>,
}

/// Every doc and example for `model`, in English and in the language of each of `catalogs`, with
/// what each translation used and missed (also told in the notes).
pub fn emit_docs(
    model: &ApiModel,
    catalogs: &[Catalog],
    spec_name: &str,
) -> Result<(Emitted, Vec<TranslationReport>), Diagnostic> {
    let mut files = Emitted::default();
    let variants = variants(model);
    let mut translations = vec![];

    let english = Translator::english();
    for v in &variants {
        let cx = Cx {
            model,
            tr: &english,
            spec_name,
        };
        let docs = format!("docs/{}-{}", model.docs.name, v.key());
        files.insert(format!("{docs}/SKILL.md"), markdown::skill(&cx, v.as_ref()));
        files.insert(
            format!("{docs}/references/api-details.md"),
            markdown::api_details(&cx, v.as_ref()),
        );
        for example in all_examples(&cx, v.as_ref()) {
            files.insert(example.path.clone(), example.file.clone());
        }
        let readme = markdown::examples_readme(&cx, v.as_ref());
        files.insert(format!("examples/{}/README.md", v.key()), readme);
    }

    for catalog in catalogs {
        let tr = Translator::new(catalog);
        let cx = Cx {
            model,
            tr: &tr,
            spec_name,
        };
        let lang = &catalog.lang;
        for v in &variants {
            let docs = format!("docs/{}-{}", model.docs.name, v.key());
            files.insert(
                format!("{docs}/SKILL.{lang}.md"),
                markdown::skill(&cx, v.as_ref()),
            );
            files.insert(
                format!("{docs}/references/api-details.{lang}.md"),
                markdown::api_details(&cx, v.as_ref()),
            );
        }
        let t = TranslationReport {
            lang: lang.clone(),
            used: tr.used(),
            missing: tr.missing(),
            unused: tr.unused(),
            stale: tr.stale(),
            english: tr.english_of_used(),
        };
        if !t.missing.is_empty() {
            files.notes.push(format!(
                "docs ({lang}): {} ids have no translation in i18n/{lang}.yaml, English is used: {}",
                t.missing.len(),
                t.missing.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        if !t.stale.is_empty() {
            files.notes.push(format!(
                "docs ({lang}): {} entries of i18n/{lang}.yaml translate English the spec no longer says (update `en` and `text`), English is used: {}",
                t.stale.len(),
                t.stale.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        if !t.unused.is_empty() {
            files.notes.push(format!(
                "docs ({lang}): {} ids in i18n/{lang}.yaml are no longer used (remove them): {}",
                t.unused.len(),
                t.unused.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        translations.push(t);
    }
    Ok((files, translations))
}

/// Every runnable example the docs of `model` come with (what `emit_docs` writes, without text).
pub fn example_index(model: &ApiModel) -> Vec<ExampleInfo> {
    let english = Translator::english();
    let cx = Cx {
        model,
        tr: &english,
        spec_name: "",
    };
    let mut out = vec![];
    for v in variants(model) {
        for example in all_examples(&cx, v.as_ref()) {
            let op = example.operation;
            out.push(ExampleInfo {
                variant: v.key().to_string(),
                path: example.path,
                operation_id: op.map(|o| o.id.clone()),
                http_method: op.map(|o| o.http_method.clone()),
                path_template: op.map(|o| o.path.clone()),
                server: op.map(|o| o.server.clone()),
            });
        }
    }
    out
}

/// The variants for `model`: Rust, then each official SDK the map lists, then curl.
fn variants(model: &ApiModel) -> Vec<Box<dyn Variant + '_>> {
    let mut out: Vec<Box<dyn Variant>> = vec![Box::new(rust::Rust)];
    for sdk in &model.sdks {
        out.push(match sdk.language {
            SdkLanguage::Python => Box::new(python::Python { sdk }),
            SdkLanguage::JavaScript => Box::new(javascript::JavaScript { sdk }),
            SdkLanguage::Go => Box::new(go::Go { sdk }),
            SdkLanguage::Java => Box::new(java::Java { sdk }),
            SdkLanguage::Ruby => Box::new(ruby::Ruby { sdk }),
        });
    }
    out.push(Box::new(curl::Curl));
    out
}

/// The examples of one variant: one per operation, then error handling.
fn all_examples<'m>(cx: &Cx<'m>, v: &dyn Variant) -> Vec<Example<'m>> {
    let mut out = vec![];
    for (resource, op) in cx.model.operations() {
        let inputs = Inputs::of(cx.model, op);
        out.push(v.example(cx, resource, op, &inputs));
    }
    if let Some(e) = v.error_example(cx, error_target(cx.model)) {
        out.push(e);
    }
    out
}

/// The operation the error-handling example calls: the first one with path parameters that can
/// answer 404, else the first that takes nothing.
pub(crate) fn error_target(model: &ApiModel) -> Option<(&Resource, &Operation)> {
    let ops: Vec<(&Resource, &Operation)> = model.operations().collect();
    ops.iter()
        .find(|(_, o)| {
            o.params.iter().any(|p| p.location == ParamLocation::Path)
                && o.http_method == "GET"
                && matches!(o.success, Success::Json(_))
                && o.responses
                    .iter()
                    .any(|r| r.status == StatusSpec::Code(404))
        })
        .or_else(|| {
            ops.iter().find(|(_, o)| {
                o.http_method == "GET"
                    && o.body.is_none()
                    && !o.params.iter().any(|p| p.required)
                    && matches!(o.success, Success::Json(_))
            })
        })
        .copied()
}

/// What a variant renders with.
pub(crate) struct Cx<'a> {
    pub model: &'a ApiModel,
    pub tr: &'a Translator<'a>,
    pub spec_name: &'a str,
}

/// One runnable example: the snippet the doc shows, and the file that runs it.
#[derive(Debug, Clone)]
pub(crate) struct Example<'m> {
    /// The operation it calls (`None`: error handling).
    pub operation: Option<&'m Operation>,
    /// What the doc shows (the call, after the setup the doc shows once).
    pub snippet: String,
    /// Path of the runnable file, relative to the output folder.
    pub path: String,
    /// The runnable file.
    pub file: String,
}

/// The error categories every SDK distinguishes, in the order docs list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    BadRequest,
    Authentication,
    PermissionDenied,
    NotFound,
    Conflict,
    UnprocessableEntity,
    RateLimit,
    InternalServer,
    OtherStatus,
    Connection,
    Timeout,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::BadRequest,
        ErrorKind::Authentication,
        ErrorKind::PermissionDenied,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::UnprocessableEntity,
        ErrorKind::RateLimit,
        ErrorKind::InternalServer,
        ErrorKind::OtherStatus,
        ErrorKind::Connection,
        ErrorKind::Timeout,
    ];

    /// The status (or class) it stands for, as docs show it.
    pub fn status(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "400",
            ErrorKind::Authentication => "401",
            ErrorKind::PermissionDenied => "403",
            ErrorKind::NotFound => "404",
            ErrorKind::Conflict => "409",
            ErrorKind::UnprocessableEntity => "422",
            ErrorKind::RateLimit => "429",
            ErrorKind::InternalServer => ">= 500",
            ErrorKind::OtherStatus => "other 4xx",
            ErrorKind::Connection => "-",
            ErrorKind::Timeout => "-",
        }
    }

    /// The kind of an HTTP status.
    pub fn of_status(status: u16) -> ErrorKind {
        match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            422 => ErrorKind::UnprocessableEntity,
            429 => ErrorKind::RateLimit,
            s if s >= 500 => ErrorKind::InternalServer,
            _ => ErrorKind::OtherStatus,
        }
    }
}

/// A language variant of the docs.
pub(crate) trait Variant {
    /// `python`: folder names and `metadata.language`.
    fn key(&self) -> &'static str;
    /// `Python`.
    fn title(&self) -> &'static str;
    /// The code fence language: the key, unless it says otherwise.
    fn fence(&self) -> &'static str {
        self.key()
    }
    /// The official SDK, if the variant shows one.
    fn sdk(&self) -> Option<&Sdk> {
        None
    }
    /// Installation: shell commands (and, for some, a manifest snippet: `(fence, code)`).
    fn install(&self, cx: &Cx) -> Vec<(String, String)>;
    /// The client set-up every example starts with.
    fn setup(&self, cx: &Cx) -> String;
    /// The code of the example of one operation.
    fn code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code;
    /// The code of the error-handling example, calling `op` with `inputs`.
    fn error_code(&self, cx: &Cx, resource: &Resource, op: &Operation, inputs: &Inputs) -> Code;
    /// The runnable file of an example: `doc` (title and `Run:` line) as its comment, the set-up,
    /// then `code`. `stem` is the example's [`Variant::stem`] (or [`Variant::error_stem`]).
    fn file(&self, cx: &Cx, stem: &str, doc: &str, code: &Code) -> String;
    /// The name an example file is derived from (`oauth_clients_list`).
    fn stem(&self, resource: &Resource, op: &Operation) -> String {
        file_stem(resource, op)
    }
    /// The stem of the error-handling example.
    fn error_stem(&self) -> &'static str {
        "error_handling"
    }
    /// Path of the example file of `stem`, relative to the output folder.
    fn example_path(&self, cx: &Cx, stem: &str) -> String;
    /// An import as the doc shows it above the code (`import java.util.List;`).
    fn import_line(&self, import: &str) -> String {
        import.to_string()
    }
    /// The first line of an example's comment: what it calls.
    fn op_title(&self, op: &Operation) -> String {
        format!("{}: {} {}", summary(op), op.http_method, op.path)
    }
    /// The first line of the error-handling example's comment.
    fn error_title(&self) -> &'static str {
        "Error handling: every kind of failure a call can end in."
    }
    /// How to run the example at `path` calling `op` (`None`: error handling) whose code is
    /// `code`: `Run: ` with the variables it reads, then [`Variant::run_command`].
    fn run_line(&self, cx: &Cx, op: Option<&Operation>, _code: &str, path: &str) -> String {
        format!("Run: {} {}", run_vars(cx, op), self.run_command(cx, path))
    }
    /// An example's comment from its title and `Run:` line.
    fn doc(&self, title: &str, run: &str) -> String {
        format!("{title}\n{run}")
    }
    /// The example of one operation.
    fn example<'m>(
        &self,
        cx: &Cx<'m>,
        resource: &'m Resource,
        op: &'m Operation,
        inputs: &Inputs<'m>,
    ) -> Example<'m> {
        let code = self.code(cx, resource, op, inputs);
        let title = self.op_title(op);
        example_of(self, cx, Some(op), &self.stem(resource, op), &title, code)
    }
    /// The error-handling example (calling `target`).
    fn error_example<'m>(
        &self,
        cx: &Cx<'m>,
        target: Option<(&'m Resource, &'m Operation)>,
    ) -> Option<Example<'m>> {
        let (resource, op) = target?;
        let inputs = Inputs::of(cx.model, op);
        let code = self.error_code(cx, resource, op, &inputs);
        let (stem, title) = (self.error_stem(), self.error_title());
        Some(example_of(self, cx, None, stem, title, code))
    }
    /// How the variant reports each kind of error (`telnyx.NotFoundError` in Python).
    fn error_name(&self, kind: ErrorKind) -> String;
    /// Bullets of "Important Notes" (already translated).
    fn notes(&self, cx: &Cx) -> Vec<String>;
    /// A parameter's name in this variant (`page_size`, `'page[size]'`, `PageSize`).
    fn param_name(&self, p: &Param) -> String;
    /// A body field's name in this variant.
    fn field_name(&self, f: &Field) -> String;
    /// A variable name in this variant's style, from a snake_case one.
    fn var_name(&self, snake: &str) -> String {
        snake.to_string()
    }
    /// How code reads the fields at `path` from the value `var` (`var.data.name`).
    fn access(&self, var: &str, path: &[&Field]) -> String {
        let mut s = var.to_string();
        for f in path {
            s.push('.');
            s.push_str(&self.field_name(f));
        }
        s
    }
    /// What an example prints of `var`, the result of `op`: the fields [`printed_path`] reads
    /// through, or the whole value.
    fn shown(&self, cx: &Cx, op: &Operation, var: &str) -> String {
        let path = printed_path(cx.model, op);
        if path.is_empty() {
            var.to_string()
        } else {
            self.access(var, &path)
        }
    }
    /// The call, for the operations index (`client.oauth_clients.list()`).
    fn call(&self, resource: &Resource, op: &Operation) -> String {
        let (resource, method) = match self.sdk() {
            Some(sdk) => (
                resource.sdk_names.get(sdk.language),
                op.sdk_names.get(sdk.language),
            ),
            None => (resource.name.as_str(), op.method_name.as_str()),
        };
        format!("client.{resource}.{method}{}", args_hint(op))
    }
    /// The English of one of the sentences every variant says its own way (`{package}` stands
    /// for the SDK's package, `{client}` for its client name, `{env}` for the environment
    /// variables' prefix).
    fn english(&self, sentence: Sentence) -> &'static str;
    /// What this variant needs to send client credentials, for operations that take them.
    fn client_credentials_hint(&self, cx: &Cx) -> String {
        say(self, cx, Sentence::ClientCredentials)
    }
    /// How the examples of this variant are verified (one sentence, translated).
    fn verified(&self, cx: &Cx) -> String {
        say(self, cx, Sentence::Verified)
    }
    /// Environment variables the variant reads: (name, meaning), translated.
    fn env_vars(&self, cx: &Cx) -> Vec<(String, String)> {
        vec![api_key_var(cx), base_url_var(cx)]
    }
    /// Retry and timeout behaviour and how to change it (translated).
    fn retries(&self, cx: &Cx) -> String {
        say(self, cx, Sentence::Retries)
    }
    /// The shell command that runs one example file (`python examples/python/x.py`).
    fn run_command(&self, cx: &Cx, path: &str) -> String;
}

/// A sentence every variant says its own way ([`Variant::english`]), translated as
/// `<variant>.<id>` (`python.retries`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sentence {
    /// What the variant needs to send client credentials, for operations that take them.
    ClientCredentials,
    /// How its examples are verified.
    Verified,
    /// Retry and timeout behaviour and how to change it.
    Retries,
}

impl Sentence {
    fn id(self) -> &'static str {
        match self {
            Sentence::ClientCredentials => "client_credentials",
            Sentence::Verified => "verified",
            Sentence::Retries => "retries",
        }
    }
}

/// `sentence` of `v`, translated.
fn say<V: Variant + ?Sized>(v: &V, cx: &Cx, sentence: Sentence) -> String {
    let package = v.sdk().map_or("", |sdk| sdk.package.as_str());
    let client = v.sdk().map_or("", |sdk| sdk.client.as_str());
    cx.tr.f(
        &format!("{}.{}", v.key(), sentence.id()),
        v.english(sentence),
        &[
            ("package", package),
            ("client", client),
            ("env", &cx.model.package.env_prefix),
        ],
    )
}

/// The words the SDKs' error-handling examples fill in.
pub(crate) struct ErrorWords<'m> {
    /// The environment variables' prefix (`{env}_API_KEY`).
    pub env: &'m str,
    /// Who runs the API at the start of a sentence (`Telnyx answered 404`, `The API answered`).
    pub vendor: String,
    /// Who runs the API inside a sentence (`could not reach Telnyx`, `the API`).
    pub reach: String,
}

impl<'m> ErrorWords<'m> {
    /// The words for `cx`'s API: `docs.vendor` of the map, else "the API".
    pub fn of(cx: &Cx<'m>) -> ErrorWords<'m> {
        let (vendor, reach) = match &cx.model.docs.vendor {
            Some(vendor) => (vendor.clone(), vendor.clone()),
            None => ("The API".into(), "the API".into()),
        };
        ErrorWords {
            env: &cx.model.package.env_prefix,
            vendor,
            reach,
        }
    }
}

/// The pagination the notes describe: the first paginated list's (the notes of every variant
/// are shared), if any operation is paginated.
pub(crate) fn pagination<'m>(cx: &Cx<'m>) -> Option<&'m Pagination> {
    cx.model
        .operations()
        .find_map(|(_, o)| o.pagination.as_ref())
}

/// The pagination note `id` (`english`, where `{page}` stands for the page-number parameter and
/// `{total}` for the field counting the pages), translated, when the API has paginated lists.
pub(crate) fn pagination_note(cx: &Cx, id: &str, english: &str) -> Option<String> {
    let p = pagination(cx)?;
    let code = crate::encode::markdown_code_span;
    let total = code(&format!("{}.{}", p.meta_field, p.total_pages_field));
    Some(cx.tr.f(
        id,
        english,
        &[("page", &code(&p.page_param)), ("total", &total)],
    ))
}

/// How to run the example file at `path` with `tool`: `python oauth_clients_list.py`, in the
/// example's folder.
pub(crate) fn run_file(tool: &str, path: &str) -> String {
    format!("{tool} {}", path.rsplit('/').next().unwrap_or(path))
}

/// The code of an example: the lines it imports (shown above it in the doc), and the code itself.
#[derive(Debug, Clone, Default)]
pub(crate) struct Code {
    /// What the code imports, in the order the doc shows them (empty for most languages).
    pub imports: Vec<String>,
    /// The code, after the set-up the doc shows once.
    pub body: String,
}

impl From<String> for Code {
    fn from(body: String) -> Code {
        Code {
            imports: vec![],
            body,
        }
    }
}

/// An example of `v`, calling `op` (`None`: error handling), from its code.
fn example_of<'m, V: Variant + ?Sized>(
    v: &V,
    cx: &Cx,
    op: Option<&'m Operation>,
    stem: &str,
    title: &str,
    code: Code,
) -> Example<'m> {
    let path = v.example_path(cx, stem);
    let doc = v.doc(title, &v.run_line(cx, op, &code.body, &path));
    let snippet = if code.imports.is_empty() {
        code.body.clone()
    } else {
        let imports: Vec<String> = code.imports.iter().map(|i| v.import_line(i)).collect();
        format!("{}\n\n{}", imports.join("\n"), code.body)
    };
    Example {
        operation: op,
        file: v.file(cx, stem, &doc, &code),
        snippet,
        path,
    }
}

/// What an operation is, as examples name it: its summary, else its id.
pub(crate) fn summary(op: &Operation) -> &str {
    op.summary.as_deref().unwrap_or(&op.id).trim()
}

/// The error class the SDKs made alike (Python, JavaScript, Ruby) name each kind of error with,
/// but for the two they name each their own way.
pub(crate) fn sdk_error_class(
    kind: ErrorKind,
    other_status: &'static str,
    timeout: &'static str,
) -> &'static str {
    match kind {
        ErrorKind::BadRequest => "BadRequestError",
        ErrorKind::Authentication => "AuthenticationError",
        ErrorKind::PermissionDenied => "PermissionDeniedError",
        ErrorKind::NotFound => "NotFoundError",
        ErrorKind::Conflict => "ConflictError",
        ErrorKind::UnprocessableEntity => "UnprocessableEntityError",
        ErrorKind::RateLimit => "RateLimitError",
        ErrorKind::InternalServer => "InternalServerError",
        ErrorKind::OtherStatus => other_status,
        ErrorKind::Connection => "APIConnectionError",
        ErrorKind::Timeout => timeout,
    }
}

/// The API key's environment variable, as every variant reads it.
pub(crate) fn api_key_var(cx: &Cx) -> (String, String) {
    let meaning = match &cx.model.docs.api_key_source {
        Some(source) => cx.tr.f(
            "env.api_key",
            "Your API key ({source}), sent as `Authorization: Bearer`.",
            &[("source", &cx.tr.s("docs.api_key_source", source))],
        ),
        None => cx.tr.s(
            "env.api_key_plain",
            "Your API key, sent as `Authorization: Bearer`.",
        ),
    };
    (format!("{}_API_KEY", cx.model.package.env_prefix), meaning)
}

/// The base URL's environment variable.
pub(crate) fn base_url_var(cx: &Cx) -> (String, String) {
    (
        format!("{}_BASE_URL", cx.model.package.env_prefix),
        cx.tr.f(
            "env.base_url",
            "Overrides the base URL `{url}` (a proxy or a mock server).",
            &[("url", cx.model.default_server.as_deref().unwrap_or(""))],
        ),
    )
}

/// The OAuth client's id and secret variables, meaning what the variant does with them (`id` and
/// `english`: the translated sentence).
pub(crate) fn client_credentials_vars(cx: &Cx, id: &str, english: &str) -> (String, String) {
    let env = &cx.model.package.env_prefix;
    (
        format!("{env}_CLIENT_ID`, `{env}_CLIENT_SECRET"),
        cx.tr.s(id, english),
    )
}

/// The environment variables the official SDKs that fetch access tokens themselves read.
pub(crate) fn sdk_env_vars(cx: &Cx) -> Vec<(String, String)> {
    vec![
        api_key_var(cx),
        base_url_var(cx),
        client_credentials_vars(
            cx,
            "env.client_credentials",
            "When both are set, the SDK gets an OAuth access token with them (client credentials grant) and uses it instead of the API key.",
        ),
    ]
}

/// The file header carrying [`GENERATED_MARKER`], as a comment in `prefix` syntax (`spec_name`
/// went through [`crate::encode::header_text`] in `generate`).
pub(crate) fn header(prefix: &str, spec_name: &str) -> String {
    format!("{prefix} {GENERATED_MARKER} from `{spec_name}`; do not edit by hand.\n")
}

/// Whether an example of `op` authenticates the OAuth client itself (HTTP Basic with its id and
/// secret): the operation's first scheme is client credentials. The official SDKs send the API key
/// on every request, so their examples add this header to the one call.
pub(crate) fn client_auth(op: &Operation) -> bool {
    op.security.schemes.first() == Some(&AuthKind::ClientBasic)
}

/// The variables a `Run:` line names for an example of `op` (every one the example reads). The
/// OAuth client's id and secret are read from `{env}_OAUTH_CLIENT_*`, not the `{env}_CLIENT_*`
/// the Python and JavaScript SDKs read themselves to fetch access tokens on their own.
pub(crate) fn run_vars(cx: &Cx, op: Option<&Operation>) -> String {
    let env = &cx.model.package.env_prefix;
    let mut vars = format!("{env}_API_KEY=...");
    if op.is_some_and(client_auth) {
        vars.push_str(&format!(
            " {env}_OAUTH_CLIENT_ID=... {env}_OAUTH_CLIENT_SECRET=..."
        ));
    }
    vars
}

/// For an example of `op` that authenticates the OAuth client itself ([`client_auth`]): the code
/// that builds its HTTP Basic credentials (`build`, given the variables' prefix), after a comment
/// saying why, each line of it starting with `comment` (`#`, `//`).
pub(crate) fn credentials(
    cx: &Cx,
    op: &Operation,
    comment: &str,
    build: impl Fn(&str) -> String,
) -> Option<String> {
    if !client_auth(op) {
        return None;
    }
    let env = &cx.model.package.env_prefix;
    Some(format!(
        "{comment} The OAuth client authenticates itself (HTTP Basic with its id and secret), not the API key.\n{comment} (Not {env}_CLIENT_ID and _SECRET: with those set, the SDK fetches access tokens by itself.)\n{}\n",
        build(env)
    ))
}

/// The variable an example binds a call's result to (`oauth_client`, `response`), in snake_case.
pub(crate) fn result_var(model: &ApiModel, resource: &Resource, op: &Operation) -> String {
    match &op.success {
        Success::Json(_) if op.pagination.is_some() => {
            crate::names::snake(&crate::names::singular(&resource.name))
        }
        Success::Json(ty) => {
            let wrapped = values::struct_of(model, ty)
                .is_some_and(|s| s.fields.iter().any(|f| f.name == "data"));
            let singular = crate::names::snake(&crate::names::singular(&resource.name));
            if wrapped && singular != resource.name {
                singular
            } else {
                "response".into()
            }
        }
        _ => "response".into(),
    }
}

/// What an example prints: the fields from the result to one scalar worth showing (through
/// required fields only; the last may be optional), or nothing (print the whole result).
pub(crate) fn printed_path<'m>(model: &'m ApiModel, op: &'m Operation) -> Vec<&'m Field> {
    let ty = match (&op.success, &op.pagination) {
        // A paginated response enum is matched on, not printed through.
        (Success::Json(_), Some(p)) => &p.item_type,
        (Success::Json(t), None) => t,
        _ => return vec![],
    };
    let Some(s) = values::struct_of(model, ty) else {
        return vec![];
    };
    // Reading a deprecated field would make the example warn.
    let scalar = |f: &&Field| {
        !f.deprecated
            && (matches!(
                f.ty.non_null(),
                TypeRef::String(_) | TypeRef::Integer(_) | TypeRef::Boolean
            ) || values::enum_of(model, &f.ty).is_some())
    };
    // `data` wrapper: one level down.
    if op.pagination.is_none() {
        if let Some(data) = s
            .fields
            .iter()
            .find(|f| f.name == "data" && f.required && !f.ty.is_nullable())
        {
            if let Some(inner) = values::struct_of(model, &data.ty) {
                if let Some(f) = inner
                    .fields
                    .iter()
                    .filter(|f| f.required && !f.ty.is_nullable())
                    .find(scalar)
                {
                    return vec![data, f];
                }
            }
            return vec![];
        }
    }
    if let Some(f) = s
        .fields
        .iter()
        .filter(|f| f.required && !f.ty.is_nullable())
        .find(scalar)
    {
        return vec![f];
    }
    s.fields.iter().find(scalar).into_iter().collect()
}

/// `text` as line comments starting with `prefix` (`#`, `//`), each line ended.
pub(crate) fn line_comments(text: &str, prefix: &str) -> String {
    crate::encode::comment_lines(text)
        .iter()
        .map(|l| format!("{prefix} {l}\n"))
        .collect()
}

/// Indents every non-empty line of `code` by `n` spaces.
pub(crate) fn indent(code: &str, n: usize) -> String {
    indent_with(code, &" ".repeat(n))
}

/// Puts `pad` before every non-empty line of `code`.
pub(crate) fn indent_with(code: &str, pad: &str) -> String {
    code.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `(...)` when a call takes arguments, else `()`, for the operations index.
pub(crate) fn args_hint(op: &Operation) -> &'static str {
    if op.params.is_empty() && op.body.is_none() {
        "()"
    } else {
        "(...)"
    }
}

/// The example file name of an operation: `<resource>_<method>`.
pub(crate) fn file_stem(resource: &Resource, op: &Operation) -> String {
    format!("{}_{}", resource.name, op.method_name.trim_end_matches('_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indenting() {
        assert_eq!(indent("a\n\nb", 2), "  a\n\n  b");
    }

    /// Another API, with its own SDKs' names and environment variables: a spec and a map that
    /// never say Telnyx.
    const OTHER_MAP: &str = r#"
package: {crate_name: acme-shop, env_prefix: ACME}
auth: {client: client_basic}
sdks:
  python: {package: acme-sdk, import: acme, client: Acme}
  javascript: {package: acme-node, import: acme, client: Acme}
  go: {package: github.com/acme/acme-go/v2, import: acme, client: acme}
  java: {package: "com.acme.api:acme-java", import: com.acme.api, client: Acme}
  ruby: {package: acme-ruby, import: acme, client: Acme}
docs: {name: acme-shop, title: Acme Shop, author: acme, product: shop, summary: Run the shop., vendor: Acme Corp}
"#;

    /// The files generated for the fixture spec with `map`, and the Chinese catalog of the Telnyx
    /// docs (without its translations of the Telnyx map's own words, which another map replaces).
    fn generate_other(map: &str) -> crate::Generation {
        let catalog: String = include_str!("../../../../spec/i18n/zh.yaml")
            .lines()
            .filter(|l| !l.starts_with("  docs."))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut inputs = crate::Inputs::new(crate::InputFile::new(
            "bodies_and_statuses.yaml",
            include_str!("../../../../tests/fixtures/specs/bodies_and_statuses.yaml"),
        ));
        inputs.resource_map = Some(crate::InputFile::new("sdk.yaml", map));
        inputs.catalogs = vec![crate::InputFile::new("zh.yaml", catalog)];
        crate::generate(&inputs).expect("the fixture generates")
    }

    #[test]
    fn docs_of_another_api_name_its_own_sdks_and_variables() {
        let generation = generate_other(OTHER_MAP);
        let mut docs = 0;
        for (path, text) in generation.files.iter() {
            let lower = text.to_lowercase();
            // Nor the Telnyx API's resources (notes once quoted its calls as examples).
            assert!(
                !path.starts_with("docs")
                    || !text.contains("oauth_clients") && !text.contains("oauthClients"),
                "{} names another API's resource",
                path.display()
            );
            assert!(
                !lower.contains("telnyx") && !text.contains("Mission Control"),
                "{} names Telnyx:\n{}",
                path.display(),
                text.lines()
                    .filter(|l| l.to_lowercase().contains("telnyx") || l.contains("Mission Control"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            docs += usize::from(path.starts_with("docs"));
        }
        assert!(docs >= 14, "{docs} docs");
        let says = |path: &str, expected: &[&str]| {
            let text = generation
                .files
                .get(path)
                .unwrap_or_else(|| panic!("{path} is generated"));
            for expected in expected {
                assert!(text.contains(expected), "no {expected} in {path}:\n{text}");
            }
        };
        says(
            "docs/acme-shop-python/SKILL.md",
            &[
                "ACME_API_KEY",
                "Acme Corp answered",
                "Could not reach Acme Corp",
                "`AsyncAcme`",
                "`Acme(max_retries=5)`",
                "(`page[number]` + 1)",
            ],
        );
        says(
            "docs/acme-shop-java/SKILL.md",
            &[
                "com.acme.api.errors.AcmeIoException",
                "catch (AcmeServiceException e)",
                "AcmeOkHttpClient.builder()",
                "Reads ACME_API_KEY (and ACME_BASE_URL)",
            ],
        );
        says(
            "docs/acme-shop-go/SKILL.zh.md",
            &["`acme.String(...)`", "（`/v2`）", "`acme`。"],
        );
        says("docs/acme-shop-curl/SKILL.md", &["Your API key, sent as"]);
    }

    #[test]
    fn without_a_vendor_examples_say_the_api() {
        let generation = generate_other(&OTHER_MAP.replace(", vendor: Acme Corp", ""));
        let js = generation
            .files
            .get("examples/javascript/error_handling.mjs")
            .expect("the error-handling example");
        assert!(js.contains("`The API answered ${err.status}"), "{js}");
        assert!(
            js.contains("'Could not reach the API; retry later:'"),
            "{js}"
        );
    }
}
