//! Logging in [guide 4]: the password step, then the one-time-password step, then a session.

use std::net::IpAddr;
use std::time::Instant;

use kenpo_api::ErrorCode;
use kenpo_api::limits::{LOGIN_USER_ID_MAX_CHARS, OTP_DIGITS, PASSWORD_MAX_CHARS};
use kenpo_api::portal::{Member, NextStep};
use kenpo_api::rules::normalise_user_id;
use kenpo_otp::{Secret, Totp};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use crate::db::{japan_time, now};
use crate::mail::{Mail, Mailer};
use crate::throttle::Throttle;
use crate::{PortalError, password};

/// Codes are judged by the server's clock, one step either side (RFC 6238 section 5.2).
pub const OTP_WINDOW: u64 = 1;
/// How far a refused code is searched for the audit log: ±5 minutes of clock error.
const AUDIT_WINDOW: u64 = 10;
/// How long a passed password step waits for its code.
pub const PASSWORD_STAGE_SECONDS: u64 = 5 * 60;
/// A session ends after this long without a request…
pub const IDLE_TIMEOUT_SECONDS: u64 = 30 * 60;
/// …and this long after its login, however busy.
pub const ABSOLUTE_TIMEOUT_SECONDS: u64 = 12 * 60 * 60;

/// A session token as the cookie carries it. Only its hash is stored.
pub struct SessionToken(pub String);

impl SessionToken {
    fn generate() -> Self {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(data_encoding::HEXLOWER.encode(&bytes))
    }

    pub(crate) fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_bytes()).to_vec()
    }
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

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
    let token = start_session(pool, member_id, stage_of(next)).await?;
    tracing::info!(%user_id, ?next, "password step passed");
    Ok((token, next))
}

/// The session stage that waits for `next`.
fn stage_of(next: NextStep) -> &'static str {
    match next {
        NextStep::Otp => "password",
        NextStep::Registration => "registration",
        NextStep::Enrollment => "enrollment",
    }
}

async fn start_session(pool: &SqlitePool, member_id: i64, stage: &str) -> Result<SessionToken, PortalError> {
    let token = SessionToken::generate();
    let at = now() as i64;
    sqlx::query(
        "INSERT INTO sessions (token_hash, member_id, stage, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(token.hash())
    .bind(member_id)
    .bind(stage)
    .bind(at)
    .bind(at)
    .execute(pool)
    .await?;
    Ok(token)
}

/// The member behind a live session at `stage` ('registration' or 'enrollment'), which is kept
/// alive by this call. No session: `not-logged-in`; a session at another stage: that stage's
/// own refusal, so a step is never run out of order.
pub async fn session_member(
    pool: &SqlitePool,
    token: Option<&SessionToken>,
    stage: &str,
) -> Result<i64, PortalError> {
    let token = token.ok_or(ErrorCode::NotLoggedIn)?;
    let at = now() as i64;
    let row: Option<(i64, String, Option<i64>)> = sqlx::query_as(
        "UPDATE sessions SET last_seen = ?1
         WHERE token_hash = ?2 AND last_seen >= ?3 AND created_at >= ?4
         RETURNING member_id, stage, (SELECT locked_at FROM members WHERE id = member_id)",
    )
    .bind(at)
    .bind(token.hash())
    .bind(at - IDLE_TIMEOUT_SECONDS as i64)
    .bind(at - ABSOLUTE_TIMEOUT_SECONDS as i64)
    .fetch_optional(pool)
    .await?;
    let (member_id, found, locked_at) = row.ok_or(ErrorCode::NotLoggedIn)?;
    if locked_at.is_some() {
        return Err(ErrorCode::AccountLocked.into());
    }
    if found != stage {
        return Err(ErrorCode::StepOutOfOrder.into());
    }
    Ok(member_id)
}

/// Moves a session on to a full login under a new token: the one handed out at the password
/// step is retired, so a token seen or planted before the login does not become a login.
pub async fn promote_to_full<'c>(
    executor: impl sqlx::SqliteExecutor<'c>,
    token: &SessionToken,
) -> Result<SessionToken, PortalError> {
    let fresh = SessionToken::generate();
    let at = now() as i64;
    sqlx::query(
        "UPDATE sessions SET token_hash = ?, stage = 'full', offered_totp_secret = NULL, created_at = ?, last_seen = ?
         WHERE token_hash = ?",
    )
    .bind(fresh.hash())
    .bind(at)
    .bind(at)
    .bind(token.hash())
    .execute(executor)
    .await?;
    Ok(fresh)
}

