//! The languages Bilan speaks: French first, English second.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A language of the interface and of the surveys; French is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Français, the language of the field and the default.
    #[default]
    Fr,
    /// English.
    En,
}

/// A language code that Bilan does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected \"fr\" or \"en\"")]
pub struct UnknownLang(pub String);

impl Lang {
    /// Every language, French first.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The BCP 47 code, as used in `<html lang>` and in survey files.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, for a language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
        }
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Parses a code such as `fr`, `EN` or `fr-FR`; the region is ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Two letters, then the end or a region: read byte by byte, without the string search
        // and the lowered copy a phone's first module would carry for it.
        let code = s.as_bytes();
        let lang = match (code.first(), code.get(1), code.get(2)) {
            (Some(a), Some(b), None | Some(b'-' | b'_')) => {
                match [a.to_ascii_lowercase(), b.to_ascii_lowercase()] {
                    [b'f', b'r'] => Some(Lang::Fr),
                    [b'e', b'n'] => Some(Lang::En),
                    _ => None,
                }
            }
            _ => None,
        };
        lang.ok_or_else(|| UnknownLang(s.to_owned()))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

crate::names::deserialize_by_name!(Lang { Fr = "fr", En = "en" });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_with_and_without_region() {
        let cases = [
            ("fr", Lang::Fr),
            ("FR", Lang::Fr),
            ("fr-FR", Lang::Fr),
            ("en", Lang::En),
            ("en_GB", Lang::En),
            ("En-us-x-private", Lang::En),
        ];
        for (input, expected) in cases {
            assert_eq!(input.parse::<Lang>(), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn refuses_unknown_codes_naming_them() {
        let err = "de".parse::<Lang>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"unknown language "de": expected "fr" or "en""#
        );
        for refused in ["", "f", "fra", "fr:FR", "-fr", "ér"] {
            assert!(refused.parse::<Lang>().is_err(), "{refused:?} was read");
        }
    }

    #[test]
    fn french_is_the_default_and_round_trips_through_json() {
        assert_eq!(Lang::default(), Lang::Fr);
        for lang in Lang::ALL {
            let json = serde_json::to_string(&lang).unwrap();
            assert_eq!(json, format!("\"{}\"", lang.code()));
            assert_eq!(serde_json::from_str::<Lang>(&json).unwrap(), lang);
        }
    }
}
