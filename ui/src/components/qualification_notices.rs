use kenpo_api::ErrorCode;
use kenpo_api::ipc::NoticeFile;
use kenpo_api::notices::QualificationNotice;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::notices::{saving_status, use_saving};
use crate::i18n::{self, Key, Lang, text, use_lang};
use crate::ipc;

/// 資格情報のお知らせ of each person the member sees: every field the notice has, 記号・番号 as
/// the zero-padded text they are; each printable.
#[function_component(QualificationNotices)]
pub fn qualification_notices() -> Html {
    let lang = use_lang();
    let shown = use_state(|| None::<Result<Vec<QualificationNotice>, ErrorCode>>);
    let (saving, save) = use_saving();
    {
        let shown = shown.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                shown.set(Some(ipc::qualification_notices().await.map_err(|error| error.code)));
            });
        });
    }
    let notices = match &*shown {
        None => return html! { <p class="muted" role="status">{ text(lang, Key::Loading) }</p> },
        Some(Err(code)) => {
            return html! { <p id="notices-error" class="error" role="alert">{ i18n::error(lang, *code) }</p> };
        }
        Some(Ok(notices)) => notices,
    };
    html! {
        <div class="notice-pane">
            if notices.is_empty() {
                <p id="no-notices" class="muted">{ text(lang, Key::NoQualifications) }</p>
            }
            <ul id="qualification-notices" class="benefit-list">
                { for notices.iter().map(|notice| card(lang, notice, &save)) }
            </ul>
            { saving_status(lang, &saving) }
        </div>
    }
}

fn card(lang: Lang, notice: &QualificationNotice, save: &Callback<NoticeFile>) -> Html {
    let field = |label: Key, value: String| html! { <><dt>{ text(lang, label) }</dt><dd>{ value }</dd></> };
    let person = notice.person.clone();
    html! {
        <li class="benefit" id={format!("qualification-{}", notice.person)}>
            <div class="row-head"><span class="facility">{ &notice.name }</span></div>
            <dl class="fields">
                { field(Key::BornOn, i18n::date(lang, &notice.birth_date)) }
                { field(Key::Kigo, notice.kigo.clone()) }
                { field(Key::Bango, notice.bango.clone()) }
                { field(Key::Edaban, notice.edaban.clone()) }
                { field(Key::InsurerNumber, notice.insurer_number.clone()) }
                { field(Key::InsurerName, notice.insurer_name.clone()) }
                { field(Key::Acquired, i18n::date(lang, &notice.acquired_on)) }
                { field(Key::Copay, text(lang, Key::CopayValue).replace("{n}", &notice.copay_tenths.to_string())) }
                { field(Key::IssuedOn, i18n::date(lang, &notice.issued_on)) }
            </dl>
            <button class="secondary small save-pdf" onclick={save.reform(move |_| NoticeFile::QualificationPdf { person: person.clone() })}>{ text(lang, Key::SavePdf) }</button>
        </li>
    }
}
