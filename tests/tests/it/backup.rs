//! A backup imported on a device: read by the browser's JSON parser, refused by name when it
//! cannot be read whole, and the device keeping what it had. A damaged record on the device:
//! named, and the others still listed, backed up, answered, shared and exported.

use fantoccini::Locator;

use crate::harness::{Browser, Server, TempDir, token};

#[tokio::test]
async fn a_backup_that_cannot_be_read_whole_is_refused_saying_where() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .create_profile(&server.url, "Camille", "Épicerie « Le Panier »")
        .await?;
    // The panel says when the device was last backed up: never yet, then today, still after a
    // reload (its data live nowhere else).
    browser
        .wait_text(".backup__last", "Aucune sauvegarde depuis cet appareil")
        .await?;
    browser.capture_downloads().await?;
    browser.click(".backup .card__actions button").await?;
    let backup = browser.first_download().await?;
    assert!(backup.contains("\"pseudonym\": \"Camille\""), "{backup}");
    // (WebDriver reads non-breaking spaces as spaces.)
    let today = crate::harness::today()
        .spoken(bilan_core::Lang::Fr)
        .replace('\u{a0}', " ");
    let said = format!("Dernière sauvegarde le {today}.");
    browser.wait_text(".backup__last", &said).await?;
    c.refresh().await?;
    browser.wait_text(".backup__last", &said).await?;

    let dir = TempDir::new("backup-refused");
    let import = |name: &'static str, text: String| {
        let file = dir.0.join(name);
        async move {
            std::fs::write(&file, text)?;
            c.find(fantoccini::Locator::Css(".backup__import input"))
                .await?
                .send_keys(&file.display().to_string())
                .await?;
            anyhow::Ok(())
        }
    };
    // Not JSON: the person is told so, and whoever helps them where the browser stopped.
    import(
        "coupee.json",
        "{\n  \"format\": \"bilan-backup\",\n  \"schema\" 1}".into(),
    )
    .await?;
    browser
        .wait_text(".backup__status", "ce fichier n’est pas lisible")
        .await?;
    let said = browser.wait_text(".backup__status", "ligne").await?;
    let bare: String = said.chars().filter(|c| c.is_alphanumeric()).collect();
    assert!(bare.contains("ligne3colonne12"), "{said}");
    // Shown while the reader switches language, it is said again in the language chosen, detail
    // included (it stayed in French).
    browser.click(".lang-switch__button[lang=en]").await?;
    let said = browser
        .wait_text(
            ".backup__status",
            "File refused, nothing was changed: this file cannot be read",
        )
        .await?;
    assert!(
        said.contains("Technical detail: line 3, column 12"),
        "{said}"
    );
    browser.click(".lang-switch__button[lang=fr]").await?;
    browser
        .wait_text(".backup__status", "ce fichier n’est pas lisible")
        .await?;
    // A field this version does not know: the data it carries would be lost, so nothing is
    // imported, and the field is named.
    let photos = backup.replace(
        "\"pseudonym\": \"Camille\"",
        "\"pseudonym\": \"Camille\",\n      \"photos\": [\"chantier.jpg\"]",
    );
    assert_ne!(photos, backup);
    import("photos.json", photos).await?;
    browser
        .wait_text(".backup__status", "unknown field `profiles.0.photos`")
        .await?;
    let profiles = browser.wait_text(".profiles", "Camille").await?;
    assert_eq!(profiles.matches("Camille").count(), 1, "{profiles}");
    // A session's file, picked here by mistake: said to be one, with where it goes.
    import(
        "seance.json",
        "{\"format\": \"bilan-session\", \"schema\": 1}".into(),
    )
    .await?;
    browser
        .wait_text(
            ".backup__status",
            "c’est le fichier d’une séance, à importer avec « Importer un fichier de séance » (page Séances collectives)",
        )
        .await?;

    // The same backup whole is read and merged: nothing new, nothing lost.
    import("entiere.json", backup).await?;
    browser
        .wait_text(
            ".backup__status",
            "Sauvegarde importée : rien de nouveau, cet appareil avait déjà tout.",
        )
        .await?;
    let profiles = browser.wait_text(".profiles", "Camille").await?;
    assert_eq!(profiles.matches("Camille").count(), 1, "{profiles}");
    browser.click(".lang-switch__button[lang=en]").await?;
    browser
        .wait_text(
            ".backup__status",
            "Backup imported: nothing new, this device already had it all.",
        )
        .await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// Records put in the device's storage as no version of Bilan writes them (a damaged disk, a
