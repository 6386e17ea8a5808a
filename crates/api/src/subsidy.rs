//! インフルエンザ予防接種補助申請: the season's rules as the society configures them, an application
//! as the member fills it in, and the one check both the app (before sending) and the portal
//! (on receipt) run: every rule the application breaks, named on its field.

use serde::{Deserialize, Serialize};

/// Who may apply [DOMAIN, Influenza-vaccination subsidy].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligible {
    pub insured: bool,
    pub dependants: bool,
    /// 任意継続被保険者 and their dependants.
    pub voluntary: bool,
}

/// One season's rules. Dates are YYYYMMDD, amounts yen.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Season {
    /// 「2026年度」: shown to members and staff.
    pub name: String,
    /// Vaccinations on these days and between them are subsidised.
    pub vaccinated_from: String,
    pub vaccinated_to: String,
    /// The last day an application is taken.
    pub apply_until: String,
    /// The most paid for one person in the season, all doses together.
    pub cap_per_person: u64,
    /// The most paid for one dose, when the society pays by dose.
    pub cap_per_dose: Option<u64>,
    /// Children younger than this at the day of vaccination may have two doses; others one.
    pub two_doses_under_age: u32,
    pub eligible: Eligible,
}

impl Season {
    /// The season of the documentation and the tests: 2026年度, vaccinations from 1 October to
    /// 31 January, applications until 28 February, 3,000 yen a person, two doses under 13, the
    /// insured and dependants eligible.
    pub fn example() -> Self {
        Self {
            name: "2026年度".into(),
            vaccinated_from: "20261001".into(),
            vaccinated_to: "20270131".into(),
            apply_until: "20270228".into(),
            cap_per_person: 3_000,
            cap_per_dose: None,
            two_doses_under_age: 13,
            eligible: Eligible { insured: true, dependants: true, voluntary: false },
        }
    }
}

/// A person of the household, as the check needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant<'a> {
    pub insured: bool,
    pub voluntary: bool,
    /// YYYYMMDD.
    pub birth_date: &'a str,
}

/// What the member fills in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationForm {
    /// 枝番 of the person vaccinated.
    pub person: String,
    /// YYYYMMDD.
    pub vaccinated_on: String,
    /// 1 or 2.
    pub dose: u8,
    /// What the member paid, and the municipality's grant towards it, in yen.
    pub paid: u64,
    pub grant: u64,
    pub facility: String,
    pub phone: String,
    /// Agreed to the privacy terms.
    pub consent: bool,
}

/// The form's fields, to name a problem's place.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Person,
    VaccinatedOn,
    Dose,
    Paid,
    Grant,
    Facility,
    Phone,
    Consent,
}

/// A rule the application breaks.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// The person may not apply this season (who is eligible is the society's choice).
    NotEligible,
    /// Not a real date (YYYYMMDD).
    DateInvalid,
    BeforeWindow,
    AfterWindow,
    /// Vaccinated in the future.
    InTheFuture,
    /// Applications for the season have closed.
    DeadlinePassed,
    /// Not 1 or 2, or 2 for someone who may have one dose only.
    DoseNotAllowed,
    /// This person and dose have an application already.
    AlreadyApplied,
    /// Nothing paid, or more than any vaccination costs.
    AmountInvalid,
    /// The grant is more than what was paid.
    GrantOverPaid,
    Missing,
    TooLong,
    /// Not a Japanese phone number (10 or 11 digits, hyphens allowed).
    PhoneInvalid,
    ConsentMissing,
}

/// The most a vaccination can plausibly cost: more is a typing mistake.
pub const MAX_PAID_YEN: u64 = 100_000;
pub const FACILITY_MAX_CHARS: usize = 100;

/// Age in whole years on `day` (both YYYYMMDD).
pub fn age_on(birth_date: &str, day: &str) -> Option<u32> {
    let (born, on) = (birth_date.parse::<u32>().ok()?, day.parse::<u32>().ok()?);
    (on >= born).then(|| (on - born) / 10_000)
}

