//! SIGTERM shuts a server down cleanly (own test binary: signals are process-wide).

mod server_support;

use server_support::{echo, get, start, Raw};
use std::time::Duration;
use tokencraft::server::install_signal_shutdown;

#[test]
fn sigterm_stops_the_server_cleanly() {
    let mut server = start(|_| {}, echo);
    install_signal_shutdown(server.handle.clone()).expect("install handlers");
    let mut raw = Raw::connect(server.addr);
    raw.send(&get("/before"));
    assert_eq!(raw.read_response().status, 200);

    // SAFETY: raising a signal whose handler was installed above.
    let rc = unsafe { libc::raise(libc::SIGTERM) };
    assert_eq!(rc, 0);
    server
        .wait(Duration::from_secs(5))
        .expect("run returns Ok after SIGTERM");
    assert!(server.handle.is_shutdown());
    assert!(raw.is_closed());
}
