//! First registration [guide 2-2 … 2-8] and linking the authenticator [3-1, 3-2], walked step by
//! step against the real server on loopback, with every refusal on the way.

mod common;

use common::{Portal, field, now, refusal, wrong_code};
use kenpo_api::ErrorCode;
use kenpo_api::demo::{DEPENDANT, ENROLLED, INITIAL, LOCKED, NOT_ENROLLED, VOLUNTARY};
use kenpo_api::portal::{NextStep, RegistrationStep};
use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;

const NEW_PASSWORD: &str = "Kenpo!2026-new";
const EMAIL: &str = "ichiro.suzuki@example.co.jp";

/// Logs in with the initial password and runs [2-3] to [2-6].
async fn register_up_to_email(client: &PortalClient) {
    assert_eq!(client.login(INITIAL.user_id, INITIAL.password).await.unwrap().next, NextStep::Registration);
    client.registration_birth_date(INITIAL.birth_date).await.unwrap();
    let state = client.registration().await.unwrap();
    client.agree_terms(&state.terms.version).await.unwrap();
    client.choose_user_id(INITIAL.user_id).await.unwrap();
    let state = client.set_new_password(NEW_PASSWORD).await.unwrap();
    assert_eq!(state.next, RegistrationStep::Email);
}

#[tokio::test]
async fn a_member_registers_step_by_step_then_links_an_authenticator_and_logs_in() {
    let portal = Portal::start(10).await;
    let client = portal.client();
    assert_eq!(client.login(INITIAL.user_id, INITIAL.password).await.unwrap().next, NextStep::Registration);
    assert_eq!(refusal(client.me().await), ErrorCode::RegistrationRequired);

    let state = client.registration().await.unwrap();
    assert_eq!((state.next, state.user_id.as_str()), (RegistrationStep::BirthDate, INITIAL.user_id));
    assert!(state.terms.text.contains("利用規約"));
    assert_eq!(
        client.registration_birth_date("２００１０１０１").await.unwrap().next,
        RegistrationStep::Terms
    );
    assert_eq!(client.agree_terms(&state.terms.version).await.unwrap().next, RegistrationStep::UserId);
    let state = client.choose_user_id("ＩＣＨＩＲＯ.Suzuki").await.unwrap();
    assert_eq!((state.next, state.user_id.as_str()), (RegistrationStep::Password, "ichiro.suzuki"));
    assert_eq!(client.set_new_password(NEW_PASSWORD).await.unwrap().next, RegistrationStep::Email);
    let state = client.give_email(EMAIL).await.unwrap();
    assert_eq!((state.next, state.pending_email.as_deref()), (RegistrationStep::EmailCode, Some(EMAIL)));
    let mail = portal.mail_to(EMAIL, "確認コード").await;
    let done = client.confirm_email(&field(&mail, "確認コード:")).await.unwrap();
    assert_eq!(done.next, RegistrationStep::Complete);
    portal.mail_to(EMAIL, "初回登録が完了しました").await;
    // The roster's address, another than the one confirmed, is told too.
    let roster = portal.mail_to(INITIAL.email.unwrap(), "別のメール").await;
    assert!(roster.contains("ichiro.suzuki") && !roster.contains(EMAIL), "{roster}");
    // [2-8] Instead of logging out, this session goes straight on to linking the authenticator.
    assert_eq!(refusal(client.registration().await), ErrorCode::StepOutOfOrder);
    assert_eq!(refusal(client.me().await), ErrorCode::EnrollmentRequired);
    assert!(Enrollment::parse(&client.enrollment_offer().await.unwrap().otpauth_uri).is_ok());
    client.logout().await.unwrap();

    // The initial password and the old user ID no longer work.
    assert_eq!(refusal(client.login("ichiro.suzuki", INITIAL.password).await), ErrorCode::InvalidCredentials);
    assert_eq!(refusal(client.login(INITIAL.user_id, NEW_PASSWORD).await), ErrorCode::InvalidCredentials);

    // [3-1] The next login leads to linking the authenticator; nothing else is served.
    assert_eq!(client.login("ichiro.suzuki", NEW_PASSWORD).await.unwrap().next, NextStep::Enrollment);
    assert_eq!(refusal(client.me().await), ErrorCode::EnrollmentRequired);
    let offer = client.enrollment_offer().await.unwrap();
    let enrollment = Enrollment::parse(&offer.otpauth_uri).unwrap();
    assert_eq!(enrollment.secret.bits(), 160);
    assert_eq!(enrollment.account.name, "ichiro.suzuki");
    assert_eq!(offer.secret_grouped.replace(' ', ""), enrollment.secret.to_base32().as_str());
    assert!(offer.secret_grouped.split(' ').all(|group| group.len() == 4));
    assert!(offer.qr_svg.contains("<svg"));
    let png = data_encoding::BASE64.decode(offer.qr_png_base64.as_bytes()).unwrap();
    assert_eq!(kenpo_qr::decode_image_bytes(&png).unwrap(), vec![offer.otpauth_uri.clone()]);
    // Asking again offers the same secret, so a code scanned from the first offer still works.
    assert_eq!(client.enrollment_offer().await.unwrap().otpauth_uri, offer.otpauth_uri);

    assert_eq!(refusal(client.confirm_enrollment(&wrong_code(&enrollment)).await), ErrorCode::InvalidOtp);
    assert_eq!(refusal(client.me().await), ErrorCode::EnrollmentRequired);
    let code = enrollment.account.code(&enrollment.secret, now()).0;
    let member = client.confirm_enrollment(&code).await.unwrap();
    assert_eq!(member.name, INITIAL.name);
    assert_eq!(client.me().await.unwrap(), member);
    assert_eq!(refusal(client.enrollment_offer().await), ErrorCode::StepOutOfOrder);

    // From now on: password, then the code; the enrollment code cannot be used again.
    client.logout().await.unwrap();
    assert_eq!(client.login("ichiro.suzuki", NEW_PASSWORD).await.unwrap().next, NextStep::Otp);
    assert_eq!(refusal(client.submit_otp(&code).await), ErrorCode::InvalidOtp);
}

