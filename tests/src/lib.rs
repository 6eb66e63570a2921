//! The harness the integration tests (`tests/it`) and the benchmark (`src/bench.rs`) share: the
//! real server binary started and stopped, Chromium driven through WebDriver, a recording proxy.

pub mod harness;
