//! Builds the index from the documents, fast and in little memory at 10 000+ pages.
//!
//! Two passes. The first splits every document into words, in parallel, and gives each
//! distinct word a number; it keeps only those numbers (stop words and over-long words
//! as [`SKIP`], as they still take a position) and the snippet, so each document's text is
//! freed as soon as it is read. With the whole vocabulary known, each distinct word is
//! stemmed once and split into compound parts once. The second pass turns each document's
//! numbers into postings, in parallel, and appends them in document order to each term's
//! [`PostingList`], which holds them as the bytes of the format.
//!
//! It computes exactly what the straightforward builder in `reference` (the specification,
//! kept for the tests) computes; `tests::the_fast_build_equals_the_reference` checks that.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::abbrev::{self, Expansion};
use crate::index::{
    BuildOptions, FIELD_GAP, MAX_FIELD_COUNT, Positions, Posting, StoredDoc, floor_at_average,
    keeps_positions, posting_count, quantise, squash, trim_text,
};
use crate::postings::PostingList;
use crate::text::{self, MAX_WORD_BYTES};
use crate::{Abbreviation, SearchDoc};

/// The index as it is written: terms in order, each with its encoded postings.
#[derive(Debug, Clone, PartialEq)]
pub struct Compact {
    pub docs: Vec<StoredDoc>,
    pub lengths: Vec<u8>,
    pub terms: Vec<(String, PostingList)>,
    pub expansions: Vec<Expansion>,
    pub options: BuildOptions,
}

/// A word that is not indexed but takes a position: a stop word, an over-long word.
const SKIP: u32 = u32::MAX;
/// Documents taken from the input at a time (their text is freed before the next round).
const ROUND: usize = 2048;
/// Documents per parallel task.
const CHUNK: usize = 128;

/// A few documents reduced to their words' numbers: each one's title, heading and body,
/// one after another, all in one array (a large site has tens of thousands of documents).
#[derive(Default)]
struct Chunk {
    words: Vec<u32>,
    /// Per document: where its heading, its body and its end are in `words`.
    docs: Vec<[usize; 3]>,
}

/// Every distinct indexed word of the corpus, numbered in order of first appearance.
#[derive(Default)]
struct Vocabulary {
    ids: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
}

impl Vocabulary {
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.into());
        self.ids.insert(word.into(), id);
        id
    }
}

