//! A plausible Pôle for trying Bilan: project holders whose readings move the way accompaniment
//! moves them, collective sessions of the field's formats and one annual participatory review.
//! Everything is made on the device's side of the line (readings, a kiosk's totals) and sent
//! through the API as the app sends it, so it goes through the same checks and release rule.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use bilan_core::answer::{Answer, Answers};
use bilan_core::disclosure::NoiseKey;
use bilan_core::reading::{Draft, Reading};
use bilan_core::session::{COLLEGE_QUESTION, Format, Session};
use bilan_core::share::{Contribution, Granularity, Period, contribution, contribution_id};
use bilan_core::survey::Kind;
use bilan_core::{Survey, calendar::Date};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tower::ServiceExt;

use crate::AppState;
use crate::auth::{Role, hash, new_token};

/// How many project holders the demo Pôle follows.
pub const HOLDERS: usize = 150;

/// The surveys a holder answers in « Mon parcours ».
const JOURNEY: [&str; 2] = ["auto-evaluation", "mesures-impact"];

/// The survey of collective sessions.
const SESSIONS: &str = "seance-collective";

/// One day, in milliseconds.
const DAY: i64 = 86_400_000;

/// What the demo added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seeded {
    /// Readings sent, one person each.
    pub readings: usize,
    /// Collective sessions held, the participatory review included.
    pub sessions: usize,
    /// People who took part in them.
    pub participants: u32,
}

/// Seeds the database behind `state` with the demo Pôle at `now`, once: `None` when it already
/// was; refused for a database holding real contributions. The same `seed` gives the same Pôle.
pub async fn seed(state: &AppState, now: i64, seed: u64) -> anyhow::Result<Option<Seeded>> {
    if state.db.demo_at().await?.is_some() {
        return Ok(None);
    }
    // Fictitious people never mix with real ones.
    if !state.db.families().await?.is_empty() {
        anyhow::bail!(
            "this database already holds real contributions: the demo Pôle is only seeded into a new database (e.g. --database sqlite://data/demo.db)"
        );
    }
    let mut rng = StdRng::seed_from_u64(seed);
    // Tokens of the demo's own devices, revoked once it is seeded.
    let device = new_token();
    let laptop = new_token();
    let device_id = state
        .db
        .create_token(&hash(&device), Role::Contributor, "démo : appareils", now)
        .await?;
    let laptop_id = state
        .db
        .create_token(&hash(&laptop), Role::Facilitator, "démo : animation", now)
        .await?;
    let seeded = async {
        let readings = holders(state, &device, now, &mut rng).await?;
        let (sessions, participants) = sessions(state, &laptop, laptop_id, now, &mut rng).await?;
        Ok::<_, anyhow::Error>(Seeded {
            readings,
            sessions,
            participants,
        })
    }
    .await;
    state.db.revoke_token(device_id, now).await?;
    state.db.revoke_token(laptop_id, now).await?;
    let seeded = seeded?;
    // The period's and the colleges' tables, as the next scheduled release would publish them.
    {
        let _one = state.publishing.lock().await;
        state.publisher().scheduled(now).await?;
    }
    state.db.claim_demo(now).await?;
    Ok(Some(seeded))
}

/// The surveys the demo needs, or which one is missing.
fn survey<'a>(state: &'a AppState, id: &str) -> anyhow::Result<&'a Survey> {
    state
        .surveys
        .latest(id)
        .ok_or_else(|| anyhow::anyhow!("the demo needs the shipped survey {id:?}"))
}

