//! Two versions of one survey on one server: readings made before the grid changed are still
//! taken, each version's tables are published apart, and the board's spreadsheet adds them up,
//! saying which versions it holds, with a reworded question's answers kept apart.

use crate::export::{read, text};
use crate::fixture::*;
use axum::http::StatusCode;
use bilan_core::disclosure::MAX_NOISE;
use bilan_core::session::revision::{Verdict, next_version};
use bilan_core::share::{Cell, Contribution};
use bilan_server::Database;
use calamine::Data;
use serde_json::json;

/// `n` people answering version 2, where `utile-appropriation` was reworded under a new id.
fn answering_v2(tag: &str, n: usize) -> Vec<Contribution> {
    (0..n)
        .map(|i| Contribution {
            version: 2,
            cells: vec![
                Cell::parse("college", "benevoles").unwrap(),
                Cell::parse("utile-appropriation-v2", "4").unwrap(),
            ],
            ..contribution(&format!("{tag}-{i}"), "benevoles", "4")
        })
        .collect()
}

#[tokio::test]
async fn readings_of_an_older_version_are_taken_and_added_up_with_the_new_one() {
    for (url, dir) in databases("two-versions").await {
        let fx = with_version_2(&url, dir).await;

        // Six readings queued before the update (version 1), six made after (version 2).
        let old: Vec<Contribution> = (0..6)
            .map(|i| contribution(&format!("old-{i}"), "benevoles", "2"))
            .collect();
        let (status, json) = fx.send(&old).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        let (status, json) = fx.send(&answering_v2("new", 6)).await;
        assert_eq!(status, StatusCode::OK, "{json}");

        // A version the server never held is refused, naming those it takes; a question is
        // counted only under the version that asks it.
        let mut unknown = answering_v2("unknown", 1);
        unknown[0].version = 3;
        let (status, json) = fx.send(&unknown).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            json["error"],
            r#"contribution 0: survey "seance-collective" has no version 3 on this server: it takes versions 1, 2"#
        );
        let mut mixed = answering_v2("mixed", 1);
        mixed[0].version = 1;
        let (status, json) = fx.send(&mixed).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            json["error"]
                .as_str()
                .unwrap()
                .contains(r#"question "utile-appropriation-v2" is not a shareable question"#),
            "{json}"
        );

        // Each version's table is published apart.
        let published = fx.release().await;
        let versions: Vec<u32> = published
            .iter()
            .filter(|k| k.dimension.to_string().is_empty())
            .map(|k| k.version)
            .collect();
        assert_eq!(versions, [1, 2], "{published:?}");
        for version in [1, 2] {
            let uri = format!(
                "/api/v1/aggregates?survey=seance-collective&period={}&dimension=&version={version}",
                year()
            );
            let (_, table) = fx.call("GET", &uri, Some(&fx.board), None).await;
            let n = table["contributions"].as_u64().unwrap();
            assert!(n.abs_diff(6) <= MAX_NOISE, "version {version}: {table}");
        }

        // The spreadsheet adds both up and says so; the old wording stays apart, named with
        // its version.
        let uri = format!(
            "/api/v1/export?survey=seance-collective&period={}&format=ods",
            year()
        );
        let (status, _, bytes) = fx.download(&uri, &fx.board).await;
        assert_eq!(status, StatusCode::OK);
        let sheets = read(bytes);
        let method = &sheets[0].1;
        assert!(
            method
                .iter()
                .any(|r| text(r.get(1)).ends_with("(versions 1 et 2)")),
            "{method:?}"
        );
        assert!(
            method.iter().any(|r| text(r.first()) == "Versions"
                && text(r.get(1)).contains("ses réponses restent à part")),
            "{method:?}"
        );
        let all = &sheets[1].1;
        assert_eq!(text(all[1].first()), "Personnes (à ±4 près)");
        let Data::Float(people) = all[1][1] else {
            panic!("{all:?}")
        };
        assert!((people - 12.0).abs() <= 4.0, "{people}");
        let titles: Vec<String> = all.iter().map(|r| text(r.first())).collect();
        let wording = "Pour vous approprier votre projet";
        assert!(titles.iter().any(|t| t == wording), "{titles:?}");
        assert!(
            titles
                .iter()
                .any(|t| *t == format!("{wording} (version 1)")),
            "{titles:?}"
        );
    }
}

