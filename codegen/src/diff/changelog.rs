//! The generated crate's `CHANGELOG.md`, kept in step with the spec.
//!
//! Entries are data in `changelog.yaml` beside the spec, one per `info.version`, recorded from the
//! diff by `cargo xtask diff --record`; `cargo xtask generate` renders them. Generation reads only
//! that file (never git history), so it stays reproducible and `generate --check` stays meaningful,
//! and what was recorded for a version stays as it was when the diff's wording changes later.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Assessment, ChangeKind, Impact, SpecDiff};
use crate::diagnostic::Diagnostic;
use crate::files::{FileSet, GENERATED_MARKER};
use crate::model::ApiModel;
use crate::source::SourceFile;

/// The data file's name, beside the spec.
pub const FILE_NAME: &str = "changelog.yaml";

/// Every recorded version, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Changelog {
    /// Newest first.
    #[serde(default)]
    pub entries: Vec<Entry>,
}

/// One version of the API document and of the crate generated from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `info.version` of the document.
    pub api_version: String,
    /// The crate's version generated from it.
    pub crate_version: String,
    /// Free text written by people; `--record` keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// What changed since the previous entry.
    #[serde(default)]
    pub changes: Vec<RecordedChange>,
}

/// A change as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedChange {
    /// What kind of change.
    pub kind: ChangeKind,
    /// What it is about (`` `POST /oauth_clients` (`client.oauth_clients().create(..)`) ``).
    pub subject: String,
    /// What changed.
    pub summary: String,
    /// For API clients.
    pub api: Assessment,
    /// For code using the crate.
    #[serde(rename = "crate")]
    pub rust: Assessment,
}

/// What [`Changelog::record`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// A new entry, first in the list.
    Added,
    /// The entry for that version was replaced (its notes kept).
    Replaced,
    /// Nothing to record: no change, and the version already has an entry.
    Nothing,
}

