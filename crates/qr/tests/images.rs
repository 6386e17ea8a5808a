//! QR codes as members will hand them to the app: screenshots, photos of a screen, inverted,
//! rotated, small.

use image::imageops::{self, FilterType};
use image::{DynamicImage, GrayImage, Luma};
use kenpo_qr::{QrError, decode_image, decode_image_bytes};

const URI: &str = "otpauth://totp/%E5%81%A5%E4%BF%9D:yamada.taro?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=%E5%81%A5%E4%BF%9D";

/// A clean rendering with `module` pixels per module and a quiet zone.
fn qr(text: &str, module: u32) -> GrayImage {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    code.render::<Luma<u8>>().module_dimensions(module, module).build()
}

fn decoded(image: GrayImage) -> Result<Vec<String>, QrError> {
    decode_image(&DynamicImage::ImageLuma8(image))
}

/// Rotates by `degrees` around the centre on a white canvas (nearest neighbour).
fn rotate(image: &GrayImage, degrees: f32) -> GrayImage {
    let (w, h) = image.dimensions();
    let side = ((w * w + h * h) as f32).sqrt() as u32 + 2;
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy, c) = (w as f32 / 2.0, h as f32 / 2.0, side as f32 / 2.0);
    GrayImage::from_fn(side, side, |x, y| {
        let (dx, dy) = (x as f32 - c, y as f32 - c);
        let (sx, sy) = (cos * dx + sin * dy + cx, -sin * dx + cos * dy + cy);
        if sx >= 0.0 && sy >= 0.0 && (sx as u32) < w && (sy as u32) < h {
            *image.get_pixel(sx as u32, sy as u32)
        } else {
            Luma([255])
        }
    })
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
    let sharp = qr(URI, 8);
    let (w, h) = sharp.dimensions();
    let screen = GrayImage::from_fn(w, h, |x, y| {
        let level = sharp.get_pixel(x, y).0[0] as f32 * 0.55 + 60.0;
        let grid = if x % 4 == 0 || y % 4 == 0 { 18.0 } else { 0.0 };
        let noise = ((x * 7919 + y * 104_729) % 23) as f32 - 11.0;
        Luma([(level - grid + noise).clamp(0.0, 255.0) as u8])
    });
    let photo = rotate(&imageops::blur(&screen, 1.2), 7.0);
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
