//! Linking an authenticator [guide 3-1, 3-2]: a registered member's next login offers a fresh
//! 160-bit secret (as an `otpauth://` URI, a QR code in SVG and PNG, and grouped for typing),
//! and the link is made only when a valid code from it comes back. Until then the session
//! serves nothing else.

use std::io::Cursor;

use kenpo_api::ErrorCode;
use kenpo_api::portal::{EnrollmentOffer, Member};
use kenpo_otp::{Enrollment, Secret, Totp};
use qrcode::QrCode;
use rand::RngCore;
use sqlx::SqlitePool;

use crate::db::now;
use crate::login::{self, SessionToken, count_failure, record_attempt};
use crate::mail::Mailer;
use crate::{Config, PortalError};

/// RFC 4226 recommends 160 bits, the length of an HMAC-SHA1 key.
const SECRET_BYTES: usize = 20;

/// `GET /api/enrollment`: the secret on offer. The same secret is offered until a code from it
/// is accepted, so a member who reloads or switches devices does not invalidate a scan.
pub async fn offer(
    pool: &SqlitePool,
    config: &Config,
    token: Option<&SessionToken>,
) -> Result<EnrollmentOffer, PortalError> {
    let member_id = login::session_member(pool, token, "enrollment").await?;
    let mut bytes = vec![0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let fresh = Secret::from_bytes(bytes).expect("160 random bits are a valid secret");
    // Keeps a secret already on offer; stores the fresh one only if there was none.
    let (user_id, stored): (String, String) = sqlx::query_as(
        "UPDATE members SET pending_totp_secret = COALESCE(pending_totp_secret, ?) WHERE id = ?
         RETURNING user_id, pending_totp_secret",
    )
    .bind(fresh.to_base32().as_str())
    .bind(member_id)
    .fetch_one(pool)
    .await?;
    let secret = login::stored_secret(&stored)?;
    let grouped = secret.to_base32();
    let secret_grouped = grouped
        .as_bytes()
        .chunks(4)
        .map(|group| std::str::from_utf8(group).expect("base32 is ASCII"))
        .collect::<Vec<_>>()
        .join(" ");
    let uri = Enrollment::standard(Some(config.issuer.clone()), user_id.clone(), secret).to_uri().to_string();
    let (qr_svg, qr_png) = qr_images(&uri)?;
    Ok(EnrollmentOffer {
        otpauth_uri: uri,
        qr_svg,
        qr_png_base64: data_encoding::BASE64.encode(&qr_png),
        secret_grouped,
        issuer: config.issuer.clone(),
        account_name: user_id,
    })
}

/// The URI as a QR code: SVG for the browser, PNG for anything else.
fn qr_images(uri: &str) -> Result<(String, Vec<u8>), PortalError> {
    let code =
        QrCode::new(uri.as_bytes()).map_err(|error| PortalError::Internal(format!("QR code: {error}")))?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(240, 240).build();
    let image = code.render::<image::Luma<u8>>().min_dimensions(240, 240).build();
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|error| PortalError::Internal(format!("QR code PNG: {error}")))?;
    Ok((svg, png))
}

/// `POST /api/enrollment`: the first code from the offered secret. Accepted, it links the
/// authenticator and the session is a full login.
pub async fn confirm(
    pool: &SqlitePool,
    mailer: &Mailer,
    lockout_threshold: u32,
    token: Option<&SessionToken>,
    code: &str,
) -> Result<Member, PortalError> {
    login::check_otp_format(code)?;
    let member_id = login::session_member(pool, token, "enrollment").await?;
    let (user_id, name, pending): (String, String, Option<String>) =
        sqlx::query_as("SELECT user_id, name, pending_totp_secret FROM members WHERE id = ?")
            .bind(member_id)
            .fetch_one(pool)
            .await?;
    // A code before any offer cannot be right: the secret has not been shown yet.
    let pending = pending.ok_or(ErrorCode::StepOutOfOrder)?;
    let secret = login::stored_secret(&pending)?;
    let totp = Totp::default();
    let at = now();
    let Some(offset) = totp.verify(&secret, code, at, login::OTP_WINDOW) else {
        count_failure(pool, mailer, member_id, lockout_threshold).await?;
        record_attempt(pool, member_id, "enrollment", "wrong-code", None).await?;
        return Err(ErrorCode::InvalidOtp.into());
    };
    let step = totp.step(at).saturating_add_signed(offset) as i64;
    let linked = sqlx::query(
        "UPDATE members SET totp_secret = pending_totp_secret, pending_totp_secret = NULL, totp_last_step = ?,
             failed_attempts = 0, last_login_at = ?
         WHERE id = ? AND pending_totp_secret = ? AND locked_at IS NULL",
    )
    .bind(step)
    .bind(at as i64)
    .bind(member_id)
    .bind(&pending)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    if !linked {
        return Err(ErrorCode::StepOutOfOrder.into());
    }
    let token = token.expect("a session was found for it");
    login::advance_session(pool, token, "full").await?;
    record_attempt(pool, member_id, "enrollment", "accepted", Some(offset)).await?;
    tracing::info!(%user_id, offset, "authenticator linked");
    Ok(Member { user_id, name })
}
