//! [`Call`]: a prepared request, sent when it is awaited.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use reqwest::Url;

use super::request::Request;
use super::response::{without_quoted_values, RawResponse, Response};
use super::retry::execute;
use crate::client::{Client, RequestOptions};
use crate::error::{Error, WITHHELD};

/// Decodes a response body.
pub(crate) type Decoder<T> = fn(&RawResponse) -> Result<T, Error>;

/// A prepared API call. Nothing is sent until it is awaited (or [`send`](Call::send) is awaited).
/// [`timeout`](Call::timeout) and [`max_retries`](Call::max_retries) change its settings;
/// [`send_with_response`](Call::send_with_response) gives the status, headers and raw body with the
/// value (the crate docs show an example).
#[must_use = "a Call does nothing until it is awaited"]
pub struct Call<T> {
    pub(crate) client: Client,
    pub(crate) request: Request,
    pub(crate) decode: Decoder<T>,
    pub(crate) options: RequestOptions,
}

impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Call {
            client: self.client.clone(),
            request: self.request.clone(),
            decode: self.decode,
            options: self.options.clone(),
        }
    }
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.request.operation_id)
            .field("method", &self.request.method)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<T> Call<T> {
    pub(crate) fn new(client: Client, request: Request, decode: Decoder<T>) -> Self {
        Call {
            client,
            request,
            decode,
            options: RequestOptions::default(),
        }
    }

    /// Applies per-request options (the ones set in `options` replace earlier ones).
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = self.options.merge(options);
        self
    }

    /// Timeout of each attempt of this request (instead of the client's).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// How many times this request is retried (instead of the client's setting).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// Sends the request and decodes the response.
    pub async fn send(self) -> Result<T, Error> {
        let raw = execute(&self.client, &self.request, &self.options).await?;
        self.decode_raw(&raw)
    }

    /// Sends the request and returns the decoded value with the status, headers and raw body.
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let raw = execute(&self.client, &self.request, &self.options).await?;
        let value = self.decode_raw(&raw)?;
        Ok(Response { value, raw })
    }

    /// Decodes a response to this call. A decode error of a response that may hold credentials
    /// shows none of its body, and no quoted value in its message (serde quotes the value it
    /// could not read).
    pub(crate) fn decode_raw(&self, raw: &RawResponse) -> Result<T, Error> {
        (self.decode)(raw).map_err(|e| match e {
            Error::Decode {
                status,
                path,
                message,
                ..
            } if self.request.asks_for_credentials() => Error::Decode {
                status,
                path,
                message: without_quoted_values(&message),
                snippet: WITHHELD.to_owned(),
            },
            other => other,
        })
    }

    /// The full URL of the request (with its query string), without sending it; e.g. the
    /// authorization URL to send a user's browser to.
    pub fn url(&self) -> Result<Url, Error> {
        self.request.url(&self.client)
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
