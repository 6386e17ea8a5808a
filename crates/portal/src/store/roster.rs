//! The society's roster (`roster`) and the accounts an import makes for it.

use super::{Result, Runs};
use crate::db::Db;

/// A person of the roster as stored: 記号・番号・枝番 and what the society's file says.
pub struct Person<'a> {
    pub kigo: &'a str,
    pub bango: &'a str,
    pub edaban: &'a str,
    pub name: &'a str,
    pub kana: &'a str,
    pub birth_date: &'a str,
    pub relation: &'a str,
    pub voluntary: bool,
    pub email: Option<&'a str>,
}

/// 記号・番号・枝番 of everyone on the roster.
pub async fn keys(db: &Db) -> Result<Vec<(String, String, String)>> {
    sqlx::query_as("SELECT kigo, bango, edaban FROM roster").fetch_all(db).await
}

/// Whether an account has `user_id`, and whose roster entry it belongs to (none for an account
/// made before the roster).
pub async fn holder_of(
    db: &Db,
    user_id: &str,
) -> Result<Option<(Option<String>, Option<String>, Option<String>)>> {
    sqlx::query_as(
        "SELECT r.kigo, r.bango, r.edaban FROM members m LEFT JOIN roster r ON r.id = m.roster_id
         WHERE m.user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// Whether the person of 記号・番号・枝番 has an account.
pub async fn has_account(db: &Db, kigo: &str, bango: &str, edaban: &str) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT m.id FROM members m JOIN roster r ON r.id = m.roster_id
         WHERE r.kigo = $1 AND r.bango = $2 AND r.edaban = $3",
    )
    .bind(kigo)
    .bind(bango)
    .bind(edaban)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Updates the person's entry: false if the roster has no such person yet.
pub async fn update<'c>(db: impl Runs<'c>, person: &Person<'_>) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE roster SET name = $1, kana = $2, birth_date = $3, relation = $4, voluntary = $5, email = $6
         WHERE kigo = $7 AND bango = $8 AND edaban = $9",
    )
    .bind(person.name)
    .bind(person.kana)
    .bind(person.birth_date)
    .bind(person.relation)
    .bind(person.voluntary)
    .bind(person.email)
    .bind(person.kigo)
    .bind(person.bango)
    .bind(person.edaban)
    .execute(db)
    .await?;
    Ok(super::changed_one(done))
}

/// The account of the person takes the roster's name.
pub async fn rename_account<'c>(db: impl Runs<'c>, person: &Person<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE members SET name = $1 WHERE roster_id =
           (SELECT id FROM roster WHERE kigo = $2 AND bango = $3 AND edaban = $4)",
    )
    .bind(person.name)
    .bind(person.kigo)
    .bind(person.bango)
    .bind(person.edaban)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn insert<'c>(db: impl Runs<'c>, person: &Person<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO roster (kigo, bango, edaban, name, kana, birth_date, relation, voluntary, email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(person.kigo)
    .bind(person.bango)
    .bind(person.edaban)
    .bind(person.name)
    .bind(person.kana)
    .bind(person.birth_date)
    .bind(person.relation)
    .bind(person.voluntary)
    .bind(person.email)
    .execute(db)
    .await?;
    Ok(())
}

/// An account for the person, at the first registration step, on the initial password's
/// `password_hash`. A taken `user_id` is a unique violation.
pub async fn insert_account<'c>(
    db: impl Runs<'c>,
    person: &Person<'_>,
    user_id: &str,
    password_hash: &str,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO members (user_id, name, password_hash, email, registration, roster_id, created_at)
         VALUES ($1, $2, $3, $4, 'birth-date', (SELECT id FROM roster WHERE kigo = $5 AND bango = $6 AND edaban = $7), $8)",
    )
    .bind(user_id)
    .bind(person.name)
    .bind(password_hash)
    .bind(person.email)
    .bind(person.kigo)
    .bind(person.bango)
    .bind(person.edaban)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

/// The address the roster has for the member's person.
pub async fn address_of(db: &Db, member_id: i64) -> Result<Option<String>> {
    let row: Option<Option<String>> = sqlx::query_scalar(
        "SELECT r.email FROM members m JOIN roster r ON r.id = m.roster_id WHERE m.id = $1",
    )
    .bind(member_id)
    .fetch_optional(db)
    .await?;
    Ok(row.flatten())
}

/// 記号, 番号, 生年月日 and 任意継続 of the person the account of `user_id` belongs to.
pub async fn card_of(db: &Db, user_id: &str) -> Result<Option<(String, String, String, bool)>> {
    let row: Option<(String, String, String, crate::db::Flag)> = sqlx::query_as(
        "SELECT r.kigo, r.bango, r.birth_date, r.voluntary FROM members m JOIN roster r ON r.id = m.roster_id
         WHERE m.user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(kigo, bango, birth_date, voluntary)| (kigo, bango, birth_date, voluntary.0)))
}