#[tokio::test]
async fn steps_out_of_order_are_refused_and_change_nothing() {
    let portal = Portal::start(10).await;
    let client = portal.client();
    assert_eq!(refusal(client.registration().await), ErrorCode::NotLoggedIn);
    assert_eq!(refusal(client.registration_birth_date(INITIAL.birth_date).await), ErrorCode::NotLoggedIn);
    client.login(INITIAL.user_id, INITIAL.password).await.unwrap();
    let version = client.registration().await.unwrap().terms.version;
    assert_eq!(refusal(client.agree_terms(&version).await), ErrorCode::StepOutOfOrder);
    assert_eq!(refusal(client.choose_user_id("someone.new").await), ErrorCode::StepOutOfOrder);
    assert_eq!(refusal(client.set_new_password(NEW_PASSWORD).await), ErrorCode::StepOutOfOrder);
    assert_eq!(refusal(client.give_email(EMAIL).await), ErrorCode::StepOutOfOrder);
    assert_eq!(refusal(client.confirm_email("123456").await), ErrorCode::StepOutOfOrder);
    assert_eq!(refusal(client.enrollment_offer().await), ErrorCode::StepOutOfOrder);
    assert_eq!(refusal(client.confirm_enrollment("123456").await), ErrorCode::StepOutOfOrder);
    assert_eq!(client.registration().await.unwrap().next, RegistrationStep::BirthDate);

    client.registration_birth_date(INITIAL.birth_date).await.unwrap();
    // A step already done is not done again.
    assert_eq!(refusal(client.registration_birth_date(INITIAL.birth_date).await), ErrorCode::StepOutOfOrder);
    assert_eq!(refusal(client.set_new_password(NEW_PASSWORD).await), ErrorCode::StepOutOfOrder);
    assert_eq!(client.registration().await.unwrap().next, RegistrationStep::Terms);

    // A registered member's full session cannot run registration steps.
    let enrolled = portal.client();
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    enrolled.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    enrolled.submit_otp(&enrollment.account.code(&enrollment.secret, now()).0).await.unwrap();
    assert_eq!(
        refusal(enrolled.registration_birth_date(ENROLLED.birth_date).await),
        ErrorCode::StepOutOfOrder
    );
}

