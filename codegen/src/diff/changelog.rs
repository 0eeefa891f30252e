//! The generated crate's `CHANGELOG.md`, kept in step with the spec.
//!
//! Entries are data in `changelog.yaml` beside the spec, one per `info.version`, recorded from the
//! diff by `cargo xtask diff --record`; `cargo xtask generate` renders them
//! ([`crate::emit::changelog`]). Generation reads only that file (never git history), so it stays
//! reproducible and `generate --check` stays meaningful, and what was recorded for a version stays
//! as it was when the diff's wording changes later.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Assessment, ChangeKind, SpecDiff};
use crate::diagnostic::Diagnostic;
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

/// Where the changelog data of `spec` lives.
pub fn beside(spec: &Path) -> PathBuf {
    spec.parent().unwrap_or(Path::new(".")).join(FILE_NAME)
}

impl Changelog {
    /// The data of a parsed file, with its source kept to locate later messages.
    pub fn from_source(source: SourceFile) -> Result<(Changelog, SourceFile), Diagnostic> {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Change, Impact, Side, Subject};

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
        let file = crate::inputs::InputFile::new(FILE_NAME, text);
        let (read, _) = Changelog::from_source(file.parse().unwrap()).unwrap();
        assert_eq!(read, log);
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
