//! The store directory's lock: `DIR/LOCK`, held with `flock(2)` for the life of the
//! process (the kernel releases it when the process dies, even on SIGKILL) and holding the
//! holder's pid for the refusal message.

use super::error::FileStoreError;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::path::Path;

/// The lock file's name inside the store directory.
pub const LOCK_FILE: &str = "LOCK";

/// An exclusive lock on a store directory, released on drop (when the file closes).
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

/// Takes the lock on `dir`, or reports who holds it.
pub fn acquire(dir: &Path) -> Result<DirLock, FileStoreError> {
    let path = dir.join(LOCK_FILE);
    let io = |op: &'static str| {
        let path = path.clone();
        move |source| FileStoreError::Io { path, op, source }
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io("open"))?;
    // SAFETY: flock on a file descriptor we own; no memory is passed.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc != 0 {
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
            let mut text = String::new();
            let _ = file.take(32).read_to_string(&mut text);
            return Err(FileStoreError::Locked {
                dir: dir.to_path_buf(),
                pid: text.trim().parse().ok(),
            });
        }
        return Err(io("lock")(err));
    }
    file.set_len(0).map_err(io("write"))?;
    file.seek(SeekFrom::Start(0)).map_err(io("write"))?;
    writeln!(file, "{}", std::process::id()).map_err(io("write"))?;
    Ok(DirLock { _file: file })
}
