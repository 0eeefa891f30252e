//! From the loaded document (and the resource map) to the one resolved [`ApiModel`].
//!
//! All `$ref`s are followed here, names are chosen here, and every choice an emitter needs
//! (which server, which auth, which body encoding, what a success returns, pagination) is made
//! here, once, so emitters only translate.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use openapiv3::{
    AdditionalProperties, Parameter, ParameterSchemaOrContent, ReferenceOr,
    RequestBody as OaRequestBody, Response, Schema, SchemaKind, StatusCode, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::diagnostic::{pointer_push, Diagnostic};
use crate::loader::{ref_name, LoadedSpec};
use crate::model::*;
use crate::names::{camel, field_ident, pascal, singular, snake, type_ident, type_name, NameSet};
use crate::resource_map::{LanguageNames, ResourceMap};

/// Resolves `spec` into the model. Warnings are returned beside it; errors stop resolution.
pub fn resolve(
    spec: &LoadedSpec,
    map: &ResourceMap,
) -> Result<(ApiModel, Vec<Diagnostic>), Diagnostic> {
    let mut r = Resolver::new(spec, map);
    r.component_names();
    let resources = r.operations()?;
    r.check_map(&resources)?;
    let webhooks = r.webhooks()?;
    let types = r.finish_types(&resources)?;
    let error_type = most_common_error_type(&resources, &types);
    let doc = &spec.doc;
    let package = match &map.package {
        Some(p) => Package {
            crate_name: p.crate_name.clone(),
            crate_version: p.crate_version.clone().unwrap_or_else(|| "0.1.0".into()),
            crate_version_source: if p.crate_version.is_some() {
                VersionSource::Declared
            } else {
                VersionSource::NotInMap
            },
            env_prefix: p
                .env_prefix
                .clone()
                .unwrap_or_else(|| env_prefix_from(&p.crate_name)),
        },
        None => {
            let crate_name = crate_name_from_title(&doc.info.title);
            Package {
                env_prefix: env_prefix_from(&crate_name),
                crate_name,
                crate_version: "0.1.0".into(),
                crate_version_source: if map.file.is_some() {
                    VersionSource::NotInMap
                } else {
                    VersionSource::NoMap
                },
            }
        }
    };
    let model = ApiModel {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        default_server: doc.servers.first().map(server_url),
        security_schemes: r.schemes.clone(),
        resources,
        types,
        error_type,
        webhooks,
        sdks: sdks_from_map(map),
        docs: docs_info(map, &package, &doc.info.title),
        package,
    };
    Ok((model, r.warnings))
}

/// A Cargo package name from the API's title: its ASCII words in kebab case, at most
/// [`MAX_NAME_LEN`](crate::files::MAX_NAME_LEN) bytes (cut at a word), starting with a letter;
/// `api-client` when the title has no such word. (A name given in `sdk.yaml` is checked instead.)
fn crate_name_from_title(title: &str) -> String {
    let ascii: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = String::new();
    for word in snake(&ascii).split('_').filter(|w| !w.is_empty()) {
        if name.is_empty() && !word.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        if name.len() + word.len() + 1 > crate::files::MAX_NAME_LEN {
            break;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(word);
    }
    if name.is_empty() || crate::files::segment_problem(&name, crate::files::MAX_NAME_LEN).is_some()
    {
        "api-client".into()
    } else {
        name
    }
}

fn env_prefix_from(crate_name: &str) -> String {
    crate_name
        .split(['-', '_'])
        .next()
        .unwrap_or("API")
        .to_uppercase()
}

/// Where a schema sits, for naming inline types and for messages.
#[derive(Clone)]
struct Ctx {
    pointer: String,
    /// Name of the enclosing type (or of the operation), PascalCase.
    parent: String,
    /// JSON name of the property (or parameter) holding the schema, if any.
    field: Option<String>,
    /// Whether the schema is the item of a list held by `field`.
    item: bool,
}

impl Ctx {
    fn root(pointer: String, name: String) -> Ctx {
        Ctx {
            pointer,
            parent: name,
            field: None,
            item: false,
        }
    }

    fn child(&self, pointer: String, field: Option<&str>, item: bool) -> Ctx {
        Ctx {
            pointer,
            parent: self.parent.clone(),
            field: field.map(str::to_string),
            item,
        }
    }

    /// The name an inline object gets: `Parent` + `Field` (singular for list items).
    fn inline_name(&self) -> String {
        match &self.field {
            Some(f) if self.item => format!("{}{}", self.parent, pascal(&singular(&snake(f)))),
            Some(f) => format!("{}{}", self.parent, pascal(f)),
            None if self.item => format!("{}Item", self.parent),
            None => self.parent.clone(),
        }
    }

    /// The name an inline enum prefers: just the field (`ClientType`), shared by equal enums.
    /// Single-value enums (`record_type: [oauth_client]`) are specific to their parent, so they
    /// keep its name in front (`OAuthClientRecordType`).
    fn enum_name(&self, values: usize) -> String {
        match &self.field {
            Some(f) if values > 1 || self.parent.is_empty() => {
                pascal(&singular(&snake(last_bracket_word(f))))
            }
            Some(f) => format!(
                "{}{}",
                self.parent,
                pascal(&singular(&snake(last_bracket_word(f))))
            ),
            None => self.inline_name(),
        }
    }
}

/// `filter[client_type]` → `client_type`; `filter[allowed_grant_types][contains]` →
/// `allowed_grant_types` (a trailing operator word is skipped).
fn last_bracket_word(name: &str) -> &str {
    let words: Vec<&str> = name.split(['[', ']']).filter(|w| !w.is_empty()).collect();
    const OPERATORS: [&str; 8] = ["contains", "eq", "gt", "gte", "lt", "lte", "in", "not"];
    words
        .iter()
        .rev()
        .find(|w| !OPERATORS.contains(w))
        .copied()
        .unwrap_or(name)
}

struct Resolver<'a> {
    spec: &'a LoadedSpec,
    map: &'a ResourceMap,
    defs: Vec<Option<TypeDef>>,
    by_ref: HashMap<String, TypeId>,
    names: NameSet,
    enums_by_values: HashMap<Vec<String>, TypeId>,
    schemes: Vec<SecurityScheme>,
    warnings: Vec<Diagnostic>,
    /// (pointer, message) of every warning recorded, so none is repeated.
    warned: HashSet<(String, String)>,
    /// Referenced schemas whose shape is still to be built (refs only reserve; this breaks cycles).
    pending: Vec<TypeId>,
}

/// A schema seen through one lens, whatever `openapiv3` variant holds it.
struct View<'s> {
    typ: Option<&'static str>,
    format: Option<String>,
    /// `enum` as JSON with each value's index in the list (`null` left out).
    enum_values: Vec<(usize, Value)>,
    properties: Vec<(&'s String, &'s ReferenceOr<Box<Schema>>)>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
    items: Option<&'s ReferenceOr<Box<Schema>>>,
    one_of: &'s [ReferenceOr<Schema>],
    any_of: &'s [ReferenceOr<Schema>],
    all_of: &'s [ReferenceOr<Schema>],
    constraints: Constraints,
    is_null: bool,
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
type Prose = (String, String);

