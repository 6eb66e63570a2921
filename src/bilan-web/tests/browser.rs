//! In a real headless Chromium: IndexedDB round trips and upgrades, and the mounted shell.

use bilan_core::Lang;
use bilan_core::answer::Answer;
use bilan_core::backup::{Backup, BackupError};
use bilan_core::file::{FileError, Kind};
use bilan_core::reading::{Draft, Profile, Reading};
use bilan_web::storage::{SCHEMA_VERSION, Storage, StorageError, stores};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses, deleted first in case a previous run left it.
async fn fresh(name: &str) -> String {
    let name = format!("bilan-test-{name}");
    Storage::delete(&name).await.unwrap();
    name
}

/// Lets the browser run timers, events and IndexedDB callbacks.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn profile(id: &str, created_at: i64) -> Profile {
    Profile {
        id: id.into(),
        pseudonym: format!("Camille {id}"),
        project: "Épicerie solidaire « Le Panier »".into(),
        created_at,
        updated_at: created_at,
        plan: Default::default(),
    }
}

fn draft(id: &str, profile: &str, level: i64, updated_at: i64) -> Draft {
    Draft {
        id: id.into(),
        profile_id: profile.into(),
        survey_id: "auto-evaluation".into(),
        survey_version: 1,
        answers: [("confiance".to_string(), Answer::Level(level))]
            .into_iter()
            .collect(),
        section: 2,
        updated_at,
        companion: Default::default(),
    }
}

fn reading(id: &str, profile: &str, at: i64) -> Reading {
    Reading {
        id: id.into(),
        profile_id: profile.into(),
        survey_id: "auto-evaluation".into(),
        survey_version: 1,
        answers: [("confiance".to_string(), Answer::Level(4))]
            .into_iter()
            .collect(),
        scores: Default::default(),
        submitted_at: at,
        companion: Default::default(),
        companion_scores: Default::default(),
    }
}

/// A self-assessment's contribution of 2026 with no cells, its id drawn from `n`.
fn contribution(n: u8) -> bilan_core::share::Contribution {
    bilan_core::share::Contribution {
        id: bilan_core::share::contribution_id([n; 16]),
        survey: "auto-evaluation".into(),
        version: 1,
        period: bilan_core::share::Period::Year(2026),
        session: None,
        participants: 1,
        cells: vec![],
    }
}

/// The draft of `profile` for `survey`, as the survey page finds it.
async fn draft_of(storage: &Storage, profile: &str, survey: &str) -> Option<Draft> {
    let drafts = storage.drafts(profile).await.unwrap().all().unwrap();
    drafts.into_iter().find(|d| d.survey_id == survey)
}

#[wasm_bindgen_test]
async fn schema_has_every_store_the_product_needs() {
    let name = fresh("stores").await;
    let storage = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    assert_eq!(storage.version(), SCHEMA_VERSION);
    let mut expected: Vec<String> = stores::ALL.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(storage.store_names(), expected);
    storage.close();
}

#[wasm_bindgen_test]
async fn settings_and_profiles_round_trip() {
    let name = fresh("roundtrip").await;
    let storage = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    assert_eq!(storage.setting::<String>("lang").await.unwrap(), None);
    storage.set_setting("lang", &"en").await.unwrap();
    storage.set_setting("lang", &"fr").await.unwrap();
    assert_eq!(
        storage.setting::<String>("lang").await.unwrap().as_deref(),
        Some("fr")
    );

    let (older, newer) = (profile("b", 1), profile("a", 2));
    storage.save_profile(&newer).await.unwrap();
    storage.save_profile(&older).await.unwrap();
    assert_eq!(
        storage.profiles().await.unwrap(),
        vec![older.clone(), newer.clone()]
    );
    assert_eq!(storage.profile("a").await.unwrap(), Some(newer.clone()));
    storage.delete_profile("b").await.unwrap();
    assert_eq!(storage.profiles().await.unwrap(), vec![newer]);
    assert_eq!(storage.profile("b").await.unwrap(), None);
    storage.close();

    // Data outlives the connection: a new one reads what the first wrote.
    let reopened = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    assert_eq!(
        reopened.setting::<String>("lang").await.unwrap().as_deref(),
        Some("fr")
    );
    reopened.close();
}

#[wasm_bindgen_test]
async fn two_changes_to_one_profile_at_once_both_stay() {
    use bilan_core::indicator::Indicator;
    use bilan_core::reading::Step;
    let name = fresh("profile-change").await;
    let storage = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    storage.save_profile(&profile("p1", 1)).await.unwrap();
    // Two tabs each write one line of the plan, both having read the profile before either
    // wrote: each change reads the profile as stored, so neither line is lost.
    let line = |indicator: Indicator, next: &str, at: i64| {
        let step = Step {
            next: next.into(),
            review_on: String::new(),
        };
        storage.change_profile(
            "p1",
            Box::new(move |p: &mut Profile| {
                p.plan.insert(indicator, step);
                p.updated_at = at;
            }),
        )
    };
    let (first, second) = futures::join!(
        line(Indicator::Appropriation, "Trouver un local", 7),
        line(Indicator::DeveloppementLocal, "Rencontrer la mairie", 8)
    );
    assert_eq!(first.unwrap().unwrap().plan.len(), 1);
    let written = second.unwrap().unwrap();
    assert_eq!(written.plan.len(), 2, "the second change saw the first");
    let stored = storage.profile("p1").await.unwrap().unwrap();
    assert_eq!(stored, written);
    assert_eq!(
        stored.plan[&Indicator::Appropriation].next,
        "Trouver un local"
    );
    assert_eq!(
        stored.plan[&Indicator::DeveloppementLocal].next,
        "Rencontrer la mairie"
    );
    assert_eq!(stored.updated_at, 8);
    // A profile this device does not have is said to be missing, and nothing is written.
    let missing = storage
        .change_profile("p9", Box::new(|p: &mut Profile| p.updated_at = 9))
        .await
        .unwrap();
    assert_eq!(missing, None);
    assert_eq!(storage.profiles().await.unwrap(), vec![stored]);
    storage.close();
}

