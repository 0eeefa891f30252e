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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Json,
}

struct Args {
    base: String,
    head: PathBuf,
    format: Format,
    fail_on: Vec<Gate>,
    record: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let root = workspace_root();
    let mut parsed = Args {
        base: "HEAD".into(),
        head: root.join("spec/telnyx-oauth.yaml"),
        format: Format::Markdown,
        fail_on: vec![],
        record: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("`{name}` needs a value; see `cargo xtask help`"))
        };
        match arg.as_str() {
            "--base" => parsed.base = value("--base")?,
            "--head" => parsed.head = PathBuf::from(value("--head")?),
            "--format" => {
                parsed.format = match value("--format")?.as_str() {
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "unknown format `{other}`: use `--format markdown` or `--format json`"
                        ))
                    }
                }
            }
            "--fail-on" => parsed
                .fail_on
                .extend(Gate::parse_list(&value("--fail-on")?)?),
            "--record" => parsed.record = true,
            other => return Err(format!("unknown option `{other}`; see `cargo xtask help`")),
        }
    }
    Ok(parsed)
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
pub fn run(args: &[String]) -> Result<(), String> {
    let args = parse(args)?;
    let root = workspace_root();
    if !args.head.is_file() {
        return Err(format!(
            "{}: no such file\nhelp: pass the new spec with `--head FILE`",
            args.head.display()
        ));
    }
    let head_rel = relative(&root, &args.head);
    let head_label = head_rel
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| args.head.display().to_string());

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
    let head = load(&args.head, None)?;
    let d = codegen::diff::diff(&base, &head, &base_label, &head_label);
    drop(temp);

    match args.format {
        Format::Markdown => print!("{}", report::markdown(&d)),
        Format::Json => print!("{}", report::json(&d)),
    }
    if args.record {
        record(&d, &args.head)?;
    }
    let failing = d.failing(&args.fail_on).len();
    if failing > 0 {
        let gates: Vec<String> = args.fail_on.iter().map(Gate::label).collect();
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
