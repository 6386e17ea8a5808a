//! kenpo-ui: the Yew frontend. It talks only to the app's Tauri commands, through [`ipc`], and
//! shows text only from the catalogues in [`i18n`].
//!
//! It must never hold a TOTP secret or a session token; it sees codes, seconds left and
//! metadata. The password the member types is cleared once it has been submitted.

pub mod components;
pub mod i18n;
pub mod ipc;
pub mod preferences;

pub use components::app::App;
