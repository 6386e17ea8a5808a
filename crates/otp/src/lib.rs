//! kenpo-otp: the authenticator core. It owns secrets, TOTP/HOTP arithmetic, `otpauth://`
//! enrollment URIs and Google Authenticator's export format.
//!
//! Pure Rust, no I/O and no C dependencies, so it builds for iOS and wasm. It must never print,
//! serialise or log a secret: [`Secret`] redacts its `Debug`, has no `Serialize`, and is zeroized
//! on drop; account metadata ([`Account`]) is a separate type that holds no secret.

mod account;
mod error;
mod migration;
mod secret;
mod totp;
mod uri;

pub use account::{Account, Kind, Warning};
pub use error::OtpError;
pub use migration::{MigrationBatch, import_all};
pub use secret::Secret;
pub use totp::{Algorithm, Code, Totp, hotp, verify_hotp};
pub use uri::Enrollment;

/// Reads any enrollment code a member may scan or paste: one `otpauth://` URI, or one QR code
/// of a Google Authenticator export (which may hold several accounts).
pub fn parse_enrollment_code(text: &str) -> Result<Vec<Enrollment>, OtpError> {
    let scheme = text.trim().split(':').next().unwrap_or_default().to_ascii_lowercase();
    match scheme.as_str() {
        "otpauth" => Enrollment::parse(text).map(|enrollment| vec![enrollment]),
        "otpauth-migration" => MigrationBatch::parse(text).map(|batch| batch.enrollments),
        _ => Err(OtpError::NotOtpauth),
    }
}
