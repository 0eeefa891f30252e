//! `cargo xtask bench`: generation time and peak memory for N = 17 (the real spec), 1,000 and
//! 5,000 operations (synthetic specs) and 1,156 operations of real shape (about 4 MB of YAML,
//! every construct of `codegen::synth::Shape`), the `cargo check` time of the 1,000-operation
//! and the real-shaped crates, and, with `--peers`, the same inputs through openapi-generator
//! (`-g rust`) and progenitor, side by side, with ratios, and the `cargo check` time of their
//! real-shaped crates. Peers are installed on demand into `.tools/`, never committed.
//!
//! Shapes this generator refuses are found first (each on a small spec of its own), named, and
//! left out of the real-shaped spec, so the benchmark runs on any version of the generator;
//! `--without A,B` leaves out more (shapes that generate but do not compile, say).
//!
//! Figures come from whole processes: wall time (median of runs) and peak resident memory as
//! GNU `time` reports it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::synth::{real_shaped_spec, synthetic_spec, to_text, Flavor, Shape};

use crate::tools::{self, Tool};
use crate::workspace_root;

/// The peers, pinned: openapi-generator's PyPI wrapper (it ships the jar; Java 17 runs it) and
/// `cargo-progenitor` from crates.io.
const OPENAPI_GENERATOR: Tool = Tool::pip(
    "venv-peers",
    "openapi-generator-cli",
    "7.26.0",
    "a peer for the benchmark",
);
const PROGENITOR: Tool = Tool::cargo("cargo-progenitor", "0.15.1", "a peer for the benchmark");
/// The operation count of the large vendor spec the real-shaped input imitates.
const REAL_OPERATIONS: usize = 1156;

struct Measure {
    seconds: f64,
    peak_mb: Option<f64>,
    ok: bool,
}

/// Generation time and peak memory, and `cargo check` time of the generated crates.
///
/// For 17, 1,000 and 5,000 operations and a 1,156-operation spec of real shape (about 4 MB; shapes
/// this generator refuses are named and left out), and the cargo check time of the 1,000-operation
/// and real-shaped crates.
#[derive(clap::Args)]
pub struct Args {
    /// Also time openapi-generator and progenitor on the same inputs (installed, pinned, into
    /// .tools/), and check their real-shaped crates
    #[arg(long)]
    peers: bool,
    // More shapes left out of the real-shaped spec (those that generate but do not compile, say).
    #[command(flatten)]
    without: crate::synth::Without,
}

