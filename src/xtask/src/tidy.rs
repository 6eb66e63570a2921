//! The conventions we agree on, checked on every source file as rust-analyzer's `tidy.rs` does:
//! a `//!` line opening each file, `JsValue` only where the app meets the browser, errors kept
//! typed in the app, no markup made from text, files short enough to read, and no message in
//! the catalogues that the app never says. Each list of known exceptions may only shrink: an exception that no longer
//! applies must be removed.

use std::fs;
use std::path::{Path, PathBuf};

/// The longest a source file outside tests may be.
const MAX_LINES: usize = 600;

/// The app's modules where JavaScript values are handled: the storage (its records read and
/// written in `storage/records.rs`, its sessions' keys in `storage/sessions.rs`), the HTTP client, the browser utilities and the PIN's Web
/// Crypto calls.
const JS_MODULES: &[&str] = &[
    "src/bilan-web/src/storage.rs",
    "src/bilan-web/src/storage/records.rs",
    "src/bilan-web/src/storage/sessions.rs",
    "src/bilan-web/src/api.rs",
    "src/bilan-web/src/browser.rs",
    "src/bilan-web/src/pin.rs",
];

/// App files that still turn an error into text where they catch it, instead of keeping its
/// type up to where it is shown.
const STRINGLY_ERRORS: &[&str] = &["src/bilan-web/src/bench.rs"];

/// Every breach of the conventions under `root`, one line each (`file: what`).
pub fn check(root: &Path) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut files = Vec::new();
    for dir in ["src", "tests"] {
        rust_files(&root.join(dir), &mut files)?;
    }
    files.sort();
    let mut stringly = Vec::new();
    let mut app_text = String::new();
    for path in &files {
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = fs::read_to_string(path)?;
        if !text.starts_with("//!") {
            found.push(format!(
                "{name}: the file does not open with a `//!` line saying what it holds"
            ));
        }
        let in_tests = name.starts_with("tests/") || name.contains("/tests/");
        let lines = text.lines().count();
        if !in_tests && lines > MAX_LINES {
            found.push(format!(
                "{name}: {lines} lines, more than {MAX_LINES}: split it by what it does"
            ));
        }
        let app = name.starts_with("src/bilan-web/src/");
        if app {
            app_text.push_str(&text);
        }
        if app && !JS_MODULES.contains(&name.as_str()) && text.contains("JsValue") {
            found.push(format!(
                "{name}: uses JsValue; JavaScript values stay in {}",
                JS_MODULES.join(", ")
            ));
        }
        // What the page shows is set as text: markup from text is how a person's words would
        // become the page's code (`docs/privacy.md`, on Trusted Types).
        if app
            && ["inner_html", "outer_html", "insert_adjacent_html"]
                .iter()
                .any(|sink| text.contains(sink))
        {
            found.push(format!(
                "{name}: sets markup from text; set text or build elements"
            ));
        }
        if app
            && (text.contains("map_err(|e| e.to_string())")
                || text.contains("map_err(|err| err.to_string())"))
        {
            stringly.push(name.clone());
            if !STRINGLY_ERRORS.contains(&name.as_str()) {
                found.push(format!(
                    "{name}: map_err(|e| e.to_string()) loses the error's type: keep it typed up to where it is shown"
                ));
            }
        }
    }
    for name in STRINGLY_ERRORS
        .iter()
        .filter(|n| !stringly.iter().any(|s| s == *n))
    {
        found.push(format!(
            "src/xtask/src/tidy.rs: {name} no longer turns errors into text: take it off the list"
        ));
    }
    found.extend(catalogue(root, &app_text)?);
    Ok(found)
}

/// The message files of language `lang`, sorted, each with its path from `root` as a line of
/// the report names it.
fn ftl_files(root: &Path, lang: &str) -> Vec<(String, PathBuf)> {
    let Ok(entries) = fs::read_dir(root.join("src/bilan-web/locales").join(lang)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            (name, path)
        })
        .collect()
}

