//! `allOf`: the branches merged into one struct.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema};

use crate::diagnostic::pointer_push;
use crate::model::*;

use super::view::{required_at, view};
use super::{Ctx, Resolver, R};

impl Resolver<'_> {
    /// Merges the branches of an `allOf` into `fields`; `required` collects every name a
    /// branch requires, with its pointer, for [`Resolver::undeclared_required`].
    #[allow(clippy::too_many_arguments)]
    pub(super) fn merge_all_of(
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
}