/// Whether `date` is a real YYYYMMDD date.
fn real_date(date: &str) -> bool {
    date.len() == 8
        && date.bytes().all(|b| b.is_ascii_digit())
        && crate::rules::check_birth_date(date, "99991231").is_ok()
}

/// Every rule `form` breaks for `applicant` in `season` on `today` (YYYYMMDD), given the doses
/// of this person applied for already. Empty when the application may be sent.
pub fn check(
    season: &Season,
    form: &ApplicationForm,
    applicant: &Applicant,
    applied_doses: &[u8],
    today: &str,
) -> Vec<(Field, Problem)> {
    let mut problems = Vec::new();
    let eligible = match (applicant.voluntary, applicant.insured) {
        (true, _) => season.eligible.voluntary,
        (false, true) => season.eligible.insured,
        (false, false) => season.eligible.dependants,
    };
    if !eligible {
        problems.push((Field::Person, Problem::NotEligible));
    }
    if today > season.apply_until.as_str() {
        problems.push((Field::VaccinatedOn, Problem::DeadlinePassed));
    }
    let date = form.vaccinated_on.as_str();
    if !real_date(date) {
        problems.push((Field::VaccinatedOn, Problem::DateInvalid));
    } else if date > today {
        problems.push((Field::VaccinatedOn, Problem::InTheFuture));
    } else if date < season.vaccinated_from.as_str() {
        problems.push((Field::VaccinatedOn, Problem::BeforeWindow));
    } else if date > season.vaccinated_to.as_str() {
        problems.push((Field::VaccinatedOn, Problem::AfterWindow));
    }
    let doses = match age_on(applicant.birth_date, date) {
        Some(age) if age < season.two_doses_under_age => 2,
        _ => 1,
    };
    if !(1..=doses).contains(&form.dose) {
        problems.push((Field::Dose, Problem::DoseNotAllowed));
    } else if applied_doses.contains(&form.dose) {
        problems.push((Field::Dose, Problem::AlreadyApplied));
    }
    if form.paid == 0 || form.paid > MAX_PAID_YEN {
        problems.push((Field::Paid, Problem::AmountInvalid));
    } else if form.grant > form.paid {
        problems.push((Field::Grant, Problem::GrantOverPaid));
    }
    let facility = form.facility.trim();
    if facility.is_empty() {
        problems.push((Field::Facility, Problem::Missing));
    } else if facility.chars().count() > FACILITY_MAX_CHARS {
        problems.push((Field::Facility, Problem::TooLong));
    }
    let digits: String = form.phone.chars().filter(|c| *c != '-').collect();
    let phone_fine = digits.starts_with('0')
        && (10..=11).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && form.phone.len() <= 13;
    if form.phone.trim().is_empty() {
        problems.push((Field::Phone, Problem::Missing));
    } else if !phone_fine {
        problems.push((Field::Phone, Problem::PhoneInvalid));
    }
    if !form.consent {
        problems.push((Field::Consent, Problem::ConsentMissing));
    }
    problems
}

/// What the society pays for this dose: min(paid − grant, cap), the cap being the per-dose one
/// when the society pays by dose, and what is left of the person's season cap after the doses
/// already approved (`paid_already`).
pub fn payout(season: &Season, form: &ApplicationForm, paid_already: u64) -> u64 {
    let own_share = form.paid.saturating_sub(form.grant);
    let left = season.cap_per_person.saturating_sub(paid_already);
    let cap = season.cap_per_dose.map_or(left, |per_dose| per_dose.min(left));
    own_share.min(cap)
}

/// A problem on its field, as the portal answers it in an `application-invalid` refusal.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: Field,
    pub problem: Problem,
}

/// Where an application stands: 受付 → 審査中 → 承認 / 却下 / 差戻し (the member corrects and
/// sends it again: 受付 once more).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Received,
    Reviewing,
    Approved,
    Rejected,
    Returned,
}

impl Status {
    pub const ALL: [Self; 5] =
        [Self::Received, Self::Reviewing, Self::Approved, Self::Rejected, Self::Returned];

