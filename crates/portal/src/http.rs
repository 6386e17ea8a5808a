//! The HTTP surface: one router, thin handlers that parse, call the domain and map the error.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use crate::db::Db;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, REFERRER_POLICY,
    SET_COOKIE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kenpo_api::notices::{BenefitNotice, BenefitNotices, MedicalYear, QualificationNotice};
use kenpo_api::portal::{
    AgreeTerms, BirthDate, ChooseUserId, DemoAuthenticator, EmailAddress, EmailCode, EnrollmentOffer,
    ForgotPassword, Member, NewPassword, OtpLogin, PasswordAccepted, PasswordChange, PasswordLogin,
    PasswordReset, RecoveryAccepted, RegistrationState, SESSION_COOKIE, ServerTime,
};
use kenpo_api::subsidy::{Application, SubmitApplication, Subsidy};
use kenpo_api::{ApiError, ErrorCode};
use serde::de::DeserializeOwned;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::http_status;
use crate::login;
use crate::mail::Mailer;
use crate::notices::pdf::{self, Fonts as PdfFonts};
use crate::scenario::Scenario;
use crate::session::{self, Session, SessionToken, Stage};
use crate::throttle::Throttle;
use crate::{Config, PortalError, account, demo, enrollment, notices, recovery, registration, subsidy};

/// No request the portal takes is larger, but an application with its receipts; a
/// 10,000-character password still fits and gets a proper answer.
const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// An application with its receipts: the form, and up to three files of 8 MB in base64.
pub const UPLOAD_BODY_LIMIT_BYTES: usize = BODY_LIMIT_BYTES
    + kenpo_api::subsidy::MAX_RECEIPTS * kenpo_api::subsidy::MAX_RECEIPT_BYTES.div_ceil(3) * 4;

/// Applications with receipts taken in at once: their bodies (and the receipts' decoding) are
/// what a portal holds most memory for, so a fifth at once is answered `busy`.
pub const MAX_UPLOADS: usize = 4;

/// How long an application with receipts may take to arrive: 32 MiB over a phone's slow
/// uplink (1 Mbit/s) takes about four and a half minutes.
pub const UPLOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// Whether the request is one that carries receipts (a new application, or one sent again).
fn carries_receipts(request: &Request) -> bool {
    let path = request.uri().path();
    let method = request.method();
    (method == axum::http::Method::POST && path == "/api/subsidy/applications")
        || (method == axum::http::Method::PUT
            && path.strip_prefix("/api/subsidy/applications/").is_some_and(|id| !id.contains('/')))
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    pool: Db,
    config: Config,
    mailer: Mailer,
    throttle: Throttle,
    /// The PDFs' font; without one, PDFs are refused and everything else is served.
    fonts: Option<Arc<PdfFonts>>,
}

impl AppState {
    pub fn new(pool: Db, config: Config, mailer: Mailer) -> Self {
        let throttle = Throttle::new(config.throttle.clone());
        let fonts = match PdfFonts::load(&config.pdf_font) {
            Ok(fonts) => Some(Arc::new(fonts)),
            Err(error) => {
                tracing::error!(%error, "printable notices (PDF) are not available");
                None
            }
        };
        Self(Arc::new(Inner { pool, config, mailer, throttle, fonts }))
    }

    fn fonts(&self) -> Result<Arc<PdfFonts>, PortalError> {
        self.0.fonts.clone().ok_or_else(|| PortalError::Internal("no font for PDFs".into()))
    }
}

/// A request that guesses something (a password, a code, a birth date): its client's address,
/// once the address's budget allowed it ([`Throttle::address`]). The address is the TCP peer's;
/// behind a TLS proxy, the one the proxy appended last to `X-Forwarded-For` (what a client puts
/// there itself comes before it and is not read).
struct Guess(IpAddr);

impl FromRequestParts<AppState> for Guess {
    type Rejection = PortalError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(peer)| peer.ip());
        let forwarded = || {
            let header = parts.headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?;
            header.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
        };
        let address = if state.0.config.behind_tls_proxy { forwarded().unwrap_or(peer) } else { peer };
        state.0.throttle.address(address)?;
        Ok(Self(address))
    }
}

