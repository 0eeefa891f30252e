//! The Markdown every variant shares: `SKILL.md`, `references/api-details.md` and the examples'
//! README. Variants supply code and names; the structure, tables and prose live here.

use std::fmt::Write;

use serde_json::Value;

use super::values::{enum_of, struct_of, Inputs};
use super::{all_examples, printed_path, result_var, Cx, ErrorKind, Example, Variant};
use crate::encode::{markdown_code_span as code, markdown_fence, markdown_inline, markdown_text};
use crate::files::GENERATED_MARKER;
use crate::model::*;

/// `docs/<name>-<variant>/SKILL[.<lang>].md`.
pub(crate) fn skill(cx: &Cx, v: &dyn Variant) -> String {
    let m = cx.model;
    let tr = cx.tr;
    let mut out = String::new();
    let description = tr.f(
        "skill.description",
        "{summary} This skill gives {language} examples.",
        &[
            ("summary", &tr.s("docs.summary", &m.docs.summary)),
            ("language", v.title()),
        ],
    );
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "name: {}-{}", m.docs.name, v.key());
    let _ = writeln!(out, "description: >-");
    // A YAML block scalar: one paragraph, hazards shown.
    for line in wrap(&crate::encode::text_lines(&description).join(" "), 78) {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "metadata:");
    let _ = writeln!(out, "  author: {}", m.docs.author);
    let _ = writeln!(out, "  product: {}", m.docs.product);
    let _ = writeln!(out, "  language: {}", v.key());
    let _ = writeln!(out, "  generated_by: cargo xtask generate");
    let _ = writeln!(out, "---");
    let _ = writeln!(out);
    paragraph(&mut out, &marker(cx));
    let _ = writeln!(out, "# {} - {}", markdown_inline(&m.docs.title), v.title());
    let _ = writeln!(out);
    if let Some(d) = &m.description {
        paragraph(&mut out, &markdown_text(&tr.prose("/info/description", d)));
    }
    paragraph(&mut out, &v.verified(cx));
    let details = details_link(cx);
    paragraph(
        &mut out,
        &tr.f(
            "skill.reference",
            "Full request and response schemas: [{file}]({file}).",
            &[("file", &details)],
        ),
    );

    // Installation
    let _ = writeln!(out, "## {}", tr.s("heading.installation", "Installation"));
    let _ = writeln!(out);
    for (fence, code) in v.install(cx) {
        code_block(&mut out, &fence, &code);
    }
    if let Some(runtime) = v.sdk().and_then(|s| s.requires.as_deref()) {
        paragraph(
            &mut out,
            &tr.f(
                "install.requires",
                "The SDK needs {runtime} or later.",
                &[("runtime", runtime)],
            ),
        );
    }
    if let Some(version) = v.sdk().and_then(|s| s.tested_version.as_deref()) {
        paragraph(
            &mut out,
            &tr.f(
                "install.tested_version",
                "The examples below are verified with version {version}.",
                &[("version", version)],
            ),
        );
    }

    // Setup
    let _ = writeln!(out, "## {}", tr.s("heading.setup", "Setup"));
    let _ = writeln!(out);
    code_block(&mut out, v.fence(), &v.setup(cx));
    paragraph(
        &mut out,
        &tr.s(
            "setup.assume_client",
            "All examples below assume the client is set up as shown above.",
        ),
    );
    let env = v.env_vars(cx);
    if !env.is_empty() {
        table_head(
            &mut out,
            tr,
            &[("variable", "Variable"), ("meaning", "Meaning")],
        );
        for (name, meaning) in env {
            let _ = writeln!(out, "| `{name}` | {} |", cell(&meaning));
        }
        let _ = writeln!(out);
    }

    // Error handling
    let _ = writeln!(
        out,
        "## {}",
        tr.s("heading.error_handling", "Error Handling")
    );
    let _ = writeln!(out);
    paragraph(&mut out, &tr.s(
            "errors.intro",
            "A call can fail because the network failed or timed out, or because the API answered with an error status (401 invalid API key, 404 not found, 422 invalid parameters, 429 rate limited, ...). Handle both:"
        ));
    if let Some(e) = v.error_example(cx, super::error_target(m)) {
        example_block(&mut out, cx, v, &e);
    }
    table_head(&mut out, tr, &[("status", "Status"), ("error", "Error")]);
    for kind in ErrorKind::ALL {
        let status = match kind {
            ErrorKind::Connection => tr.s("errors.connection", "network error"),
            ErrorKind::Timeout => tr.s("errors.timeout", "timeout"),
            ErrorKind::OtherStatus => tr.s("errors.other_status", "other error status"),
            other => other.status().to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | `{}` |",
            cell(&status),
            cell(&v.error_name(kind))
        );
    }
    let _ = writeln!(out);
    paragraph(&mut out, &v.retries(cx));

    // Important notes
    let _ = writeln!(out, "## {}", tr.s("heading.notes", "Important Notes"));
    let _ = writeln!(out);
    for note in shared_notes(cx).into_iter().chain(v.notes(cx)) {
        let _ = writeln!(out, "- {note}");
    }
    let _ = writeln!(out);

    // Index
    let _ = writeln!(out, "## {}", tr.s("heading.operations", "Operations"));
    let _ = writeln!(out);
    table_head(
        &mut out,
        tr,
        &[
            ("operation", "Operation"),
            ("call", "Call"),
            ("http", "HTTP"),
        ],
    );
    for (resource, op) in m.operations() {
        let title = summary(cx, op);
        let _ = writeln!(
            out,
            "| [{}](#{}) | `{}` | {} |",
            markdown_inline(&title),
            anchor(&title),
            cell(&v.call(resource, op)),
            cell(&code(&format!("{} {}", op.http_method, op.path)))
        );
    }
    let _ = writeln!(out);

    // Operations
    let examples = all_examples(cx, v);
    for ((resource, op), example) in m.operations().zip(&examples) {
        operation_section(&mut out, cx, v, resource, op, example);
    }
    trim_end(out)
}

