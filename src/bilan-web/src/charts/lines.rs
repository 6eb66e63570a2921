//! The progress lines: each indicator's score over the readings, dated.

use bilan_core::calendar::{Date, month_ticks, ranks_of_day, tick_label};
use bilan_core::{Indicator, Lang};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::*;
use super::star::marker;
use super::*;
use crate::i18n::Msg;

/// An axis of numbers whose labels Bilan writes, whole (`20`, `40`): plotters' own would
/// bring Rust's float formatter to the charts (some 8 KiB of gzip).
struct Axis(RangedCoordf64);

impl Ranged for Axis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.0.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        self.0.key_points(hint)
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.0.range()
    }
}

impl ValueFormatter<f64> for Axis {
    fn format(value: &f64) -> String {
        bilan_core::decimal::fixed(*value, 0).into()
    }
}

/// Draws the lines and returns the time axis's tick labels, left to right.
pub(super) fn progress(
    root: &Area,
    lines: &[(Indicator, Vec<(i64, f64)>)],
    lang: Lang,
    dpr: f64,
) -> Result<Vec<String>, Failure> {
    root.fill(&WHITE)?;
    let (w, h) = root.dim_in_pixel();
    let columns = key_columns(f64::from(w) / dpr);
    let legend = (key_height(lines.len(), f64::from(w) / dpr) * dpr) as u32;
    let (plot, key) = root.split_vertically(h.saturating_sub(legend).max(1));
    let mut times: Vec<i64> = lines
        .iter()
        .flat_map(|(_, p)| p.iter().map(|(t, _)| *t))
        .collect();
    bilan_core::order::sort_by_key(&mut times, |t| *t);
    times.dedup();
    let (first, last) = (
        times.first().copied().unwrap_or(0),
        times.last().copied().unwrap_or(0),
    );
    // Reviews so close in time that an axis of months draws them less than 8 CSS pixels apart
    // (two the same day: a vertical line) get each a place of their own, in order, named under it.
    let pad = ((last - first) / 20).max(15 * DAY);
    let plot_width = f64::from(w) / dpr - 2.0 * 12.0 - 34.0;
    let crowded = times
        .windows(2)
        .any(|w| ((w[1] - w[0]) as f64 / (last - first + 2 * pad) as f64) * plot_width < 8.0);
    let at = |t: i64| {
        if crowded {
            times.partition_point(|&o| o < t) as f64
        } else {
            t as f64
        }
    };
    let (x0, x1) = if crowded {
        (-0.5, times.len() as f64 - 0.5)
    } else {
        ((first - pad) as f64, (last + pad) as f64)
    };
    let named = if crowded {
        reviews_of_a_day(&times)
    } else {
        Vec::new()
    };
    let ranked = named.iter().any(|(_, rank)| rank.is_some());
    let mut chart = ChartBuilder::on(&plot)
        .margin((12.0 * dpr) as i32)
        .x_label_area_size((if ranked { 44.0 } else { 28.0 } * dpr) as i32)
        .y_label_area_size((34.0 * dpr) as i32)
        .build_cartesian_2d(Axis((x0..x1).into()), Axis((0f64..100f64).into()))?;
    // The time axis is marked on the first days of real months (plotters would space its labels
    // evenly, between dates); the value axis by plotters.
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(GRID)
        .x_labels(0)
        .y_labels(6)
        .label_style(font(dpr, 12.0))
        .draw()?;
    let most = if columns == 1 { 3 } else { 5 };
    // Each tick: where, and its label's lines.
    let ticks: Vec<(f64, Vec<String>)> = if crowded {
        let n = named.len();
        // The first and the last review, and evenly between them as many as fit.
        let shown = n.min(most);
        (0..shown)
            .map(|k| {
                if shown > 1 {
                    k * (n - 1) / (shown - 1)
                } else {
                    0
                }
            })
            .map(|k| {
                let (day, rank) = named[k];
                let mut label = vec![day.short(lang)];
                if ranked {
                    label.push(rank.map_or_else(String::new, |n| {
                        crate::i18n::tr_with(lang, Msg::RankOfDay, &[("n", &n.to_string())])
                    }));
                }
                (k as f64, label)
            })
            .collect()
    } else {
        month_ticks(x0 as i64, x1 as i64, most)
            .into_iter()
            .map(|tick| (tick.millis() as f64, vec![tick_label(tick, lang)]))
            .collect()
    };
    let mut labels = Vec::with_capacity(ticks.len());
    for (x, lines) in ticks {
        let (px, top) = chart.backend_coord(&(x, 100.0));
        let (_, bottom) = chart.backend_coord(&(x, 0.0));
        plot.draw(&PathElement::new(
            vec![(px, top), (px, bottom + (4.0 * dpr) as i32)],
            ShapeStyle::from(&GRID).stroke_width(dpr.round().max(1.0) as u32),
        ))?;
        for (k, line) in lines.iter().enumerate() {
            plot.draw(&Text::new(
                line.clone(),
                (px, bottom + ((8.0 + 16.0 * k as f64) * dpr) as i32),
                font(dpr, 12.0).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
        labels.push(lines.join(" ").trim_end().to_owned());
    }
    let stroke =
        |colour: RGBColor| ShapeStyle::from(&colour).stroke_width((2.0 * dpr).round() as u32);
    let pixels: Vec<Vec<(i32, i32)>> = lines
        .iter()
        .map(|(_, points)| {
            points
                .iter()
                .map(|&(t, v)| chart.backend_coord(&(at(t), v)))
                .collect()
        })
        .collect();
    // A stretch that other indicators share exactly (the same scores at two reviews in a row)
    // is drawn in dashes, each indicator's colour in turn, so that no line hides another.
    let dash = 6.0 * dpr;
    let near = |p: (i32, i32), q: (i32, i32)| (p.0 - q.0).abs() <= 1 && (p.1 - q.1).abs() <= 1;
    for (k, line) in pixels.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let mut run: Vec<(i32, i32)> = Vec::new();
        for pair in line.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let shared = |j: &usize| {
                pixels[*j]
                    .windows(2)
                    .any(|o| near(o[0], a) && near(o[1], b))
            };
            let place = (0..k).filter(shared).count();
            let alike = place + 1 + (k + 1..pixels.len()).filter(shared).count();
            if alike == 1 {
                if run.last() != Some(&a) {
                    plot.draw(&PathElement::new(std::mem::take(&mut run), stroke(colour)))?;
                    run.push(a);
                }
                run.push(b);
                continue;
            }
            let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
            let length = dx.hypot(dy);
            let along = |s: f64| {
                let f = if length > 0.0 { s / length } else { 0.0 };
                (a.0 + (dx * f).round() as i32, a.1 + (dy * f).round() as i32)
            };
            let mut from = dash * place as f64;
            while from < length {
                let to = (from + dash).min(length);
                plot.draw(&PathElement::new(
                    vec![along(from), along(to)],
                    stroke(colour),
                ))?;
                from += dash * alike as f64;
            }
        }
        plot.draw(&PathElement::new(run, stroke(colour)))?;
    }
    // Indicators with the same score at the same review would hide each other's marker: they
    // stand side by side there, each at its height, as far apart as the reviews leave room for.
    let gap = times
        .windows(2)
        .map(|w| chart.backend_coord(&(at(w[1]), 0.0)).0 - chart.backend_coord(&(at(w[0]), 0.0)).0)
        .min()
        .unwrap_or(i32::MAX);
    for (k, line) in pixels.iter().enumerate() {
        if line.len() > 60 {
            continue;
        }
        for &(x, y) in line {
            let near = |j: &usize| {
                pixels[*j]
                    .iter()
                    .any(|&(ox, oy)| (ox - x).abs() <= 1 && (oy - y).abs() <= (3.0 * dpr) as i32)
            };
            let place = (0..k).filter(near).count() as f64;
            let alike = place + 1.0 + (k + 1..pixels.len()).filter(near).count() as f64;
            let step = (10.0 * dpr).min(f64::from(gap) / (alike + 1.0));
            let dx = ((place - (alike - 1.0) / 2.0) * step).round() as i32;
            marker(&plot, k, (x + dx, y), PALETTE[k % PALETTE.len()], dpr)?;
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
    Ok(labels)
}

const DAY: i64 = 86_400_000;

/// Each review's day and, when the day has several, its rank that day (1 for the first), for
/// reviews in order (wall-clock times: see [`Figure::Lines`]).
fn reviews_of_a_day(times: &[i64]) -> Vec<(Date, Option<usize>)> {
    let days: Vec<Date> = times.iter().map(|&t| Date::from_millis(t)).collect();
    days.iter().copied().zip(ranks_of_day(&days)).collect()
}
