//! A copy of an OpenAPI document for the Prism mock server, which validates every request it gets
//! against the document but serves it differently from the real API:
//!
//! 1. **Servers.** Prism ignores `servers` and serves every path at its root. The copy puts each path
//!    under the path of its server (`/v2` from `https://api.telnyx.com/v2`; nothing for the
//!    `/.well-known/*` paths, whose server is the host root), so a client that drops `/v2`, or puts
//!    `/.well-known` under it, gets a 404 as from the real API.
//! 2. **Bracketed query names.** Prism does not validate query parameters named like `page[size]`
//!    (any value passes). With [`PrismOptions::deep_objects`], they become the equivalent
//!    `style: deepObject` parameters (`page` = object {size, number}), which serialize to the same
//!    query strings and which Prism does validate (ranges, enums, booleans). Prism still accepts
//!    unknown keys inside them, so callers that care check query strings themselves too.
//! 3. **OAuth client authentication.** Prism's check of an `oauth2` scheme accepts only
//!    `Authorization: Bearer`, while the token and introspection endpoints take client credentials by
//!    HTTP Basic in practice. A stand-in HTTP Basic scheme ([`PRISM_BASIC`]) replaces each `oauth2`
//!    requirement ([`ClientAuth::Replace`]) or is offered beside it ([`ClientAuth::Add`], for SDKs
//!    that send a Bearer token there).
//!
//! None of this changes what a request must look like on the wire for the real API.
//!
//! Two checks Prism cannot do are here for whoever sits in front of it: [`check_query`] (bracketed
//! query names, as written) and [`check_client_auth`] (the OAuth client authenticating itself, by
//! HTTP Basic or in the body, which Prism's stand-in scheme cannot tell from an API key).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

/// The name of the HTTP Basic scheme standing in for `oauth2` schemes.
pub const PRISM_BASIC: &str = "prismClientBasic";

/// How the copy treats `oauth2` security requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// Only HTTP Basic passes.
    Replace,
    /// HTTP Basic or a Bearer token passes.
    Add,
}

/// What [`prism_spec`] changes besides server paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrismOptions {
    /// Turn bracketed query names into deepObject parameters Prism validates.
    pub deep_objects: bool,
    /// What to do with `oauth2` requirements.
    pub client_auth: ClientAuth,
}

