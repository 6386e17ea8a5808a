//! QR images as members hand them over, made here: the tests' and the bench's.

use image::imageops;
use image::{GrayImage, Luma};

/// A clean rendering with `module` pixels per module and a quiet zone.
pub fn qr(text: &str, module: u32) -> GrayImage {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    code.render::<Luma<u8>>().module_dimensions(module, module).build()
}

/// Rotates by `degrees` around the centre on a white canvas (nearest neighbour).
pub fn rotate(image: &GrayImage, degrees: f32) -> GrayImage {
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

/// A phone's photo of `sharp` on a PC screen: contrast squeezed to `contrast` (0–1) around mid-grey, the
/// screen's pixel grid every `grid` pixels, noise of ± `noise`, a blur, a tilt of `degrees`.
pub fn photo_of_screen(sharp: &GrayImage, contrast: f32, grid: u32, noise: u32, degrees: f32) -> GrayImage {
    let (w, h) = sharp.dimensions();
    let screen = GrayImage::from_fn(w, h, |x, y| {
        let level = 128.0 + (sharp.get_pixel(x, y).0[0] as f32 - 128.0) * contrast;
        let line = if x % grid == 0 || y % grid == 0 { 18.0 } else { 0.0 };
        let speck = ((x * 7919 + y * 104_729) % (2 * noise + 1)) as f32 - noise as f32;
        Luma([(level - line + speck).clamp(0.0, 255.0) as u8])
    });
    rotate(&imageops::blur(&screen, 1.2), degrees)
}
