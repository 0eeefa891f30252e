//! Generation end to end: `generated/` is fresh, output snapshots (insta) for the real spec and
//! for one small fixture spec per construct, every fixture crate compiles, and bad input gives
//! a located, actionable error and leaves the output folder untouched.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diagnostic::Diagnostic;
use codegen::files::FileSet;
use codegen::{generate, Inputs};
use workspace_tests::{
    assert_clippy_clean, assert_runs, cargo_in_scratch, empty_dir, scratch_workspace,
    workspace_root,
};

/// Files written by the emitters (the runtime, copied verbatim from the `sdk-runtime` crate, is
/// tested there; `docs/` and `examples/` are snapshotted by `tests/docs.rs` and run by
/// `cargo xtask test`).
fn emitted(files: &FileSet) -> impl Iterator<Item = (&PathBuf, &String)> {
    let runtime: Vec<PathBuf> = codegen::emit::runtime::files()
        .map(|(path, _)| Path::new("src").join(path))
        .collect();
    files.iter().filter(move |(p, _)| {
        let docs = p.starts_with("docs") || p.starts_with("examples");
        let runtime_file = runtime.iter().any(|r| p.ends_with(r));
        !docs && !runtime_file
    })
}

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

#[test]
fn generated_folder_is_up_to_date() {
    let root = workspace_root();
    let generation = generate(&Inputs::read_spec(root.join("spec/telnyx-oauth.yaml")).unwrap())
        .expect("the spec generates");
    let report = generation
        .files
        .apply(&root.join("generated"), true)
        .expect("check mode reads only");
    assert!(
        report.written.is_empty() && report.removed.is_empty(),
        "generated/ is stale: {:?} differ, {:?} are no longer generated; run `cargo xtask generate` and commit",
        report.written,
        report.removed
    );
}

#[test]
fn telnyx_spec_snapshots() {
    let root = workspace_root();
    let generation = generate(&Inputs::read_spec(root.join("spec/telnyx-oauth.yaml")).unwrap())
        .expect("the spec generates");
    assert_eq!(generation.model.operations().count(), 17);
    let settings = snapshot_settings();
    settings.bind(|| {
        for (path, contents) in emitted(&generation.files) {
            let name = format!(
                "telnyx__{}",
                path.display().to_string().replace(['/', '.'], "_")
            );
            insta::assert_snapshot!(name, contents);
        }
    });
}

fn fixture_specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir("fixtures/specs")
        .expect("tests/fixtures/specs exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    specs.sort();
    specs
}

/// One snapshot per fixture: every emitted file, each under a header with its path.
#[test]
fn fixture_snapshots() {
    let settings = snapshot_settings();
    for spec in fixture_specs() {
        let generation = generate(&Inputs::read_spec(&spec).unwrap())
            .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", spec.display()));
        let mut all = String::new();
        for (path, contents) in emitted(&generation.files) {
            all.push_str(&format!("===== {}\n{contents}\n", path.display()));
        }
        let name = format!(
            "fixture__{}",
            spec.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
        );
        settings.bind(|| insta::assert_snapshot!(name, all));
    }
}

/// Every fixture's crate, in one scratch workspace, must type-check with no warnings; the fixtures
/// with a `fixtures/behaviour/<fixture>.rs` get it as an integration test, which must pass.
#[test]
fn fixture_crates_compile() {
    let root = workspace_root();
    let scratch = root.join("target/fixture-crates");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut members = vec![];
    // One set for all crates: applying one set at a time would remove the others as stale.
    let mut files = FileSet::default();
    let mut names = std::collections::BTreeSet::new();
    let mut with_behaviour = vec![];
    let behaviour_support = std::fs::read_to_string("fixtures/behaviour/support/mod.rs")
        .expect("tests/fixtures/behaviour/support/mod.rs exists");
    for (i, spec) in fixture_specs().into_iter().enumerate() {
        let generation = generate(&Inputs::read_spec(&spec).unwrap()).expect("fixture generates");
        // Each fixture keeps its crate name (examples refer to it), so names must differ.
        let name = generation.model.package.crate_name.clone();
        assert!(
            names.insert(name.clone()),
            "two fixtures generate a crate called `{name}`: give one another title"
        );
        let dir = format!("f{i}");
        for (path, contents) in generation.files.iter() {
            // Doctests and examples copied from templates must use this crate's own name.
            assert!(
                !contents.contains("telnyx_oauth"),
                "{} of fixture `{name}` still refers to `telnyx_oauth`",
                path.display()
            );
            let mut rel = path.components();
            rel.next();
            files.insert(Path::new(&dir).join(rel.as_path()), contents.clone());
        }
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let behaviour = Path::new("fixtures/behaviour").join(format!("{stem}.rs"));
        if let Ok(test) = std::fs::read_to_string(&behaviour) {
            files.insert(Path::new(&dir).join("tests/behaviour.rs"), test);
            files.insert(
                Path::new(&dir).join("tests/support/mod.rs"),
                behaviour_support.clone(),
            );
            with_behaviour.push(name.clone());
        }
        members.push(dir);
    }
    files.apply(&scratch, false).expect("scratch is writable");
    scratch_workspace(&scratch, &members);
    assert_clippy_clean(&scratch, "a fixture crate");
    assert!(
        !with_behaviour.is_empty(),
        "no fixtures/behaviour/*.rs found"
    );
    let mut test = cargo_in_scratch(&scratch, &["test", "--quiet", "--test", "behaviour"]);
    for name in &with_behaviour {
        test.args(["-p", name]);
    }
    assert_runs(&mut test, "a fixture crate's behaviour test fails");
}

