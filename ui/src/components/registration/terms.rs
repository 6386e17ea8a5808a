use kenpo_api::ipc::RegistrationInput;
use yew::prelude::*;

use super::{StepProps, use_step_call};
use crate::components::form::{button_text, field_error};
use crate::i18n::{Key, text, use_lang};

/// How close to the end counts as having read to it, in pixels.
const END_SLACK_PX: i32 = 8;

/// [2-4] The terms of use: scrolled to the end, then 同意する, naming the version read.
#[function_component(TermsStep)]
pub fn terms_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let call = use_step_call(props.on_next.clone());
    let read = use_state(|| false);
    let text_box = use_node_ref();

    let at_end = {
        let (read, text_box) = (read.clone(), text_box.clone());
        move || {
            if let Some(element) = text_box.cast::<web_sys::Element>()
                && element.scroll_top() + element.client_height() + END_SLACK_PX >= element.scroll_height()
            {
                read.set(true);
            }
        }
    };
    // Terms short enough to show whole (a large window) need no scrolling.
    {
        let at_end = at_end.clone();
        use_effect_with((), move |_| at_end());
    }
    let agree = {
        let (send, version) = (call.send.clone(), props.state.terms.version.clone());
        Callback::from(move |_| send.emit(RegistrationInput::AgreeTerms(version.clone())))
    };
    html! {
        <>
            <h1>{ text(lang, Key::TermsTitle) }</h1>
            <p class="muted">{ text(lang, Key::TermsHelp) }</p>
            <div id="terms-text" class="terms" tabindex="0" ref={text_box} onscroll={move |_| at_end()}
                role="document" aria-label={text(lang, Key::TermsTitle)}>
                { &props.state.terms.text }
            </div>
            if !*read {
                <p id="terms-hint" class="muted">{ text(lang, Key::TermsScrollToEnd) }</p>
            }
            { field_error(lang, "terms-error", call.error) }
            <button id="agree" class="primary" onclick={agree} disabled={!*read || call.busy}>
                { button_text(lang, call.busy, Key::Agree) }
            </button>
        </>
    }
}