/// A schema's description (else its title), with the JSON pointer of that string; `at` is the
/// schema's pointer.
fn schema_prose(schema: &Schema, at: &str) -> (Option<String>, Option<String>) {
    let data = &schema.schema_data;
    match (&data.description, &data.title) {
        (Some(d), _) => (Some(d.clone()), Some(pointer_push(at, "description"))),
        (None, Some(t)) => (Some(t.clone()), Some(pointer_push(at, "title"))),
        (None, None) => (None, None),
    }
}

fn view(schema: &Schema) -> View<'_> {
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
fn is_sensitive(name: &str, schema: Option<&Schema>) -> bool {
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
fn required_at(v: &View<'_>, pointer: &str) -> Vec<(String, String)> {
    let at = pointer_push(pointer, "required");
    v.required
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), pointer_push(&at, &i.to_string())))
        .collect()
}

/// What a security scheme is in the document, and its description.
fn scheme_type(scheme: &openapiv3::SecurityScheme) -> (SchemeType, Option<String>) {
    use openapiv3::SecurityScheme as S;
    let flow = |kind,
                auth: Option<&String>,
                token: Option<&String>,
                refresh: &Option<String>,
                scopes: &indexmap::IndexMap<String, String>| OAuthFlow {
        kind,
        authorization_url: auth.cloned(),
        token_url: token.cloned(),
        refresh_url: refresh.clone(),
        scopes: scopes.keys().cloned().collect(),
    };
    match scheme {
        S::HTTP {
            scheme,
            bearer_format,
            description,
            ..
        } => (
            SchemeType::Http {
                scheme: scheme.to_ascii_lowercase(),
                bearer_format: bearer_format.clone(),
            },
            description.clone(),
        ),
        S::APIKey {
            location,
            name,
            description,
            ..
        } => (
            SchemeType::ApiKey {
                location: match location {
                    openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                    openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                    openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                },
                name: name.clone(),
            },
            description.clone(),
        ),
        S::OAuth2 {
            flows, description, ..
        } => {
            let mut out = vec![];
            if let Some(f) = &flows.implicit {
                out.push(flow(
                    OAuthFlowKind::Implicit,
                    Some(&f.authorization_url),
                    None,
                    &f.refresh_url,
                    &f.scopes,
                ));
            }
            if let Some(f) = &flows.password {
                out.push(flow(
                    OAuthFlowKind::Password,
                    None,
                    Some(&f.token_url),
                    &f.refresh_url,
                    &f.scopes,
                ));
            }
            if let Some(f) = &flows.client_credentials {
                out.push(flow(
                    OAuthFlowKind::ClientCredentials,
                    None,
                    Some(&f.token_url),
                    &f.refresh_url,
                    &f.scopes,
                ));
            }
            if let Some(f) = &flows.authorization_code {
                out.push(flow(
                    OAuthFlowKind::AuthorizationCode,
                    Some(&f.authorization_url),
                    Some(&f.token_url),
                    &f.refresh_url,
                    &f.scopes,
                ));
            }
            (SchemeType::OAuth2 { flows: out }, description.clone())
        }
        S::OpenIDConnect {
            open_id_connect_url,
            description,
            ..
        } => (
            SchemeType::OpenIdConnect {
                url: open_id_connect_url.clone(),
            },
            description.clone(),
        ),
    }
}

/// What a schema turns into before it is given a name.
enum Shape {
    /// An existing type (primitive, list, map, or a named type).
    Ref(TypeRef),
    /// A new type that needs a name.
    Def(TypeKind),
}

type R<T> = Result<T, Diagnostic>;

fn unbox(s: &ReferenceOr<Box<Schema>>) -> ReferenceOr<&Schema> {
    match s {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(b) => ReferenceOr::Item(&**b),
    }
}

fn as_ref(s: &ReferenceOr<Schema>) -> ReferenceOr<&Schema> {
    match s {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(b) => ReferenceOr::Item(b),
    }
}

impl<'a> Resolver<'a> {
    /// Records a warning at `pointer`, once: a node reached more than once (a response shared
    /// through `$ref` by several operations) is reported once.
    fn warn(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        let warning = self.spec.warning(pointer, message, help);
        if self
            .warned
            .insert((warning.pointer.clone(), warning.message.clone()))
        {
            self.warnings.push(warning);
        }
    }

    fn new(spec: &'a LoadedSpec, map: &'a ResourceMap) -> Self {
        Resolver {
            spec,
            map,
            defs: vec![],
            by_ref: HashMap::new(),
            names: NameSet::default(),
            enums_by_values: HashMap::new(),
            schemes: vec![],
            warnings: vec![],
            warned: HashSet::new(),
            pending: vec![],
        }
    }

    // ----- types -------------------------------------------------------------------------------

    /// Component schemas claim their names first, so inline names never take them.
    fn component_names(&mut self) {
        let Some(components) = &self.spec.doc.components else {
            return;
        };
        for name in components.schemas.keys() {
            let reference = format!(
                "#/components/schemas/{}",
                name.replace('~', "~0").replace('/', "~1")
            );
            self.placeholder(&reference, name);
        }
    }

    /// Reserves an id and a name for a referenced schema; its shape is built by `drain`.
    fn placeholder(&mut self, reference: &str, spec_name: &str) -> TypeId {
        if let Some(id) = self.by_ref.get(reference) {
            return *id;
        }
        let id = self.new_def(
            type_ident(spec_name),
            spec_name,
            reference.trim_start_matches('#'),
            TypeKind::Alias(TypeRef::Any),
        );
        self.by_ref.insert(reference.to_string(), id);
        self.pending.push(id);
        id
    }

    fn new_def(
        &mut self,
        wanted: String,
        spec_name: &str,
        pointer: &str,
        kind: TypeKind,
    ) -> TypeId {
        let id = TypeId(self.defs.len());
        let name = self.names.claim(&type_name(&wanted));
        self.defs.push(Some(TypeDef {
            name,
            spec_name: spec_name.to_string(),
            pointer: pointer.to_string(),
            description: None,
            description_pointer: None,
            module: String::new(),
            kind,
            example: None,
        }));
        id
    }

    fn def_mut(&mut self, id: TypeId) -> &mut TypeDef {
        self.defs[id.0].as_mut().expect("defs are never taken out")
    }

    /// Builds every reserved schema (including those reserved while building).
    fn drain(&mut self) -> R<()> {
        while let Some(id) = self.pending.pop() {
            let pointer = self.def_mut(id).pointer.clone();
            let name = self.def_mut(id).name.clone();
            let reference = format!("#{pointer}");
            let schema: Schema = match self.spec.follow(&reference, &pointer, "schema")? {
                ReferenceOr::Item(schema) => schema,
                // A component that is only a `$ref`: another name for that schema.
                ReferenceOr::Reference { reference: target } => {
                    let t = self.reference_type(&target, &pointer)?;
                    self.def_mut(id).kind = TypeKind::Alias(t);
                    continue;
                }
            };
            let ctx = Ctx::root(pointer.clone(), name);
            let kind = match self.shape(&schema, &ctx)? {
                Shape::Def(kind) => kind,
                Shape::Ref(t) => TypeKind::Alias(t),
            };
            let kind = match kind {
                TypeKind::Alias(t) if schema.schema_data.nullable => {
                    TypeKind::Alias(TypeRef::Nullable(Box::new(t)))
                }
                k => k,
            };
            if let TypeKind::Enum(e) = &kind {
                self.enums_by_values.entry(enum_key(e)).or_insert(id);
            }
            let def = self.def_mut(id);
            def.kind = kind;
            (def.description, def.description_pointer) = schema_prose(&schema, &pointer);
            def.example = schema.schema_data.example.clone();
        }
        Ok(())
    }

