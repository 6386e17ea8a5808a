//! インフルエンザ予防接種補助申請 [guide, first page]: the season's rules from the society's file
//! ([`season`]), the member's application with its receipts ([`receipt`]), and the staff's
//! review ([`review`]).
//!
//! Whose applications a member sees is the notices' household rule ([`Viewer`]): the insured
//! person applies for and sees everyone of the household, a dependant with a login of her own
//! herself. An application the member may not see answers like one that does not exist.

pub mod receipt;
pub mod review;
pub mod season;

use kenpo_api::ErrorCode;
use kenpo_api::subsidy::{
    self as rules, Application, ApplicationForm, Field, FieldProblem, HistoryEntry, Problem, Season, Status,
    SubmitApplication, Subsidy, SubsidyPerson,
};

use crate::PortalError;
use crate::db::Db;
use crate::mail::{Mail, Mailer};
use crate::notices::Viewer;
use crate::store::notices::Person;
use crate::store::subsidy::{self as stored, Fields, Step, Stored};
use receipt::{MAX_RECEIPT_BYTES, Receipt, ReceiptError};

/// The actor of a member's own steps in the history.
const MEMBER: &str = "member";

/// The season, the people the member may apply for and the applications they see.
pub async fn overview(pool: &Db, season: Option<&Season>, member_id: i64) -> Result<Subsidy, PortalError> {
    let viewer = Viewer::of(pool, member_id).await?;
    let applications = seen_applications(pool, &viewer).await?;
    let people = viewer
        .visible()
        .map(|person| {
            let (applied_doses, claimed) = season.map_or((Vec::new(), 0), |season| {
                doses_and_claimed(&applications, season, person.roster_id, None)
            });
            SubsidyPerson {
                person: person.edaban.clone(),
                name: person.name.clone(),
                insured: person.relation == "insured",
                voluntary: person.voluntary,
                birth_date: person.birth_date.clone(),
                applied_doses,
                claimed,
            }
        })
        .collect();
    let mut shown = Vec::with_capacity(applications.len());
    for stored in &applications {
        shown.push(application_of(pool, stored).await?);
    }
    Ok(Subsidy { season: season.cloned(), today: crate::clock::today(), people, applications: shown })
}

/// One application the member sees.
pub async fn application(pool: &Db, member_id: i64, id: i64) -> Result<Application, PortalError> {
    let viewer = Viewer::of(pool, member_id).await?;
    let stored = seen_application(pool, &viewer, id).await?;
    application_of(pool, &stored).await
}

/// A new application: every rule checked, the receipts checked and re-encoded, then the
/// application, its receipts and its first history step stored in one transaction, and the
/// acknowledgement mailed.
pub async fn submit(
    pool: &Db,
    mailer: &Mailer,
    season: Option<&Season>,
    member_id: i64,
    request: SubmitApplication,
) -> Result<Application, PortalError> {
    let season = season.ok_or(ErrorCode::SubsidyClosed)?;
    let viewer = Viewer::of(pool, member_id).await?;
    let checked = checked(pool, season, &viewer, &request, None).await?;
    let at = crate::clock::now() as i64;
    let mut tx = pool.begin().await?;
    let already =
        || PortalError::Invalid(vec![FieldProblem { field: Field::Dose, problem: Problem::AlreadyApplied }]);
    let id = stored::insert(
        &mut *tx,
        (&season.vaccinated_from, member_id, checked.roster_id),
        &checked.fields,
        at,
    )
    .await?
    .ok_or_else(already)?;
    store_receipts(&mut tx, id, 1, &checked.receipts).await?;
    member_step(&mut tx, id, &request.form, at).await?;
    tx.commit().await?;
    acknowledged(pool, mailer, id).await
}

