use kenpo_api::ErrorCode;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct LockScreenProps {
    pub on_unlocked: Callback<()>,
}

/// What a locked app shows instead of any screen: one button for Face ID / Touch ID.
#[function_component(LockScreen)]
pub fn lock_screen(props: &LockScreenProps) -> Html {
    let lang = use_lang();
    let error = use_state(|| None::<ErrorCode>);
    let busy = use_state(|| false);
    let unlock = {
        let (error, busy, on_unlocked) = (error.clone(), busy.clone(), props.on_unlocked.clone());
        Callback::from(move |_| {
            busy.set(true);
            error.set(None);
            let (error, busy, on_unlocked) = (error.clone(), busy.clone(), on_unlocked.clone());
            spawn_local(async move {
                match ipc::unlock_app().await {
                    Ok(()) => on_unlocked.emit(()),
                    Err(refused) => error.set(Some(refused.code)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card locked" aria-busy={busy.to_string()}>
            <h1 id="app-locked">{ text(lang, Key::AppLockedTitle) }</h1>
            <p>{ text(lang, Key::AppLockedExplain) }</p>
            <button id="unlock" onclick={unlock} disabled={*busy}>{ text(lang, Key::Unlock) }</button>
            if let Some(code) = *error {
                <p id="error" class="error" role="alert">{ i18n::error(lang, code) }</p>
            }
        </section>
    }
}