fn operation_section(
    out: &mut String,
    cx: &Cx,
    v: &dyn Variant,
    resource: &Resource,
    op: &Operation,
    example: &super::Example,
) {
    let m = cx.model;
    let tr = cx.tr;
    let title = summary(cx, op);
    let _ = writeln!(out, "## {}", markdown_inline(&title));
    let _ = writeln!(out);
    if let Some(d) = description(cx, op) {
        paragraph(out, &markdown_text(&d));
    }
    if op.deprecated {
        let _ = writeln!(
            out,
            "> **{}**",
            tr.s("op.deprecated", "Deprecated: avoid in new code.")
        );
        let _ = writeln!(out);
    }
    paragraph(out, &code(&format!("{} {}", op.http_method, op.path)));
    let url = op_url(m, op);
    let server_note = match &op.server {
        ServerChoice::Origin(p) if p.is_empty() => format!(
            " — {}",
            tr.s(
                "op.host_root",
                "served from the host root, not under the base URL's path"
            )
        ),
        _ => String::new(),
    };
    let _ = writeln!(out, "- URL: `{url}`{server_note}");
    let _ = writeln!(out, "- {}", auth_line(cx, v, op));
    let _ = writeln!(out);

    let inputs = Inputs::of(m, op);
    let rows = parameter_rows(cx, v, op);
    if !rows.is_empty() {
        table_head(
            out,
            tr,
            &[
                ("parameter", "Parameter"),
                ("in", "In"),
                ("required", "Required"),
                ("type", "Type"),
                ("description", "Description"),
            ],
        );
        for row in rows {
            let _ = writeln!(out, "{row}");
        }
        let _ = writeln!(out);
    }
    let _ = inputs;
    example_block(out, cx, v, example);
    returns(out, cx, v, resource, op);
    let errors: Vec<&ResponseDef> = op
        .responses
        .iter()
        .filter(|r| match r.status {
            StatusSpec::Code(c) => c >= 400,
            StatusSpec::Range(c) => c >= 4,
            StatusSpec::Default => true,
        })
        .collect();
    if !errors.is_empty() {
        paragraph(out, &tr.s("op.errors", "Errors:"));
        for r in errors {
            let status = &r.status;
            let kind = match *status {
                StatusSpec::Code(c) => ErrorKind::of_status(c),
                StatusSpec::Range(c) => ErrorKind::of_status(c * 100),
                StatusSpec::Default => ErrorKind::OtherStatus,
            };
            let _ = writeln!(
                out,
                "- {status} `{}`: {}",
                v.error_name(kind),
                markdown_inline(&tr.prose(&r.description_pointer, &r.description))
            );
        }
        let _ = writeln!(out);
    }
}

