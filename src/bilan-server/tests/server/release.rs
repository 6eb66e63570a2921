//! The release rule through the API, on SQLite and PostgreSQL: tables are published on the
//! schedule and never on read, every count perturbed within the bound, nested tables never a few
//! people apart, ids kept only hashed, and the migration from the previous rule.

use crate::fixture::*;
use axum::http::StatusCode;
use bilan_core::disclosure::MAX_NOISE;
use bilan_core::share::{Cell, Contribution};
use serde_json::{Value, json};

/// `n` people of `college` at `level`, labelled from `tag`.
fn people(tag: &str, n: usize, college: &str, level: &str) -> Vec<Contribution> {
    (0..n)
        .map(|i| contribution(&format!("{tag}-{i}"), college, level))
        .collect()
}

#[tokio::test]
async fn tables_are_published_on_the_schedule_perturbed_and_never_on_read() {
    for (url, dir) in databases("schedule").await {
        let fx = Fixture::new(&url, dir).await;
        let this = year().to_string();
        let mut batch = people("a", 30, "benevoles", "4");
        batch.extend(people("b", 12, "salaries", "2"));
        batch.extend(people("c", 2, "financeurs", "5"));
        let (status, json) = fx.send(&batch).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        // Nothing is published until the schedule (or the operator) says so; reading publishes
        // nothing, however often.
        for _ in 0..3 {
            let (status, table) = fx.table(&this, "").await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(table["contributions"], Value::Null, "{table}");
            assert_eq!(table["published_at"], Value::Null);
        }
        let published: Vec<String> = fx
            .release()
            .await
            .into_iter()
            .map(|t| t.dimension.to_string())
            .collect();
        // The salariés' college table would leave the two financeurs as the period minus the
        // two colleges: it waits.
        assert_eq!(published, ["", "college:benevoles"]);
        let (_, first) = fx.table(&this, "").await;
        assert!(first["published_at"].as_i64().is_some(), "{first}");
        assert_eq!(
            (first["noise"].clone(), first["policy"].clone()),
            (json!(2), json!("withhold"))
        );
        let n = first["contributions"].as_u64().unwrap();
        assert!(n.abs_diff(44) <= MAX_NOISE, "{n}");
        let college = question(&first, "college").unwrap();
        for cell in college["cells"].as_array().unwrap() {
            let count = cell["count"].as_u64().unwrap();
            assert!(count >= 5, "no shown count below k: {cell}");
            let truth = match cell["bucket"].as_str().unwrap() {
                "benevoles" => 30,
                "salaries" => 12,
                other => panic!("{other} shown: {first}"),
            };
            assert!(count.abs_diff(truth) <= MAX_NOISE, "{cell}");
        }
        assert_eq!(college["partial"], true, "the two financeurs are withheld");
        // Reading again gives the same table; so does another release with nobody new.
        assert_eq!(fx.table(&this, "").await.1, first);
        assert!(fx.release().await.is_empty());
        assert_eq!(fx.table(&this, "").await.1, first);
        // Four more people do not move the period's table; the fifth does, at the next release.
        fx.send(&people("d", 4, "salaries", "2")).await;
        fx.release().await;
        assert_eq!(fx.table(&this, "").await.1, first);
        fx.send(&people("e", 1, "salaries", "2")).await;
        let published: Vec<String> = fx
            .release()
            .await
            .into_iter()
            .map(|t| t.dimension.to_string())
            .collect();
        assert!(published.contains(&String::new()), "{published:?}");
        let (_, second) = fx.table(&this, "").await;
        assert_ne!(second["published_at"], first["published_at"]);
        // The board sees the published tables, and colleges only where they isolate nobody: with
        // the two financeurs aside, the salariés stay grouped with them.
        let (_, tables) = fx
            .call("GET", "/api/v1/tables", Some(&fx.board), None)
            .await;
        let dims: Vec<&str> = tables
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["dimension"].as_str().unwrap())
            .collect();
        assert_eq!(dims, ["", "college:benevoles"], "{tables}");
    }
}

