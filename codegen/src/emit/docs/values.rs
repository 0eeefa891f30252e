//! Example inputs for an operation, as JSON values every language renders in its own syntax: the
//! path parameters, the query parameters worth showing, and the request body's fields.
//!
//! Values come from the document (`examples`, `default`, the first enum value) and, where it has
//! none, from the type (`uuid`, `uri`, ...) or the name, so every example is valid for its schema.

use serde_json::{json, Map, Value};

use crate::model::*;

/// What an example call passes.
#[derive(Debug, Clone)]
pub struct Inputs<'m> {
    /// Path parameters in template order.
    pub path: Vec<(&'m Param, Value)>,
    /// Query (and header) parameters shown: the required ones, and the page size of a list.
    pub query: Vec<(&'m Param, Value)>,
    /// The body, if the operation takes one.
    pub body: Option<BodyInputs<'m>>,
}

/// The body of an example call.
#[derive(Debug, Clone)]
pub struct BodyInputs<'m> {
    /// The body's type.
    pub ty: &'m TypeRef,
    /// When the body is an object type: its fields that are set, in document order.
    pub fields: Vec<(&'m Field, Value)>,
    /// The whole body as JSON.
    pub value: Value,
}

/// How deep nested objects are filled in before giving up (recursive types).
const MAX_DEPTH: usize = 4;

/// How many objects, lists and maps one example value holds at most: depth alone does not bound
/// its size (a tree with three required children has 3^depth nodes), this does.
const MAX_NODES: usize = 64;

impl<'m> Inputs<'m> {
    /// The inputs of `op`'s example.
    pub fn of(model: &'m ApiModel, op: &'m Operation) -> Inputs<'m> {
        let path = op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .map(|p| (p, param_value(model, p)))
            .collect();
        let size_param = op.pagination.as_ref().and_then(|p| p.size_param.clone());
        let query = op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .filter(|p| p.required || size_param.as_deref() == Some(p.name.as_str()))
            .map(|p| (p, param_value(model, p)))
            .collect();
        let body = op.body.as_ref().map(|b| body_inputs(model, &b.ty));
        Inputs { path, query, body }
    }
}

fn body_inputs<'m>(model: &'m ApiModel, ty: &'m TypeRef) -> BodyInputs<'m> {
    match struct_of(model, ty) {
        Some(s) => {
            let fields: Vec<(&Field, Value)> = chosen_fields(model, s)
                .into_iter()
                .map(|f| (f, field_value(model, f, 1)))
                .collect();
            let value = Value::Object(
                fields
                    .iter()
                    .map(|(f, v)| (f.name.clone(), v.clone()))
                    .collect(),
            );
            BodyInputs { ty, fields, value }
        }
        None => BodyInputs {
            ty,
            fields: vec![],
            value: type_value(model, ty, "body", &Constraints::default(), 0),
        },
    }
}

/// The struct behind a type, following aliases ([`ApiModel::struct_of`]).
pub fn struct_of<'m>(model: &'m ApiModel, ty: &TypeRef) -> Option<&'m StructDef> {
    model.struct_of(ty)
}

/// The enum behind a type, following aliases ([`ApiModel::enum_of`]).
pub fn enum_of<'m>(model: &'m ApiModel, ty: &TypeRef) -> Option<(TypeId, &'m EnumDef)> {
    model.enum_of(ty)
}

/// Fields an example sets: the required ones; when none is required, those the document gives an
/// example for (at most three), else a `name`, else the first simple one; never a deprecated
/// optional field (code setting it would not build warning-free).
pub fn chosen_fields<'m>(model: &ApiModel, s: &'m StructDef) -> Vec<&'m Field> {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    if !required.is_empty() {
        return required;
    }
    let simple = |f: &&Field| is_simple(model, &f.ty) && !f.deprecated;
    let with_examples: Vec<&Field> = s
        .fields
        .iter()
        .filter(simple)
        .filter(|f| f.constraints.example.is_some())
        .take(3)
        .collect();
    if !with_examples.is_empty() {
        return with_examples;
    }
    s.fields
        .iter()
        .filter(simple)
        .find(|f| f.name == "name")
        .or_else(|| s.fields.iter().find(simple))
        .into_iter()
        .collect()
}

/// Scalars, enums and lists of them: what an example can show without nested objects.
fn is_simple(model: &ApiModel, ty: &TypeRef) -> bool {
    match ty.non_null() {
        TypeRef::String(_) | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => true,
        TypeRef::Array(inner) => {
            !matches!(inner.non_null(), TypeRef::Array(_)) && is_simple(model, inner)
        }
        TypeRef::Named(_) => enum_of(model, ty).is_some(),
        _ => false,
    }
}

/// A parameter's example value.
pub fn param_value(model: &ApiModel, p: &Param) -> Value {
    type_value(model, &p.ty, &p.name, &p.constraints, 0)
}

fn field_value(model: &ApiModel, f: &Field, depth: usize) -> Value {
    type_value(model, &f.ty, &f.name, &f.constraints, depth)
}

/// An example value of `ty` for something called `name`, of at most [`MAX_NODES`] collections.
pub fn type_value(
    model: &ApiModel,
    ty: &TypeRef,
    name: &str,
    constraints: &Constraints,
    depth: usize,
) -> Value {
    let mut budget = MAX_NODES;
    value_within(model, ty, name, constraints, depth, &mut budget)
}