fn returns(out: &mut String, cx: &Cx, v: &dyn Variant, resource: &Resource, op: &Operation) {
    let m = cx.model;
    let tr = cx.tr;
    let ok_status = op
        .responses
        .iter()
        .find_map(|r| match r.status {
            StatusSpec::Code(c) if (200..300).contains(&c) => Some(c),
            _ => None,
        })
        .unwrap_or(200);
    match &op.success {
        Success::Json(ty) => {
            let var = v.var_name(&result_var(m, resource, op));
            let (intro, root, prefix): (String, &TypeRef, Vec<&Field>) = match &op.pagination {
                Some(p) => (
                    tr.f(
                        "returns.items",
                        "Returns a page that iterates over every item, page after page; each `{var}` has:",
                        &[("var", &var)],
                    ),
                    &p.item_type,
                    vec![],
                ),
                None => {
                    let data = struct_of(m, ty).and_then(|s| {
                        s.fields
                            .iter()
                            .find(|f| f.name == "data" && struct_of(m, &f.ty).is_some())
                    });
                    match data {
                        Some(d) => (
                            tr.f(
                                "returns.data",
                                "Returns the object in `data` (HTTP {status}):",
                                &[("status", &ok_status.to_string())],
                            ),
                            &d.ty,
                            vec![d],
                        ),
                        None => (
                            tr.f(
                                "returns.object",
                                "Returns (HTTP {status}):",
                                &[("status", &ok_status.to_string())],
                            ),
                            ty,
                            vec![],
                        ),
                    }
                }
            };
            let Some(s) = struct_of(m, root) else {
                let _ = writeln!(out, "{intro} {}", type_str(cx, root, None));
                let _ = writeln!(out);
                return;
            };
            let _ = writeln!(out, "{intro}");
            let _ = writeln!(out);
            table_head(
                out,
                tr,
                &[
                    ("field", "Field"),
                    ("type", "Type"),
                    ("description", "Description"),
                ],
            );
            let link = details_link(cx);
            for f in &s.fields {
                let mut path = prefix.clone();
                path.push(f);
                let mut ty = type_str(cx, &f.ty, Some(&link));
                if !f.required {
                    ty.push_str(&format!(", {}", tr.s("type.optional", "optional")));
                }
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    cell(&code(&v.access(&var, &path))),
                    cell(&ty),
                    text_cell(&prose(cx, &f.description, &f.description_pointer))
                );
            }
            let _ = writeln!(out);
        }
        Success::Empty => {
            paragraph(
                out,
                &tr.f(
                    "returns.empty",
                    "Returns nothing (HTTP {status}, no body).",
                    &[("status", &ok_status.to_string())],
                ),
            );
        }
        Success::Redirect => {
            let _ = writeln!(
                out,
                "{}",
                tr.s(
                    "returns.redirect",
                    "Answers with a redirect (302, `Location` header) to the consent page or back to the client with a code or an error; 200 when the consent page is embedded. Send the user's browser here rather than calling it from a server."
                )
            );
            let _ = writeln!(out);
        }
        Success::Text => {
            paragraph(out, &tr.s("returns.text", "Returns text."));
        }
        Success::Bytes => {
            paragraph(out, &tr.s("returns.bytes", "Returns raw bytes."));
        }
        Success::ByStatus(e) => {
            paragraph(
                out,
                &tr.s(
                    "returns.by_status",
                    "Returns a different body for each success status:",
                ),
            );
            table_head(
                out,
                tr,
                &[
                    ("status", "Status"),
                    ("body", "Body"),
                    ("description", "Description"),
                ],
            );
            let link = details_link(cx);
            for variant in &e.variants {
                let status = variant.status;
                let body = match &variant.body {
                    StatusBody::Json(t) => type_str(cx, t, Some(&link)),
                    StatusBody::Text => tr.s("body.text", "text"),
                    StatusBody::Bytes => tr.s("body.bytes", "raw bytes"),
                    StatusBody::Empty => tr.s("body.empty", "none"),
                };
                let _ = writeln!(
                    out,
                    "| {status} | {} | {} |",
                    cell(&body),
                    text_cell(&tr.prose(&variant.description_pointer, &variant.description))
                );
            }
            let _ = writeln!(out);
        }
    }
}

/// Rows of the parameter table: path, query/header, then body fields; required ones first.
fn parameter_rows(cx: &Cx, v: &dyn Variant, op: &Operation) -> Vec<String> {
    let tr = cx.tr;
    let link = details_link(cx);
    let yes = tr.s("table.yes", "yes");
    let no = tr.s("table.no", "no");
    let mut rows: Vec<(bool, String)> = vec![];
    for p in &op.params {
        let name = v.param_name(p);
        let shown = if name == p.name {
            code(&name)
        } else {
            format!("{} ({})", code(&name), code(&p.name))
        };
        let location = match p.location {
            ParamLocation::Path => tr.s("in.path", "path"),
            ParamLocation::Query => tr.s("in.query", "query"),
            ParamLocation::Header => tr.s("in.header", "header"),
            ParamLocation::Cookie => tr.s("in.cookie", "cookie"),
        };
        let mut ty = type_str(cx, &p.ty, Some(&link));
        let c = constraints_str(cx, &p.constraints);
        if !c.is_empty() {
            ty.push_str(&format!("; {c}"));
        }
        rows.push((
            p.required,
            format!(
                "| {} | {} | {} | {} | {} |",
                cell(&shown),
                location,
                if p.required { &yes } else { &no },
                cell(&ty),
                text_cell(&prose(cx, &p.description, &p.description_pointer))
            ),
        ));
    }
    if let Some(body) = &op.body {
        match struct_of(cx.model, &body.ty) {
            Some(s) => {
                for f in &s.fields {
                    let name = v.field_name(f);
                    let shown = if name == f.name {
                        code(&name)
                    } else {
                        format!("{} ({})", code(&name), code(&f.name))
                    };
                    let mut ty = type_str(cx, &f.ty, Some(&link));
                    let c = constraints_str(cx, &f.constraints);
                    if !c.is_empty() {
                        ty.push_str(&format!("; {c}"));
                    }
                    rows.push((
                        f.required,
                        format!(
                            "| {} | {} | {} | {} | {} |",
                            cell(&shown),
                            tr.s("in.body", "body"),
                            if f.required { &yes } else { &no },
                            cell(&ty),
                            text_cell(&prose(cx, &f.description, &f.description_pointer))
                        ),
                    ));
                }
            }
            None => rows.push((
                body.required,
                format!(
                    "| `body` | {} | {} | {} | {} |",
                    tr.s("in.body", "body"),
                    if body.required { &yes } else { &no },
                    cell(&type_str(cx, &body.ty, Some(&link))),
                    text_cell(&prose(cx, &body.description, &body.description_pointer))
                ),
            )),
        }
    }
    // Stable: required first, else as declared.
    let (required, optional): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(r, _)| *r);
    required
        .into_iter()
        .chain(optional)
        .map(|(_, row)| row)
        .collect()
}

