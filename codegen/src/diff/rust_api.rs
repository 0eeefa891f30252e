//! What the Rust emitter (`emit::rust`) makes of a model element, as text: type spellings, method
//! signatures, constructor arguments. The diff judges "would code using the previous crate still
//! compile?" from these, so they follow the emitter's rules exactly; `tests/diff.rs` checks them
//! against the emitter's output for every fixture, so a change in one without the other fails.

use crate::model::{
    ApiModel, BodyEncoding, Field, Operation, Param, ParamLocation, RequestBody, Resource,
    StatusBody, StatusEnum, StatusVariant, StructDef, Success, TypeKind, TypeRef, Webhook,
};
use crate::names::{pascal, singular};

/// How named types are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// As in reports: `OAuthClient`, `Vec<String>`, `BTreeMap<String, i64>`.
    Short,
    /// As the emitter writes them: `crate::types::OAuthClient`, `std::collections::BTreeMap<..>`.
    Emitted,
}

/// The Rust type of a reference, spelled as `spelling` says.
pub fn rust_type(model: &ApiModel, t: &TypeRef, spelling: Spelling) -> String {
    let named = |name: &str| match spelling {
        Spelling::Short => name.to_string(),
        Spelling::Emitted => format!("crate::types::{name}"),
    };
    match t {
        TypeRef::Named(id) => named(&model.ty(*id).name),
        TypeRef::String(Some(f)) if f == "binary" => match spelling {
            Spelling::Short => "FileUpload".into(),
            Spelling::Emitted => "crate::FileUpload".into(),
        },
        TypeRef::String(_) => "String".into(),
        TypeRef::Integer(Some(f)) if f == "int32" => "i32".into(),
        TypeRef::Integer(_) => "i64".into(),
        TypeRef::Number(Some(f)) if f == "float" => "f32".into(),
        TypeRef::Number(_) => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Array(inner) => format!("Vec<{}>", rust_type(model, inner, spelling)),
        TypeRef::Map(inner) => {
            let map = match spelling {
                Spelling::Short => "BTreeMap",
                Spelling::Emitted => "std::collections::BTreeMap",
            };
            format!("{map}<String, {}>", rust_type(model, inner, spelling))
        }
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(model, inner, spelling)),
    }
}

/// A string that is not a file: constructors take it as `impl Into<String>`.
fn is_plain_string(t: &TypeRef) -> bool {
    matches!(t, TypeRef::String(format) if format.as_deref() != Some("binary"))
}

/// Follows aliases to the type underneath (the emitter's `underlying`).
pub fn underlying<'m>(model: &'m ApiModel, t: &'m TypeRef) -> &'m TypeRef {
    match t {
        TypeRef::Named(id) => match &model.ty(*id).kind {
            TypeKind::Alias(inner) => underlying(model, inner),
            _ => t,
        },
        other => other,
    }
}

/// Whether values print with `Display` (the emitter's `displayable`).
fn displayable(model: &ApiModel, t: &TypeRef) -> bool {
    match underlying(model, t) {
        TypeRef::String(_) | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => true,
        TypeRef::Named(id) => matches!(model.ty(*id).kind, TypeKind::Enum(_)),
        _ => false,
    }
}

/// The type of a struct field: `T`, `Option<T>` (optional, or required but nullable) or
/// `Option<Option<T>>` (optional and nullable). Fields the emitter boxes to break a recursive
/// type are not told apart.
pub fn field_type(model: &ApiModel, f: &Field, spelling: Spelling) -> String {
    let inner = rust_type(model, f.ty.non_null(), spelling);
    match (f.required, f.ty.is_nullable()) {
        (true, false) => inner,
        (true, true) | (false, false) => format!("Option<{inner}>"),
        (false, true) => format!("Option<Option<{inner}>>"),
    }
}

/// Arguments of a struct's `new(..)`, as `name: Type`; `None` when every field is optional (the
/// struct derives `Default` instead).
pub fn struct_constructor(
    model: &ApiModel,
    s: &StructDef,
    spelling: Spelling,
) -> Option<Vec<String>> {
    if s.all_optional() {
        return None;
    }
    Some(
        s.fields
            .iter()
            .filter(|f| f.required)
            .map(|f| {
                let ty = if is_plain_string(&f.ty) {
                    "impl Into<String>".to_string()
                } else {
                    field_type(model, f, spelling)
                };
                format!("{}: {ty}", f.rust_name)
            })
            .collect(),
    )
}

/// The field holding undescribed properties: `extra`, unless a property already has that name.
pub fn extra_field_name(s: &StructDef) -> &'static str {
    ["extra", "extra_fields", "additional_properties"]
        .into_iter()
        .find(|n| !s.fields.iter().any(|f| f.rust_name == *n))
        .unwrap_or("extra_")
}

/// The name of an operation's parameter struct (`OAuthClientListParams`).
pub fn params_struct_name(resource: &Resource, op: &Operation) -> String {
    format!(
        "{}{}Params",
        pascal(&singular(&resource.name)),
        pascal(&op.method_name)
    )
}

/// The query, header and cookie parameters: the fields of the parameter struct.
pub fn struct_params(op: &Operation) -> Vec<&Param> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect()
}

/// The type of a parameter struct field.
pub fn param_field_type(model: &ApiModel, p: &Param, spelling: Spelling) -> String {
    let t = rust_type(model, p.ty.non_null(), spelling);
    if p.required {
        t
    } else {
        format!("Option<{t}>")
    }
}

