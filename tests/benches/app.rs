//! `cargo xtask bench`: the app's start, memory and idle cost, beside a blank Tauri window
//! (`crates/blank-window`: the same Tauri build, an empty page with one input),
//! in the environment of the end-to-end tests (Xvfb, tauri-driver, a real gnome-keyring).
//!
//! - start: from the WebDriver session's request (which starts the process) to the first input
//!   on screen and enabled (the app's login screen, the blank page's input); warm, and cold
//!   after the kernel's page cache is dropped (root only; else said and left out). Cold, the
//!   app reads much more than the empty page of WebKit's and JavaScriptCore's libraries, ICU's
//!   data, the CJK fonts and its own binary, each some tenths of the difference: with those
//!   read before each start the app started in 0.55 s against the empty page's 0.54 s;
//!   without, 1.21 against 0.68 s (5 starts each, 2026-12-06);
//! - memory: PSS summed over the app and its WebKit processes (`/proc/PID/smaps_rollup`), on the
//!   codes screen with 50 accounts, beside the blank window's;
//! - idle: CPU time of those processes over [`IDLE`] on that screen, and the keychain's reads
//!   (Secret Service calls seen by `dbus-monitor` on the session bus) in it.
//!
//! Figures are printed as `figure<TAB>what<TAB>median<TAB>spread<TAB>unit<TAB>budget` lines.

#[path = "../../xtask/src/figure.rs"]
mod figure;

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use figure::{cpu_seconds, figure};
use kenpo_e2e::{ENROLLED, Session, release_binary};

const WARM: usize = 5;
const COLD: usize = 3;
const ACCOUNTS: usize = 50;
const IDLE: Duration = Duration::from_secs(60);
/// Parts of the idle minute, each a sample of the memory and CPU figures.
const WINDOWS: usize = 3;

#[tokio::main]
async fn main() {
    let app = release_binary("kenpo-app");
    let blank = release_binary("blank-window");

    let session = Session::start().await;
    let keychain = Monitor::start();
    with_accounts(&session, ACCOUNTS).await;
    let created = keychain.calls();
    assert!(
        created > 0,
        "dbus-monitor saw {created} Secret Service calls while {ACCOUNTS} accounts were added"
    );
    let processes = session.app_processes();
    assert!(processes.len() >= 2, "the app and its web process: {processes:?}");
    // The idle minute in [WINDOWS] parts: memory at the start of each, CPU over each.
    let (mut app_pss, mut cpu) = (Vec::new(), Vec::new());
    let reads_before = keychain.reads();
    for _ in 0..WINDOWS {
        let each: Vec<f64> = processes.iter().map(|&pid| pss(pid)).collect();
        let before: Vec<f64> = processes.iter().map(|&pid| cpu_seconds(pid)).collect();
        tokio::time::sleep(IDLE / WINDOWS as u32).await;
        let used: Vec<f64> =
            processes.iter().zip(&before).map(|(&pid, before)| cpu_seconds(pid) - before).collect();
        eprintln!(
            "the app's processes on the codes screen, {ACCOUNTS} accounts; CPU over {:?} idle:",
            IDLE / WINDOWS as u32
        );
        for ((pid, pss), used) in processes.iter().zip(&each).zip(&used) {
            eprintln!("  {:<24} {pss:>7.1} MiB PSS  {used:>5.2} s CPU", name(*pid));
        }
        app_pss.push(each.iter().sum::<f64>());
        cpu.push(used.iter().sum::<f64>() / (IDLE / WINDOWS as u32).as_secs_f64() * 100.0);
    }
    let reads = keychain.reads() - reads_before;
    session.client.clone().close().await.ok();

    let blank_pss: Vec<f64> = {
        let client = session.driver.open(&blank).await;
        ready(&client, "#ready").await;
        let processes = session.driver.app_processes();
        let mut sums = Vec::new();
        for _ in 0..WINDOWS {
            tokio::time::sleep(Duration::from_secs(2)).await;
            let each: Vec<f64> = processes.iter().map(|&pid| pss(pid)).collect();
            eprintln!("the blank window's processes:");
            for (pid, pss) in processes.iter().zip(&each) {
                eprintln!("  {:<24} {pss:>7.1} MiB PSS", name(*pid));
            }
            sums.push(each.iter().sum::<f64>());
        }
        client.close().await.ok();
        sums
    };
    let ratios: Vec<f64> = app_pss.iter().zip(&blank_pss).map(|(app, blank)| app / blank).collect();
    figure("app: memory on the codes screen, 50 accounts (PSS)", &app_pss, "MiB", "");
    figure("blank Tauri window: memory (PSS)", &blank_pss, "MiB", "");
    figure("app: memory ÷ blank window", &ratios, "×", "<= 1.15");
    figure("app: CPU idle on the codes screen, 50 accounts", &cpu, "% of a core", "<= 1");
    figure("app: keychain reads idle for a minute, 50 accounts", &[reads as f64], "reads", "<= 0");

    // One start of each first, untimed: the first after the minute idle reads files the
    // others find in memory, and would count as neither warm nor cold.
    for (binary, input) in [(&app, "#user-id"), (&blank, "#ready")] {
        let client = session.driver.open(binary).await;
        ready(&client, input).await;
        client.close().await.ok();
    }
    for (kind, rounds) in [("warm", WARM), ("cold", COLD)] {
        if kind == "cold" && !drop_caches() {
            eprintln!("cold starts not measured: the page cache can be dropped by root only");
            continue;
        }
        let (mut apps, mut blanks) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            for (binary, input, times) in [(&app, "#user-id", &mut apps), (&blank, "#ready", &mut blanks)] {
                if kind == "cold" {
                    drop_caches();
                }
                let started = Instant::now();
                let client = session.driver.open(binary).await;
                ready(&client, input).await;
                times.push(started.elapsed().as_secs_f64());
                client.close().await.ok();
            }
        }
        let ratios: Vec<f64> = apps.iter().zip(&blanks).map(|(app, blank)| app / blank).collect();
        let budget = if kind == "warm" { "<= 0.5" } else { "" };
        figure(&format!("app: start to the login screen, {kind}"), &apps, "s", budget);
        figure(&format!("blank Tauri window: start, {kind}"), &blanks, "s", "");
        figure(&format!("app: start ÷ blank window, {kind}"), &ratios, "×", "<= 1.3");
    }
}

