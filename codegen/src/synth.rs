//! Synthetic OpenAPI documents of any size, with the shapes real APIs have (paginated lists with
//! bracketed filters, create/retrieve/update/delete, nested objects, arrays of objects, string and
//! integer enums, nullable fields, shared schemas), for benchmarks and scale tests. No third-party
//! spec is used.

use serde_json::{json, Map, Value};

/// Which flavour of OpenAPI to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// 3.1: nullable as type arrays.
    V31,
    /// 3.0: `nullable: true` (for peers that only read 3.0).
    V30,
}

/// A document with `operations` operations (rounded up to whole resources of five).
pub fn synthetic_spec(operations: usize, flavor: Flavor) -> Value {
    let resources = operations.div_ceil(5).max(1);
    let mut paths = Map::new();
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
        let plural = format!("widget_{r}s");
        let entity = format!("Widget{r}");
        let create = format!("Widget{r}Create");
        let update = format!("Widget{r}Update");
        schemas.insert(entity.clone(), json!({
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
        }));
        schemas.insert(create.clone(), json!({
            "type": "object", "additionalProperties": false, "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "status": {"type": "string", "enum": ["active", "disabled", "pending_review"], "default": "active"},
                "size": {"type": "integer"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}}
            }
        }));
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
        let mut list_responses = error_responses.clone();
        list_responses["200"] = json!({"description": "A page", "content": {"application/json": {"schema": {
            "type": "object", "required": ["data", "meta"],
            "properties": {
                "data": {"type": "array", "items": {"$ref": format!("#/components/schemas/{entity}")}},
                "meta": {"$ref": "#/components/schemas/PaginationMeta"}
            }
        }}}});
        let mut single = error_responses.clone();
        single["200"] =
            json!({"description": "The widget", "content": {"application/json": {"schema": one}}});
        let mut created = error_responses.clone();
        created["201"] =
            json!({"description": "Created", "content": {"application/json": {"schema": one}}});
        let mut deleted = error_responses.clone();
        deleted["204"] = json!({"description": "Deleted"});
        paths.insert(format!("/{plural}"), json!({
            "get": {
                "operationId": format!("ListWidget{r}s"), "summary": format!("List widgets of family {r}"), "tags": [tag],
                "parameters": [
                    {"name": "page[number]", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                    {"name": "page[size]", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 250, "default": 20}},
                    {"name": "filter[status]", "in": "query", "schema": {"type": "string", "enum": ["active", "disabled", "pending_review"]}},
                    {"name": "filter[name][contains]", "in": "query", "schema": {"type": "string"}}
                ],
                "responses": list_responses
            },
            "post": {
                "operationId": format!("CreateWidget{r}"), "summary": format!("Create a widget of family {r}"), "tags": [tag],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{create}")}}}},
                "responses": created
            }
        }));
        paths.insert(format!("/{plural}/{{id}}"), json!({
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
            "get": {"operationId": format!("GetWidget{r}"), "summary": "Retrieve a widget", "tags": [tag], "responses": single.clone()},
            "patch": {
                "operationId": format!("UpdateWidget{r}"), "summary": "Update a widget", "tags": [tag],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{update}")}}}},
                "responses": single
            },
            "delete": {"operationId": format!("DeleteWidget{r}"), "summary": "Delete a widget", "tags": [tag], "responses": deleted}
        }));
    }
    json!({
        "openapi": match flavor { Flavor::V31 => "3.1.0", Flavor::V30 => "3.0.3" },
        "info": {"title": "Synthetic Widgets API", "version": "1.0.0", "description": format!("{} operations of realistic shape.", resources * 5)},
        "servers": [{"url": "https://api.example.com/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas
        }
    })
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
