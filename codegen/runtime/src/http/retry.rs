//! The send loop: one attempt after another until a response, an error that is not retried, or
//! the retries run out; and the waits between attempts.

use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::request::Request;
use super::response::RawResponse;
use crate::client::{Client, RequestOptions};
use crate::error::{is_retryable_status, Error};
use crate::meta;
use crate::oauth::FlowError;
use crate::secret::SecretString;

/// Longest wait a `Retry-After` / `retry-after-ms` header may ask for before it is ignored.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
const INITIAL_RETRY_DELAY: f64 = 0.5;
const MAX_RETRY_DELAY: f64 = 8.0;

/// The path of a request as logs show it (see [`Request::log_path`]), worked out only when it is
/// printed: most requests are never logged.
pub(super) struct LogPath<'a> {
    pub(super) client: &'a Client,
    pub(super) request: &'a Request,
}

impl fmt::Display for LogPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.request.url(self.client) {
            Ok(url) => f.write_str(&self.request.log_path(&url)),
            Err(_) => f.write_str(self.request.route.unwrap_or("?")),
        }
    }
}

/// Sends `request`, retrying as configured; returns the response if its status is 2xx or 3xx.
///
/// With an access token from the client's OAuth token provider, a 401 answer makes it renew the
/// token once and send the request once more (not in a loop).
pub(crate) async fn execute(
    client: &Client,
    request: &Request,
    options: &RequestOptions,
) -> Result<RawResponse, Error> {
    let Some(provider) = request.token_provider(client) else {
        return send(client, request, options, None).await;
    };
    let token = provider.access_token().await?;
    match send(client, request, options, Some(&token)).await {
        Err(Error::Authentication(rejection)) => {
            tracing::info!(
                operation = request.operation_id,
                method = %request.method,
                "the API rejected the OAuth access token (401); renewing it and retrying once"
            );
            let renewed = match provider.renew_rejected(&token).await {
                Ok(renewed) => renewed,
                // Nothing to renew it with: the 401 is the answer.
                Err(Error::OAuth(FlowError::NoRefreshToken)) => {
                    return Err(Error::Authentication(rejection))
                }
                Err(e) => return Err(e),
            };
            send(client, request, options, Some(&renewed)).await
        }
        other => other,
    }
}

/// Sends `request` (with `access_token`, if given), retrying as configured.
pub(super) async fn send(
    client: &Client,
    request: &Request,
    options: &RequestOptions,
    access_token: Option<&SecretString>,
) -> Result<RawResponse, Error> {
    let max_retries = options.max_retries.unwrap_or(client.max_retries());
    // The client's own reqwest client applies the default timeout already.
    let timeout = match options.timeout {
        None if client.http_applies_timeout() => None,
        timeout => Some(timeout.unwrap_or(client.timeout())),
    };
    let operation = request.operation_id;
    let method = &request.method;
    let path = LogPath { client, request };
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let mut http_request = request.http_request(client, access_token)?;
        if timeout.is_some() {
            *http_request.timeout_mut() = timeout;
        }
        let started = Instant::now();
        let outcome = match client.http().execute(http_request).await {
            Ok(mut response) => {
                let status = response.status();
                // Taken, not cloned: the body is read next and needs no headers.
                let headers = std::mem::take(response.headers_mut());
                response
                    .bytes()
                    .await
                    .map(|body| RawResponse::new(status, headers, body))
            }
            Err(e) => Err(e),
        };
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match outcome {
            Ok(raw) => {
                let status = raw.status();
                tracing::debug!(
                    operation,
                    %method,
                    %path,
                    status = status.as_u16(),
                    attempt,
                    elapsed_ms,
                    request_id = raw.request_id(),
                    "{} request completed",
                    meta::API_NAME
                );
                if status.is_success() || status.is_redirection() {
                    return Ok(raw);
                }
                if attempt <= max_retries && should_retry(status, raw.headers()) {
                    let wait = retry_delay(raw.headers(), attempt - 1, SystemTime::now());
                    tracing::info!(
                        operation,
                        %method,
                        %path,
                        status = status.as_u16(),
                        attempt,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        request_id = raw.request_id(),
                        "{} request failed; retrying",
                        meta::API_NAME
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                return Err(Error::from_response(raw, attempt));
            }
            Err(mut e) => {
                // The URL of a reqwest error is printed with it: drop the query values, and show
                // the route template instead of path parameters when there is one.
                if let Some(url) = e.url_mut() {
                    url.set_query(None);
                    if request.route.is_some() {
                        url.set_path(&path.to_string());
                    }
                }
                if e.is_builder() {
                    return Err(Error::Config(format!(
                        "could not build the request of `{operation}`: {e}"
                    )));
                }
                let timed_out = e.is_timeout();
                let error = if timed_out { "timeout" } else { "connection" };
                tracing::debug!(
                    operation,
                    %method,
                    %path,
                    attempt,
                    elapsed_ms,
                    error,
                    "{} request failed: {e}",
                    meta::API_NAME
                );
                if attempt <= max_retries && !e.is_redirect() {
                    let wait = backoff(attempt - 1);
                    tracing::info!(
                        operation,
                        %method,
                        %path,
                        error,
                        attempt,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "{} request failed; retrying",
                        meta::API_NAME
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                return Err(if timed_out {
                    Error::Timeout { attempts: attempt }
                } else {
                    Error::Connection {
                        source: e,
                        attempts: attempt,
                    }
                });
            }
        }
    }
}

/// Whether a non-success response is retried: `x-should-retry: true|false` if present, else 408,
/// 409, 429 and 5xx.
pub(crate) fn should_retry(status: StatusCode, headers: &HeaderMap) -> bool {
    let header = headers
        .get("x-should-retry")
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    match header {
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        _ => is_retryable_status(status),
    }
}

/// How long to wait before retry number `retries_taken + 1`.
pub(crate) fn retry_delay(headers: &HeaderMap, retries_taken: u32, now: SystemTime) -> Duration {
    retry_after(headers, now).unwrap_or_else(|| backoff(retries_taken))
}

/// The wait asked for by `retry-after-ms` (milliseconds) or else `Retry-After` (seconds or an HTTP
/// date), if it is more than 0 and at most 60 seconds.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let wait = if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        Duration::try_from_secs_f64(ms / 1000.0).ok()
    } else if let Some(value) = header("retry-after") {
        match value.parse::<f64>() {
            Ok(secs) => Duration::try_from_secs_f64(secs).ok(),
            Err(_) => httpdate::parse_http_date(value)
                .ok()
                .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)),
        }
    } else {
        None
    };
    wait.filter(|w| !w.is_zero() && *w <= MAX_RETRY_AFTER)
}

/// `min(0.5 s * 2^retries_taken, 8 s)`, minus up to 25 % jitter.
pub(crate) fn backoff(retries_taken: u32) -> Duration {
    let exp = i32::try_from(retries_taken.min(16)).unwrap_or(16);
    let base = (INITIAL_RETRY_DELAY * 2f64.powi(exp)).min(MAX_RETRY_DELAY);
    let jitter = 1.0 - 0.25 * fastrand::f64();
    Duration::from_secs_f64(base * jitter)
}
