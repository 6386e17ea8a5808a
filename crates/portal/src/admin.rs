//! What the society's staff do from the admin command line: look at a member's state, unlock a
//! locked account [FAQ Q3], send a member back to the initial password, or let a member who
//! lost their phone enroll again. Never shows a password hash or a TOTP secret.

use kenpo_api::rules::normalise_user_id;

use crate::PortalError;
use crate::db::Db;
use crate::store;

pub use crate::store::attempts::LoginAttempt;
pub use crate::store::members::{OnInitialPassword, Status as MemberStatus};

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
    store::members::status(pool, &user_id).await?.ok_or(AdminError::NoSuchMember(user_id))
}

/// Every member still on the initial password, by user ID.
pub async fn on_initial_password(pool: &Db) -> Result<Vec<OnInitialPassword>, AdminError> {
    Ok(store::members::on_initial_password(pool).await?)
}

/// The member's login attempts and the staff's actions on the member, newest first.
pub async fn audit(pool: &Db, user_id: &str, limit: u32) -> Result<Vec<LoginAttempt>, AdminError> {
    let user_id = normalise_user_id(user_id);
    show(pool, &user_id).await?;
    Ok(store::attempts::history(pool, &user_id, i64::from(limit)).await?)
}

/// Records what a member of staff did (`action`), to `user_id` if it concerned one member.
pub async fn record(pool: &Db, staff: &str, action: &str, user_id: Option<&str>) -> Result<(), AdminError> {
    let user_id = user_id.map(normalise_user_id);
    let at = crate::clock::now() as i64;
    Ok(store::attempts::record_staff_action(pool, at, staff, action, user_id.as_deref()).await?)
}

/// Unlocks the account and clears its failure count.
pub async fn unlock(pool: &Db, user_id: &str) -> Result<(), AdminError> {
    let user_id = normalise_user_id(user_id);
    if !store::members::unlock(pool, &user_id).await? {
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
    let person = store::roster::card_of(pool, &user_id).await?;
    let (kigo, bango, birth_date, voluntary) = person.ok_or(AdminError::NotOnRoster(user_id.clone()))?;
    let random = initial_passwords.random_for(voluntary);
    let password = crate::roster::initial_password(&kigo, &bango, &birth_date, random);
    let hash = crate::password::hash_off_thread(password.clone()).await?;
    let mut tx = pool.begin().await?;
    store::members::back_to_first_registration(&mut *tx, &user_id, &hash).await?;
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
    store::members::forget_authenticator(&mut *tx, &user_id).await?;
    end_sessions(&mut tx, &user_id).await?;
    tx.commit().await?;
    tracing::info!(%user_id, "authenticator removed by an administrator");
    Ok(())
}

async fn end_sessions(tx: &mut sqlx::AnyConnection, user_id: &str) -> Result<(), sqlx::Error> {
    store::sessions::end_all_of(&mut *tx, user_id).await?;
    store::resets::forget_of(&mut *tx, user_id).await
}

/// What a member sees of the notices.
#[derive(Debug, serde::Serialize)]
pub struct SeenNotices {
    pub people: Vec<kenpo_api::notices::HouseholdPerson>,
    pub medical: Vec<crate::notices::YearSummary>,
    pub benefits: i64,
    pub qualifications: usize,
}

/// The people whose notices the member sees, and how many of each type within `retention`.
pub async fn notices(
    pool: &Db,
    retention: crate::notices::Retention,
    user_id: &str,
) -> Result<SeenNotices, AdminError> {
    let user_id = normalise_user_id(user_id);
    let member_id = store::members::id_of(pool, &user_id).await?.ok_or(AdminError::NoSuchMember(user_id))?;
    let (people, medical, benefits, qualifications) =
        crate::notices::summary(pool, retention, member_id).await?;
    Ok(SeenNotices { people, medical, benefits, qualifications })
}
