//! Pasted HTML (a part of a Word document or a web page, as the browser's clipboard holds it)
//! as Markdown, for `serve --edit` (docs/editing.md, "Pasting from Word or a web page").
//!
//! Two things the allow-list would remove carry meaning, so they are read first
//! ([`with_styles_read`]): Word writes a list as paragraphs styled `mso-list:l0 level2 lfo1`,
//! with the number or bullet as text in a `<span style="mso-list:Ignore">`; they become
//! nested `<ol>` and `<ul>` lists. And bold and italics written as styles (Google Docs'
//! `<span style="font-weight:700">`) become `<b>` and `<i>`, where the words are not bold or
//! italic already (a browser copies a heading's words in a span styled `font-weight: 700`);
//! a `<b>` styled not bold (Google Docs wraps the whole clipboard in one) is no bold.
//!
//! The HTML then goes through the site's own allow-list ([`clean`](super::clean)): scripts,
//! styles, comments (Word's conditional ones too), event handlers, Word's `<o:p>` and
//! `mso-` styles, fonts, classes and `javascript:`/`data:` addresses are gone before the
//! converter (htmd, turndown's rules) sees anything; Word's comments (their text, and the
//! reviewer's initials marking them) and the words deleted with changes tracked were already
//! left out in the first reading, with all they hold. The converter then keeps, as Markdown:
//! headings, paragraphs, lists (nested, numbered, with their first number), bold, italics,
//! links, quotations, code and tables; and drops what the site cannot use from a paste:
//! - images (a pasted image is another site's file, or a file on the editor's computer that
//!   the clipboard only names; the site shows only its own files);
//! - links that are not whole `https:`, `http:`, `mailto:` or `tel:` addresses: a relative
//!   link or a `#` link pointed into the document it was copied from (a Word contents
//!   list), so its words are kept without it; so are a link's words with no link at all;
//! - the level of headings as they were: the highest pasted heading becomes `##` (the
//!   page's title is its only `#`), and the others keep their distance from it.
//!
//! The Markdown still passes [`crate::markdown::made_safe`] before the editor sees it (that
//! module owns the Markdown parser), which makes text of anything the site would read as raw
//! HTML or as a link it would not make.

use std::collections::HashMap;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{
    BrStyle, BulletListMarker, CodeBlockFence, CodeBlockStyle, HeadingStyle, HrStyle, LinkStyle,
    Options,
};
use htmd::{Element, HtmlToMarkdown};
use html5ever::tokenizer::{Tag, TagKind, Token};

use super::allow::{LINK_SCHEMES, url_kept};
use super::escape::escape_into;
use super::scheme::scheme;
use super::tokens::html_tokens;

/// How deeply pasted HTML may nest, once cleaned. The converter walks the nesting
/// recursively (a stack overflow would end `serve`); the site's pages may nest 100 deep.
pub const MAX_PASTE_DEPTH: usize = 100;

/// What a paste is refused for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasteRefused {
    /// Nested more than [`MAX_PASTE_DEPTH`] deep.
    TooDeep,
}

/// `html`, as pasted, as Markdown: through the allow-list, then converted. Not yet through
/// [`crate::markdown::made_safe`].
pub fn pasted_markdown(html: &str) -> Result<String, PasteRefused> {
    let cleaned = super::clean(&with_styles_read(html));
    // The cleaned HTML is written from a tree, every element closed: counting tags is exact.
    let mut depth = 0usize;
    let mut top = 6;
    for tag in super::tags(&cleaned) {
        if tag.end {
            depth = depth.saturating_sub(1);
        } else if !super::is_void(&tag.name) {
            depth += 1;
            if depth > MAX_PASTE_DEPTH {
                return Err(PasteRefused::TooDeep);
            }
            top = heading_level(&tag.name).map_or(top, |l| l.min(top));
        }
    }
    Ok(converter(top).convert(&cleaned).unwrap_or_default())
}

/// `html` with Word's list paragraphs made lists, bold and italic styles made `<b>` and
/// `<i>`, and a `<b>` or `<strong>` styled not bold made a span; the rest written back as the HTML tokenizer read it (comments and doctypes left
/// out), for the allow-list to clean.
fn with_styles_read(html: &str) -> String {
    let tokens = html_tokens(html);
    let items = word_list_items(&tokens);
    let mut w = Rewriter {
        out: String::with_capacity(html.len()),
        ..Rewriter::default()
    };
    for (i, (token, _)) in tokens.iter().enumerate() {
        match token {
            Token::TagToken(tag) => w.tag(tag, items.get(&i).copied()),
            Token::CharacterTokens(text) => w.text(text),
            _ => {}
        }
    }
    w.close_lists();
    w.out
}

