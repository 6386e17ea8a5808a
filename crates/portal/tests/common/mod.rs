//! The portal as the HTTP tests meet it: the real server on loopback with a database of its own
//! (a SQLite file, or with `KENPO_TEST_BACKEND=postgres` a database on a private PostgreSQL
//! server), mail in a file outbox or sent over real SMTP to a sink on loopback.

#![allow(dead_code)]

pub mod postgres;
pub mod receipts;

use std::path::PathBuf;
use std::time::Duration;

use kenpo_api::portal::SESSION_COOKIE;
use kenpo_api::{ApiError, ErrorCode};
use kenpo_client::{ClientError, PortalClient};
use kenpo_otp::Enrollment;
use kenpo_portal::Config;
use kenpo_portal::mail::MailSetting;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

pub struct Portal {
    pub url: String,
    pub db: String,
    pub outbox: PathBuf,
    http: reqwest::Client,
    config: Config,
    _dir: std::sync::Arc<tempfile::TempDir>,
}

impl Portal {
    /// A demo portal with mail in a file outbox.
    pub async fn start(lockout_threshold: u32) -> Self {
        Self::start_with(lockout_threshold, None, true).await
    }

    pub async fn start_with(lockout_threshold: u32, smtp: Option<String>, demo: bool) -> Self {
        let mail = smtp.map(MailSetting::Smtp);
        Self::start_configured(Config { demo, lockout_threshold, ..Default::default() }, mail).await
    }

    /// A portal with `config`, its database in a fresh directory, and its mail in that
    /// directory's outbox unless `mail` says otherwise.
    pub async fn start_configured(mut config: Config, mail: Option<MailSetting>) -> Self {
        let _ = tracing_subscriber::fmt().with_test_writer().with_env_filter("warn").try_init();
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let outbox = dir.path().join("outbox");
        config.mail = mail.unwrap_or(MailSetting::Outbox(outbox.clone()));
        // Migrated (and seeded) before the first request or admin command, so tests never race
        // the portal's start.
        let pool = kenpo_portal::db::open(&db).await.unwrap();
        if config.demo {
            kenpo_portal::demo::seed(&pool).await.unwrap();
        }
        pool.close().await;
        Self::serve(db, outbox, config, std::sync::Arc::new(dir))
    }

    /// Another instance of this portal, as on a second machine behind a load balancer: the same
    /// database and outbox, its own address, connection pool, brakes and runtime.
    pub fn another_instance(&self) -> Self {
        Self::serve(self.db.clone(), self.outbox.clone(), self.config.clone(), self._dir.clone())
    }

