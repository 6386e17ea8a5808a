//! The notices a member logs in for, over HTTP and through the staff's admin command line: the
//! household rule (the insured person sees everyone, a dependant with her own login herself), a
//! notice of another household answered as one that does not exist, retention, the tax export
//! read back from its `.xlsx`, the staff's import and its refusals, and the new-notice mail.

mod common;

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use common::{Portal, answer, login, password_step, raw};
use kenpo_api::ErrorCode;
use kenpo_api::demo::{DEPENDANT, ENROLLED, INITIAL, LOCKED, NOT_ENROLLED};
use kenpo_api::notices::{BenefitNotices, MedicalYear, QualificationNotice};
use kenpo_portal::Config;
use kenpo_portal::notices::Retention;
use kenpo_portal::notices::export::{COLUMNS, FIRST_DATA_ROW, HEADER_ROW};
use reqwest::Method;

async fn get<T: serde::de::DeserializeOwned>(portal: &Portal, token: &str, path: &str) -> T {
    let answer = answer(raw(portal, Method::GET, path, Some(token))).await;
    assert_eq!(answer.status, 200, "{path}: {:?}", answer.refusal);
    serde_json::from_value(answer.body).unwrap()
}

async fn refused(portal: &Portal, token: &str, path: &str) -> ErrorCode {
    answer(raw(portal, Method::GET, path, Some(token)))
        .await
        .refusal
        .unwrap_or_else(|| panic!("{path} was served"))
}

/// Every row of every page of a year.
async fn whole_year(
    portal: &Portal,
    token: &str,
    query: &str,
) -> (MedicalYear, Vec<kenpo_api::notices::MedicalNotice>) {
    let first: MedicalYear = get(portal, token, &format!("api/notices/medical?{query}")).await;
    let mut rows = first.notices.clone();
    for page in 2..=first.pages {
        let next: MedicalYear = get(portal, token, &format!("api/notices/medical?{query}&page={page}")).await;
        rows.extend(next.notices);
    }
    (first, rows)
}

#[tokio::test]
async fn the_insured_person_sees_the_household_and_a_dependant_with_her_own_login_only_herself() {
    let portal = Portal::start(10).await;
    let taro = login(&portal, &ENROLLED).await;
    let hanako = login(&portal, &DEPENDANT).await;

    let year: MedicalYear = get(&portal, &taro, "api/notices/medical").await;
    let people: Vec<&str> = year.household.iter().map(|person| person.person.as_str()).collect();
    assert_eq!(people, ["00", "01", "02"]);
    let (_, rows) = whole_year(&portal, &taro, &format!("year={}", year.year)).await;
    for person in ["00", "01", "02"] {
        assert!(rows.iter().any(|row| row.person == person), "{person} in {rows:?}");
    }

    let hers: MedicalYear = get(&portal, &hanako, &format!("api/notices/medical?year={}", year.year)).await;
    assert_eq!(hers.household.len(), 1);
    assert_eq!(hers.household[0].name, DEPENDANT.name);
    assert!(hers.notices.iter().all(|row| row.person == "01"));
    assert!(!hers.notices.is_empty());
    // Her husband's and son's rows are not hers to choose, and answer as nobody's.
    for path in
        ["api/notices/medical?person=00", "api/notices/medical?person=02", "api/notices/medical?person=99"]
    {
        assert_eq!(refused(&portal, &hanako, path).await, ErrorCode::NotFound, "{path}");
    }
    // The insured person chooses one person.
    let son: MedicalYear =
        get(&portal, &taro, &format!("api/notices/medical?year={}&person=02", year.year)).await;
    assert!(son.notices.iter().all(|row| row.person == "02") && !son.notices.is_empty());
    assert_eq!(son.per_person.len(), 1);

    let benefits: BenefitNotices = get(&portal, &taro, "api/notices/benefits").await;
    let kinds: Vec<&str> = benefits.notices.iter().map(|notice| notice.kind.as_str()).collect();
    assert!(
        kinds.contains(&"高額療養費") && kinds.contains(&"傷病手当金") && kinds.contains(&"療養費"),
        "{kinds:?}"
    );
    let paid: Vec<&str> = benefits.notices.iter().map(|notice| notice.paid_on.as_str()).collect();
    assert!(paid.windows(2).all(|pair| pair[0] >= pair[1]), "newest first: {paid:?}");
    let her_benefits: BenefitNotices = get(&portal, &hanako, "api/notices/benefits").await;
    assert!(her_benefits.notices.iter().all(|notice| notice.person == "01"));
    let high_cost = &her_benefits.notices.iter().find(|notice| notice.kind == "高額療養費").unwrap();
    assert!(high_cost.via_employer && high_cost.month.is_some() && high_cost.additional > 0);

    let qualifications: Vec<QualificationNotice> = get(&portal, &taro, "api/notices/qualifications").await;
    assert_eq!(qualifications.len(), 3);
    let own = &qualifications[0];
    assert_eq!((own.kigo.as_str(), own.bango.as_str(), own.edaban.as_str()), ("10", "0001", "00"));
    assert_eq!((own.name.as_str(), own.birth_date.as_str()), (ENROLLED.name, ENROLLED.birth_date));
    assert_eq!((own.insurer_number.len(), own.copay_tenths), (8, 3));
    let hers: Vec<QualificationNotice> = get(&portal, &hanako, "api/notices/qualifications").await;
    assert_eq!(hers.len(), 1);
    assert_eq!(hers[0].bango, "0001", "記号・番号 stay zero-padded text");
}

