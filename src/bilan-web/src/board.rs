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
}

/// One survey and period's released tables: overall, by college, and each session's count.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub survey: Survey,
    /// The period the tables cover, as the server names it (`2026`).
    pub period: String,
    pub published_at: Option<i64>,
    pub overall: Release,
    pub colleges: Vec<(String, Release)>,
    pub sessions: Vec<(String, Option<u64>)>,
    /// What the server knows of the sessions held (format, day), to name them.
    pub held: Vec<HeldSession>,
}

/// Reads what `token` opens and the first table's release; the requests go out together, and
/// the release's right after the list of tables, without waiting for a page to be drawn.
pub async fn overview(token: &str) -> Result<Overview, ApiFailure> {
    let annual = async {
        let index = load_index().await.unwrap_or_default();
        let annual = match crate::surveys::figures(&index) {
            Some(listed) => load_survey(&listed.id).await.ok(),
            None => None,
        };
        Ok((index, annual))
    };
    let (figures, (index, annual), tables, health) = futures::try_join!(
        get::<Vec<YearFigures>>("/figures", Some(token)),
        annual,
        get::<Vec<TableKey>>("/tables", Some(token)),
        get::<bilan_core::wire::Health>("/health", None),
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
    let first_release = match &first {
        Some((survey, period)) => published(token, survey, period, &tables)
            .await
            .ok()
            .flatten(),
        None => None,
    };
    Ok(Overview {
        figures,
        annual,
        index,
        tables,
        first,
        first_release,
        demo: health.demo,
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
    let read = |dimension: String| async move {
        let path = format!("/aggregates?survey={survey}&period={period}&dimension={dimension}");
        get::<Released>(&path, Some(token)).await
    };
    // Every table of the survey and period at once: the overall one, each college's, each
    // session's (one round trip in all, not one after another).
    let dimensions: Vec<&Dimension> = keys
        .iter()
        .filter(|k| k.survey == survey && k.period.to_string() == period)
        .map(|k| &k.dimension)
        .filter(|d| **d != Dimension::None)
        .collect();
    let shown = async {
        load_survey(survey)
            .await
            .map_err(|_| ApiFailure::Unreachable)
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
    let (shown, overall, each, held) = futures::try_join!(
        shown,
        read(String::new()),
        futures::future::try_join_all(dimensions.iter().map(|d| read(d.to_string()))),
        held,
    )?;
    let mut colleges = Vec::new();
    let mut sessions = Vec::new();
    for (dimension, released) in dimensions.into_iter().zip(each) {
        match dimension {
            Dimension::College(c) => colleges.push((c.clone(), released.release)),
            Dimension::Session(code) => {
                sessions.push((code.clone(), released.release.contributions))
            }
            Dimension::None => {}
        }
    }
    Ok(Some(Published {
        survey: shown,
        period: period.to_owned(),
        published_at: overall.published_at,
        overall: overall.release,
        colleges,
        sessions,
        held,
    }))
}
