//! Reading survey files: TOML in, a validated [`Survey`] out, or every mistake with its
//! `file:line:column` and what is wrong.
//!
//! A file that is not even well-formed TOML (or uses an unknown key) stops at that first error,
//! as a compiler stops at a syntax error; all other mistakes are reported together.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::condition::{Condition, Literal};
use crate::survey::{
    Audience, Choice, DatePrecision, IndicatorLink, Kind, Question, Section, Survey, Text, Unit,
};
use crate::{Indicator, Lang};

/// One mistake in a survey file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SurveyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for SurveyError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    fr: Option<String>,
    en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSurvey {
    id: Spanned<String>,
    version: Spanned<i64>,
    languages: Spanned<Vec<Spanned<String>>>,
    title: Spanned<RawText>,
    description: Option<Spanned<RawText>>,
    audience: Option<Spanned<String>>,
    #[serde(default)]
    sessions: bool,
    #[serde(default)]
    section: Vec<Spanned<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Spanned<String>,
    title: Spanned<RawText>,
    description: Option<Spanned<RawText>>,
    #[serde(default)]
    question: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    kind: Spanned<String>,
    label: Spanned<RawText>,
    help: Option<Spanned<RawText>>,
    #[serde(default)]
    required: bool,
    show_if: Option<Spanned<String>>,
    indicator: Option<Spanned<String>>,
    weight: Option<Spanned<f64>>,
    shareable: Option<Spanned<bool>>,
    min: Option<Spanned<f64>>,
    max: Option<Spanned<f64>>,
    levels: Option<Spanned<Vec<Spanned<RawText>>>>,
    dont_know: Option<Spanned<bool>>,
    options: Option<Spanned<Vec<Spanned<RawOption>>>>,
    other: Option<Spanned<bool>>,
    max_choices: Option<Spanned<i64>>,
    unit: Option<Spanned<String>>,
    buckets: Option<Spanned<Vec<f64>>>,
    precision: Option<Spanned<String>>,
    long: Option<Spanned<bool>>,
    headline: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    id: Spanned<String>,
    fr: Option<String>,
    en: Option<String>,
    score: Option<Spanned<f64>>,
}

/// Collects errors against one file's text.
struct Report<'a> {
    file: &'a str,
    src: &'a str,
    errors: Vec<SurveyError>,
}

impl Report<'_> {
    fn at(&mut self, offset: usize, message: impl Into<String>) {
        // Offsets inside a `show_if` are counted in the parsed string, which escapes can make
        // longer or shorter than the source: never cut a character in two.
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.src[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        self.errors.push(SurveyError {
            file: self.file.to_owned(),
            line,
            column,
            message: message.into(),
        });
    }

    fn span(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.at(span.start, message);
    }

    fn line_of(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        self.src[..offset].matches('\n').count() + 1
    }
}

