/// Why an enrollment code or a secret cannot be used. Messages never echo the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OtpError {
    #[error("the secret key is empty")]
    EmptySecret,
    #[error("the secret key has a character that is not Base32 (A-Z, 2-7)")]
    SecretNotBase32,
    #[error("the secret key is shorter than 80 bits")]
    SecretTooShort,
    #[error("not an otpauth:// enrollment code")]
    NotOtpauth,
    #[error("unsupported one-time password kind {0:?} (expected totp or hotp)")]
    UnsupportedKind(String),
    #[error("unknown algorithm {0:?} (expected SHA1, SHA256 or SHA512)")]
    UnknownAlgorithm(String),
    #[error("digits must be 6 to 8")]
    BadDigits,
    #[error("period must be 1 to 3600 seconds")]
    BadPeriod,
    #[error("the enrollment code has no secret")]
    MissingSecret,
    #[error("counter must be a whole number")]
    BadCounter,
    #[error("not a Google Authenticator export (otpauth-migration://offline?data=...)")]
    NotMigration,
    #[error("the Google Authenticator export is damaged: {0}")]
    BadMigration(&'static str),
}
