//! The store directory's lock: `DIR/LOCK`, held with `flock(2)` for the life of the
//! process (the kernel releases it when the process dies, even on SIGKILL) and holding the
//! holder's pid for the refusal message.
//!
//! A child process forked by any thread of this process shares the lock's open file until
//! it `exec`s (the descriptor is close-on-exec), so for that short window the lock can look
//! taken by this very process although no store holds it. The directories this process
//! has open are therefore kept in a registry: a directory open here is refused at once,
//! while a lock held under our own pid by a directory that is not open here is waited for
//! briefly (a fork in flight) before being refused.

use super::error::FileStoreError;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The lock file's name inside the store directory.
pub const LOCK_FILE: &str = "LOCK";

/// How long a lock that carries our own pid, for a directory no store of this process has
/// open, is waited for (a forked child between `fork` and `exec`).
const FORK_WINDOW: Duration = Duration::from_secs(2);

/// The store directories this process holds (canonical paths).
static OPEN_HERE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn open_here() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    OPEN_HERE.lock().unwrap_or_else(|e| e.into_inner())
}

/// An exclusive lock on a store directory, released on drop (when the file closes).
#[derive(Debug)]
pub struct DirLock {
    _file: File,
    /// The directory's entry in the registry of this process.
    key: PathBuf,
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let mut open = open_here();
        if let Some(i) = open.iter().position(|p| *p == self.key) {
            open.swap_remove(i);
        }
    }
}

/// Takes the lock on `dir`, or reports who holds it.
pub fn acquire(dir: &Path) -> Result<DirLock, FileStoreError> {
    let path = dir.join(LOCK_FILE);
    let io = |op: &'static str| {
        let path = path.clone();
        move |source| FileStoreError::Io { path, op, source }
    };
    let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let locked = |pid: Option<u32>| FileStoreError::Locked {
        dir: dir.to_path_buf(),
        pid,
    };
    let own = std::process::id();
    if open_here().contains(&key) {
        return Err(locked(Some(own)));
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io("open"))?;
    let since = Instant::now();
    loop {
        // SAFETY: flock on a file descriptor we own; no memory is passed.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc == 0 {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() != Some(libc::EWOULDBLOCK) {
            return Err(io("lock")(err));
        }
        let mut text = String::new();
        let _ = (&file).take(32).read_to_string(&mut text);
        let _ = file.seek(SeekFrom::Start(0));
        let pid: Option<u32> = text.trim().parse().ok();
        let forked_here = pid == Some(own) && !open_here().contains(&key);
        if !forked_here || since.elapsed() >= FORK_WINDOW {
            return Err(locked(pid));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    file.set_len(0).map_err(io("write"))?;
    file.seek(SeekFrom::Start(0)).map_err(io("write"))?;
    writeln!(file, "{own}").map_err(io("write"))?;
    open_here().push(key.clone());
    Ok(DirLock { _file: file, key })
}