    /// The type of a schema or reference found at `ctx`.
    fn schema_type(&mut self, s: ReferenceOr<&Schema>, ctx: &Ctx) -> R<TypeRef> {
        match s {
            ReferenceOr::Reference { reference } => self.reference_type(&reference, &ctx.pointer),
            ReferenceOr::Item(schema) => {
                let t = match self.shape(schema, ctx)? {
                    Shape::Ref(t) => t,
                    Shape::Def(kind) => {
                        let id = match &kind {
                            TypeKind::Enum(e) => {
                                let key = enum_key(e);
                                match self.enums_by_values.get(&key) {
                                    Some(id) => *id,
                                    None => {
                                        let wanted = ctx.enum_name(e.len());
                                        let wanted = if self.names_taken(&wanted) {
                                            ctx.inline_name()
                                        } else {
                                            wanted
                                        };
                                        let id = self.new_def(
                                            wanted,
                                            &ctx.inline_name(),
                                            &ctx.pointer,
                                            kind,
                                        );
                                        self.enums_by_values.insert(key, id);
                                        id
                                    }
                                }
                            }
                            _ => self.new_def(
                                ctx.inline_name(),
                                &ctx.inline_name(),
                                &ctx.pointer,
                                kind,
                            ),
                        };
                        let def = self.def_mut(id);
                        if def.description.is_none() {
                            (def.description, def.description_pointer) =
                                schema_prose(schema, &ctx.pointer);
                        }
                        if def.example.is_none() {
                            def.example = schema.schema_data.example.clone();
                        }
                        TypeRef::Named(id)
                    }
                };
                Ok(if schema.schema_data.nullable && !t.is_nullable() {
                    TypeRef::Nullable(Box::new(t))
                } else {
                    t
                })
            }
        }
    }

    fn names_taken(&self, name: &str) -> bool {
        self.names.is_taken(&type_name(name))
    }

    fn reference_type(&mut self, reference: &str, from: &str) -> R<TypeRef> {
        if !reference.starts_with('#') {
            return Err(self.spec.error(
                &pointer_push(from, "$ref"),
                format!("external reference `{reference}` is not supported"),
                "bundle the document into one file first (for example `redocly bundle`), so every $ref starts with `#/`",
            ));
        }
        if self.spec.node(reference).is_none() {
            return Err(self.spec.error(
                &pointer_push(from, "$ref"),
                format!("`{reference}` points at nothing in this document"),
                "define the schema it names under components/schemas, or correct the reference",
            ));
        }
        let id = self.placeholder(reference, &ref_name(reference));
        Ok(TypeRef::Named(id))
    }

    fn shape(&mut self, schema: &Schema, ctx: &Ctx) -> R<Shape> {
        let v = view(schema);
        if v.is_null && v.typ.is_none() {
            return Ok(Shape::Ref(TypeRef::Any));
        }
        if !v.all_of.is_empty() {
            let own_props = v.properties.is_empty();
            if v.all_of.len() == 1 && own_props && v.one_of.is_empty() && v.any_of.is_empty() {
                return Ok(Shape::Ref(self.schema_type(
                    as_ref(&v.all_of[0]),
                    &ctx.child(pointer_push(&ctx.pointer, "allOf/0"), None, false),
                )?));
            }
            let mut fields = vec![];
            let mut additional = Some(TypeRef::Any);
            let mut seen = BTreeSet::new();
            let mut required = vec![];
            self.merge_all_of(
                schema,
                ctx,
                &mut fields,
                &mut additional,
                &mut seen,
                &mut vec![],
                &mut required,
            )?;
            let undeclared_required = self.undeclared_required(required, &mut fields);
            return Ok(Shape::Def(TypeKind::Struct(StructDef {
                fields,
                additional,
                undeclared_required,
            })));
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let branches = if v.one_of.is_empty() {
                v.any_of
            } else {
                v.one_of
            };
            let key = if v.one_of.is_empty() {
                "anyOf"
            } else {
                "oneOf"
            };
            return self.union(schema, branches, key, ctx).map(Shape::Def);
        }
        if let Some(e) = self.enum_def(&v, ctx) {
            return Ok(Shape::Def(TypeKind::Enum(e)));
        }
        Ok(match v.typ {
            Some("string") => Shape::Ref(TypeRef::String(v.format)),
            Some("integer") => Shape::Ref(TypeRef::Integer(v.format)),
            Some("number") => Shape::Ref(TypeRef::Number(v.format)),
            Some("boolean") => Shape::Ref(TypeRef::Boolean),
            Some("array") => {
                let item = match v.items {
                    Some(items) => {
                        let c = Ctx {
                            pointer: pointer_push(&ctx.pointer, "items"),
                            item: true,
                            ..ctx.clone()
                        };
                        self.schema_type(unbox(items), &c)?
                    }
                    None => TypeRef::Any,
                };
                Shape::Ref(TypeRef::Array(Box::new(item)))
            }
            Some("object") if v.properties.is_empty() => {
                let value = match v.additional {
                    Some(AdditionalProperties::Schema(s)) => {
                        let c = Ctx {
                            pointer: pointer_push(&ctx.pointer, "additionalProperties"),
                            parent: ctx.inline_name(),
                            field: Some("value".into()),
                            item: false,
                        };
                        self.schema_type(as_ref(s), &c)?
                    }
                    _ => TypeRef::Any,
                };
                Shape::Ref(TypeRef::Map(Box::new(value)))
            }
            Some("object") => {
                let mut fields = vec![];
                let mut additional = Some(TypeRef::Any);
                let mut seen = BTreeSet::new();
                self.object_fields(&v, ctx, &mut fields, &mut additional, &mut seen)?;
                let required = required_at(&v, &ctx.pointer);
                let undeclared_required = self.undeclared_required(required, &mut fields);
                Shape::Def(TypeKind::Struct(StructDef {
                    fields,
                    additional,
                    undeclared_required,
                }))
            }
            _ => Shape::Ref(TypeRef::Any),
        })
    }

