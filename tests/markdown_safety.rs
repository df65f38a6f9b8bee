//! What many editors write reaches readers safely (issue #11): raw HTML goes through an
//! allow-list and every removal is reported with its line; `javascript:`, `vbscript:` and
//! `data:` links are errors; email, `tel:` and percent-encoded links work; table alignment
//! is a class the theme styles (the site's CSP forbids inline styles).

mod common;

use std::path::Path;

use common::dom::{self, Handle};
use common::*;

/// The page and its `<main>` (the page must outlive the node).
fn main_of(public: &Path, page: &str) -> (Handle, Handle) {
    let doc = dom::document(&read(public, page));
    let main = dom::find(&doc, "main").expect("the page has a <main>");
    (doc, main)
}

#[test]
fn hostile_raw_html_never_reaches_the_built_page() {
    let site = fixture("hostile-html");
    for minify in [true, false] {
        let public = site.path().join(if minify { "min" } else { "plain" });
        let mut args = vec!["build", "--output", public.to_str().unwrap()];
        if !minify {
            args.push("--no-minify");
        }
        let out = careerguide(site.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        let html = read(&public, "hostile/index.html");
        for gone in ["pwned", "evil.example", "alert(", "msgbox", "display: none"] {
            assert!(!html.contains(gone), "`{gone}` reached the page:\n{html}");
        }
        let (_page, main) = main_of(&public, "hostile/index.html");
        for element in dom::elements(&main) {
            let tag = dom::name(&element).unwrap();
            assert!(
                !matches!(
                    tag.as_str(),
                    "script"
                        | "style"
                        | "iframe"
                        | "form"
                        | "meta"
                        | "object"
                        | "embed"
                        | "base"
                        | "link"
                        | "svg"
                        | "circle"
                        | "button"
                ),
                "<{tag}> reached the page"
            );
            let markup5ever_rcdom::NodeData::Element { attrs, .. } = &element.data else {
                continue;
            };
            for a in attrs.borrow().iter() {
                let (name, value) = (&*a.name.local, a.value.to_ascii_lowercase());
                assert!(
                    !name.starts_with("on") && !matches!(name, "style" | "target" | "action"),
                    "`{name}` on <{tag}> reached the page"
                );
                if matches!(name, "href" | "src") {
                    let squeezed: String = value.chars().filter(|c| !c.is_whitespace()).collect();
                    for scheme in ["javascript:", "vbscript:", "data:"] {
                        assert!(!squeezed.starts_with(scheme), "{name}={value} on <{tag}>");
                    }
                }
            }
        }
        // What a guide legitimately uses is kept.
        let kept = dom::visible_blocks(&main).join("\n");
        for text in [
            "Kept: details",
            "Markdown inside a details element stays.",
            "Kept: a callout written in HTML.",
            "An unclosed div",
            "must not swallow the footer.",
            "JavaScript link",
        ] {
            assert!(kept.contains(text), "`{text}` is missing:\n{kept}");
        }
        let nihr = dom::elements(&main)
            .into_iter()
            .find(|e| dom::attr(e, "id").as_deref() == Some("blank"))
            .unwrap();
        assert_eq!(
            dom::attr(&nihr, "href").as_deref(),
            Some("https://www.nihr.ac.uk/")
        );
        assert_eq!(dom::attr(&nihr, "rel"), None);
        let covering = dom::elements(&main)
            .into_iter()
            .find(|e| dom::text_of(e) == "Covering div")
            .unwrap();
        assert_eq!(dom::attr(&covering, "class").as_deref(), Some("callout"));
    }
}

#[test]
fn a_large_paste_gets_a_bounded_list_of_removal_warnings_and_one_summary() {
    let site = fixture("hostile-html");
    // A Word paste: 1 000 lines whose styling the allow-list removes, one `<font>` among them.
    let mut page = String::from("---\ntitle: Pasted from Word\n---\n\n");
    for i in 0..1000 {
        if i == 500 {
            page.push_str("<p><font>Odd one out</font></p>\n\n");
        } else {
            page.push_str(&format!("<p style=\"margin:0\">Line {i}</p>\n\n"));
        }
    }
    std::fs::write(site.path().join("content/pasted.md"), page).unwrap();
    let check = careerguide(site.path(), &["check"]);
    let report = stdout(&check) + &stderr(&check);
    assert!(check.status.success(), "warnings only:\n{report}");
    let pasted: Vec<&str> = report.lines().filter(|l| l.contains("raw HTML:")).collect();
    let listed = report
        .matches("raw HTML: `style` on `<p>` removed from the page")
        .count();
    assert_eq!(
        listed,
        careerguide::lint::MAX_REMOVAL_WARNINGS,
        "the first removals are listed one by one:\n{report}"
    );
    let summary = "raw HTML: and 970 more removals in this file from here on, not listed one by one: `style` on `<p>` (969), `<font>` (its text is kept) (1)";
    assert!(
        report.contains(summary),
        "missing:\n{summary}\nin:\n{report}"
    );
    // The summary points at the first removal not listed: the 31st paragraph, on line 65.
    let flat: String = report
        .lines()
        .map(|l| l.trim_start().to_string() + "\n")
        .collect();
    assert!(
        flat.contains(&format!("warning: {summary}\n--> content/pasted.md:65\n")),
        "{report}"
    );
    // The hostile page's own 25 removals are all still listed, under the cap.
    assert_eq!(
        pasted.len(),
        careerguide::lint::MAX_REMOVAL_WARNINGS + 1 + 25,
        "{report}"
    );
}

#[test]
fn check_and_build_name_every_removal_with_file_and_line() {
    let site = fixture("hostile-html");
    let check = careerguide(site.path(), &["check"]);
    let report = stdout(&check) + &stderr(&check);
    assert!(check.status.success(), "warnings only:\n{report}");
    let flat: String = report
        .lines()
        .map(|l| l.trim_start().to_string() + "\n")
        .collect();
    let expected = [
        (7, "`<script>` and everything in it"),
        (9, "`<iframe>` and everything in it"),
        (11, "`<style>` and everything in it"),
        (13, "`<form>` (its text is kept)"),
        (13, "`type=\"text\"` on `<input>`"),
        (13, "`value` on `<input>`"),
        (13, "`<button>` (its text is kept)"),
        (15, "`<meta>` (its text is kept)"),
        (17, "`onerror` on `<img>`"),
        (19, "`onclick` on `<p>`"),
        (19, "`onmouseover` on `<p>`"),
        (
            21,
            "`href=\"javascript:window.pwned='javascript'\"` on `<a>`",
        ),
        (
            22,
            "`href=\" JaVaScRiPt:window.pwned='javascript-mixed'\"` on `<a>`",
        ),
        (23, "`href=\"vbscript:msgbox(1)\"` on `<a>`"),
        (
            24,
            "`href=\"data:text/html,<script>alert(1)</script>\"` on `<a>`",
        ),
        (
            25,
            "`src=\"data:image/svg+xml,<svg onload='alert(1)'/>\"` on `<img>`",
        ),
        (27, "`<svg>` and everything in it"),
        (29, "`<object>` and everything in it"),
        (30, "`<embed>` and everything in it"),
        (31, "`<base>` (its text is kept)"),
        (32, "`<link>` (its text is kept)"),
        (33, "`target` on `<a>`"),
        (34, "`style` on `<div>`"),
        (34, "class `overlay` on `<div>`"),
        (
            42,
            "`<?php echo 1; ?>` (a processing instruction, which browsers ignore)",
        ),
    ];
    for (line, what) in expected {
        let wanted = format!(
            "warning: raw HTML: {what} removed from the page\n--> content/hostile.md:{line}\n"
        );
        assert!(flat.contains(&wanted), "missing:\n{wanted}\nin:\n{report}");
    }
    assert_eq!(
        report.matches("raw HTML:").count(),
        expected.len(),
        "exactly one warning per removal:\n{report}"
    );
    // `build` shows the same warnings, and still builds.
    let build = careerguide(site.path(), &["build", "--no-minify"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let shown = stdout(&build) + &stderr(&build);
    assert!(
        shown.contains("raw HTML: `<script>` and everything in it removed from the page"),
        "{shown}"
    );
    assert!(shown.contains("content/hostile.md:7"), "{shown}");
}

#[test]
fn javascript_vbscript_and_data_links_in_markdown_are_errors_with_file_and_line() {
    for (link, scheme) in [
        ("[Click](javascript:alert(1))", "javascript"),
        ("[Click](JavaScript:alert(1))", "javascript"),
        ("[Click](<java\tscript:alert(1)>)", "javascript"),
        ("[Run](vbscript:msgbox)", "vbscript"),
        ("[Open](data:text/html;base64,PHNjcmlwdD4=)", "data"),
        ("![A chart](data:image/png;base64,iVBORw0KGgo=)", "data"),
        ("<javascript:alert(1)>", "javascript"),
    ] {
        let site = fixture("hostile-html");
        write(
            site.path(),
            "content/bad.md",
            &format!("---\ntitle: Bad\n---\n\nFirst line.\n\nSee {link} now.\n"),
        );
        let out = careerguide(site.path(), &["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{link}: {err}");
        assert!(err.contains("content/bad.md:7"), "{link}: {err}");
        assert!(
            err.contains(&format!(
                "`{scheme}:` addresses are not allowed in links or images"
            )),
            "{link}: {err}"
        );
        assert!(
            !site.path().join("public").exists(),
            "{link}: a failed build wrote output"
        );
    }
}

#[test]
fn links_editors_write_work_and_alignment_is_a_class() {
    let site = fixture("hostile-html");
    let out = careerguide(site.path(), &["build", "--no-minify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    let html = read(&public, "editors/index.html");
    // Email autolink → mailto:, tel: not marked as another site.
    assert!(
        html.contains("<a href=\"mailto:research@example.nhs.uk\">research@example.nhs.uk</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"tel:+441234567890\">01234 567890</a>"),
        "{html}"
    );
    // A percent-encoded file name and the same name in <…> lead to the file, encoded.
    assert_eq!(
        html.matches("href=\"../my%20report.pdf\"").count(),
        2,
        "{html}"
    );
    assert!(public.join("my report.pdf").is_file());
    // Bare addresses become links (marked as other sites); not inside code.
    assert!(
        html.contains("<a href=\"http://www.nihr.ac.uk\" class=\"external\">www.nihr.ac.uk<span class=\"visually-hidden\"> (external site)</span></a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"https://www.hra.nhs.uk/planning/\" class=\"external\">https://www.hra.nhs.uk/planning/<span"), "{html}");
    assert!(html.contains("<code>code www.example.org</code>"), "{html}");
    assert!(
        html.contains("<del>Old wording</del> new wording."),
        "{html}"
    );
    // Alignment: classes, never inline styles.
    assert!(!html.contains("style="), "{html}");
    for (class, n) in [("align-left", 3), ("align-center", 3), ("align-right", 3)] {
        assert_eq!(
            html.matches(&format!("class=\"{class}\"")).count(),
            n,
            "{class}: {html}"
        );
    }
    assert!(
        html.contains("<th class=\"align-center\">Funding</th>"),
        "{html}"
    );
    for theme in [
        "themes/default/static/css/site.css",
        "tests/fixtures/test-theme/default/static/css/site.css",
    ] {
        let css = std::fs::read_to_string(repo().join(theme)).unwrap();
        for rule in [
            "align-left{text-align:left}",
            "align-center{text-align:center}",
            "align-right{text-align:right}",
        ] {
            assert!(css.contains(rule), "{theme} lacks .{rule}");
        }
    }
    // No warnings for what editors wrote here.
    let check = careerguide(site.path(), &["check"]);
    let report = stdout(&check) + &stderr(&check);
    assert!(!report.contains("content/editors.md"), "{report}");
}

#[test]
fn malformed_email_and_phone_links_are_errors() {
    for (link, message) in [
        (
            "[Email us](mailto:research@trust)",
            "`mailto:research@trust` is not an email address",
        ),
        (
            "[Call us](tel:ring-the-office)",
            "`tel:ring-the-office` is not a telephone number",
        ),
        (
            "[Report](my%FFreport.pdf)",
            "has a `%` code that is not a character",
        ),
    ] {
        let site = fixture("hostile-html");
        write(
            site.path(),
            "content/bad.md",
            &format!("---\ntitle: Bad\n---\n\n{link}\n"),
        );
        let out = careerguide(site.path(), &["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{link}: {err}");
        assert!(
            err.contains(message) && err.contains("content/bad.md:5"),
            "{link}: {err}"
        );
    }
}

#[test]
fn raw_html_classes_are_the_ones_the_theme_documents() {
    let docs = std::fs::read_to_string(repo().join("docs/theming.md")).unwrap();
    let section = docs
        .split("## Classes for raw HTML")
        .nth(1)
        .expect("docs/theming.md has a \"Classes for raw HTML\" section");
    let section = section.split("\n## ").next().unwrap();
    let documented: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    assert_eq!(documented, careerguide::html::EDITOR_CLASSES);
    let css = std::fs::read_to_string(repo().join("themes/default/static/css/site.css")).unwrap();
    for class in documented {
        assert!(
            css.contains(&format!(".{class}")),
            "the default theme does not style .{class}"
        );
    }
}
