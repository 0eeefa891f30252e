//! `cargo xtask generate`: spec → `generated/`, writing only what changed.

use std::path::PathBuf;
use std::time::Instant;

use codegen::diagnostic::Severity;
use codegen::{generate, GenerateOptions, Inputs};

use crate::workspace_root;

/// Generate the client crate, its docs and examples from the OpenAPI spec.
///
/// Writes only the files whose contents change; a failed run writes nothing.
#[derive(clap::Args)]
pub struct Args {
    /// The OpenAPI 3.0 or 3.1 document, JSON or YAML [default: spec/telnyx-oauth.yaml]
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// The folder to write into [default: generated/]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The resource map (`sdk.yaml`) [default: sdk.yaml beside the spec]
    #[arg(long, value_name = "PATH")]
    map: Option<PathBuf>,
    /// Write nothing; fail naming the files that are stale
    #[arg(long)]
    check: bool,
    /// Make warnings errors
    #[arg(long)]
    strict: bool,
}

/// Runs the task.
pub fn run(args: Args) -> Result<(), String> {
    let root = workspace_root();
    let spec = args
        .spec
        .unwrap_or_else(|| root.join("spec/telnyx-oauth.yaml"));
    let out = args.out.unwrap_or_else(|| root.join("generated"));
    let started = Instant::now();
    let options = GenerateOptions {
        spec,
        resource_map: args.map,
        strict: args.strict,
    };
    let inputs = Inputs::read(&options).map_err(|d| d.to_string())?;
    let generation = generate(&inputs).map_err(|d| d.to_string())?;
    for warning in &generation.warnings {
        if warning.severity == Severity::Warning {
            eprintln!("{warning}");
        }
    }
    for note in &generation.notes {
        eprintln!("note: {note}");
    }
    let report = generation
        .files
        .apply(&out, args.check)
        .map_err(|d| d.to_string())?;
    for path in &report.left {
        eprintln!(
            "note: {} carries the generated marker but is not generated any more; it was left in place (only files listed in {} are removed): delete it if it is stale",
            out.join(path).display(),
            out.join(codegen::files::MANIFEST).display()
        );
    }
    let operations = generation.model.operations().count();
    let types = generation.model.types.len();
    let elapsed = started.elapsed();
    if args.check {
        if report.written.is_empty() && report.removed.is_empty() {
            println!(
                "generated/ is up to date: {operations} operations, {types} types, {} files checked in {:.0?}",
                report.unchanged, elapsed
            );
            return Ok(());
        }
        let mut message = String::from("generated files are not up to date:\n");
        for path in &report.written {
            message.push_str(&format!("  {} (differs)\n", out.join(path).display()));
        }
        for path in &report.removed {
            message.push_str(&format!(
                "  {} (no longer generated)\n",
                out.join(path).display()
            ));
        }
        message.push_str("run `cargo xtask generate` and commit the result");
        return Err(message);
    }
    println!(
        "{operations} operations, {types} types, {} warnings: {} files written, {} unchanged, {} removed, {} lines, in {:.0?}",
        generation.warnings.len(),
        report.written.len(),
        report.unchanged,
        report.removed.len(),
        generation.files.lines(),
        elapsed
    );
    Ok(())
}
