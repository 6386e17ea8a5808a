//! The influenza-vaccination subsidy over HTTP and through the staff's command line: every rule
//! and refusal leaving nothing stored, receipts checked by content and stored as pixels only,
//! the household rule, the staff's review with its mail and record, and the resubmission after
//! 差戻し with its history kept.

mod common;

use std::process::Command;

use common::receipts;
use common::{Portal, answer, login, now, raw};
use kenpo_api::demo::{DEPENDANT, ENROLLED};
use kenpo_api::subsidy::{
    Application, ApplicationForm, Eligible, Field, FieldProblem, Problem, Season, Status, SubmitApplication,
    Subsidy,
};
use kenpo_api::{ApiError, ErrorCode};
use kenpo_portal::Config;
use reqwest::Method;

async fn overview(portal: &Portal, token: &str) -> Subsidy {
    let answer = answer(raw(portal, Method::GET, "api/subsidy", Some(token))).await;
    assert_eq!(answer.status, 200, "{:?}", answer.refusal);
    serde_json::from_value(answer.body).unwrap()
}

/// The date `days` before today in Japan, YYYYMMDD.
fn days_ago(days: i64) -> String {
    kenpo_api::rules::japan_date(now().checked_add_signed(-days * 86_400).unwrap())
}

fn form(person: &str, dose: u8) -> ApplicationForm {
    ApplicationForm {
        person: person.into(),
        vaccinated_on: days_ago(3),
        dose,
        paid: 4_500,
        grant: 1_000,
        facility: "こどもクリニックそら".into(),
        phone: "090-1234-5678".into(),
        consent: true,
    }
}

fn with(form: ApplicationForm, receipts: &[Vec<u8>]) -> SubmitApplication {
    SubmitApplication {
        form,
        receipts: receipts.iter().map(|file| data_encoding::BASE64.encode(file)).collect(),
    }
}

/// Sends an application (`id`: again, after 差戻し); the application, or the refusal with its
/// problems.
async fn send(
    portal: &Portal,
    token: &str,
    id: Option<i64>,
    body: &SubmitApplication,
) -> Result<Application, ApiError> {
    let request = match id {
        None => raw(portal, Method::POST, "api/subsidy/applications", Some(token)),
        Some(id) => raw(portal, Method::PUT, &format!("api/subsidy/applications/{id}"), Some(token)),
    };
    let response = request.json(body).send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert!(status < 500, "{status} {text}");
    if status >= 400 {
        let error: ApiError = serde_json::from_str(&text).unwrap();
        assert_eq!(error.message, error.code.message_ja());
        assert_eq!(error.problems.is_empty(), error.code != ErrorCode::ApplicationInvalid, "{text}");
        return Err(error);
    }
    assert_eq!(status, if id.is_some() { 200 } else { 201 });
    Ok(serde_json::from_str(&text).unwrap())
}

fn problems(result: Result<Application, ApiError>) -> Vec<(Field, Problem)> {
    let error = result.expect_err("refused");
    assert_eq!(error.code, ErrorCode::ApplicationInvalid, "{error:?}");
    error.problems.into_iter().map(|FieldProblem { field, problem }| (field, problem)).collect()
}

fn code(result: Result<Application, ApiError>) -> ErrorCode {
    result.expect_err("refused").code
}

/// How many rows the three subsidy tables hold, and every receipt's bytes.
async fn stored(portal: &Portal) -> (i64, i64, i64, Vec<Vec<u8>>) {
    let pool = portal.pool().await;
    let count = |statement| sqlx::query_scalar::<_, i64>(statement).fetch_one(&pool);
    let receipts =
        sqlx::query_scalar("SELECT bytes FROM subsidy_receipts ORDER BY application_id, version, n")
            .fetch_all(&pool)
            .await
            .unwrap();
    (
        count("SELECT COUNT(*) FROM subsidy_applications").await.unwrap(),
        count("SELECT COUNT(*) FROM subsidy_receipts").await.unwrap(),
        count("SELECT COUNT(*) FROM subsidy_history").await.unwrap(),
        receipts,
    )
}

