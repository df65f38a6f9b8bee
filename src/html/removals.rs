//! What the allow-list removes from raw HTML as an editor wrote it, with lines.

use html5ever::tokenizer::{Tag, TagKind, Token};

use super::allow::*;
use super::scheme::scheme;
use super::tokens::tokens;
use super::void::is_void;

/// Something [`clean`](super::clean) removes from raw HTML, on a line of the stretch (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub line: usize,
    pub what: String,
    /// An image from another site (`<img src="https://…">`): refused, not only removed,
    /// since the editor expects readers to see it.
    pub external_image: bool,
    /// A link to an address of a scheme the site does not link to (`<a href="ftp://…">`,
    /// `htps:`, `file:`): refused like the same link in Markdown, since it would go nowhere.
    /// `javascript:`, `vbscript:` and `data:` links are hostile: only removed, with a warning.
    pub bad_link: Option<String>,
}

/// What [`clean`](super::clean) will remove from `raw`, a stretch of raw HTML as the editor
/// wrote it.
pub fn removals(raw: &str) -> Vec<Removal> {
    let mut inventory = Inventory::default();
    for (line, name, count) in super::tokens::cap_attributes(raw).1 {
        inventory.note(
            line,
            format!(
                "all but the first {} of the {count} attributes of `<{name}>`",
                super::tokens::MAX_ATTRIBUTES
            ),
        );
    }
    for (token, line) in tokens(raw) {
        match token {
            Token::TagToken(tag) => inventory.tag(&tag, line),
            // `<?php … ?>` reaches the parser as a comment: browsers never show it.
            Token::CommentToken(text) if text.starts_with('?') && inventory.dropped.is_none() => {
                inventory.note(
                    line,
                    format!(
                        "`<{}>` (a processing instruction, which browsers ignore)",
                        shorten(&text)
                    ),
                );
            }
            _ => {}
        }
    }
    inventory.found
}

/// Notes what the allow-list removes, token by token.
#[derive(Default)]
struct Inventory {
    found: Vec<Removal>,
    /// Inside an element removed with its content: its name and nesting depth.
    dropped: Option<(String, usize)>,
}

impl Inventory {
    fn note(&mut self, line: u64, what: String) {
        self.found.push(Removal {
            line: usize::try_from(line).unwrap_or(usize::MAX),
            what,
            external_image: false,
            bad_link: None,
        });
    }

    fn tag(&mut self, tag: &Tag, line: u64) {
        // The tokenizer lower-cases tag and attribute names.
        let name = tag.name.to_string();
        if let Some((inside, depth)) = self.dropped.as_mut() {
            if *inside == name {
                match tag.kind {
                    TagKind::StartTag if !tag.self_closing => *depth += 1,
                    TagKind::EndTag => *depth -= 1,
                    TagKind::StartTag => {}
                }
                if *depth == 0 {
                    self.dropped = None;
                }
            }
            return;
        }
        if tag.kind == TagKind::EndTag {
            return;
        }
        if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
            self.note(line, format!("`<{name}>` and everything in it"));
            if !tag.self_closing && !is_void(&name) {
                self.dropped = Some((name.clone(), 1));
            }
            return;
        }
        if !TAGS.contains(&name.as_str()) {
            self.note(line, format!("`<{name}>` (its text is kept)"));
            return;
        }
        for attr in &tag.attrs {
            let attribute = attr.name.local.to_string();
            let value = attr.value.to_string();
            if !attribute_allowed(&name, &attribute) {
                self.note(line, format!("`{attribute}` on `<{name}>`"));
                continue;
            }
            match keeps_attribute(&name, &attribute, &value) {
                None if attribute == "class" => {
                    self.note(line, format!("class `{}` on `<{name}>`", value.trim()))
                }
                None => {
                    self.note(
                        line,
                        format!("`{attribute}=\"{}\"` on `<{name}>`", shorten(&value)),
                    );
                    if (name.as_str(), attribute.as_str()) == ("img", "src")
                        && is_external_image(&value)
                        // A `javascript:` or `data:` image is hostile, not another site's.
                        && matches!(scheme(&value).as_deref(), None | Some("http" | "https"))
                        && let Some(last) = self.found.last_mut()
                    {
                        last.external_image = true;
                    }
                    if (name.as_str(), attribute.as_str()) == ("a", "href")
                        && scheme(&value).is_some_and(|s| {
                            !LINK_SCHEMES.contains(&s.as_str())
                                && !["javascript", "vbscript", "data"].contains(&s.as_str())
                        })
                        && let Some(last) = self.found.last_mut()
                    {
                        last.bad_link = Some(value.trim().to_string());
                    }
                }
                Some(kept) if kept != value.as_str() => {
                    let removed: Vec<&str> = value
                        .split_ascii_whitespace()
                        .filter(|c| !class_allowed(&name, c))
                        .collect();
                    self.note(line, format!("class `{}` on `<{name}>`", removed.join(" ")));
                }
                Some(_) => {}
            }
        }
    }
}

pub(super) fn shorten(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        value.chars().take(MAX).collect::<String>() + "…"
    }
}
