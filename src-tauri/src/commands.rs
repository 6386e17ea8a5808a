//! The IPC surface: thin commands that check input, call the vault or the portal client, and
//! map errors. None returns a secret.

use kenpo_api::ErrorCode;
use kenpo_api::ipc::CurrentCode;
use kenpo_api::limits::{LOGIN_USER_ID_MAX_CHARS, OTP_DIGITS, PASSWORD_MAX_CHARS};
use kenpo_api::portal::{Member, NextStep, PasswordAccepted};
use tauri::State;
use zeroize::Zeroizing;

use crate::AppError;
use crate::session::Portal;
use crate::vault::Vault;

/// The password step. Input that cannot be right is refused here, before it travels.
#[tauri::command(rename_all = "snake_case")]
pub async fn login(
    portal: State<'_, Portal>,
    user_id: String,
    password: String,
) -> Result<PasswordAccepted, AppError> {
    let password = Zeroizing::new(password);
    let user_id = kenpo_api::rules::normalise_user_id(&user_id);
    if user_id.is_empty() {
        return Err(ErrorCode::MissingUserId.into());
    }
    if password.is_empty() {
        return Err(ErrorCode::MissingPassword.into());
    }
    if user_id.chars().count() > LOGIN_USER_ID_MAX_CHARS {
        return Err(ErrorCode::UserIdTooLong.into());
    }
    if password.chars().count() > PASSWORD_MAX_CHARS {
        return Err(ErrorCode::PasswordTooLong.into());
    }
    let client = portal.fresh().await?;
    let accepted = client.login(&user_id, &password).await?;
    // First registration and linking the authenticator are not in the app yet: say which is due
    // rather than ask for a code the portal will not take.
    match accepted.next {
        NextStep::Otp => Ok(accepted),
        NextStep::Registration => Err(ErrorCode::RegistrationRequired.into()),
        NextStep::Enrollment => Err(ErrorCode::EnrollmentRequired.into()),
    }
}

/// The one-time-password step, with a code the UI took from `current_code` or the member typed.
#[tauri::command(rename_all = "snake_case")]
pub async fn submit_otp(portal: State<'_, Portal>, code: String) -> Result<Member, AppError> {
    let code = code.trim();
    if code.len() != OTP_DIGITS || !code.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(ErrorCode::MalformedOtp.into());
    }
    let client = portal.current().await.map_err(|_| AppError::Code(ErrorCode::PasswordStepRequired))?;
    Ok(client.submit_otp(code).await?)
}

/// The code this device's authenticator shows now for `user_id` on this portal.
#[tauri::command(rename_all = "snake_case")]
pub async fn current_code(
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
    user_id: String,
) -> Result<CurrentCode, AppError> {
    let account = vault.portal_account(&portal.url, &user_id)?;
    vault.code(&account, unix_now())
}

#[tauri::command]
pub async fn me(portal: State<'_, Portal>) -> Result<Member, AppError> {
    Ok(portal.current().await?.me().await?)
}

#[tauri::command]
pub async fn logout(portal: State<'_, Portal>) -> Result<(), AppError> {
    if let Ok(client) = portal.current().await {
        client.logout().await.ok();
    }
    Ok(())
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs()
}
