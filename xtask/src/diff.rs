//! `cargo xtask diff`: what an API change means, for API clients and for the generated crate.
//!
//! Compares two versions of the spec through the resolved model (`codegen::diff`): by default the
//! spec at `HEAD` with the working tree's. Prints Markdown (for a pull request) or JSON;
//! `--fail-on breaking` makes it a CI gate (`breaking:api` for wire compatibility only,
//! `breaking:crate` for the crate only); `--record` writes the changelog entry that
//! `cargo xtask generate` renders into the crate's `CHANGELOG.md`.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::changelog::{self, Changelog, Recorded};
use codegen::diff::{report, Gate, SpecDiff};
use codegen::model::ApiModel;
use codegen::{load_model, InputFile, Inputs};

use crate::workspace_root;

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// For a pull request
    #[value(alias = "md")]
    Markdown,
    /// For tools
    Json,
}

/// What changed between two versions of the spec, for API clients and for the generated crate.
///
/// Prints every change with its verdict for each audience, and the crate's suggested version.
/// By default it compares the spec and sdk.yaml at HEAD with the working tree's.
#[derive(clap::Args)]
pub struct Args {
    /// The old spec: a git revision (the spec and sdk.yaml at that revision) or a file
    #[arg(long, value_name = "GIT_REV|FILE", default_value = "HEAD")]
    base: String,
    /// The new spec [default: spec/telnyx-oauth.yaml]
    #[arg(long, value_name = "FILE")]
    head: Option<PathBuf>,
    /// The report's format
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Exit non-zero when a change is this bad (LEVEL: breaking or caution) for API clients
    /// (`:api`: wire compatibility), for the crate (`:crate`), or, LEVEL alone, for either; several
    /// gates separated by commas or repeated: `--fail-on breaking:api,caution:crate`
    #[arg(long, value_name = "LEVEL[:api|:crate][,...]", value_parser = gates)]
    fail_on: Vec<Gates>,
    /// Add the entry for the spec's info.version to changelog.yaml beside it (rendered into the
    /// crate's CHANGELOG.md by `cargo xtask generate`)
    #[arg(long)]
    record: bool,
}

/// The gates of one `--fail-on`.
#[derive(Clone)]
struct Gates(Vec<Gate>);

fn gates(text: &str) -> Result<Gates, String> {
    Gate::parse_list(text).map(Gates)
}

/// `path` relative to the workspace root when it is inside it (for labels and `git show`).
fn relative(root: &Path, path: &Path) -> Option<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    absolute.strip_prefix(&root).ok().map(Path::to_path_buf)
}

/// `git show REV:PATH`, or `None` when the path does not exist at that revision.
fn git_show(root: &Path, rev: &str, path: &str) -> Result<Option<Vec<u8>>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("{rev}:{path}")])
        .output()
        .map_err(|e| {
            format!("cannot run git ({e}); install git, or compare with a file: `--base FILE`")
        })?;
    if out.status.success() {
        return Ok(Some(out.stdout));
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("does not exist in") || stderr.contains("exists on disk, but not in") {
        return Ok(None);
    }
    Err(format!(
        "`git show {rev}:{path}` failed: {}\nhelp: pass a commit, branch or tag that has the spec, or a file with `--base FILE`",
        stderr.trim()
    ))
}

/// The spec at `rev` and the resource map beside it then, read from git into memory, each named
/// `REV:path` in messages.
fn inputs_at_rev(root: &Path, rev: &str, spec_rel: &Path) -> Result<Inputs, String> {
    let at_rev = |rel: &Path| -> Result<Option<InputFile>, String> {
        let path = rel.to_string_lossy().replace('\\', "/");
        Ok(git_show(root, rev, &path)?.map(|bytes| InputFile::new(format!("{rev}:{path}"), bytes)))
    };
    let spec = at_rev(spec_rel)?.ok_or_else(|| {
        format!(
            "`{}` does not exist at `{rev}`\nhelp: pass a revision that has it (`--base REV`), or a file with `--base FILE`",
            spec_rel.to_string_lossy().replace('\\', "/")
        )
    })?;
    let mut inputs = Inputs::new(spec);
    inputs.resource_map = at_rev(&spec_rel.with_file_name("sdk.yaml"))?;
    Ok(inputs)
}

