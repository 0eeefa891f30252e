//! Loads an OpenAPI 3.0.x or 3.1.x document into `openapiv3` types without losing what 3.1 says.
//!
//! `openapiv3` models OpenAPI 3.0 only. Rather than approximate, the loader first rewrites the 3.1
//! constructs into their 3.0 equivalents, keeping whatever has no 3.0 form in `x-oas31-*`
//! extensions or in [`Oas31Extras`]:
//!
//! | 3.1                                   | becomes                                            |
//! |---------------------------------------|----------------------------------------------------|
//! | `type: [T, 'null']`                   | `type: T, nullable: true`                          |
//! | `type: [A, B]`                        | `anyOf: [{type: A}, {type: B}]`                    |
//! | `type: 'null'`                        | `nullable: true` + `x-oas31-null: true`            |
//! | `oneOf`/`anyOf` with a `null` branch   | the other branches, `nullable: true`               |
//! | `const: v`                            | `enum: [v]` + `x-oas31-const: v`                   |
//! | `examples: [..]`                      | `example: <first>` + `x-oas31-examples`            |
//! | `exclusiveMinimum: n` (a number)      | `minimum: n, exclusiveMinimum: true` (same for max)|
//! | schema `$ref` with sibling keys        | `allOf: [{$ref}]` plus the siblings                |
//! | other `$ref` with `description`        | the ref, description kept in [`Oas31Extras`]      |
//! | `webhooks`                            | kept in [`Oas31Extras::webhooks`]                  |
//!
//! `security: []` and an absent `security` stay distinct (`Some(vec![])` vs `None` in `openapiv3`).

use std::collections::HashMap;
use std::path::Path;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::diagnostic::{pointer_push, pointer_tokens, Diagnostic};
use crate::source::SourceFile;

/// Which OpenAPI version the document declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenApiVersion {
    /// 3.0.x
    V30,
    /// 3.1.x
    V31,
}

/// What 3.1 says that `openapiv3` cannot hold.
#[derive(Debug, Clone, Default)]
pub struct Oas31Extras {
    /// `webhooks`, by name, in document order.
    pub webhooks: IndexMap<String, openapiv3::PathItem>,
    /// Descriptions written beside a non-schema `$ref`, keyed by the pointer of the reference.
    pub ref_descriptions: HashMap<String, String>,
    /// `mutualTLS` security schemes (3.1), by name, with their description: taken out of
    /// `components.securitySchemes`, whose `openapiv3` type does not know them.
    pub mutual_tls: IndexMap<String, Option<String>>,
}

/// A loaded document: the 3.0-shaped `openapiv3` model, the normalised JSON (for resolving any
/// local `$ref` by pointer) and the source (for locating diagnostics).
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file as read.
    pub source: SourceFile,
    /// The declared version.
    pub version: OpenApiVersion,
    /// The normalised document as JSON.
    pub normalized: Value,
    /// The typed document.
    pub doc: openapiv3::OpenAPI,
    /// 3.1 information kept beside `doc`.
    pub extras: Oas31Extras,
}

impl LoadedSpec {
    /// Normalises and types an already-read document.
    pub fn from_source(source: SourceFile) -> Result<LoadedSpec, Diagnostic> {
        let path = source.path.clone();
        let located = |d: Diagnostic| source.with_location(d);
        let Some(root) = source.value.as_object() else {
            return Err(located(Diagnostic::error(
                &path,
                "",
                "the document is not a mapping",
                "an OpenAPI document is a mapping with `openapi`, `info` and `paths` at its top",
            )));
        };
        let version = match root.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.1") => OpenApiVersion::V31,
            Some(v) if v.starts_with("3.0") => OpenApiVersion::V30,
            Some(v) => return Err(located(Diagnostic::error(
                &path,
                "/openapi",
                format!("unsupported OpenAPI version `{v}`"),
                "this generator reads OpenAPI 3.0.x and 3.1.x; convert Swagger 2.0 documents first",
            ))),
            None => {
                return Err(located(Diagnostic::error(
                    &path,
                    "/openapi",
                    "the document has no `openapi` version string",
                    "add `openapi: 3.1.0` (or the 3.0.x version it follows) at the top",
                )))
            }
        };

