//! Password-reset codes (`password_resets`), one per member, kept as their SHA-256.

use super::{Result, Runs};
use crate::db::{Db, Flag};

/// Stores a new code for the member, replacing any earlier one.
pub async fn replace(db: &Db, member_id: i64, code_hash: &[u8], expires_at: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO password_resets (member_id, code_hash, expires_at, used) VALUES ($1, $2, $3, FALSE)
         ON CONFLICT (member_id) DO UPDATE SET code_hash = $2, expires_at = $3, used = FALSE",
    )
    .bind(member_id)
    .bind(code_hash)
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}

/// A member with a reset code, and the code.
#[derive(sqlx::FromRow)]
pub struct Pending {
    pub id: i64,
    pub email: Option<String>,
    pub totp_secret: Option<String>,
    pub locked_at: Option<i64>,
    pub code_hash: Vec<u8>,
    pub expires_at: i64,
    #[sqlx(try_from = "Flag")]
    pub used: bool,
}

pub async fn pending(db: &Db, user_id: &str) -> Result<Option<Pending>> {
    sqlx::query_as(
        "SELECT m.id, m.email, m.totp_secret, m.locked_at, r.code_hash, r.expires_at, r.used
         FROM members m JOIN password_resets r ON r.member_id = m.id WHERE m.user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// Marks the code used. Race guard: one statement whose WHERE wants it unused, so of two resets
/// with the same code only one changes the row (on PostgreSQL the second waits for the first's
/// row lock, then finds it used).
pub async fn use_code<'c>(db: impl Runs<'c>, member_id: i64, code_hash: &[u8]) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE password_resets SET used = TRUE WHERE member_id = $1 AND used = FALSE AND code_hash = $2",
    )
    .bind(member_id)
    .bind(code_hash)
    .execute(db)
    .await?;
    Ok(super::changed_one(done))
}

/// Forgets the reset code of the member with `user_id`.
pub async fn forget_of<'c>(db: impl Runs<'c>, user_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM password_resets WHERE member_id = (SELECT id FROM members WHERE user_id = $1)")
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}