#[wasm_bindgen_test]
async fn a_record_of_the_wrong_shape_is_reported_not_panicked_on() {
    let name = fresh("corrupt").await;
    let storage = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    storage
        .set_setting("persisted", &"not a bool")
        .await
        .unwrap();
    let err = storage.setting::<bool>("persisted").await.unwrap_err();
    match &err {
        StorageError::Corrupt { store, key, .. } => {
            assert_eq!((*store, key.as_str()), ("settings", "persisted"));
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("record \"persisted\" in settings cannot be read")
    );
    // A page says which kind of record in the reader's language, the storage's own words after.
    let said = err.said(Lang::Fr);
    assert!(
        said.starts_with(
            "Un réglage de cet appareil est illisible (\u{ab}\u{a0}persisted\u{a0}\u{bb}) et reste de côté. Détail\u{a0}: invalid type"
        ),
        "{said}"
    );
    // A record read among others is named by its id; a list shows the others beside it.
    storage.save_profile(&profile("p1", 5)).await.unwrap();
    // Writes a record as JSON, as no version of the app would, straight into `store`.
    let put = |store: &str, record: &str| {
        let put = js_sys::Function::new_with_args(
            "name, store, record",
            "return new Promise((done, fail) => {
               const open = indexedDB.open(name);
               open.onsuccess = () => {
                 const tx = open.result.transaction(store, 'readwrite');
                 tx.objectStore(store).put(JSON.parse(record));
                 tx.oncomplete = () => { open.result.close(); done(); };
                 tx.onerror = () => fail(tx.error);
               };
             })",
        );
        let written: js_sys::Promise = put
            .call3(
                &wasm_bindgen::JsValue::NULL,
                &name.as_str().into(),
                &store.into(),
                &record.into(),
            )
            .unwrap()
            .into();
        wasm_bindgen_futures::JsFuture::from(written)
    };
    put("profiles", r#"{"id": "p-broken", "pseudonym": 42}"#)
        .await
        .unwrap();
    match storage.profiles().await.unwrap_err() {
        StorageError::Corrupt { store, key, .. } => {
            assert_eq!((store, key.as_str()), ("profiles", "p-broken"));
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
    let listed = storage.readable_profiles().await.unwrap();
    assert_eq!(listed.records, vec![profile("p1", 5)]);
    let said = listed.unreadable[0].said(Lang::En);
    assert!(
        said.starts_with("A profile on this device cannot be read (“p-broken”) and is set aside."),
        "{said}"
    );
    assert!(
        matches!(&listed.unreadable[..], [StorageError::Corrupt { key, .. }] if key == "p-broken"),
        "{:?}",
        listed.unreadable
    );
    // A backup keeps every record that can be read and says which it left out; importing one
    // that holds the damaged record's id puts that copy in its place.
    let (backup, left_out) = storage.export_backup(0).await.unwrap();
    assert_eq!(backup.profiles, vec![profile("p1", 5)]);
    assert!(
        matches!(&left_out[..], [StorageError::Corrupt { key, .. }] if key == "p-broken"),
        "{left_out:?}"
    );
    let repair = Backup::new(0, vec![profile("p-broken", 3)], vec![], vec![]);
    storage
        .import_backup(repair.checked().unwrap())
        .await
        .unwrap();
    let listed = storage.readable_profiles().await.unwrap();
    assert_eq!(
        listed.records,
        vec![profile("p-broken", 3), profile("p1", 5)]
    );
    assert!(listed.unreadable.is_empty(), "{:?}", listed.unreadable);
    // A profile's damaged draft or reading, or a damaged outbox entry, is named beside the
    // others, which the survey page, the CSV export and the sync go on with.
    storage.save_draft(&draft("d1", "p1", 2, 10)).await.unwrap();
    storage
        .submit_reading(&reading("r1", "p1", 20), "none")
        .await
        .unwrap();
    put(
        "drafts",
        r#"{"id": "d-broken", "profile_id": "p1", "answers": 7}"#,
    )
    .await
    .unwrap();
    put(
        "readings",
        r#"{"id": "r-broken", "profile_id": "p1", "submitted_at": "hier"}"#,
    )
    .await
    .unwrap();
    put("outbox", r#"{"id": "o-broken", "queued_at": 1}"#)
        .await
        .unwrap();
    let named = |unreadable: &[StorageError]| -> Vec<String> {
        unreadable
            .iter()
            .map(|err| match err {
                StorageError::Corrupt { key, .. } => key.clone(),
                other => panic!("expected Corrupt, got {other:?}"),
            })
            .collect()
    };
    let drafts = storage.drafts("p1").await.unwrap();
    assert_eq!(drafts.records, vec![draft("d1", "p1", 2, 10)]);
    assert_eq!(named(&drafts.unreadable), ["d-broken"]);
    let readings = storage.readable_readings("p1").await.unwrap();
    assert_eq!(readings.records, vec![reading("r1", "p1", 20)]);
    assert_eq!(named(&readings.unreadable), ["r-broken"]);
    let outbox = storage.outbox().await.unwrap();
    assert!(outbox.records.is_empty(), "{:?}", outbox.records);
    assert_eq!(named(&outbox.unreadable), ["o-broken"]);
    assert_eq!(
        StorageError::Unavailable.said(Lang::En),
        "This browser’s storage is unavailable: nothing can be saved."
    );
    storage.close();
}

#[wasm_bindgen_test]
async fn upgrading_from_version_1_keeps_the_data() {
    let name = fresh("upgrade").await;
    let v1 = Storage::open(&name, 1).await.unwrap();
    assert_eq!(v1.version(), 1);
    v1.save_profile(&profile("p1", 5)).await.unwrap();
    v1.set_setting("lang", &"en").await.unwrap();
    v1.close();

    let latest = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    assert_eq!(latest.version(), SCHEMA_VERSION);
    assert_eq!(latest.profiles().await.unwrap(), vec![profile("p1", 5)]);
    assert_eq!(
        latest.setting::<String>("lang").await.unwrap().as_deref(),
        Some("en")
    );
    latest.close();

    // An older app meeting a newer database says so instead of failing obscurely.
    let err = Storage::open(&name, 1).await.unwrap_err();
    assert_eq!(err, StorageError::NewerSchema { known: 1 });
    assert!(err.to_string().contains("newer version of Bilan"));
}

#[wasm_bindgen_test]
async fn the_shell_mounts_in_french_and_the_switch_changes_the_text() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), bilan_web::App);

    let nav = || {
        host.query_selector("nav.app-nav")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert!(nav().contains("Mon parcours"), "{}", nav());
    assert!(nav().contains("Séances collectives"));
    assert!(nav().contains("Tableau de bord"));

    let english: web_sys::HtmlElement = host
        .query_selector("button[lang='en']")
        .unwrap()
        .expect("an EN button")
        .unchecked_into();
    english.click();
    sleep(50).await;
    assert!(nav().contains("My journey"), "{}", nav());
    assert_eq!(
        document
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    assert_eq!(
        host.query_selector("button[lang='en']")
            .unwrap()
            .unwrap()
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );

    // The choice is kept where the next visit reads it before its first screen.
    assert_eq!(
        bilan_web::browser::kept(bilan_web::browser::keys::LANG).as_deref(),
        Some(Lang::En.code())
    );
    drop(handle);

    // Mounted again, as on the next visit: in English from the start.
    let again = leptos::mount::mount_to(host.clone(), bilan_web::App);
    sleep(50).await;
    assert!(nav().contains("My journey"), "{}", nav());
    drop(again);
    bilan_web::browser::keep(bilan_web::browser::keys::LANG, Lang::Fr.code()).unwrap();
}

#[wasm_bindgen_test]
async fn a_draft_resumes_where_it_was_and_submitting_replaces_it_atomically() {
    let name = fresh("drafts").await;
    let storage = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    storage.save_profile(&profile("p1", 1)).await.unwrap();
    storage.save_draft(&draft("d1", "p1", 2, 10)).await.unwrap();
    storage.save_draft(&draft("d1", "p1", 3, 11)).await.unwrap();
    let resumed = draft_of(&storage, "p1", "auto-evaluation").await.unwrap();
    assert_eq!(
        (
            resumed.answers.get("confiance").cloned().unwrap(),
            resumed.section
        ),
        (Answer::Level(3), 2)
    );
    assert_eq!(draft_of(&storage, "p2", "auto-evaluation").await, None);

    storage
        .submit_reading(&reading("r2", "p1", 30), "d1")
        .await
        .unwrap();
    storage
        .submit_reading(&reading("r1", "p1", 20), "d-none")
        .await
        .unwrap();
    assert_eq!(draft_of(&storage, "p1", "auto-evaluation").await, None);
    let ids: Vec<String> = storage
        .readings("p1")
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, ["r1", "r2"], "oldest first");
    storage.close();
}

#[wasm_bindgen_test]
async fn a_backup_restores_the_same_data_on_a_fresh_database() {
    let source = fresh("backup-source").await;
    let storage = Storage::open(&source, SCHEMA_VERSION).await.unwrap();
    storage.save_profile(&profile("p1", 1)).await.unwrap();
    storage.save_profile(&profile("p2", 2)).await.unwrap();
    storage.save_draft(&draft("d1", "p1", 2, 10)).await.unwrap();
    // A shared review whose contribution has not left yet: it waits on the new device.
    let queued = bilan_core::share::Outgoing::new(contribution(0xb1), 20).of_reading("r1");
    storage
        .submit_sharing(&reading("r1", "p2", 20), "none", Some(&queued))
        .await
        .unwrap();
    // A facilitator's session and its participant's answer travel in the same file.
    let survey = session_survey();
    let mut session = new_session("s1", &survey);
    let mut answer = reading("r-s1", "", 30);
    answer.survey_id = survey.id.clone();
    session.add(answer, 30).unwrap();
    storage.save_session(&session).await.unwrap();
    let exported = storage.export_backup(99).await.unwrap().0;
    assert_eq!(exported.sessions, [session.clone()]);
    assert_eq!(exported.outbox, std::slice::from_ref(&queued));
    let text = serde_json::to_string_pretty(&exported).unwrap();
    storage.close();

    let target = fresh("backup-target").await;
    let fresh_db = Storage::open(&target, SCHEMA_VERSION).await.unwrap();
    // As the app reads a backup: the browser's JSON parser, then the checks.
    let read = || {
        bilan_web::browser::read_file::<Backup>(&text, Kind::Backup)
            .and_then(Backup::checked)
            .unwrap()
    };
    let merge = fresh_db.import_backup(read()).await.unwrap();
    assert_eq!(
        (
            merge.profiles.len(),
            merge.drafts.len(),
            merge.readings.len(),
            merge.sessions.len(),
            merge.outbox.len()
        ),
        (2, 1, 1, 1, 1)
    );
    let restored = fresh_db.export_backup(99).await.unwrap().0;
    assert_eq!(restored, exported);
    assert_eq!(fresh_db.session("s1").await.unwrap(), Some(session));
    assert_eq!(fresh_db.outbox().await.unwrap().records, [queued]);

    // Importing the same file again changes nothing.
    let again = fresh_db.import_backup(read()).await.unwrap();
    assert_eq!(
        (
            again.profiles.len()
                + again.drafts.len()
                + again.readings.len()
                + again.sessions.len()
                + again.outbox.len(),
            again.kept
        ),
        (0, 5)
    );
    fresh_db.close();
}

#[wasm_bindgen_test]
async fn a_corrupt_or_foreign_file_is_refused_and_changes_nothing() {
    let name = fresh("backup-refused").await;
    let storage = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    storage.save_profile(&profile("p1", 1)).await.unwrap();
    let before = storage.export_backup(0).await.unwrap().0;
    let good = serde_json::to_string(&before).unwrap();
    for (text, expected) in [
        (
            good[..good.len() - 3].to_string(),
            "this file is not valid JSON",
        ),
        (
            "{\"photos\": []}".to_string(),
            "this file is not a Bilan backup",
        ),
        (
            good.replace("\"schema\":2", "\"schema\":9"),
            "newer version of Bilan",
        ),
    ] {
        // As the app reads a backup: the browser's JSON parser, then the same checks.
        let err = bilan_web::browser::read_file::<Backup>(&text, Kind::Backup)
            .and_then(Backup::checked)
            .map(drop)
            .unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
        assert!(!matches!(err, BackupError::Damaged(..)) || expected.contains("damaged"));
    }
    assert_eq!(storage.export_backup(0).await.unwrap().0, before);
    storage.close();
}

#[wasm_bindgen_test]
async fn the_apps_file_reader_reads_a_backup_whole_and_says_where_json_stops() {
    let name = fresh("backup-reader").await;
    let storage = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    storage.save_profile(&profile("p1", 1)).await.unwrap();
    storage.save_draft(&draft("d1", "p1", 1, 2)).await.unwrap();
    let backup = storage.export_backup(7).await.unwrap().0;
    storage.close();
    let read = |text: &str| bilan_web::browser::read_file::<Backup>(text, Kind::Backup);
    let pretty = serde_json::to_string_pretty(&backup).unwrap();
    assert_eq!(
        read(&pretty).unwrap(),
        backup,
        "what the app writes, it reads"
    );

    let at = |text: &str| match read(text) {
        Err(FileError::NotJson { at }) => at,
        other => panic!("{text:?} read as {other:?}"),
    };
    // « Expected ':' after property name », at the `1` of the third line.
    assert_eq!(
        at("{\n  \"format\": \"bilan-backup\",\n  \"schema\" 1}"),
        Some((3, 12))
    );
    // Cut short, in a text or between values (« Unexpected end of JSON input »: its end).
    assert_eq!(at("{\n  \"format\": \"bilan-ba"), Some((2, 22)));
    assert_eq!(at("{\n  \"format\": "), Some((2, 13)));
    // Accented text before the fault counts as characters, not bytes.
    assert_eq!(at("{\"é\": 1,, }"), Some((1, 9)));
    // The browser gives no place for an unexpected token: none is made up.
    let err = read("{\"format\": nope}").unwrap_err();
    assert_eq!(err, FileError::NotJson { at: None });
    assert!(!err.to_string().contains("line"), "{err}");

    assert_eq!(
        read("[1, 2]").unwrap_err(),
        FileError::Foreign(Kind::Backup)
    );
    let extra = pretty.replace(
        "\"exported_at\": 7",
        "\"exported_at\": 7, \"photos\": [\"chantier.jpg\"]",
    );
    let damaged = |text: &str| match read(text).unwrap_err() {
        FileError::Damaged(Kind::Backup, detail) => detail,
        other => panic!("{other:?}"),
    };
    // A field this version does not know would be dropped: refused by name, as serde_json does.
    assert_eq!(damaged(&extra), "unknown field `photos`");
    let nested = pretty.replace(
        "\"pseudonym\":",
        "\"nickname\": \"Cam\",\n      \"pseudonym\":",
    );
    assert_eq!(damaged(&nested), "unknown field `profiles.0.nickname`");
    // An empty one carries nothing: as another version may write a profile's empty plan, which
    // this one leaves out.
    let null = pretty.replace("\"exported_at\": 7", "\"exported_at\": 7, \"photos\": null");
    assert_eq!(read(&null).unwrap(), backup);
    let empty = pretty.replace("\"pseudonym\":", "\"plan\": {},\n      \"pseudonym\":");
    assert!(empty.contains("\"plan\": {}"), "{empty}");
    assert_eq!(read(&empty).unwrap(), backup);
}

#[wasm_bindgen_test]
async fn deleting_a_profile_deletes_its_drafts_and_readings_only() {
    let name = fresh("cascade").await;
    let storage = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    for (p, at) in [("p1", 1), ("p2", 2)] {
        storage.save_profile(&profile(p, at)).await.unwrap();
        storage
            .save_draft(&draft(&format!("d-{p}"), p, 1, at))
            .await
            .unwrap();
        storage
            .submit_reading(&reading(&format!("r-{p}"), p, at), "none")
            .await
            .unwrap();
    }
    storage.delete_profile("p1").await.unwrap();
    let left = storage.export_backup(0).await.unwrap().0;
    assert_eq!(
        left.profiles
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        ["p2"]
    );
    assert_eq!(
        left.drafts
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        ["d-p2"]
    );
    assert_eq!(
        left.readings
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["r-p2"]
    );
    storage.close();
}

/// Counts the pixels of `canvas` that are not (near) white.
fn inked(canvas: &web_sys::HtmlCanvasElement) -> usize {
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = context
        .get_image_data(0.0, 0.0, canvas.width().into(), canvas.height().into())
        .unwrap()
        .data();
    data.chunks(4)
        .filter(|p| p[..3].iter().any(|&c| c < 200))
        .count()
}

/// The first and last rows of `canvas` with ink on them.
fn inked_rows(canvas: &web_sys::HtmlCanvasElement) -> (u32, u32) {
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let width = canvas.width() as usize;
    let data = context
        .get_image_data(0.0, 0.0, canvas.width().into(), canvas.height().into())
        .unwrap()
        .data();
    let rows: Vec<u32> = data
        .chunks(4 * width)
        .enumerate()
        .filter(|(_, row)| row.chunks(4).any(|p| p[..3].iter().any(|&c| c < 200)))
        .map(|(y, _)| y as u32)
        .collect();
    (rows[0], rows[rows.len() - 1])
}

fn canvas(width: u32) -> web_sys::HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").unwrap().unchecked_into();
    canvas
        .set_attribute("style", &format!("width: {width}px; display: block"))
        .unwrap();
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

#[wasm_bindgen_test]
async fn a_three_pointed_star_sits_in_the_middle_of_its_canvas() {
    use bilan_web::charts::{Figure, StarSeries, draw};
    // Three indicators make a triangle pointing up: centred on the canvas's middle, it left its
    // lower half-radius empty.
    let star = canvas(500);
    let mut values = [None; 7];
    for v in values.iter_mut().take(3) {
        *v = Some(60.0);
    }
    let one = StarSeries {
        label: "janvier".into(),
        values,
    };
    draw(&star, &Figure::Star(vec![one]), Lang::Fr).unwrap();
    let (top, bottom) = inked_rows(&star);
    let (above, below) = (top, star.height() - 1 - bottom);
    assert!(
        above.abs_diff(below) <= star.height() / 20,
        "{above} px above the drawing, {below} below, of {}",
        star.height()
    );
}

#[wasm_bindgen_test]
async fn two_views_that_agree_both_show_on_the_star() {
    use bilan_web::charts::{Figure, PALETTE, StarSeries, draw};
    // The holder and the accompagnateur give the same levels: the holder's dashed outline is
    // drawn over the other's, not hidden under it.
    let star = canvas(500);
    let same = [Some(60.0); 7];
    let views = vec![
        StarSeries {
            label: "Mon regard".into(),
            values: same,
        },
        StarSeries {
            label: "Le regard de l'accompagnateur·rice".into(),
            values: same,
        },
    ];
    draw(&star, &Figure::Star(views), Lang::Fr).unwrap();
    // Above the key, which shows both colours whatever the star does.
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    let above_key = f64::from(star.height()) - 80.0 * dpr;
    let (mine, theirs) = (
        pixels_of(&star, above_key, PALETTE[0]),
        pixels_of(&star, above_key, PALETTE[1]),
    );
    assert!(
        mine > 100 && theirs > 100,
        "holder {mine} px, accompagnateur {theirs} px"
    );
}

/// How many pixels of the canvas's top `height` are close to `colour`.
fn pixels_of(
    canvas: &web_sys::HtmlCanvasElement,
    height: f64,
    colour: plotters::style::RGBColor,
) -> usize {
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = context
        .get_image_data(0.0, 0.0, canvas.width().into(), height)
        .unwrap()
        .data();
    data.chunks(4)
        .filter(|p| {
            p[0].abs_diff(colour.0) < 24
                && p[1].abs_diff(colour.1) < 24
                && p[2].abs_diff(colour.2) < 24
        })
        .count()
}

#[wasm_bindgen_test]
async fn charts_draw_at_the_device_pixel_ratio_and_grow_with_their_data() {
    use bilan_core::Indicator;
    use bilan_web::charts::{Figure, StarSeries, draw};
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    let star = canvas(500);
    let one = StarSeries {
        label: "janvier".into(),
        values: [Some(40.0); 7],
    };
    draw(&star, &Figure::Star(vec![]), Lang::Fr).unwrap();
    let empty = inked(&star);
    assert_eq!(
        star.width(),
        (500.0 * dpr).round() as u32,
        "pixels follow the ratio"
    );
    draw(&star, &Figure::Star(vec![one.clone()]), Lang::Fr).unwrap();
    let drawn = inked(&star);
    assert!(
        drawn > empty + 500,
        "the reading adds ink: {empty} → {drawn}"
    );
    let two = StarSeries {
        label: "mars".into(),
        values: [Some(90.0); 7],
    };
    let before = star.height();
    draw(&star, &Figure::Star(vec![one, two]), Lang::Fr).unwrap();
    assert!(star.height() > before, "a legend makes room under the star");
    assert!(inked(&star) > drawn);

    let lines = canvas(600);
    let points = (0..50)
        .map(|k| {
            (
                1_700_000_000_000 + k * 86_400_000 * 7,
                (k % 10) as f64 * 10.0,
            )
        })
        .collect::<Vec<_>>();
    let figure = Figure::Lines(
        Indicator::ALL
            .iter()
            .map(|&i| (i, points.clone()))
            .collect(),
    );
    let ticks = draw(&lines, &figure, Lang::En).unwrap();
    assert!(inked(&lines) > 2000);
    // November 2023 to October 2024: real months, each once, January's tick on its first day.
    assert!((2..=5).contains(&ticks.len()), "{ticks:?}");
    assert!(ticks.contains(&"Jan\u{a0}2024".to_owned()), "{ticks:?}");
    let mut distinct = ticks.clone();
    distinct.dedup();
    assert_eq!(distinct, ticks);

    // Two reviews ten minutes apart and one three days later: on an axis of months they would
    // stand in one column; each has its place, named by its day and its rank that day.
    let morning = 1_709_287_200_000; // 1 March 2024, 10:00 UTC
    let days = [morning, morning + 600_000, morning + 3 * 86_400_000];
    let figure = Figure::Lines(vec![
        (Indicator::ALL[0], days.iter().map(|&t| (t, 50.0)).collect()),
        (Indicator::ALL[1], vec![(days[0], 20.0), (days[2], 80.0)]),
    ]);
    let ticks = draw(&lines, &figure, Lang::Fr).unwrap();
    assert_eq!(
        ticks,
        [
            "1er\u{a0}mars 2024 1er bilan",
            "1er\u{a0}mars 2024 2e bilan",
            "4\u{a0}mars 2024",
        ],
    );

    // Two indicators with the same scores: each review's markers stand side by side, and the
    // lines they share are drawn in dashes of either colour, so both show above the key along
    // the lines too, not only at the markers (where the second line covered the first).
    let same: Vec<(i64, f64)> = days.iter().map(|&t| (t, 50.0)).collect();
    // The plot is half the canvas's width tall; the key is under it.
    let plot = f64::from(lines.width()) * 0.5;
    draw(
        &lines,
        &Figure::Lines(vec![(Indicator::ALL[0], same.clone())]),
        Lang::Fr,
    )
    .unwrap();
    let alone = pixels_of(&lines, plot, bilan_web::charts::PALETTE[0]);
    let figure = Figure::Lines(vec![
        (Indicator::ALL[0], same.clone()),
        (Indicator::ALL[1], same),
    ]);
    draw(&lines, &figure, Lang::Fr).unwrap();
    let (first, second) = (
        pixels_of(&lines, plot, bilan_web::charts::PALETTE[0]),
        pixels_of(&lines, plot, bilan_web::charts::PALETTE[1]),
    );
    assert!(
        first * 10 > alone * 4 && second * 10 > alone * 4,
        "both indicators show along their line: {first} and {second} px, {alone} px alone"
    );
}

#[wasm_bindgen_test]
async fn a_shared_reading_and_its_contribution_are_stored_together_and_leave_when_acknowledged() {
    use bilan_core::share::Outgoing;
    let storage = Storage::open(&fresh("outbox").await, SCHEMA_VERSION)
        .await
        .unwrap();
    storage.save_draft(&draft("d1", "p1", 3, 5)).await.unwrap();
    let queued = Outgoing::new(contribution(0xc0), 10);
    storage
        .submit_sharing(&reading("r1", "p1", 10), "d1", Some(&queued))
        .await
        .unwrap();
    assert_eq!(storage.readings("p1").await.unwrap().len(), 1);
    assert!(
        storage
            .drafts("p1")
            .await
            .unwrap()
            .all()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        storage.outbox().await.unwrap().all().unwrap(),
        vec![queued.clone()]
    );
    // Sent again (its draft open in another tab, and written back there): refused, and nothing
    // changes, neither the draft nor the outbox.
    storage.save_draft(&draft("d1", "p1", 4, 6)).await.unwrap();
    let again = Outgoing::new(contribution(0xc9), 11);
    let refused = storage
        .submit_sharing(&reading("r1", "p1", 11), "d1", Some(&again))
        .await;
    assert!(
        matches!(refused, Err(StorageError::AlreadyStored)),
        "{refused:?}"
    );
    let kept = storage.readings("p1").await.unwrap();
    assert_eq!((kept.len(), kept[0].submitted_at), (1, 10));
    assert_eq!(storage.drafts("p1").await.unwrap().all().unwrap().len(), 1);
    assert_eq!(
        storage.outbox().await.unwrap().all().unwrap(),
        vec![queued.clone()]
    );
    storage.delete_record("drafts", "d1").await.unwrap();

    // A failed send is remembered with its backoff; an acknowledged one leaves the outbox only.
    let mut failed = queued.clone();
    failed.failed(20, "le serveur ne répond pas".into(), 0.5);
    storage
        .update_outbox(std::slice::from_ref(&failed))
        .await
        .unwrap();
    let stored = storage.outbox().await.unwrap().all().unwrap();
    assert_eq!((stored[0].attempts, stored[0].next_at), (1, 2_020));
    storage
        .remove_from_outbox(std::slice::from_ref(&queued.id))
        .await
        .unwrap();
    assert!(storage.outbox().await.unwrap().all().unwrap().is_empty());
    assert_eq!(
        storage.readings("p1").await.unwrap().len(),
        1,
        "the reading stays"
    );
    // A send that fails after its entry went (withdrawn with its reading) does not bring it
    // back.
    storage
        .update_outbox(std::slice::from_ref(&failed))
        .await
        .unwrap();
    assert!(storage.outbox().await.unwrap().all().unwrap().is_empty());
    // A reading deleted with its entry still queued: both go, the other reading stays.
    storage.save_draft(&draft("d2", "p1", 3, 5)).await.unwrap();
    let second = Outgoing::new(contribution(0xc1), 30).of_reading("r2");
    storage
        .submit_sharing(&reading("r2", "p1", 30), "d2", Some(&second))
        .await
        .unwrap();
    assert_eq!(
        storage.outbox().await.unwrap().all().unwrap(),
        vec![second.clone()]
    );
    storage
        .delete_keys(vec![
            ("readings", "r2".into()),
            ("outbox", second.id.clone()),
        ])
        .await
        .unwrap();
    assert!(storage.outbox().await.unwrap().all().unwrap().is_empty());
    let left = storage.readings("p1").await.unwrap();
    assert_eq!(
        left.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["r1"]
    );
    // A profile deleted takes its readings' waiting contributions with it, and no other's.
    let mut others = Vec::new();
    for (n, id, profile) in [(0xd1, "r3", "p1"), (0xd2, "r4", "p2")] {
        let entry = Outgoing::new(contribution(n), 40).of_reading(id);
        let draft_id = format!("d-{id}");
        storage
            .save_draft(&draft(&draft_id, profile, 3, 40))
            .await
            .unwrap();
        storage
            .submit_sharing(&reading(id, profile, 40), &draft_id, Some(&entry))
            .await
            .unwrap();
        if profile == "p2" {
            others.push(entry);
        }
    }
    storage.delete_profile("p1").await.unwrap();
    assert_eq!(storage.outbox().await.unwrap().all().unwrap(), others);
    assert!(storage.readings("p1").await.unwrap().is_empty());
    assert_eq!(storage.readings("p2").await.unwrap().len(), 1);
}

fn session_survey() -> bilan_core::Survey {
    bilan_core::load::load(
        "seance-collective.toml",
        include_str!("../../../surveys/seance-collective.toml"),
    )
    .unwrap()
}

fn new_session(id: &str, survey: &bilan_core::Survey) -> bilan_core::session::Session {
    bilan_core::session::Session::new(
        id.into(),
        "ABC234XYZ".into(),
        "Atelier",
        "2026-11-27",
        bilan_core::session::Format::BilanParticipatif,
        survey,
        bilan_core::disclosure::NoiseKey::new([4; 16]),
        1,
    )
    .unwrap()
}

#[wasm_bindgen_test]
async fn the_pin_is_kept_as_a_salted_hash_and_only_the_right_one_opens() {
    let stored = bilan_web::pin::hash_pin("2468").await.unwrap();
    let json = serde_json::to_string(&stored).unwrap();
    assert!(!json.contains("2468"), "{json}");
    assert_eq!(stored.hash.len(), 64);
    assert!(bilan_web::pin::verify_pin("2468", &stored).await);
    for wrong in ["2469", "", "24680", "8642"] {
        assert!(!bilan_web::pin::verify_pin(wrong, &stored).await, "{wrong}");
    }
    // A fresh salt each time: the same PIN never gives the same stored value.
    let again = bilan_web::pin::hash_pin("2468").await.unwrap();
    assert_ne!((&again.salt, &again.hash), (&stored.salt, &stored.hash));
    let mut tampered = stored.clone();
    tampered.salt = "zz".into();
    assert!(!bilan_web::pin::verify_pin("2468", &tampered).await);
}

#[wasm_bindgen_test]
fn local_ids_are_random_version_4_uuids() {
    let ids: Vec<String> = (0..64).map(|_| bilan_web::random::new_id()).collect();
    for id in &ids {
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12],
            "{id}"
        );
        assert!(
            id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
            "{id}"
        );
        assert!(parts[2].starts_with('4'), "version 4: {id}");
        assert!(parts[3].starts_with(['8', '9', 'a', 'b']), "variant: {id}");
    }
    let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len());
}

