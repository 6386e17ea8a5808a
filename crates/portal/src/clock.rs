//! The server's clock, by which codes, sessions and limits are judged, and the time as the
//! society's staff and members read it (Japan time).

use std::sync::atomic::{AtomicI64, Ordering};

/// How far the portal's clock runs off the machine's, in milliseconds: zero but in the
/// `clock-skew` scenario of the demo sandbox.
static OFF_BY_MS: AtomicI64 = AtomicI64::new(0);

/// Makes the portal's clock run `seconds` off the machine's (the `clock-skew` scenario: a
/// member's phone then looks that far off the other way).
pub fn run_off_by(seconds: i64) {
    OFF_BY_MS.store(seconds.saturating_mul(1000), Ordering::Relaxed);
}

/// How long before `wait_until`'s time tokio's timer hands over to a blocking thread's sleep.
const COARSE_MARGIN: std::time::Duration = std::time::Duration::from_millis(3);

/// Waits until `due`, to within the kernel's timer slack (50 µs), for answers that must not
/// tell by their time what was done before them (SECURITY.md, "Enumeration"). tokio's timer
/// alone fires on millisecond ticks, and when it fires depends on when its thread went to
/// sleep: the time the work before took shows through as which tick answers (seen as two
/// peaks, 6.1 and 6.8 ms, split unevenly between known and unknown user IDs). So it sleeps only
/// to within [`COARSE_MARGIN`] of `due`, and a blocking thread, whose sleep ends on time, sleeps
/// the rest. The blocking threads this holds are bounded by the requests the portal takes at
/// once.
pub async fn wait_until(due: tokio::time::Instant) {
    if let Some(coarse) = due.checked_sub(COARSE_MARGIN) {
        tokio::time::sleep_until(coarse).await;
    }
    let rest = due.saturating_duration_since(tokio::time::Instant::now());
    if !rest.is_zero() {
        tokio::task::spawn_blocking(move || std::thread::sleep(rest)).await.ok();
    }
}

/// Seconds since the Unix epoch by the server's clock: the clock codes are judged by.
pub fn now() -> u64 {
    now_ms() / 1000
}

/// The same clock in milliseconds, as `GET /api/time` tells it.
pub fn now_ms() -> u64 {
    let machine = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis() as u64;
    machine.saturating_add_signed(OFF_BY_MS.load(Ordering::Relaxed))
}

/// Today's date by the server's clock in Japan, as YYYYMMDD: no birth date may be after it.
pub fn today() -> String {
    kenpo_api::rules::japan_date(now())
}

/// A Unix time as the society's staff and members read it: Japan time.
pub fn japan_time(unix: i64) -> String {
    let offset = time::UtcOffset::from_hms(9, 0, 0).expect("+09:00 is a valid offset");
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] JST");
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|at| at.to_offset(offset).format(&format).unwrap_or_else(|_| unix.to_string()))
        .unwrap_or_else(|_| unix.to_string())
}

/// The day a YYYYMMDD text names, if it exists.
pub fn calendar_day(yyyymmdd: &str) -> Option<time::Date> {
    if yyyymmdd.len() != 8 || !yyyymmdd.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month = time::Month::try_from(yyyymmdd[4..6].parse::<u8>().ok()?).ok()?;
    time::Date::from_calendar_date(yyyymmdd[..4].parse().ok()?, month, yyyymmdd[6..].parse().ok()?).ok()
}