/// A live session at the stage a handler needs, kept alive by the request; anything else is
/// refused with that stage's refusal ([`Stage::refusal`]) before the handler runs.
macro_rules! session_at {
    ($($(#[$doc:meta])* $name:ident => $stage:expr;)*) => {$(
        $(#[$doc])*
        struct $name(Session);

        impl FromRequestParts<AppState> for $name {
            type Rejection = PortalError;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
                session::at_stage(&state.0.pool, session_token(&parts.headers), $stage).await.map(Self)
            }
        }
    )*};
}

session_at! {
    /// The password step passed, the code due (the account may be locked: the code step records it).
    PasswordPassed => Stage::Password;
    /// First registration under way.
    Registering => Stage::Registration;
    /// The authenticator to be linked.
    Linking => Stage::Enrollment;
    /// Logged in.
    LoggedIn => Stage::Full;
}

/// What the OpenAPI document says about the portal as a whole; each operation is described at
/// its handler and registered with it, so the document cannot miss a route.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "けんぽポータル API",
        description = "The member portal of the health-insurance society. Errors are `{code, message}`: \
                       `code` is stable, `message` is Japanese text (the member guide's wording where it has one). \
                       The session is the `kenpo_session` cookie."
    ),
    tags(
        (name = "login", description = "[guide 4] user ID and password, then the 6-digit code"),
        (name = "registration", description = "[guide 2-3 … 2-8] first registration, one step per call, in order"),
        (name = "enrollment", description = "[guide 3-1, 3-2] linking the authenticator"),
        (name = "recovery", description = "[FAQ Q1, Q2] forgotten user ID or password"),
        (name = "notices", description = "医療費のお知らせ, 現金給付支給決定通知 and 資格情報のお知らせ of the member's household"),
        (name = "subsidy", description = "インフルエンザ予防接種補助申請: the season's rules, applications with their receipts"),
    )
)]
struct ApiDoc;

