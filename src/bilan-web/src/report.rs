//! The annual report's use case: everything the board's token opens for one year, read at once,
//! from released tables only: the yearly figures, each holders' survey, the collective sessions.

use bilan_core::Survey;
use bilan_core::bucket::{Bucket, CellKey, ScoreBand, Step};
use bilan_core::disclosure::Release;
use bilan_core::share::Period;
use bilan_core::survey::Audience;
use bilan_core::wire::{Health, YearFigures};

use crate::api::{ApiFailure, get};
use crate::board::{Published, overview, published};

/// One year's report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub year: i32,
    /// The years with a published table, the latest first.
    pub years: Vec<i32>,
    /// The Pôle's name, as the server is told it (empty when it was not).
    pub name: String,
    pub demo: bool,
    pub figures: Vec<YearFigures>,
    /// The survey naming the yearly figures.
    pub annual: Option<Survey>,
    /// The holders' surveys with a table this year.
    pub holders: Vec<Published>,
    /// The year it is compared with, and that year's tables of the same surveys.
    pub compared: Option<(i32, Vec<Published>)>,
    /// The collective sessions' survey's tables this year.
    pub sessions: Option<Published>,
    pub threshold: u64,
    pub noise: u64,
    /// How often the server publishes its tables (`Health::release_every`).
    pub release_every: String,
}

impl Report {
    /// When the latest of its tables was frozen.
    pub fn frozen(&self) -> Option<i64> {
        self.holders
            .iter()
            .chain(&self.sessions)
            .filter_map(|p| p.published_at)
            .max()
    }
}

/// The year a period falls in.
fn year_of(period: Period) -> i32 {
    match period {
        Period::Year(y) | Period::Quarter(y, _) => y,
    }
}

/// Reads the report of `year` (the latest with tables when `None`), compared with `compare`'s
/// tables of the same holders' surveys if given.
pub async fn report(
    token: &str,
    year: Option<i32>,
    compare: Option<i32>,
) -> Result<Report, ApiFailure> {
    let (overview, health) = futures::try_join!(overview(token), get::<Health>("/health", None),)?;
    let mut years: Vec<i32> = overview.tables.iter().map(|k| year_of(k.period)).collect();
    bilan_core::order::sort_by(&mut years, |a, b| b.cmp(a));
    years.dedup();
    let year = year
        .or_else(|| years.first().copied())
        .unwrap_or_else(|| crate::clock::today().year);
    let period = year.to_string();
    let with_table = |audience: Audience| -> Vec<String> {
        overview
            .index
            .iter()
            .filter(|l| l.audience == audience)
            .filter(|l| {
                overview
                    .tables
                    .iter()
                    .any(|k| k.survey == l.id && k.period.to_string() == period)
            })
            .map(|l| l.id.clone())
            .collect()
    };
    let holders = with_table(Audience::Journey);
    let session = with_table(Audience::Session).into_iter().next();
    let keys = &overview.tables;
    let compare = compare.filter(|c| *c != year && years.contains(c));
    let other = compare.map(|c| c.to_string()).unwrap_or_default();
    let (holders, compared, sessions) = futures::try_join!(
        futures::future::try_join_all(holders.iter().map(|id| published(token, id, &period, keys))),
        futures::future::try_join_all(
            holders
                .iter()
                .filter(|_| compare.is_some())
                .map(|id| published(token, id, &other, keys))
        ),
        async {
            match &session {
                Some(id) => published(token, id, &period, keys).await,
                None => Ok(None),
            }
        },
    )?;
    Ok(Report {
        year,
        years,
        name: health.name,
        demo: health.demo,
        figures: overview.figures,
        annual: overview.annual,
        holders: holders.into_iter().flatten().collect(),
        compared: compare.map(|c| (c, compared.into_iter().flatten().collect())),
        sessions,
        threshold: health.threshold,
        noise: health.noise,
        release_every: health.release_every,
    })
}

