//! Lockout [FAQ Q3]: consecutive failures lock the account, even the right password and code are
//! refused until an administrator unlocks it, and nothing resets or overshoots the count. A
//! locked account answers every password alike; the member learns of the lock by mail.

use kenpo_api::ErrorCode;
use kenpo_api::demo::ENROLLED;
use kenpo_client::{ClientError, PortalClient};
use kenpo_otp::Enrollment;

mod common;

use common::{Portal, now, wrong_code};

/// The hard lock alone: without the brakes that slow guessing first (tests/attack.rs).
async fn start_portal(lockout_threshold: u32) -> Portal {
    let config = kenpo_portal::Config {
        demo: true,
        lockout_threshold,
        throttle: kenpo_portal::throttle::Settings::off(),
        ..Default::default()
    };
    Portal::start_configured(config, None).await
}

async fn enrollment(portal: &Portal) -> Enrollment {
    portal.demo_enrollment(ENROLLED.user_id).await
}

fn code_of(result: Result<impl std::fmt::Debug, ClientError>) -> ErrorCode {
    match result {
        Err(error) => error.code(),
        Ok(value) => panic!("expected a refusal, got {value:?}"),
    }
}

async fn status(portal: &Portal) -> kenpo_portal::admin::MemberStatus {
    let pool = kenpo_portal::db::open(&portal.db).await.unwrap();
    kenpo_portal::admin::show(&pool, ENROLLED.user_id).await.unwrap()
}

#[tokio::test]
async fn locked_account_refuses_even_the_right_password_and_code_until_unlocked() {
    let portal = start_portal(3).await;
    let enrollment = enrollment(&portal).await;
    let client = PortalClient::new(&portal.url).unwrap();
    for _ in 0..3 {
        assert_eq!(
            code_of(client.login(ENROLLED.user_id, "Wrong-Pass-2026").await),
            ErrorCode::InvalidCredentials
        );
    }
    // Locked: the right password gets the wrong one's answer, so the answer tells nothing, and
    // nothing more is counted.
    for password in [ENROLLED.password, "Wrong-Pass-2026"] {
        assert_eq!(code_of(client.login(ENROLLED.user_id, password).await), ErrorCode::InvalidCredentials);
    }
    let locked = status(&portal).await;
    assert_eq!((locked.locked_at.is_some(), locked.failed_attempts), (true, 3));
    let mail = portal.mail_to(ENROLLED.email.unwrap(), "アカウントをロックしました").await;
    assert!(
        mail.contains(ENROLLED.user_id) && mail.contains("JST") && !mail.contains(ENROLLED.password),
        "{mail}"
    );

    let pool = kenpo_portal::db::open(&portal.db).await.unwrap();
    kenpo_portal::admin::unlock(&pool, ENROLLED.user_id).await.unwrap();
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    client.submit_otp(&enrollment.account.code(&enrollment.secret, now()).0).await.unwrap();
    let after = status(&portal).await;
    assert_eq!(
        (after.failed_attempts, after.locked_at.is_none(), after.last_login_at.is_some()),
        (0, true, true)
    );
}

#[tokio::test]
async fn wrong_codes_lock_the_account_and_then_the_right_code_is_refused() {
    let portal = start_portal(3).await;
    let enrollment = enrollment(&portal).await;
    let client = PortalClient::new(&portal.url).unwrap();
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    for _ in 0..3 {
        assert_eq!(code_of(client.submit_otp(&wrong_code(&enrollment)).await), ErrorCode::InvalidOtp);
    }
    let right = enrollment.account.code(&enrollment.secret, now()).0;
    assert_eq!(code_of(client.submit_otp(&right).await), ErrorCode::AccountLocked);
}

