//! The member's own settings while logged in (members expect them; the guide is silent): a new
//! password, given with the current one, a new email address, confirmed by a code sent to it,
//! and removing the linked authenticator (a new phone), with a fresh code from it.

use crate::db::Db;
use kenpo_api::ErrorCode;
use kenpo_api::rules::{check_email, check_new_password};
use kenpo_otp::Totp;
use zeroize::Zeroizing;

use crate::db::now;
use crate::lockout::{count_failure, record_attempt};
use crate::mail::{Mail, Mailer};
use crate::registration::{EMAIL_CODE_DIGITS, EMAIL_CODE_SECONDS};
use crate::session::{self, Session};
use crate::totp::{OTP_WINDOW, check_otp_format, stored_secret};
use crate::{PortalError, code, password, roster};

/// Changes a logged-in member's password. A wrong current password counts towards the lockout,
/// as at login; the new one follows the guide's rules and differs from the current one. Every
/// other session of the member ends, and the registered address is told.
pub async fn change_password(
    pool: &Db,
    lockout_threshold: u32,
    mailer: &Mailer,
    session: &Session,
    current: &str,
    new: &str,
) -> Result<(), PortalError> {
    let member_id = session.member_id;
    let (user_id, stored, email): (String, String, Option<String>) =
        sqlx::query_as("SELECT user_id, password_hash, email FROM members WHERE id = $1")
            .bind(member_id)
            .fetch_one(pool)
            .await?;
    if current.is_empty() {
        return Err(ErrorCode::MissingPassword.into());
    }
    check_new_password(new, &user_id, "")?;
    let (current, new) = (Zeroizing::new(current.to_owned()), Zeroizing::new(new.to_owned()));
    let (right, unchanged, hash) = password::off_thread(move || {
        let right = password::verify(&current, Some(&stored));
        (right, password::verify(&new, Some(&stored)), password::hash(&new))
    })
    .await?;
    if !right {
        count_failure(pool, mailer, member_id, lockout_threshold).await?;
        record_attempt(pool, member_id, "password-change", "wrong-password", None).await?;
        return Err(ErrorCode::InvalidCredentials.into());
    }
    if unchanged {
        return Err(ErrorCode::PasswordUnchanged.into());
    }
    let changed = sqlx::query("UPDATE members SET password_hash = $1 WHERE id = $2 AND locked_at IS NULL")
        .bind(hash)
        .bind(member_id)
        .execute(pool)
        .await?
        .rows_affected()
        == 1;
    if !changed {
        return Err(ErrorCode::AccountLocked.into());
    }
    session::end_others(pool, member_id, Some(&session.token)).await?;
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

/// A new email address for a logged-in member: a code is sent to it, and the address is the
/// member's only once the code comes back. Giving an address again sends a new code.
pub async fn change_email(
    pool: &Db,
    mailer: &Mailer,
    session: &Session,
    email: &str,
) -> Result<(), PortalError> {
    let member_id = session.member_id;
    let email = check_email(email)?;
    if !crate::mail::claim(pool, "email-code", &email, Some(member_id)).await? {
        return Err(ErrorCode::TooManyMails.into());
    }
    let (code, hash) = code::new(EMAIL_CODE_DIGITS);
    sqlx::query(
        "UPDATE members SET pending_email = $1, email_code_hash = $2, email_code_expires_at = $3
         WHERE id = $4 AND registration = 'complete' AND locked_at IS NULL",
    )
    .bind(&email)
    .bind(hash)
    .bind((now() + EMAIL_CODE_SECONDS) as i64)
    .bind(member_id)
    .execute(pool)
    .await?;
    mailer.send_later(Mail {
        to: email,
        subject: "【けんぽポータル】メールアドレスの確認".into(),
        body: format!(
            "けんぽポータルのメールアドレスの変更で、このメールアドレスが入力されました。\n\n\
             確認コード: {}\n\n\
             変更の画面に上の6桁の確認コードを入力してください（有効期限は30分です）。\n\
             お心当たりのない場合は、このメールを破棄してください。\n",
            code.as_str()
        ),
    });
    Ok(())
}

/// What confirming an email change needs to know about the member.
#[derive(sqlx::FromRow)]
struct EmailChange {
    user_id: String,
    email: Option<String>,
    pending_email: Option<String>,
    email_code_hash: Option<Vec<u8>>,
    email_code_expires_at: Option<i64>,
}

/// The code from the new address: the address becomes the member's, and the old one is told.
/// A wrong code counts towards the lockout.
pub async fn confirm_email_change(
    pool: &Db,
    lockout_threshold: u32,
    mailer: &Mailer,
    session: &Session,
    code: &str,
) -> Result<(), PortalError> {
    let code = code::well_formed(code, EMAIL_CODE_DIGITS).ok_or(ErrorCode::MalformedCode)?;
    let member_id = session.member_id;
    let EmailChange { user_id, email: old, pending_email: pending, email_code_hash: hash, email_code_expires_at: expires } =
        sqlx::query_as(
            "SELECT user_id, email, pending_email, email_code_hash, email_code_expires_at FROM members WHERE id = $1",
        )
        .bind(member_id)
        .fetch_one(pool)
        .await?;
    let live = code::is_live(&code, hash.as_deref(), expires, now() as i64);
    let (Some(new), Some(hash), true) = (pending, hash, live) else {
        count_failure(pool, mailer, member_id, lockout_threshold).await?;
        record_attempt(pool, member_id, "email-change", "wrong-code", None).await?;
        return Err(ErrorCode::InvalidEmailCode.into());
    };
    // The address confirmed is the one this code was sent to: a newer address has a newer code.
    let confirmed = sqlx::query(
        "UPDATE members SET email = pending_email, pending_email = NULL, email_code_hash = NULL, email_code_expires_at = NULL
         WHERE id = $1 AND pending_email = $2 AND email_code_hash = $3 AND locked_at IS NULL",
    )
    .bind(member_id)
    .bind(&new)
    .bind(hash)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    if !confirmed {
        return Err(ErrorCode::InvalidEmailCode.into());
    }
    tracing::info!(%user_id, "email address changed by the member");
    // The old address, and the roster's if it is another, are told; not the new one's text.
    let roster = roster::roster_address(pool, member_id, &[&new, old.as_deref().unwrap_or_default()]).await?;
    for to in old.filter(|old| !old.eq_ignore_ascii_case(&new)).into_iter().chain(roster) {
        mailer.send_later(Mail {
            to,
            subject: "【けんぽポータル】メールアドレスが変更されました".into(),
            body: format!(
                "メールアドレスの変更を受け付けました。\n\
                 ユーザーID: {user_id}\n\n\
                 今後のお知らせは新しいアドレスにお送りします。\n\
                 お心当たりのない場合は、健康保険組合にお問い合わせください。\n"
            ),
        });
    }
    Ok(())
}

/// Removes the member's linked authenticator, proven by a fresh code from it (a step newer than
/// any used before, as at login): the next login, on whichever device, links a new one. Every
/// session of the member ends, this one too, and the registered address is told. A wrong code
/// counts towards the lockout.
pub async fn remove_authenticator(
    pool: &Db,
    lockout_threshold: u32,
    mailer: &Mailer,
    session: &Session,
    code: &str,
) -> Result<(), PortalError> {
    check_otp_format(code)?;
    let member_id = session.member_id;
    let (user_id, email, stored): (String, Option<String>, Option<String>) =
        sqlx::query_as("SELECT user_id, email, totp_secret FROM members WHERE id = $1")
            .bind(member_id)
            .fetch_one(pool)
            .await?;
    // A full session without an authenticator is an administrator's reset since the login.
    let stored = stored.ok_or(ErrorCode::InvalidOtp)?;
    let totp = Totp::default();
    let at = now();
    let Some(offset) = totp.verify(&stored_secret(&stored)?, code, at, OTP_WINDOW) else {
        count_failure(pool, mailer, member_id, lockout_threshold).await?;
        record_attempt(pool, member_id, "authenticator-removal", "wrong-code", None).await?;
        return Err(ErrorCode::InvalidOtp.into());
    };
    let step = totp.step(at).saturating_add_signed(offset) as i64;
    // One statement spends the step and removes the secret it came from: a used step, or a
    // secret replaced meanwhile, removes nothing.
    let removed = sqlx::query(
        "UPDATE members SET totp_secret = NULL, totp_last_step = NULL, failed_attempts = 0
         WHERE id = $1 AND locked_at IS NULL AND totp_secret = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)",
    )
    .bind(member_id)
    .bind(&stored)
    .bind(step)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    if !removed {
        count_failure(pool, mailer, member_id, lockout_threshold).await?;
        record_attempt(pool, member_id, "authenticator-removal", "reused-code", Some(offset)).await?;
        return Err(ErrorCode::InvalidOtp.into());
    }
    session::end_others(pool, member_id, None).await?;
    record_attempt(pool, member_id, "authenticator-removal", "accepted", Some(offset)).await?;
    tracing::info!(%user_id, "authenticator removed by the member");
    if let Some(email) = email {
        mailer.send_later(Mail {
            to: email,
            subject: "【けんぽポータル】ワンタイムパスワードの設定を解除しました".into(),
            body: format!(
                "ワンタイムパスワードの設定を解除しました。\n\
                 ユーザーID: {user_id}\n\n\
                 次回のログインで、ログインした端末に設定し直します。\n\
                 お心当たりのない場合は、健康保険組合にお問い合わせください。\n"
            ),
        });
    }
    Ok(())
}