pub fn router(state: AppState) -> Router {
    let (router, api) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .routes(routes!(password_login))
        .routes(routes!(otp_login))
        .routes(routes!(logout))
        .routes(routes!(registration_state))
        .routes(routes!(registration_birth_date))
        .routes(routes!(registration_terms))
        .routes(routes!(registration_user_id))
        .routes(routes!(registration_password))
        .routes(routes!(registration_email))
        .routes(routes!(registration_email_confirm))
        .routes(routes!(enrollment_offer, enrollment_confirm))
        .routes(routes!(recovery_user_id))
        .routes(routes!(recovery_password))
        .routes(routes!(recovery_password_reset))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(change_email))
        .routes(routes!(confirm_email_change))
        .routes(routes!(remove_authenticator))
        .routes(routes!(medical_notices))
        .routes(routes!(medical_export))
        .routes(routes!(medical_pdf))
        .routes(routes!(benefit_notices))
        .routes(routes!(benefit_notice))
        .routes(routes!(benefit_pdf))
        .routes(routes!(qualification_notices))
        .routes(routes!(qualification_pdf))
        .routes(routes!(subsidy_overview))
        .routes(routes!(subsidy_submit))
        .routes(routes!(subsidy_application, subsidy_resubmit))
        .routes(routes!(time))
        .routes(routes!(demo_authenticators))
        .split_for_parts();
    let document: Arc<str> = document(&api).into();
    let header = |name, value| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    router
        .route(
            "/api/openapi.json",
            get(move || async move { ([(CONTENT_TYPE, "application/json")], document.to_string()) }),
        )
        .fallback(|| async { PortalError::Refused(ErrorCode::NotFound) })
        .layer(axum::middleware::from_fn_with_state(Sandbox::of(&state.0.config), sandbox))
        // The guard below bounds every body, each route's own way; axum's 2 MB default would
        // refuse an application's receipts.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(Limits::of(&state), guard))
        // On every answer: nothing is cached (answers are a member's own, and the enrollment
        // offer holds a secret), nothing is sniffed, framed or given a referrer.
        .layer(header(CACHE_CONTROL, "no-store"))
        .layer(header(X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'"))
        .layer(header(REFERRER_POLICY, "no-referrer"))
        .with_state(state)
}

/// The API document, its `ErrorCode` narrowed to the codes the portal answers: kenpo-api's
/// enum holds the app's own codes too, which never cross HTTP ([`http_status`]).
fn document(api: &utoipa::openapi::OpenApi) -> String {
    let mut document = serde_json::to_value(api).expect("the API document serialises");
    let codes =
        document["components"]["schemas"]["ErrorCode"]["enum"].as_array_mut().expect("ErrorCode is an enum");
    codes.retain(|name| {
        serde_json::from_value::<ErrorCode>(name.clone()).is_ok_and(|code| http_status(code).is_some())
    });
    serde_json::to_string_pretty(&document).expect("the API document serialises")
}

/// How much the portal takes at once, and for how long.
#[derive(Clone)]
struct Limits {
    slots: Arc<tokio::sync::Semaphore>,
    uploads: Arc<tokio::sync::Semaphore>,
    timeout: std::time::Duration,
    /// Where an upload's session is looked up before its body is taken in.
    pool: Db,
}

impl Limits {
    fn of(state: &AppState) -> Self {
        Self {
            slots: Arc::new(tokio::sync::Semaphore::new(state.0.config.max_requests)),
            uploads: Arc::new(tokio::sync::Semaphore::new(MAX_UPLOADS)),
            timeout: state.0.config.request_timeout,
            pool: state.0.pool.clone(),
        }
    }
}

/// Answers `busy` at once when every slot is taken (nothing queues without bound), and
/// `request-timeout` when a request, its body's arrival included, takes longer than allowed.
/// The body (at most [`BODY_LIMIT_BYTES`], else `bad-request`) is read whole before the request
/// is judged, so a refusal that needs no body (no session, a brake) reaches a client still
/// sending one instead of cutting it off.
///
/// An application with receipts is bigger and slower to arrive from a phone: it takes one of
/// [`MAX_UPLOADS`] slots, up to [`UPLOAD_BODY_LIMIT_BYTES`] (else `receipt-too-large`) and up to
/// [`UPLOAD_TIMEOUT`]; and only from a logged-in member, so nobody else can hold those slots.
/// Without a login its body is read and dropped as it arrives, and refused.
async fn guard(State(limits): State<Limits>, request: Request, next: axum::middleware::Next) -> Response {
    let Ok(_slot) = limits.slots.try_acquire_owned() else {
        return PortalError::Refused(ErrorCode::Busy).into_response();
    };
    let upload = carries_receipts(&request);
    let judged = async {
        let (parts, body) = request.into_parts();
        // Held until the request is answered.
        let (_upload_slot, limit, too_large) = if upload {
            let token = session_token(&parts.headers);
            if let Err(refusal) = session::at_stage(&limits.pool, token, Stage::Full).await {
                drain(body, UPLOAD_BODY_LIMIT_BYTES).await;
                return refusal.into_response();
            }
            let Ok(slot) = limits.uploads.clone().try_acquire_owned() else {
                drain(body, UPLOAD_BODY_LIMIT_BYTES).await;
                return PortalError::Refused(ErrorCode::Busy).into_response();
            };
            (Some(slot), UPLOAD_BODY_LIMIT_BYTES, ErrorCode::ReceiptTooLarge)
        } else {
            (None, BODY_LIMIT_BYTES, ErrorCode::BadRequest)
        };
        match axum::body::to_bytes(body, limit).await {
            Ok(bytes) => next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await,
            Err(_) => PortalError::Refused(too_large).into_response(),
        }
    };
    let timeout = if upload { limits.timeout.max(UPLOAD_TIMEOUT) } else { limits.timeout };
    tokio::time::timeout(timeout, judged)
        .await
        .unwrap_or_else(|_| PortalError::Refused(ErrorCode::RequestTimeout).into_response())
}

/// Reads a body to its end, or `limit` bytes, keeping none of it: a refusal then reaches a
/// client that is still sending.
async fn drain(body: axum::body::Body, limit: usize) {
    use http_body_util::BodyExt;
    let mut body = http_body_util::Limited::new(body, limit);
    while let Some(Ok(_)) = body.frame().await {}
}

/// The demo sandbox's answers ([`crate::scenario`]), when one is set.
#[derive(Clone)]
struct Sandbox {
    scenario: Option<Scenario>,
    /// When the `maintenance` scenario's maintenance ends (Unix seconds).
    maintenance_until: i64,
}

impl Sandbox {
    fn of(config: &Config) -> Self {
        let until = crate::clock::now() + crate::scenario::MAINTENANCE_SECONDS;
        Self { scenario: config.scenario, maintenance_until: until as i64 }
    }
}

/// Late, under maintenance or failing, as the scenario says; otherwise the request as it is.
async fn sandbox(State(sandbox): State<Sandbox>, request: Request, next: axum::middleware::Next) -> Response {
    match sandbox.scenario {
        Some(Scenario::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Some(Scenario::Maintenance) => PortalError::Maintenance(sandbox.maintenance_until).into_response(),
        Some(Scenario::ServerError) => {
            PortalError::Internal("the server-error scenario".into()).into_response()
        }
        _ => next.run(request).await,
    }
}

/// A JSON body (`Content-Type: application/json`); anything else is refused as `bad-request`
/// with the usual error shape, and so is a string holding NUL (`\u0000`): no field takes one,
/// and PostgreSQL cannot store it.
struct Body<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = PortalError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bad = || PortalError::Refused(ErrorCode::BadRequest);
        let media_type =
            request.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let essence = media_type.unwrap_or_default().split(';').next().unwrap_or_default().trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            return Err(bad());
        }
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|_| bad())?;
        if holds_nul(&bytes) {
            return Err(bad());
        }
        let Json(value) = Json::<T>::from_bytes(&bytes).map_err(|_| bad())?;
        Ok(Self(value))
    }
}

