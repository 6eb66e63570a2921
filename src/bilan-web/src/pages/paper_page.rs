//! A questionnaire on paper, for the people who answer with a pen: every question in order,
//! numbered, its answers as boxes to tick and lines to write on, and when it is asked said in
//! words. A session's sheets are typed in kiosk mode by the facilitator, so that paper answers
//! are counted as the others are; a holder's own sheet is theirs to think over, or to fill in
//! with their accompagnateur, before they give its answers in their journey.

use bilan_core::Lang;
use bilan_core::answer::Answers;
use bilan_core::condition::{Condition, Given, Literal, Op};
use bilan_core::session::Session;
use bilan_core::survey::{DatePrecision, Kind, Question, Section, Survey};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::loaded::{Data, LoadError, Loaded};
use crate::components::print_button::PrintButton;
use crate::i18n::{Msg, tr, tr_with, use_i18n};

/// Whose sheet it is.
#[derive(Clone)]
enum Owner {
    /// A session's: anonymous, typed in kiosk mode afterwards.
    Session(Session),
    /// A holder's, for their own journey; with a second box at each scale's level for their
    /// accompagnateur when they answer together.
    Holder { together: bool },
}

/// `/seances/:id/papier`, and a holder's `/papier/:survey?profil=PROFILE` (the profile only
/// for the way back: the sheet is the same for everyone), `&a-deux` when answered together.
#[component]
pub fn PaperPage() -> impl IntoView {
    let (session, survey) =
        use_params_map().with_untracked(|p| (p.get("id"), p.get("survey").unwrap_or_default()));
    let (profile, together) =
        use_query_map().with_untracked(|q| (q.get("profil"), q.get("a-deux").is_some()));
    let (back, failed_back) = match (&session, profile) {
        (Some(id), _) => (
            (format!("/seances/{id}"), Msg::BackToSession),
            ("/seances", Msg::BackToSessions),
        ),
        (None, Some(profile)) => (
            (format!("/parcours/{profile}/{survey}"), Msg::BackToSurvey),
            ("/parcours", Msg::BackToJourney),
        ),
        (None, None) => (
            ("/parcours".to_owned(), Msg::BackToJourney),
            ("/parcours", Msg::BackToJourney),
        ),
    };
    let loaded = Data::new(move || {
        let (session, survey) = (session.clone(), survey.clone());
        async move {
            match session {
                Some(id) => crate::sessions::load_with_survey(&id)
                    .await
                    .map(|(session, survey)| (Owner::Session(session), survey)),
                None => crate::surveys::load_survey(&survey)
                    .await
                    .map(|survey| (Owner::Holder { together }, survey))
                    .map_err(LoadError::Failed),
            }
        }
    });
    // On paper, the sheet alone: no header, no tools.
    if let Some(html) = document().document_element() {
        let _ = html.class_list().add_1("paper-mode");
    }
    on_cleanup(|| {
        if let Some(html) = document().document_element() {
            let _ = html.class_list().remove_1("paper-mode");
        }
    });
    view! {
        <section class="page paper-page">
            <Loaded resource=loaded back=failed_back let:loaded>
                {
                    let (owner, survey) = loaded;
                    let i18n = use_i18n();
                    let lead = match owner {
                        Owner::Session(_) => Msg::PaperLead,
                        Owner::Holder { .. } => Msg::PaperLeadHolder,
                    };
                    view! {
                        <div class="paper-page__tools">
                            <h1 class="page__title">{i18n.text(Msg::PaperTitle)}</h1>
                            <p class="page__lead">{i18n.text(lead)}</p>
                            <div class="card__actions">
                                <PrintButton class="paper-page__print" />
                                <A href=back.0.clone() attr:class="button button--quiet">
                                    {i18n.text(back.1)}
                                </A>
                            </div>
                        </div>
                        <Sheet owner survey />
                    }
                }
            </Loaded>
        </section>
    }
}

/// The sheet as it prints: the survey's title, the session, what to do, then every question,
/// drawn again in the reader's language. It is built as plain elements rather than `view!`s:
/// nothing on it changes but the language, and each view type is code of its own (as views, the
/// sheet weighed 1.5 KiB of gzip more on the sessions' pages).
#[component]
fn Sheet(owner: Owner, survey: Survey) -> impl IntoView {
    let i18n = use_i18n();
    let sheet = NodeRef::<leptos::html::Article>::new();
    Effect::new(move || {
        let lang = i18n.lang();
        let Some(article) = sheet.get() else {
            return;
        };
        let doc = document();
        let built: Vec<web_sys::Node> = contents(&owner, &survey, lang)
            .iter()
            .filter_map(|node| node.build(&doc))
            .collect();
        let list = js_sys::Array::from_iter(built);
        article.replace_children_with_node(&list);
    });
    view! { <article class="paper" aria-labelledby="paper-title" node_ref=sheet></article> }
}

