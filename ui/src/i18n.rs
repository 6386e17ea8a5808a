//! The UI's text, keyed, one catalogue per language. Error messages come from the error codes in
//! kenpo-api, where they are defined once.

use kenpo_api::ErrorCode;
pub use kenpo_api::jst_time;
use kenpo_api::subsidy::{self, Field, Problem, Season, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// The member's language, provided once by the app shell to every screen.
#[yew::hook]
pub fn use_lang() -> Lang {
    yew::use_context::<Lang>().unwrap_or_default()
}

/// Declares the keys and [`Key::ALL`], so the catalogue test sees every key.
macro_rules! keys {
    ($($(#[$doc:meta])* $key:ident,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($(#[$doc])* $key,)* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }
    };
}

keys! {
    AppName,
    LoginTitle,
    UserId,
    Password,
    Otp,
    LoginButton,
    LoggingIn,
    /// `{n}` is replaced by the seconds left.
    SecondsLeft,
    OtpAutoFilled,
    OtpTypeIt,
    /// `{name}` is replaced by the member's name.
    Welcome,
    LoggedInAs,
    Logout,
    OtherLanguage,
    EnrollTitle,
    EnrollExplain,
    EnrollButton,
    Enrolling,
    EnrollDone,
    EnrollDoneExplain,
    Continue,
    AccountsTitle,
    PortalTab,
    Search,
    AddAccount,
    NoAccounts,
    NextCode,
    MoveUp,
    Rename,
    Delete,
    DeleteConfirm,
    DeleteYes,
    Cancel,
    Save,
    AddTitle,
    FromImage,
    FromImageHelp,
    FromText,
    FromTextHelp,
    FromKey,
    SecretKey,
    AccountName,
    SecretBits,
    SecretWeak,
    AddButton,
    Added,
    SkippedDuplicates,
    ClockOffset,
    ClockAhead,
    ClockBehind,
    Copied,
    CopyHint,
    FromCamera,
    FromCameraHelp,
    FromClipboard,
    BackToLogin,
    SkippedHotp,
    LoginHelpTitle,
    LoginHelpInitial,
    LoginHelpExample,
    LoginHelpVoluntary,
    LoginHelpCode,
    SubmitCode,
    CodeNeededExplain,
    RegTitle,
    /// `{n}` the step, `{total}` the number of steps.
    RegStepOf,
    RegStepBirthDate,
    RegStepTerms,
    RegStepUserId,
    RegStepPassword,
    RegStepEmail,
    RegStepDone,
    Next,
    Sending,
    BirthDateTitle,
    BirthDateLabel,
    BirthDateHelp,
    TermsTitle,
    TermsHelp,
    TermsScrollToEnd,
    Agree,
    UserIdTitle,
    UserIdHelp,
    /// `{id}` the user ID as it stands.
    CurrentUserId,
    /// `{id}` the user ID as it will be stored.
    UserIdResult,
    UserIdKeep,
    RuleUserIdLength,
    RuleUserIdCharacters,
    PasswordTitle,
    NewPassword,
    ShowPassword,
    HidePassword,
    RulePasswordLength,
    RulePasswordFullWidth,
    RulePasswordCharacters,
    RulePasswordSameAsUserId,
    PasswordNotInitial,
    PasswordYen,
    RuleKept,
    RuleBroken,
    EmailTitle,
    EmailLabel,
    EmailHelp,
    SendCode,
    /// `{email}` where the code went.
    EmailCodeSent,
    EmailCodeLabel,
    Confirm,
    Resend,
    Resent,
    CorrectEmail,
    RegDoneTitle,
    RegDoneExplain,
    ForgotUserId,
    ForgotPassword,
    ForgotUserIdExplain,
    RecoverySent,
    ForgotPasswordExplain,
    SendMail,
    ResetCodeLabel,
    ResetExplain,
    ResetNoAuthenticator,
    ResetButton,
    ResetDone,
    FaqLink,
    FaqTitle,
    FaqQ1,
    FaqA1,
    FaqQ2,
    FaqA2,
    FaqQ3,
    FaqA3,
    FaqQ4,
    FaqA4,
    FaqQ5,
    FaqA5,
    CheckClock,
    DiagnosticsTitle,
    DiagnosticsLink,
    DiagnosticsIntro,
    DiagnosticsRunning,
    DiagnosticsFindings,
    AllWell,
    DiagnosticsPortal,
    StepNameLookup,
    StepConnect,
    StepTls,
    StepHttp,
    OutcomePassed,
    OutcomeFailed,
    OutcomeSkipped,
    DiagnosticsClock,
    ClockUnknown,
    DeviceSlowBy,
    DeviceFastBy,
    DiagnosticsKeychain,
    KeychainState,
    KeychainOk,
    KeychainNg,
    DiagnosticsErrors,
    NoErrors,
    DiagnosticsApp,
    DiagnosticsAgain,
    SaveReport,
    CopyReport,
    ReportCopied,
    MaintenanceUntil,
    FindCause,
    /// `{id}` the user ID, `{time}` when it happened.
    LockedTell,
    HintFullWidth,
    HintCapsLock,
    SettingsTitle,
    LanguageSetting,
    LanguageJa,
    LanguageEn,
    ThemeSetting,
    ThemeSystem,
    ThemeLight,
    ThemeDark,
    SettingsKept,
    AppVersion,
    ChangePassword,
    CurrentPassword,
    PasswordChanged,
    BackToHome,
    ChangeEmail,
    ChangeEmailExplain,
    EmailChanged,
    NewDevice,
    NewDeviceExplain,
    NewDeviceNextLogin,
    NewDeviceSessions,
    NewDeviceUntil,
    NewDeviceButton,
    NewDeviceRemoving,
    NewDeviceDone,
    NewDeviceNotHere,
    PortalAddress,
    PortalAddressExplain,
    PortalAddressLabel,
    PortalAddressSave,
    PortalAddressSaved,
    Licences,
    /// `{n}` is replaced by the number of crates.
    LicencesExplain,
    BackToSettings,
    AppLock,
    AppLockSwitch,
    AppLockExplain,
    AppLockPhonesOnly,
    AppLockedTitle,
    AppLockedExplain,
    Unlock,
    /// Under a refused password: how a member learns of a lock, which the login never tells.
    LockNote,
    NoticesTitle,
    MedicalTabShort,
    BenefitTabShort,
    QualificationTabShort,
    MedicalTab,
    BenefitTab,
    QualificationTab,
    Loading,
    YearOfTreatment,
    /// `{year}` 西暦, `{era}` its 和暦 year.
    YearOption,
    PersonLabel,
    Everyone,
    OnlyYou,
    HouseholdTotal,
    /// `{name}` is the person's name.
    PersonTotal,
    TotalCost,
    SelfPay,
    /// `{n}` days (or visits).
    DaysCount,
    NoFacility,
    NoMedicalNotices,
    /// `{western}` 西暦 month, `{era}` 和暦 month.
    MonthHeading,
    PageOf,
    PreviousPage,
    NextPage,
    ExportTitle,
    ExportExplain,
    ExportExcel,
    ExportCsv,
    SavePdf,
    Saving,
    /// `{name}` is the file's name.
    SavedAs,
    SaveCancelled,
    Statutory,
    Additional,
    BenefitTotal,
    PaidOn,
    TreatmentMonth,
    Period,
    NoBenefits,
    FullName,
    BornOn,
    Kigo,
    Bango,
    Edaban,
    InsurerNumber,
    InsurerName,
    Acquired,
    Copay,
    /// `{n}` tenths.
    CopayValue,
    IssuedOn,
    NoQualifications,
    SubsidyOpen,
    SubsidyTitle,
    SubsidyIntro,
    SeasonName,
    VaccinationPeriod,
    ApplyUntil,
    SubsidyCap,
    /// `{cap}` the most paid for one person in the season.
    CapPerPerson,
    /// `{cap}` per person, `{dose}` per dose.
    CapPerPersonAndDose,
    WhoMayApply,
    EligibleInsured,
    EligibleDependants,
    EligibleVoluntary,
    /// `{age}` the age under which two doses are subsidised.
    DosesRule,
    SubsidyNotTaking,
    /// `{season}` the season's name, `{date}` its last day for applications.
    SeasonEnded,
    NewApplication,
    ApplicationsHeading,
    NoApplications,
    ApplicationNumber,
    /// `{n}` 1 or 2.
    DoseNumber,
    VaccinatedOn,
    PersonVaccinated,
    PayoutExpected,
    PayoutDecided,
    ReasonRejected,
    ReasonReturned,
    Resubmit,
    History,
    HistoryByMember,
    HistoryByStaff,
    FormTitleNew,
    /// `{number}` the 申請番号.
    FormTitleCorrect,
    FormHelp,
    ChoosePerson,
    FixedOnCorrection,
    DoseLabel,
    PaidLabel,
    PaidHelp,
    GrantLabel,
    GrantHelp,
    PaidShort,
    GrantShort,
    /// `{n}` the receipts sent with the application before.
    ReceiptsPrevious,
    FacilityLabel,
    PhoneLabel,
    PhoneHelp,
    ConsentTitle,
    ConsentLabel,
    ReceiptsLabel,
    /// `{n}` how many receipts an application takes.
    ReceiptsHelp,
    /// `{n}` the receipts sent with the application before.
    ReceiptsKept,
    /// `{n}` how many receipts an application takes.
    ReceiptsFull,
    ReceiptStaging,
    RemoveReceipt,
    /// `{paid}`, `{grant}` and `{cap}`: amounts.
    PayoutArithmetic,
    /// `{claimed}` what the person's other applications take, `{left}` what is left of the cap.
    PayoutCapLeft,
    ToReview,
    ReviewBlocked,
    CancelApplication,
    ReviewTitle,
    ReviewHelp,
    /// `{n}` receipts.
    ReceiptsCount,
    BackToForm,
    SendApplication,
    SentTitle,
    SentAt,
    SentMail,
    ToApplications,
    ProblemNotEligible,
    ProblemPersonMissing,
    ProblemDateInvalid,
    /// `{from}` and `{to}`: the season's vaccination window.
    ProblemBeforeWindow,
    /// `{from}` and `{to}`: the season's vaccination window.
    ProblemAfterWindow,
    ProblemInTheFuture,
    /// `{date}` the season's last day for applications.
    ProblemDeadlinePassed,
    /// `{age}` the age under which two doses are subsidised.
    ProblemDoseNotAllowed,
    /// `{n}` the dose.
    ProblemAlreadyApplied,
    /// `{max}` the most a vaccination can cost.
    ProblemPaidInvalid,
    ProblemGrantInvalid,
    ProblemGrantOverPaid,
    ProblemMissing,
    ProblemFacilityMissing,
    ProblemPhoneMissing,
    /// `{n}` the most characters.
    ProblemTooLong,
    ProblemPhoneInvalid,
    ProblemConsentMissing,
}

pub fn text(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Ja => ja(key),
        Lang::En => en(key),
    }
}

/// An amount as the member reads it: 「12,345円」, or "¥12,345".
pub fn money(lang: Lang, amount: u64) -> String {
    match lang {
        Lang::Ja => kenpo_api::notices::yen(amount),
        Lang::En => format!("¥{}", kenpo_api::notices::grouped(amount)),
    }
}

/// A YYYYMMDD date in 西暦 with 和暦 beside it.
pub fn date(lang: Lang, yyyymmdd: &str) -> String {
    let wareki = kenpo_api::notices::wareki_date(yyyymmdd).unwrap_or_default();
    match lang {
        Lang::Ja => format!("{}（{wareki}）", kenpo_api::notices::seireki_date(yyyymmdd).unwrap_or_default()),
        Lang::En => format!("{}-{}-{} ({wareki})", &yyyymmdd[..4], &yyyymmdd[4..6], &yyyymmdd[6..]),
    }
}

/// A YYYYMM month of treatment in 西暦 with 和暦 beside it: 「2025年3月（令和7年3月診療分）」.
pub fn treatment_month(lang: Lang, yyyymm: u32) -> String {
    let western = match lang {
        Lang::Ja => kenpo_api::notices::seireki_month(yyyymm),
        Lang::En => format!("{}-{:02}", yyyymm / 100, yyyymm % 100),
    };
    let era = kenpo_api::notices::wareki_month(yyyymm).unwrap_or_default();
    text(lang, Key::MonthHeading).replace("{western}", &western).replace("{era}", &era)
}

pub fn error(lang: Lang, code: ErrorCode) -> &'static str {
    match lang {
        Lang::Ja => code.message_ja(),
        Lang::En => code.message_en(),
    }
}

/// A YYYYMMDD date in 西暦 alone, where 和暦 beside it would crowd a sentence: 「2026年10月1日」.
pub fn short_date(lang: Lang, yyyymmdd: &str) -> String {
    match lang {
        Lang::Ja => kenpo_api::notices::seireki_date(yyyymmdd).unwrap_or_default(),
        Lang::En if yyyymmdd.len() == 8 => {
            format!("{}-{}-{}", &yyyymmdd[..4], &yyyymmdd[4..6], &yyyymmdd[6..])
        }
        Lang::En => String::new(),
    }
}

/// Items of a sentence's list: 「被保険者・被扶養者」, "insured members, dependants".
pub fn list(lang: Lang, items: &[&str]) -> String {
    items.join(if lang == Lang::Ja { "・" } else { ", " })
}

/// An application's status as the member reads it; the Japanese names are the society's own.
pub fn status(lang: Lang, status: Status) -> &'static str {
    match lang {
        Lang::Ja => status.label_ja(),
        Lang::En => match status {
            Status::Received => "Received",
            Status::Reviewing => "Under review",
            Status::Approved => "Approved",
            Status::Rejected => "Rejected",
            Status::Returned => "Returned for correction",
        },
    }
}

