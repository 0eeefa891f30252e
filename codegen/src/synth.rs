//! Synthetic OpenAPI documents of any size, with the shapes real APIs have (paginated lists with
//! bracketed filters, create/retrieve/update/delete, nested objects, arrays of objects, string and
//! integer enums, nullable fields, shared schemas), for benchmarks and scale tests. No third-party
//! spec is used.
//!
//! [`Shape`]s add, one switch each, the constructs large vendor specs have and the first synthetic
//! specs did not: page types shared by several lists, number-typed page meta, deprecated required
//! fields, `apiKey` schemes, media types with parameters, text bodies, bounds beyond 64 bits,
//! path-item `$ref`s, operations without `responses`, and the bulk of real documents (long
//! descriptions, nested objects, big enums, shared components). With every shape on, 1,156
//! operations make about 4 MB of YAML, like the large vendor spec they imitate.

use serde_json::{json, Map, Value};

/// Which flavour of OpenAPI to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// 3.1: nullable as type arrays.
    V31,
    /// 3.0: `nullable: true` (for peers that only read 3.0).
    V30,
}

/// A construct of real specs that the synthetic spec can include (each on its own switch, so a
/// benchmark can leave out what a generator refuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shape {
    /// One page type (a component) answering two list operations.
    SharedPages,
    /// Pagination `meta` fields declared `type: number`.
    NumberPageMeta,
    /// A required field marked `deprecated: true`, in a response type and a request body.
    DeprecatedRequired,
    /// `apiKey` security schemes in a header, the query and a cookie, each used by operations.
    ApiKeys,
    /// Request bodies declared as `application/json; charset=utf-8`.
    CharsetMediaTypes,
    /// A `text/plain` request body.
    TextBodies,
    /// Integer bounds beyond 64 bits (`maximum: 18446744073709552000`) or written as floats.
    HugeBounds,
    /// A path item given as a `$ref` to `components/pathItems` (3.1 only).
    PathItemRefs,
    /// An operation without `responses` (3.1 only).
    NoResponses,
    /// The bulk of real documents: long descriptions, nested objects, big enums, shared components.
    Bulk,
    /// A retrieve that also offers a PDF (one resource in twelve): the generator warns about each,
    /// as about twenty constructs of the large vendor spec.
    PdfAlternatives,
}

