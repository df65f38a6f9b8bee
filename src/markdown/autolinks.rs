//! Bare addresses in text made into links, by the rules of GFM's autolink extension
//! ("Autolinks (extension)" in the GitHub Flavored Markdown spec 0.29; its examples are
//! tests/gfm/autolinks-extension.txt). pulldown-cmark does not have the extension, and
//! linkify's rules are not GFM's (`foo+@bar.example.com` linked only `+@bar…`), so the
//! spec's rules are written out here; they are short and exact.
//!
//! One deliberate difference: `ftp://` addresses stay text. The site links only to pages,
//! files, `https:`, `http:`, `mailto:` and `tel:` (a link to anything else is an error of
//! `check`), and an address in running text is not a mistake to report.

use crate::html;

/// A run of text split at bare addresses.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece<'t> {
    Text(&'t str),
    Link { text: &'t str, href: String },
}

/// Splits `text` at the addresses GFM's autolink extension makes into links: `https://`
/// and `http://` addresses and `www.` names (linked as `http://`, as GFM does) after a
/// space, the start of the text or one of `*_~(`; and email addresses (as `mailto:`).
/// Trailing punctuation, unbalanced closing brackets and a final entity-like `&hl;` stay
/// outside.
pub(super) fn bare_links(text: &str) -> Vec<Piece<'_>> {
    // Every address has one of these in it: most text has none, and is one piece.
    if !may_hold_a_link(text) {
        return vec![Piece::Text(text)];
    }
    let mut pieces = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while at < text.len() {
        let found = if starts_a_link(text, at) {
            url_at(text, at).or_else(|| email_at(text, at))
        } else {
            email_at(text, at)
        };
        match found {
            // What the page writes (percent-encoded) must stay a whole address to the
            // sanitiser, or the link would go nowhere: `www.x.org\` would be `www.x.org%5C`,
            // a host no address can have. Such text stays text.
            Some((end, href)) if html::link_kept(&super::escape_href(&href)) => {
                if plain_from < at {
                    pieces.push(Piece::Text(&text[plain_from..at]));
                }
                pieces.push(Piece::Link {
                    text: &text[at..end],
                    href,
                });
                plain_from = end;
                at = end;
            }
            _ => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain_from < text.len() {
        pieces.push(Piece::Text(&text[plain_from..]));
    }
    pieces
}

/// Whether `text` has what every address found below has: the `@` of an email address,
/// the `://` after `http` or `https`, or `www.`. One pass over the bytes; reading each
/// position for an address was a tenth of a build's time.
fn may_hold_a_link(text: &str) -> bool {
    text.as_bytes().contains(&b'@') || text.contains("://") || text.contains("www.")
}

/// Whether a `www.` or `http(s)://` link may start at `at`: at the start of the text, after
/// whitespace, or after one of `*`, `_`, `~` and `(`.
fn starts_a_link(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "*_~(".contains(c))
}

/// An extended www or url autolink at `at`: its end and its address.
fn url_at(text: &str, at: usize) -> Option<(usize, String)> {
    let rest = &text[at..];
    let (domain_from, prefix) = if rest.starts_with("www.") {
        (0, "http://")
    } else {
        let scheme = ["http://", "https://"].into_iter().find(|s| {
            rest.as_bytes()
                .get(..s.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(s.as_bytes()))
        })?;
        (scheme.len(), "")
    };
    // `www.` is part of the domain, so a www link has its period.
    let domain_len = valid_domain(&rest[domain_from..], prefix.is_empty())?;
    let after_domain = domain_from + domain_len;
    // Then anything up to a space or `<`.
    let end = rest[after_domain..]
        .find(|c: char| c.is_whitespace() || c == '<')
        .map_or(rest.len(), |i| after_domain + i);
    let end = trim_end(&rest[..end]);
    // Trailing punctuation taken off may leave no domain (`http://.`).
    valid_domain(&rest[domain_from..end], prefix.is_empty())?;
    Some((at + end, format!("{prefix}{}", &rest[..end])))
}

/// Longest domain read: DNS names are at most 253 characters. A longer run is no domain,
/// and reading it again from every `www.` in it would take time quadratic in its length.
const MAX_DOMAIN: usize = 255;

/// The length of the valid domain at the start of `text`: segments of letters, digits, `_`
/// and `-` separated by periods, at least one period unless `short` (an `http://` link to
/// a one-word host), and no `_` in the last two segments.
fn valid_domain(text: &str, short: bool) -> Option<usize> {
    let len = text
        .char_indices()
        .find(|&(i, c)| i > MAX_DOMAIN || !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map_or(text.len(), |(i, _)| i);
    if len > MAX_DOMAIN {
        return None;
    }
    let domain = text[..len].trim_end_matches('.');
    let segments: Vec<&str> = domain.split('.').collect();
    if domain.is_empty() || segments.iter().any(|s| s.is_empty()) || (!short && segments.len() < 2)
    {
        return None;
    }
    let last_two = &segments[segments.len().saturating_sub(2)..];
    (!last_two.iter().any(|s| s.contains('_'))).then_some(len)
}

/// [Extended autolink path validation]: the end of `link` once trailing punctuation,
/// unmatched closing brackets and an entity-like `&name;` are taken off.
fn trim_end(link: &str) -> usize {
    let bytes = link.as_bytes();
    let mut end = link.len();
    let opening = link.bytes().filter(|&b| b == b'(').count();
    let mut closing = link.bytes().filter(|&b| b == b')').count();
    while end > 0 {
        match bytes[end - 1] {
            b')' if closing > opening => {
                closing -= 1;
                end -= 1;
            }
            // The spec lists `?!.,:*_~`; its reference implementation (cmark-gfm) and
            // GitHub also leave out quotation marks, as in `"see www.nihr.ac.uk"`.
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b';' => {
                let name = link[..end - 1]
                    .bytes()
                    .rev()
                    .take_while(u8::is_ascii_alphanumeric)
                    .count();
                let amp = end - 1 - name;
                end = if name > 0 && amp > 0 && bytes[amp - 1] == b'&' {
                    amp - 1
                } else {
                    end - 1
                };
            }
            _ => break,
        }
    }
    end
}

/// Characters of an email address before its `@`.
fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+')
}

/// An extended email autolink starting at `at`: one or more letters, digits, `.`, `-`,
/// `_` or `+`; `@`; segments of letters, digits, `-` and `_` separated by periods, at least
/// one period, not ending in `-` or `_`. A final `.` is not part of it.
fn email_at(text: &str, at: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    if at > 0 && is_local_char(bytes[at - 1]) {
        return None;
    }
    let local = bytes[at..]
        .iter()
        .take_while(|&&b| is_local_char(b))
        .count();
    let at_sign = at + local;
    if local == 0 || bytes.get(at_sign) != Some(&b'@') {
        return None;
    }
    let domain_from = at_sign + 1;
    let run = bytes[domain_from..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        .count();
    let domain = text[domain_from..domain_from + run].trim_end_matches('.');
    let valid = domain.contains('.')
        && !domain.split('.').any(str::is_empty)
        && !domain.ends_with(['-', '_']);
    let end = domain_from + domain.len();
    valid.then(|| (end, format!("mailto:{}", &text[at..end])))
}
