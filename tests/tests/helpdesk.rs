//! Each of the portal sandbox's scenarios met in the real app: what the member is told, what to
//! do next, and what ヘルプ / 診断 names as the cause. The report the member saves is read back
//! by the helpdesk's `kenpo report`. Screens: `target/e2e/screens/60-…` onwards.

use kenpo_e2e::{ENROLLED, Session};

/// Logs in as the demo's enrolled member without waiting for a code (the portal may be down).
async fn try_login(session: &Session, password: &str) {
    session.type_into("#user-id", ENROLLED.user_id).await;
    session.type_into("#password", password).await;
    session.click("#login").await;
}

/// Opens the diagnostics from the login screen's button and waits for what was found.
async fn diagnostics_from_login(session: &Session) -> String {
    session.click("#find-cause").await;
    session.wait_for_text("#findings", |text| !text.is_empty()).await
}

#[tokio::test]
async fn the_portals_clock_90_s_ahead_is_named_within_2_s_and_the_saved_report_is_read_by_kenpo() {
    let session = Session::in_scenario("clock-skew=+90s").await;
    // The login screen warns, and the app's codes follow the portal's clock: the login works.
    session.type_into("#user-id", ENROLLED.user_id).await;
    session.wait_for_text("#clock-warning", |text| text.contains("遅れています")).await;
    session.type_into("#password", ENROLLED.password).await;
    session.wait_for_filled_code().await;
    session.click("#login").await;
    session.wait_for_text("#welcome", |text| text.contains(ENROLLED.name)).await;

    session.click("#settings").await;
    session.click("#diagnostics").await;
    let seconds = session.wait_for_text("#clock-offset-seconds", |text| !text.is_empty()).await;
    let seconds: f64 = seconds.parse().unwrap();
    assert!((seconds - 90.0).abs() <= 2.0, "the offset shown: {seconds}");
    session.wait_for_text("#clock-verdict", |text| text.contains("遅れています")).await;
    let findings = session.wait_for_text("#findings", |text| text.contains("[FAQ Q5]")).await;
    assert!(findings.contains("自動設定"), "{findings}");
    session.wait_for_text("#app-facts", |text| text.contains(ENROLLED.user_id)).await;
    // The login screen's quiet lookups while the user ID was typed are no errors of the member's.
    session.wait_for_text("#recent-errors", |text| text == "ありません。").await;
    session.screens("60-diagnostics-clock-skew").await;

    session.click("#save-report").await;
    session.accept_save_dialog("診断レポートを保存").await;
    session.wait_for_text("#save-status", |text| text.starts_with("保存しました")).await;
    let saved = session.downloaded_starting("kenpo-diagnostics-").await;
    let contents = std::fs::read_to_string(&saved).unwrap();
    assert!(!contents.contains(ENROLLED.password) && !contents.contains("otpauth"), "{contents}");
    let (status, told) = session.kenpo(&["report", saved.to_str().unwrap()]);
    assert_eq!(status, Some(0), "{told}");
    assert!(told.contains(ENROLLED.user_id) && told.contains("[FAQ Q5]"), "{told}");
    assert!(told.contains("遅れています") && told.contains("s slow"), "{told}");
    session.close().await;
}

#[tokio::test]
async fn maintenance_is_told_with_the_time_it_ends_and_the_diagnostics_name_it() {
    let session = Session::in_scenario("maintenance").await;
    try_login(&session, ENROLLED.password).await;
    session.wait_for_text("#error", |text| text.starts_with("ただいまメンテナンス中です")).await;
    session.wait_for_text("#maintenance-until", |text| text.starts_with("終了予定：20")).await;
    session.screens("61-login-maintenance").await;
    let findings = diagnostics_from_login(&session).await;
    assert!(findings.contains("メンテナンス中"), "{findings}");
    session.wait_for_text("#recent-errors", |text| text.contains("maintenance")).await;
    session.screens("62-diagnostics-maintenance").await;
    session.close().await;
}

