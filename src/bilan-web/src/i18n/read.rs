//! The message files the app reads at run time, split by route: English on first use, and the
//! French that only the pages outside the first module say (see the build script).

#[cfg(any(feature = "split", test))]
use super::Part;
#[cfg(any(feature = "split", test))]
use super::{Msg, Table};
use bilan_core::Lang;

#[cfg(feature = "split")]
thread_local! {
    /// The English messages every page says, once read from `messages/en.txt`.
    static ENGLISH_FIRST: OnceCell<&'static Table> = const { OnceCell::new() };
    /// The English messages whole, once the later pages' part is read too (`en-later.txt`).
    static ENGLISH_WHOLE: OnceCell<&'static Table> = const { OnceCell::new() };
    /// The French messages whole, once the later pages' part is read (`fr-later.txt`).
    static FRENCH_WHOLE: OnceCell<&'static Table> = const { OnceCell::new() };
    /// Whether a page outside the first module asked for its words: English read from then on
    /// is read whole.
    static LATER_WANTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(feature = "split")]
use std::cell::OnceCell;

/// The English table as far as it was read.
#[cfg(feature = "split")]
pub(super) fn english() -> Option<&'static Table> {
    ENGLISH_WHOLE
        .with(|cell| cell.get().copied())
        .or_else(|| ENGLISH_FIRST.with(|cell| cell.get().copied()))
}

/// The whole French table, if the later pages' part was read.
#[cfg(feature = "split")]
pub(super) fn french() -> Option<&'static Table> {
    FRENCH_WHOLE.with(|cell| cell.get().copied())
}

/// The message file at `url`, read into a table.
#[cfg(feature = "split")]
async fn read_file(url: &str) -> Result<&'static Table, String> {
    let text: &'static str = crate::surveys::fetch_text(url).await?.leak();
    table(text).ok_or_else(|| format!("{url}: not a message file of this build"))
}

/// `first`, once `url`'s part is read and merged in, kept in `whole` (once).
#[cfg(feature = "split")]
async fn complete(
    whole: &'static std::thread::LocalKey<OnceCell<&'static Table>>,
    first: &'static Table,
    url: &str,
) -> Result<(), String> {
    if whole.with(|cell| cell.get().is_none()) {
        let merged = merged(first, read_file(url).await?);
        whole.with(|cell| {
            let _ = cell.set(merged);
        });
    }
    Ok(())
}

/// Reads, once, the messages that only the pages outside the first module say (the journey,
/// sessions, the board: the build script's `LATER_FILES`), in French and, once English is read,
/// in English; those pages wait for them beside their chunk, and a participant's phone never
/// asks. The error says why they could not be read (without the split build, every message is
/// compiled in).
pub async fn load_later() -> Result<(), String> {
    #[cfg(feature = "split")]
    {
        LATER_WANTED.set(true);
        // One after the other: `index.html` has asked for both beside the page's chunks.
        complete(&FRENCH_WHOLE, &super::FR, "/messages/fr-later.txt").await?;
        if let Some(first) = ENGLISH_FIRST.with(|cell| cell.get().copied()) {
            complete(&ENGLISH_WHOLE, first, "/messages/en-later.txt").await?;
        }
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
/// first use (whole once a page outside the first module was shown), so the first module carries
/// French only. The error says why it could not.
pub async fn load(lang: Lang) -> Result<(), String> {
    #[cfg(feature = "split")]
    if lang == Lang::En {
        let first = match ENGLISH_FIRST.with(|cell| cell.get().copied()) {
            Some(first) => first,
            None => {
                let first = read_file("/messages/en.txt").await?;
                ENGLISH_FIRST.with(|cell| *cell.get_or_init(|| first))
            }
        };
        if LATER_WANTED.get() {
            complete(&ENGLISH_WHOLE, first, "/messages/en-later.txt").await?;
        }
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
