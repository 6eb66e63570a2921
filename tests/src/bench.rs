//! `cargo xtask bench`: one run, one report. Bytes of the built app; the server's ingest under
//! concurrent clients on SQLite and PostgreSQL; released-table time as contributions grow; and, in
//! headless Chromium, autosave latency, backup import, chart drawing and a repeat visit.
//!
//! Writes `target/bench/report.md` and `report.json` and prints the table.

mod surveyjs;

use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use bilan_core::survey::Kind;
use bilan_tests::harness::{self, Browser, Server, TempDir, token, workspace_root};
use serde_json::{Value, json};

/// One measured figure: its median and spread over repeated runs, and its budget if it has one.
struct Row {
    section: &'static str,
    name: String,
    unit: &'static str,
    median: f64,
    min: f64,
    max: f64,
    runs: usize,
    /// (budget, true when lower is better)
    budget: Option<(f64, bool)>,
}

impl Row {
    fn verdict(&self) -> &'static str {
        match self.budget {
            None => "",
            Some((b, lower)) if (lower && self.median <= b) || (!lower && self.median >= b) => {
                "within"
            }
            Some(_) => "OVER",
        }
    }
}

#[derive(Default)]
struct Report {
    rows: Vec<Row>,
}

impl Report {
    fn add(
        &mut self,
        section: &'static str,
        name: impl Into<String>,
        unit: &'static str,
        samples: &[f64],
        budget: Option<(f64, bool)>,
    ) {
        let mut s = samples.to_vec();
        s.sort_by(f64::total_cmp);
        let row = Row {
            section,
            name: name.into(),
            unit,
            median: percentile(&s, 0.5),
            min: s.first().copied().unwrap_or_default(),
            max: s.last().copied().unwrap_or_default(),
            runs: s.len(),
            budget,
        };
        println!(
            "{:<10} {:<58} {:>12.3} {:<6} ({} runs, {:.3}–{:.3}) {}",
            row.section,
            row.name,
            row.median,
            row.unit,
            row.runs,
            row.min,
            row.max,
            row.verdict()
        );
        self.rows.push(row);
    }

    fn write(&self, machine: &str, commit: &str) -> anyhow::Result<()> {
        let dir = workspace_root().join("target/bench");
        std::fs::create_dir_all(&dir)?;
        let mut md = format!("# Bilan benchmark report\n\n{machine}, commit `{commit}`\n\n");
        md.push_str("| section | figure | median | spread (min–max) | runs | budget |\n| --- | --- | ---: | ---: | ---: | --- |\n");
        for r in &self.rows {
            let budget = r
                .budget
                .map(|(b, lower)| {
                    format!(
                        "{} {b} {} — {}",
                        if lower { "≤" } else { "≥" },
                        r.unit,
                        r.verdict()
                    )
                })
                .unwrap_or_default();
            writeln!(
                md,
                "| {} | {} | {:.3} {} | {:.3}–{:.3} | {} | {budget} |",
                r.section, r.name, r.median, r.unit, r.min, r.max, r.runs
            )?;
        }
        std::fs::write(dir.join("report.md"), &md)?;
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                json!({ "section": r.section, "figure": r.name, "unit": r.unit, "median": r.median, "min": r.min,
                        "max": r.max, "runs": r.runs, "budget": r.budget.map(|b| b.0), "verdict": r.verdict() })
            })
            .collect();
        let report =
            json!({ "machine": machine, "commit": commit, "date": date(), "figures": rows });
        std::fs::write(
            dir.join("report.json"),
            serde_json::to_string_pretty(&report)?,
        )?;
        println!(
            "\nwrote {} and report.json",
            dir.join("report.md").display()
        );
        Ok(())
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The median of `samples`, in any order.
fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    percentile(&sorted, 0.5)
}

fn shell(cmd: &str, args: &[&str]) -> String {
    std::process::Command::new(cmd)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn date() -> String {
    shell("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
}

fn machine() -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kib| format!("{:.0} GiB", kib / 1024.0 / 1024.0))
        .unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    format!(
        "{cores} cores ({cpu}), {mem}, {}, {}",
        shell("rustc", &["--version"]),
        date()
    )
}

/// The app as shipped, without the in-page measurements the benchmark's own pages carry.
fn shipped_dist() -> std::path::PathBuf {
    std::env::var_os("BILAN_SHIPPED_DIST")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(harness::dist)
}

fn bytes(report: &mut Report) -> anyhow::Result<()> {
    let dist = shipped_dist();
    let mut app = (0u64, 0u64);
    let mut stack = vec![dist.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "gz" {
                continue;
            }
            let raw = std::fs::read(&path)?;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(&raw)?;
            let gzip = gz.finish()?.len() as u64;
            let name = path.strip_prefix(&dist)?.display().to_string();
            if matches!(ext, "wasm" | "js" | "css" | "html") {
                app.0 += raw.len() as u64;
                app.1 += gzip;
                report.add(
                    "bytes",
                    format!("{name} (gzip)"),
                    "KiB",
                    &[gzip as f64 / 1024.0],
                    None,
                );
            }
        }
    }
    report.add(
        "bytes",
        "app: wasm + js + css + html (raw)",
        "KiB",
        &[app.0 as f64 / 1024.0],
        None,
    );
    // Every chunk counts here: this is what a holder's browser keeps for offline use. What each
    // route loads first is in `cargo xtask size`.
    report.add(
        "bytes",
        "app: wasm + js + css + html, every chunk (gzip)",
        "KiB",
        &[app.1 as f64 / 1024.0],
        None,
    );
    Ok(())
}

