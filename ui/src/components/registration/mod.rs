//! First registration [guide 2-3 … 2-8], one screen a step, in the order the portal keeps. A
//! member who closes the app comes back to the step the portal says is due.

mod birth_date;
mod complete;
mod email;
mod password;
mod terms;
mod user_id;

use kenpo_api::ErrorCode;
use kenpo_api::ipc::RegistrationInput;
use kenpo_api::portal::{RegistrationState, RegistrationStep};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::i18n::{Key, Lang, text, use_lang};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct RegistrationProps {
    /// Where the portal says the member is.
    pub state: RegistrationState,
}

/// What every step screen is given: where the member is, and where to report the portal's answer.
#[derive(Properties, PartialEq)]
pub struct StepProps {
    pub state: RegistrationState,
    pub on_next: Callback<RegistrationState>,
}

/// The steps as the member counts them; the email address and its code are one.
const STEPS: [(RegistrationStep, Key); 6] = [
    (RegistrationStep::BirthDate, Key::RegStepBirthDate),
    (RegistrationStep::Terms, Key::RegStepTerms),
    (RegistrationStep::UserId, Key::RegStepUserId),
    (RegistrationStep::Password, Key::RegStepPassword),
    (RegistrationStep::Email, Key::RegStepEmail),
    (RegistrationStep::Complete, Key::RegStepDone),
];

fn position(step: RegistrationStep) -> usize {
    let step = if step == RegistrationStep::EmailCode { RegistrationStep::Email } else { step };
    STEPS.iter().position(|(each, _)| *each == step).unwrap_or(0)
}

#[function_component(Registration)]
pub fn registration(props: &RegistrationProps) -> Html {
    let lang = use_lang();
    let state = use_state(|| props.state.clone());
    let on_next = {
        let state = state.clone();
        Callback::from(move |next: RegistrationState| state.set(next))
    };
    let current = (*state).clone();
    let step = match current.next {
        RegistrationStep::BirthDate => html! { <birth_date::BirthDateStep state={current} {on_next} /> },
        RegistrationStep::Terms => html! { <terms::TermsStep state={current} {on_next} /> },
        RegistrationStep::UserId => html! { <user_id::UserIdStep state={current} {on_next} /> },
        RegistrationStep::Password => html! { <password::PasswordStep state={current} {on_next} /> },
        RegistrationStep::Email | RegistrationStep::EmailCode => {
            html! { <email::EmailStep state={current} {on_next} /> }
        }
        RegistrationStep::Complete => html! { <complete::CompleteStep /> },
    };
    html! {
        <section class="card registration">
            <p class="eyebrow">{ text(lang, Key::RegTitle) }</p>
            { step_indicator(lang, state.next) }
            { step }
        </section>
    }
}

/// Where the member is among the six steps: each numbered, done ones ticked, the current one
/// marked for screen readers too.
fn step_indicator(lang: Lang, step: RegistrationStep) -> Html {
    let at = position(step);
    let of = text(lang, Key::RegStepOf)
        .replace("{n}", &(at + 1).to_string())
        .replace("{total}", &STEPS.len().to_string());
    html! {
        <nav class="steps" aria-label={text(lang, Key::RegTitle)}>
            <ol>
                { for STEPS.iter().enumerate().map(|(index, (_, key))| {
                    let class = if index < at { "done" } else if index == at { "current" } else { "todo" };
                    let mark = if index < at { "✓".to_owned() } else { (index + 1).to_string() };
                    html! {
                        <li {class} aria-current={(index == at).then_some("step")}>
                            <span class="dot" aria-hidden="true">{ mark }</span>
                            <span class="step-label">{ text(lang, *key) }</span>
                        </li>
                    }
                }) }
            </ol>
            <p id="step-of" class="muted">{ of }</p>
        </nav>
    }
}

/// One step's call to the app: busy while it runs, the portal's refusal kept for the field it
/// belongs to, and `on_next` with the new state when accepted.
pub struct StepCall {
    pub busy: bool,
    pub error: Option<ErrorCode>,
    pub send: Callback<RegistrationInput>,
    /// A refusal found before sending (a rule the input breaks), or `None` as the member types
    /// again.
    pub set_error: Callback<Option<ErrorCode>>,
}

#[hook]
pub fn use_step_call(on_next: Callback<RegistrationState>) -> StepCall {
    let busy = use_state(|| false);
    let error = use_state(|| None::<ErrorCode>);
    let send = {
        let (busy, error) = (busy.clone(), error.clone());
        Callback::from(move |input: RegistrationInput| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (busy, error, on_next) = (busy.clone(), error.clone(), on_next.clone());
            spawn_local(async move {
                let answer = ipc::register(&input).await;
                busy.set(false);
                match answer {
                    Ok(state) => on_next.emit(state),
                    Err(refused) => error.set(Some(refused.code)),
                }
            });
        })
    };
    let set_error = {
        let error = error.clone();
        Callback::from(move |code| error.set(code))
    };
    StepCall { busy: *busy, error: *error, send, set_error }
}