/// 「1回目」, "Dose 1".
pub fn dose(lang: Lang, dose: u8) -> String {
    text(lang, Key::DoseNumber).replace("{n}", &dose.to_string())
}

/// What the member reads under `field` for `problem`: what is wrong and what to do, with the
/// season's own dates and ages.
pub fn problem(lang: Lang, field: Field, problem: Problem, season: &Season, dose: u8) -> String {
    let window = |key| {
        text(lang, key)
            .replace("{from}", &short_date(lang, &season.vaccinated_from))
            .replace("{to}", &short_date(lang, &season.vaccinated_to))
    };
    match problem {
        Problem::NotEligible => text(lang, Key::ProblemNotEligible).to_owned(),
        Problem::DateInvalid => text(lang, Key::ProblemDateInvalid).to_owned(),
        Problem::BeforeWindow => window(Key::ProblemBeforeWindow),
        Problem::AfterWindow => window(Key::ProblemAfterWindow),
        Problem::InTheFuture => text(lang, Key::ProblemInTheFuture).to_owned(),
        Problem::DeadlinePassed => {
            text(lang, Key::ProblemDeadlinePassed).replace("{date}", &short_date(lang, &season.apply_until))
        }
        Problem::DoseNotAllowed => {
            text(lang, Key::ProblemDoseNotAllowed).replace("{age}", &season.two_doses_under_age.to_string())
        }
        Problem::AlreadyApplied => text(lang, Key::ProblemAlreadyApplied).replace("{n}", &dose.to_string()),
        Problem::AmountInvalid if field == Field::Grant => text(lang, Key::ProblemGrantInvalid).to_owned(),
        Problem::AmountInvalid => {
            text(lang, Key::ProblemPaidInvalid).replace("{max}", &money(lang, subsidy::MAX_PAID_YEN))
        }
        Problem::GrantOverPaid => text(lang, Key::ProblemGrantOverPaid).to_owned(),
        Problem::Missing => text(
            lang,
            match field {
                Field::Person => Key::ProblemPersonMissing,
                Field::VaccinatedOn => Key::ProblemDateInvalid,
                Field::Facility => Key::ProblemFacilityMissing,
                Field::Phone => Key::ProblemPhoneMissing,
                _ => Key::ProblemMissing,
            },
        )
        .to_owned(),
        Problem::TooLong => {
            text(lang, Key::ProblemTooLong).replace("{n}", &subsidy::FACILITY_MAX_CHARS.to_string())
        }
        Problem::PhoneInvalid => text(lang, Key::ProblemPhoneInvalid).to_owned(),
        Problem::ConsentMissing => text(lang, Key::ProblemConsentMissing).to_owned(),
    }
}

