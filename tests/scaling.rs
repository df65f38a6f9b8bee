//! Work grows linearly with pages: the bundled project alone, plus 500, plus 2 000 generated
//! pages, built in-process with the work counted (`careerguide::counters`), not timed. Each
//! generated page links to its neighbours' sections and to the guide, like real pages. If
//! any step did work for every page *per page* (a list of the whole site in each page's
//! context, a search over all pages for each page), the extra work per page from 500 to
//! 2 000 pages would be several times that from 0 to 500; linear growth keeps them equal.
//!
//! The one-section shape puts every generated page in the guide (`content/guide/`), so the
//! whole-guide print page, the guide's contents page and the A–Z of topics list all of
//! them: the memory a build holds for one page must grow with the list of titles (the index),
//! not with the sum of the pages' text. Long summaries (shown only on the contents page)
//! tell the contents page's own growth apart from the lists of titles.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use careerguide::counters::{self, Counts};
use careerguide::pipeline::{self, Options};

fn project_with(generated: usize, make: fn(&Path, usize)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        common::copy_dir(&common::repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(
        common::repo().join("config.yaml"),
        dir.path().join("config.yaml"),
    )
    .unwrap();
    make(dir.path(), generated);
    dir
}

fn generate(root: &Path, count: usize) {
    if count == 0 {
        return;
    }
    let dir = root.join("content/generated");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("_index.md"),
        "---\ntitle: Generated pages\nsummary: Pages made for the scaling test.\n---\n\nEvery generated page.\n",
    )
    .unwrap();
    let paragraph = "Clinical academics combine research with clinical practice. Managers can \
support them by protecting time for study and helping them find a mentor.";
    for i in 0..count {
        let prev = (i + count - 1) % count;
        let next = (i + 1) % count;
        let text = format!(
            "---\ntitle: Generated page {i}\nsummary: Page {i} of the test.\n---\n\n{paragraph}\n\n\
## Getting started\n\n{paragraph}\n\n- Read the [introduction](../guide/01-introduction.md).\n\
- See [page {prev}](page-{prev:05}.md#getting-started).\n\n## Building support networks\n\n\
{paragraph} See [page {next}](page-{next:05}.md#building-support-networks).\n"
        );
        std::fs::write(dir.join(format!("page-{i:05}.md")), text).unwrap();
    }
}

/// `count` guide sections in `content/guide/`, each about 900 words (6–7 KB of HTML) under
/// three headings, linking to the guide and to a neighbour's section.
fn guide_sections(root: &Path, count: usize) {
    sections_summarised(root, count, "");
}

/// [`guide_sections`], each with a summary of about 2 KB: the guide's contents page shows
/// each summary, so it grows by that much a section while nothing else does.
fn guide_sections_long_summaries(root: &Path, count: usize) {
    let long = " It explains, step by step, how a clinical academic career is planned, funded \
and supported, and what a manager can do at each stage.";
    sections_summarised(root, count, &long.repeat(16));
}

fn sections_summarised(root: &Path, count: usize, more_summary: &str) {
    let dir = root.join("content/guide");
    let sentence = "Clinical academics combine research with clinical practice, and managers \
can support them by protecting time for study, agreeing a plan and helping them find a mentor. ";
    let paragraph = sentence.repeat(10);
    for i in 0..count {
        let next = (i + 1) % count;
        let text = format!(
            "---\ntitle: Added section {i}\nsummary: Section {i} of the test.{more_summary}\n---\n\n{paragraph}\n\n\
## Getting started\n\n{paragraph}\n\n{paragraph}\n\n- Read the [introduction](01-introduction.md).\n\n\
## Building support networks\n\n{paragraph}\n\n{paragraph} See [section {next}](90-added-{next:05}.md#getting-started).\n\n\
## Planning ahead\n\n{paragraph}\n"
        );
        std::fs::write(dir.join(format!("90-added-{i:05}.md")), text).unwrap();
    }
}

/// The counters are global: the tests in this file take turns.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Counted work of one build, and the bytes of its pages.
fn measure(generated: usize) -> (Counts, u64, usize) {
    let (counts, html, pages, _) = measure_shape(generated, generate);
    (counts, html, pages)
}

/// [`measure`] for a shape made by `make`, with the built files by path.
fn measure_shape(
    generated: usize,
    make: fn(&Path, usize),
) -> (Counts, u64, usize, BTreeMap<String, Vec<u8>>) {
    let site = project_with(generated, make);
    let options = Options {
        minify: Some(false),
        today: Some(jiff::civil::date(2026, 12, 1)),
        // The index is the search crate's, measured by its own benchmark.
        defer_search_index: true,
        ..Options::default()
    };
    counters::start();
    let built = pipeline::build(site.path(), &options)
        .unwrap_or_else(|e| panic!("build with {generated} generated pages failed: {e:#?}"));
    let counts = counters::read();
    let files: BTreeMap<String, Vec<u8>> = built
        .files
        .iter()
        .map(|f| (f.path().to_string(), f.read().unwrap()))
        .collect();
    let html: u64 = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(_, bytes)| bytes.len() as u64)
        .sum();
    (counts, html, built.page_count, files)
}

