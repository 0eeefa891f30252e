//! Names of operations and resources in each official SDK.

use crate::model::*;
use crate::names::{camel, pascal, snake};
use crate::resource_map::LanguageNames;

/// A name in each official SDK: the map's override, else snake_case (Python, Ruby), camelCase
/// (JavaScript, Java) or PascalCase (Go) of the snake_case name, with `_` after a word the
/// language reserves (a tag `public` is `client.public_()` in Java, `import` is `import_` in
/// Python), as the call would not parse otherwise.
pub(super) fn sdk_names(name: &str, overrides: &LanguageNames) -> SdkNames {
    let pick = |language, default: String, reserved: &[&str]| {
        overrides.get(&language).cloned().unwrap_or_else(|| {
            if reserved.contains(&default.as_str()) {
                format!("{default}_")
            } else {
                default
            }
        })
    };
    SdkNames {
        python: pick(SdkLanguage::Python, snake(name), PYTHON_KEYWORDS),
        ruby: pick(SdkLanguage::Ruby, snake(name), &[]),
        javascript: pick(SdkLanguage::JavaScript, camel(name), &[]),
        go: pick(SdkLanguage::Go, pascal(name), &[]),
        java: pick(SdkLanguage::Java, camel(name), JAVA_KEYWORDS),
    }
}

/// Python's keywords: not usable as attribute names (`client.oauth.import()` does not parse).
/// Ruby, JavaScript and Go take their keywords after a `.` (Go's names are capitalised anyway).
const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Java's reserved words and literals: not usable as method names.
const JAVA_KEYWORDS: &[&str] = &[
    "abstract",
    "assert",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "final",
    "finally",
    "float",
    "for",
    "goto",
    "if",
    "implements",
    "import",
    "instanceof",
    "int",
    "interface",
    "long",
    "native",
    "new",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "static",
    "strictfp",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "transient",
    "try",
    "void",
    "volatile",
    "while",
    "true",
    "false",
    "null",
    "_",
];

#[cfg(test)]
mod sdk_name_tests {
    use super::*;

    #[test]
    fn reserved_words_get_an_underscore_where_the_language_reserves_them() {
        let n = sdk_names("public", &LanguageNames::default());
        assert_eq!(n.java, "public_");
        assert_eq!(n.python, "public");
        let n = sdk_names("import", &LanguageNames::default());
        assert_eq!((n.python.as_str(), n.java.as_str()), ("import_", "import_"));
        assert_eq!(n.ruby, "import");
        assert_eq!(n.go, "Import");
        let n = sdk_names("list", &LanguageNames::default());
        assert_eq!((n.python.as_str(), n.java.as_str()), ("list", "list"));
    }
}