/// The application sent back for correction (差戻し), corrected and sent again: checked as a
/// new one would be, back in 受付 with the same number; new receipts replace the old ones
/// (kept for the history), none keeps them.
pub async fn resubmit(
    pool: &Db,
    mailer: &Mailer,
    season: Option<&Season>,
    member_id: i64,
    id: i64,
    request: SubmitApplication,
) -> Result<Application, PortalError> {
    let season = season.ok_or(ErrorCode::SubsidyClosed)?;
    let viewer = Viewer::of(pool, member_id).await?;
    let current = seen_application(pool, &viewer, id).await?;
    if current.status != Status::Returned.name() || current.season != season.vaccinated_from {
        return Err(ErrorCode::ApplicationNotReturned.into());
    }
    if request.form.person != current.edaban || i64::from(request.form.dose) != current.dose {
        return Err(ErrorCode::BadRequest.into());
    }
    let checked = checked(pool, season, &viewer, &request, Some(id)).await?;
    let version = current.receipts_version + i64::from(!checked.receipts.is_empty());
    let at = crate::clock::now() as i64;
    let mut tx = pool.begin().await?;
    if !stored::resubmit(&mut *tx, id, &checked.fields, version, at).await? {
        return Err(ErrorCode::ApplicationNotReturned.into());
    }
    store_receipts(&mut tx, id, version, &checked.receipts).await?;
    member_step(&mut tx, id, &request.form, at).await?;
    tx.commit().await?;
    acknowledged(pool, mailer, id).await
}

/// An application the season's rules and the household allow, its receipts checked: what is
/// stored.
struct Checked<'a> {
    roster_id: i64,
    fields: Fields<'a>,
    receipts: Vec<Receipt>,
}

/// Checks what `viewer` sends: the receipts counted and sized, the person one they see, every
/// rule against the household's applications (leaving out `resent`, whose receipts may be
/// kept), then the receipts decoded and re-encoded.
async fn checked<'a>(
    pool: &Db,
    season: &Season,
    viewer: &Viewer,
    request: &'a SubmitApplication,
    resent: Option<i64>,
) -> Result<Checked<'a>, PortalError> {
    let files = decode_receipts(&request.receipts, resent.is_some())?;
    let person = person_seen(viewer, &request.form.person)?;
    let applications = seen_applications(pool, viewer).await?;
    let (applied, claimed) = doses_and_claimed(&applications, season, person.roster_id, resent);
    judge(season, &request.form, person, &applied)?;
    let receipts = sanitise(files).await?;
    let fields = fields(&request.form, rules::payout(season, &request.form, claimed));
    Ok(Checked { roster_id: person.roster_id, fields, receipts })
}

/// After the commit: the acknowledgement mailed, and the application as the member sees it.
async fn acknowledged(pool: &Db, mailer: &Mailer, id: i64) -> Result<Application, PortalError> {
    let stored = stored::one(pool, id).await?.ok_or(ErrorCode::NotFound)?;
    if let Some(mail) = mail_to_member(pool, &stored, Mailed::Received).await {
        mailer.send_later(mail);
    }
    application_of(pool, &stored).await
}

/// The application's number as members and staff quote it: the season's year and the ID.
pub fn number(season: &str, id: i64) -> String {
    format!("{}-{id:06}", season.get(..4).unwrap_or(season))
}

/// The ID in a number quoted by staff (`2026-000012`), or an ID alone.
pub fn id_of_number(number: &str) -> Option<i64> {
    let digits = number.rsplit('-').next()?;
    digits.parse().ok().filter(|id| *id > 0)
}

/// The applications of the member's household that the member sees.
async fn seen_applications(pool: &Db, viewer: &Viewer) -> Result<Vec<Stored>, PortalError> {
    let Some((kigo, bango)) = viewer.household_key() else { return Ok(Vec::new()) };
    let seen: Vec<i64> = viewer.visible().map(|person| person.roster_id).collect();
    let mut applications = stored::of_household(pool, kigo, bango).await?;
    applications.retain(|application| seen.contains(&application.roster_id));
    Ok(applications)
}

async fn seen_application(pool: &Db, viewer: &Viewer, id: i64) -> Result<Stored, PortalError> {
    let applications = seen_applications(pool, viewer).await?;
    applications.into_iter().find(|application| application.id == id).ok_or(ErrorCode::NotFound.into())
}

