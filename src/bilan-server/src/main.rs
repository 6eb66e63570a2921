//! `bilan-server`: parses the command line, opens the database, binds and serves.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use bilan_core::disclosure::Threshold;
use bilan_server::auth::{self, Role};
use bilan_server::db::copy::Kept;
use bilan_server::releases::Schedule;
use bilan_server::routes::figures;
use bilan_server::{AppState, Database, app, db::redact, secret, surveys};
use clap::{Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

// Ingest parses and frees thousands of small strings per request: glibc's malloc and free were
// a fifth of the server's time under load, mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Bilan's sync server and static host of the app.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and the built app.
    Serve(ServeArgs),
    /// Work with survey files.
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// Create, list and revoke access tokens.
    Token(TokenArgs),
    /// Publish the scheduled release now (the server does it on its own `--release-every`).
    #[command(subcommand)]
    Release(ReleaseCommand),
    /// Write a survey's published tables for one period as a spreadsheet, as the board downloads
    /// it: nothing the release rule withheld (a withheld cell says "n.p.").
    Export(ExportArgs),
    /// Copy the server's SQLite database to a new file, consistent while the server runs (for
    /// PostgreSQL, pg_dump). The copy holds the server's secret and hashed tokens: keep it as
    /// safe as the database.
    Backup(BackupArgs),
}

/// The database to copy, and where to.
#[derive(Debug, Args)]
struct BackupArgs {
    /// The new file to write; a backup never writes over one.
    to: PathBuf,
    /// Database URL, as for `serve`.
    #[arg(long, default_value = "sqlite://data/bilan.db", env = "BILAN_DATABASE")]
    database: String,
}

/// Which tables to export, where to, and the server's data, as for `serve`.
#[derive(Debug, Args)]
struct ExportArgs {
    /// The survey's id (its file's `id`).
    #[arg(long)]
    survey: String,
    /// A year (2026) or a quarter (2026-Q1).
    #[arg(long)]
    period: String,
    /// The spreadsheet's format.
    #[arg(long, value_enum, default_value = "ods")]
    format: bilan_server::routes::export::SheetFormat,
    /// The sheets' language: fr or en.
    #[arg(long, default_value = "fr")]
    lang: bilan_core::Lang,
    /// The file to write (bilan-SURVEY-PERIOD.ods in the current folder if absent), or - for
    /// standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    #[command(flatten)]
    data: ServerData,
}

/// The server's data, for a command run beside it: as `serve` is given them.
#[derive(Debug, Args)]
struct ServerData {
    /// Database URL, as for `serve`.
    #[arg(long, default_value = "sqlite://data/bilan.db", env = "BILAN_DATABASE")]
    database: String,
    /// Folder of the survey files, as for `serve`.
    #[arg(long)]
    surveys: Option<PathBuf>,
    /// Disclosure threshold k, as for `serve`.
    #[arg(long, default_value_t = bilan_core::disclosure::DEFAULT_THRESHOLD, env = "BILAN_THRESHOLD")]
    threshold: u64,
}

#[derive(Debug, Subcommand)]
enum ReleaseCommand {
    /// Publish, now, every table the release rule lets move; prints the tables published.
    Now(ServerData),
}

