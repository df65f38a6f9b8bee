//! Writes a [`SearchIndex`] as plain JavaScript files that any web server serves
//! with a standard type and that load from file:// with a `<script src>` element.
//!
//! Every file is one statement, `(self.__cgSearch=self.__cgSearch||[]).push({…});`,
//! holding JSON. The client drains that queue after each script loads.
//!
//! `search/index.js` (always loaded first):
//! - `v`: format version ([`FORMAT_VERSION`]); `n`: number of documents;
//! - `l`: one character per document, its body length (see [`quantise`]) as an
//!   index into [`LENGTH_ALPHABET`];
//! - `y`: one digit per document, its `query::passing_weight` in tenths, `0` meaning 1
//!   (the weight of an entry that mentions the query only in passing);
//! - `a`: abbreviations, `[short term, [long-form terms…]]`;
//! - `c`: the number of the first document of each document file, ascending (files hold
//!   about [`BuildOptions::chunk_bytes`] of documents each; `[0]` when there is one file);
//! - either `t`, `u` and `d` (the whole index, for small sites), or `s` and `x` (a large
//!   site's term shards): `s` the sorted list of shard keys of one or two letters (the
//!   first letters of the terms in the shard), `x` `{prefix: letters}` for each two-letter
//!   prefix whose shard is split by three letters (see [`BuildOptions::shard_bytes`]), the
//!   third letters of its keys in order (`"re":"as"`: keys `rea` and `res`; a term of
//!   exactly two letters keeps its key in `s`).
//!
//! `t`: `{term: postings}` for the terms that keep positions; `u` (left out when empty):
//! the same for the terms that keep none (in more than a quarter of the documents and in
//! more than `BuildOptions::positions_floor`: see `index::keeps_positions`), which get no
//! bonus for standing near another query word.
//!
//! `search/t-<key>.js`: `{k: key, t: {term: postings}, u: {term: postings}}`. `<key>` is
//! the key when it is made of a–z and 0–9 only, otherwise `x` and the hex of its UTF-8
//! bytes. `search/p-<key>.js`: `{q: key, p: {term: positions}}` for the terms of `t`:
//! loaded only for two query words that follow each other and both match terms that keep
//! positions (the ranking's bonus for words that stand together is the only use of
//! positions), as they are most of a shard's bytes. A shard whose positions are at most
//! [`INLINE_POSITIONS`] bytes has no such file: its `t-<key>.js` pushes that object too,
//! after its own.
//! `search/d-<n>.js`: `{i: n, d: [documents c[n] … c[n+1]-1]}`.
//!
//! Postings of a term: a flat array of numbers, per document: the document number
//! minus the previous one in this list (the first is absolute); the field counts as
//! `body·16 + heading·4 + title`; then, in the whole index (`t` of the manifest),
//! min(title + heading + body, 4) positions, the first absolute and the rest as
//! differences. A shard's postings leave the positions out: its positions file has them,
//! a flat array of numbers per term, the same numbers for each of its documents in turn.
//!
//! A document: `[url, title, heading, text, kind]`. `url` may be `#anchor`, meaning
//! the previous document's path plus that anchor; `title` is 0 when it repeats the
//! previous document's; `heading` is "" for a whole page; `kind` is 0 page,
//! 1 section, 2 case study, 3 resource, 4 glossary entry, 5 checklist, 6 person
//! quoted.
//!
//! [`quantise`]: crate::index::quantise
//! [`BuildOptions::chunk_bytes`]: crate::BuildOptions::chunk_bytes
//! [`BuildOptions::shard_bytes`]: crate::BuildOptions::shard_bytes

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::build::Compact;
use crate::index::{Posting, SearchIndex, StoredDoc, keeps_positions};
use crate::postings::PostingList;
use crate::{DocKind, IndexFile};

/// 2 since document files are cut by size (`c` a list of first documents, not a count);
/// 3 since positions are kept apart from postings (`p`, and `p-<key>.js` files);
/// 4 since terms in many documents keep no positions (`u`) and large shards are split by
/// three letters (`x`).
pub const FORMAT_VERSION: u32 = 4;
pub const LENGTH_ALPHABET: &[u8; 64] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
pub const DIR: &str = "search";
/// A shard whose positions take at most this many bytes keeps them in its own file (a
/// second statement), not in a file of their own: on a large site most shards are small,
/// and a file each would add as many files as shards for a few hundred bytes each. 2 KB
/// (4 KB before 7 December): a first query downloads a shard's inline positions whether
/// it needs them or not, and at 4 KB they were 1.1–1.5 KB gzip of each shard a query of
/// common words loads (docs/performance.md, "Search").
pub const INLINE_POSITIONS: usize = 2 * 1024;
pub const MANIFEST: &str = "search/index.js";
const PREFIX: &str = "(self.__cgSearch=self.__cgSearch||[]).push(";
const SUFFIX: &str = ");\n";

