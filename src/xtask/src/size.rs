//! `cargo xtask size`: what the app weighs, raw, gzip and brotli, file by file and route by route.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::budgets::{Budget, HOME_BUDGET, INSTALLED_BUDGET, JOIN_BUDGET, JOIN_ENGLISH_BUDGET};

/// Whether the service worker keeps `rel` (a path in `dist/`) for offline use. Not itself, nor
/// the offline packs and their decoder (they bring chunks and are not kept: `pack.rs`), nor the
/// PNG icons (the browser fetches them when the app is installed or added to a home screen,
/// online; no page shows them), nor the chunks of pages that need the server (see
/// [`ONLINE_ONLY`]).
pub fn precached(rel: &str) -> bool {
    !matches!(rel, "sw.js" | "icons/icon-192.png" | "icons/icon-512.png")
        && !rel.ends_with(".pack")
        && !rel.starts_with(XZ_DECODER)
        && !ONLINE_ONLY.iter().any(|p| rel.starts_with(p))
}

/// The French messages of the pages outside the first module (the app's `i18n::load_later`).
const LATER_FRENCH: &str = "messages/fr-later.txt";

/// The English messages every page says (the app's `i18n::load`).
const ENGLISH: &str = "messages/en.txt";

/// How the offline pack's decoder is named (`build.rs`).
pub const XZ_DECODER: &str = "bilan_xz-";

/// How the own chunks of the pages that need the server are named (`routes.rs`'s groups, in the
/// split's names): the board's read the server's tables (74 KiB of gzip), and a phone joining a
/// session asks the server for it (10 KiB). Offline they have nothing to show, and every
/// holder's device downloaded them for nothing.
pub const ONLINE_ONLY: [&str; 2] = ["bilan_split_board_", "bilan_split_participant_"];

/// Raw, gzip and brotli byte counts: what the server sends as the browser asks.
#[derive(Debug, Default, Clone, Copy)]
pub struct Size {
    pub raw: u64,
    pub gzip: u64,
    pub br: u64,
}

/// Every file below `dir` except the `.gz` and `.br` copies, in no particular order.
pub fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_none_or(|e| e != "gz" && e != "br") {
                out.push(path);
            }
        }
    }
    Ok(out)
}

/// A file's size as sent: its precompressed copies when the build wrote them, else the file
/// itself (the server compresses nothing on the fly).
pub fn measure(file: &Path) -> anyhow::Result<Size> {
    let raw = fs::metadata(file)?.len();
    let gzip = fs::metadata(crate::compress::beside(file, ".gz")).map_or(raw, |m| m.len());
    let br = fs::metadata(crate::compress::beside(file, ".br")).map_or(gzip, |m| m.len());
    Ok(Size { raw, gzip, br })
}

/// Prints a table of every file of `dist` and of every route, and returns the app's total; when
/// `enforce`, fails if a route is over its ceiling (the shipped build does; the bench's build,
/// with its in-page measurements, does not).
pub fn print(dist: &Path, enforce: bool) -> anyhow::Result<Size> {
    if !dist.join("index.html").is_file() {
        anyhow::bail!(
            "{} holds no built app: run `cargo xtask build` first",
            dist.display()
        );
    }
    let mut rows = Vec::new();
    let mut total = Size::default();
    // The app's code and page (wasm, JS, CSS, HTML), not data such as surveys.
    let mut app = Size::default();
    for file in files(dist)? {
        let size = measure(&file)?;
        total.add(size);
        if file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "wasm" | "js" | "css" | "html"))
        {
            app.add(size);
        }
        rows.push((file.strip_prefix(dist)?.display().to_string(), size));
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.1.gzip));
    let line = |name: &str, size: Size| {
        println!(
            "{name:<40} {:>12} {:>12} {:>12}",
            human(size.raw),
            human(size.gzip),
            human(size.br)
        );
    };
    println!(
        "{:<40} {:>12} {:>12} {:>12}",
        "file", "raw", "gzip", "brotli"
    );
    for (name, size) in &rows {
        line(name, *size);
    }
    line("total", total);
    line("app (wasm + js + css + html)", app);
    let checked = routes(dist, &rows);
    if enforce {
        checked?;
    }
    Ok(app)
}

impl Size {
    fn add(&mut self, other: Size) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.br += other.br;
    }
}