/// Bad input: an error naming the file, line:column, JSON pointer and what to do; no panic.
#[test]
fn bad_input_gives_located_errors() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("fixtures/errors")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut report = String::new();
    for path in paths {
        let Err(err) = generate(&Inputs::read_spec(&path).unwrap()) else {
            panic!("{} must be rejected", path.display());
        };
        let text = push_located(&mut report, &err);
        assert!(text.contains(&path.display().to_string()), "{text}");
    }
    snapshot_settings().bind(|| insta::assert_snapshot!("errors", report));
}

/// Checks that `diagnostic` says what to do and where (line:column), appends it to `report`
/// and returns its text.
fn push_located(report: &mut String, diagnostic: &Diagnostic) -> String {
    let text = diagnostic.to_string();
    assert!(text.contains("= help: "), "{text}");
    assert!(diagnostic.location.is_some(), "no line:column in {text}");
    report.push_str(&format!("{text}\n\n"));
    text
}

/// Warnings about the fixtures (what the generator keeps but cannot express fully): the file,
/// line:column, JSON pointer and what to do, as for errors.
#[test]
fn fixture_warnings() {
    let mut report = String::new();
    for spec in fixture_specs() {
        let generation = generate(&Inputs::read_spec(&spec).unwrap()).expect("fixture generates");
        for warning in &generation.warnings {
            push_located(&mut report, warning);
        }
    }
    snapshot_settings().bind(|| insta::assert_snapshot!("warnings", report));
}

/// A failed run leaves the output folder exactly as it was.
#[test]
fn failed_generation_writes_nothing() {
    let out = empty_dir(workspace_root().join("target/failed-generation"));
    std::fs::write(out.join("keep.txt"), "untouched").unwrap();
    let xtask = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "run",
            "--quiet",
            "-p",
            "xtask",
            "--",
            "generate",
            "--spec",
            "tests/fixtures/errors/dangling_ref.yaml",
            "--out",
        ])
        .arg(&out)
        .current_dir(workspace_root())
        .output()
        .expect("xtask runs");
    assert!(!xtask.status.success());
    let stderr = String::from_utf8_lossy(&xtask.stderr);
    assert!(stderr.contains("dangling_ref.yaml:12:"), "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, vec![std::ffi::OsString::from("keep.txt")]);
}

/// Snapshots this file owns (`telnyx__*`, `fixture__*`, `errors`, `warnings`) must all be in use: a renamed
/// file or a removed fixture must not leave a stale snapshot behind.
#[test]
fn no_orphan_snapshots() {
    let root = workspace_root();
    let generation = generate(&Inputs::read_spec(root.join("spec/telnyx-oauth.yaml")).unwrap())
        .expect("the spec generates");
    let mut expected: std::collections::BTreeSet<String> = emitted(&generation.files)
        .map(|(path, _)| {
            format!(
                "telnyx__{}.snap",
                path.display().to_string().replace(['/', '.'], "_")
            )
        })
        .collect();
    for spec in fixture_specs() {
        expected.insert(format!(
            "fixture__{}.snap",
            spec.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
        ));
    }
    expected.insert("errors.snap".into());
    expected.insert("warnings.snap".into());
    let orphans: Vec<String> = std::fs::read_dir("snapshots")
        .expect("tests/snapshots exists")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            (n.starts_with("telnyx__")
                || n.starts_with("fixture__")
                || n == "errors.snap"
                || n == "warnings.snap")
                && !expected.contains(n)
        })
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots no test produces any more (delete them): {orphans:?}"
    );
}

/// Every `fixtures/behaviour/<name>.rs` must belong to a fixture spec `fixtures/specs/<name>.*`:
/// one whose name matches none (a typo, a renamed spec) would otherwise never run.
#[test]
fn no_orphan_behaviour_tests() {
    let stems: std::collections::BTreeSet<String> = fixture_specs()
        .iter()
        .filter_map(|s| s.file_stem().and_then(|s| s.to_str()).map(str::to_string))
        .collect();
    let orphans: Vec<String> = std::fs::read_dir("fixtures/behaviour")
        .expect("tests/fixtures/behaviour exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "rs")
                && p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_none_or(|s| !stems.contains(s))
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        orphans.is_empty(),
        "behaviour tests with no fixture spec of the same name (they would never run): {orphans:?}"
    );
}
