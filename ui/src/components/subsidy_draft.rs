//! An influenza-subsidy application as the member writes it: what is typed (as typed), which
//! fields were touched, the receipts attached, and where the form stands (writing, reviewing,
//! sending). The season's rules are `kenpo_api::subsidy::check`, called through
//! `subsidy_rules::Rules`.
//! No HTML here: the form and its review render a [`Draft`], the tests build one.

use std::rc::Rc;

use kenpo_api::ErrorCode;
use kenpo_api::subsidy::{Application, ApplicationForm, Field, FieldProblem, SubsidyPerson};
use yew::Reducible;

use crate::components::subsidy_input::{half_width, parse_yen, tidy_yen};

/// A receipt the app holds for this application.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedFile {
    /// The app's id, to let it go again.
    pub id: u32,
    /// The file's name on the device, to recognise it.
    pub name: String,
    pub bytes: u64,
    pub media_type: String,
    /// An object URL of the image, revoked when the receipt is removed or the form closes.
    pub thumbnail: Option<String>,
}

/// Where the application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    #[default]
    Writing,
    Reviewing,
    Sending,
}

/// The form's state. Amounts, phone and date are kept as typed; [`Draft::form`] reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// 枝番, empty until chosen.
    pub person: String,
    /// YYYYMMDD, empty until chosen.
    pub vaccinated_on: String,
    pub dose: u8,
    pub paid: String,
    pub grant: String,
    pub facility: String,
    pub phone: String,
    pub consent: bool,
    /// Fields the member has left once: their problems show from then on.
    pub touched: Vec<Field>,
    /// The member asked to review: every problem shows.
    pub all_touched: bool,
    pub receipts: Vec<StagedFile>,
    /// Files chosen and still being checked by the app.
    pub staging: usize,
    /// The app's last refusal of a receipt.
    pub receipt_refusal: Option<ErrorCode>,
    pub stage: Stage,
    /// The last refusal of a send other than the rules' own.
    pub send_error: Option<ErrorCode>,
    /// The rules the portal found broken on the last send, until their field changes.
    pub portal_problems: Vec<FieldProblem>,
    /// The element to focus after the next render, and a count that asks for it.
    pub focus: Option<&'static str>,
    pub focus_asked: u32,
}

impl Draft {
    /// A new application, for the only person there is when there is one.
    pub fn new(people: &[SubsidyPerson]) -> Self {
        let person = match people {
            [only] => only.person.clone(),
            _ => String::new(),
        };
        Self {
            person,
            vaccinated_on: String::new(),
            dose: 1,
            paid: String::new(),
            grant: String::new(),
            facility: String::new(),
            phone: String::new(),
            consent: false,
            touched: Vec::new(),
            all_touched: false,
            receipts: Vec::new(),
            staging: 0,
            receipt_refusal: None,
            stage: Stage::Writing,
            send_error: None,
            portal_problems: Vec::new(),
            focus: None,
            focus_asked: 0,
        }
    }

    /// An application returned for correction, as it was sent.
    pub fn correcting(application: &Application) -> Self {
        let form = &application.form;
        Self {
            person: form.person.clone(),
            vaccinated_on: form.vaccinated_on.clone(),
            dose: form.dose,
            paid: form.paid.to_string(),
            grant: if form.grant == 0 { String::new() } else { form.grant.to_string() },
            facility: form.facility.clone(),
            phone: form.phone.clone(),
            consent: form.consent,
            ..Self::new(&[])
        }
    }

    /// The application as it would be sent.
    pub fn form(&self) -> ApplicationForm {
        ApplicationForm {
            person: self.person.clone(),
            vaccinated_on: self.vaccinated_on.clone(),
            dose: self.dose,
            paid: parse_yen(&self.paid).unwrap_or(0),
            grant: parse_yen(&self.grant).unwrap_or(0),
            facility: self.facility.trim().to_owned(),
            phone: half_width(&self.phone).trim().to_owned(),
            consent: self.consent,
        }
    }
}

/// The file input of the receipts.
pub const RECEIPT_INPUT: &str = "subsidy-receipt";
pub const RECEIPTS_ORDER: u8 = 7;

/// The fields in the order the form shows them (the receipts come before the consent).
pub fn order(field: Field) -> u8 {
    match field {
        Field::Person => 0,
        Field::VaccinatedOn => 1,
        Field::Dose => 2,
        Field::Paid => 3,
        Field::Grant => 4,
        Field::Facility => 5,
        Field::Phone => 6,
        Field::Consent => 8,
    }
}

/// A field's name as the portal spells it (`vaccinated-on`).
pub fn field_name(field: Field) -> &'static str {
    match field {
        Field::Person => "person",
        Field::VaccinatedOn => "vaccinated-on",
        Field::Dose => "dose",
        Field::Paid => "paid",
        Field::Grant => "grant",
        Field::Facility => "facility",
        Field::Phone => "phone",
        Field::Consent => "consent",
    }
}

/// The form element of a field.
pub fn input_id(field: Field) -> &'static str {
    match field {
        Field::Person => "subsidy-person",
        Field::VaccinatedOn => "subsidy-date",
        Field::Dose => "subsidy-dose",
        Field::Paid => "subsidy-paid",
        Field::Grant => "subsidy-grant",
        Field::Facility => "subsidy-facility",
        Field::Phone => "subsidy-phone",
        Field::Consent => "subsidy-consent",
    }
}

