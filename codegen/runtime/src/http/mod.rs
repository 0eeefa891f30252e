//! Sending requests: [`Call`] (a prepared request you `.await`), [`Response`] (a value with the HTTP
//! status, headers and body it came from), [`RawResponse`] and [`Redirect`].
//!
//! Every call goes through one send loop that adds the `Accept`, `User-Agent` and `Authorization`
//! headers, applies the per-attempt timeout, and retries: on connection errors, timeouts and
//! statuses 408, 409, 429 and 5xx (a `x-should-retry: true|false` response header overrides that
//! choice), waiting as long as `retry-after-ms` or `Retry-After` asks when that is between 0 and 60
//! seconds, and otherwise `min(0.5 s * 2^n, 8 s)` minus up to 25 % jitter.
//!
//! Each attempt is logged with [`tracing`] at `DEBUG` (operation, method, path, status, attempt,
//! elapsed time) and each retry at `INFO` (with the wait). Query values, request bodies and
//! credentials are never logged.

mod call;
mod request;
mod response;
mod retry;
#[cfg(test)]
mod tests;

pub use call::Call;
pub(crate) use request::{bearer_header, Credentials};
pub use request::{encode_path_segment, AuthScheme, KeyIn, Part, Request, ServerRef};
pub use response::{
    decode_bytes, decode_empty, decode_json, decode_redirect, decode_text, RawResponse, Redirect,
    Response,
};
pub(crate) use retry::execute;
