//! The few things the app asks of the browser itself, outside IndexedDB: handing a file to the
//! person, rewriting the address bar, the responses `index.html` began fetching early, and the
//! two settings the shell reads before its first screen.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// The response to a GET of `url`, taken from those `index.html` began before the app was loaded
/// (`window.bilanEarly`) if it began this one, else fetched now: a page's first data then
/// needs no round trip after the app starts. Each early response serves once.
pub async fn fetch(url: &str) -> Result<web_sys::Response, wasm_bindgen::JsValue> {
    if let Some(response) = take_early(url).await {
        return Ok(response);
    }
    let window = web_sys::window().ok_or(wasm_bindgen::JsValue::NULL)?;
    Ok(
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
            .await?
            .unchecked_into(),
    )
}

/// The early response for `url`, once; none if `index.html` began none or it failed.
async fn take_early(url: &str) -> Option<web_sys::Response> {
    let window = web_sys::window()?;
    let early: js_sys::Map = js_sys::Reflect::get(&window, &"bilanEarly".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let key = wasm_bindgen::JsValue::from_str(url);
    let pending: js_sys::Promise = early.get(&key).dyn_into().ok()?;
    early.delete(&key);
    wasm_bindgen_futures::JsFuture::from(pending)
        .await
        .ok()?
        .dyn_into()
        .ok()
}

/// Where the shell keeps its own settings: `localStorage`, read without waiting, so that the
/// first screen is drawn in the chosen language and a kiosk is locked from its first frame.
/// Everything else the device keeps is in IndexedDB ([`crate::storage`]).
pub mod keys {
    /// The chosen interface language (`"fr"` or `"en"`).
    pub const LANG: &str = "bilan.lang";
    /// The session this device is locked on in kiosk mode; empty when it is not.
    pub const KIOSK: &str = "bilan.kiosk";
    /// The address, build and language of the holder's survey kept to be painted before the
    /// app runs (`public/prepaint.js`), and its markup.
    pub const PREPAINT: [&str; 2] = ["bilan.prepaint.at", "bilan.prepaint"];
}

/// The app now draws the holder's survey that `public/prepaint.js` painted before it ran: the
/// snapshot goes, and every answer given in it meanwhile is given again to the app's fields.
pub fn take_over_prepainted() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(take_over) = js_sys::Reflect::get(&window, &"bilanTakeOver".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = take_over.call0(&window);
    }
}

/// Forgets the holder's survey kept to be painted on the next visit: its draft has ended or
/// changed outside its page (sent, its profile removed, a backup restored), and a snapshot of it
/// would show answers that are no longer there.
pub fn forget_prepainted() {
    if let Some(store) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        for key in keys::PREPAINT {
            let _ = store.remove_item(key);
        }
    }
}

/// The shell's setting `key` (see [`keys`]); `None` when it was never written on this device
/// or the browser keeps nothing.
pub fn kept(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Keeps the shell's setting `key` (see [`keys`]); the error says why it could not.
pub fn keep(key: &str, value: &str) -> Result<(), crate::storage::StorageError> {
    use crate::storage::StorageError;
    let store = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)?;
    store.set_item(key, value).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" {
            StorageError::Full
        } else {
            StorageError::Operation(name)
        }
    })
}

/// `x` as the browser writes a number (`Number.prototype.toString`): what a number field reads
/// back, and one formatter the app does not carry in its own code (Rust's is 10 KiB of gzip on a
/// participant's phone).
pub fn number_text(x: f64) -> String {
    js_sys::Number::from(x)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// `x` as a reader of `lang` reads it (« 12 500,5 »), from the browser's own text of it.
pub fn spoken_number(x: f64, lang: bilan_core::Lang) -> String {
    bilan_core::words::spoken_number(&number_text(x), lang)
}

/// A number written plainly (as `bilan_core::typed` writes what a person typed), read by the
/// browser's parser: digits with a sign, a decimal point and an exponent; `None` for anything
/// else (hexadecimal, `Infinity`, an empty text).
pub fn read_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let plain = |b: u8| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-');
    if text.is_empty() || !text.bytes().all(plain) {
        return None;
    }
    let x = text.parse::<js_sys::Number>().ok()?.value_of();
    x.is_finite().then_some(x)
}

/// Why a JSON text could not be read.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// The text is not JSON; the browser's parser says where.
    #[error("not JSON: {0}")]
    Syntax(String),
    /// JSON, but not of the shape expected.
    #[error(transparent)]
    Shape(#[from] serde_wasm_bindgen::Error),
}

