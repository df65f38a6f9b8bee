//! `careerguide serve`: a live preview for editors.
//!
//! Builds the site into memory, serves it on loopback, watches `content/`, `themes/` and
//! `config.yaml`, rebuilds after each save and tells open pages to reload (Server-Sent
//! Events). A broken build never replaces the last good one: the site keeps being served and
//! every page shows the problem, with file, line and hint, until a save fixes it.
//!
//! Locks live here and nowhere else in the crate: the build thread swaps in a new
//! [`Snapshot`]; request handlers take the current one and never wait for a build.

mod http;
mod watch;

pub use http::{BadPath, content_type, inject, site_key};
pub use watch::{Change, Kind, classify};

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::body::Bytes;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::diagnostics::{self, Diagnostic};
use crate::output::OutFile;
use crate::pipeline;
use crate::pipeline::Memory;
use crate::search::IndexJob;

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
}

/// One build as served: the last good site, plus the problems of the latest build if it
/// failed.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Counts builds, good or bad; pages know the build they came from.
    pub build: u64,
    /// False until a build has succeeded once.
    pub has_site: bool,
    /// Output path → contents, of the last good build.
    pub files: Arc<HashMap<String, Bytes>>,
    /// Where each copied file came from (source path → output path), for the fast path
    /// that refreshes a changed stylesheet or image without running the pipeline.
    pub copied_from: Arc<HashMap<PathBuf, String>>,
    /// Why the latest build failed; empty when it succeeded.
    pub problems: Arc<Vec<Diagnostic>>,
    /// Editorial warnings of the last good build (new ones are printed after each rebuild).
    pub warnings: Arc<Vec<Diagnostic>>,
    /// Paths of the search index files in `files`, and the build they came from. A rebuild
    /// shows its pages first and keeps the previous index until its own is ready.
    pub index_paths: Arc<Vec<String>>,
    pub index_build: u64,
}

/// A message to open pages, already serialised once for every listener.
#[derive(Debug, Clone)]
pub struct Message {
    /// SSE event name: `status`, `reload`, `build-error` or `ok`.
    pub name: &'static str,
    /// JSON.
    pub data: String,
}

/// Beyond this many changed files a reload message says "everything" instead of listing them.
const MAX_LISTED: usize = 500;

impl Message {
    /// The state of the preview, sent first to every new listener and by `/status`.
    pub fn status(s: &Snapshot) -> Message {
        #[derive(Serialize)]
        struct Status<'a> {
            build: u64,
            ok: bool,
            problems: &'a [Diagnostic],
        }
        Message {
            name: "status",
            data: json(&Status {
                build: s.build,
                ok: s.problems.is_empty(),
                problems: &s.problems,
            }),
        }
    }

    /// After a good build that changed the site: `changed` is `None` for "everything".
    fn reload(build: u64, changed: Option<&[String]>) -> Message {
        #[derive(Serialize)]
        struct Reload<'a> {
            build: u64,
            changed: Option<&'a [String]>,
        }
        Message {
            name: "reload",
            data: json(&Reload { build, changed }),
        }
    }

    /// After a failed build. (Not named `error`: that is EventSource's own connection-error
    /// event, and a page could not tell the two apart.)
    fn failed(s: &Snapshot) -> Message {
        Message {
            name: "build-error",
            ..Message::status(s)
        }
    }

    /// After a good build that changed nothing, e.g. a mistake undone: hides the overlay.
    fn ok(build: u64) -> Message {
        Message {
            name: "ok",
            data: format!("{{\"build\":{build}}}"),
        }
    }
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string())
}

/// State shared by the build thread and the request handlers.
pub struct Shared {
    current: RwLock<Arc<Snapshot>>,
    sender: broadcast::Sender<Arc<Message>>,
}

