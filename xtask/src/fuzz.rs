//! Fuzzing with cargo-fuzz: `cargo xtask fuzz [SECONDS]` runs each target for a bounded time
//! (default 60 s each) under AddressSanitizer; `cargo xtask test` runs each for a few seconds
//! without a sanitizer, as a smoke test. cargo-fuzz needs nightly flags; the stable toolchain
//! accepts them with RUSTC_BOOTSTRAP=1, as no other toolchain can be installed here.
//!
//! Each target starts from its committed seeds (`fuzz/seeds/<target>`, replayed first, so an
//! input that once failed is a regression test from then on) and writes what it discovers to
//! `target/fuzz-corpus/<target>`, never to the seeds.

use std::process::Command;

use crate::setup;
use crate::util::{Result, root, run, step};

const TARGETS: &[&str] = &["otpauth_uri", "migration", "qr_image", "json_bodies"];
/// Seconds each target runs in `cargo xtask test`.
pub const SMOKE_SECONDS: u64 = 10;

pub fn all(seconds: Option<&str>) -> Result {
    let seconds: u64 =
        seconds.unwrap_or("60").parse().map_err(|_| "usage: cargo xtask fuzz [SECONDS]".to_owned())?;
    targets(seconds, "address")
}

pub fn smoke() -> Result {
    targets(SMOKE_SECONDS, "none")
}

fn targets(seconds: u64, sanitizer: &str) -> Result {
    setup::cargo_fuzz()?;
    for target in TARGETS {
        step(&format!("fuzzing {target} for {seconds} s (sanitizer: {sanitizer})"));
        let corpus = root().join("target/fuzz-corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|error| format!("{}: {error}", corpus.display()))?;
        run(Command::new("cargo")
            .current_dir(root())
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", "-O", "-s", sanitizer, target])
            .arg(&corpus)
            .arg(root().join("fuzz/seeds").join(target))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            // Bounded per input as well: a slow input is a finding, not a hang.
            .args(["-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1"]))?;
    }
    Ok(())
}