/// A contribution id (128 bits, as a device draws them) made from a label, unique per label.
fn id_of(label: &str) -> String {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        (salt, label).hash(&mut h);
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

/// This year: the period devices count their contributions in.
fn this_year() -> String {
    bilan_core::calendar::Date::from_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis() as i64,
    )
    .year
    .to_string()
}

/// A contribution of the self-assessment: every shareable question with a valid bucket, plus the
/// three score buckets, as a device sends it.
fn contribution(survey: &bilan_core::Survey, label: String, period: &str) -> Value {
    let id = id_of(&label);
    let mut cells = Vec::new();
    for (k, q) in survey.questions().filter(|q| q.shareable).enumerate() {
        let bucket = match &q.kind {
            Kind::Scale { min, max, .. } => (min + (k as i64 % (max - min + 1))).to_string(),
            Kind::YesNo => "yes".into(),
            Kind::Single { options, .. } | Kind::Multiple { options, .. } => {
                options[k % options.len()].id.clone()
            }
            Kind::Integer { buckets, .. } | Kind::Decimal { buckets, .. }
                if !buckets.is_empty() =>
            {
                buckets[k % buckets.len()].to_string()
            }
            _ => continue,
        };
        cells.push(json!({ "question": q.id, "bucket": bucket }));
    }
    for i in [
        "appropriation",
        "professionnalisation",
        "developpement-personnel",
    ] {
        cells.push(json!({ "question": format!("score:{i}"), "bucket": "40-60" }));
    }
    json!({ "id": id, "survey": survey.id, "version": survey.version, "period": period, "cells": cells })
}

/// Sends `requests` batches of `batch` contributions from `clients` concurrent clients; returns
/// each request's latency (ms) and the wall time.
/// The shape of a load: concurrent clients, requests of `batch` contributions, their period.
struct Shape<'a> {
    clients: usize,
    requests: usize,
    batch: usize,
    period: &'a str,
    tag: String,
}

async fn load(
    url: &str,
    token: &str,
    survey: &bilan_core::Survey,
    shape: Shape<'_>,
) -> anyhow::Result<(Vec<f64>, Duration)> {
    let Shape {
        clients,
        requests,
        batch,
        period,
        tag,
    } = shape;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let next = Arc::new(AtomicUsize::new(0));
    let bodies: Arc<Vec<String>> = Arc::new(
        (0..requests)
            .map(|r| {
                let batch: Vec<Value> = (0..batch)
                    .map(|i| contribution(survey, format!("{tag}-{r}-{i}"), period))
                    .collect();
                json!({ "contributions": batch }).to_string()
            })
            .collect(),
    );
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, next, bodies) = (http.clone(), next.clone(), bodies.clone());
        let (url, token) = (format!("{url}/api/v1/contributions"), token.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let r = next.fetch_add(1, Ordering::SeqCst);
                if r >= bodies.len() {
                    return Ok::<_, anyhow::Error>(latencies);
                }
                let t = Instant::now();
                let response = http
                    .post(&url)
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(bodies[r].clone())
                    .send()
                    .await?;
                let status = response.status();
                let _ = response.bytes().await?;
                anyhow::ensure!(status.is_success(), "ingest answered {status}");
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok((all, started.elapsed()))
}

/// A steady load: `rate` contributions per second in requests of `batch`, for `warmup` seconds
/// not counted and then `seconds` measured.
struct Steady {
    rate: usize,
    batch: usize,
    warmup: usize,
    seconds: usize,
}

/// Offers a steady load (open loop: requests leave on schedule whether or not earlier ones were
/// answered); each measured request's latency, sorted.
async fn steady(
    url: &str,
    token: &str,
    survey: &bilan_core::Survey,
    load: Steady,
    tag: &str,
) -> anyhow::Result<Vec<f64>> {
    let Steady {
        rate,
        batch,
        warmup,
        seconds,
    } = load;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;
    let per_second = rate / batch;
    let total = per_second * (warmup + seconds);
    let bodies: Vec<String> = (0..total)
        .map(|r| {
            let batch: Vec<Value> = (0..batch)
                .map(|i| contribution(survey, format!("{tag}-{r}-{i}"), &this_year()))
                .collect();
            json!({ "contributions": batch }).to_string()
        })
        .collect();
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / per_second as f64));
    let mut tasks = Vec::with_capacity(total);
    for body in bodies {
        ticks.tick().await;
        let (http, url, token) = (
            http.clone(),
            format!("{url}/api/v1/contributions"),
            token.to_owned(),
        );
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let response = http
                .post(&url)
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await?;
            let status = response.status();
            let _ = response.bytes().await?;
            anyhow::ensure!(status.is_success(), "ingest answered {status}");
            Ok::<_, anyhow::Error>(t.elapsed().as_secs_f64() * 1000.0)
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    for t in tasks {
        latencies.push(t.await??);
    }
    latencies.drain(..per_second * warmup);
    if std::env::var_os("BILAN_BENCH_TRACE").is_some() {
        let mut worst: Vec<(usize, f64)> = latencies.iter().copied().enumerate().collect();
        worst.sort_by(|a, b| b.1.total_cmp(&a.1));
        eprintln!("worst (index, ms): {:?}", &worst[..30.min(worst.len())]);
    }
    latencies.sort_by(f64::total_cmp);
    Ok(latencies)
}

async fn server_on(database: Option<&str>, dir: TempDir) -> anyhow::Result<Server> {
    Server::start_custom(
        &workspace_root().join("surveys"),
        dir,
        &harness::dist(),
        database,
        &["--rate-limit", "1000000"],
    )
    .await
}

