//! In a real headless Chromium: IndexedDB round trips and upgrades, and the mounted shell.

use bilan_core::Lang;
use bilan_web::storage::{Profile, SCHEMA_VERSION, Storage, StorageError, stores};
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

fn profile(id: &str, created_at: f64) -> Profile {
    Profile {
        id: id.into(),
        pseudonym: format!("Camille {id}"),
        project: "Épicerie solidaire « Le Panier »".into(),
        created_at,
    }
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

    let (older, newer) = (profile("b", 1.0), profile("a", 2.0));
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
    storage.close();
}

#[wasm_bindgen_test]
async fn upgrading_from_version_1_keeps_the_data() {
    let name = fresh("upgrade").await;
    let v1 = Storage::open(&name, 1).await.unwrap();
    assert_eq!(v1.version(), 1);
    v1.save_profile(&profile("p1", 5.0)).await.unwrap();
    v1.set_setting("lang", &"en").await.unwrap();
    v1.close();

    let latest = Storage::open(&name, SCHEMA_VERSION).await.unwrap();
    assert_eq!(latest.version(), SCHEMA_VERSION);
    assert_eq!(latest.profiles().await.unwrap(), vec![profile("p1", 5.0)]);
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

    // The choice reached IndexedDB, where the next visit will find it.
    let mut saved = None;
    for _ in 0..50 {
        saved = Storage::app()
            .await
            .unwrap()
            .setting::<String>("lang")
            .await
            .unwrap();
        if saved.as_deref() == Some(Lang::En.code()) {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(saved.as_deref(), Some("en"));
    drop(handle);
}
