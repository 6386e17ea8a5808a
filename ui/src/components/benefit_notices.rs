use kenpo_api::ErrorCode;
use kenpo_api::ipc::NoticeFile;
use kenpo_api::notices::{BenefitNotice, BenefitNotices as Page, EMPLOYER_PAYMENT_CAVEAT};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::notices::{name_of, pager, person_choice, saving_status, use_saving};
use crate::i18n::{self, Key, Lang, money, text, use_lang};
use crate::ipc;

/// 現金給付支給決定通知, newest payment first: the benefit, the person, the month or period, the
/// statutory and additional amounts and the payment date (through the employer, with its
/// caveat); each printable.
#[function_component(BenefitNotices)]
pub fn benefit_notices() -> Html {
    let lang = use_lang();
    let asked = use_state(|| (None::<String>, 1u32));
    let shown = use_state(|| None::<Result<Page, ErrorCode>>);
    let (saving, save) = use_saving();
    {
        let shown = shown.clone();
        use_effect_with((*asked).clone(), move |(person, page)| {
            let (person, page) = (person.clone(), *page);
            spawn_local(async move {
                shown.set(Some(
                    ipc::benefit_notices(person.as_deref(), page).await.map_err(|error| error.code),
                ));
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
    let choose_person = {
        let asked = asked.clone();
        Callback::from(move |person| asked.set((person, 1)))
    };
    let go = {
        let asked = asked.clone();
        Callback::from(move |page| asked.set((asked.0.clone(), page)))
    };
    html! {
        <div class="notice-pane">
            <div class="filters">
                { person_choice(lang, "benefit-person", &notices.household, asked.0.as_deref(), choose_person) }
            </div>
            if notices.notices.is_empty() {
                <p id="no-notices" class="muted">{ text(lang, Key::NoBenefits) }</p>
            }
            <ul id="benefit-notices" class="benefit-list">
                { for notices.notices.iter().map(|notice| card(lang, notices, notice, &save)) }
            </ul>
            { pager(lang, notices.page, notices.pages, go) }
            { saving_status(lang, &saving) }
        </div>
    }
}

fn card(lang: Lang, page: &Page, notice: &BenefitNotice, save: &Callback<NoticeFile>) -> Html {
    let when = match (&notice.month, &notice.period) {
        (Some(month), _) => (Key::TreatmentMonth, i18n::treatment_month(lang, *month)),
        (None, Some(period)) => {
            (Key::Period, format!("{} 〜 {}", i18n::date(lang, &period.from), i18n::date(lang, &period.to)))
        }
        (None, None) => (Key::Period, String::new()),
    };
    let id = notice.id;
    let field = |label: Key, value: String| html! { <><dt>{ text(lang, label) }</dt><dd>{ value }</dd></> };
    html! {
        <li class="benefit" id={format!("benefit-{id}")}>
            <div class="row-head">
                <span class="facility">{ &notice.kind }</span>
                <span class="person">{ name_of(&page.household, &notice.person) }</span>
            </div>
            <dl class="fields">
                { field(when.0, when.1) }
                { field(Key::Statutory, money(lang, notice.statutory)) }
                { field(Key::Additional, money(lang, notice.additional)) }
                <dt>{ text(lang, Key::BenefitTotal) }</dt><dd class="strong">{ money(lang, notice.statutory + notice.additional) }</dd>
                { field(Key::PaidOn, i18n::date(lang, &notice.paid_on)) }
            </dl>
            if notice.via_employer {
                <p class="warning employer">{ EMPLOYER_PAYMENT_CAVEAT }</p>
            }
            <button class="secondary small save-pdf" onclick={save.reform(move |_| NoticeFile::BenefitPdf { id })}>{ text(lang, Key::SavePdf) }</button>
        </li>
    }
}