/// A server holding version 1 of `seance-collective` and its version 2, the latest.
async fn with_version_2(url: &str, dir: Option<std::path::PathBuf>) -> Fixture {
    let mut surveys = surveys();
    let v1 = surveys
        .iter()
        .find(|s| s.id == "seance-collective")
        .unwrap()
        .clone();
    let reworded = [("utile-appropriation".to_owned(), Verdict::Reword)];
    let (v2, _file) = next_version(&v1, &reworded, &[]).unwrap();
    surveys.push(v2);
    let db = Database::connect(url).await.unwrap();
    Fixture::serving(db, dir, surveys).await
}

/// A session held with version 1 and sent once version 2 is on the server (a kiosk offline
/// that day, a phone that loaded the survey before): its answers are taken in their version,
/// and its table is published there, where the board and the facilitator read it.
#[tokio::test]
async fn a_sessions_answers_are_taken_in_the_version_they_were_given_in() {
    for (url, dir) in databases("session-versions").await {
        let fx = with_version_2(&url, dir).await;
        const KIOSK: &str = "KSK234XYZ";
        let room: Vec<Contribution> = (0..6)
            .map(|i| contribution(&format!("v1-{i}"), "benevoles", "3"))
            .collect();
        let (status, json) = fx
            .call(
                "POST",
                &format!("/api/v1/sessions/{KIOSK}/totals"),
                Some(&fx.facilitator),
                Some(totals(KIOSK, "t", &room)),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        let session = format!("session:{KIOSK}");
        assert_eq!(fx.people(&session).await, 6, "counted under version 1");
        // The session they opened on the server keeps that version, which phones answer.
        let (_, json) = fx
            .call("GET", &format!("/api/v1/sessions/{KIOSK}"), None, None)
            .await;
        assert_eq!(json["version"], 1, "{json}");
        let uri = format!(
            "/api/v1/aggregates?survey=seance-collective&period={}&dimension={session}&version=1",
            year()
        );
        let (_, table) = fx.call("GET", &uri, Some(&fx.board), None).await;
        let n = table["contributions"].as_u64().unwrap_or_default();
        assert!(n.abs_diff(6) <= MAX_NOISE, "{table}");
        let (_, listed) = fx
            .call("GET", "/api/v1/tables", Some(&fx.board), None)
            .await;
        assert!(
            listed
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["dimension"] == session.as_str() && k["version"] == 1),
            "{listed}"
        );

        // A phone that loaded version 1 before the update answers an open session.
        const PHONES: &str = "PHN234XYZ";
        let opened = json!({ "code": PHONES, "survey": "seance-collective", "format": "atelier-thematique" });
        let (status, json) = fx.open_session(opened.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        let answer = |c: Contribution| Some(json!({ "contributions": [c] }).to_string());
        let path = format!("/api/v1/sessions/{PHONES}/contributions");
        let (status, json) = fx
            .call(
                "POST",
                &path,
                None,
                answer(in_session("phone-v1", "benevoles", "2", PHONES)),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(fx.people(&format!("session:{PHONES}")).await, 1);
        // A version the server never held is still refused, in its code.
        let mut unknown = in_session("phone-v3", "benevoles", "2", PHONES);
        unknown.version = 3;
        let (status, json) = fx.call("POST", &path, None, answer(unknown)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
        assert_eq!(json["code"], "survey-version", "{json}");
    }
}

/// A session opened with version 1 once version 2 is on the server tells phones to answer
/// version 1, the kiosk's, so that their answers are counted in one table; a version the server
/// does not hold, or none (an earlier app), tells them nothing and they answer the latest.
#[tokio::test]
async fn a_session_tells_phones_the_version_it_runs() {
    for (url, dir) in databases("session-version").await {
        let fx = with_version_2(&url, dir).await;
        let cases = [
            ("VRS234XYZ", json!(1), Some(1)),
            ("VRT234XYZ", json!(2), Some(2)),
            ("VRU234XYZ", json!(9), None),
            ("VRV234XYZ", json!(null), None),
        ];
        for (code, version, told) in cases {
            let opened = json!({ "code": code, "survey": "seance-collective", "version": version, "format": "atelier-thematique" });
            let (status, json) = fx.open_session(opened.to_string()).await;
            assert_eq!(status, StatusCode::OK, "{json}");
            // What a phone reads with the code alone.
            let (status, json) = fx
                .call("GET", &format!("/api/v1/sessions/{code}"), None, None)
                .await;
            assert_eq!(status, StatusCode::OK, "{json}");
            assert_eq!(json["version"].as_u64(), told, "{code}: {json}");
        }
    }
}
