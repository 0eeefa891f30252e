//! `cargo xtask fuzz [--iterations N] [--seed S]`: a structure-aware mutational fuzzer over the
//! loader, resolver and emitter. Seeds are the real spec and every fixture; each input is a seed
//! mutated a few times (keys dropped, values replaced by values of other types, `$ref`s pointed
//! anywhere or at an ancestor, deep nesting, huge enums, text truncated or with bytes flipped).
//! Every input must give files or a located error: a panic is a failure, saved under
//! `target/fuzz-crashes/`. Deterministic for a seed, so a crash replays.
//!
//! Some mutations plant code-injection payloads (one per target language: a docstring closed, a
//! shell substitution, Ruby interpolation, a JavaScript line separator, a Java `*/` and `\u002a`,
//! a doctest fence, a bidi control) into string values and property names. For a sample of the
//! outputs that generate (`--run-examples`), every example is run or parsed with the checks of
//! `tests/injection.rs`; any failure, or any `PWNED-*` file a payload created, is a failure.

use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::{InputFile, Inputs};
use serde_json::{json, Value};

use crate::injection::{self, Generated};
use crate::workspace_root;

/// What the planted strings try: each creates a `PWNED-*` file if it ever runs.
const PAYLOADS: &[&str] = &[
    "\"\"\"\nopen('PWNED-fuzz-python', 'w')\n\"\"\"",
    "x\"); open('PWNED-fuzz-python2', 'w'); (\"",
    "$(touch PWNED-fuzz-shell)`touch PWNED-fuzz-shell2`",
    "'; touch PWNED-fuzz-shell3; '",
    "#{File.write('PWNED-fuzz-ruby', '')}",
    "x\u{2028}(await import('node:fs')).writeFileSync('PWNED-fuzz-js', '');",
    "'+(await import('node:fs')).writeFileSync('PWNED-fuzz-js2', '')+'",
    "*/ class PwnedFuzz {} /* \\u002a\\u002f \\u000a",
    "Text.\n\n```\nstd::fs::write(\"PWNED-fuzz-rust\", \"\").unwrap();\n```\n",
    "\u{202E}\u{2066}\r\u{0}",
];

/// xorshift64*: small, fast, reproducible; quality is ample for choosing mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Mutate the spec and fixtures; every input must generate or fail with a located error.
///
/// Some mutations plant code-injection payloads in strings and names: the examples of some such
/// outputs are run or parsed, and no payload may run. A crash is saved under
/// target/fuzz-crashes/; a seed replays the same inputs.
#[derive(clap::Args)]
pub struct Args {
    /// How many inputs
    #[arg(long, value_name = "N", default_value_t = 5000)]
    iterations: usize,
    /// The random seed
    #[arg(long, value_name = "S", default_value_t = 0x5eed)]
    seed: u64,
    /// How many outputs with planted payloads have their examples run or parsed
    #[arg(long, value_name = "K", default_value_t = 10)]
    run_examples: usize,
}

/// Runs the task.
pub fn run(args: Args) -> Result<(), String> {
    let Args {
        iterations,
        seed,
        run_examples,
    } = args;
    let root = workspace_root();
    let seeds = seed_corpus(&root)?;
    let every_sdk = InputFile::read(&root.join("tests/fixtures/injection/sdk.yaml"))
        .map_err(|d| d.to_string())?;
    let crashes = root.join("target/fuzz-crashes");
    // Panics are the finding, not noise: keep their messages out of the output.
    std::panic::set_hook(Box::new(|_| {}));

    let mut rng = Rng(seed | 1);
    let started = Instant::now();
    let (mut generated, mut rejected, mut panics) = (0usize, 0usize, 0usize);
    let injection_dir = root.join("target/fuzz-injection");
    let _ = std::fs::remove_dir_all(&injection_dir);
    let mut ran: Vec<(usize, &str, &str, String, Generated)> = vec![];
    for i in 0..iterations {
        let (name, text, json) = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, text, json);
        let input_planted = input.planted;
        let ext = if rng.chance(50) { "yaml" } else { "json" };
        let input = if ext == "yaml" {
            input.yaml
        } else {
            input.json
        };
        // In memory: the file is named in messages, never read.
        let inputs = Inputs::new(InputFile::new(format!("input.{ext}"), input.as_bytes()));
        let outcome = std::panic::catch_unwind(|| codegen::generate(&inputs).map_err(Box::new));
        match outcome {
            Ok(Ok(_)) => {
                generated += 1;
                if input_planted && ran.len() < run_examples {
                    let inputs = Inputs {
                        resource_map: Some(every_sdk.clone()),
                        ..inputs
                    };
                    if let Some(g) = with_every_sdk(&inputs, &injection_dir.join(i.to_string())) {
                        ran.push((i, name, ext, input.clone(), g));
                    }
                }
            }
            Ok(Err(diagnostic)) => {
                rejected += 1;
                // Every rejection must say where: the file and a location or pointer.
                if diagnostic.location.is_none() && diagnostic.pointer.is_empty() {
                    save(
                        &crashes,
                        i,
                        name,
                        ext,
                        &input,
                        &format!("unlocated error: {diagnostic}"),
                    )?;
                    panics += 1;
                }
            }
            Err(payload) => {
                panics += 1;
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                save(&crashes, i, name, ext, &input, &message)?;
            }
        }
    }
    let _ = std::panic::take_hook();
    let injection_started = Instant::now();
    panics += check_examples(&root, &injection_dir, &crashes, &ran)?;
    println!(
        "fuzz: examples of {} outputs with planted payloads run or parsed in {:.1} s",
        ran.len(),
        injection_started.elapsed().as_secs_f64()
    );
    let elapsed = started.elapsed();
    println!(
        "fuzz: {iterations} inputs from {} seeds (seed {seed}) in {:.1} s: {generated} generated, {rejected} rejected with a located error, {panics} panics or unlocated errors",
        seeds.len(),
        elapsed.as_secs_f64()
    );
    if panics > 0 {
        return Err(format!(
            "{panics} failures; inputs saved in {}",
            crashes.display()
        ));
    }
    Ok(())
}

