//! kenpo-app: the Tauri shell. It owns the IPC commands the UI calls, the vault that keeps TOTP
//! secrets in the OS keychain, and the member's portal session.
//!
//! Secrets stay here: no command returns a TOTP secret, a password or a session cookie, and
//! none of them is logged. The UI receives codes, seconds left and metadata only.

mod accounts;
mod commands;
mod demo;
mod diagnostics;
mod error;
mod files;
pub mod lock;
mod receipts;
mod session;
pub mod settings;
mod ticker;
pub mod vault;

use std::process::ExitCode;

pub use error::AppError;

/// Runs keychain, file and image work that can block where it does not hold up the async
/// runtime's other tasks (the app's runtime has several threads; elsewhere it just runs).
pub(crate) fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) if runtime.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// The portal `kenpo-portal serve` listens on when given no address.
const DEFAULT_PORTAL_URL: &str = "http://127.0.0.1:8787/";

/// Where the portal is: `KENPO_PORTAL_URL` (for tests and staff), else the address saved in
/// the app's settings, else [`DEFAULT_PORTAL_URL`].
pub fn portal_url(settings: &settings::Settings) -> String {
    std::env::var("KENPO_PORTAL_URL")
        .ok()
        .or_else(|| settings.read().portal_url)
        .unwrap_or_else(|| DEFAULT_PORTAL_URL.to_owned())
}

/// The binary's entry: `kenpo-app` opens the app; `kenpo-app demo-enroll` stores the demo
/// portal's enrolled members in this device's vault (what `cargo xtask run` does first).
pub fn main_with_args(args: Vec<String>) -> ExitCode {
    init_logging();
    match args.first().map(String::as_str) {
        None => {
            run();
            ExitCode::SUCCESS
        }
        Some("demo-enroll") => match demo::enroll(&portal_url(&settings::Settings::default_location())) {
            Ok(count) => {
                println!("demo-enroll: {count} authenticator(s) stored in the keychain");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("demo-enroll: {}", error.message());
                ExitCode::FAILURE
            }
        },
        Some(other) => {
            eprintln!("kenpo-app: unknown argument {other:?}; usage: kenpo-app [demo-enroll]");
            ExitCode::from(2)
        }
    }
}

fn init_logging() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .try_init()
        .ok();
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    vault::use_platform_store();
    // The save dialog is opened from Rust only (files.rs), so the webview gets no permission.
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init());
    // The camera scan is a phone's way in: the enrollment QR code is on a PC screen [3-2].
    #[cfg(mobile)]
    let builder = builder.plugin(tauri_plugin_barcode_scanner::init());
    // The app lock's prompt; called from Rust only, so the webview gets no permission for it.
    // In the background the app is locked and holds no secret (SECURITY.md, "Secrets in memory").
    #[cfg(mobile)]
    let builder = builder.plugin(tauri_plugin_biometric::init()).on_window_event(|window, event| {
        if matches!(event, tauri::WindowEvent::Suspended) {
            use tauri::Manager;
            window.state::<lock::AppLock>().close();
            window.state::<vault::Vault>().forget_secrets();
        }
    });
    let settings = settings::Settings::default_location();
    let lock = lock::AppLock::new(cfg!(mobile), settings.read().app_lock);
    with_commands(builder, portal_url(&settings), vault::Vault::default_location(), settings, lock)
        .build(tauri::generate_context!())
        .expect("the app window could not be opened")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                use tauri::Manager;
                app.state::<vault::Vault>().forget_secrets();
            }
        });
}

/// The app's commands and state on `builder`; tests pass Tauri's mock builder.
pub fn with_commands<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    portal_url: String,
    vault: vault::Vault,
    settings: settings::Settings,
    lock: lock::AppLock,
) -> tauri::Builder<R> {
    let builder = builder
        .manage(session::Portal::new(portal_url))
        .manage(vault)
        .manage(settings)
        .manage(lock)
        .manage(receipts::StagedReceipts::default())
        .manage(diagnostics::LastReport::default())
        .setup(|app| {
            tauri::async_runtime::spawn(ticker::tell_code_changes(app.handle().clone()));
            Ok(())
        });
    builder.invoke_handler(tauri::generate_handler![
        commands::login,
        commands::submit_otp,
        commands::register,
        commands::forgot_user_id,
        commands::forgot_password,
        commands::reset_password,
        commands::change_password,
        commands::change_email,
        commands::confirm_email_change,
        commands::remove_authenticator,
        commands::portal_address,
        commands::set_portal_address,
        commands::licences,
        commands::app_lock_status,
        commands::unlock_app,
        commands::set_app_lock,
        commands::enroll_from_portal,
        commands::current_code,
        commands::clock_offset,
        commands::me,
        commands::logout,
        commands::medical_notices,
        commands::benefit_notices,
        commands::qualification_notices,
        commands::save_notice_file,
        commands::diagnostics,
        commands::save_diagnostics_report,
        commands::copy_diagnostics_report,
        commands::subsidy_overview,
        commands::stage_receipt,
        commands::unstage_receipt,
        commands::send_application,
        commands::list_accounts,
        commands::add_from_text,
        commands::add_from_image,
        commands::add_from_clipboard_image,
        commands::add_typed_key,
        commands::check_typed_key,
        commands::rename_account,
        commands::move_account,
        commands::delete_account,
        commands::copy_code,
        commands::can_scan,
    ])
}
