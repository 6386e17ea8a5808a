//! The codes on screen change only at a few moments of each step: the step's end, the moment
//! the next code is shown beside the current one, and the moment a login switches to the next
//! step's code. The app tells the webview `codes-changed` at those moments; the screens fetch the
//! codes then and count the seconds down themselves in between, so an idle app asks the vault
//! for nothing (and the vault reads the keychain only once per secret, see vault.rs).

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::accounts::NEXT_CODE_SECONDS;
use crate::lock::AppLock;
use crate::session::{Portal, unix_ms};
use crate::vault::{Account, LOGIN_MARGIN_SECONDS, Vault};

/// The event the screens listen to.
pub const CODES_CHANGED: &str = "codes-changed";

/// The longest the schedule goes unchecked: an account added, or the portal's clock measured
/// anew, moves the moments; the schedule is computed again at least this often.
const RECHECK: Duration = Duration::from_secs(10);

/// Past a moment by this much, so that the codes fetched then are the new ones.
const SLACK_MS: i64 = 50;

/// Tells the webview each moment a code on screen changes, for as long as the app runs.
pub async fn tell_code_changes<R: Runtime>(app: AppHandle<R>) {
    loop {
        let wait = {
            let (vault, portal) = (app.state::<Vault>(), app.state::<Portal>());
            let accounts = vault.accounts().unwrap_or_default();
            until_next_change(&accounts, &portal.url(), unix_ms(), portal.now_ms())
        };
        if wait > RECHECK {
            tokio::time::sleep(RECHECK).await;
            continue;
        }
        tokio::time::sleep(wait).await;
        // While the app lock is closed no code is shown, so there is nothing to tell.
        if app.state::<AppLock>().check().is_ok() {
            app.emit(CODES_CHANGED, ()).ok();
        }
    }
}

/// How long until a code on screen changes: the portal's account by the portal's clock, the
/// others by the device's (both in Unix milliseconds).
pub fn until_next_change(accounts: &[Account], portal_url: &str, device_ms: i64, portal_ms: i64) -> Duration {
    let mut soonest = i64::MAX;
    for account in accounts {
        let Some(totp) = account.totp() else { continue };
        let portal = account.portal.as_deref() == Some(portal_url);
        let now = if portal { portal_ms } else { device_ms };
        let period = i64::try_from(totp.period).unwrap_or(i64::MAX / 2).saturating_mul(1000);
        let into = now.rem_euclid(period);
        let before_end = if portal { LOGIN_MARGIN_SECONDS } else { NEXT_CODE_SECONDS } as i64 * 1000;
        for moment in [period, period - before_end] {
            let wait = if moment > into { moment - into } else { moment - into + period };
            soonest = soonest.min(wait);
        }
    }
    if soonest == i64::MAX {
        return RECHECK * 2;
    }
    Duration::from_millis((soonest + SLACK_MS) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(period: u64, portal: Option<&str>) -> Account {
        let uri = format!("otpauth://totp/T:t?secret=JBSWY3DPEHPK3PXP&period={period}");
        Account {
            id: "x".into(),
            meta: kenpo_otp::Enrollment::parse(&uri).unwrap().account,
            portal: portal.map(str::to_owned),
            added_unix: 0,
            label: None,
            last_step: None,
        }
    }

    #[test]
    fn the_next_change_is_the_soonest_step_end_next_code_or_login_switch_of_any_account() {
        let wait = |accounts: &[Account], device_ms, portal_ms| {
            until_next_change(accounts, "http://portal/", device_ms, portal_ms).as_millis() as i64 - SLACK_MS
        };
        let other = account(30, None);
        let step = 1_700_000_010_000; // a step's start, in Unix ms
        // 10 s into a step: the next code shows at 25 s, 15 s from now; then the step ends.
        assert_eq!(wait(std::slice::from_ref(&other), step + 10_000, 0), 15_000);
        assert_eq!(wait(std::slice::from_ref(&other), step + 26_000, 0), 4_000);
        // Exactly at a change, the next one is the one after.
        assert_eq!(wait(std::slice::from_ref(&other), step + 25_000, 0), 5_000);
        // The portal's account by the portal's clock, switching 3 s before its step ends.
        let portal = account(30, Some("http://portal/"));
        assert_eq!(wait(std::slice::from_ref(&portal), 0, step + 20_000), 7_000);
        assert_eq!(wait(&[other, portal, account(60, None)], step + 1_000, step + 20_000), 7_000);
        // Nothing to show: only the periodic recheck.
        assert_eq!(until_next_change(&[], "http://portal/", 0, 0), RECHECK * 2);
    }
}
