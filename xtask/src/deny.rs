//! `cargo deny` (deny.toml): advisories, licences, duplicate versions and sources. This machine
//! reaches the package registries, not GitHub, so the RustSec advisory database comes from an
//! offline copy (`shared/advisory-db` beside the checkout, or above it or above the checkout it
//! was cloned from, or `KENPO_ADVISORY_DB`), made into
//! the git checkout cargo-deny expects under `target/advisory-dbs`. Without a copy, advisories
//! are skipped and the run says so; nothing here needs the open internet.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Result, root, run, step};

/// Where cargo-deny looks for the database of deny.toml's `db-urls`: the URL's last segment and
/// its hash, as cargo-deny names it. If cargo-deny changes the scheme, its error names the path.
const DB_DIR: &str = "target/advisory-dbs/advisory-db-3157b0e258782691";

pub fn check() -> Result {
    let root = root();
    let source = std::env::var_os("KENPO_ADVISORY_DB").map(PathBuf::from).unwrap_or_else(|| {
        // Beside this checkout or a directory above it, or above the checkout it was cloned
        // from (a clean clone made elsewhere for CI).
        let origin =
            crate::util::output(Command::new("git").current_dir(&root).args(["remote", "get-url", "origin"]))
                .map(|url| PathBuf::from(url.trim()))
                .filter(|path| path.is_absolute());
        let places =
            root.ancestors().skip(1).chain(origin.iter().flat_map(|origin| origin.ancestors().skip(1)));
        let found = places.map(|dir| dir.join("shared/advisory-db")).find(|db| db.join("crates").is_dir());
        found.unwrap_or_else(|| root.join("../shared/advisory-db"))
    });
    let mut checks = vec!["licenses", "bans", "sources"];
    if source.join("crates").is_dir() {
        let date = prepare(&source)?;
        step(&format!("dependencies (cargo deny): advisories as of {date}, licences, duplicates, sources"));
        checks.insert(0, "advisories");
    } else {
        step("dependencies (cargo deny): licences, duplicates, sources");
        eprintln!(
            "advisories SKIPPED: no offline copy of the RustSec advisory database at {} \
             (set KENPO_ADVISORY_DB to one); this machine cannot fetch it",
            source.display()
        );
    }
    // cargo-deny reads the metadata of every crate in the lock file, for every platform; the
    // builds here fetch only Linux's (and wasm's), so the rest are fetched from the registry
    // first, and cargo-deny itself stays offline.
    run(crate::util::cargo().args(["fetch", "--locked"]))?;
    run(Command::new("cargo").current_dir(&root).args(["deny", "--offline", "check"]).args(&checks))
}

/// Copies the database into a fresh git checkout dated as the newest advisory in it, so
/// cargo-deny's staleness check sees the snapshot's real age. Returns that date.
fn prepare(source: &Path) -> Result<String> {
    let date = newest_advisory(&source.join("crates"))?;
    let db = root().join(DB_DIR);
    std::fs::remove_dir_all(&db).ok();
    std::fs::create_dir_all(db.parent().expect("DB_DIR has a parent"))
        .map_err(|error| format!("{}: {error}", db.display()))?;
    run(Command::new("cp").args(["-R", "--no-preserve=mode"]).arg(source).arg(&db))?;
    let stamp = format!("{date}T00:00:00Z");
    let git = |args: &[&str]| {
        let mut command = Command::new("git");
        command
            .current_dir(&db)
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp)
            .args(["-c", "user.name=kenpo xtask", "-c", "user.email=xtask@kenpo.invalid"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .stdout(std::process::Stdio::null());
        command
    };
    run(&mut git(&["init", "-q", "-b", "main"]))?;
    run(&mut git(&["add", "-A"]))?;
    run(&mut git(&["commit", "-q", "-m", "RustSec advisory database, offline copy"]))?;
    // cargo-deny takes the newer of the commit's time and HEAD's file time as the fetch time.
    run(Command::new("touch").args(["-d", &stamp]).arg(db.join(".git/HEAD")))?;
    Ok(date)
}

/// The newest `date = "YYYY-MM-DD"` among the advisories.
fn newest_advisory(crates: &Path) -> Result<String> {
    let mut newest = String::new();
    let mut directories = vec![crates.to_path_buf()];
    while let Some(directory) = directories.pop() {
        let entries =
            std::fs::read_dir(&directory).map_err(|error| format!("{}: {error}", directory.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                directories.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let date = text
                .lines()
                .find_map(|line| line.strip_prefix("date = \""))
                .map(|rest| rest.trim_end_matches('"'));
            if let Some(date) = date.filter(|date| date.len() == 10 && **date > *newest) {
                newest = date.to_owned();
            }
        }
    }
    if newest.is_empty() {
        return Err(format!("no advisory with a date under {}", crates.display()));
    }
    Ok(newest)
}