/// Moves a session on to `stage`.
pub async fn advance_session(
    pool: &SqlitePool,
    token: &SessionToken,
    stage: &str,
) -> Result<(), PortalError> {
    let at = now() as i64;
    sqlx::query("UPDATE sessions SET stage = ?, created_at = ?, last_seen = ? WHERE token_hash = ?")
        .bind(stage)
        .bind(at)
        .bind(at)
        .bind(token.hash())
        .execute(pool)
        .await?;
    Ok(())
}

/// The member behind a session that passed the password step.
#[derive(sqlx::FromRow)]
struct PendingLogin {
    id: i64,
    user_id: String,
    name: String,
    totp_secret: Option<String>,
    locked_at: Option<i64>,
}

/// The one-time-password step: a 6-digit code, within one step of the server's clock, newer than
/// any code this member used before. Accepted, the session is a full login under a new token.
pub async fn otp_step(
    pool: &SqlitePool,
    mailer: &Mailer,
    lockout_threshold: u32,
    (throttle, address): (&Throttle, IpAddr),
    token: Option<&SessionToken>,
    code: &str,
) -> Result<(Member, SessionToken), PortalError> {
    check_otp_format(code)?;
    let token = token.ok_or(ErrorCode::PasswordStepRequired)?;
    let at = now();
    let row: Option<PendingLogin> = sqlx::query_as(
        "SELECT m.id, m.user_id, m.name, m.totp_secret, m.locked_at FROM sessions s JOIN members m ON m.id = s.member_id
         WHERE s.token_hash = ? AND s.stage = 'password' AND s.created_at >= ?",
    )
    .bind(token.hash())
    .bind((at - PASSWORD_STAGE_SECONDS) as i64)
    .fetch_optional(pool)
    .await?;
    let PendingLogin { id: member_id, user_id, name, totp_secret: secret, locked_at } =
        row.ok_or(ErrorCode::PasswordStepRequired)?;
    if locked_at.is_some() {
        record_attempt(pool, member_id, "otp", "locked", None).await?;
        return Err(ErrorCode::AccountLocked.into());
    }
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
    let token = promote_to_full(pool, token).await?;
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

/// The member behind a full session, which is kept alive by this call.
pub async fn member(pool: &SqlitePool, token: Option<&SessionToken>) -> Result<Member, PortalError> {
    let token = token.ok_or(ErrorCode::NotLoggedIn)?;
    let at = now() as i64;
    let row: Option<(String, String)> = sqlx::query_as(
        "UPDATE sessions SET last_seen = ?1
         WHERE token_hash = ?2 AND stage = 'full' AND last_seen >= ?3 AND created_at >= ?4
         RETURNING (SELECT user_id FROM members WHERE id = member_id), (SELECT name FROM members WHERE id = member_id)",
    )
    .bind(at)
    .bind(token.hash())
    .bind(at - IDLE_TIMEOUT_SECONDS as i64)
    .bind(at - ABSOLUTE_TIMEOUT_SECONDS as i64)
    .fetch_optional(pool)
    .await?;
    if let Some((user_id, name)) = row {
        return Ok(Member { user_id, name });
    }
    // Not logged in; a member part-way through registration or enrollment is told what is due.
    let stage: Option<(String,)> = sqlx::query_as(
        "SELECT stage FROM sessions WHERE token_hash = ? AND last_seen >= ? AND created_at >= ?",
    )
    .bind(token.hash())
    .bind(at - IDLE_TIMEOUT_SECONDS as i64)
    .bind(at - ABSOLUTE_TIMEOUT_SECONDS as i64)
    .fetch_optional(pool)
    .await?;
    Err(match stage.as_ref().map(|(stage,)| stage.as_str()) {
        Some("registration") => ErrorCode::RegistrationRequired,
        Some("enrollment") => ErrorCode::EnrollmentRequired,
        _ => ErrorCode::NotLoggedIn,
    }
    .into())
}

/// A refusal for a user ID no account has: one commit, as [`refuse`] costs for one that has.
pub(crate) async fn refuse_unknown(pool: &SqlitePool) -> Result<(), PortalError> {
    sqlx::query("INSERT INTO unknown_user_attempts (at) VALUES (?)").bind(now() as i64).execute(pool).await?;
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

/// Ends every session of the member but `keep`.
pub async fn end_other_sessions(
    pool: &SqlitePool,
    member_id: i64,
    keep: Option<&SessionToken>,
) -> Result<(), PortalError> {
    sqlx::query("DELETE FROM sessions WHERE member_id = ? AND token_hash IS NOT ?")
        .bind(member_id)
        .bind(keep.map(SessionToken::hash))
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn logout(pool: &SqlitePool, token: Option<&SessionToken>) -> Result<(), PortalError> {
    if let Some(token) = token {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?").bind(token.hash()).execute(pool).await?;
    }
    Ok(())
}
