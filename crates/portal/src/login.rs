//! Logging in [guide 4]: the password step, then the one-time-password step, then a session.

use std::net::IpAddr;
use std::time::Instant;

use crate::db::Db;
use kenpo_api::ErrorCode;
use kenpo_api::limits::{LOGIN_USER_ID_MAX_CHARS, PASSWORD_MAX_CHARS};
use kenpo_api::portal::{Member, NextStep};
use kenpo_api::rules::normalise_user_id;
use kenpo_otp::Totp;

use crate::clock::now;
use crate::lockout::{record_attempt, refuse, refuse_unknown};
use crate::mail::Mailer;
use crate::session::{self, Session, SessionToken, Stage};
use crate::throttle::Throttle;
use crate::totp::{AUDIT_WINDOW, OTP_WINDOW, check_otp_format, stored_secret};
use crate::{PortalError, password, store};

/// A refused password step is answered no sooner than this after its request: above a
/// password's verification and the refusal's one commit (about 14 ms on the CI machine's two
/// cores), so the answer's time is this floor, whoever was refused. Without it, a locked or
/// known account answered some 70 µs later than an unknown user ID on PostgreSQL (the medians
/// of 100 tries each, SECURITY.md "Enumeration").
pub const REFUSAL_FLOOR: std::time::Duration = std::time::Duration::from_millis(30);

/// The password step. Refuses empty and over-long input before any work is spent on it. A
/// wrong password counts towards the lockout. A locked account answers every password as a
/// wrong one, so that neither the lock nor the password can be learnt from the answer; the
/// member is told of the lock by mail when it happens (SECURITY.md). Every such refusal is
/// answered at [`REFUSAL_FLOOR`].
///
/// What follows depends on the member: first registration if it is not finished, linking an
/// authenticator if none is linked, else the one-time password.
pub async fn password_step(
    pool: &Db,
    mailer: &Mailer,
    lockout_threshold: u32,
    throttled: (&Throttle, IpAddr),
    user_id: &str,
    password: &str,
) -> Result<(SessionToken, NextStep), PortalError> {
    let started = tokio::time::Instant::now();
    let judged = judge_password(pool, mailer, lockout_threshold, throttled, user_id, password).await;
    if matches!(judged, Err(PortalError::Refused(ErrorCode::InvalidCredentials))) {
        crate::clock::wait_until(started + REFUSAL_FLOOR).await;
    }
    judged
}

async fn judge_password(
    pool: &Db,
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
    let row = store::members::login(pool, &user_id).await?;
    let stored = row.as_ref().map(|found| found.password_hash.clone());
    let password = zeroize::Zeroizing::new(password.to_owned());
    let matches = password::off_thread(move || password::verify(&password, stored.as_deref())).await?;
    // Every refusal below is the same statements in one commit, so its time does not tell which
    // it was.
    let Some(store::members::Login { id: member_id, locked_at, registration, enrolled, .. }) = row else {
        refuse_unknown(pool).await?;
        // Not the ID as typed: it may be a password typed into the wrong field.
        tracing::info!(chars = user_id.chars().count(), "password step refused: no such user");
        return Err(ErrorCode::InvalidCredentials.into());
    };
    if locked_at.is_some() {
        // The statements of any other refusal (the count changes nothing on a locked account):
        // a locked account must not answer sooner than an unknown one.
        refuse(pool, mailer, lockout_threshold, member_id, "password", "locked", None).await?;
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
    pool: &Db,
    mailer: &Mailer,
    lockout_threshold: u32,
    (throttle, address): (&Throttle, IpAddr),
    session: Session,
    code: &str,
) -> Result<(Member, SessionToken), PortalError> {
    check_otp_format(code)?;
    let member_id = session.member_id;
    let (user_id, name, secret) = store::members::names_and_secret(pool, member_id).await?;
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
    let accepted = store::members::spend_login_step(pool, member_id, step, at as i64).await?;
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

/// The member a full session belongs to.
pub async fn member(pool: &Db, session: &Session) -> Result<Member, PortalError> {
    let (user_id, name) = store::members::names(pool, session.member_id).await?;
    Ok(Member { user_id, name })
}
