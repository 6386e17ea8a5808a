//! The influenza-vaccination subsidy in the real app: the household's applications with their
//! statuses, a new application filled in with a receipt image (a rule broken is named on its
//! field before anything is sent, the expected payout shown), reviewed and sent, acknowledged
//! by mail, and approved by the staff's command line: the member then sees 承認.

use kenpo_e2e::{ENROLLED, Session};

/// A receipt as a phone photographs one, saved where the member picks it from.
fn receipt_photo(dir: &std::path::Path) -> std::path::PathBuf {
    let image = image::RgbImage::from_fn(300, 420, |x, y| {
        let paper = (20..280).contains(&x) && (20..400).contains(&y);
        let line = paper && (40..260).contains(&x) && y > 60 && (y - 60) % 30 < 5;
        match (paper, line) {
            (_, true) => image::Rgb([60, 60, 70]),
            (true, false) => image::Rgb([245, 243, 236]),
            _ => image::Rgb([50, 45, 40]),
        }
    });
    let path = dir.join("領収書.png");
    image.save(&path).unwrap();
    path
}

/// YYYY-MM-DD, as a date field holds it, `days` before today in Japan.
fn date_field(days: u64) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let day = kenpo_api::rules::japan_date(now - days * 86_400);
    format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..])
}

#[tokio::test]
async fn a_member_applies_with_a_receipt_sees_the_payout_and_then_the_staffs_approval() {
    let session = Session::logged_in().await;
    session.click("#open-subsidy").await;
    session.wait_for_text("#subsidy-season", |text| text.contains("年度") && text.contains("3,000円")).await;
    session.wait_for_text("#applications", |text| text.contains("差戻し") && text.contains("承認")).await;
    session.screens("50-subsidy-list").await;

    session.click("#new-application").await;
    session.choose("#subsidy-person", "00").await;
    session.set_value("#subsidy-date", &date_field(3)).await;
    session.type_into("#subsidy-paid", "4500").await;
    session.type_into("#subsidy-grant", "1000").await;
    session.type_into("#subsidy-facility", "みなと内科クリニック").await;
    session.type_into("#subsidy-phone", "090-1234-5678").await;
    // Not yet agreed, no receipt: named on their fields, nothing sent.
    session.click("#to-review").await;
    session.wait_for_text("#problem-consent", |text| !text.is_empty()).await;
    assert!(!session.exists("#subsidy-review").await);
    session.screens("51-subsidy-form-problems").await;

    let dir = tempfile::tempdir().unwrap();
    session.choose_file("#subsidy-receipt", &receipt_photo(dir.path())).await;
    session.wait_for_text("#staged-receipts", |text| text.contains("領収書.png")).await;
    session.click("#subsidy-consent").await;
    // min(4,500 − 1,000, the cap of 3,000)
    session.wait_for_text("#expected-payout", |text| text.contains("3,000円")).await;
    assert!(!session.exists("#problem-consent").await);
    session.screens("52-subsidy-form").await;

    session.click("#to-review").await;
    session
        .wait_for_text("#subsidy-review", |text| {
            text.contains("みなと内科クリニック") && text.contains("3,000円")
        })
        .await;
    session.screens("53-subsidy-review").await;
    session.click("#send-application").await;
    let number = session.wait_for_text("#application-number", |text| text.contains('-')).await;
    session.wait_for_text("#application-time", |text| !text.is_empty()).await;
    session.screens("54-subsidy-sent").await;
    let mailed = session.mailed(ENROLLED.email.unwrap(), "申請番号:", None).await;
    assert_eq!(mailed, number);

    // The staff open it (審査中) and approve it; the member sees 承認.
    assert!(session.admin(&["subsidy", "show", &number]).contains("審査中"));
    session.admin(&["subsidy", "approve", &number, "--outbox", session.outbox.to_str().unwrap()]);
    session.click("#to-applications").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !session
        .texts("#applications > li")
        .await
        .iter()
        .any(|li| li.contains(&number) && li.contains("承認"))
    {
        assert!(std::time::Instant::now() < deadline, "the approval never showed");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    session.screens("55-subsidy-approved").await;
    session.close().await;
}