pub fn build(
    mut docs: Vec<SearchDoc>,
    abbreviations: &[Abbreviation],
    options: BuildOptions,
) -> Compact {
    let expansions = abbrev::expansions(abbreviations);
    let snippets = subtract_sections(&mut docs, options.text_chars);

    // Pass 1: words to numbers; text freed round by round.
    let mut vocabulary = Vocabulary::default();
    let mut stored: Vec<StoredDoc> = Vec::with_capacity(docs.len());
    let mut analysed: Vec<Chunk> = Vec::new();
    let mut input = docs.into_iter().zip(snippets);
    loop {
        let round: Vec<(SearchDoc, Option<String>)> = input.by_ref().take(ROUND).collect();
        if round.is_empty() {
            break;
        }
        let chunks: Vec<(Vocabulary, Vec<StoredDoc>, Chunk)> = round
            .into_par_iter()
            .chunks(CHUNK)
            .map(|chunk| analyse_chunk(chunk, options.text_chars))
            .collect();
        for (local, docs, mut chunk) in chunks {
            // Stop words are told apart once per distinct word, not once per occurrence.
            let global: Vec<u32> = local
                .words
                .iter()
                .map(|w| {
                    if text::is_stop_word(w) {
                        SKIP
                    } else {
                        vocabulary.intern(w)
                    }
                })
                .collect();
            for w in chunk.words.iter_mut().filter(|w| **w != SKIP) {
                *w = global[*w as usize];
            }
            stored.extend(docs);
            analysed.push(chunk);
        }
    }

    // Each distinct word stemmed once; the corpus's stems are its terms.
    let stems: Vec<String> = vocabulary
        .words
        .par_iter()
        .map(|w| text::stem_uncached(w))
        .collect();
    let mut terms: Vec<String> = Vec::new();
    let mut term_ids: FxHashMap<String, u32> = FxHashMap::default();
    let word_term: Vec<u32> = stems
        .into_iter()
        .map(|s| intern_term(&mut terms, &mut term_ids, s))
        .collect();
    let compounds: Vec<Option<(u32, u32)>> = vocabulary
        .words
        .par_iter()
        .map(|w| compound_terms(w, &term_ids))
        .collect();
    // Abbreviations whose long form uses a word the corpus lacks can match nowhere.
    let matchable: Vec<(Vec<u32>, u32)> = expansions
        .iter()
        .filter_map(|e| {
            let long: Option<Vec<u32>> = e
                .long_terms
                .iter()
                .map(|t| term_ids.get(t.as_str()).copied())
                .collect();
            Some((long?, e.short_term.clone()))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(long, short)| (long, intern_term(&mut terms, &mut term_ids, short)))
        .collect();
    let (joins_left, joins_right) = join_candidates(&vocabulary.words);
    let mut starts_long_form = vec![false; terms.len()];
    for (long, _) in &matchable {
        starts_long_form[long[0] as usize] = true;
    }
    let long_forms = LongForms::of(&matchable);
    let context = Context {
        vocabulary: &vocabulary,
        word_term: &word_term,
        compounds: &compounds,
        long_forms: &long_forms,
        starts_long_form: &starts_long_form,
        joins_left: &joins_left,
        joins_right: &joins_right,
        term_count: terms.len(),
    };

    // Pass 2: postings per document, appended in document order.
    let mut lists: Vec<PostingList> = vec![PostingList::default(); terms.len()];
    let mut lengths: Vec<u8> = Vec::with_capacity(stored.len());
    let mut next_doc = 0u32;
    let mut analysed = analysed.into_iter();
    loop {
        let round: Vec<(u32, Chunk)> = analysed
            .by_ref()
            .take(ROUND / CHUNK)
            .map(|chunk| {
                let first = next_doc;
                next_doc += chunk.docs.len() as u32;
                (first, chunk)
            })
            .collect();
        if round.is_empty() {
            break;
        }
        let postings: Vec<ChunkPostings> = round
            .par_iter()
            .map_init(
                || Scratch::new(context.term_count),
                |scratch, (first, chunk)| scratch.chunk_postings(*first, chunk, &context),
            )
            .collect();
        drop(round);
        for (chunk_postings, body_words) in postings {
            for (term, posting) in &chunk_postings {
                lists[*term as usize].push(posting);
            }
            lengths.extend(body_words.into_iter().map(quantise));
        }
    }
    floor_at_average(&mut lengths);

    let mut order: Vec<u32> = (0..terms.len() as u32).collect();
    order.sort_unstable_by(|a, b| terms[*a as usize].cmp(&terms[*b as usize]));
    let mut terms: Vec<Option<String>> = terms.into_iter().map(Some).collect();
    let terms: Vec<(String, PostingList)> = order
        .into_iter()
        .filter_map(|t| {
            let mut list = std::mem::take(&mut lists[t as usize]);
            if list.is_empty() {
                return None;
            }
            if !keeps_positions(list.len(), stored.len(), &options) {
                list = list.without_positions();
            }
            list.shrink_to_fit();
            Some((terms[t as usize].take()?, list))
        })
        .collect();
    Compact {
        docs: stored,
        lengths,
        terms,
        expansions,
        options,
    }
}

fn intern_term(terms: &mut Vec<String>, ids: &mut FxHashMap<String, u32>, term: String) -> u32 {
    if let Some(&id) = ids.get(&term) {
        return id;
    }
    let id = terms.len() as u32;
    ids.insert(term.clone(), id);
    terms.push(term);
    id
}

/// A whole page whose sections are also documents is indexed without those sections'
/// text: the sections answer for it, and postings are not duplicated. Its snippet is
/// still cut from its whole text: returned here for the pages whose text this changed.
fn subtract_sections(docs: &mut [SearchDoc], text_chars: usize) -> Vec<Option<String>> {
    let mut snippets: Vec<Option<String>> = vec![None; docs.len()];
    let work: Vec<(usize, Vec<usize>)> = {
        let mut sections: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, d) in docs.iter().enumerate() {
            if let Some((path, _)) = d.url.split_once('#')
                && d.heading.is_some()
                && !d.text.trim().is_empty()
            {
                sections.entry(path).or_default().push(i);
            }
        }
        docs.iter()
            .enumerate()
            .filter(|(_, d)| d.heading.is_none() && !d.url.contains('#'))
            .filter_map(|(i, d)| Some((i, sections.get(d.url.as_str())?.clone())))
            .collect()
    };
    for (page, sections) in work {
        for section in sections {
            // A section longer than the page's own text cannot be in it (and preparing to
            // search for it costs its length).
            if docs[section].text.trim().len() > docs[page].text.len() {
                continue;
            }
            let Some(at) = docs[page].text.find(docs[section].text.trim()) else {
                continue;
            };
            let len = docs[section].text.trim().len();
            if snippets[page].is_none() {
                snippets[page] = Some(trim_text(&docs[page].text, text_chars));
            }
            docs[page].text.replace_range(at..at + len, " ");
        }
    }
    snippets
}

