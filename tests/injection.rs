//! Hostile specs (`fixtures/injection/`, one per target language and context, each carrying the
//! payloads of issue 11 and more): generation succeeds, no generated file holds a raw control,
//! bidi or other invisible format character, the Markdown's code fences pair up, and running or
//! parsing every generated example (with permissive stand-ins for the SDKs, so each runs to its
//! end), compiling every crate, and running the Rust examples and doctests of the Rust fixture
//! never creates a `PWNED-*` file, which every payload tries to do.
//!
//! Needs python3, node, ruby, bash, gofmt and java on PATH (`cargo xtask test` installs Ruby, Go
//! and a JDK before it runs the tests); a missing tool fails the test, naming it.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{generate, GenerateOptions, Inputs};
use workspace_tests::injection::*;
use workspace_tests::{empty_dir, workspace_root};

/// The spec file name the Rust fixture is generated from: a newline, a bidi control, a backtick,
/// `\u002a` and `-->` (it is quoted in every generated file's header).
const HOSTILE_FILE_NAME: &str = "rust\n\u{202E}`*\\u002a-->.yaml";

fn fixtures() -> Vec<PathBuf> {
    let dir = workspace_root().join("tests/fixtures/injection");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/injection exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| p.file_name().is_some_and(|n| n != "sdk.yaml"))
        .collect();
    specs.sort();
    specs
}

/// Generates every fixture into `work/out/<stem>/`.
fn generate_all(work: &Path) -> Vec<Generated> {
    let map = workspace_root().join("tests/fixtures/injection/sdk.yaml");
    let mut out = vec![];
    for spec in fixtures() {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let input_dir = work.join("specs").join(&stem);
        std::fs::create_dir_all(&input_dir).unwrap();
        let name = if stem == "rust" {
            HOSTILE_FILE_NAME
        } else {
            spec.file_name().unwrap().to_str().unwrap()
        };
        let input = input_dir.join(name);
        std::fs::copy(&spec, &input).unwrap();
        let options = GenerateOptions {
            resource_map: Some(map.clone()),
            ..GenerateOptions::new(&input)
        };
        let generation = generate(&Inputs::read(&options).unwrap())
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", spec.display()));
        let dir = work.join("out").join(&stem);
        generation.files.apply(&dir, false).expect("writable");
        out.push(Generated {
            stem,
            out: dir,
            crate_name: generation.model.package.crate_name.clone(),
            env_prefix: generation.model.package.env_prefix.clone(),
        });
    }
    assert!(out.len() >= 8, "expected a fixture per language");
    out
}

/// Every crate type-checks with its examples; the Rust fixture's crate also runs its doctests and
/// its examples (each stops at the first request: nothing listens on the base URL).
fn check_rust(generated: &[Generated], work: &Path, failures: &mut Vec<String>) {
    let root = workspace_root();
    let members: Vec<String> = generated
        .iter()
        .map(|g| format!("\"out/{}/{}\"", g.stem, g.crate_name))
        .collect();
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let cargo = || {
        let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        c.current_dir(work)
            .env("CARGO_TARGET_DIR", root.join("target/fixture-check"));
        c
    };
    if let Err(e) = run(cargo().args(["check", "--quiet", "--workspace", "--all-targets"])) {
        return failures.push(format!("rust: a crate does not compile: {e}"));
    }
    let rust = generated
        .iter()
        .find(|g| g.stem == "rust")
        .expect("a rust fixture");
    if let Err(e) = run(cargo().args(["test", "--quiet", "--doc", "-p", &rust.crate_name])) {
        failures.push(format!("rust: doctests: {e}"));
    }
    if let Err(e) = run(cargo().args(["build", "--quiet", "--examples", "-p", &rust.crate_name])) {
        return failures.push(format!("rust: examples: {e}"));
    }
    let bin = root.join("target/fixture-check/debug/examples");
    let env = &rust.env_prefix;
    let sources = files_under(&rust.out.join(&rust.crate_name).join("examples"));
    assert!(sources.len() >= 3, "the Rust fixture has examples");
    for example in sources {
        let exe = bin.join(example.file_stem().unwrap());
        if !exe.is_file() {
            failures.push(format!("rust: {} was not built", exe.display()));
            continue;
        }
        // Exit status ignored: the call fails (nothing listens); what ran before it is the point.
        let _ = Command::new(&exe)
            .current_dir(&rust.out)
            .env(format!("{env}_API_KEY"), "k")
            .env(format!("{env}_BASE_URL"), "http://127.0.0.1:9")
            .output();
    }
}

#[test]
fn hostile_specs_stay_data_in_every_language() {
    let work = empty_dir(workspace_root().join("target/injection"));
    let stubs = workspace_root().join("tests/fixtures/injection/stubs");
    let generated = generate_all(&work);

    let mut failures = vec![];
    let started = std::time::Instant::now();
    for g in &generated {
        check_no_hazard(g, &mut failures);
        check_markdown(g, &mut failures);
        check_python(g, &stubs, &mut failures);
        check_javascript(g, &stubs, &mut failures);
        check_ruby(g, &stubs, &mut failures);
        check_curl(g, &work, &mut failures);
        check_go(g, &mut failures);
    }
    check_java(&generated, &stubs, &mut failures);
    eprintln!(
        "examples checked in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    check_rust(&generated, &work, &mut failures);
    eprintln!(
        "with the crates in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    for g in &generated {
        for (variant, ext) in [
            ("python", "py"),
            ("javascript", "mjs"),
            ("ruby", "rb"),
            ("curl", "sh"),
            ("go", "go"),
            ("java", "java"),
        ] {
            if examples(g, variant, ext).is_empty() {
                failures.push(format!("{}: no {variant} examples", g.stem));
            }
        }
    }
    for c in &canaries(&work) {
        failures.push(format!("a payload ran: {} exists", c.display()));
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
