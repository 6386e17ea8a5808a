//! The notices a member logs in for, as they cross HTTP: 医療費のお知らせ, 現金給付支給決定通知
//! and 資格情報のお知らせ, with the household they belong to; and how they are written for
//! people (和暦, yen), shared by the app's screens and the portal's PDFs.

use serde::{Deserialize, Serialize};

/// Insured person or dependant.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// 被保険者
    Insured,
    /// 被扶養者
    Dependant,
}

/// A person of the household whose notices the member may see. `person` is their 枝番, which
/// the notice endpoints take to choose one person.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdPerson {
    pub person: String,
    pub name: String,
    pub relation: Relation,
}

/// 診療区分.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MedicalCategory {
    #[serde(rename = "入院")]
    Inpatient,
    #[serde(rename = "外来")]
    Outpatient,
    #[serde(rename = "歯科")]
    Dental,
    #[serde(rename = "調剤")]
    Pharmacy,
    #[serde(rename = "訪問看護")]
    HomeNursing,
    /// 柔道整復 (judo therapy); the notice may name no facility.
    #[serde(rename = "柔整")]
    JudoTherapy,
    /// あん摩マッサージ指圧・はり・きゅう.
    #[serde(rename = "あはき")]
    Ahaki,
}

impl MedicalCategory {
    pub const ALL: [Self; 7] = [
        Self::Inpatient,
        Self::Outpatient,
        Self::Dental,
        Self::Pharmacy,
        Self::HomeNursing,
        Self::JudoTherapy,
        Self::Ahaki,
    ];

    /// The name on the notice, which is also how it is stored and sent.
    pub fn label(self) -> &'static str {
        match self {
            Self::Inpatient => "入院",
            Self::Outpatient => "外来",
            Self::Dental => "歯科",
            Self::Pharmacy => "調剤",
            Self::HomeNursing => "訪問看護",
            Self::JudoTherapy => "柔整",
            Self::Ahaki => "あはき",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|category| category.label() == label)
    }
}

/// One row of 医療費のお知らせ: a person, a month, a facility. Amounts in yen.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicalNotice {
    /// 受診者 (枝番).
    pub person: String,
    /// 診療年月, YYYYMM.
    pub month: u32,
    /// 医療機関等の名称; none on some 柔整 rows.
    pub facility: Option<String>,
    pub category: MedicalCategory,
    /// 日数 (or 回数).
    pub days: u32,
    /// 医療費の総額 (10割).
    pub total: u64,
    /// 自己負担額: points × 10 yen × rate, so it can end in 1 to 9 yen.
    pub self_pay: u64,
    /// 公費負担額.
    pub public_pay: u64,
    /// 健保負担額.
    pub insurer_pay: u64,
}

/// The sums of a person's (or the household's) notices over a year.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicalTotals {
    pub total: u64,
    pub self_pay: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonTotals {
    pub person: String,
    pub totals: MedicalTotals,
}

/// `GET /api/notices/medical`: a calendar year of 医療費のお知らせ, one page of rows, with the
/// year's totals over every page.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicalYear {
    pub year: i32,
    /// The years that can be chosen: those the retention period still serves, newest first.
    pub years: Vec<i32>,
    /// The one person chosen, or none for everyone the member may see.
    pub person: Option<String>,
    pub household: Vec<HouseholdPerson>,
    /// This page's rows, by month, then person, then facility.
    pub notices: Vec<MedicalNotice>,
    pub page: u32,
    pub pages: u32,
    /// The year's totals of each person shown, and of all of them.
    pub per_person: Vec<PersonTotals>,
    pub totals: MedicalTotals,
    /// The oldest month still served (YYYYMM): older rows are past the retention period.
    pub oldest_month: u32,
    /// Shown before the tax export and written into it, when the year's data may be incomplete.
    pub export_caveat: Option<String>,
}

/// 診療期間 of a benefit paid for a period (傷病手当金, 出産手当金), YYYYMMDD.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: String,
    pub to: String,
}

/// One 現金給付支給決定通知.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitNotice {
    pub id: i64,
    pub person: String,
    /// 給付の種類 (高額療養費, 傷病手当金, …).
    pub kind: String,
    /// 診療年月 (YYYYMM), or the period: one of the two.
    pub month: Option<u32>,
    pub period: Option<Period>,
    /// 法定給付 and 付加給付, in yen.
    pub statutory: u64,
    pub additional: u64,
    /// 支払日, YYYYMMDD.
    pub paid_on: String,
    /// Paid to the employer, which passes it on with the salary: `paid_on` is the day the
    /// company was paid.
    pub via_employer: bool,
}

/// `GET /api/notices/benefits`: one page, newest payment first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitNotices {
    pub household: Vec<HouseholdPerson>,
    pub notices: Vec<BenefitNotice>,
    pub page: u32,
    pub pages: u32,
}

/// 資格情報のお知らせ of one person.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualificationNotice {
    pub person: String,
    /// 氏名
    pub name: String,
    /// 生年月日, YYYYMMDD.
    pub birth_date: String,
    /// 記号, 番号 and 枝番: zero-padded text, never numbers.
    pub kigo: String,
    pub bango: String,
    pub edaban: String,
    /// 保険者番号 (8 digits) and 保険者名称.
    pub insurer_number: String,
    pub insurer_name: String,
    /// 資格取得年月日, YYYYMMDD.
    pub acquired_on: String,
    /// 一部負担金の割合, in tenths (3 = 3割).
    pub copay_tenths: u8,
    /// 交付年月日, YYYYMMDD.
    pub issued_on: String,
}

