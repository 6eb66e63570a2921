//! `cargo xtask bench`: builds the app and a release server, starts PostgreSQL, and runs the
//! benchmark (`tests/src/bench.rs`), which writes `target/bench/report.md` and `report.json`.

use std::path::Path;

use anyhow::bail;

use crate::{build, install};

pub fn bench(root: &Path) -> anyhow::Result<()> {
    install::ensure_wasm_target()?;
    install::ensure_browser()?;
    let axe = install::ensure_axe(root)?;
    // The shipped app, whose size is reported, and the same app with the in-page measurements.
    let shipped = build::build(root)?;
    let dist = build::build_bench(root)?;
    let postgres = install::start_postgres()?;
    let status = std::process::Command::new("cargo")
        .args(["build", "--quiet", "--release", "-p", "bilan-server"])
        .status()?;
    if !status.success() {
        bail!("cannot build the release server");
    }
    let status = std::process::Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "--release",
            "-p",
            "bilan-tests",
            "--bin",
            "bilan-bench",
        ])
        .env("BILAN_DIST", &dist.dir)
        .env("BILAN_SHIPPED_DIST", &shipped.dir)
        .env("BILAN_SERVER_BIN", root.join("target/release/bilan-server"))
        .env("CHROMEDRIVER", install::CHROMEDRIVER)
        .env("BILAN_TEST_POSTGRES", &postgres.url)
        .env(
            "BILAN_NPM",
            axe.ancestors()
                .nth(2)
                .expect("node_modules/axe-core/axe.min.js"),
        )
        .status()?;
    drop(postgres);
    if !status.success() {
        bail!("the benchmark failed");
    }
    Ok(())
}
