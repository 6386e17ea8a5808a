//! The UI's text, keyed, one catalogue per language. Error messages come from the error codes in
//! kenpo-api, where they are defined once.

use kenpo_api::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    AppName,
    LoginTitle,
    UserId,
    Password,
    Otp,
    LoginButton,
    LoggingIn,
    /// `{n}` is replaced by the seconds left.
    SecondsLeft,
    OtpAutoFilled,
    OtpTypeIt,
    /// `{name}` is replaced by the member's name.
    Welcome,
    LoggedInAs,
    Logout,
    OtherLanguage,
    EnrollTitle,
    EnrollExplain,
    EnrollButton,
    Enrolling,
    EnrollDone,
    EnrollDoneExplain,
    Continue,
    AccountsTitle,
    PortalTab,
    Search,
    AddAccount,
    NoAccounts,
    NextCode,
    MoveUp,
    Rename,
    Delete,
    DeleteConfirm,
    DeleteYes,
    Cancel,
    Save,
    AddTitle,
    FromImage,
    FromImageHelp,
    FromText,
    FromTextHelp,
    FromKey,
    SecretKey,
    AccountName,
    SecretBits,
    SecretWeak,
    AddButton,
    Added,
    SkippedDuplicates,
    ClockOffset,
    ClockAhead,
    ClockBehind,
    Copied,
    CopyHint,
    FromCamera,
    FromCameraHelp,
    FromClipboard,
    BackToLogin,
    SkippedHotp,
}

pub fn text(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Ja => ja(key),
        Lang::En => en(key),
    }
}

pub fn error(lang: Lang, code: ErrorCode) -> &'static str {
    match lang {
        Lang::Ja => code.message_ja(),
        Lang::En => code.message_en(),
    }
}

fn ja(key: Key) -> &'static str {
    match key {
        Key::AppName => "けんぽポータル",
        Key::LoginTitle => "ログイン",
        Key::UserId => "ユーザーID",
        Key::Password => "パスワード",
        Key::Otp => "ワンタイムパスワード",
        Key::LoginButton => "ログイン",
        Key::LoggingIn => "ログインしています…",
        Key::SecondsLeft => "あと {n} 秒",
        Key::OtpAutoFilled => "この端末の認証コードを自動で入力します。",
        Key::OtpTypeIt => "認証アプリに表示されている6桁のコードを入力してください。",
        Key::Welcome => "{name} さん、ようこそ",
        Key::LoggedInAs => "ログイン中のユーザーID",
        Key::Logout => "ログアウト",
        Key::OtherLanguage => "English",
        Key::EnrollTitle => "ワンタイムパスワードの設定",
        Key::EnrollExplain => {
            "この端末を、ワンタイムパスワードの認証アプリとして設定します。QRコードの読み取りやコードの入力は必要ありません。"
        }
        Key::EnrollButton => "この端末で設定する",
        Key::Enrolling => "設定しています…",
        Key::EnrollDone => "設定が完了しました",
        Key::EnrollDoneExplain => "次回のログインからは、この端末がワンタイムパスワードを自動で入力します。",
        Key::Continue => "ポータルへ進む",
        Key::AccountsTitle => "認証コード",
        Key::PortalTab => "ポータル",
        Key::Search => "検索",
        Key::AddAccount => "追加",
        Key::NoAccounts => "まだアカウントがありません。「追加」から登録してください。",
        Key::NextCode => "次のコード",
        Key::MoveUp => "上へ",
        Key::Rename => "名前を変更",
        Key::Delete => "削除",
        Key::DeleteConfirm => "「{name}」を削除しますか？ この端末から秘密鍵も削除され、元に戻せません。",
        Key::DeleteYes => "削除する",
        Key::Cancel => "やめる",
        Key::Save => "保存",
        Key::AddTitle => "アカウントの追加",
        Key::FromImage => "QRコードの画像から読み取る",
        Key::FromImageHelp => "スクリーンショットや写真（PNG・JPEG）を選んでください。",
        Key::FromText => "登録用コードを貼り付ける",
        Key::FromTextHelp => "otpauth:// で始まるコード、または Google 認証システムのエクスポート。",
        Key::FromKey => "秘密鍵を入力（コードを手動で入力）",
        Key::SecretKey => "秘密鍵",
        Key::AccountName => "アカウント名（自由に入力）",
        Key::SecretBits => "{n} ビットの秘密鍵です。",
        Key::SecretWeak => "{n} ビットの秘密鍵です（短めですが使えます）。",
        Key::AddButton => "追加する",
        Key::Added => "{n} 件のアカウントを追加しました。",
        Key::SkippedDuplicates => "登録済みのため追加しなかったもの: {names}",
        Key::ClockOffset => "ポータルとの時計のずれ: {n} 秒",
        Key::ClockAhead => {
            "この端末の時計がポータルより {n} 秒進んでいます。端末の日付と時刻を「自動設定」にしてください（このアプリのコードはポータルの時計に合わせて作ります）。"
        }
        Key::Copied => "コピーしました（30秒後にクリップボードから消去します）。",
        Key::FromCamera => "カメラでQRコードを読み取る",
        Key::FromClipboard => "コピーした画像から読み取る",
        Key::BackToLogin => "ログイン画面に戻る",
        Key::SkippedHotp => "カウンター方式（HOTP）のため追加しなかったもの: {names}",
        Key::FromCameraHelp => {
            "パソコンに表示されたQRコードを読み取ります。はじめにカメラの使用を許可してください。"
        }
        Key::CopyHint => "コードをタップするとコピーできます。",
        Key::ClockBehind => {
            "この端末の時計がポータルより {n} 秒遅れています。端末の日付と時刻を「自動設定」にしてください（このアプリのコードはポータルの時計に合わせて作ります）。"
        }
    }
}