/// Prints what each route loads (the first module, then its group's chunks), from the chunks'
/// loader as the browser reads it, and fails when a route is over its ceiling.
fn routes(dist: &Path, rows: &[(String, Size)]) -> anyhow::Result<()> {
    let size_of = |name: &str| {
        rows.iter()
            .find(|(n, _)| n == name)
            .map_or(Size::default(), |(_, size)| *size)
    };
    let sum = |names: &[String]| {
        let mut total = Size::default();
        for name in names {
            total.add(size_of(name));
        }
        total
    };
    let named = |prefix: &str, ext: &str| {
        rows.iter()
            .filter(|(n, _)| n.starts_with(prefix) && n.ends_with(ext))
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>()
    };
    let Some(loader) = named("bilan_split-", ".js").pop() else {
        println!(
            "(no chunks' loader in {}: an unsplit build)",
            dist.display()
        );
        return Ok(());
    };
    let mut home_files: Vec<String> = vec!["index.html".into(), loader.clone()];
    for (prefix, ext) in [
        ("bilan-", ".css"),
        ("bilan_web-", ".js"),
        ("bilan_web_bg-", ".wasm"),
    ] {
        home_files.extend(named(prefix, ext));
    }
    let home = sum(&home_files);
    let groups = groups_of_page(&fs::read_to_string(dist.join("index.html"))?)?;
    // A participant's phone also reads the survey index and the session's survey (the largest).
    let mut survey_files = vec!["surveys/index.json".to_owned()];
    survey_files.extend(
        named("surveys/", ".json")
            .into_iter()
            .filter(|n| n != "surveys/index.json")
            .max_by_key(|n| size_of(n).gzip),
    );
    let surveys = sum(&survey_files);
    let mut routes = vec![Route {
        label: "home screen (first module)".into(),
        files: home_files.clone(),
        size: home,
        budget: Some(HOME_BUDGET),
    }];
    for (group, files) in &groups {
        let mut route = home;
        route.add(sum(files));
        let mut files = [home_files.clone(), files.clone()].concat();
        // The French that only these groups' pages say, read with their chunks.
        if crate::pages::LATER_WORDS_GROUPS.contains(&group.as_str()) {
            route.add(size_of(LATER_FRENCH));
            files.push(LATER_FRENCH.into());
        }
        if group == "participant" {
            route.add(surveys);
            files.extend(survey_files.iter().cloned());
            // A phone set to English reads the English every page says before the first frame.
            let mut english = route;
            english.add(size_of(ENGLISH));
            routes.push(Route {
                label: "QR code to first question (+ survey)".into(),
                files: files.clone(),
                size: route,
                budget: Some(JOIN_BUDGET),
            });
            routes.push(Route {
                label: "the same, a phone in English".into(),
                files: [files, vec![ENGLISH.into()]].concat(),
                size: english,
                budget: Some(JOIN_ENGLISH_BUDGET),
            });
        } else {
            routes.push(Route {
                // The charts load on a page that draws one, whose chunks are theirs already.
                label: if group == "charts" {
                    format!(
                        "charts (home + {} chunk(s), on a page)",
                        files.len() - home_files.len()
                    )
                } else {
                    format!(
                        "{group} (home + {} chunk(s))",
                        files.len() - home_files.len()
                    )
                },
                files,
                size: route,
                budget: None,
            });
        }
    }
    let installed: Vec<String> = rows
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| precached(n))
        .collect();
    let packs = named("bilan_offline-", ".pack")
        .into_iter()
        .map(|pack| {
            let held: Vec<String> = crate::pack::unpack(&fs::read(dist.join(&pack))?)?
                .into_iter()
                .map(|(path, _)| path.trim_start_matches('/').to_owned())
                .collect();
            Ok((pack, held))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let decoder = named(XZ_DECODER, ".wasm");
    // What a device downloads of what the worker keeps, its first page having loaded `loaded`:
    // those of them that are kept, then the rest as the worker takes it (`public/sw.js`), one by
    // one or with the offline pack that brings it for fewer bytes (as gzip, as the worker weighs
    // them). The board's own chunks, which a first visit to it loads, are not kept.
    let installed_after = |loaded: &[String]| {
        let rest: Vec<String> = installed
            .iter()
            .filter(|n| !loaded.contains(n))
            .cloned()
            .collect();
        let mut best = rest.clone();
        for (pack, held) in &packs {
            let mut files: Vec<String> =
                rest.iter().filter(|n| !held.contains(n)).cloned().collect();
            files.push(pack.clone());
            files.extend(decoder.iter().cloned());
            if sum(&files).gzip < sum(&best).gzip {
                best = files;
            }
        }
        let kept = loaded.iter().filter(|n| precached(n)).cloned();
        kept.chain(best).collect::<Vec<_>>()
    };
    let first_page = |names: &[&str]| -> anyhow::Result<Vec<String>> {
        let loaded = [home_files.clone(), crate::pages::loaded_by(&groups, names)?].concat();
        Ok(installed_after(&loaded))
    };
    let from_home = first_page(&[])?;
    routes.push(Route {
        label: "everything installed for offline".into(),
        size: sum(&from_home),
        files: from_home,
        budget: Some(INSTALLED_BUDGET),
    });
    let mut worst: Option<(&str, Vec<String>)> = None;
    for (page, groups) in crate::pages::first_pages().skip(1) {
        let files = first_page(groups)?;
        if worst
            .as_ref()
            .is_none_or(|(_, w)| sum(&files).gzip > sum(w).gzip)
        {
            worst = Some((page, files));
        }
    }
    if let Some((page, files)) = worst {
        routes.push(Route {
            label: format!("the same, first page another (most: {page})"),
            size: sum(&files),
            files,
            budget: None,
        });
    }
    println!();
    println!(
        "{:<40} {:>10} {:>10} {:>24} {:>10}",
        "route", "gzip", "brotli", "ceiling gzip / brotli", "goal gzip"
    );
    for route in &routes {
        let (ceiling, goal) = match route.budget {
            Some(b) => (
                format!("{} / {}", human(b.gzip), human(b.br)),
                if route.size.gzip <= b.goal {
                    "met".to_owned()
                } else {
                    human(b.goal)
                },
            ),
            None => Default::default(),
        };
        println!(
            "{:<40} {:>10} {:>10} {ceiling:>24} {goal:>10}",
            route.label,
            human(route.size.gzip),
            human(route.size.br)
        );
    }
    check(&routes, &size_of)
}

/// What one route sends: its files and their total, with the ceiling it must stay under.
struct Route {
    label: String,
    files: Vec<String>,
    size: Size,
    budget: Option<Budget>,
}

/// Fails when a route is over its ceiling, naming the route and its five largest files.
fn check(routes: &[Route], size_of: &dyn Fn(&str) -> Size) -> anyhow::Result<()> {
    let mut over = Vec::new();
    for route in routes {
        let Some(budget) = route.budget else { continue };
        if route.size.gzip <= budget.gzip && route.size.br <= budget.br {
            continue;
        }
        let mut files: Vec<(&String, Size)> = route.files.iter().map(|f| (f, size_of(f))).collect();
        files.sort_by_key(|(_, s)| std::cmp::Reverse(s.gzip));
        let largest: Vec<String> = files
            .iter()
            .take(5)
            .map(|(f, s)| format!("    {f}: {} gzip, {} brotli", human(s.gzip), human(s.br)))
            .collect();
        over.push(format!(
            "{}: {} gzip, {} brotli, over its ceiling of {} gzip, {} brotli; largest files:\n{}",
            route.label,
            human(route.size.gzip),
            human(route.size.br),
            human(budget.gzip),
            human(budget.br),
            largest.join("\n")
        ));
    }
    anyhow::ensure!(
        over.is_empty(),
        "the app is over its size budget (src/xtask/src/size.rs):\n{}",
        over.join("\n")
    );
    Ok(())
}

/// Each lazy group's files as the build wrote them into `index.html` (which starts a page's
/// chunks early), read back: the loader itself is minified.
fn groups_of_page(page: &str) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    const START: &str = "<script type=\"application/json\" id=\"bilan-chunks\">";
    let at = page
        .find(START)
        .context("index.html does not list the chunks of each route")?;
    let json = page[at + START.len()..]
        .split("</script>")
        .next()
        .unwrap_or_default();
    let groups: std::collections::BTreeMap<String, Vec<String>> = serde_json::from_str(json)
        .context("index.html's list of the chunks of each route is not JSON")?;
    Ok(groups.into_iter().collect())
}