    /// The enum a schema's `enum` makes. The kind of the list is decided first, from the schema's
    /// `type` or, untyped, from the values: strings (a `string` schema, or an untyped one listing
    /// a string; other values are dropped with a warning), or integers (an `integer` schema, or an
    /// untyped one listing only numbers; whole floats such as `1.0` count as integers). Every list
    /// that does not become an enum is a warning, and the schema stays its plain type: values that
    /// are not 64-bit integers, `number` enums (rare, and floats make poor variants), a `string`
    /// schema listing no string, and enums of booleans, objects or arrays.
    fn enum_def(&mut self, v: &View<'_>, ctx: &Ctx) -> Option<EnumDef> {
        if v.enum_values.is_empty() {
            return None;
        }
        let at = pointer_push(&ctx.pointer, "enum");
        let is_string = |x: &Value| x.is_string();
        let strings = match v.typ {
            Some("string") => true,
            None => v.enum_values.iter().any(|(_, x)| is_string(x)),
            _ => false,
        };
        let integers = match v.typ {
            Some("integer") => true,
            None => v.enum_values.iter().all(|(_, x)| x.is_number()),
            _ => false,
        };
        if strings {
            if let Some((index, odd)) = v.enum_values.iter().find(|(_, x)| !is_string(x)) {
                let all_odd = !v.enum_values.iter().any(|(_, x)| is_string(x));
                if all_odd {
                    self.warn(
                        &at,
                        "this `type: string` enum lists no string; it is generated as a plain string",
                        "list strings (or change the schema's `type` to that of the values)",
                    );
                    return None;
                }
                self.warn(
                    &pointer_push(&at, &index.to_string()),
                    format!(
                        "string enum value {odd} is not a string; only the strings become variants"
                    ),
                    "list values of one type only (and give the schema a `type`)",
                );
            }
            let values: Vec<(usize, String)> = v
                .enum_values
                .iter()
                .filter_map(|(i, x)| x.as_str().map(|s| (*i, s.to_string())))
                .collect();
            let values = self.distinct(values, &at);
            let mut names = NameSet::default();
            let variants = values
                .into_iter()
                .map(|value| EnumVariant {
                    rust_name: names.claim(&enum_variant_name(&value)),
                    value,
                })
                .collect();
            return Some(EnumDef {
                values: EnumValues::String(variants),
            });
        }
        if integers {
            let values: Result<Vec<(usize, i64)>, (usize, &Value)> = v
                .enum_values
                .iter()
                .map(|(i, x)| enum_integer(x).map(|n| (*i, n)).ok_or((*i, x)))
                .collect();
            return match values {
                Ok(values) => {
                    let values = self.distinct(values, &at);
                    let mut names = NameSet::default();
                    let variants = values
                        .into_iter()
                        .map(|value| EnumVariant {
                            rust_name: names.claim(&integer_variant_name(value)),
                            value,
                        })
                        .collect();
                    Some(EnumDef {
                        values: EnumValues::Integer(variants),
                    })
                }
                Err((index, odd)) => {
                    let (kind, plain) = match v.typ {
                        Some(_) => ("integer enum", "a plain integer"),
                        None => ("untyped enum of numbers", "any JSON value"),
                    };
                    self.warn(
                        &pointer_push(&at, &index.to_string()),
                        format!("{kind}: value {odd} is not a 64-bit signed integer; the enum is generated as {plain}"),
                        "list only integers from -9223372036854775808 to 9223372036854775807 (and give the schema `type: integer`), or make it a string enum",
                    );
                    None
                }
            };
        }
        match v.typ {
            Some("number") => self.warn(
                &at,
                "enums of `type: number` are generated as plain numbers (`f64`): any value is accepted",
                "use `type: integer` if the values are whole numbers, or a string enum",
            ),
            Some(other) => self.warn(
                &at,
                format!("enums of `type: {other}` are not generated as enums: any value of the type is accepted"),
                "use a string or integer enum, or remove the `enum` list",
            ),
            None => {
                let kinds: BTreeSet<&str> = v
                    .enum_values
                    .iter()
                    .map(|(_, x)| match x {
                        Value::Bool(_) => "booleans",
                        Value::Number(_) => "numbers",
                        Value::Array(_) => "arrays",
                        _ => "objects",
                    })
                    .collect();
                self.warn(
                    &at,
                    format!(
                        "an enum of {} is not generated as an enum: any JSON value is accepted",
                        kinds.into_iter().collect::<Vec<_>>().join(" and ")
                    ),
                    "use a string or integer enum (and give the schema a `type`)",
                );
            }
        }
        None
    }

    /// `values` (each with its index in the `enum` list at `at`) without repeats, the first kept;
    /// each repeat is a warning.
    fn distinct<T: PartialEq + std::fmt::Display>(
        &mut self,
        values: Vec<(usize, T)>,
        at: &str,
    ) -> Vec<T> {
        let mut out: Vec<T> = Vec::with_capacity(values.len());
        for (index, value) in values {
            if out.contains(&value) {
                self.warn(
                    &pointer_push(at, &index.to_string()),
                    format!(
                        "enum value `{value}` is listed more than once; it becomes one variant"
                    ),
                    "list each value once",
                );
            } else {
                out.push(value);
            }
        }
        out
    }

    fn object_fields(
        &mut self,
        v: &View<'_>,
        ctx: &Ctx,
        fields: &mut Vec<Field>,
        additional: &mut Option<TypeRef>,
        seen: &mut BTreeSet<String>,
    ) -> R<()> {
        let own = ctx.inline_name();
        let mut rust_names = NameSet::default();
        for f in fields.iter() {
            rust_names.reserve(&f.rust_name);
        }
        for (name, prop) in &v.properties {
            if !seen.insert((*name).clone()) {
                continue;
            }
            let pointer = pointer_push(&pointer_push(&ctx.pointer, "properties"), name);
            let child = Ctx {
                pointer,
                parent: own.clone(),
                field: Some((*name).clone()),
                item: false,
            };
            let prop = unbox(prop);
            let (description, constraints, deprecated, inline) = match &prop {
                ReferenceOr::Item(s) => {
                    let pv = view(s);
                    (
                        s.schema_data
                            .description
                            .clone()
                            .map(|d| (d, pointer_push(&child.pointer, "description"))),
                        pv.constraints,
                        s.schema_data.deprecated,
                        Some(*s),
                    )
                }
                ReferenceOr::Reference { reference } => {
                    let description = self
                        .spec
                        .node(reference)
                        .and_then(|n| n.get("description"))
                        .and_then(Value::as_str)
                        .map(|d| {
                            let at = pointer_push(reference.trim_start_matches('#'), "description");
                            (d.to_string(), at)
                        });
                    (description, Constraints::default(), false, None)
                }
            };
            let ty = self.schema_type(prop, &child)?;
            fields.push(Field {
                name: (*name).clone(),
                rust_name: rust_names.claim(&field_ident(name)),
                ty,
                required: v.required.contains(name),
                description_pointer: description.as_ref().map(|(_, at)| at.clone()),
                description: description.map(|(d, _)| d),
                constraints,
                sensitive: is_sensitive(name, inline),
                deprecated,
            });
        }
        match v.additional {
            Some(AdditionalProperties::Any(false)) => *additional = None,
            Some(AdditionalProperties::Schema(s)) => {
                let c = Ctx {
                    pointer: pointer_push(&ctx.pointer, "additionalProperties"),
                    parent: own,
                    field: Some("extra".into()),
                    item: false,
                };
                *additional = Some(self.schema_type(as_ref(s), &c)?);
            }
            _ => {}
        }
        Ok(())
    }

