//! The IPC surface: thin commands that check input, call the vault or the portal client, and
//! map errors. None returns a secret.

use kenpo_api::ErrorCode;
use kenpo_api::diagnostics::Report;
use kenpo_api::ipc::{
    AccountCode, AddedAccounts, CLOCK_WARNING_MS, ClockOffset, CurrentCode, LoginOutcome, NoticeFile,
    RegistrationInput, SavedFile, SecretCheck, StagedReceipt,
};
use kenpo_api::limits::{LOGIN_USER_ID_MAX_CHARS, OTP_DIGITS, PASSWORD_MAX_CHARS};
use kenpo_api::notices::{BenefitNotices, MedicalYear, QualificationNotice};
use kenpo_api::portal::{Member, NextStep, PasswordReset, RegistrationState};
use kenpo_api::subsidy::{Application, ApplicationForm, SubmitApplication, Subsidy};
use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;
use tauri::State;
use zeroize::Zeroizing;

use crate::diagnostics::{self, LastReport};
use crate::lock::AppLock;
use crate::receipts::StagedReceipts;
use crate::session::Portal;
use crate::settings::Settings;
use crate::vault::{Account, Vault};
use crate::{AppError, accounts, files};

/// A member's login, in one call: the password step, then what the portal asks for next. When
/// it asks for the code, this device's own is chosen and submitted here (the step it used is
/// remembered; the portal takes each step once). Input that cannot be right is refused before
/// it travels.
#[tauri::command(rename_all = "snake_case")]
pub async fn login(
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
    user_id: String,
    password: String,
    lock: State<'_, AppLock>,
) -> Result<LoginOutcome, AppError> {
    lock.check()?;
    let password = Zeroizing::new(password);
    let user_id = login_user_id(&user_id)?;
    if password.is_empty() {
        return Err(ErrorCode::MissingPassword.into());
    }
    if password.chars().count() > PASSWORD_MAX_CHARS {
        return Err(ErrorCode::PasswordTooLong.into());
    }
    portal.set_last_user_id(&user_id);
    // The client lock is held to the end: a second login waits, then sees the step this one used.
    let client = portal.fresh().await?;
    let accepted = client.login(&user_id, &password).await?;
    match accepted.next {
        NextStep::Registration => Ok(LoginOutcome::Registration { state: client.registration().await? }),
        NextStep::Enrollment => Ok(LoginOutcome::Enrollment),
        NextStep::Otp => match vault.portal_account(&portal.url(), &user_id) {
            Ok(account) => {
                let code = device_code(&portal, &vault, &account).await?;
                Ok(LoginOutcome::LoggedIn { member: client.submit_otp(&code).await? })
            }
            Err(AppError::Code(ErrorCode::NoAuthenticator)) => {
                Ok(LoginOutcome::CodeNeeded { device_problem: None })
            }
            Err(problem) => Ok(LoginOutcome::CodeNeeded { device_problem: Some(problem.code()) }),
        },
    }
}

/// This device's code for `account` to send now: never a step the portal has taken from it,
/// and recorded as used before it is sent (a step lost in transit is skipped, never sent twice).
async fn device_code(portal: &Portal, vault: &Vault, account: &Account) -> Result<String, AppError> {
    let now = portal.now();
    let (code, step) = vault.login_code(account, now)?;
    // A code two steps ahead is taken once the portal's clock reaches the step before it (with
    // a second of slack for the measured offset): right after a login in the last seconds of a
    // step, a few seconds.
    if let Some(totp) = account.totp()
        && step > totp.step(now) + 1
    {
        let valid_from = (step - 1).saturating_mul(totp.period).saturating_sub(now) + 1;
        // Further ahead than the step after next is no step this app chose (the list was changed
        // on disk, or the clock went back): no waiting on it, and never more than half a minute.
        if valid_from > totp.period.min(30) + 1 {
            return Err(ErrorCode::Storage.into());
        }
        tokio::time::sleep(std::time::Duration::from_secs(valid_from)).await;
    }
    vault.mark_used(&account.id, step)?;
    Ok(code.code)
}

