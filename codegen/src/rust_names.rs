//! What the generated Rust crate calls things, in one place: the Rust type of every model
//! element (one definition, read as tokens by `emit::rust` and as text by `diff::rust_api` and
//! `emit::docs::rust`), the names of resource handles, parameter structs and response enums
//! (claimed in one name set, so none can collide), the field holding undescribed properties, the
//! fields and variants boxed to break recursive types, and which values print with `Display`.
//!
//! A change of spelling made here reaches the crate, its docs and the diff's idea of its API at
//! once; `tests/diff.rs` still checks the diff's text against the emitter's output.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::model::{
    ApiModel, BodyEncoding, Field, Operation, Param, ParamLocation, RequestBody, Resource,
    StatusBody, StructDef, Success, TypeId, TypeKind, TypeRef, Webhook,
};
use crate::names::{pascal, singular, type_name, NameSet};

/// How a [`RustType`] is spelled as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// As in reports: `OAuthClient`, `Vec<String>`, `BTreeMap<String, i64>`.
    Short,
    /// As the emitter writes them: `crate::types::OAuthClient`, `std::collections::BTreeMap<..>`.
    Emitted,
}

/// A Rust type as the generated crate writes it. Built once per use by the functions of this
/// module, then printed as tokens ([`ToTokens`], for the emitter) or as text ([`RustType::text`],
/// for the diff and the docs), so the two cannot disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// A path with generic arguments (`Vec<T>`).
    Path {
        /// Written in emitted code only (`crate::types::`, `std::collections::`).
        qualifier: &'static str,
        /// Always written (`OAuthClient`, `serde_json::Value`).
        path: String,
        /// Generic arguments.
        args: Vec<RustType>,
    },
    /// `&T`.
    Ref(Box<RustType>),
    /// `impl Into<T>` (an argument).
    ImplInto(Box<RustType>),
    /// `()`.
    Unit,
}

impl RustType {
    /// A path written the same in every spelling (`String`, `serde_json::Value`).
    pub fn plain(path: &str) -> RustType {
        RustType::qualified("", path)
    }

    /// A path whose `qualifier` only emitted code writes (`crate::types::` + `OAuthClient`).
    pub fn qualified(qualifier: &'static str, path: &str) -> RustType {
        RustType::Path {
            qualifier,
            path: path.to_string(),
            args: vec![],
        }
    }

    /// A generic type over `args` (`Vec<T>`).
    fn generic(qualifier: &'static str, path: &str, args: Vec<RustType>) -> RustType {
        RustType::Path {
            qualifier,
            path: path.to_string(),
            args,
        }
    }

    /// `Option<self>`.
    pub fn option(self) -> RustType {
        RustType::generic("", "Option", vec![self])
    }

    /// `Box<self>`.
    pub fn boxed(self) -> RustType {
        RustType::generic("", "Box", vec![self])
    }

    /// `&self`.
    pub fn reference(self) -> RustType {
        RustType::Ref(Box::new(self))
    }

    /// `impl Into<self>`.
    pub fn into_arg(self) -> RustType {
        RustType::ImplInto(Box::new(self))
    }

    /// The type as text.
    pub fn text(&self, spelling: Spelling) -> String {
        let mut out = String::new();
        self.write(&mut out, spelling);
        out
    }

    fn write(&self, out: &mut String, spelling: Spelling) {
        match self {
            RustType::Path {
                qualifier,
                path,
                args,
            } => {
                if spelling == Spelling::Emitted {
                    out.push_str(qualifier);
                }
                out.push_str(path);
                if !args.is_empty() {
                    out.push('<');
                    for (i, arg) in args.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        arg.write(out, spelling);
                    }
                    out.push('>');
                }
            }
            RustType::Ref(inner) => {
                out.push('&');
                inner.write(out, spelling);
            }
            RustType::ImplInto(inner) => {
                out.push_str("impl Into<");
                inner.write(out, spelling);
                out.push('>');
            }
            RustType::Unit => out.push_str("()"),
        }
    }
}

