//! インフルエンザ予防接種補助申請: the screen that holds the overview (the season and the
//! member's applications), the form (new, or a correction), and the word that one was received.
//! The rules themselves are `kenpo_api::subsidy`'s; this screen only moves between its parts.

use std::rc::Rc;

use kenpo_api::ErrorCode;
use kenpo_api::portal::Member;
use kenpo_api::subsidy::{Application, Subsidy};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::app::{Screen, use_navigator};
use crate::components::subsidy_form::SubsidyForm;
use crate::components::subsidy_list::SubsidyOverview;
use crate::components::subsidy_sent::ApplicationSent;
use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

/// Which part of the screen is shown.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    List,
    /// The form: a new application, or the one returned for correction.
    Writing(Option<Rc<Application>>),
    Sent {
        application: Rc<Application>,
        again: bool,
    },
}

#[derive(Clone, PartialEq)]
struct SubsidyState {
    overview: Option<Result<Rc<Subsidy>, ErrorCode>>,
    part: Part,
    /// Counts the fetches asked for: a new count fetches the overview again.
    loads: u32,
}

enum Action {
    Loaded(Subsidy),
    Failed(ErrorCode),
    Write(Option<Rc<Application>>),
    Cancel,
    Sent(Application),
    Reload,
}

impl Reducible for SubsidyState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Loaded(overview) => next.overview = Some(Ok(Rc::new(overview))),
            Action::Failed(code) => next.overview = Some(Err(code)),
            Action::Write(correcting) => next.part = Part::Writing(correcting),
            Action::Cancel => next.part = Part::List,
            Action::Sent(application) => {
                let again = matches!(next.part, Part::Writing(Some(_)));
                next.part = Part::Sent { application: Rc::new(application), again };
            }
            Action::Reload => {
                next.part = Part::List;
                next.overview = None;
                next.loads += 1;
            }
        }
        Rc::new(next)
    }
}

#[derive(Properties, PartialEq)]
pub struct SubsidyProps {
    pub member: Member,
}

/// The influenza-subsidy screen, with the way back home.
#[function_component(SubsidyApplications)]
pub fn subsidy_applications(props: &SubsidyProps) -> Html {
    let lang = use_lang();
    let navigate = use_navigator();
    let state = use_reducer(|| SubsidyState { overview: None, part: Part::List, loads: 0 });
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.loads, move |_| {
            spawn_local(async move {
                dispatcher.dispatch(match ipc::subsidy_overview().await {
                    Ok(overview) => Action::Loaded(overview),
                    Err(refused) => Action::Failed(refused.code),
                });
            });
        });
    }
    let send = |make: fn(Option<Rc<Application>>) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |value| dispatcher.dispatch(make(value)))
    };
    let dispatcher = state.dispatcher();
    let content = match (&state.overview, &state.part) {
        (None, _) => html! { <p class="muted" role="status">{ text(lang, Key::Loading) }</p> },
        (Some(Err(code)), _) => {
            html! { <p id="subsidy-error" class="error" role="alert">{ i18n::error(lang, *code) }</p> }
        }
        (Some(Ok(overview)), Part::List) => html! {
            <SubsidyOverview overview={overview.clone()} on_new={send(Action::Write).reform(|()| None)}
                on_resubmit={send(Action::Write).reform(Some)} />
        },
        (Some(Ok(overview)), Part::Writing(correcting)) => html! {
            <SubsidyForm overview={overview.clone()} correcting={correcting.clone()}
                on_sent={{ let dispatcher = dispatcher.clone(); Callback::from(move |sent| dispatcher.dispatch(Action::Sent(sent))) }}
                on_cancel={{ let dispatcher = dispatcher.clone(); Callback::from(move |()| dispatcher.dispatch(Action::Cancel)) }} />
        },
        (Some(Ok(_)), Part::Sent { application, again }) => html! {
            <ApplicationSent application={application.clone()} again={*again}
                on_back={{ let dispatcher = dispatcher.clone(); Callback::from(move |()| dispatcher.dispatch(Action::Reload)) }} />
        },
    };
    let home = {
        let member = props.member.clone();
        navigate.reform(move |_| Screen::Home(member.clone()))
    };
    html! {
        <section class="card subsidy">
            <h1>{ text(lang, Key::SubsidyTitle) }</h1>
            { content }
            <button id="back-to-home" class="link" onclick={home}>{ text(lang, Key::BackToHome) }</button>
        </section>
    }
}
