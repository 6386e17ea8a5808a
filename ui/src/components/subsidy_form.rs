//! The influenza-subsidy application, new or a correction, from the first field to the send:
//! every rule checked as the member types (`kenpo_api::subsidy::check`, through the draft), the
//! expected payment worked out (`kenpo_api::subsidy::payout`), the receipts attached, the
//! review, and one call that sends it all.

use std::rc::Rc;

use kenpo_api::ErrorCode;
use kenpo_api::subsidy::{Application, Field, Subsidy};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::subsidy_draft::{Change, Draft, FORM_TITLE, Stage, StagedFile, input_id, problem_id};
use crate::components::subsidy_input::{from_input_date, to_input_date};
use crate::components::subsidy_receipts::{self, Receipts};
use crate::components::subsidy_review::{expected_payout, review};
use crate::components::subsidy_rules::Rules;
use crate::i18n::{self, Key, text, use_lang};
use crate::ipc;

#[derive(Properties, PartialEq)]
pub struct SubsidyFormProps {
    pub overview: Rc<Subsidy>,
    /// The application returned for correction, when the member sends one again.
    #[prop_or_default]
    pub correcting: Option<Rc<Application>>,
    pub on_sent: Callback<Application>,
    pub on_cancel: Callback<()>,
    /// The draft the form opens with; tests open a filled-in one, or its review.
    #[prop_or_default]
    pub start: Option<Draft>,
}