/// The type as the emitter writes it (the [`Spelling::Emitted`] text, as tokens).
impl ToTokens for RustType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            RustType::Path {
                qualifier,
                path,
                args,
            } => {
                let segments = qualifier
                    .split("::")
                    .chain(path.split("::"))
                    .filter(|s| !s.is_empty())
                    .map(|s| Ident::new(s, Span::call_site()));
                let generics = (!args.is_empty()).then(|| quote! { <#(#args),*> });
                quote! { #(#segments)::* #generics }
            }
            RustType::Ref(inner) => quote! { &#inner },
            RustType::ImplInto(inner) => quote! { impl Into<#inner> },
            RustType::Unit => quote! { () },
        });
    }
}

/// The Rust type of a reference.
pub fn rust_type(model: &ApiModel, t: &TypeRef) -> RustType {
    match t {
        TypeRef::Named(id) => RustType::qualified("crate::types::", &model.ty(*id).name),
        TypeRef::String(Some(f)) if f == "binary" => RustType::qualified("crate::", "FileUpload"),
        TypeRef::String(_) => RustType::plain("String"),
        TypeRef::Integer(Some(f)) if f == "int32" => RustType::plain("i32"),
        TypeRef::Integer(_) => RustType::plain("i64"),
        TypeRef::Number(Some(f)) if f == "float" => RustType::plain("f32"),
        TypeRef::Number(_) => RustType::plain("f64"),
        TypeRef::Boolean => RustType::plain("bool"),
        TypeRef::Array(inner) => RustType::generic("", "Vec", vec![rust_type(model, inner)]),
        TypeRef::Map(inner) => RustType::generic(
            "std::collections::",
            "BTreeMap",
            vec![RustType::plain("String"), rust_type(model, inner)],
        ),
        TypeRef::Any => RustType::plain("serde_json::Value"),
        TypeRef::Nullable(inner) => rust_type(model, inner).option(),
    }
}

/// The crate's name as Rust code writes it (`telnyx_oauth`).
pub fn crate_ident(model: &ApiModel) -> String {
    model.package.crate_name.replace('-', "_")
}

/// A string that is not a file (`format: binary` is a `FileUpload`): constructors take it as
/// `impl Into<String>`.
pub fn is_plain_string(t: &TypeRef) -> bool {
    matches!(t, TypeRef::String(format) if format.as_deref() != Some("binary"))
}

/// Whether values of `t` print sensibly with `Display` (for paths, queries, headers, multipart
/// text parts): strings, numbers, booleans and enums, through aliases (not through nullability).
pub fn displayable(model: &ApiModel, t: &TypeRef) -> bool {
    match model.underlying(t) {
        TypeRef::String(_) | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => true,
        TypeRef::Named(id) => matches!(model.ty(*id).kind, TypeKind::Enum(_)),
        _ => false,
    }
}

// ----- structs -----------------------------------------------------------------------------------

/// The type of struct field `f`: `T`, `Option<T>` (optional, or required but nullable) or
/// `Option<Option<T>>` (optional and nullable), with `T` a `Box` when `boxed` (a field that breaks
/// a recursive type: [`Recursion::is_boxed`]).
pub fn field_type(model: &ApiModel, f: &Field, boxed: bool) -> RustType {
    let inner = rust_type(model, f.ty.non_null());
    let inner = if boxed { inner.boxed() } else { inner };
    match (f.required, f.ty.is_nullable()) {
        (true, false) => inner,
        (true, true) | (false, false) => inner.option(),
        (false, true) => inner.option().option(),
    }
}

/// The type a constructor (`new(..)`) takes a required field or parameter of type `t` as:
/// `impl Into<String>` for a plain string, else its type (a boxed field's plain value: the
/// constructor boxes it).
pub fn constructor_arg(model: &ApiModel, t: &TypeRef) -> RustType {
    if is_plain_string(t) {
        RustType::plain("String").into_arg()
    } else {
        rust_type(model, t)
    }
}

/// The field holding undescribed properties: `extra`, unless a property already has that name.
pub fn extra_field_name(s: &StructDef) -> &'static str {
    ["extra", "extra_fields", "additional_properties"]
        .into_iter()
        .find(|n| !s.fields.iter().any(|f| f.rust_name == *n))
        .unwrap_or("extra_")
}

