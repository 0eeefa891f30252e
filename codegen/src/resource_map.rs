//! The resource map (`sdk.yaml` beside the spec): how the official SDKs group and name operations,
//! how the crate is packaged, and how each security scheme is sent. Everything in it is optional;
//! without it, readable defaults are derived from the spec.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::model::{AuthKind, SdkLanguage};
use crate::source::SourceFile;

/// The parsed resource map.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceMap {
    /// Resources by snake_case name, in the order the SDKs list them.
    #[serde(default)]
    pub resources: IndexMap<String, ResourceEntry>,
    /// Packaging of the generated crate.
    #[serde(default)]
    pub package: Option<PackageEntry>,
    /// How each security scheme is sent, by scheme name.
    #[serde(default)]
    pub auth: IndexMap<String, AuthEntry>,
    /// The official SDKs the docs show, by language (`python`, `javascript`, `go`, `java`, `ruby`);
    /// a language not listed gets no doc of its own.
    #[serde(default)]
    pub sdks: SdkEntries,
    /// What the generated docs say about themselves (front matter).
    #[serde(default)]
    pub docs: Option<DocsEntry>,
    /// Where the map was read from (for messages); empty when there is no map.
    #[serde(skip)]
    pub file: Option<SourceFile>,
}

/// One resource.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceEntry {
    /// What the resource is about.
    #[serde(default)]
    pub description: Option<String>,
    /// operationId → SDK method name (a string), or the name with per-language overrides.
    #[serde(default)]
    pub operations: IndexMap<String, OperationEntry>,
    /// The resource's name in SDKs whose name is not the default (e.g. `go: OAuthClients`).
    #[serde(default)]
    pub sdk_names: LanguageNames,
}

/// How the SDKs name one operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OperationEntry {
    /// Just the method name (snake_case); every language derives its own from it.
    Method(String),
    /// The method name and the languages whose name is not derivable from it.
    Detailed(DetailedOperation),
}

/// An operation named with per-language overrides (any other key is not a language: refused).
#[derive(Debug, Clone, Deserialize)]
pub struct DetailedOperation {
    /// The method name (snake_case): Rust, Python and Ruby use it as it is.
    pub method: String,
    /// The languages whose name is not derivable from `method`.
    #[serde(flatten)]
    pub names: LanguageNames,
}

impl OperationEntry {
    /// The snake_case method name.
    pub fn method(&self) -> &str {
        match self {
            OperationEntry::Method(m) => m,
            OperationEntry::Detailed(d) => &d.method,
        }
    }

    /// The per-language overrides (none for a plain name).
    pub fn names(&self) -> LanguageNames {
        match self {
            OperationEntry::Method(_) => LanguageNames::default(),
            OperationEntry::Detailed(d) => d.names.clone(),
        }
    }
}

/// Values per official SDK language (`python`, `ruby`, `javascript`, `go`, `java`); a key that
/// is not one of them is an error.
pub type ByLanguage<T> = IndexMap<SdkLanguage, T>;

/// Names in the official SDKs that differ from the default case conversion (Python and Ruby:
/// snake_case, JavaScript and Java: camelCase, Go: PascalCase).
pub type LanguageNames = ByLanguage<String>;

/// The official SDKs, one optional entry per language.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct SdkEntries(pub ByLanguage<SdkEntry>);

impl SdkEntries {
    /// The entry for a language key (`python`, `javascript`, `go`, `java`, `ruby`).
    pub fn get(&self, language: &str) -> Option<&SdkEntry> {
        self.0
            .iter()
            .find_map(|(l, entry)| (l.key() == language).then_some(entry))
    }
}

/// One official SDK, for the docs of its language.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SdkEntry {
    /// What users install: PyPI/npm package, gem, Go module path, Maven `group:artifact`.
    pub package: String,
    /// What code imports or names (Python module, Go package name, Java package, Ruby module).
    pub import: String,
    /// The client: class (Python, JavaScript), class prefix (Java `TelnyxClient`), Ruby class.
    /// The docs derive the SDK's other class names from it, as the SDKs do (`AsyncTelnyx`,
    /// `TelnyxOkHttpClient`, `TelnyxServiceException`, `TelnyxIoException`).
    pub client: String,
    /// The version the examples are verified with (`cargo xtask test` installs exactly this one).
    #[serde(default)]
    pub tested_version: Option<String>,
    /// The oldest runtime the SDK supports, as the docs state it (`Go 1.22`, `Java 8`).
    #[serde(default)]
    pub requires: Option<String>,
}

