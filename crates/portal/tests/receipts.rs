//! Receipt files through `sanitise`, as an upload meets it: what is stored of a photo is its
//! pixels, upright; what is refused is refused for the reason a member can act on.

mod common;

use common::receipts::*;
use image::{GenericImageView, ImageDecoder, ImageFormat};
use kenpo_portal::subsidy::receipt::{
    MAX_INFLATED_BYTES, MAX_RECEIPT_BYTES, MAX_SIDE_PIXELS, MediaType, Receipt, ReceiptError, sanitise,
};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

fn exif_of(jpeg: &[u8]) -> Option<Vec<u8>> {
    let mut decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(jpeg)).unwrap();
    decoder.exif_metadata().unwrap()
}

#[test]
fn a_photo_keeps_its_pixels_and_loses_where_it_was_taken() {
    let upload = jpeg_with_gps();
    // The fixture does carry a position, or this test would prove nothing.
    assert!(contains(&upload, b"Exif") && contains(&upload, &GPS_LATITUDE_REF_ENTRY));
    assert!(exif_of(&upload).is_some());

    let receipt = sanitise(&upload).unwrap();
    assert_eq!(receipt.media_type, MediaType::Jpeg);
    assert_ne!(receipt.bytes, upload);
    for marker in [&b"Exif"[..], b"GPS", &TIFF_HEADER, &GPS_LATITUDE_REF_ENTRY] {
        assert!(!contains(&receipt.bytes, marker), "{marker:?} left in the stored photo");
    }
    assert_eq!(exif_of(&receipt.bytes), None);
    let stored = image::load_from_memory_with_format(&receipt.bytes, ImageFormat::Jpeg).unwrap();
    assert_eq!(stored.dimensions(), (64, 48));
}

#[test]
fn a_photo_taken_sideways_is_stored_upright() {
    let receipt = sanitise(&jpeg_rotated(6)).unwrap();
    let stored = image::load_from_memory_with_format(&receipt.bytes, ImageFormat::Jpeg).unwrap().into_rgb8();
    assert_eq!(stored.dimensions(), (32, 64));
    // Red was on the left as stored; a quarter turn clockwise puts it on top.
    let (top, bottom) = (stored.get_pixel(16, 8).0, stored.get_pixel(16, 56).0);
    assert!(top[0] > 150 && top[2] < 100, "top {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "bottom {bottom:?}");
    assert_eq!(exif_of(&receipt.bytes), None);
}

#[test]
fn a_photo_without_a_turn_keeps_its_shape() {
    let receipt = sanitise(&jpeg_rotated(1)).unwrap();
    let stored = image::load_from_memory_with_format(&receipt.bytes, ImageFormat::Jpeg).unwrap();
    assert_eq!(stored.dimensions(), (64, 32));
}

#[test]
fn a_png_is_stored_as_a_png_of_the_same_picture() {
    let receipt = sanitise(&png(40, 30)).unwrap();
    assert_eq!(receipt.media_type, MediaType::Png);
    let stored = image::load_from_memory_with_format(&receipt.bytes, ImageFormat::Png).unwrap();
    assert_eq!(stored.into_rgb8(), picture(40, 30));
}

#[test]
fn a_png_claiming_a_huge_size_is_too_large() {
    assert_eq!(sanitise(&png_bomb()), Err(ReceiptError::TooLarge));
}

#[test]
fn a_png_one_pixel_wider_than_allowed_is_too_large() {
    assert_eq!(sanitise(&png(MAX_SIDE_PIXELS + 1, 1)), Err(ReceiptError::TooLarge));
    assert_eq!(sanitise(&png(1, MAX_SIDE_PIXELS + 1)), Err(ReceiptError::TooLarge));
    assert!(sanitise(&png(MAX_SIDE_PIXELS, 1)).is_ok());
}

#[test]
fn text_under_an_image_name_is_not_accepted() {
    assert_eq!(sanitise(&text_named_png()), Err(ReceiptError::NotAccepted));
}

#[test]
fn a_photo_cut_short_is_not_accepted() {
    assert_eq!(sanitise(&truncated_jpeg()), Err(ReceiptError::NotAccepted));
}

#[test]
fn a_png_cut_short_is_not_accepted() {
    let mut bytes = png(200, 200);
    bytes.truncate(bytes.len() / 2);
    assert_eq!(sanitise(&bytes), Err(ReceiptError::NotAccepted));
}

#[test]
fn a_file_one_byte_over_the_limit_is_too_large() {
    let mut bytes = jpeg_with_gps();
    bytes.resize(MAX_RECEIPT_BYTES + 1, 0);
    assert_eq!(sanitise(&bytes), Err(ReceiptError::TooLarge));
    // At the limit exactly it is read: the padding after the picture is dropped with the rest.
    bytes.truncate(MAX_RECEIPT_BYTES);
    let receipt = sanitise(&bytes).unwrap();
    assert!(receipt.bytes.len() < 100_000);
}

#[test]
fn a_clean_pdf_is_stored_byte_for_byte() {
    let upload = pdf();
    let receipt = sanitise(&upload).unwrap();
    assert_eq!(receipt, Receipt { media_type: MediaType::Pdf, bytes: upload });
}

#[test]
fn a_pdf_that_runs_script_on_opening_is_unsafe() {
    assert_eq!(sanitise(&pdf_with_javascript()), Err(ReceiptError::Unsafe));
}

#[test]
fn a_pdf_hiding_its_script_in_a_compressed_object_stream_is_unsafe() {
    let upload = pdf_with_hidden_javascript();
    for written in [&b"JavaScript"[..], b"/JS", b"OpenAction"] {
        assert!(!contains(&upload, written), "the fixture shows {written:?}");
    }
    assert_eq!(sanitise(&upload), Err(ReceiptError::Unsafe));
}

#[test]
fn a_pdf_inflating_past_the_bound_is_too_large() {
    let upload = pdf_with_flate_bomb(40 * 1024 * 1024);
    assert!(upload.len() < MAX_RECEIPT_BYTES);
    assert_eq!(sanitise(&upload), Err(ReceiptError::TooLarge));
    assert!(sanitise(&pdf_with_flate_bomb(MAX_INFLATED_BYTES / 2)).is_ok());
}

#[test]
fn a_pdf_cut_short_is_not_accepted() {
    let upload = pdf();
    assert_eq!(sanitise(&upload[..upload.len() / 2]), Err(ReceiptError::NotAccepted));
}

#[test]
fn a_receipt_prints_without_its_bytes() {
    let receipt = sanitise(&pdf()).unwrap();
    let printed = format!("{receipt:?}");
    assert!(printed.contains("Pdf") && printed.contains(&receipt.bytes.len().to_string()), "{printed}");
    assert!(!printed.contains("PDF") && !printed.contains('[') && printed.len() < 80, "{printed}");
}
