//! `cargo xtask fuzz --seconds N`: runs every cargo-fuzz target for N seconds, installing the
//! nightly toolchain and cargo-fuzz first when they are missing. Seeds are in `fuzz/corpus/`; what
//! libFuzzer finds grows a scratch corpus under `target/fuzz-corpus/`, and a crash is kept in
//! `fuzz/artifacts/` and ends the run with an error naming it.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

/// The fuzz targets, as named in `fuzz/Cargo.toml`.
pub const TARGETS: [&str; 5] = [
    "survey",
    "contributions",
    "backup",
    "xlsform",
    "session_file",
];

fn has(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .with_context(|| format!("cannot run {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// Installs the nightly toolchain (libFuzzer needs its sanitizer flags) and cargo-fuzz.
fn ensure_tools() -> anyhow::Result<()> {
    if !has("rustup", &["run", "nightly", "rustc", "--version"]) {
        println!("Installing the nightly toolchain with rustup (once)...");
        run(Command::new("rustup").args([
            "toolchain",
            "install",
            "nightly",
            "--profile",
            "minimal",
        ]))?;
    }
    if !has("cargo", &["fuzz", "--version"]) {
        println!("Installing cargo-fuzz (once)...");
        run(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    Ok(())
}

/// Parses `--seconds N` (default 60) and runs each target that long.
pub fn fuzz(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let mut seconds = 60u64;
    let mut only = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--seconds" => {
                seconds = rest
                    .next()
                    .and_then(|s| s.parse().ok())
                    .context("--seconds needs a whole number")?;
            }
            target if TARGETS.contains(&target) => only.push(target),
            other => bail!(
                "unknown argument {other:?}: cargo xtask fuzz [--seconds N] [{}]",
                TARGETS.join("|")
            ),
        }
    }
    ensure_tools()?;
    let targets: Vec<&str> = if only.is_empty() {
        TARGETS.to_vec()
    } else {
        only
    };
    for target in targets {
        let scratch = root.join("target/fuzz-corpus").join(target);
        std::fs::create_dir_all(&scratch)?;
        let seeds = root.join("fuzz/corpus").join(target);
        println!(
            "Fuzzing {target} for {seconds} s (seeds: {})...",
            seeds.display()
        );
        run(Command::new("cargo")
            .current_dir(root)
            .args(["+nightly", "fuzz", "run", target])
            .arg(&scratch)
            .arg(&seeds)
            .args(["--", &format!("-max_total_time={seconds}")]))
        .with_context(|| {
            format!("fuzz target {target} found a crash: see fuzz/artifacts/{target}/ and make it a regression test")
        })?;
    }
    println!("Every fuzz target ran {seconds} s without a crash.");
    Ok(())
}
