//! Benchmark of the generated client: `cargo bench -p workspace-tests --bench client`.
//!
//! A tiny HTTP/1.1 server (a raw tokio TCP loop with prebuilt responses, on its own thread) serves
//! `GET /v2/oauth_clients/{id}` (one OAuth client) and `GET /v2/oauth_clients` (100 pages of 100
//! clients). In one run the bench measures, side by side:
//!
//! - (a) requests/second of `client.oauth_clients().retrieve(id).await`, and
//! - (b) a bare `reqwest::Client` doing the same GET with the same headers and configuration
//!   (building the URL from the base URL and the id with `format!`, without percent-encoding it)
//!   and `serde_json::from_slice` into the same type (`GetOAuthClientResponse`),
//!
//!   at concurrency 1 and 16, warmed up, in 12 alternating pairs of rounds (so that drift from
//!   other work on the machine hits both alike), and prints the median overhead of (a) over (b);
//! - (c) the heap used while streaming 10,000 items over 100 pages with `.into_stream()`, measured
//!   by a counting global allocator (current and peak bytes): peak and live bytes above the
//!   baseline after page 10 and after page 100 (flat = one page in memory at a time), next to the
//!   size of one page's JSON and, for contrast, the peak of collecting all items into a `Vec`;
//! - (d) instructions per request of (a) and (b), counted by `valgrind --tool=callgrind` running
//!   this binary with `--calls generated|bare N` (N sequential calls and nothing else): unlike
//!   requests/second these counts do not move with the machine's load. Printed as NOT MEASURED
//!   when valgrind is missing.
//!
//! Run by `cargo test` (without `--bench`) it does a quick smoke run of (a)-(c) instead.

use std::alloc::{GlobalAlloc, Layout, System};
use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reqwest::header::{ACCEPT, USER_AGENT};
use telnyx_oauth::resources::OAuthClientListParams;
use telnyx_oauth::types::GetOAuthClientResponse;
use telnyx_oauth::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------------------------------------
// Counting allocator
// ---------------------------------------------------------------------------------------------

/// The system allocator, counting the bytes currently allocated and the peak.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Calls to `alloc`, `alloc_zeroed` and `realloc`.
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

