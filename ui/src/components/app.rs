use kenpo_api::portal::Member;
use yew::prelude::*;

use crate::components::home::Home;
use crate::components::login::Login;
use crate::i18n::{Key, Lang, text};

/// The app shell: language switch, then the login screen or the member's home.
#[function_component(App)]
pub fn app() -> Html {
    let lang = use_state(Lang::default);
    let member = use_state(|| None::<Member>);

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
                <button id="switch-lang" class="link" onclick={switch_lang}>{ text(*lang, Key::OtherLanguage) }</button>
            </header>
            if let Some(member) = (*member).clone() {
                <Home lang={*lang} {member} {on_logout} />
            } else {
                <Login lang={*lang} {on_logged_in} />
            }
        </main>
    }
}
