//! `kenpo-app demo-enroll`: stores the demo portal's enrolled members in this device's vault,
//! through the same vault code an enrollment uses. Demo portals only: a real portal has no such
//! endpoint.

use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;
use zeroize::Zeroizing;

use crate::AppError;
use crate::vault::{self, Vault};

pub fn enroll(portal_url: &str) -> Result<usize, AppError> {
    vault::use_platform_store();
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime starts");
    let client = PortalClient::new(portal_url)?;
    let portal = client.base_url().to_string();
    let authenticators = runtime.block_on(client.demo_authenticators())?;
    let vault = Vault::default_location();
    let now = (crate::session::unix_ms() / 1000) as u64;
    for authenticator in &authenticators {
        let uri = Zeroizing::new(authenticator.otpauth_uri.clone());
        let enrollment =
            Enrollment::parse(&uri).map_err(|_| AppError::Code(kenpo_api::ErrorCode::BadEnrollment))?;
        vault.add(&enrollment, Some(&portal), now)?;
    }
    Ok(authenticators.len())
}
