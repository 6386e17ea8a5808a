//! Email to members: confirmation codes [2-7], forgotten user IDs and reset codes [FAQ Q1, Q2],
//! and notices that a recovery happened. Sent over SMTP (lettre), or written to a file outbox
//! (the default, and what demo mode reads).
//!
//! Mail is sent after the answer, in the background: how long sending takes must not tell a
//! caller whether an address exists. A failed send is logged without the mail's content, which
//! may hold a code.

use std::path::PathBuf;
use std::sync::Arc;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rand::RngCore;

use crate::error::PortalError;

/// Where mail goes, as configured.
#[derive(Clone)]
pub enum MailSetting {
    /// One `.eml` file per message in this directory.
    Outbox(PathBuf),
    /// An SMTP server URL: `smtp://host:port` (plain, for a local relay),
    /// `smtp://host:port?tls=required` (STARTTLS) or `smtps://host:port`, with optional
    /// `user:password@`.
    Smtp(String),
}

/// Shows the SMTP server but never the credentials an SMTP URL may carry.
impl std::fmt::Debug for MailSetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Outbox(dir) => f.debug_tuple("Outbox").field(dir).finish(),
            Self::Smtp(url) => {
                let server = url.rsplit_once('@').map_or(url.as_str(), |(_, server)| server);
                f.debug_tuple("Smtp").field(&server).finish()
            }
        }
    }
}

/// One message to a member, in Japanese.
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// The longest line 8-bit mail may carry here (lettre's limit is 76 bytes, CRLF included).
const LINE_BYTES: usize = 72;

/// Breaks lines longer than [`LINE_BYTES`] at character boundaries.
fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len() + text.len() / LINE_BYTES);
    for line in text.split('\n') {
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > LINE_BYTES {
                folded.push('\n');
                width = 0;
            }
            folded.push(c);
            width += c.len_utf8();
        }
        folded.push('\n');
    }
    folded.pop();
    folded
}

#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Arc<Transport>,
}

