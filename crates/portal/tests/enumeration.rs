//! Whether an account exists must not show, by the answer or by its time, at login, at the
//! password reset, or in either recovery request (SECURITY.md, "Enumeration").
//!
//! The statistical test: the two-sample Kolmogorov–Smirnov test on answer times, known user
//! against unknown, taken in pairs whose order alternates (known first, then unknown first), so
//! that drift on the machine and the background work a request leaves for the next (a recovery
//! request answers before its lookup) fall on both alike; one test at a time, so that another's
//! password hashing does not. The
//! times are told apart if the largest distance D between their distributions exceeds
//! c(α)·√((n+m)/(n·m)) with α = 0.001 (c = 1.949): a leak as small as a write more on one side
//! moves D past it, while chance alone does so once in a thousand runs.

use std::time::{Duration, Instant};

use kenpo_api::demo::{ENROLLED, LOCKED};
use kenpo_portal::Config;
use kenpo_portal::throttle::Settings;

mod common;

use common::Portal;

const SAMPLES: usize = 100;

/// Held by each test for its whole run: timings are taken one test at a time.
static ONE_AT_A_TIME: std::sync::LazyLock<tokio::sync::Mutex<()>> =
    std::sync::LazyLock::new(|| tokio::sync::Mutex::new(()));

/// The brakes off: they answer known and unknown user IDs alike (tests/attack.rs), and would
/// stop a test that asks 80 times.
async fn portal() -> Portal {
    let config = Config { demo: true, throttle: Settings::off(), ..Default::default() };
    Portal::start_configured(config, None).await
}

/// The answer as a member's client sees it: status and body (the message included).
///
/// Asked after a random pause under a millisecond. The portal's timers fire on millisecond
/// ticks, so an answer given no sooner than [`kenpo_portal::recovery::ANSWER_FLOOR`] takes one
/// of two times, by where in a millisecond its request came; asked back to back, that place
/// is carried from one request to the next, and the times come in runs that a test of
/// independent samples mistakes for a difference. The pause makes each place a fresh draw.
async fn answer(http: &reqwest::Client, url: String, body: &serde_json::Value) -> ((u16, String), Duration) {
    let pause = Duration::from_micros(rand::Rng::gen_range(&mut rand::thread_rng(), 0..1000));
    tokio::task::spawn_blocking(move || std::thread::sleep(pause)).await.unwrap();
    let started = Instant::now();
    let response = http.post(url).json(body).send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (((status), text), started.elapsed())
}

/// Kolmogorov–Smirnov D of two samples, and the critical value at α = 0.001.
fn kolmogorov_smirnov(a: &[Duration], b: &[Duration]) -> (f64, f64) {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    let (n, m) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j, mut d) = (0, 0, 0f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / n - j as f64 / m).abs());
    }
    (d, 1.949 * ((n + m) / (n * m)).sqrt())
}

fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// Asks `known` and `unknown` alternately; their answers must be the same, and their times must
/// pass the test above.
async fn compare(what: &str, url: String, known: serde_json::Value, unknown: serde_json::Value) {
    let http = reqwest::Client::new();
    // Warm up connections and caches on both sides first.
    for body in [&known, &unknown] {
        answer(&http, url.clone(), body).await;
    }
    let (mut known_times, mut unknown_times) = (Vec::new(), Vec::new());
    for sample in 0..SAMPLES {
        let take = async |body, times: &mut Vec<Duration>| {
            let (seen, time) = answer(&http, url.clone(), body).await;
            times.push(time);
            seen
        };
        let (known_answer, unknown_answer) = if sample % 2 == 0 {
            (take(&known, &mut known_times).await, take(&unknown, &mut unknown_times).await)
        } else {
            let unknown_answer = take(&unknown, &mut unknown_times).await;
            (take(&known, &mut known_times).await, unknown_answer)
        };
        assert_eq!(known_answer, unknown_answer, "{what}: the answers differ");
    }
    let (d, critical) = kolmogorov_smirnov(&known_times, &unknown_times);
    eprintln!(
        "{what}: medians {:?} known, {:?} unknown; Kolmogorov–Smirnov D = {d:.3} (told apart above {critical:.3})",
        median(&known_times),
        median(&unknown_times)
    );
    assert!(d <= critical, "{what}: times tell known from unknown (D = {d:.3} > {critical:.3})");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_answers_a_known_and_an_unknown_user_id_alike_in_text_and_time() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let portal = portal().await;
    compare(
        "login",
        format!("{}api/login", portal.url),
        serde_json::json!({ "user_id": ENROLLED.user_id, "password": "Wrong-Pass-2026" }),
        serde_json::json!({ "user_id": "nobody.here", "password": "Wrong-Pass-2026" }),
    )
    .await;
    // A locked account is refused like a wrong password, with the same work.
    compare(
        "login, a locked account",
        format!("{}api/login", portal.url),
        serde_json::json!({ "user_id": LOCKED.user_id, "password": LOCKED.password }),
        serde_json::json!({ "user_id": "nobody.here", "password": LOCKED.password }),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_reset_answers_a_pending_reset_and_an_unknown_user_id_alike() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let portal = portal().await;
    // The member has asked for a reset: a code is pending, which must not show either.
    portal.client().forgot_password(ENROLLED.user_id, ENROLLED.email.unwrap()).await.unwrap();
    portal.mail_to(ENROLLED.email.unwrap(), "確認コード").await;
    let reset = |user_id: &str| {
        serde_json::json!({
            "user_id": user_id, "reset_code": "00000000", "otp": "000000", "new_password": "Another-Pass-2026"
        })
    };
    compare(
        "password reset",
        format!("{}api/recovery/password/reset", portal.url),
        reset(ENROLLED.user_id),
        reset("nobody.here"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_requests_answer_registered_and_unknown_addresses_alike() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let portal = portal().await;
    let email = ENROLLED.email.unwrap();
    compare(
        "forgotten user ID",
        format!("{}api/recovery/user-id", portal.url),
        serde_json::json!({ "email": email }),
        serde_json::json!({ "email": "nobody.here@example.co.jp" }),
    )
    .await;
    compare(
        "forgotten password",
        format!("{}api/recovery/password", portal.url),
        serde_json::json!({ "user_id": ENROLLED.user_id, "email": email }),
        serde_json::json!({ "user_id": "nobody.here", "email": "nobody@example.jp" }),
    )
    .await;
}
