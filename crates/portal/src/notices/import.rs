//! The staff's import of notices (`admin import-notices`): a CSV file of one notice type, checked
//! whole before anything is written. One bad row refuses the file with every problem listed by
//! line; a clean file is written in one transaction. Importing the same file again changes
//! nothing; a row whose key is already stored (the same person, month and facility, …) replaces
//! its figures. Each member with a new or changed notice gets one mail, whatever the number of
//! rows, and the mail names nothing medical.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use kenpo_api::notices::MedicalCategory;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::db::Db;
use crate::mail::{Mail, Mailer};
use crate::staff_file::{self, ImportError, Row, RowProblem, date, digits, month, yen};
use crate::store::notices::{self as stored, NewBenefit, NewMedical, NewQualification, Written};
use crate::{PortalError, store};

/// The notice types, as `admin import-notices --kind` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// 医療費のお知らせ
    Medical,
    /// 現金給付支給決定通知
    Benefit,
    /// 資格情報のお知らせ
    Qualification,
}

/// The column headers of each file, as the society's systems name them.
pub mod column {
    pub const KIGO: &str = "記号";
    pub const BANGO: &str = "番号";
    pub const EDABAN: &str = "枝番";

    pub const MONTH: &str = "診療年月";
    pub const FACILITY: &str = "医療機関等の名称";
    pub const CATEGORY: &str = "診療区分";
    pub const DAYS: &str = "日数";
    pub const TOTAL: &str = "医療費の総額";
    pub const SELF_PAY: &str = "自己負担額";
    pub const PUBLIC_PAY: &str = "公費負担額";
    pub const INSURER_PAY: &str = "健保負担額";
    pub const MEDICAL: [&str; 11] =
        [KIGO, BANGO, EDABAN, MONTH, FACILITY, CATEGORY, DAYS, TOTAL, SELF_PAY, PUBLIC_PAY, INSURER_PAY];

    pub const BENEFIT_KIND: &str = "給付の種類";
    pub const PERIOD_FROM: &str = "期間開始";
    pub const PERIOD_TO: &str = "期間終了";
    pub const STATUTORY: &str = "法定給付額";
    pub const ADDITIONAL: &str = "付加給付額";
    pub const PAID_ON: &str = "支払日";
    pub const PAID_TO: &str = "支払先";
    pub const BENEFIT: [&str; 11] = [
        KIGO,
        BANGO,
        EDABAN,
        BENEFIT_KIND,
        MONTH,
        PERIOD_FROM,
        PERIOD_TO,
        STATUTORY,
        ADDITIONAL,
        PAID_ON,
        PAID_TO,
    ];

    pub const INSURER_NUMBER: &str = "保険者番号";
    pub const INSURER_NAME: &str = "保険者名称";
    pub const ACQUIRED_ON: &str = "資格取得年月日";
    pub const COPAY: &str = "一部負担金の割合";
    pub const ISSUED_ON: &str = "交付年月日";
    pub const QUALIFICATION: [&str; 8] =
        [KIGO, BANGO, EDABAN, INSURER_NUMBER, INSURER_NAME, ACQUIRED_ON, COPAY, ISSUED_ON];
}

/// The cash benefits a 現金給付支給決定通知 may name.
pub const BENEFIT_KINDS: [&str; 14] = [
    "高額療養費",
    "一部負担還元金",
    "家族療養費付加金",
    "傷病手当金",
    "傷病手当金付加金",
    "出産手当金",
    "出産育児一時金",
    "家族出産育児一時金",
    "埋葬料",
    "家族埋葬料",
    "療養費",
    "家族療養費",
    "移送費",
    "高額介護合算療養費",
];

/// The most days (or visits) one row may count.
const MAX_DAYS: u32 = 99;

/// 記号・番号・枝番 of a row.
type PersonKey = (String, String, String);

fn person(row: &Row) -> Result<PersonKey, String> {
    Ok((
        digits(row.get(column::KIGO), "記号", &[2, 3])?,
        digits(row.get(column::BANGO), "番号", &[4, 5])?,
        digits(row.get(column::EDABAN), "枝番", &[2])?,
    ))
}

/// One checked row of a file, with its line and person.
pub struct Checked<T> {
    line: u64,
    person: PersonKey,
    notice: T,
}

pub struct Medical {
    month: u32,
    facility: String,
    category: MedicalCategory,
    days: u32,
    figures: [u64; 4],
}

pub struct Benefit {
    kind: String,
    month: Option<u32>,
    period: Option<(String, String)>,
    statutory: u64,
    additional: u64,
    paid_on: String,
    via_employer: bool,
}

pub struct Qualification {
    insurer_number: String,
    insurer_name: String,
    acquired_on: String,
    issued_on: String,
    copay_tenths: u8,
}