/// The same caveat wherever a benefit was paid through the employer.
pub const EMPLOYER_PAYMENT_CAVEAT: &str = "事業主（お勤め先）を経由してお支払いしています。支払日は事業主への支払日です。給与と合わせての受け取りとなります。";

/// Japan's eras since 明治 6 (the solar calendar), newest first: the first day of each.
const ERAS: [(&str, (i32, u32, u32)); 5] = [
    ("令和", (2019, 5, 1)),
    ("平成", (1989, 1, 8)),
    ("昭和", (1926, 12, 25)),
    ("大正", (1912, 7, 30)),
    ("明治", (1868, 1, 1)),
];

/// The 和暦 year of a date: `("平成", 1)` for 1989-01-08, `("昭和", 64)` for 1989-01-07. `None`
/// before 明治.
fn era_of(year: i32, month: u32, day: u32) -> Option<(&'static str, i32)> {
    ERAS.iter()
        .find(|(_, start)| (year, month, day) >= *start)
        .map(|(name, (first_year, _, _))| (*name, year - first_year + 1))
}

fn era_year(name: &str, year: i32) -> String {
    if year == 1 { format!("{name}元年") } else { format!("{name}{year}年") }
}

/// `YYYYMMDD` as 和暦: 「平成元年1月8日」.
pub fn wareki_date(yyyymmdd: &str) -> Option<String> {
    let (year, month, day) = split_date(yyyymmdd)?;
    let (name, era) = era_of(year, month, day)?;
    Some(format!("{}{month}月{day}日", era_year(name, era)))
}

/// A 診療年月 (YYYYMM) as 和暦, by the era of the month's first day: 「令和7年3月」.
pub fn wareki_month(yyyymm: u32) -> Option<String> {
    let (year, month) = ((yyyymm / 100) as i32, yyyymm % 100);
    let (name, era) = era_of(year, month, 1)?;
    Some(format!("{}{month}月", era_year(name, era)))
}

/// `YYYYMMDD` as 西暦: 「2025年4月1日」.
pub fn seireki_date(yyyymmdd: &str) -> Option<String> {
    let (year, month, day) = split_date(yyyymmdd)?;
    Some(format!("{year}年{month}月{day}日"))
}

/// A month (YYYYMM) as 西暦: 「2025年3月」.
pub fn seireki_month(yyyymm: u32) -> String {
    format!("{}年{}月", yyyymm / 100, yyyymm % 100)
}

fn split_date(yyyymmdd: &str) -> Option<(i32, u32, u32)> {
    if yyyymmdd.len() != 8 || !yyyymmdd.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((yyyymmdd[..4].parse().ok()?, yyyymmdd[4..6].parse().ok()?, yyyymmdd[6..].parse().ok()?))
}

/// An amount as members read it: 「12,345円」.
pub fn yen(amount: u64) -> String {
    grouped(amount) + "円"
}

/// Digits grouped by thousands: 12,345.
pub fn grouped(amount: u64) -> String {
    let digits = amount.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_showa_heisei_boundary_falls_on_the_eighth_of_january_1989() {
        assert_eq!(wareki_date("19890107").as_deref(), Some("昭和64年1月7日"));
        assert_eq!(wareki_date("19890108").as_deref(), Some("平成元年1月8日"));
        assert_eq!(wareki_date("19900101").as_deref(), Some("平成2年1月1日"));
        assert_eq!(wareki_date("20190430").as_deref(), Some("平成31年4月30日"));
        assert_eq!(wareki_date("20190501").as_deref(), Some("令和元年5月1日"));
        assert_eq!(wareki_date("19261225").as_deref(), Some("昭和元年12月25日"));
        assert_eq!(wareki_date("19261224").as_deref(), Some("大正15年12月24日"));
        assert_eq!(wareki_date("18000101"), None);
        assert_eq!(wareki_date("2025-1-1"), None);
    }

    #[test]
    fn a_month_takes_the_era_of_its_first_day() {
        assert_eq!(wareki_month(202_503).as_deref(), Some("令和7年3月"));
        assert_eq!(wareki_month(201_905).as_deref(), Some("令和元年5月"));
        assert_eq!(wareki_month(201_904).as_deref(), Some("平成31年4月"));
        assert_eq!(wareki_month(198_901).as_deref(), Some("昭和64年1月"));
        assert_eq!(wareki_month(198_902).as_deref(), Some("平成元年2月"));
        assert_eq!(seireki_month(202_503), "2025年3月");
    }

    #[test]
    fn yen_is_grouped_by_thousands() {
        assert_eq!(yen(0), "0円");
        assert_eq!(yen(999), "999円");
        assert_eq!(yen(1_000), "1,000円");
        assert_eq!(yen(12_345), "12,345円");
        assert_eq!(yen(1_234_567), "1,234,567円");
    }

    #[test]
    fn categories_read_back_from_their_labels() {
        for category in MedicalCategory::ALL {
            assert_eq!(MedicalCategory::from_label(category.label()), Some(category));
            let json = serde_json::to_string(&category).unwrap();
            assert_eq!(json, format!("\"{}\"", category.label()));
        }
        assert_eq!(MedicalCategory::from_label("内科"), None);
    }
}
