//! `cargo xtask test`: every test and check, on a fresh machine too.
//!
//! 1. Installs the pinned external tools the tests need into `.tools/` (ignored by git), saying
//!    so, unless the same versions are already there.
//! 2. Validates `spec/` with `openapi-spec-validator`.
//! 3. Runs `cargo test --workspace` (snapshots must match: insta never writes here), with Prism
//!    required, so conformance tests cannot skip.
//! 4. Runs `cargo clippy -D warnings`, `cargo doc -D warnings` on the generated crate and the
//!    runtime crate, and `cargo fmt --check` on the hand-written packages.
//!
//! It ends with one line `N passed, N failed` summing every test and check.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::workspace_root;

/// Pinned tools: (what, version).
const VALIDATOR: (&str, &str) = ("openapi-spec-validator", "0.9.0");
const PRISM: (&str, &str) = ("@stoplight/prism-cli", "5.16.0");

struct Tally {
    passed: usize,
    failed: usize,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            self.failures.push(name.to_string());
        }
    }
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--no-lint");
    let root = workspace_root();
    let tools = root.join(".tools");
    install_validator(&tools)?;
    install_prism(&tools)?;

    let mut tally = Tally {
        passed: 0,
        failed: 0,
        failures: vec![],
    };

    step("validate spec/telnyx-oauth.yaml with openapi-spec-validator");
    let ok = run_status(
        Command::new(tools.join("venv/bin/openapi-spec-validator"))
            .arg(root.join("spec/telnyx-oauth.yaml")),
    );
    tally.check("openapi-spec-validator spec/telnyx-oauth.yaml", ok);

    // tests/injection.rs runs or parses every example of its hostile specs with these.
    for (tool, package) in [
        ("ruby", "ruby"),
        ("gofmt", "golang-go"),
        ("java", "default-jdk-headless"),
    ] {
        if let Err(e) = crate::verify_docs::ensure_debian_tool(tool, package) {
            tally.check(
                &format!("install {tool} for tests/injection.rs: {e}"),
                false,
            );
        }
    }

    step("cargo test --workspace");
    let (ok, passed, failed) = cargo_test(&root, &tools)?;
    tally.passed += passed;
    tally.failed += failed;
    if !ok && failed == 0 {
        tally.check("cargo test (did not finish: see above)", false);
    } else if failed > 0 {
        tally.failures.push(format!("cargo test: {failed} failed"));
    }

    crate::verify_docs::run(
        &root,
        &tools,
        &mut tally.passed,
        &mut tally.failed,
        &mut tally.failures,
    );

    if !quick {
        step("cargo clippy --workspace --all-targets -- -D warnings");
        let ok = run_status(cargo(&root).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]));
        tally.check("clippy", ok);

        step("cargo doc -p telnyx-oauth -p sdk-runtime --no-deps (warnings denied)");
        let ok = run_status(
            cargo(&root)
                .args([
                    "doc",
                    "-p",
                    "telnyx-oauth",
                    "-p",
                    "sdk-runtime",
                    "--no-deps",
                    "--quiet",
                ])
                .env("RUSTDOCFLAGS", "-D warnings"),
        );
        tally.check("rustdoc of the generated crate and the runtime", ok);

        // The generated crate is formatted by prettyplease (machine-independent), not rustfmt.
        step("cargo fmt --check (hand-written packages)");
        let ok = run_status(cargo(&root).args([
            "fmt",
            "--check",
            "-p",
            "codegen",
            "-p",
            "sdk-runtime",
            "-p",
            "xtask",
            "-p",
            "workspace-tests",
        ]));
        tally.check("rustfmt", ok);
    }

    println!();
    for failure in &tally.failures {
        println!("FAILED: {failure}");
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        Err("some tests or checks failed (see above)".into())
    } else {
        Ok(())
    }
}

fn step(what: &str) {
    println!("\n==> {what}");
}

fn cargo(root: &Path) -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root);
    c
}

fn run_status(command: &mut Command) -> bool {
    match command.status() {
        Ok(status) => status.success(),
        Err(e) => {
            eprintln!("could not run {:?}: {e}", command.get_program());
            false
        }
    }
}

/// Runs the workspace tests, streaming their output, and adds up the `test result:` lines.
fn cargo_test(root: &Path, tools: &Path) -> Result<(bool, usize, usize), String> {
    use std::io::{BufRead, BufReader};
    let mut child = cargo(root)
        .args(["test", "--workspace", "--no-fail-fast"])
        .env("REQUIRE_PRISM", "1")
        .env("PRISM_BIN", tools.join("node/node_modules/.bin/prism"))
        .env("INSTA_UPDATE", "no")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let stdout = child.stdout.take().ok_or("cargo test has no stdout")?;
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading cargo test output: {e}"))?;
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            passed += count(rest, " passed");
            failed += count(rest, " failed");
        }
    }
    let status = child.wait().map_err(|e| format!("cargo test: {e}"))?;
    Ok((status.success(), passed, failed))
}

/// The number before `label` in a `test result:` line (`ok. 5 passed; 0 failed; ...`).
fn count(line: &str, label: &str) -> usize {
    line.split(';')
        .find_map(|part| {
            part.trim()
                .trim_start_matches("ok. ")
                .trim_start_matches("FAILED. ")
                .strip_suffix(label.trim_start())
                .map(str::trim)
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A stamp file records which version was installed, so a rerun installs nothing.
fn stamp(tools: &Path, (name, version): (&str, &str)) -> PathBuf {
    tools.join(format!(
        ".installed-{}-{version}",
        name.replace(['/', '@'], "_")
    ))
}

fn install_validator(tools: &Path) -> Result<(), String> {
    let stamp = stamp(tools, VALIDATOR);
    if stamp.exists() {
        return Ok(());
    }
    let (name, version) = VALIDATOR;
    println!("==> installing {name}=={version} (pinned) into .tools/venv, for validating the spec");
    std::fs::create_dir_all(tools).map_err(|e| e.to_string())?;
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    if !run_status(
        Command::new(&python)
            .args(["-m", "venv"])
            .arg(tools.join("venv")),
    ) {
        return Err(format!("`{python} -m venv .tools/venv` failed: install Python 3 with venv (e.g. apt-get install python3-venv)"));
    }
    if !run_status(Command::new(tools.join("venv/bin/pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("{name}=={version}"),
    ])) {
        return Err(format!(
            "pip could not install {name}=={version}; check access to PyPI"
        ));
    }
    std::fs::write(&stamp, "").map_err(|e| e.to_string())
}

fn install_prism(tools: &Path) -> Result<(), String> {
    let stamp = stamp(tools, PRISM);
    if stamp.exists() {
        return Ok(());
    }
    let (name, version) = PRISM;
    println!("==> installing {name}@{version} (pinned) into .tools/node, the mock server of the conformance tests");
    let prefix = tools.join("node");
    std::fs::create_dir_all(&prefix).map_err(|e| e.to_string())?;
    let ok = run_status(
        Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(format!("{name}@{version}")),
    );
    if !ok {
        return Err(format!("npm could not install {name}@{version}; install Node.js 18+ and npm, and check access to the npm registry"));
    }
    std::fs::write(&stamp, "").map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_test_result_lines() {
        let line =
            "ok. 28 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.47s";
        assert_eq!((count(line, " passed"), count(line, " failed")), (28, 0));
        let line =
            "FAILED. 5 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.85s";
        assert_eq!((count(line, " passed"), count(line, " failed")), (5, 1));
    }
}
