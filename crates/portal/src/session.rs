//! Sessions: a token in the member's cookie, of which only the SHA-256 is stored, and the stage
//! the session is at. Every question about a session is asked here: whether it is alive (idle
//! and absolute expiry), which stage it is at, and what it moves on to. Handlers name the stage
//! they need (http.rs's extractors `LoggedIn`, `Registering`, `Linking`, `PasswordPassed`), so a
//! domain function receives a live session at its stage.

use kenpo_api::ErrorCode;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::clock::now;
use crate::db::Db;
use crate::error::PortalError;
use crate::store::{self, Runs};

/// How long a passed password step waits for its code.
pub const PASSWORD_STAGE_SECONDS: u64 = 5 * 60;
/// A session ends after this long without a request…
pub const IDLE_TIMEOUT_SECONDS: u64 = 30 * 60;
/// …and this long after its login, however busy.
pub const ABSOLUTE_TIMEOUT_SECONDS: u64 = 12 * 60 * 60;

pub use crate::store::sessions::Stage;

impl Stage {
    /// The refusal for a request that needs this stage, from a session at `found` (or none).
    pub fn refusal(self, found: Option<Stage>) -> ErrorCode {
        match (self, found) {
            (Self::Password, _) => ErrorCode::PasswordStepRequired,
            (Self::Full, Some(Self::Registration)) => ErrorCode::RegistrationRequired,
            (Self::Full, Some(Self::Enrollment)) => ErrorCode::EnrollmentRequired,
            (Self::Full, _) | (_, None) => ErrorCode::NotLoggedIn,
            (Self::Registration | Self::Enrollment, Some(_)) => ErrorCode::StepOutOfOrder,
        }
    }
}

/// A session token as the cookie carries it. Only its hash is stored.
pub struct SessionToken(pub String);

impl SessionToken {
    /// 128 bits from the OS's random source.
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

/// A live session at the stage its request needs.
#[derive(Debug)]
pub struct Session {
    pub member_id: i64,
    pub token: SessionToken,
    /// Whether the member's account is locked. Only a password-stage session is handed over
    /// locked: the code step records the attempt itself.
    pub locked: bool,
}

/// The session behind `token` if it is alive and at `stage`, which this call keeps alive. A
/// locked account's session is refused `account-locked`, but at the password stage.
pub async fn at_stage(pool: &Db, token: Option<SessionToken>, stage: Stage) -> Result<Session, PortalError> {
    let token = token.ok_or(stage.refusal(None))?;
    let at = now() as i64;
    let idle_since = at - IDLE_TIMEOUT_SECONDS as i64;
    let made_since = at - ABSOLUTE_TIMEOUT_SECONDS as i64;
    let Some(found) = store::sessions::keep_alive(pool, &token.hash(), at, idle_since, made_since).await?
    else {
        return Err(stage.refusal(None).into());
    };
    let expired = found.stage == Stage::Password && found.created_at < at - PASSWORD_STAGE_SECONDS as i64;
    if found.stage != stage || expired {
        return Err(stage.refusal(Some(found.stage)).into());
    }
    if found.locked && stage != Stage::Password {
        return Err(ErrorCode::AccountLocked.into());
    }
    Ok(Session { member_id: found.member_id, token, locked: found.locked })
}

/// A new session of `member_id` at `stage`.
pub async fn start(pool: &Db, member_id: i64, stage: Stage) -> Result<SessionToken, PortalError> {
    let token = SessionToken::generate();
    store::sessions::insert(pool, &token.hash(), member_id, stage, now() as i64).await?;
    Ok(token)
}

/// Moves a session on to a full login under a new token: the one handed out at the password
/// step is retired, so a token seen or planted before the login does not become a login.
pub async fn promote_to_full<'c>(
    db: impl Runs<'c>,
    token: &SessionToken,
) -> Result<SessionToken, PortalError> {
    let fresh = SessionToken::generate();
    store::sessions::rekey_to_full(db, &token.hash(), &fresh.hash(), now() as i64).await?;
    Ok(fresh)
}

/// The secret on offer to this session for linking [3-2]: the one offered before, or else
/// `fresh`, which is kept for as long as the session lasts (a reload does not spoil a scan).
pub async fn offer_secret(pool: &Db, token: &SessionToken, fresh: &str) -> Result<String, PortalError> {
    Ok(store::sessions::offer_secret(pool, &token.hash(), fresh).await?)
}

/// The secret offered to this session, if one was.
pub async fn offered_secret(pool: &Db, token: &SessionToken) -> Result<Option<String>, PortalError> {
    Ok(store::sessions::offered_secret(pool, &token.hash()).await?)
}

/// Moves a session on to `stage`.
pub async fn advance(pool: &Db, token: &SessionToken, stage: Stage) -> Result<(), PortalError> {
    Ok(store::sessions::move_to(pool, &token.hash(), stage, now() as i64).await?)
}

/// Ends every session of the member but `keep`.
pub async fn end_others<'c>(
    db: impl Runs<'c>,
    member_id: i64,
    keep: Option<&SessionToken>,
) -> Result<(), PortalError> {
    Ok(store::sessions::end_others(db, member_id, keep.map(SessionToken::hash).as_deref()).await?)
}

/// Ends the session behind `token`, if there is one.
pub async fn end(pool: &Db, token: Option<&SessionToken>) -> Result<(), PortalError> {
    if let Some(token) = token {
        store::sessions::end(pool, &token.hash()).await?;
    }
    Ok(())
}
