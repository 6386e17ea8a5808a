//! `kenpo`: the helpdesk command line. It reproduces what a member's authenticator shows (which
//! code is valid now, which step a refused code belongs to, how far a clock is off) without the
//! member's phone; `diagnose` checks the way to a portal, and `report` explains the diagnostics
//! report a member sends from the app.
//!
//! Exit codes: 0 ok, 1 the code does not match, 2 bad input. Messages go to stderr and never
//! contain a secret; `inspect` shows the parameters, never the secret itself.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kenpo_otp::{Account, Enrollment, Kind, Totp};
use serde::Serialize;
use zeroize::Zeroizing;

#[derive(Parser)]
#[command(name = "kenpo", version, about = "Helpdesk tools for the member portal's one-time passwords")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print the answer as JSON.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// The code an enrollment URI shows now (or at --at), and the seconds it stays valid.
    Code {
        /// An otpauth:// URI, or - to read it from standard input (keeps it out of shell history).
        uri: String,
        /// A Unix time in seconds or an RFC 3339 time (2026-11-27T09:30:00+09:00).
        #[arg(long)]
        at: Option<String>,
    },
    /// The URI's parameters and warnings (weak secret, issuer conflict); never the secret.
    Inspect {
        /// An otpauth:// or otpauth-migration:// URI, or - for standard input.
        uri: String,
    },
    /// Which step a code belongs to: tells whether the member's clock is off, and by how much.
    Match {
        /// An otpauth:// URI, or - for standard input.
        uri: String,
        /// The code the member entered.
        code: String,
        /// The time the code was entered (default: now); Unix seconds or RFC 3339.
        #[arg(long)]
        at: Option<String>,
        /// How many steps either side to search (TOTP), or ahead (HOTP).
        #[arg(long, default_value_t = 10)]
        window: u64,
    },
    /// Decode the QR code(s) in a PNG or JPEG image and print their contents.
    Qr {
        /// The image file.
        image: std::path::PathBuf,
    },
    /// Check the way to a portal step by step (name, connection, TLS, HTTP) and its clock, as a
    /// member's app would; exit 1 when a step fails or the clock is off by a step or more.
    Diagnose {
        /// The portal's address (https://…, or http:// to this machine).
        #[arg(long)]
        portal: String,
    },
    /// Explain a member's diagnostics report (the JSON file the app makes): its facts, then what
    /// they mean in Japanese and English with the FAQ entry each matches.
    Report {
        /// The report file, or - for standard input.
        file: String,
    },
}

/// Why a command could not run: bad input, reported on stderr with exit code 2.
struct BadInput(String);

