//! Bounded fuzzing on stable Rust: proptest-generated front matter, Markdown and config
//! through the real binary (a subprocess, since a stack overflow aborts the whole process).
//! Every input must end with exit 0 or 1 (never a panic, 101, or a signal) within the hang
//! guard. 64 cases per property by default (seconds in CI), 16 for the file-name,
//! symlinked-tree and symlinked-local-layer properties (each sets up a tree; the last runs
//! `override` and `new` too, which write); for a longer campaign see
//! tests/bad-input/README.md.
//! Failing inputs are kept by proptest in tests/fuzz.proptest-regressions and replayed first.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;

const HANG_AFTER: Duration = Duration::from_secs(60);

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

/// Runs `careerguide ARGS` in `root`; returns (exit code, output), failing on a hang.
fn run(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let logs = tempfile::tempdir().unwrap();
    let err = logs.path().join("err");
    let mut child = Command::new(env!("CARGO_BIN_EXE_careerguide"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > HANG_AFTER {
            let _ = child.kill();
            let _ = child.wait();
            return (None, format!("still running after {HANG_AFTER:?}"));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let text = String::from_utf8_lossy(&std::fs::read(&err).unwrap()).to_string();
    (status.code(), text)
}

/// Fewer cases for properties that set up a tree and run the binary more than once.
fn few_cases() -> u32 {
    (cases() / 4).max(8)
}

fn site_with(rel: &str, text: &str) -> tempfile::TempDir {
    let dir = common::fixture("basic");
    common::write(dir.path(), rel, text);
    dir
}

fn survives(root: &Path, args: &[&str]) -> Result<(), TestCaseError> {
    let (code, out) = run(root, args);
    prop_assert!(
        matches!(code, Some(0) | Some(1)),
        "exit {code:?}:\n{}",
        out.chars().take(2000).collect::<String>()
    );
    prop_assert!(!out.contains("panicked"), "{out}");
    Ok(())
}

fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~\n]{0,30}",
        "\\PC{0,10}",
        prop::sample::select(vec![
            "> ",
            "- ",
            "* ",
            "1. ",
            "**",
            "_",
            "[",
            "](x.md)",
            "](../../x)",
            "<div>",
            "</div>",
            "<span>",
            "```\n",
            "\t",
            "|a|b|\n|-|-|\n",
            "\n",
            "\n\n",
            "---\n",
            "# ",
            "[^1]",
            "[^1]: n\n",
            "- [ ] ",
            "> [!NOTE]\n",
            "<!--",
            "&amp;",
            "\u{0}",
            "\r",
        ])
        .prop_map(str::to_string),
        (
            prop::sample::select(vec!["> ", "- ", "<div>", "*a _b ", "[", "1. ", "  "]),
            0usize..3000
        )
            .prop_map(|(s, n)| s.repeat(n)),
    ]
}

fn yaml_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~\n\t]{0,30}",
        prop::sample::select(vec![
            "title: ",
            "summary: ",
            "order: ",
            "reviewed: ",
            "draft: ",
            "template: ",
            "\n",
            "  ",
            "- ",
            "&a ",
            "*a",
            "[",
            "]",
            "{",
            "}",
            "'",
            "\"",
            ": ",
            "99999999999999999999",
            "2026-13-45",
            "true",
            "~",
            "!!binary ",
            "? ",
            "|\n",
            ">\n",
        ])
        .prop_map(str::to_string),
        (prop::sample::select(vec!["[", "{a: ", "- "]), 0usize..2000)
            .prop_map(|(s, n)| s.repeat(n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn any_markdown_builds_or_is_refused(pieces in prop::collection::vec(markdown_piece(), 0..40)) {
        let body: String = pieces.concat();
        let site = site_with("content/guide/03-fuzz.md", &format!("---\ntitle: Fuzz\n---\n{body}\n"));
        survives(site.path(), &["build"])?;
    }

    #[test]
    fn any_front_matter_builds_or_is_refused(pieces in prop::collection::vec(yaml_piece(), 0..30)) {
        let yaml: String = pieces.concat();
        let site = site_with("content/guide/03-fuzz.md", &format!("---\ntitle: Fuzz\n{yaml}\n---\nText.\n"));
        survives(site.path(), &["check"])?;
    }

    #[test]
    fn any_config_value_builds_or_is_refused(
        key in prop::sample::select(vec!["title", "base_url", "theme", "language", "review", "navigation", "minify", "description", "local", "hide"]),
        value in prop::collection::vec(yaml_piece(), 0..10),
        months in any::<i64>(),
    ) {
        let value: String = value.concat();
        let text = format!(
            "title: T\norganisation:\n  name: O\n{}\n",
            if key == "review" { format!("review:\n  months: {months}") } else { format!("{key}: {value}") }
        );
        let site = site_with("config.yaml", &text);
        survives(site.path(), &["check"])?;
    }
}

/// File names an editor (or a download) can produce: any printable Unicode, names Windows
/// reserves, names with no letters or numbers, the same name composed and decomposed.
fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{1,12}",
        "[a-z0-9 ._-]{1,12}",
        prop::sample::select(vec![
            "CON",
            "nul",
            "Aux",
            "com1",
            "LPT9",
            "prn",
            "😀",
            "01-",
            "-",
            "_",
            "…",
            "café",
            "cafe\u{301}",
            "a\u{202e}b",
            " ",
            "..x",
            "x.",
            "index",
            "_index",
            "404",
            "README",
        ])
        .prop_map(String::from),
    ]
    .prop_filter("a name the file system can hold", |n| {
        !n.is_empty() && n.len() < 120 && !n.contains(['/', '\\', '\0']) && n != "." && n != ".."
    })
}