#[tokio::test]
async fn a_notice_of_another_household_answers_exactly_as_one_that_does_not_exist() {
    let portal = Portal::start(10).await;
    let taro = login(&portal, &ENROLLED).await;
    let hanako = login(&portal, &DEPENDANT).await;
    let pool = portal.pool().await;
    let id_of = |kigo: &'static str, bango: &'static str, edaban: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT n.id FROM benefit_notices n JOIN roster r ON r.id = n.roster_id
                 WHERE r.kigo = $1 AND r.bango = $2 AND r.edaban = $3",
            )
            .bind(kigo)
            .bind(bango)
            .bind(edaban)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let sato = id_of("10", "2345", "00").await;
    let taros = id_of("10", "0001", "00").await;
    let shown =
        answer(raw(&portal, Method::GET, &format!("api/notices/benefits/{taros}"), Some(&taro))).await;
    assert_eq!(shown.status, 200);

    let raw_answer = |path: String, token: String| {
        let request = raw(&portal, Method::GET, &path, Some(&token));
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let nobodys = raw_answer("api/notices/benefits/999999999".into(), taro.clone()).await;
    assert_eq!(nobodys.0, 404);
    for (path, token) in [
        (format!("api/notices/benefits/{sato}"), &taro),
        (format!("api/notices/benefits/{taros}"), &hanako),
        ("api/notices/benefits/not-a-number".to_owned(), &taro),
        ("api/notices/benefits/-1".to_owned(), &taro),
    ] {
        assert_eq!(raw_answer(path.clone(), token.clone()).await, nobodys, "{path}");
    }
}

#[tokio::test]
async fn rows_past_the_retention_period_are_not_served() {
    let portal = Portal::start(10).await;
    let taro = login(&portal, &ENROLLED).await;
    let year: MedicalYear = get(&portal, &taro, "api/notices/medical").await;
    let stored_older: i64 = sqlx::query_scalar("SELECT count(*) FROM medical_notices WHERE month < $1")
        .bind(i64::from(year.oldest_month))
        .fetch_one(&portal.pool().await)
        .await
        .unwrap();
    assert!(stored_older > 0, "the demo keeps rows past the retention period");
    let oldest_year = *year.years.last().unwrap();
    assert_eq!(year.years.len(), 3, "two years back from this month touch three calendar years");
    for shown in &year.years {
        let (_, rows) = whole_year(&portal, &taro, &format!("year={shown}")).await;
        assert!(rows.iter().all(|row| row.month >= year.oldest_month), "{rows:?}");
    }
    let path = format!("api/notices/medical?year={}", oldest_year - 1);
    assert_eq!(refused(&portal, &taro, &path).await, ErrorCode::NotFound);

    // A society that keeps six months serves six months.
    let config = Config { demo: true, notice_retention: Retention { months: 6 }, ..Default::default() };
    let short = Portal::start_configured(config, None).await;
    let taro = login(&short, &ENROLLED).await;
    let year: MedicalYear = get(&short, &taro, "api/notices/medical").await;
    assert!(year.years.len() <= 2);
    let rows: usize = {
        let mut count = 0;
        for shown in &year.years {
            count += whole_year(&short, &taro, &format!("year={shown}")).await.1.len();
        }
        count
    };
    assert!(rows > 0 && rows < 30, "{rows}");
}

