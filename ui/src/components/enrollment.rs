use kenpo_api::ErrorCode;
use kenpo_api::portal::Member;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct EnrollmentProps {
    /// Shown inside another screen (the end of first registration): no card and no heading of
    /// its own.
    #[prop_or_default]
    pub embedded: bool,
}

/// Linking this device as the authenticator [guide 3-1, 3-2], where the guide has fifteen pages:
/// one tap, then 「設定が完了しました」.
#[function_component(Enrollment)]
pub fn enrollment(props: &EnrollmentProps) -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let busy = use_state(|| false);
    let error = use_state(|| None::<ErrorCode>);
    let linked = use_state(|| None::<Member>);

    let enroll = {
        let (busy, error, linked) = (busy.clone(), error.clone(), linked.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (busy, error, linked) = (busy.clone(), error.clone(), linked.clone());
            spawn_local(async move {
                match ipc::enroll_from_portal().await {
                    Ok(member) => linked.set(Some(member)),
                    Err(refused) => error.set(Some(refused.code)),
                }
                busy.set(false);
            });
        })
    };

    let body = if let Some(member) = (*linked).clone() {
        let proceed = navigate.reform(move |_| Screen::Home(member.clone()));
        html! {
            <>
                <p id="enrolled" class="done-title">{ text(lang, Key::EnrollDone) }</p>
                <p>{ text(lang, Key::EnrollDoneExplain) }</p>
                <button id="continue" class="primary" onclick={proceed}>{ text(lang, Key::Continue) }</button>
            </>
        }
    } else {
        html! {
            <>
                <p>{ text(lang, Key::EnrollExplain) }</p>
                if let Some(code) = *error {
                    <p id="error" class="error" role="alert">{ i18n::error(lang, code) }</p>
                }
                <button id="enroll" class="primary" onclick={enroll} disabled={*busy} aria-busy={busy.to_string()}>
                    { text(lang, if *busy { Key::Enrolling } else { Key::EnrollButton }) }
                </button>
                <button id="enroll-back" class="link" onclick={navigate.reform(|_| Screen::Login)} disabled={*busy}>
                    { text(lang, Key::BackToLogin) }
                </button>
            </>
        }
    };
    if props.embedded {
        return body;
    }
    html! {
        <section class="card">
            <h1>{ text(lang, Key::EnrollTitle) }</h1>
            { body }
        </section>
    }
}