fn auth_line(cx: &Cx, v: &dyn Variant, op: &Operation) -> String {
    let tr = cx.tr;
    let label = tr.s("auth.label", "Authentication");
    let schemes = &op.security.schemes;
    let text = if schemes.is_empty() {
        tr.s("auth.none", "none")
    } else {
        let parts: Vec<String> = schemes
            .iter()
            .map(|s| match s {
                AuthKind::Bearer => tr.s("auth.api_key", "API key (`Authorization: Bearer`)"),
                AuthKind::ApiKey { location, name } => {
                    let place = match location {
                        ApiKeyLocation::Header => tr.s("auth.api_key_header", "API key (header `{name}`)"),
                        ApiKeyLocation::Query => tr.s("auth.api_key_query", "API key (query parameter `{name}`)"),
                        ApiKeyLocation::Cookie => tr.s("auth.api_key_cookie", "API key (cookie `{name}`)"),
                    };
                    place.replace("{name}", &name.replace('`', "'"))
                }
                AuthKind::MutualTls => tr.s("auth.mutual_tls", "client certificate (mutual TLS)"),
                AuthKind::ClientBasic => format!(
                    "{} {}",
                    tr.s(
                        "auth.client",
                        "OAuth client credentials (HTTP Basic, or `client_id` and `client_secret` in the body)."
                    ),
                    v.client_credentials_hint(cx)
                ),
            })
            .collect();
        let mut text = parts.join(&format!(" {} ", tr.s("auth.or", "or")));
        if op.security.optional {
            text.push_str(&format!(" ({})", tr.s("auth.optional", "optional")));
        }
        text
    };
    format!("{label}: {text}")
}

/// Notes every variant shows, from what the model says.
fn shared_notes(cx: &Cx) -> Vec<String> {
    let m = cx.model;
    let tr = cx.tr;
    let mut notes = vec![];
    let root_ops: Vec<String> = m
        .operations()
        .filter(|(_, o)| matches!(&o.server, ServerChoice::Origin(p) if p.is_empty()))
        .map(|(_, o)| code(&o.path))
        .collect();
    if !root_ops.is_empty() {
        let origin = m
            .default_server
            .as_deref()
            .and_then(origin)
            .unwrap_or_default();
        notes.push(tr.f(
            "notes.host_root",
            "{paths} are served from the host root `{origin}`, not under `{base}`.",
            &[
                ("paths", &root_ops.join(", ")),
                ("origin", origin),
                ("base", m.default_server.as_deref().unwrap_or("")),
            ],
        ));
    }
    let client_ops: Vec<String> = m
        .operations()
        .filter(|(_, o)| o.security.schemes.contains(&AuthKind::ClientBasic))
        .map(|(_, o)| code(&o.path))
        .collect();
    if !client_ops.is_empty() {
        notes.push(tr.f(
            "notes.client_auth",
            "{paths} authenticate an OAuth client (its id and secret), not your API key.",
            &[("paths", &client_ops.join(", "))],
        ));
    }
    for note in pagination_notes(cx) {
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    notes
}

/// How each paginated list asks for pages and what its page's meta object says, from the model:
/// the parameters with their bounds and default, and the meta object's fields.
fn pagination_notes(cx: &Cx) -> Vec<String> {
    let tr = cx.tr;
    let inclusive =
        |bound: Option<(f64, bool)>| bound.filter(|(_, ex)| !ex).map(|(v, _)| number(v));
    cx.model
        .operations()
        .filter_map(|(_, op)| {
            let p = op.pagination.as_ref()?;
            let param = |name: &str| {
                op.params
                    .iter()
                    .find(|q| q.location == ParamLocation::Query && q.name == name)
            };
            let page_minimum = param(&p.page_param).and_then(|q| inclusive(q.constraints.minimum));
            let page = match page_minimum {
                Some(minimum) => tr.f(
                    "notes.pagination.page_from",
                    "{param} (from {minimum})",
                    &[("param", &code(&p.page_param)), ("minimum", &minimum)],
                ),
                None => code(&p.page_param),
            };
            let params = match p.size_param.as_deref().and_then(param) {
                Some(size) => {
                    let c = &size.constraints;
                    let mut parts = vec![];
                    match (inclusive(c.minimum), inclusive(c.maximum)) {
                        (Some(minimum), Some(maximum)) => parts.push(tr.f(
                            "notes.pagination.range",
                            "{minimum} to {maximum}",
                            &[("minimum", &minimum), ("maximum", &maximum)],
                        )),
                        (Some(minimum), None) => parts.push(tr.f(
                            "notes.pagination.at_least",
                            "at least {minimum}",
                            &[("minimum", &minimum)],
                        )),
                        (None, Some(maximum)) => parts.push(tr.f(
                            "notes.pagination.at_most",
                            "at most {maximum}",
                            &[("maximum", &maximum)],
                        )),
                        (None, None) => {}
                    }
                    if let Some(d) = &c.default {
                        parts.push(tr.f(
                            "notes.pagination.default",
                            "default {default}",
                            &[("default", &json_inline(d))],
                        ));
                    }
                    let size = if parts.is_empty() {
                        code(&size.name)
                    } else {
                        tr.f(
                            "notes.pagination.size_constraints",
                            "{param} ({constraints})",
                            &[
                                ("param", &code(&size.name)),
                                (
                                    "constraints",
                                    &parts.join(&tr.s("notes.pagination.separator", ", ")),
                                ),
                            ],
                        )
                    };
                    tr.f(
                        "notes.pagination.page_and_size",
                        "{page} and {size}",
                        &[("page", &page), ("size", &size)],
                    )
                }
                None => page,
            };
            let meta_fields: Vec<String> = match &cx.model.ty(p.page_type).kind {
                TypeKind::Struct(page) => page
                    .fields
                    .iter()
                    .find(|f| f.name == p.meta_field)
                    .and_then(|f| match f.ty.non_null() {
                        TypeRef::Named(id) => match &cx.model.ty(*id).kind {
                            TypeKind::Struct(meta) => {
                                Some(meta.fields.iter().map(|f| code(&f.name)).collect())
                            }
                            _ => None,
                        },
                        _ => None,
                    })
                    .unwrap_or_default(),
                _ => vec![],
            };
            Some(tr.f(
                "notes.pagination_params",
                "List endpoints are paginated with {params}; the response's {meta} has {fields}.",
                &[
                    ("params", &params),
                    ("meta", &code(&p.meta_field)),
                    ("fields", &and_list(tr, &meta_fields)),
                ],
            ))
        })
        .collect()
}

/// `a`, `a and b`, `a, b and c` (in the docs' language).
fn and_list(tr: &super::i18n::Translator, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => tr.f(
            "notes.list.and",
            "{items} and {last}",
            &[
                ("items", &rest.join(&tr.s("notes.list.separator", ", "))),
                ("last", last),
            ],
        ),
    }
}

