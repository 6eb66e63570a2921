//! Collective sessions through the API, on SQLite and PostgreSQL: phones join with the code only
//! while it is open and are published every k, the code cannot be guessed, a session takes its
//! totals once and only from the facilitator who opened it.

use crate::fixture::*;
use axum::http::StatusCode;
use bilan_core::disclosure::MAX_NOISE;
use bilan_core::share::{Cell, Contribution};
use serde_json::{Value, json};

const CODE: &str = "ABC234XYZ";

fn open(code: &str, survey: &str) -> String {
    json!({ "code": code, "survey": survey, "format": "atelier-thematique" }).to_string()
}

/// A phone's contribution in session `code`.
fn phone(label: &str, college: &str, level: &str, code: &str) -> String {
    json!({ "contributions": [in_session(label, college, level, code)] }).to_string()
}

#[tokio::test]
async fn phones_join_with_the_code_only_while_the_session_is_open() {
    for (url, dir) in databases("phones").await {
        let fx = Fixture::new(&url, dir).await;
        // Only a facilitator opens a code, and only a code of nine letters.
        let (status, _) = fx
            .call(
                "POST",
                "/api/v1/sessions",
                Some(&fx.contributor),
                Some(open(CODE, "seance-collective")),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, json) = fx.open_session(open("ABC234", "seance-collective")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
        let (status, json) = fx.open_session(open(CODE, "seance-collective")).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(
            json,
            json!({ "code": CODE, "survey": "seance-collective", "format": "atelier-thematique", "open": true })
        );
        // The board lists it, with its format and the day it was opened; a contributor may not.
        let (status, listed) = fx
            .call("GET", "/api/v1/sessions", Some(&fx.board), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        // The day the server heard of it: today (yesterday's date too, run across midnight).
        let day = listed[0]["day"].as_str().unwrap_or_default().to_owned();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let days = [now, now - 60_000].map(|t| bilan_core::calendar::Date::from_millis(t).iso());
        assert!(days.contains(&day), "{listed}");
        assert_eq!(
            listed,
            json!([{ "code": CODE, "survey": "seance-collective", "format": "atelier-thematique", "day": day, "closed": false }])
        );
        let (status, _) = fx
            .call("GET", "/api/v1/sessions", Some(&fx.contributor), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = fx.open_session(open(CODE, "auto-evaluation")).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, json) = fx
            .call("GET", &format!("/api/v1/sessions/{CODE}"), None, None)
            .await;
        assert_eq!(
            (status, json["survey"].clone()),
            (StatusCode::OK, json!("seance-collective"))
        );

        let post = |body: String| {
            fx.call(
                "POST",
                "/api/v1/sessions/ABC234XYZ/contributions",
                None,
                Some(body),
            )
        };
        // Four phones: nothing published yet; the fifth publishes the session's table.
        for i in 0..4 {
            let (status, json) = post(phone(&format!("p{i}"), "benevoles", "4", CODE)).await;
            assert_eq!(status, StatusCode::OK, "{json}");
        }
        let this = year().to_string();
        let session = format!("session:{CODE}");
        assert_eq!(
            fx.table(&this, &session).await.1["contributions"],
            Value::Null
        );
        post(phone("p4", "salaries", "2", CODE)).await;
        let (_, live) = fx.table(&this, &session).await;
        assert!(
            live["contributions"].as_u64().unwrap().abs_diff(5) <= MAX_NOISE,
            "{live}"
        );
        assert_eq!(live["policy"], "perturb");
        // Every level of a question is shown (perturbed), the empty ones and "don't know" too.
        let levels = question(&live, "utile-appropriation").unwrap();
        assert_eq!(levels["cells"].as_array().unwrap().len(), 6, "{levels}");
        // A sixth person does not move the projector's table: nobody is read from one arrival.
        post(phone("p5", "salaries", "5", CODE)).await;
        assert_eq!(fx.table(&this, &session).await.1, live);
        assert_eq!(fx.people(&session).await, 6);
        assert_eq!(
            fx.people("college:benevoles").await,
            4,
            "counted in its college too"
        );

        // What a phone may not send, each refused by name, nothing counted.
        let mut many = in_session("many", "benevoles", "4", CODE);
        many.participants = 2;
        let mut empty = in_session("empty", "benevoles", "4", CODE);
        empty.cells.clear();
        let refusals: Vec<(String, &str)> = vec![
            (phone("other", "benevoles", "4", "ZZZ999ZZZ"), "must be counted in session ABC234XYZ"),
            (json!({ "contributions": [contribution("none", "benevoles", "4")] }).to_string(), "must be counted in session"),
            (json!({ "contributions": [many] }).to_string(), "a participant speaks for one person"),
            (json!({ "contributions": [empty] }).to_string(), "no cells"),
            (
                json!({ "contributions": [in_session("a", "benevoles", "4", CODE), in_session("b", "benevoles", "4", CODE)] }).to_string(),
                "a participant sends one contribution",
            ),
        ];
        for (body, want) in refusals {
            let (status, json) = post(body).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
            assert!(json["error"].as_str().unwrap().contains(want), "{json}");
        }
        assert_eq!(fx.people(&session).await, 6);

        // Only the facilitator who opened it closes it; its last snapshot is then published.
        let other = fx.admin.clone();
        let (status, _) = fx
            .call(
                "POST",
                "/api/v1/sessions/ABC234XYZ/close",
                Some(&fx.board),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions/ABC234XYZ/close",
                Some(&fx.facilitator),
                None,
            )
            .await;
        assert_eq!(
            (status, json["open"].clone()),
            (StatusCode::OK, json!(false))
        );
        let (_, last) = fx.table(&this, &session).await;
        assert!(
            last["contributions"].as_u64().unwrap().abs_diff(6) <= MAX_NOISE,
            "{last}"
        );
        assert_ne!(last["published_at"], live["published_at"]);
        let (status, json) = post(phone("late", "benevoles", "4", CODE)).await;
        assert_eq!(status, StatusCode::GONE);
        assert_eq!(
            json["error"],
            "session ABC234XYZ is closed: it takes no more answers"
        );
        assert_eq!(
            json["code"], "session-closed",
            "the phone says it in its words"
        );
        assert_eq!(fx.people(&session).await, 6);
        let _ = other;
    }
}

#[tokio::test]
async fn a_session_code_cannot_be_guessed() {
    let (url, dir) = databases("guessing").await.remove(0);
    let fx = Fixture::new(&url, dir).await;
    fx.open_session(open(CODE, "seance-collective")).await;
    // A client trying codes is stopped after a couple of wrong ones, whatever route it uses;
    // then even the right code waits, so guessing gets nowhere.
    let mut statuses = Vec::new();
    for i in 0..6 {
        let guess = format!("GUESS{i:04}").replace('0', "2").replace('1', "3");
        let (status, _, _) = fx
            .call_full("GET", &format!("/api/v1/sessions/{guess}"), None, None)
            .await;
        statuses.push(status);
    }
    let (status, headers, json) = fx
        .call_full(
            "POST",
            "/api/v1/sessions/ZZZZZZZZZ/contributions",
            None,
            Some(phone("x", "benevoles", "4", "ZZZZZZZZZ")),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{json}");
    assert!(headers.contains_key("retry-after"));
    assert_eq!(
        &statuses[..2],
        [StatusCode::NOT_FOUND, StatusCode::NOT_FOUND]
    );
    assert!(
        statuses[2..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let (status, _) = fx
        .call("GET", &format!("/api/v1/sessions/{CODE}"), None, None)
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Nine letters of 31: 44 random bits.
    assert!((31f64).powi(9).log2() >= 40.0);
}

#[test]
fn behind_a_trusted_proxy_the_client_is_the_address_it_saw_and_not_one_a_client_sends() {
    use bilan_server::routes::sessions::client_address;
    let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
    let proxy = ip("127.0.0.1");
    let trusted = [proxy];
    // Not from a trusted proxy: the header is the client's own word, not taken.
    assert_eq!(
        client_address(ip("198.51.100.7"), Some("203.0.113.5"), &trusted),
        ip("198.51.100.7")
    );
    // From the proxy: the address it saw.
    assert_eq!(
        client_address(proxy, Some("203.0.113.5"), &trusted),
        ip("203.0.113.5")
    );
    // A client that sends the header itself: the proxy appends the address it saw, which wins.
    assert_eq!(
        client_address(proxy, Some("203.0.113.5, 198.51.100.7"), &trusted),
        ip("198.51.100.7")
    );
    // Two trusted proxies in a row: the address the first one saw.
    let both = [proxy, ip("10.0.0.2")];
    assert_eq!(
        client_address(proxy, Some("198.51.100.7, 10.0.0.2"), &both),
        ip("198.51.100.7")
    );
    assert_eq!(
        client_address(proxy, Some("2001:db8::1, 10.0.0.2"), &both),
        ip("2001:db8::1")
    );
    // No header, or a hop that is not an address: the proxy itself.
    assert_eq!(client_address(proxy, None, &trusted), proxy);
    assert_eq!(client_address(proxy, Some("unknown"), &trusted), proxy);
    // No proxy trusted (the default): the header is never taken.
    assert_eq!(client_address(proxy, Some("203.0.113.5"), &[]), proxy);
}

#[tokio::test]
async fn a_sessions_totals_are_taken_once_from_its_facilitator() {
    for (url, dir) in databases("totals").await {
        let fx = Fixture::new(&url, dir).await;
        let room: Vec<Contribution> = (0..6)
            .map(|i| {
                contribution(
                    &format!("k{i}"),
                    if i < 4 { "benevoles" } else { "salaries" },
                    "3",
                )
            })
            .collect();
        let body = totals(CODE, "t", &room);
        let path = format!("/api/v1/sessions/{CODE}/totals");
        // A participant's device may not speak for six people.
        let (status, _) = fx
            .call("POST", &path, Some(&fx.contributor), Some(body.clone()))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, json) = fx
            .call("POST", &path, Some(&fx.facilitator), Some(body.clone()))
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        // The same totals again (an answer lost): still six people.
        let (status, json) = fx
            .call("POST", &path, Some(&fx.facilitator), Some(body))
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(json["duplicates"].as_array().unwrap().len(), 2);
        assert_eq!(fx.people(&format!("session:{CODE}")).await, 6);
        // Other totals for the same session (a second tab, a second click, invented ones): refused.
        let invented: Vec<Contribution> = (0..24)
            .map(|i| contribution(&format!("i{i}"), "benevoles", "4"))
            .collect();
        let (status, json) = fx
            .call(
                "POST",
                &path,
                Some(&fx.facilitator),
                Some(totals(CODE, "u", &invented)),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{json}");
        assert!(
            json["error"].as_str().unwrap().contains("taken once"),
            "{json}"
        );
        assert_eq!(json["code"], "totals-taken", "said apart from a code taken");
        assert_eq!(fx.raw().await, 6);
        // The session is closed by its totals, and published once.
        let (_, json) = fx
            .call("GET", &format!("/api/v1/sessions/{CODE}"), None, None)
            .await;
        assert_eq!(json["open"], false);
        let (_, table) = fx
            .table(&year().to_string(), &format!("session:{CODE}"))
            .await;
        assert!(
            table["contributions"].as_u64().unwrap().abs_diff(6) <= MAX_NOISE,
            "{table}"
        );
        // Totals whose counts do not add up are refused by name.
        let mut wrong = contribution("w", "benevoles", "3");
        wrong.session = Some("DEF567GHJ".into());
        wrong.participants = 2;
        wrong.cells[0].count = 3;
        let body = json!({ "format": "atelier-thematique", "contributions": [wrong] }).to_string();
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions/DEF567GHJ/totals",
                Some(&fx.facilitator),
                Some(body),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            json["error"],
            r#"contribution 0: question "college", bucket "benevoles": count 3 is not 1 to the 2 participants"#
        );
        // A session opened by one facilitator takes no totals from another token.
        fx.open_session(open("KMN567PQR", "seance-collective"))
            .await;
        let other = {
            let t = bilan_server::auth::new_token();
            fx.state
                .db
                .create_token(
                    &bilan_server::auth::hash(&t),
                    bilan_server::auth::Role::Facilitator,
                    "autre",
                    1,
                )
                .await
                .unwrap();
            t
        };
        let group = {
            let mut g = contribution("g", "benevoles", "3");
            g.session = Some("KMN567PQR".into());
            g.participants = 5;
            g.cells = vec![Cell {
                count: 5,
                ..Cell::parse("college", "benevoles").unwrap()
            }];
            g
        };
        let body = json!({ "format": "atelier-thematique", "contributions": [group] }).to_string();
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions/KMN567PQR/totals",
                Some(&other),
                Some(body),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{json}");
        assert!(
            json["error"]
                .as_str()
                .unwrap()
                .contains("another facilitator"),
            "{json}"
        );
        // Not a token refused: the app must not say its link was.
        assert_eq!(json["code"], "other-facilitator", "{json}");
    }
}

/// The board lists a session on the day the facilitator held it, which their device sends: a
/// kiosk's totals may come days later from a tablet that was offline, and a session of another
/// year is refused, as is a day its totals are not counted in.
#[tokio::test]
async fn a_session_is_listed_on_the_day_it_was_held() {
    for (url, dir) in databases("held-day").await {
        let fx = Fixture::new(&url, dir).await;
        let this = year();
        let dated = |body: String, day: &str| {
            let mut body: Value = serde_json::from_str(&body).unwrap();
            body["day"] = json!(day);
            body.to_string()
        };
        let listed = || async {
            let (status, held) = fx
                .call("GET", "/api/v1/sessions", Some(&fx.board), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{held}");
            held.as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    format!(
                        "{} {}",
                        s["code"].as_str().unwrap(),
                        s["day"].as_str().unwrap()
                    )
                })
                .collect::<Vec<_>>()
        };
        // Phones: the day the laptop's session is dated.
        let (status, json) = fx
            .open_session(dated(
                open(CODE, "seance-collective"),
                &format!("{this}-01-02"),
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");

        // A kiosk's totals: a day that is no day, a day of long ago, a day outside the period
        // its groups are counted in; each refused, naming it, and nothing is recorded.
        let room: Vec<Contribution> = (0..5)
            .map(|i| contribution(&format!("d{i}"), "benevoles", "3"))
            .collect();
        let path = "/api/v1/sessions/DEF567GHJ/totals";
        for (day, said) in [
            (format!("{this}-02-30"), "is not a day".to_owned()),
            ("12/11/2026".to_owned(), "is not a day".to_owned()),
            (
                format!("{}-06-01", this - 3),
                format!("from {}-01-01 to {}-12-31", this - 1, this + 1),
            ),
            (
                format!("{}-12-31", this - 1),
                format!("counted in {this}, which it is not in"),
            ),
        ] {
            let (status, json) = fx
                .call(
                    "POST",
                    path,
                    Some(&fx.facilitator),
                    Some(dated(totals("DEF567GHJ", "d", &room), &day)),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{day}: {json}");
            let error = json["error"].as_str().unwrap_or_default();
            assert!(error.contains(&said), "{day}: {json}");
            assert_eq!(listed().await, [format!("{CODE} {this}-01-02")]);
        }
        assert_eq!(fx.people("session:DEF567GHJ").await, 0);
        // On its day, the totals are taken, and the session listed on it, the most recent first.
        let (status, json) = fx
            .call(
                "POST",
                path,
                Some(&fx.facilitator),
                Some(dated(
                    totals("DEF567GHJ", "d", &room),
                    &format!("{this}-01-09"),
                )),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(
            listed().await,
            [
                format!("DEF567GHJ {this}-01-09"),
                format!("{CODE} {this}-01-02")
            ]
        );

        // A session opened by an earlier app, which sent no day, or on a day the facilitator
        // changed since, takes the day of its totals.
        for (code, day) in [("KMN567PQR", None), ("PQR234STU", Some("01-03"))] {
            let body = open(code, "seance-collective");
            let body = match day {
                Some(day) => dated(body, &format!("{this}-{day}")),
                None => body,
            };
            let (status, json) = fx.open_session(body).await;
            assert_eq!(status, StatusCode::OK, "{json}");
        }
        assert!(listed().await.contains(&format!("PQR234STU {this}-01-03")));
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions/PQR234STU/totals",
                Some(&fx.facilitator),
                Some(dated(
                    totals("PQR234STU", "f", &room),
                    &format!("{this}-01-04"),
                )),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        let (status, json) = fx
            .call(
                "POST",
                "/api/v1/sessions/KMN567PQR/totals",
                Some(&fx.facilitator),
                Some(dated(
                    totals("KMN567PQR", "e", &room),
                    &format!("{this}-01-05"),
                )),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(
            listed().await,
            [
                format!("DEF567GHJ {this}-01-09"),
                format!("KMN567PQR {this}-01-05"),
                format!("PQR234STU {this}-01-04"),
                format!("{CODE} {this}-01-02")
            ]
        );
    }
}
