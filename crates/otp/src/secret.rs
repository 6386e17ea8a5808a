use std::fmt;

use data_encoding::BASE32_NOPAD;
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::OtpError;

/// 80-bit secrets (16 Base32 characters) are common in the wild and accepted...
const MIN_BITS: usize = 80;
/// ...though RFC 4226 asks for 128 bits; below that a secret is marked weak.
const STRONG_BITS: usize = 128;

/// A shared TOTP/HOTP key. Its `Debug` is redacted; it is wiped from memory when dropped.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, OtpError> {
        if bytes.is_empty() {
            return Err(OtpError::EmptySecret);
        }
        if bytes.len() * 8 < MIN_BITS {
            return Err(OtpError::SecretTooShort);
        }
        Ok(Self(bytes))
    }

    /// Decodes a Base32 secret as members type or paste it: full-width characters (NFKC),
    /// lower case, spaces, hyphens and `=` padding are accepted.
    pub fn from_base32(text: &str) -> Result<Self, OtpError> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            text.nfkc()
                .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '='))
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        if cleaned.is_empty() {
            return Err(OtpError::EmptySecret);
        }
        let bytes = BASE32_NOPAD.decode(cleaned.as_bytes()).map_err(|_| OtpError::SecretNotBase32)?;
        Self::from_bytes(bytes)
    }

    pub fn to_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(BASE32_NOPAD.encode(&self.0))
    }

    pub fn bits(&self) -> usize {
        self.0.len() * 8
    }

    pub fn is_weak(&self) -> bool {
        self.bits() < STRONG_BITS
    }

    pub(crate) fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lower_case_spaces_hyphens_and_padding() {
        let plain = Secret::from_base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").unwrap();
        for typed in [
            "jbswy3dpehpk3pxpjbswy3dpehpk3pxp",
            "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP",
            "JBSW-Y3DP-EHPK-3PXP-JBSW-Y3DP-EHPK-3PXP",
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP====",
        ] {
            assert_eq!(Secret::from_base32(typed).unwrap(), plain, "{typed}");
        }
    }

    #[test]
    fn accepts_full_width_input_and_ideographic_spaces() {
        let plain = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(
            Secret::from_base32("ＪＢＳＷ\u{3000}Ｙ３ＤＰ\u{3000}ＥＨＰＫ\u{3000}３ＰＸＰ").unwrap(),
            plain
        );
        assert_eq!(Secret::from_base32("ｊｂｓｗｙ３ｄｐｅｈｐｋ３ｐｘｐ").unwrap(), plain);
    }

    #[test]
    fn eighty_bit_secrets_are_accepted_and_marked_weak() {
        assert!(Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap().is_weak());
        assert!(!Secret::from_base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").unwrap().is_weak());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        let printed = format!("{secret:?}");
        assert!(!printed.contains("JBSW"));
        assert!(!printed.contains("72"), "no raw bytes either: {printed}");
    }

    #[test]
    fn refuses_empty_short_and_non_base32_secrets() {
        assert_eq!(Secret::from_base32(" "), Err(OtpError::EmptySecret));
        assert_eq!(Secret::from_base32("JBSWY3DP"), Err(OtpError::SecretTooShort));
        assert_eq!(Secret::from_base32("JBSWY3DPEHPK3PX1"), Err(OtpError::SecretNotBase32));
    }
}
