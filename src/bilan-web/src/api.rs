//! The one HTTP client of the app: every request to the server, with a token, and failures
//! said in words.

use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::storage::Storage;
use crate::sync::keys;

/// Why a request to the server gave nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer: offline, or the server is down.
    Unreachable,
    /// The server refused the token (401) or its role (403).
    Denied(String),
    /// Any other refusal, with the server's reason.
    Refused(u16, String),
    /// An answer this app cannot read (a server of another version, or a proxy's page).
    Unreadable(String),
}

thread_local! {
    /// The linked server's URL once read: every request needs it, and reading it from storage
    /// each time put a storage round trip before each of a page's chained requests.
    static SERVER: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The server's base URL this device was linked to; empty means the server serving the app.
pub async fn server() -> String {
    if let Some(known) = SERVER.with_borrow(Clone::clone) {
        return known;
    }
    let Ok(storage) = Storage::app().await else {
        return String::new();
    };
    match storage.setting::<String>(keys::SERVER).await {
        Ok(server) => {
            let server = server.unwrap_or_default();
            SERVER.with_borrow_mut(|slot| *slot = Some(server.clone()));
            server
        }
        Err(_) => String::new(),
    }
}

/// Makes [`server`] answer `base`, as read from storage at start-up, unless a newer link was
/// made meanwhile.
pub fn read_link(base: &str) {
    SERVER.with_borrow_mut(|slot| {
        slot.get_or_insert_with(|| base.to_owned());
    });
}

/// Makes [`server`] answer `base` from now on, once this device is linked to it.
pub fn linked_to(base: &str) {
    SERVER.with_borrow_mut(|slot| *slot = Some(base.to_owned()));
}

/// The token this device was linked with (a facilitator's, on a facilitator's laptop).
pub async fn device_token() -> Option<String> {
    Storage::app()
        .await
        .ok()?
        .setting::<String>(keys::TOKEN)
        .await
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

/// The board token kept on this device, if one was given.
pub async fn board_token() -> Option<String> {
    Storage::app()
        .await
        .ok()?
        .setting::<String>(keys::BOARD_TOKEN)
        .await
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

/// Keeps `token` as this device's board token (an empty one forgets it).
pub async fn set_board_token(token: &str) {
    if let Ok(s) = Storage::app().await {
        let _ = s.set_setting(keys::BOARD_TOKEN, &token).await;
    }
}

/// GETs `{server}/api/v1{path}` with `token` and decodes the JSON answer.
pub async fn get<T: DeserializeOwned>(path: &str, token: Option<&str>) -> Result<T, ApiFailure> {
    request(path, token, None).await
}

/// [`get`] from the server at `base` rather than the one this device was linked to.
pub async fn get_from<T: DeserializeOwned>(
    base: &str,
    path: &str,
    token: Option<&str>,
) -> Result<T, ApiFailure> {
    request_at(base, path, token, None).await
}

/// POSTs `body` as JSON to `{server}/api/v1{path}` with `token` and decodes the JSON answer.
pub async fn post<T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &(impl serde::Serialize + ?Sized),
) -> Result<T, ApiFailure> {
    request(path, token, Some(written(body)?)).await
}

/// [`post`] to the server at `base` rather than the one this device was linked to. A typed
/// `body` spares a phone `serde_json::Value`'s code.
pub async fn post_to<T: DeserializeOwned>(
    base: &str,
    path: &str,
    token: Option<&str>,
    body: &(impl serde::Serialize + ?Sized),
) -> Result<T, ApiFailure> {
    request_at(base, path, token, Some(written(body)?)).await
}

/// `body` as JSON text. Only a map with keys that are not text fails, which no request has:
/// said as a request this app cannot write, should one ever (without serde_json's wording of
/// it, whose messages a phone would download for a case that cannot happen).
fn written(body: &(impl serde::Serialize + ?Sized)) -> Result<String, ApiFailure> {
    serde_json::to_string(body)
        .map_err(|_| ApiFailure::Unreadable("the request could not be written as JSON".into()))
}

/// Fetches the file at `path` with `token` and offers it to the person as `name` (a board's
/// spreadsheet).
pub async fn save(path: &str, token: &str, name: &str) -> Result<(), ApiFailure> {
    let window = web_sys::window().ok_or(ApiFailure::Unreachable)?;
    let init = web_sys::RequestInit::new();
    let headers = web_sys::Headers::new().map_err(|_| ApiFailure::Unreachable)?;
    let _ = headers.set("Authorization", &format!("Bearer {token}"));
    init.set_headers(&headers);
    let url = format!("{}/api/v1{path}", server().await.trim_end_matches('/'));
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|_| ApiFailure::Unreachable)?
        .unchecked_into();
    let status = response.status();
    if status != 200 {
        let text = match response.text() {
            Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
            Err(_) => None,
        };
        return Err(refusal(status, &text.unwrap_or_default()));
    }
    let blob: web_sys::Blob = JsFuture::from(response.blob().map_err(|_| ApiFailure::Unreachable)?)
        .await
        .map_err(|_| ApiFailure::Unreachable)?
        .unchecked_into();
    crate::browser::download_blob(name, &blob);
    Ok(())
}

async fn request<T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<T, ApiFailure> {
    request_at(&server().await, path, token, body).await
}

async fn request_at<T: DeserializeOwned>(
    base: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<T, ApiFailure> {
    let text = answer_at(base, path, token, body).await?;
    crate::browser::from_json(&text)
        .map_err(|e| ApiFailure::Unreadable(format!("unreadable answer: {e}")))
}

/// The text of the server's answer when it accepted the request; its refusal else. The same
/// code for every type of answer: only reading the text into one is compiled for each.
async fn answer_at(
    base: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<String, ApiFailure> {
    let url = format!("{}/api/v1{path}", base.trim_end_matches('/'));
    let mut waited = 0;
    let response = loop {
        let response = send(&url, token, body.as_deref()).await?;
        // Over the token's rate (a board's report asks for many tables at once): wait as long as
        // the server says, then ask again, up to five times. A lookup without a token is limited
        // to slow down wrong session codes: its refusal is said, not retried. A phone's answers
        // are sent with the right code, and retried: the room's phones share one address, whose
        // wrong codes hold them all up a second, and a whole room may send at once.
        if response.status() == 429 && (token.is_some() || body.is_some()) && waited < 5 {
            waited += 1;
            let seconds = response
                .headers()
                .get("Retry-After")
                .ok()
                .flatten()
                .and_then(|s| s.trim().parse::<i32>().ok())
                .unwrap_or(1)
                .clamp(1, 5);
            crate::sync::sleep(seconds * 1000).await;
            continue;
        }
        break response;
    };
    let text = match response.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    let status = response.status();
    if status == 200 {
        return Ok(text);
    }
    Err(refusal(status, &text))
}

/// Sends one request to `url`: a GET, or a POST of `body` (JSON), with `token`.
async fn send(
    url: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Result<web_sys::Response, ApiFailure> {
    if token.is_none() && body.is_none() {
        // A plain GET, which `index.html` may have begun (a participant's session).
        return crate::browser::fetch(url)
            .await
            .map_err(|_| ApiFailure::Unreachable);
    }
    let window = web_sys::window().ok_or(ApiFailure::Unreachable)?;
    let init = web_sys::RequestInit::new();
    let headers = web_sys::Headers::new().map_err(|_| ApiFailure::Unreachable)?;
    if let Some(t) = token {
        let _ = headers.set("Authorization", &format!("Bearer {t}"));
    }
    if let Some(body) = body {
        init.set_method("POST");
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    init.set_headers(&headers);
    Ok(JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| ApiFailure::Unreachable)?
        .unchecked_into())
}

/// A refusal in the server's one JSON shape (or its status, when the body is not that shape).
/// A refusal the app says in its own words keeps its code as its reason
/// ([`crate::i18n::Words::refused`] says it).
fn refusal(status: u16, text: &str) -> ApiFailure {
    use bilan_core::wire::Refusal;
    /// [`bilan_core::wire::ErrorBody`] with its code as written: the app compares it with the
    /// few it says itself, and a phone need not carry every code's word to read it.
    #[derive(serde::Deserialize)]
    struct Refused {
        error: String,
        #[serde(default)]
        code: String,
    }
    let reason = crate::browser::from_json::<Refused>(text)
        .map(|body| {
            if crate::i18n::SAID.iter().any(|(r, _)| r.code() == body.code) {
                body.code
            } else {
                body.error
            }
        })
        .unwrap_or_else(|_| format!("HTTP {status}"));
    let full = reason == Refusal::StorageFull.code();
    match status {
        // Not this device's link: a session another facilitator opened.
        403 if reason == Refusal::OtherFacilitator.code() => ApiFailure::Refused(status, reason),
        401 | 403 => ApiFailure::Denied(reason),
        // A full disk is said as such (nothing was saved; sending again later will do).
        _ if status >= 500 && full => ApiFailure::Refused(status, reason),
        _ if status >= 500 || status == 0 => ApiFailure::Unreachable,
        _ => ApiFailure::Refused(status, reason),
    }
}

/// The server's disclosure threshold, remembered for when the device is offline; the default
/// until a server was reached once.
pub async fn threshold() -> bilan_core::disclosure::Threshold {
    let storage = Storage::app().await.ok();
    let k = match get::<bilan_core::wire::Health>("/health", None).await {
        Ok(h) => {
            if let Some(s) = &storage {
                let _ = s.set_setting(keys::THRESHOLD, &h.threshold).await;
            }
            Some(h.threshold)
        }
        Err(_) => match &storage {
            Some(s) => s.setting::<u64>(keys::THRESHOLD).await.ok().flatten(),
            None => None,
        },
    };
    k.and_then(|k| bilan_core::disclosure::Threshold::new(k).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn a_refusal_keeps_the_code_the_app_says_and_the_servers_words_otherwise() {
        let body = |error: &str, code: &str| format!(r#"{{"error":"{error}","code":"{code}"}}"#);
        assert_eq!(
            refusal(422, &body("period 2024 is not taken", "old-period")),
            ApiFailure::Refused(422, "old-period".into())
        );
        assert_eq!(
            refusal(401, &body("this token is unknown or revoked", "bad-token")),
            ApiFailure::Denied("bad-token".into())
        );
        // A session of another facilitator's is no refused link.
        assert_eq!(
            refusal(
                403,
                &body("opened by another facilitator", "other-facilitator")
            ),
            ApiFailure::Refused(403, "other-facilitator".into())
        );
        // A full disk is said as such; the database down is a server out of reach.
        assert_eq!(
            refusal(503, &body("the server's storage is full", "storage-full")),
            ApiFailure::Refused(503, "storage-full".into())
        );
        assert_eq!(
            refusal(503, &body("the database is unavailable", "unavailable")),
            ApiFailure::Unreachable
        );
        // What the app does not say itself stays in the server's words; a body that is not the
        // refusal's shape is named by its status.
        assert_eq!(
            refusal(422, &body("too many cells: 900", "invalid")),
            ApiFailure::Refused(422, "too many cells: 900".into())
        );
        assert_eq!(
            refusal(422, "<html>proxy</html>"),
            ApiFailure::Refused(422, "HTTP 422".into())
        );
    }
}
