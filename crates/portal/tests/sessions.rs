//! Sessions as an attacker meets them [issue 6]: a code replayed or from an older step, a token
//! chosen before the login (fixation), a token kept after logout or past its time, and the
//! tokens themselves: 128 random bits each, stored only as a hash.
//!
//! Spoken to in raw HTTP, so each test holds the tokens themselves, as a thief would.

mod common;

use common::{Answer, Portal, answer, code_step, now, password_step, raw};
use kenpo_api::ErrorCode;
use kenpo_api::demo::ENROLLED;
use kenpo_otp::Enrollment;
use kenpo_portal::Config;
use kenpo_portal::session::{ABSOLUTE_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS, PASSWORD_STAGE_SECONDS};
use kenpo_portal::throttle::Settings;
use reqwest::Method;
use serde_json::json;

/// A cookie jar held by hand: each token is the test's to keep, replay or plant.
struct Jar {
    portal: Portal,
    enrollment: Enrollment,
}

impl Jar {
    async fn start() -> Self {
        let config = Config { demo: true, throttle: Settings::off(), ..Default::default() };
        let portal = Portal::start_configured(config, None).await;
        let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
        Self { portal, enrollment }
    }

    async fn post(&self, path: &str, token: Option<&str>, body: serde_json::Value) -> Answer {
        answer(raw(&self.portal, Method::POST, path, token).json(&body)).await
    }

    /// The password step, sending `planted` as the cookie if given; the token of the session
    /// it starts.
    async fn password(&self, planted: Option<&str>) -> String {
        password_step(&self.portal, planted, ENROLLED.user_id, ENROLLED.password).await
    }

    async fn code(&self, token: &str, at: u64) -> Answer {
        code_step(&self.portal, token, &self.enrollment.account.code(&self.enrollment.secret, at).0).await
    }

    /// A whole login; the token of the logged-in session.
    async fn login(&self, at: u64) -> String {
        let pending = self.password(None).await;
        let answer = self.code(&pending, at).await;
        assert_eq!(answer.status, 200);
        answer.token.unwrap()
    }

    async fn me(&self, token: &str) -> Option<ErrorCode> {
        answer(raw(&self.portal, Method::GET, "api/me", Some(token))).await.refusal
    }

