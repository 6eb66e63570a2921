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

/// A random identifier for a local record (never sent anywhere), in the form of a version 4
/// UUID. Made from `getRandomValues`, which browsers give every page: `crypto.randomUUID` exists
/// only at a secure address, and calling it elsewhere (plain `http://` on a local network)
/// stopped the app.
pub fn new_id() -> String {
    let mut b = bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = bilan_core::share::hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A contribution's id: 128 random bits, so a retried upload counts once.
pub fn contribution_id() -> String {
    bilan_core::share::contribution_id(bytes())
}
