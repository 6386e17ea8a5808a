//! The ledger of requested mail (`requested_mail`), for the cooldown and the daily cap.

use super::Result;
use crate::db::Db;

/// The limits a claim is judged by, in seconds and mails.
pub struct Limits {
    pub cooldown: i64,
    pub window: i64,
    pub cap: i64,
}

/// Claims one mail of `kind` to the address of `address_hash` (for `member_id`, if any) at
/// `at`: true, and counted, while the address is out of its cooldown for this kind and neither
/// it nor the account has reached the cap within the window. Rows older than the window go.
///
/// Race guard: one transaction that first updates the single `requested_mail_guard` row, so
/// claims take turns (its row lock on PostgreSQL, the write lock on SQLite); each later
/// statement then sees every claim committed before it (READ COMMITTED reads afresh per
/// statement), and the limits cannot be passed together.
pub async fn claim(
    db: &Db,
    at: i64,
    (address_hash, kind, member_id): (&[u8], &str, Option<i64>),
    limits: &Limits,
) -> Result<bool> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE requested_mail_guard SET claims = claims + 1 WHERE id = 1").execute(&mut *tx).await?;
    sqlx::query("DELETE FROM requested_mail WHERE at <= $1")
        .bind(at - limits.window)
        .execute(&mut *tx)
        .await?;
    let claimed = sqlx::query(
        "INSERT INTO requested_mail (at, address_hash, member_id, kind)
         SELECT $1, $2, $3, $7
         WHERE NOT EXISTS (SELECT 1 FROM requested_mail WHERE at > $1 - $4 AND address_hash = $2 AND kind = $7)
           AND (SELECT count(*) FROM requested_mail WHERE at > $1 - $5 AND (address_hash = $2 OR member_id = $3)) < $6",
    )
    .bind(at)
    .bind(address_hash)
    .bind(member_id)
    .bind(limits.cooldown)
    .bind(limits.window)
    .bind(limits.cap)
    .bind(kind)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(super::changed_one(claimed))
}
