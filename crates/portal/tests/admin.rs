//! The staff's admin command line, run as the real binary against a running portal's database:
//! roster import, reset-password, reset-otp, show, and the help that explains them.

mod common;

use std::process::{Command, Output};

use common::{Portal, now, refusal};
use kenpo_api::ErrorCode;
use kenpo_api::demo::{ENROLLED, NOT_ENROLLED};
use kenpo_api::portal::NextStep;

fn portal_cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kenpo-portal")).args(args).output().unwrap()
}

fn admin(portal: &Portal, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["admin", "--db", &portal.db];
    all.extend_from_slice(args);
    let output = portal_cli(&all);
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap(), text(&output.stdout), text(&output.stderr))
}

const ROSTER: &str = "\
記号,番号,枝番,氏名,カナ,生年月日,区分,任意継続,メールアドレス,ユーザーID
20,0042,00,伊藤 直樹,イトウ ナオキ,19881224,被保険者,,naoki@example.co.jp,
20,0042,01,伊藤 舞,イトウ マイ,19900301,被扶養者,,,
902,4321,00,渡辺 勇,ワタナベ イサム,19580102,被保険者,1,,
";

async fn roster_rows(portal: &Portal) -> i64 {
    let (count,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM roster").fetch_one(&portal.pool().await).await.unwrap();
    count
}

#[tokio::test]
async fn a_roster_with_bad_rows_is_refused_whole_with_each_line_named() {
    let portal = Portal::start_with(10, None, false).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("roster.csv");
    let bad = format!(
        "{ROSTER}20,42,00,佐々木 明,ササキ アキラ,19700101,被保険者,,,\n20,0043,00,,ナナシ,19700101,被保険者,,,\n"
    );
    std::fs::write(&file, bad).unwrap();
    let (status, _, stderr) = admin(&portal, &["import-members", file.to_str().unwrap()]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("5行目: 番号は4桁です"), "{stderr}");
    assert!(stderr.contains("先頭の0が消えていませんか"), "{stderr}");
    assert!(stderr.contains("6行目: 氏名"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert_eq!(roster_rows(&portal).await, 0);

    // A dependant whose insured person is in neither the file nor the roster.
    std::fs::write(
        &file,
        "記号,番号,枝番,氏名,カナ,生年月日,区分,任意継続\n30,0001,01,孤 独,ヒトリ,20000101,被扶養者,\n",
    )
    .unwrap();
    let (status, _, stderr) = admin(&portal, &["import-members", file.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(stderr.contains("2行目: 記号 30 番号 0001 の被保険者がいません"), "{stderr}");
    assert_eq!(roster_rows(&portal).await, 0);
}

#[tokio::test]
async fn an_imported_roster_opens_first_registration_on_the_initial_passwords() {
    let portal = Portal::start_with(10, None, false).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("roster.csv");
    std::fs::write(&file, ROSTER).unwrap();
    let (status, stdout, stderr) = admin(&portal, &["import-members", file.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("imported: 3 added, 0 updated, 2 new accounts"), "{stdout}");
    assert!(stderr.contains("initial passwords: 2/2"), "{stderr}");
    // The 任意継続被保険者's issued password, printed once for the letter.
    let letter = stdout.lines().find(|line| line.contains("9024321") && line.contains("渡辺 勇")).unwrap();
    let issued = letter.split_whitespace().nth(1).unwrap();
    assert_eq!((issued.len(), issued.bytes().all(|b| b.is_ascii_digit())), (14, true), "{letter}");

    let client = portal.client();
    // A member without an old ID gets 記号 + 番号 + 枝番; the password is the guide's 14 digits.
    assert_eq!(client.login("20004200", "20004219881224").await.unwrap().next, NextStep::Registration);
    assert_eq!(client.login("902432119580102", issued).await.unwrap().next, NextStep::Registration);

    // The same file again changes nothing.
    let (status, stdout, _) = admin(&portal, &["import-members", file.to_str().unwrap()]);
    assert_eq!(status, 0);
    assert!(stdout.contains("imported: 0 added, 3 updated, 0 new accounts"), "{stdout}");
    assert!(!stdout.contains("9024321"), "no new letter: {stdout}");
    assert_eq!(client.login("902432119580102", issued).await.unwrap().next, NextStep::Registration);
}

#[tokio::test]
async fn a_society_can_give_everyone_a_random_initial_password_by_letter() {
    let portal = Portal::start_with(10, None, false).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("roster.csv");
    std::fs::write(&file, ROSTER).unwrap();
    let (status, stdout, stderr) =
        admin(&portal, &["import-members", "--random-initial-passwords", file.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    let issued = |user_id: &str| {
        let letter = stdout
            .lines()
            .find(|line| line.trim_start().starts_with(user_id))
            .unwrap_or_else(|| panic!("{stdout}"));
        letter.split_whitespace().nth(1).unwrap().to_owned()
    };
    let (member, voluntary) = (issued("20004200"), issued("902432119580102"));
    assert!([&member, &voluntary].iter().all(|p| p.len() == 14 && p.bytes().all(|b| b.is_ascii_digit())));
    let client = portal.client();
    // The insurance card's digits open nothing; the letter's do.
    assert_eq!(refusal(client.login("20004200", "20004219881224").await), ErrorCode::InvalidCredentials);
    assert_eq!(client.login("20004200", &member).await.unwrap().next, NextStep::Registration);

    // reset-password --random does the same for one member.
    let (status, stdout, _) = admin(&portal, &["reset-password", "--random", "20004200"]);
    assert_eq!(status, 0, "{stdout}");
    let again = stdout
        .lines()
        .rfind(|line| line.trim_start().starts_with("20004200 "))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap();
    assert_ne!(again, member);
    assert_eq!(refusal(client.login("20004200", &member).await), ErrorCode::InvalidCredentials);
    assert_eq!(client.login("20004200", again).await.unwrap().next, NextStep::Registration);
}

#[tokio::test]
async fn reset_password_sends_a_member_back_to_first_registration() {
    let portal = Portal::start(10).await;
    let (status, stdout, _) = admin(&portal, &["reset-password", "YAMADA.TARO"]);
    assert_eq!(status, 0, "{stdout}");
    let client = portal.client();
    assert_eq!(
        refusal(client.login(ENROLLED.user_id, ENROLLED.password).await),
        ErrorCode::InvalidCredentials
    );
    // 記号 10, 番号 0001, born 1980-05-15.
    assert_eq!(client.login(ENROLLED.user_id, "10000119800515").await.unwrap().next, NextStep::Registration);
    let (_, shown, _) = admin(&portal, &["show", ENROLLED.user_id]);
    assert!(shown.contains("registration     birth-date") && shown.contains("not enrolled"), "{shown}");
}

#[tokio::test]
async fn reset_otp_leads_the_next_login_to_enrollment_and_ends_sessions() {
    let portal = Portal::start(10).await;
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    let client = portal.client();
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    client.submit_otp(&enrollment.account.code(&enrollment.secret, now()).0).await.unwrap();
    let (status, stdout, _) = admin(&portal, &["reset-otp", ENROLLED.user_id]);
    assert_eq!(status, 0, "{stdout}");
    assert_eq!(refusal(client.me().await), ErrorCode::NotLoggedIn);
    assert_eq!(client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap().next, NextStep::Enrollment);
    let offer = client.enrollment_offer().await.unwrap();
    assert_ne!(
        kenpo_otp::Enrollment::parse(&offer.otpauth_uri).unwrap().secret.to_base32(),
        enrollment.secret.to_base32()
    );
}

#[tokio::test]
async fn show_tells_the_state_without_secrets_and_unknown_members_are_named() {
    let portal = Portal::start(10).await;
    let (status, shown, _) = admin(&portal, &["show", NOT_ENROLLED.user_id, "--json"]);
    assert_eq!(status, 0);
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["registration"], "complete");
    assert_eq!(shown["enrolled"], false);
    let (_, text, _) = admin(&portal, &["show", ENROLLED.user_id]);
    let secret = portal.demo_enrollment(ENROLLED.user_id).await.secret.to_base32();
    assert!(!text.contains(secret.as_str()) && !text.contains("$argon2"), "{text}");
    for command in ["show", "unlock", "reset-password", "reset-otp", "audit"] {
        let (status, _, stderr) = admin(&portal, &[command, "nobody.here"]);
        assert_eq!(status, 2, "{command}");
        assert!(stderr.contains("no member has the user ID \"nobody.here\""), "{command}: {stderr}");
    }
}

#[test]
fn every_command_explains_itself() {
    let help = |args: &[&str]| {
        let output = portal_cli(args);
        assert!(output.status.success(), "{args:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let top = help(&["--help"]);
    assert!(top.contains("serve") && top.contains("admin"), "{top}");
    let serve = help(&["serve", "--help"]);
    for option in [
        "--db",
        "--addr",
        "--demo",
        "--lockout-threshold",
        "--outbox",
        "--smtp",
        "--mail-from",
        "--behind-tls-proxy",
    ] {
        assert!(serve.contains(option), "serve --help lacks {option}");
    }
    let admin = help(&["admin", "--help"]);
    for command in
        ["show", "audit", "initial-passwords", "unlock", "import-members", "reset-password", "reset-otp"]
    {
        assert!(admin.contains(command), "admin --help lacks {command}");
        let text = help(&["admin", "--db", "sqlite::memory:", command, "--help"]);
        assert!(text.lines().count() >= 5, "{command} --help: {text}");
    }
    let import = help(&["admin", "--db", "sqlite::memory:", "import-members", "--help"]);
    assert!(import.contains("記号") && import.contains("Shift_JIS"), "{import}");
}

/// A database a newer portal has migrated is refused, with what to do, and left as it was.
#[tokio::test]
async fn a_database_with_a_newer_schema_is_refused_and_left_alone() {
    let portal = Portal::start(10).await;
    let pool = portal.pool().await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9999, 'from a newer portal', TRUE, $1, 1)",
    )
    .bind(vec![0u8; 48])
    .execute(&pool)
    .await
    .unwrap();
    let members = || sqlx::query_scalar::<_, i64>("SELECT count(*) FROM members").fetch_one(&pool);
    let before = members().await.unwrap();
    let output = portal_cli(&["admin", "--db", &portal.db, "show", ENROLLED.user_id]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("schema version 9999, newer than this kenpo-portal knows"), "{stderr}");
    assert!(stderr.contains("restore the backup"), "{stderr}");
    assert_eq!(members().await.unwrap(), before);
}

#[test]
fn a_database_url_of_another_kind_is_refused() {
    let output = portal_cli(&["admin", "--db", "mysql://kenpo@localhost/kenpo", "show", "yamada.taro"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("sqlite:// or postgres://"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn the_database_the_portal_creates_is_readable_by_its_own_user_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite");
    let db = format!("sqlite://{}", path.display());
    let output = portal_cli(&["admin", "--db", &db, "show", "nobody.here"]);
    assert!(!output.status.success());
    for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
        let mode = file.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.path().display());
    }
    assert!(path.exists());
}

#[tokio::test]
async fn every_staff_action_is_recorded_with_who_did_it_and_shown_in_the_audit() {
    let portal = Portal::start(10).await;
    let as_staff = |args: &[&str], user: &str| {
        let mut all = vec!["admin", "--db", &portal.db];
        all.extend_from_slice(args);
        let output = Command::new(env!("CARGO_BIN_EXE_kenpo-portal"))
            .args(&all)
            .env_remove("SUDO_USER")
            .env("USER", user)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    as_staff(&["unlock", ENROLLED.user_id], "sato");
    as_staff(&["reset-otp", ENROLLED.user_id], "suzuki");
    // A refused action changes nothing and records nothing.
    let (status, _, _) = admin(&portal, &["unlock", "nobody.here"]);
    assert_eq!(status, 2);
    let (status, audit, _) = admin(&portal, &["audit", ENROLLED.user_id, "--json"]);
    assert_eq!(status, 0);
    let audit: serde_json::Value = serde_json::from_str(&audit).unwrap();
    let staff: Vec<&str> = audit["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["step"] == "staff")
        .map(|row| row["result"].as_str().unwrap())
        .collect();
    assert_eq!(staff, ["reset-otp by suzuki", "unlock by sato"], "newest first");
    let pool = portal.pool().await;
    let all: i64 = sqlx::query_scalar("SELECT count(*) FROM admin_actions").fetch_one(&pool).await.unwrap();
    assert_eq!(all, 2);
}

#[tokio::test]
async fn the_members_still_on_the_initial_password_are_listed() {
    use kenpo_api::demo::{INITIAL, VOLUNTARY};
    let portal = Portal::start(10).await;
    let listed = |portal: &Portal| {
        let (status, out, _) = admin(portal, &["initial-passwords", "--json"]);
        assert_eq!(status, 0);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        rows.iter().map(|row| row["user_id"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    let before = listed(&portal);
    assert!(
        before.contains(&INITIAL.user_id.to_owned()) && before.contains(&VOLUNTARY.user_id.to_owned()),
        "{before:?}"
    );
    assert!(!before.contains(&ENROLLED.user_id.to_owned()));
    // Past the new-password step the card no longer opens the account.
    let member = portal.client();
    member.login(INITIAL.user_id, INITIAL.password).await.unwrap();
    member.registration_birth_date(INITIAL.birth_date).await.unwrap();
    let version = member.registration().await.unwrap().terms.version;
    member.agree_terms(&version).await.unwrap();
    member.choose_user_id(INITIAL.user_id).await.unwrap();
    member.set_new_password("Kenpo!2026-registered").await.unwrap();
    assert!(!listed(&portal).contains(&INITIAL.user_id.to_owned()));
}

#[tokio::test]
async fn processes_opening_a_new_database_at_once_migrate_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::database(dir.path()).await;
    let commands: Vec<_> = (0..6)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_kenpo-portal"))
                .args(["admin", "--db", &db, "initial-passwords"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for command in commands {
        let output = command.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
}
