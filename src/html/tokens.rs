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

/// The tokens of `raw`, each with its line in `raw` (1-based).
pub(super) fn tokens(raw: &str) -> Vec<(Token, u64)> {
    let tokenizer = Tokenizer::new(Tokens::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(raw.into());
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