/// Whether JSON text escapes a NUL. A backslash occurs only in strings, and always with the
/// character it escapes, so one pass over the bytes finds every `\u0000`.
fn holds_nul(json: &[u8]) -> bool {
    let mut rest = json;
    while let Some(at) = rest.iter().position(|&byte| byte == b'\\') {
        let escape = &rest[at + 1..];
        if escape.starts_with(b"u0000") {
            return true;
        }
        rest = escape.get(1..).unwrap_or_default();
    }
    false
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

/// `Secure` whenever the portal listens off loopback (behind a TLS proxy).
fn session_cookie(state: &AppState, token: &SessionToken) -> HeaderValue {
    let secure = if state.0.config.secure_cookie { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict{secure}", token.0))
        .expect("hex tokens are valid header text")
}

/// An answer that also sets the session cookie.
fn with_session(state: &AppState, token: &SessionToken, answer: impl IntoResponse) -> Response {
    let mut response = answer.into_response();
    response.headers_mut().insert(SET_COOKIE, session_cookie(state, token));
    response
}

/// The password step [guide 4-2]. Sets the session cookie; `next` says what is due: the code, first registration, or enrollment.
#[utoipa::path(post, path = "/api/login", tag = "login", request_body = PasswordLogin, responses((status = 200, body = PasswordAccepted, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn password_login(
    State(state): State<AppState>,
    Guess(address): Guess,
    Body(body): Body<PasswordLogin>,
) -> Result<Response, PortalError> {
    let (threshold, throttle) = (state.0.config.lockout_threshold, &state.0.throttle);
    let (token, next) = login::password_step(
        &state.0.pool,
        &state.0.mailer,
        threshold,
        (throttle, address),
        &body.user_id,
        &body.password,
    )
    .await?;
    Ok(with_session(&state, &token, Json(PasswordAccepted { next })))
}

/// The code step [guide 4-3]: 6 digits, ±1 step by the portal's clock, each step once.
#[utoipa::path(post, path = "/api/login/otp", tag = "login", request_body = OtpLogin, responses((status = 200, body = Member, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn otp_login(
    State(state): State<AppState>,
    Guess(address): Guess,
    PasswordPassed(session): PasswordPassed,
    Body(body): Body<OtpLogin>,
) -> Result<Response, PortalError> {
    let (threshold, throttle) = (state.0.config.lockout_threshold, &state.0.throttle);
    let (member, token) =
        login::otp_step(&state.0.pool, &state.0.mailer, threshold, (throttle, address), session, &body.code)
            .await?;
    Ok(with_session(&state, &token, Json(member)))
}

/// The logged-in member. Refused with `registration-required` or `enrollment-required` until those are done.
#[utoipa::path(get, path = "/api/me", tag = "login", responses((status = 200, body = Member, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn me(State(state): State<AppState>, LoggedIn(session): LoggedIn) -> Result<Json<Member>, PortalError> {
    login::member(&state.0.pool, &session).await.map(Json)
}

/// A logged-in member's new password, with the current one. Ends the member's other sessions.
#[utoipa::path(post, path = "/api/me/password", tag = "login", request_body = PasswordChange, responses((status = 200, description = "changed"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn change_password(
    State(state): State<AppState>,
    _: Guess,
    LoggedIn(session): LoggedIn,
    Body(body): Body<PasswordChange>,
) -> Result<Json<serde_json::Value>, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    account::change_password(
        &state.0.pool,
        threshold,
        &state.0.mailer,
        &session,
        &body.current_password,
        &body.new_password,
    )
    .await?;
    Ok(Json(serde_json::json!({})))
}

/// A logged-in member's new email address: a confirmation code is sent to it.
#[utoipa::path(post, path = "/api/me/email", tag = "login", request_body = EmailAddress, responses((status = 200, description = "code sent"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn change_email(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    Body(body): Body<EmailAddress>,
) -> Result<Json<serde_json::Value>, PortalError> {
    account::change_email(&state.0.pool, &state.0.mailer, &session, &body.email).await?;
    Ok(Json(serde_json::json!({})))
}

/// The code from the new address; the address becomes the member's and the old one is told.
#[utoipa::path(post, path = "/api/me/email/confirm", tag = "login", request_body = EmailCode, responses((status = 200, description = "changed"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn confirm_email_change(
    State(state): State<AppState>,
    _: Guess,
    LoggedIn(session): LoggedIn,
    Body(body): Body<EmailCode>,
) -> Result<Json<serde_json::Value>, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    account::confirm_email_change(&state.0.pool, threshold, &state.0.mailer, &session, &body.code).await?;
    Ok(Json(serde_json::json!({})))
}

/// Removes the member's authenticator, with a fresh code from it; every session ends, this one too.
#[utoipa::path(post, path = "/api/me/authenticator/remove", tag = "login", request_body = OtpLogin, responses((status = 200, description = "removed; logged out"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn remove_authenticator(
    State(state): State<AppState>,
    _: Guess,
    LoggedIn(session): LoggedIn,
    Body(body): Body<OtpLogin>,
) -> Result<Response, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    account::remove_authenticator(&state.0.pool, threshold, &state.0.mailer, &session, &body.code).await?;
    Ok(without_session(Json(serde_json::json!({}))))
}

