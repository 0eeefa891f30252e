//! Responses, and what a successful call returns (`Success`).

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, Response, StatusCode};

use crate::diagnostic::pointer_push;
use crate::model::*;
use crate::names::{pascal, NameSet};

use super::body::is_json;
use super::view::as_ref;
use super::{Ctx, Resolver, R};

/// What one success response gives the caller.
fn status_body(r: &ResponseDef) -> StatusBody {
    match (&r.ty, r.content_type.as_deref()) {
        (Some(t), _) => StatusBody::Json(t.clone()),
        (None, Some(c)) if c.starts_with("text/") => StatusBody::Text,
        (None, Some(_)) => StatusBody::Bytes,
        (None, None) => StatusBody::Empty,
    }
}

/// A variant name for a success status: its reason phrase (`201` → `Created`), else
/// `Status299`; the `2XX` range is `Status2xx`.
fn status_variant_name(status: SuccessStatus) -> String {
    match status {
        SuccessStatus::Code(code) => match code {
            200 => "Ok".into(),
            201 => "Created".into(),
            202 => "Accepted".into(),
            203 => "NonAuthoritativeInformation".into(),
            204 => "NoContent".into(),
            205 => "ResetContent".into(),
            206 => "PartialContent".into(),
            207 => "MultiStatus".into(),
            208 => "AlreadyReported".into(),
            226 => "ImUsed".into(),
            other => format!("Status{other}"),
        },
        SuccessStatus::Range2xx => "Status2xx".into(),
    }
}

/// What a successful call returns. When the 2xx responses do not all carry the same body (two JSON
/// types, or JSON and no body, ...), an enum with a variant per status ([`Success::ByStatus`],
/// named later, once the method's name is final); else the lowest 2xx with a JSON body, else a
/// redirect when the operation documents a 3xx, else text, bytes or nothing.
pub(super) fn success_of(responses: &[ResponseDef]) -> Success {
    let mut ok: Vec<(SuccessStatus, &ResponseDef)> = responses
        .iter()
        .filter_map(|r| Some((SuccessStatus::of(&r.status)?, r)))
        .collect();
    ok.sort_by_key(|(status, _)| *status);
    let bodies: Vec<StatusBody> = ok.iter().map(|(_, r)| status_body(r)).collect();
    if bodies.iter().any(|b| *b != bodies[0]) {
        let mut names = NameSet::default();
        names.claim(StatusEnum::OTHER);
        let variants = ok
            .iter()
            .zip(bodies)
            .map(|((status, r), body)| StatusVariant {
                status: *status,
                rust_name: names.claim(&status_variant_name(*status)),
                description: r.description.clone(),
                description_pointer: r.description_pointer.clone(),
                body,
            })
            .collect();
        return Success::ByStatus(StatusEnum {
            name: String::new(),
            variants,
        });
    }
    let ok: Vec<&ResponseDef> = ok.into_iter().map(|(_, r)| r).collect();
    if let Some(r) = ok.iter().find(|r| r.ty.is_some()) {
        return Success::Json(r.ty.clone().unwrap_or(TypeRef::Any));
    }
    if responses.iter().any(|r| r.status.is_redirect()) {
        return Success::Redirect;
    }
    if ok.iter().any(|r| {
        r.content_type
            .as_deref()
            .is_some_and(|c| c.starts_with("text/"))
    }) {
        return Success::Text;
    }
    if ok.iter().any(|r| r.content_type.is_some()) {
        return Success::Bytes;
    }
    Success::Empty
}

