//! Tokens, contributions, figures, the API's description and its limits, driven through the HTTP
//! application, each test run on SQLite and on a real PostgreSQL (`BILAN_TEST_POSTGRES`, started
//! by `cargo xtask test`).

use crate::fixture::*;
use axum::http::StatusCode;
use bilan_server::auth::Role;
use serde_json::{Value, json};

#[tokio::test]
async fn every_endpoint_refuses_a_missing_wrong_or_unfit_token() {
    for (url, dir) in databases("tokens").await {
        let fx = Fixture::new(&url, dir).await;
        let table = format!(
            "/api/v1/aggregates?survey=seance-collective&period={}",
            year()
        );
        let table = table.as_str();
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
        let this = year().to_string();
        assert_eq!(fx.table(&this, "").await.0, StatusCode::OK);
        assert!(fx.state.db.revoke_token(board, 2).await.unwrap());
        assert_eq!(fx.table(&this, "").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(fx.raw().await, 0, "nothing was counted by refused requests");
    }
}

/// A token tells its bearer its role, and nothing else: the app handed a board member's link
/// opens the dashboard rather than linking the device to share.
#[tokio::test]
async fn a_token_tells_its_bearer_its_role() {
    let (url, dir) = databases("role").await.remove(0);
    let fx = Fixture::new(&url, dir).await;
    for (token, role) in [
        (&fx.contributor, "contributor"),
        (&fx.facilitator, "facilitator"),
        (&fx.board, "board"),
        (&fx.admin, "admin"),
    ] {
        let (status, json) = fx.call("GET", "/api/v1/token", Some(token), None).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(json, json!({ "role": role }));
    }
    let (status, json) = fx.call("GET", "/api/v1/token", None, None).await;
    assert_eq!(
        (status, json["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("no-token"))
    );
    let (status, json) = fx
        .call("GET", "/api/v1/token", Some("bilan_not_one_of_ours"), None)
        .await;
    assert_eq!(
        (status, json["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("bad-token"))
    );
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
        assert_eq!(json["applied"], json!([id("r6")]));
        assert_eq!(json["duplicates"].as_array().unwrap().len(), 6);
        assert_eq!(fx.raw().await, 7);

        // One wrong cell refuses the whole batch, naming it; nothing of the batch is counted.
        let mut bad = vec![
            contribution("n1", "benevoles", "3"),
            contribution("n2", "benevoles", "3"),
        ];
        bad[1].cells[1].bucket = "9".parse().unwrap();
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
            // Padding: a contribution with no answer would move a table without a person.
            ("no cells".into(), with("cells", json!([]))),
            (
                "a name as id".into(),
                with("id", json!("JeanDupont-0612345678-abcdef")),
            ),
            (
                "a UUID as id".into(),
                with("id", json!("6f1c2a9e-4b1d-4c55-9a3e-2f0b1c7d9e10")),
            ),
            (
                "an old period".into(),
                with("period", json!((year() - 2).to_string())),
            ),
            (
                "a future period".into(),
                with("period", json!((year() + 1).to_string())),
            ),
            ("far future".into(), with("period", json!("2100"))),
            ("a session".into(), with("session", json!("ABC234XYZ"))),
            ("four people".into(), with("participants", json!(4))),
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
    // The document is generated from the handlers and the wire types; the copy kept in the
    // repository for readers is that document (BILAN_BLESS_OPENAPI=1 rewrites it).
    let kept = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    if std::env::var_os("BILAN_BLESS_OPENAPI").is_some() {
        std::fs::write(&kept, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    }
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&kept).unwrap()).unwrap();
    assert!(
        written == doc,
        "src/bilan-server/openapi.json is not the served document: run BILAN_BLESS_OPENAPI=1 cargo test -p bilan-server --test sync openapi"
    );
    // Every reference resolves, and what /health sends is what its schema says.
    let text = doc.to_string();
    for name in text.split("#/components/schemas/").skip(1) {
        let name = &name[..name.find('"').unwrap()];
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{name} is referenced but not defined"
        );
    }
    let (_, health) = fx.call("GET", "/api/v1/health", None, None).await;
    let mut sent: Vec<&String> = health.as_object().unwrap().keys().collect();
    let mut described: Vec<&String> = doc["components"]["schemas"]["Health"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    sent.sort();
    described.sort();
    assert_eq!(sent, described);
    let paths = doc["paths"].as_object().unwrap();
    let mut documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    documented.sort();
    assert_eq!(
        documented,
        [
            "/aggregates",
            "/contributions",
            "/export",
            "/figures",
            "/health",
            "/openapi.json",
            "/sessions",
            "/sessions/{code}",
            "/sessions/{code}/close",
            "/sessions/{code}/contributions",
            "/sessions/{code}/totals",
            "/tables",
            "/token"
        ]
    );
    fx.state
        .db
        .open_session(
            "ABC234XYZ",
            "seance-collective",
            None,
            "atelier-thematique",
            None,
            1,
            1,
        )
        .await
        .unwrap();
    for (path, methods) in paths {
        for method in methods.as_object().unwrap().keys() {
            let (status, _) = fx
                .call(
                    &method.to_uppercase(),
                    &format!("/api/v1{}", path.replace("{code}", "ABC234XYZ")),
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
    let (status, headers, json) = fx
        .call_full("GET", "/api/v1/tables", Some(&fx.board), None)
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers["retry-after"], "1", "429 says when to come back");
    assert_eq!(json["error"], "too many requests: wait 1 s and retry");
}

#[tokio::test]
async fn every_refusal_has_the_same_json_shape() {
    let (url, dir) = databases("shapes").await.remove(0);
    let fx = Fixture::new(&url, dir).await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let one =
        |c: bilan_core::share::Contribution| Some(json!({ "contributions": [c] }).to_string());
    let mut old = contribution("old", "benevoles", "3");
    old.period = bilan_core::share::Period::Year(year() - 2);
    let mut unknown = contribution("unknown", "benevoles", "3");
    unknown.survey = "retiree".into();
    let mut version = contribution("version", "benevoles", "3");
    version.version = 7;
    let mut bucket = contribution("bucket", "benevoles", "3");
    bucket.cells[1].bucket = "9".parse().unwrap();
    let contributor = Some(fx.contributor.as_str());
    let cases = [
        (
            "DELETE",
            "/api/v1/contributions",
            contributor,
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "this method is not allowed on this endpoint",
            "method-not-allowed",
        ),
        (
            "PUT",
            "/api/v1/tables",
            contributor,
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "this method is not allowed on this endpoint",
            "method-not-allowed",
        ),
        (
            "POST",
            "/api/v1/contributions",
            contributor,
            Some(huge),
            StatusCode::PAYLOAD_TOO_LARGE,
            "larger than 1048576 bytes",
            "too-large",
        ),
        (
            "GET",
            "/api/v1/nowhere",
            contributor,
            None,
            StatusCode::NOT_FOUND,
            "no such API endpoint: /api/v1/nowhere",
            "not-found",
        ),
        (
            // The extractor's own words, not the status's name ("bad request").
            "GET",
            "/api/v1/sessions/%00%FF",
            contributor,
            None,
            StatusCode::BAD_REQUEST,
            "Invalid UTF-8 in `code`",
            "invalid",
        ),
        (
            "GET",
            "/api/v1/tables",
            None,
            None,
            StatusCode::UNAUTHORIZED,
            "needs a token",
            "no-token",
        ),
        (
            "GET",
            "/api/v1/tables",
            Some("not-a-token-of-this-server"),
            None,
            StatusCode::UNAUTHORIZED,
            "unknown or revoked",
            "bad-token",
        ),
        (
            "GET",
            "/api/v1/tables",
            contributor,
            None,
            StatusCode::FORBIDDEN,
            "may not",
            "forbidden",
        ),
        // What a device that waited too long, or whose survey the server no longer takes,
        // is told: a code its app says in its reader's words.
        (
            "POST",
            "/api/v1/contributions",
            contributor,
            one(old),
            StatusCode::UNPROCESSABLE_ENTITY,
            "only the current period and the one before are",
            "old-period",
        ),
        (
            "POST",
            "/api/v1/contributions",
            contributor,
            one(unknown),
            StatusCode::UNPROCESSABLE_ENTITY,
            "contribution 0: unknown survey \"retiree\"",
            "unknown-survey",
        ),
        (
            "POST",
            "/api/v1/contributions",
            contributor,
            one(version),
            StatusCode::UNPROCESSABLE_ENTITY,
            "has no version 7 on this server",
            "survey-version",
        ),
        (
            "POST",
            "/api/v1/contributions",
            contributor,
            one(bucket),
            StatusCode::UNPROCESSABLE_ENTITY,
            "has no bucket",
            "invalid",
        ),
    ];
    for (method, uri, token, body, want, message, code) in cases {
        let (status, headers, json) = fx.call_full(method, uri, token, body).await;
        assert_eq!(status, want, "{method} {uri}");
        assert_eq!(
            headers["content-type"], "application/json",
            "{method} {uri}"
        );
        assert!(
            json["error"].as_str().is_some_and(|e| e.contains(message)),
            "{method} {uri}: {json}"
        );
        assert_eq!(json["code"], code, "{method} {uri}: {json}");
        assert_eq!(
            json.as_object().map(|o| o.len()),
            Some(2),
            "{method} {uri}: {json}"
        );
    }
    assert_eq!(fx.raw().await, 0, "nothing was counted by refused requests");
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
                .filter(|applied| **applied == id("shared-by-all"))
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
    // The write-ahead log starts over, so the refused batch needs new room on the disk. The
    // server's writer and checkpointer have connections of their own: a checkpoint that finds
    // one of them busy leaves the log's pages in place (and a batch could reuse them), so it is
    // asked again until the log is empty.
    if let bilan_server::Database::Sqlite(pool) = &fx.state.db {
        let wal = dir.join("bilan.db-wal");
        let mut truncated = false;
        for _ in 0..200 {
            let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(pool)
                .await
                .unwrap();
            if busy == 0 && std::fs::metadata(&wal).map_or(true, |m| m.len() == 0) {
                truncated = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(truncated, "the write-ahead log never started over");
    }
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
    assert_eq!(json["code"], "storage-full", "the app says it in its words");
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
pub(crate) struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    pub(crate) fn mount(dir: &std::path::Path) -> SmallDisk {
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
pub(crate) fn fill(path: &std::path::Path) {
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
