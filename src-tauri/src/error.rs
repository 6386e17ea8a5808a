use kenpo_api::{ApiError, ErrorCode};
use kenpo_client::ClientError;
use serde::{Serialize, Serializer};

/// Every failure of an app command. What reaches the UI is `{code, message}`; no variant holds a
/// secret, so neither `Debug` nor `Display` can print one.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{}", .0.message_ja())]
    Code(ErrorCode),
    /// The portal refused, with its own message.
    #[error("{}", .0.message)]
    Portal(ApiError),
}

impl AppError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Code(code) => *code,
            Self::Portal(error) => error.code,
        }
    }

    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        Self::Code(code)
    }
}

impl From<ClientError> for AppError {
    fn from(error: ClientError) -> Self {
        match error {
            ClientError::Refused(error) => Self::Portal(error),
            other => {
                tracing::warn!(error = %other, "portal call failed");
                Self::Code(other.code())
            }
        }
    }
}

impl Serialize for AppError {
    /// What the webview receives; each error it receives is kept for the diagnostics report.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::diagnostics::record(self.code());
        match self {
            // The portal's refusal as it came, with the rules an application broke.
            Self::Portal(error) => error.serialize(serializer),
            Self::Code(code) => ApiError::new(*code).serialize(serializer),
        }
    }
}
