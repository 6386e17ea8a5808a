//! The vault: TOTP secrets in the OS keychain (Keychain on macOS and iOS, Credential Manager on
//! Windows, Secret Service on Linux), account metadata in a JSON file in the app's data
//! directory. A secret is never written anywhere else: when the keychain cannot be used, the
//! vault says so and stores nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use kenpo_api::ErrorCode;
use kenpo_api::ipc::CurrentCode;
use kenpo_otp::{Enrollment, Secret};
use keyring_core::Entry;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::AppError;

/// The keychain service every secret of this app is filed under; also the app's identifier.
pub const KEYCHAIN_SERVICE: &str = "jp.or.kenpo.portal";
const METADATA_FILE: &str = "accounts.json";

/// Installs the platform's keychain as the store the vault uses. If it cannot be reached, no
/// store is installed and every vault call answers `keychain-unavailable`.
pub fn use_platform_store() {
    #[cfg(all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))))]
    let store = zbus_secret_service_keyring_store::Store::new().map(|store| store as _);
    #[cfg(target_os = "macos")]
    let store = apple_native_keyring_store::keychain::Store::new().map(|store| store as _);
    #[cfg(target_os = "ios")]
    let store = apple_native_keyring_store::protected::Store::new().map(|store| store as _);
    #[cfg(windows)]
    let store = windows_native_keyring_store::Store::new().map(|store| store as _);
    match store {
        Ok(store) => keyring_core::set_default_store(store),
        // The error text is the platform's and holds no secret.
        Err(error) => tracing::warn!(%error, "the keychain cannot be reached"),
    }
}

/// One authenticator account as the vault lists it: everything but the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The keychain entry's name; random, so it tells nothing about the account.
    pub id: String,
    #[serde(flatten)]
    pub meta: kenpo_otp::Account,
    /// The portal this account logs in to, for accounts enrolled through the app's portal client.
    pub portal: Option<String>,
    pub added_unix: u64,
    /// The name the member gave it on this device; `meta.name` stays the enrollment's (for a
    /// portal account, the user ID it logs in with).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The newest time step this device logged in with: the portal takes each step once, so
    /// the next login uses a newer one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_step: Option<u64>,
}

impl Account {
    /// The time-based parameters, if they are ones a code can be made with: an account changed
    /// or damaged on disk (a period of 0, 20 digits) gives no code rather than a crash.
    pub fn totp(&self) -> Option<kenpo_otp::Totp> {
        self.meta.validate().ok()?;
        self.meta.totp()
    }
}

/// A code that ends in fewer seconds than this is not submitted; the next step's is, which the
/// portal accepts too (one step either side) [FAQ Q5].
pub const LOGIN_MARGIN_SECONDS: u64 = 3;

pub struct Vault {
    dir: PathBuf,
    /// Serialises read-modify-write of the metadata file.
    lock: Mutex<()>,
    /// The account list as last read or written, with the file's stamp then: read again only
    /// when the file changed under the app.
    listed: Mutex<Option<(Option<FileStamp>, Vec<Account>)>>,
    /// Secrets read from the keychain, by account id, until [`Vault::forget_secrets`]: a code a
    /// second costs no keychain read. Zeroized when forgotten or dropped.
    secrets: Mutex<HashMap<String, Secret>>,
}

/// What tells a changed account list from the one read: its size, time and (Unix) inode,
/// which a write's rename always changes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct FileStamp(u64, Option<std::time::SystemTime>, u64);

fn stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(FileStamp(meta.len(), meta.modified().ok(), inode))
}