    /// The name stored and typed by staff (`received` …).
    pub fn name(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Reviewing => "reviewing",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Returned => "returned",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.name() == name)
    }

    /// 受付, 審査中, 承認, 却下, 差戻し.
    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Received => "受付",
            Self::Reviewing => "審査中",
            Self::Approved => "承認",
            Self::Rejected => "却下",
            Self::Returned => "差戻し",
        }
    }

    /// Whether staff may still decide: approve, reject or return it.
    pub fn open(self) -> bool {
        matches!(self, Self::Received | Self::Reviewing)
    }
}

/// One step of an application's history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Unix seconds.
    pub at: i64,
    /// The status the step left the application in.
    pub status: Status,
    /// Sent by the member (first or again), or a decision of the staff.
    pub by_member: bool,
    /// The staff's reason for a 却下 or 差戻し.
    pub reason: Option<String>,
}

/// An application as the member (and the app) see it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: i64,
    /// 申請番号, e.g. 2026-000012.
    pub number: String,
    pub status: Status,
    /// The reason of the latest 却下 or 差戻し.
    pub reason: Option<String>,
    pub form: ApplicationForm,
    /// The person vaccinated.
    pub name: String,
    /// What the society pays when it approves.
    pub payout: u64,
    /// How many receipts are stored.
    pub receipts: u32,
    /// Unix seconds: first sent, and last changed.
    pub submitted_at: i64,
    pub updated_at: i64,
    pub history: Vec<HistoryEntry>,
}

/// A person of the household the member may apply for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubsidyPerson {
    /// 枝番.
    pub person: String,
    pub name: String,
    pub insured: bool,
    pub voluntary: bool,
    /// YYYYMMDD: the number of doses goes by the age on the day of vaccination.
    pub birth_date: String,
    /// Doses of this season with an application already.
    pub applied_doses: Vec<u8>,
    /// What the person's other applications of the season pay (or will, when approved),
    /// counted against the season's cap.
    pub claimed: u64,
}

impl SubsidyPerson {
    pub fn applicant(&self) -> Applicant<'_> {
        Applicant { insured: self.insured, voluntary: self.voluntary, birth_date: &self.birth_date }
    }
}

/// `GET /api/subsidy`: the season (none when the society takes no applications now), the
/// people the member may apply for, and the member's applications, newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subsidy {
    pub season: Option<Season>,
    /// Today in Japan by the portal's clock, YYYYMMDD: what the deadline is judged by.
    pub today: String,
    pub people: Vec<SubsidyPerson>,
    pub applications: Vec<Application>,
}

/// The most receipts one application takes, and the largest one (bytes, before encoding).
pub const MAX_RECEIPTS: usize = 3;
pub const MAX_RECEIPT_BYTES: usize = 8 * 1024 * 1024;

/// A receipt's type by its first bytes (never its name): `image/jpeg`, `image/png` or
/// `application/pdf`. The app tells the member at once; the portal decodes it to be sure.
pub fn receipt_media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// `POST /api/subsidy/applications`, and `PUT …/{id}` after 差戻し (no receipts there keeps the
/// ones sent before).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitApplication {
    pub form: ApplicationForm,
    /// Each receipt's file (JPEG, PNG or PDF) in base64.
    pub receipts: Vec<String>,
}

