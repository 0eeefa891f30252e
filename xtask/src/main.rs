//! `cargo xtask`: the project's automation, in Rust. One module per task.
//!
//! - `cargo xtask generate [--spec PATH] [--out DIR] [--map PATH] [--check] [--strict]`
//! - `cargo xtask test`: every test, with the tools they need installed (pinned) into `.tools/`.
//! - `cargo xtask synth`: a synthetic spec of N operations.
//! - `cargo xtask bench [--peers] [--without SHAPES]`: generation speed and memory, compared with peers.
//! - `cargo xtask fuzz`: mutational fuzzing of the loader, resolver and emitter.
//! - `cargo xtask diff`: what a spec change means for API clients and the crate (`--record`: changelog).
//! - `cargo xtask semver-check`: the diff's crate verdicts checked against `cargo-semver-checks`.

mod bench;
mod diff;
mod fuzz;
mod generate;
// The checks `tests/injection.rs` runs on generated examples, shared with `fuzz`.
#[path = "../../tests/support/injection.rs"]
#[allow(dead_code)] // `Generated::crate_name` is for the test
mod injection;
mod ruby_surface;
mod semver_check;
mod synth;
mod test;
mod verify_docs;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask generate [--spec PATH] [--out DIR] [--map PATH] [--check] [--strict]
      Generate the client crate (and docs) from the OpenAPI spec.
      Defaults: --spec spec/telnyx-oauth.yaml, --out generated/, --map sdk.yaml beside the spec.
      --check writes nothing and fails if generated/ is stale; --strict makes warnings errors.
  cargo xtask test
      Install the pinned test tools into .tools/ (if missing) and run every test.
  cargo xtask verify-docs
      Only the docs' part of `cargo xtask test`: run every example against a mock of the API.
  cargo xtask synth --operations N [--openapi 3.0|3.1] --out FILE
                    [--real-shapes | --shapes A,B,...] [--without A,B,...]
      Write a synthetic spec of N operations of realistic shape (for scale tests and benchmarks).
      --real-shapes adds every construct of large vendor specs (about 4 MB of YAML for 1,156
      operations); --shapes picks some: shared-pages, number-page-meta, deprecated-required,
      api-keys, charset-media-types, text-bodies, huge-bounds, path-item-refs, no-responses, bulk.
  cargo xtask fuzz [--iterations N] [--seed S] [--run-examples K]
      Mutate the spec and fixtures N times; every input must generate or fail with a located error.
      Some mutations plant code-injection payloads in strings and names: the examples of K such
      outputs (default 10) are run or parsed, and no payload may run.
  cargo xtask bench [--peers] [--without A,B,...]
      Generation time and peak memory for 17, 1,000 and 5,000 operations and a 1,156-operation
      spec of real shape (about 4 MB; shapes this generator refuses are named and left out,
      --without leaves out more), cargo check time of the 1,000-operation and real-shaped crates;
      --peers also times openapi-generator and progenitor on the same inputs, and checks their
      real-shaped crates.
  cargo xtask diff [--base GIT_REV|FILE] [--head FILE] [--format markdown|json]
                   [--fail-on LEVEL[:api|:crate][,...]] [--record]
      What changed between two versions of the spec, for API clients and for the generated crate,
      with the crate's suggested version. Defaults: --base HEAD (the spec and sdk.yaml at that
      revision), --head spec/telnyx-oauth.yaml. --fail-on exits non-zero when a change is that bad
      (LEVEL: breaking or caution) for API clients (`:api`: wire compatibility), for the crate
      (`:crate`), or, alone, for either; e.g. `--fail-on breaking:api,caution:crate`; --record adds the entry for the spec's info.version to changelog.yaml
      beside it (rendered into the crate's CHANGELOG.md by `cargo xtask generate`).
  cargo xtask semver-check [CASE ...] [--all]
      Check the diff's crate verdicts against cargo-semver-checks (installed into .tools/cargo on
      first use; building it takes several minutes) on the crates generated from fixture pairs in
      tests/fixtures/diff/.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("synth") => synth::run(&args[1..]),
        Some("diff") => diff::run(&args[1..]),
        Some("semver-check") => semver_check::run(&args[1..]),
        Some("verify-docs") => verify_docs::run_alone(&args[1..]),
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
