//! kenpo-client: the portal client the app, the helpdesk CLI and the portal's own HTTP tests use.
//!
//! It keeps the session cookie itself (zeroized, never logged — reqwest's cookie store logs
//! cookies at debug level) and never hands it out; its errors carry stable codes and never a
//! password, a code or a cookie.

pub mod diagnose;

use std::sync::Mutex;
use std::time::Duration;

use kenpo_api::notices::{BenefitNotices, MedicalYear, QualificationNotice};
use kenpo_api::portal::SESSION_COOKIE;
use kenpo_api::portal::{
    AgreeTerms, BirthDate, ChooseUserId, DemoAuthenticator, EmailAddress, EmailCode, EnrollmentOffer,
    ForgotPassword, Member, NewPassword, OtpLogin, PasswordAccepted, PasswordChange, PasswordLogin,
    PasswordReset, RecoveryAccepted, RegistrationState, ServerTime,
};
use kenpo_api::subsidy::{Application, SubmitApplication, Subsidy};
use kenpo_api::{ApiError, ErrorCode};
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;
use zeroize::Zeroizing;

/// The largest answer read from a portal; its largest (an enrollment offer with its QR code
/// images) is a few tens of kilobytes.
pub const ANSWER_MAX_BYTES: usize = 1024 * 1024;
/// The largest file read from a portal (a printable notice or a tax export): a year's PDF is a
/// few hundred kilobytes.
pub const FILE_MAX_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The portal refused the request and said why.
    #[error("{0}")]
    Refused(ApiError),
    #[error("the portal at {0} cannot be reached")]
    Unreachable(String),
    #[error("the portal answered HTTP {0} with a body this client does not understand")]
    Protocol(u16),
    #[error("not a portal address: {0}")]
    BadUrl(String),
    /// `http://` to another machine: passwords would travel in the clear.
    #[error("plain HTTP is used only to this device, not to {0}")]
    Insecure(String),
}

impl ClientError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Refused(error) => error.code,
            Self::Unreachable(_) | Self::BadUrl(_) => ErrorCode::PortalUnreachable,
            Self::Insecure(_) => ErrorCode::PortalUrlInsecure,
            Self::Protocol(_) => ErrorCode::PortalProtocol,
        }
    }
}

/// One member's conversation with one portal; the session lives as long as the client.
pub struct PortalClient {
    base: Url,
    http: reqwest::Client,
    /// `kenpo_session=<token>`, as the portal last set it.
    session: Mutex<Option<Zeroizing<String>>>,
}