/// A checked file of one notice type.
pub enum Parsed {
    Medical(Vec<Checked<Medical>>),
    Benefit(Vec<Checked<Benefit>>),
    Qualification(Vec<Checked<Qualification>>),
}

impl Parsed {
    pub fn rows(&self) -> usize {
        match self {
            Self::Medical(rows) => rows.len(),
            Self::Benefit(rows) => rows.len(),
            Self::Qualification(rows) => rows.len(),
        }
    }
}

/// Reads and checks a file of `kind`. Every problem is reported, not only the first.
pub fn parse(kind: Kind, bytes: &[u8]) -> Result<Parsed, Vec<RowProblem>> {
    match kind {
        Kind::Medical => {
            let key = |notice: &Medical| {
                format!("{}|{}|{}", notice.month, notice.facility, notice.category.label())
            };
            checked_file(bytes, &column::MEDICAL, medical, key).map(Parsed::Medical)
        }
        Kind::Benefit => checked_file(bytes, &column::BENEFIT, benefit, benefit_key_of).map(Parsed::Benefit),
        Kind::Qualification => checked_file(bytes, &column::QUALIFICATION, qualification, |_| String::new())
            .map(Parsed::Qualification),
    }
}

/// The file's rows checked one by one with `notice`, then against each other: a row whose
/// person and `key` came before is refused.
fn checked_file<T>(
    bytes: &[u8],
    required: &[&str],
    notice: impl Fn(&Row) -> Result<T, String>,
    key: impl Fn(&T) -> String,
) -> Result<Vec<Checked<T>>, Vec<RowProblem>> {
    let (rows, mut problems) = staff_file::read(bytes, required, |row| checked(row, &notice));
    let mut seen: HashMap<(&PersonKey, String), u64> = HashMap::new();
    for row in &rows {
        match seen.entry((&row.person, key(&row.notice))) {
            Entry::Occupied(first) => problems.push(RowProblem {
                line: row.line,
                problem: format!("{}行目と同じお知らせです（重複）。", first.get()),
            }),
            Entry::Vacant(slot) => {
                slot.insert(row.line);
            }
        }
    }
    drop(seen);
    staff_file::clean(rows, problems)
}

fn checked<T>(row: &Row, notice: impl Fn(&Row) -> Result<T, String>) -> Result<Checked<T>, String> {
    Ok(Checked { line: row.line, person: person(row)?, notice: notice(row)? })
}

fn medical(row: &Row) -> Result<Medical, String> {
    let month = month(row.get(column::MONTH), column::MONTH)?;
    let label = row.get(column::CATEGORY);
    let category = MedicalCategory::from_label(label).ok_or_else(|| {
        let labels: Vec<&str> = MedicalCategory::ALL.iter().map(|category| category.label()).collect();
        format!("診療区分は「{}」のどれかです（「{label}」）。", labels.join("」「"))
    })?;
    let facility: String = row.get(column::FACILITY).nfkc().collect();
    if facility.is_empty() && !matches!(category, MedicalCategory::JudoTherapy | MedicalCategory::Ahaki) {
        return Err("医療機関等の名称が空です（空欄にできるのは柔整・あはきの行だけです）。".into());
    }
    if facility.chars().count() > 100 {
        return Err("医療機関等の名称は100文字以内です。".into());
    }
    let days = row.get(column::DAYS);
    let days = days
        .parse::<u32>()
        .ok()
        .filter(|days| {
            (1..=MAX_DAYS).contains(days) && row.get(column::DAYS).bytes().all(|b| b.is_ascii_digit())
        })
        .ok_or_else(|| format!("日数は1〜{MAX_DAYS}の半角数字です（「{days}」）。"))?;
    let total = yen(row.get(column::TOTAL), column::TOTAL, None)?;
    let self_pay = yen(row.get(column::SELF_PAY), column::SELF_PAY, None)?;
    let public_pay = yen(row.get(column::PUBLIC_PAY), column::PUBLIC_PAY, Some(0))?;
    let rest = total.checked_sub(self_pay + public_pay).ok_or_else(|| {
        format!(
            "自己負担額と公費負担額の合計（{}円）が医療費の総額（{total}円）を超えています。",
            self_pay + public_pay
        )
    })?;
    let insurer_pay = yen(row.get(column::INSURER_PAY), column::INSURER_PAY, Some(rest))?;
    if self_pay + public_pay + insurer_pay > total {
        return Err("自己負担額・公費負担額・健保負担額の合計が医療費の総額を超えています。".into());
    }
    Ok(Medical { month, facility, category, days, figures: [total, self_pay, public_pay, insurer_pay] })
}

