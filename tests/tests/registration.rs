//! First registration in the real app [guide 2-2 … 2-8], from the initial password to a login
//! with the code the app fills in, with a wrong input at every step on the way. Every screen is
//! saved at the phone's and the desktop's size under `target/e2e/screens/`.

use kenpo_api::demo::INITIAL;
use kenpo_e2e::Session;

const NEW_USER_ID: &str = "ichiro.suzuki";
const NEW_PASSWORD: &str = "Kenpo!2026-new";
const EMAIL: &str = "ichiro.suzuki@example.co.jp";

#[tokio::test]
async fn a_member_on_the_initial_password_registers_links_this_device_and_logs_in_with_its_code() {
    let session = Session::start().await;
    // [2-2] The login screen asks for no code: this member cannot have one yet.
    session.click("#login-help summary").await;
    session.type_into("#user-id", INITIAL.user_id).await;
    session.type_into("#password", INITIAL.password).await;
    assert!(!session.exists("#otp").await);
    session.screens("01-login-initial-password").await;
    session.click("#login").await;

    // [2-3] Birth date: an impossible date is caught as it is typed, a wrong one by the portal.
    session.wait_for_text("h1", |text| text == "ご自身の生年月日を入力してください").await;
    session.wait_for_text("#step-of", |text| text == "手順 1 / 6").await;
    session.type_into("#birth-date", "20010230").await;
    session.wait_for_text("#birth-date-error", |text| text.starts_with("生年月日は西暦8桁")).await;
    session.type_into("#birth-date", "19990101").await;
    session.click("#next").await;
    session
        .wait_for_text("#birth-date-error", |text| text.starts_with("生年月日が登録内容と一致しません"))
        .await;
    session.screens("02-birth-date-refused").await;
    session.type_into("#birth-date", INITIAL.birth_date).await;
    session.click("#next").await;

    // [2-4] The terms: 同意する only after reading to the end.
    session.wait_for_text("h1", |text| text == "利用規約").await;
    session.wait_enabled("#agree", false).await;
    session.screens("03-terms").await;
    session.scroll_to_end("#terms-text").await;
    session.wait_enabled("#agree", true).await;
    session.click("#agree").await;

    // [2-5] The user ID: kept as it is, or changed, with the stored form and each rule shown.
    session.wait_for_text("h1", |text| text == "ユーザーIDの変更").await;
    assert_eq!(session.value_of("#new-user-id").await, INITIAL.user_id);
    session.wait_for_text("#user-id-result", |text| text == "現在のユーザーIDをそのまま使います。").await;
    session.type_into("#new-user-id", "ＩＣＨＩＲＯ Suzuki").await;
    session.wait_for_text("#user-id-result", |text| text == "登録されるユーザーID：ichiro suzuki").await;
    assert_eq!(session.texts("#user-id-rules li.broken").await.len(), 1);
    session.click("#next").await;
    session.wait_for_text("#user-id-error", |text| text.starts_with("ユーザーIDに使えるのは")).await;
    session.screens("04-user-id-refused").await;
    session.type_into("#new-user-id", "Ichiro.Suzuki").await;
    session
        .wait_for_text("#user-id-result", |text| text == format!("登録されるユーザーID：{NEW_USER_ID}"))
        .await;
    assert!(session.texts("#user-id-rules li.broken").await.is_empty());
    session.click("#next").await;

    // [2-6] The new password: rules ticked as typed; the initial password refused by the portal.
    session.wait_for_text("h1", |text| text == "新しいパスワードを設定してください").await;
    session.type_into("#new-password", "ｋｅｎｐｏ").await;
    assert_eq!(session.texts("#password-rules li.broken").await.len(), 3);
    session.click("#next").await;
    session
        .wait_for_text("#password-error", |text| text.starts_with("パスワードは8文字以上64文字以内"))
        .await;
    session.type_into("#new-password", INITIAL.password).await;
    session.click("#next").await;
    session
        .wait_for_text("#password-error", |text| text == "初期パスワードと同じパスワードは設定できません。")
        .await;
    session.type_into("#new-password", NEW_PASSWORD).await;
    session.click("#show-password").await;
    assert!(session.texts("#password-rules li.broken").await.is_empty());
    session.screens("05-password").await;
    session.click("#next").await;

    // [2-7] The email address, a wrong code, sending again too soon, the right one.
    session.wait_for_text("h1", |text| text == "メールアドレスの確認").await;
    session.type_into("#email", "ichiro@").await;
    session.click("#send-code").await;
    session
        .wait_for_text("#email-error", |text| text.starts_with("メールアドレスの形式が正しくありません"))
        .await;
    session.type_into("#email", EMAIL).await;
    session.click("#send-code").await;
    session.wait_for_text("#code-sent", |text| text.starts_with(EMAIL)).await;
    let first = session.mailed(EMAIL, "確認コード:", None).await;
    let wrong = if first == "000000" { "111111" } else { "000000" };
    session.type_into("#email-code", wrong).await;
    session.click("#confirm-email").await;
    session.wait_for_text("#email-code-error", |text| text.starts_with("確認コードが正しくないか")).await;
    session.screens("06-email-code-refused").await;
    // Sending again at once is refused (one code a minute to an address); the first still works.
    session.click("#resend").await;
    session
        .wait_for_text("#email-code-error", |text| text.starts_with("確認コードを続けて送信できません"))
        .await;
    session.type_into("#email-code", &first).await;
    session.click("#confirm-email").await;

    // [2-8] Complete, and on to linking this device in one tap: no logging out and in again.
    session.wait_for_text("#registered", |text| text == "初回登録が完了しました").await;
    session.wait_for_text("#step-of", |text| text == "手順 6 / 6").await;
    session.screens("07-registration-complete").await;
    session.click("#enroll").await;
    session.wait_for_text("#enrolled", |text| text == "設定が完了しました").await;
    session.screens("08-device-linked").await;
    session.click("#continue").await;
    session.wait_for_text("#welcome", |text| text == format!("{} さん、ようこそ", INITIAL.name)).await;
    session.screens("09-home").await;

    // The next login: the new user ID and password, and the code this device fills in.
    session.click("#logout").await;
    session.type_into("#user-id", NEW_USER_ID).await;
    session.type_into("#password", NEW_PASSWORD).await;
    session.wait_for_filled_code().await;
    session.screens("10-login-code-filled").await;
    session.click("#login").await;
    session.wait_for_text("#welcome", |text| text.contains(INITIAL.name)).await;
    session.close().await;
}
