//! Charts drawn in Rust with plotters on a canvas: the star of the seven indicators and the progress
//! lines. They are fed with bilan-core's scores, drawn at the device pixel ratio, and redrawn on resize.

use bilan_core::{Indicator, Lang};
use leptos::ev;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::i18n::{Msg, use_i18n};

mod bars;
mod layout;
mod lines;
mod star;

use layout::{BAR, BAR_GAP, GROUP_GAP, LABEL_ROW, NARROW_BARS, fit};

/// The Okabe–Ito palette: told apart by people with every common colour-vision deficiency.
/// Each series also has its own marker shape, so the charts still read in black and white.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
];

const INK: RGBColor = RGBColor(31, 41, 55);
const GRID: RGBColor = RGBColor(209, 213, 219);

/// One reading on the star chart: its label and a score (0–100) per indicator, in [`Indicator::ALL`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct StarSeries {
    pub label: String,
    pub values: [Option<f64>; 7],
}

impl StarSeries {
    /// The series of one reading's scores.
    pub fn of(label: String, scores: &bilan_core::scoring::Scores) -> Self {
        let values = Indicator::ALL.map(|i| scores.get(&i).map(|s| s.value));
        StarSeries { label, values }
    }
}

/// What a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// Star (radar) of the seven indicators; several series are overlaid, the first one dashed.
    Star(Vec<StarSeries>),
    /// Each indicator's score over time (the instant as the device's wall clock reads it,
    /// [`crate::clock::wall`], so that the axis's days and months are the person's; score).
    Lines(Vec<(Indicator, Vec<(i64, f64)>)>),
    /// Horizontal bars: a row per category, one bar per series in it.
    Bars(Bars),
}

/// `v` with `decimals` decimals as a reader of `lang` reads it: « 1 234,5 » in French.
pub fn decimal(v: f64, decimals: usize, lang: Lang) -> String {
    bilan_core::words::spoken_number(&bilan_core::decimal::fixed(v, decimals), lang)
}

/// A bar chart's data: categories (buckets, years, questions) and series of values, where `None`
/// is a cell withheld by disclosure control, drawn as such and never as zero.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bars {
    pub categories: Vec<String>,
    /// A name and a value per category.
    pub series: Vec<(String, Vec<Option<f64>>)>,
    /// The end of the value axis (5 for a mean level), or `None` for the largest value.
    pub max: Option<f64>,
    /// Decimals shown at the end of each bar.
    pub decimals: usize,
    /// What a withheld cell says ("masqué (< 5)").
    pub hidden: String,
}

impl Bars {
    /// CSS pixels the chart needs at a CSS width: a row per category (with its label above the
    /// bars when narrow), plus its key.
    fn height(&self, width: f64) -> f64 {
        let label = if width < NARROW_BARS { LABEL_ROW } else { 0.0 };
        let group = self.series.len().max(1) as f64 * (BAR + BAR_GAP) + GROUP_GAP + label;
        let key = if self.series.len() > 1 {
            self.series.len() as f64 * 24.0 + 8.0
        } else {
            0.0
        };
        self.categories.len().max(1) as f64 * group + 16.0 + key
    }

    /// The chart's data as CSV, as a spreadsheet in `lang` opens it: the title on the first
    /// line, then a row per category and a column per series. UTF-8 with a byte order mark (or
    /// accents break), `;` between cells and a decimal comma in French.
    pub fn csv(&self, title: &str, first: &str, lang: Lang) -> String {
        use bilan_core::backup::csv_row_with;
        let separator = match lang {
            Lang::Fr => ';',
            _ => ',',
        };
        // A decimal comma in French, and no group separator: a spreadsheet reads the number.
        let number = |v: f64| {
            let text = bilan_core::decimal::fixed(v, self.decimals);
            if lang == Lang::Fr {
                text.replace('.', ",")
            } else {
                text.into()
            }
        };
        let head: Vec<String> = std::iter::once(first.to_owned())
            .chain(self.series.iter().map(|(n, _)| n.clone()))
            .collect();
        let mut out = String::from("\u{feff}");
        out.push_str(&csv_row_with(&[title.to_owned()], separator));
        out.push_str(&csv_row_with(&head, separator));
        for (i, category) in self.categories.iter().enumerate() {
            let row: Vec<String> = std::iter::once(category.clone())
                .chain(self.series.iter().map(
                    |(_, values)| match values.get(i).copied().flatten() {
                        Some(v) => number(v),
                        None => self.hidden.clone(),
                    },
                ))
                .collect();
            out.push_str(&csv_row_with(&row, separator));
        }
        out
    }
}

pub(super) type Area = DrawingArea<CanvasBackend, Shift>;
pub(super) type Failure = DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>;

