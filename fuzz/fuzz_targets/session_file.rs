//! The session file a second tablet brings: any file is one or refused with a message.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = bilan_core::session::parse_file(&text) {
        assert!(!e.to_string().is_empty());
    }
});
