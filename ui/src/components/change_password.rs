use kenpo_api::ErrorCode;
use kenpo_api::portal::Member;
use kenpo_api::rules::password_rules;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::components::form::{button_text, field_error, on_input, rule_list};
use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct ChangePasswordProps {
    pub member: Member,
}

/// A logged-in member's new password: the current one, then the new one with each rule ticked
/// as it is typed.
#[function_component(ChangePassword)]
pub fn change_password(props: &ChangePasswordProps) -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let current = use_state(String::new);
    let new = use_state(String::new);
    let shown = use_state(|| false);
    let error = use_state(|| None::<ErrorCode>);
    let busy = use_state(|| false);
    let done = use_state(|| false);
    let set_error = {
        let error = error.clone();
        Callback::from(move |code| error.set(code))
    };
    let user_id = props.member.user_id.clone();
    let onsubmit = {
        let (current, new, error, busy, done) =
            (current.clone(), new.clone(), error.clone(), busy.clone(), done.clone());
        let user_id = user_id.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if let Some((rule, _)) = password_rules(&new, &user_id).iter().find(|(_, kept)| !kept) {
                return error.set(Some(*rule));
            }
            busy.set(true);
            error.set(None);
            let (current, new, error, busy, done) =
                (current.clone(), new.clone(), error.clone(), busy.clone(), done.clone());
            spawn_local(async move {
                match ipc::change_password(&current, &new).await {
                    Ok(()) => {
                        current.set(String::new());
                        new.set(String::new());
                        done.set(true);
                    }
                    Err(refused) => error.set(Some(refused.code)),
                }
                busy.set(false);
            });
        })
    };
    let home = {
        let member = props.member.clone();
        navigate.reform(move |_| Screen::Home(member.clone()))
    };
    // A wrong or missing current password belongs to its field; the new password's rules to theirs.
    let (current_error, new_error, form_error) = match *error {
        Some(ErrorCode::InvalidCredentials | ErrorCode::MissingPassword | ErrorCode::PasswordTooLong) => {
            (*error, None, None)
        }
        Some(
            ErrorCode::PasswordLength
            | ErrorCode::PasswordFullWidth
            | ErrorCode::PasswordCharacters
            | ErrorCode::PasswordSameAsUserId
            | ErrorCode::PasswordUnchanged,
        ) => (None, *error, None),
        other => (None, None, other),
    };
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(!*shown))
    };
    html! {
        <section class="card">
            <h1>{ text(lang, Key::ChangePassword) }</h1>
            if *done {
                <p id="password-changed" class="notice" role="status">{ text(lang, Key::PasswordChanged) }</p>
            } else {
                <form {onsubmit} novalidate=true aria-busy={busy.to_string()}>
                    <label for="current-password">{ text(lang, Key::CurrentPassword) }</label>
                    <input id="current-password" type="password" autocomplete="current-password"
                        value={(*current).clone()} oninput={on_input(&current, &set_error)}
                        aria-invalid={current_error.is_some().to_string()} aria-describedby="current-password-error" />
                    { field_error(lang, "current-password-error", current_error) }
                    <label for="new-password">{ text(lang, Key::NewPassword) }</label>
                    <div class="with-button">
                        <input id="new-password" type={if *shown { "text" } else { "password" }} autocomplete="new-password"
                            autocapitalize="off" spellcheck="false" value={(*new).clone()} oninput={on_input(&new, &set_error)}
                            aria-invalid={new_error.is_some().to_string()} aria-describedby="password-rules new-password-error" />
                        <button id="show-password" type="button" class="secondary small" onclick={toggle} aria-pressed={shown.to_string()}>
                            { text(lang, if *shown { Key::HidePassword } else { Key::ShowPassword }) }
                        </button>
                    </div>
                    { rule_list(lang, "password-rules", &password_rules(&new, &user_id)) }
                    <p class="muted">{ text(lang, Key::PasswordYen) }</p>
                    { field_error(lang, "new-password-error", new_error) }
                    if let Some(code) = form_error {
                        <p id="error" class="error" role="alert">{ i18n::error(lang, code) }</p>
                    }
                    <button id="change" type="submit" disabled={*busy}>{ button_text(lang, *busy, Key::ChangePassword) }</button>
                </form>
            }
            <button id="back-to-home" class="link" onclick={home}>{ text(lang, Key::BackToHome) }</button>
        </section>
    }
}
