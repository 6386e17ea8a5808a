use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kenpo_api::{ApiError, ErrorCode};

/// Everything the portal can refuse or fail at. What crosses HTTP is `{code, message}`.
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    #[error("{0:?}")]
    Refused(ErrorCode),
    /// An application that breaks rules of the season, each on its field.
    #[error("application invalid: {0:?}")]
    Invalid(Vec<kenpo_api::subsidy::FieldProblem>),
    /// Under maintenance until then (Unix seconds).
    #[error("under maintenance until {0}")]
    Maintenance(i64),
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
        let (error, status) = match self {
            Self::Refused(code) => match http_status(code) {
                Some(status) => (ApiError::new(code), status),
                None => {
                    tracing::error!(?code, "an app's own error code reached HTTP");
                    (ApiError::new(ErrorCode::Internal), StatusCode::INTERNAL_SERVER_ERROR)
                }
            },
            Self::Maintenance(until) => (
                ApiError { retry_at: Some(until), ..ApiError::new(ErrorCode::Maintenance) },
                StatusCode::SERVICE_UNAVAILABLE,
            ),
            Self::Invalid(problems) => (
                ApiError { problems, ..ApiError::new(ErrorCode::ApplicationInvalid) },
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            other => {
                tracing::error!(error = %other, "request failed");
                (ApiError::new(ErrorCode::Internal), StatusCode::INTERNAL_SERVER_ERROR)
            }
        };
        (status, axum::Json(error)).into_response()
    }
}

/// The HTTP status of each code the portal answers; `None` for the app's own codes (keychain,
/// camera, clipboard, images, the app's input checks), which never cross HTTP. No wildcard: a
/// new code does not compile until it is placed here, and the API document lists exactly the
/// codes with a status.
pub fn http_status(code: ErrorCode) -> Option<StatusCode> {
    use ErrorCode::*;
    Some(match code {
        InvalidCredentials | AccountLocked | InvalidOtp | PasswordStepRequired | NotLoggedIn => {
            StatusCode::UNAUTHORIZED
        }
        RegistrationRequired | EnrollmentRequired => StatusCode::FORBIDDEN,
        StepOutOfOrder | UserIdTaken | ApplicationNotReturned => StatusCode::CONFLICT,
        ApplicationInvalid => StatusCode::UNPROCESSABLE_ENTITY,
        SubsidyClosed => StatusCode::NOT_FOUND,
        ReceiptTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ReceiptMissing | TooManyReceipts | ReceiptNotAccepted | ReceiptUnsafe => StatusCode::BAD_REQUEST,
        NotFound => StatusCode::NOT_FOUND,
        TooManyMails | TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        Busy | Maintenance => StatusCode::SERVICE_UNAVAILABLE,
        RequestTimeout => StatusCode::REQUEST_TIMEOUT,
        Internal => StatusCode::INTERNAL_SERVER_ERROR,
        MalformedOtp | MissingUserId | MissingPassword | BadRequest | UserIdLength | UserIdCharacters
        | PasswordLength | PasswordFullWidth | PasswordCharacters | PasswordSameAsUserId
        | PasswordIsInitial | PasswordUnchanged | BirthDateFormat | BirthDateMismatch | TermsChanged
        | EmailInvalid | InvalidEmailCode | InvalidResetCode | MalformedCode => StatusCode::BAD_REQUEST,
        PasswordTooLong | UserIdTooLong | PortalUnreachable | PortalProtocol | NoAuthenticator
        | KeychainUnavailable | Storage | BadEnrollment | NotAnImage | ImageTooLarge | QrNotFound
        | NotAnEnrollmentCode | SecretInvalid | SecretTooShort | AccountNameMissing | DuplicateAccount
        | HotpNotSupported | AccountNotFound | ClipboardUnavailable | CameraUnavailable
        | NoImageOnClipboard | PortalUrlInvalid | PortalUrlInsecure | AppLockUnavailable | AppLocked
        | FileNotSaved => {
            return None;
        }
    })
}
