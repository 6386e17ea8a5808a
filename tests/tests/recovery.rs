//! 「ユーザーIDを忘れた方はこちら」 and 「パスワードを忘れた方はこちら」 [FAQ Q1, Q2] in the real
//! app, through the portal's mail; the reset's one-time password is the one this device fills in.

use kenpo_api::demo::NOT_ENROLLED;
use kenpo_e2e::{ENROLLED, Session};

const NEW_PASSWORD: &str = "Kenpo!2026-reset";

#[tokio::test]
async fn a_member_gets_the_user_id_by_mail_then_resets_the_password_and_logs_in_with_it() {
    let session = Session::start().await;
    let email = ENROLLED.email.unwrap();

    // [FAQ Q1] The user ID by mail.
    session.click("#forgot-user-id").await;
    session.type_into("#email", "yamada.taro").await;
    session.click("#send").await;
    session
        .wait_for_text("#email-error", |text| text.starts_with("メールアドレスの形式が正しくありません"))
        .await;
    session.type_into("#email", email).await;
    session.screens("11-forgot-user-id").await;
    session.click("#send").await;
    session.wait_for_text("#recovery-sent", |text| text.starts_with("ご登録のメールアドレス宛に")).await;
    assert_eq!(session.mailed(email, "ユーザーID:", None).await, ENROLLED.user_id);
    session.screens("12-forgot-user-id-sent").await;
    session.click("#back-to-login").await;

    // [FAQ Q2] The reset code by mail, then the code, a new password under the rules, and this
    // device's one-time password, filled in by the app.
    session.click("#forgot-password").await;
    session.type_into("#user-id", ENROLLED.user_id).await;
    session.type_into("#email", email).await;
    session.click("#send").await;
    session.wait_for_text("#recovery-sent", |text| !text.is_empty()).await;
    let reset_code = session.mailed(email, "確認コード:", None).await;
    // A wrong code is told on its field (a used or expired one gets the same answer).
    let wrong = if reset_code == "00000000" { "11111111" } else { "00000000" };
    session.type_into("#reset-code", wrong).await;
    session.type_into("#new-password", NEW_PASSWORD).await;
    session.click("#reset").await;
    session.wait_for_text("#reset-code-error", |text| !text.is_empty()).await;
    session.type_into("#reset-code", &reset_code).await;
    session.type_into("#new-password", "kenpo").await;
    session.click("#reset").await;
    session
        .wait_for_text("#new-password-error", |text| text.starts_with("パスワードは8文字以上64文字以内"))
        .await;
    session.type_into("#new-password", NEW_PASSWORD).await;
    assert!(session.texts("#password-rules li.broken").await.is_empty());
    session.screens("13-reset-password").await;
    session.click("#reset").await;
    session.wait_for_text("#reset-done", |text| text.starts_with("パスワードを再設定しました")).await;
    session.screens("14-reset-done").await;
    session.click("#back-to-login").await;

    session.type_into("#user-id", ENROLLED.user_id).await;
    session.type_into("#password", NEW_PASSWORD).await;
    session.wait_for_filled_code().await;
    session.click("#login").await;
    // The refused and the accepted reset each took a step's code: the login's is the step after,
    // sent once the portal's clock reaches the one before it.
    let next_step = std::time::Duration::from_secs(45);
    session.wait_for_text_within("#welcome", next_step, |text| text.contains(ENROLLED.name)).await;

    // Logged in, the member changes the password again: the current one is checked.
    session.click("#change-password").await;
    session.type_into("#current-password", ENROLLED.password).await;
    session.type_into("#new-password", "Kenpo!2026-third").await;
    session.click("#change").await;
    session
        .wait_for_text("#current-password-error", |text| text == "無効なユーザーID またはパスワードです。")
        .await;
    session.type_into("#current-password", NEW_PASSWORD).await;
    session.type_into("#new-password", NEW_PASSWORD).await;
    session.click("#change").await;
    session.wait_for_text("#new-password-error", |text| text.starts_with("現在のパスワードと同じ")).await;
    session.type_into("#new-password", "Kenpo!2026-third").await;
    session.screens("20-change-password").await;
    session.click("#change").await;
    session.wait_for_text("#password-changed", |text| text.starts_with("パスワードを変更しました")).await;
    session.click("#back-to-home").await;

    // And the email address, confirmed by the code sent to the new one.
    let new_email = "taro.yamada@example.jp";
    session.click("#change-email").await;
    session.type_into("#email", "taro@").await;
    session.click("#send-code").await;
    session
        .wait_for_text("#email-error", |text| text.starts_with("メールアドレスの形式が正しくありません"))
        .await;
    session.type_into("#email", new_email).await;
    session.click("#send-code").await;
    session.wait_for_text("#code-sent", |text| text.starts_with(new_email)).await;
    let code = session.mailed(new_email, "確認コード:", None).await;
    session.type_into("#email-code", &code).await;
    session.screens("21-change-email-code").await;
    session.click("#confirm-email").await;
    session.wait_for_text("#email-changed", |text| text.starts_with("メールアドレスを変更しました")).await;
    session.click("#back-to-home").await;
    session.wait_for_text("#welcome", |text| text.contains(ENROLLED.name)).await;

    // A new phone: this device's one-time password is removed (its own code proves it), and
    // the next login links the device it happens on — here the same one again.
    session.click("#new-device").await;
    session.screens("22-new-device").await;
    session.click("#remove-authenticator").await;
    session.wait_for_text_within("#device-removed", next_step, |text| text.starts_with("解除しました")).await;
    session.screens("23-device-removed").await;
    session.mailed(new_email, "ワンタイムパスワードの設定を解除しました", None).await;
    session.click("#to-login").await;
    session.type_into("#user-id", ENROLLED.user_id).await;
    session.type_into("#password", "Kenpo!2026-third").await;
    session.click("#login").await;
    session.click("#enroll").await;
    session.wait_for_text("#enrolled", |text| text == "設定が完了しました").await;
    session.click("#continue").await;
    session.wait_for_text("#welcome", |text| text.contains(ENROLLED.name)).await;
    session.close().await;
}

#[tokio::test]
async fn a_device_without_the_members_authenticator_says_what_to_do_instead_of_a_reset_form() {
    let session = Session::start().await;
    session.click("#forgot-password").await;
    session.type_into("#user-id", NOT_ENROLLED.user_id).await;
    session.type_into("#email", NOT_ENROLLED.email.unwrap()).await;
    session.click("#send").await;
    session
        .wait_for_text("#no-authenticator", |text| text.contains("健康保険組合にお問い合わせください"))
        .await;
    assert!(!session.exists("#reset-code").await);
    session.screens("15-reset-without-authenticator").await;
    session.close().await;
}