#[tokio::test]
async fn a_years_totals_are_the_sums_of_its_rows_on_every_page() {
    let portal = Portal::start(10).await;
    let taro = login(&portal, &ENROLLED).await;
    let newest: MedicalYear = get(&portal, &taro, "api/notices/medical").await;
    let year = newest.years[1];
    let (first, rows) = whole_year(&portal, &taro, &format!("year={year}")).await;
    assert_eq!(first.totals.self_pay, rows.iter().map(|row| row.self_pay).sum::<u64>());
    assert_eq!(first.totals.total, rows.iter().map(|row| row.total).sum::<u64>());
    for person in &first.per_person {
        let own: u64 = rows.iter().filter(|row| row.person == person.person).map(|row| row.self_pay).sum();
        assert_eq!(person.totals.self_pay, own);
    }
    assert!(rows.iter().any(|row| row.self_pay % 10 != 0), "self-pay amounts end in 1 to 9 yen too");
    assert!(rows.iter().any(|row| row.facility.is_none()), "a 柔整 row without a facility");
    let months: Vec<u32> = rows.iter().map(|row| row.month).collect();
    assert!(months.windows(2).all(|pair| pair[0] <= pair[1]), "by month");
    let past: MedicalYear =
        get(&portal, &taro, &format!("api/notices/medical?year={year}&page={}", first.pages + 1)).await;
    assert!(past.notices.is_empty());
    // Past the last page the database sums the year; on a first page that holds it, the rows.
    assert_eq!((past.totals, past.per_person), (first.totals, first.per_person));
    for bad in ["page=0", "page=-1", "page=x", "year=abc", "colour=red", "year=2025&year=2026"] {
        assert_eq!(
            refused(&portal, &taro, &format!("api/notices/medical?{bad}")).await,
            ErrorCode::BadRequest,
            "{bad}"
        );
    }
}

