//! The in-memory index: one posting list per term, documents with trimmed text.
//! `encode` writes it out as JavaScript; `query` searches it the same way the
//! browser does.

use std::collections::BTreeMap;

use crate::abbrev::Expansion;
use crate::build::Compact;
use crate::postings::PostingList;
use crate::{Abbreviation, DocKind, SearchDoc};

/// Positions kept per posting: enough to reward words that stand together
/// without storing every occurrence.
pub const MAX_POSITIONS: usize = 4;

/// A term in more than one document in this many, and in more than
/// [`BuildOptions::positions_floor`] documents, keeps no positions, and so gets no bonus
/// for standing near another query word (`query::combine`). Its weight in the ranking
/// (BM25's IDF) is already low — ln 4 ≈ 1.4 at this share, against about 8 for a word in
/// one document in 4 000 — so that two words stand together says little when one of them
/// is on most pages ("research" in "research fellowship" on a guide about research
/// careers); and on a large site its positions were most of what a query of two words or
/// more downloaded (docs/performance.md, "Search").
pub const POSITIONS_SHARE: usize = 4;

/// Whether a term found in `df` of `docs` documents keeps its positions (see
/// [`POSITIONS_SHARE`]). The index says which terms do (`u` in `encode`), so the browser
/// needs no copy of this rule.
pub fn keeps_positions(df: usize, docs: usize, options: &BuildOptions) -> bool {
    df <= options.positions_floor || df.saturating_mul(POSITIONS_SHARE) <= docs
}
/// Title and heading counts are capped (they are short; repetition means little).
pub const MAX_FIELD_COUNT: u8 = 3;
/// Gap in positions between title, heading and body, so that words in different
/// fields never count as "near".
pub const FIELD_GAP: u32 = 16;

/// Settings for building an index; [`BuildOptions::default`] suits the bundled guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    /// Characters of each document's text kept for snippets.
    pub text_chars: usize,
    /// Above this many bytes of terms, the term dictionary is split into shards by
    /// the first two letters of each term; at or below it, everything is one file.
    pub single_file_bytes: usize,
    /// About how many bytes of stored documents go in one document file when sharded:
    /// documents are added to a file until the next would take it past this (a document
    /// larger than this has a file of its own). Chunking by size, not by count, keeps the
    /// number of files a large site writes down without making any file much larger.
    /// 8 KB: a query's ten results are in up to ten files, and the search page with its
    /// first query must stay within 50 KB gzip (docs/performance.md, issue 22).
    pub chunk_bytes: usize,
    /// A term shard (the terms sharing their first two letters) whose postings take more
    /// than this many bytes is split into shards by the first three letters. 16 KB: on a
    /// guide of 1 000 pages the shards of common prefixes ("re", "cl", "ca") were 6–14 KB
    /// gzip each, and a query of three common words loaded three of them (issue 22's 50 KB
    /// for the search page and its first query).
    pub shard_bytes: usize,
    /// A term in at most this many documents keeps its positions however common it is
    /// (see [`keeps_positions`]). 500: on a small site positions cost little (the bundled
    /// guide's index is one file of about 30 KB with all of them) and they decide some of
    /// its reader questions ("what is a clinical academic": the page titled "The clinical
    /// academic role"); the positions of a term in 500 documents are about 2 KB gzip.
    pub positions_floor: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            text_chars: 600,
            single_file_bytes: 96 * 1024,
            chunk_bytes: 8 * 1024,
            shard_bytes: 16 * 1024,
            positions_floor: 500,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredDoc {
    pub url: String,
    pub page_title: String,
    pub heading: Option<String>,
    pub text: String,
    pub kind: DocKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub title: u8,
    pub heading: u8,
    pub body: u32,
    /// First few positions, ascending.
    pub positions: Positions,
}

/// Up to [`MAX_POSITIONS`] positions, stored inline: a large site has millions of
/// postings, and a heap allocation for each would cost more than the rest of them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Positions {
    len: u8,
    at: [u32; MAX_POSITIONS],
}

