//! The durable file store: the in-memory tables ([`MemoryStore`]) plus a write-ahead log
//! and a snapshot in one directory (format and guarantees in `docs/STORE.md`).
//!
//! ```text
//! DIR/LOCK          flock(2)-held while a process uses the store; holds its pid
//! DIR/snapshot.tkc  every record at the end of log generation N (absent until the first compaction)
//! DIR/wal.tkc       generation N+1: one frame per committed transaction
//! ```
//!
//! A write runs the transaction on the in-memory tables under their write lock, appends its
//! changes as one checksummed frame, `fdatasync`s the log, and only then releases the lock
//! (publishes) and returns (acknowledges). When the append fails the transaction is rolled
//! back. When the log passes [`FileStoreOptions::compact_after_bytes`], the next write
//! also writes a new snapshot (temporary file, fsync, rename, fsync the directory) and
//! starts a fresh log of the next generation.
//!
//! Opening loads the snapshot, replays the log, truncates a torn last frame (a crash
//! mid-append) with a note in [`FileStore::recovery_notes`], and refuses anything else that
//! is damaged, naming the file and byte offset.

mod change;
mod error;
mod frame;
mod lock;

pub use change::Change;
pub use error::FileStoreError;
pub use lock::LOCK_FILE;

use super::{MemoryStore, ReadTx, Store, StoreError, Timestamp, WriteTx};
use change::{LogTx, Replayed};
use frame::{Kind, HEADER_LEN};
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};

/// The log's file name.
pub const LOG_FILE: &str = "wal.tkc";
/// The snapshot's file name.
pub const SNAPSHOT_FILE: &str = "snapshot.tkc";

/// Settings of a [`FileStore`].
#[derive(Debug, Clone)]
pub struct FileStoreOptions {
    /// Compact (snapshot + fresh log) once the log is larger than this many bytes.
    pub compact_after_bytes: u64,
    /// Persist API-token last-used times at most this often from the read path (they also
    /// ride along with every write and are flushed on drop).
    pub last_used_interval: Duration,
}

impl Default for FileStoreOptions {
    fn default() -> Self {
        FileStoreOptions {
            compact_after_bytes: 64 << 20,
            last_used_interval: Duration::from_secs(60),
        }
    }
}

/// The open log.
struct Wal {
    file: File,
    len: u64,
    generation: u64,
    /// Set when an append failed in a way that leaves the file's state unknown: writes are
    /// refused until the store is reopened (which recovers from the file as it is).
    broken: Option<String>,
    /// After a failed compaction, the length the log must reach before the next attempt
    /// (so a full disk does not cost a snapshot attempt per write).
    retry_compaction_at: u64,
}

/// Last-used times noted since they were last written (apart from the log's lock, so a
/// GET never waits for a write's fsync).
struct UsedPending {
    times: HashMap<String, Timestamp>,
    flushed_at: Instant,
}

/// A durable [`Store`] in a directory. One process at a time (a lock file).
pub struct FileStore {
    dir: PathBuf,
    mem: MemoryStore,
    wal: Mutex<Wal>,
    used: Mutex<UsedPending>,
    options: FileStoreOptions,
    notes: Vec<String>,
    opened_empty: bool,
    _lock: lock::DirLock,
}

fn io_err(path: &Path, op: &'static str) -> impl FnOnce(std::io::Error) -> FileStoreError {
    let path = path.to_path_buf();
    move |source| FileStoreError::Io { path, op, source }
}

fn sync_dir(dir: &Path) -> Result<(), FileStoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir, "fsync the directory"))
}

/// Writes `bytes` to `dir/name` through a temporary file, fsync, rename and directory fsync.
fn write_atomically(
    dir: &Path,
    name: &str,
    fill: &mut dyn FnMut(&mut BufWriter<&File>) -> Result<(), FileStoreError>,
) -> Result<(), FileStoreError> {
    let tmp = dir.join(format!("{name}.tmp"));
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)
        .map_err(io_err(&tmp, "create"))?;
    let mut w = BufWriter::with_capacity(1 << 20, &file);
    fill(&mut w)?;
    w.flush().map_err(io_err(&tmp, "write"))?;
    drop(w);
    file.sync_all().map_err(io_err(&tmp, "fsync"))?;
    let dest = dir.join(name);
    fs::rename(&tmp, &dest).map_err(io_err(&dest, "rename a temporary file onto"))?;
    sync_dir(dir)
}

impl FileStore {
    /// Opens (or creates) the store in `dir` with default options.
    pub fn open(dir: impl AsRef<Path>) -> Result<FileStore, FileStoreError> {
        Self::open_with(dir, FileStoreOptions::default())
    }

