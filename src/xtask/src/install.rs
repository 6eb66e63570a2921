//! Installs what the build and the tests need on a fresh machine, saying what it does.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

use crate::build::WASM_TARGET;

/// Where Debian puts Chromium's WebDriver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Where Debian puts Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The version of `name` recorded in `Cargo.lock`.
pub fn locked_version(root: &Path, name: &str) -> anyhow::Result<String> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).context("cannot read Cargo.lock")?;
    let header = format!("name = \"{name}\"\nversion = \"");
    let at = lock
        .find(&header)
        .with_context(|| format!("{name} is not in Cargo.lock"))?;
    let rest = &lock[at + header.len()..];
    Ok(rest[..rest.find('"').unwrap_or(0)].to_owned())
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn run(program: &str, args: &[&str]) -> anyhow::Result<()> {
    let status = Command::new(program)
        .args(args)
        .status()
        .with_context(|| format!("cannot run {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0")
}

/// The toolchain file asks for the wasm target; older rustups do not add it by themselves.
pub fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = output("rustup", &["target", "list", "--installed"]).with_context(
        || "rustup is needed to add the wasm32-unknown-unknown target (https://rustup.rs)",
    )?;
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("Installing the {WASM_TARGET} target with rustup...");
        run("rustup", &["target", "add", WASM_TARGET])?;
    }
    Ok(())
}

/// Debian's Chromium and ChromeDriver, for the browser tests.
pub fn ensure_browser() -> anyhow::Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    if !is_root() {
        bail!(
            "the browser tests need Chromium and ChromeDriver: run \
             `sudo apt-get install chromium chromium-driver`, then this command again"
        );
    }
    println!("Installing Chromium and ChromeDriver with apt-get (once)...");
    run("apt-get", &["update", "-qq"])?;
    run(
        "apt-get",
        &[
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ],
    )
}

/// `wasm-bindgen-test-runner` at exactly the app's `wasm-bindgen` version.
pub fn ensure_test_runner(root: &Path) -> anyhow::Result<()> {
    let wanted = locked_version(root, "wasm-bindgen")?;
    let found = output("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    println!(
        "Installing wasm-bindgen-test-runner {wanted} with cargo install (once, a few minutes)..."
    );
    // Not --locked: the tool's own lockfile pins a crate version this registry lacks.
    run(
        "cargo",
        &[
            "install",
            "--quiet",
            "wasm-bindgen-cli",
            "--version",
            &format!("={wanted}"),
        ],
    )
}
