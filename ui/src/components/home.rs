use kenpo_api::portal::Member;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::components::notices::NoticeTab;
use crate::i18n::{Key, text, use_lang};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct HomeProps {
    pub member: Member,
}

/// The member's home after login: greets them by name and leads to their notices and the
/// influenza-subsidy applications.
#[function_component(Home)]
pub fn home(props: &HomeProps) -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let change_password = {
        let member = props.member.clone();
        navigate.reform(move |_| Screen::ChangePassword(member.clone()))
    };
    let change_email = {
        let member = props.member.clone();
        navigate.reform(move |_| Screen::ChangeEmail(member.clone()))
    };
    let new_device = {
        let member = props.member.clone();
        navigate.reform(move |_| Screen::NewDevice(member.clone()))
    };
    let notices = NoticeTab::ALL.map(|tab| {
        let member = props.member.clone();
        let id = match tab {
            NoticeTab::Medical => "open-medical",
            NoticeTab::Benefit => "open-benefit",
            NoticeTab::Qualification => "open-qualification",
        };
        html! { <button {id} class="primary" onclick={navigate.reform(move |_| Screen::Notices(member.clone(), tab))}>{ text(lang, tab.label()) }</button> }
    });
    let subsidy = {
        let member = props.member.clone();
        navigate.reform(move |_| Screen::Subsidy(member.clone()))
    };
    let logout = Callback::from(move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Leaving the home screen must work even when the portal is gone.
            ipc::logout().await.ok();
            navigate.emit(Screen::Login);
        });
    });
    html! {
        <section class="card">
            <h1 id="welcome">{ text(lang, Key::Welcome).replace("{name}", &props.member.name) }</h1>
            <p class="muted">{ text(lang, Key::LoggedInAs) }{ ": " }<span id="member-user-id">{ &props.member.user_id }</span></p>
            <nav class="notice-links">
                { for notices }
                <button id="open-subsidy" class="primary" onclick={subsidy}>{ text(lang, Key::SubsidyOpen) }</button>
            </nav>
            <button id="change-password" class="secondary" onclick={change_password}>{ text(lang, Key::ChangePassword) }</button>
            <button id="change-email" class="secondary" onclick={change_email}>{ text(lang, Key::ChangeEmail) }</button>
            <button id="new-device" class="secondary" onclick={new_device}>{ text(lang, Key::NewDevice) }</button>
            <button id="logout" class="secondary" onclick={logout}>{ text(lang, Key::Logout) }</button>
        </section>
    }
}
