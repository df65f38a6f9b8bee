//! The in-memory index: one posting list per term, documents with trimmed text.
//! `encode` writes it out as JavaScript; `query` searches it the same way the
//! browser does.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::abbrev::{self, Expansion};
use crate::text::{self, Token};
use crate::{Abbreviation, DocKind, SearchDoc};

/// Positions kept per posting: enough to reward words that stand together
/// without storing every occurrence.
pub const MAX_POSITIONS: usize = 4;
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
    /// Documents per document file when sharded.
    pub docs_per_chunk: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            text_chars: 600,
            single_file_bytes: 96 * 1024,
            docs_per_chunk: 8,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Positions {
    len: u8,
    at: [u32; MAX_POSITIONS],
}

impl Positions {
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
    fn fit_to(&mut self, n: usize) {
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
fn floor_at_average(lengths: &mut [u8]) {
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Heading,
    Body,
}

impl SearchIndex {
    pub fn build(
        docs: &[SearchDoc],
        abbreviations: &[Abbreviation],
        options: BuildOptions,
    ) -> Self {
        let expansions = abbrev::expansions(abbreviations);
        let bodies = own_text(docs);
        let fields: Vec<[(Field, Vec<Token>); 3]> = docs
            .par_iter()
            .zip(&bodies)
            .map(|(d, b)| analyse(d, b))
            .collect();
        let vocabulary = surface_words(&fields);
        let stems: HashSet<String> = vocabulary.iter().map(|w| text::stem(w)).collect();

        // Postings are gathered in a hash map (a site has thousands of terms, each
        // touched many times) and sorted once at the end.
        let mut terms: HashMap<String, Vec<Posting>> = HashMap::new();
        let mut lengths = Vec::with_capacity(docs.len());
        let mut splits = CompoundSplits::default();
        for (doc_id, doc_fields) in (0u32..).zip(&fields) {
            let mut per_term: HashMap<&str, Posting> = HashMap::new();
            let mut extras_store: Vec<(Field, Vec<Token>)> = Vec::new();
            for (field, toks) in doc_fields {
                let mut extra = abbrev::short_forms_for(toks, &expansions);
                extra.extend(joined_words(toks, &vocabulary));
                extra.extend(compound_parts(toks, &stems, &mut splits));
                extras_store.push((*field, extra));
            }
            let all = doc_fields
                .iter()
                .map(|(f, t)| (*f, t))
                .chain(extras_store.iter().map(|(f, t)| (*f, t)));
            for (field, toks) in all {
                for tok in toks {
                    let p = per_term
                        .entry(tok.term.as_str())
                        .or_insert_with(|| Posting {
                            doc: doc_id,
                            title: 0,
                            heading: 0,
                            body: 0,
                            positions: Positions::default(),
                        });
                    match field {
                        Field::Title => p.title = p.title.saturating_add(1).min(MAX_FIELD_COUNT),
                        Field::Heading => {
                            p.heading = p.heading.saturating_add(1).min(MAX_FIELD_COUNT)
                        }
                        Field::Body => p.body += 1,
                    }
                    p.positions.insert(tok.pos);
                }
            }
            for (term, mut posting) in per_term {
                let stored = posting_count(&posting);
                posting.positions.fit_to(stored);
                match terms.get_mut(term) {
                    Some(list) => list.push(posting),
                    None => {
                        terms.insert(term.to_owned(), vec![posting]);
                    }
                }
            }
            lengths.push(quantise(doc_fields[2].1.len()));
        }
        // Each list was filled in document order, so it is already sorted.
        let terms: BTreeMap<String, Vec<Posting>> = terms.into_iter().collect();

        let docs = docs
            .iter()
            .map(|d| StoredDoc {
                url: d.url.clone(),
                page_title: squash(&d.page_title),
                heading: d.heading.as_deref().map(squash).filter(|h| !h.is_empty()),
                text: trim_text(&d.text, options.text_chars),
                kind: d.kind,
            })
            .collect();
        floor_at_average(&mut lengths);
        SearchIndex {
            docs,
            lengths,
            terms,
            expansions,
            options,
        }
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

/// The text each document is indexed by. A whole page whose sections are also
/// documents is indexed without those sections' text (it stays stored for snippets):
/// the sections answer for it, and postings are not duplicated.
fn own_text(docs: &[SearchDoc]) -> Vec<String> {
    let mut sections: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in docs {
        if let Some((path, _)) = d.url.split_once('#')
            && d.heading.is_some()
            && !d.text.trim().is_empty()
        {
            sections.entry(path).or_default().push(d.text.trim());
        }
    }
    docs.iter()
        .map(|d| {
            let mut text = d.text.clone();
            if d.heading.is_none() && !d.url.contains('#') {
                for section in sections.get(d.url.as_str()).into_iter().flatten() {
                    if let Some(at) = text.find(section) {
                        text.replace_range(at..at + section.len(), " ");
                    }
                }
            }
            text
        })
        .collect()
}

fn analyse(doc: &SearchDoc, body_text: &str) -> [(Field, Vec<Token>); 3] {
    let title = text::tokens_from(&doc.page_title, 0);
    let heading_start = next_start(&title, 0);
    let heading = text::tokens_from(doc.heading.as_deref().unwrap_or(""), heading_start);
    let body_start = next_start(&heading, heading_start);
    let body = text::tokens_from(body_text, body_start);
    [
        (Field::Title, title),
        (Field::Heading, heading),
        (Field::Body, body),
    ]
}

fn next_start(previous: &[Token], previous_start: u32) -> u32 {
    previous.last().map_or(previous_start, |t| t.pos + 1) + FIELD_GAP
}

/// Every folded word in the corpus, for joining split compounds.
fn surface_words(fields: &[[(Field, Vec<Token>); 3]]) -> HashSet<&str> {
    fields
        .iter()
        .flatten()
        .flat_map(|(_, toks)| toks.iter().map(|t| t.word.as_str()))
        .collect()
}

/// "back fill" is also indexed as "backfill" when "backfill" occurs somewhere in
/// the corpus, so readers find the passage whichever way they spell it.
fn joined_words(toks: &[Token], vocabulary: &HashSet<&str>) -> Vec<Token> {
    let mut joined = String::new();
    toks.windows(2)
        .filter(|w| w[1].pos == w[0].pos + 1)
        .filter_map(|w| {
            joined.clear();
            joined.push_str(&w[0].word);
            joined.push_str(&w[1].word);
            vocabulary.contains(joined.as_str()).then(|| Token {
                term: text::stem(&joined),
                word: joined.clone(),
                pos: w[0].pos,
                start: w[0].start,
                end: w[1].end,
            })
        })
        .collect()
}

/// "skillset" is also indexed as "skill" and "set" when both stem to terms of the
/// corpus (neither a stop word, each 3+ letters), so "skills" finds "skillset".
fn compound_parts(
    toks: &[Token],
    stems: &HashSet<String>,
    memo: &mut CompoundSplits,
) -> Vec<Token> {
    let mut out = Vec::new();
    for tok in toks {
        let split = match memo.get(tok.word.as_str()) {
            Some(split) => *split,
            None => {
                let split = compound_split(&tok.word, stems);
                memo.insert(tok.word.clone(), split);
                split
            }
        };
        if let Some(i) = split {
            let (a, b) = tok.word.split_at(i);
            for part in [a, b] {
                out.push(Token {
                    word: part.to_owned(),
                    term: text::stem(part),
                    ..tok.clone()
                });
            }
        }
    }
    out
}

/// Where a word splits into two corpus words, remembered per word (a large site
/// repeats its words millions of times).
type CompoundSplits = std::collections::HashMap<String, Option<usize>>;

fn compound_split(word: &str, stems: &HashSet<String>) -> Option<usize> {
    const MIN_PART: usize = 3;
    let chars = word.chars().count();
    if chars < 2 * MIN_PART {
        return None;
    }
    let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(MIN_PART).collect();
    bounds
        .into_iter()
        .take(chars + 1 - 2 * MIN_PART)
        .find(|&i| {
            let (a, b) = word.split_at(i);
            [a, b]
                .iter()
                .all(|part| !text::is_stop_word(part) && stems.contains(&text::stem(part)))
        })
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses whitespace and keeps the first `max_chars` characters, cut at a word
/// boundary, with "…" when cut.
pub fn trim_text(text: &str, max_chars: usize) -> String {
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
