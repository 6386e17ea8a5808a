//! Unauthenticated load [issue 6, item 6]: a flood of logins is answered `busy` past the
//! portal's slots instead of queueing without bound, argon2 runs at most one a core, a body that
//! never arrives is cut off, and the portal serves normally afterwards.

use std::time::{Duration, Instant};

use kenpo_api::demo::ENROLLED;
use kenpo_client::PortalClient;
use kenpo_portal::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod common;

async fn start(config: Config) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::database(dir.path()).await;
    kenpo_portal::demo::seed(&kenpo_portal::db::open(&db).await.unwrap()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let config = Config {
        demo: true,
        mail: kenpo_portal::mail::MailSetting::Outbox(dir.path().join("outbox")),
        ..config
    };
    tokio::spawn(async move { kenpo_portal::serve(listener, &db, config).await.unwrap() });
    (url, dir)
}

#[tokio::test]
async fn a_flood_of_logins_past_the_slots_is_answered_busy_and_the_portal_recovers() {
    let (url, _dir) = start(Config {
        max_requests: 4,
        throttle: kenpo_portal::throttle::Settings::off(),
        ..Config::default()
    })
    .await;
    let http = reqwest::Client::new();
    let started = Instant::now();
    let flood: Vec<_> = (0..200)
        .map(|n| {
            let (http, url) = (http.clone(), url.clone());
            tokio::spawn(async move {
                let body =
                    serde_json::json!({ "user_id": format!("nobody{n}"), "password": "Wrong-Pass-2026" });
                let answer = http.post(format!("{url}api/login")).json(&body).send().await.unwrap();
                let status = answer.status().as_u16();
                let code =
                    answer.json::<serde_json::Value>().await.unwrap()["code"].as_str().unwrap().to_owned();
                (status, code)
            })
        })
        .collect();
    let mut busy = 0;
    for answer in flood {
        match answer.await.unwrap() {
            (503, code) => {
                assert_eq!(code, "busy");
                busy += 1;
            }
            (401, code) => assert_eq!(code, "invalid-credentials"),
            other => panic!("{other:?}"),
        }
    }
    assert!(busy > 0, "four slots cannot take 200 logins at once");
    eprintln!("200 concurrent logins: {busy} answered busy, all answered in {:?}", started.elapsed());
    // Afterwards a member logs in as usual.
    let client = PortalClient::new(&url).unwrap();
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
}

#[tokio::test]
async fn a_body_that_never_arrives_is_cut_off() {
    let (url, _dir) =
        start(Config { request_timeout: Duration::from_millis(500), ..Config::default() }).await;
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = "POST /api/login HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"user_id\":";
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let read =
        tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request-timeout"), "{answer}");
}
