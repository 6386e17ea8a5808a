//! The app's commands on Tauri's mock runtime, with the in-memory keychain, against the real
//! portal on loopback: each command's answers, each bad input, and no secret in any answer.

use std::path::PathBuf;
use std::sync::Once;

use kenpo_api::demo::ENROLLED;
use kenpo_app_lib::lock::AppLock;
use kenpo_app_lib::settings::Settings;
use kenpo_app_lib::vault::Vault;
use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

const DEMO_USER_ID: &str = ENROLLED.user_id;
const DEMO_PASSWORD: &str = ENROLLED.password;

/// The app on the mock runtime with its own vault directory.
struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    vault_dir: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestApp {
    fn new(portal_url: &str) -> Self {
        Self::with_lock(portal_url, AppLock::new(false, false))
    }

    fn with_lock(portal_url: &str, lock: AppLock) -> Self {
        static KEYCHAIN: Once = Once::new();
        KEYCHAIN.call_once(|| keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap()));
        let dir = tempfile::tempdir().unwrap();
        let vault_dir = dir.path().to_owned();
        let app = kenpo_app_lib::with_commands(
            mock_builder(),
            portal_url.to_owned(),
            Vault::new(vault_dir.clone()),
            Settings::new(dir.path().join("config.json")),
            lock,
        )
        .build(mock_context(noop_assets()))
        .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        Self { _app: app, window, vault_dir, _dir: dir }
    }

    fn call(&self, command: &str, args: Value) -> Result<Value, Value> {
        self.invoke(command, InvokeBody::Json(args))
    }

    /// A command whose body is raw bytes, as the UI sends an image.
    fn call_raw(&self, command: &str, bytes: Vec<u8>) -> Result<Value, Value> {
        self.invoke(command, InvokeBody::Raw(bytes))
    }

    fn invoke(&self, command: &str, body: InvokeBody) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The app's own origin: what the bundled UI calls from.
            url: self.window.url().unwrap(),
            body,
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }

    fn refusal(&self, command: &str, args: Value) -> String {
        let error = self.call(command, args).expect_err("the command should refuse");
        let message = error["message"].as_str().unwrap();
        assert!(!message.is_empty() && !message.is_ascii(), "a Japanese message: {error}");
        error["code"].as_str().unwrap().to_owned()
    }
}

/// Everything any test in this process logs, at trace level.
fn captured_log() -> &'static std::sync::Mutex<Vec<u8>> {
    static LOG: std::sync::OnceLock<&'static std::sync::Mutex<Vec<u8>>> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let log: &'static std::sync::Mutex<Vec<u8>> = Box::leak(Box::default());
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || LogWriter(log))
            .init();
        log
    })
}

struct LogWriter(&'static std::sync::Mutex<Vec<u8>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A demo portal on loopback, served from its own runtime thread until the test process ends
/// (which is why its directory is kept, not deleted, when the test returns).
fn start_portal() -> String {
    start_portal_with_outbox().0
}

/// The same, and the directory its mail is written to.
fn start_portal_with_outbox() -> (String, PathBuf) {
    let dir = tempfile::tempdir().unwrap().keep();
    let db = format!("sqlite://{}", dir.join("portal.sqlite").display());
    let outbox = dir.join("outbox");
    let mail = kenpo_portal::mail::MailSetting::Outbox(outbox.clone());
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            sender.send(format!("http://{}/", listener.local_addr().unwrap())).unwrap();
            let config = kenpo_portal::Config { demo: true, mail, ..Default::default() };
            kenpo_portal::serve(listener, &db, config).await.unwrap();
        });
    });
    (receiver.recv().unwrap(), outbox)
}

/// Waits for the outbox to hold a mail to `to` with a line starting with `label`, and returns
/// the rest of that line (the code a mail carries).
fn mailed(outbox: &std::path::Path, to: &str, label: &str) -> String {
    for _ in 0..200 {
        for entry in std::fs::read_dir(outbox).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if !text.contains(&format!("To: {to}")) {
                continue;
            }
            if let Some(line) = text.lines().find(|line| line.starts_with(label)) {
                return line[label.len()..].trim().to_owned();
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("no mail to {to} with {label:?}");
}

fn demo_enrollment(portal_url: &str) -> Enrollment {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let list = runtime.block_on(PortalClient::new(portal_url).unwrap().demo_authenticators()).unwrap();
    Enrollment::parse(&list[0].otpauth_uri).unwrap()
}

fn unused_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}/", listener.local_addr().unwrap())
}

#[test]
fn member_logs_in_with_the_code_the_vault_makes_and_no_answer_or_log_line_holds_the_secret() {
    let log = captured_log();
    let portal_url = start_portal();
    let app = TestApp::new(&portal_url);
    let enrollment = demo_enrollment(&portal_url);
    Vault::new(app.vault_dir.clone()).add(&enrollment, Some(&portal_url), 0).unwrap();

    let mut answers = Vec::new();
    let code = app.call("current_code", json!({ "user_id": DEMO_USER_ID })).unwrap();
    assert_eq!(code["code"].as_str().unwrap().len(), 6);
    // Never a code about to end: under 3 s left, the next step's code (up to 60 s) is given.
    let seconds_left = code["seconds_left"].as_u64().unwrap();
    assert!((kenpo_app_lib::vault::LOGIN_MARGIN_SECONDS..=60).contains(&seconds_left), "{code}");
    answers.push(code.clone());
    // One call: the password step, then the device's own code, chosen and submitted by the app.
    let outcome = app.call("login", json!({ "user_id": DEMO_USER_ID, "password": DEMO_PASSWORD })).unwrap();
    assert_eq!(
        (outcome["next"].as_str(), outcome["member"]["name"].as_str()),
        (Some("logged-in"), Some(ENROLLED.name))
    );
    answers.push(outcome);
    answers.push(app.call("me", json!({})).unwrap());
    answers.push(app.call("logout", json!({})).unwrap());
    answers.push(app.call("me", json!({})).unwrap_err());

    let secret = enrollment.secret.to_base32();
    for answer in answers {
        let text = answer.to_string();
        assert!(!text.contains(secret.as_str()), "secret in {text}");
        assert!(!text.contains(DEMO_PASSWORD), "password in {text}");
        assert!(!text.contains("kenpo_session"), "session in {text}");
    }
    let log = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    assert!(log.contains("TRACE"), "the log was not at trace level");
    assert!(!log.contains(secret.as_str()), "the secret is in the log");
    assert!(!log.contains(DEMO_PASSWORD), "the password is in the log");
    let leaked: Vec<&str> = log.lines().filter(|line| line.contains("kenpo_session=")).collect();
    assert!(leaked.is_empty(), "a session cookie is in the log: {leaked:#?}");
}