/// A paragraph of a Word list: its level (1 for the outermost), whether it is numbered, and
/// its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    level: usize,
    numbered: bool,
    number: Option<u64>,
}

/// Word's list paragraphs among `tokens`, by the index of their `<p>`, with what their
/// number or bullet says.
fn word_list_items(tokens: &[(Token, u64)]) -> HashMap<usize, Item> {
    let mut items = HashMap::new();
    // The paragraph being read (its index and level), the marker's text, and the spans
    // open inside the marker.
    let mut paragraph: Option<(usize, usize)> = None;
    let mut marker = String::new();
    let mut in_marker = 0usize;
    for (i, (token, _)) in tokens.iter().enumerate() {
        match token {
            Token::TagToken(tag) if &*tag.name == "p" => {
                if let Some((at, level)) = paragraph.take() {
                    items.insert(at, item(level, &marker));
                }
                marker.clear();
                in_marker = 0;
                if tag.kind == TagKind::StartTag
                    && let Some(level) = style(tag).and_then(|s| list_level(&s))
                {
                    paragraph = Some((i, level));
                }
            }
            Token::TagToken(tag) if &*tag.name == "span" && paragraph.is_some() => {
                match tag.kind {
                    TagKind::StartTag if in_marker > 0 => in_marker += 1,
                    TagKind::StartTag
                        if marker.is_empty() && style(tag).is_some_and(|s| is_marker(&s)) =>
                    {
                        in_marker = 1;
                    }
                    TagKind::EndTag if in_marker > 0 => {
                        in_marker -= 1;
                        if in_marker == 0 {
                            // Read: no later span is this paragraph's marker.
                            marker.push('\u{0}');
                        }
                    }
                    _ => {}
                }
            }
            Token::CharacterTokens(text) if in_marker > 0 => marker.push_str(text),
            _ => {}
        }
    }
    if let Some((at, level)) = paragraph {
        items.insert(at, item(level, &marker));
    }
    items
}

/// A list paragraph at `level` whose number or bullet reads `marker`.
fn item(level: usize, marker: &str) -> Item {
    let marker = marker.trim_matches(|c: char| c.is_whitespace() || c == '\u{0}');
    let marker = marker.split_whitespace().next().unwrap_or_default();
    let inner = marker.trim_start_matches('(').trim_end_matches(['.', ')']);
    let digits = !inner.is_empty()
        && inner
            .split('.')
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    // A letter or a Roman number only with its `.` or `)`: Word's second-level bullet is "o".
    let letters = !inner.is_empty()
        && marker.len() > inner.len()
        && (inner.chars().count() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic())
            || inner.chars().all(|c| "ivxlcdmIVXLCDM".contains(c)));
    let numbered = digits || letters;
    Item {
        level,
        numbered,
        number: inner.parse().ok(),
    }
}

/// The `style` attribute of `tag`, lower case.
fn style(tag: &Tag) -> Option<String> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == "style")
        .map(|a| a.value.to_ascii_lowercase())
}

/// The declarations of a style: (name, value), trimmed.
fn declarations(style: &str) -> impl Iterator<Item = (&str, &str)> {
    style
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(n, v)| (n.trim(), v.trim()))
}

/// The level of a Word list paragraph (`mso-list:l0 level2 lfo1`), 1 to 9.
fn list_level(style: &str) -> Option<usize> {
    declarations(style)
        .filter(|(n, _)| *n == "mso-list")
        .find_map(|(_, v)| {
            v.split_whitespace()
                .find_map(|w| w.strip_prefix("level")?.parse::<usize>().ok())
        })
        .map(|l| l.clamp(1, 9))
}

/// Whether a span holds a Word list paragraph's number or bullet (`mso-list:Ignore`).
fn is_marker(style: &str) -> bool {
    declarations(style).any(|(n, v)| n == "mso-list" && v == "ignore")
}

