//! Recovery by email [FAQ Q1, Q2]: a forgotten user ID is sent to the registered address; a
//! forgotten password gets a reset code (single use, 10 minutes) that works only together with
//! a current one-time password. The answers are the same whether or not an account or address
//! exists, and mail is sent in the background so timing does not tell either. Every recovery
//! is mailed to the member.

use crate::db::Db;
use kenpo_api::ErrorCode;
use kenpo_api::portal::{PasswordReset, RecoveryAccepted};
use kenpo_api::rules::{check_new_password, normalise_user_id};
use kenpo_otp::Totp;

use crate::clock::now;
use crate::lockout::{count_failure, record_attempt, refuse, refuse_unknown};
use crate::mail::{Mail, Mailer};
use crate::totp::{OTP_WINDOW, check_otp_format, stored_secret};
use crate::{PortalError, code, password, session, store};

/// How long a password-reset code works [FAQ Q2].
pub const RESET_CODE_SECONDS: u64 = 10 * 60;
const RESET_CODE_DIGITS: usize = 8;

fn accepted() -> RecoveryAccepted {
    RecoveryAccepted {
        message: "ご登録のメールアドレス宛にご案内をお送りしました。数分たっても届かない場合は、入力内容をご確認のうえ、健康保険組合にお問い合わせください。"
            .to_owned(),
    }
}

/// Answers that must not tell whether an account exists (a recovery request, a refused reset
/// code) are given no sooner than this after the request. What happens before them differs by
/// some tens of microseconds between a known account and an unknown one (the work of a refusal,
/// the scheduling of work left for after the answer), which a two-sample test tells apart in
/// 40 tries; a floor far above both leaves only the timer's granularity, the same for both.
pub const ANSWER_FLOOR: std::time::Duration = std::time::Duration::from_millis(5);

const FOOTER: &str = "\nお心当たりのない場合は、このメールを破棄し、健康保険組合にお問い合わせください。\n";

/// Answers at [`ANSWER_FLOOR`] and does `work` after the answer, so neither the answer nor its
/// timing depends on whether an account or address exists.
async fn in_background<F>(work: F) -> RecoveryAccepted
where
    F: Future<Output = Result<(), PortalError>> + Send + 'static,
{
    let due = tokio::time::Instant::now() + ANSWER_FLOOR;
    // The work starts a millisecond tick after the answer, so it cannot delay it, and is done
    // long before the floor of a request sent right after: the work one request leaves must not
    // show in the time of the next.
    tokio::spawn(async move {
        tokio::time::sleep_until(due + std::time::Duration::from_millis(1)).await;
        if let Err(error) = work.await {
            tracing::error!(%error, "recovery request failed");
        }
    });
    crate::clock::wait_until(due).await;
    accepted()
}

/// [FAQ Q1] Sends the user IDs registered with `email` to it.
pub async fn forgot_user_id(pool: &Db, mailer: &Mailer, email: &str) -> RecoveryAccepted {
    in_background(send_user_ids(pool.clone(), mailer.clone(), email.trim().to_owned())).await
}

async fn send_user_ids(pool: Db, mailer: Mailer, email: String) -> Result<(), PortalError> {
    let pool = &pool;
    let ids = store::members::with_address(pool, &email).await?;
    // Claimed for unknown addresses too: the work left after the answer is then the same
    // statements either way, and does not slow the requests that follow one more than another.
    let claimed = crate::mail::claim(pool, "user-id", &email, None).await?;
    if let Some((_, address)) = ids.first()
        && claimed
    {
        let list: String = ids.iter().map(|(user_id, _)| format!("ユーザーID: {user_id}\n")).collect();
        mailer.send_later(Mail {
            to: address.clone(),
            subject: "【けんぽポータル】ユーザーIDのお知らせ".into(),
            body: format!("ユーザーIDのお問い合わせを受け付けました。\n\n{list}{FOOTER}"),
        });
        tracing::info!(accounts = ids.len(), "user ID reminder sent");
    }
    Ok(())
}

/// [FAQ Q2] Sends a reset code when `user_id` is registered with `email`. A member who has not
/// finished first registration, or has no authenticator, is told by mail what to do instead.
pub async fn forgot_password(
    pool: &Db,
    mailer: &Mailer,
    code_seconds: i64,
    user_id: &str,
    email: &str,
) -> RecoveryAccepted {
    let (user_id, email) = (normalise_user_id(user_id), email.trim().to_owned());
    let work = send_reset_code(pool.clone(), mailer.clone(), code_seconds, user_id, email);
    in_background(work).await
}