impl<E: std::fmt::Display> From<E> for BadInput {
    fn from(error: E) -> Self {
        Self(error.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code { uri, at } => code(&uri, at.as_deref(), cli.json),
        Command::Inspect { uri } => inspect(&uri, cli.json),
        Command::Match { uri, code, at, window } => match_code(&uri, &code, at.as_deref(), window, cli.json),
        Command::Qr { image } => qr(&image, cli.json),
        Command::Diagnose { portal } => diagnose(&portal, cli.json),
        Command::Report { file } => report(&file, cli.json),
    };
    match result {
        Ok(matched) => {
            if matched {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(BadInput(message)) => {
            eprintln!("kenpo: {message}");
            ExitCode::from(2)
        }
    }
}

/// The URI itself, or standard input's first line for `-`.
fn read_uri(argument: &str) -> Result<Zeroizing<String>, BadInput> {
    if argument != "-" {
        return Ok(Zeroizing::new(argument.to_owned()));
    }
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|error| BadInput(format!("standard input: {error}")))?;
    Ok(Zeroizing::new(text.trim().to_owned()))
}

fn enrollment(argument: &str) -> Result<Enrollment, BadInput> {
    Ok(Enrollment::parse(&read_uri(argument)?)?)
}

/// Unix seconds from `--at`, or now.
fn parse_time(at: Option<&str>) -> Result<u64, BadInput> {
    let Some(at) = at.map(str::trim) else {
        return Ok(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs());
    };
    if let Ok(seconds) = at.parse::<u64>() {
        return Ok(seconds);
    }
    let parsed = time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .map_err(|_| BadInput(format!("--at {at:?} is neither Unix seconds nor an RFC 3339 time")))?;
    u64::try_from(parsed.unix_timestamp()).map_err(|_| BadInput(format!("--at {at:?} is before 1970")))
}

#[derive(Serialize)]
struct CodeAnswer {
    code: String,
    /// For TOTP: seconds until the code changes; absent for HOTP.
    seconds_left: Option<u64>,
    at: u64,
}

fn code(uri: &str, at: Option<&str>, json: bool) -> Result<bool, BadInput> {
    let enrollment = enrollment(uri)?;
    let at = parse_time(at)?;
    let answer = CodeAnswer {
        code: enrollment.account.code(&enrollment.secret, at).0,
        seconds_left: enrollment.totp().map(|totp| totp.seconds_left(at)),
        at,
    };
    if json {
        println!("{}", serde_json::to_string(&answer)?);
    } else {
        match answer.seconds_left {
            Some(seconds) => println!("{}  (valid for {seconds} more s)", answer.code),
            None => println!("{}", answer.code),
        }
    }
    Ok(true)
}

#[derive(Serialize)]
struct Inspection {
    kind: &'static str,
    issuer: Option<String>,
    label_issuer: Option<String>,
    account: String,
    algorithm: &'static str,
    digits: u32,
    period: Option<u64>,
    counter: Option<u64>,
    secret_bits: usize,
    warnings: Vec<String>,
}

fn inspection(enrollment: &Enrollment) -> Inspection {
    let Account { issuer, label_issuer, name, algorithm, digits, kind } = enrollment.account.clone();
    let (kind_name, period, counter) = match kind {
        Kind::Totp { period } => ("totp", Some(period), None),
        Kind::Hotp { counter } => ("hotp", None, Some(counter)),
    };
    Inspection {
        kind: kind_name,
        issuer,
        label_issuer,
        account: name,
        algorithm: algorithm.name(),
        digits,
        period,
        counter,
        secret_bits: enrollment.secret.bits(),
        warnings: enrollment.account.warnings(&enrollment.secret).iter().map(ToString::to_string).collect(),
    }
}

fn inspect(uri: &str, json: bool) -> Result<bool, BadInput> {
    let enrollments = kenpo_otp::parse_enrollment_code(&read_uri(uri)?)?;
    let inspections: Vec<Inspection> = enrollments.iter().map(inspection).collect();
    if json {
        let value = if inspections.len() == 1 {
            serde_json::to_string_pretty(&inspections[0])?
        } else {
            serde_json::to_string_pretty(&inspections)?
        };
        println!("{value}");
        return Ok(true);
    }
    for (index, item) in inspections.iter().enumerate() {
        if index > 0 {
            println!();
        }
        let field = |name: &str, value: &dyn std::fmt::Display| println!("{name:<13}{value}");
        field("kind", &item.kind);
        field("issuer", &item.issuer.as_deref().unwrap_or("(none)"));
        if let Some(label) = &item.label_issuer {
            field("label issuer", label);
        }
        field("account", &item.account);
        field("algorithm", &item.algorithm);
        field("digits", &item.digits);
        if let Some(period) = item.period {
            field("period", &format!("{period} s"));
        }
        if let Some(counter) = item.counter {
            field("counter", &counter);
        }
        field("secret", &format!("{} bits (not shown)", item.secret_bits));
        for warning in &item.warnings {
            field("warning", warning);
        }
    }
    Ok(true)
}

#[derive(Serialize)]
struct MatchAnswer {
    matched: bool,
    /// Steps between the time the code was entered and the step it belongs to (TOTP), or the
    /// counter's distance ahead (HOTP).
    offset: Option<i64>,
    /// How far the member's clock is off, in seconds (negative: slow), for TOTP.
    clock_offset_seconds: Option<i64>,
    explanation: String,
}

fn match_code(uri: &str, code: &str, at: Option<&str>, window: u64, json: bool) -> Result<bool, BadInput> {
    let enrollment = enrollment(uri)?;
    let at = parse_time(at)?;
    let code = code.trim();
    let digits = enrollment.account.digits as usize;
    if code.len() != digits || !code.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(BadInput(format!("the code must be {digits} digits")));
    }
    let window = window.min(10_000);
    let answer = match enrollment.account.kind {
        Kind::Totp { period } => {
            let totp =
                Totp { algorithm: enrollment.account.algorithm, digits: enrollment.account.digits, period };
            totp_match(&totp, &enrollment, code, at, window)
        }
        Kind::Hotp { counter } => {
            let account = &enrollment.account;
            let found = kenpo_otp::verify_hotp(
                account.algorithm,
                account.digits,
                &enrollment.secret,
                code,
                counter,
                window,
            );
            MatchAnswer {
                matched: found.is_some(),
                offset: found.map(|ahead| ahead as i64),
                clock_offset_seconds: None,
                explanation: match found {
                    Some(ahead) => {
                        format!("matches counter {} ({ahead} ahead of the stored counter)", counter + ahead)
                    }
                    None => format!("no match in counters {counter} to {}", counter.saturating_add(window)),
                },
            }
        }
    };
    if json {
        println!("{}", serde_json::to_string(&answer)?);
    } else {
        println!("{}", answer.explanation);
    }
    Ok(answer.matched)
}

fn totp_match(totp: &Totp, enrollment: &Enrollment, code: &str, at: u64, window: u64) -> MatchAnswer {
    let found = totp.verify(&enrollment.secret, code, at, window);
    let Some(offset) = found else {
        return MatchAnswer {
            matched: false,
            offset: None,
            clock_offset_seconds: None,
            explanation: format!(
                "no match within ±{window} steps (±{} s): wrong secret, wrong account, or a clock off by more",
                window * totp.period
            ),
        };
    };
    let seconds = offset * totp.period as i64;
    let explanation = match offset {
        0 => "matches the current step: the code is valid now".to_owned(),
        _ if offset < 0 => format!(
            "this code was valid {} s ago (step {offset}): the member's clock is about {} slow",
            -seconds,
            human_duration(-seconds)
        ),
        _ => format!(
            "this code becomes valid in {seconds} s (step +{offset}): the member's clock is about {} fast",
            human_duration(seconds)
        ),
    };
    MatchAnswer { matched: true, offset: Some(offset), clock_offset_seconds: Some(seconds), explanation }
}

fn human_duration(seconds: i64) -> String {
    match seconds {
        0..60 => format!("{seconds} s"),
        60..90 => "a minute".to_owned(),
        90..3600 => format!("{} minutes", (seconds as f64 / 60.0).round() as i64),
        _ => format!("{:.1} hours", seconds as f64 / 3600.0),
    }
}

fn qr(path: &std::path::Path, json: bool) -> Result<bool, BadInput> {
    let bytes = std::fs::read(path).map_err(|error| BadInput(format!("{}: {error}", path.display())))?;
    let codes = kenpo_qr::decode_image_bytes(&bytes)
        .map_err(|error| BadInput(format!("{}: {error}", path.display())))?;
    if json {
        println!("{}", serde_json::to_string(&codes)?);
    } else {
        for code in codes {
            println!("{code}");
        }
    }
    Ok(true)
}

/// `kenpo diagnose`: each step with its time, then what it means in English and Japanese.
fn diagnose(portal: &str, json: bool) -> Result<bool, BadInput> {
    use kenpo_api::diagnostics::{ClockVerdict, Outcome, clock_verdict, findings};
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let diagnosis = runtime.block_on(kenpo_client::diagnose::diagnose(portal))?;
    let told = findings(&diagnosis);
    let healthy = diagnosis.broken_at().is_none()
        && diagnosis.clock_offset_ms.is_some_and(|offset| clock_verdict(offset) != ClockVerdict::Wrong);
    if json {
        let both = serde_json::json!({ "diagnosis": diagnosis, "findings": told });
        println!("{}", serde_json::to_string_pretty(&both)?);
        return Ok(healthy);
    }
    println!("portal        {}", diagnosis.portal);
    for check in &diagnosis.checks {
        let outcome = match check.outcome {
            Outcome::Passed => "passed",
            Outcome::Failed => "FAILED",
            Outcome::Skipped => "skipped",
        };
        let step = serde_json::to_value(check.step)?;
        println!(
            "{:<13} {outcome:<7} {:>5} ms  {}",
            step.as_str().unwrap_or_default(),
            check.millis,
            check.detail
        );
    }
    if let Some(offset) = diagnosis.clock_offset_ms {
        println!("clock offset  {offset:+} ms (the portal's clock minus this machine's)");
    }
    for finding in told {
        println!("- {}\n  {}", finding.en, finding.ja);
    }
    Ok(healthy)
}

/// The most a report file may hold; a real one is a few KB, so anything larger is something else.
const REPORT_MAX_BYTES: u64 = 1024 * 1024;

/// `kenpo report FILE`: the report's facts and findings, as `Report::to_text` renders them.
fn report(file: &str, json: bool) -> Result<bool, BadInput> {
    use kenpo_api::diagnostics::report_findings;
    let report = read_report(file)?;
    if json {
        let both = serde_json::json!({ "report": report, "findings": report_findings(&report) });
        println!("{}", serde_json::to_string_pretty(&both)?);
    } else {
        print!("{}", printable(&report.to_text()));
    }
    Ok(true)
}

/// The report in `file` (or standard input for `-`), each way it can be wrong told apart, in
/// English and Japanese, with what to do about it.
fn read_report(file: &str) -> Result<kenpo_api::diagnostics::Report, BadInput> {
    use kenpo_api::diagnostics::{REPORT_FORMAT, REPORT_KIND};
    let name = if file == "-" { "standard input" } else { file };
    let bad = |en: &str, ja: &str| BadInput(printable(&format!("{name}: {en} / {ja}")));
    let again = |en: String, ja: &str| {
        bad(
            &format!("{en}; ask the member to make the report again from the app"),
            &format!("{ja}。アプリでもう一度レポートを作成してもらってください"),
        )
    };
    let unreadable = |error: std::io::Error| {
        bad(
            &format!("cannot read the report ({error}); check the path"),
            "レポートを読めません。パスを確かめてください",
        )
    };

    let source: Box<dyn Read> = if file == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(file).map_err(unreadable)?)
    };
    let mut bytes = Vec::new();
    source.take(REPORT_MAX_BYTES + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > REPORT_MAX_BYTES {
        return Err(again(
            "larger than 1 MiB, so not a diagnostics report (a real one is a few KB)".into(),
            "1 MiB を超えるため、診断レポートではありません",
        ));
    }

    // Kind and format first, from any JSON: a newer format may have changed the fields.
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|error| {
        if error.is_eof() {
            again(format!("the report is truncated ({error})"), "レポートが途中で切れています")
        } else {
            again(format!("not JSON ({error})"), "JSON 形式ではありません")
        }
    })?;
    let kind = value.get("kind").and_then(serde_json::Value::as_str);
    if kind != Some(REPORT_KIND) {
        let kind = kind.map_or("no kind".to_owned(), |kind| {
            format!("kind {:?}", kind.chars().take(40).collect::<String>())
        });
        return Err(again(
            format!("not a kenpo diagnostics report ({kind})"),
            "健保ポータルアプリの診断レポートではありません",
        ));
    }
    if let Some(format) = value.get("format").and_then(serde_json::Value::as_u64)
        && format > u64::from(REPORT_FORMAT)
    {
        return Err(bad(
            &format!(
                "made by a newer app (format {format}; this kenpo reads up to {REPORT_FORMAT}); update kenpo"
            ),
            &format!("新しい版のアプリで作成されたレポートです（形式 {format}）。kenpo を更新してください"),
        ));
    }
    serde_json::from_value(value).map_err(|error| {
        again(format!("not a complete report ({error})"), "レポートの項目が欠けているか壊れています")
    })
}

/// Text from a member's file made safe for a terminal: control characters (an escape sequence
/// could rewrite the screen) shown as U+FFFD, line breaks kept.
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && c != '\n' { '\u{FFFD}' } else { c }).collect()
}