/// Ends the session.
#[utoipa::path(post, path = "/api/logout", tag = "login", responses((status = 200, description = "done"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PortalError> {
    session::end(&state.0.pool, session_token(&headers).as_ref()).await?;
    Ok(without_session(Json(serde_json::json!({}))))
}

/// An answer that also clears the session cookie.
fn without_session(answer: impl IntoResponse) -> Response {
    let mut response = answer.into_response();
    let expired = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    response.headers_mut().insert(SET_COOKIE, HeaderValue::from_str(&expired).expect("valid header text"));
    response
}

/// The registration step due, the user ID and the terms of use.
#[utoipa::path(get, path = "/api/registration", tag = "registration", responses((status = 200, body = RegistrationState, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn registration_state(
    State(state): State<AppState>,
    Registering(session): Registering,
) -> Result<Json<RegistrationState>, PortalError> {
    registration::current(&state.0.pool, &session).await.map(Json)
}

/// [2-3] The member's birth date, 8-digit 西暦.
#[utoipa::path(post, path = "/api/registration/birth-date", tag = "registration", request_body = BirthDate, responses((status = 200, body = RegistrationState, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn registration_birth_date(
    State(state): State<AppState>,
    _: Guess,
    Registering(session): Registering,
    Body(body): Body<BirthDate>,
) -> Result<Json<RegistrationState>, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    registration::birth_date(&state.0.pool, &state.0.mailer, threshold, &session, &body.birth_date)
        .await
        .map(Json)
}

/// [2-4] Agree to the terms of use, by version.
#[utoipa::path(post, path = "/api/registration/terms", tag = "registration", request_body = AgreeTerms, responses((status = 200, body = RegistrationState, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn registration_terms(
    State(state): State<AppState>,
    Registering(session): Registering,
    Body(body): Body<AgreeTerms>,
) -> Result<Json<RegistrationState>, PortalError> {
    registration::agree_terms(&state.0.pool, &session, &body.version).await.map(Json)
}

/// [2-5] Keep (enter the current one) or change the user ID.
#[utoipa::path(post, path = "/api/registration/user-id", tag = "registration", request_body = ChooseUserId, responses((status = 200, body = RegistrationState, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn registration_user_id(
    State(state): State<AppState>,
    Registering(session): Registering,
    Body(body): Body<ChooseUserId>,
) -> Result<Json<RegistrationState>, PortalError> {
    registration::choose_user_id(&state.0.pool, &session, &body.user_id).await.map(Json)
}

/// [2-6] The new password; the initial one stops working.
#[utoipa::path(post, path = "/api/registration/password", tag = "registration", request_body = NewPassword, responses((status = 200, body = RegistrationState, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn registration_password(
    State(state): State<AppState>,
    Registering(session): Registering,
    Body(body): Body<NewPassword>,
) -> Result<Json<RegistrationState>, PortalError> {
    registration::set_password(&state.0.pool, &session, &body.password).await.map(Json)
}

/// [2-7] The email address; a confirmation code is mailed to it.
#[utoipa::path(post, path = "/api/registration/email", tag = "registration", request_body = EmailAddress, responses((status = 200, body = RegistrationState, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn registration_email(
    State(state): State<AppState>,
    Registering(session): Registering,
    Body(body): Body<EmailAddress>,
) -> Result<Json<RegistrationState>, PortalError> {
    registration::give_email(&state.0.pool, &state.0.mailer, &session, &body.email).await.map(Json)
}

/// [2-7, 2-8] The mailed code. Completes registration, ends the member's other sessions and moves this one on to enrollment [3-1].
#[utoipa::path(post, path = "/api/registration/email/confirm", tag = "registration", request_body = EmailCode, responses((status = 200, body = RegistrationState, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn registration_email_confirm(
    State(state): State<AppState>,
    _: Guess,
    Registering(session): Registering,
    Body(body): Body<EmailCode>,
) -> Result<Json<RegistrationState>, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    registration::confirm_email(&state.0.pool, threshold, &state.0.mailer, &session, &body.code)
        .await
        .map(Json)
}

/// [3-2] The secret on offer: otpauth URI, QR code (SVG, PNG) and grouped text.
#[utoipa::path(get, path = "/api/enrollment", tag = "enrollment", responses((status = 200, body = EnrollmentOffer, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn enrollment_offer(
    State(state): State<AppState>,
    Linking(session): Linking,
) -> Result<Json<EnrollmentOffer>, PortalError> {
    enrollment::offer(&state.0.pool, &state.0.config, &session).await.map(Json)
}