impl Default for PrismOptions {
    fn default() -> Self {
        PrismOptions {
            deep_objects: true,
            client_auth: ClientAuth::Add,
        }
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Prism's copy of `original` (a whole OpenAPI document as JSON). Fails on what it cannot express
/// (operation-level servers that differ from their path's, unresolvable `$ref`s).
pub fn prism_spec(original: &Value, options: &PrismOptions) -> Result<Value, String> {
    let mut spec = original.clone();
    let default_prefix = server_path(original.get("servers"))?;
    let oauth2: Vec<String> = original
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .map(|schemes| {
            schemes
                .iter()
                .filter(|(_, s)| s["type"] == "oauth2")
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default();
    if !oauth2.is_empty() {
        let schemes = spec
            .pointer_mut("/components/securitySchemes")
            .and_then(Value::as_object_mut)
            .ok_or("components.securitySchemes is not an object")?;
        schemes.insert(
            PRISM_BASIC.to_owned(),
            json!({"type": "http", "scheme": "basic", "description": "OAuth client credentials (mock-only stand-in for the oauth2 scheme)."}),
        );
        if let Some(security) = spec.get_mut("security") {
            basic_for_oauth2(security, &oauth2, options.client_auth);
        }
    }
    let mut paths = Map::new();
    let original_paths = original
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the document has no `paths` object")?;
    for (path, item) in original_paths {
        let item = resolve(original, item)?;
        let path_prefix = match item.get("servers") {
            Some(servers) => server_path(Some(servers))?,
            None => default_prefix.clone(),
        };
        let mut new_item = Map::new();
        let mut prefix = path_prefix.clone();
        for (key, value) in item
            .as_object()
            .ok_or_else(|| format!("paths.{path} is not an object"))?
        {
            if !METHODS.contains(&key.as_str()) {
                if key != "servers" && key != "parameters" {
                    new_item.insert(key.clone(), value.clone());
                }
                continue;
            }
            if let Some(servers) = value.get("servers") {
                let op_prefix = server_path(Some(servers))?;
                if op_prefix != path_prefix
                    && new_item.keys().any(|k| METHODS.contains(&k.as_str()))
                {
                    return Err(format!(
                        "{key} {path}: operation-level servers that differ from the path's are not supported"
                    ));
                }
                prefix = op_prefix;
            }
            let mut op = value.clone();
            let mut params = merged_parameters(original, item, value)?;
            if options.deep_objects {
                params = deep_object_parameters(params);
            }
            if let Some(o) = op.as_object_mut() {
                o.shift_remove("servers");
                if params.is_empty() {
                    o.shift_remove("parameters");
                } else {
                    o.insert("parameters".into(), Value::Array(params));
                }
            }
            if let Some(security) = op.get_mut("security") {
                basic_for_oauth2(security, &oauth2, options.client_auth);
            }
            new_item.insert(key.clone(), op);
        }
        paths.insert(format!("{prefix}{path}"), Value::Object(new_item));
    }
    spec["paths"] = Value::Object(paths);
    if let Some(o) = spec.as_object_mut() {
        o.shift_remove("servers");
    }
    Ok(spec)
}

/// The path part of the first server's URL, without a trailing slash (`/v2`; `""` for a host
/// root or no server). Variables take their defaults.
pub fn server_path(servers: Option<&Value>) -> Result<String, String> {
    let Some(server) = servers.and_then(|s| s.get(0)) else {
        return Ok(String::new());
    };
    let mut url = server["url"]
        .as_str()
        .ok_or("a server has no `url`")?
        .to_string();
    if let Some(vars) = server.get("variables").and_then(Value::as_object) {
        for (name, var) in vars {
            if let Some(default) = var.get("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
    }
    let path = match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            rest.find('/').map_or("", |j| &rest[j..])
        }
        None => url.as_str(),
    };
    Ok(path.trim_end_matches('/').to_string())
}

/// Follows a local `$ref` (`#/components/...`).
pub fn resolve<'a>(root: &'a Value, value: &'a Value) -> Result<&'a Value, String> {
    let mut value = value;
    for _ in 0..32 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                value = r
                    .strip_prefix('#')
                    .and_then(|p| root.pointer(p))
                    .ok_or_else(|| format!("unresolvable $ref {r}"))?;
            }
            None => return Ok(value),
        }
    }
    Err("a $ref chain is too long (a cycle?)".into())
}

/// An operation's parameters: path-level ones overridden by operation-level ones, `$ref`s resolved.
pub fn merged_parameters(root: &Value, item: &Value, op: &Value) -> Result<Vec<Value>, String> {
    let mut params: Vec<Value> = Vec::new();
    for source in [item.get("parameters"), op.get("parameters")]
        .into_iter()
        .flatten()
    {
        for p in source.as_array().into_iter().flatten() {
            let p = resolve(root, p)?.clone();
            params.retain(|q| !(q["name"] == p["name"] && q["in"] == p["in"]));
            params.push(p);
        }
    }
    Ok(params)
}

/// One level of a deepObject built from bracketed names.
#[derive(Default)]
struct Node {
    leaf: Option<Value>,
    children: BTreeMap<String, Node>,
    required: Vec<String>,
}

impl Node {
    fn insert(&mut self, keys: &[String], schema: Value, required: bool) {
        let Some((first, rest)) = keys.split_first() else {
            return;
        };
        if required && !self.required.contains(first) {
            self.required.push(first.clone());
        }
        let child = self.children.entry(first.clone()).or_default();
        if rest.is_empty() {
            child.leaf = Some(schema);
        } else {
            child.insert(rest, schema, required);
        }
    }

    fn schema(&self) -> Value {
        let object = (!self.children.is_empty()).then(|| {
            let properties: Map<String, Value> = self
                .children
                .iter()
                .map(|(k, n)| (k.clone(), n.schema()))
                .collect();
            let mut object =
                json!({"type": "object", "properties": properties, "additionalProperties": false});
            if !self.required.is_empty() {
                object["required"] = json!(self.required);
            }
            object
        });
        match (&self.leaf, object) {
            (Some(leaf), None) => leaf.clone(),
            // `filter[name]` and `filter[name][contains]`: `name` is a string or an object.
            (Some(leaf), Some(object)) => json!({"anyOf": [leaf, object]}),
            (None, Some(object)) => object,
            (None, None) => json!({}),
        }
    }
}

/// `filter[allowed_grant_types][contains]` → (`filter`, [`allowed_grant_types`, `contains`]).
pub fn split_bracketed(name: &str) -> Option<(String, Vec<String>)> {
    let open = name.find('[')?;
    let (root, mut rest) = name.split_at(open);
    let mut keys = Vec::new();
    while let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']')?;
        keys.push(inner[..close].to_owned());
        rest = &inner[close + 1..];
    }
    (rest.is_empty() && !root.is_empty()).then(|| (root.to_owned(), keys))
}

