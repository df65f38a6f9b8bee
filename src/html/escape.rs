//! Escaping text for HTML.

/// `text` escaped for HTML text or a quoted attribute value.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes as html5ever's serialiser does: `&`, `<`, `>` and no-break spaces, and `"` in
/// attribute values.
pub(super) fn escape_own(out: &mut String, text: &str, attribute: bool) {
    // Whole runs of ordinary bytes at a time (this runs over every page's text). Every
    // character escaped is ASCII except the no-break space, 0xC2 0xA0 in UTF-8.
    let bytes = text.as_bytes();
    let mut from = 0;
    for (at, &b) in bytes.iter().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attribute => "&quot;",
            0xC2 if bytes.get(at + 1) == Some(&0xA0) => "&nbsp;",
            // The 0xA0 of a no-break space already replaced.
            0xA0 if at > 0 && bytes[at - 1] == 0xC2 => {
                from = at + 1;
                continue;
            }
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(replacement);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

pub(super) fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}