    /// Merges the branches of an `allOf` into `fields`; `required` collects every name a
    /// branch requires, with its pointer, for [`Resolver::undeclared_required`].
    #[allow(clippy::too_many_arguments)]
    fn merge_all_of(
        &mut self,
        schema: &Schema,
        ctx: &Ctx,
        fields: &mut Vec<Field>,
        additional: &mut Option<TypeRef>,
        seen: &mut BTreeSet<String>,
        visiting: &mut Vec<String>,
        required: &mut Vec<(String, String)>,
    ) -> R<()> {
        let v = view(schema);
        for (i, branch) in v.all_of.iter().enumerate() {
            let pointer = pointer_push(&pointer_push(&ctx.pointer, "allOf"), &i.to_string());
            let branch_schema: Schema = match branch {
                ReferenceOr::Reference { reference } => {
                    if visiting.contains(reference) {
                        return Err(self.spec.error(
                            &pointer,
                            format!(
                                "allOf includes `{reference}`, which includes this schema again"
                            ),
                            "break the cycle: a schema cannot be merged into itself",
                        ));
                    }
                    visiting.push(reference.clone());
                    let s: Schema = self.spec.follow(reference, &pointer, "schema")?;
                    let c = Ctx {
                        pointer: reference.trim_start_matches('#').to_string(),
                        ..ctx.clone()
                    };
                    self.merge_all_of(&s, &c, fields, additional, seen, visiting, required)?;
                    visiting.pop();
                    continue;
                }
                ReferenceOr::Item(s) => s.clone(),
            };
            let c = Ctx {
                pointer,
                ..ctx.clone()
            };
            self.merge_all_of(
                &branch_schema,
                &c,
                fields,
                additional,
                seen,
                visiting,
                required,
            )?;
        }
        if !v.properties.is_empty() || v.additional.is_some() {
            self.object_fields(&v, ctx, fields, additional, seen)?;
        }
        // A property required by any branch is required in the merge.
        for f in fields.iter_mut() {
            if v.required.contains(&f.name) {
                f.required = true;
            }
        }
        required.extend(required_at(&v, &ctx.pointer));
        Ok(())
    }

    /// Marks the fields `required` names, and returns the names no field declares, each with a
    /// warning at its entry in `required` (they are kept in the model: a later version that
    /// declares one adds no requirement).
    fn undeclared_required(
        &mut self,
        required: Vec<(String, String)>,
        fields: &mut [Field],
    ) -> Vec<String> {
        let mut undeclared: Vec<String> = vec![];
        for (name, at) in required {
            if let Some(f) = fields.iter_mut().find(|f| f.name == name) {
                f.required = true;
            } else if !undeclared.contains(&name) {
                self.warn(
                    &at,
                    format!("`{name}` is required, but no property of that name is declared; the crate has no field for it"),
                    format!("declare `{name}` under `properties`, or remove it from `required`"),
                );
                undeclared.push(name);
            }
        }
        undeclared
    }

    fn union(
        &mut self,
        schema: &Schema,
        branches: &[ReferenceOr<Schema>],
        key: &str,
        ctx: &Ctx,
    ) -> R<TypeKind> {
        let own = ctx.inline_name();
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut names = NameSet::default();
        let mut variants = vec![];
        for (i, branch) in branches.iter().enumerate() {
            let pointer = pointer_push(&pointer_push(&ctx.pointer, key), &i.to_string());
            let c = Ctx {
                pointer,
                parent: format!("{own}Variant{}", i + 1),
                field: None,
                item: false,
            };
            let ty = self.schema_type(as_ref(branch), &c)?;
            let (wanted, tags) = match branch {
                ReferenceOr::Reference { reference } => {
                    let base = ref_name(reference);
                    let mut tags: Vec<String> = discriminator
                        .map(|d| {
                            d.mapping
                                .iter()
                                .filter(|(_, r)| *r == reference || ref_name(r) == base)
                                .map(|(k, _)| k.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    if tags.is_empty() && discriminator.is_some() {
                        tags.push(base.clone());
                    }
                    (type_ident(&base), tags)
                }
                ReferenceOr::Item(_) => (
                    match ty.non_null() {
                        TypeRef::String(_) => "String".to_string(),
                        TypeRef::Integer(_) => "Integer".to_string(),
                        TypeRef::Number(_) => "Number".to_string(),
                        TypeRef::Boolean => "Boolean".to_string(),
                        TypeRef::Array(_) => "List".to_string(),
                        TypeRef::Map(_) => "Map".to_string(),
                        _ => format!("Variant{}", i + 1),
                    },
                    vec![],
                ),
            };
            variants.push(UnionVariant {
                rust_name: names.claim(&wanted),
                ty,
                tags,
            });
        }
        Ok(TypeKind::Union(UnionDef {
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
        }))
    }

    // ----- operations --------------------------------------------------------------------------

    fn operations(&mut self) -> R<Vec<Resource>> {
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
                let prose_at = pointer_push(&item_at, method);
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
                let servers = if !op.servers.is_empty() {
                    &op.servers
                } else {
                    &item.servers
                };
                let server = server_choice(
                    default_server.as_deref(),
                    servers.first().map(server_url).as_deref(),
                );
                let security = self.security(op.security.as_ref(), &pointer)?;
                let ctx_name = type_ident(&id);
                let params =
                    self.params(&item.parameters, &op.parameters, path, &pointer, &ctx_name)?;
                let body = match &op.request_body {
                    Some(b) => {
                        Some(self.body(b, &pointer_push(&pointer, "requestBody"), &ctx_name)?)
                    }
                    None => None,
                };
                let responses = self.responses(op, &pointer, &ctx_name)?;
                let success = success_of(&responses);
                if let (Success::ByStatus(_), Some(redirect)) =
                    (&success, responses.iter().find(|r| r.status.is_redirect()))
                {
                    self.warn(
                        &pointer,
                        format!(
                            "this operation answers a redirect (`{}`) besides 2xx responses with different bodies; its response enum has no redirect variant, so a redirect comes as `{}` with the raw response (status and `Location` header)",
                            redirect.status,
                            StatusEnum::OTHER
                        ),
                        "describe the redirect in an operation of its own, or give the 2xx responses one body",
                    );
                }
                let operation = Operation {
                    method_name: field_ident(&method_name),
                    sdk_names: sdk_names(&method_name, &self.map.operation_names(&id)),
                    id,
                    http_method: method.to_uppercase(),
                    path: path.clone(),
                    summary: op.summary.clone(),
                    description: op.description.clone(),
                    summary_pointer: op
                        .summary
                        .as_ref()
                        .map(|_| pointer_push(&prose_at, "summary")),
                    description_pointer: op
                        .description
                        .as_ref()
                        .map(|_| pointer_push(&prose_at, "description")),
                    tags: op.tags.clone(),
                    deprecated: op.deprecated,
                    server,
                    security,
                    params,
                    body,
                    responses,
                    success,
                    pagination: None,
                    pointer,
                };
                by_resource
                    .entry(index)
                    .or_insert_with(|| Resource {
                        sdk_names: sdk_names(
                            &resource,
                            &self
                                .map
                                .resources
                                .get(&resource)
                                .map(|r| r.sdk_names.clone())
                                .unwrap_or_default(),
                        ),
                        name: field_ident(&resource),
                        description: self
                            .map
                            .resources
                            .get(&resource)
                            .and_then(|r| r.description.clone()),
                        operations: vec![],
                    })
                    .operations
                    .push(operation);
            }
        }
        // Every component schema is generated, used or not.
        self.drain()?;
        let mut resources: Vec<Resource> = by_resource.into_values().collect();
        // Response enums live beside the resource handles and parameter structs (`resources::*`).
        let mut response_enums = NameSet::default();
        let mut page_params: HashMap<TypeId, String> = HashMap::new();
        for resource in &resources {
            response_enums.reserve(&type_name(&resource.name));
        }
        for resource in &mut resources {
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
                if let Success::ByStatus(e) = &mut op.success {
                    e.name = response_enums.claim(&format!(
                        "{}{}Response",
                        pascal(&singular(&resource.name)),
                        pascal(&op.method_name)
                    ));
                }
                op.pagination = self.pagination(op);
                self.check_shared_page(op, &mut page_params);
                self.check_multipart(op);
            }
        }
        Ok(resources)
    }

