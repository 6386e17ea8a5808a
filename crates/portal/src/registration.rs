//! First registration [guide 2-3 … 2-8], one call per step, in the guide's order: birth date,
//! terms of use, user ID, new password, email address and its confirmation code. Each call
//! refuses to run before the steps that come first (`step-out-of-order`); progress is stored,
//! so a member who stops half-way goes on from the same step at the next login.
//!
//! The user ID and password chosen here take effect at once: after [2-6] the initial password
//! no longer works. Completing [2-8] ends the session, as the guide has the member log out.

use kenpo_api::ErrorCode;
use kenpo_api::portal::{RegistrationState, RegistrationStep, Terms};
use kenpo_api::rules::{check_new_password, check_user_id, normalise_user_id};
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use crate::db::now;
use crate::login::{self, SessionToken, count_failure, record_attempt};
use crate::mail::{Mail, Mailer};
use crate::roster::{check_birth_date, check_email};
use crate::{PortalError, password};

/// The terms of use in force [2-4]. Changing the text means a new version.
pub const TERMS_VERSION: &str = "2026-04-01";
pub const TERMS_TEXT: &str = include_str!("terms-of-use.ja.txt");

/// How long an email confirmation code is valid.
const EMAIL_CODE_SECONDS: u64 = 30 * 60;

fn step_name(step: RegistrationStep) -> &'static str {
    match step {
        RegistrationStep::BirthDate => "birth-date",
        RegistrationStep::Terms => "terms",
        RegistrationStep::UserId => "user-id",
        RegistrationStep::Password => "password",
        RegistrationStep::Email => "email",
        RegistrationStep::EmailCode => "email-code",
        RegistrationStep::Complete => "complete",
    }
}

fn parse_step(name: &str) -> Result<RegistrationStep, PortalError> {
    use RegistrationStep::*;
    [BirthDate, Terms, UserId, Password, Email, EmailCode, Complete]
        .into_iter()
        .find(|step| step_name(*step) == name)
        .ok_or_else(|| PortalError::Internal(format!("unknown registration step {name:?}")))
}

/// What a registration step needs to know about the member.
#[derive(sqlx::FromRow)]
struct Registrant {
    id: i64,
    user_id: String,
    registration: String,
    password_hash: String,
    birth_date: Option<String>,
    pending_email: Option<String>,
    email_code_hash: Option<Vec<u8>>,
    email_code_expires_at: Option<i64>,
}

async fn registrant(pool: &SqlitePool, member_id: i64) -> Result<Registrant, PortalError> {
    Ok(sqlx::query_as(
        "SELECT m.id, m.user_id, m.registration, m.password_hash, r.birth_date, m.pending_email, m.email_code_hash,
                m.email_code_expires_at
         FROM members m LEFT JOIN roster r ON r.id = m.roster_id WHERE m.id = ?",
    )
    .bind(member_id)
    .fetch_one(pool)
    .await?)
}

fn state(member: &Registrant) -> Result<RegistrationState, PortalError> {
    Ok(RegistrationState {
        next: parse_step(&member.registration)?,
        user_id: member.user_id.clone(),
        terms: Terms { version: TERMS_VERSION.to_owned(), text: TERMS_TEXT.to_owned() },
        pending_email: member.pending_email.clone(),
    })
}

/// The member behind a registration session, if `allowed` holds the step that is due.
async fn at_step(
    pool: &SqlitePool,
    token: Option<&SessionToken>,
    allowed: &[RegistrationStep],
) -> Result<Registrant, PortalError> {
    let member_id = login::session_member(pool, token, "registration").await?;
    let member = registrant(pool, member_id).await?;
    if !allowed.contains(&parse_step(&member.registration)?) {
        return Err(ErrorCode::StepOutOfOrder.into());
    }
    Ok(member)
}

async fn move_to(
    pool: &SqlitePool,
    member: &Registrant,
    next: RegistrationStep,
) -> Result<RegistrationState, PortalError> {
    sqlx::query("UPDATE members SET registration = ? WHERE id = ?")
        .bind(step_name(next))
        .bind(member.id)
        .execute(pool)
        .await?;
    state(&registrant(pool, member.id).await?)
}

/// `GET /api/registration`: the step due.
pub async fn current(
    pool: &SqlitePool,
    token: Option<&SessionToken>,
) -> Result<RegistrationState, PortalError> {
    let member_id = login::session_member(pool, token, "registration").await?;
    state(&registrant(pool, member_id).await?)
}

/// [2-3] The member's own birth date, checked against the roster. A wrong date counts towards
/// the lockout, like a wrong password.
pub async fn birth_date(
    pool: &SqlitePool,
    lockout_threshold: u32,
    token: Option<&SessionToken>,
    birth_date: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, token, &[RegistrationStep::BirthDate]).await?;
    let given = check_birth_date(birth_date).ok_or(ErrorCode::BirthDateFormat)?;
    if member.birth_date.as_deref() != Some(given.as_str()) {
        count_failure(pool, member.id, lockout_threshold).await?;
        record_attempt(pool, member.id, "birth-date", "wrong-birth-date", None).await?;
        return Err(ErrorCode::BirthDateMismatch.into());
    }
    move_to(pool, &member, RegistrationStep::Terms).await
}

/// [2-4] Agreeing to the terms of use, by the version read.
pub async fn agree_terms(
    pool: &SqlitePool,
    token: Option<&SessionToken>,
    version: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, token, &[RegistrationStep::Terms]).await?;
    if version != TERMS_VERSION {
        return Err(ErrorCode::TermsChanged.into());
    }
    sqlx::query("UPDATE members SET terms_version = ?, terms_agreed_at = ? WHERE id = ?")
        .bind(TERMS_VERSION)
        .bind(now() as i64)
        .bind(member.id)
        .execute(pool)
        .await?;
    move_to(pool, &member, RegistrationStep::UserId).await
}

