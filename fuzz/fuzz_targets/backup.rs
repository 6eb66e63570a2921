//! The backup importer's reader and merge: any file is a backup or refused with a message, and a
//! backup read merges whole onto an empty device and adds nothing onto itself.
#![no_main]

use bilan_core::backup::{Backup, Merge};
use libfuzzer_sys::fuzz_target;

/// How many records of each kind a merge writes.
fn written(m: &Merge) -> [usize; 5] {
    [
        m.profiles.len(),
        m.drafts.len(),
        m.readings.len(),
        m.sessions.len(),
        m.outbox.len(),
    ]
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Backup::parse(&text) {
        Err(e) => assert!(!e.to_string().is_empty()),
        Ok(backup) => {
            assert_eq!(written(&backup.merge_into(&backup)), [0; 5]);
            // Onto an empty device every record, and the waiting entries that come with them.
            let empty = Backup::new(0, Vec::new(), Vec::new(), Vec::new());
            let onto_empty = written(&backup.merge_into(&empty));
            let all = [
                backup.profiles.len(),
                backup.drafts.len(),
                backup.readings.len(),
                backup.sessions.len(),
            ];
            assert_eq!(onto_empty[..4], all);
            assert!(onto_empty[4] <= backup.outbox.len());
        }
    }
});