/// Each lazy group's files as the loader (before minifying) lists them: its own chunk and the
/// shared chunks it waits for, by group name (`participant`, `journey`, …).
pub fn groups(loader: &str) -> Vec<(String, Vec<String>)> {
    let mut chunks: Vec<(String, String)> = Vec::new();
    let mut groups: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut current: Option<(bool, String)> = None;
    let mut file = String::new();
    for line in loader.lines() {
        if let Some(rest) = line.strip_prefix("const __chunk_") {
            current = rest
                .split(' ')
                .next()
                .map(|n| (false, format!("__chunk_{n}")));
        } else if let Some(rest) = line.strip_prefix("export const __wasm_split_load_") {
            current = rest.split(' ').next().map(|n| (true, n.to_owned()));
        } else if let Some(at) = line.find("new URL(\"./") {
            let rest = &line[at + "new URL(\"./".len()..];
            file = rest.split('"').next().unwrap_or_default().to_owned();
        } else if let Some(deps) = line.strip_prefix(", [") {
            let Some((is_group, name)) = current.take() else {
                continue;
            };
            let deps: Vec<String> = deps
                .split(']')
                .next()
                .unwrap_or_default()
                .split(", ")
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect();
            if is_group {
                groups.push((name, std::mem::take(&mut file), deps));
            } else {
                chunks.push((name, std::mem::take(&mut file)));
            }
        }
    }
    groups
        .into_iter()
        .map(|(name, own, deps)| {
            // `participant_2535842966206445289` → `participant`
            let group = name
                .rsplit_once('_')
                .map_or(name.as_str(), |(g, _)| g)
                .to_owned();
            let mut files = vec![own];
            for dep in deps {
                if let Some((_, f)) = chunks.iter().find(|(n, _)| *n == dep) {
                    files.push(f.clone());
                }
            }
            (group, files)
        })
        .collect()
}

