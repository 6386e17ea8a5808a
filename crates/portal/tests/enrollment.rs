//! Linking an authenticator, attacked [issue 6, item 3]: the secret on offer belongs to the
//! session it was shown to, a link never replaces another, and linking ends the other sessions.

mod common;

use common::{Portal, now, refusal};
use kenpo_api::ErrorCode;
use kenpo_api::demo::NOT_ENROLLED;
use kenpo_api::portal::NextStep;
use kenpo_client::PortalClient;
use kenpo_otp::Enrollment;

async fn at_enrollment(portal: &Portal) -> (PortalClient, Enrollment) {
    let client = portal.client();
    assert_eq!(
        client.login(NOT_ENROLLED.user_id, NOT_ENROLLED.password).await.unwrap().next,
        NextStep::Enrollment
    );
    let offer = client.enrollment_offer().await.unwrap();
    (client, Enrollment::parse(&offer.otpauth_uri).unwrap())
}

fn code(enrollment: &Enrollment) -> String {
    enrollment.account.code(&enrollment.secret, now()).0
}

#[tokio::test]
async fn each_session_gets_its_own_secret_and_cannot_confirm_anothers() {
    let portal = Portal::start(10).await;
    let (member, theirs) = at_enrollment(&portal).await;
    // Someone else with the password, in a session of their own.
    let (other, mine) = at_enrollment(&portal).await;
    assert_ne!(theirs.secret.to_base32().as_str(), mine.secret.to_base32().as_str());
    // Asking again in the same session keeps its secret (a reload does not void a scan).
    let again = Enrollment::parse(&member.enrollment_offer().await.unwrap().otpauth_uri).unwrap();
    assert_eq!(again.secret.to_base32().as_str(), theirs.secret.to_base32().as_str());

    // A code from another session's secret is a wrong code here.
    assert_eq!(refusal(other.confirm_enrollment(&code(&theirs)).await), ErrorCode::InvalidOtp);
    member.confirm_enrollment(&code(&theirs)).await.unwrap();
    // Linking ended the other session; its secret links nothing.
    assert_eq!(refusal(other.confirm_enrollment(&code(&mine)).await), ErrorCode::NotLoggedIn);
    let linked = portal.demo_enrollment(NOT_ENROLLED.user_id).await;
    assert_eq!(linked.secret.to_base32().as_str(), theirs.secret.to_base32().as_str());
}

#[tokio::test]
async fn two_sessions_confirming_at_once_link_exactly_one_secret() {
    let portal = Portal::start(10).await;
    let (first, first_secret) = at_enrollment(&portal).await;
    let (second, second_secret) = at_enrollment(&portal).await;
    let (first_code, second_code) = (code(&first_secret), code(&second_secret));
    let (a, b) = tokio::join!(first.confirm_enrollment(&first_code), second.confirm_enrollment(&second_code));
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1, "{a:?} {b:?}");
    let (winner, loser, loser_secret) = if a.is_ok() {
        (&first_secret, &second, &second_secret)
    } else {
        (&second_secret, &first, &first_secret)
    };
    let linked = portal.demo_enrollment(NOT_ENROLLED.user_id).await;
    assert_eq!(linked.secret.to_base32().as_str(), winner.secret.to_base32().as_str());
    // The loser cannot overwrite it afterwards either.
    assert!(loser.confirm_enrollment(&code(loser_secret)).await.is_err());
    let still = portal.demo_enrollment(NOT_ENROLLED.user_id).await;
    assert_eq!(still.secret.to_base32().as_str(), winner.secret.to_base32().as_str());
}
