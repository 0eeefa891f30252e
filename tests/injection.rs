//! Hostile specs (`fixtures/injection/`, one per target language and context, each carrying the
//! payloads of issue 11 and more): generation succeeds, no generated file holds a raw control,
//! bidi or other invisible format character, the Markdown's code fences pair up, and running or
//! parsing every generated example (with permissive stand-ins for the SDKs, so each runs to its
//! end), compiling every crate, and running the Rust examples and doctests of the Rust fixture
//! never creates a `PWNED-*` file, which every payload tries to do.
//!
//! Needs python3, node, ruby, bash, gofmt and java on PATH (`cargo xtask test` installs Ruby, Go
//! and a JDK before it runs the tests); a missing tool fails the test, naming it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{generate, GenerateOptions};
use workspace_tests::workspace_root;

/// The spec file name the Rust fixture is generated from: a newline, a bidi control, a backtick,
/// `\u002a` and `-->` (it is quoted in every generated file's header).
const HOSTILE_FILE_NAME: &str = "rust\n\u{202E}`*\\u002a-->.yaml";

struct Generated {
    stem: String,
    out: PathBuf,
    crate_name: String,
    env_prefix: String,
}

fn fixtures() -> Vec<PathBuf> {
    let dir = workspace_root().join("tests/fixtures/injection");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/injection exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| p.file_name().is_some_and(|n| n != "sdk.yaml"))
        .collect();
    specs.sort();
    specs
}

/// Generates every fixture into `work/out/<stem>/`.
fn generate_all(work: &Path) -> Vec<Generated> {
    let map = workspace_root().join("tests/fixtures/injection/sdk.yaml");
    let mut out = vec![];
    for spec in fixtures() {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let input_dir = work.join("specs").join(&stem);
        std::fs::create_dir_all(&input_dir).unwrap();
        let name = if stem == "rust" {
            HOSTILE_FILE_NAME
        } else {
            spec.file_name().unwrap().to_str().unwrap()
        };
        let input = input_dir.join(name);
        std::fs::copy(&spec, &input).unwrap();
        let options = GenerateOptions {
            resource_map: Some(map.clone()),
            ..GenerateOptions::new(&input)
        };
        let generation = generate(&options)
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", spec.display()));
        let dir = work.join("out").join(&stem);
        generation.files.apply(&dir, false).expect("writable");
        out.push(Generated {
            stem,
            out: dir,
            crate_name: generation.model.package.crate_name.clone(),
            env_prefix: generation.model.package.env_prefix.clone(),
        });
    }
    assert!(out.len() >= 8, "expected a fixture per language");
    out
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

fn examples(g: &Generated, variant: &str, ext: &str) -> Vec<PathBuf> {
    let files = files_under(&g.out.join("examples").join(variant));
    let found: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert!(!found.is_empty(), "{}: no {variant} examples", g.stem);
    found
}

/// Runs `c`; `Err` with its output when it fails or cannot start (naming the tool).
fn run(c: &mut Command) -> Result<String, String> {
    let program = c.get_program().to_string_lossy().into_owned();
    let out = c
        .output()
        .map_err(|e| format!("`{program}` cannot run ({e}): install it (cargo xtask test does)"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!("{c:?} failed:\n{text}"))
    }
}

/// No raw control character (but line feed and tab), bidi control, line separator or other
/// invisible format character in any generated file.
fn check_no_hazard(g: &Generated, failures: &mut Vec<String>) {
    for path in files_under(&g.out) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some((line, c)) = text.lines().enumerate().find_map(|(i, l)| {
            l.chars()
                .find(|c| codegen::encode::is_hazard(*c) && *c != '\t')
                .map(|c| (i + 1, c))
        }) {
            failures.push(format!(
                "{}:{line}: raw U+{:04X} in generated output",
                path.display(),
                c as u32
            ));
        }
    }
}

