//! Editorial checks that do not stop a build but that `careerguide check` reports: link text,
//! alt text, heading levels, review dates, glossary coverage and case-study fields.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use crate::content::{Page, PageKind, Site, human_date, next_review};
use crate::diagnostics::Diagnostic;
use crate::memo::Memo;

/// Link texts that mean nothing out of context (screen-reader users list links alone).
const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "here",
    "click",
    "read more",
    "more",
    "find out more",
    "more info",
    "more information",
    "this link",
    "link",
    "this page",
    "this",
    "go",
];

/// What one page contributes to the lint: its own problems, and the glossary terms it
/// uses or spells out (index into the glossary).
#[derive(Debug, Clone, Default)]
pub struct PageLint {
    problems: Vec<Diagnostic>,
    uses: Vec<usize>,
}

pub fn lint(site: &Site, today: jiff::civil::Date, memo: &Memo<Arc<PageLint>>) -> Vec<Diagnostic> {
    let glossary = Terms::of(site);
    let months = site.config.review.months;
    // Pages are checked on their own, side by side; their problems stay in page order.
    // Each page's checks are remembered under exactly what they receive.
    let per_page: Vec<Arc<PageLint>> = site
        .pages
        .par_iter()
        .map(|page| {
            memo.remember(
                (page, &glossary, today, months),
                |(page, glossary, today, months)| {
                    Arc::new(lint_page(page, glossary, today, months))
                },
            )
        })
        .collect();
    let mut problems = Vec::new();
    let mut used = vec![false; glossary.entries.len()];
    for page in &per_page {
        problems.extend(page.problems.iter().cloned());
        for &i in &page.uses {
            used[i] = true;
        }
    }
    // Each entry is reported in the file it is written in (bundled or the local layer's).
    // Files, lines and texts are looked up in maps made once: per unused term, a search of
    // the glossary and a scan of its file made thousands of unused terms quadratic.
    let mut file_of: ahash::AHashMap<&str, &str> = ahash::AHashMap::new();
    for t in &site.glossary {
        file_of.entry(t.term.as_str()).or_insert(t.file.as_str());
    }
    crate::counters::glossary_steps(site.glossary.len());
    let mut files: ahash::AHashMap<&str, ahash::AHashMap<String, (usize, String)>> =
        ahash::AHashMap::new();
    let unused = glossary
        .entries
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|((term, _), _)| term);
    for term in unused {
        crate::counters::glossary_steps(1);
        let file = file_of
            .get(term)
            .copied()
            .unwrap_or("content/glossary.yaml");
        let lines = files
            .entry(file)
            .or_insert_with(|| glossary_lines(&read_again(&site.root, file)));
        let mut d = Diagnostic::warning(
            file,
            format!("`{term}` is in the glossary but no page uses it or spells it out"),
        )
        .hint("remove the entry, or use the abbreviation in the content");
        if let Some((line, source)) = lines.get(*term) {
            d = d.at(*line);
            d.source_line = Some(source.clone());
        }
        problems.push(d);
    }
    problems
}

/// The glossary as the checks use it, prepared once per build.
struct Terms<'a> {
    /// (term, expansion), in glossary order.
    entries: Vec<(&'a str, &'a str)>,
    defined: ahash::AHashSet<&'a str>,
    /// Finds every expansion, lower-cased, in a page's lower-cased text in one pass (pattern
    /// `i` is entry `i`); one scan per term over every page was the checks' main cost.
    /// `None` only past the automaton's size limits (far beyond any real glossary): then each
    /// lower-cased expansion is looked for on its own.
    spelled_out: Option<AhoCorasick>,
    lower_expansions: Vec<String>,
}

/// The terms hash as their entries: `defined` and `spelled_out` are made from them.
impl std::hash::Hash for Terms<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.entries.hash(state);
    }
}

impl<'a> Terms<'a> {
    fn of(site: &'a Site) -> Self {
        Terms::new(
            site.glossary
                .iter()
                .map(|t| (t.term.as_str(), t.expansion.as_str()))
                .collect(),
        )
    }

    fn new(entries: Vec<(&'a str, &'a str)>) -> Self {
        let lower_expansions: Vec<String> = entries.iter().map(|(_, e)| e.to_lowercase()).collect();
        Terms {
            defined: entries.iter().map(|(term, _)| *term).collect(),
            spelled_out: AhoCorasick::new(&lower_expansions).ok(),
            lower_expansions,
            entries,
        }
    }

