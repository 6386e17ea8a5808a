use kenpo_api::ErrorCode;
use kenpo_api::ipc::NoticeFile;
use kenpo_api::portal::Member;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::components::benefit_notices::BenefitNotices;
use crate::components::medical_notices::MedicalNotices;
use crate::components::qualification_notices::QualificationNotices;
use crate::i18n::{self, Key, Lang, text, use_lang};
use crate::ipc;

/// The three notices of the member guide's first page, one tab each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeTab {
    Medical,
    Benefit,
    Qualification,
}

impl NoticeTab {
    pub const ALL: [Self; 3] = [Self::Medical, Self::Benefit, Self::Qualification];

    fn id(self) -> &'static str {
        match self {
            Self::Medical => "tab-medical",
            Self::Benefit => "tab-benefit",
            Self::Qualification => "tab-qualification",
        }
    }

    /// The notice's full name, as on the home screen and the pane's heading.
    pub fn label(self) -> Key {
        match self {
            Self::Medical => Key::MedicalTab,
            Self::Benefit => Key::BenefitTab,
            Self::Qualification => Key::QualificationTab,
        }
    }

    /// The tab's own, shorter label: three fit side by side on a phone.
    fn short_label(self) -> Key {
        match self {
            Self::Medical => Key::MedicalTabShort,
            Self::Benefit => Key::BenefitTabShort,
            Self::Qualification => Key::QualificationTabShort,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub member: Member,
    pub tab: NoticeTab,
}

/// The member's notices, one tab per type, with the way back home.
#[function_component(Notices)]
pub fn notices(props: &NoticesProps) -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let tabs = NoticeTab::ALL.map(|tab| {
        let member = props.member.clone();
        let selected = tab == props.tab;
        html! {
            <button id={tab.id()} role="tab" aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("selected"))}
                onclick={navigate.reform(move |_| Screen::Notices(member.clone(), tab))}>{ text(lang, tab.short_label()) }</button>
        }
    });
    let home = {
        let member = props.member.clone();
        navigate.reform(move |_| Screen::Home(member.clone()))
    };
    html! {
        <section class="card notices">
            <h1>{ text(lang, Key::NoticesTitle) }</h1>
            <div class="tabs" role="tablist">{ for tabs }</div>
            <h2 id="notice-title">{ text(lang, props.tab.label()) }</h2>
            { match props.tab {
                NoticeTab::Medical => html! { <MedicalNotices /> },
                NoticeTab::Benefit => html! { <BenefitNotices /> },
                NoticeTab::Qualification => html! { <QualificationNotices /> },
            } }
            <button id="back-to-home" class="link" onclick={home}>{ text(lang, Key::BackToHome) }</button>
        </section>
    }
}

/// Where a save of a notice file stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Saving {
    Idle,
    Busy,
    Saved(String),
    Cancelled,
    Failed(ErrorCode),
}

/// A save in the platform's dialog, and its state to show with [`saving_status`].
#[hook]
pub fn use_saving() -> (UseStateHandle<Saving>, Callback<NoticeFile>) {
    let state = use_state(|| Saving::Idle);
    let save = {
        let state = state.clone();
        Callback::from(move |file: NoticeFile| {
            let state = state.clone();
            state.set(Saving::Busy);
            spawn_local(async move {
                state.set(match ipc::save_notice_file(&file).await {
                    Ok(saved) => saved.name.map_or(Saving::Cancelled, Saving::Saved),
                    Err(error) => Saving::Failed(error.code),
                });
            });
        })
    };
    (state, save)
}

pub fn saving_status(lang: Lang, saving: &Saving) -> Html {
    match saving {
        Saving::Idle => html! {},
        Saving::Busy => {
            html! { <p id="save-status" class="muted" role="status">{ text(lang, Key::Saving) }</p> }
        }
        Saving::Saved(name) => {
            html! { <p id="save-status" class="notice" role="status">{ text(lang, Key::SavedAs).replace("{name}", name) }</p> }
        }
        Saving::Cancelled => {
            html! { <p id="save-status" class="muted" role="status">{ text(lang, Key::SaveCancelled) }</p> }
        }
        Saving::Failed(code) => {
            html! { <p id="save-status" class="error" role="alert">{ i18n::error(lang, *code) }</p> }
        }
    }
}

/// The person choice over a household (`""` for everyone), or a note that only the member's own
/// notices are there.
pub fn person_choice(
    lang: Lang,
    id: &'static str,
    household: &[kenpo_api::notices::HouseholdPerson],
    chosen: Option<&str>,
    on_choose: Callback<Option<String>>,
) -> Html {
    if household.len() < 2 {
        return html! { <p class="muted">{ text(lang, Key::OnlyYou) }</p> };
    }
    let onchange = on_choose.reform(|event: Event| {
        let value = event.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        (!value.is_empty()).then_some(value)
    });
    html! {
        <label class="choice-row">{ text(lang, Key::PersonLabel) }
            <select {id} {onchange}>
                <option value="" selected={chosen.is_none()}>{ text(lang, Key::Everyone) }</option>
                { for household.iter().map(|person| html! {
                    <option value={person.person.clone()} selected={chosen == Some(person.person.as_str())}>{ &person.name }</option>
                }) }
            </select>
        </label>
    }
}

/// The name of 枝番 `person` in the household.
pub fn name_of<'a>(household: &'a [kenpo_api::notices::HouseholdPerson], person: &str) -> &'a str {
    household.iter().find(|known| known.person == person).map_or("", |known| known.name.as_str())
}

/// Previous and next page, when there is more than one.
pub fn pager(lang: Lang, page: u32, pages: u32, go: Callback<u32>) -> Html {
    if pages < 2 {
        return html! {};
    }
    html! {
        <nav class="pager">
            <button id="previous-page" class="link" disabled={page <= 1} onclick={go.reform(move |_| page - 1)}>{ text(lang, Key::PreviousPage) }</button>
            <span id="page-of">{ text(lang, Key::PageOf).replace("{page}", &page.to_string()).replace("{pages}", &pages.to_string()) }</span>
            <button id="next-page" class="link" disabled={page >= pages} onclick={go.reform(move |_| page + 1)}>{ text(lang, Key::NextPage) }</button>
        </nav>
    }
}
