//! Everything a generation reads, read once, before it starts: the edge where files come in.
//!
//! [`Inputs::read`] is the only code of the generator that reads the file system (as
//! [`crate::files`] is the only one that writes it). It reads exactly the files of one spec: the
//! spec, its resource map (`sdk.yaml` beside it, or the one given), its changelog data
//! (`changelog.yaml` beside it) and its translation catalogs (`i18n/*.yaml`, `*.yml`, `*.json`
//! beside it), and nothing else. Each file keeps the path it was read from, so every diagnostic
//! about it names that file. [`crate::generate`] then works on the bytes alone; a caller with
//! its inputs in memory (the fuzzer, a tool reading from git) builds [`Inputs`] itself.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::diff::changelog;
use crate::source::SourceFile;

/// What to generate from, as paths: what [`Inputs::read`] reads.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// The OpenAPI document.
    pub spec: PathBuf,
    /// The resource map; `None` looks for `sdk.yaml` beside the spec (and uses defaults without one).
    pub resource_map: Option<PathBuf>,
    /// Treat warnings as errors.
    pub strict: bool,
}

impl GenerateOptions {
    /// Options for one spec, with the map beside it if there is one.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        GenerateOptions {
            spec: spec.into(),
            resource_map: None,
            strict: false,
        }
    }
}

/// One input file as read: where it came from (named in every message about it) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The path it was read from, as given (or the name to show for a file made in memory).
    pub path: PathBuf,
    /// Its contents, not yet checked to be UTF-8.
    pub bytes: Vec<u8>,
}

impl InputFile {
    /// A file held in memory, named `path` in messages.
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> InputFile {
        InputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }

    /// Reads `path`.
    pub fn read(path: &Path) -> Result<InputFile, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::file_error(
                path,
                format!("cannot read the file: {e}"),
                "check the path (pass another one with --spec) and that the file is readable UTF-8 text",
            )
        })?;
        Ok(InputFile::new(path, bytes))
    }

    /// Its text parsed as YAML or JSON (by its extension), with line:column for diagnostics.
    pub fn parse(&self) -> Result<SourceFile, Diagnostic> {
        SourceFile::from_bytes(&self.path, self.bytes.clone())
    }
}

/// Everything one generation reads, and how strictly to take it.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The OpenAPI document. Its file name is quoted in every generated file's header.
    pub spec: InputFile,
    /// The resource map (`sdk.yaml`); defaults from tags and operationIds without one.
    pub resource_map: Option<InputFile>,
    /// The changelog data (`changelog.yaml`) the crate's `CHANGELOG.md` is rendered from; no
    /// `CHANGELOG.md` without it.
    pub changelog: Option<InputFile>,
    /// Translation catalogs, one per language (named by the file's stem: `zh.yaml` is `zh`), in
    /// the order the docs are written in.
    pub catalogs: Vec<InputFile>,
    /// Treat warnings as errors.
    pub strict: bool,
}

impl Inputs {
    /// A spec alone: no resource map, changelog or catalog.
    pub fn new(spec: InputFile) -> Inputs {
        Inputs {
            spec,
            resource_map: None,
            changelog: None,
            catalogs: vec![],
            strict: false,
        }
    }

    /// Reads the spec `options` names and the files that go with it: the map given, or
    /// `sdk.yaml` beside the spec; `changelog.yaml` beside it; every catalog in `i18n/` beside it
    /// (sorted by file name). Files that are not there are left out; a file that is there but
    /// cannot be read is an error naming it.
    pub fn read(options: &GenerateOptions) -> Result<Inputs, Diagnostic> {
        let spec = InputFile::read(&options.spec)?;
        let dir = options.spec.parent().unwrap_or(Path::new("."));
        let map = options
            .resource_map
            .clone()
            .or_else(|| resource_map_beside(&options.spec));
        let changelog = Some(changelog::beside(&options.spec)).filter(|p| p.is_file());
        let catalogs = match std::fs::read_dir(dir.join("i18n")) {
            Ok(entries) => {
                let mut paths: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.extension()
                            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
                    })
                    .collect();
                paths.sort();
                paths
            }
            Err(_) => vec![],
        };
        Ok(Inputs {
            spec,
            resource_map: map.as_deref().map(InputFile::read).transpose()?,
            changelog: changelog.as_deref().map(InputFile::read).transpose()?,
            catalogs: catalogs
                .iter()
                .map(|p| InputFile::read(p))
                .collect::<Result<_, _>>()?,
            strict: options.strict,
        })
    }

    /// Reads the spec at `path` and what lies beside it ([`Inputs::read`] with default options).
    pub fn read_spec(path: impl Into<PathBuf>) -> Result<Inputs, Diagnostic> {
        Inputs::read(&GenerateOptions::new(path))
    }
}

