//! The backup importer's reader: any file is a backup or refused with a message.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = bilan_core::backup::Backup::parse(&text) {
        assert!(!e.to_string().is_empty());
    }
});
