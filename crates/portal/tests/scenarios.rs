//! The helpdesk's sandbox: `kenpo-portal serve --demo --scenario NAME` puts the demo in each
//! state a member meets, and each is seen from outside as a member's app would see it. Each test
//! runs the real binary (a scenario such as the clock's is the whole process's).

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{field, now, refusal};
use kenpo_api::ErrorCode;
use kenpo_api::demo::ENROLLED;
use kenpo_api::portal::{NextStep, PasswordReset};
use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;

/// A demo portal in `scenario`, killed when dropped.
struct Sandbox {
    child: Child,
    url: String,
    db: String,
    outbox: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Sandbox {
    fn start(scenario: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = format!("sqlite://{}", dir.path().join("portal.sqlite").display());
        let outbox = dir.path().join("outbox");
        let mut child = Command::new(env!("CARGO_BIN_EXE_kenpo-portal"))
            .args(["serve", "--demo", "--addr", "127.0.0.1:0", "--db", &db, "--scenario", scenario])
            .arg("--outbox")
            .arg(&outbox)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().strip_prefix("kenpo-portal listening on ").expect("the address").to_owned();
        Self { child, url, db, outbox, _dir: dir }
    }

    fn client(&self) -> PortalClient {
        PortalClient::new(&self.url).unwrap()
    }

    /// The demo device's enrollment of the enrolled member.
    async fn enrollment(&self) -> Enrollment {
        let list = self.client().demo_authenticators().await.unwrap();
        Enrollment::parse(&list.iter().find(|entry| entry.user_id == ENROLLED.user_id).unwrap().otpauth_uri)
            .unwrap()
    }

    async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let response = reqwest::get(format!("{}{path}", self.url)).await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }
}

fn portal_cli(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kenpo-portal")).args(args).output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap(), text(&output.stdout), text(&output.stderr))
}

#[tokio::test]
async fn the_member_states_are_met_at_login() {
    let locked = Sandbox::start("locked");
    // A locked account's password step answers every password as a wrong one (SECURITY.md).
    assert_eq!(
        refusal(locked.client().login(ENROLLED.user_id, ENROLLED.password).await),
        ErrorCode::InvalidCredentials
    );
    let (status, shown, _) = portal_cli(&["admin", "--db", &locked.db, "show", ENROLLED.user_id, "--json"]);
    assert_eq!(status, 0);
    assert!(serde_json::from_str::<serde_json::Value>(&shown).unwrap()["locked_at"].is_number(), "{shown}");

    let initial = Sandbox::start("initial-password");
    // 記号 10, 番号 0001, born 1980-05-15 [guide 2-2].
    let accepted = initial.client().login(ENROLLED.user_id, "10000119800515").await.unwrap();
    assert_eq!(accepted.next, NextStep::Registration);
    assert_eq!(
        refusal(initial.client().login(ENROLLED.user_id, ENROLLED.password).await),
        ErrorCode::InvalidCredentials
    );

    let not_enrolled = Sandbox::start("not-enrolled");
    let accepted = not_enrolled.client().login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    assert_eq!(accepted.next, NextStep::Enrollment);
}

#[tokio::test]
async fn the_portals_clock_runs_off_by_the_skew_given() {
    for (scenario, skew) in [("clock-skew=+90s", 90_i64), ("clock-skew=-45s", -45)] {
        let sandbox = Sandbox::start(scenario);
        let told = sandbox.client().time().await.unwrap().unix_ms as i64;
        let expected = (now() as i64 + skew) * 1000;
        assert!((told - expected).abs() < 2_000, "{scenario}: {told} vs {expected}");
        // A code of the member's (right) clock is now judged three steps off, and refused.
        if skew == 90 {
            let enrollment = sandbox.enrollment().await;
            let client = sandbox.client();
            client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
            let code = enrollment.account.code(&enrollment.secret, now()).0;
            assert_eq!(refusal(client.submit_otp(&code).await), ErrorCode::InvalidOtp);
        }
    }
}

#[tokio::test]
async fn a_mailed_reset_code_has_expired_already() {
    let sandbox = Sandbox::start("reset-code-expired");
    let enrollment = sandbox.enrollment().await;
    sandbox.client().forgot_password(ENROLLED.user_id, ENROLLED.email.unwrap()).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mail = loop {
        let found = std::fs::read_dir(&sandbox.outbox)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| std::fs::read_to_string(entry.path()).unwrap_or_default())
            .find(|text| text.contains("確認コード:"));
        if let Some(mail) = found {
            break mail;
        }
        assert!(Instant::now() < deadline, "no reset mail");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let reset = PasswordReset {
        user_id: ENROLLED.user_id.into(),
        reset_code: field(&mail, "確認コード:"),
        otp: enrollment.account.code(&enrollment.secret, now()).0,
        new_password: "Renewed-Pass-2026".into(),
    };
    assert_eq!(refusal(sandbox.client().reset_password(&reset).await), ErrorCode::InvalidResetCode);
}

