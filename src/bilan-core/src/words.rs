//! Released counts in words, as the survey names them: the same on the app's charts, in the
//! board's spreadsheets and in the annual report.

use crate::bucket::{Bucket, CellKey, Step};
use crate::survey::{Kind, bucket_index, bucket_label as bounds_label};
use crate::{Lang, Survey};

/// A key's title: the question as the survey asks it, or the indicator and what is counted.
pub fn key_title(survey: &Survey, key: &CellKey, lang: Lang) -> Option<String> {
    Some(match (key, lang) {
        (CellKey::Score(i), Lang::Fr) => format!("Score (sur 100) — {}", i.label(lang)),
        (CellKey::Score(i), Lang::En) => format!("Score (out of 100) — {}", i.label(lang)),
        (CellKey::Progress(i), Lang::Fr) => format!("Progression — {}", i.label(lang)),
        (CellKey::Progress(i), Lang::En) => format!("Progress — {}", i.label(lang)),
        (CellKey::Start(i), Lang::Fr) => format!("Score au premier bilan — {}", i.label(lang)),
        (CellKey::Start(i), Lang::En) => format!("Score at the first review — {}", i.label(lang)),
        (CellKey::Answer(id), _) => survey.question(id)?.label.get(lang).to_owned(),
    })
}

