//! The typed invoke wrapper: one function per app command, each returning `Result<T, ApiError>`.
//! No untyped `JsValue` leaves this module.

use kenpo_api::ipc::{
    AccountCode, AddedAccounts, AppLockStatus, ClockOffset, CurrentCode, Licence, LoginOutcome, NoticeFile,
    RegistrationInput, SavedFile, SecretCheck, StagedReceipt,
};
use kenpo_api::notices::{BenefitNotices, MedicalYear, QualificationNotice};
use kenpo_api::portal::{Member, RegistrationState};
use kenpo_api::subsidy::{Application, ApplicationForm, Subsidy};
use kenpo_api::{ApiError, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(command: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

async fn invoke<A: Serialize, T: DeserializeOwned>(command: &str, args: &A) -> Result<T, ApiError> {
    let args = serde_wasm_bindgen::to_value(args).map_err(|_| ApiError::new(ErrorCode::Internal))?;
    invoke_with(command, args).await
}

/// A command whose arguments are already a JS value (raw bytes go as a `Uint8Array`).
async fn invoke_with<T: DeserializeOwned>(command: &str, args: JsValue) -> Result<T, ApiError> {
    match tauri_invoke(command, args).await {
        Ok(value) => {
            serde_wasm_bindgen::from_value(value).map_err(|_| ApiError::new(ErrorCode::PortalProtocol))
        }
        Err(error) => {
            let error: ApiError =
                serde_wasm_bindgen::from_value(error).unwrap_or_else(|_| ApiError::new(ErrorCode::Internal));
            if error.code == ErrorCode::AppLocked {
                ON_LOCKED.with(|on_locked| on_locked.borrow().emit(()));
            }
            Err(error)
        }
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(event: &str, handler: &js_sys::Function) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// The screens showing codes, told when the app says a code changed.
    static ON_CODES_CHANGED: std::cell::RefCell<Vec<(u32, yew::Callback<()>)>> = const { std::cell::RefCell::new(Vec::new()) };
    static NEXT_WATCH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Forwards the app's `codes-changed` (sent only at the moments a code changes) to the screens
/// watching; called once, by the shell.
pub fn listen_for_code_changes() {
    let closure = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {
        let watching: Vec<yew::Callback<()>> = ON_CODES_CHANGED
            .with(|watching| watching.borrow().iter().map(|(_, told)| told.clone()).collect());
        for told in watching {
            told.emit(());
        }
    });
    let handler: js_sys::Function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
    // One listener for the app's whole life.
    closure.forget();
    wasm_bindgen_futures::spawn_local(async move {
        tauri_listen("codes-changed", &handler).await.ok();
    });
}

/// A screen's watch on the codes; it ends when dropped.
pub struct CodesWatch(u32);

impl Drop for CodesWatch {
    fn drop(&mut self) {
        ON_CODES_CHANGED.with(|watching| watching.borrow_mut().retain(|(id, _)| *id != self.0));
    }
}

/// `told` each time a code on screen changes, until the watch is dropped.
pub fn on_codes_changed(told: yew::Callback<()>) -> CodesWatch {
    let id = NEXT_WATCH.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    ON_CODES_CHANGED.with(|watching| watching.borrow_mut().push((id, told)));
    CodesWatch(id)
}

thread_local! {
    /// Told whenever a command answers `app-locked` (the app went to the background meanwhile):
    /// the shell then shows the lock screen, whatever screen asked.
    static ON_LOCKED: std::cell::RefCell<yew::Callback<()>> = std::cell::RefCell::new(yew::Callback::noop());
}

/// Who is told when a command finds the app locked.
pub fn on_locked(callback: yew::Callback<()>) {
    ON_LOCKED.with(|on_locked| *on_locked.borrow_mut() = callback);
}

#[derive(Serialize)]
struct NoArgs {}

#[derive(Serialize)]
struct LoginArgs<'a> {
    user_id: &'a str,
    password: &'a str,
}

#[derive(Serialize)]
struct OtpArgs<'a> {
    code: &'a str,
}

#[derive(Serialize)]
struct UserArgs<'a> {
    user_id: &'a str,
}

