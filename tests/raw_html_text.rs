//! Raw HTML never shows readers its markup, and never doubles an element (issue 19, item 1).
//!
//! Raw HTML is cleaned as whole units: an HTML block with all its lines, an inline construct
//! whole, processing instructions and CDATA to their CommonMark end. These tests build the
//! bundled site, and a site with one page per example of `tests/raw-html/` (the CommonMark
//! spec's raw-HTML examples and a corpus of our own), and read every page as a browser does:
//! its visible text holds no markup syntax, and it has no more links than its author wrote.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use careerguide::output::OutFile;
use careerguide::pipeline::{self, Options};
use common::dom::{self, Handle};
use common::*;

/// The pages a build of the project at `root` writes, by path (built in this process, so
/// the test reads what this code makes).
fn build_pages(root: &Path) -> BTreeMap<String, String> {
    let built = pipeline::build(root, &Options::default())
        .unwrap_or_else(|problems| panic!("the build failed: {problems:#?}"));
    built
        .files
        .into_iter()
        .filter_map(|f| match f {
            OutFile::Bytes { path, bytes } if path.ends_with(".html") => {
                Some((path, String::from_utf8(bytes).unwrap()))
            }
            _ => None,
        })
        .collect()
}

/// What markup looks like when it reaches readers as text.
const MARKUP: &[&str] = &["<!--", "-->", "=\"", "?>", "]]>", "<!", "<?", "</"];

/// A `<` that starts a tag name: markup shown as text.
fn raw_tag_in(text: &str) -> Option<&str> {
    text.match_indices('<').find_map(|(i, _)| {
        text[i + 1..]
            .starts_with(|c: char| c.is_ascii_alphabetic())
            .then(|| &text[i..(i + 20).min(text.len())])
    })
}

/// Markup syntax in the visible text of `node` outside code (where it is meant to show),
/// if any.
fn markup_in(node: &Handle) -> Option<String> {
    let mut text = String::new();
    prose(node, &mut text);
    for m in MARKUP {
        if let Some(at) = text.find(m) {
            let from = text[..at]
                .char_indices()
                .rev()
                .nth(30)
                .map_or(0, |(i, _)| i);
            return Some(format!("`{m}` in {:?}", &text[from..]));
        }
    }
    raw_tag_in(&text).map(|t| format!("a raw tag in {t:?}"))
}

/// The text of `node` outside `<pre>` and `<code>`, scripts and styles.
fn prose(node: &Handle, text: &mut String) {
    match dom::name(node).as_deref() {
        Some("pre" | "code" | "script" | "style" | "template" | "head") => return,
        Some(_) => text.push('\n'),
        None => {}
    }
    if let markup5ever_rcdom::NodeData::Text { contents } = &node.data {
        text.push_str(&contents.borrow());
    }
    for child in node.children.borrow().iter() {
        prose(child, text);
    }
}

/// The examples of a file in `tests/raw-html/`.
fn examples(file: &str) -> Vec<String> {
    let text = read(&repo().join("tests/raw-html"), file);
    let fence = "`".repeat(32);
    let mut out = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        match &mut current {
            None if line == format!("{fence} example") => current = Some(Vec::new()),
            Some(lines) if line == fence => {
                out.push(lines.join("\n"));
                current = None;
            }
            Some(lines) => lines.push(line),
            None => {}
        }
    }
    assert!(current.is_none(), "{file}: an example is not closed");
    out
}

/// `<a` start tags the author wrote in `markdown`, as raw HTML or Markdown links.
fn links_written(markdown: &str) -> usize {
    let lower = markdown.to_ascii_lowercase();
    let raw = lower
        .match_indices("<a")
        .filter(|(i, _)| {
            lower[i + 2..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        })
        .count();
    raw + markdown.matches("](").count()
}

/// A page and its content area (the page must outlive the node).
fn content_of(html: &str) -> (Handle, Handle) {
    let doc = dom::document(html);
    let content = dom::elements(&doc)
        .into_iter()
        .find(|e| dom::has_class(e, "content"))
        .expect("the page has a content area");
    (doc, content)
}

#[test]
fn the_bundled_site_shows_no_markup_as_text() {
    let pages = build_pages(&repo());
    assert!(pages.len() > 20, "{:?}", pages.keys());
    for (page, html) in &pages {
        let doc = dom::document(html);
        let body = dom::find(&doc, "body").unwrap();
        if let Some(found) = markup_in(&body) {
            panic!("{page}: {found}");
        }
    }
}

#[test]
fn raw_html_examples_show_no_markup_and_no_extra_links() {
    let mut all: Vec<(String, String)> = Vec::new();
    for file in ["commonmark-examples.txt", "tricky.txt"] {
        let found = examples(file);
        assert!(found.len() > 15, "{file}: {} examples", found.len());
        for (n, example) in found.into_iter().enumerate() {
            all.push((format!("{file} example {}", n + 1), example));
        }
    }
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    copy_dir(&repo().join("themes"), &root.join("themes"));
    write(
        root,
        "config.yaml",
        "title: Raw HTML corpus\nlanguage: en-GB\norganisation:\n  name: Example NHS Foundation Trust\ntheme: default\n",
    );
    write(
        root,
        "content/index.md",
        "---\ntitle: Raw HTML corpus\n---\n\nThe examples.\n",
    );
    for (i, (name, example)) in all.iter().enumerate() {
        write(
            root,
            &format!("content/example-{i}.md"),
            &format!("---\ntitle: Example {i}\nsummary: {name}\n---\n\n{example}\n"),
        );
    }
    let pages = build_pages(root);
    let mut problems = Vec::new();
    for (i, (name, example)) in all.iter().enumerate() {
        let (_doc, content) = content_of(&pages[&format!("example-{i}/index.html")]);
        if let Some(found) = markup_in(&content) {
            problems.push(format!("{name}: {found}\n  source: {example:?}"));
        }
        let links = dom::elements(&content)
            .into_iter()
            .filter(|e| dom::name(e).as_deref() == Some("a"))
            .count();
        if links > links_written(example) {
            problems.push(format!(
                "{name}: {links} links on the page, {} written\n  source: {example:?}",
                links_written(example)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_find_markup_and_extra_links() {
    // The two checks above, on pages that break them.
    let page = dom::document("<body><p>a &lt;!-- b</p><p>x</p></body>");
    assert!(markup_in(&page).is_some());
    let page = dom::document("<body><p>it, as said. --&gt;</p></body>");
    assert!(markup_in(&page).is_some());
    let page = dom::document("<body><p>&lt;div class=x&gt;</p></body>");
    assert!(markup_in(&page).is_some());
    let page = dom::document("<body><p>a &lt; b, 3 &gt; 2</p><pre>&lt;div&gt;</pre></body>");
    assert_eq!(markup_in(&page), None);
    assert_eq!(
        links_written("Read <a href=\"x\">this\n\n[and](y) <abbr>"),
        2
    );
}