#[tokio::test]
async fn a_server_error_and_a_broken_tls_address_are_each_named_at_their_step() {
    let session = Session::in_scenario("server-error").await;
    try_login(&session, ENROLLED.password).await;
    session.wait_for_text("#error", |text| text.starts_with("ポータルで問題が発生しました")).await;
    let findings = diagnostics_from_login(&session).await;
    assert!(findings.contains("正しく動いていません") && findings.contains("internal"), "{findings}");
    session.wait_for_text("#checks tr.failed", |text| text.contains("応答（HTTP）")).await;
    session.close().await;

    let session = Session::in_scenario("tls-broken").await;
    try_login(&session, ENROLLED.password).await;
    session.wait_for_text("#error", |text| text.starts_with("ポータルに接続できません")).await;
    let findings = diagnostics_from_login(&session).await;
    assert!(findings.contains("安全な接続ができません"), "{findings}");
    session.wait_for_text("#checks tr.failed", |text| text.contains("安全な接続（TLS）")).await;
    session.screens("63-diagnostics-tls-broken").await;
    session.close().await;
}

#[tokio::test]
async fn a_locked_member_is_told_how_a_lock_is_learnt_and_the_diagnostics_point_to_q3_and_q4() {
    let session = Session::in_scenario("locked").await;
    try_login(&session, ENROLLED.password).await;
    session.wait_for_text("#error", |text| text == "無効なユーザーID またはパスワードです。").await;
    session.wait_for_text("#lock-note", |text| text.contains("登録メールアドレスにお知らせ")).await;
    session.click("#faq").await;
    session.click("#faq-diagnostics").await;
    let findings = session.wait_for_text("#findings", |text| text.contains("[FAQ Q4]")).await;
    assert!(findings.contains("ロック中も同じ表示です（Q3）"), "{findings}");
    session.close().await;
}

#[tokio::test]
async fn a_member_back_on_the_initial_password_or_unlinked_is_led_to_the_step_due() {
    let session = Session::in_scenario("initial-password").await;
    // 記号 10, 番号 0001, born 1980-05-15 [guide 2-2].
    try_login(&session, "10000119800515").await;
    session.wait_for_text("#step-of", |text| text.starts_with("手順 1")).await;
    session.close().await;

    let session = Session::in_scenario("not-enrolled").await;
    try_login(&session, ENROLLED.password).await;
    session.wait_for_text("h1", |text| text == "ワンタイムパスワードの設定").await;
    session.close().await;
}

#[tokio::test]
async fn an_expired_reset_code_is_refused_with_the_way_to_start_again() {
    let session = Session::in_scenario("reset-code-expired").await;
    let email = ENROLLED.email.unwrap();
    session.click("#forgot-password").await;
    session.type_into("#user-id", ENROLLED.user_id).await;
    session.type_into("#email", email).await;
    session.click("#send").await;
    session.wait_for_text("#recovery-sent", |text| !text.is_empty()).await;
    let reset_code = session.mailed(email, "確認コード:", None).await;
    session.type_into("#reset-code", &reset_code).await;
    session.type_into("#new-password", "Kenpo!2026-expired").await;
    session.click("#reset").await;
    session
        .wait_for_text("#reset-code-error", |text| {
            text.contains("有効期限（10分）が切れています") && text.contains("やり直して")
        })
        .await;
    session.close().await;
}

#[tokio::test]
async fn a_slow_portal_shows_the_login_under_way_and_still_logs_the_member_in() {
    let session = Session::in_scenario("slow=2s").await;
    session.type_into("#user-id", ENROLLED.user_id).await;
    session.type_into("#password", ENROLLED.password).await;
    session.wait_for_filled_code().await;
    session.click("#login").await;
    session.wait_for_text("#login", |text| text == "ログインしています…").await;
    session.wait_for_text("#welcome", |text| text.contains(ENROLLED.name)).await;
    session.close().await;
}
