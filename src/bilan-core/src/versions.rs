//! Versions of a survey side by side. A survey folder keeps the files of the versions it replaced,
//! so that readings answered with them are still taken and added up; only the latest version is
//! offered, run in sessions and reviewed.
//!
//! A question keeps its id from one version to the next only if it means the same: same wording,
//! same answers. Reworded, it takes a new id, so its answers are never added to the old wording's.

use crate::disclosure::Release;
use crate::share::ContributionError;
use crate::survey::{Question, Section, Survey, Text};

/// Every version of each survey a folder holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Versions {
    /// Sorted by id, then from the latest version to the oldest.
    surveys: Vec<Survey>,
}

impl Versions {
    /// The set of `surveys`, in any order.
    pub fn new(mut surveys: Vec<Survey>) -> Versions {
        crate::order::sort_by(&mut surveys, |a, b| {
            a.id.cmp(&b.id).then(b.version.cmp(&a.version))
        });
        Versions { surveys }
    }

    /// The latest version of survey `id`: the one offered, run in sessions and shown.
    pub fn latest(&self, id: &str) -> Option<&Survey> {
        self.surveys.iter().find(|s| s.id == id)
    }

    /// Version `version` of survey `id`, if the folder holds it.
    pub fn get(&self, id: &str, version: u32) -> Option<&Survey> {
        self.surveys
            .iter()
            .find(|s| s.id == id && s.version == version)
    }

    /// The latest version of each survey, by id.
    pub fn current(&self) -> impl Iterator<Item = &Survey> {
        self.surveys
            .iter()
            .enumerate()
            .filter(|(k, s)| *k == 0 || self.surveys[k - 1].id != s.id)
            .map(|(_, s)| s)
    }

    /// Every version of every survey.
    pub fn all(&self) -> &[Survey] {
        &self.surveys
    }

    /// The versions of survey `id` the folder holds, oldest first.
    pub fn numbers(&self, id: &str) -> Vec<u32> {
        let mut numbers: Vec<u32> = self
            .surveys
            .iter()
            .filter(|s| s.id == id)
            .map(|s| s.version)
            .collect();
        numbers.reverse();
        numbers
    }