/// The bytes of a logged-in download, with its content type.
async fn download(portal: &Portal, token: &str, path: &str) -> (String, Vec<u8>) {
    let response = raw(portal, Method::GET, path, Some(token)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let media_type = response.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().to_owned();
    let disposition = response.headers()[reqwest::header::CONTENT_DISPOSITION].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"iryohi-"), "{disposition}");
    (media_type, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_tax_export_has_the_forms_columns_from_row_nine_and_the_years_totals() {
    let portal = Portal::start(10).await;
    let taro = login(&portal, &ENROLLED).await;
    let newest: MedicalYear = get(&portal, &taro, "api/notices/medical").await;
    let year = newest.years[1];
    let (shown, rows) = whole_year(&portal, &taro, &format!("year={year}")).await;

    let (media_type, bytes) =
        download(&portal, &taro, &format!("api/notices/medical/export?year={year}&format=xlsx")).await;
    assert_eq!(media_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range("医療費集計フォーム").unwrap();
    let cell = |row: u32, letter: char| {
        sheet.get_value((row - 1, letter as u32 - 'A' as u32)).cloned().unwrap_or(Data::Empty)
    };
    let text = |row: u32, letter: char| match cell(row, letter) {
        Data::String(text) => text,
        Data::Empty => String::new(),
        other => panic!("{letter}{row} holds {other:?}"),
    };
    let headers: Vec<String> = ('B'..='I').map(|letter| text(HEADER_ROW, letter)).collect();
    assert_eq!(
        headers,
        [
            "医療を受けた人",
            "病院・薬局などの名称",
            "診療・治療",
            "医薬品購入",
            "介護保険サービス",
            "その他の医療費",
            "支払った医療費の金額",
            "左のうち、補填される金額"
        ]
    );
    assert_eq!(COLUMNS.map(|column| column.letter), ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']);
    let mut sum = 0u64;
    let mut row = FIRST_DATA_ROW;
    while !text(row, 'B').is_empty() {
        let paid = match cell(row, 'H') {
            Data::Float(yen) => yen as u64,
            Data::Int(yen) => yen as u64,
            other => panic!("H{row} holds {other:?}"),
        };
        let (treatment, medicine) = (text(row, 'D'), text(row, 'E'));
        assert!((treatment == "該当する") != (medicine == "該当する"), "row {row}: one of D and E");
        assert!(!text(row, 'C').is_empty(), "row {row} names a facility");
        sum += paid;
        row += 1;
    }
    assert!(row > FIRST_DATA_ROW + 3, "{} lines", row - FIRST_DATA_ROW);
    assert_eq!(sum, shown.totals.self_pay);
    assert_eq!(sum, rows.iter().map(|row| row.self_pay).sum::<u64>());
    assert!(text(1, 'A').contains("医療費集計フォーム"));

    let (media_type, bytes) =
        download(&portal, &taro, &format!("api/notices/medical/export?year={year}&format=csv")).await;
    assert!(media_type.starts_with("text/csv"));
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[HEADER_ROW as usize - 1].split(',').nth(1), Some("医療を受けた人"));
    let csv_sum: u64 = lines[FIRST_DATA_ROW as usize - 1..]
        .iter()
        .map(|line| line.split(',').nth(7).unwrap().parse::<u64>().expect("plain half-width digits"))
        .sum();
    assert_eq!(csv_sum, shown.totals.self_pay);

    // This year's export says that it is incomplete, in the file and before the download.
    let this_year: MedicalYear =
        get(&portal, &taro, &format!("api/notices/medical?year={}", newest.years[0])).await;
    let caveat = this_year.export_caveat.expect("this year's data is incomplete");
    let (_, bytes) =
        download(&portal, &taro, &format!("api/notices/medical/export?year={}&format=csv", newest.years[0]))
            .await;
    assert!(String::from_utf8(bytes).unwrap().contains(&caveat));
    for bad in ["format=pdf", "year=1999&format=csv", "format=csv"] {
        let answer =
            answer(raw(&portal, Method::GET, &format!("api/notices/medical/export?{bad}"), Some(&taro)))
                .await;
        assert!(answer.refusal.is_some(), "{bad}");
    }
}

#[tokio::test]
async fn notices_need_a_logged_in_member() {
    let portal = Portal::start(10).await;
    let pending = password_step(&portal, None, ENROLLED.user_id, ENROLLED.password).await;
    for path in [
        "api/notices/medical",
        "api/notices/benefits",
        "api/notices/qualifications",
        "api/notices/benefits/1",
    ] {
        assert_eq!(answer(raw(&portal, Method::GET, path, None)).await.refusal, Some(ErrorCode::NotLoggedIn));
        assert_eq!(
            answer(raw(&portal, Method::GET, path, Some(&pending))).await.refusal,
            Some(ErrorCode::NotLoggedIn)
        );
    }
}

fn admin(portal: &Portal, args: &[&str]) -> (i32, String, String) {
    let outbox = portal.outbox.to_str().unwrap().to_owned();
    let mut all = vec!["admin", "--db", &portal.db];
    all.extend_from_slice(args);
    if args[0] == "import-notices" {
        all.extend(["--outbox", &outbox]);
    }
    let output = Command::new(env!("CARGO_BIN_EXE_kenpo-portal")).args(&all).output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap(), text(&output.stdout), text(&output.stderr))
}

/// Everything the notice tables and the mail queue hold, in order.
async fn notice_tables(portal: &Portal) -> Vec<String> {
    let pool = portal.pool().await;
    let mut all = Vec::new();
    for statement in [
        "SELECT roster_id, month, facility, category, days, total, self_pay, public_pay, insurer_pay, imported_at FROM medical_notices ORDER BY id",
        "SELECT roster_id, kind, month, period_from, period_to, statutory, additional, paid_on, imported_at, import_key FROM benefit_notices ORDER BY id",
        "SELECT roster_id, insurer_number, insurer_name, acquired_on, issued_on, copay_tenths, imported_at FROM qualification_notices ORDER BY roster_id",
        "SELECT member_id, queued_at FROM notice_mail ORDER BY member_id",
    ] {
        let rows = sqlx::query(statement).fetch_all(&pool).await.unwrap();
        for row in rows {
            use sqlx::Row;
            let cells: Vec<String> = (0..row.len())
                .map(|i| {
                    row.try_get::<i64, _>(i)
                        .map(|n| n.to_string())
                        .or_else(|_| row.try_get::<Option<String>, _>(i).map(|text| format!("{text:?}")))
                        .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|n| format!("{n:?}")))
                        .unwrap()
                })
                .collect();
            all.push(cells.join("|"));
        }
    }
    all
}

