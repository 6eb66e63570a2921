//! A holder's journey as use cases, between the pages and the storage: open a survey with its
//! draft, save the draft as answers come, and submit (the reading, its contribution and the
//! outbox entry in one transaction). Pages call these and never the storage directly for them.

use litemap::LiteMap;

use bilan_core::answer::{AnswerError, Answers};
use bilan_core::backup::{Backup, Merge};
use bilan_core::calendar::Date;
use bilan_core::reading::{Draft, Profile, Reading, Step};
use bilan_core::share::{Contribution, Granularity, Outgoing, Period};
use bilan_core::survey::{Listed, Text};
use bilan_core::{Indicator, Survey};

use crate::clock::now;
use crate::components::loaded::LoadError;
use crate::i18n::Msg;
use crate::storage::{Readable, Storage, StorageError, stores};
use crate::sync::keys;

/// A survey opened for a profile: the survey, its draft, whether the draft was resumed, the
/// submitted reading when the address names one (its result is shown again), and the profile's
/// drafts and readings that could not be read (one of them may be this survey's).
#[derive(Debug, Clone)]
pub struct Opened {
    pub survey: Survey,
    pub draft: Draft,
    pub resumed: bool,
    pub done: Option<Reading>,
    /// The version of the survey `done` answered, when the survey has changed since: its
    /// questions name its answers.
    pub answered: Option<Survey>,
    pub unreadable: Vec<StorageError>,
}

/// Opens `survey_id` for `profile`: the reading `done` when given and found (a result page
/// reloaded), else its draft if one of this survey version is waiting, a new one otherwise.
pub async fn open(
    profile: &str,
    survey_id: &str,
    done: Option<String>,
) -> Result<Opened, LoadError> {
    // The survey's file and the device's storage are read side by side, then the profile, its
    // draft and the reading asked for: a page opened from its address waits for one read, not
    // for each in turn.
    let (survey, storage) = futures::try_join!(
        async {
            crate::surveys::load_survey(survey_id)
                .await
                .map_err(LoadError::Failed)
        },
        async { Ok(Storage::app().await?) },
    )?;
    let readings = async {
        match done {
            Some(_) => storage.readable_readings(profile).await,
            None => Ok(Readable::default()),
        }
    };
    let (known, drafts, readings) =
        futures::try_join!(storage.profile(profile), storage.drafts(profile), readings)?;
    if known.is_none() {
        return Err(LoadError::Said(Msg::ProfileMissing));
    }
    let mut unreadable = drafts.unreadable;
    unreadable.extend(readings.unreadable);
    let done = done.and_then(|id| {
        readings
            .records
            .into_iter()
            .find(|r| r.id == id && r.survey_id == survey_id)
    });
    let answered = match &done {
        Some(r) if r.survey_version != survey.version => {
            crate::surveys::load_version(survey_id, r.survey_version, survey.version)
                .await
                .ok()
        }
        _ => None,
    };
    let draft = drafts
        .records
        .into_iter()
        .find(|d| d.survey_id == survey_id);
    Ok(match draft {
        // A draft begun before the survey's update keeps the answers that still mean the same.
        Some(draft) => Opened {
            draft: draft.carried_to(&survey),
            survey,
            resumed: true,
            done,
            answered,
            unreadable,
        },
        _ => Opened {
            draft: Draft {
                id: crate::random::new_id(),
                profile_id: profile.to_owned(),
                survey_id: survey.id.clone(),
                survey_version: survey.version,
                answers: Answers::new(),
                section: 0,
                updated_at: now(),
                companion: Default::default(),
            },
            survey,
            resumed: false,
            done,
            answered,
            unreadable,
        },
    })
}

/// What a profile's card says beyond the profile itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardFacts {
    /// Where the profile left each survey it has a draft of: (survey id, step reached, steps),
    /// so its card can offer to take it up again.
    pub resume: Vec<(String, usize, usize)>,
    /// How many of its reviews can be read, and when the last was submitted: a person coming
    /// back months later sees when they last took stock.
    pub reviews: usize,
    pub last_review: Option<i64>,
    /// The action plan's next day to take stock and its indicators (see
    /// [`Profile::next_point`]): the card says when it comes, and once it has come.
    pub next_point: Option<(Date, Vec<Indicator>)>,
}

/// The facts of `profile`'s card (see [`CardFacts`]).
pub async fn card_facts(profile: &Profile) -> Result<CardFacts, LoadError> {
    let storage = Storage::app().await?;
    let drafts = storage.drafts(&profile.id).await?;
    let mut resume = Vec::new();
    for draft in drafts.records {
        let survey = crate::surveys::load_survey(&draft.survey_id)
            .await
            .map_err(LoadError::Failed)?;
        let draft = draft.carried_to(&survey);
        let steps = survey.sections.len();
        resume.push((draft.survey_id, (draft.section + 1).min(steps), steps));
    }
    let readings = storage.readable_readings(&profile.id).await?.records;
    Ok(CardFacts {
        resume,
        reviews: readings.len(),
        last_review: readings.iter().map(|r| r.submitted_at).max(),
        next_point: profile.next_point(&readings, crate::clock::day),
    })
}