    /// Which entries `lower` (a page's text, lower-cased) spells out, by entry.
    fn spelled_out_in(&self, lower: &str) -> Vec<bool> {
        let Some(automaton) = &self.spelled_out else {
            return self
                .lower_expansions
                .iter()
                .map(|e| lower.contains(e.as_str()))
                .collect();
        };
        let mut found = vec![false; self.entries.len()];
        // Overlapping: an expansion inside another still counts for both.
        for m in automaton.find_overlapping_iter(lower) {
            found[m.pattern().as_usize()] = true;
        }
        found
    }
}

fn lint_page(page: &Page, glossary: &Terms, today: jiff::civil::Date, months: u32) -> PageLint {
    let mut problems = Vec::new();
    links_and_images(page, &mut problems);
    removed_html(page, &mut problems);
    heading_levels(page, &mut problems);
    table_rows(page, &mut problems);
    placeholders(page, &mut problems);
    review_date(page, today, months, &mut problems);
    case_study_fields(page, &mut problems);
    let abbreviated = abbreviations(page, &glossary.defined, &mut problems);
    // A term also counts as used where a page spells it out ("patient and public involvement").
    let lower = page.body.to_lowercase();
    let spelled_out = glossary.spelled_out_in(&lower);
    let uses = glossary
        .entries
        .iter()
        .zip(spelled_out)
        .enumerate()
        .filter(|(_, ((term, _), spelled_out))| *spelled_out || abbreviated.contains(term))
        .map(|(i, _)| i)
        .collect();
    PageLint { problems, uses }
}

/// A row with fewer cells than the table's header is shown with empty cells at its end:
/// usually a cell forgotten, or a `|` missing between two. A row with more cells loses
/// the cells past the header's count: readers never see them.
fn table_rows(page: &Page, problems: &mut Vec<Diagnostic>) {
    for row in &page.outline.uneven_table_rows {
        let (message, hint) = if row.cells < row.columns {
            let missing = row.columns - row.cells;
            (
                format!(
                    "this table row has {} of the table's {} columns: {} shown empty at the end of the row",
                    row.cells,
                    row.columns,
                    if missing == 1 {
                        "the last cell is".to_string()
                    } else {
                        format!("the last {missing} cells are")
                    },
                ),
                "write a cell for every column, each between `|` signs; for a cell meant to be empty, write `| |`",
            )
        } else {
            let extra = row.cells - row.columns;
            (
                format!(
                    "this table row has {} cells but the table has {} columns: {} not shown",
                    row.cells,
                    row.columns,
                    if extra == 1 {
                        "the last cell is".to_string()
                    } else {
                        format!("the last {extra} cells are")
                    },
                ),
                "add the column to the table's header row (and a `---` to the line under it), or join the extra cell to one before it; a `|` meant as text is written `\\|`",
            )
        };
        problems
            .push(located(page, Diagnostic::warning(&page.shown, message), row.line).hint(hint));
    }
}

/// Text a page template holds for the editor to replace (`careerguide new` writes it),
/// still there in a published page: readers would see "Write a short paragraph here."
fn placeholders(page: &Page, problems: &mut Vec<Diagnostic>) {
    static FINDER: std::sync::OnceLock<Option<AhoCorasick>> = std::sync::OnceLock::new();
    let Some(finder) =
        FINDER.get_or_init(|| AhoCorasick::new(crate::scaffold::placeholders()).ok())
    else {
        return;
    };
    for (number, line) in (page.body_line..).zip(page.body.lines()) {
        if let Some(found) = finder.find(line) {
            let text = &line[found.range()];
            problems.push(located(
                page,
                Diagnostic::error(
                    &page.shown,
                    format!("\"{text}\" is the page template's placeholder, not yet replaced"),
                ),
                number,
            )
            .hint("write the page's own words here; until the page is ready, keep `draft: true` in its front matter so it is not published"));
        }
    }
}

fn body_line(page: &Page, line: usize) -> Option<String> {
    page.body_line_text(line).map(str::to_string)
}

fn located(page: &Page, d: Diagnostic, line: usize) -> Diagnostic {
    let mut d = d.at(line);
    d.source_line = body_line(page, line);
    d
}

fn links_and_images(page: &Page, problems: &mut Vec<Diagnostic>) {
    for link in &page.outline.links {
        let text = link.text.trim();
        if link.is_image {
            if text.is_empty() {
                problems.push(located(
                    page,
                    Diagnostic::error(&page.shown, "this image has no alt text")
                        .hint("describe the image in the brackets: ![Chart of the career pathway stages](pathway.png)"),
                    link.line,
                ));
            }
        } else if VAGUE_LINK_TEXT.contains(&text.to_lowercase().trim_end_matches('.')) {
            problems.push(located(
                page,
                Diagnostic::error(&page.shown, format!("link text \"{text}\" does not say where the link goes"))
                    .hint("use words that make sense on their own, e.g. [Health Education England internships](…)"),
                link.line,
            ));
        } else if text.is_empty() {
            problems.push(located(
                page,
                Diagnostic::error(&page.shown, "this link has no text")
                    .hint("put words that say where it goes inside the brackets"),
                link.line,
            ));
        }
    }
}

