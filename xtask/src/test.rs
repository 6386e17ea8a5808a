//! `cargo xtask test`: every test layer, in order of speed. Nothing is skipped: a layer that
//! cannot run here fails the whole command.

use std::process::{Child, Command};
use std::time::Instant;

use crate::util::{Result, cargo, output, root, run, step};
use crate::{build, deny, fuzz, setup};

pub fn all() -> Result {
    let started = Instant::now();
    setup::all()?;
    step("formatting");
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    deny::check()?;
    build::workspace()?;
    step("lints");
    run(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    step("the authenticator core builds for the web UI and for iPhone");
    for target in setup::PORTABLE_TARGETS {
        run(cargo().args(["check", "-p", "kenpo-otp", "--target", target]))?;
    }
    step("unit, property, HTTP and app command tests (the portal on SQLite)");
    // As the release build: the tests reuse its artifacts instead of compiling Tauri and WebKit
    // bindings a second time.
    run(cargo().arg("test").args(build::WORKSPACE))?;
    portal_on_postgres()?;
    fuzz::smoke()?;
    end_to_end()?;
    eprintln!("\nall tests passed in {:.0?}", started.elapsed());
    Ok(())
}

/// The portal's HTTP tests again, each binary as built above, on PostgreSQL: each binary starts
/// a private cluster (see crates/portal/tests/common/postgres.rs).
fn portal_on_postgres() -> Result {
    step("the portal's HTTP tests on PostgreSQL");
    let listing =
        output(cargo().arg("test").args(build::WORKSPACE).args(["--no-run", "--message-format=json"]))
            .ok_or("cannot list the test binaries")?;
    let binaries: Vec<&str> = listing
        .lines()
        .filter(|line| line.contains("#kenpo-portal@") && line.contains(r#""kind":["test"]"#))
        .filter_map(|line| line.split(r#""executable":""#).nth(1)?.split('"').next())
        .collect();
    if binaries.len() < 10 {
        return Err(format!("expected the portal's HTTP test binaries, found {binaries:?}"));
    }
    for binary in binaries {
        run(Command::new(binary)
            .current_dir(root().join("crates/portal"))
            .env("KENPO_TEST_BACKEND", "postgres"))?;
    }
    Ok(())
}

/// The real release app under Xvfb, driven through tauri-driver and WebKitWebDriver, against a
/// real portal, with a real gnome-keyring on a private D-Bus session.
fn end_to_end() -> Result {
    step("end-to-end tests (Xvfb, tauri-driver, gnome-keyring)");
    let desktop = Desktop::start()?;
    run(&mut desktop.cargo(&["test", "--release", "-p", "kenpo-e2e", "--", "--test-threads=1"]))
}

/// What the app needs to run here: a virtual display, a private D-Bus session and an unlocked
/// gnome-keyring of its own; stopped when dropped.
pub struct Desktop {
    xvfb: Xvfb,
}

impl Desktop {
    pub fn start() -> Result<Self> {
        Ok(Self { xvfb: Xvfb::start()? })
    }

    /// `cargo ARGS` on this desktop, in a D-Bus session with a keyring created afresh (so its
    /// password is always the one given here).
    pub fn cargo(&self, args: &[&str]) -> Command {
        let keyring_home = root().join("target/e2e/keyring-home");
        std::fs::remove_dir_all(&keyring_home).ok();
        std::fs::create_dir_all(&keyring_home).ok();
        let script = "set -e
echo -n kenpo-e2e | XDG_DATA_HOME=\"$KENPO_KEYRING_HOME\" gnome-keyring-daemon --unlock --components=secrets >/dev/null
exec \"$0\" \"$@\"";
        let mut command = Command::new("dbus-run-session");
        command
            .current_dir(root())
            .env("KENPO_KEYRING_HOME", &keyring_home)
            .env("DISPLAY", &self.xvfb.display)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .args(["--", "sh", "-c", script])
            .arg(cargo().get_program())
            .args(args);
        command
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        self.xvfb.stop();
    }
}

/// A virtual X display for the app under test; screenshots are taken from it.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Result<Self> {
        // The first display number no other X server holds.
        let number = (90..200)
            .find(|n| !std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists())
            .ok_or("no free X display number between :90 and :199")?;
        let display = format!(":{number}");
        let child = Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
            .spawn()
            .map_err(|error| format!("cannot start Xvfb: {error}"))?;
        // Xvfb creates its socket when it is ready to take clients.
        let socket = format!("/tmp/.X11-unix/X{number}");
        for _ in 0..100 {
            if std::path::Path::new(&socket).exists() {
                return Ok(Self { child, display });
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Err(format!("Xvfb did not open display {display}"))
    }

    fn stop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}
