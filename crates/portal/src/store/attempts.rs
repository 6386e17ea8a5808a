//! The login history (`login_attempts`), refusals of unknown user IDs, and the staff's actions.

use super::{Result, Runs};
use crate::db::Db;

/// One line of a member's login history.
pub async fn record<'c>(
    db: impl Runs<'c>,
    member_id: i64,
    at: i64,
    (step, result, step_offset): (&str, &str, Option<i64>),
) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_attempts (member_id, at, step, result, step_offset) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(member_id)
    .bind(at)
    .bind(step)
    .bind(result)
    .bind(step_offset)
    .execute(db)
    .await?;
    Ok(())
}

/// Raises the one counter of failures on unknown user IDs.
pub async fn count_unknown<'c>(db: impl Runs<'c>) -> Result<()> {
    sqlx::query_scalar::<_, i64>(
        "UPDATE unknown_user_failures SET failed_attempts = failed_attempts + 1 WHERE id = 1
         RETURNING failed_attempts",
    )
    .fetch_one(db)
    .await?;
    Ok(())
}

/// A password tried on a user ID no account has: only when.
pub async fn record_unknown<'c>(db: impl Runs<'c>, at: i64) -> Result<()> {
    sqlx::query("INSERT INTO unknown_user_attempts (at) VALUES ($1)").bind(at).execute(db).await?;
    Ok(())
}

/// What a member of staff did, to `user_id` if it concerned one member.
pub async fn record_staff_action(
    db: &Db,
    at: i64,
    staff: &str,
    action: &str,
    user_id: Option<&str>,
) -> Result<()> {
    sqlx::query("INSERT INTO admin_actions (at, staff, action, user_id) VALUES ($1, $2, $3, $4)")
        .bind(at)
        .bind(staff)
        .bind(action)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// One login attempt, or one staff action on the member, as `admin audit` lists it.
#[derive(Debug, serde::Serialize, sqlx::FromRow)]
pub struct LoginAttempt {
    pub at: i64,
    /// `password`, `otp`, `enrollment`, `reset`, … or `staff` for a staff action.
    pub step: String,
    /// `accepted`, `wrong-password`, `wrong-code`, `reused-code`, `locked`, …; for a staff action
    /// what was done and by whom (`unlock by sato`).
    pub result: String,
    /// For codes: the step offset the code belongs to, if it belongs to one within ±10 steps.
    pub step_offset: Option<i64>,
}

/// The member's login attempts and the staff's actions on the member, newest first.
pub async fn history(db: &Db, user_id: &str, limit: i64) -> Result<Vec<LoginAttempt>> {
    sqlx::query_as(
        "SELECT at, step, result, step_offset FROM (
             SELECT a.at, a.id, a.step, a.result, a.step_offset FROM login_attempts a
             JOIN members m ON m.id = a.member_id WHERE m.user_id = $1
             UNION ALL
             SELECT at, id, 'staff', action || ' by ' || staff, NULL FROM admin_actions WHERE user_id = $1
         ) AS history ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db)
    .await
}
