//! The floor the app's start and memory are measured against (`cargo xtask bench`): a Tauri 2
//! window with the same Tauri build and an empty page holding one input, and nothing else.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!("examples/blank-page/tauri.conf.json"))
        .expect("the blank window runs");
}
