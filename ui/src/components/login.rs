use std::rc::Rc;

use kenpo_api::ErrorCode;
use kenpo_api::ipc::{ClockOffset, CurrentCode, LoginOutcome};
use kenpo_api::rules::password_rules;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::accounts::use_elapsed_seconds;
use crate::components::app::{Screen, use_navigator};
use crate::i18n::{self, Key, Lang, text, use_lang};
use crate::ipc;

#[derive(Clone, Default, PartialEq)]
struct LoginState {
    user_id: String,
    password: String,
    /// The code this device's authenticator shows now, if it has one for the user ID.
    device_code: Option<CurrentCode>,
    /// When it was fetched (the webview's clock, ms): its seconds count down from then.
    code_fetched_at: f64,
    /// The portal asked for a code this device does not have: the member types it.
    code_needed: bool,
    /// Why the device's code could not be read, when it is not simply absent (a locked keychain).
    device_problem: Option<ErrorCode>,
    typed_otp: String,
    error: Option<ErrorCode>,
    busy: bool,
    /// The keyboard's Caps Lock, as the last key in the password field saw it.
    caps_lock: bool,
    /// When the portal said the account is locked, by this device's clock [FAQ Q3].
    locked_at: Option<String>,
    /// When the portal's maintenance ends, as it said (Unix seconds).
    retry_at: Option<i64>,
}

enum Action {
    UserId(String),
    Password(String),
    TypedOtp(String),
    DeviceCode(Option<CurrentCode>, f64),
    CapsLock(bool),
    Submitting,
    Failed(ErrorCode, Option<i64>),
    CodeNeeded(Option<ErrorCode>),
    /// The password was sent: it is not kept in the screen.
    Sent,
    BackToPassword,
}

impl Reducible for LoginState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::UserId(value) => next.user_id = value,
            Action::Password(value) => next.password = value,
            Action::TypedOtp(value) => next.typed_otp = value,
            Action::DeviceCode(code, at) => {
                next.device_code = code;
                next.code_fetched_at = at;
            }
            Action::CapsLock(on) => next.caps_lock = on,
            Action::Submitting => {
                next.busy = true;
                next.error = None;
            }
            Action::Failed(code, retry_at) => {
                next.busy = false;
                next.error = Some(code);
                next.retry_at = retry_at;
                next.locked_at = (code == ErrorCode::AccountLocked).then(now_text);
            }
            Action::CodeNeeded(problem) => {
                next.busy = false;
                next.password.clear();
                next.code_needed = true;
                next.device_problem = problem;
            }
            Action::Sent => {
                next.busy = false;
                next.password.clear();
            }
            Action::BackToPassword => {
                next.code_needed = false;
                next.typed_otp.clear();
                next.error = None;
            }
        }
        Rc::new(next)
    }
}

/// Which field a refusal belongs to; the rest (a wrong user ID or password, a lock, the portal
/// down) are about the whole form and must not point at one field.
#[derive(PartialEq)]
enum Field {
    UserId,
    Password,
    Otp,
    Form,
}

fn field_of(code: ErrorCode) -> Field {
    match code {
        ErrorCode::MissingUserId | ErrorCode::UserIdTooLong => Field::UserId,
        ErrorCode::MissingPassword | ErrorCode::PasswordTooLong => Field::Password,
        ErrorCode::MalformedOtp | ErrorCode::InvalidOtp => Field::Otp,
        _ => Field::Form,
    }
}

