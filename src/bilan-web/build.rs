//! Compiles the message catalogues (`locales/LANG/*.ftl`, Fluent syntax) into Rust: one `Msg` per
//! message id and each language's patterns as static data, so the app carries no parser. The
//! build fails, naming the file and the message, when a catalogue is broken, when a message is
//! missing from a language or takes other arguments there, or when French text has an ordinary
//! space before `: ; ? !` or inside `« »` (French typography wants a non-breaking one).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fluent_syntax::ast;

/// The languages, in `bilan_core::Lang` order; the first is the reference.
const LANGS: [&str; 2] = ["fr", "en"];

/// The files (under `src/`) whose code only the holder's journey, the sessions' and the board's
/// pages run, never the first module nor a participant's phone. Split by route, a French message
/// named in these files alone travels in `messages/fr-later.txt` (and its English in
/// `en-later.txt`), which those pages read with their chunks (`i18n::load_later`), instead of in
/// the first module (or `en.txt`); a message named anywhere else stays there, so that no page
/// shows one before it is read.
const LATER_FILES: [&str; 26] = [
    "board.rs",
    "report.rs",
    "components/action_plan.rs",
    "components/backup_panel.rs",
    "components/print_button.rs",
    "components/profile_card.rs",
    "components/profile_form.rs",
    "components/revision_panel.rs",
    "components/sharing_panel.rs",
    "components/written_panel.rs",
    "pages/board_page.rs",
    "pages/data_page.rs",
    "pages/held_sessions.rs",
    "pages/journey_page.rs",
    "pages/kiosk_page.rs",
    "pages/live_page.rs",
    "pages/paper_page.rs",
    "pages/progress_page.rs",
    "pages/report_closing.rs",
    "pages/report_page.rs",
    "pages/session_names.rs",
    "pages/session_page.rs",
    "pages/session_totals.rs",
    "pages/sessions_page.rs",
    "pages/survey_page.rs",
    "pages/survey_result.rs",
];

/// One compiled message: where it was written, its arguments, and its pattern as Rust code.
struct Compiled {
    file: String,
    args: Vec<String>,
    code: String,
    /// The pattern in the file format the app reads at run time (see [`pattern_encoded`]).
    encoded: String,
    plain: Option<String>,
}

