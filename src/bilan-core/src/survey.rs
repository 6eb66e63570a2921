//! A validated survey: what the app renders and the server checks contributions against.
//!
//! Built from a survey file by [`crate::load`]; every value here has passed validation, so code
//! using it does not re-check ids, ranges or references.

use serde::{Deserialize, Serialize};

use crate::condition::Condition;
use crate::{Indicator, Lang};

/// A text in French and, where the survey declares it, English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub fr: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    /// The text in `lang`, falling back to French.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.en.as_deref().unwrap_or(&self.fr),
            Lang::Fr => &self.fr,
        }
    }
}

/// A questionnaire, identified by `id` and `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    pub id: String,
    pub version: u32,
    pub languages: Vec<Lang>,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Who answers it, which decides where the app offers it.
    #[serde(default, skip_serializing_if = "Audience::is_journey")]
    pub audience: Audience,
    /// Whether a facilitator may also run it in a collective session (always, for a session's
    /// own survey).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sessions: bool,
    pub sections: Vec<Section>,
}

/// A survey as `surveys/index.json` lists it: enough for the app to offer it where it belongs
/// without reading every survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listed {
    pub id: String,
    pub version: u32,
    pub title: Text,
    #[serde(default)]
    pub audience: Audience,
    #[serde(default)]
    pub sessions: bool,
}

impl Listed {
    /// The listing of `survey`.
    pub fn of(survey: &Survey) -> Listed {
        Listed {
            id: survey.id.clone(),
            version: survey.version,
            title: survey.title.clone(),
            audience: survey.audience,
            sessions: survey.in_sessions(),
        }
    }
}

/// Who answers a survey: a holder on their own, a room in a collective session, or the team
/// once a year for the organisation's figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// A holder, on their own, in "Mon parcours".
    #[default]
    Journey,
    /// The participants of a collective session: offered first when a session opens.
    Session,
    /// The team, once a year: the organisation's figures, shown at the top of the board.
    Figures,
}

impl Audience {
    fn is_journey(&self) -> bool {
        *self == Audience::Journey
    }
}

/// One screen of the survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    pub questions: Vec<Question>,
}

/// One question and everything needed to ask, check, score and share its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<IndicatorLink>,
    /// Whether the answer may be counted in anonymised aggregates (never for free text).
    pub shareable: bool,
    /// Whether the board shows it among the year's headline figures (a figures survey's numbers).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub headline: bool,
    pub kind: Kind,
}

/// Which indicator a question feeds, and how much.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IndicatorLink {
    pub indicator: Indicator,
    pub weight: f64,
}

/// The kinds of question, each with its own settings. In JSON the kind names its settings
/// (`{"scale": {…}}`, `"yes_no"`): read as they come, where a `"type"` field among them would
/// make serde buffer every question (the app's wasm carried that buffering for its surveys).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A range of whole levels, each with a descriptor ("journey" scale).
    Scale {
        min: i64,
        max: i64,
        /// One descriptor per level, from `min` to `max`.
        levels: Vec<Text>,
        /// Whether "I don't know" is offered (it never counts in a score).
        dont_know: bool,
    },
    /// One option among several.
    Single {
        options: Vec<Choice>,
        /// Whether "Other (please specify)" is offered; its text stays on the device.
        other: bool,
    },
    /// Any number of options.
    Multiple {
        options: Vec<Choice>,
        other: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_choices: Option<u32>,
    },
    /// Yes or no.
    YesNo,
    /// A whole number.
    Integer {
        unit: Unit,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// How the number is shared: the bucket's lower bounds, strictly increasing.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        buckets: Vec<f64>,
    },
    /// A number with decimals.
    Decimal {
        unit: Unit,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        buckets: Vec<f64>,
    },
    /// A date, asked to the day, the month or the year.
    Date { precision: DatePrecision },
    /// Free text: stays on the device, never shared.
    Text { long: bool },
}

/// An option of a choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: Text,
    /// Value 0–100 used when the question feeds an indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// The unit of a number, shown beside the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    None,
    Euro,
    Fte,
    People,
    Percent,
    Hours,
}

impl Unit {
    /// Every unit with its id in survey files.
    pub const ALL: [(Unit, &'static str); 6] = [
        (Unit::None, "none"),
        (Unit::Euro, "euro"),
        (Unit::Fte, "fte"),
        (Unit::People, "people"),
        (Unit::Percent, "percent"),
        (Unit::Hours, "hours"),
    ];

    /// The symbol or word shown after a value.
    pub fn symbol(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Unit::None, _) => "",
            (Unit::Euro, _) => "€",
            (Unit::Fte, Lang::Fr) => "ETP",
            (Unit::Fte, Lang::En) => "FTE",
            (Unit::People, Lang::Fr) => "personnes",
            (Unit::People, Lang::En) => "people",
            (Unit::Percent, _) => "%",
            (Unit::Hours, Lang::Fr) => "heures",
            (Unit::Hours, Lang::En) => "hours",
        }
    }
}

/// How precisely a date is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
}

impl Survey {
    /// Whether a facilitator may run it in a collective session.
    pub fn in_sessions(&self) -> bool {
        self.audience == Audience::Session || self.sessions
    }

    /// The questions the board shows as the year's headline figures, in order.
    pub fn headlines(&self) -> impl Iterator<Item = &Question> {
        self.questions().filter(|q| q.headline)
    }

    /// Every question, in order, across sections.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    /// The question `id`, if the survey has it.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }
}

