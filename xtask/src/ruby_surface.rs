//! What the official `telnyx` gem offers for this API, for the Ruby stand-in (`xtask/stubs/ruby`):
//! resources, methods, positional and keyword arguments, and the fields of every response, derived
//! at run time from `spec/sdk.yaml` (resource and method names) and the spec (everything else), and
//! handed to the stand-in as JSON. The stand-in rejects anything not listed and sends each call to
//! the mock over HTTP, so the recording proxy checks it like any real SDK's request.
//!
//! Naming follows the gem's generator, independently of the docs emitter (a wrong name there must
//! fail here, not be copied): path parameters are positional in template order; query parameters
//! are keywords named by flattening brackets (`page[size]` → `page_size`,
//! `filter[name][contains]` → `filter_name_contains`); body fields are keywords named as in JSON.

use codegen::model::*;
use serde_json::{json, Map, Value};

/// The gem's keyword for a query parameter.
fn keyword(wire: &str) -> String {
    let flat: String = wire
        .chars()
        .filter_map(|c| match c {
            '[' | '.' | '-' => Some('_'),
            ']' => None,
            c => Some(c.to_ascii_lowercase()),
        })
        .collect();
    flat.trim_matches('_').to_string()
}

/// How the stand-in checks and reads a value of type `ty`.
fn descriptor(model: &ApiModel, ty: &TypeRef) -> Value {
    match ty {
        TypeRef::Nullable(inner) => descriptor(model, inner),
        TypeRef::Named(id) => {
            let def = model.ty(*id);
            match &def.kind {
                TypeKind::Struct(_) => json!({ "struct": def.name }),
                TypeKind::Enum(e) => {
                    let values: Vec<Value> = e.variants().map(|(v, _)| v.to_json()).collect();
                    json!({ "enum": values })
                }
                TypeKind::Alias(t) => descriptor(model, t),
                TypeKind::Union(_) => json!({ "any": true }),
            }
        }
        TypeRef::String(_) => json!({ "scalar": "string" }),
        TypeRef::Integer(_) => json!({ "scalar": "integer" }),
        TypeRef::Number(_) => json!({ "scalar": "number" }),
        TypeRef::Boolean => json!({ "scalar": "boolean" }),
        TypeRef::Array(item) => json!({ "array": descriptor(model, item) }),
        TypeRef::Map(item) => json!({ "map": descriptor(model, item) }),
        TypeRef::Any => json!({ "any": true }),
    }
}

/// The fields of a struct type, by JSON name.
fn fields(model: &ApiModel, s: &StructDef) -> Value {
    let mut out = Map::new();
    for f in &s.fields {
        out.insert(
            f.name.clone(),
            json!({ "type": descriptor(model, &f.ty), "required": f.required }),
        );
    }
    Value::Object(out)
}

fn body_struct<'m>(model: &'m ApiModel, ty: &TypeRef) -> Option<&'m StructDef> {
    match ty.non_null() {
        TypeRef::Named(id) => match &model.ty(*id).kind {
            TypeKind::Struct(s) => Some(s),
            TypeKind::Alias(t) => body_struct(model, t),
            _ => None,
        },
        _ => None,
    }
}

