//! The login path against the real server on loopback, spoken to with the real client.

use kenpo_api::ErrorCode;
use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;
use kenpo_portal::demo::ENROLLED;

mod common;

use common::{Portal, now, refusal};

async fn start_portal(demo: bool) -> Portal {
    Portal::start_with(kenpo_portal::DEFAULT_LOCKOUT_THRESHOLD, None, demo).await
}

async fn demo_enrollment(portal: &Portal) -> Enrollment {
    portal.demo_enrollment(ENROLLED.user_id).await
}

#[tokio::test]
async fn enrolled_member_logs_in_with_password_and_code_and_sees_their_name() {
    let portal = start_portal(true).await;
    let enrollment = demo_enrollment(&portal).await;
    let client = PortalClient::new(&portal.url).unwrap();
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let code = enrollment.account.code(&enrollment.secret, now());
    let member = client.submit_otp(&code.0).await.unwrap();
    assert_eq!(member.name, ENROLLED.name);
    assert_eq!(client.me().await.unwrap(), member);
}

#[tokio::test]
async fn user_id_is_case_insensitive_and_full_width_input_is_accepted() {
    let portal = start_portal(true).await;
    let client = PortalClient::new(&portal.url).unwrap();
    client.login(&ENROLLED.user_id.to_uppercase(), ENROLLED.password).await.unwrap();
    client.login("ｙａｍａｄａ．ｔａｒｏ", ENROLLED.password).await.unwrap();
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_guides_message() {
    let portal = start_portal(true).await;
    let client = PortalClient::new(&portal.url).unwrap();
    assert_eq!(
        refusal(client.login(ENROLLED.user_id, "Wrong-Pass-2026").await),
        ErrorCode::InvalidCredentials
    );
    assert_eq!(refusal(client.login("nobody.here", ENROLLED.password).await), ErrorCode::InvalidCredentials);
    assert_eq!(ErrorCode::InvalidCredentials.message_ja(), "無効なユーザーID またはパスワードです。");
}

#[tokio::test]
async fn empty_and_oversized_fields_are_refused_by_name() {
    let portal = start_portal(true).await;
    let client = PortalClient::new(&portal.url).unwrap();
    assert_eq!(refusal(client.login("", "x").await), ErrorCode::MissingUserId);
    assert_eq!(refusal(client.login(ENROLLED.user_id, "").await), ErrorCode::MissingPassword);
    let huge = "p".repeat(10_000);
    assert_eq!(refusal(client.login(ENROLLED.user_id, &huge).await), ErrorCode::InvalidCredentials);
}

#[tokio::test]
async fn code_with_letters_is_malformed_and_code_without_password_step_is_refused() {
    let portal = start_portal(true).await;
    let client = PortalClient::new(&portal.url).unwrap();
    assert_eq!(refusal(client.submit_otp("123456").await), ErrorCode::PasswordStepRequired);
    assert_eq!(refusal(client.me().await), ErrorCode::NotLoggedIn);
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    assert_eq!(refusal(client.submit_otp("12a456").await), ErrorCode::MalformedOtp);
}

#[tokio::test]
async fn wrong_code_leaves_the_member_logged_out() {
    let portal = start_portal(true).await;
    let enrollment = demo_enrollment(&portal).await;
    let client = PortalClient::new(&portal.url).unwrap();
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let wrong = enrollment.account.code(&enrollment.secret, now() - 120).0;
    assert_eq!(refusal(client.submit_otp(&wrong).await), ErrorCode::InvalidOtp);
    assert_eq!(refusal(client.me().await), ErrorCode::NotLoggedIn);
}

#[tokio::test]
async fn demo_secrets_are_not_served_outside_demo_mode() {
    let portal = start_portal(false).await;
    let client = PortalClient::new(&portal.url).unwrap();
    assert_eq!(refusal(client.demo_authenticators().await), ErrorCode::NotFound);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_bad_request() {
    let portal = start_portal(true).await;
    let response = reqwest::Client::new()
        .post(format!("{}api/login", portal.url))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let error: kenpo_api::ApiError = response.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::BadRequest);
}

#[tokio::test]
async fn a_portal_that_is_down_is_reported_as_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let error = PortalClient::new(&url).unwrap().login("yamada.taro", "x").await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::PortalUnreachable);
}
