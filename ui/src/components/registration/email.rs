use kenpo_api::ErrorCode;
use kenpo_api::ipc::RegistrationInput;
use kenpo_api::portal::{RegistrationState, RegistrationStep};
use kenpo_api::rules::check_email;
use yew::prelude::*;

use super::{StepProps, use_step_call};
use crate::components::form::{button_text, field_error, on_input};
use crate::i18n::{Key, text, use_lang};

/// [2-7] The email address, then the code mailed to it; the code can be sent again, and the
/// address corrected.
#[function_component(EmailStep)]
pub fn email_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let editing = use_state(|| false);
    let resent = use_state(|| false);
    let on_next = {
        let (editing, on_next) = (editing.clone(), props.on_next.clone());
        Callback::from(move |state: RegistrationState| {
            editing.set(false);
            on_next.emit(state)
        })
    };
    let call = use_step_call(on_next);
    let email = use_state(|| props.state.pending_email.clone().unwrap_or_default());
    let code = use_state(String::new);
    let asking_code = props.state.next == RegistrationStep::EmailCode && !*editing;

    let (email_error, code_error) = match call.error {
        Some(ErrorCode::EmailInvalid) => (call.error, None),
        other if asking_code => (None, other),
        other => (other, None),
    };

    if asking_code {
        let pending = props.state.pending_email.clone().unwrap_or_default();
        let onsubmit = {
            let (code, send, resent) = (code.clone(), call.send.clone(), resent.clone());
            Callback::from(move |event: SubmitEvent| {
                event.prevent_default();
                resent.set(false);
                send.emit(RegistrationInput::EmailCode(code.trim().to_owned()));
            })
        };
        let resend = {
            let (send, resent, pending) = (call.send.clone(), resent.clone(), pending.clone());
            Callback::from(move |_| {
                send.emit(RegistrationInput::Email(pending.clone()));
                resent.set(true);
            })
        };
        let correct = {
            let editing = editing.clone();
            Callback::from(move |_| editing.set(true))
        };
        let oninput = on_input(&code, &call.set_error);
        return html! {
            <form {onsubmit} novalidate=true aria-busy={call.busy.to_string()}>
                <h1>{ text(lang, Key::EmailTitle) }</h1>
                <p id="code-sent">{ text(lang, Key::EmailCodeSent).replace("{email}", &pending) }</p>
                if *resent && call.error.is_none() && !call.busy {
                    <p id="resent" class="notice" role="status">{ text(lang, Key::Resent) }</p>
                }
                <label for="email-code">{ text(lang, Key::EmailCodeLabel) }</label>
                <input id="email-code" class="otp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                    value={(*code).clone()} {oninput}
                    aria-invalid={code_error.is_some().to_string()} aria-describedby="email-code-error" />
                { field_error(lang, "email-code-error", code_error) }
                <button id="confirm-email" type="submit" disabled={call.busy}>{ button_text(lang, call.busy, Key::Confirm) }</button>
                <button id="resend" type="button" class="link" onclick={resend} disabled={call.busy}>{ text(lang, Key::Resend) }</button>
                <button id="correct-email" type="button" class="link" onclick={correct} disabled={call.busy}>{ text(lang, Key::CorrectEmail) }</button>
            </form>
        };
    }

    let onsubmit = {
        let (email, send, refuse) = (email.clone(), call.send.clone(), call.set_error.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match check_email(&email) {
                Ok(address) => send.emit(RegistrationInput::Email(address)),
                Err(code) => refuse.emit(Some(code)),
            }
        })
    };
    let oninput = on_input(&email, &call.set_error);
    html! {
        <form {onsubmit} novalidate=true aria-busy={call.busy.to_string()}>
            <h1>{ text(lang, Key::EmailTitle) }</h1>
            <p class="muted">{ text(lang, Key::EmailHelp) }</p>
            <label for="email">{ text(lang, Key::EmailLabel) }</label>
            <input id="email" type="email" autocomplete="email" autocapitalize="off" spellcheck="false"
                value={(*email).clone()} {oninput}
                aria-invalid={email_error.is_some().to_string()} aria-describedby="email-error" />
            { field_error(lang, "email-error", email_error) }
            <button id="send-code" type="submit" disabled={call.busy}>{ button_text(lang, call.busy, Key::SendCode) }</button>
        </form>
    }
}