/// One operation as the gem exposes it.
fn operation(model: &ApiModel, op: &Operation) -> Value {
    let positional: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| p.name.as_str())
        .collect();
    let mut keywords = Map::new();
    for p in &op.params {
        if p.location == ParamLocation::Query {
            keywords.insert(
                keyword(&p.name),
                json!({ "in": "query", "wire": p.name, "required": p.required,
                        "type": descriptor(model, &p.ty) }),
            );
        }
    }
    let mut encoding = Value::Null;
    if let Some(body) = &op.body {
        // The gem sends JSON where the API takes it, else the one encoding offered.
        encoding = if body.content_types.iter().any(|c| c.contains("json")) {
            json!("json")
        } else if body.encoding == BodyEncoding::Form {
            json!("form")
        } else {
            json!("other")
        };
        if let Some(s) = body_struct(model, &body.ty) {
            for f in &s.fields {
                keywords.insert(
                    f.name.clone(),
                    json!({ "in": "body", "wire": f.name, "required": f.required,
                            "type": descriptor(model, &f.ty) }),
                );
            }
        }
    }
    let prefix = match &op.server {
        ServerChoice::Origin(p) => {
            // Scheme, host and port of the default server.
            let server = model.default_server.as_deref().unwrap_or_default();
            let host_end = server
                .find("://")
                .map(|i| i + 3)
                .and_then(|start| server[start..].find('/').map(|i| start + i))
                .unwrap_or(server.len());
            format!("{}{p}", &server[..host_end])
        }
        ServerChoice::Absolute(url) => url.clone(),
        ServerChoice::Default => model.default_server.clone().unwrap_or_default(),
    };
    let returns = match &op.success {
        Success::Json(ty) => descriptor(model, ty),
        Success::Empty => json!({ "empty": true }),
        _ => json!({ "any": true }),
    };
    let page = op.pagination.as_ref().map(|p| {
        json!({ "page_param": p.page_param, "keyword": keyword(&p.page_param),
                "items": p.items_field, "meta": p.meta_field })
    });
    json!({
        "http_method": op.http_method,
        "path": op.path,
        "default_base_url": prefix,
        "positional": positional,
        "keywords": keywords,
        "body_encoding": encoding,
        "returns": returns,
        "page": page,
    })
}

/// The whole surface: `{resources: {name: {method: operation}}, types: {name: {fields}}}`.
pub fn surface(model: &ApiModel) -> Value {
    let mut resources = Map::new();
    for r in &model.resources {
        let mut methods = Map::new();
        for op in &r.operations {
            methods.insert(op.sdk_names.ruby.clone(), operation(model, op));
        }
        resources.insert(r.sdk_names.ruby.clone(), Value::Object(methods));
    }
    let mut types = Map::new();
    for def in &model.types {
        if let TypeKind::Struct(s) = &def.kind {
            types.insert(def.name.clone(), json!({ "fields": fields(model, s) }));
        }
    }
    json!({ "resources": resources, "types": types })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_keywords_flatten_brackets() {
        assert_eq!(keyword("page[size]"), "page_size");
        assert_eq!(
            keyword("filter[allowed_grant_types][contains]"),
            "filter_allowed_grant_types_contains"
        );
        assert_eq!(keyword("state"), "state");
    }
}

#[cfg(test)]
mod spec_tests {
    use super::*;

    #[test]
    fn the_telnyx_surface_has_the_gems_names() {
        let spec = crate::workspace_root().join("spec/telnyx-oauth.yaml");
        let (model, _) = codegen::load_model(&codegen::Inputs::read_spec(&spec).unwrap()).unwrap();
        let s = surface(&model);
        if let Ok(out) = std::env::var("RUBY_SURFACE_OUT") {
            std::fs::write(out, serde_json::to_string_pretty(&s).unwrap()).unwrap();
        }
        let list = &s["resources"]["oauth_clients"]["list"];
        assert_eq!(list["http_method"], "GET");
        assert_eq!(list["keywords"]["page_size"]["wire"], "page[size]");
        assert_eq!(
            list["keywords"]["filter_allowed_grant_types_contains"]["wire"],
            "filter[allowed_grant_types][contains]"
        );
        assert_eq!(list["page"]["keyword"], "page_number");
        let retrieve = &s["resources"]["oauth_clients"]["retrieve"];
        assert_eq!(retrieve["positional"], json!(["id"]));
        let token = &s["resources"]["oauth"]["token"];
        assert_eq!(token["keywords"]["grant_type"]["required"], true);
        assert!(token["keywords"]["grant_type"]["type"]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("client_credentials")));
        let metadata = &s["resources"]["well_known"]["retrieve_authorization_server_metadata"];
        assert_eq!(metadata["default_base_url"], "https://api.telnyx.com");
        assert!(s["types"]["OAuthClient"]["fields"]["client_id"].is_object());
    }
}
