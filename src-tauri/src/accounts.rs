//! The member's authenticator accounts besides the portal's own: added from a pasted enrollment
//! code, a QR image (a screenshot, a photo, the clipboard) or a typed secret key
//! [「コードを手動で入力」], and listed with their codes. Secrets go straight into the vault.

use kenpo_api::ErrorCode;
use kenpo_api::ipc::{AccountCode, AccountSummary, AddedAccounts, CurrentCode, SecretCheck};
use kenpo_otp::{Enrollment, OtpError, Secret};

use crate::AppError;
use crate::vault::{Account, Vault};

/// The largest image taken: a full-resolution phone photo fits.
pub const IMAGE_MAX_BYTES: usize = 20 * 1024 * 1024;
/// The next code is shown during the last seconds of the current one.
pub const NEXT_CODE_SECONDS: u64 = 5;
const NAME_MAX_CHARS: usize = 64;

fn otp_error(error: OtpError) -> AppError {
    AppError::Code(match error {
        OtpError::EmptySecret | OtpError::SecretNotBase32 => ErrorCode::SecretInvalid,
        OtpError::SecretTooShort => ErrorCode::SecretTooShort,
        OtpError::NotOtpauth | OtpError::NotMigration => ErrorCode::NotAnEnrollmentCode,
        _ => ErrorCode::BadEnrollment,
    })
}

/// A pasted `otpauth://` URI or Google Authenticator export.
pub fn add_from_text(vault: &Vault, text: &str, now_unix: u64) -> Result<AddedAccounts, AppError> {
    store_all(vault, kenpo_otp::parse_enrollment_code(text).map_err(otp_error)?, now_unix)
}

/// Every enrollment code in a PNG or JPEG image.
pub fn add_from_image(vault: &Vault, bytes: &[u8], now_unix: u64) -> Result<AddedAccounts, AppError> {
    if bytes.len() > IMAGE_MAX_BYTES {
        return Err(ErrorCode::ImageTooLarge.into());
    }
    add_decoded(vault, kenpo_qr::decode_image_bytes(bytes), now_unix)
}

/// Every enrollment code in an image given as RGBA pixels (an image copied to the clipboard).
pub fn add_from_pixels(
    vault: &Vault,
    rgba: Vec<u8>,
    width: u32,
    height: u32,
    now_unix: u64,
) -> Result<AddedAccounts, AppError> {
    let image =
        image::RgbaImage::from_raw(width, height, rgba).ok_or(AppError::Code(ErrorCode::NotAnImage))?;
    add_decoded(vault, kenpo_qr::decode_image(&image::DynamicImage::ImageRgba8(image)), now_unix)
}

fn add_decoded(
    vault: &Vault,
    decoded: Result<Vec<String>, kenpo_qr::QrError>,
    now_unix: u64,
) -> Result<AddedAccounts, AppError> {
    let texts = decoded.map_err(|error| {
        AppError::Code(match error {
            kenpo_qr::QrError::NotAnImage => ErrorCode::NotAnImage,
            kenpo_qr::QrError::TooLarge => ErrorCode::ImageTooLarge,
            kenpo_qr::QrError::NoQrCode => ErrorCode::QrNotFound,
        })
    })?;
    let mut enrollments = Vec::new();
    let mut first_error = None;
    for text in &texts {
        match kenpo_otp::parse_enrollment_code(text) {
            Ok(found) => enrollments.extend(found),
            Err(error) => first_error = first_error.or(Some(error)),
        }
    }
    match (enrollments.is_empty(), first_error) {
        (true, Some(error)) => Err(otp_error(error)),
        _ => store_all(vault, enrollments, now_unix),
    }
}

/// [「コードを手動で入力」] A secret key as shown beside the QR code, with any account name.
pub fn add_typed_key(
    vault: &Vault,
    secret: &str,
    name: &str,
    now_unix: u64,
) -> Result<AddedAccounts, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX_CHARS {
        return Err(ErrorCode::AccountNameMissing.into());
    }
    let secret = Secret::from_base32(secret).map_err(otp_error)?;
    store_all(vault, vec![Enrollment::standard(None, name.to_owned(), secret)], now_unix)
}