// ----- resources ---------------------------------------------------------------------------------

/// The name of a resource's handle type (`OAuthClients`): `type_name`, not `pascal`, so a resource
/// `self` does not become a type `Self`.
pub fn resource_handle(resource: &Resource) -> String {
    type_name(&resource.name)
}

/// The query, header and cookie parameters: the fields of the parameter struct.
pub fn struct_params(op: &Operation) -> Vec<&Param> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect()
}

/// The name an operation's parameter struct asks for (`OAuthClientListParams`), before
/// [`OperationTypeNames`] makes it unique (the model's [`Operation::params_struct`]).
pub fn wanted_params_struct(resource: &Resource, op: &Operation) -> String {
    format!("{}Params", operation_stem(&resource.name, op))
}

/// Resource (singular) and method, the start of an operation's type names (`OAuthClientList`).
fn operation_stem(resource: &str, op: &Operation) -> String {
    format!("{}{}", pascal(&singular(resource)), pascal(&op.method_name))
}

/// The names of the types that live in `resources` beside the handles: every operation's parameter
/// struct and response enum, claimed in one set where the handles are reserved first, so no two
/// share a name (a taken one gets `2`, `3`, ... in the order operations are named).
#[derive(Debug)]
pub struct OperationTypeNames {
    taken: NameSet,
}

impl OperationTypeNames {
    /// A set holding the handles of `resources`.
    pub fn new(resources: &[Resource]) -> OperationTypeNames {
        let mut taken = NameSet::default();
        for resource in resources {
            taken.reserve(&resource_handle(resource));
        }
        OperationTypeNames { taken }
    }

    /// Names `op` of the resource called `resource` (its method name final):
    /// [`Operation::params_struct`] when it has parameters outside the path, and the response enum
    /// of a [`Success::ByStatus`] operation (`ItemCreateResponse`).
    pub fn name(&mut self, resource: &str, op: &mut Operation) {
        let stem = operation_stem(resource, op);
        op.params_struct =
            (!struct_params(op).is_empty()).then(|| self.taken.claim(&format!("{stem}Params")));
        if let Success::ByStatus(e) = &mut op.success {
            e.name = self.taken.claim(&format!("{stem}Response"));
        }
    }
}

/// The type of a parameter struct field: optional parameters are `Option`s; a nullable one is not
/// told apart from an absent one.
pub fn param_field_type(model: &ApiModel, p: &Param) -> RustType {
    let t = rust_type(model, p.ty.non_null());
    if p.required {
        t
    } else {
        t.option()
    }
}

/// Whether a path parameter of type `t` is passed as `&str` (strings, and what does not print
/// with `Display`), rather than as its own type.
pub fn path_arg_is_str(model: &ApiModel, t: &TypeRef) -> bool {
    matches!(model.underlying(t), TypeRef::String(_)) || !displayable(model, t)
}

/// The type a path parameter is passed as.
pub fn path_arg_type(model: &ApiModel, p: &Param) -> RustType {
    if path_arg_is_str(model, &p.ty) {
        RustType::plain("str").reference()
    } else {
        rust_type(model, &p.ty)
    }
}

/// The type of the body argument: `&T`, `impl Into<bytes::Bytes>` for raw bytes, or
/// `impl Into<String>` for text.
pub fn body_arg_type(model: &ApiModel, body: &RequestBody) -> RustType {
    match body.encoding {
        BodyEncoding::Binary(_) => RustType::plain("bytes::Bytes").into_arg(),
        BodyEncoding::Text(_) => RustType::plain("String").into_arg(),
        _ => rust_type(model, &body.ty).reference(),
    }
}