#[test]
fn empty_and_oversized_fields_are_refused_before_they_travel() {
    // No portal listens here: a refusal that reached the network would be `portal-unreachable`.
    let app = TestApp::new(&unused_port_url());
    assert_eq!(app.refusal("login", json!({ "user_id": "", "password": "x" })), "missing-user-id");
    assert_eq!(app.refusal("login", json!({ "user_id": "  ", "password": "x" })), "missing-user-id");
    assert_eq!(app.refusal("login", json!({ "user_id": DEMO_USER_ID, "password": "" })), "missing-password");
    let huge = "p".repeat(10_000);
    assert_eq!(
        app.refusal("login", json!({ "user_id": DEMO_USER_ID, "password": huge })),
        "password-too-long"
    );
    assert_eq!(
        app.refusal("login", json!({ "user_id": "u".repeat(200), "password": "x" })),
        "user-id-too-long"
    );
}

#[test]
fn a_code_with_letters_is_refused_and_a_code_before_the_password_step_too() {
    let app = TestApp::new(&unused_port_url());
    assert_eq!(app.refusal("submit_otp", json!({ "code": "12a456" })), "malformed-otp");
    assert_eq!(app.refusal("submit_otp", json!({ "code": "1234567" })), "malformed-otp");
    assert_eq!(app.refusal("submit_otp", json!({ "code": "123456" })), "password-step-required");
}

#[test]
fn a_portal_that_is_down_is_reported_and_the_app_keeps_answering() {
    let app = TestApp::new(&unused_port_url());
    assert_eq!(
        app.refusal("login", json!({ "user_id": DEMO_USER_ID, "password": DEMO_PASSWORD })),
        "portal-unreachable"
    );
    assert_eq!(app.refusal("me", json!({})), "portal-unreachable");
    assert_eq!(
        app.call("current_code", json!({ "user_id": DEMO_USER_ID })),
        Ok(Value::Null),
        "no code, no error"
    );
}

#[test]
fn wrong_password_gets_the_guides_message() {
    let portal_url = start_portal();
    let app = TestApp::new(&portal_url);
    let error =
        app.call("login", json!({ "user_id": DEMO_USER_ID, "password": "Wrong-Pass-2026" })).unwrap_err();
    assert_eq!(
        error,
        json!({ "code": "invalid-credentials", "message": "無効なユーザーID またはパスワードです。" })
    );
}

#[test]
fn a_member_on_the_initial_password_registers_step_by_step_and_links_this_device() {
    let log = captured_log();
    let (portal_url, outbox) = start_portal_with_outbox();
    let app = TestApp::new(&portal_url);
    let member = kenpo_api::demo::INITIAL;
    let new_password = "Kenpo!2026-app";
    let email = "ichiro.app@example.co.jp";
    let register =
        |step: &str, value: &str| app.call("register", json!({ "input": { "step": step, "value": value } }));
    let refused =
        |step: &str, value: &str| register(step, value).unwrap_err()["code"].as_str().unwrap().to_owned();
    assert_eq!(refused("birth-date", member.birth_date), "not-logged-in");

    let mut answers =
        vec![app.call("login", json!({ "user_id": member.user_id, "password": member.password })).unwrap()];
    assert_eq!(
        (answers[0]["next"].as_str(), answers[0]["state"]["next"].as_str()),
        (Some("registration"), Some("birth-date"))
    );
    let version = answers[0]["state"]["terms"]["version"].as_str().unwrap().to_owned();

    // What cannot be right is refused before it travels, and the step stays where it was.
    assert_eq!(refused("birth-date", "2001/01/01"), "birth-date-format");
    assert_eq!(refused("birth-date", "20010230"), "birth-date-format");
    assert_eq!(refused("birth-date", "19990101"), "birth-date-mismatch");
    answers.push(register("birth-date", "２００１０１０１").unwrap());
    assert_eq!(answers.last().unwrap()["next"], "terms");
    assert_eq!(refused("agree-terms", "1999-01-01"), "terms-changed");
    answers.push(register("agree-terms", &version).unwrap());
    assert_eq!(refused("user-id", ""), "missing-user-id");
    assert_eq!(refused("user-id", &"a".repeat(200)), "user-id-length");
    assert_eq!(refused("user-id", "ichiro suzuki"), "user-id-characters");
    answers.push(register("user-id", member.user_id).unwrap());
    assert_eq!(answers.last().unwrap()["next"], "password");
    assert_eq!(refused("password", &"p".repeat(10_000)), "password-length");
    assert_eq!(refused("password", "Ｋｅｎｐｏ２０２６"), "password-full-width");
    assert_eq!(refused("password", member.password), "password-is-initial");
    answers.push(register("password", new_password).unwrap());
    assert_eq!(refused("email", "ichiro@"), "email-invalid");
    answers.push(register("email", "typo@example.co.jp").unwrap());
    // A corrected address gets its own code; the first one no longer completes anything.
    let stale = mailed(&outbox, "typo@example.co.jp", "確認コード:");
    answers.push(register("email", email).unwrap());
    assert_eq!(answers.last().unwrap()["pending_email"], email);
    assert_eq!(refused("email-code", ""), "malformed-code");
    assert_eq!(refused("email-code", &stale), "invalid-email-code");
    let code = mailed(&outbox, email, "確認コード:");
    answers.push(register("email-code", &code).unwrap());
    assert_eq!(answers.last().unwrap()["next"], "complete");

    // Straight on to linking this device, without logging in again.
    let linked = app.call("enroll_from_portal", json!({})).unwrap();
    assert_eq!(linked["name"], member.name);
    answers.push(linked);
    answers.push(app.call("logout", json!({})).unwrap());
    let again = app.call("login", json!({ "user_id": member.user_id, "password": new_password })).unwrap();
    assert_eq!(again["next"], "logged-in");
    answers.push(again);

    for answer in &answers {
        let text = answer.to_string();
        assert!(!text.contains(new_password) && !text.contains(&code), "{text}");
    }
    let log = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    assert!(!log.contains(new_password), "the new password is in the log");
}

