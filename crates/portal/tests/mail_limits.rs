//! Mail bombing [issue 6, item 7]: a code or reminder of one kind goes to an address at most
//! once a minute, and at most ten a day to an address and for an account. Over the limits nothing changes: a
//! logged-in member is told to wait, a recovery request gets its usual answer and no mail.

mod common;

use common::{Portal, field, now, refusal};
use kenpo_api::ErrorCode;
use kenpo_api::demo::ENROLLED;
use kenpo_portal::mail::{MAIL_COOLDOWN_SECONDS, MAIL_DAILY_CAP};

async fn logged_in(portal: &Portal) -> kenpo_client::PortalClient {
    let member = portal.client();
    member.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    member.submit_otp(&enrollment.account.code(&enrollment.secret, now()).0).await.unwrap();
    member
}

#[tokio::test]
async fn a_code_goes_to_an_address_once_a_minute_and_the_first_stays_valid() {
    let portal = Portal::start(10).await;
    let member = logged_in(&portal).await;
    let address = "taro.new@example.jp";
    member.change_email(address).await.unwrap();
    let first = field(&portal.mail_to(address, "確認コード").await, "確認コード:");
    assert_eq!(refusal(member.change_email(address).await), ErrorCode::TooManyMails);
    assert_eq!(portal.mails_to(address), 1);
    member.confirm_email_change(&first).await.unwrap();

    // A minute later another one may go.
    portal.age_mail_limits(MAIL_COOLDOWN_SECONDS).await;
    member.change_email("taro.other@example.jp").await.unwrap();
    member.change_email(address).await.unwrap();
}

#[tokio::test]
async fn an_account_gets_at_most_ten_codes_a_day_whatever_the_addresses() {
    let portal = Portal::start(10).await;
    let member = logged_in(&portal).await;
    for n in 0..MAIL_DAILY_CAP {
        member.change_email(&format!("address{n}@example.jp")).await.unwrap();
    }
    assert_eq!(refusal(member.change_email("one.more@example.jp").await), ErrorCode::TooManyMails);
    assert_eq!(portal.mails_to("one.more@example.jp"), 0);
    portal.age_mail_limits(24 * 60 * 60).await;
    member.change_email("one.more@example.jp").await.unwrap();
}

#[tokio::test]
async fn recovery_requests_past_the_limits_get_the_usual_answer_and_no_mail() {
    let portal = Portal::start(10).await;
    let email = ENROLLED.email.unwrap();
    let client = portal.client();
    let first = client.forgot_password(ENROLLED.user_id, email).await.unwrap();
    let reset_code = field(&portal.mail_to(email, "確認コード").await, "確認コード:");
    for _ in 0..20 {
        assert_eq!(client.forgot_password(ENROLLED.user_id, email).await.unwrap(), first);
        assert_eq!(client.forgot_user_id(email).await.unwrap(), first);
    }
    // The answers were given at once and their work runs after: wait until each request's
    // claim (every recovery request claims, mail or not) is counted.
    portal.await_mail_claims(41).await;
    assert_eq!(portal.mails_to(email), 2, "one mail of each kind: the first reset code, the first user ID");
    // The code of the one mail that went still resets the password.
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    let reset = kenpo_api::portal::PasswordReset {
        user_id: ENROLLED.user_id.to_owned(),
        reset_code,
        otp: enrollment.account.code(&enrollment.secret, now()).0,
        new_password: "Kenpo!2026-after-bomb".to_owned(),
    };
    client.reset_password(&reset).await.unwrap();
}
