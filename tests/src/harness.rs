//! Starting the real server binary and a real Chromium for a test, and cleaning up after it.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The repository's root folder.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// A fresh temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("bilan-it-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("cannot create a temporary folder");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Reads lines from a child's output until one contains `marker`; returns that line.
pub async fn wait_for_line(
    reader: impl tokio::io::AsyncRead + Unpin + Send + 'static,
    marker: &str,
    what: &str,
) -> anyhow::Result<String> {
    let mut lines = BufReader::new(reader).lines();
    let found = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await? {
            if line.contains(marker) {
                return Ok::<_, anyhow::Error>(Some(line));
            }
        }
        Ok(None)
    })
    .await
    .with_context(|| format!("{what} did not start within 30 s"))??;
    // Keep draining so the child never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    found.with_context(|| format!("{what} exited before printing {marker:?}"))
}

/// The real `bilan-server` binary, serving the built app on a free port of 127.0.0.1.
pub struct Server {
    child: Child,
    /// Base URL, without a trailing slash.
    pub url: String,
    _dir: TempDir,
}

/// The built app that `cargo xtask test` serves.
pub fn dist() -> PathBuf {
    std::env::var_os("BILAN_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"))
}

/// A copy of the built app that a test may change (a new version, a survey of its own), in a
/// folder of its own: the folder, and `dist` inside it.
pub fn copy_of_dist(label: &str) -> anyhow::Result<(TempDir, PathBuf)> {
    let data = TempDir::new(label);
    let copy = data.0.join("dist");
    copy_dir(&dist(), &copy)?;
    Ok((data, copy))
}

/// Copies the folder `from` into a new folder `to`, recursively.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Makes the built app in `dist` (a copy a test may change) a new version, as deploying a new
/// build does: its service worker names another version, so browsers see an update and keep
/// the new files in a cache of their own, and gives the content hash of each survey and
/// messages file as it now is (the offline packs still hold the old ones: the worker sets such a
/// pack aside and takes the files one by one). The precompressed copies of the old one go.
pub fn deploy_next_version(dist: &std::path::Path) -> anyhow::Result<()> {
    use sha2::Digest as _;
    let sw = dist.join("sw.js");
    let text = std::fs::read_to_string(&sw)?;
    let (head, rest) = text
        .split_once("const VERSION = \"")
        .context("the service worker names its version")?;
    let mut lines = Vec::new();
    for line in format!("{head}const VERSION = \"next-{rest}").lines() {
        let Some(json) = line
            .strip_prefix("const PACKS = ")
            .and_then(|l| l.strip_suffix(';'))
        else {
            lines.push(line.to_owned());
            continue;
        };
        let mut packs: serde_json::Value = serde_json::from_str(json)?;
        if let Some(hashes) = packs["hashes"].as_object_mut() {
            for (path, hash) in hashes.iter_mut() {
                let bytes = std::fs::read(dist.join(path.trim_start_matches('/')))?;
                let digest = sha2::Sha256::digest(&bytes);
                *hash = digest[..6]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
                    .into();
            }
        }
        lines.push(format!("const PACKS = {packs};"));
    }
    std::fs::write(&sw, lines.join("\n") + "\n")?;
    for copy in ["sw.js.gz", "sw.js.br"] {
        let _ = std::fs::remove_file(dist.join(copy));
    }
    Ok(())
}

/// The server binary that `cargo xtask test` built.
pub fn server_bin() -> PathBuf {
    std::env::var_os("BILAN_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/bilan-server"))
}

impl Server {
    /// Starts the server with the shipped surveys on a fresh database.
    pub async fn start() -> anyhow::Result<Server> {
        Server::start_with(&workspace_root().join("surveys"), TempDir::new("server")).await
    }

    /// Starts the server with the survey folder `surveys` and its database in `dir`.
    pub async fn start_with(surveys: &std::path::Path, dir: TempDir) -> anyhow::Result<Server> {
        Server::start_serving(surveys, dir, &dist()).await
    }

    /// Starts the server on the app built in `dist` (a copy a test may change).
    pub async fn start_serving(
        surveys: &std::path::Path,
        dir: TempDir,
        dist: &std::path::Path,
    ) -> anyhow::Result<Server> {
        Server::start_custom(surveys, dir, dist, None, &[]).await
    }

    /// Starts the server on the repository's surveys and a copy of the built app (`dist`, see
    /// [`copy_of_dist`]), its database in a fresh directory named after `label`.
    pub async fn start_on_copy(dist: &std::path::Path, label: &str) -> anyhow::Result<Server> {
        Server::start_serving(
            &workspace_root().join("surveys"),
            TempDir::new(&format!("{label}-server")),
            dist,
        )
        .await
    }

