//! `cargo xtask`: the project's automation, in Rust. One module per task.
//!
//! - `cargo xtask generate [--spec PATH] [--out DIR] [--map PATH] [--check] [--strict]`
//! - `cargo xtask test`: every test, with the tools they need installed (pinned) into `.tools/`.
//! - `cargo xtask synth`: a synthetic spec of N operations.
//! - `cargo xtask bench [--peers]`: generation speed and memory, compared with peers.

mod bench;
mod generate;
mod synth;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask generate [--spec PATH] [--out DIR] [--map PATH] [--check] [--strict]
      Generate the client crate (and docs) from the OpenAPI spec.
      Defaults: --spec spec/telnyx-oauth.yaml, --out generated/, --map sdk.yaml beside the spec.
      --check writes nothing and fails if generated/ is stale; --strict makes warnings errors.
  cargo xtask test
      Install the pinned test tools into .tools/ (if missing) and run every test.
  cargo xtask synth --operations N [--openapi 3.0|3.1] --out FILE
      Write a synthetic spec of N operations of realistic shape (for scale tests and benchmarks).
  cargo xtask bench [--peers]
      Generation time and peak memory for 17, 1,000 and 5,000 operations, cargo check time of the
      1,000-operation crate; --peers also times openapi-generator and progenitor on the same inputs.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("synth") => synth::run(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it), so tasks work from any folder.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