/// The login screen [guide 4-2, 4-3]: user ID and password. The app then does what the portal
/// asks: it fills in this device's code itself, or opens first registration or the linking of
/// this device. A code field appears only when the portal asks for a code this device lacks.
#[function_component(Login)]
pub fn login() -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let state = use_reducer(LoginState::default);
    let clock = use_state(|| None::<ClockOffset>);

    // The device's clock against the portal's, once when the screen opens [FAQ Q5].
    {
        let clock = clock.clone();
        use_effect_with((), move |_| {
            spawn_local(async move { clock.set(ipc::clock_offset().await.ok()) });
        });
    }

    // The code this device will fill in for the user ID being typed, fetched again only when it
    // changes (the app tells), and counted down here in between.
    {
        let state = state.clone();
        use_effect_with(state.user_id.clone(), move |user_id| {
            let user_id = user_id.trim().to_owned();
            let refresh = move || {
                let (state, user_id) = (state.clone(), user_id.clone());
                spawn_local(async move {
                    let code = if user_id.is_empty() {
                        None
                    } else {
                        ipc::current_code(&user_id).await.ok().flatten()
                    };
                    state.dispatch(Action::DeviceCode(code, js_sys::Date::now()));
                });
            };
            refresh();
            let watch = ipc::on_codes_changed(Callback::from(move |()| refresh()));
            move || drop(watch)
        });
    }
    let elapsed = use_elapsed_seconds(state.code_fetched_at);

    let onsubmit = {
        let (state, navigate) = (state.clone(), navigate.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if state.busy {
                return;
            }
            state.dispatch(Action::Submitting);
            let (state, navigate) = (state.clone(), navigate.clone());
            spawn_local(async move {
                if state.code_needed {
                    match ipc::submit_otp(state.typed_otp.trim()).await {
                        Ok(member) => navigate.emit(Screen::Home(member)),
                        Err(error) => state.dispatch(Action::Failed(error.code, error.retry_at)),
                    }
                    return;
                }
                let outcome = ipc::login(&state.user_id, &state.password).await;
                // The password leaves the screen before the next screen is shown.
                state.dispatch(match &outcome {
                    Err(error) => Action::Failed(error.code, error.retry_at),
                    Ok(LoginOutcome::CodeNeeded { device_problem }) => Action::CodeNeeded(*device_problem),
                    Ok(_) => Action::Sent,
                });
                match outcome {
                    Ok(LoginOutcome::LoggedIn { member }) => navigate.emit(Screen::Home(member)),
                    Ok(LoginOutcome::Registration { state }) => navigate.emit(Screen::Registration(state)),
                    Ok(LoginOutcome::Enrollment) => navigate.emit(Screen::Enrollment),
                    Ok(LoginOutcome::CodeNeeded { .. }) | Err(_) => {}
                }
            });
        })
    };

    let input = |action: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let target: HtmlInputElement = event.target_unchecked_into();
            state.dispatch(action(target.value()));
        })
    };
    let error_on = |field: Field| match state.error {
        Some(code) if field_of(code) == field => error_text(lang, code, &field),
        _ => html! {},
    };
    // A portal that cannot be reached or is not itself: when it ends, and the way to the cause.
    let portal_problem = match state.error {
        Some(code) if is_portal_problem(code) => html! {
            <>
                if let Some(retry_at) = state.retry_at {
                    <p id="maintenance-until" class="notice">{ text(lang, Key::MaintenanceUntil).replace("{time}", &i18n::jst_time(retry_at)) }</p>
                }
                <button id="find-cause" type="button" class="secondary" onclick={navigate.reform(|_| Screen::Diagnostics)}>{ text(lang, Key::FindCause) }</button>
            </>
        },
        _ => html! {},
    };
    let on_password_key = {
        let state = state.clone();
        Callback::from(move |event: KeyboardEvent| {
            state.dispatch(Action::CapsLock(event.get_modifier_state("CapsLock")))
        })
    };
    // [FAQ Q4] the two slips that make a right password wrong, shown as they happen.
    let full_width = password_rules(&state.password, "")
        .iter()
        .any(|(rule, kept)| *rule == ErrorCode::PasswordFullWidth && !kept);

    if state.code_needed {
        let back = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::BackToPassword))
        };
        return html! {
            <form class="card" {onsubmit} novalidate=true aria-busy={state.busy.to_string()}>
                <h1>{ text(lang, Key::LoginTitle) }</h1>
                <p class="muted">{ text(lang, Key::UserId) }{ ": " }<span id="code-user-id">{ state.user_id.trim() }</span></p>
                <p>{ text(lang, Key::CodeNeededExplain) }</p>
                if let Some(problem) = state.device_problem {
                    <p id="device-problem" class="warning">{ i18n::error(lang, problem) }</p>
                }
                <label for="otp">{ text(lang, Key::Otp) }</label>
                <input id="otp" class="otp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                    value={state.typed_otp.clone()} oninput={input(Action::TypedOtp)}
                    aria-invalid={(field_of_error(&state) == Some(Field::Otp)).to_string()} aria-describedby="otp-error" />
                { error_on(Field::Otp) }
                { clock_note(lang, *clock) }
                { error_on(Field::Form) }
                { portal_problem }
                <button id="login" type="submit" disabled={state.busy}>
                    { text(lang, if state.busy { Key::LoggingIn } else { Key::SubmitCode }) }
                </button>
                <button id="back-to-password" type="button" class="link" onclick={back}>{ text(lang, Key::BackToLogin) }</button>
            </form>
        };
    }

    html! {
        <form class="card" {onsubmit} novalidate=true aria-busy={state.busy.to_string()}>
            <h1>{ text(lang, Key::LoginTitle) }</h1>
            <label for="user-id">{ text(lang, Key::UserId) }</label>
            <input id="user-id" type="text" autocomplete="username" autocapitalize="off" spellcheck="false"
                value={state.user_id.clone()} oninput={input(Action::UserId)}
                aria-invalid={(field_of_error(&state) == Some(Field::UserId)).to_string()} aria-describedby="user-id-error" />
            { error_on(Field::UserId) }
            <label for="password">{ text(lang, Key::Password) }</label>
            <input id="password" type="password" autocomplete="current-password"
                value={state.password.clone()} oninput={input(Action::Password)} onkeyup={on_password_key}
                aria-invalid={(field_of_error(&state) == Some(Field::Password)).to_string()} aria-describedby="password-error password-hints" />
            { error_on(Field::Password) }
            <div id="password-hints" aria-live="polite">
                if full_width {
                    <p id="full-width-hint" class="warning">{ text(lang, Key::HintFullWidth) }</p>
                }
                if state.caps_lock {
                    <p id="caps-lock-hint" class="warning">{ text(lang, Key::HintCapsLock) }</p>
                }
            </div>
            if let Some(code) = &state.device_code {
                <label for="otp">{ text(lang, Key::Otp) }</label>
                <div class="otp-auto">
                    <input id="otp" class="otp" type="text" readonly=true value={code.code.clone()} aria-describedby="otp-help" />
                    <div class="countdown" aria-live="off">
                        <progress max={code.period.to_string()} value={code.seconds_left.saturating_sub(elapsed).to_string()} />
                        <span id="seconds-left">{ text(lang, Key::SecondsLeft).replace("{n}", &code.seconds_left.saturating_sub(elapsed).to_string()) }</span>
                    </div>
                    <p id="otp-help" class="muted">{ text(lang, Key::OtpAutoFilled) }</p>
                </div>
            }
            { clock_note(lang, *clock) }
            { error_on(Field::Form) }
            { portal_problem }
            if state.error == Some(ErrorCode::InvalidCredentials) {
                <p id="lock-note" class="muted">{ text(lang, Key::LockNote) }</p>
            }
            if let Some(time) = &state.locked_at {
                <p id="locked-help" class="notice">
                    { text(lang, Key::LockedTell).replace("{id}", state.user_id.trim()).replace("{time}", time) }
                </p>
            }
            <button id="login" type="submit" disabled={state.busy}>
                { text(lang, if state.busy { Key::LoggingIn } else { Key::LoginButton }) }
            </button>
            <div class="links">
                <button id="forgot-user-id" type="button" class="link" onclick={navigate.reform(|_| Screen::ForgotUserId)}>{ text(lang, Key::ForgotUserId) }</button>
                <button id="forgot-password" type="button" class="link" onclick={navigate.reform(|_| Screen::ForgotPassword)}>{ text(lang, Key::ForgotPassword) }</button>
                <button id="faq" type="button" class="link" onclick={navigate.reform(|_| Screen::Faq)}>{ text(lang, Key::FaqLink) }</button>
            </div>
            <details id="login-help" class="help">
                <summary>{ text(lang, Key::LoginHelpTitle) }</summary>
                <p>{ text(lang, Key::LoginHelpInitial) }</p>
                <p class="example">{ text(lang, Key::LoginHelpExample) }</p>
                <p>{ text(lang, Key::LoginHelpVoluntary) }</p>
                <p>{ text(lang, Key::LoginHelpCode) }</p>
            </details>
        </form>
    }
}

