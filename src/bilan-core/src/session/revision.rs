//! Revising an indicator grid together: a session where the room says, for each question of a
//! survey, whether to keep it, reword it or drop it, and the next version of that survey the
//! facilitator writes from what the room said.
//!
//! The review is itself a survey, derived from the grid the same way on every device and on
//! the server, so that its totals travel and are released like any session's.

use crate::Lang;
use crate::disclosure::Release;
use crate::survey::{Audience, Choice, Kind, Question, Section, Survey, Text};

/// The review of survey `X` is survey `revision-X`.
const PREFIX: &str = "revision-";

/// Each question of the grid is asked as `q-ID`.
const QUESTION_PREFIX: &str = "q-";

/// The free-text question where a participant proposes a new question; never shared.
pub const PROPOSAL: &str = "proposition";

/// What the room may say of a question; a question nobody spoke of is kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    #[default]
    Keep,
    Reword,
    Drop,
}

impl Verdict {
    /// Every verdict, in the order they are offered.
    pub const ALL: [Verdict; 3] = [Verdict::Keep, Verdict::Reword, Verdict::Drop];

    /// The option's id in the review survey (and its bucket in the tables).
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Keep => "garder",
            Verdict::Reword => "reformuler",
            Verdict::Drop => "retirer",
        }
    }

    /// The verdict whose option is `id`.
    pub fn from_id(id: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.id() == id)
    }

    fn label(self) -> Text {
        let (fr, en) = match self {
            Verdict::Keep => ("La garder telle quelle", "Keep it as it is"),
            Verdict::Reword => ("La reformuler", "Reword it"),
            Verdict::Drop => ("La retirer", "Drop it"),
        };
        Text {
            fr: fr.into(),
            en: Some(en.into()),
        }
    }
}

/// The id of the review of survey `target`.
pub fn review_id(target: &str) -> String {
    format!("{PREFIX}{target}")
}

/// The survey a review survey `id` reviews, if it is one.
pub fn target_of(id: &str) -> Option<&str> {
    id.strip_prefix(PREFIX).filter(|t| !t.is_empty())
}

/// The review question asking about question `id` of the grid.
pub fn review_question(id: &str) -> String {
    format!("{QUESTION_PREFIX}{id}")
}

/// Whether survey `target` can be reviewed: a holder's own survey whose ids leave room for the
/// review's prefixes (64 characters at most).
pub fn reviewable(target: &Survey) -> bool {
    target.audience == Audience::Journey
        && PREFIX.len() + target.id.len() <= 64
        && target
            .questions()
            .all(|q| QUESTION_PREFIX.len() + q.id.len() <= 64)
}

/// The review of `target`: the participant's `college` (the session survey's question, when
/// there is one), then each question of the grid, section by section, with keep, reword or
/// drop, then a question to propose, kept on the facilitator's device.
pub fn review(target: &Survey, college: Option<&Question>) -> Option<Survey> {
    if !reviewable(target) {
        return None;
    }
    let english = target.languages.contains(&Lang::En);
    let t = |fr: &str, en: &str| Text {
        fr: fr.into(),
        en: english.then(|| en.into()),
    };
    let mut sections = Vec::new();
    if let Some(college) = college {
        let mut college = college.clone();
        college.show_if = None;
        college.indicator = None;
        if !english {
            strip_english(&mut college);
        }
        sections.push(Section {
            id: "vous".into(),
            title: t("Vous", "You"),
            description: None,
            questions: vec![college],
        });
    }
    let options: Vec<Choice> = Verdict::ALL
        .into_iter()
        .map(|v| {
            let mut label = v.label();
            if !english {
                label.en = None;
            }
            Choice {
                id: v.id().into(),
                label,
                score: None,
            }
        })
        .collect();
    for section in &target.sections {
        sections.push(Section {
            id: section.id.clone(),
            title: section.title.clone(),
            description: Some(t(
                "Pour chaque question : la garder, la reformuler ou la retirer de la grille ?",
                "For each question: keep it, reword it or drop it from the grid?",
            )),
            questions: section
                .questions
                .iter()
                .map(|q| {
                    Question::shareable(
                        review_question(&q.id),
                        q.label.clone(),
                        Kind::Single {
                            options: options.clone(),
                            other: false,
                        },
                    )
                })
                .collect(),
        });
    }
    sections.push(Section {
        id: "proposer".into(),
        title: t("Une question à ajouter ?", "A question to add?"),
        description: Some(t(
            "Votre proposition reste sur l’appareil de l’animateur·rice : elle n’est jamais envoyée.",
            "Your proposal stays on the facilitator’s device: it is never sent.",
        )),
        questions: vec![Question {
            id: PROPOSAL.into(),
            label: t(
                "La question que vous proposez (facultatif)",
                "The question you propose (optional)",
            ),
            help: None,
            required: false,
            show_if: None,
            indicator: None,
            shareable: false,
            headline: false,
            kind: Kind::Text { long: true },
        }],
    });
    Some(Survey {
        id: review_id(&target.id),
        version: target.version,
        languages: target.languages.clone(),
        title: Text {
            fr: format!("Révision de la grille : {}", target.title.fr),
            en: english.then(|| format!("Indicator grid review: {}", target.title.get(Lang::En))),
        },
        description: None,
        audience: Audience::Session,
        sessions: true,
        sections,
    })
}

