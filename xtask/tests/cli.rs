//! The command line of `cargo xtask`, run as its users run it: every task answers `--help` with
//! status 0 and its flags, a flag that does not exist is an error (status 2) naming the ones that
//! do, and every flag the README, CI and tests use is still there.

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("the xtask binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The tasks `cargo xtask --help` lists (without clap's `help`).
fn tasks() -> Vec<String> {
    let out = xtask(&["--help"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let tasks: Vec<String> = stdout
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|t| t != "help")
        .collect();
    tasks
}

/// Every task the project's docs and scripts call, with the flags they pass.
const USED: &[(&str, &[&str])] = &[
    (
        "generate",
        &["--spec", "--out", "--map", "--check", "--strict"],
    ),
    ("test", &["--no-lint"]),
    ("verify-docs", &[]),
    (
        "synth",
        &[
            "--operations",
            "--openapi",
            "--out",
            "--real-shapes",
            "--shapes",
            "--without",
        ],
    ),
    ("fuzz", &["--iterations", "--seed", "--run-examples"]),
    ("bench", &["--peers", "--without"]),
    (
        "diff",
        &["--base", "--head", "--format", "--fail-on", "--record"],
    ),
    ("semver-check", &["--all", "[CASE]"]),
];

#[test]
fn every_task_answers_help_with_its_flags() {
    let tasks = tasks();
    let used: Vec<&str> = USED.iter().map(|(t, _)| *t).collect();
    assert_eq!(tasks, used, "the tasks listed by `cargo xtask --help`");
    for (task, flags) in USED {
        let out = xtask(&[task, "--help"]);
        let help = text(&out.stdout);
        assert!(
            out.status.success(),
            "`{task} --help`: {}",
            text(&out.stderr)
        );
        assert!(
            help.contains(&format!("Usage: cargo xtask {task}")),
            "`{task} --help`:\n{help}"
        );
        for flag in *flags {
            assert!(help.contains(flag), "`{task} --help` lacks {flag}:\n{help}");
        }
    }
}

#[test]
fn an_unknown_flag_is_an_error_naming_the_flags_there_are() {
    for (task, flags) in USED {
        let out = xtask(&[task, "--no-such-flag"]);
        let stderr = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "`{task} --no-such-flag`:\n{stderr}"
        );
        assert!(
            stderr.contains("unexpected argument '--no-such-flag'"),
            "{stderr}"
        );
        let takes = stderr
            .lines()
            .find_map(|l| l.strip_prefix(&format!("`cargo xtask {task}` takes: ")))
            .unwrap_or_else(|| panic!("`{task} --no-such-flag` lists no flags:\n{stderr}"));
        for flag in *flags {
            assert!(takes.contains(flag), "{task}: {flag} not in `{takes}`");
        }
        assert!(out.stdout.is_empty(), "nothing ran");
    }
}

#[test]
fn a_misspelt_flag_gets_a_suggestion_and_an_unknown_task_the_list() {
    let out = xtask(&["generate", "--chek"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("similar argument exists: '--check'"),
        "{stderr}"
    );

    let out = xtask(&["generat"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("the tasks are: generate, test,"),
        "{stderr}"
    );
}

#[test]
fn bad_values_are_refused_before_anything_runs() {
    for (args, says) in [
        (
            &["diff", "--fail-on", "fatal"][..],
            "unknown level `fatal` in `--fail-on fatal`",
        ),
        (
            &["diff", "--format", "xml"],
            "[possible values: markdown, json]",
        ),
        (
            &["synth", "--out", "x.yaml", "--shapes", "nope"],
            "possible values: shared-pages",
        ),
        (
            &["synth", "--operations", "many", "--out", "x.yaml"],
            "invalid value 'many'",
        ),
        (&["synth"], "--out <FILE>"),
        (
            &[
                "synth",
                "--out",
                "x.yaml",
                "--real-shapes",
                "--shapes",
                "bulk",
            ],
            "cannot be used with",
        ),
        (
            &["fuzz", "--iterations"],
            "a value is required for '--iterations <N>'",
        ),
    ] {
        let out = xtask(args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}:\n{stderr}");
        assert!(
            stderr.contains(says),
            "{args:?} should say `{says}`:\n{stderr}"
        );
    }
}

#[test]
fn no_task_prints_the_list_of_tasks() {
    let out = xtask(&[]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("semver-check"));
    let out = xtask(&["help", "diff"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("--fail-on"));
}