/// A piece of the sheet: a text, or an element with its class, attributes and contents.
enum Node {
    Text(String),
    Element {
        tag: &'static str,
        class: &'static str,
        attributes: Vec<(&'static str, String)>,
        children: Vec<Node>,
    },
}

impl Node {
    /// An element of `class` holding `children`.
    fn new(tag: &'static str, class: &'static str, children: Vec<Node>) -> Node {
        Node::Element {
            tag,
            class,
            attributes: Vec::new(),
            children,
        }
    }

    /// An element of `class` holding `text`, its ordinals' letters raised (« 1er décembre »).
    fn text(tag: &'static str, class: &'static str, text: String) -> Node {
        let pieces = bilan_core::words::raised_ordinals(&text)
            .into_iter()
            .map(|(piece, raised)| match raised {
                true => Node::new("sup", "ordinal", vec![Node::Text(piece.to_owned())]),
                false => Node::Text(piece.to_owned()),
            })
            .collect();
        Node::new(tag, class, pieces)
    }

    fn with(mut self, name: &'static str, value: String) -> Node {
        if let Node::Element { attributes, .. } = &mut self {
            attributes.push((name, value));
        }
        self
    }

    /// The page's node for it.
    fn build(&self, doc: &web_sys::Document) -> Option<web_sys::Node> {
        match self {
            Node::Text(text) => Some(doc.create_text_node(text).into()),
            Node::Element {
                tag,
                class,
                attributes,
                children,
            } => {
                let element = doc.create_element(tag).ok()?;
                if !class.is_empty() {
                    element.set_class_name(class);
                }
                for (name, value) in attributes {
                    element.set_attribute(name, value).ok()?;
                }
                for child in children {
                    element.append_child(&child.build(doc)?).ok()?;
                }
                Some(element.into())
            }
        }
    }
}

/// What the sheet holds, in `lang`.
fn contents(owner: &Owner, survey: &Survey, lang: Lang) -> Vec<Node> {
    let preset = match owner {
        Owner::Session(session) => session.preset(survey),
        Owner::Holder { .. } => Answers::new(),
    };
    let sections = asked(survey, &preset);
    let numbers: Vec<&str> = sections
        .iter()
        .flat_map(|(_, questions)| questions.iter().map(|(q, _)| q.id.as_str()))
        .collect();
    let (belongs, note) = match owner {
        // The session's title, day and format, so that a sheet found later says where it
        // belongs; and no name on it, as none is in the session.
        Owner::Session(session) => (
            format!(
                "{} · {}",
                session.title,
                crate::sessions::described(session, &[], lang)
            ),
            Msg::PaperNoName,
        ),
        // The day it was filled in, as the review will carry it.
        Owner::Holder { .. } => (tr(lang, Msg::PaperFilledOn).to_owned(), Msg::PaperYours),
    };
    let together = matches!(owner, Owner::Holder { together: true });
    let mut nodes = vec![
        Node::text("h2", "paper__title", survey.title.get(lang).to_owned())
            .with("id", "paper-title".into()),
        Node::text("p", "paper__session", belongs),
        Node::text("p", "paper__note", tr(lang, note).to_owned()),
        Node::text("p", "paper__note", tr(lang, Msg::PaperHow).to_owned()),
    ];
    // A session's sheet is typed once: a box for the facilitator to tick when it is, since the
    // app cannot tell a sheet typed twice from two people.
    if let Owner::Session(_) = owner {
        nodes.insert(
            2,
            Node::text(
                "p",
                "paper__box paper__typed",
                tr(lang, Msg::PaperTyped).to_owned(),
            ),
        );
    }
    if together {
        nodes.push(Node::text(
            "p",
            "paper__note",
            tr(lang, Msg::PaperTogether).to_owned(),
        ));
    }
    let mut n = 0;
    for (section, questions) in &sections {
        let mut children = vec![Node::text(
            "h3",
            "paper__section-title",
            section.title.get(lang).to_owned(),
        )];
        if let Some(d) = &section.description {
            children.push(Node::text("p", "hint", d.get(lang).to_owned()));
        }
        let first = n + 1;
        let questions = questions
            .iter()
            .map(|(q, when)| {
                n += 1;
                question(survey, &numbers, n, q, when.as_ref(), together, lang)
            })
            .collect();
        children
            .push(Node::new("ol", "paper__questions", questions).with("start", first.to_string()));
        nodes.push(Node::new("section", "paper__section", children));
    }
    nodes
}

/// The questions the sheet asks, by section, each with when it is asked if that is still open:
/// as in the kiosk, a session's preset answers (its format) are not asked, nor a question they
/// rule out, and a condition they settle goes unsaid. A section left empty is left out.
type Asked<'s> = Vec<(&'s Section, Vec<(&'s Question, Option<Condition>)>)>;

fn asked<'s>(survey: &'s Survey, preset: &Answers) -> Asked<'s> {
    let mut unasked: Vec<&str> = Vec::new();
    let mut sections = Vec::new();
    for section in &survey.sections {
        let mut questions = Vec::new();
        for q in &section.questions {
            if preset.contains_key(q.id.as_str()) {
                continue;
            }
            let when = match q.show_if.as_ref().map(|c| c.given(preset, &unasked)) {
                None | Some(Given::Decided(true)) => None,
                Some(Given::Decided(false)) => {
                    unasked.push(&q.id);
                    continue;
                }
                Some(Given::Open(rest)) => Some(rest),
            };
            questions.push((q, when));
        }
        if !questions.is_empty() {
            sections.push((section, questions));
        }
    }
    sections
}

