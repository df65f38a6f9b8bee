//! The bundled edition says what it is (issue #13): no publisher unless a trust sets one,
//! an accessibility statement whose contact route exists, each editorial note once, and a
//! career pathway that answers "where am I, and what is my next step?".

mod common;

use std::path::Path;

use common::*;

/// A copy of the bundled project (content, theme, config) to change safely.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("config.yaml"), dir.path().join("config.yaml")).unwrap();
    dir
}

fn build_into(root: &Path) -> std::path::PathBuf {
    let public = root.join("public");
    let o = careerguide(
        root,
        &["build", "--no-minify", "--output", public.to_str().unwrap()],
    );
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    public
}

#[test]
fn the_bundled_site_names_no_publisher_and_links_about_this_edition_everywhere() {
    let p = project();
    let public = build_into(p.path());
    let pages: Vec<String> = files(&public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 20);
    for page in &pages {
        let html = read(&public, page);
        assert!(!html.contains("header-org"), "{page} shows a publisher");
        assert!(!html.contains("Published by"), "{page} shows a publisher");
        if page != "404.html" {
            assert!(
                html.contains(">About this edition</a>"),
                "{page}: no footer link to About"
            );
        }
    }
    for page in ["index.html", "guide/index.html"] {
        let text = visible_text(&read(&public, page));
        assert!(
            text.contains("About this edition"),
            "{page} does not link the About page"
        );
    }
    let about = visible_text(&read(&public, "about/index.html"));
    for words in [
        "NIHR does not publish this copy",
        "carries no publication date",
        "2014",
        "heading added by this site",
        "checked against NIHR",
    ] {
        assert!(about.contains(words), "About page lacks {words:?}");
    }
    // Readers never see a path in the project.
    let people = visible_text(&read(&public, "case-studies/index.html"));
    assert!(!people.contains("content/"), "{people}");
    let statement = visible_text(&read(&public, "accessibility/index.html"));
    assert!(!statement.contains("footer of every page"), "{statement}");
    assert!(
        statement.contains("No contact details have been set"),
        "{statement}"
    );
}

#[test]
fn a_trusts_name_and_contact_appear_once_set() {
    let p = project();
    let config = std::fs::read_to_string(p.path().join("config.yaml")).unwrap();
    std::fs::write(
        p.path().join("config.yaml"),
        format!(
            "{config}\norganisation:\n  name: Example NHS Trust\n  contact: rd@example.nhs.uk\n"
        ),
    )
    .unwrap();
    let public = build_into(p.path());
    let home = read(&public, "index.html");
    assert!(
        home.contains("Example NHS Trust"),
        "no publisher in header/footer"
    );
    let statement = visible_text(&read(&public, "accessibility/index.html"));
    assert!(
        statement.contains("published by Example NHS Trust"),
        "{statement}"
    );
    assert!(statement.contains("rd@example.nhs.uk"), "{statement}");
}

#[test]
fn publishing_without_a_contact_route_stops_the_build_naming_the_key() {
    let p = project();
    let config = std::fs::read_to_string(p.path().join("config.yaml")).unwrap();
    let published = config.replace(
        "base_url: \"\"",
        "base_url: https://intranet.example.nhs.uk/rc/",
    );
    assert_ne!(
        published, config,
        "config.yaml no longer has `base_url: \"\"`"
    );
    std::fs::write(p.path().join("config.yaml"), &published).unwrap();
    // `check` and `build` both stop, naming the key; the previous output stays as it was.
    let o = careerguide(p.path(), &["check"]);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("error:"), "{out}");
    assert!(out.contains("`accessibility.email`"), "{out}");
    let public = p.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    let o = careerguide(p.path(), &["build", "--output", public.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("`accessibility.email`"),
        "{}",
        stderr(&o)
    );
    assert!(!public.join("index.html").exists());
    // The same with `--base-url` on the command line, and the bundled config.yaml.
    let o = careerguide(
        &repo(),
        &["check", "--base-url", "https://intranet.example.nhs.uk/rc/"],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("`accessibility.email`"),
        "{}",
        stderr(&o)
    );
    // One route is enough; the statement then shows it.
    std::fs::write(
        p.path().join("config.yaml"),
        format!("{published}\naccessibility:\n  phone: \"0113 496 0000\"\n"),
    )
    .unwrap();
    let statement = visible_text(&read(&build_into(p.path()), "accessibility/index.html"));
    assert!(statement.contains("call 0113 496 0000"), "{statement}");
    // Without base_url (not published yet) it is a warning, and the build goes on.
    let o = careerguide(&repo(), &["check"]);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("warning: `accessibility.email` is not set"),
        "{out}"
    );
}

