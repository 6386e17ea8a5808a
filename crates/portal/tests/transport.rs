//! What travels between machines [issue 6, items 4 and 9]: off loopback only behind a TLS proxy
//! (never the demo), the cookie `Secure` there, security headers on every answer (session tokens:
//! sessions.rs).

mod common;

use common::Portal;
use kenpo_api::demo::ENROLLED;
use kenpo_portal::{Config, PortalError};
use reqwest::header::SET_COOKIE;

/// What `serve` answers for a portal on `addr` that it refuses to start.
async fn refusal(addr: &str, config: Config) -> PortalError {
    let dir = tempfile::tempdir().unwrap();
    let db = common::database(dir.path()).await;
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    kenpo_portal::serve(listener, &db, config).await.unwrap_err()
}

#[tokio::test]
async fn off_loopback_the_portal_needs_a_tls_proxy_and_never_serves_the_demo() {
    let refused = refusal("0.0.0.0:0", Config::default()).await;
    assert!(refused.to_string().contains("--behind-tls-proxy"), "{refused}");
    let demo = Config { demo: true, behind_tls_proxy: true, ..Config::default() };
    let refused = refusal("0.0.0.0:0", demo).await;
    assert!(refused.to_string().contains("loopback only"), "{refused}");

    // On loopback the cookie cannot be Secure: the demo and tests speak plain HTTP there.
    let portal = Portal::start(10).await;
    let answer = reqwest::Client::new()
        .post(format!("{}api/login", portal.url))
        .json(&serde_json::json!({ "user_id": ENROLLED.user_id, "password": ENROLLED.password }))
        .send()
        .await
        .unwrap();
    let cookie = answer.headers()[SET_COOKIE].to_str().unwrap();
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn behind_a_tls_proxy_the_session_cookie_is_secure() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::database(dir.path()).await;
    kenpo_portal::demo::seed(&kenpo_portal::db::open(&db).await.unwrap()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let url = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let config = Config { behind_tls_proxy: true, ..Config::default() };
    tokio::spawn(async move { kenpo_portal::serve(listener, &db, config).await.unwrap() });
    let answer = reqwest::Client::new()
        .post(format!("{url}api/login"))
        .json(&serde_json::json!({ "user_id": ENROLLED.user_id, "password": ENROLLED.password }))
        .send()
        .await
        .unwrap();
    let cookie = answer.headers()[SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("; Secure") && cookie.contains("HttpOnly"), "{cookie}");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let portal = Portal::start(10).await;
    let http = reqwest::Client::new();
    let answers = [
        http.get(format!("{}api/time", portal.url)).send().await.unwrap(),
        http.get(format!("{}api/no-such-thing", portal.url)).send().await.unwrap(),
        http.post(format!("{}api/login", portal.url)).body("not json").send().await.unwrap(),
    ];
    for answer in answers {
        let headers = answer.headers();
        assert_eq!(headers["cache-control"], "no-store");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
        assert_eq!(headers["referrer-policy"], "no-referrer");
    }
}
