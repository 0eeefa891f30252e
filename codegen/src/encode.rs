//! Encoders: the only way spec text (summaries, descriptions, titles, example values, enum
//! values, names, server URLs, media types, the spec's file name) reaches generated output.
//!
//! A spec is untrusted input, and the generated examples and doctests are compiled and run. So
//! each target language and context has one function here that turns any text into a form that
//! reads back as the same text and can never end the context it is written in: a string literal
//! that cannot be closed early, a comment that cannot end before its line does, Markdown that
//! cannot open a code block, a shell word that expands nothing. Where a language allows it, the
//! form chosen is one that has no way out at all (single-quoted shell words, escaped line
//! terminators). Invisible characters that change how source reads (bidi controls, other format
//! characters, line separators) are escaped in literals and shown as `U+XXXX` in text.

use std::fmt::Write;

use serde_json::Value;

/// A character that never appears raw in generated output: control characters (tab, line feed
/// and carriage return included: each context says what it does with them), line and paragraph
/// separators, bidi controls and the other invisible format characters (Unicode `Cf`).
pub fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(c as u32,
            0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
            | 0x180E | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
            | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// A line terminator in one of the target languages (JavaScript ends comments at U+2028 and
/// U+2029, Python and Rust at a lone CR, Unicode-aware tools at NEL, VT and FF).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// How a hazard is shown in prose: `U+202E`.
fn visible(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Prose on one line: tabs become spaces, other hazards (line breaks included) `U+XXXX`.
fn one_line_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            c if is_hazard(c) => out.push_str(&visible(c)),
            c => out.push(c),
        }
    }
    out
}

/// The lines of prose, split at every line terminator of any target language, each free of
/// hazards (tabs become spaces, the rest `U+XXXX`).
pub fn text_lines(s: &str) -> Vec<String> {
    let s = s.replace("\r\n", "\n");
    s.split(is_line_break).map(one_line_text).collect()
}

// ----- comments ---------------------------------------------------------------------------------

/// Lines for a line comment (`#`, `//`, `//!`): the caller puts its prefix before each. Nothing in
/// them can end the comment early, in any of the languages: every line terminator is a line
/// break here, hazards are shown.
pub fn comment_lines(s: &str) -> Vec<String> {
    text_lines(s)
}

/// Lines for a Java `//` comment: also without backslashes before `u` that javac would decode
/// (`\u000a` ends the comment before the parser sees it), by doubling every backslash.
pub fn java_comment_lines(s: &str) -> Vec<String> {
    text_lines(s)
        .into_iter()
        .map(|l| l.replace('\\', "\\\\"))
        .collect()
}

/// Text inside a Javadoc `/** ... */`, on one line: `*/` cannot close it (`*&#47;`), and no
/// backslash is left for javac to read as a `\u` escape (`&#92;`, which Javadoc shows as `\`).
pub fn javadoc_text(s: &str) -> String {
    text_lines(s)
        .join(" ")
        .replace('\\', "&#92;")
        .replace("*/", "*&#47;")
}

/// Text of a generated-file header line (the spec's file name): one line, no backticks, no
/// backslash, nothing that ends a block or HTML comment, so it is safe after `//`, `#`, inside
/// `/* */`, `<!-- -->` and a Markdown code span.
pub fn header_text(s: &str) -> String {
    let mut out = one_line_text(&text_lines(s).join(" "))
        .replace(['`', '\\'], "_")
        .replace("*/", "*_");
    while out.contains("--") {
        out = out.replace("--", "-_");
    }
    out
}

// ----- string literals --------------------------------------------------------------------------

/// A Rust string literal (`"..."`): `\u{..}` for every hazard (rustc refuses bidi controls and
/// bare carriage returns in source).
pub fn rust_str(s: &str) -> String {
    format!("\"{}\"", braced_escapes(s, &[]))
}

