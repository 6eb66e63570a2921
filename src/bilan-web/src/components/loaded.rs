//! One way to load a page's data: while it comes, "Chargement…"; when it fails, the reason and a
//! way back; then the page. Every page that reads before it shows goes through [`Loaded`].

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::components::confirm::Confirm;
use crate::i18n::{Msg, Words, use_i18n};

/// Why a page's data could not be shown.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// Said in the reader's language: the address names something this device does not have, or
    /// the server said no.
    Said(Msg),
    /// Reading failed; the words say how (a file, or an answer the app could not read).
    Failed(String),
    /// The server refused, for this reason ([`crate::i18n::refused`] says it).
    Refused(String),
    /// The device's storage could not be read.
    Storage(crate::storage::StorageError),
}

impl From<crate::storage::StorageError> for LoadError {
    fn from(err: crate::storage::StorageError) -> Self {
        LoadError::Storage(err)
    }
}

impl LoadError {
    /// The error in words for the reader, in `lang`.
    pub fn said(&self, lang: bilan_core::Lang) -> String {
        match self {
            LoadError::Said(msg) => crate::i18n::tr(lang, *msg).to_owned(),
            LoadError::Failed(words) => words.clone(),
            LoadError::Refused(why) => crate::i18n::refused(lang, why),
            LoadError::Storage(err) => err.said(lang),
        }
    }
}

/// Data a page reads, loading in the background and again when what its fetcher read changes
/// (Leptos's `LocalResource`). Every page's data is one resource type behind it: Leptos compiles
/// an async resource again for each value type and fetcher, about 5 KB of wasm each.
pub struct Data<T> {
    resource: LocalResource<Erased>,
    value: PhantomData<fn() -> T>,
}

/// A loaded value, whatever its type.
type Erased = Rc<dyn Any>;
/// A fetcher, whatever its future.
type Fetch = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Erased>>>>;

impl<T> Clone for Data<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Data<T> {}

impl<T: Clone + 'static> Data<T> {
    /// Loads what `fetch` gives, now and whenever a signal it read changes.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = T> + 'static,
    {
        let fetch: Fetch = Box::new(move || {
            let value = fetch();
            Box::pin(async move { Rc::new(value.await) as Erased })
        });
        Data {
            resource: resource(fetch),
            value: PhantomData,
        }
    }

    /// The value once loaded (the last one while it loads again), tracked.
    pub fn get(&self) -> Option<T> {
        self.resource
            .get()
            .and_then(|value| value.downcast_ref::<T>().cloned())
    }

    /// What `f` makes of the value once loaded, tracked.
    pub fn with<R>(&self, f: impl FnOnce(&Option<T>) -> R) -> R {
        f(&self.get())
    }

    /// Loads again.
    pub fn refetch(&self) {
        self.resource.refetch();
    }
}

/// The one resource type every page's data goes through.
fn resource(fetch: Fetch) -> LocalResource<Erased> {
    LocalResource::new(fetch)
}

/// The records of a page that cannot be read, each named in the reader's language, with a way to
/// remove it once asked; the page is read again after a removal.
#[component]
pub fn Unreadable(errors: Vec<crate::storage::StorageError>) -> impl IntoView {
    let i18n = use_i18n();
    errors
        .into_iter()
        .map(|err| {
            // A record read among others without an id of its own cannot be named to be removed.
            let removable = match &err {
                crate::storage::StorageError::Corrupt { store, key, .. } if key != "?" => {
                    Some((*store, key.clone()))
                }
                _ => None,
            };
            let failure = RwSignal::new(None::<Words>);
            view! {
                <div class="callout callout--error unreadable">
                    <p role="alert">{move || err.said(i18n.lang())}</p>
                    {removable
                        .map(|(store, key)| {
                            let key = StoredValue::new(key);
                            let remove = move |()| {
                                spawn_local(async move {
                                    match crate::status::remove_damaged(store, &key.get_value())
                                        .await
                                    {
                                        Ok(()) => {
                                            let _ = window().location().reload();
                                        }
                                        Err(err) => {
                                            failure.set(Some(Words::new(move |lang| err.said(lang))))
                                        }
                                    }
                                });
                            };
                            view! {
                                <Confirm
                                    label=Msg::RemoveDamaged
                                    class="button button--quiet button--small unreadable__remove"
                                    question=Signal::derive(move || {
                                        i18n.tw(Msg::ConfirmRemoveDamaged, &[("store", store)])
                                    })
                                    act=Msg::ConfirmDeleteButton
                                    act_class="button button--danger"
                                    on_confirm=remove
                                />
                            }
                        })}
                    {move || {
                        failure.get().map(|f| view! { <p role="alert">{f.text(i18n.lang())}</p> })
                    }}
                </div>
            }
        })
        .collect_view()
}

