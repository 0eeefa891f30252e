//! Where every node of an input file starts, indexed in one pass, so diagnostics can point at
//! line:column without re-reading the file per pointer.
//!
//! YAML is read as libyaml events (the parser `serde_yaml` itself runs on): a node starts at its
//! event's start mark, exactly the position `serde_yaml` reports for an error at that node. JSON
//! is scanned directly (the text has already been parsed strictly, so the scanner can be simple):
//! a node starts at its first character. Columns count characters, lines and columns are 1-based.
//!
//! The index is built the first time a diagnostic needs a position (see
//! [`SourceFile::locate`](crate::source::SourceFile::locate)); valid input never pays for it.

use std::collections::HashMap;
use std::fmt;

use crate::source::Syntax;

/// The start of every node of one file, and how to reach each node from the root.
#[derive(Clone, Default)]
pub struct PositionIndex {
    nodes: Vec<Node>,
    children: HashMap<(u32, Step), u32>,
    /// Where the (empty) document is, when it has no node at all.
    empty: Option<(usize, usize)>,
}

#[derive(Clone, Copy)]
struct Node {
    line: u32,
    column: u32,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Map,
    Seq,
    /// A YAML alias: its children are those of the anchored node it names.
    Alias(u32),
}

/// One step down from a node: a mapping key or a sequence index.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(Box<str>),
    Index(u32),
}

impl fmt::Debug for PositionIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PositionIndex({} nodes)", self.nodes.len())
    }
}

impl PositionIndex {
    /// Indexes `text`. Text that does not parse gives an index that locates nothing.
    pub fn build(text: &str, syntax: Syntax) -> PositionIndex {
        let mut index = PositionIndex::default();
        let ok = match syntax {
            Syntax::Yaml => yaml::index(text, &mut index),
            Syntax::Json => json::index(text, &mut index),
        };
        if ok.is_none() {
            return PositionIndex::default();
        }
        index
    }

    /// Where the node reached by `tokens` (JSON pointer tokens) starts, or, when it does not
    /// exist, its nearest existing ancestor.
    pub fn locate(&self, tokens: &[String]) -> Option<(usize, usize)> {
        if self.nodes.is_empty() {
            return self.empty;
        }
        let mut at = self.resolve(0);
        for token in tokens {
            let step = match self.nodes[at as usize].kind {
                Kind::Seq => match token.parse::<u32>() {
                    Ok(i) => Step::Index(i),
                    Err(_) => break,
                },
                Kind::Map => Step::Key(token.as_str().into()),
                Kind::Scalar | Kind::Alias(_) => break,
            };
            match self.children.get(&(at, step)) {
                Some(&child) => at = self.resolve(child),
                None => break,
            }
        }
        let node = self.nodes[at as usize];
        Some((node.line as usize, node.column as usize))
    }

    /// An alias stands for the node it names (its position is the anchored node's, as the
    /// parser replays that node's events).
    fn resolve(&self, mut at: u32) -> u32 {
        // Aliases name nodes that were complete before them, so the chain ends.
        while let Kind::Alias(target) = self.nodes[at as usize].kind {
            at = target;
        }
        at
    }

    fn push(&mut self, line: usize, column: usize, kind: Kind) -> Option<u32> {
        let id = u32::try_from(self.nodes.len()).ok()?;
        self.nodes.push(Node {
            line: u32::try_from(line).ok()?,
            column: u32::try_from(column).ok()?,
            kind,
        });
        Some(id)
    }
}

/// What a container being read still needs: the parent of the next node and the step to it.
struct Open {
    id: u32,
    kind: Kind,
    /// For a mapping: the key just read, whose value comes next.
    key: Option<Box<str>>,
    /// For a sequence: the index of the next item.
    next: u32,
}

impl Open {
    /// The step from this container to a node that starts now. `None` while a mapping waits for
    /// a key (the node is a key, not a child).
    fn step(&mut self) -> Option<Step> {
        match self.kind {
            Kind::Seq => {
                self.next += 1;
                Some(Step::Index(self.next - 1))
            }
            _ => self.key.take().map(Step::Key),
        }
    }
}

