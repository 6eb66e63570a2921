//! The review survey, what the room said, and the next version written from it.

use super::*;
use crate::disclosure::{ReleasedCell, ReleasedQuestion};

fn shipped(name: &str) -> (String, Survey) {
    let file = format!("{}/../../surveys/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&file).expect("a shipped survey");
    let survey = crate::load::load(&file, &src).expect("valid");
    (file, survey)
}

fn grid() -> Survey {
    shipped("auto-evaluation").1
}

#[test]
fn the_review_asks_each_question_of_the_grid_and_passes_the_survey_check() {
    let surveys = vec![shipped("auto-evaluation"), shipped("seance-collective")];
    let reviews = reviews(&surveys);
    assert_eq!(reviews.len(), 1, "only the holder's survey is a grid");
    let review = &reviews[0].1;
    assert_eq!(review.id, "revision-auto-evaluation");
    assert_eq!(target_of(&review.id), Some("auto-evaluation"));
    assert!(review.in_sessions());
    let grid = grid();
    for q in grid.questions() {
        let asked = review.question(&review_question(&q.id)).expect("asked");
        assert_eq!(asked.label, q.label);
        assert!(asked.shareable);
        let ids: Vec<&str> = asked.kind.options().iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["garder", "reformuler", "retirer"]);
    }
    // The college as the session survey asks it; the proposal never leaves the device.
    assert!(review.question(crate::share::COLLEGE_QUESTION).is_some());
    assert!(!review.question(PROPOSAL).unwrap().shareable);
    // The derived survey is a valid survey file too.
    let file = crate::survey_file::write(review, &|_| Vec::new());
    assert_eq!(crate::load::load("review.toml", &file).as_ref(), Ok(review));
}

fn release(counts: &[(&str, [u64; 3])]) -> Release {
    Release {
        threshold: 3,
        noise: 2,
        policy: crate::disclosure::Policy::Perturb,
        contributions: Some(9),
        questions: counts
            .iter()
            .map(|(q, c)| ReleasedQuestion {
                question: review_question(q),
                cells: Verdict::ALL
                    .iter()
                    .zip(c)
                    .map(|(v, n)| ReleasedCell {
                        bucket: v.id().into(),
                        count: *n,
                    })
                    .collect(),
                total: c.iter().sum(),
                partial: false,
            })
            .collect(),
    }
}

#[test]
fn the_room_decides_by_most_answers_and_drops_only_by_a_clear_choice() {
    let grid = grid();
    let said = said(
        &grid,
        &release(&[
            ("prix", [1, 2, 6]),
            ("comptabilite", [2, 5, 2]),
            ("confiance", [4, 4, 1]),
            ("decisions", [1, 4, 4]),
        ]),
    );
    assert_eq!(of(&said, "prix").verdict(), Verdict::Drop);
    assert_eq!(of(&said, "comptabilite").verdict(), Verdict::Reword);
    assert_eq!(
        of(&said, "confiance").verdict(),
        Verdict::Keep,
        "a tie keeps"
    );
    assert_eq!(of(&said, "decisions").verdict(), Verdict::Reword);
    assert_eq!(of(&said, "isolement"), Said::default());
    assert_eq!(of(&said, "isolement").verdict(), Verdict::Keep);
    let order: Vec<&str> = said.iter().map(|(q, _)| q.as_str()).collect();
    let grid_order: Vec<&str> = grid.questions().map(|q| q.id.as_str()).collect();
    assert_eq!(order, grid_order, "in the grid's order");
}

#[test]
fn the_next_version_keeps_drops_and_marks_rewordings_and_is_a_valid_file() {
    let grid = grid();
    let said = said(
        &grid,
        &release(&[("prix", [1, 2, 6]), ("activite-demarree", [1, 6, 2])]),
    );
    let verdicts: Vec<(String, Verdict)> =
        said.iter().map(|(q, s)| (q.clone(), s.verdict())).collect();
    let (next, file) = next_version(&grid, &verdicts, &said).expect("a valid next version");
    assert_eq!(next.version, grid.version + 1);
    assert!(next.question("prix").is_none(), "dropped");
    assert!(next.question("activite-demarree").is_none(), "renamed");
    let reworded = next.question("activite-demarree-v2").expect("reworded");
    assert_eq!(
        reworded.label,
        grid.question("activite-demarree").unwrap().label
    );
    // The questions asked by its answer follow it.
    let follows = next.question("date-demarrage").unwrap();
    assert_eq!(
        follows.show_if.as_ref().unwrap().to_string(),
        "activite-demarree-v2 = 'yes'"
    );
    assert_eq!(
        next.question("comptabilite"),
        grid.question("comptabilite"),
        "kept as it was"
    );
    assert_eq!(
        next.questions().count(),
        grid.questions().count() - 1,
        "one dropped"
    );
    assert!(
        file.contains(
            "# À REFORMULER (la salle : 1 pour garder, 6 pour reformuler, 2 pour retirer)."
        )
    );
    assert_eq!(crate::load::load("next.toml", &file), Ok(next.clone()));
    // Reworded again at the next review, it gets the next version's suffix, not a second one.
    let again = [("activite-demarree-v2".to_owned(), Verdict::Reword)];
    let (third, _) = next_version(&next, &again, &[]).unwrap();
    assert!(third.question("activite-demarree-v3").is_some());
}

#[test]
fn a_question_others_depend_on_is_not_dropped_and_a_grid_is_never_emptied() {
    let grid = grid();
    let drop = |ids: Vec<String>| -> Vec<(String, Verdict)> {
        ids.into_iter().map(|q| (q, Verdict::Drop)).collect()
    };
    assert_eq!(
        next_version(&grid, &drop(vec!["activite-demarree".into()]), &[]),
        Err(RevisionError::NeededBy {
            dropped: "activite-demarree".into(),
            by: "date-demarrage".into()
        })
    );
    // Dropped together with what depends on it, it goes.
    let (next, _) = next_version(
        &grid,
        &drop(vec![
            "activite-demarree".into(),
            "date-demarrage".into(),
            "premiers-clients".into(),
        ]),
        &[],
    )
    .unwrap();
    assert!(
        next.sections.iter().all(|s| s.id != "situation"),
        "an emptied section goes"
    );
    let all = drop(grid.questions().map(|q| q.id.clone()).collect());
    assert_eq!(next_version(&grid, &all, &[]), Err(RevisionError::Empty));
}

#[test]
fn reworded_ids_stay_within_the_limit() {
    assert_eq!(reworded_id("prix", 2), "prix-v2");
    assert_eq!(reworded_id("prix-v2", 3), "prix-v3");
    assert_eq!(reworded_id("prix-vieux", 3), "prix-vieux-v3");
    let long = "a".repeat(64);
    assert_eq!(reworded_id(&long, 12).len(), 64);
}
