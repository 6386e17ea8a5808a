//! The society's member roster, imported from the CSV its staff keep (`admin import-members`):
//! every insured person and dependant, and an account with an initial password for each
//! insured person [guide 2-2].
//!
//! A file is checked whole before anything is written: one bad row refuses the import with
//! every problem listed by line, and nothing is half-imported. Importing the same file again
//! changes nothing; a later roster updates names and dates but never an account's state.
//!
//! Decisions the guide leaves open:
//! - An account for each insured person; a dependant gets one of their own only when the roster
//!   gives them a ユーザーID (an adult dependant who wants their own notices). They then see only
//!   their own notices, while the insured person sees the whole household's.
//! - A member's user ID is the old portal's (column ユーザーID). When the roster has none, it is
//!   記号 + 番号 + 枝番 (8 digits), which the member may change at [2-5].
//! - 任意継続被保険者: user ID 記号 (3) + 番号 (4 or 5) + 生年月日 (8), as the guide says. Their
//!   ID already holds everything the members' 14-digit rule is built from, so their initial
//!   password is instead 14 random digits, issued at import and sent by post: the import prints
//!   them for the letters, once.

use std::collections::HashMap;

use crate::db::Db;
use kenpo_api::limits::LOGIN_USER_ID_MAX_CHARS;
use kenpo_api::rules::{check_birth_date, check_email, normalise_user_id};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::clock::today;
use crate::staff_file::{self, Row, digits};
use crate::{PortalError, password, store};

pub use crate::staff_file::{ImportError, RowProblem};

/// The column headers, as the society's spreadsheet names them.
pub mod column {
    pub const KIGO: &str = "記号";
    pub const BANGO: &str = "番号";
    pub const EDABAN: &str = "枝番";
    pub const NAME: &str = "氏名";
    pub const KANA: &str = "カナ";
    pub const BIRTH_DATE: &str = "生年月日";
    pub const RELATION: &str = "区分";
    pub const VOLUNTARY: &str = "任意継続";
    pub const EMAIL: &str = "メールアドレス";
    pub const USER_ID: &str = "ユーザーID";
    pub const REQUIRED: [&str; 8] = [KIGO, BANGO, EDABAN, NAME, KANA, BIRTH_DATE, RELATION, VOLUNTARY];
}

/// One person on the roster, checked.
#[derive(Debug, Clone)]
pub struct RosterPerson {
    pub line: u64,
    pub kigo: String,
    pub bango: String,
    pub edaban: String,
    pub name: String,
    pub kana: String,
    pub birth_date: String,
    pub insured: bool,
    pub voluntary: bool,
    pub email: Option<String>,
    /// The user ID their account gets: every insured person, and a dependant the roster gives one.
    pub user_id: Option<String>,
}

impl RosterPerson {
    /// The `roster.relation` column.
    /// The person as the roster table keeps them.
    fn stored(&self) -> store::roster::Person<'_> {
        store::roster::Person {
            kigo: &self.kigo,
            bango: &self.bango,
            edaban: &self.edaban,
            name: &self.name,
            kana: &self.kana,
            birth_date: &self.birth_date,
            relation: if self.insured { "insured" } else { "dependant" },
            voluntary: self.voluntary,
            email: self.email.as_deref(),
        }
    }
}

/// An initial password to send by post to a 任意継続被保険者.
#[derive(Clone, Serialize)]
pub struct InitialPasswordLetter {
    pub user_id: String,
    pub name: String,
    pub initial_password: String,
}

impl std::fmt::Debug for InitialPasswordLetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InitialPasswordLetter").field("user_id", &self.user_id).finish_non_exhaustive()
    }
}

#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    pub people_added: usize,
    pub people_updated: usize,
    pub accounts_created: usize,
    pub letters: Vec<InitialPasswordLetter>,
}

/// Parses and checks a roster file. Every problem is reported, not only the first.
pub fn parse(bytes: &[u8]) -> Result<Vec<RosterPerson>, Vec<RowProblem>> {
    let (people, mut problems) = staff_file::read(bytes, &column::REQUIRED, check_row);
    check_across_rows(&people, &mut problems);
    staff_file::clean(people, problems)
}

