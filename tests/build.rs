//! `careerguide build` as an editor and a trust use it: a fixture site with every content kind,
//! every kind of mistake, and the guarantee that a failed build keeps the previous site.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;

fn build(root: &Path) -> std::process::Output {
    careerguide(root, &["build", "--no-minify"])
}

fn assert_built(root: &Path) {
    let out = build(root);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
}

#[test]
fn every_content_kind_is_published_at_a_pretty_address() {
    let site = fixture("basic");
    assert_built(site.path());
    let public = site.path().join("public");
    let files = files(&public);
    for expected in [
        "index.html",
        "404.html",
        "guide/index.html",
        "guide/getting-going/index.html",
        "guide/supporting-staff/index.html",
        "case-studies/index.html",
        "case-studies/example-person/index.html",
        "checklists/first-steps/index.html",
        "checklists/first-steps/first-steps.txt",
        "glossary/index.html",
        "resources/index.html",
        "search/index.html",
        "print/index.html",
        "about/index.html",
        "images/pic.png",
        "assets/css/site.css",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected} missing from {files:#?}"
        );
    }
    // Drafts, templates and READMEs are never published.
    assert!(
        !files
            .iter()
            .any(|f| f.contains("unfinished") || f.contains("template") || f.contains("README"))
    );
    // Without base_url there is no sitemap (it needs absolute addresses).
    assert!(!files.contains(&"sitemap.xml".to_string()));
}

#[test]
fn a_build_with_one_warning_says_one_warning() {
    let site = fixture("basic");
    let glossary = read(site.path(), "content/glossary.yaml");
    write(
        site.path(),
        "content/glossary.yaml",
        &format!("{glossary}  - term: ZQX\n    expansion: Zqx never used\n"),
    );
    let out = build(site.path());
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("(1 warning: run"), "{said}");
}

#[test]
fn a_page_with_only_a_title_builds() {
    let site = fixture("basic");
    assert_built(site.path());
    let about = read(&site.path().join("public"), "about/index.html");
    assert!(about.contains("<h1>About</h1>"), "{about}");
}

#[test]
fn guide_pages_have_contents_prev_next_breadcrumbs_and_review_dates() {
    let site = fixture("basic");
    assert_built(site.path());
    let public = site.path().join("public");
    let first = read(&public, "guide/getting-going/index.html");
    let second = read(&public, "guide/supporting-staff/index.html");
    assert!(first.contains("<title>Getting going – Test Guide</title>"));
    assert!(
        first.contains("href=\"#find-a-mentor\""),
        "on-this-page link missing"
    );
    assert!(
        first.contains("href=\"../supporting-staff/index.html\""),
        "next link missing"
    );
    assert!(
        second.contains("href=\"../getting-going/index.html\""),
        "previous link missing"
    );
    assert!(
        first.contains("aria-label=\"Breadcrumb\"") && first.contains("href=\"../index.html\"")
    );
    assert!(
        first.contains("15 January 2026"),
        "last reviewed date missing"
    );
    assert!(
        first.contains("15 January 2027"),
        "next review date (12 months) missing"
    );
    assert!(
        !second.contains("Page last reviewed"),
        "no review dates without `reviewed`"
    );
}

