//! The notices (`medical_notices`, `benefit_notices`, `qualification_notices`) and the queue of
//! new-notice mail (`notice_mail`). Every read is scoped to one household (記号・番号) and, when
//! `edaban` is not empty, to one person of it: which scope a member gets is the domain's rule
//! (`notices::Viewer`), not a statement's.

use super::{Result, Runs};
use crate::db::{Db, Flag};

/// A person of the roster as the notices need them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Person {
    pub roster_id: i64,
    pub kigo: String,
    pub bango: String,
    pub edaban: String,
    pub name: String,
    pub birth_date: String,
    pub relation: String,
    /// 任意継続被保険者 (or their dependant).
    #[sqlx(try_from = "Flag")]
    pub voluntary: bool,
}

/// The household (記号・番号) of a member's roster entry, by 枝番, each person with whether it
/// is that entry; empty for an account made before the roster. One statement: every notice
/// page asks it.
pub async fn household_of_member<'c>(db: impl Runs<'c>, member_id: i64) -> Result<Vec<(Person, bool)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        person: Person,
        own_roster_id: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id AS roster_id, r.kigo, r.bango, r.edaban, r.name, r.birth_date, r.relation, r.voluntary,
                m.roster_id AS own_roster_id
         FROM members m JOIN roster own ON own.id = m.roster_id
         JOIN roster r ON r.kigo = own.kigo AND r.bango = own.bango
         WHERE m.id = $1 ORDER BY r.edaban",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let own = row.person.roster_id == row.own_roster_id;
            (row.person, own)
        })
        .collect())
}

/// Every person of the roster by 記号・番号・枝番, for an import to find its rows' people.
pub async fn roster_ids(db: &Db) -> Result<Vec<(String, String, String, i64)>> {
    sqlx::query_as("SELECT kigo, bango, edaban, id FROM roster").fetch_all(db).await
}

/// A household and, unless `edaban` is empty, one person of it.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub kigo: &'a str,
    pub bango: &'a str,
    pub edaban: &'a str,
}

/// One row of 医療費のお知らせ as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MedicalRow {
    pub edaban: String,
    pub month: i64,
    pub facility: String,
    pub category: String,
    pub days: i64,
    pub total: i64,
    pub self_pay: i64,
    pub public_pay: i64,
    pub insurer_pay: i64,
}

/// The rows of the scope in the months `from..=to` (YYYYMM), `limit` from `offset`, by month,
/// person, facility and category.
pub async fn medical<'c>(
    db: impl Runs<'c>,
    scope: Scope<'_>,
    (from, to): (i64, i64),
    (limit, offset): (i64, i64),
) -> Result<Vec<MedicalRow>> {
    sqlx::query_as(
        "SELECT r.edaban, n.month, n.facility, n.category, n.days, n.total, n.self_pay, n.public_pay, n.insurer_pay
         FROM medical_notices n JOIN roster r ON r.id = n.roster_id
         WHERE r.kigo = $1 AND r.bango = $2 AND ($3 = '' OR r.edaban = $3) AND n.month BETWEEN $4 AND $5
         ORDER BY n.month, r.edaban, n.facility, n.category LIMIT $6 OFFSET $7",
    )
    .bind(scope.kigo)
    .bind(scope.bango)
    .bind(scope.edaban)
    .bind(from)
    .bind(to)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await
}

/// Per person of the scope, over the months `from..=to`: rows, 医療費の総額 and 自己負担額.
pub async fn medical_totals<'c>(
    db: impl Runs<'c>,
    scope: Scope<'_>,
    (from, to): (i64, i64),
) -> Result<Vec<(String, i64, i64, i64)>> {
    sqlx::query_as(
        "SELECT r.edaban, COUNT(*), CAST(SUM(n.total) AS BIGINT), CAST(SUM(n.self_pay) AS BIGINT)
         FROM medical_notices n JOIN roster r ON r.id = n.roster_id
         WHERE r.kigo = $1 AND r.bango = $2 AND ($3 = '' OR r.edaban = $3) AND n.month BETWEEN $4 AND $5
         GROUP BY r.edaban ORDER BY r.edaban",
    )
    .bind(scope.kigo)
    .bind(scope.bango)
    .bind(scope.edaban)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}