    /// A page type answered by several list operations implements `Paginated` once, so they must
    /// all ask for pages with the same parameter: one that does not is not paginated (a warning).
    fn check_shared_page(&mut self, op: &mut Operation, page_params: &mut HashMap<TypeId, String>) {
        let Some(p) = &op.pagination else {
            return;
        };
        let first = page_params
            .entry(p.page_type)
            .or_insert_with(|| p.page_param.clone());
        if *first != p.page_param {
            let message = format!(
                "this list operation asks for pages with `{}`, but another operation answering the same page type (`{}`) uses `{first}`; this one is not paginated: no `into_stream()` or `pages()`",
                p.page_param,
                self.defs[p.page_type.0]
                    .as_ref()
                    .map_or("?", |d| d.spec_name.as_str())
            );
            self.warn(
                &op.pointer,
                message,
                "use the same page-number parameter in every list operation answering this page type",
            );
            op.pagination = None;
        }
    }

    /// A multipart body is sent one part per property of an object (or of the object a union
    /// holds); anything else is sent as the properties of its JSON form, which says so.
    fn check_multipart(&mut self, op: &Operation) {
        let Some(body) = op
            .body
            .as_ref()
            .filter(|b| b.encoding == BodyEncoding::Multipart)
        else {
            return;
        };
        let is_struct = |r: &Resolver, t: &TypeRef| matches!(t, TypeRef::Named(id) if matches!(r.defs[id.0].as_ref().map(|d| &d.kind), Some(TypeKind::Struct(_))));
        let mut ty = &body.ty;
        while let TypeRef::Named(id) = ty {
            match self.defs[id.0].as_ref().map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) => ty = inner,
                _ => break,
            }
        }
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

    fn check_map(&self, resources: &[Resource]) -> R<()> {
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

    fn security(
        &mut self,
        requirement: Option<&Vec<openapiv3::SecurityRequirement>>,
        pointer: &str,
    ) -> R<Security> {
        let explicit = requirement.is_some();
        let Some(alternatives) = requirement.or(self.spec.doc.security.as_ref()) else {
            return Ok(Security {
                schemes: vec![],
                names: vec![],
                optional: true,
                explicit,
            });
        };
        let mut schemes = vec![];
        let mut names: Vec<String> = vec![];
        let mut optional = alternatives.is_empty();
        for (i, alternative) in alternatives.iter().enumerate() {
            if alternative.is_empty() {
                optional = true;
                continue;
            }
            for name in alternative.keys() {
                let at = if explicit {
                    pointer_push(
                        &pointer_push(&pointer_push(pointer, "security"), &i.to_string()),
                        name,
                    )
                } else {
                    pointer_push(&pointer_push("/security", &i.to_string()), name)
                };
                let kind = self.scheme_kind(name, &at)?;
                if !schemes.contains(&kind) {
                    schemes.push(kind);
                }
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        if alternatives.is_empty() {
            schemes.clear();
        }
        Ok(Security {
            schemes,
            names,
            optional,
            explicit,
        })
    }

    fn scheme_kind(&mut self, name: &str, at: &str) -> R<AuthKind> {
        if let Some(s) = self.schemes.iter().find(|s| s.name == name) {
            return Ok(s.kind.clone());
        }
        if let Some(description) = self.spec.extras.mutual_tls.get(name) {
            self.schemes.push(SecurityScheme {
                name: name.to_string(),
                kind: AuthKind::MutualTls,
                spec_type: SchemeType::MutualTls,
                description_pointer: description.as_ref().map(|_| {
                    pointer_push(
                        &pointer_push("/components/securitySchemes", name),
                        "description",
                    )
                }),
                description: description.clone(),
            });
            return Ok(AuthKind::MutualTls);
        }
        let scheme = self
            .spec
            .doc
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name))
            .ok_or_else(|| {
                self.spec.error(
                    at,
                    format!("security scheme `{name}` is not defined"),
                    "define it under components/securitySchemes, or correct the name",
                )
            })?;
        let (scheme, scheme_at) = match scheme {
            ReferenceOr::Item(s) => (s.clone(), pointer_push("/components/securitySchemes", name)),
            ReferenceOr::Reference { reference } => (
                self.spec.follow(reference, at, "security scheme")?,
                reference.trim_start_matches('#').to_string(),
            ),
        };
        let (spec_type, description) = scheme_type(&scheme);
        let kind = match (self.map.auth.get(name), spec_type.default_kind()) {
            (Some(entry), _) => AuthKind::from(*entry),
            (None, Some(kind)) => kind,
            (None, None) => return Err(self.spec.error(
                &pointer_push("/components/securitySchemes", name),
                format!("security scheme `{name}` is of a kind the client cannot send yet"),
                "say how to send it in the resource map: `auth: {NAME: bearer}` or `client_basic`",
            )),
        };
        self.schemes.push(SecurityScheme {
            name: name.to_string(),
            kind: kind.clone(),
            spec_type,
            description_pointer: description
                .as_ref()
                .map(|_| pointer_push(&scheme_at, "description")),
            description,
        });
        Ok(kind)
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

    fn body(
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

    fn responses(
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

    /// `page[number]` (or `page`) in the query, and a response with a list and a meta object that
    /// knows `total_pages`. A response enum is walked through its page variant when every other
    /// variant has no body (a `204` ends the list); with other bodies beside a page, no pagination
    /// and a warning.
    fn pagination(&mut self, op: &Operation) -> Option<Pagination> {
        let query = |n: &str| {
            op.params
                .iter()
                .find(|p| p.location == ParamLocation::Query && p.name == n)
        };
        let page = query("page[number]").or_else(|| query("page"))?;
        let size = query("page[size]").or_else(|| query("per_page"));
        let (page_type, page_variant) = match &op.success {
            Success::Json(TypeRef::Named(page_type)) => (*page_type, None),
            Success::ByStatus(e) => {
                let with_body: Vec<&StatusVariant> = e
                    .variants
                    .iter()
                    .filter(|v| v.body != StatusBody::Empty)
                    .collect();
                match with_body[..] {
                    [StatusVariant {
                        body: StatusBody::Json(TypeRef::Named(page_type)),
                        rust_name,
                        ..
                    }] => (*page_type, Some(rust_name.clone())),
                    _ => {
                        let pages: Vec<String> = with_body
                            .iter()
                            .filter(|v| {
                                matches!(&v.body, StatusBody::Json(TypeRef::Named(id)) if self.page_shape(*id).is_some())
                            })
                            .map(|v| format!("`{}`", v.status))
                            .collect();
                        if !pages.is_empty() {
                            let others: Vec<String> = with_body
                                .iter()
                                .map(|v| format!("`{}`", v.status))
                                .filter(|s| !pages.contains(s))
                                .collect();
                            self.warn(
                                &op.pointer,
                                format!(
                                    "this list operation answers a page ({}) or another body ({}); its response enum is not paginated: no `into_stream()` or `pages()`",
                                    pages.join(", "),
                                    others.join(", ")
                                ),
                                "give the other 2xx responses no body (a body-less status ends the list) or the page's schema",
                            );
                        }
                        return None;
                    }
                }
            }
            _ => return None,
        };
        let (items, item_type, meta) = self.page_shape(page_type)?;
        Some(Pagination {
            page_param: page.name.clone(),
            size_param: size.map(|p| p.name.clone()),
            page_type,
            page_variant,
            items_field: items.name.clone(),
            item_type: item_type.clone(),
            meta_field: meta.name.clone(),
            meta_required: meta.required && !meta.ty.is_nullable(),
        })
    }

    /// A page: a struct with a list (its field and item type) and a meta object that knows
    /// `total_pages` (its field).
    fn page_shape(&self, page_type: TypeId) -> Option<(&Field, &TypeRef, &Field)> {
        let TypeKind::Struct(s) = &self.defs[page_type.0].as_ref()?.kind else {
            return None;
        };
        let items = s
            .fields
            .iter()
            .find(|f| matches!(f.ty.non_null(), TypeRef::Array(_)))?;
        let TypeRef::Array(item_type) = items.ty.non_null() else {
            return None;
        };
        let meta = s.fields.iter().find(|f| {
            matches!(f.ty.non_null(), TypeRef::Named(m) if matches!(&self.defs[m.0].as_ref().map(|d| &d.kind),
                Some(TypeKind::Struct(ms)) if ms.fields.iter().any(|mf| mf.name == "total_pages")))
        })?;
        Some((items, item_type, meta))
    }

    fn webhooks(&mut self) -> R<Vec<Webhook>> {
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

    /// `A: {$ref: B}`, `B: {$ref: A}` names no type at all. One walk down each alias chain, each
    /// type visited once (linear, iterative: a 10,000-long chain of `$ref`s costs no more).
    fn check_alias_cycles(&self) -> R<()> {
        #[derive(Clone, Copy, PartialEq)]
        enum Seen {
            Not,
            OnThisWalk,
            Done,
        }
        let mut seen = vec![Seen::Not; self.defs.len()];
        for start in 0..self.defs.len() {
            let mut walk = vec![];
            let mut current = TypeId(start);
            while seen[current.0] != Seen::Done {
                if seen[current.0] == Seen::OnThisWalk {
                    let def = self.defs[start].as_ref().expect("defs are never taken out");
                    return Err(self.spec.error(
                        &def.pointer,
                        format!(
                            "schema `{}` is defined only as itself through `$ref`s",
                            def.spec_name
                        ),
                        "give one schema of the cycle a real definition (type, properties, ...)",
                    ));
                }
                seen[current.0] = Seen::OnThisWalk;
                walk.push(current);
                match self.defs[current.0].as_ref().map(|d| &d.kind) {
                    Some(TypeKind::Alias(t)) => match t.non_null() {
                        TypeRef::Named(next) => current = *next,
                        _ => break,
                    },
                    _ => break,
                }
            }
            for id in walk {
                seen[id.0] = Seen::Done;
            }
        }
        Ok(())
    }

    /// Puts each type in the module of the one resource that uses it, or `common`.
    fn finish_types(&mut self, resources: &[Resource]) -> R<Vec<TypeDef>> {
        let mut users: Vec<BTreeSet<String>> = vec![BTreeSet::new(); self.defs.len()];
        for resource in resources {
            for op in &resource.operations {
                let mut roots = vec![];
                for p in &op.params {
                    roots.push(p.ty.clone());
                }
                if let Some(b) = &op.body {
                    roots.push(b.ty.clone());
                }
                for r in &op.responses {
                    roots.extend(r.ty.clone());
                }
                let mut seen = BTreeSet::new();
                while let Some(t) = roots.pop() {
                    for id in named_in(&t) {
                        if seen.insert(id) {
                            users[id.0].insert(resource.name.clone());
                            if let Some(def) = &self.defs[id.0] {
                                roots.extend(children_of(&def.kind));
                            }
                        }
                    }
                }
            }
        }
        self.check_alias_cycles()?;
        let defs: Vec<TypeDef> = std::mem::take(&mut self.defs)
            .into_iter()
            .flatten()
            .collect();
        Ok(defs
            .into_iter()
            .zip(users)
            .map(|(mut def, users)| {
                def.module = match users.len() {
                    1 => users.into_iter().next().unwrap_or_default(),
                    _ => "common".into(),
                };
                def
            })
            .collect())
    }
}

/// Every type reference directly inside a type.
pub fn children_of(kind: &TypeKind) -> Vec<TypeRef> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| f.ty.clone())
            .chain(s.additional.clone())
            .collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| v.ty.clone()).collect(),
        TypeKind::Alias(t) => vec![t.clone()],
        TypeKind::Enum(_) => vec![],
    }
}

