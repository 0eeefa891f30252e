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
    /// Parses `bytes` as the contents of `path` (the file as [`crate::inputs::InputFile`] read
    /// it). Text that is not UTF-8 is an error at the line:column of the first bad byte.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
        let text = String::from_utf8(bytes).map_err(|e| {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let mut d = Diagnostic::file_error(
                path,
                format!(
                    "the file is not UTF-8 text: byte 0x{:02X} (byte offset {at}) does not belong there",
                    bytes[at]
                ),
                "save the file as UTF-8 (OpenAPI documents are UTF-8 text)",
            );
            d.location = Some(line_column(&bytes[..at]));
            d
        })?;
        SourceFile::parse(path, text)
    }

    /// Parses `text` as the contents of `path`. A leading byte order mark is dropped (YAML allows
    /// one, and editors on Windows write one in JSON too); nesting deeper than [`MAX_NESTING`] is
    /// refused before the parser sees it.
    pub fn parse(path: &Path, text: String) -> Result<SourceFile, Diagnostic> {
        let text = match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let syntax = match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Syntax::Json,
            _ => Syntax::Yaml,
        };
        if let Some(at) = too_deep(&text) {
            let mut d = Diagnostic::file_error(
                path,
                format!("the document nests more than {MAX_NESTING} levels deep here"),
                "an OpenAPI document needs far fewer levels: check how this file was produced",
            );
            d.location = Some(line_column(&text.as_bytes()[..at]));
            return Err(d);
        }
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

    /// The whole document as a `T`. A node that does not fit is an error at its JSON pointer
    /// and line:column: `the <what> is malformed: <why>`, with `help` saying what is expected.
    pub fn deserialize<T: de::DeserializeOwned>(
        &self,
        what: &str,
        help: &str,
    ) -> Result<T, Diagnostic> {
        serde_path_to_error::deserialize(&self.value).map_err(|e| {
            let pointer = crate::loader::path_pointer("", e.path());
            self.with_location(Diagnostic::error(
                &self.path,
                pointer,
                format!("the {what} is malformed: {}", e.into_inner()),
                help,
            ))
        })
    }
}

/// Deepest nesting of collections accepted: the parsers' own limit (they refuse deeper input
/// anyway, but the YAML one takes seconds to do so at 50,000 levels).
pub const MAX_NESTING: usize = 128;

