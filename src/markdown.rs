//! Markdown to HTML (pulldown-cmark stays inside this module).
//!
//! Two passes over the same parser: [`outline`] reads headings and links (for checks and
//! anchors) and [`render`] writes HTML with our conventions: stable heading ids, quotations
//! with attributions, editorial-note callouts, labelled checkboxes, glossary `<abbr>`s,
//! marked external links, scrollable tables, bare addresses made into links and table
//! alignment as classes (the site's Content-Security-Policy forbids inline styles). The
//! result goes through the raw-HTML allow-list ([`crate::sanitise`]), and [`outline`] lists
//! what that removes from the raw HTML an editor wrote, with lines.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::sanitise;

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
}

/// Something the raw-HTML allow-list removes (`` `<script>` and everything in it ``).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlRemoval {
    pub line: usize,
    pub what: String,
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

/// Makes an id from heading (or any) text: lowercase letters and digits, `-` between words.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

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

type Spanned<'a> = (Event<'a>, Range<usize>);

fn parse(body: &str) -> Vec<Spanned<'_>> {
    Parser::new_ext(body, options())
        .into_offset_iter()
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

fn plain_text(events: &[Spanned<'_>]) -> String {
    let mut s = String::new();
    for (ev, _) in events {
        match ev {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Reads a page's headings and links.
pub fn outline(body: &str, first_line: usize) -> Outline {
    let events = parse(body);
    let lines = Lines::new(body, first_line);
    let mut out = Outline::default();
    let mut ids = IdAllocator::default();
    out.html_removals = raw_html_removals(&events, &lines);
    out.links.extend(bare_link_refs(&events, &lines));
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let end = matching_end(&events, i);
                let text = plain_text(&events[i + 1..end]);
                out.headings.push(Heading {
                    level: *level as u8,
                    id: ids.allocate(id.as_deref(), &text),
                    text,
                    line: lines.line(events[i].1.start),
                });
                collect_links(&events[i + 1..end], &lines, &mut out.links);
                i = end + 1;
                continue;
            }
            Event::FootnoteReference(label) => {
                out.other_ids.push(format!("fn-{}", slugify(label)));
                out.other_ids.push(format!("fnref-{}", slugify(label)));
            }
            _ => {}
        }
        collect_links(&events[i..i + 1], &lines, &mut out.links);
        if let Event::Start(Tag::Link { .. } | Tag::Image { .. }) = &events[i].0 {
            let end = matching_end(&events, i);
            if let Some(last) = out.links.last_mut() {
                last.text = plain_text(&events[i + 1..end]);
            }
            collect_links(&events[i + 1..end], &lines, &mut out.links);
            i = end + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// Each stretch of raw HTML (an HTML block, or the inline tags of one paragraph, heading
/// or cell) and what the allow-list removes from it, located on the line it is written on.
fn raw_html_removals(events: &[Spanned<'_>], lines: &Lines) -> Vec<HtmlRemoval> {
    // (first line, text): inline tags of one block are joined, each on its own line, so an
    // `<svg>` and the `<script>` inside it are read together.
    let mut stretches: Vec<(usize, String)> = Vec::new();
    let mut in_block = false;
    let mut inline_open = false;
    for (ev, range) in events {
        match ev {
            Event::Start(Tag::HtmlBlock) => {
                in_block = true;
                inline_open = false;
                stretches.push((lines.line(range.start), String::new()));
            }
            Event::End(TagEnd::HtmlBlock) => in_block = false,
            Event::Html(html) if in_block => {
                if let Some((_, text)) = stretches.last_mut() {
                    text.push_str(html);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let line = lines.line(range.start);
                match stretches.last_mut() {
                    Some((first, text)) if inline_open => {
                        let at = *first + text.matches('\n').count();
                        text.push_str(&"\n".repeat(line.saturating_sub(at)));
                        text.push_str(html);
                    }
                    _ => stretches.push((line, html.to_string())),
                }
                inline_open = true;
            }
            Event::Start(tag) if !is_inline(tag) => inline_open = false,
            Event::End(tag) if !is_inline_end(*tag) => inline_open = false,
            _ => {}
        }
    }
    stretches
        .iter()
        .flat_map(|(first, text)| {
            sanitise::removals(text)
                .into_iter()
                .map(move |r| HtmlRemoval {
                    line: first + r.line.saturating_sub(1),
                    what: r.what,
                })
        })
        .collect()
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Bare `https://…`, `www.…` and email addresses in text, which [`render`] makes into links.
fn bare_link_refs(events: &[Spanned<'_>], lines: &Lines) -> Vec<LinkRef> {
    let mut refs = Vec::new();
    let mut skip = 0usize;
    for (ev, range) in events {
        match ev {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => skip += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(text) if skip == 0 => {
                for piece in bare_links(text) {
                    if let Piece::Link { text, href } = piece {
                        refs.push(LinkRef {
                            dest: href,
                            text: text.to_string(),
                            line: lines.line(range.start),
                            is_image: false,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    refs
}

/// A run of text split at bare addresses.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'t> {
    Text(&'t str),
    Link { text: &'t str, href: String },
}

/// Splits `text` at the addresses GFM's autolink extension makes into links: `https://`
/// and `http://` addresses, `www.` names (linked as `http://`, as GFM does) and email
/// addresses (as `mailto:`). Trailing punctuation and unbalanced brackets stay outside.
fn bare_links(text: &str) -> Vec<Piece<'_>> {
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
        if let Some(href) = href.filter(|h| sanitise::is_absolute_url(h)) {
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

/// The destination of a link as the site treats it: email autolinks (`<a@b.nhs.uk>`) are
/// `mailto:` links.
fn link_dest(link_type: LinkType, dest: &str) -> String {
    match link_type {
        LinkType::Email if !dest.to_ascii_lowercase().starts_with("mailto:") => {
            format!("mailto:{dest}")
        }
        _ => dest.to_string(),
    }
}

fn collect_links(events: &[Spanned<'_>], lines: &Lines, into: &mut Vec<LinkRef>) {
    for (ev, range) in events {
        if let Event::Start(
            Tag::Link {
                dest_url,
                link_type,
                ..
            }
            | Tag::Image {
                dest_url,
                link_type,
                ..
            },
        ) = ev
        {
            into.push(LinkRef {
                dest: link_dest(*link_type, dest_url),
                text: String::new(),
                line: lines.line(range.start),
                is_image: matches!(ev, Event::Start(Tag::Image { .. })),
            });
        }
    }
}

/// Renders a page's Markdown to HTML.
pub fn render(body: &str, opts: &RenderOptions<'_>) -> Rendered {
    let events = parse(body);
    let mut r = Renderer {
        opts,
        ids: IdAllocator::default(),
        checkbox_ids: IdAllocator::default(),
        abbreviated: BTreeSet::new(),
        footnotes: BTreeMap::new(),
        sections: vec![TextSection::default()],
        checklist: Vec::new(),
        group: None,
        callouts: 0,
        notes: Vec::new(),
        tables: 0,
        table: None,
        in_code_block: false,
        raw_html: sanitise::RawHtml::default(),
        saw_raw_html: false,
        terms: TermFilter::of(opts.abbreviations),
    };
    let mut out = Vec::with_capacity(events.len());
    r.walk(&events, &mut out, Context::Normal);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    // Raw HTML goes through the full sanitiser; HTML we wrote ourselves only needs it when
    // the checks of `clean_own` find something it would change.
    let cleaned = if r.saw_raw_html {
        None
    } else {
        sanitise::clean_own(&html)
    };
    // Every test build checks the shortcut against the sanitiser on every page it renders.
    #[cfg(debug_assertions)]
    if let Some(fast) = &cleaned {
        assert_eq!(
            *fast,
            sanitise::clean(&html),
            "clean_own differs from clean on {html:?}"
        );
    }
    let mut html = cleaned.unwrap_or_else(|| sanitise::clean(&html));
    // The sanitiser's output grew by doubling: up to half of it spare, kept until the page
    // is written.
    html.shrink_to_fit();
    let sections = r
        .sections
        .into_iter()
        .map(|mut s| {
            s.text = collapse_whitespace(&s.text);
            s
        })
        .filter(|s| s.heading.is_some() || !s.text.is_empty())
        .collect();
    Rendered {
        html,
        sections,
        checklist: r.checklist,
        notes: r.notes,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Normal,
    /// Inside a heading: no `<abbr>` wrapping.
    Heading,
    /// Inside a link: no `<abbr>`, and bare addresses are not made into links.
    Link,
}

/// The table being written: its columns' alignment, and where we are in it.
struct TableState {
    alignments: Vec<Alignment>,
    in_head: bool,
    cell: usize,
}

struct Renderer<'o, 'r> {
    opts: &'o RenderOptions<'r>,
    ids: IdAllocator,
    checkbox_ids: IdAllocator,
    abbreviated: BTreeSet<String>,
    footnotes: BTreeMap<String, usize>,
    sections: Vec<TextSection>,
    checklist: Vec<ChecklistItem>,
    group: Option<String>,
    callouts: usize,
    notes: Vec<String>,
    tables: usize,
    table: Option<TableState>,
    in_code_block: bool,
    /// The page's raw HTML so far (which elements it opened).
    raw_html: sanitise::RawHtml,
    /// Whether the page has raw HTML of its own (then all of it goes through the sanitiser).
    saw_raw_html: bool,
    terms: TermFilter,
}

/// What every glossary abbreviation looks like from the outside (its first byte and its
/// length), so that almost every word of a page is passed over without a look-up.
struct TermFilter {
    first_bytes: [bool; 256],
    shortest: usize,
    longest: usize,
}

impl TermFilter {
    fn of(abbreviations: &BTreeMap<String, String>) -> Self {
        let mut filter = TermFilter {
            first_bytes: [false; 256],
            shortest: usize::MAX,
            longest: 0,
        };
        for term in abbreviations.keys() {
            if let Some(&b) = term.as_bytes().first() {
                filter.first_bytes[usize::from(b)] = true;
            }
            filter.shortest = filter.shortest.min(term.len());
            filter.longest = filter.longest.max(term.len());
        }
        filter
    }

    /// False when `word` cannot be a glossary abbreviation.
    fn may_be_term(&self, word: &str) -> bool {
        (self.shortest..=self.longest).contains(&word.len())
            && word
                .as_bytes()
                .first()
                .is_some_and(|&b| self.first_bytes[usize::from(b)])
    }
}

impl<'a> Renderer<'_, '_> {
    fn id(&self, id: &str) -> String {
        format!("{}{}", self.opts.id_prefix, id)
    }

    fn text_out(&mut self, text: &str) {
        if let Some(section) = self.sections.last_mut() {
            section.text.push_str(text);
        }
    }

    fn walk(&mut self, events: &[Spanned<'a>], out: &mut Vec<Event<'a>>, ctx: Context) {
        let mut i = 0;
        while i < events.len() {
            let (ev, _) = &events[i];
            match ev {
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let end = matching_end(events, i);
                    let added = classes.iter().any(|c| c.as_ref() == ADDED_CLASS);
                    self.heading(*level as u8, id.as_deref(), added, &events[i + 1..end], out);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    let end = matching_end(events, i);
                    self.blockquote(*kind, &events[i + 1..end], out);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Item) if is_task_item(&events[i + 1..]) => {
                    let end = matching_end(events, i);
                    self.task_item(&events[i + 1..end], out);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => {
                    let end = matching_end(events, i);
                    let resolved = (self.opts.resolve)(&link_dest(*link_type, dest_url));
                    out.push(Event::InlineHtml(link_open(&resolved, title).into()));
                    self.walk(&events[i + 1..end], out, Context::Link);
                    out.push(Event::InlineHtml(link_close(&resolved).into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let end = matching_end(events, i);
                    let alt = plain_text(&events[i + 1..end]);
                    let resolved = (self.opts.resolve)(dest_url);
                    let mut tag = format!(
                        "<img src=\"{}\" alt=\"{}\"",
                        escape_href(&resolved.href),
                        escape_html(&alt)
                    );
                    if !title.is_empty() {
                        tag.push_str(&format!(" title=\"{}\"", escape_html(title)));
                    }
                    tag.push_str(" loading=\"lazy\">");
                    out.push(Event::InlineHtml(tag.into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Table(alignments)) => {
                    // Each scrollable region needs its own name (axe: landmark-unique).
                    self.tables += 1;
                    out.push(Event::Html(
                        format!(
                            "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table {}\" tabindex=\"0\"><table>\n",
                            self.tables
                        )
                        .into(),
                    ));
                    self.raw_html.enter();
                    self.table = Some(TableState {
                        alignments: alignments.clone(),
                        in_head: false,
                        cell: 0,
                    });
                }
                Event::End(TagEnd::Table) => {
                    self.table = None;
                    self.close_raw(out);
                    out.push(Event::Html("</tbody></table>\n</div>\n".into()));
                }
                Event::Start(Tag::TableHead | Tag::TableRow) | Event::End(TagEnd::TableHead) => {
                    if let Some(table) = self.table.as_mut() {
                        out.push(Event::Html(table.row(ev).into()));
                    }
                }
                Event::End(TagEnd::TableRow) => {
                    out.push(Event::Html("</tr>\n".into()));
                }
                Event::Start(Tag::TableCell) => {
                    if let Some(table) = self.table.as_mut() {
                        out.push(Event::Html(table.cell_open().into()));
                    }
                }
                Event::End(TagEnd::TableCell) => {
                    self.text_out(" ");
                    if let Some(table) = self.table.as_mut() {
                        table.cell += 1;
                        let tag = if table.in_head { "th" } else { "td" };
                        out.push(Event::Html(format!("</{tag}>").into()));
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    self.in_code_block = true;
                    out.push(ev.clone());
                }
                Event::End(TagEnd::CodeBlock) => {
                    self.in_code_block = false;
                    out.push(ev.clone());
                }
                Event::InlineHtml(html) => {
                    self.saw_raw_html = true;
                    out.push(Event::InlineHtml(self.raw_html.balance(html).into()));
                }
                Event::Html(html) => {
                    self.saw_raw_html = true;
                    out.push(Event::Html(self.raw_html.balance(html).into()));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    self.raw_html.enter();
                    let n = self.footnote_number(label);
                    out.push(Event::Html(
                        format!(
                            "<div class=\"footnote\" id=\"{}\"><span class=\"footnote-label\">{n}.</span>",
                            self.id(&format!("fn-{}", slugify(label)))
                        )
                        .into(),
                    ));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    self.close_raw(out);
                    out.push(Event::Html("</div>\n".into()));
                }
                Event::FootnoteReference(label) => {
                    let n = self.footnote_number(label);
                    let slug = slugify(label);
                    out.push(Event::InlineHtml(
                        format!(
                            "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{}\">{n}<span class=\"visually-hidden\"> (footnote)</span></a></sup>",
                            self.id(&format!("fn-{slug}")),
                            self.id(&format!("fnref-{slug}"))
                        )
                        .into(),
                    ));
                }
                Event::Text(text) => {
                    self.text_out(text);
                    if self.in_code_block {
                        out.push(ev.clone());
                    } else {
                        self.text(text, ev, ctx, out);
                    }
                }
                Event::Code(text) => {
                    self.text_out(text);
                    out.push(ev.clone());
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.text_out(" ");
                    out.push(ev.clone());
                }
                Event::Start(Tag::Item) => {
                    self.raw_html.enter();
                    out.push(ev.clone());
                }
                Event::End(TagEnd::Item) => {
                    self.text_out(" ");
                    self.close_raw(out);
                    out.push(ev.clone());
                }
                Event::End(TagEnd::Paragraph) => {
                    self.text_out(" ");
                    out.push(ev.clone());
                }
                // A marker outside a checklist item's label (`- [ ] Title` over a `===`
                // line makes it a heading): a checkbox that only shows the state.
                Event::TaskListMarker(done) => {
                    out.push(Event::InlineHtml(
                        if *done {
                            "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
                        } else {
                            "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
                        }
                        .into(),
                    ));
                }
                _ => out.push(ev.clone()),
            }
            i += 1;
        }
    }

    /// Text outside code: bare addresses become links (not inside a link), and the first
    /// use of each glossary abbreviation an `<abbr>` (not inside a link or heading).
    fn text(&mut self, text: &str, ev: &Event<'a>, ctx: Context, out: &mut Vec<Event<'a>>) {
        let pieces = if ctx == Context::Link || self.raw_html.in_link() {
            vec![Piece::Text(text)]
        } else {
            bare_links(text)
        };
        if let [Piece::Text(_)] = pieces.as_slice() {
            match (ctx == Context::Normal)
                .then(|| self.abbreviate(text))
                .flatten()
            {
                Some(html) => out.push(Event::InlineHtml(html.into())),
                None => out.push(ev.clone()),
            }
            return;
        }
        let mut html = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => match (ctx == Context::Normal)
                    .then(|| self.abbreviate(t))
                    .flatten()
                {
                    Some(abbreviated) => html.push_str(&abbreviated),
                    None => html.push_str(&escape_html(t)),
                },
                Piece::Link { text, href } => {
                    let resolved = (self.opts.resolve)(&href);
                    html.push_str(&link_open(&resolved, ""));
                    html.push_str(&escape_html(text));
                    html.push_str(link_close(&resolved));
                }
            }
        }
        out.push(Event::InlineHtml(html.into()));
    }

    /// Closes the raw elements opened inside the wrapper we are about to close (which
    /// called `raw_html.enter()` when it opened).
    fn close_raw(&mut self, out: &mut Vec<Event<'a>>) {
        let close = self.raw_html.leave();
        if !close.is_empty() {
            out.push(Event::Html(close.into()));
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    fn heading(
        &mut self,
        level: u8,
        wanted_id: Option<&str>,
        added: bool,
        inner: &[Spanned<'a>],
        out: &mut Vec<Event<'a>>,
    ) {
        let text = plain_text(inner);
        let id = self.ids.allocate(wanted_id, &text);
        let shown = (level + self.opts.heading_shift).min(6);
        let class = if added {
            format!(" class=\"{ADDED_CLASS}\"")
        } else {
            String::new()
        };
        out.push(Event::Html(
            format!("<h{shown} id=\"{}\"{class}>", escape_html(&self.id(&id))).into(),
        ));
        // Heading text belongs to the heading, not to the text of the section before it.
        let before = self.sections.last().map_or(0, |s| s.text.len());
        self.walk(inner, out, Context::Heading);
        if let Some(section) = self.sections.last_mut() {
            section.text.truncate(before);
        }
        if added {
            out.push(Event::Html(ADDED_HEADING_LABEL.into()));
        }
        out.push(Event::Html(format!("</h{shown}>\n").into()));
        if level <= 3 {
            self.sections.push(TextSection {
                id: Some(self.id(&id)),
                heading: Some(text.clone()),
                text: String::new(),
            });
        }
        self.group = Some(text);
    }

    fn blockquote(
        &mut self,
        kind: Option<BlockQuoteKind>,
        inner: &[Spanned<'a>],
        out: &mut Vec<Event<'a>>,
    ) {
        if let Some(kind) = kind {
            let (class, label) = match kind {
                BlockQuoteKind::Note => ("note", "Editorial note"),
                BlockQuoteKind::Tip => ("tip", "Tip"),
                BlockQuoteKind::Important => ("important", "Important"),
                BlockQuoteKind::Warning => ("warning", "Warning"),
                BlockQuoteKind::Caution => ("caution", "Caution"),
            };
            // A note already shown on this page (or earlier in the printed guide) is left
            // out: readers meet each note once, at its first mention.
            let key = callout_key(class, &plain_text(inner));
            if self.opts.notes_shown.contains(&key) || self.notes.contains(&key) {
                return;
            }
            self.notes.push(key);
            self.callouts += 1;
            let title_id = self.id(&format!("callout-{}", self.callouts));
            out.push(Event::Html(
                format!(
                    "<div class=\"callout callout-{class}\" role=\"note\" aria-labelledby=\"{title_id}\"><p class=\"callout-title\" id=\"{title_id}\">{label}</p>"
                )
                .into(),
            ));
            // A note is the site's words, not the guide's: it stays out of the section's
            // search text, so the guide's own words decide what a section is found for.
            let before = self.sections.last().map_or(0, |s| s.text.len());
            let sections = self.sections.len();
            self.raw_html.enter();
            self.walk(inner, out, Context::Normal);
            self.close_raw(out);
            if self.sections.len() == sections
                && let Some(section) = self.sections.last_mut()
            {
                section.text.truncate(before);
            }
            out.push(Event::Html("</div>\n".into()));
            return;
        }
        match attribution_start(inner) {
            Some(para) => {
                out.push(Event::Html("<figure class=\"quote\"><blockquote>".into()));
                self.raw_html.enter();
                self.walk(&inner[..para], out, Context::Normal);
                self.close_raw(out);
                out.push(Event::Html("</blockquote><figcaption>".into()));
                let para_end = matching_end(inner, para);
                let mut caption: Vec<Spanned<'a>> = inner[para + 1..para_end].to_vec();
                if let Some((Event::Text(t), range)) = caption.first().cloned() {
                    let trimmed = t.trim_start_matches(['—', '–', '-', ' ']).to_string();
                    caption[0] = (Event::Text(CowStr::from(trimmed)), range);
                }
                self.raw_html.enter();
                self.walk(&caption, out, Context::Normal);
                self.close_raw(out);
                out.push(Event::Html("</figcaption></figure>\n".into()));
                if para_end + 1 < inner.len() {
                    self.walk(&inner[para_end + 1..], out, Context::Normal);
                }
            }
            None => {
                out.push(Event::Html("<blockquote>".into()));
                self.raw_html.enter();
                self.walk(inner, out, Context::Normal);
                self.close_raw(out);
                out.push(Event::Html("</blockquote>\n".into()));
            }
        }
    }

    fn task_item(&mut self, inner: &[Spanned<'a>], out: &mut Vec<Event<'a>>) {
        self.raw_html.enter();
        // The label is the first paragraph (or, in a tight list, the inline run).
        let mut start = 0;
        let mut in_paragraph = false;
        if matches!(inner.first(), Some((Event::Start(Tag::Paragraph), _))) {
            start = 1;
            in_paragraph = true;
        }
        let checked = matches!(inner.get(start), Some((Event::TaskListMarker(true), _)));
        start += 1;
        let label_end = inner[start..]
            .iter()
            .position(|(ev, _)| {
                matches!(
                    ev,
                    Event::End(TagEnd::Paragraph)
                        | Event::Start(
                            Tag::List(_) | Tag::Paragraph | Tag::BlockQuote(_) | Tag::CodeBlock(_)
                        )
                )
            })
            .map_or(inner.len(), |p| p + start);
        let label = &inner[start..label_end];
        let text = plain_text(label);
        let mut slug: String = slugify(&text).chars().take(60).collect();
        slug = slug.trim_end_matches('-').to_string();
        let base = if self.opts.checkbox_prefix.is_empty() {
            slug
        } else {
            format!("{}-{slug}", self.opts.checkbox_prefix)
        };
        let allocated = self.checkbox_ids.allocate(Some(&base), "");
        let id = self.id(&allocated);
        self.checklist.push(ChecklistItem {
            id: id.clone(),
            text: text.clone(),
            group: self.group.clone(),
        });
        out.push(Event::Html(
            format!(
                "<li class=\"task-item\"><input type=\"checkbox\" class=\"task-checkbox\" id=\"{id}\" name=\"{id}\"{}> <label for=\"{id}\">",
                if checked { " checked" } else { "" }
            )
            .into(),
        ));
        self.raw_html.enter();
        self.walk(label, out, Context::Normal);
        self.close_raw(out);
        out.push(Event::Html("</label>".into()));
        if self.opts.notes_space {
            out.push(Event::Html(
                "<div class=\"notes-space print-only\" aria-hidden=\"true\"></div>".into(),
            ));
        }
        self.text_out(" ");
        let mut rest = label_end;
        if in_paragraph && matches!(inner.get(rest), Some((Event::End(TagEnd::Paragraph), _))) {
            rest += 1;
        }
        if rest < inner.len() {
            self.walk(&inner[rest..], out, Context::Normal);
        }
        self.close_raw(out);
        out.push(Event::Html("</li>\n".into()));
    }

    /// Wraps the first use on this page of each glossary abbreviation in `text`.
    fn abbreviate(&mut self, text: &str) -> Option<String> {
        if self.opts.abbreviations.is_empty() {
            return None;
        }
        let mut html = String::new();
        let mut last = 0;
        let mut changed = false;
        for (start, word) in words(text) {
            if !self.terms.may_be_term(word) || self.abbreviated.contains(word) {
                continue;
            }
            if let Some(expansion) = self.opts.abbreviations.get(word) {
                html.push_str(&escape_html(&text[last..start]));
                html.push_str(&format!(
                    "<abbr title=\"{}\">{}</abbr>",
                    escape_html(expansion),
                    escape_html(word)
                ));
                last = start + word.len();
                self.abbreviated.insert(word.to_string());
                changed = true;
            }
        }
        if !changed {
            return None;
        }
        html.push_str(&escape_html(&text[last..]));
        Some(html)
    }
}

impl TableState {
    /// `<thead><tr>`, `</tr></thead><tbody>` or a body row's `<tr>`.
    fn row(&mut self, ev: &Event<'_>) -> String {
        self.cell = 0;
        match ev {
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                "<thead><tr>".into()
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                "</tr></thead><tbody>\n".into()
            }
            _ => "<tr>".into(),
        }
    }

    /// A cell's start tag, its column's alignment as a class the theme styles.
    fn cell_open(&self) -> String {
        let tag = if self.in_head { "th" } else { "td" };
        let class = match self.alignments.get(self.cell) {
            Some(Alignment::Left) => " class=\"align-left\"",
            Some(Alignment::Center) => " class=\"align-center\"",
            Some(Alignment::Right) => " class=\"align-right\"",
            Some(Alignment::None) | None => "",
        };
        format!("<{tag}{class}>")
    }
}

/// `<a href="…" …>` for a link, its address percent-encoded as CommonMark does.
fn link_open(resolved: &ResolvedHref, title: &str) -> String {
    if !resolved.linked {
        return String::new();
    }
    let mut open = format!("<a href=\"{}\"", escape_href(&resolved.href));
    if resolved.external {
        open.push_str(" class=\"external\"");
    }
    if !title.is_empty() {
        open.push_str(&format!(" title=\"{}\"", escape_html(title)));
    }
    open.push('>');
    open
}

fn link_close(resolved: &ResolvedHref) -> &'static str {
    if !resolved.linked {
        ""
    } else if resolved.external {
        "<span class=\"visually-hidden\"> (external site)</span></a>"
    } else {
        "</a>"
    }
}

/// An address for an `href` or `src`: characters outside the URL set percent-encoded (as
/// CommonMark's reference renderer does), `&` and `'` escaped for HTML.
pub fn escape_href(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, address);
    out
}

/// Word-like runs (letters, digits and `&`, as in "R&D") with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    // Whether the character at byte `i` is word-like, and its length (ASCII without decoding).
    let at = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            return (b.is_ascii_alphanumeric() || b == b'&', 1);
        }
        let c = text[i..].chars().next().unwrap_or_default();
        (c.is_alphanumeric(), c.len_utf8())
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let (wordy, len) = at(i);
            if wordy {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (wordy, len) = at(i);
            if !wordy {
                break;
            }
            i += len;
        }
        Some((start, &text[start..i]))
    })
}

/// `text`'s words joined by single spaces (as `split_whitespace` and `join(" ")` would give),
/// without collecting the words first.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn is_task_item(after_start: &[Spanned<'_>]) -> bool {
    matches!(
        after_start,
        [(Event::TaskListMarker(_), _), ..]
            | [
                (Event::Start(Tag::Paragraph), _),
                (Event::TaskListMarker(_), _),
                ..
            ]
    )
}

/// In a block quote, the index of a last top-level paragraph that starts with a dash: the
/// attribution of a quotation ("— Jo Cooper, University of Nottingham").
fn attribution_start(inner: &[Spanned<'_>]) -> Option<usize> {
    let mut i = 0;
    let mut last_para = None;
    while i < inner.len() {
        if let Event::Start(_) = inner[i].0 {
            let end = matching_end(inner, i);
            if let Event::Start(Tag::Paragraph) = inner[i].0 {
                last_para = Some((i, end));
            } else {
                last_para = None;
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    let (start, end) = last_para?;
    if end + 1 != inner.len() || start == 0 {
        return None;
    }
    match inner.get(start + 1) {
        Some((Event::Text(t), _)) if t.starts_with(['—', '–']) || t.starts_with("- ") => {
            Some(start)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(dest: &str) -> ResolvedHref {
        ResolvedHref {
            href: dest.to_string(),
            external: dest.starts_with("http"),
            linked: true,
        }
    }

    fn html_of(md: &str) -> Rendered {
        let abbr: BTreeMap<String, String> = [
            ("RDS".to_string(), "Research Design Service".to_string()),
            ("R&D".to_string(), "research and development".to_string()),
        ]
        .into();
        render(
            md,
            &RenderOptions {
                resolve: &plain,
                abbreviations: &abbr,
                checkbox_prefix: "list",
                notes_space: false,
                heading_shift: 0,
                id_prefix: "",
                notes_shown: &BTreeSet::new(),
            },
        )
    }

    #[test]
    fn a_repeated_note_is_shown_once_and_an_earlier_one_not_at_all() {
        let md = "> [!NOTE]\n> HEE is now part of NHS England.\n\nText.\n\n> [!NOTE]\n> HEE is now  part of\n> NHS England.\n\n> [!NOTE]\n> Another note.\n";
        let r = html_of(md);
        assert_eq!(r.html.matches("HEE is now").count(), 1, "{}", r.html);
        assert_eq!(r.html.matches("Another note").count(), 1, "{}", r.html);
        assert_eq!(r.notes.len(), 2);
        let abbr = BTreeMap::new();
        let shown: BTreeSet<String> = [r.notes[0].clone()].into();
        let later = render(
            md,
            &RenderOptions {
                resolve: &plain,
                abbreviations: &abbr,
                checkbox_prefix: "",
                notes_shown: &shown,
                notes_space: false,
                heading_shift: 0,
                id_prefix: "",
            },
        );
        assert!(!later.html.contains("HEE is now"), "{}", later.html);
        assert!(later.html.contains("Another note"), "{}", later.html);
    }

    #[test]
    fn notes_stay_out_of_the_search_text() {
        let r = html_of(
            "## Funding\n\nThe guide's words.\n\n> [!NOTE]\n> The site's words.\n\nMore guide.\n",
        );
        assert_eq!(r.sections[0].text, "The guide’s words. More guide.");
    }

    #[test]
    fn added_heading_is_marked_for_everyone_but_keeps_its_text() {
        let r = html_of("## Doctoral awards {.added}\n\nText.\n");
        assert!(
            r.html.contains("<h2 id=\"doctoral-awards\" class=\"added\">Doctoral awards <span class=\"added-label\">(heading added by this site)</span></h2>"),
            "{}",
            r.html
        );
        assert_eq!(r.sections[0].heading.as_deref(), Some("Doctoral awards"));
        let plain_heading = html_of("## Doctoral awards\n");
        assert!(
            !plain_heading.html.contains("added"),
            "{}",
            plain_heading.html
        );
    }

    #[test]
    fn slugs_drop_punctuation_and_join_words() {
        assert_eq!(
            slugify("Master’s in clinical research:"),
            "masters-in-clinical-research"
        );
        assert_eq!(
            slugify("  Why is research so important? "),
            "why-is-research-so-important"
        );
        assert_eq!(
            slugify("HEE/NIHR Integrated (ICA) Programme"),
            "heenihr-integrated-ica-programme"
        );
    }

    #[test]
    fn headings_get_unique_ids_and_custom_ids_win() {
        let o = outline("## Intro\n\ntext\n\n## Intro\n\n### Other {#mine}\n", 5);
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-2", "mine"]);
        assert_eq!(o.headings[0].line, 5);
        assert_eq!(o.headings[2].line, 11);
        let r = html_of("## Intro\n\n## Intro\n");
        assert!(
            r.html.contains("<h2 id=\"intro-2\">Intro</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn quotation_with_attribution_becomes_figure() {
        let r = html_of("> Research is core.\n>\n> — Jo Cooper, University of Nottingham\n");
        assert!(
            r.html.contains("<figure class=\"quote\"><blockquote>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<figcaption>Jo Cooper, University of Nottingham</figcaption>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn note_callout_is_labelled_editorial_note() {
        let r = html_of("> [!NOTE]\n> HEE is now part of NHS England.\n");
        assert!(
            r.html.contains("class=\"callout callout-note\""),
            "{}",
            r.html
        );
        assert!(r.html.contains(">Editorial note</p>"), "{}", r.html);
    }

    #[test]
    fn first_abbreviation_use_only_is_wrapped() {
        let r = html_of("## The RDS\n\nAsk the RDS. The RDS helps. R&D too.\n");
        assert_eq!(r.html.matches("<abbr").count(), 2, "{}", r.html);
        assert!(
            r.html
                .contains("<abbr title=\"Research Design Service\">RDS</abbr>")
        );
        assert!(
            r.html
                .contains("<abbr title=\"research and development\">R&amp;D</abbr>")
        );
    }

    #[test]
    fn abbreviations_are_found_as_whole_words_only() {
        // Longer or shorter words that start like a term, words glued to it, and a term
        // at the very end of the text after a non-ASCII word.
        let r = html_of("RDSs, RD and xRDS R&Dx are not terms; both RDS, and café R&D");
        assert_eq!(r.html.matches("<abbr").count(), 2, "{}", r.html);
        assert!(
            r.html
                .contains("both <abbr title=\"Research Design Service\">RDS</abbr>,")
        );
        assert!(
            r.html
                .contains("café <abbr title=\"research and development\">R&amp;D</abbr></p>")
        );
    }

    #[test]
    fn words_and_spaces_are_split_as_unicode_says() {
        let text = "R&D, café\u{a0}naïve 2024\u{2003}x—y &";
        let found: Vec<(usize, &str)> = words(text).collect();
        let expected: Vec<(usize, &str)> = text
            .char_indices()
            .fold(
                (Vec::new(), None),
                |(mut out, start): (Vec<(usize, &str)>, Option<usize>), (i, c)| {
                    let wordy = c.is_alphanumeric() || c == '&';
                    match (wordy, start) {
                        (true, None) => (out, Some(i)),
                        (false, Some(s)) => {
                            out.push((s, &text[s..i]));
                            (out, None)
                        }
                        (_, start) => (out, start),
                    }
                },
            )
            .0;
        let mut expected = expected;
        if let Some(last) = text
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '&')
            .last()
        {
            expected.push((last.0, &text[last.0..]));
        }
        assert_eq!(found, expected);
        assert_eq!(
            collapse_whitespace(" a\u{a0} b\t\n c\u{3000}d  "),
            " a\u{a0} b\t\n c\u{3000}d  "
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
    }

    #[test]
    fn task_items_become_labelled_checkboxes_with_stable_ids() {
        let r = html_of("## Start\n\n- [ ] Find a mentor\n- [x] Talk to your manager\n");
        assert!(
            r.html.contains("<input type=\"checkbox\" class=\"task-checkbox\" id=\"list-find-a-mentor\" name=\"list-find-a-mentor\"> <label for=\"list-find-a-mentor\">Find a mentor</label>"),
            "{}",
            r.html
        );
        assert!(r.html.contains(
            "id=\"list-talk-to-your-manager\" name=\"list-talk-to-your-manager\" checked=\"\">"
        ));
        assert_eq!(r.checklist.len(), 2);
        assert_eq!(r.checklist[0].group.as_deref(), Some("Start"));
        // Editing one item does not change the other's id.
        let edited = html_of("## Start\n\n- [ ] Find a good mentor\n- [x] Talk to your manager\n");
        assert_eq!(edited.checklist[1].id, r.checklist[1].id);
    }

    #[test]
    fn external_links_are_marked_and_tables_wrapped() {
        let r = html_of("[NIHR](https://www.nihr.ac.uk/)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(r.html.contains("<a href=\"https://www.nihr.ac.uk/\" class=\"external\">NIHR<span class=\"visually-hidden\"> (external site)</span></a>"), "{}", r.html);
        assert!(
            r.html.contains("<div class=\"table-wrap\" role=\"region\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn sections_carry_plain_text_under_headings() {
        let r =
            html_of("Intro text.\n\n## Backfill\n\nFind *cover* early.\n\n### Detail\n\nMore.\n");
        assert_eq!(r.sections.len(), 3);
        assert_eq!(r.sections[1].heading.as_deref(), Some("Backfill"));
        assert_eq!(r.sections[1].id.as_deref(), Some("backfill"));
        assert_eq!(r.sections[1].text, "Find cover early.");
    }

    #[test]
    fn email_autolinks_bare_addresses_and_strikethrough() {
        let r =
            html_of("Email <rd@trust.nhs.uk> or rd@trust.nhs.uk, see www.nihr.ac.uk. ~~Old~~\n");
        assert!(
            r.html.contains("<a href=\"mailto:rd@trust.nhs.uk\">rd@trust.nhs.uk</a> or <a href=\"mailto:rd@trust.nhs.uk\">rd@trust.nhs.uk</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("see <a href=\"http://www.nihr.ac.uk\" class=\"external\">www.nihr.ac.uk<span class=\"visually-hidden\"> (external site)</span></a>."),
            "{}",
            r.html
        );
        assert!(r.html.contains("<del>Old</del>"), "{}", r.html);
        let o = outline("Line one\n\n<x@y.org> and https://a.example/b.\n", 4);
        let dests: Vec<_> = o.links.iter().map(|l| (l.dest.as_str(), l.line)).collect();
        assert!(dests.contains(&("mailto:x@y.org", 6)), "{dests:?}");
        assert!(dests.contains(&("https://a.example/b", 6)), "{dests:?}");
    }

    #[test]
    fn no_links_or_abbreviations_inside_code_or_links() {
        let r = html_of(
            "```\nwww.nihr.ac.uk RDS\n```\n\n`www.a.org` [RDS www.b.org](x.md) <a href=\"y\">www.c.org</a>\n",
        );
        assert_eq!(r.html.matches("<a ").count(), 2, "{}", r.html);
        assert!(!r.html.contains("<abbr"), "{}", r.html);
    }

    #[test]
    fn hrefs_are_percent_encoded_as_commonmark_says() {
        let r = html_of(
            "[a](<my report.pdf>) [b](my%20report.pdf) <https://example.com/\\[\\> ![c](<a b.png>)\n",
        );
        assert!(r.html.contains("href=\"my%20report.pdf\">a"), "{}", r.html);
        assert!(r.html.contains("href=\"my%20report.pdf\">b"), "{}", r.html);
        assert!(
            r.html.contains("href=\"https://example.com/%5C%5B%5C\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("src=\"a%20b.png\""), "{}", r.html);
    }

    #[test]
    fn table_alignment_is_a_class_not_a_style() {
        let r = html_of("| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n");
        assert!(!r.html.contains("style"), "{}", r.html);
        assert!(
            r.html.contains("<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td></tr>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<th class=\"align-center\">c</th>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_is_cleaned_and_removals_located() {
        let md = "Intro\n\n<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>\n\nText <svg><script>y</script></svg> and <b style=\"c\">b</b>.\n\n<div>unclosed\n";
        let r = html_of(md);
        assert!(
            !r.html.contains("script") && !r.html.contains("onclick"),
            "{}",
            r.html
        );
        assert!(r.html.trim_end().ends_with("</div>"), "{}", r.html);
        let o = outline(md, 10);
        let found: Vec<_> = o
            .html_removals
            .iter()
            .map(|h| (h.line, h.what.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (12, "`onclick` on `<div>`"),
                (13, "`<script>` and everything in it"),
                (16, "`<svg>` and everything in it"),
                (16, "`style` on `<b>`"),
            ]
        );
    }

    #[test]
    fn outline_lists_links_with_lines_and_text() {
        let o = outline(
            "Hello\n\nSee [the guide](../guide/a.md#x) and ![a chart](img.png).\n",
            3,
        );
        assert_eq!(o.links.len(), 2);
        assert_eq!(o.links[0].dest, "../guide/a.md#x");
        assert_eq!(o.links[0].text, "the guide");
        assert_eq!(o.links[0].line, 5);
        assert!(o.links[1].is_image);
    }
}