/// A chart on a canvas, redrawn when its figure, the language or the window size changes, with a
/// button that downloads it as PNG. The canvas's `data-draw-ms` says how long the last drawing took.
#[component]
pub fn Chart(
    #[prop(into)] figure: Signal<Figure>,
    #[prop(into)] title: Signal<String>,
    /// The file name offered for the PNG.
    #[prop(into)]
    file: String,
    /// The id of the element holding the chart's table alternative.
    #[prop(into)]
    described_by: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let canvas = NodeRef::<Canvas>::new();
    // Set when the charts' chunk could not be loaded (not kept yet, no network).
    let unavailable = RwSignal::new(false);
    let size = RwSignal::new(0u32);
    let resize = window_event_listener(ev::resize, move |_| size.update(|n| *n += 1));
    on_cleanup(move || resize.remove());
    Effect::new(move |_| {
        size.track();
        let (figure, lang) = (figure.get(), i18n.lang());
        if let Some(canvas) = canvas.get() {
            draw_soon(canvas, figure, lang, unavailable);
        }
    });
    let png = move |_| {
        if let Some(canvas) = canvas.get_untracked()
            && let Ok(url) = canvas.to_data_url()
            && let Ok(a) = document().create_element("a")
        {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(&file);
            a.click();
        }
    };
    let class = match figure.get_untracked() {
        Figure::Star(_) => "chart__canvas chart__canvas--star",
        Figure::Lines(_) => "chart__canvas chart__canvas--lines",
        Figure::Bars(_) => "chart__canvas chart__canvas--bars",
    };
    view! {
        <figure class="chart">
            <figcaption class="chart__caption">
                <span class="chart__title">{move || title.get()}</span>
                <button
                    type="button"
                    class="button button--quiet chart__png"
                    hidden=move || unavailable.get()
                    on:click=png
                >
                    {i18n.text(Msg::DownloadPng)}
                </button>
            </figcaption>
            <canvas
                class=class
                class:chart__canvas--unavailable=move || unavailable.get()
                node_ref=canvas
                role="img"
                aria-label=move || title.get()
                aria-describedby=described_by
            ></canvas>
            <Show when=move || unavailable.get()>
                <p class="chart__unavailable" role="status">
                    {i18n.text(Msg::ChartUnavailable)}
                </p>
            </Show>
        </figure>
    }
}