/// [3-2] The first code from the offered secret; links the authenticator and logs in.
#[utoipa::path(post, path = "/api/enrollment", tag = "enrollment", request_body = OtpLogin, responses((status = 200, body = Member, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn enrollment_confirm(
    State(state): State<AppState>,
    _: Guess,
    Linking(session): Linking,
    Body(body): Body<OtpLogin>,
) -> Result<Response, PortalError> {
    let (pool, mailer, threshold) = (&state.0.pool, &state.0.mailer, state.0.config.lockout_threshold);
    let (member, token) = enrollment::confirm(pool, mailer, threshold, &session, &body.code).await?;
    Ok(with_session(&state, &token, Json(member)))
}

/// [FAQ Q1] Mails the user ID to a registered address. Same answer for unknown addresses.
#[utoipa::path(post, path = "/api/recovery/user-id", tag = "recovery", request_body = EmailAddress, responses((status = 200, body = RecoveryAccepted, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn recovery_user_id(
    State(state): State<AppState>,
    Body(body): Body<EmailAddress>,
) -> Result<Json<RecoveryAccepted>, PortalError> {
    Ok(Json(recovery::forgot_user_id(&state.0.pool, &state.0.mailer, &body.email).await))
}

/// [FAQ Q2] Mails a reset code (10 minutes, single use). Same answer for unknown accounts.
#[utoipa::path(post, path = "/api/recovery/password", tag = "recovery", request_body = ForgotPassword, responses((status = 200, body = RecoveryAccepted, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn recovery_password(
    State(state): State<AppState>,
    Body(body): Body<ForgotPassword>,
) -> Result<Json<RecoveryAccepted>, PortalError> {
    let code_seconds = state.0.config.reset_code_seconds;
    Ok(Json(
        recovery::forgot_password(&state.0.pool, &state.0.mailer, code_seconds, &body.user_id, &body.email)
            .await,
    ))
}

/// [FAQ Q2] Reset code + current one-time password + new password.
#[utoipa::path(post, path = "/api/recovery/password/reset", tag = "recovery", request_body = PasswordReset, responses((status = 200, body = RecoveryAccepted, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn recovery_password_reset(
    State(state): State<AppState>,
    _: Guess,
    Body(body): Body<PasswordReset>,
) -> Result<Json<RecoveryAccepted>, PortalError> {
    let threshold = state.0.config.lockout_threshold;
    recovery::reset_password(&state.0.pool, threshold, &state.0.mailer, &body).await?;
    Ok(Json(RecoveryAccepted {
        message: "パスワードを再設定しました。新しいパスワードでログインしてください。".to_owned(),
    }))
}

/// A request's query string as `T`; anything else is refused as `bad-request` in the usual shape.
struct Params<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = PortalError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|axum::extract::Query(value)| Self(value))
            .map_err(|_| PortalError::Refused(ErrorCode::BadRequest))
    }
}

/// Which year, person and page of 医療費のお知らせ.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct MedicalQuery {
    /// Calendar year (西暦); the newest with notices when left out.
    year: Option<i32>,
    /// 枝番 of one person; everyone the member sees when left out.
    person: Option<String>,
    /// From 1.
    #[serde(default = "first_page")]
    page: u32,
}

fn first_page() -> u32 {
    1
}

/// [guide, first page] 医療費のお知らせ: a year, one page of rows by month, with the year's totals per person
/// and for everyone shown. The insured person sees the household; a dependant with their own login, themselves.
#[utoipa::path(get, path = "/api/notices/medical", tag = "notices", params(MedicalQuery), responses((status = 200, body = MedicalYear, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn medical_notices(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    Params(query): Params<MedicalQuery>,
) -> Result<Json<MedicalYear>, PortalError> {
    let asked = (query.year, query.person.as_deref(), query.page);
    notices::medical_year(&state.0.pool, state.0.config.notice_retention, &session, asked).await.map(Json)
}

/// The file a tax export is written as.
#[derive(serde::Deserialize, utoipa::ToSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum ExportFormat {
    Xlsx,
    Csv,
}

/// Which year, for whom, as which file.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ExportQuery {
    /// Calendar year (西暦).
    year: i32,
    /// 枝番 of one person; everyone the member sees when left out.
    person: Option<String>,
    format: ExportFormat,
}

/// 医療費控除: the year as the NTA's 医療費集計フォーム (`xlsx`, or the same sheet as `csv`), data from row 9.
#[utoipa::path(get, path = "/api/notices/medical/export", tag = "notices", params(ExportQuery), responses((status = 200, content_type = "application/octet-stream", description = "the file"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn medical_export(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    Params(query): Params<ExportQuery>,
) -> Result<Response, PortalError> {
    let (pool, config) = (&state.0.pool, &state.0.config);
    let record = notices::medical_record(
        pool,
        config.notice_retention,
        &session,
        (query.year, query.person.as_deref()),
    )
    .await?;
    let (bytes, media_type, extension) = match query.format {
        ExportFormat::Xlsx => (
            notices::export::xlsx(&record, &config.society_name)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        ExportFormat::Csv => {
            (notices::export::csv(&record, &config.society_name), "text/csv; charset=utf-8", "csv")
        }
    };
    Ok(attachment(bytes, media_type, &format!("iryohi-{}.{extension}", query.year)))
}

/// Which year, for whom, to print.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct PrintQuery {
    /// Calendar year (西暦).
    year: i32,
    /// 枝番 of one person; everyone the member sees when left out.
    person: Option<String>,
}

