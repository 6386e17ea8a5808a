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

mod subsidy {
    use std::rc::Rc;

    use kenpo_api::portal::Member;
    use kenpo_api::subsidy::{
        Application, ApplicationForm, Field, FieldProblem, HistoryEntry, Problem, Season, Status, Subsidy,
        SubsidyPerson,
    };
    use kenpo_ui::components::app::Screen;
    use kenpo_ui::components::subsidy_draft::{Draft, Stage, StagedFile};
    use kenpo_ui::components::subsidy_form::{SubsidyForm, SubsidyFormProps};
    use kenpo_ui::components::subsidy_list::{SubsidyOverview, SubsidyOverviewProps};
    use kenpo_ui::components::subsidy_sent::{ApplicationSent, ApplicationSentProps};
    use kenpo_ui::i18n::Lang;
    use yew::LocalServerRenderer;
    use yew::prelude::*;

    use super::{assert_has, render};

    #[derive(Properties, PartialEq)]
    struct InLang {
        lang: Lang,
        children: Html,
    }

    /// A part of the subsidy screen on its own, in the language given.
    #[function_component(Within)]
    fn within(props: &InLang) -> Html {
        html! { <ContextProvider<Lang> context={props.lang}>{ props.children.clone() }</ContextProvider<Lang>> }
    }

    async fn render_in(lang: Lang, children: Html) -> String {
        LocalServerRenderer::<Within>::with_props(InLang { lang, children }).render().await
    }

    fn season() -> Season {
        Season::example()
    }

    fn people() -> Vec<SubsidyPerson> {
        vec![
            SubsidyPerson {
                person: "00".into(),
                name: "山田 太郎".into(),
                insured: true,
                voluntary: false,
                birth_date: "19800515".into(),
                applied_doses: vec![1],
                claimed: 0,
            },
            SubsidyPerson {
                person: "02".into(),
                name: "山田 花子".into(),
                insured: false,
                voluntary: false,
                birth_date: "20180923".into(),
                applied_doses: vec![1],
                claimed: 2_000,
            },
        ]
    }

    fn form(person: &str, dose: u8) -> ApplicationForm {
        ApplicationForm {
            person: person.into(),
            vaccinated_on: "20261105".into(),
            dose,
            paid: 4_500,
            grant: 1_000,
            facility: "こどもクリニックそら".into(),
            phone: "090-1234-5678".into(),
            consent: true,
        }
    }

    /// 2026-11-05 14:30 in Japan.
    const SENT_AT: i64 = 1_793_856_600;

    fn application(id: i64, status: Status, reason: Option<&str>) -> Application {
        let mut history =
            vec![HistoryEntry { at: SENT_AT, status: Status::Received, by_member: true, reason: None }];
        if status != Status::Received {
            history.push(HistoryEntry {
                at: SENT_AT + 86_400,
                status,
                by_member: false,
                reason: reason.map(Into::into),
            });
        }
        Application {
            id,
            number: format!("2026-{id:06}"),
            status,
            reason: reason.map(Into::into),
            form: form(if id == 1 { "00" } else { "02" }, 1),
            name: if id == 1 { "山田 太郎".into() } else { "山田 花子".into() },
            payout: 3_000,
            receipts: 2,
            submitted_at: SENT_AT,
            updated_at: SENT_AT + 86_400,
            history,
        }
    }

    fn overview() -> Subsidy {
        Subsidy {
            season: Some(season()),
            today: "20261110".into(),
            people: people(),
            applications: vec![
                application(1, Status::Received, None),
                application(2, Status::Reviewing, None),
                application(3, Status::Approved, None),
                application(4, Status::Rejected, Some("対象期間外の接種です")),
                application(5, Status::Returned, Some("領収書の日付が読めません。撮り直してください")),
            ],
        }
    }

    async fn overview_html(lang: Lang, overview: Subsidy) -> String {
        let props = SubsidyOverviewProps {
            overview: Rc::new(overview),
            on_new: Callback::noop(),
            on_resubmit: Callback::noop(),
        };
        render_in(lang, html! { <SubsidyOverview ..props /> }).await
    }

