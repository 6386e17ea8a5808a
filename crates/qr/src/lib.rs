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
    #[error("the image is larger than {MAX_SIDE} pixels a side")]
    TooLarge,
    #[error("no QR code was found in the image")]
    NoQrCode,
}

/// The largest image taken, a side: a phone's photo or a 4K screen's screenshot fits.
pub const MAX_SIDE: u32 = 8192;
/// The most the decoder may hold for one image: an 8192-pixel square in RGBA.
const MAX_DECODE_BYTES: u64 = 8192 * 8192 * 4;
/// Images are searched at a size where a module of a typical enrollment code spans a few
/// pixels: smaller ones are enlarged, larger ones reduced to [`SEARCH_SIDE`] first.
const SMALL_SIDE: u32 = 400;
const SEARCH_SIDE: u32 = 2048;
/// No image searched is larger than this: an enlargement that would pass it is not tried. With
/// [`SEARCH_SIDE`], this bounds the memory and time of a search whatever the input's shape.
const MAX_SEARCH_PIXELS: u64 = 2048 * 2048;

/// Decodes every QR code in an encoded image (PNG or JPEG bytes). The decoder is held to
/// [`MAX_SIDE`] and an allocation cap, so a small file that claims a huge image is refused
/// before its pixels are allocated.
pub fn decode_image_bytes(bytes: &[u8]) -> Result<Vec<String>, QrError> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| QrError::NotAnImage)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|error| match error {
        image::ImageError::Limits(_) => QrError::TooLarge,
        _ => QrError::NotAnImage,
    })?;
    decode_image(&image)
}

/// Decodes every QR code in `image`, trying the image as it is, then inverted, then resized.
pub fn decode_image(image: &DynamicImage) -> Result<Vec<String>, QrError> {
    if image.width() > MAX_SIDE || image.height() > MAX_SIDE {
        return Err(QrError::TooLarge);
    }
    for mut candidate in candidates(image.to_luma8()) {
        for _ in ["as it is", "inverted"] {
            let found = decode_gray(&candidate);
            if !found.is_empty() {
                return Ok(found);
            }
            image::imageops::invert(&mut candidate);
        }
    }
    Err(QrError::NoQrCode)
}

/// `gray` at `factor` times its size, if that stays within [`MAX_SEARCH_PIXELS`].
fn enlarged(gray: &GrayImage, factor: u32) -> Option<GrayImage> {
    let (width, height) = gray.dimensions();
    let (width, height) = (width.checked_mul(factor)?, height.checked_mul(factor)?);
    (u64::from(width) * u64::from(height) <= MAX_SEARCH_PIXELS)
        .then(|| image::imageops::resize(gray, width, height, FilterType::Triangle))
}

/// `gray` reduced so that its long side is `side` (it is longer).
fn reduced(gray: &GrayImage, side: u32) -> GrayImage {
    let (width, height) = gray.dimensions();
    let long = width.max(height);
    let scale = |length: u32| ((u64::from(length) * u64::from(side) / u64::from(long)) as u32).max(1);
    image::imageops::resize(gray, scale(width), scale(height), FilterType::Triangle)
}

/// The images to search, in order, each made only when the one before found nothing (most
/// images are read at the first): as it is, at a global threshold, enlarged when small, blurred.
fn candidates(gray: GrayImage) -> impl Iterator<Item = GrayImage> {
    enum Step {
        AsItIs,
        Binarized,
        Enlarged(u32),
        Blurred,
    }
    let gray = if gray.width().max(gray.height()) > SEARCH_SIDE { reduced(&gray, SEARCH_SIDE) } else { gray };
    let short = gray.width().min(gray.height()).max(1);
    let factors =
        [2, 4, 8].into_iter().filter(move |factor| short < SMALL_SIDE && short * factor <= SMALL_SIDE * 2);
    let steps =
        [Step::AsItIs, Step::Binarized].into_iter().chain(factors.map(Step::Enlarged)).chain([Step::Blurred]);
    steps.filter_map(move |step| match step {
        Step::AsItIs => Some(gray.clone()),
        // A global threshold separates a dim screen from the bright room around it, which the
        // local one cannot.
        Step::Binarized => Some(otsu_binarized(&gray)),
        Step::Enlarged(factor) => enlarged(&gray, factor),
        // A slight blur joins the dots of a photographed screen's pixel grid.
        Step::Blurred => Some(image::imageops::blur(&gray, 1.5)),
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
