use kenpo_api::portal::{Member, RegistrationState};
use yew::prelude::*;

use crate::components::accounts::Accounts;
use crate::components::change_email::ChangeEmail;
use crate::components::change_password::ChangePassword;
use crate::components::diagnostics::Diagnostics;
use crate::components::enrollment::Enrollment;
use crate::components::faq::Faq;
use crate::components::forgot_password::ForgotPassword;
use crate::components::forgot_user_id::ForgotUserId;
use crate::components::home::Home;
use crate::components::licences::Licences;
use crate::components::lock_screen::LockScreen;
use crate::components::login::Login;
use crate::components::new_device::NewDevice;
use crate::components::notices::{NoticeTab, Notices};
use crate::components::registration::Registration;
use crate::components::settings::Settings;
use crate::components::subsidy::SubsidyApplications;
use crate::i18n::{Key, Lang, text};
use crate::preferences::{Preferences, apply_theme};

/// Every screen of the app. The shell shows exactly one; a screen moves the member on by
/// naming the next one through [`use_navigator`].
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Login,
    /// First registration [2-3 … 2-8], at the step the portal says is due.
    Registration(RegistrationState),
    /// Linking this device as the authenticator [3-1, 3-2].
    Enrollment,
    Home(Member),
    /// The authenticator's codes for other services.
    Codes,
    /// [FAQ Q1]
    ForgotUserId,
    /// [FAQ Q2]
    ForgotPassword,
    /// The guide's five answers, each with its remedy.
    Faq,
    /// The member's own settings on this device.
    Settings,
    /// ヘルプ / 診断: the way to the portal, the clock, the keychain, the latest errors.
    Diagnostics,
    /// The open-source crates in the app, from the settings.
    Licences,
    /// A logged-in member's new password; back to their home after.
    ChangePassword(Member),
    /// A logged-in member's new email address; back to their home after.
    ChangeEmail(Member),
    /// Removing this device's one-time password before moving to a new phone.
    NewDevice(Member),
    /// The member's notices [guide, first page], at a tab.
    Notices(Member, NoticeTab),
    /// インフルエンザ予防接種補助: the season, the member's applications, and a new one.
    Subsidy(Member),
}

impl Screen {
    /// Screens opened from the bar, beside the portal: leaving one returns to where the member was.
    fn is_aside(&self) -> bool {
        matches!(self, Self::Codes | Self::Settings | Self::Licences | Self::Diagnostics)
    }
}

/// The member's preferences and how to change them; provided by [`App`].
#[derive(Clone, PartialEq)]
pub struct PreferencesContext {
    pub current: Preferences,
    pub change: Callback<Preferences>,
}

/// What screens call to move on; provided by [`App`].
#[derive(Clone, PartialEq)]
struct Navigator(Callback<Screen>);

/// The callback that shows another screen.
#[hook]
pub fn use_navigator() -> Callback<Screen> {
    use_context::<Navigator>().map_or_else(Callback::noop, |navigator| navigator.0)
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The screen the app opens on; tests open others.
    #[prop_or(Screen::Login)]
    pub start: Screen,
}

