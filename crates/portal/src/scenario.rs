//! The helpdesk's sandbox (`serve --demo --scenario NAME`): the demo portal in the state a member
//! meets in each FAQ case and each failure, so that the app, the helpdesk and the tests see it
//! happen without a member's phone. Demo only, so on loopback only.

use std::time::Duration;

use crate::PortalError;

/// One state of the sandbox. The member ones are put on the demo's enrolled member
/// (`yamada.taro`), whom a demo device holds the code of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// [FAQ Q3] Locked after too many failures.
    Locked,
    /// [guide 2-2] Back on the initial password: first registration starts again.
    InitialPassword,
    /// [guide 3-1] Registered, but no authenticator linked.
    NotEnrolled,
    /// [FAQ Q5] The portal's clock runs off by this many seconds (the member's looks off).
    ClockSkew(i64),
    /// [FAQ Q2] Every password-reset code mailed has expired already.
    ResetCodeExpired,
    /// Every call answers that the portal is under maintenance, and until when.
    Maintenance,
    /// Every answer comes this late.
    Slow(Duration),
    /// Every call fails inside the portal.
    ServerError,
    /// The address answers, but not in TLS: what a broken proxy or certificate looks like.
    TlsBroken,
}

/// A scenario as `kenpo-portal scenarios` lists it.
pub struct Listed {
    pub name: &'static str,
    pub faq: &'static str,
    pub what: &'static str,
}

pub const LIST: [Listed; 9] = [
    Listed { name: "locked", faq: "Q3", what: "yamada.taro is locked after too many failed logins" },
    Listed {
        name: "initial-password",
        faq: "guide 2-2",
        what: "yamada.taro is back on the initial password (記号+番号+生年月日); first registration again",
    },
    Listed { name: "not-enrolled", faq: "guide 3-1", what: "yamada.taro has no authenticator linked" },
    Listed {
        name: "clock-skew=+90s",
        faq: "Q5",
        what: "the portal's clock runs 90 s fast (any of ±86400 s): codes look too old",
    },
    Listed { name: "reset-code-expired", faq: "Q2", what: "every password-reset code mailed has expired" },
    Listed {
        name: "maintenance",
        faq: "service hours",
        what: "every call answers `maintenance` with the time it ends (an hour from start)",
    },
    Listed { name: "slow=2s", faq: "-", what: "every answer comes 2 s late (any of 0 to 60 s)" },
    Listed { name: "server-error", faq: "-", what: "every call fails inside the portal (`internal`)" },
    Listed {
        name: "tls-broken",
        faq: "-",
        what: "the address answers, but not in TLS (use https:// in the app)",
    },
];

/// The largest clock skew and delay a scenario takes.
pub const MAX_SKEW_SECONDS: i64 = 86_400;
pub const MAX_DELAY_SECONDS: u64 = 60;

/// How long the maintenance of the `maintenance` scenario lasts from the portal's start.
pub const MAINTENANCE_SECONDS: u64 = 3_600;

impl std::str::FromStr for Scenario {
    type Err = PortalError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unknown = || {
            let names: Vec<&str> = LIST.iter().map(|listed| listed.name).collect();
            PortalError::Config(format!("no scenario {text:?}: choose one of {}", names.join(", ")))
        };
        let seconds = |value: &str| value.strip_suffix('s').and_then(|number| number.parse::<i64>().ok());
        Ok(match text.split_once('=') {
            None => match text {
                "locked" => Self::Locked,
                "initial-password" => Self::InitialPassword,
                "not-enrolled" => Self::NotEnrolled,
                "reset-code-expired" => Self::ResetCodeExpired,
                "maintenance" => Self::Maintenance,
                "server-error" => Self::ServerError,
                "tls-broken" => Self::TlsBroken,
                _ => return Err(unknown()),
            },
            Some(("clock-skew", value)) => match seconds(value) {
                Some(skew) if skew.abs() <= MAX_SKEW_SECONDS => Self::ClockSkew(skew),
                _ => {
                    return Err(PortalError::Config(format!(
                        "clock-skew takes seconds within ±{MAX_SKEW_SECONDS}, such as clock-skew=+90s or clock-skew=-45s"
                    )));
                }
            },
            Some(("slow", value)) => match seconds(value).and_then(|delay| u64::try_from(delay).ok()) {
                Some(delay) if delay <= MAX_DELAY_SECONDS => Self::Slow(Duration::from_secs(delay)),
                _ => {
                    return Err(PortalError::Config(format!(
                        "slow takes 0 to {MAX_DELAY_SECONDS} seconds, such as slow=2s"
                    )));
                }
            },
            Some(_) => return Err(unknown()),
        })
    }
}

/// Puts the demo's enrolled member in the scenario's state (a fresh demo database is best: the
/// state stays after a restart without the scenario).
pub async fn apply(pool: &crate::db::Db, scenario: Scenario) -> Result<(), PortalError> {
    use crate::admin::{self, AdminError};
    use crate::store::members::{DemoState, set_demo};
    let member = kenpo_api::demo::ENROLLED.user_id;
    let admin_error = |error: AdminError| PortalError::Internal(error.to_string());
    match scenario {
        Scenario::Locked => {
            let at = crate::clock::now() as i64;
            set_demo(pool, member, DemoState::Locked { at, failed_attempts: 10 }).await?;
        }
        Scenario::InitialPassword => {
            admin::reset_password(pool, member, crate::roster::InitialPasswords::Card)
                .await
                .map_err(admin_error)?;
        }
        Scenario::NotEnrolled => admin::reset_otp(pool, member).await.map_err(admin_error)?,
        Scenario::ClockSkew(seconds) => crate::clock::run_off_by(seconds),
        _ => {}
    }
    Ok(())
}

/// `tls-broken`: every connection is answered in plain text and closed, as a proxy that lost
/// its certificate configuration would: a TLS client fails its handshake.
pub async fn serve_without_tls(listener: tokio::net::TcpListener) -> Result<(), PortalError> {
    use tokio::io::AsyncWriteExt;
    loop {
        let (mut socket, _) =
            listener.accept().await.map_err(|error| PortalError::Internal(error.to_string()))?;
        tokio::spawn(async move {
            let answer =
                b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\nthis address does not speak TLS\n";
            socket.write_all(answer).await.ok();
            socket.shutdown().await.ok();
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_scenario_is_read_and_nothing_else() {
        for listed in LIST {
            listed.name.parse::<Scenario>().unwrap_or_else(|error| panic!("{}: {error}", listed.name));
        }
        assert_eq!("clock-skew=-45s".parse::<Scenario>().unwrap(), Scenario::ClockSkew(-45));
        assert_eq!("slow=0s".parse::<Scenario>().unwrap(), Scenario::Slow(Duration::ZERO));
        for wrong in [
            "",
            "lockd",
            "clock-skew=90",
            "clock-skew=+86401s",
            "slow=-1s",
            "slow=61s",
            "slow",
            "tls-broken=1",
        ] {
            assert!(wrong.parse::<Scenario>().is_err(), "{wrong}");
        }
        let error = "lockd".parse::<Scenario>().unwrap_err().to_string();
        assert!(error.contains("locked, initial-password"), "{error}");
    }
}
