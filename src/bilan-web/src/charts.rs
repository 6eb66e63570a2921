//! Charts drawn in Rust with plotters on a canvas: the star of the seven indicators and the progress
//! lines. They are fed with bilan-core's scores, drawn at the device pixel ratio, and redrawn on resize.

use bilan_core::{Indicator, Lang, calendar::Date};
use leptos::ev;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::i18n::{Msg, use_i18n};

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
    pub fn of(
        label: String,
        scores: &std::collections::BTreeMap<Indicator, bilan_core::scoring::Score>,
    ) -> Self {
        let values = Indicator::ALL.map(|i| scores.get(&i).map(|s| s.value));
        StarSeries { label, values }
    }
}

/// What a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// Star (radar) of the seven indicators; several series are overlaid, the first one dashed.
    Star(Vec<StarSeries>),
    /// Each indicator's score over time (milliseconds since the epoch, score).
    Lines(Vec<(Indicator, Vec<(i64, f64)>)>),
    /// Horizontal bars: a row per category, one bar per series in it.
    Bars(Bars),
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

    /// The chart's data as CSV: a row per category, a column per series.
    pub fn csv(&self, first: &str) -> String {
        use bilan_core::backup::csv_row;
        let head: Vec<String> = std::iter::once(first.to_owned())
            .chain(self.series.iter().map(|(n, _)| n.clone()))
            .collect();
        let mut out = csv_row(&head);
        for (i, category) in self.categories.iter().enumerate() {
            let row: Vec<String> = std::iter::once(category.clone())
                .chain(self.series.iter().map(
                    |(_, values)| match values.get(i).copied().flatten() {
                        Some(v) => format!("{v:.*}", self.decimals),
                        None => self.hidden.clone(),
                    },
                ))
                .collect();
            out.push_str(&csv_row(&row));
        }
        out
    }
}

/// Narrower than this (CSS pixels), a bar chart puts each label above its bars.
const NARROW_BARS: f64 = 520.0;
/// CSS pixels of a label line above the bars, when narrow.
const LABEL_ROW: f64 = 20.0;

/// CSS pixels of one bar, the gap between bars of a row, and between rows.
const BAR: f64 = 20.0;
const BAR_GAP: f64 = 4.0;
const GROUP_GAP: f64 = 14.0;

