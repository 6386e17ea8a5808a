//! kenpo-otp: the authenticator core. It owns secrets, TOTP/HOTP arithmetic and `otpauth://`
//! enrollment URIs.
//!
//! Pure Rust, no I/O and no C dependencies, so it builds for iOS and wasm. It must never print,
//! serialise or log a secret: [`Secret`] redacts its `Debug`, has no `Serialize`, and is zeroized
//! on drop.

mod error;
mod secret;
mod totp;
mod uri;

pub use error::OtpError;
pub use secret::Secret;
pub use totp::{Algorithm, Code, Totp};
pub use uri::Enrollment;
