//! The few things the app asks of the browser itself, outside storage and HTTP: handing a file
//! to the person, and rewriting the address bar.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// Offers `content` as a file named `name` to the person.
pub fn download(name: &str, mime: &str, content: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Replaces the address bar's URL with `path` without a new history entry (to drop a token
/// from the query, say).
pub fn replace_url(path: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}

/// Once the screen being drawn is there, takes the page to its top and moves keyboard focus to
/// the first element matching `selector` (a new screen's heading): a key pressed next acts on
/// the new screen, and a screen reader says where it is.
pub fn focus_when_drawn(selector: &'static str) {
    leptos::prelude::set_timeout(
        move || {
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
            if let Some(el) = document().query_selector(selector).ok().flatten() {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        },
        std::time::Duration::ZERO,
    );
}