fn ja(key: Key) -> &'static str {
    match key {
        Key::AppName => "けんぽポータル",
        Key::LoginTitle => "ログイン",
        Key::UserId => "ユーザーID",
        Key::Password => "パスワード",
        Key::Otp => "ワンタイムパスワード",
        Key::LoginButton => "ログイン",
        Key::LoggingIn => "ログインしています…",
        Key::SecondsLeft => "あと {n} 秒",
        Key::OtpAutoFilled => "この端末の認証コードを自動で入力します。",
        Key::OtpTypeIt => "認証アプリに表示されている6桁のコードを入力してください。",
        Key::Welcome => "{name} さん、ようこそ",
        Key::LoggedInAs => "ログイン中のユーザーID",
        Key::Logout => "ログアウト",
        Key::OtherLanguage => "English",
        Key::EnrollTitle => "ワンタイムパスワードの設定",
        Key::EnrollExplain => {
            "この端末を、ワンタイムパスワードの認証アプリとして設定します。QRコードの読み取りやコードの入力は必要ありません。"
        }
        Key::EnrollButton => "この端末で設定する",
        Key::Enrolling => "設定しています…",
        Key::EnrollDone => "設定が完了しました",
        Key::EnrollDoneExplain => "次回のログインからは、この端末がワンタイムパスワードを自動で入力します。",
        Key::Continue => "ポータルへ進む",
        Key::AccountsTitle => "認証コード",
        Key::PortalTab => "ポータル",
        Key::Search => "検索",
        Key::AddAccount => "追加",
        Key::NoAccounts => "まだアカウントがありません。「追加」から登録してください。",
        Key::NextCode => "次のコード",
        Key::MoveUp => "上へ",
        Key::Rename => "名前を変更",
        Key::Delete => "削除",
        Key::DeleteConfirm => "「{name}」を削除しますか？ この端末から秘密鍵も削除され、元に戻せません。",
        Key::DeleteYes => "削除する",
        Key::Cancel => "やめる",
        Key::Save => "保存",
        Key::AddTitle => "アカウントの追加",
        Key::FromImage => "QRコードの画像から読み取る",
        Key::FromImageHelp => "スクリーンショットや写真（PNG・JPEG）を選んでください。",
        Key::FromText => "登録用コードを貼り付ける",
        Key::FromTextHelp => "otpauth:// で始まるコード、または Google 認証システムのエクスポート。",
        Key::FromKey => "秘密鍵を入力（コードを手動で入力）",
        Key::SecretKey => "秘密鍵",
        Key::AccountName => "アカウント名（自由に入力）",
        Key::SecretBits => "{n} ビットの秘密鍵です。",
        Key::SecretWeak => "{n} ビットの秘密鍵です（短めですが使えます）。",
        Key::AddButton => "追加する",
        Key::Added => "{n} 件のアカウントを追加しました。",
        Key::SkippedDuplicates => "登録済みのため追加しなかったもの: {names}",
        Key::ClockOffset => "ポータルとの時計のずれ: {n} 秒",
        Key::ClockAhead => {
            "この端末の時計がポータルより {n} 秒進んでいます。端末の日付と時刻を「自動設定」にしてください（このアプリのコードはポータルの時計に合わせて作ります）。"
        }
        Key::Copied => "コピーしました（30秒後にクリップボードから消去します）。",
        Key::FromCamera => "カメラでQRコードを読み取る",
        Key::FromClipboard => "コピーした画像から読み取る",
        Key::BackToLogin => "ログイン画面に戻る",
        Key::SkippedHotp => "カウンター方式（HOTP）のため追加しなかったもの: {names}",
        Key::FromCameraHelp => {
            "パソコンに表示されたQRコードを読み取ります。はじめにカメラの使用を許可してください。"
        }
        Key::CopyHint => "コードをタップするとコピーできます。",
        Key::ClockBehind => {
            "この端末の時計がポータルより {n} 秒遅れています。端末の日付と時刻を「自動設定」にしてください（このアプリのコードはポータルの時計に合わせて作ります）。"
        }
        Key::LoginHelpTitle => "初めてログインする方へ",
        Key::LoginHelpInitial => {
            "ユーザーIDは、これまでのポータルで使っていたものです。初期パスワードは、保険証の 記号（2桁）＋ 番号（4桁）＋ 生年月日（西暦8桁）をつなげた14桁の数字です。"
        }
        Key::LoginHelpExample => "例：記号 10、番号 1234、生年月日 2001年1月1日 の方は 10123420010101",
        Key::LoginHelpVoluntary => {
            "任意継続被保険者の方：ユーザーIDは 記号（3桁）＋ 番号（4桁または5桁）＋ 生年月日（8桁）です。初期パスワードは、健康保険組合から郵送でお知らせした14桁の数字です。"
        }
        Key::LoginHelpCode => {
            "ワンタイムパスワードは、初回登録のあとこの端末を設定すると、アプリが自動で入力します。"
        }
        Key::SubmitCode => "コードを送信",
        Key::CodeNeededExplain => {
            "この端末にはこのユーザーIDのワンタイムパスワードがありません。お使いの認証アプリに表示されている6桁のコードを入力してください。"
        }
        Key::RegTitle => "初回登録",
        Key::RegStepOf => "手順 {n} / {total}",
        Key::RegStepBirthDate => "生年月日",
        Key::RegStepTerms => "利用規約",
        Key::RegStepUserId => "ユーザーID",
        Key::RegStepPassword => "パスワード",
        Key::RegStepEmail => "メール",
        Key::RegStepDone => "完了",
        Key::Next => "次へ",
        Key::Sending => "送信しています…",
        Key::BirthDateTitle => "ご自身の生年月日を入力してください",
        Key::BirthDateLabel => "生年月日（西暦8桁）",
        Key::BirthDateHelp => "例：2001年1月1日生まれの方は 20010101",
        Key::TermsTitle => "利用規約",
        Key::TermsHelp => "最後までお読みのうえ「同意する」を押してください。",
        Key::TermsScrollToEnd => "最後までスクロールすると「同意する」を押せます。",
        Key::Agree => "同意する",
        Key::UserIdTitle => "ユーザーIDの変更",
        Key::UserIdHelp => {
            "変更は必須ではありません。変更しない方は、現在のユーザーIDをそのまま入力してください。"
        }
        Key::CurrentUserId => "現在のユーザーID：{id}",
        Key::UserIdResult => "登録されるユーザーID：{id}",
        Key::UserIdKeep => "現在のユーザーIDをそのまま使います。",
        Key::RuleUserIdLength => "8文字以上13文字以内",
        Key::RuleUserIdCharacters => "半角英数字と記号 - _ . @（英大文字は小文字になります）",
        Key::PasswordTitle => "新しいパスワードを設定してください",
        Key::NewPassword => "新しいパスワード",
        Key::ShowPassword => "表示する",
        Key::HidePassword => "隠す",
        Key::RulePasswordLength => "8文字以上64文字以内",
        Key::RulePasswordFullWidth => "全角文字を含まない",
        Key::RulePasswordCharacters => "半角英数字と記号 !\"#$%&'()=~|`{+*}<>?_-^¥@[;:],./ だけ",
        Key::RulePasswordSameAsUserId => "ユーザーIDと同じではない",
        Key::PasswordNotInitial => "初期パスワード（14桁の数字）は使えません。",
        Key::PasswordYen => {
            "「¥」は、Windows の「\\」キーで入力しても Mac の「¥」キーで入力しても同じ文字として扱います。"
        }
        Key::RuleKept => "（満たしています）",
        Key::RuleBroken => "（満たしていません）",
        Key::EmailTitle => "メールアドレスの確認",
        Key::EmailLabel => "メールアドレス",
        Key::EmailHelp => {
            "会社のメールアドレスをおすすめします。入力したアドレスに確認コードをお送りします。"
        }
        Key::SendCode => "確認コードを送る",
        Key::EmailCodeSent => "{email} に6桁の確認コードを送りました（有効期限は30分です）。",
        Key::EmailCodeLabel => "確認コード（6桁）",
        Key::Confirm => "確認する",
        Key::Resend => "確認コードをもう一度送る",
        Key::Resent => "確認コードを送り直しました。最新のメールのコードを入力してください。",
        Key::CorrectEmail => "メールアドレスを修正する",
        Key::RegDoneTitle => "初回登録が完了しました",
        Key::RegDoneExplain => {
            "ログインし直す必要はありません。このまま、ワンタイムパスワードの設定に進みます。"
        }
        Key::ForgotUserId => "ユーザーIDを忘れた方はこちら",
        Key::ForgotPassword => "パスワードを忘れた方はこちら",
        Key::ForgotUserIdExplain => {
            "登録したメールアドレスを入力してください。ユーザーIDをメールでお知らせします。"
        }
        Key::RecoverySent => {
            "ご登録のメールアドレス宛にご案内をお送りしました。数分たっても届かない場合は、入力内容をご確認のうえ、健康保険組合にお問い合わせください。"
        }
        Key::ForgotPasswordExplain => {
            "ユーザーIDと、登録したメールアドレスを入力してください。パスワード再設定用の確認コード（8桁）をメールでお送りします。"
        }
        Key::SendMail => "送信する",
        Key::ResetCodeLabel => "確認コード（メールに記載の8桁）",
        Key::ResetExplain => {
            "メールの確認コードと新しいパスワードを入力してください。ワンタイムパスワードはこの端末が自動で入力します（確認コードの有効期限は10分です）。"
        }
        Key::ResetNoAuthenticator => {
            "この端末にはこのユーザーIDのワンタイムパスワードがないため、ここではパスワードを再設定できません。ワンタイムパスワードを設定した端末で操作してください。端末をなくした・機種変更した場合は、健康保険組合にお問い合わせください（ワンタイムパスワードの再設定を受け付けます）。"
        }
        Key::ResetButton => "パスワードを再設定する",
        Key::ResetDone => "パスワードを再設定しました。新しいパスワードでログインしてください。",
        Key::FaqLink => "よくある質問",
        Key::FaqTitle => "よくある質問",
        Key::FaqQ1 => "Q1. ユーザーIDがわからない",
        Key::FaqA1 => {
            "登録したメールアドレスにユーザーIDをお送りします。メールアドレスを登録していない方は、健康保険組合にお問い合わせください。"
        }
        Key::FaqQ2 => "Q2. パスワードを忘れた",
        Key::FaqA2 => {
            "ユーザーIDと登録したメールアドレスから再設定できます。メールアドレスを登録していない方は、健康保険組合にお問い合わせください。"
        }
        Key::FaqQ3 => "Q3. アカウントがロックされた",
        Key::FaqA3 => {
            "ロックされると、登録メールアドレスにお知らせが届きます（ロック中は、正しいパスワードでも「無効なユーザーID またはパスワードです。」と表示されます）。健康保険組合にお問い合わせいただき、お知らせに書かれたユーザーIDと日時をお伝えください。パスワードやワンタイムパスワードは伝えないでください。"
        }
        Key::FaqQ4 => "Q4.「無効なユーザーID またはパスワードです。」と表示されログインできない",
        Key::FaqA4 => {
            "ユーザーIDまたはパスワードに誤りがある場合があります。全角で入力していないか、Caps Lock がオンになっていないかを確かめて、入力し直してください。"
        }
        Key::FaqQ5 => "Q5. ワンタイムパスワードでログインできない",
        Key::FaqA5 => {
            "このアプリは、ポータルの時計に合わせた最新のコードを自動で入力します。それでも通らない場合は、端末の日付と時刻を「自動設定」にしてください。下のボタンで時計のずれを確かめられます。"
        }
        Key::CheckClock => "時計のずれを確かめる",
        Key::DiagnosticsTitle => "ヘルプ / 診断",
        Key::DiagnosticsLink => "接続と時計を診断する",
        Key::DiagnosticsIntro => {
            "ポータルへの接続、時計、キーチェーン、最近のエラーを確かめます。レポートにパスワード・コード・秘密の鍵は含まれません。含まれる個人情報はユーザーIDだけです。"
        }
        Key::DiagnosticsRunning => "確認しています…（最長20秒）",
        Key::DiagnosticsFindings => "わかったこと",
        Key::AllWell => "問題は見つかりませんでした。",
        Key::DiagnosticsPortal => "ポータルへの接続",
        Key::StepNameLookup => "名前の解決（DNS）",
        Key::StepConnect => "接続（TCP）",
        Key::StepTls => "安全な接続（TLS）",
        Key::StepHttp => "応答（HTTP）",
        Key::OutcomePassed => "正常",
        Key::OutcomeFailed => "失敗",
        Key::OutcomeSkipped => "未確認",
        Key::DiagnosticsClock => "時計",
        Key::ClockUnknown => "ポータルが応答しないため、時計の差は測れませんでした。",
        Key::DeviceSlowBy => "この端末の時計は、ポータルより{n}秒遅れています。",
        Key::DeviceFastBy => "この端末の時計は、ポータルより{n}秒進んでいます。",
        Key::DiagnosticsKeychain => "キーチェーン",
        Key::KeychainState => "{state}。この端末の認証アカウント {n} 件（このポータル用 {p} 件）",
        Key::KeychainOk => "使用できます",
        Key::KeychainNg => "使用できません",
        Key::DiagnosticsErrors => "最近のエラー（新しい順、最大20件）",
        Key::NoErrors => "ありません。",
        Key::DiagnosticsApp => "アプリ",
        Key::DiagnosticsAgain => "もう一度確かめる",
        Key::SaveReport => "レポートを保存",
        Key::CopyReport => "レポートをコピー",
        Key::ReportCopied => "コピーしました。メールに貼り付けて健康保険組合に送ってください。",
        Key::MaintenanceUntil => "終了予定：{time}",
        Key::FindCause => "原因を調べる",
        Key::LockedTell => {
            "健康保険組合にお伝えいただくこと：ユーザーID {id}、日時 {time}（パスワードは伝えないでください）"
        }
        Key::HintFullWidth => "パスワードに全角文字が含まれています。半角に切り替えて入力してください。",
        Key::HintCapsLock => "Caps Lock がオンになっています。",
        Key::SettingsTitle => "設定",
        Key::LanguageSetting => "表示する言語",
        Key::LanguageJa => "日本語",
        Key::LanguageEn => "English（英語）",
        Key::ThemeSetting => "画面の色",
        Key::ThemeSystem => "端末の設定に合わせる",
        Key::ThemeLight => "ライト",
        Key::ThemeDark => "ダーク",
        Key::SettingsKept => "選んだ設定はこの端末に保存され、次にアプリを開いたときも使われます。",
        Key::AppVersion => "アプリのバージョン",
        Key::ChangePassword => "パスワードの変更",
        Key::CurrentPassword => "現在のパスワード",
        Key::PasswordChanged => "パスワードを変更しました。ほかの端末でのログインは終了しました。",
        Key::BackToHome => "ホームに戻る",
        Key::ChangeEmail => "メールアドレスの変更",
        Key::ChangeEmailExplain => {
            "新しいメールアドレスを入力してください。確認コードをお送りします。確認が済むまで、今のアドレスが使われます。"
        }
        Key::EmailChanged => "メールアドレスを変更しました。これまでのアドレスにもお知らせをお送りしました。",
        Key::NewDevice => "機種変更（この端末の設定を解除）",
        Key::NewDeviceExplain => {
            "新しい端末に移るときは、この端末のワンタイムパスワードの設定を解除してください。解除すると："
        }
        Key::NewDeviceNextLogin => {
            "次にログインした端末（新しい端末）に、ログインの続きでワンタイムパスワードを設定し直します。"
        }
        Key::NewDeviceSessions => {
            "この端末もほかの端末も、いったんログアウトします。登録メールアドレスにお知らせが届きます。"
        }
        Key::NewDeviceUntil => {
            "新しい端末で設定が済むまで、ユーザーIDとパスワードだけで設定に進めます。解除したら、早めに新しい端末でログインしてください。"
        }
        Key::NewDeviceButton => "この端末の設定を解除する",
        Key::NewDeviceRemoving => "解除しています…（30秒ほどかかることがあります）",
        Key::NewDeviceDone => {
            "解除しました。新しい端末でアプリを開き、ユーザーIDとパスワードでログインしてください。その端末にワンタイムパスワードを設定します。"
        }
        Key::NewDeviceNotHere => {
            "この端末にはワンタイムパスワードが設定されていないため、ここでは解除できません。設定した端末で解除してください。その端末をなくした場合は、健康保険組合にワンタイムパスワードの初期化を依頼してください。"
        }
        Key::PortalAddress => "ポータルのアドレス",
        Key::PortalAddressExplain => {
            "健康保険組合から案内があったときだけ変更してください。https:// で始まるアドレスだけが使えます。変更すると、いったんログアウトします。"
        }
        Key::PortalAddressLabel => "アドレス（URL）",
        Key::PortalAddressSave => "このアドレスに変更する",
        Key::PortalAddressSaved => "変更しました。このアドレスのポータルにログインします。",
        Key::Licences => "オープンソースライセンス",
        Key::LicencesExplain => "このアプリは、次の{n}個のオープンソースソフトウェアを使っています。",
        Key::BackToSettings => "設定に戻る",
        Key::AppLock => "アプリのロック",
        Key::AppLockSwitch => "Face ID / Touch ID でアプリをロックする",
        Key::AppLockExplain => {
            "オンにすると、アプリを開いたときと、ほかのアプリから戻ったときに、Face ID / Touch ID（または端末のパスコード）で確認するまで、ワンタイムパスワードとお知らせを表示しません。"
        }
        Key::AppLockPhonesOnly => {
            "アプリのロック（Face ID / Touch ID）は、iPhone などのスマートフォンで使えます。"
        }
        Key::AppLockedTitle => "アプリはロックされています",
        Key::AppLockedExplain => "ワンタイムパスワードとお知らせを表示するには、ロックを解除してください。",
        Key::Unlock => "Face ID / Touch ID でロックを解除",
        Key::LockNote => {
            "続けて間違えるとアカウントがロックされ、登録メールアドレスにお知らせが届きます。お知らせが届いたときは、書かれているユーザーIDと日時を健康保険組合にお伝えください。"
        }
        Key::NoticesTitle => "お知らせ",
        Key::MedicalTab => "医療費のお知らせ",
        Key::MedicalTabShort => "医療費",
        Key::BenefitTabShort => "給付",
        Key::QualificationTabShort => "資格情報",
        Key::BenefitTab => "現金給付支給決定通知",
        Key::QualificationTab => "資格情報のお知らせ",
        Key::Loading => "読み込んでいます…",
        Key::YearOfTreatment => "診療年",
        Key::YearOption => "{year}年（{era}）",
        Key::PersonLabel => "対象の方",
        Key::Everyone => "世帯全員",
        Key::OnlyYou => "ご本人のお知らせだけが表示されます。",
        Key::HouseholdTotal => "世帯の合計",
        Key::PersonTotal => "{name} さんの合計",
        Key::TotalCost => "医療費の総額",
        Key::SelfPay => "自己負担額",
        Key::DaysCount => "{n}日",
        Key::NoFacility => "（医療機関名の記載なし）",
        Key::NoMedicalNotices => "この年の医療費のお知らせはありません。",
        Key::MonthHeading => "{western}（{era}診療分）",
        Key::PageOf => "{page} / {pages} ページ",
        Key::PreviousPage => "前へ",
        Key::NextPage => "次へ",
        Key::ExportTitle => "確定申告（医療費控除）用に書き出す",
        Key::ExportExplain => {
            "国税庁の「医療費集計フォーム」の形で、この年の自己負担額を医療機関ごとにまとめます。e-Tax の確定申告書等作成コーナーで読み込めます。"
        }
        Key::ExportExcel => "Excel で保存",
        Key::ExportCsv => "CSV で保存",
        Key::SavePdf => "PDF で保存",
        Key::Saving => "保存しています…",
        Key::SavedAs => "保存しました：{name}",
        Key::SaveCancelled => "保存を取りやめました。",
        Key::Statutory => "法定給付額",
        Key::Additional => "付加給付額",
        Key::BenefitTotal => "支給額",
        Key::PaidOn => "支払日",
        Key::TreatmentMonth => "診療年月",
        Key::Period => "期間",
        Key::NoBenefits => "現金給付支給決定通知はありません。",
        Key::FullName => "氏名",
        Key::BornOn => "生年月日",
        Key::Kigo => "記号",
        Key::Bango => "番号",
        Key::Edaban => "枝番",
        Key::InsurerNumber => "保険者番号",
        Key::InsurerName => "保険者名称",
        Key::Acquired => "資格取得年月日",
        Key::Copay => "一部負担金の割合",
        Key::CopayValue => "{n}割",
        Key::IssuedOn => "交付年月日",
        Key::NoQualifications => "資格情報のお知らせはまだありません。",
        Key::SubsidyOpen => "インフルエンザ補助",
        Key::SubsidyTitle => "インフルエンザ予防接種補助",
        Key::SubsidyIntro => {
            "インフルエンザ予防接種の費用の一部を健康保険組合が補助します。接種を受けたら、領収書を添えてこちらから申請してください。"
        }
        Key::SeasonName => "対象年度",
        Key::VaccinationPeriod => "接種期間",
        Key::ApplyUntil => "申請期限",
        Key::SubsidyCap => "補助の上限",
        Key::CapPerPerson => "1人につき{cap}まで",
        Key::CapPerPersonAndDose => "1人につき{cap}まで（接種1回につき{dose}まで）",
        Key::WhoMayApply => "申請できる方",
        Key::EligibleInsured => "被保険者（ご本人）",
        Key::EligibleDependants => "被扶養者（ご家族）",
        Key::EligibleVoluntary => "任意継続被保険者とそのご家族",
        Key::DosesRule => "接種日に{age}歳未満の方は2回まで、{age}歳以上の方は1回が補助の対象です。",
        Key::SubsidyNotTaking => {
            "現在、インフルエンザ予防接種補助の申請は受け付けていません。受付を始めるときは、健康保険組合からお知らせします。"
        }
        Key::SeasonEnded => {
            "{season}の申請は{date}で締め切りました。お送りいただいた申請の状況は、下の一覧でご確認いただけます。"
        }
        Key::NewApplication => "申請する",
        Key::ApplicationsHeading => "これまでの申請",
        Key::NoApplications => "まだ申請はありません。",
        Key::ApplicationNumber => "申請番号",
        Key::DoseNumber => "{n}回目",
        Key::VaccinatedOn => "接種日",
        Key::PersonVaccinated => "接種を受けた方",
        Key::PayoutExpected => "支給予定額",
        Key::PayoutDecided => "支給額",
        Key::ReasonRejected => "却下の理由",
        Key::ReasonReturned => "直していただきたい点",
        Key::Resubmit => "直して送り直す",
        Key::History => "これまでの経過",
        Key::HistoryByMember => "申請者",
        Key::HistoryByStaff => "健康保険組合",
        Key::FormTitleNew => "補助の申請",
        Key::FormTitleCorrect => "申請の修正（申請番号 {number}）",
        Key::FormHelp => "接種を受けた方ごと、接種1回ごとに申請してください。",
        Key::ChoosePerson => "選んでください",
        Key::FixedOnCorrection => "送り直すときは、接種を受けた方と接種回数は変えられません。",
        Key::DoseLabel => "接種回数",
        Key::PaidLabel => "お支払いになった金額（円）",
        Key::PaidHelp => "領収書に書かれた金額を入力してください。例：4500",
        Key::GrantLabel => "市区町村などからの助成額（円）",
        Key::GrantHelp => "市区町村などの助成で差し引かれた金額です。助成がなければ空欄のままで結構です。",
        Key::PaidShort => "お支払い額",
        Key::GrantShort => "助成額",
        Key::ReceiptsPrevious => "前回お送りいただいた領収書（{n}枚）",
        Key::FacilityLabel => "医療機関名",
        Key::PhoneLabel => "日中に連絡のつく電話番号",
        Key::PhoneHelp => "審査で確認が必要なときにおかけします。例：090-1234-5678",
        Key::ConsentTitle => "個人情報の取り扱い",
        Key::ConsentLabel => {
            "申請内容と領収書を、補助の審査と支払いのためだけに健康保険組合が利用することに同意します"
        }
        Key::ReceiptsLabel => "領収書",
        Key::ReceiptsHelp => {
            "氏名・金額・接種日・医療機関名・「インフルエンザ」の文字が読める領収書を、写真（JPEG・PNG）またはPDFで{n}つまで添付してください。"
        }
        Key::ReceiptsKept => {
            "新しい領収書を添付しなければ、前回お送りいただいた領収書（{n}枚）で審査します。"
        }
        Key::ReceiptsFull => {
            "領収書は{n}つまでです。差し替えるときは、いずれかを外してから添付してください。"
        }
        Key::ReceiptStaging => "領収書を確認しています…",
        Key::RemoveReceipt => "外す",
        Key::PayoutArithmetic => "お支払い額 {paid} − 助成額 {grant}（上限 {cap}）",
        Key::PayoutCapLeft => "この方は今年度ほかの申請で{claimed}を申請済みのため、上限の残りは{left}です。",
        Key::ToReview => "確認へ進む",
        Key::ReviewBlocked => "直していただきたい項目があります。赤字の説明をご確認ください。",
        Key::CancelApplication => "申請をやめる",
        Key::ReviewTitle => "申請内容の確認",
        Key::ReviewHelp => {
            "内容をご確認のうえ「この内容で申請する」を押してください。送信後は、健康保険組合から差戻しがあった場合を除き、内容を変更できません。"
        }
        Key::ReceiptsCount => "{n}枚",
        Key::BackToForm => "入力画面に戻る",
        Key::SendApplication => "この内容で申請する",
        Key::SentTitle => "申請を受け付けました",
        Key::SentAt => "受付日時",
        Key::SentMail => "確認のメールをお送りしました。審査の結果もメールでお知らせします。",
        Key::ToApplications => "申請の一覧に戻る",
        Key::ProblemNotEligible => {
            "この方は今年度の補助の対象ではありません。上の「申請できる方」をご確認ください。"
        }
        Key::ProblemPersonMissing => "接種を受けた方を選んでください。",
        Key::ProblemDateInvalid => "接種日を入力してください（カレンダーから選べます）。",
        Key::ProblemBeforeWindow => {
            "接種日が補助の対象期間（{from}〜{to}）より前です。対象期間内の接種について申請してください。"
        }
        Key::ProblemAfterWindow => {
            "接種日が補助の対象期間（{from}〜{to}）より後です。対象期間内の接種について申請してください。"
        }
        Key::ProblemInTheFuture => "接種日が今日より後になっています。接種を受けた日を入力してください。",
        Key::ProblemDeadlinePassed => "今年度の申請は{date}で締め切りました。",
        Key::ProblemDoseNotAllowed => "この方の接種は1回まで補助の対象です（{age}歳未満は2回まで）。",
        Key::ProblemAlreadyApplied => {
            "この方の{n}回目はすでに申請済みです。申請の状況は「これまでの申請」でご確認ください。"
        }
        Key::ProblemPaidInvalid => {
            "お支払いになった金額を、領収書のとおり数字で入力してください（{max}まで）。"
        }
        Key::ProblemGrantInvalid => "助成額は数字で入力してください。助成がなければ空欄のままで結構です。",
        Key::ProblemGrantOverPaid => {
            "助成額がお支払いになった金額を超えています。領収書の金額をご確認ください。"
        }
        Key::ProblemMissing => "入力してください。",
        Key::ProblemFacilityMissing => "接種を受けた医療機関名を入力してください。",
        Key::ProblemPhoneMissing => "日中に連絡のつく電話番号を入力してください。",
        Key::ProblemTooLong => "{n}文字以内で入力してください。",
        Key::ProblemPhoneInvalid => {
            "電話番号は0から始まる10桁または11桁で入力してください（ハイフンはあってもなくても結構です）。"
        }
        Key::ProblemConsentMissing => "申請するには、個人情報の取り扱いに同意してください。",
    }
}

