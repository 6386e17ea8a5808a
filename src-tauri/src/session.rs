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
}

impl Portal {
    /// `url` is kept in the client's normal form, the form the vault files portal accounts under.
    pub fn new(url: String) -> Self {
        let url = PortalClient::new(&url).map(|client| client.base_url().to_string()).unwrap_or(url);
        Self {
            url: std::sync::RwLock::new(url),
            client: Mutex::new(None),
            offset_ms: std::sync::Mutex::new(None),
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
        let offset = (before + after) / 2 - portal.unix_ms as i64;
        *self.offset_ms.lock().expect("offset lock") = Some(offset);
        Ok(offset)
    }

    /// The time by the portal's clock, as far as it is known: codes for the portal are made
    /// for the clock that judges them, even when the device's clock is off.
    pub fn now(&self) -> u64 {
        let offset = self.offset_ms.lock().expect("offset lock").unwrap_or(0);
        ((unix_ms() - offset) / 1000) as u64
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
    fn codes_for_the_portal_follow_the_portal_clock_when_the_device_is_off() {
        let portal = super::Portal::new("http://127.0.0.1:9/".into());
        let device_now = super::unix_ms() / 1000;
        assert!((portal.now() as i64 - device_now).abs() <= 1);
        // A device 90 s fast.
        *portal.offset_ms.lock().unwrap() = Some(90_000);
        assert!((portal.now() as i64 - (device_now - 90)).abs() <= 1);
    }
}