#[test]
fn the_statement_follows_govuks_sections_with_the_trusts_dates_and_enforcement_body() {
    let p = project();
    let config = std::fs::read_to_string(p.path().join("config.yaml")).unwrap();
    std::fs::write(
        p.path().join("config.yaml"),
        format!(
            "{config}\norganisation:\n  name: Example NHS Trust\naccessibility:\n  email: a11y@example.nhs.uk\n  prepared: 2026-12-01\n  reviewed: 2026-12-06\n  tested: 2026-12-05\n"
        ),
    )
    .unwrap();
    let html = read(&build_into(p.path()), "accessibility/index.html");
    let text = visible_text(&html);
    let mut at = 0;
    for heading in [
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Non-accessible content",
        "What we're doing to improve accessibility",
        "Preparation of this accessibility statement",
    ] {
        let found = text[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("no {heading:?} after the previous section:\n{text}"));
        at += found + heading.len();
    }
    for words in [
        "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA",
        "The tests do not cover",
        "screen readers",
        "prepared on 1 December 2026",
        "last reviewed on 6 December 2026",
        "last tested on 5 December 2026 by Example NHS Trust",
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
    ] {
        assert!(text.contains(words), "statement lacks {words:?}:\n{text}");
    }
    assert!(html.contains("href=\"mailto:a11y@example.nhs.uk\""));
    assert!(!text.contains("Equality Commission for Northern Ireland"));
    // A publisher in Northern Ireland sends complaints to the ECNI instead.
    let config = std::fs::read_to_string(p.path().join("config.yaml")).unwrap();
    std::fs::write(
        p.path().join("config.yaml"),
        format!("{config}  northern_ireland: true\n"),
    )
    .unwrap();
    let html = read(&build_into(p.path()), "accessibility/index.html");
    let text = visible_text(&html);
    assert!(
        text.contains("Equality Commission for Northern Ireland"),
        "{text}"
    );
    assert!(
        !text.contains("Equality Advisory and Support Service"),
        "{text}"
    );
    assert!(html.contains("href=\"https://www.equalityni.org/\""));
}