/// What the docs say about themselves: their front matter.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DocsEntry {
    /// Prefix of every doc's name (`telnyx-oauth` → `telnyx-oauth-python`).
    pub name: String,
    /// Human title (`Telnyx OAuth`).
    pub title: String,
    /// `metadata.author`.
    pub author: String,
    /// `metadata.product`.
    pub product: String,
    /// What the API lets users do, for `description` (one sentence).
    pub summary: String,
    /// Who runs the API, as the examples' error messages name it (`Telnyx answered 404`); by
    /// default `the API`.
    #[serde(default)]
    pub vendor: Option<String>,
    /// Where users get an API key (`Mission Control portal, API Keys`), said beside the API key's
    /// environment variable (translated as `docs.api_key_source`); by default nothing.
    #[serde(default)]
    pub api_key_source: Option<String>,
}

/// Packaging of the generated crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageEntry {
    /// Crate name.
    pub crate_name: String,
    /// Crate version.
    #[serde(default)]
    pub crate_version: Option<String>,
    /// Prefix of the environment variables the client reads.
    #[serde(default)]
    pub env_prefix: Option<String>,
    /// crates.io keywords (at most five); by default the crate name's words, `api`, `client`
    /// and `sdk`.
    #[serde(default)]
    pub keywords: Option<Vec<String>>,
}

/// How a security scheme is sent.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AuthEntry {
    /// `Authorization: Bearer <api key>`.
    Bearer,
    /// HTTP Basic with the OAuth client id and secret.
    ClientBasic,
}

impl From<AuthEntry> for AuthKind {
    fn from(e: AuthEntry) -> AuthKind {
        match e {
            AuthEntry::Bearer => AuthKind::Bearer,
            AuthEntry::ClientBasic => AuthKind::ClientBasic,
        }
    }
}

impl ResourceMap {
    /// The resource map of a parsed file (`sdk.yaml`).
    pub fn from_source(source: SourceFile) -> Result<ResourceMap, Diagnostic> {
        let mut map: ResourceMap = source.deserialize(
            "resource map",
            "expected `resources: {NAME: {description, sdk_names: {LANGUAGE: NAME}, operations: {OPERATION_ID: METHOD or {method, LANGUAGE: NAME}}}}`, `package: {crate_name, crate_version, env_prefix, keywords: [WORD]}`, `auth: {SCHEME: bearer|client_basic}`, `sdks: {LANGUAGE: {package, import, client, tested_version, requires}}` and `docs: {name, title, author, product, summary, vendor, api_key_source}` (LANGUAGE: python, ruby, javascript, go, java)",
        )?;
        map.file = Some(source);
        Ok(map)
    }

    /// The resource and method named for an operation, if the map names it.
    pub fn lookup(&self, operation_id: &str) -> Option<(&str, &str)> {
        self.resources.iter().find_map(|(resource, entry)| {
            entry
                .operations
                .get(operation_id)
                .map(|m| (resource.as_str(), m.method()))
        })
    }

    /// The per-language name overrides of an operation (none when the map does not name it).
    pub fn operation_names(&self, operation_id: &str) -> LanguageNames {
        self.resources
            .values()
            .find_map(|entry| entry.operations.get(operation_id))
            .map(OperationEntry::names)
            .unwrap_or_default()
    }