#[test]
fn a_member_links_this_device_in_one_step_and_logs_in_again_with_its_code_at_once() {
    let log = captured_log();
    let portal_url = start_portal();
    let app = TestApp::new(&portal_url);
    let member = kenpo_api::demo::NOT_ENROLLED;
    let credentials = json!({ "user_id": member.user_id, "password": member.password });
    assert_eq!(app.refusal("enroll_from_portal", json!({})), "not-logged-in");

    let mut answers = vec![app.call("login", credentials.clone()).unwrap()];
    assert_eq!(answers[0], json!({ "next": "enrollment" }));
    let linked = app.call("enroll_from_portal", json!({})).unwrap();
    assert_eq!(linked["name"], member.name);
    answers.push(linked);
    answers.push(app.call("me", json!({})).unwrap());
    let accounts = Vault::new(app.vault_dir.clone()).accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(
        (accounts[0].meta.name.as_str(), accounts[0].portal.as_deref()),
        (member.user_id, Some(portal_url.as_str()))
    );

    // Logging in again within the same 30 s: the device takes the next step's code, because the
    // portal has already taken this one.
    answers.push(app.call("logout", json!({})).unwrap());
    answers.push(app.call("current_code", json!({ "user_id": member.user_id })).unwrap());
    let again = app.call("login", credentials).unwrap();
    assert_eq!(again["member"]["name"], member.name);
    answers.push(again);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let list = runtime.block_on(PortalClient::new(&portal_url).unwrap().demo_authenticators()).unwrap();
    let uri = &list.iter().find(|entry| entry.user_id == member.user_id).unwrap().otpauth_uri;
    let secret = Enrollment::parse(uri).unwrap().secret.to_base32();
    for answer in &answers {
        let text = answer.to_string();
        assert!(!text.contains(secret.as_str()) && !text.contains(member.password), "{text}");
    }
    let log = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    assert!(!log.contains(secret.as_str()), "the enrolled secret is in the log");
}

#[test]
fn a_member_removes_this_devices_authenticator_and_the_next_login_links_again() {
    let portal_url = start_portal();
    let app = TestApp::new(&portal_url);
    let member = kenpo_api::demo::NOT_ENROLLED;
    let credentials = json!({ "user_id": member.user_id, "password": member.password });
    assert_eq!(app.refusal("remove_authenticator", json!({})), "not-logged-in");
    app.call("login", credentials.clone()).unwrap();
    app.call("enroll_from_portal", json!({})).unwrap();

    // Right after linking: the device waits for a step the portal has not taken.
    app.call("remove_authenticator", json!({})).unwrap();
    assert!(Vault::new(app.vault_dir.clone()).accounts().unwrap().is_empty());
    assert_eq!(app.refusal("me", json!({})), "not-logged-in");
    assert_eq!(app.call("login", credentials.clone()).unwrap(), json!({ "next": "enrollment" }));

    // A device that does not hold the authenticator cannot remove it; the portal keeps it.
    app.call("enroll_from_portal", json!({})).unwrap();
    let vault = Vault::new(app.vault_dir.clone());
    vault.remove(&vault.accounts().unwrap()[0].id).unwrap();
    assert_eq!(app.refusal("remove_authenticator", json!({})), "no-authenticator");
    assert_eq!(app.call("me", json!({})).unwrap()["name"], member.name);
    assert_eq!(
        app.call("login", credentials).unwrap(),
        json!({ "next": "code-needed", "device_problem": null })
    );
}

#[test]
fn the_portal_address_is_https_or_loopback_and_is_saved_only_once_a_portal_answers_there() {
    let first = start_portal();
    let app = TestApp::new(&first);
    let config = app.vault_dir.join("config.json");
    assert_eq!(app.call("portal_address", json!({})).unwrap(), json!(first));
    let member = kenpo_api::demo::NOT_ENROLLED;
    app.call("login", json!({ "user_id": member.user_id, "password": member.password })).unwrap();

    for (url, code) in [
        ("http://portal.example-kenpo.or.jp/", "portal-url-insecure"),
        ("ftp://portal.example-kenpo.or.jp/", "portal-url-invalid"),
        ("https://user:pw@portal.example-kenpo.or.jp/", "portal-url-invalid"),
        ("", "portal-url-invalid"),
        (unused_port_url().as_str(), "portal-unreachable"),
    ] {
        assert_eq!(app.refusal("set_portal_address", json!({ "url": url })), code, "{url}");
    }
    let long = format!("https://{}.jp/", "a".repeat(100_000));
    assert_eq!(app.refusal("set_portal_address", json!({ "url": long })), "portal-url-invalid");
    assert!(!config.exists(), "nothing saved");
    assert_eq!(app.call("portal_address", json!({})).unwrap(), json!(first));
    assert_eq!(app.call("enroll_from_portal", json!({})).unwrap()["name"], member.name, "the session stays");

    let second = start_portal();
    let typed = format!("  {}", second.trim_end_matches('/'));
    assert_eq!(app.call("set_portal_address", json!({ "url": typed })).unwrap(), json!(second));
    assert_eq!(app.call("portal_address", json!({})).unwrap(), json!(second));
    assert_eq!(app.refusal("me", json!({})), "not-logged-in", "a new portal, a new session");
    let saved: Value = serde_json::from_slice(&std::fs::read(&config).unwrap()).unwrap();
    assert_eq!(saved["portal_url"], json!(second));
    // Another portal, another database: the member links this device there too.
    let answer = app.call("login", json!({ "user_id": member.user_id, "password": member.password }));
    assert_eq!(answer.unwrap(), json!({ "next": "enrollment" }));
}

