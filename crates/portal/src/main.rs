//! `kenpo-portal`: runs the reference portal.

use kenpo_portal::clock::japan_time;
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kenpo_portal::Config;
use kenpo_portal::mail::MailSetting;

#[derive(Parser)]
#[command(
    name = "kenpo-portal",
    version,
    about = "The health-insurance society's member portal (reference server)",
    after_help = "Examples:\n  kenpo-portal serve --db sqlite://portal.sqlite --demo\n  \
                  kenpo-portal admin --db sqlite://portal.sqlite import-members roster.csv\n  \
                  kenpo-portal admin --db sqlite://portal.sqlite show yamada.taro"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal's API over HTTP.
    Serve {
        /// Database URL: sqlite:///var/lib/kenpo/portal.sqlite, or
        /// postgres://user:password@host/database (README, "Storage").
        #[arg(long, env = "KENPO_DB", hide_env_values = true)]
        db: String,
        /// Address to listen on; port 0 picks a free port (printed on start).
        #[arg(long, default_value = "127.0.0.1:8787")]
        addr: SocketAddr,
        /// Seed demo members and serve their enrollment codes to demo devices.
        #[arg(long)]
        demo: bool,
        /// Consecutive failed logins (password or code) that lock an account, 1 to 100.
        #[arg(long, default_value_t = kenpo_portal::DEFAULT_LOCKOUT_THRESHOLD,
              value_parser = clap::value_parser!(u32).range(1..=i64::from(kenpo_portal::MAX_LOCKOUT_THRESHOLD)))]
        lockout_threshold: u32,
        #[command(flatten)]
        mail: MailArgs,
        /// How many months back from the current one notices are served.
        #[arg(long, default_value_t = kenpo_portal::notices::DEFAULT_RETENTION_MONTHS,
              value_parser = clap::value_parser!(u32).range(1..=i64::from(kenpo_portal::notices::MAX_RETENTION_MONTHS)))]
        notice_retention_months: u32,
        /// The society's name, printed on notices and exports.
        #[arg(long, default_value = kenpo_portal::DEFAULT_SOCIETY_NAME)]
        society_name: String,
        /// The font printable notices (PDF) are set in: a Japanese OpenType font or collection.
        #[arg(long, default_value = kenpo_portal::notices::pdf::DEFAULT_FONT)]
        pdf_font: std::path::PathBuf,
        /// A proxy in front terminates TLS: allows an address off loopback (the session cookie
        /// is then marked Secure). Without it the portal listens on loopback only.
        #[arg(long)]
        behind_tls_proxy: bool,
        /// The influenza-subsidy season's rules (TOML; README, "Influenza subsidy"). Without it
        /// no applications are taken, except in the demo, which makes a season around today.
        #[arg(long)]
        subsidy_season: Option<std::path::PathBuf>,
        /// With --demo: put the demo in a state a member meets (`kenpo-portal scenarios` lists
        /// them), for the helpdesk to reproduce a problem. A fresh demo database is best.
        #[arg(long, requires = "demo")]
        scenario: Option<kenpo_portal::scenario::Scenario>,
    },
    /// The demo sandbox's scenarios, each with the FAQ entry it reproduces.
    Scenarios,
    /// The society's staff: look after members' accounts.
    Admin {
        /// Database URL of the portal, as given to `serve`.
        #[arg(long, env = "KENPO_DB", hide_env_values = true)]
        db: String,
        #[command(subcommand)]
        command: AdminCommand,
    },
}

/// Where mail to members goes.
#[derive(clap::Args)]
struct MailArgs {
    /// Directory where mail to members is written, one .eml file each, when no SMTP server
    /// is given.
    #[arg(long, default_value = "outbox")]
    outbox: std::path::PathBuf,
    /// Send mail through this SMTP server instead: smtp://host:port (plain, a local relay),
    /// smtp://user:pass@host:587?tls=required (STARTTLS) or smtps://host:465.
    #[arg(long, env = "KENPO_SMTP_URL", hide_env_values = true)]
    smtp: Option<String>,
    /// The sender of mail to members.
    #[arg(long, default_value = "けんぽポータル <no-reply@kenpo.example>")]
    mail_from: String,
}

