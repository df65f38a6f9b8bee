//! A trust's local layer, as a trust uses it: its own pages, an overridden guide page, a
//! hidden page, its own glossary and resources entries and an overridden template, kept in
//! `local/` (fixture `local-trust`); then an upgrade that replaces the bundled `content/`
//! and `themes/default/`, the warning (with the diff) for the overridden page whose
//! original changed, and `override --accept`.

mod common;

use std::path::Path;

use common::{careerguide, fixture, read, stderr, stdout, write};

const OVERRIDDEN: &str = "content/guide/01-getting-going.md";

/// Builds without minifying, so the HTML reads as the templates write it.
fn build(root: &Path) -> std::process::Output {
    careerguide(root, &["build", "--no-minify"])
}

fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

#[test]
fn the_trust_site_is_built_through_its_local_layer() {
    let site = fixture("local-trust");
    let out = build(site.path());
    assert_success(&out);
    let log = stderr(&out);
    assert!(
        !log.contains("has changed since"),
        "no override is out of date:\n{log}"
    );
    let public = site.path().join("public");

    // The overridden guide page is the trust's, in the guide's place.
    let guide = read(&public, "guide/getting-going/index.html");
    assert!(guide.contains("At our trust, speak to the"), "{guide}");
    assert!(
        guide.contains("href=\"../our-rd-office/index.html\""),
        "a bundled page's replacement links to a local page: {guide}"
    );
    // A local page added to the guide: ordered after the bundled ones, links resolved across
    // the layers (anchor included), in the guide's previous/next chain.
    let office = read(&public, "guide/our-rd-office/index.html");
    assert!(
        office.contains("href=\"../supporting-staff/index.html#backfill\""),
        "{office}"
    );
    assert!(
        office.contains("Supporting staff"),
        "previous link: {office}"
    );
    // A local page in the navigation, through the overridden template.
    let ours = read(&public, "our-trust/index.html");
    assert!(
        ours.contains("<p class=\"trust-banner\">Example NHS Trust edition</p>"),
        "{ours}"
    );
    assert!(
        ours.contains("href=\"../guide/our-rd-office/index.html#contacts\""),
        "{ours}"
    );
    let home = read(&public, "index.html");
    assert!(home.contains("Research at our trust"), "navigation: {home}");
    // Bundled pages not overridden still use the theme's own template.
    assert!(!read(&public, "glossary/index.html").contains("trust-banner"));
    // The hidden page is not published, nor listed anywhere.
    assert!(!public.join("about").exists(), "about.md is hidden");
    assert!(!home.contains("about/index.html"));

    // Glossary: RDS replaced by the trust's entry, R&D added, NHS kept.
    let glossary = read(&public, "glossary/index.html");
    assert!(
        glossary.contains("The trust note on the service"),
        "{glossary}"
    );
    assert!(
        !glossary.contains("Advised researchers on applications."),
        "{glossary}"
    );
    assert!(glossary.contains("research and development"), "{glossary}");
    assert!(glossary.contains("National Health Service"), "{glossary}");
    // Resources: NIHR replaced in its group, the bundled RDS entry kept, a group added.
    let resources = read(&public, "resources/index.html");
    assert!(resources.contains("in the trust wording"), "{resources}");
    assert!(
        resources.contains("Helped researchers design studies."),
        "{resources}"
    );
    assert!(
        resources.contains("Example Trust R&amp;D office"),
        "{resources}"
    );
    assert!(
        resources.find("Research Design Service") < resources.find("Example Trust R&amp;D office")
    );

    // A static file added to the theme by the layer is published beside the theme's own.
    assert!(public.join("assets/images/trust-mark.svg").is_file());
    assert!(public.join("assets/css/site.css").is_file());

    // Search and the print edition include local pages.
    let print = read(&public, "print/index.html");
    assert!(
        print.contains("Our R&amp;D office"),
        "print edition: {print}"
    );
    assert!(print.contains("At our trust, speak to the"), "{print}");
    let index: String = common::files(&public.join("search"))
        .iter()
        .map(|f| read(&public.join("search"), f))
        .collect();
    assert!(
        index.contains("our-rd-office"),
        "search index lists the local page"
    );
}

