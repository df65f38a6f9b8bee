//! html5ever's tokenizer, read as the HTML parser reads it, with CommonMark's extent for
//! the two constructs HTML does not know.
//!
//! The HTML parser switches into raw text after `<script>`, `<style>` and the like, so that
//! their content is not read as tags. And HTML reads a processing instruction (`<?php … ?>`)
//! or a CDATA section (`<![CDATA[ … ]]>`) as a comment that ends at the first `>`, which
//! would show the rest of it (`'; ?>`, `&<]]>`) to readers as text; CommonMark, which is how
//! an editor's Markdown is read, ends them at `?>` and `]]>`, so everything up to there is
//! dropped here.

use std::cell::RefCell;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The most attributes one tag is read with. html5ever compares each attribute with every
/// earlier one of its tag (to drop repeats), so one tag with 100 000 attributes took 15
/// seconds; past this, the rest of the tag's attributes are removed before it is read (and
/// [`removals`](super::removals) says so, at the tag's line).
pub const MAX_ATTRIBUTES: usize = 256;

/// A start or end tag, as the HTML parser reads it, with its line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTag {
    pub line: usize,
    /// Lower case.
    pub name: String,
    pub end: bool,
    /// Names lower case, values with character references decoded; a name written twice
    /// is kept once (the first), as browsers keep it.
    pub attributes: Vec<(String, String)>,
}

/// The tags of `raw` as browsers read them: not inside comments, scripts, styles,
/// processing instructions or CDATA, in any quoting and case. The one HTML tag reader of
/// the site (the nesting check, the preview's policy, the removal report all use it).
pub fn tags(raw: &str) -> Vec<RawTag> {
    tokens(raw)
        .into_iter()
        .filter_map(|(token, line)| match token {
            Token::TagToken(tag) => Some(RawTag {
                line: usize::try_from(line).unwrap_or(usize::MAX),
                name: tag.name.to_string(),
                end: tag.kind == TagKind::EndTag,
                attributes: tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect(),
            }),
            _ => None,
        })
        .collect()
}

/// The tokens of `raw`, each with its line in `raw` (1-based).
pub(super) fn tokens(raw: &str) -> Vec<(Token, u64)> {
    tokens_read(raw, true)
}

/// The tokens of `raw` as the HTML parser alone reads it: a processing instruction or CDATA
/// section ends at the first `>` (for HTML that is not in Markdown: a paste).
pub(super) fn html_tokens(raw: &str) -> Vec<(Token, u64)> {
    tokens_read(raw, false)
}