fn main() {
    // Read when the script runs, not when it is compiled: two checkouts sharing one target
    // folder share this script's binary, which then read the other checkout's catalogues.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("locales");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut errors = Vec::new();
    let later = later_messages(&Path::new(&manifest).join("src"), &mut errors);
    let mut catalogues: Vec<BTreeMap<String, Compiled>> = Vec::new();
    for lang in LANGS {
        catalogues.push(read(&root.join(lang), lang, &mut errors));
    }
    let reference = &catalogues[0];
    for (lang, catalogue) in LANGS.iter().zip(&catalogues).skip(1) {
        for (id, m) in reference {
            match catalogue.get(id) {
                None => errors.push(format!("{}: {id:?} has no {lang} translation", m.file)),
                Some(other) if other.args != m.args => errors.push(format!(
                    "{}: {id:?} takes {:?} in fr but {:?} in {lang}",
                    other.file, m.args, other.args
                )),
                Some(_) => {}
            }
        }
        for (id, m) in catalogue {
            if !reference.contains_key(id) {
                errors.push(format!("{}: {id:?} is not a French message", m.file));
            }
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            println!("cargo::error={e}");
        }
        panic!("{} mistake(s) in the message catalogues", errors.len());
    }
    let mut out = String::new();
    out.push_str(
        "/// Every sentence of the interface outside the surveys, named as in `locales/*/*.ftl`.\n",
    );
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum Msg {\n");
    for id in reference.keys() {
        writeln!(out, "    {},", camel(id)).unwrap();
    }
    out.push_str(
        "}\n\nimpl Msg {\n    /// Every message, in id order.\n    pub const ALL: &[Msg] = &[\n",
    );
    for id in reference.keys() {
        writeln!(out, "        Msg::{},", camel(id)).unwrap();
    }
    out.push_str("    ];\n\n    /// Its id in the catalogues.\n    pub fn id(self) -> &'static str {\n        match self {\n");
    for id in reference.keys() {
        writeln!(out, "            Msg::{} => {id:?},", camel(id)).unwrap();
    }
    out.push_str("        }\n    }\n}\n\n");
    // Split by route, the app reads its English on first use: the first module carries French
    // only, and the English messages travel in files of their own. Each language's messages that
    // only the pages outside the first module say travel apart again, read with those pages.
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let out_dir = std::env::var("OUT_DIR").unwrap();
    for (lang, catalogue) in LANGS.iter().zip(&catalogues) {
        let is_later = |id: &str| later.contains(&camel(id));
        let first = written(reference, catalogue, |id| !is_later(id));
        // `cargo xtask build` copies these from here into `dist/messages/` (cargo says where);
        // the unsplit build's unit tests read them back against the compiled tables.
        let apart = written(reference, catalogue, is_later);
        std::fs::write(
            Path::new(&out_dir).join(format!("{lang}-later.txt")),
            apart.file(),
        )
        .expect("OUT_DIR is writable");
        if *lang != "fr" {
            std::fs::write(
                Path::new(&out_dir).join(format!("{lang}.txt")),
                first.file(),
            )
            .expect("OUT_DIR is writable");
            if split {
                continue;
            }
        }
        let (text, ends, patterns) = if split {
            first
        } else {
            written(reference, catalogue, |_| true)
        }
        .into_parts();
        let upper = lang.to_uppercase();
        writeln!(
            out,
            "/// The messages in {lang}: plain texts by [`Msg::ALL`]'s order, patterns by message.\n\
             static {upper}: Table = Table {{\n    text: {text:?},\n    ends: &{ends:?},\n    patterns: &[\n        {}\n    ],\n}};\n",
            patterns.join(",\n        ")
        )
        .unwrap();
    }
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("messages.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

/// A language's messages as the app holds them: the plain texts end to end with each one's end
/// offset (two bytes a message where a table of `&str` takes eight), and the patterns of the
/// messages that have arguments, as Rust code and as the run-time file's parts. A message not
/// `kept` is there as an empty text.
struct Written {
    text: String,
    ends: Vec<u16>,
    patterns: Vec<String>,
    encoded: Vec<String>,
}

impl Written {
    /// The file the app reads at run time (`i18n::table`): the texts, U+001E, their ends, then
    /// U+001E before each pattern.
    fn file(&self) -> String {
        let ends: Vec<String> = self.ends.iter().map(u16::to_string).collect();
        format!(
            "{}\u{1e}{}\u{1e}{}",
            self.text,
            ends.join(","),
            self.encoded.join("\u{1e}")
        )
    }

    fn into_parts(self) -> (String, Vec<u16>, Vec<String>) {
        (self.text, self.ends, self.patterns)
    }
}

/// `catalogue`'s messages in `reference`'s order, those not `kept` left empty.
fn written(
    reference: &BTreeMap<String, Compiled>,
    catalogue: &BTreeMap<String, Compiled>,
    kept: impl Fn(&str) -> bool,
) -> Written {
    let mut w = Written {
        text: String::new(),
        ends: Vec::new(),
        patterns: Vec::new(),
        encoded: Vec::new(),
    };
    for (i, id) in reference.keys().enumerate() {
        let m = &catalogue[id];
        if kept(id) {
            match &m.plain {
                Some(plain) if !plain.is_empty() => w.text.push_str(plain),
                _ => {
                    w.patterns.push(format!("(Msg::{}, {})", camel(id), m.code));
                    w.encoded.push(format!("{i}\u{1f}{}", m.encoded));
                }
            }
        }
        w.ends
            .push(u16::try_from(w.text.len()).expect("a language's texts fit in 64 KiB"));
    }
    w
}

/// The names (`Msg::Name`) of the messages named in [`LATER_FILES`] and nowhere else under
/// `src`. A listed file that is gone is a mistake: its messages would silently come back.
fn later_messages(src: &Path, errors: &mut Vec<String>) -> std::collections::BTreeSet<String> {
    println!("cargo::rerun-if-changed={}", src.display());
    let mut named: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut sources = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let file = path
                .strip_prefix(src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            for (at, _) in source.match_indices("Msg::") {
                let name: String = source[at + 5..]
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                named.entry(name).or_default().push(file.clone());
            }
            sources.push((file, source));
        }
    }
    for file in LATER_FILES {
        if !src.join(file).is_file() {
            errors.push(format!(
                "build.rs: LATER_FILES names src/{file}, which is gone"
            ));
        }
    }
    // Code of those files run from elsewhere (a participant's phone, the first module) would
    // say their messages unread: such a file is not one of them. The router reaches their pages
    // through `pages.rs`'s names, once their words are read.
    for (file, source) in &sources {
        if LATER_FILES.contains(&file.as_str()) || file == "pages.rs" || file == "components.rs" {
            continue;
        }
        for later in LATER_FILES {
            let module = later.trim_end_matches(".rs");
            let (dir, stem) = module.rsplit_once('/').unwrap_or(("", module));
            let same_dir = file.rsplit_once('/').map_or("", |(d, _)| d) == dir;
            let path = format!("crate::{}", module.replace('/', "::"));
            let uses = [format!("{path}::"), format!("{path};")]
                .iter()
                .any(|p| source.contains(p.as_str()))
                || (same_dir && source.contains(&format!("super::{stem}::")));
            if uses {
                errors.push(format!(
                    "build.rs: src/{file} uses src/{later}, whose French is read apart: take it out of LATER_FILES"
                ));
            }
        }
    }
    named
        .into_iter()
        .filter(|(_, files)| files.iter().all(|f| LATER_FILES.contains(&f.as_str())))
        .map(|(name, _)| name)
        .collect()
}

/// Reads every `.ftl` file of `dir` into compiled messages, by id.
fn read(dir: &Path, lang: &str, errors: &mut Vec<String>) -> BTreeMap<String, Compiled> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    let mut found = BTreeMap::new();
    for path in files {
        let name = format!(
            "locales/{lang}/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let source = std::fs::read_to_string(&path).unwrap();
        let resource = match fluent_syntax::parser::parse(source.as_str()) {
            Ok(r) => r,
            Err((_, parse_errors)) => {
                for e in parse_errors {
                    let line = source[..e.pos.start.min(source.len())]
                        .matches('\n')
                        .count()
                        + 1;
                    errors.push(format!("{name}:{line}: {}", e.kind));
                }
                continue;
            }
        };
        for entry in resource.body {
            let ast::Entry::Message(message) = entry else {
                continue;
            };
            let id = message.id.name.to_owned();
            let Some(pattern) = message.value else {
                errors.push(format!("{name}: {id:?} has no text"));
                continue;
            };
            let mut args = Vec::new();
            let code = match pattern_code(&pattern, &mut args) {
                Ok(code) => code,
                Err(why) => {
                    errors.push(format!("{name}: {id:?}: {why}"));
                    continue;
                }
            };
            let encoded = pattern_encoded(&pattern);
            args.sort();
            args.dedup();
            let plain = match pattern.elements.as_slice() {
                [] => Some(String::new()),
                [ast::PatternElement::TextElement { value }] => Some((*value).to_owned()),
                _ => None,
            };
            if lang == "fr" {
                for text in texts(&pattern) {
                    if let Some(at) = [" :", " ;", " ?", " !"].iter().find_map(|p| text.find(p)) {
                        errors.push(format!(
                            "{name}: {id:?}: an ordinary space before {:?}: French wants a non-breaking one (U+00A0)",
                            &text[at + 1..at + 2]
                        ));
                    }
                    // Inside guillemets too: « Importer » broke after its « at a line's end.
                    if text.contains("« ") || text.contains(" »") {
                        errors.push(format!(
                            "{name}: {id:?}: an ordinary space inside « »: French wants a non-breaking one (U+00A0)"
                        ));
                    }
                }
            }
            if found.contains_key(&id) {
                errors.push(format!("{name}: {id:?} is defined twice"));
            }
            found.insert(
                id,
                Compiled {
                    file: name.clone(),
                    args,
                    code,
                    encoded,
                    plain,
                },
            );
        }
    }
    found
}

/// The text pieces of a pattern, selectors' variants included.
fn texts<'a>(pattern: &'a ast::Pattern<&'a str>) -> Vec<&'a str> {
    let mut out = Vec::new();
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push(*value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Select { variants, .. },
            } => {
                for v in variants {
                    out.extend(texts(&v.value));
                }
            }
            ast::PatternElement::Placeable { .. } => {}
        }
    }
    out
}

