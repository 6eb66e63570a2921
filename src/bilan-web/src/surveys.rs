//! The surveys the build wrote as JSON beside the app, and their index, which says where each is
//! offered; the service worker keeps them offline.

use bilan_core::Survey;
use bilan_core::session::revision;
use bilan_core::survey::{Audience, Listed};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::JsFuture;

/// Fetches and decodes survey `id`; the error says what failed, in words.
pub async fn load_survey(id: &str) -> Result<Survey, String> {
    fetch_survey(format!("/surveys/{id}.json")).await
}

async fn fetch_survey(path: String) -> Result<Survey, String> {
    fetch_json(&path).await
}

/// Version `version` of survey `id`, whose latest version is `latest`: the board reads an
/// earlier one to name the questions it asked.
pub async fn load_version(id: &str, version: u32, latest: u32) -> Result<Survey, String> {
    let name = bilan_core::versions::app_file(id, version, version == latest);
    fetch_survey(format!("/surveys/{name}")).await
}

/// A session's survey: `version` of survey `id`, the one the session runs, while the app
/// carries it (else the latest; 0 asks for the latest), so that every answer of a session made
/// before the survey's next version is given in one version, on the kiosk as on phones; and the
/// review of a grid (`revision-ID`), derived from that grid and the session survey's college
/// question as the server derives it. Only the session pages (and a phone joining) carry the
/// derivation.
pub async fn load_session_survey(id: &str, version: u32) -> Result<Survey, String> {
    let Some(target) = revision::target_of(id) else {
        // One fetch in a loop, not two calls: each costs the phone's route its own code.
        let mut path = format!("/surveys/{id}.json");
        let mut latest: Option<Survey> = None;
        loop {
            let read = fetch_survey(path).await;
            match (read, latest.take()) {
                (Ok(s), None) if version != 0 && s.version != version => {
                    path = format!("/surveys/{id}.v{version}.json");
                    latest = Some(s);
                }
                (Ok(s), _) => return Ok(s),
                // That version is no longer in the app: the latest.
                (Err(_), Some(s)) => return Ok(s),
                (Err(e), None) => return Err(e),
            }
        }
    };
    let grid: Survey = load_survey(target).await?;
    let mut college = None;
    if let Some(listed) = load_index()
        .await?
        .into_iter()
        .find(|s| s.audience == Audience::Session)
    {
        let session = load_survey(&listed.id).await?;
        college = session
            .question(bilan_core::session::COLLEGE_QUESTION)
            .cloned();
    }
    revision::review(&grid, college.as_ref())
        .ok_or_else(|| format!("survey {target:?} cannot be reviewed"))
}

thread_local! {
    /// The survey index once read: it only changes with a new build, which reloads the page.
    static INDEX: std::cell::RefCell<Option<Vec<Listed>>> = const { std::cell::RefCell::new(None) };
}

/// The surveys this app carries, as `surveys/index.json` lists them (sorted by id); read once
/// per page for every page that asks (a failed read is asked again the next time).
pub async fn load_index() -> Result<Vec<Listed>, String> {
    if let Some(index) = INDEX.with_borrow(Clone::clone) {
        return Ok(index);
    }
    let index: Vec<Listed> = fetch_json("/surveys/index.json").await?;
    INDEX.set(Some(index.clone()));
    Ok(index)
}

/// The survey index, read once for the whole app, when a page first asks for it.
#[derive(Clone, Copy)]
struct SurveyIndex {
    listed: RwSignal<Vec<Listed>>,
    asked: StoredValue<bool>,
}

/// Makes the survey index available to every page. It is read by the first page that uses it:
/// the home screen does not, and its reader (JSON) stays out of the first module.
pub fn provide_index() {
    provide_context(SurveyIndex {
        listed: RwSignal::new(Vec::new()),
        asked: StoredValue::new(false),
    });
}

/// The listed surveys (none until the index is read, or if it cannot be).
pub fn use_index() -> Signal<Vec<Listed>> {
    let index = expect_context::<SurveyIndex>();
    if !index.asked.get_value() {
        index.asked.set_value(true);
        leptos::task::spawn_local(async move {
            if let Ok(listed) = load_index().await {
                index.listed.set(listed);
            }
        });
    }
    index.listed.into()
}

/// The surveys a holder answers in "Mon parcours", in the index's order.
pub fn journey(index: &[Listed]) -> Vec<Listed> {
    index
        .iter()
        .filter(|s| s.audience == Audience::Journey)
        .cloned()
        .collect()
}

/// The grids a session may review (`revision-ID`), as their reviews are listed.
pub fn reviews(index: &[Listed]) -> Vec<Listed> {
    journey(index)
        .into_iter()
        .map(|s| Listed {
            id: revision::review_id(&s.id),
            title: s.title,
            audience: Audience::Session,
            sessions: true,
            version: s.version,
        })
        .collect()
}

/// What a session runs, as its card, its page and the form name it: the survey's title, or
/// « Révision de la grille : » and the grid's; `None` until the index is read.
pub fn session_survey_title(index: &[Listed], id: &str, lang: bilan_core::Lang) -> Option<String> {
    let target = revision::target_of(id);
    let title = index
        .iter()
        .find(|s| s.id == target.unwrap_or(id))?
        .title
        .get(lang);
    Some(match target {
        Some(_) => crate::i18n::tr_with(lang, crate::i18n::Msg::ReviewOfGrid, &[("title", title)]),
        None => title.to_owned(),
    })
}

/// The surveys a facilitator may run in a session, the session's own survey first.
pub fn for_sessions(index: &[Listed]) -> Vec<Listed> {
    let mut list: Vec<Listed> = index.iter().filter(|s| s.sessions).cloned().collect();
    bilan_core::order::sort_by_key(&mut list, |s| s.audience != Audience::Session);
    list
}

/// The survey of the organisation's yearly figures, if the app carries one.
pub fn figures(index: &[Listed]) -> Option<&Listed> {
    index.iter().find(|s| s.audience == Audience::Figures)
}

async fn fetch_json<T: DeserializeOwned>(url: &str) -> Result<T, String> {
    let text = fetch_text(url).await?;
    crate::browser::from_json(&text).map_err(|err| format!("{url}: {err}"))
}

/// The text of a file the build wrote beside the app (the service worker keeps it offline).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let response = crate::browser::fetch(url).await.map_err(|_| {
        format!("cannot fetch {url}: the app may not be installed for offline use yet")
    })?;
    if !response.ok() {
        return Err(format!("{url}: the server answered {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| format!("{url}: unreadable"))?)
        .await
        .map_err(|_| format!("{url}: unreadable"))?
        .as_string()
        .unwrap_or_default();
    Ok(text)
}