#[test]
fn a_trust_lists_its_own_non_accessible_content_in_its_local_layer() {
    let p = project();
    let config = std::fs::read_to_string(p.path().join("config.yaml")).unwrap();
    std::fs::write(
        p.path().join("config.yaml"),
        format!("{config}\nlocal: local\n"),
    )
    .unwrap();
    std::fs::create_dir_all(p.path().join("local")).unwrap();
    let o = careerguide(
        p.path(),
        &[
            "override",
            "themes/default/templates/accessibility-non-accessible-content.html",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = p
        .path()
        .join("local/themes/default/templates/accessibility-non-accessible-content.html");
    let text = std::fs::read_to_string(&copy).unwrap();
    std::fs::write(
        &copy,
        text.replace(
            "No failures of the WCAG 2.2 AA standard are known in the guide.",
            "Our R&amp;D office's PDF leaflet has no headings.",
        ),
    )
    .unwrap();
    let statement = visible_text(&read(&build_into(p.path()), "accessibility/index.html"));
    assert!(
        statement.contains("Our R&D office's PDF leaflet has no headings."),
        "{statement}"
    );
    // Instructions for the trust are template comments: never on the page.
    assert!(!statement.contains("careerguide override"), "{statement}");
}

#[test]
fn each_editorial_note_is_shown_once_per_page_and_once_in_the_printed_guide() {
    let p = project();
    let public = build_into(p.path());
    let renamed = "Programme has since been renamed";
    // Section 5 repeats the ICA note at each of its three mentions.
    let source = read(p.path(), "content/guide/05-for-managers.md");
    assert!(source.matches(renamed).count() >= 2);
    assert_eq!(
        read(&public, "guide/for-managers/index.html")
            .matches(renamed)
            .count(),
        1
    );
    assert_eq!(
        read(&public, "guide/the-clinical-academic-role/index.html")
            .matches(renamed)
            .count(),
        1
    );
    let print = read(&public, "print/index.html");
    assert_eq!(
        print.matches(renamed).count(),
        1,
        "the print edition repeats a note"
    );
    assert_eq!(print.matches("functions moved to").count(), 1);
}

#[test]
fn the_pathway_is_an_ordered_path_with_next_steps_old_and_new_names() {
    let p = project();
    let public = build_into(p.path());
    let html = read(&public, "career-pathway/index.html");
    let list = html
        .split("<ol class=\"pathway\">")
        .nth(1)
        .and_then(|rest| rest.split("</ol>\n").next())
        .expect("the stages are an ordered list");
    assert_eq!(list.matches("<li class=\"pathway-stage\"").count(), 5);
    let ids = careerguide::html::ids_in(&html);
    for stage in [
        "internship",
        "masters",
        "doctoral",
        "lectureship",
        "senior-lectureship",
    ] {
        assert!(ids.contains(stage), "no stage {stage}");
        assert!(
            ids.contains(&format!("next-{stage}")),
            "no next step for {stage}"
        );
        assert!(
            html.contains(&format!("href=\"#next-{stage}\"")),
            "'Where are you now?' misses {stage}"
        );
    }
    let text = visible_text(&html);
    for name in [
        "Master’s Studentships",
        "Pre-doctoral Clinical and Practitioner Academic Fellowship (PCAF)",
        "Clinical Doctoral Research Fellowship",
        "Doctoral Clinical and Practitioner Academic Fellowship (DCAF)",
        "Senior Clinical Lectureship",
        "Where are you now?",
        "This month:",
    ] {
        assert!(text.contains(name), "pathway page lacks {name:?}");
    }
    assert!(html.contains("href=\"../checklists/getting-started/index.html#getting-started-"));
}

#[test]
fn case_studies_are_listed_under_their_stage_by_todays_or_the_guides_name() {
    let p = project();
    let person = |name: &str, stage: &str| {
        format!(
            "---\ntitle: {name}\nperson: {name}\nrole: Research nurse\ncareer_stage: {stage}\n---\n\nText.\n"
        )
    };
    write(
        p.path(),
        "content/case-studies/a-new.md",
        &person("Ann New", "PCAF"),
    );
    write(
        p.path(),
        "content/case-studies/b-old.md",
        &person("Bob Old", "masters"),
    );
    write(
        p.path(),
        "content/case-studies/c-other.md",
        &person("Cy Other", "other"),
    );
    let public = build_into(p.path());
    let html = read(&public, "career-pathway/index.html");
    let masters = html
        .split("id=\"masters\"")
        .nth(1)
        .and_then(|s| s.split("id=\"doctoral\"").next())
        .unwrap();
    assert!(
        masters.contains("Ann New") && masters.contains("Bob Old"),
        "{masters}"
    );
    assert!(html.contains("Other routes") && html.contains("Cy Other"));
    // Each case study names its stage as the pathway does, whichever name its file used.
    for (page, shown) in [
        ("case-studies/a-new/index.html", "Career stage Pre-doctoral"),
        ("case-studies/b-old/index.html", "Career stage Pre-doctoral"),
        ("case-studies/c-other/index.html", "Career stage Other"),
    ] {
        let text = visible_text(&read(&public, page));
        assert!(text.contains(shown), "{page}: {text}");
        assert!(
            !text.contains("PCAF") && !text.contains("masters"),
            "{page}: {text}"
        );
    }

    write(
        p.path(),
        "content/case-studies/d-bad.md",
        &person("Di Bad", "fellowship"),
    );
    let o = careerguide(p.path(), &["build", "--output", public.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("d-bad.md:5"), "{err}");
    assert!(err.contains("pcaf") && err.contains("masters"), "{err}");
}

#[test]
fn a_broken_link_in_the_pathway_is_reported_at_its_line() {
    let p = project();
    let path = p.path().join("content/pathway.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen(
        "checklists/conversation.md#conversation-what-is-the-long-term-plan",
        "checklists/conversation.md#no-such-item",
        1,
    );
    assert_ne!(broken, text);
    std::fs::write(&path, &broken).unwrap();
    let line = broken
        .lines()
        .position(|l| l.contains("#no-such-item"))
        .unwrap()
        + 1;
    let o = careerguide(p.path(), &["check"]);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        out.contains(&format!("content/pathway.yaml:{line}")),
        "{out}"
    );
}

#[test]
fn case_studies_group_the_people_quoted_apart_from_the_trusts_own() {
    let p = project();
    let config = std::fs::read_to_string(p.path().join("config.yaml")).unwrap();
    std::fs::write(
        p.path().join("config.yaml"),
        format!("{config}\nlocal: local\norganisation:\n  name: Example NHS Trust\n"),
    )
    .unwrap();
    write(
        p.path(),
        "local/content/case-studies/priya-shah.md",
        "---\ntitle: Priya Shah\nperson: Priya Shah\nrole: Research physiotherapist\ncareer_stage: dcaf\nsummary: A physiotherapist on her doctoral fellowship.\n---\n\nText.\n",
    );
    let public = build_into(p.path());
    let html = read(&public, "case-studies/index.html");
    let text = visible_text(&html);
    assert!(html.contains("<h1"), "{html}");
    assert!(
        text.starts_with("Case studies") || text.contains("Case studies "),
        "{text}"
    );
    let quoted = text
        .find("People quoted in the guide")
        .expect("no quoted group");
    let own = text
        .find("Case studies from Example NHS Trust")
        .expect("no group for the trust's own");
    assert!(quoted < own, "{text}");
    let (quoted_part, own_part) = text.split_at(own);
    assert!(quoted_part[quoted..].contains("Jo Cooper"), "{text}");
    assert!(!quoted_part[quoted..].contains("Priya Shah"), "{text}");
    assert!(own_part.contains("Priya Shah"), "{text}");
    assert!(!own_part.contains("Jo Cooper"), "{text}");
}
