//! What the checks need from a page without rendering it: headings, links, ids and what
//! the raw-HTML allow-list removes.

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::autolinks::{Piece, bare_links};
use super::text::{plain_text, slugify};
use super::{
    Heading, HtmlRemoval, IdAllocator, Lines, LinkRef, Outline, Spanned, UnevenRow, matching_end,
    parse,
};
use crate::html;

/// Reads a page's headings and links.
pub fn outline(body: &str, first_line: usize) -> Outline {
    let events = parse(body);
    let lines = Lines::new(body, first_line);
    let mut out = Outline::default();
    let mut ids = IdAllocator::default();
    out.html_removals = raw_html_removals(&events, &lines);
    out.links.extend(bare_link_refs(&events, &lines));
    out.uneven_table_rows = uneven_table_rows(body, &events, &lines);
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

/// Rows of a table with fewer or more cells than its header. The parser fills a short row
/// up with empty cells (as GitHub does), placed after the row's last `|`, where nothing is
/// written; an empty cell the editor wrote (`||`) has a `|` after it. It drops the cells
/// of a long row past the header's count without a trace, so those are counted in the
/// row's own text.
fn uneven_table_rows(body: &str, events: &[Spanned<'_>], lines: &Lines) -> Vec<UnevenRow> {
    let mut rows = Vec::new();
    // (line, the row's text, cells written, cells in all)
    let mut row: Option<(usize, std::ops::Range<usize>, usize, usize)> = None;
    for (ev, range) in events {
        match ev {
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                row = Some((lines.line(range.start), range.clone(), 0, 0));
            }
            Event::Start(Tag::TableCell) => {
                if let Some((_, text, written, all)) = &mut row {
                    *all += 1;
                    let after = body.get(range.start..text.end).unwrap_or_default();
                    if !range.is_empty() || after.contains('|') {
                        *written += 1;
                    }
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((line, text, cells, columns)) = row.take() {
                    let cells = if cells < columns {
                        cells
                    } else {
                        cells_written(body.get(text).unwrap_or_default()).max(columns)
                    };
                    if cells != columns {
                        rows.push(UnevenRow {
                            line,
                            cells,
                            columns,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    rows
}

/// How many cells a table row's text holds, as GitHub counts them: cells are parted by
/// `|` signs not escaped with `\` (even inside `code`), and a `|` at the row's start or
/// end parts nothing.
fn cells_written(row: &str) -> usize {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let mut parts = 1;
    let mut escaped = false;
    let mut last_was_bar = false;
    for c in row.chars() {
        last_was_bar = false;
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '|' {
            parts += 1;
            last_was_bar = true;
        }
    }
    // A closing `|` (possibly followed by spaces, trimmed above) ends the last cell.
    if last_was_bar { parts - 1 } else { parts }
}

/// Each stretch of raw HTML (an HTML block, or the inline tags of one paragraph, heading
/// or cell) and what the allow-list removes from it, located on the line it is written on.
pub(super) fn raw_html_removals(events: &[Spanned<'_>], lines: &Lines) -> Vec<HtmlRemoval> {
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
            html::removals(text).into_iter().map(move |r| HtmlRemoval {
                line: first + r.line.saturating_sub(1),
                what: r.what,
                external_image: r.external_image,
                bad_link: r.bad_link,
            })
        })
        .collect()
}

pub(super) fn is_inline(tag: &Tag<'_>) -> bool {
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

pub(super) fn is_inline_end(tag: TagEnd) -> bool {
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
pub(super) fn bare_link_refs(events: &[Spanned<'_>], lines: &Lines) -> Vec<LinkRef> {
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

/// The destination of a link as the site treats it: email autolinks (`<a@b.nhs.uk>`) are
/// `mailto:` links.
pub(super) fn link_dest(link_type: LinkType, dest: &str) -> String {
    match link_type {
        LinkType::Email if !dest.to_ascii_lowercase().starts_with("mailto:") => {
            format!("mailto:{dest}")
        }
        _ => dest.to_string(),
    }
}

pub(super) fn collect_links(events: &[Spanned<'_>], lines: &Lines, into: &mut Vec<LinkRef>) {
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
