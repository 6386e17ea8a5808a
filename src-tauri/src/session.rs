//! The member's conversation with the portal. The session cookie lives inside the portal
//! client and never leaves Rust.

use kenpo_client::PortalClient;
use tokio::sync::Mutex;

use crate::AppError;

pub struct Portal {
    url: std::sync::RwLock<String>,
    client: Mutex<Option<PortalClient>>,
    /// Device clock minus the portal's, in milliseconds, once measured.
    offset_ms: std::sync::Mutex<Option<i64>>,
    /// The user ID of the last login tried, for the diagnostics report.
    last_user_id: std::sync::Mutex<Option<String>>,
}

impl Portal {
    /// `url` is kept in the client's normal form, the form the vault files portal accounts under.
    pub fn new(url: String) -> Self {
        let url = PortalClient::new(&url).map(|client| client.base_url().to_string()).unwrap_or(url);
        Self {
            url: std::sync::RwLock::new(url),
            client: Mutex::new(None),
            offset_ms: std::sync::Mutex::new(None),
            last_user_id: std::sync::Mutex::new(None),
        }
    }

    /// The portal's address, in the form the vault files portal accounts under.
    pub fn url(&self) -> String {
        self.url.read().expect("url lock").clone()
    }

    /// Talks to another portal from now on: the session and the clock measure are dropped.
    pub async fn move_to(&self, url: &PortalClient) {
        let mut client = self.client.lock().await;
        *client = None;
        *self.url.write().expect("url lock") = url.base_url().to_string();
        *self.offset_ms.lock().expect("offset lock") = None;
    }

    /// Measures the device's clock against the portal's: the midpoint of the request against
    /// the portal's answer. Kept for [`Portal::now`].
    pub async fn measure_offset(&self) -> Result<i64, AppError> {
        let client = PortalClient::new(&self.url())?;
        let before = unix_ms();
        let portal = client.time().await?;
        let after = unix_ms();
        let offset = offset_from(before, after, portal.unix_ms)
            .ok_or(AppError::Code(kenpo_api::ErrorCode::PortalProtocol))?;
        *self.offset_ms.lock().expect("offset lock") = Some(offset);
        Ok(offset)
    }

    /// The time by the portal's clock, as far as it is known: codes for the portal are made
    /// for the clock that judges them, even when the device's clock is off.
    pub fn now(&self) -> u64 {
        (self.now_ms() / 1000).max(0) as u64
    }

    /// Remembers who tries to log in, for the diagnostics report.
    pub fn set_last_user_id(&self, user_id: &str) {
        *self.last_user_id.lock().expect("user lock") = Some(user_id.to_owned());
    }

    pub fn last_user_id(&self) -> Option<String> {
        self.last_user_id.lock().expect("user lock").clone()
    }

    /// The portal's clock in Unix milliseconds, as far as it is known.
    pub fn now_ms(&self) -> i64 {
        unix_ms().saturating_sub(self.offset_ms.lock().expect("offset lock").unwrap_or(0))
    }

    /// Starts a new conversation (no session yet), dropping any earlier one.
    pub async fn fresh(&self) -> Result<tokio::sync::MappedMutexGuard<'_, PortalClient>, AppError> {
        let client = PortalClient::new(&self.url())?;
        let mut guard = self.client.lock().await;
        *guard = Some(client);
        Ok(tokio::sync::MutexGuard::map(guard, |client| client.as_mut().expect("just set")))
    }

    /// Forgets the conversation (the portal ended the session).
    pub async fn end(&self) {
        *self.client.lock().await = None;
    }

    /// The current conversation, or `not-logged-in` if there is none.
    pub async fn current(&self) -> Result<tokio::sync::MappedMutexGuard<'_, PortalClient>, AppError> {
        let guard = self.client.lock().await;
        tokio::sync::MutexGuard::try_map(guard, Option::as_mut)
            .map_err(|_| AppError::Code(kenpo_api::ErrorCode::NotLoggedIn))
    }
}

/// The portal's clock is believed between 2020 and 2100: a broken or hostile portal's answer
/// can neither overflow the arithmetic nor make this device's codes for a far-off time.
const PLAUSIBLE_PORTAL_MS: std::ops::RangeInclusive<u64> = 1_577_836_800_000..=4_102_444_800_000;

/// Device clock minus the portal's, from the device's clock before and after the request and the
/// portal's answer; `None` for a portal time outside [`PLAUSIBLE_PORTAL_MS`].
fn offset_from(before_ms: i64, after_ms: i64, portal_ms: u64) -> Option<i64> {
    let portal_ms = i64::try_from(portal_ms).ok().filter(|_| PLAUSIBLE_PORTAL_MS.contains(&portal_ms))?;
    // In 128 bits: the exact midpoint of any two device times, without overflow.
    let midpoint = ((i128::from(before_ms) + i128::from(after_ms)) / 2) as i64;
    midpoint.checked_sub(portal_ms)
}

/// The device's clock in milliseconds since the Unix epoch.
pub fn unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis() as i64
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_portal_clock_outside_2020_to_2100_is_not_believed() {
        let now = super::unix_ms();
        assert_eq!(super::offset_from(now, now, now as u64 - 90_000), Some(90_000));
        // The midpoint of odd times is exact.
        assert_eq!(super::offset_from(1_800_000_000_001, 1_800_000_000_003, 1_800_000_000_000), Some(2));
        for portal_ms in [0, 1_000, 4_102_444_800_001, i64::MAX as u64, u64::MAX] {
            assert_eq!(super::offset_from(now, now, portal_ms), None, "{portal_ms}");
        }
        // A device clock far off (set to 1970 or to the far future) is still measured.
        assert_eq!(super::offset_from(0, 0, 1_800_000_000_000), Some(-1_800_000_000_000));
        assert!(super::offset_from(i64::MAX, i64::MAX, 1_800_000_000_000).is_some());
    }

    #[test]
    fn codes_for_the_portal_follow_the_portal_clock_when_the_device_is_off() {
        let portal = super::Portal::new("http://127.0.0.1:9/".into());
        let device_now = super::unix_ms() / 1000;
        assert!((portal.now() as i64 - device_now).abs() <= 1);
        // A device 90 s fast.
        *portal.offset_ms.lock().unwrap() = Some(90_000);
        assert!((portal.now() as i64 - (device_now - 90)).abs() <= 1);
    }
}
