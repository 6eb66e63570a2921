//! The survey parser and validator: any text loads or is refused with located messages.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(errors) = bilan_core::load::load("fuzz.toml", &text) {
        assert!(!errors.is_empty(), "a refusal without a reason");
        for e in errors {
            assert!(!e.message.is_empty() && e.line >= 1 && e.column >= 1, "{e:?}");
        }
    }
});
