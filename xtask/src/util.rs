//! What every command shares: step banners, errors that name their step, running
//! subprocesses so a failure names the command, and guards that clean up on drop.

use std::ffi::OsStr;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;

/// The step being run, so that an error made deep inside a helper still says where it happened.
static STEP: Mutex<String> = Mutex::new(String::new());

/// Announces a step (`==> name`) and makes it the step that errors are reported against.
pub fn step(name: &str) {
    *STEP.lock().unwrap() = name.to_string();
    eprintln!("\n==> {name}");
}

/// Prints an indented detail line under the current step.
pub fn note(text: impl fmt::Display) {
    eprintln!("    {text}");
}

/// A failure: which step, what went wrong, and what the reader should do about it.
#[derive(Debug)]
pub struct Error {
    pub step: String,
    pub what: String,
    pub fix: String,
}

pub type Result<T = ()> = std::result::Result<T, Error>;

impl Error {
    /// An error in the current step.
    pub fn new(what: impl Into<String>, fix: impl Into<String>) -> Error {
        Error {
            step: STEP.lock().unwrap().clone(),
            what: what.into(),
            fix: fix.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.step.is_empty() {
            writeln!(f, "error: {}", self.what)?;
        } else {
            writeln!(f, "error: step \"{}\" failed", self.step)?;
            writeln!(f, "  {}", self.what)?;
        }
        if !self.fix.is_empty() {
            write!(f, "  what to do: {}", self.fix)?;
        }
        Ok(())
    }
}

/// Wraps an I/O error with the path it concerns.
pub fn io_err(action: &str, path: &Path, e: std::io::Error) -> Error {
    Error::new(format!("could not {action} {}: {e}", path.display()), "")
}

/// The repository root: xtask lives in `<root>/xtask`.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent directory")
        .to_path_buf()
}

/// Cargo's target directory, honouring `CARGO_TARGET_DIR`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// Prints how much disk is free where target/ lives, so that a run that ends in
/// "No space left on device" shows where the space went; warns below 4 GiB.
pub fn disk_note() {
    let dir = target_dir();
    let at = if dir.exists() { dir } else { root() };
    let Some(out) = probe(Command::new("df").arg("-Pk").arg(&at)) else {
        return;
    };
    // POSIX `df -P`: the second line's fourth column is the space available, in KiB.
    let free_kib = out
        .lines()
        .nth(1)
        .and_then(|line| line.split_whitespace().nth(3))
        .and_then(|n| n.parse::<u64>().ok());
    if let Some(kib) = free_kib {
        let gib = kib as f64 / (1024.0 * 1024.0);
        note(format!("disk: {gib:.1} GiB free at {}", at.display()));
        if gib < 4.0 {
            note("warning: under 4 GiB free; a build may fail with \"No space left on device\"");
        }
    }
}

/// The cargo that runs us (cargo sets `CARGO`), so nested builds use the same toolchain.
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// A command as a reader would type it: `ENV=value program args (in dir)`.
pub fn show(cmd: &Command) -> String {
    let root = root();
    let root_prefix = format!("{}/", root.display());
    let quote = |s: &OsStr| {
        // Paths inside the repository read better relative to its root.
        let s = s.to_string_lossy();
        let s = match s.strip_prefix(root_prefix.as_str()) {
            Some(rest) => std::borrow::Cow::Owned(rest.to_string()),
            None => s,
        };
        if s.is_empty() || s.contains(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
            format!("'{s}'")
        } else {
            s.into_owned()
        }
    };
    let mut parts = Vec::new();
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            parts.push(format!("{}={}", key.to_string_lossy(), quote(value)));
        }
    }
    parts.push(program_name(cmd));
    parts.extend(cmd.get_args().map(quote));
    let mut line = parts.join(" ");
    if let Some(dir) = cmd.get_current_dir() {
        if dir != root {
            let dir = dir.strip_prefix(&root).unwrap_or(dir);
            line.push_str(&format!("   (in {})", dir.display()));
        }
    }
    line
}

