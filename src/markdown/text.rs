//! Text of a page: slugs for ids, plain text of events, words and spacing.

use pulldown_cmark::Event;

use super::Spanned;

/// Makes an id from heading (or any) text: lowercase letters and digits, `-` between words.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

pub(super) fn plain_text(events: &[Spanned<'_>]) -> String {
    let mut s = String::new();
    for (ev, _) in events {
        match ev {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Word-like runs (letters, digits and `&`, as in "R&D") with their byte offsets.
pub(super) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    // Whether the character at byte `i` is word-like, and its length (ASCII without decoding).
    let at = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            return (b.is_ascii_alphanumeric() || b == b'&', 1);
        }
        let c = text[i..].chars().next().unwrap_or_default();
        (c.is_alphanumeric(), c.len_utf8())
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let (wordy, len) = at(i);
            if wordy {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (wordy, len) = at(i);
            if !wordy {
                break;
            }
            i += len;
        }
        Some((start, &text[start..i]))
    })
}

/// `text`'s words joined by single spaces (as `split_whitespace` and `join(" ")` would give),
/// without collecting the words first.
pub(super) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The words of a piece of Markdown (a data file's field) as readers see them: markup and
/// link addresses left out, blocks and line breaks as spaces, raw HTML dropped.
pub fn markdown_text(md: &str) -> String {
    let mut text = String::with_capacity(md.len());
    for (event, _) in super::parse(md) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(tag) if !super::outline::is_inline_end(tag) => text.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&text)
}
