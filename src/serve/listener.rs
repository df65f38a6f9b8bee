//! Accepting connections within bounds: a cap on open connections, a smaller cap on
//! live-reload event streams and a time limit for a request's headers, so thousands of idle
//! or trickling connections (a stuck tool, or a deliberate "slowloris") or hundreds of open
//! event streams can neither use up the process's file descriptors nor keep the editor's own
//! requests waiting.
//!
//! At the connection cap, the oldest connection that is not busy with a request is closed to
//! make room (one that has sent nothing yet, or is idle between requests), else the oldest
//! event stream. Event streams have their own, smaller cap: the oldest is closed first (its
//! page reconnects by itself), so ordinary page requests always get through.

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
/// Open live-reload event streams allowed at once: one per open page (browsers open at most
/// six connections to one address, and only visible tabs listen), well below
/// [`MAX_CONNECTIONS`] so streams can never take every connection.
pub const MAX_EVENT_STREAMS: usize = 32;
/// A client has this long to send a request's headers (also between requests on a
/// kept-alive connection).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The path of the event stream (see `http`).
pub const EVENTS_PATH: &str = "/__careerguide/events";

/// Environment variables that lower the bounds, for the tests that prove them.
pub const MAX_CONNECTIONS_VAR: &str = "CAREERGUIDE_SERVE_MAX_CONNECTIONS";
pub const MAX_EVENT_STREAMS_VAR: &str = "CAREERGUIDE_SERVE_MAX_EVENT_STREAMS";
pub const HEADER_TIMEOUT_VAR: &str = "CAREERGUIDE_SERVE_HEADER_TIMEOUT_MS";

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub max_event_streams: usize,
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
        let max_connections = number(MAX_CONNECTIONS_VAR)
            .map_or(MAX_CONNECTIONS, |n| (n as usize).min(MAX_CONNECTIONS));
        Limits {
            max_connections,
            // Always below the connection cap, so a page request finds room.
            max_event_streams: number(MAX_EVENT_STREAMS_VAR)
                .map_or(MAX_EVENT_STREAMS, |n| n as usize)
                .min(MAX_EVENT_STREAMS)
                .min(max_connections.saturating_sub(1).max(1)),
            header_timeout: number(HEADER_TIMEOUT_VAR)
                .map_or(HEADER_TIMEOUT, Duration::from_millis)
                .min(HEADER_TIMEOUT),
        }
    }
}

/// What an open connection is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doing {
    /// Nothing: it has sent no request yet, or is between requests.
    Idle,
    /// Answering a request.
    Busy,
    /// Holding an event stream open.
    Stream,
}

struct Connection {
    doing: Doing,
    /// Closes it.
    close: oneshot::Sender<()>,
}

/// Open connections, oldest first.
#[derive(Default)]
struct Table {
    next: u64,
    open: BTreeMap<u64, Connection>,
}

impl Table {
    /// Closes the oldest connection doing `doing`; false if there is none.
    fn close_oldest(&mut self, doing: Doing) -> bool {
        let Some(id) = self
            .open
            .iter()
            .find(|(_, c)| c.doing == doing)
            .map(|(id, _)| *id)
        else {
            return false;
        };
        if let Some(c) = self.open.remove(&id) {
            let _ = c.close.send(());
        }
        true
    }

    fn set(&mut self, id: u64, doing: Doing) {
        if let Some(c) = self.open.get_mut(&id) {
            c.doing = doing;
        }
    }

    fn count(&self, doing: Doing) -> usize {
        self.open.values().filter(|c| c.doing == doing).count()
    }
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
            let mut t = lock(&table);
            if t.open.len() >= limits.max_connections
                && !t.close_oldest(Doing::Idle)
                && !t.close_oldest(Doing::Stream)
            {
                // Every connection is busy answering a request: refuse this one.
                continue;
            }
            t.next += 1;
            let id = t.next;
            t.open.insert(
                id,
                Connection {
                    doing: Doing::Idle,
                    close,
                },
            );
            id
        };
        let service = {
            let table = table.clone();
            let app = app.clone();
            hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                let stream = request.uri().path() == EVENTS_PATH;
                {
                    let mut t = lock(&table);
                    if stream {
                        while t.count(Doing::Stream) >= limits.max_event_streams
                            && t.close_oldest(Doing::Stream)
                        {}
                        t.set(id, Doing::Stream);
                    } else {
                        t.set(id, Doing::Busy);
                    }
                }
                let mut app = app.clone();
                let table = table.clone();
                async move {
                    let response = app.call(request).await;
                    if !stream {
                        // Answered (the body is in memory): idle again until the next
                        // request, and so among the first to go at the cap.
                        lock(&table).set(id, Doing::Idle);
                    }
                    response
                }
            })
        };
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let table = table.clone();
        tokio::spawn(async move {
            tokio::pin!(connection);
            tokio::select! {
                _ = &mut connection => {}
                // Closed to make room (or serve is stopping): drop the connection.
                _ = closed => {}
            }
            lock(&table).open.remove(&id);
        });
    }
}

/// The table, even after a panic elsewhere: every change to it is one step, so it is never
/// left half changed.
fn lock(table: &Mutex<Table>) -> std::sync::MutexGuard<'_, Table> {
    table.lock().unwrap_or_else(|p| p.into_inner())
}