enum Transport {
    Outbox(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Mailer {
    pub fn new(setting: &MailSetting, from: &str) -> Result<Self, PortalError> {
        let from = from.parse().map_err(|_| PortalError::Config(format!("not a sender address: {from}")))?;
        let transport = match setting {
            MailSetting::Outbox(dir) => {
                std::fs::create_dir_all(dir).map_err(|error| {
                    PortalError::Config(format!("cannot create the mail outbox {}: {error}", dir.display()))
                })?;
                Transport::Outbox(dir.clone())
            }
            MailSetting::Smtp(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|_| PortalError::Config("the SMTP URL cannot be used".into()))?
                    .build(),
            ),
        };
        Ok(Self { from, transport: Arc::new(transport) })
    }

    /// Sends in the background; see the module notes.
    pub fn send_later(&self, mail: Mail) {
        let mailer = self.clone();
        tokio::spawn(async move {
            if let Err(error) = mailer.send(mail).await {
                tracing::error!(%error, "mail not sent");
            }
        });
    }

    pub async fn send(&self, mail: Mail) -> Result<(), PortalError> {
        let to: Mailbox =
            mail.to.parse().map_err(|_| PortalError::Internal("not a recipient address".into()))?;
        // 8-bit text stays readable in the outbox; the SMTP servers of today all take it.
        let body = Body::new_with_encoding(fold(&mail.body), ContentTransferEncoding::EightBit)
            .map_err(|_| PortalError::Internal("mail body cannot be sent as 8-bit text".into()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|error| PortalError::Internal(format!("mail cannot be built: {error}")))?;
        match self.transport.as_ref() {
            Transport::Outbox(dir) => {
                let mut tag = [0u8; 4];
                rand::rngs::OsRng.fill_bytes(&mut tag);
                let name = format!("{}-{}.eml", crate::clock::now(), data_encoding::HEXLOWER.encode(&tag));
                let partial = dir.join(format!(".{name}"));
                tokio::fs::write(&partial, message.formatted())
                    .await
                    .map_err(|error| PortalError::Internal(format!("outbox: {error}")))?;
                // Renamed into place, so a reader never sees half a message.
                tokio::fs::rename(&partial, dir.join(name))
                    .await
                    .map_err(|error| PortalError::Internal(format!("outbox: {error}")))?;
            }
            Transport::Smtp(smtp) => {
                smtp.send(message).await.map_err(|error| PortalError::Internal(format!("SMTP: {error}")))?;
            }
        }
        Ok(())
    }
}

/// Requested mail (codes, reminders): at most one of a kind to an address in this many seconds
/// (a member correcting a mistyped address, or asking for the user ID and then a reset code, is
/// not held up)…
pub const MAIL_COOLDOWN_SECONDS: i64 = 60;
/// …and this many a day, to an address and for an account.
pub const MAIL_DAILY_CAP: i64 = 10;
const DAY_SECONDS: i64 = 24 * 60 * 60;

/// Claims the sending of one requested mail of `kind` to `address` (for `member_id`, if it
/// concerns an account): true, and counted, while the address is out of its
/// [`MAIL_COOLDOWN_SECONDS`] for this kind and neither it nor the account has reached
/// [`MAIL_DAILY_CAP`]. Concurrent claims cannot pass the limits together (see
/// `store::mail::claim`).
pub async fn claim(
    pool: &crate::db::Db,
    kind: &str,
    address: &str,
    member_id: Option<i64>,
) -> Result<bool, PortalError> {
    use sha2::Digest;
    let address_hash = sha2::Sha256::digest(address.trim().to_lowercase().as_bytes());
    let limits = crate::store::mail::Limits {
        cooldown: MAIL_COOLDOWN_SECONDS,
        window: DAY_SECONDS,
        cap: MAIL_DAILY_CAP,
    };
    let at = crate::clock::now() as i64;
    let claimed = crate::store::mail::claim(pool, at, (&address_hash, kind, member_id), &limits).await?;
    if !claimed {
        tracing::info!(?member_id, kind, "requested mail not sent: cooldown or daily cap reached");
    }
    Ok(claimed)
}

#[cfg(test)]
mod tests {
    /// Every address the rules take is one the mailer can send to: each printable half-width
    /// character alone, between letters and beside a dot, in the local part and the domain.
    #[test]
    fn every_address_the_rules_take_can_be_sent_to() {
        let mut taken = 0;
        for c in '!'..='~' {
            for local in [format!("{c}"), format!("a{c}b"), format!("a.{c}"), format!("{c}.a")] {
                for domain in ["example.jp".to_owned(), format!("ex{c}ample.jp"), format!("example.{c}jp")] {
                    let address = format!("{local}@{domain}");
                    if kenpo_api::rules::check_email(&address).is_ok() {
                        taken += 1;
                        assert!(address.parse::<lettre::message::Mailbox>().is_ok(), "{address}");
                    }
                }
            }
        }
        assert!(taken > 100, "{taken}");
    }

    #[test]
    fn smtp_credentials_stay_out_of_debug_output() {
        let setting = super::MailSetting::Smtp("smtps://kenpo:Hunter2-Secret@mail.example:465".into());
        let shown = format!("{setting:?}");
        assert!(!shown.contains("Hunter2") && shown.contains("mail.example:465"), "{shown}");
    }

    #[test]
    fn long_japanese_lines_are_folded_without_splitting_a_character() {
        let line = "けんぽポータルの初回登録で、このメールアドレスが入力されました。";
        let folded = super::fold(&format!("{line}\n\n確認コード: 123456\n"));
        assert!(folded.lines().all(|line| line.len() <= super::LINE_BYTES), "{folded}");
        assert_eq!(folded.replace('\n', ""), format!("{line}確認コード: 123456"));
        assert!(folded.contains("\n確認コード: 123456\n"));
    }
}
