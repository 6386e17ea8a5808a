//! The demo's influenza-subsidy season, around whatever today is, and applications in every
//! status, stored through the same statements as a member's.

use kenpo_api::subsidy::{Eligible, Season, Status};

use crate::PortalError;
use crate::db::Db;
use crate::store::subsidy::{self as stored, Fields, Step};
use crate::store::{self};
use crate::subsidy::receipt;

/// A season open now: vaccinations from two months ago to two months ahead, applications four
/// weeks longer; 3,000 yen a person, two doses under 13, everyone eligible.
pub fn subsidy_season(today: &str) -> Season {
    let today = date(today);
    let from = today - time::Duration::days(60);
    let to = today + time::Duration::days(60);
    let fiscal_year = if u8::from(from.month()) >= 4 { from.year() } else { from.year() - 1 };
    Season {
        name: format!("{fiscal_year}年度"),
        vaccinated_from: yyyymmdd(from),
        vaccinated_to: yyyymmdd(to),
        apply_until: yyyymmdd(to + time::Duration::days(28)),
        cap_per_person: 3_000,
        cap_per_dose: None,
        two_doses_under_age: 13,
        eligible: Eligible { insured: true, dependants: true, voluntary: true },
    }
}

/// One demo application: the household's account, the person (記号・番号・枝番), the dose, days
/// before today, paid, grant, and what became of it.
struct Demo {
    account: &'static str,
    person: (&'static str, &'static str, &'static str),
    dose: i64,
    days_ago: i64,
    paid: i64,
    grant: i64,
    facility: &'static str,
    became: Status,
    reason: Option<&'static str>,
}

const APPLICATIONS: [Demo; 6] = [
    Demo {
        account: "yamada.taro",
        person: ("10", "0001", "02"),
        dose: 1,
        days_ago: 40,
        paid: 4_400,
        grant: 0,
        facility: "やまだ小児科クリニック",
        became: Status::Approved,
        reason: None,
    },
    Demo {
        account: "yamada.hanako",
        person: ("10", "0001", "01"),
        dose: 1,
        days_ago: 25,
        paid: 3_800,
        grant: 1_000,
        facility: "みなと内科",
        became: Status::Returned,
        reason: Some(
            "領収書の金額が読み取れません。金額がはっきり写った写真を添付して、送り直してください。",
        ),
    },
    Demo {
        account: "tanaka.jiro",
        person: ("10", "3456", "02"),
        dose: 1,
        days_ago: 35,
        paid: 3_500,
        grant: 1_500,
        facility: "こどもクリニックそら",
        became: Status::Reviewing,
        reason: None,
    },
    Demo {
        account: "tanaka.jiro",
        person: ("10", "3456", "02"),
        dose: 2,
        days_ago: 8,
        paid: 3_500,
        grant: 1_500,
        facility: "こどもクリニックそら",
        became: Status::Received,
        reason: None,
    },
    Demo {
        account: "suzuki.ichiro",
        person: ("10", "1234", "01"),
        dose: 1,
        days_ago: 30,
        paid: 4_000,
        grant: 0,
        facility: "すずらん診療所",
        became: Status::Rejected,
        reason: Some("接種日に被扶養者の資格がなかったため、補助の対象外です。"),
    },
    Demo {
        account: "sato.hanako",
        person: ("10", "2345", "00"),
        dose: 1,
        days_ago: 20,
        paid: 3_300,
        grant: 0,
        facility: "さくら通りクリニック",
        became: Status::Approved,
        reason: None,
    },
];

/// Stores the demo applications of `season`, each with a drawn receipt and its history.
pub async fn seed(pool: &Db, season: &Season, today: &str) -> Result<(), PortalError> {
    let receipt = receipt::sanitise(&drawn_receipt())
        .map_err(|error| PortalError::Internal(format!("the demo receipt is refused: {error}")))?;
    let roster = store::notices::roster_ids(pool).await?;
    let now = crate::clock::now() as i64;
    for demo in APPLICATIONS {
        let (kigo, bango, edaban) = demo.person;
        let roster_id = roster
            .iter()
            .find(|(k, b, e, _)| (k.as_str(), b.as_str(), e.as_str()) == (kigo, bango, edaban))
            .map(|(.., id)| *id)
            .ok_or_else(|| PortalError::Internal(format!("no demo person {kigo}-{bango}-{edaban}")))?;
        let member_id = store::members::id_of(pool, demo.account)
            .await?
            .ok_or_else(|| PortalError::Internal(format!("no demo account {}", demo.account)))?;
        let vaccinated_on = yyyymmdd(date(today) - time::Duration::days(demo.days_ago));
        let fields = Fields {
            dose: demo.dose,
            vaccinated_on: &vaccinated_on,
            paid: demo.paid,
            city_grant: demo.grant,
            payout: (demo.paid - demo.grant).min(season.cap_per_person as i64),
            facility: demo.facility,
            phone: "090-1234-5678",
        };
        let sent = now - (demo.days_ago - 2).max(1) * 86_400;
        let mut tx = pool.begin().await?;
        let Some(id) =
            stored::insert(&mut *tx, (&season.vaccinated_from, member_id, roster_id), &fields, sent).await?
        else {
            continue;
        };
        stored::add_receipt(&mut *tx, (id, 1, 1), receipt.media_type.as_str(), &receipt.bytes).await?;
        let step = |at, status: Status, actor: &str, reason: Option<&str>| Step {
            at,
            status: status.name().to_owned(),
            actor: actor.to_owned(),
            reason: reason.map(str::to_owned),
        };
        stored::add_step(&mut *tx, id, &step(sent, Status::Received, "member", None), None).await?;
        if demo.became != Status::Received {
            let at = sent + 86_400;
            let from = [Status::Received.name(); 2];
            stored::move_status(&mut *tx, id, (&from, Status::Reviewing.name()), None, at).await?;
            stored::add_step(&mut *tx, id, &step(at, Status::Reviewing, "demo-staff", None), None).await?;
        }
        if !demo.became.open() {
            let at = sent + 2 * 86_400;
            let from = [Status::Reviewing.name(); 2];
            stored::move_status(&mut *tx, id, (&from, demo.became.name()), demo.reason, at).await?;
            stored::add_step(&mut *tx, id, &step(at, demo.became, "demo-staff", demo.reason), None).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// A receipt as a phone photographs one: paper on a dark table, printed lines.
fn drawn_receipt() -> Vec<u8> {
    let (width, height) = (360u32, 520u32);
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let paper = (30..330).contains(&x) && (20..500).contains(&y);
        let printed = paper && (50..310).contains(&x) && y >= 60 && (y - 60) % 36 < 6 && (x + y) % 7 != 0;
        match (paper, printed) {
            (_, true) => image::Rgb([70, 70, 80]),
            (true, false) => image::Rgb([246, 244, 238]),
            _ => image::Rgb([58, 52, 48]),
        }
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("an image in memory encodes");
    png
}

/// Today as a day; the clock's YYYYMMDD always names one.
fn date(yyyymmdd: &str) -> time::Date {
    crate::clock::calendar_day(yyyymmdd).unwrap_or(time::Date::MIN)
}

fn yyyymmdd(date: time::Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), u8::from(date.month()), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_season_is_open_today_and_named_by_its_fiscal_year() {
        let season = subsidy_season("20261129");
        assert_eq!(
            (season.vaccinated_from.as_str(), season.vaccinated_to.as_str()),
            ("20260930", "20270128")
        );
        assert_eq!(season.apply_until, "20270225");
        assert_eq!(season.name, "2026年度");
        assert_eq!(subsidy_season("20260515").name, "2025年度");
    }
}
