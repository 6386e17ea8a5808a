//! First registration [guide 2-3 … 2-8], one call per step, in the guide's order: birth date,
//! terms of use, user ID, new password, email address and its confirmation code. Each call
//! refuses to run before the steps that come first (`step-out-of-order`); progress is stored,
//! so a member who stops half-way goes on from the same step at the next login.
//!
//! The user ID and password chosen here take effect at once: after [2-6] the initial password
//! no longer works. Completing [2-8] ends every other session; where the guide has the member
//! log out and in again to link the authenticator [3-1], this session moves straight on to that
//! step (the member has just proved the password, which is all that login asks before it).

use crate::db::Db;
use kenpo_api::ErrorCode;
use kenpo_api::portal::{RegistrationState, RegistrationStep, Terms};
use kenpo_api::rules::{check_birth_date, check_email, check_new_password, check_user_id, normalise_user_id};

use crate::clock::{now, today};
use crate::lockout::{count_failure, record_attempt};
use crate::mail::{Mail, Mailer};
use crate::session::{self, Session, Stage};
use crate::store::members::{Registrant, RegistrationWrite};
use crate::{PortalError, code, password, roster, store};

/// The terms of use in force [2-4]. Changing the text means a new version.
pub const TERMS_VERSION: &str = "2026-04-01";
pub const TERMS_TEXT: &str = include_str!("terms-of-use.ja.txt");

/// How long an email confirmation code is valid, and its length.
pub const EMAIL_CODE_SECONDS: u64 = 30 * 60;
pub const EMAIL_CODE_DIGITS: usize = 6;

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

async fn registrant(pool: &Db, member_id: i64) -> Result<Registrant, PortalError> {
    Ok(store::members::registrant(pool, member_id).await?)
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
    pool: &Db,
    session: &Session,
    allowed: &[RegistrationStep],
) -> Result<Registrant, PortalError> {
    let member = registrant(pool, session.member_id).await?;
    if !allowed.contains(&parse_step(&member.registration)?) {
        return Err(ErrorCode::StepOutOfOrder.into());
    }
    Ok(member)
}

/// Writes `write` and moves the member on to `to`, only while the member is still at one of
/// `from` (one step, or two) and not locked (see `store::members::advance_registration`).
/// Returns the new state.
async fn advance(
    pool: &Db,
    member: &Registrant,
    from: &[RegistrationStep],
    to: RegistrationStep,
    write: RegistrationWrite<'_>,
) -> Result<RegistrationState, PortalError> {
    let from = (step_name(from[0]), step_name(from[from.len() - 1]));
    match store::members::advance_registration(pool, member.id, from, step_name(to), write).await {
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            Err(ErrorCode::UserIdTaken.into())
        }
        Err(error) => Err(error.into()),
        Ok(true) => state(&registrant(pool, member.id).await?),
        Ok(false) => Err(ErrorCode::StepOutOfOrder.into()),
    }
}

/// `GET /api/registration`: the step due.
pub async fn current(pool: &Db, session: &Session) -> Result<RegistrationState, PortalError> {
    state(&registrant(pool, session.member_id).await?)
}

/// [2-3] The member's own birth date, checked against the roster. A wrong date counts towards
/// the lockout, like a wrong password.
pub async fn birth_date(
    pool: &Db,
    mailer: &Mailer,
    lockout_threshold: u32,
    session: &Session,
    birth_date: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, session, &[RegistrationStep::BirthDate]).await?;
    let given = check_birth_date(birth_date, &today())?;
    if member.birth_date.as_deref() != Some(given.as_str()) {
        count_failure(pool, mailer, member.id, lockout_threshold).await?;
        record_attempt(pool, member.id, "birth-date", "wrong-birth-date", None).await?;
        return Err(ErrorCode::BirthDateMismatch.into());
    }
    advance(
        pool,
        &member,
        &[RegistrationStep::BirthDate],
        RegistrationStep::Terms,
        RegistrationWrite::Nothing,
    )
    .await
}

/// [2-4] Agreeing to the terms of use, by the version read.
pub async fn agree_terms(
    pool: &Db,
    session: &Session,
    version: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, session, &[RegistrationStep::Terms]).await?;
    if version != TERMS_VERSION {
        return Err(ErrorCode::TermsChanged.into());
    }
    let write = RegistrationWrite::Terms { version: TERMS_VERSION, agreed_at: now() as i64 };
    advance(pool, &member, &[RegistrationStep::Terms], RegistrationStep::UserId, write).await
}

/// [2-5] Keep the user ID (by entering the current one) or choose a new one under the guide's
/// rules.
pub async fn choose_user_id(
    pool: &Db,
    session: &Session,
    user_id: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, session, &[RegistrationStep::UserId]).await?;
    let chosen = normalise_user_id(user_id);
    // Entering the current ID keeps it, even an initial ID the chosen-ID rules would not allow.
    let user_id = if chosen == member.user_id { chosen } else { check_user_id(user_id)? };
    let done = advance(
        pool,
        &member,
        &[RegistrationStep::UserId],
        RegistrationStep::Password,
        RegistrationWrite::UserId(&user_id),
    )
    .await?;
    if user_id != member.user_id {
        tracing::info!(old = %member.user_id, new = %user_id, "user ID changed at registration");
    }
    Ok(done)
}

