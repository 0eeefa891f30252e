//! Translations of the docs: one catalog per language in `i18n/<lang>.yaml` beside the spec.
//!
//! - `strings`: the docs' own words, keyed by stable ids (`heading.setup`); English is written
//!   where each string is used, a catalog only holds translations.
//! - `spec`: the spec's prose (summaries, descriptions, titles), keyed by the JSON pointer of the
//!   string in the spec (`/paths/~1oauth_clients/get/summary`), each with the English it
//!   translates (`en`). When the spec's English changes, the entry is stale: English is used and
//!   the run says so, rather than showing a translation of words the spec no longer says.
//!
//! Every lookup is recorded, so a run knows which ids it used (a catalog must hold exactly those),
//! which fell back to English, and which were stale.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// A language's translations, read from `i18n/<lang>.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// The language code: the file's stem (`zh`).
    pub lang: String,
    /// Translations by id.
    pub strings: BTreeMap<String, String>,
    /// Translations of the spec's prose, by JSON pointer into the spec.
    pub spec: BTreeMap<String, ProseEntry>,
}

/// The translation of one piece of the spec's prose.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProseEntry {
    /// The English it translates, as the spec wrote it (trimmed).
    pub en: String,
    /// The translation.
    pub text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    /// The language's own name (`简体中文`), for people reading the file.
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    strings: BTreeMap<String, String>,
    #[serde(default)]
    spec: BTreeMap<String, ProseEntry>,
}

impl Catalog {
    /// The catalog of a parsed file; its language is the file's stem (`zh.yaml` is `zh`).
    pub fn from_source(source: SourceFile) -> Result<Catalog, Diagnostic> {
        let path = source.path.as_path();
        let file: CatalogFile = source.deserialize(
            "translation catalog",
            "expected `name: LANGUAGE NAME` (optional), `strings: {ID: TRANSLATION}` and `spec: {JSON POINTER: {en: ENGLISH, text: TRANSLATION}}` (optional)",
        )?;
        let lang = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Catalog {
            lang,
            strings: file.strings,
            spec: file.spec,
        })
    }
}

/// Looks strings up in one language (English when there is no catalog) and records what it did.
#[derive(Debug)]
pub struct Translator<'a> {
    catalog: Option<&'a Catalog>,
    used: RefCell<BTreeMap<String, String>>,
    missing: RefCell<BTreeSet<String>>,
    stale: RefCell<BTreeSet<String>>,
}

impl<'a> Translator<'a> {
    /// English.
    pub fn english() -> Translator<'static> {
        Translator {
            catalog: None,
            used: RefCell::default(),
            missing: RefCell::default(),
            stale: RefCell::default(),
        }
    }

    /// The language of `catalog`.
    pub fn new(catalog: &'a Catalog) -> Translator<'a> {
        Translator {
            catalog: Some(catalog),
            used: RefCell::default(),
            missing: RefCell::default(),
            stale: RefCell::default(),
        }
    }

    /// The language code (`en` without a catalog).
    pub fn lang(&self) -> &str {
        self.catalog.map_or("en", |c| c.lang.as_str())
    }

    /// Whether this is English.
    pub fn is_english(&self) -> bool {
        self.catalog.is_none()
    }

    /// The string `id`, whose English is `en`.
    pub fn s(&self, id: &str, en: &str) -> String {
        self.used
            .borrow_mut()
            .insert(id.to_string(), en.to_string());
        match self.catalog {
            None => en.to_string(),
            Some(c) => match c.strings.get(id) {
                Some(t) => t.clone(),
                None => {
                    self.missing.borrow_mut().insert(id.to_string());
                    en.to_string()
                }
            },
        }
    }

    /// The spec's prose `en` (trimmed), written at `pointer` in the spec. A catalog entry whose
    /// English is no longer `en` is stale: English is used.
    pub fn prose(&self, pointer: &str, en: &str) -> String {
        let en = en.trim();
        self.used
            .borrow_mut()
            .insert(pointer.to_string(), en.to_string());
        let Some(c) = self.catalog else {
            return en.to_string();
        };
        match c.spec.get(pointer) {
            Some(entry) if entry.en.trim() == en => entry.text.trim().to_string(),
            Some(_) => {
                self.stale.borrow_mut().insert(pointer.to_string());
                en.to_string()
            }
            None => {
                self.missing.borrow_mut().insert(pointer.to_string());
                en.to_string()
            }
        }
    }

    /// [`Translator::s`] with `{name}` placeholders filled in (after translation, so translators
    /// move them freely).
    pub fn f(&self, id: &str, en: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.s(id, en);
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// Every id looked up so far.
    pub fn used(&self) -> BTreeSet<String> {
        self.used.borrow().keys().cloned().collect()
    }

    /// The English of every id looked up so far (what a translator translates).
    pub fn english_of_used(&self) -> BTreeMap<String, String> {
        self.used.borrow().clone()
    }

    /// Ids that had no translation (English was used).
    pub fn missing(&self) -> BTreeSet<String> {
        self.missing.borrow().clone()
    }

    /// Spec prose whose catalog entry translates other English than the spec's (English was used).
    pub fn stale(&self) -> BTreeSet<String> {
        self.stale.borrow().clone()
    }

    /// Ids (and spec pointers) the catalog holds but nothing looked up.
    pub fn unused(&self) -> BTreeSet<String> {
        let used = self.used.borrow();
        self.catalog
            .map(|c| {
                c.strings
                    .keys()
                    .chain(c.spec.keys())
                    .filter(|k| !used.contains_key(*k))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_english_and_records_ids() {
        let catalog = Catalog {
            lang: "zh".into(),
            strings: BTreeMap::from([
                ("a".to_string(), "甲 {x}".to_string()),
                ("old".to_string(), "旧".to_string()),
            ]),
            spec: BTreeMap::from([
                (
                    "/info/title".to_string(),
                    ProseEntry {
                        en: "Title".into(),
                        text: "标题".into(),
                    },
                ),
                (
                    "/info/description".to_string(),
                    ProseEntry {
                        en: "What it was".into(),
                        text: "旧的说明".into(),
                    },
                ),
                (
                    "/gone".to_string(),
                    ProseEntry {
                        en: "Gone".into(),
                        text: "没了".into(),
                    },
                ),
            ]),
        };
        let t = Translator::new(&catalog);
        assert_eq!(t.f("a", "A {x}", &[("x", "1")]), "甲 1");
        assert_eq!(t.s("b", "B"), "B");
        assert_eq!(t.prose("/info/title", " Title\n"), "标题");
        assert_eq!(t.prose("/info/description", "What it is"), "What it is");
        assert_eq!(t.prose("/info/summary", "New"), "New");
        assert_eq!(t.stale(), BTreeSet::from(["/info/description".to_string()]));
        assert_eq!(
            t.missing(),
            BTreeSet::from(["b".to_string(), "/info/summary".to_string()])
        );
        assert_eq!(
            t.unused(),
            BTreeSet::from(["old".to_string(), "/gone".to_string()])
        );
        assert_eq!(t.used().len(), 5);
        let en = Translator::english();
        assert_eq!(en.s("a", "A"), "A");
        assert!(en.missing().is_empty());
    }
}