/// The whole login: the app submits this device's code itself when the portal asks for one.
pub async fn login(user_id: &str, password: &str) -> Result<LoginOutcome, ApiError> {
    invoke("login", &LoginArgs { user_id, password }).await
}

/// A code the member typed, when the device has none ([`LoginOutcome::CodeNeeded`]).
pub async fn submit_otp(code: &str) -> Result<Member, ApiError> {
    invoke("submit_otp", &OtpArgs { code }).await
}

#[derive(Serialize)]
struct EmailArgs<'a> {
    email: &'a str,
}

#[derive(Serialize)]
struct ForgotPasswordArgs<'a> {
    user_id: &'a str,
    email: &'a str,
}

#[derive(Serialize)]
struct ResetArgs<'a> {
    user_id: &'a str,
    reset_code: &'a str,
    new_password: &'a str,
}

/// [FAQ Q1] The user ID by mail.
pub async fn forgot_user_id(email: &str) -> Result<(), ApiError> {
    invoke("forgot_user_id", &EmailArgs { email }).await
}

/// [FAQ Q2] A reset code by mail.
pub async fn forgot_password(user_id: &str, email: &str) -> Result<(), ApiError> {
    invoke("forgot_password", &ForgotPasswordArgs { user_id, email }).await
}

/// [FAQ Q2] The new password; the app adds this device's code.
pub async fn reset_password(user_id: &str, reset_code: &str, new_password: &str) -> Result<(), ApiError> {
    invoke("reset_password", &ResetArgs { user_id, reset_code, new_password }).await
}

#[derive(Serialize)]
struct RegisterArgs<'a> {
    input: &'a RegistrationInput,
}

/// One step of first registration [2-3 … 2-8].
pub async fn register(input: &RegistrationInput) -> Result<RegistrationState, ApiError> {
    invoke("register", &RegisterArgs { input }).await
}

/// Links this device as the member's authenticator after a password step that asked for it.
pub async fn enroll_from_portal() -> Result<Member, ApiError> {
    invoke("enroll_from_portal", &NoArgs {}).await
}

pub async fn current_code(user_id: &str) -> Result<Option<CurrentCode>, ApiError> {
    invoke("current_code", &UserArgs { user_id }).await
}

pub async fn me() -> Result<Member, ApiError> {
    invoke("me", &NoArgs {}).await
}

#[derive(Serialize)]
struct ChangePasswordArgs<'a> {
    current_password: &'a str,
    new_password: &'a str,
}

/// A logged-in member's new password, with the current one.
pub async fn change_password(current_password: &str, new_password: &str) -> Result<(), ApiError> {
    invoke("change_password", &ChangePasswordArgs { current_password, new_password }).await
}

/// A logged-in member's new email address; a code is sent to it.
pub async fn change_email(email: &str) -> Result<(), ApiError> {
    invoke("change_email", &EmailArgs { email }).await
}

/// The code from the new address.
pub async fn confirm_email_change(code: &str) -> Result<(), ApiError> {
    invoke("confirm_email_change", &OtpArgs { code }).await
}

/// Removes this device's one-time password from the portal and the device; the portal logs out.
pub async fn remove_authenticator() -> Result<(), ApiError> {
    invoke("remove_authenticator", &NoArgs {}).await
}

/// Whether the app lock is available, on, and closed now.
pub async fn app_lock_status() -> Result<AppLockStatus, ApiError> {
    invoke("app_lock_status", &NoArgs {}).await
}

/// Opens the app lock with Face ID / Touch ID.
pub async fn unlock_app() -> Result<(), ApiError> {
    invoke("unlock_app", &NoArgs {}).await
}