#[test]
fn the_licences_list_every_crate_of_the_app_and_the_ui_from_cargo_lock() {
    let app = TestApp::new(&unused_port_url());
    let list = app.call("licences", json!({})).unwrap();
    let list = list.as_array().unwrap();
    let lock = include_str!("../../Cargo.lock");
    let find = |name: &str| {
        list.iter().find(|entry| entry["name"] == name).unwrap_or_else(|| panic!("{name} missing"))
    };
    // The shell's crates, the UI's (wasm32 only), and none of the portal's or the tests'.
    for name in ["tauri", "keyring-core", "yew", "wasm-bindgen", "zeroize"] {
        let entry = find(name);
        assert!(!entry["licence"].as_str().unwrap().is_empty());
        let locked = format!("name = \"{name}\"\nversion = \"{}\"", entry["version"].as_str().unwrap());
        assert!(lock.contains(&locked), "{name} {} is not the locked version", entry["version"]);
    }
    for absent in ["axum", "sqlx", "fantoccini", "kenpo-portal", "kenpo-app"] {
        assert!(!list.iter().any(|entry| entry["name"] == absent), "{absent} is not shipped in the app");
    }
}

#[test]
fn a_closed_app_lock_shows_no_code_uses_no_secret_and_reaches_no_session() {
    let portal_url = start_portal();
    // The lock of a phone that has not passed the prompt; this machine has no prompt to pass.
    let app = TestApp::with_lock(&portal_url, AppLock::new(true, true));
    app.call("add_from_text", json!({ "text": format!("otpauth://totp/A:kept?secret={SECRET}") })).unwrap();
    let id = Vault::new(app.vault_dir.clone()).accounts().unwrap()[0].id.clone();
    assert_eq!(
        app.call("app_lock_status", json!({})).unwrap(),
        json!({ "available": true, "enabled": true, "locked": true })
    );
    let member = ENROLLED;
    for (command, args) in [
        ("list_accounts", json!({})),
        ("copy_code", json!({ "id": id })),
        ("current_code", json!({ "user_id": member.user_id })),
        ("login", json!({ "user_id": member.user_id, "password": member.password })),
        ("me", json!({})),
        ("remove_authenticator", json!({})),
        (
            "reset_password",
            json!({ "user_id": member.user_id, "reset_code": "12345678", "new_password": RESET_PASSWORD }),
        ),
        ("set_app_lock", json!({ "enabled": false })),
    ] {
        assert_eq!(app.refusal(command, args), "app-locked", "{command}");
    }
    assert_eq!(app.refusal("unlock_app", json!({})), "app-lock-unavailable");
    assert!(!app.vault_dir.join("config.json").exists(), "the lock stays as it was");

    // A desktop: no lock to turn on, and a phone's setting locks nothing here.
    let desktop = TestApp::with_lock(&portal_url, AppLock::new(false, true));
    assert_eq!(
        desktop.call("app_lock_status", json!({})).unwrap(),
        json!({ "available": false, "enabled": false, "locked": false })
    );
    assert_eq!(desktop.refusal("set_app_lock", json!({ "enabled": true })), "app-lock-unavailable");
    assert_eq!(desktop.call("list_accounts", json!({})).unwrap(), json!([]));
}

#[test]
fn an_enrollment_the_portal_does_not_offer_stores_nothing() {
    let portal_url = start_portal();
    let app = TestApp::new(&portal_url);
    // An enrolled member's session is at the code step, and this device has no code for them:
    // the member is asked to type one. The portal offers no enrollment.
    let outcome = app.call("login", json!({ "user_id": DEMO_USER_ID, "password": DEMO_PASSWORD })).unwrap();
    assert_eq!(outcome, json!({ "next": "code-needed", "device_problem": null }));
    assert_eq!(app.refusal("enroll_from_portal", json!({})), "step-out-of-order");
    assert!(Vault::new(app.vault_dir.clone()).accounts().unwrap().is_empty());
}

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn qr_png(text: &str) -> Vec<u8> {
    let image = qrcode::QrCode::new(text.as_bytes()).unwrap().render::<image::Luma<u8>>().build();
    let mut png = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    png
}

fn raw_refusal(app: &TestApp, bytes: Vec<u8>) -> String {
    app.call_raw("add_from_image", bytes).expect_err("the image should be refused")["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A Google Authenticator export of `accounts` (secret, name, issuer, kind: 1 HOTP, 2 TOTP),
/// encoded by hand as its protobuf: SHA1, 6 digits.
fn google_export(accounts: &[(&[u8], &str, &str, u8)]) -> String {
    fn field(tag: u8, bytes: &[u8]) -> Vec<u8> {
        let mut out = vec![tag, bytes.len() as u8];
        out.extend_from_slice(bytes);
        out
    }
    let mut payload = Vec::new();
    for (secret, name, issuer, kind) in accounts {
        let mut parameters =
            [field(0x0a, secret), field(0x12, name.as_bytes()), field(0x1a, issuer.as_bytes())].concat();
        parameters.extend_from_slice(&[0x20, 1, 0x28, 1, 0x30, *kind]);
        payload.extend(field(0x0a, &parameters));
    }
    payload.extend_from_slice(&[0x10, 1, 0x18, 1, 0x20, 0, 0x28, 9]);
    let data =
        data_encoding::BASE64.encode(&payload).replace('+', "%2B").replace('/', "%2F").replace('=', "%3D");
    format!("otpauth-migration://offline?data={data}")
}

#[test]
fn accounts_are_added_by_pasted_code_image_typed_key_and_export_then_renamed_moved_and_deleted() {
    let log = captured_log();
    let app = TestApp::new(&unused_port_url());
    let mut answers = Vec::new();

    let uri = format!("otpauth://totp/Example:alice@example.jp?secret={SECRET}&issuer=Example");
    let added = app.call("add_from_text", json!({ "text": uri })).unwrap();
    assert_eq!(added["added"][0]["name"], "alice@example.jp");
    answers.push(added);
    assert_eq!(app.refusal("add_from_text", json!({ "text": uri })), "duplicate-account");

    let image = qr_png(&format!("otpauth://totp/Bank:bob?secret={SECRET}&issuer=Bank"));
    let added = app.call_raw("add_from_image", image).unwrap();
    assert_eq!(added["added"][0]["issuer"], "Bank");
    answers.push(added);

    // 「コードを手動で入力」: spaces and lower case as a member types them.
    let typed = "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp";
    let check = app.call("check_typed_key", json!({ "secret": typed })).unwrap();
    assert_eq!(check, json!({ "bits": 160, "weak": false }));
    answers.push(check);
    answers.push(app.call("add_typed_key", json!({ "secret": typed, "name": "会社のメール" })).unwrap());

    let export = google_export(&[
        (b"12345678901234567890", "carol", "Shop", 2),
        (b"abcdefghijabcdefghij", "dave", "Game", 2),
        (b"klmnopqrstklmnopqrst", "legacy", "Old", 1),
    ]);
    let added = app.call("add_from_text", json!({ "text": export })).unwrap();
    assert_eq!(added["added"].as_array().unwrap().len(), 2);
    assert_eq!(added["unsupported"], json!(["legacy"]));
    answers.push(added);

    let list = app.call("list_accounts", json!({})).unwrap();
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["alice@example.jp", "bob", "会社のメール", "carol", "dave"]);
    let first = &list[0];
    assert_eq!(first["code"].as_str().unwrap().len(), 6);
    assert_eq!(first["portal"], false);
    answers.push(list.clone());

    let id = |n: usize| list[n]["id"].as_str().unwrap().to_owned();
    app.call("rename_account", json!({ "id": id(2), "name": "仕事用" })).unwrap();
    app.call("move_account", json!({ "id": id(4), "position": 0 })).unwrap();
    app.call("delete_account", json!({ "id": id(1) })).unwrap();
    assert_eq!(app.refusal("delete_account", json!({ "id": id(1) })), "account-not-found");
    assert_eq!(app.refusal("rename_account", json!({ "id": id(0), "name": "  " })), "account-name-missing");
    let list = app.call("list_accounts", json!({})).unwrap();
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["dave", "alice@example.jp", "仕事用", "carol"]);
    answers.push(list);

    for answer in &answers {
        let text = answer.to_string().to_uppercase();
        assert!(!text.contains("JBSWY3DP") && !text.contains("GEZDGNBVGY3TQOJQ"), "a secret in {text}");
    }
    let log = String::from_utf8(log.lock().unwrap().clone()).unwrap().to_uppercase();
    assert!(!log.contains("JBSWY3DP") && !log.contains("GEZDGNBVGY3TQOJQ"), "a secret is in the log");
}