/// How many of a cohort moved one way on an indicator, as its released cells let it be said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// In percent of everyone counted: every cell of the indicator is published.
    Share(u64),
    /// How many: another way has cells withheld, which a share would silently leave out.
    Count(u64),
    /// At least this many: some of its cells are withheld.
    AtLeast(u64),
    /// Fewer than this many: all its cells are withheld, each fewer than k.
    FewerThan(u64),
}

/// How a cohort moved on an indicator since their first reading: up, steady and down. Shares
/// only when no cell is withheld (« 100 % en progrès » over the published cells alone would
/// hide the withheld falls); otherwise counts and bounds. `None` when nothing was released.
pub fn moved(release: &Release, key: &CellKey) -> Option<[Part; 3]> {
    let name = key.to_string();
    let q = release.questions.iter().find(|q| q.question == name)?;
    // Each way's published sum, and how many of its cells are withheld (a cell missing from a
    // partial question; from a complete one, a real zero).
    let way = |steps: &[Step]| -> (u64, u64) {
        steps.iter().fold((0, 0), |(sum, withheld), s| {
            let bucket = Bucket::Progress(*s);
            match q.cells.iter().find(|c| c.bucket == bucket.as_str()) {
                Some(c) => (sum + c.count, withheld),
                None if q.partial => (sum, withheld + 1),
                None => (sum, withheld),
            }
        })
    };
    let ways = [
        way(&[Step::Up, Step::UpMuch]),
        way(&[Step::Same]),
        way(&[Step::Down, Step::DownMuch]),
    ];
    let total: u64 = ways.iter().map(|(sum, _)| sum).sum();
    if total == 0 {
        return None;
    }
    let complete = ways.iter().all(|&(_, withheld)| withheld == 0);
    let below = release.threshold.max(1) - 1;
    Some(ways.map(|(sum, withheld)| match (withheld, sum) {
        _ if complete => Part::Share((sum * 100 + total / 2) / total),
        (0, _) => Part::Count(sum),
        (_, 0) => Part::FewerThan(withheld * below + 1),
        _ => Part::AtLeast(sum),
    }))
}

/// The median score of `key`'s released bands (`score:` or `start:`), as the middle of the band
/// it falls in (0–20 → 10); `None` when nothing was released, or when the bands withheld (each
/// fewer than k people) could move it: a median is published only where no withheld count, below
/// it or above it, would put it in another band.
pub fn median_band(release: &Release, key: &CellKey) -> Option<f64> {
    let name = key.to_string();
    let q = release.questions.iter().find(|q| q.question == name)?;
    // A band missing from a partial question is withheld; from a complete one, a real zero.
    let released: Vec<Option<u64>> = ScoreBand::ALL
        .iter()
        .map(|band| {
            q.cells
                .iter()
                .find(|c| c.bucket == Bucket::Score(*band).as_str())
                .map(|c| c.count)
                .or((!q.partial).then_some(0))
        })
        .collect();
    let median = |counts: &[u64]| -> Option<usize> {
        let total: u64 = counts.iter().sum();
        let mut seen = 0;
        counts.iter().position(|n| {
            seen += n;
            total > 0 && 2 * seen >= total
        })
    };
    let filled = |most_below: u64, most_above: u64, at: usize| -> Vec<u64> {
        released
            .iter()
            .enumerate()
            .map(|(i, c)| {
                c.unwrap_or(if i < at {
                    most_below
                } else if i > at {
                    most_above
                } else {
                    0
                })
            })
            .collect()
    };
    let at = median(&filled(0, 0, 0))?;
    let most = release.threshold.saturating_sub(1);
    let steady =
        median(&filled(most, 0, at)) == Some(at) && median(&filled(0, most, at)) == Some(at);
    steady.then_some(at as f64 * 20.0 + 10.0)
}

