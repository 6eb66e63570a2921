//! One module per page of the app.

mod board_page;
mod data_page;
mod held_sessions;
mod home_page;
mod join_page;
mod journey_page;
mod kiosk_page;
mod live_page;
mod not_found_page;
mod paper_page;
mod progress_page;
mod report_closing;
mod report_page;
mod runner;
mod session_names;
mod session_page;
mod session_totals;
mod sessions_page;
mod survey_page;
mod survey_result;

pub use board_page::BoardPage;
pub use data_page::DataPage;
pub use home_page::HomePage;
pub use join_page::{JoinForm, JoinPage};
pub use journey_page::JourneyPage;
pub use kiosk_page::{KioskPage, KioskView};
pub use live_page::LivePage;
pub use not_found_page::{NotFoundPage, UnloadedPage};
pub use paper_page::PaperPage;
pub use progress_page::ProgressPage;
pub use report_page::ReportPage;
pub use session_page::SessionPage;
pub use sessions_page::SessionsPage;
pub use survey_page::SurveyPage;