        let mut normalized = source.value.clone();
        let mut extras = Oas31Extras::default();
        let mut normalizer = Normalizer {
            extras: &mut extras,
        };
        normalizer.document(&mut normalized);

        let obj = normalized
            .as_object_mut()
            .expect("checked above: the root is a mapping");
        obj.entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
        let webhooks = obj.remove("webhooks");

        let doc: openapiv3::OpenAPI =
            typed(&path, "", &normalized, Kind::Document).map_err(located)?;
        if let Some(Value::Object(hooks)) = webhooks {
            for (name, mut item) in hooks {
                let pointer = pointer_push("/webhooks", &name);
                // A path item given as a `$ref` (3.1: `#/components/pathItems/...`).
                if let Some(reference) = item.get("$ref").and_then(Value::as_str) {
                    let target = reference
                        .strip_prefix('#')
                        .and_then(|p| normalized.pointer(p))
                        .cloned();
                    item = target.ok_or_else(|| {
                        located(Diagnostic::error(
                            &path,
                            pointer_push(&pointer, "$ref"),
                            format!("`{reference}` points at nothing in this document"),
                            "define the path item it names (under components/pathItems), or correct the reference",
                        ))
                    })?;
                }
                let item: openapiv3::PathItem =
                    typed(&path, &pointer, &item, Kind::PathItem).map_err(located)?;
                extras.webhooks.insert(name, item);
            }
            // Put them back so `resolve_pointer` can follow refs into webhooks too.
            normalized
                .as_object_mut()
                .expect("checked above: the root is a mapping")
                .insert("webhooks".into(), Value::Null);
        }
        Ok(LoadedSpec {
            source,
            version,
            normalized,
            doc,
            extras,
        })
    }

    /// The normalised JSON node at a local `$ref` such as `#/components/schemas/X`.
    pub fn node(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        self.normalized.pointer(pointer)
    }

    /// Follows a local `$ref` to a typed object, with a diagnostic at `from` when it dangles or is
    /// not of the expected kind.
    pub fn follow<T: serde::de::DeserializeOwned>(
        &self,
        reference: &str,
        from: &str,
        what: &str,
    ) -> Result<T, Diagnostic> {
        if !reference.starts_with('#') {
            return Err(self.error(
                &pointer_push(from, "$ref"),
                format!("external reference `{reference}` is not supported"),
                "bundle the document into one file first (for example `redocly bundle`), so every $ref starts with `#/`",
            ));
        }
        let Some(node) = self.node(reference) else {
            return Err(self.error(
                &pointer_push(from, "$ref"),
                format!("`{reference}` points at nothing in this document"),
                format!("define the {what} it names, or correct the reference"),
            ));
        };
        typed(
            &self.source.path,
            &reference[1..],
            node,
            Kind::from_what(what),
        )
        .map_err(|d| self.source.with_location(d))
    }

    /// An error located in this document.
    pub fn error(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        self.source
            .with_location(Diagnostic::error(&self.source.path, pointer, message, help))
    }

    /// A warning located in this document.
    pub fn warning(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        self.source.with_location(Diagnostic::warning(
            &self.source.path,
            pointer,
            message,
            help,
        ))
    }
}

/// Deserializes `value` (found at `base` in `file`) into `T`. On failure the diagnostic points at
/// the innermost node that does not fit (see [`narrow`]), not at the map that holds it.
fn typed<T: serde::de::DeserializeOwned>(
    file: &Path,
    base: &str,
    value: &Value,
    kind: Kind,
) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let (pointer, inner) = narrow(kind, value, base).unwrap_or_else(|| (path_pointer(base, e.path()), e.into_inner().to_string()));
        let message = if inner.contains("untagged enum") || inner.contains("did not match any variant") {
            "this node is neither a valid `$ref` nor a valid OpenAPI object of the kind expected here".to_string()
        } else {
            format!("this node does not fit the OpenAPI schema: {inner}")
        };
        Diagnostic::error(
            file,
            pointer,
            message,
            "compare it with the OpenAPI 3.x specification for this object (a validator such as `openapi-spec-validator` shows the rule it breaks)",
        )
    })
}

