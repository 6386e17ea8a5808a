//! Influenza-subsidy applications (`subsidy_applications`), their receipts (`subsidy_receipts`)
//! and history (`subsidy_history`). Which applications a member sees is the domain's rule
//! (`notices::Viewer`); these statements read a household and the domain filters it.

use super::{Result, Runs, changed_one};
use crate::db::Db;

/// An application as stored, with the person's 枝番 and name from the roster.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Stored {
    pub id: i64,
    pub season: String,
    pub member_id: i64,
    pub roster_id: i64,
    pub edaban: String,
    pub name: String,
    pub dose: i64,
    pub vaccinated_on: String,
    pub paid: i64,
    pub city_grant: i64,
    pub payout: i64,
    pub facility: String,
    pub phone: String,
    pub status: String,
    pub reason: Option<String>,
    pub receipts_version: i64,
    pub submitted_at: i64,
    pub updated_at: i64,
}

/// A fixed statement reading [`Stored`] rows, `$where` being the rest of it.
macro_rules! select {
    ($where:literal) => {
        concat!(
            "SELECT a.id, a.season, a.member_id, a.roster_id, r.edaban, r.name, a.dose, a.vaccinated_on,
                 a.paid, a.city_grant, a.payout, a.facility, a.phone, a.status, a.reason, a.receipts_version,
                 a.submitted_at, a.updated_at
             FROM subsidy_applications a JOIN roster r ON r.id = a.roster_id ",
            $where
        )
    };
}

/// The applications of the household 記号・番号, newest first.
pub async fn of_household(db: &Db, kigo: &str, bango: &str) -> Result<Vec<Stored>> {
    sqlx::query_as(select!("WHERE r.kigo = $1 AND r.bango = $2 ORDER BY a.submitted_at DESC, a.id DESC"))
        .bind(kigo)
        .bind(bango)
        .fetch_all(db)
        .await
}

pub async fn one<'c>(db: impl Runs<'c>, id: i64) -> Result<Option<Stored>> {
    sqlx::query_as(select!("WHERE a.id = $1")).bind(id).fetch_optional(db).await
}

/// Every application, or those in `status`, oldest first (the order staff work through them).
pub async fn by_status(db: &Db, status: Option<&str>) -> Result<Vec<Stored>> {
    match status {
        Some(status) => {
            sqlx::query_as(select!("WHERE a.status = $1 ORDER BY a.submitted_at, a.id"))
                .bind(status)
                .fetch_all(db)
                .await
        }
        None => sqlx::query_as(select!("ORDER BY a.submitted_at, a.id")).fetch_all(db).await,
    }
}

/// What a new application or a resubmission writes.
pub struct Fields<'a> {
    pub dose: i64,
    pub vaccinated_on: &'a str,
    pub paid: i64,
    pub city_grant: i64,
    pub payout: i64,
    pub facility: &'a str,
    pub phone: &'a str,
}

/// A new application in 受付; `None` when the person has one for this season and dose already
/// (the UNIQUE key: two members of a household sending at once get one application).
pub async fn insert<'c>(
    db: impl Runs<'c>,
    (season, member_id, roster_id): (&str, i64, i64),
    fields: &Fields<'_>,
    at: i64,
) -> Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO subsidy_applications (season, member_id, roster_id, dose, vaccinated_on, paid, city_grant,
             payout, facility, phone, status, receipts_version, submitted_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'received', 1, $11, $11)
         ON CONFLICT (season, roster_id, dose) DO NOTHING RETURNING id",
    )
    .bind(season)
    .bind(member_id)
    .bind(roster_id)
    .bind(fields.dose)
    .bind(fields.vaccinated_on)
    .bind(fields.paid)
    .bind(fields.city_grant)
    .bind(fields.payout)
    .bind(fields.facility)
    .bind(fields.phone)
    .bind(at)
    .fetch_optional(db)
    .await
}

/// The corrected application back in 受付. Guarded on 差戻し: of two resubmissions at once, one
/// changes it and the other finds it 受付 already. The dose cannot change (it is the key).
pub async fn resubmit<'c>(
    db: impl Runs<'c>,
    id: i64,
    fields: &Fields<'_>,
    receipts_version: i64,
    at: i64,
) -> Result<bool> {
    sqlx::query(
        "UPDATE subsidy_applications SET vaccinated_on = $2, paid = $3, city_grant = $4, payout = $5,
             facility = $6, phone = $7, receipts_version = $8, status = 'received', reason = NULL, updated_at = $9
         WHERE id = $1 AND status = 'returned' AND dose = $10",
    )
    .bind(id)
    .bind(fields.vaccinated_on)
    .bind(fields.paid)
    .bind(fields.city_grant)
    .bind(fields.payout)
    .bind(fields.facility)
    .bind(fields.phone)
    .bind(receipts_version)
    .bind(at)
    .bind(fields.dose)
    .execute(db)
    .await
    .map(changed_one)
}

