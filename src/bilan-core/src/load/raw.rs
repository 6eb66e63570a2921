//! The survey file's schema: every key a TOML survey may hold, with its place in the file for
//! error messages. Unknown keys are refused here.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawText {
    pub(super) fr: Option<String>,
    pub(super) en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSurvey {
    pub(super) id: Spanned<String>,
    pub(super) version: Spanned<i64>,
    pub(super) languages: Spanned<Vec<Spanned<String>>>,
    pub(super) title: Spanned<RawText>,
    pub(super) description: Option<Spanned<RawText>>,
    pub(super) audience: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) sessions: bool,
    #[serde(default)]
    pub(super) section: Vec<Spanned<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSection {
    pub(super) id: Spanned<String>,
    pub(super) title: Spanned<RawText>,
    pub(super) description: Option<Spanned<RawText>>,
    #[serde(default)]
    pub(super) question: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    pub(super) id: Spanned<String>,
    pub(super) kind: Spanned<String>,
    pub(super) label: Spanned<RawText>,
    pub(super) help: Option<Spanned<RawText>>,
    #[serde(default)]
    pub(super) required: bool,
    pub(super) show_if: Option<Spanned<String>>,
    pub(super) indicator: Option<Spanned<String>>,
    pub(super) weight: Option<Spanned<f64>>,
    pub(super) shareable: Option<Spanned<bool>>,
    pub(super) min: Option<Spanned<f64>>,
    pub(super) max: Option<Spanned<f64>>,
    pub(super) levels: Option<Spanned<Vec<Spanned<RawText>>>>,
    pub(super) dont_know: Option<Spanned<bool>>,
    pub(super) options: Option<Spanned<Vec<Spanned<RawOption>>>>,
    pub(super) other: Option<Spanned<bool>>,
    pub(super) max_choices: Option<Spanned<i64>>,
    pub(super) unit: Option<Spanned<String>>,
    pub(super) buckets: Option<Spanned<Vec<f64>>>,
    pub(super) precision: Option<Spanned<String>>,
    pub(super) long: Option<Spanned<bool>>,
    pub(super) headline: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOption {
    pub(super) id: Spanned<String>,
    pub(super) fr: Option<String>,
    pub(super) en: Option<String>,
    pub(super) score: Option<Spanned<f64>>,
}