/// Now by this device's clock, as a member would tell it: 2026/11/28 09:30.
fn now_text() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{}/{:02}/{:02} {:02}:{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date(),
        now.get_hours(),
        now.get_minutes()
    )
}

/// Refusals that are the portal's or the network's, not the member's: the diagnostics can tell.
fn is_portal_problem(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::PortalUnreachable
            | ErrorCode::PortalProtocol
            | ErrorCode::Internal
            | ErrorCode::Maintenance
            | ErrorCode::RequestTimeout
            | ErrorCode::Busy
    )
}

fn field_of_error(state: &LoginState) -> Option<Field> {
    state.error.map(field_of)
}

/// A refusal under the field it belongs to (`<field>-error`), or under the form (`error`).
fn error_text(lang: Lang, code: ErrorCode, field: &Field) -> Html {
    let id = match field {
        Field::UserId => "user-id-error",
        Field::Password => "password-error",
        Field::Otp => "otp-error",
        Field::Form => "error",
    };
    html! { <p {id} class="error" role="alert">{ i18n::error(lang, code) }</p> }
}

/// The clock difference, quietly when small and as a warning when codes could be refused.
fn clock_note(lang: Lang, clock: Option<ClockOffset>) -> Html {
    let Some(clock) = clock else { return html! {} };
    let seconds = format!("{:.1}", clock.offset_ms.abs() as f64 / 1000.0);
    if !clock.warn {
        return html! { <p id="clock-offset" class="muted">{ text(lang, Key::ClockOffset).replace("{n}", &seconds) }</p> };
    }
    let key = if clock.offset_ms > 0 { Key::ClockAhead } else { Key::ClockBehind };
    html! { <p id="clock-warning" class="warning">{ text(lang, key).replace("{n}", &seconds) }</p> }
}
