use std::rc::Rc;

use gloo_timers::callback::Interval;
use kenpo_api::ipc::{ClockOffset, CurrentCode};
use kenpo_api::portal::{Member, NextStep};
use kenpo_api::{ApiError, ErrorCode};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::enrollment::Enrollment;
use crate::i18n::{self, Key, Lang, text};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct LoginProps {
    pub lang: Lang,
    pub on_logged_in: Callback<Member>,
}

#[derive(Clone, Default, PartialEq)]
struct LoginState {
    user_id: String,
    password: String,
    /// What the member typed when this device has no authenticator for the user ID.
    typed_otp: String,
    /// The code this device's authenticator shows now, if it has one for the user ID.
    device_code: Option<CurrentCode>,
    /// Why the device's code cannot be read, when it is not simply absent (a locked keychain).
    device_problem: Option<ErrorCode>,
    error: Option<ErrorCode>,
    busy: bool,
    /// The password was right and the portal asks to link an authenticator first [3-1].
    enrollment_due: bool,
}

enum Action {
    UserId(String),
    Password(String),
    TypedOtp(String),
    DeviceCode(Result<CurrentCode, ErrorCode>),
    Submitting,
    Failed(ErrorCode),
    Done,
    EnrollmentDue,
    BackToLogin,
}

impl Reducible for LoginState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::UserId(value) => next.user_id = value,
            Action::Password(value) => next.password = value,
            Action::TypedOtp(value) => next.typed_otp = value,
            Action::DeviceCode(result) => {
                next.device_problem =
                    result.as_ref().err().copied().filter(|code| *code != ErrorCode::NoAuthenticator);
                next.device_code = result.ok();
            }
            Action::Submitting => {
                next.busy = true;
                next.error = None;
            }
            Action::Failed(code) => {
                next.busy = false;
                next.error = Some(code);
            }
            Action::Done => {
                next.busy = false;
                next.password.clear();
            }
            Action::BackToLogin => next.enrollment_due = false,
            Action::EnrollmentDue => {
                next.busy = false;
                next.password.clear();
                next.enrollment_due = true;
            }
        }
        Rc::new(next)
    }
}

/// The login screen [guide 4-2, 4-3]: user ID, password, and the one-time password this device
/// fills in itself, with the seconds it stays valid.
#[function_component(Login)]
pub fn login(props: &LoginProps) -> Html {
    let lang = props.lang;
    let state = use_reducer(LoginState::default);
    let clock = use_state(|| None::<ClockOffset>);

    // The device's clock against the portal's, once when the screen opens [FAQ Q5].
    {
        let clock = clock.clone();
        use_effect_with((), move |_| {
            spawn_local(async move { clock.set(ipc::clock_offset().await.ok()) });
        });
    }

    // Ask the app every second for this user's code; the user ID may change as it is typed.
    {
        let state = state.clone();
        use_effect_with(state.user_id.clone(), move |user_id| {
            let user_id = user_id.clone();
            let refresh = move || {
                let state = state.clone();
                let user_id = user_id.clone();
                spawn_local(async move {
                    let code = if user_id.trim().is_empty() {
                        Err(ErrorCode::NoAuthenticator)
                    } else {
                        ipc::current_code(&user_id).await.map_err(|error| error.code)
                    };
                    state.dispatch(Action::DeviceCode(code));
                });
            };
            refresh();
            let interval = Interval::new(1_000, refresh);
            move || drop(interval)
        });
    }

    let onsubmit = {
        let state = state.clone();
        let on_logged_in = props.on_logged_in.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if state.busy {
                return;
            }
            state.dispatch(Action::Submitting);
            let state = state.clone();
            let on_logged_in = on_logged_in.clone();
            spawn_local(async move {
                match submit(&state).await {
                    Ok(Outcome::LoggedIn(member)) => {
                        state.dispatch(Action::Done);
                        on_logged_in.emit(member);
                    }
                    Ok(Outcome::EnrollmentDue) => state.dispatch(Action::EnrollmentDue),
                    Err(error) => state.dispatch(Action::Failed(error.code)),
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

    let otp_field = match &state.device_code {
        Some(code) => html! {
            <div class="otp-auto">
                <input id="otp" class="otp" type="text" readonly=true value={code.code.clone()} aria-describedby="otp-help" />
                <div class="countdown" aria-live="off">
                    <progress max={code.period.to_string()} value={code.seconds_left.to_string()} />
                    <span id="seconds-left">{ text(lang, Key::SecondsLeft).replace("{n}", &code.seconds_left.to_string()) }</span>
                </div>
                <p id="otp-help" class="muted">{ text(lang, Key::OtpAutoFilled) }</p>
            </div>
        },
        None => html! {
            <div>
                <input id="otp" class="otp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                    value={state.typed_otp.clone()} oninput={input(Action::TypedOtp)} aria-describedby="otp-help" />
                <p id="otp-help" class="muted">{ text(lang, Key::OtpTypeIt) }</p>
                if let Some(problem) = state.device_problem {
                    <p id="device-problem" class="warning">{ i18n::error(lang, problem) }</p>
                }
            </div>
        },
    };

    if state.enrollment_due {
        let on_back = {
            let state = state.clone();
            Callback::from(move |()| state.dispatch(Action::BackToLogin))
        };
        return html! { <Enrollment {lang} on_logged_in={props.on_logged_in.clone()} {on_back} /> };
    }
    html! {
        <form class="card" {onsubmit} novalidate=true>
            <h1>{ text(lang, Key::LoginTitle) }</h1>
            <label for="user-id">{ text(lang, Key::UserId) }</label>
            <input id="user-id" type="text" autocomplete="username" autocapitalize="off" spellcheck="false"
                value={state.user_id.clone()} oninput={input(Action::UserId)} />
            <label for="password">{ text(lang, Key::Password) }</label>
            <input id="password" type="password" autocomplete="current-password"
                value={state.password.clone()} oninput={input(Action::Password)} />
            <label for="otp">{ text(lang, Key::Otp) }</label>
            { otp_field }
            { clock_note(lang, *clock) }
            if let Some(code) = state.error {
                <p id="error" class="error" role="alert">{ i18n::error(lang, code) }</p>
            }
            <button id="login" type="submit" disabled={state.busy}>
                { text(lang, if state.busy { Key::LoggingIn } else { Key::LoginButton }) }
            </button>
        </form>
    }
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

enum Outcome {
    LoggedIn(Member),
    /// The portal asks to link an authenticator before anything else.
    EnrollmentDue,
}

/// The password step, then the code: the device's own (chosen and submitted by the app, which
/// remembers the step it used), or the one the member typed.
async fn submit(state: &LoginState) -> Result<Outcome, ApiError> {
    let accepted = ipc::login(&state.user_id, &state.password).await?;
    if accepted.next == NextStep::Enrollment {
        return Ok(Outcome::EnrollmentDue);
    }
    let member = match ipc::submit_device_otp(&state.user_id).await {
        Err(error) if error.code == ErrorCode::NoAuthenticator => {
            ipc::submit_otp(state.typed_otp.trim()).await
        }
        other => other,
    }?;
    Ok(Outcome::LoggedIn(member))
}