/// Runs the task.
pub fn run(args: Args) -> Result<(), String> {
    let peers = args.peers;
    let without = args.without.shapes();
    let runs: usize = 3;
    let root = workspace_root();
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;

    println!("==> building xtask in release mode (generation is timed as users run it)");
    let ok = Command::new(cargo())
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .current_dir(&root)
        .status()
        .map_err(|e| e.to_string())?
        .success();
    if !ok {
        return Err("release build of xtask failed".into());
    }
    let xtask = root.join("target/release/xtask");

    let mut inputs: Vec<(String, PathBuf, PathBuf)> = vec![(
        "17 (spec/)".into(),
        root.join("spec/telnyx-oauth.yaml"),
        write_spec(
            &dir,
            17,
            Flavor::V30,
            Some(&root.join("spec/telnyx-oauth.yaml")),
        )?,
    )];
    for n in [1000, 5000] {
        inputs.push((
            format!("{n}"),
            write_spec(&dir, n, Flavor::V31, None)?,
            write_spec(&dir, n, Flavor::V30, None)?,
        ));
    }
    let refused = refused_shapes(&xtask, &dir)?;
    let shapes: Vec<Shape> = Shape::ALL
        .into_iter()
        .filter(|s| !without.contains(s) && !refused.iter().any(|(r, _)| r == s))
        .collect();
    let real31 = write_real_spec(&dir, Flavor::V31, &shapes)?;
    let size_mb = std::fs::metadata(&real31).map_or(0.0, |m| m.len() as f64 / 1e6);
    println!(
        "==> real-shaped spec: {REAL_OPERATIONS} operations, {size_mb:.1} MB of YAML, shapes: {}",
        names(&shapes)
    );
    inputs.push((
        format!("{REAL_OPERATIONS} real-shaped ({size_mb:.1} MB)"),
        real31,
        write_real_spec(&dir, Flavor::V30, &shapes)?,
    ));

    let peer_tools = if peers {
        Some(install_peers(&root)?)
    } else {
        None
    };

    println!("\n| operations | ours: time | ours: peak MB | openapi-generator: time | peak MB | ratio | progenitor: time | peak MB | ratio |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for (label, spec31, spec30) in &inputs {
        // The output folder of `tool` for this input.
        let out_of = |tool: &str| {
            let first_word = label.split(' ').next().unwrap_or("x");
            dir.join(format!("out-{tool}-{first_word}"))
        };
        let out = out_of("ours");
        let ours = median(runs, || {
            measure(
                Command::new(&xtask)
                    .arg("generate")
                    .arg("--spec")
                    .arg(spec31)
                    .arg("--out")
                    .arg(&out),
            )
        });
        let mut row = format!("| {label} | {} | {} |", secs(&ours), mb(&ours));
        if let Some((java_gen, progenitor)) = &peer_tools {
            // A peer writes into an empty folder, once (they are slow).
            let once_into = |out: &Path, command: &mut Command| {
                let _ = std::fs::remove_dir_all(out);
                median(1, || measure(command))
            };
            let og_out = out_of("openapi-generator");
            let og = once_into(
                &og_out,
                Command::new(java_gen)
                    .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
                    .arg(spec31)
                    .arg("-o")
                    .arg(&og_out),
            );
            let pg_out = out_of("progenitor");
            let pg = once_into(
                &pg_out,
                Command::new(progenitor)
                    .args(["progenitor", "-i"])
                    .arg(spec30)
                    .arg("-o")
                    .arg(&pg_out)
                    .args(["-n", "bench-client", "-v", "0.1.0"]),
            );
            row.push_str(&format!(
                " {} | {} | {} | {} | {} | {} |",
                secs(&og),
                mb(&og),
                ratio(&og, &ours),
                secs(&pg),
                mb(&pg),
                ratio(&pg, &ours)
            ));
        } else {
            row.push_str(" (--peers) | | | | | |");
        }
        println!("{row}");
    }

    println!("\n==> cargo check of the generated crates (dependencies built first, then the crate alone)");
    println!("\n| crate | lines of Rust | with dependencies | the crate alone |");
    println!("|---|---|---|---|");
    let mut all_ok = true;
    for (label, spec, name) in [
        ("ours, 1,000 operations", &inputs[1].1, "check-1000"),
        (
            "ours, 1,156 real-shaped",
            &inputs[inputs.len() - 1].1,
            "check-real",
        ),
    ] {
        let check_dir = dir.join(name);
        let _ = std::fs::remove_dir_all(&check_dir);
        // Quiet: a real-shaped spec's warnings are expected (PDF alternatives); a failure is printed.
        let generated = Command::new(&xtask)
            .arg("generate")
            .arg("--spec")
            .arg(spec)
            .arg("--out")
            .arg(&check_dir)
            .output()
            .map_err(|e| e.to_string())?;
        if !generated.status.success() {
            return Err(format!(
                "generation of {} failed:\n{}",
                spec.display(),
                String::from_utf8_lossy(&generated.stderr)
            ));
        }
        let crate_dir = std::fs::read_dir(&check_dir)
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.join("Cargo.toml").is_file())
            .ok_or("no crate was generated")?;
        let check = check_crate(&crate_dir, &dir.join("check-target"), Some(&root))?;
        all_ok &= check.ok;
        println!("| {label} | {} |", check.row());
    }
    if peer_tools.is_some() {
        let last = inputs[inputs.len() - 1].0.split(' ').next().unwrap_or("x");
        for (label, out) in [
            (
                "openapi-generator, 1,156 real-shaped",
                format!("out-openapi-generator-{last}"),
            ),
            (
                "progenitor, 1,156 real-shaped (3.0)",
                format!("out-progenitor-{last}"),
            ),
        ] {
            let crate_dir = dir.join(out);
            if !crate_dir.join("Cargo.toml").is_file() {
                println!("| {label} | no crate was generated | | |");
                continue;
            }
            let check = check_crate(&crate_dir, &dir.join("check-target-peers"), None)?;
            println!("| {label} | {} |", check.row());
        }
    }
    if !refused.is_empty() {
        println!("\nShapes this generator refuses (left out of the real-shaped spec):");
        for (shape, error) in &refused {
            println!("- {}: {error}", shape.name());
        }
    }
    if !all_ok {
        return Err("a generated crate does not type-check (see above)".into());
    }
    Ok(())
}

