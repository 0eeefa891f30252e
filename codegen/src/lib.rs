//! The generator library behind `cargo xtask generate`.
//!
//! Data flows one way: spec file → [`loader::LoadedSpec`] (3.1 read faithfully around
//! `openapiv3`) → [`resolve::resolve`] → one [`model::ApiModel`] → emitters ([`emit`]) → one
//! in-memory [`files::FileSet`] → written or checked by [`files::FileSet::apply`].
//!
//! Start reading at [`generate`].

// Diagnostics are large but only built on the error path; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod diagnostic;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod files;
pub mod loader;
pub mod mock;
pub mod model;
pub mod names;
mod position;
pub mod resolve;
pub mod resource_map;
pub mod source;
pub mod synth;

use std::path::PathBuf;

use diagnostic::{Diagnostic, Severity};
use files::FileSet;
use loader::LoadedSpec;
use model::ApiModel;
use resource_map::ResourceMap;

/// What to generate from.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// The OpenAPI document.
    pub spec: PathBuf,
    /// The resource map; `None` looks for `sdk.yaml` beside the spec (and uses defaults without one).
    pub resource_map: Option<PathBuf>,
    /// Treat warnings as errors.
    pub strict: bool,
}

impl GenerateOptions {
    /// Options for one spec, with the map beside it if there is one.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        GenerateOptions {
            spec: spec.into(),
            resource_map: None,
            strict: false,
        }
    }
}

/// The result of a generation: every file, the model they came from, and any warnings.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The resolved model.
    pub model: ApiModel,
    /// The files, relative to the output folder.
    pub files: FileSet,
    /// Warnings (constructs approximated, names changed to avoid collisions, ...).
    pub warnings: Vec<Diagnostic>,
    /// Things worth telling that are not problems with the input (translations that fell back to
    /// English, or are no longer used).
    pub notes: Vec<String>,
}

/// Loads and resolves a spec into the model (no files).
pub fn load_model(options: &GenerateOptions) -> Result<(ApiModel, Vec<Diagnostic>), Diagnostic> {
    let spec = LoadedSpec::load(&options.spec)?;
    let map_path = options
        .resource_map
        .clone()
        .or_else(|| ResourceMap::beside(&options.spec));
    let map = match map_path {
        Some(path) => ResourceMap::load(&path)?,
        None => ResourceMap::default(),
    };
    let (model, warnings) = resolve::resolve(&spec, &map)?;
    if options.strict {
        if let Some(first) = warnings.iter().find(|w| w.severity == Severity::Warning) {
            let mut error = first.clone();
            error.severity = Severity::Error;
            error.help = format!(
                "{} (this is a warning made an error by --strict)",
                error.help
            );
            return Err(error);
        }
    }
    Ok((model, warnings))
}

/// Generates every output file for a spec, in memory.
pub fn generate(options: &GenerateOptions) -> Result<Generation, Diagnostic> {
    let (model, mut warnings) = load_model(options)?;
    let spec_name = options
        .spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec".into());
    let mut files = FileSet::default();
    emit::rust::emit_rust_crate(&model, &spec_name, &mut files)?;
    warnings.extend(diff::changelog::emit(&options.spec, &model, &mut files)?);
    let notes = emit::docs::emit_docs(&model, &options.spec, &spec_name, &mut files)?.notes;
    Ok(Generation {
        model,
        files,
        warnings,
        notes,
    })
}