fn benefit(row: &Row) -> Result<Benefit, String> {
    let kind = row.get(column::BENEFIT_KIND);
    if !BENEFIT_KINDS.contains(&kind) {
        return Err(format!("給付の種類「{kind}」は扱っていません（{}）。", BENEFIT_KINDS.join("・")));
    }
    let (month_given, from, to) =
        (row.get(column::MONTH), row.get(column::PERIOD_FROM), row.get(column::PERIOD_TO));
    let (month, period) = match (month_given.is_empty(), from.is_empty() && to.is_empty()) {
        (false, true) => (Some(month(month_given, column::MONTH)?), None),
        (true, false) => {
            let (from, to) = (date(from, column::PERIOD_FROM)?, date(to, column::PERIOD_TO)?);
            if from > to {
                return Err("期間開始が期間終了より後です。".into());
            }
            (None, Some((from, to)))
        }
        _ => return Err("診療年月か期間（期間開始・期間終了）の、どちらか一方を書いてください。".into()),
    };
    let statutory = yen(row.get(column::STATUTORY), column::STATUTORY, None)?;
    let additional = yen(row.get(column::ADDITIONAL), column::ADDITIONAL, Some(0))?;
    if statutory + additional == 0 {
        return Err("法定給付額と付加給付額がどちらも0円です。".into());
    }
    let paid_on = date(row.get(column::PAID_ON), column::PAID_ON)?;
    let via_employer = match row.get(column::PAID_TO) {
        "" | "本人" => false,
        "事業主" => true,
        other => return Err(format!("支払先は「本人」か「事業主」です（「{other}」）。")),
    };
    Ok(Benefit { kind: kind.to_owned(), month, period, statutory, additional, paid_on, via_employer })
}

/// What names one benefit: its kind and month or period.
fn benefit_key_of(notice: &Benefit) -> String {
    match (&notice.month, &notice.period) {
        (Some(month), _) => format!("{}|{month}", notice.kind),
        (None, Some((from, to))) => format!("{}|{from}-{to}", notice.kind),
        (None, None) => notice.kind.clone(),
    }
}

fn qualification(row: &Row) -> Result<Qualification, String> {
    let insurer_number = digits(row.get(column::INSURER_NUMBER), column::INSURER_NUMBER, &[8])?;
    let insurer_name: String = row.get(column::INSURER_NAME).nfkc().collect();
    if insurer_name.is_empty() || insurer_name.chars().count() > 50 {
        return Err("保険者名称は1文字以上50文字以内です。".into());
    }
    let copay_tenths = match row.get(column::COPAY).nfkc().collect::<String>().trim_end_matches('割') {
        "1" => 1,
        "2" => 2,
        "3" => 3,
        _ => {
            return Err(format!(
                "一部負担金の割合は「1割」「2割」「3割」のどれかです（「{}」）。",
                row.get(column::COPAY)
            ));
        }
    };
    let acquired_on = date(row.get(column::ACQUIRED_ON), column::ACQUIRED_ON)?;
    let issued_on = date(row.get(column::ISSUED_ON), column::ISSUED_ON)?;
    Ok(Qualification { insurer_number, insurer_name, acquired_on, issued_on, copay_tenths })
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Members told by mail that something new is there.
    pub members_to_mail: usize,
}