/// A pattern as a Rust `&[Part]` expression; the variables it reads go to `args`.
fn pattern_code(pattern: &ast::Pattern<&str>, args: &mut Vec<String>) -> Result<String, String> {
    let mut parts = Vec::new();
    for element in &pattern.elements {
        parts.push(match element {
            ast::PatternElement::TextElement { value } => format!("Part::Text({value:?})"),
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(inline) => inline_code(inline, args)?,
                ast::Expression::Select { selector, variants } => {
                    let Some(name) = selector_name(selector) else {
                        return Err(
                            "a selector must be a variable ($n) or its rank (NUMBER($n, type: \"ordinal\"))"
                                .into(),
                        );
                    };
                    args.push(name.trim_start_matches('#').to_owned());
                    let mut arms = Vec::new();
                    let mut default = None;
                    for (i, v) in variants.iter().enumerate() {
                        let key = match &v.key {
                            ast::VariantKey::Identifier { name } => (*name).to_owned(),
                            ast::VariantKey::NumberLiteral { value } => format!("={value}"),
                        };
                        if v.default {
                            default = Some(i);
                        }
                        arms.push(format!("({key:?}, {})", pattern_code(&v.value, args)?));
                    }
                    format!(
                        "Part::Select({:?}, &[{}], {})",
                        name,
                        arms.join(", "),
                        default.ok_or("a selector needs a default variant (*[other])")?
                    )
                }
            },
        });
    }
    Ok(format!("&[{}]", parts.join(", ")))
}

