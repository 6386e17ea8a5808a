//! The helpdesk command line as an engineer runs it: answers, exit codes, and no secret in any
//! message.

use std::process::{Command, Output, Stdio};

/// The RFC 6238 SHA1 seed, "12345678901234567890", in Base32.
const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn kenpo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kenpo")).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn rfc_uri(digits: u32) -> String {
    format!("otpauth://totp/RFC:test?secret={RFC_SECRET}&digits={digits}")
}

#[test]
fn code_gives_the_rfc_answer_at_a_unix_or_rfc_3339_time() {
    let output = kenpo(&["code", &rfc_uri(8), "--at", "59", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(answer["code"], "94287082");
    assert_eq!(answer["seconds_left"], 1);
    let output = kenpo(&["code", &rfc_uri(8), "--at", "2005-03-18T01:58:29Z"]);
    assert!(stdout(&output).starts_with("07081804"), "{}", stdout(&output));
    let output = kenpo(&["code", &rfc_uri(8), "--at", "2005-03-18T10:58:31+09:00"]);
    assert!(stdout(&output).starts_with("14050471"), "{}", stdout(&output));
}

#[test]
fn code_reads_the_uri_from_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kenpo"))
        .args(["code", "-", "--at", "59"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(rfc_uri(8).as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(stdout(&output).starts_with("94287082"));
}

#[test]
fn match_tells_how_far_the_members_clock_is_off() {
    // At 1111111111 the current code is 14050471; 07081804 belongs to the step before.
    let output = kenpo(&["match", &rfc_uri(8), "07081804", "--at", "1111111111", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(answer["offset"], -1);
    assert_eq!(answer["clock_offset_seconds"], -30);

    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let old = kenpo(&["code", &rfc_uri(6), "--at", &(now - 60).to_string(), "--json"]);
    let old: serde_json::Value = serde_json::from_str(&stdout(&old)).unwrap();
    let output = kenpo(&["match", &rfc_uri(6), old["code"].as_str().unwrap(), "--at", &now.to_string()]);
    let text = stdout(&output);
    assert!(text.contains("valid 60 s ago") && text.contains("about a minute slow"), "{text}");
}

#[test]
fn a_code_that_matches_no_step_exits_with_1() {
    let output = kenpo(&["match", &rfc_uri(8), "00000000", "--at", "59", "--window", "2"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stdout(&output).contains("no match"));
}

#[test]
fn bad_input_exits_with_2_and_never_echoes_the_secret() {
    for args in [
        vec!["code", "otpauth://totp/x?secret=GEZDGNBVGY3TQOJ1"],
        vec!["code", "https://apps.apple.com/app/id983156458"],
        vec!["code", &format!("otpauth://totp/x?secret={RFC_SECRET}&digits=12")],
        vec!["code", &format!("otpauth://totp/x?secret={RFC_SECRET}"), "--at", "yesterday"],
        vec!["match", &format!("otpauth://totp/x?secret={RFC_SECRET}"), "12a456"],
        vec!["qr", "/nonexistent/image.png"],
    ] {
        let output = kenpo(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.starts_with("kenpo: "), "{stderr}");
        assert!(!stderr.contains("GEZDGNBV"), "{stderr}");
    }
}

#[test]
fn inspect_shows_parameters_and_warnings_but_not_the_secret() {
    let uri =
        "otpauth://totp/Old:taro?secret=JBSWY3DPEHPK3PXP&issuer=New&algorithm=sha256&digits=8&period=60";
    let output = kenpo(&["inspect", uri, "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(!text.contains("JBSWY3DP"), "{text}");
    let answer: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer["issuer"], "New");
    assert_eq!(answer["label_issuer"], "Old");
    assert_eq!(answer["algorithm"], "SHA256");
    assert_eq!(answer["period"], 60);
    assert_eq!(answer["secret_bits"], 80);
    let warnings = answer["warnings"].to_string();
    assert!(warnings.contains("weak secret") && warnings.contains("issuer conflict"), "{warnings}");
    assert!(!stdout(&kenpo(&["inspect", uri])).contains("JBSWY3DP"));
}

#[test]
fn qr_prints_what_the_image_holds() {
    let uri = rfc_uri(6);
    let image = qrcode::QrCode::new(uri.as_bytes()).unwrap().render::<image::Luma<u8>>().build();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("code.png");
    image.save(&path).unwrap();
    let output = kenpo(&["qr", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output).trim(), uri);

    let blank = dir.path().join("blank.png");
    image::GrayImage::from_pixel(200, 200, image::Luma([255])).save(&blank).unwrap();
    assert_eq!(kenpo(&["qr", blank.to_str().unwrap()]).status.code(), Some(2));
}

#[test]
fn diagnose_names_the_broken_step_and_what_to_do() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/", listener.local_addr().unwrap())
    };
    let output = kenpo(&["diagnose", "--portal", &closed]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("connect       FAILED"), "{text}");
    assert!(text.contains("does not answer") && text.contains("応答がありません"), "{text}");
    let output = kenpo(&["diagnose", "--portal", "https://portal.invalid/", "--json"]);
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(answer["diagnosis"]["checks"][0]["outcome"], "failed");
    assert_eq!(answer["diagnosis"]["checks"][3]["outcome"], "skipped");
    // An address the app would refuse is bad input.
    let output = kenpo(&["diagnose", "--portal", "http://portal.example.jp/"]);
    assert_eq!(output.status.code(), Some(2));
}

fn kenpo_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kenpo"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// A report as the app makes it: a clock 91 s fast, no authenticator for the portal, and a
/// password refused twice.
fn member_report() -> serde_json::Value {
    use kenpo_api::diagnostics::{
        Check, Diagnosis, Keychain, Outcome, REPORT_FORMAT, REPORT_KIND, RecordedError, Report, Step,
    };
    let report = Report {
        kind: REPORT_KIND.into(),
        format: REPORT_FORMAT,
        made_at_ms: 1_793_856_600_000,
        // A terminal escape that clears the screen, which must not reach the helpdesk's terminal.
        app_version: "0.1.0\u{1b}[2J".into(),
        platform: "windows x86_64".into(),
        user_id: Some("yamada01".into()),
        diagnosis: Diagnosis {
            portal: "https://portal.example-kenpo.or.jp/".into(),
            checks: vec![Check {
                step: Step::Http,
                outcome: Outcome::Passed,
                millis: 42,
                detail: "GET /api/time".into(),
            }],
            clock_offset_ms: Some(-91_000),
        },
        keychain: Keychain { available: true, accounts: 1, portal_accounts: 0, problem: None },
        errors: ["invalid-credentials", "invalid-credentials"]
            .map(|code| RecordedError { code: code.into(), at_ms: 1_793_856_000_000, times: 1 })
            .to_vec(),
    };
    serde_json::to_value(report).unwrap()
}

#[test]
fn report_explains_a_members_report_with_its_faq_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&member_report()).unwrap()).unwrap();
    let output = kenpo(&["report", path.to_str().unwrap()]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("ユーザーID user ID: yamada01"), "{text}");
    assert!(text.contains("作成 made: 2026/11/05 14:30 JST"), "{text}");
    assert!(text.contains("GET /api/time") && text.contains("-91000 ms"), "{text}");
    assert!(text.contains("[FAQ Q5]") && text.contains("[FAQ Q4]"), "{text}");
    assert!(text.contains("ワンタイムパスワードがありません"), "{text}");
    assert!(text.contains("2 × invalid-credentials"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");

    let piped = kenpo_with_stdin(&["report", "-"], &serde_json::to_vec(&member_report()).unwrap());
    assert_eq!(piped.status.code(), Some(0));
    assert_eq!(stdout(&piped), text);
}

#[test]
fn report_as_json_holds_the_report_and_its_findings() {
    let input = serde_json::to_vec(&member_report()).unwrap();
    let output = kenpo_with_stdin(&["report", "-", "--json"], &input);
    assert_eq!(output.status.code(), Some(0));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(answer["report"], member_report());
    let faqs: Vec<_> = answer["findings"].as_array().unwrap().iter().map(|finding| &finding["faq"]).collect();
    assert_eq!(faqs, [&serde_json::json!("Q5"), &serde_json::Value::Null, &serde_json::json!("Q4")]);
    assert!(answer["findings"][1]["ja"].as_str().unwrap().contains("ワンタイムパスワードがありません"));
}

#[test]
fn a_report_of_up_to_1_mib_is_read_and_a_larger_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let padded = |size: usize| {
        let mut bytes = serde_json::to_vec(&member_report()).unwrap();
        bytes.resize(size, b' ');
        let path = dir.path().join(format!("{size}.json"));
        std::fs::write(&path, bytes).unwrap();
        kenpo(&["report", path.to_str().unwrap()])
    };
    assert_eq!(padded(1024 * 1024).status.code(), Some(0));
    let output = padded(1024 * 1024 + 1);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("larger than 1 MiB"));
}

#[test]
fn each_bad_report_exits_with_2_and_says_what_is_wrong_and_what_to_do() {
    use kenpo_api::diagnostics::REPORT_FORMAT;
    let good = serde_json::to_string(&member_report()).unwrap();
    let with = |change: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
        let mut report = member_report();
        change(report.as_object_mut().unwrap());
        serde_json::to_string(&report).unwrap()
    };
    let cases = [
        (Some(good[..good.len() / 2].to_owned()), "truncated"),
        (Some("hello".to_owned()), "not JSON"),
        (
            Some(with(&|report| drop(report.insert("kind".into(), "kenpo-audit".into())))),
            "not a kenpo diagnostics report",
        ),
        (
            // A newer format may rename fields: it is still told to be newer, not incomplete.
            Some(with(&|report| {
                report.insert("format".into(), (REPORT_FORMAT + 1).into());
                report.remove("keychain");
            })),
            "made by a newer app (format 2",
        ),
        (Some(with(&|report| drop(report.remove("keychain")))), "not a complete report"),
        (None, "cannot read the report"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (index, (content, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("{index}.json"));
        if let Some(content) = content {
            std::fs::write(&path, content).unwrap();
        }
        let output = kenpo(&["report", path.to_str().unwrap()]);
        let stderr = String::from_utf8(output.stderr.clone()).unwrap();
        assert_eq!(output.status.code(), Some(2), "{expected}: {stderr}");
        assert!(stdout(&output).is_empty(), "{expected}: {}", stdout(&output));
        assert!(stderr.starts_with("kenpo: ") && stderr.trim_end().lines().count() == 1, "{stderr}");
        assert!(stderr.contains(expected), "{expected}: {stderr}");
        for (_, other) in cases.iter().filter(|(_, other)| other != expected) {
            assert!(!stderr.contains(other), "{expected} also says {other}: {stderr}");
        }
        let what_to_do = ["ask the member to make the report again", "update kenpo", "check the path"];
        assert!(what_to_do.iter().any(|advice| stderr.contains(advice)), "{stderr}");
        assert!(stderr.contains("ください"), "no Japanese: {stderr}");
    }
}