    /// Starts the server on the shipped surveys with `flags`, its SQLite database in a fresh
    /// directory named after `label`; also returns the database's URL, for the command line
    /// (tokens, releases).
    pub async fn start_with_database(
        label: &str,
        flags: &[&str],
    ) -> anyhow::Result<(Server, String)> {
        let dir = TempDir::new(label);
        let database = format!("sqlite://{}", dir.0.join("bilan.db").display());
        let server = Server::start_custom(
            &workspace_root().join("surveys"),
            dir,
            &dist(),
            Some(&database),
            flags,
        )
        .await?;
        Ok((server, database))
    }

    /// Starts the server with its own database URL (else SQLite in `dir`) and extra `serve` flags.
    pub async fn start_custom(
        surveys: &std::path::Path,
        dir: TempDir,
        dist: &std::path::Path,
        database: Option<&str>,
        extra: &[&str],
    ) -> anyhow::Result<Server> {
        let bin = server_bin();
        if !bin.is_file() || !dist.join("index.html").is_file() {
            bail!(
                "no server binary at {} or no built app in {}: run these tests with `cargo xtask test`",
                bin.display(),
                dist.display()
            );
        }
        let database = database
            .map(str::to_owned)
            .unwrap_or_else(|| format!("sqlite://{}", dir.0.join("bilan.db").display()));
        let log_path = dir.0.join("server.log");
        let log = std::fs::File::create(&log_path)?;
        let mut child = Command::new(&bin)
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--database",
                &database,
                "--dist",
            ])
            .arg(dist)
            .arg("--surveys")
            .arg(surveys)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("cannot start {}", bin.display()))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let line = match wait_for_line(stdout, "http://", "bilan-server").await {
            Ok(line) => line,
            Err(err) => {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                bail!("{err}; its log:\n{log}");
            }
        };
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("the line holds a URL")
            .trim_end_matches('/')
            .to_owned();
        Ok(Server {
            child,
            url,
            _dir: dir,
        })
    }

    /// The `sqlite://` URL of the server's database, for the CLI and for checks.
    pub fn database_url(&self) -> String {
        format!("sqlite://{}", self._dir.0.join("bilan.db").display())
    }

    /// Kills the server with SIGKILL, as a crash or a power cut would, keeping its data.
    pub async fn kill(mut self) -> anyhow::Result<TempDir> {
        self.child.kill().await?;
        Ok(self._dir)
    }

    /// Stops the server with SIGTERM and waits for it, as an operator would.
    pub async fn stop(self) -> anyhow::Result<std::process::ExitStatus> {
        Ok(self.stop_keeping_data().await?.0)
    }

    /// Stops the server and hands back its data folder, to start it again on the same database.
    pub async fn stop_keeping_data(
        mut self,
    ) -> anyhow::Result<(std::process::ExitStatus, TempDir)> {
        let pid = self.child.id().context("server already exited")?;
        std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()?;
        let status = tokio::time::timeout(Duration::from_secs(15), self.child.wait()).await??;
        Ok((status, self._dir))
    }
}

/// A headless Chromium driven over WebDriver, with its own ChromeDriver and empty profile.
pub struct Browser {
    pub client: Client,
    _driver: Child,
    _profile: TempDir,
}

impl Browser {
    pub async fn start() -> anyhow::Result<Browser> {
        Browser::start_in(TempDir::new("chromium")).await
    }

    /// A browser that paints a holder's survey before the app runs, from the snapshot kept when
    /// they left it (`public/prepaint.js`), as every browser does. The others start every page
    /// without one, so that what a test reads after a reload is the app's, never a snapshot's.
    pub async fn start_painting_ahead() -> anyhow::Result<Browser> {
        Browser::start_full(TempDir::new("chromium"), &[], "UTC", true).await
    }

    /// A browser whose profile (and so its IndexedDB) lives in `profile`.
    pub async fn start_in(profile: TempDir) -> anyhow::Result<Browser> {
        Browser::start_with(profile, &[]).await
    }

    /// A browser started with Chromium's command-line `flags` besides the harness's own (to
    /// resolve a made-up host name to the loopback, say).
    pub async fn start_with(profile: TempDir, flags: &[&str]) -> anyhow::Result<Browser> {
        Browser::start_full(profile, flags, "UTC", false).await
    }

    /// A browser whose clock reads the time of `zone` (an IANA name, `America/Guadeloupe`).
    /// Every other browser of the tests is in UTC, wherever the machine is, so that a date the
    /// page says is the one the test computes.
    pub async fn start_in_zone(zone: &str) -> anyhow::Result<Browser> {
        Browser::start_full(TempDir::new("chromium"), &[], zone, false).await
    }

