//! Bare addresses in text made into links, as GFM's autolink extension does.

use crate::html;

/// A run of text split at bare addresses.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece<'t> {
    Text(&'t str),
    Link { text: &'t str, href: String },
}

/// Splits `text` at the addresses GFM's autolink extension makes into links: `https://`
/// and `http://` addresses, `www.` names (linked as `http://`, as GFM does) and email
/// addresses (as `mailto:`). Trailing punctuation and unbalanced brackets stay outside.
pub(super) fn bare_links(text: &str) -> Vec<Piece<'_>> {
    let mut finder = linkify::LinkFinder::new();
    finder.url_must_have_scheme(false);
    let mut pieces = Vec::new();
    let mut plain_from = 0;
    for span in finder.spans(text) {
        let s = span.as_str();
        let href = match span.kind() {
            Some(linkify::LinkKind::Email) => Some(format!("mailto:{s}")),
            Some(linkify::LinkKind::Url) => {
                let lower = s.to_ascii_lowercase();
                if lower.starts_with("https://") || lower.starts_with("http://") {
                    Some(s.to_string())
                } else if lower.starts_with("www.") && s.len() > 4 {
                    Some(format!("http://{s}"))
                } else {
                    None
                }
            }
            _ => None,
        };
        // Anything else (text, or an address we leave alone) joins the text around it.
        if let Some(href) = href.filter(|h| html::is_absolute_url(h)) {
            if plain_from < span.start() {
                pieces.push(Piece::Text(&text[plain_from..span.start()]));
            }
            pieces.push(Piece::Link { text: s, href });
            plain_from = span.end();
        }
    }
    if plain_from < text.len() {
        pieces.push(Piece::Text(&text[plain_from..]));
    }
    pieces
}
