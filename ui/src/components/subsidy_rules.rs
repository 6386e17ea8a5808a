//! The season's rules against a draft: `kenpo_api::subsidy::check` and `payout` with the
//! chosen person's doses and claims, leaving out the application being corrected. The rules
//! themselves are kenpo-api's, defined once; this only gathers what they are called with.

use kenpo_api::ErrorCode;
use kenpo_api::subsidy::{self, Application, Field, Problem, Season, Status, Subsidy, SubsidyPerson};

use crate::components::subsidy_draft::{Draft, RECEIPT_INPUT, RECEIPTS_ORDER, input_id, order};
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

    /// The problems to show now: of touched fields (every field once the member asked to
    /// review), and the portal's.
    pub fn shown_problems(&self, draft: &Draft) -> Vec<(Field, Problem)> {
        let mut shown: Vec<(Field, Problem)> = self
            .problems(draft)
            .into_iter()
            .filter(|(field, _)| draft.all_touched || draft.touched.contains(field))
            .collect();
        for found in &draft.portal_problems {
            if !shown.contains(&(found.field, found.problem)) {
                shown.push((found.field, found.problem));
            }
        }
        shown.sort_by_key(|(field, _)| order(*field));
        shown
    }

    /// What to say under the receipts: the app's refusal, or that one is needed.
    pub fn receipt_problem(&self, draft: &Draft) -> Option<ErrorCode> {
        draft.receipt_refusal.or_else(|| {
            (draft.all_touched
                && draft.staging == 0
                && draft.receipts.is_empty()
                && self.correcting.is_none())
            .then_some(ErrorCode::ReceiptMissing)
        })
    }

    /// Where to send the member when the application cannot go on: the first field (in the
    /// form's order) with a problem, or the receipts; none when it may be reviewed.
    pub fn first_problem(&self, draft: &Draft) -> Option<&'static str> {
        let mut problems = self.problems(draft);
        problems.extend(draft.portal_problems.iter().map(|found| (found.field, found.problem)));
        let receipts_wanted = draft.staging > 0 || (draft.receipts.is_empty() && self.correcting.is_none());
        let field = problems.iter().map(|(field, _)| *field).min_by_key(|field| order(*field));
        match field {
            Some(field) if order(field) < RECEIPTS_ORDER || !receipts_wanted => Some(input_id(field)),
            _ if receipts_wanted => Some(RECEIPT_INPUT),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::subsidy_draft::tests::{child, filled, season};
    use crate::components::subsidy_draft::{Change, StagedFile};
    use kenpo_api::subsidy::FieldProblem;
    use std::rc::Rc;
    use yew::Reducible;

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
        assert_eq!(rules.first_problem(&draft), None, "the receipts sent before stay");
    }

    #[test]
    fn a_filled_in_draft_reads_as_the_form_the_portal_takes() {
        let form = filled().form();
        assert_eq!((form.paid, form.grant, form.phone.as_str()), (4_500, 1_000, "090-1234-5678"));
        let people = [child()];
        let season = season();
        let rules = Rules { season: &season, today: "20261110", people: &people, correcting: None };
        assert_eq!(rules.problems(&filled()), vec![]);
        assert_eq!(rules.payout(&filled()), 1_000, "what the first dose left of the cap");
        assert_eq!(rules.doses_offered(&filled()), [1, 2]);
        assert_eq!(rules.problems(&Draft { dose: 1, ..filled() }), [(Field::Dose, Problem::AlreadyApplied)]);
    }

    #[test]
    fn problems_show_once_their_field_is_touched_and_all_after_review_is_asked() {
        let people = [child()];
        let season = season();
        let rules = Rules { season: &season, today: "20261110", people: &people, correcting: None };
        let empty = Draft::new(&people);
        assert_eq!(empty.person, "02", "the only person is chosen");
        assert!(rules.shown_problems(&empty).is_empty(), "an empty form is not a wall of red");
        let touched = Rc::new(empty).reduce(Change::Left(Field::Facility));
        assert_eq!(rules.shown_problems(&touched), [(Field::Facility, Problem::Missing)]);
        assert_eq!(rules.first_problem(&touched), Some("subsidy-date"));
        let all = touched.reduce(Change::Blocked("subsidy-date"));
        assert!(rules.shown_problems(&all).len() >= 5);
        assert_eq!(rules.receipt_problem(&all), Some(ErrorCode::ReceiptMissing));
        let ready = Rc::new(filled()).reduce(Change::Staging(1)).reduce(Change::Staged(StagedFile {
            id: 1,
            name: "receipt.jpg".into(),
            bytes: 1024,
            media_type: "image/jpeg".into(),
            thumbnail: None,
        }));
        assert_eq!(rules.first_problem(&ready), None);
    }

    #[test]
    fn a_portal_problem_stays_until_its_field_changes() {
        let people = [child()];
        let season = season();
        let rules = Rules { season: &season, today: "20261110", people: &people, correcting: None };
        let found = FieldProblem { field: Field::Facility, problem: Problem::TooLong };
        let draft = Rc::new(filled()).reduce(Change::Invalid(vec![found]));
        assert_eq!(rules.shown_problems(&draft), [(Field::Facility, Problem::TooLong)]);
        assert_eq!(rules.first_problem(&draft), Some("subsidy-facility"));
        let draft = draft.reduce(Change::Facility("そらクリニック".into()));
        assert!(rules.shown_problems(&draft).is_empty());
    }
}
