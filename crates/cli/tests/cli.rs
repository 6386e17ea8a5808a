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