fn grew(by: usize) {
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    let now = CURRENT.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as ours.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts a measurement: the peak is reset to the current use, which is returned as the baseline.
fn heap_baseline() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

/// (peak, current) bytes above `baseline`.
fn heap_since(baseline: usize) -> (usize, usize) {
    let above = |n: usize| n.saturating_sub(baseline);
    (
        above(PEAK.load(Ordering::Relaxed)),
        above(CURRENT.load(Ordering::Relaxed)),
    )
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

const API_KEY: &str = "KEY-bench-0123456789";
const CLIENT_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const PAGES: usize = 100;
const PAGE_SIZE: usize = 100;

fn oauth_client(n: usize) -> serde_json::Value {
    serde_json::json!({
        "record_type": "oauth_client",
        "client_id": format!("tlx_oauth_client_{n:08}"),
        "name": format!("Example App {n}"),
        "org_id": "a1b2c3d4-e5f6-4789-abcd-ef0123456789",
        "user_id": "f0e1d2c3-b4a5-4697-8877-665544332211",
        "client_type": "confidential",
        "require_pkce": true,
        "allowed_grant_types": ["client_credentials", "authorization_code", "refresh_token"],
        "allowed_scopes": ["admin"],
        "redirect_uris": ["https://example.com/callback"],
        "logo_uri": "https://example.com/logo.png",
        "policy_uri": null,
        "tos_uri": null,
        "client_secret": null,
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": "2024-01-02T00:00:00Z"
    })
}

fn http_response(status: &str, body: &[u8]) -> Vec<u8> {
    let mut response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(body);
    response
}

/// Every response the server gives, built before anything is measured.
struct Routes {
    single: Vec<u8>,
    pages: Vec<Vec<u8>>,
    page_json_len: usize,
    not_found: Vec<u8>,
}

impl Routes {
    fn new() -> Routes {
        let single = serde_json::to_vec(&serde_json::json!({ "data": oauth_client(0) })).unwrap();
        let pages: Vec<Vec<u8>> = (1..=PAGES)
            .map(|number| {
                let data: Vec<_> = (0..PAGE_SIZE)
                    .map(|i| oauth_client((number - 1) * PAGE_SIZE + i))
                    .collect();
                serde_json::to_vec(&serde_json::json!({
                    "data": data,
                    "meta": {
                        "page_number": number,
                        "page_size": PAGE_SIZE,
                        "total_pages": PAGES,
                        "total_results": PAGES * PAGE_SIZE
                    }
                }))
                .unwrap()
            })
            .collect();
        Routes {
            single: http_response("200 OK", &single),
            page_json_len: pages[0].len(),
            pages: pages.iter().map(|p| http_response("200 OK", p)).collect(),
            not_found: http_response("404 Not Found", br#"{"error":"not_found"}"#),
        }
    }

    fn respond(&self, head: &[u8]) -> &[u8] {
        let line = head.split(|b| *b == b'\r').next().unwrap_or_default();
        let line = std::str::from_utf8(line).unwrap_or_default();
        let mut parts = line.split(' ');
        let (Some("GET"), Some(target)) = (parts.next(), parts.next()) else {
            return &self.not_found;
        };
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if path
            .strip_prefix("/v2/oauth_clients/")
            .is_some_and(|id| !id.is_empty())
        {
            return &self.single;
        }
        if path == "/v2/oauth_clients" {
            let number = query
                .split('&')
                .find_map(|pair| {
                    pair.strip_prefix("page[number]=")
                        .or_else(|| pair.strip_prefix("page%5Bnumber%5D="))
                })
                .map_or(Some(1), |n| n.parse::<usize>().ok());
            if let Some(page) = number
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| self.pages.get(i))
            {
                return page;
            }
        }
        &self.not_found
    }
}

async fn serve_connection(mut socket: TcpStream, routes: Arc<Routes>) {
    let _ = socket.set_nodelay(true);
    let mut buffer = Vec::with_capacity(8192);
    let mut chunk = [0u8; 4096];
    loop {
        let head_end = loop {
            if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        // GET requests have no body.
        let response = routes.respond(&buffer[..head_end]);
        if socket.write_all(response).await.is_err() {
            return;
        }
        buffer.drain(..head_end);
    }
}

/// Starts the server on its own thread and runtime; returns its port and one page's JSON size.
fn start_server() -> (u16, usize) {
    let routes = Arc::new(Routes::new());
    let page_json_len = routes.page_json_len;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap().port()).unwrap();
            loop {
                if let Ok((socket, _)) = listener.accept().await {
                    tokio::spawn(serve_connection(socket, routes.clone()));
                }
            }
        });
    });
    (rx.recv().unwrap(), page_json_len)
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

/// Completed operations per second with `concurrency` tasks calling `op` for `duration`.
async fn rate(concurrency: usize, duration: Duration, op: Arc<Op>) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let op = op.clone();
            let done = done.clone();
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    op().await;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

struct Settings {
    warmup: Duration,
    round: Duration,
    rounds: usize,
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: then only a smoke run.
    let full = std::env::args().any(|a| a == "--bench");
    let settings = if full {
        Settings {
            warmup: Duration::from_millis(500),
            round: Duration::from_millis(500),
            rounds: 12,
        }
    } else {
        Settings {
            warmup: Duration::from_millis(20),
            round: Duration::from_millis(50),
            rounds: 1,
        }
    };
    let args: Vec<String> = std::env::args().collect();
    let (port, page_json_len) = start_server();
    if let Some(i) = args.iter().position(|a| a == "--calls") {
        let which = args.get(i + 1).expect("--calls generated|bare N");
        let n = args
            .get(i + 2)
            .and_then(|n| n.parse().ok())
            .expect("--calls generated|bare N");
        // One thread, so that counts do not depend on how work is spread over workers.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(calls(port, which, n));
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run(port, page_json_len, settings, full));
    if full {
        instruction_counts();
    }
}

/// The two operations compared: the generated client's `retrieve`, and the same request made with
/// a bare `reqwest::Client`.
struct Ops {
    generated: Arc<Op>,
    bare: Arc<Op>,
}

/// One request, boxed alike on both sides.
type Op = dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync;

