//! Password hashing: argon2id with OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1).
//! Passwords are normalised by the shared rule first, so the Mac ¥ and the Japanese keyboard's
//! ¥ are the same character when set and when entered.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use kenpo_api::rules::normalise_password;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("constant parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(normalise_password(password).as_bytes(), &salt)
        .expect("hashing with valid parameters cannot fail")
        .to_string()
}

/// [`hash`] on a blocking thread: it takes tens of milliseconds of CPU and 19 MiB.
pub async fn hash_off_thread(password: zeroize::Zeroizing<String>) -> Result<String, crate::PortalError> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|error| crate::PortalError::Internal(error.to_string()))
}

/// Checks `password` against a stored hash. With no stored hash (unknown user) it still spends
/// the same work, so the answer's timing does not tell whether the account exists.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("not-a-real-password"));
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(dummy)) else {
        return false;
    };
    argon2().verify_password(normalise_password(password).as_bytes(), &parsed).is_ok() && stored.is_some()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hash_verifies_its_own_password_only() {
        let stored = super::hash("Demo-Pass-2026");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(super::verify("Demo-Pass-2026", Some(&stored)));
        assert!(!super::verify("demo-pass-2026", Some(&stored)));
        assert!(!super::verify("Demo-Pass-2026", None));
        let yen = super::hash("Kenpo\u{a5}2026");
        assert!(super::verify("Kenpo\\2026", Some(&yen)), "the Mac ¥ and the Japanese ¥ are one key");
    }
}
