//! `cargo xtask bench`: the speed and size figures, measured here and printed as medians
//! (crates/portal/benches). Not part of `test`: figures are read, not asserted on a timer.

use crate::util::{Result, cargo, run, step};

pub fn all() -> Result {
    step("notices: listing, the printable year, a 100,000-row import");
    run(cargo().args(["bench", "-p", "kenpo-portal", "--bench", "notices"]))
}
