//! Writing a survey back as a survey file, in the style of the shipped ones (one `[[section]]`
//! and `[[section.question]]` per item, texts as inline tables), so that a person can edit it.
//! Reading it back (`load::load`, with the `toml` feature) gives exactly the survey written; the
//! app writes without carrying the parser.

use std::fmt::Write as _;

use crate::survey::{Audience, Choice, DatePrecision, Kind, Question, Survey, Text, Unit};

/// The survey file of `survey`; `notes` are comment lines written above a question, by id.
pub fn write(survey: &Survey, notes: &dyn Fn(&str) -> Vec<String>) -> String {
    let mut out = String::new();
    let w = &mut out;
    line(w, "id", &string(&survey.id));
    line(w, "version", &survey.version.to_string());
    let languages: Vec<String> = survey.languages.iter().map(|l| string(l.code())).collect();
    line(w, "languages", &format!("[{}]", languages.join(", ")));
    line(w, "title", &text(&survey.title));
    if let Some(d) = &survey.description {
        line(w, "description", &text(d));
    }
    match survey.audience {
        Audience::Journey => {}
        Audience::Session => line(w, "audience", "\"session\""),
        Audience::Figures => line(w, "audience", "\"figures\""),
    }
    if survey.sessions {
        line(w, "sessions", "true");
    }
    for section in &survey.sections {
        w.push_str("\n[[section]]\n");
        line(w, "id", &string(&section.id));
        line(w, "title", &text(&section.title));
        if let Some(d) = &section.description {
            line(w, "description", &text(d));
        }
        for q in &section.questions {
            w.push('\n');
            for note in notes(&q.id) {
                for part in note.lines() {
                    let _ = writeln!(w, "# {part}");
                }
            }
            question(w, q);
        }
    }
    out
}

fn question(w: &mut String, q: &Question) {
    w.push_str("[[section.question]]\n");
    line(w, "id", &string(&q.id));
    line(w, "kind", &string(q.kind.name()));
    line(w, "label", &text(&q.label));
    if let Some(h) = &q.help {
        line(w, "help", &text(h));
    }
    if q.required {
        line(w, "required", "true");
    }
    if let Some(c) = &q.show_if {
        line(w, "show_if", &string(&c.to_string()));
    }
    if let Some(link) = &q.indicator {
        line(w, "indicator", &string(link.indicator.id()));
        if link.weight != 1.0 {
            line(w, "weight", &number(link.weight));
        }
    }
    if q.shareable {
        line(w, "shareable", "true");
    }
    if q.headline {
        line(w, "headline", "true");
    }
    match &q.kind {
        Kind::Scale {
            min,
            max,
            levels,
            dont_know,
        } => {
            line(w, "min", &min.to_string());
            line(w, "max", &max.to_string());
            if *dont_know {
                line(w, "dont_know", "true");
            }
            list(w, "levels", levels.iter().map(text));
        }
        Kind::Single { options, other } => {
            if *other {
                line(w, "other", "true");
            }
            list(w, "options", options.iter().map(option));
        }
        Kind::Multiple {
            options,
            other,
            max_choices,
        } => {
            if *other {
                line(w, "other", "true");
            }
            if let Some(m) = max_choices {
                line(w, "max_choices", &m.to_string());
            }
            list(w, "options", options.iter().map(option));
        }
        Kind::YesNo => {}
        Kind::Integer {
            unit,
            min,
            max,
            buckets,
        }
        | Kind::Decimal {
            unit,
            min,
            max,
            buckets,
        } => {
            if *unit != Unit::None {
                let id = Unit::ALL.iter().find(|(u, _)| u == unit).map(|(_, id)| *id);
                line(w, "unit", &string(id.unwrap_or("none")));
            }
            if let Some(m) = min {
                line(w, "min", &number(*m));
            }
            if let Some(m) = max {
                line(w, "max", &number(*m));
            }
            if !buckets.is_empty() {
                let b: Vec<String> = buckets.iter().map(|b| number(*b)).collect();
                line(w, "buckets", &format!("[{}]", b.join(", ")));
            }
        }
        Kind::Date { precision } => {
            let p = match precision {
                DatePrecision::Day => "day",
                DatePrecision::Month => "month",
                DatePrecision::Year => "year",
            };
            line(w, "precision", &string(p));
        }
        Kind::Text { long } => {
            if *long {
                line(w, "long", "true");
            }
        }
    }
}

fn line(w: &mut String, key: &str, value: &str) {
    let _ = writeln!(w, "{key} = {value}");
}

/// An array of inline tables, one per line, as the shipped files write levels and options.
fn list(w: &mut String, key: &str, items: impl Iterator<Item = String>) {
    let _ = writeln!(w, "{key} = [");
    for item in items {
        let _ = writeln!(w, "  {item},");
    }
    w.push_str("]\n");
}

fn text(t: &Text) -> String {
    match &t.en {
        Some(en) => format!("{{ fr = {}, en = {} }}", string(&t.fr), string(en)),
        None => format!("{{ fr = {} }}", string(&t.fr)),
    }
}

fn option(c: &Choice) -> String {
    let mut s = format!("{{ id = {}, fr = {}", string(&c.id), string(&c.label.fr));
    if let Some(en) = &c.label.en {
        let _ = write!(s, ", en = {}", string(en));
    }
    if let Some(score) = c.score {
        let _ = write!(s, ", score = {}", number(score));
    }
    s.push_str(" }");
    s
}

/// A TOML basic string.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as the shipped files write it: whole numbers without a decimal point.
fn number(n: f64) -> String {
    crate::decimal::show(n).into()
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    fn shipped() -> Vec<(String, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../surveys");
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .expect("the surveys folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("readable");
                (p.display().to_string(), text)
            })
            .collect();
        crate::order::sort(&mut files);
        files
    }

    #[test]
    fn every_shipped_survey_reads_back_as_it_was_written() {
        let files = shipped();
        assert!(files.len() >= 4, "{files:?}");
        for (file, src) in files {
            let survey = crate::load::load(&file, &src).expect("a shipped survey is valid");
            let written = write(&survey, &|_| Vec::new());
            let again = crate::load::load("written.toml", &written)
                .unwrap_or_else(|e| panic!("{file} written back is invalid: {e:?}\n{written}"));
            assert_eq!(again, survey, "{file}");
        }
    }

    #[test]
    fn texts_with_quotes_and_notes_on_several_lines_survive() {
        let (_, src) = shipped().remove(0);
        let mut survey = crate::load::load("a.toml", &src).expect("valid");
        let q = &mut survey.sections[0].questions[0];
        // As a file loads it: French marks already with their non-breaking spaces, apostrophes
        // curled.
        q.label.fr = "Dites «\u{a0}oui\u{a0}» ou \"non\"\\ \t c’est tout\nvraiment".into();
        let id = q.id.clone();
        let written = write(&survey, &|q| {
            if q == id {
                vec!["À reformuler\nla salle : 5 sur 9".into()]
            } else {
                Vec::new()
            }
        });
        assert!(written.contains("# À reformuler\n# la salle : 5 sur 9\n[[section.question]]"));
        assert_eq!(crate::load::load("b.toml", &written), Ok(survey));
    }
}