/// A number written plainly (`12500.5`, as JavaScript or Rust writes it) as a reader of `lang`
/// reads it: « 12 500,5 » in French (thin spaces between groups of three, a decimal comma),
/// "12,500.5" in English; its sign a true minus (−) or a plus. A form with an exponent is left
/// as it is.
pub fn spoken_number(plain: &str, lang: Lang) -> String {
    if plain.contains(['e', 'E']) {
        return plain.to_owned();
    }
    let (sign, digits) = match (plain.strip_prefix('-'), plain.strip_prefix('+')) {
        (Some(rest), _) => ("\u{2212}", rest),
        (_, Some(rest)) => ("+", rest),
        _ => ("", plain),
    };
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let (group, point) = match lang {
        Lang::Fr => ('\u{202f}', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::from(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(fraction) = fraction {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

/// How far an indicator moved, in words.
pub fn step_label(step: Step, lang: Lang) -> &'static str {
    match (step, lang) {
        (Step::DownMuch, Lang::Fr) => "Recul de 20 points ou plus",
        (Step::Down, Lang::Fr) => "Recul de 5 à 20 points",
        (Step::Same, Lang::Fr) => "Stable (moins de 5 points)",
        (Step::Up, Lang::Fr) => "Progrès de 5 à 20 points",
        (Step::UpMuch, Lang::Fr) => "Progrès de 20 points ou plus",
        (Step::DownMuch, Lang::En) => "Down 20 points or more",
        (Step::Down, Lang::En) => "Down 5 to 20 points",
        (Step::Same, Lang::En) => "Steady (under 5 points)",
        (Step::Up, Lang::En) => "Up 5 to 20 points",
        (Step::UpMuch, Lang::En) => "Up 20 points or more",
    }
}

/// A bucket in words, as the survey names it: the same on the charts and in what a person sees
/// before sharing.
pub fn bucket_label(survey: &Survey, key: &CellKey, bucket: &Bucket, lang: Lang) -> String {
    let kind = key
        .question()
        .and_then(|id| survey.question(id))
        .map(|q| &q.kind);
    let fr = lang == Lang::Fr;
    match (bucket, kind) {
        (Bucket::Score(band), _) => band.as_str().replace('-', "–"),
        (Bucket::Progress(step), _) => step_label(*step, lang).to_owned(),
        (Bucket::DontKnow, _) => if fr {
            "Je ne sais pas"
        } else {
            "I don’t know"
        }
        .to_owned(),
        (Bucket::Yes, Some(Kind::YesNo)) => if fr { "Oui" } else { "Yes" }.to_owned(),
        (Bucket::No, Some(Kind::YesNo)) => if fr { "Non" } else { "No" }.to_owned(),
        (Bucket::Other, Some(Kind::Single { .. } | Kind::Multiple { .. })) => {
            if fr { "Autre" } else { "Other" }.to_owned()
        }
        (_, Some(Kind::Single { options, .. } | Kind::Multiple { options, .. })) => options
            .iter()
            .find(|o| Bucket::option(&o.id) == *bucket)
            .map(|o| o.label.get(lang).to_owned())
            .unwrap_or_else(|| bucket.to_string()),
        (Bucket::Named(n), Some(Kind::Scale { min, levels, .. })) => {
            let level = n
                .parse::<i64>()
                .ok()
                .and_then(|n| levels.get(usize::try_from(n - min).ok()?));
            match level {
                Some(text) => format!("{n} — {}", text.get(lang)),
                None => n.to_string(),
            }
        }
        (
            Bucket::Named(n),
            Some(Kind::Integer { buckets, unit, .. } | Kind::Decimal { buckets, unit, .. }),
        ) => {
            let integer = matches!(kind, Some(Kind::Integer { .. }));
            let label = crate::decimal::parse(n)
                .and_then(|x| bucket_index(buckets, x))
                .map(|i| bounds_label(buckets, i, integer, lang))
                .unwrap_or_else(|| n.to_string());
            format!("{label} {}", unit.symbol(lang)).trim().to_owned()
        }
        (bucket, _) => bucket.to_string(),
    }
}

/// A key's title and its buckets (bucket, label) in order; `None` for what the survey does not
/// share.
pub fn buckets(
    survey: &Survey,
    key: &CellKey,
    lang: Lang,
) -> Option<(String, Vec<(Bucket, String)>)> {
    let list = crate::bucket::buckets(survey, key)?
        .into_iter()
        .map(|b| {
            let label = bucket_label(survey, key, &b, lang);
            (b, label)
        })
        .collect();
    Some((key_title(survey, key, lang)?, list))
}

/// The versions a table adds up, in words: « version 2 », « versions 1 et 2 », « versions 1, 2
/// et 3 ».
pub fn versions_label(versions: &[u32], lang: Lang) -> String {
    let numbers: Vec<String> = versions.iter().map(u32::to_string).collect();
    let numbers: Vec<&str> = numbers.iter().map(String::as_str).collect();
    match versions {
        [] => String::new(),
        [one] => format!("version {one}"),
        _ => format!("versions {}", listed(&numbers, lang)),
    }
}

/// Items as a sentence lists them: « A, B et C », "A, B and C".
pub fn listed(items: &[&str], lang: Lang) -> String {
    let and = match lang {
        Lang::Fr => "et",
        Lang::En => "and",
    };
    match items {
        [rest @ .., last] if !rest.is_empty() => format!("{} {and} {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

/// `text` cut where French typesets an ordinal's letters raised (« 1er décembre », « 2e bilan »,
/// « 1re », « 3es »): each piece with whether it is raised. A page sets those as superscripts;
/// files, charts and form options keep « 1er » as written, as French does where it cannot
/// raise them.
pub fn raised_ordinals(text: &str) -> Vec<(&str, bool)> {
    const SUFFIXES: [&str; 6] = ["ers", "res", "er", "re", "es", "e"];
    let mut pieces = Vec::new();
    let mut from = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A run of digits that starts a word: not « A2e », « 2,5e » or a hash's « 4e5 ». (The
        // word's edges are listed rather than read from Unicode's letter tables, which would
        // come into the app with them.)
        let starts_word = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "(«'’".contains(c));
        let mut end = i;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        let suffix = SUFFIXES.iter().find(|suffix| {
            text[end..].starts_with(**suffix)
                && text[end + suffix.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || ",.;:!?)»".contains(c))
        });
        if let (true, Some(suffix)) = (starts_word, suffix) {
            if from < end {
                pieces.push((&text[from..end], false));
            }
            pieces.push((&text[end..end + suffix.len()], true));
            from = end + suffix.len();
        }
        i = end;
    }
    if from < text.len() {
        pieces.push((&text[from..], false));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_reads_as_a_sentence_says_it() {
        assert_eq!(listed(&[], Lang::Fr), "");
        assert_eq!(listed(&["Bénévoles"], Lang::Fr), "Bénévoles");
        assert_eq!(
            listed(&["Bénévoles", "Financeurs"], Lang::Fr),
            "Bénévoles et Financeurs"
        );
        assert_eq!(listed(&["A", "B", "C"], Lang::En), "A, B and C");
        assert_eq!(versions_label(&[1, 2, 3], Lang::Fr), "versions 1, 2 et 3");
        assert_eq!(versions_label(&[4], Lang::En), "version 4");
    }

    #[test]
    fn a_number_reads_as_each_language_writes_it() {
        assert_eq!(spoken_number("12500.5", Lang::Fr), "12\u{202f}500,5");
        assert_eq!(spoken_number("12500.5", Lang::En), "12,500.5");
        assert_eq!(
            spoken_number("-1234567", Lang::Fr),
            "\u{2212}1\u{202f}234\u{202f}567"
        );
        assert_eq!(spoken_number("+1000", Lang::En), "+1,000");
        assert_eq!(spoken_number("999", Lang::Fr), "999");
        assert_eq!(spoken_number("0.25", Lang::Fr), "0,25");
        assert_eq!(spoken_number("1e+21", Lang::Fr), "1e+21");
    }

    #[test]
    fn ordinals_letters_are_raised_and_nothing_else() {
        assert_eq!(
            raised_ordinals("le 1er\u{a0}décembre 2026, 2e bilan"),
            [
                ("le 1", false),
                ("er", true),
                ("\u{a0}décembre 2026, 2", false),
                ("e", true),
                (" bilan", false)
            ]
        );
        assert_eq!(
            raised_ordinals("1re séance, les 3es, 12e."),
            [
                ("1", false),
                ("re", true),
                (" séance, les 3", false),
                ("es", true),
                (", 12", false),
                ("e", true),
                (".", false)
            ]
        );
        // Words, measures and numbers that only look like one are left whole.
        for plain in [
            "4 December 2026, 2nd review",
            "A2e",
            "2,5e",
            "1e+21",
            "2 ème",
            "10 euros",
            "3ers-x",
            "x1er",
            "",
        ] {
            let pieces = raised_ordinals(plain);
            assert!(
                pieces.iter().all(|(_, raised)| !raised),
                "{plain:?}: {pieces:?}"
            );
            assert_eq!(pieces.iter().map(|(p, _)| *p).collect::<String>(), plain);
        }
    }
}
