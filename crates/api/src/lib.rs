//! kenpo-api: every JSON shape that crosses a boundary, defined once. The portal's HTTP wire
//! types live in [`portal`], the app's IPC types (Tauri command results) in [`ipc`], and the
//! error shape both use in [`ApiError`].
//!
//! serde only, so it compiles to wasm for the UI. It must never hold a TOTP secret, a session
//! token or a submitted password in a type the UI receives.

pub mod diagnostics;
mod jst;
pub use jst::jst_time;
pub mod ipc;
pub mod notices;
pub mod portal;
pub mod rules;
pub mod subsidy;

/// The members demo mode seeds: one fact shared by the portal, the app's tests, the end-to-end
/// tests and the README.
pub mod demo {
    pub struct DemoMember {
        pub user_id: &'static str,
        /// The password that logs in now (the initial password for those not yet registered).
        pub password: &'static str,
        /// 氏名
        pub name: &'static str,
        /// 西暦 YYYYMMDD, asked at [2-3].
        pub birth_date: &'static str,
        /// The address on the demo roster, where recovery mail goes.
        pub email: Option<&'static str>,
    }

    /// Registered, with an authenticator enrolled.
    pub const ENROLLED: DemoMember = DemoMember {
        user_id: "yamada.taro",
        password: "Demo-Pass-2026",
        name: "山田 太郎",
        birth_date: "19800515",
        email: Some("yamada.taro@example.co.jp"),
    };
    /// Not yet registered: the guide's own example, 記号 10, 番号 1234, born 2001-01-01.
    pub const INITIAL: DemoMember = DemoMember {
        user_id: "suzuki.ichiro",
        password: "10123420010101",
        name: "鈴木 一郎",
        birth_date: "20010101",
        email: Some("suzuki.ichiro@example.co.jp"),
    };
    /// Registered, no authenticator linked yet [3-1].
    pub const NOT_ENROLLED: DemoMember = DemoMember {
        user_id: "sato.hanako",
        password: "Demo-Pass-2026",
        name: "佐藤 花子",
        birth_date: "19920303",
        email: Some("sato.hanako@example.co.jp"),
    };
    /// Registered and enrolled, locked after too many failed logins [FAQ Q3].
    pub const LOCKED: DemoMember = DemoMember {
        user_id: "tanaka.jiro",
        password: "Demo-Pass-2026",
        name: "田中 次郎",
        birth_date: "19751120",
        email: Some("tanaka.jiro@example.co.jp"),
    };
    /// A dependant (山田 太郎's wife) with a login of her own, registered and enrolled: she sees
    /// her own notices only, where 山田 太郎 sees the whole household's.
    pub const DEPENDANT: DemoMember = DemoMember {
        user_id: "yamada.hanako",
        password: "Demo-Pass-2026",
        name: "山田 花子",
        birth_date: "19820802",
        email: Some("yamada.hanako@example.co.jp"),
    };
    /// 任意継続被保険者, not yet registered: the guide's ID rule, 記号 (3) + 番号 (5) + 生年月日;
    /// the society issues their initial password by letter.
    pub const VOLUNTARY: DemoMember = DemoMember {
        user_id: "8011234519620310",
        password: "31415926535897",
        name: "高橋 誠",
        birth_date: "19620310",
        email: None,
    };
}

use serde::{Deserialize, Serialize};

/// Limits the portal and the app both enforce, so a bad input is refused before it travels.
pub mod limits {
    pub use crate::rules::PASSWORD_MAX_CHARS;
    /// The longest user ID a login accepts: chosen IDs are at most 13 characters, but a
    /// 任意継続被保険者's initial ID (記号 3 + 番号 5 + 生年月日 8) is 16.
    pub const LOGIN_USER_ID_MAX_CHARS: usize = 16;
    pub const OTP_DIGITS: usize = 6;
}

/// What crosses HTTP or IPC when something is refused: a stable code the UI maps to text, and a
/// Japanese message for clients that have no catalogue (the member guide's wording where it has
/// one).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// `application-invalid` only: each rule broken, on its field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<subsidy::FieldProblem>,
    /// `maintenance` only: when it ends (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<i64>,
}