pub fn encode(index: Compact) -> Vec<IndexFile> {
    let mut files = Vec::new();
    let _ = encode_each(index, |file| {
        files.push(file);
        Ok::<(), std::convert::Infallible>(())
    });
    files
}

/// Writes the index's files one at a time, manifest first, handing each to `each` as
/// soon as it is made and freeing the postings it held: a large site's index is tens of
/// megabytes, and never needs to be in memory all at once. Stops at the first error.
pub fn encode_each<E>(
    mut index: Compact,
    mut each: impl FnMut(IndexFile) -> Result<(), E>,
) -> Result<(), E> {
    let single = fits_one_file(
        index.terms.iter().map(|(t, l)| (t.as_str(), l.json_len())),
        &index.options,
    );
    let starts = chunk_starts(&index.docs, index.options.chunk_bytes);

    let mut manifest = String::from(PREFIX);
    manifest.push('{');
    let _ = write!(
        manifest,
        "\"v\":{FORMAT_VERSION},\"n\":{},\"l\":{},\"y\":{}",
        index.docs.len(),
        json_str(&lengths(&index.lengths)),
        json_str(&passing_weights(&index.docs))
    );
    manifest.push_str(",\"a\":[");
    for (i, e) in index.expansions.iter().enumerate() {
        if i > 0 {
            manifest.push(',');
        }
        let long: Vec<String> = e.long_terms.iter().map(|t| json_str(t)).collect();
        let _ = write!(
            manifest,
            "[{},[{}]]",
            json_str(&e.short_term),
            long.join(",")
        );
    }
    manifest.push(']');

    if single {
        manifest.push_str(",\"c\":[0],");
        write_terms(&mut manifest, index.terms.iter(), None);
        let _ = write!(manifest, ",\"d\":{}", docs_json(&index.docs));
        manifest.push('}');
        manifest.push_str(SUFFIX);
        return each(IndexFile {
            path: MANIFEST.to_owned(),
            contents: manifest,
        });
    }
    let split = Split::of(
        index.terms.iter().map(|(t, l)| (t.as_str(), l.json_len())),
        &index.options,
    );
    // Terms are sorted, so each shard's terms (those sharing their first two characters, or
    // three in a split shard) are one run of them.
    let mut shards: BTreeMap<String, std::ops::Range<usize>> = BTreeMap::new();
    for (i, (term, _)) in index.terms.iter().enumerate() {
        let range = shards.entry(split.key(term)).or_insert(i..i);
        debug_assert_eq!(range.end, i, "a shard's terms are consecutive");
        range.end = i + 1;
    }
    // `s`: the keys of two letters or fewer; `x`: per split prefix, the third letters of its
    // keys (a key each would make the manifest several times larger).
    let keys: Vec<String> = shards
        .keys()
        .filter(|k| k.chars().count() <= 2)
        .map(|k| json_str(k))
        .collect();
    let mut thirds: BTreeMap<String, String> = BTreeMap::new();
    for key in shards.keys().filter(|k| k.chars().count() == 3) {
        let prefix: String = key.chars().take(2).collect();
        thirds.entry(prefix).or_default().extend(key.chars().nth(2));
    }
    let thirds: Vec<String> = thirds
        .iter()
        .map(|(p, t)| format!("{}:{}", json_str(p), json_str(t)))
        .collect();
    let firsts: Vec<String> = starts.iter().map(usize::to_string).collect();
    let _ = write!(
        manifest,
        ",\"c\":[{}],\"s\":[{}],\"x\":{{{}}}}}",
        firsts.join(","),
        keys.join(","),
        thirds.join(",")
    );
    manifest.push_str(SUFFIX);
    each(IndexFile {
        path: MANIFEST.to_owned(),
        contents: manifest,
    })?;
    for (key, range) in shards {
        let terms = &mut index.terms[range];
        let bytes: usize = terms.iter().map(|(t, l)| t.len() + l.json_len() + 4).sum();
        let mut body = String::with_capacity(bytes + PREFIX.len() + key.len() + 16);
        body.push_str(PREFIX);
        let _ = write!(body, "{{\"k\":{},", json_str(&key));
        let mut positions = String::new();
        write_terms(&mut body, terms.iter(), Some(&mut positions));
        body.push('}');
        body.push_str(SUFFIX);
        for (_, list) in terms.iter_mut() {
            *list = PostingList::default();
        }
        let stem = shard_file_stem(&key);
        let placed = format!(
            "{PREFIX}{{\"q\":{},\"p\":{positions}}}{SUFFIX}",
            json_str(&key)
        );
        if positions.len() <= INLINE_POSITIONS {
            body.push_str(&placed);
            each(IndexFile {
                path: format!("{DIR}/t-{stem}.js"),
                contents: body,
            })?;
            continue;
        }
        each(IndexFile {
            path: format!("{DIR}/t-{stem}.js"),
            contents: body,
        })?;
        each(IndexFile {
            path: format!("{DIR}/p-{stem}.js"),
            contents: placed,
        })?;
    }
    let ends = starts.iter().skip(1).copied().chain([index.docs.len()]);
    for (i, (start, end)) in starts.iter().copied().zip(ends).enumerate() {
        let docs = &index.docs[start..end];
        let body = format!("{{\"i\":{i},\"d\":{}}}", docs_json(docs));
        each(IndexFile {
            path: format!("{DIR}/d-{i}.js"),
            contents: wrap(&body),
        })?;
    }
    Ok(())
}