impl std::fmt::Debug for SubmitApplication {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubmitApplication")
            .field("form", &self.form)
            .field("receipts", &self.receipts.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn season() -> Season {
        Season::example()
    }

    fn form() -> ApplicationForm {
        ApplicationForm {
            person: "02".into(),
            vaccinated_on: "20261105".into(),
            dose: 1,
            paid: 4_500,
            grant: 1_000,
            facility: "こどもクリニックそら".into(),
            phone: "090-1234-5678".into(),
            consent: true,
        }
    }

    const CHILD: Applicant = Applicant { insured: false, voluntary: false, birth_date: "20180923" };
    const ADULT: Applicant = Applicant { insured: true, voluntary: false, birth_date: "19800515" };

    #[test]
    fn a_good_application_breaks_no_rule_and_is_paid_up_to_the_cap() {
        assert_eq!(check(&season(), &form(), &CHILD, &[], "20261110"), vec![]);
        assert_eq!(payout(&season(), &form(), 0), 3_000);
        assert_eq!(payout(&season(), &ApplicationForm { paid: 3_500, grant: 1_000, ..form() }, 0), 2_500);
        assert_eq!(payout(&season(), &form(), 2_000), 1_000, "what the first dose left of the cap");
        let by_dose = Season { cap_per_dose: Some(1_500), ..season() };
        assert_eq!(payout(&by_dose, &form(), 0), 1_500);
    }

    #[test]
    fn each_broken_rule_is_named_on_its_field() {
        let today = "20261110";
        let problems = |form: ApplicationForm, applicant: &Applicant, applied: &[u8], today: &str| {
            check(&season(), &form, applicant, applied, today)
        };
        assert_eq!(
            problems(ApplicationForm { vaccinated_on: "20260930".into(), ..form() }, &CHILD, &[], today),
            [(Field::VaccinatedOn, Problem::BeforeWindow)]
        );
        assert_eq!(
            problems(ApplicationForm { vaccinated_on: "20270201".into(), ..form() }, &CHILD, &[], "20270210"),
            [(Field::VaccinatedOn, Problem::AfterWindow)]
        );
        assert_eq!(
            problems(form(), &CHILD, &[], "20270301"),
            [(Field::VaccinatedOn, Problem::DeadlinePassed)]
        );
        assert_eq!(
            problems(ApplicationForm { vaccinated_on: "20261131".into(), ..form() }, &CHILD, &[], today),
            [(Field::VaccinatedOn, Problem::DateInvalid)]
        );
        assert_eq!(
            problems(ApplicationForm { vaccinated_on: "20261111".into(), ..form() }, &CHILD, &[], today),
            [(Field::VaccinatedOn, Problem::InTheFuture)]
        );
        assert_eq!(
            problems(form(), &Applicant { voluntary: true, ..ADULT }, &[], today),
            [(Field::Person, Problem::NotEligible)]
        );
        assert_eq!(problems(form(), &CHILD, &[1], today), [(Field::Dose, Problem::AlreadyApplied)]);
        assert_eq!(
            problems(ApplicationForm { dose: 3, ..form() }, &CHILD, &[1, 2], today),
            [(Field::Dose, Problem::DoseNotAllowed)]
        );
        assert_eq!(
            problems(ApplicationForm { dose: 2, ..form() }, &ADULT, &[1], today),
            [(Field::Dose, Problem::DoseNotAllowed)]
        );
        assert_eq!(
            problems(ApplicationForm { grant: 5_000, ..form() }, &CHILD, &[], today),
            [(Field::Grant, Problem::GrantOverPaid)]
        );
        assert_eq!(
            problems(ApplicationForm { paid: 0, ..form() }, &CHILD, &[], today),
            [(Field::Paid, Problem::AmountInvalid)]
        );
        assert_eq!(
            problems(ApplicationForm { facility: " ".into(), ..form() }, &CHILD, &[], today),
            [(Field::Facility, Problem::Missing)]
        );
        assert_eq!(
            problems(ApplicationForm { phone: "12345".into(), ..form() }, &CHILD, &[], today),
            [(Field::Phone, Problem::PhoneInvalid)]
        );
        assert_eq!(
            problems(ApplicationForm { consent: false, ..form() }, &CHILD, &[], today),
            [(Field::Consent, Problem::ConsentMissing)]
        );
    }

    #[test]
    fn two_doses_go_by_the_age_on_the_day_of_vaccination() {
        // Born 2013-11-06: 12 on 2026-11-05 (two doses), 13 from 2026-11-06 (one).
        let turning = Applicant { insured: false, voluntary: false, birth_date: "20131106" };
        let second = |day: &str| ApplicationForm { dose: 2, vaccinated_on: day.into(), ..form() };
        assert_eq!(check(&season(), &second("20261105"), &turning, &[1], "20261110"), vec![]);
        assert_eq!(
            check(&season(), &second("20261106"), &turning, &[1], "20261110"),
            [(Field::Dose, Problem::DoseNotAllowed)]
        );
        assert_eq!(age_on("20131106", "20261105"), Some(12));
        assert_eq!(age_on("20131106", "20261106"), Some(13));
    }
}