fn save(
    dir: &Path,
    i: usize,
    seed: &str,
    ext: &str,
    input: &str,
    message: &str,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let path = dir.join(format!("crash-{i}-{seed}.{ext}"));
    std::fs::write(&path, input).map_err(|e| e.to_string())?;
    eprintln!(
        "FAILURE on input {i} (from {seed}): {message}\n  saved as {}",
        path.display()
    );
    Ok(())
}

fn seed_corpus(root: &Path) -> Result<Vec<(String, String, Value)>, String> {
    let mut paths: Vec<PathBuf> = vec![root.join("spec/telnyx-oauth.yaml")];
    for dir in ["tests/fixtures/specs", "tests/fixtures/errors"] {
        let mut more: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|e| e.path())
            .collect();
        more.sort();
        paths.extend(more);
    }
    let mut seeds = vec![];
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| e.to_string())?;
        let value = serde_yaml::from_str::<Value>(&text).unwrap_or(Value::Null);
        seeds.push((
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text,
            value,
        ));
    }
    Ok(seeds)
}

struct Mutated {
    yaml: String,
    json: String,
    /// Whether an injection payload was planted.
    planted: bool,
}

/// Generates `inputs` (a spec with the injection fixtures' map: every official SDK) into `out`.
fn with_every_sdk(inputs: &Inputs, out: &Path) -> Option<Generated> {
    let generation = std::panic::catch_unwind(|| codegen::generate(inputs).map_err(Box::new))
        .ok()?
        .ok()?;
    generation.files.apply(out, false).ok()?;
    Some(Generated {
        stem: out.file_name()?.to_string_lossy().into_owned(),
        out: out.to_path_buf(),
        crate_name: generation.model.package.crate_name.clone(),
        env_prefix: generation.model.package.env_prefix.clone(),
    })
}

/// Runs or parses the examples of every sampled output; saves the input of each that fails or
/// lets a payload run. Returns how many failed.
fn check_examples(
    root: &Path,
    dir: &Path,
    crashes: &Path,
    ran: &[(usize, &str, &str, String, Generated)],
) -> Result<usize, String> {
    let stubs = root.join("tests/fixtures/injection/stubs");
    let mut failed = 0;
    for (i, name, ext, input, g) in ran {
        let mut failures = vec![];
        injection::check_no_hazard(g, &mut failures);
        injection::check_markdown(g, &mut failures);
        injection::check_python(g, &stubs, &mut failures);
        injection::check_javascript(g, &stubs, &mut failures);
        injection::check_ruby(g, &stubs, &mut failures);
        injection::check_curl(g, dir, &mut failures);
        injection::check_go(g, &mut failures);
        injection::check_java(std::slice::from_ref(g), &stubs, &mut failures);
        for c in injection::canaries(&g.out) {
            failures.push(format!("a payload ran: {} exists", c.display()));
        }
        if !failures.is_empty() {
            failed += 1;
            let message = format!("examples in {}: {}", g.out.display(), failures.join("\n"));
            save(crashes, *i, name, ext, input, &message)?;
        }
    }
    Ok(failed)
}