/// Whether an element of Word's clipboard is for the document's reviewers, not its readers,
/// and is left out with all it holds: a comment's text (`mso-element:comment`, and the list
/// of them), the reviewer's initials that mark it (`[AB1]`, class `MsoCommentReference`),
/// and text deleted with changes tracked (`<del cite=… datetime=…>`, class `msoDel`).
fn reviewers_only(tag: &Tag) -> bool {
    let class = tag
        .attrs
        .iter()
        .find(|a| &*a.name.local == "class")
        .map(|a| a.value.to_ascii_lowercase())
        .unwrap_or_default();
    let classes = ["msocommentreference", "msocomoff", "msocomanchor", "msodel"];
    class.split_ascii_whitespace().any(|c| classes.contains(&c))
        || style(tag).is_some_and(|s| {
            declarations(&s).any(|(n, v)| {
                (n == "mso-element" && v.starts_with("comment"))
                    || (n == "mso-special-character" && v == "comment")
            })
        })
        || (&*tag.name == "del"
            && tag
                .attrs
                .iter()
                .any(|a| matches!(&*a.name.local, "cite" | "datetime")))
}

/// The elements a span's style means: `b` for bold, `i` for italics.
fn emphasis(style: &str) -> Vec<&'static str> {
    let mut tags = Vec::new();
    for (name, value) in declarations(style) {
        let value = value.trim_end_matches("!important").trim();
        match name {
            "font-weight" if matches!(value, "bold" | "bolder" | "600" | "700" | "800" | "900") => {
                tags.push("b")
            }
            "font-style" if matches!(value, "italic" | "oblique") => tags.push("i"),
            _ => {}
        }
    }
    tags.dedup();
    tags
}

/// Writes the tokens back, rewriting as [`with_styles_read`] says.
#[derive(Default)]
struct Rewriter {
    out: String,
    /// The Word lists open, outermost first: whether each is numbered.
    lists: Vec<bool>,
    /// `<p>`s open inside a Word list paragraph, its own included (0: in none).
    in_item: usize,
    /// Spans open inside a list paragraph's number or bullet (0: in none).
    in_marker: usize,
    /// Inside an element left out with all it holds (a Word comment): its name, and how many
    /// of that name are open.
    dropping: Option<(String, usize)>,
    /// For each `<span>` open, the elements added inside it, to close with it.
    spans: Vec<Vec<&'static str>>,
    /// Elements open that are bold already (headings, `<b>`, `<strong>`, `<th>`, a span
    /// made bold), and italic already (`<i>`, `<em>`, a span made italic): a browser copies
    /// a heading's words in a span styled `font-weight: 700`, which is no extra bold.
    bold: usize,
    italic: usize,
    /// For each `<b>` and `<strong>` open, whether it was written as a span.
    bolds: Vec<bool>,
}

impl Rewriter {
    fn tag(&mut self, tag: &Tag, item: Option<Item>) {
        let name = &*tag.name;
        let start = tag.kind == TagKind::StartTag;
        if let Some((dropped, open)) = self.dropping.as_mut() {
            if dropped == name {
                if start {
                    *open += 1;
                } else {
                    *open -= 1;
                    if *open == 0 {
                        self.dropping = None;
                    }
                }
            }
            return;
        }
        if start && reviewers_only(tag) {
            if !tag.self_closing && !super::is_void(name) {
                self.dropping = Some((name.to_string(), 1));
            }
            return;
        }
        if self.in_marker > 0 {
            if name == "span" {
                if start {
                    self.in_marker += 1;
                } else {
                    self.in_marker -= 1;
                }
            }
            return;
        }
        if let Some(item) = item {
            self.open_item(item);
            self.in_item = 1;
            return;
        }
        if self.in_item > 0 {
            if name == "p" {
                if start {
                    self.in_item += 1;
                } else {
                    self.in_item -= 1;
                    if self.in_item == 0 {
                        return;
                    }
                }
            } else if name == "span" && start && style(tag).is_some_and(|s| is_marker(&s)) {
                self.in_marker = 1;
                return;
            }
        } else if !self.lists.is_empty() {
            self.close_lists();
        }
        if matches!(name, "b" | "strong") {
            self.bold_element(tag, start);
            return;
        }
        let (bold, italic) = match name {
            "th" => (1, 0),
            "i" | "em" => (0, 1),
            _ => (usize::from(heading_level(name).is_some()), 0),
        };
        if start {
            self.bold += bold;
            self.italic += italic;
        } else {
            self.bold = self.bold.saturating_sub(bold);
            self.italic = self.italic.saturating_sub(italic);
        }
        if name == "span" {
            if start {
                let mut added = style(tag).map(|s| emphasis(&s)).unwrap_or_default();
                added.retain(|t| match *t {
                    "b" => self.bold == 0,
                    _ => self.italic == 0,
                });
                self.bold += usize::from(added.contains(&"b"));
                self.italic += usize::from(added.contains(&"i"));
                self.write_tag(tag);
                for t in &added {
                    self.out.push('<');
                    self.out.push_str(t);
                    self.out.push('>');
                }
                self.spans.push(added);
            } else {
                let added = self.spans.pop().unwrap_or_default();
                self.bold = self.bold.saturating_sub(usize::from(added.contains(&"b")));
                self.italic = self
                    .italic
                    .saturating_sub(usize::from(added.contains(&"i")));
                for t in added.iter().rev() {
                    self.out.push_str("</");
                    self.out.push_str(t);
                    self.out.push('>');
                }
                self.write_tag(tag);
            }
            return;
        }
        self.write_tag(tag);
    }

