//! Builds what users and the end-to-end tests run: the UI bundle, the release app, the portal
//! and the helpdesk's `kenpo`.

use std::process::Command;

use crate::util::{Result, cargo, root, run, step};

/// The UI must be built first: the app embeds `ui/dist` when it compiles.
pub fn ui() -> Result {
    step("building the UI (trunk, release)");
    // trunk runs the wasm-opt it finds first in PATH when its version is Trunk.toml's.
    let path = std::env::join_paths(
        std::iter::once(crate::setup::binaryen_bin())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .map_err(|error| format!("PATH: {error}"))?;
    run(Command::new("trunk").args(["build", "--release"]).env("PATH", path).current_dir(root().join("ui")))
}

/// The release build the tests and the bench run: the whole workspace but the end-to-end tests,
/// so that shared dependencies get the features `cargo test --workspace` gives them (built for
/// the app, the portal and `kenpo` alone, they differed, futures-util's for one, and the tests
/// compiled 138 units again, sqlx and Tauri among them; now 65, mostly the tests' own
/// dependencies). The blank window the bench measures the app against is built here too, with
/// the same Tauri. Dev-dependencies are not built, so the app gets no test-only feature.
pub fn workspace() -> Result {
    ui()?;
    step("building the workspace (release), as the tests resolve its features");
    run(cargo().arg("build").args(WORKSPACE))
}

/// What the release build and the tests (`cargo test` with these) build, and with which
/// features: the app and the blank window serve their embedded pages. One list, so the tests
/// cannot drift from the build and compile everything again.
pub const WORKSPACE: &[&str] = &[
    "--release",
    "--workspace",
    "--exclude",
    "kenpo-e2e",
    "--features",
    "kenpo-app/custom-protocol,kenpo-blank-window/custom-protocol",
];

pub fn release() -> Result {
    ui()?;
    step("building the app, the portal and the helpdesk's kenpo (release)");
    // `custom-protocol` makes the app serve its embedded UI instead of a dev server, as the
    // Tauri CLI does for release builds.
    // One invocation for all three, so shared dependencies are built once with one feature set.
    run(cargo()
        .args(["build", "--release", "-p", "kenpo-app", "-p", "kenpo-portal", "-p", "kenpo-cli"])
        .args(["--features", "kenpo-app/custom-protocol"]))
}
