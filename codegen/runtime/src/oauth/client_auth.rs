//! How the OAuth client authenticates itself (RFC 6749 §2.3, `token_endpoint_auth_method` of
//! RFC 7591 §2).

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// `application/x-www-form-urlencoded` for one value: everything but `A-Z a-z 0-9 * - . _` is
/// percent-encoded (RFC 6749 §2.3.1 asks for this before HTTP Basic encoding of the credentials).
const FORM_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// How the OAuth client authenticates itself at the token and introspection endpoints
/// (`token_endpoint_auth_method`, RFC 7591 §2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ClientAuthMethod {
    /// HTTP Basic with the client id and secret (the default).
    #[default]
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
    /// No secret: a public client (e.g. a native app using PKCE) sends only its `client_id`.
    None,
}

impl ClientAuthMethod {
    /// The name used in metadata and registration (`client_secret_basic`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            ClientAuthMethod::ClientSecretBasic => "client_secret_basic",
            ClientAuthMethod::ClientSecretPost => "client_secret_post",
            ClientAuthMethod::None => "none",
        }
    }

    /// Parses a method name; `None` for a name this client does not support.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "client_secret_basic" => Some(ClientAuthMethod::ClientSecretBasic),
            "client_secret_post" => Some(ClientAuthMethod::ClientSecretPost),
            "none" => Some(ClientAuthMethod::None),
            _ => None,
        }
    }
}

impl fmt::Display for ClientAuthMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ClientAuthMethod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One value `application/x-www-form-urlencoded`, as RFC 6749 §2.3.1 asks of a client id and
/// secret before they go into HTTP Basic authentication.
pub(crate) fn form_encode(value: &str) -> String {
    utf8_percent_encode(value, FORM_VALUE).to_string()
}
