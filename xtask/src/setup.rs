//! Checks and installs what the project needs. Every check says what is missing and installs it;
//! running it again does nothing.

use std::process::Command;

use crate::util::{Result, output, root, run, step};

/// Debian packages: WebKitGTK and GTK to build and run the app, WebKitWebDriver and Xvfb for the
/// end-to-end tests, D-Bus and gnome-keyring for a real Secret Service, a CJK font for Japanese,
/// ImageMagick to capture the X display, oathtool to cross-check the codes, PostgreSQL for the
/// portal's second backend (the tests start private clusters of their own).
const DEBIAN_PACKAGES: &[&str] = &[
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "libsoup-3.0-dev",
    "webkit2gtk-driver",
    "xvfb",
    "xauth",
    // Reads the clipboard in the end-to-end tests (a copied code).
    "xclip",
    // Accepts the save dialog (GTK's own window, outside the webview) in the end-to-end tests.
    "xdotool",
    "dbus-x11",
    "gnome-keyring",
    "libsecret-tools",
    "fonts-noto-cjk",
    "imagemagick",
    "oathtool",
    "postgresql",
    // Reads the portal's PDFs back in the tests: pdftotext for their text, pdftoppm for a look.
    "poppler-utils",
];

/// trunk 0.22 needs rustc 1.96; 0.21 builds with the project's 1.95.
const TRUNK_VERSION: &str = "0.21.14";
const TAURI_DRIVER_VERSION: &str = "2.1.0";
const CARGO_FUZZ_VERSION: &str = "0.13.2";
const CARGO_DENY_VERSION: &str = "0.20.2";
/// wasm-opt for the UI's wasm. Debian 12's binaryen (108) cannot read what rustc 1.95 emits;
/// npm's build of binaryen runs on Node.js and can.
pub const BINARYEN_VERSION: &str = "132";
/// The authenticator core must build for the web UI and for iPhone.
pub const PORTABLE_TARGETS: &[&str] = &["wasm32-unknown-unknown", "aarch64-apple-ios"];

pub fn all() -> Result {
    debian_packages(DEBIAN_PACKAGES)?;
    rust_components(&["clippy", "rustfmt"])?;
    for target in PORTABLE_TARGETS {
        rust_target(target)?;
    }
    cargo_tool("trunk", TRUNK_VERSION, &["--locked"])?;
    // wasm-bindgen-cli must match the wasm-bindgen crate exactly; its lock file pins a crate
    // version the registry no longer has, so it is installed without --locked.
    cargo_tool("wasm-bindgen-cli", &wasm_bindgen_version()?, &[])?;
    cargo_tool("tauri-driver", TAURI_DRIVER_VERSION, &["--locked"])?;
    cargo_tool("cargo-deny", CARGO_DENY_VERSION, &["--locked"])?;
    binaryen()
}

/// Where `binaryen()` puts wasm-opt: a directory to put first in trunk's PATH.
pub fn binaryen_bin() -> std::path::PathBuf {
    root().join(format!("target/tools/binaryen-{BINARYEN_VERSION}/node_modules/.bin"))
}

/// npm's binaryen, in the project's own directory (no global install to shadow the system's).
fn binaryen() -> Result {
    if binaryen_bin().join("wasm-opt").exists() {
        return Ok(());
    }
    if output(Command::new("npm").arg("--version")).is_none() {
        debian_packages(&["npm"])?;
    }
    step(&format!("installing binaryen {BINARYEN_VERSION} (wasm-opt) from npm"));
    let prefix = root().join(format!("target/tools/binaryen-{BINARYEN_VERSION}"));
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--no-save", "--prefix"])
        .arg(&prefix)
        .arg(format!("binaryen@{BINARYEN_VERSION}.0.0")))
}

/// What `cargo xtask bench` needs besides: zbarimg, which `kenpo qr` is measured against.
pub fn bench() -> Result {
    all()?;
    debian_packages(&["zbar-tools"])
}

/// Only `cargo xtask fuzz` needs cargo-fuzz.
pub fn cargo_fuzz() -> Result {
    cargo_tool("cargo-fuzz", CARGO_FUZZ_VERSION, &["--locked"])
}

fn debian_packages(packages: &[&str]) -> Result {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|package| {
            let status = output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]));
            !status.is_some_and(|status| status.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    step(&format!("installing missing Debian packages: {}", missing.join(" ")));
    let root_user = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut command = if root_user { Command::new("apt-get") } else { sudo_apt() };
        command.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        command
    };
    run(&mut apt(&["update"]))?;
    run(apt(&["install", "-y", "--no-install-recommends"]).args(&missing)).map_err(|error| {
        format!("{error}\nInstall them by hand with: sudo apt-get install {}", missing.join(" "))
    })
}

fn sudo_apt() -> Command {
    let mut command = Command::new("sudo");
    command.arg("apt-get");
    command
}

fn rust_components(components: &[&str]) -> Result {
    let installed =
        output(Command::new("rustup").args(["component", "list", "--installed"])).unwrap_or_default();
    let missing: Vec<&str> = components
        .iter()
        .copied()
        .filter(|component| !installed.lines().any(|line| line.starts_with(&format!("{component}-"))))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    step(&format!("adding the Rust components {}", missing.join(" ")));
    run(Command::new("rustup").args(["component", "add"]).args(&missing))
}

fn rust_target(target: &str) -> Result {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == target) {
        return Ok(());
    }
    step(&format!("adding the Rust target {target}"));
    run(Command::new("rustup").args(["target", "add", target]))
}

/// Installs `krate` at exactly `version` unless `cargo install --list` already has it.
fn cargo_tool(krate: &str, version: &str, flags: &[&str]) -> Result {
    let installed = output(Command::new("cargo").args(["install", "--list"])).unwrap_or_default();
    if installed.lines().any(|line| line.starts_with(&format!("{krate} v{version}:"))) {
        return Ok(());
    }
    step(&format!("installing {krate} {version}"));
    run(Command::new("cargo").args(["install", krate, "--version", version]).args(flags))
}

/// The `wasm-bindgen` crate version in Cargo.lock, which the CLI must equal.
fn wasm_bindgen_version() -> Result<String> {
    let lock =
        std::fs::read_to_string(root().join("Cargo.lock")).map_err(|error| format!("Cargo.lock: {error}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|line| line.strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}
