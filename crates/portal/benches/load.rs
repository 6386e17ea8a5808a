//! `cargo xtask bench`: the portal under load, on loopback, beside what argon2id alone allows.
//!
//! The portal runs as a process of its own (this binary again, with `KENPO_BENCH_SERVE`), so
//! its memory is its own; this process is the members. Per backend (SQLite, then a private
//! PostgreSQL cluster, then two portals on one PostgreSQL database, as behind a load balancer,
//! each member staying with one of them):
//! - the bound: password verifications a second, one thread a core, as the portal hashes;
//! - login (password, then the code) by 16 and 64 members at once: throughput, p50 and p99,
//!   and the throughput as a share of the bound (goal: at least 80 %);
//! - the medical notices of one year listed by 200 logged-in members at once: p50 and p99
//!   (budget: p99 at most 20 ms);
//! - the portal's resident memory idle, and its peak over the whole run (summed over the
//!   portals).
//!
//! Each figure is the median of [`ROUNDS`] rounds, with half their range as the spread. The
//! members share one password hash (hashing thousands of them would be the setup's cost, not
//! the login's), each has a secret of its own, and each logs in once (a code is spent once a
//! step). The throttle is off: every request comes from 127.0.0.1. Figures are printed as
//! `figure<TAB>what<TAB>median<TAB>spread<TAB>unit<TAB>budget` lines for the table.

#[path = "../../../xtask/src/figure.rs"]
mod figure;

#[path = "../tests/common/postgres.rs"]
#[allow(dead_code)]
mod postgres;

use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use figure::{cpu_seconds, figure};
use kenpo_client::PortalClient;
use kenpo_otp::{Account, Secret};
use kenpo_portal::notices::import::{Kind, column, import, parse};
use kenpo_portal::store;

const ROUNDS: usize = 3;
const ROUND: Duration = Duration::from_secs(4);
/// Enough that no member logs in twice in a run, at several hundred logins a second.
const MEMBERS: usize = 8_000;
/// The first members, who have notices and list them at once.
const LISTERS: usize = 200;
const PASSWORD: &str = "Bench-Pass-2026";
const NOTICE_YEAR: i32 = 2025;

fn main() {
    if let Ok(db) = std::env::var("KENPO_BENCH_SERVE") {
        return serve(&db);
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    runtime.block_on(async {
        let sqlite = format!("sqlite://{}", dir.path().join("load.sqlite").display());
        backend("SQLite", &sqlite, 1).await;
        backend("PostgreSQL", &postgres::fresh_database().await, 1).await;
        backend("PostgreSQL, two portals", &postgres::fresh_database().await, 2).await;
    });
}

/// The portal, as the child process: serves `db` on a loopback port it prints.
fn serve(db: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("http://{}/", listener.local_addr().unwrap());
        let outbox = std::env::temp_dir().join("kenpo-bench-outbox");
        let config = kenpo_portal::Config {
            throttle: kenpo_portal::throttle::Settings::off(),
            mail: kenpo_portal::mail::MailSetting::Outbox(outbox),
            ..Default::default()
        };
        kenpo_portal::serve(listener, db, config).await.unwrap();
    });
}

async fn backend(name: &str, db: &str, instances: usize) {
    eprintln!("portal on {name}: {MEMBERS} members…");
    let started = Instant::now();
    seed(db).await;
    eprintln!("  seeded in {:.1?}", started.elapsed());
    let portals = Portals((0..instances).map(|_| Portal::start(db)).collect());
    let idle = portals.memory("VmRSS");
    let bound = argon2_bound();
    figure(&format!("portal ({name}): argon2id verifications"), &bound, "/s", "");
    let next = Arc::new(AtomicUsize::new(LISTERS));
    for concurrency in [16, 64] {
        let cpu = portals.cpu();
        let rounds: Vec<Round> = {
            let mut rounds = Vec::new();
            for _ in 0..ROUNDS {
                rounds.push(logins(&portals.urls(), &next, concurrency).await);
            }
            rounds
        };
        cpu.report(&portals, &format!("{concurrency} logging in at once"));
        let what = format!("portal ({name}): login + code, {concurrency} at once");
        let throughput: Vec<f64> = rounds.iter().map(|round| round.per_second).collect();
        figure(&format!("{what}: throughput"), &throughput, "/s", "");
        let share: Vec<f64> =
            throughput.iter().zip(&bound).map(|(done, bound)| done / bound * 100.0).collect();
        figure(&format!("{what}: share of the argon2 bound"), &share, "%", ">= 80");
        figure(&format!("{what}: p50"), &latencies(&rounds, 0.50), "ms", "");
        figure(&format!("{what}: p99"), &latencies(&rounds, 0.99), "ms", "");
    }
    let cpu = portals.cpu();
    let listing = listings(&portals.urls()).await;
    cpu.report(&portals, &format!("{LISTERS} listing at once"));
    // With 200 members asking again the moment they are answered, the mean wait is 200 over
    // the throughput (Little's law): the p99 budget asks for 10,000 listings a second.
    let listed: Vec<f64> = listing.iter().map(|round| round.per_second).collect();
    figure(&format!("portal ({name}): notices of a year, 200 at once: throughput"), &listed, "/s", "");
    figure(
        &format!("portal ({name}): notices of a year, 200 at once: p50"),
        &latencies(&listing, 0.50),
        "ms",
        "",
    );
    figure(
        &format!("portal ({name}): notices of a year, 200 at once: p99"),
        &latencies(&listing, 0.99),
        "ms",
        "<= 20",
    );
    figure(&format!("portal ({name}): memory idle (RSS)"), &[idle], "MiB", "");
    figure(&format!("portal ({name}): memory peak under load (RSS)"), &[portals.memory("VmHWM")], "MiB", "");
}