/// Writes a checked file in one transaction and, if `tell_members`, queues one mail for each
/// member who sees a new or changed notice. `progress(done, total)` is called every 1,000 rows. Rows of people not on
/// the roster refuse the whole file.
pub async fn import(
    pool: &Db,
    parsed: &Parsed,
    tell_members: bool,
    progress: impl Fn(usize, usize),
) -> Result<ImportReport, ImportError> {
    let ids: HashMap<PersonKey, i64> = stored::roster_ids(pool)
        .await?
        .into_iter()
        .map(|(kigo, bango, edaban, id)| ((kigo, bango, edaban), id))
        .collect();
    let people: Vec<(u64, &PersonKey)> = match parsed {
        Parsed::Medical(rows) => rows.iter().map(|row| (row.line, &row.person)).collect(),
        Parsed::Benefit(rows) => rows.iter().map(|row| (row.line, &row.person)).collect(),
        Parsed::Qualification(rows) => rows.iter().map(|row| (row.line, &row.person)).collect(),
    };
    let unknown: Vec<RowProblem> = people
        .iter()
        .filter(|(_, person)| !ids.contains_key(*person))
        .map(|(line, (kigo, bango, edaban))| RowProblem {
            line: *line,
            problem: format!(
                "記号 {kigo} 番号 {bango} 枝番 {edaban} の方は名簿にいません。先に名簿を取り込んでください。"
            ),
        })
        .collect();
    if !unknown.is_empty() {
        return Err(ImportError::Rows(unknown));
    }
    let id_of = |person: &PersonKey| ids[person];
    let at = crate::clock::now() as i64;
    let total = parsed.rows();
    let mut report = ImportReport::default();
    let mut touched = BTreeSet::new();
    let mut tx = pool.begin().await?;
    for n in 0..total {
        let (roster_id, written) = match parsed {
            Parsed::Medical(rows) => {
                let Checked { person, notice, .. } = &rows[n];
                let [total, self_pay, public_pay, insurer_pay] = notice.figures.map(|yen| yen as i64);
                let row = NewMedical {
                    roster_id: id_of(person),
                    month: i64::from(notice.month),
                    facility: &notice.facility,
                    category: notice.category.label(),
                    figures: [i64::from(notice.days), total, self_pay, public_pay, insurer_pay],
                };
                (row.roster_id, stored::write_medical(&mut tx, &row, at).await?)
            }
            Parsed::Benefit(rows) => {
                let Checked { person, notice, .. } = &rows[n];
                let key = format!("{}-{}-{}|{}", person.0, person.1, person.2, benefit_key_of(notice));
                let row = NewBenefit {
                    roster_id: id_of(person),
                    key: &key,
                    kind: &notice.kind,
                    month: notice.month.map(i64::from),
                    period: notice.period.as_ref().map(|(from, to)| (from.as_str(), to.as_str())),
                    statutory: notice.statutory as i64,
                    additional: notice.additional as i64,
                    paid_on: &notice.paid_on,
                    via_employer: notice.via_employer,
                };
                (row.roster_id, stored::write_benefit(&mut tx, &row, at).await?)
            }
            Parsed::Qualification(rows) => {
                let Checked { person, notice, .. } = &rows[n];
                let row = NewQualification {
                    roster_id: id_of(person),
                    insurer_number: &notice.insurer_number,
                    insurer_name: &notice.insurer_name,
                    acquired_on: &notice.acquired_on,
                    issued_on: &notice.issued_on,
                    copay_tenths: i64::from(notice.copay_tenths),
                };
                (row.roster_id, stored::write_qualification(&mut tx, &row, at).await?)
            }
        };
        match written {
            Written::Added => report.added += 1,
            Written::Changed => report.changed += 1,
            Written::Unchanged => report.unchanged += 1,
        }
        if written != Written::Unchanged && tell_members {
            touched.insert(roster_id);
        }
        if (n + 1) % 1000 == 0 || n + 1 == total {
            progress(n + 1, total);
        }
    }
    let mut households: BTreeMap<(&str, &str), Vec<i64>> = BTreeMap::new();
    for ((kigo, bango, _), id) in ids.iter().filter(|(_, id)| touched.contains(*id)) {
        households.entry((kigo, bango)).or_default().push(*id);
    }
    let mut members = BTreeSet::new();
    for ((kigo, bango), people) in households {
        let accounts = stored::household_accounts(&mut *tx, kigo, bango).await?;
        for roster_id in people {
            members.extend(super::accounts_seeing(&accounts, roster_id));
        }
    }
    for member_id in &members {
        stored::queue_mail(&mut *tx, *member_id, at).await?;
    }
    report.members_to_mail = members.len();
    tx.commit().await?;
    tracing::info!(
        added = report.added,
        changed = report.changed,
        mails = report.members_to_mail,
        "notices imported"
    );
    Ok(report)
}

/// The new-notice mail: that something new is there, and nothing of what.
fn new_notice_mail(name: &str, to: String) -> Mail {
    Mail {
        to,
        subject: "【けんぽポータル】新しいお知らせがあります".to_owned(),
        body: format!(
            "{name} 様\n\nけんぽポータルに新しいお知らせを掲載しました。\nアプリからログインしてご確認ください。\n\n\
             このメールには、お知らせの内容は書いていません。\n心当たりのない場合は、健康保険組合までご連絡ください。\n"
        ),
    }
}

/// Sends the queued new-notice mail, one a member; each leaves the queue once sent (a member
/// without an address leaves it unsent). What fails to send stays queued
/// for the next import. Returns how many were sent.
pub async fn send_queued_mail(pool: &Db, mailer: &Mailer) -> Result<usize, PortalError> {
    let mut sent = 0;
    for (member_id, name, address) in stored::queued_mail(pool).await? {
        if let Some(address) = address {
            if let Err(error) = mailer.send(new_notice_mail(&name, address)).await {
                tracing::warn!(member_id, %error, "new-notice mail not sent; it stays queued");
                continue;
            }
            sent += 1;
        }
        store::notices::unqueue_mail(pool, member_id).await?;
    }
    Ok(sent)
}
