//! Receipts (領収書) uploaded with a subsidy application: a photo (JPEG, PNG) or a PDF, told apart
//! by content, never by name. An image is decoded within bounds and re-encoded, so what is stored
//! is pixels only (no Exif, no GPS position); a PDF is stored as it came once it has passed the
//! checks. It must never parse without a bound on size, pixels, inflated bytes or streams, and
//! never store an image's original bytes.

use std::io::{Cursor, Read};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{ColorType, DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

/// The largest receipt file taken (before re-encoding).
pub use kenpo_api::subsidy::MAX_RECEIPT_BYTES;
/// The most pixels an image may have on a side, and the most memory its decoding may take.
pub const MAX_SIDE_PIXELS: u32 = 8192;
pub const MAX_DECODE_BYTES: u64 = 128 * 1024 * 1024;
/// The most a PDF's compressed streams may inflate to while they are searched.
pub const MAX_INFLATED_BYTES: usize = 32 * 1024 * 1024;

/// The most compressed bytes read while inflating: streams are inflated to their own end, not to
/// an `endstream` that may lie, so streams built to overlap could otherwise read the file again
/// and again.
const MAX_INFLATE_INPUT_BYTES: usize = 4 * MAX_RECEIPT_BYTES;
/// The most streams of a PDF searched.
const MAX_PDF_STREAMS: usize = 10_000;
/// How far from a PDF's end its `%%EOF` must be.
const PDF_TAIL_BYTES: usize = 1024;
const JPEG_QUALITY: u8 = 85;

/// The PDF names that make a PDF do something besides show pages: run script, act on opening or
/// on events, launch, carry files, rich media or forms that submit. `/URI` is not among them:
/// receipts from web shops carry links, and a link does nothing until it is clicked.
const ACTIVE_PDF_NAMES: &[&[u8]] = &[
    b"JavaScript",
    b"JS",
    b"OpenAction",
    b"AA",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"XFA",
    b"SubmitForm",
    b"ImportData",
    b"GoToR",
    b"GoToE",
];
/// Longer than every name in [`ACTIVE_PDF_NAMES`]: a name this long matches none of them.
const LONGEST_ACTIVE_NAME: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Jpeg,
    Png,
    Pdf,
}

impl MediaType {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Pdf => "application/pdf",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        [MediaType::Jpeg, MediaType::Png, MediaType::Pdf].into_iter().find(|media| media.as_str() == text)
    }

    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
            MediaType::Pdf => "pdf",
        }
    }

    /// The type `bytes` are by their first bytes (the app tells the member by the same rule).
    fn sniff(bytes: &[u8]) -> Option<Self> {
        kenpo_api::subsidy::receipt_media_type(bytes).and_then(Self::from_stored)
    }
}

/// A receipt as stored: re-encoded pixels, or a PDF that passed the checks.
#[derive(Clone, PartialEq, Eq)]
pub struct Receipt {
    pub media_type: MediaType,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Receipt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receipt")
            .field("media_type", &self.media_type)
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    /// Not a JPEG, PNG or PDF by its content, or one that cannot be read (truncated, corrupt).
    #[error("not a JPEG, PNG or PDF that can be read")]
    NotAccepted,
    /// Over MAX_RECEIPT_BYTES, or an image over MAX_SIDE_PIXELS a side or MAX_DECODE_BYTES to decode.
    #[error("too large")]
    TooLarge,
    /// A PDF that can run something: JavaScript, an action on opening, a launch, an embedded file.
    #[error("a PDF with active content")]
    Unsafe,
}

/// Checks a receipt by its content and makes the copy that is stored. CPU-bound: callers run it
/// off the async threads.
pub fn sanitise(bytes: &[u8]) -> Result<Receipt, ReceiptError> {
    if bytes.len() > MAX_RECEIPT_BYTES {
        return Err(ReceiptError::TooLarge);
    }
    let media_type = MediaType::sniff(bytes).ok_or(ReceiptError::NotAccepted)?;
    let bytes = match media_type {
        MediaType::Jpeg => reencode(bytes, ImageFormat::Jpeg)?,
        MediaType::Png => reencode(bytes, ImageFormat::Png)?,
        MediaType::Pdf => {
            check_pdf(bytes)?;
            bytes.to_vec()
        }
    };
    Ok(Receipt { media_type, bytes })
}

