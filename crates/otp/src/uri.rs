//! `otpauth://` enrollment URIs (Google's Key Uri Format), read as leniently as real services
//! write them and written canonically.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use url::form_urlencoded;
use zeroize::Zeroizing;

use crate::{Account, Algorithm, Kind, OtpError, Secret, Totp};

/// Characters left as they are in labels and parameter values; everything else is
/// percent-encoded (so Japanese issuers travel as UTF-8 escapes).
const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'@');

/// An enrollment: the account's metadata and its secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Enrollment {
    pub account: Account,
    pub secret: Secret,
}

impl Enrollment {
    /// Parses an `otpauth://totp/...` or `otpauth://hotp/...` URI.
    ///
    /// When the label's `Issuer:` prefix and the `issuer=` parameter disagree, the parameter
    /// wins (the key-URI format recommends it, and it is the newer field) and the label's issuer
    /// is kept in [`Account::label_issuer`]; this is reported as a warning, never an error.
    pub fn parse(uri: &str) -> Result<Self, OtpError> {
        // Split by hand rather than as a URL: URL parsing would resolve a label of "." or ".."
        // as a path segment and lose it.
        let uri = uri.trim();
        let rest = uri
            .split_once("://")
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("otpauth"))
            .map(|(_, rest)| rest)
            .ok_or(OtpError::NotOtpauth)?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (kind, label) = path.split_once('/').unwrap_or((path, ""));
        let kind = kind.to_ascii_lowercase();
        if kind != "totp" && kind != "hotp" {
            return Err(OtpError::UnsupportedKind(kind));
        }
        // Split before decoding: the separator is the first literal `:` (or, with none, the
        // first `%3A`), so a colon encoded inside the issuer or the name stays theirs.
        let separator = label.find(':').map(|at| (at, 1)).or_else(|| {
            label.as_bytes().windows(3).position(|three| three.eq_ignore_ascii_case(b"%3a")).map(|at| (at, 3))
        });
        let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().trim().to_owned();
        let (label_issuer, name) = match separator {
            Some((at, width)) => (Some(decode(&label[..at])), decode(&label[at + width..])),
            None => (None, decode(label)),
        };

        let mut secret = None;
        let mut issuer_parameter = None;
        let (mut algorithm, mut digits, mut period, mut counter) = (Algorithm::Sha1, 6, 30, 0);
        for (key, value) in form_urlencoded::parse(query.split('#').next().unwrap_or_default().as_bytes()) {
            match key.to_ascii_lowercase().as_str() {
                "secret" => secret = Some(Secret::from_base32(&Zeroizing::new(value.into_owned()))?),
                "issuer" => issuer_parameter = Some(value.trim().to_owned()),
                "algorithm" => algorithm = Algorithm::parse(value.trim())?,
                "digits" => digits = value.trim().parse().map_err(|_| OtpError::BadDigits)?,
                "period" => period = value.trim().parse().map_err(|_| OtpError::BadPeriod)?,
                "counter" => counter = value.trim().parse().map_err(|_| OtpError::BadCounter)?,
                _ => {}
            }
        }
        let non_empty = |text: Option<String>| text.filter(|text| !text.is_empty());
        let (issuer_parameter, label_issuer) = (non_empty(issuer_parameter), non_empty(label_issuer));
        let (issuer, label_issuer) = match issuer_parameter {
            Some(parameter) => {
                let conflicting = label_issuer.filter(|label| *label != parameter);
                (Some(parameter), conflicting)
            }
            None => (label_issuer, None),
        };
        let kind = if kind == "totp" { Kind::Totp { period } } else { Kind::Hotp { counter } };
        let account = Account { issuer, label_issuer, name, algorithm, digits, kind };
        account.validate()?;
        Ok(Self { account, secret: secret.ok_or(OtpError::MissingSecret)? })
    }

    /// Writes the enrollment URI. It holds the secret, so it is returned zeroizing.
    pub fn to_uri(&self) -> Zeroizing<String> {
        let account = &self.account;
        let encode = |text: &str| utf8_percent_encode(text, KEEP).to_string();
        let label = match &account.issuer {
            Some(issuer) => format!("{}:{}", encode(issuer), encode(&account.name)),
            // A name with a colon gets an empty issuer before it, or its encoded colon would be
            // read as the separator.
            None if account.name.contains(':') => format!(":{}", encode(&account.name)),
            None => encode(&account.name),
        };
        let (kind, extra) = match account.kind {
            Kind::Totp { period } => ("totp", format!("period={period}")),
            Kind::Hotp { counter } => ("hotp", format!("counter={counter}")),
        };
        let mut uri = format!("otpauth://{kind}/{label}?secret={}", self.secret.to_base32().as_str());
        if let Some(issuer) = &account.issuer {
            uri.push_str(&format!("&issuer={}", encode(issuer)));
        }
        uri.push_str(&format!("&algorithm={}&digits={}&{extra}", account.algorithm.name(), account.digits));
        Zeroizing::new(uri)
    }

    /// A standard TOTP enrollment (SHA1, 6 digits, 30 s), as the portal issues.
    pub fn standard(issuer: Option<String>, name: String, secret: Secret) -> Self {
        Self { account: Account::standard_totp(issuer, name), secret }
    }

    /// The time-based parameters, if this is a TOTP enrollment.
    pub fn totp(&self) -> Option<Totp> {
        self.account.totp()
    }
}