/// Stable error codes. Adding one is fine; renaming one breaks older apps.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The user ID or password is wrong (FAQ Q4).
    InvalidCredentials,
    /// Too many failed attempts; an administrator must unlock the account (FAQ Q3).
    AccountLocked,
    /// The one-time password does not match (FAQ Q5).
    InvalidOtp,
    /// The one-time password is not 6 half-width digits.
    MalformedOtp,
    MissingUserId,
    MissingPassword,
    PasswordTooLong,
    UserIdTooLong,
    /// The one-time password step was called without a passed password step.
    PasswordStepRequired,
    NotLoggedIn,
    /// The request body is not the JSON the endpoint takes.
    BadRequest,
    NotFound,
    Internal,
    /// The app could not reach the portal.
    PortalUnreachable,
    /// The portal answered something the app does not understand.
    PortalProtocol,
    /// This device holds no one-time password for the member.
    NoAuthenticator,
    /// The OS keychain cannot be used.
    KeychainUnavailable,
    /// The app's own stored data could not be read or written.
    Storage,
    /// An enrollment code could not be used.
    BadEnrollment,
    /// A chosen user ID is not 8 to 13 characters [2-5].
    UserIdLength,
    /// A chosen user ID has a character outside letters, digits and `-` `_` `.` `@` [2-5].
    UserIdCharacters,
    /// A new password is not 8 to 64 characters [2-6].
    PasswordLength,
    /// A new password has full-width (全角) characters.
    PasswordFullWidth,
    /// A new password has a character outside the guide's set [2-6].
    PasswordCharacters,
    PasswordSameAsUserId,
    PasswordIsInitial,
    /// A changed password must differ from the current one.
    PasswordUnchanged,
    /// A step was called before the steps that come first (first registration [2-3 … 2-8],
    /// enrollment [3-2]).
    StepOutOfOrder,
    /// First registration is not finished; no portal content is served until it is.
    RegistrationRequired,
    /// No authenticator is linked yet; no portal content is served until it is [3-2].
    EnrollmentRequired,
    /// A birth date is not 8 half-width digits of a real 西暦 date [2-3].
    BirthDateFormat,
    /// The birth date does not match the society's roster [2-3].
    BirthDateMismatch,
    /// The terms agreed to are not the current ones [2-4].
    TermsChanged,
    /// The chosen user ID belongs to someone else [2-5].
    UserIdTaken,
    /// Not an email address [2-7].
    EmailInvalid,
    /// The email confirmation code is wrong or expired [2-7].
    InvalidEmailCode,
    /// The password-reset code is wrong, used or expired [FAQ Q2].
    InvalidResetCode,
    /// A code from an email is not the digits the email shows.
    MalformedCode,
    /// A file given as an image is not a PNG or JPEG.
    NotAnImage,
    /// An image over 20 MB, or over 8192 pixels a side.
    ImageTooLarge,
    /// A code was mailed to this address or account less than a minute ago, or ten times today.
    TooManyMails,
    /// Too many guesses in a row from this address or for this user ID: the portal waits a
    /// while (growing with each failure, up to 15 minutes) before it judges another.
    TooManyAttempts,
    /// The portal has more requests than it takes at once; try again shortly.
    Busy,
    /// The request took longer than the portal waits (a body that never finished arriving).
    RequestTimeout,
    /// The image holds no QR code that could be read.
    QrNotFound,
    /// A QR code or pasted text is not an enrollment code (`otpauth://`, or a Google
    /// Authenticator export).
    NotAnEnrollmentCode,
    /// A typed secret key has characters outside Base32.
    SecretInvalid,
    /// A typed secret key is shorter than 80 bits.
    SecretTooShort,
    /// A typed key needs an account name.
    AccountNameMissing,
    /// Every account in the code is already on this device.
    DuplicateAccount,
    /// Counter-based (HOTP) accounts are not supported yet.
    HotpNotSupported,
    /// No account with this ID is on this device.
    AccountNotFound,
    /// The system clipboard cannot be used.
    ClipboardUnavailable,
    /// The camera cannot be used (refused, or none).
    CameraUnavailable,
    /// Reading a QR code from the clipboard, but it holds no image.
    NoImageOnClipboard,
    /// A portal address that is not an `https://` address (or `http://` to this device).
    PortalUrlInvalid,
    /// A portal address with `http://` to another machine: passwords would travel in the clear.
    PortalUrlInsecure,
    /// This device has no Face ID / Touch ID the app can use for its lock.
    AppLockUnavailable,
    /// The app is locked: codes and notices are shown after Face ID / Touch ID.
    AppLocked,
    /// A file from the portal (a tax export, a printable notice) could not be written where the
    /// member chose.
    FileNotSaved,
    /// An influenza-subsidy application breaks a rule of the season: `problems` names each on
    /// its field.
    ApplicationInvalid,
    /// The society takes no influenza-subsidy applications now (no season is set).
    SubsidyClosed,
    /// An application needs at least one receipt.
    ReceiptMissing,
    /// More receipts than one application takes (3).
    TooManyReceipts,
    /// A receipt is not a JPEG, PNG or PDF by its content, or cannot be read.
    ReceiptNotAccepted,
    /// A receipt over 8 MB, or an image over 8192 pixels a side.
    ReceiptTooLarge,
    /// A PDF receipt that can run something (JavaScript, an action, an embedded file).
    ReceiptUnsafe,
    /// Only an application sent back for correction (差戻し) can be sent again.
    ApplicationNotReturned,
    /// The portal is under maintenance until `retry_at`.
    Maintenance,
}

