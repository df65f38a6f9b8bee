//! Accepting connections within bounds: a cap on open connections and a time limit for a
//! request's headers, so thousands of idle or trickling connections (a stuck tool, or a
//! deliberate "slowloris") can neither use up the process's file descriptors nor keep the
//! editor's own requests waiting.
//!
//! At the cap, the oldest connection that has not yet sent a whole request is closed to
//! make room; connections busy with a request or an event stream are kept.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower_service::Service as _;

/// Open connections allowed at once (each holds a file descriptor; an open page holds one
/// for its event stream, browsers a few more).
pub const MAX_CONNECTIONS: usize = 256;
/// A client has this long to send a request's headers (also between requests on a
/// kept-alive connection).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Environment variables that lower the bounds, for the tests that prove them.
pub const MAX_CONNECTIONS_VAR: &str = "CAREERGUIDE_SERVE_MAX_CONNECTIONS";
pub const HEADER_TIMEOUT_VAR: &str = "CAREERGUIDE_SERVE_HEADER_TIMEOUT_MS";

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub header_timeout: Duration,
}

impl Limits {
    /// The defaults, lowered by the environment variables above if they are set.
    pub fn from_env() -> Limits {
        let number = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|n| *n > 0)
        };
        Limits {
            max_connections: number(MAX_CONNECTIONS_VAR)
                .map_or(MAX_CONNECTIONS, |n| (n as usize).min(MAX_CONNECTIONS)),
            header_timeout: number(HEADER_TIMEOUT_VAR)
                .map_or(HEADER_TIMEOUT, Duration::from_millis)
                .min(HEADER_TIMEOUT),
        }
    }
}

/// Open connections: which have not yet sent a request (and may be closed to make room).
#[derive(Default)]
struct Table {
    next: u64,
    open: usize,
    /// Connection id → how to close it, for connections that have sent no request yet.
    waiting: BTreeMap<u64, oneshot::Sender<()>>,
}

/// Serves `app` on `listener` until the future is dropped.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits) {
    let table = Arc::new(Mutex::new(Table::default()));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors (another program's doing, or a burst): wait, go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (close, closed) = oneshot::channel();
        let id = {
            let mut t = table.lock().unwrap_or_else(|p| p.into_inner());
            if t.open >= limits.max_connections {
                match t.waiting.pop_first() {
                    Some((_, evict)) => {
                        let _ = evict.send(());
                        t.open -= 1;
                    }
                    // Every connection is busy with a request: refuse this one.
                    None => continue,
                }
            }
            t.open += 1;
            t.next += 1;
            let id = t.next;
            t.waiting.insert(id, close);
            id
        };
        let service = {
            let table = table.clone();
            let app = app.clone();
            hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                table
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .waiting
                    .remove(&id);
                let mut app = app.clone();
                async move { app.call(request).await }
            })
        };
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let table = table.clone();
        tokio::spawn(async move {
            tokio::pin!(connection);
            let evicted = tokio::select! {
                _ = &mut connection => false,
                closing = closed => match closing {
                    Ok(()) => true,
                    // It sent a request (and is no longer "waiting"): serve it to the end.
                    Err(_) => {
                        let _ = (&mut connection).await;
                        false
                    }
                },
            };
            let mut t = table.lock().unwrap_or_else(|p| p.into_inner());
            t.waiting.remove(&id);
            if !evicted {
                t.open -= 1;
            }
        });
    }
}
