use kenpo_api::ipc::RegistrationInput;
use kenpo_api::rules::{check_birth_date, japan_date};
use yew::prelude::*;

use super::{StepProps, use_step_call};
use crate::components::form::{button_text, field_error, on_input};
use crate::i18n::{Key, text, use_lang};

/// [2-3] The member's own birth date, 8-digit 西暦, checked as soon as 8 characters are typed.
#[function_component(BirthDateStep)]
pub fn birth_date_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let call = use_step_call(props.on_next.clone());
    let value = use_state(String::new);
    let live = (value.chars().count() >= 8).then(|| check_birth_date(&value, &today()).err()).flatten();
    let onsubmit = {
        let (value, send, refuse) = (value.clone(), call.send.clone(), call.set_error.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match check_birth_date(&value, &today()) {
                Ok(date) => send.emit(RegistrationInput::BirthDate(date)),
                Err(code) => refuse.emit(Some(code)),
            }
        })
    };
    let error = call.error.or(live);
    let oninput = on_input(&value, &call.set_error);
    html! {
        <form {onsubmit} novalidate=true aria-busy={call.busy.to_string()}>
            <h1>{ text(lang, Key::BirthDateTitle) }</h1>
            <label for="birth-date">{ text(lang, Key::BirthDateLabel) }</label>
            <input id="birth-date" type="text" inputmode="numeric" autocomplete="bday" maxlength="8"
                placeholder="20010101" value={(*value).clone()} {oninput}
                aria-invalid={error.is_some().to_string()} aria-describedby="birth-date-help birth-date-error" />
            <p id="birth-date-help" class="muted">{ text(lang, Key::BirthDateHelp) }</p>
            { field_error(lang, "birth-date-error", error) }
            <button id="next" type="submit" disabled={call.busy}>{ button_text(lang, call.busy, Key::Next) }</button>
        </form>
    }
}

/// Today in Japan by this device's clock; the portal judges by its own.
fn today() -> String {
    #[cfg(target_arch = "wasm32")]
    let seconds = (js_sys::Date::now() / 1000.0) as u64;
    #[cfg(not(target_arch = "wasm32"))]
    let seconds =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    japan_date(seconds)
}
