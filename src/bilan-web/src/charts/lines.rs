//! The progress lines: each indicator's score over the readings, dated.

use bilan_core::calendar::{month_ticks, tick_label};
use bilan_core::{Indicator, Lang};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::*;
use super::star::marker;
use super::*;

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
    let times = lines.iter().flat_map(|(_, p)| p.iter().map(|(t, _)| *t));
    let (first, last) = (times.clone().min().unwrap_or(0), times.max().unwrap_or(0));
    let pad = ((last - first) / 20).max(15 * 86_400_000);
    let (x0, x1) = ((first - pad) as f64, (last + pad) as f64);
    let mut chart = ChartBuilder::on(&plot)
        .margin((12.0 * dpr) as i32)
        .x_label_area_size((28.0 * dpr) as i32)
        .y_label_area_size((34.0 * dpr) as i32)
        .build_cartesian_2d(x0..x1, 0f64..100f64)?;
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
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()?;
    let ticks = month_ticks(x0 as i64, x1 as i64, if columns == 1 { 3 } else { 5 });
    let mut labels = Vec::with_capacity(ticks.len());
    for tick in ticks {
        let x = tick.millis() as f64;
        let (px, top) = chart.backend_coord(&(x, 100.0));
        let (_, bottom) = chart.backend_coord(&(x, 0.0));
        plot.draw(&PathElement::new(
            vec![(px, top), (px, bottom + (4.0 * dpr) as i32)],
            ShapeStyle::from(&GRID).stroke_width(dpr.round().max(1.0) as u32),
        ))?;
        let label = tick_label(tick, lang);
        plot.draw(&Text::new(
            label.clone(),
            (px, bottom + (8.0 * dpr) as i32),
            font(dpr, 12.0).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        labels.push(label);
    }
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
    Ok(labels)
}