/// Pass 1 for a few documents: their stored form, and their words numbered in a
/// vocabulary of their own (merged into the corpus's in order by the caller).
fn analyse_chunk(
    docs: Vec<(SearchDoc, Option<String>)>,
    text_chars: usize,
) -> (Vocabulary, Vec<StoredDoc>, Chunk) {
    let mut local = Vocabulary::default();
    let mut folded = String::new();
    let mut chunk = Chunk {
        words: Vec::with_capacity(docs.iter().map(|(d, _)| d.text.len() / 6 + 8).sum()),
        docs: Vec::with_capacity(docs.len()),
    };
    let mut add = |text: &str, words: &mut Vec<u32>| {
        let ascii = text.is_ascii();
        text::for_each_word(text, |start, end| {
            let id = if fold_index_word(&text[start..end], ascii, &mut folded) {
                local.intern(&folded)
            } else {
                SKIP
            };
            words.push(id);
        });
    };
    let stored = docs
        .into_iter()
        .map(|(doc, snippet)| {
            add(&doc.page_title, &mut chunk.words);
            let heading_at = chunk.words.len();
            add(doc.heading.as_deref().unwrap_or(""), &mut chunk.words);
            let body_at = chunk.words.len();
            add(&doc.text, &mut chunk.words);
            chunk.docs.push([heading_at, body_at, chunk.words.len()]);
            StoredDoc {
                page_title: squash(&doc.page_title),
                heading: doc.heading.as_deref().map(squash).filter(|h| !h.is_empty()),
                text: snippet.unwrap_or_else(|| trim_text(&doc.text, text_chars)),
                kind: doc.kind,
                url: doc.url,
            }
        })
        .collect();
    chunk.words.shrink_to_fit();
    (local, stored, chunk)
}

/// [`text::index_word`] into a buffer, but for the stop-word test (done per distinct
/// word by the caller): false for a word that is not indexed. `ascii`: the whole text is.
fn fold_index_word(source: &str, ascii: bool, folded: &mut String) -> bool {
    if source.len() > 4 * MAX_WORD_BYTES {
        return false;
    }
    folded.clear();
    if ascii || source.is_ascii() {
        folded.push_str(source);
        folded.make_ascii_lowercase();
    } else {
        folded.push_str(&text::fold(source));
    }
    folded.len() <= MAX_WORD_BYTES && !folded.is_empty()
}

