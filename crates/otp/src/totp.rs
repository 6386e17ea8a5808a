use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

use crate::{OtpError, Secret};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "UPPERCASE"))]
pub enum Algorithm {
    #[default]
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    pub fn parse(name: &str) -> Result<Self, OtpError> {
        match name.to_ascii_uppercase().as_str() {
            "SHA1" => Ok(Self::Sha1),
            "SHA256" => Ok(Self::Sha256),
            "SHA512" => Ok(Self::Sha512),
            _ => Err(OtpError::UnknownAlgorithm(name.to_owned())),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }

    fn mac(self, key: &[u8], message: &[u8]) -> Vec<u8> {
        fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
            let mut mac =
                <M as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }
        match self {
            Self::Sha1 => run::<Hmac<sha1::Sha1>>(key, message),
            Self::Sha256 => run::<Hmac<sha2::Sha256>>(key, message),
            Self::Sha512 => run::<Hmac<sha2::Sha512>>(key, message),
        }
    }
}

/// A one-time password as shown to a member: zero-padded decimal digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code(pub String);

/// The parameters of a time-based one-time password (RFC 6238).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totp {
    pub algorithm: Algorithm,
    pub digits: u32,
    pub period: u64,
}

impl Default for Totp {
    fn default() -> Self {
        Self { algorithm: Algorithm::Sha1, digits: 6, period: 30 }
    }
}

impl Totp {
    pub fn new(algorithm: Algorithm, digits: u32, period: u64) -> Result<Self, OtpError> {
        if !(6..=8).contains(&digits) {
            return Err(OtpError::BadDigits);
        }
        if !(1..=3600).contains(&period) {
            return Err(OtpError::BadPeriod);
        }
        Ok(Self { algorithm, digits, period })
    }

    /// The time step that `unix_time` falls in.
    pub fn step(&self, unix_time: u64) -> u64 {
        unix_time / self.period
    }

    /// Seconds until the code shown at `unix_time` changes.
    pub fn seconds_left(&self, unix_time: u64) -> u64 {
        self.period - unix_time % self.period
    }

    pub fn code_at(&self, secret: &Secret, unix_time: u64) -> Code {
        self.code_for_step(secret, self.step(unix_time))
    }

    /// The code of time step `step` (TOTP is HOTP of the step number).
    pub fn code_for_step(&self, secret: &Secret, step: u64) -> Code {
        hotp(self.algorithm, self.digits, secret, step)
    }

    /// Finds the step offset, within `-window..=window` of `unix_time`'s step, whose code equals
    /// `code`; the one nearest the current step if several do. Every candidate is compared in
    /// constant time so timing does not reveal which digits were right.
    pub fn verify(&self, secret: &Secret, code: &str, unix_time: u64, window: u64) -> Option<i64> {
        let now = self.step(unix_time);
        let window = window as i64;
        let mut found: Option<i64> = None;
        for offset in -window..=window {
            let Some(step) = now.checked_add_signed(offset) else { continue };
            if codes_equal(&self.code_for_step(secret, step), code)
                && found.is_none_or(|best| offset.unsigned_abs() < best.unsigned_abs())
            {
                found = Some(offset);
            }
        }
        found
    }
}

/// Finds how far ahead of `counter`, within `look_ahead`, the HOTP `code` is (RFC 4226's
/// resynchronisation window), comparing every candidate in constant time.
pub fn verify_hotp(
    algorithm: Algorithm,
    digits: u32,
    secret: &Secret,
    code: &str,
    counter: u64,
    look_ahead: u64,
) -> Option<u64> {
    let mut found = None;
    for ahead in 0..=look_ahead {
        let Some(candidate) = counter.checked_add(ahead) else { break };
        if codes_equal(&hotp(algorithm, digits, secret, candidate), code) && found.is_none() {
            found = Some(ahead);
        }
    }
    found
}

fn codes_equal(expected: &Code, given: &str) -> bool {
    expected.0.as_bytes().ct_eq(given.as_bytes()).into()
}

/// HOTP (RFC 4226): the `digits`-digit code of `counter`.
pub fn hotp(algorithm: Algorithm, digits: u32, secret: &Secret, counter: u64) -> Code {
    let mac = algorithm.mac(secret.expose(), &counter.to_be_bytes());
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    let binary =
        u32::from_be_bytes([mac[offset], mac[offset + 1], mac[offset + 2], mac[offset + 3]]) & 0x7fff_ffff;
    let value = u64::from(binary) % 10u64.pow(digits);
    Code(format!("{value:0width$}", width = digits as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc_seed(len: usize) -> Secret {
        Secret::from_bytes(b"1234567890".iter().cycle().take(len).copied().collect()).unwrap()
    }

    #[test]
    fn matches_rfc_6238_appendix_b() {
        let table: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        for (time, sha1, sha256, sha512) in table {
            for (algorithm, len, expected) in [
                (Algorithm::Sha1, 20, sha1),
                (Algorithm::Sha256, 32, sha256),
                (Algorithm::Sha512, 64, sha512),
            ] {
                let totp = Totp::new(algorithm, 8, 30).unwrap();
                assert_eq!(totp.code_at(&rfc_seed(len), time).0, expected, "{algorithm:?} at {time}");
            }
        }
    }

    #[test]
    fn matches_rfc_4226_appendix_d() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
            "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp(Algorithm::Sha1, 6, &rfc_seed(20), counter as u64).0, *code);
        }
    }

    #[test]
    fn verify_reports_the_step_offset_and_nothing_beyond_the_window() {
        let totp = Totp::default();
        let secret = rfc_seed(20);
        let now = 1_700_000_000;
        let older = totp.code_at(&secret, now - 30).0;
        assert_eq!(totp.verify(&secret, &older, now, 1), Some(-1));
        assert_eq!(totp.verify(&secret, &totp.code_at(&secret, now).0, now, 1), Some(0));
        assert_eq!(totp.verify(&secret, &totp.code_at(&secret, now + 30).0, now, 1), Some(1));
        assert_eq!(totp.verify(&secret, &totp.code_at(&secret, now - 60).0, now, 1), None);
        assert_eq!(totp.verify(&secret, "12345a", now, 1), None);
    }

    #[test]
    fn hotp_verification_looks_ahead_of_the_counter_only() {
        let secret = rfc_seed(20);
        let code = |counter| hotp(Algorithm::Sha1, 6, &secret, counter).0;
        assert_eq!(verify_hotp(Algorithm::Sha1, 6, &secret, &code(5), 3, 2), Some(2));
        assert_eq!(verify_hotp(Algorithm::Sha1, 6, &secret, &code(6), 3, 2), None);
        assert_eq!(verify_hotp(Algorithm::Sha1, 6, &secret, &code(2), 3, 2), None);
    }

    #[test]
    fn seconds_left_counts_down_to_the_next_step() {
        let totp = Totp::default();
        assert_eq!(totp.seconds_left(60), 30);
        assert_eq!(totp.seconds_left(89), 1);
    }

    #[test]
    fn refuses_digits_and_periods_out_of_range() {
        assert_eq!(Totp::new(Algorithm::Sha1, 5, 30), Err(OtpError::BadDigits));
        assert_eq!(Totp::new(Algorithm::Sha1, 6, 0), Err(OtpError::BadPeriod));
    }
}