/// The model of `inputs`; its warnings are printed.
fn load(inputs: &Inputs) -> Result<ApiModel, String> {
    let (model, warnings) = load_model(inputs).map_err(|d| d.to_string())?;
    for w in warnings {
        if w.severity == codegen::diagnostic::Severity::Warning {
            eprintln!("{w}");
        }
    }
    Ok(model)
}

/// Runs the task.
pub fn run(args: Args) -> Result<(), String> {
    let root = workspace_root();
    let head_spec = args
        .head
        .unwrap_or_else(|| root.join("spec/telnyx-oauth.yaml"));
    let fail_on: Vec<Gate> = args.fail_on.into_iter().flat_map(|g| g.0).collect();
    if !head_spec.is_file() {
        return Err(format!(
            "{}: no such file\nhelp: pass the new spec with `--head FILE`",
            head_spec.display()
        ));
    }
    let head_rel = relative(&root, &head_spec);
    let head_label = head_rel
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| head_spec.display().to_string());

    let base_file = Path::new(&args.base);
    let (base_inputs, base_label) = if base_file.is_file() {
        let inputs = Inputs::read_spec(base_file).map_err(|d| d.to_string())?;
        (inputs, args.base.clone())
    } else {
        let rel = head_rel
            .clone()
            .unwrap_or_else(|| PathBuf::from("spec/telnyx-oauth.yaml"));
        let inputs = inputs_at_rev(&root, &args.base, &rel)?;
        let label = inputs.spec.path.to_string_lossy().into_owned();
        (inputs, label)
    };
    let base = load(&base_inputs)?;
    let head = load(&Inputs::read_spec(&head_spec).map_err(|d| d.to_string())?)?;
    let d = codegen::diff::diff(&base, &head, &base_label, &head_label);

    match args.format {
        Format::Markdown => print!("{}", report::markdown(&d)),
        Format::Json => print!("{}", report::json(&d)),
    }
    if args.record {
        record(&d, &head_spec)?;
    }
    let failing = d.failing(&fail_on).len();
    if failing > 0 {
        let gates: Vec<String> = fail_on.iter().map(Gate::label).collect();
        return Err(format!(
            "{failing} change(s) fail `--fail-on {}` (LEVEL alone: for API clients or the crate; `:api` or `:crate`: for that audience only)",
            gates.join(",")
        ));
    }
    Ok(())
}

/// Adds the diff to the changelog data beside the new spec.
fn record(d: &SpecDiff, head: &Path) -> Result<(), String> {
    let path = changelog::beside(head);
    let mut log = if path.is_file() {
        let file = InputFile::read(&path).map_err(|e| e.to_string())?;
        let source = file.parse().map_err(|e| e.to_string())?;
        Changelog::from_source(source).map_err(|e| e.to_string())?.0
    } else {
        Changelog::default()
    };
    let outcome = log.record(d)?;
    let advice = d.version_advice();
    if let Some(fix) = report::version_fix(&advice, &d.head.crate_name) {
        let map = codegen::inputs::resource_map_beside(head)
            .map(|p| format!(" ({})", p.display()))
            .unwrap_or_default();
        eprintln!(
            "warning: these changes call for crate version {}{map}. {fix} Then record again.",
            advice.suggested.as_deref().unwrap_or("a new version"),
        );
    }
    if outcome == Recorded::Nothing {
        eprintln!(
            "nothing to record: no change, and {} already has an entry for API {}",
            path.display(),
            d.head.api_version
        );
        return Ok(());
    }
    let text = log.to_yaml()?;
    std::fs::write(&path, text).map_err(|e| {
        format!(
            "cannot write {}: {e}\nhelp: check the file is writable",
            path.display()
        )
    })?;
    eprintln!(
        "{} the entry for API {} (crate {}, {} changes) in {}; run `cargo xtask generate` to update CHANGELOG.md",
        if outcome == Recorded::Added {
            "added"
        } else {
            "replaced"
        },
        d.head.api_version,
        d.head.crate_version,
        d.changes.len(),
        path.display()
    );
    Ok(())
}