/// A year of 医療費のお知らせ as an A4 PDF, with the six items the NTA asks of a notice for 医療費控除.
#[utoipa::path(get, path = "/api/notices/medical/pdf", tag = "notices", params(PrintQuery), responses((status = 200, content_type = "application/pdf", description = "the PDF"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn medical_pdf(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    Params(query): Params<PrintQuery>,
) -> Result<Response, PortalError> {
    let (pool, config) = (&state.0.pool, &state.0.config);
    let record = notices::medical_record(
        pool,
        config.notice_retention,
        &session,
        (query.year, query.person.as_deref()),
    )
    .await?;
    let (society, today) = (config.society_name.clone(), crate::clock::today());
    let bytes =
        pdf::render(state.fonts()?, format!("医療費のお知らせ {}年", query.year), move |fonts| {
            pdf::medical_year(fonts, &record, &society, &today)
        })
        .await?;
    Ok(attachment(bytes, "application/pdf", &format!("iryohi-{}.pdf", query.year)))
}

/// A file to save, by the name given.
fn attachment(bytes: Vec<u8>, media_type: &'static str, name: &str) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .expect("file names are ASCII made here");
    ([(CONTENT_TYPE, HeaderValue::from_static(media_type)), (CONTENT_DISPOSITION, disposition)], bytes)
        .into_response()
}

/// Which person and page of 現金給付支給決定通知.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct BenefitQuery {
    /// 枝番 of one person; everyone the member sees when left out.
    person: Option<String>,
    /// From 1.
    #[serde(default = "first_page")]
    page: u32,
}

/// 現金給付支給決定通知, newest payment first, one page.
#[utoipa::path(get, path = "/api/notices/benefits", tag = "notices", params(BenefitQuery), responses((status = 200, body = BenefitNotices, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn benefit_notices(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    Params(query): Params<BenefitQuery>,
) -> Result<Json<BenefitNotices>, PortalError> {
    let asked = (query.person.as_deref(), query.page);
    notices::benefits(&state.0.pool, state.0.config.notice_retention, &session, asked).await.map(Json)
}

/// A notice's or an application's number from the path: anything but a number is one that does
/// not exist.
fn path_id(
    path: Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<i64, PortalError> {
    path.ok()
        .and_then(|axum::extract::Path(id)| id.parse().ok())
        .ok_or(PortalError::Refused(ErrorCode::NotFound))
}

/// One 現金給付支給決定通知. A notice of another household answers `not-found`, as one that does not exist.
#[utoipa::path(get, path = "/api/notices/benefits/{id}", tag = "notices", params(("id" = i64, Path, description = "the notice's number")), responses((status = 200, body = BenefitNotice, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn benefit_notice(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    path: Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<BenefitNotice>, PortalError> {
    let id = path_id(path)?;
    let (notice, ..) = notices::benefit(&state.0.pool, state.0.config.notice_retention, &session, id).await?;
    Ok(Json(notice))
}

/// One 現金給付支給決定通知 as an A4 PDF; `not-found` as for the notice itself.
#[utoipa::path(get, path = "/api/notices/benefits/{id}/pdf", tag = "notices", params(("id" = i64, Path, description = "the notice's number")), responses((status = 200, content_type = "application/pdf", description = "the PDF"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn benefit_pdf(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    path: Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Response, PortalError> {
    let id = path_id(path)?;
    let (notice, name, insured) =
        notices::benefit(&state.0.pool, state.0.config.notice_retention, &session, id).await?;
    let society = state.0.config.society_name.clone();
    let bytes = pdf::render(
        state.fonts()?,
        format!("現金給付支給決定通知書 {}", notice.kind),
        move |fonts| pdf::benefit(fonts, &notice, (&name, &insured), &society),
    )
    .await?;
    Ok(attachment(bytes, "application/pdf", &format!("kyufu-{id}.pdf")))
}

/// Whose 資格情報のお知らせ.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct PersonQuery {
    /// 枝番 of one person; everyone the member sees when left out.
    person: Option<String>,
}

/// 資格情報のお知らせ of each person the member sees.
#[utoipa::path(get, path = "/api/notices/qualifications", tag = "notices", params(PersonQuery), responses((status = 200, body = Vec<QualificationNotice>, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn qualification_notices(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    Params(query): Params<PersonQuery>,
) -> Result<Json<Vec<QualificationNotice>>, PortalError> {
    notices::qualifications(&state.0.pool, &session, query.person.as_deref()).await.map(Json)
}

