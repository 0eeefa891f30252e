//! Hostile specs and hostile output folders (issue 11, sections 2 to 5): every case runs the
//! generator in a child process under a timeout, inside a canary tree, and asserts
//!
//! - no panic and no hang;
//! - nothing outside `--out` created, changed or deleted (the whole tree around it is compared
//!   byte for byte, symbolic links included);
//! - a failed run leaves `--out` byte-identical, with an error located where the case says;
//! - where generation succeeds, the crate compiles clippy-clean (all such crates in one batch).
//!
//! Inputs are in `fixtures/hostile/<case>/` (a spec, and a `sdk.yaml` beside it when the case is
//! about the resource map), or generated here when they are huge.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codegen::files::{GENERATED_MARKER, MANIFEST};
use workspace_tests::{assert_clippy_clean, empty_dir, scratch_workspace, workspace_root};

/// Longer than any case takes (a few seconds in a debug build), far shorter than the hangs seen.
const TIMEOUT: Duration = Duration::from_secs(120);

/// What a case must end with.
enum Expect {
    /// Generation succeeds; `compile`: the crate joins the batch compile check.
    Generates { compile: bool },
    /// Generation fails with an error whose text contains each of these (file:line:column...).
    Fails(&'static [&'static str]),
}

struct Case {
    name: &'static str,
    /// The spec, relative to the case's folder in the scratch tree.
    spec: PathBuf,
    expect: Expect,
}

fn scratch() -> PathBuf {
    workspace_root().join("target/hostile")
}

/// Everything under `dir`: files by contents, links by target, folders as such.
fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                found.insert(rel, format!("link -> {}", target.display()));
            } else if kind.is_dir() {
                found.insert(rel, "dir".into());
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                found.insert(rel, format!("file {:?}", String::from_utf8_lossy(&bytes)));
            }
        }
    }
    found
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs the generator on `spec` into `out` in a child process; `None` if it had to be killed.
fn run(spec: &Path, out: &Path) -> Option<(i32, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hostile-generate"))
        .arg(spec)
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the generator starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return Some((status.code().unwrap_or(-1), stderr));
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The base spec every generated case starts from (its folder holds nothing else).
fn base_spec(title: &str, tag: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: {title}, version: '1'}}\nservers: [{{url: 'https://api.example.com'}}]\npaths:\n  /things:\n    get:\n      operationId: listThings\n      tags: [{tag}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/S0'}}\n"
    )
}

/// Writes the generated inputs into `dir/<case>/` and returns their cases.
fn generated_cases(dir: &Path) -> Vec<Case> {
    let mut cases = vec![];
    let mut add = |name: &'static str, file: &str, contents: Vec<u8>, expect: Expect| {
        std::fs::create_dir_all(dir.join(name)).unwrap();
        std::fs::write(dir.join(name).join(file), contents).unwrap();
        cases.push(Case {
            name,
            spec: PathBuf::from(name).join(file),
            expect,
        });
    };
    // A 10,000-character tag: a file name too long (was: `--out` half rewritten).
    let mut long_tag = base_spec("Hostile Long Tag", &"t".repeat(10_000));
    long_tag.push_str("components:\n  schemas:\n    S0: {type: object}\n");
    add(
        "long_tag",
        "openapi.yaml",
        long_tag.into_bytes(),
        Expect::Fails(&["openapi.yaml:8:14", "/tags/0", "longer than the 64 allowed"]),
    );
    // A 10,000-long chain of `$ref`s, and one of objects each holding the next (was: 17-45 s).
    for (name, title, link) in [
        (
            "ref_chain",
            "Hostile Ref Chain",
            "{$ref: '#/components/schemas/S{next}'}",
        ),
        (
            "object_chain",
            "Hostile Object Chain",
            "{type: object, properties: {next: {$ref: '#/components/schemas/S{next}'}}}",
        ),
    ] {
        let mut spec = base_spec(title, "things");
        spec.push_str("components:\n  schemas:\n");
        let n = 10_000;
        for i in 0..n {
            let entry = link.replace("{next}", &(i + 1).to_string());
            spec.push_str(&format!("    S{i}: {entry}\n"));
        }
        spec.push_str(&format!(
            "    S{n}: {{type: object, properties: {{a: {{type: string}}}}}}\n"
        ));
        add(
            name,
            "openapi.yaml",
            spec.into_bytes(),
            Expect::Generates { compile: false },
        );
    }
    // 50,000-deep nesting (was: 7-16 s to refuse).
    let deep = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {}{}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    add(
        "deep_yaml",
        "openapi.yaml",
        deep.into_bytes(),
        Expect::Fails(&["openapi.yaml:4:137", "nests more than 128 levels"]),
    );
    // Not UTF-8 (was: no line:column).
    let mut latin1 = base_spec("Hostile Latin1", "things").into_bytes();
    latin1.extend_from_slice(b"components:\n  schemas:\n    S0: {description: caf\xe9}\n");
    add(
        "invalid_utf8",
        "openapi.yaml",
        latin1,
        Expect::Fails(&["openapi.yaml:17:26", "not UTF-8", "0xE9"]),
    );
    cases
}