impl Shape {
    /// Every shape, in a stable order.
    pub const ALL: [Shape; 11] = [
        Shape::SharedPages,
        Shape::NumberPageMeta,
        Shape::DeprecatedRequired,
        Shape::ApiKeys,
        Shape::CharsetMediaTypes,
        Shape::TextBodies,
        Shape::HugeBounds,
        Shape::PathItemRefs,
        Shape::NoResponses,
        Shape::Bulk,
        Shape::PdfAlternatives,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Shape::SharedPages => "shared-pages",
            Shape::NumberPageMeta => "number-page-meta",
            Shape::DeprecatedRequired => "deprecated-required",
            Shape::ApiKeys => "api-keys",
            Shape::CharsetMediaTypes => "charset-media-types",
            Shape::TextBodies => "text-bodies",
            Shape::HugeBounds => "huge-bounds",
            Shape::PathItemRefs => "path-item-refs",
            Shape::NoResponses => "no-responses",
            Shape::Bulk => "bulk",
            Shape::PdfAlternatives => "pdf-alternatives",
        }
    }

    /// The shape named `name` on the command line.
    pub fn from_name(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether `flavor` can express this shape (path-item `$ref`s and optional `responses` are
    /// 3.1 only).
    pub fn fits(self, flavor: Flavor) -> bool {
        flavor == Flavor::V31 || !matches!(self, Shape::PathItemRefs | Shape::NoResponses)
    }
}

/// A document with `operations` operations (rounded up to whole resources of five).
pub fn synthetic_spec(operations: usize, flavor: Flavor) -> Value {
    build(operations.div_ceil(5).max(1) * 5, flavor, &[])
}

/// A document with exactly `operations` operations (resources of five, the last one possibly
/// shorter) and the given real-world `shapes` (those `flavor` cannot express are left out).
pub fn real_shaped_spec(operations: usize, flavor: Flavor, shapes: &[Shape]) -> Value {
    let shapes: Vec<Shape> = shapes.iter().copied().filter(|s| s.fits(flavor)).collect();
    build(operations.max(1), flavor, &shapes)
}

/// The text of `spec` as JSON or YAML. Bounds beyond 64 bits are written as the long integer
/// literals real specs have (`18446744073709552000`), which parsers read as floats.
pub fn to_text(spec: &Value, json: bool) -> Result<String, String> {
    let text = if json {
        serde_json::to_string_pretty(spec).map_err(|e| e.to_string())?
    } else {
        serde_yaml::to_string(spec).map_err(|e| e.to_string())?
    };
    Ok(text
        .replace("1.8446744073709552e+19", HUGE_LITERAL)
        .replace("1.8446744073709552e19", HUGE_LITERAL))
}

const HUGE_LITERAL: &str = "18446744073709552000";

fn build(operations: usize, flavor: Flavor, shapes: &[Shape]) -> Value {
    let on = |s: Shape| shapes.contains(&s);
    let bulk = on(Shape::Bulk);
    let resources = operations.div_ceil(5).max(1);
    let mut paths = Map::new();
    let mut path_items = Map::new();
    let mut schemas = Map::new();
    schemas.insert(
        "Error".into(),
        json!({
            "type": "object", "required": ["error"],
            "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}}
        }),
    );
    schemas.insert(
        "PaginationMeta".into(),
        json!({
            "type": "object",
            "properties": {
                "page_number": {"type": "integer"}, "page_size": {"type": "integer"},
                "total_pages": {"type": "integer"}, "total_results": {"type": "integer"}
            }
        }),
    );
    if on(Shape::NumberPageMeta) {
        schemas.insert(
            "NumberPaginationMeta".into(),
            json!({
                "type": "object",
                "properties": {
                    "page_number": {"type": "number"}, "page_size": {"type": "number"},
                    "total_pages": {"type": "number"}, "total_results": {"type": "number"}
                }
            }),
        );
    }
    if bulk {
        shared_components(&mut schemas);
    }
    let nullable = |t: &str, extra: Value| -> Value {
        let mut s = match flavor {
            Flavor::V31 => json!({"type": [t, "null"]}),
            Flavor::V30 => json!({"type": t, "nullable": true}),
        };
        if let (Value::Object(s), Value::Object(extra)) = (&mut s, extra) {
            s.extend(extra);
        }
        s
    };
    let error_responses = json!({
        "401": {"description": "Unauthorized", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "404": {"description": "Not found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    });
    for r in 0..resources {
        let ops_here = (operations - r * 5).min(5);
        let plural = format!("widget_{r}s");
        let entity = format!("Widget{r}");
        let create = format!("Widget{r}Create");
        let update = format!("Widget{r}Update");
        let mut entity_schema = json!({
            "type": "object",
            "description": format!("A widget of family {r}."),
            "required": ["id", "name", "status", "created_at", "record_type"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "description": "Identifier."},
                "record_type": {"type": "string", "enum": [format!("widget_{r}")]},
                "name": {"type": "string", "description": "Human-readable name."},
                "status": {"type": "string", "enum": ["active", "disabled", "pending_review"]},
                "size": {"type": "integer", "minimum": 0, "maximum": 1000},
                "priority": {"type": "integer", "enum": [1, 2, 3], "description": "1 is the highest."},
                "ratio": {"type": "number"},
                "enabled": {"type": "boolean"},
                "notes": nullable("string", json!({"description": "Free text."})),
                "tags": {"type": "array", "items": {"type": "string"}},
                "owner": {"type": "object", "properties": {
                    "user_id": {"type": "string"}, "email": nullable("string", json!({"format": "email"}))
                }},
                "parts": {"type": "array", "items": {"type": "object", "required": ["sku"], "properties": {
                    "sku": {"type": "string"}, "quantity": {"type": "integer"}
                }}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "created_at": {"type": "string", "format": "date-time"},
                "updated_at": nullable("string", json!({"format": "date-time"}))
            }
        });
        let mut create_schema = json!({
            "type": "object", "additionalProperties": false, "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "status": {"type": "string", "enum": ["active", "disabled", "pending_review"], "default": "active"},
                "size": {"type": "integer"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}}
            }
        });
        if on(Shape::DeprecatedRequired) && r % 2 == 0 {
            let legacy = json!({"type": "string", "deprecated": true, "description": "The identifier of the previous API version; use `id`."});
            for s in [&mut entity_schema, &mut create_schema] {
                s["properties"]["legacy_code"] = legacy.clone();
                push(&mut s["required"], "legacy_code");
            }
        }
        if on(Shape::HugeBounds) && r % 3 == 0 {
            entity_schema["properties"]["counter"] = json!({
                "type": "integer", "format": "int64",
                "minimum": -9.223_372_036_854_776e18, "maximum": 1.844_674_407_370_955_2e19,
                "description": "A counter that never wraps."
            });
        }
        if bulk {
            add_bulk(&mut entity_schema, &mut create_schema, r, &nullable);
        }
        schemas.insert(entity.clone(), entity_schema);
        schemas.insert(create.clone(), create_schema);
        schemas.insert(
            update.clone(),
            json!({
                "type": "object", "additionalProperties": false,
                "properties": {
                    "name": {"type": "string"},
                    "notes": nullable("string", json!({})),
                    "tags": nullable("array", json!({"items": {"type": "string"}}))
                }
            }),
        );
        let one = json!({"type": "object", "required": ["data"], "properties": {"data": {"$ref": format!("#/components/schemas/{entity}")}}});
        let tag = format!("Widget {r}");
        let meta = if on(Shape::NumberPageMeta) && r % 2 == 1 {
            "NumberPaginationMeta"
        } else {
            "PaginationMeta"
        };
        let page = json!({
            "type": "object", "required": ["data", "meta"],
            "properties": {
                "data": {"type": "array", "items": {"$ref": format!("#/components/schemas/{entity}")}},
                "meta": {"$ref": format!("#/components/schemas/{meta}")}
            }
        });
        let page = if on(Shape::SharedPages) {
            // Every page is a component; every fourth resource lists the previous one's type
            // through the same page component (two lists answering one page type).
            if r % 4 == 1 {
                json!({"$ref": format!("#/components/schemas/Widget{}Page", r - 1)})
            } else {
                schemas.insert(format!("Widget{r}Page"), page);
                json!({"$ref": format!("#/components/schemas/Widget{r}Page")})
            }
        } else {
            page
        };
        let mut list_responses = error_responses.clone();
        list_responses["200"] =
            json!({"description": "A page", "content": {"application/json": {"schema": page}}});
        let mut single = error_responses.clone();
        single["200"] =
            json!({"description": "The widget", "content": {"application/json": {"schema": one}}});
        let mut retrieved = single.clone();
        if on(Shape::PdfAlternatives) && r % 12 == 5 {
            retrieved["200"]["content"]["application/pdf"] =
                json!({"schema": {"type": "string", "format": "binary"}});
        }
        let mut created = error_responses.clone();
        created["201"] =
            json!({"description": "Created", "content": {"application/json": {"schema": one}}});
        let mut deleted = error_responses.clone();
        deleted["204"] = json!({"description": "Deleted"});
        let json_type = if on(Shape::CharsetMediaTypes) && r % 5 == 1 {
            "application/json; charset=utf-8"
        } else {
            "application/json"
        };
        let create_body = if on(Shape::TextBodies) && r % 5 == 2 {
            json!({"required": true, "content": {"text/plain": {"schema": {"type": "string", "description": "The widget, in its text form."}}}})
        } else {
            json!({"required": true, "content": {json_type: {"schema": {"$ref": format!("#/components/schemas/{create}")}}}})
        };
        let mut ops = vec![
            (
                "get",
                json!({
                    "operationId": format!("ListWidget{r}s"), "summary": format!("List widgets of family {r}"), "tags": [tag],
                    "parameters": [
                        {"name": "page[number]", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                        {"name": "page[size]", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 250, "default": 20}},
                        {"name": "filter[status]", "in": "query", "schema": {"type": "string", "enum": ["active", "disabled", "pending_review"]}},
                        {"name": "filter[name][contains]", "in": "query", "schema": {"type": "string"}}
                    ],
                    "responses": list_responses
                }),
            ),
            (
                "post",
                json!({
                    "operationId": format!("CreateWidget{r}"), "summary": format!("Create a widget of family {r}"), "tags": [tag],
                    "requestBody": create_body,
                    "responses": created
                }),
            ),
            (
                "get",
                json!({"operationId": format!("GetWidget{r}"), "summary": "Retrieve a widget", "tags": [tag], "responses": retrieved}),
            ),
            (
                "patch",
                json!({
                    "operationId": format!("UpdateWidget{r}"), "summary": "Update a widget", "tags": [tag],
                    "requestBody": {"required": true, "content": {json_type: {"schema": {"$ref": format!("#/components/schemas/{update}")}}}},
                    "responses": single
                }),
            ),
            (
                "delete",
                json!({"operationId": format!("DeleteWidget{r}"), "summary": "Delete a widget", "tags": [tag], "responses": deleted}),
            ),
        ];
        ops.truncate(ops_here);
        if on(Shape::NoResponses) && r % 4 == 2 {
            if let Some((_, op)) = ops.get_mut(4) {
                op.as_object_mut().map(|o| o.remove("responses"));
            }
        }
        if on(Shape::ApiKeys) && r % 2 == 0 {
            let scheme = ["apiKeyHeader", "apiKeyQuery", "apiKeyCookie"][(r / 2) % 3];
            for (_, op) in &mut ops {
                op["security"] = json!([{scheme: []}]);
            }
        }
        if bulk {
            for (i, (_, op)) in ops.iter_mut().enumerate() {
                op["description"] = prose(r * 7 + i, 42).into();
                if i == 0 {
                    add_bulk_filters(op, r);
                }
            }
        }
        let mut ops = ops.into_iter();
        let mut collection = Map::new();
        for (method, op) in ops.by_ref().take(2) {
            collection.insert(method.into(), op);
        }
        paths.insert(format!("/{plural}"), collection.into());
        let mut item = Map::new();
        item.insert(
            "parameters".into(),
            json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}]),
        );
        item.extend(ops.map(|(method, op)| (method.to_string(), op)));
        if item.len() > 1 {
            let item = Value::Object(item);
            let item = if on(Shape::PathItemRefs) && r % 4 == 3 {
                path_items.insert(format!("Widget{r}Item"), item);
                json!({"$ref": format!("#/components/pathItems/Widget{r}Item")})
            } else {
                item
            };
            paths.insert(format!("/{plural}/{{id}}"), item);
        }
    }
    let mut security_schemes = json!({"bearerAuth": {"type": "http", "scheme": "bearer"}});
    if on(Shape::ApiKeys) {
        security_schemes["apiKeyHeader"] =
            json!({"type": "apiKey", "in": "header", "name": "X-Api-Key"});
        security_schemes["apiKeyQuery"] =
            json!({"type": "apiKey", "in": "query", "name": "api_key"});
        security_schemes["apiKeyCookie"] =
            json!({"type": "apiKey", "in": "cookie", "name": "session_key"});
    }
    let mut components = json!({"securitySchemes": security_schemes, "schemas": schemas});
    if !path_items.is_empty() {
        components["pathItems"] = path_items.into();
    }
    json!({
        "openapi": match flavor { Flavor::V31 => "3.1.0", Flavor::V30 => "3.0.3" },
        "info": {"title": "Synthetic Widgets API", "version": "1.0.0", "description": format!("{operations} operations of realistic shape.")},
        "servers": [{"url": "https://api.example.com/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": components
    })
}

fn push(list: &mut Value, item: &str) {
    if let Value::Array(items) = list {
        items.push(item.into());
    }
}

/// Words for descriptions: long prose is most of a real spec's bytes.
const WORDS: [&str; 32] = [
    "the",
    "widget",
    "is",
    "billed",
    "per",
    "account",
    "and",
    "each",
    "request",
    "returns",
    "a",
    "record",
    "when",
    "its",
    "status",
    "changes",
    "to",
    "active",
    "or",
    "disabled",
    "after",
    "review",
    "by",
    "an",
    "administrator",
    "with",
    "access",
    "for",
    "this",
    "region",
    "within",
    "limits",
];

/// `words` words of deterministic prose, in sentences.
fn prose(seed: usize, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        let word = WORDS[(seed.wrapping_mul(31) + i * 7 + i / 5) % WORDS.len()];
        if i % 12 == 0 {
            if i > 0 {
                out.push_str(". ");
            }
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push('.');
    out
}

/// Components shared by every resource: an address (nested), money, metadata and two big enums.
fn shared_components(schemas: &mut Map<String, Value>) {
    let countries: Vec<String> = (0..150)
        .map(|i| {
            let a = (b'A' + (i / 26) as u8) as char;
            let b = (b'A' + (i % 26) as u8) as char;
            format!("{a}{b}")
        })
        .collect();
    let currencies: Vec<String> = (0..60)
        .map(|i| {
            format!(
                "{}{}X",
                (b'A' + (i / 26) as u8) as char,
                (b'A' + (i % 26) as u8) as char
            )
        })
        .collect();
    schemas.insert(
        "CountryCode".into(),
        json!({"type": "string", "description": prose(1, 30), "enum": countries}),
    );
    schemas.insert(
        "CurrencyCode".into(),
        json!({"type": "string", "description": prose(2, 30), "enum": currencies}),
    );
    schemas.insert(
        "Address".into(),
        json!({
            "type": "object", "description": prose(3, 40), "required": ["country"],
            "properties": {
                "lines": {"type": "array", "items": {"type": "string"}, "description": prose(4, 20)},
                "locality": {"type": "string", "description": prose(5, 20)},
                "region": {"type": "string", "description": prose(6, 20)},
                "postal_code": {"type": "string", "description": prose(7, 20)},
                "country": {"$ref": "#/components/schemas/CountryCode"},
                "geo": {"type": "object", "properties": {
                    "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                    "longitude": {"type": "number", "minimum": -180, "maximum": 180}
                }}
            }
        }),
    );
    schemas.insert(
        "Money".into(),
        json!({
            "type": "object", "description": prose(8, 30), "required": ["amount", "currency"],
            "properties": {
                "amount": {"type": "string", "description": prose(9, 25), "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
                "currency": {"$ref": "#/components/schemas/CurrencyCode"}
            }
        }),
    );
    schemas.insert(
        "Metadata".into(),
        json!({"type": "object", "description": prose(10, 30), "additionalProperties": {"type": "string"}}),
    );
}

/// What makes a real resource big: long descriptions on the type and its fields, a nested
/// settings object, shared components, and an event enum of its own.
fn add_bulk(
    entity: &mut Value,
    create: &mut Value,
    r: usize,
    nullable: &dyn Fn(&str, Value) -> Value,
) {
    entity["description"] = prose(r, 54).into();
    if let Some(props) = entity["properties"].as_object_mut() {
        for (i, prop) in props.values_mut().enumerate() {
            if prop.get("$ref").is_none() {
                prop["description"] = prose(r + i, 21).into();
            }
        }
    }
    let events: Vec<String> = (0..40).map(|i| format!("widget_{r}.event_{i}")).collect();
    let extra = json!({
        "last_event": {"type": "string", "enum": events, "description": prose(r + 40, 18)},
        "billing_address": {"$ref": "#/components/schemas/Address"},
        "price": {"$ref": "#/components/schemas/Money"},
        "metadata": {"$ref": "#/components/schemas/Metadata"},
        "settings": {"type": "object", "description": prose(r + 41, 24), "properties": {
            "notifications": {"type": "object", "description": prose(r + 42, 15), "properties": {
                "email": {"type": "boolean", "description": prose(r + 43, 12)},
                "sms": {"type": "boolean", "description": prose(r + 44, 12)},
                "webhook_url": nullable("string", json!({"format": "uri", "description": prose(r + 45, 15)})),
                "webhook_timeout_secs": {"type": "integer", "minimum": 1, "maximum": 30, "description": prose(r + 46, 12)}
            }},
            "limits": {"type": "object", "description": prose(r + 47, 15), "properties": {
                "daily": {"type": "integer", "format": "int64", "description": prose(r + 48, 12)},
                "monthly": {"type": "integer", "format": "int64", "description": prose(r + 49, 12)},
                "burst": {"type": "integer", "format": "int32", "description": prose(r + 50, 12)}
            }}
        }},
        "history": {"type": "array", "description": prose(r + 51, 15), "items": {
            "type": "object", "required": ["at", "event"], "properties": {
                "at": {"type": "string", "format": "date-time", "description": prose(r + 52, 9)},
                "event": {"type": "string", "description": prose(r + 53, 9)},
                "actor": {"type": "object", "properties": {
                    "user_id": {"type": "string", "description": prose(r + 54, 9)},
                    "ip_address": {"type": "string", "format": "ipv4", "description": prose(r + 55, 9)}
                }}
            }
        }}
    });
    if let (Some(props), Value::Object(extra)) = (entity["properties"].as_object_mut(), extra) {
        props.extend(extra);
    }
    if let Some(props) = create["properties"].as_object_mut() {
        props.insert(
            "billing_address".into(),
            json!({"$ref": "#/components/schemas/Address"}),
        );
        props.insert(
            "metadata".into(),
            json!({"$ref": "#/components/schemas/Metadata"}),
        );
        for (i, prop) in props.values_mut().enumerate() {
            if prop.get("$ref").is_none() {
                prop["description"] = prose(r + 60 + i, 18).into();
            }
        }
    }
}

/// More filters on a list, as real lists have (each with a description).
fn add_bulk_filters(op: &mut Value, r: usize) {
    if let Value::Array(params) = &mut op["parameters"] {
        for param in params.iter_mut() {
            param["description"] = prose(r + 70, 15).into();
        }
        params.push(json!({"name": "filter[country]", "in": "query", "description": prose(r + 71, 15), "schema": {"$ref": "#/components/schemas/CountryCode"}}));
        params.push(json!({"name": "filter[created_at][gte]", "in": "query", "description": prose(r + 72, 15), "schema": {"type": "string", "format": "date-time"}}));
        params.push(json!({"name": "filter[created_at][lte]", "in": "query", "description": prose(r + 73, 15), "schema": {"type": "string", "format": "date-time"}}));
        params.push(json!({"name": "sort", "in": "query", "description": prose(r + 74, 15), "schema": {"type": "string", "enum": ["created_at", "-created_at", "name", "-name"]}}));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_flavours() {
        let spec = synthetic_spec(1000, Flavor::V31);
        let ops: usize = spec["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|p| {
                p.as_object()
                    .unwrap()
                    .keys()
                    .filter(|k| *k != "parameters")
                    .count()
            })
            .sum();
        assert_eq!(ops, 1000);
        assert_eq!(
            spec["components"]["schemas"]["Widget3"]["properties"]["notes"]["type"],
            json!(["string", "null"])
        );
        let v30 = synthetic_spec(5, Flavor::V30);
        assert_eq!(
            v30["components"]["schemas"]["Widget0"]["properties"]["notes"]["nullable"],
            true
        );
    }
}
