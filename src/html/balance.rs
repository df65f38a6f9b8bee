//! Raw tags balanced against the site's own wrappers.

use html5ever::tokenizer::{TagKind, Token};

use super::escape::escape_into;
use super::tokens::tokens;
use super::void::{is_formatting, is_void};

/// Raw HTML of one page, re-serialised stretch by stretch so that its end tags close only
/// elements its own start tags opened: a stray `</div>` or `</blockquote>` cannot close the
/// site's callout, quotation or table wrapper around it. Comments are dropped here.
#[derive(Default)]
pub struct RawHtml {
    open: Vec<String>,
    /// For each of the site's wrappers we are inside: how many raw elements were open when
    /// it opened. Raw end tags inside it close only raw elements opened inside it.
    floors: Vec<usize>,
}

impl RawHtml {
    /// `raw` (an HTML block, or one inline tag), balanced against what came before it.
    pub fn balance(&mut self, raw: &str) -> String {
        let mut out = String::with_capacity(raw.len());
        for (token, _) in tokens(raw) {
            match token {
                Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                    let name = tag.name.to_string();
                    out.push('<');
                    out.push_str(&name);
                    for attr in &tag.attrs {
                        out.push(' ');
                        out.push_str(&attr.name.local);
                        out.push_str("=\"");
                        escape_into(&mut out, &attr.value);
                        out.push('"');
                    }
                    out.push('>');
                    // `<div/>` opens a `<div>`: the HTML parser ignores the slash on an
                    // element that is not void.
                    if !is_void(&name) {
                        self.open.push(name);
                    }
                }
                Token::TagToken(tag) => {
                    let name = tag.name.to_string();
                    let floor = self
                        .floors
                        .last()
                        .copied()
                        .unwrap_or(0)
                        .min(self.open.len());
                    if let Some(at) = self.open[floor..].iter().rposition(|n| *n == name) {
                        self.open.truncate(floor + at);
                        out.push_str("</");
                        out.push_str(&name);
                        out.push('>');
                    }
                }
                Token::CharacterTokens(text) => escape_into(&mut out, &text),
                _ => {}
            }
        }
        out
    }

    /// Where we are, for [`RawHtml::close_formatting`] at the end of a paragraph, heading,
    /// table cell or HTML block.
    pub fn mark(&self) -> usize {
        self.open.len()
    }

    /// End tags for the formatting elements (`<a>`, `<b>`, `<em>` …) raw HTML opened since
    /// `mark` and left open, and for whatever was opened inside them. The HTML parser would
    /// otherwise carry them on into every later paragraph: an unclosed `<a>` became an extra,
    /// empty link after its paragraph. Other elements (a `<div>` around Markdown) stay open.
    pub fn close_formatting(&mut self, mark: usize) -> String {
        let floor = self.floors.last().copied().unwrap_or(0).max(mark);
        let mut out = String::new();
        let Some(lowest) = self.open.iter().skip(floor).position(|n| is_formatting(n)) else {
            return out;
        };
        while self.open.len() > floor + lowest {
            if let Some(name) = self.open.pop() {
                out.push_str("</");
                out.push_str(&name);
                out.push('>');
            }
        }
        out
    }

    /// The site opens a wrapper of its own (a callout, a table, a list item …).
    pub fn enter(&mut self) {
        self.floors.push(self.open.len());
    }

    /// The site is about to close the wrapper it last [`RawHtml::enter`]ed: end tags for the
    /// raw elements opened inside it, innermost first, so an unclosed raw `<div>` cannot
    /// take the wrapper's end tag.
    pub fn leave(&mut self) -> String {
        let depth = self.floors.pop().unwrap_or(0);
        let mut out = String::new();
        while self.open.len() > depth {
            if let Some(name) = self.open.pop() {
                out.push_str("</");
                out.push_str(&name);
                out.push('>');
            }
        }
        out
    }

    /// Whether raw HTML opened an `<a>` that is not closed yet.
    pub fn in_link(&self) -> bool {
        self.open.iter().any(|n| n == "a")
    }
}
