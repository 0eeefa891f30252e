//! `cargo xtask semver-check`: the diff's verdicts on the generated crate, checked against
//! `cargo-semver-checks` on the crates generated from fixture pairs (`tests/fixtures/diff/`).
//!
//! `cargo-semver-checks` is installed on first use (pinned, into `.tools/cargo`); building it takes
//! several minutes, which is why this is a task of its own and not part of `cargo xtask test`.
//! For each case both crates are generated into `target/semver-check/<case>/{base,head}/`, the
//! tool compares their rustdoc, and the table shows its required bump next to the diff's.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::{self, report, Bump, Impact};
use codegen::{generate, GenerateOptions, Inputs};

use crate::tools::{self, Tool};
use crate::workspace_root;

/// The pinned version.
const VERSION: &str = "0.51.0";

/// Cases run when none is named: one per kind of crate verdict the diff gives.
const DEFAULT_CASES: &[&str] = &[
    "operation_added",
    "operation_removed",
    "operation_deprecated",
    "param_added_optional",
    "param_added_first_optional",
    "param_made_required",
    "request_field_added_required",
    "request_field_added_optional",
    "response_field_added",
    "response_field_added_required",
    "response_field_type_changed",
    "enum_value_added",
    "enum_value_removed",
    "union_variant_added",
    "type_renamed",
    "response_content_type_changed",
];

/// What one case gave.
struct Outcome {
    case: String,
    ours: Bump,
    caution: bool,
    theirs: Bump,
    lints: Vec<String>,
    /// Kinds of the changes the diff finds breaking for the crate.
    breaking: Vec<String>,
}

/// The pinned `cargo-semver-checks`, installed into `.tools/cargo` unless it is there.
fn install(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join(".tools");
    let tool = Tool::cargo(
        "cargo-semver-checks",
        VERSION,
        "to check the diff's crate verdicts",
    );
    tools::install(&tools, &tool)?;
    Ok(tools.join("cargo/bin/cargo-semver-checks"))
}

/// The fixture's resource map for `side`, when the case has one.
fn options(case_dir: &Path, side: &str) -> GenerateOptions {
    let mut options = GenerateOptions::new(case_dir.join(format!("{side}.yaml")));
    let map = case_dir.join(format!("{side}.sdk.yaml"));
    if map.is_file() {
        options.resource_map = Some(map);
    }
    options
}

/// Generates one side's crate into `dir` as a workspace of its own; returns the crate's folder.
fn write_crate(root: &Path, options: &GenerateOptions, dir: &Path) -> Result<PathBuf, String> {
    let inputs = Inputs::read(options).map_err(|d| d.to_string())?;
    let generation = generate(&inputs).map_err(|d| d.to_string())?;
    generation
        .files
        .apply(dir, false)
        .map_err(|d| d.to_string())?;
    let name = &generation.model.package.crate_name;
    let fail = |e: std::io::Error| format!("cannot write into {}: {e}", dir.display());
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [\"{name}\"]\n"),
    )
    .map_err(fail)?;
    // The workspace's lockfile: same dependency versions, nothing new to resolve.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(fail)?;
    Ok(dir.join(name))
}

/// The bump `cargo-semver-checks` requires, and the lints that fired.
fn parse_output(text: &str) -> (Bump, Vec<String>) {
    let lints: Vec<String> = text
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("--- failure ")
                .map(|rest| rest.split(':').next().unwrap_or_default().to_string())
                .or_else(|| {
                    l.strip_prefix("--- warning ").map(|rest| {
                        format!("{} (warning)", rest.split(':').next().unwrap_or_default())
                    })
                })
        })
        .collect();
    let bump = if text.contains("requires new major version") {
        Bump::Major
    } else if text.contains("requires new minor version") {
        Bump::Minor
    } else {
        Bump::None
    };
    (bump, lints)
}