/// Reads `text` as JSON into `T` with the browser's own JSON parser: one reader for every type,
/// where `serde_json` compiles its parser again into each type's code.
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    Ok(serde_wasm_bindgen::from_value(parse_json(text)?)?)
}

/// `text` parsed by the browser, once for every type [`from_json`] reads (its code is compiled
/// once, not again into each type's reader).
fn parse_json(text: &str) -> Result<wasm_bindgen::JsValue, JsonError> {
    js_sys::JSON::parse(text).map_err(|e| {
        JsonError::Syntax(
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default(),
        )
    })
}

/// Reads `text` as a Bilan file of `kind` (a backup, a session file) with the browser's JSON
/// parser: the same checks as [`bilan_core::file::read`], without compiling serde_json's reader
/// into each record type's code a second time.
pub fn read_file<T: serde::de::DeserializeOwned + serde::Serialize>(
    text: &str,
    kind: bilan_core::file::Kind,
) -> Result<T, bilan_core::file::FileError> {
    use bilan_core::file::{FileError, Header};
    let value = match parse_json(text) {
        Ok(value) => value,
        Err(JsonError::Syntax(message)) => {
            return Err(FileError::NotJson {
                at: syntax_at(text, &message),
            });
        }
        Err(JsonError::Shape(e)) => return Err(FileError::Damaged(kind, e.to_string())),
    };
    // Valid JSON, but not an object with a text `format` and a number `schema`.
    let header: Header =
        serde_wasm_bindgen::from_value(value.clone()).map_err(|_| FileError::Foreign(kind))?;
    header.check(kind)?;
    let read: T = serde_wasm_bindgen::from_value(value.clone())
        .map_err(|e| FileError::Damaged(kind, e.to_string()))?;
    // The browser's reader passes over fields a type does not have, where serde_json refuses
    // them: what was read is written back, and a field of the file that did not come back is
    // one this version would drop.
    let kept = to_js(&read).unwrap_or_default();
    match unknown_field(&value, &kept) {
        Some(path) => Err(FileError::Damaged(kind, format!("unknown field `{path}`"))),
        None => Ok(read),
    }
}

/// The first field of `read` (a file as parsed) that `kept` (what was read from it, written
/// back) does not have, as a path (`profiles.0.nickname`). An empty field (`null`, `""`,
/// `false`, `[]`, `{}`) carries nothing and is passed over: the app leaves such fields out when
/// it writes, and other versions may not.
fn unknown_field(read: &wasm_bindgen::JsValue, kept: &wasm_bindgen::JsValue) -> Option<String> {
    use js_sys::{Array, Object, Reflect};
    let empty = |value: &wasm_bindgen::JsValue| {
        value.is_null()
            || value.as_string().is_some_and(|s| s.is_empty())
            || value.as_bool() == Some(false)
            || (value.is_object() && Object::keys(value.unchecked_ref::<Object>()).length() == 0)
    };
    let within = |key: wasm_bindgen::JsValue, name: String| {
        let (inner, back) = (
            Reflect::get(read, &key).ok()?,
            Reflect::get(kept, &key).ok()?,
        );
        if empty(&inner) {
            return None;
        }
        if back.is_undefined() {
            return Some(name);
        }
        unknown_field(&inner, &back).map(|rest| format!("{name}.{rest}"))
    };
    if Array::is_array(read) && Array::is_array(kept) {
        let (read, kept): (&Array, &Array) = (read.unchecked_ref(), kept.unchecked_ref());
        (0..read.length().min(kept.length())).find_map(|i| within(i.into(), i.to_string()))
    } else if read.is_object() && kept.is_object() && !Array::is_array(read) {
        let keys = Object::keys(read.unchecked_ref::<Object>());
        keys.iter()
            .find_map(|key| within(key.clone(), key.as_string().unwrap_or_default()))
    } else {
        None
    }
}

/// The line and column (from 1) where the browser's JSON parser stopped in `text`, from its
/// `message`: « … at position N », counted in UTF-16 units, or the end of the text. Some of its
/// messages give no place.
fn syntax_at(text: &str, message: &str) -> Option<(usize, usize)> {
    let position = if message.contains("end of JSON input") {
        text.encode_utf16().count()
    } else {
        let (_, after) = message.split_once("at position ")?;
        let digits = after.split(|c: char| !c.is_ascii_digit()).next()?;
        digits.parse().ok()?
    };
    let (mut line, mut column, mut units) = (1, 1, 0);
    for c in text.chars() {
        if units >= position {
            break;
        }
        units += c.len_utf16();
        if c == '\n' {
            (line, column) = (line + 1, 1);
        } else {
            column += 1;
        }
    }
    Some((line, column))
}