/// A number drawn around `mean` (Box–Muller).
fn normal(rng: &mut StdRng, mean: f64, spread: f64) -> f64 {
    let (u, v): (f64, f64) = (rng.gen_range(f64::EPSILON..1.0), rng.r#gen());
    mean + spread * (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// Answers to every question a person at `level` (1 to 5) would give, on top of `preset`.
fn answers(survey: &Survey, level: f64, preset: Answers, rng: &mut StdRng) -> Answers {
    let mut answers = preset;
    for q in survey.questions() {
        if answers.contains_key(&q.id) {
            continue;
        }
        let answer = match &q.kind {
            Kind::Scale {
                min,
                max,
                dont_know,
                ..
            } => {
                if *dont_know && rng.gen_bool(0.03) {
                    Answer::DontKnow
                } else {
                    let at = normal(rng, level, 0.7).round() as i64;
                    Answer::Level(at.clamp(*min, *max))
                }
            }
            Kind::YesNo => Answer::YesNo(rng.gen_bool((0.1 + 0.2 * (level - 1.0)).clamp(0.0, 1.0))),
            Kind::Single { options, .. } if !options.is_empty() => Answer::Choice {
                id: options[rng.gen_range(0..options.len())].id.clone(),
                other: None,
            },
            Kind::Multiple {
                options,
                max_choices,
                ..
            } if !options.is_empty() => {
                let most = max_choices.map_or(2, |m| m.min(2)) as usize;
                let mut ids: Vec<String> = (0..rng.gen_range(1..=most.max(1)))
                    .map(|_| options[rng.gen_range(0..options.len())].id.clone())
                    .collect();
                ids.sort();
                ids.dedup();
                Answer::Choices { ids, other: None }
            }
            Kind::Integer {
                min, max, buckets, ..
            }
            | Kind::Decimal {
                min, max, buckets, ..
            } => {
                let low = min.or(buckets.first().copied()).unwrap_or(0.0);
                let high = max.unwrap_or(low + 20.0).min(low + 20.0);
                Answer::Number((low + (high - low) * rng.r#gen::<f64>()).round())
            }
            // Free text and dates never leave a device: the demo has none to send.
            _ => continue,
        };
        answers.insert(q.id.clone(), answer);
    }
    answers
}

/// A reading of `survey` by `person` at `level`, submitted at `at`, as the app submits it.
fn reading(
    survey: &Survey,
    person: &str,
    level: f64,
    preset: Answers,
    at: i64,
    rng: &mut StdRng,
) -> anyhow::Result<Reading> {
    let draft = Draft {
        id: format!("{person}-{at}"),
        profile_id: person.to_owned(),
        survey_id: survey.id.clone(),
        survey_version: survey.version,
        answers: answers(survey, level, preset, rng),
        section: 0,
        updated_at: at,
        companion: Default::default(),
    };
    Reading::submit(survey, &draft, format!("{person}-{at}"), at).map_err(|problems| {
        anyhow::anyhow!(
            "the demo's answers to {} are refused: {problems:?}",
            survey.id
        )
    })
}

fn fresh_id(rng: &mut StdRng) -> String {
    contribution_id(rng.r#gen())
}

/// Sends `body` to `path` with `token`, as the app does.
async fn send(state: &AppState, path: &str, token: &str, body: String) -> anyhow::Result<()> {
    let request = Request::post(format!("/api/v1{path}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(body))?;
    let response = crate::app(state.clone()).oneshot(request).await?;
    if response.status() != StatusCode::OK {
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 64 * 1024).await?;
        anyhow::bail!(
            "the demo's {path} was refused ({status}): {}",
            String::from_utf8_lossy(&body)
        );
    }
    Ok(())
}

/// The project holders: one to three readings each since the start of last year, each later
/// one counting how far the holder moved since the first.
async fn holders(
    state: &AppState,
    token: &str,
    now: i64,
    rng: &mut StdRng,
) -> anyhow::Result<usize> {
    let today = Date::from_millis(now);
    let start = Date {
        year: today.year - 1,
        month: 1,
        day: 1,
    }
    .millis();
    let surveys = JOURNEY
        .iter()
        .map(|id| survey(state, id))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut sent: Vec<Contribution> = Vec::new();
    for person in 0..HOLDERS {
        let person = format!("demo-{person}");
        let mut level = normal(rng, 2.2, 0.6).clamp(1.0, 4.0);
        let mut at = rng.gen_range(start..now - 20 * DAY);
        let mut firsts: Vec<Option<Reading>> = vec![None; surveys.len()];
        for _ in 0..rng.gen_range(1..=3) {
            if at >= now {
                break;
            }
            for (survey, first) in surveys.iter().zip(&mut firsts) {
                let r = reading(survey, &person, level, Answers::new(), at, rng)?;
                sent.push(contribution(
                    survey,
                    &r,
                    first.as_ref(),
                    Period::of(r.submitted_at, Granularity::Year),
                    None,
                    fresh_id(rng),
                ));
                first.get_or_insert(r);
            }
            // Most move up between readings, some stay, a few go back.
            level = (level + normal(rng, 0.75, 0.5)).clamp(1.0, 5.0);
            at += rng.gen_range(120..270) * DAY;
        }
    }
    for batch in sent.chunks(500) {
        let body = serde_json::json!({ "contributions": batch }).to_string();
        send(state, "/contributions", token, body).await?;
    }
    Ok(sent.len())
}

/// Six collective sessions of the field's formats this year, and the annual participatory
/// review with its five colleges, each closed with its kiosk's totals.
async fn sessions(
    state: &AppState,
    token: &str,
    by: i64,
    now: i64,
    rng: &mut StdRng,
) -> anyhow::Result<(usize, u32)> {
    let survey = survey(state, SESSIONS)?;
    let year = Date::from_millis(now).year;
    // (format, month, day, people of each college)
    let held: [(Format, u32, u32, [usize; 5]); 7] = [
        (Format::PetitDejeuner, 1, 22, [0, 9, 2, 1, 0]),
        (Format::ApresMidiInfo, 3, 12, [1, 12, 0, 2, 0]),
        (Format::AtelierThematique, 4, 9, [0, 8, 1, 1, 0]),
        (Format::GroupeAutonome, 5, 28, [0, 7, 0, 0, 0]),
        (Format::SuiviPostCreation, 9, 17, [0, 10, 0, 2, 0]),
        (Format::AtelierThematique, 10, 15, [1, 9, 2, 0, 0]),
        (Format::BilanParticipatif, 11, 20, [6, 14, 8, 7, 5]),
    ];
    let colleges = match &survey.question(COLLEGE_QUESTION).map(|q| &q.kind) {
        Some(Kind::Single { options, .. }) => {
            options.iter().map(|o| o.id.clone()).collect::<Vec<_>>()
        }
        _ => anyhow::bail!("the sessions' survey has no college question"),
    };
    let (mut sessions, mut participants) = (0, 0);
    for (n, (format, month, day, people)) in held.into_iter().enumerate() {
        let day = Date { year, month, day };
        if day.millis() > now {
            continue;
        }
        sessions += 1;
        let code = bilan_core::session::new_code(rng.r#gen());
        let mut session = Session::new(
            format!("demo-session-{n}"),
            code.clone(),
            format.label(bilan_core::Lang::Fr),
            &day.iso(),
            format,
            survey,
            NoiseKey::new(rng.r#gen()),
            day.millis(),
        )?;
        // The room is warmer about what it found useful as the year goes on.
        let mood = 3.0 + f64::from(month) / 12.0;
        for (college, count) in colleges.iter().zip(people) {
            for i in 0..count {
                let mut preset = session.preset(survey);
                preset.insert(
                    COLLEGE_QUESTION.into(),
                    Answer::Choice {
                        id: college.clone(),
                        other: None,
                    },
                );
                let person = format!("demo-{code}-{college}-{i}");
                let at = day.millis() + 10 * 3_600_000 + i as i64 * 60_000;
                let level = normal(rng, mood, 0.6).clamp(1.0, 5.0);
                session.add(reading(survey, &person, level, preset, at, rng)?, at)?;
            }
        }
        participants += session.responses.len() as u32;
        // Opened on its day and dated so, as when the laptop opened it to phones.
        if !state
            .db
            .open_session(
                &code,
                &survey.id,
                Some(survey.version),
                format.id(),
                Some(day),
                day.millis(),
                by,
            )
            .await?
        {
            anyhow::bail!("the demo's session code {code} is taken");
        }
        let totals = session.close(survey, Granularity::Year, || fresh_id(rng), now)?;
        let body =
            serde_json::json!({ "format": format, "day": day.iso(), "contributions": totals })
                .to_string();
        send(state, &format!("/sessions/{code}/totals"), token, body).await?;
    }
    Ok((sessions, participants))
}