/// The app shell: the bar (codes, settings, language), the language and preferences contexts,
/// and the router.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let preferences = use_state(Preferences::load);
    let lang = preferences.lang;
    let screen = use_state(|| props.start.clone());
    // Where the codes and settings screens return to.
    let portal_screen = use_state(|| Screen::Login);
    {
        let theme = preferences.theme;
        use_effect_with(theme, move |theme| apply_theme(*theme));
    }

    let navigator = {
        let (screen, portal_screen) = (screen.clone(), portal_screen.clone());
        Navigator(Callback::from(move |next: Screen| {
            if next.is_aside() && !screen.is_aside() {
                portal_screen.set((*screen).clone());
            }
            screen.set(next)
        }))
    };
    let change = {
        let preferences = preferences.clone();
        Callback::from(move |chosen: Preferences| {
            chosen.save_and_apply();
            preferences.set(chosen);
        })
    };
    let aside = |target: Screen| {
        let (screen, portal_screen, navigate) = (screen.clone(), portal_screen.clone(), navigator.0.clone());
        Callback::from(move |_| {
            if *screen == target {
                screen.set((*portal_screen).clone());
            } else {
                navigate.emit(target.clone());
            }
        })
    };
    let switch_lang = {
        let (change, current) = (change.clone(), *preferences);
        Callback::from(move |_| {
            let lang = if current.lang == Lang::Ja { Lang::En } else { Lang::Ja };
            change.emit(Preferences { lang, ..current })
        })
    };
    let context = PreferencesContext { current: *preferences, change };
    // The app lock (phones): closed at start when the member turned it on, and whenever a
    // command finds it closed again.
    let locked = use_state(|| false);
    {
        let locked = locked.clone();
        use_effect_with((), move |_| {
            let on_locked = locked.clone();
            crate::ipc::on_locked(Callback::from(move |()| on_locked.set(true)));
            crate::ipc::listen_for_code_changes();
            yew::platform::spawn_local(async move {
                if let Ok(status) = crate::ipc::app_lock_status().await {
                    locked.set(status.locked);
                }
            });
        });
    }
    let unlocked = {
        let locked = locked.clone();
        Callback::from(move |()| locked.set(false))
    };

    html! {
        <ContextProvider<Lang> context={lang}>
        <ContextProvider<PreferencesContext> {context}>
        <ContextProvider<Navigator> context={navigator.clone()}>
            <main class="shell" lang={if lang == Lang::Ja { "ja" } else { "en" }}>
                <header class="bar">
                    <span class="brand">{ text(lang, Key::AppName) }</span>
                    <nav>
                        <button id="switch-view" class="link" onclick={aside(Screen::Codes)}>
                            { text(lang, if *screen == Screen::Codes { Key::PortalTab } else { Key::AccountsTitle }) }
                        </button>
                        <button id="settings" class="link" onclick={aside(Screen::Settings)}
                            aria-pressed={(*screen == Screen::Settings).to_string()}>{ text(lang, Key::SettingsTitle) }</button>
                        <button id="switch-lang" class="link" onclick={switch_lang}>{ text(lang, Key::OtherLanguage) }</button>
                    </nav>
                </header>
                if *locked {
                    <LockScreen on_unlocked={unlocked} />
                } else {
                    { view(&screen) }
                }
            </main>
        </ContextProvider<Navigator>>
        </ContextProvider<PreferencesContext>>
        </ContextProvider<Lang>>
    }
}

/// The component that shows `screen`.
pub fn view(screen: &Screen) -> Html {
    match screen {
        Screen::Login => html! { <Login /> },
        Screen::Registration(state) => html! { <Registration state={state.clone()} /> },
        Screen::Enrollment => html! { <Enrollment /> },
        Screen::Home(member) => html! { <Home member={member.clone()} /> },
        Screen::Codes => html! { <Accounts /> },
        Screen::ForgotUserId => html! { <ForgotUserId /> },
        Screen::ForgotPassword => html! { <ForgotPassword /> },
        Screen::Faq => html! { <Faq /> },
        Screen::Settings => html! { <Settings /> },
        Screen::Diagnostics => html! { <Diagnostics /> },
        Screen::Licences => html! { <Licences /> },
        Screen::ChangePassword(member) => html! { <ChangePassword member={member.clone()} /> },
        Screen::ChangeEmail(member) => html! { <ChangeEmail member={member.clone()} /> },
        Screen::NewDevice(member) => html! { <NewDevice member={member.clone()} /> },
        Screen::Notices(member, tab) => html! { <Notices member={member.clone()} tab={*tab} /> },
        Screen::Subsidy(member) => html! { <SubsidyApplications member={member.clone()} /> },
    }
}
