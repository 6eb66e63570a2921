//! `show_if` checked against the survey: it may only read earlier questions, and only values
//! they can take.

use std::collections::BTreeSet;

use toml::Spanned;

use crate::condition::{Condition, Literal};
use crate::survey::{Kind, Question};

use super::Report;
use super::convert::a;

pub(super) fn condition(
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
pub(super) fn impossible(question: &Question, value: &Literal) -> Option<String> {
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
