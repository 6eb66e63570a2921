//! The demo Pôle (`serve --demo`): a board member trying Bilan sees a full dashboard, every table
//! of it published through the same release rule as real data, and labelled as demo data.

use crate::fixture::*;
use axum::http::StatusCode;
use bilan_server::demo::{HOLDERS, seed};
use serde_json::Value;

fn now() -> i64 {
    bilan_server::routes::figures::now_millis()
}

#[tokio::test]
async fn the_demo_seeds_a_plausible_pole_once_through_the_release_rule() {
    for (url, dir) in databases("demo").await {
        let fx = Fixture::new(&url, dir).await;
        let (_, health) = fx.call("GET", "/api/v1/health", None, None).await;
        assert_eq!(health["demo"], false, "{health}");

        let seeded = seed(&fx.state, now(), 7).await.unwrap().unwrap();
        // One to three readings of two surveys for each holder.
        assert!(
            (2 * HOLDERS..=6 * HOLDERS).contains(&seeded.readings),
            "{seeded:?}"
        );
        assert!(seeded.sessions >= 6, "{seeded:?}");
        assert!(seeded.participants >= 100, "{seeded:?}");
        let (_, health) = fx.call("GET", "/api/v1/health", None, None).await;
        assert_eq!(health["demo"], true, "{health}");
        // Seeding again adds nothing.
        assert_eq!(seed(&fx.state, now(), 7).await.unwrap(), None);

        // Every holder's survey has a published table this year and last year.
        let (status, tables) = fx
            .call("GET", "/api/v1/tables", Some(&fx.board), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{tables}");
        let year = year();
        let period = year.to_string();
        for survey in ["auto-evaluation", "mesures-impact", "seance-collective"] {
            assert!(
                tables
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t["survey"] == survey
                        && t["period"] == period.as_str()
                        && t["dimension"] == ""),
                "{survey} {year}: {tables}"
            );
        }
        let uri = format!("/api/v1/aggregates?survey=auto-evaluation&period={year}&dimension=");
        let (status, table) = fx.call("GET", &uri, Some(&fx.board), None).await;
        assert_eq!(status, StatusCode::OK, "{table}");
        let people = table["contributions"].as_u64().unwrap_or(0);
        assert!(people >= 50, "{table}");
        // Readings after the first say how far each holder moved: mostly up.
        let progress: Vec<&Value> = table["questions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|q| {
                q["question"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("progress:")
            })
            .collect();
        assert!(!progress.is_empty(), "{table}");
        let count = |way: &str| -> u64 {
            progress
                .iter()
                .flat_map(|q| q["cells"].as_array().unwrap())
                .filter(|c| c["bucket"].as_str().unwrap_or("").starts_with(way))
                .map(|c| c["count"].as_u64().unwrap())
                .sum()
        };
        assert!(count("up") > 2 * count("down"), "{progress:?}");

        // The sessions held, of the field's formats, the annual review among them.
        let (_, held) = fx
            .call("GET", "/api/v1/sessions", Some(&fx.board), None)
            .await;
        let formats: Vec<&str> = held
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["format"].as_str().unwrap())
            .collect();
        assert_eq!(formats.len(), seeded.sessions, "{held}");
        assert!(formats.contains(&"bilan-participatif"), "{formats:?}");
        assert!(held.as_array().unwrap().iter().all(|s| s["closed"] == true));
        // The review's five colleges are each published apart.
        for college in [
            "personnes-qualifiees",
            "porteurs-createurs",
            "benevoles",
            "salaries",
            "financeurs",
        ] {
            let (status, table) = fx
                .table(&year.to_string(), &format!("college:{college}"))
                .await;
            assert_eq!(status, StatusCode::OK, "{college}: {table}");
            assert!(
                table["contributions"].as_u64().unwrap_or(0) >= 5,
                "{college}: {table}"
            );
        }
        // The demo's own tokens are revoked once it is seeded.
        let active = fx
            .state
            .db
            .tokens()
            .await
            .unwrap()
            .into_iter()
            .filter(|t| t.label.starts_with("démo") && t.revoked_at.is_none())
            .count();
        assert_eq!(active, 0);
    }
}

#[tokio::test]
async fn the_demo_is_never_mixed_with_real_contributions() {
    for (url, dir) in databases("demo-real").await {
        let fx = Fixture::new(&url, dir).await;
        let (status, json) = fx.send(&[contribution("real", "benevoles", "3")]).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        let err = seed(&fx.state, now(), 7).await.unwrap_err().to_string();
        assert!(err.contains("already holds real contributions"), "{err}");
        let (_, health) = fx.call("GET", "/api/v1/health", None, None).await;
        assert_eq!(health["demo"], false);
        assert_eq!(fx.raw().await, 1, "nothing added");
    }
}
