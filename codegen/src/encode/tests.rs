//! Every encoder against hostile text: it reads back as the same text (through `syn` for Rust,
//! through a decoder of each language's documented escapes otherwise; the injection suite in
//! `tests/injection.rs` reads them back through the real interpreters), and nothing in it can end
//! its context.

use super::*;

/// Text that tries to leave each context, plus invisible and boundary characters.
const HOSTILE: &[&str] = &[
    "plain",
    "",
    "\"\"\"\nimport os; os.system('touch PWNED')\n\"\"\"",
    "$(touch PWNED)",
    "`touch PWNED`",
    "#{`touch PWNED`}",
    "#@x #$y",
    "'; touch PWNED; '",
    "a\u{2028}b\u{2029}c",
    "a\rb\r\nc\nd",
    "*/ class Pwned { static { } } /*",
    "\\u002a\\u002f class Pwned {}",
    "\\u000a class Pwned {}",
    "\\\\u000a",
    "\u{202E}evil\u{202C} \u{2066}x\u{2069}",
    "\n```\nstd::fs::write(\"PWNED\", \"\").unwrap();\n```\n",
    "    indented code",
    "- ```rust\n-     code",
    "\\",
    "\"",
    "'",
    "\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}\u{7f}\u{85}",
    "\u{FEFF}bom \u{200B}zw \u{AD}shy",
    "tag \u{E0041}\u{E007F}",
    "\\N{BOGUS} \\x \\u12",
    "--> <!-- <script>",
    "${HOME} %q(x) %{y}",
    "emoji \u{1F600} and 中文",
    "| pipe | ` tick `` two",
];

/// Decodes a double- or single-quoted literal with the escapes the encoders emit.
fn decode(lit: &str, quote: char) -> String {
    let inner = lit
        .strip_prefix(quote)
        .and_then(|s| s.strip_suffix(quote))
        .unwrap_or_else(|| panic!("{lit} is not quoted with {quote}"));
    let chars: Vec<char> = inner.chars().collect();
    let mut out = String::new();
    let mut units: Vec<u16> = vec![];
    let mut i = 0;
    let hex = |s: &[char]| u32::from_str_radix(&s.iter().collect::<String>(), 16).unwrap();
    let flush = |units: &mut Vec<u16>, out: &mut String| {
        out.push_str(&String::from_utf16(units).unwrap());
        units.clear();
    };
    while i < chars.len() {
        let c = chars[i];
        assert_ne!(c, quote, "unescaped quote in {lit}");
        if c != '\\' {
            flush(&mut units, &mut out);
            out.push(c);
            i += 1;
            continue;
        }
        let e = chars[i + 1];
        i += 2;
        match e {
            'u' if chars[i] == '{' => {
                flush(&mut units, &mut out);
                let end = i + chars[i..].iter().position(|c| *c == '}').unwrap();
                out.push(char::from_u32(hex(&chars[i + 1..end])).unwrap());
                i = end + 1;
            }
            'u' => {
                units.push(hex(&chars[i..i + 4]) as u16);
                i += 4;
            }
            other => {
                flush(&mut units, &mut out);
                match other {
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    '0'..='7' if chars[i].is_digit(8) => {
                        let n =
                            u32::from_str_radix(&chars[i - 1..i + 2].iter().collect::<String>(), 8)
                                .unwrap();
                        out.push(char::from_u32(n).unwrap());
                        i += 2;
                    }
                    'x' => {
                        out.push(char::from_u32(hex(&chars[i..i + 2])).unwrap());
                        i += 2;
                    }
                    'U' => {
                        out.push(char::from_u32(hex(&chars[i..i + 8])).unwrap());
                        i += 8;
                    }
                    c @ ('\\' | '"' | '\'' | '#') => out.push(c),
                    c => panic!("unexpected escape \\{c} in {lit}"),
                }
            }
        }
    }
    flush(&mut units, &mut out);
    out
}

fn assert_no_raw_hazard(out: &str, what: &str) {
    assert!(
        !out.chars().any(is_hazard),
        "{what}: a raw hazard is left in {out:?}"
    );
}

#[test]
fn rust_literals_parse_back_with_syn() {
    for s in HOSTILE {
        let lit = rust_str(s);
        assert_no_raw_hazard(&lit, "rust_str");
        let parsed: syn::LitStr = syn::parse_str(&lit).expect("a Rust string literal");
        assert_eq!(&parsed.value(), s);
    }
}

#[test]
fn json_text_reads_back_and_has_no_raw_hazard() {
    for s in HOSTILE {
        let v = serde_json::json!({ *s: [s, { "k": s }] });
        for pretty in [false, true] {
            let text = json_text(&v, pretty);
            assert_no_raw_hazard(&text.replace('\n', " "), "json_text");
            assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
        }
    }
}