fn mutate(rng: &mut Rng, text: &str, value: &Value) -> Mutated {
    // Text-level damage, a fifth of the time.
    if rng.chance(20) || value.is_null() {
        let mut bytes = text.as_bytes().to_vec();
        match rng.below(3) {
            0 => bytes.truncate(rng.below(bytes.len() + 1)),
            1 => {
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(bytes.len());
                    if let Some(b) = bytes.get_mut(i) {
                        *b = b"{}[]:-'\"#&*!|>%@`\n\t ,?"[rng.below(22)];
                    }
                }
            }
            _ => {
                let i = rng.below(bytes.len() + 1);
                bytes.splice(i..i, b"\n  - &a [*a, {$ref: '#/'}]\n".iter().copied());
            }
        }
        let s = String::from_utf8_lossy(&bytes).into_owned();
        return Mutated {
            yaml: s.clone(),
            json: s,
            planted: false,
        };
    }
    let mut v = value.clone();
    let mut planted = false;
    // A third of the time: payloads in string values and property names, nothing else.
    if rng.chance(33) {
        for _ in 0..1 + rng.below(6) {
            planted |= plant(rng, &mut v);
        }
        let json = serde_json::to_string(&v).unwrap_or_default();
        let yaml = serde_yaml::to_string(&v).unwrap_or_else(|_| json.clone());
        return Mutated {
            yaml,
            json,
            planted,
        };
    }
    let pointers = all_pointers(&v);
    for _ in 0..1 + rng.below(4) {
        let target = pointers[rng.below(pointers.len())].clone();
        let parent_refs: Vec<&String> = pointers
            .iter()
            .filter(|p| target.starts_with(p.as_str()))
            .collect();
        let replacement = match rng.below(10) {
            0 => Value::Null,
            1 => json!(rng.next() as i64),
            2 => json!("string"),
            3 => json!(["a", 1, null, {"type": "string"}]),
            4 => json!({"$ref": format!("#{}", parent_refs[rng.below(parent_refs.len())])}),
            5 => json!({"$ref": format!("#{}", pointers[rng.below(pointers.len())])}),
            6 => json!({"$ref": "#/components/schemas/DoesNotExist"}),
            7 => {
                let mut deep = json!({"type": "string"});
                for _ in 0..100 + rng.below(100) {
                    deep = if rng.chance(50) {
                        json!({"type": "array", "items": deep})
                    } else {
                        json!({"allOf": [deep]})
                    };
                }
                deep
            }
            8 => {
                json!({"type": "string", "enum": (0..5000).map(|i| format!("v-{i}")).collect::<Vec<_>>()})
            }
            _ => {
                json!({"type": ["string", "integer", "null"], "const": 3, "examples": [1], "exclusiveMinimum": 2})
            }
        };
        if rng.chance(30) {
            delete(&mut v, &target);
        } else if let Some(slot) = v.pointer_mut(&target) {
            *slot = replacement;
        }
    }
    let json = serde_json::to_string(&v).unwrap_or_default();
    let yaml = serde_yaml::to_string(&v).unwrap_or_else(|_| json.clone());
    Mutated {
        yaml,
        json,
        planted,
    }
}

/// Replaces a string value with a payload (or appends one), or renames a property to one.
fn plant(rng: &mut Rng, v: &mut Value) -> bool {
    let payload = PAYLOADS[rng.below(PAYLOADS.len())];
    let pointers = all_pointers(v);
    if rng.chance(25) {
        // A property name: a key under some `properties`.
        let keys: Vec<&String> = pointers
            .iter()
            .filter(|p| {
                p.rsplit_once('/')
                    .is_some_and(|(parent, _)| parent.ends_with("/properties"))
            })
            .collect();
        if let Some(p) = keys.get(rng.below(keys.len())) {
            let (parent, last) = p.rsplit_once('/').unwrap_or_default();
            let key = last.replace("~1", "/").replace("~0", "~");
            if let Some(Value::Object(map)) = v.pointer_mut(parent) {
                if let Some(child) = map.remove(&key) {
                    map.insert(format!("{key}{payload}"), child);
                    return true;
                }
            }
        }
        return false;
    }
    let strings: Vec<&String> = pointers
        .iter()
        .filter(|p| matches!(v.pointer(p), Some(Value::String(_))))
        .collect();
    let Some(target) = strings.get(rng.below(strings.len())).map(|p| p.to_string()) else {
        return false;
    };
    let append = rng.chance(50);
    match v.pointer_mut(&target) {
        Some(Value::String(s)) => {
            *s = if append {
                format!("{s}{payload}")
            } else {
                payload.to_string()
            };
            true
        }
        _ => false,
    }
}

fn all_pointers(v: &Value) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut stack = vec![(String::new(), v)];
    while let Some((p, node)) = stack.pop() {
        match node {
            Value::Object(m) => {
                for (k, child) in m {
                    let cp = format!("{p}/{}", k.replace('~', "~0").replace('/', "~1"));
                    out.push(cp.clone());
                    stack.push((cp, child));
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    let cp = format!("{p}/{i}");
                    out.push(cp.clone());
                    stack.push((cp, child));
                }
            }
            _ => {}
        }
    }
    out
}

fn delete(v: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match v.pointer_mut(parent) {
        Some(Value::Object(m)) => {
            m.remove(&key);
        }
        Some(Value::Array(a)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < a.len() {
                    a.remove(i);
                }
            }
        }
        _ => {}
    }
}
