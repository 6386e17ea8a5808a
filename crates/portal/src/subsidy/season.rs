//! The season's rules, from the TOML file the society's staff edit (`serve --subsidy-season`):
//! read and checked at start, and refused with the line and the reason when wrong, so a typo
//! never reaches a member as a wrong refusal.
//!
//! ```toml
//! name = "2026年度"
//! vaccinated_from = 2026-10-01      # vaccinations from this day …
//! vaccinated_to = 2027-01-31        # … to this one
//! apply_until = 2027-02-28          # the last day an application is taken
//! cap_per_person = 3000             # yen, all doses of the season together
//! cap_per_dose = 1500               # optional: the society pays by dose
//! two_doses_under_age = 13          # younger on the day of vaccination: up to two doses
//! eligible = ["insured", "dependants", "voluntary"]
//! ```

use kenpo_api::subsidy::{Eligible, Season};
use serde::Deserialize;
use toml::Spanned;

/// A season file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeasonFile {
    name: Spanned<String>,
    vaccinated_from: Spanned<toml::value::Datetime>,
    vaccinated_to: Spanned<toml::value::Datetime>,
    apply_until: Spanned<toml::value::Datetime>,
    cap_per_person: Spanned<i64>,
    cap_per_dose: Option<Spanned<i64>>,
    two_doses_under_age: Spanned<i64>,
    eligible: Spanned<Vec<Spanned<String>>>,
}

/// What is wrong with a season file: its line (from 1) and why, in the staff's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}行目: {reason}")]
pub struct SeasonError {
    pub line: usize,
    pub reason: String,
}

/// The most a season's cap may be: a typing mistake past it would pay out real money.
pub const MAX_CAP_YEN: i64 = 50_000;

/// Reads and checks a season file.
pub fn parse(text: &str) -> Result<Season, SeasonError> {
    let line_of = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let at = |span: std::ops::Range<usize>, reason: String| SeasonError { line: line_of(span.start), reason };
    let file: SeasonFile = toml::from_str(text).map_err(|error| SeasonError {
        line: error.span().map_or(1, |span| line_of(span.start)),
        reason: format!("読み取れません: {}", error.message()),
    })?;
    let date = |value: &Spanned<toml::value::Datetime>, name: &str| -> Result<String, SeasonError> {
        match (value.get_ref().date, value.get_ref().time) {
            (Some(date), None) => Ok(format!("{:04}{:02}{:02}", date.year, date.month, date.day)),
            _ => Err(at(value.span(), format!("{name} は日付だけで書いてください（例: 2026-10-01）。"))),
        }
    };
    let (from, to, until) = (
        date(&file.vaccinated_from, "vaccinated_from")?,
        date(&file.vaccinated_to, "vaccinated_to")?,
        date(&file.apply_until, "apply_until")?,
    );
    if to < from {
        return Err(at(file.vaccinated_to.span(), "vaccinated_to が vaccinated_from より前です。".into()));
    }
    if until < to {
        return Err(at(
            file.apply_until.span(),
            "apply_until が接種期間の終わり（vaccinated_to）より前です。".into(),
        ));
    }
    let cap = |value: &Spanned<i64>, name: &str| -> Result<u64, SeasonError> {
        match *value.get_ref() {
            yen @ 1..=MAX_CAP_YEN => Ok(yen as u64),
            _ => Err(at(value.span(), format!("{name} は1円から{MAX_CAP_YEN}円までです。"))),
        }
    };
    let cap_per_person = cap(&file.cap_per_person, "cap_per_person")?;
    let cap_per_dose = file.cap_per_dose.as_ref().map(|value| cap(value, "cap_per_dose")).transpose()?;
    let two_doses_under_age = match *file.two_doses_under_age.get_ref() {
        age @ 0..=20 => age as u32,
        _ => {
            return Err(at(
                file.two_doses_under_age.span(),
                "two_doses_under_age は0から20までです。".into(),
            ));
        }
    };
    let mut eligible = Eligible { insured: false, dependants: false, voluntary: false };
    for who in file.eligible.get_ref() {
        let flag = match who.get_ref().as_str() {
            "insured" => &mut eligible.insured,
            "dependants" => &mut eligible.dependants,
            "voluntary" => &mut eligible.voluntary,
            other => {
                return Err(at(
                    who.span(),
                    format!("eligible に「{other}」は書けません（insured, dependants, voluntary）。"),
                ));
            }
        };
        *flag = true;
    }
    if !(eligible.insured || eligible.dependants || eligible.voluntary) {
        return Err(at(file.eligible.span(), "eligible が空です。だれも申請できません。".into()));
    }
    let name = file.name.get_ref().trim().to_owned();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(at(file.name.span(), "name は1文字以上40文字以内です。".into()));
    }
    Ok(Season {
        name,
        vaccinated_from: from,
        vaccinated_to: to,
        apply_until: until,
        cap_per_person,
        cap_per_dose,
        two_doses_under_age,
        eligible,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "name = \"2026年度\"
vaccinated_from = 2026-10-01
vaccinated_to = 2027-01-31
apply_until = 2027-02-28
cap_per_person = 3000
two_doses_under_age = 13
eligible = [\"insured\", \"dependants\"]
";

    #[test]
    fn a_season_file_is_read_into_the_rules() {
        let season = parse(GOOD).unwrap();
        assert_eq!((season.vaccinated_from.as_str(), season.apply_until.as_str()), ("20261001", "20270228"));
        assert_eq!((season.cap_per_person, season.cap_per_dose), (3_000, None));
        assert_eq!(season.eligible, Eligible { insured: true, dependants: true, voluntary: false });
    }

    #[test]
    fn a_wrong_file_is_refused_with_its_line_and_reason() {
        let wrong = |from: &str, to: &str| parse(&GOOD.replace(from, to)).unwrap_err();
        let error = wrong("vaccinated_to = 2027-01-31", "vaccinated_to = 2026-09-30");
        assert_eq!(error.line, 3);
        assert!(error.reason.contains("vaccinated_from より前"), "{error}");
        assert_eq!(wrong("apply_until = 2027-02-28", "apply_until = 2027-01-01").line, 4);
        assert_eq!(wrong("cap_per_person = 3000", "cap_per_person = 0").line, 5);
        assert_eq!(wrong("cap_per_person = 3000", "cap_per_person = 3000000").line, 5);
        assert_eq!(wrong("\"dependants\"", "\"family\"").line, 7);
        assert_eq!(wrong("eligible = [\"insured\", \"dependants\"]", "eligible = []").line, 7);
        assert_eq!(wrong("apply_until = 2027-02-28", "apply_until = 2027-02-28T10:00:00").line, 4);
        let unknown = wrong("cap_per_person = 3000", "cap_per_person = 3000\ncap_per_child = 1");
        assert_eq!(unknown.line, 6, "{unknown}");
        assert!(wrong("name = \"2026年度\"", "name = 2026").reason.starts_with("読み取れません"));
        assert_eq!(wrong("two_doses_under_age = 13\n", "").line, 1);
    }
}
