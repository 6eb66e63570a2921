//! The peer for the benchmark: the same survey rendered by SurveyJS (`survey-core` and
//! `survey-js-ui` from npm, default theme), converted from Bilan's format.

use bilan_core::condition::{Condition, Literal, Op};
use bilan_core::survey::{DatePrecision, Kind};
use bilan_core::{Lang, Survey};
use serde_json::{Value, json};

fn literal(l: &Literal) -> String {
    match l {
        Literal::Number(n) => n.to_string(),
        Literal::Text(t) => format!("'{}'", t.replace('\'', "\\'")),
    }
}

/// A `show_if` condition in SurveyJS's expression language.
pub fn expression(c: &Condition) -> String {
    match c {
        Condition::Compare {
            question,
            op,
            value,
        } => {
            let op = match op {
                Op::Eq => "=",
                Op::Ne => "<>",
                Op::Lt => "<",
                Op::Le => "<=",
                Op::Gt => ">",
                Op::Ge => ">=",
            };
            format!("{{{question}}} {op} {}", literal(value))
        }
        Condition::In { question, values } => {
            format!(
                "{{{question}}} anyof [{}]",
                values.iter().map(literal).collect::<Vec<_>>().join(", ")
            )
        }
        Condition::And(all) => all
            .iter()
            .map(|c| format!("({})", expression(c)))
            .collect::<Vec<_>>()
            .join(" and "),
        Condition::Or(any) => any
            .iter()
            .map(|c| format!("({})", expression(c)))
            .collect::<Vec<_>>()
            .join(" or "),
        Condition::Not(inner) => format!("!({})", expression(inner)),
    }
}

/// The survey as SurveyJS JSON: a page per section, the same questions, options and conditions.
pub fn convert(survey: &Survey) -> Value {
    let lang = Lang::Fr;
    let pages: Vec<Value> = survey
        .sections
        .iter()
        .map(|section| {
            let elements: Vec<Value> = section
                .questions
                .iter()
                .map(|q| {
                    let mut e = match &q.kind {
                        Kind::Scale { min, levels, dont_know, .. } => {
                            let mut choices: Vec<Value> = levels
                                .iter()
                                .enumerate()
                                .map(|(i, l)| json!({ "value": min + i as i64, "text": format!("{} — {}", min + i as i64, l.get(lang)) }))
                                .collect();
                            if *dont_know {
                                choices.push(json!({ "value": "dont-know", "text": "Je ne sais pas" }));
                            }
                            json!({ "type": "radiogroup", "choices": choices })
                        }
                        Kind::Single { options, other } => json!({
                            "type": "radiogroup",
                            "choices": options.iter().map(|o| json!({ "value": o.id, "text": o.label.get(lang) })).collect::<Vec<_>>(),
                            "showOtherItem": other,
                        }),
                        Kind::Multiple { options, other, max_choices } => json!({
                            "type": "checkbox",
                            "choices": options.iter().map(|o| json!({ "value": o.id, "text": o.label.get(lang) })).collect::<Vec<_>>(),
                            "showOtherItem": other,
                            "maxSelectedChoices": max_choices.unwrap_or(0),
                        }),
                        Kind::YesNo => json!({
                            "type": "radiogroup",
                            "choices": [{ "value": "yes", "text": "Oui" }, { "value": "no", "text": "Non" }],
                        }),
                        Kind::Integer { min, max, .. } | Kind::Decimal { min, max, .. } => {
                            json!({ "type": "text", "inputType": "number", "min": min, "max": max })
                        }
                        Kind::Date { precision } => json!({
                            "type": "text",
                            "inputType": match precision { DatePrecision::Month => "month", _ => "date" },
                        }),
                        Kind::Text { long: true } => json!({ "type": "comment" }),
                        Kind::Text { long: false } => json!({ "type": "text" }),
                    };
                    e["name"] = json!(q.id);
                    e["title"] = json!(q.label.get(lang));
                    e["isRequired"] = json!(q.required);
                    if let Some(help) = &q.help {
                        e["description"] = json!(help.get(lang));
                    }
                    if let Some(c) = &q.show_if {
                        e["visibleIf"] = json!(expression(c));
                    }
                    e
                })
                .collect();
            json!({ "name": section.id, "title": section.title.get(lang), "elements": elements })
        })
        .collect();
    json!({ "title": survey.title.get(lang), "locale": "fr", "showQuestionNumbers": "off", "pages": pages })
}

/// The SurveyJS page: the library's files, its default theme, the converted survey, and the same
/// performance mark as Bilan's when the first question is on screen.
pub fn page(survey_json: &Value) -> String {
    format!(
        r#"<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>SurveyJS</title>
  <link rel="stylesheet" href="/surveyjs/survey-core.min.css">
  <script src="/surveyjs/survey.core.min.js"></script>
  <script src="/surveyjs/survey-js-ui.min.js"></script>
</head>
<body>
  <div id="survey"></div>
  <script>
    const survey = new Survey.Model({survey_json});
    const seen = new MutationObserver(() => {{
      if (document.querySelector(".sd-question")) {{ performance.mark("bilan-first-question"); seen.disconnect(); }}
    }});
    seen.observe(document.getElementById("survey"), {{ childList: true, subtree: true }});
    survey.render(document.getElementById("survey"));
    window.surveyModel = survey;
  </script>
</body>
</html>
"#
    )
}

/// A page with nothing in it but the same mark: what the browser itself takes to open any page
/// from the same server, the part of both apps' times that neither can remove.
pub const EMPTY_PAGE: &str = r#"<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Vide</title></head>
<body><p>Vide</p><script>performance.mark("bilan-first-question");</script></body>
</html>
"#;
