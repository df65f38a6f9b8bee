//! A trust brands the site from config.yaml alone: its colours (checked for contrast), its
//! logo and favicon kept in the local layer. Mistakes stop the build with the key, the line
//! and the fix, and leave the last good site as it was.

mod common;

use std::path::Path;

use common::{careerguide, fixture, read, stderr, write};

const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 10\"><rect width=\"40\" height=\"10\" fill=\"#fff\"/></svg>\n";

fn config_with(root: &Path, brand: &str) {
    let base = read(root, "config.yaml");
    write(
        root,
        "config.yaml",
        &format!("{base}local: local\nbrand:\n{brand}"),
    );
}

fn build(root: &Path) -> std::process::Output {
    careerguide(root, &["build", "--no-minify"])
}

#[test]
fn colours_logo_and_favicon_from_config_reach_every_page() {
    let site = fixture("basic");
    let root = site.path();
    write(root, "local/images/logo.svg", LOGO);
    write(
        root,
        "local/images/icon.png",
        "not really a png, but a file",
    );
    config_with(
        root,
        "  primary: \"#00703c\"\n  link: \"#003087\"\n  header_text: \"#fff\"\n  logo: local/images/logo.svg\n  favicon: local/images/icon.png\n",
    );
    let out = build(root);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = root.join("public");
    let css = read(&public, "assets/css/brand.css");
    assert!(
        css.contains(":root{--cg-primary:#00703c;--cg-link:#003087;--cg-header-text:#ffffff}"),
        "{css}"
    );
    assert_eq!(read(&public, "assets/brand/logo.svg"), LOGO);
    assert!(public.join("assets/brand/favicon.png").is_file());
    let page = read(&public, "guide/index.html");
    assert!(
        page.contains("<img class=\"header-logo\" src=\"../assets/brand/logo.svg\" alt=\"\">"),
        "{page}"
    );
    assert!(
        page.contains(
            "<link rel=\"icon\" href=\"../assets/brand/favicon.png\" type=\"image/png\">"
        ),
        "{page}"
    );
    // After the theme's stylesheet, so its custom properties win.
    let site_css = page.find("css/site.css").unwrap();
    let brand_css = page.find("../assets/css/brand.css").unwrap();
    assert!(site_css < brand_css, "{page}");
    // The theme's stylesheets take every brand colour from the custom properties: NHS blue
    // is only the default in site.css's declaration of them (checklist.css's border went).
    for file in ["site.css", "checklist.css", "pathway.css"] {
        let theme_css = read(&public, &format!("assets/css/{file}"));
        let defaults = ":root{--cg-primary:#005eb8;--cg-link:#005eb8;--cg-header-text:#ffffff}";
        assert!(
            !theme_css
                .replace(defaults, "")
                .to_lowercase()
                .contains("#005eb8"),
            "{file} still hard-codes NHS blue"
        );
    }
}

#[test]
fn a_colour_without_enough_contrast_stops_the_build_and_names_a_shade_that_passes() {
    let site = fixture("basic");
    let root = site.path();
    std::fs::create_dir_all(root.join("local")).unwrap();
    assert!(build(root).status.success());
    let before = read(root, "public/guide/index.html");
    config_with(root, "  link: \"#4c9be8\"\n");
    let out = build(root);
    assert!(!out.status.success());
    let log = stderr(&out);
    let lines = read(root, "config.yaml").lines().count();
    assert!(log.contains(&format!("config.yaml:{lines}")), "{log}");
    assert!(log.contains("`brand.link` #4c9be8"), "{log}");
    assert!(log.contains("on white #ffffff"), "{log}");
    assert!(log.contains("needs 4.5:1 for text"), "{log}");
    let shade = log
        .split("write `link: \"")
        .nth(1)
        .map(|s| s[..7].to_string())
        .unwrap_or_else(|| panic!("no shade suggested: {log}"));
    assert_eq!(
        read(root, "public/guide/index.html"),
        before,
        "the last good site stays"
    );
    // The suggested shade builds.
    let text = read(root, "config.yaml").replace("#4c9be8", &shade);
    write(root, "config.yaml", &text);
    let out = build(root);
    assert!(out.status.success(), "{shade}: {}", stderr(&out));
}

#[test]
fn a_logo_that_is_not_there_is_an_error_not_a_missing_image() {
    let site = fixture("basic");
    let root = site.path();
    std::fs::create_dir_all(root.join("local")).unwrap();
    config_with(root, "  logo: local/images/logo.svg\n");
    let out = build(root);
    assert!(!out.status.success());
    let log = stderr(&out);
    assert!(
        log.contains(
            "`brand.logo` names no file: there is no `local/images/logo.svg` in the project"
        ),
        "{log}"
    );
    assert!(!root.join("public").exists(), "nothing was built");
}

#[test]
fn an_svg_logo_that_could_run_code_is_refused() {
    let site = fixture("basic");
    let root = site.path();
    write(
        root,
        "local/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>\n",
    );
    config_with(root, "  logo: local/logo.svg\n");
    let out = build(root);
    assert!(!out.status.success());
    let log = stderr(&out);
    assert!(log.contains("local/logo.svg"), "{log}");
    assert!(log.contains("this SVG is not published"), "{log}");
}

#[test]
fn the_old_organisation_logo_says_where_the_logo_goes_now() {
    let site = fixture("basic");
    let root = site.path();
    let text = read(root, "config.yaml").replace(
        "  name: Example NHS Trust\n",
        "  name: Example NHS Trust\n  logo: assets/images/trust-logo.svg\n",
    );
    write(root, "config.yaml", &text);
    let out = build(root);
    assert!(!out.status.success());
    let log = stderr(&out);
    assert!(log.contains("config.yaml:5"), "{log}");
    assert!(
        log.contains("`organisation.logo` has moved to `brand.logo`"),
        "{log}"
    );
    assert!(log.contains("logo: local/images/trust-logo.svg"), "{log}");
}

#[test]
fn a_logo_kept_where_an_upgrade_replaces_it_is_a_warning() {
    let site = fixture("basic");
    let root = site.path();
    write(root, "themes/default/static/images/trust.svg", LOGO);
    std::fs::create_dir_all(root.join("local")).unwrap();
    config_with(root, "  logo: themes/default/static/images/trust.svg\n");
    let out = build(root);
    assert!(out.status.success(), "{}", stderr(&out));
    let log = stderr(&out);
    assert!(log.contains("which the next upgrade replaces"), "{log}");
}

#[test]
fn an_unknown_brand_key_is_an_error_that_suggests_the_nearest() {
    let site = fixture("basic");
    let root = site.path();
    std::fs::create_dir_all(root.join("local")).unwrap();
    config_with(root, "  header-text: \"#ffffff\"\n");
    let out = build(root);
    assert!(!out.status.success());
    let log = stderr(&out);
    let lines = read(root, "config.yaml").lines().count();
    assert!(log.contains(&format!("config.yaml:{lines}:3")), "{log}");
    assert!(log.contains("did you mean `header_text`?"), "{log}");
}
