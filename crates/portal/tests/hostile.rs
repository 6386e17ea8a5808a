//! Hostile input in every field [issue 6]. Each string field of every body the API document
//! lists gets empty, oversized, SQL-laden, control, markup and confusable text, and each body as
//! a whole arrives malformed, mistyped, nested deep, oversized or as another media type: from a
//! stranger, and from a member at every stage of a login and of first registration. Each is
//! refused with a stable code in the usual shape (or, for recovery, given the usual answer),
//! never a server error, and the stored data stays as it was.
//!
//! What only looks hostile — SQL metacharacters in a password or an address, both allowed — is
//! stored and compared as the text it is.

mod common;

use std::collections::BTreeMap;

use common::{Portal, answer, field, now, password_step, raw};
use kenpo_api::ErrorCode;
use kenpo_api::demo::{ENROLLED, INITIAL, NOT_ENROLLED};
use kenpo_portal::Config;
use kenpo_portal::throttle::Settings;
use reqwest::Method;
use serde_json::{Value, json};

/// What the other fields of a body hold while one is attacked: well formed, and right for
/// nothing.
const NEUTRAL: &str = "x";

/// The forms anyone may post; the others are posted from each session stage.
const OPEN: [&str; 4] =
    ["/api/login", "/api/recovery/user-id", "/api/recovery/password", "/api/recovery/password/reset"];

/// Values no field may take, each for its own reason.
fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "",
        " ",
        "' OR '1'='1' --",
        "x'); DROP TABLE members; --",
        "\" OR \"\"=\"",
        "1; SELECT * FROM sessions",
        "%' AND 1=0 UNION SELECT password_hash FROM members --",
        "yamada\0.taro",
        "\0",
        // Confusables: Cyrillic у and а, a one-dot leader, a zero-width space, a right-to-left
        // override, a byte-order mark, full-width digits of no valid date or code.
        "уamada.taro",
        "yamada\u{2024}taro",
        "yamada\u{200B}.taro",
        "\u{202E}orat.adamay",
        "\u{FEFF}",
        "１２３４５",
        "yamada@exаmple.jp",
        // Header, markup, path and template injection (each with a space or a NUL, which no
        // field allows: without, some would be valid passwords).
        "a@example.jp\r\nBcc: victim@example.jp",
        "<img src=x onerror=alert(1)>",
        "../../../../etc/passwd\0",
        "${jndi:ldap://example.jp/a} {{7*7}}",
        "%00' --",
        "\u{1F600}\u{1F600}\u{1F600}",
    ]
    .map(String::from)
    .to_vec();
    values.push("9".repeat(1_000));
    values.push("a".repeat(60_000)); // within the body limit, far beyond every field's
    values.push("\u{301}".repeat(10_000)); // combining marks, nothing to combine with
    values
}

/// Whole bodies no form may take: (media type, bytes).
fn hostile_bodies(fields: &[String]) -> Vec<(Option<&'static str>, Vec<u8>)> {
    const JSON: Option<&str> = Some("application/json");
    let neutral: BTreeMap<&str, Value> = fields.iter().map(|name| (name.as_str(), json!(NEUTRAL))).collect();
    let mut bodies: Vec<(Option<&str>, Vec<u8>)> =
        ["", "{", "null", "[]", "\"x\"", "1e999", "{}", "{\"a\":", "\u{FEFF}{}"]
            .iter()
            .map(|text| (JSON, text.as_bytes().to_vec()))
            .collect();
    bodies.push((JSON, "[".repeat(50_000).into_bytes()));
    bodies.push((JSON, format!("{{\"{}\":\"{}\"}}", fields[0], "a".repeat(70 * 1024)).into_bytes()));
    let many: Vec<String> = (0..5_000).map(|n| format!("\"k{n}\":0")).collect();
    bodies.push((JSON, format!("{{{}}}", many.join(",")).into_bytes()));
    for name in fields {
        for wrong in
            [json!(1), json!(null), json!(true), json!([NEUTRAL]), json!({ "$ne": "" }), json!(1e300)]
        {
            let mut body = neutral.clone();
            body.insert(name, wrong);
            bodies.push((JSON, serde_json::to_vec(&body).unwrap()));
        }
        bodies.push((JSON, format!("{{\"{name}\":\"x\",\"{name}\":\"y\"}}").into_bytes()));
        bodies.push((JSON, [&b"{\""[..], name.as_bytes(), &b"\":\"\xff\xfe\"}"[..]].concat()));
        bodies.push((JSON, format!("{{\"{name}\":\"\\ud800\"}}").into_bytes()));
    }
    let neutral = serde_json::to_vec(&neutral).unwrap();
    bodies.push((Some("text/plain"), neutral.clone()));
    bodies.push((Some("application/x-www-form-urlencoded"), neutral.clone()));
    bodies.push((None, neutral));
    bodies
}

