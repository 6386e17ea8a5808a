use std::fmt;

use url::Url;
use zeroize::Zeroizing;

use crate::{Algorithm, OtpError, Secret, Totp};

/// What an `otpauth://totp/...` enrollment code carries: who the account belongs to, the shared
/// secret and the code parameters.
#[derive(Clone, PartialEq, Eq)]
pub struct Enrollment {
    pub issuer: Option<String>,
    pub account: String,
    pub secret: Secret,
    pub totp: Totp,
}

impl Enrollment {
    /// Parses an enrollment URI. When the label's `Issuer:` prefix and the `issuer=` parameter
    /// disagree, the parameter wins (it is what Google's key-URI format calls authoritative).
    pub fn parse(uri: &str) -> Result<Self, OtpError> {
        let url = Url::parse(uri.trim()).map_err(|_| OtpError::NotOtpauth)?;
        if url.scheme() != "otpauth" {
            return Err(OtpError::NotOtpauth);
        }
        let kind = url.host_str().unwrap_or_default().to_ascii_lowercase();
        if kind != "totp" {
            return Err(OtpError::UnsupportedKind(kind));
        }
        let label = percent_decode(url.path().trim_start_matches('/'));
        let (label_issuer, account) = match label.split_once(':') {
            Some((issuer, account)) => (Some(issuer.trim().to_owned()), account.trim().to_owned()),
            None => (None, label.trim().to_owned()),
        };

        let mut secret = None;
        let mut issuer_param = None;
        let (mut algorithm, mut digits, mut period) = (Algorithm::Sha1, 6, 30);
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "secret" => secret = Some(Secret::from_base32(&Zeroizing::new(value.into_owned()))?),
                "issuer" => issuer_param = Some(value.into_owned()),
                "algorithm" => algorithm = Algorithm::parse(&value)?,
                "digits" => digits = value.parse().map_err(|_| OtpError::BadDigits)?,
                "period" => period = value.parse().map_err(|_| OtpError::BadPeriod)?,
                _ => {}
            }
        }
        Ok(Self {
            issuer: issuer_param.or(label_issuer).filter(|issuer| !issuer.is_empty()),
            account,
            secret: secret.ok_or(OtpError::MissingSecret)?,
            totp: Totp::new(algorithm, digits, period)?,
        })
    }

    /// Writes the enrollment URI. It holds the secret, so it is returned zeroizing.
    pub fn to_uri(&self) -> Zeroizing<String> {
        let label = match &self.issuer {
            Some(issuer) => format!("{}:{}", percent_encode(issuer), percent_encode(&self.account)),
            None => percent_encode(&self.account),
        };
        let mut uri = format!("otpauth://totp/{label}?secret={}", self.secret.to_base32().as_str());
        if let Some(issuer) = &self.issuer {
            uri.push_str(&format!("&issuer={}", percent_encode(issuer)));
        }
        uri.push_str(&format!(
            "&algorithm={}&digits={}&period={}",
            self.totp.algorithm.name(),
            self.totp.digits,
            self.totp.period
        ));
        Zeroizing::new(uri)
    }
}

impl fmt::Debug for Enrollment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Enrollment")
            .field("issuer", &self.issuer)
            .field("account", &self.account)
            .field("secret", &self.secret)
            .field("totp", &self.totp)
            .finish()
    }
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

fn percent_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>().replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_japanese_issuer_and_writes_it_back() {
        let uri =
            "otpauth://totp/%E5%81%A5%E4%BF%9D:taro.yamada?secret=JBSWY3DPEHPK3PXP&issuer=%E5%81%A5%E4%BF%9D";
        let enrollment = Enrollment::parse(uri).unwrap();
        assert_eq!(enrollment.issuer.as_deref(), Some("健保"));
        assert_eq!(enrollment.account, "taro.yamada");
        assert_eq!(Enrollment::parse(&enrollment.to_uri()).unwrap(), enrollment);
    }

    #[test]
    fn issuer_parameter_wins_over_the_label_prefix() {
        let enrollment =
            Enrollment::parse("otpauth://totp/Old:me@example.jp?secret=JBSWY3DPEHPK3PXP&issuer=New").unwrap();
        assert_eq!(enrollment.issuer.as_deref(), Some("New"));
        assert_eq!(enrollment.account, "me@example.jp");
    }

    #[test]
    fn refuses_other_schemes_without_echoing_the_secret() {
        let error =
            Enrollment::parse("https://apps.apple.com/app/id983156458?secret=JBSWY3DPEHPK3PXP").unwrap_err();
        assert_eq!(error, OtpError::NotOtpauth);
        assert!(!error.to_string().contains("JBSW"));
        let error = Enrollment::parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PX1").unwrap_err();
        assert!(!error.to_string().contains("JBSW"));
    }
}
