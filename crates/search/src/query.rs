//! The query algorithm. `search.js` runs the same steps in the same order on the
//! decoded index (function `rank`); keep the constants and rules in step.
//!
//! 1. Analyse the query like the text (fold, split, stop words, stem), then turn
//!    spelled-out abbreviations into their short term.
//! 2. Expand each word: its exact term; if it is the word being typed (the query does
//!    not end in a space or punctuation), terms that start with it; if neither
//!    exists and it has 5+ letters, terms one edit away (insert, delete, substitute,
//!    swap two neighbours). At most [`MAX_EXPANSIONS`] by document frequency.
//!    An abbreviation also matches each word of its long form, weakly.
//! 3. Score with BM25F (title, heading, body weighted), each word taking its best
//!    expansion; multiply by the share of query words matched, squared; add a bonus
//!    when consecutive query words stand near each other (none for a term in many
//!    documents, which keeps no positions: `index::keeps_positions`); a glossary, resource or
//!    checklist entry with none of the words in its heading is multiplied by its
//!    [`passing_weight`] (the guide's own text first).

use std::collections::BTreeMap;

use crate::abbrev;
use crate::index::{SearchIndex, dequantise};
use crate::text;
use crate::{DocKind, Hit};

pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
pub const TITLE_WEIGHT: f64 = 3.0;
pub const HEADING_WEIGHT: f64 = 2.0;
pub const PREFIX_WEIGHT: f64 = 0.7;
pub const TYPO_WEIGHT: f64 = 0.5;
/// A typed abbreviation also matches the words of its long form, each weakly.
pub const LONG_FORM_WEIGHT: f64 = 0.5;
pub const MIN_TYPO_CHARS: usize = 5;
pub const MAX_EXPANSIONS: usize = 20;
/// Words further apart than this get no proximity bonus.
pub const NEAR: u32 = 6;
pub const PROXIMITY_BONUS: f64 = 0.3;
/// The weight of an entry the site derived from the guide (a resource, a checklist, a
/// glossary entry) that mentions the query's words only in passing, none in its heading
/// (the entry's own name): such short entries must not crowd the guide's own sections
/// (pages, sections, case studies: always 1) out of the first results on a topic the
/// guide discusses. An entry *about* a word (its heading names it) counts in full. A
/// glossary entry's words are the definition of its term, so it is cut less. Weights are
/// whole tenths: the index carries them to the browser as digits (encode.rs, `y`).
pub fn passing_weight(kind: DocKind) -> f64 {
    match kind {
        DocKind::Page | DocKind::Section | DocKind::CaseStudy | DocKind::PersonQuoted => 1.0,
        DocKind::Glossary => 0.8,
        DocKind::Resource | DocKind::Checklist => 0.6,
    }
}

/// One analysed query word and the index terms it may match.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryWord {
    pub word: String,
    pub term: String,
    pub expansions: Vec<(String, f64)>,
}

/// Parses a query into words with their expansions against `index`.
pub fn parse(index: &SearchIndex, query: &str) -> Vec<QueryWord> {
    let toks = abbrev::contract(text::tokens(query), &index.expansions);
    let typing = query.chars().last().is_some_and(char::is_alphanumeric);
    let mut words: Vec<QueryWord> = Vec::new();
    let count = toks.len();
    for (i, tok) in toks.into_iter().enumerate() {
        if words.iter().any(|w| w.term == tok.term) {
            continue;
        }
        let last_typed = typing && i + 1 == count;
        let expansions = expand(index, &tok.word, &tok.term, last_typed);
        words.push(QueryWord {
            word: tok.word,
            term: tok.term,
            expansions,
        });
    }
    words
}

