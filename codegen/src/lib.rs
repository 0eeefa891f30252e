//! The generator library behind `cargo xtask generate`.
//!
//! Data flows one way: files read once into [`Inputs`] (the edge, [`Inputs::read`]) → [`generate`],
//! which touches no file: spec → [`loader::LoadedSpec`] (3.1 read faithfully around `openapiv3`)
//! → [`resolve::resolve`] → one [`model::ApiModel`] → emitters ([`emit`]), each returning its
//! files → one in-memory [`files::FileSet`] → written or checked by [`files::FileSet::apply`]
//! (the other edge).
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
pub mod inputs;
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

use diagnostic::{Diagnostic, Severity};
use diff::changelog::Changelog;
use emit::docs::i18n::Catalog;
use files::FileSet;
use loader::LoadedSpec;
use model::ApiModel;
use resource_map::ResourceMap;

pub use inputs::{GenerateOptions, InputFile, Inputs};

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

/// Resolves the spec of `inputs`, with its resource map, into the model (no file access).
pub fn load_model(inputs: &Inputs) -> Result<(ApiModel, Vec<Diagnostic>), Diagnostic> {
    let spec = LoadedSpec::from_source(inputs.spec.parse()?)?;
    let map = match &inputs.resource_map {
        Some(file) => ResourceMap::from_source(file.parse()?)?,
        None => ResourceMap::default(),
    };
    let (model, warnings) = resolve::resolve(&spec, &map)?;
    check_output_names(&model, &spec, &map)?;
    if inputs.strict {
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

/// Generates every output file for `inputs`, in memory. Reads no file: everything it needs is in
/// `inputs` (see [`Inputs::read`] for the files of a spec on disk).
pub fn generate(inputs: &Inputs) -> Result<Generation, Diagnostic> {
    let (model, mut warnings) = load_model(inputs)?;
    let changelog = match &inputs.changelog {
        Some(file) => Some(Changelog::from_source(file.parse()?)?),
        None => None,
    };
    let catalogs = inputs
        .catalogs
        .iter()
        .map(|file| Catalog::from_source(file.parse()?))
        .collect::<Result<Vec<_>, _>>()?;
    // Quoted in every generated file's header comment: one line, nothing that ends a comment.
    let spec_name = inputs
        .spec
        .path
        .file_name()
        .map(|n| encode::header_text(&n.to_string_lossy()))
        .unwrap_or_else(|| "spec".into());
    let emitted = [
        emit::rust::emit_rust_crate(&model, &spec_name)?,
        emit::changelog::emit(&model, changelog.as_ref()),
        emit::docs::emit_docs(&model, &catalogs, &spec_name)?.0,
    ];
    let mut files = FileSet::default();
    let mut notes = vec![];
    for e in emitted {
        for (path, contents) in e.files {
            files.insert(path, contents);
        }
        warnings.extend(e.warnings);
        notes.extend(e.notes);
    }
    Ok(Generation {
        model,
        files,
        warnings,
        notes,
    })
}
