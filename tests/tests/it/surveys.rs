//! The shipped surveys, and what a person who breaks a survey file sees from the command line
//! and from the server.

use std::process::Command;

use bilan_core::load::read_folder;
use bilan_core::survey::Audience;
use bilan_core::survey::Kind;
use bilan_core::{Indicator, Lang};

use crate::harness::{Server, TempDir, server_bin, workspace_root};

fn shipped() -> Vec<bilan_core::Survey> {
    match read_folder(&workspace_root().join("surveys")) {
        Ok(surveys) => surveys.into_iter().map(|(_, s)| s).collect(),
        Err(errors) => panic!("shipped surveys are broken:\n{errors:#?}"),
    }
}

#[test]
fn the_four_shipped_surveys_load_in_french_and_english() {
    let surveys = shipped();
    let ids: Vec<&str> = surveys.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "auto-evaluation",
            "bilan-annuel",
            "mesures-impact",
            "seance-collective"
        ]
    );
    for survey in &surveys {
        assert_eq!(survey.languages, [Lang::Fr, Lang::En], "{}", survey.id);
        for question in survey.questions() {
            assert!(
                question.label.en.is_some(),
                "{}/{} lacks English",
                survey.id,
                question.id
            );
            if matches!(question.kind, Kind::Text { .. }) {
                assert!(
                    !question.shareable,
                    "{}/{}: free text shared",
                    survey.id, question.id
                );
            }
        }
    }
}

#[test]
fn the_self_assessment_asks_five_to_eight_scales_per_progress_indicator() {
    let survey = shipped()
        .into_iter()
        .find(|s| s.id == "auto-evaluation")
        .unwrap();
    for indicator in [
        Indicator::Appropriation,
        Indicator::Professionnalisation,
        Indicator::DeveloppementPersonnel,
    ] {
        let scales = survey
            .questions()
            .filter(|q| q.indicator.is_some_and(|l| l.indicator == indicator))
            .filter(|q| matches!(q.kind, Kind::Scale { .. }))
            .count();
        assert!(
            (5..=8).contains(&scales),
            "{indicator}: {scales} scale questions"
        );
    }
    assert!(
        survey.questions().any(|q| q.show_if.is_some()),
        "a show_if branch to exercise"
    );
}

#[test]
fn impact_measures_cover_the_four_impact_families() {
    let survey = shipped()
        .into_iter()
        .find(|s| s.id == "mesures-impact")
        .unwrap();
    for indicator in &Indicator::ALL[3..] {
        assert!(
            survey
                .questions()
                .any(|q| q.indicator.is_some_and(|l| l.indicator == *indicator)),
            "nothing feeds {indicator}"
        );
    }
}

/// A survey folder with one good file and one broken one.
fn broken_folder() -> TempDir {
    let dir = TempDir::new("broken-surveys");
    let good = std::fs::read_to_string(workspace_root().join("surveys/bilan-annuel.toml")).unwrap();
    std::fs::write(dir.0.join("bilan-annuel.toml"), good).unwrap();
    std::fs::write(
        dir.0.join("casse.toml"),
        "id = \"casse\"\nversion = 1\nlanguages = [\"fr\"]\ntitle = { fr = \"Cassé\" }\n\n[[section]]\nid = \"s\"\ntitle = { fr = \"S\" }\n\n[[section.question]]\nid = \"q\"\nkind = \"text\"\nshareable = true\nlabel = { fr = \"Nom\" }\n",
    )
    .unwrap();
    dir
}

#[test]
fn survey_check_names_the_file_line_and_mistake() {
    let ok = Command::new(server_bin())
        .args(["survey", "check"])
        .arg(workspace_root().join("surveys"))
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("4 survey(s) valid"));

    let dir = broken_folder();
    let out = Command::new(server_bin())
        .args(["survey", "check"])
        .arg(&dir.0)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "{}:13:13: question \"q\": free text is never shareable (it could name someone)",
        dir.0.join("casse.toml").display()
    );
    assert!(stderr.contains(&expected), "stderr: {stderr}");
}

#[tokio::test]
async fn the_server_carries_the_shipped_surveys_and_starts_from_any_folder() -> anyhow::Result<()> {
    let elsewhere = TempDir::new("elsewhere");
    let check = Command::new(server_bin())
        .args(["survey", "check"])
        .current_dir(&elsewhere.0)
        .output()?;
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{said}");
    assert!(
        said.contains("4 survey(s) valid in the shipped surveys"),
        "{said}"
    );
    let mut server = tokio::process::Command::new(server_bin())
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database",
            "sqlite://bilan.db",
        ])
        .current_dir(&elsewhere.0)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let stdout = server.stdout.take().expect("stdout is piped");
    let line = crate::harness::wait_for_line(stdout, "http://", "bilan-server").await?;
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the line holds a URL")
        .trim_end_matches('/')
        .to_owned();
    // A session of the shipped session survey opens: the server knows it without a folder.
    let session = reqwest::Client::new()
        .get(format!("{url}/api/v1/sessions/ABC234XYZ"))
        .send()
        .await?;
    assert_eq!(
        session.status(),
        404,
        "an unknown code, but a working server"
    );
    server.kill().await?;
    Ok(())
}

