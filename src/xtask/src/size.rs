//! `cargo xtask size`: what the app weighs, raw and gzip, file by file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use flate2::Compression;
use flate2::write::GzEncoder;

/// Bytes to the home screen interactive, gzip: the page, the style sheet, the first module and
/// its JavaScript.
pub const HOME_BUDGET: u64 = 200 * 1024;
/// Bytes from a session's QR code to its first question, gzip: the home's files, the
/// participant's chunks and the surveys it reads.
pub const JOIN_BUDGET: u64 = 300 * 1024;
/// Everything the service worker keeps for offline use, gzip.
pub const INSTALLED_BUDGET: u64 = 600 * 1024;

/// Raw and gzip byte counts.
#[derive(Debug, Default, Clone, Copy)]
pub struct Size {
    pub raw: u64,
    pub gzip: u64,
}

/// Every file below `dir` except the `.gz` copies, in no particular order.
pub fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_none_or(|e| e != "gz") {
                out.push(path);
            }
        }
    }
    Ok(out)
}

fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// Writes `FILE.gz` beside each compressible file, for the server to send as is.
pub fn write_gzip_copies(dist: &Path) -> anyhow::Result<()> {
    for file in files(dist)? {
        let compressible = file.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e,
                "html" | "js" | "css" | "wasm" | "svg" | "webmanifest" | "json"
            )
        });
        if compressible {
            let mut name = file.clone().into_os_string();
            name.push(".gz");
            fs::write(name, gzip(&fs::read(&file)?)?)?;
        }
    }
    Ok(())
}

/// Prints a table of every file of `dist` and returns the total.
pub fn print(dist: &Path) -> anyhow::Result<Size> {
    if !dist.join("index.html").is_file() {
        anyhow::bail!(
            "{} holds no built app: run `cargo xtask build` first",
            dist.display()
        );
    }
    let mut rows = Vec::new();
    let mut total = Size::default();
    // The budget covers the app's code and page (wasm, JS, CSS, HTML), not data such as surveys.
    let mut app = Size::default();
    for file in files(dist)? {
        let bytes = fs::read(&file)?;
        let size = Size {
            raw: bytes.len() as u64,
            gzip: gzip(&bytes)?.len() as u64,
        };
        total.raw += size.raw;
        total.gzip += size.gzip;
        if file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "wasm" | "js" | "css" | "html"))
        {
            app.raw += size.raw;
            app.gzip += size.gzip;
        }
        rows.push((file.strip_prefix(dist)?.display().to_string(), size));
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.1.gzip));
    println!("{:<40} {:>12} {:>12}", "file", "raw", "gzip");
    for (name, size) in &rows {
        println!(
            "{name:<40} {:>12} {:>12}",
            human(size.raw),
            human(size.gzip)
        );
    }
    println!(
        "{:<40} {:>12} {:>12}",
        "total",
        human(total.raw),
        human(total.gzip)
    );
    let label = "app (wasm + js + css + html)";
    println!("{label:<40} {:>12} {:>12}", human(app.raw), human(app.gzip));
    routes(dist, &rows, total)?;
    Ok(app)
}

/// Prints what each route loads (the first module, then its group's chunks) against the
/// budgets, from the chunks' loader as the browser reads it.
fn routes(dist: &Path, rows: &[(String, Size)], total: Size) -> anyhow::Result<()> {
    let gzip_of = |name: &str| {
        rows.iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, size)| size.gzip)
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
    let mut home: Vec<String> = vec!["index.html".into(), loader.clone()];
    for (prefix, ext) in [
        ("bilan-", ".css"),
        ("bilan_web-", ".js"),
        ("bilan_web_bg-", ".wasm"),
    ] {
        home.extend(named(prefix, ext));
    }
    let home_gzip: u64 = home.iter().map(|n| gzip_of(n)).sum();
    let groups = groups(&fs::read_to_string(dist.join(&loader))?);
    // A participant's phone also reads the survey index and the session's survey.
    let surveys: u64 = named("surveys/", ".json")
        .iter()
        .map(|n| gzip_of(n))
        .max()
        .unwrap_or(0)
        + gzip_of("surveys/index.json");
    println!();
    println!("{:<40} {:>12} {:>12}", "route", "gzip", "budget");
    let verdict = |gzip: u64, budget: Option<u64>| match budget {
        Some(b) if gzip <= b => format!("{:>12} within", human(b)),
        Some(b) => format!("{:>12} OVER", human(b)),
        None => String::new(),
    };
    println!(
        "{:<40} {:>12} {}",
        "home screen (first module)",
        human(home_gzip),
        verdict(home_gzip, Some(HOME_BUDGET))
    );
    for (group, files) in &groups {
        let own: u64 = files.iter().map(|n| gzip_of(n)).sum();
        let (label, gzip, budget) = if group == "participant" {
            let gzip = home_gzip + own + surveys;
            (
                "QR code to first question (+ survey)".to_owned(),
                gzip,
                Some(JOIN_BUDGET),
            )
        } else {
            (
                format!("{group} (home + {} chunk(s))", files.len()),
                home_gzip + own,
                None,
            )
        };
        println!("{label:<40} {:>12} {}", human(gzip), verdict(gzip, budget));
    }
    let installed = total.gzip - gzip_of("sw.js");
    println!(
        "{:<40} {:>12} {}",
        "everything installed for offline",
        human(installed),
        verdict(installed, Some(INSTALLED_BUDGET))
    );
    Ok(())
}

/// Each lazy group's files as the loader lists them: its own chunk and the shared chunks it
/// waits for, by group name (`participant`, `journey`, …).
fn groups(loader: &str) -> Vec<(String, Vec<String>)> {
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