/// `value` as the JSON of a file people keep (a backup, a session file): written compact by
/// serde_json, indented by the browser, which spares the app serde_json's indenting writer for
/// every record type.
pub fn file_json<T: serde::Serialize>(value: &T) -> String {
    to_js(value)
        .ok()
        .and_then(|v| {
            js_sys::JSON::stringify_with_replacer_and_space(
                &v,
                &wasm_bindgen::JsValue::NULL,
                &2.into(),
            )
            .ok()
        })
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// `value` as a JavaScript value: written by serde_json's one compact writer, read by the
/// browser's parser. What the device stores in IndexedDB and the files it writes go through it,
/// so no second writer is compiled for any record type.
pub fn to_js<T: serde::Serialize>(value: &T) -> Result<wasm_bindgen::JsValue, String> {
    match serde_json::to_string(value) {
        Ok(json) => js_sys::JSON::parse(&json).map_err(|_| "not valid JSON".to_owned()),
        Err(err) => Err(err.to_string()),
    }
}

/// The text of the file picked in the `<input type="file">` of `ev`, to come; the field is
/// emptied, so that picking the same file again is seen. `None` when nothing was picked. A file
/// the browser cannot read gives an empty text, which the file's reader refuses as empty.
pub fn picked_text(
    ev: &web_sys::Event,
) -> Option<impl std::future::Future<Output = String> + use<>> {
    let input: web_sys::HtmlInputElement = leptos::prelude::event_target(ev);
    let file = input.files().and_then(|f| f.get(0))?;
    input.set_value("");
    Some(async move {
        wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default()
    })
}

/// Offers `content` as a file named `name` to the person.
pub fn download(name: &str, mime: &str, content: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        download_blob(name, &blob);
    }
}

/// Offers `blob` as a file named `name` to the person.
pub fn download_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
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

/// Takes the app to `path` as a link would, without reloading: the address changes and the
/// router, told as by the browser's back button, draws its page.
pub fn go_to(path: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if window.location().pathname().ok().as_deref() == Some(path) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
    if let Ok(event) = web_sys::Event::new("popstate") {
        let _ = window.dispatch_event(&event);
    }
}

/// Once the screen being drawn is there, takes the page to its top and moves keyboard focus to
/// the first element matching `selector` (a new screen's heading): a key pressed next acts on
/// the new screen, and a screen reader says where it is.
pub fn focus_when_drawn(selector: &'static str) {
    focus_once_drawn(move || {
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
        document().query_selector(selector).ok().flatten()
    });
}

/// Once the page has drawn what `ev` changed, moves the focus to the first element `selector`
/// finds in the element `around` that holds `ev`'s target: a button replaced by what it opened
/// (a question, a form) takes the focus with it, and a keyboard would be sent to the page's top.
pub fn focus_within(ev: &web_sys::Event, around: &str, selector: &'static str) {
    let holder = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(around).ok().flatten());
    if let Some(holder) = holder {
        focus_once_drawn(move || holder.query_selector(selector).ok().flatten());
    }
}

/// Once the page has drawn what is being changed, moves the focus to the first element
/// `selector` finds, where it stands (a form closed gives the focus back to what opened it).
pub fn focus_soon(selector: String) {
    focus_once_drawn(move || document().query_selector(&selector).ok().flatten());
}

/// Where the keyboard's focus rests, said so that the same place can be found on the page drawn
/// anew (a page reloaded after a change may replace the elements): the focused element's id, or
/// the `data-focus` name of the nearest part of the page around it, which the part that takes
/// its place carries too (a button whose act replaced it).
pub struct FocusMark(Result<String, String>);

/// Where the keyboard's focus rests now, if it can be found again.
pub fn focus_mark() -> Option<FocusMark> {
    let focused = document().active_element()?;
    if !focused.id().is_empty() {
        return Some(FocusMark(Ok(focused.id())));
    }
    let around = focused.closest("[data-focus]").ok()??;
    Some(FocusMark(Err(around.get_attribute("data-focus")?)))
}

