//! `cargo xtask bench`: generation time and peak memory for N = 17 (the real spec), 1,000 and
//! 5,000 operations (synthetic specs), the `cargo check` time of the 1,000-operation crate, and,
//! with `--peers`, the same inputs through openapi-generator (`-g rust`) and progenitor, side by
//! side, with ratios. Peers are installed on demand into `.tools/`, never committed.
//!
//! Figures come from whole processes: wall time (median of runs) and peak resident memory as
//! GNU `time` reports it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::synth::{synthetic_spec, Flavor};

use crate::workspace_root;

const OPENAPI_GENERATOR: (&str, &str) = ("openapi-generator-cli", "7.26.0");
const PROGENITOR: (&str, &str) = ("cargo-progenitor", "0.15.1");

struct Measure {
    seconds: f64,
    peak_mb: Option<f64>,
    ok: bool,
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let peers = args.iter().any(|a| a == "--peers");
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

    let peer_tools = if peers {
        Some(install_peers(&root)?)
    } else {
        None
    };

    println!("\n| operations | ours: time | ours: peak MB | openapi-generator: time | peak MB | ratio | progenitor: time | peak MB | ratio |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for (label, spec31, spec30) in &inputs {
        let out = dir.join(format!(
            "out-ours-{}",
            label.split(' ').next().unwrap_or("x")
        ));
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
            let og_out = dir.join(format!(
                "out-openapi-generator-{}",
                label.split(' ').next().unwrap_or("x")
            ));
            let og = median(1, || {
                let _ = std::fs::remove_dir_all(&og_out);
                measure(
                    Command::new(java_gen)
                        .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
                        .arg(spec31)
                        .arg("-o")
                        .arg(&og_out),
                )
            });
            let pg_out = dir.join(format!(
                "out-progenitor-{}",
                label.split(' ').next().unwrap_or("x")
            ));
            let pg = median(1, || {
                let _ = std::fs::remove_dir_all(&pg_out);
                measure(
                    Command::new(progenitor)
                        .args(["progenitor", "-i"])
                        .arg(spec30)
                        .arg("-o")
                        .arg(&pg_out)
                        .args(["-n", "bench-client", "-v", "0.1.0"]),
                )
            });
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

    println!("\n==> cargo check of the 1,000-operation crate (dependencies built first, then the crate alone)");
    let check_dir = dir.join("check-1000");
    let _ = std::fs::remove_dir_all(&check_dir);
    let ok = Command::new(&xtask)
        .arg("generate")
        .arg("--spec")
        .arg(&inputs[1].1)
        .arg("--out")
        .arg(&check_dir)
        .status()
        .map_err(|e| e.to_string())?
        .success();
    if !ok {
        return Err("generation of the 1,000-operation spec failed".into());
    }
    let crate_dir = std::fs::read_dir(&check_dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.join("Cargo.toml").is_file())
        .ok_or("no crate was generated")?;
    std::fs::write(
        check_dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [\"{}\"]\n",
            crate_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), check_dir.join("Cargo.lock"))
        .map_err(|e| e.to_string())?;
    let check = || {
        let started = Instant::now();
        let ok = Command::new(cargo())
            .args(["check", "--quiet", "--offline"])
            .current_dir(&check_dir)
            .env("CARGO_TARGET_DIR", dir.join("check-target"))
            .status()
            .is_ok_and(|s| s.success());
        (ok, started.elapsed().as_secs_f64())
    };
    let (ok_full, full) = check();
    touch(&crate_dir.join("src/lib.rs"))?;
    let (ok_crate, crate_only) = check();
    let lines: usize = count_lines(&crate_dir.join("src"));
    println!(
        "cargo check, 1,000 operations ({lines} lines of Rust): first run with dependencies {full:.1} s{}; the crate alone {crate_only:.1} s{}",
        if ok_full { "" } else { " (FAILED)" },
        if ok_crate { "" } else { " (FAILED)" }
    );
    if !(ok_full && ok_crate) {
        return Err("the 1,000-operation crate does not type-check".into());
    }
    Ok(())
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
            let loaded = codegen::loader::LoadedSpec::load(spec).map_err(|d| d.to_string())?;
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

/// Installs the peers (pinned) into `.tools/`: openapi-generator's PyPI wrapper (it ships the
/// jar; Java 17 runs it) and `cargo-progenitor` from crates.io.
fn install_peers(root: &Path) -> Result<(PathBuf, PathBuf), String> {
    let tools = root.join(".tools");
    let venv = tools.join("venv-peers");
    let og = venv.join("bin/openapi-generator-cli");
    if !og.is_file() {
        let (name, version) = OPENAPI_GENERATOR;
        println!("==> installing {name}=={version} (pinned) into .tools/venv-peers, a peer for the benchmark");
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
            && Command::new(venv.join("bin/pip"))
                .args([
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    &format!("{name}=={version}"),
                ])
                .status()
                .is_ok_and(|s| s.success());
        if !ok {
            return Err(format!("could not install {name}=={version}"));
        }
    }
    let progenitor = tools.join("cargo/bin/cargo-progenitor");
    if !progenitor.is_file() {
        let (name, version) = PROGENITOR;
        println!("==> installing {name} {version} (pinned) into .tools/cargo, a peer for the benchmark (builds from source: a few minutes)");
        let ok = Command::new(cargo())
            .args([
                "install",
                "--locked",
                "--quiet",
                name,
                "--version",
                version,
                "--root",
            ])
            .arg(tools.join("cargo"))
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return Err(format!("could not install {name} {version}"));
        }
    }
    Ok((og, progenitor))
}