struct Check {
    lines: usize,
    full: f64,
    ok_full: bool,
    alone: f64,
    ok_alone: bool,
    ok: bool,
    first_errors: Vec<String>,
}

impl Check {
    fn row(&self) -> String {
        let flag = |ok: bool| if ok { "" } else { " (FAILED)" };
        let mut row = format!(
            "{} | {:.1} s{} | {:.1} s{}",
            self.lines,
            self.full,
            flag(self.ok_full),
            self.alone,
            flag(self.ok_alone)
        );
        if !self.first_errors.is_empty() {
            row.push_str(&format!(" ({})", self.first_errors.join("; ")));
        }
        row
    }
}

/// `cargo check` of the crate in `crate_dir`, in a workspace of its own: first with its
/// dependencies (built then, or already in `target`), then the crate alone after a touch. Our
/// crates are checked offline against this repository's lock file; peers' crates resolve theirs.
fn check_crate(crate_dir: &Path, target: &Path, lock_from: Option<&Path>) -> Result<Check, String> {
    let work = crate_dir.parent().ok_or("the crate has no parent folder")?;
    let workspace = if lock_from.is_some() {
        std::fs::write(
            work.join("Cargo.toml"),
            format!(
                "[workspace]\nresolver = \"2\"\nmembers = [\"{}\"]\n",
                crate_dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
        )
        .map_err(|e| e.to_string())?;
        work.to_path_buf()
    } else {
        // A peer's crate is its own workspace root.
        let manifest = crate_dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
        if !text.contains("[workspace]") {
            std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
                .map_err(|e| e.to_string())?;
        }
        crate_dir.to_path_buf()
    };
    if let Some(root) = lock_from {
        std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
            .map_err(|e| e.to_string())?;
    }
    let check = || {
        let started = Instant::now();
        let mut command = Command::new(cargo());
        command.args(["check", "--quiet", "--message-format", "short"]);
        if lock_from.is_some() {
            command.arg("--offline");
        }
        // Not incremental: a client crate is a dependency, which cargo never builds incrementally.
        let out = command
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0")
            .output();
        let elapsed = started.elapsed().as_secs_f64();
        match out {
            Ok(out) => {
                let stderr = String::from_utf8_lossy(&out.stderr);
                let errors: Vec<String> = stderr
                    .lines()
                    .filter(|l| l.contains("error"))
                    .map(String::from)
                    .collect();
                (out.status.success(), elapsed, errors)
            }
            Err(e) => (false, elapsed, vec![e.to_string()]),
        }
    };
    let (ok_full, full, _) = check();
    let lib = crate_dir.join("src/lib.rs");
    touch(&lib)?;
    let (ok_alone, alone, errors) = check();
    let mut first_errors: Vec<String> = errors.iter().take(3).cloned().collect();
    if errors.len() > 3 {
        first_errors.push(format!("{} error lines in all", errors.len()));
    }
    Ok(Check {
        lines: count_lines(&crate_dir.join("src")),
        full,
        ok_full,
        alone,
        ok_alone,
        ok: ok_full && ok_alone,
        first_errors,
    })
}

/// The shapes this generator refuses: each is tried alone on a small spec.
fn refused_shapes(xtask: &Path, dir: &Path) -> Result<Vec<(Shape, String)>, String> {
    let mut refused = vec![];
    for shape in Shape::ALL {
        let spec = dir.join(format!("probe-{}.yaml", shape.name()));
        let text = to_text(&real_shaped_spec(30, Flavor::V31, &[shape]), false)?;
        std::fs::write(&spec, text).map_err(|e| e.to_string())?;
        let out = Command::new(xtask)
            .arg("generate")
            .arg("--spec")
            .arg(&spec)
            .arg("--out")
            .arg(dir.join("probe-out"))
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let first = stderr
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("failed");
            refused.push((shape, first.trim().to_string()));
        }
    }
    if !refused.is_empty() {
        println!(
            "==> this generator refuses these shapes, left out of the real-shaped spec: {}",
            names(&refused.iter().map(|(s, _)| *s).collect::<Vec<_>>())
        );
    }
    Ok(refused)
}

