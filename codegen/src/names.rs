//! Turning spec names into Rust identifiers: Unicode compatibility forms folded (NFKC, so `x²` is
//! `x2` and KELVIN SIGN is `K`), only identifier characters kept (XID), case conversion that keeps
//! `OAuth` one word, keyword escaping (2024 edition included), and stable de-duplication (of the
//! normalised names, so two spellings that fold to one name are told apart).

use std::collections::HashSet;

use heck::{ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};
use unicode_ident::{is_xid_continue, is_xid_start};
use unicode_normalization::UnicodeNormalization;

/// Words whose usual case split is wrong: each is read as one word.
const ONE_WORDS: [(&str, &str); 1] = [("OAuth", "Oauth")];

/// Folds compatibility forms (NFKC), turns brackets, dots, other punctuation and any character
/// that cannot be part of an identifier into word breaks, and joins words such as `OAuth`.
fn prepare(name: &str) -> String {
    let mut s: String = name.nfkc().collect();
    for (word, joined) in ONE_WORDS {
        s = s.replace(word, joined);
    }
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() && is_xid_continue(c) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// What case conversion made of a name, normalised again (changing case can leave a character
/// that NFKC folds) and kept to identifier characters; `fallback` when nothing is left.
fn finish(converted: String, fallback: &str) -> String {
    let s: String = converted.nfkc().filter(|c| is_xid_continue(*c)).collect();
    if s.trim_matches('_').is_empty() {
        fallback.into()
    } else {
        s
    }
}

/// `snake_case` for functions, fields, modules.
pub fn snake(name: &str) -> String {
    finish(prepare(name).to_snake_case(), "value")
}

/// `UpperCamelCase` for types and variants; `OAuth` is spelled as the brand does.
pub fn pascal(name: &str) -> String {
    finish(
        prepare(name)
            .to_upper_camel_case()
            .replace("Oauth", "OAuth"),
        "Value",
    )
}

/// `lowerCamelCase` for JavaScript and Java members (`oauth_clients` → `oauthClients`).
pub fn camel(name: &str) -> String {
    finish(prepare(name).to_lower_camel_case(), "value")
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Makes `name` usable as an identifier: a name that cannot start one (a digit of any script, `²`
/// folded to `2`) gets a prefix, keywords are suffixed with `_` (raw identifiers cannot spell
/// `self`, `crate`, ... and read poorly in docs).
pub fn ident_safe(name: String, digit_prefix: &str) -> String {
    let mut name = name;
    if !name.starts_with(|c: char| is_xid_start(c) || c == '_') {
        name = format!("{digit_prefix}{name}");
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A field or function name.
pub fn field_ident(name: &str) -> String {
    ident_safe(snake(name), "n")
}

/// A type or variant name.
pub fn type_ident(name: &str) -> String {
    ident_safe(pascal(name), "N")
}

/// Names of the standard prelude that generated code uses unqualified; a schema called `Result`
/// would shadow them, so its type is called `ResultModel` instead.
const PRELUDE: &[&str] = &[
    "Result", "Option", "Some", "None", "Ok", "Err", "String", "Vec", "Box", "Default", "From",
    "Into", "Clone", "Debug", "Copy", "Send", "Sync", "Sized", "Iterator", "ToString", "ToOwned",
    "Drop", "Fn", "FnMut", "FnOnce",
];

/// A name for a generated type (not a variant): [`type_ident`] that never shadows the prelude.
pub fn type_name(name: &str) -> String {
    let t = type_ident(name);
    if PRELUDE.contains(&t.as_str()) {
        format!("{t}Model")
    } else {
        t
    }
}

/// Hands out names, suffixing `2`, `3`, ... when a name is taken, in call order (so the order of the
/// spec decides, and the same spec always gives the same names).
#[derive(Debug, Default, Clone)]
pub struct NameSet {
    taken: HashSet<String>,
}

impl NameSet {
    /// Marks `name` as used without checking.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// Whether `name` is already handed out.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `wanted` if free, else `wanted2`, `wanted3`, ... (`wanted_2` for snake case names).
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let sep = if wanted
            .chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '_')
        {
            "_"
        } else {
            ""
        };
        let base = wanted.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// A plural English word made singular, for naming the items of a list (`keys` → `key`).
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("ses")
        || word.ends_with("xes")
        || word.ends_with("ches")
        || word.ends_with("shes")
    {
        word[..word.len() - 2].to_string()
    } else if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && word.len() > 1
    {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oauth_is_one_word() {
        assert_eq!(snake("GetOAuthJWKS"), "get_oauth_jwks");
        assert_eq!(snake("OAuthClient"), "oauth_client");
        assert_eq!(pascal("oauth_Error"), "OAuthError");
        assert_eq!(
            pascal("OAuthDynamicRegistrationRequest"),
            "OAuthDynamicRegistrationRequest"
        );
        assert_eq!(pascal("JWKSet"), "JwkSet");
    }

    #[test]
    fn brackets_and_punctuation_split_words() {
        assert_eq!(
            field_ident("filter[allowed_grant_types][contains]"),
            "filter_allowed_grant_types_contains"
        );
        assert_eq!(field_ident("page[size]"), "page_size");
        assert_eq!(
            type_ident("application/x-www-form-urlencoded"),
            "ApplicationXWwwFormUrlencoded"
        );
    }

    #[test]
    fn keywords_and_digits_are_escaped() {
        assert_eq!(field_ident("type"), "type_");
        assert_eq!(field_ident("gen"), "gen_");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(type_ident("Self"), "Self_");
        assert_eq!(field_ident("2fa"), "n2fa");
        assert_eq!(type_ident("+1"), "N1");
    }

    #[test]
    fn non_identifier_characters_are_folded_or_dropped() {
        assert_eq!(field_ident("x²"), "x2");
        assert_eq!(field_ident("½"), "n1_2");
        assert_eq!(field_ident("٣abc"), "n٣abc");
        assert_eq!(type_ident("٣abc"), "N٣abc");
        // KELVIN SIGN and ANGSTROM SIGN fold to the letters rustc would take them for.
        assert_eq!(type_ident("\u{212A}"), "K");
        assert_eq!(field_ident("\u{212B}ngstr\u{f6}m"), "\u{e5}ngstr\u{f6}m");
        assert_eq!(field_ident("\u{301}"), "value");
        assert_eq!(field_ident("a\u{200B}b"), "a_b");
        for name in [
            "x²",
            "½",
            "٣abc",
            "\u{212A}",
            "\u{0301}x",
            "ǅ",
            "ﬁle",
            "\u{FF21}",
        ] {
            for ident in [field_ident(name), type_ident(name)] {
                assert!(
                    syn::parse_str::<syn::Ident>(&ident).is_ok(),
                    "{name:?} → {ident:?}"
                );
            }
        }
    }

    #[test]
    fn twins_after_normalisation_are_told_apart() {
        let mut names = NameSet::default();
        assert_eq!(names.claim(&type_ident("K")), "K");
        assert_eq!(names.claim(&type_ident("\u{212A}")), "K2");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut names = NameSet::default();
        assert_eq!(names.claim("foo_bar"), "foo_bar");
        assert_eq!(names.claim("foo_bar"), "foo_bar_2");
        assert_eq!(names.claim("Value"), "Value");
        assert_eq!(names.claim("Value"), "Value2");
        assert_eq!(names.claim("Unknown_"), "Unknown_");
        assert_eq!(names.claim("Unknown_"), "Unknown2");
        assert_eq!(type_name("Result"), "ResultModel");
    }

    #[test]
    fn plurals() {
        assert_eq!(singular("keys"), "key");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("allowed_grant_types"), "allowed_grant_type");
        assert_eq!(singular("status"), "status");
    }
}