    /// `<b>` or `<strong>`; one whose style makes it not bold (Google Docs wraps the whole
    /// clipboard in `<b style="font-weight:normal">`) is written as a span.
    fn bold_element(&mut self, tag: &Tag, start: bool) {
        if start {
            let plain = style(tag).is_some_and(|s| {
                declarations(&s).any(|(n, v)| {
                    n == "font-weight"
                        && matches!(v, "normal" | "lighter" | "100" | "200" | "300" | "400")
                })
            });
            self.bolds.push(plain);
            if plain {
                self.out.push_str("<span>");
                return;
            }
            self.bold += 1;
        } else {
            match self.bolds.pop() {
                Some(true) => {
                    self.out.push_str("</span>");
                    return;
                }
                Some(false) => self.bold = self.bold.saturating_sub(1),
                None => {}
            }
        }
        self.write_tag(tag);
    }

    fn text(&mut self, text: &str) {
        if self.in_marker > 0 || self.dropping.is_some() {
            return;
        }
        if self.in_item == 0 && !self.lists.is_empty() && !text.trim().is_empty() {
            self.close_lists();
        }
        escape_into(&mut self.out, text);
    }

    /// Opens the lists and the list item a Word list paragraph at `item.level` needs,
    /// closing those it ends.
    fn open_item(&mut self, item: Item) {
        while self.lists.len() > item.level {
            self.close_list();
        }
        if self.lists.len() == item.level {
            if self.lists.last() == Some(&item.numbered) {
                self.out.push_str("</li>");
            } else {
                self.close_list();
            }
        }
        while self.lists.len() < item.level {
            self.out.push_str(if item.numbered { "<ol" } else { "<ul" });
            if item.numbered
                && self.lists.len() + 1 == item.level
                && let Some(n) = item.number.filter(|n| *n != 1)
            {
                self.out.push_str(&format!(" start=\"{n}\""));
            }
            self.out.push('>');
            self.lists.push(item.numbered);
            if self.lists.len() < item.level {
                self.out.push_str("<li>");
            }
        }
        self.out.push_str("<li>");
    }

    fn close_list(&mut self) {
        if let Some(numbered) = self.lists.pop() {
            self.out
                .push_str(if numbered { "</li></ol>" } else { "</li></ul>" });
        }
    }

    fn close_lists(&mut self) {
        while !self.lists.is_empty() {
            self.close_list();
        }
    }

    /// A tag as read; a name or attribute name no real HTML has is left out (the text
    /// stays).
    fn write_tag(&mut self, tag: &Tag) {
        let plain = |n: &str| {
            !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':' || b == b'_')
        };
        if !plain(&tag.name) {
            return;
        }
        self.out.push('<');
        if tag.kind == TagKind::EndTag {
            self.out.push('/');
            self.out.push_str(&tag.name);
            self.out.push('>');
            return;
        }
        self.out.push_str(&tag.name);
        for a in &tag.attrs {
            if plain(&a.name.local) {
                self.out.push(' ');
                self.out.push_str(&a.name.local);
                self.out.push_str("=\"");
                escape_into(&mut self.out, &a.value);
                self.out.push('"');
            }
        }
        self.out.push('>');
    }
}

/// `h1` … `h6`: 1 … 6.
fn heading_level(tag: &str) -> Option<usize> {
    match tag.as_bytes() {
        [b'h', n @ b'1'..=b'6'] => Some(usize::from(n - b'0')),
        _ => None,
    }
}