impl MailArgs {
    fn setting(self) -> (MailSetting, String) {
        (self.smtp.map_or(MailSetting::Outbox(self.outbox), MailSetting::Smtp), self.mail_from)
    }
}

#[derive(Subcommand)]
enum AdminCommand {
    /// A member's state: registration, email, authenticator, lock, failures, last login.
    ///
    /// Never shows a password hash or a TOTP secret.
    Show {
        /// The member's user ID.
        user_id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Every login attempt, newest first, with clock offsets for refused codes.
    ///
    /// Lists time (JST), step, result, and for refused codes the step offset the code belongs
    /// to: -2 means the member's device is about a minute slow.
    Audit {
        /// The member's user ID.
        user_id: String,
        /// How many attempts to list.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the members still on the initial password (first registration not finished).
    ///
    /// The guide's initial password is made from the insurance card (記号 + 番号 + 生年月日):
    /// until first registration replaces it, whoever holds the card can log in. Remind these
    /// members to register, or send them a random initial password by letter
    /// (reset-password --random).
    InitialPasswords {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Unlock an account locked after too many failed logins, and clear its failure count.
    Unlock {
        /// The member's user ID.
        user_id: String,
    },
    /// Import the member roster (CSV); nothing is imported until the whole file is clean.
    ///
    /// The file is UTF-8 or Shift_JIS (as Excel saves it), with a header row naming the columns
    /// 記号, 番号, 枝番, 氏名, カナ, 生年月日 (YYYYMMDD), 区分 (被保険者 or 被扶養者),
    /// 任意継続 (1 or blank), and optionally メールアドレス and ユーザーID (the old portal's).
    /// Every bad row is listed with its line number.
    ///
    /// New insured persons get an account on the initial password: 記号 + 番号 + 生年月日
    /// (14 digits). 任意継続被保険者 get the user ID 記号 + 番号 + 生年月日 and 14 random digits
    /// as initial password, printed once here for a letter. Importing a file again updates
    /// names, dates and roster addresses and never an account's state.
    ImportMembers {
        /// The roster file.
        file: std::path::PathBuf,
        /// Give every new account 14 random digits as initial password, printed once here for
        /// letters, instead of the guide's card-derived one: the insurance card alone then opens
        /// no account.
        #[arg(long)]
        random_initial_passwords: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Send a member back to the initial password and first registration.
    ///
    /// The member's password becomes the initial one, first registration starts again, the
    /// authenticator is removed, the account is unlocked and every session ends. For a
    /// 任意継続被保険者 a new initial password is printed, for a letter.
    ResetPassword {
        /// The member's user ID.
        user_id: String,
        /// A random initial password, printed for a letter, whoever the member is.
        #[arg(long)]
        random: bool,
    },
    /// Import notices of one type (CSV); nothing is imported until the whole file is clean.
    ///
    /// UTF-8 or Shift_JIS, a header row naming the columns, every person on the roster
    /// (記号, 番号, 枝番). Every bad row is listed with its line number. Importing a file again
    /// changes nothing; a row already stored (same person and month and facility, same benefit
    /// and month or period, or the person's qualification) takes the file's figures.
    ///
    /// medical (医療費のお知らせ): 診療年月 (YYYYMM), 医療機関等の名称 (blank for 柔整/あはき
    /// only), 診療区分 (入院 外来 歯科 調剤 訪問看護 柔整 あはき), 日数, 医療費の総額,
    /// 自己負担額, 公費負担額, 健保負担額 (amounts as plain digits, no comma).
    ///
    /// benefit (現金給付支給決定通知): 給付の種類, 診療年月 or 期間開始 and 期間終了
    /// (YYYYMMDD), 法定給付額, 付加給付額, 支払日, 支払先 (本人 or 事業主).
    ///
    /// qualification (資格情報のお知らせ): 保険者番号, 保険者名称, 資格取得年月日,
    /// 一部負担金の割合 (1割, 2割, 3割), 交付年月日.
    ///
    /// Afterwards each member with something new gets one mail saying so, without any detail.
    ImportNotices {
        /// Which notices the file holds.
        #[arg(long, value_enum)]
        kind: kenpo_portal::notices::import::Kind,
        /// The file.
        file: std::path::PathBuf,
        #[command(flatten)]
        mail: MailArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// What a member sees of the notices: the people of the household, and how many notices
    /// of each type (medical notices by year).
    Notices {
        /// The member's user ID.
        user_id: String,
        /// As given to `serve`.
        #[arg(long, default_value_t = kenpo_portal::notices::DEFAULT_RETENTION_MONTHS)]
        notice_retention_months: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Influenza-subsidy applications: list, open with the receipts, decide, export payouts.
    ///
    /// Each decision is recorded, added to the application's history and mailed to the member.
    Subsidy {
        #[command(subcommand)]
        command: SubsidyCommand,
    },
    /// Remove a member's authenticator (lost or replaced phone).
    ///
    /// Every session ends; the member's next login leads to linking a new authenticator.
    ResetOtp {
        /// The member's user ID.
        user_id: String,
    },
}

#[derive(Subcommand)]
enum SubsidyCommand {
    /// List applications, oldest first.
    List {
        /// Only those in this status.
        #[arg(long, value_parser = ["received", "reviewing", "approved", "rejected", "returned"])]
        status: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show an application and write its receipts into a folder; one in 受付 becomes 審査中.
    Show {
        /// The application's number (2026-000012).
        number: String,
        /// The folder the receipts are written to (made if missing).
        #[arg(long)]
        receipts: Option<std::path::PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Approve an application (承認): it is paid with the next payroll export.
    Approve {
        number: String,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Reject an application (却下), with the reason the member is told.
    Reject {
        number: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Send an application back for correction (差戻し), with what to correct.
    Return {
        number: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// The payouts approved in a period, as CSV for the payroll system (UTF-8 with BOM).
    Export {
        /// First and last day of approval, YYYYMMDD, Japan time.
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Write here instead of standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    // The database, its journal and the mail outbox hold members' data: readable by the
    // portal's own user only, whatever the umask it was started with.
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
    let cli = Cli::parse();
    // The server logs what it does; the staff's admin line prints only its answer.
    let default_level = if matches!(cli.command, Command::Admin { .. }) { "warn" } else { "info" };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| default_level.into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let (db, addr, config) = match cli.command {
        Command::Serve {
            db,
            addr,
            demo,
            lockout_threshold,
            mail,
            notice_retention_months,
            society_name,
            pdf_font,
            behind_tls_proxy,
            subsidy_season,
            scenario,
        } => {
            let subsidy_season = match subsidy_season.map(|file| read_season(&file)).transpose() {
                Ok(season) => season,
                Err(error) => {
                    eprintln!("kenpo-portal: {error}");
                    return ExitCode::from(2);
                }
            };
            let (mail, mail_from) = mail.setting();
            let config = Config {
                demo,
                lockout_threshold,
                mail,
                mail_from,
                behind_tls_proxy,
                notice_retention: kenpo_portal::notices::Retention { months: notice_retention_months },
                society_name,
                pdf_font,
                subsidy_season,
                scenario,
                ..Config::default()
            };
            (db, addr, config)
        }
        Command::Admin { db, command } => return admin(&db, command).await,
        Command::Scenarios => {
            println!("kenpo-portal serve --demo --scenario NAME, on a fresh demo database:");
            for listed in kenpo_portal::scenario::LIST {
                println!("  {:<20} [{}] {}", listed.name, listed.faq, listed.what);
            }
            return ExitCode::SUCCESS;
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("kenpo-portal: cannot listen on {addr}: {error}");
            return ExitCode::from(2);
        }
    };
    let local = listener.local_addr().expect("a bound socket has an address");
    if let Err(error) = kenpo_portal::check_address(local, &config) {
        eprintln!("kenpo-portal: {error}");
        return ExitCode::from(2);
    }
    // Tests and `cargo xtask run` read this line to learn the port.
    let scheme =
        if config.scenario == Some(kenpo_portal::scenario::Scenario::TlsBroken) { "https" } else { "http" };
    println!("kenpo-portal listening on {scheme}://{local}/");
    std::io::stdout().flush().ok();
    match kenpo_portal::serve(listener, &db, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kenpo-portal: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn admin(db: &str, command: AdminCommand) -> ExitCode {
    let pool = match kenpo_portal::db::open(db).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("kenpo-portal admin: cannot open {}: {error}", kenpo_portal::db::without_password(db));
            return ExitCode::from(2);
        }
    };
    let result = match command {
        AdminCommand::Show { user_id, json } => {
            kenpo_portal::admin::show(&pool, &user_id).await.map(|status| {
                if json {
                    println!("{}", serde_json::to_string_pretty(&status).expect("plain data serialises"));
                } else {
                    println!("user ID          {}", status.user_id);
                    println!("name             {}", status.name);
                    println!("registration     {}", status.registration);
                    println!("email            {}", status.email.as_deref().unwrap_or("none"));
                    println!(
                        "authenticator    {}",
                        if status.enrolled { "enrolled" } else { "not enrolled" }
                    );
                    println!(
                        "locked           {}",
                        status
                            .locked_at
                            .map_or("no".to_owned(), |at| format!("yes, since {}", japan_time(at)))
                    );
                    println!("failed attempts  {}", status.failed_attempts);
                    println!(
                        "last login       {}",
                        status.last_login_at.map_or("never".to_owned(), japan_time)
                    );
                }
            })
        }
        AdminCommand::Audit { user_id, limit, json } => {
            kenpo_portal::admin::audit(&pool, &user_id, limit).await.map(|attempts| {
                let findings = kenpo_portal::audit::explain(&attempts);
                if json {
                    let both = serde_json::json!({ "attempts": attempts, "findings": findings });
                    println!("{}", serde_json::to_string_pretty(&both).expect("plain data serialises"));
                    return;
                }
                println!("{:<26} {:<9} {:<15} step offset", "time (JST)", "step", "result");
                for attempt in attempts {
                    let offset = attempt.step_offset.map_or(String::new(), |offset| format!("{offset:+}"));
                    println!(
                        "{:<26} {:<9} {:<15} {offset}",
                        japan_time(attempt.at),
                        attempt.step,
                        attempt.result
                    );
                }
                if !findings.is_empty() {
                    println!("\nWhat it means (oldest first):");
                }
                for finding in &findings {
                    let faq = finding.faq.map(|faq| format!(" [FAQ {faq}]")).unwrap_or_default();
                    println!("  - {}{faq}\n    {}", finding.en, finding.ja);
                }
            })
        }
        AdminCommand::InitialPasswords { json } => {
            kenpo_portal::admin::on_initial_password(&pool).await.map(|members| {
                if json {
                    println!("{}", serde_json::to_string_pretty(&members).expect("plain data serialises"));
                    return;
                }
                println!("{} member(s) on the initial password", members.len());
                for member in members {
                    println!(
                        "  {:<17} {:<12} step due: {}",
                        member.user_id, member.name, member.registration
                    );
                }
            })
        }
        AdminCommand::Unlock { user_id } => match kenpo_portal::admin::unlock(&pool, &user_id).await {
            Ok(()) => record(&pool, "unlock", Some(&user_id)).await.map(|()| println!("unlocked {user_id}")),
            Err(error) => Err(error),
        },
        AdminCommand::ImportMembers { file, json, random_initial_passwords } => {
            let initial_passwords = if random_initial_passwords {
                kenpo_portal::roster::InitialPasswords::Random
            } else {
                kenpo_portal::roster::InitialPasswords::Card
            };
            return import_members(&pool, &file, initial_passwords, json).await;
        }
        AdminCommand::ImportNotices { kind, file, mail, json } => {
            return import_notices(&pool, kind, &file, mail, json).await;
        }
        AdminCommand::Notices { user_id, notice_retention_months, json } => {
            let retention = kenpo_portal::notices::Retention { months: notice_retention_months };
            kenpo_portal::admin::notices(&pool, retention, &user_id).await.map(|seen| {
                if json {
                    println!("{}", serde_json::to_string_pretty(&seen).expect("plain data serialises"));
                    return;
                }
                println!("{user_id} sees the notices of:");
                for person in &seen.people {
                    println!("  {} {}", person.person, person.name);
                }
                for year in &seen.medical {
                    println!(
                        "医療費のお知らせ {}: {} rows, 自己負担額 {} yen",
                        year.year, year.rows, year.self_pay
                    );
                }
                println!("現金給付支給決定通知: {}", seen.benefits);
                println!("資格情報のお知らせ: {}", seen.qualifications);
            })
        }
        AdminCommand::ResetPassword { user_id, random } => {
            let initial_passwords = if random {
                kenpo_portal::roster::InitialPasswords::Random
            } else {
                kenpo_portal::roster::InitialPasswords::Card
            };
            match kenpo_portal::admin::reset_password(&pool, &user_id, initial_passwords).await {
                Ok(letter) => record(&pool, "reset-password", Some(&user_id)).await.map(|()| {
                    println!("{user_id} is back on the initial password; first registration starts again.");
                    if let Some(letter) = letter {
                        print_letters(std::slice::from_ref(&letter));
                    }
                }),
                Err(error) => Err(error),
            }
        }
        AdminCommand::Subsidy { command } => return subsidy(&pool, command).await,
        AdminCommand::ResetOtp { user_id } => match kenpo_portal::admin::reset_otp(&pool, &user_id).await {
            Ok(()) => record(&pool, "reset-otp", Some(&user_id)).await.map(|()| {
                println!("{user_id} has no authenticator now; the next login leads to linking a new one.");
            }),
            Err(error) => Err(error),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kenpo-portal admin: {error}");
            ExitCode::from(2)
        }
    }
}

/// Records a staff action under the name of the person running the command: the login behind
/// `sudo` if there is one, else the user.
/// The season file, read and checked; its error names the file, the line and the reason.
fn read_season(file: &std::path::Path) -> Result<kenpo_api::subsidy::Season, String> {
    let text =
        std::fs::read_to_string(file).map_err(|error| format!("cannot read {}: {error}", file.display()))?;
    kenpo_portal::subsidy::season::parse(&text).map_err(|error| format!("{}: {error}", file.display()))
}

async fn subsidy(pool: &kenpo_portal::db::Db, command: SubsidyCommand) -> ExitCode {
    use kenpo_portal::subsidy::review::{self, Decision};
    let staff = staff();
    let (number, decision, reason, mail) = match command {
        SubsidyCommand::List { status, json } => {
            let status = status.as_deref().and_then(kenpo_api::subsidy::Status::from_name);
            return finish(review::list(pool, status).await.map(|listed| {
                if json {
                    println!("{}", serde_json::to_string_pretty(&listed).expect("plain data serialises"));
                    return;
                }
                println!("{} application(s)", listed.len());
                for row in listed {
                    println!(
                        "  {}  {:<4} {}  {}回目 接種 {}  支給予定 {}円  受付 {}",
                        row.number,
                        row.status.label_ja(),
                        row.name,
                        row.dose,
                        row.vaccinated_on,
                        row.payout,
                        japan_time(row.submitted_at)
                    );
                }
            }));
        }
        SubsidyCommand::Show { number, receipts, json } => {
            let opened = match review::open(pool, &number, &staff).await {
                Ok(opened) => opened,
                Err(error) => return finish(Err(error)),
            };
            let application = &opened.application;
            // Opening one is recorded too: it starts the review and shows a member's receipts.
            if let Err(error) = record(pool, &format!("subsidy show {}", application.number), None).await {
                eprintln!("kenpo-portal admin: {error}");
                return ExitCode::FAILURE;
            }
            if let Some(dir) = receipts
                && let Err(error) = write_receipts(&dir, &application.number, &opened.receipts)
            {
                eprintln!("kenpo-portal admin: cannot write the receipts into {}: {error}", dir.display());
                return ExitCode::from(2);
            }
            if json {
                println!("{}", serde_json::to_string_pretty(application).expect("plain data serialises"));
            } else {
                let form = &application.form;
                println!("申請番号     {}", application.number);
                println!("状況         {}", application.status.label_ja());
                println!("対象者       {} (枝番 {})", application.name, form.person);
                println!("接種日       {}  {}回目", form.vaccinated_on, form.dose);
                println!(
                    "支払額       {}円  助成 {}円  支給予定 {}円",
                    form.paid, form.grant, application.payout
                );
                println!("医療機関     {}", form.facility);
                println!("電話番号     {}", form.phone);
                println!("領収書       {}", opened.receipts.len());
                for step in &application.history {
                    let by = if step.by_member { "member" } else { "staff" };
                    let reason = step.reason.as_deref().unwrap_or_default();
                    println!("  {}  {:<4} {by} {reason}", japan_time(step.at), step.status.label_ja());
                }
            }
            return ExitCode::SUCCESS;
        }
        SubsidyCommand::Approve { number, mail } => (number, Decision::Approve, None, mail),
        SubsidyCommand::Reject { number, reason, mail } => (number, Decision::Reject, Some(reason), mail),
        SubsidyCommand::Return { number, reason, mail } => (number, Decision::Return, Some(reason), mail),
        SubsidyCommand::Export { from, to, output } => {
            let csv = match review::payroll(pool, &from, &to).await {
                Ok(csv) => csv,
                Err(error) => return finish(Err(error)),
            };
            let written = match output {
                Some(file) => std::fs::write(&file, csv.as_bytes()),
                None => std::io::stdout().write_all(csv.as_bytes()),
            };
            if let Err(error) = written {
                eprintln!("kenpo-portal admin: cannot write the export: {error}");
                return ExitCode::from(2);
            }
            return ExitCode::SUCCESS;
        }
    };
    let (setting, from) = mail.setting();
    let mailer = match kenpo_portal::mail::Mailer::new(&setting, &from) {
        Ok(mailer) => mailer,
        Err(error) => {
            eprintln!("kenpo-portal admin: {error}");
            return ExitCode::from(2);
        }
    };
    let application = match review::decide(pool, &mailer, &number, &staff, decision, reason.as_deref()).await
    {
        Ok(application) => application,
        Err(error) => return finish(Err(error)),
    };
    let action = format!("subsidy {decision:?} {}", application.number).to_lowercase();
    if let Err(error) = record(pool, &action, None).await {
        eprintln!("kenpo-portal admin: {error}");
        return ExitCode::FAILURE;
    }
    println!("{} is {} now; the member is told by mail.", application.number, application.status.label_ja());
    ExitCode::SUCCESS
}

/// Exit 0, or the review's refusal on standard error and exit 1.
fn finish(result: Result<(), kenpo_portal::subsidy::review::ReviewError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kenpo-portal admin: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The receipts as files `NUMBER-N.EXT` in `dir`, readable by the staff member only.
fn write_receipts(
    dir: &std::path::Path,
    number: &str,
    receipts: &[kenpo_portal::subsidy::receipt::Receipt],
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (n, receipt) in (1..).zip(receipts) {
        let file = dir.join(format!("{number}-{n}.{}", receipt.media_type.extension()));
        std::fs::write(&file, &receipt.bytes)?;
        println!("wrote {}", file.display());
    }
    Ok(())
}

async fn record(
    pool: &kenpo_portal::db::Db,
    action: &str,
    user_id: Option<&str>,
) -> Result<(), kenpo_portal::admin::AdminError> {
    kenpo_portal::admin::record(pool, &staff(), action, user_id).await
}

/// Who runs the admin command line: their login name.
fn staff() -> String {
    ["SUDO_USER", "USER", "LOGNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

async fn import_members(
    pool: &kenpo_portal::db::Db,
    file: &std::path::Path,
    initial_passwords: kenpo_portal::roster::InitialPasswords,
    json: bool,
) -> ExitCode {
    use kenpo_portal::roster::{self, ImportError};
    let bytes = match read_limited(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("kenpo-portal admin: cannot read {}: {error}", file.display());
            return ExitCode::from(2);
        }
    };
    let progress = |done: usize, total: usize| {
        if done.is_multiple_of(100) || done == total {
            eprint!("\rinitial passwords: {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    };
    let result = match roster::parse(&bytes) {
        Ok(people) => roster::import(pool, &people, initial_passwords, progress).await,
        Err(problems) => Err(ImportError::Rows(problems)),
    };
    if let Ok(report) = &result {
        let action = format!(
            "import-members {} ({} added, {} updated, {} new accounts)",
            file.display(),
            report.people_added,
            report.people_updated,
            report.accounts_created
        );
        if let Err(error) = record(pool, &action, None).await {
            eprintln!("kenpo-portal admin: imported, but the record of it failed: {error}");
            return ExitCode::FAILURE;
        }
    }
    match result {
        Ok(report) if json => {
            println!("{}", serde_json::to_string_pretty(&report).expect("plain data serialises"));
            ExitCode::SUCCESS
        }
        Ok(report) => {
            println!(
                "imported: {} added, {} updated, {} new accounts",
                report.people_added, report.people_updated, report.accounts_created
            );
            print_letters(&report.letters);
            ExitCode::SUCCESS
        }
        Err(error) => import_refused(error, file),
    }
}

/// Says why an import was refused (every bad row by its line); nothing was imported.
fn import_refused(error: kenpo_portal::staff_file::ImportError, file: &std::path::Path) -> ExitCode {
    match error {
        kenpo_portal::staff_file::ImportError::Rows(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!(
                "kenpo-portal admin: {} problem(s) in {}; nothing was imported",
                problems.len(),
                file.display()
            );
        }
        kenpo_portal::staff_file::ImportError::Portal(error) => {
            eprintln!("kenpo-portal admin: {error}; nothing was imported");
        }
    }
    ExitCode::from(2)
}

async fn import_notices(
    pool: &kenpo_portal::db::Db,
    kind: kenpo_portal::notices::import::Kind,
    file: &std::path::Path,
    mail: MailArgs,
    json: bool,
) -> ExitCode {
    use kenpo_portal::notices::import;
    use kenpo_portal::staff_file::ImportError;
    let (setting, from) = mail.setting();
    let mailer = match kenpo_portal::mail::Mailer::new(&setting, &from) {
        Ok(mailer) => mailer,
        Err(error) => {
            eprintln!("kenpo-portal admin: {error}");
            return ExitCode::from(2);
        }
    };
    let bytes = match read_limited(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("kenpo-portal admin: cannot read {}: {error}", file.display());
            return ExitCode::from(2);
        }
    };
    let progress = |done: usize, total: usize| {
        eprint!("\rnotices: {done}/{total}");
        if done == total {
            eprintln!();
        }
    };
    let result = match import::parse(kind, &bytes) {
        Ok(parsed) => import::import(pool, &parsed, true, progress).await,
        Err(problems) => Err(ImportError::Rows(problems)),
    };
    let report = match result {
        Ok(report) => report,
        Err(error) => return import_refused(error, file),
    };
    let action = format!(
        "import-notices --kind {kind:?} {} ({} added, {} changed, {} unchanged)",
        file.display(),
        report.added,
        report.changed,
        report.unchanged
    )
    .to_lowercase();
    if let Err(error) = record(pool, &action, None).await {
        eprintln!("kenpo-portal admin: imported, but the record of it failed: {error}");
        return ExitCode::FAILURE;
    }
    let sent = match import::send_queued_mail(pool, &mailer).await {
        Ok(sent) => sent,
        Err(error) => {
            eprintln!(
                "kenpo-portal admin: imported; the new-notice mail is queued for the next import: {error}"
            );
            return ExitCode::FAILURE;
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report).expect("plain data serialises"));
    } else {
        println!(
            "imported: {} added, {} changed, {} unchanged; new-notice mail sent to {sent} member(s)",
            report.added, report.changed, report.unchanged
        );
    }
    ExitCode::SUCCESS
}

/// A staff file, refused above [`kenpo_portal::staff_file::MAX_FILE_BYTES`].
fn read_limited(file: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let limit = kenpo_portal::staff_file::MAX_FILE_BYTES;
    let too_large = || std::io::Error::other(format!("larger than {} MiB; split it", limit / 1024 / 1024));
    let opened = std::fs::File::open(file)?;
    if opened.metadata()?.len() > limit {
        return Err(too_large());
    }
    // A file that grows while it is read is cut off at the limit, and refused.
    let mut bytes = Vec::new();
    opened.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Initial passwords of 任意継続被保険者, to be sent by post. Shown here once; only their hash
/// is kept.
fn print_letters(letters: &[kenpo_portal::roster::InitialPasswordLetter]) {
    if letters.is_empty() {
        return;
    }
    println!("\ninitial passwords to send by post (shown only now):");
    for letter in letters {
        println!("  {:<17} {:<14} {}", letter.user_id, letter.initial_password, letter.name);
    }
}
