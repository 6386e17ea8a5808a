//! What the app and `kenpo diagnose` find when they check the way to the portal, step by step:
//! the name, the connection, TLS, HTTP, and the clock. Shared by the app's diagnostics screen,
//! its report and the helpdesk's command line, so that each names a failure the same way.

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

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

/// What a diagnosis or a report means, in English and Japanese, with what to do and the member
/// guide's FAQ entry it matches (`"Q5"`), if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub en: String,
    pub ja: String,
    pub faq: Option<&'static str>,
}

fn finding(en: String, ja: String) -> Finding {
    Finding { en, ja, faq: None }
}

/// Where the way to the portal breaks, and how far off the clock is.
pub fn findings(diagnosis: &Diagnosis) -> Vec<Finding> {
    let mut findings = Vec::new();
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
            ClockVerdict::Wrong => Finding {
                faq: Some("Q5"),
                ..finding(
                    format!("This device's clock is {seconds:.1} s {ahead_en}: codes are refused. Turn on automatic date and time."),
                    format!("この端末の時計が{seconds:.1}秒{ahead_ja}います。コードが受け付けられません。「日付と時刻を自動設定」をオンにしてください。"),
                )
            },
        });
    }
    findings
}

/// What a report says it is; `kenpo report` refuses any other.
pub const REPORT_KIND: &str = "kenpo-diagnostics";
/// The report's format; a reader refuses a newer one rather than misread it.
pub const REPORT_FORMAT: u32 = 1;
/// How many of the app's latest errors a report keeps.
pub const RECENT_ERRORS: usize = 20;

/// The app's diagnostics report, which a member sends to the helpdesk. It holds no secret,
/// password, code, session token or enrollment URI; the user ID is its only personal datum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`REPORT_KIND`].
    pub kind: String,
    /// [`REPORT_FORMAT`] when it was made.
    pub format: u32,
    /// When it was made, by the device's clock (Unix milliseconds).
    pub made_at_ms: i64,
    pub app_version: String,
    /// The operating system and processor, as Rust names them (`linux x86_64`).
    pub platform: String,
    /// The member logged in when it was made.
    pub user_id: Option<String>,
    pub diagnosis: Diagnosis,
    pub keychain: Keychain,
    /// The latest errors the app showed, oldest first, at most [`RECENT_ERRORS`].
    pub errors: Vec<RecordedError>,
}

/// The device's keychain, as far as the app can tell without reading a secret out of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keychain {
    /// The list of authenticators could be read.
    pub available: bool,
    /// Authenticators stored on this device.
    pub accounts: usize,
    /// Of them, those for this portal.
    pub portal_accounts: usize,
    /// Why it could not be read, as an error code.
    pub problem: Option<String>,
}

/// An error the app showed: its stable code, when it was last shown, and how many times in a
/// row (a screen that retries is one entry, not twenty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedError {
    /// The error code as the app named it (a newer app may know codes this reader does not).
    pub code: String,
    pub at_ms: i64,
    #[serde(default = "once")]
    pub times: u32,
}

fn once() -> u32 {
    1
}

/// What a report means: where the way to the portal breaks, the clock, the keychain, and the
/// errors the member met, each once with how often and its FAQ entry.
pub fn report_findings(report: &Report) -> Vec<Finding> {
    let mut told = findings(&report.diagnosis);
    let keychain = &report.keychain;
    if !keychain.available {
        told.push(finding(
            "The device's keychain cannot be read, so the app cannot make codes: unlock it (on a computer, log in again) and open the app again.".into(),
            "端末のキーチェーンを読めないため、コードを作れません。キーチェーンのロックを解除し（パソコンではログインし直し）、アプリを開き直してください。".into(),
        ));
    } else if keychain.portal_accounts == 0 {
        told.push(finding(
            "This device holds no one-time password for the portal: link it at login (guide 3-1, 3-2), or, after a phone change, ask the society to reset the link.".into(),
            "この端末にはポータルのワンタイムパスワードがありません。ログイン時に端末を登録するか（ガイド 3-1、3-2）、機種変更の後なら健康保険組合に登録の解除を依頼してください。".into(),
        ));
    }
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for error in &report.errors {
        match seen.iter_mut().find(|(code, _)| *code == error.code) {
            Some((_, count)) => *count += error.times as usize,
            None => seen.push((&error.code, error.times as usize)),
        }
    }
    for (code, count) in seen {
        told.push(error_finding(code, count));
    }
    told
}

