//! Bilan's server: a small JSON API over anonymised aggregates, and the static host of the app.
//!
//! `main.rs` parses the command line; everything else lives here so tests can drive [`app`]
//! without a socket.

pub mod auth;
pub mod db;
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
            surveys: Arc::new(surveys),
            threshold: Default::default(),
            rate_limit: auth::RateLimit::new(DEFAULT_RATE_LIMIT),
            schedule: releases::Schedule::Month,
            publishing: Arc::new(tokio::sync::Mutex::new(())),
            wrong_codes: auth::RateLimit::new(WRONG_CODES_PER_SECOND),
        }
    }

    /// What publishing a snapshot needs.
    pub fn publisher(&self) -> releases::Publisher<'_> {
        releases::Publisher {
            db: &self.db,
            surveys: &self.surveys,
            threshold: self.threshold,
            noise: &self.noise,
        }
    }
}

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