impl Shared {
    fn new() -> Self {
        Self {
            current: RwLock::new(Arc::new(Snapshot::default())),
            sender: broadcast::channel(64).0,
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn publish(&self, mut snapshot: Snapshot, message: Option<Message>) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        // The index thread may have swapped in a newer index while this build ran.
        if current.index_build > snapshot.index_build {
            let files = Arc::make_mut(&mut snapshot.files);
            for path in snapshot.index_paths.iter() {
                files.remove(path);
            }
            for path in current.index_paths.iter() {
                if let Some(bytes) = current.files.get(path) {
                    files.insert(path.clone(), bytes.clone());
                }
            }
            snapshot.index_paths = current.index_paths.clone();
            snapshot.index_build = current.index_build;
        }
        *current = Arc::new(snapshot);
        if let Some(m) = message {
            // No open pages is fine.
            let _ = self.sender.send(Arc::new(m));
        }
    }

    /// Swaps in the search index of pipeline build `build`, unless a newer one is there,
    /// and reloads the pages that use the files that changed (the search page).
    fn publish_index(&self, build: u64, index: Vec<OutFile>) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        if current.index_build >= build {
            return;
        }
        let mut files = (*current.files).clone();
        let old: HashMap<String, Bytes> = current
            .index_paths
            .iter()
            .filter_map(|p| files.remove(p).map(|b| (p.clone(), b)))
            .collect();
        let new = index_map(index);
        let changed = changed_paths(&old, &new);
        let mut paths: Vec<String> = new.keys().cloned().collect();
        paths.sort();
        files.extend(new);
        let snapshot = Snapshot {
            files: Arc::new(files),
            copied_from: current.copied_from.clone(),
            problems: current.problems.clone(),
            warnings: current.warnings.clone(),
            index_paths: Arc::new(paths),
            index_build: build,
            ..**current
        };
        *current = Arc::new(snapshot);
        // While the latest build is broken, open pages show its problems: a reload message
        // would clear them. The search page picks the index up with its next reload.
        if !changed.is_empty() && current.problems.is_empty() {
            let listed = (changed.len() <= MAX_LISTED).then_some(changed.as_slice());
            let _ = self
                .sender
                .send(Arc::new(Message::reload(current.build, listed)));
        }
    }
}

fn index_map(index: Vec<OutFile>) -> HashMap<String, Bytes> {
    index
        .into_iter()
        .filter_map(|f| match f {
            OutFile::Bytes { path, bytes } => Some((path, Bytes::from(bytes))),
            OutFile::Copy { .. } => None,
        })
        .collect()
}

/// What one build produced, ready to compare with the last.
struct Fresh {
    files: HashMap<String, Bytes>,
    copied_from: HashMap<PathBuf, String>,
    warnings: Vec<Diagnostic>,
    pages: usize,
    /// The search index, still to be built (not in `files`).
    index: Option<IndexJob>,
}

/// Runs the pipeline (without minifying: a preview should be quick and readable) and reads
/// every file into memory. The search index is left to build after the pages are showing.
fn build_site(root: &Path, base_url: &str, memory: &Memory) -> Result<Fresh, Vec<Diagnostic>> {
    let options = pipeline::Options {
        base_url: Some(base_url.to_string()),
        minify: Some(false),
        today: None,
        defer_search_index: true,
    };
    let built = pipeline::build_remembering(root, &options, memory)?;
    let warnings = built.warnings().collect();
    let mut files = HashMap::with_capacity(built.files.len());
    let mut copied_from = HashMap::new();
    let mut problems = Vec::new();
    for file in built.files {
        match file {
            OutFile::Bytes { path, bytes } => {
                files.insert(path, Bytes::from(bytes));
            }
            OutFile::Copy { path, from } => match std::fs::read(&from) {
                Ok(bytes) => {
                    files.insert(path.clone(), Bytes::from(bytes));
                    copied_from.insert(from, path);
                }
                Err(e) => problems.push(
                    Diagnostic::error(
                        diagnostics::display_path(root, &from),
                        format!("cannot read this file: {e}"),
                    )
                    .hint("check the file still exists and is not open in a program that locks it"),
                ),
            },
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Fresh {
        files,
        copied_from,
        warnings,
        pages: built.page_count,
        index: built.search_index,
    })
}

/// Output paths whose contents differ between two builds (added, changed or removed).
pub fn changed_paths(old: &HashMap<String, Bytes>, new: &HashMap<String, Bytes>) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(path, bytes)| old.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .chain(old.keys().filter(|p| !new.contains_key(*p)).cloned())
        .collect();
    changed.sort();
    changed
}

/// The address pages are built for: links on the 404 page must work at any depth.
fn preview_url(addr: SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        match addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        }
    };
    format!("http://{host}:{}/", addr.port())
}