fn en(key: Key) -> &'static str {
    match key {
        Key::AppName => "Kenpo Portal",
        Key::LoginTitle => "Log in",
        Key::UserId => "User ID",
        Key::Password => "Password",
        Key::Otp => "One-time password",
        Key::LoginButton => "Log in",
        Key::LoggingIn => "Logging in…",
        Key::SecondsLeft => "{n} s left",
        Key::OtpAutoFilled => "This device fills in its own code.",
        Key::OtpTypeIt => "Enter the 6-digit code your authenticator app shows.",
        Key::Welcome => "Welcome, {name}",
        Key::LoggedInAs => "Logged in as",
        Key::Logout => "Log out",
        Key::OtherLanguage => "日本語",
        Key::EnrollTitle => "Set up the one-time password",
        Key::EnrollExplain => {
            "This device becomes your authenticator. No QR code to scan and no code to type."
        }
        Key::EnrollButton => "Use this device",
        Key::Enrolling => "Setting up…",
        Key::EnrollDone => "Setup complete",
        Key::EnrollDoneExplain => "From your next login on, this device fills in the one-time password.",
        Key::Continue => "Go to the portal",
        Key::AccountsTitle => "Codes",
        Key::PortalTab => "Portal",
        Key::Search => "Search",
        Key::AddAccount => "Add",
        Key::NoAccounts => "No accounts yet. Add one with \"Add\".",
        Key::NextCode => "Next code",
        Key::MoveUp => "Up",
        Key::Rename => "Rename",
        Key::Delete => "Delete",
        Key::DeleteConfirm => {
            "Delete \"{name}\"? Its secret key is removed from this device too; this cannot be undone."
        }
        Key::DeleteYes => "Delete",
        Key::Cancel => "Cancel",
        Key::Save => "Save",
        Key::AddTitle => "Add an account",
        Key::FromImage => "Read a QR code from an image",
        Key::FromImageHelp => "Choose a screenshot or a photo (PNG or JPEG).",
        Key::FromText => "Paste an enrollment code",
        Key::FromTextHelp => "A code starting with otpauth://, or a Google Authenticator export.",
        Key::FromKey => "Type the secret key",
        Key::SecretKey => "Secret key",
        Key::AccountName => "Account name (any name)",
        Key::SecretBits => "A {n}-bit secret key.",
        Key::SecretWeak => "A {n}-bit secret key (short, but it works).",
        Key::AddButton => "Add",
        Key::Added => "Added {n} account(s).",
        Key::SkippedDuplicates => "Already on this device, not added: {names}",
        Key::ClockOffset => "Clock difference to the portal: {n} s",
        Key::ClockAhead => {
            "This device's clock is {n} s ahead of the portal. Set the date and time to automatic (this app makes its codes by the portal's clock)."
        }
        Key::Copied => "Copied (cleared from the clipboard after 30 s).",
        Key::FromCamera => "Scan a QR code with the camera",
        Key::FromClipboard => "Read from a copied image",
        Key::BackToLogin => "Back to login",
        Key::SkippedHotp => "Counter-based (HOTP), not added: {names}",
        Key::FromCameraHelp => "Scans the QR code shown on your PC. Allow the camera when asked.",
        Key::CopyHint => "Tap a code to copy it.",
        Key::ClockBehind => {
            "This device's clock is {n} s behind the portal. Set the date and time to automatic (this app makes its codes by the portal's clock)."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_text_in_both_languages() {
        let keys = [
            Key::AppName,
            Key::LoginTitle,
            Key::UserId,
            Key::Password,
            Key::Otp,
            Key::LoginButton,
            Key::Welcome,
            Key::LoggedInAs,
            Key::Logout,
            Key::OtherLanguage,
            Key::EnrollTitle,
            Key::EnrollExplain,
            Key::EnrollButton,
            Key::Enrolling,
            Key::EnrollDone,
            Key::EnrollDoneExplain,
            Key::Continue,
            Key::AccountsTitle,
            Key::PortalTab,
            Key::Search,
            Key::AddAccount,
            Key::NoAccounts,
            Key::NextCode,
            Key::MoveUp,
            Key::Rename,
            Key::Delete,
            Key::DeleteConfirm,
            Key::DeleteYes,
            Key::Cancel,
            Key::Save,
            Key::AddTitle,
            Key::FromImage,
            Key::FromImageHelp,
            Key::FromText,
            Key::FromTextHelp,
            Key::FromKey,
            Key::SecretKey,
            Key::AccountName,
            Key::SecretBits,
            Key::SecretWeak,
            Key::AddButton,
            Key::Added,
            Key::SkippedDuplicates,
            Key::ClockOffset,
            Key::ClockAhead,
            Key::ClockBehind,
            Key::Copied,
            Key::CopyHint,
            Key::FromCamera,
            Key::FromCameraHelp,
            Key::FromClipboard,
            Key::BackToLogin,
            Key::SkippedHotp,
        ];
        for key in keys {
            assert!(!ja(key).is_empty() && !en(key).is_empty(), "{key:?}");
        }
    }
}
