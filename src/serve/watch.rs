//! Watching the project for saves: one watcher over `content/`, `themes/`, `config.yaml` and
//! the local layer named in it (followed when config.yaml names another),
//! a short debounce, and each changed file classified by what it can affect.
//!
//! `notify` stays inside this file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::{Duration, Instant};

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::FILE_NAME as CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::content::data::{GLOSSARY_FILE, RESOURCES_FILE};
use crate::diagnostics::display_path;

/// The folder of themes, beside `content/`.
pub const THEMES_DIR: &str = "themes";

/// A save is usually a burst of events a few milliseconds apart (write, then rename):
/// wait this long after the last one before rebuilding.
pub const QUIET: Duration = Duration::from_millis(15);
/// …but never longer than this after the first, so a long copy still shows progress.
const MAX_WAIT: Duration = Duration::from_millis(250);
/// How often `--poll` looks at every file (network drives do not report changes).
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// What the terminal names as changed when the watcher lost count of the changes.
const LOST_COUNT: &str = "many files at once (the watcher lost count; rebuilding everything)";

/// What a changed file can affect, which decides what must be rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A Markdown page: itself, and every page that lists, links or indexes it.
    Page,
    /// `glossary.yaml` or `resources.yaml`: the pages that show them, and abbreviations.
    Data,
    /// A theme template: every page using it (in practice all extend `base.html`).
    Template,
    /// A file copied as it is (a theme's static file or an image under content/).
    Asset,
    /// `config.yaml`: everything.
    Config,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Data => "data file",
            Kind::Template => "template",
            Kind::Asset => "file",
            Kind::Config => "site settings",
        }
    }
}

/// One changed file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub kind: Kind,
    /// Relative to the project folder, forward slashes: `content/guide/01-introduction.md`.
    pub shown: String,
    pub path: PathBuf,
}

/// Decides what a changed path is, or `None` when it cannot affect the site (editor
/// backups and swap files, hidden files, anything outside the watched places).
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    classify_with_layer(root, None, path)
}

/// [`classify`], with `local` the local layer's folder (if any): its `content/` and
/// `themes/` count as the bundled ones do, and its record of overrides as settings.
pub fn classify_with_layer(root: &Path, local: Option<&Path>, path: &Path) -> Option<Change> {
    let shown = display_path(root, path);
    if let Some(inner) = local.and_then(|l| path.strip_prefix(l).ok()) {
        if inner == Path::new(crate::overrides::RECORD_FILE) {
            return Some(Change {
                kind: Kind::Config,
                shown,
                path: path.to_path_buf(),
            });
        }
        let as_bundled = classify(Path::new(""), inner)?;
        return Some(Change {
            shown,
            path: path.to_path_buf(),
            ..as_bundled
        });
    }
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    if is_editor_noise(&name) {
        return None;
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    if parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    let kind = match parts.first().map(String::as_str) {
        Some(CONFIG_FILE) if parts.len() == 1 => Kind::Config,
        Some(CONTENT_DIR) if parts.len() > 1 => {
            let inner = parts[1..].join("/");
            if inner == GLOSSARY_FILE || inner == RESOURCES_FILE {
                Kind::Data
            } else if name.ends_with(".md") {
                Kind::Page
            } else {
                Kind::Asset
            }
        }
        Some(THEMES_DIR) if parts.len() > 2 => match parts[2].as_str() {
            "templates" => Kind::Template,
            _ => Kind::Asset,
        },
        _ => return None,
    };
    Some(Change {
        kind,
        shown,
        path: path.to_path_buf(),
    })
}

/// Files editors write beside the real one while saving.
fn is_editor_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913" // vim's "can I write here?" probe
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".temp",
            ".bak",
            ".crdownload",
            ".part",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

/// Keeps the watcher alive; changes arrive on the receiver given by [`start`].
pub struct Watching {
    _watcher: Arc<Mutex<Box<dyn Watcher + Send>>>,
}

/// What [`start`] watches, for the terminal: `content/, themes/, config.yaml and local/`.
pub fn watched_places(root: &Path) -> String {
    match local_layer(root) {
        Some(local) => format!(
            "content/, themes/, config.yaml and {}/",
            display_path(root, &local)
        ),
        None => "content/, themes/ and config.yaml".to_string(),
    }
}

/// The local layer's folder named by config.yaml now, if it exists.
fn local_layer(root: &Path) -> Option<PathBuf> {
    crate::config::Config::load(root)
        .ok()?
        .local_dir(root)
        .filter(|d| d.is_dir())
}

/// Starts watching `root` (already canonical). With `poll`, looks at every file every
/// [`POLL_INTERVAL`] instead of asking the operating system (for network drives).
pub fn start(root: &Path, poll: bool) -> notify::Result<(Watching, Receiver<Change>)> {
    let (sender, receiver) = channel();
    let local = Arc::new(RwLock::new(local_layer(root)));
    let (settings_changed, settings_changes) = channel();
    let handler = Forward {
        root: root.to_path_buf(),
        local: Arc::clone(&local),
        sender,
        settings_changed,
    };
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        Box::new(PollWatcher::new(
            handler,
            notify::Config::default().with_poll_interval(POLL_INTERVAL),
        )?)
    } else {
        Box::new(RecommendedWatcher::new(handler, notify::Config::default())?)
    };
    // The project folder itself only for config.yaml: editors replace it by renaming, which
    // a watch on the file alone would lose.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in [CONTENT_DIR, THEMES_DIR] {
        let dir = root.join(dir);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    let watched_local = local.read().ok().and_then(|l| l.clone());
    if let Some(dir) = &watched_local {
        watcher.watch(dir, RecursiveMode::Recursive)?;
    }
    let watcher = Arc::new(Mutex::new(watcher));
    follow_local_layer(
        root,
        Arc::downgrade(&watcher),
        local,
        watched_local,
        settings_changes,
    );
    Ok((Watching { _watcher: watcher }, receiver))
}

