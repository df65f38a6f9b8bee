//! Building the preview: the first build, a rebuild after every batch of saves, and the
//! search index after the pages are showing. A panic anywhere in a build is caught and
//! shown as a build problem; the last good site stays up.

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Instant;

use axum::body::Bytes;

use super::protocol::Message;
use super::state::{Files, Shared, Snapshot, changed_paths};
use super::terminal;
use super::watch::{self, Change, Kind};
use crate::diagnostics::{self, Diagnostic};
use crate::output::OutFile;
use crate::pipeline;
use crate::pipeline::Memory;
use crate::search::IndexJob;

/// Set to a path relative to the project folder, this makes every build panic while that
/// file exists. For the test that proves a panic is shown as a build problem; never needed
/// otherwise.
pub const PANIC_FAILPOINT: &str = "CAREERGUIDE_FAILPOINT_PANIC_IF_EXISTS";

/// What one build produced, ready to compare with the last.
pub struct Fresh {
    pub files: Files,
    pub copied_from: HashMap<PathBuf, String>,
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    /// The search index, still to be built (not in `files`).
    pub index: Option<IndexJob>,
}

/// Runs the pipeline (without minifying: a preview should be quick and readable) and reads
/// every file into memory. The search index is left to build after the pages are showing.
pub fn build_site(
    root: &Path,
    preview_url: &str,
    memory: &Memory,
) -> Result<Fresh, Vec<Diagnostic>> {
    guarded(|| build_site_unguarded(root, preview_url, memory))
}

fn build_site_unguarded(
    root: &Path,
    preview_url: &str,
    memory: &Memory,
) -> Result<Fresh, Vec<Diagnostic>> {
    if let Some(trigger) = std::env::var_os(PANIC_FAILPOINT)
        && root.join(trigger).exists()
    {
        panic!("failpoint {PANIC_FAILPOINT}: the build panics on purpose");
    }
    let options = pipeline::Options {
        base_url: None,
        preview_url: Some(preview_url.to_string()),
        minify: Some(false),
        today: None,
        defer_search_index: true,
        preview: true,
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
            // `build_remembering` has joined each page's parts already; kept right regardless.
            OutFile::Append { path, bytes } => {
                let mut whole = files.remove(&path).map(|b| b.to_vec()).unwrap_or_default();
                whole.extend_from_slice(&bytes);
                files.insert(path, Bytes::from(whole));
            }
            OutFile::Copy { path, from } => match crate::project_files::read_copied(&from) {
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

/// Runs `build`, turning a panic into a build problem, so one bad save cannot take the
/// preview down. (A stack overflow aborts the process and cannot be caught: the Markdown
/// reader bounds nesting so none happens.)
pub fn guarded<T>(
    build: impl FnOnce() -> Result<T, Vec<Diagnostic>>,
) -> Result<T, Vec<Diagnostic>> {
    catch_unwind(AssertUnwindSafe(build)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no details".to_string());
        Err(vec![
            Diagnostic::error(
                "careerguide",
                format!("the build stopped unexpectedly (an internal error: {what})"),
            )
            .hint(
                "this is a bug in careerguide, not in your files: undo your last change to carry on, \
and please report it with that change; the preview keeps showing the last good site",
            ),
        ])
    })
}

/// Builds the search index of each good rebuild, after its pages are showing. Only the
/// newest waiting job is built: an older index would be replaced at once.
pub fn index_loop(shared: &Shared, jobs: &Receiver<(u64, IndexJob)>) {
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let (build, job) = job;
        // A panic here keeps the previous index; the terminal shows the panic message.
        if let Ok(files) = catch_unwind(AssertUnwindSafe(|| job.files())) {
            shared.publish_index(build, files);
        }
    }
}

/// Everything the rebuild thread needs.
pub struct Rebuilder<'a> {
    pub root: &'a Path,
    pub url: &'a str,
    pub shared: &'a Shared,
    pub index_jobs: &'a Sender<(u64, IndexJob)>,
    pub memory: &'a Memory,
    pub colour: bool,
}