/// The live check of a key being typed.
pub fn check_typed_key(secret: &str) -> Result<SecretCheck, AppError> {
    let secret = Secret::from_base32(secret).map_err(otp_error)?;
    Ok(SecretCheck { bits: secret.bits(), weak: secret.is_weak() })
}

fn summary(account: &Account) -> AccountSummary {
    AccountSummary {
        id: account.id.clone(),
        issuer: account.meta.issuer.clone(),
        name: account.meta.name.clone(),
    }
}

/// Stores each enrollment this device does not have yet, all or none: a failure part-way
/// removes what this call stored. Refused whole when none is new.
fn store_all(vault: &Vault, enrollments: Vec<Enrollment>, now_unix: u64) -> Result<AddedAccounts, AppError> {
    let (timed, counted): (Vec<Enrollment>, Vec<Enrollment>) =
        enrollments.into_iter().partition(|enrollment| enrollment.totp().is_some());
    if timed.is_empty() && !counted.is_empty() {
        return Err(ErrorCode::HotpNotSupported.into());
    }
    let mut added = AddedAccounts {
        added: Vec::new(),
        duplicates: Vec::new(),
        unsupported: counted.iter().map(|enrollment| enrollment.account.name.clone()).collect(),
    };
    for enrollment in &timed {
        match vault.add_new(enrollment, now_unix) {
            Ok(Some(account)) => added.added.push(summary(&account)),
            Ok(None) => added.duplicates.push(enrollment.account.name.clone()),
            Err(error) => {
                for stored in &added.added {
                    vault.remove(&stored.id).ok();
                }
                return Err(error);
            }
        }
    }
    if added.added.is_empty() {
        return Err(ErrorCode::DuplicateAccount.into());
    }
    tracing::info!(added = added.added.len(), duplicates = added.duplicates.len(), "accounts added");
    Ok(added)
}

/// Every account with its code now, and the next one in the last seconds. The portal's account
/// counts by the portal's clock (`portal_now`), the others by the device's.
pub fn list(
    vault: &Vault,
    portal_url: &str,
    device_now: u64,
    portal_now: u64,
) -> Result<Vec<AccountCode>, AppError> {
    let accounts = vault.accounts()?;
    Ok(accounts
        .iter()
        .filter(|account| account.totp().is_some())
        .map(|account| row(vault, account, portal_url, device_now, portal_now))
        .collect())
}

fn row(vault: &Vault, account: &Account, portal_url: &str, device_now: u64, portal_now: u64) -> AccountCode {
    let portal = account.portal.as_deref() == Some(portal_url);
    let codes = || -> Result<(CurrentCode, Option<String>), AppError> {
        if portal {
            // The code the next login will use: never one the portal already took.
            return Ok((vault.login_code(account, portal_now)?.0, None));
        }
        let now = vault.code(account, device_now)?;
        let next = (now.seconds_left <= NEXT_CODE_SECONDS)
            .then(|| vault.code(account, device_now + now.seconds_left))
            .transpose()?;
        Ok((now, next.map(|next| next.code)))
    };
    let (code, next_code, problem) = match codes() {
        Ok((now, next)) => (now, next, None),
        Err(error) => {
            (CurrentCode { code: String::new(), seconds_left: 0, period: 30 }, None, Some(error.code()))
        }
    };
    AccountCode {
        id: account.id.clone(),
        issuer: account.meta.issuer.clone(),
        name: account.label.clone().unwrap_or_else(|| account.meta.name.clone()),
        code: code.code,
        seconds_left: code.seconds_left,
        period: code.period,
        next_code,
        portal,
        problem,
    }
}

/// The code `copy_code` copies: what the screen shows for the account.
pub fn code_to_copy(
    vault: &Vault,
    account: &Account,
    portal_url: &str,
    device_now: u64,
    portal_now: u64,
) -> Result<String, AppError> {
    let shown = row(vault, account, portal_url, device_now, portal_now);
    match shown.problem {
        Some(code) => Err(code.into()),
        None => Ok(shown.code),
    }
}
