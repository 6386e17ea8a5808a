//! The notices a member logs in for [guide, first page]: 医療費のお知らせ, 現金給付支給決定通知 and
//! 資格情報のお知らせ. Staff import them ([`import`]); members read them here, take a year of
//! medical notices to the tax office ([`export`]) and print them ([`pdf`]).
//!
//! The household rule lives in [`Viewer`] only: the insured person sees everyone of their
//! 記号・番号; a dependant with a login of their own sees their own notices only. A notice the
//! member may not see answers exactly like one that does not exist.

pub mod export;
pub mod import;
pub mod pdf;

use kenpo_api::ErrorCode;
use kenpo_api::notices::{
    BenefitNotice, BenefitNotices, HouseholdPerson, MedicalCategory, MedicalNotice, MedicalTotals,
    MedicalYear, Period, PersonTotals, QualificationNotice, Relation,
};

use crate::PortalError;
use crate::db::Db;
use crate::session::Session;
use crate::store::Runs;
use crate::store::notices::{self as stored, Scope};

/// Rows of 医療費のお知らせ on one page: a household's busiest year fits on two or three.
pub const MEDICAL_PAGE_ROWS: u32 = 100;
/// Benefit notices on one page.
pub const BENEFIT_PAGE_ROWS: u32 = 20;
/// How far back notices are served when the society sets nothing: two years back from the
/// current month, as insurers keep them [DOMAIN, Notices].
pub const DEFAULT_RETENTION_MONTHS: u32 = 24;
/// The longest retention the portal takes.
pub const MAX_RETENTION_MONTHS: u32 = 120;

/// The member looking, and the people of their household they may see.
pub struct Viewer {
    household: Vec<stored::Person>,
    own: Option<stored::Person>,
}

impl Viewer {
    /// The member `member_id`. An account without a roster entry sees nobody.
    pub async fn of<'c>(db: impl Runs<'c>, member_id: i64) -> Result<Self, PortalError> {
        let household = stored::household_of_member(db, member_id).await?;
        let own = household.iter().find(|(_, own)| *own).map(|(person, _)| person.clone());
        Ok(Self { household: household.into_iter().map(|(person, _)| person).collect(), own })
    }

    /// Whether the member sees `person`'s notices: someone of their household they see.
    fn sees(own: &stored::Person, person: &stored::Person) -> bool {
        own.kigo == person.kigo
            && own.bango == person.bango
            && sees_in_household((own.roster_id, &own.relation), person.roster_id)
    }

    /// Everyone whose notices the member sees, by 枝番.
    pub fn people(&self) -> Vec<HouseholdPerson> {
        self.visible()
            .map(|person| HouseholdPerson {
                person: person.edaban.clone(),
                name: person.name.clone(),
                relation: relation(&person.relation),
            })
            .collect()
    }

    /// The household 記号・番号 of the member; none without a roster entry.
    pub(crate) fn household_key(&self) -> Option<(&str, &str)> {
        self.own.as_ref().map(|own| (own.kigo.as_str(), own.bango.as_str()))
    }

    /// Everyone of the household the member sees.
    pub(crate) fn visible(&self) -> impl Iterator<Item = &stored::Person> {
        self.household.iter().filter(|person| self.own.as_ref().is_some_and(|own| Self::sees(own, person)))
    }

    /// The statements' scope: the chosen person (枝番), or everyone the member sees. A person
    /// the member does not see is not found.
    fn scope<'a>(&'a self, person: Option<&'a str>) -> Result<Scope<'a>, PortalError> {
        let own = self.own.as_ref().ok_or(ErrorCode::NotFound)?;
        let edaban = match person {
            Some(edaban) if self.visible().any(|person| person.edaban == edaban) => edaban,
            Some(_) => return Err(ErrorCode::NotFound.into()),
            None if self.visible().count() == self.household.len() => "",
            None => own.edaban.as_str(),
        };
        Ok(Scope { kigo: &own.kigo, bango: &own.bango, edaban })
    }

    /// The name of 枝番 `edaban` in the household.
    fn name_of(&self, edaban: &str) -> String {
        self.household
            .iter()
            .find(|person| person.edaban == edaban)
            .map(|person| person.name.clone())
            .unwrap_or_default()
    }

    /// The insured person's name (被保険者氏名), which the NTA asks of a medical notice.
    fn insured_name(&self) -> String {
        self.household
            .iter()
            .find(|person| person.relation == "insured")
            .map(|person| person.name.clone())
            .unwrap_or_default()
    }
}