/// Whether a pasted link is kept: a whole address of a scheme the site links to.
fn linkable(href: &str) -> bool {
    scheme(href).is_some_and(|s| LINK_SCHEMES.contains(&s.as_str())) && url_kept(href.trim())
}

/// The converter for a paste whose highest heading is `h{top}`.
fn converter(top: usize) -> HtmlToMarkdown {
    HtmlToMarkdown::builder()
        .options(Options {
            heading_style: HeadingStyle::Atx,
            hr_style: HrStyle::Dashes,
            // A backslash, not two spaces that a text editor (or our own tidying) removes.
            br_style: BrStyle::Backslash,
            link_style: LinkStyle::Inlined,
            code_block_style: CodeBlockStyle::Fenced,
            code_block_fence: CodeBlockFence::Backticks,
            // As docs/editing.md writes lists.
            bullet_list_marker: BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Options::default()
        })
        .skip_tags(vec!["img", "input"])
        .add_handler(
            vec!["h1", "h2", "h3", "h4", "h5", "h6"],
            move |handlers: &dyn Handlers, element: Element| heading(handlers, &element, top),
        )
        .add_handler(vec!["a"], |handlers: &dyn Handlers, element: Element| {
            let href = element
                .attrs
                .iter()
                .find(|a| &*a.name.local == "href")
                .map(|a| a.value.to_string());
            let words = handlers.walk_children(element.node);
            match href {
                Some(href) if linkable(&href) && !words.content.trim().is_empty() => {
                    handlers.fallback(element)
                }
                _ => Some(words),
            }
        })
        .build()
}

