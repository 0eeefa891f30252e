//! What the Rust emitter (`emit::rust`) makes of a model element, as text: type spellings, method
//! signatures, constructor arguments. The diff judges "would code using the previous crate still
//! compile?" from these. Each piece comes from [`crate::rust_names`], which the emitter writes its
//! tokens from too; only the assembly (a signature's arguments in order, `name: Type`) is here, and
//! `tests/diff.rs` checks it against the emitter's output for every fixture.

use crate::model::{
    ApiModel, Field, Operation, Param, ParamLocation, RequestBody, Resource, StatusBody,
    StatusEnum, StatusVariant, StructDef, TypeRef, Webhook,
};
use crate::rust_names::{self, constructor_arg};
pub use crate::rust_names::{extra_field_name, struct_params, Spelling};

/// The Rust type of a reference, spelled as `spelling` says.
pub fn rust_type(model: &ApiModel, t: &TypeRef, spelling: Spelling) -> String {
    rust_names::rust_type(model, t).text(spelling)
}

/// The type of a struct field: `T`, `Option<T>` (optional, or required but nullable) or
/// `Option<Option<T>>` (optional and nullable). Fields the emitter boxes to break a recursive
/// type are not told apart.
pub fn field_type(model: &ApiModel, f: &Field, spelling: Spelling) -> String {
    rust_names::field_type(model, f, false).text(spelling)
}

/// Arguments of a struct's `new(..)`, as `name: Type`; `None` when every field is optional (the
/// struct derives `Default` instead).
pub fn struct_constructor(
    model: &ApiModel,
    s: &StructDef,
    spelling: Spelling,
) -> Option<Vec<String>> {
    let required = s.fields.iter().filter(|f| f.required);
    constructor_args(model, required.map(|f| (&f.rust_name, &f.ty)), spelling)
}

/// The name of an operation's parameter struct (`OAuthClientListParams`); for an operation
/// without one, the name it would ask for.
pub fn params_struct_name(resource: &Resource, op: &Operation) -> String {
    op.params_struct
        .clone()
        .unwrap_or_else(|| rust_names::wanted_params_struct(resource, op))
}

/// The type of a parameter struct field.
pub fn param_field_type(model: &ApiModel, p: &Param, spelling: Spelling) -> String {
    rust_names::param_field_type(model, p).text(spelling)
}

/// Arguments of a parameter struct's `new(..)`; `None` when it derives `Default` instead.
pub fn params_constructor(
    model: &ApiModel,
    op: &Operation,
    spelling: Spelling,
) -> Option<Vec<String>> {
    let params = struct_params(op);
    let required = params.iter().filter(|p| p.required);
    constructor_args(model, required.map(|p| (&p.rust_name, &p.ty)), spelling)
}

/// `new(..)`'s arguments for these required members, as `name: Type`; `None` when there are none.
fn constructor_args<'m>(
    model: &ApiModel,
    required: impl Iterator<Item = (&'m String, &'m TypeRef)>,
    spelling: Spelling,
) -> Option<Vec<String>> {
    let args: Vec<String> = required
        .map(|(name, ty)| format!("{name}: {}", constructor_arg(model, ty).text(spelling)))
        .collect();
    (!args.is_empty()).then_some(args)
}

/// The type a path parameter is passed as.
pub fn path_arg_type(model: &ApiModel, p: &Param, spelling: Spelling) -> String {
    rust_names::path_arg_type(model, p).text(spelling)
}

/// What a call resolves to (`Call<T>`'s `T`).
pub fn success_type(model: &ApiModel, op: &Operation, spelling: Spelling) -> String {
    rust_names::success_type(model, op).text(spelling)
}

/// The variants of a response enum as declared: `Created(crate::types::Item)`, `NoContent`, and
/// the one holding any other status, `Other(crate::RawResponse)`.
pub fn status_variants(model: &ApiModel, e: &StatusEnum, spelling: Spelling) -> Vec<String> {
    let mut out: Vec<String> = e
        .variants
        .iter()
        .map(|v| status_variant(model, v, spelling))
        .collect();
    out.push(format!(
        "{}({})",
        StatusEnum::OTHER,
        rust_names::raw_response().text(spelling)
    ));
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
    rust_names::status_payload(model, body).map(|t| t.text(spelling))
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
    format!(
        "body: {}",
        rust_names::body_arg_type(model, body).text(spelling)
    )
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
    format!(
        "pub fn {}({}) -> {}",
        op.method_name,
        args.join(", "),
        rust_names::call_type(model, op).text(spelling)
    )
}

/// How code reaches the operation: `client.oauth_clients().create(..)`.
pub fn call_path(resource: &Resource, op: &Operation) -> String {
    format!("client.{}().{}(..)", resource.name, op.method_name)
}

/// What the `WebhookEvent` variant of a webhook holds.
pub fn webhook_payload_type(model: &ApiModel, hook: &Webhook, spelling: Spelling) -> String {
    rust_names::webhook_payload_type(model, hook).text(spelling)
}
