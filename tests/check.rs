//! `careerguide check` on a fixture with one of every problem: each is reported, at the
//! right line, grouped by file, with exit status 1 for errors and 0 for warnings only.

mod editing;

use std::process::{Command, Output};

use editing::bin;
use serde_json::Value;

fn check(fixture: &str, args: &[&str]) -> Output {
    let site = editing::fixture(fixture);
    Command::new(bin())
        .arg("check")
        .arg("--root")
        .arg(site.path())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run careerguide check")
}

/// (severity, file, line, message) for every problem, from `--format json`.
fn problems(fixture: &str) -> Vec<(String, String, Option<u64>, String)> {
    let out = check(fixture, &["--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check --format json printed no JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    json.as_array()
        .expect("a list of problems")
        .iter()
        .map(|p| {
            (
                p["severity"].as_str().unwrap().to_string(),
                p["file"].as_str().unwrap().to_string(),
                p["line"].as_u64(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn assert_reported(
    all: &[(String, String, Option<u64>, String)],
    severity: &str,
    file: &str,
    line: Option<u64>,
    says: &str,
) {
    assert!(
        all.iter()
            .any(|(s, f, l, m)| s == severity && f == file && *l == line && m.contains(says)),
        "expected {severity} at {file}:{line:?} saying {says:?}; got:\n{all:#?}"
    );
}

#[test]
fn every_problem_class_is_reported_at_its_line() {
    let all = problems("check-problems");
    let links = "content/guide/01-links.md";
    assert_reported(&all, "error", links, Some(5), "does not lead to any page");
    assert_reported(
        &all,
        "error",
        links,
        Some(7),
        "no heading or anchor `#no-such-heading`",
    );
    assert_reported(&all, "error", links, Some(9), "links to a draft page");
    assert_reported(
        &all,
        "error",
        links,
        Some(11),
        "\"click here\" does not say where",
    );
    assert_reported(
        &all,
        "error",
        links,
        Some(13),
        "\"read more\" does not say where",
    );
    assert_reported(&all, "error", links, Some(15), "this link has no text");

    let images = "content/guide/02-images.md";
    assert_reported(&all, "error", images, Some(7), "no alt text");
    assert_reported(
        &all,
        "error",
        images,
        Some(11),
        "skips from level 2 to level 4",
    );

    let old = "content/guide/03-old.md";
    assert_reported(&all, "warning", old, Some(3), "was due for review");
    assert_reported(
        &all,
        "warning",
        old,
        Some(8),
        "abbreviation RDS is not in the glossary",
    );

    assert_reported(
        &all,
        "warning",
        "content/glossary.yaml",
        Some(4),
        "`CRN` is in the glossary but no page uses it",
    );

    let case = "content/case-studies/nobody.md";
    assert_reported(&all, "error", case, Some(2), "does not name its `person`");
    assert_reported(&all, "warning", case, Some(2), "has no `role`");

    // Nothing else: a defined, used abbreviation and a good link are fine.
    assert!(
        !all.iter().any(|(_, _, _, m)| m.contains("NIHR")),
        "{all:#?}"
    );
    assert!(
        !all.iter().any(|(_, _, l, _)| *l == Some(17)),
        "the good link on line 17 was reported: {all:#?}"
    );
    assert_eq!(all.len(), 13, "{all:#?}");
}

#[test]
fn errors_exit_1_and_the_text_report_is_grouped_by_file() {
    let out = check("check-problems", &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains('\u{1b}'), "no colour when NO_COLOR is set");

    let headings: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(' ') && l.ends_with(')') && l.contains(" ("))
        .collect();
    assert_eq!(
        headings,
        vec![
            "content/case-studies/nobody.md (1 error, 1 warning)",
            "content/glossary.yaml (1 warning)",
            "content/guide/01-links.md (6 errors)",
            "content/guide/02-images.md (2 errors)",
            "content/guide/03-old.md (2 warnings)",
        ],
        "{text}"
    );
    // Each problem sits under its file's heading, with file:line and a hint.
    let links = text.find("content/guide/01-links.md (6 errors)").unwrap();
    let images = text.find("content/guide/02-images.md (2 errors)").unwrap();
    let section = &text[links..images];
    assert!(
        section.contains("--> content/guide/01-links.md:11"),
        "{section}"
    );
    assert!(section.contains("hint:"), "{section}");
    assert!(
        section.contains("11 | For more, [click here](02-images.md)."),
        "{section}"
    );
    assert!(
        text.trim_end().ends_with("9 errors, 4 warnings in 5 files"),
        "{text}"
    );
}

#[test]
fn warnings_alone_exit_0() {
    let out = check("check-warnings-only", &[]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("content/index.md (1 warning)"), "{text}");
    assert!(text.contains("0 errors, 1 warning in 1 file"), "{text}");
}

/// A CI pipeline runs `check --strict` so that warnings (an override an upgrade changed, a
/// page past its review date) stop it until someone has looked.
#[test]
fn strict_fails_on_warnings_alone() {
    let out = check("check-warnings-only", &["--strict"]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("content/index.md (1 warning)"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("0 errors, 1 warning in 1 file (--strict: warnings fail the check)"),
        "{text}"
    );
    let json = check("check-warnings-only", &["--strict", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let errors = check("check-problems", &["--strict"]);
    assert_eq!(errors.status.code(), Some(1));
}

#[test]
fn check_writes_nothing() {
    let dir = editing::fixture("check-warnings-only");
    let before = std::fs::read_dir(dir.path()).unwrap().count();
    let out = Command::new(bin())
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), before);
    assert!(!dir.path().join("public").exists());
}

/// `--external` against a server on this computer (tests never use the network).
#[cfg(feature = "external-links")]
#[test]
fn external_links_are_checked_when_asked() {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            let _ = BufReader::new(&stream).read_line(&mut request);
            let status = if request.contains("/gone") {
                "404 Not Found"
            } else {
                "200 OK"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    let dir = editing::fixture("check-warnings-only");
    std::fs::write(
        dir.path().join("content/links.md"),
        format!(
            "---\ntitle: Links\n---\n\nA [working site](http://127.0.0.1:{port}/fine).\n\nA [missing page](http://127.0.0.1:{port}/gone).\n"
        ),
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(bin())
            .args(["check", "--format", "json", "--root"])
            .arg(dir.path())
            .args(args)
            .env("NO_PROXY", "127.0.0.1")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .env_remove("ALL_PROXY")
            .output()
            .unwrap()
    };
    let without = run(&[]);
    assert_eq!(without.status.code(), Some(0), "offline by default");
    let with = run(&["--external"]);
    let json: Value = serde_json::from_slice(&with.stdout).unwrap();
    let gone: Vec<&Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["message"].as_str().unwrap().contains("/gone"))
        .collect();
    assert_eq!(gone.len(), 1, "{json:#}");
    assert_eq!(gone[0]["file"], "content/links.md");
    assert_eq!(gone[0]["line"], 7);
    assert_eq!(gone[0]["severity"], "error");
    assert!(
        !json.to_string().contains("/fine"),
        "a working link is not reported: {json:#}"
    );
    assert_eq!(with.status.code(), Some(1));
}

/// A table row with a cell missing is shown with an empty cell at its end, which nobody
/// notices in the Markdown; a row with a cell too many loses it without a trace: `check`
/// (and `build`) warn at the row's line. A cell written empty on purpose (`| |` or `||`)
/// is not reported.
#[test]
fn a_table_row_missing_a_cell_or_with_one_too_many_is_reported_at_its_line() {
    let site = editing::fixture("serve-site");
    std::fs::write(
        site.path().join("content/stages.md"),
        "---\ntitle: Stages\n---\nThe stages.\n\n| Stage | Length | Funder |\n|---|---|---|\n| Internship | Short |\n| Master's || NIHR |\n| Doctoral | | |\n| PhD | 3 years | NIHR | Fellowship |\n",
    )
    .unwrap();
    let out = Command::new(bin())
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows: Vec<(&str, Option<u64>, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["message"].as_str().unwrap().contains("table row"))
        .map(|p| {
            (
                p["severity"].as_str().unwrap(),
                p["line"].as_u64(),
                p["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "warning",
                Some(8),
                "this table row has 2 of the table's 3 columns: the last cell is shown empty at the end of the row"
            ),
            (
                "warning",
                Some(11),
                "this table row has 4 cells but the table has 3 columns: the last cell is not shown"
            )
        ],
        "{json:#}"
    );
}
