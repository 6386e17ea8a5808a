//! The portal's storage, on either backend from the same statements:
//!
//! - **SQLite** (`sqlite://FILE`, the embedded default): WAL mode with `synchronous=FULL`, so an
//!   accepted code or a counted failure is on disk before the answer leaves. One process writes
//!   at a time; every statement is serialised by SQLite's write lock.
//! - **PostgreSQL** (`postgres://…`): for a society that runs several portal instances or must
//!   survive a machine's loss. Statements run at READ COMMITTED; each race guard says in its
//!   comment why that is enough.
//!
//! Statements are written once, with `$1`-style placeholders (SQLite binds `$N` by number too),
//! and run through sqlx's `Any` driver. Column types follow one rule (see
//! `migrations/postgres/0010_schema.sql`): whole numbers, text, bytes, and yes/no, which SQLite
//! keeps as 0 and 1 and is read through [`Flag`].

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Any, Decode, Executor, Type};

use crate::error::PortalError;

/// The portal's connection pool, whichever the backend.
pub type Db = sqlx::AnyPool;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Result<Self, PortalError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(PortalError::Config(
                "the database URL must start with sqlite:// or postgres:// (see README, section Storage)"
                    .into(),
            ))
        }
    }
}

/// `url` with its password, if it has one (`user:password@` or `?password=`), replaced by
/// `***`: for messages.
pub fn without_password(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return url.to_owned();
    };
    let mut hidden = parsed.password().is_some() && parsed.set_password(Some("***")).is_ok();
    if parsed.query_pairs().any(|(name, _)| name == "password") {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(name, value)| {
                let value = if name == "password" { "***".into() } else { value.into_owned() };
                (name.into_owned(), value)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
        hidden = true;
    }
    if hidden { parsed.to_string() } else { url.to_owned() }
}

/// Opens the database at `url`, migrating it first (creating a SQLite file that is not there).
/// A database that a newer portal has migrated is refused: this binary would not know its
/// tables.
pub async fn open(url: &str) -> Result<Db, PortalError> {
    sqlx::any::install_default_drivers();
    let options = match Backend::of(url)? {
        Backend::Sqlite => {
            migrate_sqlite(url).await?;
            AnyPoolOptions::new().max_connections(8).test_before_acquire(false).after_connect(|connection, _| {
                Box::pin(async move {
                    connection
                        .execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000")
                        .await
                        .map(drop)
                })
            })
        }
        Backend::Postgres => {
            migrate_postgres(url).await?;
            AnyPoolOptions::new().max_connections(16).test_before_acquire(false)
        }
    };
    // sqlx pings every connection given back to the pool, and drops one that does not answer;
    // a second ping when it is taken again doubled each statement's round trips (notices
    // listed by 200 members at once: 6,550 a second with it on SQLite, 7,400 without; 4,750
    // and 5,500 on PostgreSQL). What that second ping would catch, a PostgreSQL connection
    // that broke while idle, fails the one statement that finds it: an internal error that
    // the member may retry, and the pool drops that connection.
    Ok(options.connect(url).await?)
}

async fn migrate_sqlite(url: &str) -> Result<(), PortalError> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(10));
    if options.get_filename() == std::path::Path::new(":memory:") {
        return Err(PortalError::Config("the portal's database must be a file: sqlite://FILE".into()));
    }
    let lock = migration_lock(options.get_filename())?;
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
    let migrated = SQLITE_MIGRATIONS.run(&pool).await;
    pool.close().await;
    drop(lock);
    migrated.map_err(|error| newer_schema(error, &SQLITE_MIGRATIONS))
}

/// PostgreSQL's migrator holds an advisory lock while it works, so instances starting together
/// take turns.
async fn migrate_postgres(url: &str) -> Result<(), PortalError> {
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(url).await?;
    let migrated = POSTGRES_MIGRATIONS.run(&pool).await;
    pool.close().await;
    migrated.map_err(|error| newer_schema(error, &POSTGRES_MIGRATIONS))
}

/// A migration the database has and this binary does not: the database was upgraded by a newer
/// portal, and this one must not touch it.
fn newer_schema(error: MigrateError, known: &Migrator) -> PortalError {
    match error {
        MigrateError::VersionMissing(version) => PortalError::Config(format!(
            "the database has schema version {version}, newer than this kenpo-portal knows \
             (up to {}): run the kenpo-portal that upgraded it, or restore the backup taken before \
             the upgrade",
            known.iter().map(|migration| migration.version).max().unwrap_or(0)
        )),
        other => other.into(),
    }
}

/// A yes/no column: BOOLEAN on PostgreSQL, 0 or 1 on SQLite (which has no boolean type, and
/// whose values the `Any` driver hands over as integers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> Self {
        flag.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <bool as Type<Any>>::compatible(ty) || <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        match <bool as Decode<Any>>::decode(value.clone()) {
            Ok(flag) => Ok(Self(flag)),
            Err(_) => Ok(Self(<i64 as Decode<Any>>::decode(value)? != 0)),
        }
    }
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_password_in_a_database_url_is_never_shown() {
        let shown = super::without_password;
        assert_eq!(
            shown("postgres://kenpo:s3cr%40t@db.example/kenpo"),
            "postgres://kenpo:***@db.example/kenpo"
        );
        assert_eq!(
            shown("postgres://kenpo@localhost/kenpo?sslmode=require&password=s3cret"),
            "postgres://kenpo@localhost/kenpo?sslmode=require&password=***"
        );
        assert_eq!(shown("postgres://localhost/a@b"), "postgres://localhost/a@b");
        assert_eq!(shown("sqlite:///var/lib/kenpo/portal.sqlite"), "sqlite:///var/lib/kenpo/portal.sqlite");
        assert_eq!(shown("not a url"), "not a url");
    }
}
