use std::rc::Rc;

use kenpo_api::ErrorCode;
use kenpo_api::ipc::NoticeFile;
use kenpo_api::notices::{MedicalNotice, MedicalYear};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::notices::{Saving, name_of, pager, person_choice, saving_status, use_saving};
use crate::i18n::{self, Key, Lang, money, text, use_lang};
use crate::ipc;

/// What the member asked to see: year (the newest with notices when none), person (everyone
/// when none) and page.
#[derive(Debug, Clone, PartialEq)]
struct Asked {
    year: Option<i32>,
    person: Option<String>,
    page: u32,
}

#[derive(Clone, PartialEq)]
struct MedicalState {
    asked: Asked,
    shown: Option<Rc<MedicalYear>>,
    loading: bool,
    error: Option<ErrorCode>,
    export_open: bool,
}

enum Action {
    Year(i32),
    Person(Option<String>),
    Page(u32),
    Loaded(MedicalYear),
    Failed(ErrorCode),
    ToggleExport,
}

impl Reducible for MedicalState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Year(year) => {
                next.asked = Asked { year: Some(year), page: 1, ..next.asked };
                next.loading = true;
            }
            Action::Person(person) => {
                next.asked = Asked { person, page: 1, ..next.asked };
                next.loading = true;
            }
            Action::Page(page) => {
                next.asked.page = page;
                next.loading = true;
            }
            Action::Loaded(year) => {
                next.shown = Some(Rc::new(year));
                next.loading = false;
                next.error = None;
            }
            Action::Failed(code) => {
                next.loading = false;
                next.error = Some(code);
            }
            Action::ToggleExport => next.export_open = !next.export_open,
        }
        Rc::new(next)
    }
}

/// 医療費のお知らせ: a year, by person, by month with 和暦 beside 西暦, each person's totals and
/// the household's; the tax export and the printable year.
#[function_component(MedicalNotices)]
pub fn medical_notices() -> Html {
    let lang = use_lang();
    let state = use_reducer(|| MedicalState {
        asked: Asked { year: None, person: None, page: 1 },
        shown: None,
        loading: true,
        error: None,
        export_open: false,
    });
    let (saving, save) = use_saving();
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.asked.clone(), move |asked| {
            let asked = asked.clone();
            spawn_local(async move {
                match ipc::medical_notices(asked.year, asked.person.as_deref(), asked.page).await {
                    Ok(year) => dispatch.dispatch(Action::Loaded(year)),
                    Err(error) => dispatch.dispatch(Action::Failed(error.code)),
                }
            });
        });
    }
    let Some(shown) = state.shown.clone() else {
        return match state.error {
            Some(code) => {
                html! { <p id="notices-error" class="error" role="alert">{ i18n::error(lang, code) }</p> }
            }
            None => html! { <p class="muted" role="status">{ text(lang, Key::Loading) }</p> },
        };
    };
    let dispatch = state.dispatcher();
    let choose_year = send(&dispatch, Action::Year).reform(|event: Event| {
        let value = event.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        value.parse().unwrap_or_default()
    });
    let year_option = |year: &i32| {
        let era = kenpo_api::notices::wareki_month(*year as u32 * 100 + 12).unwrap_or_default();
        let era = era.split('年').next().unwrap_or_default().to_owned() + "年";
        let label = text(lang, Key::YearOption).replace("{year}", &year.to_string()).replace("{era}", &era);
        html! { <option value={year.to_string()} selected={*year == shown.year}>{ label }</option> }
    };
    let file = |make: fn(i32, Option<String>) -> NoticeFile| {
        let (year, person) = (shown.year, shown.person.clone());
        save.reform(move |_| make(year, person.clone()))
    };
    html! {
        <div class="notice-pane" aria-busy={state.loading.to_string()}>
            <div class="filters">
                <label class="choice-row">{ text(lang, Key::YearOfTreatment) }
                    <select id="medical-year" onchange={choose_year}>{ for shown.years.iter().map(year_option) }</select>
                </label>
                { person_choice(lang, "medical-person", &shown.household, shown.person.as_deref(), send(&dispatch, Action::Person)) }
            </div>
            if let Some(code) = state.error {
                <p id="notices-error" class="error" role="alert">{ i18n::error(lang, code) }</p>
            }
            { totals(lang, &shown) }
            <div class="actions">
                <button id="export" class="secondary" onclick={{ let dispatch = dispatch.clone(); Callback::from(move |_| dispatch.dispatch(Action::ToggleExport)) }}
                    aria-expanded={state.export_open.to_string()}>{ text(lang, Key::ExportTitle) }</button>
                if state.export_open {
                    <div id="export-panel" class="confirm">
                        <p>{ text(lang, Key::ExportExplain) }</p>
                        if let Some(caveat) = &shown.export_caveat {
                            <p id="export-caveat" class="warning">{ caveat }</p>
                        }
                        <button id="export-xlsx" class="primary" disabled={*saving == Saving::Busy}
                            onclick={file(|year, person| NoticeFile::MedicalExport { year, person, csv: false })}>{ text(lang, Key::ExportExcel) }</button>
                        <button id="export-csv" class="secondary"
                            onclick={file(|year, person| NoticeFile::MedicalExport { year, person, csv: true })}>{ text(lang, Key::ExportCsv) }</button>
                    </div>
                }
                <button id="save-medical-pdf" class="secondary" onclick={file(|year, person| NoticeFile::MedicalPdf { year, person })}>{ text(lang, Key::SavePdf) }</button>
                { saving_status(lang, &saving) }
            </div>
            { rows(lang, &shown) }
            { pager(lang, shown.page, shown.pages, send(&dispatch, Action::Page)) }
        </div>
    }
}

