//! `careerguide new`: a correctly named file, front matter filled in, never an overwrite,
//! and a site that still builds.

mod editing;

use std::path::Path;
use std::process::{Command, Output};

use editing::{bin, fixture};

fn new(root: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("new")
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run careerguide new")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn check_passes(root: &Path) {
    let out = Command::new(bin())
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<&serde_json::Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

fn today() -> String {
    // The same clock the binary uses; a test running across midnight may see either day.
    jiff::ZonedDateTime::now().date().to_string()
}

#[test]
fn a_case_study_is_made_from_the_template_and_says_where_it_went() {
    let site = fixture("serve-site");
    let out = new(site.path(), &["case-study", "Priya Shah"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "Created content/case-studies/priya-shah.md"
    );
    assert!(
        stderr(&out).contains("/case-studies/priya-shah/")
            || stderr(&out).contains("case-studies/priya-shah/"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("draft"), "{}", stderr(&out));

    let text =
        std::fs::read_to_string(site.path().join("content/case-studies/priya-shah.md")).unwrap();
    assert!(text.contains("\ntitle: Priya Shah\n"), "{text}");
    assert!(text.contains("\nperson: Priya Shah\n"), "{text}");
    assert!(
        text.contains(&format!("\nreviewed: {}\n", today())),
        "{text}"
    );
    assert!(text.contains("\ndraft: true\n"), "{text}");
    // Example values a person never said are not kept.
    assert!(!text.contains("Clinical Research Nurse\n"), "{text}");
    assert!(!text.contains("Firstname Lastname"), "{text}");
    assert!(!text.contains("Copy this file"), "{text}");
    assert!(
        text.contains("written consent"),
        "the consent note stays: {text}"
    );
    check_passes(site.path());
}

#[test]
fn the_shipped_case_study_template_fills_in_too() {
    let site = fixture("serve-site");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/case-studies/_template.md"),
        site.path().join("content/case-studies/_template.md"),
    )
    .unwrap();
    let out = new(site.path(), &["case-study", "Siân O'Neill"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text =
        std::fs::read_to_string(site.path().join("content/case-studies/sian-oneill.md")).unwrap();
    assert!(text.contains("\nperson: Siân O'Neill\n"), "{text}");
    check_passes(site.path());
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let site = fixture("serve-site");
    assert!(
        new(site.path(), &["case-study", "Priya Shah"])
            .status
            .success()
    );
    let path = site.path().join("content/case-studies/priya-shah.md");
    std::fs::write(&path, "my own words").unwrap();
    let again = new(site.path(), &["case-study", "Priya Shah"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists") || stderr(&again).contains("same address"),
        "{}",
        stderr(&again)
    );
    assert!(
        stderr(&again).contains("content/case-studies/priya-shah.md"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own words");
}

#[test]
fn a_page_in_a_numbered_section_gets_the_next_number() {
    let site = fixture("serve-site");
    let out = new(site.path(), &["page", "guide", "Funding your research"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "Created content/guide/03-funding-your-research.md"
    );
    assert!(
        stderr(&out).contains("guide/funding-your-research/"),
        "{}",
        stderr(&out)
    );
    let text = std::fs::read_to_string(
        site.path()
            .join("content/guide/03-funding-your-research.md"),
    )
    .unwrap();
    assert!(text.contains("\ntitle: Funding your research\n"), "{text}");
    check_passes(site.path());

    // A title that would take an existing page's address is refused.
    let clash = new(site.path(), &["page", "guide", "First"]);
    assert_eq!(clash.status.code(), Some(1));
    assert!(
        stderr(&clash).contains("content/guide/01-first.md"),
        "{}",
        stderr(&clash)
    );
}

#[test]
fn a_checklist_is_a_real_checklist() {
    let site = fixture("serve-site");
    let out = new(site.path(), &["checklist", "Preparing for your appraisal"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(
        site.path()
            .join("content/checklists/preparing-for-your-appraisal.md"),
    )
    .unwrap();
    assert!(
        text.contains("title: Preparing for your appraisal"),
        "{text}"
    );
    assert!(text.contains("- [ ] "), "{text}");
    check_passes(site.path());
}

/// A new page or checklist holds the template's sentences until the editor writes their
/// own: it starts as a draft (as a case study does), and a published page still holding
/// them is reported at the line.
#[test]
fn new_pages_and_checklists_are_drafts_and_placeholders_left_in_are_reported() {
    let site = fixture("serve-site");
    for (args, file) in [
        (
            vec!["checklist", "Preparing for your appraisal"],
            "content/checklists/preparing-for-your-appraisal.md",
        ),
        (
            vec!["page", ".", "Our R&D office"],
            "content/our-rd-office.md",
        ),
    ] {
        let out = new(site.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("It is a draft"),
            "{args:?}: {}",
            stderr(&out)
        );
        let path = site.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\ndraft: true\n"), "{text}");
        check_passes(site.path());

        // Published before the placeholders were replaced.
        let published = text.replace("draft: true\n", "");
        std::fs::write(&path, &published).unwrap();
        let out = Command::new(bin())
            .args(["check", "--format", "json", "--root"])
            .arg(site.path())
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let reported: Vec<(String, u64)> = json
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| {
                p["severity"] == "error"
                    && p["message"]
                        .as_str()
                        .unwrap()
                        .contains("is the page template's placeholder")
            })
            .map(|p| {
                (
                    p["file"].as_str().unwrap().to_string(),
                    p["line"].as_u64().unwrap(),
                )
            })
            .collect();
        let expected: Vec<(String, u64)> = published
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                l.contains("Write ") || l.contains("Say who") || l.contains("Put a space")
            })
            .map(|(i, _)| (file.to_string(), i as u64 + 1))
            .collect();
        assert!(!expected.is_empty(), "{published}");
        assert_eq!(reported, expected, "{json:#}");
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn an_unknown_section_is_explained() {
    let site = fixture("serve-site");
    let out = new(site.path(), &["page", "giude", "Something"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("there is no section `giude`"), "{text}");
    assert!(text.contains("did you mean `guide`?"), "{text}");
}

#[test]
fn titles_needing_quotes_in_yaml_still_parse() {
    let site = fixture("serve-site");
    let out = new(site.path(), &["page", ".", "Research: where to start"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text =
        std::fs::read_to_string(site.path().join("content/research-where-to-start.md")).unwrap();
    assert!(
        text.contains("title: \"Research: where to start\""),
        "{text}"
    );
    check_passes(site.path());
}
