//! One module per page of the app.

mod board_page;
mod home_page;
mod journey_page;
mod not_found_page;
mod sessions_page;
mod space;

pub use board_page::BoardPage;
pub use home_page::HomePage;
pub use journey_page::JourneyPage;
pub use not_found_page::NotFoundPage;
pub use sessions_page::SessionsPage;
