//! Dates from timestamps, without a clock or a time-zone database: UTC calendar arithmetic.

use crate::Lang;

/// A UTC calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The UTC date of `millis` since the Unix epoch.
    pub fn from_millis(millis: i64) -> Date {
        // Howard Hinnant's days-to-civil algorithm.
        let days = millis.div_euclid(86_400_000);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Reads `YYYY-MM-DD` (what a date field gives), `None` for anything else or a day that does
    /// not exist.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let digits = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let date = Date {
            year: digits(y)? as i32,
            month: digits(m)?,
            day: digits(d)?,
        };
        (Date::from_millis(date.millis()) == date).then_some(date)
    }

    /// Midnight UTC of the date, in milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        // Howard Hinnant's days-from-civil algorithm.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146_097 + doe - 719_468) * 86_400_000
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date as a sentence says it: "1er décembre 2026", "1 December 2026".
    pub fn spoken(self, lang: Lang) -> String {
        // A non-breaking space keeps the day with its month.
        format!(
            "{}\u{a0}{} {}",
            self.day_word(lang),
            self.month_name(lang),
            self.year
        )
    }

    /// The date in few letters, for a table's heading: "1er déc. 2026", "1 Dec 2026". The day
    /// stays with its month, and a narrow column may put the year on a line of its own.
    pub fn short(self, lang: Lang) -> String {
        format!(
            "{}\u{a0}{} {}",
            self.day_word(lang),
            self.month_abbr(lang),
            self.year
        )
    }

    /// The day of the month as a date says it: "1er" in French for the first.
    fn day_word(self, lang: Lang) -> String {
        match (lang, self.day) {
            (Lang::Fr, 1) => "1er".to_owned(),
            (_, d) => d.to_string(),
        }
    }

    /// The date with its day of the week, as a field's hint says it back: "vendredi 4 décembre
    /// 2026", "Friday 4 December 2026".
    pub fn spoken_with_weekday(self, lang: Lang) -> String {
        const FR: [&str; 7] = [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ];
        const EN: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        // 1 January 1970 was a Thursday.
        let i = (self.millis().div_euclid(86_400_000) + 3).rem_euclid(7) as usize;
        let weekday = match lang {
            Lang::Fr => FR[i],
            Lang::En => EN[i],
        };
        format!("{weekday} {}", self.spoken(lang))
    }

    /// The quarter, 1 to 4.
    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }

    /// The month's name, lowercase in French as French writes it.
    pub fn month_name(self, lang: Lang) -> &'static str {
        const FR: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let i = (self.month as usize).clamp(1, 12) - 1;
        match lang {
            Lang::Fr => FR[i],
            Lang::En => EN[i],
        }
    }
}

impl Date {
    /// The month as the language abbreviates it on an axis: "janv.", "févr.", "mai", "Dec".
    pub fn month_abbr(self, lang: Lang) -> &'static str {
        const FR: [&str; 12] = [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ];
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let i = (self.month as usize).clamp(1, 12) - 1;
        match lang {
            Lang::Fr => FR[i],
            Lang::En => EN[i],
        }
    }

    /// The first day of the month `n` months after this date's month.
    fn months_later(self, n: u32) -> Date {
        let index = self.year * 12 + self.month as i32 - 1 + n as i32;
        Date {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
            day: 1,
        }
    }
}

/// The ticks of a time axis from `from` to `to` (milliseconds): the first days of months, every
/// 1, 2, 3, 6 or 12 months (or whole years beyond), at most `most` of them and at least one
/// when the span holds a month's start. Each is a different month, so no two labels repeat.
pub fn month_ticks(from: i64, to: i64, most: usize) -> Vec<Date> {
    let most = most.max(1);
    let start = Date::from_millis(from);
    let first = if start.day == 1 && start.millis() == from {
        start
    } else {
        start.months_later(1)
    };
    let within = |step: u32| {
        // Aligned on the calendar: quarters start in January, April…, years in January.
        let mut d = first;
        while (d.month - 1) % step.min(12) != 0 {
            d = d.months_later(1);
        }
        let mut out = Vec::new();
        while d.millis() <= to {
            out.push(d);
            d = d.months_later(step);
        }
        out
    };
    let mut step = 1;
    loop {
        let ticks = within(step);
        if ticks.len() <= most {
            return ticks;
        }
        step = match step {
            1 => 2,
            2 => 3,
            3 => 6,
            6 => 12,
            s => s + 12,
        };
    }
}

