//! What a member's login history means, in words a helpdesk can read out (`admin audit`): a run
//! of codes refused at the same step offset is a clock that is off by that much; codes that
//! match no step are from another account or app, or mistyped; a code used twice, a run of wrong
//! passwords and a lock each have their remedy [FAQ Q3–Q5].

use serde::Serialize;

use crate::clock::japan_time;
use crate::store::attempts::LoginAttempt;

/// One thing the history shows, in English and Japanese, with the FAQ entry it matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub en: String,
    pub ja: String,
    /// The member guide's FAQ entry (`Q3`), when one fits.
    pub faq: Option<&'static str>,
}

/// The findings of `attempts` (newest first, as `admin audit` reads them), oldest first.
pub fn explain(attempts: &[LoginAttempt]) -> Vec<Finding> {
    let oldest_first: Vec<&LoginAttempt> = attempts.iter().rev().collect();
    let mut findings = Vec::new();
    for run in runs(&oldest_first) {
        if let Some(finding) = finding(&run) {
            findings.push(finding);
        }
    }
    findings
}

/// Consecutive attempts that mean the same thing.
struct Run<'a> {
    kind: Kind,
    attempts: Vec<&'a LoginAttempt>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Codes refused, or accepted only thanks to the tolerance, at this step offset.
    Skewed {
        offset: i64,
        refused: bool,
    },
    /// Codes that match no step near the portal's time.
    NoStep,
    Reused,
    WrongPassword,
    Locked,
    Other,
}

fn kind(attempt: &LoginAttempt) -> Kind {
    match (attempt.step.as_str(), attempt.result.as_str(), attempt.step_offset) {
        ("otp", "wrong-code", Some(offset)) if offset != 0 => Kind::Skewed { offset, refused: true },
        ("otp", "wrong-code", _) => Kind::NoStep,
        ("otp", "accepted", Some(offset)) if offset != 0 => Kind::Skewed { offset, refused: false },
        ("otp", "reused-code", _) => Kind::Reused,
        ("password", "wrong-password", _) => Kind::WrongPassword,
        (_, "locked", _) => Kind::Locked,
        _ => Kind::Other,
    }
}

fn runs<'a>(attempts: &[&'a LoginAttempt]) -> Vec<Run<'a>> {
    let mut runs: Vec<Run<'a>> = Vec::new();
    for attempt in attempts {
        let kind = kind(attempt);
        match runs.last_mut() {
            Some(run) if run.kind == kind => run.attempts.push(attempt),
            _ => runs.push(Run { kind, attempts: vec![attempt] }),
        }
    }
    runs
}

fn finding(run: &Run) -> Option<Finding> {
    let (first, last) = (run.attempts.first()?, run.attempts.last()?);
    let count = run.attempts.len();
    let when = if count == 1 {
        japan_time(first.at)
    } else {
        format!("{} – {}", japan_time(first.at), japan_time(last.at))
    };
    let finding = |en: String, ja: String, faq| Some(Finding { en, ja, faq });
    match run.kind {
        Kind::Skewed { offset, refused } => {
            let seconds = offset.unsigned_abs() * kenpo_otp::Totp::default().period;
            let (slow_en, slow_ja) = if offset < 0 { ("slow", "遅れて") } else { ("fast", "進んで") };
            let what_en = if refused { "codes refused" } else { "codes accepted only at the edge" };
            let what_ja = if refused {
                "コードが拒否されました"
            } else {
                "コードはぎりぎり受け付けられました"
            };
            finding(
                format!(
                    "{when}: {count} {what_en}, all from step {offset:+}: the member's clock is about {seconds} s {slow_en}. \
                     Turn on automatic date and time on the device."
                ),
                format!(
                    "{when}: {count}回、{what_ja}（いずれも{offset:+}ステップ）。端末の時計が約{seconds}秒{slow_ja}います。端末の「日付と時刻を自動設定」をオンにしてください。"
                ),
                Some("Q5"),
            )
        }
        Kind::NoStep => finding(
            format!(
                "{when}: {count} code(s) matched no step within ±5 minutes: mistyped, or read from another account or \
                 app. Check that the member reads the code of this portal's entry."
            ),
            format!(
                "{when}: {count}回、前後5分のどのコードとも一致しませんでした。入力の誤りか、別のアカウントやアプリのコードです。このポータルの項目のコードを見ているか確認してください。"
            ),
            Some("Q5"),
        ),
        Kind::Reused => finding(
            format!("{when}: a code was used again ({count}×): each code works once; wait for the next one."),
            format!(
                "{when}: 一度使ったコードがもう一度入力されました（{count}回）。コードは1回限りです。次のコードを待って入力してください。"
            ),
            Some("Q5"),
        ),
        Kind::WrongPassword if count >= 2 => finding(
            format!(
                "{when}: {count} wrong passwords in a row: the password is forgotten or mistyped (full-width, Caps Lock)."
            ),
            format!(
                "{when}: パスワードの誤りが{count}回続きました。忘れたか、全角入力・Caps Lock の可能性があります。"
            ),
            Some("Q4"),
        ),
        Kind::Locked => finding(
            format!(
                "{when}: the account is locked ({count} attempt(s) refused for it): unlock it with `admin unlock`."
            ),
            format!(
                "{when}: アカウントがロックされています（{count}回拒否）。`admin unlock` で解除してください。"
            ),
            Some("Q3"),
        ),
        Kind::WrongPassword | Kind::Other => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(at: i64, step: &str, result: &str, step_offset: Option<i64>) -> LoginAttempt {
        LoginAttempt { at, step: step.into(), result: result.into(), step_offset }
    }

    /// Newest first, as the history is read.
    fn newest_first(mut attempts: Vec<LoginAttempt>) -> Vec<LoginAttempt> {
        attempts.reverse();
        attempts
    }

    #[test]
    fn a_run_of_codes_refused_at_one_offset_is_a_clock_that_far_off() {
        let start = 1_795_900_000;
        let history =
            newest_first((0..5).map(|i| attempt(start + i * 120, "otp", "wrong-code", Some(-3))).collect());
        let findings = explain(&history);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].en.contains("5 codes refused, all from step -3"), "{}", findings[0].en);
        assert!(findings[0].en.contains("about 90 s slow"), "{}", findings[0].en);
        assert!(findings[0].ja.contains("約90秒遅れて"), "{}", findings[0].ja);
        assert_eq!(findings[0].faq, Some("Q5"));
        let fast = explain(&[attempt(start, "otp", "wrong-code", Some(2))]);
        assert!(fast[0].en.contains("about 60 s fast"), "{}", fast[0].en);
    }

    #[test]
    fn each_pattern_has_its_own_finding_in_order() {
        let history = newest_first(vec![
            attempt(1, "password", "wrong-password", None),
            attempt(2, "password", "wrong-password", None),
            attempt(3, "password", "accepted", None),
            attempt(4, "otp", "wrong-code", None),
            attempt(5, "otp", "reused-code", Some(0)),
            attempt(6, "otp", "accepted", Some(-1)),
            attempt(7, "password", "locked", None),
        ]);
        let faqs: Vec<Option<&str>> = explain(&history).iter().map(|finding| finding.faq).collect();
        assert_eq!(faqs, [Some("Q4"), Some("Q5"), Some("Q5"), Some("Q5"), Some("Q3")]);
        let one_slip = newest_first(vec![attempt(1, "password", "wrong-password", None)]);
        assert!(explain(&one_slip).is_empty(), "one wrong password is a slip, not a finding");
        assert!(explain(&[]).is_empty());
    }
}