    /// The survey a holder's reading answered: any version the folder holds, since a device may
    /// send a reading made before the grid changed. The error names the versions taken.
    pub fn answered(&self, id: &str, version: u32) -> Result<&Survey, ContributionError> {
        if let Some(survey) = self.get(id, version) {
            return Ok(survey);
        }
        let known = self.numbers(id);
        if known.is_empty() {
            return Err(ContributionError::UnknownSurvey(id.to_owned()));
        }
        Err(ContributionError::UnknownVersion {
            survey: id.to_owned(),
            got: version,
            known: known
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

/// Where the app reads version `version` of survey `id`, below `surveys/`: the latest version
/// is `ID.json`, an earlier one `ID.vN.json` (the board reads those to name old wordings).
pub fn app_file(id: &str, version: u32, latest: bool) -> String {
    if latest {
        format!("{id}.json")
    } else {
        format!("{id}.v{version}.json")
    }
}

impl Versions {
    /// The JSON files the app reads below `surveys/`, as `(name, bytes)`: each version where
    /// [`app_file`] says, and `index.json`, which lists the latest versions only.
    pub fn app_files(&self) -> Result<Vec<(String, Vec<u8>)>, serde_json::Error> {
        let mut files = Vec::new();
        let mut index = Vec::new();
        for survey in &self.surveys {
            let latest = self.latest(&survey.id).map(|s| s.version) == Some(survey.version);
            let name = app_file(&survey.id, survey.version, latest);
            files.push((name, serde_json::to_vec(survey)?));
            if latest {
                index.push(crate::survey::Listed::of(survey));
            }
        }
        files.push(("index.json".to_owned(), serde_json::to_vec(&index)?));
        Ok(files)
    }
}

/// The files of a folder that hold each survey's latest version, in their order.
pub fn latest_files(surveys: &[(String, Survey)]) -> Vec<&(String, Survey)> {
    surveys
        .iter()
        .filter(|(_, s)| {
            !surveys
                .iter()
                .any(|(_, o)| o.id == s.id && o.version > s.version)
        })
        .collect()
}

/// The id of the section that [`merged`] adds for the questions of earlier versions only.
pub const EARLIER: &str = "versions-precedentes";

/// The survey a table of several versions is read with: the latest version, then, in a section
/// of their own, the questions only earlier versions asked, in their last wording followed by
/// that version (« … (version 1) »), so that an old wording never reads as the new one.
pub fn merged(versions: &[&Survey]) -> Option<Survey> {
    // Newest first, picked one by one rather than sorted: the app carries this, and each sort
    // instantiation costs its wasm kilobytes.
    let mut left: Vec<&Survey> = versions.to_vec();
    let mut newest = || {
        let at = (0..left.len()).max_by_key(|k| left[*k].version)?;
        Some(left.swap_remove(at))
    };
    let mut survey = newest()?.clone();
    let mut earlier: Vec<Question> = Vec::new();
    while let Some(old) = newest() {
        for q in old.questions() {
            if survey.question(&q.id).is_none() && !earlier.iter().any(|e| e.id == q.id) {
                let mut q = q.clone();
                let tag = format!(" (version {})", old.version);
                q.label.fr.push_str(&tag);
                if let Some(en) = &mut q.label.en {
                    en.push_str(&tag);
                }
                earlier.push(q);
            }
        }
    }
    if !earlier.is_empty() {
        survey.sections.push(Section {
            id: EARLIER.to_owned(),
            title: Text {
                fr: "Questions des versions précédentes".to_owned(),
                en: Some("Questions of earlier versions".to_owned()),
            },
            description: None,
            questions: earlier,
        });
    }
    Some(survey)
}

/// One table made of a period's released tables, one per version: their sum, with the versions
/// it adds up, oldest first. A version with nothing released (fewer than k people) cannot be
/// added and is left out, so the list says what the sum holds. Adding released tables is done
/// on what is already public: it tells nothing that the tables shown apart would not.
pub fn add_up(tables: &[(u32, Release)]) -> Option<(Vec<u32>, Release)> {
    let mut counted = tables.iter().filter(|(_, r)| r.contributions.is_some());
    let (first, start) = counted.next()?;
    let mut versions = vec![*first];
    let mut sum = start.clone();
    for (version, release) in counted {
        sum = sum.plus(release)?;
        insert_sorted(&mut versions, *version);
    }
    Some((versions, sum))
}

/// Adds `version` to the sorted list `versions` where it belongs, once.
pub fn insert_sorted(versions: &mut Vec<u32>, version: u32) {
    let at = versions.partition_point(|v| *v < version);
    if versions.get(at) != Some(&version) {
        versions.insert(at, version);
    }
}

/// What differs between two questions of the same id in two versions, in words; `None` when they
/// mean the same and their answers may be added up.
pub fn differs(old: &Question, new: &Question) -> Option<&'static str> {
    if old.label != new.label {
        Some("its wording")
    } else if std::mem::discriminant(&old.kind) != std::mem::discriminant(&new.kind) {
        Some("its kind")
    } else if old.kind != new.kind {
        Some("its answers (levels, options, bounds or buckets)")
    } else {
        None
    }
}

/// Each question that keeps its id from `old` to `new` but changed its meaning, with what
/// changed.
pub fn changed<'a>(old: &'a Survey, new: &Survey) -> Vec<(&'a Question, &'static str)> {
    old.questions()
        .filter_map(|q| {
            let later = new.question(&q.id)?;
            Some((q, differs(q, later)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Kind, Section, Text};

    fn question(id: &str, label: &str, kind: Kind) -> Question {
        let label = Text {
            fr: label.into(),
            en: None,
        };
        Question::shareable(id.into(), label, kind)
    }

    fn survey(id: &str, version: u32, questions: Vec<Question>) -> Survey {
        Survey {
            id: id.into(),
            version,
            languages: vec![crate::Lang::Fr],
            title: Text {
                fr: id.into(),
                en: None,
            },
            description: None,
            audience: Default::default(),
            sessions: false,
            sections: vec![Section {
                id: "s".into(),
                title: Text {
                    fr: "S".into(),
                    en: None,
                },
                description: None,
                questions,
            }],
        }
    }

    #[test]
    fn the_latest_version_is_current_and_every_version_is_found() {
        let set = Versions::new(vec![
            survey("b", 1, vec![]),
            survey("a", 1, vec![]),
            survey("a", 3, vec![]),
            survey("a", 2, vec![]),
        ]);
        assert_eq!(set.latest("a").map(|s| s.version), Some(3));
        let current: Vec<(&str, u32)> = set.current().map(|s| (s.id.as_str(), s.version)).collect();
        assert_eq!(current, [("a", 3), ("b", 1)]);
        assert_eq!(set.numbers("a"), [1, 2, 3]);
        assert_eq!(set.get("a", 2).map(|s| s.version), Some(2));
        assert!(set.get("b", 2).is_none());
        assert_eq!(set.all().len(), 4);
    }

    #[test]
    fn a_contribution_of_an_unknown_version_is_refused_naming_the_versions_taken() {
        let set = Versions::new(vec![survey("a", 1, vec![]), survey("a", 2, vec![])]);
        assert_eq!(set.answered("a", 1).map(|s| s.version), Ok(1));
        assert_eq!(
            set.answered("a", 5).unwrap_err().to_string(),
            r#"survey "a" has no version 5 on this server: it takes versions 1, 2"#
        );
        assert_eq!(
            set.answered("z", 1).unwrap_err(),
            ContributionError::UnknownSurvey("z".into())
        );
    }

    #[test]
    fn a_question_that_changed_under_its_id_is_named_with_what_changed() {
        let scale = |levels: &[&str]| Kind::Scale {
            min: 1,
            max: levels.len() as i64,
            levels: levels
                .iter()
                .map(|l| Text {
                    fr: (*l).into(),
                    en: None,
                })
                .collect(),
            dont_know: false,
        };
        let old = survey(
            "a",
            1,
            vec![
                question("same", "Pareil", Kind::YesNo),
                question("reworded", "Avant", Kind::YesNo),
                question("kind", "Genre", Kind::YesNo),
                question("levels", "Niveaux", scale(&["bas", "haut"])),
                question("dropped", "Partie", Kind::YesNo),
            ],
        );
        let mut same = question("same", "Pareil", Kind::YesNo);
        same.help = Some(Text {
            fr: "Une aide ajoutée ne change pas le sens.".into(),
            en: None,
        });
        let new = survey(
            "a",
            2,
            vec![
                same,
                question("reworded", "Après", Kind::YesNo),
                question("kind", "Genre", Kind::Text { long: false }),
                question("levels", "Niveaux", scale(&["bas", "moyen"])),
                question("reworded-v2", "Après", Kind::YesNo),
            ],
        );
        let found: Vec<(&str, &str)> = changed(&old, &new)
            .into_iter()
            .map(|(q, what)| (q.id.as_str(), what))
            .collect();
        assert_eq!(
            found,
            [
                ("reworded", "its wording"),
                ("kind", "its kind"),
                ("levels", "its answers (levels, options, bounds or buckets)"),
            ]
        );
    }

    fn release(people: Option<u64>, cells: &[(&str, &str, u64)]) -> Release {
        use crate::disclosure::{Policy, ReleasedCell, ReleasedQuestion};
        let mut questions: Vec<ReleasedQuestion> = Vec::new();
        for (q, bucket, count) in cells {
            let cell = ReleasedCell {
                bucket: (*bucket).into(),
                count: *count,
            };
            match questions.iter_mut().find(|r| r.question == *q) {
                Some(r) => r.cells.push(cell),
                None => questions.push(ReleasedQuestion {
                    question: (*q).into(),
                    cells: vec![cell],
                    total: 0,
                    partial: false,
                }),
            }
        }
        Release {
            threshold: 3,
            noise: 2,
            policy: Policy::Perturb,
            contributions: people,
            questions,
        }
    }

    #[test]
    fn a_period_s_versions_add_up_and_say_which_are_in_the_sum() {
        let v1 = release(Some(5), &[("a:same", "yes", 4), ("a:old", "yes", 5)]);
        let v2 = release(Some(7), &[("a:same", "yes", 6), ("a:same-v2", "no", 7)]);
        let withheld = release(None, &[]);
        let (versions, sum) = add_up(&[(2, v2.clone()), (1, v1), (3, withheld.clone())]).unwrap();
        assert_eq!(versions, [1, 2]);
        assert_eq!(sum.contributions, Some(12));
        assert_eq!(sum.noise, 4, "the perturbation bounds add up");
        let count = |q: &str| {
            sum.questions
                .iter()
                .find(|r| r.question == q)
                .map(|r| r.cells[0].count)
        };
        assert_eq!(count("a:same"), Some(10));
        assert_eq!(count("a:old"), Some(5));
        assert_eq!(count("a:same-v2"), Some(7));
        assert_eq!(add_up(&[(2, v2.clone())]), Some((vec![2], v2)));
        assert_eq!(add_up(&[(1, withheld)]), None);
        assert_eq!(
            crate::words::versions_label(&versions, crate::Lang::Fr),
            "versions 1 et 2"
        );
        assert_eq!(
            crate::words::versions_label(&[1, 2, 3], crate::Lang::En),
            "versions 1, 2 and 3"
        );
        assert_eq!(
            crate::words::versions_label(&[2], crate::Lang::Fr),
            "version 2"
        );
    }

    #[test]
    fn a_merged_survey_is_the_latest_then_what_only_earlier_versions_asked() {
        let v1 = survey(
            "a",
            1,
            vec![
                question("same", "Pareil", Kind::YesNo),
                question("old", "Ancienne", Kind::YesNo),
            ],
        );
        let v2 = survey(
            "a",
            2,
            vec![
                question("same", "Pareil", Kind::YesNo),
                question("old-v2", "Nouvelle", Kind::YesNo),
            ],
        );
        let merged = merged(&[&v1, &v2]).unwrap();
        assert_eq!(merged.version, 2);
        let ids: Vec<&str> = merged.questions().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["same", "old-v2", "old"]);
        assert_eq!(merged.sections[1].id, EARLIER);
        assert_eq!(
            merged.sections[1].questions[0].label.fr,
            "Ancienne (version 1)"
        );
        assert_eq!(super::merged(&[&v2]).unwrap(), v2, "one version is itself");
        assert!(super::merged(&[]).is_none());
    }
}
