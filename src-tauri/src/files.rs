//! Files the portal makes for the member (the tax export, printable notices), saved where the
//! member chooses in the platform's save dialog: written to a temporary file beside the chosen
//! one and renamed, so a crash or a full disk never leaves half a file under the chosen name.

use kenpo_api::ErrorCode;
use kenpo_api::ipc::{NoticeFile, SavedFile};
use tauri_plugin_dialog::DialogExt;

use crate::AppError;

/// What to ask the portal for, and how the dialog offers to save it.
pub struct Request {
    pub path: String,
    file_name: String,
    title: &'static str,
    kind: (&'static str, &'static str),
}

const XLSX: (&str, &str) = ("Excel", "xlsx");
const CSV: (&str, &str) = ("CSV", "csv");
const PDF: (&str, &str) = ("PDF", "pdf");
const JSON: (&str, &str) = ("JSON", "json");

impl Request {
    pub fn of(file: &NoticeFile) -> Self {
        let person = |person: &Option<String>| {
            person.as_deref().map_or(String::new(), |person| format!("&person={}", encode(person)))
        };
        match file {
            NoticeFile::MedicalExport { year, person: chosen, csv } => {
                let kind = if *csv { CSV } else { XLSX };
                Self {
                    path: format!(
                        "api/notices/medical/export?year={year}&format={}{}",
                        kind.1,
                        person(chosen)
                    ),
                    file_name: format!("医療費集計フォーム_{year}.{}", kind.1),
                    title: "医療費集計フォームを保存",
                    kind,
                }
            }
            NoticeFile::MedicalPdf { year, person: chosen } => Self {
                path: format!("api/notices/medical/pdf?year={year}{}", person(chosen)),
                file_name: format!("医療費のお知らせ_{year}.pdf"),
                title: "医療費のお知らせを保存",
                kind: PDF,
            },
            NoticeFile::BenefitPdf { id } => Self {
                path: format!("api/notices/benefits/{id}/pdf"),
                file_name: format!("現金給付支給決定通知_{id}.pdf"),
                title: "現金給付支給決定通知を保存",
                kind: PDF,
            },
            NoticeFile::QualificationPdf { person } => Self {
                path: format!("api/notices/qualifications/{}/pdf", encode(person)),
                file_name: format!("資格情報のお知らせ_{person}.pdf"),
                title: "資格情報のお知らせを保存",
                kind: PDF,
            },
        }
    }
}

impl Request {
    /// The diagnostics report made at `made_at_ms`, named for its time in Japan.
    pub fn report(made_at_ms: i64) -> Self {
        let time: String =
            kenpo_api::jst_time(made_at_ms.div_euclid(1000)).chars().filter(char::is_ascii_digit).collect();
        Self {
            path: String::new(),
            file_name: format!("kenpo-diagnostics-{time}.json"),
            title: "診断レポートを保存",
            kind: JSON,
        }
    }
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Asks where to save `bytes` and writes them there; `name` is none when the member cancelled.
pub async fn save<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    request: Request,
    bytes: Vec<u8>,
) -> Result<SavedFile, AppError> {
    use tauri::Manager;
    // A shell without the dialog (the tests' mock app) saves nothing rather than fail inside it.
    if app.try_state::<tauri_plugin_dialog::Dialog<R>>().is_none() {
        return Err(AppError::Code(ErrorCode::FileNotSaved));
    }
    // The dialog waits for the member: off the async threads.
    tokio::task::spawn_blocking(move || {
        let mut dialog = app.dialog().file().set_title(request.title).set_file_name(&request.file_name);
        if let Some(downloads) = dirs::download_dir() {
            dialog = dialog.set_directory(downloads);
        }
        let chosen = dialog.add_filter(request.kind.0, &[request.kind.1]).blocking_save_file();
        let Some(chosen) = chosen else { return Ok(SavedFile { name: None }) };
        let path = chosen.into_path().map_err(|_| AppError::Code(ErrorCode::FileNotSaved))?;
        write_whole(&path, &bytes).map_err(|error| {
            tracing::warn!(%error, "a notice file could not be saved");
            AppError::Code(ErrorCode::FileNotSaved)
        })?;
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Ok(SavedFile { name })
    })
    .await
    .map_err(|_| AppError::Code(ErrorCode::FileNotSaved))?
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`; on failure
/// the temporary file is removed and `path` is as it was.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().ok_or_else(|| std::io::Error::other("no folder"))?;
    let (temporary, mut file) = tempfile_in(dir)?;
    let written =
        file.write_all(bytes).and_then(|()| file.sync_all()).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        std::fs::remove_file(&temporary).ok();
    }
    written
}

/// A new file in `dir` with a name no other file has.
fn tempfile_in(dir: &std::path::Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    for n in 0..100u32 {
        let path = dir.join(format!(".kenpo-saving-{}-{n}", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::other("no temporary name free"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_replaces_the_file_whole_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("医療費集計フォーム_2025.xlsx");
        std::fs::write(&path, b"old").unwrap();
        write_whole(&path, b"new contents").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // Into a folder that is not there: refused, nothing written.
        assert!(write_whole(&dir.path().join("gone/x.pdf"), b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn each_file_asks_the_portal_for_its_own_path() {
        let export =
            Request::of(&NoticeFile::MedicalExport { year: 2025, person: Some("01".into()), csv: true });
        assert_eq!(export.path, "api/notices/medical/export?year=2025&format=csv&person=01");
        assert_eq!(export.file_name, "医療費集計フォーム_2025.csv");
        let odd = Request::of(&NoticeFile::QualificationPdf { person: "0/1&x".into() });
        assert_eq!(odd.path, "api/notices/qualifications/0%2F1%26x/pdf");
    }
}