#[test]
fn what_cannot_be_an_account_is_refused_by_name_and_stores_nothing() {
    let app = TestApp::new(&unused_port_url());
    for (text, code) in [
        ("https://kenpo.example/login", "not-an-enrollment-code"),
        ("otpauth://totp/X:y?secret=1189!!", "secret-invalid"),
        ("otpauth://totp/X:y?secret=JBSWY3DP", "secret-too-short"),
        ("otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP&digits=12", "bad-enrollment"),
        ("otpauth://hotp/X:y?secret=JBSWY3DPEHPK3PXP&counter=1", "hotp-not-supported"),
        ("otpauth-migration://offline?data=%%%", "bad-enrollment"),
    ] {
        assert_eq!(app.refusal("add_from_text", json!({ "text": text })), code, "{text}");
    }
    assert_eq!(raw_refusal(&app, qr_png("https://kenpo.example/")), "not-an-enrollment-code");
    let blank = image::GrayImage::from_pixel(200, 200, image::Luma([255]));
    let mut png = Vec::new();
    blank.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    assert_eq!(raw_refusal(&app, png), "qr-not-found");
    assert_eq!(raw_refusal(&app, b"not an image at all".to_vec()), "not-an-image");
    assert_eq!(app.refusal("add_from_image", json!({ "image": "x" })), "not-an-image");
    // Over the size limit in bytes, and a small file over the limit in pixels (kenpo-qr's own
    // tests forge headers that claim billions).
    assert_eq!(raw_refusal(&app, vec![0u8; 21 * 1024 * 1024]), "image-too-large");
    let mut wide = Vec::new();
    let image = image::GrayImage::new(kenpo_qr::MAX_SIDE + 1, 1);
    image.write_to(&mut std::io::Cursor::new(&mut wide), image::ImageFormat::Png).unwrap();
    assert_eq!(raw_refusal(&app, wide), "image-too-large");
    for (secret, name, code) in [
        ("JBSWY3DPEHPK3PXP", "", "account-name-missing"),
        ("JBSW Y3DP 0189", "x", "secret-invalid"),
        ("", "x", "secret-invalid"),
        ("JBSWY3DP", "x", "secret-too-short"),
    ] {
        assert_eq!(
            app.refusal("add_typed_key", json!({ "secret": secret, "name": name })),
            code,
            "{secret:?}"
        );
    }
    assert_eq!(app.refusal("check_typed_key", json!({ "secret": "JBSWY3D1" })), "secret-invalid");
    assert_eq!(app.call("list_accounts", json!({})).unwrap(), json!([]));
}

#[test]
fn the_clock_offset_to_the_portal_is_measured_and_a_portal_that_is_down_is_reported() {
    let app = TestApp::new(&start_portal());
    let offset = app.call("clock_offset", json!({})).unwrap();
    assert!(offset["offset_ms"].as_i64().unwrap().abs() < 2_000, "{offset}");
    assert_eq!(offset["warn"], false);
    assert_eq!(TestApp::new(&unused_port_url()).refusal("clock_offset", json!({})), "portal-unreachable");
}

/// A new password sent with a reset: it must not come back in an answer or a log line.
const RESET_PASSWORD: &str = "Kenpo!2026-never-echoed";

