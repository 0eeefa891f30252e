//! Helpers shared by the workspace's end-to-end tests.
//!
//! The workspace README is included below so that its code example is compiled as a doctest.
#![doc = include_str!("../../README.md")]

use std::path::PathBuf;

pub mod injection;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .expect("tests/ has a parent")
}

/// The folder of pinned external tools installed by `cargo xtask test`.
pub fn tools_dir() -> PathBuf {
    workspace_root().join(".tools")
}