/// "skillset" is also indexed as "skill" and "set" when both stem to terms of the corpus
/// (neither a stop word, each 3+ letters): the terms of the first such split.
fn compound_terms(word: &str, terms: &FxHashMap<String, u32>) -> Option<(u32, u32)> {
    const MIN_PART: usize = 3;
    let chars = word.chars().count();
    if chars < 2 * MIN_PART {
        return None;
    }
    let term_of = |part: &str| -> Option<u32> {
        if text::is_stop_word(part) {
            return None;
        }
        terms.get(&text::stem_uncached(part)).copied()
    };
    word.char_indices()
        .map(|(i, _)| i)
        .skip(MIN_PART)
        .take(chars + 1 - 2 * MIN_PART)
        .find_map(|i| {
            let (a, b) = word.split_at(i);
            Some((term_of(a)?, term_of(b)?))
        })
}

/// Which words can begin a two-word join (some longer word of the corpus starts with
/// them) and which can end one (some longer word ends with them). "back fill" is looked
/// up as "backfill" only when both can; most pairs of words are never looked up.
fn join_candidates(words: &[Box<str>]) -> (Vec<bool>, Vec<bool>) {
    fn prefixes(keys: &[(Vec<u8>, usize)], of: &mut [bool]) {
        for pair in keys.windows(2) {
            // In sorted order, the words that start with a word come right after it.
            of[pair[0].1] = pair[1].0.starts_with(&pair[0].0);
        }
    }
    let mut left = vec![false; words.len()];
    let mut right = vec![false; words.len()];
    let mut keys: Vec<(Vec<u8>, usize)> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_bytes().to_vec(), i))
        .collect();
    keys.sort_unstable();
    prefixes(&keys, &mut left);
    for (key, _) in &mut keys {
        key.reverse();
    }
    keys.sort_unstable();
    prefixes(&keys, &mut right);
    (left, right)
}

/// A chunk's postings in document order, and how many words each document's body has.
type ChunkPostings = (Vec<(u32, Posting)>, Vec<usize>);

/// What pass 2 reads, shared by all threads.
struct Context<'a> {
    vocabulary: &'a Vocabulary,
    word_term: &'a [u32],
    compounds: &'a [Option<(u32, u32)>],
    /// Long forms as terms, with their short term, as a tree.
    long_forms: &'a LongForms,
    starts_long_form: &'a [bool],
    joins_left: &'a [bool],
    joins_right: &'a [bool],
    term_count: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Heading,
    Body,
}

/// One thread's working memory for pass 2.
struct Scratch {
    /// Where each term's posting for the current document is in `postings`.
    slot: Vec<u32>,
    postings: Vec<(u32, Posting)>,
    /// The current field's indexed words: (word, position).
    tokens: Vec<(u32, u32)>,
    joined: String,
    /// The long forms that start at one word: (abbreviation's number, short term).
    matched: Vec<(u32, u32)>,
}

/// Every long form (a sequence of terms) in a tree, each node a word further in: the long
/// forms starting at a word are found by walking down from the root as the words match.
struct LongForms {
    nodes: Vec<LongFormNode>,
    /// (node, term) -> child node.
    children: FxHashMap<(u32, u32), u32>,
}

#[derive(Default)]
struct LongFormNode {
    /// The long forms that end here: (abbreviation's number, its short term).
    ends: Vec<(u32, u32)>,
}

impl LongForms {
    fn of(expansions: &[(Vec<u32>, u32)]) -> Self {
        let mut forms = LongForms {
            nodes: vec![LongFormNode::default()],
            children: FxHashMap::default(),
        };
        for (n, (long, short)) in expansions.iter().enumerate() {
            let mut node = 0u32;
            for &term in long {
                let next = forms.nodes.len() as u32;
                node = *forms.children.entry((node, term)).or_insert(next);
                if node == next {
                    forms.nodes.push(LongFormNode::default());
                }
            }
            forms.nodes[node as usize].ends.push((n as u32, *short));
        }
        forms
    }