/// [`type_value`] with what is left of the size budget; once it is spent, collections are left
/// empty (and nullable values null).
fn value_within(
    model: &ApiModel,
    ty: &TypeRef,
    name: &str,
    constraints: &Constraints,
    depth: usize,
    budget: &mut usize,
) -> Value {
    if let Some(v) = constraints.constant.as_ref() {
        return v.clone();
    }
    if let Some(v) = constraints.example.as_ref().filter(|v| !v.is_null()) {
        return v.clone();
    }
    if let Some(v) = constraints.default.as_ref().filter(|v| !v.is_null()) {
        return v.clone();
    }
    if *budget == 0 {
        return match ty {
            TypeRef::Nullable(_) => Value::Null,
            _ => match ty.non_null() {
                TypeRef::Array(_) => json!([]),
                TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Any => json!({}),
                _ => value_within(model, ty, name, constraints, depth, &mut 1),
            },
        };
    }
    if matches!(
        ty.non_null(),
        TypeRef::Named(_) | TypeRef::Array(_) | TypeRef::Map(_)
    ) {
        *budget -= 1;
    }
    match ty.non_null() {
        TypeRef::Named(id) => {
            let def = model.ty(*id);
            match &def.kind {
                TypeKind::Enum(e) => e
                    .variants()
                    .next()
                    .map(|(value, _)| value.to_json())
                    .unwrap_or_else(|| json!(name)),
                TypeKind::Alias(inner) => {
                    *budget += 1;
                    value_within(model, inner, name, constraints, depth, budget)
                }
                TypeKind::Union(u) => match u.variants.first() {
                    Some(v) if depth < MAX_DEPTH => {
                        let mut value = value_within(
                            model,
                            &v.ty,
                            name,
                            &Constraints::default(),
                            depth + 1,
                            budget,
                        );
                        if let (Some(property), Some(tag), Value::Object(map)) =
                            (&u.discriminator, v.tags.first(), &mut value)
                        {
                            map.insert(property.clone(), json!(tag));
                        }
                        value
                    }
                    _ => json!({}),
                },
                TypeKind::Struct(s) => {
                    if let Some(example) = def.example.as_ref().filter(|e| e.is_object()) {
                        return example.clone();
                    }
                    let mut map = Map::new();
                    if depth < MAX_DEPTH {
                        for f in s.fields.iter().filter(|f| f.required) {
                            let value = value_within(
                                model,
                                &f.ty,
                                &f.name,
                                &f.constraints,
                                depth + 1,
                                budget,
                            );
                            map.insert(f.name.clone(), value);
                        }
                    }
                    Value::Object(map)
                }
            }
        }
        TypeRef::String(format) => json!(string_example(format.as_deref(), name, constraints)),
        TypeRef::Integer(_) => json!(number_example(constraints) as i64),
        TypeRef::Number(_) => json!(number_example(constraints)),
        TypeRef::Boolean => json!(true),
        TypeRef::Array(inner) => {
            if depth >= MAX_DEPTH {
                return json!([]);
            }
            json!([value_within(
                model,
                inner,
                &crate::names::singular(name),
                &Constraints::default(),
                depth + 1,
                budget
            )])
        }
        TypeRef::Map(inner) => {
            if depth >= MAX_DEPTH {
                return json!({});
            }
            json!({ "key": value_within(model, inner, "value", &Constraints::default(), depth + 1, budget) })
        }
        TypeRef::Any => json!({}),
        TypeRef::Nullable(inner) => value_within(model, inner, name, constraints, depth, budget),
    }
}

fn number_example(c: &Constraints) -> f64 {
    match (c.minimum, c.maximum) {
        (Some((min, exclusive)), _) => {
            if exclusive {
                min + 1.0
            } else {
                min.max(1.0).min(c.maximum.map_or(f64::MAX, |m| m.0))
            }
        }
        (None, Some((max, _))) => max.min(1.0),
        (None, None) => 1.0,
    }
}

fn string_example(format: Option<&str>, name: &str, c: &Constraints) -> String {
    let value = match format {
        Some("uuid") => "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e".to_string(),
        Some("uri") | Some("url") => "https://example.com/callback".to_string(),
        Some("date-time") => "2024-01-01T00:00:00Z".to_string(),
        Some("date") => "2024-01-01".to_string(),
        Some("email") => "user@example.com".to_string(),
        Some("byte") => "ZXhhbXBsZQ==".to_string(),
        _ => {
            let word = crate::names::snake(name);
            format!("example_{word}")
        }
    };
    match c.max_length {
        Some(max) if value.chars().count() > max => value.chars().take(max.max(1)).collect(),
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_follow_format_then_name() {
        let c = Constraints::default();
        assert_eq!(
            string_example(Some("uri"), "x", &c),
            "https://example.com/callback"
        );
        assert_eq!(string_example(None, "page[size]", &c), "example_page_size");
        let short = Constraints {
            max_length: Some(3),
            ..Constraints::default()
        };
        assert_eq!(string_example(None, "token", &short), "exa");
    }

    #[test]
    fn numbers_stay_in_range() {
        let c = Constraints {
            minimum: Some((1.0, false)),
            maximum: Some((100.0, false)),
            ..Constraints::default()
        };
        assert_eq!(number_example(&c), 1.0);
        let exclusive = Constraints {
            minimum: Some((0.0, true)),
            ..Constraints::default()
        };
        assert_eq!(number_example(&exclusive), 1.0);
    }
}