/// The error code a report names, if this build knows it (a newer app may know more).
pub fn known_code(code: &str) -> Option<ErrorCode> {
    ErrorCode::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(code)).ok()
}

/// One error code the member met `count` times, in words.
fn error_finding(code: &str, count: usize) -> Finding {
    // A code this build does not know is named as it came, but never more than a code's length.
    let code: String = code.chars().take(40).collect();
    let (faq, en, ja) = match known_code(&code) {
        Some(ErrorCode::InvalidCredentials) => (
            Some("Q4"),
            "the user ID or password was refused: check for full-width letters and Caps Lock; a locked account is refused the same way (Q3)".to_owned(),
            "ユーザーIDまたはパスワードが受け付けられませんでした。全角文字や Caps Lock を確かめてください。ロック中も同じ表示です（Q3）".to_owned(),
        ),
        Some(ErrorCode::AccountLocked) => (
            Some("Q3"),
            "the account is locked: the society unlocks it, told the user ID and the time".to_owned(),
            "アカウントがロックされています。健康保険組合にユーザーIDと日時を伝えて解除を依頼してください".to_owned(),
        ),
        Some(ErrorCode::InvalidOtp | ErrorCode::MalformedOtp) => (
            Some("Q5"),
            "a one-time password was refused: compare the device's clock with the portal's (above)".to_owned(),
            "ワンタイムパスワードが受け付けられませんでした。端末の時計とポータルの時計の差（上記）を確かめてください".to_owned(),
        ),
        Some(known) => (None, known.message_en().to_owned(), known.message_ja().to_owned()),
        None => (None, "an error this reader does not know".to_owned(), "この版では説明できないエラー".to_owned()),
    };
    Finding { en: format!("{count} × {code}: {en}"), ja: format!("{count}回 {code}：{ja}"), faq }
}

impl Report {
    /// The report of the documentation and the tests: yamada.taro on a demo portal on this
    /// machine, whose device's clock is 90.4 s slow, after three refused codes.
    pub fn example() -> Self {
        let check = |step, outcome, detail: &str| Check { step, outcome, millis: 12, detail: detail.into() };
        Self {
            kind: REPORT_KIND.into(),
            format: REPORT_FORMAT,
            made_at_ms: 1_793_856_600_000,
            app_version: "0.1.0".into(),
            platform: "linux x86_64".into(),
            user_id: Some("yamada.taro".into()),
            diagnosis: Diagnosis {
                portal: "http://127.0.0.1:8787/".into(),
                checks: vec![
                    check(Step::NameLookup, Outcome::Passed, "127.0.0.1"),
                    check(Step::Connect, Outcome::Passed, "127.0.0.1:8787"),
                    check(Step::Tls, Outcome::Skipped, "http"),
                    check(Step::Http, Outcome::Passed, "GET /api/time"),
                ],
                clock_offset_ms: Some(90_400),
            },
            keychain: Keychain { available: true, accounts: 3, portal_accounts: 1, problem: None },
            errors: vec![RecordedError { code: "invalid-otp".into(), at_ms: 1_793_856_600_000, times: 3 }],
        }
    }

