use yew::prelude::*;

use crate::components::app::{PreferencesContext, Screen, use_navigator};
use crate::components::app_lock_setting::AppLockSetting;
use crate::components::portal_address::PortalAddress;
use crate::i18n::{Key, Lang, text, use_lang};
use crate::preferences::{Preferences, Theme};

/// The member's own settings on this device: language and theme (kept), the app lock (phones),
/// the portal's address, and the app's version with its licences.
#[function_component(Settings)]
pub fn settings() -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let Some(preferences) = use_context::<PreferencesContext>() else { return html! {} };
    let current = preferences.current;
    let choose = |chosen: Preferences| preferences.change.reform(move |_| chosen);
    let option = |id: &'static str, label: Key, checked: bool, chosen: Preferences, group: &'static str| {
        html! {
            <label class="choice" for={id}>
                <input type="radio" {id} name={group} {checked} onchange={choose(chosen)} />
                { text(lang, label) }
            </label>
        }
    };
    html! {
        <section class="card settings">
            <h1>{ text(lang, Key::SettingsTitle) }</h1>
            <fieldset>
                <legend>{ text(lang, Key::LanguageSetting) }</legend>
                { option("lang-ja", Key::LanguageJa, current.lang == Lang::Ja, Preferences { lang: Lang::Ja, ..current }, "lang") }
                { option("lang-en", Key::LanguageEn, current.lang == Lang::En, Preferences { lang: Lang::En, ..current }, "lang") }
            </fieldset>
            <fieldset>
                <legend>{ text(lang, Key::ThemeSetting) }</legend>
                { for [(Theme::System, Key::ThemeSystem), (Theme::Light, Key::ThemeLight), (Theme::Dark, Key::ThemeDark)].into_iter().map(|(theme, label)| {
                    let id = match theme { Theme::System => "theme-system", Theme::Light => "theme-light", Theme::Dark => "theme-dark" };
                    option(id, label, current.theme == theme, Preferences { theme, ..current }, "theme")
                }) }
            </fieldset>
            <p class="muted">{ text(lang, Key::SettingsKept) }</p>
            <AppLockSetting />
            <PortalAddress />
            <h2>{ text(lang, Key::AppVersion) }</h2>
            <p id="app-version">{ env!("CARGO_PKG_VERSION") }</p>
            <button id="diagnostics" class="link" onclick={navigate.reform(|_| Screen::Diagnostics)}>{ text(lang, Key::DiagnosticsLink) }</button>
            <button id="licences" class="link" onclick={navigate.reform(|_| Screen::Licences)}>{ text(lang, Key::Licences) }</button>
        </section>
    }
}
