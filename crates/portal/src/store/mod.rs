//! Every SQL statement of the portal, one module a table family. Domain modules hold the rules
//! and call these. A transaction that several statements must share is begun by the domain
//! module that knows why they belong together; each statement takes whatever runs it (the pool,
//! or that transaction's connection, `&mut *tx`). No statement is built from strings: a step
//! that writes other columns has a statement of its own. Each is written once for both backends
//! (`db.rs` says how), and each race guard says in its comment why it holds.

pub mod attempts;
pub mod mail;
pub mod members;
pub mod notices;
pub mod resets;
pub mod roster;
pub mod sessions;
pub mod subsidy;

/// What runs a statement: the pool, or a transaction's connection.
pub trait Runs<'c>: sqlx::Executor<'c, Database = sqlx::Any> {}

impl<'c, T: sqlx::Executor<'c, Database = sqlx::Any>> Runs<'c> for T {}

pub type Result<T> = std::result::Result<T, sqlx::Error>;

/// Whether a guarded UPDATE changed its one row: false when the guard in its WHERE did not hold.
fn changed_one(done: sqlx::any::AnyQueryResult) -> bool {
    done.rows_affected() == 1
}
