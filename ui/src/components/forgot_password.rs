use kenpo_api::ErrorCode;
use kenpo_api::rules::password_rules;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::components::form::{button_text, field_error, on_input, rule_list};
use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

#[derive(Clone, Copy, PartialEq)]
enum Stage {
    /// User ID and registered address.
    Ask,
    /// The mailed code and the new password; this device adds its own one-time password.
    Reset,
    Done,
}

/// Which field a refusal belongs to.
fn field_of(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::MissingUserId | ErrorCode::UserIdTooLong => "user-id",
        ErrorCode::EmailInvalid => "email",
        ErrorCode::MalformedCode | ErrorCode::InvalidResetCode => "reset-code",
        ErrorCode::PasswordLength
        | ErrorCode::PasswordFullWidth
        | ErrorCode::PasswordCharacters
        | ErrorCode::PasswordSameAsUserId => "new-password",
        _ => "form",
    }
}

/// [FAQ Q2] 「パスワードを忘れた方はこちら」: user ID and registered address, then the code
/// from the mail and a new password under the rules. The one-time password is this device's
/// own; a device without one is told what to do instead.
#[function_component(ForgotPassword)]
pub fn forgot_password() -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let stage = use_state(|| Stage::Ask);
    let user_id = use_state(String::new);
    let email = use_state(String::new);
    let reset_code = use_state(String::new);
    let password = use_state(String::new);
    let shown = use_state(|| false);
    // This device has the member's authenticator (checked once the reset is asked for).
    let has_code = use_state(|| true);
    let error = use_state(|| None::<ErrorCode>);
    let busy = use_state(|| false);
    let set_error = {
        let error = error.clone();
        Callback::from(move |code| error.set(code))
    };

    let ask = {
        let (user_id, email, error, busy, stage, has_code) =
            (user_id.clone(), email.clone(), error.clone(), busy.clone(), stage.clone(), has_code.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (user_id, email) = ((*user_id).clone(), (*email).clone());
            let (error, busy, stage, has_code) =
                (error.clone(), busy.clone(), stage.clone(), has_code.clone());
            spawn_local(async move {
                match ipc::forgot_password(&user_id, &email).await {
                    Ok(()) => {
                        has_code.set(matches!(ipc::current_code(&user_id).await, Ok(Some(_))));
                        stage.set(Stage::Reset);
                    }
                    Err(refused) => error.set(Some(refused.code)),
                }
                busy.set(false);
            });
        })
    };
    let reset = {
        let (user_id, reset_code, password) = (user_id.clone(), reset_code.clone(), password.clone());
        let (error, busy, stage) = (error.clone(), busy.clone(), stage.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if let Some((rule, _)) = password_rules(&password, &user_id).iter().find(|(_, kept)| !kept) {
                return error.set(Some(*rule));
            }
            busy.set(true);
            error.set(None);
            let (user_id, reset_code, password) =
                ((*user_id).clone(), (*reset_code).clone(), password.clone());
            let (error, busy, stage) = (error.clone(), busy.clone(), stage.clone());
            spawn_local(async move {
                match ipc::reset_password(&user_id, &reset_code, &password).await {
                    Ok(()) => {
                        password.set(String::new());
                        stage.set(Stage::Done);
                    }
                    Err(refused) => error.set(Some(refused.code)),
                }
                busy.set(false);
            });
        })
    };

    let error_for = |field: &str| (*error).filter(|code| field_of(*code) == field);
    let back = html! {
        <button id="back-to-login" type="button" class="link" onclick={navigate.reform(|_| Screen::Login)}>
            { text(lang, Key::BackToLogin) }
        </button>
    };
    let form_error = match error_for("form") {
        Some(code) => html! { <p id="error" class="error" role="alert">{ i18n::error(lang, code) }</p> },
        None => html! {},
    };
    let body = match *stage {
        Stage::Ask => html! {
            <form onsubmit={ask} novalidate=true aria-busy={busy.to_string()}>
                <p class="muted">{ text(lang, Key::ForgotPasswordExplain) }</p>
                <label for="user-id">{ text(lang, Key::UserId) }</label>
                <input id="user-id" type="text" autocomplete="username" autocapitalize="off" spellcheck="false"
                    value={(*user_id).clone()} oninput={on_input(&user_id, &set_error)}
                    aria-invalid={error_for("user-id").is_some().to_string()} aria-describedby="user-id-error" />
                { field_error(lang, "user-id-error", error_for("user-id")) }
                <label for="email">{ text(lang, Key::EmailLabel) }</label>
                <input id="email" type="email" autocomplete="email" autocapitalize="off" spellcheck="false"
                    value={(*email).clone()} oninput={on_input(&email, &set_error)}
                    aria-invalid={error_for("email").is_some().to_string()} aria-describedby="email-error" />
                { field_error(lang, "email-error", error_for("email")) }
                { form_error }
                <button id="send" type="submit" disabled={*busy}>{ button_text(lang, *busy, Key::SendMail) }</button>
            </form>
        },
        Stage::Reset if !*has_code => html! {
            <>
                <p class="notice" role="status">{ text(lang, Key::RecoverySent) }</p>
                <p id="no-authenticator" class="warning">{ text(lang, Key::ResetNoAuthenticator) }</p>
            </>
        },
        Stage::Reset => {
            let toggle = {
                let shown = shown.clone();
                Callback::from(move |_| shown.set(!*shown))
            };
            html! {
                <form onsubmit={reset} novalidate=true aria-busy={busy.to_string()}>
                    <p id="recovery-sent" class="notice" role="status">{ text(lang, Key::RecoverySent) }</p>
                    <p class="muted">{ text(lang, Key::ResetExplain) }</p>
                    <label for="reset-code">{ text(lang, Key::ResetCodeLabel) }</label>
                    <input id="reset-code" class="otp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="8"
                        value={(*reset_code).clone()} oninput={on_input(&reset_code, &set_error)}
                        aria-invalid={error_for("reset-code").is_some().to_string()} aria-describedby="reset-code-error" />
                    { field_error(lang, "reset-code-error", error_for("reset-code")) }
                    <label for="new-password">{ text(lang, Key::NewPassword) }</label>
                    <div class="with-button">
                        <input id="new-password" type={if *shown { "text" } else { "password" }} autocomplete="new-password"
                            autocapitalize="off" spellcheck="false" value={(*password).clone()} oninput={on_input(&password, &set_error)}
                            aria-invalid={error_for("new-password").is_some().to_string()} aria-describedby="password-rules new-password-error" />
                        <button id="show-password" type="button" class="secondary small" onclick={toggle} aria-pressed={shown.to_string()}>
                            { text(lang, if *shown { Key::HidePassword } else { Key::ShowPassword }) }
                        </button>
                    </div>
                    { rule_list(lang, "password-rules", &password_rules(&password, &user_id)) }
                    <p class="muted">{ text(lang, Key::PasswordYen) }</p>
                    { field_error(lang, "new-password-error", error_for("new-password")) }
                    { form_error }
                    <button id="reset" type="submit" disabled={*busy}>{ button_text(lang, *busy, Key::ResetButton) }</button>
                </form>
            }
        }
        Stage::Done => {
            html! { <p id="reset-done" class="notice" role="status">{ text(lang, Key::ResetDone) }</p> }
        }
    };
    html! {
        <section class="card">
            <h1>{ text(lang, Key::ForgotPassword) }</h1>
            { body }
            { back }
        </section>
    }
}