/// In every Markdown file, fences pair up and each opening one is the generator's own.
fn check_markdown(g: &Generated, failures: &mut Vec<String>) {
    const OURS: &[&str] = &[
        "bash",
        "python",
        "javascript",
        "go",
        "java",
        "ruby",
        "rust",
        "toml",
        "json",
        "text",
        "xml",
        "kotlin",
        "rust,no_run",
    ];
    for path in files_under(&g.out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut open: Option<String> = None;
        for (i, line) in text.lines().enumerate() {
            let ticks = line.chars().take_while(|c| *c == '`').count();
            let tildes = line.chars().take_while(|c| *c == '~').count();
            if tildes >= 3 {
                failures.push(format!(
                    "{}:{}: a ~~~ fence from spec text",
                    path.display(),
                    i + 1
                ));
            }
            if ticks < 3 {
                continue;
            }
            match &open {
                Some(fence) if line.trim_end() == fence => open = None,
                Some(_) => {}
                None => {
                    let info = line[ticks..].trim();
                    if !OURS.contains(&info) {
                        failures.push(format!(
                            "{}:{}: a code block the generator did not open: {line}",
                            path.display(),
                            i + 1
                        ));
                    }
                    open = Some(line[..ticks].to_string());
                }
            }
        }
        if open.is_some() {
            failures.push(format!("{}: a code block is never closed", path.display()));
        }
    }
}

fn check_python(g: &Generated, stubs: &Path, failures: &mut Vec<String>) {
    for file in examples(g, "python", "py") {
        let r = run(Command::new("python3")
            .arg(&file)
            .current_dir(file.parent().unwrap())
            .env("PYTHONPATH", stubs)
            .env("PYTHONDONTWRITEBYTECODE", "1"));
        if let Err(e) = r {
            failures.push(format!("python: {e}"));
        }
    }
}

fn check_javascript(g: &Generated, stubs: &Path, failures: &mut Vec<String>) {
    let files = examples(g, "javascript", "mjs");
    let module = files[0].parent().unwrap().join("node_modules/telnyx");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(
        module.join("package.json"),
        r#"{"name":"telnyx","type":"module","main":"index.js"}"#,
    )
    .unwrap();
    std::fs::copy(stubs.join("telnyx.mjs"), module.join("index.js")).unwrap();
    for file in files {
        let r = run(Command::new("node").arg("--check").arg(&file)).and_then(|_| {
            run(Command::new("node")
                .arg(&file)
                .current_dir(file.parent().unwrap()))
        });
        if let Err(e) = r {
            failures.push(format!("javascript: {e}"));
        }
    }
}

fn check_ruby(g: &Generated, stubs: &Path, failures: &mut Vec<String>) {
    for file in examples(g, "ruby", "rb") {
        let r = run(Command::new("ruby").arg("-c").arg(&file)).and_then(|_| {
            run(Command::new("ruby")
                .arg("-I")
                .arg(stubs)
                .arg(&file)
                .current_dir(file.parent().unwrap()))
        });
        if let Err(e) = r {
            failures.push(format!("ruby: {e}"));
        }
    }
}

fn check_curl(g: &Generated, work: &Path, failures: &mut Vec<String>) {
    // A stand-in `curl` that sends nothing: what the shell expands is what the test is about.
    let bin = work.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let curl = bin.join("curl");
    std::fs::write(
        &curl,
        "#!/bin/sh\nprintf '{}' > response.json\nprintf 200\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&curl, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for file in examples(g, "curl", "sh") {
        let r = run(Command::new("bash").arg("-n").arg(&file)).and_then(|_| {
            run(Command::new("bash")
                .arg(&file)
                .current_dir(file.parent().unwrap())
                .env("PATH", &path)
                .env("TELNYX_API_KEY", "k")
                .env(format!("{}_API_KEY", g.env_prefix), "k")
                .env(format!("{}_CLIENT_ID", g.env_prefix), "k")
                .env(format!("{}_CLIENT_SECRET", g.env_prefix), "k"))
        });
        if let Err(e) = r {
            failures.push(format!("curl: {e}"));
        }
    }
}

fn check_go(g: &Generated, failures: &mut Vec<String>) {
    let files = examples(g, "go", "go");
    if let Err(e) = run(Command::new("gofmt").arg("-e").arg("-l").args(&files)) {
        failures.push(format!("go: {e}"));
    }
}

