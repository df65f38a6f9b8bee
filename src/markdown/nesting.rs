//! How deeply a page may nest: blockquotes, lists, emphasis, links and raw HTML elements;
//! and how many footnotes it may have.
//!
//! Later stages walk the nesting recursively: our renderer, the HTML sanitiser, the
//! minifier. A stack overflow aborts the whole process (a `serve` preview included) and
//! cannot be caught, so a page nested deeper than any real text needs is refused here,
//! where the page is read, with its file and line. The check itself is a loop over the
//! parser's events (pulldown-cmark builds its tree without recursing), so it is safe at any
//! depth.

use pulldown_cmark::{Event, Parser};

use crate::diagnostics::Diagnostic;

/// Far more than any real page needs (a quotation in a list in a list is depth 5), far less
/// than what overflows a stack.
pub const MAX_DEPTH: usize = 100;

/// Refuses `body` if it nests deeper than [`MAX_DEPTH`]. `first_line` is the file line the
/// body starts on; `whole_file` is the file's text, for the line shown in the message.
pub fn check(
    body: &str,
    first_line: usize,
    file: &str,
    whole_file: &str,
) -> Result<(), Diagnostic> {
    let Some((offset, too_much)) = first_too_much(body) else {
        return Ok(());
    };
    let line = first_line + body[..offset].bytes().filter(|&b| b == b'\n').count();
    let (message, hint) = match too_much {
        TooMuch::Deep => (
            format!("this text is nested more than {MAX_DEPTH} levels deep"),
            "quotations (`>`), lists and HTML elements here sit inside each other too many times: take out the extra `>` or list markers, or close the HTML elements",
        ),
        TooMuch::Footnotes => (
            format!(
                "this page has more than {MAX_FOOTNOTES} footnotes; this is the first past that"
            ),
            "split the page, or gather the notes into a list of sources at its end (docs/editing.md, \"Limits you may run into\")",
        ),
        TooMuch::FootnoteReferences => (
            format!(
                "this page refers to its footnotes more than {MAX_FOOTNOTES} times; this is the first past that"
            ),
            "split the page, or refer to each note once (docs/editing.md, \"Limits you may run into\")",
        ),
    };
    Err(Diagnostic::error(file, message)
        .at(line)
        .with_source(whole_file)
        .hint(hint))
}

/// The most footnotes (and, separately, references to footnotes) one page may have. Each
/// becomes a numbered note and a link with its own ids, several times the size of what
/// was written, through every later stage: 100 000 of them took a build to 800 MB. Far
/// more than any real page needs (a long review has a few hundred).
pub const MAX_FOOTNOTES: usize = 1_000;

/// What a page has too much of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TooMuch {
    Deep,
    Footnotes,
    FootnoteReferences,
}

/// The byte offset in `body` where the nesting first goes past [`MAX_DEPTH`], or the
/// footnotes (or references to them) past [`MAX_FOOTNOTES`], if either does. Markdown
/// containers and raw HTML elements count together, since the HTML is nested in the
/// Markdown when it is rendered.
fn first_too_much(body: &str) -> Option<(usize, TooMuch)> {
    let mut markdown_depth = 0usize;
    let mut html_depth = 0usize;
    let (mut footnotes, mut references) = (0usize, 0usize);
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(pulldown_cmark::Tag::FootnoteDefinition(_)) => {
                footnotes += 1;
                if footnotes > MAX_FOOTNOTES {
                    return Some((range.start, TooMuch::Footnotes));
                }
                markdown_depth += 1;
            }
            Event::FootnoteReference(_) => {
                references += 1;
                if references > MAX_FOOTNOTES {
                    return Some((range.start, TooMuch::FootnoteReferences));
                }
                continue;
            }
            Event::Start(_) => markdown_depth += 1,
            Event::End(_) => markdown_depth = markdown_depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                for tag in crate::html::tags(&html) {
                    // A start tag opens an element unless it is void (`<br>`); the HTML
                    // parser ignores the slash of `<div/>`, which opens a `<div>` too.
                    if tag.end {
                        html_depth = html_depth.saturating_sub(1);
                    } else if !crate::html::is_void(&tag.name) {
                        html_depth += 1;
                    }
                    if markdown_depth + html_depth > MAX_DEPTH {
                        let at = line_start(&html, tag.line);
                        return Some((range.start + at.min(range.len()), TooMuch::Deep));
                    }
                }
                continue;
            }
            _ => continue,
        }
        if markdown_depth + html_depth > MAX_DEPTH {
            return Some((range.start, TooMuch::Deep));
        }
    }
    None
}