impl Rebuilder<'_> {
    /// Rebuilds after every batch of saves until the watcher stops.
    pub fn run(&self, changes: &Receiver<Change>) {
        while let Some(mut batch) = watch::next_batch(changes) {
            // What open pages show: every rebuild of this batch is compared with it.
            let base = self.shared.snapshot();
            // Temporary files an editor or tool created and renamed away (`sed -i` makes
            // `sedXXXXXX`): gone already, and never part of the site. Folders among the
            // copied files matter only through the files in them, which have their own
            // events (a new folder is watched, then everything rebuilt: see `watch`). A
            // folder where a page was (`rm page.md && mkdir page.md`) removes the page.
            batch.retain(|c| {
                c.kind != Kind::Asset
                    || (!c.path.is_dir()
                        && (c.path.exists() || base.copied_from.contains_key(&c.path)))
            });
            if batch.is_empty() {
                continue;
            }
            loop {
                let started = Instant::now();
                let (snapshot, outcome, index) = self.rebuild(&base, &batch);
                // More saves arrived while building (say, a file half written): build again
                // before telling anyone, so a transient error never flashes up.
                if watch::drain_into(changes, &mut batch) {
                    continue;
                }
                let ms = started.elapsed().as_millis();
                let build = snapshot.build;
                self.report(snapshot, &batch, outcome, ms);
                if let Some(job) = index {
                    // The index thread outlives this one; if it is gone, serve is stopping.
                    let _ = self.index_jobs.send((build, job));
                }
                break;
            }
        }
    }

    /// Rebuilds what `batch` needs on top of `old`. Stylesheets, scripts and images that
    /// were only modified are re-read on their own; anything else runs the pipeline, whose
    /// search index is returned to be built next (the new site keeps the old index until
    /// then).
    fn rebuild(
        &self,
        old: &Snapshot,
        batch: &BTreeSet<Change>,
    ) -> (Snapshot, Outcome, Option<IndexJob>) {
        if old.has_site
            && old.problems.is_empty()
            && let Some(patched) = refresh_assets(old, batch)
        {
            let changed = changed_paths(&old.files, &patched);
            let outcome = Outcome::Built {
                fresh_pages: None,
                changed,
                new_warnings: Vec::new(),
                warnings_changed: false,
                was_broken: false,
            };
            return (old.next(patched, None, None), outcome, None);
        }
        self.memory.changed(batch.iter().map(|c| c.path.as_path()));
        match build_site(self.root, self.url, self.memory) {
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
                    warnings_changed: *old.warnings != fresh.warnings,
                    was_broken: !old.problems.is_empty() || !old.has_site,
                };
                let snapshot = old.next(fresh.files, Some(fresh.copied_from), Some(fresh.warnings));
                (snapshot, outcome, fresh.index)
            }
            Err(problems) => (old.next_failed(problems), Outcome::Failed, None),
        }
    }

    /// Swaps the new build in, says what happened in the terminal and tells open pages.
    fn report(&self, snapshot: Snapshot, batch: &BTreeSet<Change>, outcome: Outcome, ms: u128) {
        let what = terminal::describe(batch);
        match outcome {
            Outcome::Built {
                fresh_pages,
                changed,
                new_warnings,
                warnings_changed,
                was_broken,
            } => {
                terminal::print_problems(&new_warnings, self.colour);
                eprintln!(
                    "{}",
                    terminal::rebuilt(
                        &what,
                        fresh_pages,
                        ms,
                        changed.len(),
                        was_broken,
                        self.colour
                    )
                );
                // Open pages learn of warnings that came or went even when no file of the
                // site changed (a page reloaded by the message reads them from the status).
                let message = if changed.is_empty() {
                    (was_broken || warnings_changed).then(|| Message::ok(&snapshot))
                } else {
                    Some(Message::reload(snapshot.build, &changed))
                };
                self.shared.publish(snapshot, message);
            }
            Outcome::Failed => {
                terminal::print_problems(&snapshot.problems, self.colour);
                eprintln!(
                    "{}",
                    terminal::failed(&what, &snapshot.problems, self.colour)
                );
                let message = Message::failed(&snapshot);
                self.shared.publish(snapshot, Some(message));
            }
        }
    }
}

/// What a rebuild did, for the terminal and the open pages.
enum Outcome {
    Built {
        fresh_pages: Option<usize>,
        changed: Vec<String>,
        new_warnings: Vec<Diagnostic>,
        /// The warnings differ from the last good build's.
        warnings_changed: bool,
        was_broken: bool,
    },
    Failed,
}

/// The site with changed copied files re-read, if every change is a modified file the last
/// build copied as it is; `None` when the pipeline must run.
fn refresh_assets(old: &Snapshot, batch: &BTreeSet<Change>) -> Option<Files> {
    let mut files: Option<Files> = None;
    for change in batch {
        // An SVG must pass its safety check again (publish::svg): the pipeline does that.
        let svg = change
            .path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        if change.kind != Kind::Asset || svg {
            return None;
        }
        let output = old.copied_from.get(&change.path)?;
        let bytes = crate::project_files::read_copied(&change.path).ok()?;
        files
            .get_or_insert_with(|| (*old.files).clone())
            .insert(output.clone(), Bytes::from(bytes));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_build_becomes_a_build_problem() {
        let result: Result<(), _> = guarded(|| panic!("index out of range"));
        let problems = result.unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("index out of range"),
            "{:?}",
            problems[0]
        );
        assert!(
            problems[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("last good site")
        );
        let formatted: Result<(), _> = guarded(|| panic!("at {}", 3));
        assert!(formatted.unwrap_err()[0].message.contains("at 3"));
        assert_eq!(guarded(|| Ok::<_, Vec<Diagnostic>>(5)).unwrap(), 5);
    }
}
