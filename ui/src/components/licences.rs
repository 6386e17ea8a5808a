use kenpo_api::ipc::Licence;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::i18n::{Key, text, use_lang};
use crate::ipc;

/// The open-source crates compiled into the app, each with its version and licence.
#[function_component(Licences)]
pub fn licences() -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let list = use_state(Vec::<Licence>::new);
    {
        let list = list.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(found) = ipc::licences().await {
                    list.set(found);
                }
            });
        });
    }
    html! {
        <section class="card licences">
            <h1>{ text(lang, Key::Licences) }</h1>
            <p class="muted" id="licence-count">{ text(lang, Key::LicencesExplain).replace("{n}", &list.len().to_string()) }</p>
            <button id="back-to-settings" class="link" onclick={navigate.reform(|_| Screen::Settings)}>
                { text(lang, Key::BackToSettings) }
            </button>
            <ul id="licence-list" class="licence-list">
                { for list.iter().map(|entry| html! {
                    <li><span class="crate">{ &entry.name }{ " " }{ &entry.version }</span><span class="muted">{ &entry.licence }</span></li>
                }) }
            </ul>
        </section>
    }
}
