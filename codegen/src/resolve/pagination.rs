//! Page-number pagination: which list operations walk pages, and how.
//!
//! Found by structure, not by one API's names: an integer query parameter for the page number
//! (`page`, `page[number]`, `pageNumber`, `page_num`), maybe one for the page size (`page[size]`,
//! `per_page`, `pageSize`, `page[limit]`), and a response holding a list and a meta object with a
//! numeric page count (`total_pages`, `totalPages`, `page_count`, `num_pages`) and maybe the page's
//! number (`page_number`, `page`, `current_page`). The names found are kept in [`Pagination`], so
//! the emitters read them from the model.

use std::collections::HashMap;

use crate::model::*;
use crate::names::snake;

use super::Resolver;

/// The words of a wire name, lower-case: `page[number]`, `pageNumber` and `page_number` are all
/// `["page", "number"]`.
fn words(name: &str) -> Vec<String> {
    snake(name)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `words` are those of `page` with, at most, words that mean "number" (the page's
/// number: `page`, `page[number]`, `page_no`, `current_page`); `current` is accepted only when
/// `with_current`.
fn is_page_number(words: &[String], with_current: bool) -> bool {
    words.iter().any(|w| w == "page")
        && words.iter().all(|w| {
            matches!(w.as_str(), "page" | "number" | "num" | "no")
                || (with_current && w == "current")
        })
}

/// Whether `words` name a page size: `page[size]`, `per_page`, `pageSize`, `page[limit]`.
fn is_page_size(words: &[String]) -> bool {
    words.iter().any(|w| w == "page")
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "size" | "per" | "limit"))
}

/// Whether `words` name a number of pages: `total_pages`, `page_count`, `num_pages`.
fn is_page_count(words: &[String]) -> bool {
    let has = |w: &str| words.iter().any(|x| x == w);
    (has("pages") && (has("total") || has("num") || has("number") || has("count")))
        || (has("page") && has("count"))
}

/// What makes a struct a page: a list and a meta object that counts the pages.
struct PageShape<'m> {
    items: &'m Field,
    item_type: &'m TypeRef,
    meta: &'m Field,
    total_pages: &'m Field,
    page_number: Option<&'m Field>,
}

