use kenpo_api::ipc::ClockOffset;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::i18n::{self, Key, Lang, text, use_lang};
use crate::ipc;

/// よくある質問 [FAQ Q1–Q5]: the guide's five answers, each with the button that does its remedy.
#[function_component(Faq)]
pub fn faq() -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let clock = use_state(|| None::<Result<ClockOffset, kenpo_api::ErrorCode>>);
    let check_clock = {
        let clock = clock.clone();
        Callback::from(move |_| {
            let clock = clock.clone();
            spawn_local(
                async move { clock.set(Some(ipc::clock_offset().await.map_err(|error| error.code))) },
            );
        })
    };
    let go = |screen: Screen| navigate.reform(move |_| screen.clone());
    html! {
        <section class="card faq">
            <h1>{ text(lang, Key::FaqTitle) }</h1>
            { entry(lang, Key::FaqQ1, Key::FaqA1, html! {
                <button id="faq-forgot-user-id" class="secondary" onclick={go(Screen::ForgotUserId)}>{ text(lang, Key::ForgotUserId) }</button>
            }) }
            { entry(lang, Key::FaqQ2, Key::FaqA2, html! {
                <button id="faq-forgot-password" class="secondary" onclick={go(Screen::ForgotPassword)}>{ text(lang, Key::ForgotPassword) }</button>
            }) }
            { entry(lang, Key::FaqQ3, Key::FaqA3, html! {}) }
            { entry(lang, Key::FaqQ4, Key::FaqA4, html! {
                <button id="faq-login" class="secondary" onclick={go(Screen::Login)}>{ text(lang, Key::BackToLogin) }</button>
            }) }
            { entry(lang, Key::FaqQ5, Key::FaqA5, html! {
                <>
                    <button id="faq-check-clock" class="secondary" onclick={check_clock}>{ text(lang, Key::CheckClock) }</button>
                    { clock_answer(lang, *clock) }
                </>
            }) }
            <button id="faq-diagnostics" class="secondary" onclick={go(Screen::Diagnostics)}>{ text(lang, Key::DiagnosticsLink) }</button>
            <button id="back-to-login" class="link" onclick={go(Screen::Login)}>{ text(lang, Key::BackToLogin) }</button>
        </section>
    }
}

fn entry(lang: Lang, question: Key, answer: Key, remedy: Html) -> Html {
    html! {
        <section class="faq-entry">
            <h2>{ text(lang, question) }</h2>
            <p>{ text(lang, answer) }</p>
            { remedy }
        </section>
    }
}

fn clock_answer(lang: Lang, clock: Option<Result<ClockOffset, kenpo_api::ErrorCode>>) -> Html {
    match clock {
        None => html! {},
        Some(Err(code)) => {
            html! { <p id="clock-result" class="error" role="alert">{ i18n::error(lang, code) }</p> }
        }
        Some(Ok(clock)) => {
            let seconds = format!("{:.1}", clock.offset_ms.abs() as f64 / 1000.0);
            let key = match (clock.warn, clock.offset_ms > 0) {
                (false, _) => Key::ClockOffset,
                (true, true) => Key::ClockAhead,
                (true, false) => Key::ClockBehind,
            };
            let class = if clock.warn { "warning" } else { "notice" };
            html! { <p id="clock-result" {class} role="status">{ text(lang, key).replace("{n}", &seconds) }</p> }
        }
    }
}
