//! The docs emitter end to end: snapshots of every variant's `SKILL.md` (and one translation and one
//! `api-details.md`), the translation catalogs exactly cover what the docs use, every file carries
//! the generated marker early enough for stale-file cleanup, and the docs avoid the official
//! material's known defects (wrong paths, `/.well-known` under `/v2`, `response.data.X` without a
//! `data` wrapper, JavaScript calls without a body object). Running the examples is
//! `cargo xtask test`'s job (`xtask/src/verify_docs.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use codegen::diagnostic::Diagnostic;
use codegen::emit::docs::i18n::Catalog;
use codegen::emit::docs::{emit_docs, example_index, TranslationReport};
use codegen::files::GENERATED_MARKER;
use codegen::model::{ApiModel, Success, TypeKind, TypeRef};
use codegen::{generate, Generation, Inputs};
use workspace_tests::workspace_root;

const VARIANTS: [&str; 7] = ["rust", "python", "javascript", "go", "java", "ruby", "curl"];

fn telnyx() -> Generation {
    generate(&Inputs::read_spec(workspace_root().join("spec/telnyx-oauth.yaml")).unwrap())
        .expect("the spec generates")
}

fn file<'a>(g: &'a Generation, path: &str) -> &'a str {
    g.files
        .get(path)
        .unwrap_or_else(|| panic!("{path} is not generated"))
}

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// `## ` sections of a Markdown file by heading.
fn sections(markdown: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            if let Some((t, body)) = current.take() {
                out.insert(t, body);
            }
            current = Some((title.to_string(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((t, body)) = current {
        out.insert(t, body);
    }
    out
}

/// Whether an operation's success body has a `data` wrapper.
fn wrapped(model: &ApiModel, success: &Success) -> bool {
    let Success::Json(TypeRef::Named(id)) = success else {
        return false;
    };
    matches!(&model.ty(*id).kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.name == "data"))
}

#[test]
fn skill_snapshots() {
    let g = telnyx();
    let settings = snapshot_settings();
    settings.bind(|| {
        for variant in VARIANTS {
            let path = format!("docs/telnyx-oauth-{variant}/SKILL.md");
            insta::assert_snapshot!(format!("docs__{variant}_skill"), file(&g, &path));
        }
        insta::assert_snapshot!(
            "docs__python_skill_zh",
            file(&g, "docs/telnyx-oauth-python/SKILL.zh.md")
        );
        insta::assert_snapshot!(
            "docs__python_api_details",
            file(&g, "docs/telnyx-oauth-python/references/api-details.md")
        );
    });
}

#[test]
fn every_variant_has_its_doc_reference_translation_and_examples() {
    let g = telnyx();
    let index = example_index(&g.model);
    for variant in VARIANTS {
        for doc in [
            "SKILL.md",
            "SKILL.zh.md",
            "references/api-details.md",
            "references/api-details.zh.md",
        ] {
            file(&g, &format!("docs/telnyx-oauth-{variant}/{doc}"));
        }
        file(&g, &format!("examples/{variant}/README.md"));
        let examples: Vec<_> = index.iter().filter(|e| e.variant == variant).collect();
        // One per operation, and error handling.
        assert_eq!(examples.len(), 18, "{variant}");
        let skill = file(&g, &format!("docs/telnyx-oauth-{variant}/SKILL.md"));
        for e in examples {
            file(&g, &e.path);
            assert!(
                skill.contains(&format!("../../{}", e.path)),
                "{variant}: SKILL.md does not link {}",
                e.path
            );
        }
        let headings = sections(skill);
        for (_, op) in g.model.operations() {
            let summary = op.summary.as_deref().unwrap().trim();
            let section = headings
                .get(summary)
                .unwrap_or_else(|| panic!("{variant}: no section `{summary}`"));
            assert!(
                section.contains(&format!("`{} {}`", op.http_method, op.path)),
                "{variant}: `{summary}` does not show `{} {}`",
                op.http_method,
                op.path
            );
        }
    }
    // Rust examples are cargo examples of the generated crate.
    assert!(index
        .iter()
        .filter(|e| e.variant == "rust")
        .all(|e| e.path.starts_with("telnyx-oauth/examples/")));
}

/// The spec's catalogs, and what the docs emitter reports of each.
fn telnyx_translations() -> (Vec<Catalog>, Vec<TranslationReport>) {
    let spec = workspace_root().join("spec/telnyx-oauth.yaml");
    let inputs = Inputs::read_spec(&spec).unwrap();
    let (model, _) = codegen::load_model(&inputs).unwrap();
    let catalogs: Vec<Catalog> = inputs
        .catalogs
        .iter()
        .map(|file| Catalog::from_source(file.parse().unwrap()).unwrap())
        .collect();
    let (_, translations) = emit_docs(&model, &catalogs, "telnyx-oauth.yaml").unwrap();
    (catalogs, translations)
}

#[test]
fn translation_catalogs_hold_exactly_the_strings_in_use() {
    let (_, translations) = telnyx_translations();
    assert!(!translations.is_empty(), "no catalog found in spec/i18n/");
    for t in &translations {
        assert!(
            t.missing.is_empty(),
            "spec/i18n/{}.yaml lacks translations of: {:?}",
            t.lang,
            t.missing
        );
        assert!(
            t.unused.is_empty(),
            "spec/i18n/{}.yaml holds strings no doc uses any more (remove them): {:?}",
            t.lang,
            t.unused
        );
        assert!(
            t.stale.is_empty(),
            "spec/i18n/{}.yaml translates English the spec no longer says: {:?}",
            t.lang,
            t.stale
        );
        let prose = t.used.iter().filter(|id| id.starts_with('/')).count();
        assert!(
            prose > 200,
            "{}: the spec's prose is translated by JSON pointer ({prose} used)",
            t.lang
        );
    }
    let generation = telnyx();
    assert!(generation.notes.is_empty(), "{:?}", generation.notes);
}

/// The Python skill in the extra catalog's language `xx`.
const PYTHON_SKILL_XX: &str = "docs/telnyx-oauth-python/SKILL.xx.md";

/// Generation from a copy of the spec with its map and one extra catalog `xx`, in a scratch
/// folder `name`.
#[allow(clippy::result_large_err)] // `codegen::generate`'s own result
fn generate_with_catalog(name: &str, catalog: &str) -> Result<Generation, Diagnostic> {
    let root = workspace_root();
    let dir = root.join(format!("target/docs-test-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("i18n")).unwrap();
    for f in ["telnyx-oauth.yaml", "sdk.yaml"] {
        std::fs::copy(root.join("spec").join(f), dir.join(f)).unwrap();
    }
    std::fs::write(dir.join("i18n/xx.yaml"), catalog).unwrap();
    generate(&Inputs::read_spec(dir.join("telnyx-oauth.yaml")).unwrap())
}

#[test]
fn a_new_language_is_a_catalog_and_gaps_are_reported() {
    let g = generate_with_catalog(
        "new-language",
        "strings:\n  heading.setup: Einrichtung\n  no.such.id: nie benutzt\n",
    )
    .unwrap();
    let skill = file(&g, PYTHON_SKILL_XX);
    assert!(skill.contains("## Einrichtung"), "the translation is used");
    assert!(
        skill.contains("## Installation"),
        "missing strings fall back to English"
    );
    let notes = g.notes.join("\n");
    assert!(
        notes.contains("docs (xx):") && notes.contains("heading.installation"),
        "missing ids are listed: {notes}"
    );
    assert!(
        notes.contains("no longer used") && notes.contains("no.such.id"),
        "unused ids are listed: {notes}"
    );
}

#[test]
fn a_malformed_catalog_is_a_located_error() {
    let err = generate_with_catalog("bad-catalog", "strings:\n  a: [not, a, string]\n")
        .expect_err("rejected");
    let text = err.to_string();
    assert!(text.contains("xx.yaml"), "{text}");
    assert!(text.contains("= help: "), "{text}");
}

#[test]
fn every_generated_doc_and_example_carries_the_marker_early() {
    let g = telnyx();
    let ours = g.files.iter().filter(|(p, _)| {
        p.starts_with("docs")
            || p.starts_with("examples")
            || example_index(&g.model)
                .iter()
                .any(|e| Path::new(&e.path) == p.as_path())
    });
    let mut count = 0;
    for (path, text) in ours {
        let head = &text.as_bytes()[..text.len().min(512)];
        assert!(
            String::from_utf8_lossy(head).contains(GENERATED_MARKER),
            "{} has no generated marker in its first 512 bytes",
            path.display()
        );
        count += 1;
    }
    assert!(count > 150, "only {count} files checked");
}

#[test]
fn docs_avoid_the_official_materials_defects() {
    let g = telnyx();
    for (path, text) in g.files.iter() {
        if !(path.starts_with("docs") || path.starts_with("examples")) {
            continue;
        }
        let p = path.display();
        assert!(!text.contains("/oauth/clients"), "{p}: /oauth/clients");
        assert!(
            !text.contains("/oauth/grants/"),
            "{p}: /oauth/grants/{{id}}"
        );
        assert!(
            !text.contains("v2/.well-known"),
            "{p}: /.well-known under /v2"
        );
    }
    // `data` only where the response has a `data` wrapper.
    for variant in VARIANTS {
        let skill = file(&g, &format!("docs/telnyx-oauth-{variant}/SKILL.md"));
        let headings = sections(skill);
        for (_, op) in g.model.operations() {
            let section = &headings[op.summary.as_deref().unwrap().trim()];
            let reads_data = [".data.", ".data?.", ".Data.", ".data()."]
                .iter()
                .any(|d| section.contains(d));
            if reads_data {
                assert!(
                    wrapped(&g.model, &op.success),
                    "{variant}: `{}` reads `data` but its response has no data wrapper",
                    op.id
                );
            }
        }
    }
    // JavaScript: methods that send a body always get an object.
    let js = file(&g, "docs/telnyx-oauth-javascript/SKILL.md");
    assert!(
        js.contains("client.oauth.register({"),
        "register() needs a body object"
    );
    assert!(
        js.contains("client.oauthClients.update('3fa85f64-5717-4562-b3fc-2c963f66afa6', {"),
        "update(id) needs a body object"
    );
}

#[test]
fn operation_sections_list_every_parameter_required_first_and_the_real_response_fields() {
    let g = telnyx();
    let python = sections(file(&g, "docs/telnyx-oauth-python/SKILL.md"));
    let list = &python["List OAuth clients"];
    for wire in [
        "page[size]",
        "page[number]",
        "filter[client_type]",
        "filter[verified]",
        "filter[allowed_grant_types][contains]",
        "filter[name]",
        "filter[name][contains]",
        "filter[client_id]",
    ] {
        assert!(
            list.contains(&format!("(`{wire}`)")),
            "list: {wire} missing"
        );
    }
    assert!(list.contains("maximum 100"), "constraints are shown");
    assert!(
        list.contains("`confidential`, `public`"),
        "enum values are shown"
    );
    let authorize = &python["OAuth authorization endpoint"];
    let pos = |s: &str| authorize.find(s).unwrap_or_else(|| panic!("{s}"));
    assert!(
        pos("| `redirect_uri` |") < pos("| `scope` |"),
        "required first"
    );
    // Response fields: every field of the item, through `data` where there is one.
    let retrieve = &python["Get OAuth client"];
    for field in [
        "client_id",
        "client_secret",
        "org_id",
        "record_type",
        "require_pkce",
        "user_id",
    ] {
        assert!(
            retrieve.contains(&format!("`oauth_client.data.{field}`")),
            "retrieve: {field}"
        );
    }
    let token = &python["OAuth token endpoint"];
    assert!(token.contains("`response.access_token`") && !token.contains("response.data"));
    // Discovery: the URL at the host root.
    let metadata = &python["Authorization server metadata"];
    assert!(metadata.contains("`https://api.telnyx.com/.well-known/oauth-authorization-server`"));
}

#[test]
fn official_sdk_names_come_from_the_resource_map() {
    let g = telnyx();
    let go = file(&g, "docs/telnyx-oauth-go/SKILL.md");
    for call in [
        "client.OAuthClients.New(ctx",
        "client.OAuthClients.Get(ctx",
        "client.OAuth.GetJwks(ctx",
        "client.WellKnown.GetAuthorizationServerMetadata(ctx",
        "client.OAuth.GetAuthorize(ctx",
    ] {
        assert!(go.contains(call), "go: {call}");
    }
    let js = file(&g, "docs/telnyx-oauth-javascript/SKILL.md");
    assert!(js.contains("client.wellKnown.retrieveAuthorizationServerMetadata()"));
    let java = file(&g, "docs/telnyx-oauth-java/SKILL.md");
    assert!(java.contains("client.oauthClients().retrieve(\""));
    let ruby = file(&g, "docs/telnyx-oauth-ruby/SKILL.md");
    assert!(ruby.contains("client.oauth.token(\n  grant_type: :client_credentials,"));
}

/// What issue 13 found by compiling the docs against the real SDKs: return types, `Optional`s,
/// pages, the Maven coordinate, client authentication and the minimum runtimes.
#[test]
fn sdk_docs_follow_the_real_sdks() {
    let g = telnyx();
    let doc = |variant: &str| file(&g, &format!("docs/telnyx-oauth-{variant}/SKILL.md"));
    let (python, js, go, java, ruby) = (
        doc("python"),
        doc("javascript"),
        doc("go"),
        doc("java"),
        doc("ruby"),
    );
    // Go: the authorize call returns the body as a `*string` besides the error.
    assert!(go.contains("response, err := client.OAuth.GetAuthorize(ctx"));
    // Java: the artifact is `telnyx`, pinned; `data()` is an `Optional`; lists walk every page.
    assert!(java.contains("implementation(\"com.telnyx.sdk:telnyx:6.89.0\")"));
    assert!(java.contains("<artifactId>telnyx</artifactId>") && !java.contains("telnyx-java"));
    assert!(java.contains("oauthClient.data().orElseThrow().clientId()"));
    assert!(java.contains("for (var oauthClient : page.autoPager())"));
    // Token and introspection authenticate the OAuth client, per call, in every SDK.
    for (variant, text, header) in [
        (
            "python",
            &python,
            "extra_headers={\"Authorization\": f\"Basic {credentials}\"}",
        ),
        (
            "javascript",
            &js,
            "{ headers: { Authorization: `Basic ${credentials}` } }",
        ),
        (
            "go",
            &go,
            "option.WithHeader(\"Authorization\", \"Basic \"+credentials)",
        ),
        (
            "java",
            &java,
            ".putAdditionalHeader(\"Authorization\", \"Basic \" + credentials)",
        ),
        (
            "ruby",
            &ruby,
            "request_options: {extra_headers: {\"authorization\" => \"Basic #{credentials}\"}}",
        ),
    ] {
        // In both examples (and in the authentication lines).
        assert!(
            text.matches(header).count() >= 2,
            "{variant}: token and introspect"
        );
        assert!(text.contains("TELNYX_OAUTH_CLIENT_SECRET"), "{variant}");
    }
    // Minimum runtimes, from spec/sdk.yaml.
    assert!(go.contains("The SDK needs Go 1.22 or later."));
    assert!(java.contains("The SDK needs Java 8 or later."));
    assert!(ruby.contains("The SDK needs Ruby 3.2 or later."));
    assert!(!python.contains("The SDK needs"));
}

#[test]
fn a_spec_without_official_sdks_gets_rust_and_curl_docs_only() {
    let spec = workspace_root().join("tests/fixtures/specs/no_map.json");
    let g = generate(&Inputs::read_spec(&spec).unwrap()).unwrap();
    let mut variants: Vec<String> = g
        .files
        .iter()
        .filter_map(|(p, _)| {
            let s = p.to_str()?;
            let rest = s.strip_prefix("docs/")?;
            Some(rest.split('/').next()?.to_string())
        })
        .collect();
    variants.sort();
    variants.dedup();
    assert_eq!(variants.len(), 2, "{variants:?}");
    assert!(variants.iter().any(|v| v.ends_with("-rust")));
    assert!(variants.iter().any(|v| v.ends_with("-curl")));
}

/// An API key in a header, a cookie or the query reaches curl expanded by the shell: each API-key
/// example is run by bash with `curl` standing for a function that prints its arguments.
#[test]
fn curl_api_keys_are_expanded_by_the_shell() {
    let spec = workspace_root().join("tests/fixtures/specs/api_keys.yaml");
    let g = generate(&Inputs::read_spec(&spec).unwrap()).unwrap();
    for (stem, expected) in [
        ("header_via", "X-API-Key: k3y-value"),
        ("cookie_via", "session_key=k3y-value"),
        ("query_via", "api_key=k3y-value"),
    ] {
        let script = file(&g, &format!("examples/curl/{stem}.sh"));
        let shown = std::process::Command::new("bash")
            .args([
                "-c",
                &format!("curl() {{ printf '%s\\n' \"$@\"; }}\n{script}"),
            ])
            .env("KEYS_API_KEY", "k3y-value")
            .output()
            .expect("bash runs");
        let out = String::from_utf8_lossy(&shown.stdout);
        assert!(
            shown.status.success() && out.lines().any(|l| l.ends_with(expected)),
            "{stem}: curl was given\n{out}{}",
            String::from_utf8_lossy(&shown.stderr)
        );
    }
}

/// The variables a script's code (comments aside) expands, outside single quotes, minus those it
/// assigns: a second, separate reading of what `codegen`'s curl emitter derives its "Run:" lines from.
fn shell_variables(script: &str) -> Vec<String> {
    let code: String = script
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    // Drop single-quoted text (no expansion there); the scripts have no `\'` outside quotes.
    let mut unquoted = String::new();
    let mut quoted = false;
    let mut in_double = false;
    for c in code.chars() {
        match c {
            '"' if !quoted => in_double = !in_double,
            '\'' if !in_double => {
                quoted = !quoted;
                continue;
            }
            _ => {}
        }
        if !quoted {
            unquoted.push(c);
        }
    }
    let mut found = vec![];
    for piece in unquoted.split('$').skip(1) {
        let name: String = piece
            .trim_start_matches('{')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let assigned =
            unquoted.contains(&format!(" {name}=")) || unquoted.contains(&format!("\n{name}="));
        if !name.is_empty() && !assigned && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

#[test]
fn every_curl_run_line_names_every_variable_its_script_reads() {
    let g = telnyx();
    let mut checked = 0;
    let mut client_auth = 0;
    for e in example_index(&g.model)
        .iter()
        .filter(|e| e.variant == "curl")
    {
        let script = file(&g, &e.path);
        let run = script
            .lines()
            .find_map(|l| l.strip_prefix("# Run: "))
            .unwrap_or_else(|| panic!("{}: no `# Run:` line", e.path));
        let mut named: Vec<String> = run
            .split_whitespace()
            .filter_map(|w| w.strip_suffix("=..."))
            .map(str::to_string)
            .collect();
        let mut read = shell_variables(script);
        if read.iter().any(|v| v == "TELNYX_CLIENT_ID") {
            client_auth += 1;
        }
        named.sort();
        read.sort();
        assert_eq!(named, read, "{}: `Run: {run}`", e.path);
        checked += 1;
    }
    assert_eq!(checked, 18);
    assert!(
        client_auth >= 2,
        "token and introspection authenticate the client"
    );
    let token = file(&g, "examples/curl/oauth_token.sh");
    assert!(
        token.contains("# Run: TELNYX_CLIENT_ID=... TELNYX_CLIENT_SECRET=... bash oauth_token.sh"),
        "{token}"
    );
}

/// Lines of a Markdown file outside code blocks.
fn prose_lines(markdown: &str) -> Vec<&str> {
    let mut code = false;
    markdown
        .lines()
        .filter(|l| {
            if l.starts_with("```") {
                code = !code;
                return false;
            }
            !code
        })
        .collect()
}

#[test]
fn the_chinese_docs_show_no_untranslated_spec_prose() {
    let (catalogs, translations) = telnyx_translations();
    let zh = translations
        .iter()
        .find(|t| t.lang == "zh")
        .expect("spec/i18n/zh.yaml");
    let catalog = catalogs.iter().find(|c| c.lang == "zh").unwrap();
    // Every piece of the spec's prose the docs show, in English, unless its translation is the
    // same words (a proper name such as `JSON Web Key Set`).
    let english: Vec<(&String, &String)> = zh
        .english
        .iter()
        .filter(|(id, en)| {
            id.starts_with('/')
                && catalog
                    .spec
                    .get(*id)
                    .is_none_or(|entry| entry.text.trim() != en.trim())
        })
        .collect();
    assert!(
        english.len() > 150,
        "{} pieces of spec prose",
        english.len()
    );
    let g = telnyx();
    let mut lines = 0;
    for variant in VARIANTS {
        for doc in ["SKILL.zh.md", "references/api-details.zh.md"] {
            let path = format!("docs/telnyx-oauth-{variant}/{doc}");
            for line in prose_lines(file(&g, &path)) {
                lines += 1;
                // Table cells and list items are checked whole: a description is one cell.
                for part in line.split('|').map(str::trim) {
                    let part = part.trim_start_matches("- ").trim_start_matches("#").trim();
                    for (pointer, en) in &english {
                        assert!(
                            part != en.as_str() && !part.ends_with(&format!(": {en}")),
                            "{path}: `{line}` shows the spec's English at {pointer}"
                        );
                    }
                }
            }
        }
    }
    assert!(lines > 3000, "{lines} lines checked");
}

#[test]
fn spec_prose_missing_or_stale_in_a_catalog_is_reported_and_shown_in_english() {
    let g = generate_with_catalog(
        "stale-prose",
        "strings:\n  heading.setup: Einrichtung\nspec:\n  /paths/~1oauth_clients/get/summary:\n    en: List OAuth clients\n    text: OAuth-Clients auflisten\n  /paths/~1oauth_clients/post/summary:\n    en: Create an OAuth client (old wording)\n    text: Veraltete Übersetzung\n",
    )
    .unwrap();
    let skill = file(&g, PYTHON_SKILL_XX);
    assert!(
        skill.contains("## OAuth-Clients auflisten"),
        "translated by pointer"
    );
    assert!(
        !skill.contains("Veraltete") && skill.contains("## Create OAuth client"),
        "a stale entry is not shown; English is"
    );
    let note = |words: &str| {
        g.notes
            .iter()
            .find(|n| n.starts_with("docs (xx):") && n.contains(words))
            .unwrap_or_else(|| panic!("no note saying `{words}`: {:?}", g.notes))
    };
    let stale = note("no longer says");
    assert!(
        stale.ends_with(": /paths/~1oauth_clients/post/summary"),
        "exactly the stale entry is listed: {stale}"
    );
    let missing = note("have no translation");
    assert!(
        missing.contains("/paths/~1oauth_clients~1{id}/get/summary")
            && !missing.contains("/paths/~1oauth_clients/get/summary,"),
        "missing spec prose is listed by pointer: {missing}"
    );
}

/// The pagination notes say what each API's model says (its parameters, their bounds and default,
/// its meta object's fields), not what the Telnyx API says; an API without pagination has none.
#[test]
fn the_pagination_notes_come_from_the_model() {
    let skill = |fixture: &str, variant: &str| {
        let spec = workspace_root().join("tests/fixtures/specs").join(fixture);
        let g = generate(&Inputs::read_spec(&spec).unwrap()).unwrap();
        let suffix = format!("-{variant}/SKILL.md");
        let text = g
            .files
            .iter()
            .find(|(p, _)| p.to_str().is_some_and(|p| p.ends_with(&suffix)))
            .map(|(_, text)| text.clone());
        text.unwrap_or_else(|| panic!("{fixture}: no {variant} SKILL.md"))
    };
    for (fixture, note) in [
        (
            "composition.yaml",
            "- List endpoints are paginated with `page[number]` (from 1) and `page[size]` (1 to 50); the response's `meta` has `page_number` and `total_pages`.\n",
        ),
        (
            "shared_pages.yaml",
            "- List endpoints are paginated with `page[number]` and `page[size]`; the response's `meta` has `page_number`, `total_pages` and `total_results`.\n",
        ),
    ] {
        for variant in ["rust", "curl"] {
            let skill = skill(fixture, variant);
            assert!(skill.contains(note), "{fixture}: no `{note}` in\n{skill}");
            assert!(!skill.contains("1 to 100"), "{fixture}: {skill}");
        }
        let curl = skill(fixture, "curl");
        let walk = "- Pagination: request `page[number]=1`, `2`, ... until `meta.page_number` reaches `meta.total_pages` or `data` comes back empty.\n";
        assert!(curl.contains(walk), "{fixture}: no `{walk}` in\n{curl}");
    }
    let curl = skill("servers.yaml", "curl");
    assert!(
        !curl.contains("paginated") && !curl.contains("Pagination"),
        "{curl}"
    );
}
