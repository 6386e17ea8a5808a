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

/// What a diagnosis means, in English and Japanese, with what to do: where the way breaks, and
/// the clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub en: String,
    pub ja: String,
}

pub fn findings(diagnosis: &Diagnosis) -> Vec<Finding> {
    let mut findings = Vec::new();
    let finding = |en: String, ja: String| Finding { en, ja };
    if let Some(broken) = diagnosis.broken_at() {
        findings.push(match broken.step {
            Step::NameLookup => finding(
                format!("The portal's name is not found ({}): check the address and that the device is online.", broken.detail),
                format!("ポータルの名前が見つかりません（{}）。アドレスと、端末がインターネットにつながっているかを確認してください。", broken.detail),
            ),
            Step::Connect => finding(
                format!("The portal does not answer at its address ({}): it is down, or a network blocks it.", broken.detail),
                format!("ポータルのアドレスから応答がありません（{}）。停止中か、ネットワークで遮断されています。", broken.detail),
            ),
            Step::Tls => finding(
                format!("The secure connection fails ({}): the device's date, a proxy, or the portal's certificate.", broken.detail),
                format!("安全な接続ができません（{}）。端末の日付、プロキシ、またはポータルの証明書の問題です。", broken.detail),
            ),
            Step::Http if broken.detail.ends_with("maintenance") => finding(
                "The portal is under maintenance: try again after the time it ends.".into(),
                "ポータルはメンテナンス中です。終了予定の時刻を過ぎてから、もう一度お試しください。".into(),
            ),
            Step::Http => finding(
                format!("The portal answers, but not as it should ({}): tell the society.", broken.detail),
                format!("ポータルは応答していますが、正しく動いていません（{}）。健康保険組合にお知らせください。", broken.detail),
            ),
        });
    }
    if let Some(offset) = diagnosis.clock_offset_ms {
        let seconds = offset.unsigned_abs() as f64 / 1000.0;
        let (ahead_en, ahead_ja) = if offset > 0 { ("slow", "遅れて") } else { ("fast", "進んで") };
        findings.push(match clock_verdict(offset) {
            ClockVerdict::Fine => finding("The clock is right.".into(), "時計は正確です。".into()),
            ClockVerdict::Drifting => finding(
                format!("This device's clock is {seconds:.1} s {ahead_en}: codes still work; set the time automatically."),
                format!("この端末の時計が{seconds:.1}秒{ahead_ja}います。コードは使えますが、時刻の自動設定をおすすめします。"),
            ),
            ClockVerdict::Wrong => finding(
                format!("This device's clock is {seconds:.1} s {ahead_en}: codes are refused. Turn on automatic date and time."),
                format!("この端末の時計が{seconds:.1}秒{ahead_ja}います。コードが受け付けられません。「日付と時刻を自動設定」をオンにしてください。"),
            ),
        });
    }
    findings
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

    #[test]
    fn a_diagnosis_is_told_where_it_breaks_and_how_the_clock_is() {
        let check = |step, outcome, detail: &str| Check { step, outcome, millis: 1, detail: detail.into() };
        let skewed = Diagnosis {
            portal: "http://127.0.0.1:8787/".into(),
            checks: vec![
                check(Step::NameLookup, Outcome::Passed, "127.0.0.1"),
                check(Step::Connect, Outcome::Passed, "127.0.0.1:8787"),
                check(Step::Tls, Outcome::Skipped, "http"),
                check(Step::Http, Outcome::Passed, "GET /api/time"),
            ],
            clock_offset_ms: Some(90_200),
        };
        let told = findings(&skewed);
        assert_eq!(told.len(), 1);
        assert!(told[0].en.contains("90.2 s slow") && told[0].en.contains("refused"), "{told:?}");
        assert!(told[0].ja.contains("90.2秒遅れて"), "{told:?}");
        let broken = Diagnosis {
            checks: vec![check(Step::Tls, Outcome::Failed, "corrupt message")],
            clock_offset_ms: None,
            ..skewed
        };
        assert!(findings(&broken)[0].ja.contains("安全な接続"), "{:?}", findings(&broken));
    }
}
