//! Decimal numbers as survey files and people write them: `12`, `-3.5`, `2e3`.
//!
//! Read without the standard library's float parser, whose tables and code weigh some 12 KiB of
//! gzip in every chunk of the app that reads a number: the numbers read here (levels, bucket
//! names, condition literals, a style's pixel size) have few digits, and for those a product or
//! a quotient of two exact doubles is the correctly rounded value, the same as `str::parse`
//! gives. Longer ones are refused, the same on every platform. They are written back the same
//! way, without the float formatter (some 7 KiB of gzip on a participant's phone).

/// Significant digits read exactly: every integer up to 10^15 is a double, as is 10^22.
const MAX_DIGITS: usize = 15;

/// The exact powers of ten of a double.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A decimal's parts: its sign, the digits before and after its point, and its exponent.
struct Parts<'a> {
    negative: bool,
    int: &'a [u8],
    fraction: &'a [u8],
    exponent: i64,
}

/// `text` split into its parts when it is a plain decimal: an optional sign, digits with at most
/// one point (at least one digit), and an optional exponent (`e` or `E`, an optional sign, digits).
fn parts(text: &str) -> Option<Parts<'_>> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let mantissa_end = rest
        .iter()
        .position(|b| matches!(b, b'e' | b'E'))
        .unwrap_or(rest.len());
    let (mantissa, exponent) = rest.split_at(mantissa_end);
    let (int, fraction) = match mantissa.iter().position(|&b| b == b'.') {
        Some(at) => (&mantissa[..at], &mantissa[at + 1..]),
        None => (mantissa, &[][..]),
    };
    let all_digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if int.len() + fraction.len() == 0 || !all_digits(int) || !all_digits(fraction) {
        return None;
    }
    let exponent = match exponent.split_first() {
        None => 0,
        Some((_, e)) => {
            let (sign, e) = match e.first() {
                Some(b'-') => (-1, &e[1..]),
                Some(b'+') => (1, &e[1..]),
                _ => (1, e),
            };
            if e.is_empty() || !all_digits(e) {
                return None;
            }
            // Far beyond any double's exponent: saturate rather than overflow.
            sign * e
                .iter()
                .fold(0i64, |n, d| (n * 10 + i64::from(d - b'0')).min(1_000_000))
        }
    };
    Some(Parts {
        negative,
        int,
        fraction,
        exponent,
    })
}

/// Whether `text` is a plain decimal (see [`parse`]), whatever its number of digits.
pub fn is_decimal(text: &str) -> bool {
    parts(text).is_some()
}

