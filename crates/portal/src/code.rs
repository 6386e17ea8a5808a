//! Short codes sent by mail (email confirmation [2-7], password reset [FAQ Q2]): random digits,
//! kept only as SHA-256, compared in constant time.

use rand::Rng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// `digits` random decimal digits.
pub fn random_digits(digits: usize) -> Zeroizing<String> {
    let mut rng = rand::rngs::OsRng;
    Zeroizing::new((0..digits).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect())
}

/// A fresh code and the hash to store.
pub fn new(digits: usize) -> (Zeroizing<String>, Vec<u8>) {
    let code = random_digits(digits);
    let hash = digest(&code);
    (code, hash)
}

pub fn digest(code: &str) -> Vec<u8> {
    Sha256::digest(code.as_bytes()).to_vec()
}

/// The code as typed, if it has the shape of a code: `digits` half-width digits after trimming
/// (full-width digits are read as half-width).
pub fn well_formed(given: &str, digits: usize) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let given: String = given.nfkc().collect::<String>().trim().to_owned();
    (given.len() == digits && given.bytes().all(|b| b.is_ascii_digit())).then_some(given)
}

pub fn matches(given: &str, stored: &[u8]) -> bool {
    bool::from(Sha256::digest(given.as_bytes()).as_slice().ct_eq(stored))
}

/// Whether `given` is the code stored as `hash` and it has not expired by `now`: the check of
/// every code sent by mail.
pub fn is_live(given: &str, hash: Option<&[u8]>, expires_at: Option<i64>, now: i64) -> bool {
    let fresh = expires_at.is_some_and(|expires| expires >= now);
    fresh && hash.is_some_and(|stored| matches(given, stored))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_code_matches_its_own_hash_only_and_full_width_digits_are_read() {
        let (code, hash) = super::new(8);
        assert_eq!(code.len(), 8);
        assert!(super::matches(&code, &hash));
        assert!(!super::matches("00000000", &super::digest("00000001")));
        assert_eq!(super::well_formed(" １２３４５６ ", 6).as_deref(), Some("123456"));
        assert_eq!(super::well_formed("12345", 6), None);
        assert_eq!(super::well_formed("12345a", 6), None);
    }
}
