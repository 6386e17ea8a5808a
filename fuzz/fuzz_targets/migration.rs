//! Any Google Authenticator export payload, well-formed protobuf or not, is read or refused
//! without a panic.
#![no_main]

use base64::Engine;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    let encoded: String = url::form_urlencoded::byte_serialize(encoded.as_bytes()).collect();
    let _ = kenpo_otp::MigrationBatch::parse(&format!("otpauth-migration://offline?data={encoded}"));
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = kenpo_otp::parse_enrollment_code(text);
    }
});
