//! Each kind's own settings: a scale's levels, a choice's options, a number's bounds, unit and
//! sharing buckets.

use std::collections::BTreeMap;

use toml::Spanned;

use crate::survey::{Choice, Kind, Unit};

use super::Report;
use super::convert::{check_id, text};
use super::raw::*;

pub(super) fn scale(r: &mut Report, q: &RawQuestion, id: &str, english: bool) -> Kind {
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

pub(super) fn options(r: &mut Report, q: &RawQuestion, id: &str, english: bool) -> Vec<Choice> {
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

pub(super) fn number(r: &mut Report, q: &RawQuestion, id: &str, integer: bool) -> Kind {
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
        if let Some(long) = buckets
            .iter()
            .find(|b| crate::decimal::write(**b).is_none())
        {
            r.span(
                raw.span(),
                format!("question {id:?}: bucket {long} has more than 15 significant digits"),
            );
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