/// A user ID as a login or a recovery takes it: normalised, present and not over-long.
fn login_user_id(input: &str) -> Result<String, AppError> {
    let user_id = kenpo_api::rules::normalise_user_id(input);
    if user_id.is_empty() {
        return Err(ErrorCode::MissingUserId.into());
    }
    if user_id.chars().count() > LOGIN_USER_ID_MAX_CHARS {
        return Err(ErrorCode::UserIdTooLong.into());
    }
    Ok(user_id)
}

/// [FAQ Q1] The user ID is mailed to the registered address. The answer is the same whether or
/// not the address is registered.
#[tauri::command]
pub async fn forgot_user_id(portal: State<'_, Portal>, email: String) -> Result<(), AppError> {
    let email = kenpo_api::rules::check_email(&email)?;
    PortalClient::new(&portal.url())?.forgot_user_id(&email).await?;
    Ok(())
}

/// [FAQ Q2] A reset code is mailed to the registered address, if it belongs to `user_id`.
#[tauri::command(rename_all = "snake_case")]
pub async fn forgot_password(
    portal: State<'_, Portal>,
    user_id: String,
    email: String,
) -> Result<(), AppError> {
    let user_id = login_user_id(&user_id)?;
    let email = kenpo_api::rules::check_email(&email)?;
    PortalClient::new(&portal.url())?.forgot_password(&user_id, &email).await?;
    Ok(())
}

/// [FAQ Q2] The new password, with the mailed reset code and this device's own code, which the
/// app fills in. A device without the member's authenticator is refused with `no-authenticator`
/// before anything travels.
#[tauri::command(rename_all = "snake_case")]
pub async fn reset_password(
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
    user_id: String,
    reset_code: String,
    new_password: String,
    lock: State<'_, AppLock>,
) -> Result<(), AppError> {
    lock.check()?;
    let new_password = Zeroizing::new(new_password);
    let reset_code = Zeroizing::new(reset_code.trim().to_owned());
    let user_id = login_user_id(&user_id)?;
    if reset_code.is_empty() || reset_code.chars().count() > MAIL_CODE_MAX_CHARS {
        return Err(ErrorCode::MalformedCode.into());
    }
    kenpo_api::rules::check_new_password(&new_password, &user_id, "")?;
    let account = vault.portal_account(&portal.url(), &user_id)?;
    let client = PortalClient::new(&portal.url())?;
    let mut reset = PasswordReset {
        user_id,
        reset_code: reset_code.to_string(),
        otp: device_code(&portal, &vault, &account).await?,
        new_password: new_password.to_string(),
    };
    let answer = client.reset_password(&reset).await;
    zeroize::Zeroize::zeroize(&mut reset.new_password);
    zeroize::Zeroize::zeroize(&mut reset.reset_code);
    answer?;
    Ok(())
}

/// The longest code from an email the app sends on; the portal's are 6 digits.
const MAIL_CODE_MAX_CHARS: usize = 16;

/// One step of first registration [guide 2-3 … 2-8], on the session `login` opened. What cannot
/// be right is refused here, before it travels; the portal judges the rest. After the last
/// step the same session goes on to `enroll_from_portal`.
#[tauri::command]
pub async fn register(
    portal: State<'_, Portal>,
    input: RegistrationInput,
) -> Result<RegistrationState, AppError> {
    use kenpo_api::rules::{check_birth_date, check_email, japan_date};
    let client = portal.current().await?;
    let state = match input {
        RegistrationInput::BirthDate(value) => {
            let today = japan_date(portal.now());
            client.registration_birth_date(&check_birth_date(&value, &today)?).await
        }
        RegistrationInput::AgreeTerms(version) => client.agree_terms(&version).await,
        RegistrationInput::UserId(value) => {
            if value.trim().is_empty() {
                return Err(ErrorCode::MissingUserId.into());
            }
            if value.chars().count() > LOGIN_USER_ID_MAX_CHARS {
                return Err(ErrorCode::UserIdLength.into());
            }
            client.choose_user_id(&value).await
        }
        RegistrationInput::Password(value) => {
            let value = Zeroizing::new(value);
            if value.chars().count() > PASSWORD_MAX_CHARS {
                return Err(ErrorCode::PasswordLength.into());
            }
            client.set_new_password(&value).await
        }
        RegistrationInput::Email(value) => client.give_email(&check_email(&value)?).await,
        RegistrationInput::EmailCode(value) => {
            let value = Zeroizing::new(value);
            if value.trim().is_empty() || value.chars().count() > MAIL_CODE_MAX_CHARS {
                return Err(ErrorCode::MalformedCode.into());
            }
            client.confirm_email(value.trim()).await
        }
    };
    Ok(state?)
}

