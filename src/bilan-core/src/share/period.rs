//! Which tables a contribution is counted in: its period (a year or a quarter, never a date) and,
//! on the server, the dimension of each table (the whole period, a college, a session).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::bucket::{is_id, text_serde};
use crate::calendar::Date;
use crate::share::is_session_code;

/// The time slice a contribution is counted in: a year, or a quarter of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Quarter(i32, u32),
}

/// Whether contributions are counted by year or by quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Year,
    Quarter,
}

impl Period {
    /// The period holding `millis`, at `granularity`: only this leaves the device, never the date.
    /// Given an instant as the device's wall clock reads it (counted as UTC), it is the period
    /// the person lives in: a review on New Year's Eve in Guadeloupe is of the year ending.
    pub fn of(millis: i64, granularity: Granularity) -> Period {
        let d = Date::from_millis(millis);
        match granularity {
            Granularity::Year => Period::Year(d.year),
            Granularity::Quarter => Period::Quarter(d.year, d.quarter()),
        }
    }
}

impl Period {
    /// Whether `day` falls in this period.
    pub fn holds(self, day: Date) -> bool {
        match self {
            Period::Year(y) => day.year == y,
            Period::Quarter(y, q) => day.year == y && day.quarter() == q,
        }
    }

    /// Whether a contribution counted in this period is taken on `today` (UTC): the current
    /// period and the one before (a device may have been offline for weeks), and the next one on
    /// its eve, when a device east of UTC is already there; nothing older, nothing further ahead.
    pub fn accepted_on(self, today: Date) -> bool {
        let tomorrow = Date::from_millis(today.millis() + 86_400_000);
        match self {
            Period::Year(y) => y == today.year || y == today.year - 1 || y == tomorrow.year,
            Period::Quarter(y, q) => {
                let index = |d: Date| i64::from(d.year) * 4 + i64::from(d.quarter());
                let at = i64::from(y) * 4 + i64::from(q);
                let now = index(today);
                at == now || at == now - 1 || at == index(tomorrow)
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
        }
    }
}

/// A period that is neither `YYYY` nor `YYYY-Qn` (years 2000 to 2100).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("period {0:?} is not a year (2026) or a quarter (2026-Q1) between 2000 and 2100")]
pub struct BadPeriod(pub String);

impl FromStr for Period {
    type Err = BadPeriod;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod(s.chars().take(40).collect());
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .filter(|y| (2000..=2100).contains(y))
        };
        match s.split_once("-Q") {
            None => year(s).map(Period::Year).ok_or_else(bad),
            Some((y, q)) => match (year(y), q) {
                (Some(y), "1" | "2" | "3" | "4") => Ok(Period::Quarter(y, q.parse().unwrap_or(1))),
                _ => Err(bad()),
            },
        }
    }
}

/// What a contribution's counters are broken down by: nothing, a college of the association, or a
/// collective session (by its join code).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    None,
    College(String),
    Session(String),
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dimension::None => Ok(()),
            Dimension::College(c) => write!(f, "college:{c}"),
            Dimension::Session(s) => write!(f, "session:{s}"),
        }
    }
}

/// A dimension that is not empty, `college:ID` or `session:CODE`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dimension {0:?} is not empty, college:ID or session:CODE (nine letters)")]
pub struct BadDimension(pub String);

impl FromStr for Dimension {
    type Err = BadDimension;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadDimension(s.chars().take(40).collect());
        match s.split_once(':') {
            None if s.is_empty() => Ok(Dimension::None),
            Some(("college", id)) if is_id(id) => Ok(Dimension::College(id.to_owned())),
            Some(("session", code)) if is_session_code(code) => {
                Ok(Dimension::Session(code.to_owned()))
            }
            _ => Err(bad()),
        }
    }
}

text_serde!(Period);
text_serde!(Dimension);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_dimensions_round_trip_and_refuse_junk() {
        for text in ["2026", "2026-Q1", "2100-Q4"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        for junk in [
            "26",
            "2026-Q5",
            "1999",
            "2026-q1",
            "２０２６",
            "2026-Q",
            "+2026",
            "",
        ] {
            assert!(junk.parse::<Period>().is_err(), "{junk:?}");
        }
        for text in ["", "college:benevoles", "session:ABC234XYZ"] {
            assert_eq!(text.parse::<Dimension>().unwrap().to_string(), text);
        }
        for junk in [
            "college:",
            "college:Bénévoles",
            "session:ABC23OXYZ",
            "session:abc234xyz",
            "session:ABC234",
            "person:x",
            "college",
        ] {
            assert!(junk.parse::<Dimension>().is_err(), "{junk:?}");
        }
    }

    #[test]
    fn only_the_current_period_and_the_one_before_are_taken() {
        let today = Date {
            year: 2026,
            month: 12,
            day: 1,
        };
        let taken = |p: &str| p.parse::<Period>().unwrap().accepted_on(today);
        assert!(taken("2026") && taken("2025") && taken("2026-Q4") && taken("2026-Q3"));
        assert!(!taken("2024") && !taken("2027") && !taken("2026-Q2") && !taken("2027-Q1"));
        let january = Date {
            year: 2027,
            month: 1,
            day: 5,
        };
        assert!(Period::Quarter(2026, 4).accepted_on(january));
        assert!(!Period::Quarter(2026, 3).accepted_on(january));
    }

    #[test]
    fn the_next_period_is_taken_on_its_eve_only() {
        // 31 December in UTC is already New Year's Day in Nouméa (UTC+11), whose devices count
        // a review in the year they live in.
        let eve = |year, month, day| Date { year, month, day };
        let taken = |p: &str, today: Date| p.parse::<Period>().unwrap().accepted_on(today);
        assert!(taken("2027", eve(2026, 12, 31)) && taken("2027-Q1", eve(2026, 12, 31)));
        assert!(taken("2026-Q2", eve(2026, 3, 31)) && !taken("2027", eve(2026, 3, 31)));
        assert!(!taken("2027", eve(2026, 12, 30)) && !taken("2026-Q2", eve(2026, 3, 30)));
        assert!(!taken("2028", eve(2026, 12, 31)) && !taken("2027-Q2", eve(2026, 12, 31)));
    }

    #[test]
    fn a_date_leaves_only_as_its_period() {
        assert_eq!(
            Period::of(1_767_225_600_000, Granularity::Quarter).to_string(),
            "2026-Q1"
        );
        assert_eq!(
            Period::of(1_767_225_599_999, Granularity::Year).to_string(),
            "2025"
        );
    }

    #[test]
    fn a_period_holds_the_days_of_its_year_or_quarter() {
        let day = |text: &str| Date::parse_iso(text).unwrap();
        let holds = |p: &str, d: &str| p.parse::<Period>().unwrap().holds(day(d));
        assert!(holds("2026", "2026-01-01") && holds("2026", "2026-12-31"));
        assert!(!holds("2026", "2025-12-31") && !holds("2026", "2027-01-01"));
        assert!(holds("2026-Q2", "2026-04-01") && holds("2026-Q2", "2026-06-30"));
        assert!(!holds("2026-Q2", "2026-03-31") && !holds("2026-Q2", "2026-07-01"));
        assert!(!holds("2026-Q2", "2025-05-01"));
    }
}
