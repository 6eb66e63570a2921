//! Reading an XLSForm's cells: columns by name, names made into ids, yes/no cells, the
//! `relevant` and `constraint` expressions Bilan understands, and the types it refuses and why.

use std::collections::BTreeMap;

use crate::Lang;
use crate::condition::Condition;

/// Column access by name over a sheet's header row.
pub(super) struct Columns {
    pub(super) names: Vec<String>,
}

impl Columns {
    /// Header names in any case, with pyxform's other names for a column (`caption` for
    /// `label`, `command` for `type`, `value` for `name`...) read as the usual one when the
    /// usual one is not there too.
    pub(super) fn new(header: &[String]) -> Self {
        let lowered: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let names = lowered
            .iter()
            .map(|name| {
                let (base, lang) = match name.find(':') {
                    Some(at) => name.split_at(at),
                    None => (name.as_str(), ""),
                };
                let usual = match base.trim() {
                    "caption" => "label",
                    "command" => "type",
                    "tag" | "value" => "name",
                    "relevance" => "relevant",
                    "list name" | "list-name" => "list_name",
                    "constraint message" | "constraining message" => "constraint_message",
                    "required message" => "required_message",
                    "choice filter" => "choice_filter",
                    _ => return name.clone(),
                };
                let renamed = format!("{usual}{lang}");
                if lowered.contains(&renamed) {
                    name.clone()
                } else {
                    renamed
                }
            })
            .collect();
        Columns { names }
    }

    pub(super) fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    pub(super) fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        self.index(name)
            .and_then(|i| row.get(i))
            .map_or("", |s| s.trim())
    }

    /// The text of `base` (`label`, `hint`) in French and English, from columns such as
    /// `label::French (fr)`, `label::fr` or plain `label` (taken as French).
    pub(super) fn texts(&self, row: &[String], base: &str) -> (Option<String>, Option<String>) {
        let mut fr = None;
        let mut en = None;
        for (i, name) in self.names.iter().enumerate() {
            let value = row.get(i).map(|s| s.trim()).unwrap_or("");
            if value.is_empty() {
                continue;
            }
            let Some(rest) = name.strip_prefix(base) else {
                continue;
            };
            if rest.is_empty() {
                fr.get_or_insert_with(|| value.to_owned());
            } else {
                match language(rest) {
                    Some(Lang::Fr) => fr = Some(value.to_owned()),
                    Some(Lang::En) => en = Some(value.to_owned()),
                    None => {}
                }
            }
        }
        (fr, en)
    }
}

/// The language a column's suffix names (`::fr`, `:Français (fr)`, `::English`), by code or by
/// name in French or English; `None` when it is another one (or no language).
fn language(suffix: &str) -> Option<Lang> {
    let lang = suffix
        .strip_prefix("::")
        .or_else(|| suffix.strip_prefix(':'))?
        .trim()
        .to_lowercase();
    if lang.contains("(fr)") || lang.starts_with("fr") {
        Some(Lang::Fr)
    } else if lang.contains("(en)") || lang.starts_with("en") || lang.starts_with("anglais") {
        Some(Lang::En)
    } else {
        None
    }
}

/// The header's text columns (`label::…`, `hint::…`) in a language Bilan does not keep.
pub(super) fn other_languages(header: &[String]) -> Vec<&str> {
    header
        .iter()
        .map(|h| h.trim())
        .filter(|h| {
            let lowered = h.to_lowercase();
            ["label", "hint", "caption"].iter().any(|base| {
                lowered
                    .strip_prefix(base)
                    .is_some_and(|rest| rest.starts_with(':') && language(rest).is_none())
            })
        })
        .collect()
}

/// A type cell as pyxform reads it, in any case: `select_one list`, `select one from list`,
/// `select all that apply from list`, `select_one list or_other`, `select one from list or
/// specify other`, `begin group`, `begin_repeat`...
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TypeCell {
    /// The kind, lowercase, words separated by spaces (`select one`, `begin group`, `integer`).
    pub(super) kind: String,
    /// The choice list's name, as written.
    pub(super) list: String,
    /// Whether "or other" follows the list.
    pub(super) other: bool,
}

/// The kinds spelled in several words, and what each is (pyxform's `aliases.py`: a "looped
/// group" and a "loop" are repeats to Bilan, an "add ... prompt" is the old name of a kind).
const SPELLED: [(&[&str], &str); 23] = [
    (&["select", "all", "that", "apply"], "select multiple"),
    (&["select", "one", "from", "file"], "select one from file"),
    (
        &["select", "multiple", "from", "file"],
        "select multiple from file",
    ),
    (&["select", "one", "external"], "select one external"),
    (&["select", "one"], "select one"),
    (&["select", "multiple"], "select multiple"),
    (&["add", "select", "one", "prompt", "using"], "select one"),
    (
        &["add", "select", "multiple", "prompt", "using"],
        "select multiple",
    ),
    (&["begin", "group"], "begin group"),
    (&["end", "group"], "end group"),
    (&["begin", "repeat"], "begin repeat"),
    (&["end", "repeat"], "end repeat"),
    (&["begin", "looped", "group"], "begin repeat"),
    (&["end", "looped", "group"], "end repeat"),
    (&["begin", "lgroup"], "begin repeat"),
    (&["end", "lgroup"], "end repeat"),
    (&["begin", "loop"], "begin repeat"),
    (&["end", "loop"], "end repeat"),
    (&["add", "image", "prompt"], "image"),
    (&["add", "photo", "prompt"], "image"),
    (&["add", "audio", "prompt"], "audio"),
    (&["add", "video", "prompt"], "video"),
    (&["add", "file", "prompt"], "file"),
];

