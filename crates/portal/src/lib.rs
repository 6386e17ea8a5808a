//! kenpo-portal: the reference portal server of the health-insurance society, and its admin
//! command line.
//!
//! Handlers in [`http`] parse, call a domain function ([`login`], [`demo`]) and map the error;
//! rules live in the domain modules, storage in [`db`]. It must never log or return a password,
//! a TOTP secret (outside demo mode's own endpoint) or a session token.

pub mod account;
pub mod admin;
pub mod audit;
pub mod clock;
pub mod code;
pub mod db;
pub mod demo;
pub mod enrollment;
pub mod error;
pub mod http;
pub mod lockout;
pub mod login;
pub mod mail;
pub mod notices;
pub mod password;
pub mod recovery;
pub mod registration;
pub mod roster;
pub mod scenario;
pub mod session;
pub mod staff_file;
pub mod store;
pub mod subsidy;
pub mod throttle;
pub mod totp;

use std::net::SocketAddr;

pub use error::PortalError;

/// Every request allocates its rows, its JSON and its futures, from many threads at once;
/// glibc's allocator spent about 15 % of the portal's time under load (`cargo xtask bench`,
/// notices listed by 200 members: 5,900 a second with it, 6,550 with this one). Set here, it
/// serves the portal binary, its benches and its tests alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Settings of one running portal.
#[derive(Debug, Clone)]
pub struct Config {
    /// Serve the demo endpoint (`/api/demo/authenticators`) and seed demo members.
    pub demo: bool,
    /// The issuer written into enrollment codes.
    pub issuer: String,
    /// Consecutive failed attempts (password or code) that lock an account [FAQ Q3].
    pub lockout_threshold: u32,
    /// Where mail to members goes.
    pub mail: mail::MailSetting,
    /// The sender of mail to members.
    pub mail_from: String,
    /// The portal sits behind a proxy that terminates TLS: it may then listen off loopback.
    pub behind_tls_proxy: bool,
    /// The session cookie is marked `Secure` (browsers send it over HTTPS only): set by
    /// [`serve`] whenever the portal listens off loopback.
    pub secure_cookie: bool,
    /// Requests served at once; one more is answered `busy` at once rather than queued.
    pub max_requests: usize,
    /// The longest a request may take, its body's arrival included; then `request-timeout`.
    pub request_timeout: std::time::Duration,
    /// How guessers are slowed before the hard lock ([`throttle`]).
    pub throttle: throttle::Settings,
    /// How far back notices are served.
    pub notice_retention: notices::Retention,
    /// The society's name, printed on notices and exports.
    pub society_name: String,
    /// The font the PDFs are set in (a Japanese face; a collection's JP face is chosen).
    pub pdf_font: std::path::PathBuf,
    /// The influenza-subsidy season whose applications are taken; none, none are. The demo
    /// makes one around today when none is given.
    pub subsidy_season: Option<kenpo_api::subsidy::Season>,
    /// How long a mailed password-reset code stays valid [FAQ Q2].
    pub reset_code_seconds: i64,
    /// The demo sandbox's state, for the helpdesk ([`scenario`]); demo only.
    pub scenario: Option<scenario::Scenario>,
}

/// The lockout threshold when none is configured: NIST SP 800-63B's limit, which the brakes
/// ([`throttle`]) make a day's guessing away; also the highest one allowed.
pub const DEFAULT_LOCKOUT_THRESHOLD: u32 = 100;
pub const MAX_LOCKOUT_THRESHOLD: u32 = 100;

/// The society's name when none is configured: the demo's.
pub const DEFAULT_SOCIETY_NAME: &str = "けんぽ健康保険組合";

impl Default for Config {
    fn default() -> Self {
        Self {
            demo: false,
            issuer: "けんぽポータル".to_owned(),
            lockout_threshold: DEFAULT_LOCKOUT_THRESHOLD,
            mail: mail::MailSetting::Outbox(std::env::temp_dir().join("kenpo-portal-outbox")),
            mail_from: "けんぽポータル <no-reply@kenpo.example>".to_owned(),
            behind_tls_proxy: false,
            secure_cookie: false,
            max_requests: 256,
            request_timeout: std::time::Duration::from_secs(30),
            throttle: throttle::Settings::default(),
            notice_retention: notices::Retention::default(),
            society_name: DEFAULT_SOCIETY_NAME.to_owned(),
            pdf_font: notices::pdf::DEFAULT_FONT.into(),
            subsidy_season: None,
            reset_code_seconds: recovery::RESET_CODE_SECONDS as i64,
            scenario: None,
        }
    }
}

/// Off loopback, passwords travel between machines: only through a TLS proxy in front of the
/// portal, and never with the demo, which serves its members' secrets.
pub fn check_address(local: SocketAddr, config: &Config) -> Result<(), PortalError> {
    if config.scenario.is_some() && !config.demo {
        return Err(PortalError::Config(
            "--scenario puts the demo members in a state: it runs with --demo only".into(),
        ));
    }
    if local.ip().is_loopback() {
        return Ok(());
    }
    if config.demo {
        return Err(PortalError::Config(format!(
            "--demo serves its members' one-time-password secrets: it listens on loopback only \
             (127.0.0.1 or ::1), not on {local}"
        )));
    }
    if !config.behind_tls_proxy {
        return Err(PortalError::Config(format!(
            "{local} is not a loopback address, and the portal speaks plain HTTP: put it behind a \
             proxy that terminates TLS and pass --behind-tls-proxy, or listen on 127.0.0.1"
        )));
    }
    Ok(())
}

/// Opens (and migrates) the database, seeds demo members if asked, and serves HTTP on
/// `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    db_url: &str,
    mut config: Config,
) -> Result<(), PortalError> {
    let local = listener.local_addr().map_err(|error| PortalError::Internal(error.to_string()))?;
    check_address(local, &config)?;
    config.secure_cookie = !local.ip().is_loopback();
    let mailer = mail::Mailer::new(&config.mail, &config.mail_from)?;
    if let (mail::MailSetting::Outbox(dir), false) = (&config.mail, config.demo) {
        tracing::warn!(outbox = %dir.display(), "no SMTP server given: mail to members is only written to the outbox");
    }
    let pool = db::open(db_url).await?;
    if config.demo {
        demo::seed(&pool).await?;
        config.subsidy_season.get_or_insert_with(|| demo::subsidy_season(&clock::today()));
    }
    if let Some(scenario) = config.scenario {
        tracing::warn!(?scenario, "the demo sandbox is in a scenario");
        scenario::apply(&pool, scenario).await?;
        if scenario == scenario::Scenario::ResetCodeExpired {
            // Codes are mailed already past their time.
            config.reset_code_seconds = -1;
        }
        if scenario == scenario::Scenario::TlsBroken {
            return scenario::serve_without_tls(listener).await;
        }
    }
    let app = http::router(http::AppState::new(pool, config, mailer));
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .await
        .map_err(|error| PortalError::Internal(error.to_string()))
}
