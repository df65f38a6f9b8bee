//! Text analysis shared by indexing and querying: accent folding, word splitting,
//! stop words and stemming.
//!
//! Every rule here is mirrored in `themes/default/static/js/search.js` (functions
//! `fold`, `words`, `isStop`, `stem`); change both together. The parity test in
//! `tests/js_parity.rs` runs both over the bundled guide.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// Words that carry no meaning for search. Kept short on purpose: readers type
/// questions ("how do I…", "what is an…"), so question words are here too, but
/// nothing a section could be *about* (not "post", "time", "plan", "research").
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "did", "do", "does", "for", "from", "get", "got", "has", "have", "how", "i", "if",
    "im", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "should", "so",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "us", "was",
    "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would", "you",
    "your",
];

/// One word of analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Folded, lower-cased surface form ("backfilled").
    pub word: String,
    /// Index term: the English stem of `word` ("backfil").
    pub term: String,
    /// Position among all words of the text, stop words included, so that
    /// distances between query words are real distances.
    pub pos: u32,
    /// Byte range of the word in the original text.
    pub start: usize,
    pub end: usize,
}

/// Lower-cases, folds accents ("café" → "cafe") and unifies apostrophes.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Nothing to decompose or unify: the common case, kept off the Unicode path.
        return text.to_ascii_lowercase();
    }
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c == '\u{2019}' || c == '\u{2018}' {
                '\''
            } else {
                c
            }
        })
        .collect()
}

pub fn is_stop_word(word: &str) -> bool {
    // Most words are longer than any stop word: skip the search for them.
    word.len() <= LONGEST_STOP_WORD && STOP_WORDS.binary_search(&word).is_ok()
}

const LONGEST_STOP_WORD: usize = 6;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The index term for a folded word: possessive and apostrophes dropped, then the
/// Snowball English stem. Numbers and words with digits are kept as they are.
///
/// Remembered per thread: a site repeats the same few thousand words many times, and
/// `serve` rebuilds the same site again and again.
pub fn stem(word: &str) -> String {
    thread_local! {
        static STEMS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    STEMS.with_borrow_mut(|stems| {
        if let Some(known) = stems.get(word) {
            return known.clone();
        }
        if stems.len() >= MAX_REMEMBERED_STEMS {
            stems.clear();
        }
        let term = stem_uncached(word);
        stems.insert(word.to_owned(), term.clone());
        term
    })
}

/// Bounds the memory of [`stem`]'s memo on a huge or ever-changing vocabulary.
const MAX_REMEMBERED_STEMS: usize = 200_000;

/// [`stem`] without the memo, for callers that stem each distinct word once.
pub(crate) fn stem_uncached(word: &str) -> String {
    let bare = word.strip_suffix("'s").unwrap_or(word);
    let bare: Cow<str> = if bare.contains('\'') {
        Cow::Owned(bare.replace('\'', ""))
    } else {
        Cow::Borrowed(bare)
    };
    if bare.chars().any(|c| c.is_ascii_digit()) {
        return bare.into_owned();
    }
    stemmer().stem(&bare).into_owned()
}

/// Splits text into words: Unicode word boundaries (UAX #29), then each word split
/// again at anything that is not a letter, digit or an apostrophe between letters,
/// so "e.g." and "R&D" behave the same as in the browser's simpler splitter.
/// Yields (start, end) byte ranges into `text`.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for_each_word(text, |start, end| spans.push((start, end)));
    spans
}

/// Calls `f` with the byte range of each word of `text`, as [`word_spans`] lists them.
pub(crate) fn for_each_word(text: &str, f: impl FnMut(usize, usize)) {
    if text.is_ascii() {
        ascii_word_spans(text.as_bytes(), f);
    } else {
        unicode_word_spans(text, f);
    }
}

