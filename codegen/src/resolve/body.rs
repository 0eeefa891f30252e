//! Request bodies: which media type is sent and how it is encoded.

use openapiv3::{ReferenceOr, RequestBody as OaRequestBody};

use crate::diagnostic::pointer_push;
use crate::model::*;

use super::view::as_ref;
use super::{Ctx, Resolver, R};

/// Whether a content type is JSON: `application/json` or a `+json` type, with or without
/// parameters (`application/json; charset=utf-8`).
pub(super) fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// A media type without its parameters, lower-cased: `Application/JSON; charset=utf-8` →
/// `application/json`.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

impl Resolver<'_> {
    pub(super) fn body(
        &mut self,
        b: &ReferenceOr<OaRequestBody>,
        pointer: &str,
        ctx_name: &str,
    ) -> R<RequestBody> {
        let here = pointer_push(pointer, "description");
        let (body, description) = match b {
            ReferenceOr::Item(b) => (b.clone(), b.description.clone().map(|d| (d, here))),
            ReferenceOr::Reference { reference } => {
                let body: OaRequestBody = self.spec.follow(reference, pointer, "request body")?;
                let target = pointer_push(reference.trim_start_matches('#'), "description");
                let d = match self.spec.extras.ref_descriptions.get(pointer) {
                    Some(d) => Some((d.clone(), here)),
                    None => body.description.clone().map(|d| (d, target)),
                };
                (body, d)
            }
        };
        let content_types: Vec<String> = body.content.keys().cloned().collect();
        // Compared without parameters: `application/json; charset=utf-8` is JSON.
        let json = body.content.iter().find(|(c, _)| is_json(c));
        let form = body
            .content
            .iter()
            .find(|(c, _)| essence(c) == "application/x-www-form-urlencoded");
        let multipart = body
            .content
            .iter()
            .find(|(c, _)| essence(c) == "multipart/form-data");
        // Anything else that is not text is sent as raw bytes of that type.
        let binary = body.content.iter().find(|(c, _)| {
            let c = essence(c);
            !c.starts_with("text/") && !c.contains("json") && !c.contains("form")
        });
        let text = body
            .content
            .iter()
            .find(|(c, _)| essence(c).starts_with("text/"));
        let (encoding, (content_type, media)) = match (form, json, multipart, binary.or(text)) {
            (Some(f), _, _, _) => (BodyEncoding::Form, f),
            (None, Some(j), _, _) => (BodyEncoding::Json, j),
            (None, None, Some(m), _) => (BodyEncoding::Multipart, m),
            (None, None, None, Some(b)) if essence(b.0).starts_with("text/") => {
                (BodyEncoding::Text(b.0.clone()), b)
            }
            (None, None, None, Some(b)) => (BodyEncoding::Binary(b.0.clone()), b),
            (None, None, None, None) => {
                return Err(self.spec.error(
                    &pointer_push(pointer, "content"),
                    format!(
                        "request bodies of type {} are not supported yet",
                        content_types.join(", ")
                    ),
                    "offer application/json, application/x-www-form-urlencoded, multipart/form-data, a text/* type or a binary type for this body",
                ))
            }
        };
        let at = pointer_push(
            &pointer_push(&pointer_push(pointer, "content"), content_type),
            "schema",
        );
        let ty = match &media.schema {
            Some(s) => {
                let ctx = Ctx::root(at, format!("{ctx_name}Body"));
                self.schema_type(as_ref(s), &ctx)?
            }
            None => TypeRef::Any,
        };
        Ok(RequestBody {
            ty,
            content_types,
            encoding,
            required: body.required,
            description_pointer: description.as_ref().map(|(_, at)| at.clone()),
            description: description.map(|(d, _)| d),
        })
    }

    /// A multipart body is sent one part per property of an object (or of the object a union
    /// holds); anything else is sent as the properties of its JSON form, which says so.
    pub(super) fn check_multipart(&mut self, op: &Operation) {
        let Some(body) = op
            .body
            .as_ref()
            .filter(|b| b.encoding == BodyEncoding::Multipart)
        else {
            return;
        };
        let is_struct = |r: &Resolver, t: &TypeRef| matches!(t, TypeRef::Named(id) if matches!(r.defs[id.0].as_ref().map(|d| &d.kind), Some(TypeKind::Struct(_))));
        // Bounded: this runs before alias cycles are reported.
        let ty = self.through_aliases(&body.ty, false);
        let encodable = match ty {
            TypeRef::Named(id) => match self.defs[id.0].as_ref().map(|d| &d.kind) {
                Some(TypeKind::Struct(_)) => true,
                Some(TypeKind::Union(u)) => u.variants.iter().all(|v| is_struct(self, &v.ty)),
                _ => false,
            },
            _ => false,
        };
        if !encodable {
            let content_type = body
                .content_types
                .iter()
                .find(|c| essence(c) == "multipart/form-data")
                .cloned()
                .unwrap_or_default();
            self.warn(
                &pointer_push(
                    &pointer_push(&pointer_push(&op.pointer, "requestBody"), "content"),
                    &content_type,
                ),
                "this multipart body is not an object with known properties (or a union of such objects): it is sent as one text part per top-level property of its JSON form, and no part can be a file",
                "describe the body as an object whose properties are the parts (`format: binary` for files), or a oneOf of such objects",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_compared_without_parameters() {
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("Application/JSON"));
        assert!(is_json("application/problem+json; charset=utf-8"));
        assert!(!is_json("text/plain; charset=utf-8"));
        assert_eq!(essence(" text/plain ; charset=utf-8"), "text/plain");
    }
}
