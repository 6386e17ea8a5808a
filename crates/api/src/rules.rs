//! The member guide's rules for user IDs and passwords [2-5, 2-6], defined once: the portal
//! enforces them and the app checks them as the member types.
//!
//! Decisions the guide leaves open:
//! - User IDs: full-width input is normalised (NFKC) and upper case lowered, as the guide says.
//! - Passwords: full-width characters are refused with their own error (never converted
//!   silently). The ¥ key types U+005C on a Japanese keyboard but U+00A5 on a Mac; both are the
//!   same key to the member, so U+00A5 is read as U+005C whenever a password is set or
//!   entered ([`normalise_password`]), and the rule text says so.

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
    nfkc(input).trim().to_lowercase()
}

/// Unicode's NFKC, which reads full-width letters and digits (ＡＢ１２) as ASCII: the
/// unicode-normalization crate's, and in the app's webview the browser's own, whose tables the
/// UI's download then does not carry (the portal judges again with the crate's).
#[cfg(not(target_arch = "wasm32"))]
fn nfkc(input: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    input.nfkc().collect()
}

#[cfg(target_arch = "wasm32")]
fn nfkc(input: &str) -> String {
    js_sys::JsString::from(input).normalize("NFKC").into()
}

/// Each rule of a chosen user ID [2-5], and whether `input` keeps it, in the order the guide
/// lists them: what the app ticks as the member types, and what the portal enforces.
pub fn user_id_rules(input: &str) -> [(ErrorCode, bool); 2] {
    let user_id = normalise_user_id(input);
    let length = user_id.chars().count();
    [
        (ErrorCode::UserIdLength, (USER_ID_MIN_CHARS..=USER_ID_MAX_CHARS).contains(&length)),
        (
            ErrorCode::UserIdCharacters,
            user_id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || USER_ID_SYMBOLS.contains(c)),
        ),
    ]
}

/// Checks a user ID a member chooses [2-5]; returns it normalised, or the first rule it breaks.
pub fn check_user_id(input: &str) -> Result<String, ErrorCode> {
    first_broken(&user_id_rules(input))?;
    Ok(normalise_user_id(input))
}

fn first_broken(rules: &[(ErrorCode, bool)]) -> Result<(), ErrorCode> {
    rules.iter().find(|(_, kept)| !kept).map_or(Ok(()), |(rule, _)| Err(*rule))
}

/// The password as it is hashed and compared: the Mac ¥ (U+00A5) read as U+005C.
pub fn normalise_password(input: &str) -> String {
    input.replace('\u{a5}', "\\")
}

/// Each rule of a new password [2-6] that can be judged as it is typed, and whether `password`
/// keeps it, in the order the member reads them. (Not being the initial password is judged by
/// the portal, which alone knows it.)
pub fn password_rules(password: &str, user_id: &str) -> [(ErrorCode, bool); 4] {
    let password = normalise_password(password);
    let length = password.chars().count();
    [
        (ErrorCode::PasswordLength, (PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&length)),
        (
            ErrorCode::PasswordFullWidth,
            !password
                .chars()
                .any(|c| !c.is_ascii() && nfkc(c.encode_utf8(&mut [0; 4])).chars().any(|n| n.is_ascii())),
        ),
        (
            ErrorCode::PasswordCharacters,
            password.chars().all(|c| c.is_ascii_alphanumeric() || PASSWORD_SYMBOLS.contains(c)),
        ),
        (ErrorCode::PasswordSameAsUserId, !password.eq_ignore_ascii_case(&normalise_user_id(user_id))),
    ]
}

/// Checks a new password [2-6] against the guide's rules, the member's user ID and their initial
/// password. Returns the first rule it breaks.
pub fn check_new_password(password: &str, user_id: &str, initial_password: &str) -> Result<(), ErrorCode> {
    first_broken(&password_rules(password, user_id))?;
    if normalise_password(password) == initial_password {
        return Err(ErrorCode::PasswordIsInitial);
    }
    Ok(())
}

/// A birth date as [2-3] asks for it: 8 digits of a real 西暦 date (full-width digits read),
/// from 1900 and not after `today` (YYYYMMDD). Returns the 8 half-width digits.
pub fn check_birth_date(input: &str, today: &str) -> Result<String, ErrorCode> {
    let value = nfkc(input).trim().to_owned();
    if value.len() != 8 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::BirthDateFormat);
    }
    let number = |range: std::ops::Range<usize>| value[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(4..6), number(6..8));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if year < 1900 || !(1..=days_in_month).contains(&day) || value.as_str() > today {
        return Err(ErrorCode::BirthDateFormat);
    }
    Ok(value)
}

/// The date in Japan (UTC+9) at `unix_seconds`, as YYYYMMDD: the `today` birth dates are
/// judged against. Pure arithmetic, so the portal, the app and the UI share it.
pub fn japan_date(unix_seconds: u64) -> String {
    let (year, month, day) = crate::jst::civil_date(((unix_seconds + 9 * 3600) / 86_400) as i64);
    format!("{year:04}{month:02}{day:02}")
}