    /// Opens (or creates) the store in `dir`: takes the lock, loads the snapshot, replays
    /// the log. Time and memory are linear in the size of the two files; no frame larger
    /// than 64 MiB is ever read.
    pub fn open_with(
        dir: impl AsRef<Path>,
        options: FileStoreOptions,
    ) -> Result<FileStore, FileStoreError> {
        let dir = dir.as_ref().to_path_buf();
        if !dir.is_dir() {
            fs::create_dir_all(&dir).map_err(io_err(&dir, "create the store directory"))?;
            // The new directory's own entry must survive a crash too.
            match dir.parent() {
                Some(p) if p.as_os_str().is_empty() => sync_dir(Path::new("."))?,
                Some(p) => sync_dir(p)?,
                None => {}
            }
        }
        let lock = lock::acquire(&dir)?;
        let mut notes = Vec::new();
        for stale in [format!("{SNAPSHOT_FILE}.tmp"), format!("{LOG_FILE}.tmp")] {
            let p = dir.join(stale);
            if p.exists() {
                fs::remove_file(&p).map_err(io_err(&p, "remove the unfinished file"))?;
                notes.push(format!(
                    "{}: removed an unfinished temporary file (a crash during compaction)",
                    p.display()
                ));
            }
        }
        let mut load = Loader {
            mem: MemoryStore::new(),
            side: Replayed::default(),
            frames: 0,
            notes,
        };
        let snap_path = dir.join(SNAPSHOT_FILE);
        let snap_gen = if snap_path.exists() {
            Some(load.file(&snap_path, Kind::Snapshot)?.generation)
        } else {
            None
        };
        let generation = snap_gen.map_or(1, |g| g + 1);
        let len = load.log(&dir, snap_gen)?;
        let Loader {
            mem,
            side,
            frames,
            notes,
        } = load;
        mem.raise_seq(side.seq);
        for (id, at) in side.used {
            mem.note_token_used(&id, at);
        }
        let log_path = dir.join(LOG_FILE);
        let file = OpenOptions::new()
            .append(true)
            .open(&log_path)
            .map_err(io_err(&log_path, "open"))?;
        Ok(FileStore {
            dir,
            mem,
            wal: Mutex::new(Wal {
                file,
                len,
                generation,
                broken: None,
                retry_compaction_at: 0,
            }),
            used: Mutex::new(UsedPending {
                times: HashMap::new(),
                flushed_at: Instant::now(),
            }),
            options,
            notes,
            opened_empty: frames == 0,
            _lock: lock,
        })
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What opening had to repair (a torn last write, leftovers of a crash during
    /// compaction), one line each, for the operator's log.
    pub fn recovery_notes(&self) -> &[String] {
        &self.notes
    }

    /// Whether opening found no data at all (a new store: `serve --seed` loads into it).
    pub fn opened_empty(&self) -> bool {
        self.opened_empty
    }

    /// The log's current size in bytes.
    pub fn log_len(&self) -> u64 {
        self.lock_wal().len
    }

    /// Writes pending last-used times (one small frame and an fsync); nothing when none
    /// are pending.
    pub fn flush(&self) -> Result<(), StoreError> {
        let mut wal = self.lock_wal();
        let changes = self.take_used();
        if changes.is_empty() {
            return Ok(());
        }
        append(&mut wal, &self.dir, &changes)
    }

    /// Writes a snapshot of everything and starts a fresh log now.
    pub fn compact(&self) -> Result<(), FileStoreError> {
        let mut wal = self.lock_wal();
        self.compact_locked(&mut wal)
    }

    fn lock_wal(&self) -> MutexGuard<'_, Wal> {
        self.wal.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_used(&self) -> MutexGuard<'_, UsedPending> {
        self.used.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The pending last-used times as changes (sorted by token id: deterministic frames).
    fn take_used(&self) -> Vec<Change> {
        let mut used = self.lock_used();
        used.flushed_at = Instant::now();
        let mut v: Vec<_> = used.times.drain().collect();
        drop(used);
        v.sort();
        v.into_iter()
            .map(|(id, at)| Change::TokenUsed(id, at))
            .collect()
    }

    /// Puts last-used changes that could not be written back in the pending set.
    fn restore_used(&self, changes: Vec<Change>) {
        let mut used = self.lock_used();
        for c in changes {
            if let Change::TokenUsed(id, at) = c {
                let t = used.times.entry(id).or_insert(at);
                *t = (*t).max(at);
            }
        }
    }

    fn compact_locked(&self, wal: &mut Wal) -> Result<(), FileStoreError> {
        let generation = wal.generation;
        let snap_path = self.dir.join(SNAPSHOT_FILE);
        write_atomically(&self.dir, SNAPSHOT_FILE, &mut |w| {
            let io = |e| FileStoreError::Io {
                path: snap_path.clone(),
                op: "write",
                source: e,
            };
            w.write_all(&frame::header(Kind::Snapshot, generation))
                .map_err(io)?;
            let mut batch = Vec::with_capacity(1 << 20);
            let mut buf = Vec::new();
            let flush = |batch: &mut Vec<u8>, buf: &mut Vec<u8>, w: &mut BufWriter<&File>| {
                if batch.is_empty() {
                    return Ok(());
                }
                batch.push(b']');
                buf.clear();
                frame::encode_frame(batch, buf)
                    .map_err(std::io::Error::other)
                    .and_then(|()| w.write_all(buf))?;
                batch.clear();
                Ok::<(), std::io::Error>(())
            };
            self.mem
                .dump(&mut |c| {
                    batch.push(if batch.is_empty() { b'[' } else { b',' });
                    serde_json::to_writer(&mut batch, &c).map_err(std::io::Error::other)?;
                    if batch.len() >= 1 << 20 {
                        flush(&mut batch, &mut buf, w)?;
                    }
                    Ok::<(), std::io::Error>(())
                })
                .and_then(|()| flush(&mut batch, &mut buf, w))
                .map_err(io)
        })?;
        // The snapshot now holds everything in this log: appending to it any more would
        // be lost on the next open (its generation is in the snapshot). So when the new
        // log cannot be put in place, writes stop until the store is reopened.
        let log_path = self.dir.join(LOG_FILE);
        let opened = new_log(&self.dir, generation + 1).and_then(|()| {
            OpenOptions::new()
                .append(true)
                .open(&log_path)
                .map_err(io_err(&log_path, "open"))
        });
        match opened {
            Ok(file) => {
                wal.file = file;
                wal.len = HEADER_LEN;
                wal.generation = generation + 1;
                Ok(())
            }
            Err(e) => {
                wal.broken = Some(format!(
                    "a snapshot was written but the next log could not be started ({e}); writes are refused until the store is reopened"
                ));
                Err(e)
            }
        }
    }
}

/// Creates an empty log of `generation` (atomically, replacing any old one).
fn new_log(dir: &Path, generation: u64) -> Result<(), FileStoreError> {
    let path = dir.join(LOG_FILE);
    write_atomically(dir, LOG_FILE, &mut |w| {
        w.write_all(&frame::header(Kind::Log, generation))
            .map_err(io_err(&path, "write"))
    })
}

/// What opening accumulates: the tables, the counter and last-used times, how many
/// frames were read, and notes for the operator.
struct Loader {
    mem: MemoryStore,
    side: Replayed,
    frames: usize,
    notes: Vec<String>,
}

impl Loader {
    /// Replays every frame of a snapshot or log file into the tables.
    fn file(&mut self, path: &Path, kind: Kind) -> Result<frame::Scanned, FileStoreError> {
        let Loader {
            mem, side, frames, ..
        } = self;
        frame::scan(path, kind, kind == Kind::Log, &mut |bytes, at| {
            *frames += 1;
            replay(mem, path, bytes, at, side)
        })
    }

    /// Replays the log when it continues the snapshot (truncating a torn last frame);
    /// replaces it with an empty log when its generation is already in the snapshot or
    /// it is missing; refuses it when a snapshot is missing. Returns the log's length.
    fn log(&mut self, dir: &Path, snap_gen: Option<u64>) -> Result<u64, FileStoreError> {
        let path = dir.join(LOG_FILE);
        let expected = snap_gen.map_or(1, |g| g + 1);
        if path.exists() {
            let found = frame::read_generation(&path, Kind::Log)?;
            if found == expected {
                let scanned = self.file(&path, Kind::Log)?;
                if let Some(why) = &scanned.torn {
                    let f = OpenOptions::new()
                        .write(true)
                        .open(&path)
                        .map_err(io_err(&path, "open"))?;
                    f.set_len(scanned.good_end)
                        .and_then(|()| f.sync_all())
                        .map_err(io_err(&path, "truncate the torn tail of"))?;
                    self.notes.push(format!(
                        "{}: dropped an interrupted last write ({why}); truncated from {} to {} bytes. That write was never acknowledged",
                        path.display(),
                        scanned.file_len,
                        scanned.good_end
                    ));
                }
                return Ok(scanned.good_end);
            }
            if snap_gen.is_none_or(|g| found > g) {
                return Err(FileStoreError::Corrupt {
                    path,
                    offset: 0,
                    reason: format!(
                        "log generation {found} does not follow the snapshot's ({}): a snapshot is missing",
                        snap_gen.map_or("none".to_owned(), |g| g.to_string())
                    ),
                });
            }
            self.notes.push(format!(
                "{}: generation {found} is already in the snapshot (a crash during compaction); starting log generation {expected}",
                path.display(),
            ));
        }
        new_log(dir, expected)?;
        Ok(HEADER_LEN)
    }
}

/// Replays one frame into the tables.
fn replay(
    mem: &MemoryStore,
    path: &Path,
    bytes: &[u8],
    offset: u64,
    side: &mut Replayed,
) -> Result<(), FileStoreError> {
    let changes: Vec<Change> =
        serde_json::from_slice(bytes).map_err(|e| FileStoreError::Corrupt {
            path: path.to_path_buf(),
            offset,
            reason: format!(
                "the frame's checksum is right but its content is not understood ({e}); was it written by a newer tokencraft?"
            ),
        })?;
    let mut changes = Some(changes);
    let _ = mem.write(&mut |tx| {
        for c in changes.take().into_iter().flatten() {
            c.apply(tx, side);
        }
        Ok(())
    });
    Ok(())
}

/// Appends one frame of `changes` and fsyncs. On failure the log is cut back to its
/// previous length, or marked broken when even that fails.
fn append(wal: &mut Wal, dir: &Path, changes: &[Change]) -> Result<(), StoreError> {
    if let Some(why) = &wal.broken {
        return Err(StoreError::Backend(why.clone()));
    }
    let path = dir.join(LOG_FILE);
    let payload = serde_json::to_vec(changes)
        .map_err(|e| StoreError::Backend(format!("cannot encode the changes: {e}")))?;
    let mut bytes = Vec::with_capacity(payload.len() + 8);
    frame::encode_frame(&payload, &mut bytes).map_err(StoreError::Backend)?;
    let written = wal.file.write_all(&bytes);
    let synced = written.and_then(|()| wal.file.sync_data());
    match synced {
        Ok(()) => {
            wal.len += bytes.len() as u64;
            Ok(())
        }
        Err(e) => {
            let msg = format!("{}: cannot append to the log: {e}", path.display());
            if wal
                .file
                .set_len(wal.len)
                .and_then(|()| wal.file.sync_data())
                .is_err()
            {
                wal.broken = Some(format!(
                    "{msg}; the log could not be cut back either, so writes are refused until the store is reopened"
                ));
            }
            Err(StoreError::Backend(msg))
        }
    }
}

impl Store for FileStore {
    fn read(&self, f: &mut dyn FnMut(&dyn ReadTx)) {
        self.mem.read(f)
    }

    fn write(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut wal = self.lock_wal();
        let result = self.mem.write(&mut |tx| {
            let mut log = LogTx::new(tx);
            f(&mut log)?;
            let mut changes = log.finish();
            if changes.is_empty() {
                return Ok(());
            }
            let n = changes.len();
            changes.extend(self.take_used());
            let r = append(&mut wal, &self.dir, &changes);
            if r.is_err() {
                // Keep the last-used times for a later frame.
                self.restore_used(changes.split_off(n));
            }
            r
        });
        let threshold = self
            .options
            .compact_after_bytes
            .max(wal.retry_compaction_at);
        if result.is_ok() && wal.len > threshold {
            // The write is durable already; a failed compaction only leaves a longer log
            // and is retried once the log has grown by half a threshold more.
            if let Err(e) = self.compact_locked(&mut wal) {
                wal.retry_compaction_at = wal.len + self.options.compact_after_bytes / 2;
                eprintln!("tokencraft: store compaction failed (will retry): {e}");
            }
        }
        result
    }

    fn note_token_used(&self, token_id: &str, at: Timestamp) {
        if self.mem.token_last_used(token_id) >= Some(at) {
            return;
        }
        self.mem.note_token_used(token_id, at);
        let due = {
            let mut used = self.lock_used();
            used.times.insert(token_id.to_owned(), at);
            used.flushed_at.elapsed() >= self.options.last_used_interval
        };
        if !due {
            return;
        }
        // Never wait for a writer here: when one holds the log, its frame carries the times.
        let wal = match self.wal.try_lock() {
            Ok(w) => Some(w),
            Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        };
        if let Some(mut wal) = wal {
            let changes = self.take_used();
            if append(&mut wal, &self.dir, &changes).is_err() {
                self.restore_used(changes);
            }
        }
    }

    fn token_last_used(&self, token_id: &str) -> Option<Timestamp> {
        self.mem.token_last_used(token_id)
    }
}

impl Drop for FileStore {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
