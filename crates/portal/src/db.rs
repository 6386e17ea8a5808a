//! The portal's storage: SQLite in WAL mode with `synchronous=FULL`, so an accepted code or a
//! counted failure is on disk before the answer leaves.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::PortalError;

/// What a PostgreSQL URL is answered with, until the portal speaks PostgreSQL (see the README's
/// "Storage" section for what is missing).
pub const POSTGRES_NOT_YET: &str = "PostgreSQL is not supported yet: the portal's queries and \
    migrations are written for SQLite (placeholders, column types) and its storage is typed as a \
    SQLite pool. Use a sqlite:// URL; see README, section Storage";

pub async fn open(url: &str) -> Result<SqlitePool, PortalError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(PortalError::Config(POSTGRES_NOT_YET.to_owned()));
    }
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let lock = migration_lock(options.get_filename())?;
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    drop(lock);
    Ok(pool)
}

/// One process migrates a database at a time: a portal starting and an admin command run at
/// the same moment would otherwise both apply the same migration, and one of them fail. Held as
/// an exclusive lock on `<database>.migrating` until the migrations are done; the system lets go
/// of it if the process dies. An in-memory database has nobody to share with.
fn migration_lock(database: &std::path::Path) -> Result<Option<std::fs::File>, PortalError> {
    if database == std::path::Path::new(":memory:") {
        return Ok(None);
    }
    let mut path = database.as_os_str().to_owned();
    path.push(".migrating");
    let path = std::path::PathBuf::from(path);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|error| PortalError::Config(format!("{}: {error}", path.display())))?;
    file.lock()
        .map_err(|error| PortalError::Internal(format!("{}: cannot lock: {error}", path.display())))?;
    Ok(Some(file))
}

/// Seconds since the Unix epoch by the server's clock: the clock codes are judged by.
pub fn now() -> u64 {
    now_ms() / 1000
}

/// The same clock in milliseconds, as `GET /api/time` tells it.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis() as u64
}

/// Today's date by the server's clock in Japan, as YYYYMMDD: no birth date may be after it.
pub fn today() -> String {
    kenpo_api::rules::japan_date(now())
}

/// A Unix time as the society's staff and members read it: Japan time.
pub fn japan_time(unix: i64) -> String {
    let offset = time::UtcOffset::from_hms(9, 0, 0).expect("+09:00 is a valid offset");
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] JST");
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|at| at.to_offset(offset).format(&format).unwrap_or_else(|_| unix.to_string()))
        .unwrap_or_else(|_| unix.to_string())
}