/// [`word_spans`] for ASCII text, where UAX #29 comes down to this: runs of letters and
/// digits, joined across an apostrophe that has a letter on both sides or a digit on both
/// sides (rules WB6, WB7, WB11, WB12). Several times faster than the general path; a test
/// checks that both agree.
fn ascii_word_spans(text: &[u8], mut f: impl FnMut(usize, usize)) {
    let n = text.len();
    let mut i = 0;
    while i < n {
        if !text[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < n && text[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let joins = i + 1 < n && text[i] == b'\'' && {
                let (before, after) = (text[i - 1], text[i + 1]);
                (before.is_ascii_alphabetic() && after.is_ascii_alphabetic())
                    || (before.is_ascii_digit() && after.is_ascii_digit())
            };
            if !joins {
                break;
            }
            i += 1;
        }
        f(start, i);
    }
}

fn unicode_word_spans(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut chars: Vec<(usize, char)> = Vec::new();
    for (offset, word) in text.unicode_word_indices() {
        if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
            f(offset, offset + word.len());
            continue;
        }
        let mut start: Option<usize> = None;
        chars.clear();
        chars.extend(word.char_indices());
        for (i, &(at, c)) in chars.iter().enumerate() {
            let keep = c.is_alphanumeric()
                || (is_apostrophe(c)
                    && start.is_some()
                    && chars.get(i + 1).is_some_and(|(_, n)| n.is_alphanumeric()));
            match (keep, start) {
                (true, None) => start = Some(at),
                (false, Some(s)) => {
                    f(offset + s, offset + at);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            f(offset + s, offset + word.len());
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Longer "words" are not words a reader searches for (a pasted base64 image, a hash, a
/// run of characters): they take a position but are not indexed. Bounding the word also
/// bounds the work on it (stemming, compound splitting is quadratic in its length): a
/// 1 MB word took minutes and gigabytes.
pub const MAX_WORD_BYTES: usize = 64;

/// Analyses text into index tokens, stop words and over-long words removed (they still
/// take a position).
pub fn tokens(text: &str) -> Vec<Token> {
    tokens_from(text, 0)
}

/// Like [`tokens`], numbering positions from `first_pos`.
pub fn tokens_from(text: &str, first_pos: u32) -> Vec<Token> {
    let mut out = Vec::new();
    let mut pos = first_pos;
    for_each_word(text, |start, end| {
        let at = pos;
        pos += 1;
        if let Some(word) = index_word(&text[start..end]) {
            let term = stem(&word);
            out.push(Token {
                word,
                term,
                pos: at,
                start,
                end,
            });
        }
    });
    out
}

/// The folded form under which a word is indexed, or None for a stop word, an over-long
/// word or one that folds to nothing (each still takes a position).
pub(crate) fn index_word(source: &str) -> Option<String> {
    // A source word far over the limit is skipped before folding, which shrinks text
    // by at most about 3x (full-width letters), so a huge word is never folded.
    if source.len() > 4 * MAX_WORD_BYTES {
        return None;
    }
    let word = fold(source);
    (word.len() <= MAX_WORD_BYTES && !word.is_empty() && !is_stop_word(&word)).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn no_stop_word_is_longer_than_the_length_checked_first() {
        assert!(STOP_WORDS.iter().all(|w| w.len() <= LONGEST_STOP_WORD));
        assert!(STOP_WORDS.iter().any(|w| w.len() == LONGEST_STOP_WORD));
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn question_words_are_dropped_and_meaning_words_kept() {
        assert_eq!(
            terms("How do I get my post backfilled?"),
            ["post", "backfil"]
        );
        assert_eq!(terms("What is an MRes?"), ["mres"]);
    }

    #[test]
    fn accents_and_case_are_folded() {
        assert_eq!(fold("Café ÉCOLE naïve"), "cafe ecole naive");
        assert_eq!(terms("Café"), terms("cafe"));
    }

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(stem("backfilling"), stem("backfilled"));
        assert_eq!(stem("studies"), stem("study"));
        assert_eq!(stem("fellowships"), stem("fellowship"));
        assert_eq!(stem("mentoring"), stem("mentor"));
    }

    #[test]
    fn possessives_and_curly_apostrophes_are_handled() {
        assert_eq!(terms("Master’s degree"), ["master", "degre"]);
        assert_eq!(terms("manager's"), terms("managers"));
        assert_eq!(terms("don’t"), ["dont"]);
    }

    #[test]
    fn hyphens_ampersands_and_dots_split_words() {
        assert_eq!(terms("clinical-academic"), ["clinic", "academ"]);
        assert_eq!(terms("R&D"), ["r", "d"]);
        assert_eq!(terms("e.g. PhD"), ["e", "g", "phd"]);
    }

    #[test]
    fn positions_count_stop_words_and_spans_point_into_the_text() {
        let text = "The role of the aspiring academic";
        let toks = tokens(text);
        assert_eq!(toks.iter().map(|t| t.pos).collect::<Vec<_>>(), [1, 4, 5]);
        assert_eq!(&text[toks[1].start..toks[1].end], "aspiring");
    }

    #[test]
    fn over_long_words_take_a_position_but_are_not_indexed() {
        let long = "a".repeat(MAX_WORD_BYTES + 1);
        let toks = tokens(&format!("research {long} career"));
        let words: Vec<&str> = toks.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, ["research", "career"]);
        assert_eq!(toks[1].pos, 2, "the long word still takes its position");
        let longest = "b".repeat(MAX_WORD_BYTES);
        assert_eq!(tokens(&longest)[0].word, longest);
    }

    #[test]
    fn the_ascii_splitter_agrees_with_unicode_word_boundaries() {
        // Every string of up to 4 characters from a set of troublemakers, then random
        // longer ones: the fast path must split exactly as UAX #29 plus our second split.
        let alphabet: Vec<char> = "aZ19'._-&:, \n\t\"(".chars().collect();
        let mut cases: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = cases
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            cases.extend(longer);
        }
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            cases.push(s);
        }
        cases.push("don't rock'n'roll 1'000 a'1 1'a o' 'tis e.g. R&D x_y 3.5".into());
        for case in &cases {
            let mut fast = Vec::new();
            ascii_word_spans(case.as_bytes(), |a, b| fast.push((a, b)));
            let mut general = Vec::new();
            unicode_word_spans(case, |a, b| general.push((a, b)));
            assert_eq!(fast, general, "{case:?}");
        }
    }

    #[test]
    fn numbers_are_kept_whole() {
        assert_eq!(terms("50% of 2014"), ["50", "2014"]);
    }
}
