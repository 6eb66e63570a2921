//! The message files the app reads at run time, split by route: English on first use, and the
//! French that only the pages outside the first module say (see the build script).

#[cfg(feature = "split")]
use super::FR;
#[cfg(any(feature = "split", test))]
use super::Part;
#[cfg(any(feature = "split", test))]
use super::{Msg, Table};
use bilan_core::Lang;

#[cfg(feature = "split")]
thread_local! {
    /// The English messages, once read from `messages/en.txt`.
    static ENGLISH_CELL: std::cell::OnceCell<&'static Table> = const { std::cell::OnceCell::new() };
}

/// The English table, if it was read.
#[cfg(feature = "split")]
pub(super) fn english() -> Option<&'static Table> {
    ENGLISH_CELL.with(|cell| cell.get().copied())
}

#[cfg(feature = "split")]
thread_local! {
    /// The French messages whole, once the later pages' part is read from
    /// `messages/fr-later.txt`.
    static FRENCH_CELL: std::cell::OnceCell<&'static Table> = const { std::cell::OnceCell::new() };
}

/// The whole French table, if the later pages' part was read.
#[cfg(feature = "split")]
pub(super) fn french() -> Option<&'static Table> {
    FRENCH_CELL.with(|cell| cell.get().copied())
}

/// Reads, once, the French messages that only the pages outside the first module say (the
/// journey, sessions, the board: the build script's `LATER_FILES`); those pages wait for it
/// beside their chunk, and a participant's phone never asks for it. The error says why it could
/// not (without the split build, every message is compiled in).
pub async fn load_later() -> Result<(), String> {
    #[cfg(feature = "split")]
    if french().is_none() {
        let url = "/messages/fr-later.txt";
        let text: &'static str = crate::surveys::fetch_text(url).await?.leak();
        let later =
            table(text).ok_or_else(|| format!("{url}: not a message file of this build"))?;
        let whole = merged(&FR, later);
        FRENCH_CELL.with(|cell| {
            let _ = cell.set(whole);
        });
    }
    Ok(())
}

/// One table from two that each hold part of the messages: each message from `first` where it
/// is there, from `later` otherwise.
#[cfg(any(feature = "split", test))]
pub(super) fn merged(first: &'static Table, later: &'static Table) -> &'static Table {
    let mut text = String::new();
    let mut ends = Vec::with_capacity(Msg::ALL.len());
    for &msg in Msg::ALL {
        let plain = first.plain(msg);
        text.push_str(if plain.is_empty() {
            later.plain(msg)
        } else {
            plain
        });
        ends.push(u16::try_from(text.len()).unwrap_or(u16::MAX));
    }
    let patterns: Vec<(Msg, &'static [Part])> = first
        .patterns
        .iter()
        .chain(later.patterns)
        .copied()
        .collect();
    Box::leak(Box::new(Table {
        text: text.leak(),
        ends: ends.leak(),
        patterns: patterns.leak(),
    }))
}

/// Makes `lang`'s messages ready: split by route, the app reads English from its own file on
/// first use, so the first module carries French only. The error says why it could not.
pub async fn load(lang: Lang) -> Result<(), String> {
    #[cfg(feature = "split")]
    if lang == Lang::En && english().is_none() {
        let url = "/messages/en.txt";
        let text: &'static str = crate::surveys::fetch_text(url).await?.leak();
        let table =
            table(text).ok_or_else(|| format!("{url}: not a message file of this build"))?;
        ENGLISH_CELL.with(|cell| {
            let _ = cell.set(table);
        });
    }
    let _ = lang;
    Ok(())
}

/// A language's table from its file (see the build script's `pattern_encoded`): the plain
/// texts, U+001E, their ends, then U+001E before each pattern, its message's index, U+001F and
/// its parts. `None` for a file of another build.
#[cfg(any(feature = "split", test))]
pub(super) fn table(file: &'static str) -> Option<&'static Table> {
    let mut sections = file.split('\u{1e}');
    let text = sections.next()?;
    let ends: Vec<u16> = sections
        .next()?
        .split(',')
        .filter_map(|n| n.parse().ok())
        .collect();
    // Every text must be cut where the ends say, or a lookup would panic.
    let cut = |e: &u16| text.is_char_boundary(usize::from(*e));
    if ends.len() != Msg::ALL.len()
        || ends.last().copied() != u16::try_from(text.len()).ok()
        || !ends.windows(2).all(|w| w[0] <= w[1])
        || !ends.iter().all(cut)
    {
        return None;
    }
    let mut patterns = Vec::new();
    for entry in sections {
        let (i, mut rest) = entry.split_once('\u{1f}')?;
        let msg = *Msg::ALL.get(i.parse::<usize>().ok()?)?;
        patterns.push((msg, parts(&mut rest)));
    }
    Some(Box::leak(Box::new(Table {
        text,
        ends: ends.leak(),
        patterns: patterns.leak(),
    })))
}

/// Reads a list of parts up to its end mark (U+0005), leaving `s` after it.
#[cfg(any(feature = "split", test))]
fn parts(s: &mut &'static str) -> &'static [Part] {
    // Everything up to the first of `stops`, leaving `s` after that mark.
    fn until(s: &mut &'static str, stops: &[char]) -> &'static str {
        let end = s.find(stops).unwrap_or(s.len());
        let (found, rest) = s.split_at(end);
        *s = rest.get(1..).unwrap_or("");
        found
    }
    let mut out = Vec::new();
    while let Some(kind) = s.chars().next() {
        *s = &s[kind.len_utf8()..];
        match kind {
            'T' => out.push(Part::Text(until(s, &['\u{1}']))),
            'V' => out.push(Part::Var(until(s, &['\u{1}']))),
            'S' => {
                let var = until(s, &['\u{2}']);
                let default = until(s, &['\u{2}']).parse().unwrap_or(0);
                let mut variants = Vec::new();
                while !s.is_empty() && !s.starts_with('\u{6}') {
                    let key = until(s, &['\u{3}']);
                    variants.push((key, parts(s)));
                }
                *s = s.get(1..).unwrap_or("");
                out.push(Part::Select(var, variants.leak(), default));
                *s = s.strip_prefix('\u{1}').unwrap_or(s);
            }
            _ => break,
        }
    }
    out.leak()
}
