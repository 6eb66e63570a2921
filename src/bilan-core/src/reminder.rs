//! A reminder a person adds to their own calendar: one all-day event in an iCalendar file
//! (RFC 5545), which every calendar application imports. Written on the device and downloaded
//! there; nothing of it reaches the server.

use crate::calendar::Date;

/// The calendar file of one all-day event on `day` titled `summary`, with an alert at 9:00 that
/// morning. `uid` names the event (one per profile), which calendars that match events by it use
/// to update the one they hold. `made_at` is when the file was written (milliseconds since the
/// Unix epoch).
pub fn all_day(day: Date, summary: &str, uid: &str, made_at: i64) -> String {
    let next = Date::from_millis(day.millis() + 86_400_000);
    let compact = |d: Date| format!("{:04}{:02}{:02}", d.year, d.month, d.day);
    let stamp = crate::calendar::utc_stamp(made_at);
    let summary = text(summary);
    let lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Bilan//Bilan//FR",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        &format!("UID:{}", text(uid)),
        &format!("DTSTAMP:{stamp}"),
        &format!("DTSTART;VALUE=DATE:{}", compact(day)),
        &format!("DTEND;VALUE=DATE:{}", compact(next)),
        &format!("SUMMARY:{summary}"),
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        &format!("DESCRIPTION:{summary}"),
        "TRIGGER;RELATED=START:PT9H",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ];
    let mut file = String::new();
    for line in lines {
        folded(line, &mut file);
    }
    file
}

/// A TEXT value: backslashes, commas, semicolons and line breaks escaped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' | ',' | ';' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 bytes (a continuation starts with a space), never inside a
/// character, each line ended by CRLF.
fn folded(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_all_day_event_with_its_alert() {
        let day = Date::parse_iso("2026-12-31").unwrap();
        // 5 December 2026, 14:07:09 UTC.
        let made =
            Date::parse_iso("2026-12-05").unwrap().millis() + (14 * 3600 + 7 * 60 + 9) * 1000;
        let file = all_day(day, "Bilan : faire le point", "point-abc@bilan", made);
        let lines: Vec<&str> = file.split("\r\n").collect();
        assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
        assert_eq!(lines.last(), Some(&""), "every line ends with CRLF");
        for expected in [
            "UID:point-abc@bilan",
            "DTSTAMP:20261205T140709Z",
            "DTSTART;VALUE=DATE:20261231",
            // The next day, across the year's end: an all-day event ends the day after.
            "DTEND;VALUE=DATE:20270101",
            "SUMMARY:Bilan : faire le point",
            "TRIGGER;RELATED=START:PT9H",
        ] {
            assert!(lines.contains(&expected), "{expected} in {file}");
        }
        assert_eq!(file.matches('\n').count(), file.matches("\r\n").count());
    }

    #[test]
    fn text_is_escaped_and_long_lines_folded_between_characters() {
        let day = Date::parse_iso("2027-01-15").unwrap();
        let summary = "Bilan, faire le point ; Appropriation du projet, Professionnalisation, \
                       Développement personnel\\fin";
        let file = all_day(day, summary, "u", 0);
        for line in file.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} bytes", line.len());
        }
        // Unfolded, as a reader does: the value comes back whole, escaped.
        let unfolded = file.replace("\r\n ", "");
        assert!(
            unfolded.contains(
                "SUMMARY:Bilan\\, faire le point \\; Appropriation du projet\\, \
                 Professionnalisation\\, Développement personnel\\\\fin\r\n"
            ),
            "{unfolded}"
        );
        assert!(file.contains("DTSTAMP:19700101T000000Z"));
    }
}
