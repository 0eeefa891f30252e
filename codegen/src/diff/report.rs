//! The diff as Markdown (a pull request's description: counts, the suggested crate version, then
//! the changes grouped worst first, by operation or type) and as JSON (the same, for tools).

use indexmap::IndexMap;
use serde::Serialize;

use super::{Bump, Change, ChangeKind, Impact, Side, SpecDiff, Subject, VersionAdvice};
use crate::model::VersionSource;

/// How many changes have each verdict, for one audience.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Breaking changes.
    pub breaking: usize,
    /// Changes to review.
    pub caution: usize,
    /// Compatible changes.
    pub compatible: usize,
    /// Changes this audience does not see.
    pub unaffected: usize,
}

fn counts(changes: &[Change], pick: impl Fn(&Change) -> Impact) -> Counts {
    let mut c = Counts::default();
    for change in changes {
        match pick(change) {
            Impact::Breaking => c.breaking += 1,
            Impact::Caution => c.caution += 1,
            Impact::Compatible => c.compatible += 1,
            Impact::Unaffected => c.unaffected += 1,
        }
    }
    c
}

#[derive(Serialize)]
struct Summary {
    api: Counts,
    #[serde(rename = "crate")]
    rust: Counts,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    base: &'a Side,
    head: &'a Side,
    summary: Summary,
    crate_version: VersionAdvice,
    changes: &'a [Change],
}

/// The diff as pretty-printed JSON.
pub fn json(diff: &SpecDiff) -> String {
    let report = JsonReport {
        base: &diff.base,
        head: &diff.head,
        summary: Summary {
            api: counts(&diff.changes, |c| c.api.impact),
            rust: counts(&diff.changes, |c| c.rust.impact),
        },
        crate_version: diff.version_advice(),
        changes: &diff.changes,
    };
    let mut text = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}"));
    text.push('\n');
    text
}

/// The groups of the Markdown report, worst first.
const GROUPS: [(Impact, &str); 4] = [
    (Impact::Breaking, "Breaking changes"),
    (Impact::Caution, "Changes to review"),
    (Impact::Compatible, "Compatible changes"),
    (Impact::Unaffected, "Other changes"),
];

/// The diff as Markdown, for a pull request's description.
pub fn markdown(diff: &SpecDiff) -> String {
    let mut out = String::new();
    let (base, head) = (&diff.base, &diff.head);
    let title = if base.title == head.title {
        base.title.clone()
    } else {
        format!("{} → {}", base.title, head.title)
    };
    out.push_str(&format!(
        "## API changes: {title} {} → {}\n\n",
        base.api_version, head.api_version
    ));
    out.push_str(&format!(
        "Compared `{}` (before) with `{}` (after).\n\n",
        base.source, head.source
    ));
    if diff.is_empty() {
        out.push_str("No changes to operations, types, security or servers.\n");
        return out;
    }
    if base.api_version == head.api_version {
        out.push_str(&format!(
            "**Note:** `info.version` is `{}` in both; bump it so the change has a version of its own.\n\n",
            head.api_version
        ));
    }

    let api = counts(&diff.changes, |c| c.api.impact);
    let rust = counts(&diff.changes, |c| c.rust.impact);
    out.push_str("| | breaking | caution | compatible |\n|---|---:|---:|---:|\n");
    out.push_str(&format!(
        "| API clients | {} | {} | {} |\n",
        api.breaking, api.caution, api.compatible
    ));
    out.push_str(&format!(
        "| Rust crate `{}` | {} | {} | {} |\n\n",
        head.crate_name, rust.breaking, rust.caution, rust.compatible
    ));
    out.push_str(&version_line(&diff.version_advice(), &head.crate_name));

    for (impact, heading) in GROUPS {
        let in_group: Vec<&Change> = diff
            .changes
            .iter()
            .filter(|c| c.worst() == impact)
            .collect();
        if in_group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {heading} ({})\n", in_group.len()));
        let (added, others): (Vec<&Change>, Vec<&Change>) = in_group
            .into_iter()
            .partition(|c| c.kind == ChangeKind::TypeAdded);
        let mut by_subject: IndexMap<String, Vec<&Change>> = IndexMap::new();
        for c in others {
            by_subject.entry(c.subject.heading()).or_default().push(c);
        }
        for (subject, changes) in by_subject {
            out.push_str(&format!("\n#### {}\n\n", capitalize_first(&subject)));
            for c in changes {
                render_change(&mut out, c);
            }
        }
        if !added.is_empty() {
            let names: Vec<String> = added
                .iter()
                .filter_map(|c| match &c.subject {
                    Subject::Type { name, .. } => Some(format!("`{name}`")),
                    _ => None,
                })
                .collect();
            out.push_str(&format!(
                "\n#### New types in the crate\n\n{}\n",
                names.join(", ")
            ));
        }
    }
    out
}

