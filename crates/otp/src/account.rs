use crate::{Algorithm, Code, OtpError, Secret, Totp, hotp};

/// Time-based or counter-based, with what each needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "lowercase"))]
pub enum Kind {
    Totp { period: u64 },
    Hotp { counter: u64 },
}

/// Everything about an authenticator account except its secret: safe to show, store on disk
/// and send to the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Account {
    /// The issuer as the enrollment code's `issuer=` parameter gives it, else the label prefix.
    pub issuer: Option<String>,
    /// The label's `Issuer:` prefix, kept when it differs from `issuer` (see [`Warning`]).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub label_issuer: Option<String>,
    /// The account name: for the portal, the member's user ID.
    pub name: String,
    pub algorithm: Algorithm,
    pub digits: u32,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub kind: Kind,
}

/// Something a member or the helpdesk should know about an enrollment code that still works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Below RFC 4226's 128-bit minimum; common in the wild and accepted.
    WeakSecret { bits: usize },
    /// The label prefix and the `issuer=` parameter name different issuers.
    IssuerConflict { label: String, parameter: String },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WeakSecret { bits } => {
                write!(f, "weak secret: {bits} bits, below the 128 bits RFC 4226 asks for")
            }
            Self::IssuerConflict { label, parameter } => write!(
                f,
                "issuer conflict: the label says {label:?}, the issuer parameter says {parameter:?} (the parameter is used)"
            ),
        }
    }
}

impl Account {
    /// A 6-digit, 30-second SHA1 account: what the portal and most services hand out.
    pub fn standard_totp(issuer: Option<String>, name: String) -> Self {
        Self {
            issuer,
            label_issuer: None,
            name,
            algorithm: Algorithm::Sha1,
            digits: 6,
            kind: Kind::Totp { period: 30 },
        }
    }

    /// The time-based parameters, for a TOTP account.
    pub fn totp(&self) -> Option<Totp> {
        match self.kind {
            Kind::Totp { period } => Some(Totp { algorithm: self.algorithm, digits: self.digits, period }),
            Kind::Hotp { .. } => None,
        }
    }

    /// Checks the parameters a code is computed with.
    pub fn validate(&self) -> Result<(), OtpError> {
        if !(6..=8).contains(&self.digits) {
            return Err(OtpError::BadDigits);
        }
        if let Kind::Totp { period } = self.kind {
            Totp::new(self.algorithm, self.digits, period)?;
        }
        Ok(())
    }

    pub fn warnings(&self, secret: &Secret) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if secret.is_weak() {
            warnings.push(Warning::WeakSecret { bits: secret.bits() });
        }
        if let (Some(label), Some(parameter)) = (&self.label_issuer, &self.issuer)
            && label != parameter
        {
            warnings.push(Warning::IssuerConflict { label: label.clone(), parameter: parameter.clone() });
        }
        warnings
    }

    /// The code shown now: at `unix_time` for TOTP, at the stored counter for HOTP.
    pub fn code(&self, secret: &Secret, unix_time: u64) -> Code {
        match self.kind {
            Kind::Totp { period } => {
                Totp { algorithm: self.algorithm, digits: self.digits, period }.code_at(secret, unix_time)
            }
            Kind::Hotp { counter } => hotp(self.algorithm, self.digits, secret, counter),
        }
    }
}
