//! Markdown to the site's HTML.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{Alignment, BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::autolinks::{Piece, bare_links};
use super::outline::link_dest;
use super::text::{collapse_whitespace, plain_text, slugify, words};
use super::*;
use crate::html::{self, escape_html};

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
        raw_html: html::RawHtml::default(),
        marks: Vec::new(),
        terms: TermFilter::of(opts.abbreviations),
    };
    let mut out = Vec::with_capacity(events.len());
    r.walk(&events, &mut out, Context::Normal);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    // Raw HTML and the HTML we wrote ourselves alike: one library path (ammonia, html5ever).
    let mut html = html::clean(&html);
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
pub(super) enum Context {
    Normal,
    /// Inside a heading: no `<abbr>` wrapping.
    Heading,
    /// Inside a link: no `<abbr>`, and bare addresses are not made into links.
    Link,
}

/// The table being written: its columns' alignment, and where we are in it.
pub(super) struct TableState {
    alignments: Vec<Alignment>,
    in_head: bool,
    cell: usize,
}

pub(super) struct Renderer<'o, 'r> {
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
    raw_html: html::RawHtml,
    /// [`html::RawHtml::mark`]s of the paragraphs, headings and table cells we are in.
    marks: Vec<usize>,
    terms: TermFilter,
}

/// What every glossary abbreviation looks like from the outside (its first byte and its
/// length), so that almost every word of a page is passed over without a look-up.
pub(super) struct TermFilter {
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
                    self.marks.push(self.raw_html.mark());
                    if let Some(table) = self.table.as_mut() {
                        out.push(Event::Html(table.cell_open().into()));
                    }
                }
                Event::End(TagEnd::TableCell) => {
                    self.text_out(" ");
                    self.close_formatting(out);
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
                    out.push(Event::InlineHtml(self.raw_html.balance(html).into()));
                }
                // An HTML block is read whole (a comment or a tag may span its lines), and
                // the formatting elements it leaves open are closed at its end.
                Event::Start(Tag::HtmlBlock) => {
                    let end = matching_end(events, i);
                    let mut raw = String::new();
                    // (Indentation inside a list item comes as text.)
                    for (ev, _) in &events[i + 1..end] {
                        if let Event::Html(html) | Event::Text(html) = ev {
                            raw.push_str(html);
                        }
                    }
                    let mark = self.raw_html.mark();
                    let mut html = self.raw_html.balance(&raw);
                    html.push_str(&self.raw_html.close_formatting(mark));
                    out.push(Event::Html(html.into()));
                    i = end + 1;
                    continue;
                }
                Event::Html(html) => {
                    out.push(Event::Html(self.raw_html.balance(html).into()));
                }
                Event::Start(Tag::Paragraph) => {
                    self.marks.push(self.raw_html.mark());
                    out.push(ev.clone());
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
                    self.close_formatting(out);
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

    /// Closes the formatting elements raw HTML opened since the paragraph, heading or table
    /// cell we are about to close began (see [`html::RawHtml::close_formatting`]).
    fn close_formatting(&mut self, out: &mut Vec<Event<'a>>) {
        let mark = self.marks.pop().unwrap_or(usize::MAX);
        let close = self.raw_html.close_formatting(mark);
        if !close.is_empty() {
            out.push(Event::InlineHtml(close.into()));
        }
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
        self.marks.push(self.raw_html.mark());
        self.walk(inner, out, Context::Heading);
        self.close_formatting(out);
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
pub(super) fn link_open(resolved: &ResolvedHref, title: &str) -> String {
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

pub(super) fn link_close(resolved: &ResolvedHref) -> &'static str {
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

pub(super) fn is_task_item(after_start: &[Spanned<'_>]) -> bool {
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
pub(super) fn attribution_start(inner: &[Spanned<'_>]) -> Option<usize> {
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
