//! Reading an XLSForm's cells: columns by name, names made into ids, yes/no cells, the
//! `relevant` and `constraint` expressions Bilan understands, and the types it refuses and why.

use std::collections::BTreeMap;

use crate::condition::Condition;

/// Column access by name over a sheet's header row.
pub(super) struct Columns {
    pub(super) names: Vec<String>,
}

impl Columns {
    pub(super) fn new(header: &[String]) -> Self {
        Columns {
            names: header.iter().map(|h| h.trim().to_lowercase()).collect(),
        }
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
            } else if let Some(lang) = rest.strip_prefix("::") {
                if lang.contains("(fr)") || lang.starts_with("fr") {
                    fr = Some(value.to_owned());
                } else if lang.contains("(en)") || lang.starts_with("en") {
                    en = Some(value.to_owned());
                }
            }
        }
        (fr, en)
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

pub(super) const UNSUPPORTED: [(&str, &str); 16] = [
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
];
