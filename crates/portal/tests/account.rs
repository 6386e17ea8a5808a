//! The member's own settings while logged in: a new password, given with the current one, a new
//! email address, and removing the authenticator with a fresh code from it.

mod common;

use common::{Portal, now, refusal};
use kenpo_api::ErrorCode;
use kenpo_api::demo::ENROLLED;
use kenpo_api::portal::NextStep;

const NEW_PASSWORD: &str = "Kenpo!2026-changed";

#[tokio::test]
async fn a_logged_in_member_changes_the_password_and_every_other_session_ends() {
    let portal = Portal::start(10).await;
    let stranger = portal.client();
    assert_eq!(
        refusal(stranger.change_password(ENROLLED.password, NEW_PASSWORD).await),
        ErrorCode::NotLoggedIn
    );

    // A second session, past the password step only.
    let other = portal.client();
    other.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    // Half-way through a login is not logged in.
    assert_eq!(refusal(other.change_password(ENROLLED.password, NEW_PASSWORD).await), ErrorCode::NotLoggedIn);

    let member = portal.client();
    member.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    member.submit_otp(&enrollment.account.code(&enrollment.secret, now()).0).await.unwrap();

    // Refusals change nothing: the old password still logs in afterwards.
    assert_eq!(refusal(member.change_password("", NEW_PASSWORD).await), ErrorCode::MissingPassword);
    assert_eq!(refusal(member.change_password(ENROLLED.password, "short").await), ErrorCode::PasswordLength);
    assert_eq!(
        refusal(member.change_password(ENROLLED.password, "Ｋｅｎｐｏ２０２６ｘｘ").await),
        ErrorCode::PasswordFullWidth
    );
    assert_eq!(
        refusal(member.change_password(ENROLLED.password, ENROLLED.password).await),
        ErrorCode::PasswordUnchanged
    );
    assert_eq!(
        refusal(member.change_password("Wrong-Pass-2026", NEW_PASSWORD).await),
        ErrorCode::InvalidCredentials
    );
    let status = kenpo_portal::admin::show(&portal.pool().await, ENROLLED.user_id).await.unwrap();
    assert_eq!(status.failed_attempts, 1, "a wrong current password counts like a wrong login");

    member.change_password(ENROLLED.password, NEW_PASSWORD).await.unwrap();
    assert_eq!(member.me().await.unwrap().user_id, ENROLLED.user_id);
    assert_eq!(refusal(other.submit_otp("123456").await), ErrorCode::PasswordStepRequired);
    portal.mail_to(ENROLLED.email.unwrap(), "パスワードが変更されました").await;

    let again = portal.client();
    assert_eq!(
        refusal(again.login(ENROLLED.user_id, ENROLLED.password).await),
        ErrorCode::InvalidCredentials
    );
    again.login(ENROLLED.user_id, NEW_PASSWORD).await.unwrap();
}

#[tokio::test]
async fn a_logged_in_member_changes_the_email_address_with_a_code_sent_to_the_new_one() {
    let portal = Portal::start(10).await;
    let old = ENROLLED.email.unwrap();
    let new = "taro.yamada@example.jp";
    let stranger = portal.client();
    assert_eq!(refusal(stranger.change_email(new).await), ErrorCode::NotLoggedIn);

    let member = portal.client();
    member.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    member.submit_otp(&enrollment.account.code(&enrollment.secret, now()).0).await.unwrap();

    assert_eq!(refusal(member.change_email("taro@").await), ErrorCode::EmailInvalid);
    member.change_email("typo@example.jp").await.unwrap();
    let stale = common::field(&portal.mail_to("typo@example.jp", "確認コード").await, "確認コード:");
    member.change_email(new).await.unwrap();
    let code = common::field(&portal.mail_to(new, "確認コード").await, "確認コード:");
    assert_eq!(refusal(member.confirm_email_change("12ab").await), ErrorCode::MalformedCode);
    // The first address's code no longer confirms anything once a newer address was given.
    assert_eq!(refusal(member.confirm_email_change(&stale).await), ErrorCode::InvalidEmailCode);
    member.confirm_email_change(&code).await.unwrap();
    portal.mail_to(old, "メールアドレスの変更を受け付けました").await;
    // Used once.
    assert_eq!(refusal(member.confirm_email_change(&code).await), ErrorCode::InvalidEmailCode);

    // Recovery now goes to the new address.
    portal.client().forgot_user_id(new).await.unwrap();
    portal.mail_to(new, &format!("ユーザーID: {}", ENROLLED.user_id)).await;

    // A change away from an address that is not the roster's: the roster's is told as well.
    portal.age_mail_limits(24 * 60 * 60).await;
    let newer = "t.yamada@example.net";
    member.change_email(newer).await.unwrap();
    let code = common::field(&portal.mail_to(newer, "確認コード").await, "確認コード:");
    member.confirm_email_change(&code).await.unwrap();
    portal.mail_to(new, "メールアドレスの変更を受け付けました").await;
    // The roster's address heard of both changes.
    portal.await_mails_to(old, 2).await;
}

#[tokio::test]
async fn a_member_removes_the_authenticator_with_a_fresh_code_and_the_next_login_links_a_new_one() {
    let portal = Portal::start(10).await;
    let stranger = portal.client();
    assert_eq!(refusal(stranger.remove_authenticator("123456").await), ErrorCode::NotLoggedIn);

    let member = portal.client();
    member.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    let at = now();
    let used = enrollment.account.code(&enrollment.secret, at).0;
    member.submit_otp(&used).await.unwrap();

    // Refusals change nothing: the member stays logged in with the authenticator linked.
    assert_eq!(refusal(member.remove_authenticator("12345").await), ErrorCode::MalformedOtp);
    assert_eq!(refusal(member.remove_authenticator("１２３４５６").await), ErrorCode::MalformedOtp);
    assert_eq!(
        refusal(member.remove_authenticator(&common::wrong_code(&enrollment)).await),
        ErrorCode::InvalidOtp
    );
    // The code the login just used proves nothing now: someone may have watched it.
    assert_eq!(refusal(member.remove_authenticator(&used).await), ErrorCode::InvalidOtp);
    let status = kenpo_portal::admin::show(&portal.pool().await, ENROLLED.user_id).await.unwrap();
    assert!(status.enrolled);
    assert_eq!(status.failed_attempts, 2, "each wrong code counts like a wrong login");
    assert_eq!(member.me().await.unwrap().user_id, ENROLLED.user_id);

    let other = portal.client();
    other.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let fresh = enrollment.account.code(&enrollment.secret, at + 30).0;
    member.remove_authenticator(&fresh).await.unwrap();
    assert_eq!(refusal(member.me().await), ErrorCode::NotLoggedIn, "this session ended too");
    assert_eq!(refusal(other.submit_otp(&fresh).await), ErrorCode::PasswordStepRequired);
    portal.mail_to(ENROLLED.email.unwrap(), "設定を解除しました").await;
    let status = kenpo_portal::admin::show(&portal.pool().await, ENROLLED.user_id).await.unwrap();
    assert!(!status.enrolled);
    assert_eq!(status.failed_attempts, 0);

    let again = portal.client();
    assert_eq!(again.login(ENROLLED.user_id, ENROLLED.password).await.unwrap().next, NextStep::Enrollment);
}