/// What a call resolves to (`Call<T>`'s `T`).
pub fn success_type(model: &ApiModel, op: &Operation) -> RustType {
    match &op.success {
        Success::Json(t) => rust_type(model, t),
        Success::Empty => RustType::Unit,
        Success::Redirect => RustType::qualified("crate::", "Redirect"),
        Success::Text => RustType::plain("String"),
        Success::Bytes => RustType::plain("bytes::Bytes"),
        Success::ByStatus(e) => RustType::qualified("crate::resources::", &e.name),
    }
}

/// A method's return type: `crate::Call<T>`.
pub fn call_type(model: &ApiModel, op: &Operation) -> RustType {
    RustType::generic("crate::", "Call", vec![success_type(model, op)])
}

/// What the variant of one success status holds (`None`: a unit variant).
pub fn status_payload(model: &ApiModel, body: &StatusBody) -> Option<RustType> {
    match body {
        StatusBody::Json(t) => Some(rust_type(model, t)),
        StatusBody::Text => Some(RustType::plain("String")),
        StatusBody::Bytes => Some(RustType::plain("bytes::Bytes")),
        StatusBody::Empty => None,
    }
}

/// What a response enum's variant for any other status holds: `crate::RawResponse`.
pub fn raw_response() -> RustType {
    RustType::qualified("crate::", "RawResponse")
}

/// What the `WebhookEvent` variant of a webhook holds.
pub fn webhook_payload_type(model: &ApiModel, hook: &Webhook) -> RustType {
    match &hook.payload {
        Some(t) => rust_type(model, t),
        None => RustType::plain("serde_json::Value"),
    }
}

// ----- recursive types ---------------------------------------------------------------------------

/// Where the type graph loops back on itself, from its strongly connected components: the fields
/// and variants to box, and the aliases that must be newtypes.
#[derive(Debug, Clone)]
pub struct Recursion {
    /// (type, field or variant index) pairs that must be boxed to break a recursive type.
    boxed: BTreeSet<(TypeId, usize)>,
    /// Per type, its component over every reference (lists and maps included).
    components: Vec<usize>,
}

impl Recursion {
    /// The recursion of `model`'s types.
    pub fn of(model: &ApiModel) -> Recursion {
        Recursion {
            boxed: recursive_edges(model),
            components: reference_components(model),
        }
    }

    /// Whether field or variant `index` of type `owner` is boxed: it refers back to its own type
    /// without a list or map in between.
    pub fn is_boxed(&self, owner: TypeId, index: usize) -> bool {
        self.boxed.contains(&(owner, index))
    }

    /// Whether `t`, referenced by `target`, leads back to it through any path (lists and maps
    /// included): an alias that does is written as a newtype (`type X = Vec<X>` is not allowed).
    pub fn reaches(&self, t: &TypeRef, target: TypeId) -> bool {
        t.named()
            .is_some_and(|id| self.components[id.0] == self.components[target.0])
    }
}

/// Fields and variants that refer back to their own type without a list or map in between.
fn recursive_edges(model: &ApiModel) -> BTreeSet<(TypeId, usize)> {
    fn direct(t: &TypeRef) -> Option<TypeId> {
        match t {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Nullable(inner) => direct(inner),
            _ => None,
        }
    }
    // Labelled by field, variant or (0) alias target; not the type of undescribed properties,
    // which is always held in a map.
    fn edges(model: &ApiModel, id: TypeId) -> Vec<(usize, TypeId)> {
        let held: Vec<&TypeRef> = match &model.ty(id).kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(t) => vec![t],
            TypeKind::Enum(_) => vec![],
        };
        held.into_iter()
            .enumerate()
            .filter_map(|(i, t)| direct(t).map(|t| (i, t)))
            .collect()
    }
    // An edge is recursive when its target reaches back to its source: when both are in one
    // strongly connected component.
    let adjacent: Vec<Vec<(usize, TypeId)>> = (0..model.types.len())
        .map(|i| edges(model, TypeId(i)))
        .collect();
    let component = components(&adjacent);
    let mut out = BTreeSet::new();
    for (i, targets) in adjacent.iter().enumerate() {
        for &(index, next) in targets {
            if component[i] == component[next.0] {
                out.insert((TypeId(i), index));
            }
        }
    }
    out
}