/// The type most error responses (4xx, 5xx, default) use.
pub(super) fn most_common_error_type(resources: &[Resource], types: &[TypeDef]) -> Option<TypeId> {
    let mut counts: BTreeMap<TypeId, usize> = BTreeMap::new();
    for op in resources.iter().flat_map(|r| &r.operations) {
        for r in &op.responses {
            let is_error = match r.status {
                StatusSpec::Code(c) => c >= 400,
                StatusSpec::Range(c) => c >= 4,
                StatusSpec::Default => true,
            };
            if let (true, Some(TypeRef::Named(id))) = (is_error, &r.ty) {
                if matches!(types[id.0].kind, TypeKind::Struct(_)) {
                    *counts.entry(*id).or_default() += 1;
                }
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
        .map(|(id, _)| id)
}

impl Resolver<'_> {
    pub(super) fn responses(
        &mut self,
        op: &openapiv3::Operation,
        pointer: &str,
        ctx_name: &str,
    ) -> R<Vec<ResponseDef>> {
        let base = pointer_push(pointer, "responses");
        let mut entries: Vec<(StatusSpec, String, &ReferenceOr<Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| match code {
                StatusCode::Code(c) => (StatusSpec::Code(*c), r),
                StatusCode::Range(c) => (StatusSpec::Range(*c), r),
            })
            .map(|(status, r)| (status.clone(), status.to_string(), r))
            .collect();
        if let Some(d) = &op.responses.default {
            entries.push((StatusSpec::Default, StatusSpec::Default.to_string(), d));
        }
        let first_success = entries
            .iter()
            .filter_map(|(s, _, _)| match SuccessStatus::of(s)? {
                SuccessStatus::Code(c) => Some(c),
                SuccessStatus::Range2xx => None,
            })
            .min();
        let mut out = vec![];
        for (status, key, r) in entries {
            let at = pointer_push(&base, &key);
            let (response, response_at) = match r {
                ReferenceOr::Item(r) => (r.clone(), at.clone()),
                ReferenceOr::Reference { reference } => (
                    self.spec.follow(reference, &at, "response")?,
                    reference.trim_start_matches('#').to_string(),
                ),
            };
            // The client asks for JSON (`Accept: application/json`): a JSON body when offered.
            let chosen = response
                .content
                .iter()
                .find(|(ct, _)| is_json(ct))
                .or_else(|| response.content.iter().next());
            if let (true, Some((chosen, _))) = (status.is_success(), chosen) {
                let kind = |ct: &str| match ct {
                    ct if is_json(ct) => "JSON",
                    ct if ct.starts_with("text/") => "text",
                    _ => "bytes",
                };
                let others: Vec<&str> = response
                    .content
                    .keys()
                    .filter(|ct| kind(ct) != kind(chosen))
                    .map(String::as_str)
                    .collect();
                if !others.is_empty() {
                    let content_at = match r {
                        ReferenceOr::Item(_) => pointer_push(&at, "content"),
                        ReferenceOr::Reference { reference } => {
                            pointer_push(reference.trim_start_matches('#'), "content")
                        }
                    };
                    self.warn(
                        &content_at,
                        format!(
                            "response `{key}` can be `{chosen}` or `{}`; the generated client decodes it only as `{chosen}` ({})",
                            others.join("`, `"),
                            kind(chosen)
                        ),
                        "describe the other representation in an operation of its own, or remove it if clients never need it",
                    );
                }
            }
            let (content_type, ty) = match chosen {
                None => (None, None),
                Some((ct, media)) => {
                    let ty = match (&media.schema, is_json(ct)) {
                        (Some(s), true) => {
                            let name = match status {
                                StatusSpec::Code(c) if Some(c) == first_success => {
                                    format!("{ctx_name}Response")
                                }
                                _ => format!("{ctx_name}Response{}", pascal(&key)),
                            };
                            let ctx = Ctx::root(
                                pointer_push(
                                    &pointer_push(&pointer_push(&at, "content"), ct),
                                    "schema",
                                ),
                                name,
                            );
                            Some(self.schema_type(as_ref(s), &ctx)?)
                        }
                        _ => None,
                    };
                    (Some(ct.clone()), ty)
                }
            };
            out.push(ResponseDef {
                status,
                description: response.description.clone(),
                description_pointer: pointer_push(&response_at, "description"),
                content_type,
                ty,
                headers: response.headers.keys().cloned().collect(),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(
        status: StatusSpec,
        content_type: Option<&str>,
        ty: Option<TypeRef>,
    ) -> ResponseDef {
        ResponseDef {
            status,
            description: "d".into(),
            description_pointer: String::new(),
            content_type: content_type.map(str::to_string),
            ty,
            headers: vec![],
        }
    }

    #[test]
    fn success_statuses_sharing_a_body_keep_it() {
        let item = TypeRef::Named(TypeId(0));
        let json = Some("application/json");
        let shared = [
            response(StatusSpec::Code(201), json, Some(item.clone())),
            response(StatusSpec::Code(200), json, Some(item.clone())),
            response(StatusSpec::Code(404), json, Some(TypeRef::Any)),
        ];
        assert_eq!(success_of(&shared), Success::Json(item));
    }

    #[test]
    fn success_statuses_with_different_bodies_make_an_enum() {
        let json = Some("application/json");
        let differing = [
            response(StatusSpec::Range(2), Some("text/csv"), None),
            response(StatusSpec::Code(204), None, None),
            response(StatusSpec::Code(202), json, Some(TypeRef::Named(TypeId(1)))),
            response(StatusSpec::Code(200), json, Some(TypeRef::Named(TypeId(0)))),
            response(StatusSpec::Code(299), Some("image/png"), None),
        ];
        let Success::ByStatus(e) = success_of(&differing) else {
            panic!("an enum is expected");
        };
        let variants: Vec<(&str, &StatusBody)> = e
            .variants
            .iter()
            .map(|v| (v.rust_name.as_str(), &v.body))
            .collect();
        assert_eq!(
            variants,
            [
                ("Ok", &StatusBody::Json(TypeRef::Named(TypeId(0)))),
                ("Accepted", &StatusBody::Json(TypeRef::Named(TypeId(1)))),
                ("NoContent", &StatusBody::Empty),
                ("Status299", &StatusBody::Bytes),
                ("Status2xx", &StatusBody::Text),
            ]
        );
        // JSON and no body differ too: a 204 must not fail to decode as JSON.
        let with_empty = [
            response(StatusSpec::Code(200), json, Some(TypeRef::Any)),
            response(StatusSpec::Code(204), None, None),
        ];
        assert!(matches!(success_of(&with_empty), Success::ByStatus(_)));
    }
}
