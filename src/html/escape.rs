//! Escaping text for HTML: the one escaper of the site's own markup.

/// `text` escaped for HTML text or a quoted attribute value.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` escaped for HTML text or a quoted attribute value: `&`, `<`, `>`, `"` and
/// `'` as character references. Runs of other bytes are copied whole (this runs over every
/// page's text); every byte escaped is ASCII, so a run never splits a character.
pub fn escape_into(out: &mut String, text: &str) {
    let mut from = 0;
    for (at, b) in text.bytes().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(replacement);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escape_html("Tom & Jerry <3 \"quoted\" it's café\u{a0}"),
            "Tom &amp; Jerry &lt;3 &quot;quoted&quot; it&#39;s café\u{a0}"
        );
        let mut out = String::from("x");
        escape_into(&mut out, "a>b");
        assert_eq!(out, "xa&gt;b");
    }
}