fn person_seen<'a>(viewer: &'a Viewer, edaban: &str) -> Result<&'a Person, PortalError> {
    viewer.visible().find(|person| person.edaban == edaban).ok_or(ErrorCode::NotFound.into())
}

/// The doses of the person in the season that have an application, and what those pay or will
/// (a rejected one pays nothing), leaving out application `except`.
fn doses_and_claimed(
    applications: &[Stored],
    season: &Season,
    roster_id: i64,
    except: Option<i64>,
) -> (Vec<u8>, u64) {
    let theirs = applications.iter().filter(|application| {
        application.roster_id == roster_id
            && application.season == season.vaccinated_from
            && Some(application.id) != except
    });
    let mut doses = Vec::new();
    let mut claimed = 0;
    for application in theirs {
        doses.push(u8::try_from(application.dose).unwrap_or(u8::MAX));
        if application.status != Status::Rejected.name() {
            claimed += u64::try_from(application.payout).unwrap_or(0);
        }
    }
    (doses, claimed)
}

/// The season's rules on the form, by the portal's date in Japan.
fn judge(
    season: &Season,
    form: &ApplicationForm,
    person: &Person,
    applied: &[u8],
) -> Result<(), PortalError> {
    let applicant = rules::Applicant {
        insured: person.relation == "insured",
        voluntary: person.voluntary,
        birth_date: &person.birth_date,
    };
    let problems = rules::check(season, form, &applicant, applied, &crate::clock::today());
    if problems.is_empty() {
        return Ok(());
    }
    Err(PortalError::Invalid(
        problems.into_iter().map(|(field, problem)| FieldProblem { field, problem }).collect(),
    ))
}

/// The receipts' files from base64, counted and sized before anything is decoded: at least one
/// unless `may_be_none` (a resubmission keeping its receipts), at most [`rules::MAX_RECEIPTS`].
fn decode_receipts(receipts: &[String], may_be_none: bool) -> Result<Vec<Vec<u8>>, PortalError> {
    if receipts.is_empty() && !may_be_none {
        return Err(ErrorCode::ReceiptMissing.into());
    }
    if receipts.len() > rules::MAX_RECEIPTS {
        return Err(ErrorCode::TooManyReceipts.into());
    }
    receipts
        .iter()
        .map(|text| {
            if text.len() / 4 * 3 > MAX_RECEIPT_BYTES + 3 {
                return Err(ErrorCode::ReceiptTooLarge.into());
            }
            data_encoding::BASE64.decode(text.as_bytes()).map_err(|_| ErrorCode::BadRequest.into())
        })
        .collect()
}

/// Each file checked by its content and re-encoded, off the async threads.
async fn sanitise(files: Vec<Vec<u8>>) -> Result<Vec<Receipt>, PortalError> {
    let checked = tokio::task::spawn_blocking(move || {
        files.iter().map(|file| receipt::sanitise(file)).collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|error| PortalError::Internal(error.to_string()))?;
    checked.map_err(|error| {
        match error {
            ReceiptError::NotAccepted => ErrorCode::ReceiptNotAccepted,
            ReceiptError::TooLarge => ErrorCode::ReceiptTooLarge,
            ReceiptError::Unsafe => ErrorCode::ReceiptUnsafe,
        }
        .into()
    })
}

fn fields(form: &ApplicationForm, payout: u64) -> Fields<'_> {
    let yen = |amount: u64| i64::try_from(amount).unwrap_or(i64::MAX);
    Fields {
        dose: i64::from(form.dose),
        vaccinated_on: &form.vaccinated_on,
        paid: yen(form.paid),
        city_grant: yen(form.grant),
        payout: yen(payout),
        facility: form.facility.trim(),
        phone: &form.phone,
    }
}

async fn store_receipts(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    version: i64,
    receipts: &[Receipt],
) -> Result<(), PortalError> {
    for (n, receipt) in (1..).zip(receipts) {
        stored::add_receipt(&mut **tx, (id, version, n), receipt.media_type.as_str(), &receipt.bytes).await?;
    }
    Ok(())
}

