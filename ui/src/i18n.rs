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
        ];
        for key in keys {
            assert!(!ja(key).is_empty() && !en(key).is_empty(), "{key:?}");
        }
    }
}
