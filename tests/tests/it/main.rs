//! Integration tests: the real `bilan-server` binary over HTTP, and the built app in Chromium.
//!
//! `cargo xtask test` builds both first and says where they are (`BILAN_SERVER_BIN`,
//! `BILAN_DIST`); run alone, the tests look in `target/debug` and `dist/`.

mod accessibility;
mod attacks;
mod backup;
mod journey;
mod paper;
mod policy;
mod prepaint;
mod report;
mod revision;
mod room;
mod sessions;
mod shell;
mod split;
mod surveys;
mod sync;
mod together;
mod versions;
mod xlsform;
mod xlsform_corpus;

use bilan_tests::harness;
