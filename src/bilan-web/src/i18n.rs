//! The interface's words in French and English, and the current language as app-wide state.

use bilan_core::Lang;
use leptos::prelude::*;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

mod read;
#[cfg(feature = "split")]
use read::{english, french};
pub use read::{load, load_later};

/// A piece of a compiled message: text, an argument, or a choice on an argument (a plural).
#[derive(Debug)]
pub enum Part {
    Text(&'static str),
    Var(&'static str),
    /// The argument, the variants by key (a plural category, or `=N` for an exact number), and
    /// the index of the default variant.
    Select(
        &'static str,
        &'static [(&'static str, &'static [Part])],
        usize,
    ),
}

/// A language's messages: every plain text end to end, where each one ends (a message with
/// arguments has an empty text), and the patterns of the messages with arguments.
struct Table {
    text: &'static str,
    ends: &'static [u16],
    patterns: &'static [(Msg, &'static [Part])],
}

impl Table {
    #[cfg(not(feature = "split"))]
    fn of(lang: Lang) -> &'static Table {
        match lang {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    /// English once read (French until then: [`load`] reads it before the interface switches);
    /// French whole once the later pages' part is read ([`load_later`]).
    #[cfg(feature = "split")]
    fn of(lang: Lang) -> &'static Table {
        match lang {
            Lang::Fr => french().unwrap_or(&FR),
            Lang::En => english().unwrap_or_else(|| french().unwrap_or(&FR)),
        }
    }

    /// Whether `lang`'s messages are read (always, without the split build).
    fn read(lang: Lang) -> bool {
        #[cfg(feature = "split")]
        if lang == Lang::En {
            return english().is_some();
        }
        let _ = lang;
        true
    }

    /// The text of a message without arguments; empty for one with arguments.
    fn plain(&self, msg: Msg) -> &'static str {
        // The enum is declared in `Msg::ALL`'s order, the tables' order.
        let i = msg as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[usize::from(start)..usize::from(self.ends[i])]
    }

    fn pattern(&self, msg: Msg) -> Option<&'static [Part]> {
        self.patterns
            .iter()
            .find(|(m, _)| *m == msg)
            .map(|(_, parts)| *parts)
    }
}

/// The server's refusals the app says in its own words, by their code; the others are said in
/// the server's words. The codes are compared one by one: a phone carries none but these.
pub const SAID: [(bilan_core::wire::Refusal, Msg); 8] = {
    use bilan_core::wire::Refusal;
    [
        (Refusal::OldPeriod, Msg::RefusedOldPeriod),
        (Refusal::UnknownSurvey, Msg::RefusedSurveyVersion),
        (Refusal::SurveyVersion, Msg::RefusedSurveyVersion),
        (Refusal::BadToken, Msg::RefusedBadToken),
        (Refusal::Forbidden, Msg::RefusedForbidden),
        (Refusal::StorageFull, Msg::ServerFull),
        (Refusal::TotalsTaken, Msg::RefusedTotalsTaken),
        (Refusal::OtherFacilitator, Msg::RefusedOtherFacilitator),
    ]
};

/// A server's refusal as its reader reads it: see [`Words::refused`].
pub fn refused(lang: Lang, why: &str) -> String {
    match SAID.iter().find(|(code, _)| code.code() == why) {
        Some((_, msg)) => tr(lang, *msg).to_owned(),
        None => tr_with(lang, Msg::RefusedBy, &[("why", why)]),
    }
}

/// The text of `msg` in `lang`, for a message that takes no argument (one that does reads as
/// written in its catalogue: use [`tr_with`]).
pub fn tr(lang: Lang, msg: Msg) -> &'static str {
    let table = Table::of(lang);
    let plain = table.plain(msg);
    debug_assert!(!plain.is_empty(), "{msg:?} takes arguments: use tr_with");
    if !plain.is_empty() {
        return plain;
    }
    match table.pattern(msg).and_then(|p| p.first()) {
        Some(Part::Text(t)) => t,
        _ => "",
    }
}

/// The text of `msg` in `lang` with its named arguments filled in; a numeric argument chooses
/// the plural variant the language's rules give it.
pub fn tr_with(lang: Lang, msg: Msg, args: &[(&str, &str)]) -> String {
    render(Table::of(lang), lang, msg, args)
}

