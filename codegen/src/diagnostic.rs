//! Errors and warnings about an input document: always the file, the node (JSON pointer and, where
//! the source can be read again, line:column) and what the user should do.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Generation stops; nothing is written.
    Error,
    /// Generation goes on; the construct was approximated. `--strict` turns these into errors.
    Warning,
}

/// A problem found in an input file, located as precisely as the loader can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in.
    pub file: PathBuf,
    /// JSON pointer of the offending node (`""` for the whole document).
    pub pointer: String,
    /// 1-based line and column of that node, when known.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl Diagnostic {
    /// An error at `pointer` in `file`; the location is filled in later by [`crate::source::SourceFile::locate`].
    pub fn error(
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            pointer: pointer.into(),
            location: None,
            message: message.into(),
            help: help.into(),
        }
    }

    /// A warning at `pointer` in `file`.
    pub fn warning(
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pointer, message, help)
        }
    }

    /// An error about a file as a whole (cannot be read, written, ...).
    pub fn file_error(file: &Path, message: impl Into<String>, help: impl Into<String>) -> Self {
        Diagnostic::error(file, "", message, help)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{kind}: {}", self.message)?;
        write!(f, "  --> {}", self.file.display())?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " (at {})", self.pointer)?;
        }
        if !self.help.is_empty() {
            write!(f, "\n  = help: {}", self.help)?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Appends a key or index to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Splits a JSON pointer into its unescaped tokens.
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_round_trip_escapes() {
        let p = pointer_push(&pointer_push("", "paths"), "/oauth_clients/{id}");
        assert_eq!(p, "/paths/~1oauth_clients~1{id}");
        assert_eq!(pointer_tokens(&p), vec!["paths", "/oauth_clients/{id}"]);
    }

    #[test]
    fn display_names_file_location_pointer_and_help() {
        let mut d = Diagnostic::error(Path::new("spec/a.yaml"), "/paths/~1x/get", "bad", "fix it");
        d.location = Some((3, 5));
        assert_eq!(
            d.to_string(),
            "error: bad\n  --> spec/a.yaml:3:5 (at /paths/~1x/get)\n  = help: fix it"
        );
    }
}