/// [guide 3-1, 3-2] Links this device as the member's authenticator, in one step: takes the
/// enrollment the portal offers after the password step, stores its secret in the keychain,
/// and submits the first code itself. The secret never leaves Rust.
#[tauri::command]
pub async fn enroll_from_portal(
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
) -> Result<Member, AppError> {
    let client = portal.current().await?;
    let offer = client.enrollment_offer().await?;
    let enrollment =
        Enrollment::parse(&offer.otpauth_uri).map_err(|_| AppError::Code(ErrorCode::BadEnrollment))?;
    let account = vault.add(&enrollment, Some(&portal.url()), unix_now())?;
    let (code, step) = vault.login_code(&account, portal.now())?;
    vault.mark_used(&account.id, step)?;
    match client.confirm_enrollment(&code.code).await {
        Ok(member) => {
            tracing::info!(user_id = %member.user_id, "this device is now the member's authenticator");
            Ok(member)
        }
        // Refused: the portal did not link this secret and still offers it; nothing is kept.
        // Any other failure (the answer lost on the way) may hide a link, so the secret stays.
        Err(kenpo_client::ClientError::Refused(error)) => {
            vault.remove(&account.id).ok();
            Err(AppError::Portal(error))
        }
        Err(error) => Err(error.into()),
    }
}

/// The one-time-password step with a code the member typed, when `login` said this device has
/// none ([`LoginOutcome::CodeNeeded`]).
#[tauri::command(rename_all = "snake_case")]
pub async fn submit_otp(portal: State<'_, Portal>, code: String) -> Result<Member, AppError> {
    let code = code.trim();
    if code.len() != OTP_DIGITS || !code.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(ErrorCode::MalformedOtp.into());
    }
    let client = portal.current().await.map_err(|_| AppError::Code(ErrorCode::PasswordStepRequired))?;
    Ok(client.submit_otp(code).await?)
}

/// A logged-in member's new password, with the current one. The new one's rules are checked
/// here before it travels; the portal ends the member's other sessions.
#[tauri::command(rename_all = "snake_case")]
pub async fn change_password(
    portal: State<'_, Portal>,
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let (current, new) = (Zeroizing::new(current_password), Zeroizing::new(new_password));
    if current.is_empty() {
        return Err(ErrorCode::MissingPassword.into());
    }
    if current.chars().count() > PASSWORD_MAX_CHARS {
        return Err(ErrorCode::PasswordTooLong.into());
    }
    kenpo_api::rules::check_new_password(&new, "", "")?;
    Ok(portal.current().await?.change_password(&current, &new).await?)
}

/// A logged-in member's new email address; the portal sends a code to it.
#[tauri::command]
pub async fn change_email(portal: State<'_, Portal>, email: String) -> Result<(), AppError> {
    let email = kenpo_api::rules::check_email(&email)?;
    Ok(portal.current().await?.change_email(&email).await?)
}

/// The code from the new address.
#[tauri::command]
pub async fn confirm_email_change(portal: State<'_, Portal>, code: String) -> Result<(), AppError> {
    let code = Zeroizing::new(code.trim().to_owned());
    if code.is_empty() || code.chars().count() > MAIL_CODE_MAX_CHARS {
        return Err(ErrorCode::MalformedCode.into());
    }
    Ok(portal.current().await?.confirm_email_change(&code).await?)
}

