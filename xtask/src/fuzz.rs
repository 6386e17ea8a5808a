//! `cargo xtask fuzz [SECONDS]`: runs each cargo-fuzz target for a bounded time (default 60 s
//! each). cargo-fuzz needs nightly flags; the stable toolchain accepts them with
//! RUSTC_BOOTSTRAP=1, as no other toolchain can be installed here.

use std::process::Command;

use crate::setup;
use crate::util::{Result, root, run, step};

const TARGETS: &[&str] = &["otpauth_uri", "migration"];

pub fn all(seconds: Option<&str>) -> Result {
    let seconds: u64 =
        seconds.unwrap_or("60").parse().map_err(|_| "usage: cargo xtask fuzz [SECONDS]".to_owned())?;
    setup::cargo_fuzz()?;
    for target in TARGETS {
        step(&format!("fuzzing {target} for {seconds} s"));
        run(Command::new("cargo")
            .current_dir(root())
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", target, "--"])
            .arg(format!("-max_total_time={seconds}")))?;
    }
    Ok(())
}
