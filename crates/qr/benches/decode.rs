//! `cargo xtask bench`: `kenpo qr` beside `zbarimg` (Debian's zbar-tools) on a set of enrollment
//! QR codes made here as members hand them over: screenshots at several sizes, rotated, noisy,
//! blurred, inverted, low in contrast, and photos of a PC screen (a pixel grid's moiré, a tilt,
//! JPEG). Each tool is run once an image, as a helpdesk engineer would, in [`PASSES`] passes:
//! its share of images read right (the exact text) and its time for the whole set.
//!
//! Figures are printed as `figure<TAB>what<TAB>median<TAB>spread<TAB>unit<TAB>budget` lines.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../../../xtask/src/figure.rs"]
mod figure;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::{photo_of_screen, qr, rotate};
use figure::figure;
use image::imageops::{self, FilterType};
use image::{DynamicImage, GrayImage, ImageFormat, Luma};

const PASSES: usize = 3;

/// What members scan: the portal's own enrollment, another service's, and a Google
/// Authenticator export of several accounts (a long code: version 10 or more).
fn texts() -> Vec<String> {
    let export: String = (0..360)
        .map(|n| {
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[(n * 37 + n / 7) % 62] as char
        })
        .collect();
    vec![
        "otpauth://totp/%E3%81%91%E3%82%93%E3%81%BD%E3%83%9D%E3%83%BC%E3%82%BF%E3%83%AB:yamada.taro?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=%E3%81%91%E3%82%93%E3%81%BD%E3%83%9D%E3%83%BC%E3%82%BF%E3%83%AB".to_owned(),
        "otpauth://totp/Bank:bob@example.jp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&algorithm=SHA256&digits=8".to_owned(),
        format!("otpauth-migration://offline?data={export}"),
    ]
}

/// Each text in every way it may come, as files: (name, path, text).
fn images(dir: &Path) -> Vec<(String, PathBuf, String)> {
    let mut made = Vec::new();
    for (index, text) in texts().iter().enumerate() {
        let sharp = qr(text, 6);
        let modules = sharp.width() / 6;
        let mut inverted = sharp.clone();
        imageops::invert(&mut inverted);
        let resized = |pixels_per_module: f32| {
            let side = (modules as f32 * pixels_per_module) as u32;
            imageops::resize(&sharp, side, side, FilterType::Triangle)
        };
        let noisy = |amplitude: u32| {
            GrayImage::from_fn(sharp.width(), sharp.height(), |x, y| {
                let speck =
                    ((x * 7919 + y * 104_729 + x * y) % (2 * amplitude + 1)) as i32 - amplitude as i32;
                Luma([(sharp.get_pixel(x, y).0[0] as i32 + speck).clamp(0, 255) as u8])
            })
        };
        let low_contrast = |contrast: f32| {
            GrayImage::from_fn(sharp.width(), sharp.height(), |x, y| {
                Luma([(128.0 + (sharp.get_pixel(x, y).0[0] as f32 - 128.0) * contrast) as u8])
            })
        };
        let screenshot = {
            let mut page = GrayImage::from_fn(1920, 1080, |x, y| {
                // A page's text and boxes around the code.
                let text_line = y % 28 < 14 && x % 9 < 6 && (x / 300 + y / 28) % 3 != 0;
                Luma([if text_line { 40 } else { 250 }])
            });
            imageops::overlay(&mut page, &qr(text, 4), 1200, 200);
            page
        };
        let pngs: Vec<(&str, GrayImage)> = vec![
            ("clean, 6 px a module", sharp.clone()),
            ("clean, 3 px a module", resized(3.0)),
            ("small, 2 px a module", resized(2.0)),
            ("small, 1.5 px a module", resized(1.5)),
            ("screenshot of a page", screenshot),
            ("rotated 90°", imageops::rotate90(&sharp)),
            ("rotated 180°", imageops::rotate180(&sharp)),
            ("rotated 30°", rotate(&sharp, 30.0)),
            ("rotated 7°", rotate(&sharp, 7.0)),
            ("inverted", inverted),
            ("noise ±40", noisy(40)),
            ("noise ±90", noisy(90)),
            ("blur σ1", imageops::blur(&sharp, 1.0)),
            ("blur σ2", imageops::blur(&sharp, 2.0)),
            ("blur σ3", imageops::blur(&sharp, 3.0)),
            ("low contrast 30 %", low_contrast(0.3)),
            ("low contrast 12 %", low_contrast(0.12)),
        ];
        let jpegs: Vec<(&str, GrayImage)> = vec![
            ("photo of a screen", photo_of_screen(&qr(text, 8), 0.55, 4, 11, 7.0)),
            ("photo of a screen, fine grid, dim", photo_of_screen(&qr(text, 5), 0.35, 3, 20, 12.0)),
        ];
        for (kind, image, format) in pngs
            .into_iter()
            .map(|(kind, image)| (kind, image, ImageFormat::Png))
            .chain(jpegs.into_iter().map(|(kind, image)| (kind, image, ImageFormat::Jpeg)))
        {
            let name = format!("{kind} (code {})", index + 1);
            let extension = if format == ImageFormat::Png { "png" } else { "jpg" };
            let path = dir.join(format!("{}.{extension}", made.len()));
            DynamicImage::ImageLuma8(image).save_with_format(&path, format).unwrap();
            made.push((name, path, text.clone()));
        }
    }
    made
}