/// When config.yaml names another local layer (or its folder appears), watches that one
/// too, so saves in it rebuild without restarting serve. Runs until the watcher is gone.
fn follow_local_layer(
    root: &Path,
    watcher: Weak<Mutex<Box<dyn Watcher + Send>>>,
    local: Arc<RwLock<Option<PathBuf>>>,
    mut watched: Option<PathBuf>,
    settings_changes: Receiver<()>,
) {
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        // Ends when the watcher, and with it the handler holding the sender, is dropped.
        while settings_changes.recv().is_ok() {
            let now = local_layer(&root);
            if now == watched {
                continue;
            }
            let Some(watcher) = watcher.upgrade() else {
                return;
            };
            let Ok(mut watcher) = watcher.lock() else {
                return;
            };
            if let Some(old) = &watched {
                let _ = watcher.unwatch(old);
            }
            if let Some(new) = &now {
                let _ = watcher.watch(new, RecursiveMode::Recursive);
            }
            if let Ok(mut l) = local.write() {
                l.clone_from(&now);
            }
            watched = now;
        }
    });
}

struct Forward {
    root: PathBuf,
    /// The local layer's folder being watched, if any.
    local: Arc<RwLock<Option<PathBuf>>>,
    sender: Sender<Change>,
    /// Told of every change to config.yaml or a new top-level folder (a local layer made).
    settings_changed: Sender<()>,
}

impl notify::EventHandler for Forward {
    fn handle_event(&mut self, event: notify::Result<notify::Event>) {
        let Ok(event) = event else { return };
        if event.need_rescan() {
            // The watcher lost count (its queue overflowed: a `git checkout` or an unzip
            // changing thousands of files at once), so which files changed is unknown:
            // rebuild everything, as for new settings. Pages' texts are read again wherever
            // their size, times or inode changed (`memo::Texts`).
            let _ = self.settings_changed.send(());
            let _ = self.sender.send(Change {
                kind: Kind::Config,
                shown: LOST_COUNT.to_owned(),
                path: self.root.join(CONFIG_FILE),
            });
            return;
        }
        let relevant = match event.kind {
            EventKind::Create(_) | EventKind::Remove(_) => true,
            // The poll watcher reports saves as a new modification time.
            EventKind::Modify(ModifyKind::Metadata(kind)) => {
                matches!(kind, MetadataKind::WriteTime | MetadataKind::Any)
            }
            EventKind::Modify(_) => true,
            EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
        };
        if !relevant {
            return;
        }
        let local = self.local.read().ok().and_then(|l| l.clone());
        for path in &event.paths {
            let top_level_folder = path.parent() == Some(self.root.as_path()) && path.is_dir();
            let change = classify_with_layer(&self.root, local.as_deref(), path);
            if top_level_folder || change.as_ref().is_some_and(|c| c.kind == Kind::Config) {
                let _ = self.settings_changed.send(());
            }
            if let Some(change) = change {
                let _ = self.sender.send(change);
            }
        }
    }
}