impl Vault {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir, lock: Mutex::new(()), listed: Mutex::new(None), secrets: Mutex::new(HashMap::new()) }
    }

    /// Drops every secret read from the keychain (the app lock closed, the app went to the
    /// background or is closing); the next code reads its secret again.
    pub fn forget_secrets(&self) {
        self.secrets.lock().expect("secrets lock poisoned").clear();
    }

    /// Whether the keychain gives `account`'s secret now, read afresh (for the diagnostics).
    pub fn keychain_answers(&self, account: &Account) -> Result<(), AppError> {
        entry(&account.id)?.get_password().map(drop).map_err(keychain_error)
    }

    /// The app's data directory, as Tauri names it (`<data dir>/<identifier>`).
    pub fn default_location() -> Self {
        let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
        Self::new(base.join(KEYCHAIN_SERVICE))
    }

    pub fn accounts(&self) -> Result<Vec<Account>, AppError> {
        let _guard = self.lock.lock().expect("vault lock poisoned");
        self.read_list()
    }

    /// The account list, from memory unless the file changed; call with `lock` held.
    fn read_list(&self) -> Result<Vec<Account>, AppError> {
        let path = self.metadata_path();
        let now = stamp(&path);
        let mut listed = self.listed.lock().expect("list lock poisoned");
        if let Some((seen, accounts)) = &*listed
            && *seen == now
        {
            return Ok(accounts.clone());
        }
        let accounts = crate::blocking(|| read_accounts(&path))?;
        *listed = Some((now, accounts.clone()));
        Ok(accounts)
    }

    /// Writes the account list and keeps it as read; call with `lock` held.
    fn write_list(&self, accounts: &[Account]) -> Result<(), AppError> {
        let path = self.metadata_path();
        let written = crate::blocking(|| write_accounts(&path, accounts));
        // Written or not, the file is read again next time if the stamp does not match.
        *self.listed.lock().expect("list lock poisoned") =
            written.is_ok().then(|| (stamp(&path), accounts.to_vec()));
        written
    }

    /// Stores an enrollment from the portal: the secret in the keychain first, then the
    /// metadata. An account for the same portal and user is replaced (a new enrollment).
    pub fn add(
        &self,
        enrollment: &Enrollment,
        portal: Option<&str>,
        now_unix: u64,
    ) -> Result<Account, AppError> {
        let stored = self.store(enrollment, portal, now_unix, true)?;
        Ok(stored.expect("replacing never skips"))
    }

    /// Stores an account the member added by hand, unless this device already has one with the
    /// same issuer and name: then `None`, and nothing changes.
    pub fn add_new(&self, enrollment: &Enrollment, now_unix: u64) -> Result<Option<Account>, AppError> {
        self.store(enrollment, None, now_unix, false)
    }

    fn store(
        &self,
        enrollment: &Enrollment,
        portal: Option<&str>,
        now_unix: u64,
        replace: bool,
    ) -> Result<Option<Account>, AppError> {
        let _guard = self.lock.lock().expect("vault lock poisoned");
        let mut accounts = self.read_list()?;
        let same_issuer = |a: &Option<String>, b: &Option<String>| {
            a.as_deref().map(str::to_lowercase) == b.as_deref().map(str::to_lowercase)
        };
        let same = |account: &Account| {
            account.meta.name == enrollment.account.name
                && account.portal.as_deref() == portal
                && (portal.is_some() || same_issuer(&account.meta.issuer, &enrollment.account.issuer))
        };
        if !replace && accounts.iter().any(same) {
            return Ok(None);
        }
        let replaced: Vec<Account> = accounts.iter().filter(|a| same(a)).cloned().collect();
        accounts.retain(|account| !same(account));

        let account = Account {
            id: random_id(),
            meta: enrollment.account.clone(),
            portal: portal.map(str::to_owned),
            added_unix: now_unix,
            label: None,
            last_step: None,
        };
        crate::blocking(|| {
            entry(&account.id)?.set_password(&enrollment.secret.to_base32()).map_err(keychain_error)
        })?;
        accounts.push(account.clone());
        if let Err(error) = self.write_list(&accounts) {
            entry(&account.id)?.delete_credential().ok();
            return Err(error);
        }
        for old in replaced {
            self.secrets.lock().expect("secrets lock poisoned").remove(&old.id);
            entry(&old.id)?.delete_credential().ok();
        }
        Ok(Some(account))
    }

    /// Gives an account a name of the member's choosing.
    pub fn rename(&self, account_id: &str, name: &str) -> Result<(), AppError> {
        self.update(|accounts| {
            let account = accounts.iter_mut().find(|account| account.id == account_id);
            account.ok_or(AppError::Code(ErrorCode::AccountNotFound))?.label = Some(name.to_owned());
            Ok(())
        })
    }

    /// Moves an account to `position` in the list (the end if past it).
    pub fn move_to(&self, account_id: &str, position: usize) -> Result<(), AppError> {
        self.update(|accounts| {
            let from = accounts.iter().position(|account| account.id == account_id);
            let account = accounts.remove(from.ok_or(AppError::Code(ErrorCode::AccountNotFound))?);
            accounts.insert(position.min(accounts.len()), account);
            Ok(())
        })
    }

    /// The account that logs `user_id` in to `portal`, if this device has one.
    pub fn portal_account(&self, portal: &str, user_id: &str) -> Result<Account, AppError> {
        let user_id = kenpo_api::rules::normalise_user_id(user_id);
        self.accounts()?
            .into_iter()
            .find(|account| account.portal.as_deref() == Some(portal) && account.meta.name == user_id)
            .ok_or(AppError::Code(ErrorCode::NoAuthenticator))
    }

    /// The code the TOTP `account` shows at `now_unix`, and how long it stays.
    pub fn code(&self, account: &Account, now_unix: u64) -> Result<CurrentCode, AppError> {
        let totp = account.totp().ok_or(AppError::Code(ErrorCode::NoAuthenticator))?;
        self.code_for_step(account, totp.step(now_unix), now_unix)
    }

    /// The code to log in with at `now_unix`, and its step: the current step's, unless this
    /// device already used that step or it ends within [`LOGIN_MARGIN_SECONDS`]; then the next
    /// step's. The seconds left count to the end of the chosen step.
    pub fn login_code(&self, account: &Account, now_unix: u64) -> Result<(CurrentCode, u64), AppError> {
        let totp = account.totp().ok_or(AppError::Code(ErrorCode::NoAuthenticator))?;
        let mut step = totp.step(now_unix);
        if totp.seconds_left(now_unix) < LOGIN_MARGIN_SECONDS {
            step += 1;
        }
        // Never a step the portal has taken from this device; this can be two steps ahead
        // (after a login in the last seconds of a step), and then must wait (see the caller).
        if let Some(used) = account.last_step {
            step = step.max(used.saturating_add(1));
        }
        Ok((self.code_for_step(account, step, now_unix)?, step))
    }

    fn code_for_step(&self, account: &Account, step: u64, now_unix: u64) -> Result<CurrentCode, AppError> {
        let totp = account.totp().ok_or(AppError::Code(ErrorCode::NoAuthenticator))?;
        let secret = self.secret(&account.id)?;
        Ok(CurrentCode {
            code: totp.code_for_step(&secret, step).0,
            seconds_left: step.saturating_add(1).saturating_mul(totp.period).saturating_sub(now_unix),
            period: totp.period,
        })
    }

    /// `id`'s secret: from memory, or read from the keychain once and kept.
    fn secret(&self, id: &str) -> Result<Secret, AppError> {
        let mut secrets = self.secrets.lock().expect("secrets lock poisoned");
        if let Some(secret) = secrets.get(id) {
            return Ok(secret.clone());
        }
        let stored = Zeroizing::new(crate::blocking(|| entry(id)?.get_password().map_err(keychain_error))?);
        let secret = Secret::from_base32(&stored).map_err(|_| AppError::Code(ErrorCode::Storage))?;
        secrets.insert(id.to_owned(), secret.clone());
        Ok(secret)
    }

    /// Records that the portal accepted `step` from this account.
    pub fn mark_used(&self, account_id: &str, step: u64) -> Result<(), AppError> {
        self.update(|accounts| {
            let account = accounts.iter_mut().find(|account| account.id == account_id);
            let account = account.ok_or(AppError::Code(ErrorCode::NoAuthenticator))?;
            account.last_step = Some(account.last_step.map_or(step, |used| used.max(step)));
            Ok(())
        })
    }

    /// Deletes an account: its metadata, then its secret from the keychain (so a failure leaves
    /// at worst an orphaned keychain entry, never a listed account without its secret).
    pub fn remove(&self, account_id: &str) -> Result<(), AppError> {
        self.update(|accounts| {
            let before = accounts.len();
            accounts.retain(|account| account.id != account_id);
            if accounts.len() == before {
                return Err(AppError::Code(ErrorCode::AccountNotFound));
            }
            Ok(())
        })?;
        self.secrets.lock().expect("secrets lock poisoned").remove(account_id);
        let entry = entry(account_id)?;
        match crate::blocking(|| entry.delete_credential()) {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(error) => Err(keychain_error(error)),
        }
    }

    /// Reads the account list, lets `change` edit it, and writes it back if it succeeded.
    fn update(&self, change: impl FnOnce(&mut Vec<Account>) -> Result<(), AppError>) -> Result<(), AppError> {
        let _guard = self.lock.lock().expect("vault lock poisoned");
        let mut accounts = self.read_list()?;
        change(&mut accounts)?;
        self.write_list(&accounts)
    }

    fn metadata_path(&self) -> PathBuf {
        self.dir.join(METADATA_FILE)
    }
}

