//! Crash durability: the real portal binary is killed with SIGKILL, again and again, while
//! members register, guess passwords and log in with codes. After every kill the database must
//! pass `PRAGMA integrity_check`, no member may be half-registered, and no failure count,
//! registration step or last-used code step may have gone backwards.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use kenpo_api::demo::{ENROLLED, NOT_ENROLLED};
use kenpo_api::portal::RegistrationStep;
use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;
use kenpo_portal::db::Flag;

mod common;

const CYCLES: usize = 100;
const MEMBERS: usize = 10;
const THRESHOLD: i64 = 30;
const NEW_PASSWORD: &str = "Crash-Test-2026!";
const STEPS: [&str; 7] = ["birth-date", "terms", "user-id", "password", "email", "email-code", "complete"];

struct Portal {
    child: Child,
    url: String,
}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_kenpo-portal")
}

impl Portal {
    fn start(db: &str, outbox: &Path) -> Self {
        let mut child = Command::new(binary())
            .args(["serve", "--demo", "--addr", "127.0.0.1:0", "--db", db])
            .args(["--lockout-threshold", &THRESHOLD.to_string(), "--outbox"])
            .arg(outbox)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().strip_prefix("kenpo-portal listening on ").unwrap_or_else(|| panic!("{line}"));
        Self { child, url: url.to_owned() }
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

fn roster() -> String {
    let mut csv = "記号,番号,枝番,氏名,カナ,生年月日,区分,任意継続,メールアドレス,ユーザーID\n".to_owned();
    for n in 1..=MEMBERS {
        csv.push_str(&format!("30,{n:04},00,試験 {n},シケン,19800101,被保険者,,,crashtest{n:02}\n"));
    }
    csv
}

/// What must never go backwards, read after a kill.
#[derive(Debug, Default, Clone, PartialEq)]
struct Seen {
    steps: Vec<usize>,
    guessed_failures: i64,
    last_step: i64,
}

async fn check(db: &str, before: &Seen) -> Seen {
    let pool = kenpo_portal::db::open(db).await.unwrap();
    if db.starts_with("sqlite:") {
        let (integrity,): (String,) =
            sqlx::query_as("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
        assert_eq!(integrity, "ok");
    }
    let mut steps = Vec::new();
    for n in 1..=MEMBERS {
        let (registration, email, pending, Flag(enrolled)): (String, Option<String>, Option<String>, Flag) =
            sqlx::query_as(
                "SELECT registration, email, pending_email, totp_secret IS NOT NULL FROM members WHERE roster_id =
                   (SELECT id FROM roster WHERE kigo = '30' AND bango = $1 AND edaban = '00')",
            )
            .bind(format!("{n:04}"))
            .fetch_one(&pool)
            .await
            .unwrap();
        let step = STEPS.iter().position(|step| *step == registration).expect("a known step");
        // Half-registered: a step recorded without what it stands for.
        if registration == "email-code" {
            assert!(pending.is_some(), "member {n} waits for a code sent nowhere");
        }
        if registration == "complete" {
            assert!(email.is_some() && pending.is_none(), "member {n} complete without an address");
        } else {
            assert!(!enrolled, "member {n} linked an authenticator before registering");
        }
        steps.push(step);
    }
    let (guessed_failures, locked): (i64, Option<i64>) =
        sqlx::query_as("SELECT failed_attempts, locked_at FROM members WHERE user_id = $1")
            .bind(NOT_ENROLLED.user_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(locked.is_some(), guessed_failures >= THRESHOLD, "locked exactly at the threshold");
    assert!(guessed_failures <= THRESHOLD);
    let (last_step,): (Option<i64>,) =
        sqlx::query_as("SELECT totp_last_step FROM members WHERE user_id = $1")
            .bind(ENROLLED.user_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    let seen = Seen { steps, guessed_failures, last_step: last_step.unwrap_or(0) };
    for (n, (now, then)) in
        seen.steps.iter().zip(before.steps.iter().chain(std::iter::repeat(&0))).enumerate()
    {
        assert!(
            now >= then,
            "member {}'s registration went back from {} to {}",
            n + 1,
            STEPS[*then],
            STEPS[*now]
        );
    }
    assert!(
        seen.guessed_failures >= before.guessed_failures,
        "the failure count went back: {seen:?} {before:?}"
    );
    assert!(seen.last_step >= before.last_step, "the last used step went back: {seen:?} {before:?}");
    seen
}

/// One member's registration, from wherever it stands, as far as it goes.
async fn register(url: &str, outbox: &Path, n: usize) {
    let client = PortalClient::new(url).unwrap();
    let user_id = format!("crashtest{n:02}");
    let initial = format!("30{n:04}19800101");
    if client.login(&user_id, &initial).await.is_err() && client.login(&user_id, NEW_PASSWORD).await.is_err()
    {
        return;
    }
    let email = format!("crash{n:02}@example.jp");
    while let Ok(state) = client.registration().await {
        let done = match state.next {
            RegistrationStep::BirthDate => client.registration_birth_date("19800101").await,
            RegistrationStep::Terms => client.agree_terms(&state.terms.version).await,
            RegistrationStep::UserId => client.choose_user_id(&user_id).await,
            RegistrationStep::Password => client.set_new_password(NEW_PASSWORD).await,
            RegistrationStep::Email => client.give_email(&email).await,
            RegistrationStep::EmailCode => match mailed_code(outbox, &email) {
                Some(code) => client.confirm_email(&code).await,
                None => client.give_email(&email).await,
            },
            RegistrationStep::Complete => return,
        };
        if done.is_err() {
            return;
        }
    }
}

fn mailed_code(outbox: &Path, to: &str) -> Option<String> {
    let mut mails: Vec<PathBuf> =
        std::fs::read_dir(outbox).ok()?.flatten().map(|entry| entry.path()).collect();
    mails.sort();
    mails.iter().rev().filter_map(|path| std::fs::read_to_string(path).ok()).find_map(|mail| {
        if !mail.contains(&format!("To: {to}")) {
            return None;
        }
        let line = mail.lines().find(|line| line.starts_with("確認コード:"))?;
        Some(line["確認コード:".len()..].trim().to_owned())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_registration_guessing_and_login_loses_nothing_and_breaks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::database(dir.path()).await;
    let outbox = dir.path().join("outbox");
    let file = dir.path().join("roster.csv");
    std::fs::write(&file, roster()).unwrap();
    let portal = Portal::start(&db, &outbox);
    let imported =
        Command::new(binary()).args(["admin", "--db", &db, "import-members"]).arg(&file).output().unwrap();
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let list = PortalClient::new(&portal.url).unwrap().demo_authenticators().await.unwrap();
    let entry = list.iter().find(|entry| entry.user_id == ENROLLED.user_id).unwrap();
    let enrollment = Arc::new(Enrollment::parse(&entry.otpauth_uri).unwrap());
    portal.kill();

    let mut seen = check(&db, &Seen::default()).await;
    for cycle in 0..CYCLES {
        let portal = Portal::start(&db, &outbox);
        let (answered, mut answers) = tokio::sync::mpsc::unbounded_channel::<()>();
        let url = portal.url.clone();
        let mut work = tokio::task::JoinSet::new();
        // A registration walk, a wrong password, a login with a code: each counted when answered.
        work.spawn({
            let (url, outbox, answered) = (url.clone(), outbox.clone(), answered.clone());
            async move {
                register(&url, &outbox, cycle % MEMBERS + 1).await;
                let _ = answered.send(());
            }
        });
        for _ in 0..3 {
            let (url, answered) = (url.clone(), answered.clone());
            work.spawn(async move {
                let _ = PortalClient::new(&url).unwrap().login(NOT_ENROLLED.user_id, "Wrong-Pass-2026").await;
                let _ = answered.send(());
            });
        }
        work.spawn({
            let (url, answered, enrollment) = (url.clone(), answered.clone(), enrollment.clone());
            async move {
                let client = PortalClient::new(&url).unwrap();
                if client.login(ENROLLED.user_id, ENROLLED.password).await.is_ok() {
                    let now =
                        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
                    let _ = client.submit_otp(&enrollment.account.code(&enrollment.secret, now + 30).0).await;
                }
                let _ = answered.send(());
            }
        });
        // Killed after a different number of the five answers each cycle: some work done, some
        // in flight; one cycle in six, only once all is done.
        for _ in 0..cycle % 6 {
            answers.recv().await;
        }
        portal.kill();
        work.shutdown().await;
        seen = check(&db, &seen).await;
    }
    let complete = seen.steps.iter().filter(|step| **step == STEPS.len() - 1).count();
    eprintln!(
        "{CYCLES} SIGKILL cycles: integrity ok each time; {complete} of {MEMBERS} members registered, \
         failures counted {}, last code step {}",
        seen.guessed_failures, seen.last_step
    );
    assert!(complete > 0 && seen.guessed_failures > 0, "the work reached the database: {seen:?}");
}