/// The named types a reference mentions.
pub fn named_in(t: &TypeRef) -> Vec<TypeId> {
    match t {
        TypeRef::Named(id) => vec![*id],
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_in(inner),
        _ => vec![],
    }
}

/// What makes two inline enums the same enum: their kind and their values, in any order.
fn enum_key(e: &EnumDef) -> Vec<String> {
    let mut values: Vec<String> = e
        .variants()
        .map(|(value, _)| match value {
            EnumValue::String(s) => format!("s:{s}"),
            EnumValue::Integer(i) => format!("i:{i}"),
        })
        .collect();
    values.sort();
    values
}

/// An integer enum value: a JSON integer in 64 bits, or a float with no fractional part in range
/// (`1.0`, as some documents write integers).
fn enum_integer(value: &Value) -> Option<i64> {
    if let Some(n) = value.as_i64() {
        return Some(n);
    }
    // -2^63 and 2^63 are exact in f64; the range is [-2^63, 2^63).
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    value
        .as_f64()
        .filter(|f| value.is_f64() && f.fract() == 0.0 && (-LIMIT..LIMIT).contains(f))
        .map(|f| f as i64)
}

/// A variant name for an integer enum value: `1` → `V1`, `0` → `V0`, `-1` → `Minus1`.
fn integer_variant_name(value: i64) -> String {
    if value < 0 {
        format!("Minus{}", value.unsigned_abs())
    } else {
        format!("V{value}")
    }
}

/// A variant name for an enum value: `client_credentials` → `ClientCredentials`, `S256` → `S256`,
/// `""` → `Empty`, `+1` → `Plus1`, `-1` → `Minus1`.
fn enum_variant_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".into();
    }
    let spelled = value.replace('+', " plus ").replace('-', " minus ");
    let spelled = if value.chars().any(|c| c.is_alphabetic()) {
        value.to_string()
    } else {
        spelled
    };
    let name = type_ident(&spelled);
    if name == "Unknown" {
        "Unknown_".into()
    } else {
        name
    }
}

