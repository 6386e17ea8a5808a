//! The influenza-subsidy overview: the season's rules in short, the way to a new application
//! while the society takes them, and the member's applications with where each stands.

use std::rc::Rc;

use kenpo_api::subsidy::{Application, HistoryEntry, Season, Status, Subsidy};
use yew::prelude::*;

use crate::i18n::{self, Key, Lang, money, text, use_lang};

#[derive(Properties, PartialEq)]
pub struct SubsidyOverviewProps {
    pub overview: Rc<Subsidy>,
    pub on_new: Callback<()>,
    /// An application returned for correction, to send again.
    pub on_resubmit: Callback<Rc<Application>>,
}

#[function_component(SubsidyOverview)]
pub fn subsidy_overview(props: &SubsidyOverviewProps) -> Html {
    let lang = use_lang();
    let overview = &props.overview;
    let taking = overview.season.as_ref().is_some_and(|season| {
        overview.today.as_str() <= season.apply_until.as_str() && !overview.people.is_empty()
    });
    html! {
        <div class="subsidy-overview">
            <p class="muted">{ text(lang, Key::SubsidyIntro) }</p>
            { season_summary(lang, overview) }
            if taking {
                <button id="new-application" class="primary" onclick={props.on_new.reform(|_| ())}>{ text(lang, Key::NewApplication) }</button>
            }
            <h2>{ text(lang, Key::ApplicationsHeading) }</h2>
            if overview.applications.is_empty() {
                <p id="no-applications" class="muted">{ text(lang, Key::NoApplications) }</p>
            }
            <ul id="applications" class="application-list">
                { for overview.applications.iter().map(|application| row(lang, application, &props.on_resubmit)) }
            </ul>
        </div>
    }
}

/// The season in short, or that no applications are taken.
fn season_summary(lang: Lang, overview: &Subsidy) -> Html {
    let Some(season) = &overview.season else {
        return html! { <p id="subsidy-closed" class="muted">{ text(lang, Key::SubsidyNotTaking) }</p> };
    };
    let cap = match season.cap_per_dose {
        Some(per_dose) => text(lang, Key::CapPerPersonAndDose)
            .replace("{cap}", &money(lang, season.cap_per_person))
            .replace("{dose}", &money(lang, per_dose)),
        None => text(lang, Key::CapPerPerson).replace("{cap}", &money(lang, season.cap_per_person)),
    };
    let field = |label: Key, value: String| html! { <><dt>{ text(lang, label) }</dt><dd>{ value }</dd></> };
    html! {
        <>
            <section id="subsidy-season" class="season">
                <dl class="fields">
                    { field(Key::SeasonName, season.name.clone()) }
                    { field(Key::VaccinationPeriod, format!("{} 〜 {}", i18n::date(lang, &season.vaccinated_from), i18n::date(lang, &season.vaccinated_to))) }
                    { field(Key::ApplyUntil, i18n::date(lang, &season.apply_until)) }
                    { field(Key::SubsidyCap, cap) }
                    { field(Key::WhoMayApply, who_may_apply(lang, season)) }
                </dl>
                <p class="muted">{ text(lang, Key::DosesRule).replace("{age}", &season.two_doses_under_age.to_string()) }</p>
            </section>
            if overview.today.as_str() > season.apply_until.as_str() {
                <p id="subsidy-closed" class="muted">
                    { text(lang, Key::SeasonEnded)
                        .replace("{season}", &season.name)
                        .replace("{date}", &i18n::short_date(lang, &season.apply_until)) }
                </p>
            }
        </>
    }
}

fn who_may_apply(lang: Lang, season: &Season) -> String {
    let eligible = season.eligible;
    let groups: Vec<&str> = [
        (eligible.insured, Key::EligibleInsured),
        (eligible.dependants, Key::EligibleDependants),
        (eligible.voluntary, Key::EligibleVoluntary),
    ]
    .into_iter()
    .filter(|(may, _)| *may)
    .map(|(_, key)| text(lang, key))
    .collect();
    i18n::list(lang, &groups)
}

/// An application's status badge: its name in words, the colour only beside it.
pub fn status_badge(lang: Lang, status: Status) -> Html {
    html! { <span class={format!("status status-{}", status.name())}>{ i18n::status(lang, status) }</span> }
}

fn row(lang: Lang, application: &Application, on_resubmit: &Callback<Rc<Application>>) -> Html {
    let id = application.id;
    let field = |label: Key, value: String| html! { <><dt>{ text(lang, label) }</dt><dd>{ value }</dd></> };
    let payout = match application.status {
        Status::Rejected => html! {},
        Status::Approved => field(Key::PayoutDecided, money(lang, application.payout)),
        _ => field(Key::PayoutExpected, money(lang, application.payout)),
    };
    let reason_label = match application.status {
        Status::Rejected => Some(Key::ReasonRejected),
        Status::Returned => Some(Key::ReasonReturned),
        _ => None,
    };
    let resubmit = {
        let application = Rc::new(application.clone());
        on_resubmit.reform(move |_| application.clone())
    };
    html! {
        <li id={format!("application-{id}")} class="application">
            <div class="row-head">
                <span class="person">{ &application.name }</span>
                { status_badge(lang, application.status) }
            </div>
            <dl class="fields">
                { field(Key::ApplicationNumber, application.number.clone()) }
                { field(Key::VaccinatedOn, i18n::date(lang, &application.form.vaccinated_on)) }
                { field(Key::DoseLabel, i18n::dose(lang, application.form.dose)) }
                { payout }
            </dl>
            if let (Some(label), Some(reason)) = (reason_label, &application.reason) {
                <p class="reason"><span class="reason-label">{ text(lang, label) }</span>{ reason }</p>
            }
            if application.status == Status::Returned {
                <button id={format!("resubmit-{id}")} class="primary small" onclick={resubmit}>{ text(lang, Key::Resubmit) }</button>
            }
            if !application.history.is_empty() {
                <details id={format!("history-{id}")} class="history">
                    <summary>{ text(lang, Key::History) }</summary>
                    <ol>{ for application.history.iter().map(|entry| step(lang, entry)) }</ol>
                </details>
            }
        </li>
    }
}

fn step(lang: Lang, entry: &HistoryEntry) -> Html {
    let by = text(lang, if entry.by_member { Key::HistoryByMember } else { Key::HistoryByStaff });
    html! {
        <li class="history-step">
            <span class="history-time">{ i18n::jst_time(entry.at) }</span>
            { status_badge(lang, entry.status) }
            <span class="muted history-by">{ by }</span>
            if let Some(reason) = &entry.reason {
                <p class="reason">{ reason }</p>
            }
        </li>
    }
}
