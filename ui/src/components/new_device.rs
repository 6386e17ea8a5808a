use kenpo_api::ErrorCode;
use kenpo_api::portal::Member;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct NewDeviceProps {
    pub member: Member,
}

/// A new phone: what removing this device's one-time password means for the next login, then
/// the removal itself (this device's code proves it; the portal ends every session).
#[function_component(NewDevice)]
pub fn new_device(props: &NewDeviceProps) -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let error = use_state(|| None::<ErrorCode>);
    let busy = use_state(|| false);
    let done = use_state(|| false);
    let remove = {
        let (error, busy, done) = (error.clone(), busy.clone(), done.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (error, busy, done) = (error.clone(), busy.clone(), done.clone());
            spawn_local(async move {
                match ipc::remove_authenticator().await {
                    Ok(()) => done.set(true),
                    Err(refused) => error.set(Some(refused.code)),
                }
                busy.set(false);
            });
        })
    };
    if *done {
        return html! {
            <section class="card">
                <h1>{ text(lang, Key::NewDevice) }</h1>
                <p id="device-removed" class="notice" role="status">{ text(lang, Key::NewDeviceDone) }</p>
                <button id="to-login" onclick={navigate.reform(|_| Screen::Login)}>{ text(lang, Key::BackToLogin) }</button>
            </section>
        };
    }
    let home = {
        let member = props.member.clone();
        navigate.reform(move |_| Screen::Home(member.clone()))
    };
    html! {
        <section class="card" aria-busy={busy.to_string()}>
            <h1>{ text(lang, Key::NewDevice) }</h1>
            <p>{ text(lang, Key::NewDeviceExplain) }</p>
            <ul class="plain">
                <li>{ text(lang, Key::NewDeviceNextLogin) }</li>
                <li>{ text(lang, Key::NewDeviceSessions) }</li>
                <li>{ text(lang, Key::NewDeviceUntil) }</li>
            </ul>
            <button id="remove-authenticator" class="danger-button" onclick={remove} disabled={*busy}>
                { text(lang, if *busy { Key::NewDeviceRemoving } else { Key::NewDeviceButton }) }
            </button>
            if let Some(code) = *error {
                <p id="error" class="error" role="alert">
                    { if code == ErrorCode::NoAuthenticator { text(lang, Key::NewDeviceNotHere) } else { i18n::error(lang, code) } }
                </p>
            }
            <button id="back-to-home" class="link" onclick={home}>{ text(lang, Key::BackToHome) }</button>
        </section>
    }
}