/// Removal warnings listed one by one per file; the rest are summed up in one more. A page
/// pasted from Word can lose thousands of `style` and `class` attributes: one warning each
/// would bury every other message. Enough to show each kind of removal in hand-written HTML.
pub const MAX_REMOVAL_WARNINGS: usize = 30;

/// Raw HTML the allow-list removed: the editor learns why their embed or styling vanished.
fn removed_html(page: &Page, problems: &mut Vec<Diagnostic>) {
    // An image from another site, or a link that would go nowhere, is an error of the link
    // checks (links.rs), not a warning.
    let removals: Vec<_> = page
        .outline
        .html_removals
        .iter()
        .filter(|r| !r.external_image && r.bad_link.is_none())
        .collect();
    for removal in removals.iter().take(MAX_REMOVAL_WARNINGS) {
        problems.push(located(
            page,
            Diagnostic::warning(
                &page.shown,
                format!("raw HTML: {} removed from the page", removal.what),
            )
            .hint("only the HTML a guide needs is kept (docs/editing.md, \"Raw HTML\"): write it in Markdown, or link to what you wanted to embed"),
            removal.line,
        ));
    }
    let Some(rest) = removals
        .get(MAX_REMOVAL_WARNINGS..)
        .filter(|r| !r.is_empty())
    else {
        return;
    };
    let mut counted: std::collections::BTreeMap<&str, usize> = Default::default();
    for removal in rest {
        *counted.entry(&removal.what).or_default() += 1;
    }
    // Most frequent first (alphabetical among equals).
    let mut kinds: Vec<(&str, usize)> = counted.into_iter().collect();
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    let mut most: Vec<String> = kinds
        .iter()
        .take(3)
        .map(|(what, n)| format!("{what} ({n})"))
        .collect();
    if kinds.len() > 3 {
        most.push(format!("{} other kinds", kinds.len() - 3));
    }
    problems.push(located(
        page,
        Diagnostic::warning(
            &page.shown,
            format!(
                "raw HTML: and {} more removals in this file from here on, not listed one by one: {}",
                rest.len(),
                most.join(", ")
            ),
        )
        .hint("this much removed HTML usually comes from pasting from Word or a web page: paste it as plain text and format it in Markdown (docs/editing.md, \"Raw HTML\")"),
        rest[0].line,
    ));
}

fn heading_levels(page: &Page, problems: &mut Vec<Diagnostic>) {
    let mut previous = 1u8;
    for h in &page.outline.headings {
        if h.level == 1 {
            problems.push(located(
                page,
                Diagnostic::error(&page.shown, format!("\"{}\" is a top-level heading (#)", h.text))
                    .hint("the page title (from front matter) is the only top-level heading: use ## for sections"),
                h.line,
            ));
        } else if h.level > previous + 1 {
            problems.push(located(
                page,
                Diagnostic::error(
                    &page.shown,
                    format!(
                        "heading \"{}\" skips from level {previous} to level {}",
                        h.text, h.level
                    ),
                )
                .hint(format!(
                    "use {} here, so screen-reader users can follow the outline",
                    "#".repeat(usize::from(previous) + 1)
                )),
                h.line,
            ));
        }
        previous = h.level;
    }
}

fn review_date(page: &Page, today: jiff::civil::Date, months: u32, problems: &mut Vec<Diagnostic>) {
    let Some(reviewed) = page.front.reviewed else {
        return;
    };
    let Some(due) = next_review(reviewed, months) else {
        return;
    };
    if due < today {
        let line = front_matter_line(page, "reviewed").unwrap_or(1);
        problems.push(
            Diagnostic::warning(
                &page.shown,
                format!("this page was due for review on {}", human_date(due)),
            )
            .at(line)
            .hint("check the page is still right, then set `reviewed:` to today's date"),
        );
    }
}

