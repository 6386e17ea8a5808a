//! Any text handed to the URI parser is either refused or parsed into an enrollment that writes
//! back to a URI meaning the same thing.
#![no_main]

use kenpo_otp::Enrollment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for candidate in [
        text.to_owned(),
        format!("otpauth://totp/{text}"),
        format!("otpauth://hotp/a:b?secret=JBSWY3DPEHPK3PXP&{text}"),
    ] {
        if let Ok(enrollment) = Enrollment::parse(&candidate) {
            let written = enrollment.to_uri();
            let reparsed = Enrollment::parse(&written).expect("a written URI parses");
            assert_eq!(reparsed.account.name, enrollment.account.name);
            assert_eq!(reparsed.account.issuer, enrollment.account.issuer);
            assert_eq!(reparsed.account.kind, enrollment.account.kind);
            assert!(reparsed.secret == enrollment.secret);
        }
    }
});
