//! `cargo xtask test`: installs what is missing, then every check and test, native, in headless
//! Chromium and end to end; ends with one line `N passed, N failed`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::Context;

use crate::build::{self, WASM_TARGET};
use crate::install::{self, CHROMEDRIVER};

/// Totals over every step.
#[derive(Debug, Default)]
struct Tally {
    passed: u64,
    failed: u64,
    failed_steps: Vec<String>,
}

impl Tally {
    /// Runs one step, echoing its output and adding up the `test result:` lines it prints.
    /// A step that fails without reporting a failed test (a build error, a lint) counts as one
    /// failure, so the summary can never read as green when something is red.
    fn step(&mut self, name: &str, command: &mut Command) {
        println!("\n==> {name}");
        let started = Instant::now();
        let (passed, failed, ok) = match run_counting(command) {
            Ok(counts) => counts,
            Err(err) => {
                eprintln!("{name}: {err:#}");
                (0, 0, false)
            }
        };
        self.passed += passed;
        self.failed += failed;
        if !ok {
            if failed == 0 {
                self.failed += 1;
            }
            self.failed_steps.push(name.to_owned());
        }
        println!(
            "<== {name}: {} in {:.0?}",
            if ok { "ok" } else { "FAILED" },
            started.elapsed()
        );
    }
}

impl Tally {
    /// Runs an in-process check; each line it returns is one failure.
    fn check(&mut self, name: &str, check: impl FnOnce() -> anyhow::Result<Vec<String>>) {
        println!("\n==> {name}");
        let found = check().unwrap_or_else(|err| vec![format!("{err:#}")]);
        for line in &found {
            println!("{line}");
        }
        if found.is_empty() {
            self.passed += 1;
        } else {
            self.failed += found.len() as u64;
            self.failed_steps.push(name.to_owned());
        }
        println!(
            "<== {name}: {}",
            if found.is_empty() { "ok" } else { "FAILED" }
        );
    }
}

fn run_counting(command: &mut Command) -> anyhow::Result<(u64, u64, bool)> {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {command:?}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        if let Some((p, f)) = parse_result_line(&line) {
            passed += p;
            failed += f;
        }
    }
    let status = child.wait()?;
    Ok((passed, failed, status.success()))
}

/// Reads libtest's (and wasm-bindgen-test's) `test result: ok. 3 passed; 0 failed; ...` line.
fn parse_result_line(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |word: &str| {
        rest.split(';').find_map(|part| {
            let mut words = part.split_whitespace().rev();
            (words.next() == Some(word))
                .then(|| words.next()?.parse::<u64>().ok())
                .flatten()
        })
    };
    Some((count("passed")?, count("failed")?))
}

fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new("cargo");
    command.args(args);
    command
}

/// The app's view! blocks, which rustfmt leaves alone (format with `cargo fmt --all`, then
/// `leptosfmt "src/bilan-web/src/**/*.rs"`).
fn views_step(tally: &mut Tally) {
    let mut views = Command::new("leptosfmt");
    views.args(["--check", "--quiet", "src/bilan-web/src/**/*.rs"]);
    tally.step("format (view! blocks)", &mut views);
}

/// Formatting, the conventions, lints for both targets, and the survey folder (the view!
/// blocks apart: see [`views_step`]).
fn tidy_steps(tally: &mut Tally) {
    tally.step("format", &mut cargo(&["fmt", "--all", "--check"]));
    tally.check("conventions", || {
        crate::tidy::check(&std::env::current_dir()?)
    });
    tally.step(
        "clippy (native)",
        &mut cargo(&["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"]),
    );
    tally.step(
        "clippy (wasm32)",
        &mut cargo(&[
            "clippy",
            "--quiet",
            "-p",
            "bilan-web",
            "--all-targets",
            // The benchmark's in-page measurements and the split build's lazy routes are
            // linted too.
            "--features",
            "bench,split",
            "--target",
            WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ]),
    );
    // The shipped surveys, as `bilan-server survey check surveys` reads them, in process: a
    // `cargo run` of the server here would build its dependencies once more, for nothing.
    tally.check("survey files", || {
        let dir = std::env::current_dir()?.join("surveys");
        Ok(bilan_core::load::read_folder(&dir)
            .err()
            .unwrap_or_default())
    });
}

