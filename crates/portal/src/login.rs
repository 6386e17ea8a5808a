//! Logging in [guide 4]: the password step, then the one-time-password step, then a session.

use std::net::IpAddr;
use std::time::Instant;

use kenpo_api::ErrorCode;
use kenpo_api::limits::{LOGIN_USER_ID_MAX_CHARS, OTP_DIGITS, PASSWORD_MAX_CHARS};
use kenpo_api::portal::{Member, NextStep};
use kenpo_api::rules::normalise_user_id;
use kenpo_otp::{Secret, Totp};
use sqlx::SqlitePool;

use crate::db::{japan_time, now};
use crate::mail::{Mail, Mailer};
use crate::session::{self, Session, SessionToken, Stage};
use crate::throttle::Throttle;
use crate::{PortalError, password};

/// Codes are judged by the server's clock, one step either side (RFC 6238 section 5.2).
pub const OTP_WINDOW: u64 = 1;
/// How far a refused code is searched for the audit log: ±5 minutes of clock error.
const AUDIT_WINDOW: u64 = 10;
/// The password step. Refuses empty and over-long input before any work is spent on it. A
/// wrong password counts towards the lockout. A locked account answers every password as a
/// wrong one, so that neither the lock nor the password can be learnt from the answer; the
/// member is told of the lock by mail when it happens (SECURITY.md).
///
/// What follows depends on the member: first registration if it is not finished, linking an
/// authenticator if none is linked, else the one-time password.
pub async fn password_step(
    pool: &SqlitePool,
    mailer: &Mailer,
    lockout_threshold: u32,
    (throttle, address): (&Throttle, IpAddr),
    user_id: &str,
    password: &str,
) -> Result<(SessionToken, NextStep), PortalError> {
    let user_id = normalise_user_id(user_id);
    if user_id.is_empty() {
        return Err(ErrorCode::MissingUserId.into());
    }
    if password.is_empty() {
        return Err(ErrorCode::MissingPassword.into());
    }
    if user_id.chars().count() > LOGIN_USER_ID_MAX_CHARS || password.chars().count() > PASSWORD_MAX_CHARS {
        // No account can have such a password or ID, so it is simply a wrong one.
        return Err(ErrorCode::InvalidCredentials.into());
    }
    throttle.charge(&user_id, address, Instant::now())?;
    let row: Option<(i64, String, Option<i64>, String, bool)> = sqlx::query_as(
        "SELECT id, password_hash, locked_at, registration, totp_secret IS NOT NULL FROM members WHERE user_id = ?",
    )
    .bind(&user_id)
    .fetch_optional(pool)
    .await?;
    let stored = row.as_ref().map(|(_, hash, ..)| hash.clone());
    let password = zeroize::Zeroizing::new(password.to_owned());
    let matches = password::off_thread(move || password::verify(&password, stored.as_deref())).await?;
    // Every refusal below costs one commit, so its time does not tell which it was.
    let Some((member_id, _, locked_at, registration, enrolled)) = row else {
        refuse_unknown(pool).await?;
        // Not the ID as typed: it may be a password typed into the wrong field.
        tracing::info!(chars = user_id.chars().count(), "password step refused: no such user");
        return Err(ErrorCode::InvalidCredentials.into());
    };
    if locked_at.is_some() {
        record_attempt(pool, member_id, "password", "locked", None).await?;
        tracing::info!(%user_id, "password step refused: account locked");
        return Err(ErrorCode::InvalidCredentials.into());
    }
    if !matches {
        refuse(pool, mailer, lockout_threshold, member_id, "password", "wrong-password", None).await?;
        tracing::info!(%user_id, "password step refused");
        return Err(ErrorCode::InvalidCredentials.into());
    }
    throttle.refund(&user_id);
    record_attempt(pool, member_id, "password", "accepted", None).await?;
    let next = match (registration.as_str(), enrolled) {
        ("complete", true) => NextStep::Otp,
        ("complete", false) => NextStep::Enrollment,
        _ => NextStep::Registration,
    };
    let stage = match next {
        NextStep::Otp => Stage::Password,
        NextStep::Registration => Stage::Registration,
        NextStep::Enrollment => Stage::Enrollment,
    };
    let token = session::start(pool, member_id, stage).await?;
    tracing::info!(%user_id, ?next, "password step passed");
    Ok((token, next))
}