const MEDICAL_HEADER: &str =
    "記号,番号,枝番,診療年月,医療機関等の名称,診療区分,日数,医療費の総額,自己負担額,公費負担額,健保負担額\n";

#[tokio::test]
async fn an_import_with_bad_rows_is_refused_whole_with_each_line_named_and_changes_nothing() {
    let portal = Portal::start(10).await;
    let before = notice_tables(&portal).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("medical.csv");
    let good = "10,0001,00,202601,テスト病院,外来,2,12340,3702,0,8638\n";
    std::fs::write(
        &file,
        format!(
            "{MEDICAL_HEADER}{good}\
             10,0001,00,20261,テスト病院,外来,2,12340,3702,0,8638\n\
             10,0001,00,202602,テスト病院,外来,2,\"12,340\",3702,0,8638\n\
             10,9999,00,202602,テスト病院,外来,2,12340,3702,0,8638\n\
             10,0001,00,202603,テスト病院,外来,2,12340\n\
             {good}\
             10,0001,00,202604,,外来,2,12340,3702,0,8638\n"
        ),
    )
    .unwrap();
    let (status, _, stderr) =
        admin(&portal, &["import-notices", "--kind", "medical", file.to_str().unwrap()]);
    assert_eq!(status, 2, "{stderr}");
    for expected in [
        "3行目: 診療年月は西暦6桁の年月です",
        "4行目: 医療費の総額は半角数字だけで書いてください（カンマ・円・記号なし）（「12,340」）",
        "6行目: 列の数が 8 個です（見出し行は 11 個）",
        "7行目: 2行目と同じお知らせです（重複）",
        "8行目: 医療機関等の名称が空です",
        "nothing was imported",
    ] {
        assert!(stderr.contains(expected), "{expected} in {stderr}");
    }
    // The unknown person is found once the rows themselves are clean.
    std::fs::write(
        &file,
        format!("{MEDICAL_HEADER}{good}10,9999,00,202602,テスト病院,外来,2,12340,3702,0,8638\n"),
    )
    .unwrap();
    let (status, _, stderr) =
        admin(&portal, &["import-notices", "--kind", "medical", file.to_str().unwrap()]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("3行目: 記号 10 番号 9999 枝番 00 の方は名簿にいません"), "{stderr}");
    // A benefit with a date that does not exist, and a qualification with a number as 番号.
    let benefit = dir.path().join("benefit.csv");
    std::fs::write(
        &benefit,
        "記号,番号,枝番,給付の種類,診療年月,期間開始,期間終了,法定給付額,付加給付額,支払日,支払先\n\
         10,0001,00,高額療養費,202601,,,10000,0,20260231,事業主\n\
         10,0001,00,お見舞い金,202601,,,10000,0,20260227,本人\n",
    )
    .unwrap();
    let (status, _, stderr) =
        admin(&portal, &["import-notices", "--kind", "benefit", benefit.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("2行目: 支払日は西暦8桁の実在する日付です")
            && stderr.contains("3行目: 給付の種類「お見舞い金」"),
        "{stderr}"
    );
    let qualification = dir.path().join("qualification.csv");
    std::fs::write(
        &qualification,
        "記号,番号,枝番,保険者番号,保険者名称,資格取得年月日,一部負担金の割合,交付年月日\n10,1,00,06139997,けんぽ健康保険組合,20200401,3割,20241202\n",
    )
    .unwrap();
    let (status, _, stderr) =
        admin(&portal, &["import-notices", "--kind", "qualification", qualification.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(stderr.contains("2行目: 番号は4桁または5桁です") && stderr.contains("先頭の0"), "{stderr}");

    // A file over the limit is refused before it is read.
    let huge = dir.path().join("huge.csv");
    std::fs::File::create(&huge).unwrap().set_len(kenpo_portal::staff_file::MAX_FILE_BYTES + 1).unwrap();
    let (status, _, stderr) =
        admin(&portal, &["import-notices", "--kind", "medical", huge.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(stderr.contains("larger than 256 MiB"), "{stderr}");

    assert_eq!(notice_tables(&portal).await, before, "nothing was written");
    assert_eq!(portal.mails_to(ENROLLED.email.unwrap()), 0);
}

#[tokio::test]
async fn an_import_mails_each_member_with_something_new_once_and_the_same_file_again_changes_nothing() {
    let portal = Portal::start(10).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("medical.csv");
    // Three rows of last month for 山田 太郎's household, one of them 花子's, in Shift_JIS as
    // Excel saves it.
    let today = kenpo_portal::clock::today();
    let (year, month): (u32, u32) = (today[..4].parse().unwrap(), today[4..6].parse().unwrap());
    let (year, month) = if month == 1 { (year - 1, 12) } else { (year, month - 1) };
    let text = format!(
        "{MEDICAL_HEADER}10,0001,00,{year}{month:02},テスト病院,外来,2,12340,3702,0,8638\n\
         10,0001,00,{year}{month:02},テスト薬局,調剤,2,5670,1701,,\n\
         10,0001,01,{year}{month:02},テスト病院,外来,1,4560,1368,0,3192\n"
    );
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    std::fs::write(&file, &bytes).unwrap();
    let (status, stdout, stderr) =
        admin(&portal, &["import-notices", "--kind", "medical", file.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stdout.contains("3 added, 0 changed, 0 unchanged; new-notice mail sent to 2 member(s)"),
        "{stdout}"
    );
    assert_eq!(portal.mails_to(ENROLLED.email.unwrap()), 1);
    assert_eq!(portal.mails_to(DEPENDANT.email.unwrap()), 1);
    for other in [INITIAL, NOT_ENROLLED, LOCKED] {
        assert_eq!(portal.mails_to(other.email.unwrap()), 0, "{}", other.user_id);
    }
    let mail = portal.mail_to(ENROLLED.email.unwrap(), "新しいお知らせ").await;
    for detail in ["テスト", "3702", "3,702", "外来", "調剤", "医療"] {
        assert!(!mail.contains(detail), "the mail names {detail}: {mail}");
    }
    // The pharmacy row's 健保負担額 was left blank: the rest of the total.
    let taro = login(&portal, &ENROLLED).await;
    let (_, rows) = whole_year(&portal, &taro, &format!("year={year}&person=00")).await;
    let pharmacy = rows.iter().find(|row| row.facility.as_deref() == Some("テスト薬局")).unwrap();
    assert_eq!((pharmacy.public_pay, pharmacy.insurer_pay), (0, 5670 - 1701));

    let before = notice_tables(&portal).await;
    let (status, stdout, _) =
        admin(&portal, &["import-notices", "--kind", "medical", file.to_str().unwrap()]);
    assert_eq!(status, 0);
    assert!(
        stdout.contains("0 added, 0 changed, 3 unchanged; new-notice mail sent to 0 member(s)"),
        "{stdout}"
    );
    assert_eq!(notice_tables(&portal).await, before);
    assert_eq!(portal.mails_to(ENROLLED.email.unwrap()), 1);

    // A corrected figure is a change, and told once more.
    std::fs::write(&file, text.replace(",3702,0,8638", ",3705,0,8635")).unwrap();
    let (_, stdout, _) = admin(&portal, &["import-notices", "--kind", "medical", file.to_str().unwrap()]);
    assert!(
        stdout.contains("0 added, 1 changed, 2 unchanged; new-notice mail sent to 1 member(s)"),
        "{stdout}"
    );

    let (status, stdout, _) = admin(&portal, &["notices", ENROLLED.user_id, "--json"]);
    assert_eq!(status, 0);
    let seen: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(seen["people"].as_array().unwrap().len(), 3);
    let (_, stdout, _) = admin(&portal, &["notices", DEPENDANT.user_id, "--json"]);
    let seen: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(seen["people"].as_array().unwrap().len(), 1);
}

/// The text of a PDF as pdftotext reads it, and its first page rendered by pdftoppm to
/// `target/tmp/pdf/<name>.png` to be looked at.
fn read_pdf(bytes: &[u8], name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, bytes).unwrap();
    let text = Command::new("pdftotext").args(["-layout", file.to_str().unwrap(), "-"]).output().unwrap();
    assert!(text.status.success(), "pdftotext: {}", String::from_utf8_lossy(&text.stderr));
    let picture = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", file.to_str().unwrap()])
        .arg(dir.join(name))
        .output()
        .unwrap();
    assert!(picture.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&picture.stderr));
    String::from_utf8(text.stdout).unwrap()
}

async fn pdf(portal: &Portal, token: &str, path: &str) -> Vec<u8> {
    let response = raw(portal, Method::GET, path, Some(token)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()[reqwest::header::CONTENT_TYPE], "application/pdf");
    let bytes = response.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"%PDF-"));
    bytes
}

#[tokio::test]
async fn each_printable_notice_gives_back_its_japanese_names_and_amounts() {
    let portal = Portal::start(10).await;
    let taro = login(&portal, &ENROLLED).await;
    let newest: MedicalYear = get(&portal, &taro, "api/notices/medical").await;
    let year = newest.years[1];
    let (shown, rows) = whole_year(&portal, &taro, &format!("year={year}")).await;
    let bytes = pdf(&portal, &taro, &format!("api/notices/medical/pdf?year={year}")).await;
    let text = read_pdf(&bytes, "medical-year");
    // The NTA's six items: the insured person, the month, the person treated, the facility, the
    // amount paid and the insurer.
    for expected in [
        "医療費のお知らせ",
        "被保険者氏名",
        ENROLLED.name,
        "山田 一郎",
        "さくら内科クリニック",
        kenpo_portal::DEFAULT_SOCIETY_NAME,
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(text.contains(&format!("{year}年{}月", rows[0].month % 100)), "the first row's month");
    assert!(text.contains(&kenpo_api::notices::yen(rows[0].self_pay)), "the first row's self-pay");
    assert!(text.contains(&kenpo_api::notices::yen(shown.totals.self_pay)), "the household's total");
    assert!(bytes.len() < 400_000, "a year's PDF embeds a subset of the font: {} bytes", bytes.len());

    let benefits: BenefitNotices = get(&portal, &taro, "api/notices/benefits").await;
    let high_cost = benefits.notices.iter().find(|notice| notice.kind == "高額療養費").unwrap();
    let text = read_pdf(
        &pdf(&portal, &taro, &format!("api/notices/benefits/{}/pdf", high_cost.id)).await,
        "benefit",
    );
    for expected in [
        "現金給付支給決定通知書",
        "高額療養費",
        "山田 花子",
        "事業主",
        &kenpo_api::notices::yen(high_cost.additional),
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(text.contains(&kenpo_api::notices::wareki_date(&high_cost.paid_on).unwrap()), "和暦 in {text}");

    let text = read_pdf(&pdf(&portal, &taro, "api/notices/qualifications/02/pdf").await, "qualification");
    for expected in ["資格情報のお知らせ", "山田 一郎", "平成24年4月10日", "0001", "06139997", "3割"]
    {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let hanako = login(&portal, &DEPENDANT).await;
    for path in [
        "api/notices/qualifications/02/pdf",
        "api/notices/qualifications/00/pdf",
        &format!(
            "api/notices/benefits/{}/pdf",
            benefits.notices.iter().find(|n| n.person == "00").unwrap().id
        ),
    ] {
        assert_eq!(refused(&portal, &hanako, path).await, ErrorCode::NotFound, "{path}");
    }
}