#[wasm_bindgen_test]
async fn closing_a_session_stores_it_closed_and_queues_its_totals_together() {
    use bilan_core::share::{Granularity, Outgoing};
    let survey = session_survey();
    let storage = Storage::open(&fresh("sessions").await, SCHEMA_VERSION)
        .await
        .unwrap();
    let mut session = new_session("s1", &survey);
    // One participant of the benevoles' college.
    let mut answers = session.preset(&survey);
    answers.insert(
        "college".into(),
        Answer::Choice {
            id: "benevoles".into(),
            other: None,
        },
    );
    let participant = Reading {
        id: "r1".into(),
        profile_id: String::new(),
        survey_id: survey.id.clone(),
        survey_version: survey.version,
        answers,
        scores: Default::default(),
        submitted_at: 2,
        companion: Default::default(),
        companion_scores: Default::default(),
    };
    session.add(participant, 2).unwrap();
    storage.save_session(&session).await.unwrap();
    let mut older = new_session("s0", &survey);
    older.date = "2025-06-01".into();
    storage.save_session(&older).await.unwrap();
    let listed: Vec<String> = storage
        .sessions()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, ["s1", "s0"], "the most recent day first");

    // Two closes at once (two tabs, two clicks): IndexedDB runs their transactions one after
    // the other, the second reads the session closed and queues nothing.
    let close = |at: i64| {
        let survey = survey.clone();
        storage.change_session("s1", move |s| {
            let mut n = 0u8;
            let totals: Vec<Outgoing> = s
                .close(
                    &survey,
                    Granularity::Year,
                    || {
                        n += 1;
                        bilan_core::share::contribution_id([n; 16])
                    },
                    at,
                )?
                .into_iter()
                .map(|c| Outgoing::new(c, at))
                .collect();
            let queued = totals.len();
            Ok::<_, bilan_core::session::SessionError>((queued, totals))
        })
    };
    let (first, second) = futures::join!(close(5), close(6));
    let queued = first.unwrap().unwrap().unwrap();
    assert!(queued > 0);
    assert_eq!(
        second.unwrap().unwrap(),
        Err(bilan_core::session::SessionError::Closed)
    );
    assert_eq!(
        storage.session("s1").await.unwrap().unwrap().closed_at,
        Some(5)
    );
    assert_eq!(storage.outbox().await.unwrap().all().unwrap().len(), queued);
    // A session this device does not have is said to be missing, and nothing is written.
    let missing = storage
        .change_session("s9", |_| Ok::<_, String>(((), Vec::new())))
        .await
        .unwrap();
    assert!(missing.is_none());
    let totals = vec![(); queued];
    storage.delete_session("s1").await.unwrap();
    assert!(storage.session("s1").await.unwrap().is_none());
    assert_eq!(
        storage.outbox().await.unwrap().all().unwrap().len(),
        totals.len(),
        "queued totals stay"
    );
}