/// The resource map conventionally kept beside a spec: `sdk.yaml` in the same folder, if there is
/// one.
pub fn resource_map_beside(spec: &Path) -> Option<PathBuf> {
    let candidate = spec.parent().unwrap_or(Path::new(".")).join("sdk.yaml");
    candidate.is_file().then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only this module and `files.rs` touch the file system: every other module of the
    /// generator (its code, not its tests) names no file-system API, so `generate` works on
    /// [`Inputs`] alone.
    #[test]
    fn the_core_does_no_file_access() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let forbidden = [
            "fs::",
            "File::",
            "read_dir",
            ".is_file()",
            ".is_dir()",
            ".exists()",
            "canonicalize",
            "current_dir",
        ];
        let mut dirs = vec![src.clone()];
        let mut checked = 0;
        let mut found = vec![];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let rel = path
                    .strip_prefix(&src)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                // The edges; and test modules kept in files of their own.
                if ["inputs.rs", "files.rs"].contains(&rel.as_str()) || rel.ends_with("/tests.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                let code = without_raw_strings(code);
                checked += 1;
                for (n, line) in code.lines().enumerate() {
                    let line = line.split("//").next().unwrap_or("");
                    if let Some(word) = forbidden.iter().find(|w| names(line, w)) {
                        found.push(format!(
                            "src/{rel}:{}: `{word}` in `{}`",
                            n + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
        assert!(
            checked > 20,
            "only {checked} files found under {}",
            src.display()
        );
        assert!(
            found.is_empty(),
            "file access outside inputs.rs and files.rs (read inputs in `Inputs::read`, write through `FileSet`):\n{}",
            found.join("\n")
        );
    }

    /// Whether `line` names `word` (`File::`, not `SourceFile::`).
    fn names(line: &str, word: &str) -> bool {
        line.match_indices(word).any(|(at, _)| {
            word.starts_with('.')
                || !line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        })
    }

    /// `code` with the contents of raw strings (`r#"..."#`: code the generator writes, such as
    /// the round-trip harness) blanked, lines kept.
    fn without_raw_strings(code: &str) -> String {
        let mut out = String::new();
        let mut rest = code;
        while let Some(start) = rest.find("r#\"") {
            out.push_str(&rest[..start]);
            let body = &rest[start..];
            let end = body.find("\"#").map_or(body.len(), |e| e + 2);
            out.extend(body[..end].chars().filter(|c| *c == '\n'));
            rest = &body[end..];
        }
        out.push_str(rest);
        out
    }

    /// `Inputs::read` takes the files of a spec's folder that belong to it, and nothing else.
    #[test]
    fn reads_the_spec_and_what_lies_beside_it() {
        let dir = std::env::temp_dir().join(format!("inputs-read-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("i18n")).unwrap();
        for (name, text) in [
            ("api.yaml", "openapi: 3.1.0\n"),
            ("sdk.yaml", "package: {}\n"),
            ("other.yaml", "docs: {}\n"),
            ("changelog.yaml", "entries: []\n"),
            ("i18n/zh.yaml", "strings: {}\n"),
            ("i18n/de.json", "{\"strings\": {}}"),
            ("i18n/notes.txt", "not a catalog"),
        ] {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let spec = dir.join("api.yaml");
        let inputs = Inputs::read_spec(&spec).unwrap();
        let given = |map: &str| {
            Inputs::read(&GenerateOptions {
                resource_map: Some(dir.join(map)),
                strict: true,
                ..GenerateOptions::new(&spec)
            })
        };
        let (other, missing) = (given("other.yaml").unwrap(), given("missing.yaml"));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(inputs.spec, InputFile::new(&spec, "openapi: 3.1.0\n"));
        assert_eq!(inputs.resource_map.unwrap().path, dir.join("sdk.yaml"));
        assert_eq!(inputs.changelog.unwrap().path, dir.join("changelog.yaml"));
        let catalogs: Vec<_> = inputs.catalogs.iter().map(|c| c.path.clone()).collect();
        assert_eq!(
            catalogs,
            [dir.join("i18n/de.json"), dir.join("i18n/zh.yaml")]
        );
        assert!(!inputs.strict);
        // A map given replaces the one beside the spec; one that cannot be read is an error.
        assert_eq!(other.resource_map.unwrap().path, dir.join("other.yaml"));
        assert!(other.strict);
        let err = missing.unwrap_err();
        assert_eq!(err.file, dir.join("missing.yaml"));
        assert!(err.message.contains("cannot read"), "{err}");
    }

    /// A generation from files that exist nowhere: inputs in memory are all it reads, and a
    /// problem in one of them is located in it by the name it was given.
    #[test]
    fn generates_from_memory_and_locates_errors_there() {
        let spec = "openapi: 3.1.0\ninfo: {title: Mem, version: '1'}\npaths:\n  /items:\n    get:\n      operationId: ListItems\n      responses:\n        '204': {description: none}\n";
        let mut inputs = Inputs::new(InputFile::new("/nowhere/mem.yaml", spec));
        inputs
            .catalogs
            .push(InputFile::new("/nowhere/i18n/xx.yaml", "strings: {}\n"));
        let generation = crate::generate(&inputs).expect("generates from memory");
        assert!(generation.files.get("mem/Cargo.toml").is_some());
        assert!(generation
            .files
            .iter()
            .any(|(p, _)| p.to_string_lossy().ends_with("SKILL.xx.md")));

        inputs.resource_map = Some(InputFile::new(
            "/nowhere/sdk.yaml",
            "package:\n  crate_name: 7up\n",
        ));
        let err = crate::generate(&inputs).expect_err("a bad crate name");
        assert_eq!(err.file, Path::new("/nowhere/sdk.yaml"));
        assert_eq!(err.location, Some((2, 15)), "{err}");

        inputs.resource_map = None;
        inputs.changelog = Some(InputFile::new("/nowhere/changelog.yaml", "entries: 3\n"));
        let err = crate::generate(&inputs).expect_err("malformed changelog data");
        assert_eq!(err.file, Path::new("/nowhere/changelog.yaml"));
        assert_eq!(err.location, Some((1, 10)), "{err}");
    }
}