/// Where a field's problem is shown: `problem-vaccinated-on`.
pub fn problem_id(field: Field) -> String {
    format!("problem-{}", field_name(field))
}

/// What happens to a draft.
pub enum Change {
    Person(String),
    VaccinatedOn(String),
    Dose(u8),
    Paid(String),
    Grant(String),
    Facility(String),
    Phone(String),
    Consent(bool),
    /// The member left the field: its problems show, and amounts are tidied.
    Left(Field),
    /// Files were chosen: the app checks each.
    Staging(usize),
    Staged(StagedFile),
    Refused(ErrorCode),
    Removed(u32),
    /// The review was asked for and something is missing: show all, go to the first.
    Blocked(&'static str),
    Review,
    BackToForm,
    Sending,
    /// The portal found rules broken: back to the form, with them on their fields.
    Invalid(Vec<FieldProblem>),
    Failed(ErrorCode),
}

impl Reducible for Draft {
    type Action = Change;

    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        let mut next = (*self).clone();
        let edited = match &change {
            Change::Person(_) => Some(Field::Person),
            Change::VaccinatedOn(_) => Some(Field::VaccinatedOn),
            Change::Dose(_) => Some(Field::Dose),
            Change::Paid(_) => Some(Field::Paid),
            Change::Grant(_) => Some(Field::Grant),
            Change::Facility(_) => Some(Field::Facility),
            Change::Phone(_) => Some(Field::Phone),
            Change::Consent(_) => Some(Field::Consent),
            _ => None,
        };
        if let Some(field) = edited {
            // A changed amount can mend the other's problem too (the grant over what was paid).
            let mended = |found: &FieldProblem| {
                found.field == field
                    || (matches!(field, Field::Paid | Field::Grant)
                        && matches!(found.field, Field::Paid | Field::Grant))
                    || (matches!(field, Field::Person | Field::VaccinatedOn) && found.field == Field::Dose)
            };
            next.portal_problems.retain(|found| !mended(found));
        }
        match change {
            Change::Person(person) => {
                next.person = person;
                next.dose = 1;
                next.touched.push(Field::Person);
            }
            Change::VaccinatedOn(day) => {
                next.vaccinated_on = day;
                next.touched.push(Field::VaccinatedOn);
            }
            Change::Dose(dose) => {
                next.dose = dose;
                next.touched.push(Field::Dose);
            }
            Change::Paid(paid) => next.paid = paid,
            Change::Grant(grant) => next.grant = grant,
            Change::Facility(facility) => next.facility = facility,
            Change::Phone(phone) => next.phone = phone,
            Change::Consent(consent) => {
                next.consent = consent;
                next.touched.push(Field::Consent);
            }
            Change::Left(field) => {
                next.touched.push(field);
                match field {
                    Field::Paid => next.paid = tidy_yen(&next.paid),
                    Field::Grant => next.grant = tidy_yen(&next.grant),
                    Field::Phone => next.phone = half_width(next.phone.trim()),
                    _ => {}
                }
            }
            Change::Staging(count) => {
                next.staging += count;
                next.receipt_refusal = None;
            }
            Change::Staged(file) => {
                next.staging = next.staging.saturating_sub(1);
                next.receipts.push(file);
            }
            Change::Refused(code) => {
                next.staging = next.staging.saturating_sub(1);
                next.receipt_refusal = Some(code);
            }
            Change::Removed(id) => {
                next.receipts.retain(|file| file.id != id);
                next.receipt_refusal = None;
            }
            Change::Blocked(target) => {
                next.all_touched = true;
                next.focus = Some(target);
                next.focus_asked += 1;
            }
            Change::Review => {
                next.stage = Stage::Reviewing;
                next.send_error = None;
                next.focus = Some(REVIEW_SECTION);
                next.focus_asked += 1;
            }
            Change::BackToForm => {
                next.stage = Stage::Writing;
                next.focus = Some(FORM_TITLE);
                next.focus_asked += 1;
            }
            Change::Sending => {
                next.stage = Stage::Sending;
                next.send_error = None;
            }
            Change::Invalid(problems) => {
                next.stage = Stage::Writing;
                next.all_touched = true;
                next.focus =
                    problems.iter().map(|found| found.field).min_by_key(|field| order(*field)).map(input_id);
                next.portal_problems = problems;
                next.focus_asked += 1;
            }
            Change::Failed(code) => {
                next.stage = Stage::Reviewing;
                next.send_error = Some(code);
            }
        }
        next.touched.dedup();
        Rc::new(next)
    }
}

/// The review, focused when it opens so a screen reader starts there.
pub const REVIEW_SECTION: &str = "subsidy-review";
/// The form's heading, focused when the member comes back from the review.
pub const FORM_TITLE: &str = "subsidy-form-title";

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use kenpo_api::subsidy::Season;

    pub(crate) fn season() -> Season {
        Season::example()
    }

    pub(crate) fn child() -> SubsidyPerson {
        SubsidyPerson {
            person: "02".into(),
            name: "山田 花子".into(),
            insured: false,
            voluntary: false,
            birth_date: "20180923".into(),
            applied_doses: vec![1],
            claimed: 2_000,
        }
    }

    pub(crate) fn filled() -> Draft {
        Draft {
            person: "02".into(),
            vaccinated_on: "20261105".into(),
            dose: 2,
            paid: "４，５００円".into(),
            grant: "1,000".into(),
            facility: "こどもクリニックそら".into(),
            phone: "０９０－１２３４－５６７８".into(),
            consent: true,
            ..Draft::new(&[])
        }
    }
}