/// [2-5] Keep the user ID (by entering the current one) or choose a new one under the guide's
/// rules.
pub async fn choose_user_id(
    pool: &SqlitePool,
    token: Option<&SessionToken>,
    user_id: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, token, &[RegistrationStep::UserId]).await?;
    if normalise_user_id(user_id) != member.user_id {
        let user_id = check_user_id(user_id)?;
        let changed = sqlx::query("UPDATE members SET user_id = ? WHERE id = ?")
            .bind(&user_id)
            .bind(member.id)
            .execute(pool)
            .await;
        match changed {
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                return Err(ErrorCode::UserIdTaken.into());
            }
            other => other?,
        };
        tracing::info!(old = %member.user_id, new = %user_id, "user ID changed at registration");
    }
    move_to(pool, &member, RegistrationStep::Password).await
}

/// [2-6] The new password, under the guide's rules, and never the initial one.
pub async fn set_password(
    pool: &SqlitePool,
    token: Option<&SessionToken>,
    new_password: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, token, &[RegistrationStep::Password]).await?;
    check_new_password(new_password, &member.user_id, "")?;
    let new_password = zeroize::Zeroizing::new(new_password.to_owned());
    let stored = member.password_hash.clone();
    let (is_initial, hash) = tokio::task::spawn_blocking(move || {
        (password::verify(&new_password, Some(&stored)), password::hash(&new_password))
    })
    .await
    .map_err(|error| PortalError::Internal(error.to_string()))?;
    if is_initial {
        return Err(ErrorCode::PasswordIsInitial.into());
    }
    sqlx::query("UPDATE members SET password_hash = ? WHERE id = ?")
        .bind(hash)
        .bind(member.id)
        .execute(pool)
        .await?;
    move_to(pool, &member, RegistrationStep::Email).await
}

/// A short code sent by email, and its SHA-256 as stored.
pub fn emailed_code(digits: usize) -> (zeroize::Zeroizing<String>, Vec<u8>) {
    let mut rng = rand::rngs::OsRng;
    let code: String = (0..digits).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect();
    let hash = Sha256::digest(code.as_bytes()).to_vec();
    (zeroize::Zeroizing::new(code), hash)
}

/// [2-7] The email address; a confirmation code is sent to it. Giving an address again (a typo,
/// a mail that did not come) sends a new code to the new address.
pub async fn give_email(
    pool: &SqlitePool,
    mailer: &Mailer,
    token: Option<&SessionToken>,
    email: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, token, &[RegistrationStep::Email, RegistrationStep::EmailCode]).await?;
    let email = check_email(email).ok_or(ErrorCode::EmailInvalid)?;
    let (code, hash) = emailed_code(6);
    sqlx::query(
        "UPDATE members SET pending_email = ?, email_code_hash = ?, email_code_expires_at = ? WHERE id = ?",
    )
    .bind(&email)
    .bind(hash)
    .bind((now() + EMAIL_CODE_SECONDS) as i64)
    .bind(member.id)
    .execute(pool)
    .await?;
    mailer.send_later(Mail {
        to: email,
        subject: "【けんぽポータル】メールアドレスの確認".into(),
        body: format!(
            "けんぽポータルの初回登録で、このメールアドレスが入力されました。\n\n\
             確認コード: {}\n\n\
             登録画面に上の6桁の確認コードを入力してください（有効期限は30分です）。\n\
             お心当たりのない場合は、このメールを破棄してください。\n",
            code.as_str()
        ),
    });
    move_to(pool, &member, RegistrationStep::EmailCode).await
}

/// [2-7, 2-8] The confirmation code: the address becomes the member's, registration is
/// complete and the session ends.
pub async fn confirm_email(
    pool: &SqlitePool,
    lockout_threshold: u32,
    mailer: &Mailer,
    token: Option<&SessionToken>,
    code: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, token, &[RegistrationStep::EmailCode]).await?;
    let fresh = member.email_code_expires_at.is_some_and(|expires| expires >= now() as i64);
    let matches = member.email_code_hash.as_deref().is_some_and(|stored| {
        use subtle::ConstantTimeEq;
        bool::from(Sha256::digest(code.trim().as_bytes()).as_slice().ct_eq(stored))
    });
    if !(fresh && matches) {
        count_failure(pool, member.id, lockout_threshold).await?;
        record_attempt(pool, member.id, "email-code", "wrong-code", None).await?;
        return Err(ErrorCode::InvalidEmailCode.into());
    }
    let email = member.pending_email.clone().ok_or(ErrorCode::InvalidEmailCode)?;
    sqlx::query(
        "UPDATE members SET email = pending_email, pending_email = NULL, email_code_hash = NULL,
             email_code_expires_at = NULL, registration = 'complete', failed_attempts = 0
         WHERE id = ?",
    )
    .bind(member.id)
    .execute(pool)
    .await?;
    login::logout(pool, token).await?;
    tracing::info!(user_id = %member.user_id, "first registration complete");
    mailer.send_later(Mail {
        to: email,
        subject: "【けんぽポータル】初回登録が完了しました".into(),
        body: format!(
            "けんぽポータルの初回登録が完了しました。\n\nユーザーID: {}\n\n\
             続いてワンタイムパスワードの設定を行います。もう一度ログインしてください。\n\
             お心当たりのない場合は、健康保険組合にお問い合わせください。\n",
            member.user_id
        ),
    });
    state(&registrant(pool, member.id).await?)
}
