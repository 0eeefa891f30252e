//! The docs' examples, proven by running them (part of `cargo xtask test`; alone: `cargo xtask
//! verify-docs`).
//!
//! Every example file under `generated/` (the list comes from the generator,
//! [`codegen::emit::docs::example_index`]) is checked:
//!
//! - **Python**: run with the real `telnyx` package from PyPI (pinned in `spec/sdk.yaml`);
//! - **JavaScript**: type-checked with `tsc --strict --checkJs`, then run with Node.js and the real
//!   `telnyx` npm package (pinned in `spec/sdk.yaml`);
//! - **curl**: run with curl, the host `https://api.telnyx.com` rewritten to the mock's;
//! - **Rust**: built (`cargo build --examples`) and run (`cargo run --example`);
//! - **Go**: `gofmt -l`, `go vet`, `go build`, then run, with the real `telnyx-go` module at the
//!   version pinned in `spec/sdk.yaml` (downloaded once from the Go module proxy; module cache,
//!   GOPATH and build cache in `.tools/go`, `GOTOOLCHAIN=local`);
//! - **Java**: compiled with `javac`, then run, with the real `com.telnyx.sdk:telnyx` artifact at
//!   the pinned version (resolved once by Maven from Maven Central into `.tools/m2`);
//! - **Ruby**: `ruby -c`, then run on the strict stand-in gem in `xtask/stubs/ruby`, which takes
//!   the gem's names from [`crate::ruby_surface`] (derived from `spec/sdk.yaml` and the spec) and
//!   sends its requests to the mock like the other SDKs.
//!
//! The runs go to Prism (started on 127.0.0.1, on [`codegen::mock::prism_spec`]'s copy of the spec:
//! `/v2` in front of every path but `/.well-known/*`) through a small recording proxy, so each
//! request is seen whole. A run passes only if it exits 0, made at least one request, every answer
//! is 2xx, no request failed Prism's validation (`--errors`; its log is scanned too), one request
//! is the example's own operation (method and path, under the right prefix), and every query string
//! is valid for the original spec (declared names, enum values, integer ranges: Prism does not
//! check bracketed names such as `page[size]`).
//!
//! The proxy answers 401 itself to a token or introspection request (an operation guarded by an
//! `oauth2` scheme) that does not authenticate the OAuth client ([`check_client_auth`]): Prism's
//! stand-in scheme cannot tell HTTP Basic from the API key's Bearer.
//!
//! When a registry does not serve the pinned Go or Java SDK, those examples are compiled against
//! the stand-ins in `xtask/stubs/` instead, are not run, and the output says so loudly (a failure
//! with `REQUIRE_REAL_SDKS=1`).
//!
//! Negative cases then break copies of examples (wrong method name, wrong path, `/v2` dropped,
//! `/.well-known` under `/v2`, out-of-range `page[size]`, bad enum values, a body object left out,
//! the OAuth client's authentication left out; for Ruby also a wrong resource, a misspelt keyword
//! and a field the response lacks) and check that each is caught.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use codegen::emit::docs::{example_index, ExampleInfo};
use codegen::mock::{
    check_client_auth, check_query, percent_decode, prism_spec, server_path, PrismOptions,
};
use codegen::model::{ApiModel, AuthKind, SdkLanguage, ServerChoice};
use serde_json::Value;

use crate::tools::{self, Source, Tool};

/// Pinned npm packages besides the SDK: the type checker and Node's types for it.
const TYPESCRIPT: (&str, &str) = ("typescript", "5.9.3");
const TYPES_NODE: (&str, &str) = ("@types/node", "20.19.43");
/// The API key the examples send to the mock.
const API_KEY: &str = "KEY-verify-docs";
/// The OAuth client's id and secret the examples that authenticate it send.
const CLIENT_ID: &str = "verify-docs-client";
const CLIENT_SECRET: &str = "verify-docs-secret";
/// How long one example may run.
const RUN_TIMEOUT: Duration = Duration::from_secs(90);
/// How long Prism may take to start answering.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs every check, adds its counts to the caller's, and prints `verify-docs: N passed, N failed`.
pub fn run(
    root: &Path,
    tools: &Path,
    passed: &mut usize,
    failed: &mut usize,
    failures: &mut Vec<String>,
) {
    println!(
        "\n==> verify the docs' examples (generated/examples, generated/telnyx-oauth/examples)"
    );
    let mut v = Verifier::new(root, tools);
    if let Err(e) = v.run_all() {
        v.check("verify-docs: set-up", Err(e));
    }
    v.stop_mock();
    println!("verify-docs: {} passed, {} failed", v.passed, v.failed);
    *passed += v.passed;
    *failed += v.failed;
    failures.extend(std::mem::take(&mut v.failures));
}

/// `cargo xtask verify-docs`: only this part of `cargo xtask test`.
pub fn run_alone() -> Result<(), String> {
    let root = crate::workspace_root();
    let tools = root.join(".tools");
    let (mut passed, mut failed, mut failures) = (0, 0, vec![]);
    run(&root, &tools, &mut passed, &mut failed, &mut failures);
    for f in &failures {
        println!("FAILED: {f}");
    }
    if failed > 0 {
        Err(format!("{failed} docs checks failed"))
    } else {
        Ok(())
    }
}

/// One request as the proxy saw it.
#[derive(Debug, Clone)]
struct Record {
    method: String,
    target: String,
    status: u16,
    /// Why the proxy answered itself instead of Prism (no OAuth client authentication).
    refused: Option<String>,
}

/// What a command did.
pub(crate) struct Outcome {
    pub success: bool,
    pub output: String,
}

struct Mock {
    prism: Child,
    proxy_port: u16,
    records: Arc<Mutex<Vec<Record>>>,
    stop: Arc<AtomicBool>,
    log: PathBuf,
}

/// An official SDK fetched from its registry at the version `spec/sdk.yaml` pins.
struct RealSdk {
    /// Go module path or Maven `group:artifact`.
    package: String,
    version: String,
    /// Java: the artifact's classpath, dependencies included (empty for Go).
    classpath: String,
}

struct Verifier {
    root: PathBuf,
    tools: PathBuf,
    work: PathBuf,
    model: Option<ApiModel>,
    /// The real Go SDK, or why it could not be had (then the stand-in is used, and said so).
    go_sdk: Result<RealSdk, String>,
    /// The real Java SDK, likewise.
    java_sdk: Result<RealSdk, String>,
    spec: Value,
    base_prefix: String,
    mock: Option<Mock>,
    passed: usize,
    failed: usize,
    failures: Vec<String>,
}

impl Verifier {
    fn new(root: &Path, tools: &Path) -> Verifier {
        Verifier {
            root: root.to_path_buf(),
            tools: tools.to_path_buf(),
            work: root.join("target/verify-docs"),
            model: None,
            go_sdk: Err("not fetched yet".into()),
            java_sdk: Err("not fetched yet".into()),
            spec: Value::Null,
            base_prefix: String::new(),
            mock: None,
            passed: 0,
            failed: 0,
            failures: vec![],
        }
    }

