//! Bilan's server: a small JSON API over anonymised aggregates, and the static host of the app.
//!
//! `main.rs` parses the command line; everything else lives here so tests can drive [`app`]
//! without a socket.

pub mod auth;
pub mod db;
pub mod error;
pub mod ingest;
pub mod routes;
pub mod surveys;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
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
    /// The validated surveys, against which contributions are checked.
    pub surveys: Arc<Vec<bilan_core::Survey>>,
    /// The disclosure threshold k.
    pub threshold: bilan_core::disclosure::Threshold,
    /// Requests per second allowed to each token.
    pub rate_limit: Arc<auth::RateLimit>,
    /// The single writer of contributions (group commit).
    pub ingest: ingest::Ingest,
    /// Token lookups.
    pub tokens: Arc<auth::Tokens>,
}

/// Requests per second each token may make, by default.
pub const DEFAULT_RATE_LIMIT: u32 = 20;

impl AppState {
    /// The state with the default threshold and rate limit; starts the writer (needs Tokio).
    pub fn new(db: Database, dist: PathBuf, surveys: Vec<bilan_core::Survey>) -> Self {
        AppState {
            ingest: ingest::Ingest::start(db.clone()),
            tokens: auth::Tokens::open(db.sqlite_file().as_deref()),
            db,
            dist,
            surveys: Arc::new(surveys),
            threshold: Default::default(),
            rate_limit: auth::RateLimit::new(DEFAULT_RATE_LIMIT),
        }
    }
}

/// The whole HTTP application: the API under `/api/v1`, and the app's files with `index.html`
/// answering every client-side route.
pub fn app(state: AppState) -> Router {
    let api = routes::router().layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    Router::new()
        .nest("/api/v1", api)
        .fallback_service(static_files(&state.dist))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The built app; files are revalidated on every visit (the service worker keeps the offline
/// copy), and precompressed `.gz` files written by the build are served when the browser accepts them.
fn static_files(dist: &Path) -> Router {
    let index = ServeFile::new(dist.join("index.html")).precompressed_gzip();
    let files = ServeDir::new(dist).precompressed_gzip().fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}