/// Turns the app lock on (after one prompt) or off.
pub async fn set_app_lock(enabled: bool) -> Result<(), ApiError> {
    invoke("set_app_lock", &EnabledArgs { enabled }).await
}

#[derive(Serialize)]
struct EnabledArgs {
    enabled: bool,
}

/// The crates compiled into the app and their licences.
pub async fn licences() -> Result<Vec<Licence>, ApiError> {
    invoke("licences", &NoArgs {}).await
}

/// The portal's address the app talks to.
pub async fn portal_address() -> Result<String, ApiError> {
    invoke("portal_address", &NoArgs {}).await
}

/// Another portal address; the app saves it once a portal answers there, and answers it in
/// its normal form.
pub async fn set_portal_address(url: &str) -> Result<String, ApiError> {
    invoke("set_portal_address", &UrlArgs { url }).await
}

#[derive(Serialize)]
struct UrlArgs<'a> {
    url: &'a str,
}

pub async fn logout() -> Result<(), ApiError> {
    invoke("logout", &NoArgs {}).await
}

#[derive(Serialize)]
struct TextArgs<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct KeyArgs<'a> {
    secret: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct SecretArgs<'a> {
    secret: &'a str,
}

#[derive(Serialize)]
struct IdArgs<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct RenameArgs<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct MoveArgs<'a> {
    id: &'a str,
    position: usize,
}

pub async fn list_accounts() -> Result<Vec<AccountCode>, ApiError> {
    invoke("list_accounts", &NoArgs {}).await
}

pub async fn add_from_text(text: &str) -> Result<AddedAccounts, ApiError> {
    invoke("add_from_text", &TextArgs { text }).await
}

/// The image's bytes go as the raw request body, not as JSON.
pub async fn add_from_image(bytes: &[u8]) -> Result<AddedAccounts, ApiError> {
    invoke_with("add_from_image", js_sys::Uint8Array::from(bytes).into()).await
}

pub async fn add_typed_key(secret: &str, name: &str) -> Result<AddedAccounts, ApiError> {
    invoke("add_typed_key", &KeyArgs { secret, name }).await
}

pub async fn check_typed_key(secret: &str) -> Result<SecretCheck, ApiError> {
    invoke("check_typed_key", &SecretArgs { secret }).await
}

pub async fn rename_account(id: &str, name: &str) -> Result<(), ApiError> {
    invoke("rename_account", &RenameArgs { id, name }).await
}

pub async fn move_account(id: &str, position: usize) -> Result<(), ApiError> {
    invoke("move_account", &MoveArgs { id, position }).await
}

pub async fn delete_account(id: &str) -> Result<(), ApiError> {
    invoke("delete_account", &IdArgs { id }).await
}

pub async fn clock_offset() -> Result<ClockOffset, ApiError> {
    invoke("clock_offset", &NoArgs {}).await
}

/// Copies the account's current code; the app clears the clipboard after 30 s.
pub async fn copy_code(id: &str) -> Result<(), ApiError> {
    invoke("copy_code", &IdArgs { id }).await
}

pub async fn can_scan() -> bool {
    invoke("can_scan", &NoArgs {}).await.unwrap_or(false)
}

#[derive(Serialize)]
struct ScanArgs {
    /// Full screen: the windowed mode has known problems on iOS.
    windowed: bool,
    formats: [&'static str; 1],
}

#[derive(serde::Deserialize)]
struct CameraPermission {
    camera: String,
}

#[derive(serde::Deserialize)]
struct Scanned {
    content: String,
}

/// Scans one QR code with the camera (phones; the barcode-scanner plugin), asking for the
/// camera first, and adds what it holds. The plugin answers to the webview only, so the scanned
/// code passes through here once, straight on to the app.
pub async fn scan_and_add() -> Result<AddedAccounts, ApiError> {
    let camera = ApiError::new(ErrorCode::CameraUnavailable);
    let permission: CameraPermission =
        invoke("plugin:barcode-scanner|request_permissions", &NoArgs {}).await.map_err(|_| camera.clone())?;
    if permission.camera != "granted" {
        return Err(camera);
    }
    let scanned: Scanned =
        invoke("plugin:barcode-scanner|scan", &ScanArgs { windowed: false, formats: ["QR_CODE"] })
            .await
            .map_err(|_| camera)?;
    add_from_text(&scanned.content).await
}

/// The image on the system clipboard, read by the app.
pub async fn add_from_clipboard_image() -> Result<AddedAccounts, ApiError> {
    invoke("add_from_clipboard_image", &NoArgs {}).await
}

#[derive(Serialize)]
struct MedicalArgs<'a> {
    year: Option<i32>,
    person: Option<&'a str>,
    page: u32,
}