fn admin(portal: &Portal, args: &[&str]) -> (i32, String, String) {
    let outbox = portal.outbox.to_str().unwrap().to_owned();
    let mut all = vec!["admin", "--db", &portal.db, "subsidy"];
    all.extend_from_slice(args);
    if ["approve", "reject", "return"].contains(&args[0]) {
        all.extend(["--outbox", &outbox]);
    }
    let output = Command::new(env!("CARGO_BIN_EXE_kenpo-portal")).args(&all).output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap(), text(&output.stdout), text(&output.stderr))
}

#[tokio::test]
async fn an_application_is_received_with_its_receipt_stored_as_pixels_only_and_acknowledged() {
    let portal = Portal::start(10).await;
    let token = login(&portal, &ENROLLED).await;
    let subsidy = overview(&portal, &token).await;
    let season = subsidy.season.clone().expect("the demo takes applications");
    assert_eq!(subsidy.today, days_ago(0));
    let people: Vec<&str> = subsidy.people.iter().map(|person| person.person.as_str()).collect();
    assert_eq!(people, ["00", "01", "02"], "the insured person applies for the household");
    let ichiro = subsidy.people.iter().find(|person| person.person == "02").unwrap();
    assert_eq!((ichiro.applied_doses.as_slice(), ichiro.claimed), ([1u8].as_slice(), 3_000));
    let statuses: Vec<Status> = subsidy.applications.iter().map(|application| application.status).collect();
    assert_eq!(statuses, [Status::Returned, Status::Approved], "newest first, the household's only");

    let before = stored(&portal).await;
    let gps = receipts::jpeg_with_gps();
    let application =
        send(&portal, &token, None, &with(form("00", 1), std::slice::from_ref(&gps))).await.unwrap();
    assert_eq!(application.status, Status::Received);
    assert_eq!(application.payout, 3_000, "min(4,500 − 1,000, the cap of 3,000)");
    assert_eq!(application.receipts, 1);
    assert!(application.number.starts_with(&season.vaccinated_from[..4]), "{}", application.number);
    assert_eq!(application.history.len(), 1);

    let after = stored(&portal).await;
    assert_eq!((after.0, after.1, after.2), (before.0 + 1, before.1 + 1, before.2 + 1));
    let kept = after.3.iter().find(|bytes| !before.3.contains(bytes)).unwrap();
    assert_ne!(kept, &gps, "re-encoded");
    assert!(!kept.windows(4).any(|window| window == b"Exif"), "no EXIF in the stored copy");
    let image = image::load_from_memory(kept).unwrap();
    assert_eq!(
        (image.width(), image.height()),
        image::load_from_memory(&gps).map(|i| (i.width(), i.height())).unwrap()
    );

    let mail = portal.mail_to(ENROLLED.email.unwrap(), &application.number).await;
    assert!(mail.contains("受け付けました"), "{mail}");
    for private in ["こどもクリニックそら", "4,500", "4500", "3,000", "3000"] {
        assert!(!mail.contains(private), "the acknowledgement names {private}");
    }
    let again = answer(raw(
        &portal,
        Method::GET,
        &format!("api/subsidy/applications/{}", application.id),
        Some(&token),
    ))
    .await;
    assert_eq!(serde_json::from_value::<Application>(again.body).unwrap(), application);
}