    /// The long forms that `terms` start with, into `matched` (in the abbreviations' order,
    /// as when each was tested in turn); returns the steps taken down the tree, at most
    /// the longest long form's length, however many there are.
    fn starting(&self, terms: impl Iterator<Item = u32>, matched: &mut Vec<(u32, u32)>) -> usize {
        let mut node = 0u32;
        let mut steps = 0;
        for term in terms {
            steps += 1;
            match self.children.get(&(node, term)) {
                Some(&next) => {
                    node = next;
                    matched.extend_from_slice(&self.nodes[node as usize].ends);
                }
                None => break,
            }
        }
        matched.sort_unstable();
        steps
    }
}

const NO_SLOT: u32 = u32::MAX;

impl Scratch {
    fn new(term_count: usize) -> Self {
        Scratch {
            slot: vec![NO_SLOT; term_count],
            postings: Vec::new(),
            tokens: Vec::new(),
            joined: String::new(),
            matched: Vec::new(),
        }
    }

    /// The postings of a chunk's documents (numbered from `first`), in document order,
    /// and how many words each one's body has.
    fn chunk_postings(&mut self, first: u32, chunk: &Chunk, cx: &Context<'_>) -> ChunkPostings {
        let mut out = Vec::new();
        let mut body_words = Vec::with_capacity(chunk.docs.len());
        let mut start = 0;
        for (doc, &[heading_at, body_at, end]) in (first..).zip(&chunk.docs) {
            let words = &chunk.words[start..end];
            start = end;
            let [heading_at, body_at] = [
                heading_at - (end - words.len()),
                body_at - (end - words.len()),
            ];
            body_words.push(self.postings(doc, words, heading_at, body_at, cx, &mut out));
        }
        (out, body_words)
    }

    /// Appends the postings of document `doc` to `out`; returns how many words its body has.
    fn postings(
        &mut self,
        doc: u32,
        words: &[u32],
        heading_at: usize,
        body_at: usize,
        cx: &Context<'_>,
        out: &mut Vec<(u32, Posting)>,
    ) -> usize {
        let fields = [
            (Field::Title, &words[..heading_at]),
            (Field::Heading, &words[heading_at..body_at]),
            (Field::Body, &words[body_at..]),
        ];
        let mut start = 0u32;
        for (field, words) in fields {
            self.tokens.clear();
            self.tokens.extend(
                (start..)
                    .zip(words)
                    .filter(|(_, w)| **w != SKIP)
                    .map(|(pos, w)| (*w, pos)),
            );
            start = self.tokens.last().map_or(start, |t| t.1 + 1) + FIELD_GAP;
            self.field(doc, field, cx);
        }
        let body_words = self.tokens.len();
        for (term, mut p) in self.postings.drain(..) {
            self.slot[term as usize] = NO_SLOT;
            let stored = posting_count(&p);
            p.positions.fit_to(stored);
            out.push((term, p));
        }
        body_words
    }

    /// Adds the postings of one field's tokens: their terms, abbreviations spelled out,
    /// split compounds joined, compounds split.
    fn field(&mut self, doc: u32, field: Field, cx: &Context<'_>) {
        let tokens = std::mem::take(&mut self.tokens);
        for &(word, pos) in &tokens {
            self.add(doc, field, cx.word_term[word as usize], pos);
        }
        let mut matched = std::mem::take(&mut self.matched);
        for (i, &(word, pos)) in tokens.iter().enumerate() {
            if !cx.starts_long_form[cx.word_term[word as usize] as usize] {
                continue;
            }
            // Down the tree of long forms as far as the words match: as many steps as the
            // longest long form that starts here, not one test per abbreviation (every word
            // that starts some long form was tested against all of them: 10 000 glossary
            // terms made the index quadratic).
            matched.clear();
            cx.long_forms.starting(
                tokens[i..].iter().map(|&(w, _)| cx.word_term[w as usize]),
                &mut matched,
            );
            for &(_, short) in &matched {
                self.add(doc, field, short, pos);
            }
        }
        self.matched = matched;
        for pair in tokens.windows(2) {
            let [(first, pos), (second, next)] = [pair[0], pair[1]];
            if next != pos + 1 || !cx.joins_left[first as usize] || !cx.joins_right[second as usize]
            {
                continue;
            }
            self.joined.clear();
            self.joined.push_str(&cx.vocabulary.words[first as usize]);
            self.joined.push_str(&cx.vocabulary.words[second as usize]);
            if let Some(&word) = cx.vocabulary.ids.get(self.joined.as_str()) {
                self.add(doc, field, cx.word_term[word as usize], pos);
            }
        }
        for &(word, pos) in &tokens {
            if let Some((a, b)) = cx.compounds[word as usize] {
                self.add(doc, field, a, pos);
                self.add(doc, field, b, pos);
            }
        }
        self.tokens = tokens;
    }

