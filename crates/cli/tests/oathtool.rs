//! The CLI's codes agree with an independent implementation, Debian's `oathtool`, for random
//! secrets, algorithms, digit counts, periods and times. `cargo xtask setup` installs oathtool.

use std::process::Command;

use rand::{Rng, SeedableRng};

#[test]
fn codes_agree_with_oathtool_for_random_parameters() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261127);
    for _ in 0..60 {
        let secret: Vec<u8> = (0..rng.gen_range(10..64)).map(|_| rng.r#gen()).collect();
        let base32 = data_encoding::BASE32_NOPAD.encode(&secret);
        let algorithm = ["SHA1", "SHA256", "SHA512"][rng.gen_range(0..3)];
        let digits = rng.gen_range(6..=8);
        let period = [30, 60, rng.gen_range(1..=3600)][rng.gen_range(0..3)];
        let at: u64 = rng.gen_range(0..4_102_444_800);
        let uri = format!(
            "otpauth://totp/x:y?secret={base32}&algorithm={algorithm}&digits={digits}&period={period}"
        );

        let ours = Command::new(env!("CARGO_BIN_EXE_kenpo"))
            .args(["code", &uri, "--at", &at.to_string(), "--json"])
            .output()
            .unwrap();
        assert!(ours.status.success(), "{}", String::from_utf8_lossy(&ours.stderr));
        let ours: serde_json::Value = serde_json::from_slice(&ours.stdout).unwrap();

        let theirs = Command::new("oathtool")
            .arg(format!("--totp={algorithm}"))
            .args(["--digits", &digits.to_string(), "--time-step-size", &format!("{period}s")])
            .args(["--now", &format!("@{at}"), "--base32", &base32])
            .output()
            .expect("oathtool is installed (cargo xtask setup)");
        assert!(theirs.status.success(), "{}", String::from_utf8_lossy(&theirs.stderr));
        let theirs = String::from_utf8(theirs.stdout).unwrap();
        assert_eq!(ours["code"], theirs.trim(), "{algorithm} {digits} digits, {period} s, at {at}");
    }
}
