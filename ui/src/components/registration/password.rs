use kenpo_api::ipc::RegistrationInput;
use kenpo_api::rules::password_rules;
use yew::prelude::*;

use super::{StepProps, use_step_call};
use crate::components::form::{button_text, field_error, on_input, rule_list};
use crate::i18n::{Key, text, use_lang};

/// [2-6] The new password: each rule ticked as it is typed, show/hide, the allowed symbols and
/// the ¥ decision spelt out.
#[function_component(PasswordStep)]
pub fn password_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let call = use_step_call(props.on_next.clone());
    let value = use_state(String::new);
    let shown = use_state(|| false);
    let rules = password_rules(&value, &props.state.user_id);
    let onsubmit = {
        let (value, send, refuse) = (value.clone(), call.send.clone(), call.set_error.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match rules.iter().find(|(_, kept)| !kept) {
                Some((rule, _)) => refuse.emit(Some(*rule)),
                None => send.emit(RegistrationInput::Password((*value).clone())),
            }
        })
    };
    let oninput = on_input(&value, &call.set_error);
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(!*shown))
    };
    html! {
        <form {onsubmit} novalidate=true aria-busy={call.busy.to_string()}>
            <h1>{ text(lang, Key::PasswordTitle) }</h1>
            <label for="new-password">{ text(lang, Key::NewPassword) }</label>
            <div class="with-button">
                <input id="new-password" type={if *shown { "text" } else { "password" }} autocomplete="new-password"
                    autocapitalize="off" spellcheck="false" value={(*value).clone()} {oninput}
                    aria-invalid={call.error.is_some().to_string()} aria-describedby="password-rules password-error" />
                <button id="show-password" type="button" class="secondary small" onclick={toggle} aria-pressed={shown.to_string()}>
                    { text(lang, if *shown { Key::HidePassword } else { Key::ShowPassword }) }
                </button>
            </div>
            { rule_list(lang, "password-rules", &password_rules(&value, &props.state.user_id)) }
            <p class="muted">{ text(lang, Key::PasswordNotInitial) }</p>
            <p class="muted">{ text(lang, Key::PasswordYen) }</p>
            { field_error(lang, "password-error", call.error) }
            <button id="next" type="submit" disabled={call.busy}>{ button_text(lang, call.busy, Key::Next) }</button>
        </form>
    }
}
