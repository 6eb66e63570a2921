//! Randomness from the browser's Web Crypto: local record ids, contribution ids (128 random bits,
//! the form the server takes), join codes and the kiosk's perturbation key.

/// `N` random bytes from `crypto.getRandomValues`.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut out).is_ok());
    if !filled {
        // No Web Crypto (never in the browsers Bilan supports): a weaker source beats none.
        for b in &mut out {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    out
}

/// A random identifier for a local record (never sent anywhere).
pub fn new_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| bilan_core::share::hex(&bytes::<16>()))
}

/// A contribution's id: 128 random bits, so a retried upload counts once.
pub fn contribution_id() -> String {
    bilan_core::share::contribution_id(bytes())
}