/// Arguments of a parameter struct's `new(..)`; `None` when it derives `Default` instead.
pub fn params_constructor(
    model: &ApiModel,
    op: &Operation,
    spelling: Spelling,
) -> Option<Vec<String>> {
    let params = struct_params(op);
    if params.iter().all(|p| !p.required) {
        return None;
    }
    Some(
        params
            .iter()
            .filter(|p| p.required)
            .map(|p| {
                let ty = if is_plain_string(&p.ty) {
                    "impl Into<String>".to_string()
                } else {
                    rust_type(model, &p.ty, spelling)
                };
                format!("{}: {ty}", p.rust_name)
            })
            .collect(),
    )
}

/// The type a path parameter is passed as.
pub fn path_arg_type(model: &ApiModel, p: &Param, spelling: Spelling) -> String {
    if matches!(underlying(model, &p.ty), TypeRef::String(_)) || !displayable(model, &p.ty) {
        "&str".into()
    } else {
        rust_type(model, &p.ty, spelling)
    }
}

/// What a call resolves to (`Call<T>`'s `T`).
pub fn success_type(model: &ApiModel, op: &Operation, spelling: Spelling) -> String {
    match &op.success {
        Success::Json(t) => rust_type(model, t, spelling),
        Success::Empty => "()".into(),
        Success::Redirect => match spelling {
            Spelling::Short => "Redirect".into(),
            Spelling::Emitted => "crate::Redirect".into(),
        },
        Success::Text => "String".into(),
        Success::Bytes => "bytes::Bytes".into(),
        Success::ByStatus(e) => match spelling {
            Spelling::Short => e.name.clone(),
            Spelling::Emitted => format!("crate::resources::{}", e.name),
        },
    }
}

/// The variants of a response enum as declared: `Created(crate::types::Item)`, `NoContent`, and
/// the one holding any other status, `Other(crate::RawResponse)`.
pub fn status_variants(model: &ApiModel, e: &StatusEnum, spelling: Spelling) -> Vec<String> {
    let mut out: Vec<String> = e
        .variants
        .iter()
        .map(|v| status_variant(model, v, spelling))
        .collect();
    let other = StatusEnum::OTHER;
    out.push(match spelling {
        Spelling::Short => format!("{other}(RawResponse)"),
        Spelling::Emitted => format!("{other}(crate::RawResponse)"),
    });
    out
}

/// One success status' variant as declared: `Created(crate::types::Item)`, `NoContent`.
pub fn status_variant(model: &ApiModel, v: &StatusVariant, spelling: Spelling) -> String {
    match status_payload(model, &v.body, spelling) {
        Some(payload) => format!("{}({payload})", v.rust_name),
        None => v.rust_name.clone(),
    }
}

/// What the variant of one success status holds (`None`: a unit variant).
pub fn status_payload(model: &ApiModel, body: &StatusBody, spelling: Spelling) -> Option<String> {
    match body {
        StatusBody::Json(t) => Some(rust_type(model, t, spelling)),
        StatusBody::Text => Some("String".into()),
        StatusBody::Bytes => Some("bytes::Bytes".into()),
        StatusBody::Empty => None,
    }
}

/// The method's arguments after `&self`: path parameters in order, the parameter struct, the body.
pub fn method_args(
    model: &ApiModel,
    resource: &Resource,
    op: &Operation,
    spelling: Spelling,
) -> Vec<String> {
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| format!("{}: {}", p.rust_name, path_arg_type(model, p, spelling)))
        .collect();
    if !struct_params(op).is_empty() {
        args.push(format!("params: {}", params_struct_name(resource, op)));
    }
    if let Some(body) = &op.body {
        args.push(body_arg_type(model, body, spelling));
    }
    args
}

/// The body argument: `body: &T`, `body: impl Into<bytes::Bytes>` for raw bytes, or
/// `body: impl Into<String>` for text.
pub fn body_arg_type(model: &ApiModel, body: &RequestBody, spelling: Spelling) -> String {
    match body.encoding {
        BodyEncoding::Binary(_) => "body: impl Into<bytes::Bytes>".into(),
        BodyEncoding::Text(_) => "body: impl Into<String>".into(),
        _ => format!("body: &{}", rust_type(model, &body.ty, spelling)),
    }
}

/// The method's signature: `pub fn create(&self, body: &X) -> Call<Y>` (`crate::Call` when
/// `Emitted`).
pub fn method_signature(
    model: &ApiModel,
    resource: &Resource,
    op: &Operation,
    spelling: Spelling,
) -> String {
    let mut args = vec!["&self".to_string()];
    args.extend(method_args(model, resource, op, spelling));
    let call = match spelling {
        Spelling::Short => "Call",
        Spelling::Emitted => "crate::Call",
    };
    format!(
        "pub fn {}({}) -> {call}<{}>",
        op.method_name,
        args.join(", "),
        success_type(model, op, spelling)
    )
}

/// How code reaches the operation: `client.oauth_clients().create(..)`.
pub fn call_path(resource: &Resource, op: &Operation) -> String {
    format!("client.{}().{}(..)", resource.name, op.method_name)
}

/// What the `WebhookEvent` variant of a webhook holds.
pub fn webhook_payload_type(model: &ApiModel, hook: &Webhook, spelling: Spelling) -> String {
    match &hook.payload {
        Some(t) => rust_type(model, t, spelling),
        None => "serde_json::Value".into(),
    }
}
