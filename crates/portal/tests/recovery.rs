//! Recovery by email [FAQ Q1, Q2], with mail sent over real SMTP to a server on loopback: the
//! answers never tell whether an account or address exists, reset codes work once and for ten
//! minutes, and a reset still needs a current one-time password.

mod common;

use std::time::Duration;

use common::{Portal, ReceivedMail, field, now, refusal, smtp_sink, wrong_code};
use kenpo_api::ErrorCode;
use kenpo_api::demo::{ENROLLED, INITIAL, NOT_ENROLLED};
use kenpo_api::portal::PasswordReset;
use kenpo_portal::DEFAULT_LOCKOUT_THRESHOLD;
use tokio::sync::mpsc::UnboundedReceiver;

const ENROLLED_EMAIL: &str = "yamada.taro@example.co.jp";
const NEW_PASSWORD: &str = "Reset!Pass-2026";

async fn next_mail(mails: &mut UnboundedReceiver<ReceivedMail>) -> ReceivedMail {
    tokio::time::timeout(Duration::from_secs(10), mails.recv()).await.expect("a mail within 10 s").unwrap()
}

async fn no_mail(mails: &mut UnboundedReceiver<ReceivedMail>) {
    if let Ok(Some(mail)) = tokio::time::timeout(Duration::from_millis(500), mails.recv()).await {
        panic!("unexpected mail to {:?}", mail.recipients);
    }
}

