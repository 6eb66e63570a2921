//! The board's use cases: what a board token opens (the yearly figures and the list of released
//! tables) and one survey and period's released tables, as the server publishes them.

use bilan_core::Survey;
use bilan_core::disclosure::Release;
use bilan_core::share::Dimension;
use bilan_core::survey::{Audience, Listed};
use bilan_core::wire::{HeldSession, Released, TableKey, YearFigures};

use crate::api::{ApiFailure, get};
use crate::surveys::{load_index, load_survey};

/// What a board token opens: the yearly figures, the surveys and their released tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub figures: Vec<YearFigures>,
    /// The survey whose headline questions name the yearly figures, when the folder has one.
    pub annual: Option<Survey>,
    pub index: Vec<Listed>,
    pub tables: Vec<TableKey>,
    /// The table shown first: the latest period, a session survey's before another's.
    pub first: Option<(String, String)>,
    /// The first table's release, read before the page is drawn (none if that failed: the
    /// page asks again and says why).
    pub first_release: Option<Published>,
    /// Whether the server holds the demo Pôle's tables, which the page then says.
    pub demo: bool,
    /// How often the server publishes its tables (`Health::release_every`), which the page
    /// says while none is.
    pub release_every: String,
}

/// One survey and period's released tables: overall, by college, and each session's count; a
/// period answered with several versions of the survey has each version's tables added up.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    /// The latest version, then the questions only earlier versions asked, named with theirs.
    pub survey: Survey,
    /// The versions the overall table adds up, oldest first.
    pub versions: Vec<u32>,
    /// The period the tables cover, as the server names it (`2026`).
    pub period: String,
    pub published_at: Option<i64>,
    pub overall: Release,
    pub colleges: Vec<(String, Release)>,
    pub sessions: Vec<(String, Option<u64>)>,
    /// What the server knows of the sessions held (format, day), to name them.
    pub held: Vec<HeldSession>,
}

/// The survey index (empty if it cannot be read).
async fn index() -> Vec<Listed> {
    load_index().await.unwrap_or_default()
}

/// Reads what `token` opens and the first table's release; the requests go out together, and
/// the release's right after the list of tables, without waiting for a page to be drawn. The
/// survey index is read once, beside them (two readers at once would both fetch it).
pub async fn overview(token: &str) -> Result<Overview, ApiFailure> {
    // The first table's chain (the index and the list of tables, then its release) waits for
    // nothing else; the survey that names the yearly figures is read beside the release.
    let first_table = async {
        let (index, tables) = futures::try_join!(
            async { Ok(index().await) },
            get::<Vec<TableKey>>("/tables", Some(token)),
        )?;
        let in_sessions = |id: &str| {
            index
                .iter()
                .any(|s| s.id == id && s.audience == Audience::Session)
        };
        let first = tables
            .iter()
            .filter(|k| k.dimension == Dimension::None)
            .max_by_key(|k| (k.period.to_string(), in_sessions(&k.survey)))
            .map(|k| (k.survey.clone(), k.period.to_string()));
        let annual = async {
            Ok(match crate::surveys::figures(&index) {
                Some(listed) => load_survey(&listed.id).await.ok(),
                None => None,
            })
        };
        let release = async {
            Ok(match &first {
                Some((survey, period)) => published(token, survey, period, &tables)
                    .await
                    .ok()
                    .flatten(),
                None => None,
            })
        };
        let (annual, first_release) = futures::try_join!(annual, release)?;
        Ok((index, tables, first, first_release, annual))
    };
    let (figures, (index, tables, first, first_release, annual), health) = futures::try_join!(
        get::<Vec<YearFigures>>("/figures", Some(token)),
        first_table,
        get::<bilan_core::wire::Health>("/health", None),
    )?;
    Ok(Overview {
        figures,
        annual,
        index,
        tables,
        first,
        first_release,
        demo: health.demo,
        release_every: health.release_every,
    })
}

