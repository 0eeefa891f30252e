//! `cargo xtask`: the project's automation, in Rust. One module per task.
//!
//! Each task's flags are declared once, with their meaning, in the `Args` of its module (clap's
//! derive), so `cargo xtask TASK --help` shows them and an unknown flag is an error that names
//! those there are. The pinned external tools are installed by one installer, `tools.rs`.

mod bench;
// Commands the tests run too, spelled once.
#[path = "../../tests/support/commands.rs"]
mod commands;
mod diff;
mod fuzz;
mod generate;
// The checks `tests/injection.rs` runs on generated examples, shared with `fuzz`.
#[path = "../../tests/support/injection.rs"]
#[allow(dead_code)] // `Generated::crate_name` is for the test
mod injection;
mod java_stubs;
mod ruby_surface;
mod semver_check;
mod synth;
mod test;
mod tools;
mod verify_docs;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};

/// The project's automation: generate the client crate and docs from the spec, test them, and
/// the tools around them (`cargo xtask TASK --help` for a task's flags).
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Subcommand)]
enum Task {
    Generate(generate::Args),
    Test(test::Args),
    /// Only the docs' part of `cargo xtask test`: run every example against a mock of the API
    VerifyDocs,
    Synth(synth::Args),
    Fuzz(fuzz::Args),
    Bench(bench::Args),
    Diff(diff::Args),
    SemverCheck(semver_check::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return refuse(error, std::env::args().skip(1)),
    };
    let result = match cli.task {
        None => Cli::command()
            .print_help()
            .map_err(|e| format!("cannot print the help: {e}")),
        Some(Task::Generate(args)) => generate::run(args),
        Some(Task::Test(args)) => test::run(args),
        Some(Task::VerifyDocs) => verify_docs::run_alone(),
        Some(Task::Synth(args)) => synth::run(args),
        Some(Task::Fuzz(args)) => fuzz::run(args),
        Some(Task::Bench(args)) => bench::run(args),
        Some(Task::Diff(args)) => diff::run(args),
        Some(Task::SemverCheck(args)) => semver_check::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints what the command line got wrong (status 2), or the help it asked for (status 0).
fn refuse(error: clap::Error, args: impl Iterator<Item = String>) -> ExitCode {
    if !error.use_stderr() {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    eprint!("{}", explain(&error, args));
    ExitCode::from(2)
}

/// clap's message, and for a flag or task that does not exist, the list of those that do.
fn explain(error: &clap::Error, mut args: impl Iterator<Item = String>) -> String {
    let mut message = error.render().to_string();
    let mut cli = Cli::command();
    cli.build();
    let task = args.find(|a| !a.starts_with('-'));
    let known = match (error.kind(), task.and_then(|t| cli.find_subcommand(&t))) {
        (ErrorKind::UnknownArgument, Some(task)) => Some((
            format!("`cargo xtask {}` takes", task.get_name()),
            task.get_arguments()
                .map(|arg| {
                    let value = arg
                        .get_value_names()
                        .and_then(|names| names.first())
                        .filter(|_| arg.get_action().takes_values())
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| arg.get_id().to_string());
                    match arg.get_long() {
                        Some(long) if arg.get_action().takes_values() => {
                            format!("--{long} <{value}>")
                        }
                        Some(long) => format!("--{long}"),
                        None => format!("[{value}]..."),
                    }
                })
                .collect::<Vec<_>>(),
        )),
        (ErrorKind::InvalidSubcommand | ErrorKind::UnknownArgument, None) => Some((
            "the tasks are".to_string(),
            cli.get_subcommands()
                .map(|t| t.get_name().to_string())
                .collect(),
        )),
        _ => None,
    };
    if let Some((what, names)) = known {
        message.push_str(&format!(
            "
{what}: {}
",
            names.join(", ")
        ));
    }
    message
}

/// The workspace root (xtask lives one level below it), so tasks work from any folder.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap's own checks of the declarations (duplicate flags, bad defaults, ...).
    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