#[tokio::test]
async fn each_refusal_names_its_rule_and_the_member_can_go_on_after_it() {
    let portal = Portal::start(10).await;
    let client = portal.client();
    client.login(INITIAL.user_id, INITIAL.password).await.unwrap();
    // [2-3]
    for bad in ["2001/01/01", "2001011", "20010231", "２００１年１月１日", ""] {
        assert_eq!(refusal(client.registration_birth_date(bad).await), ErrorCode::BirthDateFormat, "{bad}");
    }
    assert_eq!(refusal(client.registration_birth_date("20010102").await), ErrorCode::BirthDateMismatch);
    client.registration_birth_date(INITIAL.birth_date).await.unwrap();
    // [2-4]
    assert_eq!(refusal(client.agree_terms("2020-01-01").await), ErrorCode::TermsChanged);
    let version = client.registration().await.unwrap().terms.version;
    client.agree_terms(&version).await.unwrap();
    // [2-5]
    for (bad, rule) in [
        ("short", ErrorCode::UserIdLength),
        ("fourteen-chars", ErrorCode::UserIdLength),
        ("ichiro+suzuki", ErrorCode::UserIdCharacters),
        ("鈴木いちろうです", ErrorCode::UserIdCharacters),
        (NOT_ENROLLED.user_id, ErrorCode::UserIdTaken),
        ("SATO.HANAKO", ErrorCode::UserIdTaken),
    ] {
        assert_eq!(refusal(client.choose_user_id(bad).await), rule, "{bad}");
    }
    // Keeping the current ID is allowed: the guide asks to enter it again.
    assert_eq!(client.choose_user_id(INITIAL.user_id).await.unwrap().next, RegistrationStep::Password);
    // [2-6]
    for (bad, rule) in [
        ("short1!", ErrorCode::PasswordLength),
        (&*"x".repeat(65), ErrorCode::PasswordLength),
        ("Ｋｅｎｐｏ２０２６ｎｅｗ", ErrorCode::PasswordFullWidth),
        ("kenpo 2026 new", ErrorCode::PasswordCharacters),
        ("SUZUKI.ICHIRO", ErrorCode::PasswordSameAsUserId),
        (INITIAL.password, ErrorCode::PasswordIsInitial),
    ] {
        assert_eq!(refusal(client.set_new_password(bad).await), rule, "{bad}");
    }
    client.set_new_password("Kenpo\u{a5}2026").await.unwrap();
    // [2-7]
    for bad in ["ichiro", "ichiro@", "@example.co.jp", "ichiro@example", "ichi ro@example.co.jp"] {
        assert_eq!(refusal(client.give_email(bad).await), ErrorCode::EmailInvalid, "{bad}");
    }
    client.give_email("typo@example.co.jp").await.unwrap();
    let typo_code = field(&portal.mail_to("typo@example.co.jp", "確認コード").await, "確認コード:");
    // A corrected address gets a new code; the code sent to the wrong one no longer works.
    client.give_email(EMAIL).await.unwrap();
    let code = field(&portal.mail_to(EMAIL, "確認コード").await, "確認コード:");
    if typo_code != code {
        assert_eq!(refusal(client.confirm_email(&typo_code).await), ErrorCode::InvalidEmailCode);
    }
    client.confirm_email(&code).await.unwrap();
    // The Mac ¥ and the Japanese keyboard's ¥ are the same key.
    assert_eq!(client.login(INITIAL.user_id, "Kenpo\\2026").await.unwrap().next, NextStep::Enrollment);
}

#[tokio::test]
async fn an_expired_email_code_is_refused() {
    let portal = Portal::start(10).await;
    let client = portal.client();
    register_up_to_email(&client).await;
    client.give_email(EMAIL).await.unwrap();
    let code = field(&portal.mail_to(EMAIL, "確認コード").await, "確認コード:");
    sqlx::query("UPDATE members SET email_code_expires_at = $1 WHERE user_id = $2")
        .bind(now() as i64 - 1)
        .bind(INITIAL.user_id)
        .execute(&portal.pool().await)
        .await
        .unwrap();
    assert_eq!(refusal(client.confirm_email(&code).await), ErrorCode::InvalidEmailCode);
    assert_eq!(client.registration().await.unwrap().next, RegistrationStep::EmailCode);
}

#[tokio::test]
async fn progress_is_kept_when_a_member_stops_half_way() {
    let portal = Portal::start(10).await;
    let first = portal.client();
    register_up_to_email(&first).await;
    // The new password works from [2-6] on; the next login goes on at [2-7].
    let second = portal.client();
    assert_eq!(refusal(second.login(INITIAL.user_id, INITIAL.password).await), ErrorCode::InvalidCredentials);
    assert_eq!(second.login(INITIAL.user_id, NEW_PASSWORD).await.unwrap().next, NextStep::Registration);
    assert_eq!(second.registration().await.unwrap().next, RegistrationStep::Email);
}

#[tokio::test]
async fn wrong_birth_dates_count_towards_the_lockout() {
    let portal = Portal::start(3).await;
    let client = portal.client();
    client.login(INITIAL.user_id, INITIAL.password).await.unwrap();
    for _ in 0..2 {
        assert_eq!(refusal(client.registration_birth_date("19990101").await), ErrorCode::BirthDateMismatch);
    }
    assert_eq!(refusal(client.registration_birth_date("19990101").await), ErrorCode::BirthDateMismatch);
    assert_eq!(refusal(client.registration_birth_date(INITIAL.birth_date).await), ErrorCode::AccountLocked);
    assert_eq!(
        refusal(portal.client().login(INITIAL.user_id, INITIAL.password).await),
        ErrorCode::InvalidCredentials
    );
}

