//! Slowing guessers down without locking members out (SECURITY.md, "Throttling").
//!
//! Two brakes before any guess is judged, both in memory:
//! - **per address**: every guessing request (password, code, birth date, mailed code) from one
//!   address (an IPv6 /64 counts as one) draws on a budget of [`Settings::attempts_per_minute`]
//!   (governor's GCRA); past it the request is refused without being judged;
//! - **per user ID** (whether or not an account has it, so the brake tells nothing): after
//!   [`Settings::free_failures`] wrong passwords or codes, each further one waits a delay that
//!   doubles with every failure, up to [`Settings::max_delay`]. Addresses this user ID logged in
//!   from (password and code) are exempt, so the member's own logins go on while an attacker
//!   elsewhere waits.
//!
//! The hard lock in the database stays (`failed_attempts`, [`crate::lockout::count_failure`]); the
//! brakes make reaching it take a day instead of seconds.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use kenpo_api::ErrorCode;

use crate::error::PortalError;

/// User IDs with failures remembered at once; past it the oldest is forgotten. Each entry is
/// at most a 64-character ID and a few numbers, so this is a few megabytes at most.
pub const MAX_TRACKED_USER_IDS: usize = 100_000;
/// Addresses remembered at once by the per-address budget; past it (after forgetting the ones
/// whose budget is full again) guessing requests are answered `busy`.
pub const MAX_TRACKED_ADDRESSES: usize = 100_000;
/// Addresses remembered per user ID as the member's own.
const KNOWN_ADDRESSES_PER_USER_ID: usize = 4;
/// A user ID's failures are forgotten this long after the last one.
const REMEMBER_FAILURES: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Debug, Clone)]
pub struct Settings {
    pub attempts_per_minute: u32,
    pub free_failures: u32,
    pub first_delay: Duration,
    pub max_delay: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            attempts_per_minute: 30,
            free_failures: 3,
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(15 * 60),
        }
    }
}

impl Settings {
    /// No brakes at all: for tests of the hard lock alone.
    pub fn off() -> Self {
        Self { attempts_per_minute: u32::MAX, free_failures: u32::MAX, ..Self::default() }
    }

    /// How long a password waits after `failures` consecutive wrong ones.
    pub fn delay_after(&self, failures: u32) -> Duration {
        let Some(doublings) = failures.checked_sub(self.free_failures) else {
            return Duration::ZERO;
        };
        let factor = 1u32.checked_shl(doublings.min(31)).unwrap_or(u32::MAX);
        self.first_delay.saturating_mul(factor).min(self.max_delay)
    }
}

pub struct Throttle {
    settings: Settings,
    addresses: DefaultKeyedRateLimiter<IpAddr>,
    user_ids: Mutex<UserIds>,
}

#[derive(Default)]
struct UserIds {
    failures: HashMap<String, Failures>,
    known: HashMap<String, Vec<IpAddr>>,
}

struct Failures {
    count: u32,
    last: Instant,
}

impl Throttle {
    pub fn new(settings: Settings) -> Self {
        let per_minute = NonZeroU32::new(settings.attempts_per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            addresses: RateLimiter::hashmap(Quota::per_minute(per_minute)),
            settings,
            user_ids: Mutex::default(),
        }
    }

    /// One guessing request from `address`: refused `too-many-attempts` past the address's
    /// budget, `busy` if too many addresses are remembered.
    pub fn address(&self, address: IpAddr) -> Result<(), PortalError> {
        if self.settings.attempts_per_minute == u32::MAX {
            return Ok(());
        }
        if self.addresses.len() >= MAX_TRACKED_ADDRESSES {
            self.addresses.retain_recent();
            if self.addresses.len() >= MAX_TRACKED_ADDRESSES {
                return Err(ErrorCode::Busy.into());
            }
        }
        self.addresses.check_key(&network_of(address)).map_err(|_| ErrorCode::TooManyAttempts.into())
    }

    /// Before a password or code for `user_id` (normalised) from `address` is judged: refused
    /// while the user ID's delay runs, else charged as a failure at once, so guesses sent
    /// together cannot all pass before the first is judged. [`Throttle::refund`] takes the
    /// charge back when the guess was right.
    pub fn charge(&self, user_id: &str, address: IpAddr, now: Instant) -> Result<(), PortalError> {
        let mut user_ids = self.user_ids.lock().expect("the throttle's lock is never poisoned");
        let exempt = user_ids.known.get(user_id).is_some_and(|known| known.contains(&address));
        let failures = &mut user_ids.failures;
        // A zero delay refuses nothing, whatever the order in which concurrent guesses took
        // `now` and the lock (a later guess charged first is no reason to refuse an earlier one).
        if let Some(entry) = failures.get(user_id)
            && now.saturating_duration_since(entry.last) < REMEMBER_FAILURES
            && let delay = self.settings.delay_after(entry.count)
            && !delay.is_zero()
            && now < entry.last + delay
            && !exempt
        {
            return Err(ErrorCode::TooManyAttempts.into());
        }
        if !failures.contains_key(user_id) && failures.len() >= MAX_TRACKED_USER_IDS {
            failures.retain(|_, failure| now.saturating_duration_since(failure.last) < REMEMBER_FAILURES);
            if failures.len() >= MAX_TRACKED_USER_IDS
                && let Some(oldest) =
                    failures.iter().min_by_key(|(_, failure)| failure.last).map(|(id, _)| id.clone())
            {
                failures.remove(&oldest);
            }
        }
        let entry = failures.entry(user_id.to_owned()).or_insert(Failures { count: 0, last: now });
        if now.saturating_duration_since(entry.last) >= REMEMBER_FAILURES {
            entry.count = 0;
        }
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
        Ok(())
    }