#[tokio::test]
async fn new_sessions_and_a_spoofed_forwarded_for_do_not_reset_the_count() {
    let portal = start_portal(4).await;
    let first = PortalClient::new(&portal.url).unwrap();
    for _ in 0..2 {
        first.login(ENROLLED.user_id, "Wrong-Pass-2026").await.unwrap_err();
    }
    let http = reqwest::Client::new();
    for n in 0..2 {
        http.post(format!("{}api/login", portal.url))
            .header("X-Forwarded-For", format!("203.0.113.{n}"))
            .json(&serde_json::json!({ "user_id": ENROLLED.user_id, "password": "Wrong-Pass-2026" }))
            .send()
            .await
            .unwrap();
    }
    let fresh = PortalClient::new(&portal.url).unwrap();
    assert_eq!(
        code_of(fresh.login(ENROLLED.user_id, ENROLLED.password).await),
        ErrorCode::InvalidCredentials
    );
    let after = status(&portal).await;
    assert_eq!((after.locked_at.is_some(), after.failed_attempts), (true, 4));
}

#[tokio::test]
async fn a_thousand_concurrent_wrong_codes_count_exactly_up_to_the_threshold() {
    let portal = start_portal(10).await;
    let enrollment = enrollment(&portal).await;
    let client = std::sync::Arc::new(PortalClient::new(&portal.url).unwrap());
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let wrong = wrong_code(&enrollment);
    let attempts: Vec<_> = (0..1000)
        .map(|_| {
            let client = client.clone();
            let wrong = wrong.clone();
            tokio::spawn(async move { client.submit_otp(&wrong).await.unwrap_err().code() })
        })
        .collect();
    let mut answers = std::collections::HashMap::new();
    for attempt in attempts {
        *answers.entry(attempt.await.unwrap()).or_insert(0) += 1;
    }
    let after = status(&portal).await;
    assert_eq!(after.failed_attempts, 10, "answers: {answers:?}");
    assert!(after.locked_at.is_some());
    assert!(
        // Past the portal's slots a request is answered busy at once (tests/load.rs).
        answers
            .keys()
            .all(|code| matches!(code, ErrorCode::InvalidOtp | ErrorCode::AccountLocked | ErrorCode::Busy)),
        "{answers:?}"
    );
}

#[tokio::test]
async fn audit_lists_each_attempt_with_the_step_a_refused_code_belongs_to() {
    let portal = start_portal(10).await;
    let enrollment = enrollment(&portal).await;
    let client = PortalClient::new(&portal.url).unwrap();
    client.login(ENROLLED.user_id, "Wrong-Pass-2026").await.unwrap_err();
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    // A phone whose clock is two minutes slow shows the code of four steps ago.
    let slow = enrollment.account.code(&enrollment.secret, now() - 120).0;
    assert_eq!(code_of(client.submit_otp(&slow).await), ErrorCode::InvalidOtp);
    let right = enrollment.account.code(&enrollment.secret, now()).0;
    client.submit_otp(&right).await.unwrap();

    let pool = kenpo_portal::db::open(&portal.db).await.unwrap();
    let attempts = kenpo_portal::admin::audit(&pool, ENROLLED.user_id, 10).await.unwrap();
    let lines: Vec<(&str, &str, Option<i64>)> =
        attempts.iter().rev().map(|a| (a.step.as_str(), a.result.as_str(), a.step_offset)).collect();
    assert_eq!(lines[0], ("password", "wrong-password", None));
    assert_eq!(lines[1], ("password", "accepted", None));
    assert_eq!((lines[2].0, lines[2].1), ("otp", "wrong-code"));
    assert!(matches!(lines[2].2, Some(-4) | Some(-5)), "{lines:?}");
    assert_eq!((lines[3].0, lines[3].1), ("otp", "accepted"));
    assert!(kenpo_portal::admin::audit(&pool, "nobody.here", 10).await.is_err());
    // And what it means, in words.
    let findings = kenpo_portal::audit::explain(&attempts);
    let slow = findings.iter().find(|finding| finding.faq == Some("Q5")).expect("the slow clock is named");
    assert!(
        slow.en.contains("s slow") && (slow.en.contains("about 120 s") || slow.en.contains("about 150 s")),
        "{slow:?}"
    );
    assert!(slow.ja.contains("遅れています"), "{slow:?}");
}
