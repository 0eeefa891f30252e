//! Pagination of list operations: [`Paginated`] (implemented by the generated list responses),
//! [`Pages`] (page by page) and [`Call::into_stream`] (item by item).
//!
//! The next page is requested with the page-number parameter (`page[number]`) set to the
//! `meta.page_number` of the last page plus one (or, if the response has no page number, the number
//! that was requested plus one), and the walk stops after the page whose number reaches
//! `meta.total_pages`, after a page with no items (an absent `data` is an empty page), or after a
//! page without `meta` (nothing says there is a next page).

use futures_core::Stream;

use crate::error::Error;
use crate::http::{execute, Call};

/// A page of a list response. Implemented by the generated page types, and by the response enums
/// of list operations that may also answer with no body (a `204`): such an answer is a page with
/// no items, which ends the walk.
pub trait Paginated: Send + 'static {
    /// The type of the listed items.
    type Item: Send + 'static;

    /// Name of the page-number query parameter, e.g. `page[number]`.
    const PAGE_PARAM: &'static str;

    /// The number of this page (`meta.page_number`), if the response says.
    fn page_number(&self) -> Option<i64>;

    /// The number of pages (`meta.total_pages`), if the response says.
    fn total_pages(&self) -> Option<i64>;

    /// Whether the response has its `meta` object. A page without one ends the walk: nothing says
    /// there is a next page. (A `meta` without `page_number` is read as the requested page.)
    fn has_meta(&self) -> bool {
        true
    }

    /// The items on this page (none when the response has no `data`).
    fn items(&self) -> &[Self::Item];

    /// The items on this page, by value.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Walks a list page by page; see [`Call::pages`].
///
/// Every fetched page is returned, including a final empty one. After an error the walk ends.
#[must_use = "Pages does nothing until next_page is awaited"]
pub struct Pages<P: Paginated> {
    call: Call<P>,
    /// The page number to request next; `None` before the first request (which is sent unchanged).
    next: Option<i64>,
    /// The number of the last page received.
    last: Option<i64>,
    done: bool,
}

impl<P: Paginated> std::fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("call", &self.call)
            .field("next", &self.next)
            .field("done", &self.done)
            .finish()
    }
}

impl<P: Paginated> Pages<P> {
    /// Fetches the next page; `None` when there are no more.
    pub async fn next_page(&mut self) -> Option<Result<P, Error>> {
        if self.done {
            return None;
        }
        let mut request = self.call.request.clone();
        let requested = match self.next {
            Some(number) => {
                request.set_query(P::PAGE_PARAM, number);
                number
            }
            None => request
                .query_value(P::PAGE_PARAM)
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(1),
        };
        let result = execute(&self.call.client, &request, &self.call.options)
            .await
            .and_then(|raw| self.call.decode_raw(&raw));
        let page = match result {
            Ok(page) => page,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let number = page.page_number().unwrap_or(requested);
        if self.last.is_some_and(|last| number <= last) {
            // The server ignored the page parameter; stop rather than loop over the same page.
            tracing::warn!(
                param = P::PAGE_PARAM,
                requested,
                received = number,
                "the server returned an earlier page than requested; stopping pagination"
            );
            self.done = true;
            return None;
        }
        self.last = Some(number);
        self.next = number.checked_add(1);
        if self.next.is_none()
            || page.items().is_empty()
            || !page.has_meta()
            || page.total_pages().is_some_and(|total| number >= total)
        {
            self.done = true;
        }
        Some(Ok(page))
    }
}

impl<P: Paginated> Call<P> {
    /// Walks the list page by page, starting with the page this call asks for (default 1): call
    /// [`Pages::next_page`] until it gives `None` (the crate docs show an example).
    pub fn pages(self) -> Pages<P> {
        Pages {
            call: self,
            next: None,
            last: None,
            done: false,
        }
    }