fn check_row(row: &Row) -> Result<RosterPerson, String> {
    let line = row.line;
    let field = |name: &str| row.get(name);
    let voluntary = match field(column::VOLUNTARY) {
        "" | "0" | "いいえ" | "×" => false,
        "1" | "○" | "〇" | "はい" => true,
        other => return Err(format!("任意継続は「1」か空欄です（「{other}」）。")),
    };
    let insured = match field(column::RELATION) {
        "被保険者" | "本人" => true,
        "被扶養者" | "家族" => false,
        other => return Err(format!("区分は「被保険者」か「被扶養者」です（「{other}」）。")),
    };
    let (kigo, bango) = if voluntary {
        (
            digits(field(column::KIGO), "任意継続の記号", &[3])?,
            digits(field(column::BANGO), "任意継続の番号", &[4, 5])?,
        )
    } else {
        (digits(field(column::KIGO), "記号", &[2])?, digits(field(column::BANGO), "番号", &[4])?)
    };
    let edaban = digits(field(column::EDABAN), "枝番", &[2])?;
    let name = field(column::NAME).nfkc().collect::<String>();
    if name.is_empty() || name.chars().count() > 50 {
        return Err("氏名は1文字以上50文字以内です。".into());
    }
    let kana = field(column::KANA).nfkc().collect::<String>();
    if kana.is_empty() || !kana.chars().all(|c| matches!(c, 'ァ'..='ヶ' | 'ー' | ' ' | '　' | '・')) {
        return Err(format!("カナは全角カタカナで入力してください（「{kana}」）。"));
    }
    let birth_date = check_birth_date(field(column::BIRTH_DATE), &today()).map_err(|_| {
        format!("生年月日は西暦8桁の実在する日付です（「{}」、例：20010101）。", field(column::BIRTH_DATE))
    })?;
    let email = match field(column::EMAIL) {
        "" => None,
        value => Some(
            check_email(value)
                .map_err(|_| format!("メールアドレスの形式が正しくありません（「{value}」）。"))?,
        ),
    };
    let given_user_id = normalise_user_id(field(column::USER_ID));
    let user_id = match (insured, voluntary, given_user_id.is_empty()) {
        // A dependant logs in only when the society gives them a user ID of their own.
        (false, _, true) => None,
        (true, true, true) => Some(format!("{kigo}{bango}{birth_date}")),
        (true, true, false) => {
            return Err("任意継続被保険者のユーザーIDは記号＋番号＋生年月日で決まります。ユーザーID欄は空欄にしてください。".into());
        }
        (true, false, true) => Some(format!("{kigo}{bango}{edaban}")),
        (_, _, false) => {
            let fine = (8..=LOGIN_USER_ID_MAX_CHARS).contains(&given_user_id.chars().count())
                && given_user_id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.@".contains(c));
            if !fine {
                return Err(format!(
                    "ユーザーIDは半角英数字と - _ . @ の8〜16文字です（「{given_user_id}」）。"
                ));
            }
            Some(given_user_id)
        }
    };
    if user_id.is_none() && email.is_some() {
        return Err(
            "ユーザーIDのない被扶養者にはメールアドレスを付けられません（ログインしない方です）。".into()
        );
    }
    Ok(RosterPerson { line, kigo, bango, edaban, name, kana, birth_date, insured, voluntary, email, user_id })
}

/// Rules between rows of one file: each person once, each user ID once.
fn check_across_rows(people: &[RosterPerson], problems: &mut Vec<RowProblem>) {
    let mut seen: HashMap<(&str, &str, &str), u64> = HashMap::new();
    let mut user_ids: HashMap<&str, u64> = HashMap::new();
    for person in people {
        if let Some(first) = seen.insert((&person.kigo, &person.bango, &person.edaban), person.line) {
            problems.push(RowProblem {
                line: person.line,
                problem: format!(
                    "記号 {} 番号 {} 枝番 {} は{first}行目と重複しています。",
                    person.kigo, person.bango, person.edaban
                ),
            });
            continue;
        }
        if let Some(user_id) = &person.user_id
            && let Some(first) = user_ids.insert(user_id, person.line)
        {
            problems.push(RowProblem {
                line: person.line,
                problem: format!("ユーザーID「{user_id}」は{first}行目と重複しています。"),
            });
        }
    }
}

/// The initial password [2-2]: 記号 + 番号 + 生年月日 (14 digits) for members; 14 random digits
/// for 任意継続被保険者 (see the module notes).
pub fn initial_password(kigo: &str, bango: &str, birth_date: &str, random: bool) -> Zeroizing<String> {
    if random { crate::code::random_digits(14) } else { Zeroizing::new(format!("{kigo}{bango}{birth_date}")) }
}

/// How new initial passwords are made [guide 2-2, issue [6] item 2].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitialPasswords {
    /// The guide's rule, 記号 + 番号 + 生年月日, which members were told; 任意継続被保険者, whose
    /// user ID already holds those digits, get random ones by letter.
    Card,
    /// Random for everyone, sent by letter: the insurance card alone opens no account.
    Random,
}

