//! Round-trip conformance of the generated types, driven by the schemas: for every JSON response of
//! every operation of `spec/telnyx-oauth.yaml` and of every fixture spec in `fixtures/specs/`, and
//! for every named type (but those holding a file), random valid values (made from the model by
//! `codegen::roundtrip`, seeded) must decode into the type the client decodes that response into,
//! and serialize back to the same JSON: every property kept, unknown ones included, `null` kept
//! apart from absent, numbers by value. A value with a required property removed must fail (per
//! response and type that has one), so the check is shown to be able to fail.
//!
//! Each crate is generated into a scratch workspace (`target/roundtrip-crates/`) with a harness
//! integration test (`codegen::roundtrip::harness`) that decodes the cases this test writes; one
//! `cargo test` runs them all, sharing `target/fixture-check` with `tests/generation.rs`.
//!
//! - `ROUNDTRIP_N` (default 500): values per response or type of the Telnyx spec;
//!   `ROUNDTRIP_FIXTURE_N` (default 60): per response or type of a fixture spec;
//! - `ROUNDTRIP_SEED` (default 16; `random` for a new one, printed): the base seed.
//!
//! A failure prints its seed, key and JSON and is saved as a regression case under
//! `fixtures/roundtrip-regressions/<spec>/`; every saved case is replayed on every run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::files::FileSet;
use codegen::roundtrip::{self, Case};
use codegen::{generate, Inputs};
use serde_json::{json, Value};
use workspace_tests::{assert_runs, cargo_in_scratch, scratch_workspace, workspace_root};

const REGRESSIONS: &str = "fixtures/roundtrip-regressions";

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) if v == "random" => {
            let seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            eprintln!("{name}=random: using {seed}");
            seed
        }
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v}: expected a number")),
        Err(_) => default,
    }
}

/// The specs under test: the Telnyx spec first, then every fixture (name, path).
fn specs() -> Vec<(String, PathBuf)> {
    let mut specs = vec![(
        "telnyx-oauth".to_string(),
        workspace_root().join("spec/telnyx-oauth.yaml"),
    )];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir("fixtures/specs")
        .expect("tests/fixtures/specs exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    fixtures.sort();
    for path in fixtures {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        specs.push((stem, path));
    }
    specs
}

/// Saved regression cases of one spec.
fn regressions(spec: &str) -> Vec<Case> {
    let dir = Path::new(REGRESSIONS).join(spec);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return vec![];
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let v: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", p.display()));
            Case {
                key: v["key"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{}: no `key`", p.display()))
                    .to_string(),
                seed: None,
                json: v["json"].clone(),
            }
        })
        .collect()
}

/// Saves a failing case; returns its path.
fn save_regression(spec: &str, case: &Case, reason: &str) -> PathBuf {
    let text = serde_json::to_string(&case.json).unwrap();
    let name = format!(
        "{}-{:016x}.json",
        case.key.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        roundtrip::hash(&format!("{}{text}", case.key))
    );
    let dir = Path::new(REGRESSIONS).join(spec);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let saved = json!({"key": case.key, "seed": case.seed, "reason": reason, "json": case.json});
    std::fs::write(&path, serde_json::to_string_pretty(&saved).unwrap() + "\n").unwrap();
    path
}

struct Crate {
    spec: String,
    name: String,
    dir: PathBuf,
    cases: Vec<Case>,
    /// Cases that must fail to decode (a required property removed): the check can fail.
    must_fail: usize,
}

/// A valid body with a required property removed, for a response whose type has one.
fn broken_cases(model: &codegen::model::ApiModel, cases: &[Case]) -> Vec<Case> {
    use codegen::model::{TypeKind, TypeRef};
    let mut out = vec![];
    let mut keys = std::collections::BTreeSet::new();
    {
        for shape in roundtrip::shapes(model) {
            let TypeRef::Named(id) = shape.ty else {
                continue;
            };
            let TypeKind::Struct(s) = &model.ty(id).kind else {
                continue;
            };
            let Some(required) = s.fields.iter().find(|f| f.required) else {
                continue;
            };
            if !keys.insert(shape.key.clone()) {
                continue;
            }
            if let Some(case) = cases.iter().find(|c| c.key == shape.key) {
                let mut json = case.json.clone();
                if let Some(map) = json.as_object_mut() {
                    map.remove(&required.name);
                    out.push(Case {
                        key: shape.key.clone(),
                        seed: case.seed,
                        json,
                    });
                }
            }
        }
    }
    out
}

