use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kenpo_api::{ApiError, ErrorCode};

/// Everything the portal can refuse or fail at. What crosses HTTP is `{code, message}`.
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    #[error("{0:?}")]
    Refused(ErrorCode),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The portal cannot start with the settings it was given.
    #[error("configuration: {0}")]
    Config(String),
    /// A failure that is the portal's own fault (a crashed worker, unreadable stored data).
    #[error("internal: {0}")]
    Internal(String),
}

impl From<ErrorCode> for PortalError {
    fn from(code: ErrorCode) -> Self {
        Self::Refused(code)
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        let code = match self {
            Self::Refused(code) => code,
            other => {
                tracing::error!(error = %other, "request failed");
                ErrorCode::Internal
            }
        };
        let status = match code {
            ErrorCode::InvalidCredentials
            | ErrorCode::AccountLocked
            | ErrorCode::InvalidOtp
            | ErrorCode::PasswordStepRequired
            | ErrorCode::NotLoggedIn => StatusCode::UNAUTHORIZED,
            ErrorCode::RegistrationRequired | ErrorCode::EnrollmentRequired => StatusCode::FORBIDDEN,
            ErrorCode::StepOutOfOrder | ErrorCode::UserIdTaken => StatusCode::CONFLICT,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::TooManyMails | ErrorCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        };
        (status, axum::Json(ApiError::new(code))).into_response()
    }
}