impl fmt::Debug for Enrollment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Enrollment").field("account", &self.account).field("secret", &self.secret).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Warning;

    const SECRET: &str = "JBSWY3DPEHPK3PXP";

    fn parse(uri: &str) -> Enrollment {
        Enrollment::parse(uri).unwrap_or_else(|error| panic!("{uri}: {error}"))
    }

    #[test]
    fn reads_a_japanese_issuer_and_writes_it_back() {
        let uri = format!(
            "otpauth://totp/%E5%81%A5%E4%BF%9D:taro.yamada?secret={SECRET}&issuer=%E5%81%A5%E4%BF%9D"
        );
        let enrollment = parse(&uri);
        assert_eq!(enrollment.account.issuer.as_deref(), Some("健保"));
        assert_eq!(enrollment.account.name, "taro.yamada");
        assert_eq!(enrollment.account.label_issuer, None);
        assert_eq!(parse(&enrollment.to_uri()), enrollment);
    }

    #[test]
    fn issuer_parameter_wins_over_the_label_prefix_and_both_are_kept() {
        let enrollment = parse(&format!("otpauth://totp/Old:me@example.jp?secret={SECRET}&issuer=New"));
        assert_eq!(enrollment.account.issuer.as_deref(), Some("New"));
        assert_eq!(enrollment.account.label_issuer.as_deref(), Some("Old"));
        assert_eq!(enrollment.account.name, "me@example.jp");
        assert!(
            enrollment
                .account
                .warnings(&enrollment.secret)
                .contains(&Warning::IssuerConflict { label: "Old".into(), parameter: "New".into() })
        );
    }

    #[test]
    fn a_colon_inside_the_issuer_or_the_name_survives_writing_and_reading() {
        // Found by fuzzing (fuzz/seeds/otpauth_uri/issuer-with-colon): the label was decoded
        // before it was split, so an encoded colon in the issuer moved into the name.
        let uri = format!("otpauth://totp/a:b?secret={SECRET}&issuer=Acme%3A%20Japan");
        let enrollment = Enrollment::parse(&uri).unwrap();
        assert_eq!(
            (enrollment.account.issuer.as_deref(), enrollment.account.name.as_str()),
            (Some("Acme: Japan"), "b")
        );
        let again = Enrollment::parse(&enrollment.to_uri()).unwrap();
        assert_eq!(
            (again.account.issuer, again.account.name),
            (enrollment.account.issuer, enrollment.account.name)
        );
        let encoded = Enrollment::parse(&format!("otpauth://totp/Example%3Aalice?secret={SECRET}")).unwrap();
        assert_eq!(
            (encoded.account.issuer.as_deref(), encoded.account.name.as_str()),
            (Some("Example"), "alice")
        );
        let named =
            Enrollment::parse(&format!("otpauth://totp/Example:alice%3Ahome?secret={SECRET}")).unwrap();
        assert_eq!(named.account.name, "alice:home");
    }

    #[test]
    fn label_issuer_alone_or_no_issuer_at_all() {
        assert_eq!(
            parse(&format!("otpauth://totp/ACME:me?secret={SECRET}")).account.issuer.as_deref(),
            Some("ACME")
        );
        let bare = parse(&format!("otpauth://totp/me?secret={SECRET}"));
        assert_eq!((bare.account.issuer, bare.account.name.as_str()), (None, "me"));
    }

    #[test]
    fn reads_every_parameter_in_any_case() {
        let enrollment =
            parse(&format!("otpauth://TOTP/x:y?secret={SECRET}&algorithm=sha256&digits=8&period=60"));
        assert_eq!(enrollment.account.algorithm, Algorithm::Sha256);
        assert_eq!(enrollment.account.digits, 8);
        assert_eq!(enrollment.account.kind, Kind::Totp { period: 60 });
        let hotp = parse(&format!("otpauth://hotp/x:y?secret={SECRET}&counter=42&algorithm=SHA512"));
        assert_eq!(hotp.account.kind, Kind::Hotp { counter: 42 });
        assert_eq!(parse(&hotp.to_uri()), hotp);
    }

    #[test]
    fn refuses_what_cannot_work_without_echoing_the_secret() {
        let cases = [
            (format!("https://apps.apple.com/app/id983156458?secret={SECRET}"), OtpError::NotOtpauth),
            (format!("otpauth://steam/x?secret={SECRET}"), OtpError::UnsupportedKind("steam".into())),
            ("otpauth://totp/x?issuer=A".to_owned(), OtpError::MissingSecret),
            ("otpauth://totp/x?secret=".to_owned(), OtpError::EmptySecret),
            ("otpauth://totp/x?secret=JBSWY3DPEHPK3PX1".to_owned(), OtpError::SecretNotBase32),
            (format!("otpauth://totp/x?secret={SECRET}&digits=5"), OtpError::BadDigits),
            (format!("otpauth://totp/x?secret={SECRET}&digits=9"), OtpError::BadDigits),
            (format!("otpauth://totp/x?secret={SECRET}&period=0"), OtpError::BadPeriod),
            (format!("otpauth://totp/x?secret={SECRET}&period=86400"), OtpError::BadPeriod),
            (
                format!("otpauth://totp/x?secret={SECRET}&algorithm=MD5"),
                OtpError::UnknownAlgorithm("MD5".into()),
            ),
        ];
        for (uri, expected) in cases {
            let error = Enrollment::parse(&uri).unwrap_err();
            assert_eq!(error, expected, "{uri}");
            assert!(!error.to_string().contains("JBSWY3DP"), "{error}");
        }
    }
}