/// The program as a reader knows it: relative to the repo root when inside it
/// (`target/release/server`), else its bare name (`cargo`, not `/root/.rustup/.../cargo`).
fn program_name(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program());
    if let Ok(inside) = program.strip_prefix(root()) {
        return inside.to_string_lossy().into_owned();
    }
    program
        .file_name()
        .unwrap_or(program.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// The error for a command that could not be started at all.
fn spawn_error(cmd: &Command, e: std::io::Error, fix: &str) -> Error {
    let what = if e.kind() == std::io::ErrorKind::NotFound {
        format!(
            "could not start `{}`: `{}` was not found on PATH",
            show(cmd),
            program_name(cmd)
        )
    } else {
        format!("could not start `{}`: {e}", show(cmd))
    };
    Error::new(what, fix)
}

/// Describes an exit status: `exited with status 1` or `was killed by signal 9`.
pub fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (None, Some(signal)) => format!("was killed by signal {signal}"),
        _ => "ended abnormally".to_string(),
    }
}

/// The exit code to hand on for a child's status (128 + signal, as shells do).
pub fn exit_code(status: ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0))
}

/// Starts a command with the terminal inherited and waits for it; returns its status
/// (a non-zero status is not an error here: callers that only want success use [`run`]).
pub fn status(cmd: &mut Command, fix: &str) -> Result<ExitStatus> {
    note(format!("$ {}", show(cmd)));
    cmd.status().map_err(|e| spawn_error(cmd, e, fix))
}

/// Runs a command with the terminal inherited; a non-zero exit is an error naming the command.
pub fn run(cmd: &mut Command, fix: &str) -> Result<()> {
    let status = status(cmd, fix)?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::new(
            format!("`{}` {}", show(cmd), describe(status)),
            fix,
        ))
    }
}

/// Runs a command quietly and returns its stdout, or `None` if it cannot start or fails.
/// For probing what is installed.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether a program is on PATH.
pub fn on_path(program: &str) -> bool {
    which(program).is_some()
}

/// The full path of a program found on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| {
            fs::metadata(candidate)
                .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
        })
}

/// Kills and reaps a child process when dropped, whatever path the caller leaves by
/// (success, error or panic), so no test server outlives the command that started it.
#[must_use = "the child is killed when the guard is dropped"]
pub struct KillOnDrop {
    child: Child,
}

impl KillOnDrop {
    pub fn new(child: Child) -> KillOnDrop {
        KillOnDrop { child }
    }

    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(prefix: &str) -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&path).map_err(|e| io_err("create", &path, e))?;
        Ok(TempDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// A file's size in bytes, or an error naming it.
pub fn file_size(path: &Path) -> Result<u64> {
    fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| io_err("read the size of", path, e))
}

/// One xtask at a time per target directory: a build deletes and rewrites the dist
/// that another run's e2e server is serving, and two e2e runs share their result
/// folders (and two cores). The lock file holds the owner's pid; a lock whose owner
/// is gone (killed, Ctrl-C) is taken over.
#[must_use = "the lock is released when the guard is dropped"]
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Waits until no other `cargo xtask` holds the lock, then takes it.
    pub fn acquire() -> Result<Lock> {
        use std::io::Write;
        let path = target_dir().join("xtask/lock");
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| io_err("create", dir, e))?;
        }
        let mut announced = false;
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let _ = writeln!(file, "{}", std::process::id());
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    match lock_holder(&path) {
                        Holder::Alive(pid) => {
                            if !announced {
                                eprintln!(
                                    "waiting for another `cargo xtask` (pid {pid}) to finish; it holds {}",
                                    path.display()
                                );
                                announced = true;
                            }
                        }
                        Holder::Starting => {}
                        Holder::Gone => {
                            let _ = fs::remove_file(&path);
                            continue;
                        }
                    }
                    std::thread::sleep(std::time::Duration::from_millis(500));
                }
                Err(e) => return Err(io_err("create", &path, e)),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

enum Holder {
    Alive(u32),
    /// The file exists but its pid is not written yet.
    Starting,
    Gone,
}

fn lock_holder(path: &Path) -> Holder {
    let Ok(text) = fs::read_to_string(path) else {
        return Holder::Starting;
    };
    let Ok(pid) = text.trim().parse::<u32>() else {
        // An empty file just created by another process is fine for a few seconds.
        let age = fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        return match age {
            Some(age) if age.as_secs() >= 5 => Holder::Gone,
            _ => Holder::Starting,
        };
    };
    // The pid must still be an xtask: after a crash, the number may have been reused.
    match fs::read(format!("/proc/{pid}/cmdline")) {
        Ok(cmdline) if String::from_utf8_lossy(&cmdline).contains("xtask") => Holder::Alive(pid),
        _ => Holder::Gone,
    }
}
