//! The preview's state: the last good site (a [`Snapshot`]) and the channel to open pages.
//!
//! Locks live here and nowhere else in the crate: the build threads swap in a new snapshot;
//! request handlers take the current one and never wait for a build.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use tokio::sync::broadcast;

use super::protocol::Message;
use crate::diagnostics::Diagnostic;
use crate::output::OutFile;

/// Output path → contents.
pub type Files = HashMap<String, Bytes>;

/// One build as served: the last good site, plus the problems of the latest build if it
/// failed.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Counts builds, good or bad; pages know the build they came from.
    pub build: u64,
    /// False until a build has succeeded once.
    pub has_site: bool,
    /// Output path → contents, of the last good build.
    pub files: Arc<Files>,
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

impl Snapshot {
    /// The first build, good, its search index already among `files`.
    pub fn first(
        files: Files,
        copied_from: HashMap<PathBuf, String>,
        warnings: Vec<Diagnostic>,
        index_paths: Vec<String>,
    ) -> Snapshot {
        Snapshot {
            build: 1,
            has_site: true,
            files: Arc::new(files),
            copied_from: Arc::new(copied_from),
            problems: Arc::default(),
            warnings: Arc::new(warnings),
            index_paths: Arc::new(index_paths),
            index_build: 1,
        }
    }

    /// The first build failed: no site yet, only its problems.
    pub fn first_failed(problems: Vec<Diagnostic>) -> Snapshot {
        Snapshot {
            build: 1,
            problems: Arc::new(problems),
            ..Snapshot::default()
        }
    }

    /// The next build, good: new `files` (holding this one's search index until the next
    /// index is ready), the copied sources and warnings given, or else this build's.
    pub fn next(
        &self,
        files: Files,
        copied_from: Option<HashMap<PathBuf, String>>,
        warnings: Option<Vec<Diagnostic>>,
    ) -> Snapshot {
        Snapshot {
            build: self.build + 1,
            has_site: true,
            files: Arc::new(files),
            copied_from: copied_from.map_or_else(|| self.copied_from.clone(), Arc::new),
            problems: Arc::default(),
            warnings: warnings.map_or_else(|| self.warnings.clone(), Arc::new),
            index_paths: self.index_paths.clone(),
            index_build: self.index_build,
        }
    }

    /// The next build failed: the same site, shown with the new `problems`.
    pub fn next_failed(&self, problems: Vec<Diagnostic>) -> Snapshot {
        Snapshot {
            build: self.build + 1,
            problems: Arc::new(problems),
            ..self.same_site()
        }
    }

    /// This build with the search index of pipeline build `index_build` in place of its own.
    fn with_index(&self, index: Files, index_build: u64) -> Snapshot {
        let mut files = (*self.files).clone();
        for path in self.index_paths.iter() {
            files.remove(path);
        }
        let mut paths: Vec<String> = index.keys().cloned().collect();
        paths.sort();
        files.extend(index);
        Snapshot {
            files: Arc::new(files),
            index_paths: Arc::new(paths),
            index_build,
            ..self.same_site()
        }
    }

    /// A copy sharing every file and list with this one.
    fn same_site(&self) -> Snapshot {
        Snapshot {
            build: self.build,
            has_site: self.has_site,
            files: self.files.clone(),
            copied_from: self.copied_from.clone(),
            problems: self.problems.clone(),
            warnings: self.warnings.clone(),
            index_paths: self.index_paths.clone(),
            index_build: self.index_build,
        }
    }
}

/// State shared by the build threads and the request handlers.
pub struct Shared {
    current: RwLock<Arc<Snapshot>>,
    pub(super) sender: broadcast::Sender<Arc<Message>>,
}

impl Shared {
    pub(super) fn new() -> Self {
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

    /// Shows `snapshot` from now on and sends `message` to open pages.
    pub(super) fn publish(&self, mut snapshot: Snapshot, message: Option<Message>) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        // The index thread may have swapped in a newer index while this build ran.
        if current.index_build > snapshot.index_build {
            let index: Files = current
                .index_paths
                .iter()
                .filter_map(|p| current.files.get(p).map(|b| (p.clone(), b.clone())))
                .collect();
            snapshot = snapshot.with_index(index, current.index_build);
        }
        *current = Arc::new(snapshot);
        if let Some(m) = message {
            // No open pages is fine.
            let _ = self.sender.send(Arc::new(m));
        }
    }

