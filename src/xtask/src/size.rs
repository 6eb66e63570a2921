//! `cargo xtask size`: what the app weighs, raw and gzip, file by file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use flate2::Compression;
use flate2::write::GzEncoder;

/// Budget for the whole app, gzip (wasm + JS + CSS + HTML and the rest of `dist/`).
pub const BUDGET_GZIP: u64 = 160 * 1024;

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
    let verdict = if app.gzip <= BUDGET_GZIP {
        "within"
    } else {
        "OVER"
    };
    let used = app.gzip as f64 * 100.0 / BUDGET_GZIP as f64;
    println!(
        "budget for the app: {} gzip, {verdict} ({used:.0}% used)",
        human(BUDGET_GZIP)
    );
    Ok(app)
}

/// Bytes as KiB with one decimal.
pub fn human(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}