fn names(shapes: &[Shape]) -> String {
    shapes
        .iter()
        .map(|s| s.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The real-shaped spec, as YAML (the form the large vendor spec comes in).
fn write_real_spec(dir: &Path, flavor: Flavor, shapes: &[Shape]) -> Result<PathBuf, String> {
    let suffix = match flavor {
        Flavor::V31 => "31",
        Flavor::V30 => "30",
    };
    let path = dir.join(format!("spec-real-{REAL_OPERATIONS}-{suffix}.yaml"));
    let text = to_text(&real_shaped_spec(REAL_OPERATIONS, flavor, shapes), false)?;
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    Ok(path)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn write_spec(
    dir: &Path,
    n: usize,
    flavor: Flavor,
    real: Option<&Path>,
) -> Result<PathBuf, String> {
    let suffix = match flavor {
        Flavor::V31 => "31",
        Flavor::V30 => "30",
    };
    let path = dir.join(format!("spec-{n}-{suffix}.json"));
    let value = match real {
        // Peers that read only 3.0 get the real spec with its 3.1 nullables rewritten.
        Some(spec) => {
            let file = codegen::InputFile::read(spec).map_err(|d| d.to_string())?;
            let loaded = file
                .parse()
                .and_then(codegen::loader::LoadedSpec::from_source)
                .map_err(|d| d.to_string())?;
            let mut v = loaded.normalized;
            v["openapi"] = "3.0.3".into();
            if let Some(o) = v.as_object_mut() {
                o.remove("webhooks");
            }
            v
        }
        None => synthetic_spec(n, flavor),
    };
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    Ok(path)
}

fn measure(command: &mut Command) -> Measure {
    let gnu_time = Path::new("/usr/bin/time");
    let started = Instant::now();
    let (ok, peak_mb) = if gnu_time.is_file() {
        let program = command.get_program().to_owned();
        let args: Vec<_> = command.get_args().map(|a| a.to_owned()).collect();
        let out = Command::new(gnu_time)
            .arg("-f")
            .arg("PEAK_KB=%M")
            .arg(program)
            .args(args)
            .output();
        match out {
            Ok(out) => {
                let stderr = String::from_utf8_lossy(&out.stderr);
                let peak = stderr
                    .lines()
                    .filter_map(|l| l.strip_prefix("PEAK_KB="))
                    .filter_map(|k| k.trim().parse::<f64>().ok())
                    .next_back()
                    .map(|kb| kb / 1024.0);
                if !out.status.success() {
                    eprintln!(
                        "{}",
                        stderr.lines().rev().take(5).collect::<Vec<_>>().join("\n")
                    );
                }
                (out.status.success(), peak)
            }
            Err(_) => (false, None),
        }
    } else {
        (command.output().is_ok_and(|o| o.status.success()), None)
    };
    Measure {
        seconds: started.elapsed().as_secs_f64(),
        peak_mb,
        ok,
    }
}

fn median(runs: usize, mut f: impl FnMut() -> Measure) -> Measure {
    let mut all: Vec<Measure> = (0..runs).map(|_| f()).collect();
    all.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    all.swap_remove(all.len() / 2)
}

fn secs(m: &Measure) -> String {
    if m.ok {
        format!("{:.3} s", m.seconds)
    } else {
        format!("failed after {:.1} s", m.seconds)
    }
}

fn mb(m: &Measure) -> String {
    m.peak_mb.map_or("n/a".into(), |p| format!("{p:.0}"))
}

fn ratio(peer: &Measure, ours: &Measure) -> String {
    if peer.ok && ours.ok && ours.seconds > 0.0 {
        format!("{:.1}x", peer.seconds / ours.seconds)
    } else {
        "n/a".into()
    }
}

fn touch(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| e.to_string())
}

fn count_lines(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                n += text.lines().count();
            }
        }
    }
    n
}

/// Installs the peers into `.tools/`; their programs.
fn install_peers(root: &Path) -> Result<(PathBuf, PathBuf), String> {
    let tools = root.join(".tools");
    tools::install(&tools, &OPENAPI_GENERATOR)?;
    tools::install(&tools, &PROGENITOR)?;
    Ok((
        tools.join("venv-peers/bin/openapi-generator-cli"),
        tools.join("cargo/bin/cargo-progenitor"),
    ))
}