fn expand(index: &SearchIndex, word: &str, term: &str, being_typed: bool) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    if index.terms.contains_key(term) {
        out.push((term.to_owned(), 1.0));
    }
    for exp in index.expansions.iter().filter(|e| e.short_term == term) {
        for long in &exp.long_terms {
            if index.terms.contains_key(long) && !out.iter().any(|(t, _)| t == long) {
                out.push((long.clone(), LONG_FORM_WEIGHT));
            }
        }
    }
    if being_typed && word.chars().count() >= 2 {
        let prefixed = index
            .terms
            .keys()
            .filter(|t| t.as_str() != term && (t.starts_with(word) || t.starts_with(term)));
        out.extend(best_by_frequency(index, prefixed, PREFIX_WEIGHT));
    }
    if out.is_empty() && word.chars().count() >= MIN_TYPO_CHARS {
        let near = index
            .terms
            .keys()
            .filter(|t| within_one_edit(t, term) || within_one_edit(t, word));
        out.extend(best_by_frequency(index, near, TYPO_WEIGHT));
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|(t, _)| seen.insert(t.clone()));
    out
}

fn best_by_frequency<'a>(
    index: &SearchIndex,
    terms: impl Iterator<Item = &'a String>,
    weight: f64,
) -> Vec<(String, f64)> {
    let mut found: Vec<(&String, usize)> = terms.map(|t| (t, index.terms[t].len())).collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    found
        .into_iter()
        .take(MAX_EXPANSIONS)
        .map(|(t, _)| (t.clone(), weight))
        .collect()
}

/// True when `a` and `b` differ by at most one insertion, deletion, substitution or
/// swap of two neighbouring letters (optimal string alignment distance ≤ 1).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let Some(i) = short.iter().zip(long.iter()).position(|(x, y)| x != y) else {
        return true; // equal, or one extra letter at the end
    };
    if short.len() == long.len() {
        let swapped = i + 1 < short.len() && short[i] == long[i + 1] && short[i + 1] == long[i];
        let rest = if swapped { i + 2 } else { i + 1 };
        short[rest..] == long[rest..]
    } else {
        short[i..] == long[i + 1..]
    }
}

struct Match {
    score: f64,
    positions: Vec<u32>,
}

/// Searches the index; best first, ties in document order.
pub fn search(index: &SearchIndex, query: &str, limit: usize) -> Vec<Hit> {
    ranked(index, query, limit)
        .into_iter()
        .filter_map(|(score, doc)| {
            let d = index.docs.get(doc as usize)?;
            Some(Hit {
                url: d.url.clone(),
                page_title: d.page_title.clone(),
                heading: d.heading.clone(),
                kind: d.kind,
                score,
            })
        })
        .collect()
}

/// Document numbers of the best `limit` results.
pub fn ranked_docs(index: &SearchIndex, query: &str, limit: usize) -> Vec<u32> {
    ranked(index, query, limit)
        .into_iter()
        .map(|(_, doc)| doc)
        .collect()
}