/// The UTC time of `millis` (since the Unix epoch) to the second, in ISO 8601's basic form:
/// `20261205T143007Z`, as iCalendar writes times and as files named by their time sort.
pub fn utc_stamp(millis: i64) -> String {
    let d = Date::from_millis(millis);
    let seconds = millis.rem_euclid(86_400_000) / 1000;
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        d.year,
        d.month,
        d.day,
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// A tick's label: the month abbreviated and the year, "déc. 2026", "Jan 2027".
pub fn tick_label(date: Date, lang: Lang) -> String {
    format!("{}\u{a0}{}", date.month_abbr(lang), date.year)
}

/// For the days of reviews in order, each one's rank on its day (1 for the first) when that day
/// has several, so that two reviews of one day are told apart ("1er bilan", "2e bilan"). The
/// days are the caller's: where the person is, not UTC.
pub fn ranks_of_day(days: &[Date]) -> impl Iterator<Item = Option<usize>> + '_ {
    // The reviews grouped by day, each day's in their order (the sort is stable): one pass
    // over each group, where counting each review's day-mates took time in the square of
    // their number (0.7 s for a chart of 10,000 points).
    let mut by_day: Vec<usize> = (0..days.len()).collect();
    crate::order::sort_by(&mut by_day, |&a, &b| days[a].cmp(&days[b]));
    let mut ranks = vec![None; days.len()];
    for group in by_day.chunk_by(|&a, &b| days[a] == days[b]) {
        if group.len() > 1 {
            for (rank, &k) in group.iter().enumerate() {
                ranks[k] = Some(rank + 1);
            }
        }
    }
    ranks.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_says_its_day_of_the_week() {
        let said = |iso: &str, lang| Date::parse_iso(iso).unwrap().spoken_with_weekday(lang);
        assert_eq!(
            said("2026-12-04", Lang::Fr),
            "vendredi 4\u{a0}décembre 2026"
        );
        assert_eq!(said("2027-02-01", Lang::Fr), "lundi 1er\u{a0}février 2027");
        assert_eq!(said("1970-01-01", Lang::En), "Thursday 1\u{a0}January 1970");
        assert_eq!(said("1969-12-28", Lang::En), "Sunday 28\u{a0}December 1969");
        assert_eq!(said("2024-02-29", Lang::Fr), "jeudi 29\u{a0}février 2024");
    }

    #[test]
    fn reviews_of_one_day_are_ranked_and_a_day_alone_is_not() {
        let day = 86_400_000;
        let morning = 1_709_287_200_000; // 1 March 2024, 10:00 UTC
        let days =
            [morning - day, morning, morning + 600_000, morning + 3 * day].map(Date::from_millis);
        let ranks: Vec<_> = ranks_of_day(&days).collect();
        assert_eq!(ranks, [None, Some(1), Some(2), None]);
        assert_eq!(ranks_of_day(&[]).count(), 0);
        // A day met again after another (a flight west) keeps counting its reviews.
        let back = [morning, morning + day, morning + 3_600_000].map(Date::from_millis);
        let ranks: Vec<_> = ranks_of_day(&back).collect();
        assert_eq!(ranks, [Some(1), None, Some(2)]);
        // Hourly readings over 10,000 hours: 24 a day, ranked 1 to 24.
        let start = Date::parse_iso("2024-03-01").unwrap().millis();
        let hourly: Vec<Date> = (0..10_000)
            .map(|h| Date::from_millis(start + h * 3_600_000))
            .collect();
        let ranks: Vec<_> = ranks_of_day(&hourly).collect();
        assert_eq!(
            ranks[..25],
            [(1..=24).map(Some).collect::<Vec<_>>(), vec![Some(1)]].concat()
        );
    }

    #[test]
    fn dates_read_as_sentences_say_them() {
        let first = Date {
            year: 2026,
            month: 12,
            day: 1,
        };
        assert_eq!(first.spoken(Lang::Fr), "1er\u{a0}décembre 2026");
        assert_eq!(first.spoken(Lang::En), "1\u{a0}December 2026");
        let d = Date {
            year: 2027,
            month: 3,
            day: 15,
        };
        assert_eq!(d.spoken(Lang::Fr), "15\u{a0}mars 2027");
        assert_eq!(first.short(Lang::Fr), "1er\u{a0}déc. 2026");
        assert_eq!(d.short(Lang::En), "15\u{a0}Mar 2027");
    }

    #[test]
    fn known_timestamps_give_their_dates() {
        let cases = [
            (0, "1970-01-01"),
            (951_782_400_000, "2000-02-29"),
            (1_795_737_600_000, "2026-11-27"),
            (1_795_823_999_999, "2026-11-27"),
            (-86_400_000, "1969-12-31"),
            (4_107_542_400_000, "2100-03-01"),
        ];
        for (millis, iso) in cases {
            assert_eq!(Date::from_millis(millis).iso(), iso, "{millis}");
            let date = Date::parse_iso(iso).unwrap();
            assert_eq!(Date::from_millis(date.millis()), date, "{iso}");
        }
        assert_eq!(
            Date::parse_iso("2026-11-27").unwrap().millis(),
            1_795_737_600_000
        );
        for junk in [
            "2026-02-30",
            "2026-13-01",
            "26-11-27",
            "2026-1-27",
            "2026-11-27x",
            "",
            "+026-11-27",
        ] {
            assert_eq!(Date::parse_iso(junk), None, "{junk}");
        }
    }

    #[test]
    fn quarters_and_month_names() {
        let march = Date {
            year: 2026,
            month: 3,
            day: 1,
        };
        assert_eq!((march.quarter(), march.month_name(Lang::Fr)), (1, "mars"));
        let dec = Date {
            year: 2026,
            month: 12,
            day: 31,
        };
        assert_eq!((dec.quarter(), dec.month_name(Lang::En)), (4, "December"));
    }

    #[test]
    fn month_ticks_fall_on_the_first_of_real_months_and_never_repeat() {
        let ms = |iso: &str| Date::parse_iso(iso).unwrap().millis();
        let labels = |from: &str, to: &str, most: usize, lang: Lang| -> Vec<String> {
            month_ticks(ms(from), ms(to), most)
                .into_iter()
                .map(|d| tick_label(d, lang))
                .collect()
        };
        // A reading on 1 December sits on the December tick.
        assert_eq!(
            labels("2026-10-17", "2027-02-14", 5, Lang::Fr),
            [
                "nov.\u{a0}2026",
                "déc.\u{a0}2026",
                "janv.\u{a0}2027",
                "févr.\u{a0}2027"
            ]
        );
        assert_eq!(
            month_ticks(ms("2026-12-01"), ms("2026-12-20"), 5)[0].iso(),
            "2026-12-01"
        );
        assert_eq!(
            labels("2026-10-17", "2027-02-14", 5, Lang::En),
            [
                "Nov\u{a0}2026",
                "Dec\u{a0}2026",
                "Jan\u{a0}2027",
                "Feb\u{a0}2027"
            ]
        );
        // Fourteen months in three ticks: every six months, from a half-year's start.
        assert_eq!(
            labels("2026-02-10", "2027-04-10", 3, Lang::Fr),
            ["juil.\u{a0}2026", "janv.\u{a0}2027"]
        );
        // Ten years: one tick every few years, each January, never more than asked.
        let decade = month_ticks(ms("2017-01-01"), ms("2026-12-31"), 5);
        assert!(decade.len() <= 5 && decade.len() >= 3, "{decade:?}");
        assert!(decade.iter().all(|d| d.month == 1 && d.day == 1));
        // Two weeks inside one month have no month start to mark.
        assert!(month_ticks(ms("2026-12-05"), ms("2026-12-19"), 5).is_empty());
        for m in 1..=12 {
            let d = Date {
                year: 2026,
                month: m,
                day: 1,
            };
            assert!(!d.month_abbr(Lang::Fr).is_empty());
        }
    }
}
