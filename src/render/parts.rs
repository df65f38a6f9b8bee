//! Pages that list the whole site, written in parts: the whole-guide print page (every
//! section's text), the search page's A–Z (every heading) and a folder's contents page
//! (a card for each of its pages). On a large site each is many times the size of any
//! other page (64 MB, 6.4 MB and 2.6 MB for 10 000 guide sections), so none is ever held
//! whole. Their template is rendered with a placeholder where each long
//! part goes (a section's text, a letter's entries, a group of cards); then the page is handed on in order,
//! each part made only when the writing reaches its placeholder and dropped once written.
//! What a build holds for them is the template's output (titles and addresses: the index)
//! and one part, not the sum of the pages.
//!
//! With minification, the template's output and each part are minified on their own. That
//! gives the bytes minifying the whole page gives when the placeholder stands where block
//! content goes (inside a `<section>`, `<div>` or `<ul>`, as the bundled theme has them):
//! the placeholder is an element, so the whitespace beside it is treated as it would be
//! beside the part's first and last elements, and a part minified alone is treated as
//! content of such a block (`tests/golden.rs` and `tests/scaling.rs` hold the bytes equal).

use std::collections::BTreeSet;

use super::Renderer;
use super::body::PrintTexts;
use super::context::CHILDREN_PER_PART;
use super::theme;
use crate::diagnostics::Diagnostic;
use crate::links::relative;

const OPEN: &str = "<careerguide-part-";
const CLOSE: &str = "></careerguide-part-";

/// Parts are handed on in pieces of about this size (a file write each).
const PIECE: usize = 64 * 1024;

/// The placeholder for part `n`: an element no page can hold otherwise (the sanitiser drops
/// unknown elements from a page's raw HTML), which minifying leaves as it is.
pub(super) fn placeholder(n: usize) -> String {
    format!("{OPEN}{n}{CLOSE}{n}>")
}

/// The next placeholder in `html`: where it starts and ends, and its part's number.
fn next_placeholder(html: &str) -> Option<(usize, usize, usize)> {
    let mut from = 0;
    while let Some(found) = html[from..].find(OPEN) {
        let start = from + found;
        let rest = &html[start + OPEN.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(n) = rest[..digits].parse::<usize>() {
            let tail = format!("{CLOSE}{n}>");
            if rest[digits..].starts_with(&tail) {
                return Some((start, start + OPEN.len() + digits + tail.len(), n));
            }
        }
        from = start + OPEN.len();
    }
    None
}

/// What a page's placeholders stand for.
pub struct Parts<'r> {
    renderer: &'r Renderer<'r>,
    /// The page's folder, which the parts' links are relative to.
    dir: String,
    page_shown: &'r str,
    /// The page's template (without .html), where its components are written.
    template: String,
    source: Source<'r>,
}

enum Source<'r> {
    /// The guide sections' texts (the print page).
    Print(Box<PrintTexts<'r>>),
    /// Each letter's entries of the A–Z (the `a-to-z` page), through the theme's `AzEntry`.
    AzLetters,
    /// A contents page's children, [`CHILDREN_PER_PART`] at a time, through the theme's
    /// `ChildCard`.
    Children(&'r [usize]),
}

impl Renderer<'_> {
    /// The parts of page `index`, if its template lists the whole site.
    pub fn parts(&self, index: usize) -> Option<Parts<'_>> {
        let page = &self.site.pages[index];
        let source = match page.template().as_str() {
            "print" => Source::Print(Box::new(PrintTexts::new(self.site, page.output_dir()))),
            super::A_TO_Z => Source::AzLetters,
            _ if page.is_index => {
                let children = self.views.children(page.source_dir());
                if children.is_empty() {
                    return None;
                }
                Source::Children(children)
            }
            _ => return None,
        };
        Some(Parts {
            renderer: self,
            dir: page.output_dir().to_string(),
            page_shown: &page.shown,
            template: page.template().to_string(),
            source,
        })
    }
}