fn ranked(index: &SearchIndex, query: &str, limit: usize) -> Vec<(f64, u32)> {
    let words = parse(index, query);
    let words: Vec<&QueryWord> = words.iter().filter(|w| !w.expansions.is_empty()).collect();
    if words.is_empty() || limit == 0 {
        return Vec::new();
    }
    let n = index.docs.len() as f64;
    let avg = index.average_length();
    // doc → per query word: best match; and whether its heading holds a query word
    let mut matches: BTreeMap<u32, (Vec<Option<Match>>, bool)> = BTreeMap::new();
    for (wi, word) in words.iter().enumerate() {
        for (term, weight) in &word.expansions {
            let Some(postings) = index.terms.get(term) else {
                continue;
            };
            let df = postings.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for p in postings {
                let len = index
                    .lengths
                    .get(p.doc as usize)
                    .map_or(avg, |q| dequantise(*q));
                let tf = TITLE_WEIGHT * f64::from(p.title)
                    + HEADING_WEIGHT * f64::from(p.heading)
                    + f64::from(p.body) / (1.0 - B + B * len / avg);
                let score = weight * idf * tf * (K1 + 1.0) / (K1 + tf);
                let (slots, named) = matches
                    .entry(p.doc)
                    .or_insert_with(|| ((0..words.len()).map(|_| None).collect(), false));
                *named |= p.heading > 0;
                if slots[wi].as_ref().is_none_or(|m| score > m.score) {
                    slots[wi] = Some(Match {
                        score,
                        positions: p.positions.to_vec(),
                    });
                }
            }
        }
    }
    let mut ranked: Vec<(f64, u32)> = matches
        .iter()
        .map(|(doc, (slots, named))| {
            let weight = match index.docs.get(*doc as usize) {
                Some(d) if !named => passing_weight(d.kind),
                _ => 1.0,
            };
            (combine(slots, words.len()) * weight, *doc)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.truncate(limit);
    ranked
}

fn combine(slots: &[Option<Match>], word_count: usize) -> f64 {
    let mut total = 0.0;
    let mut matched = 0usize;
    for m in slots.iter().flatten() {
        total += m.score;
        matched += 1;
    }
    let share = matched as f64 / word_count as f64;
    let mut bonus = 0.0;
    for pair in slots.windows(2) {
        if let [Some(a), Some(b)] = pair
            && let Some(d) = distance(&a.positions, &b.positions)
        {
            bonus += PROXIMITY_BONUS / f64::from(d);
        }
    }
    total * share * share * (1.0 + bonus)
}

/// Smallest distance from a word to the next query word; reversed order costs one
/// more. None when further than [`NEAR`].
fn distance(first: &[u32], second: &[u32]) -> Option<u32> {
    let mut best = u32::MAX;
    for &a in first {
        for &b in second {
            let d = if b > a { b - a } else { a - b + 1 };
            best = best.min(d);
        }
    }
    (best <= NEAR).then_some(best)
}

impl Hit {
    /// "Page title › Section heading" (or just the title for a whole page): the
    /// result's link text, meaningful out of context.
    pub fn label(&self) -> String {
        match &self.heading {
            Some(h) if self.kind != DocKind::Page => format!("{} › {}", self.page_title, h),
            _ => self.page_title.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::BuildOptions;
    use crate::{Abbreviation, SearchDoc};

    fn doc(url: &str, title: &str, heading: Option<&str>, text: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            page_title: title.into(),
            heading: heading.map(Into::into),
            text: text.into(),
            kind: if heading.is_some() {
                DocKind::Section
            } else {
                DocKind::Page
            },
        }
    }

    fn index() -> SearchIndex {
        let docs = [
            doc(
                "guide/managers/",
                "For managers",
                None,
                "What managers need to know about research.",
            ),
            doc(
                "guide/managers/#backfill",
                "For managers",
                Some("Backfill"),
                "Backfill can be a challenge when the clinician is a specialist. Plan the backfill early.",
            ),
            doc(
                "guide/start/#funding",
                "Getting started",
                Some("Applying for funding"),
                "Your local Research Design Service can help with your application. Salary back fill is paid.",
            ),
            doc(
                "guide/start/#networks",
                "Getting started",
                Some("Building support networks"),
                "Find a mentor. Research networks help. Design a service around patients.",
            ),
            doc(
                "glossary/#rds",
                "Glossary",
                Some("RDS"),
                "Research Design Service. Advises on applications.",
            ),
        ];
        let abbr = [Abbreviation {
            short: "RDS".into(),
            long: "Research Design Service".into(),
        }];
        SearchIndex::build(&docs, &abbr, BuildOptions::default())
    }

    fn urls(q: &str) -> Vec<String> {
        search(&index(), q, 10).into_iter().map(|h| h.url).collect()
    }

    #[test]
    fn entries_mentioning_a_topic_in_passing_do_not_crowd_out_the_guide() {
        let entry = |url: &str, heading: &str, text: &str, kind| SearchDoc {
            url: url.into(),
            page_title: "Site".into(),
            heading: Some(heading.into()),
            text: text.into(),
            kind,
        };
        let guide_text = "Embrace patient involvement within your service.";
        let docs = [
            entry("guide/x/#a", "Awards", guide_text, DocKind::Section),
            entry(
                "resources/#r",
                "Design Service",
                "Advised on patient involvement.",
                DocKind::Resource,
            ),
            entry(
                "checklists/c/#c",
                "Funding",
                "Ask about patient involvement.",
                DocKind::Checklist,
            ),
            entry(
                "glossary/#pi",
                "Involvement",
                "Patient involvement in research.",
                DocKind::Glossary,
            ),
            entry(
                "guide/y/#b",
                "Other",
                "Nothing relevant here at all today.",
                DocKind::Section,
            ),
        ];
        let idx = SearchIndex::build(&docs, &[], BuildOptions::default());
        let urls: Vec<String> = search(&idx, "patient involvement", 5)
            .into_iter()
            .map(|h| h.url)
            .collect();
        // The glossary entry is about the word (its heading names it) and keeps its place;
        // the resource and checklist that only mention it come after the guide's section.
        let pos = |u: &str| urls.iter().position(|x| x == u).unwrap();
        assert!(pos("guide/x/#a") < pos("resources/#r"), "{urls:?}");
        assert!(pos("guide/x/#a") < pos("checklists/c/#c"), "{urls:?}");
        assert_eq!(urls[0], "glossary/#pi", "{urls:?}");
        assert_eq!(passing_weight(DocKind::Section), 1.0);
        assert!(passing_weight(DocKind::Resource) < 1.0);
    }

    #[test]
    fn heading_match_beats_body_mentions() {
        assert_eq!(urls("backfill")[0], "guide/managers/#backfill");
    }

    #[test]
    fn abbreviation_finds_spelled_out_text_and_back() {
        let short = urls("RDS");
        assert!(
            short.contains(&"guide/start/#funding".to_string()),
            "{short:?}"
        );
        assert!(short.contains(&"glossary/#rds".to_string()));
        let long = urls("research design service ");
        let mut top_two = long[..2].to_vec();
        top_two.sort();
        assert_eq!(
            top_two,
            ["glossary/#rds", "guide/start/#funding"],
            "{long:?}"
        );
    }

    #[test]
    fn the_word_being_typed_matches_as_a_prefix() {
        assert_eq!(urls("backf")[0], "guide/managers/#backfill");
        assert_eq!(urls("bac")[0], "guide/managers/#backfill");
        assert!(urls("bac ").is_empty(), "a finished word is not a prefix");
    }

    #[test]
    fn one_typo_is_forgiven_in_longer_words() {
        assert_eq!(urls("bakcfill ")[0], "guide/managers/#backfill");
        assert_eq!(urls("mentr")[0], "guide/start/#networks");
        assert!(urls("mnetr ").is_empty(), "two edits are too many");
    }

    #[test]
    fn words_that_stand_together_rank_higher() {
        // Both docs contain "design" and "service"; only one has them side by side.
        let hits = urls("design service");
        let together = hits.iter().position(|u| u == "guide/start/#funding");
        let apart = hits.iter().position(|u| u == "guide/start/#networks");
        assert!(together < apart, "{hits:?}");
    }

    #[test]
    fn matching_more_query_words_wins() {
        assert_eq!(urls("mentor networks")[0], "guide/start/#networks");
    }

    #[test]
    fn one_edit_distance() {
        assert!(within_one_edit("backfill", "bakcfill"));
        assert!(within_one_edit("mentor", "mentr"));
        assert!(within_one_edit("mentor", "mentors"));
        assert!(within_one_edit("mentor", "mentar"));
        assert!(!within_one_edit("mentor", "mnetr"));
        assert!(!within_one_edit("abc", "abcde"));
    }

    #[test]
    fn labels_read_out_of_context() {
        let hit = &search(&index(), "backfill", 1)[0];
        assert_eq!(hit.label(), "For managers › Backfill");
    }

    #[test]
    fn stop_word_only_queries_find_nothing() {
        assert!(urls("what is the").is_empty());
    }
}
