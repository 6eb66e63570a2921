//! The device's clock and the dates a person reads: where the device is, not in UTC. A review
//! given at 21:00 in Pointe-à-Pitre (UTC−4) is of that day, not of the next.
//!
//! `bilan_core::calendar` knows no time zone (it has no database of them): it is given an
//! instant as this device's wall clock reads it, counted as if it were UTC. The browser says the
//! offset of each instant, summer time included.
//!
//! A contribution's period is the year its review was given in where the device is, too: a
//! review on New Year's Eve in Guadeloupe counts in the year ending. The server, which counts
//! in UTC, takes a period ahead of its own on that period's eve (`Period::accepted_on`).

use bilan_core::calendar::Date;

/// Now, in milliseconds since the Unix epoch.
pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// The instant `millis` as this device's wall clock reads it, counted as UTC: calendar
/// arithmetic on it gives the day, the month and the year a person sees here.
pub fn wall(millis: i64) -> i64 {
    let offset = js_sys::Date::new(&(millis as f64).into()).get_timezone_offset();
    // Minutes behind UTC (−60 in Paris in winter); not a number for an instant out of range.
    if offset.is_finite() {
        millis - (offset * 60_000.0) as i64
    } else {
        millis
    }
}

/// This device's offset from UTC now, in minutes east (60 in Paris in winter): what the server
/// is told where a file it makes says the day.
pub fn minutes_east() -> i64 {
    let now = now();
    (wall(now) - now) / 60_000
}

/// The day of the instant `millis` where this device is.
pub fn day(millis: i64) -> Date {
    Date::from_millis(wall(millis))
}

/// Today, where this device is.
pub fn today() -> Date {
    day(now())
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    /// The browser's own calendar of an instant, read from its local fields.
    fn browsers(millis: i64) -> Date {
        let d = js_sys::Date::new(&(millis as f64).into());
        Date {
            year: d.get_full_year() as i32,
            month: d.get_month() + 1,
            day: d.get_date(),
        }
    }

    #[wasm_bindgen_test]
    fn a_day_is_the_one_the_browsers_calendar_gives() {
        // Every hour of two years, summer-time changes included, in whatever zone the browser
        // runs: the day said is the one its local fields give.
        let start = Date::parse_iso("2026-01-01").unwrap().millis();
        for hour in 0..(2 * 366 * 24) {
            let t = start + hour * 3_600_000 + 1_234;
            assert_eq!(day(t), browsers(t), "at {t}");
        }
        // Today is the day of a moment between two readings of the clock (midnight may pass).
        let before = now();
        let today = today();
        assert!(
            today == browsers(before) || today == browsers(now()),
            "{today:?}"
        );
    }
}