/// Removes the member's authenticator from the portal and this device (a new phone): the
/// portal takes a fresh code from this device, ends every session, and links the next device
/// that logs in. Only the device that holds the authenticator can do this.
#[tauri::command]
pub async fn remove_authenticator(
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
    lock: State<'_, AppLock>,
) -> Result<(), AppError> {
    lock.check()?;
    let client = portal.current().await?;
    let member = client.me().await?;
    let account = vault.portal_account(&portal.url(), &member.user_id)?;
    let code = device_code(&portal, &vault, &account).await?;
    client.remove_authenticator(&code).await?;
    drop(client);
    portal.end().await;
    // The portal no longer knows this secret; a failure here leaves a dead entry, never a live one.
    vault.remove(&account.id)?;
    tracing::info!(user_id = %member.user_id, "this device's authenticator removed");
    Ok(())
}

/// Whether this device has the Face ID / Touch ID lock, whether it is on, and whether it is
/// closed now.
#[tauri::command]
pub fn app_lock_status(lock: State<'_, AppLock>) -> kenpo_api::ipc::AppLockStatus {
    lock.status()
}

/// Opens the app lock with Face ID / Touch ID (or the device's passcode).
#[tauri::command]
pub async fn unlock_app<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    lock: State<'_, AppLock>,
) -> Result<(), AppError> {
    prompt(&app).await?;
    lock.open();
    Ok(())
}

/// Turns the app lock on (after the member passes the prompt once, so that it is known to
/// work) or off (only while open), and keeps the choice.
#[tauri::command]
pub async fn set_app_lock<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    lock: State<'_, AppLock>,
    settings: State<'_, Settings>,
    enabled: bool,
) -> Result<(), AppError> {
    lock.check()?;
    if !lock.status().available {
        return Err(ErrorCode::AppLockUnavailable.into());
    }
    if enabled {
        // Not passed (no Face ID / Touch ID set up, or cancelled): the lock stays off.
        prompt(&app).await.map_err(|_| AppError::Code(ErrorCode::AppLockUnavailable))?;
    }
    settings.update(|stored| stored.app_lock = enabled)?;
    lock.set_enabled(enabled)
}

/// The system's Face ID / Touch ID prompt, falling back to the device's passcode.
#[cfg(mobile)]
async fn prompt<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> Result<(), AppError> {
    use tauri_plugin_biometric::{AuthOptions, BiometricExt};
    let app = app.clone();
    let options = AuthOptions { allow_device_credential: true, ..Default::default() };
    let reason = "ワンタイムパスワードとお知らせを表示します".to_owned();
    let answer = tauri::async_runtime::spawn_blocking(move || app.biometric().authenticate(reason, options))
        .await
        .map_err(|_| AppError::Code(ErrorCode::Internal))?;
    answer.map_err(|error| {
        tracing::info!(%error, "app lock prompt not passed");
        AppError::Code(ErrorCode::AppLocked)
    })
}

/// No prompt off phones.
#[cfg(not(mobile))]
async fn prompt<R: tauri::Runtime>(_app: &tauri::AppHandle<R>) -> Result<(), AppError> {
    Err(ErrorCode::AppLockUnavailable.into())
}

/// The crates compiled into the app and their licences, listed by the build from Cargo.lock.
#[tauri::command]
pub fn licences() -> Vec<kenpo_api::ipc::Licence> {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/licences.json")))
        .expect("the build wrote valid JSON")
}

/// The portal's address this app talks to.
#[tauri::command]
pub async fn portal_address(portal: State<'_, Portal>) -> Result<String, AppError> {
    Ok(portal.url())
}

/// Another portal address (the society moved, or staff test a new one): `https://` only, or
/// `http://` to this device. It is saved only once the portal there answers; the session ends.
#[tauri::command]
pub async fn set_portal_address(
    portal: State<'_, Portal>,
    settings: State<'_, Settings>,
    url: String,
) -> Result<String, AppError> {
    let url = kenpo_api::rules::check_portal_url(&url)?;
    let client = PortalClient::new(&url)?;
    client.time().await?;
    let saved = client.base_url().to_string();
    settings.update(|stored| stored.portal_url = Some(saved.clone()))?;
    portal.move_to(&client).await;
    tracing::info!(portal = %saved, "portal address changed");
    Ok(saved)
}