#[test]
fn rust_json_is_valid_rust_tokens() {
    let v = serde_json::json!({ "k\"ey\u{202E}": ["a\u{1}", 1, true, null, { "x": "\\" }] });
    let tokens = rust_json(&v);
    assert_no_raw_hazard(&tokens, "rust_json");
    // The macro's input must lex as Rust tokens; every string in it is a literal that reads back.
    let expr: syn::ExprMacro = syn::parse_str(&format!("serde_json::json!({tokens})")).unwrap();
    let mut strings = vec![];
    fn walk(ts: proc_macro2::TokenStream, out: &mut Vec<String>) {
        for t in ts {
            match t {
                proc_macro2::TokenTree::Group(g) => walk(g.stream(), out),
                proc_macro2::TokenTree::Literal(l) => {
                    if let Ok(s) = syn::parse_str::<syn::LitStr>(&l.to_string()) {
                        out.push(s.value());
                    }
                }
                _ => {}
            }
        }
    }
    walk(expr.mac.tokens, &mut strings);
    assert_eq!(strings, ["k\"ey\u{202E}", "a\u{1}", "x", "\\"]);
}

#[test]
fn string_literals_read_back_as_the_text() {
    for s in HOSTILE {
        for (what, lit, quote) in [
            ("toml_str", toml_str(s), '"'),
            ("python_str", python_str(s), '"'),
            ("js_str", js_str(s), '\''),
            ("go_str", go_str(s), '"'),
            ("java_str", java_str(s), '"'),
        ] {
            assert_no_raw_hazard(&lit, what);
            assert_eq!(&decode(&lit, quote), s, "{what} of {s:?}: {lit}");
        }
    }
}

/// Where javac decodes a `\u` escape in `text` (anywhere in a source file, before it parses): at
/// each `\u` with an even number of backslashes before it.
fn javac_unicode_escapes(text: &str) -> Vec<usize> {
    text.match_indices("\\u")
        .map(|(i, _)| i)
        .filter(|&i| text[..i].chars().rev().take_while(|c| *c == '\\').count() % 2 == 0)
        .collect()
}

#[test]
fn java_literals_leave_nothing_for_javac_to_decode() {
    for s in HOSTILE {
        let lit = java_str(s);
        // Only the encoder's own escapes may be decoded by javac (they decode to characters
        // harmless in a literal).
        for i in javac_unicode_escapes(&lit) {
            let code = u32::from_str_radix(&lit[i + 2..i + 6], 16).unwrap();
            assert!(
                !matches!(code, 0x0A | 0x0D | 0x22 | 0x5C),
                "{lit} decodes to a line break, quote or backslash"
            );
        }
    }
}

#[test]
fn ruby_literals_never_interpolate() {
    for s in HOSTILE {
        let lit = ruby_str(s);
        assert_no_raw_hazard(&lit, "ruby_str");
        if lit.starts_with('\'') {
            // Single quotes: only `\\` and `\'` are escapes.
            let inner = &lit[1..lit.len() - 1];
            assert_eq!(
                inner
                    .replace("\\\\", "\u{0}")
                    .replace("\\'", "'")
                    .replace('\u{0}', "\\"),
                *s
            );
        } else {
            let mut prev_backslashes = 0;
            for c in lit.chars() {
                if c == '#' {
                    assert!(prev_backslashes % 2 == 1, "unescaped # in {lit}");
                }
                prev_backslashes = if c == '\\' { prev_backslashes + 1 } else { 0 };
            }
            assert_eq!(&decode(&lit, '"'), s);
        }
        let word = is_ascii_word(s);
        assert!(word || ruby_symbol(s) == format!(":{lit}"));
        assert!(word || ruby_hash_key(s) == format!("{lit}:"));
    }
    assert_eq!(ruby_symbol("client_credentials"), ":client_credentials");
    assert_eq!(ruby_hash_key("page[size]"), "'page[size]':");
    assert_eq!(ruby_str("#{x}"), "'#{x}'");
}

#[test]
fn python_docstrings_cannot_close() {
    for s in HOSTILE {
        let body = python_docstring(s);
        assert_no_raw_hazard(&body.replace('\n', " "), "python_docstring");
        assert!(!body.contains("\"\"\""), "{body}");
        // Every quote is escaped, so the closing `"""` is the docstring's own.
        assert_eq!(
            &decode(&format!("\"{}\"", body.replace('\n', "\\n")), '"'),
            s
        );
    }
}

