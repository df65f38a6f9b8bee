//! Counts of work a build does, for tests that hold the pipeline to linear growth
//! (`tests/scaling.rs`): counted, not timed, so they are exact on any machine. Off unless a
//! test turns them on; then each count costs one atomic addition (and the context size one
//! extra serialisation per page).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

static ON: AtomicBool = AtomicBool::new(false);
static RENDERS: AtomicU64 = AtomicU64::new(0);
static CONTEXT_BYTES: AtomicU64 = AtomicU64::new(0);
static LINKS_RESOLVED: AtomicU64 = AtomicU64::new(0);
static TEMPLATE_LOOKUPS: AtomicU64 = AtomicU64::new(0);
static MOST_HELD: AtomicU64 = AtomicU64::new(0);
static PAGES_WRITTEN: AtomicU64 = AtomicU64::new(0);
static GLOSSARY_STEPS: AtomicU64 = AtomicU64::new(0);
static LARGE_NOW: AtomicU64 = AtomicU64::new(0);
static MOST_LARGE: AtomicU64 = AtomicU64::new(0);

/// What was counted since [`start`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Pages rendered through a template.
    pub renders: u64,
    /// Bytes of every page's template context, as JSON (what templates had to work from).
    pub context_bytes: u64,
    /// Link destinations resolved (in bodies and in checks).
    pub links_resolved: u64,
    /// Pages asked which template they use (finding the search page among all pages for
    /// every page was how rendering once grew with the square of the pages).
    pub template_lookups: u64,
    /// The most bytes of page HTML one step of the page pass held at once: a whole page
    /// (and its minified copy), or, for a page written in parts (`render::parts`), its
    /// template output and one part. A page that lists the whole site makes this grow with
    /// the site; written in parts, it grows with the largest page and the list of titles.
    pub most_held: u64,
    /// Pages handed on to be written (whole or in parts: a page counts once).
    pub pages_written: u64,
    /// Glossary entries and glossary file lines looked at to report unused terms (a search
    /// of the glossary and a scan of its file for each unused term made this quadratic).
    pub glossary_steps: u64,
    /// The most pages over [`crate::pipeline::LARGE_PAGE_BYTES`] of Markdown the page pass
    /// was building at once (each costs about 22 times its Markdown while it is built).
    pub most_large_at_once: u64,
}

/// Turns counting on, from zero.
pub fn start() {
    RENDERS.store(0, Ordering::Relaxed);
    CONTEXT_BYTES.store(0, Ordering::Relaxed);
    LINKS_RESOLVED.store(0, Ordering::Relaxed);
    TEMPLATE_LOOKUPS.store(0, Ordering::Relaxed);
    MOST_HELD.store(0, Ordering::Relaxed);
    PAGES_WRITTEN.store(0, Ordering::Relaxed);
    GLOSSARY_STEPS.store(0, Ordering::Relaxed);
    LARGE_NOW.store(0, Ordering::Relaxed);
    MOST_LARGE.store(0, Ordering::Relaxed);
    ON.store(true, Ordering::Relaxed);
}

/// The counts so far.
pub fn read() -> Counts {
    Counts {
        renders: RENDERS.load(Ordering::Relaxed),
        context_bytes: CONTEXT_BYTES.load(Ordering::Relaxed),
        links_resolved: LINKS_RESOLVED.load(Ordering::Relaxed),
        template_lookups: TEMPLATE_LOOKUPS.load(Ordering::Relaxed),
        most_held: MOST_HELD.load(Ordering::Relaxed),
        pages_written: PAGES_WRITTEN.load(Ordering::Relaxed),
        glossary_steps: GLOSSARY_STEPS.load(Ordering::Relaxed),
        most_large_at_once: MOST_LARGE.load(Ordering::Relaxed),
    }
}

pub(crate) fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

pub(crate) fn rendered(context: &impl serde::Serialize) {
    if on() {
        RENDERS.fetch_add(1, Ordering::Relaxed);
        let mut bytes = Bytes(0);
        let _ = serde_json::to_writer(&mut bytes, context);
        CONTEXT_BYTES.fetch_add(bytes.0, Ordering::Relaxed);
    }
}

pub(crate) fn link_resolved() {
    if on() {
        LINKS_RESOLVED.fetch_add(1, Ordering::Relaxed);
    }
}

pub(crate) fn template_looked_up() {
    if on() {
        TEMPLATE_LOOKUPS.fetch_add(1, Ordering::Relaxed);
    }
}

/// `n` glossary entries or lines looked at (see [`Counts::glossary_steps`]).
pub(crate) fn glossary_steps(n: usize) {
    if on() {
        GLOSSARY_STEPS.fetch_add(n as u64, Ordering::Relaxed);
    }
}

/// One step of the page pass holds `bytes` of HTML at once (see [`Counts::most_held`]).
pub(crate) fn held(bytes: usize) {
    if on() {
        MOST_HELD.fetch_max(bytes as u64, Ordering::Relaxed);
    }
}

/// A page was handed on to be written.
pub(crate) fn page_written() {
    if on() {
        PAGES_WRITTEN.fetch_add(1, Ordering::Relaxed);
    }
}

/// The page pass is building a page over [`crate::pipeline::LARGE_PAGE_BYTES`] until the
/// value returned is dropped (see [`Counts::most_large_at_once`]).
pub(crate) fn large_page() -> LargePage {
    let on = on();
    if on {
        let now = LARGE_NOW.fetch_add(1, Ordering::SeqCst) + 1;
        MOST_LARGE.fetch_max(now, Ordering::SeqCst);
    }
    LargePage(on)
}

pub(crate) struct LargePage(bool);

impl Drop for LargePage {
    fn drop(&mut self) {
        if self.0 {
            LARGE_NOW.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

struct Bytes(u64);

impl std::io::Write for Bytes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
