//! The app as an authenticator for other services too: accounts added from a QR image file, a
//! copied image and a typed key, each with its code; a code copied; one deleted after a
//! confirmation.

use std::time::Duration;

use kenpo_e2e::{ENROLLED, Session};

fn png(image: &image::GrayImage, dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    image.save(&path).unwrap();
    path
}

/// `text` as a QR code in a PNG file.
fn qr_png(text: &str, dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    png(&qrcode::QrCode::new(text.as_bytes()).unwrap().render::<image::Luma<u8>>().build(), dir, name)
}

#[tokio::test]
async fn accounts_are_added_from_an_image_and_a_typed_key_and_one_is_deleted() {
    let session = Session::start().await;
    let dir = tempfile::tempdir().unwrap();
    session.click("#switch-view").await;
    // The portal's own account, stored by the demo enrollment, is listed with its code.
    session.wait_for_text(".account-name", |text| text == ENROLLED.user_id).await;

    // An image without a QR code is refused by name.
    session.click("#add-account").await;
    let blank = image::GrayImage::from_pixel(300, 300, image::Luma([255]));
    session.choose_file("#image-file", &png(&blank, dir.path(), "blank.png")).await;
    session
        .wait_for_text("#add-error", |text| text.starts_with("画像からQRコードが見つかりませんでした"))
        .await;

    let uri = "otpauth://totp/Bank:bob@example.jp?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Bank";
    session.choose_file("#image-file", &qr_png(uri, dir.path(), "bank.png")).await;
    session.wait_for_text("#notice", |text| text == "1 件のアカウントを追加しました。").await;
    session.wait_for_text("#accounts", |text| text.contains("Bank") && text.contains("bob@example.jp")).await;
    session.screenshot("07-accounts");

    // A screenshot copied to the clipboard (put there with xclip, as a screenshot tool would).
    let shop = "otpauth://totp/Shop:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Shop";
    let copied = qr_png(shop, dir.path(), "shop.png");
    let status = std::process::Command::new("xclip")
        .args(["-selection", "clipboard", "-t", "image/png", "-i"])
        .arg(&copied)
        .status()
        .unwrap();
    assert!(status.success());
    session.click("#add-account").await;
    session.click("#from-clipboard").await;
    session.wait_for_text("#notice", |text| text == "1 件のアカウントを追加しました。").await;
    session.wait_for_text("#accounts", |text| text.contains("Shop") && text.contains("carol")).await;

    // 「コードを手動で入力」: the key as printed, in groups and lower case, checked as typed.
    session.click("#add-account").await;
    session.type_into("#secret", "gezd gnbv gy3t qojq gezd gnbv gy3t qojq").await;
    session.wait_for_text("#secret-check", |text| text == "160 ビットの秘密鍵です。").await;
    session.type_into("#account-name", "会社のメール").await;
    session.screenshot("08-typed-key");
    session.click("#add-key").await;
    session.wait_for_text("#notice", |text| text == "1 件のアカウントを追加しました。").await;
    session.wait_for_text("#accounts", |text| text.contains("会社のメール")).await;
    let codes = session.texts(".account .code").await;
    assert!(codes.iter().all(|code| code.replace(' ', "").len() == 6), "{codes:?}");

    // A tapped code is on the system clipboard (read with xclip on the same X display).
    let before = session.texts(".account .code").await[0].replace(' ', "");
    session.click(".account .code").await;
    session.wait_for_text("#notice", |text| text.starts_with("コピーしました")).await;
    let output =
        std::process::Command::new("xclip").args(["-o", "-selection", "clipboard"]).output().unwrap();
    let copied = String::from_utf8(output.stdout).unwrap();
    // The code shown when tapped, or, when the code changed at that moment, the one the screen
    // shows once told of the change (it is told just after: a CI run copied the new code while
    // the old one was still on screen).
    if copied != before {
        session
            .wait_for_text_within(".account .code", Duration::from_secs(2), |text| {
                text.replace(' ', "") == copied
            })
            .await;
    }

    session.click_xpath("//li[.//span[@class='account-name' and text()='会社のメール']]//button[contains(@class,'danger')]").await;
    session.wait_for_text("#delete-question", |text| text.contains("「会社のメール」を削除しますか？")).await;
    session.screenshot("09-delete-confirm");
    session.click("#delete-yes").await;
    for _ in 0..50 {
        if !session.texts(".account-name").await.iter().any(|name| name == "会社のメール") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let names = session.texts(".account-name").await;
    assert!(!names.iter().any(|name| name == "会社のメール"), "{names:?}");
    assert!(names.iter().any(|name| name == "bob@example.jp"), "{names:?}");
    session.close().await;
}

#[tokio::test]
async fn codes_count_down_on_screen_and_change_when_the_app_says_a_step_ended() {
    let session = Session::start().await;
    session.click("#switch-view").await;
    let first = session.wait_for_text(".account .code", |text| text.len() == 7).await;
    // The seconds run down on the screen alone (the app is asked nothing between changes).
    let before = seconds_left(&session).await;
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    let after = seconds_left(&session).await;
    assert!(after < before || before <= 2, "the countdown stood still: {before} then {after}");
    // At the step's end the app's codes-changed brings the next code.
    session
        .wait_for_text_within(".account .code", Duration::from_secs(35), |text| {
            text.len() == 7 && text != first
        })
        .await;
    session.close().await;
}

/// The seconds left of the first account's code, as its ring tells a screen reader.
async fn seconds_left(session: &Session) -> u64 {
    let ring = session.client.find(fantoccini::Locator::Css(".account .ring")).await.unwrap();
    let label = ring.attr("aria-label").await.unwrap().unwrap_or_default();
    label.chars().filter(char::is_ascii_digit).collect::<String>().parse().unwrap()
}