/// The profiles on this device that can be read, and those that cannot.
pub async fn profiles() -> Result<Readable<Profile>, StorageError> {
    Storage::app().await?.readable_profiles().await
}

/// Creates a profile on this device: a pseudonym and a project, nothing else.
pub async fn create_profile(pseudonym: String, project: String) -> Result<Profile, StorageError> {
    let profile = Profile {
        id: crate::random::new_id(),
        pseudonym,
        project,
        created_at: now(),
        updated_at: now(),
        plan: Default::default(),
    };
    Storage::app().await?.save_profile(&profile).await?;
    Ok(profile)
}

/// Sets (or, with empty words and no date, removes) the action plan's line for `indicator` of
/// profile `id`; the profile is saved as changed now, so a backup merge keeps it.
pub async fn save_step(id: &str, indicator: Indicator, step: Step) -> Result<Profile, LoadError> {
    let step = Step {
        next: step.next.trim().to_owned(),
        review_on: step.review_on.trim().to_owned(),
    };
    let at = now();
    change_profile(
        id,
        Box::new(move |profile| {
            if step == Step::default() {
                profile.plan.remove(&indicator);
            } else {
                profile.plan.insert(indicator, step);
            }
            profile.updated_at = at;
        }),
    )
    .await
}

/// Profile `id` as `change` leaves it, read and written back in one transaction; said missing
/// when it is not on this device.
async fn change_profile(
    id: &str,
    change: Box<dyn FnOnce(&mut Profile)>,
) -> Result<Profile, LoadError> {
    Storage::app()
        .await?
        .change_profile(id, change)
        .await?
        .ok_or(LoadError::Said(Msg::ProfileMissing))
}

/// Gives profile `id` a new pseudonym and project name (a project's name changes as it grows);
/// saved as changed now, so a backup merge keeps the new names.
pub async fn rename_profile(
    id: &str,
    pseudonym: String,
    project: String,
) -> Result<Profile, LoadError> {
    let at = now();
    change_profile(
        id,
        Box::new(move |profile| {
            profile.pseudonym = pseudonym;
            profile.project = project;
            profile.updated_at = at;
        }),
    )
    .await
}

/// Deletes profile `id` with all its drafts and readings.
pub async fn delete_profile(id: &str) -> Result<(), StorageError> {
    crate::browser::forget_prepainted();
    Storage::app().await?.delete_profile(id).await
}

/// Deletes the holder's reading `id` from this device, and its contribution if it is still
/// waiting to leave; `true` when one was withdrawn so. Totals already shared stay counted: the
/// server cannot tell whose they are.
pub async fn delete_reading(id: &str) -> Result<bool, StorageError> {
    let storage = Storage::app().await?;
    let mut keys = vec![(stores::READINGS, id.to_owned())];
    keys.extend(
        storage
            .queued_readings()
            .await?
            .into_iter()
            .filter(|(reading, _)| reading == id)
            .map(|(_, entry)| (stores::OUTBOX, entry)),
    );
    let withdrawn = keys.len() > 1;
    storage.delete_keys(keys).await?;
    Ok(withdrawn)
}

/// Everything this device holds for its profiles, as one backup taken at `now`, and the records
/// left out because they cannot be read.
pub async fn export_backup(now: i64) -> Result<(Backup, Vec<StorageError>), StorageError> {
    Storage::app().await?.export_backup(now).await
}

/// Merges a checked backup into the device; newer data is never overwritten. The totals it
/// brings that still wait to leave are sent as the outbox's own are, and the other tabs showing
/// a session it brought show it as it now is.
pub async fn import_backup(backup: Backup) -> Result<Merge, StorageError> {
    let merge = Storage::app().await?.import_backup(backup).await?;
    crate::browser::forget_prepainted();
    if !merge.outbox.is_empty() {
        crate::sync::wake();
    }
    for s in &merge.sessions {
        crate::browser::announce(&crate::sessions::changed(&s.id));
    }
    Ok(merge)
}

/// The readings of profile `id` that can be read, oldest first, and those that cannot.
pub async fn readings(id: &str) -> Result<Readable<Reading>, StorageError> {
    Storage::app().await?.readable_readings(id).await
}

/// The device's latest reading, with its survey and the contribution it would make: what the
/// person sees before agreeing to share. A record that cannot be read is passed over: it is
/// named where it is listed.
pub async fn latest_contribution() -> Option<(Survey, Contribution)> {
    let storage = Storage::app().await.ok()?;
    let mut latest: Option<Reading> = None;
    for profile in storage.readable_profiles().await.ok()?.records {
        for r in storage.readable_readings(&profile.id).await.ok()?.records {
            if latest
                .as_ref()
                .is_none_or(|l| r.submitted_at > l.submitted_at)
            {
                latest = Some(r);
            }
        }
    }
    let reading = latest?;
    let survey = crate::surveys::load_survey(&reading.survey_id).await.ok()?;
    let c = contribution_of(&storage, &survey, &reading).await.ok()??;
    Some((survey, c))
}