fn render(table: &Table, lang: Lang, msg: Msg, args: &[(&str, &str)]) -> String {
    let Some(parts) = table.pattern(msg) else {
        return table.plain(msg).to_owned();
    };
    let mut out = String::new();
    write_parts(&mut out, parts, lang, args);
    out
}

fn write_parts(out: &mut String, parts: &[Part], lang: Lang, args: &[(&str, &str)]) {
    let arg = |name: &str| {
        args.iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| *v)
    };
    for part in parts {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Var(name) => out.push_str(arg(name)),
            Part::Select(name, variants, default) => {
                // `#n` selects on the rank `n` (`NUMBER($n, type: "ordinal")` in the catalogue).
                let rank = name.strip_prefix('#');
                let value = arg(rank.unwrap_or(name));
                // A number picks its own variant (`[0]`), a word the variant of its name
                // (`[readings]`), as in Fluent.
                let exact = format!("={value}");
                // Counts are whole numbers: no float parser in the first module for them.
                let category = value.parse::<u64>().ok().map(|n| match rank {
                    Some(_) => ordinal(lang, n),
                    None => plural(lang, n),
                });
                let chosen = variants
                    .iter()
                    .find(|(key, _)| *key == exact || *key == value)
                    .or_else(|| variants.iter().find(|(key, _)| Some(*key) == category))
                    .or_else(|| variants.get(*default));
                if let Some((_, parts)) = chosen {
                    write_parts(out, parts, lang, args);
                }
            }
        }
    }
}

/// The CLDR plural category of the count `n` in `lang` (cardinal): French counts 0 and 1 as
/// one.
fn plural(lang: Lang, n: u64) -> &'static str {
    match lang {
        Lang::Fr if n < 2 => "one",
        Lang::En if n == 1 => "one",
        _ => "other",
    }
}

/// The CLDR ordinal category of the rank `n` in `lang`, which a message selects on with
/// `NUMBER($n, type: "ordinal")`: French writes « 1er » then « 2e », English 1st, 2nd, 3rd,
/// 11th, 21st.
fn ordinal(lang: Lang, n: u64) -> &'static str {
    match (lang, n % 10, n % 100) {
        (Lang::Fr, ..) if n == 1 => "one",
        (Lang::En, 1, r) if r != 11 => "one",
        (Lang::En, 2, r) if r != 12 => "two",
        (Lang::En, 3, r) if r != 13 => "few",
        _ => "other",
    }
}

/// A date as people write it: "1er mars 2026", "12 March 2026".
pub fn long_date(lang: Lang, millis: i64) -> String {
    crate::clock::day(millis).spoken(lang)
}

