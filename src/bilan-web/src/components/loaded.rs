//! One way to load a page's data: while it comes, "Chargement…"; when it fails, the reason and a
//! way back; then the page. Every page that reads before it shows goes through [`Loaded`].

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Msg, use_i18n};

/// Why a page's data could not be shown.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// Said in the reader's language: the address names something this device does not have, or
    /// the server said no.
    Said(Msg),
    /// Reading failed; the words say how (a storage or a file error).
    Failed(String),
}

impl From<crate::storage::StorageError> for LoadError {
    fn from(err: crate::storage::StorageError) -> Self {
        LoadError::Failed(err.to_string())
    }
}

impl LoadError {
    /// The error in words for the reader, in `lang`.
    pub fn said(&self, lang: bilan_core::Lang) -> String {
        match self {
            LoadError::Said(msg) => crate::i18n::tr(lang, *msg).to_owned(),
            LoadError::Failed(words) => words.clone(),
        }
    }
}

/// Where a page that cannot show its data sends the reader back: an address and its label.
pub type Back = (&'static str, Msg);

/// Shows `children` with the value `resource` loads; the fallback while it loads (and only
/// then: a reload keeps the page on screen), the error with `back` if it fails.
#[component]
pub fn Loaded<T, V>(
    resource: LocalResource<Result<T, LoadError>>,
    /// Where to go back when the data cannot be shown.
    #[prop(optional)]
    back: Option<Back>,
    /// The page's heading when the error is all it shows (a page keeps one `<h1>`).
    #[prop(optional)]
    title: Option<Msg>,
    children: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let children = StoredValue::new(children);
    view! {
        <Transition fallback=move || {
            view! { <p>{move || i18n.t(Msg::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match resource.await {
                    Ok(value) => children.with_value(|c| c(value)).into_any(),
                    Err(err) => {
                        let said = err.said(i18n.lang());
                        view! {
                            {title
                                .map(|t| {
                                    view! { <h1 class="page__title">{move || i18n.t(t)}</h1> }
                                })}
                            <p class="callout callout--error" role="alert">
                                {said}
                            </p>
                            {back
                                .map(|(href, label)| {
                                    view! {
                                        <A href=href attr:class="button">
                                            {move || i18n.t(label)}
                                        </A>
                                    }
                                })}
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}