fn fixture_cases() -> Vec<Case> {
    let case = |name: &'static str, expect: Expect| Case {
        name,
        spec: PathBuf::from(name).join(if name == "json_bom" {
            "openapi.json"
        } else {
            "openapi.yaml"
        }),
        expect,
    };
    let ok = || Expect::Generates { compile: true };
    vec![
        case(
            "crate_name_traversal",
            Expect::Fails(&["sdk.yaml:2:15", "/package/crate_name"]),
        ),
        case(
            "map_code_names",
            Expect::Fails(&[
                "sdk.yaml:5:",
                "/resources/things/operations/listThings/python",
            ]),
        ),
        case(
            "docs_name_traversal",
            Expect::Fails(&["sdk.yaml:2:9", "/docs/name"]),
        ),
        case(
            "device_name_tag",
            Expect::Fails(&["openapi.yaml:8:14", "/tags/0", "reserved device name"]),
        ),
        case(
            "map_device_name",
            Expect::Fails(&["sdk.yaml:3:5", "/resources/con", "reserved device name"]),
        ),
        case("self_tag", ok()),
        case("non_xid_names", ok()),
        case("nfkc_twins", ok()),
        case("keyword_names", ok()),
        case("tree_examples", ok()),
        case("json_bom", ok()),
        case("yaml_bom", ok()),
    ]
}

/// The folder every case's `--out` starts as: a previous generation (with its manifest), plus a
/// file of the user's.
fn previous_output(dir: &Path) -> PathBuf {
    let spec_dir = dir.join("previous");
    std::fs::create_dir_all(&spec_dir).unwrap();
    let mut spec = base_spec("Hostile Previous", "things");
    spec.push_str("components:\n  schemas:\n    S0: {type: object}\n");
    std::fs::write(spec_dir.join("openapi.yaml"), spec).unwrap();
    let out = dir.join("previous-out");
    let (status, stderr) = run(&spec_dir.join("openapi.yaml"), &out).expect("no hang");
    assert_eq!(status, 0, "{stderr}");
    std::fs::write(out.join("keep.txt"), "the user's\n").unwrap();
    out
}

/// Lays out `dir/<case>/`: the canary tree around `out`.
fn canary(case_dir: &Path, previous: &Path) -> PathBuf {
    std::fs::write(case_dir.join("canary.txt"), "outside --out\n").unwrap();
    let outside = case_dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("marked.rs"),
        format!("// {GENERATED_MARKER}\nfn outside() {{}}\n"),
    )
    .unwrap();
    let out = case_dir.join("out");
    copy_dir(previous, &out);
    out
}

