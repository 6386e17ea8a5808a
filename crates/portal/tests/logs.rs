//! No password, TOTP secret or session token reaches the portal's log, even at trace level.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use kenpo_api::demo::ENROLLED;
use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;

#[tokio::test]
async fn no_secret_reaches_the_log_at_trace_level() {
    let dir = tempfile::tempdir().unwrap();
    let mut portal = Command::new(env!("CARGO_BIN_EXE_kenpo-portal"))
        .args(["serve", "--demo", "--addr", "127.0.0.1:0", "--db"])
        .arg(format!("sqlite://{}", dir.path().join("portal.sqlite").display()))
        .arg("--outbox")
        .arg(dir.path().join("outbox"))
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(portal.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("kenpo-portal listening on ").unwrap().to_owned();

    let list = PortalClient::new(&url).unwrap().demo_authenticators().await.unwrap();
    let enrollment = Enrollment::parse(&list[0].otpauth_uri).unwrap();
    let wrong_password = "Wrong-Pass-Unique-7741";
    let client = PortalClient::new(&url).unwrap();
    client.login(ENROLLED.user_id, wrong_password).await.unwrap_err();
    // A raw request, to learn the session token the portal hands out.
    let response = reqwest::Client::new()
        .post(format!("{url}api/login"))
        .json(&serde_json::json!({ "user_id": ENROLLED.user_id, "password": ENROLLED.password }))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_owned();
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let code = enrollment.account.code(
        &enrollment.secret,
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs(),
    );
    client.submit_otp(&code.0).await.unwrap();
    client.me().await.unwrap();

    portal.kill().unwrap();
    let mut log = String::new();
    portal.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    portal.wait().unwrap();
    assert!(log.contains("TRACE") || log.contains("DEBUG"), "the log was not at trace level");
    let secret = enrollment.secret.to_base32();
    for (what, value) in [
        ("the password", ENROLLED.password),
        ("a wrong password", wrong_password),
        ("the TOTP secret", secret.as_str()),
        ("a session token", token.as_str()),
    ] {
        assert!(!log.contains(value), "{what} is in the log");
    }
}