    /// Every name the map puts into generated code or docs as code (SDK method and resource names,
    /// the client class, import paths, package coordinates, the environment variables' prefix,
    /// versions) is checked to be only what such a name can be: the map may come with a spec
    /// bundle, so its text is untrusted like the spec's, and these names are written into code
    /// as they are (an encoder would make them something else than the SDK's name).
    pub fn check_code_names(&self) -> Result<(), Diagnostic> {
        use serde_json::Value;
        let Some(file) = &self.file else {
            return Ok(());
        };
        let ident = |s: &str| {
            s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        let dotted = |s: &str| s.split('.').all(ident);
        let package = |s: &str| {
            s.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '@')
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-/:@~".contains(c))
        };
        let version = |s: &str| {
            s.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".+- ".contains(c))
        };
        type Check<'a> = (&'a dyn Fn(&str) -> bool, &'static str);
        let name_rule: Check = (
            &ident,
            "ASCII letters, digits and `_`, not starting with a digit",
        );
        let mut checks: Vec<(String, &Value, Check)> = vec![];
        let at = |base: &str, token: &str| crate::diagnostic::pointer_push(base, token);
        let v = &file.value;
        if let Some(resources) = v.get("resources").and_then(Value::as_object) {
            for (key, entry) in resources {
                let base = at("/resources", key);
                if let Some(names) = entry.get("sdk_names").and_then(Value::as_object) {
                    for (lang, name) in names {
                        checks.push((at(&at(&base, "sdk_names"), lang), name, name_rule));
                    }
                }
                if let Some(ops) = entry.get("operations").and_then(Value::as_object) {
                    for (id, op) in ops {
                        let op_at = at(&at(&base, "operations"), id);
                        match op.as_object() {
                            Some(fields) => {
                                for (k, name) in fields {
                                    checks.push((at(&op_at, k), name, name_rule));
                                }
                            }
                            None => checks.push((op_at, op, name_rule)),
                        }
                    }
                }
            }
        }
        if let Some(prefix) = v.pointer("/package/env_prefix") {
            checks.push(("/package/env_prefix".into(), prefix, name_rule));
        }
        if let Some(keywords) = v.pointer("/package/keywords").and_then(Value::as_array) {
            if keywords.len() > crate::resolve::MAX_KEYWORDS {
                return Err(file.with_location(Diagnostic::error(
                    &file.path,
                    "/package/keywords",
                    format!(
                        "{} keywords are listed; crates.io takes at most {}",
                        keywords.len(),
                        crate::resolve::MAX_KEYWORDS
                    ),
                    "keep the five that say best what the API is",
                )));
            }
            for (i, keyword) in keywords.iter().enumerate() {
                checks.push((
                    format!("/package/keywords/{i}"),
                    keyword,
                    (
                        &crate::resolve::is_crate_keyword,
                        "a crates.io keyword: at most 20 ASCII letters, digits, `_`, `-` or `+`, starting with a letter",
                    ),
                ));
            }
        }
        if let Some(sdks) = v.get("sdks").and_then(Value::as_object) {
            for (lang, sdk) in sdks {
                let base = at("/sdks", lang);
                for (field, value) in sdk.as_object().into_iter().flatten() {
                    let rule: Check = match field.as_str() {
                        "client" => name_rule,
                        "import" => (
                            &dotted,
                            "names of ASCII letters, digits and `_` joined by `.`",
                        ),
                        "package" => (
                            &package,
                            "a package name or module path: ASCII letters, digits and `._-/:@~`",
                        ),
                        _ => (&version, "ASCII letters, digits, spaces and `.+-`"),
                    };
                    checks.push((at(&base, field), value, rule));
                }
            }
        }
        // The docs' words: names, or plain words said inside the examples' string literals and
        // comments and in Markdown prose.
        let plain = |s: &str| {
            !s.trim().is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || " .,-&".contains(c))
        };
        let name: Check = (&package, "ASCII letters, digits and `._-/:@~`");
        let words: Check = (&plain, "ASCII letters, digits, spaces and `.,-&`");
        for (field, rule) in [
            ("author", name),
            ("product", name),
            ("vendor", words),
            ("api_key_source", words),
        ] {
            if let Some(value) = v.pointer(&format!("/docs/{field}")) {
                checks.push((format!("/docs/{field}"), value, rule));
            }
        }
        for (pointer, value, (ok, what)) in checks {
            let Some(text) = value.as_str() else {
                continue; // a type error, reported by the map's reader
            };
            if !ok(text) || text.len() > 200 {
                let shown: String = text
                    .chars()
                    .take(40)
                    .collect::<String>()
                    .escape_debug()
                    .to_string();
                return Err(self
                    .error(
                        &pointer,
                        format!("`{shown}` cannot be written into code as a name here"),
                        format!("use {what} (at most 200 characters)"),
                    )
                    .unwrap_or_else(|| Diagnostic::error(&file.path, pointer, "bad name", what)));
            }
        }
        Ok(())
    }

    /// An error about the map itself, at `pointer`.
    pub fn error(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Option<Diagnostic> {
        let file = self.file.as_ref()?;
        Some(file.with_location(Diagnostic::error(&file.path, pointer, message, help)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(yaml: &str) -> Result<ResourceMap, Diagnostic> {
        let source = SourceFile::parse(std::path::Path::new("sdk.yaml"), yaml.to_string())?;
        let map = ResourceMap::from_source(source)?;
        map.check_code_names()?;
        Ok(map)
    }

    #[test]
    fn crate_keywords_are_checked_where_they_are_written() {
        let ok = map("package: {crate_name: acme, keywords: [acme, payments, c++]}\n").unwrap();
        let keywords = ok.package.and_then(|p| p.keywords).unwrap();
        assert_eq!(keywords, ["acme", "payments", "c++"]);

        let err = map("package:\n  crate_name: acme\n  keywords: [acme, \"a b\"]\n").unwrap_err();
        assert_eq!(err.pointer, "/package/keywords/1");
        assert!(err.to_string().contains("sdk.yaml:3:"), "{err}");
        assert!(err.help.contains("crates.io keyword"), "{err}");

        let err = map("package: {crate_name: acme, keywords: [a, b, c, d, e, f]}\n").unwrap_err();
        assert_eq!(err.pointer, "/package/keywords");
        assert!(err.message.contains("at most 5"), "{err}");
    }

    #[test]
    fn vendor_words_are_plain_text() {
        let docs = "docs: {name: a, title: A, author: a, product: a, summary: S.,";
        let ok = map(&format!(
            "{docs} vendor: Acme Corp, api_key_source: \"Console, Keys\"}}\n"
        ))
        .unwrap();
        let entry = ok.docs.unwrap();
        assert_eq!(entry.vendor.as_deref(), Some("Acme Corp"));
        assert_eq!(entry.api_key_source.as_deref(), Some("Console, Keys"));

        // Said inside string literals of five languages: no quote may end one.
        let err = map(&format!("{docs} vendor: \"Acme'`\"}}\n")).unwrap_err();
        assert_eq!(err.pointer, "/docs/vendor");
        assert!(err.help.contains("ASCII letters, digits, spaces"), "{err}");
        let err = map(&format!("{docs} api_key_source: \"Console | Keys\"}}\n")).unwrap_err();
        assert_eq!(err.pointer, "/docs/api_key_source");
    }

    fn parse(yaml: &str) -> Result<ResourceMap, String> {
        serde_yaml::from_str(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn per_language_entries_are_keyed_by_language() {
        let map = parse(
            "resources:\n  clients:\n    sdk_names: {go: OAuthClients}\n    operations:\n      ListClients: list\n      GetJwks: {method: retrieve_jwks, go: GetJwks, java: jwks}\nsdks:\n  ruby: {package: telnyx, import: telnyx, client: Telnyx}\n",
        )
        .unwrap();
        let clients = &map.resources["clients"];
        assert_eq!(clients.sdk_names[&SdkLanguage::Go], "OAuthClients");
        assert_eq!(clients.sdk_names.len(), 1);
        let names = map.operation_names("GetJwks");
        assert_eq!(names[&SdkLanguage::Go], "GetJwks");
        assert_eq!(names[&SdkLanguage::Java], "jwks");
        assert!(!names.contains_key(&SdkLanguage::Python));
        assert_eq!(map.lookup("GetJwks"), Some(("clients", "retrieve_jwks")));
        assert!(map.operation_names("ListClients").is_empty());
        assert_eq!(
            map.sdks.get("ruby").map(|s| s.client.as_str()),
            Some("Telnyx")
        );
        assert!(map.sdks.get("python").is_none());
    }

    #[test]
    fn a_key_that_is_no_language_is_refused() {
        let e = parse("resources:\n  clients:\n    sdk_names: {kotlin: Clients}\n").unwrap_err();
        assert!(e.contains("kotlin"), "{e}");
        let e = parse("sdks:\n  kotlin: {package: p, import: i, client: C}\n").unwrap_err();
        assert!(e.contains("kotlin"), "{e}");
        assert!(parse(
            "resources:\n  clients:\n    operations:\n      GetJwks: {method: jwks, kotlin: jwks}\n"
        )
        .is_err());
    }
}