    async fn start_full(
        profile: TempDir,
        flags: &[&str],
        zone: &str,
        painting_ahead: bool,
    ) -> anyhow::Result<Browser> {
        let driver_bin =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        // ChromeDriver once exited before saying it had started, in a full run on a loaded
        // machine (not reproduced in 100 starts alone): it is started again, up to three times,
        // and its own words are kept for the error if it never starts.
        let log_path = profile.0.join("chromedriver.log");
        let mut attempt = 0;
        let (driver, line) = loop {
            attempt += 1;
            let mut driver = Command::new(&driver_bin)
                .arg("--port=0")
                // Chromium takes its time zone from its environment.
                .env("TZ", zone)
                .stdout(Stdio::piped())
                .stderr(std::fs::File::create(&log_path)?)
                .kill_on_drop(true)
                .spawn()
                .with_context(|| {
                    format!("cannot start {driver_bin} (cargo xtask test installs it)")
                })?;
            let stdout = driver.stdout.take().expect("stdout is piped");
            match wait_for_line(stdout, "started successfully", "chromedriver").await {
                Ok(line) => break (driver, line),
                Err(err) if attempt < 3 => {
                    eprintln!("chromedriver, attempt {attempt}: {err}; starting it again");
                }
                Err(err) => {
                    let said = std::fs::read_to_string(&log_path).unwrap_or_default();
                    bail!("{err} (3 attempts); its last words:\n{said}");
                }
            }
        };
        let port: u16 = line
            .trim_end_matches('.')
            .rsplit(' ')
            .next()
            .and_then(|p| p.parse().ok())
            .with_context(|| format!("no port in chromedriver's line {line:?}"))?;
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
        ]
        .iter()
        .chain(flags)
        .map(|flag| flag.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.0.display()));
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), json!({ "args": args }));
        // The console, read at the end for what the page's security policy refused.
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .context("cannot open a WebDriver session in Chromium")?;
        let browser = Browser {
            client,
            _driver: driver,
            _profile: profile,
        };
        if !painting_ahead {
            browser
                .cdp(
                    "Page.addScriptToEvaluateOnNewDocument",
                    json!({ "source": "try { localStorage.removeItem('bilan.prepaint.at') } catch {}" }),
                )
                .await?;
        }
        Ok(browser)
    }

    /// Waits until `selector` matches an element whose text contains `text`, and returns it.
    pub async fn wait_text(&self, selector: &str, text: &str) -> anyhow::Result<String> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        let mut last = String::new();
        while tokio::time::Instant::now() < deadline {
            if let Ok(el) = self.client.find(Locator::Css(selector)).await {
                last = el.text().await.unwrap_or_default();
                if last.contains(text) {
                    return Ok(last);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("{selector:?} never showed {text:?} (last seen: {last:?})")
    }

    /// Waits for `selector` to appear (pages render asynchronously), then clicks it.
    pub async fn click(&self, selector: &str) -> anyhow::Result<()> {
        self.on_element(
            selector,
            "click",
            |el| async move { el.click().await.map(drop) },
        )
        .await
    }

    /// Waits for `selector` to appear, then types `text` into it.
    pub async fn type_text(&self, selector: &str, text: &str) -> anyhow::Result<()> {
        self.on_element(selector, "type into", |el| async move {
            el.send_keys(text).await
        })
        .await
    }

    /// Sets the field `selector` to `value` as typing would leave it (an `input` event that
    /// bubbles to the page's listeners): a date, or a whole text replaced at once.
    pub async fn set_value(&self, selector: &str, value: &str) -> anyhow::Result<()> {
        self.client
            .execute(
                "const f = document.querySelector(arguments[0]); f.value = arguments[1]; \
                 f.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(selector), json!(value)],
            )
            .await?;
        Ok(())
    }

    /// Finds `selector` and does `act` on it, again until it succeeds or 20 s have passed: an
    /// element a page renders again between the finding and the act is gone (WebDriver's "stale
    /// element"), or covered for a frame, and a person would simply click again. WebDriver refuses
    /// such an act before it happens, so nothing is done twice.
    async fn on_element<'a, F, Fut>(
        &'a self,
        selector: &str,
        verb: &str,
        act: F,
    ) -> anyhow::Result<()>
    where
        F: Fn(fantoccini::elements::Element) -> Fut,
        Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>> + 'a,
    {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let error = match self.client.find(Locator::Css(selector)).await {
                Ok(el) => match act(el).await {
                    Ok(()) => return Ok(()),
                    Err(err) => format!("cannot {verb} it: {err}"),
                },
                Err(err) => format!("never appeared: {err}"),
            };
            if tokio::time::Instant::now() >= deadline {
                bail!("{selector:?} {error}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens the board's dashboard at `base` with the board token `token`, as a board member
    /// pastes it.
    pub async fn open_dashboard(&self, base: &str, token: &str) -> anyhow::Result<()> {
        self.client.goto(&format!("{base}/tableau-de-bord")).await?;
        self.type_text("#board-token", token).await?;
        self.click(".board-token button[type=submit]").await
    }

    /// Creates a local profile through "Mon parcours", as a person would, and waits for its card.
    pub async fn create_profile(
        &self,
        base: &str,
        pseudonym: &str,
        project: &str,
    ) -> anyhow::Result<()> {
        self.client.goto(&format!("{base}/parcours")).await?;
        self.wait_text("h1", "Mon parcours").await?;
        self.type_text("#profile-pseudonym", pseudonym).await?;
        self.type_text("#profile-project", project).await?;
        self.click("form.panel button[type=submit]").await?;
        self.wait_text(".profiles", pseudonym).await?;
        Ok(())
    }

    /// Creates a local profile (see [`Browser::create_profile`]) and opens its first survey, as
    /// a holder starting out does, until the survey's first section is on screen; returns the
    /// profile's id.
    pub async fn start_first_survey(
        &self,
        base: &str,
        pseudonym: &str,
        project: &str,
    ) -> anyhow::Result<String> {
        self.create_profile(base, pseudonym, project).await?;
        self.click(".profile-card a.button").await?;
        self.wait_text(".survey__section", "").await?;
        // The survey's address is /parcours/PROFILE/SURVEY.
        let address = self.client.current_url().await?;
        Ok(address
            .path()
            .split('/')
            .nth(2)
            .unwrap_or_default()
            .to_owned())
    }

    /// From now on, keeps a copy of every file the page hands the browser to download.
    pub async fn capture_downloads(&self) -> anyhow::Result<()> {
        self.client
            .execute(
                "window.__files = []; const make = URL.createObjectURL;
                 URL.createObjectURL = (blob) => { window.__files.push(blob); return make(blob); };",
                vec![],
            )
            .await?;
        Ok(())
    }

    /// The text of the first file downloaded since [`Browser::capture_downloads`].
    pub async fn first_download(&self) -> anyhow::Result<String> {
        let text = self
            .client
            .execute_async(
                "const done = arguments[0]; const wait = () => window.__files.length
                   ? window.__files[0].text().then(done) : setTimeout(wait, 50); wait();",
                vec![],
            )
            .await?;
        Ok(text.as_str().unwrap_or_default().to_owned())
    }

    /// Waits until the service worker controls the page and has kept every file of the app for
    /// offline use (it tells the page, which marks `<html data-offline="ready">`).
    pub async fn wait_offline_ready(&self) -> anyhow::Result<()> {
        let waited = self.wait_js(
            "navigator.serviceWorker?.controller != null && document.documentElement.dataset.offline === 'ready'",
        )
        .await;
        if waited.is_err() {
            // Say where it stopped: no worker, one installing or waiting, or kept nothing yet.
            let seen = self
                .client
                .execute_async(
                    "const done = arguments[arguments.length - 1]; \
                     navigator.serviceWorker.getRegistration().then(async (reg) => { \
                       const kept = []; \
                       for (const name of await caches.keys()) kept.push(`${name}: ${(await (await caches.open(name)).keys()).length}`); \
                       done(JSON.stringify({ page: location.pathname, controlled: !!navigator.serviceWorker.controller, \
                         installing: reg?.installing?.state, waiting: reg?.waiting?.state, active: reg?.active?.state, \
                         offline: document.documentElement.dataset.offline ?? null, kept })); \
                     }).catch((err) => done(String(err)));",
                    vec![],
                )
                .await;
            return waited.map_err(|e| e.context(format!("the service worker: {seen:?}")));
        }
        waited
    }

    /// Waits until the main navigation marks the tab at `href` as the current page, and no
    /// other tab.
    pub async fn wait_current_tab(&self, href: &str) -> anyhow::Result<()> {
        self.wait_js(&format!(
            "[...document.querySelectorAll('nav.app-nav a[aria-current]')] \
               .map(a => a.getAttribute('href')).join() === {href:?}"
        ))
        .await
    }

    /// The texts a script returns as an array (`return [...].map(e => e.textContent)`); anything
    /// else in the array is left out.
    pub async fn texts(&self, script: &str) -> anyhow::Result<Vec<String>> {
        let value = self.client.execute(script, vec![]).await?;
        Ok(value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect())
    }

    /// Waits until `script` (a JS expression) is truthy. A script that throws (an element it
    /// reads is not on the page yet, or the page is being replaced) is not true yet.
    pub async fn wait_js(&self, script: &str) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        let mut last = String::from("false");
        while tokio::time::Instant::now() < deadline {
            match self
                .client
                .execute(&format!("return !!({script});"), vec![])
                .await
            {
                Ok(serde_json::Value::Bool(true)) => return Ok(()),
                Ok(value) => last = value.to_string(),
                Err(err) => last = err.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("{script:?} never became true (last: {last})")
    }

    /// Waits until the asynchronous `script`, given `argument`, answers a text containing `text`.
    pub async fn wait_js_async(
        &self,
        script: &str,
        argument: serde_json::Value,
        text: &str,
    ) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        let mut last = String::new();
        while tokio::time::Instant::now() < deadline {
            match self
                .client
                .execute_async(script, vec![argument.clone()])
                .await
            {
                Ok(value) if value.as_str().is_some_and(|t| t.contains(text)) => return Ok(()),
                Ok(value) => last = value.to_string(),
                Err(err) => last = err.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the script never answered {text:?} (last answer: {last})")
    }

    /// The browser's clock set to `at` (milliseconds since the Unix epoch) on every page it
    /// opens from now on, running on from there: the page's `Date.now`, which the app reads the
    /// time by.
    pub async fn set_clock(&self, at: i64) -> anyhow::Result<()> {
        let script = format!(
            "(() => {{ const real = Date.now; const shift = {at} - real.call(Date); \
             Date.now = () => real.call(Date) + shift; }})()"
        );
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": script }),
        )
        .await
    }

    /// A holder who shares: this device linked to the server at `base` by a contributor's join
    /// link carrying `token`, a profile created, and the consent given and stored.
    pub async fn sharing_holder(
        &self,
        base: &str,
        token: &str,
        pseudonym: &str,
        project: &str,
    ) -> anyhow::Result<()> {
        self.client
            .goto(&format!("{base}/parcours#join?token={token}"))
            .await?;
        self.wait_text(".sharing", "relié au serveur").await?;
        self.create_profile(base, pseudonym, project).await?;
        self.consent_to_sharing().await
    }

    /// Ticks the sharing consent on the journey and waits until the device has stored it: the
    /// box shows ticked at once, before the setting is written, and a page left then would
    /// drop the write.
    pub async fn consent_to_sharing(&self) -> anyhow::Result<()> {
        self.click(".sharing__consent input").await?;
        self.wait_js_async(
            "const done = arguments[arguments.length - 1];
             const open = indexedDB.open('bilan');
             open.onerror = () => done('cannot open');
             open.onsuccess = () => {
               const read = open.result.transaction('settings').objectStore('settings').get('sharing');
               read.onsuccess = () => { open.result.close(); done(String(read.result)); };
               read.onerror = () => { open.result.close(); done('cannot read'); };
             };",
            json!(null),
            "true",
        )
        .await
    }

    /// Waits until one of the device's drafts, `d` in `condition` (a JavaScript expression),
    /// holds it: the page moves on as soon as an answer is given, and writes the draft just
    /// after, so a reload must wait for the write.
    pub async fn wait_draft(&self, condition: &str) -> anyhow::Result<()> {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             const open = indexedDB.open('bilan');
             open.onerror = () => done('cannot open');
             open.onsuccess = () => {{
               const read = open.result.transaction('drafts').objectStore('drafts').getAll();
               read.onsuccess = () => {{
                 open.result.close();
                 done(String(read.result.some((d) => {condition})));
               }};
               read.onerror = () => {{ open.result.close(); done('cannot read'); }};
             }};"
        );
        self.wait_js_async(&script, json!(null), "true").await
    }

    /// Runs a Chrome DevTools Protocol command through ChromeDriver's bridge.
    pub async fn cdp(&self, cmd: &'static str, params: serde_json::Value) -> anyhow::Result<()> {
        self.cdp_answer(cmd, params).await.map(drop)
    }

    /// Runs a Chrome DevTools Protocol command, and returns what it answered.
    pub async fn cdp_answer(
        &self,
        cmd: &'static str,
        params: serde_json::Value,
    ) -> anyhow::Result<serde_json::Value> {
        let body = json!({ "cmd": cmd, "params": params });
        Ok(self
            .client
            .issue_cmd(Chrome {
                path: "goog/cdp/execute",
                body,
            })
            .await?)
    }

    /// Cuts (or restores) the browser's network, as losing Wi-Fi would: `navigator.onLine`
    /// changes and the page receives `offline` / `online`.
    pub async fn set_offline(&self, offline: bool) -> anyhow::Result<()> {
        self.cdp("Network.enable", json!({})).await?;
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await
    }

    /// Asks the service worker to look for a new version (see [`deploy_next_version`]) and waits
    /// until the app offers it, without reloading the page.
    pub async fn wait_update_offered(&self) -> anyhow::Result<()> {
        self.client
            .execute(
                "navigator.serviceWorker.getRegistration().then(r => r.update())",
                vec![],
            )
            .await?;
        self.wait_text(".banner--update", "Nouvelle version disponible")
            .await?;
        Ok(())
    }

    /// Closes the browser; an error if the page's Content Security Policy refused anything
    /// since the console was last read: every page the tests open runs under it, so a script,
    /// a request or a style it would block in someone's browser fails the test that met it.
    pub async fn close(self) -> anyhow::Result<()> {
        let refused = self.policy_refusals().await?;
        self.client.close().await?;
        anyhow::ensure!(
            refused.is_empty(),
            "the page's Content Security Policy refused:\n{}",
            refused.join("\n")
        );
        Ok(())
    }

    /// What the page's Content Security Policy refused, as the console said it, since the
    /// console was last read (reading it empties it).
    pub async fn policy_refusals(&self) -> anyhow::Result<Vec<String>> {
        let log = self
            .client
            .issue_cmd(Chrome {
                path: "se/log",
                body: json!({ "type": "browser" }),
            })
            .await?;
        Ok(log
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|entry| entry["message"].as_str())
            .filter(|message| message.contains("Content Security Policy"))
            .map(str::to_owned)
            .collect())
    }
}

/// A command of ChromeDriver's own: `POST /session/{id}/{path}` with `body` (the console since
/// it was last read, `se/log`; a DevTools command, `goog/cdp/execute`).
#[derive(Debug)]
struct Chrome {
    path: &'static str,
    body: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Chrome {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Creates a token of `role` in `database` with the command line, and returns it.
pub fn token(database: &str, role: &str) -> anyhow::Result<String> {
    Ok(server_cli(&[
        "token",
        "create",
        "--role",
        role,
        "--label",
        role,
        "--database",
        database,
    ])?
    .trim()
    .to_owned())
}

/// Today in UTC, as the server counts its periods and the browsers of the tests (in UTC, see
/// [`Browser::start_in_zone`]) read their dates.
pub fn today() -> bilan_core::calendar::Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    bilan_core::calendar::Date::from_millis(now.as_millis() as i64)
}

/// Revokes, through the server's command line, the first token of `database` whose line in
/// `token list` names `label` (a role, for the tokens [`token`] creates).
pub fn revoke(database: &str, label: &str) -> anyhow::Result<()> {
    let list = server_cli(&["token", "list", "--database", database])?;
    let id = list
        .lines()
        .find(|l| l.contains(label))
        .and_then(|l| l.split_whitespace().next())
        .with_context(|| format!("no token labelled {label:?} in {list}"))?;
    server_cli(&["token", "revoke", id, "--database", database])?;
    Ok(())
}

/// Opens a session of the shipped session survey (a thematic workshop) under `code` on the server
/// at `base`, as a facilitator's laptop does, so that phones may join it with that code.
pub async fn open_session(base: &str, facilitator: &str, code: &str) -> anyhow::Result<()> {
    open_session_on(base, facilitator, code, "seance-collective").await
}

/// Opens the session `code` on `survey` (a thematic workshop), as [`open_session`] does.
pub async fn open_session_on(
    base: &str,
    facilitator: &str,
    code: &str,
    survey: &str,
) -> anyhow::Result<()> {
    let opened = reqwest::Client::new()
        .post(format!("{base}/api/v1/sessions"))
        .bearer_auth(facilitator)
        .json(&json!({ "code": code, "survey": survey, "format": "atelier-thematique" }))
        .send()
        .await?;
    anyhow::ensure!(
        opened.status().is_success(),
        "session {code}: {}",
        opened.text().await?
    );
    Ok(())
}

/// Publishes the scheduled release of `database` now, as the operator would, with threshold `k`.
pub fn release_now(database: &str, k: u64) -> anyhow::Result<()> {
    server_cli(&[
        "release",
        "now",
        "--threshold",
        &k.to_string(),
        "--database",
        database,
    ])
    .map(drop)
}

/// Runs the `bilan-server` command line with `args` and returns its standard output.
pub fn server_cli(args: &[&str]) -> anyhow::Result<String> {
    // From the workspace: commands that read the survey folder find `surveys/` there.
    let out = std::process::Command::new(server_bin())
        .args(args)
        .current_dir(workspace_root())
        .output()?;
    if !out.status.success() {
        bail!(
            "bilan-server {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// What a request whose answer is to be lost holds, and the bytes sent in that answer's place.
type Cut = (String, Vec<u8>);

/// A TCP proxy between the browser and the server: it records every byte both ways, can be
/// pointed at a restarted server, refuses connections while the server is down, can lose the
/// answer to the next upload (the server applied it; the device never hears back), and can answer
/// a request itself as a server over its rate would.
pub struct Proxy {
    /// Base URL the browser uses, without a trailing slash.
    pub url: String,
    target: std::sync::Arc<std::sync::Mutex<String>>,
    recorded: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    /// What the request whose answer is to be lost holds, until it is, and the bytes sent in
    /// that answer's place before the connection closes (none: it closes at once).
    lose_next_answer: std::sync::Arc<std::sync::Mutex<Option<Cut>>>,
    lost: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    answered: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    accept: std::sync::Arc<std::sync::Mutex<Option<String>>>,
    /// A path whose `GET` the proxy will spoil once, after letting that many through.
    missing_once: std::sync::Arc<std::sync::Mutex<Option<(String, usize)>>>,
    busy_once: std::sync::Arc<std::sync::Mutex<Option<(String, u16, String)>>>,
    busy: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

/// `request` with its `Accept-Encoding` header's value replaced by `value`, when it has one.
fn with_accept_encoding(request: &[u8], value: &str) -> Vec<u8> {
    const NAME: &[u8] = b"\r\naccept-encoding:";
    let lower = request.to_ascii_lowercase();
    let Some(start) = lower.windows(NAME.len()).position(|w| w == NAME) else {
        return request.to_vec();
    };
    let from = start + NAME.len();
    let Some(end) = request[from..].windows(2).position(|w| w == b"\r\n") else {
        return request.to_vec();
    };
    [
        &request[..from],
        b" ",
        value.as_bytes(),
        &request[from + end..],
    ]
    .concat()
}

impl Proxy {
    /// Starts a proxy to `target` (a base URL like `http://127.0.0.1:1234`).
    pub async fn start(target: &str) -> anyhow::Result<Proxy> {
        use std::sync::atomic::Ordering;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let target = std::sync::Arc::new(std::sync::Mutex::new(
            target.trim_start_matches("http://").to_owned(),
        ));
        let recorded = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let lose = std::sync::Arc::new(std::sync::Mutex::new(None::<Cut>));
        let dropped = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let answered = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let accept = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
        let missing_once = std::sync::Arc::new(std::sync::Mutex::new(None::<(String, usize)>));
        let busy_once = std::sync::Arc::new(std::sync::Mutex::new(None::<(String, u16, String)>));
        let busy = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (t, r, l, d, a, e, m) = (
            target.clone(),
            recorded.clone(),
            lose.clone(),
            dropped.clone(),
            answered.clone(),
            accept.clone(),
            missing_once.clone(),
        );
        let (b, bn) = (busy_once.clone(), busy.clone());
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let upstream_addr = t.lock().unwrap().clone();
                let (r, l, d, a, e, m) = (
                    r.clone(),
                    l.clone(),
                    d.clone(),
                    a.clone(),
                    e.clone(),
                    m.clone(),
                );
                let (b, bn) = (b.clone(), bn.clone());
                tokio::spawn(async move {
                    let Ok(upstream) = tokio::net::TcpStream::connect(&upstream_addr).await else {
                        return; // the server is down: the browser sees the connection drop
                    };
                    let (mut client_read, client_write) = client.into_split();
                    // Both ways write to the browser: the answers, and a refusal of the proxy's own.
                    let client_write = std::sync::Arc::new(tokio::sync::Mutex::new(client_write));
                    let to_client = client_write.clone();
                    let (mut up_read, mut up_write) = upstream.into_split();
                    let lost = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
                    let cut = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
                    let cut1 = cut.clone();
                    let (r1, lost1) = (r.clone(), lost.clone());
                    let requests = async move {
                        let mut buf = vec![0u8; 64 * 1024];
                        loop {
                            let n = client_read.read(&mut buf).await.unwrap_or(0);
                            if n == 0 {
                                break;
                            }
                            r1.lock().unwrap().extend_from_slice(&buf[..n]);
                            let refuse = {
                                let mut once = b.lock().unwrap();
                                let hit = once.as_ref().is_some_and(|(start, _, _)| {
                                    buf[..n].windows(start.len()).any(|w| w == start.as_bytes())
                                });
                                if hit { once.take() } else { None }
                            };
                            if let Some((_, status, error)) = refuse {
                                // The server's refusal, its shape, and over its rate its header.
                                let body = serde_json::json!({ "error": error }).to_string();
                                let wait = if status == 429 {
                                    "retry-after: 1\r\n"
                                } else {
                                    ""
                                };
                                let answer = format!(
                                    "HTTP/1.1 {status} Refused\r\ncontent-type: application/json\r\n\
                                     {wait}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                                    body.len()
                                );
                                let _ = to_client.lock().await.write_all(answer.as_bytes()).await;
                                if status == 429 {
                                    bn.fetch_add(1, Ordering::SeqCst);
                                }
                                break;
                            }
                            {
                                let mut lose = l.lock().unwrap();
                                if let Some((start, instead)) = lose.clone()
                                    && buf[..n].windows(start.len()).any(|w| w == start.as_bytes())
                                {
                                    *lose = None;
                                    *cut1.lock().unwrap() = instead;
                                    lost1.store(true, Ordering::SeqCst);
                                }
                            }
                            let mut sent = match e.lock().unwrap().as_deref() {
                                Some(value) => with_accept_encoding(&buf[..n], value),
                                None => buf[..n].to_vec(),
                            };
                            {
                                let mut missing = m.lock().unwrap();
                                if let Some((path, through)) = missing.as_mut() {
                                    let line = format!("GET {path} ");
                                    if let Some(at) =
                                        sent.windows(line.len()).position(|w| w == line.as_bytes())
                                    {
                                        if *through > 0 {
                                            *through -= 1;
                                        } else {
                                            // The path's last letter changed: a file the server
                                            // lacks (or, for `/`, a request it cannot read).
                                            let last = &mut sent[at + line.len() - 2];
                                            *last = if *last == b'x' { b'y' } else { b'x' };
                                            *missing = None;
                                        }
                                    }
                                }
                            }
                            if up_write.write_all(&sent).await.is_err() {
                                break;
                            }
                        }
                    };
                    let answers = async move {
                        let mut buf = vec![0u8; 64 * 1024];
                        loop {
                            let n = up_read.read(&mut buf).await.unwrap_or(0);
                            if n == 0 {
                                break;
                            }
                            if lost.load(Ordering::SeqCst) {
                                d.fetch_add(1, Ordering::SeqCst);
                                let instead = cut.lock().unwrap().clone();
                                if !instead.is_empty() {
                                    let _ = client_write.lock().await.write_all(&instead).await;
                                }
                                break; // an answer to lose: drop the connection instead
                            }
                            r.lock().unwrap().extend_from_slice(&buf[..n]);
                            a.fetch_add(n, Ordering::SeqCst);
                            if client_write
                                .lock()
                                .await
                                .write_all(&buf[..n])
                                .await
                                .is_err()
                            {
                                break;
                            }
                        }
                    };
                    tokio::select! { _ = requests => {}, _ = answers => {} }
                });
            }
        });
        Ok(Proxy {
            url,
            target,
            recorded,
            lose_next_answer: lose,
            lost: dropped,
            answered,
            accept,
            missing_once,
            busy_once,
            busy,
            task,
        })
    }

    /// Sends the next connections to `target` (a restarted server).
    pub fn retarget(&self, target: &str) {
        *self.target.lock().unwrap() = target.trim_start_matches("http://").to_owned();
    }

    /// The server will apply the next upload, but its answer never reaches the browser.
    pub fn lose_next_answer(&self) {
        *self.lose_next_answer.lock().unwrap() =
            Some(("POST /api/v1/contributions".into(), Vec::new()));
    }

    /// The server will apply the next request that holds `start` (a phone's answers to a
    /// session), and the browser gets `instead` of its answer, then the connection closes: a
    /// status line alone (an answer cut after it), or a line no server sends (a network that
    /// failed midway). A browser sends a request again by itself when its connection closed
    /// before any answer, so the page would never know.
    pub fn cut_next_answer_to(&self, start: &str, instead: &[u8]) {
        *self.lose_next_answer.lock().unwrap() = Some((start.to_owned(), instead.to_vec()));
    }

    /// How many answers were lost on purpose.
    pub fn lost(&self) -> usize {
        self.lost.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Bytes the server has answered through this proxy so far, headers included.
    pub fn answered(&self) -> usize {
        self.answered.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// From now on, tells the server the browser accepts only `value` (`"gzip"`, `"br"`), or
    /// what the browser says (`None`).
    pub fn accept_encoding(&self, value: Option<&str>) {
        *self.accept.lock().unwrap() = value.map(str::to_owned);
    }

    /// The next `GET` of `path` reaches the server as a file it does not have (a 404), as one
    /// answer lost on a poor network would fail; the ones after go through.
    pub fn miss_next(&self, path: &str) {
        self.miss_after(path, 0);
    }

    /// As [`Proxy::miss_next`], once `through` `GET`s of `path` have gone through.
    pub fn miss_after(&self, path: &str, through: usize) {
        *self.missing_once.lock().unwrap() = Some((path.to_owned(), through));
    }

    /// Whether the miss asked by [`Proxy::miss_next`] has happened.
    pub fn missed(&self) -> bool {
        self.missing_once.lock().unwrap().is_none()
    }

    /// The next request that starts with `start` (`POST /api/v1/sessions/`) is answered by the
    /// proxy as a server over its rate answers (429, `Retry-After: 1`), and never reaches it.
    pub fn busy_next(&self, start: &str) {
        self.refuse_next(start, 429, "too many requests: wait 1 s");
    }

    /// The next request that starts with `start` is refused by the proxy with `status` and
    /// `error` in the server's one JSON shape, and never reaches it.
    pub fn refuse_next(&self, start: &str, status: u16, error: &str) {
        *self.busy_once.lock().unwrap() = Some((start.to_owned(), status, error.to_owned()));
    }

    /// How many requests the proxy answered as busy.
    pub fn busied(&self) -> usize {
        self.busy.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Everything that went through, both ways.
    pub fn recorded(&self) -> Vec<u8> {
        self.recorded.lock().unwrap().clone()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}