/// Whether this index is written as one file (see [`BuildOptions::single_file_bytes`]).
///
/// [`BuildOptions::single_file_bytes`]: crate::BuildOptions::single_file_bytes
pub fn is_single_file(index: &SearchIndex) -> bool {
    fits_one_file(
        index
            .terms
            .iter()
            .map(|(t, p)| (t.as_str(), postings_json(p).len())),
        &index.options,
    )
}

/// The size rule behind [`is_single_file`], over terms and the length of their encoded
/// postings.
fn fits_one_file<'a>(
    dictionary: impl Iterator<Item = (&'a str, usize)>,
    options: &crate::BuildOptions,
) -> bool {
    let bytes: usize = dictionary.map(|(t, p)| t.len() + p + 4).sum();
    bytes <= options.single_file_bytes
}

/// Mirrors `Store.missingShards`, `Store.positionFiles` and `Store.missingChunks` in
/// search.js.
pub fn files_for_query(index: &SearchIndex, query: &str, limit: usize) -> Vec<String> {
    let mut files = vec![MANIFEST.to_owned()];
    if is_single_file(index) {
        return files;
    }
    let split = Split::of(
        index
            .terms
            .iter()
            .map(|(t, p)| (t.as_str(), postings_json(p).len())),
        &index.options,
    );
    let existing: std::collections::BTreeSet<String> =
        index.terms.keys().map(|t| split.key(t)).collect();
    let mut keys = std::collections::BTreeSet::new();
    for tok in crate::abbrev::contract(crate::text::tokens(query), &index.expansions) {
        for word in [&tok.term, &tok.word] {
            keys.insert(split.key(word));
            // A word of two letters whose shard is split may be the start of a term of any
            // of its parts (the word being typed).
            if split.prefixes.contains(word.as_str()) {
                keys.extend(
                    existing
                        .iter()
                        .filter(|k| k.starts_with(word.as_str()))
                        .cloned(),
                );
            }
        }
        for exp in index.expansions.iter().filter(|e| e.short_term == tok.term) {
            keys.extend(exp.long_terms.iter().map(|t| split.key(t)));
        }
    }
    let wanted: Vec<String> = keys.into_iter().filter(|k| existing.contains(k)).collect();
    let file = |kind: &str, key: &String| format!("{DIR}/{kind}-{}.js", shard_file_stem(key));
    let mut shards: Vec<String> = wanted.iter().map(|key| file("t", key)).collect();
    shards.sort();
    files.extend(shards);
    // Positions only count for two matched words that follow each other (the bonus for words
    // that stand together), and a term in many documents keeps none: so those of the terms
    // that keep them, of each matched word whose matched neighbour has such a term too.
    let n = index.docs.len();
    let words = crate::query::parse(index, query);
    let kept: Vec<Vec<&String>> = words
        .iter()
        .filter(|w| !w.expansions.is_empty())
        .map(|w| {
            w.expansions
                .iter()
                .map(|(t, _)| t)
                .filter(|t| keeps_positions(index.terms[*t].len(), n, &index.options))
                .collect()
        })
        .collect();
    let mut keys = std::collections::BTreeSet::new();
    for (i, terms) in kept.iter().enumerate() {
        let before = i.checked_sub(1).is_some_and(|j| !kept[j].is_empty());
        let after = kept.get(i + 1).is_some_and(|k| !k.is_empty());
        if before || after {
            keys.extend(terms.iter().map(|t| split.key(t)));
        }
    }
    let mut positions: Vec<String> = keys
        .iter()
        .filter(|key| positions_bytes(index, &split, key) > INLINE_POSITIONS)
        .map(|key| file("p", key))
        .collect();
    positions.sort();
    files.extend(positions);
    let starts = chunk_starts(&index.docs, index.options.chunk_bytes);
    let mut chunks: Vec<usize> = Vec::new();
    for hit in crate::query::ranked_docs(index, query, limit) {
        let c = chunk_of(&starts, hit as usize);
        if !chunks.contains(&c) {
            chunks.push(c);
        }
    }
    files.extend(chunks.into_iter().map(|c| format!("{DIR}/d-{c}.js")));
    files
}

