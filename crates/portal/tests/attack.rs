//! Guessing attacks on the real portal on loopback, as SECURITY.md ("Throttling", "A locked
//! account") describes them: ten thousand guesses against one member, from two hundred
//! addresses, each request with a forged `X-Forwarded-For` in front of what the TLS proxy
//! appends. The portal runs `--behind-tls-proxy`, so the address it reads is the proxy's entry
//! (here the test plays the proxy).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use kenpo_api::ErrorCode;
use kenpo_api::demo::{ENROLLED, NOT_ENROLLED};
use kenpo_otp::Enrollment;
use kenpo_portal::Config;
use kenpo_portal::throttle::Settings;
use reqwest::StatusCode;

mod common;

use common::{Portal, now, wrong_code};

const GUESSES: usize = 10_000;
/// The attacks run one at a time: each has the two cores to itself and its portal.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
const ATTACKERS: usize = 200;
/// Requests the attack keeps in flight at once.
const IN_FLIGHT: usize = 4;
/// Another member's logins timed in each phase, at least.
const MIN_LOGINS: usize = 200;

async fn portal(lockout_threshold: u32, throttle: Settings) -> Portal {
    let config =
        Config { demo: true, behind_tls_proxy: true, lockout_threshold, throttle, ..Default::default() };
    Portal::start_configured(config, None).await
}

/// A client at `address` behind the proxy: the client's own `X-Forwarded-For` (forged), then
/// the address the proxy saw.
struct Client {
    http: reqwest::Client,
    url: String,
    forwarded: String,
}

impl Client {
    fn at(url: &str, address: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            url: url.to_owned(),
            forwarded: format!("10.0.0.1, {}, {address}", ENROLLED.user_id),
        }
    }

    /// Posts `body` to `path` with `session`; the answer's error code (`None` if accepted), and
    /// the session cookie it set.
    async fn post(
        &self,
        path: &str,
        session: Option<&str>,
        body: serde_json::Value,
    ) -> (Option<ErrorCode>, Option<String>) {
        let mut request = self
            .http
            .post(format!("{}{path}", self.url))
            .header("X-Forwarded-For", &self.forwarded)
            .json(&body);
        if let Some(session) = session {
            request = request.header("Cookie", session);
        }
        let answer = request.send().await.unwrap();
        let cookie = answer
            .headers()
            .get("set-cookie")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(str::to_owned);
        if answer.status() == StatusCode::OK {
            return (None, cookie);
        }
        let error: kenpo_api::ApiError = answer.json().await.unwrap();
        (Some(error.code), cookie)
    }

    async fn password(&self, user_id: &str, password: &str) -> (Option<ErrorCode>, Option<String>) {
        self.post("api/login", None, serde_json::json!({ "user_id": user_id, "password": password })).await
    }

    async fn code(&self, session: &str, code: &str) -> Option<ErrorCode> {
        self.post("api/login/otp", Some(session), serde_json::json!({ "code": code })).await.0
    }
}

fn p99(mut samples: Vec<Duration>) -> Duration {
    samples.sort();

    samples[(samples.len() * 99).div_ceil(100) - 1]
}

/// The password step of a member who is not attacked, timed [`MIN_LOGINS`] times, each from an
/// address of its own in `network` (households); then `done` is set.
async fn member_logins(url: &str, network: &str, done: &AtomicBool) -> Vec<Duration> {
    let mut times = Vec::new();
    for n in 0..MIN_LOGINS {
        let client = Client::at(url, &format!("{network}.{}", n % 250));
        let started = Instant::now();
        let (refused, _) = client.password(NOT_ENROLLED.user_id, NOT_ENROLLED.password).await;
        times.push(started.elapsed());
        assert_eq!(refused, None, "a member who is not attacked logs in");
    }
    done.store(true, Ordering::Relaxed);
    times
}

type Answers = HashMap<Option<ErrorCode>, usize>;

