//! The season's rules against a draft: `kenpo_api::subsidy::check` and `payout` with the
//! chosen person's doses and claims, leaving out the application being corrected. The rules
//! themselves are kenpo-api's, defined once; this only gathers what they are called with.

use kenpo_api::subsidy::{self, Application, Field, Problem, Season, Status, Subsidy, SubsidyPerson};

use crate::components::subsidy_draft::Draft;
use crate::components::subsidy_input::parse_yen;

/// The season and the household the draft is judged against, from the overview.
pub struct Rules<'a> {
    pub season: &'a Season,
    /// YYYYMMDD, by the portal's clock.
    pub today: &'a str,
    pub people: &'a [SubsidyPerson],
    /// The application returned for correction, when the draft corrects one.
    pub correcting: Option<&'a Application>,
}

impl<'a> Rules<'a> {
    /// The rules of the overview's season; none when the society takes no applications.
    pub fn of(overview: &'a Subsidy, correcting: Option<&'a Application>) -> Option<Self> {
        Some(Self {
            season: overview.season.as_ref()?,
            today: &overview.today,
            people: &overview.people,
            correcting,
        })
    }

    pub fn person(&self, draft: &Draft) -> Option<&SubsidyPerson> {
        self.people.iter().find(|person| person.person == draft.person)
    }

    /// The person's doses with an application, but for the one being corrected.
    pub fn applied_doses(&self, person: &SubsidyPerson) -> Vec<u8> {
        let mut doses = person.applied_doses.clone();
        if let Some(own) = self.correcting.filter(|own| own.form.person == person.person)
            && let Some(at) = doses.iter().position(|dose| *dose == own.form.dose)
        {
            doses.remove(at);
        }
        doses
    }

    /// What the person's other applications take of the season's cap: the one being corrected
    /// does not count against itself.
    pub fn claimed(&self, person: &SubsidyPerson) -> u64 {
        match self.correcting {
            Some(own) if own.form.person == person.person && own.status != Status::Rejected => {
                person.claimed.saturating_sub(own.payout)
            }
            _ => person.claimed,
        }
    }

    /// Every rule the draft breaks, as `kenpo_api::subsidy::check` finds them, and the amounts
    /// that are not numbers. Without a person chosen, the other fields are judged as for the
    /// first person of the household and the person's own rules wait.
    pub fn problems(&self, draft: &Draft) -> Vec<(Field, Problem)> {
        let form = draft.form();
        let chosen = self.person(draft);
        let Some(person) = chosen.or(self.people.first()) else {
            return vec![(Field::Person, Problem::Missing)];
        };
        let mut problems =
            subsidy::check(self.season, &form, &person.applicant(), &self.applied_doses(person), self.today);
        if chosen.is_none() {
            problems.retain(|(field, _)| !matches!(field, Field::Person | Field::Dose));
            problems.insert(0, (Field::Person, Problem::Missing));
        }
        if !draft.grant.trim().is_empty() && parse_yen(&draft.grant).is_none() {
            problems.retain(|(field, _)| *field != Field::Grant);
            problems.push((Field::Grant, Problem::AmountInvalid));
        }
        problems
    }

    /// What the society would pay for the draft.
    pub fn payout(&self, draft: &Draft) -> u64 {
        let claimed = self.person(draft).map_or(0, |person| self.claimed(person));
        subsidy::payout(self.season, &draft.form(), claimed)
    }

    /// The doses the person may have on the chosen day (today when none is chosen yet).
    pub fn doses_offered(&self, draft: &Draft) -> Vec<u8> {
        let day = if draft.vaccinated_on.is_empty() { self.today } else { draft.vaccinated_on.as_str() };
        let young = self
            .person(draft)
            .and_then(|person| subsidy::age_on(&person.birth_date, day))
            .is_some_and(|age| age < self.season.two_doses_under_age);
        if young { vec![1, 2] } else { vec![1] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::subsidy_draft::tests::{child, filled, season};

    #[test]
    fn a_correction_does_not_count_against_itself() {
        let season = season();
        let returned = Application {
            id: 7,
            number: "2026-000007".into(),
            status: Status::Returned,
            reason: Some("領収書の日付が読めません".into()),
            form: filled().form(),
            name: "山田 花子".into(),
            payout: 1_000,
            receipts: 1,
            submitted_at: 0,
            updated_at: 0,
            history: vec![],
        };
        let person = SubsidyPerson { applied_doses: vec![1, 2], claimed: 3_000, ..child() };
        let people_after = [person];
        let rules =
            Rules { season: &season, today: "20261110", people: &people_after, correcting: Some(&returned) };
        let draft = Draft::correcting(&returned);
        assert_eq!(rules.problems(&draft), vec![]);
        assert_eq!(rules.payout(&draft), 1_000);
        assert_eq!(draft.first_problem(&rules), None, "the receipts sent before stay");
    }
}