fn image_error(error: ImageError) -> ReceiptError {
    match error {
        ImageError::Limits(_) => ReceiptError::TooLarge,
        _ => ReceiptError::NotAccepted,
    }
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE_PIXELS);
    limits.max_image_height = Some(MAX_SIDE_PIXELS);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

/// Decodes an image as `format` within [`limits`], turns it upright, and encodes its pixels alone.
fn reencode(bytes: &[u8], format: ImageFormat) -> Result<Vec<u8>, ReceiptError> {
    // The JPEG decoder fills a cut-off scan with grey instead of failing.
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(ReceiptError::NotAccepted);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(image_error)?;
    // As `ImageReader::decode` does: the decoded image counts against the allowance.
    let mut allowance = limits();
    allowance.reserve(decoder.total_bytes()).map_err(image_error)?;
    decoder.set_limits(allowance).map_err(image_error)?;
    // Unreadable Exif is no reason to refuse the pixels: they are kept as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    image.apply_orientation(orientation);

    // The encoders write no metadata unless given it, and they are given none.
    let mut out = Vec::new();
    let written = match format {
        ImageFormat::Jpeg => {
            image.into_rgb8().write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        }
        _ => {
            let encoder = PngEncoder::new(&mut out);
            match image.color() {
                ColorType::L8 | ColorType::L16 => image.into_luma8().write_with_encoder(encoder),
                ColorType::La8 | ColorType::La16 => image.into_luma_alpha8().write_with_encoder(encoder),
                ColorType::Rgb8 | ColorType::Rgb16 | ColorType::Rgb32F => {
                    image.into_rgb8().write_with_encoder(encoder)
                }
                _ => image.into_rgba8().write_with_encoder(encoder),
            }
        }
    };
    written.map_err(image_error)?;
    Ok(out)
}

/// Whether a JPEG's segments and scans run on to an end-of-image marker. Segment lengths are
/// followed, so a thumbnail's own marker inside Exif is never taken for the end.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return false;
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&code) = bytes.get(at) else { return false };
        at += 1;
        match code {
            0xD9 => return true,
            0x00 => return false,
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(&[high, low]) = bytes.get(at..at + 2) else { return false };
        let length = usize::from(u16::from_be_bytes([high, low]));
        if length < 2 {
            return false;
        }
        at += length;
        if code != 0xDA {
            continue;
        }
        // Entropy-coded data runs to the next 0xFF that is not a stuffed zero or a restart.
        loop {
            let Some(offset) = bytes.get(at..).and_then(|rest| rest.iter().position(|&byte| byte == 0xFF))
            else {
                return false;
            };
            at += offset;
            match bytes.get(at + 1) {
                None => return false,
                Some(0x00 | 0xD0..=0xD7) => at += 2,
                Some(0xFF) => at += 1,
                Some(_) => break,
            }
        }
    }
}

/// Refuses a PDF that is cut short or names active content, in the file as written or in any
/// stream that inflates.
fn check_pdf(bytes: &[u8]) -> Result<(), ReceiptError> {
    let tail = &bytes[bytes.len().saturating_sub(PDF_TAIL_BYTES)..];
    if find(tail, b"%%EOF").is_none() {
        return Err(ReceiptError::NotAccepted);
    }
    if names_active_content(bytes) {
        return Err(ReceiptError::Unsafe);
    }
    let mut budget = InflateBudget { input: MAX_INFLATE_INPUT_BYTES, output: MAX_INFLATED_BYTES };
    let mut inflated = Vec::new();
    let mut streams = 0;
    let mut from = 0;
    while let Some(found) = bytes.get(from..).and_then(|rest| find(rest, b"stream")) {
        let keyword = from + found;
        from = keyword + b"stream".len();
        if bytes[..keyword].ends_with(b"end") {
            continue;
        }
        streams += 1;
        if streams > MAX_PDF_STREAMS {
            return Err(ReceiptError::TooLarge);
        }
        // The data starts after the end of line; zlib's first byte is never whitespace.
        let data = from + bytes[from..].iter().take_while(|&&byte| is_pdf_whitespace(byte)).count();
        budget.inflate(&bytes[data..], &mut inflated)?;
        if names_active_content(&inflated) {
            return Err(ReceiptError::Unsafe);
        }
    }
    Ok(())
}