    /// The `<li>` of application `id`.
    fn item(html: &str, id: i64) -> &str {
        let start =
            html.find(&format!(r#"<li id="application-{id}""#)).unwrap_or_else(|| panic!("{id} in {html}"));
        let rest = &html[start..];
        let end = rest[4..].find(r#"<li id="application-"#).map_or(rest.len(), |end| end + 4);
        &rest[..end]
    }

    #[tokio::test]
    async fn home_leads_to_the_flu_subsidy_and_the_screen_says_it_is_loading() {
        let member = Member { user_id: "yamada.taro".into(), name: "山田 太郎".into() };
        let html = render(Lang::Ja, Screen::Home(member.clone())).await;
        assert_has(&html, &[r#"id="open-subsidy""#, "インフルエンザ補助"]);
        let html = render(Lang::En, Screen::Home(member.clone())).await;
        assert_has(&html, &["Flu subsidy"]);
        let html = render(Lang::Ja, Screen::Subsidy(member.clone())).await;
        assert_has(
            &html,
            &[
                "インフルエンザ予防接種補助</h1>",
                r#"role="status""#,
                "読み込んでいます…",
                r#"id="back-to-home""#,
            ],
        );
        let html = render(Lang::En, Screen::Subsidy(member)).await;
        assert_has(&html, &["Influenza vaccination subsidy</h1>", "Loading…"]);
    }

    #[tokio::test]
    async fn the_overview_sums_up_the_season_and_lists_each_application_with_its_status() {
        let html = overview_html(Lang::Ja, overview()).await;
        assert_has(
            &html,
            &[
                r#"id="subsidy-season""#,
                "2026年度",
                "2026年10月1日（令和8年10月1日） 〜 2027年1月31日（令和9年1月31日）",
                "2027年2月28日（令和9年2月28日）",
                "1人につき3,000円まで",
                "被保険者（ご本人）・被扶養者（ご家族）",
                "13歳未満の方は2回まで",
                r#"id="new-application""#,
                "申請する</button>",
                r#"<ul id="applications""#,
            ],
        );
        assert!(!html.contains("任意継続被保険者とそのご家族"), "not eligible this season: {html}");
        assert!(!html.contains(r#"id="subsidy-closed""#) && !html.contains(r#"id="no-applications""#));
        let cases = [
            (1, "received", "受付", "支給予定額"),
            (2, "reviewing", "審査中", "支給予定額"),
            (3, "approved", "承認", "支給額"),
            (4, "rejected", "却下", "却下の理由"),
            (5, "returned", "差戻し", "直していただきたい点"),
        ];
        for (id, class, label, wanted) in cases {
            let item = item(&html, id);
            assert_has(
                item,
                &[
                    &format!(r#"<span class="status status-{class}">{label}</span>"#),
                    &format!("2026-{id:06}"),
                    "1回目",
                    "2026年11月5日",
                    wanted,
                    &format!(r#"id="history-{id}""#),
                    "2026/11/05 14:30",
                ],
            );
            assert_eq!(item.contains(&format!(r#"id="resubmit-{id}""#)), id == 5, "{item}");
        }
        assert_has(item(&html, 3), &["3,000円", "2026/11/06 14:30", "健康保険組合"]);
        assert!(!item(&html, 3).contains("支給予定額"), "an approved one is paid, not expected");
        assert!(!item(&html, 4).contains("支給"), "a rejected one pays nothing");
        assert_has(item(&html, 4), &[r#"class="reason""#, "対象期間外の接種です"]);
        assert_has(item(&html, 5), &["領収書の日付が読めません。撮り直してください", "直して送り直す"]);

        let html = overview_html(Lang::En, overview()).await;
        assert_has(
            &html,
            &[
                "Received",
                "Under review",
                "Approved",
                "Rejected",
                "Returned for correction",
                "Correct and send again",
                "Expected payment",
                "¥3,000 per person",
                "insured members, dependants",
                "Dose 1",
            ],
        );
    }

    #[tokio::test]
    async fn no_application_is_offered_out_of_season_or_after_the_deadline() {
        let html =
            overview_html(Lang::Ja, Subsidy { season: None, applications: vec![], ..overview() }).await;
        assert_has(
            &html,
            &[
                r#"id="subsidy-closed""#,
                "現在、インフルエンザ予防接種補助の申請は受け付けていません",
                r#"id="no-applications""#,
            ],
        );
        assert!(
            !html.contains(r#"id="new-application""#) && !html.contains(r#"id="subsidy-season""#),
            "{html}"
        );
        let html = overview_html(Lang::Ja, Subsidy { today: "20270301".into(), ..overview() }).await;
        assert_has(
            &html,
            &[
                r#"id="subsidy-closed""#,
                "2026年度の申請は2027年2月28日で締め切りました",
                r#"id="application-5""#,
            ],
        );
        assert!(!html.contains(r#"id="new-application""#), "{html}");
        let html =
            overview_html(Lang::En, Subsidy { season: None, applications: vec![], ..overview() }).await;
        assert_has(&html, &["not taking applications", "You have not applied yet."]);
    }

    async fn form_html(lang: Lang, start: Draft, correcting: Option<Application>) -> String {
        let props = SubsidyFormProps {
            overview: Rc::new(overview()),
            correcting: correcting.map(Rc::new),
            on_sent: Callback::noop(),
            on_cancel: Callback::noop(),
            start: Some(start),
        };
        render_in(lang, html! { <SubsidyForm ..props /> }).await
    }

    fn filled() -> Draft {
        Draft {
            person: "02".into(),
            vaccinated_on: "20261105".into(),
            dose: 2,
            paid: "3500".into(),
            grant: "1000".into(),
            facility: "こどもクリニックそら".into(),
            phone: "090-1234-5678".into(),
            consent: true,
            receipts: vec![StagedFile {
                id: 1,
                name: "receipt.jpg".into(),
                bytes: 245 * 1024,
                media_type: "image/jpeg".into(),
                thumbnail: Some("blob:receipt".into()),
            }],
            ..Draft::new(&[])
        }
    }

    #[tokio::test]
    async fn an_empty_form_asks_for_everything_without_a_wall_of_red() {
        let html = form_html(Lang::Ja, Draft::new(&people()), None).await;
        assert_has(
            &html,
            &[
                r#"<form id="subsidy-form""#,
                r#"id="subsidy-person""#,
                "選んでください",
                "山田 花子",
                r#"id="subsidy-date" type="date""#,
                r#"min="2026-10-01""#,
                r#"max="2026-11-10""#,
                r#"id="subsidy-dose""#,
                r#"id="subsidy-paid""#,
                r#"inputmode="numeric""#,
                r#"id="subsidy-grant""#,
                r#"id="subsidy-facility""#,
                r#"id="subsidy-phone" type="tel""#,
                r#"id="subsidy-consent" type="checkbox""#,
                "申請内容と領収書を、補助の審査と支払いのためだけに健康保険組合が利用することに同意します",
                r#"id="subsidy-receipt" type="file" accept="image/jpeg,image/png,application/pdf""#,
                "氏名・金額・接種日・医療機関名・「インフルエンザ」の文字",
                r#"<ul id="staged-receipts""#,
                r#"id="expected-payout""#,
                "支給予定額",
                r#"id="to-review""#,
                "確認へ進む",
                r#"id="cancel-application""#,
            ],
        );
        assert!(html.contains("multiple"), "{html}");
        assert!(!html.contains("capture"), "the picker offers both the camera and the library: {html}");
        assert!(!html.contains(r#"class="problem""#), "{html}");
        assert!(html.contains("looks-disabled"), "nothing to review yet: {html}");
    }

    #[tokio::test]
    async fn after_review_is_asked_each_problem_shows_under_its_field() {
        let broken = Draft {
            vaccinated_on: "20260920".into(),
            dose: 1,
            paid: "４，５００".into(),
            grant: "5000".into(),
            facility: String::new(),
            phone: "12345".into(),
            consent: false,
            receipts: vec![],
            all_touched: true,
            ..filled()
        };
        let html = form_html(Lang::Ja, broken.clone(), None).await;
        assert_has(
            &html,
            &[
                r#"id="problem-vaccinated-on""#,
                "接種日が補助の対象期間（2026年10月1日〜2027年1月31日）より前です。",
                r#"id="problem-dose""#,
                "この方の1回目はすでに申請済みです",
                r#"id="problem-grant""#,
                "助成額がお支払いになった金額を超えています",
                r#"id="problem-facility""#,
                r#"id="problem-phone""#,
                r#"id="problem-consent""#,
                r#"id="problem-receipts""#,
                "領収書の画像またはPDFを1つ以上添付してください。",
                r#"id="review-blocked""#,
                r#"aria-invalid="true""#,
            ],
        );
        assert!(!html.contains(r#"id="problem-paid""#), "full-width digits are an amount: {html}");
        let html = form_html(Lang::En, broken, None).await;
        assert_has(
            &html,
            &["before the subsidised period (2026-10-01 to 2027-01-31)", "Dose 1 of this person"],
        );

        let adult = Draft { person: "00".into(), all_touched: true, ..filled() };
        let html = form_html(Lang::Ja, adult, None).await;
        assert_has(&html, &["この方の接種は1回まで補助の対象です（13歳未満は2回まで）。"]);
    }

    #[tokio::test]
    async fn a_filled_form_shows_the_receipt_and_the_payout_with_its_arithmetic() {
        let html = form_html(Lang::Ja, filled(), None).await;
        assert_has(
            &html,
            &[
                "receipt.jpg",
                "245 KB",
                r#"<img src="blob:receipt" alt="" class="thumbnail">"#,
                "remove-receipt",
                "1,000円",
                "お支払い額 3,500円 − 助成額 1,000円（上限 3,000円）",
                "ほかの申請で2,000円を申請済みのため、上限の残りは1,000円です。",
                "2回目",
            ],
        );
        assert!(!html.contains(r#"class="problem""#) && !html.contains("looks-disabled"), "{html}");
    }

    #[tokio::test]
    async fn a_correction_keeps_the_person_and_dose_and_the_receipts_sent_before() {
        let returned = application(5, Status::Returned, Some("領収書の日付が読めません"));
        let html = form_html(Lang::Ja, Draft::correcting(&returned), Some(returned)).await;
        assert_has(
            &html,
            &[
                "申請の修正（申請番号 2026-000005）",
                "領収書の日付が読めません",
                "送り直すときは、接種を受けた方と接種回数は変えられません。",
                "前回お送りいただいた領収書（2枚）",
                r#"value="4500""#,
            ],
        );
        let select = &html[html.find(r#"id="subsidy-person""#).unwrap()..];
        assert!(select[..select.find('>').unwrap()].contains("disabled"), "{select}");
    }

    #[tokio::test]
    async fn the_review_shows_every_field_read_only_and_sending_disables_its_buttons() {
        let html = form_html(Lang::Ja, Draft { stage: Stage::Reviewing, ..filled() }, None).await;
        assert_has(
            &html,
            &[
                r#"<section id="subsidy-review""#,
                "申請内容の確認",
                "山田 花子",
                "2026年11月5日（令和8年11月5日）",
                "2回目",
                "3,500円",
                "こどもクリニックそら",
                "090-1234-5678",
                "1枚",
                "支給予定額",
                r#"id="back-to-form""#,
                r#"id="send-application""#,
                "この内容で申請する",
            ],
        );
        assert!(!html.contains("<input") && !html.contains("<select"), "read-only: {html}");
        let html = form_html(Lang::Ja, Draft { stage: Stage::Sending, ..filled() }, None).await;
        assert_has(&html, &["送信しています…", r#"role="status""#]);
        assert_eq!(html.matches(r#"disabled="disabled""#).count(), 2, "both buttons: {html}");
        let failed = Draft {
            stage: Stage::Reviewing,
            send_error: Some(kenpo_api::ErrorCode::PortalUnreachable),
            ..filled()
        };
        let html = form_html(Lang::Ja, failed, None).await;
        assert_has(&html, &[r#"id="send-error""#, r#"role="alert""#]);
        let html = form_html(Lang::En, Draft { stage: Stage::Reviewing, ..filled() }, None).await;
        assert_has(&html, &["Check your application", "Send this application", "Back to the form"]);
    }

    #[tokio::test]
    async fn the_portals_problems_show_on_their_fields() {
        let refused = Draft {
            all_touched: true,
            portal_problems: vec![FieldProblem { field: Field::Person, problem: Problem::NotEligible }],
            ..filled()
        };
        let html = form_html(Lang::Ja, refused, None).await;
        assert_has(&html, &[r#"id="problem-person""#, "この方は今年度の補助の対象ではありません"]);
    }

    #[tokio::test]
    async fn the_sent_screen_gives_the_number_and_the_time_in_japan() {
        for (lang, wanted) in [
            (
                Lang::Ja,
                [
                    "申請を受け付けました",
                    "確認のメールをお送りしました。審査の結果もメールでお知らせします。",
                    "申請の一覧に戻る",
                ],
            ),
            (Lang::En, ["Your application was received", "confirmation email", "Back to your applications"]),
        ] {
            let props = ApplicationSentProps {
                application: Rc::new(application(1, Status::Received, None)),
                again: false,
                on_back: Callback::noop(),
            };
            let html = render_in(lang, html! { <ApplicationSent ..props /> }).await;
            assert_has(&html, &wanted);
            assert_has(
                &html,
                &[
                    r#"<section id="application-sent""#,
                    r#"id="application-number" class="strong">2026-000001<"#,
                    r#"id="application-time">2026/11/05 14:30<"#,
                    r#"id="to-applications""#,
                ],
            );
        }
    }
}

#[derive(Properties, PartialEq)]
struct ReportInLang {
    lang: Lang,
    report: kenpo_api::diagnostics::Report,
}

#[function_component(ReportIn)]
fn report_in(props: &ReportInLang) -> Html {
    use kenpo_ui::components::diagnostics::ReportView;
    html! {
        <ContextProvider<Lang> context={props.lang}>
            <ReportView report={props.report.clone()} />
        </ContextProvider<Lang>>
    }
}

#[tokio::test]
async fn a_diagnostics_report_shows_the_cause_first_then_each_step_the_clock_the_keychain_and_errors() {
    let report = kenpo_api::diagnostics::Report::example();
    let html =
        LocalServerRenderer::<ReportIn>::with_props(ReportInLang { lang: Lang::Ja, report: report.clone() })
            .render()
            .await;
    assert_has(
        &html,
        &[
            "90.4秒遅れています",
            "[FAQ Q5]",
            "名前の解決（DNS）",
            r#"<span id="clock-offset-seconds">90.4</span>"#,
            "認証アカウント 3 件（このポータル用 1 件）",
            "2026/11/05 14:30",
            "invalid-otp</code> ×3",
            "ワンタイムパスワードが正しくありません",
            "yamada.taro",
        ],
    );
    let findings = html.find("わかったこと").unwrap();
    assert!(findings < html.find("ポータルへの接続").unwrap(), "the cause comes first: {html}");
    let html =
        LocalServerRenderer::<ReportIn>::with_props(ReportInLang { lang: Lang::En, report }).render().await;
    assert_has(&html, &["90.4</span> s behind the portal", "Name lookup (DNS)", "What was found"]);
}

#[tokio::test]
async fn the_diagnostics_screen_says_it_is_checking_and_is_reached_from_the_settings_and_the_faq() {
    let html = render(Lang::Ja, Screen::Diagnostics).await;
    assert_has(&html, &["ヘルプ / 診断", "確認しています", "秘密の鍵は含まれません"]);
    let settings =
        LocalServerRenderer::<App>::with_props(AppProps { start: Screen::Settings }).render().await;
    assert_has(&settings, &[r#"id="diagnostics""#, "接続と時計を診断する"]);
    assert_has(&render(Lang::Ja, Screen::Faq).await, &[r#"id="faq-diagnostics""#]);
}
