//! Page-number pagination: which list operations walk pages, and how.

use std::collections::HashMap;

use crate::model::*;

use super::Resolver;

impl Resolver<'_> {
    /// `page[number]` (or `page`) in the query, and a response with a list and a meta object that
    /// knows `total_pages`. A response enum is walked through its page variant when every other
    /// variant has no body (a `204` ends the list); with other bodies beside a page, no pagination
    /// and a warning.
    pub(super) fn pagination(&mut self, op: &Operation) -> Option<Pagination> {
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

    /// A page type answered by several list operations implements `Paginated` once, so they must
    /// all ask for pages with the same parameter: one that does not is not paginated (a warning).
    pub(super) fn check_shared_page(
        &mut self,
        op: &mut Operation,
        page_params: &mut HashMap<TypeId, String>,
    ) {
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
}
