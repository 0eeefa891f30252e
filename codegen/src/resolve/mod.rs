//! From the loaded document (and the resource map) to the one resolved [`ApiModel`].
//!
//! All `$ref`s are followed here, names are chosen here, and every choice an emitter needs
//! (which server, which auth, which body encoding, what a success returns, pagination) is made
//! here, once, so emitters only translate.

mod body;
mod enums;
mod merge;
mod operations;
mod package;
mod pagination;
mod responses;
mod sdk_names;
mod security;
mod servers;
mod structs;
mod types;
mod unions;
mod view;

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::loader::LoadedSpec;
use crate::model::*;
use crate::names::{pascal, singular, snake, NameSet};
use crate::resource_map::ResourceMap;

use self::package::{docs_info, package, sdks_from_map};
pub use self::package::{is_crate_keyword, MAX_KEYWORDS};
use self::responses::most_common_error_type;
use self::servers::server_url;

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
    let package = package(map, &doc.info.title);
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

type R<T> = Result<T, Diagnostic>;

impl<'a> Resolver<'a> {
    /// The type `t` stands for, through aliases; with `skip_null`, through nullable wrappers too
    /// (and the result is not nullable). At most one step per type: an alias cycle (an error
    /// [`Resolver::finish_types`] reports) ends the walk instead of looping.
    fn through_aliases<'t>(&'t self, mut t: &'t TypeRef, skip_null: bool) -> &'t TypeRef {
        for _ in 0..self.defs.len() {
            let named = if skip_null { t.non_null() } else { t };
            match named {
                TypeRef::Named(id) => match self.defs[id.0].as_ref().map(|d| &d.kind) {
                    Some(TypeKind::Alias(inner)) => t = inner,
                    _ => break,
                },
                _ => break,
            }
        }
        if skip_null {
            t.non_null()
        } else {
            t
        }
    }

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
}

#[cfg(test)]
mod tests {
    use super::*;

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
