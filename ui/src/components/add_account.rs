use kenpo_api::ErrorCode;
use kenpo_api::ipc::{AddedAccounts, SecretCheck};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct AddAccountProps {
    pub on_added: Callback<AddedAccounts>,
    pub on_cancel: Callback<()>,
}

/// Adding an authenticator account three ways: a QR code in an image, a pasted enrollment code,
/// or the secret key typed by hand [「コードを手動で入力」], checked as it is typed.
#[function_component(AddAccount)]
pub fn add_account(props: &AddAccountProps) -> Html {
    let lang = use_lang();
    let pasted = use_state(String::new);
    let secret = use_state(String::new);
    let name = use_state(String::new);
    let check = use_state(|| None::<Result<SecretCheck, ErrorCode>>);
    let error = use_state(|| None::<ErrorCode>);
    let busy = use_state(|| false);
    let can_scan = use_state(|| false);
    {
        let can_scan = can_scan.clone();
        use_effect_with((), move |_| spawn_local(async move { can_scan.set(ipc::can_scan().await) }));
    }

    // Runs one add; the answer goes to `on_added`, a refusal stays on this screen.
    let run = {
        let (error, busy, on_added) = (error.clone(), busy.clone(), props.on_added.clone());
        move |add: std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<AddedAccounts, kenpo_api::ApiError>>>,
        >| {
            busy.set(true);
            error.set(None);
            let (error, busy, on_added) = (error.clone(), busy.clone(), on_added.clone());
            spawn_local(async move {
                match add.await {
                    Ok(added) => on_added.emit(added),
                    Err(refused) => error.set(Some(refused.code)),
                }
                busy.set(false);
            });
        }
    };

    let on_image = {
        let run = run.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            run(Box::pin(async move {
                let buffer = JsFuture::from(file.array_buffer())
                    .await
                    .map_err(|_| kenpo_api::ApiError::new(ErrorCode::NotAnImage))?;
                ipc::add_from_image(&js_sys::Uint8Array::new(&buffer).to_vec()).await
            }));
        })
    };
    let on_scan = {
        let run = run.clone();
        Callback::from(move |_| run(Box::pin(ipc::scan_and_add())))
    };
    let on_clipboard = {
        let run = run.clone();
        Callback::from(move |_| run(Box::pin(ipc::add_from_clipboard_image())))
    };
    let on_paste_submit = {
        let (run, pasted) = (run.clone(), pasted.clone());
        Callback::from(move |_| {
            let text = (*pasted).clone();
            run(Box::pin(async move { ipc::add_from_text(&text).await }));
        })
    };
    let on_key_submit = {
        let (run, secret, name) = (run.clone(), secret.clone(), name.clone());
        Callback::from(move |_| {
            let (secret, name) = ((*secret).clone(), (*name).clone());
            run(Box::pin(async move { ipc::add_typed_key(&secret, &name).await }));
        })
    };
    let on_pasted = {
        let pasted = pasted.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            pasted.set(area.value());
        })
    };
    // The key as last typed: a check that answers after a newer keystroke is dropped.
    let latest_secret = use_mut_ref(String::new);
    let on_secret = {
        let (secret, check, latest_secret) = (secret.clone(), check.clone(), latest_secret.clone());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let value = input.value();
            secret.set(value.clone());
            *latest_secret.borrow_mut() = value.clone();
            let (check, latest_secret) = (check.clone(), latest_secret.clone());
            spawn_local(async move {
                let result = if value.trim().is_empty() {
                    None
                } else {
                    Some(ipc::check_typed_key(&value).await.map_err(|refused| refused.code))
                };
                if *latest_secret.borrow() == value {
                    check.set(result);
                }
            });
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            name.set(input.value());
        })
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_| on_cancel.emit(()))
    };

    let key_check = match &*check {
        Some(Ok(found)) => {
            let key = if found.weak { Key::SecretWeak } else { Key::SecretBits };
            html! { <p id="secret-check" class="muted">{ text(lang, key).replace("{n}", &found.bits.to_string()) }</p> }
        }
        Some(Err(code)) => html! { <p id="secret-check" class="warning">{ i18n::error(lang, *code) }</p> },
        None => html! {},
    };

    html! {
        <section class="card">
            <h1>{ text(lang, Key::AddTitle) }</h1>
            if let Some(code) = *error {
                <p id="add-error" class="error" role="alert">{ i18n::error(lang, code) }</p>
            }
            if *can_scan {
                <h2>{ text(lang, Key::FromCamera) }</h2>
                <p class="muted">{ text(lang, Key::FromCameraHelp) }</p>
                <button id="scan" class="primary" onclick={on_scan} disabled={*busy}>{ text(lang, Key::FromCamera) }</button>
            }
            <h2>{ text(lang, Key::FromImage) }</h2>
            <p class="muted">{ text(lang, Key::FromImageHelp) }</p>
            <input id="image-file" type="file" accept="image/png,image/jpeg" onchange={on_image} disabled={*busy} />
            <button id="from-clipboard" class="secondary" onclick={on_clipboard} disabled={*busy}>{ text(lang, Key::FromClipboard) }</button>

            <h2>{ text(lang, Key::FromText) }</h2>
            <p class="muted">{ text(lang, Key::FromTextHelp) }</p>
            <textarea id="pasted" rows="3" spellcheck="false" value={(*pasted).clone()} oninput={on_pasted} />
            <button id="add-pasted" class="secondary" onclick={on_paste_submit} disabled={*busy}>{ text(lang, Key::AddButton) }</button>

            <h2>{ text(lang, Key::FromKey) }</h2>
            <label for="secret">{ text(lang, Key::SecretKey) }</label>
            <input id="secret" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false"
                value={(*secret).clone()} oninput={on_secret} />
            { key_check }
            <label for="account-name">{ text(lang, Key::AccountName) }</label>
            <input id="account-name" type="text" value={(*name).clone()} oninput={on_name} />
            <button id="add-key" class="primary" onclick={on_key_submit} disabled={*busy}>{ text(lang, Key::AddButton) }</button>

            <button id="add-cancel" class="link" onclick={cancel}>{ text(lang, Key::Cancel) }</button>
        </section>
    }
}
