//! The floor the app's start and memory are measured against (`cargo xtask bench`): a Tauri 2
//! window and an empty page holding one input, and nothing else. A package of its own, built in
//! the same `cargo build` as the app, so both have the same Tauri with the same features.

fn main() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("the blank window runs");
}
