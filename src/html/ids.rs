//! The ids of a rendered page, which `#fragment` links may target.

use std::collections::BTreeSet;

/// Every `id="…"` (or `id='…'`) attribute of the tags of a rendered page. Only tags are
/// read: ` id="x"` in a paragraph's text (where `"` is not escaped) or inside another
/// attribute's value is no anchor. A whole page is read once, byte by byte, so this is
/// not a full HTML parse; the page is the sanitiser's output inside the theme's templates,
/// which write tags as HTML does.
pub fn ids_in(html: &str) -> BTreeSet<String> {
    let bytes = html.as_bytes();
    let mut ids = BTreeSet::new();
    let mut in_tag = false;
    // Inside a quoted attribute value: its quote.
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match (in_tag, quote) {
            (false, _) if b != b'<' => {
                // Text: straight on to the next `<` (most of a page's bytes).
                match memchr::memchr(b'<', &bytes[i..]) {
                    Some(n) => i += n,
                    None => break,
                }
                continue;
            }
            (false, _) => {
                in_tag = bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
            }
            (true, Some(q)) => {
                if b == q {
                    quote = None;
                }
            }
            (true, None) => match b {
                b'>' => in_tag = false,
                b'"' | b'\'' => quote = Some(b),
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                    let rest = &html[i + 1..];
                    let value_quote = rest
                        .strip_prefix("id=")
                        .and_then(|v| v.bytes().next())
                        .filter(|q| matches!(q, b'"' | b'\''));
                    if let Some(q) = value_quote {
                        let start = i + 1 + "id=".len() + 1;
                        if let Some(len) = html[start..].bytes().position(|b| b == q) {
                            ids.insert(html[start..start + len].to_string());
                            i = start + len + 1;
                            continue;
                        }
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_from_tags_only() {
        let ids = ids_in(
            "<h2 id=\"a\">A</h2><p id='b-2' class=\"x\">Say id=\"not-me\" <a title=\"x id=&quot;no\" href=\"#a\">x</a></p>\n<div\nid=\"c\"></div>",
        );
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["a", "b-2", "c"]);
        // Text between tags is skipped whole: letters of several bytes, a `<` that opens
        // no tag, and a page ending in text.
        let ids = ids_in("<p>Café < 3 — naïve</p><span title=\"é>\" id=\"ü-1\">é</span> fin é");
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["ü-1"]);
    }
}