    fn serve(db: String, outbox: PathBuf, config: Config, dir: std::sync::Arc<tempfile::TempDir>) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        // On threads of its own, as a real portal is: what a test's client does (a flood of
        // requests) competes with it for the cores only, not for the test's runtime.
        let (serve_db, serve_config) = (db.clone(), config.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                kenpo_portal::serve(listener, &serve_db, serve_config).await.unwrap()
            })
        });
        Self { url, db, outbox, http: reqwest::Client::new(), config, _dir: dir }
    }

    /// As if `seconds` had passed for the mail limits (cooldown and daily cap).
    pub async fn age_mail_limits(&self, seconds: i64) {
        sqlx::query("UPDATE requested_mail SET at = at - $1")
            .bind(seconds)
            .execute(&self.pool().await)
            .await
            .unwrap();
    }

    /// Waits (up to 5 s) until `count` requested mails have been claimed, sent or not: the work
    /// of a recovery request runs after its answer.
    pub async fn await_mail_claims(&self, count: i64) {
        let pool = self.pool().await;
        let claims =
            || sqlx::query_scalar::<_, i64>("SELECT claims FROM requested_mail_guard").fetch_one(&pool);
        for _ in 0..250 {
            if claims().await.unwrap() >= count {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(claims().await.unwrap(), count, "requested mails claimed");
    }

    /// How many messages the outbox holds for `to`.
    pub fn mails_to(&self, to: &str) -> usize {
        std::fs::read_dir(&self.outbox)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
            .filter(|entry| {
                std::fs::read_to_string(entry.path()).unwrap_or_default().contains(&format!("To: {to}"))
            })
            .count()
    }

    /// Waits (up to 5 s) until the outbox holds `count` messages for `to`: mail is sent in the
    /// background, after the answer.
    pub async fn await_mails_to(&self, to: &str, count: usize) {
        for _ in 0..100 {
            if self.mails_to(to) >= count {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(self.mails_to(to), count, "mails to {to}");
    }

    pub fn client(&self) -> PortalClient {
        PortalClient::new(&self.url).unwrap()
    }

    pub async fn pool(&self) -> kenpo_portal::db::Db {
        kenpo_portal::db::open(&self.db).await.unwrap()
    }

    /// The demo enrollment of `user_id`, as a demo device receives it.
    pub async fn demo_enrollment(&self, user_id: &str) -> Enrollment {
        let list = self.client().demo_authenticators().await.unwrap();
        let entry = list.iter().find(|entry| entry.user_id == user_id).unwrap();
        Enrollment::parse(&entry.otpauth_uri).unwrap()
    }

    /// Waits for the outbox to hold a message to `to` whose body contains `containing`.
    pub async fn mail_to(&self, to: &str, containing: &str) -> String {
        for _ in 0..100 {
            for entry in std::fs::read_dir(&self.outbox).into_iter().flatten().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                if text.contains(&format!("To: {to}")) && text.contains(containing) {
                    return text;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let found: Vec<_> =
            std::fs::read_dir(&self.outbox).into_iter().flatten().flatten().map(|e| e.path()).collect();
        panic!("no mail to {to} containing {containing:?} in {found:?}");
    }
}

/// The database a portal under test runs on: a SQLite file in `dir`, or a fresh PostgreSQL
/// database when `KENPO_TEST_BACKEND=postgres` (`cargo xtask test` runs the suite both ways).
pub async fn database(dir: &std::path::Path) -> String {
    match std::env::var("KENPO_TEST_BACKEND").as_deref() {
        Ok("postgres") => postgres::fresh_database().await,
        Ok("sqlite") | Err(_) => format!("sqlite://{}", dir.join("portal.sqlite").display()),
        Ok(other) => panic!("KENPO_TEST_BACKEND={other}: give sqlite or postgres"),
    }
}

/// Every byte the database at `url` has on disk: the SQLite file and its write-ahead log, or
/// the PostgreSQL cluster's files after a checkpoint has written everything out.
pub async fn database_files(url: &str) -> Vec<u8> {
    let paths: Vec<std::path::PathBuf> = match url.strip_prefix("sqlite://") {
        Some(file) => vec![file.into(), format!("{file}-wal").into()],
        None => postgres::files_after_checkpoint(url).await,
    };
    paths.iter().flat_map(|path| std::fs::read(path).unwrap_or_default()).collect()
}

pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

/// The code a refusal carries; its message must be the Japanese text of that code.
pub fn refusal(result: Result<impl std::fmt::Debug, ClientError>) -> ErrorCode {
    match result {
        Err(ClientError::Refused(error)) => {
            assert_eq!(error.message, error.code.message_ja());
            error.code
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// What the portal answered a raw request: the status, the refusal's code (its shape and
/// Japanese message checked), the session token it set, and the body of an acceptance.
pub struct Answer {
    pub status: u16,
    pub refusal: Option<ErrorCode>,
    pub token: Option<String>,
    pub body: serde_json::Value,
}

/// A raw request to the portal, with `token` (if any) as the session cookie: for tests that
/// hold tokens themselves, or send what the client never would.
pub fn raw(
    portal: &Portal,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
) -> reqwest::RequestBuilder {
    let request = portal.http.request(method, format!("{}{}", portal.url, path.trim_start_matches('/')));
    match token {
        Some(token) => request.header(reqwest::header::COOKIE, format!("{SESSION_COOKIE}={token}")),
        None => request,
    }
}

/// Sends `request`. A refusal must be a 4xx with the `{code, message}` shape; nothing may be
/// a server error.
pub async fn answer(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let token = response.headers().get(reqwest::header::SET_COOKIE).map(|value| {
        let pair = value.to_str().unwrap().split(';').next().unwrap();
        pair.strip_prefix(&format!("{SESSION_COOKIE}=")).unwrap().to_owned()
    });
    let text = response.text().await.unwrap();
    assert!(status < 500, "server error {status}: {text}");
    if status >= 400 {
        let error: ApiError = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status} {text}"));
        assert_eq!(error.message, error.code.message_ja());
        return Answer { status, refusal: Some(error.code), token, body: serde_json::Value::Null };
    }
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    Answer { status, refusal: None, token, body }
}

/// The password step of a login in raw HTTP, sending `cookie` as the session cookie if given;
/// the token of the session it starts.
pub async fn password_step(portal: &Portal, cookie: Option<&str>, user_id: &str, password: &str) -> String {
    let body = serde_json::json!({ "user_id": user_id, "password": password });
    let answer = answer(raw(portal, reqwest::Method::POST, "api/login", cookie).json(&body)).await;
    assert_eq!(answer.status, 200, "{:?}", answer.refusal);
    answer.token.unwrap()
}

/// The code step of a login in raw HTTP, on the session of `token`.
pub async fn code_step(portal: &Portal, token: &str, code: &str) -> Answer {
    let body = serde_json::json!({ "code": code });
    answer(raw(portal, reqwest::Method::POST, "api/login/otp", Some(token)).json(&body)).await
}

/// A whole login of a demo member in raw HTTP; the session's token.
pub async fn login(portal: &Portal, member: &kenpo_api::demo::DemoMember) -> String {
    let enrollment = portal.demo_enrollment(member.user_id).await;
    let pending = password_step(portal, None, member.user_id, member.password).await;
    let answer = code_step(portal, &pending, &enrollment.account.code(&enrollment.secret, now()).0).await;
    assert_eq!(answer.status, 200, "{:?}", answer.refusal);
    answer.token.unwrap()
}

/// The value after `label` on its line of a mail, such as the code after 「確認コード: 」.
pub fn field(mail: &str, label: &str) -> String {
    let line =
        mail.lines().find(|line| line.starts_with(label)).unwrap_or_else(|| panic!("{label} in {mail}"));
    line[label.len()..].trim().to_owned()
}

/// A code from `enrollment` that is not valid at any step near now.
pub fn wrong_code(enrollment: &Enrollment) -> String {
    let near: Vec<String> =
        (0..5).map(|i| enrollment.account.code(&enrollment.secret, now() + i * 30 - 60).0).collect();
    (0..).map(|n| format!("{:06}", 100_000 + n)).find(|code| !near.contains(code)).unwrap()
}

/// A message an SMTP server on loopback accepted: envelope recipients and the raw data.
pub struct ReceivedMail {
    pub recipients: Vec<String>,
    pub data: String,
}

/// A minimal SMTP server on loopback that accepts every message, so the portal's real SMTP
/// client is tested end to end. Returns its `smtp://` URL and the messages as they arrive.
pub async fn smtp_sink() -> (String, mpsc::UnboundedReceiver<ReceivedMail>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut recipients = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.split([' ', ':']).next().unwrap_or_default().to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-sink\r\n250 8BITMIME\r\n",
                        "RCPT" => {
                            let address = line.split(['<', '>']).nth(1).unwrap_or_default();
                            recipients.push(address.to_owned());
                            b"250 OK\r\n"
                        }
                        "DATA" => {
                            write.write_all(b"354 go on\r\n").await.unwrap();
                            let mut data = String::new();
                            while let Ok(Some(line)) = lines.next_line().await {
                                if line == "." {
                                    break;
                                }
                                data.push_str(&line);
                                data.push('\n');
                            }
                            let recipients = std::mem::take(&mut recipients);
                            sender.send(ReceivedMail { recipients, data }).ok();
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.ok();
                            return;
                        }
                        _ => b"250 OK\r\n",
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (url, receiver)
}