/// Each Java example parses and declares exactly one top-level type, named after its file.
fn check_java(generated: &[Generated], stubs: &Path, failures: &mut Vec<String>) {
    let files: Vec<PathBuf> = generated
        .iter()
        .flat_map(|g| examples(g, "java", "java"))
        .collect();
    let out = match run(Command::new("java")
        .arg(stubs.join("JavaTypes.java"))
        .args(&files))
    {
        Ok(out) => out,
        Err(e) => return failures.push(format!("java: {e}")),
    };
    let mut types: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in out.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        match parts.as_slice() {
            ["TYPE", file, name] => types
                .entry(file.to_string())
                .or_default()
                .push(name.to_string()),
            ["ERROR", ..] => failures.push(format!("java: {line}")),
            _ => {}
        }
    }
    for file in &files {
        let class = file.file_stem().unwrap().to_string_lossy().into_owned();
        let declared = types
            .get(&file.to_string_lossy().into_owned())
            .cloned()
            .unwrap_or_default();
        if declared != [class.clone()] {
            failures.push(format!(
                "java: {} declares {declared:?}, not just {class}",
                file.display()
            ));
        }
    }
}

/// Every crate type-checks with its examples; the Rust fixture's crate also runs its doctests and
/// its examples (each stops at the first request: nothing listens on the base URL).
fn check_rust(generated: &[Generated], work: &Path, failures: &mut Vec<String>) {
    let root = workspace_root();
    let members: Vec<String> = generated
        .iter()
        .map(|g| format!("\"out/{}/{}\"", g.stem, g.crate_name))
        .collect();
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let cargo = || {
        let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        c.current_dir(work)
            .env("CARGO_TARGET_DIR", root.join("target/fixture-check"));
        c
    };
    if let Err(e) = run(cargo().args(["check", "--quiet", "--workspace", "--all-targets"])) {
        return failures.push(format!("rust: a crate does not compile: {e}"));
    }
    let rust = generated
        .iter()
        .find(|g| g.stem == "rust")
        .expect("a rust fixture");
    if let Err(e) = run(cargo().args(["test", "--quiet", "--doc", "-p", &rust.crate_name])) {
        failures.push(format!("rust: doctests: {e}"));
    }
    if let Err(e) = run(cargo().args(["build", "--quiet", "--examples", "-p", &rust.crate_name])) {
        return failures.push(format!("rust: examples: {e}"));
    }
    let bin = root.join("target/fixture-check/debug/examples");
    let env = &rust.env_prefix;
    let sources = files_under(&rust.out.join(&rust.crate_name).join("examples"));
    assert!(sources.len() >= 3, "the Rust fixture has examples");
    for example in sources {
        let exe = bin.join(example.file_stem().unwrap());
        if !exe.is_file() {
            failures.push(format!("rust: {} was not built", exe.display()));
            continue;
        }
        // Exit status ignored: the call fails (nothing listens); what ran before it is the point.
        let _ = Command::new(&exe)
            .current_dir(&rust.out)
            .env(format!("{env}_API_KEY"), "k")
            .env(format!("{env}_BASE_URL"), "http://127.0.0.1:9")
            .output();
    }
}

#[test]
fn hostile_specs_stay_data_in_every_language() {
    let work = workspace_root().join("target/injection");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let stubs = workspace_root().join("tests/fixtures/injection/stubs");
    let generated = generate_all(&work);

    let mut failures = vec![];
    let started = std::time::Instant::now();
    for g in &generated {
        check_no_hazard(g, &mut failures);
        check_markdown(g, &mut failures);
        check_python(g, &stubs, &mut failures);
        check_javascript(g, &stubs, &mut failures);
        check_ruby(g, &stubs, &mut failures);
        check_curl(g, &work, &mut failures);
        check_go(g, &mut failures);
    }
    check_java(&generated, &stubs, &mut failures);
    eprintln!(
        "examples checked in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    check_rust(&generated, &work, &mut failures);
    eprintln!(
        "with the crates in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let canaries: Vec<PathBuf> = files_under(&work)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("PWNED"))
        })
        .collect();
    for c in &canaries {
        failures.push(format!("a payload ran: {} exists", c.display()));
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