/// A heading, one line, at its level counted from the paste's highest (`top`), which
/// becomes `##`.
fn heading(handlers: &dyn Handlers, element: &Element, top: usize) -> Option<HandlerResult> {
    let level = heading_level(element.tag).unwrap_or(top);
    let level = (level + 2).saturating_sub(top).clamp(2, 6);
    let words = handlers.walk_children(element.node).content;
    // A line break inside a heading (`<br>`, written `\` and a new line) ends it in
    // Markdown: one line.
    let words = words
        .replace("\\\n", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if words.is_empty() {
        return Some(String::new().into());
    }
    // `## Results {2024}` would be read as a heading with attributes.
    let words = words.replace('{', "\\{");
    Some(format!("\n\n{} {words}\n\n", "#".repeat(level)).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        pasted_markdown(html).unwrap()
    }

    #[test]
    fn the_highest_heading_becomes_level_two_and_the_rest_keep_their_distance() {
        assert_eq!(
            md("<h1>Aims</h1><p>Text</p><h2>Why</h2>"),
            "## Aims\n\nText\n\n### Why"
        );
        assert_eq!(md("<h3>Aims</h3><h4>Why</h4>"), "## Aims\n\n### Why");
        assert_eq!(md("<h1>A<br>B {x}</h1>"), "## A B \\{x}");
    }

    #[test]
    fn only_whole_addresses_of_the_sites_schemes_stay_links() {
        let links = md(
            "<p><a href=\"https://www.nihr.ac.uk/\">NIHR</a> <a href=\"#_Toc1\">Contents</a> \
             <a href=\"../x.html\">Rel</a> <a href=\"javascript:alert(1)\">JS</a> \
             <a href=\"mailto:a@b.example\">Mail</a> <a href=\"https://x.example/\"> </a></p>",
        );
        assert_eq!(
            links,
            "[NIHR](https://www.nihr.ac.uk/) Contents Rel JS [Mail](mailto:a@b.example)"
        );
    }

    #[test]
    fn a_bold_element_styled_not_bold_is_not_bold_and_images_are_dropped() {
        assert_eq!(
            md(
                "<b style=\"font-weight:normal\" id=\"docs-internal-guid-1\"><p>One <b>two</b></p>\
                 <p><img src=\"https://x.example/a.png\" alt=\"A\"></p></b>"
            ),
            "One **two**"
        );
    }

    /// A Word list paragraph at `level` whose marker reads `marker`.
    fn word(level: usize, marker: &str, text: &str) -> String {
        format!(
            "<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l0 level{level} lfo1'>\
             <![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>{marker}\
             <span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp; </span></span></span>\
             <![endif]>{text}<o:p></o:p></p>\n"
        )
    }

    #[test]
    fn word_list_paragraphs_become_nested_lists_by_their_level_and_marker() {
        let html = [
            word(1, "3.", "Three"),
            word(2, "·", "Dot"),
            word(3, "i.", "Roman"),
            word(1, "4.", "Four"),
            "<p class=MsoNormal>After</p>".to_string(),
            word(1, "o", "Bullet"),
            word(1, "1.", "New list"),
        ]
        .concat();
        assert_eq!(
            md(&html),
            "3. Three\n   - Dot\n     1. Roman\n4. Four\n\nAfter\n\n- Bullet\n\n1. New list"
        );
    }

    #[test]
    fn a_list_paragraph_without_a_marker_and_a_level_jump_still_make_lists() {
        let html =
            "<p style='mso-list:l0 level2 lfo1'>Deep</p><p style='mso-list:l0 level1 lfo1'>Top</p>";
        assert_eq!(md(html), "- - Deep\n- Top");
    }

    #[test]
    fn bold_and_italic_styles_become_emphasis() {
        assert_eq!(
            md("<p><span style=\"font-weight:700\">Bold</span> and \
                <span style=\"FONT-STYLE: italic; font-weight: normal\">italic</span> and \
                <span style=\"font-weight:400\">plain</span></p>"),
            "**Bold** and *italic* and plain"
        );
        // As Chrome copies part of a web page: the words of a heading, or of bold text, in a
        // span with the style they inherit.
        assert_eq!(
            md(
                "<h2 style=\"font-weight:700\"><span style=\"font-weight:700\">Title</span></h2>\
                <p><b><span style=\"font-weight:bold;font-style:italic\">Both</span></b> \
                <span style=\"font-style:italic\"><span style=\"font-style:italic\">It</span></span></p>"
            ),
            "## Title\n\n***Both*** *It*"
        );
    }

    #[test]
    fn scripts_styles_comments_and_handlers_are_gone() {
        let out = md(
            "<style>p{color:red}</style><script>alert(1)</script><!-- note -->\
                      <p onclick=\"alert(1)\" style=\"x\" class=\"MsoNormal\">Text<o:p></o:p></p>\
                      <?xml:namespace prefix = o ns = \"urn:schemas-microsoft-com:office:office\" />\
                      <p>After</p>",
        );
        assert_eq!(out, "Text\n\nAfter");
    }

    #[test]
    fn html_nested_deeper_than_a_page_may_be_is_refused() {
        let ok = format!(
            "{}x{}",
            "<div>".repeat(MAX_PASTE_DEPTH),
            "</div>".repeat(MAX_PASTE_DEPTH)
        );
        assert_eq!(md(&ok), "x");
        let deep = format!("{}x", "<div><b>".repeat(5_000));
        assert_eq!(pasted_markdown(&deep), Err(PasteRefused::TooDeep));
        let list = "<ul><li>x".repeat(10_000);
        assert_eq!(pasted_markdown(&list), Err(PasteRefused::TooDeep));
    }

    #[test]
    fn word_comments_and_tracked_deletions_are_left_out() {
        let html = "<p class=MsoNormal><a style='mso-comment-reference:AB_1;mso-comment-date:20261201T1000'>\
            Commented words</a><span class=MsoCommentReference><span style='font-size:8.0pt'>\
            <a class=msocomanchor id=\"_anchor_1\" href=\"#_msocom_1\" name=\"_msoanchor_1\">[AB1]</a>\
            <span style='mso-special-character:comment'>&nbsp;</span></span></span> and \
            <del cite=\"mailto:Reviewer\" datetime=\"2026-12-01T10:00\">deleted </del>\
            <ins cite=\"mailto:Reviewer\" datetime=\"2026-12-01T10:00\">added</ins> words.</p>\
            <div style='mso-element:comment-list'><![if !supportAnnotations]>\
            <hr class=msocomoff align=left size=1 width=\"33%\"><![endif]>\
            <div style='mso-element:comment'><div id=\"_com_1\" class=msocomtxt>\
            <p class=MsoCommentText><span class=MsoCommentReference><a href=\"#_msoanchor_1\" \
            class=msocomoff>[AB1]</a></span>A reviewer's note</p></div></div></div>\
            <p class=MsoNormal>After</p>";
        assert_eq!(md(html), "Commented words and added words.\n\nAfter");
    }
}