    /// All items of all pages, fetched lazily one page at a time. After an error the stream ends.
    /// Walk it with `futures_util::StreamExt::next` (the crate docs show an example).
    pub fn into_stream(self) -> impl Stream<Item = Result<P::Item, Error>> + Send + Unpin {
        let state = (self.pages(), Vec::new().into_iter());
        Box::pin(futures_util::stream::unfold(
            state,
            |(mut pages, mut items)| async move {
                loop {
                    if let Some(item) = items.next() {
                        return Some((Ok(item), (pages, items)));
                    }
                    match pages.next_page().await {
                        None => return None,
                        Some(Ok(page)) => items = page.into_items().into_iter(),
                        Some(Err(e)) => return Some((Err(e), (pages, items))),
                    }
                }
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Client;
    use crate::http::{decode_json, AuthScheme, Request, ServerRef};
    use futures_util::StreamExt;
    use reqwest::Method;
    use wiremock::matchers::{method, path, query_param, query_param_is_missing};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[derive(Debug, serde::Deserialize)]
    struct Page {
        data: Vec<u32>,
        #[serde(default)]
        meta: Option<Meta>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Meta {
        page_number: Option<i64>,
        total_pages: Option<i64>,
    }

    impl Paginated for Page {
        type Item = u32;
        const PAGE_PARAM: &'static str = "page[number]";
        fn page_number(&self) -> Option<i64> {
            self.meta.as_ref()?.page_number
        }
        fn total_pages(&self) -> Option<i64> {
            self.meta.as_ref()?.total_pages
        }
        fn has_meta(&self) -> bool {
            self.meta.is_some()
        }
        fn items(&self) -> &[u32] {
            &self.data
        }
        fn into_items(self) -> Vec<u32> {
            self.data
        }
    }

    fn list(server: &MockServer, page_number: Option<i64>) -> Call<Page> {
        let client = Client::builder()
            .api_key("KEYtest")
            .base_url(format!("{}/v2", server.uri()))
            .max_retries(0)
            .build()
            .unwrap();
        Call::new(
            client,
            Request::new(
                Method::GET,
                ServerRef::Base,
                "/oauth_clients".into(),
                "listOAuthClients",
            )
            .auth(&[AuthScheme::Bearer], false)
            .query_opt("page[number]", page_number)
            .query("page[size]", 2),
            decode_json,
        )
    }

    async fn mount_page(server: &MockServer, number: Option<&str>, body: serde_json::Value) {
        let mock = Mock::given(method("GET")).and(path("/v2/oauth_clients"));
        let mock = match number {
            Some(n) => mock.and(query_param("page[number]", n)),
            None => mock.and(query_param_is_missing("page[number]")),
        };
        mock.and(query_param("page[size]", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(server)
            .await;
    }

    fn page(data: &[u32], number: i64, total: i64) -> serde_json::Value {
        serde_json::json!({"data": data, "meta": {"page_number": number, "total_pages": total, "page_size": 2}})
    }

    /// Every item of the list from its first page, and how many requests the walk sent.
    async fn walk(server: &MockServer) -> (Vec<u32>, usize) {
        let items = list(server, None)
            .into_stream()
            .map(Result::unwrap)
            .collect()
            .await;
        (items, server.received_requests().await.unwrap().len())
    }

    #[tokio::test]
    async fn streams_items_across_three_pages() {
        let server = MockServer::start().await;
        mount_page(&server, None, page(&[1, 2], 1, 3)).await;
        mount_page(&server, Some("2"), page(&[3, 4], 2, 3)).await;
        mount_page(&server, Some("3"), page(&[5], 3, 3)).await;
        assert_eq!(walk(&server).await, (vec![1, 2, 3, 4, 5], 3));
        let requests = server.received_requests().await.unwrap();
        let sent: Vec<Option<String>> = requests
            .iter()
            .map(|r| {
                r.url
                    .query_pairs()
                    .find(|(k, _)| k == "page[number]")
                    .map(|(_, v)| v.into_owned())
            })
            .collect();
        assert_eq!(sent, vec![None, Some("2".into()), Some("3".into())]);
        assert_eq!(
            requests[1].url.query(),
            Some("page[size]=2&page[number]=2"),
            "brackets are sent literally"
        );
    }

    #[tokio::test]
    async fn pages_start_from_requested_number_and_replace_it() {
        let server = MockServer::start().await;
        mount_page(&server, Some("2"), page(&[3, 4], 2, 3)).await;
        mount_page(&server, Some("3"), page(&[5], 3, 3)).await;
        let mut pages = list(&server, Some(2)).pages();
        let mut numbers = Vec::new();
        while let Some(p) = pages.next_page().await {
            numbers.push(p.unwrap().page_number());
        }
        assert_eq!(numbers, vec![Some(2), Some(3)]);
        assert!(pages.next_page().await.is_none());
        for r in server.received_requests().await.unwrap() {
            let count = r
                .url
                .query_pairs()
                .filter(|(k, _)| k == "page[number]")
                .count();
            assert_eq!(count, 1, "{}", r.url);
        }
    }

    #[tokio::test]
    async fn stops_at_empty_page_without_page_number() {
        let server = MockServer::start().await;
        mount_page(&server, None, serde_json::json!({"data": [1], "meta": {}})).await;
        mount_page(
            &server,
            Some("2"),
            serde_json::json!({"data": [2], "meta": {}}),
        )
        .await;
        mount_page(
            &server,
            Some("3"),
            serde_json::json!({"data": [], "meta": {}}),
        )
        .await;
        assert_eq!(walk(&server).await, (vec![1, 2], 3));
    }

    #[tokio::test]
    async fn a_page_without_meta_ends_the_walk() {
        let server = MockServer::start().await;
        mount_page(&server, None, serde_json::json!({"data": [1, 2]})).await;
        mount_page(&server, Some("2"), page(&[3], 2, 2)).await;
        assert_eq!(walk(&server).await, (vec![1, 2], 1));
    }

    #[tokio::test]
    async fn stops_when_server_ignores_page_param() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(&[1], 1, 5)))
            .mount(&server)
            .await;
        assert_eq!(walk(&server).await, (vec![1], 2));
    }

    #[tokio::test]
    async fn error_ends_the_stream() {
        let server = MockServer::start().await;
        mount_page(&server, None, page(&[1, 2], 1, 3)).await;
        Mock::given(method("GET"))
            .and(query_param("page[number]", "2"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        let results: Vec<Result<u32, Error>> = list(&server, None).into_stream().collect().await;
        assert_eq!(results.len(), 3);
        assert!(matches!(results[2], Err(Error::NotFound(_))));
    }
}
