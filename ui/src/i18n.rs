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
        ];
        for key in keys {
            assert!(!ja(key).is_empty() && !en(key).is_empty(), "{key:?}");
        }
    }
}
