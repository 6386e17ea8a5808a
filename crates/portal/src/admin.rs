//! What the society's staff do from the admin command line: look at a member's state and unlock
//! a locked account [FAQ Q3]. Never shows a password hash or a TOTP secret.

use kenpo_api::rules::normalise_user_id;
use serde::Serialize;
use sqlx::SqlitePool;

use crate::PortalError;

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct MemberStatus {
    pub user_id: String,
    pub name: String,
    pub enrolled: bool,
    pub locked_at: Option<i64>,
    pub failed_attempts: i64,
    pub last_login_at: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("no member has the user ID {0:?}")]
    NoSuchMember(String),
    #[error(transparent)]
    Portal(#[from] PortalError),
}

impl From<sqlx::Error> for AdminError {
    fn from(error: sqlx::Error) -> Self {
        Self::Portal(error.into())
    }
}

pub async fn show(pool: &SqlitePool, user_id: &str) -> Result<MemberStatus, AdminError> {
    let user_id = normalise_user_id(user_id);
    sqlx::query_as::<_, MemberStatus>(
        "SELECT user_id, name, totp_secret IS NOT NULL AS enrolled, locked_at, failed_attempts, last_login_at
         FROM members WHERE user_id = ?",
    )
    .bind(&user_id)
    .fetch_optional(pool)
    .await?
    .ok_or(AdminError::NoSuchMember(user_id))
}

/// One login attempt, as `admin audit` lists it.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct LoginAttempt {
    pub at: i64,
    /// `password` or `otp`.
    pub step: String,
    /// `accepted`, `wrong-password`, `wrong-code`, `reused-code` or `locked`.
    pub result: String,
    /// For codes: the step offset the code belongs to, if it belongs to one within ±10 steps.
    pub step_offset: Option<i64>,
}

/// The member's login attempts, newest first.
pub async fn audit(pool: &SqlitePool, user_id: &str, limit: u32) -> Result<Vec<LoginAttempt>, AdminError> {
    let user_id = normalise_user_id(user_id);
    show(pool, &user_id).await?;
    Ok(sqlx::query_as(
        "SELECT a.at, a.step, a.result, a.step_offset FROM login_attempts a JOIN members m ON m.id = a.member_id
         WHERE m.user_id = ? ORDER BY a.id DESC LIMIT ?",
    )
    .bind(&user_id)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?)
}

/// Unlocks the account and clears its failure count.
pub async fn unlock(pool: &SqlitePool, user_id: &str) -> Result<(), AdminError> {
    let user_id = normalise_user_id(user_id);
    let changed = sqlx::query("UPDATE members SET locked_at = NULL, failed_attempts = 0 WHERE user_id = ?")
        .bind(&user_id)
        .execute(pool)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(AdminError::NoSuchMember(user_id));
    }
    tracing::info!(%user_id, "account unlocked by an administrator");
    Ok(())
}