/// The code this device will log `user_id` in with on this portal, and how long it stays; none
/// when the device holds no authenticator for `user_id`.
#[tauri::command(rename_all = "snake_case")]
pub async fn current_code(
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
    user_id: String,
    lock: State<'_, AppLock>,
) -> Result<Option<CurrentCode>, AppError> {
    lock.check()?;
    let account = match vault.portal_account(&portal.url(), &user_id) {
        Ok(account) => account,
        // Not an error: the login screen asks as the member types, and shows no code.
        Err(AppError::Code(ErrorCode::NoAuthenticator)) => return Ok(None),
        Err(error) => return Err(error),
    };
    vault.login_code(&account, portal.now()).map(|(code, _)| Some(code))
}

/// How far this device's clock is from the portal's [FAQ Q5]. The portal's own codes are made
/// by the portal's clock from then on.
#[tauri::command]
pub async fn clock_offset(portal: State<'_, Portal>) -> Result<ClockOffset, AppError> {
    let offset_ms = portal.measure_offset().await?;
    Ok(ClockOffset { offset_ms, warn: offset_ms.abs() > CLOCK_WARNING_MS })
}

#[tauri::command]
pub async fn me(portal: State<'_, Portal>, lock: State<'_, AppLock>) -> Result<Member, AppError> {
    lock.check()?;
    Ok(portal.current().await?.me().await?)
}

/// A year of 医療費のお知らせ, one page; the newest year with notices when `year` is none.
#[tauri::command]
pub async fn medical_notices(
    portal: State<'_, Portal>,
    lock: State<'_, AppLock>,
    year: Option<i32>,
    person: Option<String>,
    page: u32,
) -> Result<MedicalYear, AppError> {
    lock.check()?;
    Ok(portal.current().await?.medical_notices(year, person.as_deref(), page).await?)
}

#[tauri::command]
pub async fn benefit_notices(
    portal: State<'_, Portal>,
    lock: State<'_, AppLock>,
    person: Option<String>,
    page: u32,
) -> Result<BenefitNotices, AppError> {
    lock.check()?;
    Ok(portal.current().await?.benefit_notices(person.as_deref(), page).await?)
}

#[tauri::command]
pub async fn qualification_notices(
    portal: State<'_, Portal>,
    lock: State<'_, AppLock>,
) -> Result<Vec<QualificationNotice>, AppError> {
    lock.check()?;
    Ok(portal.current().await?.qualification_notices().await?)
}

/// Fetches a file the portal makes (a tax export, a printable notice) and saves it where the
/// member chooses in the platform's save dialog. Nothing is written when they cancel.
#[tauri::command]
pub async fn save_notice_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    portal: State<'_, Portal>,
    lock: State<'_, AppLock>,
    file: NoticeFile,
) -> Result<SavedFile, AppError> {
    lock.check()?;
    let request = files::Request::of(&file);
    let bytes = portal.current().await?.file(&request.path).await?;
    files::save(app, request, bytes).await
}

/// ヘルプ / 診断: the way to the portal checked now, the clock, the keychain's state and the
/// latest errors. Kept, so that saving and copying send what the member saw. Open while the app
/// is locked: it holds no secret, and a member locked out may need it most.
#[tauri::command]
pub async fn diagnostics(
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
    last: State<'_, LastReport>,
) -> Result<Report, AppError> {
    let report = diagnostics::report(&portal, &vault).await;
    last.keep(&report);
    Ok(report)
}

/// The diagnostics report as a JSON file where the member chooses, to mail to the helpdesk.
#[tauri::command]
pub async fn save_diagnostics_report<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
    last: State<'_, LastReport>,
) -> Result<SavedFile, AppError> {
    let report = last.get_or_make(&portal, &vault).await;
    let bytes = serde_json::to_vec_pretty(&report).map_err(|_| AppError::Code(ErrorCode::Internal))?;
    files::save(app, files::Request::report(report.made_at_ms), bytes).await
}

