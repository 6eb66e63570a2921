//! The survey file an XLSForm becomes, as it is written (TOML): its sections, questions and
//! texts, with only the fields a question uses.

use serde::Serialize;

#[derive(Serialize)]
pub(super) struct OutText {
    pub(super) fr: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) en: Option<String>,
}

#[derive(Serialize, Clone)]
pub(super) struct OutOption {
    pub(super) id: String,
    pub(super) fr: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) en: Option<String>,
}

#[derive(Serialize)]
pub(super) struct OutQuestion {
    pub(super) id: String,
    pub(super) kind: &'static str,
    pub(super) label: OutText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) help: Option<OutText>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(super) required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) show_if: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) options: Option<Vec<OutOption>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) long: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) other: Option<bool>,
}

#[derive(Serialize)]
pub(super) struct OutSection {
    pub(super) id: String,
    pub(super) title: OutText,
    pub(super) question: Vec<OutQuestion>,
}

#[derive(Serialize)]
pub(super) struct OutSurvey {
    pub(super) id: String,
    pub(super) version: u32,
    pub(super) languages: Vec<&'static str>,
    pub(super) title: OutText,
    pub(super) section: Vec<OutSection>,
}
