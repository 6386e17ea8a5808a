//! Failed attempts, the lock and the login history [FAQ Q3]: every refusal that counts (a
//! wrong password, code, birth date or mailed code) is counted here, the account locks at the
//! threshold, and each attempt is a line of the history `admin audit` shows.

use crate::clock::{japan_time, now};
use crate::db::Db;
use crate::error::PortalError;
use crate::mail::{Mail, Mailer};
use crate::store::{self, Runs};

/// A refusal for a user ID no account has, with the work [`refuse`] does for one that has: a
/// counter raised and a line written, in one transaction.
pub(crate) async fn refuse_unknown(pool: &Db) -> Result<(), PortalError> {
    let mut tx = pool.begin().await?;
    store::attempts::count_unknown(&mut *tx).await?;
    store::attempts::record_unknown(&mut *tx, now() as i64).await?;
    tx.commit().await?;
    Ok(())
}

/// A refused password or code: counted towards the lockout and written to the login history in
/// one transaction. False if the account locked while it was judged (nothing counted).
pub(crate) async fn refuse(
    pool: &Db,
    mailer: &Mailer,
    threshold: u32,
    member_id: i64,
    step: &str,
    result: &str,
    step_offset: Option<i64>,
) -> Result<bool, PortalError> {
    let mut tx = pool.begin().await?;
    let counted = count_failure(&mut *tx, mailer, member_id, threshold).await?;
    record_attempt(&mut *tx, member_id, step, result, step_offset).await?;
    tx.commit().await?;
    Ok(counted)
}

/// Writes one line of the member's login history for `admin audit`.
pub async fn record_attempt<'c>(
    db: impl Runs<'c>,
    member_id: i64,
    step: &str,
    result: &str,
    step_offset: Option<i64>,
) -> Result<(), PortalError> {
    Ok(store::attempts::record(db, member_id, now() as i64, (step, result, step_offset)).await?)
}

/// Counts one failed attempt and locks the account when the count reaches `threshold`. One
/// statement, so concurrent failures cannot overshoot: once locked, nothing more is counted.
/// The member is told by mail the moment the account locks, with what to tell the society:
/// the login itself never says so. False if the account was locked already (nothing counted).
pub async fn count_failure<'c>(
    db: impl Runs<'c>,
    mailer: &Mailer,
    member_id: i64,
    threshold: u32,
) -> Result<bool, PortalError> {
    let counted = store::members::count_failure(db, member_id, i64::from(threshold), now() as i64).await?;
    let Some((locked_at, user_id, email)) = counted else {
        return Ok(false);
    };
    if let Some(at) = locked_at {
        tracing::warn!(%user_id, "account locked after too many failures");
        if let Some(email) = email {
            mailer.send_later(Mail {
                to: email,
                subject: "【けんぽポータル】アカウントをロックしました".into(),
                body: format!(
                    "アカウントをロックしました。\n\
                     ログインなどに続けて失敗したため、ユーザーID {user_id} を\n\
                     ロックしました（{}）。\n\n\
                     ロックの解除は、健康保険組合にお問い合わせください。\n\
                     その際、ユーザーIDと上の日時をお伝えください。\n\
                     パスワードは、健康保険組合にもお伝えにならないでください。\n\
                     お心当たりのない場合も、健康保険組合にお問い合わせください。\n",
                    japan_time(at)
                ),
            });
        }
    }
    Ok(true)
}
