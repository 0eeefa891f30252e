//! Checks shared by `tests/injection.rs` and `cargo xtask fuzz` (which includes this file with
//! `#[path]`): over one generation's output folder, no raw hazard character, Markdown fences the
//! generator's own, and every Python, JavaScript, Ruby, curl, Go and Java example run or parsed
//! (against the permissive stand-ins in `tests/fixtures/injection/stubs/`) without failing. The
//! payloads each try to create a `PWNED-*` file: [`canaries`] finds them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One generation's output.
pub struct Generated {
    /// A name for messages (the spec's stem).
    pub stem: String,
    /// The output folder.
    pub out: PathBuf,
    /// The crate's name (its folder in `out`).
    pub crate_name: String,
    /// The prefix of the environment variables the examples read.
    pub env_prefix: String,
}

/// Every file under `dir`, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
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

/// The example files of `variant` with extension `ext` (none when the variant is not generated).
pub fn examples(g: &Generated, variant: &str, ext: &str) -> Vec<PathBuf> {
    let files = files_under(&g.out.join("examples").join(variant));
    let found: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    found
}

/// Runs `c`; `Err` with its output when it fails or cannot start (naming the tool).
pub fn run(c: &mut Command) -> Result<String, String> {
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
pub fn check_no_hazard(g: &Generated, failures: &mut Vec<String>) {
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
pub fn check_markdown(g: &Generated, failures: &mut Vec<String>) {
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

/// Each Python example runs to its end (stand-in `telnyx` module).
pub fn check_python(g: &Generated, stubs: &Path, failures: &mut Vec<String>) {
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

/// Each JavaScript example passes `node --check` and runs to its end (stand-in `telnyx` package).
pub fn check_javascript(g: &Generated, stubs: &Path, failures: &mut Vec<String>) {
    let files = examples(g, "javascript", "mjs");
    if files.is_empty() {
        return;
    }
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

/// Each Ruby example passes `ruby -c` and runs to its end (stand-in `telnyx` gem).
pub fn check_ruby(g: &Generated, stubs: &Path, failures: &mut Vec<String>) {
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

/// Each curl example passes `bash -n` and runs to its end (a stand-in `curl` that sends nothing).
pub fn check_curl(g: &Generated, work: &Path, failures: &mut Vec<String>) {
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

/// The Go examples parse (`gofmt -e`).
pub fn check_go(g: &Generated, failures: &mut Vec<String>) {
    let files = examples(g, "go", "go");
    if files.is_empty() {
        return;
    }
    if let Err(e) = run(Command::new("gofmt").arg("-e").arg("-l").args(&files)) {
        failures.push(format!("go: {e}"));
    }
}

/// Each Java example parses and declares exactly one top-level type, named after its file.
pub fn check_java(generated: &[Generated], stubs: &Path, failures: &mut Vec<String>) {
    let files: Vec<PathBuf> = generated
        .iter()
        .flat_map(|g| examples(g, "java", "java"))
        .collect();
    if files.is_empty() {
        return;
    }
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

/// Every `PWNED-*` file under `dir`: a payload that ran.
pub fn canaries(dir: &Path) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("PWNED"))
        })
        .collect()
}
