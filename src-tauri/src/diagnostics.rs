//! The helpdesk's view of this device (ヘルプ / 診断): the way to the portal step by step, the
//! clock, the keychain's state and the latest errors, as a report the member can send. The
//! report is made here, from what the app knows; nothing in it is a secret, and the user ID is
//! its only personal datum.

use std::collections::VecDeque;
use std::sync::Mutex;

use kenpo_api::ErrorCode;
use kenpo_api::diagnostics::{
    Diagnosis, Keychain, RECENT_ERRORS, REPORT_FORMAT, REPORT_KIND, RecordedError, Report,
};

use crate::session::{Portal, unix_ms};
use crate::vault::Vault;

/// The latest errors the app answered its screens with, oldest first. Process-wide: every
/// command's error passes through [`record`] as it is sent to the webview.
static RECENT: Mutex<VecDeque<RecordedError>> = Mutex::new(VecDeque::new());

/// Keeps `code` among the latest errors (its name and the time, nothing else); the same code
/// again counts on the newest entry.
pub fn record(code: ErrorCode) {
    let name = serde_json::to_value(code).ok().and_then(|name| name.as_str().map(str::to_owned));
    let name = name.unwrap_or_default();
    let mut recent = RECENT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(newest) = recent.back_mut().filter(|newest| newest.code == name) {
        newest.times = newest.times.saturating_add(1);
        newest.at_ms = unix_ms();
        return;
    }
    if recent.len() == RECENT_ERRORS {
        recent.pop_front();
    }
    recent.push_back(RecordedError { code: name, at_ms: unix_ms(), times: 1 });
}

fn recent() -> Vec<RecordedError> {
    RECENT.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter().cloned().collect()
}

/// The report shown on the diagnostics screen, kept so that saving and copying send exactly
/// what the member saw.
#[derive(Default)]
pub struct LastReport(Mutex<Option<Report>>);

impl LastReport {
    pub fn keep(&self, report: &Report) {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(report.clone());
    }

    /// The report the screen showed last; a new one when it showed none.
    pub async fn get_or_make(&self, portal: &Portal, vault: &Vault) -> Report {
        let kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        match kept {
            Some(report) => report,
            None => report(portal, vault).await,
        }
    }
}

/// Checks the way to the portal now and reads the keychain's state: a new report.
pub async fn report(portal: &Portal, vault: &Vault) -> Report {
    let url = portal.url();
    let diagnosis = kenpo_client::diagnose::diagnose(&url).await.unwrap_or_else(|_| Diagnosis {
        portal: url.clone(),
        checks: Vec::new(),
        clock_offset_ms: None,
    });
    Report {
        kind: REPORT_KIND.into(),
        format: REPORT_FORMAT,
        made_at_ms: unix_ms(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        platform: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        user_id: portal.last_user_id(),
        keychain: keychain(vault, &url),
        diagnosis,
        errors: recent(),
    }
}

/// How many authenticators this device holds, and whether the keychain gives the first one's
/// secret now (read afresh and dropped: the codes may come from memory).
fn keychain(vault: &Vault, portal_url: &str) -> Keychain {
    let problem =
        |error: crate::AppError| serde_json::to_value(error.code()).ok()?.as_str().map(str::to_owned);
    let accounts = match vault.accounts() {
        Ok(accounts) => accounts,
        Err(error) => {
            return Keychain { available: false, accounts: 0, portal_accounts: 0, problem: problem(error) };
        }
    };
    let portal_accounts =
        accounts.iter().filter(|account| account.portal.as_deref() == Some(portal_url)).count();
    let readable = match accounts.first() {
        None if keyring_core::get_default_store().is_none() => Err(ErrorCode::KeychainUnavailable.into()),
        None => Ok(()),
        Some(account) => vault.keychain_answers(account),
    };
    match readable {
        Ok(()) => Keychain { available: true, accounts: accounts.len(), portal_accounts, problem: None },
        Err(error) => {
            Keychain { available: false, accounts: accounts.len(), portal_accounts, problem: problem(error) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_errors_are_kept_twenty_at_most_and_a_repeated_one_is_counted_once() {
        for _ in 0..15 {
            record(ErrorCode::PortalUnreachable);
            record(ErrorCode::Maintenance);
        }
        assert_eq!(recent().len(), RECENT_ERRORS);
        for _ in 0..5 {
            record(ErrorCode::Maintenance);
        }
        let recent = recent();
        assert_eq!(recent.len(), RECENT_ERRORS);
        let newest = recent.last().unwrap();
        assert_eq!((newest.code.as_str(), newest.times), ("maintenance", 6));
        assert_eq!(recent[recent.len() - 2].code, "portal-unreachable");
    }
}
