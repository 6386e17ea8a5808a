//! kenpo-e2e: drives the real release app in a real WebKit webview (tauri-driver +
//! WebKitWebDriver) under Xvfb, against the real portal on loopback, with the real Secret
//! Service. `cargo xtask test` provides the display, the D-Bus session and the unlocked
//! gnome-keyring; without them these tests fail rather than skip.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub use kenpo_api::demo::ENROLLED;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

pub fn release_binary(name: &str) -> PathBuf {
    let path = root().join("target/release").join(name);
    assert!(path.exists(), "{} is missing: run `cargo xtask test`, which builds it", path.display());
    path
}

fn require_env(name: &str) {
    assert!(
        std::env::var_os(name).is_some(),
        "{name} is not set: run the end-to-end tests through `cargo xtask test`"
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A child process that is killed when the test ends, however it ends.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// One app session: a demo portal, a device vault with the demo member enrolled, and the app
/// opened by tauri-driver.
pub struct Session {
    pub client: Client,
    pub portal_url: String,
    /// Where the portal writes its mail to members.
    pub outbox: PathBuf,
    /// The Downloads folder of the app's user (XDG), where the save dialog opens.
    pub downloads: PathBuf,
    /// The portal's database, for the staff's admin command line.
    pub db: String,
    pub driver: Driver,
    portal: Process,
    _dir: tempfile::TempDir,
}

impl Session {
    pub async fn start() -> Self {
        Self::start_with(None).await
    }

    /// A session on the portal's sandbox in `scenario` (`kenpo-portal scenarios`). Where the
    /// scenario leaves no portal to enroll from (maintenance, a server error, broken TLS), the
    /// device holds no authenticator, as a member's might not.
    pub async fn in_scenario(scenario: &str) -> Self {
        Self::start_with(Some(scenario)).await
    }

    async fn start_with(scenario: Option<&str>) -> Self {
        require_env("DISPLAY");
        require_env("DBUS_SESSION_BUS_ADDRESS");
        let dir = tempfile::tempdir().unwrap();
        let data_home = dir.path().join("data");

        let db = format!("sqlite://{}", dir.path().join("portal.sqlite").display());
        let mut portal = Command::new(release_binary("kenpo-portal"))
            .args(["serve", "--demo", "--addr", "127.0.0.1:0", "--db", &db])
            .args(scenario.map(|name| ["--scenario", name]).into_iter().flatten())
            .arg("--outbox")
            .arg(dir.path().join("outbox"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("kenpo-portal starts");
        let mut line = String::new();
        BufReader::new(portal.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let portal_url = line
            .trim()
            .strip_prefix("kenpo-portal listening on ")
            .expect("portal prints its address")
            .to_owned();
        let portal = Process(portal);

        let app = release_binary("kenpo-app");
        if !matches!(scenario, Some("maintenance" | "server-error" | "tls-broken")) {
            let enrolled = Command::new(&app)
                .arg("demo-enroll")
                .env("KENPO_PORTAL_URL", &portal_url)
                .env("XDG_DATA_HOME", &data_home)
                .status()
                .unwrap();
            assert!(enrolled.success(), "kenpo-app demo-enroll failed");
        }

        // The member's Downloads folder, where the save dialog opens (XDG user dirs).
        let downloads = dir.path().join("downloads");
        std::fs::create_dir_all(&downloads).unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        let user_dirs = format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display());
        std::fs::write(dir.path().join("config/user-dirs.dirs"), user_dirs).unwrap();

        let config = dir.path().join("config");
        let env: [(&str, &std::ffi::OsStr); 3] = [
            ("KENPO_PORTAL_URL", portal_url.as_ref()),
            ("XDG_DATA_HOME", data_home.as_ref()),
            ("XDG_CONFIG_HOME", config.as_ref()),
        ];
        let driver = Driver::start(&env);
        let client = driver.open(&app).await;
        let outbox = dir.path().join("outbox");
        let session = Self { client, portal_url, outbox, downloads, db, driver, portal, _dir: dir };
        session.set_size(PHONE).await;
        session
    }

    /// Runs `kenpo-portal admin ARGS` on the session's portal, as the society's staff would (its
    /// mail goes to the portal's outbox); panics unless it succeeds, and returns what it printed.
    pub fn admin(&self, args: &[&str]) -> String {
        let output = Command::new(release_binary("kenpo-portal"))
            .args(["admin", "--db", &self.db])
            .args(args)
            .output()
            .expect("kenpo-portal admin runs");
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "admin {args:?}: {text}{}", String::from_utf8_lossy(&output.stderr));
        text
    }

    /// Sets an input's value as the platform's own picker would (a date field's calendar) and
    /// tells the page, with the events a member's choice fires.
    pub async fn set_value(&self, css: &str, value: &str) {
        let element = self.client.wait().for_element(Locator::Css(css)).await.unwrap();
        let element = serde_json::to_value(&element).unwrap();
        let script = "arguments[0].value = arguments[1];
            arguments[0].dispatchEvent(new Event('input', { bubbles: true }));
            arguments[0].dispatchEvent(new Event('change', { bubbles: true }));";
        self.client.execute(script, vec![element, value.into()]).await.unwrap();
    }

    /// A session in which the demo's enrolled member has logged in, the app filling in its own
    /// code, and sees their home.
    pub async fn logged_in() -> Self {
        let session = Self::start().await;
        session.type_into("#user-id", ENROLLED.user_id).await;
        session.type_into("#password", ENROLLED.password).await;
        session.wait_for_filled_code().await;
        session.click("#login").await;
        session.wait_for_text("#welcome", |text| text.contains(ENROLLED.name)).await;
        session
    }

    /// Stops the portal, as when the network or the portal is down.
    pub fn stop_portal(&mut self) {
        self.portal.0.kill().ok();
        self.portal.0.wait().ok();
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let field = self.client.wait().for_element(Locator::Css(css)).await.unwrap();
        field.clear().await.unwrap();
        // Clearing alone fires no input event; a typed and erased character does, as a
        // member's backspace would.
        let keys = if text.is_empty() { "x\u{E003}".to_owned() } else { text.to_owned() };
        field.send_keys(&keys).await.unwrap();
    }

    /// Chooses a file in a file input, as a member picking a screenshot would.
    pub async fn choose_file(&self, css: &str, path: &std::path::Path) {
        let input = self.client.wait().for_element(Locator::Css(css)).await.unwrap();
        input.send_keys(path.to_str().unwrap()).await.unwrap();
    }

    /// Clicks the element found by an XPath expression (for rows found by their text).
    pub async fn click_xpath(&self, xpath: &str) {
        self.client.wait().for_element(Locator::XPath(xpath)).await.unwrap().click().await.unwrap();
    }

    /// The text of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.unwrap() {
            texts.push(element.text().await.unwrap_or_default());
        }
        texts
    }

    pub async fn click(&self, css: &str) {
        self.client.wait().for_element(Locator::Css(css)).await.unwrap().click().await.unwrap();
    }

    /// Waits up to 20 s for the element's text to satisfy `expected`, and returns it.
    pub async fn wait_for_text(&self, css: &str, expected: impl Fn(&str) -> bool) -> String {
        self.wait_for_text_within(css, Duration::from_secs(20), expected).await
    }

    /// The same with another limit: for a call that waits for the next code step (up to 30 s).
    pub async fn wait_for_text_within(
        &self,
        css: &str,
        limit: Duration,
        expected: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if expected(&text) {
                return text;
            }
            assert!(Instant::now() < deadline, "{css} never showed the expected text; last: {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to 10 s for the app to fill its own 6-digit code into the login form, and
    /// returns it.
    pub async fn wait_for_filled_code(&self) -> String {
        let mut code = String::new();
        for _ in 0..50 {
            code = self.value_of("#otp").await;
            if code.len() == 6 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "code not filled in: {code:?}");
        code
    }

    pub async fn value_of(&self, css: &str) -> String {
        let element = self.client.find(Locator::Css(css)).await.unwrap();
        element.prop("value").await.unwrap().unwrap_or_default()
    }

    /// Saves the X display as `target/e2e/<name>.png`. WebDriver's own screenshot is blank in
    /// WebKitGTK under Xvfb, so the display is captured instead, cropped to the window (which opens
    /// at the top left; tests size it as a phone).
    pub fn screenshot(&self, name: &str) {
        let dir = root().join("target/e2e");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        let status = Command::new("import")
            .args(["-window", "root", "-crop", &format!("{}x{}+0+0", PHONE.0, PHONE.1), "+repage"])
            .arg(&path)
            .status()
            .expect("ImageMagick's import runs");
        assert!(status.success(), "screenshot {name} failed");
    }

    /// Saves the screen at both sizes as `target/e2e/screens/<name>-<w>x<h>.png`, ending at the
    /// phone's size.
    pub async fn screens(&self, name: &str) {
        let dir = root().join("target/e2e/screens");
        std::fs::create_dir_all(&dir).unwrap();
        for size in [DESKTOP, PHONE] {
            self.set_size(size).await;
            self.painted().await;
            let (width, height) = size;
            let path = dir.join(format!("{name}-{width}x{height}.png"));
            let status = Command::new("import")
                .args(["-window", "root", "-crop", &format!("{width}x{height}+0+0"), "+repage"])
                .arg(&path)
                .status()
                .expect("ImageMagick's import runs");
            assert!(status.success(), "screenshot {name} failed");
        }
    }

    /// Sizes the window and waits until the page has laid itself out at that width.
    pub async fn set_size(&self, (width, height): (u32, u32)) {
        self.client.set_window_size(width, height).await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let seen =
                self.client.execute("return [window.innerWidth, window.innerHeight]", vec![]).await.unwrap();
            if seen == serde_json::json!([width, height]) {
                break;
            }
            assert!(Instant::now() < deadline, "the window did not take {width}x{height}: {seen}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.painted().await;
    }

    /// Waits until the webview has painted what it laid out: two animation frames, so the
    /// display captured next shows the page as it is now.
    async fn painted(&self) {
        let frames = "const done = arguments[arguments.length - 1];
            requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));";
        self.client.execute_async(frames, vec![]).await.unwrap();
    }

    /// Whether an element matching `css` is on the screen now.
    pub async fn exists(&self, css: &str) -> bool {
        !self.client.find_all(Locator::Css(css)).await.unwrap().is_empty()
    }

    /// Waits up to 20 s for the element to be enabled (or, with `false`, disabled).
    pub async fn wait_enabled(&self, css: &str, enabled: bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let element = self.client.wait().for_element(Locator::Css(css)).await.unwrap();
            if element.is_enabled().await.unwrap() == enabled {
                return;
            }
            assert!(Instant::now() < deadline, "{css} never became enabled={enabled}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Scrolls an element to its end, as a member reading to the last line would.
    pub async fn scroll_to_end(&self, css: &str) {
        let element = self.client.wait().for_element(Locator::Css(css)).await.unwrap();
        let element = serde_json::to_value(&element).unwrap();
        self.client
            .execute("arguments[0].scrollTop = arguments[0].scrollHeight", vec![element])
            .await
            .unwrap();
    }

    /// Waits up to 20 s for a mail to `to` with a line starting with `label`, and returns the
    /// rest of that line from the newest such mail (a code sent again replaces the first).
    pub async fn mailed(&self, to: &str, label: &str, newer_than: Option<std::time::SystemTime>) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut found: Vec<(std::time::SystemTime, String)> = Vec::new();
            for entry in std::fs::read_dir(&self.outbox).into_iter().flatten().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let modified = entry.metadata().and_then(|meta| meta.modified()).unwrap();
                let line = text.lines().find(|line| line.starts_with(label));
                if let Some(line) = line.filter(|_| text.contains(&format!("To: {to}")))
                    && newer_than.is_none_or(|since| modified > since)
                {
                    found.push((modified, line[label.len()..].trim().to_owned()));
                }
            }
            if let Some((_, value)) = found.into_iter().max() {
                return value;
            }
            assert!(Instant::now() < deadline, "no mail to {to} with {label:?} in {}", self.outbox.display());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Chooses `value` in the select element `css`, as a member picking from the list would.
    pub async fn choose(&self, css: &str, value: &str) {
        let select = self.client.wait().for_element(Locator::Css(css)).await.unwrap();
        select.select_by_value(value).await.unwrap();
    }

    /// Accepts the platform's save dialog titled `title` as it opens (in the Downloads folder,
    /// with the name the app suggests), as a member pressing Enter would: the dialog is GTK's
    /// own window, outside the webview, so it is found and keyed through the X server.
    pub async fn accept_save_dialog(&self, title: &str) {
        let found = Command::new("xdotool")
            .args(["search", "--sync", "--onlyvisible", "--name", title])
            .output()
            .expect("xdotool runs (cargo xtask setup installs it)");
        let window = String::from_utf8_lossy(&found.stdout).lines().next().unwrap_or_default().to_owned();
        assert!(!window.is_empty(), "no save dialog titled {title}");
        // GTK takes keys once its window is mapped and focused; the name field has the focus.
        let focused = Command::new("xdotool").args(["windowfocus", "--sync", &window]).status().unwrap();
        assert!(focused.success());
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.screenshot_all("save-dialog");
        let keyed = Command::new("xdotool").args(["key", "--clearmodifiers", "Return"]).status().unwrap();
        assert!(keyed.success());
    }

    /// Waits up to 20 s for the Downloads folder to hold a file whose name starts with
    /// `prefix`, and returns its path (the app renames a whole file into place).
    pub async fn downloaded_starting(&self, prefix: &str) -> PathBuf {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let found =
                std::fs::read_dir(&self.downloads).unwrap().flatten().map(|entry| entry.path()).find(
                    |path| path.file_name().is_some_and(|name| name.to_string_lossy().starts_with(prefix)),
                );
            if let Some(path) = found {
                return path;
            }
            assert!(Instant::now() < deadline, "no {prefix}… was saved in {}", self.downloads.display());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs the helpdesk's `kenpo ARGS`, as built for release; its exit code and what it printed.
    pub fn kenpo(&self, args: &[&str]) -> (Option<i32>, String) {
        let output = Command::new(release_binary("kenpo")).args(args).output().unwrap();
        (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Waits up to 20 s for the Downloads folder to hold `name`, and returns its bytes.
    pub async fn downloaded(&self, name: &str) -> Vec<u8> {
        let path = self.downloads.join(name);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !path.exists() {
            assert!(Instant::now() < deadline, "{} was never saved", path.display());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        std::fs::read(path).unwrap()
    }

    /// The whole X display as `target/e2e/<name>.png` (a dialog opens outside the window).
    fn screenshot_all(&self, name: &str) {
        let path = root().join(format!("target/e2e/{name}.png"));
        Command::new("import").args(["-window", "root"]).arg(&path).status().ok();
    }

    /// The app's processes: the app and its WebKit processes.
    pub fn app_processes(&self) -> Vec<u32> {
        self.driver.app_processes()
    }

    pub async fn close(self) {
        self.client.clone().close().await.ok();
    }
}

/// tauri-driver, with WebKitWebDriver and the app it started; stopped when dropped.
pub struct Driver {
    process: Process,
    port: u16,
}

impl Driver {
    /// tauri-driver, which starts apps with `env`.
    pub fn start(env: &[(&str, &std::ffi::OsStr)]) -> Self {
        let port = free_port();
        let process = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &free_port().to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .envs(env.iter().copied())
            .spawn()
            .expect("tauri-driver starts (cargo xtask setup installs it)");
        wait_for_port(port);
        Self { process: Process(process), port }
    }

    /// Starts the app at `application` (a Tauri binary) in a new WebDriver session.
    pub async fn open(&self, application: &Path) -> Client {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), "wry".into());
        capabilities.insert("tauri:options".into(), serde_json::json!({ "application": application }));
        ClientBuilder::rustls()
            .expect("rustls client")
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session on the app")
    }

    /// The app's processes: the app and the WebKit processes it started (every process under
    /// the driver but WebKitWebDriver).
    pub fn app_processes(&self) -> Vec<u32> {
        let mut parents = Vec::new();
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
            // pid (comm) state ppid …: the name may hold spaces, so read after its last ')'.
            let Some((name, rest)) = stat.rsplit_once(") ") else { continue };
            let ppid: u32 = rest.split(' ').nth(1).and_then(|ppid| ppid.parse().ok()).unwrap_or(0);
            let name = name.split_once(" (").map_or("", |(_, name)| name).to_owned();
            parents.push((pid, ppid, name));
        }
        let mut tree = vec![self.process.0.id()];
        let mut index = 0;
        while index < tree.len() {
            let parent = tree[index];
            tree.extend(parents.iter().filter(|(_, ppid, _)| *ppid == parent).map(|(pid, _, _)| *pid));
            index += 1;
        }
        let driver_or_webdriver = |pid: &u32| {
            *pid == self.process.0.id()
                || parents.iter().any(|(p, _, name)| p == pid && name == "WebKitWebDriver")
        };
        tree.into_iter().filter(|pid| !driver_or_webdriver(pid)).collect()
    }
}

/// A failed test leaves the screen it failed on, for whoever reads the log.
impl Drop for Session {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let name = std::thread::current().name().unwrap_or("test").replace("::", "-");
            let path = root().join(format!("target/e2e/failed-{name}.png"));
            let taken = Command::new("import").args(["-window", "root"]).arg(&path).status();
            eprintln!("the screen at the failure: {} ({taken:?})", path.display());
        }
    }
}

/// The two window sizes every screen is checked at: an iPhone 15 and a laptop.
pub const PHONE: (u32, u32) = (390, 844);
pub const DESKTOP: (u32, u32) = (1280, 800);

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
