//! Receipt files as members upload them, good and hostile: photos with a position in their Exif,
//! a photo taken sideways, a pixel bomb, text under an image's name, PDFs clean and with script.

use std::io::Write;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{Rgb, RgbImage};

/// The bytes of the GPSLatitudeRef entry ('N') [`jpeg_with_gps`] writes: a position left behind
/// shows as these.
pub const GPS_LATITUDE_REF_ENTRY: [u8; 12] = [0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, b'N', 0, 0, 0];
/// The start of a little-endian TIFF header, as Exif holds one.
pub const TIFF_HEADER: [u8; 4] = [b'I', b'I', 0x2A, 0x00];

/// A `width` × `height` picture: a gradient, so it has content to encode.
pub fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let (r, g) = ((x * 255 / width.max(1)) as u8, (y * 255 / height.max(1)) as u8);
        Rgb([r, g, 128])
    })
}

/// A PNG of `width` × `height`.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    picture(width, height).write_with_encoder(PngEncoder::new(&mut out)).unwrap();
    out
}

fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90)).unwrap();
    out
}

/// An Exif APP1 segment: IFD0 with the orientation and, if `gps`, a GPS IFD at 35°41'22.4"N.
fn exif_segment(orientation: u16, gps: bool) -> Vec<u8> {
    const IFD0: u32 = 8;
    let entries: u16 = if gps { 2 } else { 1 };
    let gps_ifd = IFD0 + 2 + 12 * u32::from(entries) + 4;
    let rationals = gps_ifd + 2 + 2 * 12 + 4;

    let mut tiff = TIFF_HEADER.to_vec();
    tiff.extend(IFD0.to_le_bytes());
    tiff.extend(entries.to_le_bytes());
    // Orientation: SHORT, one value, held in the entry.
    tiff.extend([0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00]);
    tiff.extend(orientation.to_le_bytes());
    tiff.extend([0, 0]);
    if gps {
        // GPSInfo: LONG, the GPS IFD's offset.
        tiff.extend([0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00]);
        tiff.extend(gps_ifd.to_le_bytes());
    }
    tiff.extend(0u32.to_le_bytes());
    if gps {
        tiff.extend(2u16.to_le_bytes());
        tiff.extend(GPS_LATITUDE_REF_ENTRY);
        // GPSLatitude: three RATIONALs, at `rationals`.
        tiff.extend([0x02, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00]);
        tiff.extend(rationals.to_le_bytes());
        tiff.extend(0u32.to_le_bytes());
        for (numerator, denominator) in [(35u32, 1u32), (41, 1), (224, 10)] {
            tiff.extend(numerator.to_le_bytes());
            tiff.extend(denominator.to_le_bytes());
        }
    }
    let length = u16::try_from(2 + 6 + tiff.len()).unwrap();
    [&[0xFF, 0xE1][..], &length.to_be_bytes(), b"Exif\0\0", &tiff].concat()
}

/// `jpeg` with `segment` right after its start-of-image marker.
fn splice(jpeg: &[u8], segment: &[u8]) -> Vec<u8> {
    [&jpeg[..2], segment, &jpeg[2..]].concat()
}

/// A 64 × 48 photo whose Exif holds where it was taken (and orientation 1).
pub fn jpeg_with_gps() -> Vec<u8> {
    splice(&jpeg(&picture(64, 48)), &exif_segment(1, true))
}

/// A 64 × 32 photo, red on the left and blue on the right as stored, with Exif `orientation`
/// (6: to be turned a quarter clockwise, so red ends on top).
pub fn jpeg_rotated(orientation: u16) -> Vec<u8> {
    let image =
        RgbImage::from_fn(64, 32, |x, _| if x < 32 { Rgb([220, 20, 20]) } else { Rgb([20, 20, 220]) });
    splice(&jpeg(&image), &exif_segment(orientation, false))
}

/// A photo cut off in the middle of its scan.
pub fn truncated_jpeg() -> Vec<u8> {
    let mut bytes = jpeg(&picture(128, 128));
    bytes.truncate(bytes.len() * 2 / 3);
    bytes
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    let length = u32::try_from(data.len()).unwrap();
    [&length.to_be_bytes()[..], kind, data, &crc.sum().to_be_bytes()].concat()
}

/// A PNG whose header claims 100000 × 100000 RGBA pixels (40 GB decoded), with a tiny body.
pub fn png_bomb() -> Vec<u8> {
    let mut header = Vec::new();
    header.extend(100_000u32.to_be_bytes());
    header.extend(100_000u32.to_be_bytes());
    header.extend([8, 6, 0, 0, 0]);
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&[0; 1024]).unwrap();
    let body = encoder.finish().unwrap();
    [
        &b"\x89PNG\r\n\x1A\n"[..],
        &png_chunk(b"IHDR", &header),
        &png_chunk(b"IDAT", &body),
        &png_chunk(b"IEND", b""),
    ]
    .concat()
}

