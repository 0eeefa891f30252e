//! A semantic diff of two versions of the API, from the same resolved [`ApiModel`] the emitters
//! read, for two audiences: **API clients** (would a request or response handling that worked stop
//! working?) and **the generated Rust crate** (would code using the previous crate stop
//! compiling?), with the crate's suggested semver bump.
//!
//! - `operations` pairs operations by method and path (then by operationId, for moves) and
//!   compares parameters, bodies, responses (and the variants of response enums), security and
//!   servers; and the security schemes as the document declares them (type, flows, URLs), which
//!   can change while the resource map keeps the crate sending the same;
//! - `types` pairs the named types reached from the same places in both versions and compares
//!   fields, enum values and union variants; a type's changes (a change of kind too: an untyped
//!   value becoming an object, a union narrowed to one of its shapes) are judged for API clients
//!   by wire compatibility in the direction it travels (request, response or both);
//! - [`rust_api`] says what the emitter makes of each element (signatures, constructors), which
//!   is what the crate classification is judged on;
//! - [`report`] renders Markdown (for a pull request) and JSON; [`changelog`] keeps the recorded
//!   entries behind the generated crate's `CHANGELOG.md`.
//!
//! Start with [`diff`].

pub mod changelog;
mod operations;
pub mod report;
pub mod rust_api;
mod types;

use serde::{Deserialize, Serialize};

use crate::model::{ApiModel, VersionSource};

/// How much a change matters to one audience. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Nothing this audience relies on changes.
    Unaffected,
    /// Additive or loosening: nothing that worked stops working.
    Compatible,
    /// Nothing stops compiling or is rejected outright, but some users must act (a new value to
    /// handle, a deprecation, a behaviour change).
    Caution,
    /// Something that worked stops working (a rejected request, a response the client cannot
    /// read, code that no longer compiles).
    Breaking,
}

impl Impact {
    /// The word used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Unaffected => "unaffected",
            Impact::Compatible => "compatible",
            Impact::Caution => "caution",
            Impact::Breaking => "breaking",
        }
    }
}

/// One audience's verdict on a change, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// How much it matters.
    pub impact: Impact,
    /// Why, in one sentence (names the Rust items concerned for the crate).
    pub reason: String,
}

impl Assessment {
    /// An assessment.
    pub fn new(impact: Impact, reason: impl Into<String>) -> Self {
        Assessment {
            impact,
            reason: reason.into(),
        }
    }

    /// Nothing this audience relies on changes.
    pub fn unaffected(reason: impl Into<String>) -> Self {
        Assessment::new(Impact::Unaffected, reason)
    }
}

/// What a change is about: an operation, a named type, a webhook, or the API as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    /// One HTTP operation.
    Operation {
        /// Upper-case HTTP method.
        method: String,
        /// Path template.
        path: String,
        /// `operationId`.
        operation_id: String,
        /// How the crate calls it (`client.oauth_clients().create(..)`).
        call: String,
    },
    /// A named type of the crate.
    Type {
        /// Its Rust name (in the new version).
        name: String,
        /// Its Rust name in the old version, when it differs.
        #[serde(skip_serializing_if = "Option::is_none")]
        was: Option<String>,
    },
    /// A webhook.
    Webhook {
        /// Its name.
        name: String,
    },
    /// A security scheme (`components/securitySchemes`).
    SecurityScheme {
        /// Its name.
        name: String,
    },
    /// The document as a whole (servers, error model, packaging).
    Api,
}

impl Subject {
    /// A one-line heading for reports.
    pub fn heading(&self) -> String {
        match self {
            Subject::Operation {
                method, path, call, ..
            } => format!("`{method} {path}` (`{call}`)"),
            Subject::Type { name, was: None } => format!("type `{name}`"),
            Subject::Type {
                name,
                was: Some(was),
            } => format!("type `{name}` (in place of `{was}`)"),
            Subject::Webhook { name } => format!("webhook `{name}`"),
            Subject::SecurityScheme { name } => format!("security scheme `{name}`"),
            Subject::Api => "the API as a whole".into(),
        }
    }
}