fn is_slug(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Parses and validates the survey file `file` whose text is `src`.
pub fn load(file: &str, src: &str) -> Result<Survey, Vec<SurveyError>> {
    let mut report = Report {
        file,
        src,
        errors: Vec::new(),
    };
    let raw: RawSurvey = match toml::from_str(src) {
        Ok(raw) => raw,
        Err(err) => {
            let offset = err.span().map_or(0, |s| s.start);
            report.at(offset, err.message().trim_end().replace('\n', " "));
            return Err(report.errors);
        }
    };
    let survey = convert(&mut report, raw);
    if report.errors.is_empty() {
        Ok(survey)
    } else {
        Err(report.errors)
    }
}

fn convert(r: &mut Report, raw: RawSurvey) -> Survey {
    if !is_slug(raw.id.get_ref()) {
        r.span(
            raw.id.span(),
            format!(
                "survey id {:?} must use lowercase letters, digits and hyphens",
                raw.id.get_ref()
            ),
        );
    }
    let version = *raw.version.get_ref();
    if !(1..=i64::from(u32::MAX)).contains(&version) {
        r.span(
            raw.version.span(),
            format!("version {version} must be a whole number from 1"),
        );
    }
    let mut languages = Vec::new();
    for code in raw.languages.get_ref() {
        match code.get_ref().parse::<Lang>() {
            Ok(lang) if code.get_ref() == lang.code() => {
                if languages.contains(&lang) {
                    r.span(
                        code.span(),
                        format!("language {:?} is listed twice", lang.code()),
                    );
                }
                languages.push(lang);
            }
            _ => r.span(
                code.span(),
                format!(
                    "unknown language {:?}: expected \"fr\" or \"en\"",
                    code.get_ref()
                ),
            ),
        }
    }
    if !languages.contains(&Lang::Fr) {
        r.span(
            raw.languages.span(),
            "languages must include \"fr\": French comes first",
        );
    }
    let english = languages.contains(&Lang::En);
    let title = text(r, &raw.title, english, "title");
    let description = raw
        .description
        .as_ref()
        .map(|d| text(r, d, english, "description"));

    if raw.section.is_empty() {
        r.at(0, "the survey has no [[section]]");
    }
    let mut section_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut question_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut sections = Vec::new();
    // Questions already converted, in order, for `show_if` checks; and every id in the file,
    // to tell "comes later" from "does not exist".
    let mut earlier: Vec<Question> = Vec::new();
    let all_ids: Vec<&str> = raw
        .section
        .iter()
        .flat_map(|s| s.get_ref().question.iter())
        .map(|q| q.get_ref().id.get_ref().as_str())
        .collect();
    for raw_section in &raw.section {
        let s = raw_section.get_ref();
        check_id(r, &s.id, &mut section_ids, "section");
        let title = text(r, &s.title, english, "section title");
        let description = s
            .description
            .as_ref()
            .map(|d| text(r, d, english, "section description"));
        if s.question.is_empty() {
            r.span(
                raw_section.span(),
                format!("section {:?} has no [[section.question]]", s.id.get_ref()),
            );
        }
        let mut questions = Vec::new();
        for raw_question in &s.question {
            check_id(r, &raw_question.get_ref().id, &mut question_ids, "question");
            let question = question(r, raw_question.get_ref(), english, &earlier, &all_ids);
            earlier.push(question.clone());
            questions.push(question);
        }
        sections.push(Section {
            id: s.id.get_ref().clone(),
            title,
            description,
            questions,
        });
    }
    let audience = match raw
        .audience
        .as_ref()
        .map(|r| (r.get_ref().as_str(), r.span()))
    {
        None | Some(("journey", _)) => Audience::Journey,
        Some(("session", _)) => Audience::Session,
        Some(("figures", _)) => Audience::Figures,
        Some((other, span)) => {
            r.span(
                span,
                format!("unknown audience {other:?}: expected journey, session or figures"),
            );
            Audience::Journey
        }
    };
    for q in sections.iter().flat_map(|s| &s.questions) {
        let number = matches!(q.kind, Kind::Integer { .. } | Kind::Decimal { .. });
        if q.headline && !(audience == Audience::Figures && number) {
            let at = raw
                .section
                .iter()
                .flat_map(|s| &s.get_ref().question)
                .find(|raw| *raw.get_ref().id.get_ref() == q.id)
                .and_then(|raw| raw.get_ref().headline.as_ref().map(Spanned::span))
                .unwrap_or_default();
            r.span(
                at,
                format!(
                    "question {:?}: `headline` is for the numbers of a survey with audience = \"figures\"",
                    q.id
                ),
            );
        }
    }
    Survey {
        id: raw.id.into_inner(),
        version: u32::try_from(version).unwrap_or(0),
        languages,
        title,
        description,
        audience,
        sessions: raw.sessions,
        sections,
    }
}

fn check_id(r: &mut Report, id: &Spanned<String>, seen: &mut BTreeMap<String, usize>, what: &str) {
    let name = id.get_ref();
    if !is_slug(name) {
        r.span(
            id.span(),
            format!(
                "{what} id {name:?} must use lowercase letters, digits, hyphens and underscores"
            ),
        );
    }
    let line = r.line_of(id.span().start);
    if let Some(first) = seen.get(name) {
        r.span(
            id.span(),
            format!("duplicate {what} id {name:?} (first at line {first})"),
        );
    } else {
        seen.insert(name.clone(), line);
    }
}

fn text(r: &mut Report, raw: &Spanned<RawText>, english: bool, what: &str) -> Text {
    let t = raw.get_ref();
    let present = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
    if !present(&t.fr) {
        r.span(raw.span(), format!("{what} has no French text (fr)"));
    }
    if english && !present(&t.en) {
        r.span(
            raw.span(),
            format!("{what} has no English text (en), and the survey lists \"en\""),
        );
    }
    Text {
        fr: t.fr.clone().unwrap_or_default(),
        en: t.en.clone().filter(|s| !s.trim().is_empty()),
    }
}

/// "a scale", "an integer": the kind's name with its article, for messages.
fn a(kind: &Kind) -> String {
    let name = kind.name();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

const KINDS: [&str; 8] = [
    "scale", "single", "multiple", "yes_no", "integer", "decimal", "date", "text",
];

fn question(
    r: &mut Report,
    q: &RawQuestion,
    english: bool,
    earlier: &[Question],
    all_ids: &[&str],
) -> Question {
    let id = q.id.get_ref().clone();
    let kind_name = q.kind.get_ref().as_str();
    let label = text(r, &q.label, english, &format!("question {id:?}: label"));
    let help = q
        .help
        .as_ref()
        .map(|h| text(r, h, english, &format!("question {id:?}: help")));

    // Settings that only some kinds take.
    let applies: &[&str] = match kind_name {
        "scale" => &["min", "max", "levels", "dont_know"],
        "single" => &["options", "other"],
        "multiple" => &["options", "other", "max_choices"],
        "integer" | "decimal" => &["min", "max", "unit", "buckets"],
        "date" => &["precision"],
        "text" => &["long"],
        _ => &[],
    };
    let given: [(&str, Option<Range<usize>>); 11] = [
        ("min", q.min.as_ref().map(Spanned::span)),
        ("max", q.max.as_ref().map(Spanned::span)),
        ("levels", q.levels.as_ref().map(Spanned::span)),
        ("dont_know", q.dont_know.as_ref().map(Spanned::span)),
        ("options", q.options.as_ref().map(Spanned::span)),
        ("other", q.other.as_ref().map(Spanned::span)),
        ("max_choices", q.max_choices.as_ref().map(Spanned::span)),
        ("unit", q.unit.as_ref().map(Spanned::span)),
        ("buckets", q.buckets.as_ref().map(Spanned::span)),
        ("precision", q.precision.as_ref().map(Spanned::span)),
        ("long", q.long.as_ref().map(Spanned::span)),
    ];
    if KINDS.contains(&kind_name) {
        for (key, span) in given {
            if let Some(span) = span
                && !applies.contains(&key)
            {
                r.span(
                    span,
                    format!("question {id:?}: `{key}` does not apply to a {kind_name} question"),
                );
            }
        }
    }

    let kind = match kind_name {
        "scale" => scale(r, q, &id, english),
        "single" | "multiple" => {
            let options = options(r, q, &id, english);
            let other = q.other.as_ref().is_some_and(|o| *o.get_ref());
            if kind_name == "single" {
                Kind::Single { options, other }
            } else {
                let max_choices = q.max_choices.as_ref().and_then(|m| {
                    let n = *m.get_ref();
                    if n < 1 {
                        r.span(
                            m.span(),
                            format!("question {id:?}: max_choices must be at least 1"),
                        );
                    }
                    u32::try_from(n).ok()
                });
                Kind::Multiple {
                    options,
                    other,
                    max_choices,
                }
            }
        }
        "yes_no" => Kind::YesNo,
        "integer" | "decimal" => number(r, q, &id, kind_name == "integer"),
        "date" => {
            let precision = match q.precision.as_ref().map(|p| p.get_ref().as_str()) {
                None | Some("day") => DatePrecision::Day,
                Some("month") => DatePrecision::Month,
                Some("year") => DatePrecision::Year,
                Some(other) => {
                    let span = q.precision.as_ref().map(Spanned::span).unwrap_or_default();
                    r.span(span, format!("question {id:?}: unknown precision {other:?}: expected day, month or year"));
                    DatePrecision::Day
                }
            };
            Kind::Date { precision }
        }
        "text" => Kind::Text {
            long: q.long.as_ref().is_some_and(|l| *l.get_ref()),
        },
        other => {
            r.span(
                q.kind.span(),
                format!(
                    "question {id:?}: unknown kind {other:?}: expected one of {}",
                    KINDS.join(", ")
                ),
            );
            Kind::YesNo
        }
    };

    let shareable = q.shareable.as_ref().is_some_and(|s| *s.get_ref());
    if let Some(s) = &q.shareable
        && *s.get_ref()
    {
        match &kind {
            Kind::Text { .. } => r.span(
                s.span(),
                format!("question {id:?}: free text is never shareable (it could name someone)"),
            ),
            Kind::Integer { buckets, .. } | Kind::Decimal { buckets, .. } if buckets.is_empty() => r.span(
                s.span(),
                format!("question {id:?}: a shareable number needs `buckets` (raw numbers never leave the device)"),
            ),
            _ => {}
        }
    }

    let indicator = link(r, q, &id, &kind);
    let show_if = q
        .show_if
        .as_ref()
        .and_then(|c| condition(r, c, &id, earlier, all_ids));
    Question {
        id,
        label,
        help,
        required: q.required,
        show_if,
        indicator,
        shareable,
        headline: q.headline.as_ref().is_some_and(|h| *h.get_ref()),
        kind,
    }
}

fn scale(r: &mut Report, q: &RawQuestion, id: &str, english: bool) -> Kind {
    let whole = |r: &mut Report, v: &Option<Spanned<f64>>, key: &str| -> Option<i64> {
        let v = v.as_ref()?;
        if v.get_ref().fract() != 0.0 {
            r.span(
                v.span(),
                format!("question {id:?}: a scale's {key} must be a whole number"),
            );
        }
        Some(*v.get_ref() as i64)
    };
    let (min, max) = (whole(r, &q.min, "min"), whole(r, &q.max, "max"));
    let (Some(min), Some(max)) = (min, max) else {
        r.span(
            q.kind.span(),
            format!("question {id:?}: a scale needs `min` and `max`"),
        );
        return Kind::Scale {
            min: 1,
            max: 1,
            levels: Vec::new(),
            dont_know: false,
        };
    };
    if min >= max {
        let span = q.min.as_ref().map(Spanned::span).unwrap_or_default();
        r.span(
            span,
            format!("question {id:?}: min {min} must be below max {max}"),
        );
    }
    let mut levels = Vec::new();
    match &q.levels {
        None => r.span(
            q.kind.span(),
            format!("question {id:?}: a scale needs `levels`, one descriptor per level"),
        ),
        Some(raw) => {
            let expected = (max - min + 1).max(0) as usize;
            if raw.get_ref().len() != expected {
                r.span(
                    raw.span(),
                    format!(
                        "question {id:?}: {} levels given, but the scale from {min} to {max} has {expected}",
                        raw.get_ref().len()
                    ),
                );
            }
            for (i, level) in raw.get_ref().iter().enumerate() {
                levels.push(text(
                    r,
                    level,
                    english,
                    &format!("question {id:?}: level {}", min + i as i64),
                ));
            }
        }
    }
    Kind::Scale {
        min,
        max,
        levels,
        dont_know: q.dont_know.as_ref().is_some_and(|d| *d.get_ref()),
    }
}

fn options(r: &mut Report, q: &RawQuestion, id: &str, english: bool) -> Vec<Choice> {
    let Some(raw) = &q.options else {
        r.span(
            q.kind.span(),
            format!("question {id:?}: a choice question needs `options`"),
        );
        return Vec::new();
    };
    if raw.get_ref().is_empty() {
        r.span(raw.span(), format!("question {id:?}: `options` is empty"));
    }
    let other = q.other.as_ref().is_some_and(|o| *o.get_ref());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for option in raw.get_ref() {
        let o = option.get_ref();
        check_id(r, &o.id, &mut seen, &format!("option of {id:?}:"));
        if other && o.id.get_ref() == crate::answer::OTHER {
            r.span(
                o.id.span(),
                format!("question {id:?}: option id \"other\" is reserved for `other = true`"),
            );
        }
        let label = text(
            r,
            &Spanned::new(
                option.span(),
                RawText {
                    fr: o.fr.clone(),
                    en: o.en.clone(),
                },
            ),
            english,
            &format!("question {id:?}: option {:?}", o.id.get_ref()),
        );
        let score = o.score.as_ref().map(|s| {
            if !(0.0..=100.0).contains(s.get_ref()) {
                r.span(
                    s.span(),
                    format!(
                        "question {id:?}: score {} must be from 0 to 100",
                        s.get_ref()
                    ),
                );
            }
            *s.get_ref()
        });
        out.push(Choice {
            id: o.id.get_ref().clone(),
            label,
            score,
        });
    }
    out
}

fn number(r: &mut Report, q: &RawQuestion, id: &str, integer: bool) -> Kind {
    let unit = match q.unit.as_ref() {
        None => Unit::None,
        Some(u) => Unit::ALL
            .iter()
            .find(|(_, name)| name == u.get_ref())
            .map(|(unit, _)| *unit)
            .unwrap_or_else(|| {
                let names: Vec<&str> = Unit::ALL.iter().map(|(_, n)| *n).collect();
                r.span(
                    u.span(),
                    format!(
                        "question {id:?}: unknown unit {:?}: expected one of {}",
                        u.get_ref(),
                        names.join(", ")
                    ),
                );
                Unit::None
            }),
    };
    let (min, max) = (
        q.min.as_ref().map(|m| *m.get_ref()),
        q.max.as_ref().map(|m| *m.get_ref()),
    );
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        let span = q.min.as_ref().map(Spanned::span).unwrap_or_default();
        r.span(span, format!("question {id:?}: min {lo} is above max {hi}"));
    }
    let mut buckets = Vec::new();
    if let Some(raw) = &q.buckets {
        buckets = raw.get_ref().clone();
        if buckets.is_empty() {
            r.span(raw.span(), format!("question {id:?}: `buckets` is empty"));
        }
        for pair in buckets.windows(2) {
            if pair[1] <= pair[0] {
                r.span(
                    raw.span(),
                    format!(
                        "question {id:?}: buckets overlap: {} comes after {} (lower bounds must increase)",
                        pair[1], pair[0]
                    ),
                );
            }
        }
        if integer && buckets.iter().any(|b| b.fract() != 0.0) {
            r.span(
                raw.span(),
                format!("question {id:?}: an integer's buckets must be whole numbers"),
            );
        }
        if let Some(&first) = buckets.first() {
            match min {
                Some(lo) if lo < first => r.span(
                    raw.span(),
                    format!("question {id:?}: bucket gap: values from {lo} to below {first} fall in no bucket"),
                ),
                None => r.span(
                    raw.span(),
                    format!("question {id:?}: bucket gap: without `min`, values below {first} fall in no bucket"),
                ),
                _ => {}
            }
            if let Some(hi) = max
                && buckets.iter().any(|&b| b > hi)
            {
                r.span(
                    raw.span(),
                    format!(
                        "question {id:?}: a bucket starts above max {hi}, so it can never be used"
                    ),
                );
            }
        }
    }
    if integer {
        Kind::Integer {
            unit,
            min,
            max,
            buckets,
        }
    } else {
        Kind::Decimal {
            unit,
            min,
            max,
            buckets,
        }
    }
}

fn link(r: &mut Report, q: &RawQuestion, id: &str, kind: &Kind) -> Option<IndicatorLink> {
    let Some(raw) = &q.indicator else {
        if let Some(w) = &q.weight {
            r.span(
                w.span(),
                format!("question {id:?}: `weight` without `indicator`"),
            );
        }
        return None;
    };
    let indicator = match raw.get_ref().parse::<Indicator>() {
        Ok(i) => i,
        Err(err) => {
            r.span(raw.span(), format!("question {id:?}: {err}"));
            return None;
        }
    };
    let weight = q.weight.as_ref().map_or(1.0, |w| *w.get_ref());
    if !(weight > 0.0 && weight.is_finite()) {
        let span = q.weight.as_ref().map(Spanned::span).unwrap_or_default();
        r.span(
            span,
            format!("question {id:?}: weight {weight} must be above 0"),
        );
    }
    match kind {
        Kind::Scale { .. } | Kind::YesNo => {}
        Kind::Single { options, .. } => {
            if options.iter().any(|o| o.score.is_none()) {
                r.span(raw.span(), format!("question {id:?}: to feed an indicator, every option needs a `score` (0–100)"));
            }
        }
        other => r.span(
            raw.span(),
            format!("question {id:?}: {} question cannot feed an indicator (only scale, yes_no and scored single)", a(other)),
        ),
    }
    Some(IndicatorLink { indicator, weight })
}

fn condition(
    r: &mut Report,
    raw: &Spanned<String>,
    id: &str,
    earlier: &[Question],
    all_ids: &[&str],
) -> Option<Condition> {
    // Column of the expression's first character: after the opening quote.
    let base = raw.span().start + 1;
    let parsed = match Condition::parse(raw.get_ref()) {
        Ok(c) => c,
        Err(err) => {
            r.at(
                base + err.offset,
                format!("question {id:?}: show_if: {}", err.message),
            );
            return None;
        }
    };
    let before = r.errors.len();
    for (target, op, values) in parsed.comparisons() {
        let Some(source) = earlier.iter().find(|q| q.id == target) else {
            let message = if target == id {
                format!("question {id:?} shows if itself, which is a cycle")
            } else if all_ids.contains(&target) {
                format!("question {id:?} shows if {target:?}, which comes later")
            } else {
                format!("question {id:?} shows if {target:?}, which does not exist")
            };
            r.span(raw.span(), message);
            continue;
        };
        let numeric = matches!(
            source.kind,
            Kind::Scale { .. } | Kind::Integer { .. } | Kind::Decimal { .. }
        );
        if op.is_some_and(|op| op.is_ordering()) && !numeric {
            r.span(
                raw.span(),
                format!(
                    "question {id:?}: show_if orders {target:?}, {} question, which has no order",
                    a(&source.kind)
                ),
            );
            continue;
        }
        for value in values {
            if let Some(problem) = impossible(source, value) {
                r.span(
                    raw.span(),
                    format!("question {id:?}: show_if compares {target:?} with {problem}"),
                );
            }
        }
    }
    (r.errors.len() == before).then_some(parsed)
}

/// Why `value` can never be an answer of `question`, if it cannot.
fn impossible(question: &Question, value: &Literal) -> Option<String> {
    match (&question.kind, value) {
        (Kind::Scale { min, max, .. }, Literal::Number(n)) => {
            (n.fract() != 0.0 || *n < *min as f64 || *n > *max as f64)
                .then(|| format!("{n}, which is not a level from {min} to {max}"))
        }
        (Kind::Integer { min, max, .. } | Kind::Decimal { min, max, .. }, Literal::Number(n)) => {
            let below = min.is_some_and(|m| *n < m);
            let above = max.is_some_and(|m| *n > m);
            (below || above).then(|| format!("{n}, which is outside its min and max"))
        }
        (
            Kind::Single { options, other } | Kind::Multiple { options, other, .. },
            Literal::Text(t),
        ) => {
            let known = options.iter().any(|o| &o.id == t) || (*other && t == crate::answer::OTHER);
            (!known).then(|| {
                let ids: BTreeSet<&str> = options.iter().map(|o| o.id.as_str()).collect();
                format!(
                    "'{t}', which is not one of its options ({})",
                    ids.into_iter().collect::<Vec<_>>().join(", ")
                )
            })
        }
        (Kind::YesNo, Literal::Text(t)) => {
            (t != "yes" && t != "no").then(|| format!("'{t}': a yes/no question is 'yes' or 'no'"))
        }
        (Kind::Text { .. } | Kind::Date { .. }, _) => Some(format!(
            "a value, but {} question cannot be used in show_if",
            a(&question.kind)
        )),
        (kind, Literal::Number(n)) => {
            Some(format!("the number {n}, but it is {} question", a(kind)))
        }
        (kind, Literal::Text(t)) => Some(format!("the text '{t}', but it is {} question", a(kind))),
    }
}

/// Loads every file of a folder, given as `(file name, text)` pairs, and checks them together.
/// Returns the surveys sorted by id, or every error of every file.
pub fn load_all(
    files: impl IntoIterator<Item = (String, String)>,
) -> Result<Vec<(String, Survey)>, Vec<SurveyError>> {
    let mut surveys = Vec::new();
    let mut errors = Vec::new();
    for (file, src) in files {
        match load(&file, &src) {
            Ok(survey) => surveys.push((file, survey)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    errors.extend(check_set(&surveys));
    if errors.is_empty() {
        surveys.sort_by(|a, b| a.1.id.cmp(&b.1.id));
        Ok(surveys)
    } else {
        Err(errors)
    }
}

/// Checks surveys loaded from one folder together: no id may be used by two files.
pub fn check_set(surveys: &[(String, Survey)]) -> Vec<SurveyError> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut errors = Vec::new();
    for (file, survey) in surveys {
        if let Some(first) = seen.insert(&survey.id, file) {
            errors.push(SurveyError {
                file: file.clone(),
                line: 1,
                column: 1,
                message: format!("survey id {:?} is also used by {first}", survey.id),
            });
        }
    }
    let mut figures = surveys
        .iter()
        .filter(|(_, s)| s.audience == Audience::Figures);
    if let (Some((first, _)), Some((file, survey))) = (figures.next(), figures.next()) {
        errors.push(SurveyError {
            file: file.clone(),
            line: 1,
            column: 1,
            message: format!(
                "survey {:?} has audience = \"figures\", as {first} does: the board shows one survey's figures",
                survey.id
            ),
        });
    }
    errors
}

/// Reads and checks every `*.toml` file of `dir` together; each error is one line,
/// `file:line:column: what is wrong`. The server and the build both read a folder this way.
pub fn read_folder(dir: &std::path::Path) -> Result<Vec<(String, Survey)>, Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|err| {
        vec![format!(
            "{}: cannot read the survey folder: {err}",
            dir.display()
        )]
    })?;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in entries.flatten().map(|e| e.path()) {
        if path.extension().is_some_and(|e| e == "toml") {
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((path.display().to_string(), text)),
                Err(err) => errors.push(format!("{}: cannot read: {err}", path.display())),
            }
        }
    }
    files.sort();
    if files.is_empty() && errors.is_empty() {
        errors.push(format!(
            "{}: no survey file (*.toml) in this folder",
            dir.display()
        ));
    }
    match read_texts(files) {
        Ok(surveys) if errors.is_empty() => Ok(surveys),
        Ok(_) => Err(errors),
        Err(found) => Err(errors.into_iter().chain(found).collect()),
    }
}

/// [`load_all`] with each error as one line of text.
pub fn read_texts(
    files: impl IntoIterator<Item = (String, String)>,
) -> Result<Vec<(String, Survey)>, Vec<String>> {
    load_all(files).map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

/// Refuses a survey whose version went down since `known` (the highest version already seen
/// for its id, e.g. by the server): aggregates of the higher version would be misread.
pub fn check_version(file: &str, survey: &Survey, known: Option<u32>) -> Result<(), SurveyError> {
    match known {
        Some(known) if survey.version < known => Err(SurveyError {
            file: file.to_owned(),
            line: 1,
            column: 1,
            message: format!(
                "survey {:?} is at version {}, but version {known} is already in use: versions never go down",
                survey.id, survey.version
            ),
        }),
        _ => Ok(()),
    }
}
