//! Any request body the portal can be sent is parsed as each of its JSON bodies, and every
//! text field that parses goes through the shared rules the portal applies to it: refused or
//! accepted, never a panic, and an accepted value meets its own rule again.
#![no_main]

use kenpo_api::portal::{
    AgreeTerms, BirthDate, ChooseUserId, EmailAddress, EmailCode, ForgotPassword, NewPassword, OtpLogin,
    PasswordChange, PasswordLogin, PasswordReset,
};
use kenpo_api::rules;
use libfuzzer_sys::fuzz_target;

fn texts(data: &[u8]) -> Vec<String> {
    let mut texts = Vec::new();
    macro_rules! parse {
        ($type:ty => $($field:ident),+) => {
            if let Ok(body) = serde_json::from_slice::<$type>(data) {
                $(texts.push(body.$field.clone());)+
            }
        };
    }
    parse!(PasswordLogin => user_id, password);
    parse!(OtpLogin => code);
    parse!(BirthDate => birth_date);
    parse!(AgreeTerms => version);
    parse!(ChooseUserId => user_id);
    parse!(NewPassword => password);
    parse!(EmailAddress => email);
    parse!(EmailCode => code);
    parse!(ForgotPassword => user_id, email);
    parse!(PasswordReset => user_id, reset_code, otp, new_password);
    parse!(PasswordChange => current_password, new_password);
    if let Ok(text) = std::str::from_utf8(data) {
        texts.push(text.to_owned());
    }
    texts
}

fuzz_target!(|data: &[u8]| {
    for text in texts(data) {
        let _ = rules::normalise_user_id(&text);
        let _ = rules::user_id_rules(&text);
        if let Ok(user_id) = rules::check_user_id(&text) {
            assert_eq!(rules::check_user_id(&user_id).as_deref(), Ok(user_id.as_str()));
        }
        let _ = rules::password_rules(&text, "yamada.taro");
        let _ = rules::check_new_password(&text, "yamada.taro", "10000119800515");
        let _ = rules::check_birth_date(&text, "20261128");
        if let Ok(email) = rules::check_email(&text) {
            assert_eq!(rules::check_email(&email).as_deref(), Ok(email.as_str()));
        }
        let _ = rules::check_portal_url(&text);
    }
});