#[derive(Debug, Args)]
struct TokenArgs {
    /// Database URL, as for `serve`.
    #[arg(
        long,
        default_value = "sqlite://data/bilan.db",
        env = "BILAN_DATABASE",
        global = true
    )]
    database: String,
    #[command(subcommand)]
    command: TokenCommand,
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create a token and print it, once: only its hash is kept.
    Create {
        /// contributor (a device), facilitator, board or admin.
        #[arg(long)]
        role: Role,
        /// Who or what it is for, e.g. "CA 2026".
        #[arg(long)]
        label: String,
        /// The address people open the app at (https://bilan.example.org), so that the link
        /// printed is the one to hand out.
        #[arg(long, env = "BILAN_URL")]
        url: Option<String>,
    },
    /// List the tokens (never the tokens themselves).
    List,
    /// Revoke token ID: it stops working at once.
    Revoke {
        /// The id shown by `token list`.
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
enum SurveyCommand {
    /// Validate every survey file of a folder; exits with 1 and lists each mistake if any.
    Check {
        /// The survey folder; the shipped surveys if absent.
        dir: Option<PathBuf>,
    },
    /// Convert an XLSForm (ODK, KoboToolbox) into a survey file, reporting every row it could
    /// not convert as written.
    ImportXlsform {
        /// The form, as .xlsx.
        form: PathBuf,
        /// Where to write the survey file; standard output if absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Where the server listens, where its data lives and which app it hosts.
#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Database URL: sqlite://PATH (created if missing) or postgres://USER:PASSWORD@HOST/NAME.
    #[arg(long, default_value = "sqlite://data/bilan.db", env = "BILAN_DATABASE")]
    database: String,
    /// Folder of the built app, as written by `cargo xtask build`.
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// Folder of survey files replacing the shipped ones; the server refuses to start if one is
    /// broken.
    #[arg(long)]
    surveys: Option<PathBuf>,
    /// Disclosure threshold k: no released cell counts fewer contributions (at least 3).
    #[arg(long, default_value_t = bilan_core::disclosure::DEFAULT_THRESHOLD, env = "BILAN_THRESHOLD")]
    threshold: u64,
    /// Requests per second allowed to each token (bursts of twice as many).
    #[arg(long, default_value_t = bilan_server::DEFAULT_RATE_LIMIT)]
    rate_limit: u32,
    /// How often period and college tables are published as dated snapshots: hour, day, week or
    /// month (at midnight UTC on the first).
    #[arg(long, default_value = "month", env = "BILAN_RELEASE_EVERY")]
    release_every: Schedule,
    /// The Pôle's name, on the cover of its annual report.
    #[arg(long, env = "BILAN_NAME")]
    name: Option<String>,
    /// Address of a reverse proxy in front of the server (repeat for several): a request from it
    /// is counted against the client its `X-Forwarded-For` names, for the allowance of wrong
    /// session codes. A request from anywhere else is counted against its own address, whatever
    /// that header says.
    #[arg(long = "trusted-proxy", value_name = "IP")]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// Keep copies of the SQLite database in this folder, as `bilan-server backup` writes them:
    /// one at start, one a day, and one after each scheduled release.
    #[arg(long, value_name = "DIR", env = "BILAN_BACKUP_DIR")]
    backup_dir: Option<PathBuf>,
    /// How many of those copies to keep; the oldest go first.
    #[arg(long, default_value_t = 30)]
    backups_kept: usize,
    /// Seed a fictitious Pôle, labelled as demo data: the real 2003 and 2010 yearly figures (years
    /// already set are kept), 150 project holders' readings, collective sessions and an annual
    /// participatory review (once per database).
    #[arg(long)]
    demo: bool,
}

/// The demo Pôle's seed: every demo database holds the same people.
const DEMO_SEED: u64 = 2003;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve(args) => serve(args).await,
        Command::Survey(SurveyCommand::Check { dir }) => survey_check(&surveys::Source::of(dir)),
        Command::Survey(SurveyCommand::ImportXlsform { form, out }) => {
            import_xlsform(&form, out.as_deref())
        }
        Command::Token(args) => token(args).await,
        Command::Release(ReleaseCommand::Now(data)) => {
            release_now(
                &data.database,
                &surveys::Source::of(data.surveys),
                data.threshold,
            )
            .await
        }
        Command::Export(args) => export(args).await,
        Command::Backup(BackupArgs { to, database }) => {
            eprintln!("{}", bilan_server::db::copy::copy(&database, &to).await?);
            Ok(())
        }
    }
}

