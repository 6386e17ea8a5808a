//! A registered member who has not linked an authenticator does it inside the app [guide 3-1,
//! 3-2], in one tap, and logs in with the code the app then fills in.

use kenpo_api::demo::NOT_ENROLLED;
use kenpo_e2e::Session;

#[tokio::test]
async fn a_member_links_this_device_in_one_tap_then_logs_in_with_its_code() {
    let session = Session::start().await;
    session.type_into("#user-id", NOT_ENROLLED.user_id).await;
    session.type_into("#password", NOT_ENROLLED.password).await;
    // This device has no code for the member yet, and the portal has not asked for one.
    assert!(!session.exists("#otp").await);
    session.click("#login").await;

    session.wait_for_text("h1", |text| text == "ワンタイムパスワードの設定").await;
    session.screenshot("04-enrollment");
    session.click("#enroll").await;
    session.wait_for_text("#enrolled", |text| text == "設定が完了しました").await;
    session.screenshot("05-enrolled");
    session.click("#continue").await;
    session.wait_for_text("#welcome", |text| text == format!("{} さん、ようこそ", NOT_ENROLLED.name)).await;

    // At once, within the same 30 seconds: the app fills in a code the portal has not seen yet.
    session.click("#logout").await;
    session.type_into("#user-id", NOT_ENROLLED.user_id).await;
    session.type_into("#password", NOT_ENROLLED.password).await;
    session.wait_for_filled_code().await;
    session.screenshot("06-login-after-enrollment");
    session.click("#login").await;
    session.wait_for_text("#welcome", |text| text.contains(NOT_ENROLLED.name)).await;
    session.close().await;
}
