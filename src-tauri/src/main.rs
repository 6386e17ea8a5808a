// Prevents an extra console window on Windows in release.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    // WebKitGTK composites every repaint through OpenGL, which is software where there is no
    // GPU (a virtual machine, a remote desktop, Xvfb): there the codes screen's countdown cost
    // 4 % of a core idle and the web process 75 MiB more (`cargo xtask bench`), for screens
    // that need no compositing. A member's own choice in the environment is kept.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // SAFETY: no other thread runs yet, so none reads the environment meanwhile.
        unsafe { std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1") };
    }
    kenpo_app_lib::main_with_args(std::env::args().skip(1).collect())
}
