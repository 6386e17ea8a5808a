//! The screens rendered with Yew's server-side renderer: what a member sees before any command
//! has answered.

use kenpo_api::portal::Member;
use kenpo_ui::components::home::{Home, HomeProps};
use kenpo_ui::i18n::Lang;
use yew::{Callback, LocalServerRenderer};

#[tokio::test]
async fn the_app_opens_on_the_login_screen_with_the_guides_three_fields_in_japanese() {
    let html = LocalServerRenderer::<kenpo_ui::App>::new().render().await;
    let positions: Vec<usize> = ["ユーザーID", "パスワード", "ワンタイムパスワード", "ログイン</button>"]
        .iter()
        .map(|label| html.find(label).unwrap_or_else(|| panic!("{label} missing from {html}")))
        .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "fields out of order: {html}");
    assert!(html.contains(r#"lang="ja""#));
}

#[tokio::test]
async fn home_greets_the_member_by_name() {
    let props = HomeProps {
        lang: Lang::Ja,
        member: Member { user_id: "yamada.taro".into(), name: "山田 太郎".into() },
        on_logout: Callback::noop(),
    };
    let html = LocalServerRenderer::<Home>::with_props(props).render().await;
    assert!(html.contains("山田 太郎 さん、ようこそ"), "{html}");
}

#[tokio::test]
async fn home_speaks_english_when_asked() {
    let props = HomeProps {
        lang: Lang::En,
        member: Member { user_id: "yamada.taro".into(), name: "Taro Yamada".into() },
        on_logout: Callback::noop(),
    };
    let html = LocalServerRenderer::<Home>::with_props(props).render().await;
    assert!(html.contains("Welcome, Taro Yamada"), "{html}");
}

#[tokio::test]
async fn enrollment_offers_one_button_and_no_code_to_type() {
    use kenpo_ui::components::enrollment::{Enrollment, EnrollmentProps};
    let props = EnrollmentProps { lang: Lang::Ja, on_logged_in: Callback::noop(), on_back: Callback::noop() };
    let html = LocalServerRenderer::<Enrollment>::with_props(props).render().await;
    assert!(html.contains("ワンタイムパスワードの設定") && html.contains("この端末で設定する"), "{html}");
    assert!(!html.contains("<input"), "nothing to type: {html}");
}