#[tokio::test]
async fn a_voluntary_member_logs_in_with_the_guides_sixteen_digit_id_and_may_keep_it() {
    let portal = Portal::start(10).await;
    let client = portal.client();
    assert_eq!(VOLUNTARY.user_id.len(), 16);
    assert_eq!(
        client.login(VOLUNTARY.user_id, VOLUNTARY.password).await.unwrap().next,
        NextStep::Registration
    );
    client.registration_birth_date(VOLUNTARY.birth_date).await.unwrap();
    let version = client.registration().await.unwrap().terms.version;
    client.agree_terms(&version).await.unwrap();
    assert_eq!(client.choose_user_id(VOLUNTARY.user_id).await.unwrap().next, RegistrationStep::Password);
}

#[tokio::test]
async fn demo_seeds_each_state_of_the_account_life() {
    let portal = Portal::start(10).await;
    let next = |member: &'static kenpo_api::demo::DemoMember| {
        let client = portal.client();
        async move { client.login(member.user_id, member.password).await.map(|accepted| accepted.next) }
    };
    assert_eq!(next(&ENROLLED).await.unwrap(), NextStep::Otp);
    assert_eq!(next(&INITIAL).await.unwrap(), NextStep::Registration);
    assert_eq!(next(&NOT_ENROLLED).await.unwrap(), NextStep::Enrollment);
    // Locked: the right password is answered as a wrong one (the lock was told by mail).
    assert_eq!(refusal(next(&LOCKED).await), ErrorCode::InvalidCredentials);
    assert_eq!(next(&VOLUNTARY).await.unwrap(), NextStep::Registration);
    assert_eq!(next(&DEPENDANT).await.unwrap(), NextStep::Otp);
    let households: Vec<(String, i64)> = sqlx::query_as(
        "SELECT m.user_id, (SELECT count(*) FROM roster d WHERE d.kigo = r.kigo AND d.bango = r.bango AND d.relation = 'dependant')
         FROM members m JOIN roster r ON r.id = m.roster_id ORDER BY m.id",
    )
    .fetch_all(&portal.pool().await)
    .await
    .unwrap();
    assert_eq!(households.len(), 6);
    assert!(households.iter().all(|(_, dependants)| *dependants >= 1), "{households:?}");
}

#[tokio::test]
async fn a_second_session_on_the_initial_password_ends_when_the_new_password_is_set() {
    let portal = Portal::start(10).await;
    let other = portal.client();
    other.login(INITIAL.user_id, INITIAL.password).await.unwrap();
    let member = portal.client();
    register_up_to_email(&member).await;
    assert_eq!(refusal(other.registration().await), ErrorCode::NotLoggedIn);
    assert_eq!(refusal(other.give_email("someone.else@example.co.jp").await), ErrorCode::NotLoggedIn);
    assert_eq!(member.registration().await.unwrap().next, RegistrationStep::Email);
}

#[tokio::test]
async fn a_code_that_is_not_digits_is_refused_without_counting_as_a_failure() {
    let portal = Portal::start(10).await;
    let client = portal.client();
    register_up_to_email(&client).await;
    client.give_email(EMAIL).await.unwrap();
    for bad in ["", "abc123", "1234567", "12 34"] {
        assert_eq!(refusal(client.confirm_email(bad).await), ErrorCode::MalformedCode, "{bad:?}");
    }
    let status = kenpo_portal::admin::show(&portal.pool().await, INITIAL.user_id).await.unwrap();
    assert_eq!(status.failed_attempts, 0);
    // Full-width digits from a Japanese keyboard are read as the code.
    let code = field(&portal.mail_to(EMAIL, "確認コード").await, "確認コード:");
    let full_width: String =
        code.chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()).collect();
    assert_eq!(client.confirm_email(&full_width).await.unwrap().next, RegistrationStep::Complete);
}

#[tokio::test]
async fn completing_registration_ends_every_other_session_and_links_in_this_one() {
    let portal = Portal::start(10).await;
    let member = portal.client();
    register_up_to_email(&member).await;
    // A second session on the new password, opened during registration.
    let other = portal.client();
    assert_eq!(other.login(INITIAL.user_id, NEW_PASSWORD).await.unwrap().next, NextStep::Registration);
    member.give_email(EMAIL).await.unwrap();
    let code = field(&portal.mail_to(EMAIL, "確認コード").await, "確認コード:");
    assert_eq!(member.confirm_email(&code).await.unwrap().next, RegistrationStep::Complete);
    assert_eq!(refusal(other.registration().await), ErrorCode::NotLoggedIn);
    assert_eq!(refusal(other.enrollment_offer().await), ErrorCode::NotLoggedIn);

    let enrollment = Enrollment::parse(&member.enrollment_offer().await.unwrap().otpauth_uri).unwrap();
    let member_now = member.confirm_enrollment(&enrollment.account.code(&enrollment.secret, now()).0).await;
    assert_eq!(member_now.unwrap().name, INITIAL.name);
}
