//! The straightforward index builder: every document's tokens held at once, postings in
//! hash maps. It is the specification of `build`, which computes the same index in a
//! fraction of the time and memory; kept for the tests that check the two agree.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::abbrev;
use crate::index::*;
use crate::text::{self, Token};
use crate::{Abbreviation, SearchDoc};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Heading,
    Body,
}

pub fn build(
    docs: &[SearchDoc],
    abbreviations: &[Abbreviation],
    options: BuildOptions,
) -> SearchIndex {
    {
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
        let mut terms: BTreeMap<String, Vec<Posting>> = terms.into_iter().collect();
        for postings in terms.values_mut() {
            if !crate::index::keeps_positions(postings.len(), docs.len(), &options) {
                postings
                    .iter_mut()
                    .for_each(|p| p.positions = Default::default());
            }
        }

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
