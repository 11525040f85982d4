//! `tokencraft serve`: the REST API over HTTP/1.1.

use super::args::ServeArgs;
use crate::api::{Api, ApiConfig};
use crate::error::Error;
use crate::server::{install_signal_shutdown, Server, ServerConfig};
use crate::store::MemoryStore;
use std::net::SocketAddr;
use std::sync::Arc;

/// Starts the server and blocks until SIGINT/SIGTERM.
pub fn serve(args: ServeArgs) -> Result<i32, Error> {
    let addr: SocketAddr = args.addr.parse().map_err(|_| {
        Error::Usage(format!(
            "--addr `{}` is not a socket address (for example 127.0.0.1:8787)",
            args.addr
        ))
    })?;
    if args.store != "memory" {
        return Err(Error::Usage(format!(
            "--store `{}`: only `memory` is available in this version",
            args.store
        )));
    }
    if args.rate_limit == 0 {
        return Err(Error::Usage("--rate-limit must be at least 1".into()));
    }
    let store = Arc::new(MemoryStore::new());
    if let Some(seed) = &args.seed {
        let text = std::fs::read_to_string(seed).map_err(|source| Error::Io {
            path: seed.display().to_string(),
            source,
        })?;
        crate::api::load_seed(store.as_ref(), &text)
            .map_err(|e| Error::Usage(format!("{}: {e}", seed.display())))?;
    }
    let config = ApiConfig {
        rate_limit: args.rate_limit,
        ..ApiConfig::default()
    };
    let api = Arc::new(Api::new(store, config));
    let handler = move |req: &crate::api::Request| api.handle(req);
    let server = Server::bind(
        ServerConfig {
            addr,
            ..ServerConfig::default()
        },
        Arc::new(handler),
    )
    .map_err(|source| Error::Io {
        path: addr.to_string(),
        source,
    })?;
    // Handle SIGINT/SIGTERM before announcing the address: a supervisor (or a test) may
    // signal as soon as it reads the announcement.
    install_signal_shutdown(server.shutdown_handle()).map_err(|source| Error::Io {
        path: "signal handler".into(),
        source,
    })?;
    eprintln!(
        "tokencraft: serving the API on http://{}/api/v1 (Ctrl-C to stop)",
        server.local_addr()
    );
    server.run().map_err(|source| Error::Io {
        path: addr.to_string(),
        source,
    })?;
    eprintln!("tokencraft: stopped");
    Ok(0)
}