    fn add(&mut self, doc: u32, field: Field, term: u32, pos: u32) {
        let slot = &mut self.slot[term as usize];
        if *slot == NO_SLOT {
            *slot = self.postings.len() as u32;
            self.postings.push((
                term,
                Posting {
                    doc,
                    title: 0,
                    heading: 0,
                    body: 0,
                    positions: Positions::default(),
                },
            ));
        }
        let p = &mut self.postings[*slot as usize].1;
        match field {
            Field::Title => p.title = p.title.saturating_add(1).min(MAX_FIELD_COUNT),
            Field::Heading => p.heading = p.heading.saturating_add(1).min(MAX_FIELD_COUNT),
            Field::Body => p.body += 1,
        }
        p.positions.insert(pos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DocKind, SearchIndex, encode, reference};

    #[test]
    fn finding_long_forms_takes_steps_for_the_words_not_for_the_abbreviations() {
        // Every word that starts some long form was tested against every abbreviation:
        // 10 000 glossary terms sharing a first word made the index quadratic (seconds per
        // page). The tree takes one step per word of the longest match, however many.
        let forms = |n: u32| -> Vec<(Vec<u32>, u32)> {
            (0..n).map(|i| (vec![1, 2, 100 + i], 50_000 + i)).collect()
        };
        for n in [10, 10_000] {
            let tree = LongForms::of(&forms(n));
            let mut matched = Vec::new();
            let steps = tree.starting([1, 2, 107, 9, 9, 9].into_iter(), &mut matched);
            assert_eq!(matched, vec![(7, 50_007)]);
            assert!(steps <= 4, "{steps} steps among {n} long forms");
            matched.clear();
            assert!(tree.starting([1, 3].into_iter(), &mut matched) <= 2);
            assert!(matched.is_empty());
        }
        // Long forms inside longer ones, and one long form for two abbreviations.
        let tree = LongForms::of(&[(vec![1, 2], 10), (vec![1], 11), (vec![1, 2], 12)]);
        let mut matched = Vec::new();
        tree.starting([1, 2, 3].into_iter(), &mut matched);
        assert_eq!(matched, vec![(0, 10), (1, 11), (2, 12)]);
    }

    /// Words that exercise every rule: stop words, inflections, compounds and their
    /// parts, split compounds, abbreviations' long forms, accents, apostrophes, digits,
    /// punctuation inside words, over-long words.
    const WORDS: &[&str] = &[
        "skill",
        "set",
        "skillset",
        "skills",
        "back",
        "fill",
        "backfill",
        "backfilled",
        "research",
        "design",
        "service",
        "Research",
        "Design",
        "Service",
        "RDS",
        "council",
        "for",
        "allied",
        "health",
        "professions",
        "the",
        "of",
        "and",
        "a",
        "to",
        "café",
        "naïve",
        "Master’s",
        "manager's",
        "don't",
        "e.g.",
        "R&D",
        "2014",
        "50%",
        "clinical-academic",
        "mentor",
        "mentoring",
        "ab1",
        "rock'n'roll",
        "ÜBER",
        "ﬁnance",
        "time",
        "line",
        "timeline",
        "post",
        "doc",
        "postdoc",
        "NIHR",
        "national",
        "institute",
        "care",
        "x_y",
        "3.5",
        "1'000",
        "o'",
        "'tis",
        "—",
        "\n",
        "fellowship",
        "fellowships",
        "Council for Allied Health Professions Research",
        "research design service",
        "National Institute for Health and Care Research",
        "back fill",
        "time line",
    ];

    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
        /// `min` to `min + spread - 1` words.
        fn words(&mut self, min: usize, spread: usize) -> String {
            let n = min + self.below(spread);
            let long = "Q".repeat(MAX_WORD_BYTES + 1);
            (0..n)
                .map(|_| match self.below(200) {
                    0 => long.as_str(),
                    _ => WORDS[self.below(WORDS.len())],
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    fn corpus(pages: usize) -> Vec<SearchDoc> {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let mut docs = Vec::new();
        for p in 0..pages {
            let title = rng.words(1, 4);
            let sections: Vec<(String, String)> = (0..rng.below(5))
                .map(|_| (rng.words(1, 3), rng.words(0, 60)))
                .collect();
            // Some pages repeat a section's text in their own (it is not indexed twice).
            let mut text = rng.words(0, 30);
            if let Some((_, s)) = sections.first().filter(|_| rng.below(3) == 0) {
                text = format!("{text} {s} {}", rng.words(3, 1));
            }
            docs.push(SearchDoc {
                url: format!("p{p}/"),
                page_title: title.clone(),
                heading: None,
                text,
                kind: [DocKind::Page, DocKind::CaseStudy, DocKind::Checklist][rng.below(3)],
            });
            for (j, (heading, text)) in sections.into_iter().enumerate() {
                docs.push(SearchDoc {
                    url: format!("p{p}/#s{j}"),
                    page_title: title.clone(),
                    heading: Some(heading),
                    text,
                    kind: [DocKind::Section, DocKind::Resource, DocKind::Glossary][rng.below(3)],
                });
            }
        }
        docs
    }

    fn abbreviations() -> Vec<Abbreviation> {
        [
            ("RDS", "Research Design Service"),
            ("CAHPR", "Council for Allied Health Professions Research"),
            ("NIHR", "National Institute for Health and Care Research"),
            ("R&D", "Research and Development"),
            ("ZZ", "Words nowhere else"),
            ("X", "Solo"),
        ]
        .into_iter()
        .map(|(short, long)| Abbreviation {
            short: short.into(),
            long: long.into(),
        })
        .collect()
    }

    #[test]
    fn the_fast_build_equals_the_reference() {
        // More documents than a round, so rounds and chunks meet at odd places.
        let docs = corpus(900);
        assert!(docs.len() > ROUND + CHUNK, "{}", docs.len());
        let options = BuildOptions {
            single_file_bytes: 4096,
            ..BuildOptions::default()
        };
        let expected = reference::build(&docs, &abbreviations(), options.clone());
        let fast = build(docs.clone(), &abbreviations(), options);
        for term in [
            "skill", "backfil", "rds", "nihr", "cahpr", "cafe", "master", "financ",
        ] {
            assert!(expected.terms.contains_key(term), "{term} is in the corpus");
        }
        assert_eq!(
            encode::encode(fast.clone()),
            encode::encode(Compact::from(&expected)),
            "the files are byte for byte the same"
        );
        assert_eq!(SearchIndex::from(fast), expected);
    }

    #[test]
    fn small_corpora_agree_too() {
        for pages in [0, 1, 2, 7] {
            let docs = corpus(pages);
            let expected = reference::build(&docs, &abbreviations(), BuildOptions::default());
            let fast = build(docs, &abbreviations(), BuildOptions::default());
            assert_eq!(SearchIndex::from(fast), expected, "{pages} pages");
        }
    }
}
