//! Google Authenticator's export: `otpauth-migration://offline?data=<base64 protobuf>`, one QR
//! code per batch. The protobuf is decoded by prost from the message definitions below.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use prost::Message;
use url::Url;
use zeroize::Zeroize;

use crate::{Account, Algorithm, Enrollment, Kind, OtpError, Secret};

/// `MigrationPayload`. Debug is not derived: its parameters carry secrets.
#[derive(Clone, PartialEq, Message)]
#[prost(skip_debug)]
struct Payload {
    #[prost(message, repeated, tag = "1")]
    otp_parameters: Vec<OtpParameters>,
    #[prost(int32, tag = "2")]
    version: i32,
    #[prost(int32, tag = "3")]
    batch_size: i32,
    #[prost(int32, tag = "4")]
    batch_index: i32,
    #[prost(int32, tag = "5")]
    batch_id: i32,
}

#[derive(Clone, PartialEq, Message)]
#[prost(skip_debug)]
struct OtpParameters {
    #[prost(bytes = "vec", tag = "1")]
    secret: Vec<u8>,
    #[prost(string, tag = "2")]
    name: String,
    #[prost(string, tag = "3")]
    issuer: String,
    /// 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5.
    #[prost(int32, tag = "4")]
    algorithm: i32,
    /// 0 unspecified, 1 six, 2 eight.
    #[prost(int32, tag = "5")]
    digits: i32,
    /// 0 unspecified, 1 HOTP, 2 TOTP.
    #[prost(int32, tag = "6")]
    kind: i32,
    #[prost(int64, tag = "7")]
    counter: i64,
}

impl Drop for OtpParameters {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// One QR code of an export: its accounts, and where it sits among the export's codes.
#[derive(Debug)]
pub struct MigrationBatch {
    pub enrollments: Vec<Enrollment>,
    pub batch_index: u32,
    pub batch_size: u32,
    pub batch_id: i32,
}

impl MigrationBatch {
    pub fn parse(uri: &str) -> Result<Self, OtpError> {
        let url = Url::parse(uri.trim()).map_err(|_| OtpError::NotMigration)?;
        if !url.scheme().eq_ignore_ascii_case("otpauth-migration") {
            return Err(OtpError::NotMigration);
        }
        let data = url
            .query_pairs()
            .find(|(key, _)| key == "data")
            .map(|(_, value)| value.into_owned())
            .ok_or(OtpError::BadMigration("no data parameter"))?;
        // Exports are standard Base64; some tools re-encode them URL-safe or drop the padding.
        let trimmed = data.trim().trim_end_matches('=').replace(' ', "+");
        let mut bytes = STANDARD_NO_PAD
            .decode(&trimmed)
            .or_else(|_| URL_SAFE_NO_PAD.decode(&trimmed))
            .map_err(|_| OtpError::BadMigration("data is not Base64"))?;
        let payload = Payload::decode(bytes.as_slice());
        bytes.zeroize();
        let payload = payload.map_err(|_| OtpError::BadMigration("data is not an export payload"))?;
        let enrollments = payload.otp_parameters.iter().map(enrollment).collect::<Result<_, _>>()?;
        Ok(Self {
            enrollments,
            batch_index: u32::try_from(payload.batch_index).unwrap_or(0),
            batch_size: u32::try_from(payload.batch_size).unwrap_or(1).max(1),
            batch_id: payload.batch_id,
        })
    }
}

/// Reads every QR code of one export and returns all its accounts, refusing an export with a
/// batch missing, repeated, or from another export.
pub fn import_all(uris: &[&str]) -> Result<Vec<Enrollment>, OtpError> {
    let mut batches = uris.iter().map(|uri| MigrationBatch::parse(uri)).collect::<Result<Vec<_>, _>>()?;
    let Some(first) = batches.first() else { return Ok(Vec::new()) };
    let (size, id) = (first.batch_size, first.batch_id);
    if batches.iter().any(|batch| batch.batch_size != size || batch.batch_id != id) {
        return Err(OtpError::BadMigration("the QR codes come from different exports"));
    }
    batches.sort_by_key(|batch| batch.batch_index);
    let indices: Vec<u32> = batches.iter().map(|batch| batch.batch_index).collect();
    if indices != (0..size).collect::<Vec<_>>() {
        return Err(OtpError::BadMigration("a QR code of the export is missing or repeated"));
    }
    Ok(batches.into_iter().flat_map(|batch| batch.enrollments).collect())
}

fn enrollment(parameters: &OtpParameters) -> Result<Enrollment, OtpError> {
    let algorithm = match parameters.algorithm {
        0 | 1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        4 => return Err(OtpError::UnknownAlgorithm("MD5".into())),
        _ => return Err(OtpError::UnknownAlgorithm(format!("#{}", parameters.algorithm))),
    };
    let digits = match parameters.digits {
        0 | 1 => 6,
        2 => 8,
        _ => return Err(OtpError::BadDigits),
    };
    let kind = match parameters.kind {
        0 | 2 => Kind::Totp { period: 30 },
        1 => Kind::Hotp { counter: u64::try_from(parameters.counter).map_err(|_| OtpError::BadCounter)? },
        _ => return Err(OtpError::UnsupportedKind(format!("#{}", parameters.kind))),
    };
    // Names are often `Issuer:account`, like otpauth labels.
    let (label_issuer, name) = match parameters.name.split_once(':') {
        Some((issuer, name)) => (Some(issuer.trim().to_owned()), name.trim().to_owned()),
        None => (None, parameters.name.trim().to_owned()),
    };
    let issuer = Some(parameters.issuer.trim().to_owned()).filter(|issuer| !issuer.is_empty());
    let (issuer, label_issuer) = match issuer {
        Some(issuer) => (Some(issuer.clone()), label_issuer.filter(|label| *label != issuer)),
        None => (label_issuer, None),
    };
    let account = Account { issuer, label_issuer, name, algorithm, digits, kind };
    account.validate()?;
    Ok(Enrollment { account, secret: Secret::from_bytes(parameters.secret.clone())? })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One exported account: secret, name, issuer, algorithm, digits and kind as numbered in
    /// the protobuf.
    type Exported<'a> = (&'a [u8], &'a str, &'a str, i32, i32, i32);

