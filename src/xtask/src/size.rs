//! `cargo xtask size`: what the app weighs, raw, gzip and brotli, file by file and route by route.

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

fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// `bytes` as zopfli writes gzip: the same format, some 5% smaller than zlib's best.
fn zopfli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut out,
    )?;
    Ok(out)
}

/// `bytes` as brotli at its best quality.
fn brotli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// `FILE` with `.ext` added.
fn beside(file: &Path, ext: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(ext);
    PathBuf::from(name)
}

/// Writes `FILE.gz` (zopfli) and `FILE.br` (brotli 11) beside each compressible file, for the
/// server to send as is; the files are shared between the machine's cores.
pub fn write_compressed_copies(dist: &Path) -> anyhow::Result<()> {
    let mut todo: Vec<PathBuf> = files(dist)?
        .into_iter()
        .filter(|file| {
            file.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e,
                    "html" | "js" | "css" | "wasm" | "svg" | "webmanifest" | "json"
                )
            })
        })
        .collect();
    // The largest first, so that no core waits on one big file at the end.
    todo.sort_by_key(|f| std::cmp::Reverse(fs::metadata(f).map_or(0, |m| m.len())));
    let todo = std::sync::Mutex::new(todo);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<()> {
                    loop {
                        let Some(file) = todo.lock().expect("no worker panics").pop() else {
                            return Ok(());
                        };
                        let bytes = fs::read(&file)?;
                        fs::write(beside(&file, ".gz"), zopfli(&bytes)?)?;
                        fs::write(beside(&file, ".br"), brotli(&bytes)?)?;
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().expect("no worker panics"))
    })
}

/// A file's size as sent: its precompressed copies when the build wrote them.
fn measure(file: &Path) -> anyhow::Result<Size> {
    let bytes = fs::read(file)?;
    let gzip = match fs::metadata(beside(file, ".gz")) {
        Ok(m) => m.len(),
        Err(_) => gzip(&bytes)?.len() as u64,
    };
    let br = fs::metadata(beside(file, ".br")).map_or(gzip, |m| m.len());
    Ok(Size {
        raw: bytes.len() as u64,
        gzip,
        br,
    })
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
    routes(dist, &rows, total)?;
    Ok(app)
}

impl Size {
    fn add(&mut self, other: Size) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.br += other.br;
    }
}

/// Prints what each route loads (the first module, then its group's chunks) against the
/// budgets, from the chunks' loader as the browser reads it.
fn routes(dist: &Path, rows: &[(String, Size)], total: Size) -> anyhow::Result<()> {
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
    let mut home: Vec<String> = vec!["index.html".into(), loader.clone()];
    for (prefix, ext) in [
        ("bilan-", ".css"),
        ("bilan_web-", ".js"),
        ("bilan_web_bg-", ".wasm"),
    ] {
        home.extend(named(prefix, ext));
    }
    let home = sum(&home);
    let groups = groups(&fs::read_to_string(dist.join(&loader))?);
    // A participant's phone also reads the survey index and the session's survey.
    let mut surveys = size_of("surveys/index.json");
    surveys.add(
        named("surveys/", ".json")
            .iter()
            .map(|n| size_of(n))
            .max_by_key(|s| s.gzip)
            .unwrap_or_default(),
    );
    println!();
    println!(
        "{:<40} {:>12} {:>12} {:>12}",
        "route", "gzip", "brotli", "gzip budget"
    );
    let line = |label: &str, size: Size, budget: Option<u64>| {
        let verdict = match budget {
            Some(b) if size.gzip <= b => format!("{:>12} within", human(b)),
            Some(b) => format!("{:>12} OVER", human(b)),
            None => String::new(),
        };
        println!(
            "{label:<40} {:>12} {:>12} {verdict}",
            human(size.gzip),
            human(size.br)
        );
    };
    line("home screen (first module)", home, Some(HOME_BUDGET));
    for (group, files) in &groups {
        let mut route = home;
        route.add(sum(files));
        if group == "participant" {
            route.add(surveys);
            line(
                "QR code to first question (+ survey)",
                route,
                Some(JOIN_BUDGET),
            );
        } else {
            let label = format!("{group} (home + {} chunk(s))", files.len());
            line(&label, route, None);
        }
    }
    let sw = size_of("sw.js");
    let installed = Size {
        raw: total.raw - sw.raw,
        gzip: total.gzip - sw.gzip,
        br: total.br - sw.br,
    };
    line(
        "everything installed for offline",
        installed,
        Some(INSTALLED_BUDGET),
    );
    Ok(())
}

/// Each lazy group's files as the loader lists them: its own chunk and the shared chunks it
/// waits for, by group name (`participant`, `journey`, …).
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