/// The one-time-password step: a 6-digit code, within one step of the server's clock, newer than
/// any code this member used before. Accepted, the session is a full login under a new token.
pub async fn otp_step(
    pool: &SqlitePool,
    mailer: &Mailer,
    lockout_threshold: u32,
    (throttle, address): (&Throttle, IpAddr),
    session: Session,
    code: &str,
) -> Result<(Member, SessionToken), PortalError> {
    check_otp_format(code)?;
    let member_id = session.member_id;
    let (user_id, name, secret): (String, String, Option<String>) =
        sqlx::query_as("SELECT user_id, name, totp_secret FROM members WHERE id = ?")
            .bind(member_id)
            .fetch_one(pool)
            .await?;
    if session.locked {
        record_attempt(pool, member_id, "otp", "locked", None).await?;
        return Err(ErrorCode::AccountLocked.into());
    }
    let at = now();
    throttle.charge(&user_id, address, Instant::now())?;
    let secret = secret.ok_or(ErrorCode::InvalidOtp)?;
    let secret = stored_secret(&secret)?;
    let totp = Totp::default();
    let Some(offset) = totp.verify(&secret, code, at, OTP_WINDOW) else {
        let offset = totp.verify(&secret, code, at, AUDIT_WINDOW);
        let counted = refuse(pool, mailer, lockout_threshold, member_id, "otp", "wrong-code", offset).await?;
        tracing::info!(%user_id, "code refused");
        return Err(wrong_code_answer(counted));
    };
    let step = totp.step(at).saturating_add_signed(offset) as i64;
    // Accept each step once, and never an older step after a newer one: the update only
    // happens if this step is newer than the last one used, and the account is not locked.
    let accepted = sqlx::query(
        "UPDATE members SET totp_last_step = ?1, failed_attempts = 0, last_login_at = ?2
         WHERE id = ?3 AND locked_at IS NULL AND (totp_last_step IS NULL OR totp_last_step < ?1)",
    )
    .bind(step)
    .bind(at as i64)
    .bind(member_id)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    if !accepted {
        let counted =
            refuse(pool, mailer, lockout_threshold, member_id, "otp", "reused-code", Some(offset)).await?;
        tracing::info!(%user_id, offset, "code refused: already used or account locked");
        return Err(wrong_code_answer(counted));
    }
    let token = session::promote_to_full(pool, &session.token).await?;
    throttle.refund(&user_id);
    throttle.logged_in(&user_id, address);
    record_attempt(pool, member_id, "otp", "accepted", Some(offset)).await?;
    tracing::info!(%user_id, offset, "logged in");
    Ok((Member { user_id, name }, token))
}

/// A refused code's answer: a code judged while the account locked (concurrent guesses) is
/// told of the lock like every code after it.
fn wrong_code_answer(counted: bool) -> PortalError {
    if counted { ErrorCode::InvalidOtp } else { ErrorCode::AccountLocked }.into()
}

/// A one-time password must be 6 half-width digits; anything else is refused before it is judged.
pub fn check_otp_format(code: &str) -> Result<(), PortalError> {
    if code.len() != OTP_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::MalformedOtp.into());
    }
    Ok(())
}

/// A TOTP secret as stored (base32).
pub fn stored_secret(base32: &str) -> Result<Secret, PortalError> {
    Secret::from_base32(base32).map_err(|_| PortalError::Internal("stored secret is unreadable".into()))
}

