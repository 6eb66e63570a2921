//! Bilan's project commands (`cargo xtask <command>`), after matklad's cargo-xtask pattern.

mod bench;
mod budgets;
mod build;
mod compress;
mod fuzz;
mod install;
mod optimize;
mod pack;
mod pages;
mod policy;
mod size;
mod split;
mod test;
mod tidy;

use std::path::{Path, PathBuf};

use anyhow::bail;

const USAGE: &str = "\
usage: cargo xtask <command> [arguments]

commands:
  build              build the app into dist/ (wasm, bindings, service worker)
  serve [ARGS...]    build, then run bilan-server (ARGS go to `bilan-server serve`,
                     e.g. --addr 0.0.0.0:8080)
  test               install what is missing, then run every check and test
  size               print the raw and gzip size of every file in dist/
  bench              measure bytes, the server's ingest and released tables (SQLite and
                     PostgreSQL) and the app in Chromium; writes target/bench/report.md
  tidy               formatting, lints for both targets, and the survey files
  fuzz [--seconds N] [TARGET...]
                     run the cargo-fuzz targets (nightly; installs cargo-fuzz once), N s each
";

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let root = project_root();
    std::env::set_current_dir(&root)?;
    match command.as_str() {
        "build" => build::build(&root).map(drop),
        "serve" => {
            build::build(&root)?;
            serve(&rest)
        }
        "test" => test::test(&root),
        "size" => size::print(&root.join("dist"), true).map(drop),
        "bench" => bench::bench(&root),
        "tidy" => test::tidy(),
        "fuzz" => fuzz::fuzz(&root, &rest),
        "" | "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

/// Runs the server on the built app, in the foreground, until Ctrl-C.
fn serve(args: &[String]) -> anyhow::Result<()> {
    let sh = xshell::Shell::new()?;
    println!("Starting bilan-server (Ctrl-C stops it)...");
    xshell::cmd!(sh, "cargo run --quiet -p bilan-server -- serve {args...}").run()?;
    Ok(())
}

/// The workspace root: the folder above `src/xtask`.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("xtask lives two levels below the workspace root")
        .to_path_buf()
}
