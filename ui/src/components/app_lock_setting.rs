use kenpo_api::ErrorCode;
use kenpo_api::ipc::AppLockStatus;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::form::field_error;
use crate::i18n::{Key, text, use_lang};
use crate::ipc;

/// The app lock on the settings screen: a switch on phones with Face ID / Touch ID (off by
/// default), a line saying where it is available everywhere else.
#[function_component(AppLockSetting)]
pub fn app_lock_setting() -> Html {
    let lang = use_lang();
    let status = use_state(|| None::<AppLockStatus>);
    let error = use_state(|| None::<ErrorCode>);
    let busy = use_state(|| false);
    {
        let status = status.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(found) = ipc::app_lock_status().await {
                    status.set(Some(found));
                }
            });
        });
    }
    let toggle = {
        let (status, error, busy) = (status.clone(), error.clone(), busy.clone());
        Callback::from(move |event: Event| {
            let enabled = event.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            busy.set(true);
            error.set(None);
            let (status, error, busy) = (status.clone(), error.clone(), busy.clone());
            spawn_local(async move {
                if let Err(refused) = ipc::set_app_lock(enabled).await {
                    error.set(Some(refused.code));
                }
                if let Ok(found) = ipc::app_lock_status().await {
                    status.set(Some(found));
                }
                busy.set(false);
            });
        })
    };
    let body = match *status {
        Some(AppLockStatus { available: true, enabled, .. }) => html! {
            <>
                <label class="choice" for="app-lock">
                    <input id="app-lock" type="checkbox" checked={enabled} disabled={*busy} onchange={toggle}
                        aria-describedby="app-lock-explain app-lock-error" />
                    { text(lang, Key::AppLockSwitch) }
                </label>
                <p id="app-lock-explain" class="muted">{ text(lang, Key::AppLockExplain) }</p>
                { field_error(lang, "app-lock-error", *error) }
            </>
        },
        _ => html! { <p id="app-lock-unavailable" class="muted">{ text(lang, Key::AppLockPhonesOnly) }</p> },
    };
    html! {
        <section class="app-lock">
            <h2>{ text(lang, Key::AppLock) }</h2>
            { body }
        </section>
    }
}