    fn check(&mut self, name: &str, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.passed += 1;
                println!("ok      {name}");
            }
            Err(why) => {
                self.failed += 1;
                println!("FAILED  {name}\n{}", indent(&why));
                self.failures.push(name.to_string());
            }
        }
    }

    fn run_all(&mut self) -> Result<(), String> {
        let spec_path = self.root.join("spec/telnyx-oauth.yaml");
        let inputs = codegen::Inputs::read_spec(&spec_path).map_err(|d| d.to_string())?;
        let (model, _) = codegen::load_model(&inputs).map_err(|d| d.to_string())?;
        self.spec = inputs.spec.parse().map_err(|d| d.to_string())?.value;
        self.base_prefix = server_path(self.spec.get("servers"))?;
        let index = example_index(&model);
        let _ = std::fs::remove_dir_all(&self.work);
        std::fs::create_dir_all(&self.work).map_err(|e| e.to_string())?;
        self.model = Some(model);

        let python = self.install_python();
        let node = self.install_node();
        // Go >= 1.22 and Java 17 with Maven are expected on the machine; Debian's packages are a
        // fallback only (bookworm's golang-go is 1.19, too old for the real Go SDK).
        let debian = |package, command, purpose| {
            tools::install(&self.tools, &Tool::debian(package, command, purpose))
        };
        let go = debian("golang-go", "go", "for the Go examples");
        let ruby = debian("ruby", "ruby", "for the Ruby examples");
        let javac = debian("default-jdk-headless", "javac", "for the Java examples");
        let started = Instant::now();
        if go.is_ok() {
            self.go_sdk = self.install_go_sdk();
        }
        if javac.is_ok() {
            self.java_sdk = debian("maven", "mvn", "for the Java examples")
                .and_then(|()| self.install_java_sdk());
        }
        println!(
            "(fetching the Go and Java SDKs: {:.1} s)",
            started.elapsed().as_secs_f64()
        );
        self.start_mock()?;

        let of = |variant: &str| -> Vec<ExampleInfo> {
            index
                .iter()
                .filter(|e| e.variant == variant)
                .cloned()
                .collect()
        };
        match &python {
            Ok(()) => self.python(&of("python")),
            Err(e) => self.check("python: install the telnyx package", Err(e.clone())),
        }
        match &node {
            Ok(()) => self.javascript(&of("javascript")),
            Err(e) => self.check("javascript: install telnyx and typescript", Err(e.clone())),
        }
        self.curl(&of("curl"));
        self.rust(&of("rust"));
        let started = Instant::now();
        match &go {
            Ok(()) => self.go(&of("go")),
            Err(e) => self.check("go: install Go", Err(e.clone())),
        }
        println!("(go: {:.1} s)", started.elapsed().as_secs_f64());
        let started = Instant::now();
        match &javac {
            Ok(()) => self.java(&of("java")),
            Err(e) => self.check("java: install javac", Err(e.clone())),
        }
        println!("(java: {:.1} s)", started.elapsed().as_secs_f64());
        match &ruby {
            Ok(()) => self.ruby(&of("ruby")),
            Err(e) => self.check("ruby: install Ruby", Err(e.clone())),
        }
        self.negatives(
            &index,
            python.is_ok(),
            node.is_ok(),
            go.is_ok(),
            javac.is_ok(),
            ruby.is_ok(),
        );
        self.real_sdks_report(go.is_ok(), javac.is_ok());
        Ok(())
    }

    /// Says loudly which official SDKs the examples could not be run with, and why; with
    /// `REQUIRE_REAL_SDKS=1` (for machines whose registries serve them) that is a failure.
    fn real_sdks_report(&mut self, go: bool, java: bool) {
        let required = std::env::var("REQUIRE_REAL_SDKS").is_ok_and(|v| v == "1");
        let missing: Vec<(String, String)> =
            [("go", go, &self.go_sdk), ("java", java, &self.java_sdk)]
                .into_iter()
                .filter(|(_, tool, _)| *tool)
                .filter_map(|(language, _, sdk)| {
                    sdk.as_ref()
                        .err()
                        .map(|why| (language.to_string(), why.clone()))
                })
                .collect();
        for (language, why) in missing {
            let name = format!("{language}: the examples run with the real official SDK");
            println!(
                "\n!!!!!!! NOT VERIFIED: the {language} examples were only compiled against the stand-in in xtask/stubs/{language}, and NOT RUN:\n{}\n!!!!!!! (set REQUIRE_REAL_SDKS=1 to make this a failure)",
                indent(&why)
            );
            if required {
                self.check(&name, Err(why));
            }
        }
    }

    /// The package and version `spec/sdk.yaml` pins for `language`.
    fn pinned(&self, language: SdkLanguage) -> Result<(String, String), String> {
        let sdk = self
            .model()
            .sdks
            .iter()
            .find(|s| s.language == language)
            .ok_or_else(|| format!("spec/sdk.yaml lists no {} SDK", language.key()))?;
        let version = sdk.tested_version.clone().ok_or_else(|| {
            format!(
                "spec/sdk.yaml pins no {0} SDK version (sdks.{0}.tested_version)",
                language.key()
            )
        })?;
        Ok((sdk.package.clone(), version))
    }

    fn model(&self) -> &ApiModel {
        self.model.as_ref().expect("loaded first")
    }

    // ----- installing ---------------------------------------------------------------------------

    fn install_python(&self) -> Result<(), String> {
        let (package, version) = self.pinned(SdkLanguage::Python)?;
        let tool = Tool::pip("venv", &package, &version, "for the Python examples");
        tools::install(&self.tools, &tool)
    }

    /// The JavaScript SDK, and the type checker with Node's types for it.
    fn install_node(&self) -> Result<(), String> {
        let (package, version) = self.pinned(SdkLanguage::JavaScript)?;
        for (package, version) in [(package.as_str(), version.as_str()), TYPESCRIPT, TYPES_NODE] {
            let tool = Tool::npm("node", package, version, "for the JavaScript examples");
            tools::install(&self.tools, &tool)?;
        }
        Ok(())
    }

    // ----- the mock -----------------------------------------------------------------------------

    fn start_mock(&mut self) -> Result<(), String> {
        let prism_bin = self.tools.join("node/node_modules/.bin/prism");
        if !prism_bin.exists() {
            return Err(format!("Prism is not installed at {}", prism_bin.display()));
        }
        let copy = prism_spec(&self.spec, &PrismOptions::default())?;
        let spec_path = self.work.join("telnyx-oauth.prism.json");
        std::fs::write(
            &spec_path,
            serde_json::to_vec_pretty(&copy).map_err(|e| e.to_string())?,
        )
        .map_err(|e| e.to_string())?;
        let mut last = String::new();
        for _ in 0..3 {
            let port = free_port()?;
            let log = self.work.join(format!("prism-{port}.log"));
            let file = std::fs::File::create(&log).map_err(|e| e.to_string())?;
            let mut prism = crate::commands::prism_mock(&prism_bin, port, &spec_path, file)
                .map_err(|e| e.to_string())?
                .spawn()
                .map_err(|e| format!("could not start Prism: {e}"))?;
            match wait_ready(&mut prism, port, &log) {
                Ok(()) => {
                    let (spec, base) = (self.spec.clone(), self.base_prefix.clone());
                    let gate: Gate = Arc::new(move |request: &Request| {
                        let path = path_of(&request.target);
                        let template = match operation_of(&spec, &base, &request.method, path) {
                            Ok(Some(t)) => t,
                            _ => return None,
                        };
                        check_client_auth(
                            &spec,
                            &request.method,
                            &template,
                            request.header("authorization").as_deref(),
                            request.header("content-type").as_deref(),
                            &request.body,
                        )
                        .err()
                    });
                    let (proxy_port, records, stop) = start_proxy(port, gate)?;
                    self.mock = Some(Mock {
                        prism,
                        proxy_port,
                        records,
                        stop,
                        log,
                    });
                    return Ok(());
                }
                Err(e) => {
                    let _ = prism.kill();
                    let _ = prism.wait();
                    last = e;
                }
            }
        }
        Err(format!("Prism did not start:\n{last}"))
    }

    fn stop_mock(&mut self) {
        if let Some(mut mock) = self.mock.take() {
            mock.stop.store(true, Ordering::SeqCst);
            // Wake the accept loop so it sees the flag.
            let _ = TcpStream::connect(("127.0.0.1", mock.proxy_port));
            let _ = mock.prism.kill();
            let _ = mock.prism.wait();
        }
    }

    fn origin(&self) -> String {
        let port = self.mock.as_ref().map_or(0, |m| m.proxy_port);
        format!("http://127.0.0.1:{port}")
    }

    /// The base URL an SDK gets for an example: the host root for operations served there (the
    /// official SDKs send them under an overridden base URL), else the default server's path.
    fn base_url_for(&self, info: &ExampleInfo) -> String {
        match &info.server {
            Some(ServerChoice::Origin(p)) => format!("{}{p}", self.origin()),
            _ => format!("{}{}", self.origin(), self.base_prefix),
        }
    }

    /// Runs `command` as one example and checks what it did against the mock.
    fn run_example(
        &mut self,
        name: &str,
        info: &ExampleInfo,
        command: &mut Command,
    ) -> Result<(), String> {
        let (start, log_start) = self.marks();
        let outcome = exec(command, RUN_TIMEOUT);
        let (records, log) = self.since(start, log_start);
        self.judge(info, &outcome, &records, &log).map_err(|why| {
            format!(
                "{name}: {why}\n--- output ---\n{}",
                tail(&outcome.output, 40)
            )
        })
    }

    fn marks(&self) -> (usize, u64) {
        let mock = self.mock.as_ref();
        let records = mock.map_or(0, |m| m.records.lock().map(|r| r.len()).unwrap_or(0));
        let log = mock
            .and_then(|m| std::fs::metadata(&m.log).ok())
            .map_or(0, |m| m.len());
        (records, log)
    }

    fn since(&self, start: usize, log_start: u64) -> (Vec<Record>, String) {
        // Prism writes its log asynchronously; give the last lines a moment.
        thread::sleep(Duration::from_millis(150));
        let Some(mock) = self.mock.as_ref() else {
            return (vec![], String::new());
        };
        let records = mock
            .records
            .lock()
            .map(|r| r[start.min(r.len())..].to_vec())
            .unwrap_or_default();
        let log = std::fs::read(&mock.log)
            .map(|b| String::from_utf8_lossy(&b[(log_start as usize).min(b.len())..]).into_owned())
            .unwrap_or_default();
        (records, log)
    }

    /// Whether a run did what its example should.
    fn judge(
        &self,
        info: &ExampleInfo,
        outcome: &Outcome,
        records: &[Record],
        log: &str,
    ) -> Result<(), String> {
        let mut problems = vec![];
        if !outcome.success {
            problems.push("the run failed (non-zero exit or timeout)".to_string());
        }
        if records.is_empty() {
            problems.push("it sent no request to the mock".into());
        }
        for r in records {
            if !(200..300).contains(&r.status) {
                problems.push(format!(
                    "{} {} was answered {}{}",
                    r.method,
                    r.target,
                    r.status,
                    r.refused
                        .as_deref()
                        .map(|why| format!(" by the proxy: {why}"))
                        .unwrap_or_default()
                ));
            }
            if let Err(why) = self.check_record(r) {
                problems.push(format!("{} {}: {why}", r.method, r.target));
            }
        }
        let violations: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("Violation") || l.contains("✖  error"))
            .collect();
        if !violations.is_empty() {
            problems.push(format!("Prism reported:\n{}", violations.join("\n")));
        }
        if let (Some(method), Some(template)) = (&info.http_method, &info.path_template) {
            let prefix = match &info.server {
                Some(ServerChoice::Origin(p)) => p.clone(),
                Some(ServerChoice::Absolute(url)) => {
                    server_path(Some(&serde_json::json!([{ "url": url }]))).unwrap_or_default()
                }
                _ => self.base_prefix.clone(),
            };
            let expected = format!("{prefix}{template}");
            let called = records
                .iter()
                .any(|r| &r.method == method && path_matches(&expected, path_of(&r.target)));
            if !called {
                problems.push(format!(
                    "no request was its operation `{method} {expected}` (requests: {})",
                    records
                        .iter()
                        .map(|r| format!("{} {}", r.method, r.target))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }

    /// A request is an operation of the original spec, with a valid query string.
    fn check_record(&self, r: &Record) -> Result<(), String> {
        match operation_of(&self.spec, &self.base_prefix, &r.method, path_of(&r.target))? {
            Some(template) => {
                check_query(&self.spec, &r.method, &template, &query_pairs(&r.target))
            }
            None => Err("no operation of the spec has this method and path".into()),
        }
    }

    /// The environment of an SDK example: the API key and the mock's base URL, and the OAuth
    /// client's id and secret (`TELNYX_OAUTH_CLIENT_*`) for examples that authenticate the
    /// client. `TELNYX_CLIENT_*` stay unset: with them the Python and JavaScript SDKs fetch access
    /// tokens by themselves, from the real host.
    fn env(&self, command: &mut Command, info: &ExampleInfo) {
        command
            .env("TELNYX_API_KEY", API_KEY)
            .env("TELNYX_BASE_URL", self.base_url_for(info))
            .env_remove("TELNYX_CLIENT_ID")
            .env_remove("TELNYX_CLIENT_SECRET");
        if self.takes_client_auth(info) {
            command
                .env("TELNYX_OAUTH_CLIENT_ID", CLIENT_ID)
                .env("TELNYX_OAUTH_CLIENT_SECRET", CLIENT_SECRET);
        }
    }

    /// Whether the example's operation authenticates the OAuth client (its first scheme).
    fn takes_client_auth(&self, info: &ExampleInfo) -> bool {
        let Some(id) = &info.operation_id else {
            return false;
        };
        self.model().operations().any(|(_, op)| {
            &op.id == id && op.security.schemes.first() == Some(&AuthKind::ClientBasic)
        })
    }

    // ----- Python -------------------------------------------------------------------------------

    fn python(&mut self, examples: &[ExampleInfo]) {
        let python = self.tools.join("venv/bin/python");
        for info in examples {
            let file = self.root.join("generated").join(&info.path);
            let mut c = Command::new(&python);
            c.arg(&file).current_dir(&self.work);
            self.env(&mut c, info);
            let name = format!("python: {}", info.path);
            let result = self.run_example(&name, info, &mut c);
            self.check(&name, result);
        }
    }

    // ----- JavaScript ---------------------------------------------------------------------------

    /// A folder with the `.mjs` files and `node_modules` (Node resolves packages from the file).
    fn js_dir(&self, name: &str, examples: &[ExampleInfo]) -> Result<PathBuf, String> {
        let dir = self.work.join(name);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let modules = dir.join("node_modules");
        if !modules.exists() {
            std::os::unix::fs::symlink(self.tools.join("node/node_modules"), &modules)
                .map_err(|e| format!("cannot link node_modules: {e}"))?;
        }
        for info in examples {
            let from = self.root.join("generated").join(&info.path);
            let to = dir.join(file_name(&info.path));
            std::fs::copy(&from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
        }
        std::fs::write(
            dir.join("tsconfig.json"),
            r#"{
  "compilerOptions": {
    "allowJs": true, "checkJs": true, "strict": true, "noEmit": true,
    "module": "nodenext", "moduleResolution": "nodenext", "target": "es2022",
    "types": ["node"], "skipLibCheck": true
  },
  "include": ["*.mjs"]
}
"#,
        )
        .map_err(|e| e.to_string())?;
        Ok(dir)
    }

    fn tsc(&self, dir: &Path) -> Outcome {
        let mut c = Command::new(self.tools.join("node/node_modules/.bin/tsc"));
        c.args(["-p", "tsconfig.json", "--pretty", "false"])
            .current_dir(dir);
        exec(&mut c, Duration::from_secs(180))
    }

    fn javascript(&mut self, examples: &[ExampleInfo]) {
        let dir = match self.js_dir("javascript", examples) {
            Ok(d) => d,
            Err(e) => return self.check("javascript: set-up", Err(e)),
        };
        let tsc = self.tsc(&dir);
        let errors = tsc_errors(&tsc.output);
        let tsc_ok = tsc.success && errors.is_empty();
        self.check(
            &format!(
                "javascript: tsc --strict --checkJs ({} files)",
                examples.len()
            ),
            if tsc_ok {
                Ok(())
            } else {
                Err(tail(&tsc.output, 40))
            },
        );
        for info in examples {
            let file = file_name(&info.path);
            let mut c = Command::new("node");
            c.arg(&file).current_dir(&dir);
            self.env(&mut c, info);
            let name = format!("javascript: {}", info.path);
            let mut result = self.run_example(&name, info, &mut c);
            if let Some(e) = errors.get(&file) {
                let why = format!("tsc: {e}");
                result = Err(match result {
                    Ok(()) => why,
                    Err(other) => format!("{why}\n{other}"),
                });
            }
            self.check(&name, result);
        }
    }

    // ----- curl ---------------------------------------------------------------------------------

    /// A copy of a curl example with the API's host pointed at the mock.
    fn curl_copy(&self, info: &ExampleInfo, text: &str) -> Result<PathBuf, String> {
        let dir = self.work.join("curl");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let host = self
            .model()
            .default_server
            .as_deref()
            .and_then(origin)
            .unwrap_or("https://api.telnyx.com")
            .to_string();
        let path = dir.join(file_name(&info.path));
        std::fs::write(&path, text.replace(&host, &self.origin())).map_err(|e| e.to_string())?;
        Ok(path)
    }

    fn run_curl(&mut self, name: &str, info: &ExampleInfo, text: &str) -> Result<(), String> {
        let path = self.curl_copy(info, text)?;
        let mut c = Command::new("bash");
        c.arg(&path)
            .current_dir(path.parent().unwrap_or(&self.work))
            .env("TELNYX_API_KEY", API_KEY)
            .env("TELNYX_CLIENT_ID", CLIENT_ID)
            .env("TELNYX_CLIENT_SECRET", CLIENT_SECRET);
        self.run_example(name, info, &mut c)
    }

    fn curl(&mut self, examples: &[ExampleInfo]) {
        for info in examples {
            let name = format!("curl: {}", info.path);
            let result = std::fs::read_to_string(self.root.join("generated").join(&info.path))
                .map_err(|e| e.to_string())
                .and_then(|text| self.run_curl(&name, info, &text));
            self.check(&name, result);
        }
    }

    // ----- Rust ---------------------------------------------------------------------------------

    fn cargo(&self) -> Command {
        let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        c.current_dir(&self.root);
        c
    }

    fn rust(&mut self, examples: &[ExampleInfo]) {
        let krate = self.model().package.crate_name.clone();
        let mut build = self.cargo();
        build.args(["build", "--quiet", "-p", &krate, "--examples"]);
        let built = exec(&mut build, Duration::from_secs(600));
        self.check(
            &format!("rust: cargo build -p {krate} --examples"),
            if built.success {
                Ok(())
            } else {
                Err(tail(&built.output, 40))
            },
        );
        if !built.success {
            return;
        }
        for info in examples {
            let stem = file_name(&info.path).trim_end_matches(".rs").to_string();
            let mut c = self.cargo();
            c.args(["run", "--quiet", "-p", &krate, "--example", &stem])
                .env("TELNYX_API_KEY", API_KEY)
                .env(
                    "TELNYX_BASE_URL",
                    format!("{}{}", self.origin(), self.base_prefix),
                )
                .env("TELNYX_CLIENT_ID", CLIENT_ID)
                .env("TELNYX_CLIENT_SECRET", CLIENT_SECRET);
            let name = format!("rust: {}", info.path);
            let result = self.run_example(&name, info, &mut c);
            self.check(&name, result);
        }
    }

    // ----- Go -----------------------------------------------------------------------------------

    /// The Go toolchain's environment (caches in `.tools/go`).
    fn go_env(&self, command: &mut Command) {
        tools::go_env(&self.tools, command);
    }

    /// Downloads the pinned module (`sdks.go` in `spec/sdk.yaml`) into `.tools/go/mod`, once.
    fn install_go_sdk(&self) -> Result<RealSdk, String> {
        let (module, version) = self.pinned(SdkLanguage::Go)?;
        let version = format!("v{}", version.trim_start_matches('v'));
        let tool = Tool {
            package: &module,
            version: &version,
            source: Source::GoModule,
            purpose: "for the Go examples",
        };
        tools::install(&self.tools, &tool)?;
        Ok(RealSdk {
            package: module.clone(),
            version: version.clone(),
            classpath: String::new(),
        })
    }

    /// A module with the examples (and any extra files), requiring the real SDK, or the stand-in
    /// in `xtask/stubs/go` when the real one could not be downloaded.
    fn go_module(&self, name: &str, files: &[(String, String)]) -> Result<PathBuf, String> {
        let dir = self.work.join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let go_mod = match &self.go_sdk {
            Ok(sdk) => format!(
                "module examples\n\ngo 1.22\n\nrequire {} {}\n",
                sdk.package, sdk.version
            ),
            Err(_) => {
                let (module, _) = self.pinned(SdkLanguage::Go)?;
                format!(
                    "module examples\n\ngo 1.22\n\nrequire {module} v4.0.0\n\nreplace {module} => {}\n",
                    self.root.join("xtask/stubs/go").display()
                )
            }
        };
        std::fs::write(dir.join("go.mod"), go_mod).map_err(|e| e.to_string())?;
        for (rel, text) in files {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            std::fs::write(&path, text).map_err(|e| e.to_string())?;
        }
        Ok(dir)
    }

    fn go_files(&self, examples: &[ExampleInfo]) -> Result<Vec<(String, String)>, String> {
        examples
            .iter()
            .map(|info| {
                let rel = info.path.trim_start_matches("examples/go/").to_string();
                std::fs::read_to_string(self.root.join("generated").join(&info.path))
                    .map(|t| (rel, t))
                    .map_err(|e| e.to_string())
            })
            .collect()
    }

    /// `gofmt -l`, `go vet` and `go build` of one package of `dir`; the binary is `dir/bin/<pkg>`.
    fn go_build(&self, dir: &Path, package_dir: &str) -> Result<PathBuf, String> {
        let mut fmt = Command::new("gofmt");
        fmt.args(["-l", package_dir]).current_dir(dir);
        let fmt = exec(&mut fmt, Duration::from_secs(60));
        if !fmt.success || !fmt.output.trim().is_empty() {
            return Err(format!("gofmt -l: not formatted\n{}", fmt.output));
        }
        let mut vet = Command::new("go");
        vet.args(["vet", &format!("./{package_dir}")])
            .current_dir(dir);
        self.go_env(&mut vet);
        let vet = exec(&mut vet, Duration::from_secs(600));
        if !vet.success {
            return Err(format!("go vet:\n{}", tail(&vet.output, 30)));
        }
        let bin = dir.join("bin").join(package_dir);
        let mut build = Command::new("go");
        build
            .args(["build", "-o"])
            .arg(&bin)
            .arg(format!("./{package_dir}"))
            .current_dir(dir);
        self.go_env(&mut build);
        let build = exec(&mut build, Duration::from_secs(600));
        if build.success {
            Ok(bin)
        } else {
            Err(format!("go build:\n{}", tail(&build.output, 30)))
        }
    }

    /// Builds one example and, with the real SDK, runs it against the mock.
    fn go_check(
        &mut self,
        name: &str,
        dir: &Path,
        package_dir: &str,
        info: &ExampleInfo,
    ) -> Result<(), String> {
        let bin = self.go_build(dir, package_dir)?;
        if self.go_sdk.is_err() {
            return Ok(());
        }
        let mut c = Command::new(bin);
        c.current_dir(dir);
        self.env(&mut c, info);
        self.run_example(name, info, &mut c)
    }

    fn go(&mut self, examples: &[ExampleInfo]) {
        let dir = match self
            .go_files(examples)
            .and_then(|f| self.go_module("go", &f))
        {
            Ok(d) => d,
            Err(e) => return self.check("go: set-up", Err(e)),
        };
        let how = match &self.go_sdk {
            Ok(sdk) => format!(
                "gofmt, go vet, go build, run with {}@{}",
                sdk.package, sdk.version
            ),
            Err(_) => "gofmt, go vet, go build against the stand-in; NOT RUN".into(),
        };
        for info in examples {
            let package = info
                .path
                .trim_start_matches("examples/go/")
                .trim_end_matches("/main.go")
                .to_string();
            let name = format!("go: {} ({how})", info.path);
            let result = self.go_check(&name, &dir, &package, info);
            self.check(&name, result);
        }
    }

    // ----- Java ---------------------------------------------------------------------------------

    /// Resolves the pinned artifact (`sdks.java` in `spec/sdk.yaml`) and its dependencies with
    /// Maven into `.tools/m2`, once.
    fn install_java_sdk(&self) -> Result<RealSdk, String> {
        let (coordinate, version) = self.pinned(SdkLanguage::Java)?;
        let tool = Tool {
            package: &coordinate,
            version: &version,
            source: Source::Maven,
            purpose: "for the Java examples",
        };
        tools::install(&self.tools, &tool)?;
        let classpath_file = tools::maven_classpath(&self.tools, &coordinate, &version)?;
        let classpath = std::fs::read_to_string(&classpath_file)
            .map_err(|e| format!("cannot read {}: {e}", classpath_file.display()))?;
        Ok(RealSdk {
            package: coordinate.clone(),
            version: version.clone(),
            classpath: classpath.trim().to_string(),
        })
    }

    /// The stand-in classes, compiled once (used only when the real SDK could not be resolved).
    fn java_stubs(&self) -> Result<PathBuf, String> {
        let out = self.work.join("java-stubs");
        if out.exists() {
            return Ok(out);
        }
        let mut sources = vec![];
        collect_files(&self.root.join("xtask/stubs/java"), "java", &mut sources);
        sources.extend(crate::java_stubs::write_params(
            &self.work.join("java-stubs-src"),
        )?);
        let mut c = Command::new("javac");
        c.arg("-d").arg(&out).args(&sources);
        let o = exec(&mut c, Duration::from_secs(180));
        if o.success {
            Ok(out)
        } else {
            Err(format!(
                "the Java stand-ins do not compile:\n{}",
                tail(&o.output, 30)
            ))
        }
    }

    /// The classpath the examples compile and run with: the real SDK's, else the stand-ins.
    fn java_classpath(&self) -> Result<String, String> {
        match &self.java_sdk {
            Ok(sdk) => Ok(sdk.classpath.clone()),
            Err(_) => Ok(self.java_stubs()?.display().to_string()),
        }
    }

    /// Compiles `files` (name → source) in one `javac` run into `dir_name/classes`; errors by file
    /// name.
    fn javac(
        &self,
        dir_name: &str,
        files: &[(String, String)],
    ) -> Result<BTreeMap<String, String>, String> {
        let classpath = self.java_classpath()?;
        let dir = self.work.join(dir_name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("classes")).map_err(|e| e.to_string())?;
        let mut paths = vec![];
        for (name, text) in files {
            let p = dir.join(name);
            std::fs::write(&p, text).map_err(|e| e.to_string())?;
            paths.push(p);
        }
        let mut c = Command::new("javac");
        c.arg("-cp")
            .arg(&classpath)
            .arg("-d")
            .arg(dir.join("classes"))
            .args(&paths);
        let o = exec(&mut c, Duration::from_secs(300));
        // `File.java:12: error: ...` starts an error; the lines after it (the source line, the
        // symbol) belong to it.
        let mut errors: BTreeMap<String, String> = BTreeMap::new();
        let mut current: Option<String> = None;
        for line in o.output.lines() {
            if let Some((file, rest)) = line.split_once(".java:") {
                if rest.contains("error") {
                    let name = format!("{}.java", file.rsplit('/').next().unwrap_or(file));
                    current = Some(name);
                } else {
                    current = None;
                }
            }
            if let Some(name) = &current {
                errors
                    .entry(name.clone())
                    .or_default()
                    .push_str(&format!("{line}\n"));
            }
        }
        if !o.success && errors.is_empty() {
            errors.insert("*".into(), tail(&o.output, 30));
        }
        Ok(errors)
    }

    /// Runs a compiled example class of `dir_name/classes` against the mock (real SDK only).
    fn java_run(&mut self, name: &str, dir_name: &str, info: &ExampleInfo) -> Result<(), String> {
        let Ok(sdk) = &self.java_sdk else {
            return Ok(());
        };
        let class = file_name(&info.path).trim_end_matches(".java").to_string();
        let classpath = format!(
            "{}:{}",
            self.work.join(dir_name).join("classes").display(),
            sdk.classpath
        );
        let mut c = Command::new("java");
        c.arg("-cp")
            .arg(classpath)
            .arg(&class)
            .current_dir(&self.work);
        self.env(&mut c, info);
        self.run_example(name, info, &mut c)
    }

    fn java(&mut self, examples: &[ExampleInfo]) {
        let files: Result<Vec<(String, String)>, String> = examples
            .iter()
            .map(|info| {
                std::fs::read_to_string(self.root.join("generated").join(&info.path))
                    .map(|t| (file_name(&info.path), t))
                    .map_err(|e| e.to_string())
            })
            .collect();
        let errors = match files.and_then(|f| self.javac("java", &f)) {
            Ok(e) => e,
            Err(e) => return self.check("java: set-up", Err(e)),
        };
        let how = match &self.java_sdk {
            Ok(sdk) => format!("javac, run with {}:{}", sdk.package, sdk.version),
            Err(_) => "javac against the stand-ins; NOT RUN".into(),
        };
        for info in examples {
            let name = format!("java: {} ({how})", info.path);
            let result = match errors
                .get(&file_name(&info.path))
                .or_else(|| errors.get("*"))
            {
                None => self.java_run(&name, "java", info),
                Some(e) => Err(e.clone()),
            };
            self.check(&name, result);
        }
    }

    // ----- Ruby ---------------------------------------------------------------------------------

    /// The gem's surface for the stand-in (`ruby_surface`), written once per run.
    fn ruby_surface(&self) -> Result<PathBuf, String> {
        let file = self.work.join("ruby-surface.json");
        if !file.exists() {
            let json = serde_json::to_string_pretty(&crate::ruby_surface::surface(self.model()))
                .map_err(|e| e.to_string())?;
            std::fs::write(&file, json).map_err(|e| format!("{}: {e}", file.display()))?;
        }
        Ok(file)
    }

    /// `ruby -c`, then a run on the strict stand-in gem, whose requests go to the mock through
    /// the recording proxy and are judged like every SDK's.
    fn ruby_check(&mut self, name: &str, info: &ExampleInfo, file: &Path) -> Result<(), String> {
        let mut syntax = Command::new("ruby");
        syntax.arg("-c").arg(file);
        let s = exec(&mut syntax, Duration::from_secs(60));
        if !s.success {
            return Err(format!("ruby -c:\n{}", s.output));
        }
        let surface = self.ruby_surface()?;
        let mut run = Command::new("ruby");
        run.arg("-I")
            .arg(self.root.join("xtask/stubs/ruby"))
            .arg(file)
            .current_dir(&self.work)
            .env("TELNYX_STUB_SURFACE", surface);
        self.env(&mut run, info);
        self.run_example(name, info, &mut run)
    }

    fn ruby(&mut self, examples: &[ExampleInfo]) {
        for info in examples {
            let name = format!("ruby: {} (ruby -c, run on the stand-in)", info.path);
            let file = self.root.join("generated").join(&info.path);
            let result = self.ruby_check(&name, info, &file);
            self.check(&name, result);
        }
    }

    // ----- negative cases -----------------------------------------------------------------------

    /// Breaks copies of examples and checks each is caught.
    fn negatives(
        &mut self,
        index: &[ExampleInfo],
        python: bool,
        node: bool,
        go: bool,
        java: bool,
        ruby: bool,
    ) {
        // (description, example path, from, to, what the failure must mention)
        let curl_cases: [(&str, &str, &str, &str, &str); 5] = [
            (
                "missing client authentication",
                "examples/curl/oauth_introspect.sh",
                "-u \"$TELNYX_CLIENT_ID:$TELNYX_CLIENT_SECRET\"",
                "-H \"X-Unused: $TELNYX_CLIENT_ID:$TELNYX_CLIENT_SECRET\"",
                "no OAuth client authentication",
            ),
            (
                "wrong path (/oauth/clients for /oauth_clients)",
                "examples/curl/oauth_clients_list.sh",
                "/v2/oauth_clients",
                "/v2/oauth/clients",
                "404",
            ),
            (
                "/v2 left out",
                "examples/curl/oauth_retrieve_jwks.sh",
                "/v2/oauth/jwks",
                "/oauth/jwks",
                "404",
            ),
            (
                "/.well-known under /v2",
                "examples/curl/well_known_retrieve_authorization_server_metadata.sh",
                "api.telnyx.com/.well-known/",
                "api.telnyx.com/v2/.well-known/",
                "404",
            ),
            (
                "page[size] out of range (500)",
                "examples/curl/oauth_clients_list.sh",
                "page[size]=20",
                "page[size]=500",
                "above the maximum 100",
            ),
        ];
        self.negative_cases(index, "curl", &curl_cases, |v, case| {
            Ok(v.run_curl(&case.name, &case.info, &case.text))
        });

        if python {
            let cases: [(&str, &str, &str, &str, &str); 3] = [
                (
                    "missing client authentication",
                    "examples/python/oauth_introspect.py",
                    "extra_headers={\"Authorization\":",
                    "extra_headers={\"X-Unused\":",
                    "no OAuth client authentication",
                ),
                (
                    "wrong method name",
                    "examples/python/oauth_retrieve_jwks.py",
                    ".retrieve_jwks(",
                    ".retrieve_jwk(",
                    "AttributeError",
                ),
                (
                    "bad enum value",
                    "examples/python/oauth_token.py",
                    "\"client_credentials\"",
                    "\"bogus_grant\"",
                    "allowed values",
                ),
            ];
            self.negative_cases(index, "python", &cases, |v, case| {
                let file = v.work.join("negative.py");
                std::fs::write(&file, &case.text).map_err(|e| e.to_string())?;
                let mut c = Command::new(v.tools.join("venv/bin/python"));
                c.arg(&file).current_dir(&v.work);
                v.env(&mut c, &case.info);
                Ok(v.run_example(&case.name, &case.info, &mut c))
            });
        }

        if node {
            let cases: [(&str, &str, &str, &str, &str); 4] = [
                (
                    "missing client authentication",
                    "examples/javascript/oauth_introspect.mjs",
                    "{ headers: { Authorization:",
                    "{ headers: { 'X-Unused':",
                    "no OAuth client authentication",
                ),
                (
                    "register() without a body object",
                    "examples/javascript/oauth_register.mjs",
                    "client.oauth.register({ client_name: 'Example App' })",
                    "client.oauth.register()",
                    "TS2554",
                ),
                (
                    "wrong method name",
                    "examples/javascript/oauth_clients_retrieve.mjs",
                    "oauthClients.retrieve(",
                    "oauthClients.get(",
                    "TS2339",
                ),
                (
                    "bad enum value",
                    "examples/javascript/oauth_token.mjs",
                    "'client_credentials'",
                    "'bogus_grant'",
                    "TS2322",
                ),
            ];
            self.negative_cases(index, "javascript", &cases, |v, case| {
                let dir = v.js_dir(&format!("javascript-negative-{}", case.number), &[])?;
                let file = file_name(&case.info.path);
                std::fs::write(dir.join(&file), &case.text).map_err(|e| e.to_string())?;
                let tsc = v.tsc(&dir);
                let mut problems = vec![];
                if !tsc.success {
                    problems.push(format!("tsc: {}", tail(&tsc.output, 10)));
                }
                let mut c = Command::new("node");
                c.arg(file).current_dir(&dir);
                v.env(&mut c, &case.info);
                if let Err(e) = v.run_example(&case.name, &case.info, &mut c) {
                    problems.push(e);
                }
                Ok(if problems.is_empty() {
                    Ok(())
                } else {
                    Err(problems.join("\n"))
                })
            });
        }

        if go {
            // (description, example path, from, to, what the failure must mention, needs a run)
            let cases: [(&str, &str, &str, &str, &str, bool); 3] = [
                (
                    "wrong method name (Retrieve for Get)",
                    "examples/go/oauth_clients_retrieve/main.go",
                    "OAuthClients.Get(",
                    "OAuthClients.Retrieve(",
                    "Retrieve",
                    false,
                ),
                (
                    "missing client authentication",
                    "examples/go/oauth_introspect/main.go",
                    "option.WithHeader(\"Authorization\",",
                    "option.WithHeader(\"X-Unused\",",
                    "no OAuth client authentication",
                    true,
                ),
                (
                    "bad enum value",
                    "examples/go/oauth_token/main.go",
                    "telnyx.OAuthTokenParamsGrantTypeClientCredentials",
                    "telnyx.OAuthTokenParamsGrantType(\"bogus_grant\")",
                    "was answered 4",
                    true,
                ),
            ];
            let cases = runnable("go", &cases, self.go_sdk.is_ok());
            self.negative_cases(index, "go", &cases, |v, case| {
                let dir =
                    v.go_module("go-negative", &[("neg/main.go".into(), case.text.clone())])?;
                Ok(v.go_check(&case.name, &dir, "neg", &case.info))
            });
        }

        if java {
            let cases: [(&str, &str, &str, &str, &str, bool); 2] = [
                (
                    "wrong method name (retrieveJwk)",
                    "examples/java/OAuthRetrieveJwks.java",
                    ".retrieveJwks()",
                    ".retrieveJwk()",
                    "retrieveJwk",
                    false,
                ),
                (
                    "missing client authentication",
                    "examples/java/OAuthIntrospect.java",
                    ".putAdditionalHeader(\"Authorization\",",
                    ".putAdditionalHeader(\"X-Unused\",",
                    "no OAuth client authentication",
                    true,
                ),
            ];
            let cases = runnable("java", &cases, self.java_sdk.is_ok());
            self.negative_cases(index, "java", &cases, |v, case| {
                let file = file_name(&case.info.path);
                let errors = v.javac("java-negative", &[(file, case.text.clone())])?;
                Ok(if errors.is_empty() {
                    v.java_run(&case.name, "java-negative", &case.info)
                } else {
                    Err(errors.values().cloned().collect())
                })
            });
        }

        if ruby {
            let cases: [(&str, &str, &str, &str, &str); 7] = [
                (
                    "bad enum value",
                    "examples/ruby/oauth_token.rb",
                    ":client_credentials",
                    ":bogus_grant",
                    "not one of",
                ),
                (
                    "wrong method name",
                    "examples/ruby/oauth_retrieve_jwks.rb",
                    ".retrieve_jwks",
                    ".retrieve_jwk",
                    "undefined method",
                ),
                (
                    "wrong resource name",
                    "examples/ruby/oauth_clients_list.rb",
                    "client.oauth_clients.list",
                    "client.oauth_client.list",
                    "undefined method",
                ),
                (
                    "misspelt keyword (page_sze)",
                    "examples/ruby/oauth_clients_list.rb",
                    "page_size:",
                    "page_sze:",
                    "unknown keyword",
                ),
                (
                    "bracketed wire name as keyword",
                    "examples/ruby/oauth_clients_list.rb",
                    "page_size:",
                    "\"page[size]\":",
                    "unknown keyword",
                ),
                (
                    "a field the response does not have",
                    "examples/ruby/oauth_token.rb",
                    "response.access_token",
                    "response.accesstoken",
                    "undefined method",
                ),
                (
                    "page[size] out of range (500), caught by the mock",
                    "examples/ruby/oauth_clients_list.rb",
                    "page_size: 20",
                    "page_size: 500",
                    "above the maximum 100",
                ),
            ];
            self.negative_cases(index, "ruby", &cases, |v, case| {
                let file = v.work.join("negative.rb");
                std::fs::write(&file, &case.text).map_err(|e| e.to_string())?;
                Ok(v.ruby_check(&case.name, &case.info, &file))
            });
        }
    }

    /// Runs the negative cases of `language`. Each case breaks a copy of an example (the
    /// example at `path`, with `from` replaced by `to`) and gives it to `check`, which answers
    /// `Err` when it could not check it, or else the check's outcome; the case passes when that
    /// outcome is a failure that mentions `mention`.
    fn negative_cases(
        &mut self,
        index: &[ExampleInfo],
        language: &str,
        cases: &[NegativeCase],
        mut check: impl FnMut(&mut Self, &BrokenExample) -> Result<Result<(), String>, String>,
    ) {
        for (number, &(what, path, from, to, mention)) in cases.iter().enumerate() {
            let name = format!("negative: {language}, {what}, is rejected");
            let result = match index.iter().find(|e| e.path == path) {
                None => Err(format!("no example {path}")),
                Some(info) => {
                    let original = std::fs::read_to_string(self.root.join("generated").join(path))
                        .unwrap_or_default();
                    mutate(&original, from, to).and_then(|text| {
                        let case = BrokenExample {
                            number,
                            name: name.clone(),
                            info: info.clone(),
                            text,
                        };
                        check(self, &case).and_then(|outcome| expect_failure(outcome, mention))
                    })
                }
            };
            self.check(&name, result);
        }
    }
}

impl Drop for Verifier {
    fn drop(&mut self) {
        self.stop_mock();
    }
}

// ----- helpers -----------------------------------------------------------------------------------

/// A negative case: (description, example path, from, to, what the failure must mention).
type NegativeCase<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

/// An example broken by a [`NegativeCase`], to be checked.
struct BrokenExample {
    /// Its place in its language's cases.
    number: usize,
    /// The check's name: `negative: go, <description>, is rejected`.
    name: String,
    /// The example it is a broken copy of.
    info: ExampleInfo,
    /// Its broken text.
    text: String,
}

/// The cases (each with whether it needs a run to be caught) that can be checked: without the
/// real SDK (`sdk` false) only the stand-in compiles the examples, so a case that needs a run is
/// left out, and said NOT RUN.
fn runnable<'a>(
    language: &str,
    cases: &[(&'a str, &'a str, &'a str, &'a str, &'a str, bool)],
    sdk: bool,
) -> Vec<NegativeCase<'a>> {
    let mut kept = vec![];
    for &(what, path, from, to, mention, needs_run) in cases {
        if needs_run && !sdk {
            println!(
                "NOT RUN negative: {language}, {what}, is rejected (it needs the real SDK to run)"
            );
        } else {
            kept.push((what, path, from, to, mention));
        }
    }
    kept
}

/// `text` with `from` replaced by `to`; an error if `from` is not there (the case would test
/// nothing).
fn mutate(text: &str, from: &str, to: &str) -> Result<String, String> {
    if text.contains(from) {
        Ok(text.replace(from, to))
    } else {
        Err(format!(
            "the example no longer contains `{from}`: update this negative case"
        ))
    }
}

/// A negative case passes when the check failed, for the expected reason.
fn expect_failure(result: Result<(), String>, mention: &str) -> Result<(), String> {
    match result {
        Ok(()) => Err("the broken example passed verification".into()),
        Err(why) if why.contains(mention) => Ok(()),
        Err(why) => Err(format!(
            "it failed, but not for the expected reason (`{mention}`):\n{why}"
        )),
    }
}

/// Runs a command with a time limit, stdout and stderr together.
pub(crate) fn exec(command: &mut Command, timeout: Duration) -> Outcome {
    let out = std::env::temp_dir().join(format!(
        "verify-docs-{}-{}.out",
        std::process::id(),
        Instant::now().elapsed().as_nanos() ^ (timeout.as_nanos() + rand_suffix())
    ));
    let file = match std::fs::File::create(&out) {
        Ok(f) => f,
        Err(e) => {
            return Outcome {
                success: false,
                output: e.to_string(),
            }
        }
    };
    let err_file = file.try_clone();
    command.stdin(Stdio::null()).stdout(file);
    if let Ok(f) = err_file {
        command.stderr(f);
    }
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Outcome {
                success: false,
                output: format!("could not run {:?}: {e}", command.get_program()),
            }
        }
    };
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    let mut output = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    if status.is_none() {
        output.push_str(&format!("\n(timed out after {timeout:?})"));
    }
    Outcome {
        success: status.is_some_and(|s| s.success()),
        output,
    }
}