    /// Builds an export URI the way Google Authenticator does, for tests.
    pub(crate) fn export_uri(accounts: &[Exported], index: i32, size: i32) -> String {
        let payload = Payload {
            otp_parameters: accounts
                .iter()
                .map(|(secret, name, issuer, algorithm, digits, kind)| OtpParameters {
                    secret: secret.to_vec(),
                    name: (*name).into(),
                    issuer: (*issuer).into(),
                    algorithm: *algorithm,
                    digits: *digits,
                    kind: *kind,
                    counter: 0,
                })
                .collect(),
            version: 1,
            batch_size: size,
            batch_index: index,
            batch_id: 7,
        };
        let data = base64::engine::general_purpose::STANDARD.encode(payload.encode_to_vec());
        let data: String = url::form_urlencoded::byte_serialize(data.as_bytes()).collect();
        format!("otpauth-migration://offline?data={data}")
    }

    #[test]
    fn reads_every_account_of_an_export() {
        let uri = export_uri(
            &[
                (b"12345678901234567890", "alice@example.jp", "Example", 1, 1, 2),
                (b"1234567890123456789012345678901", "健保:taro", "", 2, 2, 2),
                (b"abcdefghij", "counter", "Legacy", 3, 1, 1),
            ],
            0,
            1,
        );
        let enrollments = import_all(&[&uri]).unwrap();
        assert_eq!(enrollments.len(), 3);
        assert_eq!(enrollments[0].account.issuer.as_deref(), Some("Example"));
        assert_eq!(enrollments[1].account.issuer.as_deref(), Some("健保"));
        assert_eq!(enrollments[1].account.name, "taro");
        assert_eq!((enrollments[1].account.algorithm, enrollments[1].account.digits), (Algorithm::Sha256, 8));
        assert_eq!(enrollments[2].account.kind, Kind::Hotp { counter: 0 });
        assert!(enrollments[2].secret.is_weak());
    }

    #[test]
    fn reads_all_batches_and_refuses_a_missing_one() {
        let first = export_uri(&[(b"12345678901234567890", "a", "A", 1, 1, 2)], 0, 2);
        let second = export_uri(&[(b"12345678901234567890", "b", "B", 1, 1, 2)], 1, 2);
        let names: Vec<String> =
            import_all(&[&second, &first]).unwrap().into_iter().map(|e| e.account.name.clone()).collect();
        assert_eq!(names, ["a", "b"]);
        assert!(matches!(import_all(&[&first]), Err(OtpError::BadMigration(_))));
        assert!(matches!(import_all(&[&first, &first]), Err(OtpError::BadMigration(_))));
    }

    #[test]
    fn refuses_md5_and_damaged_data() {
        let md5 = export_uri(&[(b"12345678901234567890", "a", "A", 4, 1, 2)], 0, 1);
        assert_eq!(import_all(&[&md5]).unwrap_err(), OtpError::UnknownAlgorithm("MD5".into()));
        for bad in [
            "otpauth-migration://offline",
            "otpauth-migration://offline?data=%%%",
            "otpauth-migration://offline?data=AAAA",
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
        ] {
            assert!(MigrationBatch::parse(bad).is_err(), "{bad}");
        }
    }
}
