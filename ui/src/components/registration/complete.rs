use yew::prelude::*;

use crate::components::enrollment::Enrollment;
use crate::i18n::{Key, text, use_lang};

/// [2-8] Registration is complete; instead of the guide's log-out-and-in-again, this device is
/// linked as the authenticator in one tap [3-1, 3-2].
#[function_component(CompleteStep)]
pub fn complete_step() -> Html {
    let lang = use_lang();
    html! {
        <>
            <h1 id="registered">{ text(lang, Key::RegDoneTitle) }</h1>
            <p>{ text(lang, Key::RegDoneExplain) }</p>
            <Enrollment embedded=true />
        </>
    }
}
