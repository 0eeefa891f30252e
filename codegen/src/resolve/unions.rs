//! `oneOf`/`anyOf`: unions with a variant per branch.

use openapiv3::{ReferenceOr, Schema};

use crate::diagnostic::pointer_push;
use crate::loader::ref_name;
use crate::model::*;
use crate::names::{type_ident, NameSet};

use super::view::as_ref;
use super::{Ctx, Resolver, R};

impl Resolver<'_> {
    pub(super) fn union(
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
}