async fn ingest(
    report: &mut Report,
    engine: &'static str,
    database: &str,
    dir: TempDir,
) -> anyhow::Result<()> {
    let server = server_on(Some(database), dir).await?;
    let contributor = token(database, "contributor")?;
    let survey = auto_evaluation()?;
    const BATCH: usize = 50;
    // The sections before this one (builds, Chromium profiles) leave dirty pages that the kernel
    // writes back within 30 s; flushed now, they do not queue in front of the server's fsyncs.
    let _ = std::process::Command::new("sync").status();
    // Three runs of 5 s, each after 1 s at the same rate that is not counted (connections
    // opening, caches filling): the report gives the median run and the spread.
    let (mut p50, mut p99) = (Vec::new(), Vec::new());
    for run in 0..3 {
        let latencies = steady(
            &server.url,
            &contributor,
            &survey,
            Steady {
                rate: 20_000,
                batch: BATCH,
                warmup: 1,
                seconds: 5,
            },
            &format!("{engine}-steady-{run}"),
        )
        .await?;
        p50.push(percentile(&latencies, 0.5));
        p99.push(percentile(&latencies, 0.99));
    }
    let budgeted = engine == "sqlite";
    report.add(
        "ingest",
        format!("{engine}, 20,000 contributions/s offered (400 req/s × {BATCH}): p50"),
        "ms",
        &p50,
        None,
    );
    report.add(
        "ingest",
        format!("{engine}, 20,000 contributions/s offered (400 req/s × {BATCH}): p99"),
        "ms",
        &p99,
        budgeted.then_some((10.0, true)),
    );
    if std::env::var_os("BILAN_BENCH_STEADY_ONLY").is_some() {
        server.stop().await?;
        return Ok(());
    }
    for clients in [1usize, 16, 64, 256] {
        let requests = (clients * 4).clamp(200, 1024);
        let (mut latencies, wall) = load(
            &server.url,
            &contributor,
            &survey,
            Shape {
                clients,
                requests,
                batch: BATCH,
                period: &this_year(),
                tag: format!("{engine}-{clients}"),
            },
        )
        .await?;
        latencies.sort_by(f64::total_cmp);
        let rate = (requests * BATCH) as f64 / wall.as_secs_f64();
        let budgeted = engine == "sqlite" && clients == 16;
        report.add(
            "ingest",
            format!("{engine}, {clients} clients flat out: contributions/s ({requests} × {BATCH})"),
            "/s",
            &[rate],
            budgeted.then_some((20_000.0, false)),
        );
        report.add(
            "ingest",
            format!("{engine}, {clients} clients flat out: request p50"),
            "ms",
            &[percentile(&latencies, 0.5)],
            None,
        );
        report.add(
            "ingest",
            format!("{engine}, {clients} clients flat out: request p99"),
            "ms",
            &[percentile(&latencies, 0.99)],
            None,
        );
    }
    server.stop().await?;
    Ok(())
}

fn auto_evaluation() -> anyhow::Result<bilan_core::Survey> {
    let path = workspace_root().join("surveys/auto-evaluation.toml");
    bilan_core::load::load("auto-evaluation.toml", &std::fs::read_to_string(path)?)
        .map_err(|e| anyhow::anyhow!("{e:?}"))
}

/// The scheduled release's time as the table grows to 10^4, 10^5 and 10^6 contributions (each
/// round adds k contributions first, so the period's table moves), and reading the published
/// table back, which computes nothing.
async fn aggregates(report: &mut Report) -> anyhow::Result<()> {
    let dir = TempDir::new("bench-aggregates");
    let database = format!("sqlite://{}", dir.0.join("bilan.db").display());
    let server = server_on(None, dir).await?;
    let (contributor, board) = (token(&database, "contributor")?, token(&database, "board")?);
    let survey = auto_evaluation()?;
    let http = reqwest::Client::new();
    let year = this_year();
    let mut total = 0usize;
    for target in [10_000usize, 100_000, 1_000_000] {
        let requests = (target - total) / 500;
        load(
            &server.url,
            &contributor,
            &survey,
            Shape {
                clients: 8,
                requests,
                batch: 500,
                period: &year,
                tag: format!("fill-{target}"),
            },
        )
        .await?;
        total = target;
        let (mut publish, mut read) = (Vec::new(), Vec::new());
        for round in 0..7 {
            load(
                &server.url,
                &contributor,
                &survey,
                Shape {
                    clients: 1,
                    requests: 1,
                    batch: 5,
                    period: &year,
                    tag: format!("step-{target}-{round}"),
                },
            )
            .await?;
            // The release as the schedule runs it; the command says how long publishing took.
            let said = server_cli_stderr(&["release", "now", "--database", &database])?;
            let ms: f64 = said
                .rsplit_once(" in ")
                .and_then(|(_, t)| t.trim().trim_end_matches("ms").trim().parse().ok())
                .ok_or_else(|| anyhow::anyhow!("no time in {said:?}"))?;
            publish.push(ms);
            let t = Instant::now();
            let released: Value = http
                .get(format!(
                    "{}/api/v1/aggregates?survey=auto-evaluation&period={year}",
                    server.url
                ))
                .bearer_auth(&board)
                .send()
                .await?
                .json()
                .await?;
            read.push(t.elapsed().as_secs_f64() * 1000.0);
            anyhow::ensure!(
                released["contributions"].as_u64().is_some(),
                "no release: {released}"
            );
        }
        report.add(
            "aggregate",
            format!("scheduled release over {target} contributions"),
            "ms",
            &publish,
            None,
        );
        let budget = (target == 1_000_000).then_some((50.0, true));
        report.add(
            "aggregate",
            format!("reading the published table over {target} contributions"),
            "ms",
            &read,
            budget,
        );
    }
    server.stop().await?;
    Ok(())
}