/// Runs the preview until the process is stopped. Returns an explanation if it cannot start.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let root = std::fs::canonicalize(&options.root).map_err(|e| {
        format!(
            "cannot open the project folder {}: {e}\n  hint: run careerguide from the folder holding config.yaml, or pass --root DIR",
            options.root.display()
        )
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the preview server: {e}"))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((options.bind, options.port)))
        .map_err(|e| {
            format!(
                "cannot listen on {}:{}: {e}\n  hint: another program may be using port {}; try --port 0 to pick a free one",
                options.bind, options.port, options.port
            )
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot start the preview server: {e}"))?;
    let url = preview_url(addr);
    let colour = diagnostics::use_colour();

    let shared = Arc::new(Shared::new());
    let started = Instant::now();
    // What one build made that the next can reuse (see memo.rs); the rebuild thread owns it.
    let memory = Memory::default();
    let first = build_site(&root, &url, &memory);
    match first {
        Ok(mut fresh) => {
            // The first time, the search index is ready before anyone can ask for it.
            let index = index_map(fresh.index.take().map(|j| j.files()).unwrap_or_default());
            let mut index_paths: Vec<String> = index.keys().cloned().collect();
            index_paths.sort();
            fresh.files.extend(index);
            let took = started.elapsed().as_millis();
            eprintln!(
                "Built {} pages in {took} ms{}",
                fresh.pages,
                warnings_note(fresh.warnings.len())
            );
            shared.publish(
                Snapshot {
                    build: 1,
                    has_site: true,
                    files: Arc::new(fresh.files),
                    copied_from: Arc::new(fresh.copied_from),
                    problems: Arc::default(),
                    warnings: Arc::new(fresh.warnings),
                    index_paths: Arc::new(index_paths),
                    index_build: 1,
                },
                None,
            );
        }
        Err(problems) => {
            print_problems(&problems, colour);
            eprintln!(
                "The site could not be built ({}). The preview shows the problem until you fix it.",
                count(problems.len(), "problem")
            );
            shared.publish(
                Snapshot {
                    build: 1,
                    problems: Arc::new(problems),
                    ..Snapshot::default()
                },
                None,
            );
        }
    }

    let (watching, changes) = watch::start(&root, options.poll).map_err(|e| {
        format!(
            "cannot watch the project folder for changes: {e}\n  hint: on a network drive, try `careerguide serve --poll`"
        )
    })?;

    // Tests and scripts read the address from standard output.
    println!("Serving the guide at {url}");
    let _ = std::io::stdout().flush();
    if !options.bind.is_loopback() {
        eprintln!(
            "{}",
            paint(
                &format!(
                    "WARNING: listening on {} (not loopback): other computers on the network can open this preview. \
Use the default (--bind 127.0.0.1) unless you mean to share it.",
                    options.bind
                ),
                "1;33",
                colour
            )
        );
    }
    eprintln!(
        "Watching {}{}. Press Ctrl+C to stop.",
        watch::watched_places(&root),
        if options.poll {
            " (polling every 500 ms)"
        } else {
            ""
        }
    );
    if options.open {
        open_browser(&url);
    }

    let (index_jobs, index_queue) = std::sync::mpsc::channel::<(u64, IndexJob)>();
    {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("search index".into())
            .spawn(move || index_loop(&shared, &index_queue))
            .map_err(|e| format!("cannot start the search index thread: {e}"))?;
    }
    let builder = {
        let shared = shared.clone();
        let root = root.clone();
        let url = url.clone();
        std::thread::Builder::new()
            .name("rebuild".into())
            .spawn(move || {
                let _watching = watching;
                rebuild_loop(&root, &url, &shared, &changes, &index_jobs, &memory, colour);
            })
            .map_err(|e| format!("cannot start the rebuild thread: {e}"))?
    };

    let app = http::router(shared);
    runtime.block_on(async move {
        let server = std::future::IntoFuture::into_future(axum::serve(listener, app));
        tokio::select! {
            result = server => result.map_err(|e| format!("the preview server stopped: {e}")),
            _ = tokio::signal::ctrl_c() => {
                eprintln!("Stopped.");
                Ok(())
            }
        }
    })?;
    drop(builder);
    // Open event streams would otherwise keep the runtime waiting.
    runtime.shutdown_background();
    Ok(())
}

/// Builds the search index of each good rebuild, after its pages are showing. Only the
/// newest waiting job is built: an older index would be replaced at once.
fn index_loop(shared: &Shared, jobs: &std::sync::mpsc::Receiver<(u64, IndexJob)>) {
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let (build, job) = job;
        shared.publish_index(build, job.files());
    }
}