/// Reads the tables `keys` lists for `survey` and `period`; `None` when nothing is chosen.
pub async fn published(
    token: &str,
    survey: &str,
    period: &str,
    keys: &[TableKey],
) -> Result<Option<Published>, ApiFailure> {
    if survey.is_empty() || period.is_empty() {
        return Ok(None);
    }
    // Every table of the survey and period, in each version it was answered with: the overall
    // one, each college's, each session's, all asked at once (one round trip in all).
    let chosen: Vec<&TableKey> = keys
        .iter()
        .filter(|k| k.survey == survey && k.period.to_string() == period)
        .collect();
    let mut versions: Vec<u32> = Vec::new();
    for k in &chosen {
        bilan_core::versions::insert_sorted(&mut versions, k.version);
    }
    // Nothing published yet: the server's current version, which the request leaves unsaid (0).
    let current = [0];
    let overall = if versions.is_empty() {
        &current[..]
    } else {
        &versions[..]
    };
    let mut asked: Vec<(&Dimension, u32)> =
        overall.iter().map(|v| (&Dimension::None, *v)).collect();
    let mut dimensions: Vec<&Dimension> = Vec::new();
    for k in chosen.iter().filter(|k| k.dimension != Dimension::None) {
        asked.push((&k.dimension, k.version));
        if !dimensions.contains(&&k.dimension) {
            dimensions.push(&k.dimension);
        }
    }
    // The survey in each version the tables hold, one after another (there is seldom more than
    // one), read as one.
    let shown = async {
        let latest = index()
            .await
            .into_iter()
            .find(|s| s.id == survey)
            .map_or(1, |s| s.version);
        let mut each = Vec::new();
        let only = [latest];
        for version in if versions.is_empty() {
            &only[..]
        } else {
            &versions[..]
        } {
            let read = crate::surveys::load_version(survey, *version, latest).await;
            each.push(read.map_err(|_| ApiFailure::Unreachable)?);
        }
        let each: Vec<&Survey> = each.iter().collect();
        bilan_core::versions::merged(&each).ok_or(ApiFailure::Unreachable)
    };
    let any_session = dimensions
        .iter()
        .any(|d| matches!(d, Dimension::Session(_)));
    let held = async {
        if any_session {
            get::<Vec<HeldSession>>("/sessions", Some(token)).await
        } else {
            Ok(Vec::new())
        }
    };
    let (shown, each, held) = futures::try_join!(
        shown,
        futures::future::try_join_all(asked.iter().map(|(dimension, version)| {
            let mut path =
                format!("/aggregates?survey={survey}&period={period}&dimension={dimension}");
            if *version > 0 {
                path.push_str(&format!("&version={version}"));
            }
            async move { get::<Released>(&path, Some(token)).await }
        })),
        held,
    )?;
    // A dimension's tables, one per version that has it, added up.
    let table = |dimension: &Dimension| {
        let mut published_at = None;
        let mut releases: Vec<(u32, Release)> = Vec::new();
        for ((d, version), released) in asked.iter().zip(&each) {
            if *d == dimension {
                published_at = published_at.max(released.published_at);
                releases.push((*version, released.release.clone()));
            }
        }
        match bilan_core::versions::add_up(&releases) {
            Some((counted, sum)) => (published_at, counted, sum),
            None => (published_at, Vec::new(), releases.swap_remove(0).1),
        }
    };
    let mut colleges = Vec::new();
    let mut sessions = Vec::new();
    for dimension in dimensions {
        let (_, _, release) = table(dimension);
        match dimension {
            Dimension::College(c) => colleges.push((c.clone(), release)),
            Dimension::Session(code) => sessions.push((code.clone(), release.contributions)),
            Dimension::None => {}
        }
    }
    let (published_at, counted, overall) = table(&Dimension::None);
    let versions = if !counted.is_empty() {
        counted
    } else if !versions.is_empty() {
        versions
    } else {
        vec![shown.version]
    };
    Ok(Some(Published {
        survey: shown,
        versions,
        period: period.to_owned(),
        published_at,
        overall,
        colleges,
        sessions,
        held,
    }))
}

/// The address of the spreadsheet of `survey`'s released tables of `period` in `format`, in
/// `lang`; the day the file says it was made is the reader's.
pub fn export_path(survey: &str, period: &str, format: &str, lang: bilan_core::Lang) -> String {
    format!(
        "/export?survey={survey}&period={period}&format={format}&lang={}&tz={}",
        lang.code(),
        crate::clock::minutes_east()
    )
}