impl InitialPasswords {
    pub fn random_for(self, voluntary: bool) -> bool {
        voluntary || self == Self::Random
    }
}

/// The address the society's roster has for a member, unless it is one of `except`: the
/// society's own record, which whoever registers in the member's place cannot change, so it is
/// told when registration completes or the address changes.
pub async fn roster_address(
    pool: &Db,
    member_id: i64,
    except: &[&str],
) -> Result<Option<String>, PortalError> {
    let address = store::roster::address_of(pool, member_id).await?;
    Ok(address.filter(|email| !except.iter().any(|other| other.eq_ignore_ascii_case(email))))
}

/// Imports a checked roster in one transaction. `progress(done, total)` is called while the
/// initial passwords are hashed, the slow part.
pub async fn import(
    pool: &Db,
    people: &[RosterPerson],
    initial_passwords: InitialPasswords,
    progress: impl Fn(usize, usize) + Send + Sync + 'static,
) -> Result<ImportReport, ImportError> {
    let mut problems = Vec::new();
    let existing = store::roster::keys(pool).await?;
    let households: std::collections::HashSet<(String, String)> =
        existing.iter().map(|(kigo, bango, _)| (kigo.clone(), bango.clone())).collect();
    let mut new_accounts = Vec::new();
    for person in people {
        let has_insured = |kigo: &str, bango: &str| {
            households.contains(&(kigo.to_owned(), bango.to_owned()))
                || people.iter().any(|other| other.insured && other.kigo == kigo && other.bango == bango)
        };
        if !person.insured && !has_insured(&person.kigo, &person.bango) {
            problems.push(RowProblem {
                line: person.line,
                problem: format!(
                    "記号 {} 番号 {} の被保険者がいません。被保険者の行を加えてください。",
                    person.kigo, person.bango
                ),
            });
        }
        let Some(user_id) = &person.user_id else { continue };
        let holder = store::roster::holder_of(pool, user_id).await?;
        let has_account =
            store::roster::has_account(pool, &person.kigo, &person.bango, &person.edaban).await?;
        match (holder, has_account) {
            (_, true) => {}
            (None, false) => new_accounts.push(person),
            (Some(_), false) => problems.push(RowProblem {
                line: person.line,
                problem: format!("ユーザーID「{user_id}」はすでに別の方が使っています。"),
            }),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|problem| problem.line);
        return Err(ImportError::Rows(problems));
    }

    let passwords: Vec<Zeroizing<String>> = new_accounts
        .iter()
        .map(|person| {
            let random = initial_passwords.random_for(person.voluntary);
            initial_password(&person.kigo, &person.bango, &person.birth_date, random)
        })
        .collect();
    let hashes = hash_all(passwords.clone(), progress).await?;

    let mut report = ImportReport::default();
    let mut tx = pool.begin().await?;
    let at = crate::clock::now() as i64;
    for person in people {
        if store::roster::update(&mut *tx, &person.stored()).await? {
            report.people_updated += 1;
            store::roster::rename_account(&mut *tx, &person.stored()).await?;
            continue;
        }
        store::roster::insert(&mut *tx, &person.stored()).await?;
        report.people_added += 1;
    }
    for ((person, password), hash) in new_accounts.iter().zip(&passwords).zip(hashes) {
        let user_id = person.user_id.as_deref().expect("accounts are made for people with a user ID only");
        let inserted = store::roster::insert_account(&mut *tx, &person.stored(), user_id, &hash, at).await;
        // Checked above, but a member may have taken the ID while the passwords were hashed.
        match inserted {
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                return Err(ImportError::Rows(vec![RowProblem {
                    line: person.line,
                    problem: format!("ユーザーID「{user_id}」はすでに別の方が使っています。"),
                }]));
            }
            other => other?,
        };
        report.accounts_created += 1;
        if initial_passwords.random_for(person.voluntary) {
            report.letters.push(InitialPasswordLetter {
                user_id: user_id.to_owned(),
                name: person.name.clone(),
                initial_password: password.to_string(),
            });
        }
    }
    tx.commit().await?;
    tracing::info!(
        added = report.people_added,
        updated = report.people_updated,
        accounts = report.accounts_created,
        "roster imported"
    );
    Ok(report)
}