async fn send_reset_code(
    pool: Db,
    mailer: Mailer,
    code_seconds: i64,
    user_id: String,
    email: String,
) -> Result<(), PortalError> {
    let pool = &pool;
    let member = store::members::with_id_and_address(pool, &user_id, &email).await?;
    // Claimed for unknown pairs too, so the work after the answer is the same statements
    // either way. Over the limits nothing is sent, and a code already mailed stays the valid one.
    let claimed =
        crate::mail::claim(pool, "reset-code", &email, member.as_ref().map(|found| found.0)).await?;
    let (Some((member_id, address, registration, enrolled)), true) = (member, claimed) else {
        return Ok(());
    };
    let body = if registration != "complete" {
        "初回登録がお済みでないため、パスワードの再設定はできません。初期パスワード（記号＋番号＋生年月日の数字14桁。任意継続被保険者の方は郵送でお知らせした14桁の数字）でログインし、初回登録を行ってください。\n".to_owned()
    } else if !enrolled {
        "ワンタイムパスワードの設定がお済みでないため、パスワードの再設定はできません。健康保険組合にお問い合わせください。\n".to_owned()
    } else {
        let (code, hash) = crate::code::new(RESET_CODE_DIGITS);
        store::resets::replace(pool, member_id, &hash, now() as i64 + code_seconds).await?;
        format!(
            "パスワード再設定のお申し込みを受け付けました。\n\n確認コード: {}\n\n\
             再設定の画面で、この確認コード、ワンタイムパスワード、新しいパスワードを入力してください。\n\
             確認コードは10分間、1回だけ使えます。\n",
            code.as_str()
        )
    };
    mailer.send_later(Mail {
        to: address,
        subject: "【けんぽポータル】パスワード再設定のご案内".into(),
        body: format!("{body}{FOOTER}"),
    });
    tracing::info!(%user_id, "password reset requested");
    Ok(())
}

/// [FAQ Q2] The reset itself: the emailed code, a current one-time password and the new
/// password. A wrong code counts towards the lockout; unknown user IDs get the same answer as
/// wrong codes, at the same time ([`ANSWER_FLOOR`]).
pub async fn reset_password(
    pool: &Db,
    lockout_threshold: u32,
    mailer: &Mailer,
    request: &PasswordReset,
) -> Result<(), PortalError> {
    let started = tokio::time::Instant::now();
    let result = reset(pool, lockout_threshold, mailer, request).await;
    if matches!(result, Err(PortalError::Refused(ErrorCode::InvalidResetCode))) {
        crate::clock::wait_until(started + ANSWER_FLOOR).await;
    }
    result
}

async fn reset(
    pool: &Db,
    lockout_threshold: u32,
    mailer: &Mailer,
    request: &PasswordReset,
) -> Result<(), PortalError> {
    let user_id = normalise_user_id(&request.user_id);
    check_new_password(&request.new_password, &user_id, "")?;
    check_otp_format(&request.otp)?;
    let reset_code =
        code::well_formed(&request.reset_code, RESET_CODE_DIGITS).ok_or(ErrorCode::MalformedCode)?;
    let target = store::resets::pending(pool, &user_id).await?;
    // Refused alike, at the cost of one commit each, whether or not the user ID exists or has
    // a reset pending: neither the answer nor its time tells.
    let Some(target) = target else {
        refuse_unknown(pool).await?;
        return Err(ErrorCode::InvalidResetCode.into());
    };
    if !code::matches(&reset_code, &target.code_hash) || target.used || target.expires_at < now() as i64 {
        refuse(pool, mailer, lockout_threshold, target.id, "reset", "wrong-reset-code", None).await?;
        return Err(ErrorCode::InvalidResetCode.into());
    }
    if target.locked_at.is_some() {
        return Err(ErrorCode::AccountLocked.into());
    }
    let secret = target.totp_secret.as_deref().ok_or(ErrorCode::InvalidResetCode)?;
    let secret = stored_secret(secret)?;
    let totp = Totp::default();
    let at = now();
    let Some(offset) = totp.verify(&secret, &request.otp, at, OTP_WINDOW) else {
        count_failure(pool, mailer, target.id, lockout_threshold).await?;
        record_attempt(pool, target.id, "reset", "wrong-code", None).await?;
        return Err(ErrorCode::InvalidOtp.into());
    };
    let step = totp.step(at).saturating_add_signed(offset) as i64;
    let hash = password::hash_off_thread(request.new_password.clone().into()).await?;
    let mut tx = pool.begin().await?;
    // Single use: only one reset can mark the code used, and the code's step must be newer
    // than any used before (RFC 6238 section 5.2), as at login.
    let claimed = store::resets::use_code(&mut *tx, target.id, &target.code_hash).await?;
    let fresh_step = store::members::reset_password(&mut *tx, target.id, &hash, step).await?;
    if !claimed {
        return Err(ErrorCode::InvalidResetCode.into());
    }
    if !fresh_step {
        drop(tx);
        count_failure(pool, mailer, target.id, lockout_threshold).await?;
        record_attempt(pool, target.id, "reset", "reused-code", Some(offset)).await?;
        return Err(ErrorCode::InvalidOtp.into());
    }
    session::end_others(&mut *tx, target.id, None).await?;
    tx.commit().await?;
    record_attempt(pool, target.id, "reset", "accepted", Some(offset)).await?;
    tracing::info!(%user_id, "password reset by the member");
    if let Some(email) = target.email {
        mailer.send_later(Mail {
            to: email,
            subject: "【けんぽポータル】パスワードが再設定されました".into(),
            body: format!("ユーザーID {user_id} のパスワードが再設定されました。\n{FOOTER}"),
        });
    }
    Ok(())
}
