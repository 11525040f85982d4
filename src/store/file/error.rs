//! Why a file store could not be opened or written.

use std::io;
use std::path::PathBuf;

/// Why [`super::FileStore::open`] (or a write) failed. Every message names the file (and
/// the byte offset for damaged data) and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum FileStoreError {
    /// An operating-system call failed.
    #[error("{}: cannot {op}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What was being done (`open`, `write`, `fsync`, …).
        op: &'static str,
        /// The OS error.
        source: io::Error,
    },
    /// Another process holds the store directory.
    #[error(
        "store directory {} is in use by another tokencraft process{}: stop it first, or use another --store directory",
        dir.display(),
        match pid { Some(p) => format!(" (pid {p})"), None => String::new() }
    )]
    Locked {
        /// The store directory.
        dir: PathBuf,
        /// The holder's pid, as written in the lock file.
        pid: Option<u32>,
    },
    /// Damaged data: never dropped or overwritten.
    #[error(
        "{}: damaged data at byte offset {offset}: {reason}. The store was not opened and nothing was changed; restore the directory from a backup",
        path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// Where in it.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// A file written by another format version.
    #[error(
        "{}: store format version {found}, but this build reads version {supported}: use a tokencraft release that supports version {found}",
        path.display(),
        supported = super::frame::FORMAT_VERSION
    )]
    Version {
        /// The file.
        path: PathBuf,
        /// The version in its header.
        found: u32,
    },
}
