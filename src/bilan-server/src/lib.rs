//! Bilan's server: a small JSON API over anonymised aggregates, and the static host of the app.
//!
//! `main.rs` parses the command line; everything else lives here so tests can drive [`app`]
//! without a socket.

pub mod auth;
pub mod db;
pub mod demo;
pub mod error;
pub mod ingest;
pub mod releases;
pub mod routes;
pub mod secret;
pub mod surveys;
pub mod tally;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use tower::ServiceExt;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

pub use db::Database;

/// The largest request body the API accepts; anything bigger is refused before it is read.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Database,
    /// The folder holding the built app (`dist/`).
    pub dist: PathBuf,
    /// The validated surveys, every version the folder keeps: contributions are checked against
    /// the version they answer.
    pub surveys: Arc<bilan_core::versions::Versions>,
    /// The disclosure threshold k.
    pub threshold: bilan_core::disclosure::Threshold,
    /// Requests per second allowed to each token.
    pub rate_limit: Arc<auth::RateLimit>,
    /// The single writer of contributions (group commit).
    pub ingest: ingest::Ingest,
    /// Token lookups.
    pub tokens: Arc<auth::Tokens>,
    /// The server's secret: contribution ids are kept as its keyed hashes.
    pub secret: secret::Secret,
    /// The key of published counts' perturbations, from the secret.
    pub noise: Arc<bilan_core::disclosure::NoiseKey>,
    /// How often period and college tables are published.
    pub schedule: releases::Schedule,
    /// Publishing is one at a time: each snapshot is checked against those before it.
    pub publishing: Arc<tokio::sync::Mutex<()>>,
    /// Lookups of wrong session codes, per client address: guessing a code is slowed down.
    pub wrong_codes: Arc<auth::RateLimit>,
    /// Reverse proxies (`--trusted-proxy`) whose `X-Forwarded-For` names the client: behind
    /// them, each phone is limited by its own address rather than all by the proxy's.
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// The Pôle's name (`--name`), empty when not given.
    pub name: Arc<str>,
}

/// Requests per second each token may make, by default.
pub const DEFAULT_RATE_LIMIT: u32 = 20;

/// Wrong session codes one client address may try per second, on average (bursts of twice as
/// many): a room of phones behind one address mistypes a few, a guesser gets nowhere.
pub const WRONG_CODES_PER_SECOND: u32 = 1;

impl AppState {
    /// The state with the default threshold, schedule and rate limit, under `secret`; starts the
    /// writer (needs Tokio).
    pub fn new(
        db: Database,
        dist: PathBuf,
        surveys: Vec<bilan_core::Survey>,
        secret: secret::Secret,
    ) -> Self {
        AppState {
            ingest: ingest::Ingest::start(db.clone(), secret.clone()),
            tokens: auth::Tokens::open(db.sqlite_file().as_deref()),
            noise: Arc::new(secret.noise_key()),
            secret,
            db,
            dist,
            surveys: Arc::new(bilan_core::versions::Versions::new(surveys)),
            threshold: Default::default(),
            rate_limit: auth::RateLimit::new(DEFAULT_RATE_LIMIT),
            schedule: releases::Schedule::Month,
            publishing: Arc::new(tokio::sync::Mutex::new(())),
            wrong_codes: auth::RateLimit::new(WRONG_CODES_PER_SECOND),
            trusted_proxies: Arc::new([]),
            name: "".into(),
        }
    }

    /// What publishing a snapshot needs.
    pub fn publisher(&self) -> releases::Publisher<'_> {
        releases::Publisher {
            db: &self.db,
            surveys: self.surveys.all(),
            threshold: self.threshold,
            noise: &self.noise,
        }
    }
}

