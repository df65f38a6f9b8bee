//! Markdown made from pasted HTML, read back as the site reads it, so the paste can hold no
//! raw HTML, no image and no link the site would not make.
//!
//! The converter escapes what it writes piece by piece, but pieces meet: a `<` at the end of
//! one text and `script>` in the next (`&lt;<span>script&gt;</span>`) make a tag neither
//! piece held, a `!` before a link makes an image. Reading the whole result with the site's
//! own parser finds every such meeting, whatever made it.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag};

use crate::html;

/// Rounds of escaping before giving up on the finer way (each round escapes every construct
/// found; escaping one can only reveal another behind it a few times).
const ROUNDS: usize = 8;

/// `markdown` with a backslash before every construct the site would read as raw HTML
/// (tags, comments, `<?…?>`, `<![CDATA[…]]>`), as an image, as a link to an address that
/// is not a whole `https:`, `http:`, `mailto:` or `tel:` one, or as a `#` heading (the
/// page's title), so each shows as the text it was written as.
pub fn made_safe(markdown: &str) -> String {
    let mut text = markdown.to_string();
    for _ in 0..ROUNDS {
        let starts = unsafe_starts(&text);
        if starts.is_empty() {
            return text;
        }
        let mut escaped = String::with_capacity(text.len() + starts.len());
        let mut from = 0;
        for at in starts {
            escaped.push_str(&text[from..at]);
            escaped.push('\\');
            from = at;
        }
        escaped.push_str(&text[from..]);
        text = escaped;
    }
    // Never seen: every `<`, `[` and `!` made text.
    let mut plain = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if matches!(c, '<' | '[' | '!') {
            plain.push('\\');
        }
        plain.push(c);
    }
    plain
}

/// Where each unsafe construct of `text` starts (at its `<`, `[` or `!`), in order, once each.
fn unsafe_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    for (event, range) in Parser::new_ext(text, super::options()).into_offset_iter() {
        let at = match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                text[range.clone()].find('<').map(|i| range.start + i)
            }
            // The page's title is its only `#` heading; pasted headings start at `##`, so
            // this one was text (`#` alone is an empty heading).
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                let heading = &text[range.clone()];
                if heading.starts_with('#') {
                    Some(range.start)
                } else {
                    // `Title` over `===`: the underline.
                    heading.trim_end().rfind('\n').map(|i| {
                        let underline = &heading[i + 1..];
                        range.start + i + 1 + (underline.len() - underline.trim_start().len())
                    })
                }
            }
            Event::Start(Tag::Image { .. }) => {
                text[range.clone()].find('!').map(|i| range.start + i)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !link_allowed(link_type, &dest_url) => {
                let opener = if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    '<'
                } else {
                    '['
                };
                text[range.clone()].find(opener).map(|i| range.start + i)
            }
            _ => None,
        };
        starts.extend(at);
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// `markdown` rendered by the parser alone, with no allow-list: what the Markdown itself
/// makes (for tests of pasted text).
#[cfg(test)]
pub fn rendered_raw(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, super::options()));
    html
}

fn link_allowed(link_type: LinkType, dest: &str) -> bool {
    let dest = super::outline::link_dest(link_type, dest);
    html::scheme(&dest).is_some_and(|s| html::LINK_SCHEMES.contains(&s.as_str()))
        && html::link_kept(dest.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_comments_and_declarations_become_text() {
        for raw in [
            "<script>alert(1)</script>",
            "a <img src=x onerror=alert(1)> b",
            "<!-- hidden -->",
            "<![CDATA[x]]>",
            "<?php echo 1; ?>",
            "- item <b onclick=x>bold</b>",
            "> <div>\n> quoted\n> </div>",
        ] {
            let safe = made_safe(raw);
            assert!(unsafe_starts(&safe).is_empty(), "{raw} → {safe}");
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                Parser::new_ext(&safe, crate::markdown::options()),
            );
            for tag in crate::html::tags(&html) {
                assert!(
                    ["p", "ul", "li", "blockquote"].contains(&tag.name.as_str())
                        && tag.attributes.is_empty(),
                    "{raw} → {safe} → {html}"
                );
            }
        }
    }

    #[test]
    fn links_the_site_would_not_make_and_images_become_text() {
        assert_eq!(
            made_safe("[a](javascript:alert(1))"),
            "\\[a](javascript:alert(1))"
        );
        assert_eq!(
            made_safe("<javascript:alert(1)>"),
            "\\<javascript:alert(1)>"
        );
        assert_eq!(made_safe("#\n\n# A\n\nB\n==="), "\\#\n\n\\# A\n\nB\n\\===");
        assert_eq!(
            made_safe("[a](#top) [b](../x.md)"),
            "\\[a](#top) \\[b](../x.md)"
        );
        assert_eq!(
            made_safe("![chart](https://x.example/c.png)"),
            "\\![chart](https://x.example/c.png)"
        );
        let kept = "[NIHR](https://www.nihr.ac.uk/) <https://x.example/> <a@b.example> [m](mailto:a@b.example)";
        assert_eq!(made_safe(kept), kept);
    }

    #[test]
    fn code_is_left_as_it_is() {
        let code = "`<b>` and\n\n```\n<script>\n```";
        assert_eq!(made_safe(code), code);
    }
}