/// The tools: a name, and a program with arguments that prints what it read in an image whose
/// path follows.
fn tools() -> [(&'static str, PathBuf, &'static [&'static str]); 2] {
    let kenpo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/kenpo");
    assert!(kenpo.exists(), "{} is missing: `cargo xtask bench` builds it", kenpo.display());
    [
        ("kenpo qr", kenpo, &["qr"]),
        ("zbarimg", "zbarimg".into(), &["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"]),
    ]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let images = images(dir.path());
    let mut results = Vec::new();
    for (tool, program, args) in tools() {
        let mut seconds = Vec::new();
        let mut missed = Vec::new();
        let mut each = Vec::new();
        for pass in 0..PASSES {
            let started = Instant::now();
            for (name, path, text) in &images {
                let began = Instant::now();
                let output = Command::new(&program)
                    .args(args)
                    .arg(path)
                    .output()
                    .unwrap_or_else(|error| panic!("{tool}: {error}"));
                let read = String::from_utf8_lossy(&output.stdout);
                if pass == 0 {
                    each.push((began.elapsed().as_secs_f64() * 1000.0, name));
                    if !read.lines().any(|line| line.trim() == text) {
                        missed.push(name.clone());
                    }
                }
            }
            seconds.push(started.elapsed().as_secs_f64());
        }
        let share = (images.len() - missed.len()) as f64 / images.len() as f64 * 100.0;
        eprintln!(
            "{tool}: {} of {} images read; missed: {missed:?}",
            images.len() - missed.len(),
            images.len()
        );
        each.sort_by(|a, b| b.0.total_cmp(&a.0));
        let slowest: Vec<String> =
            each.iter().take(6).map(|(ms, name)| format!("{name} {ms:.0} ms")).collect();
        eprintln!("{tool}: slowest: {}", slowest.join(", "));
        results.push((tool, share, seconds));
    }
    let [(kenpo, kenpo_share, kenpo_seconds), (zbar, zbar_share, zbar_seconds)] = &results[..] else {
        unreachable!("two tools")
    };
    let count = images.len();
    figure(&format!("QR: {kenpo}, {count} images read right"), &[*kenpo_share], "%", "");
    figure(&format!("QR: {zbar}, {count} images read right"), &[*zbar_share], "%", "");
    figure(
        &format!("QR: {kenpo} − {zbar}, images read right"),
        &[kenpo_share - zbar_share],
        "points",
        ">= 0",
    );
    let per_image = |seconds: &[f64]| seconds.iter().map(|s| s / count as f64 * 1000.0).collect::<Vec<_>>();
    figure(&format!("QR: {kenpo}, time an image"), &per_image(kenpo_seconds), "ms", "");
    figure(&format!("QR: {zbar}, time an image"), &per_image(zbar_seconds), "ms", "");
    let ratios: Vec<f64> = kenpo_seconds.iter().zip(zbar_seconds).map(|(k, z)| k / z).collect();
    figure(&format!("QR: {kenpo} time ÷ {zbar} time"), &ratios, "×", "<= 1");
}