#[test]
fn an_upgrade_that_changes_an_overridden_page_warns_with_the_change_until_accepted() {
    let site = fixture("local-trust");
    let root = site.path();
    // A new release: the bundled page gains an editorial note.
    let bundled = read(root, OVERRIDDEN);
    write(
        root,
        OVERRIDDEN,
        &bundled.replace(
            "Talk to the RDS early. The RDS can help.",
            "Talk to the RDS early. The RDS can help.\n\n> [!NOTE]\n> Editorial note: the RDS is now the Research Support Service.",
        ),
    );

    let check = careerguide(root, &["check"]);
    let report = stderr(&check);
    assert!(check.status.success(), "warnings only:\n{report}");
    // A pipeline running `check --strict` stops here until someone reviews the change.
    let strict = careerguide(root, &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(
        report.contains("local/content/guide/01-getting-going.md"),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "the bundled original of this override, {OVERRIDDEN}, has changed since you overrode it"
        )),
        "{report}"
    );
    assert!(
        report.contains(
            "--- local/originals/content/guide/01-getting-going.md (the version you overrode)"
        ),
        "{report}"
    );
    assert!(
        report.contains(&format!("+++ {OVERRIDDEN} (this release)")),
        "{report}"
    );
    assert!(
        report.contains("+> Editorial note: the RDS is now the Research Support Service."),
        "{report}"
    );
    assert!(
        report.contains(&format!("careerguide override --accept {OVERRIDDEN}")),
        "{report}"
    );

    // Build warns the same way and still publishes the trust's page.
    let out = build(root);
    assert_success(&out);
    assert!(
        stderr(&out).contains("+> Editorial note"),
        "{}",
        stderr(&out)
    );
    assert!(
        !read(&root.join("public"), "guide/getting-going/index.html").contains("Editorial note"),
        "the trust's copy is published until they carry the change over"
    );

    // The JSON report carries the diff too.
    let json = stdout(&careerguide(root, &["check", "--format", "json"]));
    assert!(json.contains("\"detail\""), "{json}");

    // The editor carries the note over, then accepts.
    let mut mine = read(root, "local/content/guide/01-getting-going.md");
    mine.push_str("\n> [!NOTE]\n> Editorial note: the RDS is now the Research Support Service.\n");
    write(root, "local/content/guide/01-getting-going.md", &mine);
    let accepted = careerguide(root, &["override", "--accept", OVERRIDDEN]);
    assert_success(&accepted);
    assert!(
        stdout(&accepted).contains("Recorded the bundled version"),
        "{}",
        stdout(&accepted)
    );
    assert_eq!(
        read(root, "local/content/guide/01-getting-going.md"),
        mine,
        "accepting never touches the trust's file"
    );
    assert_eq!(
        read(root, "local/originals/content/guide/01-getting-going.md"),
        read(root, OVERRIDDEN)
    );
    let check = careerguide(root, &["check"]);
    assert!(
        !stderr(&check).contains("has changed since"),
        "{}",
        stderr(&check)
    );
    let strict = careerguide(root, &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(0), "{}", stderr(&strict));
    // Accepting again changes nothing.
    let again = careerguide(root, &["override", "--accept", OVERRIDDEN]);
    assert_success(&again);
    assert!(
        stdout(&again).contains("nothing to do"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn override_and_accept_keep_the_comments_a_trust_wrote_in_the_record() {
    let site = fixture("local-trust");
    let root = site.path();
    let record = "local/overrides.yaml";
    // The trust annotates its record, as its governance asks.
    let annotated = read(root, record)
        .replace(
            "overrides:\n",
            "# Reviewed by the R&D governance group, 12 March 2026.\noverrides:\n  # Keeps our welcome paragraph (decision 2026-03).\n",
        )
        .trim_end()
        .to_string()
        + "   # accepted after review\n";
    write(root, record, &annotated);
    // An upgrade changes the overridden page; the editor reviews it and accepts.
    let bundled = read(root, OVERRIDDEN);
    write(
        root,
        OVERRIDDEN,
        &format!("{bundled}\nA new closing line.\n"),
    );
    assert_success(&careerguide(root, &["override", "--accept", OVERRIDDEN]));
    // Then overrides another page.
    assert_success(&careerguide(
        root,
        &["override", "content/guide/02-supporting-staff.md"],
    ));
    let after = read(root, record);
    for comment in [
        "# Reviewed by the R&D governance group, 12 March 2026.",
        "  # Keeps our welcome paragraph (decision 2026-03).",
        "   # accepted after review",
    ] {
        assert!(after.contains(comment), "lost {comment:?}:\n{after}");
    }
    assert!(
        after.contains("content/guide/02-supporting-staff.md"),
        "{after}"
    );
    let check = careerguide(root, &["check", "--strict"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn upgrading_replaces_content_and_the_theme_wholesale_and_the_trust_site_still_works() {
    let site = fixture("local-trust");
    let root = site.path();
    let before = read(root, "config.yaml");
    // The new release: a fresh copy of the bundled content and theme, nothing merged.
    std::fs::remove_dir_all(root.join("content")).unwrap();
    std::fs::remove_dir_all(root.join("themes/default")).unwrap();
    common::copy_dir(
        &common::repo().join("tests/fixtures/local-trust/content"),
        &root.join("content"),
    );
    common::copy_dir(
        &common::repo().join("themes/default"),
        &root.join("themes/default"),
    );
    write(
        root,
        "content/guide/04-new-in-this-release.md",
        "---\ntitle: New in this release\n---\nA new section.\n",
    );
    let out = build(root);
    assert_success(&out);
    let public = root.join("public");
    assert!(
        public
            .join("guide/new-in-this-release/index.html")
            .is_file()
    );
    assert!(read(&public, "guide/getting-going/index.html").contains("At our trust, speak to the"));
    assert!(read(&public, "our-trust/index.html").contains("trust-banner"));
    assert!(!public.join("about").exists());
    assert_eq!(read(root, "config.yaml"), before);
}

#[test]
fn override_copies_the_bundled_file_and_records_it_and_never_overwrites() {
    let site = fixture("local-trust");
    let root = site.path();
    let out = careerguide(root, &["override", "content/guide/02-supporting-staff.md"]);
    assert_success(&out);
    assert!(
        stdout(&out).contains("Copied content/guide/02-supporting-staff.md to local/content/guide/02-supporting-staff.md"),
        "{}",
        stdout(&out)
    );
    let bundled = read(root, "content/guide/02-supporting-staff.md");
    assert_eq!(
        read(root, "local/content/guide/02-supporting-staff.md"),
        bundled
    );
    assert_eq!(
        read(root, "local/originals/content/guide/02-supporting-staff.md"),
        bundled
    );
    let record = read(root, "local/overrides.yaml");
    assert!(
        record.contains("- file: content/guide/01-getting-going.md"),
        "{record}"
    );
    assert!(
        record.contains("- file: content/guide/02-supporting-staff.md"),
        "{record}"
    );
    assert!(
        record.contains(&careerguide::overrides::sha256(bundled.as_bytes())),
        "{record}"
    );
    // A template too, into the layer's copy of the theme.
    let out = careerguide(root, &["override", "themes/default/templates/guide.html"]);
    assert_success(&out);
    assert_eq!(
        read(root, "local/themes/default/templates/guide.html"),
        read(root, "themes/default/templates/guide.html")
    );
    assert_success(&build(root));

    // The trust edits its copy; overriding again must not lose the edit.
    write(
        root,
        "local/content/guide/02-supporting-staff.md",
        "---\ntitle: Ours\n---\nOurs.\n",
    );
    let again = careerguide(root, &["override", "content/guide/02-supporting-staff.md"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert!(
        stderr(&again).contains("left untouched"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        read(root, "local/content/guide/02-supporting-staff.md"),
        "---\ntitle: Ours\n---\nOurs.\n"
    );
    // The overridden template made by hand (not recorded) is refused too, with the way on.
    let by_hand = careerguide(root, &["override", "themes/default/templates/page.html"]);
    assert_eq!(by_hand.status.code(), Some(1));
    assert!(
        stderr(&by_hand).contains("--accept themes/default/templates/page.html"),
        "{}",
        stderr(&by_hand)
    );
}

#[test]
fn strange_override_paths_are_refused_with_a_reason() {
    let site = fixture("local-trust");
    let root = site.path();
    std::fs::write(root.join("outside.md"), "not content").unwrap();
    let cases = [
        ("../config.yaml", "uses `..`"),
        ("content/../config.yaml", "uses `..`"),
        ("/etc/passwd", "is not a path inside the project"),
        ("outside.md", "is not inside content/ or themes/<theme>/"),
        ("config.yaml", "is not inside content/ or themes/<theme>/"),
        (
            "content/guide/01-getting-gong.md",
            "did you mean `content/guide/01-getting-going.md`?",
        ),
        (
            "content/nothing-like-it-at-all.md",
            "there is no bundled file content/nothing-like-it-at-all.md",
        ),
        ("content/guide", "is a folder"),
        (
            "content/glossary.yaml",
            "is merged with the local layer's, not replaced",
        ),
        (
            "themes/default",
            "is not inside content/ or themes/<theme>/",
        ),
        ("", "is not a path inside the project"),
    ];
    for (arg, expected) in cases {
        let out = careerguide(root, &["override", arg]);
        assert_eq!(out.status.code(), Some(1), "{arg}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{arg}: {}", stderr(&out));
    }
    // Naming the trust's own copy means the file it overrides: already overridden.
    let own = careerguide(
        root,
        &["override", "local/content/guide/01-getting-going.md"],
    );
    assert!(stderr(&own).contains("already exists"), "{}", stderr(&own));
    // Accepting a file that is not overridden.
    let not = careerguide(
        root,
        &[
            "override",
            "--accept",
            "content/guide/02-supporting-staff.md",
        ],
    );
    assert_eq!(not.status.code(), Some(1));
    assert!(
        stderr(&not).contains("is not overridden"),
        "{}",
        stderr(&not)
    );
    // No local layer configured.
    let config = read(root, "config.yaml").replace("local: local\n", "");
    write(
        root,
        "config.yaml",
        &config.replace("  - our-trust.md\n", ""),
    );
    let none = careerguide(root, &["override", OVERRIDDEN]);
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stderr(&none).contains("add `local: local` to config.yaml"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn a_corrupt_or_stale_record_gets_a_located_message() {
    let site = fixture("local-trust");
    let root = site.path();
    let record = read(root, "local/overrides.yaml");

    write(
        root,
        "local/overrides.yaml",
        &record.replace("sha256: 2ac4", "sha256: zz"),
    );
    let out = careerguide(root, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("local/overrides.yaml:7"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("is not a SHA-256 hash"),
        "{}",
        stderr(&out)
    );
    let out = build(root);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!root.join("public").exists(), "nothing written");

    write(root, "local/overrides.yaml", "overrides:\n  - file: [\n");
    let out = careerguide(root, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("local/overrides.yaml:"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("restore it from your version control"),
        "{}",
        stderr(&out)
    );

    write(
        root,
        "local/overrides.yaml",
        &record.replace(
            "content/guide/01-getting-going.md",
            "content/../../etc/passwd",
        ),
    );
    let out = careerguide(root, &["check"]);
    assert!(
        stderr(&out).contains("is not a file of the bundled content/ or themes/"),
        "{}",
        stderr(&out)
    );

    write(
        root,
        "local/overrides.yaml",
        &format!(
            "{record}  - file: content/guide/01-getting-going.md\n    sha256: {}\n",
            "0".repeat(64)
        ),
    );
    let out = careerguide(root, &["check"]);
    assert!(stderr(&out).contains("listed twice"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("local/overrides.yaml:8"),
        "{}",
        stderr(&out)
    );

    // The trust deleted its copy but not the entry; then the release dropped the page.
    write(root, "local/overrides.yaml", &record);
    std::fs::remove_file(root.join("local/content/guide/01-getting-going.md")).unwrap();
    let out = careerguide(root, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("records an override of content/guide/01-getting-going.md, but local/content/guide/01-getting-going.md does not exist"),
        "{}",
        stderr(&out)
    );
    write(
        root,
        "local/content/guide/01-getting-going.md",
        "---\ntitle: Ours\n---\nOurs.\n\n## Find a mentor\n\nAsk.\n",
    );
    std::fs::remove_file(root.join(OVERRIDDEN)).unwrap();
    let out = careerguide(root, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not in this release"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn problems_in_the_layer_are_reported_in_the_layers_files() {
    let site = fixture("local-trust");
    let root = site.path();
    write(
        root,
        "local/content/guide/03-our-rd-office.md",
        "---\ntitle: Our R&D office\n---\nFirst line.\n\nSee [nowhere](02-supporting-staff.md#no-such-heading).\n",
    );
    let out = careerguide(root, &["check"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("local/content/guide/03-our-rd-office.md:6"),
        "{report}"
    );

    // A link to a hidden page, from a local page.
    write(
        root,
        "local/content/guide/03-our-rd-office.md",
        "---\ntitle: Our R&D office\n---\nSee [about us](../about.md).\n",
    );
    let report = stderr(&careerguide(root, &["check"]));
    assert!(
        report.contains("local/content/guide/03-our-rd-office.md:4"),
        "{report}"
    );
    assert!(
        report.contains("hidden by `hide:` in config.yaml"),
        "{report}"
    );

    // A hidden path that names no page.
    write(
        root,
        "local/content/guide/03-our-rd-office.md",
        "---\ntitle: Our R&D office\n---\nFine.\n",
    );
    write(
        root,
        "config.yaml",
        &read(root, "config.yaml").replace("  - about.md", "  - abuot.md"),
    );
    let report = stderr(&careerguide(root, &["check"]));
    assert!(report.contains("config.yaml:14"), "{report}");
    assert!(
        report.contains("`hide` lists `abuot.md`, which is not a page"),
        "{report}"
    );
    assert!(report.contains("did you mean `about.md`?"), "{report}");
    write(
        root,
        "config.yaml",
        &read(root, "config.yaml").replace("  - abuot.md", "  - about.md"),
    );

    // A broken template of the layer.
    write(
        root,
        "local/themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.nope }}\n{% endblock content %}\n",
    );
    let report = stderr(&careerguide(root, &["check"]));
    assert!(
        report.contains("local/themes/default/templates/page.html:3"),
        "{report}"
    );

    // A broken front matter and data file of the layer.
    write(
        root,
        "local/themes/default/templates/page.html",
        &read(root, "themes/default/templates/page.html"),
    );
    write(
        root,
        "local/content/our-trust.md",
        "---\ntitle: [\n---\nText.\n",
    );
    write(
        root,
        "local/content/glossary.yaml",
        "terms:\n  - term: R&D\n",
    );
    let report = stderr(&careerguide(root, &["check"]));
    assert!(report.contains("local/content/our-trust.md:2"), "{report}");
    assert!(report.contains("local/content/glossary.yaml:2"), "{report}");
}

#[test]
fn the_local_setting_is_checked() {
    let site = fixture("local-trust");
    let root = site.path();
    let config = read(root, "config.yaml");
    for (value, expected) in [
        ("../elsewhere", "must be a folder inside the project"),
        ("/tmp", "must be a folder inside the project"),
        ("content/local", "inside one of the project's own folders"),
        ("locall", "the local layer folder `locall` does not exist"),
    ] {
        write(
            root,
            "config.yaml",
            &config.replace("local: local", &format!("local: {value}")),
        );
        let out = careerguide(root, &["build"]);
        assert_eq!(out.status.code(), Some(1), "{value}");
        assert!(
            stderr(&out).contains("config.yaml:12"),
            "{value}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains(expected), "{value}: {}", stderr(&out));
    }
}

#[test]
fn the_site_is_never_built_into_the_local_layer() {
    let site = fixture("local-trust");
    let root = site.path();
    write(
        root,
        "config.yaml",
        &read(root, "config.yaml").replace("local: local", "local: trust-files"),
    );
    std::fs::rename(root.join("local"), root.join("trust-files")).unwrap();
    for output in ["trust-files", "trust-files/content", "trust-files/public"] {
        let out = careerguide(root, &["build", "--output", output]);
        assert_eq!(out.status.code(), Some(1), "{output}: {}", stderr(&out));
    }
    assert_eq!(
        read(root, "trust-files/content/our-trust.md"),
        read(
            &common::repo().join("tests/fixtures/local-trust"),
            "local/content/our-trust.md"
        ),
        "the layer is untouched"
    );
    assert!(!root.join("trust-files/public").exists());
    assert_success(&build(root));
}

#[test]
fn new_case_studies_go_into_the_local_layer() {
    let site = fixture("local-trust");
    let root = site.path();
    let out = careerguide(root, &["new", "case-study", "Priya Shah"]);
    assert_success(&out);
    assert!(
        stdout(&out).contains("Created local/content/case-studies/priya-shah.md"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("made from content/case-studies/_template.md"),
        "the bundled template, as the layer has none: {}",
        stderr(&out)
    );
    assert!(!root.join("content/case-studies/priya-shah.md").exists());
    // A name whose address a bundled page has is refused, whichever layer it is in.
    let clash = careerguide(root, &["new", "case-study", "Example Person"]);
    assert_eq!(clash.status.code(), Some(1));
    assert!(
        stderr(&clash).contains("content/case-studies/example-person.md"),
        "{}",
        stderr(&clash)
    );
    // A page in a section the layer adds.
    write(
        root,
        "local/content/our-section/_index.md",
        "---\ntitle: Our section\n---\n",
    );
    let page = careerguide(root, &["new", "page", "our-section", "Parking"]);
    assert_success(&page);
    assert!(
        stdout(&page).contains("Created local/content/our-section/parking.md"),
        "{}",
        stdout(&page)
    );
}

mod editing;

#[test]
fn serve_reloads_on_a_save_in_the_local_layer_and_in_the_bundled_content() {
    const WAIT: std::time::Duration = std::time::Duration::from_secs(20);
    let server = editing::Server::start_in(fixture("local-trust"), &[]);
    let events = server.events();
    let status = events.next_named("status", WAIT);
    assert!(status.contains("\"ok\":true"), "{status}");
    server.wait_for_stderr("Watching content/, themes/, config.yaml and local/.", WAIT);
    assert!(
        editing::get(&server.url, "/our-trust/")
            .text()
            .contains("Our own pages start")
    );

    server.edit("local/content/our-trust.md", |t| {
        t.replace("Our own pages start", "Our pages begin")
    });
    let reload = events.next_named("reload", WAIT);
    assert!(reload.contains("\"our-trust/index.html\""), "{reload}");
    assert!(
        editing::get(&server.url, "/our-trust/")
            .text()
            .contains("Our pages begin")
    );
    server.wait_for_stderr("local/content/our-trust.md", WAIT);

    server.edit("local/themes/default/templates/page.html", |t| {
        t.replace("Example NHS Trust edition", "Example NHS Trust, edited")
    });
    // This save's reload (an earlier one may be the search index catching up).
    let shows = |text: &str| {
        editing::get(&server.url, "/our-trust/")
            .text()
            .contains(text)
    };
    while !shows("Example NHS Trust, edited") {
        events.next_named("reload", WAIT);
    }

    server.edit("content/guide/02-supporting-staff.md", |t| {
        t.replace("Plan backfill early.", "Plan backfill very early.")
    });
    while !events
        .next_named("reload", WAIT)
        .contains("\"guide/supporting-staff/index.html\"")
    {}
    assert!(
        editing::get(&server.url, "/guide/supporting-staff/")
            .text()
            .contains("Plan backfill very early.")
    );

    // A mistake in the layer names the layer's file.
    server.edit("local/content/our-trust.md", |t| {
        t.replace(
            "(guide/03-our-rd-office.md#contacts)",
            "(guide/03-our-rd-office.md#nowhere)",
        )
    });
    let error = events.next_named("build-error", WAIT);
    assert!(error.contains("local/content/our-trust.md"), "{error}");
}

#[test]
fn serve_follows_a_local_layer_named_while_it_runs() {
    const WAIT: std::time::Duration = std::time::Duration::from_secs(20);
    let site = fixture("local-trust");
    let config = read(site.path(), "config.yaml");
    let without = config
        .replace("local: local\n", "")
        .replace("  - our-trust.md\n", "");
    write(site.path(), "config.yaml", &without);
    let server = editing::Server::start_in(site, &[]);
    let events = server.events();
    assert!(events.next_named("status", WAIT).contains("\"ok\":true"));
    assert_eq!(editing::get(&server.url, "/our-trust/").status, 404);

    server.write("config.yaml", &config);
    while editing::get(&server.url, "/our-trust/").status != 200 {
        events.next_named("reload", WAIT);
    }
    server.edit("local/content/our-trust.md", |t| {
        t.replace("Our own pages start", "Followed")
    });
    while !editing::get(&server.url, "/our-trust/")
        .text()
        .contains("Followed")
    {
        events.next_named("reload", WAIT);
    }
}

#[test]
fn a_theme_of_the_trusts_own_can_live_in_the_local_layer() {
    let site = fixture("local-trust");
    let root = site.path();
    common::copy_dir(
        &root.join("themes/default"),
        &root.join("local/themes/our-trust"),
    );
    write(
        root,
        "local/themes/our-trust/templates/page.html",
        &read(root, "local/themes/default/templates/page.html")
            .replace("Example NHS Trust edition", "Our own theme"),
    );
    write(
        root,
        "config.yaml",
        &read(root, "config.yaml")
            .replace("title: Test Guide", "title: Test Guide\ntheme: our-trust"),
    );
    assert_success(&build(root));
    assert!(read(&root.join("public"), "our-trust/index.html").contains("Our own theme"));
    // A theme in neither place is named with both places looked in.
    write(
        root,
        "config.yaml",
        &read(root, "config.yaml").replace("theme: our-trust", "theme: nowhere"),
    );
    let out = build(root);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("local/themes/nowhere/templates/ or themes/nowhere/templates/"),
        "{}",
        stderr(&out)
    );
}

/// The example in config.yaml and docs/upgrading.md, on the bundled guide: the hidden
/// checklist is linked from bundled pages (home, the checklists page, the career pathway),
/// which the trust cannot edit without overriding them. The site builds; those links become
/// their words without a link, listed in one note at `hide:` (what the trust asked for,
/// nothing to fix: `check --strict`, as the CI examples in docs/hosting.md run it, passes).
#[test]
fn hiding_a_bundled_page_that_bundled_pages_link_to_builds_with_one_note() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for folder in ["content", "themes"] {
        common::copy_dir(&common::repo().join(folder), &root.join(folder));
    }
    let config = read(&common::repo(), "config.yaml");
    let example = "# hide:\n#   - checklists/conversation.md\n";
    assert!(config.contains(example), "the documented example moved");
    // With a contact route for the accessibility statement, as a published site has (the
    // bundled config.yaml has none, which is a warning of its own).
    let config = config
        .replace(example, "hide:\n  - checklists/conversation.md\n")
        .replace("# organisation:\n", "organisation:\n")
        .replace(
            "  # contact: research.office@example.nhs.uk\n",
            "  contact: research.office@example.nhs.uk\n",
        );
    write(root, "config.yaml", &config);
    let out = build(root);
    assert_success(&out);
    let log = stderr(&out);
    let hidden: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("hidden by `hide:`"))
        .collect();
    assert_eq!(hidden.len(), 1, "one note for all the links:\n{log}");
    assert!(
        hidden[0].starts_with("note: "),
        "a note, not a warning:\n{log}"
    );
    assert!(
        !log.lines().any(|l| l.starts_with("warning:")),
        "nothing else to fix:\n{log}"
    );
    assert!(
        log.contains("(1 note: run `careerguide check` for details)"),
        "{log}"
    );
    assert!(
        hidden[0].contains("`checklists/conversation.md` is hidden by `hide:`, so the 8 links to it in bundled pages are shown as plain text"),
        "{log}"
    );
    for place in [
        "content/index.md:36",
        "content/checklists/_index.md:13",
        "content/pathway.yaml:102",
    ] {
        assert!(log.contains(place), "{place} is listed:\n{log}");
    }
    let public = root.join("public");
    assert!(!public.join("checklists/conversation").exists());
    for page in [
        "index.html",
        "checklists/index.html",
        "career-pathway/index.html",
    ] {
        let html = read(&public, page);
        assert!(
            !html.contains("checklists/conversation") && !html.contains("conversation/index.html"),
            "{page} links to the hidden page"
        );
    }
    // The link's words stay, as text.
    let home = common::visible_text(&read(&public, "index.html"));
    assert!(
        home.contains(
            "Checklist: the conversation between a manager and an aspiring clinical academic"
        ),
        "{home}"
    );
    // The CI pipelines of docs/hosting.md run `check --strict`: a note does not fail it.
    let strict = careerguide(root, &["check", "--strict"]);
    let report = stderr(&strict);
    assert_eq!(strict.status.code(), Some(0), "{report}");
    assert!(
        report.contains("0 errors, 0 warnings, 1 note in 1 file (notes only: nothing to fix)"),
        "{report}"
    );
}

/// A trust's template linking to a page the site does not have (a typo, or a page not yet
/// written) published a dead link on every page made with it: the build names the template
/// and the line, once per link, after the Markdown's own link problems. A page's own raw
/// HTML (its `<img src>`) is the page's, checked with its links, never called a template's.
#[test]
fn a_template_linking_to_a_page_that_does_not_exist_is_an_error_naming_it() {
    let site = fixture("local-trust");
    let root = site.path();
    let template = "local/themes/default/templates/page.html";
    write(
        root,
        template,
        &read(root, template).replace(
            "<p class=\"trust-banner\">Example NHS Trust edition</p>",
            "<p class=\"trust-banner\">Example NHS Trust edition</p>\n<p><a href=\"{{ root }}our-trust/\">About us</a> <a href=\"{{ root }}reserch-office/#contact\">Research office</a> <img src=\"{{ assets }}images/no-logo.png\" alt=\"\"></p>",
        ),
    );
    let page = "local/content/our-trust.md";
    write(
        root,
        page,
        &format!(
            "{}\n<img src=\"missing-image.png\" alt=\"A chart\">\n\nSee [the office](reserch-office.md).\n",
            read(root, page)
        ),
    );
    let out = build(root);
    let log = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    let reserch =
        "this template links to `reserch-office/`, which is not a page or file of the site";
    assert_eq!(log.matches(reserch).count(), 1, "reported once:\n{log}");
    assert!(log.contains(&format!("--> {template}:4")), "{log}");
    assert!(
        log.contains("this template links to `assets/images/no-logo.png`"),
        "{log}"
    );
    assert!(
        !log.contains("`our-trust/`"),
        "an existing page is fine:\n{log}"
    );
    assert!(
        !log.contains("template links to `missing-image.png`") && !log.contains("links to `local/"),
        "the page's own HTML is not the template's:\n{log}"
    );
    // The page's Markdown link is reported, and before the template's.
    let markdown = log
        .find("reserch-office.md")
        .unwrap_or_else(|| panic!("{log}"));
    assert!(markdown < log.find(reserch).unwrap(), "{log}");
    assert!(!root.join("public").exists(), "nothing published");
}