/// `cargo xtask tidy`: the checks that need no browser.
pub fn tidy() -> anyhow::Result<()> {
    install::ensure_leptosfmt()?;
    let mut tally = Tally::default();
    tidy_steps(&mut tally);
    views_step(&mut tally);
    finish(tally)
}

fn finish(tally: Tally) -> anyhow::Result<()> {
    if !tally.failed_steps.is_empty() {
        println!("Failed: {}", tally.failed_steps.join(", "));
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

pub fn test(root: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    // The system's packages download while the tools below compile.
    let packages = std::thread::spawn(install::prefetch_system_packages);
    install::ensure_wasm_target()?;
    // The two tools compile beside the lints: a build leaves a core idle in its last, serial
    // crates, which the other fills. The tests that need them wait for them.
    let tools = {
        let root = root.to_owned();
        std::thread::spawn(move || {
            install::ensure_leptosfmt()?;
            install::ensure_test_runner(&root)
        })
    };
    let axe = install::ensure_axe(root)?;
    packages
        .join()
        .map_err(|_| anyhow::anyhow!("installing the system's packages panicked"))??;
    install::ensure_browser()?;

    let postgres = install::start_postgres()?;

    let mut tally = Tally::default();
    tidy_steps(&mut tally);
    tools
        .join()
        .map_err(|_| anyhow::anyhow!("installing the tools panicked"))??;
    views_step(&mut tally);

    // No --quiet: cargo would hand it on to wasm-bindgen-test-runner, which refuses it.
    let mut browser = cargo(&["test", "-p", "bilan-web", "--target", WASM_TARGET]);
    browser
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        // Chromium takes its time zone from TZ: one half an hour off UTC's, with summer time,
        // so that a date read in UTC where the person's was meant shows in the tests.
        .env("TZ", "America/St_Johns");
    tally.step(
        "browser tests (wasm-bindgen-test in headless Chromium)",
        &mut browser,
    );

    // Every native test in one cargo invocation: the unit and storage tests, and the
    // end-to-end tests against the server binary this same build makes. Cargo picks the
    // dependencies' features from the packages selected, so one selection builds them once
    // (three selections built the server's dependencies three times over).
    let built = build::build(root);
    let mut native = cargo(&["test", "--quiet", "--workspace", "--exclude", "bilan-web"]);
    // The server's storage tests and the attacks of docs/privacy.md run on SQLite and on this
    // PostgreSQL; none may skip it.
    native
        .env("BILAN_TEST_POSTGRES", &postgres.url)
        .env("BILAN_REQUIRE_POSTGRES", "1")
        // Property tests draw the same cases at every run: a red CI is a real failure, never luck.
        // (Run them with another PROPTEST_RNG_SEED, or without it, to explore further.)
        .env("PROPTEST_RNG_SEED", "20261201");
    match &built {
        Ok(dist) => {
            native
                .args(["--", "--test-threads=2"])
                .env("BILAN_DIST", &dist.dir)
                .env("BILAN_SERVER_BIN", root.join("target/debug/bilan-server"))
                .env("CHROMEDRIVER", CHROMEDRIVER)
                .env("BILAN_AXE", &axe);
            tally.step(
                "native and end-to-end tests (SQLite, PostgreSQL, server binary + Chromium)",
                &mut native,
            );
        }
        Err(err) => {
            eprintln!("build: {err:#}");
            tally.failed += 1;
            tally.failed_steps.push("build the app".into());
            // Without the app, the end-to-end tests cannot run; the rest still can.
            native.args(["--exclude", "bilan-tests"]);
            tally.step("native tests (SQLite and PostgreSQL)", &mut native);
        }
    }

    drop(postgres);
    println!("\nAll steps done in {:.0?}.", started.elapsed());
    finish(tally)
}

#[cfg(test)]
mod tests {
    use super::parse_result_line;

    #[test]
    fn reads_libtest_and_wasm_bindgen_test_summaries() {
        assert_eq!(
            parse_result_line(
                "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s"
            ),
            Some((12, 0))
        );
        assert_eq!(
            parse_result_line("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some((3, 2))
        );
        assert_eq!(parse_result_line("running 3 tests"), None);
        assert_eq!(parse_result_line("test result: garbage"), None);
    }
}