/// Whether a content type is JSON: `application/json` or a `+json` type, with or without
/// parameters (`application/json; charset=utf-8`).
fn is_json(content_type: &str) -> bool {
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
fn success_of(responses: &[ResponseDef]) -> Success {
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

/// A name in each official SDK: the map's override, else snake_case (Python, Ruby), camelCase
/// (JavaScript, Java) or PascalCase (Go) of the snake_case name, with `_` after a word the
/// language reserves (a tag `public` is `client.public_()` in Java, `import` is `import_` in
/// Python), as the call would not parse otherwise.
fn sdk_names(name: &str, overrides: &LanguageNames) -> SdkNames {
    let pick = |language, default: String, reserved: &[&str]| {
        overrides.get(&language).cloned().unwrap_or_else(|| {
            if reserved.contains(&default.as_str()) {
                format!("{default}_")
            } else {
                default
            }
        })
    };
    SdkNames {
        python: pick(SdkLanguage::Python, snake(name), PYTHON_KEYWORDS),
        ruby: pick(SdkLanguage::Ruby, snake(name), &[]),
        javascript: pick(SdkLanguage::JavaScript, camel(name), &[]),
        go: pick(SdkLanguage::Go, pascal(name), &[]),
        java: pick(SdkLanguage::Java, camel(name), JAVA_KEYWORDS),
    }
}

#[cfg(test)]
mod sdk_name_tests {
    use super::*;

    #[test]
    fn reserved_words_get_an_underscore_where_the_language_reserves_them() {
        let n = sdk_names("public", &LanguageNames::default());
        assert_eq!(n.java, "public_");
        assert_eq!(n.python, "public");
        let n = sdk_names("import", &LanguageNames::default());
        assert_eq!((n.python.as_str(), n.java.as_str()), ("import_", "import_"));
        assert_eq!(n.ruby, "import");
        assert_eq!(n.go, "Import");
        let n = sdk_names("list", &LanguageNames::default());
        assert_eq!((n.python.as_str(), n.java.as_str()), ("list", "list"));
    }
}

/// Python's keywords: not usable as attribute names (`client.oauth.import()` does not parse).
/// Ruby, JavaScript and Go take their keywords after a `.` (Go's names are capitalised anyway).
const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Java's reserved words and literals: not usable as method names.
const JAVA_KEYWORDS: &[&str] = &[
    "abstract",
    "assert",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "final",
    "finally",
    "float",
    "for",
    "goto",
    "if",
    "implements",
    "import",
    "instanceof",
    "int",
    "interface",
    "long",
    "native",
    "new",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "static",
    "strictfp",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "transient",
    "try",
    "void",
    "volatile",
    "while",
    "true",
    "false",
    "null",
    "_",
];

/// The official SDKs the map lists, in the order of [`SdkLanguage::ALL`].
fn sdks_from_map(map: &ResourceMap) -> Vec<Sdk> {
    SdkLanguage::ALL
        .into_iter()
        .filter_map(|language| {
            map.sdks.get(language.key()).map(|e| Sdk {
                language,
                package: e.package.clone(),
                import: e.import.clone(),
                client: e.client.clone(),
                tested_version: e.tested_version.clone(),
                requires: e.requires.clone(),
            })
        })
        .collect()
}

/// The docs' front matter: from the map, else from the crate name and the API title.
fn docs_info(map: &ResourceMap, package: &Package, title: &str) -> DocsInfo {
    match &map.docs {
        Some(d) => DocsInfo {
            name: d.name.clone(),
            title: d.title.clone(),
            author: d.author.clone(),
            product: d.product.clone(),
            summary: d.summary.clone(),
        },
        None => DocsInfo {
            name: package.crate_name.clone(),
            title: title.to_string(),
            author: package.env_prefix.to_lowercase(),
            product: package.crate_name.clone(),
            summary: format!("Use the {title}."),
        },
    }
}

/// Which server an operation is sent to, relative to the document's default server.
fn server_choice(default: Option<&str>, server: Option<&str>) -> ServerChoice {
    let Some(server) = server else {
        return ServerChoice::Default;
    };
    let server = server.trim_end_matches('/');
    match default {
        Some(d) if d.trim_end_matches('/') == server => ServerChoice::Default,
        Some(d) if origin(d).is_some() && origin(d) == origin(server) => {
            ServerChoice::Origin(server[origin(server).map_or(0, str::len)..].to_string())
        }
        _ => ServerChoice::Absolute(server.to_string()),
    }
}

/// A server's URL with its variables (`https://{region}.example.com`) set to their defaults; the
/// client's base URL can point anywhere else at run time.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}

/// `https://host:port` of a URL.
fn origin(url: &str) -> Option<&str> {
    let after_scheme = url.find("://")? + 3;
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    Some(&url[..end])
}

/// The type most error responses (4xx, 5xx, default) use.
fn most_common_error_type(resources: &[Resource], types: &[TypeDef]) -> Option<TypeId> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_relative_to_the_default() {
        let d = Some("https://api.telnyx.com/v2");
        assert_eq!(server_choice(d, None), ServerChoice::Default);
        assert_eq!(
            server_choice(d, Some("https://api.telnyx.com/v2/")),
            ServerChoice::Default
        );
        assert_eq!(
            server_choice(d, Some("https://api.telnyx.com")),
            ServerChoice::Origin(String::new())
        );
        assert_eq!(
            server_choice(d, Some("https://api.telnyx.com/v3")),
            ServerChoice::Origin("/v3".into())
        );
        assert_eq!(
            server_choice(d, Some("https://other.example")),
            ServerChoice::Absolute("https://other.example".into())
        );
    }

    #[test]
    fn enum_variant_names_for_awkward_values() {
        assert_eq!(enum_variant_name("client_credentials"), "ClientCredentials");
        assert_eq!(enum_variant_name("S256"), "S256");
        assert_eq!(enum_variant_name(""), "Empty");
        assert_eq!(enum_variant_name("+1"), "Plus1");
        assert_eq!(enum_variant_name("-1"), "Minus1");
        assert_eq!(enum_variant_name("2fa"), "N2fa");
        assert_eq!(enum_variant_name("unknown"), "Unknown_");
    }

    #[test]
    fn integer_variant_names() {
        assert_eq!(integer_variant_name(0), "V0");
        assert_eq!(integer_variant_name(42), "V42");
        assert_eq!(integer_variant_name(-1), "Minus1");
        assert_eq!(integer_variant_name(i64::MIN), "Minus9223372036854775808");
    }

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

    #[test]
    fn media_types_are_compared_without_parameters() {
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("Application/JSON"));
        assert!(is_json("application/problem+json; charset=utf-8"));
        assert!(!is_json("text/plain; charset=utf-8"));
        assert_eq!(essence(" text/plain ; charset=utf-8"), "text/plain");
    }

    #[test]
    fn bracket_words() {
        assert_eq!(last_bracket_word("filter[client_type]"), "client_type");
        assert_eq!(
            last_bracket_word("filter[allowed_grant_types][contains]"),
            "allowed_grant_types"
        );
        assert_eq!(last_bracket_word("state"), "state");
    }
}
