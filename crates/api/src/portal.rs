//! The portal's HTTP wire types.

use serde::{Deserialize, Serialize};

/// The cookie that carries the portal session (HttpOnly, SameSite=Strict).
pub const SESSION_COOKIE: &str = "kenpo_session";

/// `POST /api/login`: the password step.
#[derive(Clone, Serialize, Deserialize)]
pub struct PasswordLogin {
    pub user_id: String,
    pub password: String,
}

impl std::fmt::Debug for PasswordLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordLogin")
            .field("user_id", &self.user_id)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// What the member must do after a passed password step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NextStep {
    /// Enter the 6-digit one-time password.
    Otp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordAccepted {
    pub next: NextStep,
}

/// `POST /api/login/otp`: the one-time-password step.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OtpLogin {
    pub code: String,
}

/// `GET /api/me`: the logged-in member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: String,
    /// 氏名, as on the roster.
    pub name: String,
}

/// `GET /api/time`: the portal's clock, the one codes are judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerTime {
    pub unix_ms: u64,
}

/// `GET /api/demo/authenticators`, served only in demo mode: the enrollment codes of the demo
/// members who have finished enrollment, so a demo device can be set up without a phone.
#[derive(Clone, Serialize, Deserialize)]
pub struct DemoAuthenticator {
    pub user_id: String,
    pub otpauth_uri: String,
}

impl std::fmt::Debug for DemoAuthenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoAuthenticator").field("user_id", &self.user_id).finish_non_exhaustive()
    }
}
