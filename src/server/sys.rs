//! The few system facilities `std` does not offer: `poll(2)` over many sockets, a
//! self-wake channel for the poller, and SIGINT/SIGTERM handlers. All `unsafe` code of the
//! server lives here.

use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, IntoRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use super::ShutdownHandle;

/// A reusable set of file descriptors for one `poll(2)` call.
#[derive(Default)]
pub(crate) struct PollSet {
    fds: Vec<libc::pollfd>,
}

impl PollSet {
    /// Forgets every registered descriptor (keeps the allocation).
    pub(crate) fn clear(&mut self) {
        self.fds.clear();
    }

    /// Registers `fd` for readability and returns its index.
    pub(crate) fn push(&mut self, fd: RawFd) -> usize {
        self.fds.push(libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        });
        self.fds.len() - 1
    }

    /// How many descriptors are registered.
    pub(crate) fn len(&self) -> usize {
        self.fds.len()
    }

    /// Whether the descriptor at `index` is readable, hung up or in error after the last
    /// [`PollSet::wait`] (all three mean "a read will not block").
    pub(crate) fn ready(&self, index: usize) -> bool {
        self.fds.get(index).is_some_and(|p| {
            p.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
        })
    }

    /// Blocks until a descriptor is ready or `timeout` passes (`None`: no timeout).
    /// An interrupting signal counts as a wake-up with nothing ready.
    pub(crate) fn wait(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        let millis: libc::c_int = match timeout {
            None => -1,
            // Round up so that a deadline 0.4 ms away does not spin with a 0 ms timeout.
            Some(d) => {
                let ms = d.as_micros().div_ceil(1000);
                libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
            }
        };
        let nfds = libc::nfds_t::try_from(self.fds.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "too many descriptors"))?;
        // SAFETY: `fds` is a valid, initialised array of `nfds` pollfd structs that lives
        // for the whole call; poll only writes the `revents` fields.
        let rc = unsafe { libc::poll(self.fds.as_mut_ptr(), nfds, millis) };
        if rc < 0 {
            let err = io::Error::last_os_error();
            if err.kind() == io::ErrorKind::Interrupted {
                for p in &mut self.fds {
                    p.revents = 0;
                }
                return Ok(());
            }
            return Err(err);
        }
        Ok(())
    }
}

/// Both ends of the poller's wake-up channel: workers and shutdown write one byte to
/// wake the poller out of `poll(2)`.
pub(crate) struct Waker {
    tx: UnixStream,
    /// A wake-up byte has been sent since the poller last called [`Waker::rearm`]:
    /// workers finishing in a burst send one byte between them, not one each.
    pending: AtomicBool,
}

impl Waker {
    /// A waker and the non-blocking read end the poller watches.
    pub(crate) fn pair() -> io::Result<(Waker, UnixStream)> {
        let (tx, rx) = UnixStream::pair()?;
        tx.set_nonblocking(true)?;
        rx.set_nonblocking(true)?;
        let waker = Waker {
            tx,
            pending: AtomicBool::new(false),
        };
        Ok((waker, rx))
    }

    /// Wakes the poller. A full channel already holds a pending wake-up, so
    /// `WouldBlock` is fine to ignore.
    pub(crate) fn wake(&self) {
        let _ = (&self.tx).write(&[1]);
    }

    /// Wakes the poller unless a wake-up is already on its way (sent after the poller's
    /// last [`Waker::rearm`]); saves a syscall per finished request under load.
    pub(crate) fn wake_once(&self) {
        if !self.pending.swap(true, Ordering::AcqRel) {
            self.wake();
        }
    }

    /// Called by the poller before it collects what workers sent: a worker finishing
    /// after this point sends a new wake-up byte.
    pub(crate) fn rearm(&self) {
        self.pending.store(false, Ordering::Release);
    }
}

/// What [`wait_one`] waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Interest {
    /// A read will not block (data, end of stream or an error).
    Read,
    /// A write will not block.
    Write,
}

