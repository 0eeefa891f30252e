//! Operations grouped into resources (from the map, or defaults from tags and operationIds),
//! their parameters, and webhooks.

use std::collections::{BTreeMap, HashMap};

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};

use crate::diagnostic::pointer_push;
use crate::model::*;
use crate::names::{field_ident, pascal, singular, snake, type_ident, NameSet};
use crate::rust_names::OperationTypeNames;

use super::responses::success_of;
use super::sdk_names::sdk_names;
use super::servers::{server_choice, server_url};
use super::view::{as_ref, view, Prose};
use super::{Ctx, Resolver, R};

/// Resource and method for an operation the map does not name: the first tag (or the first path
/// segment), and the operationId without the resource's words.
fn default_names(id: &str, op: &openapiv3::Operation, path: &str) -> (String, String) {
    let resource = op
        .tags
        .first()
        .map(|t| snake(t))
        .or_else(|| {
            path.split('/')
                .find(|s| !s.is_empty() && !s.starts_with('{'))
                .map(snake)
        })
        .unwrap_or_else(|| "default".into());
    let method = snake(id);
    let stripped = [resource.clone(), singular(&resource)]
        .iter()
        .find_map(|r| method.strip_suffix(&format!("_{r}")).map(str::to_string))
        .unwrap_or(method);
    (resource, stripped)
}

/// Where an operation is written.
struct Place<'p> {
    /// Its path template (`/things/{id}`).
    path: &'p str,
    /// Its path item (shared parameters and servers), `$ref` followed.
    item: &'p openapiv3::PathItem,
    /// Its method, lower-case (`get`).
    method: &'p str,
    /// Its JSON pointer (`/paths/~1things/get`).
    pointer: String,
    /// The pointer of the object holding its prose: in the path item a `$ref` points to.
    prose_at: String,
}

