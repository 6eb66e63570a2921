//! A number as a person types it in a field: « 2,5 », « 12 500 », "1,250.75". A browser's own
//! number field reads text in the browser's language, not the page's: an English browser takes
//! « 2,5 » for 25, silently. The app reads the text itself, the same in every browser.

use crate::Lang;
use crate::answer::AnswerError;

/// The spaces people put between groups of digits: a space, a no-break space, a narrow one
/// (what the app writes), a thin one.
const SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// `text` written plainly (`-1250.75`: a sign, digits, a point), for the browser's parser;
/// `Ok(None)` for an empty field. The field's `unit`, which the page shows after it, may be
/// typed after the number too (« 15 000 € », « 2,5 etp »).
///
/// Either mark is a decimal one, in both languages, and groups of three may stand apart by
/// spaces or by the other mark (« 1.250,75 », "1,250.75"); a mark repeated only groups. One
/// mark before exactly three digits is read as each language reads it: in English "2,500" is
/// 2500 and "2.500" is 2.5; in French « 2,500 » is 2,5, and « 2.500 », which people write for
/// 2 500 as well as for 2,5, is asked again ([`AnswerError::Ambiguous`]) unless the rest of
/// the number settles it: spaces between groups, more than three digits before it, or none
/// but zeros.
pub fn typed_number(text: &str, lang: Lang, unit: &str) -> Result<Option<String>, AnswerError> {
    let mut text = text.trim();
    let at = text.len().saturating_sub(unit.len());
    if !unit.is_empty() && text.is_char_boundary(at) && text[at..].eq_ignore_ascii_case(unit) {
        text = text[..at].trim();
    }
    // Plain loops on bytes: iterator adapters and `char`s compile more code into a
    // participant's phone.
    let mut body = Vec::with_capacity(text.len());
    let mut spaced = false;
    for c in text.chars() {
        if SPACES.contains(&c) {
            spaced = true;
        } else if c == '\u{2212}' {
            body.push(b'-');
        } else if c.is_ascii() {
            body.push(c as u8);
        } else {
            return Err(AnswerError::NotANumber);
        }
    }
    if body.is_empty() {
        return Ok(None);
    }
    let negative = body[0] == b'-';
    let body = if matches!(body[0], b'-' | b'+') {
        &body[1..]
    } else {
        &body[..]
    };
    let is_mark = |b: u8| b == b',' || b == b'.';
    let (mut marks, mut first, mut last) = (0, 0, 0);
    for (i, &b) in body.iter().enumerate() {
        if is_mark(b) {
            if marks == 0 {
                first = i;
            }
            marks += 1;
            last = i;
        } else if !b.is_ascii_digit() {
            return Err(AnswerError::NotANumber);
        }
    }
    // Where the decimal mark is, if any, and the mark that groups digits, if any.
    let (decimal, group) = match marks {
        0 => (None, None),
        1 => {
            let (int, frac) = (first, body.len() - first - 1);
            let maybe_group = frac == 3 && (1..=3).contains(&int) && !spaced;
            if maybe_group && body[..first].iter().any(|&b| b != b'0') {
                match (lang, body[first]) {
                    (Lang::En, b',') => (None, Some(b',')),
                    (_, b',') | (Lang::En, _) => (Some(first), None),
                    (Lang::Fr, _) => {
                        // At most six digits: the number fits.
                        let mut n = 0;
                        for &b in body {
                            if b.is_ascii_digit() {
                                n = n * 10 + i32::from(b - b'0');
                            }
                        }
                        return Err(AnswerError::Ambiguous(if negative { -n } else { n }));
                    }
                }
            } else {
                (Some(first), None)
            }
        }
        // Every mark groups, but a last one of the other kind, which is the decimal one.
        _ if body[last] != body[first] => (Some(last), Some(body[first])),
        _ => (None, Some(body[first])),
    };
    let end = decimal.unwrap_or(body.len());
    let mut out = String::with_capacity(body.len() + 2);
    if negative {
        out.push('-');
    }
    // The groups: the first of one to three digits, the others of three.
    let mut digits = 0;
    let mut grouped = false;
    for &b in &body[..end] {
        if is_mark(b) {
            let fits = if grouped {
                digits == 3
            } else {
                (1..=3).contains(&digits)
            };
            if Some(b) != group || !fits {
                return Err(AnswerError::NotANumber);
            }
            grouped = true;
            digits = 0;
        } else {
            out.push(char::from(b));
            digits += 1;
        }
    }
    if grouped && digits != 3 {
        return Err(AnswerError::NotANumber);
    }
    let fraction = decimal.map_or(&[][..], |at| &body[at + 1..]);
    if end == 0 && fraction.is_empty() {
        return Err(AnswerError::NotANumber);
    }
    if end == 0 {
        out.push('0');
    }
    if !fraction.is_empty() {
        out.push('.');
        // The last mark: only digits follow.
        for &b in fraction {
            out.push(char::from(b));
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_type_them() {
        let ambiguous = |whole: i32| Err(AnswerError::Ambiguous(whole));
        type Read = Result<Option<&'static str>, AnswerError>;
        let cases: &[(&str, Lang, Read)] = &[
            ("", Lang::Fr, Ok(None)),
            ("   ", Lang::En, Ok(None)),
            ("42", Lang::Fr, Ok(Some("42"))),
            ("2,5", Lang::Fr, Ok(Some("2.5"))),
            ("2.5", Lang::Fr, Ok(Some("2.5"))),
            // What an English browser's own field made 25 of.
            ("2,5", Lang::En, Ok(Some("2.5"))),
            ("-3,25", Lang::Fr, Ok(Some("-3.25"))),
            ("\u{2212}3,25", Lang::Fr, Ok(Some("-3.25"))),
            ("+7", Lang::Fr, Ok(Some("7"))),
            (",5", Lang::Fr, Ok(Some("0.5"))),
            ("5,", Lang::Fr, Ok(Some("5"))),
            // Groups apart by spaces, as French writes them (the app's narrow ones too).
            ("12 500", Lang::Fr, Ok(Some("12500"))),
            ("12\u{202f}500,75", Lang::Fr, Ok(Some("12500.75"))),
            ("1\u{a0}000\u{a0}000", Lang::Fr, Ok(Some("1000000"))),
            // Two different marks: the last one is the decimal one.
            ("1.250,75", Lang::Fr, Ok(Some("1250.75"))),
            ("1,250.75", Lang::Fr, Ok(Some("1250.75"))),
            ("1,250.75", Lang::En, Ok(Some("1250.75"))),
            // A mark repeated only groups.
            ("1.000.000", Lang::Fr, Ok(Some("1000000"))),
            ("1,000,000", Lang::En, Ok(Some("1000000"))),
            // One mark before three digits: each language reads its own; French asks of a point.
            ("2,500", Lang::En, Ok(Some("2500"))),
            ("2.500", Lang::En, Ok(Some("2.500"))),
            ("1,125", Lang::Fr, Ok(Some("1.125"))),
            ("2.500", Lang::Fr, ambiguous(2500)),
            ("15.000", Lang::Fr, ambiguous(15000)),
            ("-15.000", Lang::Fr, ambiguous(-15000)),
            // ...unless the rest settles it.
            ("0.500", Lang::Fr, Ok(Some("0.500"))),
            ("1500.000", Lang::Fr, Ok(Some("1500.000"))),
            ("2 500.000", Lang::Fr, Ok(Some("2500.000"))),
            ("2,50", Lang::Fr, Ok(Some("2.50"))),
            ("2,5000", Lang::Fr, Ok(Some("2.5000"))),
            // Not numbers.
            ("12k", Lang::Fr, Err(AnswerError::NotANumber)),
            ("1e3", Lang::En, Err(AnswerError::NotANumber)),
            ("0x10", Lang::En, Err(AnswerError::NotANumber)),
            ("Infinity", Lang::En, Err(AnswerError::NotANumber)),
            ("-", Lang::Fr, Err(AnswerError::NotANumber)),
            (",", Lang::Fr, Err(AnswerError::NotANumber)),
            ("1,2,3", Lang::Fr, Err(AnswerError::NotANumber)),
            ("12,50,000", Lang::En, Err(AnswerError::NotANumber)),
            ("1.000,000.5", Lang::Fr, Err(AnswerError::NotANumber)),
            ("1,5.5", Lang::En, Err(AnswerError::NotANumber)),
            ("--5", Lang::Fr, Err(AnswerError::NotANumber)),
            ("٣", Lang::Fr, Err(AnswerError::NotANumber)),
        ];
        for (text, lang, expected) in cases {
            let expected = expected.clone().map(|o| o.map(str::to_owned));
            assert_eq!(
                &typed_number(text, *lang, ""),
                &expected,
                "{text:?} in {lang:?}"
            );
        }
    }

    #[test]
    fn the_unit_shown_after_the_field_may_be_typed_too() {
        let read = |text: &str, unit: &str| typed_number(text, Lang::Fr, unit);
        assert_eq!(read("15 000 €", "€"), Ok(Some("15000".into())));
        assert_eq!(read("15000€", "€"), Ok(Some("15000".into())));
        assert_eq!(read("2,5 etp", "ETP"), Ok(Some("2.5".into())));
        assert_eq!(read("30\u{a0}%", "%"), Ok(Some("30".into())));
        assert_eq!(read("12 heures", "heures"), Ok(Some("12".into())));
        // Another unit, or one where none is shown, is no number.
        assert_eq!(read("15 000 €", "%"), Err(AnswerError::NotANumber));
        assert_eq!(read("15 000 €", ""), Err(AnswerError::NotANumber));
        assert_eq!(read("€", "€"), Ok(None));
    }
}