/// A chart on a canvas, redrawn when its figure, the language or the window size changes, with a
/// button that downloads it as PNG. The canvas's `data-draw-ms` says how long the last drawing took.
#[component]
pub fn Chart(
    #[prop(into)] figure: Signal<Figure>,
    #[prop(into)] title: Signal<String>,
    /// The file name offered for the PNG.
    file: &'static str,
    /// The id of the element holding the chart's table alternative.
    #[prop(into)]
    described_by: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let canvas = NodeRef::<Canvas>::new();
    let size = RwSignal::new(0u32);
    let resize = window_event_listener(ev::resize, move |_| size.update(|n| *n += 1));
    on_cleanup(move || resize.remove());
    Effect::new(move |_| {
        size.track();
        let (figure, lang) = (figure.get(), i18n.lang());
        if let Some(canvas) = canvas.get() {
            let started = now();
            if draw(&canvas, &figure, lang).is_ok() {
                let _ = canvas.set_attribute("data-draw-ms", &format!("{:.3}", now() - started));
                // The latest drawing's moment, for `cargo xtask bench` (one mark, replaced).
                if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                    p.clear_marks_with_mark_name("bilan-chart-drawn");
                    let _ = p.mark("bilan-chart-drawn");
                }
            }
        }
    });
    let png = move |_| {
        if let Some(canvas) = canvas.get_untracked()
            && let Ok(url) = canvas.to_data_url()
            && let Ok(a) = document().create_element("a")
        {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(file);
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
                <button type="button" class="button button--quiet chart__png" on:click=png>{move || i18n.t(Msg::DownloadPng)}</button>
            </figcaption>
            <canvas class=class node_ref=canvas role="img" aria-label=move || title.get() aria-describedby=described_by></canvas>
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
    file: &'static str,
    /// The id of the table, unique on the page.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let figure = Signal::derive(move || Figure::Bars(bars.get()));
    let csv = move |_| {
        let name = file.replace(".png", ".csv");
        crate::components::backup_panel::download(
            &name,
            "text/csv;charset=utf-8",
            &bars.with(|b| b.csv(&first_column.get_untracked())),
        );
    };
    let rows = move || {
        bars.with(|b| {
            b.categories
                .iter()
                .enumerate()
                .map(|(i, category)| {
                    let cells = b
                        .series
                        .iter()
                        .map(|(_, values)| match values.get(i).copied().flatten() {
                            Some(v) => {
                                view! { <td>{format!("{v:.*}", b.decimals)}</td> }.into_any()
                            }
                            None => view! { <td class="cell--hidden">{b.hidden.clone()}</td> }
                                .into_any(),
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{category.clone()}</th>{cells}</tr> }
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
                    <summary>{move || i18n.t(Msg::ShowTable)}</summary>
                    <table class="scores" id=id>
                        <thead><tr><th scope="col">{move || first_column.get()}</th>{heads}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </details>
                <button type="button" class="button button--quiet figure__csv" on:click=csv>{move || i18n.t(Msg::DownloadCsv)}</button>
            </div>
        </div>
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// Gives the canvas the height its figure needs at its displayed width, then sizes its pixels to
/// that size times the device pixel ratio; returns the ratio.
fn fit(canvas: &HtmlCanvasElement, figure: &Figure) -> f64 {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    let width = canvas.get_bounding_client_rect().width();
    let height = match figure {
        Figure::Star(series) => {
            star_height(width) + legend_height(series.len()) + key_of_axes(width)
        }
        Figure::Lines(lines) => (width * 0.5).clamp(200.0, 420.0) + key_height(lines.len(), width),
        Figure::Bars(bars) => bars.height(width / text_scale()) * text_scale(),
    };
    let _ = web_sys::HtmlElement::style(canvas).set_property("height", &format!("{height:.0}px"));
    let (w, h) = ((width * dpr).round() as u32, (height * dpr).round() as u32);
    if w > 0 && h > 0 && (canvas.width() != w || canvas.height() != h) {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    dpr
}

/// CSS pixels under the star for the legend of overlaid readings.
fn legend_height(series: usize) -> f64 {
    if series > 1 {
        26.0 * series as f64 + 8.0
    } else {
        0.0
    }
}

/// Columns of the progress chart's key at a CSS width.
fn key_columns(width: f64) -> usize {
    if width > 560.0 { 2 } else { 1 }
}

/// CSS pixels for the star itself at a CSS width: labels beside a wide star leave room above and below.
fn star_height(width: f64) -> f64 {
    if width < NARROW_STAR {
        width
    } else {
        (width * 0.8).min(480.0)
    }
}

/// Narrower than this (CSS pixels), the star numbers its axes and names them in a key below.
const NARROW_STAR: f64 = 400.0;

/// CSS pixels under a narrow star for the key of its numbered axes.
fn key_of_axes(width: f64) -> f64 {
    if width < NARROW_STAR {
        18.0 * Indicator::ALL.len() as f64 + 10.0
    } else {
        0.0
    }
}

/// CSS pixels under the progress chart for its key.
fn key_height(lines: usize, width: f64) -> f64 {
    lines.div_ceil(key_columns(width)) as f64 * 24.0 + 12.0
}

type Area = DrawingArea<CanvasBackend, Shift>;
type Failure = DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>;

/// Draws `figure` on `canvas`, in `lang`.
pub fn draw(canvas: &HtmlCanvasElement, figure: &Figure, lang: Lang) -> Result<(), String> {
    let dpr = fit(canvas, figure);
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2D context")?;
    let root = backend.into_drawing_area();
    let drawn = match figure {
        Figure::Star(series) => star(canvas, &root, series, lang, dpr),
        Figure::Lines(lines) => progress(&root, lines, lang, dpr),
        // Bars grow with the page's type (a projector's larger root font), like the text beside them.
        Figure::Bars(b) => bars(canvas, &root, b, dpr * text_scale()),
    };
    drawn
        .and_then(|()| root.present())
        .map_err(|e| e.to_string())
}

/// The page's root font size relative to the browser's 16 px (1.25 on a projector).
fn text_scale() -> f64 {
    web_sys::window()
        .zip(document().document_element())
        .and_then(|(w, root)| w.get_computed_style(&root).ok().flatten())
        .and_then(|style| style.get_property_value("font-size").ok())
        .and_then(|size| size.trim_end_matches("px").parse::<f64>().ok())
        .map(|px| (px / 16.0).clamp(1.0, 2.0))
        .unwrap_or(1.0)
}

fn font(dpr: f64, size: f64) -> TextStyle<'static> {
    ("system-ui, sans-serif", size * dpr)
        .into_font()
        .color(&INK)
}

/// The width in canvas pixels of `text` drawn in `style`, measured by the canvas itself.
fn text_width(canvas: &HtmlCanvasElement, style: &TextStyle, text: &str) -> f64 {
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return 0.0;
    };
    context.set_font(&format!(
        "{}px {}",
        style.font.get_size(),
        style.font.get_name()
    ));
    context
        .measure_text(text)
        .map(|m| m.width())
        .unwrap_or_default()
}

/// Splits a long label in two lines at the space nearest its middle.
fn wrap(label: &str) -> Vec<&str> {
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

fn star(
    canvas: &HtmlCanvasElement,
    root: &Area,
    series: &[StarSeries],
    lang: Lang,
    dpr: f64,
) -> Result<(), Failure> {
    root.fill(&WHITE)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let narrow = w / dpr < NARROW_STAR;
    let names: Vec<Vec<String>> = Indicator::ALL
        .into_iter()
        .enumerate()
        .map(|(k, i)| match narrow {
            true => vec![(k + 1).to_string()],
            false => wrap(i.label(lang)).into_iter().map(str::to_owned).collect(),
        })
        .collect();
    let key = key_of_axes(w / dpr) * dpr;
    let legend = legend_height(series.len()) * dpr + key;
    let label_width = names
        .iter()
        .flatten()
        .map(|line| text_width(canvas, &font(dpr, 12.5), line))
        .fold(0.0, f64::max);
    let radius = (w / 2.0 - label_width - 16.0 * dpr)
        .min((h - legend) / 2.0 - 40.0 * dpr)
        .max(20.0 * dpr);
    let (cx, cy) = (w / 2.0, (h - legend) / 2.0);
    let n = Indicator::ALL.len();
    let point = |axis: usize, value: f64| -> (i32, i32) {
        let angle = -std::f64::consts::FRAC_PI_2 + axis as f64 * std::f64::consts::TAU / n as f64;
        let r = radius * value.clamp(0.0, 100.0) / 100.0;
        (
            (cx + r * angle.cos()).round() as i32,
            (cy + r * angle.sin()).round() as i32,
        )
    };
    let thin = ShapeStyle::from(&GRID).stroke_width(dpr.round() as u32);
    for ring in [20.0, 40.0, 60.0, 80.0, 100.0] {
        let labelled = ring < 100.0;
        let mut ring_points: Vec<_> = (0..n).map(|a| point(a, ring)).collect();
        ring_points.push(ring_points[0]);
        root.draw(&PathElement::new(ring_points, thin))?;
        if labelled {
            let (x, y) = point(0, ring);
            root.draw(&Text::new(
                format!("{ring:.0}"),
                (x - (4.0 * dpr) as i32, y),
                font(dpr, 10.0)
                    .color(&RGBColor(107, 114, 128))
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
        }
    }
    for (axis, indicator) in Indicator::ALL.into_iter().enumerate() {
        if narrow {
            let y = (h - key + (10.0 + 18.0 * axis as f64 + 9.0) * dpr) as i32;
            root.draw(&Text::new(
                format!("{}  {}", axis + 1, indicator.label(lang)),
                ((16.0 * dpr) as i32, y),
                font(dpr, 12.5).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        root.draw(&PathElement::new(
            vec![point(axis, 0.0), point(axis, 100.0)],
            thin,
        ))?;
        let (x, y) = point(axis, 112.0);
        let h_pos = match x.cmp(&(cx.round() as i32)) {
            std::cmp::Ordering::Less if (f64::from(x) - cx).abs() > 4.0 * dpr => HPos::Right,
            std::cmp::Ordering::Greater if (f64::from(x) - cx).abs() > 4.0 * dpr => HPos::Left,
            _ => HPos::Center,
        };
        let lines = &names[axis];
        let line_height = 15.0 * dpr;
        let top = f64::from(y)
            - line_height * (lines.len() as f64 - 1.0) / 2.0
            - if axis == 0 { line_height / 2.0 } else { 0.0 };
        for (k, line) in lines.iter().enumerate() {
            let y = (top + k as f64 * line_height).round() as i32;
            root.draw(&Text::new(
                line.to_string(),
                (x, y),
                font(dpr, 12.5).pos(Pos::new(h_pos, VPos::Center)),
            ))?;
        }
    }
    for (k, s) in series.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let points: Vec<_> = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(axis, v)| v.map(|v| point(axis, v)))
            .collect();
        let mut closed = points.clone();
        if let Some(first) = points.first() {
            closed.push(*first);
        }
        let stroke = ShapeStyle::from(&colour).stroke_width((2.0 * dpr).round() as u32);
        if points.len() > 2 {
            root.draw(&Polygon::new(points.clone(), colour.mix(0.12).filled()))?;
        }
        let dashed = series.len() > 1 && k == 0;
        if dashed {
            root.draw(&DashedPathElement::new(
                closed,
                (6.0 * dpr) as i32,
                (4.0 * dpr) as i32,
                stroke,
            ))?;
        } else {
            root.draw(&PathElement::new(closed, stroke))?;
        }
        for p in points {
            marker(root, k, p, colour, dpr)?;
        }
        if series.len() > 1 {
            let y = (h - legend + 13.0 * dpr + k as f64 * 26.0 * dpr) as i32;
            let x0 = if narrow {
                (16.0 * dpr) as i32
            } else {
                (w / 2.0 - 110.0 * dpr) as i32
            };
            let x1 = x0 + (34.0 * dpr) as i32;
            if dashed {
                root.draw(&DashedPathElement::new(
                    vec![(x0, y), (x1, y)],
                    (6.0 * dpr) as i32,
                    (4.0 * dpr) as i32,
                    stroke,
                ))?;
            } else {
                root.draw(&PathElement::new(vec![(x0, y), (x1, y)], stroke))?;
            }
            marker(root, k, ((x0 + x1) / 2, y), colour, dpr)?;
            root.draw(&Text::new(
                s.label.clone(),
                (x1 + (10.0 * dpr) as i32, y),
                font(dpr, 13.0).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
    }
    Ok(())
}

/// A marker whose shape depends on the series, so that series differ without colour.
fn marker(
    root: &Area,
    series: usize,
    (x, y): (i32, i32),
    colour: RGBColor,
    dpr: f64,
) -> Result<(), Failure> {
    let r = (4.0 * dpr).round() as i32;
    let fill = colour.filled();
    match series % 5 {
        0 => root.draw(&Circle::new((x, y), r, fill)),
        1 => root.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], fill)),
        2 => root.draw(&Polygon::new(
            vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
            fill,
        )),
        3 => root.draw(&Polygon::new(
            vec![
                (x, y - r - 1),
                (x + r + 1, y),
                (x, y + r + 1),
                (x - r - 1, y),
            ],
            fill,
        )),
        _ => {
            let stroke = ShapeStyle::from(&colour).stroke_width((2.0 * dpr).round() as u32);
            root.draw(&PathElement::new(
                vec![(x - r, y - r), (x + r, y + r)],
                stroke,
            ))?;
            root.draw(&PathElement::new(
                vec![(x - r, y + r), (x + r, y - r)],
                stroke,
            ))
        }
    }
}

fn progress(
    root: &Area,
    lines: &[(Indicator, Vec<(i64, f64)>)],
    lang: Lang,
    dpr: f64,
) -> Result<(), Failure> {
    root.fill(&WHITE)?;
    let (w, h) = root.dim_in_pixel();
    let columns = key_columns(f64::from(w) / dpr);
    let legend = (key_height(lines.len(), f64::from(w) / dpr) * dpr) as u32;
    let (plot, key) = root.split_vertically(h.saturating_sub(legend).max(1));
    let times = lines.iter().flat_map(|(_, p)| p.iter().map(|(t, _)| *t));
    let (first, last) = (times.clone().min().unwrap_or(0), times.max().unwrap_or(0));
    let pad = ((last - first) / 20).max(15 * 86_400_000);
    let (x0, x1) = ((first - pad) as f64, (last + pad) as f64);
    let mut chart = ChartBuilder::on(&plot)
        .margin((12.0 * dpr) as i32)
        .x_label_area_size((28.0 * dpr) as i32)
        .y_label_area_size((34.0 * dpr) as i32)
        .build_cartesian_2d(x0..x1, 0f64..100f64)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(GRID)
        .x_labels(if columns == 1 { 3 } else { 5 })
        .y_labels(6)
        .label_style(font(dpr, 11.5))
        .x_label_formatter(&|x| {
            let d = Date::from_millis(*x as i64);
            let month = d.month_name(lang);
            let short: String = month.chars().take(4).collect();
            format!(
                "{short}{} {}",
                if month.chars().count() > 4 { "." } else { "" },
                d.year
            )
        })
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()?;
    let stroke =
        |colour: RGBColor| ShapeStyle::from(&colour).stroke_width((2.0 * dpr).round() as u32);
    for (k, (_, points)) in lines.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let pixels: Vec<_> = points
            .iter()
            .map(|&(t, v)| chart.backend_coord(&(t as f64, v)))
            .collect();
        plot.draw(&PathElement::new(pixels.clone(), stroke(colour)))?;
        if pixels.len() <= 60 {
            for p in pixels {
                marker(&plot, k, p, colour, dpr)?;
            }
        }
    }
    let (kw, _) = key.dim_in_pixel();
    let column_width = f64::from(kw) / columns as f64;
    for (k, (indicator, _)) in lines.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let x = ((k % columns) as f64 * column_width + 48.0 * dpr) as i32;
        let y = (((k / columns) as f64 * 24.0 + 14.0) * dpr) as i32;
        let half = (14.0 * dpr) as i32;
        key.draw(&PathElement::new(
            vec![(x - half, y), (x + half, y)],
            stroke(colour),
        ))?;
        marker(&key, k, (x, y), colour, dpr)?;
        key.draw(&Text::new(
            indicator.label(lang).to_string(),
            (x + half + (8.0 * dpr) as i32, y),
            font(dpr, 13.0).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

fn bars(canvas: &HtmlCanvasElement, root: &Area, b: &Bars, dpr: f64) -> Result<(), Failure> {
    root.fill(&WHITE)?;
    let (w, _) = root.dim_in_pixel();
    let w = f64::from(w);
    let narrow = w / dpr < NARROW_BARS;
    let label = font(dpr, 13.0);
    // Every label is measured before anything is drawn, with the label font set once.
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
    if let Some(c) = &context {
        c.set_font(&format!(
            "{}px {}",
            label.font.get_size(),
            label.font.get_name()
        ));
    }
    let measure = |text: &str| -> f64 {
        context
            .as_ref()
            .and_then(|c| c.measure_text(text).ok())
            .map(|m| m.width())
            .unwrap_or_default()
    };
    let widths: Vec<f64> = b.categories.iter().map(|c| measure(c)).collect();
    // Shortens a label with an ellipsis until it fits in `room` canvas pixels.
    let fitted = |text: &str, width: f64, room: f64| -> String {
        if width <= room {
            return text.to_owned();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while chars.len() > 1 {
            chars.pop();
            let short: String = chars.iter().chain(['…'].iter()).collect();
            if measure(&short) <= room {
                return short;
            }
        }
        "…".to_owned()
    };
    let x0 = if narrow {
        8.0 * dpr
    } else {
        (widths.iter().fold(0.0, |m: f64, w| m.max(*w)) + 16.0 * dpr).min(w * 0.45)
    };
    let room = if narrow {
        w - 16.0 * dpr
    } else {
        x0 - 14.0 * dpr
    };
    let labels: Vec<String> = b
        .categories
        .iter()
        .zip(&widths)
        .map(|(c, width)| fitted(c, *width, room))
        .collect();
    let x1 = w - 64.0 * dpr;
    let max = b
        .max
        .unwrap_or_else(|| {
            b.series
                .iter()
                .flat_map(|(_, v)| v.iter().flatten())
                .fold(0.0, |m: f64, v| m.max(*v))
        })
        .max(1.0);
    let (bar, gap) = (BAR * dpr, BAR_GAP * dpr);
    let label_row = if narrow { LABEL_ROW * dpr } else { 0.0 };
    let group = b.series.len().max(1) as f64 * (bar + gap) + GROUP_GAP * dpr + label_row;
    let top = 8.0 * dpr;
    for (i, shown) in labels.into_iter().enumerate() {
        let y = top + i as f64 * group;
        if narrow {
            root.draw(&Text::new(
                shown,
                (x0 as i32, (y + label_row / 2.0 - 2.0 * dpr) as i32),
                label.pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        } else {
            let middle = y + (group - GROUP_GAP * dpr) / 2.0;
            root.draw(&Text::new(
                shown,
                ((x0 - 10.0 * dpr) as i32, middle as i32),
                label.pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
        }
        let y = y + label_row;
        for (k, (_, values)) in b.series.iter().enumerate() {
            let y = y + k as f64 * (bar + gap);
            let centre = (y + bar / 2.0) as i32;
            match values.get(i).copied().flatten() {
                Some(v) => {
                    let end = x0 + (x1 - x0) * (v / max).clamp(0.0, 1.0);
                    root.draw(&Rectangle::new(
                        [
                            (x0 as i32, y as i32),
                            (end.max(x0 + dpr) as i32, (y + bar) as i32),
                        ],
                        PALETTE[k % PALETTE.len()].filled(),
                    ))?;
                    root.draw(&Text::new(
                        format!("{v:.*}", b.decimals),
                        ((end + 6.0 * dpr) as i32, centre),
                        font(dpr, 12.5).pos(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                }
                None => {
                    root.draw(&Rectangle::new(
                        [
                            (x0 as i32, y as i32),
                            ((x0 + 6.0 * dpr) as i32, (y + bar) as i32),
                        ],
                        ShapeStyle::from(&GRID).filled(),
                    ))?;
                    root.draw(&Text::new(
                        b.hidden.clone(),
                        ((x0 + 12.0 * dpr) as i32, centre),
                        font(dpr, 12.0)
                            .color(&RGBColor(75, 85, 99))
                            .pos(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                }
            }
        }
    }
    let bottom = top + b.categories.len() as f64 * group;
    if !narrow {
        root.draw(&PathElement::new(
            vec![
                (x0 as i32, top as i32),
                (x0 as i32, (bottom - GROUP_GAP * dpr) as i32),
            ],
            ShapeStyle::from(&INK).stroke_width(dpr.round() as u32),
        ))?;
    }
    if b.series.len() > 1 {
        for (k, (name, _)) in b.series.iter().enumerate() {
            let y = bottom + 8.0 * dpr + k as f64 * 24.0 * dpr;
            let x = x0.min(24.0 * dpr);
            root.draw(&Rectangle::new(
                [
                    (x as i32, y as i32),
                    ((x + 16.0 * dpr) as i32, (y + 16.0 * dpr) as i32),
                ],
                PALETTE[k % PALETTE.len()].filled(),
            ))?;
            root.draw(&Text::new(
                name.clone(),
                ((x + 24.0 * dpr) as i32, (y + 8.0 * dpr) as i32),
                font(dpr, 13.0).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
    }
    Ok(())
}