fn tokens_read(raw: &str, commonmark: bool) -> Vec<(Token, u64)> {
    let (raw, _) = cap_attributes(raw);
    let sink = Tokens {
        commonmark,
        ..Tokens::default()
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(raw.as_ref().into());
    // `feed` stops only for a script the sink asked to run; ours never does.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.tokens.take()
}

/// Collects tokens, switching the tokenizer into raw text where the HTML parser would.
#[derive(Default)]
struct Tokens {
    tokens: RefCell<Vec<(Token, u64)>>,
    /// Inside a processing instruction or CDATA section the tokenizer ended too early: the
    /// text that ends it (`?>` or `]]>`), and the last characters seen, in case the text
    /// that ends it is split between two tokens.
    skipping: RefCell<Option<(&'static str, String)>>,
    /// Whether those two end as CommonMark ends them.
    commonmark: bool,
}

impl TokenSink for Tokens {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut skipping = self.skipping.borrow_mut();
        if let Some((end, seen)) = skipping.as_mut() {
            match &token {
                Token::CharacterTokens(text) => {
                    seen.push_str(text);
                    match seen.find(*end) {
                        Some(at) => {
                            let rest = seen[at + end.len()..].to_string();
                            *skipping = None;
                            if !rest.is_empty() {
                                self.tokens
                                    .borrow_mut()
                                    .push((Token::CharacterTokens(rest.into()), line));
                            }
                        }
                        None => {
                            let keep = seen.len().saturating_sub(end.len());
                            let keep = (keep..=seen.len())
                                .find(|&i| seen.is_char_boundary(i))
                                .unwrap_or(seen.len());
                            seen.drain(..keep);
                        }
                    }
                }
                Token::EOFToken => self.tokens.borrow_mut().push((token, line)),
                // A tag inside the construct is part of it.
                _ => seen.clear(),
            }
            return TokenSinkResult::Continue;
        }
        let state = match &token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => raw_text_state(&tag.name),
            Token::CommentToken(_) if !self.commonmark => TokenSinkResult::Continue,
            Token::CommentToken(text) => {
                if text.starts_with('?') && !text.ends_with('?') {
                    *skipping = Some(("?>", String::new()));
                } else if text.starts_with("[CDATA[") && !text.ends_with("]]") {
                    *skipping = Some(("]]>", String::new()));
                }
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        };
        self.tokens.borrow_mut().push((token, line));
        state
    }
}

/// The tokenizer state the HTML parser switches to after `<name>` (also `<name/>`: the
/// parser ignores the slash on an element that is not void).
fn raw_text_state(name: &str) -> TokenSinkResult<()> {
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}

/// `raw` with every tag cut to its first [`MAX_ATTRIBUTES`] attributes, in one pass, and each
/// tag cut: its line (1-based), name and number of attributes. Read the way the HTML
/// tokenizer reads a tag (name; then attributes, each a name, optionally `=` and a value,
/// quoted or not); the line breaks of what is cut are kept, so lines after it stay the same.
/// Text that only looks like a tag (in a comment, say) may be cut too: it has no use there.
pub(super) fn cap_attributes(raw: &str) -> (std::borrow::Cow<'_, str>, Vec<(u64, String, usize)>) {
    let b = raw.as_bytes();
    let mut cut: Vec<(u64, String, usize)> = Vec::new();
    let mut out = String::new();
    // Up to where `raw` has been copied to `out` (only once something is cut).
    let mut copied = 0;
    let mut line = 1u64;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            line += 1;
        }
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let tag_line = line;
        let name_start = i + 1;
        i = name_start;
        while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b' ' | b'/' | b'>') {
            i += 1;
        }
        let name = raw[name_start..i].to_ascii_lowercase();
        let mut count = 0usize;
        // Where the attribute past the bound starts, once one is found.
        let mut cut_from: Option<usize> = None;
        loop {
            while i < b.len() && matches!(b[i], b'\t' | b'\n' | b'\x0c' | b' ' | b'/') {
                if b[i] == b'\n' {
                    line += 1;
                }
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            count += 1;
            if count == MAX_ATTRIBUTES + 1 {
                cut_from = Some(i);
            }
            // The name (a first `=` belongs to it), then `=` and a value.
            i += 1;
            while i < b.len()
                && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b' ' | b'/' | b'>' | b'=')
            {
                i += 1;
            }
            let mut j = i;
            while j < b.len() && matches!(b[j], b'\t' | b'\n' | b'\x0c' | b' ') {
                j += 1;
            }
            if j < b.len() && b[j] == b'=' {
                line += raw[i..j].matches('\n').count() as u64;
                i = j + 1;
                while i < b.len() && matches!(b[i], b'\t' | b'\n' | b'\x0c' | b' ') {
                    if b[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = raw[i + 1..]
                            .find(q as char)
                            .map_or(b.len(), |e| i + 1 + e + 1);
                        line += raw[i..end].matches('\n').count() as u64;
                        i = end;
                    }
                    _ => {
                        while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b' ' | b'>')
                        {
                            i += 1;
                        }
                    }
                }
            }
        }
        if let Some(from) = cut_from {
            out.push_str(&raw[copied..from]);
            for _ in 0..raw[from..i].matches('\n').count() {
                out.push('\n');
            }
            copied = i;
            cut.push((tag_line, name, count));
        }
    }
    if cut.is_empty() {
        return (std::borrow::Cow::Borrowed(raw), cut);
    }
    out.push_str(&raw[copied..]);
    (std::borrow::Cow::Owned(out), cut)
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    #[test]
    fn a_tag_keeps_its_first_attributes_and_its_lines() {
        let short = "<p a=1 b='2 3' c>x</p>";
        assert_eq!(cap_attributes(short), (short.into(), vec![]));
        let many: String = (0..MAX_ATTRIBUTES + 10)
            .map(|i| format!(" a{i}=\"v\"\n"))
            .collect();
        let raw = format!("x\n<span{many}>hi</span>\n<b>after</b>");
        let (capped, cut) = cap_attributes(&raw);
        assert_eq!(cut, vec![(2, "span".to_string(), MAX_ATTRIBUTES + 10)]);
        assert!(capped.contains(&format!("a{}=", MAX_ATTRIBUTES - 1)));
        assert!(!capped.contains(&format!("a{}=", MAX_ATTRIBUTES)));
        assert_eq!(capped.lines().count(), raw.lines().count());
        let tokens = tokens(&raw);
        let attrs = tokens
            .iter()
            .find_map(|(t, _)| match t {
                Token::TagToken(tag) if &*tag.name == "span" => Some(tag.attrs.len()),
                _ => None,
            })
            .unwrap();
        assert_eq!(attrs, MAX_ATTRIBUTES);
        let b_line = tokens
            .iter()
            .find_map(|(t, line)| match t {
                Token::TagToken(tag) if &*tag.name == "b" => Some(*line),
                _ => None,
            })
            .unwrap();
        assert_eq!(b_line, raw.lines().count() as u64);
    }
}