/// Text, to be uploaded under a `.png` name.
pub fn text_named_png() -> Vec<u8> {
    b"This is not a picture: it is text uploaded as receipt.png.\n".to_vec()
}

/// A PDF of `objects` (numbered from 1) with a cross-reference table and a trailer naming
/// object 1 as the catalog.
fn pdf_document(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend(object);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let trailer =
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
    out.extend(trailer.as_bytes());
    out
}

fn pdf_stream(dictionary: &str, data: &[u8]) -> Vec<u8> {
    let head = format!("<< {dictionary} /Length {} >>\nstream\n", data.len());
    [head.as_bytes(), data, b"\nendstream"].concat()
}

const RECEIPT_TEXT: &[u8] =
    b"BT /F1 14 Tf 72 760 Td (Receipt) Tj 0 -24 Td (Influenza vaccination  3,500 yen) Tj ET";

/// The page, its contents and font: objects 2 to 5 of every PDF here.
fn receipt_page() -> Vec<Vec<u8>> {
    vec![
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        pdf_stream("", RECEIPT_TEXT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]
}

/// A one-page PDF receipt, text only.
pub fn pdf() -> Vec<u8> {
    let catalog = b"<< /Type /Catalog /Pages 2 0 R >>".to_vec();
    pdf_document(&[vec![catalog], receipt_page()].concat())
}

/// A receipt PDF that runs script when it is opened.
pub fn pdf_with_javascript() -> Vec<u8> {
    let catalog =
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>".to_vec();
    pdf_document(&[vec![catalog], receipt_page()].concat())
}

/// A receipt PDF that runs script when it is opened, with the catalog and the action compressed
/// in an object stream and every name escaped: nothing active shows in the file as written.
pub fn pdf_with_hidden_javascript() -> Vec<u8> {
    // Objects 1 (the catalog) and 6 (the action) live in object stream 7; 8 is the
    // cross-reference stream that says so.
    let catalog = b"<< /Type /Catalog /Pages 2 0 R /Open#41ction 6 0 R >>";
    let action = b"<< /S /Java#53cript /J#53 (app.alert\\(1\\)) >>";
    let objects = [&catalog[..], b"\n", action].concat();
    let index = format!("1 0 6 {} ", catalog.len() + 1);
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(index.as_bytes()).unwrap();
    encoder.write_all(&objects).unwrap();
    let compressed = encoder.finish().unwrap();
    let object_stream =
        pdf_stream(&format!("/Type /ObjStm /N 2 /First {} /Filter /FlateDecode", index.len()), &compressed);

    let mut out = b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n".to_vec();
    // (kind, field 2, field 3) per object, as /W [1 4 2] writes them.
    let mut entries = [(0u8, 0u32, 0xFFFFu16); 9];
    let mut write = |out: &mut Vec<u8>, number: usize, body: &[u8]| {
        entries[number] = (1, u32::try_from(out.len()).unwrap(), 0);
        out.extend(format!("{number} 0 obj\n").as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    };
    for (number, body) in (2..).zip(receipt_page()) {
        write(&mut out, number, &body);
    }
    write(&mut out, 7, &object_stream);
    let xref = out.len();
    entries[1] = (2, 7, 0);
    entries[6] = (2, 7, 1);
    entries[8] = (1, u32::try_from(xref).unwrap(), 0);
    let table: Vec<u8> = entries
        .iter()
        .flat_map(|&(kind, field, generation)| {
            [&[kind][..], &field.to_be_bytes(), &generation.to_be_bytes()].concat()
        })
        .collect();
    let xref_stream = pdf_stream("/Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R", &table);
    out.extend(b"8 0 obj\n");
    out.extend(xref_stream);
    out.extend(format!("\nendobj\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    out
}

/// A receipt PDF with a page content stream that inflates to `inflated` zero bytes.
pub fn pdf_with_flate_bomb(inflated: usize) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0; 1024 * 1024];
    let mut left = inflated;
    while left > 0 {
        let now = left.min(zeros.len());
        encoder.write_all(&zeros[..now]).unwrap();
        left -= now;
    }
    let bomb = pdf_stream("/Filter /FlateDecode", &encoder.finish().unwrap());
    let catalog = b"<< /Type /Catalog /Pages 2 0 R >>".to_vec();
    let mut objects = [vec![catalog], receipt_page()].concat();
    objects[3] = bomb;
    pdf_document(&objects)
}
