//! Linking an authenticator [guide 3-1, 3-2]: a registered member's next login offers a fresh
//! 160-bit secret (as an `otpauth://` URI, a QR code in SVG and PNG, and grouped for typing),
//! and the link is made only when a valid code from it comes back. Until then the session
//! serves nothing else. The secret on offer belongs to the session that was shown it: another
//! session of the member can neither confirm it nor replace it, and a link is made only where
//! none exists.

use std::io::Cursor;

use crate::db::Db;
use kenpo_api::ErrorCode;
use kenpo_api::portal::{EnrollmentOffer, Member};
use kenpo_otp::{Enrollment, Secret, Totp};
use qrcode::QrCode;
use rand::RngCore;

use crate::clock::now;
use crate::lockout::{count_failure, record_attempt};
use crate::mail::Mailer;
use crate::session::{self, Session, SessionToken};
use crate::totp::{self, OTP_WINDOW};
use crate::{Config, PortalError, store};

/// RFC 4226 recommends 160 bits, the length of an HMAC-SHA1 key.
const SECRET_BYTES: usize = 20;

/// `GET /api/enrollment`: the secret on offer to this session. The same secret is offered for
/// as long as the session lasts, so reloading does not invalidate a scan.
pub async fn offer(pool: &Db, config: &Config, session: &Session) -> Result<EnrollmentOffer, PortalError> {
    let mut bytes = vec![0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let fresh = Secret::from_bytes(bytes).expect("160 random bits are a valid secret");
    let stored = session::offer_secret(pool, &session.token, fresh.to_base32().as_str()).await?;
    let (user_id, _) = store::members::names(pool, session.member_id).await?;
    let secret = totp::stored_secret(&stored)?;
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

/// `POST /api/enrollment`: the first code from the secret offered to this session. Accepted, it
/// links the authenticator, if the member has none yet, and the session is a full login under a
/// new token; every other session of the member ends.
pub async fn confirm(
    pool: &Db,
    mailer: &Mailer,
    lockout_threshold: u32,
    session: &Session,
    code: &str,
) -> Result<(Member, SessionToken), PortalError> {
    totp::check_otp_format(code)?;
    let member_id = session.member_id;
    let token = &session.token;
    let (user_id, name) = store::members::names(pool, member_id).await?;
    let offered = session::offered_secret(pool, token).await?;
    // A code before any offer cannot be right: the secret has not been shown yet.
    let offered = offered.ok_or(ErrorCode::StepOutOfOrder)?;
    let secret = totp::stored_secret(&offered)?;
    let totp = Totp::default();
    let at = now();
    let Some(offset) = totp.verify(&secret, code, at, OTP_WINDOW) else {
        count_failure(pool, mailer, member_id, lockout_threshold).await?;
        record_attempt(pool, member_id, "enrollment", "wrong-code", None).await?;
        return Err(ErrorCode::InvalidOtp.into());
    };
    let step = totp.step(at).saturating_add_signed(offset) as i64;
    // One transaction: the link is made only if none exists (a secret linked meanwhile by
    // another session is never replaced), and this session becomes the only one.
    let mut tx = pool.begin().await?;
    if !store::members::link_authenticator(&mut *tx, member_id, &offered, step, at as i64).await? {
        return Err(ErrorCode::StepOutOfOrder.into());
    }
    session::end_others(&mut *tx, member_id, Some(token)).await?;
    let token = session::promote_to_full(&mut *tx, token).await?;
    tx.commit().await?;
    record_attempt(pool, member_id, "enrollment", "accepted", Some(offset)).await?;
    tracing::info!(%user_id, offset, "authenticator linked");
    Ok((Member { user_id, name }, token))
}
