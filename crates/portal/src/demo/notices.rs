//! The demo households' notices: two years of monthly 医療費のお知らせ up to three months ago
//! (入院, 外来, 歯科, 調剤, a 柔整 row without a facility, self-pay amounts that do not end in 0,
//! months with nothing, and a few months already past the retention period), benefit notices of
//! several types, and everyone's 資格情報のお知らせ. Made as the society's CSV files and imported
//! through the staff's path, so the demo shows what an import makes. The same day gives the same
//! figures.

use std::fmt::Write;

use crate::notices::DEFAULT_RETENTION_MONTHS;
use crate::notices::import::{Kind, column, import, parse};
use crate::{DEFAULT_SOCIETY_NAME, PortalError};

/// The society's 保険者番号 in the demo (06: 健康保険組合).
pub const INSURER_NUMBER: &str = "06139997";

/// A person of the demo roster, and the date their household joined the society.
struct Person {
    key: (&'static str, &'static str, &'static str),
    birth_date: &'static str,
    joined: &'static str,
}

const PEOPLE: [Person; 12] = [
    Person { key: ("10", "0001", "00"), birth_date: "19800515", joined: "20050401" },
    Person { key: ("10", "0001", "01"), birth_date: "19820802", joined: "20100601" },
    Person { key: ("10", "0001", "02"), birth_date: "20120410", joined: "20100601" },
    Person { key: ("10", "1234", "00"), birth_date: "20010101", joined: "20230401" },
    Person { key: ("10", "1234", "01"), birth_date: "20020714", joined: "20240301" },
    Person { key: ("10", "2345", "00"), birth_date: "19920303", joined: "20150401" },
    Person { key: ("10", "2345", "01"), birth_date: "19900128", joined: "20200101" },
    Person { key: ("10", "3456", "00"), birth_date: "19751120", joined: "19980401" },
    Person { key: ("10", "3456", "01"), birth_date: "19780609", joined: "20040501" },
    Person { key: ("10", "3456", "02"), birth_date: "20180923", joined: "20040501" },
    Person { key: ("801", "12345", "00"), birth_date: "19620310", joined: "20250401" },
    Person { key: ("801", "12345", "01"), birth_date: "19640725", joined: "20250401" },
];

/// A visit pattern: who, which months (by the month's number counted from the first), where,
/// and how many points (10 yen each) at most.
struct Visits {
    person: usize,
    every: u32,
    at: u32,
    facility: &'static str,
    category: &'static str,
    max_points: u64,
    /// A prescription filled after the visit, at this pharmacy.
    pharmacy: Option<&'static str>,
}

const VISITS: [Visits; 12] = [
    Visits {
        person: 0,
        every: 2,
        at: 0,
        facility: "さくら内科クリニック",
        category: "外来",
        max_points: 900,
        pharmacy: Some("あおば薬局 駅前店"),
    },
    Visits {
        person: 0,
        every: 7,
        at: 3,
        facility: "みどり歯科医院",
        category: "歯科",
        max_points: 1_400,
        pharmacy: None,
    },
    Visits {
        person: 1,
        every: 4,
        at: 1,
        facility: "はなみずきレディースクリニック",
        category: "外来",
        max_points: 1_200,
        pharmacy: None,
    },
    Visits { person: 1, every: 5, at: 2, facility: "", category: "柔整", max_points: 600, pharmacy: None },
    Visits {
        person: 2,
        every: 3,
        at: 0,
        facility: "こどもクリニックそら",
        category: "外来",
        max_points: 700,
        pharmacy: Some("ひまわり薬局"),
    },
    Visits {
        person: 2,
        every: 6,
        at: 5,
        facility: "みどり歯科医院",
        category: "歯科",
        max_points: 900,
        pharmacy: None,
    },
    Visits {
        person: 3,
        every: 5,
        at: 1,
        facility: "けやき耳鼻咽喉科",
        category: "外来",
        max_points: 800,
        pharmacy: Some("あおば薬局 駅前店"),
    },
    Visits {
        person: 5,
        every: 3,
        at: 2,
        facility: "ひかり眼科",
        category: "外来",
        max_points: 600,
        pharmacy: None,
    },
    Visits {
        person: 7,
        every: 2,
        at: 1,
        facility: "東町整形外科",
        category: "外来",
        max_points: 1_100,
        pharmacy: Some("東町薬局"),
    },
    Visits {
        person: 8,
        every: 8,
        at: 6,
        facility: "訪問看護ステーションえがお",
        category: "訪問看護",
        max_points: 2_500,
        pharmacy: None,
    },
    Visits {
        person: 9,
        every: 4,
        at: 3,
        facility: "こどもクリニックそら",
        category: "外来",
        max_points: 500,
        pharmacy: Some("ひまわり薬局"),
    },
    Visits {
        person: 11,
        every: 3,
        at: 1,
        facility: "やまと鍼灸院",
        category: "あはき",
        max_points: 400,
        pharmacy: None,
    },
];

/// The demo's months: from 27 months before today's to 3 months before (notices come about
/// three months after the treatment), the first three past the retention period.
const FIRST_MONTH_BACK: i32 = DEFAULT_RETENTION_MONTHS as i32 + 3;
const MONTHS: u32 = DEFAULT_RETENTION_MONTHS + 1;

/// The month `by` months after `(year, month)` (before, when negative).
fn shift((year, month): (u32, u32), by: i32) -> (u32, u32) {
    let index = (year * 12 + month - 1) as i32 + by;
    ((index / 12) as u32, (index % 12) as u32 + 1)
}

/// The demo's `n`th month (from 0) when today is `today` (YYYYMMDD).
fn demo_month(today: &str, n: u32) -> (u32, u32) {
    let now = (today[..4].parse().expect("YYYYMMDD"), today[4..6].parse().expect("YYYYMMDD"));
    shift(now, n as i32 - FIRST_MONTH_BACK)
}

/// A fixed number from a few others (SplitMix64's finaliser): the same notice the same figures.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D4_9BB1_33E1_11EB);
    z ^ (z >> 31)
}

