//! `cargo xtask bench`: what the notices cost, measured on this machine. Figures are printed as
//! `figure<TAB>what<TAB>median<TAB>spread<TAB>unit<TAB>budget` lines for the table.
//!
//! - listing: a household with two years of notices (the demo's 山田 household), one calendar
//!   year over HTTP, as the app asks for it;
//! - the printable year: its size, and the time to make it;
//! - the staff's import of 100,000 medical rows (5,000 people, 20 rows each): parse and write.
//!
//! On SQLite by default; `KENPO_BENCH_DB=postgres://…` measures on a PostgreSQL database
//! instead (emptied first: give a database of its own).

#[path = "../../../xtask/src/figure.rs"]
mod figure;

use std::time::{Duration, Instant};

use figure::figure;

use kenpo_api::demo::ENROLLED;
use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;
use kenpo_portal::notices::import::{Kind, import, parse};
use kenpo_portal::store;

const LISTINGS: usize = 200;
const PDFS: usize = 20;
const PEOPLE: usize = 5_000;
const ROWS_EACH: usize = 20;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn percentile(mut samples: Vec<Duration>, p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)]
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = std::env::var("KENPO_BENCH_DB")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.sqlite").display()));
    let pool = kenpo_portal::db::open(&db).await.unwrap();
    kenpo_portal::demo::seed(&pool).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let config = kenpo_portal::Config {
        demo: true,
        mail: kenpo_portal::mail::MailSetting::Outbox(dir.path().join("outbox")),
        ..Default::default()
    };
    let serve_db = db.clone();
    tokio::spawn(async move { kenpo_portal::serve(listener, &serve_db, config).await.unwrap() });

    let client = PortalClient::new(&url).unwrap();
    let demo = client.demo_authenticators().await.unwrap();
    let enrollment =
        Enrollment::parse(&demo.iter().find(|entry| entry.user_id == ENROLLED.user_id).unwrap().otpauth_uri)
            .unwrap();
    client.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    client.submit_otp(&enrollment.account.code(&enrollment.secret, now).0).await.unwrap();

    let newest = client.medical_notices(None, None, 1).await.unwrap();
    let year = newest.years[1];
    let rows: usize = {
        let mut rows = 0;
        for year in &newest.years {
            rows += client.medical_notices(Some(*year), None, 1).await.unwrap().notices.len();
        }
        rows
    };
    let mut samples = Vec::new();
    for _ in 0..LISTINGS {
        let started = Instant::now();
        let shown = client.medical_notices(Some(year), None, 1).await.unwrap();
        samples.push(started.elapsed());
        assert!(!shown.notices.is_empty());
    }
    eprintln!(
        "listing: a household with {rows} rows over {} years, one year ({} rows) over HTTP, {LISTINGS} requests",
        newest.years.len(),
        client.medical_notices(Some(year), None, 1).await.unwrap().notices.len(),
    );
    let ms = |duration: Duration| duration.as_secs_f64() * 1000.0;
    figure("notices: one year's listing, one member: p50", &[ms(median(samples.clone()))], "ms", "");
    figure("notices: one year's listing, one member: p95", &[ms(percentile(samples, 0.95))], "ms", "");

    let mut samples = Vec::new();
    let mut size = 0;
    for _ in 0..PDFS {
        let started = Instant::now();
        size = client.file(&format!("api/notices/medical/pdf?year={year}")).await.unwrap().len();
        samples.push(started.elapsed());
    }
    figure(
        "notices: the printable year, made",
        &samples.iter().copied().map(ms).collect::<Vec<_>>(),
        "ms",
        "",
    );
    figure("notices: the printable year, size", &[size as f64 / 1024.0], "KiB", "");

    // 5,000 people on the roster, straight into the table (no accounts: hashing their initial
    // passwords is the roster import's cost, not this one's).
    for n in 0..PEOPLE {
        let bango = format!("{:04}", 5000 + n / 2);
        let edaban = format!("{:02}", n % 2);
        let person = store::roster::Person {
            kigo: "77",
            bango: &bango,
            edaban: &edaban,
            name: "試験 太郎",
            kana: "シケン タロウ",
            birth_date: "19800101",
            relation: if n % 2 == 0 { "insured" } else { "dependant" },
            voluntary: false,
            email: None,
        };
        store::roster::insert(&pool, &person).await.unwrap();
    }
    let mut file = kenpo_portal::notices::import::column::MEDICAL.join(",") + "\n";
    for n in 0..PEOPLE {
        for row in 0..ROWS_EACH {
            let month = 202_501 + (row % 12) as u32;
            let points = 300 + (n * 7 + row * 13) % 2000;
            file += &format!(
                "77,{:04},{:02},{month},試験クリニック{},外来,1,{},{},0,{}\n",
                5000 + n / 2,
                n % 2,
                row / 12,
                points * 10,
                points * 3,
                points * 7
            );
        }
    }
    let started = Instant::now();
    let parsed = parse(Kind::Medical, file.as_bytes()).unwrap_or_else(|problems| panic!("{}", problems[0]));
    let parsing = started.elapsed();
    let report = import(&pool, &parsed, true, |_, _| {}).await.unwrap();
    let total = started.elapsed();
    assert_eq!(report.added, PEOPLE * ROWS_EACH);
    eprintln!(
        "import: {} rows ({:.1} MiB) in {:.2?} (parse {:.2?}, write {:.2?})",
        report.added,
        file.len() as f64 / 1024.0 / 1024.0,
        total,
        parsing,
        total - parsing,
    );
    figure("notices: import of 100,000 rows", &[report.added as f64 / total.as_secs_f64()], "rows/s", "");
    let started = Instant::now();
    let again = import(&pool, &parsed, true, |_, _| {}).await.unwrap();
    assert_eq!(again.unchanged, PEOPLE * ROWS_EACH);
    figure("notices: the same import again (all unchanged)", &[started.elapsed().as_secs_f64()], "s", "");
}