    /// Swaps in the search index of pipeline build `build`, unless a newer one is there,
    /// and reloads the pages that use the files that changed (the search page).
    pub(super) fn publish_index(&self, build: u64, index: Vec<OutFile>) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        if current.index_build >= build {
            return;
        }
        let old: Files = current
            .index_paths
            .iter()
            .filter_map(|p| current.files.get(p).map(|b| (p.clone(), b.clone())))
            .collect();
        let new = index_map(index);
        let changed = changed_paths(&old, &new);
        *current = Arc::new(current.with_index(new, build));
        // While the latest build is broken, open pages show its problems: a reload message
        // would clear them. The search page picks the index up with its next reload.
        if !changed.is_empty() && current.problems.is_empty() {
            let _ = self
                .sender
                .send(Arc::new(Message::reload(current.build, &changed)));
        }
    }
}

/// The search index's files, by path.
pub fn index_map(index: Vec<OutFile>) -> Files {
    index
        .into_iter()
        .filter_map(|f| match f {
            OutFile::Bytes { path, bytes } => Some((path, Bytes::from(bytes))),
            OutFile::Copy { .. } | OutFile::Append { .. } => None,
        })
        .collect()
}

/// Output paths whose contents differ between two builds (added, changed or removed).
pub fn changed_paths(old: &Files, new: &Files) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(path, bytes)| old.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .chain(old.keys().filter(|p| !new.contains_key(*p)).cloned())
        .collect();
    changed.sort();
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pairs: &[(&str, &str)]) -> Files {
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
    fn a_failed_build_keeps_the_site_and_a_good_one_keeps_the_index_until_its_own() {
        let first = Snapshot::first(
            site(&[("a.html", "1"), ("search/index.js", "i1")]),
            HashMap::new(),
            Vec::new(),
            vec!["search/index.js".into()],
        );
        let failed = first.next_failed(vec![Diagnostic::error("content/a.md", "bad")]);
        assert_eq!((failed.build, failed.has_site), (2, true));
        assert!(Arc::ptr_eq(&failed.files, &first.files));
        let mut files = site(&[("a.html", "2")]);
        files.insert(
            "search/index.js".into(),
            first.files["search/index.js"].clone(),
        );
        let good = failed.next(files, None, None);
        assert_eq!(good.build, 3);
        assert!(good.problems.is_empty());
        assert_eq!(good.index_build, 1);
        let indexed = good.with_index(site(&[("search/index.js", "i3")]), 3);
        assert_eq!(indexed.files["search/index.js"], "i3");
        assert_eq!(indexed.files["a.html"], "2");
        assert_eq!((indexed.build, indexed.index_build), (3, 3));
    }

    #[test]
    fn a_newer_index_survives_a_build_that_started_before_it() {
        let shared = Shared::new();
        let first = Snapshot::first(
            site(&[("a.html", "1"), ("search/index.js", "i1")]),
            HashMap::new(),
            Vec::new(),
            vec!["search/index.js".into()],
        );
        let base = first.next(
            site(&[("a.html", "2"), ("search/index.js", "i1")]),
            None,
            None,
        );
        shared.publish(base, None);
        // Build 3 starts from build 2; meanwhile build 2's index arrives.
        let started = shared.snapshot();
        shared.publish_index(
            2,
            vec![OutFile::Bytes {
                path: "search/index.js".into(),
                bytes: b"i2".to_vec(),
            }],
        );
        let third = started.next(
            site(&[("a.html", "3"), ("search/index.js", "i1")]),
            None,
            None,
        );
        shared.publish(third, None);
        let now = shared.snapshot();
        assert_eq!(now.files["search/index.js"], "i2");
        assert_eq!(now.files["a.html"], "3");
        assert_eq!(now.index_build, 2);
    }
}