/// What is left to read and to write while inflating a PDF's streams.
struct InflateBudget {
    input: usize,
    output: usize,
}

impl InflateBudget {
    /// Inflates the zlib stream at the start of `data` into `out`, to the stream's own end (its
    /// declared length and `endstream` may lie). Data that is not zlib, or stops being, ends the
    /// stream: what came out before is kept, as a reader would show it.
    fn inflate(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), ReceiptError> {
        out.clear();
        let input = data.take(self.input as u64);
        let mut decoder = flate2::bufread::ZlibDecoder::new(input);
        let _ = (&mut decoder).take(self.output as u64 + 1).read_to_end(out);
        if out.len() > self.output {
            return Err(ReceiptError::TooLarge);
        }
        let unread = usize::try_from(decoder.get_ref().limit()).unwrap_or(usize::MAX);
        if unread == 0 && data.len() > self.input {
            return Err(ReceiptError::TooLarge);
        }
        self.input = unread;
        self.output -= out.len();
        Ok(())
    }
}

/// Whether `data` holds a PDF name in [`ACTIVE_PDF_NAMES`], compared whole and after its `#xx`
/// escapes are decoded (`/J#53` is `/JS`).
fn names_active_content(data: &[u8]) -> bool {
    let mut name = [0u8; LONGEST_ACTIVE_NAME];
    let mut at = 0;
    while at < data.len() {
        if data[at] != b'/' {
            at += 1;
            continue;
        }
        at += 1;
        let mut len = 0;
        while let Some(&byte) = data.get(at) {
            if is_pdf_whitespace(byte) || is_pdf_delimiter(byte) {
                break;
            }
            let escaped = match (byte, data.get(at + 1..at + 3)) {
                (b'#', Some(&[high, low])) => hex_value(high).zip(hex_value(low)).map(|(h, l)| (h << 4) | l),
                _ => None,
            };
            let decoded = escaped.unwrap_or(byte);
            at += if escaped.is_some() { 3 } else { 1 };
            if let Some(slot) = name.get_mut(len) {
                *slot = decoded;
            }
            len += 1;
        }
        // The delimiter that ended the name (perhaps the next name's `/`) is looked at again.
        if len <= LONGEST_ACTIVE_NAME
            && ACTIVE_PDF_NAMES.contains(&&name[..len])
            && !(&name[..len] == b"OpenAction" && opens_at_a_page(&data[at..]))
        {
            return true;
        }
    }
    false
}

/// Whether what follows `/OpenAction` is a destination (`[3 0 R /FitH null]`: open at a page, as
/// TCPDF and hyperref write in every file) rather than an action; an action's own type names it
/// anyway (`/JavaScript`, `/Launch`, …).
fn opens_at_a_page(rest: &[u8]) -> bool {
    rest.iter().find(|byte| !is_pdf_whitespace(**byte)) == Some(&b'[')
}

