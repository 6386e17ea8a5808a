use kenpo_api::ipc::RegistrationInput;
use kenpo_api::rules::{check_user_id, normalise_user_id, user_id_rules};
use yew::prelude::*;

use super::{StepProps, use_step_call};
use crate::components::form::{button_text, field_error, on_input, rule_list};
use crate::i18n::{Key, text, use_lang};

/// [2-5] Keep the user ID (it is filled in) or choose one: the stored form (lower case,
/// half-width) and each rule shown as it is typed.
#[function_component(UserIdStep)]
pub fn user_id_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let call = use_step_call(props.on_next.clone());
    let current = props.state.user_id.clone();
    let value = use_state(|| current.clone());
    let chosen = normalise_user_id(&value);
    let keeping = chosen == current;
    let onsubmit = {
        let (value, send, refuse) = (value.clone(), call.send.clone(), call.set_error.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            // Entering the current ID keeps it, even an initial ID the chosen-ID rules would refuse.
            if keeping {
                return send.emit(RegistrationInput::UserId((*value).clone()));
            }
            match check_user_id(&value) {
                Ok(user_id) => send.emit(RegistrationInput::UserId(user_id)),
                Err(code) => refuse.emit(Some(code)),
            }
        })
    };
    let oninput = on_input(&value, &call.set_error);
    html! {
        <form {onsubmit} novalidate=true aria-busy={call.busy.to_string()}>
            <h1>{ text(lang, Key::UserIdTitle) }</h1>
            <p class="muted">{ text(lang, Key::UserIdHelp) }</p>
            <p id="current-user-id">{ text(lang, Key::CurrentUserId).replace("{id}", &current) }</p>
            <label for="new-user-id">{ text(lang, Key::UserId) }</label>
            <input id="new-user-id" type="text" autocomplete="username" autocapitalize="off" spellcheck="false"
                value={(*value).clone()} {oninput}
                aria-invalid={call.error.is_some().to_string()} aria-describedby="user-id-rules user-id-error" />
            if keeping {
                <p id="user-id-result" class="notice">{ text(lang, Key::UserIdKeep) }</p>
            } else {
                if !chosen.is_empty() {
                    <p id="user-id-result" class="muted">{ text(lang, Key::UserIdResult).replace("{id}", &chosen) }</p>
                }
                { rule_list(lang, "user-id-rules", &user_id_rules(&value)) }
            }
            { field_error(lang, "user-id-error", call.error) }
            <button id="next" type="submit" disabled={call.busy}>{ button_text(lang, call.busy, Key::Next) }</button>
        </form>
    }
}