#[test]
fn hostile_specs() {
    let dir = empty_dir(scratch().join("specs"));
    let fixtures = workspace_root().join("tests/fixtures/hostile");
    for entry in std::fs::read_dir(&fixtures).unwrap().flatten() {
        copy_dir(&entry.path(), &dir.join("cases").join(entry.file_name()));
    }
    let mut cases = fixture_cases();
    let listed: Vec<&str> = cases.iter().map(|c| c.name).collect();
    for entry in std::fs::read_dir(&fixtures).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            listed.contains(&name.as_str()),
            "fixtures/hostile/{name} is not listed in tests/hostile.rs: say what it must end with"
        );
    }
    cases.extend(generated_cases(&dir.join("cases")));
    let previous = previous_output(&dir);

    let mut failures = vec![];
    let mut compile = vec![];
    for case in &cases {
        let case_dir = dir.join("runs").join(case.name);
        std::fs::create_dir_all(&case_dir).unwrap();
        let out = canary(&case_dir, &previous);
        let before = tree(&case_dir);
        let spec = dir.join("cases").join(&case.spec);
        let Some((status, stderr)) = run(&spec, &out) else {
            failures.push(format!("{}: no result within {TIMEOUT:?}", case.name));
            continue;
        };
        let after = tree(&case_dir);
        let outside = |t: &BTreeMap<PathBuf, String>| -> BTreeMap<PathBuf, String> {
            t.iter()
                .filter(|(p, _)| !p.starts_with("out"))
                .map(|(p, v)| (p.clone(), v.clone()))
                .collect()
        };
        if outside(&before) != outside(&after) {
            failures.push(format!("{}: something outside --out changed", case.name));
        }
        if status == 101 {
            failures.push(format!("{}: panicked:\n{stderr}", case.name));
            continue;
        }
        match &case.expect {
            Expect::Fails(needles) => {
                if status != 1 {
                    failures.push(format!(
                        "{}: expected an error, got status {status}",
                        case.name
                    ));
                }
                for needle in *needles {
                    if !stderr.contains(needle) {
                        failures.push(format!(
                            "{}: the error lacks `{needle}`:\n{stderr}",
                            case.name
                        ));
                    }
                }
                if before != after {
                    failures.push(format!("{}: a failed run changed --out", case.name));
                }
            }
            Expect::Generates { compile: check } => {
                if status != 0 {
                    failures.push(format!("{}: does not generate:\n{stderr}", case.name));
                    continue;
                }
                assert!(out.join(MANIFEST).is_file());
                if *check {
                    compile.push(case.name);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    compile_batch(&dir, &compile);
}

/// Adds `path` to the manifest of the generated folder `out`, as if an earlier run wrote it.
#[cfg(unix)]
fn list_in_manifest(out: &Path, path: &str) {
    let mut text = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    text.push_str(path);
    text.push('\n');
    std::fs::write(out.join(MANIFEST), text).unwrap();
}

/// Output-folder cases: links and checkouts inside `--out`, a manifest that lists paths outside.
#[test]
#[cfg(unix)]
fn hostile_output_folders() {
    use std::os::unix::fs::symlink;
    let dir = empty_dir(scratch().join("folders"));
    let previous = previous_output(&dir);
    let spec = dir.join("previous/openapi.yaml");
    let crate_dir = std::fs::read_dir(&previous)
        .unwrap()
        .flatten()
        .find(|e| e.path().join("Cargo.toml").is_file())
        .expect("the previous output has a crate")
        .file_name();

    type Setup = fn(&Path, &Path, &Path);
    let cases: Vec<(&str, Setup, bool)> = vec![
        // A link to a folder of marked files outside, and a loop: followed by nothing.
        (
            "links_inside",
            |case, out, _| {
                symlink(case.join("outside"), out.join("linked")).unwrap();
                symlink(out, out.join("loop")).unwrap();
            },
            true,
        ),
        // A nested checkout with a marked file the generator never wrote: left alone.
        (
            "nested_checkout",
            |_, out, _| {
                std::fs::create_dir_all(out.join("vendor/.git")).unwrap();
                std::fs::write(out.join("vendor/x.rs"), format!("// {GENERATED_MARKER}\n"))
                    .unwrap();
            },
            true,
        ),
        // A manifest listing files through a link and outside: refused, nothing removed.
        (
            "manifest_outside",
            |case, out, _| {
                symlink(case.join("outside"), out.join("linked")).unwrap();
                list_in_manifest(out, "linked/marked.rs");
            },
            false,
        ),
        (
            "manifest_parent",
            |_, out, _| list_in_manifest(out, "../canary.txt"),
            false,
        ),
        // A generated file replaced by a link to a file outside: never written through.
        (
            "file_is_link",
            |case, out, crate_dir| {
                let readme = out.join(crate_dir).join("README.md");
                std::fs::remove_file(&readme).unwrap();
                symlink(case.join("canary.txt"), &readme).unwrap();
                // And a change to write, so the run has something to do.
                std::fs::write(out.join(crate_dir).join("Cargo.toml"), "changed\n").unwrap();
            },
            false,
        ),
        // A generated folder replaced by a link to a folder outside.
        (
            "folder_is_link",
            |case, out, crate_dir| {
                let src = out.join(crate_dir).join("src");
                std::fs::remove_dir_all(&src).unwrap();
                symlink(case.join("outside"), &src).unwrap();
            },
            false,
        ),
    ];
    let mut failures = vec![];
    for (name, setup, succeeds) in cases {
        let case_dir = dir.join("runs").join(name);
        std::fs::create_dir_all(&case_dir).unwrap();
        let out = canary(&case_dir, &previous);
        setup(&case_dir, &out, Path::new(&crate_dir));
        let before = tree(&case_dir);
        let Some((status, stderr)) = run(&spec, &out) else {
            failures.push(format!("{name}: no result within {TIMEOUT:?}"));
            continue;
        };
        let after = tree(&case_dir);
        let outside = |t: &BTreeMap<PathBuf, String>| -> Vec<(PathBuf, String)> {
            t.iter()
                .filter(|(p, _)| !p.starts_with("out"))
                .map(|(p, v)| (p.clone(), v.clone()))
                .collect()
        };
        if outside(&before) != outside(&after) {
            failures.push(format!("{name}: something outside --out changed"));
        }
        match (succeeds, status) {
            (true, 0) => {
                // The links and the checkout are still there, untouched.
                for (path, entry) in &before {
                    let kept = ["out/linked", "out/loop", "out/vendor"]
                        .iter()
                        .any(|p| path.starts_with(p));
                    if kept && after.get(path) != Some(entry) {
                        failures.push(format!("{name}: {} changed", path.display()));
                    }
                }
            }
            (false, 1) => {
                if before != after {
                    failures.push(format!("{name}: a failed run changed --out"));
                }
                if !stderr.contains(&case_dir.join("out").display().to_string())
                    && !stderr.contains(&std::fs::canonicalize(&out).unwrap().display().to_string())
                {
                    failures.push(format!(
                        "{name}: the error names no path in --out:\n{stderr}"
                    ));
                }
            }
            (_, status) => failures.push(format!("{name}: status {status}:\n{stderr}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The crates of the cases that generate, in one scratch workspace: clippy-clean, all targets.
fn compile_batch(dir: &Path, cases: &[&str]) {
    assert!(!cases.is_empty());
    let mut members = vec![];
    for case in cases {
        let out = dir.join("runs").join(case).join("out");
        for entry in std::fs::read_dir(&out).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().join("Cargo.toml").is_file() && name != "hostile-previous" {
                members.push(format!("runs/{case}/out/{name}"));
            }
        }
    }
    assert_eq!(
        members.len(),
        cases.len(),
        "one crate per case: {members:?}"
    );
    scratch_workspace(dir, &members);
    assert_clippy_clean(dir, "a hostile case's crate");
}
