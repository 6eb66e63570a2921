//! From the schema to a [`Survey`]: each key checked against the others (a kind's settings,
//! texts in every language, ids, buckets, indicator links), every mistake reported at its place.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use crate::survey::{
    Audience, DatePrecision, IndicatorLink, Kind, Question, Section, Survey, Text,
};
use crate::{Indicator, Lang};

use super::conditions::condition;
use super::kinds::{number, options, scale};
use super::raw::*;
use super::{Report, is_slug};

pub(super) fn convert(r: &mut Report, raw: RawSurvey) -> Survey {
    if !is_slug(raw.id.get_ref()) {
        r.span(
            raw.id.span(),
            format!(
                "survey id {:?} must use lowercase letters, digits and hyphens (64 at most)",
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

pub(super) fn check_id(
    r: &mut Report,
    id: &Spanned<String>,
    seen: &mut BTreeMap<String, usize>,
    what: &str,
) {
    let name = id.get_ref();
    if !is_slug(name) {
        r.span(
            id.span(),
            format!(
                "{what} id {name:?} must use lowercase letters, digits, hyphens and underscores (64 at most)"
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

pub(super) fn text(r: &mut Report, raw: &Spanned<RawText>, english: bool, what: &str) -> Text {
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
        fr: french_typography(t.fr.as_deref().unwrap_or_default()),
        // English prints the typographic apostrophe too (« don’t »), as the app's messages do.
        en: t
            .en
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.replace('\'', "\u{2019}")),
    }
}

/// French text as French prints it: the space an author typed before `? ! : ;` and `»`, or
/// after `«`, made non-breaking, so that a line never starts with the mark (« Depuis quand ? »
/// broke before its `?` in a narrow column), and the typewriter's apostrophe set as the
/// typographic one (« l’accompagnement »), as the app's own messages are.
fn french_typography(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = chars
            .get(i + 1)
            .is_some_and(|n| matches!(n, '?' | '!' | ':' | ';' | '»'));
        let after = i > 0 && chars[i - 1] == '«';
        out.push(match c {
            ' ' if before || after => '\u{a0}',
            '\'' => '\u{2019}',
            c => c,
        });
    }
    out
}

/// "a scale", "an integer": the kind's name with its article, for messages.
pub(super) fn a(kind: &Kind) -> String {
    let name = kind.name();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

pub(super) const KINDS: [&str; 8] = [
    "scale", "single", "multiple", "yes_no", "integer", "decimal", "date", "text",
];

pub(super) fn question(
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

pub(super) fn link(
    r: &mut Report,
    q: &RawQuestion,
    id: &str,
    kind: &Kind,
) -> Option<IndicatorLink> {
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