/// What the page shows: the profile, its readings oldest first (and those that cannot be read),
/// and each survey's title.
#[derive(Debug, Clone)]
pub struct History {
    pub profile: Profile,
    pub readings: Vec<Reading>,
    pub unreadable: Vec<StorageError>,
    pub titles: LiteMap<String, Text>,
    /// The first survey a holder answers, to start with when there is no reading yet.
    pub first: Option<Listed>,
}

/// A profile's history: what the progress page shows.
pub async fn history(profile_id: String) -> Result<History, LoadError> {
    let storage = Storage::app().await?;
    let profile = storage
        .profile(&profile_id)
        .await?
        .ok_or(LoadError::Said(Msg::ProfileMissing))?;
    let Readable {
        records: readings,
        unreadable,
    } = storage.readable_readings(&profile_id).await?;
    let mut titles = LiteMap::new();
    for r in &readings {
        if !titles.contains_key(&r.survey_id)
            && let Ok(survey) = crate::surveys::load_survey(&r.survey_id).await
        {
            titles.insert(r.survey_id.clone(), survey.title);
        }
    }
    let first = crate::surveys::load_index()
        .await
        .ok()
        .and_then(|index| crate::surveys::journey(&index).into_iter().next());
    Ok(History {
        profile,
        readings,
        unreadable,
        titles,
        first,
    })
}

/// Saves `draft` as it stands: every answer is kept as soon as it is given.
pub async fn autosave(draft: &Draft) -> Result<(), StorageError> {
    Storage::app().await?.save_draft(draft).await
}

/// Why a submission was not kept.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SubmitError {
    /// Answers to fix first, by question id in survey order.
    #[error("{} answer(s) to fix", .0.len())]
    Invalid(Vec<(String, AnswerError)>),
    /// Its draft was already submitted, from another tab: the reading stored then.
    #[error("this review was already stored, from another tab or window")]
    AlreadySent(Box<Reading>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The reading `draft` makes, checked and scored, with a new id, now; nothing is stored (a kiosk
/// hands it on).
pub fn reading(survey: &Survey, draft: &Draft) -> Result<Reading, SubmitError> {
    Reading::submit(survey, draft, crate::random::new_id(), now()).map_err(SubmitError::Invalid)
}

/// Submits `draft`: the reading is stored and the draft removed and, when the device is linked
/// and the person shares, its contribution queued, all in one transaction; then the outbox wakes.
pub async fn submit(survey: &Survey, draft: &Draft) -> Result<Reading, SubmitError> {
    // The holder's own reading keeps the accompagnateur's view, if they answered together.
    let mut reading = reading(survey, draft)?.beside(survey, &draft.companion);
    // Named by its draft: a draft open in two tabs and sent from both is stored, and shared, once.
    reading.id = draft.id.clone();
    let storage = Storage::app().await?;
    let outgoing = match contribution_of(&storage, survey, &reading).await? {
        Some(c) if sharing(&storage).await? => {
            Some(Outgoing::new(c, now()).of_reading(&reading.id))
        }
        _ => None,
    };
    match storage
        .submit_sharing(&reading, &draft.id, outgoing.as_ref())
        .await
    {
        Err(StorageError::AlreadyStored) => {
            // The draft this tab wrote back since goes; the reading sent first is the one kept.
            storage.delete_record(stores::DRAFTS, &draft.id).await?;
            let stored = storage.readable_readings(&draft.profile_id).await?;
            return Err(
                match stored.records.into_iter().find(|r| r.id == draft.id) {
                    Some(first) => SubmitError::AlreadySent(Box::new(first)),
                    None => StorageError::AlreadyStored.into(),
                },
            );
        }
        done => done?,
    }
    if outgoing.is_some() {
        crate::sync::wake();
    }
    Ok(reading)
}

/// Whether the device is linked to a server and the person agreed to share.
async fn sharing(storage: &Storage) -> Result<bool, StorageError> {
    let token: Option<String> = storage.setting(keys::TOKEN).await?;
    let on: Option<bool> = storage.setting(keys::SHARING).await?;
    Ok(token.is_some_and(|t| !t.is_empty()) && on == Some(true))
}

/// The contribution `reading` would make: by year, with progress since the profile's first
/// reading of the same survey that can be read; `None` for a survey with nothing to share. A
/// damaged reading of the profile does not stop the person from submitting new ones.
pub async fn contribution_of(
    storage: &Storage,
    survey: &Survey,
    reading: &Reading,
) -> Result<Option<Contribution>, StorageError> {
    let readings = storage.readable_readings(&reading.profile_id).await?;
    let first = readings
        .records
        .iter()
        .filter(|r| r.survey_id == reading.survey_id)
        .min_by_key(|r| r.submitted_at);
    let c = bilan_core::share::contribution(
        survey,
        reading,
        first,
        Period::of(crate::clock::wall(reading.submitted_at), Granularity::Year),
        None,
        crate::random::contribution_id(),
    );
    // A survey with nothing to share (the yearly figures) sends nothing: an empty contribution
    // would count a person in no answer, and the server refuses it.
    Ok((!c.cells.is_empty()).then_some(c))
}
