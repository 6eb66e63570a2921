//! Bar charts: categories down the page, one bar per series, a withheld value marked as such.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use super::layout::*;
use super::*;

pub(super) fn bars(
    canvas: &HtmlCanvasElement,
    root: &Area,
    b: &Bars,
    lang: Lang,
    dpr: f64,
) -> Result<(), Failure> {
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
        c.set_font(&css_font(&label));
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
                        decimal(v, b.decimals, lang),
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
