//! The receipts of an influenza-subsidy application: chosen on the device (on a phone the
//! picker offers the camera and the photo library), each handed to the app, which checks and
//! holds it until the application is sent, and listed with its name, size and a thumbnail.

use std::cell::RefCell;
use std::rc::Rc;

use kenpo_api::ErrorCode;
use kenpo_api::ipc::StagedReceipt;
use kenpo_api::subsidy::{MAX_RECEIPT_BYTES, MAX_RECEIPTS};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement, Url};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::subsidy_draft::{Change, RECEIPT_INPUT, StagedFile};
use crate::components::subsidy_input::file_size;
use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct ReceiptsProps {
    pub receipts: Vec<StagedFile>,
    /// Files still being checked.
    pub staging: usize,
    pub problem: Option<ErrorCode>,
    /// How many receipts the application being corrected was sent with.
    #[prop_or_default]
    pub kept: Option<u32>,
    pub on_files: Callback<Vec<File>>,
    pub on_remove: Callback<StagedFile>,
}

/// The receipts' part of the form.
#[function_component(Receipts)]
pub fn receipts(props: &ReceiptsProps) -> Html {
    let lang = use_lang();
    let full = props.receipts.len() + props.staging >= MAX_RECEIPTS;
    let onchange = props.on_files.reform(|event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        let files = input
            .files()
            .map_or_else(Vec::new, |list| (0..list.length()).filter_map(|at| list.get(at)).collect());
        // The same file can be chosen again after it was removed.
        input.set_value("");
        files
    });
    let row = |file: &StagedFile| {
        let remove = {
            let file = file.clone();
            props.on_remove.reform(move |_| file.clone())
        };
        html! {
            <li id={format!("receipt-{}", file.id)} class="receipt">
                if let Some(url) = &file.thumbnail {
                    <img class="thumbnail" src={url.clone()} alt="" />
                } else {
                    <span class="thumbnail file-kind" aria-hidden="true">{ "PDF" }</span>
                }
                <span class="file-name">{ &file.name }</span>
                <span class="muted file-size">{ file_size(file.bytes) }</span>
                <button type="button" class="link remove-receipt" onclick={remove}>
                    { text(lang, Key::RemoveReceipt) }<span class="sr-only">{ format!(" {}", file.name) }</span>
                </button>
            </li>
        }
    };
    let help = text(lang, Key::ReceiptsHelp).replace("{n}", &MAX_RECEIPTS.to_string());
    html! {
        <fieldset class="receipts">
            <legend>{ text(lang, Key::ReceiptsLabel) }</legend>
            <p id="receipts-help" class="muted">{ help }</p>
            if let Some(kept) = props.kept {
                <p id="receipts-kept" class="muted">{ text(lang, Key::ReceiptsKept).replace("{n}", &kept.to_string()) }</p>
            }
            <ul id="staged-receipts" class="staged-receipts">{ for props.receipts.iter().map(row) }</ul>
            if props.staging > 0 {
                <p id="receipt-staging" class="muted" role="status">{ text(lang, Key::ReceiptStaging) }</p>
            }
            if full && props.staging == 0 {
                <p class="muted">{ text(lang, Key::ReceiptsFull).replace("{n}", &MAX_RECEIPTS.to_string()) }</p>
            }
            <input id={RECEIPT_INPUT} type="file" accept="image/jpeg,image/png,application/pdf" multiple={true}
                disabled={full} {onchange} aria-describedby="receipts-help problem-receipts"
                aria-invalid={props.problem.is_some().to_string()} />
            if let Some(code) = props.problem {
                <p id="problem-receipts" class="problem" role="alert">{ i18n::error(lang, code) }</p>
            }
        </fieldset>
    }
}

/// Hands each file to the app in turn and tells the draft what became of it. A receipt the app
/// takes after the form was closed (`open` false) is let go at once, so it cannot go out with
/// another application.
pub fn stage(files: Vec<File>, change: Callback<Change>, open: Rc<RefCell<bool>>) {
    if files.is_empty() {
        return;
    }
    change.emit(Change::Staging(files.len()));
    spawn_local(async move {
        for file in files {
            let staged = stage_one(&file).await;
            if !*open.borrow() {
                if let Ok(staged) = staged {
                    ipc::unstage_receipt(staged.id).await.ok();
                }
                continue;
            }
            change.emit(match staged {
                Ok(staged) => {
                    let thumbnail = staged
                        .media_type
                        .starts_with("image/")
                        .then(|| Url::create_object_url_with_blob(&file).ok())
                        .flatten();
                    Change::Staged(StagedFile {
                        id: staged.id,
                        name: file.name(),
                        bytes: staged.bytes,
                        media_type: staged.media_type,
                        thumbnail,
                    })
                }
                Err(code) => Change::Refused(code),
            });
        }
    });
}

async fn stage_one(file: &File) -> Result<StagedReceipt, ErrorCode> {
    // Too large is known without reading the file into memory.
    if file.size() > MAX_RECEIPT_BYTES as f64 {
        return Err(ErrorCode::ReceiptTooLarge);
    }
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| ErrorCode::ReceiptNotAccepted)?;
    ipc::stage_receipt(&js_sys::Uint8Array::new(&buffer).to_vec()).await.map_err(|refused| refused.code)
}

/// Takes one receipt off the application, in the form and in the app.
pub fn remove(file: &StagedFile, change: &Callback<Change>) {
    change.emit(Change::Removed(file.id));
    let_go(vec![file.clone()]);
}

/// Lets receipts go: their thumbnails' object URLs, and the app's copies.
pub fn let_go(files: Vec<StagedFile>) {
    for file in &files {
        if let Some(url) = &file.thumbnail {
            Url::revoke_object_url(url).ok();
        }
    }
    if files.is_empty() {
        return;
    }
    spawn_local(async move {
        for file in files {
            ipc::unstage_receipt(file.id).await.ok();
        }
    });
}