/// What kind of change it is (stable names in the JSON report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // The names say it; the report's summary line says the rest.
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    OperationMoved,
    OperationRenamed,
    OperationDeprecated,
    OperationUndeprecated,
    ParameterAdded,
    ParameterRemoved,
    ParameterRequiredChanged,
    ParameterTypeChanged,
    ParameterRenamed,
    ParameterConstraintsChanged,
    ParameterDeprecated,
    RequestBodyAdded,
    RequestBodyRemoved,
    RequestBodyRequiredChanged,
    RequestBodyTypeChanged,
    RequestContentTypeAdded,
    RequestContentTypeRemoved,
    RequestEncodingChanged,
    ResponseStatusAdded,
    ResponseStatusRemoved,
    ResponseContentTypeChanged,
    ResponseBodyAdded,
    ResponseBodyRemoved,
    ResponseBodyTypeChanged,
    ResponseHeaderAdded,
    ResponseHeaderRemoved,
    ReturnTypeChanged,
    ResponseVariantAdded,
    ResponseVariantRemoved,
    ResponseVariantChanged,
    PaginationAdded,
    PaginationRemoved,
    SecurityChanged,
    SecuritySchemeChanged,
    ServerChanged,
    DefaultServerChanged,
    ErrorModelChanged,
    CrateRenamed,
    EnvPrefixChanged,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeKindChanged,
    FieldAdded,
    FieldRemoved,
    FieldRequiredChanged,
    FieldNullabilityChanged,
    FieldTypeChanged,
    FieldRenamed,
    FieldDeprecated,
    FieldConstraintsChanged,
    AdditionalPropertiesChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumVariantRenamed,
    UnionVariantAdded,
    UnionVariantRemoved,
    UnionVariantTypeChanged,
    UnionDiscriminatorChanged,
    UnionTagsChanged,
    AliasTargetChanged,
    WebhookAdded,
    WebhookRemoved,
    WebhookPayloadChanged,
}

/// One semantic change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind.
    pub kind: ChangeKind,
    /// What it is about.
    pub subject: Subject,
    /// The part concerned (a field, parameter, status, enum value), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The old value, when it has one (a type, a URL, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The new value, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// One line saying what changed.
    pub summary: String,
    /// For API clients.
    pub api: Assessment,
    /// For code using the generated Rust crate.
    #[serde(rename = "crate")]
    pub rust: Assessment,
    /// For a type's changes: the operations using it, and how (`POST /x (request)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<String>,
}

/// A comparison of one subject in both versions, filing what changed as [`Change`]s about it.
trait Comparison {
    /// What every change it files is about.
    fn subject(&self) -> Subject;
    /// Where the changes go.
    fn out(&mut self) -> &mut Vec<Change>;
    /// For a type: the operations using it.
    fn used_by(&self) -> Vec<String> {
        Vec::new()
    }
    /// The crate's verdict as filed, from the one the comparison found.
    fn crate_verdict(&self, rust: Assessment) -> Assessment {
        rust
    }

    /// Files one change to the subject.
    fn push(
        &mut self,
        kind: ChangeKind,
        member: Option<String>,
        (before, after): (Option<String>, Option<String>),
        summary: String,
        api: Assessment,
        rust: Assessment,
    ) {
        let change = Change {
            kind,
            subject: self.subject(),
            member,
            before,
            after,
            summary,
            api,
            rust: self.crate_verdict(rust),
            used_by: self.used_by(),
        };
        self.out().push(change);
    }
}

impl Change {
    /// The worse of the two verdicts: which group of the report it goes in.
    pub fn worst(&self) -> Impact {
        self.api.impact.max(self.rust.impact)
    }
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// Where it was read from, as the user named it (`HEAD:spec/telnyx-oauth.yaml`).
    pub source: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub api_version: String,
    /// The generated crate's name.
    pub crate_name: String,
    /// The generated crate's version (from the resource map).
    pub crate_version: String,
    /// Where that version comes from.
    #[serde(skip)]
    pub crate_version_source: VersionSource,
}

impl Side {
    fn of(model: &ApiModel, source: &str) -> Side {
        Side {
            source: source.to_string(),
            title: model.title.clone(),
            api_version: model.version.clone(),
            crate_name: model.package.crate_name.clone(),
            crate_version: model.package.crate_version.clone(),
            crate_version_source: model.package.crate_version_source,
        }
    }
}

/// A semver bump of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// No change to the public API (behaviour, docs).
    Patch,
    /// Additions only.
    Minor,
    /// Something public changed incompatibly.
    Major,
}

