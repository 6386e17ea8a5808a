//! Password hashing: argon2id with OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1).
//! Passwords are normalised by the shared rule first, so the Mac ¥ and the Japanese keyboard's
//! ¥ are the same character when set and when entered.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use kenpo_api::ErrorCode;
use kenpo_api::rules::normalise_password;

use crate::error::PortalError;

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

/// How long a request waits for a core to hash on before it is answered `busy`.
const HASH_QUEUE_SECONDS: u64 = 10;

/// Runs argon2 work on a blocking thread, at most one a core at a time: a flood of logins waits
/// here (each hash is tens of milliseconds of CPU and 19 MiB), not in hundreds of blocking
/// threads. A request that cannot get a core within [`HASH_QUEUE_SECONDS`] is answered `busy`.
pub async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PortalError> {
    static CORES: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let cores = CORES.get_or_init(|| {
        tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        )
    });
    let _core = tokio::time::timeout(std::time::Duration::from_secs(HASH_QUEUE_SECONDS), cores.acquire())
        .await
        .map_err(|_| ErrorCode::Busy)?
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(work).await.map_err(|error| PortalError::Internal(error.to_string()))
}

/// [`hash`] through [`off_thread`].
pub async fn hash_off_thread(password: zeroize::Zeroizing<String>) -> Result<String, PortalError> {
    off_thread(move || hash(&password)).await
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn argon2_work_runs_at_most_one_a_core() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let tasks: Vec<_> = (0..cores * 8)
            .map(|_| {
                tokio::spawn(super::off_thread(|| {
                    let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
                    MOST.fetch_max(now, Ordering::SeqCst);
                    super::hash("Demo-Pass-2026");
                    RUNNING.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let most = MOST.load(Ordering::SeqCst);
        assert!((1..=cores).contains(&most), "{most} at once on {cores} cores");
    }
}
