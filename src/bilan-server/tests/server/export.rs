//! The board's spreadsheets: every released table of a survey and period, one sheet each, read
//! back as a spreadsheet program reads them. Numbers are numbers; a withheld cell is "n.p.".

use crate::fixture::*;
use axum::http::{StatusCode, header};
use calamine::{Data, Reader};

/// The sheets of a spreadsheet file, each as rows of cells.
pub fn read(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

pub fn text(cell: Option<&Data>) -> String {
    cell.map(|c| c.to_string()).unwrap_or_default()
}

#[tokio::test]
async fn the_board_gets_every_released_table_as_ods_and_xlsx() {
    for (url, dir) in databases("export").await {
        let fx = Fixture::new(&url, dir).await;
        let now = bilan_server::routes::figures::now_millis();
        bilan_server::demo::seed(&fx.state, now, 11).await.unwrap();
        let year = year();
        let (_, json) = fx
            .call(
                "GET",
                &format!("/api/v1/aggregates?survey=auto-evaluation&period={year}&dimension="),
                Some(&fx.board),
                None,
            )
            .await;
        for (format, mime) in [
            ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
            (
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        ] {
            let uri =
                format!("/api/v1/export?survey=auto-evaluation&period={year}&format={format}");
            let (status, headers, bytes) = fx.download(&uri, &fx.board).await;
            assert_eq!(
                status,
                StatusCode::OK,
                "{}",
                String::from_utf8_lossy(&bytes)
            );
            assert_eq!(headers[header::CONTENT_TYPE], mime);
            assert_eq!(
                headers[header::CONTENT_DISPOSITION],
                format!("attachment; filename=\"bilan-auto-evaluation-{year}.{format}\"")
            );
            let sheets = read(bytes);
            let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names[..2], ["Méthode", "Ensemble"], "{format}");
            let method = &sheets[0].1;
            assert!(
                method.iter().any(|r| text(r.first()) == "n.p."
                    && text(r.get(1)).contains("Ce n’est jamais zéro")),
                "{format}: {method:?}"
            );
            // The threshold said in words, and French typography: a colon and a count keep
            // their non-breaking spaces in a cell that wraps.
            assert!(
                method
                    .iter()
                    .any(|r| text(r.first()) == "Seuil de publication"
                        && text(r.get(1)).contains("moins de 5\u{a0}personnes")),
                "{format}: {method:?}"
            );
            assert!(
                method.iter().all(|r| !text(r.get(1)).contains(" :")),
                "{format}: {method:?}"
            );
            assert!(
                method
                    .iter()
                    .any(|r| text(r.get(1)).contains("démonstration"))
            );
            // The people counted, as a number, the same as the API's table.
            let all = &sheets[1].1;
            assert_eq!(
                all[1][1],
                Data::Float(json["contributions"].as_f64().unwrap())
            );
            // Every released cell is there as a number; a withheld one says n.p., never 0.
            for q in json["questions"].as_array().unwrap() {
                let id = q["question"].as_str().unwrap();
                // Scores, progress and starting points are checked through the questions'.
                if id.contains(':') {
                    continue;
                }
                let survey = surveys()
                    .into_iter()
                    .find(|s| s.id == "auto-evaluation")
                    .unwrap();
                let title = survey
                    .question(id)
                    .unwrap()
                    .label
                    .get(bilan_core::Lang::Fr)
                    .to_owned();
                let rows: Vec<&Vec<Data>> =
                    all.iter().filter(|r| text(r.first()) == title).collect();
                assert!(!rows.is_empty(), "{format}: {title}");
                for cell in q["cells"].as_array().unwrap() {
                    let count = cell["count"].as_f64().unwrap();
                    assert!(
                        rows.iter().any(|r| r.get(2) == Some(&Data::Float(count))),
                        "{format}: {title} {cell}"
                    );
                }
                let withheld = rows.iter().filter(|r| text(r.get(2)) == "n.p.").count();
                let shown = q["cells"].as_array().unwrap().len();
                if q["partial"] == true {
                    assert_eq!(withheld, rows.len() - shown, "{format}: {title}");
                } else {
                    assert_eq!(withheld, 0, "{format}: {title}");
                }
            }
        }
        // The collective sessions' survey: a sheet for each college and each session.
        let uri =
            format!("/api/v1/export?survey=seance-collective&period={year}&format=ods&lang=en");
        let (status, _, bytes) = fx.download(&uri, &fx.board).await;
        assert_eq!(status, StatusCode::OK);
        let names: Vec<String> = read(bytes).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names[..2], ["Method", "All"]);
        assert!(names.iter().any(|n| n == "Volunteers"), "{names:?}");
        assert!(
            names.iter().filter(|n| n.starts_with("Session ")).count() >= 6,
            "{names:?}"
        );

        // Only the board; a wrong format is refused in the one JSON shape.
        let (status, _, _) = fx.download(&uri, &fx.facilitator).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, json) = fx
            .call(
                "GET",
                &format!("/api/v1/export?survey=auto-evaluation&period={year}&format=pdf"),
                Some(&fx.board),
                None,
            )
            .await;
        assert!(status.is_client_error(), "{status}");
        assert!(json["error"].as_str().unwrap().contains("pdf"), "{json}");

        // The day the file was made is the reader's: 14 hours east and 12 west of UTC are 26
        // hours apart, never the same day.
        let mut days = Vec::new();
        for tz in [840, -720] {
            let uri =
                format!("/api/v1/export?survey=auto-evaluation&period={year}&format=ods&tz={tz}");
            let (status, _, bytes) = fx.download(&uri, &fx.board).await;
            assert_eq!(status, StatusCode::OK);
            let method = read(bytes).swap_remove(0).1;
            let made = method.iter().find(|r| text(r.first()) == "Produit le");
            days.push(text(made.and_then(|r| r.get(1))));
        }
        assert!(!days[0].is_empty() && days[0] != days[1], "{days:?}");
        // An offset no place has is refused, named.
        let (status, json) = fx
            .call(
                "GET",
                &format!("/api/v1/export?survey=auto-evaluation&period={year}&format=ods&tz=900"),
                Some(&fx.board),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(json["error"].as_str().unwrap().contains("tz 900"), "{json}");
    }
}