/// The household rule, within one household: a viewer (their roster entry and its relation)
/// sees everyone when they are the insured person, and otherwise themselves only.
fn sees_in_household((viewer, relation): (i64, &str), person: i64) -> bool {
    relation == "insured" || viewer == person
}

/// Whoever of the household `accounts` (member ID, roster ID, relation) sees the person of
/// `roster_id`: the accounts a new notice of theirs is mailed to.
pub(crate) fn accounts_seeing(
    accounts: &[(i64, i64, String)],
    roster_id: i64,
) -> impl Iterator<Item = i64> + '_ {
    accounts
        .iter()
        .filter(move |(_, viewer, relation)| sees_in_household((*viewer, relation), roster_id))
        .map(|(member_id, _, _)| *member_id)
}

fn relation(stored: &str) -> Relation {
    if stored == "insured" { Relation::Insured } else { Relation::Dependant }
}

/// How long notices are served.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    pub months: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self { months: DEFAULT_RETENTION_MONTHS }
    }
}

impl Retention {
    /// The oldest month served (YYYYMM) when today is `today` (YYYYMMDD): `months` back from
    /// the current month.
    pub fn oldest_month(self, today: &str) -> u32 {
        let (year, month) = year_month(today);
        let index = year * 12 + (month - 1) - self.months;
        (index / 12) * 100 + index % 12 + 1
    }
}

/// The year and month of a YYYYMMDD date.
fn year_month(today: &str) -> (u32, u32) {
    (today[..4].parse().expect("a YYYYMMDD date"), today[4..6].parse().expect("a YYYYMMDD date"))
}

/// What a member must know before taking `year` to the tax office today (YYYYMMDD), if the
/// year's data may be incomplete: notices arrive about three months after the treatment.
pub fn export_caveat(year: i32, today: &str) -> Option<String> {
    let (this_year, month) = year_month(today);
    if year == this_year as i32 {
        Some(format!(
            "{year}年の分は途中までです。医療費のお知らせは診療月のおよそ3か月後に掲載されるため、最近の月はまだ含まれていません。"
        ))
    } else if year == this_year as i32 - 1 && month <= 3 {
        Some(format!(
            "1月〜3月の時点では、{year}年11月・12月診療分はまだ含まれていないことがあります。含まれていない分は、領収書をもとに追加してください。"
        ))
    } else {
        None
    }
}

/// The years that may be chosen: from the oldest served month's to this one, newest first.
fn served_years(oldest_month: u32, today: &str) -> Vec<i32> {
    let this_year = year_month(today).0 as i32;
    (((oldest_month / 100) as i32)..=this_year).rev().collect()
}

/// The months of `year` still served.
fn months_of(year: i32, oldest_month: u32) -> (i64, i64) {
    ((i64::from(year) * 100 + 1).max(i64::from(oldest_month)), i64::from(year) * 100 + 12)
}

/// Checks a page number against the number of pages: pages start at 1; the page after the
/// last is empty, not an error, so a list that shrank does not fail a member's next tap.
fn page_window(page: u32, rows_per_page: u32) -> Result<(i64, i64), PortalError> {
    if page == 0 || page > 100_000 {
        return Err(ErrorCode::BadRequest.into());
    }
    Ok((i64::from(rows_per_page), i64::from(page - 1) * i64::from(rows_per_page)))
}

