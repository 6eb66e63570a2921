//! The seven indicators of the field's framework: three of progress, four families of impact.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::Lang;

/// One axis of the star chart; questions feed indicators with a weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Indicator {
    /// Appropriation du projet: the holder owns the project.
    Appropriation,
    /// Professionnalisation: entrepreneur skills.
    Professionnalisation,
    /// Développement personnel: confidence, network, balance.
    DeveloppementPersonnel,
    /// Retombées économiques: turnover, jobs, local purchases, funds raised.
    RetombeesEconomiques,
    /// Développement local: local partners, short supply chains, territory.
    DeveloppementLocal,
    /// Utilité culturelle: cultural activities, audiences, heritage.
    UtiliteCulturelle,
    /// Utilité sociale: people helped, social ties, inclusion, volunteering.
    UtiliteSociale,
}

/// An indicator id that is not one of the seven.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown indicator {0:?}: expected one of {list}", list = Indicator::ids().join(", "))]
pub struct UnknownIndicator(pub String);

impl Indicator {
    /// The seven, in the order of the framework (and of the star chart's axes).
    pub const ALL: [Indicator; 7] = [
        Indicator::Appropriation,
        Indicator::Professionnalisation,
        Indicator::DeveloppementPersonnel,
        Indicator::RetombeesEconomiques,
        Indicator::DeveloppementLocal,
        Indicator::UtiliteCulturelle,
        Indicator::UtiliteSociale,
    ];

    /// The stable id used in survey files and aggregates.
    pub fn id(self) -> &'static str {
        match self {
            Indicator::Appropriation => "appropriation",
            Indicator::Professionnalisation => "professionnalisation",
            Indicator::DeveloppementPersonnel => "developpement-personnel",
            Indicator::RetombeesEconomiques => "retombees-economiques",
            Indicator::DeveloppementLocal => "developpement-local",
            Indicator::UtiliteCulturelle => "utilite-culturelle",
            Indicator::UtiliteSociale => "utilite-sociale",
        }
    }

    fn ids() -> Vec<&'static str> {
        Indicator::ALL.iter().map(|i| i.id()).collect()
    }

    /// The indicator's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Indicator::Appropriation, Lang::Fr) => "Appropriation du projet",
            (Indicator::Appropriation, Lang::En) => "Ownership of the project",
            (Indicator::Professionnalisation, Lang::Fr) => "Professionnalisation",
            (Indicator::Professionnalisation, Lang::En) => "Professional skills",
            (Indicator::DeveloppementPersonnel, Lang::Fr) => "Développement personnel",
            (Indicator::DeveloppementPersonnel, Lang::En) => "Personal development",
            (Indicator::RetombeesEconomiques, Lang::Fr) => "Retombées économiques",
            (Indicator::RetombeesEconomiques, Lang::En) => "Economic spin-offs",
            (Indicator::DeveloppementLocal, Lang::Fr) => "Développement local",
            (Indicator::DeveloppementLocal, Lang::En) => "Local development",
            (Indicator::UtiliteCulturelle, Lang::Fr) => "Utilité culturelle",
            (Indicator::UtiliteCulturelle, Lang::En) => "Cultural utility",
            (Indicator::UtiliteSociale, Lang::Fr) => "Utilité sociale",
            (Indicator::UtiliteSociale, Lang::En) => "Social utility",
        }
    }
}

impl FromStr for Indicator {
    type Err = UnknownIndicator;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Indicator::ALL
            .into_iter()
            .find(|i| i.id() == s)
            .ok_or_else(|| UnknownIndicator(s.to_owned()))
    }
}

impl fmt::Display for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

crate::names::deserialize_by_name!(Indicator {
    Appropriation = "appropriation",
    Professionnalisation = "professionnalisation",
    DeveloppementPersonnel = "developpement-personnel",
    RetombeesEconomiques = "retombees-economiques",
    DeveloppementLocal = "developpement-local",
    UtiliteCulturelle = "utilite-culturelle",
    UtiliteSociale = "utilite-sociale",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for indicator in Indicator::ALL {
            assert_eq!(indicator.id().parse::<Indicator>(), Ok(indicator));
            let json = serde_json::to_string(&indicator).unwrap();
            assert_eq!(json, format!("\"{}\"", indicator.id()));
            assert_ne!(indicator.label(Lang::Fr), indicator.label(Lang::En));
        }
    }

    #[test]
    fn unknown_ids_list_the_valid_ones() {
        let err = "bonheur".parse::<Indicator>().unwrap_err();
        assert!(
            err.to_string()
                .starts_with(r#"unknown indicator "bonheur": expected one of appropriation, "#)
        );
    }
}