async fn member_step(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    form: &ApplicationForm,
    at: i64,
) -> Result<(), PortalError> {
    let step =
        Step { at, status: Status::Received.name().to_owned(), actor: MEMBER.to_owned(), reason: None };
    let form = serde_json::to_string(form).map_err(|error| PortalError::Internal(error.to_string()))?;
    stored::add_step(&mut **tx, id, &step, Some(&form)).await?;
    Ok(())
}

async fn application_of(pool: &Db, stored: &Stored) -> Result<Application, PortalError> {
    let status = status_of(&stored.status)?;
    let history = stored::history(pool, stored.id)
        .await?
        .into_iter()
        .map(|step| {
            Ok(HistoryEntry {
                at: step.at,
                status: status_of(&step.status)?,
                by_member: step.actor == MEMBER,
                reason: step.reason,
            })
        })
        .collect::<Result<_, PortalError>>()?;
    let receipts = stored::receipt_count(pool, stored.id, stored.receipts_version).await?;
    let yen = |amount: i64| u64::try_from(amount).unwrap_or(0);
    Ok(Application {
        id: stored.id,
        number: number(&stored.season, stored.id),
        status,
        reason: stored.reason.clone(),
        form: ApplicationForm {
            person: stored.edaban.clone(),
            vaccinated_on: stored.vaccinated_on.clone(),
            dose: u8::try_from(stored.dose).unwrap_or(0),
            paid: yen(stored.paid),
            grant: yen(stored.city_grant),
            facility: stored.facility.clone(),
            phone: stored.phone.clone(),
            consent: true,
        },
        name: stored.name.clone(),
        payout: yen(stored.payout),
        receipts: u32::try_from(receipts).unwrap_or(0),
        submitted_at: stored.submitted_at,
        updated_at: stored.updated_at,
        history,
    })
}

fn status_of(name: &str) -> Result<Status, PortalError> {
    Status::from_name(name)
        .ok_or_else(|| PortalError::Internal(format!("unknown application status {name:?}")))
}

/// Why the member is mailed.
enum Mailed<'a> {
    /// Sent (or sent again): the acknowledgement.
    Received,
    /// A decision of the staff, with its reason.
    Decided(Status, Option<&'a str>),
}

/// The mail to the sender of the application, when they have an address. It names no person,
/// amount or facility: the app shows those after a login.
async fn mail_to_member(pool: &Db, application: &Stored, why: Mailed<'_>) -> Option<Mail> {
    let (name, address) = match stored::sender(pool, application.member_id).await {
        Ok((name, address)) => (name, address?),
        Err(error) => {
            tracing::error!(%error, "the application's sender could not be read; no mail");
            return None;
        }
    };
    let number = number(&application.season, application.id);
    let (subject, what) = match why {
        Mailed::Received => (
            format!("【けんぽポータル】補助申請を受け付けました（申請番号 {number}）"),
            format!(
                "インフルエンザ予防接種補助の申請を受け付けました。\n申請番号: {number}\n受付日時: {}\n\n\
                 審査の結果は、あらためてメールでお知らせします。",
                crate::clock::japan_time(application.updated_at)
            ),
        ),
        Mailed::Decided(status, reason) => {
            let next = match status {
                Status::Approved => "補助金は給与とあわせてお支払いします。",
                Status::Returned => {
                    "アプリの「インフルエンザ補助」から申請を開き、内容を直して送り直してください。"
                }
                _ => "ご不明な点は、健康保険組合までお問い合わせください。",
            };
            let reason = reason.map(|reason| format!("理由: {reason}\n")).unwrap_or_default();
            (
                format!("【けんぽポータル】補助申請の審査結果（申請番号 {number}）"),
                format!(
                    "インフルエンザ予防接種補助の申請の審査結果をお知らせします。\n申請番号: {number}\n結果: {}\n{reason}\n{next}",
                    status.label_ja()
                ),
            )
        }
    };
    let body = format!(
        "{name} 様\n\n{what}\n\n申請の内容と状況は、アプリからログインしてご確認ください。\n\
         心当たりのない場合は、健康保険組合までご連絡ください。\n"
    );
    Some(Mail { to: address, subject, body })
}
