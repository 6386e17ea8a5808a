//! Demo mode: realistic members to try the portal and the app with. Seeding is idempotent, so a
//! demo database survives restarts with the same secrets.

use kenpo_api::portal::DemoAuthenticator;
use kenpo_otp::{Enrollment, Secret};
use rand::RngCore;
use sqlx::SqlitePool;

use crate::{Config, PortalError, password};

pub use kenpo_api::demo::ENROLLED;

pub async fn seed(pool: &SqlitePool) -> Result<(), PortalError> {
    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM members WHERE user_id = ?")
        .bind(ENROLLED.user_id)
        .fetch_optional(pool)
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    let mut bytes = vec![0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = Secret::from_bytes(bytes).expect("160 random bits are a valid secret");
    let hash = tokio::task::spawn_blocking(|| password::hash(ENROLLED.password))
        .await
        .map_err(|error| PortalError::Internal(error.to_string()))?;
    sqlx::query(
        "INSERT INTO members (user_id, name, password_hash, totp_secret, demo, created_at) VALUES (?, ?, ?, ?, 1, ?)",
    )
    .bind(ENROLLED.user_id)
    .bind(ENROLLED.name)
    .bind(hash)
    .bind(secret.to_base32().as_str())
    .bind(crate::db::now() as i64)
    .execute(pool)
    .await?;
    Ok(())
}

/// The enrollment codes of enrolled demo members. Only members seeded by demo mode are listed.
pub async fn authenticators(
    pool: &SqlitePool,
    config: &Config,
) -> Result<Vec<DemoAuthenticator>, PortalError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT user_id, totp_secret FROM members WHERE demo = 1 AND totp_secret IS NOT NULL ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(user_id, secret)| {
            let secret = Secret::from_base32(&secret)
                .map_err(|_| PortalError::Internal("stored secret is unreadable".into()))?;
            let enrollment = Enrollment::standard(Some(config.issuer.clone()), user_id.clone(), secret);
            Ok(DemoAuthenticator { user_id, otpauth_uri: enrollment.to_uri().to_string() })
        })
        .collect()
}