impl ErrorCode {
    /// The Japanese message for this code; the UI's catalogue has the same texts keyed by code.
    pub fn message_ja(self) -> &'static str {
        match self {
            Self::InvalidCredentials => "無効なユーザーID またはパスワードです。",
            Self::AccountLocked => {
                "ログインに続けて失敗したため、アカウントがロックされています。健康保険組合にお問い合わせください。"
            }
            Self::InvalidOtp => {
                "ワンタイムパスワードが正しくありません。最新の6桁のコードを入力してください。"
            }
            Self::MalformedOtp => "ワンタイムパスワードは半角数字6桁で入力してください。",
            Self::MissingUserId => "ユーザーIDを入力してください。",
            Self::MissingPassword => "パスワードを入力してください。",
            Self::PasswordTooLong => "パスワードは64文字以内です。入力内容をご確認ください。",
            Self::UserIdTooLong => "ユーザーIDが長すぎます。入力内容をご確認ください。",
            Self::PasswordStepRequired => {
                "ログインの有効期限が切れました。ユーザーIDとパスワードからやり直してください。"
            }
            Self::NotLoggedIn => "ログインしていません。もう一度ログインしてください。",
            Self::BadRequest => "送信内容を読み取れませんでした。もう一度お試しください。",
            Self::NotFound => "お探しのページは見つかりませんでした。",
            Self::Internal => "ポータルで問題が発生しました。しばらくしてからもう一度お試しください。",
            Self::PortalUnreachable => {
                "ポータルに接続できません。ネットワーク接続を確認して、もう一度お試しください。"
            }
            Self::PortalProtocol => {
                "ポータルからの応答を読み取れませんでした。アプリを最新版に更新してください。"
            }
            Self::NoAuthenticator => "この端末にはこのユーザーIDのワンタイムパスワードが登録されていません。",
            Self::KeychainUnavailable => {
                "端末のキーチェーンを利用できません。端末のロックを解除してから、もう一度お試しください。"
            }
            Self::Storage => "アプリのデータを保存できませんでした。空き容量を確認してください。",
            Self::BadEnrollment => "この登録コードは利用できません。",
            Self::UserIdLength => "ユーザーIDは8文字以上13文字以内で入力してください。",
            Self::UserIdCharacters => "ユーザーIDに使えるのは半角英数字と記号「-」「_」「.」「@」です。",
            Self::PasswordLength => "パスワードは8文字以上64文字以内で入力してください。",
            Self::PasswordFullWidth => {
                "パスワードに全角文字が含まれています。半角に切り替えて入力してください。"
            }
            Self::PasswordCharacters => {
                "パスワードに使えない文字が含まれています。半角英数字と記号 !\"#$%&'()=~|`{+*}<>?_-^¥@[;:],./ が使えます（¥ は Mac の ¥ キーでも Windows の \\ キーでも同じです）。"
            }
            Self::PasswordSameAsUserId => "ユーザーIDと同じパスワードは設定できません。",
            Self::PasswordIsInitial => "初期パスワードと同じパスワードは設定できません。",
            Self::PasswordUnchanged => "現在のパスワードと同じパスワードは設定できません。",
            Self::StepOutOfOrder => {
                "手順が前後しています。画面の案内に沿って、表示されている手順から進めてください。"
            }
            Self::RegistrationRequired => {
                "初回登録が完了していません。初回登録の手順を最後まで進めてください。"
            }
            Self::EnrollmentRequired => {
                "ワンタイムパスワードの設定が完了していません。ワンタイムパスワードの設定を行ってください。"
            }
            Self::BirthDateFormat => "生年月日は西暦8桁の半角数字で入力してください（例：20010101）。",
            Self::BirthDateMismatch => {
                "生年月日が登録内容と一致しません。西暦8桁でご自身の生年月日を入力してください。"
            }
            Self::TermsChanged => {
                "利用規約が更新されました。最新の利用規約をお読みのうえ、同意してください。"
            }
            Self::UserIdTaken => "このユーザーIDはすでに使われています。別のユーザーIDを入力してください。",
            Self::EmailInvalid => "メールアドレスの形式が正しくありません。入力内容をご確認ください。",
            Self::InvalidEmailCode => {
                "確認コードが正しくないか、有効期限が切れています。メールに記載の最新の確認コードを入力してください。"
            }
            Self::InvalidResetCode => {
                "確認コードが正しくないか、有効期限（10分）が切れています。もう一度「パスワードを忘れた方はこちら」からやり直してください。"
            }
            Self::MalformedCode => "確認コードは、メールに記載の数字を半角で入力してください。",
            Self::NotAnImage => "画像を読み込めませんでした。PNG または JPEG の画像を選んでください。",
            Self::ImageTooLarge => {
                "画像が大きすぎます（20MB、一辺8192ピクセルまで）。QRコードの部分だけのスクリーンショットを選んでください。"
            }
            Self::Busy => "ただいま混み合っています。しばらく待ってから、もう一度お試しください。",
            Self::RequestTimeout => "通信に時間がかかりすぎたため、中断しました。もう一度お試しください。",
            Self::TooManyAttempts => {
                "入力の失敗が続いたため、しばらく受け付けを止めています。数分（最長15分）待ってから、もう一度お試しください。いつもお使いの端末からは、続けてログインできます。"
            }
            Self::TooManyMails => {
                "確認コードを続けて送信できません。1分ほど待ってからもう一度お試しください（1日10通まで）。届いたメールのコードもお使いいただけます。"
            }
            Self::QrNotFound => {
                "画像からQRコードが見つかりませんでした。QRコード全体がはっきり写った画像を選ぶか、秘密鍵を入力して登録してください。"
            }
            Self::NotAnEnrollmentCode => {
                "ワンタイムパスワードの登録用コードではありません。ポータルに表示されたQRコード（otpauth://…）を使ってください。"
            }
            Self::SecretInvalid => {
                "秘密鍵に使えない文字が含まれています。表示されている英字（A〜Z）と数字（2〜7）をそのまま入力してください。"
            }
            Self::SecretTooShort => "秘密鍵が短すぎます。表示されている秘密鍵をすべて入力してください。",
            Self::AccountNameMissing => "アカウント名を入力してください（自由な名前で構いません）。",
            Self::DuplicateAccount => "このアカウントはすでにこの端末に登録されています。",
            Self::HotpNotSupported => "カウンター方式（HOTP）のアカウントにはまだ対応していません。",
            Self::AccountNotFound => "このアカウントは見つかりませんでした。画面を開き直してください。",
            Self::ClipboardUnavailable => "コピーできませんでした。コードを見ながら入力してください。",
            Self::CameraUnavailable => {
                "カメラを使えません。設定アプリでこのアプリのカメラを許可するか、画像や秘密鍵から登録してください。"
            }
            Self::NoImageOnClipboard => {
                "クリップボードに画像がありません。QRコードが写った画面をコピーしてから、もう一度お試しください。"
            }
            Self::PortalUrlInvalid => {
                "ポータルのアドレスは https:// で始まる形で入力してください（例：https://portal.example-kenpo.or.jp/）。"
            }
            Self::PortalUrlInsecure => {
                "http:// のアドレスは使えません（パスワードが暗号化されずに送られます）。https:// で始まるアドレスを入力してください。"
            }
            Self::AppLockUnavailable => {
                "この端末では Face ID / Touch ID を使えません。端末の設定で登録してから、もう一度お試しください。"
            }
            Self::AppLocked => "アプリがロックされています。Face ID / Touch ID でロックを解除してください。",
            Self::FileNotSaved => {
                "ファイルを保存できませんでした。保存先の空き容量と書き込みの権限を確かめて、別の場所を選んでください。"
            }
            Self::ApplicationInvalid => "申請内容に誤りがあります。各項目の表示を確認して直してください。",
            Self::SubsidyClosed => "現在、インフルエンザ予防接種補助の申請は受け付けていません。",
            Self::ReceiptMissing => "領収書の画像またはPDFを1つ以上添付してください。",
            Self::TooManyReceipts => "添付できる領収書は3つまでです。",
            Self::ReceiptNotAccepted => {
                "領収書を読み込めませんでした。JPEG・PNGの画像かPDFを選んでください（ファイル名ではなく中身で確認しています）。"
            }
            Self::ReceiptTooLarge => {
                "領収書のファイルが大きすぎます（1つ8MB・一辺8192ピクセルまで）。写真の解像度を下げてからもう一度お試しください。"
            }
            Self::ReceiptUnsafe => {
                "このPDFはスクリプトや埋め込みファイルを含むため受け付けられません。領収書を写真に撮って添付してください。"
            }
            Self::ApplicationNotReturned => {
                "この申請は差戻し中ではないため、送り直せません。申請の状況をご確認ください。"
            }
            Self::Maintenance => {
                "ただいまメンテナンス中です。終了予定の時刻を過ぎてから、もう一度お試しください。"
            }
        }
    }
}