/// Adds a node and links it to the container being read.
fn add(
    index: &mut PositionIndex,
    stack: &mut [Open],
    line: usize,
    column: usize,
    kind: Kind,
) -> Option<u32> {
    let id = index.push(line, column, kind)?;
    if let Some(parent) = stack.last_mut() {
        if let Some(step) = parent.step() {
            index.children.insert((parent.id, step), id);
        }
    }
    Some(id)
}

mod yaml {
    //! libyaml's event stream, through the one `unsafe` block of the generator: the C-style API
    //! of `libyaml-rs` (the parser `serde_yaml` wraps the same way).

    use std::collections::HashMap;
    use std::mem::MaybeUninit;

    use libyaml_rs as sys;

    use super::{add, Kind, Open, PositionIndex};
    use crate::source::KeyString;

    /// One event, copied out of libyaml.
    enum Event {
        Scalar {
            anchor: Option<Vec<u8>>,
            tag: Option<Vec<u8>>,
            value: String,
            plain: bool,
        },
        Alias(Vec<u8>),
        SequenceStart(Option<Vec<u8>>),
        MappingStart(Option<Vec<u8>>),
        End,
        StreamEnd,
        Other,
    }

    /// A libyaml parser reading `text`, freed on drop.
    struct Parser<'a> {
        // Boxed: libyaml keeps a pointer to the parser itself once its input is set.
        sys: Box<MaybeUninit<sys::yaml_parser_t>>,
        _text: &'a str,
    }

    impl<'a> Parser<'a> {
        fn new(text: &'a str) -> Option<Parser<'a>> {
            let mut sys = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
            // SAFETY: `yaml_parser_initialize` fills the parser in (or fails, and then we stop
            // without ever touching it again); the input outlives the parser (lifetime `'a`) and
            // the parser never moves (it is boxed).
            unsafe {
                let parser = sys.as_mut_ptr();
                if sys::yaml_parser_initialize(parser).fail {
                    return None;
                }
                sys::yaml_parser_set_encoding(parser, sys::YAML_UTF8_ENCODING);
                sys::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
            }
            Some(Parser { sys, _text: text })
        }

        /// The next event and its start mark (0-based line and column), or `None` on a syntax
        /// error.
        fn next(&mut self) -> Option<(Event, usize, usize)> {
            let mut event = MaybeUninit::<sys::yaml_event_t>::uninit();
            // SAFETY: the parser was initialized in `new`; on success the event is initialized,
            // its pointers are read only while it lives, and it is deleted right after.
            unsafe {
                // After a failure `index` stops, so the parser is never asked again.
                let parser = self.sys.as_mut_ptr();
                if sys::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                    return None;
                }
                let e = &*event.as_ptr();
                let bytes = |p: *const u8, len: usize| std::slice::from_raw_parts(p, len).to_vec();
                let c_string = |p: *const u8| {
                    (!p.is_null()).then(|| {
                        let mut len = 0;
                        while *p.add(len) != 0 {
                            len += 1;
                        }
                        bytes(p, len)
                    })
                };
                let converted = match e.type_ {
                    sys::YAML_SCALAR_EVENT => Event::Scalar {
                        anchor: c_string(e.data.scalar.anchor),
                        tag: c_string(e.data.scalar.tag),
                        value: String::from_utf8_lossy(&bytes(
                            e.data.scalar.value,
                            e.data.scalar.length as usize,
                        ))
                        .into_owned(),
                        plain: e.data.scalar.style == sys::YAML_PLAIN_SCALAR_STYLE,
                    },
                    sys::YAML_ALIAS_EVENT => {
                        Event::Alias(c_string(e.data.alias.anchor).unwrap_or_default())
                    }
                    sys::YAML_SEQUENCE_START_EVENT => {
                        Event::SequenceStart(c_string(e.data.sequence_start.anchor))
                    }
                    sys::YAML_MAPPING_START_EVENT => {
                        Event::MappingStart(c_string(e.data.mapping_start.anchor))
                    }
                    sys::YAML_SEQUENCE_END_EVENT | sys::YAML_MAPPING_END_EVENT => Event::End,
                    sys::YAML_STREAM_END_EVENT => Event::StreamEnd,
                    _ => Event::Other,
                };
                let (line, column) = (e.start_mark.line as usize, e.start_mark.column as usize);
                sys::yaml_event_delete(event.as_mut_ptr());
                Some((converted, line, column))
            }
        }
    }

    impl Drop for Parser<'_> {
        fn drop(&mut self) {
            // SAFETY: the parser was initialized in `new` (a `Parser` exists only then).
            unsafe { sys::yaml_parser_delete(self.sys.as_mut_ptr()) }
        }
    }

    /// Indexes the first document of `text`.
    pub(super) fn index(text: &str, index: &mut PositionIndex) -> Option<()> {
        let mut parser = Parser::new(text)?;
        let mut stack: Vec<Open> = vec![];
        let mut anchors: HashMap<Vec<u8>, u32> = HashMap::new();
        // The text of each anchored scalar, for aliases used as mapping keys.
        let mut anchored_keys: HashMap<Vec<u8>, String> = HashMap::new();
        loop {
            let (event, line, column) = parser.next()?;
            let (line, column) = (line + 1, column + 1);
            let is_mapping = matches!(event, Event::MappingStart(_));
            let waits_for_key = stack
                .last()
                .is_some_and(|o| o.kind == Kind::Map && o.key.is_none());
            match event {
                Event::Scalar {
                    anchor,
                    tag,
                    value,
                    plain,
                } if waits_for_key => {
                    let key = key_text(value, plain, tag.as_deref());
                    if let Some(anchor) = anchor {
                        anchored_keys.insert(anchor, key.clone());
                    }
                    if let Some(open) = stack.last_mut() {
                        open.key = Some(key.into());
                    }
                }
                Event::Alias(name) if waits_for_key => {
                    let key = anchored_keys.get(&name).cloned().unwrap_or_default();
                    if let Some(open) = stack.last_mut() {
                        open.key = Some(key.into());
                    }
                }
                Event::MappingStart(_) | Event::SequenceStart(_) if waits_for_key => {
                    // A complex key: no pointer reaches it or its value.
                    let id = index.push(line, column, Kind::Scalar)?;
                    stack.push(Open {
                        id,
                        kind: Kind::Scalar,
                        key: None,
                        next: 0,
                    });
                }
                Event::Scalar {
                    anchor,
                    tag,
                    value,
                    plain,
                } => {
                    let id = add(index, &mut stack, line, column, Kind::Scalar)?;
                    if let Some(anchor) = anchor {
                        anchored_keys
                            .insert(anchor.clone(), key_text(value, plain, tag.as_deref()));
                        anchors.insert(anchor, id);
                    }
                }
                Event::Alias(name) => {
                    let target = *anchors.get(&name)?;
                    add(index, &mut stack, line, column, Kind::Alias(target))?;
                }
                Event::MappingStart(anchor) | Event::SequenceStart(anchor) => {
                    let kind = if is_mapping { Kind::Map } else { Kind::Seq };
                    let id = add(index, &mut stack, line, column, kind)?;
                    if let Some(anchor) = anchor {
                        anchors.insert(anchor, id);
                    }
                    stack.push(Open {
                        id,
                        kind,
                        key: None,
                        next: 0,
                    });
                }
                Event::End => {
                    let closed = stack.pop()?;
                    if closed.kind == Kind::Scalar {
                        // The end of a complex key: its value comes next, unreachable by pointer.
                        if let Some(open) = stack.last_mut() {
                            open.key = Some("\u{0}complex key".into());
                        }
                    }
                }
                Event::StreamEnd => {
                    if index.nodes.is_empty() {
                        index.empty = Some((line, column));
                    }
                    return Some(());
                }
                Event::Other => {}
            }
            if !index.nodes.is_empty() && stack.is_empty() {
                // One document only (the strict parse refuses a second one).
                return Some(());
            }
        }
    }

    /// A mapping key as the strict parse reads it: plain scalars that YAML resolves to numbers or
    /// booleans (`200:`, `True:`) become their canonical text, as `serde_yaml` gives them.
    fn key_text(value: String, plain: bool, tag: Option<&[u8]>) -> String {
        if !plain || tag.is_some() {
            return value;
        }
        match value.as_str() {
            "True" | "TRUE" => return "true".into(),
            "False" | "FALSE" => return "false".into(),
            _ => {}
        }
        let numeric = value
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'));
        if numeric {
            if let Ok(KeyString(key)) = serde_yaml::from_str::<KeyString>(&value) {
                return key;
            }
        }
        value
    }
}

