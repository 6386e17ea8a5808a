use std::path::{Path, PathBuf};
use std::process::Command;

pub type Result<T = ()> = std::result::Result<T, String>;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ sits in the workspace").to_path_buf()
}

pub fn step(message: &str) {
    eprintln!("\n==> {message}");
}

/// Runs `command`, echoing it first; fails with the command line if it does not succeed.
pub fn run(command: &mut Command) -> Result {
    eprintln!("$ {}", describe(command));
    let status = command.status().map_err(|error| format!("cannot start {}: {error}", describe(command)))?;
    if status.success() { Ok(()) } else { Err(format!("`{}` failed ({status})", describe(command))) }
}

/// Runs `command` quietly and returns its standard output if it succeeded.
pub fn output(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root());
    command
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

pub fn release_binary(name: &str) -> PathBuf {
    root().join("target/release").join(name)
}
