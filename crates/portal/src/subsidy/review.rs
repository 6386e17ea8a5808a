//! The staff's side of the applications (`kenpo-portal admin subsidy …`): list them, open one
//! with its receipts (受付 → 審査中), decide (承認, 却下 or 差戻し with a reason), and export the
//! approved payouts of a period for the payroll system. Each decision is a step of the
//! application's history and a mail to the member; the command line records it in
//! `admin_actions` too.

use kenpo_api::subsidy::{Application, Status};
use serde::Serialize;

use super::receipt::{MediaType, Receipt};
use super::{Mailed, application_of, id_of_number, mail_to_member, number};
use crate::PortalError;
use crate::db::Db;
use crate::mail::Mailer;
use crate::store::subsidy::{self as stored, Step, Stored};

/// The longest reason staff may give: what a member reads in a mail and on a phone.
pub const MAX_REASON_CHARS: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("no application has the number {0:?}")]
    NoSuchApplication(String),
    #[error("application {number} is {status} already: only 受付 and 審査中 can be decided")]
    NotOpen { number: String, status: &'static str },
    #[error("give the member a reason (--reason): it is mailed to them and shown in the app")]
    ReasonMissing,
    #[error("the reason is longer than {MAX_REASON_CHARS} characters")]
    ReasonTooLong,
    #[error("the period must be two dates YYYYMMDD, the first not after the second")]
    BadPeriod,
    #[error(transparent)]
    Portal(#[from] PortalError),
}

impl From<sqlx::Error> for ReviewError {
    fn from(error: sqlx::Error) -> Self {
        Self::Portal(error.into())
    }
}

/// One line of the staff's list.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub number: String,
    pub status: Status,
    /// 記号-番号-枝番 of the person vaccinated, and their name.
    pub person: String,
    pub name: String,
    pub dose: i64,
    pub vaccinated_on: String,
    pub payout: i64,
    pub submitted_at: i64,
}

pub async fn list(pool: &Db, status: Option<Status>) -> Result<Vec<Listed>, ReviewError> {
    let rows = stored::by_status(pool, status.map(Status::name)).await?;
    rows.into_iter()
        .map(|row| {
            Ok(Listed {
                number: number(&row.season, row.id),
                status: super::status_of(&row.status)?,
                person: row.edaban.clone(),
                name: row.name,
                dose: row.dose,
                vaccinated_on: row.vaccinated_on,
                payout: row.payout,
                submitted_at: row.submitted_at,
            })
        })
        .collect()
}

/// An application opened by staff, with its current receipts.
pub struct Opened {
    pub application: Application,
    pub receipts: Vec<Receipt>,
}

/// Opens an application; one in 受付 is 審査中 from now on, and the member sees that.
pub async fn open(pool: &Db, number: &str, staff: &str) -> Result<Opened, ReviewError> {
    let mut current = find(pool, number).await?;
    if current.status == Status::Received.name() {
        let at = crate::clock::now() as i64;
        let mut tx = pool.begin().await?;
        let from = [Status::Received.name(); 2];
        if stored::move_status(&mut *tx, current.id, (&from, Status::Reviewing.name()), None, at).await? {
            let step =
                Step { at, status: Status::Reviewing.name().into(), actor: staff.into(), reason: None };
            stored::add_step(&mut *tx, current.id, &step, None).await?;
        }
        tx.commit().await?;
        current = find(pool, number).await?;
    }
    let receipts = stored::receipts(pool, current.id, current.receipts_version)
        .await?
        .into_iter()
        .map(|(media_type, bytes)| {
            let media_type = MediaType::from_stored(&media_type)
                .ok_or_else(|| PortalError::Internal(format!("unknown receipt type {media_type:?}")))?;
            Ok(Receipt { media_type, bytes })
        })
        .collect::<Result<_, PortalError>>()?;
    Ok(Opened { application: application_of(pool, &current).await?, receipts })
}

/// A decision of the staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    /// 差戻し: the member corrects the application and sends it again.
    Return,
}

