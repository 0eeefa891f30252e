//! `cargo xtask diff`: what an API change means, for API clients and for the generated crate.
//!
//! Compares two versions of the spec through the resolved model (`codegen::diff`): by default the
//! spec at `HEAD` with the working tree's. Prints Markdown (for a pull request) or JSON;
//! `--fail-on breaking` makes it a CI gate (`breaking:api` for wire compatibility only,
//! `breaking:crate` for the crate only); `--record` writes the changelog entry that
//! `cargo xtask generate` renders into the crate's `CHANGELOG.md`.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diagnostic::Diagnostic;
use codegen::diff::changelog::{self, Changelog, Recorded};
use codegen::diff::{report, Gate, SpecDiff};
use codegen::model::ApiModel;
use codegen::resource_map::ResourceMap;
use codegen::{load_model, GenerateOptions};

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

/// A spec (and its resource map) taken out of git into a temporary folder, removed on drop.
struct SpecAtRev {
    dir: PathBuf,
    spec: PathBuf,
    rev: String,
    /// The spec's folder in the repository (`spec`).
    folder: PathBuf,
}

impl SpecAtRev {
    /// `REV:path` of a file taken out into the temporary folder.
    fn label(&self, file_name: &Path) -> String {
        let path = self.folder.join(file_name);
        format!("{}:{}", self.rev, path.to_string_lossy().replace('\\', "/"))
    }
}

impl Drop for SpecAtRev {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
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

fn spec_at_rev(root: &Path, rev: &str, spec_rel: &Path) -> Result<SpecAtRev, String> {
    let spec_path = spec_rel.to_string_lossy().replace('\\', "/");
    let text = git_show(root, rev, &spec_path)?.ok_or_else(|| {
        format!(
            "`{spec_path}` does not exist at `{rev}`\nhelp: pass a revision that has it (`--base REV`), or a file with `--base FILE`"
        )
    })?;
    let safe: String = rev
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let dir = std::env::temp_dir().join(format!("xtask-diff-{}-{safe}", std::process::id()));
    let fail = |e: std::io::Error| {
        format!(
            "cannot write the spec at `{rev}` into {}: {e}\nhelp: check the temporary folder is writable (TMPDIR)",
            dir.display()
        )
    };
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let file_name = spec_rel
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "spec.yaml".into());
    let spec = dir.join(file_name);
    std::fs::write(&spec, text).map_err(fail)?;
    // The resource map beside the spec, as it was at that revision.
    let map_rel = spec_rel.with_file_name("sdk.yaml");
    if let Some(map) = git_show(root, rev, &map_rel.to_string_lossy().replace('\\', "/"))? {
        std::fs::write(dir.join("sdk.yaml"), map).map_err(fail)?;
    }
    Ok(SpecAtRev {
        dir,
        spec,
        rev: rev.to_string(),
        folder: spec_rel.parent().map(Path::to_path_buf).unwrap_or_default(),
    })
}

/// Loads a model, naming `label` instead of `temp` in errors about a spec taken out of git.
fn load(spec: &Path, temp: Option<&SpecAtRev>) -> Result<ApiModel, String> {
    let relabel = |mut d: Diagnostic| {
        if let Some(t) = temp {
            if let Ok(rest) = d.file.strip_prefix(&t.dir) {
                d.file = PathBuf::from(t.label(rest));
            }
        }
        d.to_string()
    };
    let (model, warnings) = load_model(&GenerateOptions::new(spec)).map_err(relabel)?;
    for w in warnings {
        if w.severity == codegen::diagnostic::Severity::Warning {
            eprintln!("{}", relabel(w));
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
    let (temp, base_spec, base_label) = if base_file.is_file() {
        (None, base_file.to_path_buf(), args.base.clone())
    } else {
        let rel = head_rel
            .clone()
            .unwrap_or_else(|| PathBuf::from("spec/telnyx-oauth.yaml"));
        let t = spec_at_rev(&root, &args.base, &rel)?;
        let (spec, label) = (
            t.spec.clone(),
            t.label(Path::new(rel.file_name().unwrap_or_default())),
        );
        (Some(t), spec, label)
    };
    let base = load(&base_spec, temp.as_ref())?;
    let head = load(&head_spec, None)?;
    let d = codegen::diff::diff(&base, &head, &base_label, &head_label);
    drop(temp);

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
        Changelog::load(&path).map_err(|e| e.to_string())?
    } else {
        Changelog::default()
    };
    let outcome = log.record(d)?;
    let advice = d.version_advice();
    if let Some(fix) = report::version_fix(&advice, &d.head.crate_name) {
        let map = ResourceMap::beside(head)
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
