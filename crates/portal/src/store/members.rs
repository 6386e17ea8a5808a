//! Accounts (`members`): credentials, the authenticator, first registration, the email address,
//! the failure count and the lock.
//!
//! Race guards: each write that must happen once, or only in a state, is one UPDATE whose WHERE
//! holds the guard. SQLite runs one writer at a time; on PostgreSQL (READ COMMITTED) an UPDATE
//! that waited for another's row lock checks its WHERE again on the row that one left, so two
//! requests cannot both pass it.

use super::{Result, Runs, changed_one};
use crate::db::{Db, Flag};

/// What the password step needs to know of an account.
#[derive(sqlx::FromRow)]
pub struct Login {
    pub id: i64,
    pub password_hash: String,
    pub locked_at: Option<i64>,
    pub registration: String,
    #[sqlx(try_from = "Flag")]
    pub enrolled: bool,
}

pub async fn login(db: &Db, user_id: &str) -> Result<Option<Login>> {
    sqlx::query_as(
        "SELECT id, password_hash, locked_at, registration, totp_secret IS NOT NULL AS enrolled
         FROM members WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// The user ID and name.
pub async fn names(db: &Db, member_id: i64) -> Result<(String, String)> {
    sqlx::query_as("SELECT user_id, name FROM members WHERE id = $1").bind(member_id).fetch_one(db).await
}

/// The user ID, name and linked secret.
pub async fn names_and_secret(db: &Db, member_id: i64) -> Result<(String, String, Option<String>)> {
    sqlx::query_as("SELECT user_id, name, totp_secret FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_one(db)
        .await
}

/// The user ID, registered address and linked secret.
pub async fn address_and_secret(db: &Db, member_id: i64) -> Result<(String, Option<String>, Option<String>)> {
    sqlx::query_as("SELECT user_id, email, totp_secret FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_one(db)
        .await
}

/// The user ID, password hash and registered address.
pub async fn credentials(db: &Db, member_id: i64) -> Result<(String, String, Option<String>)> {
    sqlx::query_as("SELECT user_id, password_hash, email FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_one(db)
        .await
}

/// A code of time step `step` logs the member in at `at`: the step is spent. Guard: only if the
/// step is newer than the last one spent (RFC 6238 section 5.2) and the account is not locked.
pub async fn spend_login_step(db: &Db, member_id: i64, step: i64, at: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE members SET totp_last_step = $1, failed_attempts = 0, last_login_at = $2
         WHERE id = $3 AND locked_at IS NULL AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(at)
    .bind(member_id)
    .execute(db)
    .await?;
    Ok(changed_one(done))
}

/// Links `secret`, its first code of `step` spent, logging the member in at `at`. Guard: only
/// if no authenticator is linked (one linked meanwhile by another session is never replaced)
/// and the account is not locked.
pub async fn link_authenticator<'c>(
    db: impl Runs<'c>,
    member_id: i64,
    secret: &str,
    step: i64,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE members SET totp_secret = $1, totp_last_step = $2, failed_attempts = 0, last_login_at = $3
         WHERE id = $4 AND totp_secret IS NULL AND locked_at IS NULL",
    )
    .bind(secret)
    .bind(step)
    .bind(at)
    .bind(member_id)
    .execute(db)
    .await?;
    Ok(changed_one(done))
}

/// Removes the linked `secret`, a code of `step` proving it. Guard: the step newer than any
/// spent, the secret still the one linked, the account not locked.
pub async fn unlink_authenticator(db: &Db, member_id: i64, secret: &str, step: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE members SET totp_secret = NULL, totp_last_step = NULL, failed_attempts = 0
         WHERE id = $1 AND locked_at IS NULL AND totp_secret = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)",
    )
    .bind(member_id)
    .bind(secret)
    .bind(step)
    .execute(db)
    .await?;
    Ok(changed_one(done))
}

/// A new password hash. Guard: not while locked.
pub async fn set_password(db: &Db, member_id: i64, password_hash: &str) -> Result<bool> {
    let done = sqlx::query("UPDATE members SET password_hash = $1 WHERE id = $2 AND locked_at IS NULL")
        .bind(password_hash)
        .bind(member_id)
        .execute(db)
        .await?;
    Ok(changed_one(done))
}

/// A reset: a new password hash, a code of `step` spent. Guard: the step newer than any spent,
/// the account not locked.
pub async fn reset_password<'c>(
    db: impl Runs<'c>,
    member_id: i64,
    password_hash: &str,
    step: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE members SET password_hash = $1, totp_last_step = $2, failed_attempts = 0
         WHERE id = $3 AND locked_at IS NULL AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(password_hash)
    .bind(step)
    .bind(member_id)
    .execute(db)
    .await?;
    Ok(changed_one(done))
}