/// Runs the `bilan-server` command line and returns what it said on standard error.
fn server_cli_stderr(args: &[&str]) -> anyhow::Result<String> {
    let out = std::process::Command::new(harness::server_bin())
        .args(args)
        .current_dir(workspace_root())
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "bilan-server {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A draft written 1000 times with one more answer each time, each in its own transaction and
/// timed to its commit, by plain JavaScript: what IndexedDB itself costs in this browser.
const RAW_INDEXEDDB: &str = include_str!("js/raw-indexeddb.js");

/// Runs an async benchmark function of the page and returns its timings.
async fn page_bench(browser: &Browser, call: &str) -> anyhow::Result<Vec<f64>> {
    let script = format!(
        "const done = arguments[arguments.length - 1]; {call}.then(r => done(r), e => done('ERROR ' + e));"
    );
    let result = browser.client.execute_async(&script, vec![]).await?;
    let text = result.as_str().context("the page answered no text")?;
    serde_json::from_str(text).with_context(|| format!("{call}: {text}"))
}

async fn in_browser(report: &mut Report) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser
        .wait_js("performance.getEntriesByName('bilan-ready').length > 0")
        .await?;
    let ready: f64 = c
        .execute(
            "return performance.getEntriesByName('bilan-ready')[0].startTime",
            vec![],
        )
        .await?
        .as_f64()
        .unwrap_or_default();
    report.add(
        "browser",
        "first visit (empty cache): app ready",
        "ms",
        &[ready],
        None,
    );
    browser
        .create_profile(&server.url, "Bench", "Bench")
        .await?;
    // The service worker takes over once it has cached the app; a reload is then always served
    // by it (on a busy machine the first page can finish before it activates).
    let controlled = "navigator.serviceWorker && navigator.serviceWorker.controller !== null";
    if browser.wait_js(controlled).await.is_err() {
        let state = c
            .execute_async(
                "const done = arguments[0]; navigator.serviceWorker.getRegistration().then(r => done(r ? [r.active && r.active.state, r.installing && r.installing.state, r.waiting && r.waiting.state] : 'none'))",
                vec![],
            )
            .await?;
        eprintln!(
            "note: the page was not controlled after 20 s (registration: {state}); reloading"
        );
        c.refresh().await?;
        browser.wait_js(controlled).await?;
    }

    let mut saves = page_bench(&browser, "window.bilan.benchAutosave(1000)").await?;
    saves.sort_by(f64::total_cmp);
    for (p, name) in [(0.5, "p50"), (0.95, "p95"), (0.99, "p99")] {
        report.add(
            "browser",
            format!("autosave one answer ({name} of 1000)"),
            "ms",
            &[percentile(&saves, p)],
            None,
        );
    }
    // The floor under that budget: the same record written by plain JavaScript, one readwrite
    // transaction per answer, timed to its commit, in the same page.
    let mut raw = page_bench(&browser, RAW_INDEXEDDB).await?;
    raw.sort_by(f64::total_cmp);
    for (p, name) in [(0.5, "p50"), (0.95, "p95")] {
        report.add(
            "browser",
            format!("the same write by plain JavaScript IndexedDB ({name} of 1000)"),
            "ms",
            &[percentile(&raw, p)],
            None,
        );
    }
    // The budget: within 1.2× of the platform's own floor, measured in the same page.
    report.add(
        "browser",
        "autosave p95 / plain JavaScript IndexedDB p95",
        "×",
        &[percentile(&saves, 0.95) / percentile(&raw, 0.95).max(f64::EPSILON)],
        Some((1.2, true)),
    );
    let mut rates = Vec::new();
    for _ in 0..5 {
        let took = page_bench(&browser, "window.bilan.benchImport(2000)").await?;
        rates.push(2001.0 / (took[0] / 1000.0));
    }
    report.add(
        "browser",
        "backup import (2000 readings + 1 profile)",
        "rec/s",
        &rates,
        None,
    );
    let mut charts = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..10 {
        let times = page_bench(&browser, "Promise.resolve(window.bilan.benchCharts())").await?;
        for (k, t) in times.into_iter().enumerate().take(3) {
            charts[k].push(t);
        }
    }
    report.add(
        "browser",
        "star chart, two readings overlaid",
        "ms",
        &charts[0],
        Some((8.0, true)),
    );
    report.add(
        "browser",
        "progress chart, 7 lines over 50 readings",
        "ms",
        &charts[1],
        Some((8.0, true)),
    );
    report.add(
        "browser",
        "line chart, 10,000 points",
        "ms",
        &charts[2],
        None,
    );

    let live = page_bench(&browser, "window.bilan.benchLive(200, 30, true)").await?;
    report.add(
        "browser",
        "live results redraw, 200 participants (tables, colleges, 10 charts)",
        "ms",
        &live,
        Some((16.0, true)),
    );
    let tables = page_bench(&browser, "window.bilan.benchLive(200, 30, false)").await?;
    report.add(
        "browser",
        "  of which the tables and the consensus",
        "ms",
        &tables,
        None,
    );

    // Repeat visits to the first question, served by the service worker.
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.click(".profile-card a.button").await?;
    browser.wait_text(".survey__section", "").await?;
    let survey_url = c.current_url().await?;
    let mut visits = Vec::new();
    for _ in 0..7 {
        c.goto(survey_url.as_str()).await?;
        browser
            .wait_js("performance.getEntriesByName('bilan-first-question').length > 0")
            .await?;
        let t = c
            .execute(
                "return performance.getEntriesByName('bilan-first-question')[0].startTime",
                vec![],
            )
            .await?;
        visits.push(t.as_f64().unwrap_or_default());
    }
    report.add(
        "browser",
        "repeat visit (service worker) to first question",
        "ms",
        &visits,
        Some((300.0, true)),
    );
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// The board's dashboard with 10 years of figures and a released table of the collective-session
/// survey (12 charts): from the dashboard's mount to its last chart drawn, over reloads.
async fn dashboard(report: &mut Report) -> anyhow::Result<()> {
    let dir = TempDir::new("bench-dashboard");
    let database = format!("sqlite://{}", dir.0.join("bilan.db").display());
    let server = server_on(Some(&database), dir).await?;
    let (facilitator, board) = (token(&database, "facilitator")?, token(&database, "board")?);
    let http = reqwest::Client::new();
    let api = |path: &str| format!("{}/api/v1{path}", server.url);
    for year in 2016..2026 {
        let figures = json!({ "year": year, "figures": {
            "personnes-accueillies": 250 + year % 7 * 20, "personnes-accompagnees": 130 + year % 5 * 25,
            "activites-creees": 30 + year % 4 * 10, "emplois-crees": 35 + year % 6 * 9 } });
        let sent = http
            .post(api("/figures"))
            .bearer_auth(&facilitator)
            .json(&figures)
            .send()
            .await?;
        anyhow::ensure!(
            sent.status().is_success(),
            "figures {year}: {}",
            sent.text().await?
        );
    }
    let path = workspace_root().join("surveys/seance-collective.toml");
    let survey = bilan_core::load::load(
        &path.display().to_string(),
        &std::fs::read_to_string(&path)?,
    )
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let period = bilan_core::calendar::Date::from_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_millis() as i64,
    )
    .year
    .to_string();
    let batch: Vec<Value> = (0..20)
        .map(|i| contribution(&survey, format!("dashboard-{i:04}"), &period))
        .collect();
    let sent = http
        .post(api("/contributions"))
        .bearer_auth(&facilitator)
        .json(&json!({ "contributions": batch }))
        .send()
        .await?;
    anyhow::ensure!(
        sent.status().is_success(),
        "contributions: {}",
        sent.text().await?
    );
    harness::release_now(&database, bilan_core::disclosure::DEFAULT_THRESHOLD)?;

    let browser = Browser::start().await?;
    let c = &browser.client;
    browser.open_dashboard(&server.url, &board).await?;
    let all_drawn = "document.querySelectorAll('canvas').length >= 12 && [...document.querySelectorAll('canvas')].every(c => c.dataset.drawMs) && performance.getEntriesByName('bilan-chart-drawn').length > 0 && performance.getEntriesByName('bilan-dashboard-start').length > 0";
    browser.wait_js(all_drawn).await?;
    let charts = c
        .execute("return document.querySelectorAll('canvas').length", vec![])
        .await?
        .as_u64()
        .unwrap_or_default();
    let mut times = Vec::new();
    for _ in 0..7 {
        c.refresh().await?;
        browser.wait_js(all_drawn).await?;
        let t = c
            .execute(
                "return performance.getEntriesByName('bilan-chart-drawn')[0].startTime - performance.getEntriesByName('bilan-dashboard-start')[0].startTime",
                vec![],
            )
            .await?;
        times.push(t.as_f64().unwrap_or_default());
    }
    report.add(
        "browser",
        format!("dashboard first render, 10 years of figures, {charts} charts"),
        "ms",
        &times,
        Some((100.0, true)),
    );
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// Answers every question of the current page's survey by clicking, section after section, and
/// returns the time it took (ms); `which` is "bilan" or "surveyjs".
const ANSWER_ALL: &str = include_str!("js/answer-all.js");

/// Clicks answers of the current page one at a time and returns each click's time to the page
/// being ready to paint it (ms); arguments: "bilan" or "surveyjs", and the number of clicks.
const CLICK_TO_FRAME: &str = include_str!("js/click-to-frame.js");

/// Bytes the page transferred until now (its document and every resource), in KiB.
const TRANSFERRED: &str = "return (performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).reduce((n, e) => n + (e.transferSize || 0), 0)) / 1024";

/// Forgets every cached file and the service worker (keeping IndexedDB), as on a first visit.
async fn forget_cache(browser: &Browser, origin: &str) -> anyhow::Result<()> {
    browser.client.goto("about:blank").await?;
    browser.cdp("Network.clearBrowserCache", json!({})).await?;
    browser
        .cdp(
            "Storage.clearDataForOrigin",
            json!({ "origin": origin, "storageTypes": "cache_storage,service_workers" }),
        )
        .await?;
    Ok(())
}

/// One visit to `url`: the time to the first question drawn by the app (ms) and the bytes
/// transferred until then (KiB); see [`visit_painted`] for a survey painted before the app.
async fn visit(browser: &Browser, url: &str) -> anyhow::Result<(f64, f64)> {
    let (_, drawn, bytes) = visit_painted(browser, url).await?;
    Ok((drawn, bytes))
}

/// One visit to `url`: when its first question was on screen, painted from the snapshot kept
/// when the holder left it (`public/prepaint.js`, the `bilan-prepaint` mark) or else drawn by
/// the app; when the app drew it (`bilan-first-question`); and the bytes transferred until
/// then (KiB). It returns once the app has taken the page over.
async fn visit_painted(browser: &Browser, url: &str) -> anyhow::Result<(f64, f64, f64)> {
    let c = &browser.client;
    c.goto(url).await?;
    browser
        .wait_js(
            "performance.getEntriesByName('bilan-first-question').length > 0 \
             && document.getElementById('prepaint') === null",
        )
        .await?;
    let marks = c
        .execute(
            "const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null; \
             return [at('bilan-prepaint') ?? at('bilan-first-question'), at('bilan-first-question')]",
            vec![],
        )
        .await?;
    let bytes = c.execute(TRANSFERRED, vec![]).await?;
    let ms = |i: usize| marks[i].as_f64().unwrap_or_default();
    Ok((ms(0), ms(1), bytes.as_f64().unwrap_or_default()))
}

/// When the page made its `bilan-ready` mark (ms): the first module instantiated, before the
/// app runs.
async fn ready(browser: &Browser) -> anyhow::Result<f64> {
    let at = browser
        .client
        .execute(
            "return performance.getEntriesByName('bilan-ready')[0]?.startTime ?? null",
            vec![],
        )
        .await?;
    at.as_f64().context("no bilan-ready mark on the page")
}

/// A participant's phone, 390×844 on DevTools' "Fast 3G" (562.5 ms, 1.44 Mbit/s down), scanning a
/// session's QR code with an empty cache: the time to the first question and the bytes, served
/// from the app as shipped (no in-page measurements).
async fn phone_on_fast_3g(report: &mut Report) -> anyhow::Result<()> {
    let dir = TempDir::new("bench-phone");
    let database = format!("sqlite://{}", dir.0.join("bilan.db").display());
    let shipped = shipped_dist();
    let server = Server::start_custom(
        &workspace_root().join("surveys"),
        dir,
        &shipped,
        Some(&database),
        &[],
    )
    .await?;
    let facilitator = token(&database, "facilitator")?;
    let code = "BENCHPHAS";
    harness::open_session(&server.url, &facilitator, code).await?;
    let browser = Browser::start().await?;
    browser
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true }),
        )
        .await?;
    let url = format!("{}/rejoindre/{code}", server.url);
    let (mut times, mut bytes) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        forget_cache(&browser, &server.url).await?;
        browser.cdp("Network.enable", json!({})).await?;
        browser
            .cdp(
                "Network.emulateNetworkConditions",
                json!({ "offline": false, "latency": 562.5,
                        "downloadThroughput": 180_000, "uploadThroughput": 84_375 }),
            )
            .await?;
        let (t, b) = visit(&browser, &url).await?;
        times.push(t);
        bytes.push(b);
    }
    // The same phone scanning the next session's code: what it kept is not asked for again.
    let (mut again, mut again_bytes) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let (t, b) = visit(&browser, &url).await?;
        again.push(t);
        again_bytes.push(b);
    }
    report.add(
        "phone",
        "QR link to first question, Fast 3G, 390×844, empty cache",
        "ms",
        &times,
        Some((4_000.0, true)),
    );
    report.add(
        "phone",
        "the same phone scanning again, Fast 3G, with what it kept",
        "ms",
        &again,
        None,
    );
    report.add(
        "phone",
        "bytes transferred scanning again (brotli)",
        "KiB",
        &again_bytes,
        None,
    );
    // Brotli, as Chromium asks for it here: the route's brotli ceiling in `cargo xtask size`
    // (258 KiB) plus what HTTP headers add (about 3 KiB).
    report.add(
        "phone",
        "bytes transferred, QR link to first question (brotli)",
        "KiB",
        &bytes,
        Some((261.0, true)),
    );
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// What the browser downloads until the app is kept for offline use, as the server sends it
/// (gzip, then brotli; headers included), from an empty cache: a first visit to the home screen,
/// whose service worker then takes the other chunks in the offline pack, and a first visit
/// straight to a holder's survey, which loads its chunks one by one and the worker the rest.
async fn offline_install(report: &mut Report) -> anyhow::Result<()> {
    let server = Server::start_custom(
        &workspace_root().join("surveys"),
        TempDir::new("bench-offline"),
        &shipped_dist(),
        None,
        &[],
    )
    .await?;
    let proxy = harness::Proxy::start(&server.url).await?;
    let browser = Browser::start().await?;
    browser
        .start_first_survey(&proxy.url, "Bench", "Bench")
        .await?;
    let survey = browser.client.current_url().await?.to_string();
    let home = format!("{}/", proxy.url);
    for encoding in ["gzip", "br"] {
        proxy.accept_encoding(Some(encoding));
        for (way, url) in [("the home screen", &home), ("a holder's survey", &survey)] {
            let mut kib = Vec::new();
            for _ in 0..3 {
                forget_cache(&browser, &proxy.url).await?;
                let before = proxy.answered();
                browser.client.goto(url).await?;
                browser.wait_offline_ready().await?;
                kib.push((proxy.answered() - before) as f64 / 1024.0);
            }
            // Issue #16's goal is for everything installed, as gzip.
            let budget = (encoding == "gzip" && url == &home).then_some((600.0, true));
            report.add(
                "offline",
                format!("kept for offline, first page {way} ({encoding})"),
                "KiB",
                &kib,
                budget,
            );
        }
    }
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// Visits to each page, first then repeat, in `versus_surveyjs`: a visit takes 50 to 250 ms
/// and one in five or so lands on a busy moment of the machine, which moved the median of
/// five by a tenth of the ratio from one run to the next.
const VISITS: usize = 11;

/// Bilan and SurveyJS, the same survey, the same server, the same Chromium.
async fn versus_surveyjs(report: &mut Report) -> anyhow::Result<()> {
    let npm = std::path::PathBuf::from(
        std::env::var("BILAN_NPM").context("BILAN_NPM is unset: run `cargo xtask bench`")?,
    );
    let place = TempDir::new("bench-versus");
    let dist = place.0.join("dist");
    // The app as shipped: this comparison needs no in-page measurement, only the marks the
    // shipped app makes.
    let shipped = shipped_dist();
    harness::copy_dir(&shipped, &dist)?;
    // Both apps sent as gzip: SurveyJS gets no brotli copies here.
    let mut stack = vec![dist.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "br") {
                std::fs::remove_file(&path)?;
            }
        }
    }
    let peer = dist.join("surveyjs");
    std::fs::create_dir_all(&peer)?;
    for file in [
        "survey-core/survey.core.min.js",
        "survey-js-ui/survey-js-ui.min.js",
        "survey-core/survey-core.min.css",
    ] {
        let from = npm.join(file);
        std::fs::copy(&from, peer.join(from.file_name().expect("a file name")))
            .with_context(|| format!("{} (run `cargo xtask bench`)", from.display()))?;
    }
    let survey = auto_evaluation()?;
    std::fs::write(
        peer.join("index.html"),
        surveyjs::page(&surveyjs::convert(&survey)),
    )?;
    std::fs::write(peer.join("empty.html"), surveyjs::EMPTY_PAGE)?;
    // The same precompressed gzip files for both, as the server sends them.
    for entry in std::fs::read_dir(&peer)? {
        let path = entry?.path();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&std::fs::read(&path)?)?;
        let mut name = path.into_os_string();
        name.push(".gz");
        std::fs::write(name, gz.finish()?)?;
    }
    let server = Server::start_on_copy(&dist, "bench-versus").await?;
    // The holder's browser as everyone's: their survey painted before the app runs, from the
    // snapshot kept when they left it.
    let browser = Browser::start_painting_ahead().await?;
    let c = &browser.client;
    browser
        .start_first_survey(&server.url, "Bench", "Bench")
        .await?;
    let bilan_url = c.current_url().await?.to_string();
    // A participant's own phone scanning a session's QR code, the session on the same survey.
    let facilitator = token(&server.database_url(), "facilitator")?;
    let code = "BENCHVSJS";
    harness::open_session_on(&server.url, &facilitator, code, "auto-evaluation").await?;
    let phone = Browser::start_painting_ahead().await?;
    let join_url = format!("{}/rejoindre/{code}", server.url);
    let peer_url = format!("{}/surveyjs/index.html", server.url);
    let empty_url = format!("{}/surveyjs/empty.html", server.url);

    let mut rows: Vec<(&str, Vec<f64>, Vec<f64>)> = Vec::new();
    let (mut cold_b, mut cold_s, mut bytes_b, mut bytes_s) = (vec![], vec![], vec![], vec![]);
    let (mut cold_e, mut warm_e) = (vec![], vec![]);
    let (mut cold_p, mut warm_p, mut bytes_p) = (vec![], vec![], vec![]);
    // When Bilan's first module is instantiated (`bilan-ready`), before the app runs.
    let (mut ready_cold, mut ready_warm) = (vec![], vec![]);
    // When the app drew the question the holder saw painted sooner.
    let (mut drawn_cold, mut drawn_warm) = (vec![], vec![]);
    for _ in 0..VISITS {
        forget_cache(&browser, &server.url).await?;
        let (t, drawn, b) = visit_painted(&browser, &bilan_url).await?;
        cold_b.push(t);
        drawn_cold.push(drawn);
        bytes_b.push(b);
        ready_cold.push(ready(&browser).await?);
        forget_cache(&browser, &server.url).await?;
        let (t, b) = visit(&browser, &peer_url).await?;
        cold_s.push(t);
        bytes_s.push(b);
        forget_cache(&browser, &server.url).await?;
        cold_e.push(visit(&browser, &empty_url).await?.0);
        forget_cache(&phone, &server.url).await?;
        let (t, b) = visit(&phone, &join_url).await?;
        cold_p.push(t);
        bytes_p.push(b);
    }
    // Warm: Bilan from its service worker, SurveyJS from the HTTP cache.
    visit(&browser, &bilan_url).await?;
    browser
        .wait_js("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
        .await?;
    let (mut warm_b, mut warm_s, mut fill_b, mut fill_s) = (vec![], vec![], vec![], vec![]);
    for _ in 0..VISITS {
        let (t, drawn, _) = visit_painted(&browser, &bilan_url).await?;
        warm_b.push(t);
        drawn_warm.push(drawn);
        ready_warm.push(ready(&browser).await?);
        warm_s.push(visit(&browser, &peer_url).await?.0);
        warm_e.push(visit(&browser, &empty_url).await?.0);
        warm_p.push(visit(&phone, &join_url).await?.0);
    }
    // One answer clicked to the frame that shows it, 200 clicks on each app's first page.
    let clicks = |which: &'static str| async move {
        let t = c
            .execute_async(CLICK_TO_FRAME, vec![json!(which), json!(200)])
            .await?;
        let mut times: Vec<f64> =
            serde_json::from_value(t.clone()).with_context(|| format!("{which}: {t}"))?;
        times.sort_by(f64::total_cmp);
        anyhow::Ok(times)
    };
    visit(&browser, &bilan_url).await?;
    let click_b = clicks("bilan").await?;
    visit(&browser, &peer_url).await?;
    let click_s = clicks("surveyjs").await?;
    for (app, times) in [("Bilan", &click_b), ("SurveyJS", &click_s)] {
        for (p, name) in [(0.5, "p50"), (0.95, "p95")] {
            report.add(
                "versus",
                format!("{app}: click on an answer to the frame that shows it ({name} of 200)"),
                "ms",
                &[percentile(times, p)],
                (app == "Bilan" && name == "p95").then_some((16.0, true)),
            );
        }
    }
    for _ in 0..3 {
        visit(&browser, &bilan_url).await?;
        let t = c.execute_async(ANSWER_ALL, vec![json!("bilan")]).await?;
        fill_b.push(t.as_f64().with_context(|| format!("bilan: {t}"))?);
        // Submitting ends the draft, so the next round starts afresh.
        browser.click(".survey__nav .button").await?;
        browser
            .wait_text(".survey__section", "Voici votre bilan")
            .await?;
        visit(&browser, &peer_url).await?;
        let t = c.execute_async(ANSWER_ALL, vec![json!("surveyjs")]).await?;
        fill_s.push(t.as_f64().with_context(|| format!("surveyjs: {t}"))?);
    }
    // The design's floor: the runtime alone, against SurveyJS's whole page.
    let floor = [
        ("first visit", ready_cold, median(&cold_s)),
        ("repeat visit", ready_warm, median(&warm_s)),
    ];
    // Each app's time beyond what the browser takes to open an empty page from the same server.
    let beyond = [
        ("first visit", median(&cold_b), median(&cold_s), &cold_e),
        ("repeat visit", median(&warm_b), median(&warm_s), &warm_e),
    ]
    .map(|(name, ours, theirs, empty)| {
        let empty_ms = median(empty);
        (
            name,
            empty.clone(),
            (ours - empty_ms) / (theirs - empty_ms).max(1.0),
        )
    });
    rows.push((
        "bytes transferred, first visit to first question (KiB)",
        bytes_b,
        bytes_s.clone(),
    ));
    rows.push((
        "a participant's QR link, bytes transferred, first visit to first question (KiB)",
        bytes_p,
        bytes_s,
    ));
    rows.push((
        "first visit (empty cache) to first question (ms)",
        cold_b,
        cold_s.clone(),
    ));
    rows.push((
        "repeat visit to first question (ms)",
        warm_b,
        warm_s.clone(),
    ));
    rows.push((
        "first visit (empty cache) to first question drawn by the app (ms)",
        drawn_cold,
        cold_s.clone(),
    ));
    rows.push((
        "repeat visit to first question drawn by the app (ms)",
        drawn_warm,
        warm_s.clone(),
    ));
    rows.push((
        "a participant's QR link, first visit (empty cache) to first question (ms)",
        cold_p,
        cold_s,
    ));
    rows.push((
        "a participant's QR link, repeat visit to first question (ms)",
        warm_p,
        warm_s,
    ));
    rows.push(("answer every question by clicking (ms)", fill_b, fill_s));
    for (name, ours, theirs) in rows {
        let unit = if name.contains("KiB") { "KiB" } else { "ms" };
        report.add("versus", format!("Bilan: {name}"), unit, &ours, None);
        report.add("versus", format!("SurveyJS: {name}"), unit, &theirs, None);
        let ratio = median(&ours) / median(&theirs).max(f64::EPSILON);
        // The goals of issue #16: bytes ≤ 0.75×, a first visit ≤ 0.6×, a repeat visit ≤ 0.5×.
        // The question on screen, painted or drawn, is what the holder waits for; the bytes
        // goal is the participant's (a holder's journey loads more, and keeps it for offline).
        let budget = match name {
            n if n.contains("drawn by the app") => None,
            n if n.starts_with("a participant's QR link, bytes") => Some((0.75, true)),
            n if n.starts_with("first visit") => Some((0.6, true)),
            n if n.starts_with("repeat") => Some((0.5, true)),
            _ => None,
        };
        report.add(
            "versus",
            format!("ratio Bilan/SurveyJS: {name}"),
            "×",
            &[ratio],
            budget,
        );
    }
    for (name, ours, theirs) in floor {
        report.add(
            "versus",
            format!("Bilan: {name} to its first module instantiated, before the app runs (ms)"),
            "ms",
            &ours,
            None,
        );
        report.add(
            "versus",
            format!("ratio Bilan's first module instantiated / SurveyJS's first question: {name}"),
            "×",
            &[median(&ours) / theirs.max(f64::EPSILON)],
            None,
        );
    }
    for (name, empty, ratio) in beyond {
        report.add(
            "versus",
            format!("an empty page from the same server: {name} (ms)"),
            "ms",
            &empty,
            None,
        );
        report.add(
            "versus",
            format!("ratio Bilan/SurveyJS beyond the empty page: {name}"),
            "×",
            &[ratio],
            None,
        );
    }
    browser.close().await?;
    phone.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let machine = machine();
    let commit = shell("git", &["rev-parse", "--short", "HEAD"]);
    println!("Bilan benchmark — {machine}, commit {commit}\n");
    let mut report = Report::default();
    // BILAN_BENCH_ONLY=ingest,aggregate runs only those sections (for working on one of them).
    let only = std::env::var("BILAN_BENCH_ONLY").unwrap_or_default();
    let run = |section: &str| only.is_empty() || only.split(',').any(|s| s == section);
    if run("bytes") {
        bytes(&mut report)?;
    }
    if run("browser") {
        in_browser(&mut report).await?;
    }
    if run("dashboard") {
        dashboard(&mut report).await?;
    }
    if run("versus") {
        versus_surveyjs(&mut report).await?;
    }
    if run("phone") {
        phone_on_fast_3g(&mut report).await?;
    }
    if run("offline") {
        offline_install(&mut report).await?;
    }
    if run("ingest") {
        let dir = TempDir::new("bench-sqlite");
        let sqlite = format!("sqlite://{}", dir.0.join("bilan.db").display());
        ingest(&mut report, "sqlite", &sqlite, dir).await?;
        if let Ok(admin) = std::env::var("BILAN_TEST_POSTGRES") {
            let pool = sqlx::PgPool::connect(&admin).await?;
            sqlx::query("DROP DATABASE IF EXISTS bilan_bench")
                .execute(&pool)
                .await?;
            sqlx::query("CREATE DATABASE bilan_bench")
                .execute(&pool)
                .await?;
            pool.close().await;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            ingest(
                &mut report,
                "postgresql",
                &format!("{base}/bilan_bench"),
                TempDir::new("bench-pg"),
            )
            .await?;
        }
    }
    if run("aggregate") {
        aggregates(&mut report).await?;
    }
    report.write(&machine, &commit)
}