/// Other names pyxform takes for a kind.
fn alias(kind: &str) -> &str {
    match kind {
        "string" => "text",
        "int" => "integer",
        "select1" => "select one",
        "photo" => "image",
        "imei" => "deviceid",
        "trigger" => "acknowledge",
        other => other,
    }
}

pub(super) fn parse_type(raw: &str) -> TypeCell {
    // Same length as `raw`: an offset in one is an offset in the other.
    let normal: String = raw
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '_' { ' ' } else { c })
        .collect();
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in normal.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                words.push((s, &normal[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, &normal[s..]));
    }
    let spelled = SPELLED.iter().find(|(seq, _)| {
        words.len() >= seq.len() && words.iter().zip(seq.iter()).all(|((_, w), s)| w == s)
    });
    let (kind, rest) = match spelled {
        Some((seq, kind)) => {
            let (at, last) = words[seq.len() - 1];
            ((*kind).to_owned(), &raw[at + last.len()..])
        }
        None => {
            let first = raw.split_whitespace().next().unwrap_or("");
            let kind = first.to_ascii_lowercase().replace('_', " ");
            let after = raw.trim_start().get(first.len()..).unwrap_or("");
            (alias(&kind).to_owned(), after)
        }
    };
    let mut tokens: Vec<&str> = rest
        .trim_start_matches(['_', ' '])
        .split_whitespace()
        .collect();
    if tokens
        .first()
        .is_some_and(|t| t.eq_ignore_ascii_case("from"))
    {
        tokens.remove(0);
    }
    let list = tokens.first().map(|t| (*t).to_owned()).unwrap_or_default();
    let tail = tokens
        .get(1..)
        .unwrap_or_default()
        .join(" ")
        .to_ascii_lowercase()
        .replace('_', " ");
    TypeCell {
        kind,
        list,
        other: matches!(tail.as_str(), "or other" | "or specify other"),
    }
}

/// A name made fit for a Bilan id: lowercase letters, digits, hyphens and underscores.
pub(super) fn slug(name: &str) -> String {
    let lowered: String = name
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    lowered.trim_start_matches(['_', '-']).to_owned()
}

pub(super) fn truthy(value: &str) -> bool {
    matches!(
        value.to_lowercase().as_str(),
        "yes" | "true" | "true()" | "1"
    )
}

/// `${name}` → `name`, `selected(${q}, 'x')` → `q = 'x'`, `not(...)` → `not (...)`; `None` when
/// what remains is not a condition Bilan understands.
pub(super) fn convert_relevant(expr: &str, rename: &BTreeMap<String, String>) -> Option<String> {
    let mut out = expr.to_owned();
    while let Some(start) = out.find("selected(") {
        let end = start + out[start..].find(')')?;
        let inner = &out[start + "selected(".len()..end];
        let (question, value) = inner.split_once(',')?;
        out = format!(
            "{}{} = {}{}",
            &out[..start],
            question.trim(),
            value.trim(),
            &out[end + 1..]
        );
    }
    out = out.replace("not(", "not (");
    while let Some(start) = out.find("${") {
        let end = start + out[start..].find('}')?;
        let name = &out[start + 2..end];
        let id = rename.get(name)?.clone();
        out = format!("{}{id}{}", &out[..start], &out[end + 1..]);
    }
    Condition::parse(&out).ok().map(|_| out)
}

/// `. >= 0 and . <= 100` → (Some(0), Some(100)); `None` for anything else.
pub(super) fn convert_constraint(expr: &str) -> Option<(Option<f64>, Option<f64>)> {
    let (mut min, mut max) = (None, None);
    for part in expr.split(" and ") {
        let part = part.trim();
        let rest = part.strip_prefix('.')?.trim_start();
        if let Some(n) = rest.strip_prefix(">=") {
            min = Some(n.trim().parse().ok()?);
        } else if let Some(n) = rest.strip_prefix("<=") {
            max = Some(n.trim().parse().ok()?);
        } else {
            return None;
        }
    }
    Some((min, max))
}

pub(super) const UNSUPPORTED: [(&str, &str); 33] = [
    (
        "select_one_from_file",
        "choices from an external file are not supported: copy them into the choices sheet",
    ),
    (
        "select_multiple_from_file",
        "choices from an external file are not supported: copy them into the choices sheet",
    ),
    (
        "geopoint",
        "locations are not asked in Bilan (they would identify people)",
    ),
    (
        "geotrace",
        "locations are not asked in Bilan (they would identify people)",
    ),
    (
        "geoshape",
        "locations are not asked in Bilan (they would identify people)",
    ),
    ("image", "photos are not supported"),
    ("audio", "recordings are not supported"),
    ("video", "videos are not supported"),
    ("file", "file uploads are not supported"),
    ("barcode", "barcodes are not supported"),
    ("calculate", "calculations are not supported"),
    ("hidden", "hidden fields are not supported"),
    ("acknowledge", "acknowledgements are not supported"),
    ("time", "times of day are not supported (use date)"),
    ("datetime", "date and time are not supported (use date)"),
    ("rank", "ranking is not supported"),
    (
        "start",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "end",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "today",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "deviceid",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "subscriberid",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "simserial",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "phonenumber",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "username",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "email",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "audit",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "start-geopoint",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "background-audio",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "background-geopoint",
        "metadata fields are not needed: Bilan records no device data",
    ),
    (
        "select_one_external",
        "choices from an external file are not supported: copy them into the choices sheet",
    ),
    ("xml-external", "external data is not supported"),
    ("csv-external", "external data is not supported"),
    ("osm", "maps are not supported"),
];
