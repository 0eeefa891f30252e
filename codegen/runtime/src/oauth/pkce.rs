//! Proof Key for Code Exchange (RFC 7636) and the other random values of the OAuth flows.
//!
//! Randomness comes from the operating system (`getrandom`); the S256 challenge is
//! `BASE64URL-NOPAD(SHA-256(verifier))`. Re-exported from [`crate::oauth`].

use std::fmt;

use base64::Engine as _;
use sha2::Digest as _;

use crate::error::Error;
use crate::oauth::FlowError;
use crate::secret::SecretString;

/// Shortest verifier RFC 7636 allows.
pub const MIN_VERIFIER_LEN: usize = 43;
/// Longest verifier RFC 7636 allows.
pub const MAX_VERIFIER_LEN: usize = 128;

/// A PKCE code verifier: 43 to 128 characters of `A-Z a-z 0-9 - . _ ~` (RFC 7636 §4.1).
///
/// Generated from 32 or more random bytes, kept on your side while the user authorizes, then sent
/// with the authorization code. Only its [`challenge`](Self::challenge) goes into the authorization
/// URL. `Debug` and `Display` print `[redacted]`. Between the redirect and the callback, keep
/// its [`secret`](Self::secret) in the user's session and restore it with
/// [`from_string`](Self::from_string).
#[derive(Clone, PartialEq, Eq)]
pub struct PkceVerifier(SecretString);

impl PkceVerifier {
    /// A new random verifier of 43 characters (256 bits of entropy), as RFC 7636 §4.1 recommends.
    pub fn generate() -> Result<Self, Error> {
        Self::generate_with_length(MIN_VERIFIER_LEN)
    }

    /// A new random verifier of `len` characters; `len` must be between 43 and 128.
    pub fn generate_with_length(len: usize) -> Result<Self, Error> {
        if !(MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&len) {
            return Err(Error::OAuth(FlowError::InvalidVerifier(format!(
                "a PKCE verifier must have {MIN_VERIFIER_LEN} to {MAX_VERIFIER_LEN} characters, not {len}"
            ))));
        }
        // Base64url characters are all in the unreserved set; each carries 6 random bits.
        let bytes = random_bytes(len.div_ceil(4) * 3)?;
        let mut text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        text.truncate(len);
        Ok(PkceVerifier(SecretString::from(text)))
    }

    /// A verifier you stored earlier (e.g. in the user's session). Fails unless it has 43 to 128
    /// characters, all in `A-Z a-z 0-9 - . _ ~`.
    pub fn from_string(verifier: impl Into<String>) -> Result<Self, Error> {
        let verifier = verifier.into();
        let len = verifier.len();
        if !(MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&len) {
            return Err(Error::OAuth(FlowError::InvalidVerifier(format!(
                "a PKCE verifier must have {MIN_VERIFIER_LEN} to {MAX_VERIFIER_LEN} characters, not {len}"
            ))));
        }
        if !verifier.bytes().all(is_unreserved) {
            return Err(Error::OAuth(FlowError::InvalidVerifier(
                "a PKCE verifier may only contain A-Z a-z 0-9 - . _ ~".into(),
            )));
        }
        Ok(PkceVerifier(SecretString::from(verifier)))
    }

    /// The verifier itself, to store between the redirect and the callback. Take care not to log it.
    pub fn secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// The S256 code challenge: `BASE64URL-NOPAD(SHA-256(verifier))`.
    pub fn challenge(&self) -> String {
        s256_challenge(self.secret())
    }

    /// The challenge method this crate uses: always `S256` (`plain` gives no protection when the
    /// authorization request is seen by an attacker).
    pub fn challenge_method(&self) -> &'static str {
        "S256"
    }
}

impl fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PkceVerifier([redacted])")
    }
}

impl fmt::Display for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// `BASE64URL-NOPAD(SHA-256(ASCII(verifier)))` (RFC 7636 §4.2).
pub(crate) fn s256_challenge(verifier: &str) -> String {
    let digest = sha2::Sha256::digest(verifier.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

/// RFC 3986 unreserved characters.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// `n` bytes from the operating system's random number generator.
pub(crate) fn random_bytes(n: usize) -> Result<Vec<u8>, Error> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::OAuth(FlowError::Random(format!(
            "the operating system's random number generator failed: {e}"
        )))
    })?;
    Ok(bytes)
}

/// A random `state` value for an authorization request: 32 base64url characters (192 bits).
pub(crate) fn random_state() -> Result<String, Error> {
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes(24)?))
}

/// Compares two strings in time that depends only on their lengths (for `state` checks).
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        // The verifier and challenge of RFC 7636, Appendix B.
        let verifier =
            PkceVerifier::from_string("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(
            verifier.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(verifier.challenge_method(), "S256");
    }

    #[test]
    fn generated_verifiers_are_valid_and_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for len in [43, 44, 64, 100, 127, 128] {
            for _ in 0..20 {
                let v = PkceVerifier::generate_with_length(len).unwrap();
                assert_eq!(v.secret().len(), len);
                assert!(v.secret().bytes().all(is_unreserved), "{}", v.secret());
                assert!(PkceVerifier::from_string(v.secret()).is_ok());
                assert!(seen.insert(v.secret().to_owned()));
            }
        }
        assert_eq!(PkceVerifier::generate().unwrap().secret().len(), 43);
        for bad in [0, 42, 129, 1000] {
            let err = PkceVerifier::generate_with_length(bad).unwrap_err();
            assert!(err.to_string().contains("43 to 128"), "{err}");
        }
    }

    #[test]
    fn restoring_checks_length_and_characters() {
        assert!(PkceVerifier::from_string("a".repeat(43)).is_ok());
        assert!(PkceVerifier::from_string("a".repeat(128)).is_ok());
        assert!(PkceVerifier::from_string("a".repeat(42)).is_err());
        assert!(PkceVerifier::from_string("a".repeat(129)).is_err());
        let err = PkceVerifier::from_string(format!("{}+", "a".repeat(42))).unwrap_err();
        assert!(err.to_string().contains("A-Z a-z 0-9"), "{err}");
        assert!(PkceVerifier::from_string(format!("{}é", "a".repeat(42))).is_err());
    }

    #[test]
    fn redacted() {
        let v = PkceVerifier::generate().unwrap();
        assert!(!format!("{v:?} {v}").contains(v.secret()));
    }

    #[test]
    fn state_and_comparison() {
        let a = random_state().unwrap();
        let b = random_state().unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(!constant_time_eq(&a, &b));
        assert!(!constant_time_eq("abc", "abcd"));
        assert!(constant_time_eq("", ""));
    }
}
