//! The surveys the build wrote as JSON beside the app; the service worker keeps them offline.

use bilan_core::Survey;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Fetches and decodes survey `id`; the error says what failed, in words.
pub async fn load_survey(id: &str) -> Result<Survey, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let url = format!("/surveys/{id}.json");
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|_| {
            format!("cannot fetch {url}: the app may not be installed for offline use yet")
        })?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("{url}: the server answered {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| format!("{url}: unreadable"))?)
        .await
        .map_err(|_| format!("{url}: unreadable"))?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&text).map_err(|err| format!("{url}: {err}"))
}