/// The change of one yearly figure from its first to its last reported year: (first year,
/// value, last year, value, change in percent).
pub fn change(figures: &[YearFigures], id: &str) -> Option<(i32, u64, i32, u64, i64)> {
    let known: Vec<(i32, u64)> = figures
        .iter()
        .filter_map(|y| y.figures.get(id).map(|v| (y.year, *v)))
        .collect();
    let (&(from, a), &(to, b)) = (known.first()?, known.last()?);
    if from == to || a == 0 {
        return None;
    }
    let pct = ((b as f64 - a as f64) / a as f64 * 100.0).round() as i64;
    Some((from, a, to, b, pct))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn a_figure_changes_from_its_first_to_its_last_year() {
        let year = |year: i32, n: u64| YearFigures {
            year,
            figures: BTreeMap::from([("personnes-accueillies".to_owned(), n)]),
        };
        let figures = [year(2003, 267), year(2010, 404)];
        assert_eq!(
            change(&figures, "personnes-accueillies"),
            Some((2003, 267, 2010, 404, 51))
        );
        assert_eq!(change(&figures, "emplois-crees"), None);
        assert_eq!(change(&figures[..1], "personnes-accueillies"), None);
    }

    #[wasm_bindgen_test]
    fn the_median_band_is_where_half_the_cohort_is_reached() {
        use bilan_core::disclosure::{Policy, ReleasedCell, ReleasedQuestion};
        let key = CellKey::Start(bilan_core::Indicator::Appropriation);
        let mut release = Release::empty(
            bilan_core::disclosure::Threshold::default(),
            Policy::Withhold,
        );
        release.questions.push(ReleasedQuestion {
            question: key.to_string(),
            total: 30,
            partial: false,
            cells: [("0-20", 10), ("20-40", 6), ("40-60", 14)]
                .map(|(bucket, count)| ReleasedCell {
                    bucket: bucket.into(),
                    count,
                })
                .into(),
        });
        assert_eq!(median_band(&release, &key), Some(30.0));
        let score = CellKey::Score(bilan_core::Indicator::Appropriation);
        assert_eq!(median_band(&release, &score), None);
        // Withheld bands (fewer than k each) that could move the median: not published.
        let partial = |cells: &[(&str, u64)]| {
            let mut r = release.clone();
            r.questions[0].partial = true;
            r.questions[0].total = cells.iter().map(|(_, n)| n).sum();
            r.questions[0].cells = cells
                .iter()
                .map(|(bucket, count)| ReleasedCell {
                    bucket: (*bucket).into(),
                    count: *count,
                })
                .collect();
            r
        };
        let fragile = partial(&[("20-40", 5), ("40-60", 3), ("60-80", 5)]);
        assert_eq!(median_band(&fragile, &key), None, "0–20 could hold 4 more");
        // Where they could not, it is.
        let steady = partial(&[("20-40", 5), ("40-60", 30), ("60-80", 5)]);
        assert_eq!(median_band(&steady, &key), Some(50.0));
    }

    #[wasm_bindgen_test]
    fn a_withheld_fall_is_not_published_never_zero() {
        use bilan_core::disclosure::{Policy, ReleasedCell, ReleasedQuestion};
        let key = CellKey::Progress(bilan_core::Indicator::Appropriation);
        let cell = |bucket: &str, count| ReleasedCell {
            bucket: bucket.into(),
            count,
        };
        let mut release = Release::empty(
            bilan_core::disclosure::Threshold::default(),
            Policy::Withhold,
        );
        release.questions.push(ReleasedQuestion {
            question: key.to_string(),
            total: 60,
            partial: true,
            cells: vec![cell("same", 12), cell("up-5", 24), cell("up-20", 24)],
        });
        // Both falls withheld (each fewer than 5): no share, which would read « 80 % en
        // progrès » of a whole that leaves them out; counts, and a bound for the falls.
        assert_eq!(
            moved(&release, &key),
            Some([Part::Count(48), Part::Count(12), Part::FewerThan(9)])
        );
        // One of the two rises withheld: at least the other.
        release.questions[0].cells.remove(1);
        assert_eq!(
            moved(&release, &key),
            Some([Part::AtLeast(24), Part::Count(12), Part::FewerThan(9)])
        );
        // Nothing withheld: the falls are a real zero, and every way a share.
        release.questions[0].partial = false;
        assert_eq!(
            moved(&release, &key),
            Some([Part::Share(67), Part::Share(33), Part::Share(0)])
        );
    }
}