fn entry(id: &str) -> Result<Entry, AppError> {
    Entry::new(KEYCHAIN_SERVICE, id).map_err(keychain_error)
}

/// Keychain errors can carry the stored bytes (`BadEncoding`), so only their kind is logged.
fn keychain_error(error: keyring_core::Error) -> AppError {
    let kind = match &error {
        keyring_core::Error::NoEntry => "no entry",
        keyring_core::Error::NoDefaultStore => "no keychain",
        keyring_core::Error::NoStorageAccess(_) => "keychain locked or refused",
        keyring_core::Error::PlatformFailure(_) => "keychain failure",
        _ => "other keychain error",
    };
    tracing::warn!(kind, "keychain call failed");
    match error {
        keyring_core::Error::NoEntry => AppError::Code(ErrorCode::NoAuthenticator),
        _ => AppError::Code(ErrorCode::KeychainUnavailable),
    }
}

fn random_id() -> String {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The largest account list read: thousands of accounts fit; a file grown past it is not read
/// into memory.
const METADATA_MAX_BYTES: u64 = 4 * 1024 * 1024;

fn read_accounts(path: &Path) -> Result<Vec<Account>, AppError> {
    if std::fs::metadata(path).is_ok_and(|meta| meta.len() > METADATA_MAX_BYTES) {
        tracing::error!(path = %path.display(), "account list larger than {METADATA_MAX_BYTES} bytes; not read");
        return Err(AppError::Code(ErrorCode::Storage));
    }
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| {
            tracing::error!(%error, path = %path.display(), "account list unreadable");
            AppError::Code(ErrorCode::Storage)
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(error) => {
            tracing::error!(%error, path = %path.display(), "account list unreadable");
            Err(AppError::Code(ErrorCode::Storage))
        }
    }
}

/// Writes the list to a temporary file and renames it over the old one, so a crash leaves
/// either the old list or the new one, never half of one.
fn write_accounts(path: &Path, accounts: &[Account]) -> Result<(), AppError> {
    let write = || -> std::io::Result<()> {
        let temporary = path.with_extension("json.tmp");
        let file = crate::settings::private_file(&temporary)?;
        serde_json::to_writer_pretty(&file, accounts)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    };
    write().map_err(|error| {
        tracing::error!(%error, path = %path.display(), "account list not saved");
        AppError::Code(ErrorCode::Storage)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The in-memory keychain of keyring-core; one per test process is enough because every
    /// test uses its own random entry names.
    fn memory_keychain() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap()));
    }

    fn enrollment(account: &str) -> Enrollment {
        Enrollment::parse(&format!("otpauth://totp/Kenpo:{account}?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"))
            .unwrap()
    }

    #[test]
    fn a_portal_account_gives_the_code_its_secret_makes() {
        memory_keychain();
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().to_owned());
        let enrollment = enrollment("yamada.taro");
        vault.add(&enrollment, Some("http://portal/"), 1_700_000_000).unwrap();
        let account = vault.portal_account("http://portal/", "YAMADA.TARO").unwrap();
        let code = vault.code(&account, 1_700_000_000).unwrap();
        assert_eq!(code.code, enrollment.account.code(&enrollment.secret, 1_700_000_000).0);
        assert_eq!(code.seconds_left, 10);
    }

    #[test]
    fn metadata_on_disk_never_holds_the_secret_and_only_its_user_reads_it() {
        memory_keychain();
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().join("vault"));
        vault.add(&enrollment("someone"), Some("http://portal/"), 1).unwrap();
        let path = dir.path().join("vault").join(METADATA_FILE);
        let stored = std::fs::read_to_string(&path).unwrap();
        assert!(stored.contains("someone"));
        assert!(!stored.to_uppercase().contains("JBSWY3DP"), "{stored}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!((mode(&path), mode(path.parent().unwrap())), (0o600, 0o700));
        }
    }

    #[test]
    fn an_account_list_damaged_on_disk_gives_no_code_and_no_crash() {
        memory_keychain();
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().to_owned());
        vault.add(&enrollment("damaged"), Some("http://portal/"), 1).unwrap();
        let path = dir.path().join(METADATA_FILE);
        let good = std::fs::read_to_string(&path).unwrap();
        let list: serde_json::Value = serde_json::from_str(&good).unwrap();
        for (field, value) in [("period", 0u64), ("digits", 20), ("last_step", u64::MAX)] {
            let mut damaged = list.clone();
            damaged[0][field] = value.into();
            std::fs::write(&path, damaged.to_string()).unwrap();
            let account = vault.accounts().unwrap().remove(0);
            // No panic: parameters no code can be made with are refused; a step from the far
            // future gives a code whose time left is saturated, never an overflow.
            let (code, login) =
                (vault.code(&account, 1_700_000_000), vault.login_code(&account, 1_700_000_000));
            if field == "last_step" {
                assert!(code.is_ok() && login.is_ok(), "{field}");
            } else {
                assert_eq!(code.unwrap_err().code(), ErrorCode::NoAuthenticator, "{field}");
                assert!(login.is_err(), "{field}");
            }
        }
        std::fs::write(&path, " ".repeat(METADATA_MAX_BYTES as usize + 1)).unwrap();
        assert_eq!(vault.accounts().unwrap_err().code(), ErrorCode::Storage);
    }

    #[test]
    fn enrolling_again_replaces_the_old_account_and_its_keychain_entry() {
        memory_keychain();
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().to_owned());
        let old = vault.add(&enrollment("again"), Some("http://portal/"), 1).unwrap();
        let new = vault.add(&enrollment("again"), Some("http://portal/"), 2).unwrap();
        assert_eq!(vault.accounts().unwrap(), vec![new]);
        assert!(matches!(entry(&old.id).unwrap().get_password(), Err(keyring_core::Error::NoEntry)));
    }

    #[test]
    fn login_takes_the_next_code_when_this_step_was_used_or_is_about_to_end() {
        memory_keychain();
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().to_owned());
        let enrollment = enrollment("steps");
        let at = 1_700_000_000; // 10 s before its step ends
        let account = vault.add(&enrollment, Some("http://portal/"), at).unwrap();
        let code_at = |t: u64| enrollment.account.code(&enrollment.secret, t).0;
        let (code, step) = vault.login_code(&account, at).unwrap();
        assert_eq!((code.code.as_str(), code.seconds_left), (code_at(at).as_str(), 10));
        // Two seconds before the end the next code is taken, valid for 32 s.
        let (code, _) = vault.login_code(&account, at + 8).unwrap();
        assert_eq!((code.code.as_str(), code.seconds_left), (code_at(at + 30).as_str(), 32));
        // After a login with this step, the next login in the same step takes the next code.
        vault.mark_used(&account.id, step).unwrap();
        let account = vault.portal_account("http://portal/", "steps").unwrap();
        let (code, next) = vault.login_code(&account, at + 1).unwrap();
        assert_eq!((code.code, next), (code_at(at + 30), step + 1));
        assert_eq!(vault.login_code(&account, at + 30).unwrap().1, step + 1);
        // A login with the next step's code in the last seconds, then another at once: the
        // step after that, which the portal takes only once its clock has moved on.
        vault.mark_used(&account.id, step + 1).unwrap();
        let account = vault.portal_account("http://portal/", "steps").unwrap();
        assert_eq!(vault.login_code(&account, at + 9).unwrap().1, step + 2);
    }

    #[test]
    fn a_removed_account_leaves_neither_metadata_nor_secret() {
        memory_keychain();
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().to_owned());
        let keep = vault.add(&enrollment("keep"), Some("http://portal/"), 1).unwrap();
        let gone = vault.add(&enrollment("gone"), Some("http://portal/"), 1).unwrap();
        vault.remove(&gone.id).unwrap();
        assert_eq!(vault.accounts().unwrap(), vec![keep]);
        assert!(matches!(entry(&gone.id).unwrap().get_password(), Err(keyring_core::Error::NoEntry)));
        assert!(matches!(vault.remove(&gone.id), Err(AppError::Code(ErrorCode::AccountNotFound))));
    }

    #[test]
    fn a_renamed_portal_account_still_logs_its_user_in() {
        memory_keychain();
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().to_owned());
        let account = vault.add(&enrollment("renamed.user"), Some("http://portal/"), 1).unwrap();
        vault.rename(&account.id, "会社の健保").unwrap();
        let found = vault.portal_account("http://portal/", "renamed.user").unwrap();
        assert_eq!((found.label.as_deref(), found.meta.name.as_str()), (Some("会社の健保"), "renamed.user"));
    }

    #[test]
    fn an_unknown_user_has_no_authenticator() {
        memory_keychain();
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().to_owned());
        assert!(matches!(
            vault.portal_account("http://portal/", "nobody"),
            Err(AppError::Code(ErrorCode::NoAuthenticator))
        ));
    }

    #[test]
    fn a_secret_is_read_from_the_keychain_once_until_forgotten() {
        memory_keychain();
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().to_owned());
        let account = vault.add(&enrollment("cached"), Some("http://portal/"), 1).unwrap();
        let first = vault.code(&account, 1_700_000_000).unwrap();
        // Gone from the keychain: the code still comes, from memory, with no read.
        entry(&account.id).unwrap().delete_credential().unwrap();
        assert_eq!(vault.code(&account, 1_700_000_000).unwrap(), first);
        assert!(vault.keychain_answers(&account).is_err(), "the diagnostics read afresh");
        // Forgotten (a lock, the background, the exit): the next code reads the keychain again.
        vault.forget_secrets();
        assert_eq!(vault.code(&account, 1_700_000_000).unwrap_err().code(), ErrorCode::NoAuthenticator);
        // A list changed on disk by another process is read again; this one's is kept.
        let other = Vault::new(dir.path().to_owned());
        let added = other.add(&enrollment("elsewhere"), None, 2).unwrap();
        assert!(vault.accounts().unwrap().contains(&added));
        std::fs::remove_file(dir.path().join(METADATA_FILE)).unwrap();
        assert!(vault.accounts().unwrap().is_empty());
    }
}
