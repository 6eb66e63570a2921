//! Publishing snapshots under the release rule of `docs/privacy.md`: period and college tables on
//! the schedule (`--release-every`), a session's table every k participants while it is open and
//! once at its close. Reading a table never publishes one.

use std::str::FromStr;

use bilan_core::Survey;
use bilan_core::bucket::bucket_names;
use bilan_core::calendar::Date;
use bilan_core::disclosure::{
    NoiseKey, Policy, Release, Steps, Threshold, release, release_in_steps,
};
use bilan_core::share::Dimension;
use bilan_core::snapshot::{Scope, Shot, conflict, latest, plan, steps_left};

use crate::db::{Database, Stored, TableKey};
use crate::tally::Family;

/// What publishing needs: the database, the surveys (for their buckets), k and the key of the
/// perturbations.
#[derive(Debug, Clone, Copy)]
pub struct Publisher<'a> {
    pub db: &'a Database,
    pub surveys: &'a [Survey],
    pub threshold: Threshold,
    pub noise: &'a NoiseKey,
}

/// The table of `scope` in `family`.
pub fn table_of(family: &Family, scope: &Scope) -> TableKey {
    family.table(&match scope {
        Scope::Period => Dimension::None,
        Scope::College(c) => Dimension::College(c.clone()),
        Scope::Session(s) => Dimension::Session(s.clone()),
    })
}

/// The scope of a table's dimension.
pub fn scope_of(dimension: &Dimension) -> Scope {
    match dimension {
        Dimension::None => Scope::Period,
        Dimension::College(c) => Scope::College(c.clone()),
        Dimension::Session(s) => Scope::Session(s.clone()),
    }
}

/// Whether a table withholds its small cells (period and colleges) or shows them perturbed (a
/// session's own table, so that a room sees its answers).
pub fn policy_of(dimension: &Dimension) -> Policy {
    match dimension {
        Dimension::Session(_) => Policy::Perturb,
        Dimension::None | Dimension::College(_) => Policy::Withhold,
    }
}

/// How often period and college tables are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Hour,
    Day,
    Week,
    Month,
}

impl FromStr for Schedule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "hour" => Ok(Schedule::Hour),
            "day" => Ok(Schedule::Day),
            "week" => Ok(Schedule::Week),
            "month" => Ok(Schedule::Month),
            _ => Err(format!(
                "unknown schedule {s:?}: expected hour, day, week or month"
            )),
        }
    }
}

impl Schedule {
    /// The name, as given on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Schedule::Hour => "hour",
            Schedule::Day => "day",
            Schedule::Week => "week",
            Schedule::Month => "month",
        }
    }

    /// The last scheduled moment at or before `now` (UTC: the hour, midnight, Monday's midnight,
    /// the first of the month's midnight), in milliseconds.
    pub fn last_tick(self, now: i64) -> i64 {
        const HOUR: i64 = 3_600_000;
        const DAY: i64 = 24 * HOUR;
        match self {
            Schedule::Hour => now - now.rem_euclid(HOUR),
            Schedule::Day => now - now.rem_euclid(DAY),
            // 1970-01-01 was a Thursday: Mondays are 4 days after a multiple of 7 days.
            Schedule::Week => now - (now - 4 * DAY).rem_euclid(7 * DAY),
            Schedule::Month => {
                let d = Date::from_millis(now);
                Date {
                    year: d.year,
                    month: d.month,
                    day: 1,
                }
                .millis()
            }
        }
    }

    /// Whether a scheduled release is due at `now`, the last having run at `last`.
    pub fn due(self, last: Option<i64>, now: i64) -> bool {
        last.is_none_or(|last| last < self.last_tick(now))
    }
}