/// A line of a file outside the project: it must never appear in output or in the site.
#[cfg(unix)]
const SECRET: &str = "root:SECRET-LINE-NEVER-SHOWN:19000:0:99999:7:::";

proptest! {
    #![proptest_config(ProptestConfig { cases: few_cases(), ..ProptestConfig::default() })]

    /// Every name builds or is refused with a message that names the file.
    #[test]
    fn any_file_name_builds_or_is_refused_naming_it(
        name in file_name(),
        ext in prop::sample::select(vec![".md", ".txt", ".png", ""]),
        folder in prop::sample::select(vec!["content", "content/guide", "content/case-studies"]),
    ) {
        let file = format!("{name}{ext}");
        let text = if ext == ".md" { "---\ntitle: A page\n---\nText.\n" } else { "notes\n" };
        let site = site_with(&format!("{folder}/{file}"), text);
        let (code, out) = run(site.path(), &["build"]);
        prop_assert!(matches!(code, Some(0) | Some(1)), "exit {code:?}:\n{out}");
        prop_assert!(!out.contains("panicked") && !out.contains("this is a bug"), "{out}");
        prop_assert!(!out.contains("os error"), "an unexplained system error:\n{out}");
        if code == Some(1) {
            let shown = careerguide::diagnostics::terminal_safe(&file).into_owned();
            prop_assert!(out.contains(&shown), "refused without naming {file:?}:\n{out}");
        }
    }

    /// Links anywhere in content/ (to a secret outside, a special file, a folder outside,
    /// inside the project or to a parent) never publish the secret, never quote it, and
    /// never hang.
    #[cfg(unix)]
    #[test]
    fn symlinked_trees_never_publish_or_quote_what_is_outside(
        links in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "content/notes.txt", "content/guide/04-linked.md", "content/linked",
                    "content/guide/sub", "content/glossary.yaml", "content/resources.yaml",
                    "config.yaml", "content/images", "content/guide", "themes/default/static/x.css",
                ]),
                prop::sample::select(vec![
                    "$OUT/secret.txt", "$OUT", "/dev/zero", "$OUT/missing", "..", ".",
                    "$ROOT/content/index.md",
                ]),
            ),
            1..4,
        ),
        command in prop::sample::select(vec!["build", "check"]),
    ) {
        let site = common::fixture("basic");
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), format!("{SECRET}\n")).unwrap();
        std::fs::write(outside.path().join("secret.md"), format!("---\ntitle: S\n---\n{SECRET}\n")).unwrap();
        let root = site.path();
        for (link, target) in &links {
            let path = root.join(link);
            let _ = std::fs::remove_dir_all(&path);
            let _ = std::fs::remove_file(&path);
            // A link inside a folder an earlier link replaced cannot be made: skipped.
            if std::fs::create_dir_all(path.parent().unwrap()).is_err() {
                continue;
            }
            let target = target
                .replace("$OUT", &outside.path().to_string_lossy())
                .replace("$ROOT", &root.to_string_lossy());
            let _ = std::os::unix::fs::symlink(&target, &path);
        }
        let (code, out) = run(root, &[command]);
        prop_assert!(matches!(code, Some(0) | Some(1)), "exit {code:?}:\n{out}");
        prop_assert!(!out.contains("SECRET-LINE"), "quoted a file outside:\n{out}");
        if root.join("public").exists() {
            for entry in walkdir::WalkDir::new(root.join("public")) {
                let entry = entry.unwrap();
                prop_assert!(!entry.file_type().is_symlink(), "a link was published: {}", entry.path().display());
                if entry.file_type().is_file() {
                    let bytes = std::fs::read(entry.path()).unwrap();
                    prop_assert!(
                        !String::from_utf8_lossy(&bytes).contains("SECRET-LINE"),
                        "published a file outside the project at {}", entry.path().display()
                    );
                }
            }
        }
    }

    /// Links in a trust's local layer (to a secret, a folder outside, a special file, a
    /// parent) never publish, copy or quote what is outside, and `override` and `new` never
    /// write outside the project, whatever is run.
    #[cfg(unix)]
    #[test]
    fn symlinked_local_layers_never_write_outside_or_quote_it(
        links in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "local/content", "local/content/guide", "local/content/about.md",
                    "local/content/guide/01-getting-going.md", "local/overrides.yaml",
                    "local/originals/content/guide/01-getting-going.md", "local/themes/default",
                    "local/themes/default/templates", "local/content/glossary.yaml",
                ]),
                prop::sample::select(vec![
                    "$OUT/secret.txt", "$OUT/secret.md", "$OUT", "/dev/zero", "$OUT/missing",
                    "..", ".",
                ]),
            ),
            1..4,
        ),
        command in prop::sample::select(vec![
            vec!["build"],
            vec!["check"],
            vec!["override", "content/about.md"],
            vec!["override", "content/guide/01-getting-going.md"],
            vec!["override", "--accept", "content/guide/01-getting-going.md"],
            vec!["new", "page", "guide", "Linked page"],
        ]),
    ) {
        let site = common::fixture("local-trust");
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), format!("{SECRET}\n")).unwrap();
        std::fs::write(outside.path().join("secret.md"), format!("---\ntitle: S\n---\n{SECRET}\n")).unwrap();
        let listing = |dir: &Path| -> Vec<(String, Vec<u8>)> {
            walkdir::WalkDir::new(dir)
                .into_iter()
                .filter_map(Result::ok)
                .map(|e| {
                    let bytes = if e.file_type().is_file() { std::fs::read(e.path()).unwrap() } else { Vec::new() };
                    (e.path().display().to_string(), bytes)
                })
                .collect()
        };
        let root = site.path();
        for (link, target) in &links {
            let path = root.join(link);
            // A link inside a folder an earlier link replaced is not made (it would be made
            // through that link, outside the project).
            let through_link = path
                .ancestors()
                .skip(1)
                .take_while(|a| *a != root)
                .any(|a| a.is_symlink());
            if through_link {
                continue;
            }
            let _ = std::fs::remove_dir_all(&path);
            let _ = std::fs::remove_file(&path);
            if std::fs::create_dir_all(path.parent().unwrap()).is_err() {
                continue;
            }
            let target = target.replace("$OUT", &outside.path().to_string_lossy());
            let _ = std::os::unix::fs::symlink(&target, &path);
        }
        let before = listing(outside.path());
        let (code, out) = run(root, &command);
        prop_assert!(matches!(code, Some(0) | Some(1)), "exit {code:?}:\n{out}");
        prop_assert!(!out.contains("panicked"), "{out}");
        prop_assert!(!out.contains("SECRET-LINE"), "quoted a file outside:\n{out}");
        prop_assert!(listing(outside.path()) == before, "wrote outside the project: {command:?} with {links:?}\n{out}");
        for entry in walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file() && !entry.path().starts_with(root.join(".git")) {
                let bytes = std::fs::read(entry.path()).unwrap();
                prop_assert!(
                    !String::from_utf8_lossy(&bytes).contains("SECRET-LINE"),
                    "copied a file outside the project to {}", entry.path().display()
                );
            }
        }
    }
}