/// The crate version a diff calls for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionAdvice {
    /// The semver level of the changes.
    pub bump: Bump,
    /// The old crate version.
    pub from: String,
    /// The least version that respects the bump (a 0.x crate moves its minor number for breaking
    /// changes and its patch number for additions, as Cargo reads 0.x versions); `None` when `from`
    /// is not `MAJOR.MINOR.PATCH`.
    pub suggested: Option<String>,
    /// The new version's crate version (`0.1.0` when the resource map sets none).
    pub declared: String,
    /// Where `declared` comes from: the resource map, or the default (no map, or a map without
    /// `package.crate_version`).
    pub declared_by: VersionSource,
    /// Whether `declared` is at least `suggested`.
    pub declared_is_enough: bool,
}

/// Everything that changed between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecDiff {
    /// The old version.
    pub base: Side,
    /// The new version.
    pub head: Side,
    /// The changes: operations in the new document's order (removed ones after), then types by
    /// name, then webhooks, security schemes and document-wide changes.
    pub changes: Vec<Change>,
}

/// Compares two versions of the API. `base_source` and `head_source` only label the report.
pub fn diff(base: &ApiModel, head: &ApiModel, base_source: &str, head_source: &str) -> SpecDiff {
    let ops = operations::match_operations(base, head);
    let pairs = types::TypePairs::collect(base, head, &ops);
    let mut changes = operations::compare(base, head, &ops, &pairs);
    changes.extend(types::compare(base, head, &pairs));
    changes.extend(operations::compare_webhooks(base, head, &pairs));
    changes.extend(operations::compare_schemes(base, head));
    changes.extend(operations::compare_document(base, head));
    SpecDiff {
        base: Side::of(base, base_source),
        head: Side::of(head, head_source),
        changes,
    }
}

impl SpecDiff {
    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The worst verdict for API clients.
    pub fn worst_for_api(&self) -> Impact {
        self.worst(|c| &c.api)
    }

    /// The worst verdict for the crate.
    pub fn worst_for_crate(&self) -> Impact {
        self.worst(|c| &c.rust)
    }

    /// The worst of one audience's verdicts.
    fn worst(&self, verdict: impl Fn(&Change) -> &Assessment) -> Impact {
        self.changes
            .iter()
            .map(|c| verdict(c).impact)
            .max()
            .unwrap_or(Impact::Unaffected)
    }

    /// The changes at least as bad as one of `gates` for the gate's audience (what
    /// `cargo xtask diff --fail-on` fails on).
    pub fn failing(&self, gates: &[Gate]) -> Vec<&Change> {
        self.changes
            .iter()
            .filter(|c| gates.iter().any(|g| g.fails(c)))
            .collect()
    }

    /// How many changes have `impact` for API clients and for the crate.
    pub fn count(&self, impact: Impact) -> (usize, usize) {
        (
            self.changes
                .iter()
                .filter(|c| c.api.impact == impact)
                .count(),
            self.changes
                .iter()
                .filter(|c| c.rust.impact == impact)
                .count(),
        )
    }

    /// The crate's semver bump: major for a breaking change; minor for additions and for `Caution`
    /// (deprecations, changed behaviour, constructors of response-only types: semver asks a minor
    /// bump for deprecations, and the report lists these for review); patch when the public API is
    /// untouched.
    pub fn bump(&self) -> Bump {
        if self.changes.is_empty() {
            return Bump::None;
        }
        match self.worst_for_crate() {
            Impact::Breaking => Bump::Major,
            Impact::Compatible | Impact::Caution => Bump::Minor,
            Impact::Unaffected => Bump::Patch,
        }
    }

    /// The crate version to publish next.
    pub fn version_advice(&self) -> VersionAdvice {
        let bump = self.bump();
        let suggested = next_version(&self.base.crate_version, bump);
        let declared_is_enough = match (&suggested, parse_version(&self.head.crate_version)) {
            (Some(s), Some(d)) => parse_version(s).is_some_and(|s| d >= s),
            _ => true,
        };
        VersionAdvice {
            bump,
            from: self.base.crate_version.clone(),
            suggested,
            declared: self.head.crate_version.clone(),
            declared_by: self.head.crate_version_source,
            declared_is_enough,
        }
    }
}

/// Whose verdict a [`Gate`] looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// API clients (wire compatibility).
    Api,
    /// Code using the generated crate.
    Crate,
    /// Either: the worse of the two verdicts.
    Either,
}

/// A CI gate: fail on changes at least as bad as `level` for `audience`
/// (`--fail-on breaking:api`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    /// The least severe verdict that fails.
    pub level: Impact,
    /// Whose verdict.
    pub audience: Audience,
}