fn render_change(out: &mut String, c: &Change) {
    out.push_str(&format!("- **{}**\n", c.summary));
    out.push_str(&format!(
        "  - API clients, {}: {}\n",
        emphasis(c.api.impact),
        sentence(&c.api.reason)
    ));
    out.push_str(&format!(
        "  - Rust crate, {}: {}\n",
        emphasis(c.rust.impact),
        sentence(&c.rust.reason)
    ));
    if !c.used_by.is_empty() {
        let used: Vec<String> = c.used_by.iter().map(|u| format!("`{u}`")).collect();
        out.push_str(&format!("  - Used by {}\n", used.join(", ")));
    }
}

fn emphasis(impact: Impact) -> String {
    match impact {
        Impact::Breaking | Impact::Caution => format!("**{}**", impact.label()),
        other => other.label().to_string(),
    }
}

fn sentence(reason: &str) -> String {
    let mut s = reason.trim().to_string();
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What to edit so the crate gets the version `advice` calls for, worded by what exists (a
/// resource map declaring a version, one without it, or none); `None` when the version is enough.
pub fn version_fix(advice: &VersionAdvice, crate_name: &str) -> Option<String> {
    if advice.declared_is_enough {
        return None;
    }
    let wanted = advice.suggested.as_deref().unwrap_or("NEW_VERSION");
    let declared = &advice.declared;
    Some(match advice.declared_by {
        VersionSource::Declared => format!(
            "The resource map declares `{declared}`: raise `package.crate_version` in `sdk.yaml` to `{wanted}`."
        ),
        VersionSource::NotInMap => format!(
            "The resource map sets no crate version, so the crate is `{declared}`: add `crate_version: {wanted}` under `package` in `sdk.yaml` (a new `package` also needs `crate_name: {crate_name}`)."
        ),
        VersionSource::NoMap => format!(
            "There is no resource map, so the crate is `{declared}`: create `sdk.yaml` beside the spec with `package: {{crate_name: {crate_name}, crate_version: {wanted}}}`."
        ),
    })
}

/// The suggested version, why, and whether the declared one is enough.
fn version_line(advice: &VersionAdvice, crate_name: &str) -> String {
    let why = match advice.bump {
        Bump::Major => "breaking changes to the crate's public API",
        Bump::Minor => {
            "additions, deprecations or changed behaviour, but nothing that stops compiling"
        }
        Bump::Patch => "no change to the crate's public API",
        Bump::None => "nothing changed",
    };
    let zero = advice.from.starts_with("0.") && advice.bump >= Bump::Minor;
    let rule = if zero {
        if advice.bump == Bump::Major {
            "; a 0.x crate moves its minor number for those"
        } else {
            "; a 0.x crate moves its patch number for those"
        }
    } else {
        ""
    };
    let mut line = match &advice.suggested {
        Some(v) => format!(
            "**Suggested crate version: `{v}`** ({} bump from `{}`: {why}{rule}).",
            bump_label(advice.bump),
            advice.from
        ),
        None => format!(
            "**Suggested crate bump: {}** ({why}; `{}` is not `MAJOR.MINOR.PATCH`).",
            bump_label(advice.bump),
            advice.from
        ),
    };
    if let Some(fix) = version_fix(advice, crate_name) {
        line.push(' ');
        line.push_str(&fix);
    }
    line.push('\n');
    line
}

/// `major`, `minor`, `patch` or `no`.
pub fn bump_label(bump: Bump) -> &'static str {
    match bump {
        Bump::Major => "major",
        Bump::Minor => "minor",
        Bump::Patch => "patch",
        Bump::None => "no",
    }
}
