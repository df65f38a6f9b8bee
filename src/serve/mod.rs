//! `careerguide serve`: a live preview for editors.
//!
//! Builds the site into memory, serves it on loopback, watches `content/`, `themes/` and
//! `config.yaml`, rebuilds after each save and tells open pages to reload (Server-Sent
//! Events). A broken build never replaces the last good one: the site keeps being served and
//! every page shows the problem, with file, line and hint, until a save fixes it. It never
//! writes to disk, except through the editor `--edit` turns on (see `edit`).
//!
//! One file per job:
//! - `start`: start-up (first build, threads, server) and the preview's address;
//! - `rebuild`: building after saves, the search index after the pages, panics caught;
//! - `state`: the [`Snapshot`] being served and the locks around it;
//! - `protocol`: the messages open pages receive;
//! - `http`: routes and answers; `guard`: who may ask (Host, Origin) and the page policy;
//! - `listener`: connections within bounds (a cap, a header timeout);
//! - `watch`: noticing saves; `terminal`: what the editor reads in the terminal;
//! - `edit`: with `--edit`, editing pages in the browser (the only part that writes).

mod edit;
mod guard;
mod http;
mod listener;
mod protocol;
mod rebuild;
mod start;
mod state;
mod terminal;
mod watch;

use std::net::IpAddr;
use std::path::PathBuf;

pub use edit::{
    EDIT_PATH, HISTORY_DIR, MAX_BODY, MAX_PASTE, MAX_PASTES, MAX_SAVES, MAX_VERSIONS, TOKEN_HEADER,
    edit_allowed, pasted_markdown,
};
pub use guard::{DEFAULT_POLICY, host_allowed, page_policy};
pub use http::{BadPath, content_type, inject, site_key};
pub use listener::{
    HEADER_TIMEOUT_VAR, MAX_CONNECTIONS_VAR, MAX_EVENT_STREAMS, MAX_EVENT_STREAMS_VAR,
};
pub use protocol::Message;
pub use rebuild::PANIC_FAILPOINT;
pub use start::run;
pub use state::{Shared, Snapshot, changed_paths};
pub use watch::{Change, Kind, classify};

/// How `serve` was asked to run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Look for changes by polling (network drives) instead of asking the operating system.
    pub poll: bool,
    /// Let the editor change pages from the browser (`--edit`; loopback only).
    pub edit: bool,
}
