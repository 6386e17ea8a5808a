//! What the app and `kenpo diagnose` find when they check the way to the portal, step by step:
//! the name, the connection, TLS, HTTP, and the clock. Shared by the app's diagnostics screen,
//! its report and the helpdesk's command line, so that each names a failure the same way.

use serde::{Deserialize, Serialize};

/// One step of the way to the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// The portal's host name found in DNS.
    NameLookup,
    /// A TCP connection to its port.
    Connect,
    /// The TLS handshake (https only).
    Tls,
    /// An HTTP answer from `GET /api/time`.
    Http,
}

/// How a step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Passed,
    Failed,
    /// Not tried: an earlier step failed, or it does not apply (TLS to http://).
    Skipped,
}

/// One step with its outcome, how long it took, and a detail that names no secret (an address,
/// an HTTP status, the kind of TLS failure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub step: Step,
    pub outcome: Outcome,
    pub millis: u64,
    pub detail: String,
}

/// What the way to a portal looks like now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub portal: String,
    pub checks: Vec<Check>,
    /// The portal's clock minus this device's, in milliseconds, when the portal answered.
    pub clock_offset_ms: Option<i64>,
}

/// What a clock offset means for the codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockVerdict {
    /// Within 5 s: nothing to do.
    Fine,
    /// Within one 30-second step: codes still work, near the end of their time they may not.
    Drifting,
    /// A step or more: codes are refused; set the clock automatically.
    Wrong,
}

pub fn clock_verdict(offset_ms: i64) -> ClockVerdict {
    match offset_ms.unsigned_abs() {
        0..=5_000 => ClockVerdict::Fine,
        5_001..=29_999 => ClockVerdict::Drifting,
        _ => ClockVerdict::Wrong,
    }
}

impl Diagnosis {
    /// The first step that failed: where the way to the portal breaks.
    pub fn broken_at(&self) -> Option<&Check> {
        self.checks.iter().find(|check| check.outcome == Outcome::Failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_is_judged_by_how_far_it_is_from_a_step() {
        assert_eq!(clock_verdict(0), ClockVerdict::Fine);
        assert_eq!(clock_verdict(-5_000), ClockVerdict::Fine);
        assert_eq!(clock_verdict(12_000), ClockVerdict::Drifting);
        assert_eq!(clock_verdict(-90_000), ClockVerdict::Wrong);
        assert_eq!(clock_verdict(30_000), ClockVerdict::Wrong);
    }
}
