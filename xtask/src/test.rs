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

use std::path::Path;
use std::process::{Command, Stdio};

use crate::tools::{self, Tool};
use crate::workspace_root;

/// The pinned tools of the tests themselves (the docs' are in `verify_docs.rs`).
const VALIDATOR: Tool = Tool::pip(
    "venv",
    "openapi-spec-validator",
    "0.9.0",
    "for validating the spec",
);
const PRISM: Tool = Tool::npm(
    "node",
    "@stoplight/prism-cli",
    "5.16.0",
    "the mock server of the conformance tests",
);

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

/// Install the pinned test tools into .tools/ (if missing) and run every test and check.
///
/// Validates the spec, runs `cargo test --workspace` with the conformance tests required, runs
/// every docs example against a mock of the API, then clippy, rustdoc and rustfmt. Ends with one
/// line `N passed, N failed`.
#[derive(clap::Args)]
pub struct Args {
    /// Skip clippy, rustdoc and rustfmt
    #[arg(long)]
    no_lint: bool,
}

/// Runs the task.
pub fn run(args: Args) -> Result<(), String> {
    let quick = args.no_lint;
    let root = workspace_root();
    let tools = root.join(".tools");
    tools::install(&tools, &VALIDATOR)?;
    tools::install(&tools, &PRISM)?;

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
    for (command, package) in [
        ("ruby", "ruby"),
        ("gofmt", "golang-go"),
        ("java", "default-jdk-headless"),
    ] {
        let tool = Tool::debian(package, command, "for tests/injection.rs");
        if let Err(e) = tools::install(&tools, &tool) {
            tally.check(
                &format!("install {command} for tests/injection.rs: {e}"),
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
        let ok = run_status(cargo(&root).args(crate::commands::CLIPPY_DENY_WARNINGS));
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