#[test]
fn work_per_page_stays_the_same_from_500_to_2000_pages() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let base = measure(0);
    let small = measure(500);
    let large = measure(2000);
    assert_eq!(small.2 - base.2, 501, "500 pages and their section index");
    assert_eq!(large.2 - base.2, 2001);
    let slopes = |pick: fn(&(Counts, u64, usize)) -> u64, what: &str| {
        let low = (pick(&small) - pick(&base)) as f64 / 500.0;
        let high = (pick(&large) - pick(&small)) as f64 / 1500.0;
        assert!(low > 0.0, "{what}: no work counted for the first 500 pages");
        assert!(
            high <= low * 1.15,
            "{what} grows faster than the pages: {low:.1} per page for the first 500, \
             {high:.1} per page for the next 1 500"
        );
        eprintln!("{what}: {low:.1} per page, then {high:.1} per page");
    };
    slopes(|m| m.0.renders, "template renders");
    slopes(|m| m.0.context_bytes, "template context bytes");
    slopes(|m| m.0.links_resolved, "link resolutions");
    slopes(|m| m.0.template_lookups, "template look-ups");
    slopes(|m| m.1, "page HTML bytes");
}

#[test]
fn pages_that_list_the_whole_guide_are_held_one_part_at_a_time() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let small = measure_shape(100, guide_sections);
    let large = measure_shape(400, guide_sections);
    let size = |m: &(Counts, u64, usize, BTreeMap<String, Vec<u8>>), path: &str| {
        m.3.get(path).unwrap_or_else(|| panic!("no {path}")).len() as f64
    };
    let per_page = |path: &str| (size(&large, path) - size(&small, path)) / 300.0;
    // The shape does what it is for: each added section adds its whole text to the print
    // page, and a line to the guide's contents and to the A–Z.
    let print = per_page("print/index.html");
    let section = size(&large, "guide/added-00007/index.html");
    assert_eq!(
        large.0.pages_written - small.0.pages_written,
        300,
        "each added section is one page written"
    );
    assert_eq!(
        large.0.pages_written, large.2 as u64,
        "every page written once"
    );
    assert!(
        print > 4_000.0,
        "the print page grew by {print:.0} bytes a section"
    );
    assert!(per_page("a-to-z/index.html") > 100.0);
    // The search page links to the A–Z and lists nothing itself (it must stay small to load).
    assert_eq!(per_page("search/index.html"), 0.0);
    assert!(per_page("guide/index.html") > 50.0);
    // What one step of the page pass held at most: with the print page and the A–Z written
    // in parts, that grows with their list of titles (a few hundred bytes a section), not
    // with the text of every section (the print page's growth, several KB a section).
    let held = (large.0.most_held as f64 - small.0.most_held as f64) / 300.0;
    eprintln!(
        "print page {print:.0} bytes a section; held at most {} then {} bytes ({held:.0} a section); \
         one section's page {section:.0} bytes",
        small.0.most_held, large.0.most_held
    );
    assert!(
        held < print / 8.0,
        "the most held at once grew by {held:.0} bytes a section, the print page by {print:.0}: \
         a page that lists the whole guide is held whole"
    );
}

#[test]
fn a_contents_page_is_held_a_group_of_cards_at_a_time() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let small = measure_shape(100, guide_sections_long_summaries);
    let large = measure_shape(400, guide_sections_long_summaries);
    assert_eq!(large.0.pages_written - small.0.pages_written, 300);
    let contents = |m: &(Counts, u64, usize, BTreeMap<String, Vec<u8>>)| {
        let page =
            m.3.get("guide/index.html")
                .expect("the guide's contents page");
        let text = String::from_utf8_lossy(page);
        // The page lists every section, each once, with its summary.
        for i in [0, 57, 99] {
            let card = format!(
                "<a class=\"card-link\" href=\"added-{i:05}/index.html\">Added section {i}</a>"
            );
            assert_eq!(text.matches(&card).count(), 1, "{card}");
        }
        page.len() as f64
    };
    let listed = (contents(&large) - contents(&small)) / 300.0;
    assert!(
        listed > 2_000.0,
        "the contents page grew by {listed:.0} bytes a section"
    );
    // What one step of the page pass held at most grows with the lists of titles the print
    // page and the A–Z carry (a few hundred bytes a section), not with the contents page,
    // which shows each section's 2 KB summary: held whole, it and its copy would add more
    // than 4 KB a section.
    let held = (large.0.most_held as f64 - small.0.most_held as f64) / 300.0;
    eprintln!(
        "contents page {listed:.0} bytes a section; held at most {} then {} bytes ({held:.0} a section)",
        small.0.most_held, large.0.most_held
    );
    assert!(
        held < listed / 2.0,
        "the most held at once grew by {held:.0} bytes a section, the contents page by \
         {listed:.0}: the contents page is held whole"
    );
}

