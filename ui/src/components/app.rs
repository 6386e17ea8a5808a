use kenpo_api::portal::{Member, RegistrationState};
use yew::prelude::*;

use crate::components::accounts::Accounts;
use crate::components::enrollment::Enrollment;
use crate::components::faq::Faq;
use crate::components::forgot_password::ForgotPassword;
use crate::components::forgot_user_id::ForgotUserId;
use crate::components::home::Home;
use crate::components::login::Login;
use crate::components::registration::Registration;
use crate::i18n::{Key, Lang, text};

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

/// The app shell: the bar (the codes and the language), the language context and the router.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let lang = use_state(Lang::default);
    let screen = use_state(|| props.start.clone());
    // Where the codes screen returns to.
    let portal_screen = use_state(|| Screen::Login);

    let navigator = {
        let screen = screen.clone();
        Navigator(Callback::from(move |next: Screen| screen.set(next)))
    };
    let showing_codes = *screen == Screen::Codes;
    let switch_view = {
        let (screen, portal_screen) = (screen.clone(), portal_screen.clone());
        Callback::from(move |_| {
            if *screen == Screen::Codes {
                screen.set((*portal_screen).clone());
            } else {
                portal_screen.set((*screen).clone());
                screen.set(Screen::Codes);
            }
        })
    };
    let switch_lang = {
        let lang = lang.clone();
        Callback::from(move |_| lang.set(if *lang == Lang::Ja { Lang::En } else { Lang::Ja }))
    };

    html! {
        <ContextProvider<Lang> context={*lang}>
        <ContextProvider<Navigator> context={navigator}>
            <main class="shell" lang={if *lang == Lang::Ja { "ja" } else { "en" }}>
                <header class="bar">
                    <span class="brand">{ text(*lang, Key::AppName) }</span>
                    <nav>
                        <button id="switch-view" class="link" onclick={switch_view}>
                            { text(*lang, if showing_codes { Key::PortalTab } else { Key::AccountsTitle }) }
                        </button>
                        <button id="switch-lang" class="link" onclick={switch_lang}>{ text(*lang, Key::OtherLanguage) }</button>
                    </nav>
                </header>
                { view(&screen) }
            </main>
        </ContextProvider<Navigator>>
        </ContextProvider<Lang>>
    }
}

fn view(screen: &Screen) -> Html {
    match screen {
        Screen::Login => html! { <Login /> },
        Screen::Registration(state) => html! { <Registration state={state.clone()} /> },
        Screen::Enrollment => html! { <Enrollment /> },
        Screen::Home(member) => html! { <Home member={member.clone()} /> },
        Screen::Codes => html! { <Accounts /> },
        Screen::ForgotUserId => html! { <ForgotUserId /> },
        Screen::ForgotPassword => html! { <ForgotPassword /> },
        Screen::Faq => html! { <Faq /> },
    }
}