/// The JSON pointer (under `base`) of the node a `serde_path_to_error` path names.
pub(crate) fn path_pointer(base: &str, path: &serde_path_to_error::Path) -> String {
    let mut pointer = base.to_string();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                pointer = pointer_push(&pointer, &index.to_string())
            }
            serde_path_to_error::Segment::Map { key } => pointer = pointer_push(&pointer, key),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

/// The kinds of OpenAPI object [`narrow`] knows the children of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Document,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Schema,
    SecurityScheme,
}

impl Kind {
    fn from_what(what: &str) -> Kind {
        match what {
            "parameter" => Kind::Parameter,
            "request body" => Kind::RequestBody,
            "response" => Kind::Response,
            "path item" => Kind::PathItem,
            "security scheme" => Kind::SecurityScheme,
            _ => Kind::Schema,
        }
    }

    fn check(self, value: &Value) -> Result<(), (String, String)> {
        fn de<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), (String, String)> {
            serde_path_to_error::deserialize::<_, T>(value)
                .map(|_| ())
                .map_err(|e| (path_pointer("", e.path()), e.into_inner().to_string()))
        }
        use openapiv3 as o;
        match self {
            Kind::Document => de::<o::OpenAPI>(value),
            Kind::Components => de::<o::Components>(value),
            Kind::PathItem => de::<o::ReferenceOr<o::PathItem>>(value),
            Kind::Operation => de::<o::Operation>(value),
            Kind::Parameter => de::<o::ReferenceOr<o::Parameter>>(value),
            Kind::RequestBody => de::<o::ReferenceOr<o::RequestBody>>(value),
            Kind::Response => de::<o::ReferenceOr<o::Response>>(value),
            Kind::MediaType => de::<o::MediaType>(value),
            Kind::Schema => de::<o::ReferenceOr<o::Schema>>(value),
            Kind::SecurityScheme => de::<o::ReferenceOr<o::SecurityScheme>>(value),
        }
    }

    /// Children of a node of this kind that are themselves typed objects.
    fn children(self, value: &Value) -> Vec<(Vec<String>, Kind)> {
        let mut out = vec![];
        let map_of = |out: &mut Vec<(Vec<String>, Kind)>, key: &str, kind: Kind| {
            if let Some(Value::Object(m)) = value.get(key) {
                out.extend(m.keys().map(|k| (vec![key.to_string(), k.clone()], kind)));
            }
        };
        let list_of = |out: &mut Vec<(Vec<String>, Kind)>, key: &str, kind: Kind| {
            if let Some(Value::Array(items)) = value.get(key) {
                out.extend((0..items.len()).map(|i| (vec![key.to_string(), i.to_string()], kind)));
            }
        };
        let one = |out: &mut Vec<(Vec<String>, Kind)>, key: &str, kind: Kind| {
            if value.get(key).is_some_and(Value::is_object) {
                out.push((vec![key.to_string()], kind));
            }
        };
        match self {
            Kind::Document => {
                map_of(&mut out, "paths", Kind::PathItem);
                one(&mut out, "components", Kind::Components);
            }
            Kind::Components => {
                map_of(&mut out, "schemas", Kind::Schema);
                map_of(&mut out, "parameters", Kind::Parameter);
                map_of(&mut out, "responses", Kind::Response);
                map_of(&mut out, "requestBodies", Kind::RequestBody);
                map_of(&mut out, "headers", Kind::Parameter);
                map_of(&mut out, "securitySchemes", Kind::SecurityScheme);
            }
            Kind::PathItem => {
                list_of(&mut out, "parameters", Kind::Parameter);
                for m in HTTP_METHODS {
                    one(&mut out, m, Kind::Operation);
                }
            }
            Kind::Operation => {
                list_of(&mut out, "parameters", Kind::Parameter);
                one(&mut out, "requestBody", Kind::RequestBody);
                map_of(&mut out, "responses", Kind::Response);
            }
            Kind::Parameter => {
                one(&mut out, "schema", Kind::Schema);
                map_of(&mut out, "content", Kind::MediaType);
            }
            Kind::RequestBody => map_of(&mut out, "content", Kind::MediaType),
            Kind::Response => {
                map_of(&mut out, "content", Kind::MediaType);
                map_of(&mut out, "headers", Kind::Parameter);
            }
            Kind::MediaType => one(&mut out, "schema", Kind::Schema),
            Kind::Schema => {
                map_of(&mut out, "properties", Kind::Schema);
                one(&mut out, "items", Kind::Schema);
                one(&mut out, "additionalProperties", Kind::Schema);
                one(&mut out, "not", Kind::Schema);
                for key in ["allOf", "oneOf", "anyOf"] {
                    list_of(&mut out, key, Kind::Schema);
                }
            }
            Kind::SecurityScheme => {}
        }
        out
    }
}

