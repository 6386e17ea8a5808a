//! The app's IPC types: what Tauri commands return to the UI. Codes and metadata only.

use serde::{Deserialize, Serialize};

/// `current_code`: the code the app's authenticator shows now for a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentCode {
    pub code: String,
    pub seconds_left: u64,
    pub period: u64,
}