/// `count` pages spread over 16 folders 8 levels below `content/` (`deep/level-1-0/…`: 2, 4,
/// 8 and 16 folders at levels 1–4, then one below each), a contents page in each of the 79
/// folders; each page links to a neighbour's section and to the guide.
fn deep_folders(root: &Path, count: usize) {
    let paragraph = "Clinical academics combine research with clinical practice. Managers can \
support them by protecting time for study and helping them find a mentor.";
    let leaf_dir = |leaf: usize| {
        let mut dir = vec!["deep".to_string()];
        for level in 1..=7usize {
            let k = if level <= 4 {
                leaf >> (4 - level)
            } else {
                leaf
            };
            dir.push(format!("level-{level}-{k}"));
        }
        dir
    };
    for leaf in 0..16 {
        let dir = leaf_dir(leaf);
        for depth in 1..=dir.len() {
            let folder = dir[..depth]
                .iter()
                .fold(root.join("content"), |p, d| p.join(d));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(
                folder.join("_index.md"),
                format!(
                    "---\ntitle: Folder {}\nsummary: A folder of the test.\n---\n\nPages.\n",
                    dir[..depth].join(" ")
                ),
            )
            .unwrap();
        }
    }
    let leaf_of = |i: usize| i * 16 / count.max(1);
    for i in 0..count {
        let dir = leaf_dir(leaf_of(i));
        let folder = dir.iter().fold(root.join("content"), |p, d| p.join(d));
        // A neighbour in the same folder (or the page itself, alone in its folder).
        let next = if i + 1 < count && leaf_of(i + 1) == leaf_of(i) {
            i + 1
        } else {
            (0..=i).find(|&j| leaf_of(j) == leaf_of(i)).unwrap()
        };
        let up = "../".repeat(dir.len());
        let text = format!(
            "---\ntitle: Deep page {i}\nsummary: Page {i} of the test.\n---\n\n{paragraph}\n\n\
## Getting started\n\n{paragraph}\n\n- Read the [introduction]({up}guide/01-introduction.md).\n\
- See [page {next}](page-{next:05}.md#getting-started).\n"
        );
        std::fs::write(folder.join(format!("page-{i:05}.md")), text).unwrap();
    }
}

/// The deep shape: pages 8 folders down, where each page's breadcrumbs, navigation and
/// addresses are longest. From 250 to 1 000 to 2 000 pages (the 79 folders in all three),
/// the work per added page stays the same: no step walks the folders or the site per page.
#[test]
fn work_per_page_stays_the_same_in_deep_folders() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let base = measure_shape(250, deep_folders);
    let small = measure_shape(1000, deep_folders);
    let large = measure_shape(2000, deep_folders);
    assert_eq!(small.2 - base.2, 750, "each added page is one page");
    assert_eq!(large.2 - small.2, 1000);
    assert_eq!(
        large.0.pages_written, large.2 as u64,
        "every page written once"
    );
    let page = &large.3["deep/level-1-1/level-2-3/level-3-7/level-4-15/level-5-15/level-6-15/level-7-15/page-01999/index.html"];
    let page = String::from_utf8_lossy(page);
    // 8 folders and the page's own folder up to the site's root.
    let to_guide = format!("href=\"{}guide/introduction/index.html\"", "../".repeat(9));
    assert!(
        page.contains(&to_guide),
        "a page 8 folders down links to the guide"
    );
    type Pick = fn(&(Counts, u64, usize, BTreeMap<String, Vec<u8>>)) -> u64;
    let slopes = |pick: Pick, what: &str| {
        let low = (pick(&small) - pick(&base)) as f64 / 750.0;
        let high = (pick(&large) - pick(&small)) as f64 / 1000.0;
        assert!(low > 0.0, "{what}: no work counted for the added pages");
        assert!(
            high <= low * 1.15,
            "{what} grows faster than the pages in deep folders: {low:.1} per page from 250 \
             to 1 000, {high:.1} per page from 1 000 to 2 000"
        );
        eprintln!("deep folders, {what}: {low:.1} per page, then {high:.1} per page");
    };
    slopes(|m| m.0.renders, "template renders");
    slopes(|m| m.0.context_bytes, "template context bytes");
    slopes(|m| m.0.links_resolved, "link resolutions");
    slopes(|m| m.0.template_lookups, "template look-ups");
    slopes(|m| m.1, "page HTML bytes");
}