#[tokio::test]
async fn maintenance_slowness_and_failure_answer_every_call() {
    let maintenance = Sandbox::start("maintenance");
    let (status, body) = maintenance.get("api/time").await;
    assert_eq!((status, body["code"].as_str()), (503, Some("maintenance")));
    let until = body["retry_at"].as_i64().unwrap();
    assert!((until - (now() as i64 + 3_600)).abs() < 10, "{body}");
    assert_eq!(body["message"], ErrorCode::Maintenance.message_ja());

    let failing = Sandbox::start("server-error");
    let (status, body) = failing.get("api/time").await;
    assert_eq!((status, body["code"].as_str()), (500, Some("internal")));

    let slow = Sandbox::start("slow=1s");
    let started = Instant::now();
    let (status, _) = slow.get("api/time").await;
    assert_eq!(status, 200);
    assert!(started.elapsed() >= Duration::from_secs(1), "answered after {:?}", started.elapsed());
}

#[tokio::test]
async fn a_broken_tls_address_fails_the_handshake() {
    let sandbox = Sandbox::start("tls-broken");
    assert!(sandbox.url.starts_with("https://127.0.0.1:"), "{}", sandbox.url);
    let error = sandbox.client().time().await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::PortalUnreachable, "{error}");
}

#[test]
fn scenarios_are_listed_and_refused_without_the_demo_or_by_a_wrong_name() {
    let (status, listed, _) = portal_cli(&["scenarios"]);
    assert_eq!(status, 0);
    for name in [
        "locked",
        "initial-password",
        "not-enrolled",
        "clock-skew=+90s",
        "reset-code-expired",
        "maintenance",
        "slow=2s",
        "server-error",
        "tls-broken",
    ] {
        assert!(listed.lines().any(|line| line.trim_start().starts_with(name)), "{name} in {listed}");
    }
    assert!(listed.contains("[Q3]") && listed.contains("[Q5]"), "{listed}");
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("portal.sqlite").display());
    let serve = |scenario: &str, demo: bool| {
        let mut args = vec!["serve", "--addr", "127.0.0.1:0", "--db", &db, "--scenario", scenario];
        if demo {
            args.push("--demo");
        }
        let output = Command::new(env!("CARGO_BIN_EXE_kenpo-portal")).args(&args).output().unwrap();
        (output.status.code().unwrap(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (status, error) = serve("locked", false);
    assert_eq!(status, 2, "{error}");
    assert!(error.contains("--demo"), "{error}");
    let (status, error) = serve("lockd", true);
    assert_eq!(status, 2);
    assert!(error.contains("locked, initial-password"), "{error}");
    assert_eq!(serve("clock-skew=+2d", true).0, 2);
    assert!(!std::path::Path::new(&dir.path().join("portal.sqlite")).exists(), "nothing started");
}

#[tokio::test]
async fn the_diagnosis_names_the_step_where_the_way_to_the_portal_breaks() {
    use kenpo_api::diagnostics::{ClockVerdict, Outcome, Step, clock_verdict};
    use kenpo_client::diagnose::diagnose;
    let outcomes = |diagnosis: &kenpo_api::diagnostics::Diagnosis| -> Vec<(Step, Outcome)> {
        diagnosis.checks.iter().map(|check| (check.step, check.outcome)).collect()
    };

    let skewed = Sandbox::start("clock-skew=+90s");
    let diagnosis = diagnose(&skewed.url).await.unwrap();
    assert_eq!(
        outcomes(&diagnosis),
        [
            (Step::NameLookup, Outcome::Passed),
            (Step::Connect, Outcome::Passed),
            (Step::Tls, Outcome::Skipped),
            (Step::Http, Outcome::Passed)
        ]
    );
    let offset = diagnosis.clock_offset_ms.unwrap();
    assert!((offset - 90_000).abs() < 2_000, "{offset}");
    assert_eq!(clock_verdict(offset), ClockVerdict::Wrong);

    let broken = Sandbox::start("tls-broken");
    let diagnosis = diagnose(&broken.url).await.unwrap();
    assert_eq!(diagnosis.broken_at().map(|check| check.step), Some(Step::Tls), "{diagnosis:?}");
    assert_eq!(outcomes(&diagnosis)[3], (Step::Http, Outcome::Skipped));

    let failing = Sandbox::start("server-error");
    let diagnosis = diagnose(&failing.url).await.unwrap();
    let http = diagnosis.broken_at().unwrap();
    assert_eq!(http.step, Step::Http);
    assert!(http.detail.ends_with("internal"), "{http:?}");

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/", listener.local_addr().unwrap())
    };
    let diagnosis = diagnose(&closed).await.unwrap();
    assert_eq!(diagnosis.broken_at().map(|check| check.step), Some(Step::Connect), "{diagnosis:?}");
    let nowhere = diagnose("https://portal.invalid/").await.unwrap();
    assert_eq!(nowhere.broken_at().map(|check| check.step), Some(Step::NameLookup), "{nowhere:?}");
}
