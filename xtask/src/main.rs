//! Project automation: `cargo xtask setup | run | test | deny | fuzz | bench`.
//!
//! `setup` checks and installs every system package and tool the project needs (idempotent);
//! `run` builds everything and opens the app against a demo portal; `test` runs every test layer.
//! It must not hide a missing piece: a layer that cannot run fails loudly.

mod bench;
mod build;
mod deny;
mod figure;
mod fuzz;
mod run;
mod setup;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup   check and install the Debian packages and Rust tools the project needs
  run     build everything, start the demo portal and open the app
  test    set up, build and run every test layer (unit, HTTP, app, end-to-end)
  deny    check the dependencies: advisories (offline copy), licences, duplicates, sources
  fuzz    run each fuzz target for a bounded time: cargo xtask fuzz [SECONDS per target]
  bench   measure sizes and speeds against their budgets (target/bench/bench.md, bench.json)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::all(),
        Some("run") => run::demo(),
        Some("test") => test::all(),
        Some("deny") => deny::check(),
        Some("fuzz") => fuzz::all(args.get(1).map(String::as_str)),
        Some("bench") => bench::all(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: {error}");
            ExitCode::FAILURE
        }
    }
}