#[test]
fn comments_have_no_line_break_inside_a_line() {
    for s in HOSTILE {
        for line in comment_lines(s).iter().chain(java_comment_lines(s).iter()) {
            assert_no_raw_hazard(line, "comment_lines");
        }
        for line in java_comment_lines(s) {
            assert!(
                javac_unicode_escapes(&line).is_empty(),
                "javac would decode `\\u` in {line}"
            );
        }
        let doc = javadoc_text(s);
        assert_no_raw_hazard(&doc, "javadoc_text");
        assert!(!doc.contains("*/") && !doc.contains('\\'), "{doc}");
        let header = header_text(s);
        assert_no_raw_hazard(&header, "header_text");
        for bad in ["`", "\\", "*/", "--"] {
            assert!(!header.contains(bad), "{header} contains {bad}");
        }
    }
    assert_eq!(comment_lines("a\u{2028}b\rc"), ["a", "b", "c"]);
    assert_eq!(comment_lines("bidi \u{202E}"), ["bidi U+202E"]);
}

#[test]
fn shell_words_are_single_quoted_and_read_back() {
    for s in HOSTILE {
        let w = shell_word(s);
        // Outside the quotes only `\'` appears; inside nothing expands.
        let mut back = String::new();
        for (i, part) in w.split("'\\''").enumerate() {
            let part = if i == 0 { &part[1..] } else { part };
            back.push_str(part);
            back.push('\'');
        }
        back.pop();
        back.pop();
        assert_eq!(&back, s);
    }
}

#[test]
fn header_values_and_urls_are_one_clean_token() {
    for s in HOSTILE {
        let v = header_value(s);
        assert!(!v.chars().any(|c| c.is_control()), "{v:?}");
        assert!(header_name(s)
            .chars()
            .all(|c| c.is_ascii_graphic() && c != ':'));
        let seg = url_path_segment(s);
        assert!(seg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        let u = url(&format!("https://h/{s}"));
        assert!(
            u.bytes()
                .all(|b| b.is_ascii_graphic() && !b"\"`\\{}<>^| ".contains(&b)),
            "{u}"
        );
    }
    assert_eq!(url_path_segment("a/b?c"), "a%2Fb%3Fc");
    assert_eq!(url("https://h/v2/{id} x"), "https://h/v2/%7Bid%7D%20x");
}

#[test]
fn markdown_code_spans_and_fences_hold_any_backticks() {
    for s in HOSTILE {
        let span = markdown_code_span(s);
        let ticks = span.chars().take_while(|c| *c == '`').count();
        assert!(ticks > longest_run(s, '`'), "{span}");
        assert!(!span.contains('\n'));
        let fence = markdown_fence("rust", s);
        let open = fence.chars().take_while(|c| *c == '`').count();
        assert!(open >= 3 && open > longest_run(s, '`'));
        assert!(fence.trim_end().ends_with(&"`".repeat(open)));
        for line in markdown_text(s).lines() {
            let rest = &line[container_prefix_len(line)..];
            assert!(
                !rest.starts_with("```") && !rest.starts_with("~~~"),
                "{line}"
            );
            assert!(!escape_html_outside_code(s).contains("<script>"));
        }
        let cell = markdown_inline(s);
        assert!(!cell.contains('\n') && !cell.contains("<!--"));
        assert!(!cell.replace("\\|", "").contains('|'), "{cell}");
    }
    assert_eq!(markdown_code_span("a`b"), "`` a`b ``");
    assert_eq!(markdown_inline("`<a>` <b>"), "`<a>` &lt;b&gt;");
    assert_eq!(
        markdown_text("``x`<y>`` <z>\n```sh"),
        "``x`<y>`` &lt;z&gt;\n\\```sh"
    );
    assert_eq!(markdown_code_span("/v2/x"), "`/v2/x`");
}

/// No line of rustdoc made from spec text can start a code block: no indentation, no fence, at
/// most one space after each list marker.
#[test]
fn rustdoc_lines_never_open_a_code_block() {
    for s in HOSTILE {
        for line in s.lines() {
            let doc = rustdoc_text(line);
            assert_no_raw_hazard(&doc, "rustdoc_text");
            assert!(!doc.starts_with([' ', '\t']), "{doc:?}");
            let mut rest = doc.as_str();
            while list_marker_len(rest) > 0 {
                let after = &rest[list_marker_len(rest)..];
                if !after.starts_with(' ') {
                    break;
                }
                assert!(!after[1..].starts_with([' ', '\t']), "{doc:?}");
                rest = &after[1..];
            }
            assert!(
                !rest.starts_with("```") && !rest.starts_with("~~~"),
                "{doc:?}"
            );
        }
    }
    assert_eq!(rustdoc_text("```rust"), "\\```rust");
    assert_eq!(rustdoc_text("    let x = 1;"), "let x = 1;");
    assert_eq!(rustdoc_text("1.      code"), "1. code");
    assert_eq!(rustdoc_text("page[size] <b>"), "page\\[size\\] &lt;b&gt;");
    assert_eq!(
        rustdoc_text("See https://api.telnyx.com/v2/oauth/token."),
        "See <https://api.telnyx.com/v2/oauth/token>."
    );
}