/// Writes a survey's published tables as a spreadsheet, read as the export route reads them.
async fn export(args: ExportArgs) -> anyhow::Result<()> {
    use bilan_server::routes::export::{Asked, spreadsheet};
    let ServerData {
        database,
        surveys: dir,
        threshold,
    } = args.data;
    let loaded = match surveys::Source::of(dir).load() {
        Ok(loaded) => loaded,
        Err(errors) => return fail_on_surveys(&errors),
    };
    // An export from a mistyped path would otherwise create an empty database there.
    if let Some(path) = database.strip_prefix("sqlite:") {
        let path = Path::new(path.trim_start_matches("//"));
        anyhow::ensure!(
            path.is_file(),
            "no database at {}: give the server's with --database (or BILAN_DATABASE)",
            path.display()
        );
    }
    let threshold = Threshold::new(threshold)?;
    let versions =
        bilan_core::versions::Versions::new(loaded.into_iter().map(|(_, s)| s).collect());
    let db = Database::connect(&database).await?;
    let written = spreadsheet(
        &db,
        &versions,
        threshold,
        &Asked {
            survey: &args.survey,
            period: &args.period,
            format: args.format,
            lang: args.lang,
            made_on: bilan_core::calendar::Date::from_millis(figures::now_millis()),
        },
    )
    .await;
    db.close().await;
    let sheet = written.map_err(|e| anyhow::anyhow!("{e}"))?;
    match args.out {
        Some(out) if out.as_os_str() == "-" => {
            use std::io::Write;
            std::io::stdout().write_all(&sheet.bytes)?;
        }
        out => {
            let path = out.unwrap_or_else(|| PathBuf::from(&sheet.file_name));
            std::fs::write(&path, &sheet.bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(())
}

/// Publishes the scheduled release at once, with the server's secret, and lists what moved.
async fn release_now(
    database: &str,
    source: &surveys::Source,
    threshold: u64,
) -> anyhow::Result<()> {
    let loaded = match source.load() {
        Ok(loaded) => loaded,
        Err(errors) => return fail_on_surveys(&errors),
    };
    let surveys: Vec<bilan_core::Survey> = loaded.into_iter().map(|(_, s)| s).collect();
    let db = Database::connect(database).await?;
    let secret = secret::load_or_create(&db).await?;
    let noise = secret.noise_key();
    let publisher = bilan_server::releases::Publisher {
        db: &db,
        surveys: &surveys,
        threshold: Threshold::new(threshold)?,
        noise: &noise,
    };
    let started = std::time::Instant::now();
    let published = publisher.scheduled(figures::now_millis()).await?;
    let took = started.elapsed();
    for t in &published {
        println!(
            "{} v{} {} {}",
            t.survey,
            t.version,
            t.period,
            match &t.dimension {
                bilan_core::share::Dimension::None => "(all)".to_owned(),
                d => d.to_string(),
            }
        );
    }
    eprintln!(
        "{} table(s) published in {:.1} ms",
        published.len(),
        took.as_secs_f64() * 1000.0
    );
    db.close().await;
    Ok(())
}

/// The token commands; a new token is printed once, on standard output.
async fn token(args: TokenArgs) -> anyhow::Result<()> {
    let db = Database::connect(&args.database).await?;
    let now = bilan_server::routes::figures::now_millis();
    match args.command {
        TokenCommand::Create { role, label, url } => {
            let token = auth::new_token();
            let id = db
                .create_token(&auth::hash(&token), role, &label, now)
                .await?;
            eprintln!("token {id} created for {label:?} with role {role}; it is shown only now:");
            println!("{token}");
            eprintln!("{}", auth::handed_out(role, &token, url.as_deref()));
        }
        TokenCommand::List => {
            for t in db.tokens().await? {
                let state = if t.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!("{:>4}  {:<12} {:<8} {}", t.id, t.role, state, t.label);
            }
        }
        TokenCommand::Revoke { id } => {
            if db.revoke_token(id, now).await? {
                eprintln!("token {id} revoked");
            } else {
                db.close().await;
                anyhow::bail!("no active token with id {id} (see `bilan-server token list`)");
            }
        }
    }
    db.close().await;
    Ok(())
}

/// Prints each mistake on its own line and exits with 1, or says how many surveys are valid.
fn survey_check(source: &surveys::Source) -> anyhow::Result<()> {
    match source.read() {
        Ok(found) => {
            for (_, survey) in &found {
                let questions = survey.questions().count();
                println!(
                    "ok  {} v{} ({questions} questions)",
                    survey.id, survey.version
                );
            }
            println!("{} survey(s) valid in {source}", found.len());
            Ok(())
        }
        Err(errors) => fail_on_surveys(&errors),
    }
}

/// Reads the form's sheets, converts them and writes the survey file; the report goes to stderr.
fn import_xlsform(form: &Path, out: Option<&Path>) -> anyhow::Result<()> {
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(form)
        .with_context(|| format!("cannot read {} as a spreadsheet", form.display()))?;
    // Sheets by name in any case (`SURVEY`, `Choices`), as pyxform reads them.
    let names = book.sheet_names();
    let mut sheet = |name: &str| -> Vec<Vec<String>> {
        let Some(found) = names.iter().find(|n| n.trim().eq_ignore_ascii_case(name)) else {
            return Vec::new();
        };
        book.worksheet_range(found)
            .map(|range| {
                range
                    .rows()
                    .map(|row| row.iter().map(ToString::to_string).collect())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (survey, choices, settings) = (sheet("survey"), sheet("choices"), sheet("settings"));
    let stem = form
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("formulaire");
    let conversion = bilan_core::xlsform::convert(&survey, &choices, &settings, stem)
        .with_context(|| format!("cannot convert {}", form.display()))?;
    for skipped in &conversion.skipped {
        eprintln!("{}: {skipped}", form.display());
    }
    match out {
        Some(path) => {
            std::fs::write(path, &conversion.toml)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {} ({} row(s) reported above)",
                path.display(),
                conversion.skipped.len()
            );
        }
        None => print!("{}", conversion.toml),
    }
    Ok(())
}

fn fail_on_surveys(errors: &[String]) -> anyhow::Result<()> {
    for error in errors {
        eprintln!("{error}");
    }
    eprintln!("{} mistake(s) in the survey files", errors.len());
    std::process::exit(1);
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    if !args.dist.join("index.html").is_file() {
        tracing::warn!(
            dist = %args.dist.display(),
            "no index.html in the app folder: only the API is served (build the app with `cargo xtask build`)"
        );
    }
    let source = surveys::Source::of(args.surveys.clone());
    let loaded = match source.load() {
        Ok(loaded) => loaded,
        Err(errors) => {
            eprintln!("refusing to start: the survey files have mistakes");
            return fail_on_surveys(&errors);
        }
    };
    // Where copies go is checked before anything is opened: PostgreSQL has its own tool.
    let kept = match args.backup_dir {
        Some(dir) => Some(Arc::new(Kept::new(
            &args.database,
            dir,
            args.backups_kept,
            &args.dist,
        )?)),
        None => None,
    };
    let db = Database::connect(&args.database).await?;
    tracing::info!(database = %redact(&args.database), kind = ?db.kind(), "database ready");
    if let Err(errors) = surveys::check_and_record_versions(&db, &loaded).await {
        eprintln!("refusing to start: a survey's version went down");
        return fail_on_surveys(&errors);
    }
    tracing::info!(count = loaded.len(), from = %source, "surveys loaded");
    let signals = bilan_server::Signals::register()?;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    // The one line on standard output: people and tests read the address from it.
    println!("Bilan is listening on http://{addr}/");
    let threshold = Threshold::new(args.threshold)?;
    let secret = secret::load_or_create(&db).await?;
    let mut state = AppState::new(
        db.clone(),
        args.dist,
        loaded.into_iter().map(|(_, survey)| survey).collect(),
        secret,
    );
    state.threshold = threshold;
    state.rate_limit = auth::RateLimit::new(args.rate_limit);
    state.schedule = args.release_every;
    state.trusted_proxies = args.trusted_proxies.into();
    state.name = match (&args.name, args.demo) {
        (Some(name), _) => name.trim().into(),
        (None, true) => "Pôle d’économie solidaire (démo)".into(),
        (None, false) => "".into(),
    };
    if args.demo {
        let known: Vec<i32> = db
            .figures()
            .await?
            .into_iter()
            .map(|(year, _)| year)
            .collect();
        for year in figures::demo()
            .into_iter()
            .filter(|y| !known.contains(&y.year))
        {
            figures::check_figures(&state, &year)
                .map_err(|e| anyhow::anyhow!("demo figures: {e}"))?;
            db.set_figures(
                year.year,
                &serde_json::to_value(&year.figures)?,
                bilan_server::routes::figures::now_millis(),
            )
            .await?;
        }
        tracing::info!("demo figures for 2003 and 2010 in place");
        let now = bilan_server::routes::figures::now_millis();
        match bilan_server::demo::seed(&state, now, DEMO_SEED).await? {
            Some(seeded) => tracing::info!(
                readings = seeded.readings,
                sessions = seeded.sessions,
                participants = seeded.participants,
                "demo Pôle seeded"
            ),
            None => tracing::info!("demo Pôle already seeded"),
        }
    }
    // What is due at start is published before the first request is answered (the connections
    // wait in the listener's queue): a board opened at once sees the tables of a restart.
    let published = publish_due(&state).await;
    if let Some(kept) = &kept {
        kept.tick(published, figures::now_millis()).await;
    }
    tokio::spawn(schedule(state.clone(), kept));
    bilan_server::serve(listener, app(state), signals.recv())
        .await
        .context("server stopped on an error")?;
    db.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// Publishes the scheduled releases at each tick of the schedule, once what was due at start
/// is ([`publish_due`]), and keeps the database's copies, if asked.
async fn schedule(state: AppState, kept: Option<Arc<Kept>>) {
    loop {
        // Wake at the next minute: a tick is never missed by more than that.
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        let published = publish_due(&state).await;
        if let Some(kept) = &kept {
            kept.tick(published, figures::now_millis()).await;
        }
    }
}

/// Publishes the scheduled release if one is due (a first start, a tick passed while the
/// server was down, or a tick of the schedule), and says whether it did.
async fn publish_due(state: &AppState) -> bool {
    let now = figures::now_millis();
    let last = state.db.last_release().await.unwrap_or(None);
    if !state.schedule.due(last, now) {
        return false;
    }
    let _one_at_a_time = state.publishing.lock().await;
    match state.publisher().scheduled(now).await {
        Ok(published) => {
            tracing::info!(tables = published.len(), "scheduled release published");
            true
        }
        Err(err) => {
            tracing::error!(error = %err, "cannot publish the scheduled release");
            false
        }
    }
}
