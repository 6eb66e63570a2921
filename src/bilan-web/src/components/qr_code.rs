//! A QR code drawn in Rust as SVG, crisp at any size on a projector.

use leptos::prelude::*;

/// The QR code of `text`, with its quiet zone, as an image whose accessible name is `label`.
#[component]
pub fn QrCode(text: String, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return ().into_any();
    };
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (i, colour) in code.to_colors().into_iter().enumerate() {
        if colour == qrcode::Color::Dark {
            let (x, y) = (i % width + quiet, i / width + quiet);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    view! {
        <svg
            class="qr"
            viewBox=format!("0 0 {size} {size}")
            role="img"
            aria-label=move || label.get()
            shape-rendering="crispEdges"
            data-text=text
        >
            <rect width=size height=size fill="#fff"></rect>
            <path d=path fill="#000"></path>
        </svg>
    }
    .into_any()
}
