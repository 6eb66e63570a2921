//! Bilan's pure domain: everything that can be decided without a browser, a network or a clock.
//!
//! Callers pass time and identifiers in, so every function here is testable with plain `#[test]`.

pub mod answer;
pub mod backup;
pub mod bucket;
pub mod calendar;
pub mod condition;
pub mod decimal;
pub mod disclosure;
pub mod file;
pub mod indicator;
pub mod lang;
#[cfg(feature = "toml")]
pub mod load;
mod names;
#[cfg(feature = "openapi")]
mod openapi;
pub mod order;
pub mod reading;
pub mod reminder;
pub mod scoring;
pub mod session;
pub mod share;
pub mod snapshot;
pub mod survey;
pub mod survey_file;
pub mod typed;
pub mod versions;
pub mod wire;
pub mod words;
#[cfg(feature = "toml")]
pub mod xlsform;

pub use indicator::Indicator;
pub use lang::Lang;
pub use survey::Survey;

/// Version of the Bilan software, shared by the app and the server so each can report it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
