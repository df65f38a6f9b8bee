//! Markdown to HTML (pulldown-cmark stays inside this module).
//!
//! Two passes over the same parser: [`outline`] reads headings and links (for checks and
//! anchors) and [`render`] writes HTML with our conventions: stable heading ids, quotations
//! with attributions, editorial-note callouts, labelled checkboxes, glossary `<abbr>`s,
//! marked external links, scrollable tables, bare addresses made into links and table
//! alignment as classes (the site's Content-Security-Policy forbids inline styles). The
//! result goes through the raw-HTML allow-list ([`crate::html`]), and [`outline`] lists
//! what that removes from the raw HTML an editor wrote, with lines.

mod autolinks;
pub mod nesting;
mod outline;
mod pasted;
mod render;
#[cfg(test)]
mod tests;
mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

pub use outline::outline;
pub use pasted::made_safe;
#[cfg(test)]
pub use pasted::rendered_raw as made_safe_rendered_raw;
pub use render::{escape_href, render};
pub use text::{markdown_text, slugify};

/// The heading attribute (`## Heading {.added}`) marking a heading the site added to the
/// guide's text (docs/editing.md, "Site words and the guide's words").
pub const ADDED_CLASS: &str = "added";
/// Shown inside an added heading, to sighted readers and screen readers alike.
const ADDED_HEADING_LABEL: &str =
    " <span class=\"added-label\">(heading added by this site)</span>";

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
        // `~~struck~~`: not part of ENABLE_GFM.
        | Options::ENABLE_STRIKETHROUGH
}

/// The parser options the site reads Markdown with. For the conformance test
/// (tests/markdown_conformance.rs), which renders the same Markdown with pulldown-cmark's
/// own `push_html` as the reference.
#[doc(hidden)]
pub fn parser_options() -> Options {
    options()
}

/// A heading, with the id it gets in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub line: usize,
}

/// A link or image destination as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub text: String,
    pub line: usize,
    pub is_image: bool,
}

/// What the checks need to know about a page's Markdown without rendering it.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// Ids other than headings that links may target (footnotes, checklist items).
    pub other_ids: Vec<String>,
    /// What the raw-HTML allow-list removes from the page, with lines.
    pub html_removals: Vec<HtmlRemoval>,
    /// Table rows with fewer cells than the table's header row (shown with empty cells) or
    /// more (the cells past the header's count are not shown).
    pub uneven_table_rows: Vec<UnevenRow>,
}

/// A table row with `cells` written where the header has `columns`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnevenRow {
    pub line: usize,
    pub cells: usize,
    pub columns: usize,
}

/// Something the raw-HTML allow-list removes (`` `<script>` and everything in it ``).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlRemoval {
    pub line: usize,
    pub what: String,
    /// An image from another site, which the site refuses (see [`crate::html::Removal`]).
    pub external_image: bool,
    /// A link of a scheme the site does not link to (see [`crate::html::Removal`]).
    pub bad_link: Option<String>,
}

/// Options for [`render`].
pub struct RenderOptions<'a> {
    /// Maps a link destination as written to the href to output, and whether it leaves the site.
    pub resolve: &'a dyn Fn(&str) -> ResolvedHref,
    /// Abbreviation → expansion; the first use on the page is wrapped in `<abbr>`.
    pub abbreviations: &'a BTreeMap<String, String>,
    /// Prefix for checkbox ids (task lists), normally the checklist's own id.
    pub checkbox_prefix: &'a str,
    /// Print a ruled notes area under each checklist item.
    pub notes_space: bool,
    /// Added to every heading level (1 on the whole-guide print page).
    pub heading_shift: u8,
    /// Prefixed to every id (keeps ids unique when pages are combined).
    pub id_prefix: &'a str,
    /// Callouts (editorial notes) already shown earlier in the same document, by their
    /// [`callout_key`]: a repeated note is shown only at its first mention.
    pub notes_shown: &'a BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedHref {
    pub href: String,
    pub external: bool,
    /// False when the link leads nowhere a reader can go (a page hidden by `hide:`): its
    /// words are shown as plain text.
    pub linked: bool,
}

/// A stretch of the page under one heading, as plain text (for search).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSection {
    pub id: Option<String>,
    pub heading: Option<String>,
    pub text: String,
}

/// One checkbox of a task list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub id: String,
    pub text: String,
    /// The heading the item sits under, if any.
    pub group: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub sections: Vec<TextSection>,
    pub checklist: Vec<ChecklistItem>,
    /// The [`callout_key`]s of the callouts this page shows, in order.
    pub notes: Vec<String>,
}

/// What makes two callouts the same note: their kind and their words, with spacing and
/// case ignored.
pub fn callout_key(kind: &str, text: &str) -> String {
    let mut key = format!("{kind}:");
    for word in text.split_whitespace() {
        key.push(' ');
        key.push_str(&word.to_lowercase());
    }
    key
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// The page's events, runs of text as one event each: the parser splits text at `&`, `_`,
/// quotes and the like, and a bare address (`www.x.org/?q=a&hl=en`) must be read whole.
fn parse(body: &str) -> Vec<Spanned<'_>> {
    pulldown_cmark::TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter())
        .collect()
}

/// Byte offset → 1-based line, given the line the body starts on in its file.
struct Lines {
    starts: Vec<usize>,
    first_line: usize,
}

impl Lines {
    fn new(body: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts, first_line }
    }
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1 + self.first_line
    }
}

/// Gives each heading a unique id: its own `{#id}` or a slug of its text.
#[derive(Default)]
struct IdAllocator {
    seen: BTreeMap<String, usize>,
}

impl IdAllocator {
    fn allocate(&mut self, wanted: Option<&str>, text: &str) -> String {
        let base = match wanted {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => {
                let s = slugify(text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            }
        };
        let n = self.seen.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    }
}

/// Index of the `End` matching the `Start` at `start`.
fn matching_end(events: &[Spanned<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (ev, _)) in events.iter().enumerate().skip(start) {
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}
