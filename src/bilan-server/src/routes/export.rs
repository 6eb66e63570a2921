//! `GET /api/v1/export`: a survey's released tables for one period as a spreadsheet (ODS, the
//! French public sector's reference format, or XLSX), one sheet per table and a method sheet.
//! Only what the release rule published is written; a withheld cell says "n.p.", never 0.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bilan_core::bucket::CellKey;
use bilan_core::calendar::Date;
use bilan_core::disclosure::{MAX_NOISE, Release};
use bilan_core::share::{Dimension, Period, spaced_code};
use bilan_core::{Lang, Survey};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Caller, Role};
use crate::error::{ApiError, ErrorBody};
use crate::releases::served;
use crate::routes::figures::now_millis;
use crate::routes::input::Params;

pub fn router() -> Router<AppState> {
    Router::new().route("/export", get(export_show))
}

/// Which spreadsheet format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SheetFormat {
    Ods,
    Xlsx,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ExportQuery {
    /// The survey's id.
    survey: String,
    /// A year (2026) or a quarter (2026-Q1).
    period: String,
    /// `ods` or `xlsx`.
    #[param(inline)]
    format: SheetFormat,
    /// `fr` (the default) or `en`.
    #[serde(default)]
    #[param(value_type = Option<String>)]
    lang: Option<Lang>,
    /// The reader's offset from UTC, in minutes east (60 in Paris in winter, -240 in
    /// Guadeloupe), from -720 to 840: the day the method sheet says it was made is the
    /// reader's. UTC's without it.
    #[serde(default)]
    tz: Option<i32>,
}

/// A cell of a sheet: words, a number, or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(text)
    }
}

/// One sheet: its name and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Value>>,
}

/// What a withheld cell says: "non publié".
pub const NOT_PUBLISHED: &str = "n.p.";

/// Every released table of `survey` for `period`, as a spreadsheet.
#[utoipa::path(
    get,
    path = "/export",
    summary = "A survey's released tables for one period as a spreadsheet, ODS or XLSX: one sheet per table and a method sheet; a withheld cell is n.p. (board token)",
    security(("token" = [])),
    params(ExportQuery),
    responses(
        (status = 200, description = "The spreadsheet, as an attachment", content_type = "application/vnd.oasis.opendocument.spreadsheet"),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 403, description = "The token's role may not do this", body = ErrorBody),
        (status = 422, description = "Something in the request is wrong; the message says what", body = ErrorBody),
    )
)]
async fn export_show(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<ExportQuery>,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Board])?;
    let offset = match q.tz {
        None => 0,
        Some(tz @ -720..=840) => i64::from(tz) * 60_000,
        Some(tz) => {
            return Err(ApiError::invalid(format!(
                "tz {tz} is no offset from UTC: minutes east, from -720 to 840"
            )));
        }
    };
    let sheet = spreadsheet(
        &state.db,
        &state.surveys,
        state.threshold,
        &Asked {
            survey: &q.survey,
            period: &q.period,
            format: q.format,
            lang: q.lang.unwrap_or_default(),
            made_on: Date::from_millis(now_millis() + offset),
        },
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, sheet.mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", sheet.file_name),
            ),
        ],
        sheet.bytes,
    )
        .into_response())
}

/// What a spreadsheet is asked for: a survey's tables of one period, in a format and a language,
/// with the day (the reader's) it is made on.
pub struct Asked<'a> {
    pub survey: &'a str,
    pub period: &'a str,
    pub format: SheetFormat,
    pub lang: Lang,
    pub made_on: Date,
}

/// A spreadsheet written: its bytes, its media type and the file's name.
pub struct Spreadsheet {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub file_name: String,
}