fn run_case(root: &Path, bin: &Path, case: &str) -> Result<Outcome, String> {
    let case_dir = root.join("tests/fixtures/diff").join(case);
    if !case_dir.is_dir() {
        return Err(format!(
            "no fixture `{case}` in tests/fixtures/diff\nhelp: name one of its folders"
        ));
    }
    let work = root.join("target/semver-check").join(case);
    let _ = std::fs::remove_dir_all(&work);
    let (base_opts, head_opts) = (options(&case_dir, "base"), options(&case_dir, "head"));
    let base_crate = write_crate(root, &base_opts, &work.join("base"))?;
    let head_crate = write_crate(root, &head_opts, &work.join("head"))?;

    let load = |o: &GenerateOptions| {
        let inputs = Inputs::read(o).map_err(|d| d.to_string())?;
        codegen::load_model(&inputs)
            .map(|(m, _)| m)
            .map_err(|d| d.to_string())
    };
    let d = diff::diff(&load(&base_opts)?, &load(&head_opts)?, "base", "head");

    eprintln!("{case}: cargo-semver-checks ...");
    let out = Command::new(bin)
        .args(["semver-checks", "check-release", "--color", "never"])
        .arg("--manifest-path")
        .arg(head_crate.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&base_crate)
        // Same version on both sides: every lint, major or minor, is reported as required.
        .args(["--release-type", "patch"])
        .env("CARGO_TARGET_DIR", root.join("target/semver-check/target"))
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(work.join("semver-checks.log"), &text)
        .map_err(|e| format!("cannot write the log into {}: {e}", work.display()))?;
    if !out.status.success() && !text.contains("--- failure ") {
        return Err(format!(
            "cargo-semver-checks failed on `{case}` without a lint (see {}):\n{}",
            work.join("semver-checks.log").display(),
            text.lines()
                .rev()
                .take(15)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    let (theirs, lints) = parse_output(&text);
    Ok(Outcome {
        case: case.to_string(),
        ours: match d.bump() {
            Bump::Patch => Bump::None,
            other => other,
        },
        caution: d.changes.iter().any(|c| c.rust.impact == Impact::Caution),
        theirs,
        lints,
        breaking: d
            .changes
            .iter()
            .filter(|c| c.rust.impact == Impact::Breaking)
            .map(|c| serde_kind(c.kind))
            .collect(),
    })
}

/// A change kind as the JSON report names it (`field_type_changed`).
fn serde_kind(kind: codegen::diff::ChangeKind) -> String {
    let mut out = String::new();
    for (i, c) in format!("{kind:?}").chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Check the diff's crate verdicts against cargo-semver-checks.
///
/// On the crates generated from fixture pairs in tests/fixtures/diff/. cargo-semver-checks is
/// installed, pinned, into .tools/cargo on first use (building it takes several minutes).
#[derive(clap::Args)]
pub struct Args {
    /// Fixture cases (folders of tests/fixtures/diff/) [default: one per kind of crate verdict]
    #[arg(value_name = "CASE")]
    cases: Vec<String>,
    /// Every fixture case
    #[arg(long)]
    all: bool,
}

/// Runs the task.
pub fn run(args: Args) -> Result<(), String> {
    let root = workspace_root();
    let mut cases = args.cases;
    if args.all {
        let mut all: Vec<String> = std::fs::read_dir(root.join("tests/fixtures/diff"))
            .map_err(|e| format!("cannot read tests/fixtures/diff: {e}"))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        all.sort();
        cases.extend(all);
    }
    if cases.is_empty() {
        cases = DEFAULT_CASES.iter().map(|c| c.to_string()).collect();
    }
    let bin = install(&root)?;
    let mut outcomes = vec![];
    for case in &cases {
        outcomes.push(run_case(&root, &bin, case)?);
    }

    let mut table = String::from(
        "| case | diff (crate) | cargo-semver-checks | lints | agree | why not |\n|---|---|---|---|---|---|\n",
    );
    let mut agreed = 0;
    for o in &outcomes {
        // cargo-semver-checks lints the public API's shape: additions, and changes of behaviour
        // (where requests go, how they are sent or authenticated), are invisible to it, so a
        // minor verdict it calls "none" is no disagreement.
        let unlintable = o.ours == Bump::Minor && o.theirs == Bump::None;
        let (verdict, why) = if o.ours == o.theirs {
            ("yes", String::new())
        } else if unlintable {
            (
                if o.caution {
                    "yes (behaviour is not linted)"
                } else {
                    "yes (additions are not linted)"
                },
                String::new(),
            )
        } else if o.ours > o.theirs {
            let mut kinds = o.breaking.clone();
            kinds.dedup();
            (
                "**no**",
                format!(
                    "no lint for what the diff finds breaking: {}",
                    kinds.join(", ")
                ),
            )
        } else {
            (
                "**no**",
                "policy: a new optional field keeps `new`/`Default` (only full struct literals must add it); building response-only types is *caution*".to_string(),
            )
        };
        if verdict.starts_with("yes") {
            agreed += 1;
        }
        table.push_str(&format!(
            "| `{}` | {}{} | {} | {} | {verdict} | {why} |\n",
            o.case,
            report::bump_label(o.ours),
            if o.caution { " (with caution)" } else { "" },
            report::bump_label(o.theirs),
            if o.lints.is_empty() {
                "none".to_string()
            } else {
                o.lints
                    .iter()
                    .map(|l| format!("`{l}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ));
    }
    table.push_str(&format!(
        "\n{agreed} of {} cases agree. Logs: target/semver-check/<case>/semver-checks.log\n",
        outcomes.len()
    ));
    print!("{table}");
    std::fs::write(root.join("target/semver-check/report.md"), &table)
        .map_err(|e| format!("cannot write target/semver-check/report.md: {e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_required_bump_and_lints() {
        let text = "--- failure enum_variant_missing: pub enum variant removed or renamed ---\n\
                    \n     Summary semver requires new major version: 1 major and 0 minor checks failed\n";
        assert_eq!(
            parse_output(text),
            (Bump::Major, vec!["enum_variant_missing".to_string()])
        );
        assert_eq!(
            parse_output("     Summary no semver update required\n"),
            (Bump::None, vec![])
        );
    }
}