fn ops(base_url: &str) -> Ops {
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .build()
        .unwrap();
    // The same configuration as the generated client's own reqwest::Client (no redirects, 10 s
    // connect timeout, its User-Agent) plus its 60 s per-request timeout.
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let user_agent = format!("telnyx-oauth-rust/{}", env!("CARGO_PKG_VERSION"));
    let base_url = base_url.to_owned();
    let generated = move || -> Pin<Box<dyn Future<Output = ()> + Send>> {
        let client = client.clone();
        Box::pin(async move {
            let value = client.oauth_clients().retrieve(CLIENT_ID).await.unwrap();
            black_box(value);
        })
    };
    let bare = move || -> Pin<Box<dyn Future<Output = ()> + Send>> {
        let request = bare
            // Like the generated client, it is given the id and builds the URL from it.
            .get(format!("{base_url}/oauth_clients/{}", black_box(CLIENT_ID)))
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, &user_agent)
            .bearer_auth(API_KEY);
        Box::pin(async move {
            let response = request.send().await.unwrap();
            assert!(response.status().is_success());
            let bytes = response.bytes().await.unwrap();
            let value: GetOAuthClientResponse = serde_json::from_slice(&bytes).unwrap();
            black_box(value);
        })
    };
    Ops {
        generated: Arc::new(generated),
        bare: Arc::new(bare),
    }
}

/// Instructions per request of each side, counted by `valgrind --tool=callgrind` (the same count
/// for the same binary and input whatever else the machine does, unlike wall time): this binary is
/// run with `--calls <side> N` for a small and a large N, and the difference divided by the
/// difference in N leaves out start-up (building the server's responses, connecting).
fn instruction_counts() {
    const FEW: usize = 200;
    const MANY: usize = 2200;
    let exe = std::env::current_exe().unwrap();
    let count = |which: &str, n: usize| -> Result<u64, String> {
        let output = std::process::Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&exe)
            .args(["--calls", which, &n.to_string()])
            .output()
            .map_err(|e| format!("could not run valgrind: {e}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            return Err(format!("valgrind failed: {stderr}"));
        }
        stderr
            .lines()
            .find_map(|line| {
                line.split_once("Collected : ")
                    .map(|(_, n)| n.trim().to_owned())
            })
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("no `Collected :` line in valgrind's output: {stderr}"))
    };
    let per_request = |which: &str| -> Result<f64, String> {
        Ok((count(which, MANY)? as f64 - count(which, FEW)? as f64) / (MANY - FEW) as f64)
    };
    println!();
    println!(
        "Instructions per GET /v2/oauth_clients/{{id}} (client and server), valgrind --tool=callgrind, \
         ({MANY} - {FEW} sequential calls on one thread) / {}:",
        MANY - FEW
    );
    match per_request("generated").and_then(|ours| Ok((ours, per_request("bare")?))) {
        Ok((ours, theirs)) => {
            println!();
            println!(
                "{:>22} | {:>18} | overhead",
                "generated client", "bare reqwest"
            );
            println!("{:-<22}-+-{:-<18}-+-{:-<9}", "", "", "");
            println!(
                "{ours:>22.0} | {theirs:>18.0} | {:>+7.1}%",
                (ours / theirs - 1.0) * 100.0
            );
        }
        Err(e) => println!("NOT MEASURED: {e} (install valgrind to get this figure)"),
    }
}

/// `--calls generated|bare N`: N sequential calls of one operation and nothing else, for counting
/// instructions under `valgrind --tool=callgrind` (`instruction_counts` runs this binary so).
async fn calls(port: u16, which: &str, n: usize) {
    let base_url = format!("http://127.0.0.1:{port}/v2");
    let Ops { generated, bare } = ops(&base_url);
    for _ in 0..n {
        match which {
            "generated" => generated().await,
            "bare" => bare().await,
            other => panic!("--calls takes `generated` or `bare`, not `{other}`"),
        }
    }
}

