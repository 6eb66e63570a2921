//! Reusable pieces of the interface.

pub mod action_plan;
pub mod alert;
pub mod backup_panel;
pub mod confirm;
pub mod date_said;
pub mod loaded;
pub mod print_button;
pub mod profile_card;
pub mod profile_form;
pub mod qr_code;
pub mod question_field;
pub mod results;
pub mod revision_panel;
pub mod sharing_panel;
pub mod shell;
pub mod summary;
pub mod written_panel;