/// A section of an entry: its heading, and which changes it lists.
type Group = (&'static str, fn(&RecordedChange) -> bool);

/// Where the changelog data of `spec` lives.
pub fn beside(spec: &Path) -> PathBuf {
    spec.parent().unwrap_or(Path::new(".")).join(FILE_NAME)
}

impl Changelog {
    /// Reads `path`.
    pub fn load(path: &Path) -> Result<Changelog, Diagnostic> {
        Changelog::read(path).map(|(log, _)| log)
    }

    /// Reads `path`, keeping its source to locate later messages.
    fn read(path: &Path) -> Result<(Changelog, SourceFile), Diagnostic> {
        let source = SourceFile::read(path)?;
        if source.value.is_null() {
            return Ok((Changelog::default(), source));
        }
        let log = source.deserialize(
            "changelog data",
            "expected `entries: [{api_version, crate_version, notes, changes: [{kind, subject, summary, api: {impact, reason}, crate: {impact, reason}}]}]`; fix it by hand or re-record with `cargo xtask diff --record`",
        )?;
        Ok((log, source))
    }

    /// The data file's text.
    pub fn to_yaml(&self) -> Result<String, String> {
        let body = serde_yaml::to_string(self)
            .map_err(|e| format!("cannot write the changelog data: {e}"))?;
        Ok(format!(
            "# The generated crate's CHANGELOG.md is rendered from this file by `cargo xtask generate`.\n\
             # `cargo xtask diff --record` adds (or replaces) the entry for the spec's info.version\n\
             # from the diff; `notes` are yours to write and are kept. Newest first.\n{body}"
        ))
    }

    /// Records `diff` as the entry for the new document's version.
    pub fn record(&mut self, diff: &SpecDiff) -> Result<Recorded, String> {
        let version = &diff.head.api_version;
        let existing = self.entries.iter().position(|e| &e.api_version == version);
        if diff.is_empty() && existing.is_some() {
            return Ok(Recorded::Nothing);
        }
        if !diff.is_empty() && diff.base.api_version == diff.head.api_version {
            return Err(format!(
                "`info.version` is `{version}` before and after the change: bump it in `{}` so the changelog entry has a version of its own, then record again",
                diff.head.source
            ));
        }
        let changes = diff
            .changes
            .iter()
            .map(|c| RecordedChange {
                kind: c.kind,
                subject: c.subject.heading(),
                summary: c.summary.clone(),
                api: c.api.clone(),
                rust: c.rust.clone(),
            })
            .collect();
        match existing {
            Some(i) => {
                let entry = &mut self.entries[i];
                entry.crate_version = diff.head.crate_version.clone();
                entry.changes = changes;
                Ok(Recorded::Replaced)
            }
            None => {
                self.entries.insert(
                    0,
                    Entry {
                        api_version: version.clone(),
                        crate_version: diff.head.crate_version.clone(),
                        notes: None,
                        changes,
                    },
                );
                Ok(Recorded::Added)
            }
        }
    }

    /// `CHANGELOG.md` for a crate named `crate_name`; `source` names the data file in the header.
    pub fn render(&self, crate_name: &str, title: &str, source: &str) -> String {
        let title = crate::encode::markdown_inline(title);
        let mut out = format!(
            "<!-- {GENERATED_MARKER} from `{source}`; do not edit by hand. -->\n# Changelog\n\n\
             Every version of `{crate_name}`, newest first, with what changed in the {title} document it\n\
             is generated from. Entries are recorded with `cargo xtask diff --record`. *Breaking* means code\n\
             using the previous version of the crate may stop compiling; *needs attention* means it compiles\n\
             but some users must act (see each item).\n"
        );
        if self.entries.is_empty() {
            out.push_str("\nNo version recorded yet.\n");
        }
        for entry in &self.entries {
            out.push_str(&format!(
                "\n## {} (API {})\n",
                entry.crate_version, entry.api_version
            ));
            if let Some(notes) = &entry.notes {
                out.push_str(&format!("\n{}\n", notes.trim_end()));
            }
            if entry.changes.is_empty() && entry.notes.is_none() {
                out.push_str("\nNo change to the API.\n");
            }
            let groups: [Group; 4] = [
                ("Breaking", |c| c.rust.impact == Impact::Breaking),
                ("Needs attention", |c| c.rust.impact == Impact::Caution),
                ("Added", |c| c.rust.impact == Impact::Compatible),
                ("API changes the crate absorbs", |c| {
                    c.rust.impact == Impact::Unaffected && c.api.impact != Impact::Unaffected
                }),
            ];
            for (heading, wanted) in groups {
                let (added, items): (Vec<&RecordedChange>, Vec<&RecordedChange>) = entry
                    .changes
                    .iter()
                    .filter(|c| wanted(c))
                    .partition(|c| c.kind == ChangeKind::TypeAdded);
                if items.is_empty() && added.is_empty() {
                    continue;
                }
                out.push_str(&format!("\n### {heading}\n\n"));
                for c in items {
                    // Where the crate is unaffected, say what it means for API clients instead.
                    let why = if c.rust.impact == Impact::Unaffected {
                        &c.api
                    } else {
                        &c.rust
                    };
                    out.push_str(&format!(
                        "- {}: {}. {}.\n",
                        capitalize_first(&c.subject),
                        c.summary.trim_end_matches('.'),
                        capitalize_first(why.reason.trim_end_matches('.')),
                    ));
                }
                if !added.is_empty() {
                    let names: Vec<&str> = added
                        .iter()
                        .map(|c| {
                            c.summary
                                .trim_start_matches("Type ")
                                .trim_end_matches(" added")
                        })
                        .collect();
                    out.push_str(&format!("- New types: {}.\n", names.join(", ")));
                }
            }
        }
        out
    }
}

fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Renders `<crate>/CHANGELOG.md` into `files` when the spec has changelog data beside it.
/// Returns a warning when the spec's version has no entry yet.
pub fn emit(
    spec: &Path,
    model: &ApiModel,
    files: &mut FileSet,
) -> Result<Vec<Diagnostic>, Diagnostic> {
    let path = beside(spec);
    if !path.is_file() {
        return Ok(vec![]);
    }
    let (log, source) = Changelog::read(&path)?;
    files.insert(
        format!("{}/CHANGELOG.md", model.package.crate_name),
        log.render(&model.package.crate_name, &model.title, FILE_NAME),
    );
    let mut warnings = vec![];
    if !log.entries.iter().any(|e| e.api_version == model.version) {
        warnings.push(source.with_location(Diagnostic::warning(
            &path,
            "/entries",
            format!(
                "the changelog has no entry for API version {}, so CHANGELOG.md does not mention it",
                model.version
            ),
            "run `cargo xtask diff --record` (it compares with the spec at HEAD), then `cargo xtask generate`",
        )));
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Change, Side, Subject};

    fn side(api: &str, crate_version: &str) -> Side {
        Side {
            source: "spec.yaml".into(),
            title: "T".into(),
            api_version: api.into(),
            crate_name: "t".into(),
            crate_version: crate_version.into(),
            crate_version_source: crate::model::VersionSource::Declared,
        }
    }

    fn change(summary: &str, rust: Impact) -> Change {
        Change {
            kind: ChangeKind::OperationAdded,
            subject: Subject::Api,
            member: None,
            before: None,
            after: None,
            summary: summary.into(),
            api: Assessment::new(Impact::Compatible, "api reason"),
            rust: Assessment::new(rust, "crate reason"),
            used_by: vec![],
        }
    }

    #[test]
    fn record_adds_then_replaces_keeping_notes() {
        let mut log = Changelog::default();
        let mut diff = SpecDiff {
            base: side("1", "0.1.0"),
            head: side("2", "0.2.0"),
            changes: vec![change("A", Impact::Breaking)],
        };
        assert_eq!(log.record(&diff), Ok(Recorded::Added));
        log.entries[0].notes = Some("Kept.".into());
        diff.changes.push(change("B", Impact::Compatible));
        assert_eq!(log.record(&diff), Ok(Recorded::Replaced));
        assert_eq!(log.entries.len(), 1);
        assert_eq!(log.entries[0].changes.len(), 2);
        assert_eq!(log.entries[0].notes.as_deref(), Some("Kept."));

        let text = log.to_yaml().unwrap();
        let dir = std::env::temp_dir().join(format!("changelog-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, &text).unwrap();
        assert_eq!(Changelog::load(&path).unwrap(), log);

        let md = log.render("t", "T API", FILE_NAME);
        assert!(md[..512.min(md.len())].contains(GENERATED_MARKER));
        assert!(md.contains(
            "## 0.2.0 (API 2)\n\nKept.\n\n### Breaking\n\n- The API as a whole: A. Crate reason.\n"
        ));
    }

    #[test]
    fn changes_without_a_new_version_are_refused() {
        let mut log = Changelog::default();
        let diff = SpecDiff {
            base: side("1", "0.1.0"),
            head: side("1", "0.1.0"),
            changes: vec![change("A", Impact::Breaking)],
        };
        let err = log.record(&diff).unwrap_err();
        assert!(err.contains("bump it"), "{err}");
    }
}
