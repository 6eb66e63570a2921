//! The XLSForm importer (seeded with the forms of `tests/tests/it/xlsform_corpus.rs`): bytes are read as a spreadsheet as `bilan-server survey import-xlsform`
//! reads one (or, when they are not one, as tab-separated sheets), then converted; the output of a
//! conversion always loads as a survey.
#![no_main]

use std::io::Cursor;

use calamine::Reader;
use libfuzzer_sys::fuzz_target;

type Sheet = Vec<Vec<String>>;

fn sheets(data: &[u8]) -> (Sheet, Sheet, Sheet) {
    if let Ok(mut book) = calamine::open_workbook_auto_from_rs(Cursor::new(data.to_vec())) {
        // In any case, as the server finds them (`SURVEY`, `Choices`).
        let names = book.sheet_names();
        let mut sheet = |name: &str| -> Sheet {
            let Some(found) = names.iter().find(|n| n.trim().eq_ignore_ascii_case(name)) else {
                return Sheet::new();
            };
            book.worksheet_range(found)
                .map(|range| {
                    range
                        .rows()
                        .map(|row| row.iter().map(ToString::to_string).collect())
                        .collect()
                })
                .unwrap_or_default()
        };
        return (sheet("survey"), sheet("choices"), sheet("settings"));
    }
    // Sheets separated by form feeds, rows by new lines, cells by tabs.
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\x0c').map(|sheet| {
        sheet
            .lines()
            .map(|row| row.split('\t').map(str::to_owned).collect())
            .collect::<Sheet>()
    });
    (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    )
}

fuzz_target!(|data: &[u8]| {
    let (survey, choices, settings) = sheets(data);
    match bilan_core::xlsform::convert(&survey, &choices, &settings, "formulaire") {
        Ok(conversion) => {
            if let Err(errors) = bilan_core::load::load("converted.toml", &conversion.toml) {
                panic!("a conversion that does not load: {errors:?}\n{}", conversion.toml);
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