/// A pattern as the app's run-time reader takes it: each part ends with U+0001, and is `T`
/// and its text, `V` and a variable's name, or `S`, the variable, U+0002, the default's index,
/// U+0002, each variant as its key, U+0003 and its parts, then U+0006; a list of parts ends with
/// U+0005. `pattern_code` has checked the pattern.
fn pattern_encoded(pattern: &ast::Pattern<&str>) -> String {
    let mut out = String::new();
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => write!(out, "T{value}").unwrap(),
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(ast::InlineExpression::VariableReference { id }) => {
                    write!(out, "V{}", id.name).unwrap()
                }
                ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
                    write!(out, "T{}", unescape(value)).unwrap()
                }
                ast::Expression::Inline(ast::InlineExpression::NumberLiteral { value }) => {
                    write!(out, "T{value}").unwrap()
                }
                ast::Expression::Inline(_) => {}
                ast::Expression::Select { selector, variants } => {
                    let name = selector_name(selector).unwrap_or_default();
                    let default = variants.iter().position(|v| v.default).unwrap_or(0);
                    write!(out, "S{name}\u{2}{default}\u{2}").unwrap();
                    for v in variants {
                        match &v.key {
                            ast::VariantKey::Identifier { name } => out.push_str(name),
                            ast::VariantKey::NumberLiteral { value } => {
                                write!(out, "={value}").unwrap()
                            }
                        }
                        write!(out, "\u{3}{}", pattern_encoded(&v.value)).unwrap();
                    }
                    out.push('\u{6}');
                }
            },
        }
        out.push('\u{1}');
    }
    out.push('\u{5}');
    out
}

/// What a selector selects on, as the app's reader names it: a variable (`n`), or its rank,
/// `NUMBER($n, type: "ordinal")`, as `#n` (the variant is the rank's CLDR ordinal category).
fn selector_name(selector: &ast::InlineExpression<&str>) -> Option<String> {
    match selector {
        ast::InlineExpression::VariableReference { id } => Some(id.name.to_owned()),
        ast::InlineExpression::FunctionReference { id, arguments } if id.name == "NUMBER" => {
            let [ast::InlineExpression::VariableReference { id: var }] =
                arguments.positional.as_slice()
            else {
                return None;
            };
            let ordinal = matches!(
                arguments.named.as_slice(),
                [ast::NamedArgument { name, value: ast::InlineExpression::StringLiteral { value } }]
                    if name.name == "type" && *value == "ordinal"
            );
            ordinal.then(|| format!("#{}", var.name))
        }
        _ => None,
    }
}

fn inline_code(
    inline: &ast::InlineExpression<&str>,
    args: &mut Vec<String>,
) -> Result<String, String> {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            args.push(id.name.to_owned());
            Ok(format!("Part::Var({:?})", id.name))
        }
        ast::InlineExpression::StringLiteral { value } => {
            Ok(format!("Part::Text({:?})", unescape(value)))
        }
        ast::InlineExpression::NumberLiteral { value } => Ok(format!("Part::Text({value:?})")),
        _ => {
            Err("only variables ($name), literals and selectors on a variable are supported".into())
        }
    }
}

/// A Fluent string literal's text: `\"`, `\\` and `\uXXXX` escapes read.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// `answered-of` → `AnsweredOf`.
fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}