/// An address waiting for the code whose hash is `code_hash`, of a registered member who is
/// not locked.
pub async fn await_new_address(
    db: &Db,
    member_id: i64,
    email: &str,
    code_hash: &[u8],
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE members SET pending_email = $1, email_code_hash = $2, email_code_expires_at = $3
         WHERE id = $4 AND registration = 'complete' AND locked_at IS NULL",
    )
    .bind(email)
    .bind(code_hash)
    .bind(expires_at)
    .bind(member_id)
    .execute(db)
    .await?;
    Ok(())
}

/// The address waiting for its code, and that code.
#[derive(sqlx::FromRow)]
pub struct AddressChange {
    pub user_id: String,
    pub email: Option<String>,
    pub pending_email: Option<String>,
    pub email_code_hash: Option<Vec<u8>>,
    pub email_code_expires_at: Option<i64>,
}

pub async fn address_change(db: &Db, member_id: i64) -> Result<AddressChange> {
    sqlx::query_as(
        "SELECT user_id, email, pending_email, email_code_hash, email_code_expires_at FROM members WHERE id = $1",
    )
    .bind(member_id)
    .fetch_one(db)
    .await
}

/// The waiting address becomes the member's. Guard: it is still `email` with the code of
/// `code_hash` (a newer address has a newer code), and the account is not locked.
pub async fn confirm_address(db: &Db, member_id: i64, email: &str, code_hash: &[u8]) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE members SET email = pending_email, pending_email = NULL, email_code_hash = NULL, email_code_expires_at = NULL
         WHERE id = $1 AND pending_email = $2 AND email_code_hash = $3 AND locked_at IS NULL",
    )
    .bind(member_id)
    .bind(email)
    .bind(code_hash)
    .execute(db)
    .await?;
    Ok(changed_one(done))
}

/// What a registration step needs to know about the member.
#[derive(sqlx::FromRow)]
pub struct Registrant {
    pub id: i64,
    pub user_id: String,
    pub registration: String,
    pub password_hash: String,
    pub birth_date: Option<String>,
    pub pending_email: Option<String>,
    pub email_code_hash: Option<Vec<u8>>,
    pub email_code_expires_at: Option<i64>,
}

pub async fn registrant(db: &Db, member_id: i64) -> Result<Registrant> {
    sqlx::query_as(
        "SELECT m.id, m.user_id, m.registration, m.password_hash, r.birth_date, m.pending_email, m.email_code_hash,
                m.email_code_expires_at
         FROM members m LEFT JOIN roster r ON r.id = m.roster_id WHERE m.id = $1",
    )
    .bind(member_id)
    .fetch_one(db)
    .await
}

