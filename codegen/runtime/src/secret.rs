//! [`SecretString`]: a string that never shows up in logs, `Debug` or `Display` output.
//!
//! API keys, client secrets and tokens are held in this type. Printing one (with `{}` or `{:?}`)
//! shows `[redacted]`; the value itself is only reachable through
//! [`expose_secret`](SecretString::expose_secret), which makes every place that reads it easy to find.

use std::fmt;

/// A string holding a secret (API key, client secret, access token, ...).
///
/// `Debug` and `Display` print `[redacted]`. Serde serializes and deserializes it as a plain string, so
/// it can be used directly in request and response types.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct SecretString(Box<str>);

impl SecretString {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        SecretString(value.into().into_boxed_str())
    }

    /// Returns the secret value itself. Take care not to log it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString(value.into_boxed_str())
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString(value.into())
    }
}

impl From<&String> for SecretString {
    fn from(value: &String) -> Self {
        SecretString(value.as_str().into())
    }
}

impl serde::Serialize for SecretString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for SecretString {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SecretString::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let s = SecretString::from("KEYsupersecret");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some([redacted])");
        assert_eq!(s.expose_secret(), "KEYsupersecret");
        assert!(!s.is_empty());
        assert_eq!(
            SecretString::from(String::from("a")),
            SecretString::new("a")
        );
    }

    #[test]
    fn serde_is_a_plain_string() {
        #[derive(Debug, serde::Serialize, serde::Deserialize)]
        struct Creds {
            client_secret: SecretString,
        }
        let c: Creds = serde_json::from_str(r#"{"client_secret":"s3cr3t"}"#).unwrap();
        assert_eq!(c.client_secret.expose_secret(), "s3cr3t");
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"client_secret":"s3cr3t"}"#
        );
        assert!(!format!("{c:?}").contains("s3cr3t"));
        assert!(serde_json::from_str::<Creds>(r#"{"client_secret":1}"#).is_err());
    }
}
