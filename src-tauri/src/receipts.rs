//! The receipts a member attaches to an influenza-subsidy application, held in the app's
//! memory until the application is sent: each is checked as it is attached (its type by its
//! content, its size, how many), so the member hears at once, and kept when sending fails, so
//! nothing is lost. The portal checks them again and re-encodes the images.

use std::sync::Mutex;

use kenpo_api::ErrorCode;
use kenpo_api::ipc::StagedReceipt;
use kenpo_api::subsidy::{MAX_RECEIPT_BYTES, MAX_RECEIPTS, receipt_media_type};

use crate::AppError;

#[derive(Default)]
pub struct StagedReceipts(Mutex<Staged>);

#[derive(Default)]
struct Staged {
    next: u32,
    files: Vec<(u32, Vec<u8>)>,
}

impl StagedReceipts {
    pub fn add(&self, bytes: &[u8]) -> Result<StagedReceipt, AppError> {
        if bytes.len() > MAX_RECEIPT_BYTES {
            return Err(ErrorCode::ReceiptTooLarge.into());
        }
        let media_type = receipt_media_type(bytes).ok_or(AppError::Code(ErrorCode::ReceiptNotAccepted))?;
        let mut staged = self.0.lock().expect("receipts lock");
        if staged.files.len() >= MAX_RECEIPTS {
            return Err(ErrorCode::TooManyReceipts.into());
        }
        staged.next += 1;
        let id = staged.next;
        staged.files.push((id, bytes.to_vec()));
        Ok(StagedReceipt { id, media_type: media_type.to_owned(), bytes: bytes.len() as u64 })
    }

    pub fn remove(&self, id: u32) {
        self.0.lock().expect("receipts lock").files.retain(|(staged, _)| *staged != id);
    }

    /// Every receipt held, in base64 as the portal takes them.
    pub fn encoded(&self) -> Vec<String> {
        let staged = self.0.lock().expect("receipts lock");
        staged.files.iter().map(|(_, bytes)| data_encoding::BASE64.encode(bytes)).collect()
    }

    pub fn clear(&self) {
        self.0.lock().expect("receipts lock").files.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_are_checked_as_they_are_attached() {
        let staged = StagedReceipts::default();
        let refused = |result: Result<StagedReceipt, AppError>| match result {
            Err(AppError::Code(code)) => code,
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(staged.add(b"not an image")), ErrorCode::ReceiptNotAccepted);
        assert_eq!(refused(staged.add(&vec![0xFF; MAX_RECEIPT_BYTES + 1])), ErrorCode::ReceiptTooLarge);
        let first = staged.add(b"%PDF-1.7 ...").unwrap();
        assert_eq!((first.media_type.as_str(), first.bytes), ("application/pdf", 12));
        staged.add(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap();
        staged.add(b"\x89PNG\r\n\x1a\n....").unwrap();
        assert_eq!(refused(staged.add(b"%PDF-")), ErrorCode::TooManyReceipts);
        staged.remove(first.id);
        assert_eq!(staged.encoded().len(), 2);
        staged.clear();
        assert!(staged.encoded().is_empty());
    }
}