/// Every released table of a survey for a period, as a spreadsheet: what the route sends the
/// board and `bilan-server export` writes. Only published snapshots are read; nothing is written.
pub async fn spreadsheet(
    db: &crate::Database,
    surveys: &bilan_core::versions::Versions,
    threshold: bilan_core::disclosure::Threshold,
    asked: &Asked<'_>,
) -> Result<Spreadsheet, ApiError> {
    let survey = surveys
        .latest(asked.survey)
        .ok_or_else(|| ApiError::invalid(format!("unknown survey {:?}", asked.survey)))?;
    let period: Period = asked
        .period
        .parse()
        .map_err(|e: bilan_core::share::BadPeriod| ApiError::invalid(e.to_string()))?;
    let lang = asked.lang;
    // Every version's tables of the period: each dimension's are added up, as the board does.
    let keys: Vec<_> = db
        .tables()
        .await?
        .into_iter()
        .filter(|k| k.survey == survey.id && k.period == period)
        .collect();
    let mut dimensions: Vec<&Dimension> = Vec::new();
    for key in &keys {
        if !dimensions.contains(&&key.dimension) {
            dimensions.push(&key.dimension);
        }
    }
    dimensions.sort_by_key(|d| match d {
        Dimension::None => (0, String::new()),
        Dimension::College(c) => (1, c.clone()),
        Dimension::Session(s) => (2, s.clone()),
    });
    let mut counted: Vec<u32> = Vec::new();
    let mut tables = Vec::new();
    for dimension in dimensions {
        let mut each = Vec::new();
        let mut published = None;
        for key in keys.iter().filter(|k| &k.dimension == dimension) {
            let stored = db.snapshot(key).await?;
            published = published.max(stored.as_ref().map(|s| s.published_at));
            each.push((key.version, served(stored.as_ref(), threshold, dimension)));
        }
        let release = match bilan_core::versions::add_up(&each) {
            Some((versions, sum)) => {
                for version in versions {
                    bilan_core::versions::insert_sorted(&mut counted, version);
                }
                sum
            }
            None => served(None, threshold, dimension),
        };
        tables.push((dimension.clone(), published, release));
    }
    let read_with: Vec<&Survey> = counted
        .iter()
        .filter_map(|v| surveys.get(&survey.id, *v))
        .chain([survey])
        .collect();
    let shown = bilan_core::versions::merged(&read_with).unwrap_or_else(|| survey.clone());
    if counted.is_empty() {
        counted.push(survey.version);
    }
    let demo = db.demo_at().await?.is_some();
    let sheets = workbook(
        &shown,
        &counted,
        period,
        &tables,
        &Made {
            k: threshold.get(),
            demo,
            on: asked.made_on,
        },
        lang,
    );
    let (bytes, mime, ext) = match asked.format {
        SheetFormat::Ods => (
            ods(&sheets).map_err(|e| unwritable("ODS", &e))?,
            "application/vnd.oasis.opendocument.spreadsheet",
            "ods",
        ),
        SheetFormat::Xlsx => (
            xlsx(&sheets).map_err(|e| unwritable("XLSX", &e))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    Ok(Spreadsheet {
        bytes,
        mime,
        file_name: format!("bilan-{}-{period}.{ext}", survey.id),
    })
}

/// A spreadsheet that could not be written (a bug, not the request's fault).
fn unwritable(format: &str, err: &dyn std::fmt::Display) -> ApiError {
    tracing::error!(error = %err, "cannot write the {format} file");
    ApiError::Input(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        format!("the {format} file could not be written"),
    )
}

/// What the method sheet says of how the tables were made: the threshold `k`, whether they are
/// the demo's, and the day (the reader's) the file was made on.
pub struct Made {
    pub k: u64,
    pub demo: bool,
    pub on: Date,
}

/// The sheets: the method first, then each table (the whole period, its colleges, its sessions).
pub fn workbook(
    survey: &Survey,
    versions: &[u32],
    period: Period,
    tables: &[(Dimension, Option<i64>, Release)],
    made: &Made,
    lang: Lang,
) -> Vec<Sheet> {
    let fr = lang == Lang::Fr;
    let mut sheets = vec![method(survey, versions, period, made, lang)];
    for (dimension, published, release) in tables {
        let label = match dimension {
            Dimension::None => if fr { "Ensemble" } else { "All" }.to_owned(),
            Dimension::College(c) => bilan_core::words::bucket_label(
                survey,
                &CellKey::answer(bilan_core::session::COLLEGE_QUESTION),
                &bilan_core::bucket::Bucket::option(c),
                lang,
            ),
            Dimension::Session(code) => {
                format!(
                    "{} {}",
                    if fr { "Séance" } else { "Session" },
                    spaced_code(code)
                )
            }
        };
        let mut rows: Vec<Vec<Value>> = vec![
            vec![format!("{} — {period} — {label}", survey.title.get(lang)).into()],
            vec![
                if fr {
                    format!("Personnes (à ±{} près)", release.noise)
                } else {
                    format!("People (within ±{})", release.noise)
                }
                .into(),
                match release.contributions {
                    Some(n) => Value::Number(n as f64),
                    None => NOT_PUBLISHED.into(),
                },
            ],
            vec![
                if fr { "Publié le" } else { "Published on" }.into(),
                published
                    .map(|at| Date::from_millis(at).spoken(lang).into())
                    .unwrap_or(Value::Empty),
            ],
            Vec::new(),
        ];
        if release.contributions.is_none() {
            rows.push(vec![
                if fr {
                    format!(
                        "Moins de {}\u{a0}personnes\u{a0}: rien n’est publié.",
                        made.k
                    )
                } else {
                    format!("Fewer than {} people: nothing is published.", made.k)
                }
                .into(),
            ]);
        } else {
            rows.push(vec![
                "Question".into(),
                if fr { "Réponse" } else { "Answer" }.into(),
                if fr { "Nombre" } else { "Count" }.into(),
            ]);
            rows.extend(question_rows(survey, release, lang));
        }
        sheets.push(Sheet {
            name: sheet_name(&label, &sheets),
            rows,
        });
    }
    sheets
}

/// One row per bucket of each released question, in the survey's order.
fn question_rows(survey: &Survey, release: &Release, lang: Lang) -> Vec<Vec<Value>> {
    let mut questions: Vec<(CellKey, &bilan_core::disclosure::ReleasedQuestion)> = release
        .questions
        .iter()
        .filter_map(|q| Some((q.key()?, q)))
        .collect();
    let position = |key: &CellKey| {
        key.question()
            .and_then(|id| survey.questions().position(|x| x.id == id))
            .unwrap_or(usize::MAX)
    };
    questions.sort_by_key(|(key, _)| (key.counted() as u8, position(key), key.clone()));
    let mut rows = Vec::new();
    for (key, q) in questions {
        let Some((title, buckets)) = bilan_core::words::buckets(survey, &key, lang) else {
            continue;
        };
        for (bucket, label) in buckets {
            let count = match q.cells.iter().find(|c| c.bucket == bucket.as_str()) {
                Some(c) => Value::Number(c.count as f64),
                None if q.partial => NOT_PUBLISHED.into(),
                None => Value::Number(0.0),
            };
            rows.push(vec![title.clone().into(), label.into(), count]);
        }
    }
    rows
}

/// The method sheet: what was counted, the threshold, the perturbation, what "n.p." means.
fn method(survey: &Survey, versions: &[u32], period: Period, made: &Made, lang: Lang) -> Sheet {
    let fr = lang == Lang::Fr;
    let Made { k, demo, on } = *made;
    let today = on.spoken(lang);
    let line = |a: &str, b: String| vec![Value::from(a), Value::Text(b)];
    let mut rows = vec![
        line(
            if fr { "Questionnaire" } else { "Survey" },
            format!(
                "{} ({})",
                survey.title.get(lang),
                bilan_core::words::versions_label(versions, lang)
            ),
        ),
        line(if fr { "Période" } else { "Period" }, period.to_string()),
        line(
            if fr {
                "Seuil de publication"
            } else {
                "Publication threshold"
            },
            if fr {
                format!("{k}\u{a0}: aucun nombre publié ne compte moins de {k}\u{a0}personnes.")
            } else {
                format!("{k}: no published number counts fewer than {k} people.")
            },
        ),
        line(
            "Perturbation",
            if fr {
                format!(
                    "Chaque nombre est légèrement modifié, de {MAX_NOISE} au plus, pour que personne ne puisse être reconnu."
                )
            } else {
                format!(
                    "Each number is slightly changed, by {MAX_NOISE} at most, so that nobody can be recognised."
                )
            },
        ),
        line(
            NOT_PUBLISHED,
            if fr {
                format!(
                    "Non publié\u{a0}: la case compterait moins de {k}\u{a0}personnes, ou permettrait de reconnaître quelqu’un. Ce n’est jamais zéro."
                )
            } else {
                format!(
                    "Not published: the cell would count fewer than {k} people, or would let someone be recognised. It is never zero."
                )
            },
        ),
        line(
            "Source",
            if fr {
                "Tableaux publiés par le serveur Bilan\u{a0}: des agrégats anonymes, jamais une réponse individuelle.".into()
            } else {
                "Tables published by the Bilan server: anonymous aggregates, never one person’s answers.".into()
            },
        ),
        line(if fr { "Produit le" } else { "Made on" }, today),
    ];
    if versions.len() > 1 {
        let which = bilan_core::words::versions_label(versions, lang);
        rows.insert(
            2,
            line(
                "Versions",
                if fr {
                    format!(
                        "Les tableaux des {which} sont additionnés, chacun publié selon les règles ci-dessous (les marges s’ajoutent). Une question reformulée a changé d’identifiant\u{a0}: ses réponses restent à part, jamais ajoutées à l’ancienne formulation."
                    )
                } else {
                    format!(
                        "The tables of {which} are added up, each published under the rules below (their margins add up). A reworded question has a new id: its answers stay apart, never added to the old wording’s."
                    )
                },
            ),
        );
    }
    if demo {
        rows.push(line(
            if fr { "Attention" } else { "Note" },
            if fr {
                "Données de démonstration\u{a0}: ce Pôle est fictif.".into()
            } else {
                "Demo data: this Pôle is fictitious.".into()
            },
        ));
    }
    Sheet {
        name: if fr { "Méthode" } else { "Method" }.into(),
        rows,
    }
}

/// A sheet name spreadsheets accept: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(label: &str, taken: &[Sheet]) -> String {
    let clean: String = label
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let base: String = clean.trim().chars().take(28).collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|s| s.name.eq_ignore_ascii_case(&name)) {
        name = format!("{base} {n}");
        n += 1;
    }
    name
}

/// The sheets as an ODS file.
pub fn ods(sheets: &[Sheet]) -> Result<Vec<u8>, spreadsheet_ods::OdsError> {
    let mut book = spreadsheet_ods::WorkBook::new_empty();
    for sheet in sheets {
        let mut out = spreadsheet_ods::Sheet::new(sheet.name.as_str());
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u32);
                match value {
                    Value::Text(t) => out.set_value(r, c, t.as_str()),
                    Value::Number(n) => out.set_value(r, c, *n),
                    Value::Empty => {}
                }
            }
        }
        book.push_sheet(out);
    }
    spreadsheet_ods::write_ods_buf(&mut book, Vec::new())
}

/// The sheets as an XLSX file.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for sheet in sheets {
        let out = book.add_worksheet();
        out.set_name(&sheet.name)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match value {
                    Value::Text(t) => {
                        out.write_string(r, c, t)?;
                    }
                    Value::Number(n) => {
                        out.write_number(r, c, *n)?;
                    }
                    Value::Empty => {}
                }
            }
        }
        out.set_column_width(0, 48)?;
        out.set_column_width(1, 40)?;
    }
    book.save_to_buffer()
}