impl Resolver<'_> {
    /// Every operation, in resources: those the map lists first, in its order, then the others
    /// in document order.
    pub(super) fn operations(&mut self) -> R<Vec<Resource>> {
        let spec = self.spec;
        let doc = &spec.doc;
        let default_server = doc.servers.first().map(server_url);
        let mut by_resource: BTreeMap<usize, Resource> = BTreeMap::new();
        let mut order: Vec<String> = self.map.resources.keys().cloned().collect();
        let mut ids = NameSet::default();
        for (path, item) in &doc.paths.paths {
            let path_pointer = pointer_push("/paths", path);
            let (item, paths_item_ref) = match item {
                ReferenceOr::Item(item) => (item.clone(), None),
                ReferenceOr::Reference { reference } => (
                    spec.follow(reference, &path_pointer, "path item")?,
                    Some(reference.clone()),
                ),
            };
            // Where the operations' prose is written: in the path item a `$ref` points to.
            let item_at = match &paths_item_ref {
                Some(reference) => reference.trim_start_matches('#').to_string(),
                None => path_pointer.clone(),
            };
            for (method, op) in item.iter() {
                let pointer = pointer_push(&path_pointer, method);
                let id = match &op.operation_id {
                    Some(id) => {
                        let claimed = ids.claim(id);
                        if &claimed != id {
                            self.warn(
                                &pointer_push(&pointer, "operationId"),
                                format!("operationId `{id}` is used twice; this one is called `{claimed}`"),
                                "give every operation a unique operationId",
                            );
                        }
                        claimed
                    }
                    None => ids.claim(&pascal(&format!("{method} {path}"))),
                };
                let (resource, method_name) = match self.map.lookup(&id) {
                    Some((r, m)) => (r.to_string(), m.to_string()),
                    None => default_names(&id, op, path),
                };
                let index = match order.iter().position(|r| *r == resource) {
                    Some(i) => i,
                    None => {
                        order.push(resource.clone());
                        order.len() - 1
                    }
                };
                let place = Place {
                    path,
                    item: &item,
                    method,
                    prose_at: pointer_push(&item_at, method),
                    pointer,
                };
                let operation =
                    self.operation(&place, op, id, &method_name, default_server.as_deref())?;
                by_resource
                    .entry(index)
                    .or_insert_with(|| self.new_resource(&resource))
                    .operations
                    .push(operation);
            }
        }
        // Every component schema is generated, used or not.
        self.drain()?;
        let mut resources: Vec<Resource> = by_resource.into_values().collect();
        self.finish_resources(&mut resources);
        Ok(resources)
    }

    /// One operation as written (its method name and pagination are settled by
    /// [`Resolver::finish_resources`]).
    fn operation(
        &mut self,
        at: &Place,
        op: &openapiv3::Operation,
        id: String,
        method_name: &str,
        default_server: Option<&str>,
    ) -> R<Operation> {
        let pointer = &at.pointer;
        let servers = if !op.servers.is_empty() {
            &op.servers
        } else {
            &at.item.servers
        };
        let server = server_choice(default_server, servers.first().map(server_url).as_deref());
        let security = self.security(op.security.as_ref(), pointer)?;
        let ctx_name = type_ident(&id);
        let params = self.params(
            &at.item.parameters,
            &op.parameters,
            at.path,
            pointer,
            &ctx_name,
        )?;
        let body = match &op.request_body {
            Some(b) => Some(self.body(b, &pointer_push(pointer, "requestBody"), &ctx_name)?),
            None => None,
        };
        let responses = self.responses(op, pointer, &ctx_name)?;
        let success = success_of(&responses);
        if let (Success::ByStatus(_), Some(redirect)) =
            (&success, responses.iter().find(|r| r.status.is_redirect()))
        {
            self.warn(
                pointer,
                format!(
                    "this operation answers a redirect (`{}`) besides 2xx responses with different bodies; its response enum has no redirect variant, so a redirect comes as `{}` with the raw response (status and `Location` header)",
                    redirect.status,
                    StatusEnum::OTHER
                ),
                "describe the redirect in an operation of its own, or give the 2xx responses one body",
            );
        }
        Ok(Operation {
            method_name: field_ident(method_name),
            params_struct: None,
            sdk_names: sdk_names(method_name, &self.map.operation_names(&id)),
            id,
            http_method: at.method.to_uppercase(),
            path: at.path.to_string(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            summary_pointer: op
                .summary
                .as_ref()
                .map(|_| pointer_push(&at.prose_at, "summary")),
            description_pointer: op
                .description
                .as_ref()
                .map(|_| pointer_push(&at.prose_at, "description")),
            tags: op.tags.clone(),
            deprecated: op.deprecated,
            server,
            security,
            params,
            body,
            responses,
            success,
            pagination: None,
            pointer: pointer.clone(),
        })
    }

    /// An empty resource named `name`, with the map's description and SDK names if it has any.
    fn new_resource(&self, name: &str) -> Resource {
        let entry = self.map.resources.get(name);
        Resource {
            sdk_names: sdk_names(
                name,
                &entry.map(|r| r.sdk_names.clone()).unwrap_or_default(),
            ),
            name: field_ident(name),
            description: entry.and_then(|r| r.description.clone()),
            operations: vec![],
        }
    }

    /// What needs every operation of a resource (or of the API): operations ordered as the map
    /// lists them, method names made unique, response enums named, pagination found and checked,
    /// multipart bodies checked.
    fn finish_resources(&mut self, resources: &mut [Resource]) {
        // Parameter structs and response enums live beside the resource handles (`resources::*`).
        let mut type_names = OperationTypeNames::new(resources);
        let mut page_params: HashMap<TypeId, String> = HashMap::new();
        for resource in resources.iter_mut() {
            // Order operations as the map lists them; unmapped ones keep document order after.
            if let Some(entry) = self.map.resources.get(&resource.name) {
                let rank =
                    |o: &Operation| entry.operations.get_index_of(&o.id).unwrap_or(usize::MAX);
                resource.operations.sort_by_key(rank);
            }
            let mut methods = NameSet::default();
            for op in &mut resource.operations {
                let claimed = methods.claim(&op.method_name);
                if claimed != op.method_name {
                    self.warn(
                        &op.pointer,
                        format!(
                            "two operations of `{}` are both named `{}`; `{}` becomes `{claimed}`",
                            resource.name, op.method_name, op.id
                        ),
                        "name them apart in the resource map (sdk.yaml)",
                    );
                    op.method_name = claimed;
                }
                type_names.name(&resource.name, op);
                op.pagination = self.pagination(op);
                self.check_shared_page(op, &mut page_params);
                self.check_multipart(op);
            }
        }
    }

    pub(super) fn check_map(&self, resources: &[Resource]) -> R<()> {
        for (resource, entry) in &self.map.resources {
            for id in entry.operations.keys() {
                let found = resources
                    .iter()
                    .flat_map(|r| &r.operations)
                    .any(|o| &o.id == id);
                if !found {
                    let pointer = pointer_push(
                        &pointer_push(
                            &pointer_push(&pointer_push("", "resources"), resource),
                            "operations",
                        ),
                        id,
                    );
                    if let Some(d) = self.map.error(
                        &pointer,
                        format!(
                            "the resource map names operation `{id}`, which the spec does not have"
                        ),
                        "remove it from the map, or correct the operationId to match the spec",
                    ) {
                        return Err(d);
                    }
                }
            }
        }
        Ok(())
    }

    fn params(
        &mut self,
        shared: &[ReferenceOr<Parameter>],
        own: &[ReferenceOr<Parameter>],
        path: &str,
        op_pointer: &str,
        ctx_name: &str,
    ) -> R<Vec<Param>> {
        let path_pointer = op_pointer
            .rsplit_once('/')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        // Each parameter, where it is listed, and its description with the pointer of that string.
        let mut all: Vec<(Parameter, String, Option<Prose>)> = vec![];
        for (list, base) in [
            (shared, pointer_push(&path_pointer, "parameters")),
            (own, pointer_push(op_pointer, "parameters")),
        ] {
            for (i, p) in list.iter().enumerate() {
                let at = pointer_push(&base, &i.to_string());
                let (param, description) = match p {
                    ReferenceOr::Item(p) => {
                        let d = p.parameter_data_ref().description.clone();
                        (p.clone(), d.map(|d| (d, pointer_push(&at, "description"))))
                    }
                    ReferenceOr::Reference { reference } => {
                        let param = self.spec.follow::<Parameter>(reference, &at, "parameter")?;
                        let own = self.spec.extras.ref_descriptions.get(&at).cloned();
                        let d = match own {
                            Some(d) => Some((d, pointer_push(&at, "description"))),
                            None => param.parameter_data_ref().description.clone().map(|d| {
                                let target = reference.trim_start_matches('#');
                                (d, pointer_push(target, "description"))
                            }),
                        };
                        (param, d)
                    }
                };
                let key = (
                    param.parameter_data_ref().name.clone(),
                    std::mem::discriminant(&param),
                );
                all.retain(|(q, _, _)| {
                    (
                        q.parameter_data_ref().name.clone(),
                        std::mem::discriminant(q),
                    ) != key
                });
                all.push((param, at, description));
            }
        }
        // Path parameters in template order first.
        let template: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split('}').next())
            .collect();
        for name in &template {
            let found = all.iter().any(|(p, _, _)| {
                matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *name
            });
            if !found {
                return Err(self.spec.error(
                    op_pointer,
                    format!("the path has `{{{name}}}` but the operation declares no path parameter `{name}`"),
                    format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to its parameters"),
                ));
            }
        }
        all.sort_by_key(|(p, _, _)| match p {
            Parameter::Path { parameter_data, .. } => template
                .iter()
                .position(|n| *n == parameter_data.name)
                .unwrap_or(0),
            _ => usize::MAX,
        });
        let mut names = NameSet::default();
        let mut out = vec![];
        for (param, at, description) in all {
            let location = match &param {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            let data = param.parameter_data_ref();
            if location == ParamLocation::Path && !template.contains(&data.name.as_str()) {
                self.warn(
                    &at,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        data.name
                    ),
                    "remove it, or add it to the path template",
                );
                continue;
            }
            let (ty, constraints) = match &data.format {
                ParameterSchemaOrContent::Schema(s) => {
                    let ctx = Ctx {
                        pointer: pointer_push(&at, "schema"),
                        parent: ctx_name.to_string(),
                        field: Some(data.name.clone()),
                        item: false,
                    };
                    let constraints = match s {
                        ReferenceOr::Item(schema) => view(schema).constraints,
                        ReferenceOr::Reference { .. } => Constraints::default(),
                    };
                    (self.schema_type(as_ref(s), &ctx)?, constraints)
                }
                ParameterSchemaOrContent::Content(_) => {
                    (TypeRef::String(None), Constraints::default())
                }
            };
            out.push(Param {
                rust_name: names.claim(&field_ident(&data.name)),
                name: data.name.clone(),
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                description_pointer: description.as_ref().map(|(_, at)| at.clone()),
                description: description.map(|(d, _)| d),
                constraints,
                deprecated: data.deprecated.unwrap_or(false),
                deep_object: matches!(
                    &param,
                    Parameter::Query {
                        style: openapiv3::QueryStyle::DeepObject,
                        ..
                    }
                ),
            });
        }
        Ok(out)
    }

    pub(super) fn webhooks(&mut self) -> R<Vec<Webhook>> {
        let mut out = vec![];
        let mut names = NameSet::default();
        let hooks: Vec<(String, openapiv3::PathItem)> = self
            .spec
            .extras
            .webhooks
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (name, item) in hooks {
            let pointer = pointer_push("/webhooks", &name);
            for (method, op) in item.iter() {
                let at = pointer_push(&pointer, method);
                let ctx_name = format!("{}Webhook", type_ident(&name));
                let payload = match &op.request_body {
                    Some(b) => Some(
                        self.body(b, &pointer_push(&at, "requestBody"), &ctx_name)?
                            .ty,
                    ),
                    None => None,
                };
                out.push(Webhook {
                    rust_name: names.claim(&type_ident(&name)),
                    name: name.clone(),
                    payload,
                    description: op.summary.clone().or(op.description.clone()),
                });
            }
        }
        self.drain()?;
        Ok(out)
    }
}
