use kenpo_api::ErrorCode;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::components::form::{button_text, field_error, on_input};
use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

/// [FAQ Q1] 「ユーザーIDを忘れた方はこちら」: the registered address, and the user ID comes by
/// mail. The answer is the same whether or not the address is registered.
#[function_component(ForgotUserId)]
pub fn forgot_user_id() -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let email = use_state(String::new);
    let error = use_state(|| None::<ErrorCode>);
    let busy = use_state(|| false);
    let sent = use_state(|| false);
    let set_error = {
        let error = error.clone();
        Callback::from(move |code| error.set(code))
    };
    let onsubmit = {
        let (email, error, busy, sent) = (email.clone(), error.clone(), busy.clone(), sent.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if let Err(code) = kenpo_api::rules::check_email(&email) {
                return error.set(Some(code));
            }
            busy.set(true);
            let (email, error, busy, sent) = ((*email).clone(), error.clone(), busy.clone(), sent.clone());
            spawn_local(async move {
                match ipc::forgot_user_id(&email).await {
                    Ok(()) => sent.set(true),
                    Err(refused) => error.set(Some(refused.code)),
                }
                busy.set(false);
            });
        })
    };
    let (email_error, form_error) = match *error {
        Some(ErrorCode::EmailInvalid) => (*error, None),
        other => (None, other),
    };
    html! {
        <form class="card" {onsubmit} novalidate=true aria-busy={busy.to_string()}>
            <h1>{ text(lang, Key::ForgotUserId) }</h1>
            if *sent {
                <p id="recovery-sent" class="notice" role="status">{ text(lang, Key::RecoverySent) }</p>
            } else {
                <p class="muted">{ text(lang, Key::ForgotUserIdExplain) }</p>
                <label for="email">{ text(lang, Key::EmailLabel) }</label>
                <input id="email" type="email" autocomplete="email" autocapitalize="off" spellcheck="false"
                    value={(*email).clone()} oninput={on_input(&email, &set_error)}
                    aria-invalid={email_error.is_some().to_string()} aria-describedby="email-error" />
                { field_error(lang, "email-error", email_error) }
                if let Some(code) = form_error {
                    <p id="error" class="error" role="alert">{ i18n::error(lang, code) }</p>
                }
                <button id="send" type="submit" disabled={*busy}>{ button_text(lang, *busy, Key::SendMail) }</button>
            }
            <button id="back-to-login" type="button" class="link" onclick={navigate.reform(|_| Screen::Login)}>
                { text(lang, Key::BackToLogin) }
            </button>
        </form>
    }
}
