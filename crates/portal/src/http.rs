//! The HTTP surface: one router, thin handlers that parse, call the domain and map the error.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kenpo_api::ErrorCode;
use kenpo_api::portal::{
    AgreeTerms, BirthDate, ChooseUserId, DemoAuthenticator, EmailAddress, EmailCode, EnrollmentOffer,
    ForgotPassword, Member, NewPassword, OtpLogin, PasswordAccepted, PasswordLogin, PasswordReset,
    RecoveryAccepted, RegistrationState, SESSION_COOKIE, ServerTime,
};
use serde::de::DeserializeOwned;
use sqlx::SqlitePool;

use crate::login::{self, SessionToken};
use crate::mail::Mailer;
use crate::{Config, PortalError, demo, enrollment, recovery, registration};

/// No request the portal takes is larger; a 10,000-character password still fits and gets a
/// proper answer.
const BODY_LIMIT_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    pool: SqlitePool,
    config: Config,
    mailer: Mailer,
}

impl AppState {
    pub fn new(pool: SqlitePool, config: Config, mailer: Mailer) -> Self {
        Self(Arc::new(Inner { pool, config, mailer }))
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/login", post(password_login))
        .route("/api/login/otp", post(otp_login))
        .route("/api/logout", post(logout))
        .route("/api/registration", get(registration_state))
        .route("/api/registration/birth-date", post(registration_birth_date))
        .route("/api/registration/terms", post(registration_terms))
        .route("/api/registration/user-id", post(registration_user_id))
        .route("/api/registration/password", post(registration_password))
        .route("/api/registration/email", post(registration_email))
        .route("/api/registration/email/confirm", post(registration_email_confirm))
        .route("/api/enrollment", get(enrollment_offer).post(enrollment_confirm))
        .route("/api/recovery/user-id", post(recovery_user_id))
        .route("/api/recovery/password", post(recovery_password))
        .route("/api/recovery/password/reset", post(recovery_password_reset))
        .route("/api/me", get(me))
        .route("/api/time", get(time))
        .route("/api/demo/authenticators", get(demo_authenticators))
        .fallback(|| async { PortalError::Refused(ErrorCode::NotFound) })
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .with_state(state)
}

/// A JSON body; anything else is refused as `bad-request` with the usual error shape.
struct Body<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = PortalError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(value) = Json::<T>::from_request(request, state)
            .await
            .map_err(|_| PortalError::Refused(ErrorCode::BadRequest))?;
        Ok(Self(value))
    }
}

fn session_token(headers: &HeaderMap) -> Option<SessionToken> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| SessionToken(value.to_owned()))
}

fn session_cookie(token: &SessionToken) -> HeaderValue {
    HeaderValue::from_str(&format!("{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict", token.0))
        .expect("hex tokens are valid header text")
}

async fn password_login(
    State(state): State<AppState>,
    Body(body): Body<PasswordLogin>,
) -> Result<Response, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    let (token, next) = login::password_step(&state.0.pool, threshold, &body.user_id, &body.password).await?;
    let mut response = Json(PasswordAccepted { next }).into_response();
    response.headers_mut().insert(SET_COOKIE, session_cookie(&token));
    Ok(response)
}

async fn otp_login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(body): Body<OtpLogin>,
) -> Result<Json<Member>, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    login::otp_step(&state.0.pool, threshold, session_token(&headers).as_ref(), &body.code).await.map(Json)
}

async fn me(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Member>, PortalError> {
    login::member(&state.0.pool, session_token(&headers).as_ref()).await.map(Json)
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PortalError> {
    login::logout(&state.0.pool, session_token(&headers).as_ref()).await?;
    Ok(without_session(Json(serde_json::json!({}))))
}

/// An answer that also clears the session cookie.
fn without_session(answer: impl IntoResponse) -> Response {
    let mut response = answer.into_response();
    let expired = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    response.headers_mut().insert(SET_COOKIE, HeaderValue::from_str(&expired).expect("valid header text"));
    response
}

async fn registration_state(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<RegistrationState>, PortalError> {
    registration::current(&state.0.pool, session_token(&headers).as_ref()).await.map(Json)
}

async fn registration_birth_date(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(body): Body<BirthDate>,
) -> Result<Json<RegistrationState>, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    registration::birth_date(&state.0.pool, threshold, session_token(&headers).as_ref(), &body.birth_date)
        .await
        .map(Json)
}

async fn registration_terms(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(body): Body<AgreeTerms>,
) -> Result<Json<RegistrationState>, PortalError> {
    registration::agree_terms(&state.0.pool, session_token(&headers).as_ref(), &body.version).await.map(Json)
}

async fn registration_user_id(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(body): Body<ChooseUserId>,
) -> Result<Json<RegistrationState>, PortalError> {
    registration::choose_user_id(&state.0.pool, session_token(&headers).as_ref(), &body.user_id)
        .await
        .map(Json)
}

async fn registration_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(body): Body<NewPassword>,
) -> Result<Json<RegistrationState>, PortalError> {
    registration::set_password(&state.0.pool, session_token(&headers).as_ref(), &body.password)
        .await
        .map(Json)
}

async fn registration_email(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(body): Body<EmailAddress>,
) -> Result<Json<RegistrationState>, PortalError> {
    registration::give_email(&state.0.pool, &state.0.mailer, session_token(&headers).as_ref(), &body.email)
        .await
        .map(Json)
}

async fn registration_email_confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(body): Body<EmailCode>,
) -> Result<Response, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    let token = session_token(&headers);
    let done =
        registration::confirm_email(&state.0.pool, threshold, &state.0.mailer, token.as_ref(), &body.code)
            .await?;
    Ok(without_session(Json(done)))
}

async fn enrollment_offer(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<EnrollmentOffer>, PortalError> {
    enrollment::offer(&state.0.pool, &state.0.config, session_token(&headers).as_ref()).await.map(Json)
}

async fn enrollment_confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(body): Body<OtpLogin>,
) -> Result<Json<Member>, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    enrollment::confirm(&state.0.pool, threshold, session_token(&headers).as_ref(), &body.code)
        .await
        .map(Json)
}

async fn recovery_user_id(
    State(state): State<AppState>,
    Body(body): Body<EmailAddress>,
) -> Result<Json<RecoveryAccepted>, PortalError> {
    recovery::forgot_user_id(&state.0.pool, &state.0.mailer, &body.email).await.map(Json)
}

async fn recovery_password(
    State(state): State<AppState>,
    Body(body): Body<ForgotPassword>,
) -> Result<Json<RecoveryAccepted>, PortalError> {
    recovery::forgot_password(&state.0.pool, &state.0.mailer, &body.user_id, &body.email).await.map(Json)
}

async fn recovery_password_reset(
    State(state): State<AppState>,
    Body(body): Body<PasswordReset>,
) -> Result<Json<RecoveryAccepted>, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    recovery::reset_password(&state.0.pool, threshold, &state.0.mailer, &body).await?;
    Ok(Json(RecoveryAccepted {
        message: "パスワードを再設定しました。新しいパスワードでログインしてください。".to_owned(),
    }))
}

async fn time() -> Json<ServerTime> {
    let unix_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis() as u64;
    Json(ServerTime { unix_ms })
}

async fn demo_authenticators(
    State(state): State<AppState>,
) -> Result<Json<Vec<DemoAuthenticator>>, PortalError> {
    if !state.0.config.demo {
        return Err(ErrorCode::NotFound.into());
    }
    demo::authenticators(&state.0.pool, &state.0.config).await.map(Json)
}
