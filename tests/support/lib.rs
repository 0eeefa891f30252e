//! Helpers shared by the workspace's end-to-end tests.
//!
//! The workspace README is included below so that its code example is compiled as a doctest.
#![doc = include_str!("../../README.md")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

pub mod commands;
pub mod injection;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .expect("tests/ has a parent")
}

/// An empty folder at `path` (whatever was there is removed first).
pub fn empty_dir(path: PathBuf) -> PathBuf {
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).expect("the scratch folder can be made");
    path
}

/// The folder of pinned external tools installed by `cargo xtask test`.
pub fn tools_dir() -> PathBuf {
    workspace_root().join(".tools")
}

/// Makes `dir` a cargo workspace of `members` (folders relative to it) that resolves exactly as
/// this one (a copy of its `Cargo.lock`), so nothing new is resolved or downloaded.
pub fn scratch_workspace(dir: &Path, members: &[String]) {
    let quoted: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            quoted.join(", ")
        ),
    )
    .expect("the scratch workspace is writable");
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .expect("Cargo.lock is copied");
}

/// `cargo ARGS` in the scratch workspace `dir`, building into `target/fixture-check`, which every
/// test of generated crates shares (their dependencies are built once).
pub fn cargo_in_scratch(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args).current_dir(dir).env(
        "CARGO_TARGET_DIR",
        workspace_root().join("target/fixture-check"),
    );
    command
}

/// The crates of the scratch workspace `dir` pass `cargo clippy --all-targets -D warnings`;
/// `what` names them in the failure.
pub fn assert_clippy_clean(dir: &Path, what: &str) {
    assert_runs(
        &mut cargo_in_scratch(dir, &commands::CLIPPY_DENY_WARNINGS),
        &format!("{what} does not compile cleanly"),
    );
}

/// Runs `command` to its end and asserts that it succeeded; a failure says `what` failed and
/// shows both outputs. Returns the output.
pub fn assert_runs(command: &mut Command, what: &str) -> Output {
    let out = command.output().expect("the command starts");
    assert_success(&out, what);
    out
}

/// Asserts that a finished command succeeded; a failure says `what` failed and shows both outputs.
pub fn assert_success(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What the code under test logs through `tracing`, captured in memory as plain text.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    /// Captures every event of every level logged on this thread while the guard lives (on a
    /// current-thread runtime, the client's tasks log here too).
    pub fn capture() -> (Logs, tracing::subscriber::DefaultGuard) {
        let logs = Logs::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let guard = tracing::subscriber::set_default(subscriber);
        // Tests of a binary run in parallel without a subscriber; a callsite first hit there is
        // cached as "never interested" for every thread. Recompute now that this one is registered.
        tracing::callsite::rebuild_interest_cache();
        (logs, guard)
    }

    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}