fn deep_object_parameters(params: Vec<Value>) -> Vec<Value> {
    let mut plain = Vec::new();
    let mut groups: BTreeMap<String, (Node, bool)> = BTreeMap::new();
    for p in params {
        let split = (p["in"] == "query")
            .then(|| p["name"].as_str().and_then(split_bracketed))
            .flatten();
        match split {
            Some((root, keys)) => {
                let required = p["required"].as_bool().unwrap_or(false);
                let group = groups.entry(root).or_default();
                group.0.insert(&keys, p["schema"].clone(), required);
                group.1 |= required;
            }
            None => plain.push(p),
        }
    }
    for (root, (node, required)) in groups {
        plain.push(json!({
            "name": root,
            "in": "query",
            "required": required,
            "style": "deepObject",
            "explode": true,
            "schema": node.schema(),
        }));
    }
    plain
}

fn basic_for_oauth2(security: &mut Value, oauth2: &[String], mode: ClientAuth) {
    let Some(requirements) = security.as_array_mut() else {
        return;
    };
    let mut out = Vec::new();
    for requirement in requirements.drain(..) {
        let uses_oauth2 = requirement
            .as_object()
            .is_some_and(|m| m.keys().any(|k| oauth2.contains(k)));
        if !uses_oauth2 {
            out.push(requirement);
            continue;
        }
        let mut basic = requirement.clone();
        if let Some(map) = basic.as_object_mut() {
            map.retain(|k, _| !oauth2.contains(k));
            map.insert(PRISM_BASIC.to_owned(), json!([]));
        }
        if mode == ClientAuth::Add {
            out.push(requirement);
        }
        out.push(basic);
    }
    *requirements = out;
}

/// The path item and the operation of `spec` at `method` `template` (a key of `paths`).
fn operation<'a>(
    spec: &'a Value,
    method: &str,
    template: &str,
) -> Result<(&'a Value, &'a Value), String> {
    let item = spec
        .pointer(&format!(
            "/paths/{}",
            template.replace('~', "~0").replace('/', "~1")
        ))
        .ok_or_else(|| format!("no path {template} in the spec"))?;
    let item = resolve(spec, item)?;
    let op = item
        .get(method.to_lowercase())
        .ok_or_else(|| format!("no operation {method} {template} in the spec"))?;
    Ok((item, op))
}

