//! A member logs in with the code the app makes itself, in the real app.

use kenpo_e2e::{ENROLLED, Session};

#[tokio::test]
async fn member_logs_in_with_the_code_the_app_fills_in_and_is_greeted_by_name() {
    let session = Session::start().await;
    session.type_into("#user-id", ENROLLED.user_id).await;
    session.type_into("#password", ENROLLED.password).await;

    // The style sheet applies under the CSP (`style-src 'self'`, no inline styles).
    let radius = session
        .client
        .execute("return getComputedStyle(document.querySelector('.card')).borderRadius", vec![]);
    assert_eq!(radius.await.unwrap(), serde_json::json!("12px"));

    // The app fills the code from its own authenticator and counts down.
    session.wait_for_filled_code().await;
    session.wait_for_text("#seconds-left", |text| text.starts_with("あと ") && text.ends_with(" 秒")).await;
    session.screenshot("01-login-code-filled");

    session.click("#login").await;
    session.wait_for_text("#welcome", |text| text == format!("{} さん、ようこそ", ENROLLED.name)).await;
    session.screenshot("02-home");
    session.close().await;
}

#[tokio::test]
async fn wrong_password_shows_the_guides_message_and_the_app_keeps_working() {
    let session = Session::start().await;
    session.type_into("#user-id", ENROLLED.user_id).await;
    session.type_into("#password", "Wrong-Pass-2026").await;
    session.click("#login").await;
    session.wait_for_text("#error", |text| text == "無効なユーザーID またはパスワードです。").await;
    session.screenshot("03-wrong-password");

    // An empty password is caught before it travels, and the right one still works after.
    session.type_into("#password", "").await;
    session.click("#login").await;
    session.wait_for_text("#password-error", |text| text == "パスワードを入力してください。").await;

    session.type_into("#password", ENROLLED.password).await;
    session.click("#login").await;
    session.wait_for_text("#welcome", |text| text.contains(ENROLLED.name)).await;
    session.close().await;
}

#[tokio::test]
async fn a_locked_member_is_answered_as_any_wrong_password_and_the_faq_has_the_remedies() {
    let session = Session::start().await;
    let locked = kenpo_api::demo::LOCKED;
    session.type_into("#user-id", locked.user_id).await;
    session.type_into("#password", locked.password).await;
    session.click("#login").await;
    // The right password of a locked account gets a wrong one's answer (the lock is told by
    // mail), with how a member learns of a lock.
    session.wait_for_text("#error", |text| text == "無効なユーザーID またはパスワードです。").await;
    session.wait_for_text("#lock-note", |text| text.contains("登録メールアドレスにお知らせ")).await;
    session.screens("16-locked").await;

    // [FAQ Q4] A password typed in full-width is pointed out as it is typed.
    session.type_into("#password", "Ｄｅｍｏ").await;
    session.wait_for_text("#full-width-hint", |text| text.starts_with("パスワードに全角文字")).await;

    session.click("#faq").await;
    session.wait_for_text("h1", |text| text == "よくある質問").await;
    session.click("#faq-check-clock").await;
    session.wait_for_text("#clock-result", |text| text.starts_with("ポータルとの時計のずれ")).await;
    session.screens("17-faq").await;
    session.click("#faq-forgot-user-id").await;
    session.wait_for_text("h1", |text| text == "ユーザーIDを忘れた方はこちら").await;
    session.close().await;
}

#[tokio::test]
async fn the_language_and_theme_chosen_in_the_settings_are_used_and_kept_on_this_device() {
    let session = Session::start().await;
    session.click("#settings").await;
    session.wait_for_text("h1", |text| text == "設定").await;
    session.click("#lang-en").await;
    session.wait_for_text("h1", |text| text == "Settings").await;
    session.click("#theme-dark").await;

    // The portal's address: http:// to another machine is refused on its field and nothing
    // changes; the same portal typed without its final slash is saved in its normal form.
    session.type_into("#portal-url", "http://portal.example-kenpo.or.jp/").await;
    session.click("#save-portal-url").await;
    session
        .wait_for_text("#portal-url-error", |text| text.starts_with("An http:// address cannot be used"))
        .await;
    session.type_into("#portal-url", session.portal_url.trim_end_matches('/')).await;
    session.click("#save-portal-url").await;
    session.wait_for_text("#portal-url-saved", |text| text.starts_with("Changed.")).await;
    assert_eq!(session.value_of("#portal-url").await, session.portal_url);
    session.screens("18-settings-dark").await;
    session.click("#licences").await;
    session.wait_for_text("#licence-count", |text| text.contains("open-source components")).await;
    let script = "return [...document.querySelectorAll('#licence-list .crate')].map(e => e.textContent)";
    let crates = session.client.execute(script, vec![]).await.unwrap();
    assert!(
        crates.as_array().unwrap().iter().any(|name| name.as_str().unwrap().starts_with("tauri 2.")),
        "{crates}"
    );
    session.screens("25-licences").await;
    session.click("#back-to-settings").await;
    let kept = session
        .client
        .execute("return [localStorage.getItem('kenpo.lang'), localStorage.getItem('kenpo.theme'), document.documentElement.dataset.theme]", vec![])
        .await
        .unwrap();
    assert_eq!(kept, serde_json::json!(["en", "dark", "dark"]));
    // Back where the member was, in English.
    session.click("#settings").await;
    session.wait_for_text("h1", |text| text == "Log in").await;
    session.screens("19-login-english-dark").await;
    session.close().await;
}

#[tokio::test]
async fn a_portal_that_is_down_is_told_on_each_form_with_what_to_do() {
    let mut session = Session::start().await;
    session.stop_portal();
    session.type_into("#user-id", ENROLLED.user_id).await;
    session.type_into("#password", ENROLLED.password).await;
    session.click("#login").await;
    let unreachable = "ポータルに接続できません。ネットワーク接続を確認して、もう一度お試しください。";
    session.wait_for_text("#error", |text| text == unreachable).await;
    session.wait_enabled("#login", true).await;
    session.screens("24-portal-down").await;

    session.click("#forgot-user-id").await;
    session.type_into("#email", ENROLLED.email.unwrap()).await;
    session.click("#send").await;
    session.wait_for_text("#error", |text| text == unreachable).await;
    session.close().await;
}
