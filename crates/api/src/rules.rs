//! The member guide's rules for user IDs and passwords [2-5, 2-6], defined once: the portal
//! enforces them and the app checks them as the member types.
//!
//! Decisions the guide leaves open:
//! - User IDs: full-width input is normalised (NFKC) and upper case lowered, as the guide says.
//! - Passwords: full-width characters are refused with their own error (never converted
//!   silently). The ¥ key types U+005C on a Japanese keyboard but U+00A5 on a Mac; both are the
//!   same key to the member, so U+00A5 is read as U+005C whenever a password is set or
//!   entered ([`normalise_password`]), and the rule text says so.

use unicode_normalization::UnicodeNormalization;

use crate::ErrorCode;

pub const USER_ID_MIN_CHARS: usize = 8;
pub const USER_ID_MAX_CHARS: usize = 13;
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 64;
const USER_ID_SYMBOLS: &str = "-_.@";
/// The guide's symbols, with its ¥ as U+005C (see the module notes).
pub const PASSWORD_SYMBOLS: &str = "!\"#$%&'()=~|`{+*}<>?_-^\\@[;:],./";

/// A user ID as the portal stores it: NFKC, trimmed, lower case.
pub fn normalise_user_id(input: &str) -> String {
    input.nfkc().collect::<String>().trim().to_lowercase()
}

/// Checks a user ID a member chooses [2-5]; returns it normalised.
pub fn check_user_id(input: &str) -> Result<String, ErrorCode> {
    let user_id = normalise_user_id(input);
    let length = user_id.chars().count();
    if !(USER_ID_MIN_CHARS..=USER_ID_MAX_CHARS).contains(&length) {
        return Err(ErrorCode::UserIdLength);
    }
    if !user_id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || USER_ID_SYMBOLS.contains(c)) {
        return Err(ErrorCode::UserIdCharacters);
    }
    Ok(user_id)
}

/// The password as it is hashed and compared: the Mac ¥ (U+00A5) read as U+005C.
pub fn normalise_password(input: &str) -> String {
    input.replace('\u{a5}', "\\")
}

/// Checks a new password [2-6] against the guide's rules, the member's user ID and their initial
/// password. Returns the first rule it breaks.
pub fn check_new_password(password: &str, user_id: &str, initial_password: &str) -> Result<(), ErrorCode> {
    let password = normalise_password(password);
    let length = password.chars().count();
    if !(PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&length) {
        return Err(ErrorCode::PasswordLength);
    }
    if password.chars().any(|c| !c.is_ascii() && c.nfkc().any(|n| n.is_ascii())) {
        return Err(ErrorCode::PasswordFullWidth);
    }
    if !password.chars().all(|c| c.is_ascii_alphanumeric() || PASSWORD_SYMBOLS.contains(c)) {
        return Err(ErrorCode::PasswordCharacters);
    }
    if password.eq_ignore_ascii_case(&normalise_user_id(user_id)) {
        return Err(ErrorCode::PasswordSameAsUserId);
    }
    if password == initial_password {
        return Err(ErrorCode::PasswordIsInitial);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_are_normalised_from_full_width_and_upper_case() {
        assert_eq!(check_user_id("ＹＡＭＡＤＡ．Ｔａｒｏ"), Ok("yamada.taro".to_owned()));
        assert_eq!(check_user_id(" Taro_1984@x "), Ok("taro_1984@x".to_owned()));
    }

    #[test]
    fn each_user_id_rule_is_named_when_broken() {
        assert_eq!(check_user_id("short"), Err(ErrorCode::UserIdLength));
        assert_eq!(check_user_id("fourteen-chars"), Err(ErrorCode::UserIdLength));
        assert_eq!(check_user_id("taro+yamada"), Err(ErrorCode::UserIdCharacters));
        assert_eq!(check_user_id("山田たろう太郎です"), Err(ErrorCode::UserIdCharacters));
    }

    #[test]
    fn each_password_rule_is_named_when_broken() {
        fn ok(password: &str) -> Result<(), ErrorCode> {
            check_new_password(password, "yamada.taro", "10123420010101")
        }
        assert_eq!(ok("Kenpo!2026"), Ok(()));
        assert_eq!(ok("a\\b|c{d}e"), Ok(()));
        assert_eq!(ok("short1!"), Err(ErrorCode::PasswordLength));
        assert_eq!(ok(&"x".repeat(65)), Err(ErrorCode::PasswordLength));
        assert_eq!(ok("Ｋｅｎｐｏ２０２６"), Err(ErrorCode::PasswordFullWidth));
        assert_eq!(ok("kenpo 2026"), Err(ErrorCode::PasswordCharacters));
        assert_eq!(ok("kenpoパスワード1"), Err(ErrorCode::PasswordCharacters));
        assert_eq!(ok("YAMADA.TARO"), Err(ErrorCode::PasswordSameAsUserId));
        assert_eq!(ok("10123420010101"), Err(ErrorCode::PasswordIsInitial));
    }

    #[test]
    fn the_mac_yen_sign_is_the_same_key_as_the_japanese_keyboards() {
        assert_eq!(check_new_password("kenpo\u{a5}2026", "yamada.taro", ""), Ok(()));
        assert_eq!(normalise_password("kenpo\u{a5}2026"), normalise_password("kenpo\\2026"));
    }
}