/// The innermost node under `value` (at `pointer`) that does not deserialize as its kind, with
/// serde's message. `None` when the node is fine.
fn narrow(kind: Kind, value: &Value, pointer: &str) -> Option<(String, String)> {
    let (sub, message) = kind.check(value).err()?;
    for (tokens, child_kind) in kind.children(value) {
        let mut child = value;
        let mut child_pointer = pointer.to_string();
        for t in &tokens {
            child = match child {
                Value::Object(m) => m.get(t)?,
                Value::Array(a) => a.get(t.parse::<usize>().ok()?)?,
                _ => return None,
            };
            child_pointer = pointer_push(&child_pointer, t);
        }
        if let Some(found) = narrow(child_kind, child, &child_pointer) {
            return Some(found);
        }
    }
    // Inside `#[serde(flatten)]` serde loses the path; find the key whose removal fixes the node.
    if sub.is_empty() {
        if let Value::Object(map) = value {
            for key in map.keys() {
                let mut without = map.clone();
                without.remove(key);
                let fixed = match kind.check(&Value::Object(without)) {
                    Ok(()) => true,
                    // A required key with a wrong value: without it, serde names it as missing.
                    Err((_, m)) => m.contains(&format!("missing field `{key}`")),
                };
                if fixed {
                    return Some((pointer_push(pointer, key), message));
                }
            }
        }
    }
    Some((format!("{pointer}{sub}"), message))
}

