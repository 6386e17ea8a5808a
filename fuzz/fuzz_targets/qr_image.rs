//! Any file handed to the QR reader as an image (a screenshot, a photo, the clipboard) is read
//! or refused without a panic, within the reader's size limits.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kenpo_qr::decode_image_bytes(data);
});
