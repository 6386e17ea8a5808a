use kenpo_api::ErrorCode;
use kenpo_api::diagnostics::{
    ClockVerdict, Outcome, Report, Step, clock_verdict, known_code, report_findings,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::notices::{Saving, saving_status};
use crate::i18n::{self, Key, Lang, text, use_lang};
use crate::ipc;

/// ヘルプ / 診断: the way to the portal step by step, the clock, the keychain and the latest
/// errors, checked when the screen opens; the report to save or copy for the helpdesk.
#[function_component(Diagnostics)]
pub fn diagnostics() -> Html {
    let lang = use_lang();
    let report = use_state(|| None::<Report>);
    let checking = use_state(|| true);
    let saving = use_state(|| Saving::Idle);
    let copied = use_state(|| None::<Result<(), ErrorCode>>);
    let check = {
        let (report, checking) = (report.clone(), checking.clone());
        Callback::from(move |()| {
            let (report, checking) = (report.clone(), checking.clone());
            checking.set(true);
            spawn_local(async move {
                // The command always answers with a report; a failure of its own is not one.
                report.set(ipc::diagnostics().await.ok());
                checking.set(false);
            });
        })
    };
    {
        let check = check.clone();
        use_effect_with((), move |_| check.emit(()));
    }
    let save = {
        let saving = saving.clone();
        Callback::from(move |_| {
            let saving = saving.clone();
            saving.set(Saving::Busy);
            spawn_local(async move {
                saving.set(match ipc::save_diagnostics_report().await {
                    Ok(saved) => saved.name.map_or(Saving::Cancelled, Saving::Saved),
                    Err(error) => Saving::Failed(error.code),
                });
            });
        })
    };
    let copy = {
        let copied = copied.clone();
        Callback::from(move |_| {
            let copied = copied.clone();
            spawn_local(
                async move { copied.set(Some(ipc::copy_diagnostics_report().await.map_err(|e| e.code))) },
            );
        })
    };
    html! {
        <section class="card diagnostics" aria-busy={checking.to_string()}>
            <h1>{ text(lang, Key::DiagnosticsTitle) }</h1>
            <p class="muted">{ text(lang, Key::DiagnosticsIntro) }</p>
            if *checking {
                <p id="diagnostics-running" class="notice" role="status">{ text(lang, Key::DiagnosticsRunning) }</p>
            } else if let Some(report) = &*report {
                <ReportView report={report.clone()} />
                <div class="actions">
                    <button id="save-report" onclick={save} disabled={*saving == Saving::Busy}>{ text(lang, Key::SaveReport) }</button>
                    <button id="copy-report" class="secondary" onclick={copy}>{ text(lang, Key::CopyReport) }</button>
                </div>
                { saving_status(lang, &saving) }
                { copied_status(lang, *copied) }
            }
            <button id="check-again" class="link" onclick={check.reform(|_| ())} disabled={*checking}>{ text(lang, Key::DiagnosticsAgain) }</button>
        </section>
    }
}

fn copied_status(lang: Lang, copied: Option<Result<(), ErrorCode>>) -> Html {
    match copied {
        None => html! {},
        Some(Ok(())) => {
            html! { <p id="copy-status" class="notice" role="status">{ text(lang, Key::ReportCopied) }</p> }
        }
        Some(Err(code)) => {
            html! { <p id="copy-status" class="error" role="alert">{ i18n::error(lang, code) }</p> }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub report: Report,
}

/// A report as the member and the helpdesk read it: what was found first, then the facts.
#[function_component(ReportView)]
pub fn report_view(props: &ReportProps) -> Html {
    let lang = use_lang();
    let report = &props.report;
    let findings = report_findings(report);
    let keychain = &report.keychain;
    html! {
        <>
            <h2>{ text(lang, Key::DiagnosticsFindings) }</h2>
            <ul id="findings">
                if findings.is_empty() {
                    <li>{ text(lang, Key::AllWell) }</li>
                }
                { for findings.iter().map(|finding| html! {
                    <li>
                        { if lang == Lang::Ja { &finding.ja } else { &finding.en } }
                        if let Some(faq) = finding.faq { <span class="faq-tag">{ format!(" [FAQ {faq}]") }</span> }
                    </li>
                }) }
            </ul>
            <h2>{ text(lang, Key::DiagnosticsPortal) }</h2>
            <p id="portal-checked" class="muted">{ &report.diagnosis.portal }</p>
            <table id="checks" class="checks">
                { for report.diagnosis.checks.iter().map(|check| {
                    let (outcome, class) = match check.outcome {
                        Outcome::Passed => (Key::OutcomePassed, "passed"),
                        Outcome::Failed => (Key::OutcomeFailed, "failed"),
                        Outcome::Skipped => (Key::OutcomeSkipped, "skipped"),
                    };
                    html! {
                        <tr class={class}>
                            <th scope="row">{ text(lang, step_label(check.step)) }</th>
                            <td>{ text(lang, outcome) }</td>
                            <td>{ if check.outcome == Outcome::Skipped { String::new() } else { format!("{} ms", check.millis) } }</td>
                            <td class="detail">{ &check.detail }</td>
                        </tr>
                    }
                }) }
            </table>
            <h2>{ text(lang, Key::DiagnosticsClock) }</h2>
            { clock(lang, report.diagnosis.clock_offset_ms) }
            <h2>{ text(lang, Key::DiagnosticsKeychain) }</h2>
            <p id="keychain-state" class={if keychain.available { "" } else { "warning" }}>
                { text(lang, Key::KeychainState)
                    .replace("{state}", text(lang, if keychain.available { Key::KeychainOk } else { Key::KeychainNg }))
                    .replace("{n}", &keychain.accounts.to_string())
                    .replace("{p}", &keychain.portal_accounts.to_string()) }
            </p>
            <h2>{ text(lang, Key::DiagnosticsErrors) }</h2>
            <ol id="recent-errors" class="recent-errors">
                if report.errors.is_empty() {
                    <li>{ text(lang, Key::NoErrors) }</li>
                }
                { for report.errors.iter().rev().map(|error| html! {
                    <li>
                        <span class="history-time">{ i18n::jst_time(error.at_ms.div_euclid(1000)) }</span>
                        { " " }<code>{ &error.code }</code>
                        if error.times > 1 { { format!(" ×{}", error.times) } }
                        { known_code(&error.code).map(|code| format!(" {}", i18n::error(lang, code))).unwrap_or_default() }
                    </li>
                }) }
            </ol>
            <h2>{ text(lang, Key::DiagnosticsApp) }</h2>
            <p id="app-facts" class="muted">
                { format!("{} {} · {}", text(lang, Key::AppVersion), report.app_version, report.platform) }
                if let Some(user_id) = &report.user_id { { format!(" · {}: {user_id}", text(lang, Key::UserId)) } }
            </p>
        </>
    }
}

/// The clock against the portal's, in seconds with its verdict; the portal's clock minus this
/// device's, so a positive offset is a slow device.
fn clock(lang: Lang, offset_ms: Option<i64>) -> Html {
    let Some(offset) = offset_ms else {
        return html! { <p id="clock-verdict" class="muted">{ text(lang, Key::ClockUnknown) }</p> };
    };
    let seconds = format!("{:.1}", offset.unsigned_abs() as f64 / 1000.0);
    let key = if offset > 0 { Key::DeviceSlowBy } else { Key::DeviceFastBy };
    let class = match clock_verdict(offset) {
        ClockVerdict::Fine => "notice",
        ClockVerdict::Drifting | ClockVerdict::Wrong => "warning",
    };
    let (before, after) = text(lang, key).split_once("{n}").unwrap_or((text(lang, key), ""));
    html! {
        <p id="clock-verdict" {class}>
            { before }<span id="clock-offset-seconds">{ seconds }</span>{ after }
        </p>
    }
}

fn step_label(step: Step) -> Key {
    match step {
        Step::NameLookup => Key::StepNameLookup,
        Step::Connect => Key::StepConnect,
        Step::Tls => Key::StepTls,
        Step::Http => Key::StepHttp,
    }
}