mod json {
    //! A scanner over JSON text already known to be valid.

    use super::{add, Kind, Open, PositionIndex};

    /// Indexes `text`.
    pub(super) fn index(text: &str, index: &mut PositionIndex) -> Option<()> {
        let bytes = text.as_bytes();
        // A byte-order mark takes no column.
        let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut line = 1;
        let mut line_start = at;
        // Columns are counted in characters, from the last position measured (scanning only
        // moves forward, so this is linear).
        let mut measured = (at, 1);
        let mut column_of = |pos: usize, line_start: usize| -> usize {
            if measured.0 < line_start {
                measured = (line_start, 1);
            }
            let column = measured.1 + text[measured.0..pos].chars().count();
            measured = (pos, column);
            column
        };
        let mut stack: Vec<Open> = vec![];
        loop {
            // Whitespace, and the punctuation between values.
            while at < bytes.len() {
                match bytes[at] {
                    b'\n' => {
                        line += 1;
                        line_start = at + 1;
                    }
                    b' ' | b'\t' | b'\r' | b',' | b':' => {}
                    _ => break,
                }
                at += 1;
            }
            let Some(&byte) = bytes.get(at) else {
                return Some(());
            };
            let waits_for_key = stack
                .last()
                .is_some_and(|o| o.kind == Kind::Map && o.key.is_none());
            match byte {
                b'}' | b']' => {
                    stack.pop()?;
                    at += 1;
                }
                b'"' if waits_for_key => {
                    let end = string_end(bytes, at)?;
                    let raw = &text[at..end];
                    let key = if raw.contains('\\') {
                        serde_json::from_str::<String>(raw).ok()?
                    } else {
                        raw[1..raw.len() - 1].to_string()
                    };
                    if let Some(open) = stack.last_mut() {
                        open.key = Some(key.into());
                    }
                    at = end;
                }
                _ => {
                    let kind = match byte {
                        b'{' => Kind::Map,
                        b'[' => Kind::Seq,
                        _ => Kind::Scalar,
                    };
                    let id = add(index, &mut stack, line, column_of(at, line_start), kind)?;
                    match byte {
                        b'{' | b'[' => {
                            stack.push(Open {
                                id,
                                kind,
                                key: None,
                                next: 0,
                            });
                            at += 1;
                        }
                        b'"' => at = string_end(bytes, at)?,
                        _ => {
                            while at < bytes.len()
                                && !matches!(
                                    bytes[at],
                                    b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'
                                )
                            {
                                at += 1;
                            }
                        }
                    }
                }
            }
            if stack.is_empty() && !index.nodes.is_empty() {
                return Some(());
            }
        }
    }

