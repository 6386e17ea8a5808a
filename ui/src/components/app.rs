use kenpo_api::portal::Member;
use yew::prelude::*;

use crate::components::accounts::Accounts;
use crate::components::home::Home;
use crate::components::login::Login;
use crate::i18n::{Key, Lang, text};

/// The app shell: language switch and the two halves, the portal (login, then the member's
/// home) and the authenticator's codes.
#[function_component(App)]
pub fn app() -> Html {
    let lang = use_state(Lang::default);
    let member = use_state(|| None::<Member>);
    let showing_codes = use_state(|| false);
    let switch_view = {
        let showing_codes = showing_codes.clone();
        Callback::from(move |_| showing_codes.set(!*showing_codes))
    };

    let switch_lang = {
        let lang = lang.clone();
        Callback::from(move |_| lang.set(if *lang == Lang::Ja { Lang::En } else { Lang::Ja }))
    };
    let on_logged_in = {
        let member = member.clone();
        Callback::from(move |logged_in: Member| member.set(Some(logged_in)))
    };
    let on_logout = {
        let member = member.clone();
        Callback::from(move |_| member.set(None))
    };

    html! {
        <main class="shell" lang={if *lang == Lang::Ja { "ja" } else { "en" }}>
            <header class="bar">
                <span class="brand">{ text(*lang, Key::AppName) }</span>
                <nav>
                    <button id="switch-view" class="link" onclick={switch_view}>
                        { text(*lang, if *showing_codes { Key::PortalTab } else { Key::AccountsTitle }) }
                    </button>
                    <button id="switch-lang" class="link" onclick={switch_lang}>{ text(*lang, Key::OtherLanguage) }</button>
                </nav>
            </header>
            if *showing_codes {
                <Accounts lang={*lang} />
            } else if let Some(member) = (*member).clone() {
                <Home lang={*lang} {member} {on_logout} />
            } else {
                <Login lang={*lang} {on_logged_in} />
            }
        </main>
    }
}