#[tokio::test]
async fn contribution_ids_are_kept_only_as_keyed_hashes() {
    for (url, dir) in databases("hashed-ids").await {
        let fx = Fixture::new(&url, dir).await;
        let batch = people("ids", 3, "benevoles", "3");
        fx.send(&batch).await;
        let stored: Vec<String> = match &fx.state.db {
            bilan_server::Database::Sqlite(pool) => {
                sqlx::query_scalar("SELECT id FROM contribution_keys")
                    .fetch_all(pool)
                    .await
                    .unwrap()
            }
            bilan_server::Database::Postgres(pool) => {
                sqlx::query_scalar("SELECT id FROM contribution_keys")
                    .fetch_all(pool)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(stored.len(), 3);
        for c in &batch {
            assert!(!stored.contains(&c.id), "{} stored verbatim", c.id);
            assert!(stored.contains(&fx.state.secret.id_hash(&c.id)));
        }
        // And a retry is still recognised.
        let (_, json) = fx.send(&batch).await;
        assert_eq!(json["duplicates"].as_array().unwrap().len(), 3);
    }
}

#[tokio::test]
async fn a_college_never_reads_as_a_session_minus_one_person() {
    // Attack 3: a kiosk of ten bénévoles and one financeur. The session's table is published at
    // its close; the bénévoles' college table would be it minus the financeur, so it is not.
    for (url, dir) in databases("session-college").await {
        let fx = Fixture::new(&url, dir).await;
        let mut room = people("kiosk", 10, "benevoles", "4");
        room.extend(people("kiosk-f", 1, "financeurs", "1"));
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions/ABC234XYZ/totals",
                Some(&fx.facilitator),
                Some(totals("ABC234XYZ", "t", &room)),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        fx.release().await;
        let this = year().to_string();
        let (_, session) = fx.table(&this, "session:ABC234XYZ").await;
        assert!(session["contributions"].as_u64().is_some(), "{session}");
        assert_eq!(session["policy"], "perturb");
        let (_, period) = fx.table(&this, "").await;
        assert!(period["contributions"].as_u64().is_some(), "{period}");
        let (_, benevoles) = fx.table(&this, "college:benevoles").await;
        assert_eq!(benevoles["contributions"], Value::Null, "{benevoles}");
        let (_, financeurs) = fx.table(&this, "college:financeurs").await;
        assert_eq!(financeurs["contributions"], Value::Null);
    }
}

#[tokio::test]
async fn a_period_never_reads_as_a_session_plus_one_person() {
    // Attack 4: ten people in one session, one in a second whose table stays hidden; the period
    // at eleven would give that person away. It waits until k more arrived.
    for (url, dir) in databases("period-session").await {
        let fx = Fixture::new(&url, dir).await;
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions/ABC234XYZ/totals",
                Some(&fx.facilitator),
                Some(totals(
                    "ABC234XYZ",
                    "t",
                    &people("s1", 10, "benevoles", "4"),
                )),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions/DEF567GHJ/totals",
                Some(&fx.facilitator),
                Some(totals("DEF567GHJ", "t", &people("s2", 1, "salaries", "1"))),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        let this = year().to_string();
        fx.release().await;
        assert!(fx.table(&this, "session:ABC234XYZ").await.1["contributions"].is_u64());
        assert_eq!(
            fx.table(&this, "session:DEF567GHJ").await.1["contributions"],
            Value::Null
        );
        assert_eq!(
            fx.table(&this, "").await.1["contributions"],
            Value::Null,
            "eleven would be ten plus one"
        );
        fx.send(&people("later", 4, "salaries", "3")).await;
        fx.release().await;
        let (_, period) = fx.table(&this, "").await;
        assert!(
            period["contributions"].as_u64().unwrap().abs_diff(15) <= MAX_NOISE,
            "{period}"
        );
    }
}

#[tokio::test]
async fn the_previous_rules_data_is_migrated_keys_drawn_and_ids_hashed() {
    for (url, dir) in databases("migration").await {
        // A database at the previous schema, with what the previous server wrote.
        match url.starts_with("sqlite") {
            true => {
                let path = url.trim_start_matches("sqlite://");
                std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true);
                let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
                let mut previous = sqlx::migrate!("migrations/sqlite");
                previous.migrations = previous.migrations[..4].to_vec().into();
                previous.run(&pool).await.unwrap();
                for sql in old_data() {
                    sqlx::query(&sql).execute(&pool).await.unwrap();
                }
                pool.close().await;
            }
            false => {
                let pool = sqlx::PgPool::connect(&url).await.unwrap();
                let mut previous = sqlx::migrate!("migrations/postgres");
                previous.migrations = previous.migrations[..5].to_vec().into();
                previous.run(&pool).await.unwrap();
                for sql in old_data() {
                    sqlx::query(&sql).execute(&pool).await.unwrap();
                }
                pool.close().await;
            }
        }
        let fx = Fixture::new(&url, dir).await;
        let this = year().to_string();
        let key = bilan_server::db::TableKey {
            survey: "seance-collective".into(),
            version: 1,
            period: this.parse().unwrap(),
            dimension: bilan_core::share::Dimension::None,
        };
        let table = fx.state.db.table(&key).await.unwrap();
        assert_eq!(table.people, 12, "counters kept");
        assert_eq!(table.counters.len(), 2);
        assert_eq!(table.counters[0].count, 12);
        assert!(
            table.counters.iter().all(|c| c.key != 0),
            "each existing cell got a random key sum"
        );
        // The old id is kept hashed now, in its new form: a retry from an older app counts once.
        let retry = Contribution {
            id: "6f1c2a9e4b1d4c559a3e2f0b1c7d9e10".into(),
            ..contribution("x", "benevoles", "3")
        };
        let (_, json) = fx.send(&[retry]).await;
        assert_eq!(json["duplicates"].as_array().unwrap().len(), 1, "{json}");
        let (_, table) = fx.table(&this, "").await;
        assert_eq!(
            table["contributions"],
            Value::Null,
            "old releases are withdrawn"
        );
        fx.release().await;
        let (_, table) = fx.table(&this, "").await;
        assert!(
            table["contributions"].as_u64().unwrap().abs_diff(12) <= MAX_NOISE,
            "{table}"
        );
    }
}

/// What the previous server had written: a verbatim id, twelve people's counters and a release.
fn old_data() -> Vec<String> {
    let y = year();
    vec![
        "INSERT INTO contribution_keys (id) VALUES ('6F1C2A9E-4B1D-4C55-9A3E-2F0B1C7D9E10')"
            .to_owned(),
        format!(
            "INSERT INTO sync_tables (survey, version, period, dimension, contributions) VALUES ('seance-collective', 1, '{y}', '', 12)"
        ),
        format!(
            "INSERT INTO counters (survey, version, period, dimension, question, bucket, count) VALUES ('seance-collective', 1, '{y}', '', 'college', 'benevoles', 12)"
        ),
        format!(
            "INSERT INTO counters (survey, version, period, dimension, question, bucket, count) VALUES ('seance-collective', 1, '{y}', '', 'utile-appropriation', '4', 12)"
        ),
        format!(
            "INSERT INTO releases (survey, version, period, dimension, at, body) VALUES ('seance-collective', 1, '{y}', '', 12, '{{}}')"
        ),
    ]
}

#[tokio::test]
async fn only_cells_count_and_a_facilitator_cannot_pad() {
    // Attack 1: empty contributions, or four "participants" with no cell, are refused.
    for (url, dir) in databases("padding").await {
        let fx = Fixture::new(&url, dir).await;
        let mut empty = contribution("empty", "benevoles", "3");
        empty.cells.clear();
        let mut four = contribution("four", "benevoles", "3");
        four.participants = 4;
        four.cells = vec![];
        for (token, c) in [(&fx.contributor, &empty), (&fx.facilitator, &four)] {
            let body = json!({ "contributions": [c] }).to_string();
            let (status, json) = fx
                .call("POST", "/api/v1/contributions", Some(token), Some(body))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
        }
        let mut group = contribution("group", "benevoles", "3");
        group.participants = 4;
        group.cells = vec![Cell {
            count: 4,
            ..Cell::parse("college", "benevoles").unwrap()
        }];
        let body = json!({ "contributions": [group] }).to_string();
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/contributions",
                Some(&fx.facilitator),
                Some(body),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
        assert!(
            json["error"]
                .as_str()
                .unwrap()
                .contains("/sessions/{code}/totals"),
            "{json}"
        );
        assert_eq!(fx.raw().await, 0);
    }
}