#[test]
fn markdown_conventions_render_as_readers_need_them() {
    let site = fixture("basic");
    assert_built(site.path());
    let public = site.path().join("public");
    let first = read(&public, "guide/getting-going/index.html");
    let second = read(&public, "guide/supporting-staff/index.html");
    // Links written as file paths become relative page addresses with anchors.
    assert!(second.contains("href=\"../getting-going/index.html#find-a-mentor\""));
    assert!(second.contains("href=\"../../glossary/index.html#rds\""));
    // Quotation with attribution; editorial note; wrapped table; external link marked.
    assert!(
        first.contains("<figcaption>Professor Example Person, Example University</figcaption>")
    );
    assert!(second.contains("callout callout-note") && second.contains("Editorial note"));
    assert!(second.contains("class=\"table-wrap\""));
    assert!(second.contains("class=\"external\""));
    // First use of an abbreviation only.
    assert_eq!(
        first
            .matches("<abbr title=\"Research Design Service\">RDS</abbr>")
            .count(),
        1
    );
    // Images resolve relative to the page's new location.
    assert!(first.contains("src=\"../../images/pic.png\" alt=\"A diagram of the pathway\""));
    // Checklist items are real labelled checkboxes.
    let list = read(&public, "checklists/first-steps/index.html");
    assert!(
        list.contains("type=\"checkbox\"")
            && list.contains("<label for=\"first-steps-find-a-mentor\">")
    );
    let text = read(&public, "checklists/first-steps/first-steps.txt");
    assert!(
        text.contains("Networks\n--------\n- [ ] Find a mentor\n- [ ] Talk to your manager"),
        "{text}"
    );
}