/// Question `n`, asked `when` it says, its answers as they are ticked or written by hand (a
/// scale's twice over when answered `together`).
fn question(
    survey: &Survey,
    numbers: &[&str],
    n: usize,
    q: &Question,
    when: Option<&Condition>,
    together: bool,
    lang: Lang,
) -> Node {
    let mut label = vec![Node::Text(q.label.get(lang).to_owned())];
    if q.required {
        label.push(
            Node::new("span", "required", vec![Node::Text(" *".into())])
                .with("aria-hidden", "true".into()),
        );
    }
    let mut children = vec![Node::new("p", "paper__label", label)];
    if let Some(c) = when {
        let said = condition(survey, numbers, c, lang);
        children.push(Node::text(
            "p",
            "paper__when",
            tr_with(lang, Msg::PaperOnlyIf, &[("condition", &said)]),
        ));
    }
    if let Some(help) = &q.help {
        children.push(Node::text("p", "hint", help.get(lang).to_owned()));
    }
    let hint = match &q.kind {
        Kind::Multiple {
            max_choices: Some(most),
            ..
        } => Some(tr_with(
            lang,
            Msg::PaperAtMostChoices,
            &[("n", &most.to_string())],
        )),
        Kind::Multiple { .. } => Some(tr(lang, Msg::PaperSeveral).to_owned()),
        Kind::Integer { min, max, .. } | Kind::Decimal { min, max, .. } => bounds(*min, *max, lang),
        _ => None,
    };
    if let Some(hint) = hint {
        children.push(Node::text("p", "paper__hint", hint));
    }
    children.push(answers(q, together, lang));
    Node::new("li", "paper__question", children)
        .with("data-question", q.id.clone())
        .with("value", n.to_string())
}

/// Where a person writes or ticks the answer; at each of a scale's levels, a second box for the
/// accompagnateur's view when answered `together`.
fn answers(q: &Question, together: bool, lang: Lang) -> Node {
    let boxes = |labels: Vec<String>, class: &'static str| {
        let items = labels
            .into_iter()
            .map(|label| Node::text("li", "paper__box", label))
            .collect();
        Node::new("ul", class, items)
    };
    match &q.kind {
        Kind::Scale {
            min,
            levels,
            dont_know,
            ..
        } => {
            let mut labels: Vec<String> = levels
                .iter()
                .zip(*min..)
                .map(|(text, level)| format!("{level} — {}", text.get(lang)))
                .collect();
            if *dont_know {
                labels.push(tr(lang, Msg::DontKnow).to_owned());
            }
            match together {
                true => boxes(labels, "paper__boxes paper__boxes--two"),
                false => boxes(labels, "paper__boxes"),
            }
        }
        Kind::YesNo => boxes(
            vec![tr(lang, Msg::Yes).to_owned(), tr(lang, Msg::No).to_owned()],
            "paper__boxes paper__boxes--inline",
        ),
        Kind::Single { options, other } | Kind::Multiple { options, other, .. } => {
            let mut labels: Vec<String> = options
                .iter()
                .map(|c| c.label.get(lang).to_owned())
                .collect();
            if *other {
                labels.push(format!("{} ……………………………", tr(lang, Msg::Other)));
            }
            boxes(labels, "paper__boxes")
        }
        Kind::Integer { unit, .. } | Kind::Decimal { unit, .. } => Node::new(
            "p",
            "paper__number",
            vec![
                Node::new("span", "paper__field", Vec::new()),
                Node::Text(format!(" {}", unit.symbol(lang))),
            ],
        ),
        Kind::Date { precision } => {
            let (blank, said) = match precision {
                DatePrecision::Day => ("…… / …… / ………… ", Msg::PaperDayMonthYear),
                DatePrecision::Month => ("…… / ………… ", Msg::PaperMonthYear),
                DatePrecision::Year => ("………… ", Msg::YearLabel),
            };
            Node::new(
                "p",
                "paper__date",
                vec![
                    Node::Text(blank.to_owned()),
                    Node::text("span", "paper__hint", format!("({})", tr(lang, said))),
                ],
            )
        }
        Kind::Text { long } => {
            let lines = (0..if *long { 4 } else { 1 })
                .map(|_| Node::new("span", "paper__line", Vec::new()))
                .collect();
            Node::new("div", "paper__lines", lines)
        }
    }
}