/// The diagnostics report as readable text on the clipboard, to paste into a mail.
#[tauri::command]
pub async fn copy_diagnostics_report<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
    last: State<'_, LastReport>,
) -> Result<(), AppError> {
    use tauri::Manager;
    use tauri_plugin_clipboard_manager::Clipboard;
    let text = last.get_or_make(&portal, &vault).await.to_text();
    let clipboard = app.try_state::<Clipboard<R>>().ok_or(AppError::Code(ErrorCode::ClipboardUnavailable))?;
    clipboard.write_text(text).map_err(|_| AppError::Code(ErrorCode::ClipboardUnavailable))
}

/// The influenza-subsidy season, the people the member may apply for and their applications.
#[tauri::command]
pub async fn subsidy_overview(
    portal: State<'_, Portal>,
    lock: State<'_, AppLock>,
) -> Result<Subsidy, AppError> {
    lock.check()?;
    Ok(portal.current().await?.subsidy().await?)
}

/// A receipt (JPEG, PNG or PDF) attached to the application being written, sent as the raw
/// request body; held in the app until the application is sent.
#[tauri::command]
pub async fn stage_receipt(
    request: tauri::ipc::Request<'_>,
    staged: State<'_, StagedReceipts>,
) -> Result<StagedReceipt, AppError> {
    match request.body() {
        tauri::ipc::InvokeBody::Raw(bytes) => staged.add(bytes),
        tauri::ipc::InvokeBody::Json(_) => Err(ErrorCode::ReceiptNotAccepted.into()),
    }
}

#[tauri::command]
pub async fn unstage_receipt(staged: State<'_, StagedReceipts>, id: u32) -> Result<(), AppError> {
    staged.remove(id);
    Ok(())
}

/// Sends the application with the receipts held (`id`: sends again one returned for
/// correction). The receipts are let go once the portal has taken it, and kept when it has not.
#[tauri::command]
pub async fn send_application(
    portal: State<'_, Portal>,
    lock: State<'_, AppLock>,
    staged: State<'_, StagedReceipts>,
    id: Option<i64>,
    form: ApplicationForm,
) -> Result<Application, AppError> {
    lock.check()?;
    let request = SubmitApplication { form, receipts: staged.encoded() };
    let application = portal.current().await?.send_application(id, &request).await?;
    staged.clear();
    Ok(application)
}

#[tauri::command]
pub async fn logout(portal: State<'_, Portal>) -> Result<(), AppError> {
    if let Ok(client) = portal.current().await {
        client.logout().await.ok();
    }
    Ok(())
}

/// Every account on this device with its codes.
#[tauri::command]
pub async fn list_accounts(
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
    lock: State<'_, AppLock>,
) -> Result<Vec<AccountCode>, AppError> {
    lock.check()?;
    accounts::list(&vault, &portal.url(), unix_now(), portal.now())
}

/// A pasted enrollment code: an `otpauth://` URI or a Google Authenticator export.
#[tauri::command]
pub async fn add_from_text(vault: State<'_, Vault>, text: String) -> Result<AddedAccounts, AppError> {
    let text = Zeroizing::new(text);
    accounts::add_from_text(&vault, &text, unix_now())
}

/// A PNG or JPEG image (a screenshot, a photo, a pasted image), sent as the raw request body.
#[tauri::command]
pub async fn add_from_image(
    request: tauri::ipc::Request<'_>,
    vault: State<'_, Vault>,
) -> Result<AddedAccounts, AppError> {
    match request.body() {
        tauri::ipc::InvokeBody::Raw(bytes) => {
            crate::blocking(|| accounts::add_from_image(&vault, bytes, unix_now()))
        }
        tauri::ipc::InvokeBody::Json(_) => Err(ErrorCode::NotAnImage.into()),
    }
}