/// What a registration step writes as it moves the member on, each with a fixed statement.
pub enum RegistrationWrite<'a> {
    Nothing,
    Terms { version: &'a str, agreed_at: i64 },
    UserId(&'a str),
    PasswordHash(&'a str),
    PendingEmail { email: &'a str, code_hash: &'a [u8], expires_at: i64 },
}

/// Writes `write` and moves the member on to step `to`. Guard: only while the member is at one
/// of the steps `from` (one step, or two) and not locked, so concurrent calls cannot skip a step
/// or write after a lock. A user ID another has taken is a unique violation.
pub async fn advance_registration(
    db: &Db,
    member_id: i64,
    from: (&str, &str),
    to: &str,
    write: RegistrationWrite<'_>,
) -> Result<bool> {
    // $1 the step moved to, $2 the member, $3 and $4 the steps moved from; then the step's own.
    let update = |sql| sqlx::query(sql).bind(to).bind(member_id).bind(from.0).bind(from.1);
    let query = match write {
        RegistrationWrite::Nothing => update(
            "UPDATE members SET registration = $1
             WHERE id = $2 AND registration IN ($3, $4) AND locked_at IS NULL",
        ),
        RegistrationWrite::Terms { version, agreed_at } => update(
            "UPDATE members SET registration = $1, terms_version = $5, terms_agreed_at = $6
             WHERE id = $2 AND registration IN ($3, $4) AND locked_at IS NULL",
        )
        .bind(version)
        .bind(agreed_at),
        RegistrationWrite::UserId(user_id) => update(
            "UPDATE members SET registration = $1, user_id = $5
             WHERE id = $2 AND registration IN ($3, $4) AND locked_at IS NULL",
        )
        .bind(user_id),
        RegistrationWrite::PasswordHash(hash) => update(
            "UPDATE members SET registration = $1, password_hash = $5
             WHERE id = $2 AND registration IN ($3, $4) AND locked_at IS NULL",
        )
        .bind(hash),
        RegistrationWrite::PendingEmail { email, code_hash, expires_at } => update(
            "UPDATE members SET registration = $1, pending_email = $5, email_code_hash = $6, email_code_expires_at = $7
             WHERE id = $2 AND registration IN ($3, $4) AND locked_at IS NULL",
        )
        .bind(email)
        .bind(code_hash)
        .bind(expires_at),
    };
    Ok(changed_one(query.execute(db).await?))
}

/// The waiting address becomes the member's and first registration is complete. Guard: still
/// at the code step, the address still `email` with the code of `code_hash`, not locked.
pub async fn complete_registration(db: &Db, member_id: i64, email: &str, code_hash: &[u8]) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE members SET email = pending_email, pending_email = NULL, email_code_hash = NULL,
             email_code_expires_at = NULL, registration = 'complete', failed_attempts = 0
         WHERE id = $1 AND registration = 'email-code' AND pending_email = $2 AND email_code_hash = $3 AND locked_at IS NULL",
    )
    .bind(member_id)
    .bind(email)
    .bind(code_hash)
    .execute(db)
    .await?;
    Ok(changed_one(done))
}

/// A failure counted at `at`, the account locked when the count reaches `threshold`: the lock
/// time (if it locked now), user ID and address. None if the account was locked already, and
/// nothing counted. Guard: one statement that counts only while unlocked, so concurrent
/// failures cannot overshoot the threshold.
pub async fn count_failure<'c>(
    db: impl Runs<'c>,
    member_id: i64,
    threshold: i64,
    at: i64,
) -> Result<Option<(Option<i64>, String, Option<String>)>> {
    sqlx::query_as(
        "UPDATE members SET failed_attempts = failed_attempts + 1,
             locked_at = CASE WHEN failed_attempts + 1 >= $1 THEN $2 ELSE NULL END
         WHERE id = $3 AND locked_at IS NULL
         RETURNING locked_at, user_id, email",
    )
    .bind(threshold)
    .bind(at)
    .bind(member_id)
    .fetch_optional(db)
    .await
}

/// The user IDs and address of the accounts registered with `email` (any case), oldest first.
pub async fn with_address(db: &Db, email: &str) -> Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT user_id, email FROM members WHERE lower(email) = lower($1) ORDER BY id")
        .bind(email)
        .fetch_all(db)
        .await
}

/// The account with `user_id` registered with `email` (any case): its ID, address,
/// registration step and whether an authenticator is linked.
pub async fn with_id_and_address(
    db: &Db,
    user_id: &str,
    email: &str,
) -> Result<Option<(i64, String, String, bool)>> {
    let row: Option<(i64, String, String, Flag)> = sqlx::query_as(
        "SELECT id, email, registration, totp_secret IS NOT NULL FROM members WHERE user_id = $1 AND lower(email) = lower($2)",
    )
    .bind(user_id)
    .bind(email)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, email, registration, enrolled)| (id, email, registration, enrolled.0)))
}