/// Hashes passwords on every core, calling `progress` as they finish.
pub async fn hash_all(
    passwords: Vec<Zeroizing<String>>,
    progress: impl Fn(usize, usize) + Send + Sync + 'static,
) -> Result<Vec<String>, PortalError> {
    let total = passwords.len();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = total.div_ceil(workers).max(1);
    let hash_in_parallel = move || {
        let done = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let handles: Vec<_> = passwords
                .chunks(chunk)
                .map(|chunk| {
                    let (done, progress) = (&done, &progress);
                    scope.spawn(move || {
                        let hashes: Vec<String> = chunk
                            .iter()
                            .map(|password| password::hash(password))
                            .inspect(|_| {
                                progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, total);
                            })
                            .collect();
                        hashes
                    })
                })
                .collect();
            handles.into_iter().map(|handle| handle.join()).collect::<Result<Vec<_>, _>>()
        })
    };
    let chunks = tokio::task::spawn_blocking(hash_in_parallel)
        .await
        .map_err(|error| PortalError::Internal(error.to_string()))?
        .map_err(|_| PortalError::Internal("password hashing failed".into()))?;
    Ok(chunks.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "記号,番号,枝番,氏名,カナ,生年月日,区分,任意継続,メールアドレス,ユーザーID\n";

    fn problems(rows: &str) -> Vec<String> {
        parse(format!("{HEADER}{rows}").as_bytes()).unwrap_err().into_iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_household_is_read_with_the_guides_initial_password() {
        let people = parse(
            format!(
                "{HEADER}10,1234,00,鈴木 一郎,スズキ イチロウ,20010101,被保険者,,ichiro@example.co.jp,\n\
                 10,1234,01,鈴木 さくら,スズキ サクラ,20030405,被扶養者,,,\n"
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].user_id.as_deref(), Some("10123400"));
        assert_eq!(
            initial_password(&people[0].kigo, &people[0].bango, &people[0].birth_date, people[0].voluntary)
                .as_str(),
            "10123420010101"
        );
        assert_eq!(people[1].user_id, None);
    }

    #[test]
    fn voluntary_members_get_the_guides_id_and_a_random_initial_password() {
        let people =
            parse(format!("{HEADER}801,12345,00,高橋 誠,タカハシ マコト,19620310,被保険者,1,,\n").as_bytes())
                .unwrap();
        assert_eq!(people[0].user_id.as_deref(), Some("8011234519620310"));
        let password =
            initial_password(&people[0].kigo, &people[0].bango, &people[0].birth_date, people[0].voluntary);
        assert_eq!(password.len(), 14);
        assert!(password.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(
            password.as_str(),
            initial_password(&people[0].kigo, &people[0].bango, &people[0].birth_date, people[0].voluntary)
                .as_str()
        );
    }

    #[test]
    fn shift_jis_from_excel_is_read() {
        let text = format!("{HEADER}10,1234,00,鈴木 一郎,スズキ イチロウ,20010101,被保険者,,,\n");
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        assert_eq!(parse(&bytes).unwrap()[0].name, "鈴木 一郎");
    }

    #[test]
    fn every_bad_row_is_named_by_its_line() {
        let found = problems(
            "10,1234,00,鈴木 一郎,スズキ イチロウ,20010101,被保険者,,,\n\
             1,1234,00,A,エー,20010101,被保険者,,,\n\
             10,1234,01,B,ビー,20010231,被扶養者,,,\n\
             10,1234,00,C,シー,20010101,被保険者,,,\n\
             10,5678,00,D,でぃー,20010101,被保険者,,,\n\
             10,5679,00,E,イー,20010101,社長,,,\n\
             10,5680,00,F,エフ,20010101,被保険者,,not-an-email,\n\
             10,5681,00\n",
        );
        assert_eq!(found.len(), 7, "{found:#?}");
        assert!(found[0].starts_with("3行目: 記号は2桁です") && found[0].contains("先頭の0"), "{found:#?}");
        assert!(found[1].starts_with("4行目: 生年月日"));
        assert!(found[2].starts_with("5行目: 記号 10 番号 1234 枝番 00 は2行目と重複"));
        assert!(found[3].starts_with("6行目: カナ"));
        assert!(found[4].starts_with("7行目: 区分"));
        assert!(found[5].starts_with("8行目: メールアドレス"));
        assert!(found[6].starts_with("9行目: 列の数"));
    }

    #[test]
    fn a_missing_column_is_named() {
        let found = parse("記号,番号,氏名\n10,1234,x\n".as_bytes()).unwrap_err();
        assert_eq!(found[0].line, 1);
        assert!(found[0].problem.contains("枝番"), "{found:?}");
    }
}