impl PartialEq for Positions {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Positions {}

impl Positions {
    /// Exactly these positions (at most [`MAX_POSITIONS`]), as decoded from the format.
    pub fn exactly(list: &[u32]) -> Self {
        let mut p = Positions::default();
        let len = list.len().min(MAX_POSITIONS);
        p.at[..len].copy_from_slice(&list[..len]);
        p.len = len as u8;
        p
    }

    /// Adds `pos`, keeping the smallest distinct positions in ascending order.
    pub fn insert(&mut self, pos: u32) {
        let len = usize::from(self.len);
        let Err(i) = self.at[..len].binary_search(&pos) else {
            return;
        };
        if i == MAX_POSITIONS {
            return;
        }
        let end = (len + 1).min(MAX_POSITIONS);
        self.at.copy_within(i..end - 1, i + 1);
        self.at[i] = pos;
        self.len = end as u8;
    }

    /// Keeps exactly `n` positions: the first `n`, or all of them with the last
    /// repeated (the encoded count is derived from the field counts, see encode).
    pub(crate) fn fit_to(&mut self, n: usize) {
        let n = n.min(MAX_POSITIONS);
        let len = usize::from(self.len);
        if len > 0 && len < n {
            let last = self.at[len - 1];
            self.at[len..n].fill(last);
        }
        self.len = if len == 0 { 0 } else { n as u8 };
    }
}

impl std::ops::Deref for Positions {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        &self.at[..usize::from(self.len)]
    }
}

impl From<&[u32]> for Positions {
    fn from(list: &[u32]) -> Self {
        let mut p = Positions::default();
        for &pos in list {
            p.insert(pos);
        }
        p
    }
}

/// A built index, exactly as the browser will see it once decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchIndex {
    pub(crate) docs: Vec<StoredDoc>,
    /// Body length of each document in words, quantised to 0..=63 (see [`quantise`]).
    pub(crate) lengths: Vec<u8>,
    pub(crate) terms: BTreeMap<String, Vec<Posting>>,
    pub(crate) expansions: Vec<Expansion>,
    pub(crate) options: BuildOptions,
}

/// A document shorter than the average is stored as long as the average (quantised): in
/// the ranking's length normalisation a short glossary, resource or checklist entry gets
/// no extra credit for being short, so it does not crowd out the guide's own sections.
/// Done here, in the stored lengths, so the browser client ranks the same without code.
pub(crate) fn floor_at_average(lengths: &mut [u8]) {
    if lengths.is_empty() {
        return;
    }
    let sum: f64 = lengths.iter().map(|q| dequantise(*q)).sum();
    let average = quantise((sum / lengths.len() as f64).round() as usize);
    for q in lengths.iter_mut() {
        *q = (*q).max(average);
    }
}

/// Word counts are stored as one character each: round(4·log2(n+1)).
pub fn quantise(len: usize) -> u8 {
    let q = (4.0 * ((len as f64) + 1.0).log2()).round();
    q.clamp(0.0, 63.0) as u8
}

/// 2^(q/4) − 1, computed as a power of two times one of four constants so that the
/// browser (which uses the same constants) gets bit-identical numbers.
pub fn dequantise(q: u8) -> f64 {
    const QUARTER_POWERS: [f64; 4] = [
        1.0,
        1.189207115002721,
        std::f64::consts::SQRT_2,
        1.681792830507429,
    ];
    2f64.powi(i32::from(q >> 2)) * QUARTER_POWERS[usize::from(q & 3)] - 1.0
}

impl SearchIndex {
    pub fn build(
        docs: &[SearchDoc],
        abbreviations: &[Abbreviation],
        options: BuildOptions,
    ) -> Self {
        crate::build::build(docs.to_vec(), abbreviations, options).into()
    }

    pub fn doc_count(&self) -> usize {
        self.docs.len()
    }

    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Average body length, computed from the quantised lengths in document order
    /// (the browser sums the same numbers in the same order).
    pub(crate) fn average_length(&self) -> f64 {
        if self.lengths.is_empty() {
            return 1.0;
        }
        let sum: f64 = self.lengths.iter().map(|q| dequantise(*q)).sum();
        (sum / self.lengths.len() as f64).max(1.0)
    }
}

