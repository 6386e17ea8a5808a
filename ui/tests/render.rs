//! The screens rendered with Yew's server-side renderer: what a member sees before any command
//! has answered, in both languages.

use kenpo_api::portal::{Member, RegistrationState, RegistrationStep, Terms};
use kenpo_ui::components::app::{App, AppProps, Screen, view};
use kenpo_ui::i18n::Lang;
use yew::LocalServerRenderer;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct ScreenInLang {
    lang: Lang,
    screen: Screen,
}

/// One screen inside the app shell, in the language given (the shell's own starts in Japanese;
/// a context nearer the screen wins).
#[function_component(ScreenIn)]
fn screen_in(props: &ScreenInLang) -> Html {
    html! {
        <ContextProvider<Lang> context={props.lang}>
            { view(&props.screen) }
        </ContextProvider<Lang>>
    }
}

async fn render(lang: Lang, screen: Screen) -> String {
    LocalServerRenderer::<ScreenIn>::with_props(ScreenInLang { lang, screen }).render().await
}

fn at(step: RegistrationStep) -> Screen {
    Screen::Registration(RegistrationState {
        next: step,
        user_id: "suzuki.ichiro".into(),
        terms: Terms { version: "2026-04-01".into(), text: "第1条（目的）この規約は…".into() },
        pending_email: (step == RegistrationStep::EmailCode).then(|| "ichiro@example.co.jp".into()),
    })
}

fn assert_has(html: &str, wanted: &[&str]) {
    for text in wanted {
        assert!(html.contains(text), "{text:?} missing from {html}");
    }
}