/// Mounts a session's kiosk under `host`, as the kiosk page shows it.
fn mount_kiosk(
    host: &web_sys::HtmlElement,
    session: &bilan_core::session::Session,
    survey: &bilan_core::Survey,
) -> leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState> {
    use leptos::prelude::*;
    let (s, v) = (session.clone(), survey.clone());
    leptos::mount::mount_to(host.clone(), move || {
        bilan_web::i18n::provide_i18n();
        bilan_web::kiosk::provide_kiosk();
        view! {
            <leptos_router::components::Router>
                <bilan_web::pages::KioskView session=s.clone() survey=v.clone() />
            </leptos_router::components::Router>
        }
        .into_any()
    })
}

/// Clicks the element `css` under `host`.
fn click(host: &web_sys::HtmlElement, css: &str) {
    let el: web_sys::HtmlElement = host
        .query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .unchecked_into();
    el.click();
}

/// Clicks the `n`-th input of question `q`.
fn pick(host: &web_sys::HtmlElement, q: &str, n: u32) {
    let inputs = host
        .query_selector_all(&format!("[data-question='{q}'] input"))
        .unwrap();
    let el: web_sys::HtmlElement = inputs.item(n).unwrap().unchecked_into();
    el.click();
}

#[wasm_bindgen_test]
async fn the_kiosk_wipes_each_participants_answers_before_the_next() {
    let survey = session_survey();
    let storage = bilan_web::storage::Storage::app().await.unwrap();
    let session = new_session("kiosk-test", &survey);
    storage.save_session(&session).await.unwrap();

    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = mount_kiosk(&host, &session, &survey);
    sleep(50).await;

    for participant in 0..2u32 {
        let checked = |host: &web_sys::HtmlElement| -> Vec<String> {
            let list = host.query_selector_all("input:checked").unwrap();
            (0..list.length())
                .map(|i| {
                    let el: web_sys::Element = list.item(i).unwrap().unchecked_into();
                    el.closest("[data-question]")
                        .unwrap()
                        .unwrap()
                        .get_attribute("data-question")
                        .unwrap()
                })
                .collect()
        };
        // A fresh survey: nothing ticked, and the session's format, which the session answers,
        // not asked.
        assert!(checked(&host).is_empty(), "participant {participant}");
        assert!(
            host.query_selector("[data-question='format']")
                .unwrap()
                .is_none()
        );
        pick(&host, "college", 2 + participant);
        click(&host, ".survey__nav .button:last-child");
        sleep(30).await;
        for q in [
            "utile-appropriation",
            "utile-professionnalisation",
            "utile-developpement-personnel",
        ] {
            pick(&host, q, 3);
        }
        click(&host, ".survey__nav .button:last-child");
        sleep(30).await;
        for q in [
            "accord-indicateurs",
            "accord-priorites",
            "accord-gouvernance",
        ] {
            pick(&host, q, 4);
        }
        // The idea to improve the support has a step of its own.
        click(&host, ".survey__nav .button:last-child");
        sleep(30).await;
        let idea: web_sys::HtmlTextAreaElement = host
            .query_selector("textarea")
            .unwrap()
            .unwrap()
            .unchecked_into();
        idea.set_value(&format!("secret idea {participant}"));
        idea.dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        click(&host, ".survey__nav .button:last-child");
        sleep(30).await;
        assert!(
            host.text_content()
                .unwrap()
                .contains(&format!("secret idea {participant}")),
            "the summary shows it"
        );
        click(&host, ".survey__nav .button");
        sleep(300).await;

        // "Thank you": nothing of the answers is left on the page.
        let text = host.text_content().unwrap();
        assert!(text.contains("Merci — passez l’appareil"), "{text}");
        assert!(!text.contains("secret idea"), "{text}");
        assert!(
            host.query_selector("input:checked, textarea")
                .unwrap()
                .is_none()
        );
        click(&host, ".kiosk-next");
        sleep(50).await;
    }
    // Both readings are on the device, with their idea, and the next screen is blank again.
    let stored = storage.session("kiosk-test").await.unwrap().unwrap();
    assert_eq!(stored.responses.len(), 2);
    assert!(matches!(
        stored.responses[1].answers.get("suggestion"),
        Some(Answer::Text(t)) if t == "secret idea 1"
    ));
    // Each reading has the session's format, answered for them.
    assert!(stored.responses.iter().all(|r| matches!(
        r.answers.get("format"),
        Some(Answer::Choice { id, .. }) if id == "bilan-participatif"
    )));
    assert!(!host.text_content().unwrap().contains("secret idea"));
    drop(handle);
    storage.delete_session("kiosk-test").await.unwrap();
}

