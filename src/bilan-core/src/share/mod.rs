//! What a reading may contribute to the shared aggregates: one increment per shareable answer,
//! per indicator score and per progress since the first reading, each as a bucket. No text, no
//! name, no identifier, no exact date and no raw number ever goes in.

mod cells;
mod check;
mod code;
mod outbox;
mod period;

pub use cells::*;
pub use check::{Checker, ContributionError, check};
pub use code::*;
pub use outbox::{Outgoing, backoff};
pub use period::*;
