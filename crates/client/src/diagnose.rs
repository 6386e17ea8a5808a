//! The way to a portal checked step by step, each step timed and its failure named: the host
//! name, a TCP connection, the TLS handshake (https), an HTTP answer, and the clock. The app's
//! diagnostics screen and `kenpo diagnose` both run this, so both name a failure alike.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kenpo_api::diagnostics::{Check, Diagnosis, Outcome, Step};

use crate::{ClientError, PortalClient};

/// The longest each step may take.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(5);

/// Checks the way to the portal at `portal` (an address the app would take).
pub async fn diagnose(portal: &str) -> Result<Diagnosis, ClientError> {
    let client = PortalClient::new(portal)?;
    let url = client.base_url().clone();
    let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let mut checks = Vec::new();
    let diagnosis = |checks: Vec<Check>, clock_offset_ms| Diagnosis {
        portal: url.to_string(),
        checks: with_skipped(checks),
        clock_offset_ms,
    };

    let started = Instant::now();
    let found = tokio::time::timeout(STEP_TIMEOUT, tokio::net::lookup_host((host.as_str(), port))).await;
    let address = match found {
        Ok(Ok(mut addresses)) => addresses.next(),
        _ => None,
    };
    let Some(address) = address else {
        checks.push(failed(Step::NameLookup, started, format!("{host} was not found")));
        return Ok(diagnosis(checks, None));
    };
    checks.push(passed(Step::NameLookup, started, address.ip().to_string()));

    let started = Instant::now();
    let stream = match tokio::time::timeout(STEP_TIMEOUT, tokio::net::TcpStream::connect(address)).await {
        Ok(Ok(stream)) => stream,
        Ok(Err(error)) => {
            checks.push(failed(Step::Connect, started, format!("{address}: {}", error.kind())));
            return Ok(diagnosis(checks, None));
        }
        Err(_) => {
            checks.push(failed(Step::Connect, started, format!("{address}: no answer")));
            return Ok(diagnosis(checks, None));
        }
    };
    checks.push(passed(Step::Connect, started, address.to_string()));

    if url.scheme() == "https" {
        let started = Instant::now();
        match handshake(stream, &host).await {
            Ok(()) => checks.push(passed(Step::Tls, started, String::new())),
            Err(reason) => {
                checks.push(failed(Step::Tls, started, reason));
                return Ok(diagnosis(checks, None));
            }
        }
    } else {
        drop(stream);
        checks.push(Check { step: Step::Tls, outcome: Outcome::Skipped, millis: 0, detail: "http".into() });
    }

    let started = Instant::now();
    match client.time().await {
        Ok(time) => {
            let elapsed = started.elapsed();
            // The portal read its clock about halfway through the exchange.
            let local_ms = now_ms() - elapsed.as_millis() as i64 / 2;
            checks.push(passed(Step::Http, started, "GET /api/time".into()));
            Ok(diagnosis(checks, Some(time.unix_ms as i64 - local_ms)))
        }
        Err(error) => {
            let code = serde_json::to_value(error.code()).unwrap_or_default();
            checks.push(failed(
                Step::Http,
                started,
                format!("GET /api/time: {}", code.as_str().unwrap_or_default()),
            ));
            Ok(diagnosis(checks, None))
        }
    }
}

/// A TLS handshake with the web's roots, as the app's client makes it; its failure in words.
async fn handshake(stream: tokio::net::TcpStream, host: &str) -> Result<(), String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| error.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|error| error.to_string())?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    match tokio::time::timeout(STEP_TIMEOUT, connector.connect(name, stream)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err("no answer".into()),
    }
}

/// The steps not reached, marked skipped, so a diagnosis always lists all four.
fn with_skipped(mut checks: Vec<Check>) -> Vec<Check> {
    for step in [Step::NameLookup, Step::Connect, Step::Tls, Step::Http] {
        if !checks.iter().any(|check| check.step == step) {
            checks.push(Check { step, outcome: Outcome::Skipped, millis: 0, detail: String::new() });
        }
    }
    checks
}

fn passed(step: Step, started: Instant, detail: String) -> Check {
    Check { step, outcome: Outcome::Passed, millis: started.elapsed().as_millis() as u64, detail }
}

fn failed(step: Step, started: Instant, detail: String) -> Check {
    Check { step, outcome: Outcome::Failed, millis: started.elapsed().as_millis() as u64, detail }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as i64)
}
