//! The resource map (`sdk.yaml` beside the spec): how the official SDKs group and name operations,
//! how the crate is packaged, and how each security scheme is sent. Everything in it is optional;
//! without it, readable defaults are derived from the spec.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostic::{pointer_push, Diagnostic};
use crate::model::AuthKind;
use crate::source::SourceFile;

/// The parsed resource map.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceMap {
    /// Resources by snake_case name, in the order the SDKs list them.
    #[serde(default)]
    pub resources: IndexMap<String, ResourceEntry>,
    /// Packaging of the generated crate.
    #[serde(default)]
    pub package: Option<PackageEntry>,
    /// How each security scheme is sent, by scheme name.
    #[serde(default)]
    pub auth: IndexMap<String, AuthEntry>,
    /// Where the map was read from (for messages); empty when there is no map.
    #[serde(skip)]
    pub file: Option<SourceFile>,
}

/// One resource.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceEntry {
    /// What the resource is about.
    #[serde(default)]
    pub description: Option<String>,
    /// operationId → SDK method name.
    #[serde(default)]
    pub operations: IndexMap<String, String>,
}

/// Packaging of the generated crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageEntry {
    /// Crate name.
    pub crate_name: String,
    /// Crate version.
    #[serde(default = "default_version")]
    pub crate_version: String,
    /// Prefix of the environment variables the client reads.
    #[serde(default)]
    pub env_prefix: Option<String>,
}

fn default_version() -> String {
    "0.1.0".into()
}

/// How a security scheme is sent.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AuthEntry {
    /// `Authorization: Bearer <api key>`.
    Bearer,
    /// HTTP Basic with the OAuth client id and secret.
    ClientBasic,
}

impl From<AuthEntry> for AuthKind {
    fn from(e: AuthEntry) -> AuthKind {
        match e {
            AuthEntry::Bearer => AuthKind::Bearer,
            AuthEntry::ClientBasic => AuthKind::ClientBasic,
        }
    }
}

impl ResourceMap {
    /// The map conventionally kept beside a spec: `sdk.yaml` in the same folder. Absent → `None`.
    pub fn beside(spec: &Path) -> Option<std::path::PathBuf> {
        let candidate = spec.parent().unwrap_or(Path::new(".")).join("sdk.yaml");
        candidate.is_file().then_some(candidate)
    }

    /// Reads a resource map.
    pub fn load(path: &Path) -> Result<ResourceMap, Diagnostic> {
        let source = SourceFile::read(path)?;
        let mut map: ResourceMap = serde_path_to_error::deserialize(&source.value).map_err(|e| {
            let mut pointer = String::new();
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
                    serde_path_to_error::Segment::Map { key } => pointer = pointer_push(&pointer, key),
                    _ => {}
                }
            }
            source.with_location(Diagnostic::error(
                path,
                pointer,
                format!("the resource map is malformed: {}", e.into_inner()),
                "expected `resources: {NAME: {description, operations: {OPERATION_ID: METHOD}}}`, `package: {crate_name, crate_version, env_prefix}` and `auth: {SCHEME: bearer|client_basic}`",
            ))
        })?;
        map.file = Some(source);
        Ok(map)
    }

    /// The resource and method named for an operation, if the map names it.
    pub fn lookup(&self, operation_id: &str) -> Option<(&str, &str)> {
        self.resources.iter().find_map(|(resource, entry)| {
            entry
                .operations
                .get(operation_id)
                .map(|m| (resource.as_str(), m.as_str()))
        })
    }

    /// An error about the map itself, at `pointer`.
    pub fn error(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Option<Diagnostic> {
        let file = self.file.as_ref()?;
        Some(file.with_location(Diagnostic::error(&file.path, pointer, message, help)))
    }
}