impl ErrorCode {
    /// The English message for this code, for members who chose English.
    pub fn message_en(self) -> &'static str {
        match self {
            Self::InvalidCredentials => "Invalid user ID or password.",
            Self::AccountLocked => {
                "The account is locked after too many failed attempts. Please contact the health insurance society."
            }
            Self::InvalidOtp => "The one-time password is not correct. Enter the newest 6-digit code.",
            Self::MalformedOtp => "Enter the one-time password as 6 digits.",
            Self::MissingUserId => "Enter your user ID.",
            Self::MissingPassword => "Enter your password.",
            Self::PasswordTooLong => "Passwords are at most 64 characters. Check what you typed.",
            Self::UserIdTooLong => "The user ID is too long. Check what you typed.",
            Self::PasswordStepRequired => "Your login expired. Start again from your user ID and password.",
            Self::NotLoggedIn => "You are not logged in. Please log in again.",
            Self::BadRequest => "The request could not be read. Please try again.",
            Self::NotFound => "The page was not found.",
            Self::Internal => "Something went wrong at the portal. Please try again later.",
            Self::PortalUnreachable => {
                "Cannot reach the portal. Check your network connection and try again."
            }
            Self::PortalProtocol => "The portal's answer could not be read. Please update the app.",
            Self::NoAuthenticator => "This device holds no one-time password for this user ID.",
            Self::KeychainUnavailable => {
                "The device keychain cannot be used. Unlock the device and try again."
            }
            Self::Storage => "The app could not save its data. Check the free space.",
            Self::BadEnrollment => "This enrollment code cannot be used.",
            Self::UserIdLength => "User IDs are 8 to 13 characters.",
            Self::UserIdCharacters => "User IDs may use half-width letters, digits and - _ . @ only.",
            Self::PasswordLength => "Passwords are 8 to 64 characters.",
            Self::PasswordFullWidth => "The password has full-width characters. Switch to half-width input.",
            Self::PasswordCharacters => {
                "The password has a character that is not allowed. Use half-width letters, digits and !\"#$%&'()=~|`{+*}<>?_-^¥@[;:],./ (¥ and \\ are the same key)."
            }
            Self::PasswordSameAsUserId => "The password cannot be the same as the user ID.",
            Self::PasswordIsInitial => "The password cannot be the initial password.",
            Self::PasswordUnchanged => "The new password must differ from the current one.",
            Self::StepOutOfOrder => {
                "The steps were taken out of order. Continue from the step shown on the screen."
            }
            Self::RegistrationRequired => "First registration is not finished. Complete its steps first.",
            Self::EnrollmentRequired => "No one-time password is set up yet. Set it up first.",
            Self::BirthDateFormat => "Enter your birth date as 8 digits, year first (for example 20010101).",
            Self::BirthDateMismatch => {
                "The birth date does not match our records. Enter your own birth date."
            }
            Self::TermsChanged => "The terms of use were updated. Read the new terms and agree again.",
            Self::UserIdTaken => "This user ID is taken. Choose another one.",
            Self::EmailInvalid => "This is not a valid email address. Check what you typed.",
            Self::InvalidEmailCode => {
                "The confirmation code is wrong or expired. Enter the newest code from the email."
            }
            Self::InvalidResetCode => {
                "The code is wrong or older than 10 minutes. Start again from \"Forgot your password\"."
            }
            Self::MalformedCode => "Enter the code as the digits shown in the email.",
            Self::NotAnImage => "The image could not be read. Choose a PNG or JPEG image.",
            Self::ImageTooLarge => {
                "The image is too large (up to 20 MB and 8192 pixels a side). Choose a screenshot of just the QR code."
            }
            Self::Busy => "The portal is busy. Please wait a moment and try again.",
            Self::RequestTimeout => "The request took too long and was stopped. Please try again.",
            Self::TooManyAttempts => {
                "Too many failed attempts in a row: the portal is pausing for a while. Wait a few minutes (up to 15) and try again. The device you usually log in from can still log in."
            }
            Self::TooManyMails => {
                "A code cannot be sent again so soon. Wait a minute and try again (up to 10 a day); a code already mailed still works."
            }
            Self::QrNotFound => {
                "No QR code was found in the image. Choose an image that shows the whole code, or type the secret key."
            }
            Self::NotAnEnrollmentCode => {
                "This is not a one-time password enrollment code. Use the QR code the portal shows (otpauth://…)."
            }
            Self::SecretInvalid => {
                "The secret key has characters it cannot have. Type the letters A-Z and digits 2-7 as shown."
            }
            Self::SecretTooShort => "The secret key is too short. Type all of it.",
            Self::AccountNameMissing => "Enter an account name (any name will do).",
            Self::DuplicateAccount => "This account is already on this device.",
            Self::HotpNotSupported => "Counter-based (HOTP) accounts are not supported yet.",
            Self::AccountNotFound => "This account was not found. Open the screen again.",
            Self::ClipboardUnavailable => "The code could not be copied. Type it as shown.",
            Self::CameraUnavailable => {
                "The camera cannot be used. Allow it for this app in Settings, or add the account from an image or its key."
            }
            Self::NoImageOnClipboard => {
                "The clipboard holds no image. Copy the screen with the QR code, then try again."
            }
            Self::PortalUrlInvalid => {
                "Enter the portal's address starting with https:// (for example https://portal.example-kenpo.or.jp/)."
            }
            Self::PortalUrlInsecure => {
                "An http:// address cannot be used: your password would travel unencrypted. Enter an address starting with https://."
            }
            Self::AppLockUnavailable => {
                "Face ID / Touch ID cannot be used on this device. Set it up in the device's settings, then try again."
            }
            Self::AppLocked => "The app is locked. Unlock it with Face ID / Touch ID.",
            Self::FileNotSaved => {
                "The file could not be saved. Check the free space and that you may write there, and choose another place."
            }
            Self::ApplicationInvalid => {
                "The application breaks a rule. Check the note on each field and correct it."
            }
            Self::SubsidyClosed => {
                "The society is not taking influenza-vaccination subsidy applications now."
            }
            Self::ReceiptMissing => "Attach at least one receipt (an image or a PDF).",
            Self::TooManyReceipts => "An application takes up to 3 receipts.",
            Self::ReceiptNotAccepted => {
                "The receipt could not be read. Choose a JPEG or PNG image or a PDF (checked by its content, not its name)."
            }
            Self::ReceiptTooLarge => {
                "The receipt is too large (up to 8 MB and 8192 pixels a side). Lower the photo's resolution and try again."
            }
            Self::ReceiptUnsafe => {
                "This PDF holds scripts or embedded files and cannot be taken. Take a photo of the receipt and attach that."
            }
            Self::ApplicationNotReturned => {
                "This application was not sent back for correction, so it cannot be sent again. Check its status."
            }
            Self::Maintenance => "The portal is under maintenance. Please try again after the time it ends.",
        }
    }
}

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        Self { code, message: code.message_ja().to_owned(), problems: Vec::new(), retry_at: None }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ApiError {}