/// The longest email address (RFC 5321's path limit).
pub const EMAIL_MAX_CHARS: usize = 254;

/// The longest local part (before the `@`), RFC 5321's.
const EMAIL_LOCAL_MAX_CHARS: usize = 64;

/// An email address mail can be sent to [2-7]: a local part of RFC 5322's `dot-atom` (letters,
/// digits and ``!#$%&'*+-/=?^_`{|}~``, single dots between them) and a domain of at least two
/// DNS labels (letters, digits and inner hyphens). Half-width characters only, so the portal's
/// mailer takes every address this accepts. Returns it trimmed.
///
/// Some older Japanese mobile addresses break the rule (`taro..yamada.@…`, two dots, one
/// before the `@`); no mailer sends to them unquoted, so they are refused here too.
pub fn check_email(input: &str) -> Result<String, ErrorCode> {
    let value = input.trim();
    let (local, domain) = value.rsplit_once('@').ok_or(ErrorCode::EmailInvalid)?;
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let local_fine = local.len() <= EMAIL_LOCAL_MAX_CHARS
        && local.split('.').all(|atom| !atom.is_empty() && atom.chars().all(atext));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_fine = labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    if local_fine && domain_fine && value.len() <= EMAIL_MAX_CHARS {
        Ok(value.to_owned())
    } else {
        Err(ErrorCode::EmailInvalid)
    }
}

/// The longest portal address the app takes.
pub const PORTAL_URL_MAX_CHARS: usize = 512;

