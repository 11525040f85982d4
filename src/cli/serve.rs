//! `tokencraft serve`: the REST API over HTTP/1.1, on the durable file store (default
//! `./tokencraft-data`) or, with `--store memory`, on a store that is lost on exit.

use super::args::ServeArgs;
use crate::api::{Api, ApiConfig};
use crate::error::Error;
use crate::server::{install_signal_shutdown, AccessLog, Server, ServerConfig};
use crate::store::{FileStore, FileStoreOptions, MemoryStore, Store};
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
    if args.rate_limit == 0 {
        return Err(Error::Usage("--rate-limit must be at least 1".into()));
    }
    if args.store.is_empty() {
        return Err(Error::Usage(
            "--store needs a directory, or `memory`".into(),
        ));
    }
    let (store, file): (Arc<dyn Store>, Option<Arc<FileStore>>) = if args.store == "memory" {
        (Arc::new(MemoryStore::new()), None)
    } else {
        let options = FileStoreOptions {
            compact_after_bytes: args.compact_after,
            ..FileStoreOptions::default()
        };
        let file = match FileStore::open_with(&args.store, options) {
            Ok(f) => Arc::new(f),
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(1);
            }
        };
        for note in file.recovery_notes() {
            eprintln!("tokencraft: {note}");
        }
        (file.clone(), Some(file))
    };
    if let Some(seed) = &args.seed {
        if file.as_ref().is_some_and(|f| !f.opened_empty()) {
            eprintln!(
                "tokencraft: {} already holds data; --seed {} is ignored",
                args.store,
                seed.display()
            );
        } else {
            let text = std::fs::read_to_string(seed).map_err(|source| Error::Io {
                path: seed.display().to_string(),
                source,
            })?;
            crate::api::load_seed(store.as_ref(), &text)
                .map_err(|e| Error::Usage(format!("{}: {e}", seed.display())))?;
        }
    }
    for origin in &args.allowed_origins {
        if !(origin.starts_with("http://") || origin.starts_with("https://"))
            || origin.trim_end_matches('/').matches('/').count() != 2
        {
            return Err(Error::Usage(format!(
                "--allowed-origin `{origin}` is not an origin: write scheme and host only, for example https://app.example.com"
            )));
        }
    }
    let mut config = ApiConfig {
        rate_limit: args.rate_limit,
        ..ApiConfig::default()
    };
    config.session.cookie_secure = args.cookie_secure;
    config.session.allowed_origins = args
        .allowed_origins
        .iter()
        .map(|o| o.trim_end_matches('/').to_owned())
        .collect();
    let api = Arc::new(Api::new(store, config));
    let handler = move |req: &crate::api::Request| api.handle(req);
    if args.workers.is_some_and(|n| !(1..=1024).contains(&n)) {
        return Err(Error::Usage("--workers must be from 1 to 1024".into()));
    }
    let mut server_config = ServerConfig {
        addr,
        ..ServerConfig::default()
    };
    if let Some(n) = args.workers {
        server_config.workers = n;
    }
    if args.no_access_log {
        server_config.access_log = AccessLog::Off;
    }
    let server = Server::bind(server_config, Arc::new(handler)).map_err(|source| Error::Io {
        path: addr.to_string(),
        source,
    })?;
    // Handle SIGINT/SIGTERM before announcing the address: a supervisor (or a test) may
    // signal as soon as it reads the announcement.
    install_signal_shutdown(server.shutdown_handle()).map_err(|source| Error::Io {
        path: "signal handler".into(),
        source,
    })?;
    let where_ = match &file {
        Some(f) => format!("store {}", f.dir().display()),
        None => "in-memory store".into(),
    };
    eprintln!(
        "tokencraft: serving the API on http://{}/api/v1 ({where_}; Ctrl-C to stop)",
        server.local_addr()
    );
    server.run().map_err(|source| Error::Io {
        path: addr.to_string(),
        source,
    })?;
    if let Some(f) = &file {
        if let Err(e) = f.flush() {
            eprintln!("tokencraft: could not save API-token last-used times: {e}");
        }
    }
    eprintln!("tokencraft: stopped");
    Ok(0)
}