fn rebuild_loop(
    root: &Path,
    url: &str,
    shared: &Shared,
    changes: &std::sync::mpsc::Receiver<Change>,
    index_jobs: &std::sync::mpsc::Sender<(u64, IndexJob)>,
    memory: &Memory,
    colour: bool,
) {
    while let Some(mut batch) = watch::next_batch(changes) {
        // What open pages show: every rebuild of this batch is compared with it.
        let base = shared.snapshot();
        // Temporary files an editor or tool created and renamed away (`sed -i` makes
        // `sedXXXXXX`): gone already, and never part of the site.
        // Folders matter only through the files in them, which have their own events.
        batch.retain(|c| {
            !c.path.is_dir()
                && (c.kind != Kind::Asset
                    || c.path.exists()
                    || base.copied_from.contains_key(&c.path))
        });
        if batch.is_empty() {
            continue;
        }
        loop {
            let started = Instant::now();
            let (snapshot, outcome, index) = rebuild(root, url, &base, &batch, memory);
            // More saves arrived while building (say, a file half written): build again
            // before telling anyone, so a transient error never flashes up.
            if watch::drain_into(changes, &mut batch) {
                continue;
            }
            let ms = started.elapsed().as_millis();
            let build = snapshot.build;
            report(shared, snapshot, &batch, outcome, ms, colour);
            if let Some(job) = index {
                // The index thread outlives this one; if it is gone, serve is stopping.
                let _ = index_jobs.send((build, job));
            }
            break;
        }
    }
}

/// What a rebuild did, for the terminal and the open pages.
enum Outcome {
    Built {
        fresh_pages: Option<usize>,
        changed: Vec<String>,
        new_warnings: Vec<Diagnostic>,
        was_broken: bool,
    },
    Failed,
}

/// Rebuilds what `batch` needs on top of `old`. Stylesheets, scripts and images that were
/// only modified are re-read on their own; anything else runs the pipeline, whose search
/// index is returned to be built next (the new site keeps the old index until then).
fn rebuild(
    root: &Path,
    url: &str,
    old: &Snapshot,
    batch: &BTreeSet<Change>,
    memory: &Memory,
) -> (Snapshot, Outcome, Option<IndexJob>) {
    let build = old.build + 1;
    if old.has_site
        && old.problems.is_empty()
        && let Some(patched) = refresh_assets(old, batch)
    {
        let changed = changed_paths(&old.files, &patched);
        let snapshot = Snapshot {
            build,
            has_site: true,
            files: Arc::new(patched),
            copied_from: old.copied_from.clone(),
            problems: Arc::default(),
            warnings: old.warnings.clone(),
            index_paths: old.index_paths.clone(),
            index_build: old.index_build,
        };
        let outcome = Outcome::Built {
            fresh_pages: None,
            changed,
            new_warnings: Vec::new(),
            was_broken: false,
        };
        return (snapshot, outcome, None);
    }
    match build_site(root, url, memory) {
        Ok(mut fresh) => {
            for path in old.index_paths.iter() {
                if let Some(bytes) = old.files.get(path) {
                    fresh.files.insert(path.clone(), bytes.clone());
                }
            }
            let changed = changed_paths(&old.files, &fresh.files);
            let new_warnings = fresh
                .warnings
                .iter()
                .filter(|w| !old.warnings.contains(w))
                .cloned()
                .collect();
            let outcome = Outcome::Built {
                fresh_pages: Some(fresh.pages),
                changed,
                new_warnings,
                was_broken: !old.problems.is_empty() || !old.has_site,
            };
            let snapshot = Snapshot {
                build,
                has_site: true,
                files: Arc::new(fresh.files),
                copied_from: Arc::new(fresh.copied_from),
                problems: Arc::default(),
                warnings: Arc::new(fresh.warnings),
                index_paths: old.index_paths.clone(),
                index_build: old.index_build,
            };
            (snapshot, outcome, fresh.index)
        }
        Err(problems) => {
            let snapshot = Snapshot {
                build,
                has_site: old.has_site,
                files: old.files.clone(),
                copied_from: old.copied_from.clone(),
                problems: Arc::new(problems),
                warnings: old.warnings.clone(),
                index_paths: old.index_paths.clone(),
                index_build: old.index_build,
            };
            (snapshot, Outcome::Failed, None)
        }
    }
}

/// The site with changed copied files re-read, if every change is a modified file the last
/// build copied as it is; `None` when the pipeline must run.
fn refresh_assets(old: &Snapshot, batch: &BTreeSet<Change>) -> Option<HashMap<String, Bytes>> {
    let mut files: Option<HashMap<String, Bytes>> = None;
    for change in batch {
        if change.kind != Kind::Asset {
            return None;
        }
        let output = old.copied_from.get(&change.path)?;
        let bytes = std::fs::read(&change.path).ok()?;
        files
            .get_or_insert_with(|| (*old.files).clone())
            .insert(output.clone(), Bytes::from(bytes));
    }
    files
}