fn pages(rows: i64, rows_per_page: u32) -> u32 {
    (rows.max(0) as u64).div_ceil(u64::from(rows_per_page)) as u32
}

/// The year of 医療費のお知らせ (the newest with data when none is asked), one page of it.
pub async fn medical_year(
    pool: &Db,
    retention: Retention,
    session: &Session,
    (year, person, page): (Option<i32>, Option<&str>, u32),
) -> Result<MedicalYear, PortalError> {
    // One connection for the page's statements: each taken from the pool and given back costs
    // a round trip of its own (sqlx pings a connection it is given back).
    let mut db = pool.acquire().await?;
    let viewer = Viewer::of(&mut *db, session.member_id).await?;
    let today = crate::clock::today();
    let oldest_month = retention.oldest_month(&today);
    let years = served_years(oldest_month, &today);
    let year = match year {
        Some(year) if years.contains(&year) => year,
        Some(_) => return Err(ErrorCode::NotFound.into()),
        None => newest_year(&mut *db, &viewer, person, &years).await?,
    };
    let window = page_window(page, MEDICAL_PAGE_ROWS)?;
    let scope = viewer.scope(person)?;
    let months = months_of(year, oldest_month);
    let notices = stored::medical(&mut *db, scope, months, window).await?;
    // A year on its first page, as most households' are, is summed from its rows: one
    // statement fewer on the page members open most.
    let sums = if page == 1 && notices.len() < MEDICAL_PAGE_ROWS as usize {
        totals_of(&notices)
    } else {
        stored::medical_totals(&mut *db, scope, months).await?
    };
    drop(db);
    let rows: i64 = sums.iter().map(|(_, rows, _, _)| rows).sum();
    let per_person: Vec<PersonTotals> = sums
        .iter()
        .map(|(edaban, _, total, self_pay)| PersonTotals {
            person: edaban.clone(),
            totals: MedicalTotals { total: *total as u64, self_pay: *self_pay as u64 },
        })
        .collect();
    let totals = per_person.iter().fold(MedicalTotals::default(), |sum, person| MedicalTotals {
        total: sum.total + person.totals.total,
        self_pay: sum.self_pay + person.totals.self_pay,
    });
    Ok(MedicalYear {
        year,
        years,
        person: person.map(str::to_owned),
        household: viewer.people(),
        notices: notices.into_iter().map(medical_notice).collect::<Result<_, _>>()?,
        page,
        pages: pages(rows, MEDICAL_PAGE_ROWS),
        per_person,
        totals,
        oldest_month,
        export_caveat: export_caveat(year, &today),
    })
}

/// Per person (by 枝番) of `rows`: rows, 医療費の総額 and 自己負担額, as
/// [`stored::medical_totals`] answers for them.
fn totals_of(rows: &[stored::MedicalRow]) -> Vec<(String, i64, i64, i64)> {
    let mut sums = std::collections::BTreeMap::<&str, (i64, i64, i64)>::new();
    for row in rows {
        let (count, total, self_pay) = sums.entry(&row.edaban).or_default();
        (*count, *total, *self_pay) = (*count + 1, *total + row.total, *self_pay + row.self_pay);
    }
    sums.into_iter()
        .map(|(edaban, (count, total, self_pay))| (edaban.to_owned(), count, total, self_pay))
        .collect()
}

async fn newest_year<'c>(
    db: impl Runs<'c>,
    viewer: &Viewer,
    person: Option<&str>,
    years: &[i32],
) -> Result<i32, PortalError> {
    let newest = stored::newest_medical_month(db, viewer.scope(person)?).await?;
    Ok(newest.map(|month| (month / 100) as i32).filter(|year| years.contains(year)).unwrap_or(years[0]))
}