fn case_study_fields(page: &Page, problems: &mut Vec<Diagnostic>) {
    if page.kind != PageKind::CaseStudy {
        return;
    }
    let f = &page.front;
    if f.person.as_deref().is_none_or(|p| p.trim().is_empty()) {
        problems.push(
            Diagnostic::error(&page.shown, "this case study does not name its `person`")
                .at(2)
                .hint("add `person: Full Name` to the front matter (see content/case-studies/README.md)"),
        );
    }
    // A person the guide quotes has the role the guide gave them, or none if it gave none.
    if !f.quoted_in_guide && f.role.as_deref().is_none_or(|p| p.trim().is_empty()) {
        problems.push(
            Diagnostic::warning(&page.shown, "this case study has no `role`")
                .at(2)
                .hint("add `role: …` as the person describes it, if you know it; never guess"),
        );
    }
}

/// The glossary terms used on the page; warns about abbreviations introduced in
/// brackets, "Research Design Service (RDS)", that the glossary lacks.
fn abbreviations<'g>(
    page: &Page,
    defined: &ahash::AHashSet<&'g str>,
    problems: &mut Vec<Diagnostic>,
) -> HashSet<&'g str> {
    let mut used = HashSet::new();
    let mut reported = BTreeSet::new();
    for (i, line) in page.body.lines().enumerate() {
        for word in line.split(|c: char| !(c.is_alphanumeric() || c == '&')) {
            if let Some(term) = defined.get(word) {
                used.insert(*term);
            }
        }
        let mut rest = line;
        while let Some(open) = rest.find('(') {
            let after = &rest[open + 1..];
            // An abbreviation is at most 6 letters: its `)` is looked for no further (a
            // search to the line's end from every `(` made a line of 100 000 `(` quadratic).
            let Some(close) = after
                .char_indices()
                .take(8)
                .find(|&(_, c)| c == ')')
                .map(|(at, _)| at)
            else {
                rest = after;
                continue;
            };
            let inner = &after[..close];
            let looks_like_abbreviation = (2..=6).contains(&inner.len())
                && inner.chars().all(|c| c.is_ascii_uppercase() || c == '&')
                && inner.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2;
            if looks_like_abbreviation
                && !defined.contains(inner)
                && reported.insert(inner.to_string())
            {
                problems.push(
                    Diagnostic::warning(
                        &page.shown,
                        format!("the abbreviation {inner} is not in the glossary"),
                    )
                    .at(page.body_line + i)
                    .hint(format!(
                        "add `{inner}` with its expansion to content/glossary.yaml"
                    )),
                );
            }
            rest = &after[close..];
        }
    }
    used
}

/// The line (number and text) of `glossary.yaml` defining each term (`- term: RDS` or
/// `term: "RDS"`), the first where a term is written twice.
fn glossary_lines(text: &str) -> ahash::AHashMap<String, (usize, String)> {
    let mut lines = ahash::AHashMap::new();
    for (i, l) in text.lines().enumerate() {
        crate::counters::glossary_steps(1);
        let term = l
            .trim_start()
            .trim_start_matches('-')
            .trim_start()
            .strip_prefix("term:")
            .map(|v| v.trim().trim_matches(['"', '\'']));
        if let Some(term) = term {
            lines
                .entry(term.to_string())
                .or_insert_with(|| (i + 1, l.to_string()));
        }
    }
    lines
}

/// The file line of a front-matter key (front matter starts on line 2).
fn front_matter_line(page: &Page, key: &str) -> Option<usize> {
    page.front_yaml
        .lines()
        .position(|l| l.starts_with(&format!("{key}:")))
        .map(|i| i + 2)
}

/// A data file's text read again (under the file rule) to point a message at its line;
/// empty if it cannot be read now.
fn read_again(root: &std::path::Path, file: &str) -> String {
    crate::project_files::read_text(root, &root.join(file), crate::project_files::Kind::Data)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_lines_finds_each_term_once_quoted_or_not_the_first_where_written_twice() {
        let text =
            "# terms\n- term: RDS\n  expansion: x\n- term: \"ICA\"\n  expansion: y\n- term: RDS\n";
        let lines = glossary_lines(text);
        assert_eq!(lines.get("RDS"), Some(&(2, "- term: RDS".to_string())));
        assert_eq!(lines.get("ICA"), Some(&(4, "- term: \"ICA\"".to_string())));
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn a_term_is_spelled_out_in_any_case_even_inside_another_expansion() {
        let terms = Terms::new(vec![
            ("RDS", "Research Design Service"),
            ("R&D", "research and development"),
            ("RD", "Research"),
            ("PPI", "Patient and public involvement"),
        ]);
        let lower =
            "ask the research design service about patient and public involvement.".to_lowercase();
        assert_eq!(terms.spelled_out_in(&lower), [true, false, true, true]);
        assert_eq!(terms.spelled_out_in(""), [false; 4]);
    }
}