/// The member a full session belongs to.
pub async fn member(pool: &SqlitePool, session: &Session) -> Result<Member, PortalError> {
    let (user_id, name) = sqlx::query_as("SELECT user_id, name FROM members WHERE id = ?")
        .bind(session.member_id)
        .fetch_one(pool)
        .await?;
    Ok(Member { user_id, name })
}

/// A refusal for a user ID no account has, with the work [`refuse`] does for one that has: a
/// counter raised and a line written, in one transaction.
pub(crate) async fn refuse_unknown(pool: &SqlitePool) -> Result<(), PortalError> {
    let mut tx = pool.begin().await?;
    let _: (i64,) = sqlx::query_as(
        "UPDATE unknown_user_failures SET failed_attempts = failed_attempts + 1 WHERE id = 1
         RETURNING failed_attempts",
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO unknown_user_attempts (at) VALUES (?)")
        .bind(now() as i64)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A refused password or code: counted towards the lockout and written to the login history in
/// one transaction. False if the account locked while it was judged (nothing counted).
pub(crate) async fn refuse(
    pool: &SqlitePool,
    mailer: &Mailer,
    threshold: u32,
    member_id: i64,
    step: &str,
    result: &str,
    step_offset: Option<i64>,
) -> Result<bool, PortalError> {
    let mut tx = pool.begin().await?;
    let counted = count_failure(&mut *tx, mailer, member_id, threshold).await?;
    record_attempt(&mut *tx, member_id, step, result, step_offset).await?;
    tx.commit().await?;
    Ok(counted)
}

/// Writes one line of the member's login history for `admin audit`.
pub async fn record_attempt<'c>(
    executor: impl sqlx::SqliteExecutor<'c>,
    member_id: i64,
    step: &str,
    result: &str,
    step_offset: Option<i64>,
) -> Result<(), PortalError> {
    sqlx::query(
        "INSERT INTO login_attempts (member_id, at, step, result, step_offset) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(member_id)
    .bind(now() as i64)
    .bind(step)
    .bind(result)
    .bind(step_offset)
    .execute(executor)
    .await?;
    Ok(())
}

/// Counts one failed attempt and locks the account when the count reaches `threshold`. One
/// statement, so concurrent failures cannot overshoot: once locked, nothing more is counted.
/// The member is told by mail the moment the account locks, with what to tell the society:
/// the login itself never says so. False if the account was locked already (nothing counted).
pub async fn count_failure<'c>(
    executor: impl sqlx::SqliteExecutor<'c>,
    mailer: &Mailer,
    member_id: i64,
    threshold: u32,
) -> Result<bool, PortalError> {
    let counted: Option<(Option<i64>, String, Option<String>)> = sqlx::query_as(
        "UPDATE members SET failed_attempts = failed_attempts + 1,
             locked_at = CASE WHEN failed_attempts + 1 >= ?1 THEN ?2 ELSE NULL END
         WHERE id = ?3 AND locked_at IS NULL
         RETURNING locked_at, user_id, email",
    )
    .bind(i64::from(threshold))
    .bind(now() as i64)
    .bind(member_id)
    .fetch_optional(executor)
    .await?;
    let Some((locked_at, user_id, email)) = counted else {
        return Ok(false);
    };
    if let Some(at) = locked_at {
        tracing::warn!(%user_id, "account locked after too many failures");
        if let Some(email) = email {
            mailer.send_later(Mail {
                to: email,
                subject: "【けんぽポータル】アカウントをロックしました".into(),
                body: format!(
                    "アカウントをロックしました。\n\
                     ログインなどに続けて失敗したため、ユーザーID {user_id} を\n\
                     ロックしました（{}）。\n\n\
                     ロックの解除は、健康保険組合にお問い合わせください。\n\
                     その際、ユーザーIDと上の日時をお伝えください。\n\
                     パスワードは、健康保険組合にもお伝えにならないでください。\n\
                     お心当たりのない場合も、健康保険組合にお問い合わせください。\n",
                    japan_time(at)
                ),
            });
        }
    }
    Ok(true)
}
