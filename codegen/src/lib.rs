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
pub mod encode;
pub mod files;
pub mod loader;
pub mod mock;
pub mod model;
pub mod names;
mod position;
pub mod resolve;
pub mod resource_map;
pub mod roundtrip;
pub mod rust_names;
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
    check_output_names(&model, &spec, &map)?;
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

/// Longest SDK method name, in bytes: file names join it to a resource name (`<resource>_<method>`,
/// Java's `<Resource><Method>.java`), which stay well below the file systems' 255 bytes.
const MAX_METHOD_LEN: usize = 120;

/// Every name from the spec or the resource map that becomes a segment of an output path (crate,
/// docs prefix, resource: its module and example files, method: its example files) is one a file
/// system takes everywhere; else an error at the node that gave it, before anything is written.
fn check_output_names(
    model: &ApiModel,
    spec: &LoadedSpec,
    map: &ResourceMap,
) -> Result<(), Diagnostic> {
    use files::{segment_problem, MAX_NAME_LEN};
    map.check_code_names()?;
    // A name quoted in a message: a 10,000-character one is shown by its start.
    let shown = |name: &str| -> String {
        match name.char_indices().nth(40) {
            Some((cut, _)) => format!("{}…", &name[..cut]),
            None => name.to_string(),
        }
    };
    let in_map = |pointer: String, message: String, help: &str| {
        map.error(&pointer, message.clone(), help)
            .unwrap_or_else(|| {
                Diagnostic::error(&spec.source.path, pointer, message, help.to_string())
            })
    };
    let in_spec = |pointer: String, message: String, help: &str| {
        spec.source
            .with_location(Diagnostic::error(&spec.source.path, pointer, message, help))
    };
    if let Some(package) = &map.package {
        let name = &package.crate_name;
        let cargo_ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let problem = segment_problem(name, MAX_NAME_LEN)
            .or_else(|| (!cargo_ok).then(|| "it is not a Cargo package name".to_string()));
        if let Some(problem) = problem {
            return Err(in_map(
                "/package/crate_name".into(),
                format!(
                    "the crate name `{}` cannot name the crate's folder: {problem}",
                    shown(name)
                ),
                "use ASCII letters, digits, `-` and `_`, starting with a letter, at most 64 characters (the crate is written to `<out>/<crate_name>/`)",
            ));
        }
    }
    if let Some(docs) = &map.docs {
        if let Some(problem) = segment_problem(&docs.name, MAX_NAME_LEN) {
            return Err(in_map(
                "/docs/name".into(),
                format!(
                    "the docs name `{}` cannot start a folder name: {problem}",
                    shown(&docs.name)
                ),
                "use a short name of letters, digits and `-` (the docs are written to `<out>/docs/<name>-<language>/`)",
            ));
        }
    }
    for resource in &model.resources {
        let key = map
            .resources
            .keys()
            .find(|k| names::field_ident(k) == resource.name);
        if let Some(problem) = segment_problem(&resource.name, MAX_NAME_LEN) {
            let message = format!(
                "the resource name `{}` cannot name its files (`src/resources/<name>.rs`, ...): {problem}",
                shown(&resource.name)
            );
            return Err(match key {
                Some(key) => in_map(
                    diagnostic::pointer_push("/resources", key),
                    message,
                    "rename the resource in the resource map: a short snake_case name",
                ),
                None => {
                    let op = &resource.operations[0];
                    let pointer = if op.tags.is_empty() {
                        op.pointer.clone()
                    } else {
                        format!("{}/tags/0", op.pointer)
                    };
                    in_spec(
                        pointer,
                        format!("{message} (it comes from this operation's first tag, or its path)"),
                        "shorten the tag, or name the resource in the resource map (sdk.yaml: `resources: {NAME: {operations: {OPERATION_ID: METHOD}}}`)",
                    )
                }
            });
        }
        for op in &resource.operations {
            if let Some(problem) = segment_problem(&op.method_name, MAX_METHOD_LEN) {
                let message = format!(
                    "the method name `{}` cannot name its example files: {problem}",
                    shown(&op.method_name)
                );
                let help =
                    "name the method in the resource map (sdk.yaml), or shorten the operationId";
                return Err(match map.lookup(&op.id).and(key) {
                    Some(key) => in_map(
                        format!(
                            "{}/operations/{}",
                            diagnostic::pointer_push("/resources", key),
                            diagnostic::pointer_push("", &op.id).trim_start_matches('/')
                        ),
                        message,
                        help,
                    ),
                    None => in_spec(format!("{}/operationId", op.pointer), message, help),
                });
            }
        }
    }
    Ok(())
}

/// Generates every output file for a spec, in memory.
pub fn generate(options: &GenerateOptions) -> Result<Generation, Diagnostic> {
    let (model, mut warnings) = load_model(options)?;
    // Quoted in every generated file's header comment: one line, nothing that ends a comment.
    let spec_name = options
        .spec
        .file_name()
        .map(|n| encode::header_text(&n.to_string_lossy()))
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