/// The newest month (YYYYMM) of the scope's rows, if any.
pub async fn newest_medical_month<'c>(db: impl Runs<'c>, scope: Scope<'_>) -> Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT MAX(n.month) FROM medical_notices n JOIN roster r ON r.id = n.roster_id
         WHERE r.kigo = $1 AND r.bango = $2 AND ($3 = '' OR r.edaban = $3)",
    )
    .bind(scope.kigo)
    .bind(scope.bango)
    .bind(scope.edaban)
    .fetch_one(db)
    .await
}

/// A row of a medical import: the person and the row's key, then its figures.
pub struct NewMedical<'a> {
    pub roster_id: i64,
    pub month: i64,
    pub facility: &'a str,
    pub category: &'a str,
    pub figures: [i64; 5],
}

/// What writing an imported row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Added,
    Changed,
    Unchanged,
}

/// What an INSERT that did nothing on its key's conflict, then a guarded UPDATE, did.
fn written(inserted: bool, updated: Option<sqlx::any::AnyQueryResult>) -> Written {
    match (inserted, updated.is_some_and(super::changed_one)) {
        (true, _) => Written::Added,
        (false, true) => Written::Changed,
        (false, false) => Written::Unchanged,
    }
}

/// Adds the row, or updates the one with its key when a figure differs. One statement for a new
/// row; a row already there is updated only when a figure differs (the UPDATE's guard).
pub async fn write_medical(db: &mut sqlx::AnyConnection, row: &NewMedical<'_>, at: i64) -> Result<Written> {
    let [days, total, self_pay, public_pay, insurer_pay] = row.figures;
    let bind = |statement| {
        sqlx::query(statement)
            .bind(row.roster_id)
            .bind(row.month)
            .bind(row.facility)
            .bind(row.category)
            .bind(days)
            .bind(total)
            .bind(self_pay)
            .bind(public_pay)
            .bind(insurer_pay)
            .bind(at)
    };
    let inserted = bind(
        "INSERT INTO medical_notices (roster_id, month, facility, category, days, total, self_pay, public_pay,
           insurer_pay, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (roster_id, month, facility, category) DO NOTHING",
    )
    .execute(&mut *db)
    .await?;
    let inserted = super::changed_one(inserted);
    let updated = if inserted {
        None
    } else {
        let statement = "UPDATE medical_notices SET days = $5, total = $6, self_pay = $7, public_pay = $8,
               insurer_pay = $9, imported_at = $10
             WHERE roster_id = $1 AND month = $2 AND facility = $3 AND category = $4
               AND (days <> $5 OR total <> $6 OR self_pay <> $7 OR public_pay <> $8 OR insurer_pay <> $9)";
        Some(bind(statement).execute(&mut *db).await?)
    };
    Ok(written(inserted, updated))
}

/// One 現金給付支給決定通知 as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BenefitRow {
    pub id: i64,
    pub edaban: String,
    pub kind: String,
    pub month: Option<i64>,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub statutory: i64,
    pub additional: i64,
    pub paid_on: String,
    pub via_employer: Flag,
}

/// The scope's benefit notices paid on or after `since` (YYYYMMDD), newest first.
pub async fn benefits(
    db: &Db,
    scope: Scope<'_>,
    since: &str,
    (limit, offset): (i64, i64),
) -> Result<Vec<BenefitRow>> {
    sqlx::query_as(
        "SELECT n.id, r.edaban, n.kind, n.month, n.period_from, n.period_to, n.statutory, n.additional, n.paid_on,
           n.via_employer
         FROM benefit_notices n JOIN roster r ON r.id = n.roster_id
         WHERE r.kigo = $1 AND r.bango = $2 AND ($3 = '' OR r.edaban = $3) AND n.paid_on >= $4
         ORDER BY n.paid_on DESC, n.id DESC LIMIT $5 OFFSET $6",
    )
    .bind(scope.kigo)
    .bind(scope.bango)
    .bind(scope.edaban)
    .bind(since)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await
}

