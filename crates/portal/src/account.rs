//! The member's own settings while logged in (members expect them; the guide is silent): a new
//! password, given with the current one, a new email address, confirmed by a code sent to it,
//! and removing the linked authenticator (a new phone), with a fresh code from it.

use crate::db::Db;
use kenpo_api::ErrorCode;
use kenpo_api::rules::{check_email, check_new_password};
use kenpo_otp::Totp;
use zeroize::Zeroizing;

use crate::clock::now;
use crate::lockout::{count_failure, record_attempt};
use crate::mail::{Mail, Mailer};
use crate::registration::{EMAIL_CODE_DIGITS, EMAIL_CODE_SECONDS};
use crate::session::{self, Session};
use crate::totp::{OTP_WINDOW, check_otp_format, stored_secret};
use crate::{PortalError, code, password, roster, store};

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
    let (user_id, stored, email) = store::members::credentials(pool, member_id).await?;
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
    if !store::members::set_password(pool, member_id, &hash).await? {
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
    store::members::await_new_address(pool, member_id, &email, &hash, (now() + EMAIL_CODE_SECONDS) as i64)
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
    let store::members::AddressChange {
        user_id,
        email: old,
        pending_email: pending,
        email_code_hash: hash,
        email_code_expires_at: expires,
    } = store::members::address_change(pool, member_id).await?;
    let live = code::is_live(&code, hash.as_deref(), expires, now() as i64);
    let (Some(new), Some(hash), true) = (pending, hash, live) else {
        count_failure(pool, mailer, member_id, lockout_threshold).await?;
        record_attempt(pool, member_id, "email-change", "wrong-code", None).await?;
        return Err(ErrorCode::InvalidEmailCode.into());
    };
    // The address confirmed is the one this code was sent to: a newer address has a newer code.
    if !store::members::confirm_address(pool, member_id, &new, &hash).await? {
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
    let (user_id, email, stored) = store::members::address_and_secret(pool, member_id).await?;
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
    if !store::members::unlink_authenticator(pool, member_id, &stored, step).await? {
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
