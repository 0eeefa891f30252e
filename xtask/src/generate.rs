//! `cargo xtask generate`: spec → `generated/`, writing only what changed.

use std::path::PathBuf;
use std::time::Instant;

use codegen::diagnostic::Severity;
use codegen::{generate, GenerateOptions, Inputs};

use crate::workspace_root;

struct Args {
    spec: PathBuf,
    out: PathBuf,
    map: Option<PathBuf>,
    check: bool,
    strict: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let root = workspace_root();
    let mut parsed = Args {
        spec: root.join("spec/telnyx-oauth.yaml"),
        out: root.join("generated"),
        map: None,
        check: false,
        strict: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("`{name}` needs a value; see `cargo xtask help`"))
        };
        match arg.as_str() {
            "--spec" => parsed.spec = value("--spec")?,
            "--out" => parsed.out = value("--out")?,
            "--map" => parsed.map = Some(value("--map")?),
            "--check" => parsed.check = true,
            "--strict" => parsed.strict = true,
            other => return Err(format!("unknown option `{other}`; see `cargo xtask help`")),
        }
    }
    Ok(parsed)
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let args = parse(args)?;
    let started = Instant::now();
    let options = GenerateOptions {
        spec: args.spec.clone(),
        resource_map: args.map.clone(),
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
        .apply(&args.out, args.check)
        .map_err(|d| d.to_string())?;
    for path in &report.left {
        eprintln!(
            "note: {} carries the generated marker but is not generated any more; it was left in place (only files listed in {} are removed): delete it if it is stale",
            args.out.join(path).display(),
            args.out.join(codegen::files::MANIFEST).display()
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
            message.push_str(&format!("  {} (differs)\n", args.out.join(path).display()));
        }
        for path in &report.removed {
            message.push_str(&format!(
                "  {} (no longer generated)\n",
                args.out.join(path).display()
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