fn strip_english(q: &mut Question) {
    q.label.en = None;
    if let Some(h) = &mut q.help {
        h.en = None;
    }
    if let Kind::Single { options, .. } | Kind::Multiple { options, .. } = &mut q.kind {
        for o in options {
            o.label.en = None;
        }
    }
}

/// Every review the surveys `surveys` allow, each with a file name of its own: the server
/// and every device derive the same ones, so a review's totals are checked as any survey's.
pub fn reviews(surveys: &[(String, Survey)]) -> Vec<(String, Survey)> {
    // Only the latest version of a grid is reviewed; older files stay for their readings.
    let latest = crate::versions::latest_files(surveys);
    let college = latest
        .iter()
        .filter(|(_, s)| s.audience == Audience::Session)
        .find_map(|(_, s)| s.question(super::COLLEGE_QUESTION));
    latest
        .into_iter()
        .filter_map(|(file, s)| Some((format!("{file} (review)"), review(s, college)?)))
        .collect()
}

/// How the room answered one question of the grid, from the released table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Said {
    pub keep: u64,
    pub reword: u64,
    pub drop: u64,
}

impl Said {
    /// The verdict most answers gave; keep when nothing is released or on a tie with keep,
    /// reword on a tie between reword and drop (a question is only dropped by a clear choice).
    pub fn verdict(self) -> Verdict {
        if self.drop > self.keep && self.drop > self.reword {
            Verdict::Drop
        } else if self.reword > self.keep {
            Verdict::Reword
        } else {
            Verdict::Keep
        }
    }

    /// How many answers were released for the question.
    pub fn total(self) -> u64 {
        self.keep + self.reword + self.drop
    }
}

/// The value for question `id` in a list by question (in the grid's order, as [`said`] gives
/// them), or the default. Lists rather than maps: the app carries less code for them.
pub fn of<T: Copy + Default>(list: &[(String, T)], id: &str) -> T {
    list.iter()
        .find(|(q, _)| q == id)
        .map(|(_, v)| *v)
        .unwrap_or_default()
}

/// What the room said of each question of `target`, in order, read from a released table of
/// its review.
pub fn said(target: &Survey, release: &Release) -> Vec<(String, Said)> {
    target
        .questions()
        .map(|q| {
            let asked = review_question(&q.id);
            let mut said = Said::default();
            for cell in release
                .questions
                .iter()
                .filter(|r| r.question == asked)
                .flat_map(|r| &r.cells)
            {
                match Verdict::from_id(&cell.bucket) {
                    Some(Verdict::Keep) => said.keep += cell.count,
                    Some(Verdict::Reword) => said.reword += cell.count,
                    Some(Verdict::Drop) => said.drop += cell.count,
                    None => {}
                }
            }
            (q.id.clone(), said)
        })
        .collect()
}

/// Why the next version cannot be written as decided.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RevisionError {
    #[error("question {dropped:?} cannot be dropped: question {by:?} is asked only by its answer")]
    NeededBy { dropped: String, by: String },
    #[error("every question would be dropped: a survey needs at least one")]
    Empty,
    #[error("the next version does not pass the survey check: {}", .0.join("; "))]
    Invalid(Vec<String>),
}

