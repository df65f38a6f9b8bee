//! Abbreviations from the glossary, matched both ways.
//!
//! The index stores every abbreviation as its short term ("rds"): a text that spells
//! out "Research Design Service" also gets the term "rds" at that place. A query that
//! spells it out is rewritten to "rds" before lookup. So "RDS" finds the long form
//! and the long form finds "RDS", with one posting list and no synonym lookups in
//! the browser (it only needs the small table of long forms).

use crate::Abbreviation;
use crate::text::{self, Token};

/// A long form as a sequence of index terms, and the short term it stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expansion {
    pub long_terms: Vec<String>,
    pub short_term: String,
}

/// Turns glossary abbreviations into expansions. Abbreviations whose short form is
/// not one word ("R&D") or whose long form has fewer than two words are skipped:
/// neither can be matched reliably.
pub fn expansions(abbreviations: &[Abbreviation]) -> Vec<Expansion> {
    let mut out: Vec<Expansion> = abbreviations
        .iter()
        .filter_map(|a| {
            let short = text::tokens(&a.short);
            let [short] = short.as_slice() else {
                return None;
            };
            let long_terms: Vec<String> =
                text::tokens(&a.long).into_iter().map(|t| t.term).collect();
            (long_terms.len() >= 2).then(|| Expansion {
                long_terms,
                short_term: short.term.clone(),
            })
        })
        .collect();
    // Longest long forms first, so "NIHR Research Design Service" wins over a
    // shorter overlapping one; then a stable order for deterministic output.
    out.sort_by(|a, b| {
        b.long_terms
            .len()
            .cmp(&a.long_terms.len())
            .then_with(|| a.cmp(b))
    });
    out.dedup();
    out
}

/// Index side: returns the extra tokens to add where a long form is spelled out (as the
/// reference builder does it; `build` does the same on word numbers).
#[cfg(test)]
pub fn short_forms_for(tokens: &[Token], expansions: &[Expansion]) -> Vec<Token> {
    let mut extra = Vec::new();
    // Most words start no long form: test only the expansions whose first term matches
    // (the slice is short; a large site has millions of tokens).
    let first_terms: Vec<&str> = expansions
        .iter()
        .map(|e| e.long_terms[0].as_str())
        .collect();
    for start in 0..tokens.len() {
        let term = tokens[start].term.as_str();
        if !first_terms.contains(&term) {
            continue;
        }
        for exp in expansions {
            if matches_at(tokens, start, &exp.long_terms) {
                let first = &tokens[start];
                extra.push(Token {
                    word: exp.short_term.clone(),
                    term: exp.short_term.clone(),
                    ..first.clone()
                });
            }
        }
    }
    extra
}

fn matches_at(tokens: &[Token], start: usize, long_terms: &[String]) -> bool {
    tokens.len() >= start + long_terms.len()
        && tokens[start..start + long_terms.len()]
            .iter()
            .zip(long_terms)
            .all(|(t, l)| &t.term == l)
}

/// Query side: replaces each spelled-out long form with its short term (the first
/// word's token is kept and renamed; the rest are dropped).
pub fn contract(tokens: Vec<Token>, expansions: &[Expansion]) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        match expansions
            .iter()
            .find(|e| matches_at(&tokens, i, &e.long_terms))
        {
            Some(exp) => {
                let last = &tokens[i + exp.long_terms.len() - 1];
                out.push(Token {
                    word: exp.short_term.clone(),
                    term: exp.short_term.clone(),
                    end: last.end,
                    ..tokens[i].clone()
                });
                i += exp.long_terms.len();
            }
            None => {
                out.push(tokens[i].clone());
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbr(short: &str, long: &str) -> Abbreviation {
        Abbreviation {
            short: short.into(),
            long: long.into(),
        }
    }

    fn table() -> Vec<Expansion> {
        expansions(&[
            abbr("RDS", "Research Design Service"),
            abbr("CAHPR", "Council for Allied Health Professions Research"),
            abbr("R&D", "Research and Development"),
            abbr("X", "Solo"),
        ])
    }

    #[test]
    fn multi_word_short_forms_and_one_word_long_forms_are_skipped() {
        let shorts: Vec<_> = table().into_iter().map(|e| e.short_term).collect();
        assert_eq!(shorts, ["cahpr", "rds"]);
    }

    #[test]
    fn spelled_out_text_gains_the_short_term() {
        let toks = text::tokens("Ask your local NIHR Research Design Service early");
        let extra = short_forms_for(&toks, &table());
        assert_eq!(extra.len(), 1);
        assert_eq!(extra[0].term, "rds");
        assert_eq!(extra[0].pos, toks[3].pos);
    }

    #[test]
    fn long_forms_match_across_stop_words_and_inflections() {
        let toks = text::tokens("the Council for Allied Health Profession Research (CAHPR)");
        let extra = short_forms_for(&toks, &table());
        assert_eq!(
            extra.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(),
            ["cahpr"]
        );
    }

    #[test]
    fn queries_that_spell_it_out_are_contracted() {
        let q = contract(
            text::tokens("who runs the research design service?"),
            &table(),
        );
        assert_eq!(
            q.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(),
            ["run", "rds"]
        );
    }

    #[test]
    fn short_queries_are_left_alone() {
        let q = contract(text::tokens("RDS"), &table());
        assert_eq!(q[0].term, "rds");
    }
}
