//! Search for careerguide: a section-level index built at build time and shipped as
//! plain `.js` files, and the same query algorithm in Rust (for tests and benches)
//! as the browser client `themes/default/static/js/search.js` runs.
//!
//! ```
//! use careerguide_search::{build_index, search_docs, Abbreviation, DocKind, SearchDoc};
//! let docs = vec![SearchDoc {
//!     url: "guide/for-managers/#backfill".into(),
//!     page_title: "For managers".into(),
//!     heading: Some("Backfill".into()),
//!     text: "Backfill can sometimes be a challenge.".into(),
//!     kind: DocKind::Section,
//! }];
//! let abbreviations: Vec<Abbreviation> = vec![];
//! let files = build_index(&docs, &abbreviations);
//! assert_eq!(files[0].path, "search/index.js");
//! let hits = search_docs(&docs, &abbreviations, "backfilling", 5);
//! assert_eq!(hits[0].label(), "For managers › Backfill");
//! ```

mod abbrev;
mod az;
mod build;
mod encode;
mod index;
mod postings;
mod query;
#[cfg(test)]
mod reference;
pub mod text;

pub use az::a_to_z;
pub use encode::{LENGTH_ALPHABET, MANIFEST, shard_file_stem, shard_key};
pub use index::{BuildOptions, SearchIndex};
pub use query::within_one_edit;

/// What a search document is; shown to readers only through its URL and label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    Page,
    Section,
    CaseStudy,
    /// A page about a person the guide quotes: a quotation, not a case study.
    PersonQuoted,
    Resource,
    Glossary,
    /// A checklist page or one of its groups of items.
    Checklist,
}

/// One searchable place: a whole page, a section (h2/h3), a case study, a resource,
/// a glossary entry or a checklist.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchDoc {
    /// Site-root-relative, no leading slash: "guide/introduction/#backfill".
    pub url: String,
    pub page_title: String,
    /// Section heading; None for a whole page.
    pub heading: Option<String>,
    /// Plain text (no HTML).
    pub text: String,
    pub kind: DocKind,
}

/// An abbreviation from the glossary ("RDS" / "Research Design Service").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Abbreviation {
    pub short: String,
    pub long: String,
}

/// A file to write, relative to the output root ("search/index.js").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    pub path: String,
    pub contents: String,
}

/// One line of the no-JavaScript A–Z index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AzEntry {
    pub letter: char,
    pub label: String,
    pub url: String,
}

/// A search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub url: String,
    pub page_title: String,
    pub heading: Option<String>,
    pub kind: DocKind,
    pub score: f64,
}

/// Builds the index files for the site with default options. Deterministic: the
/// same documents in the same order give byte-identical files.
pub fn build_index(docs: &[SearchDoc], abbreviations: &[Abbreviation]) -> Vec<IndexFile> {
    index_files(docs.to_vec(), abbreviations, BuildOptions::default())
}

/// The index files for `docs` with `options`, taking the documents: each one's text is
/// freed as soon as it is analysed, which keeps a large site's build small.
pub fn index_files(
    docs: Vec<SearchDoc>,
    abbreviations: &[Abbreviation],
    options: BuildOptions,
) -> Vec<IndexFile> {
    encode::encode(build::build(docs, abbreviations, options))
}

/// Like [`index_files`], handing each file to `each` as soon as it is made (manifest
/// first) instead of returning them all: a large site's index is tens of megabytes and
/// is never held whole. Stops at the first error `each` returns.
pub fn write_index<E>(
    docs: Vec<SearchDoc>,
    abbreviations: &[Abbreviation],
    options: BuildOptions,
    each: impl FnMut(IndexFile) -> Result<(), E>,
) -> Result<(), E> {
    encode::encode_each(build::build(docs, abbreviations, options), each)
}

/// Runs a query against a built index: the same algorithm as the browser client.
pub fn search(index: &SearchIndex, query: &str, limit: usize) -> Vec<Hit> {
    query::search(index, query, limit)
}

/// Convenience for one-off queries: builds the index, then searches it.
pub fn search_docs(
    docs: &[SearchDoc],
    abbreviations: &[Abbreviation],
    query: &str,
    limit: usize,
) -> Vec<Hit> {
    query::search(
        &SearchIndex::build(docs, abbreviations, BuildOptions::default()),
        query,
        limit,
    )
}

impl SearchIndex {
    /// The files this index is written as.
    pub fn files(&self) -> Vec<IndexFile> {
        encode::encode(self.into())
    }

    /// Paths of the index files the browser loads to answer `query` and show its
    /// first `limit` results (the same choice `search.js` makes), manifest first.
    pub fn files_for_query(&self, query: &str, limit: usize) -> Vec<String> {
        encode::files_for_query(self, query, limit)
    }
}
