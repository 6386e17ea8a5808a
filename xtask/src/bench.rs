//! `cargo xtask bench`: the speed and size figures, measured here. Each figure is printed in a
//! table with its budget (within, or over and by how much) and written as Markdown and JSON
//! under `target/bench/`. Not part of `test`: figures are read, not asserted on a timer (the test
//! command's lints build this code).

use std::fmt::Write as _;
use std::io::BufRead as _;
use std::process::{Command, Stdio};

use crate::figure::{self, Budget};
use crate::util::{Result, cargo, release_binary, root, run, step};

pub fn all() -> Result {
    crate::setup::bench()?;
    crate::build::workspace()?;
    let mut table = Table::default();
    sizes(&mut table)?;
    step("the app: start, memory and idle cost, beside a blank Tauri window (Xvfb, gnome-keyring)");
    let desktop = crate::test::Desktop::start()?;
    figures(&mut desktop.cargo(&["bench", "-p", "kenpo-e2e", "--bench", "app"]), &mut table)?;
    drop(desktop);
    step("the portal under load: logins and listings by many members at once (SQLite, PostgreSQL)");
    figures(cargo().args(["bench", "-p", "kenpo-portal", "--bench", "load"]), &mut table)?;
    step("QR decoding: `kenpo qr` beside zbarimg");
    figures(cargo().args(["bench", "-p", "kenpo-qr", "--bench", "decode"]), &mut table)?;
    step("notices: listing, the printable year, a 100,000-row import");
    figures(cargo().args(["bench", "-p", "kenpo-portal", "--bench", "notices"]), &mut table)?;
    table.finish()
}

/// Runs a bench, passing its output through, and takes into `table` each figure it prints
/// (`figure.rs`).
fn figures(command: &mut Command, table: &mut Table) -> Result {
    eprintln!("$ {command:?}");
    let mut child =
        command.stdout(Stdio::piped()).spawn().map_err(|error| format!("cannot start a bench: {error}"))?;
    let stdout = child.stdout.take().ok_or("no output from the bench")?;
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.map_err(|error| format!("the bench's output: {error}"))?;
        match figure::parse(&line) {
            Some(figure) => {
                let figure = figure?;
                table.row(&figure.what, figure.median, Some(figure.spread), &figure.unit, figure.budget);
            }
            None => println!("{line}"),
        }
    }
    let status = child.wait().map_err(|error| error.to_string())?;
    if status.success() { Ok(()) } else { Err(format!("a bench failed ({status})")) }
}

const MIB: f64 = 1024.0 * 1024.0;
const KIB: f64 = 1024.0;

/// The app's binary as shipped (the `dist` profile) beside the tests' release build, both
/// stripped, and the UI's wasm, raw and as a web server sends it.
fn sizes(table: &mut Table) -> Result {
    step(
        "sizes: the app as shipped (dist profile) and as tested (release), stripped; the UI's wasm (raw, gzip -9)",
    );
    run(cargo().args(["build", "--profile", "dist", "-p", "kenpo-app", "--features", "custom-protocol"]))?;
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    for (what, built, budget) in [
        (
            "size: app binary as shipped (dist profile), stripped",
            root().join("target/dist/kenpo-app"),
            Some(15.0),
        ),
        ("size: app binary as tested (release profile), stripped", release_binary("kenpo-app"), None),
    ] {
        let stripped = dir.join("kenpo-app.stripped");
        std::fs::copy(&built, &stripped).map_err(|error| format!("{}: {error}", built.display()))?;
        run(Command::new("strip").arg(&stripped))?;
        table.row(what, file_size(&stripped)? / MIB, None, "MiB", budget.map(Budget::AtMost));
    }

    let wasm = std::fs::read_dir(root().join("ui/dist"))
        .map_err(|error| format!("ui/dist: {error}"))?
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "wasm"))
        .ok_or("ui/dist holds no .wasm: the UI was not built")?;
    table.row("size: UI wasm, raw", file_size(&wasm)? / KIB, None, "KiB", None);
    table.row("size: UI wasm, gzip -9", gzip_size(&wasm)? / KIB, None, "KiB", Some(Budget::AtMost(300.0)));
    Ok(())
}