impl PortalClient {
    /// A client for the portal at `base`: `https://`, or `http://` to this device only. It follows
    /// no redirect (a portal never sends one; a network that does is not the portal).
    pub fn new(base: &str) -> Result<Self, ClientError> {
        let base = Url::parse(base)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .ok_or_else(|| ClientError::BadUrl(base.to_owned()))?;
        let loopback = match base.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(name)) => name == "localhost",
            None => false,
        };
        if base.scheme() == "http" && !loopback {
            return Err(ClientError::Insecure(base.to_string()));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the TLS backend is compiled in");
        Ok(Self { base, http, session: Mutex::new(None) })
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// The password step. On success the portal expects the one-time password next.
    pub async fn login(&self, user_id: &str, password: &str) -> Result<PasswordAccepted, ClientError> {
        let body = PasswordLogin { user_id: user_id.to_owned(), password: password.to_owned() };
        self.send(Method::POST, "api/login", Some(&body)).await
    }

    pub async fn submit_otp(&self, code: &str) -> Result<Member, ClientError> {
        self.send(Method::POST, "api/login/otp", Some(&OtpLogin { code: code.to_owned() })).await
    }

    pub async fn me(&self) -> Result<Member, ClientError> {
        self.send::<(), _>(Method::GET, "api/me", None).await
    }

    /// A logged-in member's new password, with the current one.
    pub async fn change_password(&self, current: &str, new: &str) -> Result<(), ClientError> {
        let body = PasswordChange { current_password: current.to_owned(), new_password: new.to_owned() };
        self.send::<_, serde::de::IgnoredAny>(Method::POST, "api/me/password", Some(&body)).await.map(drop)
    }

    /// A logged-in member's new email address; a code is sent to it.
    pub async fn change_email(&self, email: &str) -> Result<(), ClientError> {
        let body = EmailAddress { email: email.to_owned() };
        self.send::<_, serde::de::IgnoredAny>(Method::POST, "api/me/email", Some(&body)).await.map(drop)
    }

    /// The code from the new address.
    pub async fn confirm_email_change(&self, code: &str) -> Result<(), ClientError> {
        let body = EmailCode { code: code.to_owned() };
        self.send::<_, serde::de::IgnoredAny>(Method::POST, "api/me/email/confirm", Some(&body))
            .await
            .map(drop)
    }

    /// Removes the member's authenticator with a fresh code from it; the portal ends the session.
    pub async fn remove_authenticator(&self, code: &str) -> Result<(), ClientError> {
        let body = OtpLogin { code: code.to_owned() };
        self.send::<_, serde::de::IgnoredAny>(Method::POST, "api/me/authenticator/remove", Some(&body))
            .await
            .map(drop)
    }

    pub async fn logout(&self) -> Result<(), ClientError> {
        self.send::<(), serde::de::IgnoredAny>(Method::POST, "api/logout", None).await.map(drop)
    }

    pub async fn time(&self) -> Result<ServerTime, ClientError> {
        self.send::<(), _>(Method::GET, "api/time", None).await
    }

    /// First registration [2-3 … 2-8]: the step due, then one call per step.
    pub async fn registration(&self) -> Result<RegistrationState, ClientError> {
        self.send::<(), _>(Method::GET, "api/registration", None).await
    }

    pub async fn registration_birth_date(&self, birth_date: &str) -> Result<RegistrationState, ClientError> {
        let body = BirthDate { birth_date: birth_date.to_owned() };
        self.send(Method::POST, "api/registration/birth-date", Some(&body)).await
    }

    pub async fn agree_terms(&self, version: &str) -> Result<RegistrationState, ClientError> {
        self.send(Method::POST, "api/registration/terms", Some(&AgreeTerms { version: version.to_owned() }))
            .await
    }

    pub async fn choose_user_id(&self, user_id: &str) -> Result<RegistrationState, ClientError> {
        let body = ChooseUserId { user_id: user_id.to_owned() };
        self.send(Method::POST, "api/registration/user-id", Some(&body)).await
    }

    pub async fn set_new_password(&self, password: &str) -> Result<RegistrationState, ClientError> {
        let body = NewPassword { password: password.to_owned() };
        self.send(Method::POST, "api/registration/password", Some(&body)).await
    }

    pub async fn give_email(&self, email: &str) -> Result<RegistrationState, ClientError> {
        self.send(Method::POST, "api/registration/email", Some(&EmailAddress { email: email.to_owned() }))
            .await
    }

    /// Completes registration; the portal ends the session, as the guide's [2-8] logs out.
    pub async fn confirm_email(&self, code: &str) -> Result<RegistrationState, ClientError> {
        self.send(Method::POST, "api/registration/email/confirm", Some(&EmailCode { code: code.to_owned() }))
            .await
    }

    /// The authenticator secret on offer [3-2].
    pub async fn enrollment_offer(&self) -> Result<EnrollmentOffer, ClientError> {
        self.send::<(), _>(Method::GET, "api/enrollment", None).await
    }

    /// The first code from the offered secret; accepted, the member is logged in.
    pub async fn confirm_enrollment(&self, code: &str) -> Result<Member, ClientError> {
        self.send(Method::POST, "api/enrollment", Some(&OtpLogin { code: code.to_owned() })).await
    }

    /// [FAQ Q1] The user ID is mailed to the registered address, if there is one.
    pub async fn forgot_user_id(&self, email: &str) -> Result<RecoveryAccepted, ClientError> {
        self.send(Method::POST, "api/recovery/user-id", Some(&EmailAddress { email: email.to_owned() })).await
    }

    /// [FAQ Q2] A reset code is mailed to the registered address, if it belongs to `user_id`.
    pub async fn forgot_password(&self, user_id: &str, email: &str) -> Result<RecoveryAccepted, ClientError> {
        let body = ForgotPassword { user_id: user_id.to_owned(), email: email.to_owned() };
        self.send(Method::POST, "api/recovery/password", Some(&body)).await
    }

    pub async fn reset_password(&self, reset: &PasswordReset) -> Result<RecoveryAccepted, ClientError> {
        self.send(Method::POST, "api/recovery/password/reset", Some(reset)).await
    }

    pub async fn demo_authenticators(&self) -> Result<Vec<DemoAuthenticator>, ClientError> {
        self.send::<(), _>(Method::GET, "api/demo/authenticators", None).await
    }

    /// A year of 医療費のお知らせ, one page; the newest year with notices when `year` is none.
    pub async fn medical_notices(
        &self,
        year: Option<i32>,
        person: Option<&str>,
        page: u32,
    ) -> Result<MedicalYear, ClientError> {
        let query =
            query(&[("year", year.map(|year| year.to_string())), ("person", person.map(str::to_owned))]);
        self.send::<(), _>(Method::GET, &format!("api/notices/medical?page={page}{query}"), None).await
    }

    pub async fn benefit_notices(
        &self,
        person: Option<&str>,
        page: u32,
    ) -> Result<BenefitNotices, ClientError> {
        let query = query(&[("person", person.map(str::to_owned))]);
        self.send::<(), _>(Method::GET, &format!("api/notices/benefits?page={page}{query}"), None).await
    }

    pub async fn qualification_notices(&self) -> Result<Vec<QualificationNotice>, ClientError> {
        self.send::<(), _>(Method::GET, "api/notices/qualifications", None).await
    }

    /// The influenza-subsidy season, the people the member may apply for and their applications.
    pub async fn subsidy(&self) -> Result<Subsidy, ClientError> {
        self.send::<(), _>(Method::GET, "api/subsidy", None).await
    }

    /// Sends an application with its receipts; `id` sends again one returned for correction.
    pub async fn send_application(
        &self,
        id: Option<i64>,
        application: &SubmitApplication,
    ) -> Result<Application, ClientError> {
        match id {
            None => self.send(Method::POST, "api/subsidy/applications", Some(application)).await,
            Some(id) => {
                self.send(Method::PUT, &format!("api/subsidy/applications/{id}"), Some(application)).await
            }
        }
    }

    /// A file the portal makes for the member (a tax export, a printable notice), at `path`
    /// with its query.
    pub async fn file(&self, path: &str) -> Result<Vec<u8>, ClientError> {
        let (status, bytes) = self.exchange::<()>(Method::GET, path, None, FILE_MAX_BYTES).await?;
        if status.is_success() { Ok(bytes) } else { Err(refusal(status, &bytes)) }
    }

    /// Takes the session cookie from a response: a new token replaces the old one, an empty one
    /// (logout) clears it.
    fn keep_session(&self, headers: &reqwest::header::HeaderMap) {
        for value in headers.get_all(SET_COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            let pair = value.split(';').next().unwrap_or_default().trim();
            let Some(token) = pair.strip_prefix(SESSION_COOKIE).and_then(|rest| rest.strip_prefix('='))
            else {
                continue;
            };
            let mut session = self.session.lock().expect("session lock");
            *session = (!token.is_empty()).then(|| Zeroizing::new(pair.to_owned()));
        }
    }

    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ClientError> {
        let (status, bytes) = self.exchange(method, path, body, ANSWER_MAX_BYTES).await?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|_| ClientError::Protocol(status.as_u16()));
        }
        Err(refusal(status, &bytes))
    }

    /// One request and its answer's status and body, read up to `max_bytes` whatever the answer
    /// claims its length is.
    async fn exchange<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        max_bytes: usize,
    ) -> Result<(StatusCode, Vec<u8>), ClientError> {
        let url = self.base.join(path).map_err(|_| ClientError::BadUrl(path.to_owned()))?;
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.json(body);
        }
        if let Some(cookie) = self.session.lock().expect("session lock").as_ref() {
            request = request.header(COOKIE, cookie.as_str());
        }
        let mut response =
            request.send().await.map_err(|_| ClientError::Unreachable(self.base.to_string()))?;
        self.keep_session(response.headers());
        let status = response.status();
        let mut bytes = Vec::new();
        while let Some(chunk) =
            response.chunk().await.map_err(|_| ClientError::Unreachable(self.base.to_string()))?
        {
            if bytes.len() + chunk.len() > max_bytes {
                return Err(ClientError::Protocol(status.as_u16()));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok((status, bytes))
    }
}

/// The error an answer other than success carries.
fn refusal(status: StatusCode, bytes: &[u8]) -> ClientError {
    match serde_json::from_slice::<ApiError>(bytes) {
        Ok(error) => ClientError::Refused(error),
        Err(_) if status == StatusCode::NOT_FOUND => ClientError::Refused(ApiError::new(ErrorCode::NotFound)),
        Err(_) => ClientError::Protocol(status.as_u16()),
    }
}

/// `&name=value` for each value given, encoded for a query string.
fn query(pairs: &[(&str, Option<String>)]) -> String {
    pairs
        .iter()
        .filter_map(|(name, value)| {
            Some(format!(
                "&{name}={}",
                url::form_urlencoded::byte_serialize(value.as_ref()?.as_bytes()).collect::<String>()
            ))
        })
        .collect()
}
