//! The ids of a rendered page, which `#fragment` links may target.

use std::collections::BTreeSet;

/// Every `id="…"` in a rendered page.
pub fn ids_in(html: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (i, _) in html.match_indices(" id=\"") {
        let rest = &html[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_from_html() {
        let ids = ids_in("<h2 id=\"a\">A</h2><p id=\"b-2\">x</p>");
        assert!(ids.contains("a") && ids.contains("b-2"));
    }
}