fn en(key: Key) -> &'static str {
    match key {
        Key::AppName => "Kenpo Portal",
        Key::LoginTitle => "Log in",
        Key::UserId => "User ID",
        Key::Password => "Password",
        Key::Otp => "One-time password",
        Key::LoginButton => "Log in",
        Key::LoggingIn => "Logging in…",
        Key::SecondsLeft => "{n} s left",
        Key::OtpAutoFilled => "This device fills in its own code.",
        Key::OtpTypeIt => "Enter the 6-digit code your authenticator app shows.",
        Key::Welcome => "Welcome, {name}",
        Key::LoggedInAs => "Logged in as",
        Key::Logout => "Log out",
        Key::OtherLanguage => "日本語",
        Key::EnrollTitle => "Set up the one-time password",
        Key::EnrollExplain => {
            "This device becomes your authenticator. No QR code to scan and no code to type."
        }
        Key::EnrollButton => "Use this device",
        Key::Enrolling => "Setting up…",
        Key::EnrollDone => "Setup complete",
        Key::EnrollDoneExplain => "From your next login on, this device fills in the one-time password.",
        Key::Continue => "Go to the portal",
        Key::AccountsTitle => "Codes",
        Key::PortalTab => "Portal",
        Key::Search => "Search",
        Key::AddAccount => "Add",
        Key::NoAccounts => "No accounts yet. Add one with \"Add\".",
        Key::NextCode => "Next code",
        Key::MoveUp => "Up",
        Key::Rename => "Rename",
        Key::Delete => "Delete",
        Key::DeleteConfirm => {
            "Delete \"{name}\"? Its secret key is removed from this device too; this cannot be undone."
        }
        Key::DeleteYes => "Delete",
        Key::Cancel => "Cancel",
        Key::Save => "Save",
        Key::AddTitle => "Add an account",
        Key::FromImage => "Read a QR code from an image",
        Key::FromImageHelp => "Choose a screenshot or a photo (PNG or JPEG).",
        Key::FromText => "Paste an enrollment code",
        Key::FromTextHelp => "A code starting with otpauth://, or a Google Authenticator export.",
        Key::FromKey => "Type the secret key",
        Key::SecretKey => "Secret key",
        Key::AccountName => "Account name (any name)",
        Key::SecretBits => "A {n}-bit secret key.",
        Key::SecretWeak => "A {n}-bit secret key (short, but it works).",
        Key::AddButton => "Add",
        Key::Added => "Added {n} account(s).",
        Key::SkippedDuplicates => "Already on this device, not added: {names}",
        Key::ClockOffset => "Clock difference to the portal: {n} s",
        Key::ClockAhead => {
            "This device's clock is {n} s ahead of the portal. Set the date and time to automatic (this app makes its codes by the portal's clock)."
        }
        Key::Copied => "Copied (cleared from the clipboard after 30 s).",
        Key::FromCamera => "Scan a QR code with the camera",
        Key::FromClipboard => "Read from a copied image",
        Key::BackToLogin => "Back to login",
        Key::SkippedHotp => "Counter-based (HOTP), not added: {names}",
        Key::FromCameraHelp => "Scans the QR code shown on your PC. Allow the camera when asked.",
        Key::CopyHint => "Tap a code to copy it.",
        Key::ClockBehind => {
            "This device's clock is {n} s behind the portal. Set the date and time to automatic (this app makes its codes by the portal's clock)."
        }
        Key::LoginHelpTitle => "Logging in for the first time",
        Key::LoginHelpInitial => {
            "Your user ID is the one you used on the previous portal. Your initial password is 14 digits: the 記号 (2 digits), 番号 (4 digits) and date of birth (8 digits, year first) from your insurance card."
        }
        Key::LoginHelpExample => "Example: 記号 10, 番号 1234, born 1 January 2001: 10123420010101",
        Key::LoginHelpVoluntary => {
            "Voluntarily continued members (任意継続被保険者): your user ID is the 記号 (3 digits), 番号 (4 or 5 digits) and date of birth (8 digits); your initial password is the 14 digits in the society's letter."
        }
        Key::LoginHelpCode => {
            "Once you have registered and set up this device, the app fills in the one-time password itself."
        }
        Key::SubmitCode => "Send the code",
        Key::CodeNeededExplain => {
            "This device holds no one-time password for this user ID. Enter the 6-digit code your authenticator app shows."
        }
        Key::RegTitle => "First registration",
        Key::RegStepOf => "Step {n} of {total}",
        Key::RegStepBirthDate => "Birth date",
        Key::RegStepTerms => "Terms",
        Key::RegStepUserId => "User ID",
        Key::RegStepPassword => "Password",
        Key::RegStepEmail => "Email",
        Key::RegStepDone => "Done",
        Key::Next => "Next",
        Key::Sending => "Sending…",
        Key::BirthDateTitle => "Enter your date of birth",
        Key::BirthDateLabel => "Date of birth (8 digits, year first)",
        Key::BirthDateHelp => "Example: born 1 January 2001: 20010101",
        Key::TermsTitle => "Terms of use",
        Key::TermsHelp => "Read to the end, then press \"Agree\".",
        Key::TermsScrollToEnd => "Scroll to the end to agree.",
        Key::Agree => "Agree",
        Key::UserIdTitle => "Change your user ID",
        Key::UserIdHelp => "You do not have to change it. To keep it, enter your current user ID.",
        Key::CurrentUserId => "Current user ID: {id}",
        Key::UserIdResult => "Your user ID will be: {id}",
        Key::UserIdKeep => "You keep your current user ID.",
        Key::RuleUserIdLength => "8 to 13 characters",
        Key::RuleUserIdCharacters => "Half-width letters, digits and - _ . @ (capitals become small letters)",
        Key::PasswordTitle => "Set a new password",
        Key::NewPassword => "New password",
        Key::ShowPassword => "Show",
        Key::HidePassword => "Hide",
        Key::RulePasswordLength => "8 to 64 characters",
        Key::RulePasswordFullWidth => "No full-width characters",
        Key::RulePasswordCharacters => {
            "Only half-width letters, digits and !\"#$%&'()=~|`{+*}<>?_-^¥@[;:],./"
        }
        Key::RulePasswordSameAsUserId => "Not the same as your user ID",
        Key::PasswordNotInitial => "Your initial password (14 digits) cannot be used.",
        Key::PasswordYen => {
            "¥ is the same character whether typed with the \\ key (Windows) or the ¥ key (Mac)."
        }
        Key::RuleKept => "(met)",
        Key::RuleBroken => "(not met)",
        Key::EmailTitle => "Confirm your email address",
        Key::EmailLabel => "Email address",
        Key::EmailHelp => "Your work address is recommended. A confirmation code is sent to it.",
        Key::SendCode => "Send the code",
        Key::EmailCodeSent => "A 6-digit code was sent to {email} (valid for 30 minutes).",
        Key::EmailCodeLabel => "Confirmation code (6 digits)",
        Key::Confirm => "Confirm",
        Key::Resend => "Send the code again",
        Key::Resent => "A new code was sent. Enter the code from the newest mail.",
        Key::CorrectEmail => "Correct the email address",
        Key::RegDoneTitle => "First registration is complete",
        Key::RegDoneExplain => {
            "You do not need to log in again: go straight on to set up the one-time password."
        }
        Key::ForgotUserId => "Forgot your user ID?",
        Key::ForgotPassword => "Forgot your password?",
        Key::ForgotUserIdExplain => "Enter the email address you registered. Your user ID is sent to it.",
        Key::RecoverySent => {
            "We sent instructions to your registered email address. If nothing arrives within a few minutes, check what you entered and contact the health insurance society."
        }
        Key::ForgotPasswordExplain => {
            "Enter your user ID and the email address you registered. An 8-digit code to reset your password is sent to it."
        }
        Key::SendMail => "Send",
        Key::ResetCodeLabel => "Code (8 digits, from the mail)",
        Key::ResetExplain => {
            "Enter the code from the mail and a new password. This device fills in the one-time password (the code is valid for 10 minutes)."
        }
        Key::ResetNoAuthenticator => {
            "This device holds no one-time password for this user ID, so the password cannot be reset here. Use the device you set up. If you lost it or changed phones, contact the health insurance society: they can reset your one-time password."
        }
        Key::ResetButton => "Reset the password",
        Key::ResetDone => "Your password was reset. Log in with the new password.",
        Key::FaqLink => "FAQ",
        Key::FaqTitle => "Frequently asked questions",
        Key::FaqQ1 => "Q1. I do not know my user ID",
        Key::FaqA1 => {
            "Your user ID is sent to your registered email address. Without a registered address, contact the health insurance society."
        }
        Key::FaqQ2 => "Q2. I forgot my password",
        Key::FaqA2 => {
            "Reset it with your user ID and registered email address. Without a registered address, contact the health insurance society."
        }
        Key::FaqQ3 => "Q3. My account is locked",
        Key::FaqA3 => {
            "When the account locks, a notice is sent to your registered email address (while locked, even the right password shows \"Invalid user ID or password\"). Contact the health insurance society with the user ID and time the notice gives. Never tell anyone your password or one-time password."
        }
        Key::FaqQ4 => "Q4. \"Invalid user ID or password\" and I cannot log in",
        Key::FaqA4 => {
            "The user ID or password may be wrong. Check that you are not typing full-width characters and that Caps Lock is off, then try again."
        }
        Key::FaqQ5 => "Q5. I cannot log in with the one-time password",
        Key::FaqA5 => {
            "This app fills in the newest code by the portal's clock. If it is still refused, set the device's date and time to automatic. The button below shows how far the clock is off."
        }
        Key::CheckClock => "Check the clock",
        Key::DiagnosticsTitle => "Help / diagnostics",
        Key::DiagnosticsLink => "Diagnose the connection and clock",
        Key::DiagnosticsIntro => {
            "Checks the connection to the portal, the clock, the keychain and the latest errors. The report holds no password, code or secret key; the user ID is the only personal datum in it."
        }
        Key::DiagnosticsRunning => "Checking… (20 seconds at most)",
        Key::DiagnosticsFindings => "What was found",
        Key::AllWell => "No problem found.",
        Key::DiagnosticsPortal => "The way to the portal",
        Key::StepNameLookup => "Name lookup (DNS)",
        Key::StepConnect => "Connection (TCP)",
        Key::StepTls => "Secure connection (TLS)",
        Key::StepHttp => "Answer (HTTP)",
        Key::OutcomePassed => "OK",
        Key::OutcomeFailed => "Failed",
        Key::OutcomeSkipped => "Not checked",
        Key::DiagnosticsClock => "Clock",
        Key::ClockUnknown => "The portal did not answer, so the clock could not be compared.",
        Key::DeviceSlowBy => "This device's clock is {n} s behind the portal's.",
        Key::DeviceFastBy => "This device's clock is {n} s ahead of the portal's.",
        Key::DiagnosticsKeychain => "Keychain",
        Key::KeychainState => "{state}. {n} authenticators on this device ({p} for this portal)",
        Key::KeychainOk => "Available",
        Key::KeychainNg => "Not available",
        Key::DiagnosticsErrors => "Recent errors (newest first, up to 20)",
        Key::NoErrors => "None.",
        Key::DiagnosticsApp => "App",
        Key::DiagnosticsAgain => "Check again",
        Key::SaveReport => "Save the report",
        Key::CopyReport => "Copy the report",
        Key::ReportCopied => "Copied. Paste it into a mail to the health insurance society.",
        Key::MaintenanceUntil => "Expected to end: {time} (Japan time)",
        Key::FindCause => "Find the cause",
        Key::LockedTell => "Tell the society: user ID {id}, time {time} (never your password).",
        Key::HintFullWidth => "The password has full-width characters. Switch to half-width input.",
        Key::HintCapsLock => "Caps Lock is on.",
        Key::SettingsTitle => "Settings",
        Key::LanguageSetting => "Language",
        Key::LanguageJa => "日本語 (Japanese)",
        Key::LanguageEn => "English",
        Key::ThemeSetting => "Colours",
        Key::ThemeSystem => "As the device is set",
        Key::ThemeLight => "Light",
        Key::ThemeDark => "Dark",
        Key::SettingsKept => "Your choices are kept on this device and used the next time the app opens.",
        Key::AppVersion => "App version",
        Key::ChangePassword => "Change your password",
        Key::CurrentPassword => "Current password",
        Key::PasswordChanged => "Your password was changed. Logins on other devices were ended.",
        Key::BackToHome => "Back to home",
        Key::ChangeEmail => "Change your email address",
        Key::ChangeEmailExplain => {
            "Enter the new address. A confirmation code is sent to it; until it is confirmed, the current address stays."
        }
        Key::EmailChanged => "Your email address was changed. The previous address was told too.",
        Key::NewDevice => "New phone (remove this device)",
        Key::NewDeviceExplain => {
            "Moving to a new device? Remove this device's one-time password first. Once removed:"
        }
        Key::NewDeviceNextLogin => {
            "The next device you log in on (the new one) is set up with a one-time password as part of that login."
        }
        Key::NewDeviceSessions => {
            "This device and any other are logged out. A notice is sent to your registered email address."
        }
        Key::NewDeviceUntil => {
            "Until the new device is set up, your user ID and password alone lead to the set-up. Log in on the new device soon."
        }
        Key::NewDeviceButton => "Remove this device's one-time password",
        Key::NewDeviceRemoving => "Removing… (this can take up to 30 seconds)",
        Key::NewDeviceDone => {
            "Removed. Open the app on the new device and log in with your user ID and password: it will be set up with the one-time password."
        }
        Key::NewDeviceNotHere => {
            "This device holds no one-time password, so it cannot remove it. Remove it on the device you set up. If you lost that device, ask the health insurance society to reset your one-time password."
        }
        Key::PortalAddress => "Portal address",
        Key::PortalAddressExplain => {
            "Change it only when the health insurance society tells you to. Only addresses starting with https:// can be used. Changing it logs you out."
        }
        Key::PortalAddressLabel => "Address (URL)",
        Key::PortalAddressSave => "Use this address",
        Key::PortalAddressSaved => "Changed. You will log in to the portal at this address.",
        Key::Licences => "Open-source licences",
        Key::LicencesExplain => "This app is built with the following {n} open-source components.",
        Key::BackToSettings => "Back to settings",
        Key::AppLock => "App lock",
        Key::AppLockSwitch => "Lock the app with Face ID / Touch ID",
        Key::AppLockExplain => {
            "When on, one-time passwords and notices stay hidden until you confirm with Face ID / Touch ID (or the device passcode) each time the app opens or comes back from another app."
        }
        Key::AppLockPhonesOnly => {
            "The app lock (Face ID / Touch ID) is available on phones such as the iPhone."
        }
        Key::AppLockedTitle => "The app is locked",
        Key::AppLockedExplain => "Unlock it to see your one-time passwords and notices.",
        Key::Unlock => "Unlock with Face ID / Touch ID",
        Key::LockNote => {
            "After several failures in a row the account is locked and a notice is sent to your registered email address. If you get one, tell the health insurance society the user ID and time it gives."
        }
        Key::NoticesTitle => "Notices",
        Key::MedicalTab => "Medical expenses",
        Key::MedicalTabShort => "Medical",
        Key::BenefitTabShort => "Benefits",
        Key::QualificationTabShort => "Qualification",
        Key::BenefitTab => "Cash benefits",
        Key::QualificationTab => "Qualification details",
        Key::Loading => "Loading…",
        Key::YearOfTreatment => "Year of treatment",
        Key::YearOption => "{year} ({era})",
        Key::PersonLabel => "Person",
        Key::Everyone => "Everyone in the household",
        Key::OnlyYou => "Only your own notices are shown.",
        Key::HouseholdTotal => "Household total",
        Key::PersonTotal => "Total for {name}",
        Key::TotalCost => "Total cost",
        Key::SelfPay => "You paid",
        Key::DaysCount => "{n} day(s)",
        Key::NoFacility => "(no facility named)",
        Key::NoMedicalNotices => "No medical-expense notices for this year.",
        Key::MonthHeading => "{western} ({era})",
        Key::PageOf => "Page {page} of {pages}",
        Key::PreviousPage => "Previous",
        Key::NextPage => "Next",
        Key::ExportTitle => "Export for the tax return (medical-expense deduction)",
        Key::ExportExplain => {
            "Your payments of the year, by facility, in the National Tax Agency's 医療費集計フォーム, which e-Tax's filing corner reads."
        }
        Key::ExportExcel => "Save as Excel",
        Key::ExportCsv => "Save as CSV",
        Key::SavePdf => "Save as PDF",
        Key::Saving => "Saving…",
        Key::SavedAs => "Saved: {name}",
        Key::SaveCancelled => "Not saved.",
        Key::Statutory => "Statutory benefit",
        Key::Additional => "Additional benefit",
        Key::BenefitTotal => "Amount paid",
        Key::PaidOn => "Paid on",
        Key::TreatmentMonth => "Month of treatment",
        Key::Period => "Period",
        Key::NoBenefits => "No cash-benefit notices.",
        Key::FullName => "Name",
        Key::BornOn => "Date of birth",
        Key::Kigo => "Symbol (記号)",
        Key::Bango => "Number (番号)",
        Key::Edaban => "Branch number (枝番)",
        Key::InsurerNumber => "Insurer number",
        Key::InsurerName => "Insurer",
        Key::Acquired => "Covered since",
        Key::Copay => "Your share of costs",
        Key::CopayValue => "{n}0%",
        Key::IssuedOn => "Issued on",
        Key::NoQualifications => "No qualification details yet.",
        Key::SubsidyOpen => "Flu subsidy",
        Key::SubsidyTitle => "Influenza vaccination subsidy",
        Key::SubsidyIntro => {
            "The health insurance society pays part of the cost of an influenza vaccination. Once vaccinated, apply here with the receipt."
        }
        Key::SeasonName => "Season",
        Key::VaccinationPeriod => "Vaccinations between",
        Key::ApplyUntil => "Apply by",
        Key::SubsidyCap => "Limit",
        Key::CapPerPerson => "{cap} per person",
        Key::CapPerPersonAndDose => "{cap} per person ({dose} per dose)",
        Key::WhoMayApply => "Who may apply",
        Key::EligibleInsured => "insured members",
        Key::EligibleDependants => "dependants",
        Key::EligibleVoluntary => "voluntarily continued members and their dependants",
        Key::DosesRule => {
            "Children under {age} on the day of vaccination: up to two doses; everyone {age} and over: one."
        }
        Key::SubsidyNotTaking => {
            "The society is not taking applications for the influenza vaccination subsidy now. It will let you know when it starts."
        }
        Key::SeasonEnded => {
            "Applications for {season} closed on {date}. You can still follow the applications you sent below."
        }
        Key::NewApplication => "Apply",
        Key::ApplicationsHeading => "Your applications",
        Key::NoApplications => "You have not applied yet.",
        Key::ApplicationNumber => "Application no.",
        Key::DoseNumber => "Dose {n}",
        Key::VaccinatedOn => "Vaccinated on",
        Key::PersonVaccinated => "Person vaccinated",
        Key::PayoutExpected => "Expected payment",
        Key::PayoutDecided => "Payment",
        Key::ReasonRejected => "Reason for rejection",
        Key::ReasonReturned => "What to correct",
        Key::Resubmit => "Correct and send again",
        Key::History => "History",
        Key::HistoryByMember => "You",
        Key::HistoryByStaff => "The society",
        Key::FormTitleNew => "Apply for the subsidy",
        Key::FormTitleCorrect => "Correcting application {number}",
        Key::FormHelp => "Apply once for each person and each dose.",
        Key::ChoosePerson => "Choose",
        Key::FixedOnCorrection => "When sending again, the person and the dose stay as they were.",
        Key::DoseLabel => "Dose",
        Key::PaidLabel => "Amount you paid (yen)",
        Key::PaidHelp => "As written on the receipt. Example: 4500",
        Key::GrantLabel => "Grant from your municipality (yen)",
        Key::GrantHelp => "What a municipal grant took off the price. Leave it empty if there was none.",
        Key::PaidShort => "Paid",
        Key::GrantShort => "Grant",
        Key::ReceiptsPrevious => "The {n} receipt(s) sent before",
        Key::FacilityLabel => "Clinic or hospital",
        Key::PhoneLabel => "Daytime phone number",
        Key::PhoneHelp => "We call only if the review needs to ask you something. Example: 090-1234-5678",
        Key::ConsentTitle => "Your personal information",
        Key::ConsentLabel => {
            "I agree that the health insurance society uses this application and its receipts only to review and pay the subsidy"
        }
        Key::ReceiptsLabel => "Receipts",
        Key::ReceiptsHelp => {
            "Attach up to {n} receipts as photos (JPEG, PNG) or PDF. Each must show the name, the amount, the date of vaccination, the clinic and the word インフルエンザ (influenza)."
        }
        Key::ReceiptsKept => "If you attach no new receipt, the {n} receipt(s) you sent before are used.",
        Key::ReceiptsFull => "That is the most ({n}). To replace one, remove it first.",
        Key::ReceiptStaging => "Checking the receipt…",
        Key::RemoveReceipt => "Remove",
        Key::PayoutArithmetic => "Paid {paid} − grant {grant} (limit {cap})",
        Key::PayoutCapLeft => {
            "This person's other applications this season take {claimed}, so {left} of the limit is left."
        }
        Key::ToReview => "Review",
        Key::ReviewBlocked => "Some entries need correcting: see the notes in red.",
        Key::CancelApplication => "Cancel the application",
        Key::ReviewTitle => "Check your application",
        Key::ReviewHelp => {
            "If everything is right, press \"Send this application\". Once sent, it can be changed only if the society returns it for correction."
        }
        Key::ReceiptsCount => "{n} file(s)",
        Key::BackToForm => "Back to the form",
        Key::SendApplication => "Send this application",
        Key::SentTitle => "Your application was received",
        Key::SentAt => "Received at",
        Key::SentMail => {
            "We sent you a confirmation email. The result of the review will be emailed to you too."
        }
        Key::ToApplications => "Back to your applications",
        Key::ProblemNotEligible => "This person is not covered this season. See \"Who may apply\" above.",
        Key::ProblemPersonMissing => "Choose the person who was vaccinated.",
        Key::ProblemDateInvalid => "Enter the date of vaccination (you can pick it from the calendar).",
        Key::ProblemBeforeWindow => {
            "That date is before the subsidised period ({from} to {to}). Apply for a vaccination within it."
        }
        Key::ProblemAfterWindow => {
            "That date is after the subsidised period ({from} to {to}). Apply for a vaccination within it."
        }
        Key::ProblemInTheFuture => "That date is in the future. Enter the day of the vaccination.",
        Key::ProblemDeadlinePassed => "Applications for this season closed on {date}.",
        Key::ProblemDoseNotAllowed => {
            "Only one dose is subsidised for this person (two for children under {age})."
        }
        Key::ProblemAlreadyApplied => {
            "Dose {n} of this person has been applied for already. See its status under \"Your applications\"."
        }
        Key::ProblemPaidInvalid => "Enter the amount you paid in digits, as on the receipt (up to {max}).",
        Key::ProblemGrantInvalid => "Enter the grant in digits, or leave it empty if there was none.",
        Key::ProblemGrantOverPaid => {
            "The grant is more than what you paid. Check the amounts on the receipt."
        }
        Key::ProblemMissing => "Please fill this in.",
        Key::ProblemFacilityMissing => "Enter the clinic or hospital where the vaccination was given.",
        Key::ProblemPhoneMissing => "Enter a phone number where you can be reached in the daytime.",
        Key::ProblemTooLong => "Use at most {n} characters.",
        Key::ProblemPhoneInvalid => {
            "Enter a phone number of 10 or 11 digits starting with 0 (hyphens are fine)."
        }
        Key::ProblemConsentMissing => "To apply, agree to how your information is used.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both catalogues are `match`es over every key, so neither can lack one and still compile;
    /// this checks what the compiler cannot: no empty text, the same placeholders on both sides,
    /// and Japanese in the Japanese catalogue.
    #[test]
    fn every_key_has_text_with_the_same_placeholders_in_both_languages() {
        fn placeholders(text: &str) -> Vec<&str> {
            let mut found: Vec<&str> = text
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .collect();
            found.retain(|name| name.chars().all(|c| c.is_ascii_lowercase()) && !name.is_empty());
            found.sort_unstable();
            found
        }
        for &key in Key::ALL {
            let (ja, en) = (ja(key), en(key));
            assert!(!ja.is_empty() && !en.is_empty(), "{key:?}");
            assert_eq!(placeholders(ja), placeholders(en), "{key:?}");
            assert!(!ja.is_ascii() || key == Key::OtherLanguage, "{key:?} is not Japanese: {ja}");
        }
    }

    #[test]
    fn each_status_reads_as_the_societys_name_in_japanese_and_its_own_words_in_english() {
        let english: Vec<&str> = Status::ALL.iter().map(|status| self::status(Lang::En, *status)).collect();
        for (status, english) in Status::ALL.iter().zip(&english) {
            assert_eq!(self::status(Lang::Ja, *status), status.label_ja());
            assert!(!english.is_empty() && english.is_ascii(), "{status:?}");
        }
        let mut distinct = english.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), english.len(), "{english:?}");
        assert_eq!(
            Status::ALL.map(|status| self::status(Lang::Ja, status)),
            ["受付", "審査中", "承認", "却下", "差戻し"]
        );
    }

    /// Every problem the rules or the portal can name, on the field it is named on.
    const PROBLEMS: [(Field, Problem); 18] = [
        (Field::Person, Problem::NotEligible),
        (Field::Person, Problem::Missing),
        (Field::VaccinatedOn, Problem::DateInvalid),
        (Field::VaccinatedOn, Problem::BeforeWindow),
        (Field::VaccinatedOn, Problem::AfterWindow),
        (Field::VaccinatedOn, Problem::InTheFuture),
        (Field::VaccinatedOn, Problem::DeadlinePassed),
        (Field::Dose, Problem::DoseNotAllowed),
        (Field::Dose, Problem::AlreadyApplied),
        (Field::Paid, Problem::AmountInvalid),
        (Field::Grant, Problem::AmountInvalid),
        (Field::Grant, Problem::GrantOverPaid),
        (Field::Facility, Problem::Missing),
        (Field::Facility, Problem::TooLong),
        (Field::Phone, Problem::Missing),
        (Field::Phone, Problem::PhoneInvalid),
        (Field::Consent, Problem::ConsentMissing),
        (Field::Paid, Problem::Missing),
    ];

    #[test]
    fn every_problem_has_its_own_text_in_both_languages_with_the_seasons_own_numbers() {
        let season = Season::example();
        for lang in [Lang::Ja, Lang::En] {
            let texts: Vec<String> =
                PROBLEMS.iter().map(|(field, found)| problem(lang, *field, *found, &season, 2)).collect();
            for ((field, found), text) in PROBLEMS.iter().zip(&texts) {
                assert!(!text.is_empty() && !text.contains('{'), "{field:?} {found:?} in {lang:?}: {text}");
                assert!(lang == Lang::En || !text.is_ascii(), "{found:?}: {text}");
            }
            let mut distinct = texts.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), texts.len(), "{texts:#?}");
        }
        let ja = |field, found| problem(Lang::Ja, field, found, &season, 2);
        assert_eq!(
            ja(Field::VaccinatedOn, Problem::BeforeWindow),
            "接種日が補助の対象期間（2026年10月1日〜2027年1月31日）より前です。対象期間内の接種について申請してください。"
        );
        assert_eq!(
            ja(Field::Dose, Problem::DoseNotAllowed),
            "この方の接種は1回まで補助の対象です（13歳未満は2回まで）。"
        );
        assert!(ja(Field::Dose, Problem::AlreadyApplied).starts_with("この方の2回目はすでに申請済みです"));
        assert!(ja(Field::VaccinatedOn, Problem::DeadlinePassed).contains("2027年2月28日"));
        assert!(ja(Field::Paid, Problem::AmountInvalid).contains("100,000円"));
        let en = problem(Lang::En, Field::VaccinatedOn, Problem::AfterWindow, &season, 1);
        assert!(en.contains("(2026-10-01 to 2027-01-31)"), "{en}");
    }
}