/// Blocks until `fd` is ready for `interest` or `timeout` passes: `Ok(false)` on
/// timeout. An interrupting signal returns `Ok(true)` (the caller retries its operation,
/// which fails with `WouldBlock` and waits again within its deadline).
pub(crate) fn wait_one(fd: RawFd, interest: Interest, timeout: Duration) -> io::Result<bool> {
    let events = match interest {
        Interest::Read => libc::POLLIN,
        Interest::Write => libc::POLLOUT,
    };
    let mut set = [libc::pollfd {
        fd,
        events,
        revents: 0,
    }];
    let ms = libc::c_int::try_from(timeout.as_micros().div_ceil(1000)).unwrap_or(libc::c_int::MAX);
    // SAFETY: `set` is a valid one-element pollfd array living for the whole call.
    let rc = unsafe { libc::poll(set.as_mut_ptr(), 1, ms) };
    if rc < 0 {
        let err = io::Error::last_os_error();
        return if err.kind() == io::ErrorKind::Interrupted {
            Ok(true)
        } else {
            Err(err)
        };
    }
    Ok(rc > 0)
}

/// Empties the read end of a wake-up channel (bounded: stops at `WouldBlock`, EOF or
/// after 64 reads).
pub(crate) fn drain_wakeups(rx: &UnixStream) {
    let mut sink = [0u8; 256];
    for _ in 0..64 {
        match (&*rx).read(&mut sink) {
            Ok(n) if n > 0 => continue,
            _ => break,
        }
    }
}

/// Write end of the signal pipe, read by the async-signal-safe handler.
static SIGNAL_FD: AtomicI32 = AtomicI32::new(-1);
/// Every handle registered with [`install_signal_shutdown`].
static SIGNAL_HANDLES: Mutex<Vec<ShutdownHandle>> = Mutex::new(Vec::new());
/// The one-time installation result (handlers and the watcher thread).
static SIGNAL_INSTALL: OnceLock<Result<(), String>> = OnceLock::new();

const SHUTDOWN_SIGNALS: [libc::c_int; 2] = [libc::SIGINT, libc::SIGTERM];

extern "C" fn on_signal(signal: libc::c_int) {
    let fd = SIGNAL_FD.load(Ordering::Relaxed);
    if fd >= 0 {
        let byte = u8::try_from(signal).unwrap_or(0);
        // SAFETY: write(2) is async-signal-safe; the buffer is a live one-byte local.
        unsafe {
            libc::write(fd, (&byte as *const u8).cast(), 1);
        }
    }
}

/// Registers `handle` to be shut down on SIGINT or SIGTERM. The first call installs the
/// handlers and a watcher thread; later calls only add handles. After the first signal
/// the default dispositions are restored, so a second Ctrl-C ends the process at once.
pub(crate) fn install_signal_shutdown(handle: ShutdownHandle) -> io::Result<()> {
    SIGNAL_HANDLES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(handle);
    let installed = SIGNAL_INSTALL.get_or_init(|| install_handlers().map_err(|e| e.to_string()));
    installed.clone().map_err(|msg| {
        io::Error::other(format!(
            "could not install SIGINT/SIGTERM handlers: {msg}; stop the server with its ShutdownHandle instead"
        ))
    })
}

fn install_handlers() -> io::Result<()> {
    let (mut rx, tx) = UnixStream::pair()?;
    tx.set_nonblocking(true)?;
    SIGNAL_FD.store(tx.into_raw_fd(), Ordering::Relaxed);
    for signal in SHUTDOWN_SIGNALS {
        // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value; the handler
        // only calls async-signal-safe write(2) on a descriptor that is never closed.
        let rc = unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut())
        };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    std::thread::Builder::new()
        .name("tokencraft-signals".into())
        .spawn(move || {
            let mut byte = [0u8; 1];
            // Blocks until the first signal; EOF cannot happen (the write end is leaked).
            if rx.read(&mut byte).is_ok() {
                let name = match libc::c_int::from(byte[0]) {
                    libc::SIGINT => "SIGINT",
                    libc::SIGTERM => "SIGTERM",
                    _ => "signal",
                };
                eprintln!(
                    "tokencraft: {name} received, finishing in-flight requests (send it again to exit at once)"
                );
                for signal in SHUTDOWN_SIGNALS {
                    // SAFETY: restoring the default disposition has no preconditions.
                    unsafe {
                        libc::signal(signal, libc::SIG_DFL);
                    }
                }
                let handles = SIGNAL_HANDLES.lock().unwrap_or_else(|e| e.into_inner());
                for handle in handles.iter() {
                    handle.shutdown();
                }
            }
        })?;
    Ok(())
}

/// The raw descriptor of anything that has one (for [`PollSet::push`]).
pub(crate) fn fd_of(source: &impl AsRawFd) -> RawFd {
    source.as_raw_fd()
}
