use kenpo_api::portal::Member;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::i18n::{Key, Lang, text};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct HomeProps {
    pub lang: Lang,
    pub member: Member,
    pub on_logout: Callback<()>,
}

/// The member's home after login: greets them by name.
#[function_component(Home)]
pub fn home(props: &HomeProps) -> Html {
    let lang = props.lang;
    let logout = {
        let on_logout = props.on_logout.clone();
        Callback::from(move |_| {
            let on_logout = on_logout.clone();
            spawn_local(async move {
                // Leaving the home screen must work even when the portal is gone.
                ipc::logout().await.ok();
                on_logout.emit(());
            });
        })
    };
    html! {
        <section class="card">
            <h1 id="welcome">{ text(lang, Key::Welcome).replace("{name}", &props.member.name) }</h1>
            <p class="muted">{ text(lang, Key::LoggedInAs) }{ ": " }<span id="member-user-id">{ &props.member.user_id }</span></p>
            <button id="logout" class="secondary" onclick={logout}>{ text(lang, Key::Logout) }</button>
        </section>
    }
}
