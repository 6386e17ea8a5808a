//! What the society's staff do from the admin command line: look at a member's state, unlock a
//! locked account [FAQ Q3], send a member back to the initial password, or let a member who
//! lost their phone enroll again. Never shows a password hash or a TOTP secret.

use crate::db::{Db, Flag};
use kenpo_api::rules::normalise_user_id;
use serde::Serialize;

use crate::PortalError;

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct MemberStatus {
    pub user_id: String,
    pub name: String,
    /// The first-registration step due next, or `complete`.
    pub registration: String,
    pub email: Option<String>,
    #[sqlx(try_from = "Flag")]
    pub enrolled: bool,
    pub locked_at: Option<i64>,
    pub failed_attempts: i64,
    pub last_login_at: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("no member has the user ID {0:?}")]
    NoSuchMember(String),
    #[error("{0:?} is not on the roster, so there is no initial password to go back to")]
    NotOnRoster(String),
    #[error(transparent)]
    Portal(#[from] PortalError),
}

impl From<sqlx::Error> for AdminError {
    fn from(error: sqlx::Error) -> Self {
        Self::Portal(error.into())
    }
}

pub async fn show(pool: &Db, user_id: &str) -> Result<MemberStatus, AdminError> {
    let user_id = normalise_user_id(user_id);
    sqlx::query_as::<_, MemberStatus>(
        "SELECT user_id, name, registration, email, totp_secret IS NOT NULL AS enrolled, locked_at, failed_attempts,
                last_login_at
         FROM members WHERE user_id = $1",
    )
    .bind(&user_id)
    .fetch_optional(pool)
    .await?
    .ok_or(AdminError::NoSuchMember(user_id))
}

/// A member still on the initial password (first registration not past [2-6]): the guide's
/// initial password is made from the insurance card, so these are the accounts someone holding
/// the card could take over (SECURITY.md).
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct OnInitialPassword {
    pub user_id: String,
    pub name: String,
    /// The first-registration step due.
    pub registration: String,
}

/// Every member still on the initial password, by user ID.
pub async fn on_initial_password(pool: &Db) -> Result<Vec<OnInitialPassword>, AdminError> {
    Ok(sqlx::query_as(
        "SELECT user_id, name, registration FROM members
         WHERE registration IN ('birth-date', 'terms', 'user-id', 'password') ORDER BY user_id",
    )
    .fetch_all(pool)
    .await?)
}

/// One login attempt, or one staff action on the member, as `admin audit` lists it.
#[derive(Debug, Serialize, sqlx::FromRow)]
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
pub async fn audit(pool: &Db, user_id: &str, limit: u32) -> Result<Vec<LoginAttempt>, AdminError> {
    let user_id = normalise_user_id(user_id);
    show(pool, &user_id).await?;
    Ok(sqlx::query_as(
        "SELECT at, step, result, step_offset FROM (
             SELECT a.at, a.id, a.step, a.result, a.step_offset FROM login_attempts a
             JOIN members m ON m.id = a.member_id WHERE m.user_id = $1
             UNION ALL
             SELECT at, id, 'staff', action || ' by ' || staff, NULL FROM admin_actions WHERE user_id = $1
         ) AS history ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(&user_id)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?)
}

/// Records what a member of staff did (`action`), to `user_id` if it concerned one member.
pub async fn record(pool: &Db, staff: &str, action: &str, user_id: Option<&str>) -> Result<(), AdminError> {
    sqlx::query("INSERT INTO admin_actions (at, staff, action, user_id) VALUES ($1, $2, $3, $4)")
        .bind(crate::db::now() as i64)
        .bind(staff)
        .bind(action)
        .bind(user_id.map(normalise_user_id))
        .execute(pool)
        .await?;
    Ok(())
}

/// Unlocks the account and clears its failure count.
pub async fn unlock(pool: &Db, user_id: &str) -> Result<(), AdminError> {
    let user_id = normalise_user_id(user_id);
    let changed = sqlx::query("UPDATE members SET locked_at = NULL, failed_attempts = 0 WHERE user_id = $1")
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

/// Sends the member back to a fresh initial state [2-2]: the initial password, first
/// registration from the start, no authenticator, unlocked, every session ended. For a
/// 任意継続被保険者 a new initial password is issued and returned for the letter.
pub async fn reset_password(
    pool: &Db,
    user_id: &str,
    initial_passwords: crate::roster::InitialPasswords,
) -> Result<Option<crate::roster::InitialPasswordLetter>, AdminError> {
    let user_id = normalise_user_id(user_id);
    let status = show(pool, &user_id).await?;
    let person: Option<(String, String, String, Flag)> = sqlx::query_as(
        "SELECT r.kigo, r.bango, r.birth_date, r.voluntary FROM members m JOIN roster r ON r.id = m.roster_id
         WHERE m.user_id = $1",
    )
    .bind(&user_id)
    .fetch_optional(pool)
    .await?;
    let (kigo, bango, birth_date, Flag(voluntary)) =
        person.ok_or(AdminError::NotOnRoster(user_id.clone()))?;
    let random = initial_passwords.random_for(voluntary);
    let password = crate::roster::initial_password(&kigo, &bango, &birth_date, random);
    let hash = crate::password::hash_off_thread(password.clone()).await?;
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE members SET password_hash = $1, registration = 'birth-date', totp_secret = NULL,
             totp_last_step = NULL, pending_email = NULL, email_code_hash = NULL, email_code_expires_at = NULL,
             failed_attempts = 0, locked_at = NULL
         WHERE user_id = $2",
    )
    .bind(hash)
    .bind(&user_id)
    .execute(&mut *tx)
    .await?;
    end_sessions(&mut tx, &user_id).await?;
    tx.commit().await?;
    tracing::info!(%user_id, "password reset to the initial one by an administrator");
    Ok(random.then(|| crate::roster::InitialPasswordLetter {
        user_id,
        name: status.name,
        initial_password: password.to_string(),
    }))
}

/// Removes the member's authenticator (a lost phone): the next login leads to enrollment again.
pub async fn reset_otp(pool: &Db, user_id: &str) -> Result<(), AdminError> {
    let user_id = normalise_user_id(user_id);
    show(pool, &user_id).await?;
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE members SET totp_secret = NULL, totp_last_step = NULL WHERE user_id = $1")
        .bind(&user_id)
        .execute(&mut *tx)
        .await?;
    end_sessions(&mut tx, &user_id).await?;
    tx.commit().await?;
    tracing::info!(%user_id, "authenticator removed by an administrator");
    Ok(())
}

async fn end_sessions(tx: &mut sqlx::AnyConnection, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE member_id = (SELECT id FROM members WHERE user_id = $1)")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM password_resets WHERE member_id = (SELECT id FROM members WHERE user_id = $1)")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