/// A form the API document lists: its path, a neutral body, the names of the body's fields,
/// and where each field is in the body (a field of a nested object has a longer path), text or
/// of another kind.
struct Form {
    path: String,
    neutral: Value,
    fields: Vec<String>,
    leaves: Vec<(Vec<Value>, bool)>,
}

async fn forms(portal: &Portal) -> Vec<Form> {
    let document = answer(raw(portal, Method::GET, "api/openapi.json", None)).await.body;
    let mut forms = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        let Some(body) = item.get("post").and_then(|post| post.get("requestBody")) else { continue };
        let schema = &body["content"]["application/json"]["schema"];
        let mut leaves = Vec::new();
        let neutral = neutral_of(&document, schema, &mut Vec::new(), &mut leaves);
        let fields = neutral.as_object().unwrap().keys().cloned().collect();
        forms.push(Form { path: path.clone(), neutral, fields, leaves });
    }
    forms
}

/// A neutral value of `schema` (text `x`, the number 1, true, a list of one), and each leaf's
/// path with whether it is text.
fn neutral_of(
    document: &Value,
    schema: &Value,
    at: &mut Vec<Value>,
    leaves: &mut Vec<(Vec<Value>, bool)>,
) -> Value {
    if let Some(reference) = schema["$ref"].as_str() {
        let schema = &document["components"]["schemas"][reference.rsplit('/').next().unwrap()];
        return neutral_of(document, schema, at, leaves);
    }
    let kind = schema["type"].as_str().unwrap_or_else(|| panic!("{at:?}: a schema without a type: {schema}"));
    match kind {
        "object" => {
            let mut object = serde_json::Map::new();
            for (name, property) in schema["properties"].as_object().unwrap() {
                at.push(json!(name));
                object.insert(name.clone(), neutral_of(document, property, at, leaves));
                at.pop();
            }
            Value::Object(object)
        }
        "array" => {
            at.push(json!(0));
            let item = neutral_of(document, &schema["items"], at, leaves);
            at.pop();
            leaves.push((at.clone(), false));
            json!([item])
        }
        "string" => {
            leaves.push((at.clone(), true));
            json!(NEUTRAL)
        }
        "integer" | "number" | "boolean" => {
            leaves.push((at.clone(), false));
            if kind == "boolean" { json!(true) } else { json!(1) }
        }
        other => panic!("{at:?}: give {other} hostile values of its kind"),
    }
}

/// `body` with `value` at `path`.
fn with_value(body: &Value, path: &[Value], value: Value) -> Value {
    let mut body = body.clone();
    let mut place = &mut body;
    for step in path {
        place = match step {
            Value::String(name) => &mut place[name.as_str()],
            index => &mut place[index.as_u64().unwrap() as usize],
        };
    }
    *place = value;
    body
}

/// Every form of `forms`, attacked in every field and as a whole, with `token` as the session.
/// Returns how many requests were sent.
async fn attack<'a>(portal: &Portal, forms: impl Iterator<Item = &'a Form>, token: Option<&str>) -> usize {
    let values = hostile_values();
    let wrong_kinds = [json!("x"), json!(-1), json!(1e300), json!(null), json!([]), json!({}), json!(true)];
    let mut sent = 0;
    for form in forms {
        for (path, text) in &form.leaves {
            let hostile: Vec<Value> =
                if *text { values.iter().map(|value| json!(value)).collect() } else { wrong_kinds.to_vec() };
            for value in hostile {
                let body = with_value(&form.neutral, path, value);
                answer(raw(portal, Method::POST, &form.path, token).json(&body)).await;
                sent += 1;
            }
        }
        for (media_type, bytes) in hostile_bodies(&form.fields) {
            let mut request = raw(portal, Method::POST, &form.path, token).body(bytes);
            if let Some(media_type) = media_type {
                request = request.header(reqwest::header::CONTENT_TYPE, media_type);
            }
            answer(request).await;
            sent += 1;
        }
    }
    sent
}