/// The value of `text` when it is a plain decimal of at most 15 significant digits whose value
/// needs no power of ten beyond 22 to write: `None` for anything else (`inf`, `0x10`, `1,5`, ``).
pub fn parse(text: &str) -> Option<f64> {
    let Parts {
        negative,
        int,
        fraction,
        exponent,
    } = parts(text)?;
    // The significant digits: leading zeros dropped, trailing zeros moved into the exponent.
    let mut significant: u64 = 0;
    let mut count = 0usize;
    let mut zeros = 0usize;
    for &d in int.iter().chain(fraction).skip_while(|&&d| d == b'0') {
        if d == b'0' {
            zeros += 1;
            continue;
        }
        count += zeros + 1;
        if count > MAX_DIGITS {
            return None;
        }
        for _ in 0..zeros {
            significant *= 10;
        }
        zeros = 0;
        significant = significant * 10 + u64::from(d - b'0');
    }
    let exponent = exponent + zeros as i64 - fraction.len() as i64;
    let magnitude = if significant == 0 {
        0.0
    } else if (0..=22).contains(&exponent) {
        significant as f64 * POW10[exponent as usize]
    } else if (-22..0).contains(&exponent) {
        significant as f64 / POW10[(-exponent) as usize]
    } else {
        return None;
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `x` as `format!("{x}")` writes it (`10`, `-3.5`, `0.001`, `1500`) when [`parse`] could have
/// read it: at most 15 significant digits and no power of ten beyond 22; `None` otherwise.
pub fn write(x: f64) -> Option<compact_str::CompactString> {
    if !x.is_finite() {
        return None;
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let x = x.abs();
    if x == 0.0 {
        return Some(compact_str::format_compact!("{sign}0"));
    }
    // Of decimals of at most 15 digits, only one is read as `x`: the one the standard formatter
    // writes, the shortest that reads back. Tried with the fewest digits first: whole numbers
    // with as many trailing zeros as can be, then decimals with as few places.
    for (zeros, &power) in POW10.iter().enumerate().rev() {
        let digits = (x / power).round();
        if (1.0..POW10[MAX_DIGITS]).contains(&digits) && digits * power == x {
            let zeros = "0".repeat(zeros);
            return Some(compact_str::format_compact!(
                "{sign}{}{zeros}",
                digits as u64
            ));
        }
    }
    for (places, &power) in POW10.iter().enumerate().skip(1) {
        let digits = (x * power).round();
        if digits < POW10[MAX_DIGITS] && digits / power == x {
            let digits = format!("{:0>width$}", digits as u64, width = places + 1);
            let (int, fraction) = digits.split_at(digits.len() - places);
            return Some(compact_str::format_compact!("{sign}{int}.{fraction}"));
        }
    }
    None
}

/// `x` in plain decimal notation, for people and spreadsheets: as `format!("{x}")` writes it
/// when [`write`] can, otherwise rounded to 15 significant digits (`0.1 + 0.2` is `0.3`), so that
/// no page needs the standard float formatter (`core::fmt::float`, some 8 KiB of gzip).
pub fn show(x: f64) -> compact_str::CompactString {
    if let Some(written) = write(x) {
        return written;
    }
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    // x = m × 10^e with m in [10^14, 10^15): its 15 significant digits, rounded.
    let magnitude = x.abs();
    let mut e = 0i32;
    let mut m = magnitude;
    while m >= POW10[MAX_DIGITS] {
        let step = if m >= POW10[22] * POW10[MAX_DIGITS] {
            22
        } else {
            1
        };
        m /= POW10[step];
        e += step as i32;
    }
    while m < POW10[MAX_DIGITS - 1] {
        let step = if m * POW10[22] < POW10[MAX_DIGITS - 1] {
            22
        } else {
            1
        };
        m *= POW10[step];
        e -= step as i32;
    }
    // One rounding from x where the power is exact, rather than one per step.
    if e.unsigned_abs() as usize <= 22 {
        let power = POW10[e.unsigned_abs() as usize];
        m = if e >= 0 {
            magnitude / power
        } else {
            magnitude * power
        };
    }
    let mut digits = m.round() as u64;
    if digits >= POW10[MAX_DIGITS] as u64 {
        digits /= 10;
        e += 1;
    }
    scaled(x < 0.0, digits, e)
}

/// `x` with `places` digits after its point (at most 22), as `format!("{x:.places$}")` writes
/// it, except that a tie goes away from zero and a zero has no sign; beyond 2^53 it is [`show`].
pub fn fixed(x: f64, places: usize) -> compact_str::CompactString {
    let places = places.min(22);
    let n = (x * POW10[places]).round();
    if !n.is_finite() || n.abs() >= 9_007_199_254_740_992.0 {
        return show(x);
    }
    let digits = n.abs() as u64;
    let mut out = compact_str::CompactString::default();
    if n < 0.0 {
        out.push('-');
    }
    let written = format!("{digits:0>width$}", width = places + 1);
    let (int, fraction) = written.split_at(written.len() - places);
    out.push_str(int);
    if places > 0 {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// `digits` × 10^`exponent` in plain notation, without trailing zeros after the point.
fn scaled(negative: bool, mut digits: u64, mut exponent: i32) -> compact_str::CompactString {
    while exponent < 0 && digits.is_multiple_of(10) {
        digits /= 10;
        exponent += 1;
    }
    let mut out = compact_str::CompactString::default();
    if negative {
        out.push('-');
    }
    let written = format!("{digits}");
    if exponent >= 0 {
        out.push_str(&written);
        out.push_str(&"0".repeat(exponent as usize));
    } else {
        let places = exponent.unsigned_abs() as usize;
        if written.len() <= places {
            out.push_str("0.");
            out.push_str(&"0".repeat(places - written.len()));
            out.push_str(&written);
        } else {
            let (int, fraction) = written.split_at(written.len() - places);
            out.push_str(int);
            out.push('.');
            out.push_str(fraction);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_decimals_are_read_as_the_standard_parser_reads_them() {
        for text in [
            "0",
            "-0",
            "+7",
            "12",
            "-3.5",
            ".5",
            "5.",
            "0.1",
            "2e3",
            "2E-3",
            "1.25e+2",
            "007.500",
            "123456789012345",
            "0.000000000000000000001",
            "1e22",
            "100000000000000000000000e-5",
        ] {
            let ours = parse(text).unwrap_or_else(|| panic!("{text:?} refused"));
            let std = text.parse::<f64>().unwrap();
            assert_eq!(ours.to_bits(), std.to_bits(), "{text:?}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "", "-", "+", ".", "e3", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "0x10", "inf",
            "-inf", "NaN", "infinity", "1_000", "١٢",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
            assert!(!is_decimal(text), "{text:?}");
        }
    }

    #[test]
    fn numbers_beyond_fifteen_digits_or_a_power_of_twenty_two_are_refused_yet_are_decimals() {
        for text in [
            "1234567890123456",
            "1e23",
            "1e-23",
            "0.1e-22",
            "1e999999999999",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
            assert!(is_decimal(text), "{text:?}");
        }
    }

    #[test]
    fn numbers_are_written_as_the_standard_formatter_writes_them() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -7.0,
            10.0,
            1500.0,
            2.5,
            -3.5,
            0.1,
            0.3,
            0.001,
            1.005,
            1e15,
            1e22,
            1e-22,
            123456789012345.0,
            0.123456789012345,
            2e-7,
        ] {
            assert_eq!(write(x).as_deref(), Some(format!("{x}").as_str()), "{x:?}");
        }
        for x in [
            f64::NAN,
            f64::INFINITY,
            0.1 + 0.2,
            1.0 / 3.0,
            1e300,
            9007199254740991.0,
        ] {
            assert_eq!(write(x), None, "{x:?}");
        }
    }

    #[test]
    fn any_number_is_shown_in_plain_notation_to_fifteen_digits() {
        for (x, shown) in [
            (2.5, "2.5"),
            (1500.0, "1500"),
            (0.1 + 0.2, "0.3"),
            (1.0 / 3.0, "0.333333333333333"),
            (200.0 / 3.0, "66.6666666666667"),
            (-2.0 / 3.0, "-0.666666666666667"),
            (9007199254740993.0, "9007199254740990"),
            (1e300, &format!("1{}", "0".repeat(300))),
            (1.5e-30, "0.0000000000000000000000000000015"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "NaN"),
        ] {
            assert_eq!(show(x), shown, "{x:?}");
        }
    }

    #[test]
    fn fixed_places_round_as_people_do() {
        for (x, places, shown) in [
            (75.0, 0, "75"),
            (74.5, 0, "75"),
            (66.666, 0, "67"),
            (-0.4, 0, "0"),
            (-3.25, 1, "-3.3"),
            (0.0123, 3, "0.012"),
            (12.0, 2, "12.00"),
            (1.005, 1, "1.0"),
        ] {
            assert_eq!(fixed(x, places), shown, "{x} to {places}");
        }
        assert_eq!(fixed(1e300, 1), show(1e300));
    }

    proptest! {
        #[test]
        fn any_number_shown_reads_back_within_its_fifteenth_digit(x in proptest::num::f64::NORMAL) {
            let shown = show(x);
            let back: f64 = shown.parse().unwrap();
            prop_assert!((back - x).abs() <= x.abs() * 1e-14, "{} as {}", x, shown);
            if let Some(exact) = write(x) {
                prop_assert_eq!(shown, exact);
            }
        }

        #[test]
        fn fixed_places_are_the_standard_formatter_s_but_for_ties(
            x in -1e9f64..1e9, places in 0usize..4,
        ) {
            let ours = fixed(x, places);
            let std = format!("{x:.places$}");
            let std = if std.trim_start_matches(['-', '0', '.']).is_empty() { std.trim_start_matches('-').to_owned() } else { std };
            // A value within a hair of a tie may round either way.
            let scaled = x * 10f64.powi(places as i32);
            if (scaled.abs().fract() - 0.5).abs() > 1e-6 {
                prop_assert_eq!(ours.as_str(), std.as_str(), "{} to {}", x, places);
            }
        }

        #[test]
        fn every_decimal_read_is_written_back_as_the_standard_formatter_writes_it(
            negative in any::<bool>(),
            digits in 1u64..1_000_000_000_000_000,
            exponent in -37i64..23,
        ) {
            let text = format!("{}{digits}e{exponent}", if negative { "-" } else { "" });
            if let Some(x) = parse(&text) {
                prop_assert_eq!(write(x).map(String::from), Some(format!("{x}")), "{}", text);
            }
        }

        #[test]
        fn every_decimal_in_reach_is_the_correctly_rounded_double(
            negative in any::<bool>(),
            digits in 1u64..1_000_000_000_000_000,
            point in 0usize..16,
            exponent in -12i64..12,
        ) {
            let digits = digits.to_string();
            let point = point.min(digits.len());
            // In reach: the value is the digits times 10^(exponent - point), trailing zeros up to 14.
            prop_assume!((-22..=8).contains(&(exponent - point as i64)));
            let text = format!(
                "{}{}.{}e{exponent}",
                if negative { "-" } else { "" },
                &digits[..digits.len() - point],
                &digits[digits.len() - point..],
            );
            let std = text.parse::<f64>().unwrap();
            prop_assert_eq!(parse(&text).map(f64::to_bits), Some(std.to_bits()), "{}", text);
        }
    }
}
