//! One-time passwords as the portal judges them (RFC 6238): the window, the format and the
//! stored secret.

use kenpo_api::ErrorCode;
use kenpo_api::limits::OTP_DIGITS;
use kenpo_otp::Secret;

use crate::error::PortalError;

/// Codes are judged by the server's clock, one step either side (RFC 6238 section 5.2).
pub const OTP_WINDOW: u64 = 1;
/// How far a refused code is searched for the audit log: ±5 minutes of clock error.
pub const AUDIT_WINDOW: u64 = 10;

/// A one-time password must be 6 half-width digits; anything else is refused before it is judged.
pub fn check_otp_format(code: &str) -> Result<(), PortalError> {
    if code.len() != OTP_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::MalformedOtp.into());
    }
    Ok(())
}

/// A TOTP secret as stored (base32).
pub fn stored_secret(base32: &str) -> Result<Secret, PortalError> {
    Secret::from_base32(base32).map_err(|_| PortalError::Internal("stored secret is unreadable".into()))
}