/// Every command registered in `src/lib.rs`, called once with a secret in play: no answer and
/// no log line holds the secret, the password or the session cookie.
#[test]
fn every_registered_command_answers_without_a_secret() {
    let log = captured_log();
    let portal_url = start_portal();
    let app = TestApp::new(&portal_url);
    let member = kenpo_api::demo::NOT_ENROLLED;
    let typed_secret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U";
    let mut called = std::collections::BTreeSet::new();
    let mut answers = Vec::new();
    let mut call = |command: &str, args: Value| {
        called.insert(command.to_owned());
        answers.push(app.call(command, args).unwrap_or_else(|error| error));
    };
    call("can_scan", json!({}));
    call("clock_offset", json!({}));
    // Before a login, so that the secret stays linked for the check below (the removal itself
    // is tested on its own).
    call("remove_authenticator", json!({}));
    call("portal_address", json!({}));
    call("licences", json!({}));
    call("app_lock_status", json!({}));
    call("unlock_app", json!({}));
    call("set_app_lock", json!({ "enabled": true }));
    call("set_portal_address", json!({ "url": "http://portal.example-kenpo.or.jp/" }));
    call("login", json!({ "user_id": member.user_id, "password": member.password }));
    call("enroll_from_portal", json!({}));
    // The secret the portal linked, read before `remove_authenticator` removes it.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let list = runtime.block_on(PortalClient::new(&portal_url).unwrap().demo_authenticators()).unwrap();
    let uri = &list.iter().find(|entry| entry.user_id == member.user_id).unwrap().otpauth_uri;
    let enrolled = Enrollment::parse(uri).unwrap().secret.to_base32();
    call("me", json!({}));
    call("medical_notices", json!({ "year": null, "person": null, "page": 1 }));
    call("benefit_notices", json!({ "person": null, "page": 1 }));
    call("qualification_notices", json!({}));
    call("subsidy_overview", json!({}));
    call("diagnostics", json!({}));
    call("copy_diagnostics_report", json!({}));
    call("save_diagnostics_report", json!({}));
    call("unstage_receipt", json!({ "id": 1 }));
    call("send_application", json!({ "id": null, "form": subsidy_form("01") }));
    call("current_code", json!({ "user_id": member.user_id }));
    call("logout", json!({}));
    // Logged out, so refused before the save dialog (which the test app does not have) opens.
    call("save_notice_file", json!({ "file": { "file": "medical-pdf", "year": 2025, "person": null } }));
    call("login", json!({ "user_id": member.user_id, "password": member.password }));
    call("submit_otp", json!({ "code": "000000" }));
    call("register", json!({ "input": { "step": "password", "value": member.password } }));
    call("forgot_user_id", json!({ "email": member.email }));
    call("forgot_password", json!({ "user_id": member.user_id, "email": member.email }));
    let reset =
        json!({ "user_id": member.user_id, "reset_code": "12345678", "new_password": RESET_PASSWORD });
    call("reset_password", reset);
    call("change_password", json!({ "current_password": member.password, "new_password": RESET_PASSWORD }));
    call("change_email", json!({ "email": "hanako.new@example.jp" }));
    call("confirm_email_change", json!({ "code": "123456" }));
    call("check_typed_key", json!({ "secret": typed_secret }));
    call("add_typed_key", json!({ "secret": typed_secret, "name": "typed" }));
    call("add_from_text", json!({ "text": format!("otpauth://totp/Pasted:p?secret={SECRET}") }));
    let list = app.call("list_accounts", json!({})).unwrap();
    call("list_accounts", json!({}));
    let id = list[1]["id"].as_str().unwrap().to_owned();
    call("copy_code", json!({ "id": id }));
    call("add_from_clipboard_image", json!({}));
    call("rename_account", json!({ "id": id, "name": "renamed" }));
    call("move_account", json!({ "id": id, "position": 0 }));
    call("delete_account", json!({ "id": id }));
    called.insert("add_from_image".to_owned());
    answers.push(
        app.call_raw("add_from_image", qr_png(&format!("otpauth://totp/Image:i?secret={SECRET}"))).unwrap(),
    );
    called.insert("stage_receipt".to_owned());
    answers.push(app.call_raw("stage_receipt", qr_png("a receipt")).unwrap());

    let registered: std::collections::BTreeSet<String> = include_str!("../src/lib.rs")
        .split("commands::")
        .skip(1)
        .map(|rest| rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap().to_owned())
        .collect();
    assert_eq!(called, registered, "call every registered command");

    let log = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    for secret in [enrolled.as_str(), typed_secret, SECRET, member.password, RESET_PASSWORD] {
        for answer in &answers {
            assert!(!answer.to_string().to_uppercase().contains(&secret.to_uppercase()), "{answer}");
        }
        assert!(!log.to_uppercase().contains(&secret.to_uppercase()), "a secret is in the log");
    }
    assert!(!log.lines().any(|line| line.contains("kenpo_session=")), "a session cookie is in the log");
}

#[test]
fn an_account_whose_secret_is_gone_is_listed_with_its_problem_and_can_be_deleted() {
    let app = TestApp::new(&unused_port_url());
    app.call("add_from_text", json!({ "text": format!("otpauth://totp/A:kept?secret={SECRET}") })).unwrap();
    let added = app
        .call("add_from_text", json!({ "text": format!("otpauth://totp/B:lost?secret={SECRET}") }))
        .unwrap();
    let lost = added["added"][0]["id"].as_str().unwrap().to_owned();
    keyring_core::Entry::new(kenpo_app_lib::vault::KEYCHAIN_SERVICE, &lost)
        .unwrap()
        .delete_credential()
        .unwrap();
    let list = app.call("list_accounts", json!({})).unwrap();
    assert_eq!(list[0]["code"].as_str().unwrap().len(), 6);
    assert_eq!((list[1]["code"].as_str(), list[1]["problem"].as_str()), (Some(""), Some("no-authenticator")));
    assert_eq!(app.refusal("copy_code", json!({ "id": lost })), "no-authenticator");
    app.call("delete_account", json!({ "id": lost })).unwrap();
    assert_eq!(app.call("list_accounts", json!({})).unwrap().as_array().unwrap().len(), 1);
}

#[test]
fn recovery_input_that_cannot_be_right_is_refused_before_it_travels() {
    // No portal listens here: a refusal that reached the network would be `portal-unreachable`.
    let app = TestApp::new(&unused_port_url());
    assert_eq!(app.refusal("forgot_user_id", json!({ "email": "yamada.taro" })), "email-invalid");
    assert_eq!(
        app.refusal("forgot_password", json!({ "user_id": " ", "email": "a@b.jp" })),
        "missing-user-id"
    );
    assert_eq!(
        app.refusal("forgot_password", json!({ "user_id": DEMO_USER_ID, "email": "a@" })),
        "email-invalid"
    );
    let reset = |code: &str, password: &str| {
        app.refusal(
            "reset_password",
            json!({ "user_id": DEMO_USER_ID, "reset_code": code, "new_password": password }),
        )
    };
    assert_eq!(reset("", "Kenpo!2026-reset"), "malformed-code");
    assert_eq!(reset(&"1".repeat(100), "Kenpo!2026-reset"), "malformed-code");
    assert_eq!(reset("12345678", "short"), "password-length");
    assert_eq!(reset("12345678", "Ｋｅｎｐｏ２０２６ｒｅｓｅｔ"), "password-full-width");
    // This device holds no authenticator for the member: nothing to fill in, nothing sent.
    assert_eq!(reset("12345678", "Kenpo!2026-reset"), "no-authenticator");
}