#[test]
fn each_survey_says_who_answers_it() {
    let surveys = shipped();
    let role = |id: &str| {
        surveys
            .iter()
            .find(|s| s.id == id)
            .map(|s| (s.audience, s.in_sessions()))
    };
    assert_eq!(role("seance-collective"), Some((Audience::Session, true)));
    assert_eq!(role("auto-evaluation"), Some((Audience::Journey, true)));
    assert_eq!(role("mesures-impact"), Some((Audience::Journey, true)));
    assert_eq!(role("bilan-annuel"), Some((Audience::Figures, false)));
    let annual = surveys
        .iter()
        .find(|s| s.audience == Audience::Figures)
        .unwrap();
    let headlines: Vec<&str> = annual.headlines().map(|q| q.id.as_str()).collect();
    assert_eq!(
        headlines,
        [
            "personnes-accueillies",
            "personnes-accompagnees",
            "activites-creees",
            "emplois-crees"
        ]
    );
}

#[tokio::test]
async fn the_server_refuses_to_start_on_a_broken_survey_naming_it() {
    let dir = broken_folder();
    let err = Server::start_with(&dir.0, TempDir::new("refuse"))
        .await
        .err()
        .expect("must not start");
    assert!(err.to_string().contains("exited before printing"), "{err}");
    let out = Command::new(server_bin())
        .args(["serve", "--addr", "127.0.0.1:0", "--surveys"])
        .arg(&dir.0)
        .args(["--database", "sqlite::memory:"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refusing to start"), "{stderr}");
    assert!(stderr.contains("casse.toml:13:13"), "{stderr}");
}

#[tokio::test]
async fn a_survey_version_may_not_go_down_between_starts() -> anyhow::Result<()> {
    let surveys = TempDir::new("versions");
    let annual = std::fs::read_to_string(workspace_root().join("surveys/bilan-annuel.toml"))?;
    // The file is named unlike the survey id: the error must name the real file.
    let path = surveys.0.join("chiffres.toml");
    std::fs::write(&path, annual.replace("version = 1", "version = 3"))?;
    let server = Server::start_with(&surveys.0, TempDir::new("versions-db")).await?;
    let (status, data) = server.stop_keeping_data().await?;
    assert!(status.success());

    std::fs::write(&path, annual.replace("version = 1", "version = 2"))?;
    let database = format!("sqlite://{}", data.0.join("bilan.db").display());
    let out = Command::new(server_bin())
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database",
            &database,
            "--surveys",
        ])
        .arg(&surveys.0)
        .output()?;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:1:1: survey \"bilan-annuel\" is at version 2, but version 3 is already in use",
            path.display()
        )),
        "{stderr}"
    );
    Ok(())
}

#[tokio::test]
async fn a_broken_survey_dropped_in_while_running_is_refused_at_the_next_start_only()
-> anyhow::Result<()> {
    use crate::harness::copy_dir;
    let folder = TempDir::new("live-surveys");
    copy_dir(&workspace_root().join("surveys"), &folder.0)?;
    let server = Server::start_with(&folder.0, TempDir::new("live-server")).await?;
    std::fs::write(
        folder.0.join("cassee.toml"),
        "id = \"cassee\"\nversion = 1\nlanguages = [\"fr\"]\ntitle = { fr = \"Cassée\" }\n\n[[section]]\nid = \"s\"\n",
    )?;
    // The running server keeps serving the app and its API.
    let health = reqwest::get(format!("{}/api/v1/health", server.url)).await?;
    assert_eq!(health.status(), 200);
    let page = reqwest::get(format!("{}/parcours", server.url)).await?;
    assert_eq!(page.status(), 200);
    let (_, data) = server.stop_keeping_data().await?;
    // The next start refuses, naming the file and the line.
    let refused = match Server::start_with(&folder.0, data).await {
        Ok(_) => anyhow::bail!("the server started with a broken survey file"),
        Err(err) => err.to_string(),
    };
    assert!(refused.contains("cassee.toml:"), "{refused}");
    assert!(refused.contains("refusing to start"), "{refused}");
    Ok(())
}
