//! `cargo xtask bench`: the speed and size figures, measured here. Each figure is printed in a
//! table with its budget (within, or over and by how much) and written as Markdown and JSON
//! under `target/bench/`. Not part of `test`: figures are read, not asserted on a timer (the test
//! command's lints build this code).

use std::fmt::Write as _;
use std::process::Command;

use crate::util::{Result, cargo, release_binary, root, run, step};

pub fn all() -> Result {
    crate::build::release()?;
    let mut table = Table::default();
    sizes(&mut table)?;
    step("notices: listing, the printable year, a 100,000-row import");
    run(cargo().args(["bench", "-p", "kenpo-portal", "--bench", "notices"]))?;
    table.finish()
}

const MIB: f64 = 1024.0 * 1024.0;
const KIB: f64 = 1024.0;

/// The app's binary as shipped (stripped) and the UI's wasm, raw and as a web server sends it.
fn sizes(table: &mut Table) -> Result {
    step("sizes: the release binary (stripped) and the UI's wasm (raw, gzip -9)");
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let stripped = dir.join("kenpo-app.stripped");
    std::fs::copy(release_binary("kenpo-app"), &stripped).map_err(|error| format!("kenpo-app: {error}"))?;
    run(Command::new("strip").arg(&stripped))?;
    table.row("size: app binary, stripped", file_size(&stripped)? / MIB, "MiB", Some(15.0));

    let wasm = std::fs::read_dir(root().join("ui/dist"))
        .map_err(|error| format!("ui/dist: {error}"))?
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "wasm"))
        .ok_or("ui/dist holds no .wasm: the UI was not built")?;
    table.row("size: UI wasm, raw", file_size(&wasm)? / KIB, "KiB", None);
    table.row("size: UI wasm, gzip -9", gzip_size(&wasm)? / KIB, "KiB", Some(300.0));
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

/// The figures of one run, each with its budget when it has one (lower is better).
#[derive(Default)]
struct Table {
    rows: Vec<Row>,
}

struct Row {
    what: String,
    value: f64,
    unit: &'static str,
    budget: Option<f64>,
}

impl Row {
    fn verdict(&self) -> String {
        match self.budget {
            None => String::new(),
            Some(budget) if self.value <= budget => {
                format!("within {budget} {} ({:.0} % of it)", self.unit, self.value / budget * 100.0)
            }
            Some(budget) => {
                format!("OVER {budget} {} by {:.0} %", self.unit, (self.value / budget - 1.0) * 100.0)
            }
        }
    }
}

impl Table {
    fn row(&mut self, what: &str, value: f64, unit: &'static str, budget: Option<f64>) {
        let row = Row { what: what.to_owned(), value, unit, budget };
        eprintln!("{:<40} {:>10.1} {:<4} {}", row.what, row.value, row.unit, row.verdict());
        self.rows.push(row);
    }

    /// Prints the table and writes it as `target/bench/bench.md` and `bench.json`.
    fn finish(self) -> Result {
        let mut markdown = String::from("| figure | value | budget |\n|---|---:|---|\n");
        let mut json = String::from("[\n");
        for (index, row) in self.rows.iter().enumerate() {
            writeln!(markdown, "| {} | {:.1} {} | {} |", row.what, row.value, row.unit, row.verdict()).ok();
            let budget = row.budget.map_or("null".to_owned(), |budget| budget.to_string());
            let comma = if index + 1 == self.rows.len() { "" } else { "," };
            writeln!(
                json,
                "  {{\"figure\": {}, \"value\": {:.3}, \"unit\": {}, \"budget\": {budget}, \"within\": {}}}{comma}",
                json_string(&row.what),
                row.value,
                json_string(row.unit),
                row.budget.is_none_or(|budget| row.value <= budget),
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
