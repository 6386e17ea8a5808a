//! The review of an influenza-subsidy application before it is sent: every field as it will
//! go, read-only, and the one button that sends it.

use yew::prelude::*;

use crate::components::subsidy_draft::{Draft, REVIEW_SECTION, Stage};
use crate::components::subsidy_rules::Rules;
use crate::i18n::{self, Key, Lang, money, text};

/// The review of `draft`; `kept` is how many receipts the application being corrected has.
pub fn review(
    lang: Lang,
    draft: &Draft,
    rules: &Rules,
    kept: Option<u32>,
    on_back: Callback<MouseEvent>,
    on_send: Callback<MouseEvent>,
) -> Html {
    let form = draft.form();
    let sending = draft.stage == Stage::Sending;
    let name = rules.person(draft).map(|person| person.name.clone()).unwrap_or_default();
    let receipts = match (draft.receipts.len(), kept) {
        (0, Some(kept)) => text(lang, Key::ReceiptsPrevious).replace("{n}", &kept.to_string()),
        (count, _) => text(lang, Key::ReceiptsCount).replace("{n}", &count.to_string()),
    };
    let field = |id: &'static str, label: Key, value: String| {
        html! { <><dt>{ text(lang, label) }</dt><dd {id}>{ value }</dd></> }
    };
    html! {
        <section id={REVIEW_SECTION} class="subsidy-review" tabindex="-1" aria-labelledby="subsidy-review-title"
            aria-busy={sending.to_string()}>
            <h2 id="subsidy-review-title">{ text(lang, Key::ReviewTitle) }</h2>
            <p class="muted">{ text(lang, Key::ReviewHelp) }</p>
            <dl class="fields">
                { field("review-person", Key::PersonVaccinated, name) }
                { field("review-date", Key::VaccinatedOn, i18n::date(lang, &form.vaccinated_on)) }
                { field("review-dose", Key::DoseLabel, i18n::dose(lang, form.dose)) }
                { field("review-paid", Key::PaidShort, money(lang, form.paid)) }
                { field("review-grant", Key::GrantShort, money(lang, form.grant)) }
                { field("review-facility", Key::FacilityLabel, form.facility.clone()) }
                { field("review-phone", Key::PhoneLabel, form.phone.clone()) }
                { field("review-receipts", Key::ReceiptsLabel, receipts) }
            </dl>
            { expected_payout(lang, rules, draft) }
            if sending {
                <p id="subsidy-sending" class="muted" role="status">{ text(lang, Key::Sending) }</p>
            }
            if let Some(code) = draft.send_error {
                <p id="send-error" class="error" role="alert">{ i18n::error(lang, code) }</p>
            }
            <div class="form-actions">
                <button id="send-application" type="button" class="primary" disabled={sending} onclick={on_send}>
                    { text(lang, Key::SendApplication) }
                </button>
                <button id="back-to-form" type="button" class="secondary" disabled={sending} onclick={on_back}>
                    { text(lang, Key::BackToForm) }
                </button>
            </div>
        </section>
    }
}

/// 「支給予定額 2,500円」, with the arithmetic behind it in small text.
pub fn expected_payout(lang: Lang, rules: &Rules, draft: &Draft) -> Html {
    let season = rules.season;
    let form = draft.form();
    let claimed = rules.person(draft).map_or(0, |person| rules.claimed(person));
    let cap =
        season.cap_per_dose.map_or(season.cap_per_person, |per_dose| per_dose.min(season.cap_per_person));
    let arithmetic = text(lang, Key::PayoutArithmetic)
        .replace("{paid}", &money(lang, form.paid))
        .replace("{grant}", &money(lang, form.grant))
        .replace("{cap}", &money(lang, cap));
    html! {
        <div class="payout" aria-live="polite">
            <p id="expected-payout" class="payout-line">
                <span>{ text(lang, Key::PayoutExpected) }</span>{ " " }<strong class="amount">{ money(lang, rules.payout(draft)) }</strong>
            </p>
            <p class="payout-arithmetic"><small>{ arithmetic }</small></p>
            if claimed > 0 {
                <p class="payout-arithmetic"><small>{ text(lang, Key::PayoutCapLeft)
                    .replace("{claimed}", &money(lang, claimed))
                    .replace("{left}", &money(lang, season.cap_per_person.saturating_sub(claimed))) }</small></p>
            }
        </div>
    }
}