/// One person's 資格情報のお知らせ as an A4 PDF; a person the member does not see is `not-found`.
#[utoipa::path(get, path = "/api/notices/qualifications/{person}/pdf", tag = "notices", params(("person" = String, Path, description = "枝番")), responses((status = 200, content_type = "application/pdf", description = "the PDF"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn qualification_pdf(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    path: Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Response, PortalError> {
    let person = path.map_err(|_| PortalError::Refused(ErrorCode::NotFound))?.0;
    let notice = notices::qualifications(&state.0.pool, &session, Some(&person))
        .await?
        .into_iter()
        .next()
        .ok_or(ErrorCode::NotFound)?;
    let society = state.0.config.society_name.clone();
    let file = format!("shikaku-{}.pdf", notice.edaban);
    let bytes = pdf::render(state.fonts()?, "資格情報のお知らせ".to_owned(), move |fonts| {
        pdf::qualification(fonts, &notice, &society)
    })
    .await?;
    Ok(attachment(bytes, "application/pdf", &file))
}

/// The influenza-vaccination subsidy: the season's rules (none when the society takes no
/// applications now), the people the member may apply for, and the applications they see.
#[utoipa::path(get, path = "/api/subsidy", tag = "subsidy", responses((status = 200, body = Subsidy, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn subsidy_overview(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
) -> Result<Json<Subsidy>, PortalError> {
    subsidy::overview(&state.0.pool, state.0.config.subsidy_season.as_ref(), session.member_id)
        .await
        .map(Json)
}

/// A new application with its receipts (JPEG, PNG or PDF, base64; up to 3 of 8 MB). Every
/// rule broken is answered at once as `application-invalid` with `problems`; nothing is
/// stored unless everything is.
#[utoipa::path(post, path = "/api/subsidy/applications", tag = "subsidy", request_body = SubmitApplication, responses((status = 201, body = Application, description = "received"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn subsidy_submit(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    Body(body): Body<SubmitApplication>,
) -> Result<(axum::http::StatusCode, Json<Application>), PortalError> {
    let season = state.0.config.subsidy_season.as_ref();
    let application =
        subsidy::submit(&state.0.pool, &state.0.mailer, season, session.member_id, body).await?;
    Ok((axum::http::StatusCode::CREATED, Json(application)))
}

/// One application the member sees; another household's answers `not-found`.
#[utoipa::path(get, path = "/api/subsidy/applications/{id}", tag = "subsidy", params(("id" = i64, Path, description = "the application's ID")), responses((status = 200, body = Application, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn subsidy_application(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    path: Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<Application>, PortalError> {
    subsidy::application(&state.0.pool, session.member_id, path_id(path)?).await.map(Json)
}

/// An application sent back for correction (差戻し), corrected and sent again; no receipts keeps
/// the ones sent before.
#[utoipa::path(put, path = "/api/subsidy/applications/{id}", tag = "subsidy", params(("id" = i64, Path, description = "the application's ID")), request_body = SubmitApplication, responses((status = 200, body = Application, description = "received again"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn subsidy_resubmit(
    State(state): State<AppState>,
    LoggedIn(session): LoggedIn,
    path: Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>,
    Body(body): Body<SubmitApplication>,
) -> Result<Json<Application>, PortalError> {
    let (season, id) = (state.0.config.subsidy_season.as_ref(), path_id(path)?);
    subsidy::resubmit(&state.0.pool, &state.0.mailer, season, session.member_id, id, body).await.map(Json)
}

/// The portal's clock, which codes are judged by.
#[utoipa::path(get, path = "/api/time", tag = "login", responses((status = 200, body = ServerTime, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn time() -> Json<ServerTime> {
    Json(ServerTime { unix_ms: crate::clock::now_ms() })
}

/// Demo mode only: enrollment codes of the enrolled demo members.
#[utoipa::path(get, path = "/api/demo/authenticators", tag = "demo", responses((status = 200, body = Vec<DemoAuthenticator>, description = "accepted"), (status = "4XX", body = ApiError, description = "refused; `code` says why")))]
async fn demo_authenticators(
    State(state): State<AppState>,
) -> Result<Json<Vec<DemoAuthenticator>>, PortalError> {
    if !state.0.config.demo {
        return Err(ErrorCode::NotFound.into());
    }
    demo::authenticators(&state.0.pool, &state.0.config).await.map(Json)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_nul_is_found_only_where_json_escapes_one() {
        assert!(super::holds_nul(br#"{"user_id":"a\u0000b"}"#));
        assert!(super::holds_nul(br#"{"a":"\\\u0000"}"#));
        assert!(!super::holds_nul(br#"{"a":"\\u0000"}"#));
        assert!(!super::holds_nul(br#"{"a":"\u0001\n\\"}"#));
        assert!(!super::holds_nul(b"\\"));
    }
}