    /// The report as a member or the helpdesk reads it, in Japanese then English; no secret is
    /// in the report, so none can be in the text.
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "健保ポータルアプリ 診断レポート / diagnostics report\n\
             作成 made: {} JST (device clock)\n\
             アプリ app: {} ({})\n\
             ユーザーID user ID: {}\n\
             ポータル portal: {}\n",
            crate::jst_time(self.made_at_ms.div_euclid(1000)),
            self.app_version,
            self.platform,
            self.user_id.as_deref().unwrap_or("-"),
            self.diagnosis.portal,
        );
        for check in &self.diagnosis.checks {
            let outcome = match check.outcome {
                Outcome::Passed => "OK",
                Outcome::Failed => "NG",
                Outcome::Skipped => "-",
            };
            text += &format!("  {:?} {outcome} {} ms {}\n", check.step, check.millis, check.detail);
        }
        match self.diagnosis.clock_offset_ms {
            Some(offset) => text += &format!("時計の差 clock offset: {offset:+} ms\n"),
            None => text += "時計の差 clock offset: -\n",
        }
        let keychain = &self.keychain;
        text += &format!(
            "キーチェーン keychain: {} / {} accounts, {} for this portal{}\n",
            if keychain.available { "OK" } else { "NG" },
            keychain.accounts,
            keychain.portal_accounts,
            keychain.problem.as_deref().map_or(String::new(), |problem| format!(" ({problem})")),
        );
        text += &format!("最近のエラー recent errors: {}\n", self.errors.len());
        for error in &self.errors {
            text += &format!(
                "  {} {} ×{}\n",
                crate::jst_time(error.at_ms.div_euclid(1000)),
                error.code,
                error.times
            );
        }
        text += "所見 findings:\n";
        for finding in report_findings(self) {
            let faq = finding.faq.map_or(String::new(), |faq| format!(" [FAQ {faq}]"));
            text += &format!("- {}{faq}\n  {}\n", finding.ja, finding.en);
        }
        text
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

    #[test]
    fn a_diagnosis_is_told_where_it_breaks_and_how_the_clock_is() {
        let skewed = Diagnosis { clock_offset_ms: Some(90_200), ..Report::example().diagnosis };
        let told = findings(&skewed);
        assert_eq!(told.len(), 1);
        assert!(told[0].en.contains("90.2 s slow") && told[0].en.contains("refused"), "{told:?}");
        assert!(told[0].ja.contains("90.2秒遅れて"), "{told:?}");
        let failed =
            Check { step: Step::Tls, outcome: Outcome::Failed, millis: 1, detail: "corrupt message".into() };
        let broken = Diagnosis { checks: vec![failed], clock_offset_ms: None, ..skewed };
        assert!(findings(&broken)[0].ja.contains("安全な接続"), "{:?}", findings(&broken));
    }

    #[test]
    fn a_report_is_explained_by_its_keychain_and_errors_each_once_with_its_faq() {
        let example = Report::example();
        let report = Report {
            user_id: Some("yamada01".into()),
            diagnosis: Diagnosis { clock_offset_ms: Some(-91_000), ..example.diagnosis },
            keychain: Keychain { portal_accounts: 0, ..example.keychain },
            errors: ["invalid-otp", "invalid-otp", "account-locked", "something-new"]
                .map(|code| RecordedError { code: code.into(), at_ms: 1_793_856_600_000, times: 1 })
                .to_vec(),
            ..example
        };
        let told = report_findings(&report);
        let faqs: Vec<_> = told.iter().map(|finding| finding.faq).collect();
        assert_eq!(faqs, [Some("Q5"), None, Some("Q5"), Some("Q3"), None], "{told:#?}");
        assert!(told[0].en.contains("91.0 s fast"), "{told:#?}");
        assert!(told[1].ja.contains("ワンタイムパスワードがありません"), "{told:#?}");
        assert!(told[2].en.starts_with("2 × invalid-otp"), "{told:#?}");
        assert!(told[4].ja.contains("説明できない"), "{told:#?}");
        let text = report.to_text();
        assert!(text.contains("作成 made: 2026/11/05 14:30 JST"), "{text}");
        assert!(text.contains("ユーザーID user ID: yamada01") && text.contains("[FAQ Q3]"), "{text}");
    }
}