/// 医療費の総額 and 自己負担額 (3割) of `points`: 自己負担額 ends in any digit, as on real notices.
fn row(person: &Person, month: (u32, u32), facility: &str, category: &str, days: u64, points: u64) -> String {
    let (kigo, bango, edaban) = person.key;
    let total = points * 10;
    let self_pay = points * 3;
    format!(
        "{kigo},{bango},{edaban},{}{:02},{facility},{category},{days},{total},{self_pay},0,{}\n",
        month.0,
        month.1,
        total - self_pay
    )
}

/// The demo's 医療費のお知らせ as the society's file, for months up to three months before
/// `today` (YYYYMMDD), going back past the retention period.
pub fn medical_file(today: &str) -> String {
    let mut file = column::MEDICAL.join(",") + "\n";
    for n in 0..MONTHS {
        let month = demo_month(today, n);
        for (v, visits) in VISITS.iter().enumerate() {
            if n % visits.every != visits.at {
                continue;
            }
            let person = &PEOPLE[visits.person];
            let dice = mix(u64::from(month.0 * 100 + month.1) * 31 + v as u64);
            let points = visits.max_points / 4 + dice % (visits.max_points * 3 / 4);
            let days = 1 + dice % 3;
            file += &row(person, month, visits.facility, visits.category, days, points);
            if let Some(pharmacy) = visits.pharmacy {
                file += &row(person, month, pharmacy, "調剤", days, points / 2 + dice % 97);
            }
        }
        // 山田 花子's stay in hospital, which 高額療養費 then repaid in part.
        if n == HOSPITAL_MONTH {
            file += &row(&PEOPLE[1], month, "市立中央病院", "入院", 12, HOSPITAL_POINTS);
        }
    }
    file
}

/// Which of the demo's months 山田 花子 spent in hospital, and the bill's points.
const HOSPITAL_MONTH: u32 = 14;
const HOSPITAL_POINTS: u64 = 45_217;

