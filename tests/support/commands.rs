//! Commands that both the end-to-end tests and `cargo xtask` run, spelled once (`xtask` includes
//! this file as its module `commands`).

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};

/// The arguments of `cargo clippy` that check every target of the workspace with warnings denied.
pub const CLIPPY_DENY_WARNINGS: [&str; 7] = [
    "clippy",
    "--workspace",
    "--all-targets",
    "--quiet",
    "--",
    "-D",
    "warnings",
];

/// Prism (`prism`, its binary) serving a mock of `spec` on 127.0.0.1:`port` that answers invalid
/// requests with errors (`--errors`), its output going to `log`.
pub fn prism_mock(prism: &Path, port: u16, spec: &Path, log: File) -> std::io::Result<Command> {
    let mut command = Command::new(prism);
    command
        .args([
            "mock",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "--errors",
        ])
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    Ok(command)
}