fn medical_notice(row: stored::MedicalRow) -> Result<MedicalNotice, PortalError> {
    let category = MedicalCategory::from_label(&row.category)
        .ok_or_else(|| PortalError::Internal(format!("stored category {:?}", row.category)))?;
    Ok(MedicalNotice {
        person: row.edaban,
        month: row.month as u32,
        facility: Some(row.facility).filter(|facility| !facility.is_empty()),
        category,
        days: row.days as u32,
        total: row.total as u64,
        self_pay: row.self_pay as u64,
        public_pay: row.public_pay as u64,
        insurer_pay: row.insurer_pay as u64,
    })
}

/// Every row of a year of 医療費のお知らせ for the export and the PDF, with the household.
pub struct MedicalRecord {
    pub year: i32,
    pub insured_name: String,
    pub rows: Vec<(String, MedicalNotice)>,
    pub caveat: Option<String>,
}

/// The whole year (every page) for `person` or everyone the member sees, each row with its
/// person's name.
pub async fn medical_record(
    pool: &Db,
    retention: Retention,
    session: &Session,
    (year, person): (i32, Option<&str>),
) -> Result<MedicalRecord, PortalError> {
    let viewer = Viewer::of(pool, session.member_id).await?;
    let today = crate::clock::today();
    let oldest_month = retention.oldest_month(&today);
    if !served_years(oldest_month, &today).contains(&year) {
        return Err(ErrorCode::NotFound.into());
    }
    // A year of a household is a few hundred rows; this bound is far above any.
    let all = (i64::from(MEDICAL_PAGE_ROWS) * 1000, 0);
    let rows = stored::medical(pool, viewer.scope(person)?, months_of(year, oldest_month), all).await?;
    let rows = rows
        .into_iter()
        .map(|row| Ok((viewer.name_of(&row.edaban), medical_notice(row)?)))
        .collect::<Result<_, PortalError>>()?;
    Ok(MedicalRecord { year, insured_name: viewer.insured_name(), rows, caveat: export_caveat(year, &today) })
}

/// A year of 医療費のお知らせ in a few figures, for the staff.
#[derive(Debug, Clone, serde::Serialize)]
pub struct YearSummary {
    pub year: i32,
    pub rows: i64,
    pub self_pay: i64,
}

/// Whom member `member_id` sees, their medical notices by year, and how many benefit and
/// qualification notices: what `admin notices` prints.
pub async fn summary(
    pool: &Db,
    retention: Retention,
    member_id: i64,
) -> Result<(Vec<HouseholdPerson>, Vec<YearSummary>, i64, usize), PortalError> {
    let viewer = Viewer::of(pool, member_id).await?;
    let Ok(scope) = viewer.scope(None) else {
        return Ok((Vec::new(), Vec::new(), 0, 0));
    };
    let today = crate::clock::today();
    let oldest_month = retention.oldest_month(&today);
    let mut years = Vec::new();
    for year in served_years(oldest_month, &today) {
        let sums = stored::medical_totals(pool, scope, months_of(year, oldest_month)).await?;
        years.push(YearSummary {
            year,
            rows: sums.iter().map(|(_, rows, _, _)| rows).sum(),
            self_pay: sums.iter().map(|(_, _, _, self_pay)| self_pay).sum(),
        });
    }
    let benefits = stored::benefit_count(pool, scope, &benefits_since(retention)).await?;
    let qualifications = stored::qualifications(pool, scope).await?.len();
    Ok((viewer.people(), years, benefits, qualifications))
}

/// The first day served of benefit notices (YYYYMMDD): those paid before it are past retention.
fn benefits_since(retention: Retention) -> String {
    format!("{}01", retention.oldest_month(&crate::clock::today()))
}