    /// The guess charged for `user_id` was right.
    pub fn refund(&self, user_id: &str) {
        let mut user_ids = self.user_ids.lock().expect("the throttle's lock is never poisoned");
        if let Some(entry) = user_ids.failures.get_mut(user_id) {
            entry.count = entry.count.saturating_sub(1);
        }
    }

    /// `user_id` logged in from `address` (password and code): the member's own from now on.
    pub fn logged_in(&self, user_id: &str, address: IpAddr) {
        let mut user_ids = self.user_ids.lock().expect("the throttle's lock is never poisoned");
        let known = user_ids.known.entry(user_id.to_owned()).or_default();
        if !known.contains(&address) {
            if known.len() == KNOWN_ADDRESSES_PER_USER_ID {
                known.remove(0);
            }
            known.push(address);
        }
    }
}

/// The unit one subscriber holds: an IPv4 address, or an IPv6 /64.
fn network_of(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATTACKER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(203, 0, 113, 7));
    const MEMBER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 1));

    #[test]
    fn delays_double_after_the_free_failures_up_to_the_cap() {
        let settings = Settings::default();
        let delays: Vec<u64> = (0..20).map(|n| settings.delay_after(n).as_secs()).collect();
        assert_eq!(&delays[..8], &[0, 0, 0, 1, 2, 4, 8, 16]);
        assert_eq!(delays[13], 900, "capped at 15 minutes");
        assert_eq!(settings.delay_after(u32::MAX), Duration::from_secs(900), "no overflow");
        assert_eq!(Settings::off().delay_after(u32::MAX - 1), Duration::ZERO);
    }

    #[test]
    fn a_user_id_waits_after_failures_but_its_members_own_address_does_not() {
        let throttle = Throttle::new(Settings::default());
        let start = Instant::now();
        throttle.logged_in("tanaka.taro", MEMBER);
        for _ in 0..3 {
            throttle.charge("tanaka.taro", ATTACKER, start).unwrap();
        }
        let refused = throttle.charge("tanaka.taro", ATTACKER, start).unwrap_err();
        assert!(matches!(refused, PortalError::Refused(ErrorCode::TooManyAttempts)));
        throttle.charge("tanaka.taro", MEMBER, start).expect("the member's own address is exempt");
        throttle.refund("tanaka.taro");
        throttle.charge("nobody.else", ATTACKER, start).expect("other user IDs are not slowed");
        let second = start + Duration::from_secs(1);
        throttle.charge("tanaka.taro", ATTACKER, second).expect("after the first delay");
        assert!(throttle.charge("tanaka.taro", ATTACKER, second + Duration::from_millis(1999)).is_err());
        throttle.charge("tanaka.taro", ATTACKER, second + Duration::from_secs(2)).expect("the delay doubled");
        // Failures are forgotten a day after the last one.
        let later = second + Duration::from_secs(2) + REMEMBER_FAILURES;
        throttle.charge("tanaka.taro", ATTACKER, later).expect("counting starts again");
    }

    /// Two guesses at once: the one that read the clock first may take the lock second. Within
    /// the free failures neither waits (a race once answered the earlier `too-many-attempts`).
    #[test]
    fn guesses_within_the_free_failures_never_wait_whatever_order_they_lock_in() {
        let throttle = Throttle::new(Settings::default());
        let earlier = Instant::now();
        let later = earlier + Duration::from_millis(5);
        throttle.charge("yamada.taro", MEMBER, later).unwrap();
        throttle.charge("yamada.taro", ATTACKER, earlier).unwrap();
    }

    #[test]
    fn a_right_guess_takes_its_charge_back() {
        let throttle = Throttle::new(Settings::default());
        let now = Instant::now();
        for _ in 0..10 {
            throttle.charge("tanaka.taro", MEMBER, now).unwrap();
            throttle.refund("tanaka.taro");
        }
        throttle.charge("tanaka.taro", MEMBER, now).expect("right guesses are never braked");
    }

    #[test]
    fn an_address_has_a_budget_a_minute_and_an_ipv6_64_is_one_address() {
        let throttle = Throttle::new(Settings { attempts_per_minute: 5, ..Settings::default() });
        for _ in 0..5 {
            throttle.address(ATTACKER).unwrap();
        }
        assert!(matches!(throttle.address(ATTACKER), Err(PortalError::Refused(ErrorCode::TooManyAttempts))));
        throttle.address(MEMBER).expect("another address has its own budget");
        for host in 0..5u16 {
            throttle.address(IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 0, 0, 0, host))).unwrap();
        }
        let same_64 = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 9, 9, 9, 9));
        assert!(throttle.address(same_64).is_err(), "rotating within a /64 does not buy a new budget");
    }

    #[test]
    fn remembered_user_ids_are_bounded() {
        let throttle = Throttle::new(Settings::default());
        let now = Instant::now();
        for n in 0..MAX_TRACKED_USER_IDS + 10 {
            throttle.charge(&format!("user{n}"), ATTACKER, now + Duration::from_nanos(n as u64)).unwrap();
        }
        let user_ids = throttle.user_ids.lock().unwrap();
        assert_eq!(user_ids.failures.len(), MAX_TRACKED_USER_IDS);
        assert!(!user_ids.failures.contains_key("user0"), "the oldest is forgotten first");
    }
}
