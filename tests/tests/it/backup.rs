//! A backup imported on a device: read by the browser's JSON parser, refused by name when it
//! cannot be read whole, and the device keeping what it had.

use crate::harness::{Browser, Server, TempDir};

#[tokio::test]
async fn a_backup_that_cannot_be_read_whole_is_refused_saying_where() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .create_profile(&server.url, "Camille", "Épicerie « Le Panier »")
        .await?;
    browser.capture_downloads().await?;
    browser.click(".backup .card__actions button").await?;
    let backup = browser.first_download().await?;
    assert!(backup.contains("\"pseudonym\": \"Camille\""), "{backup}");

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
        .wait_text(".backup__status", "ce fichier n'est pas lisible")
        .await?;
    let said = browser.wait_text(".backup__status", "ligne").await?;
    let bare: String = said.chars().filter(|c| c.is_alphanumeric()).collect();
    assert!(bare.contains("ligne3colonne12"), "{said}");
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

    // The same backup whole is read and merged: nothing new, nothing lost.
    import("entiere.json", backup).await?;
    browser
        .wait_text(".backup__status", "Sauvegarde importée")
        .await?;
    let profiles = browser.wait_text(".profiles", "Camille").await?;
    assert_eq!(profiles.matches("Camille").count(), 1, "{profiles}");
    browser.close().await?;
    server.stop().await?;
    Ok(())
}