/// Bytes of the positions of shard `key`, as its files carry them.
fn positions_bytes(index: &SearchIndex, split: &Split, key: &str) -> usize {
    let (mut postings, mut positions) = (String::new(), String::from("{"));
    let n = index.docs.len();
    for (term, list) in index
        .terms
        .iter()
        .filter(|(t, l)| split.key(t) == key && keeps_positions(l.len(), n, &index.options))
    {
        let mut l = PostingList::default();
        list.iter().for_each(|p| l.push(p));
        if positions.len() > 1 {
            positions.push(',');
        }
        write_json_str(&mut positions, term);
        positions.push(':');
        l.write_json_split(&mut postings, &mut positions);
    }
    positions.len() + 1
}

/// The first document of each document file: a file takes documents until the next would
/// take it past `bytes` (as [`stored_bytes`] counts them), and at least one.
pub fn chunk_starts(docs: &[StoredDoc], bytes: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut size = 0;
    for (i, d) in docs.iter().enumerate() {
        let more = stored_bytes(d);
        if size > 0 && size + more > bytes {
            starts.push(i);
            size = 0;
        }
        size += more;
    }
    starts
}

/// The document file holding document `doc` (mirrors `chunkOf` in search.js).
fn chunk_of(starts: &[usize], doc: usize) -> usize {
    starts.partition_point(|&s| s <= doc).saturating_sub(1)
}

/// About the bytes a stored document takes in its document file.
fn stored_bytes(d: &StoredDoc) -> usize {
    d.url.len() + d.page_title.len() + d.heading.as_ref().map_or(0, String::len) + d.text.len() + 16
}

/// The shard a term lives in: its first two characters (see [`Split`] for larger shards).
pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// The two-letter prefixes whose shard is split by the first three letters: those whose
/// terms' postings take more than [`BuildOptions::shard_bytes`]. A query of common words
/// then loads their own terms' postings, not those of every word that starts like them
/// ("research" without "require", "result", "report"…).
///
/// [`BuildOptions::shard_bytes`]: crate::BuildOptions::shard_bytes
struct Split {
    prefixes: std::collections::BTreeSet<String>,
}

impl Split {
    /// From the terms and the length of their encoded postings.
    fn of<'a>(
        dictionary: impl Iterator<Item = (&'a str, usize)>,
        options: &crate::BuildOptions,
    ) -> Self {
        let mut bytes: BTreeMap<String, usize> = BTreeMap::new();
        for (term, len) in dictionary {
            *bytes.entry(shard_key(term)).or_default() += term.len() + len + 4;
        }
        Split {
            prefixes: bytes
                .into_iter()
                .filter(|(k, b)| *b > options.shard_bytes && k.chars().count() == 2)
                .map(|(k, _)| k)
                .collect(),
        }
    }

    /// The key of the shard holding `term` (mirrors `Store`'s `keyOf` in search.js).
    fn key(&self, term: &str) -> String {
        let key = shard_key(term);
        if self.prefixes.contains(&key) {
            term.chars().take(3).collect()
        } else {
            key
        }
    }
}

pub fn shard_file_stem(key: &str) -> String {
    if key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        key.to_owned()
    } else {
        key.bytes().fold(String::from("x"), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }
}

fn wrap(json: &str) -> String {
    format!("{PREFIX}{json}{SUFFIX}")
}

