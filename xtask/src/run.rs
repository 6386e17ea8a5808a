//! `cargo xtask run`: the demo. Starts the portal in demo mode on loopback, puts the demo
//! member's authenticator into the keychain through the app's own vault, and opens the app.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::util::{Result, release_binary, root, run, step};
use crate::{build, setup};

pub fn demo() -> Result {
    setup::all()?;
    build::release()?;
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err(
            "no display to open the app on; on a machine without one, run `xvfb-run cargo xtask run`".into(),
        );
    }
    let data = root().join("target/demo");
    std::fs::create_dir_all(&data).map_err(|error| format!("{}: {error}", data.display()))?;
    let mut portal = Portal::start(&data)?;
    step(&format!("demo portal at {}", portal.url));
    eprintln!("demo members (README, \"The demo members\"): yamada.taro / Demo-Pass-2026 is ready to log in");
    eprintln!("mail to members is written to {}", data.join("outbox").display());
    let result = open_app(&portal.url);
    portal.stop();
    result
}

/// Enrolls the demo member's authenticator and opens the app in the same D-Bus session, so both
/// reach one Secret Service. Without a session bus (a bare console or Xvfb), a private one with
/// an unlocked gnome-keyring is started.
fn open_app(portal_url: &str) -> Result {
    let app = release_binary("kenpo-app");
    let script = r#"set -e
if [ -n "$KENPO_KEYRING_HOME" ]; then
  echo -n kenpo-demo | XDG_DATA_HOME="$KENPO_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null
fi
"$0" demo-enroll
exec "$0""#;
    let mut command = if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    } else {
        let mut command = Command::new("dbus-run-session");
        // The demo keyring lives beside the demo database, with a password of its own.
        command
            .args(["--", "sh", "-c", script])
            .env("KENPO_KEYRING_HOME", root().join("target/demo/keyring-home"));
        command
    };
    step("opening the app");
    run(command.arg(&app).env("KENPO_PORTAL_URL", portal_url))
}

pub struct Portal {
    pub url: String,
    child: Child,
}

impl Portal {
    /// Starts the release portal in demo mode on a free loopback port, with its database and
    /// mail outbox in `data`.
    pub fn start(data: &std::path::Path) -> Result<Self> {
        let mut child = Command::new(release_binary("kenpo-portal"))
            .args(["serve", "--demo", "--addr", "127.0.0.1:0", "--db"])
            .arg(format!("sqlite://{}", data.join("portal.sqlite").display()))
            .arg("--outbox")
            .arg(data.join("outbox"))
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|error| format!("cannot start kenpo-portal: {error}"))?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout is piped"))
            .read_line(&mut line)
            .map_err(|error| format!("kenpo-portal: {error}"))?;
        let url = line
            .trim()
            .strip_prefix("kenpo-portal listening on ")
            .ok_or_else(|| format!("kenpo-portal did not start: {line:?}"))?
            .to_owned();
        Ok(Self { url, child })
    }

    pub fn stop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        self.stop();
    }
}