impl Publisher<'_> {
    /// Every snapshot a family published, as the rule reads them, and the latest serial of each
    /// table.
    async fn history(
        &self,
        family: &Family,
    ) -> Result<(Vec<Shot>, Vec<(Scope, i64)>), sqlx::Error> {
        let shots = self
            .db
            .history(family)
            .await?
            .iter()
            .filter_map(|s| serde_json::from_str::<Shot>(s).ok())
            .collect();
        let serials = self
            .db
            .snapshots(family)
            .await?
            .into_iter()
            .map(|s| (scope_of(&s.table.dimension), s.serial))
            .collect();
        Ok((shots, serials))
    }

    /// Computes and stores the snapshot `shot` (its table now, perturbed). A session's table adds
    /// each step's newcomers to what its step before showed ([`release_in_steps`]); a session
    /// whose step before was published without what it carries starts afresh.
    async fn store(&self, family: &Family, shot: &Shot, serial: i64) -> Result<bool, sqlx::Error> {
        let key = table_of(family, &shot.scope);
        let dimension = key.dimension.clone();
        let survey = self
            .surveys
            .iter()
            .find(|s| s.id == family.survey && s.version == family.version);
        let buckets = |q: &str| survey.and_then(|s| bucket_names(s, q));
        let table = self.db.table(&key).await?;
        let (released, steps) = match policy_of(&dimension) {
            Policy::Perturb => {
                let before: Option<Steps> = self
                    .db
                    .snapshot(&key)
                    .await?
                    .and_then(|s| serde_json::from_str(&s.steps).ok());
                let (released, steps) = release_in_steps(
                    &table,
                    before.as_ref(),
                    self.threshold,
                    self.noise,
                    &buckets,
                );
                (released, serde_json::to_string(&steps).unwrap_or_default())
            }
            policy => (
                release(&table, self.threshold, policy, self.noise, &buckets),
                String::new(),
            ),
        };
        let stored = Stored {
            table: key,
            serial,
            published_at: shot.at,
            people: table.people,
            shot: serde_json::to_string(shot).unwrap_or_default(),
            body: serde_json::to_string(&released).unwrap_or_default(),
            steps,
        };
        self.db.publish(&stored).await
    }

    /// The scheduled release: for every family, the tables the rule lets move now (closed
    /// sessions' last snapshots first, then the period, then its colleges). Returns the tables
    /// published.
    pub async fn scheduled(&self, now: i64) -> Result<Vec<TableKey>, sqlx::Error> {
        let closing = self.db.closing_sessions().await?;
        let mut published = Vec::new();
        for family in self.db.families().await? {
            let composition = self.db.composition(&family).await?;
            let (shots, serials) = self.history(&family).await?;
            let closing: Vec<Scope> = closing
                .iter()
                .filter(|code| composition.people(&Scope::Session((*code).clone())) > 0)
                .map(|code| Scope::Session(code.clone()))
                .collect();
            for shot in plan(&composition, now, &shots, &closing, self.threshold) {
                let serial = next_serial(&serials, &shot.scope);
                if self.store(&family, &shot, serial).await? {
                    if let Scope::Session(code) = &shot.scope {
                        self.db.set_final(code, now).await?;
                    }
                    published.push(table_of(&family, &shot.scope));
                }
            }
        }
        self.db.set_last_release(now).await?;
        Ok(published)
    }

    /// Publishes session `code`'s table in `family` if the rule allows it now: while it is open
    /// once k more people arrived, and once at its close (`last`). Returns whether it did.
    pub async fn session(
        &self,
        family: &Family,
        code: &str,
        last: bool,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        let composition = self.db.composition(family).await?;
        let scope = Scope::Session(code.to_owned());
        let (shots, serials) = self.history(family).await?;
        let shot = Shot::taken(scope.clone(), now, &composition);
        let unchanged =
            latest(&shots, &scope).is_some_and(|p| p.people() == shot.people() && shot.within(p));
        if shot.people() < self.threshold.get() || (!last && !steps_left(&shots, &scope)) {
            return Ok(false);
        }
        if !unchanged && conflict(&shot, &shots, self.threshold, last).is_some() {
            return Ok(false);
        }
        let stored = unchanged
            || self
                .store(family, &shot, next_serial(&serials, &scope))
                .await?;
        if stored && last {
            self.db.set_final(code, now).await?;
        }
        Ok(stored)
    }
}

fn next_serial(serials: &[(Scope, i64)], scope: &Scope) -> i64 {
    serials
        .iter()
        .find(|(s, _)| s == scope)
        .map_or(1, |(_, serial)| serial + 1)
}

/// A published table as served: its release, or an empty one while nothing was published.
pub fn served(stored: Option<&Stored>, k: Threshold, dimension: &Dimension) -> Release {
    stored
        .and_then(|s| serde_json::from_str(&s.body).ok())
        .unwrap_or_else(|| Release::empty(k, policy_of(dimension)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_tick_at_the_start_of_their_period() {
        let at = |y, m, d| {
            Date {
                year: y,
                month: m,
                day: d,
            }
            .millis()
        };
        let now = at(2026, 12, 17) + 5 * 3_600_000 + 7;
        assert_eq!(Schedule::Month.last_tick(now), at(2026, 12, 1));
        assert_eq!(Schedule::Day.last_tick(now), at(2026, 12, 17));
        assert_eq!(
            Schedule::Hour.last_tick(now),
            at(2026, 12, 17) + 5 * 3_600_000
        );
        // 17 December 2026 is a Thursday: its week began on Monday the 14th.
        assert_eq!(Schedule::Week.last_tick(now), at(2026, 12, 14));
        assert!(Schedule::Month.due(None, now));
        assert!(!Schedule::Month.due(Some(at(2026, 12, 1)), now));
        assert!(Schedule::Month.due(Some(at(2026, 11, 30)), now));
        assert_eq!("week".parse::<Schedule>(), Ok(Schedule::Week));
        assert!(
            "yearly"
                .parse::<Schedule>()
                .unwrap_err()
                .contains("hour, day, week or month")
        );
    }
}