fn is_pdf_whitespace(byte: u8) -> bool {
    matches!(byte, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

fn is_pdf_delimiter(byte: u8) -> bool {
    matches!(byte, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte).to_digit(16).and_then(|digit| u8::try_from(digit).ok())
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    /// A PDF around `body`, ending as a whole file does.
    fn pdf(body: &[u8]) -> Vec<u8> {
        [b"%PDF-1.7\n".as_slice(), body, b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"].concat()
    }

    fn pdf_with_stream(data: &[u8]) -> Vec<u8> {
        let head = format!("1 0 obj\n<< /Length {} /Filter /FlateDecode >>\nstream\r\n", data.len());
        pdf(&[head.as_bytes(), data, b"\r\nendstream\nendobj"].concat())
    }

    #[test]
    fn every_active_name_is_found_as_written() {
        for name in ACTIVE_PDF_NAMES {
            let text = [b"<< /Type /Action /S /".as_slice(), name, b" >>"].concat();
            assert!(names_active_content(&text), "{}", String::from_utf8_lossy(name));
        }
    }

    #[test]
    fn escaped_names_are_decoded_before_they_are_compared() {
        for text in [&b"/J#53 (x)"[..], b"/Java#53cript", b"/#4A#53", b"/Open#41ction 5 0 R", b"/#41#41"] {
            assert!(names_active_content(text), "{}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn opening_at_a_page_is_no_action() {
        assert!(!names_active_content(b"<< /Type /Catalog /OpenAction [3 0 R /FitH null] >>"));
        assert!(!names_active_content(b"<< /OpenAction\n [3 0 R /Fit] >>"));
        assert!(names_active_content(b"<< /OpenAction 5 0 R >>"));
        assert!(names_active_content(b"<< /OpenAction << /S /GoTo >> >>"));
    }

    #[test]
    fn names_are_compared_whole() {
        for text in [&b"/JSomething"[..], b"/AAA", b"/XJS", b"/JavaScripts", b"/URI (https://example.jp)"] {
            assert!(!names_active_content(text), "{}", String::from_utf8_lossy(text));
        }
        assert!(names_active_content(b"/AA<<"));
        assert!(names_active_content(b"/Type/JS/Other"));
        assert!(names_active_content(b"/AA"));
    }

    #[test]
    fn a_broken_escape_is_taken_as_it_is_written() {
        assert!(!names_active_content(b"/J#5"));
        assert!(!names_active_content(b"/J#zzS"));
        assert!(names_active_content(b"/Other/J#53"));
    }

    #[test]
    fn a_name_without_a_slash_is_no_name() {
        assert!(!names_active_content(b"JavaScript is text here"));
        assert!(!names_active_content(b""));
        assert!(!names_active_content(b"/"));
    }

    #[test]
    fn a_clean_pdf_is_kept_byte_for_byte() {
        let content = zlib(b"BT /F1 12 Tf 72 720 Td (Receipt 3500 yen) Tj ET");
        let bytes = pdf_with_stream(&content);
        let receipt = sanitise(&bytes).unwrap();
        assert_eq!(receipt.media_type, MediaType::Pdf);
        assert_eq!(receipt.bytes, bytes);
    }

    #[test]
    fn a_name_hidden_in_a_flate_stream_is_found() {
        let hidden = zlib(b"1 0 << /S /Java#53cript /J#53 (app.alert\\(1\\)) >>");
        let bytes = pdf_with_stream(&hidden);
        assert!(!names_active_content(&bytes));
        assert_eq!(sanitise(&bytes), Err(ReceiptError::Unsafe));
    }

    /// Adler-32, the checksum that ends a zlib stream.
    fn adler32(data: &[u8]) -> u32 {
        let (a, b) = data.iter().fold((1u32, 0u32), |(a, b), &byte| {
            let a = (a + u32::from(byte)) % 65_521;
            (a, (b + a) % 65_521)
        });
        (b << 16) | a
    }

    #[test]
    fn a_stream_is_inflated_past_an_endstream_inside_its_data() {
        // A stored block carries the word; the action follows compressed. A reader goes by
        // /Length, so the scan goes by zlib's own end.
        let (stored, hidden) = (b"endstream\n".as_slice(), b"<< /S /JavaScript >>".as_slice());
        let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        deflate.write_all(hidden).unwrap();
        let length = u16::try_from(stored.len()).unwrap();
        let data = [
            &[0x78, 0x01, 0x00][..],
            &length.to_le_bytes(),
            &(!length).to_le_bytes(),
            stored,
            &deflate.finish().unwrap(),
            &adler32(&[stored, hidden].concat()).to_be_bytes(),
        ]
        .concat();
        let mut inflated = Vec::new();
        flate2::read::ZlibDecoder::new(data.as_slice()).read_to_end(&mut inflated).unwrap();
        assert_eq!(inflated, [stored, hidden].concat());

        let bytes = pdf_with_stream(&data);
        assert!(!names_active_content(&bytes));
        assert_eq!(sanitise(&bytes), Err(ReceiptError::Unsafe));
    }

    #[test]
    fn a_stream_that_does_not_inflate_is_passed_over() {
        let bytes = pdf_with_stream(&[0xFF, 0xD8, 0xFF, 0xE0, b'/', b'J', b'S', b'x']);
        assert!(sanitise(&bytes).is_ok());
    }

    #[test]
    fn a_pdf_without_its_end_is_not_accepted() {
        let bytes = pdf_with_stream(&zlib(b"BT ET"));
        let cut = &bytes[..bytes.len() - 7];
        assert_eq!(sanitise(cut), Err(ReceiptError::NotAccepted));
        let far = [bytes.as_slice(), &[b' '; PDF_TAIL_BYTES]].concat();
        assert_eq!(sanitise(&far), Err(ReceiptError::NotAccepted));
    }

    #[test]
    fn a_pdf_with_too_many_streams_is_too_large() {
        let many = b"stream\n".repeat(MAX_PDF_STREAMS + 1);
        assert_eq!(sanitise(&pdf(&many)), Err(ReceiptError::TooLarge));
        let enough = b"stream\nx\nendstream\n".repeat(MAX_PDF_STREAMS);
        assert!(sanitise(&pdf(&enough)).is_ok());
    }

    #[test]
    fn compressed_input_read_counts_across_streams() {
        // Empty stored blocks: input read without a byte coming out.
        let empty_blocks = [&[0x78, 0x01][..], &[0x00, 0x00, 0x00, 0xFF, 0xFF].repeat(100)].concat();
        let mut budget = InflateBudget { input: 800, output: MAX_INFLATED_BYTES };
        let mut out = Vec::new();
        budget.inflate(&empty_blocks, &mut out).unwrap();
        assert_eq!(budget.input, 800 - empty_blocks.len());
        assert_eq!(budget.inflate(&empty_blocks, &mut out), Err(ReceiptError::TooLarge));
    }

    #[test]
    fn inflated_bytes_count_across_streams() {
        let zeros = zlib(&[0; 1000]);
        let mut budget = InflateBudget { input: MAX_INFLATE_INPUT_BYTES, output: 1500 };
        let mut out = Vec::new();
        budget.inflate(&zeros, &mut out).unwrap();
        assert_eq!(out.len(), 1000);
        assert_eq!(budget.inflate(&zeros, &mut out), Err(ReceiptError::TooLarge));
    }

    #[test]
    fn content_is_told_by_its_first_bytes() {
        assert_eq!(MediaType::sniff(b"\xFF\xD8\xFF\xE0"), Some(MediaType::Jpeg));
        assert_eq!(MediaType::sniff(b"\x89PNG\r\n\x1A\n"), Some(MediaType::Png));
        assert_eq!(MediaType::sniff(b"%PDF-1.4"), Some(MediaType::Pdf));
        for other in [&b""[..], b"\xFF\xD8", b"GIF89a", b" %PDF-1.4", b"<html>", b"\x89PNG"] {
            assert_eq!(MediaType::sniff(other), None);
            assert_eq!(sanitise(other), Err(ReceiptError::NotAccepted));
        }
    }

    #[test]
    fn a_stored_media_type_reads_back() {
        for media in [MediaType::Jpeg, MediaType::Png, MediaType::Pdf] {
            assert_eq!(MediaType::from_stored(media.as_str()), Some(media));
        }
        assert_eq!(MediaType::from_stored("image/gif"), None);
        assert_eq!(MediaType::Jpeg.extension(), "jpg");
    }

    #[test]
    fn a_jpeg_is_complete_only_with_its_end_marker() {
        let scan = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56];
        assert!(!jpeg_is_complete(&scan));
        assert!(jpeg_is_complete(&[&scan[..], &[0xFF, 0xFF, 0xD9]].concat()));
        // An end marker inside a segment (an Exif thumbnail's) is not the end.
        let inside = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x04, 0xFF, 0xD9];
        assert!(!jpeg_is_complete(&inside));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01]));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8]));
    }
}