/// The demo's 現金給付支給決定通知 as the society's file.
pub fn benefit_file(today: &str) -> String {
    let month_of = |n: u32| demo_month(today, n);
    let yyyymm = |(year, month): (u32, u32)| format!("{year}{month:02}");
    let day = |(year, month): (u32, u32), day: u32| format!("{year}{month:02}{day:02}");
    let hospital = month_of(HOSPITAL_MONTH);
    // 一般所得 (区分ウ): 80,100 + (総額 − 267,000) × 1%; the society's 付加金 pays back what is
    // over 25,000 of the rest.
    let total = HOSPITAL_POINTS * 10;
    let limit = 80_100 + (total - 267_000) / 100;
    let statutory = HOSPITAL_POINTS * 3 - limit;
    let additional = limit - 25_000;
    let mut file = column::BENEFIT.join(",") + "\n";
    let _ = writeln!(
        file,
        "10,0001,01,高額療養費,{},,,{statutory},{additional},{},事業主",
        yyyymm(hospital),
        day(shift(hospital, 3), 25)
    );
    let sick = month_of(9);
    let _ = writeln!(
        file,
        "10,0001,00,傷病手当金,,{},{},66670,10000,{},本人",
        day(sick, 6),
        day(sick, 15),
        day(month_of(11), 10)
    );
    let _ =
        writeln!(file, "10,0001,02,療養費,{},,,14973,0,{},本人", yyyymm(month_of(16)), day(month_of(19), 15));
    let _ = writeln!(
        file,
        "10,2345,00,出産育児一時金,{},,,500000,30000,{},本人",
        yyyymm(month_of(20)),
        day(month_of(21), 20)
    );
    let _ = writeln!(
        file,
        "10,3456,00,一部負担還元金,{},,,0,8391,{},事業主",
        yyyymm(month_of(12)),
        day(month_of(15), 25)
    );
    file
}

/// Everyone's 資格情報のお知らせ as the society's file, issued in December 2024 when the
/// notices began; 一部負担金の割合 by age today (2割 before school and from 70).
pub fn qualification_file(today: &str) -> String {
    let mut file = column::QUALIFICATION.join(",") + "\n";
    let year: u32 = today[..4].parse().expect("YYYYMMDD");
    for person in &PEOPLE {
        let (kigo, bango, edaban) = person.key;
        let born: u32 = person.birth_date[..4].parse().expect("YYYYMMDD");
        let age = year - born - u32::from(today[4..] < person.birth_date[4..]);
        let tenths = if !(6..70).contains(&age) { 2 } else { 3 };
        let acquired = person.joined.max(person.birth_date);
        let issued = acquired.max("20241202");
        let _ = writeln!(
            file,
            "{kigo},{bango},{edaban},{INSURER_NUMBER},{DEFAULT_SOCIETY_NAME},{acquired},{tenths}割,{issued}"
        );
    }
    file
}

/// Imports the demo's notices, telling nobody by mail.
pub async fn seed(pool: &crate::db::Db) -> Result<(), PortalError> {
    let today = crate::clock::today();
    for (kind, file) in [
        (Kind::Medical, medical_file(&today)),
        (Kind::Benefit, benefit_file(&today)),
        (Kind::Qualification, qualification_file(&today)),
    ] {
        let parsed = parse(kind, file.as_bytes()).map_err(|problems| {
            PortalError::Internal(format!("the demo's {kind:?} notices are broken: {}", problems[0]))
        })?;
        import(pool, &parsed, false, |_, _| {})
            .await
            .map_err(|error| PortalError::Internal(error.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_files_import_cleanly_and_have_what_the_demo_promises() {
        let today = "20261129";
        let medical = medical_file(today);
        let Ok(crate::notices::import::Parsed::Medical(rows)) = parse(Kind::Medical, medical.as_bytes())
        else {
            panic!("the demo's medical file is refused")
        };
        assert!(rows.len() > 100, "{}", rows.len());
        for category in ["入院", "外来", "歯科", "調剤", "柔整", "訪問看護", "あはき"] {
            assert!(medical.contains(&format!(",{category},")), "{category}");
        }
        assert!(medical.contains(",,柔整,"), "a 柔整 row without a facility");
        assert!(medical.lines().skip(1).any(|line| !line.split(',').nth(8).unwrap().ends_with('0')));
        // Up to three months ago, from past the retention period.
        let months: std::collections::BTreeSet<&str> =
            medical.lines().skip(1).map(|line| line.split(',').nth(3).unwrap()).collect();
        assert_eq!(months.first(), Some(&"202408"));
        assert_eq!(months.last(), Some(&"202608"));
        let yamada: std::collections::BTreeSet<&str> = medical
            .lines()
            .filter(|line| line.starts_with("10,0001,"))
            .map(|line| line.split(',').nth(3).unwrap())
            .collect();
        assert!(yamada.len() < 25, "the 山田 household has months with nothing: {yamada:?}");
        assert!(parse(Kind::Benefit, benefit_file(today).as_bytes()).is_ok());
        assert!(parse(Kind::Qualification, qualification_file(today).as_bytes()).is_ok());
    }
}