fn user_id(n: usize) -> String {
    format!("bench{n:05}")
}

/// Each member's own secret: 20 bytes from its number.
fn secret(n: usize) -> Secret {
    let mut bytes = format!("kenpo-bench-{n:08}").into_bytes();
    bytes.resize(20, b'.');
    Secret::from_bytes(bytes).unwrap()
}

/// [`MEMBERS`] people on the roster with an account each, registered and enrolled, and a year
/// of medical notices for the first [`LISTERS`].
async fn seed(db: &str) {
    use store::members::{DemoState, set_demo};
    let pool = kenpo_portal::db::open(db).await.unwrap();
    let hash = kenpo_portal::password::hash(PASSWORD);
    let mut transaction = pool.begin().await.unwrap();
    for n in 0..MEMBERS {
        let bango = format!("{}", 10_000 + n);
        let person = store::roster::Person {
            kigo: "88",
            bango: &bango,
            edaban: "00",
            name: "負荷 太郎",
            kana: "フカ タロウ",
            birth_date: "19800101",
            relation: "insured",
            voluntary: false,
            email: None,
        };
        store::roster::insert(&mut *transaction, &person).await.unwrap();
        store::roster::insert_account(&mut *transaction, &person, &user_id(n), &hash, 0).await.unwrap();
        set_demo(&mut *transaction, &user_id(n), DemoState::Registered).await.unwrap();
        set_demo(&mut *transaction, &user_id(n), DemoState::Secret(&secret(n).to_base32())).await.unwrap();
    }
    transaction.commit().await.unwrap();
    let mut file = column::MEDICAL.join(",") + "\n";
    for n in 0..LISTERS {
        for month in 1..=12 {
            let points = 300 + (n * 7 + month * 13) % 2000;
            file += &format!(
                "88,{},00,{NOTICE_YEAR}{month:02},負荷クリニック,外来,1,{},{},0,{}\n",
                10_000 + n,
                points * 10,
                points * 3,
                points * 7
            );
        }
    }
    let parsed = parse(Kind::Medical, file.as_bytes()).unwrap_or_else(|problems| panic!("{}", problems[0]));
    import(&pool, &parsed, false, |_, _| {}).await.unwrap();
    pool.close().await;
}

/// The portals of a run; member `n` is served by portal `n` modulo their number.
struct Portals(Vec<Portal>);

impl Portals {
    fn urls(&self) -> Vec<String> {
        self.0.iter().map(|portal| portal.url.clone()).collect()
    }

    /// A memory figure summed over the portals, in MiB.
    fn memory(&self, field: &str) -> f64 {
        self.0.iter().map(|portal| portal.memory(field)).sum()
    }

    /// The CPU used so far by the portals and by this process (the members), from now.
    fn cpu(&self) -> Cpu {
        Cpu { portals: self.cpu_seconds(), members: cpu_seconds(std::process::id()), started: Instant::now() }
    }

    fn cpu_seconds(&self) -> f64 {
        self.0.iter().map(|portal| cpu_seconds(portal.child.id())).sum()
    }
}

/// CPU seconds at a start, to say where a part's CPU went.
struct Cpu {
    portals: f64,
    members: f64,
    started: Instant,
}

impl Cpu {
    fn report(&self, portals: &Portals, what: &str) {
        eprintln!(
            "  {what}: CPU used by the portal {:.1} s, by the members (this bench) {:.1} s, in {:.1} s",
            portals.cpu_seconds() - self.portals,
            cpu_seconds(std::process::id()) - self.members,
            self.started.elapsed().as_secs_f64()
        );
    }
}