#[wasm_bindgen_test]
async fn a_format_the_survey_does_not_offer_is_asked_in_the_kiosk() {
    // A Pôle's own session survey, whose required format question does not offer the
    // session's: nothing answers it for the room, so it is asked, never hidden unanswered (the
    // participant would be held on a step with no error to see).
    let shipped = include_str!("../../../surveys/seance-collective.toml");
    let own = shipped
        .replace(
            "  { id = \"petit-dejeuner\", fr = \"Petit déjeuner\", en = \"Breakfast meeting\" },\n",
            "",
        )
        .replace(
            "id = \"format\"\nkind = \"single\"\n",
            "id = \"format\"\nkind = \"single\"\nrequired = true\n",
        );
    assert_ne!(own, shipped);
    let survey = bilan_core::load::load("seance-collective.toml", &own).unwrap();
    let mut session = new_session("kiosk-format", &survey);
    session.format = bilan_core::session::Format::PetitDejeuner;
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = mount_kiosk(&host, &session, &survey);
    sleep(50).await;
    assert!(
        host.query_selector("[data-question='format']")
            .unwrap()
            .is_some(),
        "the format is asked"
    );
    pick(&host, "college", 1);
    pick(&host, "format", 0);
    click(&host, ".survey__nav .button:last-child");
    sleep(30).await;
    assert!(
        host.query_selector("[data-question='college']")
            .unwrap()
            .is_none(),
        "on to the next step"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn wrong_pins_lock_the_kiosk_for_longer_and_longer_even_after_a_reload() {
    let survey = session_survey();
    let storage = bilan_web::storage::Storage::app().await.unwrap();
    let mut session = new_session("kiosk-pin", &survey);
    session.pin = Some(bilan_web::pin::hash_pin("2468").await.unwrap());
    storage.save_session(&session).await.unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let mount = |host: &web_sys::HtmlElement| mount_kiosk(host, &session, &survey);
    let try_pin = async |host: &web_sys::HtmlElement, pin: &str| -> String {
        if host.query_selector("#leave-pin").unwrap().is_none() {
            click(host, ".kiosk-leave__open");
            sleep(30).await;
        }
        let input: web_sys::HtmlInputElement = host
            .query_selector("#leave-pin")
            .unwrap()
            .unwrap()
            .unchecked_into();
        input.set_value(pin);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        click(host, ".kiosk-leave__form button[type=submit]");
        // PBKDF2 takes a moment.
        sleep(400).await;
        host.query_selector("#leave-error")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap_or_default()
    };
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = mount(&host);
    sleep(50).await;
    for i in 0..3 {
        let said = try_pin(&host, "1111").await;
        if i < 2 {
            assert_eq!(said, "Ce n’est pas le bon code PIN.", "try {i}");
        } else {
            assert!(
                said.starts_with("Trop d’essais. Réessayez dans 30"),
                "{said}"
            );
        }
    }
    // Even the right PIN waits now.
    let said = try_pin(&host, "2468").await;
    assert!(said.starts_with("Trop d’essais."), "{said}");
    drop(handle);
    host.remove();
    let stored = storage.session("kiosk-pin").await.unwrap().unwrap();
    assert_eq!(stored.pin_failures, 3);
    assert!(stored.pin_locked_until > js_sys::Date::now() as i64 + 20_000);
    // A reload (a fresh page on the same device) does not start over.
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = mount(&host);
    sleep(50).await;
    let said = try_pin(&host, "2468").await;
    assert!(said.starts_with("Trop d’essais."), "{said}");
    drop(handle);
    host.remove();
    storage.delete_session("kiosk-pin").await.unwrap();
}

#[wasm_bindgen_test]
async fn a_month_is_answered_by_its_name_and_its_year() {
    use bilan_core::answer::Answer;
    use leptos::prelude::*;
    let survey = bilan_core::load::load(
        "month.toml",
        r#"
id = "month"
version = 1
languages = ["fr", "en"]
title = { fr = "Mois", en = "Month" }

[[section]]
id = "s"
title = { fr = "S", en = "S" }

[[section.question]]
id = "depuis"
kind = "date"
precision = "month"
label = { fr = "Depuis quand ?", en = "Since when?" }
"#,
    )
    .unwrap();
    let question = survey.sections[0].questions[0].clone();
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let answers = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Option<Answer>>::new()));
    let seen = answers.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        bilan_web::i18n::provide_i18n();
        let seen = seen.clone();
        view! {
            <bilan_web::components::question_field::QuestionField
                question=question.clone()
                value=Signal::derive(|| None::<Answer>)
                error=Signal::derive(|| None::<String>)
                on_answer=move |a| seen.lock().unwrap().push(a)
                on_unread=|_| ()
            />
        }
        .into_any()
    });
    sleep(20).await;
    // The month by its name, in French; no answer until the year is there too.
    let select: web_sys::HtmlSelectElement = host
        .query_selector("select")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let names: Vec<String> = (0..select.length())
        .map(|i| select.item(i).unwrap().text_content().unwrap_or_default())
        .collect();
    assert_eq!(names[0], "Mois");
    assert_eq!(names[3], "mars");
    let change = || web_sys::Event::new("change").unwrap();
    select.set_value("03");
    select.dispatch_event(&change()).unwrap();
    let year: web_sys::HtmlInputElement = host
        .query_selector("input.month-field__year")
        .unwrap()
        .unwrap()
        .unchecked_into();
    year.set_value("2024");
    year.dispatch_event(&change()).unwrap();
    // A year of two digits is not a year: the answer is withdrawn.
    year.set_value("24");
    year.dispatch_event(&change()).unwrap();
    assert_eq!(
        *answers.lock().unwrap(),
        [None, Some(Answer::Date("2024-03".into())), None]
    );
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
fn a_charts_csv_opens_in_a_french_spreadsheet() {
    let bars = bilan_web::charts::Bars {
        categories: vec!["Bénévoles".into(), "Salarié·es; CDI".into()],
        series: vec![("Moyenne".into(), vec![Some(3.5), None])],
        max: None,
        decimals: 1,
        hidden: "masqué (< 5)".into(),
    };
    let fr = bars.csv("Utilité : appropriation", "Collège", bilan_core::Lang::Fr);
    assert_eq!(
        fr,
        "\u{feff}Utilité : appropriation\r\nCollège;Moyenne\r\nBénévoles;3,5\r\n\"Salarié·es; CDI\";masqué (< 5)\r\n"
    );
    let en = bars.csv("Usefulness", "College", bilan_core::Lang::En);
    assert!(en.contains("Bénévoles,3.5\r\n"), "{en}");
}

