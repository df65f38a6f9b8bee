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
        let first = inner
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy());
        let as_bundled = match first.as_deref() {
            Some(CONTENT_DIR | THEMES_DIR | crate::overrides::ORIGINALS_DIR) | None => {
                classify(Path::new(""), inner)?
            }
            // Anything else in the layer may be the logo or favicon config.yaml's `brand:`
            // names (docs/theming.md keeps them in local/images/): rebuilt as a copied file.
            Some(_) => {
                let name = inner.file_name()?.to_string_lossy();
                if is_editor_noise(&name)
                    || inner
                        .components()
                        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
                {
                    return None;
                }
                Change {
                    kind: Kind::Asset,
                    shown: String::new(),
                    path: PathBuf::new(),
                }
            }
        };
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
    let (requests, requested) = channel();
    let handler = Forward {
        root: root.to_path_buf(),
        local: Arc::clone(&local),
        sender: sender.clone(),
        rewatch: requests,
    };
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        Box::new(PollWatcher::new(
            handler,
            notify::Config::default().with_poll_interval(POLL_INTERVAL),
        )?)
    } else {
        Box::new(RecommendedWatcher::new(handler, notify::Config::default())?)
    };
    // The project folder itself only for config.yaml and for folders appearing beside it
    // (content/ copied back during an upgrade): editors replace config.yaml by renaming,
    // which a watch on the file alone would lose.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    let watched_local = local.read().ok().and_then(|l| l.clone());
    for dir in roots(root, watched_local.as_deref()) {
        watcher.watch(&dir, RecursiveMode::Recursive)?;
    }
    let watcher = Arc::new(Mutex::new(watcher));
    keep_watching(
        root,
        Arc::downgrade(&watcher),
        local,
        watched_local,
        requested,
        sender,
    );
    Ok((Watching { _watcher: watcher }, receiver))
}

/// The folders watched recursively that exist now: `content/`, `themes/` and the local
/// layer's.
fn roots(root: &Path, local: Option<&Path>) -> Vec<PathBuf> {
    [root.join(CONTENT_DIR), root.join(THEMES_DIR)]
        .into_iter()
        .chain(local.map(Path::to_path_buf))
        .filter(|d| d.is_dir())
        .collect()
}

/// Why the watches must be looked at again.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rewatch {
    /// config.yaml changed: it may name another local layer.
    Settings,
    /// A folder appeared in a watched place or beside config.yaml (`content/` deleted and
    /// copied back, as `docs/upgrading.md` says; a folder unzipped into `content/`). Files
    /// copied into it before its watch was in place sent no events.
    Appeared(PathBuf),
    /// The watcher lost count of changes (its queue overflowed), folders included.
    LostCount,
}

/// Keeps the watches in step with the project, until the watcher is gone: a watch dies with
/// its folder, so a watched folder deleted and copied back (the upgrade step) is watched
/// again; a folder appearing inside one is watched before anything is read from it; and
/// when config.yaml names another local layer, that one is watched instead. Each time a
/// folder appeared or the watcher lost count, everything is rebuilt *after* the watches
/// are back, so a file copied in meanwhile is either read by that build or reported by
/// its new watch.
fn keep_watching(
    root: &Path,
    watcher: Weak<Mutex<Box<dyn Watcher + Send>>>,
    local: Arc<RwLock<Option<PathBuf>>>,
    mut watched: Option<PathBuf>,
    requests: Receiver<Rewatch>,
    changes: Sender<Change>,
) {
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        // Ends when the watcher, and with it the handler holding the sender, is dropped.
        while let Ok(first) = requests.recv() {
            let mut batch = vec![first];
            // A copy makes many folders at once: one pass for all of them.
            std::thread::sleep(QUIET);
            batch.extend(requests.try_iter());
            let Some(watcher) = watcher.upgrade() else {
                return;
            };
            let Ok(mut watcher) = watcher.lock() else {
                return;
            };
            let now = local_layer(&root);
            if now != watched {
                if let Some(old) = &watched {
                    let _ = watcher.unwatch(old);
                }
                if let Ok(mut l) = local.write() {
                    l.clone_from(&now);
                }
                // A local layer that appeared may already hold files.
                batch.extend(now.clone().map(Rewatch::Appeared));
            }
            let rebuild = rewatch_reason(&root, &batch);
            if rebuild.is_some() {
                // Watching a folder already watched only adds the folders inside it that
                // are not yet watched.
                for dir in roots(&root, now.as_deref()) {
                    let _ = watcher.watch(&dir, RecursiveMode::Recursive);
                }
            }
            watched = now;
            drop(watcher);
            if let Some(shown) = rebuild {
                let _ = changes.send(Change {
                    kind: Kind::Config,
                    shown,
                    path: root.join(CONFIG_FILE),
                });
            }
        }
    });
}

/// What the terminal names as changed when `batch` asks for everything to be rebuilt, or
/// `None` when it only asks to look at the settings again.
fn rewatch_reason(root: &Path, batch: &[Rewatch]) -> Option<String> {
    if batch.contains(&Rewatch::LostCount) {
        return Some(LOST_COUNT.to_owned());
    }
    let folders: BTreeSet<String> = batch
        .iter()
        .filter_map(|r| match r {
            Rewatch::Appeared(dir) => Some(format!("{}/", display_path(root, dir))),
            _ => None,
        })
        .collect();
    let first = folders.first()?;
    Some(match folders.len() {
        1 => format!("the folder {first}"),
        n => format!("{n} folders ({first}, …)"),
    })
}

