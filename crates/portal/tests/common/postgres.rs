//! A private PostgreSQL server for the tests of one test binary: initialised under
//! `target/tmp` on first use, listening on a loopback port, run as `nobody` when the tests run
//! as root (PostgreSQL refuses root, and CI runs as root), and stopped when the binary exits.
//! Each portal under test gets a database of its own in it.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const NOBODY: u32 = 65534;
const USER: &str = "kenpo";

struct Cluster {
    port: u16,
    data: PathBuf,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();
static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty database on the tests' cluster, as a `postgres://` URL.
pub async fn fresh_database() -> String {
    let cluster = CLUSTER.get_or_init(Cluster::start);
    let name = format!("portal_{}", DATABASES.fetch_add(1, Ordering::Relaxed));
    let admin = format!("postgres://{USER}@127.0.0.1:{}/postgres", cluster.port);
    let mut connection = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await.unwrap();
    sqlx::Executor::execute(&mut connection, format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    format!("postgres://{USER}@127.0.0.1:{}/{name}", cluster.port)
}

/// Every file of the cluster's data directory, once a checkpoint has written out what the
/// database at `url` holds.
pub async fn files_after_checkpoint(url: &str) -> Vec<PathBuf> {
    let mut connection = <sqlx::PgConnection as sqlx::Connection>::connect(url).await.unwrap();
    sqlx::Executor::execute(&mut connection, "CHECKPOINT").await.unwrap();
    let mut files = Vec::new();
    let mut dirs = vec![CLUSTER.get().expect("the cluster runs").data.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                dirs.push(entry.path())
            } else {
                files.push(entry.path())
            }
        }
    }
    files
}

impl Cluster {
    fn start() -> Self {
        let bin = binaries();
        let base = base_directory();
        std::fs::create_dir_all(&base).unwrap();
        remove_abandoned(&base);
        let dir = base.join(format!("pg-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        let as_root = unsafe { libc::geteuid() } == 0;
        if as_root {
            std::os::unix::fs::chown(&dir, Some(NOBODY), Some(NOBODY)).unwrap();
        }
        let data = dir.join("data");
        let status = unprivileged(Command::new(bin.join("initdb")), as_root)
            .args(["--no-sync", "--auth=trust", "--encoding=UTF8", "--locale=C", "-U", USER, "-D"])
            .arg(&data)
            .stdout(Stdio::null())
            .status()
            .expect("initdb runs (cargo xtask setup installs postgresql)");
        assert!(status.success(), "initdb failed in {}", dir.display());
        let port = free_port();
        let log = std::fs::File::create(dir.join("server.log")).unwrap();
        if as_root {
            std::os::unix::fs::chown(dir.join("server.log"), Some(NOBODY), Some(NOBODY)).unwrap();
        }
        let mut server = unprivileged(Command::new(bin.join("postgres")), as_root);
        server
            .arg("-D")
            .arg(&data)
            .args(["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="])
            .args(["-p", &port.to_string(), "-c", "max_connections=200"])
            // What is tested is the portal's isolation, not the disk's durability.
            .args(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"])
            .stdout(Stdio::null())
            .stderr(log);
        // Stopped (immediate shutdown) when the thread that started it ends, which is when the
        // test binary exits: that thread waits for nothing else.
        unsafe {
            server.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGQUIT) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let (started, ready) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let child = server.spawn();
            started.send(child.as_ref().map(drop).map_err(|error| error.to_string())).unwrap();
            if let Ok(mut child) = child {
                child.wait().ok();
            }
            loop {
                std::thread::park();
            }
        });
        ready.recv().unwrap().expect("postgres starts");
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() && ready_for_queries(&bin, port) {
                return Self { port, data };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
        panic!("PostgreSQL did not start on port {port}:\n{log}");
    }
}

fn ready_for_queries(bin: &Path, port: u16) -> bool {
    Command::new(bin.join("pg_isready"))
        .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string(), "-U", USER])
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs `command` as `nobody` when the tests run as root.
fn unprivileged(mut command: Command, as_root: bool) -> Command {
    if as_root {
        command.uid(NOBODY).gid(NOBODY);
    }
    command
}

/// The newest PostgreSQL Debian has installed.
fn binaries() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (cargo xtask setup installs it)")
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("postgres").exists())
        .collect();
    versions.sort_by_key(|bin| {
        bin.parent().and_then(|version| version.file_name()?.to_str()?.parse::<u32>().ok()).unwrap_or(0)
    });
    versions.pop().expect("a PostgreSQL server under /usr/lib/postgresql")
}

/// `target/tmp`, if `nobody` can reach it; else the system's temporary directory (a checkout
/// under a private home directory).
fn base_directory() -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let reachable =
        target.ancestors().all(|dir| dir.metadata().is_ok_and(|meta| meta.permissions().mode() & 0o001 != 0));
    if reachable { target } else { std::env::temp_dir().join("kenpo-portal-tests") }
}

/// Clusters of test binaries that have ended (a run cut short leaves them behind).
fn remove_abandoned(base: &Path) {
    for entry in std::fs::read_dir(base).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("pg-").and_then(|pid| pid.parse::<u32>().ok())
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            std::fs::remove_dir_all(entry.path()).ok();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