/// The next version of `target`: kept questions as they were, dropped ones removed, reworded
/// ones under a new id (`ID-vN`, so that their answers are never compared with the old
/// wording's) and marked for editing; the version raised. Returns the survey and its file.
/// The room's proposals are not written in it: the file goes to the server's survey folder,
/// and a participant's free text never leaves the facilitator's device.
///
/// The grid passed the survey check; what a review can break is checked here (a dropped
/// question others depend on, an empty grid, an id used twice). With the `toml` feature the
/// file is also read back by the survey check itself; the app leaves that parser out (about
/// 100 KiB) and relies on the writer, which the tests read back for every shipped survey.
pub fn next_version(
    target: &Survey,
    verdicts: &[(String, Verdict)],
    said: &[(String, Said)],
) -> Result<(Survey, String), RevisionError> {
    let verdict = |id: &str| of(verdicts, id);
    let version = target.version + 1;
    let mut renamed: Vec<(String, String)> = Vec::new();
    for q in target.questions() {
        match verdict(&q.id) {
            Verdict::Drop => {
                if let Some(by) = target.questions().find(|o| {
                    verdict(&o.id) != Verdict::Drop
                        && o.show_if
                            .as_ref()
                            .is_some_and(|c| c.comparisons().iter().any(|(r, _, _)| *r == q.id))
                }) {
                    return Err(RevisionError::NeededBy {
                        dropped: q.id.clone(),
                        by: by.id.clone(),
                    });
                }
            }
            Verdict::Reword => {
                renamed.push((q.id.clone(), reworded_id(&q.id, version)));
            }
            Verdict::Keep => {}
        }
    }
    let mut next = target.clone();
    next.version = version;
    for section in &mut next.sections {
        section
            .questions
            .retain(|q| verdict(&q.id) != Verdict::Drop);
        for q in &mut section.questions {
            if let Some((_, new)) = renamed.iter().find(|(old, _)| *old == q.id) {
                q.id = new.clone();
            }
            if let Some(c) = &mut q.show_if {
                for (old, new) in &renamed {
                    c.rename(old, new);
                }
            }
        }
    }
    next.sections.retain(|s| !s.questions.is_empty());
    if next.sections.is_empty() {
        return Err(RevisionError::Empty);
    }
    let notes = |id: &str| -> Vec<String> {
        let Some((old, _)) = renamed.iter().find(|(_, new)| new == id) else {
            return Vec::new();
        };
        let s = of(said, old);
        vec![format!(
            "À REFORMULER (la salle : {} pour garder, {} pour reformuler, {} pour retirer).\n\
             Nouvel identifiant : ses réponses ne seront pas comparées à celles de « {old} ».",
            s.keep, s.reword, s.drop
        )]
    };
    let mut file = format!(
        "# Version {version} de « {} », écrite après une révision de la grille en séance.\n\n",
        target.title.fr.replace('\n', " ")
    );
    file.push_str(&crate::survey_file::write(&next, &notes));
    let ids: Vec<&str> = next.questions().map(|q| q.id.as_str()).collect();
    let twice: Vec<String> = ids
        .iter()
        .enumerate()
        .filter(|(i, id)| ids[..*i].contains(id))
        .map(|(_, id)| format!("question id {id:?} would be used twice"))
        .collect();
    if !twice.is_empty() {
        return Err(RevisionError::Invalid(twice));
    }
    #[cfg(feature = "toml")]
    match crate::load::load(&format!("{}.toml", target.id), &file) {
        Ok(read) if read == next => {}
        Ok(_) => {
            return Err(RevisionError::Invalid(vec![
                "the file does not read back as the survey it was written from".into(),
            ]));
        }
        Err(errors) => {
            return Err(RevisionError::Invalid(
                errors.iter().map(ToString::to_string).collect(),
            ));
        }
    }
    Ok((next, file))
}

/// A reworded question's id in version `version`: `ID-vN`, its old version suffix replaced.
fn reworded_id(id: &str, version: u32) -> String {
    let base = match id.rsplit_once("-v") {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => id,
    };
    let suffix = format!("-v{version}");
    let keep = 64usize.saturating_sub(suffix.len()).min(base.len());
    let mut cut = keep;
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{suffix}", &base[..cut])
}

#[cfg(all(test, feature = "toml"))]
mod tests;