    /// The index just past the string starting at `start` (a `"`).
    fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
        let mut at = start + 1;
        loop {
            match *bytes.get(at)? {
                b'\\' => at += 2,
                b'"' => return Some(at + 1),
                _ => at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! The index must put every node exactly where `serde_yaml` (and `serde_json`) would report
    //! an error at that node, as the former `locate` did by re-parsing the file once per pointer.
    //! That former way is kept here as the oracle.

    use std::fmt;
    use std::path::{Path, PathBuf};

    use serde::de::{
        self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
    };

    use super::PositionIndex;
    use crate::diagnostic::pointer_tokens;
    use crate::source::{KeyString, SourceFile, Syntax};

    const FOUND: &str = "\u{1}node-found\u{1}";
    const MISSING: &str = "\u{1}node-missing\u{1}";

    /// The former `locate_exact`: one parse per pointer, failing on purpose at the node.
    fn oracle(text: &str, syntax: Syntax, tokens: &[String]) -> Option<(usize, usize)> {
        let seed = Seek { path: tokens };
        match syntax {
            Syntax::Yaml => {
                let err = seed
                    .deserialize(serde_yaml::Deserializer::from_str(text))
                    .err()?;
                if !err.to_string().contains(FOUND) {
                    return None;
                }
                err.location().map(|l| (l.line(), l.column()))
            }
            Syntax::Json => {
                let mut de = serde_json::Deserializer::from_str(text);
                let err = seed.deserialize(&mut de).err()?;
                err.to_string()
                    .contains(FOUND)
                    .then(|| (err.line(), err.column()))
            }
        }
    }

    struct Seek<'a> {
        path: &'a [String],
    }

    impl<'de> DeserializeSeed<'de> for Seek<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_any(SeekVisitor { path: self.path })
        }
    }

    struct SeekVisitor<'a> {
        path: &'a [String],
    }

    impl SeekVisitor<'_> {
        fn scalar<E: de::Error>(self) -> Result<(), E> {
            Err(E::custom(if self.path.is_empty() {
                FOUND
            } else {
                MISSING
            }))
        }
    }

    impl<'de> Visitor<'de> for SeekVisitor<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let Some((first, rest)) = self.path.split_first() else {
                return Err(de::Error::custom(FOUND));
            };
            while let Some(key) = map.next_key::<KeyString>()? {
                if &key.0 == first {
                    map.next_value_seed(Seek { path: rest })?;
                    break;
                }
                map.next_value::<IgnoredAny>()?;
            }
            Err(de::Error::custom(MISSING))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let Some((first, rest)) = self.path.split_first() else {
                return Err(de::Error::custom(FOUND));
            };
            let index: usize = first.parse().map_err(|_| de::Error::custom(MISSING))?;
            for _ in 0..index {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Err(de::Error::custom(MISSING));
                }
            }
            seq.next_element_seed(Seek { path: rest })?;
            Err(de::Error::custom(MISSING))
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            self.scalar()
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            self.scalar()
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            self.scalar()
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            self.scalar()
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            self.scalar()
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            self.scalar()
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            self.scalar()
        }
    }

    /// Every pointer of `value`, and for each mapping one missing key below it.
    fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
        match value {
            serde_json::Value::Object(map) => {
                out.push(format!("{at}/no-such-key/below"));
                for (k, v) in map {
                    pointers(v, format!("{at}/{}", escape(k)), out);
                }
            }
            serde_json::Value::Array(items) => {
                out.push(format!("{at}/{}", items.len()));
                for (i, v) in items.iter().enumerate() {
                    pointers(v, format!("{at}/{i}"), out);
                }
            }
            _ => out.push(format!("{at}/below-a-scalar")),
        }
    }

    /// The nearest existing ancestor, as the former `locate` found it.
    fn oracle_locate(text: &str, syntax: Syntax, pointer: &str) -> Option<(usize, usize)> {
        let mut tokens = pointer_tokens(pointer);
        loop {
            if let Some(found) = oracle(text, syntax, &tokens) {
                return Some(found);
            }
            tokens.pop()?;
        }
    }

    /// `tokens` as a JSON pointer.
    fn join(tokens: &[String]) -> String {
        tokens
            .iter()
            .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
            .collect()
    }

    fn assert_same_as_oracle(path: &Path, text: &str) -> usize {
        let Ok(file) = SourceFile::parse(path, text.to_string()) else {
            return 0;
        };
        let index = PositionIndex::build(text, file.syntax);
        let mut all = vec![];
        pointers(&file.value, String::new(), &mut all);
        // The oracle parses the whole file per pointer: a large file is sampled evenly.
        let step = all.len().div_ceil(400).max(1);
        let all: Vec<String> = all.into_iter().step_by(step).collect();
        for pointer in &all {
            // The former locate could not reach some nodes that exist (an integer beyond 64 bits
            // stops its re-parse at the enclosing mapping): there is nothing to compare with.
            let mut deepest = pointer_tokens(pointer);
            while !deepest.is_empty() && file.value.pointer(&join(&deepest)).is_none() {
                deepest.pop();
            }
            if oracle(text, file.syntax, &deepest).is_none() {
                continue;
            }
            assert_eq!(
                index.locate(&pointer_tokens(pointer)),
                oracle_locate(text, file.syntax, pointer),
                "{}: {pointer}",
                path.display()
            );
        }
        all.len()
    }

    const TRICKY: &str = "\
openapi: 3.1.0
'quoted key': {flow: [1, 2, {deep: x}], \"other\": 'y'}
200: integer key
0x1F: hex key
True: boolean key
-5: negative
block: |
  text
  more
anchored: &base
  a: 1
  list:
    - &item {b: 2}
    - c
alias: *base
again: *item
? complex
: value
empty:
unicode: \"h\u{e9}llo w\u{f6}rld\"
after_unicode: {\u{e9}t\u{e9}: [\u{e0}, b]}
";

    #[test]
    fn tricky_yaml_is_located_as_serde_yaml_reports_it() {
        assert!(assert_same_as_oracle(Path::new("t.yaml"), TRICKY) > 40);
    }

    #[test]
    fn every_fixture_and_the_spec_are_located_as_serde_yaml_reports_them() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut stack = vec![root.join("tests/fixtures"), root.join("spec")];
        let (mut files, mut checked) = (0, 0);
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    checked += assert_same_as_oracle(&path, &text);
                    files += 1;
                }
            }
        }
        assert!(
            files > 50 && checked > 5_000,
            "{files} files, {checked} pointers"
        );
    }

    /// Where `text`'s index puts a JSON pointer: `(line, column)`.
    fn locator(text: &str, syntax: Syntax) -> impl Fn(&str) -> Option<(usize, usize)> {
        let index = PositionIndex::build(text, syntax);
        move |p| index.locate(&pointer_tokens(p))
    }

    #[test]
    fn integers_beyond_64_bits_are_located_at_their_own_start() {
        let text = "a:\n  - {min: -9223372036854775808.0, max: 18446744073709552000}\n";
        let at = locator(text, Syntax::Yaml);
        assert_eq!(at("/a/0/max"), Some((2, 40)));
        assert_eq!(at("/a/0/min"), Some((2, 11)));
    }

    #[test]
    fn json_nodes_are_located_at_their_first_character() {
        let text = "{\n  \"a\": [1, {\"b\\/c\": true}],\n  \"\u{e9}\": \"x\", \"d\": null\n}";
        let at = locator(text, Syntax::Json);
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("/a"), Some((2, 8)));
        assert_eq!(at("/a/0"), Some((2, 9)));
        assert_eq!(at("/a/1/b~1c"), Some((2, 21)));
        assert_eq!(at("/\u{e9}"), Some((3, 8)));
        assert_eq!(at("/d"), Some((3, 18)));
        // Missing: the nearest ancestor.
        assert_eq!(at("/a/1/missing"), Some((2, 12)));
        assert_eq!(at("/a/7"), Some((2, 8)));
    }

    #[test]
    fn an_empty_yaml_document_is_located_at_its_end() {
        let index = PositionIndex::build("# nothing\n", Syntax::Yaml);
        assert_eq!(index.locate(&[]), oracle("# nothing\n", Syntax::Yaml, &[]));
    }
}