struct Normalizer<'a> {
    extras: &'a mut Oas31Extras,
}

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Normalizer<'_> {
    fn document(&mut self, doc: &mut Value) {
        if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
            for (key, item) in paths.iter_mut() {
                self.path_item(item, &pointer_push("/paths", key));
            }
        }
        if let Some(hooks) = doc.get_mut("webhooks").and_then(Value::as_object_mut) {
            for (key, item) in hooks.iter_mut() {
                self.path_item(item, &pointer_push("/webhooks", key));
            }
        }
        let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else {
            return;
        };
        if let Some(schemes) = components
            .get_mut("securitySchemes")
            .and_then(Value::as_object_mut)
        {
            let mutual: Vec<String> = schemes
                .iter()
                .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(name, _)| name.clone())
                .collect();
            for name in mutual {
                let description = schemes.shift_remove(&name).and_then(|s| {
                    s.get("description")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                });
                self.extras.mutual_tls.insert(name, description);
            }
        }
        for (section, value) in components.iter_mut() {
            let Some(entries) = value.as_object_mut() else {
                continue;
            };
            let base = pointer_push("/components", section);
            for (name, entry) in entries.iter_mut() {
                let p = pointer_push(&base, name);
                match section.as_str() {
                    "schemas" => self.schema(entry),
                    "parameters" => self.parameter(entry, &p),
                    "responses" => self.response(entry, &p),
                    "requestBodies" => self.request_body(entry, &p),
                    "headers" => self.header(entry, &p),
                    "pathItems" => self.path_item(entry, &p),
                    _ => {}
                }
            }
        }
    }

    /// Strips the keys 3.1 allows beside a non-schema `$ref`, keeping its description.
    fn reference(&mut self, node: &mut Value, pointer: &str) -> bool {
        let Some(obj) = node.as_object_mut() else {
            return false;
        };
        if !obj.contains_key("$ref") {
            return false;
        }
        if obj.len() > 1 {
            if let Some(Value::String(d)) = obj.get("description") {
                self.extras
                    .ref_descriptions
                    .insert(pointer.to_string(), d.clone());
            }
            obj.retain(|k, _| k == "$ref");
        }
        true
    }

    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        if self.reference(item, pointer) {
            return;
        }
        let Some(obj) = item.as_object_mut() else {
            return;
        };
        for (key, value) in obj.iter_mut() {
            let p = pointer_push(pointer, key);
            if key == "parameters" {
                self.parameters(value, &p);
            } else if HTTP_METHODS.contains(&key.as_str()) {
                self.operation(value, &p);
            }
        }
    }

    fn parameters(&mut self, list: &mut Value, pointer: &str) {
        if let Some(items) = list.as_array_mut() {
            for (i, p) in items.iter_mut().enumerate() {
                self.parameter(p, &pointer_push(pointer, &i.to_string()));
            }
        }
    }

    fn operation(&mut self, op: &mut Value, pointer: &str) {
        let Some(obj) = op.as_object_mut() else {
            return;
        };
        // 3.1 makes `responses` optional: an operation without them documents none.
        obj.entry("responses")
            .or_insert_with(|| Value::Object(Map::new()));
        // Callbacks are requests the API sends, which a client never makes; 3.1 allows them (and
        // their path items) as `$ref`s, which `openapiv3` cannot hold. Not read by anything.
        obj.remove("callbacks");
        for (key, value) in obj.iter_mut() {
            let p = pointer_push(pointer, key);
            match key.as_str() {
                "parameters" => self.parameters(value, &p),
                "requestBody" => self.request_body(value, &p),
                "responses" => {
                    if let Some(responses) = value.as_object_mut() {
                        for (status, r) in responses.iter_mut() {
                            self.response(r, &pointer_push(&p, status));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn parameter(&mut self, param: &mut Value, pointer: &str) {
        if self.reference(param, pointer) {
            return;
        }
        if let Some(schema) = param.get_mut("schema") {
            self.schema(schema);
        }
        self.content(param, pointer);
    }

    fn header(&mut self, header: &mut Value, pointer: &str) {
        self.parameter(header, pointer);
    }

    fn request_body(&mut self, body: &mut Value, pointer: &str) {
        if !self.reference(body, pointer) {
            self.content(body, pointer);
        }
    }

    fn response(&mut self, response: &mut Value, pointer: &str) {
        if self.reference(response, pointer) {
            return;
        }
        self.content(response, pointer);
        if let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) {
            for (name, h) in headers.iter_mut() {
                self.header(h, &pointer_push(&pointer_push(pointer, "headers"), name));
            }
        }
    }

    fn content(&mut self, holder: &mut Value, _pointer: &str) {
        let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema);
            }
        }
    }

    /// Rewrites one schema (and everything nested in it) into the 3.0 shape.
    fn schema(&mut self, schema: &mut Value) {
        let Some(obj) = schema.as_object_mut() else {
            return;
        };

        // Children first, so a parent sees normalised branches.
        for key in [
            "items",
            "not",
            "additionalProperties",
            "contains",
            "propertyNames",
            "if",
            "then",
            "else",
        ] {
            if let Some(child) = obj.get_mut(key) {
                self.schema(child);
            }
        }
        for key in [
            "properties",
            "patternProperties",
            "$defs",
            "definitions",
            "dependentSchemas",
        ] {
            if let Some(Value::Object(children)) = obj.get_mut(key) {
                for child in children.values_mut() {
                    self.schema(child);
                }
            }
        }
        for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
            if let Some(Value::Array(children)) = obj.get_mut(key) {
                for child in children.iter_mut() {
                    self.schema(child);
                }
            }
        }

        // `$ref` with siblings: wrap so the siblings survive `openapiv3`'s Reference type.
        if obj.contains_key("$ref") && obj.len() > 1 {
            let reference = obj.remove("$ref").expect("checked: key present");
            let mut inner = Map::new();
            inner.insert("$ref".into(), reference);
            obj.insert("allOf".into(), Value::Array(vec![Value::Object(inner)]));
            obj.insert("x-oas31-ref-siblings".into(), Value::Bool(true));
        }

        // `type` arrays.
        if let Some(Value::Array(types)) = obj.get("type").cloned() {
            let mut names: Vec<String> = types
                .iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect();
            let had_null = names.iter().any(|t| t == "null");
            names.retain(|t| t != "null");
            obj.remove("type");
            if had_null {
                obj.insert("nullable".into(), Value::Bool(true));
            }
            match names.len() {
                0 => {
                    obj.insert("x-oas31-null".into(), Value::Bool(true));
                }
                1 => {
                    obj.insert("type".into(), Value::String(names.remove(0)));
                }
                _ => {
                    let branches = names
                        .into_iter()
                        .map(|t| {
                            let mut m = Map::new();
                            m.insert("type".into(), Value::String(t));
                            Value::Object(m)
                        })
                        .collect();
                    obj.insert("anyOf".into(), Value::Array(branches));
                }
            }
        } else if obj.get("type").and_then(Value::as_str) == Some("null") {
            obj.remove("type");
            obj.insert("nullable".into(), Value::Bool(true));
            obj.insert("x-oas31-null".into(), Value::Bool(true));
        }

        // `null` branches of oneOf / anyOf.
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = obj.get_mut(key) else {
                continue;
            };
            let before = branches.len();
            branches.retain(|b| !is_null_schema(b));
            if branches.len() == before {
                continue;
            }
            obj.insert("nullable".into(), Value::Bool(true));
            let Some(Value::Array(branches)) = obj.get(key) else {
                continue;
            };
            if branches.len() == 1 && !obj.contains_key("discriminator") {
                let only = branches[0].clone();
                obj.remove(key);
                match only {
                    Value::Object(branch) if branch.contains_key("$ref") => {
                        obj.insert("allOf".into(), Value::Array(vec![Value::Object(branch)]));
                    }
                    Value::Object(branch) => {
                        for (k, v) in branch {
                            obj.entry(k).or_insert(v);
                        }
                    }
                    _ => {}
                }
            }
        }

        // `const`.
        if let Some(value) = obj.get("const").cloned() {
            obj.remove("const");
            if !obj.contains_key("enum") {
                obj.insert("enum".into(), Value::Array(vec![value.clone()]));
            }
            if !obj.contains_key("type") && !obj.contains_key("x-oas31-null") {
                let inferred = match &value {
                    Value::String(_) => Some("string"),
                    Value::Bool(_) => Some("boolean"),
                    Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                    Value::Number(_) => Some("number"),
                    _ => None,
                };
                if let Some(t) = inferred {
                    obj.insert("type".into(), Value::String(t.into()));
                }
            }
            obj.insert("x-oas31-const".into(), value);
        }

        // `examples` (a list in 3.1 schemas).
        if let Some(Value::Array(examples)) = obj.get("examples").cloned() {
            obj.remove("examples");
            if let Some(first) = examples.first() {
                obj.entry("example").or_insert_with(|| first.clone());
            }
            obj.insert("x-oas31-examples".into(), Value::Array(examples));
        }

        // Numeric exclusive bounds.
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(n @ Value::Number(_)) = obj.get(exclusive).cloned() {
                obj.insert(bound.into(), n);
                obj.insert(exclusive.into(), Value::Bool(true));
            }
        }

        // Integer bounds `openapiv3` cannot hold as `i64` (beyond 64 bits, or written as a float):
        // whole floats within range become integers, the others are kept as floats aside.
        if obj.get("type").and_then(Value::as_str) == Some("integer") {
            for key in ["minimum", "maximum", "multipleOf"] {
                let Some(Value::Number(n)) = obj.get(key) else {
                    continue;
                };
                if n.is_i64() {
                    continue;
                }
                let float = n.as_f64().unwrap_or(f64::NAN);
                if float.fract() == 0.0 && float >= i64::MIN as f64 && float < i64::MAX as f64 {
                    obj.insert(key.into(), Value::from(float as i64));
                } else if let Some(n) = obj.remove(key) {
                    obj.insert(format!("x-float-{key}"), n);
                }
            }
        }
    }
}

fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.len() == 1 && ts[0] == "null",
        _ => schema.get("x-oas31-null") == Some(&Value::Bool(true)),
    }
}

/// The JSON pointer written in a local `$ref` (`#/a/b` → `/a/b`).
pub fn ref_pointer(reference: &str) -> &str {
    reference.strip_prefix('#').unwrap_or(reference)
}

/// The last token of a `$ref`, unescaped: the component's name.
pub fn ref_name(reference: &str) -> String {
    pointer_tokens(ref_pointer(reference))
        .pop()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(yaml: &str) -> Result<LoadedSpec, Diagnostic> {
        LoadedSpec::from_source(SourceFile::parse(Path::new("t.yaml"), yaml.to_string())?)
    }

    fn schema(spec: &LoadedSpec, name: &str) -> Value {
        spec.normalized["components"]["schemas"][name].clone()
    }

    const BASE: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn type_arrays_become_nullable() {
        let s = load(&format!(
            "{BASE}components:\n  schemas:\n    A: {{type: [string, 'null'], format: uri}}\n"
        ))
        .unwrap();
        let a = schema(&s, "A");
        assert_eq!(a["type"], "string");
        assert_eq!(a["nullable"], true);
        let typed = s.doc.components.as_ref().unwrap().schemas["A"]
            .as_item()
            .unwrap()
            .clone();
        assert!(typed.schema_data.nullable);
    }

    #[test]
    fn const_examples_and_exclusive_bounds() {
        let s = load(&format!(
            "{BASE}components:\n  schemas:\n    A: {{const: fixed}}\n    B: {{type: integer, exclusiveMinimum: 0, exclusiveMaximum: 10, examples: [3, 4]}}\n"
        ))
        .unwrap();
        let a = schema(&s, "A");
        assert_eq!(a["enum"], serde_json::json!(["fixed"]));
        assert_eq!(a["x-oas31-const"], "fixed");
        assert_eq!(a["type"], "string");
        let b = schema(&s, "B");
        assert_eq!(
            (b["minimum"].clone(), b["exclusiveMinimum"].clone()),
            (serde_json::json!(0), Value::Bool(true))
        );
        assert_eq!(
            (b["maximum"].clone(), b["exclusiveMaximum"].clone()),
            (serde_json::json!(10), Value::Bool(true))
        );
        assert_eq!(b["example"], 3);
        assert_eq!(b["x-oas31-examples"], serde_json::json!([3, 4]));
    }

    #[test]
    fn ref_siblings_are_kept_and_null_branches_fold() {
        let s = load(&format!(
            "{BASE}components:\n  schemas:\n    A: {{type: string}}\n    B:\n      $ref: '#/components/schemas/A'\n      description: kept\n    C:\n      oneOf: [{{$ref: '#/components/schemas/A'}}, {{type: 'null'}}]\n"
        ))
        .unwrap();
        let b = schema(&s, "B");
        assert_eq!(b["description"], "kept");
        assert_eq!(b["allOf"][0]["$ref"], "#/components/schemas/A");
        let c = schema(&s, "C");
        assert_eq!(c["nullable"], true);
        assert_eq!(c["allOf"][0]["$ref"], "#/components/schemas/A");
        assert!(c.get("oneOf").is_none());
    }

    #[test]
    fn empty_security_is_distinct_from_absent_security() {
        let s = load(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      security: []\n      responses: {'200': {description: ok}}\n  /b:\n    get:\n      responses: {'200': {description: ok}}\n",
        )
        .unwrap();
        let a = s.doc.paths.paths["/a"]
            .as_item()
            .unwrap()
            .get
            .as_ref()
            .unwrap();
        let b = s.doc.paths.paths["/b"]
            .as_item()
            .unwrap()
            .get
            .as_ref()
            .unwrap();
        assert_eq!(a.security, Some(vec![]));
        assert_eq!(b.security, None);
    }

    #[test]
    fn webhooks_are_kept() {
        let s = load(&format!(
            "{BASE}webhooks:\n  clientCreated:\n    post:\n      requestBody: {{content: {{application/json: {{schema: {{type: object}}}}}}}}\n      responses: {{'200': {{description: ok}}}}\n"
        ))
        .unwrap();
        assert!(s.extras.webhooks["clientCreated"].post.is_some());
    }

    #[test]
    fn integer_bounds_beyond_i64_are_kept_aside_as_floats() {
        let s = load(&format!(
            "{BASE}components:\n  schemas:\n    A: {{type: integer, minimum: -9223372036854775808.0, maximum: 18446744073709552000, multipleOf: 2.0}}\n    B: {{type: integer, exclusiveMaximum: 1e30}}\n"
        ))
        .unwrap();
        let a = schema(&s, "A");
        assert_eq!(a["minimum"], serde_json::json!(i64::MIN));
        assert_eq!(a["multipleOf"], serde_json::json!(2));
        assert!(a.get("maximum").is_none());
        assert_eq!(a["x-float-maximum"].as_f64(), Some(18446744073709552000.0));
        let b = schema(&s, "B");
        assert_eq!(b["x-float-maximum"].as_f64(), Some(1e30));
        assert_eq!(b["exclusiveMaximum"], true);
    }

    #[test]
    fn responses_are_optional_and_callbacks_may_be_refs() {
        let s = load(&format!(
            "{BASE}components:\n  callbacks:\n    C: {{'{{$request.body#/url}}': {{$ref: '#/components/pathItems/P'}}}}\n  pathItems:\n    P: {{post: {{}}}}\n"
        ).replace("paths: {}", "paths:\n  /a:\n    post:\n      callbacks: {c: {$ref: '#/components/callbacks/C'}}\n"))
        .unwrap();
        let op = s.doc.paths.paths["/a"]
            .as_item()
            .unwrap()
            .post
            .as_ref()
            .unwrap();
        assert!(op.responses.responses.is_empty() && op.responses.default.is_none());
        assert!(op.callbacks.is_empty());
    }

    #[test]
    fn mutual_tls_schemes_are_kept_aside() {
        let s = load(&format!(
            "{BASE}components:\n  securitySchemes:\n    cert: {{type: mutualTLS, description: a certificate}}\n    key: {{type: apiKey, in: header, name: X-Key}}\n"
        ))
        .unwrap();
        assert_eq!(
            s.extras.mutual_tls.get("cert"),
            Some(&Some("a certificate".to_string()))
        );
        let schemes = &s.doc.components.as_ref().unwrap().security_schemes;
        assert_eq!(schemes.keys().collect::<Vec<_>>(), ["key"]);
    }

    #[test]
    fn webhooks_may_be_refs_to_path_items() {
        let s = load(&format!(
            "{BASE}webhooks:\n  made: {{$ref: '#/components/pathItems/P'}}\ncomponents:\n  pathItems:\n    P: {{post: {{responses: {{'200': {{description: ok}}}}}}}}\n"
        ))
        .unwrap();
        assert!(s.extras.webhooks["made"].post.is_some());
        let err = load(&format!(
            "{BASE}webhooks:\n  made: {{$ref: '#/components/pathItems/Q'}}\n"
        ))
        .unwrap_err();
        assert_eq!(err.pointer, "/webhooks/made/$ref");
        assert!(err.location.is_some(), "{err}");
    }

    #[test]
    fn errors_point_at_the_offending_node() {
        let err = load("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: [not, a, string]\n").unwrap_err();
        assert_eq!(err.pointer, "/paths/~1a/get/responses/200/description");
        assert!(err.location.is_some(), "{err}");
        let err = load("openapi: 2.0\n").unwrap_err();
        assert_eq!(err.pointer, "/openapi");
        assert_eq!(err.location, Some((1, 10)));
    }
}