/// Decides an application in 受付 or 審査中, with the reason a 却下 or 差戻し needs, and mails
/// the member. Of two staff deciding at once, one decides and the other is told it is decided.
pub async fn decide(
    pool: &Db,
    mailer: &Mailer,
    number: &str,
    staff: &str,
    decision: Decision,
    reason: Option<&str>,
) -> Result<Application, ReviewError> {
    let reason = reason.map(str::trim).filter(|reason| !reason.is_empty());
    let to = match decision {
        Decision::Approve => Status::Approved,
        Decision::Reject => Status::Rejected,
        Decision::Return => Status::Returned,
    };
    match reason {
        None if to != Status::Approved => return Err(ReviewError::ReasonMissing),
        Some(reason) if reason.chars().count() > MAX_REASON_CHARS => return Err(ReviewError::ReasonTooLong),
        _ => {}
    }
    let current = find(pool, number).await?;
    let not_open = |current: &Stored| ReviewError::NotOpen {
        number: super::number(&current.season, current.id),
        status: Status::from_name(&current.status).map_or("unknown", Status::label_ja),
    };
    let at = crate::clock::now() as i64;
    let mut tx = pool.begin().await?;
    let from = [Status::Received.name(), Status::Reviewing.name()];
    if !stored::move_status(&mut *tx, current.id, (&from, to.name()), reason, at).await? {
        drop(tx);
        return Err(not_open(&find(pool, number).await?));
    }
    let step = Step { at, status: to.name().into(), actor: staff.into(), reason: reason.map(str::to_owned) };
    stored::add_step(&mut *tx, current.id, &step, None).await?;
    tx.commit().await?;
    let decided = find(pool, number).await?;
    if let Some(mail) = mail_to_member(pool, &decided, Mailed::Decided(to, reason)).await {
        mailer.send(mail).await.map_err(ReviewError::Portal)?;
    }
    Ok(application_of(pool, &decided).await?)
}

/// The payouts approved from `from` to `to` (YYYYMMDD, both included, Japan time) as CSV for
/// the payroll system: UTF-8 with a BOM (Excel reads it so), one line per application.
pub async fn payroll(pool: &Db, from: &str, to: &str) -> Result<String, ReviewError> {
    let (start, end) = match (day_start(from), day_start(to)) {
        (Some(start), Some(end)) if start <= end => (start, end + 86_400),
        _ => return Err(ReviewError::BadPeriod),
    };
    let mut csv = csv::Writer::from_writer(Vec::new());
    let header = [
        "申請番号",
        "記号",
        "番号",
        "枝番",
        "被保険者氏名",
        "対象者氏名",
        "接種日",
        "回数",
        "支給額",
        "承認日",
    ];
    let write = |error: csv::Error| PortalError::Internal(error.to_string());
    csv.write_record(header).map_err(write)?;
    for row in stored::approved_between(pool, (start, end)).await? {
        let approved = kenpo_api::rules::japan_date(u64::try_from(row.approved_at).unwrap_or(0));
        csv.write_record([
            number(&row.season, row.id),
            row.kigo,
            row.bango,
            row.edaban,
            row.insured_name,
            row.name,
            row.vaccinated_on,
            row.dose.to_string(),
            row.payout.to_string(),
            approved,
        ])
        .map_err(write)?;
    }
    let bytes = csv.into_inner().map_err(|error| PortalError::Internal(error.to_string()))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// The Unix time of 00:00 in Japan on `date` (YYYYMMDD).
fn day_start(date: &str) -> Option<i64> {
    let day = crate::clock::calendar_day(date)?;
    Some(day.midnight().assume_offset(time::UtcOffset::from_hms(9, 0, 0).ok()?).unix_timestamp())
}

async fn find(pool: &Db, number: &str) -> Result<Stored, ReviewError> {
    let missing = || ReviewError::NoSuchApplication(number.to_owned());
    let id = id_of_number(number).ok_or_else(missing)?;
    let found = stored::one(pool, id).await?.ok_or_else(missing)?;
    // A number quoted with its year must be of that season.
    if number.contains('-') && super::number(&found.season, found.id) != number {
        return Err(missing());
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_midnight_in_japan() {
        assert_eq!(day_start("20261129"), Some(1_795_878_000));
        assert_eq!(day_start("20261131"), None);
        assert_eq!(day_start("2026112"), None);
        assert_eq!(day_start("2026-1-29"), None);
    }

    #[test]
    fn numbers_are_the_season_year_and_the_id() {
        assert_eq!(number("20261001", 12), "2026-000012");
        assert_eq!(id_of_number("2026-000012"), Some(12));
        assert_eq!(id_of_number("12"), Some(12));
        assert_eq!(id_of_number("2026-"), None);
        assert_eq!(id_of_number("0"), None);
    }
}