/// The byte offset in `text` where its `line` (1-based) starts.
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(at, _)| at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(body: &str) -> Option<usize> {
        check(body, 4, "a.md", body).err().and_then(|d| d.line)
    }

    #[test]
    fn ordinary_nesting_passes() {
        let body =
            "> quote\n>\n> - item\n>   - *em **strong [link](x)***\n\n<div><p>hi<br></p></div>\n";
        assert_eq!(first_too_much(body), None);
    }

    #[test]
    fn deep_blockquotes_are_refused_at_their_line() {
        let body = format!("Intro.\n\n{}deep\n", "> ".repeat(2000));
        assert_eq!(line_of(&body), Some(6));
        let shallow = format!("{}fine\n", "> ".repeat(MAX_DEPTH - 1));
        assert_eq!(line_of(&shallow), None);
    }

    #[test]
    fn deep_lists_are_refused() {
        let body = format!("{}x\n", "- ".repeat(3000));
        assert_eq!(line_of(&body), Some(4));
    }

    #[test]
    fn deep_raw_html_is_refused_and_void_elements_do_not_count() {
        let body = format!("Text\n\n{}\n", "<div>".repeat(500));
        assert_eq!(line_of(&body), Some(6));
        let flat = format!("{}\n", "<br><img src=x><hr/><!-- <div> -->".repeat(500));
        assert_eq!(line_of(&flat), None);
        // Browsers open a `<div>` for `<div/>`; tags in a script are its text.
        let slashed = format!("Text\n\n{}\n", "<div/>".repeat(500));
        assert_eq!(line_of(&slashed), Some(6));
        let script = format!("<script>{}</script>\n", "<div>".repeat(500));
        assert_eq!(line_of(&script), None);
        let closed = format!("{}\n", "<span>x</span>".repeat(500));
        assert_eq!(line_of(&closed), None);
    }

    #[test]
    fn deep_inline_nesting_is_refused() {
        let body = format!("{}x{}\n", "*a _b [c ".repeat(300), "](d) b_ a*".repeat(300));
        assert!(line_of(&body).is_some());
    }

    #[test]
    fn footnotes_past_the_bound_are_refused_at_the_first_past_it() {
        // 100 000 footnotes took a build to 800 MB.
        let notes = |n: usize| -> String {
            let refs: String = (0..n).map(|i| format!("Claim {i}.[^n{i}]\n")).collect();
            let defs: String = (0..n).map(|i| format!("[^n{i}]: Note {i}.\n")).collect();
            format!("{refs}\n{defs}")
        };
        assert_eq!(line_of(&notes(MAX_FOOTNOTES)), None);
        let d = check(&notes(MAX_FOOTNOTES + 5), 4, "a.md", "").unwrap_err();
        // The references come first: the 1 001st is on the body's 1 001st line.
        assert_eq!(d.line, Some(4 + MAX_FOOTNOTES));
        assert!(
            d.message
                .contains("refers to its footnotes more than 1000 times"),
            "{d:?}"
        );
        // Many notes referred to once each from a few lines (the definitions count).
        let few_refs: String = (0..MAX_FOOTNOTES + 1).map(|i| format!("[^n{i}]")).collect();
        let defs: String = (0..MAX_FOOTNOTES + 1)
            .map(|i| format!("[^n{i}]: Note.\n"))
            .collect();
        let d = check(&format!("{defs}\n{few_refs}\n"), 4, "a.md", "").unwrap_err();
        assert!(d.message.contains("more than 1000 footnotes"), "{d:?}");
        assert_eq!(d.line, Some(4 + MAX_FOOTNOTES));
    }
}