#[wasm_bindgen_test]
fn the_browsers_json_reader_reads_every_survey_and_answer_as_serde_json_wrote_them() {
    use bilan_web::browser::from_json;
    for (name, toml) in [
        (
            "auto-evaluation.toml",
            include_str!("../../../surveys/auto-evaluation.toml"),
        ),
        (
            "bilan-annuel.toml",
            include_str!("../../../surveys/bilan-annuel.toml"),
        ),
        (
            "mesures-impact.toml",
            include_str!("../../../surveys/mesures-impact.toml"),
        ),
        (
            "seance-collective.toml",
            include_str!("../../../surveys/seance-collective.toml"),
        ),
    ] {
        let survey = bilan_core::load::load(name, toml).unwrap();
        let written = serde_json::to_string(&survey).unwrap();
        assert_eq!(
            from_json::<bilan_core::Survey>(&written).ok().as_ref(),
            Some(&survey),
            "{name}"
        );
    }
    let refusal: bilan_core::wire::ErrorBody = from_json(r#"{"error":"code inconnu"}"#).unwrap();
    assert_eq!(refusal.error, "code inconnu");
    // A refusal's code, read by the browser's parser; a newer server's word as « other ».
    use bilan_core::wire::Refusal;
    let coded: bilan_core::wire::ErrorBody =
        from_json(r#"{"error":"period 2024 is not taken","code":"old-period"}"#).unwrap();
    assert_eq!(coded.code, Refusal::OldPeriod);
    let newer: bilan_core::wire::ErrorBody =
        from_json(r#"{"error":"x","code":"quota-exceeded"}"#).unwrap();
    assert_eq!(newer.code, Refusal::Other);
    // Said in the reader's words when the app knows the code, framed as the server's otherwise.
    use bilan_web::i18n::refused;
    assert!(refused(Lang::Fr, "old-period").starts_with("Le serveur ne prend que les réponses"));
    assert!(refused(Lang::En, "survey-version").starts_with("The server does not take"));
    assert!(refused(Lang::Fr, "forbidden").starts_with("Cet accès (jeton ou lien) ne permet pas"));
    assert!(refused(Lang::Fr, "storage-full").starts_with("Le serveur est plein pour le moment"));
    assert_eq!(
        refused(Lang::Fr, "too many cells: 900"),
        "Refusé par le serveur\u{a0}: too many cells: 900"
    );
    // What is wrong is named: broken JSON, and JSON of another shape.
    let broken = from_json::<bilan_core::wire::ErrorBody>(r#"{"error": "#)
        .unwrap_err()
        .to_string();
    assert!(broken.contains("JSON"), "{broken}");
    let other = from_json::<bilan_core::wire::ErrorBody>(r#"{"erreur":"x"}"#)
        .unwrap_err()
        .to_string();
    assert!(other.contains("error"), "{other}");
    // A value of the wrong type is named in serde's words, a number as JavaScript writes it
    // (the vendored serde-wasm-bindgen, without Rust's float formatter).
    for (json, said) in [
        (
            r#"{"error": 1.5}"#,
            "invalid type: floating point `1.5`, expected a string",
        ),
        (
            r#"{"error": 3}"#,
            "invalid type: floating point `3.0`, expected a string",
        ),
        (
            r#"{"error": true}"#,
            "invalid type: boolean `true`, expected a string",
        ),
    ] {
        let err = from_json::<bilan_core::wire::ErrorBody>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains(said), "{json}: {err}");
    }
}

#[wasm_bindgen_test]
fn numbers_are_written_and_read_as_a_number_field_does() {
    use bilan_web::browser::{number_text, read_number};
    for (x, text) in [
        (0.0, "0"),
        (12.0, "12"),
        (0.5, "0.5"),
        (-3.25, "-3.25"),
        (1e6, "1000000"),
    ] {
        assert_eq!(number_text(x), text);
        assert_eq!(read_number(text), Some(x), "{text}");
    }
    assert_eq!(read_number(" 42 "), Some(42.0));
    assert_eq!(read_number("1e3"), Some(1000.0));
    assert_eq!(read_number(".5"), Some(0.5));
    // What a person may type that is not a number.
    for text in [
        "", "  ", "abc", "12abc", "0x10", "Infinity", "1e", "--1", "1,5", "NaN",
    ] {
        assert_eq!(read_number(text), None, "{text:?}");
    }
}
