//! The member's own choices for the app (language, theme), kept in the webview's storage on this
//! device. Nothing secret is ever kept here.

use crate::i18n::Lang;

/// Light, dark, or whatever the device is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// The name kept in storage and set as `data-theme` on the page.
    pub fn name(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [Self::System, Self::Light, Self::Dark].into_iter().find(|theme| theme.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Preferences {
    pub lang: Lang,
    pub theme: Theme,
}

const LANG_KEY: &str = "kenpo.lang";
const THEME_KEY: &str = "kenpo.theme";

impl Preferences {
    /// What this device last chose; the defaults (Japanese, the device's theme) when nothing was
    /// chosen or the storage cannot be read.
    pub fn load() -> Self {
        let lang = match stored(LANG_KEY).as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Ja,
        };
        let theme = stored(THEME_KEY).as_deref().and_then(Theme::from_name).unwrap_or_default();
        Self { lang, theme }
    }

    /// Keeps the choices and shows the theme. A storage that refuses is not an error the member
    /// can act on: the choice then lasts until the app closes.
    pub fn save_and_apply(self) {
        store(LANG_KEY, if self.lang == Lang::En { "en" } else { "ja" });
        store(THEME_KEY, self.theme.name());
        apply_theme(self.theme);
    }
}

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

#[cfg(target_arch = "wasm32")]
fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

#[cfg(target_arch = "wasm32")]
fn store(key: &str, value: &str) {
    if let Some(storage) = storage() {
        storage.set_item(key, value).ok();
    }
}

/// `data-theme` on the document, which the style sheet reads.
#[cfg(target_arch = "wasm32")]
pub fn apply_theme(theme: Theme) {
    if let Some(root) =
        web_sys::window().and_then(|window| window.document()).and_then(|doc| doc.document_element())
    {
        root.set_attribute("data-theme", theme.name()).ok();
    }
}

// Rendered on the server (the component tests), there is no storage and no document.
#[cfg(not(target_arch = "wasm32"))]
fn stored(_key: &str) -> Option<String> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn store(_key: &str, _value: &str) {}

#[cfg(not(target_arch = "wasm32"))]
pub fn apply_theme(_theme: Theme) {}
