//! Sessions (`sessions`), each under the SHA-256 of its token.

use sqlx::{Any, Decode, Encode, Type};

use super::{Result, Runs};
use crate::db::{Db, Flag};

/// Where a session is in the login [guide 2, 3, 4]; stored as its lower-case name, in a TEXT
/// column that takes only these four (a CHECK constraint on both backends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The password step passed; the code is due.
    Password,
    /// First registration is under way [2-3 … 2-8].
    Registration,
    /// The authenticator is to be linked [3-1, 3-2].
    Enrollment,
    /// Logged in.
    Full,
}

impl Stage {
    const ALL: [Self; 4] = [Self::Password, Self::Registration, Self::Enrollment, Self::Full];

    /// The name it is stored under.
    fn name(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Registration => "registration",
            Self::Enrollment => "enrollment",
            Self::Full => "full",
        }
    }
}

impl Type<Any> for Stage {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <str as Type<Any>>::type_info()
    }
}

impl<'q> Encode<'q, Any> for Stage {
    fn encode_by_ref(
        &self,
        buf: &mut <Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> std::result::Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <&str as Encode<Any>>::encode(self.name(), buf)
    }
}

impl<'r> Decode<'r, Any> for Stage {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> std::result::Result<Self, sqlx::error::BoxDynError> {
        let name = <&str as Decode<Any>>::decode(value)?;
        Self::ALL
            .into_iter()
            .find(|stage| stage.name() == name)
            .ok_or_else(|| format!("no stage {name:?}").into())
    }
}

/// A session found alive.
pub struct Alive {
    pub member_id: i64,
    pub stage: Stage,
    pub created_at: i64,
    pub locked: bool,
}

/// How stale `last_seen` may grow before a request writes it again: reads then stay reads
/// (one write a minute per busy session instead of one a request), and the idle timeout is
/// kept to within this.
pub const SEEN_PRECISION_SECONDS: i64 = 60;

/// The session under `token_hash`, if it was seen since `idle_since` and made since
/// `made_since`; it is seen now (`at`), written when the last sighting is over
/// [`SEEN_PRECISION_SECONDS`] old.
pub async fn keep_alive(
    db: &Db,
    token_hash: &[u8],
    at: i64,
    idle_since: i64,
    made_since: i64,
) -> Result<Option<Alive>> {
    let row: Option<(i64, Stage, i64, i64, Flag)> = sqlx::query_as(
        "SELECT member_id, stage, created_at, last_seen, (SELECT locked_at IS NOT NULL FROM members WHERE id = member_id)
         FROM sessions WHERE token_hash = $1 AND last_seen >= $2 AND created_at >= $3",
    )
    .bind(token_hash)
    .bind(idle_since)
    .bind(made_since)
    .fetch_optional(db)
    .await?;
    let Some((member_id, stage, created_at, last_seen, Flag(locked))) = row else {
        return Ok(None);
    };
    if last_seen < at - SEEN_PRECISION_SECONDS {
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2 AND last_seen < $1")
            .bind(at)
            .bind(token_hash)
            .execute(db)
            .await?;
    }
    Ok(Some(Alive { member_id, stage, created_at, locked }))
}

pub async fn insert(db: &Db, token_hash: &[u8], member_id: i64, stage: Stage, at: i64) -> Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, member_id, stage, created_at, last_seen) VALUES ($1, $2, $3, $4, $4)")
        .bind(token_hash)
        .bind(member_id)
        .bind(stage)
        .bind(at)
        .execute(db)
        .await?;
    Ok(())
}

/// Moves the session under `token_hash` on to `stage`, counted from `at`.
pub async fn move_to<'c>(db: impl Runs<'c>, token_hash: &[u8], stage: Stage, at: i64) -> Result<()> {
    sqlx::query("UPDATE sessions SET stage = $1, created_at = $2, last_seen = $2 WHERE token_hash = $3")
        .bind(stage)
        .bind(at)
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// The session under `token_hash` goes on under `new_hash` as a full login from `at`, and
/// forgets any secret on offer.
pub async fn rekey_to_full<'c>(db: impl Runs<'c>, token_hash: &[u8], new_hash: &[u8], at: i64) -> Result<()> {
    sqlx::query(
        "UPDATE sessions SET token_hash = $1, stage = $2, offered_totp_secret = NULL, created_at = $3, last_seen = $3
         WHERE token_hash = $4",
    )
    .bind(new_hash)
    .bind(Stage::Full)
    .bind(at)
    .bind(token_hash)
    .execute(db)
    .await?;
    Ok(())
}

/// The secret on offer to the session: the one stored before, or else `fresh`, now stored.
/// One statement, so two requests of a session cannot be offered two secrets.
pub async fn offer_secret(db: &Db, token_hash: &[u8], fresh: &str) -> Result<String> {
    sqlx::query_scalar(
        "UPDATE sessions SET offered_totp_secret = COALESCE(offered_totp_secret, $1) WHERE token_hash = $2
         RETURNING offered_totp_secret",
    )
    .bind(fresh)
    .bind(token_hash)
    .fetch_one(db)
    .await
}

pub async fn offered_secret(db: &Db, token_hash: &[u8]) -> Result<Option<String>> {
    sqlx::query_scalar("SELECT offered_totp_secret FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_one(db)
        .await
}

/// Ends every session of the member but the one under `keep`.
pub async fn end_others<'c>(db: impl Runs<'c>, member_id: i64, keep: Option<&[u8]>) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE member_id = $1 AND token_hash IS DISTINCT FROM $2")
        .bind(member_id)
        .bind(keep)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn end(db: &Db, token_hash: &[u8]) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(db).await?;
    Ok(())
}

/// Ends every session of the member with `user_id`.
pub async fn end_all_of<'c>(db: impl Runs<'c>, user_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE member_id = (SELECT id FROM members WHERE user_id = $1)")
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}
