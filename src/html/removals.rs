//! What the allow-list removes from raw HTML as an editor wrote it, with lines.

use std::cell::RefCell;

use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::allow::*;
use super::tokens::raw_text_state;
use super::void::is_void;

/// Something [`clean`](super::clean) removes from raw HTML, on a line of the stretch (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub line: usize,
    pub what: String,
}

/// What [`clean`](super::clean) will remove from `raw`, a stretch of raw HTML as the editor wrote it.
pub fn removals(raw: &str) -> Vec<Removal> {
    let sink = Inventory::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(raw.into());
    // `feed` stops only for a script the sink asked to run; ours never does.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.take()
}

/// Reads tokens as the HTML parser would (raw-text elements switch the tokenizer's state)
/// and notes what the allow-list removes.
#[derive(Default)]
pub(super) struct Inventory {
    found: RefCell<Vec<Removal>>,
    /// Inside an element removed with its content: its name and nesting depth.
    dropped: RefCell<Option<(String, usize)>>,
}

impl Inventory {
    fn note(&self, line: u64, what: String) {
        self.found.borrow_mut().push(Removal {
            line: usize::try_from(line).unwrap_or(usize::MAX),
            what,
        });
    }

    fn tag(&self, tag: &Tag, line: u64) -> TokenSinkResult<()> {
        // The tokenizer lower-cases tag and attribute names.
        let name = tag.name.to_string();
        {
            let mut dropped = self.dropped.borrow_mut();
            if let Some((inside, depth)) = dropped.as_mut() {
                if *inside == name {
                    match tag.kind {
                        TagKind::StartTag if !tag.self_closing => *depth += 1,
                        TagKind::EndTag => *depth -= 1,
                        TagKind::StartTag => {}
                    }
                    if *depth == 0 {
                        *dropped = None;
                    }
                }
                return TokenSinkResult::Continue;
            }
        }
        if tag.kind == TagKind::EndTag {
            return TokenSinkResult::Continue;
        }
        if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
            self.note(line, format!("`<{name}>` and everything in it"));
            if !tag.self_closing && !is_void(&name) {
                *self.dropped.borrow_mut() = Some((name.clone(), 1));
            }
            return raw_text_state(&name);
        }
        if !TAGS.contains(&name.as_str()) {
            self.note(line, format!("`<{name}>` (its text is kept)"));
            return raw_text_state(&name);
        }
        for attr in &tag.attrs {
            let attribute = attr.name.local.to_string();
            let value = attr.value.to_string();
            if !attribute_allowed(&name, &attribute) {
                self.note(line, format!("`{attribute}` on `<{name}>`"));
                continue;
            }
            match keeps_attribute(&name, &attribute, &value) {
                None if attribute == "class" => {
                    self.note(line, format!("class `{}` on `<{name}>`", value.trim()))
                }
                None => self.note(
                    line,
                    format!("`{attribute}=\"{}\"` on `<{name}>`", shorten(&value)),
                ),
                Some(kept) if kept != value.as_str() => {
                    let removed: Vec<&str> = value
                        .split_ascii_whitespace()
                        .filter(|c| !class_allowed(&name, c))
                        .collect();
                    self.note(line, format!("class `{}` on `<{name}>`", removed.join(" ")));
                }
                Some(_) => {}
            }
        }
        TokenSinkResult::Continue
    }
}

pub(super) fn shorten(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        value.chars().take(MAX).collect::<String>() + "…"
    }
}

impl TokenSink for Inventory {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => self.tag(&tag, line),
            // `<?php … ?>` reaches the parser as a comment: browsers never show it.
            Token::CommentToken(text)
                if text.starts_with('?') && self.dropped.borrow().is_none() =>
            {
                self.note(
                    line,
                    format!(
                        "`<{}>` (a processing instruction, which browsers ignore)",
                        shorten(&text)
                    ),
                );
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}
