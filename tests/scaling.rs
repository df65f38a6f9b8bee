//! Work grows linearly with pages: the bundled project alone, plus 500, plus 2 000 generated
//! pages, built in-process with the work counted (`careerguide::counters`), not timed. Each
//! generated page links to its neighbours' sections and to the guide, like real pages. If
//! any step did work for every page *per page* (a list of the whole site in each page's
//! context, a search over all pages for each page), the extra work per page from 500 to
//! 2 000 pages would be several times that from 0 to 500; linear growth keeps them equal.

mod common;

use std::path::Path;

use careerguide::counters::{self, Counts};
use careerguide::pipeline::{self, Options};

fn project(generated: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        common::copy_dir(&common::repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(
        common::repo().join("config.yaml"),
        dir.path().join("config.yaml"),
    )
    .unwrap();
    generate(dir.path(), generated);
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

/// Counted work of one build, and the bytes of its pages.
fn measure(generated: usize) -> (Counts, u64, usize) {
    let site = project(generated);
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
    let html: u64 = built
        .files
        .iter()
        .filter(|f| f.path().ends_with(".html"))
        .map(|f| f.read().unwrap().len() as u64)
        .sum();
    (counts, html, built.page_count)
}

#[test]
fn work_per_page_stays_the_same_from_500_to_2000_pages() {
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
