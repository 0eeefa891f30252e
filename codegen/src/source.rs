//! Reading an input file (YAML or JSON) into a JSON value, and finding the line:column of any node
//! again later, so diagnostics can point at the exact place in the user's file.
//!
//! Neither `serde_yaml` nor `serde_json` keeps spans on values. Instead of carrying positions for
//! every node while parsing, `locate` indexes the text once, the first time a diagnostic needs a
//! position (`position::PositionIndex`), and answers every later pointer from that index. Valid input
//! with no warning never pays for it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::diagnostic::{pointer_tokens, Diagnostic};
use crate::position::PositionIndex;

/// The syntax an input file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// YAML 1.2 (the usual form of OpenAPI documents).
    Yaml,
    /// JSON.
    Json,
}

/// An input file held in memory: its text and the JSON value it parses to.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it was read from (as given by the user, for messages).
    pub path: PathBuf,
    /// Its syntax, from its extension (`.json` is JSON, anything else YAML).
    pub syntax: Syntax,
    /// The raw text.
    pub text: String,
    /// The parsed document.
    pub value: serde_json::Value,
    /// Where each node starts, indexed on the first [`SourceFile::locate`].
    index: OnceLock<PositionIndex>,
}

impl SourceFile {
    /// Reads and parses `path`.
    pub fn read(path: &Path) -> Result<SourceFile, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::file_error(
                path,
                format!("cannot read the file: {e}"),
                "check the path (pass another one with --spec) and that the file is readable UTF-8 text",
            )
        })?;
        SourceFile::parse(path, text)
    }

    /// Parses `text` as the contents of `path`.
    pub fn parse(path: &Path, text: String) -> Result<SourceFile, Diagnostic> {
        let syntax = match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Syntax::Json,
            _ => Syntax::Yaml,
        };
        let value = match syntax {
            Syntax::Json => serde_json::from_str::<StrictValue>(&text)
                .map(|v| v.0)
                .map_err(|e| {
                    let mut d = Diagnostic::file_error(
                        path,
                        format!(
                            "the file is not valid JSON: {}",
                            strip_position(&e.to_string())
                        ),
                        "fix the JSON syntax at this position",
                    );
                    d.location = Some((e.line(), e.column()));
                    d
                })?,
            Syntax::Yaml => serde_yaml::from_str::<StrictValue>(&text)
                .map(|v| v.0)
                .map_err(|e| {
                    let mut d = Diagnostic::file_error(
                    path,
                    format!("the file is not valid YAML: {}", strip_position(&e.to_string())),
                    "fix the YAML syntax at this position (mapping keys must be unique and scalar)",
                );
                    d.location = e
                        .location()
                        .map(|l| (l.line(), l.column()))
                        .or_else(|| Some(second_document(&text).unwrap_or((1, 1))));
                    if d.message.contains("more than one document") {
                        d.help = "keep one YAML document per file: remove this `---` separator and what follows, or split the file".into();
                    }
                    d
                })?,
        };
        Ok(SourceFile {
            path: path.to_path_buf(),
            syntax,
            text,
            value,
            index: OnceLock::new(),
        })
    }

    /// Line and column (1-based) where the node at `pointer` starts. When the node does not exist
    /// (a missing key), the nearest existing ancestor is located instead.
    ///
    /// The first call indexes every node of the file in one pass (`position::PositionIndex`); later calls
    /// only walk the index.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        self.index
            .get_or_init(|| PositionIndex::build(&self.text, self.syntax))
            .locate(&pointer_tokens(pointer))
    }

    /// Fills in the location of a diagnostic about this file from its pointer.
    pub fn with_location(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.location.is_none() && diagnostic.file == self.path {
            diagnostic.location = self.locate(&diagnostic.pointer);
        }
        diagnostic
    }
}

/// Line of the marker that starts a second YAML document (`---` after content), if any.
fn second_document(text: &str) -> Option<(usize, usize)> {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("---") && seen_content {
            return Some((i + 1, 1));
        }
        if !line.trim().is_empty()
            && !line.trim_start().starts_with('#')
            && !line.starts_with("---")
        {
            seen_content = true;
        }
    }
    None
}

/// Parsers append "at line X column Y" to their messages; diagnostics print the position themselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// A JSON value read strictly: a mapping with the same key twice is an error (both parsers would
/// otherwise keep the last one silently), and YAML keys of any scalar type become strings.
struct StrictValue(serde_json::Value);

impl<'de> de::Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<serde_json::Value, E> {
        Ok(serde_json::Number::from_f64(v)
            .map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E: de::Error>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<serde_json::Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<serde_json::Value, A::Error> {
        let mut out = vec![];
        while let Some(StrictValue(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<serde_json::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(KeyString(key)) = map.next_key()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "the key `{key}` appears twice in the same mapping"
                )));
            }
            let StrictValue(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(serde_json::Value::Object(out))
    }
}

/// A mapping key read as text whatever its YAML type (`200:` is an integer key in YAML).
pub(crate) struct KeyString(pub(crate) String);

impl<'de> de::Deserialize<'de> for KeyString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n";

    #[test]
    fn yaml_integer_keys_become_strings() {
        let f = SourceFile::parse(Path::new("a.yaml"), YAML.to_string()).unwrap();
        assert_eq!(
            f.value["paths"]["/a"]["get"]["responses"]["200"]["description"],
            "ok"
        );
    }

    #[test]
    fn locates_nodes_and_falls_back_to_the_nearest_ancestor() {
        let f = SourceFile::parse(Path::new("a.yaml"), YAML.to_string()).unwrap();
        assert_eq!(
            f.locate("/paths/~1a/get/responses/200/description"),
            Some((7, 24))
        );
        assert_eq!(f.locate("/paths/~1a/get"), Some((5, 7)));
        // `/paths/~1a/get/parameters` does not exist: its parent map is reported.
        assert_eq!(f.locate("/paths/~1a/get/parameters"), Some((5, 7)));
    }

    #[test]
    fn json_syntax_errors_have_a_position() {
        let err =
            SourceFile::parse(Path::new("a.json"), "{\n  \"a\": [1,\n}".to_string()).unwrap_err();
        assert_eq!(err.location.map(|l| l.0), Some(3));
        assert!(err.message.contains("not valid JSON"), "{}", err.message);
    }

    #[test]
    fn a_second_yaml_document_is_located() {
        let err =
            SourceFile::parse(Path::new("a.yaml"), "a: 1\n---\nb: 2\n".to_string()).unwrap_err();
        assert_eq!(err.location, Some((2, 1)), "{err}");
    }

    #[test]
    fn yaml_duplicate_keys_are_reported_with_a_position() {
        let err =
            SourceFile::parse(Path::new("a.yaml"), "a: 1\nb: 2\na: 3\n".to_string()).unwrap_err();
        assert!(err.location.is_some());
        assert!(err.to_string().contains("a.yaml:"), "{err}");
    }
}
