use kenpo_api::ErrorCode;
use kenpo_api::portal::Member;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::i18n::{self, Key, Lang, text};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct EnrollmentProps {
    pub lang: Lang,
    /// The member is logged in once the device is linked.
    pub on_logged_in: Callback<Member>,
    /// Back to the login screen (a session that expired while the member waited).
    pub on_back: Callback<()>,
}

/// Linking this device as the authenticator [guide 3-1, 3-2], where the guide has fifteen pages:
/// one tap, then 「設定が完了しました」.
#[function_component(Enrollment)]
pub fn enrollment(props: &EnrollmentProps) -> Html {
    let lang = props.lang;
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

    if let Some(member) = (*linked).clone() {
        let on_logged_in = props.on_logged_in.clone();
        let proceed = Callback::from(move |_| on_logged_in.emit(member.clone()));
        return html! {
            <section class="card">
                <h1 id="enrolled">{ text(lang, Key::EnrollDone) }</h1>
                <p>{ text(lang, Key::EnrollDoneExplain) }</p>
                <button id="continue" class="primary" onclick={proceed}>{ text(lang, Key::Continue) }</button>
            </section>
        };
    }
    html! {
        <section class="card">
            <h1>{ text(lang, Key::EnrollTitle) }</h1>
            <p>{ text(lang, Key::EnrollExplain) }</p>
            if let Some(code) = *error {
                <p id="error" class="error" role="alert">{ i18n::error(lang, code) }</p>
            }
            <button id="enroll" class="primary" onclick={enroll} disabled={*busy}>
                { text(lang, if *busy { Key::Enrolling } else { Key::EnrollButton }) }
            </button>
            <button id="enroll-back" class="link" onclick={props.on_back.reform(|_| ())} disabled={*busy}>
                { text(lang, Key::BackToLogin) }
            </button>
        </section>
    }
}