/// A year of 医療費のお知らせ, one page; the newest year with notices when `year` is none.
pub async fn medical_notices(
    year: Option<i32>,
    person: Option<&str>,
    page: u32,
) -> Result<MedicalYear, ApiError> {
    invoke("medical_notices", &MedicalArgs { year, person, page }).await
}

#[derive(Serialize)]
struct BenefitArgs<'a> {
    person: Option<&'a str>,
    page: u32,
}

pub async fn benefit_notices(person: Option<&str>, page: u32) -> Result<BenefitNotices, ApiError> {
    invoke("benefit_notices", &BenefitArgs { person, page }).await
}

pub async fn qualification_notices() -> Result<Vec<QualificationNotice>, ApiError> {
    invoke("qualification_notices", &NoArgs {}).await
}

#[derive(Serialize)]
struct FileArgs<'a> {
    file: &'a NoticeFile,
}

/// Saves a file the portal makes where the member chooses; no name when they cancelled.
pub async fn save_notice_file(file: &NoticeFile) -> Result<SavedFile, ApiError> {
    invoke("save_notice_file", &FileArgs { file }).await
}

/// The influenza-subsidy season, the people the member may apply for, and their applications.
pub async fn subsidy_overview() -> Result<Subsidy, ApiError> {
    invoke("subsidy_overview", &NoArgs {}).await
}

/// A receipt for the application being written, checked and held by the app until it is sent.
/// The file's bytes go as the raw request body, not as JSON.
pub async fn stage_receipt(bytes: &[u8]) -> Result<StagedReceipt, ApiError> {
    invoke_with("stage_receipt", js_sys::Uint8Array::from(bytes).into()).await
}

#[derive(Serialize)]
struct ReceiptArgs {
    id: u32,
}

/// Lets a held receipt go.
pub async fn unstage_receipt(id: u32) -> Result<(), ApiError> {
    invoke("unstage_receipt", &ReceiptArgs { id }).await
}

#[derive(Serialize)]
struct SendApplicationArgs<'a> {
    id: Option<i64>,
    form: &'a ApplicationForm,
}

/// Sends the application with every receipt held (`id`: again, one returned for correction).
/// An `application-invalid` refusal names each broken rule in its `problems`; on any refusal
/// the app keeps the receipts.
pub async fn send_application(id: Option<i64>, form: &ApplicationForm) -> Result<Application, ApiError> {
    invoke("send_application", &SendApplicationArgs { id, form }).await
}

/// ヘルプ / 診断: the way to the portal, the clock, the keychain and the latest errors, now.
pub async fn diagnostics() -> Result<kenpo_api::diagnostics::Report, ApiError> {
    invoke("diagnostics", &NoArgs {}).await
}

/// The report the diagnostics screen shows, as a JSON file where the member chooses.
pub async fn save_diagnostics_report() -> Result<SavedFile, ApiError> {
    invoke("save_diagnostics_report", &NoArgs {}).await
}

/// The report as text on the clipboard, to paste into a mail.
pub async fn copy_diagnostics_report() -> Result<(), ApiError> {
    invoke("copy_diagnostics_report", &NoArgs {}).await
}
