//! A schema seen through one lens (`View`), whatever `openapiv3` variant holds it, and what is read
//! straight off a schema: prose, sensitivity, `required`.

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::diagnostic::pointer_push;
use crate::model::*;

/// A schema seen through one lens, whatever `openapiv3` variant holds it.
pub(super) struct View<'s> {
    pub(super) typ: Option<&'static str>,
    pub(super) format: Option<String>,
    /// `enum` as JSON with each value's index in the list (`null` left out).
    pub(super) enum_values: Vec<(usize, Value)>,
    pub(super) properties: Vec<(&'s String, &'s ReferenceOr<Box<Schema>>)>,
    pub(super) required: &'s [String],
    pub(super) additional: Option<&'s AdditionalProperties>,
    pub(super) items: Option<&'s ReferenceOr<Box<Schema>>>,
    pub(super) one_of: &'s [ReferenceOr<Schema>],
    pub(super) any_of: &'s [ReferenceOr<Schema>],
    pub(super) all_of: &'s [ReferenceOr<Schema>],
    pub(super) constraints: Constraints,
    pub(super) is_null: bool,
}

fn format_of<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(item) => Some(match format!("{item:?}").as_str() {
            "DateTime" => "date-time".to_string(),
            other => other.to_lowercase(),
        }),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The values of an `enum` list with their indices, `null`s (`None`) left out.
fn indexed(values: impl Iterator<Item = Option<Value>>) -> Vec<(usize, Value)> {
    values
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect()
}

/// A piece of prose and the JSON pointer of its string.
pub(super) type Prose = (String, String);

/// A schema's description (else its title), with the JSON pointer of that string; `at` is the
/// schema's pointer.
pub(super) fn schema_prose(schema: &Schema, at: &str) -> (Option<String>, Option<String>) {
    let data = &schema.schema_data;
    match (&data.description, &data.title) {
        (Some(d), _) => (Some(d.clone()), Some(pointer_push(at, "description"))),
        (None, Some(t)) => (Some(t.clone()), Some(pointer_push(at, "title"))),
        (None, None) => (None, None),
    }
}

pub(super) fn view(schema: &Schema) -> View<'_> {
    let data = &schema.schema_data;
    let mut v = View {
        typ: None,
        format: None,
        enum_values: vec![],
        properties: vec![],
        required: &[],
        additional: None,
        items: None,
        one_of: &[],
        any_of: &[],
        all_of: &[],
        constraints: Constraints {
            default: data.default.clone(),
            example: data.example.clone(),
            constant: data.extensions.get("x-oas31-const").cloned(),
            ..Constraints::default()
        },
        is_null: data.extensions.get("x-oas31-null") == Some(&Value::Bool(true)),
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.typ = Some("string");
            v.format = format_of(&s.format);
            v.enum_values = indexed(s.enumeration.iter().map(|e| e.clone().map(Value::from)));
            v.constraints.min_length = s.min_length;
            v.constraints.max_length = s.max_length;
            v.constraints.pattern = s.pattern.clone();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.typ = Some("integer");
            v.format = format_of(&i.format);
            v.enum_values = indexed(i.enumeration.iter().map(|e| e.map(Value::from)));
            // Bounds beyond 64 bits are kept aside by the loader, as floats.
            let float = |key: &str| data.extensions.get(key).and_then(Value::as_f64);
            v.constraints.minimum = i
                .minimum
                .map(|m| m as f64)
                .or_else(|| float("x-float-minimum"))
                .map(|m| (m, i.exclusive_minimum));
            v.constraints.maximum = i
                .maximum
                .map(|m| m as f64)
                .or_else(|| float("x-float-maximum"))
                .map(|m| (m, i.exclusive_maximum));
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.typ = Some("number");
            v.format = format_of(&n.format);
            v.enum_values = indexed(n.enumeration.iter().map(|e| e.map(Value::from)));
            v.constraints.minimum = n.minimum.map(|m| (m, n.exclusive_minimum));
            v.constraints.maximum = n.maximum.map(|m| (m, n.exclusive_maximum));
        }
        SchemaKind::Type(Type::Boolean(_)) => v.typ = Some("boolean"),
        SchemaKind::Type(Type::Object(o)) => {
            v.typ = Some("object");
            v.properties = o.properties.iter().collect();
            v.required = &o.required;
            v.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.typ = Some("array");
            v.items = a.items.as_ref();
        }
        SchemaKind::OneOf { one_of } => v.one_of = one_of,
        SchemaKind::AnyOf { any_of } => v.any_of = any_of,
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::Not { .. } => {}
        SchemaKind::Any(a) => {
            v.typ = match a.typ.as_deref() {
                Some("string") => Some("string"),
                Some("integer") => Some("integer"),
                Some("number") => Some("number"),
                Some("boolean") => Some("boolean"),
                Some("array") => Some("array"),
                Some("object") => Some("object"),
                _ if !a.properties.is_empty() || a.additional_properties.is_some() => {
                    Some("object")
                }
                _ if a.items.is_some() => Some("array"),
                _ => None,
            };
            v.format = a.format.clone();
            v.enum_values = indexed(
                a.enumeration
                    .iter()
                    .map(|e| Some(e.clone()).filter(|e| !e.is_null())),
            );
            v.properties = a.properties.iter().collect();
            v.required = &a.required;
            v.additional = a.additional_properties.as_ref();
            v.items = a.items.as_ref();
            v.one_of = &a.one_of;
            v.any_of = &a.any_of;
            v.all_of = &a.all_of;
            v.constraints.minimum = a.minimum.map(|m| (m, a.exclusive_minimum.unwrap_or(false)));
            v.constraints.maximum = a.maximum.map(|m| (m, a.exclusive_maximum.unwrap_or(false)));
            v.constraints.min_length = a.min_length;
            v.constraints.max_length = a.max_length;
            v.constraints.pattern = a.pattern.clone();
        }
    }
    v
}

/// Field names that hold secrets: redacted in `Debug`.
pub(super) fn is_sensitive(name: &str, schema: Option<&Schema>) -> bool {
    let n = name.to_ascii_lowercase();
    let by_name = n.ends_with("secret")
        || n.ends_with("password")
        || n == "token"
        || n.ends_with("_token")
        || n == "code_verifier"
        || n == "code"
        || n == "api_key";
    let by_schema = schema.is_some_and(|s| {
        s.schema_data.extensions.get("x-sensitive") == Some(&Value::Bool(true))
            || matches!(&s.schema_kind, SchemaKind::Type(Type::String(t)) if matches!(t.format, VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)))
    });
    by_name || by_schema
}

/// The names a schema's `required` lists, each with its JSON pointer.
pub(super) fn required_at(v: &View<'_>, pointer: &str) -> Vec<(String, String)> {
    let at = pointer_push(pointer, "required");
    v.required
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), pointer_push(&at, &i.to_string())))
        .collect()
}

pub(super) fn unbox(s: &ReferenceOr<Box<Schema>>) -> ReferenceOr<&Schema> {
    match s {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(b) => ReferenceOr::Item(&**b),
    }
}

pub(super) fn as_ref(s: &ReferenceOr<Schema>) -> ReferenceOr<&Schema> {
    match s {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(b) => ReferenceOr::Item(b),
    }
}