/// Every stored row, but for what a refusal is meant to change: the record of attempts, the
/// failure count, and when a session was last seen; and the ledger of requested mail, which
/// counts every recovery request (answered alike, whatever it holds) for the mail limits.
async fn snapshot(portal: &Portal) -> Vec<String> {
    const CHANGING_TABLES: [&str; 6] = [
        "_sqlx_migrations",
        "login_attempts",
        "unknown_user_attempts",
        "unknown_user_failures",
        "requested_mail",
        "requested_mail_guard",
    ];
    const CHANGING_COLUMNS: [&str; 2] = ["failed_attempts", "last_seen"];
    let pool = portal.pool().await;
    let (tables, columns) = if portal.db.starts_with("postgres") {
        (
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        )
    } else {
        (
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            "SELECT name FROM pragma_table_info($1)",
        )
    };
    let tables: Vec<String> = sqlx::query_scalar(tables).fetch_all(&pool).await.unwrap();
    assert!(tables.len() > 5, "{tables:?}");
    let mut rows = Vec::new();
    for table in tables.into_iter().filter(|table| !CHANGING_TABLES.contains(&table.as_str())) {
        let names: Vec<String> = sqlx::query_scalar(columns).bind(&table).fetch_all(&pool).await.unwrap();
        let names: Vec<String> =
            names.into_iter().filter(|name| !CHANGING_COLUMNS.contains(&name.as_str())).collect();
        let query = format!("SELECT {} FROM {table}", names.join(", "));
        for row in sqlx::query(&query).fetch_all(&pool).await.unwrap() {
            let values: Vec<String> = (0..names.len()).map(|i| shown(&row, i)).collect();
            rows.push(format!("{table}: {}", values.join(", ")));
        }
    }
    pool.close().await;
    rows.sort();
    rows
}

/// A stored value as text, whatever its type.
fn shown(row: &sqlx::any::AnyRow, i: usize) -> String {
    use sqlx::Row;
    if let Ok(text) = row.try_get::<Option<String>, _>(i) {
        format!("{text:?}")
    } else if let Ok(number) = row.try_get::<Option<i64>, _>(i) {
        format!("{number:?}")
    } else if let Ok(bytes) = row.try_get::<Option<Vec<u8>>, _>(i) {
        format!("{bytes:?}")
    } else {
        format!("{:?}", row.try_get::<Option<kenpo_portal::db::Flag>, _>(i).unwrap())
    }
}

/// `forms` attacked with `token`; nothing stored may change.
async fn attack_unchanged<'a>(
    portal: &Portal,
    forms: impl Iterator<Item = &'a Form>,
    token: Option<&str>,
    stage: &str,
) -> usize {
    let before = snapshot(portal).await;
    let sent = attack(portal, forms, token).await;
    let after = snapshot(portal).await;
    let gone: Vec<_> = before.iter().filter(|row| !after.contains(row)).collect();
    let new: Vec<_> = after.iter().filter(|row| !before.contains(row)).collect();
    assert!(
        gone.is_empty() && new.is_empty(),
        "hostile input changed stored data ({stage}): {gone:?} became {new:?}"
    );
    sent
}

async fn post(portal: &Portal, path: &str, token: &str, body: Value) -> common::Answer {
    answer(raw(portal, Method::POST, path, Some(token)).json(&body)).await
}