#[test]
fn a_forgotten_password_is_reset_with_the_mailed_code_and_the_code_this_device_fills_in() {
    let log = captured_log();
    let (portal_url, outbox) = start_portal_with_outbox();
    let app = TestApp::new(&portal_url);
    Vault::new(app.vault_dir.clone()).add(&demo_enrollment(&portal_url), Some(&portal_url), 0).unwrap();
    let email = ENROLLED.email.unwrap();
    let new_password = "Kenpo!2026-reset";

    app.call("forgot_user_id", json!({ "email": email })).unwrap();
    assert_eq!(mailed(&outbox, email, "ユーザーID:"), ENROLLED.user_id);
    app.call("forgot_password", json!({ "user_id": DEMO_USER_ID, "email": email })).unwrap();
    let reset_code = mailed(&outbox, email, "確認コード:");
    let reset = |code: &str| {
        app.call(
            "reset_password",
            json!({ "user_id": DEMO_USER_ID, "reset_code": code, "new_password": new_password }),
        )
    };
    let wrong = if reset_code == "00000000" { "11111111" } else { "00000000" };
    assert_eq!(reset(wrong).unwrap_err()["code"], "invalid-reset-code");
    let answer = reset(&reset_code).unwrap();
    assert_eq!(answer, Value::Null);
    // Single use.
    assert_eq!(reset(&reset_code).unwrap_err()["code"], "invalid-reset-code");

    assert_eq!(
        app.refusal("login", json!({ "user_id": DEMO_USER_ID, "password": DEMO_PASSWORD })),
        "invalid-credentials"
    );
    let outcome = app.call("login", json!({ "user_id": DEMO_USER_ID, "password": new_password })).unwrap();
    assert_eq!(outcome["next"], "logged-in");
    let log = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    assert!(!log.contains(new_password) && !log.contains(&reset_code), "a secret is in the log");
}

#[test]
fn a_logged_in_member_changes_the_password_and_bad_input_is_refused_before_it_travels() {
    let portal_url = start_portal();
    let app = TestApp::new(&portal_url);
    Vault::new(app.vault_dir.clone()).add(&demo_enrollment(&portal_url), Some(&portal_url), 0).unwrap();
    let change = |current: &str, new: &str| {
        app.call("change_password", json!({ "current_password": current, "new_password": new }))
    };
    let refused =
        |current: &str, new: &str| change(current, new).unwrap_err()["code"].as_str().unwrap().to_owned();
    assert_eq!(refused(DEMO_PASSWORD, "Kenpo!2026-changed"), "not-logged-in");
    assert_eq!(
        app.call("login", json!({ "user_id": DEMO_USER_ID, "password": DEMO_PASSWORD })).unwrap()["next"],
        "logged-in"
    );
    assert_eq!(refused("", "Kenpo!2026-changed"), "missing-password");
    assert_eq!(refused(&"p".repeat(10_000), "Kenpo!2026-changed"), "password-too-long");
    assert_eq!(refused(DEMO_PASSWORD, "short"), "password-length");
    assert_eq!(refused(DEMO_PASSWORD, DEMO_PASSWORD), "password-unchanged");
    assert_eq!(change(DEMO_PASSWORD, "Kenpo!2026-changed").unwrap(), Value::Null);
    app.call("logout", json!({})).unwrap();
    assert_eq!(
        app.refusal("login", json!({ "user_id": DEMO_USER_ID, "password": DEMO_PASSWORD })),
        "invalid-credentials"
    );
}

#[test]
fn a_logged_in_member_changes_the_email_address_with_the_mailed_code() {
    let (portal_url, outbox) = start_portal_with_outbox();
    let app = TestApp::new(&portal_url);
    Vault::new(app.vault_dir.clone()).add(&demo_enrollment(&portal_url), Some(&portal_url), 0).unwrap();
    let new = "taro.yamada@example.jp";
    assert_eq!(app.refusal("change_email", json!({ "email": new })), "not-logged-in");
    app.call("login", json!({ "user_id": DEMO_USER_ID, "password": DEMO_PASSWORD })).unwrap();
    assert_eq!(app.refusal("change_email", json!({ "email": "taro@" })), "email-invalid");
    app.call("change_email", json!({ "email": new })).unwrap();
    assert_eq!(app.refusal("confirm_email_change", json!({ "code": "" })), "malformed-code");
    let code = mailed(&outbox, new, "確認コード:");
    assert_eq!(app.call("confirm_email_change", json!({ "code": code })).unwrap(), Value::Null);
    mailed(&outbox, ENROLLED.email.unwrap(), "ユーザーID:");
}

#[test]
fn a_logged_in_members_notices_reach_the_ui_and_no_file_is_fetched_without_a_login() {
    let app = TestApp::new(&start_portal());
    let member = kenpo_api::demo::NOT_ENROLLED;
    let file = json!({ "file": { "file": "medical-export", "year": 2025, "person": null, "csv": false } });
    assert_eq!(
        app.refusal("medical_notices", json!({ "year": null, "person": null, "page": 1 })),
        "not-logged-in"
    );
    assert_eq!(app.refusal("save_notice_file", file), "not-logged-in");
    app.call("login", json!({ "user_id": member.user_id, "password": member.password })).unwrap();
    app.call("enroll_from_portal", json!({})).unwrap();

    let year = app.call("medical_notices", json!({ "year": null, "person": null, "page": 1 })).unwrap();
    let household: Vec<&str> =
        year["household"].as_array().unwrap().iter().map(|person| person["name"].as_str().unwrap()).collect();
    assert_eq!(household, [member.name, "佐藤 健"]);
    assert!(!year["notices"].as_array().unwrap().is_empty(), "{year}");
    let benefits = app.call("benefit_notices", json!({ "person": null, "page": 1 })).unwrap();
    assert_eq!(benefits["notices"][0]["kind"], "出産育児一時金");
    let qualifications = app.call("qualification_notices", json!({})).unwrap();
    assert_eq!(qualifications[0]["bango"], "2345", "記号・番号 stay text");
    // Another person than the household's is not found, as the portal says.
    assert_eq!(
        app.refusal("medical_notices", json!({ "year": null, "person": "07", "page": 1 })),
        "not-found"
    );
}

