//! The server's tests, in one binary (one link, one build of what they share): the HTTP
//! application in-process, the release rule, sessions, sync, the demo Pôle and the spreadsheets,
//! on SQLite and on PostgreSQL when `BILAN_TEST_POSTGRES` names one.

mod api;
mod backup;
mod demo;
mod export;
mod fixture;
mod release;
mod sessions;
mod sync;
mod versions;