fn rand_suffix() -> u128 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free local port: {e}"))
}

/// Waits until Prism answers a request that needs no credentials.
fn wait_ready(prism: &mut Child, port: u16, log: &Path) -> Result<(), String> {
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = prism.try_wait() {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            return Err(format!("Prism exited with {status}:\n{}", tail(&text, 30)));
        }
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let probe = "GET /.well-known/oauth-authorization-server HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            if s.write_all(probe.as_bytes()).is_ok() {
                let mut answer = String::new();
                let _ = s.read_to_string(&mut answer);
                if answer.starts_with("HTTP/1.1 2") {
                    return Ok(());
                }
            }
        }
        if started.elapsed() > STARTUP_TIMEOUT {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            return Err(format!(
                "Prism did not answer within {STARTUP_TIMEOUT:?}:\n{}",
                tail(&text, 30)
            ));
        }
        thread::sleep(Duration::from_millis(200));
    }
}

type ProxyHandles = (u16, Arc<Mutex<Vec<Record>>>, Arc<AtomicBool>);

/// One request as the proxy read it.
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

/// What the proxy checks before Prism sees a request: `Some(why)` refuses it with a 401.
type Gate = Arc<dyn Fn(&Request) -> Option<String> + Send + Sync>;

/// The template (`/oauth_clients/{id}`) of the spec's operation a request's method and path are,
/// under its server's path prefix.
fn operation_of(
    spec: &Value,
    base_prefix: &str,
    method: &str,
    path: &str,
) -> Result<Option<String>, String> {
    let paths = spec["paths"].as_object().ok_or("the spec has no paths")?;
    for (template, item) in paths {
        let prefix = match item.get("servers") {
            Some(s) => server_path(Some(s))?,
            None => base_prefix.to_string(),
        };
        if path_matches(&format!("{prefix}{template}"), path)
            && item.get(method.to_lowercase()).is_some()
        {
            return Ok(Some(template.clone()));
        }
    }
    Ok(None)
}

