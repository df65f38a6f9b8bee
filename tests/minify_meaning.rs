//! Minifying never changes what a page means (issue #11): every page of the bundled site and
//! of a fixture full of hostile raw HTML, built minified and unminified, read by an HTML5
//! parser as a browser reads it, has its landmarks (`header`, `nav`, `main`, `footer`) in the
//! same place and in order, and shows the same text.

mod common;

use std::path::Path;

use common::dom::{self, Handle};
use common::*;

/// Builds `root` into `out/min` (minified) and `out/plain` (`--no-minify`).
fn build_both(root: &Path, out: &Path) {
    for (dir, extra) in [("min", None), ("plain", Some("--no-minify"))] {
        let target = out.join(dir);
        let mut args = vec!["build", "--output", target.to_str().unwrap()];
        args.extend(extra);
        let o = careerguide(root, &args);
        assert!(o.status.success(), "build {dir} failed:\n{}", stderr(&o));
    }
}

/// Each landmark with the landmarks it sits in: `footer.site-footer in body`.
fn landmarks(doc: &Handle) -> Vec<String> {
    dom::elements(doc)
        .into_iter()
        .filter(|e| {
            matches!(
                dom::name(e).as_deref(),
                Some("header" | "nav" | "main" | "footer")
            )
        })
        .map(|e| {
            let within: Vec<String> = dom::ancestors(&e)
                .into_iter()
                .filter(|a| matches!(a.as_str(), "header" | "nav" | "main" | "footer" | "body"))
                .collect();
            format!(
                "{}.{} in {}",
                dom::name(&e).unwrap(),
                dom::attr(&e, "class").unwrap_or_default(),
                within.join(" < ")
            )
        })
        .collect()
}

/// The site's frame: one `header`, `main` and `footer`, none inside another, in that order,
/// with navigation outside `main`'s neighbours' content.
fn check_frame(page: &str, marks: &[String]) {
    let top: Vec<&str> = marks
        .iter()
        .filter(|m| m.ends_with(" in body"))
        .map(|m| m.split('.').next().unwrap())
        .collect();
    let order: Vec<&str> = top
        .iter()
        .copied()
        .filter(|t| matches!(*t, "header" | "main" | "footer"))
        .collect();
    assert_eq!(
        order,
        ["header", "main", "footer"],
        "{page}: header, main and footer must be separate and in order: {marks:#?}"
    );
    for m in marks {
        let inside_main_or_footer = m.contains("in main") || m.contains("< main");
        assert!(
            !(m.starts_with("footer") || m.starts_with("header") || m.starts_with("main"))
                || m.ends_with(" in body"),
            "{page}: {m} is nested in another landmark: {marks:#?}"
        );
        assert!(
            !(m.starts_with("nav.primary-nav") && inside_main_or_footer),
            "{page}: {m}"
        );
    }
}

fn assert_same_meaning(out: &Path) -> usize {
    let plain_dir = out.join("plain");
    let pages: Vec<String> = files(&plain_dir)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(!pages.is_empty());
    for page in &pages {
        let plain = dom::document(&read(&plain_dir, page));
        let min = dom::document(&read(&out.join("min"), page));
        let plain_marks = landmarks(&plain);
        check_frame(page, &plain_marks);
        assert_eq!(
            landmarks(&min),
            plain_marks,
            "{page}: minifying moved a landmark"
        );
        let (plain_text, min_text) = (dom::visible_blocks(&plain), dom::visible_blocks(&min));
        if plain_text != min_text {
            let at = plain_text
                .iter()
                .zip(&min_text)
                .position(|(a, b)| a != b)
                .unwrap_or(plain_text.len().min(min_text.len()));
            panic!(
                "{page}: minified text differs from unminified at block {at}:\n  unminified: {:?}\n  minified:   {:?}",
                plain_text.get(at),
                min_text.get(at)
            );
        }
    }
    pages.len()
}

#[test]
fn every_bundled_page_keeps_its_landmarks_and_text_when_minified() {
    let out = tempfile::tempdir().unwrap();
    build_both(&repo(), out.path());
    let pages = assert_same_meaning(out.path());
    assert!(pages > 20, "only {pages} pages");
}

#[test]
fn hostile_raw_html_cannot_move_the_footer_or_change_text_when_minified() {
    let site = fixture("hostile-html");
    build_both(site.path(), site.path());
    assert_same_meaning(site.path());
    // The unclosed <div> at the end of the page stays inside the page's content.
    let page = dom::document(&read(&site.path().join("min"), "hostile/index.html"));
    let unclosed = dom::elements(&page)
        .into_iter()
        .find(|e| dom::attr(e, "id").as_deref() == Some("unclosed"))
        .expect("the unclosed div is kept");
    assert!(dom::ancestors(&unclosed).contains(&"main".to_string()));
    let footer = dom::find(&page, "footer").unwrap();
    assert_eq!(dom::ancestors(&footer)[0], "body");
    // CDATA and a processing instruction are raw HTML as CommonMark ends them (at `]]>` and
    // `?>`): removed whole, so no part of their markup reaches a reader, minified or not.
    let text = dom::visible_blocks(&page).join("\n");
    assert!(
        text.contains("Text with a CDATA section: and a processing instruction a b."),
        "{text}"
    );
    assert!(!text.contains("]]>") && !text.contains("?>"), "{text}");
}
