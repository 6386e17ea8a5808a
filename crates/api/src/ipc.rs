//! The app's IPC types: what Tauri commands return to the UI. Codes and metadata only.

use serde::{Deserialize, Serialize};

/// `current_code`: the code the app's authenticator shows now for a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentCode {
    pub code: String,
    pub seconds_left: u64,
    pub period: u64,
}

/// An authenticator account on this device, as the accounts screen lists it: metadata and
/// codes, never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountCode {
    pub id: String,
    pub issuer: Option<String>,
    pub name: String,
    /// The code now, and the seconds until it changes.
    pub code: String,
    pub seconds_left: u64,
    pub period: u64,
    /// The code that follows, shown in the last seconds so a member is not caught by the change.
    pub next_code: Option<String>,
    /// Logs in to the portal this app talks to.
    pub portal: bool,
    /// Why this account shows no code (its keychain entry is missing or unreadable); the
    /// others are listed all the same, and this one can still be deleted.
    pub problem: Option<crate::ErrorCode>,
}

/// An account as an add names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: String,
    pub issuer: Option<String>,
    pub name: String,
}

/// What an add did: the accounts stored, and those skipped (already on this device, or of a
/// kind not supported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedAccounts {
    pub added: Vec<AccountSummary>,
    pub duplicates: Vec<String>,
    /// Counter-based (HOTP) accounts in the same code, not added.
    pub unsupported: Vec<String>,
}

/// The live check of a secret key as it is typed: how strong it is. Never the key itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretCheck {
    pub bits: usize,
    /// Below 128 bits: accepted, but weaker than RFC 4226 asks.
    pub weak: bool,
}

/// `app_lock_status`: the Face ID / Touch ID lock on this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppLockStatus {
    /// This device can prompt (phones only).
    pub available: bool,
    /// The member turned the lock on.
    pub enabled: bool,
    /// On and not opened: codes and the portal are hidden.
    pub locked: bool,
}

/// `licences`: one crate compiled into the app, with its licence (an SPDX expression).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    pub name: String,
    pub version: String,
    pub licence: String,
}

/// `clock_offset`: how far this device's clock is from the portal's, which codes are judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockOffset {
    /// Device minus portal, in milliseconds: positive when the device is ahead.
    pub offset_ms: i64,
    /// Over [`CLOCK_WARNING_MS`]: codes typed from another device may be refused.
    pub warn: bool,
}

/// The offset above which the member is warned [FAQ Q5].
pub const CLOCK_WARNING_MS: i64 = 15_000;

/// `login`: where one login took the member. The app runs the whole login itself: the password
/// step, then this device's own code when the portal asks for one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "next", rename_all = "kebab-case")]
pub enum LoginOutcome {
    LoggedIn {
        member: crate::portal::Member,
    },
    /// First registration is due [2-3 … 2-8], from the step the portal says.
    Registration {
        state: crate::portal::RegistrationState,
    },
    /// No authenticator is linked yet [3-1]: `enroll_from_portal` links this device.
    Enrollment,
    /// The portal asks for a code and this device has none for the member (or cannot read it):
    /// the member types the code another authenticator shows, for `submit_otp`.
    CodeNeeded {
        device_problem: Option<crate::ErrorCode>,
    },
}

/// `register`: one step of first registration [2-3 … 2-8], as the member gave it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", content = "value", rename_all = "kebab-case")]
pub enum RegistrationInput {
    /// [2-3] 西暦 YYYYMMDD.
    BirthDate(String),
    /// [2-4] The version of the terms read.
    AgreeTerms(String),
    /// [2-5] The current ID keeps it.
    UserId(String),
    /// [2-6]
    Password(String),
    /// [2-7] An address again (a typo, no mail) sends a new code.
    Email(String),
    /// [2-7] The code from the mail.
    EmailCode(String),
}

impl std::fmt::Debug for RegistrationInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Password(_) => f.write_str("Password(<redacted>)"),
            Self::EmailCode(_) => f.write_str("EmailCode(<redacted>)"),
            Self::BirthDate(value) => f.debug_tuple("BirthDate").field(value).finish(),
            Self::AgreeTerms(value) => f.debug_tuple("AgreeTerms").field(value).finish(),
            Self::UserId(value) => f.debug_tuple("UserId").field(value).finish(),
            Self::Email(value) => f.debug_tuple("Email").field(value).finish(),
        }
    }
}

/// `save_notice_file`: a file the portal makes for the member, to save where they choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "file", rename_all = "kebab-case")]
pub enum NoticeFile {
    /// A year of 医療費のお知らせ as the NTA's 医療費集計フォーム, `.xlsx` or `.csv`.
    MedicalExport { year: i32, person: Option<String>, csv: bool },
    /// A year of 医療費のお知らせ, printable.
    MedicalPdf { year: i32, person: Option<String> },
    /// One 現金給付支給決定通知, printable.
    BenefitPdf { id: i64 },
    /// One person's 資格情報のお知らせ, printable.
    QualificationPdf { person: String },
}

/// Where `save_notice_file` saved, or nothing when the member cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFile {
    /// The file's name (not its folder).
    pub name: Option<String>,
}

/// `stage_receipt`: a receipt held by the app until the application is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagedReceipt {
    pub id: u32,
    /// `image/jpeg`, `image/png` or `application/pdf`, by the file's content.
    pub media_type: String,
    pub bytes: u64,
}
