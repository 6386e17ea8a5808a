//! What every form of the app shares: a refusal under its field, the rules of a field ticked as
//! they are kept, a button that says when it is busy.

use kenpo_api::ErrorCode;
use yew::prelude::*;

use crate::i18n::{self, Key, Lang, text};

/// A refusal under its field, announced to screen readers.
pub fn field_error(lang: Lang, id: &str, code: Option<ErrorCode>) -> Html {
    match code {
        Some(code) => {
            html! { <p id={id.to_owned()} class="error" role="alert">{ i18n::error(lang, code) }</p> }
        }
        None => html! {},
    }
}

/// The rules of a field, each ticked or not as the member types.
pub fn rule_list(lang: Lang, id: &str, rules: &[(ErrorCode, bool)]) -> Html {
    html! {
        <ul id={id.to_owned()} class="rules">
            { for rules.iter().map(|(rule, kept)| html! {
                <li class={if *kept { "kept" } else { "broken" }}>
                    <span class="mark" aria-hidden="true">{ if *kept { "✓" } else { "・" } }</span>
                    { text(lang, rule_key(*rule)) }
                    <span class="sr-only">{ text(lang, if *kept { Key::RuleKept } else { Key::RuleBroken }) }</span>
                </li>
            }) }
        </ul>
    }
}

fn rule_key(rule: ErrorCode) -> Key {
    match rule {
        ErrorCode::UserIdLength => Key::RuleUserIdLength,
        ErrorCode::UserIdCharacters => Key::RuleUserIdCharacters,
        ErrorCode::PasswordLength => Key::RulePasswordLength,
        ErrorCode::PasswordFullWidth => Key::RulePasswordFullWidth,
        ErrorCode::PasswordCharacters => Key::RulePasswordCharacters,
        _ => Key::RulePasswordSameAsUserId,
    }
}

/// The label of a step's button while its call runs, and before.
pub fn button_text(lang: Lang, busy: bool, idle: Key) -> &'static str {
    text(lang, if busy { Key::Sending } else { idle })
}

/// Keeps what the member types in `value`, and clears the last refusal.
pub fn on_input(
    value: &UseStateHandle<String>,
    set_error: &Callback<Option<ErrorCode>>,
) -> Callback<InputEvent> {
    let (value, set_error) = (value.clone(), set_error.clone());
    Callback::from(move |event: InputEvent| {
        value.set(event.target_unchecked_into::<web_sys::HtmlInputElement>().value());
        set_error.emit(None);
    })
}
