//! How a bench hands a figure to `cargo xtask bench`'s table: one line on standard output,
//! `figure<TAB>what<TAB>median<TAB>spread<TAB>unit<TAB>budget`, where the spread is half the
//! range of the samples and the budget is `<= N`, `>= N` or empty. The benches include this
//! file to print (`#[path]`), with [`cpu_seconds`] for what a process used; xtask reads with it.
//! Each uses part of it.
#![allow(dead_code)]

/// Prints the figure line of `samples` (one or several runs).
pub fn figure(what: &str, samples: &[f64], unit: &str, budget: &str) {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let spread = (sorted[sorted.len() - 1] - sorted[0]) / 2.0;
    println!("figure\t{what}\t{median:.3}\t{spread:.3}\t{unit}\t{budget}");
}

/// A figure read back from its line.
#[derive(Debug, PartialEq)]
pub struct Figure {
    pub what: String,
    pub median: f64,
    pub spread: f64,
    pub unit: String,
    pub budget: Option<Budget>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    AtMost(f64),
    AtLeast(f64),
}

/// The figure on `line`: none if the line is not a figure's, an error if it is a broken one.
pub fn parse(line: &str) -> Option<Result<Figure, String>> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.first() != Some(&"figure") {
        return None;
    }
    let ["figure", what, median, spread, unit, budget] = fields[..] else {
        return Some(Err(format!("a figure line with {} fields: {line}", fields.len())));
    };
    let number = |text: &str| text.parse::<f64>().map_err(|_| format!("not a number ({text}): {line}"));
    Some((|| {
        let budget = match budget.split_once(' ') {
            Some(("<=", limit)) => Some(Budget::AtMost(number(limit)?)),
            Some((">=", limit)) => Some(Budget::AtLeast(number(limit)?)),
            _ if budget.is_empty() => None,
            _ => return Err(format!("not a budget ({budget}): {line}")),
        };
        Ok(Figure {
            what: what.to_owned(),
            median: number(median)?,
            spread: number(spread)?,
            unit: unit.to_owned(),
            budget,
        })
    })())
}

/// User and system CPU time of process `pid`, in seconds (0 once it is gone).
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After the name: state is field 3, utime 14 and stime 15.
    let ticks = stat.rsplit_once(") ").map_or(0, |(_, rest)| {
        let fields: Vec<&str> = rest.split(' ').collect();
        let field = |index: usize| fields.get(index).and_then(|field| field.parse::<u64>().ok()).unwrap_or(0);
        field(11) + field(12)
    });
    ticks as f64 / clock_ticks_per_second()
}

/// Clock ticks a second, as `/proc/PID/stat` counts CPU time.
fn clock_ticks_per_second() -> f64 {
    let output = std::process::Command::new("getconf").arg("CLK_TCK").output().expect("getconf runs");
    String::from_utf8_lossy(&output.stdout).trim().parse().expect("CLK_TCK is a number")
}

#[cfg(test)]
mod tests {
    // No `use`: the benches that include this file build it with `cfg(test)` too, unused.

    #[test]
    fn a_figure_line_is_read_back_and_a_broken_one_refused() {
        let line = "figure\tportal: p99\t12.500\t0.250\tms\t<= 20";
        let read = super::parse(line).unwrap().unwrap();
        assert_eq!(read.what, "portal: p99");
        assert_eq!((read.median, read.spread), (12.5, 0.25));
        assert_eq!(read.budget, Some(super::Budget::AtMost(20.0)));
        assert_eq!(
            super::parse("figure\tx\t1\t0\t%\t>= 80").unwrap().unwrap().budget,
            Some(super::Budget::AtLeast(80.0))
        );
        assert_eq!(super::parse("figure\tx\t1\t0\t%\t").unwrap().unwrap().budget, None);
        assert!(super::parse("listing: median 3 ms").is_none());
        assert!(super::parse("figure\tx\t1\t0\t%").unwrap().is_err());
        assert!(super::parse("figure\tx\tmany\t0\t%\t").unwrap().is_err());
        assert!(super::parse("figure\tx\t1\t0\t%\t< 3").unwrap().is_err());
    }
}
