//! QR codes as members will hand them to the app: screenshots, photos of a screen, inverted,
//! rotated, small.

use image::imageops::{self, FilterType};
use image::{DynamicImage, GrayImage, Luma};
use kenpo_qr::{QrError, decode_image, decode_image_bytes};

mod common;

use common::{photo_of_screen, qr, rotate};

const URI: &str = "otpauth://totp/%E5%81%A5%E4%BF%9D:yamada.taro?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=%E5%81%A5%E4%BF%9D";

fn decoded(image: GrayImage) -> Result<Vec<String>, QrError> {
    decode_image(&DynamicImage::ImageLuma8(image))
}

#[test]
fn reads_a_clean_png_screenshot() {
    let mut png = Vec::new();
    DynamicImage::ImageLuma8(qr(URI, 6))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert_eq!(decode_image_bytes(&png).unwrap(), [URI]);
}

#[test]
fn reads_a_jpeg_photo_of_a_screen() {
    // Low contrast, a visible pixel grid, blur and JPEG artefacts.
    let photo = photo_of_screen(&qr(URI, 8), 0.55, 4, 11, 7.0);
    let mut jpeg = Vec::new();
    DynamicImage::ImageLuma8(photo)
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    assert_eq!(decode_image_bytes(&jpeg).unwrap(), [URI]);
}

#[test]
fn reads_an_inverted_code() {
    let mut image = qr(URI, 6);
    imageops::invert(&mut image);
    assert_eq!(decoded(image).unwrap(), [URI]);
}

#[test]
fn reads_rotated_codes() {
    let image = qr(URI, 6);
    assert_eq!(decoded(imageops::rotate90(&image)).unwrap(), [URI]);
    assert_eq!(decoded(imageops::rotate180(&image)).unwrap(), [URI]);
    assert_eq!(decoded(rotate(&image, 30.0)).unwrap(), [URI]);
}

#[test]
fn reads_a_small_code() {
    let image = qr(URI, 6);
    let side = image.width() * 2 / 6; // about 2 pixels per module
    assert_eq!(decoded(imageops::resize(&image, side, side, FilterType::Triangle)).unwrap(), [URI]);
}

#[test]
fn an_image_without_a_code_and_a_file_that_is_no_image_are_told_apart() {
    assert_eq!(decoded(GrayImage::from_pixel(300, 300, Luma([240]))), Err(QrError::NoQrCode));
    assert_eq!(decode_image_bytes(b"%PDF-1.7 not an image"), Err(QrError::NotAnImage));
}

/// A PNG's bytes with the size its header claims changed (and its checksum made right again).
fn claiming_size(png: &[u8], width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let mut forged = png.to_vec();
    // Signature (8), IHDR length (4), "IHDR" (4), then width and height; the CRC covers the
    // chunk type and data (bytes 12..29) and follows them.
    forged[16..20].copy_from_slice(&width.to_be_bytes());
    forged[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&forged[12..29]);
    forged[29..33].copy_from_slice(&crc.to_be_bytes());
    forged
}

#[test]
fn an_image_bomb_is_refused_before_its_pixels_are_allocated() {
    let mut png = Vec::new();
    qr(URI, 4).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    assert_eq!(decode_image_bytes(&png).unwrap(), [URI]);
    // A file of a few kilobytes that claims 100,000 × 100,000 pixels (40 GB in RGBA).
    assert_eq!(decode_image_bytes(&claiming_size(&png, 100_000, 100_000)), Err(QrError::TooLarge));
    assert_eq!(decode_image_bytes(&claiming_size(&png, kenpo_qr::MAX_SIDE + 1, 10)), Err(QrError::TooLarge));
    // Pixels handed over directly (the clipboard's) are held to the same size.
    let wide = image::DynamicImage::ImageLuma8(GrayImage::new(kenpo_qr::MAX_SIDE + 1, 1));
    assert_eq!(decode_image(&wide), Err(QrError::TooLarge));
}

#[test]
fn a_long_thin_image_is_searched_without_enlarging_past_the_cap() {
    // 399 × 8192: enlarging it 4 times would be 52 million pixels; the search stays bounded
    // and finds no code.
    let thin = image::DynamicImage::ImageLuma8(GrayImage::from_pixel(399, kenpo_qr::MAX_SIDE, Luma([200])));
    assert_eq!(decode_image(&thin), Err(QrError::NoQrCode));
}