/// The image on the system clipboard (a copied screenshot of the QR code).
#[tauri::command]
pub async fn add_from_clipboard_image<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    vault: State<'_, Vault>,
) -> Result<AddedAccounts, AppError> {
    use tauri::Manager;
    let clipboard = app
        .try_state::<tauri_plugin_clipboard_manager::Clipboard<R>>()
        .ok_or(AppError::Code(ErrorCode::ClipboardUnavailable))?;
    let image = clipboard.read_image().map_err(|_| AppError::Code(ErrorCode::NoImageOnClipboard))?;
    // Refused before its pixels are copied again.
    if image.width().max(image.height()) > kenpo_qr::MAX_SIDE {
        return Err(ErrorCode::ImageTooLarge.into());
    }
    let (pixels, width, height) = (image.rgba().to_vec(), image.width(), image.height());
    crate::blocking(|| accounts::add_from_pixels(&vault, pixels, width, height, unix_now()))
}

/// [「コードを手動で入力」] A typed secret key with any account name.
#[tauri::command]
pub async fn add_typed_key(
    vault: State<'_, Vault>,
    secret: String,
    name: String,
) -> Result<AddedAccounts, AppError> {
    let secret = Zeroizing::new(secret);
    accounts::add_typed_key(&vault, &secret, &name, unix_now())
}

/// The live check of a secret key as it is typed.
#[tauri::command]
pub async fn check_typed_key(secret: String) -> Result<SecretCheck, AppError> {
    let secret = Zeroizing::new(secret);
    accounts::check_typed_key(&secret)
}

#[tauri::command]
pub async fn rename_account(vault: State<'_, Vault>, id: String, name: String) -> Result<(), AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ErrorCode::AccountNameMissing.into());
    }
    vault.rename(&id, name)
}

#[tauri::command]
pub async fn move_account(vault: State<'_, Vault>, id: String, position: usize) -> Result<(), AppError> {
    vault.move_to(&id, position)
}

/// Whether this device scans QR codes with its camera (phones), so the UI offers it.
#[tauri::command]
pub async fn can_scan() -> bool {
    cfg!(mobile)
}

/// How long a copied code stays on the clipboard.
const CLIPBOARD_SECONDS: u64 = 30;

/// Copies an account's current code, hidden from clipboard history where the platform allows,
/// and clears it after 30 s unless something else was copied meanwhile.
#[tauri::command]
pub async fn copy_code<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    portal: State<'_, Portal>,
    vault: State<'_, Vault>,
    id: String,
    lock: State<'_, AppLock>,
) -> Result<(), AppError> {
    lock.check()?;
    use tauri::Manager;
    use tauri_plugin_clipboard_manager::Clipboard;
    let account = vault.accounts()?.into_iter().find(|account| account.id == id);
    let account = account.ok_or(AppError::Code(ErrorCode::AccountNotFound))?;
    let code = accounts::code_to_copy(&vault, &account, &portal.url(), unix_now(), portal.now())?;
    let clipboard = app.try_state::<Clipboard<R>>().ok_or(AppError::Code(ErrorCode::ClipboardUnavailable))?;
    #[cfg(desktop)]
    let written = clipboard.write_secret(code.clone());
    #[cfg(mobile)]
    let written = clipboard.write_text(code.clone());
    written.map_err(|_| AppError::Code(ErrorCode::ClipboardUnavailable))?;
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(CLIPBOARD_SECONDS)).await;
        if let Some(clipboard) = app.try_state::<Clipboard<R>>()
            && clipboard.read_text().is_ok_and(|text| text == code)
        {
            clipboard.write_text("").ok();
        }
    });
    Ok(())
}

/// Deletes an account: its secret from the keychain and its metadata. The UI asks first.
#[tauri::command]
pub async fn delete_account(vault: State<'_, Vault>, id: String) -> Result<(), AppError> {
    vault.remove(&id)
}

/// The device's clock in seconds: what codes for other services are made by.
fn unix_now() -> u64 {
    (crate::session::unix_ms() / 1000) as u64
}
