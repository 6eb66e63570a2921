//! The HTTP application driven in-process with `oneshot`, on a fresh SQLite file per test.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use bilan_server::{AppState, Database, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

struct Fixture {
    dir: std::path::PathBuf,
    state: AppState,
}

impl Fixture {
    async fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("bilan-api-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>Bilan</title>",
        )
        .unwrap();
        std::fs::write(dist.join("app.css"), "body{}").unwrap();
        let db = Database::connect(&format!("sqlite://{}", dir.join("bilan.db").display()))
            .await
            .unwrap();
        Fixture {
            dir,
            state: AppState::new(db, dist, Vec::new(), bilan_server::secret::Secret::draw()),
        }
    }

    async fn get(&self, uri: &str) -> (StatusCode, Option<String>, String) {
        let response = app(self.state.clone())
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned());
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            content_type,
            String::from_utf8(body.to_vec()).unwrap(),
        )
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn health_reports_version_and_database_kind() {
    let fx = Fixture::new("health").await;
    let (status, content_type, body) = fx.get("/api/v1/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["version"], bilan_core::VERSION);
    assert_eq!(json["database"], "sqlite");
    assert_eq!(json["threshold"], 5, "the default disclosure threshold");
}

#[tokio::test]
async fn unknown_api_paths_answer_json_404_not_the_app() {
    let fx = Fixture::new("api404").await;
    let (status, _, body) = fx.get("/api/v1/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["error"], "no such API endpoint: /api/v1/nope");
}

#[tokio::test]
async fn client_routes_fall_back_to_index_html() {
    let fx = Fixture::new("fallback").await;
    for path in ["/", "/parcours", "/seances/nouvelle", "/tableau-de-bord"] {
        let (status, content_type, body) = fx.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(content_type.unwrap().starts_with("text/html"), "{path}");
        assert!(body.contains("<title>Bilan</title>"), "{path}");
    }
    let (status, content_type, body) = fx.get("/app.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.unwrap().starts_with("text/css"));
    assert_eq!(body, "body{}");
}

#[tokio::test]
async fn health_answers_503_when_the_database_is_gone() {
    let fx = Fixture::new("dbdown").await;
    fx.state.db.close().await;
    let (status, _, body) = fx.get("/api/v1/health").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["error"], "the database is unavailable");
}

#[tokio::test]
async fn the_builds_brotli_and_gzip_copies_are_sent_to_browsers_that_ask() {
    let fx = Fixture::new("precompressed").await;
    let dist = fx.dir.join("dist");
    // Marked copies, so the test sees which file was sent.
    std::fs::write(dist.join("app.css.br"), "BROTLI").unwrap();
    std::fs::write(dist.join("app.css.gz"), "GZIP").unwrap();
    let sent = |accept: &'static str| {
        let state = fx.state.clone();
        async move {
            let mut request = Request::get("/app.css");
            if !accept.is_empty() {
                request = request.header(header::ACCEPT_ENCODING, accept);
            }
            let response = app(state)
                .oneshot(request.body(Body::empty()).unwrap())
                .await
                .unwrap();
            let encoding = response
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_owned());
            let body = response.into_body().collect().await.unwrap().to_bytes();
            (encoding, String::from_utf8(body.to_vec()).unwrap())
        }
    };
    assert_eq!(
        sent("gzip, deflate, br").await,
        (Some("br".into()), "BROTLI".into())
    );
    assert_eq!(
        sent("gzip, deflate").await,
        (Some("gzip".into()), "GZIP".into())
    );
    assert_eq!(sent("").await, (None, "body{}".into()));
}

#[tokio::test]
async fn files_named_by_their_content_are_kept_and_the_others_revalidated() {
    let fx = Fixture::new("caching").await;
    let dist = fx.dir.join("dist");
    std::fs::write(
        dist.join("bilan_chunk_6-0a1b2c3d4e5f.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(dist.join("bilan-0a1b2c3d4e5f.css"), "body{}").unwrap();
    std::fs::write(dist.join("sw.js"), "// worker").unwrap();
    let cache_control = |path: &'static str| {
        let state = fx.state.clone();
        async move {
            let response = app(state)
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
                .await
                .unwrap();
            let header = response.headers().get(header::CACHE_CONTROL).cloned();
            (
                response.status(),
                header.map(|v| v.to_str().unwrap().to_owned()),
            )
        }
    };
    for kept in [
        "/bilan_chunk_6-0a1b2c3d4e5f.wasm",
        "/bilan-0a1b2c3d4e5f.css",
    ] {
        assert_eq!(
            cache_control(kept).await,
            (
                StatusCode::OK,
                Some("public, max-age=31536000, immutable".into())
            ),
            "{kept}"
        );
    }
    // The page, the worker, a file without a hash, and the page served for a build file that
    // is not there (a deploy half done): asked again at every visit.
    for revalidated in [
        "/",
        "/parcours",
        "/sw.js",
        "/app.css",
        "/bilan_chunk_7-0a1b2c3d4e5f.wasm",
    ] {
        assert_eq!(
            cache_control(revalidated).await.1.as_deref(),
            Some("no-cache"),
            "{revalidated}"
        );
    }
}

/// The app's addresses name a holder's profile and review: no page, file or answer of the API
/// lets the browser send them on with the next request.
#[tokio::test]
async fn every_response_asks_the_browser_to_send_no_address() {
    let fx = Fixture::new("referrer").await;
    for (method, path) in [
        ("GET", "/"),
        ("GET", "/parcours/p/auto-evaluation"),
        ("GET", "/missing.wasm"),
        ("GET", "/api/v1/health"),
        ("POST", "/api/v1/contributions"),
    ] {
        let response = app(fx.state.clone())
            .oneshot(
                Request::builder()
                    .method(method)
                    .uri(path)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(
            response.headers().get(header::REFERRER_POLICY),
            Some(&header::HeaderValue::from_static("no-referrer")),
            "{method} {path}: {}",
            response.status()
        );
    }
}

#[tokio::test]
async fn a_missing_file_is_a_json_404_and_the_apps_addresses_are_the_page() {
    let fx = Fixture::new("missing-files").await;
    // A chunk an old page still asks for after an update, a survey taken away: never the page
    // under their names, which a service worker would keep as the file.
    for missing in [
        "/bilan_chunk_7-0a1b2c3d4e5f.wasm",
        "/surveys/retired.json",
        "/icons/none.png",
    ] {
        assert_eq!(
            fx.get(missing).await,
            (
                StatusCode::NOT_FOUND,
                Some("application/json".into()),
                format!("{{\"error\":\"no such file: {missing}\",\"code\":\"not-found\"}}")
            ),
            "{missing}"
        );
    }
    // The app's own addresses are its page, whose router reads them.
    for page in [
        "/",
        "/parcours",
        "/parcours/p-1/auto-evaluation",
        "/rejoindre/ABCDEFGHJ",
        "/rejoindre/abc.def.ghj",
    ] {
        let (status, _, body) = fx.get(page).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "<!doctype html><title>Bilan</title>"),
            "{page}"
        );
    }
}