/// An application for 枝番 `person` vaccinated three days ago.
fn subsidy_form(person: &str) -> Value {
    let day = kenpo_api::rules::japan_date(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() - 3 * 86_400,
    );
    json!({ "person": person, "vaccinated_on": day, "dose": 1, "paid": 4000, "grant": 0,
            "facility": "さくら通りクリニック", "phone": "03-1234-5678", "consent": true })
}

#[test]
fn an_application_is_sent_with_the_receipts_held_and_a_refusal_keeps_them() {
    let app = TestApp::new(&start_portal());
    let member = kenpo_api::demo::NOT_ENROLLED;
    assert_eq!(app.refusal("subsidy_overview", json!({})), "not-logged-in");
    app.call("login", json!({ "user_id": member.user_id, "password": member.password })).unwrap();
    app.call("enroll_from_portal", json!({})).unwrap();
    let subsidy = app.call("subsidy_overview", json!({})).unwrap();
    assert!(subsidy["season"]["cap_per_person"].as_u64().is_some(), "{subsidy}");

    assert_eq!(
        app.call_raw("stage_receipt", b"a text file named .png".to_vec()).unwrap_err()["code"],
        "receipt-not-accepted"
    );
    let staged = app.call_raw("stage_receipt", qr_png("a receipt")).unwrap();
    assert_eq!(staged["media_type"], "image/png");
    let mut wrong = subsidy_form("01");
    wrong["paid"] = json!(0);
    wrong["consent"] = json!(false);
    let refused = app.call("send_application", json!({ "id": null, "form": wrong })).unwrap_err();
    assert_eq!(refused["code"], "application-invalid");
    assert_eq!(
        refused["problems"],
        json!([{ "field": "paid", "problem": "amount-invalid" }, { "field": "consent", "problem": "consent-missing" }])
    );
    // The receipt was kept: the corrected application goes with it.
    let sent = app.call("send_application", json!({ "id": null, "form": subsidy_form("01") })).unwrap();
    assert_eq!((sent["status"].as_str(), sent["receipts"].as_u64()), (Some("received"), Some(1)));
    // And let go once sent.
    let mut another = subsidy_form("01");
    another["dose"] = json!(2);
    assert_eq!(app.refusal("send_application", json!({ "id": null, "form": another })), "receipt-missing");
}

#[test]
fn the_diagnostics_report_after_enrolling_and_logging_in_holds_no_secret_code_token_or_uri() {
    let portal_url = start_portal();
    let app = TestApp::new(&portal_url);
    let enrollment = demo_enrollment(&portal_url);
    Vault::new(app.vault_dir.clone()).add(&enrollment, Some(&portal_url), 0).unwrap();
    let typed_secret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U";
    app.call("add_typed_key", json!({ "secret": typed_secret, "name": "typed" })).unwrap();
    app.call("add_from_text", json!({ "text": format!("otpauth://totp/Pasted:p?secret={SECRET}") })).unwrap();
    // A wrong password, then the right one with the device's code: errors to report, and a session.
    let wrong = json!({ "user_id": DEMO_USER_ID, "password": "Wrong-password-1" });
    assert_eq!(app.refusal("login", wrong), "invalid-credentials");
    app.call("login", json!({ "user_id": DEMO_USER_ID, "password": DEMO_PASSWORD })).unwrap();
    let listed = app.call("list_accounts", json!({})).unwrap();
    let codes: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|account| [&account["code"], &account["next_code"]])
        .filter_map(|code| code.as_str().map(str::to_owned))
        .filter(|code| code.len() == 6)
        .collect();
    assert!(codes.len() >= 3, "every account shows a code: {listed}");

    let answer = app.call("diagnostics", json!({})).unwrap();
    let report: kenpo_api::diagnostics::Report = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(report.user_id.as_deref(), Some(DEMO_USER_ID));
    assert_eq!(
        (report.keychain.available, report.keychain.accounts, report.keychain.portal_accounts),
        (true, 3, 1)
    );
    assert!(report.diagnosis.broken_at().is_none(), "{report:?}");
    assert!(report.diagnosis.clock_offset_ms.is_some_and(|offset| offset.abs() < 5_000), "{report:?}");
    assert!(report.errors.iter().any(|error| error.code == "invalid-credentials"), "{report:?}");
    assert!(report.errors.len() <= kenpo_api::diagnostics::RECENT_ERRORS);

    let text = report.to_text();
    let secrets = [
        enrollment.secret.to_base32().to_string(),
        typed_secret.to_owned(),
        SECRET.to_owned(),
        DEMO_PASSWORD.to_owned(),
    ];
    for whole in [answer.to_string(), text.clone()] {
        let upper = whole.to_uppercase();
        for secret in secrets.iter().chain(&codes) {
            assert!(!upper.contains(&secret.to_uppercase()), "{secret} is in the report: {whole}");
        }
        for marker in ["OTPAUTH", "SECRET=", "KENPO_SESSION", "COOKIE", "WRONG-PASSWORD"] {
            assert!(!upper.contains(marker), "{marker} is in the report: {whole}");
        }
        // Nothing shaped like a key or a token (a run of 16 letters and digits, base32 or hex).
        let runs = whole.split(|c: char| !c.is_ascii_alphanumeric()).filter(|run| run.len() >= 16);
        let runs: Vec<&str> = runs.filter(|run| !run.chars().all(|c| c.is_ascii_lowercase())).collect();
        assert!(runs.is_empty(), "token-like text in the report: {runs:?}");
    }
    assert!(text.contains(DEMO_USER_ID) && text.contains("[FAQ Q4]"), "{text}");
}