/// [2-6] The new password, under the guide's rules, and never the initial one.
pub async fn set_password(
    pool: &Db,
    session: &Session,
    new_password: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, session, &[RegistrationStep::Password]).await?;
    check_new_password(new_password, &member.user_id, "")?;
    let new_password = zeroize::Zeroizing::new(new_password.to_owned());
    let stored = member.password_hash.clone();
    let (is_initial, hash) = password::off_thread(move || {
        (password::verify(&new_password, Some(&stored)), password::hash(&new_password))
    })
    .await?;
    if is_initial {
        return Err(ErrorCode::PasswordIsInitial.into());
    }
    let done = advance(
        pool,
        &member,
        &[RegistrationStep::Password],
        RegistrationStep::Email,
        RegistrationWrite::PasswordHash(&hash),
    )
    .await?;
    // Whoever else logged in with the initial password is logged out with it.
    session::end_others(pool, member.id, Some(&session.token)).await?;
    Ok(done)
}

/// [2-7] The email address; a confirmation code is sent to it. Giving an address again (a typo,
/// a mail that did not come) sends a new code to the new address.
pub async fn give_email(
    pool: &Db,
    mailer: &Mailer,
    session: &Session,
    email: &str,
) -> Result<RegistrationState, PortalError> {
    let member = at_step(pool, session, &[RegistrationStep::Email, RegistrationStep::EmailCode]).await?;
    let email = check_email(email)?;
    if !crate::mail::claim(pool, "email-code", &email, Some(member.id)).await? {
        return Err(ErrorCode::TooManyMails.into());
    }
    let (code, hash) = code::new(EMAIL_CODE_DIGITS);
    let done = advance(
        pool,
        &member,
        &[RegistrationStep::Email, RegistrationStep::EmailCode],
        RegistrationStep::EmailCode,
        RegistrationWrite::PendingEmail {
            email: &email,
            code_hash: &hash,
            expires_at: (now() + EMAIL_CODE_SECONDS) as i64,
        },
    )
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
    Ok(done)
}

/// [2-7, 2-8] The confirmation code: the address becomes the member's, registration is
/// complete, other sessions end and this one goes on to linking the authenticator [3-1].
pub async fn confirm_email(
    pool: &Db,
    lockout_threshold: u32,
    mailer: &Mailer,
    session: &Session,
    code: &str,
) -> Result<RegistrationState, PortalError> {
    let code = code::well_formed(code, EMAIL_CODE_DIGITS).ok_or(ErrorCode::MalformedCode)?;
    let member = at_step(pool, session, &[RegistrationStep::EmailCode]).await?;
    let live =
        code::is_live(&code, member.email_code_hash.as_deref(), member.email_code_expires_at, now() as i64);
    let (Some(email), Some(hash), true) =
        (member.pending_email.clone(), member.email_code_hash.clone(), live)
    else {
        count_failure(pool, mailer, member.id, lockout_threshold).await?;
        record_attempt(pool, member.id, "email-code", "wrong-code", None).await?;
        return Err(ErrorCode::InvalidEmailCode.into());
    };
    // The address confirmed is the one this code was sent to: a new address given meanwhile
    // has a new code, and this update then finds no row.
    if !store::members::complete_registration(pool, member.id, &email, &hash).await? {
        return Err(ErrorCode::InvalidEmailCode.into());
    }
    // [2-8] logs out everywhere else; here the next step is linking the authenticator, which a
    // member whose registration was reset never still has (reset-password clears it).
    session::end_others(pool, member.id, Some(&session.token)).await?;
    session::advance(pool, &session.token, Stage::Enrollment).await?;
    tracing::info!(user_id = %member.user_id, "first registration complete");
    // The roster's address, when the member confirmed another, hears of it too: a stranger
    // holding the member's insurance card cannot register unnoticed.
    if let Some(roster) = roster::roster_address(pool, member.id, &[&email]).await? {
        mailer.send_later(Mail {
            to: roster,
            subject: "【けんぽポータル】初回登録が完了しました".into(),
            body: format!(
                "けんぽポータルの初回登録が、別のメールアドレスで完了しました。\n\n\
                 ユーザーID: {}\n\n\
                 健康保険組合に届けているこのアドレスにお知らせしています。\n\
                 お心当たりのない場合は、すぐに健康保険組合にお問い合わせください。\n",
                member.user_id
            ),
        });
    }
    mailer.send_later(Mail {
        to: email,
        subject: "【けんぽポータル】初回登録が完了しました".into(),
        body: format!(
            "けんぽポータルの初回登録が完了しました。\n\nユーザーID: {}\n\n\
             続いてワンタイムパスワードの設定を行ってください。\n\
             お心当たりのない場合は、健康保険組合にお問い合わせください。\n",
            member.user_id
        ),
    });
    state(&registrant(pool, member.id).await?)
}