/// A bar chart with its table alternative and a CSV download of the same figures.
#[component]
pub fn BarChart(
    #[prop(into)] bars: Signal<Bars>,
    #[prop(into)] title: Signal<String>,
    /// The heading of the table's first column (what the categories are).
    #[prop(into)]
    first_column: Signal<String>,
    /// The file name of the PNG; the CSV takes the same name.
    #[prop(into)]
    file: String,
    /// The id of the table, unique on the page.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let figure = Signal::derive(move || Figure::Bars(bars.get()));
    let csv_name = file.replace(".png", ".csv");
    let csv = move |_| {
        let lang = i18n.lang();
        let content =
            bars.with(|b| b.csv(&title.get_untracked(), &first_column.get_untracked(), lang));
        crate::browser::download(&csv_name, "text/csv;charset=utf-8", &content);
    };
    let rows = move || {
        bars.with(|b| {
            b.categories
                .iter()
                .enumerate()
                .map(|(i, category)| {
                    let cells =
                        b.series
                            .iter()
                            .map(|(_, values)| match values.get(i).copied().flatten() {
                                Some(v) => view! { <td>{decimal(v, b.decimals, i18n.lang())}</td> }
                                    .into_any(),
                                None => view! { <td class="cell--hidden">{b.hidden.clone()}</td> }
                                    .into_any(),
                            })
                            .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{category.clone()}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let heads = move || {
        bars.with(|b| {
            b.series
                .iter()
                .map(|(name, _)| view! { <th scope="col">{name.clone()}</th> })
                .collect_view()
        })
    };
    view! {
        <div class="figure">
            <Chart figure title file described_by=id.clone() />
            <div class="figure__tools">
                <details class="chart__table">
                    <summary>{i18n.text(Msg::ShowTable)}</summary>
                    <table class="scores" id=id>
                        <thead>
                            <tr>
                                <th scope="col">{move || first_column.get()}</th>
                                {heads}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </details>
                <button type="button" class="button button--quiet figure__csv" on:click=csv>
                    {i18n.text(Msg::DownloadCsv)}
                </button>
            </div>
        </div>
    }
}

/// How many indicators a star shows: those at least one of its readings scored.
pub fn scored_count(series: &[StarSeries]) -> usize {
    star::scored(series).len()
}

/// A star's scores as bars: a row per scored indicator, a bar per reading, out of 100.
fn star_as_bars(series: &[StarSeries], lang: Lang) -> Bars {
    let axes = star::scored(series);
    Bars {
        categories: axes
            .iter()
            .map(|&i| Indicator::ALL[i].label(lang).to_owned())
            .collect(),
        series: series
            .iter()
            .map(|s| (s.label.clone(), axes.iter().map(|&i| s.values[i]).collect()))
            .collect(),
        max: Some(100.0),
        decimals: 0,
        hidden: String::new(),
    }
}

/// A chart waiting to be drawn with the others of its moment.
struct Waiting {
    canvas: HtmlCanvasElement,
    figure: Figure,
    lang: Lang,
    /// Whether the chart says it could not be drawn.
    unavailable: RwSignal<bool>,
}

thread_local! {
    static WAITING: std::cell::RefCell<Vec<Waiting>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Draws `figure` on `canvas` once the charts of this moment (a page's, every chart on a resize)
/// have all asked: their sizes are read together, one layout of the page for all of them where
/// drawing each in turn laid the page out again for every chart.
fn draw_soon(canvas: HtmlCanvasElement, figure: Figure, lang: Lang, unavailable: RwSignal<bool>) {
    let first = WAITING.with_borrow_mut(|waiting| {
        waiting.retain(|w| w.canvas != canvas);
        waiting.push(Waiting {
            canvas,
            figure,
            lang,
            unavailable,
        });
        waiting.len() == 1
    });
    if first {
        // Queued behind the effects already waiting to run: the other charts' among them.
        leptos::task::spawn_local(async {
            if crate::routes::load!(draw_waiting()).is_err() {
                // Each chart says so, its table beside it; the next drawing asks again.
                for w in WAITING.with_borrow_mut(std::mem::take) {
                    w.unavailable.set(true);
                }
            }
        });
    }
}

/// Draws the charts waiting. Their code (plotters and the figures) is a chunk of its own, which a
/// page loads when it first shows a chart: a holder's survey and a phone never do.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(charts_group, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn draw_waiting() -> Result<(), crate::routes::Unloaded> {
    let waiting = WAITING.with_borrow_mut(std::mem::take);
    let page = layout::Page::read();
    // Every width is read before any canvas changes size.
    let widths: Vec<f64> = waiting
        .iter()
        .map(|w| w.canvas.get_bounding_client_rect().width())
        .collect();
    for (w, width) in waiting.iter().zip(widths) {
        let started = now();
        if let Ok(ticks) = draw_at(&w.canvas, &w.figure, w.lang, &page, width) {
            if w.unavailable.get_untracked() {
                w.unavailable.set(false);
            }
            let canvas = &w.canvas;
            let _ = canvas.set_attribute(
                "data-draw-ms",
                &bilan_core::decimal::fixed(now() - started, 3),
            );
            // The time axis's labels, for the tests (a canvas's text cannot be read back).
            let _ = canvas.set_attribute("data-ticks", &ticks.join("|"));
            // The latest drawing's moment, for `cargo xtask bench` (one mark, replaced).
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                p.clear_marks_with_mark_name("bilan-chart-drawn");
                let _ = p.mark("bilan-chart-drawn");
            }
        }
    }
    Ok(())
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// Why a figure could not be drawn.
#[derive(Debug)]
pub enum DrawError {
    /// The canvas gave no 2D context (the browser is out of canvases, say).
    NoContext,
    /// A drawing call failed.
    Canvas(Failure),
}

impl std::fmt::Display for DrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DrawError::NoContext => f.write_str("the canvas gave no 2D context"),
            DrawError::Canvas(e) => write!(f, "drawing failed: {e}"),
        }
    }
}

/// Draws `figure` on `canvas`, in `lang`; returns the labels of its time axis (none for a figure
/// without one).
pub fn draw(
    canvas: &HtmlCanvasElement,
    figure: &Figure,
    lang: Lang,
) -> Result<Vec<String>, DrawError> {
    let width = canvas.get_bounding_client_rect().width();
    draw_at(canvas, figure, lang, &layout::Page::read(), width)
}

/// [`draw`] at a displayed `width` (CSS pixels) already read.
fn draw_at(
    canvas: &HtmlCanvasElement,
    figure: &Figure,
    lang: Lang,
    page: &layout::Page,
    width: f64,
) -> Result<Vec<String>, DrawError> {
    // Fewer than three scored indicators make no polygon: the same scores as bars.
    let as_bars;
    let figure = match figure {
        Figure::Star(series) if star::scored(series).len() < 3 => {
            as_bars = Figure::Bars(star_as_bars(series, lang));
            &as_bars
        }
        other => other,
    };
    let dpr = fit(canvas, figure, page, width);
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or(DrawError::NoContext)?;
    let root = backend.into_drawing_area();
    let drawn = match figure {
        Figure::Star(series) => star::star(canvas, &root, series, lang, dpr).map(|()| Vec::new()),
        Figure::Lines(lines) => lines::progress(&root, lines, lang, dpr),
        // Bars grow with the page's type (a projector's larger root font), like the text beside them.
        Figure::Bars(b) => {
            bars::bars(canvas, &root, b, lang, dpr * page.text_scale).map(|()| Vec::new())
        }
    };
    drawn
        .and_then(|ticks| root.present().map(|()| ticks))
        .map_err(DrawError::Canvas)
}
