//! html5ever's tokenizer, switched into raw text where the HTML parser would.

use std::cell::RefCell;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};

/// Collects tokens, switching the tokenizer into raw text where the HTML parser would.
#[derive(Default)]
pub(super) struct Tokens {
    pub(super) tokens: RefCell<Vec<Token>>,
}

impl TokenSink for Tokens {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let state = match &token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag && !tag.self_closing => {
                raw_text_state(&tag.name)
            }
            _ => TokenSinkResult::Continue,
        };
        self.tokens.borrow_mut().push(token);
        state
    }
}

/// The tokenizer state the HTML parser switches to after `<name>`.
pub(super) fn raw_text_state(name: &str) -> TokenSinkResult<()> {
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