/// The inside of a double-quoted literal of a language that spells a code point `\u{..}` (Rust,
/// Ruby): `"`, `\`, the `also` characters and line ends escaped with a backslash, hazards as
/// `\u{..}`.
fn braced_escapes(s: &str, also: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if c == '"' || c == '\\' || also.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hazard(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A JSON value as the tokens of `serde_json::json!(...)`, its strings as Rust literals.
pub fn rust_json(v: &Value) -> String {
    match v {
        Value::String(s) => rust_str(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(rust_json).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", rust_str(k), rust_json(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// JSON text (`pretty`: indented), with every hazard in a string escaped as `\uXXXX` (serde_json
/// escapes control characters only, and leaves bidi controls and U+2028 raw).
pub fn json_text(v: &Value, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    }
    .unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Raw line feeds are the layout's own (a string's are escaped).
            '\n' => out.push('\n'),
            c if is_hazard(c) => push_utf16_escapes(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// A TOML basic string (`"..."`), for `Cargo.toml`.
pub fn toml_str(s: &str) -> String {
    c_style(s, '"', push_u_escaped_hazard)
}

/// A literal in the C family's escapes (`\\`, `\n`, `\r`, `\t`, `quote` escaped), between
/// `quote`s; `other` writes every other character, escaping the hazards of its language.
fn c_style(s: &str, quote: char, other: impl Fn(&mut String, char)) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => other(&mut out, c),
        }
    }
    out.push(quote);
    out
}

/// `c`, or `\uXXXX` / `\UXXXXXXXX` for a hazard (TOML, Go).
fn push_u_escaped_hazard(out: &mut String, c: char) {
    if is_hazard(c) {
        push_u4_or_u8(out, c, "\\u", "\\U");
    } else {
        out.push(c);
    }
}

/// `\uXXXX` for the BMP, else `\UXXXXXXXX` (TOML, Python, Go).
fn push_u4_or_u8(out: &mut String, c: char, short: &str, long: &str) {
    let n = c as u32;
    if n <= 0xFFFF {
        let _ = write!(out, "{short}{n:04x}");
    } else {
        let _ = write!(out, "{long}{n:08x}");
    }
}

/// `\uXXXX`, or a surrogate pair of them (JavaScript, Java).
fn push_utf16_escapes(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for u in c.encode_utf16(&mut units) {
        let _ = write!(out, "\\u{u:04x}");
    }
}

/// A Python string literal (`"..."`).
pub fn python_str(s: &str) -> String {
    format!("\"{}\"", python_escaped(s, false))
}

/// The text of a Python docstring, to put between `"""` and `"""`: every `"` and `\` escaped (so
/// `"""` cannot close it, and no escape such as `\N{` can fail), line feeds kept.
pub fn python_docstring(s: &str) -> String {
    python_escaped(s, true)
}

fn python_escaped(s: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hazard(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_hazard(c) => push_u4_or_u8(&mut out, c, "\\u", "\\U"),
            c => out.push(c),
        }
    }
    out
}

/// A single-quoted JavaScript/TypeScript string literal: line terminators (U+2028 and U+2029
/// included) and every other hazard escaped.
pub fn js_str(s: &str) -> String {
    c_style(s, '\'', |out, c| {
        if is_hazard(c) {
            push_utf16_escapes(out, c);
        } else {
            out.push(c);
        }
    })
}

/// A Go interpreted string literal (`"..."`).
pub fn go_str(s: &str) -> String {
    c_style(s, '"', push_u_escaped_hazard)
}

/// A Java string literal (`"..."`). javac decodes `\uXXXX` before it reads a literal, so control
/// characters are octal escapes (a decoded `\u000a` would end the line) and every backslash of the
/// text is doubled (no `\u` of the text is left to decode); other hazards are `\uXXXX`, which
/// decode to a character harmless inside a literal.
pub fn java_str(s: &str) -> String {
    c_style(s, '"', |out, c| {
        if c.is_control() && (c as u32) < 0x100 {
            let _ = write!(out, "\\{:03o}", c as u32);
        } else if is_hazard(c) {
            push_utf16_escapes(out, c);
        } else {
            out.push(c);
        }
    })
}

/// A Ruby string literal that never interpolates: single-quoted (`'...'`, where only `\\` and
/// `\'` are escapes) when the text has no hazard, else double-quoted with every `#` escaped
/// (`\#`) and hazards as `\u{..}`.
pub fn ruby_str(s: &str) -> String {
    if s.chars().any(is_hazard) {
        format!("\"{}\"", ruby_double_quoted(s))
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

fn ruby_double_quoted(s: &str) -> String {
    braced_escapes(s, &['#'])
}

/// A Ruby symbol: `:word` for a plain word, else a quoted symbol that never interpolates.
pub fn ruby_symbol(s: &str) -> String {
    if is_ascii_word(s) {
        format!(":{s}")
    } else {
        format!(":{}", ruby_str(s))
    }
}

/// A Ruby hash key in `key: value` syntax: `name:` for a plain word, else `'page[size]':`.
pub fn ruby_hash_key(s: &str) -> String {
    if is_ascii_word(s) {
        format!("{s}:")
    } else {
        format!("{}:", ruby_str(s))
    }
}

fn is_ascii_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

// ----- shell and HTTP ---------------------------------------------------------------------------

/// A shell word: single-quoted, where nothing expands (`'` itself written `'\''`).
pub fn shell_word(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// An HTTP header value: no CR, LF or other control character (each would end the header or be
/// refused), hazards shown as `U+XXXX`.
pub fn header_value(s: &str) -> String {
    text_lines(s).join(" ").trim().to_string()
}

/// An HTTP header name: `token` characters only (RFC 9110), others `-`.
pub fn header_name(s: &str) -> String {
    let name: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() {
        "X-Value".into()
    } else {
        name
    }
}

/// One URL path segment: every byte but the unreserved ones (`A-Z a-z 0-9 - . _ ~`)
/// percent-encoded, so the value cannot add segments, a query or a fragment.
pub fn url_path_segment(s: &str) -> String {
    percent_encoded(s, b"-._~")
}

/// A name in a form or query (`curl --data-urlencode 'name=value'`, `-F`), which curl sends as
/// it is: everything but `A-Z a-z 0-9 - . _ ~ [ ]` percent-encoded, so no `=`, `@` or `<` can make
/// curl read the rest as a file to upload.
pub fn form_name(s: &str) -> String {
    percent_encoded(s, b"-._~[]")
}

/// A URL written by the generator from spec parts (server URL, path template): characters a URL
/// may hold are kept, every other byte (spaces, quotes, backticks, `\`, `{`, `}`, `<`, `>`, `^`,
/// `|`, controls, non-ASCII) percent-encoded.
pub fn url(s: &str) -> String {
    percent_encoded(s, b"-._~:/?#[]@!$&'()*+,;=%")
}

/// `s` with every byte but ASCII letters, digits and `keep` percent-encoded.
fn percent_encoded(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

// ----- Markdown and rustdoc ---------------------------------------------------------------------

/// Markdown text on one line (a table cell, a list item, a heading): `|` escaped, line breaks
/// spaces, HTML and link syntax escaped, hazards shown, and nothing at the start that opens a
/// block (code, quote, heading, list).
pub fn markdown_inline(s: &str) -> String {
    let joined = text_lines(s).join(" ");
    let out = escape_html_outside_code(joined.trim()).replace('|', "\\|");
    neutralize_block_start(&out)
}

/// `<` and `>` as entities, except inside code spans (where they show as they are).
fn escape_html_outside_code(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            let ticks = &rest[..run];
            // The span ends at the next run of exactly as many backticks.
            let mut search = run;
            let mut end = None;
            while let Some(i) = rest[search..].find(ticks) {
                let at = search + i;
                let len = rest[at..].len() - rest[at..].trim_start_matches('`').len();
                if len == run {
                    end = Some(at + run);
                    break;
                }
                search = at + len;
            }
            let take = end.unwrap_or(run);
            out.push_str(&rest[..take]);
            rest = &rest[take..];
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Markdown prose of several lines (a description): its own Markdown (paragraphs, lists, links,
/// emphasis) kept, but no raw HTML (`<` escaped), no code fence opened (it would swallow the rest
/// of the document), hazards shown.
pub fn markdown_text(s: &str) -> String {
    text_lines(s.trim())
        .iter()
        .map(|line| {
            let line = escape_html_outside_code(line);
            let start = container_prefix_len(&line);
            let rest = &line[start..];
            if rest.starts_with("```") || rest.starts_with("~~~") {
                format!("{}\\{rest}", &line[..start])
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The length of a line's indentation, quote markers and list markers.
fn container_prefix_len(line: &str) -> usize {
    let mut i = 0;
    loop {
        let rest = &line[i..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if blanks > 0 {
            i += blanks;
        } else if rest.starts_with('>') {
            i += 1;
        } else {
            let n = list_marker_len(rest);
            if n > 0 && rest[n..].starts_with([' ', '\t']) {
                i += n;
            } else {
                return i;
            }
        }
    }
}

/// A Markdown code span holding `s` verbatim: a backtick run longer than any inside, padded with
/// a space when `s` starts or ends with a backtick; line breaks become spaces.
pub fn markdown_code_span(s: &str) -> String {
    let s = text_lines(s).join(" ");
    let ticks = "`".repeat(longest_run(&s, '`') + 1);
    if s.starts_with('`') || s.ends_with('`') || ticks.len() > 1 {
        format!("{ticks} {s} {ticks}")
    } else {
        format!("{ticks}{s}{ticks}")
    }
}

/// A fenced Markdown code block holding `code`: a fence longer than any backtick run inside.
pub fn markdown_fence(info: &str, code: &str) -> String {
    let fence = "`".repeat((longest_run(code, '`') + 1).max(3));
    let info: String = one_line_text(info).replace('`', "");
    format!("{fence}{info}\n{}\n{fence}\n", code.trim_end())
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in s.chars() {
        if x == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Makes a line's start plain text: leading blanks removed (no indented code), the blanks after
/// list markers made one space (no indented code inside a list item), and a fence (three or more
/// backticks or tildes) escaped with `\`. Callers escape `<` and `>` (no HTML, no quote).
fn neutralize_block_start(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 2);
    let mut rest = line.trim_start_matches([' ', '\t']);
    loop {
        let marker_len = list_marker_len(rest);
        if marker_len == 0 {
            break;
        }
        let after = &rest[marker_len..];
        let trimmed = after.trim_start_matches([' ', '\t']);
        if trimmed.len() == after.len() && !after.is_empty() {
            break; // `-x`: not a marker
        }
        out.push_str(&rest[..marker_len]);
        out.push(' ');
        rest = trimmed;
    }
    if rest.starts_with("```") || rest.starts_with("~~~") {
        out.push('\\');
    }
    out.push_str(rest);
    out
}

/// The length of a list marker at the start (`-`, `+`, `*`, `1.`, `1)`), else 0.
fn list_marker_len(s: &str) -> usize {
    if s.starts_with(['-', '+', '*']) {
        return 1;
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && s[digits..].starts_with(['.', ')']) {
        return digits + 1;
    }
    0
}

/// One line of spec prose as rustdoc Markdown: hazards shown (rustc refuses bidi controls in
/// comments), the line's start made plain text so that no description can open a code block
/// (which `cargo test` would run as a doctest), brackets and angle brackets escaped (they would
/// read as broken intra-doc links or HTML), bare `http(s)://` URLs wrapped in `<...>`.
pub fn rustdoc_text(text: &str) -> String {
    let text = neutralize_block_start(&text_lines(text).join(" "));
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let next_url = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (plain, tail) = match next_url {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        for c in plain.chars() {
            match c {
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        if tail.is_empty() {
            break;
        }
        let end = tail
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>' | ']' | ',')
            })
            .unwrap_or(tail.len());
        let (url, after) = tail.split_at(end);
        let url_trimmed = url.trim_end_matches(['.', ';', ':']);
        out.push('<');
        out.push_str(url_trimmed);
        out.push('>');
        out.push_str(&url[url_trimmed.len()..]);
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests;