pub async fn benefit_count(db: &Db, scope: Scope<'_>, since: &str) -> Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM benefit_notices n JOIN roster r ON r.id = n.roster_id
         WHERE r.kigo = $1 AND r.bango = $2 AND ($3 = '' OR r.edaban = $3) AND n.paid_on >= $4",
    )
    .bind(scope.kigo)
    .bind(scope.bango)
    .bind(scope.edaban)
    .bind(since)
    .fetch_one(db)
    .await
}

/// The benefit notice `id` if it is the scope's and paid on or after `since`: a notice of
/// another household is not found, like one that does not exist.
pub async fn benefit(db: &Db, scope: Scope<'_>, since: &str, id: i64) -> Result<Option<BenefitRow>> {
    sqlx::query_as(
        "SELECT n.id, r.edaban, n.kind, n.month, n.period_from, n.period_to, n.statutory, n.additional, n.paid_on,
           n.via_employer
         FROM benefit_notices n JOIN roster r ON r.id = n.roster_id
         WHERE n.id = $5 AND r.kigo = $1 AND r.bango = $2 AND ($3 = '' OR r.edaban = $3) AND n.paid_on >= $4",
    )
    .bind(scope.kigo)
    .bind(scope.bango)
    .bind(scope.edaban)
    .bind(since)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// A row of a benefit import. `key` names the benefit (person, kind, month or period).
pub struct NewBenefit<'a> {
    pub roster_id: i64,
    pub key: &'a str,
    pub kind: &'a str,
    pub month: Option<i64>,
    pub period: Option<(&'a str, &'a str)>,
    pub statutory: i64,
    pub additional: i64,
    pub paid_on: &'a str,
    pub via_employer: bool,
}

pub async fn write_benefit(db: &mut sqlx::AnyConnection, row: &NewBenefit<'_>, at: i64) -> Result<Written> {
    let inserted = sqlx::query(
        "INSERT INTO benefit_notices (import_key, roster_id, kind, month, period_from, period_to, statutory,
           additional, paid_on, via_employer, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (import_key) DO NOTHING",
    )
    .bind(row.key)
    .bind(row.roster_id)
    .bind(row.kind)
    .bind(row.month)
    .bind(row.period.map(|(from, _)| from))
    .bind(row.period.map(|(_, to)| to))
    .bind(row.statutory)
    .bind(row.additional)
    .bind(row.paid_on)
    .bind(row.via_employer)
    .bind(at)
    .execute(&mut *db)
    .await?;
    let inserted = super::changed_one(inserted);
    let updated = if inserted {
        None
    } else {
        let done = sqlx::query(
            "UPDATE benefit_notices SET statutory = $2, additional = $3, paid_on = $4, via_employer = $5,
               imported_at = $6
             WHERE import_key = $1
               AND (statutory <> $2 OR additional <> $3 OR paid_on <> $4 OR via_employer <> $5)",
        )
        .bind(row.key)
        .bind(row.statutory)
        .bind(row.additional)
        .bind(row.paid_on)
        .bind(row.via_employer)
        .bind(at)
        .execute(&mut *db)
        .await?;
        Some(done)
    };
    Ok(written(inserted, updated))
}

/// 資格情報のお知らせ as stored, with the roster's 氏名, 生年月日 and 記号・番号・枝番.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QualificationRow {
    pub name: String,
    pub birth_date: String,
    pub kigo: String,
    pub bango: String,
    pub edaban: String,
    pub insurer_number: String,
    pub insurer_name: String,
    pub acquired_on: String,
    pub issued_on: String,
    pub copay_tenths: i64,
}