/// Once the page is drawn anew, gives the keyboard back to the place `mark` says if drawing took
/// it away (it rests on nothing): a keyboard or a screen reader goes on from where it was.
pub fn keep_focus(mark: Option<FocusMark>) {
    let Some(FocusMark(place)) = mark else {
        return;
    };
    focus_once_drawn(move || {
        let doc = document();
        let lost = doc
            .active_element()
            .is_none_or(|a| doc.body().is_some_and(|b| *b == a));
        match place {
            _ if !lost => None,
            Ok(id) => doc.get_element_by_id(&id),
            Err(name) => doc
                .query_selector(&format!("[data-focus=\"{name}\"]"))
                .ok()
                .flatten(),
        }
    });
}

/// Once the page has drawn what the event being handled changed, focuses what `find` finds.
fn focus_once_drawn(find: impl FnOnce() -> Option<web_sys::Element> + 'static) {
    leptos::prelude::set_timeout(
        move || {
            if let Some(el) = find() {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The channel every tab of the app hears: what changed on the device, by name.
const CHANNEL: &str = "bilan-changes";

/// Tells every tab of the app on this device (this one too) that `what` changed in storage,
/// e.g. `session:ID`, so a page showing it reads it again.
pub fn announce(what: &str) {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&what.into());
        channel.close();
    }
}

/// Calls `heard` with each change [`announce`]d by any tab, until the current reactive owner
/// is cleaned up (the page is left).
pub fn on_announce(heard: impl Fn(String) + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
        move |event: web_sys::MessageEvent| {
            if let Some(what) = event.data().as_string() {
                heard(what);
            }
        },
    );
    channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
    let owned = send_wrapper::SendWrapper::new((channel, listener));
    leptos::prelude::on_cleanup(move || {
        let (channel, listener) = owned.take();
        channel.set_onmessage(None);
        channel.close();
        drop(listener);
    });
}

/// Keeps the page out of the browser's back/forward cache while it lives. A page frozen there
/// in the middle of opening IndexedDB holds every later opening of the database (Chromium), so
/// the next page's storage would never answer; a page listening for `unload` is never kept
/// there.
pub struct NotKept(Option<(web_sys::Window, wasm_bindgen::closure::Closure<dyn Fn()>)>);

impl NotKept {
    /// Holds the page out of the cache until this is dropped.
    pub fn hold() -> Self {
        let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {});
        NotKept(web_sys::window().and_then(|window| {
            window
                .add_event_listener_with_callback("unload", listener.as_ref().unchecked_ref())
                .ok()
                .map(|()| (window, listener))
        }))
    }
}

impl Drop for NotKept {
    fn drop(&mut self) {
        if let Some((window, listener)) = self.0.take() {
            let _ = window
                .remove_event_listener_with_callback("unload", listener.as_ref().unchecked_ref());
        }
    }
}

/// Whether the browser keeps this site's data for good, having been asked to (`ask`: its
/// storage manager's `persist()`, which Firefox puts to the person) or not (`persisted()`,
/// which asks no one); `false` when refused or unsupported.
pub async fn data_kept(ask: bool) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let manager = window.navigator().storage();
    let Ok(promise) = (if ask {
        manager.persist()
    } else {
        manager.persisted()
    }) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Adds the rule `text` gives to the app's own style sheet while the current reactive owner
/// lives (the page is open), and again whenever `text` changes: the page's Content Security
/// Policy lets no inline style in, but a rule the app writes into its sheet is its own.
pub fn style_rule(text: impl Fn() -> String + 'static) {
    let sheets = document().style_sheets();
    let Some(sheet) = (0..sheets.length())
        .filter_map(|i| sheets.item(i)?.dyn_into::<web_sys::CssStyleSheet>().ok())
        .find(|sheet| sheet.css_rules().is_ok())
    else {
        return;
    };
    let held = std::rc::Rc::new(std::cell::RefCell::new(None::<web_sys::CssRule>));
    let remove = {
        let (sheet, held) = (sheet.clone(), held.clone());
        move || {
            let (Some(old), Ok(rules)) = (held.borrow_mut().take(), sheet.css_rules()) else {
                return;
            };
            if let Some(at) = (0..rules.length())
                .rev()
                .find(|&i| rules.item(i) == Some(old.clone()))
            {
                let _ = sheet.delete_rule(at);
            }
        }
    };
    let replace = remove.clone();
    leptos::prelude::Effect::new(move || {
        replace();
        let at = sheet.css_rules().map(|rules| rules.length()).unwrap_or(0);
        if sheet.insert_rule_with_index(&text(), at).is_ok() {
            *held.borrow_mut() = sheet.css_rules().ok().and_then(|rules| rules.item(at));
        }
    });
    let remove = send_wrapper::SendWrapper::new(remove);
    leptos::prelude::on_cleanup(move || (remove.take())());
}
