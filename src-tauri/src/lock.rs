//! The app lock, on phones with Face ID / Touch ID: off by default. When the member turns it on,
//! the app starts locked and locks again whenever it goes to the background; while locked, no
//! command shows a code, uses this device's secret or reaches the member's portal session.

use std::sync::atomic::{AtomicBool, Ordering};

use kenpo_api::ErrorCode;
use kenpo_api::ipc::AppLockStatus;

use crate::AppError;

pub struct AppLock {
    /// Whether this device can prompt for Face ID / Touch ID (phones only).
    available: bool,
    enabled: AtomicBool,
    unlocked: AtomicBool,
}

impl AppLock {
    /// A lock that is on only where it can be opened: a setting carried over to a device
    /// without the prompt must not lock the member out.
    pub fn new(available: bool, enabled: bool) -> Self {
        Self { available, enabled: AtomicBool::new(available && enabled), unlocked: AtomicBool::new(false) }
    }

    /// `app-locked` while the lock is on and not opened.
    pub fn check(&self) -> Result<(), AppError> {
        if self.is_locked() { Err(ErrorCode::AppLocked.into()) } else { Ok(()) }
    }

    fn is_locked(&self) -> bool {
        self.enabled.load(Ordering::SeqCst) && !self.unlocked.load(Ordering::SeqCst)
    }

    pub fn status(&self) -> AppLockStatus {
        AppLockStatus {
            available: self.available,
            enabled: self.enabled.load(Ordering::SeqCst),
            locked: self.is_locked(),
        }
    }

    /// The member passed the prompt.
    pub fn open(&self) {
        self.unlocked.store(true, Ordering::SeqCst);
    }

    /// The app went to the background.
    pub fn close(&self) {
        self.unlocked.store(false, Ordering::SeqCst);
    }

    /// Turns the lock on or off; `app-lock-unavailable` where there is no prompt.
    pub fn set_enabled(&self, enabled: bool) -> Result<(), AppError> {
        if !self.available {
            return Err(ErrorCode::AppLockUnavailable.into());
        }
        self.enabled.store(enabled, Ordering::SeqCst);
        // Turned on by a member who just passed the prompt: open until the next background.
        self.open();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_closed_at_start_and_after_the_background_and_never_where_it_cannot_open() {
        let lock = AppLock::new(true, true);
        assert_eq!(lock.check().unwrap_err().code(), ErrorCode::AppLocked);
        lock.open();
        assert!(lock.check().is_ok());
        lock.close();
        assert_eq!(lock.check().unwrap_err().code(), ErrorCode::AppLocked);

        let desktop = AppLock::new(false, true);
        assert!(desktop.check().is_ok(), "a phone's setting on a desktop locks nothing");
        assert_eq!(desktop.set_enabled(true).unwrap_err().code(), ErrorCode::AppLockUnavailable);
        assert_eq!(desktop.status(), AppLockStatus { available: false, enabled: false, locked: false });

        let off = AppLock::new(true, false);
        assert!(off.check().is_ok(), "off by default");
        off.set_enabled(true).unwrap();
        assert!(off.check().is_ok());
        off.close();
        assert!(off.check().is_err());
    }
}