/// The sheets of a file, the day it was made left out: two files made a second apart may straddle
/// midnight.
pub(crate) fn undated(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut sheets = read(bytes);
    for (_, rows) in &mut sheets {
        rows.retain(|r| !matches!(text(r.first()).as_str(), "Produit le" | "Made on"));
    }
    sheets
}

#[tokio::test]
async fn the_operator_writes_the_boards_spreadsheet_from_the_command_line() {
    let bin = env!("CARGO_BIN_EXE_bilan-server");
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../surveys");
    let out_dir = std::env::temp_dir().join(format!("bilan-export-cli-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    for (url, dir) in databases("export-cli").await {
        let fx = Fixture::new(&url, dir).await;
        let now = bilan_server::routes::figures::now_millis();
        bilan_server::demo::seed(&fx.state, now, 11).await.unwrap();
        let year = year();
        let export = |args: &[&str]| {
            std::process::Command::new(bin)
                .args(["export", "--database", &url, "--surveys"])
                .arg(&shipped)
                .args(args)
                .current_dir(&out_dir)
                .env_remove("BILAN_THRESHOLD")
                .output()
                .unwrap()
        };
        // The same sheets as the board downloads, in either format and language; named as the
        // download is, in the current folder, unless told where (`-`: standard output).
        for (format, lang) in [("ods", "fr"), ("xlsx", "en")] {
            let (status, _, api) = fx
                .download(
                    &format!(
                        "/api/v1/export?survey=auto-evaluation&period={year}&format={format}&lang={lang}"
                    ),
                    &fx.board,
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            let year = year.to_string();
            let asked = [
                "--survey",
                "auto-evaluation",
                "--period",
                &year,
                "--format",
                format,
                "--lang",
                lang,
            ];
            let done = export(&asked);
            assert!(done.status.success(), "{done:?}");
            let name = format!("bilan-auto-evaluation-{year}.{format}");
            let written = std::fs::read(out_dir.join(&name)).unwrap();
            assert_eq!(undated(written), undated(api.clone()), "{format} {lang}");
            assert!(
                String::from_utf8_lossy(&done.stderr).contains(&name),
                "{done:?}"
            );
            let piped = export(&[&asked[..], &["-o", "-"]].concat());
            assert!(piped.status.success(), "{piped:?}");
            assert_eq!(undated(piped.stdout), undated(api), "{format} {lang}");
        }
        // A survey or a period the server does not know is said, and nothing is written.
        for (survey, period, said) in [
            ("inconnu", year.to_string(), "unknown survey \"inconnu\""),
            ("auto-evaluation", "20x6".to_owned(), "period \"20x6\""),
        ] {
            let refused = export(&["--survey", survey, "--period", &period, "-o", "refused.ods"]);
            assert!(!refused.status.success());
            let stderr = String::from_utf8_lossy(&refused.stderr);
            assert!(stderr.contains(said), "{stderr}");
            assert!(!out_dir.join("refused.ods").exists());
        }
    }
    // A mistyped database is named, and not created.
    let missing = out_dir.join("nowhere.db");
    let refused = std::process::Command::new(bin)
        .args(["export", "--survey", "auto-evaluation", "--period", "2026"])
        .arg("--database")
        .arg(format!("sqlite://{}", missing.display()))
        .arg("--surveys")
        .arg(&shipped)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("no database at"), "{stderr}");
    assert!(!missing.exists());
    let _ = std::fs::remove_dir_all(&out_dir);
}
