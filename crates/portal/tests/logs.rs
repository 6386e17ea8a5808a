//! No password, TOTP secret or session token reaches the portal's log, even at trace level.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

mod common;

use common::now;
use kenpo_api::demo::{ENROLLED, INITIAL};
use kenpo_api::portal::PasswordReset;
use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;

#[tokio::test]
async fn no_secret_reaches_the_log_at_trace_level() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::database(dir.path()).await;
    let mut portal = Command::new(env!("CARGO_BIN_EXE_kenpo-portal"))
        .args(["serve", "--demo", "--addr", "127.0.0.1:0", "--db", &db])
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
    // Read the log as it comes: a trace-level log fills a pipe nobody reads and stalls the portal.
    let mut stderr = portal.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut log = String::new();
        stderr.read_to_string(&mut log).unwrap();
        log
    });

    let list = PortalClient::new(&url).unwrap().demo_authenticators().await.unwrap();
    let enrollment = Enrollment::parse(&list[0].otpauth_uri).unwrap();
    let wrong_password = "Wrong-Pass-Unique-7741";
    let client = PortalClient::new(&url).unwrap();
    client.login(ENROLLED.user_id, wrong_password).await.unwrap_err();
    // A password typed into the user ID field: an unknown user ID is not logged as typed.
    let password_as_user_id = "Typed-In-The-Wrong-Field-3391";
    client.login(password_as_user_id, ENROLLED.password).await.unwrap_err();
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
    let code = enrollment.account.code(&enrollment.secret, now());
    client.submit_otp(&code.0).await.unwrap();
    client.me().await.unwrap();

    // First registration, enrollment and a password reset handle more secrets.
    let outbox = dir.path().join("outbox");
    let mail_code = |to: &str, label: &str| {
        for _ in 0..100 {
            for entry in std::fs::read_dir(&outbox).into_iter().flatten().flatten() {
                // A name starting with "." is a message still being written (renamed when done).
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                if text.contains(&format!("To: {to}"))
                    && let Some(line) = text.lines().find(|line| line.starts_with(label))
                {
                    std::fs::remove_file(entry.path()).unwrap();
                    return line[label.len()..].trim().to_owned();
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("no mail to {to}");
    };
    let new_password = "Registered!Pass-8123";
    let email = "ichiro.log@example.co.jp";
    let member = PortalClient::new(&url).unwrap();
    member.login(INITIAL.user_id, INITIAL.password).await.unwrap();
    member.registration_birth_date(INITIAL.birth_date).await.unwrap();
    let version = member.registration().await.unwrap().terms.version;
    member.agree_terms(&version).await.unwrap();
    member.choose_user_id(INITIAL.user_id).await.unwrap();
    member.set_new_password(new_password).await.unwrap();
    member.give_email(email).await.unwrap();
    let email_code = mail_code(email, "確認コード:");
    member.confirm_email(&email_code).await.unwrap();
    member.login(INITIAL.user_id, new_password).await.unwrap();
    let offer = member.enrollment_offer().await.unwrap();
    let linked = Enrollment::parse(&offer.otpauth_uri).unwrap();
    member.confirm_enrollment(&linked.account.code(&linked.secret, now()).0).await.unwrap();
    member.forgot_password(INITIAL.user_id, email).await.unwrap();
    let reset_code = mail_code(email, "確認コード:");
    let reset_password = "Reset!Pass-5531";
    member
        .reset_password(&PasswordReset {
            user_id: INITIAL.user_id.to_owned(),
            reset_code: reset_code.clone(),
            otp: linked.account.code(&linked.secret, now() + 30).0,
            new_password: reset_password.to_owned(),
        })
        .await
        .unwrap();

    portal.kill().unwrap();
    portal.wait().unwrap();
    let log = reader.join().unwrap();
    assert!(log.contains("TRACE") || log.contains("DEBUG"), "the log was not at trace level");
    let secret = enrollment.secret.to_base32();
    for (what, value) in [
        ("the password", ENROLLED.password),
        ("a wrong password", wrong_password),
        ("a password typed as a user ID", &password_as_user_id.to_lowercase()),
        ("the TOTP secret", secret.as_str()),
        ("a session token", token.as_str()),
        ("the initial password", INITIAL.password),
        ("a new password", new_password),
        ("an email confirmation code", email_code.as_str()),
        ("an enrolled secret", linked.secret.to_base32().as_str()),
        ("a reset code", reset_code.as_str()),
        ("a reset password", reset_password),
    ] {
        assert!(!log.contains(value), "{what} is in the log");
    }
}
