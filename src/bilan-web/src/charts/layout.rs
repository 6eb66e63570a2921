//! Sizes and text: how tall a figure is at a width, its key, fonts at the device pixel ratio and
//! labels wrapped to fit.

use leptos::prelude::*;
use plotters::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use super::*;

/// Narrower than this (CSS pixels), a bar chart puts each label above its bars.
pub(super) const NARROW_BARS: f64 = 520.0;
/// CSS pixels of a label line above the bars, when narrow.
pub(super) const LABEL_ROW: f64 = 20.0;

/// CSS pixels of one bar, the gap between bars of a row, and between rows.
pub(super) const BAR: f64 = 20.0;
pub(super) const BAR_GAP: f64 = 4.0;
pub(super) const GROUP_GAP: f64 = 14.0;

/// What every chart of the page is drawn with, read once for all of them.
pub(super) struct Page {
    /// Canvas pixels per CSS pixel.
    pub dpr: f64,
    /// The page's root font size relative to the browser's 16 px (1.25 on a projector).
    pub text_scale: f64,
}

impl Page {
    pub fn read() -> Self {
        // The annual report is printed: its charts are drawn at three times their size at least.
        let least = if leptos::prelude::document()
            .document_element()
            .is_some_and(|html| html.class_list().contains("report-mode"))
        {
            3.0
        } else {
            1.0
        };
        let dpr = web_sys::window()
            .map(|w| w.device_pixel_ratio())
            .unwrap_or(1.0)
            .max(least);
        Page {
            dpr,
            text_scale: text_scale(),
        }
    }
}

/// Gives the canvas the height its figure needs at its displayed `width` (CSS pixels), then
/// sizes its pixels to that size times the device pixel ratio; returns the ratio.
pub(super) fn fit(canvas: &HtmlCanvasElement, figure: &Figure, page: &Page, width: f64) -> f64 {
    let (dpr, scale) = (page.dpr, page.text_scale);
    let height = match figure {
        Figure::Star(series) => {
            let axes = super::star::scored(series).len();
            star_height(width) + legend_height(series.len()) + key_of_axes(width, axes)
        }
        Figure::Lines(lines) => (width * 0.5).clamp(200.0, 420.0) + key_height(lines.len(), width),
        Figure::Bars(bars) => bars.height(width / scale) * scale,
    };
    let _ = web_sys::HtmlElement::style(canvas)
        .set_property("height", &format!("{}px", height.round() as i64));
    let (w, h) = ((width * dpr).round() as u32, (height * dpr).round() as u32);
    if w > 0 && h > 0 && (canvas.width() != w || canvas.height() != h) {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    dpr
}

/// CSS pixels under the star for the legend of overlaid readings.
pub(super) fn legend_height(series: usize) -> f64 {
    if series > 1 {
        26.0 * series as f64 + 8.0
    } else {
        0.0
    }
}

/// Columns of the progress chart's key at a CSS width.
pub(super) fn key_columns(width: f64) -> usize {
    if width > 560.0 { 2 } else { 1 }
}

/// CSS pixels for the star itself at a CSS width: labels beside a wide star leave room above and below.
pub(super) fn star_height(width: f64) -> f64 {
    if width < NARROW_STAR {
        width
    } else {
        (width * 0.85).min(520.0)
    }
}

/// Narrower than this (CSS pixels), the star numbers its axes and names them in a key below.
pub(super) const NARROW_STAR: f64 = 340.0;

/// CSS pixels under a narrow star for the key of its `axes` numbered axes.
pub(super) fn key_of_axes(width: f64, axes: usize) -> f64 {
    if width < NARROW_STAR {
        18.0 * axes as f64 + 10.0
    } else {
        0.0
    }
}

/// CSS pixels under the progress chart for its key.
pub(super) fn key_height(lines: usize, width: f64) -> f64 {
    lines.div_ceil(key_columns(width)) as f64 * 24.0 + 12.0
}

/// The page's root font size relative to the browser's 16 px (1.25 on a projector).
fn text_scale() -> f64 {
    web_sys::window()
        .zip(document().document_element())
        .and_then(|(w, root)| w.get_computed_style(&root).ok().flatten())
        .and_then(|style| style.get_property_value("font-size").ok())
        .and_then(|size| bilan_core::decimal::parse(size.trim_end_matches("px")))
        .map(|px| (px / 16.0).clamp(1.0, 2.0))
        .unwrap_or(1.0)
}

pub(super) fn font(dpr: f64, size: f64) -> TextStyle<'static> {
    // The family named, not read from a text: plotters lowercases a text first, and Unicode's
    // case table would come with it (5 KiB of gzip).
    (FontFamily::Name("system-ui, sans-serif"), size * dpr)
        .into_font()
        .color(&INK)
}

/// `style`'s font as the canvas names one (`24px system-ui, sans-serif`).
pub(super) fn css_font(style: &TextStyle) -> String {
    format!(
        "{}px {}",
        bilan_core::decimal::show(style.font.get_size()),
        style.font.get_name()
    )
}

/// The width in canvas pixels of `text` drawn in `style`, measured by the canvas itself.
pub(super) fn text_width(canvas: &HtmlCanvasElement, style: &TextStyle, text: &str) -> f64 {
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return 0.0;
    };
    context.set_font(&css_font(style));
    context
        .measure_text(text)
        .map(|m| m.width())
        .unwrap_or_default()
}

/// Splits a long label in two lines at the space nearest its middle.
pub(super) fn wrap(label: &str) -> Vec<&str> {
    if label.chars().count() <= 14 {
        return vec![label];
    }
    let middle = label.len() / 2;
    match label
        .match_indices(' ')
        .min_by_key(|(i, _)| i.abs_diff(middle))
    {
        Some((i, _)) => vec![&label[..i], &label[i + 1..]],
        None => vec![label],
    }
}
