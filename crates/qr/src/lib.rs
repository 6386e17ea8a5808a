//! kenpo-qr: reads QR codes from PNG and JPEG images: screenshots, photos of a PC screen,
//! inverted (light on dark) or rotated codes, and codes too small to read as they are.
//!
//! Pure Rust. It returns the codes' text and never interprets it: whether the text is an
//! enrollment code is kenpo-otp's decision. It must not log what it decodes.

use image::imageops::FilterType;
use image::{DynamicImage, GrayImage};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("the file is not a PNG or JPEG image")]
    NotAnImage,
    #[error("no QR code was found in the image")]
    NoQrCode,
}

/// Images are searched at a size where a module of a typical enrollment code spans a few
/// pixels: smaller ones are enlarged, very large photos reduced.
const SMALL_SIDE: u32 = 400;
const LARGE_SIDE: u32 = 2000;

/// Decodes every QR code in an encoded image (PNG or JPEG bytes).
pub fn decode_image_bytes(bytes: &[u8]) -> Result<Vec<String>, QrError> {
    let image = image::load_from_memory(bytes).map_err(|_| QrError::NotAnImage)?;
    decode_image(&image)
}

/// Decodes every QR code in `image`, trying the image as it is, then inverted, then resized.
pub fn decode_image(image: &DynamicImage) -> Result<Vec<String>, QrError> {
    let gray = image.to_luma8();
    for candidate in candidates(gray) {
        let found = decode_gray(&candidate);
        if !found.is_empty() {
            return Ok(found);
        }
    }
    Err(QrError::NoQrCode)
}

fn candidates(gray: GrayImage) -> impl Iterator<Item = GrayImage> {
    let (width, height) = gray.dimensions();
    let short = width.min(height).max(1);
    let long = width.max(height);
    let mut resized = Vec::new();
    if short < SMALL_SIDE {
        for factor in [2, 4, 8] {
            if short * factor <= SMALL_SIDE * 4 {
                resized.push(image::imageops::resize(&gray, width * factor, height * factor, FilterType::Triangle));
            }
        }
    }
    if long > LARGE_SIDE {
        let scale = LARGE_SIDE as f32 / long as f32;
        let (w, h) = ((width as f32 * scale) as u32, (height as f32 * scale) as u32);
        resized.push(image::imageops::resize(&gray, w.max(1), h.max(1), FilterType::Triangle));
    }
    // A slight blur joins the dots of a photographed screen's pixel grid.
    let blurred = image::imageops::blur(&gray, 1.5);
    std::iter::once(gray).chain(resized).chain(std::iter::once(blurred)).flat_map(|image| {
        let mut inverted = image.clone();
        image::imageops::invert(&mut inverted);
        [image, inverted]
    })
}

fn decode_gray(gray: &GrayImage) -> Vec<String> {
    let (width, height) = gray.dimensions();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width as usize, height as usize, |x, y| {
        gray.get_pixel(x as u32, y as u32).0[0]
    });
    prepared.detect_grids().iter().filter_map(|grid| grid.decode().ok()).map(|(_, text)| text).collect()
}