/// What a line of a catalogue prints: its text outside placeables (`{ $n }`, and a selector's
/// `{ NUMBER($n, type: "ordinal") ->`, whose quotes are Fluent's, not the reader's).
fn printed(line: &str) -> String {
    let mut depth = 0usize;
    line.chars()
        .filter(|&c| {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

/// Typewriter quotes in the English messages, by file and line: they print ’ and “ ”, as the
/// French ones print ’ and « ».
fn english_quotes(root: &Path) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    for (name, path) in ftl_files(root, "en") {
        for (number, line) in fs::read_to_string(&path)?.lines().enumerate() {
            if !line.trim_start().starts_with('#') && printed(line).contains(['\'', '"']) {
                found.push(format!(
                    "{name}:{}: a typewriter quote (' or \"): English prints ’ and “ ”",
                    number + 1
                ));
            }
        }
    }
    Ok(found)
}

/// The messages of the French catalogue (every message is in it) that no app file names as
/// `Msg::…`, each carried in the first module for nothing, and its lines with a typewriter
/// apostrophe, where French prints « l’appareil ».
fn catalogue(root: &Path, app_text: &str) -> anyhow::Result<Vec<String>> {
    let mut found = english_quotes(root)?;
    for (name, path) in ftl_files(root, "fr") {
        for (number, line) in fs::read_to_string(&path)?.lines().enumerate() {
            if !line.trim_start().starts_with('#') && printed(line).contains('\'') {
                found.push(format!(
                    "{name}:{}: a typewriter apostrophe ('): French prints ’",
                    number + 1
                ));
            }
            let Some((id, _)) = line.split_once('=') else {
                continue;
            };
            let id = id.trim_end();
            let is_id = id.starts_with(|c: char| c.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !is_id {
                continue;
            }
            // The variant `build.rs` makes of the id: `storage-error` is `Msg::StorageError`.
            let variant: String = id
                .split('-')
                .map(|w| w[..1].to_ascii_uppercase() + &w[1..])
                .collect();
            let named = app_text
                .match_indices(&format!("Msg::{variant}"))
                .any(|(at, m)| {
                    !app_text[at + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                });
            if !named {
                found.push(format!(
                    "{name}: `{id}` (Msg::{variant}) is said nowhere in the app: remove it from every language"
                ));
            }
        }
    }
    Ok(found)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n == "target" || n == "node_modules")
            {
                continue;
            }
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs;

    #[test]
    fn each_breach_is_named_with_its_file() {
        let root = std::env::temp_dir().join(format!("bilan-tidy-{}", std::process::id()));
        let app = root.join("src/bilan-web/src");
        fs::create_dir_all(&app).unwrap();
        fs::create_dir_all(root.join("tests")).unwrap();
        fs::write(
            app.join("good.rs"),
            "//! Fine.\nfn f() { t(Msg::StorageError); t(Msg::Cancel) }\n",
        )
        .unwrap();
        let fr = root.join("src/bilan-web/locales/fr");
        fs::create_dir_all(&fr).unwrap();
        fs::write(
            fr.join("app.ftl"),
            "## The app's messages.\nstorage-error = Refusé : { $why }\ncancel = Annuler\nstorage = Stockage\nprogress = { $n ->\n   *[other] n'en\n}\n",
        )
        .unwrap();
        let en = root.join("src/bilan-web/locales/en");
        fs::create_dir_all(&en).unwrap();
        fs::write(
            en.join("app.ftl"),
            "## The app's messages.\nstorage-error = Refused: { $why }\ncancel = Don’t\nstorage = The \"store\"\nrank = { NUMBER($n, type: \"ordinal\") ->\n   *[other] { $n }th\n}\n",
        )
        .unwrap();
        fs::write(app.join("bare.rs"), "fn f() {}\n").unwrap();
        fs::write(
            app.join("js.rs"),
            "//! Uses JS.\nfn f(_: wasm_bindgen::JsValue) { x.map_err(|e| e.to_string()); }\n\
             fn g(el: &Element, t: &str) { el.set_inner_html(t) }\n",
        )
        .unwrap();
        fs::write(
            app.join("long.rs"),
            "//! Long.\n".to_owned() + &"\n".repeat(700),
        )
        .unwrap();
        fs::write(
            root.join("tests/long.rs"),
            "//! Tests may be long.\n".to_owned() + &"\n".repeat(700),
        )
        .unwrap();
        let found = super::check(&root).unwrap();
        fs::remove_dir_all(&root).unwrap();
        let about = |file: &str| found.iter().filter(|l| l.starts_with(file)).count();
        assert_eq!(about("src/bilan-web/src/good.rs"), 0, "{found:#?}");
        assert_eq!(about("src/bilan-web/src/bare.rs"), 1, "{found:#?}");
        assert_eq!(about("src/bilan-web/src/js.rs"), 3, "{found:#?}");
        assert_eq!(about("src/bilan-web/src/long.rs"), 1, "{found:#?}");
        assert_eq!(about("tests/long.rs"), 0, "{found:#?}");
        // A message no app file names, even as the start of another's name, is named to go.
        let unsaid: Vec<&String> = found
            .iter()
            .filter(|l| l.contains("said nowhere"))
            .collect();
        assert_eq!(unsaid.len(), 2, "{found:#?}");
        assert!(
            unsaid[0].starts_with("src/bilan-web/locales/fr/app.ftl: `storage` (Msg::Storage)")
        );
        assert!(unsaid[1].contains("`progress` (Msg::Progress)"));
        // A typewriter apostrophe in a French message is named by its line; a comment's is not.
        let apostrophes: Vec<&String> = found.iter().filter(|l| l.contains("apostrophe")).collect();
        assert_eq!(apostrophes.len(), 1, "{found:#?}");
        assert!(apostrophes[0].starts_with("src/bilan-web/locales/fr/app.ftl:6: "));
        // In English, a typewriter quote of either kind; a comment's is not named, nor a
        // selector's (`NUMBER($n, type: "ordinal")`).
        let quotes: Vec<&String> = found
            .iter()
            .filter(|l| l.contains("typewriter quote"))
            .collect();
        assert_eq!(quotes.len(), 1, "{found:#?}");
        assert!(quotes[0].starts_with("src/bilan-web/locales/en/app.ftl:4: "));
        // The known exceptions that this tree does not have are named, to be taken off.
        assert!(
            found
                .iter()
                .any(|l| l.contains("bench.rs no longer turns errors into text"))
        );
    }
}
