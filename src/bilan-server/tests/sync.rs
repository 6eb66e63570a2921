//! Tokens, contributions, released tables and figures, driven through the HTTP application, each
//! test run on SQLite and on a real PostgreSQL (`BILAN_TEST_POSTGRES`, started by `cargo xtask test`).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use bilan_core::share::{Cell, Contribution, Dimension, Period};
use bilan_server::auth::{Role, hash, new_token};
use bilan_server::db::TableKey;
use bilan_server::{AppState, Database, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// A server state on a fresh database, with tokens of every role.
struct Fixture {
    state: AppState,
    contributor: String,
    facilitator: String,
    board: String,
    cleanup: Option<std::path::PathBuf>,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(dir) = &self.cleanup {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn surveys() -> Vec<bilan_core::Survey> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../surveys");
    bilan_server::surveys::load_dir(&dir)
        .unwrap()
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

/// The database URLs every test runs on: a fresh SQLite file, and a fresh PostgreSQL database
/// when `BILAN_TEST_POSTGRES` names a server (required when `BILAN_REQUIRE_POSTGRES` is set).
async fn databases(name: &str) -> Vec<(String, Option<std::path::PathBuf>)> {
    let dir = std::env::temp_dir().join(format!("bilan-sync-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut urls = vec![(
        format!("sqlite://{}", dir.join("bilan.db").display()),
        Some(dir),
    )];
    match std::env::var("BILAN_TEST_POSTGRES") {
        Ok(admin) => {
            let db = format!(
                "bilan_test_{}_{}",
                name.replace('-', "_"),
                std::process::id()
            );
            let pool = sqlx::PgPool::connect(&admin)
                .await
                .expect("BILAN_TEST_POSTGRES answers");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {db}"))
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query(&format!("CREATE DATABASE {db}"))
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            urls.push((format!("{base}/{db}"), None));
        }
        Err(_) if std::env::var_os("BILAN_REQUIRE_POSTGRES").is_some() => {
            panic!(
                "BILAN_REQUIRE_POSTGRES is set but BILAN_TEST_POSTGRES is not: run `cargo xtask test`"
            )
        }
        Err(_) => eprintln!("note: BILAN_TEST_POSTGRES unset, {name} runs on SQLite only"),
    }
    urls
}

impl Fixture {
    async fn new(url: &str, cleanup: Option<std::path::PathBuf>) -> Fixture {
        Fixture::on(Database::connect(url).await.unwrap(), cleanup).await
    }

    /// A fixture on an open (and migrated) database.
    async fn on(db: Database, cleanup: Option<std::path::PathBuf>) -> Fixture {
        let token = async |role| {
            let t = new_token();
            db.create_token(&hash(&t), role, "test", 1).await.unwrap();
            t
        };
        let (contributor, facilitator, board) = (
            token(Role::Contributor).await,
            token(Role::Facilitator).await,
            token(Role::Board).await,
        );
        let mut state = AppState::new(db.clone(), std::env::temp_dir(), surveys());
        // Tests send many requests at once; the rate limit has its own test.
        state.rate_limit = bilan_server::auth::RateLimit::new(10_000);
        Fixture {
            state,
            contributor,
            facilitator,
            board,
            cleanup,
        }
    }

    async fn call(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<String>,
    ) -> (StatusCode, Value) {
        let json = body.is_some().then_some("application/json");
        self.call_typed(method, uri, token, body, json).await
    }

    /// [`Fixture::call`] with the body's content type given (or none).
    async fn call_typed(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<String>,
        content_type: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request
            .body(body.map(Body::from).unwrap_or_default())
            .unwrap();
        let response = app(self.state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn send(&self, batch: &[Contribution]) -> (StatusCode, Value) {
        let body = json!({ "contributions": batch }).to_string();
        self.call(
            "POST",
            "/api/v1/contributions",
            Some(&self.contributor),
            Some(body),
        )
        .await
    }

    async fn table(&self, period: &str, dimension: &str) -> (StatusCode, Value) {
        let uri = format!(
            "/api/v1/aggregates?survey=seance-collective&period={period}&dimension={dimension}"
        );
        self.call("GET", &uri, Some(&self.board), None).await
    }

    /// The raw number of contributions counted in the 2026 college table (test-side view only).
    async fn raw(&self) -> u64 {
        let key = TableKey {
            survey: "seance-collective".into(),
            version: 1,
            period: "2026".into(),
            dimension: String::new(),
        };
        self.state.db.table(&key).await.unwrap().0
    }
}

/// A contribution of one participant of a collective session: their college and one answer.
fn contribution(id: &str, college: &str, level: &str) -> Contribution {
    Contribution {
        id: format!("contribution-{id}"),
        survey: "seance-collective".into(),
        version: 1,
        period: Period::Year(2026),
        dimension: Dimension::None,
        participants: 1,
        cells: vec![
            Cell::one("college", college),
            Cell::one("utile-appropriation", level),
        ],
    }
}

#[tokio::test]
async fn every_endpoint_refuses_a_missing_wrong_or_unfit_token() {
    for (url, dir) in databases("tokens").await {
        let fx = Fixture::new(&url, dir).await;
        let table = "/api/v1/aggregates?survey=seance-collective&period=2026";
        let batch = json!({ "contributions": [contribution("a1", "benevoles", "3")] }).to_string();
        let cases = [
            (
                "GET",
                table,
                None,
                None,
                StatusCode::UNAUTHORIZED,
                "this endpoint needs a token",
            ),
            (
                "GET",
                table,
                Some("bilan_nope"),
                None,
                StatusCode::UNAUTHORIZED,
                "unknown or revoked",
            ),
            (
                "GET",
                table,
                Some(fx.contributor.as_str()),
                None,
                StatusCode::FORBIDDEN,
                "a contributor token may not do this",
            ),
            (
                "POST",
                "/api/v1/contributions",
                Some(fx.board.as_str()),
                Some(batch.clone()),
                StatusCode::FORBIDDEN,
                "needs one of: contributor, facilitator",
            ),
            (
                "GET",
                "/api/v1/figures",
                None,
                None,
                StatusCode::UNAUTHORIZED,
                "needs a token",
            ),
            (
                "POST",
                "/api/v1/figures",
                Some(fx.board.as_str()),
                Some(r#"{"year":2026,"figures":{}}"#.into()),
                StatusCode::FORBIDDEN,
                "a board token",
            ),
            (
                "GET",
                "/api/v1/tables",
                Some(fx.contributor.as_str()),
                None,
                StatusCode::FORBIDDEN,
                "may not",
            ),
        ];
        for (method, uri, token, body, status, message) in cases {
            let (got, json) = fx.call(method, uri, token, body).await;
            assert_eq!(got, status, "{method} {uri} on {url}");
            assert!(json["error"].as_str().unwrap().contains(message), "{json}");
        }
        // A revoked token stops working at once.
        let ids = fx.state.db.tokens().await.unwrap();
        let board = ids.iter().find(|t| t.role == Role::Board).unwrap().id;
        assert_eq!(fx.table("2026", "").await.0, StatusCode::OK);
        assert!(fx.state.db.revoke_token(board, 2).await.unwrap());
        assert_eq!(fx.table("2026", "").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(fx.raw().await, 0, "nothing was counted by refused requests");
    }
}

#[tokio::test]
async fn a_retried_batch_counts_once_and_a_bad_one_counts_nothing() {
    for (url, dir) in databases("dedup").await {
        let fx = Fixture::new(&url, dir).await;
        let batch: Vec<_> = (0..6)
            .map(|i| contribution(&format!("r{i}"), "benevoles", "3"))
            .collect();
        let (status, json) = fx.send(&batch).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(json["applied"].as_array().unwrap().len(), 6);
        // The device did not hear the answer and sends the same batch again, plus one new.
        let mut again = batch.clone();
        again.push(contribution("r6", "salaries", "4"));
        let (_, json) = fx.send(&again).await;
        assert_eq!(json["applied"], json!(["contribution-r6"]));
        assert_eq!(json["duplicates"].as_array().unwrap().len(), 6);
        assert_eq!(fx.raw().await, 7);

        // One wrong cell refuses the whole batch, naming it; nothing of the batch is counted.
        let mut bad = vec![
            contribution("n1", "benevoles", "3"),
            contribution("n2", "benevoles", "3"),
        ];
        bad[1].cells[1].bucket = "9".into();
        let (status, json) = fx.send(&bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            json["error"],
            r#"contribution 1: question "utile-appropriation" has no bucket "9""#
        );
        assert_eq!(fx.raw().await, 7);
    }
}

#[tokio::test]
async fn small_cells_are_never_released_and_one_more_person_changes_nothing() {
    for (url, dir) in databases("release").await {
        let fx = Fixture::new(&url, dir).await;
        let n = |i: usize, college: &str, level: &str| {
            contribution(&format!("p{i:03}"), college, level)
        };
        fx.send(&(0..4).map(|i| n(i, "benevoles", "4")).collect::<Vec<_>>())
            .await;
        let (status, json) = fx.table("2026", "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            json["contributions"],
            Value::Null,
            "four people: nothing shown"
        );
        assert_eq!(json["questions"], json!([]));

        // Six benevoles and five porteurs at level 4, one salarie at level 2. The salarie's cell is
        // hidden, and so is the porteurs' one: with only one hidden, 12 − 6 − 5 would give it away.
        let second: Vec<_> = (4..6)
            .map(|i| n(i, "benevoles", "4"))
            .chain((6..11).map(|i| n(i, "porteurs-createurs", "4")))
            .chain([n(11, "salaries", "2")])
            .collect();
        fx.send(&second).await;
        let (_, first) = fx.table("2026", "").await;
        assert_eq!(first["contributions"], 12);
        assert_eq!(first["threshold"], 5);
        let question = |release: &Value, id: &str| {
            release["questions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|q| q["question"] == id)
                .cloned()
        };
        let college = question(&first, "college").unwrap();
        assert_eq!(
            college["cells"],
            json!([{ "bucket": "benevoles", "count": 6 }])
        );
        assert_eq!(
            (college["total"].clone(), college["partial"].clone()),
            (json!(6), json!(true))
        );
        let level = question(&first, "utile-appropriation").unwrap();
        assert_eq!(
            level["cells"],
            json!([]),
            "11 and 1: showing 11 would give the 1 away"
        );
        let text = first.to_string();
        assert!(
            !text.contains("salaries") && !text.contains(r#""bucket":"2""#),
            "the lone salarie shows nowhere: {text}"
        );

        // Release, add one person, release again: the same table, so the difference tells nothing.
        fx.send(&[n(12, "salaries", "2")]).await;
        let (_, again) = fx.table("2026", "").await;
        assert_eq!(again, first);
        // Once k more contributions arrived, the table moves on.
        fx.send(&(13..17).map(|i| n(i, "salaries", "2")).collect::<Vec<_>>())
            .await;
        let (_, third) = fx.table("2026", "").await;
        assert_eq!(third["contributions"], 17);
        assert_eq!(
            question(&third, "college").unwrap()["cells"],
            json!([
                { "bucket": "benevoles", "count": 6 },
                { "bucket": "porteurs-createurs", "count": 5 },
                { "bucket": "salaries", "count": 6 }
            ])
        );

        // Only tables with at least k contributions are listed.
        let (_, tables) = fx
            .call("GET", "/api/v1/tables", Some(&fx.facilitator), None)
            .await;
        assert_eq!(
            tables,
            json!([{ "survey": "seance-collective", "version": 1, "period": "2026", "dimension": "" }])
        );
        // Unknown tables and bad parameters are named.
        let (status, json) = fx.table("2026-Q7", "").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            json["error"].as_str().unwrap().contains("2026-Q7"),
            "{json}"
        );
        let (status, json) = fx.table("2026", "person:camille").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            json["error"].as_str().unwrap().contains("person:camille"),
            "{json}"
        );
    }
}

#[tokio::test]
async fn malformed_input_never_causes_a_5xx_nor_changes_a_counter() {
    for (url, dir) in databases("malformed").await {
        let fx = Fixture::new(&url, dir).await;
        fx.send(&[contribution("base-1", "benevoles", "3")]).await;
        let one = serde_json::to_value(contribution("x1", "benevoles", "3")).unwrap();
        let with = |field: &str, value: Value| {
            let mut c = one.clone();
            c[field] = value;
            json!({ "contributions": [c] }).to_string()
        };
        let huge = "x".repeat(10 * 1024 * 1024);
        let bodies: Vec<(String, String)> = vec![
            ("not JSON".into(), "{".into()),
            ("empty".into(), String::new()),
            ("array".into(), "[]".into()),
            ("no batch".into(), "{}".into()),
            ("empty batch".into(), r#"{"contributions":[]}"#.into()),
            ("unknown field".into(), with("name", json!("Camille"))),
            ("id as number".into(), with("id", json!(12345678))),
            ("version huge".into(), with("version", json!(1e300))),
            ("version negative".into(), with("version", json!(-1))),
            (
                "unicode survey".into(),
                with("survey", json!("séance-collective-🙂")),
            ),
            (
                "SQL in id".into(),
                with("id", json!("x'); DROP TABLE counters; --")),
            ),
            (
                "SQL in bucket".into(),
                with(
                    "cells",
                    json!([{ "question": "college", "bucket": "' OR 1=1 --" }]),
                ),
            ),
            ("missing cells".into(), {
                let mut c = one.clone();
                c.as_object_mut().unwrap().remove("cells");
                json!({ "contributions": [c] }).to_string()
            }),
            (
                "duplicated key".into(),
                r#"{"contributions":[],"contributions":[]}"#.into(),
            ),
            ("null".into(), "null".into()),
            ("deep nesting".into(), "[".repeat(10_000)),
            (
                "10 MB body".into(),
                format!(r#"{{"contributions":[{{"id":"{huge}"}}]}}"#),
            ),
            (
                "too many".into(),
                json!({ "contributions": vec![one.clone(); 501] }).to_string(),
            ),
        ];
        for (what, body) in bodies {
            let (status, json) = fx
                .call(
                    "POST",
                    "/api/v1/contributions",
                    Some(&fx.contributor),
                    Some(body),
                )
                .await;
            assert!(status.is_client_error(), "{what}: {status} on {url}");
            assert!(
                json["error"].as_str().is_some_and(|e| !e.is_empty()),
                "{what}: a message says why: {json}"
            );
        }
        let valid = json!({ "contributions": [one.clone()] }).to_string();
        for content_type in [None, Some("text/plain"), Some("application/jsonx")] {
            let (status, json) = fx
                .call_typed(
                    "POST",
                    "/api/v1/contributions",
                    Some(&fx.contributor),
                    Some(valid.clone()),
                    content_type,
                )
                .await;
            assert_eq!(
                status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{content_type:?}"
            );
            assert!(
                json["error"]
                    .as_str()
                    .is_some_and(|e| e.contains("Content-Type: application/json")),
                "{content_type:?}: the message names the content type: {json}"
            );
        }
        let queries = [
            "survey=",
            "period=2026",
            "survey=seance-collective&period=2026&version=99999999999",
            "survey=%FF&period=2026",
            "survey=seance-collective&period=2026&extra=1",
        ];
        for q in queries {
            let (status, _) = fx
                .call(
                    "GET",
                    &format!("/api/v1/aggregates?{q}"),
                    Some(&fx.board),
                    None,
                )
                .await;
            assert!(status.is_client_error(), "{q}: {status}");
        }
        assert_eq!(fx.raw().await, 1, "no counter moved");
    }
}

#[tokio::test]
async fn yearly_figures_are_written_by_facilitators_and_read_by_the_board() {
    for (url, dir) in databases("figures").await {
        let fx = Fixture::new(&url, dir).await;
        let year = json!({ "year": 2010, "figures": { "personnes-accueillies": 404, "emplois-crees": 95 } });
        let (status, _) = fx
            .call(
                "POST",
                "/api/v1/figures",
                Some(&fx.facilitator),
                Some(year.to_string()),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, got) = fx
            .call("GET", "/api/v1/figures", Some(&fx.board), None)
            .await;
        assert_eq!(got, json!([year]));
        let bad = json!({ "year": 2010, "figures": { "chiffre-d-affaires": 1 } });
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/figures",
                Some(&fx.facilitator),
                Some(bad.to_string()),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            json["error"]
                .as_str()
                .unwrap()
                .contains("chiffre-d-affaires")
        );
        let (status, _) = fx
            .call(
                "POST",
                "/api/v1/figures",
                Some(&fx.facilitator),
                Some(r#"{"year":1850,"figures":{}}"#.into()),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, got) = fx
            .call("GET", "/api/v1/figures", Some(&fx.board), None)
            .await;
        assert_eq!(
            got.as_array().unwrap().len(),
            1,
            "refused figures changed nothing"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let (url, dir) = databases("openapi").await.remove(0);
    let fx = Fixture::new(&url, dir).await;
    let (status, doc) = fx.call("GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let mut documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    documented.sort();
    assert_eq!(
        documented,
        [
            "/aggregates",
            "/contributions",
            "/figures",
            "/health",
            "/openapi.json",
            "/sessions",
            "/sessions/{code}",
            "/sessions/{code}/close",
            "/sessions/{code}/contributions",
            "/tables"
        ]
    );
    fx.state
        .db
        .open_session("ABC234", "seance-collective", "atelier-thematique", 1)
        .await
        .unwrap();
    for (path, methods) in paths {
        for method in methods.as_object().unwrap().keys() {
            let (status, _) = fx
                .call(
                    &method.to_uppercase(),
                    &format!("/api/v1{}", path.replace("{code}", "ABC234")),
                    None,
                    None,
                )
                .await;
            assert!(
                status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}: {status}"
            );
        }
    }
}

#[tokio::test]
async fn a_token_sending_too_fast_is_slowed_down() {
    let (url, dir) = databases("rate").await.remove(0);
    let mut fx = Fixture::new(&url, dir).await;
    fx.state.rate_limit = bilan_server::auth::RateLimit::new(3);
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            fx.call("GET", "/api/v1/tables", Some(&fx.board), None)
                .await
                .0,
        );
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        6,
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
}

#[tokio::test]
async fn survey_versions_are_remembered_on_both_engines() {
    for (url, dir) in databases("versions").await {
        let fx = Fixture::new(&url, dir).await;
        let db = &fx.state.db;
        assert_eq!(db.survey_version("essai").await.unwrap(), None);
        db.record_survey_version("essai", 3).await.unwrap();
        db.record_survey_version("essai", 2).await.unwrap();
        assert_eq!(
            db.survey_version("essai").await.unwrap(),
            Some(3),
            "on {url}"
        );
    }
}

#[tokio::test]
async fn concurrent_uploads_share_commits_and_still_count_each_id_once() {
    for (url, dir) in databases("group").await {
        let fx = Fixture::new(&url, dir).await;
        // 40 devices at once, each sending its own 5 contributions and 1 that all of them share.
        let uploads = (0..40).map(|d| {
            let mut batch: Vec<_> = (0..5)
                .map(|i| contribution(&format!("d{d}-{i}"), "benevoles", "3"))
                .collect();
            batch.push(contribution("shared-by-all", "salaries", "2"));
            let fx = &fx;
            async move { fx.send(&batch).await }
        });
        let answers = futures_util::future::join_all(uploads).await;
        let mut credited = 0;
        for (status, json) in &answers {
            assert_eq!(*status, StatusCode::OK, "{json}");
            assert_eq!(
                json["applied"].as_array().unwrap().len()
                    + json["duplicates"].as_array().unwrap().len(),
                6
            );
            credited += json["applied"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|id| *id == "contribution-shared-by-all")
                .count();
        }
        assert_eq!(
            credited, 1,
            "the shared id is applied for exactly one upload"
        );
        assert_eq!(fx.raw().await, 201);
    }
}

#[tokio::test]
async fn a_full_disk_answers_503_saves_nothing_and_recovers_when_space_returns() {
    // A real full disk: the database sits on a small tmpfs, which a filler file then fills.
    let dir = std::env::temp_dir().join(format!("bilan-sync-full-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let disk = SmallDisk::mount(&dir);
    let url = format!("sqlite://{}", dir.join("bilan.db").display());
    let fx = Fixture::new(&url, None).await;
    fx.send(&[contribution("before-1", "benevoles", "3")]).await;
    let filler = dir.join("filler");
    fill(&filler);

    let batch: Vec<_> = (0..400)
        .map(|i| contribution(&format!("full-{i:04}"), "benevoles", "4"))
        .collect();
    let (status, json) = fx.send(&batch).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{json}");
    assert_eq!(
        json["error"],
        "the server's storage is full: nothing was saved, try again later"
    );
    assert_eq!(
        fx.raw().await,
        1,
        "nothing of the refused batch was counted"
    );

    // Space returns: the device's retry goes through, once.
    std::fs::remove_file(&filler).unwrap();
    let (status, json) = fx.send(&batch).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["applied"].as_array().unwrap().len(), 400);
    assert_eq!(fx.raw().await, 401);
    fx.state.db.close().await;
    drop(disk);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 2 MB tmpfs, unmounted when dropped.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(dir: &std::path::Path) -> SmallDisk {
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(dir)
            .status()
            .expect("mount runs");
        assert!(
            status.success(),
            "cannot mount a 2 MB tmpfs for the database (needs root, as `cargo xtask test` has in CI)"
        );
        SmallDisk(dir.to_owned())
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// Writes `path` until the disk refuses for lack of space.
fn fill(path: &std::path::Path) {
    use std::io::Write;
    let mut file = std::fs::File::create(path).unwrap();
    let chunk = vec![0x5a_u8; 4096];
    loop {
        match file.write(&chunk) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.raw_os_error() == Some(28) => break,
            Err(e) => panic!("cannot fill the disk: {e}"),
        }
    }
    let _ = file.sync_all();
}

#[tokio::test]
async fn a_sessions_totals_count_each_participant_and_only_a_facilitator_sends_them() {
    for (url, dir) in databases("session-totals").await {
        let fx = Fixture::new(&url, dir).await;
        let parts: Vec<_> = ["3", "3", "3", "4", "4"]
            .iter()
            .enumerate()
            .map(|(i, level)| contribution(&format!("s{i}"), "benevoles", level))
            .collect();
        let total = bilan_core::share::aggregate(
            &parts,
            Period::Year(2026),
            Dimension::None,
            "session-total-0001".into(),
        )
        .unwrap();
        let body = json!({ "contributions": [total] }).to_string();
        // A participant's device may not speak for five people.
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/contributions",
                Some(&fx.contributor),
                Some(body.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{json}");
        assert_eq!(fx.raw().await, 0);
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/contributions",
                Some(&fx.facilitator),
                Some(body.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        // Sent twice (the answer was lost): still five people.
        fx.call(
            "POST",
            "/api/v1/contributions",
            Some(&fx.facilitator),
            Some(body),
        )
        .await;
        assert_eq!(fx.raw().await, 5);
        let (_, table) = fx.table("2026", "").await;
        assert_eq!(table["contributions"], 5, "{table}");
        let useful = table["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["question"] == "utile-appropriation")
            .unwrap();
        // 3 and 2: the 2 is below k = 5, and the 3 is hidden with it.
        assert_eq!(useful["cells"], json!([]), "{table}");
        let college = table["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["question"] == "college")
            .unwrap();
        assert_eq!(
            college["cells"],
            json!([{ "bucket": "benevoles", "count": 5 }])
        );

        // Totals that do not add up are refused by name.
        let mut wrong = parts[0].clone();
        wrong.id = "session-total-0002".into();
        wrong.participants = 2;
        wrong.cells[0].count = 3;
        let body = json!({ "contributions": [wrong] }).to_string();
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/contributions",
                Some(&fx.facilitator),
                Some(body),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            json["error"],
            r#"contribution 0: question "college", bucket "benevoles": count 3 is not 1 to the 2 participants"#
        );
        assert_eq!(fx.raw().await, 5);
    }
}

#[tokio::test]
async fn participants_phones_join_with_the_code_only_while_the_session_is_open() {
    for (url, dir) in databases("own-devices").await {
        let fx = Fixture::new(&url, dir).await;
        let open = json!({ "code": "ABC234", "survey": "seance-collective", "format": "atelier-thematique" }).to_string();
        // Only a facilitator opens a code.
        let (status, _) = fx
            .call(
                "POST",
                "/api/v1/sessions",
                Some(&fx.contributor),
                Some(open.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions",
                Some(&fx.facilitator),
                Some(open.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(
            json,
            json!({ "code": "ABC234", "survey": "seance-collective", "format": "atelier-thematique", "open": true })
        );
        let other = open.replace("seance-collective", "auto-evaluation");
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions",
                Some(&fx.facilitator),
                Some(other),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{json}");
        // A phone reads the session without a token.
        let (status, json) = fx.call("GET", "/api/v1/sessions/ABC234", None, None).await;
        assert_eq!(
            (status, json["survey"].clone()),
            (StatusCode::OK, json!("seance-collective"))
        );
        let (status, json) = fx.call("GET", "/api/v1/sessions/ZZZ999", None, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(json["error"], "no session has the code ZZZ999");
        let (status, json) = fx.call("GET", "/api/v1/sessions/abc", None, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            json["error"]
                .as_str()
                .unwrap()
                .contains("is not a session code"),
            "{json}"
        );

        let participant = |i: u32, dimension: &str| {
            let mut c = contribution(&format!("phone-{i}-{dimension}"), "benevoles", "4");
            c.id = c.id.replace(':', "-");
            c.dimension = dimension.parse().unwrap();
            c
        };
        let send = |batch: Vec<Contribution>| {
            let body = json!({ "contributions": batch }).to_string();
            fx.call(
                "POST",
                "/api/v1/sessions/ABC234/contributions",
                None,
                Some(body),
            )
        };
        for i in 0..3 {
            let (status, json) = send(vec![
                participant(i, "session:ABC234"),
                participant(i, "college:benevoles"),
                participant(i, ""),
            ])
            .await;
            assert_eq!(status, StatusCode::OK, "{json}");
        }
        let session_table = TableKey {
            survey: "seance-collective".into(),
            version: 1,
            period: "2026".into(),
            dimension: "session:ABC234".into(),
        };
        assert_eq!(fx.state.db.table(&session_table).await.unwrap().0, 3);
        assert_eq!(fx.raw().await, 3);

        // What a phone may not send, each refused by name, nothing counted.
        let mut many = participant(9, "session:ABC234");
        many.participants = 2;
        let refusals = [
            (
                vec![participant(9, "session:ZZZ999")],
                "dimension session:ZZZ999 is not this session",
            ),
            (
                vec![participant(9, "")],
                "one contribution must be counted in session:ABC234",
            ),
            (vec![many], "a participant speaks for one person"),
            (
                vec![participant(9, "session:ABC234"); 4],
                "a participant sends 1 to 3 contributions",
            ),
        ];
        for (batch, want) in refusals {
            let (status, json) = send(batch).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
            assert!(json["error"].as_str().unwrap().contains(want), "{json}");
        }
        assert_eq!(fx.state.db.table(&session_table).await.unwrap().0, 3);

        // Closed: the code takes nothing more.
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions/ABC234/close",
                Some(&fx.facilitator),
                None,
            )
            .await;
        assert_eq!(
            (status, json["open"].clone()),
            (StatusCode::OK, json!(false))
        );
        let (status, json) = send(vec![participant(5, "session:ABC234")]).await;
        assert_eq!(status, StatusCode::GONE);
        assert_eq!(
            json["error"],
            "session ABC234 is closed: it takes no more answers"
        );
        assert_eq!(fx.state.db.table(&session_table).await.unwrap().0, 3);
    }
}