/// Waits for the next save and returns every file it touched: blocks until one change
/// arrives, then gathers more until [`QUIET`] passes without any. `None` once the watcher
/// is gone.
pub fn next_batch(receiver: &Receiver<Change>) -> Option<BTreeSet<Change>> {
    let first = receiver.recv().ok()?;
    let started = Instant::now();
    let mut batch = BTreeSet::from([first]);
    loop {
        let left = MAX_WAIT.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Some(batch);
        }
        match receiver.recv_timeout(QUIET.min(left)) {
            Ok(change) => {
                batch.insert(change);
            }
            Err(RecvTimeoutError::Timeout) => return Some(batch),
            Err(RecvTimeoutError::Disconnected) => return Some(batch),
        }
    }
}

/// Adds whatever else has arrived meanwhile, without waiting.
pub fn drain_into(receiver: &Receiver<Change>, batch: &mut BTreeSet<Change>) -> bool {
    let mut any = false;
    while let Ok(change) = receiver.try_recv() {
        batch.insert(change);
        any = true;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(rel: &str) -> Option<Kind> {
        let root = Path::new("/site");
        classify(root, &root.join(rel)).map(|c| c.kind)
    }

    #[test]
    fn changes_are_classified_by_what_they_affect() {
        assert_eq!(kind("content/guide/01-introduction.md"), Some(Kind::Page));
        assert_eq!(kind("content/glossary.yaml"), Some(Kind::Data));
        assert_eq!(kind("content/resources.yaml"), Some(Kind::Data));
        assert_eq!(kind("content/images/pathway.png"), Some(Kind::Asset));
        assert_eq!(
            kind("themes/default/templates/base.html"),
            Some(Kind::Template)
        );
        assert_eq!(
            kind("themes/default/static/css/site.css"),
            Some(Kind::Asset)
        );
        assert_eq!(kind("config.yaml"), Some(Kind::Config));
    }

    #[test]
    fn the_local_layer_counts_as_the_bundled_folders_do() {
        let root = Path::new("/site");
        let local = root.join("local");
        let kind = |rel: &str| classify_with_layer(root, Some(&local), &root.join(rel));
        let page = kind("local/content/guide/05-x.md").unwrap();
        assert_eq!(page.kind, Kind::Page);
        assert_eq!(page.shown, "local/content/guide/05-x.md");
        assert_eq!(
            kind("local/content/glossary.yaml").unwrap().kind,
            Kind::Data
        );
        assert_eq!(
            kind("local/themes/default/templates/base.html")
                .unwrap()
                .kind,
            Kind::Template
        );
        assert_eq!(kind("local/overrides.yaml").unwrap().kind, Kind::Config);
        assert_eq!(kind("local/originals/content/guide/05-x.md"), None);
        assert_eq!(kind("local/content/guide/.05-x.md.swp"), None);
        assert_eq!(kind("content/guide/05-x.md").unwrap().kind, Kind::Page);
    }

    #[test]
    fn a_watcher_that_lost_count_rebuilds_everything() {
        // inotify's queue overflows when thousands of files change at once; notify then
        // reports one event flagged "rescan" instead of the changes. Dropping it left the
        // preview showing old pages until the next save.
        let root = Path::new("/site");
        let (sender, changes) = channel();
        let (settings_changed, settings) = channel();
        let mut forward = Forward {
            root: root.to_path_buf(),
            local: Arc::new(RwLock::new(None)),
            sender,
            settings_changed,
        };
        let lost = notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        notify::EventHandler::handle_event(&mut forward, Ok(lost));
        let change = changes.try_recv().expect("a rescan asks for a rebuild");
        assert_eq!(change.kind, Kind::Config, "everything is rebuilt");
        assert_eq!(change.path, root.join(CONFIG_FILE), "a file, not a folder");
        assert!(change.shown.contains("lost count"), "{}", change.shown);
        assert!(
            settings.try_recv().is_ok(),
            "the local layer is looked up again"
        );
        // An ordinary event of no interest still asks for nothing.
        let access = notify::Event::new(EventKind::Access(notify::event::AccessKind::Any))
            .add_path(root.join("content/guide/01-introduction.md"));
        notify::EventHandler::handle_event(&mut forward, Ok(access));
        assert!(changes.try_recv().is_err());
    }

    #[test]
    fn editor_noise_and_unwatched_places_are_ignored() {
        assert_eq!(kind("content/guide/.01-introduction.md.swp"), None);
        assert_eq!(kind("content/guide/01-introduction.md~"), None);
        assert_eq!(kind("content/guide/4913"), None);
        assert_eq!(kind("content/.git/index"), None);
        assert_eq!(kind("content/guide/#01.md#"), None);
        assert_eq!(kind("public/index.html"), None);
        assert_eq!(kind("target/debug/careerguide"), None);
        assert_eq!(kind("README.md"), None);
    }
}