/// Swaps the new build in, says what happened in the terminal and tells open pages.
fn report(
    shared: &Shared,
    snapshot: Snapshot,
    batch: &BTreeSet<Change>,
    outcome: Outcome,
    ms: u128,
    colour: bool,
) {
    let what = describe(batch);
    match outcome {
        Outcome::Built {
            fresh_pages,
            changed,
            new_warnings,
            was_broken,
        } => {
            print_problems(&new_warnings, colour);
            let pages = match fresh_pages {
                Some(n) => format!("{} in {ms} ms", count(n, "page")),
                None => format!("refreshed in {ms} ms"),
            };
            let effect = match changed.len() {
                0 => "nothing on the site changed".to_string(),
                n => format!("{} on the site updated", count(n, "file")),
            };
            let fixed = if was_broken {
                paint("Fixed: ", "1;32", colour)
            } else {
                String::new()
            };
            eprintln!("{fixed}Rebuilt after {what} changed: {pages}; {effect}");
            let message = if changed.is_empty() {
                was_broken.then(|| Message::ok(snapshot.build))
            } else {
                let listed = (changed.len() <= MAX_LISTED).then_some(changed.as_slice());
                Some(Message::reload(snapshot.build, listed))
            };
            shared.publish(snapshot, message);
        }
        Outcome::Failed => {
            print_problems(&snapshot.problems, colour);
            let first = snapshot
                .problems
                .first()
                .map(|p| format!(" (first: {})", p.location()))
                .unwrap_or_default();
            eprintln!(
                "{} after {what} changed: {}{first}. Still serving the last good site; the problem is shown on every page.",
                paint("Build failed", "1;31", colour),
                count(snapshot.problems.len(), "problem"),
            );
            let message = Message::failed(&snapshot);
            shared.publish(snapshot, Some(message));
        }
    }
}

/// `content/guide/01-introduction.md`, or `3 files (content/a.md, …)`.
fn describe(batch: &BTreeSet<Change>) -> String {
    let names: BTreeSet<&str> = batch.iter().map(|c| c.shown.as_str()).collect();
    match names.len() {
        1 => names.into_iter().next().unwrap_or_default().to_string(),
        n => {
            let first: Vec<&str> = names.into_iter().take(3).collect();
            format!(
                "{n} files ({}{})",
                first.join(", "),
                if n > 3 { ", …" } else { "" }
            )
        }
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn warnings_note(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(
            " ({}: run `careerguide check` for details)",
            count(n, "warning")
        )
    }
}

fn paint(text: &str, code: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn print_problems(problems: &[Diagnostic], colour: bool) {
    for p in problems {
        eprint!("{}", p.render(colour));
    }
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    if command.spawn().is_err() {
        eprintln!("Could not open a browser: open {url} yourself.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pairs: &[(&str, &str)]) -> HashMap<String, Bytes> {
        pairs
            .iter()
            .map(|(p, b)| (p.to_string(), Bytes::from(b.to_string())))
            .collect()
    }

    #[test]
    fn only_files_whose_bytes_differ_count_as_changed() {
        let old = site(&[("a.html", "1"), ("b.html", "2"), ("gone.html", "x")]);
        let new = site(&[("a.html", "1"), ("b.html", "3"), ("new.html", "y")]);
        assert_eq!(
            changed_paths(&old, &new),
            vec!["b.html", "gone.html", "new.html"]
        );
        assert!(changed_paths(&old, &old).is_empty());
    }

    #[test]
    fn build_errors_are_not_sent_as_the_eventsource_error_event() {
        let s = Snapshot {
            problems: Arc::new(vec![Diagnostic::error("content/a.md", "bad").at(3)]),
            ..Snapshot::default()
        };
        let m = Message::failed(&s);
        assert_eq!(m.name, "build-error");
        assert!(m.data.contains("\"file\":\"content/a.md\""), "{}", m.data);
        assert!(m.data.contains("\"line\":3"), "{}", m.data);
        assert!(m.data.contains("\"ok\":false"), "{}", m.data);
    }

    #[test]
    fn preview_url_names_a_reachable_host() {
        assert_eq!(
            preview_url("127.0.0.1:8000".parse().unwrap()),
            "http://127.0.0.1:8000/"
        );
        assert_eq!(
            preview_url("0.0.0.0:8000".parse().unwrap()),
            "http://127.0.0.1:8000/"
        );
        assert_eq!(preview_url("[::1]:80".parse().unwrap()), "http://[::1]:80/");
    }
}