/// `count` glossary terms no page uses, added to the bundled glossary.
fn unused_terms(root: &Path, count: usize) {
    let path = root.join("content/glossary.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for i in 0..count {
        text.push_str(&format!(
            "  - term: ZQX{i}\n    expansion: Zeta quango extra number {i}\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn reporting_unused_glossary_terms_grows_with_the_terms_not_their_square() {
    // Each unused term searched the glossary and scanned its file for its line: 10 000
    // unused terms took about a minute in checks. Counted: entries and lines looked at.
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let steps = |terms: usize| {
        let (counts, ..) = measure_shape(terms, unused_terms);
        counts.glossary_steps as f64
    };
    let base = steps(0);
    let small = steps(500);
    let large = steps(2000);
    let low = (small - base) / 500.0;
    let high = (large - small) / 1500.0;
    eprintln!("glossary steps: {low:.1} per unused term, then {high:.1}");
    assert!(low > 0.0, "no work counted for unused terms");
    assert!(
        high <= low * 1.15,
        "reporting unused terms grows faster than the terms: {low:.1} steps per term for the \
         first 500, {high:.1} for the next 1 500"
    );
}

/// `serve` after a save that changes only one section's text, in a guide of 300 added
/// sections: the page is rendered again through its template, and no other page is (the
/// guide's contents page, its neighbours' previous/next links, the print page's contents
/// and the A–Z show titles and headings, which did not change).
#[test]
fn a_save_that_changes_only_a_body_renders_only_that_page() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let site = project_with(300, guide_sections);
    let options = Options {
        minify: Some(false),
        today: Some(jiff::civil::date(2026, 12, 1)),
        ..Options::default()
    };
    let memory = pipeline::Memory::default();
    pipeline::build_remembering(site.path(), &options, &memory).unwrap();
    let page = site.path().join("content/guide/90-added-00150.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let edited = text.replacen(
        "helping them find a mentor",
        "helping them find a good mentor",
        1,
    );
    assert_ne!(text, edited);
    std::fs::write(&page, edited).unwrap();
    counters::start();
    let built = pipeline::build_remembering(site.path(), &options, &memory).unwrap();
    let counts = counters::read();
    let section = built
        .files
        .iter()
        .find(|f| f.path() == "guide/added-00150/index.html")
        .expect("the edited section's page");
    assert!(String::from_utf8_lossy(&section.read().unwrap()).contains("find a good mentor"));
    eprintln!(
        "{} pages written, {} rendered through their template",
        counts.pages_written, counts.renders
    );
    assert!(counts.pages_written > 300, "every page is still written");
    assert_eq!(
        counts.renders, 1,
        "a body-only save renders only its own page"
    );
}

/// `count` pages in `content/reports/` of just over [`pipeline::LARGE_PAGE_BYTES`] of
/// Markdown each (150-word paragraphs under "Part N" headings), and as many short pages.
fn large_pages(root: &Path, count: usize) {
    let dir = root.join("content/reports");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("_index.md"),
        "---\ntitle: Reports\nsummary: Long reports.\n---\n\nEvery report.\n",
    )
    .unwrap();
    let sentence = "Clinical academics combine research with clinical practice, and managers \
can support them by protecting time for study. ";
    let paragraph = sentence.repeat(8);
    for i in 0..count {
        let mut text =
            format!("---\ntitle: Report {i}\nsummary: A long report.\n---\n\n{paragraph}\n\n");
        let mut part = 0;
        while text.len() <= pipeline::LARGE_PAGE_BYTES {
            part += 1;
            text.push_str(&format!("## Part {part}\n\n{paragraph}\n\n{paragraph}\n\n"));
        }
        std::fs::write(dir.join(format!("report-{i}.md")), text).unwrap();
        std::fs::write(
            dir.join(format!("note-{i}.md")),
            format!("---\ntitle: Note {i}\nsummary: A short note.\n---\n\n{paragraph}\n"),
        )
        .unwrap();
    }
}

#[test]
fn two_very_large_pages_are_never_built_at_once() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    // Each costs about 22 times its Markdown while it is built: side by side, two of them
    // made the large shape's peak memory (docs/performance.md, "Shapes of site").
    let (counts, _, pages, _) = measure_shape(3, large_pages);
    assert_eq!(
        counts.pages_written, pages as u64,
        "every page written once"
    );
    assert_eq!(
        counts.most_large_at_once,
        1,
        "pages over {} bytes of Markdown built at once in the page pass",
        pipeline::LARGE_PAGE_BYTES
    );
}