/// The raw answer to a recovery request, to compare known and unknown cases byte for byte.
async fn raw(portal: &Portal, path: &str, body: serde_json::Value) -> (u16, String) {
    let response =
        reqwest::Client::new().post(format!("{}{path}", portal.url)).json(&body).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn reset(code: &str, otp: &str, new_password: &str) -> PasswordReset {
    PasswordReset {
        user_id: ENROLLED.user_id.to_owned(),
        reset_code: code.to_owned(),
        otp: otp.to_owned(),
        new_password: new_password.to_owned(),
    }
}

#[tokio::test]
async fn a_forgotten_user_id_is_mailed_and_an_unknown_address_gets_the_same_answer() {
    let (smtp, mut mails) = smtp_sink().await;
    let portal = Portal::start_with(DEFAULT_LOCKOUT_THRESHOLD, Some(smtp), true).await;
    let known =
        raw(&portal, "api/recovery/user-id", serde_json::json!({ "email": "Yamada.Taro@Example.co.jp" }))
            .await;
    let mail = next_mail(&mut mails).await;
    assert_eq!(mail.recipients, [ENROLLED_EMAIL]);
    assert_eq!(field(&mail.data, "ユーザーID:"), ENROLLED.user_id);

    let unknown =
        raw(&portal, "api/recovery/user-id", serde_json::json!({ "email": "nobody@example.co.jp" })).await;
    assert_eq!(known, unknown);
    assert_eq!(known.0, 200);
    no_mail(&mut mails).await;
    // Not even an address: the same answer again.
    let junk = raw(&portal, "api/recovery/user-id", serde_json::json!({ "email": "not an address" })).await;
    assert_eq!(junk, known);
}

#[tokio::test]
async fn a_password_is_reset_with_the_mailed_code_and_a_current_one_time_password() {
    let (smtp, mut mails) = smtp_sink().await;
    let portal = Portal::start_with(DEFAULT_LOCKOUT_THRESHOLD, Some(smtp), true).await;
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    let client = portal.client();

    let known = raw(
        &portal,
        "api/recovery/password",
        serde_json::json!({ "user_id": ENROLLED.user_id, "email": ENROLLED_EMAIL }),
    )
    .await;
    let mail = next_mail(&mut mails).await;
    let code = field(&mail.data, "確認コード:");
    assert_eq!(code.len(), 8);
    for (user_id, email) in [
        (ENROLLED.user_id, "someone.else@example.co.jp"),
        ("nobody.here", ENROLLED_EMAIL),
        ("nobody.here", "nobody@example.co.jp"),
    ] {
        let unknown =
            raw(&portal, "api/recovery/password", serde_json::json!({ "user_id": user_id, "email": email }))
                .await;
        assert_eq!(unknown, known, "{user_id} {email}");
    }
    no_mail(&mut mails).await;

    let otp = |at: u64| enrollment.account.code(&enrollment.secret, at).0;
    // The new password's rules come first and change nothing.
    assert_eq!(
        refusal(client.reset_password(&reset(&code, &otp(now()), "short")).await),
        ErrorCode::PasswordLength
    );
    assert_eq!(
        refusal(client.reset_password(&reset("0000-000", &otp(now()), NEW_PASSWORD)).await),
        ErrorCode::MalformedCode
    );
    let wrong = if code == "00000000" { "11111111" } else { "00000000" };
    assert_eq!(
        refusal(client.reset_password(&reset(wrong, &otp(now()), NEW_PASSWORD)).await),
        ErrorCode::InvalidResetCode
    );
    assert_eq!(
        refusal(client.reset_password(&reset(&code, &wrong_code(&enrollment), NEW_PASSWORD)).await),
        ErrorCode::InvalidOtp
    );
    let mut unknown_user = reset(&code, &otp(now()), NEW_PASSWORD);
    unknown_user.user_id = "nobody.here".into();
    assert_eq!(refusal(client.reset_password(&unknown_user).await), ErrorCode::InvalidResetCode);

    client.reset_password(&reset(&code, &otp(now() + 30), NEW_PASSWORD)).await.unwrap();
    let notice = next_mail(&mut mails).await;
    assert_eq!(notice.recipients, [ENROLLED_EMAIL]);
    assert!(notice.data.contains("パスワードが再設定されました"));

    // Single use, and the old password is gone.
    assert_eq!(
        refusal(client.reset_password(&reset(&code, &otp(now() + 30), "Another!Pass-1")).await),
        ErrorCode::InvalidResetCode
    );
    assert_eq!(
        refusal(client.login(ENROLLED.user_id, ENROLLED.password).await),
        ErrorCode::InvalidCredentials
    );
    client.login(ENROLLED.user_id, NEW_PASSWORD).await.unwrap();
    // The code used for the reset was spent like a login code.
    assert_eq!(refusal(client.submit_otp(&otp(now() + 30)).await), ErrorCode::InvalidOtp);
}

#[tokio::test]
async fn an_expired_reset_code_is_refused() {
    let (smtp, mut mails) = smtp_sink().await;
    let portal = Portal::start_with(DEFAULT_LOCKOUT_THRESHOLD, Some(smtp), true).await;
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    let client = portal.client();
    client.forgot_password(ENROLLED.user_id, ENROLLED_EMAIL).await.unwrap();
    let code = field(&next_mail(&mut mails).await.data, "確認コード:");
    sqlx::query("UPDATE password_resets SET expires_at = $1")
        .bind(now() as i64 - 1)
        .execute(&portal.pool().await)
        .await
        .unwrap();
    let otp = enrollment.account.code(&enrollment.secret, now()).0;
    assert_eq!(
        refusal(client.reset_password(&reset(&code, &otp, NEW_PASSWORD)).await),
        ErrorCode::InvalidResetCode
    );
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
}

#[tokio::test]
async fn a_newer_request_replaces_the_older_code() {
    let (smtp, mut mails) = smtp_sink().await;
    let portal = Portal::start_with(DEFAULT_LOCKOUT_THRESHOLD, Some(smtp), true).await;
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    let client = portal.client();
    client.forgot_password(ENROLLED.user_id, ENROLLED_EMAIL).await.unwrap();
    let first = field(&next_mail(&mut mails).await.data, "確認コード:");
    // A minute later (one code mail a minute to an address).
    portal.age_mail_limits(60).await;
    client.forgot_password(ENROLLED.user_id, ENROLLED_EMAIL).await.unwrap();
    let second = field(&next_mail(&mut mails).await.data, "確認コード:");
    let otp = enrollment.account.code(&enrollment.secret, now()).0;
    if first != second {
        assert_eq!(
            refusal(client.reset_password(&reset(&first, &otp, NEW_PASSWORD)).await),
            ErrorCode::InvalidResetCode
        );
    }
    client.reset_password(&reset(&second, &otp, NEW_PASSWORD)).await.unwrap();
}

#[tokio::test]
async fn members_who_cannot_reset_are_told_by_mail_what_to_do_instead() {
    let (smtp, mut mails) = smtp_sink().await;
    let portal = Portal::start_with(DEFAULT_LOCKOUT_THRESHOLD, Some(smtp), true).await;
    let client = portal.client();
    // Registered without an authenticator: a reset could not be confirmed with a code.
    client.forgot_password(NOT_ENROLLED.user_id, "sato.hanako@example.co.jp").await.unwrap();
    // Long lines are folded for 8-bit mail; read the text unfolded.
    let mail = next_mail(&mut mails).await.data.replace('\n', "");
    assert!(mail.contains("健康保険組合にお問い合わせください"), "{mail}");
    assert!(!mail.contains("確認コード:"));
    // Not registered yet: the initial password still works.
    client.forgot_password(INITIAL.user_id, "suzuki.ichiro@example.co.jp").await.unwrap();
    let mail = next_mail(&mut mails).await.data.replace('\n', "");
    assert!(mail.contains("初期パスワードでログイン") || mail.contains("初期パスワード（"), "{mail}");
}

#[tokio::test]
async fn wrong_reset_codes_count_towards_the_lockout() {
    let (smtp, mut mails) = smtp_sink().await;
    let portal = Portal::start_with(3, Some(smtp), true).await;
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    let client = portal.client();
    client.forgot_password(ENROLLED.user_id, ENROLLED_EMAIL).await.unwrap();
    let code = field(&next_mail(&mut mails).await.data, "確認コード:");
    let otp = enrollment.account.code(&enrollment.secret, now()).0;
    let wrong = if code == "00000000" { "11111111" } else { "00000000" };
    for _ in 0..3 {
        assert_eq!(
            refusal(client.reset_password(&reset(wrong, &otp, NEW_PASSWORD)).await),
            ErrorCode::InvalidResetCode
        );
    }
    assert_eq!(
        refusal(client.reset_password(&reset(&code, &otp, NEW_PASSWORD)).await),
        ErrorCode::AccountLocked
    );
}