/// What a backup or an export left out, said with `msg`: how many records, and which.
pub fn left_out(
    lang: bilan_core::Lang,
    msg: Msg,
    errors: &[crate::storage::StorageError],
) -> String {
    let which: Vec<String> = errors
        .iter()
        .map(|err| match err {
            crate::storage::StorageError::Corrupt { key, .. } => key.clone(),
            other => other.to_string(),
        })
        .collect();
    crate::i18n::tr_with(
        lang,
        msg,
        &[
            ("n", &errors.len().to_string()),
            ("which", &which.join(", ")),
        ],
    )
}

/// Whether a page's list of records, once loaded, holds any, readable or not: what a backup
/// would keep.
pub fn holds_any<T: Clone + 'static>(
    list: Data<Result<crate::storage::Readable<T>, LoadError>>,
) -> Signal<bool> {
    Signal::derive(move || list.with(|read| matches!(read, Some(Ok(read)) if !read.is_empty())))
}

/// Where a page that cannot show its data sends the reader back: an address and its label.
pub type Back = (&'static str, Msg);

/// A list of the device's records as cards, those that cannot be read named above them, or
/// `empty` when there is none of either: the journey's profiles, the facilitator's sessions.
#[component]
pub fn RecordCards<T, V>(
    resource: Data<Result<crate::storage::Readable<T>, LoadError>>,
    /// Said when the device holds no record of the kind.
    empty: Msg,
    /// One record's card.
    card: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        // Where the keyboard lands when the card it was on is deleted.
        <div class="profiles" data-focus="records" tabindex="-1">
            <Loaded resource let:list>
                <Unreadable errors=list.unreadable.clone() />
                {if list.is_empty() {
                    view! { <p class="empty">{i18n.text(empty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards">
                            {list.records.into_iter().map(card.clone()).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </Loaded>
        </div>
    }
}

/// Shows `children` with the value `resource` loads; "Chargement…" until the first value comes
/// (a reload keeps the page on screen), the error with `back` if it fails.
#[component]
pub fn Loaded<T, V>(
    resource: Data<Result<T, LoadError>>,
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
    // Only this closure depends on the page's types; what shows the three states is compiled
    // once for every page (a copy for each page cost 10 KiB of wasm). The page is built
    // untracked: only a new value from `resource` builds it again.
    let state = move || {
        resource
            .get()
            .map(|loaded| loaded.map(|value| built(Box::new(|| children(value).into_any()))))
    };
    shown(Box::new(state), back, title)
}

/// The page built untracked, through one copy of `untrack` for every page. Built again (the
/// data changed, here or in another tab), it gives the keyboard back where it was.
fn built(page: Box<dyn FnOnce() -> AnyView + '_>) -> AnyView {
    let mark = crate::browser::focus_mark();
    let page = untrack(page);
    crate::browser::keep_focus(mark);
    page
}

/// The page, "Chargement…" or the error, whatever the page's data.
type State = Box<dyn Fn() -> Option<Result<AnyView, LoadError>> + Send + Sync>;

fn shown(state: State, back: Option<Back>, title: Option<Msg>) -> impl IntoView {
    let i18n = use_i18n();
    move || match state() {
        None => view! { <p>{i18n.text(Msg::Loading)}</p> }.into_any(),
        Some(Ok(page)) => page,
        Some(Err(err)) => {
            let said = err.said(i18n.lang());
            view! {
                {title
                    .map(|t| {
                        view! { <h1 class="page__title">{i18n.text(t)}</h1> }
                    })}
                <p class="callout callout--error" role="alert">
                    {said}
                </p>
                {back
                    .map(|(href, label)| {
                        view! {
                            <A href=href attr:class="button">
                                {i18n.text(label)}
                            </A>
                        }
                    })}
            }
            .into_any()
        }
    }
}
