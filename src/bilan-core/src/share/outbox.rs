//! The device's outbox policy: what waits to be sent, how an older app's entries are read, and
//! how long to wait after a failed send.

use serde::{Deserialize, Deserializer, Serialize};

use crate::share::cells::one;
use crate::share::{Cell, Contribution, Dimension, Period, is_contribution_id};

/// A contribution waiting in the device's outbox until the server acknowledges it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The outbox's key: the contribution's id when it was queued.
    pub id: String,
    /// What is sent; one queued by an older app is read in today's form ([`upgraded`]).
    #[serde(deserialize_with = "upgraded")]
    pub contribution: Contribution,
    pub queued_at: i64,
    /// How many sends failed so far.
    pub attempts: u32,
    /// Not before this time (milliseconds since the epoch).
    pub next_at: i64,
    /// Why the last send failed, in words.
    pub error: Option<String>,
    /// The server refused it (a 4xx): kept with its reason, not retried until the person asks.
    pub refused: bool,
    /// The holder's reading it comes from, never sent: deleting that reading before it leaves
    /// withdraws it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// The day a session's totals were held (`YYYY-MM-DD`), sent beside them: the board lists
    /// the session on it, however late they leave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<String>,
}

/// A contribution as an older app queued it: with a `dimension` (it sent one copy per table),
/// and an id in any form.
#[derive(Deserialize)]
struct Queued {
    id: String,
    survey: String,
    version: u32,
    period: Period,
    #[serde(default)]
    session: Option<String>,
    #[serde(default)]
    dimension: Option<String>,
    #[serde(default = "one")]
    participants: u32,
    cells: Vec<Cell>,
}

/// Reads a queued contribution in today's form. An older app's copy for a session's table keeps
/// the session (the server now counts it in the college's and period's tables too); its copies
/// for a college or the period of a session's totals, now redundant, become groups the server
/// refuses by name rather than counting twice; its id takes the 32-digit form (a UUID without
/// its dashes, as the server does for the ids it kept).
fn upgraded<'de, D: Deserializer<'de>>(d: D) -> Result<Contribution, D::Error> {
    let q = Queued::deserialize(d)?;
    let plain: String =
        q.id.chars()
            .filter(|c| *c != '-')
            .collect::<String>()
            .to_ascii_lowercase();
    let id = if is_contribution_id(&plain) {
        plain
    } else {
        q.id
    };
    let session = q.session.or_else(|| match q.dimension?.parse() {
        Ok(Dimension::Session(code)) => Some(code),
        _ => None,
    });
    let redundant = q.participants > 1 && session.is_none();
    Ok(Contribution {
        id,
        survey: q.survey,
        version: q.version,
        period: q.period,
        // A session's totals go to its own route, which refuses a code that is not one.
        session: if redundant {
            Some("superseded".into())
        } else {
            session
        },
        participants: q.participants,
        cells: q.cells,
    })
}

impl Outgoing {
    /// A contribution queued at `now`, to send at once.
    pub fn new(contribution: Contribution, now: i64) -> Self {
        Outgoing {
            id: contribution.id.clone(),
            contribution,
            queued_at: now,
            attempts: 0,
            next_at: now,
            error: None,
            refused: false,
            reading: None,
            day: None,
        }
    }

    /// The same, from a session held on `day`.
    pub fn held_on(self, day: &str) -> Self {
        Outgoing {
            day: Some(day.to_owned()),
            ..self
        }
    }

    /// The same, from the holder's reading `id`.
    pub fn of_reading(self, id: &str) -> Self {
        Outgoing {
            reading: Some(id.to_owned()),
            ..self
        }
    }

    /// Records a failed send at `now` (`jitter` in 0..1): the next try waits longer each time.
    pub fn failed(&mut self, now: i64, error: String, jitter: f64) {
        self.attempts = self.attempts.saturating_add(1);
        self.next_at = now + backoff(self.attempts, jitter);
        self.error = Some(error);
    }
}

/// Milliseconds to wait after the `attempts`-th failure: 2 s doubling up to 5 min, times a jitter
/// factor between 0.5 and 1.5 (from `jitter` in 0..1) so that devices do not retry in step.
/// There is no maximum number of tries.
pub fn backoff(attempts: u32, jitter: f64) -> i64 {
    let base = 2_000f64 * 2f64.powi(attempts.saturating_sub(1).min(20) as i32);
    (base.min(300_000.0) * (0.5 + jitter.clamp(0.0, 1.0))) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::{contribution_id, is_session_code};

    #[test]
    fn an_older_apps_outbox_is_read_in_todays_form() {
        let read = |contribution: &str| {
            let entry = format!(
                r#"{{"id":"k","contribution":{contribution},"queued_at":1,"attempts":0,"next_at":1,"error":null,"refused":false}}"#
            );
            serde_json::from_str::<Outgoing>(&entry)
                .unwrap()
                .contribution
        };
        let reading = read(
            r#"{"id":"6F1C2A9E-4B1D-4C55-9A3E-2F0B1C7D9E10","survey":"s","version":1,"period":"2026","cells":[{"question":"q","bucket":"1"}]}"#,
        );
        assert_eq!(reading.id, "6f1c2a9e4b1d4c559a3e2f0b1c7d9e10");
        assert_eq!(reading.session, None);
        let session = read(
            r#"{"id":"a","survey":"s","version":1,"period":"2026","dimension":"session:ABC234XYZ","participants":3,"cells":[]}"#,
        );
        assert_eq!(session.session.as_deref(), Some("ABC234XYZ"));
        let college = read(
            r#"{"id":"b","survey":"s","version":1,"period":"2026","dimension":"college:x","participants":3,"cells":[]}"#,
        );
        assert!(
            !is_session_code(college.session.as_deref().unwrap()),
            "refused by name, never counted twice"
        );
        // Today's entries read as they were written.
        let today = Outgoing::new(
            Contribution {
                id: contribution_id([3; 16]),
                survey: "s".into(),
                version: 1,
                period: Period::Year(2026),
                session: Some("ABC234XYZ".into()),
                participants: 2,
                cells: vec![],
            },
            5,
        );
        let text = serde_json::to_string(&today).unwrap();
        assert_eq!(serde_json::from_str::<Outgoing>(&text).unwrap(), today);
    }

    #[test]
    fn retries_back_off_with_jitter_and_never_stop() {
        assert_eq!(backoff(1, 0.5), 2_000);
        assert_eq!(backoff(2, 0.5), 4_000);
        assert_eq!(backoff(9, 0.5), 300_000, "capped at five minutes");
        assert_eq!(backoff(1_000, 0.0), 150_000);
        assert_eq!(backoff(3, 1.0), 12_000);
        let c = Contribution {
            id: contribution_id([7; 16]),
            survey: "s".into(),
            version: 1,
            period: Period::Year(2026),
            session: None,
            participants: 1,
            cells: vec![],
        };
        let mut o = Outgoing::new(c, 100);
        for _ in 0..50 {
            o.failed(100, "serveur injoignable".into(), 0.5);
        }
        assert_eq!((o.attempts, o.next_at, o.refused), (50, 300_100, false));
    }
}