/// JSON string literal, also safe for old JavaScript parsers (U+2028/2029 escaped).
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_json_str(&mut out, s);
    out
}

fn write_json_str(out: &mut String, s: &str) {
    out.push('"');
    write_json_str_body(out, s);
    out.push('"');
}

/// The inside of [`json_str`]: escapes as `serde_json` does (a test checks), plus
/// U+2028 and U+2029, written straight into `out` (the index has a string per document
/// field, hundreds of thousands on a large site).
fn write_json_str_body(out: &mut String, s: &str) {
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escaped: &str = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            c if c < ' ' => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        plain = i + c.len_utf8();
        if escaped.is_empty() {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push_str(escaped);
        }
    }
    out.push_str(&s[plain..]);
}

fn lengths(lengths: &[u8]) -> String {
    lengths
        .iter()
        .map(|q| char::from(LENGTH_ALPHABET[usize::from(*q & 63)]))
        .collect()
}

/// Writes `"t":{term: postings}` to `out` for the terms that keep positions: with their
/// positions inline (the whole index in one file), or without them, the same terms'
/// positions then written to `positions` as `{term: positions}` (a shard); then, if there
/// are any, `,"u":{term: postings}` for the terms that keep none (see
/// [`keeps_positions`](crate::index::keeps_positions)).
fn write_terms<'a>(
    out: &mut String,
    terms: impl Iterator<Item = &'a (String, PostingList)> + Clone,
    mut positions: Option<&mut String>,
) {
    out.push_str("\"t\":{");
    if let Some(p) = positions.as_deref_mut() {
        p.push('{');
    }
    for (i, (term, postings)) in terms.clone().filter(|(_, l)| !l.is_bare()).enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_str(out, term);
        out.push(':');
        match positions.as_deref_mut() {
            Some(p) => {
                if i > 0 {
                    p.push(',');
                }
                write_json_str(p, term);
                p.push(':');
                postings.write_json_split(out, p);
            }
            None => postings.write_json(out),
        }
    }
    out.push('}');
    if let Some(p) = positions {
        p.push('}');
    }
    let mut bare = false;
    for (term, postings) in terms.filter(|(_, l)| l.is_bare()) {
        out.push_str(if bare { "," } else { ",\"u\":{" });
        bare = true;
        write_json_str(out, term);
        out.push(':');
        postings.write_json(out);
    }
    if bare {
        out.push('}');
    }
}

fn postings_json(postings: &[Posting]) -> String {
    let mut list = PostingList::default();
    for p in postings {
        list.push(p);
    }
    let mut out = String::new();
    list.write_json(&mut out);
    out
}

pub fn kind_code(kind: DocKind) -> u8 {
    match kind {
        DocKind::Page => 0,
        DocKind::Section => 1,
        DocKind::CaseStudy => 2,
        DocKind::Resource => 3,
        DocKind::Glossary => 4,
        DocKind::Checklist => 5,
        DocKind::PersonQuoted => 6,
    }
}

/// One digit per document: its passing weight in tenths, `0` for 1.
fn passing_weights(docs: &[StoredDoc]) -> String {
    docs.iter()
        .map(|d| {
            let tenths = (crate::query::passing_weight(d.kind) * 10.0).round() as u8;
            char::from(b'0' + if tenths >= 10 { 0 } else { tenths })
        })
        .collect()
}

fn docs_json(docs: &[StoredDoc]) -> String {
    let bytes: usize = docs.iter().map(stored_bytes).sum();
    let mut out = String::with_capacity(bytes + bytes / 16 + 2);
    out.push('[');
    let mut prev: Option<&StoredDoc> = None;
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        match (prev.map(|p| path_of(&p.url)), d.url.split_once('#')) {
            (Some(prev_path), Some((path, anchor))) if prev_path == path => {
                out.push_str("\"#");
                write_json_str_body(&mut out, anchor);
                out.push('"');
            }
            _ => write_json_str(&mut out, &d.url),
        }
        out.push(',');
        match prev {
            Some(p) if p.page_title == d.page_title => out.push('0'),
            _ => write_json_str(&mut out, &d.page_title),
        }
        out.push(',');
        write_json_str(&mut out, d.heading.as_deref().unwrap_or(""));
        out.push(',');
        write_json_str(&mut out, &d.text);
        let _ = write!(out, ",{}]", kind_code(d.kind));
        prev = Some(d);
    }
    out.push(']');
    out
}