/// hand edit): profile `p-abime`, session `s-abime`, outbox entry `o-abime`, and reading
/// `r-abime` and draft `d-abime` of the one profile there was, whose id it answers. The browser
/// is also said to have refused to keep the data, so that the journey warns and offers a backup.
const DAMAGED: &str = r#"
const done = arguments[0];
const request = indexedDB.open("bilan");
request.onerror = () => done("cannot open: " + request.error);
request.onsuccess = () => {
  const stores = ["profiles", "sessions", "readings", "drafts", "outbox", "settings"];
  const tx = request.result.transaction(stores, "readwrite");
  const profiles = tx.objectStore("profiles").getAll();
  let id = null;
  profiles.onsuccess = () => {
    id = profiles.result[0].id;
    tx.objectStore("readings").put({ id: "r-abime", profile_id: id, submitted_at: "hier" });
    tx.objectStore("drafts").put({ id: "d-abime", profile_id: id, survey_id: 7 });
    tx.objectStore("profiles").put({ id: "p-abime", pseudonym: 42 });
  };
  tx.objectStore("sessions").put({ id: "s-abime", title: 42 });
  tx.objectStore("outbox").put({ id: "o-abime", queued_at: "hier" });
  tx.objectStore("settings").put(false, "storage_persisted");
  tx.oncomplete = () => { request.result.close(); done(id); };
  tx.onerror = () => done("cannot write: " + tx.error);
};
"#;