    /// As if `seconds` had passed for every session.
    async fn age_sessions(&self, column: &str, seconds: u64) {
        sqlx::query(&format!("UPDATE sessions SET {column} = {column} - $1"))
            .bind(seconds as i64)
            .execute(&self.portal.pool().await)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_code_is_accepted_once_and_an_older_step_never_after_a_newer_one() {
    let jar = Jar::start().await;
    let now = now();
    jar.login(now + 30).await;
    let pending = jar.password(None).await;
    assert_eq!(jar.code(&pending, now + 30).await.refusal, Some(ErrorCode::InvalidOtp), "replayed");
    let pending = jar.password(None).await;
    assert_eq!(jar.code(&pending, now).await.refusal, Some(ErrorCode::InvalidOtp), "an older step");
    assert_eq!(jar.me(&pending).await, Some(ErrorCode::NotLoggedIn));
}

#[tokio::test]
async fn a_token_chosen_before_the_login_is_never_adopted_and_each_step_gets_a_new_one() {
    let jar = Jar::start().await;
    // An attacker plants a token of their choosing in the victim's cookie jar.
    let planted = "0123456789abcdef0123456789abcdef";
    let pending = jar.password(Some(planted)).await;
    assert_ne!(pending, planted);
    let answer = jar.code(&pending, now()).await;
    assert_eq!(answer.status, 200);
    let logged_in = answer.token.unwrap();
    assert_ne!(logged_in, pending);
    assert_ne!(logged_in, planted);
    assert_eq!(jar.me(planted).await, Some(ErrorCode::NotLoggedIn));
    assert_eq!(jar.me(&pending).await, Some(ErrorCode::NotLoggedIn), "the password step's token is no login");
    assert_eq!(jar.me(&logged_in).await, None);
}

#[tokio::test]
async fn a_token_kept_after_logout_is_refused_and_the_cookie_is_cleared() {
    let jar = Jar::start().await;
    let token = jar.login(now()).await;
    let other = jar.login(now() + 30).await;
    let answer = answer(raw(&jar.portal, Method::POST, "api/logout", Some(&token))).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.token.as_deref(), Some(""), "the cookie is overwritten empty");
    assert_eq!(jar.me(&token).await, Some(ErrorCode::NotLoggedIn));
    // Logging out again with it, or doing anything else, finds no session.
    let change = json!({ "email": "thief@example.jp" });
    assert_eq!(jar.post("api/me/email", Some(&token), change).await.refusal, Some(ErrorCode::NotLoggedIn));
    // The member's other device stays logged in.
    assert_eq!(jar.me(&other).await, None);
}

#[tokio::test]
async fn a_request_writes_when_a_session_was_seen_only_once_its_sighting_is_a_minute_old() {
    use kenpo_portal::store::sessions::SEEN_PRECISION_SECONDS;
    let jar = Jar::start().await;
    let token = jar.login(now()).await;
    let last_seen = || async {
        let seen: Vec<i64> = sqlx::query_scalar("SELECT last_seen FROM sessions")
            .fetch_all(&jar.portal.pool().await)
            .await
            .unwrap();
        seen.into_iter().max().unwrap()
    };
    // Seen a moment ago: a request reads the session and writes nothing.
    jar.age_sessions("last_seen", SEEN_PRECISION_SECONDS as u64 - 5).await;
    let before = last_seen().await;
    assert_eq!(jar.me(&token).await, None);
    assert_eq!(last_seen().await, before);
    // Seen over a minute ago: the request writes now.
    jar.age_sessions("last_seen", 10).await;
    assert_eq!(jar.me(&token).await, None);
    assert!((last_seen().await - now() as i64).abs() <= 2, "last_seen is written again");
}

#[tokio::test]
async fn sessions_end_when_idle_too_long_when_too_old_and_a_password_step_waits_five_minutes() {
    let jar = Jar::start().await;
    // Each request keeps a session alive…
    let token = jar.login(now()).await;
    jar.age_sessions("last_seen", IDLE_TIMEOUT_SECONDS - 60).await;
    assert_eq!(jar.me(&token).await, None);
    jar.age_sessions("last_seen", IDLE_TIMEOUT_SECONDS - 60).await;
    assert_eq!(jar.me(&token).await, None);
    // …but not one left alone for the idle timeout.
    jar.age_sessions("last_seen", IDLE_TIMEOUT_SECONDS + 1).await;
    assert_eq!(jar.me(&token).await, Some(ErrorCode::NotLoggedIn));

    // Nor one, however busy, older than the absolute timeout.
    let token = jar.login(now() + 30).await;
    jar.age_sessions("created_at", ABSOLUTE_TIMEOUT_SECONDS + 1).await;
    assert_eq!(jar.me(&token).await, Some(ErrorCode::NotLoggedIn));

    // A password step's code is due within five minutes.
    let pending = jar.password(None).await;
    jar.age_sessions("created_at", PASSWORD_STAGE_SECONDS + 1).await;
    assert_eq!(jar.code(&pending, now() + 60).await.refusal, Some(ErrorCode::PasswordStepRequired));
}

/// Tokens drawn for the statistics below: 128 logins' worth, 16,384 bits.
const TOKENS: usize = 128;

#[tokio::test]
async fn tokens_are_128_random_bits_and_the_database_holds_only_their_hashes() {
    let jar = Jar::start().await;
    let mut tokens = Vec::new();
    // Four at a time: the portal hashes passwords on as many threads as there are cores.
    for _ in 0..TOKENS / 4 {
        let (a, b, c, d) =
            tokio::join!(jar.password(None), jar.password(None), jar.password(None), jar.password(None));
        tokens.extend([a, b, c, d]);
    }
    let bits: Vec<[u8; 16]> = tokens
        .iter()
        .map(|token| {
            assert!(
                token.len() == 32 && token.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
                "{token}"
            );
            let mut bytes = [0u8; 16];
            for (i, byte) in bytes.iter_mut().enumerate() {
                *byte = u8::from_str_radix(&token[2 * i..2 * i + 2], 16).unwrap();
            }
            bytes
        })
        .collect();

    // No two share more than 8 leading hex digits (a counter or a clock would): for random
    // tokens the chance that any of the 8,128 pairs does is 8128 × 16⁻⁹ ≈ 1.2 × 10⁻⁷.
    for (i, a) in tokens.iter().enumerate() {
        for b in &tokens[i + 1..] {
            let shared = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            assert!(shared <= 8, "{shared} leading digits shared");
        }
    }
    // Every bit position is set in about half the tokens (a fixed or biased bit is not): the
    // count is Binomial(128, ½), mean 64, σ ≈ 5.66; 5σ bounds miss a fair bit with chance
    // 5.7 × 10⁻⁷ each, 7.3 × 10⁻⁵ over all 128 positions.
    for position in 0..128 {
        let set = bits.iter().filter(|token| token[position / 8] >> (position % 8) & 1 == 1).count();
        assert!((36..=92).contains(&set), "bit {position} set in {set} of {TOKENS} tokens");
    }
    // The hex digits are uniform: χ² over 16 digits (15 degrees of freedom) of 4,096 digits
    // stays below 60 (the chance that a fair source exceeds it is about 10⁻⁷).
    let mut counts = [0f64; 16];
    for token in &tokens {
        for c in token.chars() {
            counts[c.to_digit(16).unwrap() as usize] += 1.0;
        }
    }
    let expected = (TOKENS * 32) as f64 / 16.0;
    let chi_square: f64 = counts.iter().map(|n| (n - expected).powi(2) / expected).sum();
    assert!(chi_square < 60.0, "χ² = {chi_square:.1} over {counts:?}");

    // A copy of the database gives no live token: only SHA-256 hashes are stored.
    let pool = jar.portal.pool().await;
    let stored: Vec<(Vec<u8>,)> =
        sqlx::query_as("SELECT token_hash FROM sessions").fetch_all(&pool).await.unwrap();
    assert_eq!(stored.len(), TOKENS);
    pool.close().await;
    let files = common::database_files(&jar.portal.db).await;
    assert!(files.len() > 10_000, "{} bytes", files.len());
    for token in &tokens {
        let hash = <sha2::Sha256 as sha2::Digest>::digest(token.as_bytes()).to_vec();
        assert!(stored.iter().any(|(stored,)| *stored == hash));
    }
    let plain: std::collections::HashSet<&[u8]> = tokens.iter().map(|token| token.as_bytes()).collect();
    assert!(!files.windows(32).any(|window| plain.contains(window)), "a token in the database file");
}