/// One page of 現金給付支給決定通知, newest payment first.
pub async fn benefits(
    pool: &Db,
    retention: Retention,
    session: &Session,
    (person, page): (Option<&str>, u32),
) -> Result<BenefitNotices, PortalError> {
    let viewer = Viewer::of(pool, session.member_id).await?;
    let window = page_window(page, BENEFIT_PAGE_ROWS)?;
    let scope = viewer.scope(person)?;
    let since = benefits_since(retention);
    let rows = stored::benefits(pool, scope, &since, window).await?;
    let count = stored::benefit_count(pool, scope, &since).await?;
    Ok(BenefitNotices {
        household: viewer.people(),
        notices: rows.into_iter().map(benefit_notice).collect(),
        page,
        pages: pages(count, BENEFIT_PAGE_ROWS),
    })
}

/// One 現金給付支給決定通知, the name of its person and the insured person's; `not-found` unless
/// the member sees it.
pub async fn benefit(
    pool: &Db,
    retention: Retention,
    session: &Session,
    id: i64,
) -> Result<(BenefitNotice, String, String), PortalError> {
    let viewer = Viewer::of(pool, session.member_id).await?;
    let row = stored::benefit(pool, viewer.scope(None)?, &benefits_since(retention), id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let name = viewer.name_of(&row.edaban);
    Ok((benefit_notice(row), name, viewer.insured_name()))
}

fn benefit_notice(row: stored::BenefitRow) -> BenefitNotice {
    let period = row.period_from.zip(row.period_to).map(|(from, to)| Period { from, to });
    BenefitNotice {
        id: row.id,
        person: row.edaban,
        kind: row.kind,
        month: row.month.map(|month| month as u32),
        period,
        statutory: row.statutory as u64,
        additional: row.additional as u64,
        paid_on: row.paid_on,
        via_employer: row.via_employer.into(),
    }
}

/// 資格情報のお知らせ of `person`, or of everyone the member sees.
pub async fn qualifications(
    pool: &Db,
    session: &Session,
    person: Option<&str>,
) -> Result<Vec<QualificationNotice>, PortalError> {
    let viewer = Viewer::of(pool, session.member_id).await?;
    let rows = stored::qualifications(pool, viewer.scope(person)?).await?;
    Ok(rows
        .into_iter()
        .map(|row| QualificationNotice {
            person: row.edaban.clone(),
            name: row.name,
            birth_date: row.birth_date,
            kigo: row.kigo,
            bango: row.bango,
            edaban: row.edaban,
            insurer_number: row.insurer_number,
            insurer_name: row.insurer_name,
            acquired_on: row.acquired_on,
            copay_tenths: row.copay_tenths as u8,
            issued_on: row.issued_on,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_counts_back_from_the_current_month() {
        let two_years = Retention::default();
        assert_eq!(two_years.oldest_month("20261129"), 202_411);
        assert_eq!(two_years.oldest_month("20260101"), 202_401);
        assert_eq!(Retention { months: 1 }.oldest_month("20260115"), 202_512);
        assert_eq!(Retention { months: 0 }.oldest_month("20261231"), 202_612);
        assert_eq!(served_years(202_411, "20261129"), vec![2026, 2025, 2024]);
        assert_eq!(months_of(2024, 202_411), (202_411, 202_412));
        assert_eq!(months_of(2025, 202_411), (202_501, 202_512));
    }

    #[test]
    fn the_caveat_is_given_for_this_year_and_for_last_year_until_march() {
        assert!(export_caveat(2026, "20261129").is_some());
        assert!(export_caveat(2025, "20260331").unwrap().contains("11月・12月"));
        assert_eq!(export_caveat(2025, "20260401"), None);
        assert_eq!(export_caveat(2024, "20260115"), None);
    }

    #[test]
    fn pages_start_at_one_and_are_bounded() {
        assert_eq!(page_window(1, 100).unwrap(), (100, 0));
        assert_eq!(page_window(3, 20).unwrap(), (20, 40));
        assert!(page_window(0, 20).is_err());
        assert!(page_window(u32::MAX, 20).is_err());
        assert_eq!(pages(0, 20), 0);
        assert_eq!(pages(21, 20), 2);
    }
}