impl Resolver<'_> {
    /// Whether values of `t` are numbers (`integer`, or `number` as some documents write counts).
    fn is_numeric(&self, t: &TypeRef, integer_only: bool) -> bool {
        match self.through_aliases(t, true) {
            TypeRef::Integer(_) => true,
            TypeRef::Number(_) => !integer_only,
            _ => false,
        }
    }

    /// An integer query parameter for the page number, and a response with a list and a meta
    /// object that counts the pages (see the module's documentation). A response enum is walked
    /// through its page variant when every other variant has no body (a `204` ends the list);
    /// with other bodies beside a page, no pagination and a warning.
    pub(super) fn pagination(&mut self, op: &Operation) -> Option<Pagination> {
        let query: Vec<(&Param, Vec<String>)> = op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Query && self.is_numeric(&p.ty, true))
            .map(|p| (p, words(&p.name)))
            .collect();
        // `page[number]` before a plain `page` when a list takes both.
        let page = query
            .iter()
            .filter(|(_, w)| is_page_number(w, false))
            .min_by_key(|(_, w)| w.len() < 2)
            .map(|(p, _)| *p)?;
        let size = query.iter().find(|(_, w)| is_page_size(w)).map(|(p, _)| *p);
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
        let shape = self.page_shape(page_type)?;
        Some(Pagination {
            page_param: page.name.clone(),
            size_param: size.map(|p| p.name.clone()),
            page_type,
            page_variant,
            items_field: shape.items.name.clone(),
            item_type: shape.item_type.clone(),
            meta_field: shape.meta.name.clone(),
            meta_required: shape.meta.required && !shape.meta.ty.is_nullable(),
            total_pages_field: shape.total_pages.name.clone(),
            page_number_field: shape.page_number.map(|f| f.name.clone()),
        })
    }

    /// A page: a struct with a list (its field and item type) and a meta object with a numeric
    /// count of pages (and maybe the page's number).
    fn page_shape(&self, page_type: TypeId) -> Option<PageShape<'_>> {
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
        s.fields.iter().find_map(|meta| {
            let TypeRef::Named(m) = meta.ty.non_null() else {
                return None;
            };
            let Some(TypeKind::Struct(ms)) = self.defs[m.0].as_ref().map(|d| &d.kind) else {
                return None;
            };
            Some(PageShape {
                items,
                item_type,
                meta,
                total_pages: self.numeric_field(ms, is_page_count)?,
                page_number: self.numeric_field(ms, |w| is_page_number(w, true)),
            })
        })
    }

    /// The first numeric field of `s` whose name's words are `wanted`.
    fn numeric_field<'m>(
        &'m self,
        s: &'m StructDef,
        wanted: impl Fn(&[String]) -> bool,
    ) -> Option<&'m Field> {
        s.fields
            .iter()
            .find(|f| wanted(&words(&f.name)) && self.is_numeric(&f.ty, false))
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::loader::LoadedSpec;
    use crate::resource_map::ResourceMap;
    use crate::source::SourceFile;

    /// The pagination of the one operation of a spec whose list takes `params` (YAML flow list)
    /// and answers a page whose meta object is `meta` (YAML flow mapping of properties).
    fn pagination_of(
        params: &str,
        items: &str,
        meta_field: &str,
        meta: &str,
    ) -> Option<Pagination> {
        let yaml = format!(
            "openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  /things:
    get:
      operationId: listThings
      parameters: {params}
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema:
                type: object
                properties:
                  {items}: {{type: array, items: {{type: string}}}}
                  {meta_field}: {{type: object, properties: {meta}}}
"
        );
        let source = SourceFile::parse(Path::new("t.yaml"), yaml).unwrap();
        let spec = LoadedSpec::from_source(source).unwrap();
        let (model, _) = super::super::resolve(&spec, &ResourceMap::default()).unwrap();
        let (_, op) = model.operations().next().unwrap();
        op.pagination.clone()
    }

    /// What was found: the page and size parameters, the items and meta fields, the total pages
    /// and page number fields.
    type Found<'p> = (
        (&'p str, Option<&'p str>),
        (&'p str, &'p str),
        (&'p str, Option<&'p str>),
    );

    fn found(p: &Pagination) -> Found<'_> {
        (
            (&p.page_param, p.size_param.as_deref()),
            (&p.items_field, &p.meta_field),
            (&p.total_pages_field, p.page_number_field.as_deref()),
        )
    }

    fn int(name: &str) -> String {
        format!("{{name: '{name}', in: query, schema: {{type: integer}}}}")
    }

    #[test]
    fn the_telnyx_shape_is_found_by_structure() {
        let p = pagination_of(
            &format!("[{}, {}]", int("page[number]"), int("page[size]")),
            "data",
            "meta",
            "{page_number: {type: integer}, page_size: {type: integer}, total_pages: {type: integer}, total_results: {type: integer}}",
        )
        .unwrap();
        assert_eq!(
            found(&p),
            (
                ("page[number]", Some("page[size]")),
                ("data", "meta"),
                ("total_pages", Some("page_number"))
            )
        );
    }

    #[test]
    fn other_apis_page_number_pagination_is_found_too() {
        let p = pagination_of(
            &format!("[{}, {}]", int("pageSize"), int("pageNumber")),
            "items",
            "pagination",
            "{currentPage: {type: integer}, totalPages: {type: number}}",
        )
        .unwrap();
        assert_eq!(
            found(&p),
            (
                ("pageNumber", Some("pageSize")),
                ("items", "pagination"),
                ("totalPages", Some("currentPage"))
            )
        );

        let p = pagination_of(
            &format!("[{}, {}]", int("per_page"), int("page")),
            "results",
            "info",
            "{page_count: {type: integer}}",
        )
        .unwrap();
        assert_eq!(
            found(&p),
            (
                ("page", Some("per_page")),
                ("results", "info"),
                ("page_count", None)
            )
        );
    }

    #[test]
    fn a_list_without_the_whole_shape_is_not_paginated() {
        let meta = "{total_pages: {type: integer}}";
        // A page token is not a page number; neither is an offset.
        let token = "[{name: page, in: query, schema: {type: string}}]";
        assert_eq!(pagination_of(token, "data", "meta", meta), None);
        assert_eq!(
            pagination_of(&format!("[{}]", int("limit")), "data", "meta", meta),
            None
        );
        assert_eq!(
            pagination_of(&format!("[{}]", int("offset")), "data", "meta", meta),
            None
        );
        // A meta object that does not count pages (or not as a number).
        let page = format!("[{}]", int("page"));
        assert_eq!(
            pagination_of(&page, "data", "meta", "{total_results: {type: integer}}"),
            None
        );
        assert_eq!(
            pagination_of(&page, "data", "meta", "{total_pages: {type: string}}"),
            None
        );
    }

    #[test]
    fn words_of_wire_names() {
        let w = |s: &str| words(s);
        assert_eq!(w("page[number]"), ["page", "number"]);
        assert_eq!(w("pageNumber"), ["page", "number"]);
        assert!(is_page_number(&w("page"), false));
        assert!(is_page_number(&w("page_no"), false));
        assert!(!is_page_number(&w("current_page"), false));
        assert!(is_page_number(&w("current_page"), true));
        assert!(!is_page_number(&w("page[size]"), false));
        assert!(!is_page_number(&w("page_token"), false));
        assert!(is_page_size(&w("page[limit]")));
        assert!(is_page_size(&w("per_page")));
        assert!(!is_page_size(&w("limit")));
        assert!(is_page_count(&w("totalPages")));
        assert!(is_page_count(&w("num_pages")));
        assert!(!is_page_count(&w("total_results")));
        assert!(!is_page_count(&w("page_number")));
    }
}