#[function_component(SubsidyForm)]
pub fn subsidy_form(props: &SubsidyFormProps) -> Html {
    let lang = use_lang();
    let draft = {
        let (start, overview, correcting) =
            (props.start.clone(), props.overview.clone(), props.correcting.clone());
        use_reducer(move || {
            start.unwrap_or_else(|| match &correcting {
                Some(own) => Draft::correcting(own),
                None => Draft::new(&overview.people),
            })
        })
    };
    // The receipts the app holds for this form: let go when the form closes, however it closes
    // (sent, cancelled, or the member went elsewhere), so none goes out with another one.
    let open = use_mut_ref(|| true);
    let held = use_mut_ref(Vec::<StagedFile>::new);
    held.replace(draft.receipts.clone());
    {
        let (open, held) = (open.clone(), held.clone());
        use_effect_with((), move |_| {
            move || {
                *open.borrow_mut() = false;
                subsidy_receipts::let_go(held.take());
            }
        });
    }
    // A select shows what the draft holds even after the member picked another option, which
    // the `selected` attribute alone does not ensure (the dose goes back to 1 for a new person).
    let person_select = use_node_ref();
    let dose_select = use_node_ref();
    {
        let (person_select, dose_select) = (person_select.clone(), dose_select.clone());
        use_effect_with((draft.person.clone(), draft.dose, draft.stage), move |(person, dose, _)| {
            if let Some(select) = person_select.cast::<HtmlSelectElement>() {
                select.set_value(person);
            }
            if let Some(select) = dose_select.cast::<HtmlSelectElement>() {
                select.set_value(&dose.to_string());
            }
        });
    }
    use_effect_with((draft.focus_asked, draft.focus), |(_, target)| {
        if let Some(id) = target {
            focus(id);
        }
    });

    let Some(rules) = Rules::of(&props.overview, props.correcting.as_deref()) else {
        return html! { <p id="subsidy-closed" class="muted">{ text(lang, Key::SubsidyNotTaking) }</p> };
    };
    let change = {
        let dispatcher = draft.dispatcher();
        Callback::from(move |change| dispatcher.dispatch(change))
    };
    let kept = props.correcting.as_ref().map(|own| own.receipts);

    if draft.stage != Stage::Writing {
        let on_send = {
            let (change, on_sent, form) = (change.clone(), props.on_sent.clone(), draft.form());
            let id = props.correcting.as_ref().map(|own| own.id);
            Callback::from(move |_: MouseEvent| {
                let (change, on_sent, form) = (change.clone(), on_sent.clone(), form.clone());
                change.emit(Change::Sending);
                spawn_local(async move {
                    match ipc::send_application(id, &form).await {
                        Ok(application) => on_sent.emit(application),
                        Err(refused) if refused.code == ErrorCode::ApplicationInvalid => {
                            change.emit(Change::Invalid(refused.problems))
                        }
                        Err(refused) => change.emit(Change::Failed(refused.code)),
                    }
                });
            })
        };
        let on_back = change.reform(|_: MouseEvent| Change::BackToForm);
        return review(lang, &draft, &rules, kept, on_back, on_send);
    }

    let on_review = {
        let (change, overview, correcting, draft) =
            (change.clone(), props.overview.clone(), props.correcting.clone(), draft.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(rules) = Rules::of(&overview, correcting.as_deref()) else { return };
            change.emit(match rules.first_problem(&draft) {
                Some(target) => Change::Blocked(target),
                None => Change::Review,
            });
        })
    };
    let on_files = {
        let (change, open) = (change.clone(), open.clone());
        Callback::from(move |files| subsidy_receipts::stage(files, change.clone(), open.clone()))
    };
    let on_remove = {
        let change = change.clone();
        Callback::from(move |file: StagedFile| subsidy_receipts::remove(&file, &change))
    };

    let shown = rules.shown_problems(&draft);
    let problem_of = |field: Field| {
        let texts: Vec<String> = shown
            .iter()
            .filter(|(found, _)| *found == field)
            .map(|(found, problem)| i18n::problem(lang, *found, *problem, rules.season, draft.dose))
            .collect();
        if texts.is_empty() {
            html! {}
        } else {
            html! { <p class="problem" id={problem_id(field)}>{ texts.join(" ") }</p> }
        }
    };
    let invalid = |field: Field| shown.iter().any(|(found, _)| *found == field).to_string();
    let described = |field: Field, help: Option<&str>| match help {
        Some(help) => format!("{help} {}", problem_id(field)),
        None => problem_id(field),
    };
    let left = |field: Field| change.reform(move |_: FocusEvent| Change::Left(field));
    let typed =
        |make: fn(String) -> Change| change.reform(move |event: InputEvent| make(input_value(&event)));
    let fixed = props.correcting.is_some();
    let season = rules.season;

    let person = {
        let onchange = change.reform(|event: Event| {
            Change::Person(event.target_unchecked_into::<HtmlSelectElement>().value())
        });
        html! {
            <>
                <label for={input_id(Field::Person)}>{ text(lang, Key::PersonVaccinated) }</label>
                <select id={input_id(Field::Person)} ref={person_select} {onchange} onblur={left(Field::Person)} disabled={fixed}
                    aria-invalid={invalid(Field::Person)} aria-describedby={described(Field::Person, None)}>
                    if !fixed {
                        <option key="" value="" selected={draft.person.is_empty()} disabled={true}>{ text(lang, Key::ChoosePerson) }</option>
                    }
                    { for rules.people.iter().map(|person| html! {
                        <option key={person.person.clone()} value={person.person.clone()}
                            selected={person.person == draft.person}>{ &person.name }</option>
                    }) }
                </select>
                { problem_of(Field::Person) }
            </>
        }
    };
    let date = {
        let onchange = change.reform(|event: Event| {
            Change::VaccinatedOn(from_input_date(&event.target_unchecked_into::<HtmlInputElement>().value()))
        });
        let last = season.vaccinated_to.as_str().min(rules.today);
        html! {
            <>
                <label for={input_id(Field::VaccinatedOn)}>{ text(lang, Key::VaccinatedOn) }</label>
                <input id={input_id(Field::VaccinatedOn)} type="date" value={to_input_date(&draft.vaccinated_on)}
                    min={to_input_date(&season.vaccinated_from)} max={to_input_date(last)}
                    {onchange} onblur={left(Field::VaccinatedOn)}
                    aria-invalid={invalid(Field::VaccinatedOn)} aria-describedby={described(Field::VaccinatedOn, None)} />
                { problem_of(Field::VaccinatedOn) }
            </>
        }
    };
    let dose = {
        let mut doses = rules.doses_offered(&draft);
        if !doses.contains(&draft.dose) {
            doses.push(draft.dose);
        }
        let onchange = change.reform(|event: Event| {
            Change::Dose(event.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(1))
        });
        html! {
            <>
                <label for={input_id(Field::Dose)}>{ text(lang, Key::DoseLabel) }</label>
                <select id={input_id(Field::Dose)} ref={dose_select} {onchange} onblur={left(Field::Dose)} disabled={fixed}
                    aria-invalid={invalid(Field::Dose)} aria-describedby={described(Field::Dose, Some("doses-rule"))}>
                    { for doses.into_iter().map(|dose| html! {
                        <option key={dose.to_string()} value={dose.to_string()} selected={dose == draft.dose}>{ i18n::dose(lang, dose) }</option>
                    }) }
                </select>
                <p id="doses-rule" class="muted">
                    { text(lang, if fixed { Key::FixedOnCorrection } else { Key::DosesRule })
                        .replace("{age}", &season.two_doses_under_age.to_string()) }
                </p>
                { problem_of(Field::Dose) }
            </>
        }
    };
    let amount = |field: Field,
                  label: Key,
                  help: (&'static str, Key),
                  value: &str,
                  make: fn(String) -> Change| {
        html! {
            <>
                <label for={input_id(field)}>{ text(lang, label) }</label>
                <input id={input_id(field)} type="text" inputmode="numeric" autocomplete="off" value={value.to_owned()}
                    oninput={typed(make)} onblur={left(field)}
                    aria-invalid={invalid(field)} aria-describedby={described(field, Some(help.0))} />
                <p id={help.0} class="muted">{ text(lang, help.1) }</p>
                { problem_of(field) }
            </>
        }
    };
    let reason = props.correcting.as_ref().and_then(|own| own.reason.clone());
    let title = match &props.correcting {
        Some(own) => text(lang, Key::FormTitleCorrect).replace("{number}", &own.number),
        None => text(lang, Key::FormTitleNew).to_owned(),
    };
    let blocked = rules.first_problem(&draft).is_some();
    let on_consent = change
        .reform(|event: Event| Change::Consent(event.target_unchecked_into::<HtmlInputElement>().checked()));

    html! {
        <form id="subsidy-form" class="subsidy-form" novalidate={true} onsubmit={on_review}>
            <h2 id={FORM_TITLE} tabindex="-1">{ title }</h2>
            if let Some(reason) = reason {
                <p class="warning reason"><span class="reason-label">{ text(lang, Key::ReasonReturned) }</span>{ reason }</p>
            }
            <p class="muted">{ text(lang, Key::FormHelp) }</p>
            { person }
            { date }
            { dose }
            { amount(Field::Paid, Key::PaidLabel, ("paid-help", Key::PaidHelp), &draft.paid, Change::Paid) }
            { amount(Field::Grant, Key::GrantLabel, ("grant-help", Key::GrantHelp), &draft.grant, Change::Grant) }
            <label for={input_id(Field::Facility)}>{ text(lang, Key::FacilityLabel) }</label>
            <input id={input_id(Field::Facility)} type="text" autocomplete="off" value={draft.facility.clone()}
                oninput={typed(Change::Facility)} onblur={left(Field::Facility)}
                aria-invalid={invalid(Field::Facility)} aria-describedby={described(Field::Facility, None)} />
            { problem_of(Field::Facility) }
            <label for={input_id(Field::Phone)}>{ text(lang, Key::PhoneLabel) }</label>
            <input id={input_id(Field::Phone)} type="tel" autocomplete="tel" value={draft.phone.clone()}
                oninput={typed(Change::Phone)} onblur={left(Field::Phone)}
                aria-invalid={invalid(Field::Phone)} aria-describedby={described(Field::Phone, Some("phone-help"))} />
            <p id="phone-help" class="muted">{ text(lang, Key::PhoneHelp) }</p>
            { problem_of(Field::Phone) }
            <Receipts receipts={draft.receipts.clone()} staging={draft.staging} problem={rules.receipt_problem(&draft)}
                {kept} {on_files} {on_remove} />
            <fieldset class="consent">
                <legend>{ text(lang, Key::ConsentTitle) }</legend>
                <label class="choice">
                    <input id={input_id(Field::Consent)} type="checkbox" checked={draft.consent} onchange={on_consent}
                        aria-invalid={invalid(Field::Consent)} aria-describedby={described(Field::Consent, None)} />
                    { text(lang, Key::ConsentLabel) }
                </label>
                { problem_of(Field::Consent) }
            </fieldset>
            { expected_payout(lang, &rules, &draft) }
            if draft.all_touched && blocked {
                <p id="review-blocked" class="error" role="alert">{ text(lang, Key::ReviewBlocked) }</p>
            }
            <div class="form-actions">
                <button id="to-review" type="submit" class={classes!("primary", blocked.then_some("looks-disabled"))}
                    aria-disabled={blocked.to_string()}>{ text(lang, Key::ToReview) }</button>
                <button id="cancel-application" type="button" class="secondary"
                    onclick={props.on_cancel.reform(|_| ())}>{ text(lang, Key::CancelApplication) }</button>
            </div>
        </form>
    }
}

fn input_value(event: &InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

/// Moves the keyboard (and a screen reader) to the element: the first problem, the review.
pub fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        element.focus().ok();
    }
}