/// A staff step from `from` to `to` (with the reason of a 却下 or 差戻し); false when the
/// application is not in `from` any more (another member of staff was first).
pub async fn move_status<'c>(
    db: impl Runs<'c>,
    id: i64,
    (from, to): (&[&str; 2], &str),
    reason: Option<&str>,
    at: i64,
) -> Result<bool> {
    sqlx::query(
        "UPDATE subsidy_applications SET status = $2, reason = $3, updated_at = $4,
             approved_at = CASE WHEN $2 = 'approved' THEN $4 ELSE approved_at END
         WHERE id = $1 AND status IN ($5, $6)",
    )
    .bind(id)
    .bind(to)
    .bind(reason)
    .bind(at)
    .bind(from[0])
    .bind(from[1])
    .execute(db)
    .await
    .map(changed_one)
}

pub async fn add_receipt<'c>(
    db: impl Runs<'c>,
    (id, version, n): (i64, i64, i64),
    media_type: &str,
    bytes: &[u8],
) -> Result<()> {
    sqlx::query(
        "INSERT INTO subsidy_receipts (application_id, version, n, media_type, bytes) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(n)
    .bind(media_type)
    .bind(bytes)
    .execute(db)
    .await?;
    Ok(())
}

/// How many receipts the version holds.
pub async fn receipt_count(db: &Db, id: i64, version: i64) -> Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM subsidy_receipts WHERE application_id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .fetch_one(db)
        .await
}

/// The receipts of a version, in order: media type and bytes.
pub async fn receipts(db: &Db, id: i64, version: i64) -> Result<Vec<(String, Vec<u8>)>> {
    sqlx::query_as(
        "SELECT media_type, bytes FROM subsidy_receipts WHERE application_id = $1 AND version = $2 ORDER BY n",
    )
    .bind(id)
    .bind(version)
    .fetch_all(db)
    .await
}

/// One step of the history.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Step {
    pub at: i64,
    pub status: String,
    pub actor: String,
    pub reason: Option<String>,
}

pub async fn add_step<'c>(db: impl Runs<'c>, id: i64, step: &Step, form: Option<&str>) -> Result<()> {
    sqlx::query(
        "INSERT INTO subsidy_history (application_id, at, status, actor, reason, form) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(step.at)
    .bind(&step.status)
    .bind(&step.actor)
    .bind(step.reason.as_deref())
    .bind(form)
    .execute(db)
    .await?;
    Ok(())
}

/// The history, oldest first.
pub async fn history(db: &Db, id: i64) -> Result<Vec<Step>> {
    sqlx::query_as(
        "SELECT at, status, actor, reason FROM subsidy_history WHERE application_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// A payout approved in a period, for the payroll system.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Payout {
    pub id: i64,
    pub season: String,
    pub kigo: String,
    pub bango: String,
    pub edaban: String,
    pub name: String,
    pub insured_name: String,
    pub vaccinated_on: String,
    pub dose: i64,
    pub payout: i64,
    pub approved_at: i64,
}

/// The applications approved at `from..to` (Unix seconds), by approval.
pub async fn approved_between(db: &Db, (from, to): (i64, i64)) -> Result<Vec<Payout>> {
    sqlx::query_as(
        "SELECT a.id, a.season, r.kigo, r.bango, r.edaban, r.name,
             COALESCE((SELECT i.name FROM roster i WHERE i.kigo = r.kigo AND i.bango = r.bango
                 AND i.relation = 'insured'), '') AS insured_name,
             a.vaccinated_on, a.dose, a.payout, a.approved_at
         FROM subsidy_applications a JOIN roster r ON r.id = a.roster_id
         WHERE a.status = 'approved' AND a.approved_at >= $1 AND a.approved_at < $2
         ORDER BY a.approved_at, a.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}

/// The sender's name and registered address, for the mail about an application.
pub async fn sender(db: &Db, member_id: i64) -> Result<(String, Option<String>)> {
    sqlx::query_as("SELECT name, email FROM members WHERE id = $1").bind(member_id).fetch_one(db).await
}
