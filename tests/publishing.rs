//! What `careerguide build` publishes besides pages: only the file types a guide needs, SVG
//! images that cannot run code or fetch anything, nothing an editor's tools leave behind,
//! and never two files on one path. Each refusal names the file and what to do, and leaves
//! the previous site exactly as it was.

mod common;

use std::path::Path;

use common::*;

fn build(root: &Path) -> std::process::Output {
    careerguide(root, &["build", "--no-minify"])
}

/// Every file of `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// Builds the basic fixture, adds files with `change`, and checks the build is refused with
/// every `expected` text in its message and the previous output untouched.
fn assert_refused(change: impl FnOnce(&Path), expected: &[&str]) -> String {
    let site = fixture("basic");
    let first = build(site.path());
    assert!(first.status.success(), "{}", stderr(&first));
    let public = site.path().join("public");
    let before = snapshot(&public);
    change(site.path());
    let out = build(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "expected exit 1:\n{err}");
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert!(err.contains("hint:"), "no hint in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        before == snapshot(&public),
        "a refused build changed public/"
    );
    err
}

fn write_bytes(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn server_programs_and_settings_in_content_are_refused_by_name() {
    for (file, why) in [
        ("content/web.config", "web servers may run `.config` files"),
        ("content/downloads/page.aspx", "`.aspx`"),
        ("content/images/LOGO.PHP", "`.php`"),
        ("content/images/logo.php.png", "`.php`"),
        ("content/.htaccess", "`.htaccess`"),
        ("content/tools/setup.exe", "`.exe`"),
    ] {
        let err = assert_refused(|root| write(root, file, "x"), &[file, why]);
        assert!(err.contains("remove it"), "{err}");
    }
}

#[test]
fn other_types_are_refused_with_a_hint_that_fits() {
    assert_refused(
        |root| write(root, "content/guide/notes", "x"),
        &["content/guide/notes", "no file extension"],
    );
    assert_refused(
        |root| write(root, "content/index.html", "<p>x</p>"),
        &["content/index.html", "write the page in Markdown"],
    );
    assert_refused(
        |root| write(root, "content/search/index.js", "alert(1)"),
        &["content/search/index.js", "theme's static/ folder"],
    );
    assert_refused(
        |root| write(root, "content/files/bundle.zip", "PK"),
        &[
            "content/files/bundle.zip",
            "`.zip`",
            "only these types are published: png",
        ],
    );
}

#[test]
fn a_theme_may_publish_styles_scripts_and_fonts_but_nothing_else() {
    let site = fixture("basic");
    let static_dir = site.path().join("themes/default/static");
    write_bytes(&static_dir, "fonts/body.woff2", b"wOF2");
    write_bytes(&static_dir, "js/extra.js", b"console.log(1)");
    let out = build(site.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    assert!(public.join("assets/fonts/body.woff2").is_file());
    assert!(public.join("assets/js/extra.js").is_file());

    write_bytes(&static_dir, "web.config", b"<configuration/>");
    let out = build(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("themes/default/static/web.config"), "{err}");
}

#[test]
fn editor_and_system_clutter_is_left_out_quietly_and_the_allowed_types_are_published() {
    let site = fixture("basic");
    for junk in [
        "content/.DS_Store",
        "content/images/Thumbs.db",
        "content/guide/.01-getting-going.md.swp",
        "content/guide/01-getting-going.md~",
        "content/files/~$plan.docx",
        "content/files/.~lock.plan.odt#",
        "content/images/._pic.png",
        "content/desktop.ini",
    ] {
        write(site.path(), junk, "junk");
    }
    for kept in [
        "content/files/plan.docx",
        "content/files/Plan Summary.PDF",
        "content/files/data.csv",
        "content/images/photo.JPG",
    ] {
        write(site.path(), kept, "document");
    }
    let out = build(site.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    let published = files(&site.path().join("public"));
    for kept in [
        "files/plan.docx",
        "files/Plan Summary.PDF",
        "files/data.csv",
        "images/photo.JPG",
        "images/pic.png",
    ] {
        assert!(
            published.contains(&kept.to_string()),
            "{kept} missing: {published:?}"
        );
    }
    for unwanted in [
        "DS_Store",
        "Thumbs",
        "swp",
        "~",
        "lock",
        "._pic",
        "desktop",
        "README",
        "_template",
    ] {
        assert!(
            !published.iter().any(|p| p.contains(unwanted)),
            "{unwanted} was published: {published:?}"
        );
    }
}

#[test]
fn an_svg_that_could_run_a_script_or_fetch_something_is_refused_at_its_line() {
    let err = assert_refused(
        |root| {
            write(
                root,
                "content/images/chart.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"1\"/>\n<script>alert(1)</script>\n</svg>\n",
            )
        },
        &["content/images/chart.svg:3:1", "`<script>`", "plain SVG"],
    );
    assert!(
        err.contains("<script>alert(1)</script>"),
        "shows the line: {err}"
    );
    assert_refused(
        |root| {
            write(
                root,
                "content/images/Logo.SVG",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            )
        },
        &["content/images/Logo.SVG:1:", "`onload`"],
    );
    assert_refused(
        |root| {
            write(
                root,
                "content/images/map.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<image xlink:href=\"https://tracker.example/p.png\"/>\n</svg>",
            )
        },
        &["content/images/map.svg:2:", "https://tracker.example/p.png"],
    );
    // A drawing saved on one long line is located without echoing the whole file.
    let err = assert_refused(
        |root| {
            let padding = "<rect width=\"1\" height=\"1\"/>".repeat(20_000);
            write(
                root,
                "content/images/one-line.svg",
                &format!(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\">{padding}<script>alert(1)</script></svg>"
                ),
            )
        },
        &["content/images/one-line.svg:1:", "`<script>`"],
    );
    assert!(
        err.len() < 5_000,
        "the whole line was echoed ({} bytes)",
        err.len()
    );
    // A theme's SVG is checked too.
    assert_refused(
        |root| {
            write(
                root,
                "themes/default/static/images/icon.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject/></svg>",
            )
        },
        &["themes/default/static/images/icon.svg:1:", "foreignObject"],
    );
}

#[test]
fn a_plain_svg_is_published_unchanged() {
    let site = fixture("basic");
    let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2 2\"><defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\" width=\"2\" height=\"2\"/></svg>\n";
    write(site.path(), "content/images/diagram.svg", svg);
    let out = build(site.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(&site.path().join("public"), "images/diagram.svg"), svg);
}

#[test]
fn a_copied_file_on_a_generated_one_is_refused_naming_both() {
    assert_refused(
        |root| {
            write(root, "content/robots.txt", "User-agent: *\nDisallow: /\n");
            let config = std::fs::read_to_string(root.join("config.yaml")).unwrap();
            write(
                root,
                "config.yaml",
                &format!("{config}base_url: https://guide.example.nhs.uk/\n"),
            );
        },
        &[
            "content/robots.txt",
            "robots.txt, which the build makes from base_url",
        ],
    );
    assert_refused(
        |root| {
            write(
                root,
                "content/assets/images/favicon.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )
        },
        &[
            "content/assets/images/favicon.svg",
            "themes/default/static/images/favicon.svg",
            "would both be published at `assets/images/favicon.svg`",
        ],
    );
}

#[test]
fn files_differing_only_in_letter_case_are_refused_naming_both() {
    assert_refused(
        |root| write(root, "content/images/PIC.png", "x"),
        &[
            "content/images/PIC.png",
            "content/images/pic.png",
            "letter case",
        ],
    );
}