/// Bytes as KiB with one decimal.
pub fn human(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budgets::KIB;

    #[test]
    fn offline_keeps_every_file_but_the_worker_the_install_icons_and_the_online_pages_chunks() {
        for kept in [
            "index.html",
            "bilan_split_journey_group-0a1b2c3d4e5f.wasm",
            "bilan_split_sessions_group-0a1b2c3d4e5f.wasm",
            "bilan_chunk_13-0a1b2c3d4e5f.wasm",
            "surveys/auto-evaluation.json",
            "icons/icon.svg",
        ] {
            assert!(precached(kept), "{kept}");
        }
        for left in [
            "sw.js",
            "bilan_offline-0a1b2c3d4e5f.pack",
            "bilan_xz-0a1b2c3d4e5f.wasm",
            "icons/icon-192.png",
            "icons/icon-512.png",
            "bilan_split_board_group-0a1b2c3d4e5f.wasm",
            "bilan_split_participant_group-0a1b2c3d4e5f.wasm",
        ] {
            assert!(!precached(left), "{left}");
        }
    }

    fn route(label: &str, files: &[&str], gzip: u64, br: u64) -> Route {
        Route {
            label: label.into(),
            files: files.iter().map(|f| (*f).to_owned()).collect(),
            size: Size { raw: 0, gzip, br },
            // A ceiling of its own: the test does not move with the app's.
            budget: Some(Budget {
                gzip: 230 * KIB,
                br: 200 * KIB,
                goal: 200 * KIB,
            }),
        }
    }

    fn size_of(name: &str) -> Size {
        let kib = match name {
            "big.wasm" => 150,
            "small.js" => 10,
            _ => 1,
        };
        Size {
            raw: 0,
            gzip: kib * KIB,
            br: kib * KIB,
        }
    }

    #[test]
    fn a_route_over_its_ceiling_fails_the_build_and_names_its_largest_files() {
        let within = route("home", &["small.js", "big.wasm"], 229 * KIB, 199 * KIB);
        assert!(check(std::slice::from_ref(&within), &size_of).is_ok());

        let over_in_brotli = route("home", &["small.js", "big.wasm"], 229 * KIB, 201 * KIB);
        let err = check(&[within, over_in_brotli], &size_of)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("home: 229.0 KiB gzip, 201.0 KiB brotli"),
            "{err}"
        );
        let big = err
            .find("big.wasm: 150.0 KiB")
            .expect("the largest file is named");
        let small = err.find("small.js: 10.0 KiB").expect("every file is named");
        assert!(big < small, "largest first: {err}");
    }

    #[test]
    fn routes_without_a_budget_never_fail() {
        let mut free = route("board", &["big.wasm"], 10_000 * KIB, 10_000 * KIB);
        free.budget = None;
        assert!(check(&[free], &size_of).is_ok());
    }

    #[test]
    fn the_routes_chunks_are_read_back_from_the_page() {
        let page = "<script type=\"application/json\" id=\"bilan-chunks\">{\"board\":[\"b.wasm\",\"c.wasm\"],\"journey\":[\"j.wasm\"]}</script>\n<script>go()</script>";
        assert_eq!(
            groups_of_page(page).unwrap(),
            [
                (
                    "board".to_owned(),
                    vec!["b.wasm".to_owned(), "c.wasm".to_owned()]
                ),
                ("journey".to_owned(), vec!["j.wasm".to_owned()]),
            ]
        );
        assert!(groups_of_page("<html></html>").is_err());
        assert!(
            groups_of_page(
                "<script type=\"application/json\" id=\"bilan-chunks\">{{routes}}</script>"
            )
            .is_err()
        );
    }
}