#[test]
fn base_url_adds_sitemap_robots_and_canonical_links() {
    let site = fixture("basic");
    let out = careerguide(
        site.path(),
        &[
            "build",
            "--base-url",
            "https://intranet.example.nhs.uk/research",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    let sitemap = read(&public, "sitemap.xml");
    assert!(
        sitemap
            .contains("<loc>https://intranet.example.nhs.uk/research/guide/getting-going/</loc>")
    );
    assert!(!sitemap.contains("404"));
    assert!(
        read(&public, "robots.txt")
            .contains("Sitemap: https://intranet.example.nhs.uk/research/sitemap.xml")
    );
    let page = read(&public, "guide/getting-going/index.html");
    assert!(page.contains("https://intranet.example.nhs.uk/research/guide/getting-going/"));
    // The 404 page is served from any folder, so its links are absolute.
    assert!(
        read(&public, "404.html").contains("https://intranet.example.nhs.uk/research/index.html")
    );
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let site = fixture("basic");
    let a = site.path().join("a");
    let b = site.path().join("b");
    for out in [&a, &b] {
        let o = careerguide(site.path(), &["build", "--output", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let files_a = files(&a);
    assert_eq!(files_a, files(&b));
    for f in &files_a {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs"
        );
    }
}

/// Builds, breaks the site with `mistake`, and checks the error and the untouched output.
fn assert_mistake(mistake: impl FnOnce(&Path), expected: &[&str]) -> String {
    let site = fixture("basic");
    assert_built(site.path());
    let public = site.path().join("public");
    let before: Vec<(String, Vec<u8>)> = files(&public)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(public.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    mistake(site.path());
    let out = build(site.path());
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1, got {:?}:\n{err}",
        out.status
    );
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert!(err.contains("hint:"), "no hint in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    let after: Vec<(String, Vec<u8>)> = files(&public)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(public.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert!(before == after, "a failed build changed public/");
    err
}

#[test]
fn malformed_front_matter_yaml_is_located() {
    assert_mistake(
        |root| {
            write(
                root,
                "content/about.md",
                "---\ntitle: About\nsummary: [unclosed\n---\nText\n",
            )
        },
        &["content/about.md:3"],
    );
}

#[test]
fn missing_title_is_reported() {
    assert_mistake(
        |root| {
            write(
                root,
                "content/about.md",
                "---\nsummary: No title\n---\nText\n",
            )
        },
        &["content/about.md:2", "`title` is missing"],
    );
}

#[test]
fn unknown_front_matter_key_suggests_the_right_one() {
    assert_mistake(
        |root| {
            write(
                root,
                "content/about.md",
                "---\ntitle: About\nsumary: typo\n---\n",
            )
        },
        &[
            "content/about.md:3",
            "unknown field `sumary`",
            "did you mean `summary`",
        ],
    );
}

#[test]
fn unknown_config_key_suggests_the_right_one() {
    assert_mistake(
        |root| {
            let config = read(root, "config.yaml").replace("description:", "descripton:");
            write(root, "config.yaml", &config);
        },
        &["config.yaml:2", "did you mean `description`"],
    );
}

#[test]
fn two_pages_at_one_address_are_reported() {
    assert_mistake(
        |root| {
            write(
                root,
                "content/guide/getting-going.md",
                "---\ntitle: Again\n---\n",
            )
        },
        &["would both be published at guide/getting-going/"],
    );
}

#[test]
fn broken_link_and_broken_anchor_are_located_together() {
    let err = assert_mistake(
        |root| {
            write(
                root,
                "content/about.md",
                "---\ntitle: About\n---\nFirst line.\n\nSee [the guide](guide/03-missing.md).\n\nAnd [mentors](guide/01-getting-going.md#mentors).\n",
            );
        },
        &[
            "content/about.md:6",
            "guide/03-missing.md",
            "content/about.md:8",
            "has no heading or anchor `#mentors`",
            "did you mean `#find-a-mentor`",
        ],
    );
    assert!(err.contains("2 problems"), "{err}");
}

#[test]
fn root_absolute_links_and_links_to_drafts_are_errors() {
    assert_mistake(
        |root| {
            write(
                root,
                "content/about.md",
                "---\ntitle: About\n---\n[Home](/index.html) and [story](case-studies/unfinished.md)\n",
            );
        },
        &["starts with `/`", "links to a draft page"],
    );
}

#[test]
fn template_errors_name_the_template_line() {
    assert_mistake(
        |root| {
            let path = "themes/default/templates/base.html";
            let t = read(root, path);
            assert!(t.contains("{{ site.organisation.name }}"));
            let t = t.replacen(
                "{{ site.organisation.name }}",
                "{{ site.no_such_field }}",
                1,
            );
            write(root, path, &t);
        },
        &[
            "themes/default/templates/base.html:",
            "no_such_field",
            "while rendering content/",
        ],
    );
}

#[test]
fn a_missing_theme_is_explained() {
    assert_mistake(
        |root| {
            let config = read(root, "config.yaml") + "theme: our-trust\n";
            write(root, "config.yaml", &config);
        },
        &["theme `our-trust` not found", "default"],
    );
}

#[test]
fn usage_errors_exit_2_and_help_explains_options() {
    let site = fixture("basic");
    let out = careerguide(site.path(), &["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let help = stdout(&careerguide(site.path(), &["build", "--help"]));
    for option in ["--output", "--base-url", "--root"] {
        assert!(help.contains(option), "{option} not in help:\n{help}");
    }
}

#[test]
fn running_outside_a_project_says_what_to_do() {
    let empty = tempfile::tempdir().unwrap();
    let out = build(empty.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--root"), "{}", stderr(&out));
}

// ---- The bundled guide ----

fn bundled() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let o = careerguide(
        &repo(),
        &["build", "--no-minify", "--output", public.to_str().unwrap()],
    );
    assert!(
        o.status.success(),
        "bundled site failed to build:\n{}",
        stderr(&o)
    );
    (out, public)
}

/// Letters only, lowercased: survives mended spacing, punctuation and smart quotes.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn bundled_guide_carries_every_paragraph_and_quotation_of_the_source() {
    // The source text the guide was made from, kept in the repository so the suite passes in
    // a fresh clone (tests/data/README.md).
    let seed_path = repo().join("tests/data/building-a-research-career.txt");
    let Ok(seed) = std::fs::read_to_string(&seed_path) else {
        panic!("source text not found at {}", seed_path.display());
    };
    let (_dir, public) = bundled();
    let guide: String = files(&public.join("guide"))
        .iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| letters(&visible_text(&read(&public.join("guide"), f))))
        .collect();
    let chrome = [
        "This site is optimised",
        "This is a new site",
        "Feedback form",
    ];
    let mut missing = Vec::new();
    for line in seed.lines().map(str::trim).filter(|l| l.len() > 30) {
        // Section numbers ("4. So you want…") become the order of the pages.
        let line = line
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(". ");
        if chrome.iter().any(|c| line.starts_with(c)) {
            continue;
        }
        let l = letters(line);
        // Check the line in 60-letter pieces, so one mended glitch cannot hide a lost sentence.
        let chars: Vec<char> = l.chars().collect();
        for chunk in chars.chunks(60).filter(|c| c.len() >= 20) {
            let piece: String = chunk.iter().collect();
            if !guide.contains(&piece) {
                missing.push(format!("{piece}  (from: {line:.80})"));
            }
        }
    }
    assert!(
        missing.len() <= 3,
        "{} pieces of the source are missing from the guide pages:\n{}",
        missing.len(),
        missing.join("\n")
    );
    for person in [
        "Jo Cooper",
        "Steve Wootton",
        "Mary Hickson",
        "Nadine Foster",
        "Handbook to the NHS Constitution",
    ] {
        assert!(guide.contains(&letters(person)), "{person} missing");
    }
}

#[test]
fn bundled_site_has_every_part_and_every_link_resolves_from_disk() {
    let (_dir, public) = bundled();
    let all = files(&public);
    for expected in [
        "index.html",
        "404.html",
        "guide/introduction/index.html",
        "guide/why-research-is-important/index.html",
        "guide/the-clinical-academic-role/index.html",
        "guide/so-you-want-to-be-a-clinical-academic/index.html",
        "guide/for-managers/index.html",
        "guide/what-to-discuss/index.html",
        "guide/useful-information-and-resources/index.html",
        "case-studies/jo-cooper/index.html",
        "case-studies/steve-wootton/index.html",
        "case-studies/mary-hickson/index.html",
        "case-studies/nadine-foster/index.html",
        "career-pathway/index.html",
        "checklists/getting-started/index.html",
        "checklists/supporting-a-staff-member/index.html",
        "checklists/conversation/index.html",
        "resources/index.html",
        "glossary/index.html",
        "accessibility/index.html",
        "search/index.html",
        "print/index.html",
    ] {
        assert!(all.contains(&expected.to_string()), "{expected} missing");
    }
    let pages: Vec<&String> = all.iter().filter(|f| f.ends_with(".html")).collect();
    let ids = |f: &str| -> BTreeSet<String> { careerguide::html::ids_in(&read(&public, f)) };
    let mut problems = Vec::new();
    for page in &pages {
        let html = read(&public, page);
        let dir = Path::new(page.as_str()).parent().unwrap();
        for r in references(&html) {
            if r.starts_with("http://") || r.starts_with("https://") || r.starts_with("mailto:") {
                continue;
            }
            if r.starts_with('/') {
                problems.push(format!("{page}: root-absolute reference {r}"));
                continue;
            }
            let (path, fragment) = r.split_once('#').unwrap_or((&r, ""));
            let target = if path.is_empty() {
                page.to_string()
            } else {
                let joined = dir.join(path.split('?').next().unwrap());
                normalise(&joined)
            };
            if !public.join(&target).is_file() {
                problems.push(format!("{page}: {r} → {target} does not exist"));
                continue;
            }
            if !fragment.is_empty() && target.ends_with(".html") && !ids(&target).contains(fragment)
            {
                problems.push(format!("{page}: {r} → no id {fragment} in {target}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn normalise(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().to_string()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn bundled_case_studies_hold_only_what_the_source_says() {
    let (_dir, public) = bundled();
    let wootton = visible_text(&read(&public, "case-studies/steve-wootton/index.html"));
    assert!(wootton.contains("NIHR Advocate for Academic Training in Nutrition"));
    assert!(wootton.contains("To challenge existing practice"));
    let foster = read(&public, "case-studies/nadine-foster/index.html");
    assert!(foster.contains("guide/so-you-want-to-be-a-clinical-academic/index.html#"));
}

#[test]
fn bundled_resources_carry_editorial_notes_for_changed_bodies() {
    let (_dir, public) = bundled();
    let resources = visible_text(&read(&public, "resources/index.html"));
    for fact in [
        "2022",
        "1 April 2023",
        "INVOLVE",
        "Research Support Service",
        "NIHR Academy",
    ] {
        assert!(resources.contains(fact), "{fact} not on the resources page");
    }
    let glossary = visible_text(&read(&public, "glossary/index.html"));
    for term in [
        "NIHR", "HEE", "ICA", "MRes", "RDS", "TCC", "CAHPR", "QiPP", "HEI", "CPD",
    ] {
        assert!(glossary.contains(term), "{term} not in the glossary");
    }
}

#[test]
fn the_no_javascript_a_to_z_lists_every_guide_section_and_the_search_page_leads_to_it() {
    let (_dir, public) = bundled();
    // The search page's way in without JavaScript is a link to the A to Z, a page of its own
    // (it lists every heading of the site: the search page stays small).
    let search = read(&public, "search/index.html");
    assert!(
        references(&search).contains(&"../a-to-z/index.html".to_string()),
        "the search page links to the A to Z: {search}"
    );
    assert!(
        !search.contains("az-entries"),
        "the A to Z is not on the search page"
    );
    let az = read(&public, "a-to-z/index.html");
    let links: BTreeSet<String> = references(&az).into_iter().collect();
    let mut missing = Vec::new();
    let mut checked = 0;
    for page in files(&public.join("guide")) {
        if !page.ends_with("index.html") || page == "index.html" {
            continue;
        }
        let html = read(&public.join("guide"), &page);
        // Every h2 and h3 of the page's content is a section readers can look up.
        for level in ["<h2 id=\"", "<h3 id=\""] {
            for (i, _) in html.match_indices(level) {
                let rest = &html[i + level.len()..];
                let id = &rest[..rest.find('"').unwrap()];
                let href = format!("../guide/{page}#{id}");
                checked += 1;
                if !links.contains(&href) {
                    missing.push(href);
                }
            }
        }
    }
    assert!(checked >= 10, "only {checked} guide sections found");
    assert!(missing.is_empty(), "not in the A–Z: {missing:#?}");
}

// ---- Page weight (issue #3: CSS ≤ 20 KB and JS ≤ 10 KB per page before compression) ----

const JS_BUDGET: u64 = 10 * 1024;
/// The search page alone may load 11 KB: it loads no site.js, and its one script carries
/// the whole search engine (stemmer, ranking, index loading) and, since issue 21, marks the
/// words a result matched in its link and names those its snippet cannot show ("Also
/// found:"). 10 KB left the engine 7 bytes; half a kilobyte more was judged better than a
/// second request or a result that does not show why it was found. 11 KB since issue 22:
/// knowing which terms keep no positions, which shards are split by three letters and which
/// positions a query needs took 0.5 KB (0.3 KB gzip), and took a query of common words on a
/// guide of 1 000 pages from 85–96 KB downloaded to under 50 KB (docs/performance.md).
const SEARCH_PAGE_JS_BUDGET: u64 = 11 * 1024;
const CSS_BUDGET: u64 = 20 * 1024;

/// The value of attribute `name` in one tag's text (`<script defer src=../a.js>`), quoted or
/// not, as minify-html writes it.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + name.len()..];
        rest = after;
        if !matches!(before, Some(c) if c.is_whitespace()) || !after.starts_with('=') {
            continue;
        }
        let value = &after[1..];
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// The text of every `<name …>` start tag in `html`.
fn start_tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    html.match_indices(&open)
        .map(|(i, _)| &html[i..])
        .filter(|t| t[open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>'))
        .map(|t| &t[..t.find('>').map_or(t.len(), |e| e + 1)])
        .collect()
}

/// `href` of `page` (a path relative to the site) as a path relative to the site.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(feature = "minify")]
#[test]
fn every_page_of_the_built_site_keeps_to_the_script_and_stylesheet_budget() {
    // Built as a user builds it: default settings, so minified.
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let o = careerguide(&repo(), &["build", "--output", public.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "bundled site failed to build:\n{}",
        stderr(&o)
    );
    assert!(
        !stderr(&o).contains("not minified"),
        "a theme file was shipped unminified:\n{}",
        stderr(&o)
    );

    let size = |rel: &str| {
        std::fs::metadata(public.join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
            .len()
    };
    let mut over = Vec::new();
    let mut pages = 0;
    let mut heaviest = (0, 0);
    for page in files(&public).into_iter().filter(|f| f.ends_with(".html")) {
        let html = read(&public, &page);
        let scripts: Vec<String> = start_tags(&html, "script")
            .into_iter()
            .filter_map(|t| attribute(t, "src"))
            .map(|src| resolve(&page, src))
            .collect();
        let stylesheets: Vec<String> = start_tags(&html, "link")
            .into_iter()
            .filter(|t| attribute(t, "rel") == Some("stylesheet"))
            .filter_map(|t| attribute(t, "href"))
            .map(|href| resolve(&page, href))
            .collect();
        for (kind, files, budget) in [
            (
                "JS",
                &scripts,
                if page == "search/index.html" {
                    SEARCH_PAGE_JS_BUDGET
                } else {
                    JS_BUDGET
                },
            ),
            ("CSS", &stylesheets, CSS_BUDGET),
        ] {
            let total: u64 = files.iter().map(|f| size(f)).sum();
            if kind == "JS" {
                heaviest.0 = heaviest.0.max(total);
            } else {
                heaviest.1 = heaviest.1.max(total);
            }
            if total > budget {
                let list: Vec<String> = files
                    .iter()
                    .map(|f| format!("{f} ({} B)", size(f)))
                    .collect();
                over.push(format!(
                    "{page}: {kind} {total} B > {budget} B: {}",
                    list.join(" + ")
                ));
            }
        }
        pages += 1;
    }
    assert!(pages >= 20, "only {pages} pages found");
    assert!(
        heaviest.0 > 0 && heaviest.1 > 0,
        "no scripts or stylesheets found: is the HTML parsed right?"
    );
    assert!(
        over.is_empty(),
        "pages over the page-weight budget:\n{}",
        over.join("\n")
    );
}

/// A guide past the print page's bound (5 MB of HTML): `check` warns on the print page's
/// file, and the print page lists each section's own page instead of carrying every word.
#[test]
fn a_guide_too_long_to_print_in_one_go_is_printed_section_by_section() {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("config.yaml"), dir.path().join("config.yaml")).unwrap();
    // Six long sections, 1 MB of text each.
    let paragraph =
        "Managers can support clinical academics by protecting time for study. ".repeat(20);
    for i in 0..6 {
        let body = format!("{paragraph}\n\n").repeat(700);
        write(
            dir.path(),
            &format!("content/guide/90-long-{i}.md"),
            &format!("---\ntitle: Long section {i}\n---\n\n## Part one\n\n{body}"),
        );
    }
    let check = careerguide(dir.path(), &["check"]);
    let said = format!("{}{}", stdout(&check), stderr(&check));
    assert!(
        said.contains("content/print.md") && said.contains("more than one print page carries"),
        "check did not warn about the print page:\n{said}"
    );
    let built = build(dir.path());
    assert!(built.status.success(), "build failed:\n{}", stderr(&built));
    let public = dir.path().join("public");
    let print = read(&public, "print/index.html");
    assert!(
        print.len() < 200_000,
        "the print page is {} bytes",
        print.len()
    );
    assert!(
        !print.contains("protecting time for study"),
        "the print page carries the sections' text"
    );
    let links = references(&print);
    for target in [
        "../guide/introduction/index.html",
        "../guide/long-0/index.html",
        "../guide/long-5/index.html",
    ] {
        assert!(links.iter().any(|l| l == target), "no link to {target}");
    }
    assert!(visible_text(&print).contains("too long to print as one page"));
    // The sections themselves are all there, each on its own page.
    assert!(read(&public, "guide/long-3/index.html").contains("protecting time for study"));
}