/// `references/api-details[.<lang>].md`.
pub(crate) fn api_details(cx: &Cx, v: &dyn Variant) -> String {
    let m = cx.model;
    let tr = cx.tr;
    let mut out = String::new();
    paragraph(&mut out, &marker(cx));
    let _ = writeln!(
        out,
        "# {} - {}: {}",
        markdown_inline(&m.docs.title),
        v.title(),
        tr.s("details.title", "API details")
    );
    let _ = writeln!(out);
    paragraph(&mut out, &tr.f(
            "details.intro",
            "Every operation's parameters, request body and responses, and every schema they use, as the API document `{spec}` (version {version}) defines them.",
            &[("spec", cx.spec_name), ("version", &m.version)]
        ));
    if let Some(server) = &m.default_server {
        paragraph(
            &mut out,
            &tr.f("details.base_url", "Base URL: `{url}`.", &[("url", server)]),
        );
    }
    if !m.security_schemes.is_empty() {
        let _ = writeln!(
            out,
            "## {}",
            tr.s("heading.authentication", "Authentication")
        );
        let _ = writeln!(out);
        for s in &m.security_schemes {
            let how = match &s.kind {
                AuthKind::Bearer => tr.s("auth.kind.bearer", "HTTP Bearer"),
                AuthKind::ClientBasic => {
                    tr.s("auth.kind.client_basic", "OAuth 2.0 client credentials")
                }
                AuthKind::ApiKey { location, name } => {
                    format!("API key, {} {}", location.noun(), code(name))
                }
                AuthKind::MutualTls => "mutual TLS".to_string(),
            };
            let _ = writeln!(
                out,
                "- {} ({how}): {}",
                code(&s.name),
                markdown_inline(&prose(cx, &s.description, &s.description_pointer))
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## {}", tr.s("heading.operations", "Operations"));
    let _ = writeln!(out);
    for (_, op) in m.operations() {
        let _ = writeln!(out, "### {}", markdown_inline(&summary(cx, op)));
        let _ = writeln!(out);
        let call = format!("{} {}", op.http_method, op.path);
        let _ = writeln!(out, "{} ({})", code(&call), code(&op.id));
        let _ = writeln!(out);
        let _ = writeln!(out, "- URL: {}", code(&op_url(m, op)));
        let _ = writeln!(out, "- {}", auth_line(cx, v, op));
        let _ = writeln!(out);
        if !op.params.is_empty() {
            paragraph(&mut out, &tr.s("details.parameters", "Parameters:"));
            table_head(
                &mut out,
                tr,
                &[
                    ("name", "Name"),
                    ("in", "In"),
                    ("required", "Required"),
                    ("type", "Type"),
                    ("description", "Description"),
                ],
            );
            let mut params: Vec<&Param> = op.params.iter().collect();
            params.sort_by_key(|p| !p.required);
            for p in params {
                let mut ty = type_str(cx, &p.ty, Some(""));
                let c = constraints_str(cx, &p.constraints);
                if !c.is_empty() {
                    ty.push_str(&format!("; {c}"));
                }
                let location = match p.location {
                    ParamLocation::Path => tr.s("in.path", "path"),
                    ParamLocation::Query => tr.s("in.query", "query"),
                    ParamLocation::Header => tr.s("in.header", "header"),
                    ParamLocation::Cookie => tr.s("in.cookie", "cookie"),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    cell(&code(&p.name)),
                    location,
                    yes_no(cx, p.required),
                    cell(&ty),
                    text_cell(&prose(cx, &p.description, &p.description_pointer))
                );
            }
            let _ = writeln!(out);
        }
        if let Some(body) = &op.body {
            let types: Vec<String> = body.content_types.iter().map(|c| code(c)).collect();
            let _ = writeln!(
                out,
                "{}",
                tr.f(
                    "details.body",
                    "Request body ({required}; {types}): {schema}",
                    &[
                        (
                            "required",
                            &if body.required {
                                tr.s("details.required", "required")
                            } else {
                                tr.s("type.optional", "optional")
                            }
                        ),
                        ("types", &types.join(", ")),
                        ("schema", &type_str(cx, &body.ty, Some(""))),
                    ]
                )
            );
            let _ = writeln!(out);
        }
        paragraph(&mut out, &tr.s("details.responses", "Responses:"));
        table_head(
            &mut out,
            tr,
            &[
                ("status", "Status"),
                ("description", "Description"),
                ("content_type", "Content type"),
                ("schema", "Schema"),
            ],
        );
        for r in &op.responses {
            let status = &r.status;
            let schema =
                r.ty.as_ref()
                    .map(|t| type_str(cx, t, Some("")))
                    .unwrap_or_else(|| "-".into());
            let mut description = tr.prose(&r.description_pointer, &r.description);
            if !r.headers.is_empty() {
                let headers: Vec<String> = r.headers.iter().map(|h| code(h)).collect();
                description.push_str(&format!(
                    " ({}: {})",
                    tr.s("details.headers", "headers"),
                    headers.join(", ")
                ));
            }
            let _ = writeln!(
                out,
                "| {status} | {} | {} | {} |",
                text_cell(&description),
                r.content_type
                    .as_deref()
                    .map(|c| cell(&code(c)))
                    .unwrap_or_else(|| "-".into()),
                cell(&schema)
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## {}", tr.s("heading.schemas", "Schemas"));
    let _ = writeln!(out);
    for def in &m.types {
        schema_section(&mut out, cx, def);
    }
    trim_end(out)
}

fn schema_section(out: &mut String, cx: &Cx, def: &TypeDef) {
    let tr = cx.tr;
    let _ = writeln!(out, "### {}", code(&def.spec_name));
    let _ = writeln!(out);
    let d = prose(cx, &def.description, &def.description_pointer);
    if !d.is_empty() {
        paragraph(out, &markdown_text(&d));
    }
    match &def.kind {
        TypeKind::Struct(s) => {
            if s.fields.is_empty() {
                paragraph(
                    out,
                    &tr.s("schema.no_fields", "An object without declared fields."),
                );
            } else {
                table_head(
                    out,
                    tr,
                    &[
                        ("field", "Field"),
                        ("type", "Type"),
                        ("required", "Required"),
                        ("description", "Description"),
                    ],
                );
                for f in &s.fields {
                    let mut ty = type_str(cx, &f.ty, Some(""));
                    let c = constraints_str(cx, &f.constraints);
                    if !c.is_empty() {
                        ty.push_str(&format!("; {c}"));
                    }
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} |",
                        cell(&code(&f.name)),
                        cell(&ty),
                        yes_no(cx, f.required),
                        text_cell(&prose(cx, &f.description, &f.description_pointer))
                    );
                }
                let _ = writeln!(out);
            }
            match &s.additional {
                None => {
                    paragraph(
                        out,
                        &tr.s("schema.closed", "No other properties are allowed."),
                    );
                }
                Some(TypeRef::Any) => {}
                Some(t) => {
                    paragraph(
                        out,
                        &tr.f(
                            "schema.additional",
                            "Other properties: {type}.",
                            &[("type", &type_str(cx, t, Some("")))],
                        ),
                    );
                }
            }
        }
        TypeKind::Enum(e) => {
            let values: Vec<String> = e
                .variants()
                .map(|(value, _)| code(&value.to_string()))
                .collect();
            let values = values.join(", ");
            let line = if e.is_integer() {
                tr.f(
                    "schema.enum_integer",
                    "An integer, one of: {values}.",
                    &[("values", &values)],
                )
            } else {
                tr.f(
                    "schema.enum",
                    "A string, one of: {values}.",
                    &[("values", &values)],
                )
            };
            let _ = writeln!(out, "{line}");
            let _ = writeln!(out);
        }
        TypeKind::Union(u) => {
            let shapes: Vec<String> = u
                .variants
                .iter()
                .map(|v| type_str(cx, &v.ty, Some("")))
                .collect();
            let _ = writeln!(
                out,
                "{}",
                tr.f(
                    "schema.union",
                    "One of: {shapes}.",
                    &[("shapes", &shapes.join(", "))]
                )
            );
            if let Some(d) = &u.discriminator {
                let _ = writeln!(
                    out,
                    "{}",
                    tr.f(
                        "schema.discriminator",
                        "Told apart by the `{property}` property.",
                        &[("property", d)]
                    )
                );
            }
            let _ = writeln!(out);
        }
        TypeKind::Alias(t) => {
            paragraph(out, &type_str(cx, t, Some("")));
        }
    }
}

/// `examples/<variant>/README.md`.
pub(crate) fn examples_readme(cx: &Cx, v: &dyn Variant) -> String {
    let m = cx.model;
    let mut out = String::new();
    paragraph(&mut out, &marker(cx));
    let _ = writeln!(
        out,
        "# {} - {} examples",
        markdown_inline(&m.docs.title),
        v.title()
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "One runnable file per operation, and one for error handling: every code block of [the {} doc](../../docs/{}-{}/SKILL.md), with the set-up it needs. {}",
        v.title(),
        m.docs.name,
        v.key(),
        v.verified(cx)
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "| File | Operation | Run |");
    let _ = writeln!(out, "|---|---|---|");
    for e in all_examples(cx, v) {
        let name = e.path.rsplit('/').next().unwrap_or(&e.path).to_string();
        let rel = relative_from_examples(v.key(), &e.path);
        let what = match e.operation {
            Some(op) => format!(
                "{} ({})",
                summary(cx, op),
                code(&format!("{} {}", op.http_method, op.path))
            ),
            None => "Error handling".into(),
        };
        let _ = writeln!(
            out,
            "| [`{name}`]({rel}) | {} | `{}` |",
            text_cell(&what),
            cell(&v.run_command(cx, &e.path))
        );
    }
    trim_end(out)
}

/// A link from `examples/<variant>/README.md` to `path` (relative to the output folder).
fn relative_from_examples(variant: &str, path: &str) -> String {
    let prefix = format!("examples/{variant}/");
    match path.strip_prefix(&prefix) {
        Some(rest) => rest.to_string(),
        None => format!("../../{path}"),
    }
}

// ----- helpers ---------------------------------------------------------------------------------

fn marker(cx: &Cx) -> String {
    format!(
        "<!-- {GENERATED_MARKER} from `{}`; do not edit by hand. -->",
        cx.spec_name
    )
}

/// The api-details file of the doc's language, relative to `SKILL.md`.
fn details_link(cx: &Cx) -> String {
    if cx.tr.is_english() {
        "references/api-details.md".into()
    } else {
        format!("references/api-details.{}.md", cx.tr.lang())
    }
}

/// An operation's title: its summary (translated), else its id.
pub(crate) fn summary(cx: &Cx, op: &Operation) -> String {
    match op
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => prose(cx, &Some(s.to_string()), &op.summary_pointer),
        None => op.id.clone(),
    }
}

/// An operation's description (translated), when it says more than the summary.
fn description(cx: &Cx, op: &Operation) -> Option<String> {
    let d = op
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())?;
    let s = op.summary.as_deref().unwrap_or("").trim();
    if s.trim_end_matches('.') == d.trim_end_matches('.') {
        return None;
    }
    Some(prose(cx, &Some(d.to_string()), &op.description_pointer))
}

/// A piece of the spec's prose (trimmed; empty when there is none), translated through the
/// catalog by the JSON pointer of the string.
fn prose(cx: &Cx, text: &Option<String>, pointer: &Option<String>) -> String {
    match (text.as_deref().map(str::trim), pointer) {
        (None | Some(""), _) => String::new(),
        (Some(text), Some(pointer)) => cx.tr.prose(pointer, text),
        (Some(text), None) => text.to_string(),
    }
}

fn yes_no(cx: &Cx, yes: bool) -> String {
    if yes {
        cx.tr.s("table.yes", "yes")
    } else {
        cx.tr.s("table.no", "no")
    }
}

/// The full URL of an operation on the default server.
pub(crate) fn op_url(m: &ApiModel, op: &Operation) -> String {
    let base = m.default_server.clone().unwrap_or_default();
    let base = base.trim_end_matches('/');
    match &op.server {
        ServerChoice::Default => format!("{base}{}", op.path),
        ServerChoice::Origin(prefix) => {
            format!("{}{prefix}{}", origin(base).unwrap_or(base), op.path)
        }
        ServerChoice::Absolute(url) => format!("{}{}", url.trim_end_matches('/'), op.path),
    }
}

/// The note `id` (`english`) about the resources with operations served from the host root
/// (`/.well-known/*`) rather than under the base URL's path, translated: `{resources}` stands for
/// them, each named by `name` as a code span and joined by `, `, `{origin}` for the code span of
/// that host root (the default server's origin), `{env}` for the variables' prefix; `None` when
/// no operation is.
pub(crate) fn host_root_note(
    cx: &Cx,
    id: &str,
    english: &str,
    name: impl Fn(&Resource) -> String,
) -> Option<String> {
    let resources: Vec<String> = cx
        .model
        .resources
        .iter()
        .filter(|r| {
            r.operations
                .iter()
                .any(|o| matches!(&o.server, ServerChoice::Origin(p) if p.is_empty()))
        })
        .map(|r| code(&name(r)))
        .collect();
    if resources.is_empty() {
        return None;
    }
    let origin = cx.model.default_server.as_deref().and_then(origin);
    Some(cx.tr.f(
        id,
        english,
        &[
            ("resources", &resources.join(", ")),
            ("origin", &code(origin.unwrap_or_default())),
            ("env", &cx.model.package.env_prefix),
        ],
    ))
}

/// `https://host[:port]` of a URL.
pub(crate) fn origin(url: &str) -> Option<&str> {
    let after_scheme = url.find("://")? + 3;
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    Some(&url[..end])
}

/// A type in words (`array of string (uri)`); named objects link to their schema section in
/// `link` (a file, or `""` for the same file) when given.
pub(crate) fn type_str(cx: &Cx, ty: &TypeRef, link: Option<&str>) -> String {
    type_str_at(cx, ty, link, 0)
}

/// [`type_str`], expanding aliases only a few levels deep (an alias may contain itself).
fn type_str_at(cx: &Cx, ty: &TypeRef, link: Option<&str>, depth: usize) -> String {
    let m = cx.model;
    let tr = cx.tr;
    match ty {
        TypeRef::Nullable(inner) => format!("{} | null", type_str_at(cx, inner, link, depth)),
        TypeRef::String(Some(f)) => format!("string ({f})"),
        TypeRef::String(None) => "string".into(),
        TypeRef::Integer(_) => "integer".into(),
        TypeRef::Number(_) => "number".into(),
        TypeRef::Boolean => "boolean".into(),
        TypeRef::Any => tr.s("type.any", "any JSON value"),
        TypeRef::Array(inner) => format!(
            "{} {}",
            tr.s("type.array_of", "array of"),
            type_str_at(cx, inner, link, depth)
        ),
        TypeRef::Map(inner) => format!(
            "{} {}",
            tr.s("type.map_of", "map of string to"),
            type_str_at(cx, inner, link, depth)
        ),
        TypeRef::Named(id) => {
            let def = m.ty(*id);
            match &def.kind {
                TypeKind::Enum(e) => {
                    let values: Vec<String> = e
                        .variants()
                        .map(|(value, _)| code(&value.to_string()))
                        .collect();
                    let kind = if e.is_integer() {
                        tr.s("type.enum_integer", "integer enum")
                    } else {
                        tr.s("type.enum", "enum")
                    };
                    format!("{kind}: {}", values.join(", "))
                }
                TypeKind::Alias(inner) if depth < 2 => type_str_at(cx, inner, link, depth + 1),
                _ => match link {
                    Some(file) => {
                        format!(
                            "[{}]({file}#{})",
                            code(&def.spec_name),
                            anchor(&def.spec_name)
                        )
                    }
                    None => code(&def.spec_name),
                },
            }
        }
    }
}

/// Validation rules in words (`default 20; minimum 1; maximum 100`).
fn constraints_str(cx: &Cx, c: &Constraints) -> String {
    let tr = cx.tr;
    let mut parts = vec![];
    if let Some(d) = &c.default {
        parts.push(format!(
            "{} {}",
            tr.s("constraint.default", "default"),
            code(&json_inline(d))
        ));
    }
    if let Some((min, exclusive)) = c.minimum {
        let word = if exclusive {
            tr.s("constraint.greater_than", "greater than")
        } else {
            tr.s("constraint.minimum", "minimum")
        };
        parts.push(format!("{word} {}", number(min)));
    }
    if let Some((max, exclusive)) = c.maximum {
        let word = if exclusive {
            tr.s("constraint.less_than", "less than")
        } else {
            tr.s("constraint.maximum", "maximum")
        };
        parts.push(format!("{word} {}", number(max)));
    }
    if let Some(n) = c.min_length {
        parts.push(format!(
            "{} {n}",
            tr.s("constraint.min_length", "min length")
        ));
    }
    if let Some(n) = c.max_length {
        parts.push(format!(
            "{} {n}",
            tr.s("constraint.max_length", "max length")
        ));
    }
    if let Some(p) = &c.pattern {
        parts.push(format!(
            "{} {}",
            tr.s("constraint.pattern", "pattern"),
            code(p)
        ));
    }
    if let Some(v) = &c.constant {
        parts.push(format!(
            "{} {}",
            tr.s("constraint.constant", "always"),
            code(&json_inline(v))
        ));
    }
    parts.join("; ")
}

fn json_inline(v: &Value) -> String {
    crate::encode::json_text(v, false)
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// A GitHub-style heading anchor.
pub(crate) fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c)
            } else if c == ' ' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Generated text (code spans included) safe in a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Spec text in a table cell.
fn text_cell(s: &str) -> String {
    markdown_inline(s)
}

/// An example's code, then the link to its runnable file.
fn example_block(out: &mut String, cx: &Cx, v: &dyn Variant, e: &Example) {
    code_block(out, v.fence(), &e.snippet);
    paragraph(
        out,
        &cx.tr.f(
            "op.runnable",
            "Runnable file: [{path}]({link}).",
            &[
                ("path", &format!("`{}`", e.path)),
                ("link", &format!("../../{}", e.path)),
            ],
        ),
    );
}

/// `text` as a paragraph: its line, then a blank one.
fn paragraph(out: &mut String, text: &str) {
    let _ = writeln!(out, "{text}\n");
}

fn code_block(out: &mut String, fence: &str, code: &str) {
    let _ = writeln!(out, "{}", markdown_fence(fence, code));
}

/// Words of `text` in lines of at most `width` characters (longer words stand alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![];
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn trim_end(mut s: String) -> String {
    while s.ends_with("\n\n") {
        s.pop();
    }
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The printed value of an example (shared by variants that print a field path).
#[allow(dead_code)]
pub(crate) fn printed(cx: &Cx, op: &Operation) -> Vec<String> {
    printed_path(cx.model, op)
        .into_iter()
        .map(|f| f.name.clone())
        .collect()
}

/// Whether a type is an enum (for variants that spell enum values specially).
#[allow(dead_code)]
pub(crate) fn is_enum(cx: &Cx, ty: &TypeRef) -> bool {
    enum_of(cx.model, ty).is_some()
}

/// A table's header row, each column `(id, english)` translated as `table.<id>`, and the row
/// under it.
fn table_head(out: &mut String, tr: &super::i18n::Translator, columns: &[(&str, &str)]) {
    let names: Vec<String> = columns
        .iter()
        .map(|(id, english)| tr.s(&format!("table.{id}"), english))
        .collect();
    let _ = writeln!(out, "| {} |", names.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(columns.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_like_github() {
        assert_eq!(anchor("List OAuth clients"), "list-oauth-clients");
        assert_eq!(anchor("oauth_Error"), "oauth_error");
        assert_eq!(anchor("JSON Web Key Set (JWKS)"), "json-web-key-set-jwks");
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin("https://api.telnyx.com/v2"),
            Some("https://api.telnyx.com")
        );
        assert_eq!(
            origin("http://127.0.0.1:4010"),
            Some("http://127.0.0.1:4010")
        );
    }
}
