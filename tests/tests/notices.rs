//! What a member logs in for, in the real app: the medical notices by person and by year, the
//! tax export (its caveat shown first) and a printable year saved through the save dialog, the
//! benefit notices and the qualification notices, at both window sizes.

use kenpo_e2e::Session;

#[tokio::test]
async fn a_member_reads_the_households_notices_exports_a_year_and_saves_a_pdf() {
    let session = Session::logged_in().await;
    session.screens("40-home-with-notices").await;
    session.click("#open-medical").await;
    // The newest year with notices, every person of the household, months in 西暦 and 和暦.
    session
        .wait_for_text(".month-heading", |text| {
            text.contains("年") && text.contains("令和") && text.ends_with("診療分）")
        })
        .await;
    session
        .wait_for_text("#total-household", |text| text.contains("世帯の合計") && text.ends_with('円'))
        .await;
    let people = session.texts(".row-detail .person").await;
    assert!(
        people.iter().any(|name| name == "山田 太郎") && people.iter().any(|name| name != "山田 太郎"),
        "{people:?}"
    );
    session.screens("41-medical").await;

    // One person: the son's rows only, and his total.
    session.choose("#medical-person", "02").await;
    session.wait_for_text("#total-02", |text| text.contains("山田 一郎")).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while session.texts(".row-detail .person").await.iter().any(|name| name != "山田 一郎") {
        assert!(std::time::Instant::now() < deadline, "other people's rows stayed");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    session.screens("42-medical-one-person").await;

    // The year before, for everyone.
    session.choose("#medical-person", "").await;
    let years = session.texts("#medical-year option").await;
    let last_year: String = years[1].chars().take(4).collect();
    session.choose("#medical-year", &last_year).await;
    session.wait_for_text(".month-heading", |text| text.starts_with(&format!("{last_year}年"))).await;

    // The tax export: what it is, and (for this year) that it is incomplete, before saving.
    let this_year: String = years[0].chars().take(4).collect();
    session.choose("#medical-year", &this_year).await;
    session.wait_for_text(".month-heading", |text| text.starts_with(&format!("{this_year}年"))).await;
    session.click("#export").await;
    session.wait_for_text("#export-caveat", |text| text.contains("途中まで")).await;
    session.screens("43-medical-export").await;
    session.click("#export-xlsx").await;
    session.accept_save_dialog("医療費集計フォームを保存").await;
    let name = format!("医療費集計フォーム_{this_year}.xlsx");
    session.wait_for_text("#save-status", |text| text == format!("保存しました：{name}")).await;
    assert!(session.downloaded(&name).await.starts_with(b"PK"), "an xlsx is a zip");
    session.screens("44-medical-exported").await;

    // The printable year.
    session.click("#save-medical-pdf").await;
    session.accept_save_dialog("医療費のお知らせを保存").await;
    let name = format!("医療費のお知らせ_{this_year}.pdf");
    session.wait_for_text("#save-status", |text| text == format!("保存しました：{name}")).await;
    assert!(session.downloaded(&name).await.starts_with(b"%PDF-"));

    session.click("#tab-benefit").await;
    session
        .wait_for_text("#benefit-notices", |text| text.contains("高額療養費") && text.contains("事業主"))
        .await;
    session.screens("45-benefits").await;
    session.click("#tab-qualification").await;
    session.wait_for_text("#qualification-00", |text| text.contains("0001") && text.contains("3割")).await;
    session.screens("46-qualifications").await;
    session.close().await;
}