/// A number's bounds, as the form checks them: « Un nombre entre 0 et 100. »
fn bounds(min: Option<f64>, max: Option<f64>, lang: Lang) -> Option<String> {
    let said = |x: f64| bilan_core::words::spoken_number(&bilan_core::decimal::show(x), lang);
    Some(match (min, max) {
        (Some(min), Some(max)) => tr_with(
            lang,
            Msg::PaperBetween,
            &[("min", &said(min)), ("max", &said(max))],
        ),
        (Some(min), None) => tr_with(lang, Msg::PaperNumberFrom, &[("value", &said(min))]),
        (None, Some(max)) => tr_with(lang, Msg::PaperNumberUpTo, &[("value", &said(max))]),
        (None, None) => return None,
    })
}

/// When a question is asked, in words: « la question 1 : « Oui » ».
fn condition(survey: &Survey, numbers: &[&str], c: &Condition, lang: Lang) -> String {
    let reference = |id: &str| {
        let n = numbers.iter().position(|q| *q == id).map_or(0, |at| at + 1);
        tr_with(lang, Msg::PaperQuestion, &[("n", &n.to_string())])
    };
    let value = |id: &str, v: &Literal| literal(survey, id, v, lang);
    let join = |terms: &[Condition], word: Msg| {
        terms
            .iter()
            .map(|t| match t {
                Condition::And(_) | Condition::Or(_) => {
                    format!("({})", condition(survey, numbers, t, lang))
                }
                _ => condition(survey, numbers, t, lang),
            })
            .collect::<Vec<_>>()
            .join(&format!(" {} ", tr(lang, word)))
    };
    match c {
        Condition::Compare {
            question,
            op,
            value: v,
        } => {
            let said = value(question, v);
            let answer = match op {
                Op::Eq => said,
                Op::Ne => tr_with(lang, Msg::PaperOtherThan, &[("value", &said)]),
                Op::Lt => tr_with(lang, Msg::PaperLessThan, &[("value", &said)]),
                Op::Le => tr_with(lang, Msg::PaperAtMost, &[("value", &said)]),
                Op::Gt => tr_with(lang, Msg::PaperMoreThan, &[("value", &said)]),
                Op::Ge => tr_with(lang, Msg::PaperAtLeast, &[("value", &said)]),
            };
            tr_with(
                lang,
                Msg::PaperAnswered,
                &[("question", &reference(question)), ("answer", &answer)],
            )
        }
        Condition::In { question, values } => {
            let said: Vec<String> = values.iter().map(|v| value(question, v)).collect();
            tr_with(
                lang,
                Msg::PaperAnswered,
                &[
                    ("question", &reference(question)),
                    (
                        "answer",
                        &said.join(&format!(" {} ", tr(lang, Msg::PaperOr))),
                    ),
                ],
            )
        }
        Condition::And(terms) => join(terms, Msg::PaperAnd),
        Condition::Or(terms) => join(terms, Msg::PaperOr),
        Condition::Not(inner) => tr_with(
            lang,
            Msg::PaperNot,
            &[("condition", &condition(survey, numbers, inner, lang))],
        ),
    }
}

/// A condition's value as the sheet shows it: an option's or yes/no's words, quoted, or a number.
fn literal(survey: &Survey, question: &str, v: &Literal, lang: Lang) -> String {
    let quoted = |words: &str| match lang {
        Lang::Fr => format!("«\u{a0}{words}\u{a0}»"),
        _ => format!("“{words}”"),
    };
    match v {
        Literal::Number(x) => {
            bilan_core::words::spoken_number(&bilan_core::decimal::show(*x), lang)
        }
        Literal::Text(text) => {
            let kind = survey
                .questions()
                .find(|q| q.id == *question)
                .map(|q| &q.kind);
            let words = match kind {
                Some(Kind::YesNo) if text == "yes" => tr(lang, Msg::Yes).to_owned(),
                Some(Kind::YesNo) if text == "no" => tr(lang, Msg::No).to_owned(),
                Some(Kind::Single { options, .. } | Kind::Multiple { options, .. }) => {
                    options.iter().find(|o| o.id == *text).map_or_else(
                        || {
                            if text == bilan_core::answer::OTHER {
                                tr(lang, Msg::Other).to_owned()
                            } else {
                                text.clone()
                            }
                        },
                        |o| o.label.get(lang).to_owned(),
                    )
                }
                _ => text.clone(),
            };
            quoted(&words)
        }
    }
}