/// 1-based line and column (in characters) just after `before`, the text preceding a position.
fn line_column(before: &[u8]) -> (usize, usize) {
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Byte offset of the bracket that opens a flow collection (`[`, `{`) more than [`MAX_NESTING`]
/// levels deep, if any: one linear pass. Brackets count only where they are structure (opening a
/// value, or inside a flow collection outside quotes and comments), so a `[` in a plain scalar
/// or a block scalar is not counted; what this misses, the parser still refuses, only slower.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let spaced = |i: usize| i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r');
    let mut depth = 0usize;
    let mut i = 0;
    // The last significant character: a value starts after `:`, `-` or `?` (kept across lines,
    // so a line continuing a plain scalar does not start one), or after `[`, `{`, `,` in a flow.
    let mut prev = b':';
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'#' if spaced(i) => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' if depth > 0 || (matches!(prev, b':' | b'-' | b'?') && spaced(i)) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
                prev = b;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                prev = b;
            }
            b'"' | b'\'' if depth > 0 && matches!(prev, b'[' | b'{' | b',' | b':') => {
                i += 1;
                while i < bytes.len() {
                    if b == b'"' && bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == b {
                        if b == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                prev = b'"';
            }
            // A block scalar: its lines, more indented than the line that opens it, are text.
            b'|' | b'>' if depth == 0 && matches!(prev, b':' | b'-' | b'?') && spaced(i) => {
                let line_start = bytes[..i]
                    .iter()
                    .rposition(|c| *c == b'\n')
                    .map_or(0, |p| p + 1);
                let indent = bytes[line_start..]
                    .iter()
                    .take_while(|c| **c == b' ')
                    .count();
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                while i < bytes.len() {
                    let next = i + 1;
                    let spaces = bytes[next..].iter().take_while(|c| **c == b' ').count();
                    let blank = matches!(bytes.get(next + spaces), None | Some(b'\n' | b'\r'));
                    if !blank && spaces <= indent {
                        break;
                    }
                    i = next;
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                prev = b'a';
                continue;
            }
            _ => prev = b,
        }
        i += 1;
    }
    None
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
    /// YAML integers beyond 64 bits (`18446744073709552000`) are valid: kept as the nearest float.
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<serde_json::Value, E> {
        self.visit_f64(v as f64)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<serde_json::Value, E> {
        self.visit_f64(v as f64)
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
    fn a_byte_order_mark_is_accepted_in_json_and_yaml() {
        let json = SourceFile::parse(Path::new("a.json"), "\u{FEFF}{\"a\": 1}".into()).unwrap();
        assert_eq!(json.value["a"], 1);
        let yaml = SourceFile::parse(Path::new("a.yaml"), "\u{FEFF}a: 1\n".into()).unwrap();
        assert_eq!(yaml.value["a"], 1);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = SourceFile::from_bytes(Path::new("a.yaml"), b"a: 1\nb: \xc3\xa9t\xe9\n".to_vec())
            .unwrap_err();
        assert_eq!(err.file, Path::new("a.yaml"));
        assert_eq!(err.location, Some((2, 6)), "{err}");
        assert!(err.message.contains("0xE9"), "{err}");
    }

    #[test]
    fn over_deep_nesting_is_refused_before_parsing_and_located() {
        let deep = format!("a: 1\nb: {}{}\n", "[".repeat(50_000), "]".repeat(50_000));
        let err = SourceFile::parse(Path::new("a.yaml"), deep).unwrap_err();
        assert_eq!(err.location, Some((2, 4 + MAX_NESTING)), "{err}");
        let json = format!("{{\"a\": {}{}}}", "[".repeat(50_000), "]".repeat(50_000));
        let err = SourceFile::parse(Path::new("a.json"), json).unwrap_err();
        assert!(err.message.contains("nests more than"), "{err}");
        // Brackets and quotes that are text, not structure, do not count.
        let text = format!(
            "a: see [{}\nb: don't [x]\nc: |\n  {}\n\n  x\nd: ['it''s', \"[\\\"\", {{e: '#['}}] # [[[\ne: a\n  {}\n",
            "[".repeat(200),
            "{".repeat(200),
            "[".repeat(200)
        );
        let ok = SourceFile::parse(Path::new("a.yaml"), text).unwrap();
        assert_eq!(ok.value["d"][0], "it's");
        let nested = format!("a: {}1{}\n", "[".repeat(100), "]".repeat(100));
        SourceFile::parse(Path::new("a.yaml"), nested).unwrap();
    }

    #[test]
    fn integers_beyond_64_bits_are_valid_yaml() {
        let f = SourceFile::parse(
            Path::new("a.yaml"),
            "a: 18446744073709552000\nb: -18446744073709552000\nc: -9223372036854775808.0\n"
                .to_string(),
        )
        .unwrap();
        assert_eq!(f.value["a"].as_f64(), Some(18446744073709552000.0));
        assert_eq!(f.value["b"].as_f64(), Some(-18446744073709552000.0));
        assert_eq!(f.value["c"].as_f64(), Some(-9223372036854775808.0));
    }

    #[test]
    fn yaml_duplicate_keys_are_reported_with_a_position() {
        let err =
            SourceFile::parse(Path::new("a.yaml"), "a: 1\nb: 2\na: 3\n".to_string()).unwrap_err();
        assert!(err.location.is_some());
        assert!(err.to_string().contains("a.yaml:"), "{err}");
    }

    #[test]
    fn a_document_of_the_wrong_shape_is_an_error_at_the_node() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Doc {
            items: Vec<Item>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            count: u32,
        }
        let text = "items:\n  - count: 1\n  - count: many\n";
        let f = SourceFile::parse(Path::new("d.yaml"), text.to_string()).unwrap();
        let e = f
            .deserialize::<Doc>("list", "write counts as numbers")
            .unwrap_err();
        assert_eq!(e.pointer, "/items/1/count");
        assert_eq!(e.location, Some((3, 12)));
        assert!(
            e.message.starts_with("the list is malformed: invalid type"),
            "{}",
            e.message
        );
        assert_eq!(e.help, "write counts as numbers");
        assert_eq!(e.file, Path::new("d.yaml"));
        let ok = SourceFile::parse(Path::new("d.yaml"), "items: [{count: 2}]".into()).unwrap();
        assert_eq!(ok.deserialize::<Doc>("list", "").unwrap().items.len(), 1);
    }
}