async fn run(port: u16, page_json_len: usize, settings: Settings, full: bool) {
    let base_url = format!("http://127.0.0.1:{port}/v2");
    let Ops {
        generated,
        bare: bare_op,
    } = ops(&base_url);

    println!();
    println!(
        "GET /v2/oauth_clients/{{id}} against a local server: {} round(s) of {:?} each, alternating, after {:?} warm-up",
        settings.rounds, settings.round, settings.warmup
    );
    println!();
    println!(
        "{:>11} | {:>22} | {:>18} | overhead",
        "concurrency", "generated client req/s", "bare reqwest req/s"
    );
    println!("{:-<11}-+-{:-<22}-+-{:-<18}-+-{:-<30}", "", "", "", "");
    for concurrency in [1usize, 16] {
        rate(concurrency, settings.warmup, generated.clone()).await;
        rate(concurrency, settings.warmup, bare_op.clone()).await;
        // One pair of rounds at a time, so that both sides of a pair see the same machine; the
        // median over pairs ignores pairs that a burst of other work hit unevenly.
        let mut pairs = Vec::with_capacity(settings.rounds);
        for round in 0..settings.rounds {
            let (ours, theirs) = if round % 2 == 0 {
                let ours = rate(concurrency, settings.round, generated.clone()).await;
                (
                    ours,
                    rate(concurrency, settings.round, bare_op.clone()).await,
                )
            } else {
                let theirs = rate(concurrency, settings.round, bare_op.clone()).await;
                (
                    rate(concurrency, settings.round, generated.clone()).await,
                    theirs,
                )
            };
            pairs.push((ours, theirs));
        }
        let mean =
            |side: fn(&(f64, f64)) -> f64| pairs.iter().map(side).sum::<f64>() / pairs.len() as f64;
        let (ours, theirs) = (mean(|p| p.0), mean(|p| p.1));
        let mut overheads: Vec<f64> = pairs.iter().map(|(o, t)| (t / o - 1.0) * 100.0).collect();
        overheads.sort_by(f64::total_cmp);
        let median = overheads[overheads.len() / 2];
        let (low, high) = (overheads[0], overheads[overheads.len() - 1]);
        println!(
            "{concurrency:>11} | {ours:>22.0} | {theirs:>18.0} | {median:>+9.1}% ({low:+.1}% .. {high:+.1}%)"
        );
    }
    println!();
    println!("overhead: median over the pairs of rounds (range in brackets); time/request ours over theirs");

    // Heap allocations per request (client and server), sequentially.
    let calls = if full { 2000 } else { 50 };
    let mut per_call = [0.0; 2];
    for (slot, op) in per_call.iter_mut().zip([&generated, &bare_op]) {
        op().await;
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for _ in 0..calls {
            op().await;
        }
        *slot = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / calls as f64;
    }
    println!(
        "heap allocations per request (client and server): generated client {:.1}, bare reqwest {:.1}",
        per_call[0], per_call[1]
    );

    // (c) Memory while streaming.
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&base_url)
        .build()
        .unwrap();
    let list = || {
        client.oauth_clients().list(OAuthClientListParams {
            page_size: Some(PAGE_SIZE as i64),
            ..Default::default()
        })
    };
    // Warm the connection pool so that the baseline includes the connection.
    black_box(list().await.unwrap());
    let baseline = heap_baseline();
    let mut at_page_10 = (0, 0);
    let mut count = 0usize;
    let mut stream = list().into_stream();
    while let Some(item) = stream.next().await {
        black_box(item.unwrap());
        count += 1;
        if count == 10 * PAGE_SIZE {
            at_page_10 = heap_since(baseline);
        }
    }
    let at_page_100 = heap_since(baseline);
    drop(stream);
    assert_eq!(count, PAGES * PAGE_SIZE, "streamed item count");

    let baseline = heap_baseline();
    let all: Vec<_> = list().into_stream().collect().await;
    let collected = heap_since(baseline);
    assert_eq!(all.len(), PAGES * PAGE_SIZE);
    drop(all);

    println!();
    println!(
        "Streaming {} items over {PAGES} pages (page[size]={PAGE_SIZE}) with .into_stream(), heap above the baseline:",
        PAGES * PAGE_SIZE
    );
    println!();
    println!(
        "{:>34} | {:>14} | {:>14}",
        "", "after page 10", "after page 100"
    );
    println!("{:-<34}-+-{:-<14}-+-{:-<14}", "", "", "");
    println!(
        "{:>34} | {:>14} | {:>14}",
        "peak bytes", at_page_10.0, at_page_100.0
    );
    println!(
        "{:>34} | {:>14} | {:>14}",
        "live bytes", at_page_10.1, at_page_100.1
    );
    println!(
        "{:>34} | {:>14} |",
        "one page's JSON (bytes)", page_json_len
    );
    println!(
        "{:>34} | {:>14} |",
        "collect all items: peak bytes", collected.0
    );
    println!();
    let growth = at_page_100.0 as f64 / at_page_10.0.max(1) as f64;
    println!(
        "peak after page 100 / after page 10 = {growth:.2} (flat ≈ 1: one page in memory at a time)"
    );
    if !full {
        println!(
            "(smoke run: use `cargo bench -p workspace-tests --bench client` for real figures)"
        );
    }
}
