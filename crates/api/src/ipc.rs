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
