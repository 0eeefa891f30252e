//! The generated crate's `CHANGELOG.md`, rendered from the changelog data recorded beside the spec
//! ([`crate::diff::changelog`]: `changelog.yaml`, written by `cargo xtask diff --record`).

use crate::diagnostic::Diagnostic;
use crate::diff::changelog::{Changelog, RecordedChange, FILE_NAME};
use crate::diff::{ChangeKind, Impact};
use crate::files::GENERATED_MARKER;
use crate::model::ApiModel;
use crate::source::SourceFile;

use super::Emitted;

/// A section of an entry: its heading, and which changes it lists.
type Group = (&'static str, fn(&RecordedChange) -> bool);

/// `<crate>/CHANGELOG.md` when the spec has changelog data (`changelog`: the data and the file it
/// was read from), with a warning when the spec's version has no entry yet; nothing without data.
pub fn emit(model: &ApiModel, changelog: Option<&(Changelog, SourceFile)>) -> Emitted {
    let mut out = Emitted::default();
    let Some((log, source)) = changelog else {
        return out;
    };
    out.insert(
        format!("{}/CHANGELOG.md", model.package.crate_name),
        render(log, &model.package.crate_name, &model.title, FILE_NAME),
    );
    if !log.entries.iter().any(|e| e.api_version == model.version) {
        out.warnings.push(source.with_location(Diagnostic::warning(
            &source.path,
            "/entries",
            format!(
                "the changelog has no entry for API version {}, so CHANGELOG.md does not mention it",
                model.version
            ),
            "run `cargo xtask diff --record` (it compares with the spec at HEAD), then `cargo xtask generate`",
        )));
    }
    out
}

/// `CHANGELOG.md` for a crate named `crate_name`; `source` names the data file in the header.
pub fn render(log: &Changelog, crate_name: &str, title: &str, source: &str) -> String {
    let title = crate::encode::markdown_inline(title);
    let mut out = format!(
        "<!-- {GENERATED_MARKER} from `{source}`; do not edit by hand. -->\n# Changelog\n\n\
         Every version of `{crate_name}`, newest first, with what changed in the {title} document it\n\
         is generated from. Entries are recorded with `cargo xtask diff --record`. *Breaking* means code\n\
         using the previous version of the crate may stop compiling; *needs attention* means it compiles\n\
         but some users must act (see each item).\n"
    );
    if log.entries.is_empty() {
        out.push_str("\nNo version recorded yet.\n");
    }
    for entry in &log.entries {
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

fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::changelog::Entry;
    use crate::diff::Assessment;

    #[test]
    fn entries_render_by_section() {
        let change = |summary: &str, rust: Impact| RecordedChange {
            kind: ChangeKind::OperationAdded,
            subject: "the API as a whole".into(),
            summary: summary.into(),
            api: Assessment::new(Impact::Compatible, "api reason"),
            rust: Assessment::new(rust, "crate reason"),
        };
        let log = Changelog {
            entries: vec![Entry {
                api_version: "2".into(),
                crate_version: "0.2.0".into(),
                notes: Some("Kept.".into()),
                changes: vec![
                    change("A", Impact::Breaking),
                    change("B", Impact::Compatible),
                ],
            }],
        };
        let md = render(&log, "t", "T API", FILE_NAME);
        assert!(md[..512.min(md.len())].contains(GENERATED_MARKER));
        assert!(md.contains(
            "## 0.2.0 (API 2)\n\nKept.\n\n### Breaking\n\n- The API as a whole: A. Crate reason.\n"
        ), "{md}");
        assert!(
            md.contains("### Added\n\n- The API as a whole: B. Crate reason.\n"),
            "{md}"
        );
    }
}
