//! Demo mode: realistic members to try the portal and the app with. Seeding is idempotent, so a
//! demo database survives restarts with the same secrets.

mod notices;
mod subsidy;

pub use subsidy::subsidy_season;

use crate::db::Db;
use kenpo_api::portal::DemoAuthenticator;
use kenpo_otp::{Enrollment, Secret};
use rand::RngCore;

use crate::store::members::DemoState;
use crate::{Config, PortalError, password, roster, store};

pub use kenpo_api::demo::{DEPENDANT, ENROLLED, INITIAL, LOCKED, NOT_ENROLLED, VOLUNTARY};

/// The demo roster: five households (one dependant with a login of her own), imported through the same path as the society's file.
const ROSTER: &str = "\
記号,番号,枝番,氏名,カナ,生年月日,区分,任意継続,メールアドレス,ユーザーID
10,0001,00,山田 太郎,ヤマダ タロウ,19800515,被保険者,,yamada.taro@example.co.jp,yamada.taro
10,0001,01,山田 花子,ヤマダ ハナコ,19820802,被扶養者,,yamada.hanako@example.co.jp,yamada.hanako
10,0001,02,山田 一郎,ヤマダ イチロウ,20120410,被扶養者,,,
10,1234,00,鈴木 一郎,スズキ イチロウ,20010101,被保険者,,suzuki.ichiro@example.co.jp,suzuki.ichiro
10,1234,01,鈴木 さくら,スズキ サクラ,20020714,被扶養者,,,
10,2345,00,佐藤 花子,サトウ ハナコ,19920303,被保険者,,sato.hanako@example.co.jp,sato.hanako
10,2345,01,佐藤 健,サトウ ケン,19900128,被扶養者,,,
10,3456,00,田中 次郎,タナカ ジロウ,19751120,被保険者,,tanaka.jiro@example.co.jp,tanaka.jiro
10,3456,01,田中 美咲,タナカ ミサキ,19780609,被扶養者,,,
10,3456,02,田中 陽太,タナカ ヨウタ,20180923,被扶養者,,,
801,12345,00,高橋 誠,タカハシ マコト,19620310,被保険者,1,,
801,12345,01,高橋 和子,タカハシ カズコ,19640725,被扶養者,1,,
";

/// Seeds the demo members in their states: registered and enrolled, on the initial password,
/// registered without an authenticator, locked, a dependant with a login of her own, and a
/// 任意継続被保険者 on a known initial password; then the households' notices and influenza-subsidy
/// applications in every status.
pub async fn seed(pool: &Db) -> Result<(), PortalError> {
    if store::members::exists(pool, ENROLLED.user_id).await? {
        return Ok(());
    }
    let people = roster::parse(ROSTER.as_bytes())
        .map_err(|problems| PortalError::Internal(format!("the demo roster is broken: {}", problems[0])))?;
    roster::import(pool, &people, roster::InitialPasswords::Card, |_, _| {})
        .await
        .map_err(|error| PortalError::Internal(error.to_string()))?;
    let at = crate::clock::now() as i64;
    for member in [ENROLLED, NOT_ENROLLED, LOCKED, DEPENDANT] {
        set_password(pool, member.user_id, member.password).await?;
        store::members::set_demo(pool, member.user_id, DemoState::Registered).await?;
    }
    for member in [ENROLLED, LOCKED, DEPENDANT] {
        let mut bytes = vec![0u8; 20];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let secret = Secret::from_bytes(bytes).expect("160 random bits are a valid secret");
        store::members::set_demo(pool, member.user_id, DemoState::Secret(secret.to_base32().as_str()))
            .await?;
    }
    store::members::set_demo(pool, LOCKED.user_id, DemoState::Locked { at, failed_attempts: 10 }).await?;
    // The real import issued a random initial password; the demo needs one it can print.
    set_password(pool, VOLUNTARY.user_id, VOLUNTARY.password).await?;
    for member in [INITIAL, VOLUNTARY] {
        store::members::set_demo(pool, member.user_id, DemoState::Shown).await?;
    }
    notices::seed(pool).await?;
    let today = crate::clock::today();
    subsidy::seed(pool, &subsidy_season(&today), &today).await
}

async fn set_password(pool: &Db, user_id: &str, password: &'static str) -> Result<(), PortalError> {
    let hash = password::hash_off_thread(password.to_owned().into()).await?;
    store::members::set_demo(pool, user_id, DemoState::PasswordHash(&hash)).await?;
    Ok(())
}

/// The enrollment codes of enrolled demo members. Only members seeded by demo mode are listed.
pub async fn authenticators(pool: &Db, config: &Config) -> Result<Vec<DemoAuthenticator>, PortalError> {
    let rows = store::members::demo_secrets(pool).await?;
    rows.into_iter()
        .map(|(user_id, secret)| {
            let secret = Secret::from_base32(&secret)
                .map_err(|_| PortalError::Internal("stored secret is unreadable".into()))?;
            let enrollment = Enrollment::standard(Some(config.issuer.clone()), user_id.clone(), secret);
            Ok(DemoAuthenticator { user_id, otpauth_uri: enrollment.to_uri().to_string() })
        })
        .collect()
}