/// The scope's qualification notices, by 枝番.
pub async fn qualifications(db: &Db, scope: Scope<'_>) -> Result<Vec<QualificationRow>> {
    sqlx::query_as(
        "SELECT r.name, r.birth_date, r.kigo, r.bango, r.edaban, q.insurer_number, q.insurer_name, q.acquired_on,
           q.issued_on, q.copay_tenths
         FROM qualification_notices q JOIN roster r ON r.id = q.roster_id
         WHERE r.kigo = $1 AND r.bango = $2 AND ($3 = '' OR r.edaban = $3) ORDER BY r.edaban",
    )
    .bind(scope.kigo)
    .bind(scope.bango)
    .bind(scope.edaban)
    .fetch_all(db)
    .await
}

/// A row of a qualification import: the person's notice replaces any older one.
pub struct NewQualification<'a> {
    pub roster_id: i64,
    pub insurer_number: &'a str,
    pub insurer_name: &'a str,
    pub acquired_on: &'a str,
    pub issued_on: &'a str,
    pub copay_tenths: i64,
}

pub async fn write_qualification(
    db: &mut sqlx::AnyConnection,
    row: &NewQualification<'_>,
    at: i64,
) -> Result<Written> {
    let bind = |statement| {
        sqlx::query(statement)
            .bind(row.roster_id)
            .bind(row.insurer_number)
            .bind(row.insurer_name)
            .bind(row.acquired_on)
            .bind(row.issued_on)
            .bind(row.copay_tenths)
            .bind(at)
    };
    let inserted = bind(
        "INSERT INTO qualification_notices (roster_id, insurer_number, insurer_name, acquired_on, issued_on,
           copay_tenths, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (roster_id) DO NOTHING",
    )
    .execute(&mut *db)
    .await?;
    let inserted = super::changed_one(inserted);
    let updated = if inserted {
        None
    } else {
        let statement =
            "UPDATE qualification_notices SET insurer_number = $2, insurer_name = $3, acquired_on = $4,
               issued_on = $5, copay_tenths = $6, imported_at = $7
             WHERE roster_id = $1 AND (insurer_number <> $2 OR insurer_name <> $3 OR acquired_on <> $4
               OR issued_on <> $5 OR copay_tenths <> $6)";
        Some(bind(statement).execute(&mut *db).await?)
    };
    Ok(written(inserted, updated))
}

/// The accounts of the household 記号・番号: member ID and the roster entry's ID and relation.
pub async fn household_accounts<'c>(
    db: impl Runs<'c>,
    kigo: &str,
    bango: &str,
) -> Result<Vec<(i64, i64, String)>> {
    sqlx::query_as(
        "SELECT m.id, r.id, r.relation FROM members m JOIN roster r ON r.id = m.roster_id
         WHERE r.kigo = $1 AND r.bango = $2",
    )
    .bind(kigo)
    .bind(bango)
    .fetch_all(db)
    .await
}

/// Queues the new-notice mail of a member: one row however often it is queued before it goes.
pub async fn queue_mail<'c>(db: impl Runs<'c>, member_id: i64, at: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO notice_mail (member_id, queued_at) VALUES ($1, $2) ON CONFLICT (member_id) DO NOTHING",
    )
    .bind(member_id)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

/// The queued mail: member ID, name and registered address (none before registration).
pub async fn queued_mail(db: &Db) -> Result<Vec<(i64, String, Option<String>)>> {
    sqlx::query_as(
        "SELECT m.id, m.name, m.email FROM notice_mail q JOIN members m ON m.id = q.member_id ORDER BY q.queued_at, m.id",
    )
    .fetch_all(db)
    .await
}

pub async fn unqueue_mail(db: &Db, member_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM notice_mail WHERE member_id = $1").bind(member_id).execute(db).await?;
    Ok(())
}
