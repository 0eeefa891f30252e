//! Emitters: each turns the resolved [`crate::model::ApiModel`] (and, for the docs and the
//! changelog, the inputs already parsed: catalogs, changelog data) into files. They read nothing
//! else and write nothing: each returns what it made ([`Emitted`]), and [`crate::generate`] puts it
//! in the [`crate::files::FileSet`].

pub mod changelog;
pub mod docs;
mod oauth;
pub mod runtime;
pub mod rust;

use crate::diagnostic::Diagnostic;

/// What an emitter made: its files, and what it has to tell.
#[derive(Debug, Clone, Default)]
pub struct Emitted {
    /// Path relative to the output folder, and contents, in the order made.
    pub files: Vec<(String, String)>,
    /// Problems with the input the output works around.
    pub warnings: Vec<Diagnostic>,
    /// Things worth telling that are not problems with the input.
    pub notes: Vec<String>,
}

impl Emitted {
    /// Adds a file.
    pub fn insert(&mut self, path: impl Into<String>, contents: String) {
        self.files.push((path.into(), contents));
    }
}