impl Parts<'_> {
    /// Part `n`, as HTML (empty if there is no such part).
    fn make(&mut self, n: usize) -> Result<String, Diagnostic> {
        let (name, contexts) = match &mut self.source {
            Source::Print(texts) => return Ok(texts.text(n).unwrap_or_default()),
            Source::AzLetters => {
                let Some(letter) = self.renderer.extras.search_az.get(n) else {
                    return Ok(String::new());
                };
                let contexts = letter
                    .entries
                    .iter()
                    .map(|entry| {
                        let mut context = tera::Context::new();
                        context.insert("label", &entry.label);
                        context.insert("url", &relative(&self.dir, &entry.url));
                        context
                    })
                    .collect();
                ("AzEntry", contexts)
            }
            Source::Children(children) => {
                let site = self.renderer.site;
                let from = (n * CHILDREN_PER_PART).min(children.len());
                let to = (from + CHILDREN_PER_PART).min(children.len());
                let contexts = children[from..to]
                    .iter()
                    .map(|&i| {
                        let page = &site.pages[i];
                        let mut context = tera::Context::new();
                        context.insert("title", &page.front.title);
                        context.insert("url", &relative(&self.dir, &page.output_path));
                        context.insert("summary", &page.front.summary);
                        context
                    })
                    .collect();
                ("ChildCard", contexts)
            }
        };
        let out = self.components(name, contexts)?;
        String::from_utf8(out).map_err(|_| {
            Diagnostic::error(
                &self.renderer.theme.templates_shown,
                "a component wrote text that is not UTF-8",
            )
        })
    }

    /// The theme's component `name` once for each of `contexts`, one after another: under
    /// the page's budget of size and time, as the page's own render (see `watchdog`).
    fn components(
        &self,
        name: &'static str,
        contexts: Vec<tera::Context>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let theme = self.renderer.theme;
        let tera = std::sync::Arc::clone(&theme.tera);
        let rendered = super::watchdog::run_within(super::budget::max_time(), move || {
            let mut out = super::budget::Bounded::new();
            let mut result = Ok(());
            for context in &contexts {
                result = tera.render_component_to(name, context, None, true, &mut out);
                if result.is_err() {
                    break;
                }
            }
            (result, out)
        });
        // Components are written in the page's own template.
        let template = format!("{}.html", self.template);
        match rendered {
            Err(overrun) => Err(theme::overrun(theme, &template, self.page_shown, overrun)),
            Ok((result, out)) => {
                if let Some(breach) = out.breach {
                    return Err(theme::over_budget(
                        theme,
                        &template,
                        self.page_shown,
                        breach,
                    ));
                }
                result.map_err(|e| {
                    theme::template_error(
                        &e,
                        &theme.templates_shown,
                        &theme.templates,
                        Some(self.page_shown),
                    )
                })?;
                Ok(out.into_inner())
            }
        }
    }

    /// Hands on the page whose template output is `html`, placeholders and all, in order:
    /// `finish` turns each stretch of text into the bytes written (minifying it, or not),
    /// `emit` takes them, about [`PIECE`] bytes at a time. Returns the ids in the parts
    /// (for the anchor checks; the template output's own ids are found with it).
    pub fn write(
        mut self,
        html: String,
        finish: &dyn Fn(String) -> Vec<u8>,
        emit: &mut dyn FnMut(Vec<u8>) -> Result<(), Diagnostic>,
    ) -> Result<BTreeSet<String>, Diagnostic> {
        let html_len = html.len();
        let page = String::from_utf8(finish(html)).map_err(|_| {
            Diagnostic::error(self.page_shown, "this page is not UTF-8 once minified")
                .hint("this is a bug in careerguide: please report it")
        })?;
        crate::counters::held(html_len + page.len());
        let mut ids = BTreeSet::new();
        let mut piece: Vec<u8> = Vec::new();
        let mut rest = page.as_str();
        while let Some((start, end, n)) = next_placeholder(rest) {
            piece.extend_from_slice(&rest.as_bytes()[..start]);
            let part = self.make(n)?;
            ids.extend(crate::html::ids_in(&part));
            let part_len = part.len();
            let bytes = finish(part);
            crate::counters::held(page.len() + piece.len() + part_len + bytes.len());
            piece.extend_from_slice(&bytes);
            drop(bytes);
            if piece.len() >= PIECE {
                emit(std::mem::take(&mut piece))?;
            }
            rest = &rest[end..];
        }
        piece.extend_from_slice(rest.as_bytes());
        emit(piece)?;
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A contents page minified whole, and minified as `write` does it (the template's
    /// output with placeholders, then each group of cards alone), give the same bytes.
    #[test]
    fn cards_minified_a_group_at_a_time_are_the_whole_list_minified() {
        let card = |i: usize| {
            format!(
                "<li class=\"card\">\n<h2 class=\"card-title\"><a class=\"card-link\" href=\"a-{i}/index.html\">Page  {i}</a></h2>\n{}\n</li>\n",
                if i.is_multiple_of(3) {
                    String::new()
                } else {
                    format!("<p>Summary {i} &amp;  more.</p>")
                }
            )
        };
        let groups: Vec<String> = [0..4, 4..5, 5..9]
            .into_iter()
            .map(|r| r.map(card).collect())
            .collect();
        let page = |list: &str| {
            format!(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>Guide</title>\n</head>\n<body>\n<main>\n<div class=\"content\">\n<p>Text.</p>\n</div>\n\n<ul class=\"card-list\">\n{list}</ul>\n\n</main>\n</body>\n</html>\n"
            )
        };
        let whole = crate::minify::html(&page(&groups.concat()));
        let placeholders: String = (0..groups.len()).map(placeholder).collect();
        let template = String::from_utf8(crate::minify::html(&page(&placeholders))).unwrap();
        let mut parts = Vec::new();
        let mut rest = template.as_str();
        while let Some((start, end, n)) = next_placeholder(rest) {
            parts.extend_from_slice(&rest.as_bytes()[..start]);
            parts.extend(crate::minify::html(&groups[n]));
            rest = &rest[end..];
        }
        parts.extend_from_slice(rest.as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&parts),
            String::from_utf8_lossy(&whole)
        );
    }

    #[test]
    fn placeholders_are_found_in_order_with_their_numbers() {
        let html = format!(
            "<p>a</p>{}<p>{OPEN}x</p>{}{}",
            placeholder(0),
            placeholder(12),
            placeholder(3)
        );
        let (start, end, n) = next_placeholder(&html).unwrap();
        assert_eq!((&html[..start], n), ("<p>a</p>", 0));
        let rest = &html[end..];
        let (start, end, n) = next_placeholder(rest).unwrap();
        assert_eq!((&rest[..start], n), (&*format!("<p>{OPEN}x</p>"), 12));
        let (_, end2, n) = next_placeholder(&rest[end..]).unwrap();
        assert_eq!(n, 3);
        assert_eq!(next_placeholder(&rest[end..][end2..]), None);
    }
}