/// The token of a password step passed by `user_id`.
#[tokio::test]
async fn hostile_input_in_every_field_is_refused_and_changes_nothing() {
    let config = Config { demo: true, throttle: Settings::off(), ..Default::default() };
    let portal = Portal::start_configured(config, None).await;
    let forms = forms(&portal).await;
    assert!(forms.len() >= 15, "{} forms", forms.len());
    let open = || forms.iter().filter(|form| OPEN.contains(&form.path.as_str()));
    let guarded = || forms.iter().filter(|form| !OPEN.contains(&form.path.as_str()));
    let mut sent = attack_unchanged(&portal, forms.iter(), None, "a stranger").await;

    // A login half done, and done.
    let pending = password_step(&portal, None, ENROLLED.user_id, ENROLLED.password).await;
    sent += attack_unchanged(&portal, guarded(), Some(&pending), "the password step").await;
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    let code = enrollment.account.code(&enrollment.secret, now()).0;
    let full = post(&portal, "api/login/otp", &pending, json!({ "code": code })).await.token.unwrap();
    sent += attack_unchanged(&portal, guarded(), Some(&full), "logged in").await;
    assert_eq!(answer(raw(&portal, Method::GET, "api/me", Some(&full))).await.status, 200);

    // Linking an authenticator, with a secret on offer.
    let linking = password_step(&portal, None, NOT_ENROLLED.user_id, NOT_ENROLLED.password).await;
    assert_eq!(answer(raw(&portal, Method::GET, "api/enrollment", Some(&linking))).await.status, 200);
    sent += attack_unchanged(&portal, guarded(), Some(&linking), "linking").await;

    // First registration, attacked at each of its steps before the step is taken.
    let registering = password_step(&portal, None, INITIAL.user_id, INITIAL.password).await;
    let email = "ichiro.hostile@example.jp";
    let terms = answer(raw(&portal, Method::GET, "api/registration", Some(&registering))).await.body;
    let steps: [(&str, Value); 5] = [
        ("api/registration/birth-date", json!({ "birth_date": INITIAL.birth_date })),
        ("api/registration/terms", json!({ "version": terms["terms"]["version"] })),
        ("api/registration/user-id", json!({ "user_id": INITIAL.user_id })),
        ("api/registration/password", json!({ "password": "Kenpo!2026-hostile" })),
        ("api/registration/email", json!({ "email": email })),
    ];
    for (path, body) in steps {
        sent += attack_unchanged(&portal, guarded(), Some(&registering), path).await;
        assert_eq!(post(&portal, path, &registering, body).await.status, 200, "{path} after the attack");
    }
    sent += attack_unchanged(&portal, guarded(), Some(&registering), "the email code").await;
    let code = field(&portal.mail_to(email, "確認コード").await, "確認コード:");
    let done = post(&portal, "api/registration/email/confirm", &registering, json!({ "code": code })).await;
    assert_eq!(done.status, 200, "the email code after the attack");

    // The open forms once more, now that every kind of session exists.
    sent += attack_unchanged(&portal, open(), None, "a stranger, at the end").await;
    eprintln!("{sent} hostile requests, each refused or given the usual answer, nothing stored changed");
}

#[tokio::test]
async fn sql_metacharacters_in_a_password_or_an_address_are_text() {
    let portal = Portal::start(10).await;
    let member = portal.client();
    member.login(ENROLLED.user_id, ENROLLED.password).await.unwrap();
    let enrollment = portal.demo_enrollment(ENROLLED.user_id).await;
    member.submit_otp(&enrollment.account.code(&enrollment.secret, now()).0).await.unwrap();

    let password = "Kenpo'OR'1'='1;--";
    member.change_password(ENROLLED.password, password).await.unwrap();
    // A semicolon is no part of an address mail can go to (it once was taken, and its code
    // never arrived).
    assert_eq!(common::refusal(member.change_email("o'brien;--@example.jp").await), ErrorCode::EmailInvalid);
    let address = "x'OR'1'='1--@example.jp";
    member.change_email(address).await.unwrap();
    let code = field(&portal.mail_to(address, "確認コード").await, "確認コード:");
    member.confirm_email_change(&code).await.unwrap();

    // Recovery finds the member by that address, and by no other that only looks like it.
    let stranger = portal.client();
    stranger.forgot_user_id(address).await.unwrap();
    portal.mail_to(address, &format!("ユーザーID: {}", ENROLLED.user_id)).await;
    stranger.forgot_user_id("y'OR'1'='1--@example.jp").await.unwrap();

    // The password is that text, and only that text.
    for wrong in ["' OR '1'='1", "Kenpo'OR'1'='2;--", "Kenpo'OR'1'='1;-"] {
        assert_eq!(
            common::refusal(stranger.login(ENROLLED.user_id, wrong).await),
            ErrorCode::InvalidCredentials
        );
    }
    let quoted_id = format!("{}'--", ENROLLED.user_id);
    assert_eq!(common::refusal(stranger.login(&quoted_id, password).await), ErrorCode::InvalidCredentials);
    stranger.login(ENROLLED.user_id, password).await.unwrap();
    portal.await_mails_to("y'OR'1'='1--@example.jp", 0).await;
}