/// `text` with its ordinals' letters set as superscripts, as French typesets them
/// (« 1<sup>er</sup> décembre », « 2<sup>e</sup> bilan »); the words read the same.
pub fn typeset(text: String) -> AnyView {
    let pieces = bilan_core::words::raised_ordinals(&text);
    if pieces.iter().all(|(_, raised)| !raised) {
        return text.into_any();
    }
    pieces
        .into_iter()
        .map(|(piece, raised)| {
            let piece = piece.to_owned();
            if raised {
                view! { <sup class="ordinal">{piece}</sup> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect::<Vec<_>>()
        .into_any()
}

/// An answer's problem in words for the person answering.
pub fn answer_error(lang: Lang, err: &bilan_core::answer::AnswerError) -> String {
    use bilan_core::answer::AnswerError as E;
    match err {
        E::Required => tr(lang, Msg::ErrRequired).to_owned(),
        E::NotANumber | E::WrongType { .. } => tr(lang, Msg::ErrNumber).to_owned(),
        E::NotWhole => tr(lang, Msg::ErrWhole).to_owned(),
        E::Ambiguous(whole) => {
            // « 2.500 » said back as the two numbers it may be: 2,5 or 2 500.
            let whole = f64::from(*whole);
            tr_with(
                lang,
                Msg::ErrAmbiguous,
                &[
                    (
                        "decimal",
                        &crate::browser::spoken_number(whole / 1000.0, lang),
                    ),
                    ("whole", &crate::browser::spoken_number(whole, lang)),
                    ("example", &crate::browser::number_text(whole)),
                ],
            )
        }
        E::BelowMin(min) => tr_with(
            lang,
            Msg::ErrMin,
            &[("min", &crate::browser::spoken_number(*min, lang))],
        ),
        E::AboveMax(max) => tr_with(
            lang,
            Msg::ErrMax,
            &[("max", &crate::browser::spoken_number(*max, lang))],
        ),
        E::BadDate(_) => tr(lang, Msg::ErrDate).to_owned(),
        E::TooManyChoices(n) => tr_with(lang, Msg::ErrTooMany, &[("n", &n.to_string())]),
        E::LevelOutOfRange { .. } | E::DontKnowNotOffered | E::UnknownOption(_) | E::NoBucket => {
            tr(lang, Msg::ErrRange).to_owned()
        }
    }
}

/// Why a file was refused (a backup, a session file), in words for the person importing it;
/// the technical detail, for whoever helps them, is [`file_error_detail`].
pub fn file_error(lang: Lang, err: &bilan_core::file::FileError) -> String {
    use bilan_core::file::{FileError as E, Kind};
    match err {
        E::NotJson { .. } => tr(lang, Msg::FileNotJson).to_owned(),
        E::Foreign(Kind::Backup) => tr(lang, Msg::BackupForeign).to_owned(),
        E::Foreign(Kind::Session) => tr(lang, Msg::SessionForeign).to_owned(),
        E::OtherKind(Kind::Backup) => tr(lang, Msg::BackupIsSession).to_owned(),
        E::OtherKind(Kind::Session) => tr(lang, Msg::SessionIsBackup).to_owned(),
        E::Newer(..) => tr(lang, Msg::FileNewer).to_owned(),
        E::Damaged(..) => tr(lang, Msg::FileDamaged).to_owned(),
    }
}

/// Where in the file the problem is, or what the reader said, when there is more to tell.
pub fn file_error_detail(lang: Lang, err: &bilan_core::file::FileError) -> Option<String> {
    use bilan_core::file::FileError as E;
    match err {
        E::NotJson {
            at: Some((line, column)),
        } => Some(tr_with(
            lang,
            Msg::FileWhere,
            &[("line", &line.to_string()), ("column", &column.to_string())],
        )),
        E::Damaged(_, detail) => Some(detail.clone()),
        _ => None,
    }
}

/// Why a session cannot be created, take an answer or take another device's file, in `lang`.
pub fn session_error(lang: Lang, err: &bilan_core::session::SessionError) -> String {
    use bilan_core::session::SessionError as E;
    match err {
        E::NoTitle => tr(lang, Msg::SessionNoTitle).to_owned(),
        E::BadDate(date) if date.trim().is_empty() => tr(lang, Msg::SessionNoDate).to_owned(),
        E::BadDate(date) => tr_with(lang, Msg::SessionBadDate, &[("date", date)]),
        E::OutOfReach { from, to, .. } => {
            let day =
                |year, month, day| bilan_core::calendar::Date { year, month, day }.spoken(lang);
            tr_with(
                lang,
                Msg::SessionOutOfReach,
                &[("from", &day(*from, 1, 1)), ("to", &day(*to, 12, 31))],
            )
        }
        E::BadCode(code) => tr_with(lang, Msg::SessionBadCode, &[("code", code)]),
        E::Closed => tr(lang, Msg::SessionIsClosed).to_owned(),
        E::OtherSurvey { expected, got } => tr_with(
            lang,
            Msg::SessionOtherSurvey,
            &[("got", got), ("expected", expected)],
        ),
        E::File(err) => file_error(lang, err),
    }
}

/// Words a page keeps to show for a while (an outcome, a refusal), said again in the language
/// the reader switches to while they are shown: kept as text, they stayed in the language they
/// were first said in.
#[derive(Clone)]
pub struct Words(std::sync::Arc<dyn Fn(Lang) -> String + Send + Sync>);

impl Words {
    /// The words `say` gives in each language.
    pub fn new(say: impl Fn(Lang) -> String + Send + Sync + 'static) -> Self {
        Words(std::sync::Arc::new(say))
    }

    /// A message that takes no argument.
    pub fn msg(msg: Msg) -> Self {
        Words::new(move |lang| tr(lang, msg).to_owned())
    }

    /// A message with one argument, `name`, whose value is the same in every language.
    pub fn with(msg: Msg, name: &'static str, value: String) -> Self {
        Words::new(move |lang| tr_with(lang, msg, &[(name, &value)]))
    }

    /// A server's refusal: in the app's words when its reason is a code the app says itself
    /// (kept by [`crate::api`]), else the server's reason framed as its refusal.
    pub fn refused(why: String) -> Self {
        Words::new(move |lang| refused(lang, &why))
    }

    /// Words that are the same in every language (a server's reason, as it gave it).
    pub fn fixed(text: String) -> Self {
        Words::new(move |_| text.clone())
    }

    /// The words in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        (self.0)(lang)
    }
}

/// The current language, shared by the whole app.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The current language (reactive).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// Switches the interface to `lang`, once its messages are read (English is read on first
    /// use when the app is split by route); the interface stays as it is if they cannot be.
    pub fn set_lang(&self, lang: Lang) {
        let signal = self.lang;
        leptos::task::spawn_local(async move {
            match load(lang).await {
                Ok(()) => signal.set(lang),
                Err(why) => leptos::logging::warn!("{why}"),
            }
        });
    }

    /// The text of `msg` in the current language (reactive).
    pub fn t(&self, msg: Msg) -> &'static str {
        tr(self.lang.get(), msg)
    }

    /// The text of `msg` as a view (or an attribute) that follows the language. Every call
    /// returns the same closure type, so the app carries one copy of the code that renders it
    /// instead of one for each of the interface's ~160 texts.
    pub fn text(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || tr(self.lang.get(), msg)
    }

    /// The text of `msg` as a signal of the current language, for a component's `Signal<String>`.
    pub fn signal(self, msg: Msg) -> Signal<String> {
        Signal::derive(move || tr(self.lang.get(), msg).to_owned())
    }

    /// [`tr_with`] in the current language (reactive).
    pub fn tw(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        tr_with(self.lang.get(), msg, args)
    }
}

/// Makes the language available to every component, starting in French.
pub fn provide_i18n() -> I18n {
    let kept = kept_lang();
    // The language chosen on this device: at once if its messages are read (`crate::run` reads
    // them before mounting), else once they are.
    let ready = kept.filter(|lang| *lang == Lang::Fr || Table::read(*lang));
    let i18n = I18n {
        lang: RwSignal::new(ready.unwrap_or_default()),
    };
    provide_context(i18n);
    if let Some(lang) = kept
        && ready.is_none()
    {
        i18n.set_lang(lang);
    }
    i18n
}

/// The language this device chose, other than the default; `None` if it chose none.
pub fn kept_lang() -> Option<Lang> {
    crate::browser::kept(crate::browser::keys::LANG)
        .and_then(|code| code.parse::<Lang>().ok())
        .filter(|lang| *lang != Lang::default())
}

/// The app's language handle; panics outside [`crate::App`], which is a programming error.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    #[cfg(not(feature = "split"))]
    use super::read::{merged, table};
    use super::*;

    #[wasm_bindgen_test]
    fn every_message_reads_in_both_languages() {
        for msg in Msg::ALL {
            let (fr, en) = (tr_with(Lang::Fr, *msg, &[]), tr_with(Lang::En, *msg, &[]));
            assert!(
                !fr.trim().is_empty() && !en.trim().is_empty(),
                "{msg:?} is empty"
            );
        }
    }

    #[cfg(not(feature = "split"))]
    #[wasm_bindgen_test]
    fn the_english_file_reads_as_the_compiled_table() {
        // What a split build fetches on first use (its later pages' part with them), read back
        // against what this build compiles.
        let file = include_str!(concat!(env!("OUT_DIR"), "/en.txt"));
        let later = include_str!(concat!(env!("OUT_DIR"), "/en-later.txt"));
        let read = merged(
            table(file).expect("the file reads"),
            table(later).expect("the later part reads"),
        );
        assert!(table(&file[1..]).is_none(), "a damaged file is refused");
        for msg in Msg::ALL {
            for n in ["0", "1", "2", "17"] {
                let args: Vec<(&str, &str)> = ["n", "count", "k", "answered", "visible"]
                    .iter()
                    .map(|a| (*a, n))
                    .chain([("date", "1 March"), ("why", "because")])
                    .collect();
                assert_eq!(
                    render(read, Lang::En, *msg, &args),
                    render(&EN, Lang::En, *msg, &args),
                    "{msg:?} with {n}"
                );
            }
        }
    }

    #[cfg(not(feature = "split"))]
    #[wasm_bindgen_test]
    fn the_later_french_file_completes_the_first_modules_messages() {
        // A split build's first module holds the French messages the later file does not;
        // merged, they say every message as the whole table does.
        let later =
            table(include_str!(concat!(env!("OUT_DIR"), "/fr-later.txt"))).expect("the file reads");
        let in_later = |msg: Msg| !later.plain(msg).is_empty() || later.pattern(msg).is_some();
        let moved = Msg::ALL.iter().filter(|m| in_later(**m)).count();
        assert!(
            moved > Msg::ALL.len() / 2,
            "{moved} messages in the later file"
        );
        assert!(!in_later(Msg::Tagline) && !in_later(Msg::ErrRequired));
        let mut text = String::new();
        let mut ends = Vec::new();
        for &msg in Msg::ALL {
            if !in_later(msg) {
                text.push_str(FR.plain(msg));
            }
            ends.push(u16::try_from(text.len()).unwrap());
        }
        let patterns: Vec<(Msg, &'static [Part])> = FR
            .patterns
            .iter()
            .filter(|(m, _)| !in_later(*m))
            .copied()
            .collect();
        let first: &'static Table = Box::leak(Box::new(Table {
            text: text.leak(),
            ends: ends.leak(),
            patterns: patterns.leak(),
        }));
        let whole = merged(first, later);
        for &msg in Msg::ALL {
            let args = [
                ("n", "2"),
                ("count", "1"),
                ("date", "1er mars"),
                ("why", "car"),
            ];
            assert_eq!(
                render(whole, Lang::Fr, msg, &args),
                render(&FR, Lang::Fr, msg, &args),
                "{msg:?}"
            );
        }
    }

    #[wasm_bindgen_test]
    fn ranks_are_written_as_each_language_writes_them() {
        let rank = |lang, n: usize| tr_with(lang, Msg::RankOfDay, &[("n", &n.to_string())]);
        let said = |lang| [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(|n| rank(lang, n));
        assert_eq!(
            said(Lang::En),
            [
                "1st review",
                "2nd review",
                "3rd review",
                "4th review",
                "11th review",
                "12th review",
                "13th review",
                "21st review",
                "22nd review",
                "23rd review",
                "101st review",
                "111th review",
            ]
        );
        assert_eq!(said(Lang::Fr)[..3], ["1er bilan", "2e bilan", "3e bilan"]);
        assert_eq!(said(Lang::Fr)[7], "21e bilan");
    }

    #[wasm_bindgen_test]
    fn plurals_follow_each_language() {
        let fr = |n: &str| tr_with(Lang::Fr, Msg::ParticipantsCount, &[("count", n)]);
        let en = |n: &str| tr_with(Lang::En, Msg::ParticipantsCount, &[("count", n)]);
        assert_eq!(fr("0"), "0\u{a0}participant");
        assert_eq!(fr("1"), "1\u{a0}participant");
        assert_eq!(fr("2"), "2\u{a0}participants");
        assert_eq!(en("0"), "0 participants");
        assert_eq!(en("1"), "1 participant");
        // Asked before closing a session, none is said in words.
        let close = |lang, n: &str| tr_with(lang, Msg::ConfirmClose, &[("count", n)]);
        assert!(close(Lang::Fr, "0").ends_with("(aucun participant)"));
        assert!(close(Lang::Fr, "1").ends_with("(1\u{a0}participant)"));
        assert!(close(Lang::En, "0").ends_with("(no participants)"));
        assert!(close(Lang::En, "2").ends_with("(2 participants)"));
    }
}