#[tokio::test]
async fn every_rule_and_refusal_is_answered_on_its_field_and_nothing_is_stored() {
    let portal = Portal::start(10).await;
    let token = login(&portal, &ENROLLED).await;
    let before = stored(&portal).await;
    let good = |file: &[u8]| with(form("00", 1), &[file.to_vec()]);
    let png = receipts::png(64, 48);

    let early = ApplicationForm { vaccinated_on: days_ago(61), ..form("00", 1) };
    assert_eq!(
        problems(send(&portal, &token, None, &with(early, std::slice::from_ref(&png))).await),
        [(Field::VaccinatedOn, Problem::BeforeWindow)]
    );
    let future = ApplicationForm { vaccinated_on: days_ago(-1), ..form("00", 1) };
    assert_eq!(
        problems(send(&portal, &token, None, &with(future, std::slice::from_ref(&png))).await),
        [(Field::VaccinatedOn, Problem::InTheFuture)]
    );
    assert_eq!(
        problems(send(&portal, &token, None, &with(form("02", 1), std::slice::from_ref(&png))).await),
        [(Field::Dose, Problem::AlreadyApplied)],
        "一郎's first dose has an application (the demo's)"
    );
    assert_eq!(
        problems(send(&portal, &token, None, &with(form("00", 3), std::slice::from_ref(&png))).await),
        [(Field::Dose, Problem::DoseNotAllowed)]
    );
    assert_eq!(
        problems(send(&portal, &token, None, &with(form("00", 2), std::slice::from_ref(&png))).await),
        [(Field::Dose, Problem::DoseNotAllowed)],
        "an adult has one dose"
    );
    let several =
        ApplicationForm { paid: 500, grant: 900, phone: "12-34".into(), consent: false, ..form("00", 1) };
    assert_eq!(
        problems(send(&portal, &token, None, &with(several, std::slice::from_ref(&png))).await),
        [
            (Field::Grant, Problem::GrantOverPaid),
            (Field::Phone, Problem::PhoneInvalid),
            (Field::Consent, Problem::ConsentMissing)
        ]
    );
    assert_eq!(
        code(send(&portal, &token, None, &with(form("09", 1), std::slice::from_ref(&png))).await),
        ErrorCode::NotFound
    );

    assert_eq!(code(send(&portal, &token, None, &with(form("00", 1), &[])).await), ErrorCode::ReceiptMissing);
    assert_eq!(
        code(send(&portal, &token, None, &with(form("00", 1), &vec![png.clone(); 4])).await),
        ErrorCode::TooManyReceipts
    );
    let over = vec![0xFF; kenpo_api::subsidy::MAX_RECEIPT_BYTES + 1];
    assert_eq!(code(send(&portal, &token, None, &good(&over)).await), ErrorCode::ReceiptTooLarge);
    assert_eq!(
        code(send(&portal, &token, None, &good(&receipts::text_named_png())).await),
        ErrorCode::ReceiptNotAccepted
    );
    assert_eq!(
        code(send(&portal, &token, None, &good(&receipts::truncated_jpeg())).await),
        ErrorCode::ReceiptNotAccepted
    );
    assert_eq!(
        code(send(&portal, &token, None, &good(&receipts::png_bomb())).await),
        ErrorCode::ReceiptTooLarge
    );
    assert_eq!(
        code(send(&portal, &token, None, &good(&receipts::pdf_with_javascript())).await),
        ErrorCode::ReceiptUnsafe
    );
    assert_eq!(
        code(send(&portal, &token, None, &good(&receipts::pdf_with_hidden_javascript())).await),
        ErrorCode::ReceiptUnsafe
    );
    // A good receipt after a bad one: the whole application is refused.
    let mixed = with(form("00", 1), &[png.clone(), receipts::pdf_with_javascript()]);
    assert_eq!(code(send(&portal, &token, None, &mixed).await), ErrorCode::ReceiptUnsafe);
    let mut not_base64 = good(&png);
    not_base64.receipts[0].insert(0, '*');
    assert_eq!(code(send(&portal, &token, None, &not_base64).await), ErrorCode::BadRequest);
    // More than the route takes is cut off while it arrives.
    let huge = "A".repeat(kenpo_portal::http::UPLOAD_BODY_LIMIT_BYTES);
    let body =
        format!(r#"{{"form":{},"receipts":["{huge}"]}}"#, serde_json::to_string(&form("00", 1)).unwrap());
    let cut = answer(
        raw(&portal, Method::POST, "api/subsidy/applications", Some(&token))
            .header("content-type", "application/json")
            .body(body),
    )
    .await;
    assert_eq!(cut.refusal, Some(ErrorCode::ReceiptTooLarge));
    assert_eq!(stored(&portal).await, before, "nothing stored by any refusal");

    // A PDF without active content is taken as it is.
    let pdf = receipts::pdf();
    send(&portal, &token, None, &good(&pdf)).await.unwrap();
    assert!(stored(&portal).await.3.contains(&pdf));
    // Without a login, nothing.
    let anonymous =
        answer(raw(&portal, Method::POST, "api/subsidy/applications", None).json(&good(&png))).await;
    assert_eq!(anonymous.refusal, Some(ErrorCode::NotLoggedIn));
}

#[tokio::test]
async fn a_closed_season_and_who_may_apply_are_the_society_s_file() {
    let closed = Season {
        name: "2025年度".into(),
        vaccinated_from: days_ago(120),
        vaccinated_to: days_ago(40),
        apply_until: days_ago(1),
        cap_per_person: 2_000,
        cap_per_dose: None,
        two_doses_under_age: 13,
        eligible: Eligible { insured: true, dependants: false, voluntary: false },
    };
    let config = Config { demo: true, subsidy_season: Some(closed.clone()), ..Config::default() };
    let portal = Portal::start_configured(config, None).await;
    let token = login(&portal, &ENROLLED).await;
    assert_eq!(overview(&portal, &token).await.season, Some(closed));
    let before = stored(&portal).await;
    let png = receipts::png(64, 48);
    let in_window = |person: &str| ApplicationForm { vaccinated_on: days_ago(50), ..form(person, 1) };
    assert_eq!(
        problems(send(&portal, &token, None, &with(in_window("00"), std::slice::from_ref(&png))).await),
        [(Field::VaccinatedOn, Problem::DeadlinePassed)]
    );
    assert_eq!(
        problems(send(&portal, &token, None, &with(in_window("01"), std::slice::from_ref(&png))).await),
        [(Field::Person, Problem::NotEligible), (Field::VaccinatedOn, Problem::DeadlinePassed)]
    );
    assert_eq!(stored(&portal).await, before);

    let none = Portal::start_configured(Config { demo: true, ..Config::default() }, None).await;
    let token = login(&none, &ENROLLED).await;
    assert!(overview(&none, &token).await.season.is_some(), "the demo makes a season");
    let society = Portal::start_with(10, None, false).await;
    let anonymous = answer(raw(&society, Method::GET, "api/subsidy", None)).await;
    assert_eq!(anonymous.refusal, Some(ErrorCode::NotLoggedIn));
}

#[tokio::test]
async fn a_returned_application_is_corrected_and_sent_again_with_its_history_kept() {
    let portal = Portal::start(10).await;
    let hanako = login(&portal, &DEPENDANT).await;
    let mine = overview(&portal, &hanako).await;
    assert_eq!(mine.people.len(), 1, "a dependant with her own login applies for herself");
    let [returned] = mine.applications.as_slice() else { panic!("{:?}", mine.applications) };
    assert_eq!(returned.status, Status::Returned);
    assert!(returned.reason.as_deref().unwrap().contains("金額"), "{returned:?}");

    // Another household's application, or one she does not see, does not exist for her.
    let taro = login(&portal, &ENROLLED).await;
    let household = overview(&portal, &taro).await;
    let ichiro = household.applications.iter().find(|application| application.form.person == "02").unwrap();
    let hidden =
        answer(raw(&portal, Method::GET, &format!("api/subsidy/applications/{}", ichiro.id), Some(&hanako)))
            .await;
    assert_eq!(hidden.refusal, Some(ErrorCode::NotFound));
    let resend_hidden = send(&portal, &hanako, Some(ichiro.id), &with(ichiro.form.clone(), &[])).await;
    assert_eq!(code(resend_hidden), ErrorCode::NotFound);
    assert!(
        household.applications.iter().any(|application| application.id == returned.id),
        "the insured sees hers"
    );

    // Corrected and sent again: the same number, 受付, a new receipt, the history kept.
    let corrected = ApplicationForm { paid: 3_900, ..returned.form.clone() };
    let wrong = ApplicationForm { paid: 0, ..corrected.clone() };
    assert_eq!(
        problems(send(&portal, &hanako, Some(returned.id), &with(wrong, &[])).await),
        [(Field::Paid, Problem::AmountInvalid)]
    );
    let again =
        send(&portal, &hanako, Some(returned.id), &with(corrected, &[receipts::png(80, 60)])).await.unwrap();
    assert_eq!(
        (again.id, again.number.as_str(), again.status),
        (returned.id, returned.number.as_str(), Status::Received)
    );
    assert_eq!((again.form.paid, again.payout, again.reason.as_deref()), (3_900, 2_900, None));
    let steps: Vec<(Status, bool)> = again.history.iter().map(|step| (step.status, step.by_member)).collect();
    assert_eq!(
        steps,
        [
            (Status::Received, true),
            (Status::Reviewing, false),
            (Status::Returned, false),
            (Status::Received, true)
        ]
    );
    assert_eq!(again.history[2].reason, returned.reason);
    assert_eq!(
        code(send(&portal, &hanako, Some(returned.id), &with(again.form.clone(), &[])).await),
        ErrorCode::ApplicationNotReturned
    );
    portal.mail_to(DEPENDANT.email.unwrap(), &again.number).await;

    // Staff approve it: the member sees 承認 and is told.
    let (status, out, err) = admin(&portal, &["approve", &again.number]);
    assert_eq!(status, 0, "{out}{err}");
    let approved = overview(&portal, &hanako).await.applications.remove(0);
    assert_eq!((approved.status, approved.history.len()), (Status::Approved, 5));
    portal.mail_to(DEPENDANT.email.unwrap(), "結果: 承認").await;
}

#[tokio::test]
async fn staff_list_open_decide_and_export_from_the_command_line() {
    let portal = Portal::start(10).await;
    let (status, out, _) = admin(&portal, &["list", "--status", "received", "--json"]);
    assert_eq!(status, 0);
    let received: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let [tanaka] = received.as_slice() else { panic!("{out}") };
    let number = tanaka["number"].as_str().unwrap().to_owned();

    let dir = tempfile::tempdir().unwrap();
    let (status, out, err) = admin(&portal, &["show", &number, "--receipts", dir.path().to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("審査中"), "opening it starts the review: {out}");
    let written = dir.path().join(format!("{number}-1.png"));
    image::open(&written).unwrap();

    let (status, _, err) = admin(&portal, &["reject", &number, "--reason", " "]);
    assert_eq!(status, 1);
    assert!(err.contains("reason"), "{err}");
    let long = "あ".repeat(501);
    assert_eq!(admin(&portal, &["return", &number, "--reason", &long]).0, 1);
    let (status, _, err) = admin(&portal, &["approve", "2026-999999"]);
    assert_eq!(status, 1);
    assert!(err.contains("no application"), "{err}");

    let reason = "接種日が領収書と一致しません。領収書の日付を確認してください。";
    let (status, out, err) = admin(&portal, &["return", &number, "--reason", reason]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("差戻し"), "{out}");
    let (status, _, err) = admin(&portal, &["approve", &number]);
    assert_eq!(status, 1, "decided already");
    assert!(err.contains("差戻し"), "{err}");
    // Long lines of a mail are folded: the reason's first sentence is on one.
    let mail = portal.mail_to("tanaka.jiro@example.co.jp", "接種日が領収書と一致しません").await;
    assert!(mail.contains(&number));

    let pool = portal.pool().await;
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM admin_actions ORDER BY id").fetch_all(&pool).await.unwrap();
    assert_eq!(actions, [format!("subsidy show {number}"), format!("subsidy return {number}")]);

    let (status, out, err) = admin(&portal, &["export", "--from", &days_ago(60), "--to", &days_ago(0)]);
    assert_eq!(status, 0, "{err}");
    let csv = out.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "申請番号,記号,番号,枝番,被保険者氏名,対象者氏名,接種日,回数,支給額,承認日");
    assert_eq!(lines.len(), 3, "the demo's two approved: {csv}");
    assert!(lines.iter().any(|line| line.contains("山田 太郎,山田 一郎")), "{csv}");
    let (status, out, _) = admin(&portal, &["export", "--from", &days_ago(0), "--to", &days_ago(0)]);
    assert_eq!((status, out.lines().count()), (0, 1));
    assert_eq!(admin(&portal, &["export", "--from", "20261301", "--to", "20261231"]).0, 1);
}

#[tokio::test]
async fn receipts_are_taken_from_logged_in_members_four_at_once_and_other_requests_still_answered() {
    use tokio::io::AsyncWriteExt;
    let portal = Portal::start(10).await;
    let token = login(&portal, &ENROLLED).await;
    let address = portal.url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    // A member's upload whose body is still arriving, returned once the portal has taken it in:
    // it asks to be told to go on (`Expect: 100-continue`), which the portal answers when it
    // starts reading the body, after the upload took its slot. Taken in one by one, and before
    // any probe, no upload races another for a slot.
    let hold = |token: String| {
        let address = address.clone();
        async move {
            use tokio::io::AsyncReadExt;
            let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
            let head = format!(
                "POST /api/subsidy/applications HTTP/1.1\r\nHost: portal\r\nCookie: kenpo_session={token}\r\n\
                 Content-Type: application/json\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await.unwrap();
            let mut answer = Vec::new();
            let mut byte = [0u8; 1];
            while !answer.ends_with(b"\r\n\r\n") && answer.len() < 1024 {
                let read = tokio::time::timeout(std::time::Duration::from_secs(60), stream.read(&mut byte));
                assert_eq!(read.await.expect("taken in within a minute").unwrap(), 1, "answered: {answer:?}");
                answer.push(byte[0]);
            }
            assert!(answer.starts_with(b"HTTP/1.1 100 "), "{}", String::from_utf8_lossy(&answer));
            stream.write_all(b"{").await.unwrap();
            stream
        }
    };
    // A logged-in member's upload that takes a slot and is then refused for its body.
    let probe = || async {
        let response = raw(&portal, Method::POST, "api/subsidy/applications", Some(&token))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        response.json::<ApiError>().await.unwrap().code
    };
    assert_eq!(probe().await, ErrorCode::BadRequest);

    // Four of a member's uploads still arriving hold every slot; a fifth is `busy`.
    let mut held = Vec::new();
    for _ in 0..kenpo_portal::http::MAX_UPLOADS {
        held.push(hold(token.clone()).await);
    }
    assert_eq!(probe().await, ErrorCode::Busy);
    let time = answer(raw(&portal, Method::GET, "api/time", None)).await;
    assert_eq!(time.status, 200, "other requests are served meanwhile");
    drop(held);
    // Once the held uploads are gone (the portal sees them closed soon after, up to 30 s as the
    // other tests of this file share the two cores), the next one is taken in again.
    let mut answers = Vec::new();
    while answers.last() != Some(&ErrorCode::BadRequest) {
        assert!(answers.len() < 1500, "never taken in again: {answers:?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        answers.push(probe().await);
    }

    // Without a login, an upload is refused whole (its body read and dropped as it arrives).
    let stranger = raw(&portal, Method::POST, "api/subsidy/applications", None)
        .header("content-type", "application/json")
        .body(vec![b' '; kenpo_portal::http::UPLOAD_BODY_LIMIT_BYTES / 2])
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.json::<ApiError>().await.unwrap().code, ErrorCode::NotLoggedIn);
}

#[test]
fn a_wrong_season_file_stops_the_portal_with_its_line_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("season.toml");
    let text = "name = \"2026年度\"\nvaccinated_from = 2026-10-01\nvaccinated_to = 2026-09-30\n\
                apply_until = 2027-02-28\ncap_per_person = 3000\ntwo_doses_under_age = 13\neligible = [\"insured\"]\n";
    std::fs::write(&file, text).unwrap();
    let db = format!("sqlite://{}", dir.path().join("portal.sqlite").display());
    let output = Command::new(env!("CARGO_BIN_EXE_kenpo-portal"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db", &db, "--subsidy-season"])
        .arg(&file)
        .output()
        .unwrap();
    let error = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{error}");
    assert!(error.contains("season.toml: 3行目: vaccinated_to が vaccinated_from より前です"), "{error}");
}