#[test]
fn responses_round_trip() {
    let started = Instant::now();
    let n = env_number("ROUNDTRIP_N", 500) as usize;
    let n_fixture = env_number("ROUNDTRIP_FIXTURE_N", 60) as usize;
    let seed = env_number("ROUNDTRIP_SEED", 16);
    let root = workspace_root();
    let scratch = root.join("target/roundtrip-crates");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut files = FileSet::default();
    let mut crates = vec![];
    for (i, (spec, path)) in specs().into_iter().enumerate() {
        let generation = generate(&Inputs::read_spec(&path).unwrap())
            .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", path.display()));
        let model = &generation.model;
        let name = model.package.crate_name.clone();
        let dir = format!("r{i}");
        for (file, contents) in generation.files.iter() {
            let mut rel = file.components();
            rel.next();
            let rel = rel.as_path();
            // The crate only: docs and examples are checked elsewhere.
            if file.starts_with(&name) && !rel.starts_with("examples") {
                files.insert(Path::new(&dir).join(rel), contents.clone());
            }
        }
        let krate = name.replace('-', "_");
        files.insert(
            Path::new(&dir).join("tests/roundtrip.rs"),
            roundtrip::harness(model, &krate),
        );
        let per_response = if i == 0 { n } else { n_fixture };
        let mut cases = roundtrip::response_cases(model, seed, per_response);
        cases.extend(regressions(&spec));
        let broken = broken_cases(model, &cases);
        let must_fail = broken.len();
        cases.extend(broken);
        crates.push(Crate {
            spec,
            name,
            dir: scratch.join(&dir),
            cases,
            must_fail,
        });
    }
    files.apply(&scratch, false).expect("scratch is writable");
    let members: Vec<String> = (0..crates.len()).map(|i| format!("r{i}")).collect();
    scratch_workspace(&scratch, &members);
    for c in &crates {
        let mut lines = String::new();
        for case in &c.cases {
            let body = serde_json::to_string(&case.json).unwrap();
            lines.push_str(&json!({"key": case.key, "body": body}).to_string());
            lines.push('\n');
        }
        std::fs::write(c.dir.join("roundtrip-cases.jsonl"), lines).unwrap();
    }
    let generated_in = started.elapsed();

    let mut test = cargo_in_scratch(&scratch, &["test", "--quiet", "--test", "roundtrip"]);
    for c in &crates {
        test.args(["-p", &c.name]);
    }
    assert_runs(&mut test, "a round-trip harness does not build or run");

    let mut failures = vec![];
    let mut summary = String::new();
    let mut total = 0;
    for c in &crates {
        let results = std::fs::read_to_string(c.dir.join("roundtrip-results.jsonl"))
            .expect("the harness wrote its results");
        let results: Vec<Value> = results
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            results.len(),
            c.cases.len(),
            "{}: one result per case",
            c.spec
        );
        let valid = c.cases.len() - c.must_fail;
        let mut per_key: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, (case, result)) in c.cases.iter().zip(&results).enumerate() {
            if i >= valid {
                assert!(
                    result.get("error").is_some(),
                    "{}: `{}` decoded a body without one of its required properties, so the \
                     round trip could not fail: {}",
                    c.spec,
                    case.key,
                    case.json
                );
                continue;
            }
            *per_key.entry(&case.key).or_default() += 1;
            let problem = match (result.get("ok"), result.get("error")) {
                (Some(back), _) => roundtrip::first_difference(&case.json, back)
                    .map(|d| format!("changed by the round trip: {d}")),
                (None, Some(error)) => Some(error.as_str().unwrap_or_default().to_string()),
                _ => Some("no result".into()),
            };
            if let Some(problem) = problem {
                failures.push((c.spec.clone(), case.clone(), problem));
            }
        }
        total += valid;
        summary.push_str(&format!(
            "  {}: {valid} bodies over {} responses and types ({} with a required property removed, rejected)\n",
            c.spec,
            per_key.len(),
            c.must_fail
        ));
        if c.spec == "telnyx-oauth" {
            for (key, count) in &per_key {
                summary.push_str(&format!("    {key}: {count}\n"));
            }
        }
    }
    eprintln!(
        "round trip: {total} bodies (seed {seed}), generated in {generated_in:.1?}, all in {:.1?}\n{summary}",
        started.elapsed()
    );
    if !failures.is_empty() {
        let mut report = String::new();
        // One saved case per response and kind of problem (the place where it shows).
        let mut saved = std::collections::BTreeSet::new();
        for (spec, case, problem) in failures.iter().take(20) {
            let kind = problem.split(": ").take(2).collect::<Vec<_>>().join(": ");
            let path = if case.seed.is_none() {
                "(a saved regression case)".into()
            } else if saved.insert((spec, &case.key, kind)) {
                save_regression(spec, case, problem).display().to_string()
            } else {
                "(not saved: like the one above)".into()
            };
            report.push_str(&format!(
                "{spec} `{}` (seed {}): {problem}\n  body: {}\n  saved as {path}\n",
                case.key,
                case.seed.map_or("-".into(), |s| s.to_string()),
                case.json
            ));
        }
        panic!(
            "{} of {total} bodies do not round-trip (first 20 shown, one per response and problem saved under tests/{REGRESSIONS}/; \
             fix the generator, then commit them so they are replayed):\n{report}",
            failures.len()
        );
    }
}