/// A recording HTTP/1.1 proxy on 127.0.0.1 in front of Prism: one request per connection
/// (`Connection: close` both ways), each recorded with its answer's status. A request `gate`
/// refuses is answered 401 by the proxy itself (Prism cannot check OAuth client authentication).
fn start_proxy(upstream: u16, gate: Gate) -> Result<ProxyHandles, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let records: Arc<Mutex<Vec<Record>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let (r, s) = (records.clone(), stop.clone());
    thread::spawn(move || {
        for stream in listener.incoming() {
            if s.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let (r, gate) = (r.clone(), gate.clone());
            thread::spawn(move || {
                if let Some(record) = relay(stream, upstream, &gate) {
                    if let Ok(mut all) = r.lock() {
                        all.push(record);
                    }
                }
            });
        }
    });
    Ok((port, records, stop))
}

/// Relays one request to Prism and its answer back, unless `gate` refuses it.
fn relay(client: TcpStream, upstream: u16, gate: &Gate) -> Option<Record> {
    let _ = client.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(client.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers: Vec<(String, String)> = vec![];
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            break;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut writer = client;
    if header("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").ok()?;
    }
    let mut body = vec![];
    if header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let n = usize::from_str_radix(size.trim().split(';').next()?.trim(), 16).ok()?;
            if n == 0 {
                let mut end = String::new();
                let _ = reader.read_line(&mut end);
                break;
            }
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk).ok()?;
            chunk.truncate(n);
            body.extend(chunk);
        }
    } else if let Some(n) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body = vec![0; n];
        reader.read_exact(&mut body).ok()?;
    }
    let request = Request {
        method,
        target,
        headers: headers.clone(),
        body,
    };
    if let Some(why) = gate(&request) {
        let answer = serde_json::json!({"errors": [{"code": "invalid_client", "title": "Unauthorized", "detail": why}]})
            .to_string();
        let _ = writer.write_all(
            format!(
                "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            )
            .as_bytes(),
        );
        let _ = writer.flush();
        let _ = writer.shutdown(Shutdown::Both);
        return Some(Record {
            method: request.method,
            target: request.target,
            status: 401,
            refused: Some(why),
        });
    }
    let Request {
        method,
        target,
        body,
        ..
    } = request;
    let mut upstream_request = format!("{method} {target} HTTP/1.1\r\n");
    for (k, v) in &headers {
        let lower = k.to_ascii_lowercase();
        if [
            "connection",
            "keep-alive",
            "transfer-encoding",
            "content-length",
            "expect",
            "proxy-connection",
        ]
        .contains(&lower.as_str())
        {
            continue;
        }
        upstream_request.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || header("content-length").is_some() {
        upstream_request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    upstream_request.push_str("Connection: close\r\n\r\n");
    let mut up = TcpStream::connect(("127.0.0.1", upstream)).ok()?;
    let _ = up.set_read_timeout(Some(Duration::from_secs(60)));
    up.write_all(upstream_request.as_bytes()).ok()?;
    up.write_all(&body).ok()?;
    let mut answer = vec![];
    let _ = up.read_to_end(&mut answer);
    let status = String::from_utf8_lossy(&answer[..answer.len().min(64)])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let _ = writer.write_all(&answer);
    let _ = writer.flush();
    let _ = writer.shutdown(Shutdown::Both);
    Some(Record {
        method,
        target,
        status,
        refused: None,
    })
}

/// The path of a request target, without its query.
fn path_of(target: &str) -> &str {
    target.split('?').next().unwrap_or(target)
}

/// Decoded `name=value` pairs of a request target's query.
fn query_pairs(target: &str) -> Vec<(String, String)> {
    let Some((_, query)) = target.split_once('?') else {
        return vec![];
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// Whether `path` fits `template` (`{name}` matches one non-empty segment).
fn path_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            if t.starts_with('{') && t.ends_with('}') {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

/// `https://host[:port]` of a URL.
fn origin(url: &str) -> Option<&str> {
    let after = url.find("://")? + 3;
    let end = url[after..].find('/').map_or(url.len(), |i| after + i);
    Some(&url[..end])
}

/// `tsc` errors by file name (`file.mjs(3,5): error TS2339: ...`).
fn tsc_errors(output: &str) -> BTreeMap<String, String> {
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    for line in output.lines() {
        if let Some((file, _)) = line.split_once('(') {
            if line.contains("error TS") {
                errors
                    .entry(file.rsplit('/').next().unwrap_or(file).to_string())
                    .or_default()
                    .push_str(&format!("{line}\n"));
            }
        }
    }
    errors
}

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}

fn collect_files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
}

pub(crate) fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("        {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries() {
        assert!(path_matches(
            "/v2/oauth_clients/{id}",
            "/v2/oauth_clients/abc"
        ));
        assert!(!path_matches(
            "/v2/oauth_clients/{id}",
            "/v2/oauth_clients/"
        ));
        assert!(!path_matches("/.well-known/x", "/v2/.well-known/x"));
        assert_eq!(
            query_pairs("/v2/x?page%5Bsize%5D=20&filter[name]=a+b"),
            vec![
                ("page[size]".to_string(), "20".to_string()),
                ("filter[name]".to_string(), "a b".to_string())
            ]
        );
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn negative_cases_need_their_target() {
        assert!(mutate("a b", "b", "c").is_ok());
        assert!(mutate("a b", "x", "c").is_err());
        assert!(expect_failure(Err("got 404".into()), "404").is_ok());
        assert!(expect_failure(Ok(()), "404").is_err());
        assert!(expect_failure(Err("other".into()), "404").is_err());
    }
}