/// A callback that dispatches `make(value)`.
fn send<T: 'static>(dispatch: &UseReducerDispatcher<MedicalState>, make: fn(T) -> Action) -> Callback<T> {
    let dispatch = dispatch.clone();
    Callback::from(move |value| dispatch.dispatch(make(value)))
}

fn totals(lang: Lang, shown: &MedicalYear) -> Html {
    let line = |id: String, label: String, totals: kenpo_api::notices::MedicalTotals| {
        html! {
            <tr {id}>
                <th scope="row">{ label }</th>
                <td class="amount">{ money(lang, totals.total) }</td>
                <td class="amount strong">{ money(lang, totals.self_pay) }</td>
            </tr>
        }
    };
    html! {
        <table class="totals">
            <thead><tr><th></th><th>{ text(lang, Key::TotalCost) }</th><th>{ text(lang, Key::SelfPay) }</th></tr></thead>
            <tbody>
                { for shown.per_person.iter().map(|person| {
                    let name = name_of(&shown.household, &person.person);
                    line(format!("total-{}", person.person), text(lang, Key::PersonTotal).replace("{name}", name), person.totals)
                }) }
                if shown.per_person.len() > 1 {
                    { line("total-household".to_owned(), text(lang, Key::HouseholdTotal).to_owned(), shown.totals) }
                }
            </tbody>
        </table>
    }
}

fn rows(lang: Lang, shown: &MedicalYear) -> Html {
    if shown.notices.is_empty() {
        return html! { <p id="no-notices" class="muted">{ text(lang, Key::NoMedicalNotices) }</p> };
    }
    let mut months: Vec<(u32, Vec<&MedicalNotice>)> = Vec::new();
    for notice in &shown.notices {
        match months.last_mut() {
            Some((month, rows)) if *month == notice.month => rows.push(notice),
            _ => months.push((notice.month, vec![notice])),
        }
    }
    html! {
        <div id="medical-rows">
            { for months.into_iter().map(|(month, notices)| html! {
                <section class="month">
                    <h2 class="month-heading">{ i18n::treatment_month(lang, month) }</h2>
                    <ul class="notice-rows">
                        { for notices.into_iter().map(|notice| row(lang, shown, notice)) }
                    </ul>
                </section>
            }) }
        </div>
    }
}

fn row(lang: Lang, shown: &MedicalYear, notice: &MedicalNotice) -> Html {
    let facility = notice.facility.clone().unwrap_or_else(|| text(lang, Key::NoFacility).to_owned());
    html! {
        <li class="notice-row">
            <div class="row-head">
                <span class="facility">{ facility }</span>
                <span class="category">{ notice.category.label() }</span>
            </div>
            <div class="row-detail">
                <span class="person">{ name_of(&shown.household, &notice.person) }</span>
                <span class="muted">{ text(lang, Key::DaysCount).replace("{n}", &notice.days.to_string()) }</span>
                <span class="amount muted">{ text(lang, Key::TotalCost) }{ " " }{ money(lang, notice.total) }</span>
                <span class="amount strong self-pay">{ text(lang, Key::SelfPay) }{ " " }{ money(lang, notice.self_pay) }</span>
            </div>
        </li>
    }
}
