use gloo_timers::callback::Interval;
use kenpo_api::ErrorCode;
use kenpo_api::ipc::{AccountCode, AddedAccounts};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::add_account::AddAccount;
use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

/// Whole seconds since `since_ms` (the clock of the webview), the screen drawn again each
/// second: codes count down between the app's `codes-changed` without a call to the app.
#[hook]
pub fn use_elapsed_seconds(since_ms: f64) -> u64 {
    // 0 until the first second passes: the server-side renderer has no clock.
    let now = use_state(|| 0.0);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let interval = Interval::new(1_000, move || now.set(js_sys::Date::now()));
            move || drop(interval)
        });
    }
    if since_ms <= 0.0 { 0 } else { ((*now - since_ms) / 1000.0).max(0.0) as u64 }
}

/// Every authenticator account on this device with its current code, a countdown ring and, in
/// the last seconds, the next code; search, reorder, rename, and delete after a confirmation.
#[function_component(Accounts)]
pub fn accounts() -> Html {
    let lang = use_lang();
    let list = use_state(Vec::<AccountCode>::new);
    // A failed refresh, and a failed action (kept until the next action, not wiped by the poll).
    let error = use_state(|| None::<ErrorCode>);
    let action_error = use_state(|| None::<ErrorCode>);
    let query = use_state(String::new);
    let adding = use_state(|| false);
    let notice = use_state(|| None::<String>);
    let confirm_delete = use_state(|| None::<AccountCode>);
    let renaming = use_state(|| None::<(String, String)>);
    // Bumped after every change, so the list is fetched at once rather than at the next tick.
    let version = use_state(|| 0u32);

    // When the list was fetched: the seconds are counted down from then on this screen.
    let fetched_at = use_state(|| 0.0);
    {
        let (list, error, fetched_at) = (list.clone(), error.clone(), fetched_at.clone());
        use_effect_with(*version, move |_| {
            let refresh = move || {
                let (list, error, fetched_at) = (list.clone(), error.clone(), fetched_at.clone());
                spawn_local(async move {
                    match ipc::list_accounts().await {
                        Ok(found) => {
                            fetched_at.set(js_sys::Date::now());
                            list.set(found);
                            error.set(None);
                        }
                        Err(refused) => error.set(Some(refused.code)),
                    }
                });
            };
            refresh();
            // Fetched again only when a code changes, which the app tells.
            let watch = ipc::on_codes_changed(Callback::from(move |()| refresh()));
            move || drop(watch)
        });
    }
    let elapsed = use_elapsed_seconds(*fetched_at);

    let changed = {
        let (version, action_error) = (version.clone(), action_error.clone());
        move |result: Result<(), kenpo_api::ApiError>| {
            action_error.set(result.err().map(|refused| refused.code));
            version.set(*version + 1);
        }
    };

    if *adding {
        let on_added = {
            let (adding, notice, version) = (adding.clone(), notice.clone(), version.clone());
            Callback::from(move |added: AddedAccounts| {
                let mut message = text(lang, Key::Added).replace("{n}", &added.added.len().to_string());
                for (names, key) in
                    [(&added.duplicates, Key::SkippedDuplicates), (&added.unsupported, Key::SkippedHotp)]
                {
                    if !names.is_empty() {
                        message.push(' ');
                        message.push_str(&text(lang, key).replace("{names}", &names.join("、")));
                    }
                }
                notice.set(Some(message));
                adding.set(false);
                version.set(*version + 1);
            })
        };
        let on_cancel = {
            let adding = adding.clone();
            Callback::from(move |()| adding.set(false))
        };
        return html! { <AddAccount {on_added} {on_cancel} /> };
    }

    let on_query = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            query.set(input.value());
        })
    };
    let start_adding = {
        let (adding, notice) = (adding.clone(), notice.clone());
        Callback::from(move |_| {
            notice.set(None);
            adding.set(true);
        })
    };

    let needle = query.trim().to_lowercase();
    let shown: Vec<(usize, &AccountCode)> = list
        .iter()
        .enumerate()
        .filter(|(_, account)| {
            needle.is_empty()
                || account.name.to_lowercase().contains(&needle)
                || account.issuer.as_deref().is_some_and(|issuer| issuer.to_lowercase().contains(&needle))
        })
        .collect();

    let row = |(position, account): (usize, &AccountCode)| {
        let id = account.id.clone();
        let move_up = {
            let (id, changed) = (id.clone(), changed.clone());
            Callback::from(move |_| {
                let (id, changed) = (id.clone(), changed.clone());
                spawn_local(async move { changed(ipc::move_account(&id, position.saturating_sub(1)).await) });
            })
        };
        let ask_delete = {
            let (confirm_delete, account) = (confirm_delete.clone(), account.clone());
            Callback::from(move |_| confirm_delete.set(Some(account.clone())))
        };
        let copy = {
            let (id, notice, action_error) = (id.clone(), notice.clone(), action_error.clone());
            Callback::from(move |_| {
                let (id, notice, action_error) = (id.clone(), notice.clone(), action_error.clone());
                spawn_local(async move {
                    match ipc::copy_code(&id).await {
                        Ok(()) => {
                            action_error.set(None);
                            notice.set(Some(text(lang, Key::Copied).to_owned()));
                        }
                        Err(refused) => action_error.set(Some(refused.code)),
                    }
                });
            })
        };
        let start_rename = {
            let (renaming, id, name) = (renaming.clone(), id.clone(), account.name.clone());
            Callback::from(move |_| renaming.set(Some((id.clone(), name.clone()))))
        };
        // The ring empties as the code's seconds run out.
        let circumference = 2.0 * std::f64::consts::PI * 14.0;
        let seconds_left = account.seconds_left.saturating_sub(elapsed);
        let left = seconds_left.min(account.period) as f64 / account.period.max(1) as f64;
        let dash = format!("{:.1} {:.1}", circumference * left, circumference);
        let spaced = |code: &str| {
            let middle = code.len() / 2;
            format!("{} {}", &code[..middle], &code[middle..])
        };
        html! {
            <li class="account" key={id.clone()}>
                <div class="account-head">
                    <span class="account-issuer">{ account.issuer.clone().unwrap_or_default() }</span>
                    <span class="account-name">{ &account.name }</span>
                </div>
                <div class="account-code">
                    if let Some(problem) = account.problem {
                        <span class="warning">{ i18n::error(lang, problem) }</span>
                    } else {
                        <button class="code" title={text(lang, Key::CopyHint)} onclick={copy}>{ spaced(&account.code) }</button>
                    }
                    <svg class="ring" viewBox="0 0 32 32" aria-label={text(lang, Key::SecondsLeft).replace("{n}", &seconds_left.to_string())}>
                        <circle class="ring-track" cx="16" cy="16" r="14" />
                        <circle class="ring-left" cx="16" cy="16" r="14" stroke-dasharray={dash} transform="rotate(-90 16 16)" />
                    </svg>
                </div>
                if let Some(next) = &account.next_code {
                    <p class="next-code muted">{ text(lang, Key::NextCode) }{ ": " }{ spaced(next) }</p>
                }
                <div class="account-actions">
                    if position > 0 {
                        <button class="link" onclick={move_up}>{ text(lang, Key::MoveUp) }</button>
                    }
                    <button class="link" onclick={start_rename}>{ text(lang, Key::Rename) }</button>
                    <button class="link danger" onclick={ask_delete}>{ text(lang, Key::Delete) }</button>
                </div>
            </li>
        }
    };

    let dialog = if let Some(account) = (*confirm_delete).clone() {
        let confirm = {
            let (confirm_delete, changed, id) = (confirm_delete.clone(), changed.clone(), account.id.clone());
            Callback::from(move |_| {
                confirm_delete.set(None);
                let (id, changed) = (id.clone(), changed.clone());
                spawn_local(async move { changed(ipc::delete_account(&id).await) });
            })
        };
        let cancel = {
            let confirm_delete = confirm_delete.clone();
            Callback::from(move |_| confirm_delete.set(None))
        };
        html! {
            <div class="confirm" role="alertdialog">
                <p id="delete-question">{ text(lang, Key::DeleteConfirm).replace("{name}", &account.name) }</p>
                <button id="delete-yes" class="danger-button" onclick={confirm}>{ text(lang, Key::DeleteYes) }</button>
                <button id="delete-no" class="secondary" onclick={cancel}>{ text(lang, Key::Cancel) }</button>
            </div>
        }
    } else if let Some((id, name)) = (*renaming).clone() {
        let on_name = {
            let (renaming, id) = (renaming.clone(), id.clone());
            Callback::from(move |event: InputEvent| {
                let input: HtmlInputElement = event.target_unchecked_into();
                renaming.set(Some((id.clone(), input.value())));
            })
        };
        let save = {
            let (renaming, changed, id, name) = (renaming.clone(), changed.clone(), id.clone(), name.clone());
            Callback::from(move |_| {
                renaming.set(None);
                let (id, name, changed) = (id.clone(), name.clone(), changed.clone());
                spawn_local(async move { changed(ipc::rename_account(&id, &name).await) });
            })
        };
        let cancel = {
            let renaming = renaming.clone();
            Callback::from(move |_| renaming.set(None))
        };
        html! {
            <div class="confirm">
                <label for="rename">{ text(lang, Key::Rename) }</label>
                <input id="rename" type="text" value={name} oninput={on_name} />
                <button id="rename-save" class="primary" onclick={save}>{ text(lang, Key::Save) }</button>
                <button class="secondary" onclick={cancel}>{ text(lang, Key::Cancel) }</button>
            </div>
        }
    } else {
        html! {}
    };

    html! {
        <section class="card">
            <div class="accounts-bar">
                <h1>{ text(lang, Key::AccountsTitle) }</h1>
                <button id="add-account" class="primary small" onclick={start_adding}>{ text(lang, Key::AddAccount) }</button>
            </div>
            if let Some(message) = (*notice).clone() {
                <p id="notice" class="notice" role="status">{ message }</p>
            }
            if let Some(code) = (*action_error).or(*error) {
                <p id="error" class="error" role="alert">{ i18n::error(lang, code) }</p>
            }
            { dialog }
            if list.len() > 3 {
                <input id="search" type="search" placeholder={text(lang, Key::Search)} value={(*query).clone()} oninput={on_query} />
            }
            if list.is_empty() && error.is_none() {
                <p class="muted">{ text(lang, Key::NoAccounts) }</p>
            } else {
                <p class="muted">{ text(lang, Key::CopyHint) }</p>
            }
            <ul id="accounts" class="accounts">
                { for shown.into_iter().map(row) }
            </ul>
        </section>
    }
}
