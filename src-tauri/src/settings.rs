//! The app's settings on this device, in `config.json`: the portal's address (when the member
//! or the society changed it) and whether the app lock is on. Written whole and renamed into
//! place, so a crash leaves the old file or the new one, never half of one.

use std::path::PathBuf;
use std::sync::Mutex;

use kenpo_api::ErrorCode;
use serde::{Deserialize, Serialize};

use crate::AppError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stored {
    pub portal_url: Option<String>,
    pub app_lock: bool,
}

pub struct Settings {
    path: PathBuf,
    lock: Mutex<()>,
}

impl Settings {
    pub fn new(path: PathBuf) -> Self {
        Self { path, lock: Mutex::new(()) }
    }

    /// `<config dir>/jp.or.kenpo.portal/config.json`.
    pub fn default_location() -> Self {
        let base = dirs::config_dir().unwrap_or_else(|| PathBuf::from("."));
        Self::new(base.join(crate::vault::KEYCHAIN_SERVICE).join("config.json"))
    }

    /// What is stored; defaults when there is no file. A file that cannot be read is reported
    /// and treated as absent: the app still opens.
    pub fn read(&self) -> Stored {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|error| {
                tracing::warn!(path = %self.path.display(), %error, "settings file unreadable; defaults used");
                Stored::default()
            }),
            Err(_) => Stored::default(),
        }
    }

    /// Changes the stored settings with `change`.
    pub fn update(&self, change: impl FnOnce(&mut Stored)) -> Result<Stored, AppError> {
        let _guard = self.lock.lock().expect("settings lock poisoned");
        let mut stored = self.read();
        change(&mut stored);
        let storage = |error: std::io::Error| {
            tracing::warn!(path = %self.path.display(), %error, "settings not saved");
            AppError::Code(ErrorCode::Storage)
        };
        let temporary = self.path.with_extension("json.new");
        let bytes = serde_json::to_vec_pretty(&stored).expect("settings serialise");
        std::io::Write::write_all(&mut private_file(&temporary).map_err(storage)?, &bytes)
            .map_err(storage)?;
        std::fs::rename(&temporary, &self.path).map_err(storage)?;
        Ok(stored)
    }
}

/// A new file (replacing any) readable by this user only, in a directory (made if missing)
/// only this user can enter: the app's data is the member's alone.
pub fn private_file(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    let mut dirs = std::fs::DirBuilder::new();
    dirs.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        options.mode(0o600);
        dirs.mode(0o700);
    }
    if let Some(dir) = path.parent() {
        dirs.create(dir)?;
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_restart_and_an_unreadable_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app").join("config.json");
        let settings = Settings::new(path.clone());
        assert_eq!(settings.read(), Stored::default());
        settings.update(|stored| stored.portal_url = Some("https://portal.example.jp/".into())).unwrap();
        settings.update(|stored| stored.app_lock = true).unwrap();
        let again = Settings::new(path.clone()).read();
        assert_eq!(again, Stored { portal_url: Some("https://portal.example.jp/".into()), app_lock: true });
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!((mode(&path), mode(path.parent().unwrap())), (0o600, 0o700));
        }
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(Settings::new(path).read(), Stored::default());
    }
}
