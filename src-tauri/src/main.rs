// Prevents an extra console window on Windows in release.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    kenpo_app_lib::main_with_args(std::env::args().skip(1).collect())
}
