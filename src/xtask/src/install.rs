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

/// On a fresh machine, as root: Chromium, ChromeDriver and PostgreSQL in one `apt-get` run, meant
/// to run in the background while the tools compile (the download waits on the network, the
/// compiler on the processor). [`ensure_browser`] and [`start_postgres`] then find them.
pub fn prefetch_system_packages() -> anyhow::Result<()> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        missing.extend(["chromium", "chromium-driver"]);
    }
    if postgres_bin().is_none() && std::env::var_os("BILAN_TEST_POSTGRES").is_none() {
        missing.push("postgresql");
    }
    if missing.is_empty() || !is_root() {
        return Ok(());
    }
    println!("Installing {} with apt-get (once)...", missing.join(", "));
    run("apt-get", &["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(missing);
    run("apt-get", &args)
}

/// `cargo install` for a tool the tests run: optimised a little only, as a tool needs, where the
/// release profile's full optimisation took most of its minutes on a two-core machine.
fn cargo_install(args: &[&str]) -> anyhow::Result<()> {
    let status = Command::new("cargo")
        .arg("install")
        .args(args)
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .status()
        .context("cannot run cargo install")?;
    if !status.success() {
        bail!("`cargo install {}` failed ({status})", args.join(" "));
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

/// The `view!` formatter the conventions check, at the version the tree is formatted with.
pub const LEPTOSFMT: &str = "0.1.33";

/// `leptosfmt` at [`LEPTOSFMT`].
pub fn ensure_leptosfmt() -> anyhow::Result<()> {
    let found = output("leptosfmt", &["--version"]).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(LEPTOSFMT) {
        return Ok(());
    }
    println!("Installing leptosfmt {LEPTOSFMT} with cargo install (once, about 3 minutes)...");
    cargo_install(&[
        "--quiet",
        "leptosfmt",
        "--version",
        &format!("={LEPTOSFMT}"),
    ])
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
    cargo_install(&[
        "--quiet",
        "wasm-bindgen-cli",
        "--version",
        &format!("={wanted}"),
    ])
}

/// A throw-away PostgreSQL cluster for the tests, stopped and deleted when dropped.
pub struct Postgres {
    /// `postgres://postgres@127.0.0.1:PORT/postgres`, trusted on loopback only.
    pub url: String,
    dir: Option<std::path::PathBuf>,
    pg_ctl: std::path::PathBuf,
}

/// Debian's PostgreSQL server binaries, newest major version first.
fn postgres_bin() -> Option<std::path::PathBuf> {
    let mut versions: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

/// Runs `program` as the `postgres` user when we are root (PostgreSQL refuses to run as root).
fn as_postgres(program: &Path) -> Command {
    if is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

/// Uses `BILAN_TEST_POSTGRES` if set; otherwise installs Debian's PostgreSQL (once) and starts a
/// fresh cluster on a free loopback port.
pub fn start_postgres() -> anyhow::Result<Postgres> {
    if let Ok(url) = std::env::var("BILAN_TEST_POSTGRES") {
        return Ok(Postgres {
            url,
            dir: None,
            pg_ctl: Default::default(),
        });
    }
    let bin = match postgres_bin() {
        Some(bin) => bin,
        None if is_root() => {
            println!("Installing PostgreSQL with apt-get (once)...");
            run("apt-get", &["update", "-qq"])?;
            run(
                "apt-get",
                &[
                    "install",
                    "-y",
                    "-qq",
                    "--no-install-recommends",
                    "postgresql",
                ],
            )?;
            postgres_bin().context("apt-get installed postgresql but no initdb was found")?
        }
        None => bail!(
            "the PostgreSQL tests need a server: run `sudo apt-get install postgresql`, \
             or set BILAN_TEST_POSTGRES=postgres://USER@HOST:PORT/DB, then this command again"
        ),
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    // Under /tmp, not target/: the postgres user must be able to reach and own it.
    let dir = std::env::temp_dir().join(format!("bilan-test-pg-{port}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    if is_root() {
        run("chown", &["postgres:postgres", &dir.display().to_string()])?;
    }
    let data = dir.join("data");
    let quiet = |cmd: &mut Command| -> anyhow::Result<()> {
        let out = cmd.output().context("cannot run PostgreSQL's tools")?;
        if !out.status.success() {
            bail!(
                "PostgreSQL failed to start: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    };
    quiet(
        as_postgres(&bin.join("initdb"))
            .args([
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
                "-D",
            ])
            .arg(&data),
    )?;
    let options = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
        dir.display()
    );
    quiet(
        as_postgres(&bin.join("pg_ctl"))
            .args(["-w", "-D"])
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(dir.join("log"))
            .arg("start"),
    )?;
    Ok(Postgres {
        url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        dir: Some(dir),
        pg_ctl: bin.join("pg_ctl"),
    })
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = as_postgres(&self.pg_ctl)
                .args(["-w", "-m", "fast", "-D"])
                .arg(dir.join("data"))
                .arg("stop")
                .output();
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// The version of axe-core the accessibility tests inject into pages.
pub const AXE_VERSION: &str = "4.11.0";

/// The SurveyJS packages the benchmark compares Bilan with.
pub const SURVEYJS: [&str; 2] = ["survey-core@2.5.38", "survey-js-ui@2.5.38"];

/// Installs `packages` (name@version) from the npm registry into `target/PREFIX` (ignored, rebuilt
/// on a fresh machine) unless they are there at those versions; returns its `node_modules`. One
/// prefix holds one list: npm removes what a later install into it does not name.
pub fn ensure_npm(
    root: &Path,
    prefix: &str,
    packages: &[&str],
) -> anyhow::Result<std::path::PathBuf> {
    let prefix = root.join("target").join(prefix);
    let modules = prefix.join("node_modules");
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            let (name, version) = p.rsplit_once('@').unwrap_or((p, ""));
            !std::fs::read_to_string(modules.join(name).join("package.json"))
                .is_ok_and(|json| json.contains(&format!("\"version\": \"{version}\"")))
        })
        .collect();
    if missing.is_empty() {
        return Ok(modules);
    }
    if output("npm", &["--version"]).is_none() {
        if !is_root() {
            bail!("npm is needed: run `sudo apt-get install npm`, then this command again");
        }
        println!("Installing Node.js and npm with apt-get (once)...");
        run(
            "apt-get",
            &[
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "nodejs",
                "npm",
            ],
        )?;
    }
    println!(
        "Installing {} from npm into {} (once)...",
        missing.join(", "),
        prefix.display()
    );
    std::fs::create_dir_all(&prefix)?;
    let prefix_arg = prefix.display().to_string();
    let mut args = vec![
        "install",
        "--silent",
        "--no-audit",
        "--no-fund",
        "--no-save",
        "--prefix",
        &prefix_arg,
    ];
    // Every package at once: npm removes what a later install does not name.
    args.extend(packages);
    run("npm", &args)?;
    Ok(modules)
}

/// axe-core's script, for the accessibility tests.
pub fn ensure_axe(root: &Path) -> anyhow::Result<std::path::PathBuf> {
    let modules = ensure_npm(
        root,
        "npm",
        &[&format!("axe-core@{AXE_VERSION}"), SURVEYJS[0], SURVEYJS[1]],
    )?;
    let script = modules.join("axe-core/axe.min.js");
    if !script.is_file() {
        bail!("npm installed axe-core but {} is missing", script.display());
    }
    Ok(script)
}
