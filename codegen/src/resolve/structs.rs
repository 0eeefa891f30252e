//! Objects: their properties as fields, and `required` names no property declares.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, ReferenceOr};
use serde_json::Value;

use crate::diagnostic::pointer_push;
use crate::model::*;
use crate::names::{field_ident, NameSet};

use super::view::{as_ref, is_sensitive, unbox, view, View};
use super::{Ctx, Resolver, R};

impl Resolver<'_> {
    pub(super) fn object_fields(
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

    /// Marks the fields `required` names, and returns the names no field declares, each with a
    /// warning at its entry in `required` (they are kept in the model: a later version that
    /// declares one adds no requirement).
    pub(super) fn undeclared_required(
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
}