/// Checks the query of a request against the query parameters `spec` (the original document)
/// declares for `method` on `template` (a key of `paths`): every name declared (bracketed names
/// compared as written), sent once, with a valid value (enum, integer range, boolean), and every
/// required one present. `pairs` are the decoded query pairs.
pub fn check_query(
    spec: &Value,
    method: &str,
    template: &str,
    pairs: &[(String, String)],
) -> Result<(), String> {
    let (item, op) = operation(spec, method, template)?;
    let declared: Vec<Value> = merged_parameters(spec, item, op)?
        .into_iter()
        .filter(|p| p["in"] == "query")
        .collect();
    let mut problems = Vec::new();
    for (name, value) in pairs {
        let Some(param) = declared.iter().find(|p| p["name"] == name.as_str()) else {
            problems.push(format!("undeclared query parameter `{name}`"));
            continue;
        };
        if pairs.iter().filter(|(n, _)| n == name).count() > 1 {
            problems.push(format!("`{name}` sent more than once"));
        }
        let schema = resolve(spec, &param["schema"])?;
        if let Err(why) = check_value(schema, value) {
            problems.push(format!("`{name}={value}`: {why}"));
        }
    }
    for param in &declared {
        if param["required"] == true && !pairs.iter().any(|(n, _)| param["name"] == n.as_str()) {
            problems.push(format!(
                "required query parameter `{}` missing",
                param["name"]
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Checks that a request to an operation guarded by an `oauth2` scheme (the token and
/// introspection endpoints) authenticates the OAuth client, as RFC 6749 §2.3.1 has it: HTTP Basic
/// with the client's id and secret, or `client_id` and `client_secret` in the body (form or JSON),
/// never both. Where the operation also allows no authentication (`{}`), a public client may send
/// only its `client_id` (RFC 6749 §3.2.1), except for the `client_credentials` grant, which is for
/// confidential clients only (§4.4). Operations without an `oauth2` requirement pass. An API key
/// (`Authorization: Bearer`) is not client authentication.
pub fn check_client_auth(
    spec: &Value,
    method: &str,
    template: &str,
    authorization: Option<&str>,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<(), String> {
    let (_, op) = operation(spec, method, template)?;
    let security = op.get("security").or_else(|| spec.get("security"));
    let alternatives: Vec<&Map<String, Value>> = security
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let is_oauth2 = |name: &String| {
        spec.pointer(&format!("/components/securitySchemes/{name}/type")) == Some(&json!("oauth2"))
    };
    if !alternatives.iter().any(|r| r.keys().any(is_oauth2)) {
        return Ok(());
    }
    let anonymous = alternatives.iter().any(|r| r.is_empty());
    let basic = authorization.and_then(|value| {
        let (scheme, credentials) = value.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let decoded = String::from_utf8(base64_decode(credentials.trim())?).ok()?;
        let (id, secret) = decoded.split_once(':')?;
        Some(!id.is_empty() && !secret.is_empty())
    });
    if basic == Some(false) {
        return Err("HTTP Basic client authentication with an empty client id or secret".into());
    }
    let fields = body_fields(content_type, body);
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let in_body = field("client_id").is_some() && field("client_secret").is_some();
    match (basic, in_body) {
        (Some(true), true) => {
            Err("the client authenticates twice (HTTP Basic and client_secret in the body); RFC 6749 §2.3 allows one method".into())
        }
        (Some(true), false) | (None, true) => Ok(()),
        _ if anonymous
            && field("client_id").is_some()
            && field("grant_type") != Some("client_credentials") =>
        {
            Ok(())
        }
        _ => Err(
            "no OAuth client authentication: send HTTP Basic with the client's id and secret, or client_id and client_secret in the body (an API key is not client authentication)".into(),
        ),
    }
}

/// The top-level fields of a form or JSON body, as text.
fn body_fields(content_type: Option<&str>, body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    let media = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media == "application/x-www-form-urlencoded" {
        return text
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, v)
            })
            .collect(),
        _ => vec![],
    }
}

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space, `%XX` a byte).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 2;
                }
                Err(_) => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Standard base64 (padding optional); `None` on any other character.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

fn check_value(schema: &Value, value: &str) -> Result<(), String> {
    if let Some(allowed) = schema["enum"].as_array() {
        // A query value is text: `1` stands for the integer 1 of an integer enum.
        let sent_as = |a: &Value| match a {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if !allowed.iter().any(|a| sent_as(a) == value) {
            return Err(format!("not one of {allowed:?}"));
        }
    }
    match schema["type"].as_str() {
        Some("integer") => {
            let n: i64 = value.parse().map_err(|_| "not an integer".to_owned())?;
            if let Some(min) = schema["minimum"].as_i64().filter(|min| n < *min) {
                return Err(format!("below the minimum {min}"));
            }
            if let Some(max) = schema["maximum"].as_i64().filter(|max| n > *max) {
                return Err(format!("above the maximum {max}"));
            }
        }
        Some("boolean") if value != "true" && value != "false" => {
            return Err("not `true` or `false`".into());
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client_auth_spec() -> Value {
        json!({
            "paths": {
                "/token": {"post": {"security": [{"client": []}, {}]}},
                "/introspect": {"post": {"security": [{"client": []}]}},
                "/things": {"get": {}}
            },
            "security": [{"key": []}],
            "components": {"securitySchemes": {
                "key": {"type": "http", "scheme": "bearer"},
                "client": {"type": "oauth2", "flows": {}}
            }}
        })
    }

    #[test]
    fn client_authentication_is_required_where_oauth2_guards() {
        let spec = client_auth_spec();
        let form = Some("application/x-www-form-urlencoded");
        let json_body = Some("application/json");
        // "id:secret"
        let basic = Some("Basic aWQ6c2VjcmV0");
        let check = |path: &str, auth: Option<&str>, ct: Option<&str>, body: &str| {
            check_client_auth(&spec, "POST", path, auth, ct, body.as_bytes())
        };
        assert!(check("/introspect", basic, form, "token=t").is_ok());
        assert!(check("/introspect", Some("basic aWQ6c2VjcmV0"), form, "token=t").is_ok());
        let no_auth = check("/introspect", Some("Bearer KEY"), form, "token=t").unwrap_err();
        assert!(
            no_auth.contains("no OAuth client authentication"),
            "{no_auth}"
        );
        assert!(check("/introspect", None, json_body, r#"{"token":"t"}"#).is_err());
        // In the body, form or JSON.
        assert!(check(
            "/introspect",
            None,
            form,
            "token=t&client_id=id&client_secret=s"
        )
        .is_ok());
        assert!(check(
            "/introspect",
            Some("Bearer KEY"),
            json_body,
            r#"{"token":"t","client_id":"id","client_secret":"s"}"#
        )
        .is_ok());
        // An empty secret, or both methods at once, is not client authentication.
        // "id:"
        assert!(check("/introspect", Some("Basic aWQ6"), form, "token=t").is_err());
        let twice = check("/introspect", basic, form, "client_id=id&client_secret=s").unwrap_err();
        assert!(twice.contains("twice"), "{twice}");
        // Where anonymous is allowed, a public client names itself, but not for
        // client_credentials.
        assert!(check(
            "/token",
            None,
            form,
            "grant_type=authorization_code&client_id=id"
        )
        .is_ok());
        assert!(check(
            "/token",
            None,
            form,
            "grant_type=client_credentials&client_id=id"
        )
        .is_err());
        assert!(check(
            "/token",
            Some("Bearer KEY"),
            json_body,
            r#"{"grant_type":"client_credentials"}"#
        )
        .is_err());
        // Operations without an oauth2 requirement are not concerned.
        assert!(check_client_auth(&spec, "GET", "/things", None, None, b"").is_ok());
        assert_eq!(base64_decode("aWQ6c2VjcmV0").unwrap(), b"id:secret");
        assert_eq!(base64_decode("YQ==").unwrap(), b"a");
        assert!(base64_decode("a*b").is_none());
    }

    fn spec() -> Value {
        json!({
            "openapi": "3.1.0",
            "servers": [{"url": "https://api.example.com/v2"}],
            "security": [{"key": []}],
            "paths": {
                "/.well-known/meta": {"servers": [{"url": "https://api.example.com"}], "get": {"responses": {}}},
                "/things": {"get": {
                    "parameters": [
                        {"name": "page[size]", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                        {"name": "filter[kind]", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}}
                    ],
                    "security": [{"client": []}, {}],
                    "responses": {}
                }}
            },
            "components": {"securitySchemes": {
                "key": {"type": "http", "scheme": "bearer"},
                "client": {"type": "oauth2", "flows": {}}
            }}
        })
    }

    #[test]
    fn paths_go_under_their_server_path() {
        let copy = prism_spec(&spec(), &PrismOptions::default()).unwrap();
        let paths: Vec<&String> = copy["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, vec!["/.well-known/meta", "/v2/things"]);
        assert!(copy.get("servers").is_none());
    }

    #[test]
    fn bracketed_names_become_deep_objects() {
        let copy = prism_spec(&spec(), &PrismOptions::default()).unwrap();
        let params = copy["paths"]["/v2/things"]["get"]["parameters"]
            .as_array()
            .unwrap();
        let names: Vec<&str> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names, vec!["filter", "page"]);
        assert_eq!(params[1]["schema"]["properties"]["size"]["maximum"], 100);
    }

    #[test]
    fn oauth2_gets_a_basic_stand_in() {
        let added = prism_spec(&spec(), &PrismOptions::default()).unwrap();
        assert_eq!(
            added["paths"]["/v2/things"]["get"]["security"],
            json!([{"client": []}, {PRISM_BASIC: []}, {}])
        );
        let replaced = prism_spec(
            &spec(),
            &PrismOptions {
                deep_objects: false,
                client_auth: ClientAuth::Replace,
            },
        )
        .unwrap();
        assert_eq!(
            replaced["paths"]["/v2/things"]["get"]["security"],
            json!([{PRISM_BASIC: []}, {}])
        );
    }

    #[test]
    fn queries_are_checked_against_the_original() {
        let s = spec();
        let q = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            check_query(&s, "GET", "/things", &pairs)
        };
        assert!(q(&[("page[size]", "20"), ("filter[kind]", "a")]).is_ok());
        assert!(q(&[("page[size]", "500")]).unwrap_err().contains("maximum"));
        assert!(q(&[("filter[kind]", "c")])
            .unwrap_err()
            .contains("not one of"));
        assert!(q(&[("page[sise]", "5")])
            .unwrap_err()
            .contains("undeclared"));
        // Integer enums are compared as the text they are sent as.
        let mut s = spec();
        s["paths"]["/things"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "priority", "in": "query", "schema": {"type": "integer", "enum": [-1, 0, 1]}}));
        let q_priority = |value: &str| {
            check_query(
                &s,
                "GET",
                "/things",
                &[("priority".to_string(), value.to_string())],
            )
        };
        assert!(q_priority("-1").is_ok());
        assert!(q_priority("2").unwrap_err().contains("not one of"));
    }
}
