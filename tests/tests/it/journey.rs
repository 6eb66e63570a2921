//! "Mon parcours" as a project holder meets it: a local profile created, kept across reloads,
//! refused when incomplete, and deleted only after a confirmation.

use fantoccini::Locator;

use crate::harness::{Browser, Server};

#[tokio::test]
async fn a_holder_creates_keeps_and_deletes_a_local_profile() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.wait_text("h1", "Mon parcours").await?;
    browser.wait_text(".profiles", "Aucun profil").await?;
    browser
        .wait_text("form.panel", "restent uniquement sur cet appareil")
        .await?;

    // An incomplete form is refused next to the empty field, and focus goes there.
    c.find(Locator::Css("form.panel button[type=submit]"))
        .await?
        .click()
        .await?;
    browser
        .wait_text("#profile-pseudonym-error", "Ce champ est à remplir")
        .await?;
    let focused = c
        .execute("return document.activeElement.id", vec![])
        .await?;
    assert_eq!(focused, "profile-pseudonym");

    c.find(Locator::Id("profile-pseudonym"))
        .await?
        .send_keys("Camille")
        .await?;
    c.find(Locator::Id("profile-project"))
        .await?
        .send_keys("Épicerie « Le Panier »")
        .await?;
    c.find(Locator::Css("form.panel button[type=submit]"))
        .await?
        .click()
        .await?;
    browser.wait_text(".profiles", "Camille").await?;
    browser
        .wait_text(".profiles", "Épicerie « Le Panier »")
        .await?;

    // Stored on the device: still there after a reload.
    c.refresh().await?;
    browser.wait_text(".profiles", "Camille").await?;

    // Deleting asks first; cancelling keeps it, confirming removes it.
    c.find(Locator::Css(".profile-card .button--quiet"))
        .await?
        .click()
        .await?;
    browser.wait_text(".confirm", "C'est définitif").await?;
    c.find(Locator::Css(".confirm .button--quiet"))
        .await?
        .click()
        .await?;
    browser.wait_text(".profiles", "Camille").await?;
    c.find(Locator::Css(".profile-card .button--quiet"))
        .await?
        .click()
        .await?;
    c.find(Locator::Css(".confirm .button--danger"))
        .await?
        .click()
        .await?;
    browser.wait_text(".profiles", "Aucun profil").await?;
    c.refresh().await?;
    browser.wait_text(".profiles", "Aucun profil").await?;

    browser.close().await?;
    server.stop().await?;
    Ok(())
}
