//! Several portal instances on one database, as behind a load balancer [issue 7]: a session made
//! on one is valid on the other, a code accepted on one is refused on the other, and wrong codes
//! sent to both lock the account at exactly the threshold. Each instance is a server of its
//! own (address, connection pool, brakes, runtime) in this test process; with
//! `KENPO_TEST_BACKEND=postgres` they share a PostgreSQL database, else a SQLite file.

mod common;

use common::{Portal, answer, code_step, now, password_step, raw, wrong_code};
use kenpo_api::ErrorCode;
use kenpo_api::demo::ENROLLED;
use kenpo_portal::Config;
use kenpo_portal::throttle::Settings;
use reqwest::Method;

const THRESHOLD: u32 = 10;

/// Two instances with the brakes off (tests/attack.rs tests them): the lock alone decides.
async fn two_instances() -> (Portal, Portal) {
    let config =
        Config { demo: true, lockout_threshold: THRESHOLD, throttle: Settings::off(), ..Default::default() };
    let first = Portal::start_configured(config, None).await;
    let second = first.another_instance();
    (first, second)
}

async fn me(portal: &Portal, token: &str) -> Option<ErrorCode> {
    answer(raw(portal, Method::GET, "api/me", Some(token))).await.refusal
}

#[tokio::test]
async fn a_session_made_on_one_instance_is_valid_on_the_other_and_ends_on_both() {
    let (first, second) = two_instances().await;
    let enrollment = first.demo_enrollment(ENROLLED.user_id).await;
    // The password step on one, the code on the other.
    let pending = password_step(&first, None, ENROLLED.user_id, ENROLLED.password).await;
    let code = enrollment.account.code(&enrollment.secret, now()).0;
    let logged_in = code_step(&second, &pending, &code).await;
    assert_eq!(logged_in.status, 200, "{:?}", logged_in.refusal);
    let token = logged_in.token.unwrap();
    assert_eq!(me(&first, &token).await, None);
    assert_eq!(me(&second, &token).await, None);
    // Logged out on one: refused on both.
    assert_eq!(answer(raw(&first, Method::POST, "api/logout", Some(&token))).await.status, 200);
    assert_eq!(me(&second, &token).await, Some(ErrorCode::NotLoggedIn));
    assert_eq!(me(&first, &token).await, Some(ErrorCode::NotLoggedIn));
}

#[tokio::test]
async fn a_code_sent_to_both_instances_at_once_is_accepted_by_one_only() {
    let (first, second) = two_instances().await;
    let enrollment = first.demo_enrollment(ENROLLED.user_id).await;
    for round in 0..2 {
        let on_first = password_step(&first, None, ENROLLED.user_id, ENROLLED.password).await;
        let on_second = password_step(&second, None, ENROLLED.user_id, ENROLLED.password).await;
        // A step of its own each round: an accepted step is never accepted again.
        let code = enrollment.account.code(&enrollment.secret, now() + 30 * round).0;
        let (a, b) = tokio::join!(code_step(&first, &on_first, &code), code_step(&second, &on_second, &code));
        let accepted = [&a, &b].iter().filter(|answer| answer.status == 200).count();
        assert_eq!(accepted, 1, "round {round}: {:?} and {:?}", a.refusal, b.refusal);
        let refused = if a.status == 200 { &b } else { &a };
        assert_eq!(refused.refusal, Some(ErrorCode::InvalidOtp));
    }
}

/// The refusal of a wrong code. Unlike `common::answer` this takes `busy` (503), the answer an
/// instance gives at once when all its slots are taken.
async fn wrong_code_answer(portal: &Portal, token: &str, code: &str) -> ErrorCode {
    let request =
        raw(portal, Method::POST, "api/login/otp", Some(token)).json(&serde_json::json!({ "code": code }));
    let error: kenpo_api::ApiError = request.send().await.unwrap().json().await.unwrap();
    error.code
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_wrong_codes_sent_to_both_instances_lock_at_exactly_the_threshold() {
    let (first, second) = two_instances().await;
    let enrollment = first.demo_enrollment(ENROLLED.user_id).await;
    let wrong = wrong_code(&enrollment);
    let mut sessions = Vec::new();
    for portal in [&first, &second] {
        sessions.push(password_step(portal, None, ENROLLED.user_id, ENROLLED.password).await);
    }
    let portals = std::sync::Arc::new([first, second]);
    let attempts: Vec<_> = (0..1000)
        .map(|n| {
            let (portals, token, wrong) = (portals.clone(), sessions[n % 2].clone(), wrong.clone());
            tokio::spawn(async move { wrong_code_answer(&portals[n % 2], &token, &wrong).await })
        })
        .collect();
    let mut answers = std::collections::HashMap::new();
    for attempt in attempts {
        *answers.entry(attempt.await.unwrap()).or_insert(0) += 1;
    }
    let pool = portals[0].pool().await;
    let status = kenpo_portal::admin::show(&pool, ENROLLED.user_id).await.unwrap();
    assert_eq!(status.failed_attempts, i64::from(THRESHOLD), "answers: {answers:?}");
    assert!(status.locked_at.is_some());
    // Past an instance's slots a request is answered busy at once (tests/load.rs); enough must
    // have been judged for the count to be tested.
    assert!(
        answers
            .keys()
            .all(|code| matches!(code, ErrorCode::InvalidOtp | ErrorCode::AccountLocked | ErrorCode::Busy)),
        "{answers:?}"
    );
    let judged: usize = answers.iter().filter(|(code, _)| **code != ErrorCode::Busy).map(|(_, n)| n).sum();
    assert!(judged >= 100, "{answers:?}");
}
