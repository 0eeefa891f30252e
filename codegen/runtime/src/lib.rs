//! The runtime of every client crate `codegen` generates: the [`Client`] and its builder, the
//! request and retry loop ([`Call`]), errors, pagination, secrets, file uploads and the OAuth 2.0
//! flows ([`oauth`]).
//!
//! This crate exists to build and test the runtime on its own. Its modules are copied verbatim
//! into each generated crate (`codegen::emit::rust`), which does not depend on this crate: the
//! generated crate's `lib.rs` declares the same modules and provides what the runtime reads from
//! `crate::` (the API's `meta` constants, [`ErrorModel`], [`Result`]). Here those are neutral
//! values for an imaginary "example" API.
//!
//! The modules' docs and tests must hold in every generated crate: they name no API, no crate
//! and no environment variable, and read such facts from `crate::meta`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
mod error;
mod http;
pub mod oauth;
mod pagination;
mod secret;
mod serde_helpers;
mod upload;

pub use client::{Client, ClientBuilder, RequestOptions};
pub use error::{ApiError, Error, ErrorBody};
pub use http::{Call, RawResponse, Redirect, Response};
pub use pagination::{Pages, Paginated};
pub use secret::SecretString;
pub use upload::FileUpload;

/// What generated code calls in the runtime, whichever of it a given API uses. Public so that an
/// API that needs only part of it (no multipart body, no API key in a cookie, ...) does not leave
/// the rest dead; hidden, and not part of the crate's API: it changes with the generator.
#[doc(hidden)]
pub mod __codegen {
    pub use crate::http::{
        decode_bytes, decode_empty, decode_json, decode_redirect, decode_text, encode_path_segment,
        AuthScheme, KeyIn, Part, Request, ServerRef,
    };
    pub use crate::serde_helpers::{double_option, present};
}

/// The body most error responses of the API carry (a generated crate names its error schema's
/// type here); [`ErrorBody::Model`] holds it when an error response parses as one.
pub type ErrorModel = serde_json::Value;

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the runtime reads about the API: defaults, environment variable names, the name in logs,
/// where the OAuth endpoints are. A generated crate writes its own from the API document.
pub(crate) mod meta {
    /// The API's name in log messages.
    pub const API_NAME: &str = "example";
    /// The API's default server.
    pub const DEFAULT_BASE_URL: &str = "https://api.example.com/v1";
    /// Environment variable holding the API key.
    pub const API_KEY_ENV: &str = "EXAMPLE_API_KEY";
    /// Environment variable overriding the base URL.
    pub const BASE_URL_ENV: &str = "EXAMPLE_BASE_URL";
    /// Environment variable holding an OAuth client id.
    pub const CLIENT_ID_ENV: &str = "EXAMPLE_CLIENT_ID";
    /// Environment variable holding an OAuth client secret.
    pub const CLIENT_SECRET_ENV: &str = "EXAMPLE_CLIENT_SECRET";
    /// The `User-Agent` header sent with every request.
    pub const USER_AGENT: &str = concat!("sdk-runtime-rust/", env!("CARGO_PKG_VERSION"));
    /// Whether some operation needs an API key or client credentials (and not only a TLS client
    /// certificate, or nothing): `Client::from_env` fails when neither is set.
    pub const NEEDS_CREDENTIALS: bool = true;

    /// Where the OAuth endpoints are, for when the server's metadata does not say (`None`: the
    /// API has no such endpoint).
    pub mod oauth {
        /// A server and a path.
        pub type Location = Option<(crate::http::ServerRef, &'static str)>;
        /// Authorization server metadata (RFC 8414).
        pub const METADATA: Location = Some((
            crate::http::ServerRef::Origin(""),
            "/.well-known/oauth-authorization-server",
        ));
        /// Authorization endpoint.
        pub const AUTHORIZATION: Location =
            Some((crate::http::ServerRef::Base, "/oauth/authorize"));
        /// Token endpoint.
        pub const TOKEN: Location = Some((crate::http::ServerRef::Base, "/oauth/token"));
        /// Token introspection endpoint (RFC 7662).
        pub const INTROSPECTION: Location =
            Some((crate::http::ServerRef::Base, "/oauth/introspect"));
        /// JSON Web Key Set.
        pub const JWKS: Location = Some((crate::http::ServerRef::Base, "/oauth/jwks"));
        /// Dynamic client registration endpoint (RFC 7591).
        pub const REGISTRATION: Location = Some((crate::http::ServerRef::Base, "/oauth/register"));
    }
}
