//! A closed session's totals: whether the server received them, how many still wait, and why
//! it refused them if it did, where the facilitator looks for them.

use bilan_core::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::loaded::Data;
use crate::i18n::{Msg, use_i18n};

/// The panel a closed session's page shows in place of the ways of answering.
#[component]
pub(super) fn TotalsPanel(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let sync = crate::sync::use_sync();
    let linked = move || sync.view.with(|v| v.linked);
    let pending = move || sync.view.with(|v| v.pending);
    // Received only once this session's totals have left the outbox: read from it, not from a
    // count that may not know yet of totals queued a moment ago.
    let sent = Data::new({
        let session = session.clone();
        move || {
            let session = session.clone();
            sync.view.with(|v| v.pending);
            async move { crate::sessions::totals_sent(&session).await }
        }
    });
    // Refused by the server: said here, where the facilitator looks for them.
    let refused = Data::new({
        let session = session.clone();
        move || {
            let session = session.clone();
            sync.view.with(|v| (v.pending, v.refused.len()));
            async move { crate::sessions::totals_refused(&session).await }
        }
    });
    view! {
        // Where the keyboard lands once the session is closed.
        <section class="panel" data-focus="session-state" tabindex="-1">
            <h2 class="panel__title">{i18n.text(Msg::TotalsTitle)}</h2>
            <p class="session-upload" role="status">
                {move || {
                    if !linked() {
                        i18n.t(Msg::NotLinkedYet).to_owned()
                    } else if sent.get() == Some(true) {
                        i18n.t(Msg::TotalsSent).to_owned()
                    } else {
                        let n = pending().max(1).to_string();
                        i18n.tw(Msg::TotalsWaiting, &[("n", &n)])
                    }
                }}
            </p>
            {move || {
                refused
                    .get()
                    .flatten()
                    .map(|why| {
                        let denied = why == crate::sync::DENIED;
                        let retried = crate::sync::retried(&why);
                        let said = move || {
                            if denied {
                                i18n.t(Msg::TotalsLinkDenied).to_owned()
                            } else {
                                crate::i18n::refused(i18n.lang(), &why)
                            }
                        };
                        view! {
                            <div class="callout callout--error session-refused">
                                <p>{said}</p>
                                // A link refused goes again with a new link only; an old
                                // period never.
                                {retried
                                    .then(|| {
                                        view! {
                                            <button
                                                type="button"
                                                class="button join__retry"
                                                on:click=move |_| {
                                                    spawn_local(crate::sync::retry_refused(sync))
                                                }
                                            >
                                                {i18n.text(Msg::Retry)}
                                            </button>
                                        }
                                    })}
                            </div>
                        }
                    })
            }}
        </section>
    }
}
