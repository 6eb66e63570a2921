//! The star of the indicators a reading scored: one polygon per reading, each with its own
//! marker shape. Below three scored indicators there is no polygon to draw: see [`super::draw`].

use bilan_core::{Indicator, Lang};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use web_sys::HtmlCanvasElement;

use super::layout::*;
use super::*;

/// The indicators at least one series scored, in [`Indicator::ALL`] order: the star's axes.
pub(super) fn scored(series: &[StarSeries]) -> Vec<usize> {
    (0..Indicator::ALL.len())
        .filter(|&k| series.iter().any(|s| s.values[k].is_some()))
        .collect()
}

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
    let axes = scored(series);
    let n = axes.len().max(1);
    let names: Vec<Vec<String>> = axes
        .iter()
        .enumerate()
        .map(|(k, &i)| match narrow {
            true => vec![(k + 1).to_string()],
            false => wrap(Indicator::ALL[i].label(lang))
                .into_iter()
                .map(str::to_owned)
                .collect(),
        })
        .collect();
    let key = key_of_axes(w / dpr, n) * dpr;
    let legend = legend_height(series.len()) * dpr + key;
    let label = font(dpr, 13.0);
    let line_height = 16.0 * dpr;
    let angle_of =
        |axis: usize| -std::f64::consts::FRAC_PI_2 + axis as f64 * std::f64::consts::TAU / n as f64;
    // The largest radius at which every axis's name still fits beside, above or below its end.
    let (half_w, room_h) = (w / 2.0, h - legend);
    let gap = 10.0 * dpr;
    // A name sits beside its axis's end when the axis is near horizontal, else centred above or
    // below it (a long single word beside a triangle's lower corner would shrink the star).
    let beside = |axis: usize| sin(angle_of(axis)).abs() < 0.45;
    let mut radius = half_w - gap;
    // Each name's block, as the sine of its axis and how far it reaches from the axis's end.
    let mut blocks = Vec::with_capacity(n);
    for (axis, lines) in names.iter().enumerate() {
        let (cos, sin) = (cos(angle_of(axis)), sin(angle_of(axis)));
        let width = lines
            .iter()
            .map(|line| text_width(canvas, &label, line))
            .fold(0.0, f64::max);
        let height = line_height * lines.len() as f64;
        let room_x = if beside(axis) {
            half_w - gap - width
        } else {
            half_w - gap - width / 2.0
        };
        if cos.abs() > 0.01 {
            radius = radius.min(room_x / (1.08 * cos.abs()));
        }
        blocks.push(match (beside(axis), sin < 0.0) {
            (true, _) => (sin, height / 2.0, height / 2.0),
            (false, true) => (sin, height, 0.0),
            (false, false) => (sin, 0.0, height),
        });
    }
    // How far the star and its names reach above and below its centre at radius `r`. They need
    // not be centred on it: a triangle points up, and its lower half-radius would stay empty.
    let reach = |r: f64| {
        blocks
            .iter()
            .fold((r, 0.0_f64), |(up, down), &(sin, above, below)| {
                let end = 1.08 * r * sin;
                (up.max(above - end), down.max(end + below))
            })
    };
    let fits = |r: f64| {
        let (up, down) = reach(r);
        up + down + 2.0 * gap <= room_h
    };
    // The reach grows with the radius: the largest that fits, halving the doubt.
    let (mut low, mut high) = (20.0 * dpr, radius.max(20.0 * dpr));
    if fits(high) {
        low = high;
    }
    for _ in 0..40 {
        if high - low < 0.5 {
            break;
        }
        let mid = (low + high) / 2.0;
        if fits(mid) {
            low = mid;
        } else {
            high = mid;
        }
    }
    let radius = low;
    let (up, down) = reach(radius);
    // The star and its names in the middle of the room left by the legend.
    let (cx, cy) = (w / 2.0, up + (room_h - up - down) / 2.0);
    let at = |angle: f64, value: f64| -> (i32, i32) {
        let r = radius * value.clamp(0.0, 110.0) / 100.0;
        (
            (cx + r * cos(angle)).round() as i32,
            (cy + r * sin(angle)).round() as i32,
        )
    };
    let point = |axis: usize, value: f64| at(angle_of(axis), value);
    let thin = ShapeStyle::from(&GRID).stroke_width(dpr.round() as u32);
    // The scale between the first axis and the last, where no reading's marker sits: each
    // value on its own ring, where the ring's side crosses that line (a triangle's side is at
    // half its radius there); every other value, or only 20 and 100, when they would crowd.
    let between = angle_of(0) - std::f64::consts::PI / n as f64;
    let side = cos(std::f64::consts::PI / n as f64);
    // Two values overlap when they are closer than a value's height and width both.
    let crowded = |stride: u8| {
        let step = radius * side * 0.2 * f64::from(stride);
        step * sin(between).abs() < 18.0 * dpr && step * cos(between).abs() < 28.0 * dpr
    };
    let stride = [1_u8, 2].into_iter().find(|&s| !crowded(s)).unwrap_or(4);
    let scale = font(dpr, 12.0)
        .color(&RGBColor(75, 85, 99))
        .pos(Pos::new(HPos::Center, VPos::Center));
    for ring in [20.0, 40.0, 60.0, 80.0, 100.0] {
        let mut ring_points: Vec<_> = (0..n).map(|a| point(a, ring)).collect();
        ring_points.push(ring_points[0]);
        root.draw(&PathElement::new(ring_points, thin))?;
    }
    for ring in [20_u8, 40, 60, 80, 100] {
        if (ring / 20 - 1) % stride != 0 {
            continue;
        }
        let text = ring.to_string();
        let (x, y) = at(between, f64::from(ring) * side);
        let half_w = (text_width(canvas, &scale, &text) / 2.0 + 2.0 * dpr) as i32;
        let half_h = (8.0 * dpr) as i32;
        root.draw(&Rectangle::new(
            [(x - half_w, y - half_h), (x + half_w, y + half_h)],
            WHITE.filled(),
        ))?;
        root.draw(&Text::new(text, (x, y), scale.clone()))?;
    }
    for (axis, &indicator) in axes.iter().enumerate() {
        let indicator = Indicator::ALL[indicator];
        if narrow {
            let y = (h - key + (10.0 + 18.0 * axis as f64 + 9.0) * dpr) as i32;
            root.draw(&Text::new(
                format!("{}  {}", axis + 1, indicator.label(lang)),
                ((16.0 * dpr) as i32, y),
                font(dpr, 13.0).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        root.draw(&PathElement::new(
            vec![point(axis, 0.0), point(axis, 100.0)],
            thin,
        ))?;
        let (x, y) = point(axis, 108.0);
        let (cos, sin) = (cos(angle_of(axis)), sin(angle_of(axis)));
        let h_pos = match (beside(axis), cos) {
            (true, c) if c < 0.0 => HPos::Right,
            (true, _) => HPos::Left,
            (false, _) => HPos::Center,
        };
        let lines = &names[axis];
        let block = line_height * lines.len() as f64;
        // Above the upper ends, below the lower ones, centred beside the sides.
        let top = if beside(axis) {
            f64::from(y) - block / 2.0
        } else if sin < 0.0 {
            f64::from(y) - block
        } else {
            f64::from(y)
        };
        for (k, line) in lines.iter().enumerate() {
            let y = (top + (k as f64 + 0.5) * line_height).round() as i32;
            root.draw(&Text::new(
                line.to_string(),
                (x, y),
                label.clone().pos(Pos::new(h_pos, VPos::Center)),
            ))?;
        }
    }
    let outline = |k: usize| -> Vec<(i32, i32)> {
        axes.iter()
            .enumerate()
            .filter_map(|(axis, &i)| series[k].values[i].map(|v| point(axis, v)))
            .collect()
    };
    let stroke_of = |k: usize| {
        ShapeStyle::from(&PALETTE[k % PALETTE.len()]).stroke_width((2.0 * dpr).round() as u32)
    };
    // Every area first, then the outlines, the dashed one (the first series) last: where two
    // views say the same, its dashes let the other's line show through, so neither hides.
    for k in 0..series.len() {
        let points = outline(k);
        if points.len() > 2 {
            let colour = PALETTE[k % PALETTE.len()];
            root.draw(&Polygon::new(points, colour.mix(0.12).filled()))?;
        }
    }
    for k in (1..series.len()).chain(0..series.len().min(1)) {
        let colour = PALETTE[k % PALETTE.len()];
        let points = outline(k);
        let mut closed = points.clone();
        if let Some(first) = points.first() {
            closed.push(*first);
        }
        let stroke = stroke_of(k);
        if series.len() > 1 && k == 0 {
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
    }
    // The key, one line per series, when there are several.
    for (k, s) in series.iter().enumerate().filter(|_| series.len() > 1) {
        let colour = PALETTE[k % PALETTE.len()];
        let stroke = stroke_of(k);
        let dashed = k == 0;
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
        // A reading's name is long (« 4 décembre 2026, 1er bilan ») and tells two readings
        // apart by its end: on a narrow phone it is set smaller rather than cut.
        let text_x = x1 + (10.0 * dpr) as i32;
        let room = w - f64::from(text_x) - 4.0 * dpr;
        let mut size = 13.0;
        while size > 9.0 && text_width(canvas, &font(dpr, size), &s.label) > room {
            size -= 0.5;
        }
        root.draw(&Text::new(
            s.label.clone(),
            (text_x, y),
            font(dpr, size).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
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

/// The sine by the browser's `Math`: Rust's would bring its argument reduction, for any angle
/// however large, and its tables into every chunk with a star (5 KiB of gzip).
fn sin(angle: f64) -> f64 {
    js_sys::Math::sin(angle)
}

/// The cosine by the browser's `Math` (see [`sin`]).
fn cos(angle: f64) -> f64 {
    js_sys::Math::cos(angle)
}