/// The most header fields a request may have, and their total size: beyond, a JSON 431.
pub const MAX_HEADERS: usize = 100;
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// The whole HTTP application: the API under `/api/v1`, and the app's files with `index.html`
/// answering every client-side route.
pub fn app(state: AppState) -> Router {
    let api = routes::router()
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Outermost: whatever a layer refused (405, 413...) leaves as the one JSON error shape.
        .layer(axum::middleware::map_response(error::as_json));
    Router::new()
        .nest("/api/v1", api)
        .fallback_service(static_files(&state.dist))
        .layer(axum::middleware::from_fn(headers_limit))
        .layer(axum::middleware::map_response(security_headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Headers on every response: no page's address sent with a request (`Referer`), since it names
/// a holder's profile and review by their device's ids (`/parcours/PROFILE/…?bilan=ID`), which
/// would otherwise reach the server beside every contribution and link one person's; and no
/// file read as another type than the one it is sent as. On the page itself (HTML) only, where
/// they mean something: no showing inside another site's frame, where a hidden one could take
/// a person's clicks (the page's own policy, which `cargo xtask build` writes into it, cannot
/// say this one); no camera, microphone or location asked for (the app needs none); no other
/// site's window keeping a hold on the app's. Sent with each of the thirty files of a first
/// visit, they weighed 5 KiB.
async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    let headers = response.headers_mut();
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !page {
        return response;
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("frame-ancestors 'none'"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Refuses a request with too many or too large headers, with the JSON error shape (hyper's own
/// limits are set higher by [`serve`], so that this one speaks first).
async fn headers_limit(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let headers = request.headers();
    let bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        return error::ApiError::Input(
            axum::http::StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "the request's headers are too large: at most {MAX_HEADERS} fields and {MAX_HEADER_BYTES} bytes"
            ),
        )
        .into_response();
    }
    next.run(request).await
}

/// Serves `router` on `listener` until `shutdown` resolves, letting requests under way finish.
/// Each request carries its client's address (`ConnectInfo`). hyper's limits on headers are set
/// well above [`MAX_HEADERS`] and [`MAX_HEADER_BYTES`], so that the app refuses with its JSON
/// shape; only a request beyond a megabyte of headers meets hyper's own bare 431.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .max_headers(10 * MAX_HEADERS)
        .max_buf_size(1024 * 1024);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, address) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!(error = %err, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = tower::ServiceBuilder::new()
            .map_request(
                move |mut request: axum::extract::Request<hyper::body::Incoming>| {
                    request
                        .extensions_mut()
                        .insert(axum::extract::ConnectInfo(address));
                    request
                },
            )
            .service(router.clone());
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "connection ended on an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// The built app, with the build's precompressed `.br` and `.gz` copies served when the browser
/// accepts them (brotli first: it is smaller). A file named by its content is kept by the
/// browser for good; the others (the page, the service worker, the surveys) are revalidated on
/// every visit (the service worker keeps the offline copy).
fn static_files(dist: &Path) -> Router {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    // The app's own addresses (`/parcours/…`, `/rejoindre/CODE`) are the page, whose router reads
    // them; a file that is not there (a name with an extension, as the service worker tells them
    // apart) is a 404, never the page under a chunk's or a survey's name.
    let page = Router::new().fallback(async move |request: axum::extract::Request| {
        let path = request.uri().path().to_owned();
        if names_a_file(&path) {
            error::ApiError::NoFile(path).into_response()
        } else {
            index.oneshot(request).await.into_response()
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(page);
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::map_response(
            async |uri: axum::http::Uri, mut response: axum::response::Response| {
                // The page served for an unknown address is never kept under that address.
                let html = response
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
                let kept = response.status().is_success() && !html && content_named(uri.path());
                response.headers_mut().insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(if kept {
                        "public, max-age=31536000, immutable"
                    } else {
                        "no-cache"
                    }),
                );
                response
            },
        ))
}

/// Whether `path`'s last segment has an extension (`.json`, `.wasm`): a file, not one of the
/// app's addresses, whose ids never hold a dot. A join link is always the page: people type its
/// code by hand, with whatever separates the letters (`/rejoindre/abc.def.ghj`).
fn names_a_file(path: &str) -> bool {
    if path.starts_with("/rejoindre/") {
        return false;
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    last.rsplit_once('.')
        .is_some_and(|(_, ext)| !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether `path` names a build file by its content (`/bilan…-` and 12 hex digits, then the
/// extension), which never changes under that name: a participant scanning a second session's
/// QR code, or the service worker installing, then asks nothing again.
fn content_named(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/bilan") else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or_default();
    !name.contains('/')
        && stem.rsplit_once('-').is_some_and(|(_, hash)| {
            hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// Ctrl-C and SIGTERM, registered before the server says it is ready so that a signal sent
/// right after start-up still stops it cleanly instead of killing it.
pub struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    /// Listens for both; an error if the system will not tell the process about them.
    pub fn register() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                interrupt: signal(SignalKind::interrupt())
                    .map_err(|e| std::io::Error::other(format!("cannot listen for Ctrl-C: {e}")))?,
                terminate: signal(SignalKind::terminate()).map_err(|e| {
                    std::io::Error::other(format!("cannot listen for SIGTERM: {e}"))
                })?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// Resolves on the first signal, letting requests under way finish.
    pub async fn recv(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {},
            _ = self.terminate.recv() => {},
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down");
    }
}