/// A portal address the app may send passwords to: `https://host[:port][/path]`, or `http://`
/// to this device only (a portal on loopback, as in the demo). No user name, query or fragment.
/// Returns it trimmed, with the scheme and host in lower case and the path ending in `/`.
pub fn check_portal_url(input: &str) -> Result<String, ErrorCode> {
    let value = input.trim();
    if value.is_empty() || value.len() > PORTAL_URL_MAX_CHARS || !value.chars().all(|c| c.is_ascii_graphic())
    {
        return Err(ErrorCode::PortalUrlInvalid);
    }
    let (scheme, rest) = value.split_once("://").ok_or(ErrorCode::PortalUrlInvalid)?;
    let scheme = scheme.to_ascii_lowercase();
    let (authority, path) = rest.find('/').map_or((rest, "/"), |at| rest.split_at(at));
    if authority.contains('@') || path.contains(['?', '#']) || authority.contains(['?', '#']) {
        return Err(ErrorCode::PortalUrlInvalid);
    }
    let authority = authority.to_ascii_lowercase();
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => {
            let (host, after) = bracketed.split_once(']').ok_or(ErrorCode::PortalUrlInvalid)?;
            match after {
                "" => (host, None),
                _ => (host, Some(after.strip_prefix(':').ok_or(ErrorCode::PortalUrlInvalid)?)),
            }
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority.as_str(), None),
        },
    };
    let host_fine = if authority.starts_with('[') {
        host.chars().all(|c| c.is_ascii_hexdigit() || c == ':') && host.contains(':')
    } else {
        host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    };
    let port_fine = port.is_none_or(|port| port.parse::<u16>().is_ok_and(|port| port > 0));
    if !host_fine || !port_fine || !matches!(scheme.as_str(), "https" | "http") {
        return Err(ErrorCode::PortalUrlInvalid);
    }
    let parts: Vec<&str> = host.split('.').collect();
    let loopback_v4 =
        parts.len() == 4 && parts[0] == "127" && parts.iter().all(|part| part.parse::<u8>().is_ok());
    let loopback = loopback_v4 || host == "localhost" || host == "::1";
    if scheme == "http" && !loopback {
        return Err(ErrorCode::PortalUrlInsecure);
    }
    let slash = if path.ends_with('/') { "" } else { "/" };
    Ok(format!("{scheme}://{authority}{path}{slash}"))
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

    #[test]
    fn each_rule_is_judged_on_its_own_as_the_member_types() {
        let kept = |rules: &[(ErrorCode, bool)]| rules.iter().filter(|(_, kept)| *kept).count();
        assert_eq!(kept(&password_rules("", "yamada.taro")), 3);
        assert_eq!(kept(&password_rules("ｋ", "yamada.taro")), 1);
        assert_eq!(kept(&password_rules("Kenpo!2026", "yamada.taro")), 4);
        assert_eq!(
            user_id_rules("Ichiro.Suzuki"),
            [(ErrorCode::UserIdLength, true), (ErrorCode::UserIdCharacters, true)]
        );
        assert_eq!(
            user_id_rules("a b"),
            [(ErrorCode::UserIdLength, false), (ErrorCode::UserIdCharacters, false)]
        );
    }

    #[test]
    fn birth_dates_must_be_real_and_past() {
        let today = "20261128";
        assert_eq!(check_birth_date("20010101", today).as_deref(), Ok("20010101"));
        assert_eq!(check_birth_date("２００１０１０１", today).as_deref(), Ok("20010101"));
        assert_eq!(check_birth_date("20000229", today).as_deref(), Ok("20000229"));
        assert_eq!(check_birth_date("20261128", today).as_deref(), Ok("20261128"));
        for bad in [
            "19000229",
            "2001011",
            "2001-01-01",
            "20011301",
            "20010132",
            "20260230",
            "20261129",
            "1899123x",
            "",
        ] {
            assert_eq!(check_birth_date(bad, today), Err(ErrorCode::BirthDateFormat), "{bad}");
        }
    }

    #[test]
    fn the_date_in_japan_turns_at_midnight_japanese_time() {
        assert_eq!(japan_date(0), "19700101");
        // 2000-02-28T15:00:00Z is midnight of the 29th in Japan.
        assert_eq!(japan_date(951_750_000 - 1), "20000228");
        assert_eq!(japan_date(951_750_000), "20000229");
        assert_eq!(japan_date(1_798_729_199), "20261231");
        assert_eq!(japan_date(1_798_729_200), "20270101");
    }

    #[test]
    fn email_addresses_are_what_a_mailer_can_send_to() {
        assert_eq!(check_email(" ichiro@example.co.jp ").as_deref(), Ok("ichiro@example.co.jp"));
        for bad in [
            "",
            "ichiro",
            "@example.jp",
            "ichiro@example",
            "ichiro@.jp",
            "ichiro@jp.",
            "い@example.jp",
            "a@b@c.jp",
            // What no mailer sends to: outside RFC 5322's dot-atom, or not a DNS name.
            "o'brien;--@example.jp",
            "taro..yamada@example.jp",
            "taro.@example.jp",
            ".taro@example.jp",
            "\"taro\"@example.jp",
            "taro yamada@example.jp",
            "taro@exa_mple.jp",
            "taro@-example.jp",
            "taro@example-.jp",
            "taro@example..jp",
        ] {
            assert_eq!(check_email(bad), Err(ErrorCode::EmailInvalid), "{bad}");
        }
        for good in [
            "o'brien+kenpo@example.co.jp",
            "a!#$%&'*+-/=?^_`{|}~z@mail-1.example.jp",
            "taro.yamada@xn--wgv71a.jp",
        ] {
            assert_eq!(check_email(good).as_deref(), Ok(good));
        }
        assert_eq!(check_email(&format!("{}@example.jp", "a".repeat(64))).map(|_| ()), Ok(()));
        assert_eq!(check_email(&format!("{}@example.jp", "a".repeat(65))), Err(ErrorCode::EmailInvalid));
        assert_eq!(check_email(&format!("a@{}.jp", "b".repeat(64))), Err(ErrorCode::EmailInvalid));
        let long_domain = vec!["b".repeat(63); 4].join(".");
        assert_eq!(check_email(&format!("a@{long_domain}")), Err(ErrorCode::EmailInvalid));
    }

    #[test]
    fn a_portal_address_is_https_or_http_to_this_device_only() {
        let ok = |input: &str| check_portal_url(input);
        assert_eq!(
            ok(" HTTPS://Portal.Example-Kenpo.or.jp "),
            Ok("https://portal.example-kenpo.or.jp/".to_owned())
        );
        assert_eq!(
            ok("https://portal.example.jp:8443/kenpo"),
            Ok("https://portal.example.jp:8443/kenpo/".to_owned())
        );
        assert_eq!(ok("http://127.0.0.1:8787/"), Ok("http://127.0.0.1:8787/".to_owned()));
        assert_eq!(ok("http://localhost:8787"), Ok("http://localhost:8787/".to_owned()));
        assert_eq!(ok("http://[::1]:8787/"), Ok("http://[::1]:8787/".to_owned()));
        for insecure in
            ["http://portal.example.jp/", "http://192.168.1.10:8787/", "http://127.0.0.1.example.jp/"]
        {
            assert_eq!(ok(insecure), Err(ErrorCode::PortalUrlInsecure), "{insecure}");
        }
        for invalid in [
            "",
            "portal.example.jp",
            "ftp://portal.example.jp/",
            "https://",
            "https://user:pw@portal.example.jp/",
            "https://portal.example.jp/?next=evil",
            "https://portal.example.jp/#top",
            "https://portal example.jp/",
            "https://ポータル.jp/",
            "https://portal.example.jp:99999/",
            "https://portal..jp/",
            "https://[::1/",
        ] {
            assert_eq!(ok(invalid), Err(ErrorCode::PortalUrlInvalid), "{invalid}");
        }
        assert_eq!(
            ok(&format!("https://{}.jp/", "a".repeat(PORTAL_URL_MAX_CHARS))),
            Err(ErrorCode::PortalUrlInvalid)
        );
    }
}