/// Sends requests made by `guess(n)` from `ATTACKERS` addresses, `IN_FLIGHT` at once: `GUESSES`
/// of them, and on until `done` is set. How many got each answer.
async fn flood<F, Fut>(url: String, done: Arc<AtomicBool>, guess: F) -> Answers
where
    F: Fn(Arc<Client>, usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Option<ErrorCode>> + Send,
{
    let clients: Arc<Vec<Arc<Client>>> =
        Arc::new((0..ATTACKERS).map(|n| Arc::new(Client::at(&url, &format!("203.0.113.{n}")))).collect());
    let guess = Arc::new(guess);
    let workers: Vec<_> = (0..IN_FLIGHT)
        .map(|worker| {
            let (clients, guess, done) = (clients.clone(), guess.clone(), done.clone());
            tokio::spawn(async move {
                let mut answers = HashMap::new();
                let mut n = worker;
                while n < GUESSES || !done.load(Ordering::Relaxed) {
                    *answers.entry(guess(clients[n % ATTACKERS].clone(), n).await).or_insert(0) += 1;
                    n += IN_FLIGHT;
                }
                answers
            })
        })
        .collect();
    let mut answers = HashMap::new();
    for worker in workers {
        for (answer, count) in worker.await.unwrap() {
            *answers.entry(answer).or_insert(0) += count;
        }
    }
    answers
}

async fn status(portal: &Portal, user_id: &str) -> kenpo_portal::admin::MemberStatus {
    kenpo_portal::admin::show(&portal.pool().await, user_id).await.unwrap()
}

/// The code of the step after the current one: accepted once (within one step of the portal's
/// clock) even when the current step was used a moment ago.
fn next_code(enrollment: &Enrollment) -> String {
    enrollment.account.code(&enrollment.secret, now() + 30).0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_password_guesses_lock_nobody_and_members_log_in_as_fast_as_without() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let portal = portal(kenpo_portal::DEFAULT_LOCKOUT_THRESHOLD, Settings::default()).await;
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    // The member logs in at home before the attack: this address is theirs from now on.
    let home = Client::at(&portal.url, "192.0.2.1");
    let (_, session) = home.password(ENROLLED.user_id, ENROLLED.password).await;
    assert_eq!(
        home.code(&session.unwrap(), &enrollment.account.code(&enrollment.secret, now()).0).await,
        None
    );

    // Another member's logins, timed three ways: with the portal idle; while the same number of
    // logins from the same addresses guess nothing (no user ID: refused before anything is
    // judged), which is what the load alone costs on this machine, where the test's own client
    // shares the two cores; and under the attack.
    let idle = p99(member_logins(&portal.url, "198.51.100", &AtomicBool::new(false)).await);
    let (url, done) = (portal.url.clone(), Arc::new(AtomicBool::new(false)));
    let traffic = tokio::spawn(flood(url, done.clone(), |client, _| async move {
        client.password("", "Guess-00000-2026").await.0
    }));
    let with_traffic = p99(member_logins(&portal.url, "198.51.101", &done).await);
    let harmless = traffic.await.unwrap().values().sum::<usize>();
    let (url, done) = (portal.url.clone(), Arc::new(AtomicBool::new(false)));
    let guesses = tokio::spawn(flood(url, done.clone(), |client, n| async move {
        client.password(ENROLLED.user_id, &format!("Guess-{n:05}-2026")).await.0
    }));
    // The attacked member, at home, during the attack.
    let (refused, session) = home.password(ENROLLED.user_id, ENROLLED.password).await;
    assert_eq!(refused, None, "the member's own address is not braked");
    assert_eq!(home.code(&session.unwrap(), &next_code(&enrollment)).await, None);
    let under_attack = p99(member_logins(&portal.url, "198.51.102", &done).await);
    let answers = guesses.await.unwrap();

    let judged = answers.get(&Some(ErrorCode::InvalidCredentials)).copied().unwrap_or(0);
    let braked = answers.get(&Some(ErrorCode::TooManyAttempts)).copied().unwrap_or(0);
    eprintln!(
        "{} password guesses from {ATTACKERS} addresses: {judged} judged, {braked} braked; \
         another member's login p99 {idle:?} idle, {with_traffic:?} with as many harmless requests, \
         {under_attack:?} under the attack",
        judged + braked
    );
    assert_eq!(answers.values().sum::<usize>(), judged + braked, "only these two answers: {answers:?}");
    assert!(judged + braked >= GUESSES && harmless >= GUESSES);
    let after = status(&portal, ENROLLED.user_id).await;
    assert!(after.locked_at.is_none(), "nobody could lock the member");
    // The member's login at home reset the count; what was judged since is all that counts.
    assert!(after.failed_attempts as usize <= judged && judged < 20, "{judged} judged, {after:?}");
    assert!(
        under_attack <= with_traffic * 2,
        "another member's p99 was {under_attack:?} under attack, {with_traffic:?} with harmless traffic"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_code_guesses_over_new_sessions_lock_at_the_threshold_exactly() {
    let _alone = ONE_AT_A_TIME.lock().await;
    const THRESHOLD: u32 = 10;
    // The hard lock alone (the brakes off): an attacker who holds the password and guesses
    // codes as fast as the portal answers.
    let portal = portal(THRESHOLD, Settings::off()).await;
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    let mut sessions = Vec::new();
    for n in 0..100 {
        let client = Client::at(&portal.url, &format!("203.0.113.{n}"));
        let (refused, session) = client.password(ENROLLED.user_id, ENROLLED.password).await;
        assert_eq!(refused, None);
        sessions.push(session.unwrap());
    }
    let sessions = Arc::new(sessions);
    let wrong = wrong_code(&enrollment);
    let answers = flood(portal.url.clone(), Arc::new(AtomicBool::new(true)), {
        let sessions = sessions.clone();
        move |client, n| {
            let (session, wrong) = (sessions[n % sessions.len()].clone(), wrong.clone());
            async move { client.code(&session, &wrong).await }
        }
    })
    .await;
    eprintln!("{GUESSES} code guesses over 100 sessions: {answers:?}");
    assert_eq!(answers.get(&Some(ErrorCode::InvalidOtp)).copied(), Some(THRESHOLD as usize), "{answers:?}");
    assert_eq!(
        answers.get(&Some(ErrorCode::AccountLocked)).copied(),
        Some(GUESSES - THRESHOLD as usize),
        "{answers:?}"
    );
    let after = status(&portal, ENROLLED.user_id).await;
    assert_eq!((after.failed_attempts, after.locked_at.is_some()), (THRESHOLD as i64, true));

    // Locked: the right code in a session that passed the password, and the right password.
    let attacker = Client::at(&portal.url, "203.0.113.250");
    assert_eq!(attacker.code(&sessions[0], &next_code(&enrollment)).await, Some(ErrorCode::AccountLocked));
    assert_eq!(
        attacker.password(ENROLLED.user_id, ENROLLED.password).await.0,
        Some(ErrorCode::InvalidCredentials)
    );
    // Other members log in as before.
    let other = Client::at(&portal.url, "198.51.100.9");
    assert_eq!(other.password(NOT_ENROLLED.user_id, NOT_ENROLLED.password).await.0, None);
}