impl Question {
    /// A shareable question asked of everyone, optional, with no help, indicator or headline:
    /// what a survey derived in code (a grid's review) asks.
    pub fn shareable(id: String, label: Text, kind: Kind) -> Question {
        Question {
            id,
            label,
            help: None,
            required: false,
            show_if: None,
            indicator: None,
            shareable: true,
            headline: false,
            kind,
        }
    }
}

impl Kind {
    /// The kind's name in survey files.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Scale { .. } => "scale",
            Kind::Single { .. } => "single",
            Kind::Multiple { .. } => "multiple",
            Kind::YesNo => "yes_no",
            Kind::Integer { .. } => "integer",
            Kind::Decimal { .. } => "decimal",
            Kind::Date { .. } => "date",
            Kind::Text { .. } => "text",
        }
    }

    /// The options of a choice question.
    pub fn options(&self) -> &[Choice] {
        match self {
            Kind::Single { options, .. } | Kind::Multiple { options, .. } => options,
            _ => &[],
        }
    }

    /// Option `id` in words, in `lang`: its label, or for "other" « Autre : » and the text typed
    /// for it (« Autre » alone when none was). The app's summary, a review read again and the
    /// holder's spreadsheet say a choice alike.
    pub fn option_said(&self, id: &str, other: Option<&str>, lang: Lang) -> String {
        if let Some(o) = self.options().iter().find(|o| o.id == id) {
            return o.label.get(lang).to_owned();
        }
        let (word, colon) = match lang {
            Lang::Fr => ("Autre", "\u{a0}: "),
            Lang::En => ("Other", ": "),
        };
        match other.map(str::trim) {
            Some(text) if !text.is_empty() => format!("{word}{colon}{text}"),
            _ => word.to_owned(),
        }
    }
}

/// The bucket a number falls in, as its index in `bounds`; `None` below the first bound.
pub fn bucket_index(bounds: &[f64], value: f64) -> Option<usize> {
    bounds.iter().rposition(|&lower| value >= lower)
}

/// A human label for bucket `index` of `bounds` as `lang` writes numbers, e.g. `1 – 9 999` or
/// `50 000 +` in French, `1 – 9,999` in English.
pub fn bucket_label(bounds: &[f64], index: usize, integer: bool, lang: Lang) -> String {
    let group = |value: f64| crate::words::spoken_number(&crate::decimal::show(value), lang);
    let lower = bounds[index];
    match bounds.get(index + 1) {
        None => format!("{} +", group(lower)),
        Some(&next) if integer && next - lower <= 1.0 => group(lower),
        Some(&next) if integer => format!("{} – {}", group(lower), group(next - 1.0)),
        Some(&next) => format!("{} – < {}", group(lower), group(next)),
    }
}

crate::names::deserialize_by_name!(Audience {
    Journey = "journey",
    Session = "session",
    Figures = "figures",
});
crate::names::deserialize_by_name!(Unit {
    None = "none",
    Euro = "euro",
    Fte = "fte",
    People = "people",
    Percent = "percent",
    Hours = "hours",
});
crate::names::deserialize_by_name!(DatePrecision {
    Day = "day",
    Month = "month",
    Year = "year",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_other_option_is_said_with_what_was_typed_for_it() {
        let kind = Kind::Multiple {
            options: vec![Choice {
                id: "cafe".into(),
                label: Text {
                    fr: "Café".into(),
                    en: Some("Coffee".into()),
                },
                score: None,
            }],
            other: true,
            max_choices: None,
        };
        assert_eq!(kind.option_said("cafe", Some("thé"), Lang::En), "Coffee");
        assert_eq!(
            kind.option_said("other", Some(" Un thé "), Lang::Fr),
            "Autre\u{a0}: Un thé"
        );
        assert_eq!(
            kind.option_said("other", Some("Tea"), Lang::En),
            "Other: Tea"
        );
        assert_eq!(kind.option_said("other", Some("  "), Lang::Fr), "Autre");
        assert_eq!(kind.option_said("other", None, Lang::En), "Other");
    }

    #[test]
    fn numbers_fall_in_the_bucket_of_their_lower_bound() {
        let bounds = [0.0, 1.0, 10_000.0, 50_000.0];
        let cases = [
            (-1.0, None),
            (0.0, Some(0)),
            (0.5, Some(0)),
            (1.0, Some(1)),
            (9_999.0, Some(1)),
            (10_000.0, Some(2)),
            (1e12, Some(3)),
        ];
        for (value, expected) in cases {
            assert_eq!(bucket_index(&bounds, value), expected, "value {value}");
        }
    }

    #[test]
    fn bucket_labels_read_naturally() {
        let bounds = [0.0, 1.0, 10_000.0, 50_000.0];
        let labels: Vec<String> = (0..4)
            .map(|i| bucket_label(&bounds, i, true, Lang::Fr))
            .collect();
        assert_eq!(
            labels,
            [
                "0",
                "1 – 9\u{202f}999",
                "10\u{202f}000 – 49\u{202f}999",
                "50\u{202f}000 +"
            ]
        );
        assert_eq!(bucket_label(&[0.0, 0.5], 0, false, Lang::Fr), "0 – < 0,5");
        assert_eq!(bucket_label(&bounds, 2, true, Lang::En), "10,000 – 49,999");
    }

    #[test]
    fn text_falls_back_to_french() {
        let text = Text {
            fr: "Bonjour".into(),
            en: None,
        };
        assert_eq!(text.get(Lang::En), "Bonjour");
        let text = Text {
            fr: "Bonjour".into(),
            en: Some("Hello".into()),
        };
        assert_eq!(text.get(Lang::En), "Hello");
        assert_eq!(text.get(Lang::Fr), "Bonjour");
    }
}