fn path_of(url: &str) -> &str {
    url.split_once('#').map_or(url, |(path, _)| path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::BuildOptions;
    use crate::{Abbreviation, SearchDoc};

    fn docs(n: usize) -> Vec<SearchDoc> {
        (0..n)
            .map(|i| SearchDoc {
                url: format!("p{}/#s{i}", i / 3),
                page_title: format!("Page {}", i / 3),
                heading: Some(format!("Heading {i}")),
                text: format!("word{i} shared text about backfill and mentors"),
                kind: DocKind::Section,
            })
            .collect()
    }

    #[test]
    fn small_sites_get_one_file() {
        let idx = SearchIndex::build(&docs(5), &[], BuildOptions::default());
        let files = encode((&idx).into());
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "search/index.js");
        assert!(
            files[0]
                .contents
                .starts_with("(self.__cgSearch=self.__cgSearch||[]).push({\"v\":4,")
        );
    }

    #[test]
    fn large_sites_are_sharded_by_term_prefix() {
        let opts = BuildOptions {
            single_file_bytes: 10,
            chunk_bytes: 200,
            ..BuildOptions::default()
        };
        let idx = SearchIndex::build(&docs(10), &[], opts);
        let paths: Vec<String> = encode((&idx).into()).into_iter().map(|f| f.path).collect();
        assert!(paths.contains(&"search/t-ba.js".to_string()), "{paths:?}");
        let chunks = paths.iter().filter(|p| p.starts_with("search/d-")).count();
        assert!(chunks > 2, "{paths:?}");
        assert!(paths.contains(&format!("search/d-{}.js", chunks - 1)));
    }

    #[test]
    fn shards_keep_positions_apart_in_files_of_their_own_when_large() {
        let opts = BuildOptions {
            single_file_bytes: 10,
            chunk_bytes: 200,
            // Every term keeps its positions here (see the next test for those that don't).
            positions_floor: usize::MAX,
            ..BuildOptions::default()
        };
        // A small shard: its positions follow its postings in the same file.
        let idx = SearchIndex::build(&docs(10), &[], opts.clone());
        let files = encode((&idx).into());
        let file = |files: &[IndexFile], path: &str| {
            files
                .iter()
                .find(|f| f.path == path)
                .map(|f| f.contents.clone())
        };
        // "backfill" is in every document, once, in the body (16).
        let positions = |idx: &SearchIndex| {
            let at: Vec<String> = idx.terms["backfil"]
                .iter()
                .map(|p| p.positions[0].to_string())
                .collect();
            format!("{{\"q\":\"ba\",\"p\":{{\"backfil\":[{}]}}}}", at.join(","))
        };
        assert_eq!(
            file(&files, "search/t-ba.js").unwrap(),
            wrap(
                "{\"k\":\"ba\",\"t\":{\"backfil\":[0,16,1,16,1,16,1,16,1,16,1,16,1,16,1,16,1,16,1,16]}}"
            ) + &wrap(&positions(&idx))
        );
        assert_eq!(file(&files, "search/p-ba.js"), None);
        let shards = |idx: &SearchIndex, q: &str| -> Vec<String> {
            idx.files_for_query(q, 10)
                .into_iter()
                .filter(|f| !f.starts_with("search/d-"))
                .collect()
        };
        assert_eq!(
            shards(&idx, "backfill mentors"),
            ["search/index.js", "search/t-ba.js", "search/t-me.js"]
        );

        // 1 500 documents: the positions of "ba" and "me" pass INLINE_POSITIONS.
        let idx = SearchIndex::build(&docs(1500), &[], opts);
        let files = encode((&idx).into());
        let p = file(&files, "search/p-ba.js").unwrap();
        assert!(p.len() > INLINE_POSITIONS, "{}", p.len());
        assert_eq!(p, wrap(&positions(&idx)));
        let t = file(&files, "search/t-ba.js").unwrap();
        assert_eq!(t.matches(PREFIX).count(), 1, "{t}");
        assert!(!t.contains("\"q\""));
        assert_eq!(
            shards(&idx, "backfill"),
            ["search/index.js", "search/t-ba.js"]
        );
        assert_eq!(
            shards(&idx, "backfill mentors"),
            [
                "search/index.js",
                "search/t-ba.js",
                "search/t-me.js",
                "search/p-ba.js",
                "search/p-me.js"
            ]
        );
        // A second word the index does not have: no bonus to compute, no positions.
        assert_eq!(
            shards(&idx, "backfill zebra"),
            ["search/index.js", "search/t-ba.js"]
        );
    }

    #[test]
    fn large_shards_are_split_by_three_letters() {
        let docs: Vec<SearchDoc> = (0..40)
            .map(|i| SearchDoc {
                url: format!("p{i}/"),
                page_title: format!("Page {i}"),
                heading: None,
                text: format!(
                    "research result{i} reading ma{i}{}",
                    if i < 2 { " rare" } else { "" }
                ),
                kind: DocKind::Page,
            })
            .collect();
        let opts = BuildOptions {
            single_file_bytes: 10,
            shard_bytes: 300,
            ..BuildOptions::default()
        };
        let idx = SearchIndex::build(&docs, &[], opts);
        let files = encode((&idx).into());
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        // "re…" terms pass 300 bytes of postings: one shard per three letters.
        for p in ["search/t-res.js", "search/t-rea.js"] {
            assert!(paths.contains(&p), "{paths:?}");
        }
        assert!(!paths.contains(&"search/t-re.js"), "{paths:?}");
        assert!(
            paths.contains(&"search/t-ra.js"),
            "small shards stay whole: {paths:?}"
        );
        let manifest = &files[0].contents;
        assert!(
            manifest.contains("\"x\":{\"ma\":\"0123456789\",\"re\":\"as\"}"),
            "{manifest}"
        );
        let shards = |q: &str| -> Vec<String> {
            idx.files_for_query(q, 10)
                .into_iter()
                .filter(|f| f.starts_with("search/t-"))
                .collect()
        };
        assert_eq!(
            shards("research rare"),
            ["search/t-ra.js", "search/t-res.js"]
        );
        // A word of two letters being typed may start a term of any part of a split shard.
        assert_eq!(shards("re"), ["search/t-rea.js", "search/t-res.js"]);
        assert_eq!(shards("ma1"), ["search/t-ma1.js"]);
    }

    #[test]
    fn terms_in_many_documents_keep_no_positions_and_load_none() {
        let opts = BuildOptions {
            single_file_bytes: 10,
            chunk_bytes: 200,
            positions_floor: 100,
            ..BuildOptions::default()
        };
        // 1 500 documents: "backfill" and "mentors" are in all of them (past the floor and
        // a quarter of them), "word7" in one.
        let idx = SearchIndex::build(&docs(1500), &[], opts.clone());
        assert!(idx.terms["backfil"].iter().all(|p| p.positions.is_empty()));
        assert!(!idx.terms["word7"][0].positions.is_empty());
        let files = encode((&idx).into());
        let t = &files
            .iter()
            .find(|f| f.path == "search/t-ba.js")
            .unwrap()
            .contents;
        assert!(t.contains("\"t\":{},\"u\":{\"backfil\":[0,16,1,16,"), "{t}");
        assert!(!files.iter().any(|f| f.path == "search/p-ba.js"));
        let loaded = |q: &str| -> Vec<String> {
            idx.files_for_query(q, 10)
                .into_iter()
                .filter(|f| !f.starts_with("search/d-"))
                .collect()
        };
        assert_eq!(
            loaded("backfill mentors"),
            ["search/index.js", "search/t-ba.js", "search/t-me.js"],
            "no positions to load"
        );
        // Built as one file, the same terms are in `u`, without positions.
        let one = SearchIndex::build(
            &docs(1500),
            &[],
            BuildOptions {
                single_file_bytes: usize::MAX,
                ..opts
            },
        );
        let manifest = &encode((&one).into())[0].contents;
        assert!(
            manifest.contains(",\"u\":{\"backfil\":[0,16,1,16,"),
            "{}",
            &manifest[..200]
        );
        assert_eq!(
            SearchIndex::from(crate::build::build(docs(1500), &[], one.options.clone())),
            one
        );
    }

    #[test]
    fn document_files_are_cut_by_size_and_the_manifest_lists_where_each_starts() {
        let doc = |text: usize| StoredDoc {
            url: "p/#s".into(),
            page_title: "P".into(),
            heading: Some("H".into()),
            text: "x".repeat(text),
            kind: DocKind::Section,
        };
        // 22 bytes of fields and framing per document, plus its text.
        let docs = [doc(78), doc(78), doc(78), doc(500), doc(8), doc(8)];
        assert_eq!(stored_bytes(&docs[0]), 100);
        // 250 bytes a file: two of 100, then one (the next would pass 250), then the large
        // one alone, then the two small ones.
        assert_eq!(chunk_starts(&docs, 250), [0, 2, 3, 4]);
        assert_eq!(chunk_starts(&docs, 10_000), [0]);
        assert_eq!(chunk_starts(&[], 250), [0]);
        let starts = [0, 2, 3, 4];
        let of: Vec<usize> = (0..6).map(|d| chunk_of(&starts, d)).collect();
        assert_eq!(of, [0, 0, 1, 2, 3, 3]);

        let idx = SearchIndex::build(
            &self::docs(40),
            &[],
            BuildOptions {
                single_file_bytes: 10,
                chunk_bytes: 1024,
                ..BuildOptions::default()
            },
        );
        let files = encode((&idx).into());
        let starts = chunk_starts(&idx.docs, 1024);
        assert!(starts.len() > 2, "{starts:?}");
        let listed: Vec<String> = starts.iter().map(usize::to_string).collect();
        assert!(
            files[0]
                .contents
                .contains(&format!("\"c\":[{}]", listed.join(","))),
            "{}",
            files[0].contents
        );
        for (i, file) in files
            .iter()
            .filter(|f| f.path.starts_with("search/d-"))
            .enumerate()
        {
            assert_eq!(file.path, format!("search/d-{i}.js"));
            let end = starts.get(i + 1).copied().unwrap_or(idx.docs.len());
            let docs = &idx.docs[starts[i]..end];
            assert_eq!(
                file.contents,
                wrap(&format!("{{\"i\":{i},\"d\":{}}}", docs_json(docs)))
            );
            assert!(
                docs.len() == 1 || file.contents.len() <= 1024 + 200,
                "{}",
                file.contents.len()
            );
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_does_and_line_separators_too() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é ’ \u{2028} \u{2029} \u{85} \u{feff} 😀 \\\"");
        let serde = |s: &str| {
            serde_json::to_string(s)
                .unwrap()
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029")
        };
        for s in [all.as_str(), "", "plain", "\"", "a\u{1}b\u{1f}c\u{7f}"] {
            assert_eq!(json_str(s), serde(s), "{s:?}");
        }
        for c in all.chars() {
            let s = format!("x{c}y");
            assert_eq!(json_str(&s), serde(&s), "{c:?}");
        }
    }

    #[test]
    fn files_are_handed_on_one_by_one_manifest_first_and_an_error_stops_them() {
        let opts = BuildOptions {
            single_file_bytes: 10,
            chunk_bytes: 200,
            ..BuildOptions::default()
        };
        let idx = SearchIndex::build(&docs(10), &[], opts);
        let all = encode((&idx).into());
        assert!(all.len() > 4);
        let mut handed = Vec::new();
        let result = encode_each((&idx).into(), |f| {
            if handed.len() == 3 {
                return Err(f.path);
            }
            handed.push(f);
            Ok(())
        });
        assert_eq!(result, Err(all[3].path.clone()));
        assert_eq!(handed, all[..3]);
        assert_eq!(handed[0].path, MANIFEST);
    }

    #[test]
    fn odd_shard_keys_become_safe_file_names() {
        assert_eq!(shard_file_stem("ab"), "ab");
        assert_eq!(shard_file_stem("é"), "xc3a9");
    }

    #[test]
    fn repeated_paths_and_titles_are_shortened() {
        let idx = SearchIndex::build(&docs(2), &[], BuildOptions::default());
        let js = &encode((&idx).into())[0].contents;
        assert!(js.contains("[\"p0/#s0\",\"Page 0\",\"Heading 0\""), "{js}");
        assert!(js.contains("[\"#s1\",0,\"Heading 1\""), "{js}");
    }

    #[test]
    fn postings_use_differences() {
        let p = [
            Posting {
                doc: 2,
                title: 1,
                heading: 0,
                body: 1,
                positions: [3, 10][..].into(),
            },
            Posting {
                doc: 5,
                title: 0,
                heading: 0,
                body: 1,
                positions: [7][..].into(),
            },
        ];
        assert_eq!(postings_json(&p), "[2,17,3,7,3,16,7]");
    }

    #[test]
    fn output_is_byte_identical_across_builds() {
        let abbr = [Abbreviation {
            short: "RDS".into(),
            long: "Research Design Service".into(),
        }];
        let a = encode(Compact::from(&SearchIndex::build(
            &docs(30),
            &abbr,
            BuildOptions::default(),
        )));
        let b = encode(Compact::from(&SearchIndex::build(
            &docs(30),
            &abbr,
            BuildOptions::default(),
        )));
        assert_eq!(a, b);
    }
}
