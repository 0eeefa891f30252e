//! The type graph: component schemas claim names first, every schema or `$ref` becomes a
//! [`TypeRef`] (inline ones named from where they sit), and each type is put in a module.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use crate::diagnostic::pointer_push;
use crate::loader::ref_name;
use crate::model::*;
use crate::names::{type_ident, type_name};

use super::enums::enum_key;
use super::view::{as_ref, required_at, schema_prose, unbox, view};
use super::{Ctx, Resolver, R};

/// What a schema turns into before it is given a name.
enum Shape {
    /// An existing type (primitive, list, map, or a named type).
    Ref(TypeRef),
    /// A new type that needs a name.
    Def(TypeKind),
}

impl Resolver<'_> {
    /// Component schemas claim their names first, so inline names never take them.
    pub(super) fn component_names(&mut self) {
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
    pub(super) fn drain(&mut self) -> R<()> {
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
    pub(super) fn schema_type(&mut self, s: ReferenceOr<&Schema>, ctx: &Ctx) -> R<TypeRef> {
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
    pub(super) fn finish_types(&mut self, resources: &[Resource]) -> R<Vec<TypeDef>> {
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
                    if let Some(id) = t.named() {
                        if seen.insert(id) {
                            users[id.0].insert(resource.name.clone());
                            if let Some(def) = &self.defs[id.0] {
                                roots.extend(def.kind.children().cloned());
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