struct Forward {
    root: PathBuf,
    /// The local layer's folder being watched, if any.
    local: Arc<RwLock<Option<PathBuf>>>,
    sender: Sender<Change>,
    /// Asks [`keep_watching`] to look at the watches again.
    rewatch: Sender<Rewatch>,
}

impl Forward {
    /// Whether `path` is in a folder watched recursively, or one of those folders.
    fn in_watched_place(&self, path: &Path, local: Option<&Path>) -> bool {
        path.starts_with(self.root.join(CONTENT_DIR))
            || path.starts_with(self.root.join(THEMES_DIR))
            || local.is_some_and(|l| path.starts_with(l))
    }
}

impl notify::EventHandler for Forward {
    fn handle_event(&mut self, event: notify::Result<notify::Event>) {
        let Ok(event) = event else { return };
        if event.need_rescan() {
            // The watcher lost count (its queue overflowed: a `git checkout` or an unzip
            // changing thousands of files at once), so which files changed is unknown:
            // watch every folder again and rebuild everything, as for new settings. Pages'
            // texts are read again wherever their size, times or inode changed
            // (`memo::Texts`).
            let _ = self.rewatch.send(Rewatch::LostCount);
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
        // A folder created or moved in: a new place to watch.
        let arrived = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
        );
        let local = self.local.read().ok().and_then(|l| l.clone());
        for path in &event.paths {
            let beside_config = path.parent() == Some(self.root.as_path());
            let change = classify_with_layer(&self.root, local.as_deref(), path);
            if arrived && self.in_watched_place(path, local.as_deref()) && path.is_dir() {
                let _ = self.rewatch.send(Rewatch::Appeared(path.clone()));
            } else if change.as_ref().is_some_and(|c| c.kind == Kind::Config)
                || (beside_config && path.is_dir())
            {
                // New settings, or a folder beside config.yaml: perhaps the local layer.
                let _ = self.rewatch.send(Rewatch::Settings);
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
        // The brand's logo and favicon live in the layer too (docs/theming.md).
        assert_eq!(kind("local/images/logo.svg").unwrap().kind, Kind::Asset);
        assert_eq!(kind("local/images/.logo.svg.swp"), None);
        assert_eq!(kind("local/content/guide/.05-x.md.swp"), None);
        assert_eq!(kind("content/guide/05-x.md").unwrap().kind, Kind::Page);
    }

    fn forward(root: &Path) -> (Forward, Receiver<Change>, Receiver<Rewatch>) {
        let (sender, changes) = channel();
        let (rewatch, requests) = channel();
        let forward = Forward {
            root: root.to_path_buf(),
            local: Arc::new(RwLock::new(None)),
            sender,
            rewatch,
        };
        (forward, changes, requests)
    }

    #[test]
    fn a_watcher_that_lost_count_rebuilds_everything() {
        // inotify's queue overflows when thousands of files change at once; notify then
        // reports one event flagged "rescan" instead of the changes. Dropping it left the
        // preview showing old pages until the next save.
        let root = Path::new("/site");
        let (mut forward, changes, requests) = forward(root);
        let lost = notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        notify::EventHandler::handle_event(&mut forward, Ok(lost));
        let request = requests.try_recv().expect("a rescan asks for the watches");
        assert_eq!(request, Rewatch::LostCount);
        let shown = rewatch_reason(root, &[request]).expect("and a rebuild");
        assert!(shown.contains("lost count"), "{shown}");
        // An ordinary event of no interest still asks for nothing.
        let access = notify::Event::new(EventKind::Access(notify::event::AccessKind::Any))
            .add_path(root.join("content/guide/01-introduction.md"));
        notify::EventHandler::handle_event(&mut forward, Ok(access));
        assert!(changes.try_recv().is_err());
        assert!(requests.try_recv().is_err());
    }

    #[test]
    fn a_folder_copied_in_is_watched_before_the_rebuild() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content/guide")).unwrap();
        std::fs::create_dir_all(root.join("public")).unwrap();
        let (mut forward, _changes, requests) = forward(root);
        for (dir, asks) in [
            ("content", true),
            ("content/guide", true),
            ("public", false),
        ] {
            let made = notify::Event::new(EventKind::Create(notify::event::CreateKind::Folder))
                .add_path(root.join(dir));
            notify::EventHandler::handle_event(&mut forward, Ok(made));
            let request = requests.try_recv().unwrap();
            assert_eq!(
                matches!(request, Rewatch::Appeared(_)),
                asks,
                "{dir}: {request:?}"
            );
        }
        let shown = rewatch_reason(
            root,
            &[Rewatch::Settings, Rewatch::Appeared(root.join("content"))],
        );
        assert_eq!(shown.as_deref(), Some("the folder content/"));
        assert_eq!(rewatch_reason(root, &[Rewatch::Settings]), None);
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