/// How many positions a posting stores: its (capped) counts, at most MAX_POSITIONS.
/// The browser derives the same number from the same counts.
pub fn posting_count(p: &Posting) -> usize {
    let total = u64::from(p.title) + u64::from(p.heading) + u64::from(p.body);
    usize::try_from(total)
        .unwrap_or(usize::MAX)
        .min(MAX_POSITIONS)
}

pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses whitespace and keeps the first `max_chars` characters, cut at a word
/// boundary, with "…" when cut.
pub fn trim_text(text: &str, max_chars: usize) -> String {
    // Squash only as much as is kept: a section can be far longer than its snippet.
    let mut squashed = String::new();
    let mut chars = 0usize;
    for word in text.split_whitespace() {
        if chars > max_chars {
            break;
        }
        if !squashed.is_empty() {
            squashed.push(' ');
            chars += 1;
        }
        squashed.push_str(word);
        chars += word.chars().count();
    }
    if chars <= max_chars {
        return squashed;
    }
    let end = squashed
        .char_indices()
        .nth(max_chars)
        .map_or(squashed.len(), |(i, _)| i);
    let cut = &squashed[..end];
    let cut = match cut.rfind(' ') {
        Some(i) if i > 0 => &cut[..i],
        _ => cut,
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '.')
    )
}

impl From<Compact> for SearchIndex {
    fn from(c: Compact) -> Self {
        SearchIndex {
            docs: c.docs,
            lengths: c.lengths,
            terms: c
                .terms
                .into_iter()
                .map(|(t, l)| (t, l.postings()))
                .collect(),
            expansions: c.expansions,
            options: c.options,
        }
    }
}

impl From<&SearchIndex> for Compact {
    fn from(index: &SearchIndex) -> Self {
        Compact {
            docs: index.docs.clone(),
            lengths: index.lengths.clone(),
            terms: index
                .terms
                .iter()
                .map(|(t, postings)| {
                    let mut list =
                        if keeps_positions(postings.len(), index.docs.len(), &index.options) {
                            PostingList::default()
                        } else {
                            PostingList::bare()
                        };
                    for p in postings {
                        list.push(p);
                    }
                    (t.clone(), list)
                })
                .collect(),
            expansions: index.expansions.clone(),
            options: index.options.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, heading: &str, text: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            page_title: "Guide".into(),
            heading: Some(heading.into()),
            text: text.into(),
            kind: DocKind::Section,
        }
    }

    #[test]
    fn a_megabyte_word_costs_no_more_than_its_length() {
        // A pasted base64 image: one 1 MB "word", in a title and a body. Splitting it into
        // compounds stemmed every prefix and suffix (minutes and gigabytes); now it is
        // skipped and the words around it are still found.
        let word: String = "Ab".repeat(500_000);
        let mut d = doc("a/#x", "Mentors", &format!("find a mentor {word} early"));
        d.page_title = word.clone();
        let idx = SearchIndex::build(&[d], &[], BuildOptions::default());
        assert!(
            idx.terms
                .keys()
                .all(|t| t.len() <= crate::text::MAX_WORD_BYTES)
        );
        assert!(idx.terms.contains_key("mentor"));
        assert!(idx.terms.contains_key("earli"));
    }