#[tokio::test]
async fn a_damaged_record_on_the_device_is_named_and_hides_no_other() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let database = server.database_url();
    let token = token(&database, "contributor")?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    // The device is linked and shares, so that a damaged outbox entry has others to hold up.
    browser
        .sharing_holder(&server.url, &token, "Camille", "Épicerie")
        .await?;
    let camille = c.execute_async(DAMAGED, vec![]).await?;
    let camille = camille.as_str().unwrap_or_default().to_owned();
    assert!(
        !camille.is_empty() && !camille.starts_with("cannot"),
        "{camille}"
    );

    // The journey still lists Camille, and names the profile it cannot read, in French.
    c.refresh().await?;
    browser.wait_text(".profiles .cards", "Camille").await?;
    let said = browser
        .wait_text(".profiles .callout--error", "p-abime")
        .await?;
    // (WebDriver reads non-breaking spaces as spaces.)
    assert!(
        said.starts_with("Un profil de cet appareil est illisible (« p-abime ») et reste de côté"),
        "{said}"
    );
    // A backup keeps every record that can be read, and names those it left out: from the
    // warning that the browser may erase the data (which stays up to say so), and from the
    // backup panel.
    browser.capture_downloads().await?;
    browser.click(".eviction-warning__action").await?;
    let backup = browser.first_download().await?;
    assert!(backup.contains("\"pseudonym\": \"Camille\""), "{backup}");
    assert!(!backup.contains("abime"), "{backup}");
    let said = browser
        .wait_text(".eviction-warning__outcome", "p-abime")
        .await?;
    // The damaged session and outbox entry too: the backup holds the device's sessions and
    // the totals waiting to leave.
    assert!(
        said.contains("Sauvegarde écrite, sauf 5 enregistrements illisibles")
            && said.contains("r-abime")
            && said.contains("d-abime")
            && said.contains("s-abime")
            && said.contains("o-abime"),
        "{said}"
    );
    browser.click(".backup .card__actions button").await?;
    browser.wait_text(".backup__status", "p-abime").await?;

    // Camille's progress names the reading it cannot read, beside what it can show.
    c.goto(&format!("{}/progres/{camille}", server.url)).await?;
    browser.wait_text(".callout--error", "r-abime").await?;
    browser
        .wait_text(
            ".callout:not(.callout--error)",
            "Pas encore de bilan validé",
        )
        .await?;

    // The outbox's damaged entry is named, and the panel does not say everything was sent.
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.wait_text(".sharing__status", "o-abime").await?;
    browser
        .wait_text(".sharing__pending", "0 en attente")
        .await?;
    // Camille's survey names the draft it cannot read, and starts afresh; the damaged reading
    // does not keep a new one from being submitted, shown, shared and exported.
    c.goto(&format!(
        "{}/parcours/{camille}/auto-evaluation",
        server.url
    ))
    .await?;
    browser
        .wait_text(".page--survey .callout--error", "d-abime")
        .await?;
    crate::sync::answer_and_submit(&browser, &server.url).await?;
    c.goto(&format!("{}/parcours", server.url)).await?;
    // What the latest reading sends, in the preview (folded: its text is not rendered).
    browser
        .wait_js("document.querySelector('.sharing__cells')?.textContent.includes('score')")
        .await?;
    // The new reading's contribution leaves; the damaged entry stays, named.
    let mut counted = (0, 0);
    for _ in 0..100 {
        counted = crate::sync::counted(&database).await?;
        if counted != (0, 0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(counted, (1, 1));
    browser
        .wait_js("document.querySelector('.sharing__pending').dataset.pending === '0'")
        .await?;
    browser.wait_text(".sharing__status", "o-abime").await?;
    browser.capture_downloads().await?;
    browser.click(".profile-card__csv").await?;
    let csv = browser.first_download().await?;
    assert_eq!(csv.trim_end().split("\r\n").count(), 2, "{csv}");
    let said = browser
        .wait_text(".profile-card [role=status]", "r-abime")
        .await?;
    assert!(
        said.starts_with("Un bilan illisible de cet appareil n’est pas dans l’export"),
        "{said}"
    );

    // The sessions page names its damaged session, and does not say there is none.
    c.goto(&format!("{}/seances", server.url)).await?;
    browser
        .wait_text(".profiles .callout--error", "s-abime")
        .await?;
    assert!(
        c.find_all(Locator::Css(".profiles .empty"))
            .await?
            .is_empty()
    );

    // Each damaged record can be removed where it is named, once asked; the page is read again.
    // The session: the page then says there is none.
    remove_damaged(
        &browser,
        ".profiles",
        "Supprimer cet enregistrement illisible",
    )
    .await?;
    browser
        .wait_js(
            "document.querySelector('.profiles .empty') && !document.querySelector('.unreadable')",
        )
        .await?;
    // The profile, with its own drafts and readings: it has none, so Camille's damaged reading
    // and draft stay, and so does Camille.
    c.goto(&format!("{}/parcours", server.url)).await?;
    remove_damaged(
        &browser,
        ".profiles",
        "Supprimer ce profil illisible, avec ses bilans",
    )
    .await?;
    browser
        .wait_js("document.querySelector('.profiles .cards')?.textContent.includes('Camille') && !document.querySelector('.profiles .unreadable')")
        .await?;
    let keys = stored_keys(&browser).await?;
    assert!(
        !keys.contains("p-abime") && !keys.contains("s-abime") && keys.contains("r-abime"),
        "{keys}"
    );
    // The outbox entry, from the sharing panel.
    remove_damaged(&browser, ".sharing__status", "Supprimer cet enregistrement").await?;
    browser
        .wait_js("document.querySelector('.sharing__pending') && !document.querySelector('.sharing__status .unreadable')")
        .await?;
    // The reading, from Camille's progress; the draft, from her survey.
    c.goto(&format!("{}/progres/{camille}", server.url)).await?;
    remove_damaged(&browser, "main", "Supprimer cet enregistrement").await?;
    browser
        .wait_js("document.querySelector('.scores') && !document.querySelector('.unreadable')")
        .await?;
    c.goto(&format!(
        "{}/parcours/{camille}/auto-evaluation",
        server.url
    ))
    .await?;
    remove_damaged(&browser, "main", "Supprimer cet enregistrement").await?;
    browser
        .wait_js(
            "document.querySelector('.survey__section') && !document.querySelector('.unreadable')",
        )
        .await?;
    // Nothing damaged is left; what could be read is all there.
    let keys = stored_keys(&browser).await?;
    assert!(!keys.contains("abime"), "{keys}");
    assert!(keys.contains(&camille), "{keys}");
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// Presses "Retirer" on the damaged record named in `within`, checks the question says `asked`,
/// and confirms.
async fn remove_damaged(browser: &Browser, within: &str, asked: &str) -> anyhow::Result<()> {
    browser
        .click(&format!("{within} .unreadable__remove"))
        .await?;
    browser
        .wait_text(&format!("{within} .unreadable .confirm"), asked)
        .await?;
    browser
        .click(&format!("{within} .unreadable .confirm .button--danger"))
        .await
}

/// The keys of every store of the device's database, as JSON.
async fn stored_keys(browser: &Browser) -> anyhow::Result<String> {
    let keys = browser
        .client
        .execute_async(
            r#"const done = arguments[0];
            const request = indexedDB.open("bilan");
            request.onsuccess = () => {
              const stores = ["profiles", "sessions", "readings", "drafts", "outbox"];
              const tx = request.result.transaction(stores);
              const keys = {};
              for (const store of stores) {
                tx.objectStore(store).getAllKeys().onsuccess = (e) => { keys[store] = e.target.result; };
              }
              tx.oncomplete = () => { request.result.close(); done(JSON.stringify(keys)); };
            };
            request.onerror = () => done("cannot open: " + request.error);"#,
            vec![],
        )
        .await?;
    Ok(keys.as_str().unwrap_or_default().to_owned())
}