/// An account as the staff's `admin show` tells it, without secrets.
#[derive(Debug, serde::Serialize, sqlx::FromRow)]
pub struct Status {
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

pub async fn status(db: &Db, user_id: &str) -> Result<Option<Status>> {
    sqlx::query_as(
        "SELECT user_id, name, registration, email, totp_secret IS NOT NULL AS enrolled, locked_at, failed_attempts,
                last_login_at
         FROM members WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// A member still on the initial password (first registration not past [2-6]): the guide's
/// initial password is made from the insurance card, so these are the accounts someone holding
/// the card could take over (SECURITY.md).
#[derive(Debug, serde::Serialize, sqlx::FromRow)]
pub struct OnInitialPassword {
    pub user_id: String,
    pub name: String,
    /// The first-registration step due.
    pub registration: String,
}

pub async fn on_initial_password(db: &Db) -> Result<Vec<OnInitialPassword>> {
    sqlx::query_as(
        "SELECT user_id, name, registration FROM members
         WHERE registration IN ('birth-date', 'terms', 'user-id', 'password') ORDER BY user_id",
    )
    .fetch_all(db)
    .await
}

/// Unlocks the account and clears its count: false if there is no such account.
pub async fn unlock(db: &Db, user_id: &str) -> Result<bool> {
    let done = sqlx::query("UPDATE members SET locked_at = NULL, failed_attempts = 0 WHERE user_id = $1")
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Back to the start of first registration on the initial password's hash: no authenticator,
/// no address waiting, unlocked.
pub async fn back_to_first_registration<'c>(
    db: impl Runs<'c>,
    user_id: &str,
    password_hash: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE members SET password_hash = $1, registration = 'birth-date', totp_secret = NULL,
             totp_last_step = NULL, pending_email = NULL, email_code_hash = NULL, email_code_expires_at = NULL,
             failed_attempts = 0, locked_at = NULL
         WHERE user_id = $2",
    )
    .bind(password_hash)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets the authenticator of the member with `user_id`.
pub async fn forget_authenticator<'c>(db: impl Runs<'c>, user_id: &str) -> Result<()> {
    sqlx::query("UPDATE members SET totp_secret = NULL, totp_last_step = NULL WHERE user_id = $1")
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The account's number, if `user_id` has one.
pub async fn id_of(db: &Db, user_id: &str) -> Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM members WHERE user_id = $1").bind(user_id).fetch_optional(db).await
}

/// Demo mode: whether the account exists.
pub async fn exists(db: &Db, user_id: &str) -> Result<bool> {
    Ok(id_of(db, user_id).await?.is_some())
}

/// Demo mode: a member in a given state.
pub enum DemoState<'a> {
    Registered,
    Secret(&'a str),
    Locked { at: i64, failed_attempts: i64 },
    PasswordHash(&'a str),
    Shown,
}

/// Demo mode: puts the member of `user_id` in `state`, and marks it a demo member where its
/// secret may be served.
pub async fn set_demo<'c>(db: impl Runs<'c>, user_id: &str, state: DemoState<'_>) -> Result<()> {
    // $1 the member; then the state's own.
    let member = |sql| sqlx::query(sql).bind(user_id);
    let query = match state {
        DemoState::Registered => {
            member("UPDATE members SET registration = 'complete', demo = TRUE WHERE user_id = $1")
        }
        DemoState::Secret(secret) => {
            member("UPDATE members SET totp_secret = $2 WHERE user_id = $1").bind(secret)
        }
        DemoState::Locked { at, failed_attempts } => {
            member("UPDATE members SET locked_at = $2, failed_attempts = $3 WHERE user_id = $1")
                .bind(at)
                .bind(failed_attempts)
        }
        DemoState::PasswordHash(hash) => {
            member("UPDATE members SET password_hash = $2 WHERE user_id = $1").bind(hash)
        }
        DemoState::Shown => member("UPDATE members SET demo = TRUE WHERE user_id = $1"),
    };
    query.execute(db).await?;
    Ok(())
}

/// Demo mode: user IDs and secrets of the enrolled demo members, nobody else's.
pub async fn demo_secrets(db: &Db) -> Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT user_id, totp_secret FROM members WHERE demo AND totp_secret IS NOT NULL ORDER BY id",
    )
    .fetch_all(db)
    .await
}
