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
                resized.push(image::imageops::resize(
                    &gray,
                    width * factor,
                    height * factor,
                    FilterType::Triangle,
                ));
            }
        }
    }
    if long > LARGE_SIDE {
        let scale = LARGE_SIDE as f32 / long as f32;
        let (w, h) = ((width as f32 * scale) as u32, (height as f32 * scale) as u32);
        resized.push(image::imageops::resize(&gray, w.max(1), h.max(1), FilterType::Triangle));
    }
    // A slight blur joins the dots of a photographed screen's pixel grid; a global threshold
    // separates a dim screen from the bright room around it, which the local one cannot.
    let blurred = image::imageops::blur(&gray, 1.5);
    let binarized = otsu_binarized(&gray);
    std::iter::once(gray).chain([binarized]).chain(resized).chain([blurred]).flat_map(|image| {
        let mut inverted = image.clone();
        image::imageops::invert(&mut inverted);
        [image, inverted]
    })
}

/// Black and white at the threshold that best separates the image's two brightness groups
/// (Otsu's method).
fn otsu_binarized(gray: &GrayImage) -> GrayImage {
    let mut histogram = [0u64; 256];
    for pixel in gray.pixels() {
        histogram[usize::from(pixel.0[0])] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let weighted_total: u64 = histogram.iter().enumerate().map(|(level, count)| level as u64 * count).sum();
    let (mut below, mut weighted_below, mut best, mut threshold) = (0u64, 0u64, 0f64, 0u8);
    for (level, count) in histogram.iter().enumerate() {
        below += count;
        weighted_below += level as u64 * count;
        let above = total - below;
        if below == 0 || above == 0 {
            continue;
        }
        let mean_below = weighted_below as f64 / below as f64;
        let mean_above = (weighted_total - weighted_below) as f64 / above as f64;
        let between = below as f64 * above as f64 * (mean_below - mean_above).powi(2);
        if between > best {
            best = between;
            threshold = level as u8;
        }
    }
    let mut binarized = gray.clone();
    for pixel in binarized.pixels_mut() {
        pixel.0[0] = if pixel.0[0] <= threshold { 0 } else { 255 };
    }
    binarized
}

fn decode_gray(gray: &GrayImage) -> Vec<String> {
    let (width, height) = gray.dimensions();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(width as usize, height as usize, |x, y| {
            gray.get_pixel(x as u32, y as u32).0[0]
        });
    prepared.detect_grids().iter().filter_map(|grid| grid.decode().ok()).map(|(_, text)| text).collect()
}
