//! Properties that hold for every enrollment and every time, not just the examples.

use kenpo_otp::{Account, Algorithm, Enrollment, Kind, Secret, Totp};
use proptest::prelude::*;

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256), Just(Algorithm::Sha512)]
}

fn enrollment() -> impl Strategy<Value = Enrollment> {
    (
        proptest::collection::vec(any::<u8>(), 10..64),
        proptest::option::of("[^\u{0}-\u{1f}:]{1,20}"),
        "[^\u{0}-\u{1f}:]{1,30}",
        algorithm(),
        6u32..=8,
        prop_oneof![
            (1u64..=3600).prop_map(|period| Kind::Totp { period }),
            any::<u64>().prop_map(|counter| Kind::Hotp { counter })
        ],
    )
        .prop_map(|(secret, issuer, name, algorithm, digits, kind)| Enrollment {
            account: Account {
                issuer: issuer.map(|issuer| issuer.trim().to_owned()).filter(|issuer| !issuer.is_empty()),
                label_issuer: None,
                name: name.trim().to_owned(),
                algorithm,
                digits,
                kind,
            },
            secret: Secret::from_bytes(secret).unwrap(),
        })
}

proptest! {
    #[test]
    fn written_uris_parse_back_to_the_same_enrollment(enrollment in enrollment()) {
        let parsed = Enrollment::parse(&enrollment.to_uri()).unwrap();
        prop_assert_eq!(parsed, enrollment);
    }

    #[test]
    fn a_code_verifies_at_its_own_step_and_within_the_window_but_not_beyond(
        secret in proptest::collection::vec(any::<u8>(), 10..64),
        algorithm in algorithm(),
        digits in 6u32..=8,
        period in 1u64..=300,
        time in 1_000_000u64..4_000_000_000,
        window in 0u64..=3,
        shift in -6i64..=6,
    ) {
        let secret = Secret::from_bytes(secret).unwrap();
        let totp = Totp::new(algorithm, digits, period).unwrap();
        let shown_at = time.saturating_add_signed(shift * period as i64);
        let code = totp.code_at(&secret, shown_at);
        let found = totp.verify(&secret, &code.0, time, window);
        if shift.unsigned_abs() <= window {
            // Another step in the window may share the code by chance; the offset found is then
            // the one nearest the current step, never one outside the window.
            let offset = found.expect("a code in the window verifies");
            prop_assert!(offset.unsigned_abs() <= shift.unsigned_abs());
        } else if let Some(offset) = found {
            // Only a chance collision with a step inside the window can match.
            prop_assert!(offset.unsigned_abs() <= window);
            prop_assert_eq!(totp.code_for_step(&secret, totp.step(time).saturating_add_signed(offset)), code);
        }
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = kenpo_otp::parse_enrollment_code(&text);
        let _ = kenpo_otp::parse_enrollment_code(&format!("otpauth://totp/{text}"));
        let _ = kenpo_otp::parse_enrollment_code(&format!("otpauth-migration://offline?data={text}"));
    }
}
