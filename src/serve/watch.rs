//! Watching the project for saves: one watcher over `content/`, `themes/` and `config.yaml`,
//! a short debounce, and each changed file classified by what it can affect.
//!
//! `notify` stays inside this file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
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
    let rel = path.strip_prefix(root).ok()?;
    let shown = display_path(root, path);
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
    _watcher: Box<dyn Watcher + Send>,
}

/// Starts watching `root` (already canonical). With `poll`, looks at every file every
/// [`POLL_INTERVAL`] instead of asking the operating system (for network drives).
pub fn start(root: &Path, poll: bool) -> notify::Result<(Watching, Receiver<Change>)> {
    let (sender, receiver) = channel();
    let handler = Forward {
        root: root.to_path_buf(),
        sender,
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
    Ok((Watching { _watcher: watcher }, receiver))
}

struct Forward {
    root: PathBuf,
    sender: Sender<Change>,
}

impl notify::EventHandler for Forward {
    fn handle_event(&mut self, event: notify::Result<notify::Event>) {
        let Ok(event) = event else { return };
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
        for path in &event.paths {
            if let Some(change) = classify(&self.root, path) {
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