    #[test]
    fn postings_count_each_field_and_keep_first_positions() {
        let idx = SearchIndex::build(
            &[doc(
                "a/#x",
                "Backfill",
                "backfill backfill backfill backfill backfill",
            )],
            &[],
            BuildOptions::default(),
        );
        let p = &idx.terms["backfil"][0];
        assert_eq!((p.title, p.heading, p.body), (0, 1, 5));
        assert_eq!(p.positions.len(), MAX_POSITIONS);
        assert!(p.positions.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn split_compounds_are_joined_when_the_corpus_knows_the_word() {
        let idx = SearchIndex::build(
            &[
                doc("a/#x", "One", "salary back fill"),
                doc("b/#y", "Two", "backfill posts"),
            ],
            &[],
            BuildOptions::default(),
        );
        let docs: Vec<u32> = idx.terms["backfil"].iter().map(|p| p.doc).collect();
        assert_eq!(docs, [0, 1]);
    }

    #[test]
    fn whole_pages_are_not_indexed_by_their_sections_text() {
        let page = SearchDoc {
            url: "g/".into(),
            page_title: "Guide".into(),
            heading: None,
            text: "Lead words. Section about mentors.".into(),
            kind: DocKind::Page,
        };
        let idx = SearchIndex::build(
            &[page, doc("g/#s", "S", "Section about mentors.")],
            &[],
            BuildOptions::default(),
        );
        let docs: Vec<u32> = idx.terms["mentor"].iter().map(|p| p.doc).collect();
        assert_eq!(docs, [1]);
        assert!(idx.terms["lead"].iter().any(|p| p.doc == 0));
        assert!(
            idx.docs[0].text.contains("mentors"),
            "stored text is kept for snippets"
        );
    }

    #[test]
    fn compounds_are_also_indexed_by_their_parts() {
        let idx = SearchIndex::build(
            &[
                doc("a/#x", "Developing your skillset", "new skills"),
                doc("b/#y", "Two", "a set of tools"),
            ],
            &[],
            BuildOptions::default(),
        );
        assert!(
            idx.terms["skill"]
                .iter()
                .any(|p| p.doc == 0 && p.heading == 1)
        );
        assert!(idx.terms["set"].iter().any(|p| p.doc == 0));
    }

    #[test]
    fn positions_keep_the_smallest_distinct_in_order() {
        let mut p = Positions::default();
        for pos in [40, 7, 7, 90, 3, 12, 5, 60] {
            p.insert(pos);
        }
        assert_eq!(&*p, [3, 5, 7, 12]);
        p.fit_to(2);
        assert_eq!(&*p, [3, 5]);
        let mut q = Positions::from(&[9u32, 9][..]);
        q.fit_to(3);
        assert_eq!(
            &*q,
            [9, 9, 9],
            "padded with the last so the count stays derivable"
        );
    }

    #[test]
    fn lengths_round_trip_roughly() {
        for n in [0usize, 1, 10, 100, 1000] {
            let back = dequantise(quantise(n));
            assert!(
                (back - n as f64).abs() <= (n as f64) * 0.1 + 0.5,
                "{n} -> {back}"
            );
        }
    }

    #[test]
    fn trimmed_text_ends_at_a_word() {
        assert_eq!(trim_text("one  two\nthree four", 12), "one two…");
        assert_eq!(trim_text("short", 12), "short");
    }

    #[test]
    fn trimming_reads_only_what_it_keeps_yet_cuts_as_squashing_everything_did() {
        // The first version squashed the whole text, then cut it.
        fn squash_then_cut(text: &str, max_chars: usize) -> String {
            let squashed = squash(text);
            if squashed.chars().count() <= max_chars {
                return squashed;
            }
            let cut: String = squashed.chars().take(max_chars).collect();
            let cut = match cut.rfind(' ') {
                Some(i) if i > 0 => &cut[..i],
                _ => cut.as_str(),
            };
            format!(
                "{}…",
                cut.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '.')
            )
        }
        let pieces = ["a", "bb", "ccc,", "é", "ünï.", "  ", "\n", " ", "—", "x;"];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 30) {
                text.push_str(pieces[((seed >> (k % 50)) % pieces.len() as u64) as usize]);
            }
            for max in [0, 1, 2, 3, 5, 8, 13] {
                assert_eq!(
                    trim_text(&text, max),
                    squash_then_cut(&text, max),
                    "{text:?} {max}"
                );
            }
        }
    }

    #[test]
    fn same_input_gives_identical_index() {
        let docs = [
            doc("a/#x", "H", "alpha beta"),
            doc("b/#y", "G", "beta gamma"),
        ];
        let a = SearchIndex::build(&docs, &[], BuildOptions::default());
        let b = SearchIndex::build(&docs, &[], BuildOptions::default());
        assert_eq!(a, b);
    }
}