fn file_size(path: &std::path::Path) -> Result<f64> {
    Ok(std::fs::metadata(path).map_err(|error| format!("{}: {error}", path.display()))?.len() as f64)
}

fn gzip_size(path: &std::path::Path) -> Result<f64> {
    let compressed = Command::new("gzip")
        .arg("-9c")
        .arg(path)
        .output()
        .map_err(|error| format!("cannot start gzip: {error}"))?;
    if !compressed.status.success() {
        return Err(format!("gzip {} failed", path.display()));
    }
    Ok(compressed.stdout.len() as f64)
}

/// The figures of one run, each with its budget when it has one.
#[derive(Default)]
struct Table {
    rows: Vec<Row>,
}

struct Row {
    what: String,
    /// The median of the runs, and half their range when there were several.
    value: f64,
    spread: Option<f64>,
    unit: String,
    budget: Option<Budget>,
}

impl Row {
    fn within(&self) -> bool {
        match self.budget {
            None => true,
            Some(Budget::AtMost(limit)) => self.value <= limit,
            Some(Budget::AtLeast(limit)) => self.value >= limit,
        }
    }

    fn measured(&self) -> String {
        // Two decimals for ratios and seconds, one for the rest.
        let places = if self.value.abs() < 10.0 { 2 } else { 1 };
        match self.spread {
            Some(spread) => format!("{:.places$} ± {spread:.places$} {}", self.value, self.unit),
            None => format!("{:.places$} {}", self.value, self.unit),
        }
    }

    fn verdict(&self) -> String {
        let (sign, limit) = match self.budget {
            None => return String::new(),
            Some(Budget::AtMost(limit)) => ("≤", limit),
            Some(Budget::AtLeast(limit)) => ("≥", limit),
        };
        if self.within() {
            format!("within {sign} {limit} {}", self.unit)
        } else if limit == 0.0 {
            format!("OVER {sign} 0 {}", self.unit)
        } else {
            format!("OVER {sign} {limit} {} by {:.0} %", self.unit, (self.value / limit - 1.0).abs() * 100.0)
        }
    }
}

impl Table {
    fn row(&mut self, what: &str, value: f64, spread: Option<f64>, unit: &str, budget: Option<Budget>) {
        let row = Row { what: what.to_owned(), value, spread, unit: unit.to_owned(), budget };
        eprintln!("{:<64} {:>18} {}", row.what, row.measured(), row.verdict());
        self.rows.push(row);
    }

    /// Prints the table and writes it as `target/bench/bench.md` and `bench.json`.
    fn finish(self) -> Result {
        let mut markdown = String::from("| figure | median ± half range | budget |\n|---|---:|---|\n");
        let mut json = String::from("[\n");
        for (index, row) in self.rows.iter().enumerate() {
            writeln!(markdown, "| {} | {} | {} |", row.what, row.measured(), row.verdict()).ok();
            let number = |value: Option<f64>| value.map_or("null".to_owned(), |value| format!("{value:.3}"));
            let (at_most, at_least) = match row.budget {
                None => (None, None),
                Some(Budget::AtMost(limit)) => (Some(limit), None),
                Some(Budget::AtLeast(limit)) => (None, Some(limit)),
            };
            let comma = if index + 1 == self.rows.len() { "" } else { "," };
            writeln!(
                json,
                "  {{\"figure\": {}, \"value\": {:.3}, \"spread\": {}, \"unit\": {}, \"at_most\": {}, \"at_least\": {}, \"within\": {}}}{comma}",
                json_string(&row.what),
                row.value,
                number(row.spread),
                json_string(&row.unit),
                number(at_most),
                number(at_least),
                row.within(),
            )
            .ok();
        }
        json.push_str("]\n");
        let dir = root().join("target/bench");
        for (name, text) in [("bench.md", &markdown), ("bench.json", &json)] {
            std::fs::write(dir.join(name), text).map_err(|error| format!("{name}: {error}"))?;
        }
        step("the figures (target/bench/bench.md, bench.json)");
        eprint!("{markdown}");
        Ok(())
    }
}

/// `text` as a JSON string.
fn json_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => write!(quoted, "\\u{:04x}", c as u32).unwrap_or(()),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