/// The strongly connected component of each node of a graph given as, per node, its (edge label,
/// target) pairs: two nodes share one when each reaches the other. Tarjan's algorithm, iterative (a
/// 10,000-long chain of types must not recurse 10,000 deep) and linear in the number of edges.
fn components(adjacent: &[Vec<(usize, TypeId)>]) -> Vec<usize> {
    let n = adjacent.len();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![0; n];
    let mut stack = vec![];
    let mut next_index = 0;
    let mut components = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, how many of its edges are explored)
        let mut calls = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&(v, explored)) = calls.last() {
            if let Some(&(_, TypeId(w))) = adjacent[v].get(explored) {
                if let Some(call) = calls.last_mut() {
                    call.1 += 1;
                }
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = components;
                    if w == v {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// Per type, its strongly connected component over every reference (lists and maps included):
/// a type reaches itself when one of the types it names is in its component.
fn reference_components(model: &ApiModel) -> Vec<usize> {
    let adjacent: Vec<Vec<(usize, TypeId)>> = model
        .types
        .iter()
        .map(|def| {
            def.kind
                .children()
                .filter_map(TypeRef::named)
                .map(|id| (0, id))
                .collect()
        })
        .collect();
    components(&adjacent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::LoadedSpec;
    use crate::resource_map::ResourceMap;
    use crate::source::SourceFile;

    fn model_of(yaml: &str) -> ApiModel {
        model_with_map(yaml, ResourceMap::default())
    }

    fn model_with_map(yaml: &str, map: ResourceMap) -> ApiModel {
        let source = SourceFile::parse(std::path::Path::new("test.yaml"), yaml.to_string())
            .expect("the test spec parses");
        let spec = LoadedSpec::from_source(source).expect("the test spec loads");
        crate::resolve::resolve(&spec, &map)
            .expect("the test spec resolves")
            .0
    }

    fn type_id(model: &ApiModel, name: &str) -> TypeId {
        let index = model.types.iter().position(|t| t.name == name);
        TypeId(index.unwrap_or_else(|| panic!("no type `{name}`")))
    }

    /// A list operation with a query parameter, tagged `tag`.
    fn list_path(path: &str, tag: &str, id: &str) -> String {
        format!(
            "  {path}:\n    get:\n      tags: [{tag}]\n      operationId: {id}\n      parameters:\n        - {{name: q, in: query, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: string}}}}}}}}\n        '201': {{description: ok, content: {{application/json: {{schema: {{type: integer}}}}}}}}\n"
        )
    }

    #[test]
    fn parameter_structs_response_enums_and_handles_never_share_a_name() {
        // `item` and `items` are both `Item` in the singular, and both have a `list`;
        // `item_list_params` is a handle named like their parameter structs.
        let spec = format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths:\n{}{}{}",
            list_path("/item", "item", "listItem"),
            list_path("/items", "items", "listItems"),
            list_path("/other", "item_list_params", "get"),
        );
        let map: ResourceMap = serde_yaml::from_str(
            "resources:\n  item: {operations: {listItem: list}}\n  items: {operations: {listItems: list}}\n",
        )
        .expect("the test map parses");
        let model = model_with_map(&spec, map);
        let mut names = vec![];
        for resource in &model.resources {
            names.push(resource_handle(resource));
            for op in &resource.operations {
                names.extend(op.params_struct.clone());
                if let Success::ByStatus(e) = &op.success {
                    names.push(e.name.clone());
                }
            }
        }
        let unique: BTreeSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        // A name already taken gets a number, in the order operations are named.
        assert_eq!(
            names,
            [
                "Item",
                "ItemListParams2",
                "ItemListResponse",
                "Items",
                "ItemListParams3",
                "ItemListResponse2",
                "ItemListParams",
                "ItemListParamGetParams",
                "ItemListParamGetResponse",
            ]
        );
    }

    #[test]
    fn tokens_and_emitted_text_are_one_spelling() {
        let model = model_of(include_str!("../../tests/fixtures/specs/recursion.yaml"));
        let node = TypeRef::Named(type_id(&model, "Node"));
        let refs = [
            node.clone(),
            TypeRef::Nullable(Box::new(TypeRef::Array(Box::new(node.clone())))),
            TypeRef::Map(Box::new(TypeRef::Integer(Some("int32".into())))),
            TypeRef::String(Some("binary".into())),
            TypeRef::Any,
            TypeRef::Number(Some("float".into())),
            TypeRef::Boolean,
        ];
        let mut types: Vec<RustType> = refs.iter().map(|t| rust_type(&model, t)).collect();
        types.extend([
            rust_type(&model, &node).boxed().option().option(),
            constructor_arg(&model, &TypeRef::String(None)),
            rust_type(&model, &node).reference(),
            RustType::Unit,
        ]);
        for t in &types {
            let from_tokens: syn::Type = syn::parse2(t.to_token_stream()).expect("tokens parse");
            let from_text: syn::Type =
                syn::parse_str(&t.text(Spelling::Emitted)).expect("text parses");
            assert_eq!(
                from_tokens.to_token_stream().to_string(),
                from_text.to_token_stream().to_string()
            );
        }
        let texts: Vec<String> = types.iter().map(|t| t.text(Spelling::Short)).collect();
        assert_eq!(
            texts,
            [
                "Node",
                "Option<Vec<Node>>",
                "BTreeMap<String, i32>",
                "FileUpload",
                "serde_json::Value",
                "f32",
                "bool",
                "Option<Option<Box<Node>>>",
                "impl Into<String>",
                "&Node",
                "()",
            ]
        );
        assert_eq!(
            types[2].text(Spelling::Emitted),
            "std::collections::BTreeMap<String, i32>"
        );
    }

    #[test]
    fn fields_back_to_their_own_type_are_boxed() {
        let model = model_of(include_str!("../../tests/fixtures/specs/recursion.yaml"));
        let recursion = Recursion::of(&model);
        let node = type_id(&model, "Node");
        let TypeKind::Struct(s) = &model.ty(node).kind else {
            panic!("Node is a struct");
        };
        let boxed: Vec<&str> = (0..s.fields.len())
            .filter(|&i| recursion.is_boxed(node, i))
            .map(|i| s.fields[i].rust_name.as_str())
            .collect();
        // `children` and `by_name` are a list and a map: they need no box.
        assert_eq!(boxed, ["parent", "owner"]);
        let forest = type_id(&model, "Forest");
        let TypeKind::Alias(t) = &model.ty(forest).kind else {
            panic!("Forest is an alias");
        };
        assert!(recursion.reaches(t, forest));
        assert!(!recursion.reaches(&TypeRef::Named(node), forest));
    }

    #[test]
    fn alias_chains_of_any_length_resolve() {
        // 20 aliases before the enum (the former walks gave up after 8).
        let mut spec = String::from(
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for i in 0..20 {
            spec.push_str(&format!(
                "    A{i}: {{$ref: '#/components/schemas/A{}'}}\n",
                i + 1
            ));
        }
        spec.push_str("    A20: {type: string, enum: [a, b]}\n");
        let mut model = model_of(&spec);
        let first = TypeRef::Named(type_id(&model, "A0"));
        let last = type_id(&model, "A20");
        assert_eq!(model.underlying(&first), &TypeRef::Named(last));
        assert_eq!(model.enum_of(&first).map(|(id, _)| id), Some(last));
        assert!(displayable(&model, &first));
        assert!(model.struct_of(&first).is_none());
        // Nullability: kept by `underlying`, looked through by the rest.
        let nullable = TypeRef::Nullable(Box::new(first.clone()));
        assert_eq!(model.underlying(&nullable), &nullable);
        assert_eq!(model.underlying_non_null(&nullable), &TypeRef::Named(last));
        assert!(!displayable(&model, &nullable));
        // A cycle the resolver would refuse ends the walk instead of looping.
        model.types[last.0].kind = TypeKind::Alias(first.clone());
        assert!(matches!(model.underlying(&first), TypeRef::Named(_)));
        assert!(model.enum_of(&nullable).is_none());
    }
}
