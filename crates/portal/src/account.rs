//! The member's own settings while logged in (members expect them; the guide is silent): a new
//! password, given with the current one.

use kenpo_api::ErrorCode;
use kenpo_api::rules::check_new_password;
use sqlx::SqlitePool;
use zeroize::Zeroizing;

use crate::login::{self, SessionToken, count_failure, record_attempt};
use crate::mail::{Mail, Mailer};
use crate::{PortalError, password};

/// Changes a logged-in member's password. A wrong current password counts towards the lockout,
/// as at login; the new one follows the guide's rules and differs from the current one. Every
/// other session of the member ends, and the registered address is told.
pub async fn change_password(
    pool: &SqlitePool,
    lockout_threshold: u32,
    mailer: &Mailer,
    token: Option<&SessionToken>,
    current: &str,
    new: &str,
) -> Result<(), PortalError> {
    let member_id = login::session_member(pool, token, "full").await?;
    let (user_id, stored, email): (String, String, Option<String>) =
        sqlx::query_as("SELECT user_id, password_hash, email FROM members WHERE id = ?")
            .bind(member_id)
            .fetch_one(pool)
            .await?;
    if current.is_empty() {
        return Err(ErrorCode::MissingPassword.into());
    }
    check_new_password(new, &user_id, "")?;
    let (current, new) = (Zeroizing::new(current.to_owned()), Zeroizing::new(new.to_owned()));
    let (right, unchanged, hash) = tokio::task::spawn_blocking(move || {
        let right = password::verify(&current, Some(&stored));
        (right, password::verify(&new, Some(&stored)), password::hash(&new))
    })
    .await
    .map_err(|error| PortalError::Internal(error.to_string()))?;
    if !right {
        count_failure(pool, member_id, lockout_threshold).await?;
        record_attempt(pool, member_id, "password-change", "wrong-password", None).await?;
        return Err(ErrorCode::InvalidCredentials.into());
    }
    if unchanged {
        return Err(ErrorCode::PasswordUnchanged.into());
    }
    let changed = sqlx::query("UPDATE members SET password_hash = ? WHERE id = ? AND locked_at IS NULL")
        .bind(hash)
        .bind(member_id)
        .execute(pool)
        .await?
        .rows_affected()
        == 1;
    if !changed {
        return Err(ErrorCode::AccountLocked.into());
    }
    login::end_other_sessions(pool, member_id, token).await?;
    record_attempt(pool, member_id, "password-change", "accepted", None).await?;
    tracing::info!(%user_id, "password changed by the member");
    if let Some(email) = email {
        mailer.send_later(Mail {
            to: email,
            subject: "【けんぽポータル】パスワードが変更されました".into(),
            body: format!(
                "ユーザーID {user_id} のパスワードが変更されました。\n\
                 お心当たりのない場合は、健康保険組合にお問い合わせください。\n"
            ),
        });
    }
    Ok(())
}