#[tokio::test]
async fn the_app_opens_on_the_login_screen_asking_no_code_before_the_portal_does() {
    let html = LocalServerRenderer::<App>::with_props(AppProps { start: Screen::Login }).render().await;
    let positions: Vec<usize> = ["ユーザーID", "パスワード", "ログイン</button>"]
        .iter()
        .map(|label| html.find(label).unwrap_or_else(|| panic!("{label} missing from {html}")))
        .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "fields out of order: {html}");
    assert!(html.contains(r#"lang="ja""#));
    assert!(!html.contains(r#"id="otp""#), "a code field before the portal asked for one: {html}");
}

#[tokio::test]
async fn login_help_explains_the_initial_password_with_the_guides_example_and_the_voluntary_rule() {
    let html = render(Lang::Ja, Screen::Login).await;
    assert_has(&html, &["初めてログインする方へ", "14桁", "10123420010101", "任意継続被保険者", "郵送"]);
    let html = render(Lang::En, Screen::Login).await;
    assert_has(&html, &["Logging in for the first time", "10123420010101", "Voluntarily continued"]);
}

#[tokio::test]
async fn each_registration_step_says_where_the_member_is_and_what_to_type() {
    let cases: [(RegistrationStep, &str, &[&str], &[&str]); 7] = [
        (
            RegistrationStep::BirthDate,
            "1",
            &["ご自身の生年月日を入力してください", "20010101"],
            &["Enter your date of birth"],
        ),
        (
            RegistrationStep::Terms,
            "2",
            &["利用規約", "第1条（目的）", "最後までスクロール"],
            &["Terms of use", "Scroll to the end"],
        ),
        (
            RegistrationStep::UserId,
            "3",
            &["ユーザーIDの変更", "現在のユーザーID：suzuki.ichiro", "そのまま使います"],
            &["You keep your current user ID"],
        ),
        (
            RegistrationStep::Password,
            "4",
            &["新しいパスワード", "8文字以上64文字以内", "全角文字を含まない", "¥"],
            &["8 to 64 characters", "Show"],
        ),
        (
            RegistrationStep::Email,
            "5",
            &["メールアドレスの確認", "会社のメールアドレス"],
            &["Confirm your email address"],
        ),
        (
            RegistrationStep::EmailCode,
            "5",
            &[
                "ichiro@example.co.jp に6桁の確認コードを送りました",
                "確認コードをもう一度送る",
                "メールアドレスを修正する",
            ],
            &["A 6-digit code was sent to ichiro@example.co.jp", "Send the code again"],
        ),
        (
            RegistrationStep::Complete,
            "6",
            &["初回登録が完了しました", "この端末で設定する", "ログインし直す必要はありません"],
            &["First registration is complete", "Use this device"],
        ),
    ];
    for (step, number, ja, en) in cases {
        let html = render(Lang::Ja, at(step)).await;
        assert_has(&html, ja);
        assert_has(&html, &[&format!("手順 {number} / 6"), r#"aria-current="step""#]);
        let html = render(Lang::En, at(step)).await;
        assert_has(&html, en);
        assert_has(&html, &[&format!("Step {number} of 6")]);
    }
}

#[tokio::test]
async fn the_terms_cannot_be_agreed_to_before_they_are_read() {
    let html = render(Lang::Ja, at(RegistrationStep::Terms)).await;
    let agree = &html[html.find(r#"id="agree""#).expect("the agree button")..];
    let tag = &agree[..agree.find('>').unwrap()];
    assert!(tag.contains("disabled"), "{tag}");
}

#[tokio::test]
async fn the_password_rules_start_unticked_and_the_password_is_hidden() {
    let html = render(Lang::Ja, at(RegistrationStep::Password)).await;
    assert!(html.contains(r#"type="password""#), "{html}");
    assert!(html.contains(r#"class="broken""#) && html.contains("満たしていません"), "{html}");
}

#[tokio::test]
async fn home_greets_the_member_by_name_in_either_language() {
    let member = Member { user_id: "yamada.taro".into(), name: "山田 太郎".into() };
    let html = render(Lang::Ja, Screen::Home(member.clone())).await;
    assert!(html.contains("山田 太郎 さん、ようこそ"), "{html}");
    let html = render(Lang::En, Screen::Home(Member { name: "Taro Yamada".into(), ..member })).await;
    assert!(html.contains("Welcome, Taro Yamada"), "{html}");
}

#[tokio::test]
async fn enrollment_offers_one_button_and_no_code_to_type() {
    let html = render(Lang::Ja, Screen::Enrollment).await;
    assert!(html.contains("ワンタイムパスワードの設定") && html.contains("この端末で設定する"), "{html}");
    assert!(!html.contains("<input"), "nothing to type: {html}");
}

#[derive(Properties, PartialEq)]
struct Refusals {
    lang: Lang,
    codes: Vec<kenpo_api::ErrorCode>,
}

#[function_component(FieldErrors)]
fn field_errors(props: &Refusals) -> Html {
    use kenpo_ui::components::form::field_error;
    html! { <>{ for props.codes.iter().map(|code| field_error(props.lang, "field-error", Some(*code))) }</> }
}

#[tokio::test]
async fn every_refusal_a_registration_step_can_meet_has_its_message_in_both_languages() {
    use kenpo_api::ErrorCode::*;
    let codes = vec![
        BirthDateFormat,
        BirthDateMismatch,
        TermsChanged,
        MissingUserId,
        UserIdLength,
        UserIdCharacters,
        UserIdTaken,
        PasswordLength,
        PasswordFullWidth,
        PasswordCharacters,
        PasswordSameAsUserId,
        PasswordIsInitial,
        EmailInvalid,
        InvalidEmailCode,
        MalformedCode,
        StepOutOfOrder,
        AccountLocked,
        NotLoggedIn,
        PortalUnreachable,
    ];
    for lang in [Lang::Ja, Lang::En] {
        let html = LocalServerRenderer::<FieldErrors>::with_props(Refusals { lang, codes: codes.clone() })
            .render()
            .await;
        let unescaped = ["&quot;", "&#39;", "&#x27;", "&lt;", "&gt;", "&amp;"]
            .iter()
            .zip(["\"", "'", "'", "<", ">", "&"])
            .fold(html.clone(), |text, (entity, plain)| text.replace(entity, plain));
        for code in &codes {
            let message = if lang == Lang::Ja { code.message_ja() } else { code.message_en() };
            assert!(unescaped.contains(message), "{code:?} in {lang:?}: {html}");
        }
        assert_eq!(html.matches(r#"role="alert""#).count(), codes.len());
    }
}

#[tokio::test]
async fn the_recovery_screens_ask_for_what_the_guide_asks_in_both_languages() {
    let html = render(Lang::Ja, Screen::ForgotUserId).await;
    assert_has(&html, &["ユーザーIDを忘れた方はこちら", "登録したメールアドレス", r#"id="email""#]);
    let html = render(Lang::En, Screen::ForgotUserId).await;
    assert_has(&html, &["Forgot your user ID?", "Email address"]);
    let html = render(Lang::Ja, Screen::ForgotPassword).await;
    assert_has(
        &html,
        &["パスワードを忘れた方はこちら", r#"id="user-id""#, r#"id="email""#, "確認コード（8桁）"],
    );
    let html = render(Lang::En, Screen::ForgotPassword).await;
    assert_has(&html, &["Forgot your password?", "8-digit code"]);
    let html = render(Lang::Ja, Screen::Login).await;
    assert_has(&html, &[r#"id="forgot-user-id""#, r#"id="forgot-password""#]);
}

#[tokio::test]
async fn the_faq_has_the_guides_five_answers_each_with_its_remedy_in_both_languages() {
    let html = render(Lang::Ja, Screen::Faq).await;
    assert_has(
        &html,
        &[
            "Q1. ",
            "Q2. ",
            "Q3. ",
            "Q4.",
            "Q5. ",
            "健康保険組合にお問い合わせください",
            "時計のずれを確かめる",
        ],
    );
    for remedy in ["faq-forgot-user-id", "faq-forgot-password", "faq-login", "faq-check-clock"] {
        assert!(html.contains(&format!(r#"id="{remedy}""#)), "{remedy} missing from {html}");
    }
    let html = render(Lang::En, Screen::Faq).await;
    assert_has(
        &html,
        &["Frequently asked questions", "Q5. I cannot log in with the one-time password", "Check the clock"],
    );
}

#[tokio::test]
async fn settings_offer_language_and_theme_and_show_the_app_version() {
    let html = LocalServerRenderer::<App>::with_props(AppProps { start: Screen::Settings }).render().await;
    assert_has(
        &html,
        &[
            "設定",
            "表示する言語",
            "画面の色",
            "端末の設定に合わせる",
            "ダーク",
            "ポータルのアドレス",
            r#"id="portal-url""#,
            "アプリのロック",
            "スマートフォンで使えます",
            "アプリのバージョン",
            r#"id="licences""#,
            env!("CARGO_PKG_VERSION"),
        ],
    );
    // The defaults: Japanese, and the device's own theme.
    for checked in ["lang-ja", "theme-system"] {
        let at = html.find(&format!(r#"id="{checked}""#)).unwrap();
        let tag = &html[html[..at].rfind('<').unwrap()..at + html[at..].find('>').unwrap()];
        assert!(tag.contains("checked"), "{checked} not chosen: {tag}");
    }
}

#[tokio::test]
async fn home_leads_to_the_members_own_settings_and_each_asks_what_it_needs() {
    let member = Member { user_id: "yamada.taro".into(), name: "山田 太郎".into() };
    let html = render(Lang::Ja, Screen::Home(member.clone())).await;
    assert_has(
        &html,
        &[
            r#"id="change-password""#,
            r#"id="change-email""#,
            r#"id="new-device""#,
            "パスワードの変更",
            "メールアドレスの変更",
        ],
    );
    let html = render(Lang::Ja, Screen::ChangePassword(member.clone())).await;
    assert_has(&html, &["現在のパスワード", "新しいパスワード", "8文字以上64文字以内"]);
    let html = render(Lang::En, Screen::ChangePassword(member.clone())).await;
    assert_has(&html, &["Current password", "New password"]);
    let html = render(Lang::Ja, Screen::ChangeEmail(member.clone())).await;
    assert_has(&html, &["メールアドレスの変更", "確認コードをお送りします", r#"id="email""#]);
    let html = render(Lang::En, Screen::ChangeEmail(member.clone())).await;
    assert_has(&html, &["Change your email address"]);
    // What removing this device means, before the button that does it.
    let html = render(Lang::Ja, Screen::NewDevice(member.clone())).await;
    assert_has(&html, &["次にログインした端末", "ログアウトします", r#"id="remove-authenticator""#]);
    let html = render(Lang::En, Screen::NewDevice(member)).await;
    assert_has(&html, &["The next device you log in on", "Remove this device's one-time password"]);
}

#[tokio::test]
async fn a_locked_app_shows_one_unlock_button_and_nothing_else() {
    use kenpo_ui::components::lock_screen::{LockScreen, LockScreenProps};
    let props = LockScreenProps { on_unlocked: yew::Callback::noop() };
    let html = LocalServerRenderer::<LockScreen>::with_props(props).render().await;
    assert_has(&html, &["アプリはロックされています", r#"id="unlock""#, "Face ID / Touch ID でロックを解除"]);
    assert!(!html.contains("<input"), "{html}");
}

#[tokio::test]
async fn home_leads_to_the_three_notices_and_each_opens_on_its_tab() {
    use kenpo_ui::components::notices::NoticeTab;
    let member = Member { user_id: "yamada.taro".into(), name: "山田 太郎".into() };
    let html = render(Lang::Ja, Screen::Home(member.clone())).await;
    assert_has(&html, &["医療費のお知らせ", "現金給付支給決定通知", "資格情報のお知らせ"]);
    let html = render(Lang::Ja, Screen::Notices(member.clone(), NoticeTab::Benefit)).await;
    assert_has(
        &html,
        &[
            r#"id="tab-benefit" role="tab" aria-selected="true""#,
            "現金給付支給決定通知</h2>",
            "読み込んでいます…",
        ],
    );
    let html = render(Lang::En, Screen::Notices(member, NoticeTab::Medical)).await;
    assert_has(&html, &["Medical expenses</h2>", "Benefits", "Loading…"]);
}

#[test]
fn money_dates_and_months_read_as_members_expect() {
    use kenpo_ui::i18n::{date, money, treatment_month};
    assert_eq!(money(Lang::Ja, 12_345), "12,345円");
    assert_eq!(money(Lang::En, 12_345), "¥12,345");
    assert_eq!(date(Lang::Ja, "19890108"), "1989年1月8日（平成元年1月8日）");
    assert_eq!(date(Lang::En, "19890107"), "1989-01-07 (昭和64年1月7日)");
    assert_eq!(treatment_month(Lang::Ja, 202_503), "2025年3月（令和7年3月診療分）");
    assert_eq!(treatment_month(Lang::En, 201_905), "2019-05 (令和元年5月)");
}
