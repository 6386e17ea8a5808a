//! The portal's HTTP wire types.

use serde::{Deserialize, Serialize};

/// Writes a `Debug` that names the type and its public fields but never the secret ones.
macro_rules! redacted_debug {
    ($type:ident { $($shown:ident),* }) => {
        impl std::fmt::Debug for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($type))$(.field(stringify!($shown), &self.$shown))*.finish_non_exhaustive()
            }
        }
    };
}

/// The cookie that carries the portal session (HttpOnly, SameSite=Strict).
pub const SESSION_COOKIE: &str = "kenpo_session";

/// `POST /api/login`: the password step.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Serialize, Deserialize)]
pub struct PasswordLogin {
    pub user_id: String,
    pub password: String,
}

redacted_debug!(PasswordLogin { user_id });

/// What the member must do after a passed password step.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NextStep {
    /// Enter the 6-digit one-time password.
    Otp,
    /// First registration is not finished: `GET /api/registration` says which step is due.
    Registration,
    /// Registered, but no authenticator is linked yet: `GET /api/enrollment` [3-1, 3-2].
    Enrollment,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordAccepted {
    pub next: NextStep,
}

/// `POST /api/login/otp`: the one-time-password step.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Serialize, Deserialize)]
pub struct OtpLogin {
    pub code: String,
}
redacted_debug!(OtpLogin {});

/// `GET /api/me`: the logged-in member.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: String,
    /// 氏名, as on the roster.
    pub name: String,
}

/// `GET /api/time`: the portal's clock, the one codes are judged by.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerTime {
    pub unix_ms: u64,
}

/// `GET /api/demo/authenticators`, served only in demo mode: the enrollment codes of the demo
/// members who have finished enrollment, so a demo device can be set up without a phone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Serialize, Deserialize)]
pub struct DemoAuthenticator {
    pub user_id: String,
    pub otpauth_uri: String,
}

redacted_debug!(DemoAuthenticator { user_id });

/// The first-registration steps of the member guide, in order [2-3 … 2-8].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegistrationStep {
    /// [2-3] Enter your own birth date (8-digit 西暦).
    BirthDate,
    /// [2-4] Read and agree to the terms of use.
    Terms,
    /// [2-5] Keep or change the user ID.
    UserId,
    /// [2-6] Set a new password.
    Password,
    /// [2-7] Give an email address; a confirmation code is sent to it.
    Email,
    /// [2-7] Enter the code from the confirmation email.
    EmailCode,
    /// [2-8] Registration is complete; the same session goes on to link the authenticator [3-1].
    Complete,
}

/// The terms of use the member agrees to at [2-4].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    /// Agreeing names the version read, so a change of terms while reading is noticed.
    pub version: String,
    pub text: String,
}

/// `GET /api/registration`, and the answer to every registration step: what is due next.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationState {
    pub next: RegistrationStep,
    /// The user ID as it stands (the initial one until [2-5] changes it).
    pub user_id: String,
    pub terms: Terms,
    /// Where the confirmation code was sent, once [2-7] has been given an address.
    pub pending_email: Option<String>,
}

/// `POST /api/registration/birth-date` [2-3].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BirthDate {
    /// 西暦 YYYYMMDD.
    pub birth_date: String,
}

/// `POST /api/registration/terms` [2-4].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AgreeTerms {
    pub version: String,
}

/// `POST /api/registration/user-id` [2-5]: the current ID keeps it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChooseUserId {
    pub user_id: String,
}

/// `POST /api/registration/password` [2-6].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Serialize, Deserialize)]
pub struct NewPassword {
    pub password: String,
}
redacted_debug!(NewPassword {});

/// `POST /api/registration/email` [2-7], and `POST /api/recovery/user-id` [FAQ Q1].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmailAddress {
    pub email: String,
}

/// `POST /api/registration/email/confirm` [2-7]: the code from the confirmation email.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Serialize, Deserialize)]
pub struct EmailCode {
    pub code: String,
}
redacted_debug!(EmailCode {});

/// `GET /api/enrollment` [3-2]: the authenticator secret, offered three ways. Served only to a
/// registered member's enrollment session, and only until a code from it is submitted.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Serialize, Deserialize)]
pub struct EnrollmentOffer {
    /// `otpauth://totp/…` with the secret, for this app to store directly.
    pub otpauth_uri: String,
    /// The same URI as a QR code, for a phone's camera: SVG text and PNG bytes in base64.
    pub qr_svg: String,
    pub qr_png_base64: String,
    /// The secret in groups of four for 「コードを手動で入力」, and the account name to type.
    pub secret_grouped: String,
    pub issuer: String,
    pub account_name: String,
}
redacted_debug!(EnrollmentOffer { issuer, account_name });

/// `POST /api/recovery/password` [FAQ Q2]: a reset code goes to the registered address if it
/// belongs to this user ID.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForgotPassword {
    pub user_id: String,
    pub email: String,
}

/// `POST /api/recovery/password/reset`: the emailed reset code, a current one-time password and
/// the new password, all at once.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Serialize, Deserialize)]
pub struct PasswordReset {
    pub user_id: String,
    pub reset_code: String,
    pub otp: String,
    pub new_password: String,
}
redacted_debug!(PasswordReset { user_id });

/// The answer to a recovery request: the same whether or not an account or address exists.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryAccepted {
    pub message: String,
}

/// `POST /api/me/password`: a logged-in member's new password, with the current one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}
redacted_debug!(PasswordChange {});
