//! The star of the seven indicators: one polygon per reading, each with its own marker shape.

use bilan_core::{Indicator, Lang};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use web_sys::HtmlCanvasElement;

use super::layout::*;
use super::*;

pub(super) fn star(
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
pub(super) fn marker(
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
