//! The member's conversation with the portal. The session cookie lives inside the portal
//! client and never leaves Rust.

use kenpo_client::PortalClient;
use tokio::sync::Mutex;

use crate::AppError;

pub struct Portal {
    pub url: String,
    client: Mutex<Option<PortalClient>>,
}

impl Portal {
    /// `url` is kept in the client's normal form, the form the vault files portal accounts under.
    pub fn new(url: String) -> Self {
        let url = PortalClient::new(&url).map(|client| client.base_url().to_string()).unwrap_or(url);
        Self { url, client: Mutex::new(None) }
    }

    /// Starts a new conversation (no session yet), dropping any earlier one.
    pub async fn fresh(&self) -> Result<tokio::sync::MappedMutexGuard<'_, PortalClient>, AppError> {
        let client = PortalClient::new(&self.url)?;
        let mut guard = self.client.lock().await;
        *guard = Some(client);
        Ok(tokio::sync::MutexGuard::map(guard, |client| client.as_mut().expect("just set")))
    }

    /// The current conversation, or `not-logged-in` if there is none.
    pub async fn current(&self) -> Result<tokio::sync::MappedMutexGuard<'_, PortalClient>, AppError> {
        let guard = self.client.lock().await;
        tokio::sync::MutexGuard::try_map(guard, Option::as_mut)
            .map_err(|_| AppError::Code(kenpo_api::ErrorCode::NotLoggedIn))
    }
}