impl Gate {
    /// Reads `LEVEL[:AUDIENCE]` gates separated by commas: `breaking`, `caution:crate`,
    /// `breaking:api,caution:crate`. LEVEL is `breaking` or `caution`; AUDIENCE is `api`, `crate`
    /// or, left out, either.
    pub fn parse_list(text: &str) -> Result<Vec<Gate>, String> {
        let usage = "use `breaking` or `caution`, optionally followed by `:api` or `:crate` (e.g. `--fail-on breaking:api`); separate several with commas";
        let mut gates = vec![];
        for part in text.split(',').map(str::trim) {
            let (level, audience) = match part.split_once(':') {
                Some((level, audience)) => (level, Some(audience)),
                None => (part, None),
            };
            let level = match level {
                "breaking" => Impact::Breaking,
                "caution" => Impact::Caution,
                other => {
                    return Err(format!(
                        "unknown level `{other}` in `--fail-on {text}`: {usage}"
                    ))
                }
            };
            let audience = match audience {
                None => Audience::Either,
                Some("api") => Audience::Api,
                Some("crate") => Audience::Crate,
                Some(other) => {
                    return Err(format!(
                        "unknown audience `{other}` in `--fail-on {text}`: {usage}"
                    ))
                }
            };
            gates.push(Gate { level, audience });
        }
        Ok(gates)
    }

    /// Whether `change` fails this gate.
    pub fn fails(&self, change: &Change) -> bool {
        let impact = match self.audience {
            Audience::Api => change.api.impact,
            Audience::Crate => change.rust.impact,
            Audience::Either => change.worst(),
        };
        impact >= self.level
    }

    /// As written on the command line: `breaking:api`.
    pub fn label(&self) -> String {
        match self.audience {
            Audience::Api => format!("{}:api", self.level.label()),
            Audience::Crate => format!("{}:crate", self.level.label()),
            Audience::Either => self.level.label().to_string(),
        }
    }
}

/// `MAJOR.MINOR.PATCH` (a pre-release or build suffix is ignored).
fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let version = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(version)
}

/// The next version after `from` for `bump`, reading 0.x as Cargo does (0.MINOR is the
/// compatibility boundary).
fn next_version(from: &str, bump: Bump) -> Option<String> {
    let (major, minor, patch) = parse_version(from)?;
    let (major, minor, patch) = match (bump, major) {
        (Bump::None, _) => (major, minor, patch),
        (Bump::Major, 0) => (0, minor + 1, 0),
        (Bump::Major, _) => (major + 1, 0, 0),
        (Bump::Minor, 0) | (Bump::Patch, _) => (major, minor, patch + 1),
        (Bump::Minor, _) => (major, minor + 1, 0),
    };
    Some(format!("{major}.{minor}.{patch}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargo_reading_of_zero_x() {
        assert_eq!(next_version("0.1.0", Bump::Major).as_deref(), Some("0.2.0"));
        assert_eq!(next_version("0.1.3", Bump::Minor).as_deref(), Some("0.1.4"));
        assert_eq!(next_version("0.1.3", Bump::Patch).as_deref(), Some("0.1.4"));
        assert_eq!(next_version("1.4.2", Bump::Major).as_deref(), Some("2.0.0"));
        assert_eq!(next_version("1.4.2", Bump::Minor).as_deref(), Some("1.5.0"));
        assert_eq!(next_version("1.4.2", Bump::Patch).as_deref(), Some("1.4.3"));
        assert_eq!(next_version("1.4.2", Bump::None).as_deref(), Some("1.4.2"));
        assert_eq!(next_version("1.4", Bump::Patch), None);
        assert_eq!(parse_version("1.2.3-rc.1"), Some((1, 2, 3)));
        assert_eq!(parse_version("1.2.3.4"), None);
    }

    #[test]
    fn gates_read_level_and_audience() {
        let gates = Gate::parse_list("breaking:api, caution:crate,breaking").unwrap();
        assert_eq!(
            gates,
            [
                Gate {
                    level: Impact::Breaking,
                    audience: Audience::Api
                },
                Gate {
                    level: Impact::Caution,
                    audience: Audience::Crate
                },
                Gate {
                    level: Impact::Breaking,
                    audience: Audience::Either
                },
            ]
        );
        assert_eq!(gates[0].label(), "breaking:api");
        assert!(Gate::parse_list("breaking:rust")
            .unwrap_err()
            .contains("`rust`"));
        assert!(Gate::parse_list("compatible")
            .unwrap_err()
            .contains("`compatible`"));
    }
}
