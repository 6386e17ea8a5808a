use kenpo_api::ErrorCode;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::form::{button_text, field_error, on_input};
use crate::i18n::{Key, text, use_lang};
use crate::ipc;

/// The portal's address on the settings screen: `https://` only (or `http://` to this device),
/// checked as the member saves, and saved by the app only once a portal answers there.
#[function_component(PortalAddress)]
pub fn portal_address() -> Html {
    let lang = use_lang();
    let current = use_state(String::new);
    let typed = use_state(String::new);
    let error = use_state(|| None::<ErrorCode>);
    let busy = use_state(|| false);
    let saved = use_state(|| false);
    {
        let (current, typed) = (current.clone(), typed.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(url) = ipc::portal_address().await {
                    typed.set(url.clone());
                    current.set(url);
                }
            });
        });
    }
    let set_error = {
        let (error, saved) = (error.clone(), saved.clone());
        Callback::from(move |code| {
            error.set(code);
            saved.set(false);
        })
    };
    let save = {
        let (typed, current, error, busy, saved) =
            (typed.clone(), current.clone(), error.clone(), busy.clone(), saved.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if let Err(code) = kenpo_api::rules::check_portal_url(&typed) {
                error.set(Some(code));
                return;
            }
            busy.set(true);
            let (typed, current, error, busy, saved) =
                (typed.clone(), current.clone(), error.clone(), busy.clone(), saved.clone());
            spawn_local(async move {
                match ipc::set_portal_address(&typed).await {
                    Ok(url) => {
                        typed.set(url.clone());
                        current.set(url);
                        saved.set(true);
                    }
                    Err(refused) => error.set(Some(refused.code)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <form class="portal-address" onsubmit={save} novalidate=true aria-busy={busy.to_string()}>
            <h2>{ text(lang, Key::PortalAddress) }</h2>
            <p class="muted">{ text(lang, Key::PortalAddressExplain) }</p>
            <label for="portal-url">{ text(lang, Key::PortalAddressLabel) }</label>
            <input id="portal-url" type="url" inputmode="url" autocapitalize="off" spellcheck="false"
                value={(*typed).clone()} oninput={on_input(&typed, &set_error)}
                aria-invalid={error.is_some().to_string()} aria-describedby="portal-url-error" />
            { field_error(lang, "portal-url-error", *error) }
            if *saved {
                <p id="portal-url-saved" class="notice" role="status">{ text(lang, Key::PortalAddressSaved) }</p>
            }
            <button id="save-portal-url" type="submit" class="secondary" disabled={*busy || *typed == *current}>
                { button_text(lang, *busy, Key::PortalAddressSave) }
            </button>
        </form>
    }
}
