//! The three engines and their WebDriver servers: Debian's chromedriver for
//! Chromium, geckodriver for Firefox ESR, and WebKitGTK's WebKitWebDriver,
//! which drives its MiniBrowser and needs a display (Xvfb, through
//! `xvfb-run`). Each driver runs on a free loopback port and is killed
//! when dropped.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use serde_json::json;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    Webkit,
}

impl Engine {
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::Webkit];

    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::Webkit => "webkit",
        }
    }

    pub fn parse(s: &str) -> Option<Engine> {
        Engine::ALL.into_iter().find(|e| e.name() == s)
    }
}

pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// A WebDriver server process; killed with everything it started (the
/// browser, and for WebKit `xvfb-run`'s Xvfb) on drop: it runs in a process
/// group of its own, and the whole group is signalled.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::thread::sleep(Duration::from_millis(200));
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn geckodriver() -> String {
    std::env::var("GECKODRIVER").unwrap_or_else(|_| "geckodriver".into())
}

/// Starts `engine`'s driver and waits until it answers `/status`.
pub fn start(engine: Engine) -> Result<Driver, String> {
    let port = free_port();
    let mut cmd = match engine {
        Engine::Chromium => {
            let mut c = Command::new("/usr/bin/chromedriver");
            c.arg(format!("--port={port}"));
            c
        }
        Engine::Firefox => {
            let mut c = Command::new(geckodriver());
            c.args(["--host", "127.0.0.1", "--port", &port.to_string()]);
            c
        }
        Engine::Webkit => {
            // -a: a free display number; the driver and its MiniBrowser share it.
            let mut c = Command::new("xvfb-run");
            c.args(["-a", "-s", "-screen 0 1400x1000x24", "WebKitWebDriver"])
                .arg(format!("--port={port}"));
            c
        }
    };
    let child = cmd
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the {} driver: {e}", engine.name()))?;
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err(format!(
                "the {} driver did not listen within 20 s",
                engine.name()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(driver)
}

/// The session's capabilities: headless where the engine has it, Chromium's
/// flags as every test layer starts it, autoplay allowed for muted video.
pub fn capabilities(engine: Engine) -> Capabilities {
    let caps = match engine {
        Engine::Chromium => json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-features=LocalNetworkAccessChecks", "--window-size=1280,900",
                    "--autoplay-policy=no-user-gesture-required"
                ]
            }
        }),
        Engine::Firefox => json!({
            "browserName": "firefox",
            "moz:firefoxOptions": {
                "binary": "/usr/bin/firefox-esr",
                "args": ["-headless", "-width", "1280", "-height", "900"],
                "prefs": { "media.autoplay.default": 0, "media.autoplay.blocking_policy": 0 }
            }
        }),
        Engine::Webkit => json!({
            "browserName": "MiniBrowser",
            "webkitgtk:browserOptions": { "binary": MINIBROWSER, "args": ["--automation"] }
        }),
    };
    match caps {
        serde_json::Value::Object(m) => m,
        _ => unreachable!("an object"),
    }
}