/// Adds accounts, by pasting their enrollment codes, until the codes screen lists `count`.
async fn with_accounts(session: &Session, count: usize) {
    session.click("#switch-view").await;
    session.wait_for_text(".account-name", |text| text == ENROLLED.user_id).await;
    let listed = session.texts(".account-name").await.len();
    for n in listed..count {
        session.click("#add-account").await;
        let uri = format!(
            "otpauth://totp/Service{n:02}:member{n:02}%40example.jp?secret={}&issuer=Service{n:02}",
            secret(n)
        );
        session.type_into("#pasted", &uri).await;
        session.click("#add-pasted").await;
        let added = format!("member{n:02}@example.jp");
        session.wait_for_text("#accounts", |text| text.contains(&added)).await;
    }
    let listed = session.texts(".account-name").await.len();
    assert_eq!(listed, count, "the codes screen lists every account");
}

/// A base32 secret of 160 bits, different for each `n`.
fn secret(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    (0..32).map(|i| ALPHABET[(n * 7 + i * 13 + i * i) % 32] as char).collect()
}

/// Waits for the input `css` to be on screen and enabled.
async fn ready(client: &Client, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(input) = client.find(Locator::Css(css)).await
            && input.is_enabled().await.unwrap_or(false)
        {
            return;
        }
        assert!(Instant::now() < deadline, "{css} never became ready");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Empties the kernel's page cache, so the next start reads its files from disk; false if this
/// process may not.
fn drop_caches() -> bool {
    Command::new("sync").status().ok();
    std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok()
}

/// The command name of process `pid`.
fn name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default().trim().to_owned()
}

/// PSS of process `pid`, in MiB (0 once it is gone).
fn pss(pid: u32) -> f64 {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let kib = rollup
        .lines()
        .find_map(|line| line.strip_prefix("Pss:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// `dbus-monitor` on the session bus, counting calls to the Secret Service.
struct Monitor {
    child: std::process::Child,
    calls: Arc<AtomicUsize>,
    reads: Arc<AtomicUsize>,
}

impl Monitor {
    fn start() -> Self {
        let mut child = Command::new("dbus-monitor")
            .args(["--session", "type='method_call',destination='org.freedesktop.secrets'"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-monitor runs (dbus-x11 is installed by setup)");
        let (calls, reads) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let stdout = child.stdout.take().unwrap();
        let (counted_calls, counted_reads) = (calls.clone(), reads.clone());
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                if !line.starts_with("method call") {
                    continue;
                }
                counted_calls.fetch_add(1, Ordering::SeqCst);
                if ["member=GetSecret", "member=GetSecrets", "member=SearchItems"]
                    .iter()
                    .any(|m| line.contains(m))
                {
                    counted_reads.fetch_add(1, Ordering::SeqCst);
                }
            }
        });
        Self { child, calls, reads }
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn reads(&self) -> usize {
        self.reads.load(Ordering::SeqCst)
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}
