//! The word that an influenza-subsidy application was received: its number, when, and what
//! happens next.

use std::rc::Rc;

use kenpo_api::subsidy::Application;
use yew::prelude::*;

use crate::components::subsidy_form::focus;
use crate::i18n::{self, Key, text, use_lang};

#[derive(Properties, PartialEq)]
pub struct ApplicationSentProps {
    pub application: Rc<Application>,
    /// Sent again after a correction: the time shown is this send's, not the first.
    #[prop_or_default]
    pub again: bool,
    pub on_back: Callback<()>,
}

/// The application was received: its number, when, and what happens next.
#[function_component(ApplicationSent)]
pub fn application_sent(props: &ApplicationSentProps) -> Html {
    let lang = use_lang();
    use_effect_with((), |_| focus("application-sent"));
    let application = &props.application;
    let at = if props.again { application.updated_at } else { application.submitted_at };
    html! {
        <section id="application-sent" class="sent" tabindex="-1" aria-labelledby="application-sent-title">
            <h2 id="application-sent-title" class="done-title">{ text(lang, Key::SentTitle) }</h2>
            <dl class="fields">
                <dt>{ text(lang, Key::ApplicationNumber) }</dt>
                <dd id="application-number" class="strong">{ &application.number }</dd>
                <dt>{ text(lang, Key::SentAt) }</dt>
                <dd id="application-time">{ i18n::jst_time(at) }</dd>
            </dl>
            <p>{ text(lang, Key::SentMail) }</p>
            <button id="to-applications" class="primary" onclick={props.on_back.reform(|_| ())}>{ text(lang, Key::ToApplications) }</button>
        </section>
    }
}
