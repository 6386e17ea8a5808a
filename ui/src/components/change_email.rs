use kenpo_api::ErrorCode;
use kenpo_api::portal::Member;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::components::form::{button_text, field_error, on_input};
use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Address,
    /// The code sent to this address.
    Code,
    Done,
}

#[derive(Properties, PartialEq)]
pub struct ChangeEmailProps {
    pub member: Member,
}

/// A logged-in member's new email address, confirmed by the code sent to it; the code can be
/// sent again and the address corrected.
#[function_component(ChangeEmail)]
pub fn change_email(props: &ChangeEmailProps) -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let stage = use_state(|| Stage::Address);
    let email = use_state(String::new);
    let code = use_state(String::new);
    let error = use_state(|| None::<ErrorCode>);
    let busy = use_state(|| false);
    let set_error = {
        let error = error.clone();
        Callback::from(move |code| error.set(code))
    };
    // Runs one call; `next` is the stage it leads to.
    let run = {
        let (error, busy, stage) = (error.clone(), busy.clone(), stage.clone());
        move |call: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), kenpo_api::ApiError>>>>,
              next: Stage| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (error, busy, stage) = (error.clone(), busy.clone(), stage.clone());
            spawn_local(async move {
                match call.await {
                    Ok(()) => stage.set(next),
                    Err(refused) => error.set(Some(refused.code)),
                }
                busy.set(false);
            });
        }
    };
    let send_address = {
        let (email, run, error) = (email.clone(), run.clone(), error.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match kenpo_api::rules::check_email(&email) {
                Ok(address) => run(Box::pin(async move { ipc::change_email(&address).await }), Stage::Code),
                Err(code) => error.set(Some(code)),
            }
        })
    };
    let send_code = {
        let (code, run) = (code.clone(), run.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let code = code.trim().to_owned();
            run(Box::pin(async move { ipc::confirm_email_change(&code).await }), Stage::Done)
        })
    };
    let resend = {
        let (email, run) = (email.clone(), run.clone());
        Callback::from(move |_| {
            let address = (*email).clone();
            run(Box::pin(async move { ipc::change_email(&address).await }), Stage::Code)
        })
    };
    let correct = {
        let stage = stage.clone();
        Callback::from(move |_| stage.set(Stage::Address))
    };
    let home = {
        let member = props.member.clone();
        navigate.reform(move |_| Screen::Home(member.clone()))
    };
    let (email_error, code_error, form_error) = match *error {
        Some(ErrorCode::EmailInvalid) => (*error, None, None),
        Some(ErrorCode::MalformedCode | ErrorCode::InvalidEmailCode) => (None, *error, None),
        other => (None, None, other),
    };
    let body = match *stage {
        Stage::Address => html! {
            <form onsubmit={send_address} novalidate=true aria-busy={busy.to_string()}>
                <p class="muted">{ text(lang, Key::ChangeEmailExplain) }</p>
                <label for="email">{ text(lang, Key::EmailLabel) }</label>
                <input id="email" type="email" autocomplete="email" autocapitalize="off" spellcheck="false"
                    value={(*email).clone()} oninput={on_input(&email, &set_error)}
                    aria-invalid={email_error.is_some().to_string()} aria-describedby="email-error" />
                { field_error(lang, "email-error", email_error) }
                <button id="send-code" type="submit" disabled={*busy}>{ button_text(lang, *busy, Key::SendCode) }</button>
            </form>
        },
        Stage::Code => html! {
            <form onsubmit={send_code} novalidate=true aria-busy={busy.to_string()}>
                <p id="code-sent">{ text(lang, Key::EmailCodeSent).replace("{email}", &email) }</p>
                <label for="email-code">{ text(lang, Key::EmailCodeLabel) }</label>
                <input id="email-code" class="otp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                    value={(*code).clone()} oninput={on_input(&code, &set_error)}
                    aria-invalid={code_error.is_some().to_string()} aria-describedby="email-code-error" />
                { field_error(lang, "email-code-error", code_error) }
                <button id="confirm-email" type="submit" disabled={*busy}>{ button_text(lang, *busy, Key::Confirm) }</button>
                <button id="resend" type="button" class="link" onclick={resend} disabled={*busy}>{ text(lang, Key::Resend) }</button>
                <button id="correct-email" type="button" class="link" onclick={correct} disabled={*busy}>{ text(lang, Key::CorrectEmail) }</button>
            </form>
        },
        Stage::Done => {
            html! { <p id="email-changed" class="notice" role="status">{ text(lang, Key::EmailChanged) }</p> }
        }
    };
    html! {
        <section class="card">
            <h1>{ text(lang, Key::ChangeEmail) }</h1>
            { body }
            if let Some(code) = form_error {
                <p id="error" class="error" role="alert">{ i18n::error(lang, code) }</p>
            }
            <button id="back-to-home" class="link" onclick={home}>{ text(lang, Key::BackToHome) }</button>
        </section>
    }
}
