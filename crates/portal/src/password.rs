//! Password hashing: argon2id with OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1).
//! Passwords are normalised by the shared rule first, so the Mac ¥ and the Japanese keyboard's
//! ¥ are the same character when set and when entered.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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
    let cores = CORES.get_or_init(|| tokio::sync::Semaphore::new(cores()));
    let _core = tokio::time::timeout(std::time::Duration::from_secs(HASH_QUEUE_SECONDS), cores.acquire())
        .await
        .map_err(|_| ErrorCode::Busy)?
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(work).await.map_err(|error| PortalError::Internal(error.to_string()))
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
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
    matches(normalise_password(password).as_bytes(), &parsed).unwrap_or(false) && stored.is_some()
}

/// argon2's own verification (the stored hash's algorithm, version, parameters and salt, the
/// outputs compared in constant time), in working memory kept from the last one.
fn matches(password: &[u8], stored: &PasswordHash) -> Result<bool, argon2::password_hash::Error> {
    use argon2::password_hash::Error;
    let algorithm = Algorithm::try_from(stored.algorithm)?;
    let version = stored.version.map(Version::try_from).transpose()?.unwrap_or_default();
    let params = Params::try_from(stored)?;
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return Err(Error::PhcStringField);
    };
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    let output = Output::init_with(expected.len(), |out| {
        Ok(with_memory(blocks, |memory| argon2.hash_password_into_with_memory(password, salt, out, memory))?)
    })?;
    Ok(output == expected)
}

/// Runs `work` in argon2's working memory of at least `blocks` blocks (19 MiB), taken from those
/// kept and kept again afterwards, at most one a core ([`off_thread`] hashes one a core at a
/// time). Allocated, filled and faulted in afresh, it cost a sixth of the portal's CPU in a
/// flood of logins. What it holds after a verification is what freed memory held before.
fn with_memory<T>(blocks: usize, work: impl FnOnce(&mut [Block]) -> T) -> T {
    static KEPT: std::sync::Mutex<Vec<Vec<Block>>> = std::sync::Mutex::new(Vec::new());
    let kept = KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop();
    let mut memory =
        kept.filter(|memory| memory.len() >= blocks).unwrap_or_else(|| vec![Block::default(); blocks]);
    let done = work(&mut memory);
    let mut kept = KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if kept.len() < cores() {
        kept.push(memory);
    }
    done
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

    #[test]
    fn verification_in_kept_memory_answers_as_argon2_s_own() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
        use argon2::{Algorithm, Argon2, Params, Version};
        let salt = SaltString::from_b64("c2FsdHNhbHRzYWx0").unwrap();
        let made = |algorithm, version, memory| {
            let params = Params::new(memory, 1, 1, None).unwrap();
            let argon2 = Argon2::new(algorithm, version, params);
            argon2.hash_password(b"Demo-Pass-2026", &salt).unwrap().to_string()
        };
        let ours = super::hash("Demo-Pass-2026");
        let mut stored = vec![
            // Smaller, then bigger than the memory kept: each is served.
            made(Algorithm::Argon2id, Version::V0x13, 8 * 1024),
            ours.clone(),
            made(Algorithm::Argon2i, Version::V0x13, 1024),
            made(Algorithm::Argon2d, Version::V0x10, 1024),
            ours.replace("$argon2id$", "$argon2i$"),
            ours.replace("t=2", "t=1"),
            ours.replace("v=19", "v=16"),
            ours.replace("v=19", "v=17"),
            ours.rsplit_once('$').unwrap().0.to_owned(),
            ours.rsplit_once('$').unwrap().0.to_owned() + "$AAAA",
            "$argon2id$v=19$m=19456,t=2,p=1".to_owned(),
            "$scrypt$ln=16,r=8,p=1$c2FsdA$aGFzaA".to_owned(),
        ];
        stored.push(stored[0].replace("m=8192", "m=8"));
        for stored in &stored {
            for password in ["Demo-Pass-2026", "Demo-Pass-2027", ""] {
                let theirs = argon2::password_hash::PasswordHash::new(stored).is_ok_and(|parsed| {
                    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
                });
                assert_eq!(super::verify(password, Some(stored)), theirs, "{password} against {stored}");
            }
        }
        assert!(
            super::verify("Demo-Pass-2026", Some(&stored[0])) && super::verify("Demo-Pass-2026", Some(&ours))
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn argon2_work_runs_at_most_one_a_core() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let cores = super::cores();
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
