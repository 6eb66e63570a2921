//! The facilitator's kiosk PIN: kept on the device as a salted PBKDF2-SHA-256 hash computed by the
//! browser's Web Crypto, so the digits themselves are never stored.

use bilan_core::session::PinHash;
use bilan_core::share::{hex, unhex};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a PIN could not be hashed: the browser gives no Web Crypto to this page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinError {
    /// The page is not on a secure address (`https://`, or this computer's own), where browsers
    /// withhold Web Crypto.
    Insecure,
    /// The browser has no Web Crypto, or it refused to derive the hash.
    Refused,
}

impl PinError {
    /// The failure in words for the facilitator, in `lang`.
    pub fn said(self, lang: bilan_core::Lang) -> String {
        let msg = match self {
            PinError::Insecure => crate::i18n::Msg::PinNeedsSecureAddress,
            PinError::Refused => crate::i18n::Msg::PinNoCrypto,
        };
        crate::i18n::tr(lang, msg).to_owned()
    }
}

/// Iterations of PBKDF2: slow enough to make guessing a short PIN from the stored hash costly,
/// fast enough (about 50 ms) not to be felt.
pub const ITERATIONS: u32 = 150_000;

/// Hashes a new PIN with a fresh random salt.
pub async fn hash_pin(pin: &str) -> Result<PinHash, PinError> {
    let window = web_sys::window().ok_or(PinError::Refused)?;
    if !window.is_secure_context() {
        return Err(PinError::Insecure);
    }
    let crypto = window.crypto().map_err(|_| PinError::Refused)?;
    let mut salt = [0u8; 16];
    crypto
        .get_random_values_with_u8_array(&mut salt)
        .map_err(|_| PinError::Refused)?;
    let hash = derive(pin, &salt, ITERATIONS).await?;
    Ok(PinHash {
        salt: hex(&salt),
        hash: hex(&hash),
        iterations: ITERATIONS,
    })
}

/// Whether `pin` is the one `stored` was made from.
pub async fn verify_pin(pin: &str, stored: &PinHash) -> bool {
    let Some(salt) = unhex(&stored.salt) else {
        return false;
    };
    match derive(pin, &salt, stored.iterations.max(1)).await {
        // Compared whole: the time taken does not depend on where the first difference is.
        Ok(hash) => {
            hex(&hash)
                .bytes()
                .zip(stored.hash.bytes())
                .fold(hex(&hash).len() ^ stored.hash.len(), |d, (a, b)| {
                    d | usize::from(a ^ b)
                })
                == 0
        }
        Err(_) => false,
    }
}

async fn derive(pin: &str, salt: &[u8], iterations: u32) -> Result<Vec<u8>, PinError> {
    let failed = |_| PinError::Refused;
    let subtle = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(PinError::Refused)?
        .subtle();
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveBits"));
    let key_data = js_sys::Uint8Array::from(pin.as_bytes());
    let key: web_sys::CryptoKey = JsFuture::from(
        subtle
            .import_key_with_str("raw", &key_data, "PBKDF2", false, &usages)
            .map_err(failed)?,
    )
    .await
    .map_err(failed)?
    .unchecked_into();
    let params = js_sys::Object::new();
    for (name, value) in [
        ("name", JsValue::from_str("PBKDF2")),
        ("hash", JsValue::from_str("SHA-256")),
        ("salt", js_sys::Uint8Array::from(salt).into()),
        ("iterations", JsValue::from(iterations)),
    ] {
        js_sys::Reflect::set(&params, &JsValue::from_str(name), &value).map_err(failed)?;
    }
    let bits = JsFuture::from(
        subtle
            .derive_bits_with_object(&params, &key, 256)
            .map_err(failed)?,
    )
    .await
    .map_err(failed)?;
    Ok(js_sys::Uint8Array::new(&bits).to_vec())
}