/// The portal as a process of its own, stopped when dropped.
struct Portal {
    child: Child,
    url: String,
}

impl Portal {
    fn start(db: &str) -> Self {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .env("KENPO_BENCH_SERVE", db)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut url = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut url).unwrap();
        Self { child, url: url.trim().to_owned() }
    }

    /// A memory figure of `/proc/PID/status` (`VmRSS`, `VmHWM`), in MiB.
    fn memory(&self, field: &str) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|line| line.starts_with(field)).unwrap();
        let kib: f64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kib / 1024.0
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Password verifications a second over all cores, one thread each, in [`ROUNDS`] rounds.
fn argon2_bound() -> Vec<f64> {
    let hash = kenpo_portal::password::hash(PASSWORD);
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            let done: usize = std::thread::scope(|scope| {
                let threads: Vec<_> = (0..cores)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut done = 0;
                            while started.elapsed() < ROUND {
                                assert!(kenpo_portal::password::verify(PASSWORD, Some(&hash)));
                                done += 1;
                            }
                            done
                        })
                    })
                    .collect();
                threads.into_iter().map(|thread| thread.join().unwrap()).sum()
            });
            done as f64 / started.elapsed().as_secs_f64()
        })
        .collect()
}

/// What one round saw.
struct Round {
    per_second: f64,
    latencies: Vec<Duration>,
}

/// Members log in, `concurrency` at once, for one round: each the password, then its code.
async fn logins(urls: &[String], next: &Arc<AtomicUsize>, concurrency: usize) -> Round {
    let started = Instant::now();
    let latencies = Arc::new(Mutex::new(Vec::new()));
    all((0..concurrency).map(|_| {
        let (urls, next, latencies) = (urls.to_owned(), next.clone(), latencies.clone());
        async move {
            while started.elapsed() < ROUND {
                let n = next.fetch_add(1, Ordering::Relaxed);
                assert!(n < MEMBERS, "more logins than members: raise MEMBERS");
                let client = PortalClient::new(&urls[n % urls.len()]).unwrap();
                let began = Instant::now();
                login(&client, n).await;
                latencies.lock().unwrap().push(began.elapsed());
            }
        }
    }))
    .await;
    let latencies = std::mem::take(&mut *latencies.lock().unwrap());
    Round { per_second: latencies.len() as f64 / started.elapsed().as_secs_f64(), latencies }
}

async fn login(client: &PortalClient, n: usize) {
    client.login(&user_id(n), PASSWORD).await.unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let account = Account::standard_totp(None, user_id(n));
    client.submit_otp(&account.code(&secret(n), now).0).await.unwrap();
}

/// The first [`LISTERS`] members log in, then each lists its year of notices again and again,
/// all at once, for [`ROUNDS`] rounds.
async fn listings(urls: &[String]) -> Vec<Round> {
    let clients: Vec<Arc<PortalClient>> =
        (0..LISTERS).map(|n| Arc::new(PortalClient::new(&urls[n % urls.len()]).unwrap())).collect();
    all(clients.iter().cloned().enumerate().map(|(n, client)| async move { login(&client, n).await })).await;
    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let latencies = Arc::new(Mutex::new(Vec::new()));
        all(clients.iter().map(|client| {
            let (client, latencies) = (client.clone(), latencies.clone());
            async move {
                while started.elapsed() < ROUND {
                    let began = Instant::now();
                    let listed = client.medical_notices(Some(NOTICE_YEAR), None, 1).await.unwrap();
                    latencies.lock().unwrap().push(began.elapsed());
                    assert_eq!(listed.notices.len(), 12);
                }
            }
        }))
        .await;
        let latencies = std::mem::take(&mut *latencies.lock().unwrap());
        rounds
            .push(Round { per_second: latencies.len() as f64 / started.elapsed().as_secs_f64(), latencies });
    }
    rounds
}

/// Runs each future as a task of its own (on every core) and waits for them all.
async fn all<F: std::future::Future<Output = ()> + Send + 'static>(futures: impl IntoIterator<Item = F>) {
    let mut tasks = tokio::task::JoinSet::new();
    for future in futures {
        tasks.spawn(future);
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
}

/// The `quantile` latency of each round, in milliseconds.
fn latencies(rounds: &[Round], quantile: f64) -> Vec<f64> {
    rounds
        .iter()
        .map(|round| {
            let mut sorted = round.latencies.clone();
            sorted.sort();
            let index = ((sorted.len() as f64 * quantile) as usize).min(sorted.len() - 1);
            sorted[index].as_secs_f64() * 1000.0
        })
        .collect()
}
