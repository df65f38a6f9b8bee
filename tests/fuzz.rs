//! Bounded fuzzing on stable Rust: proptest-generated front matter, Markdown and config
//! through the real binary (a subprocess, since a stack overflow aborts the whole process).
//! Every input must end with exit 0 or 1 (never a panic, 101, or a signal) within the hang
//! guard. 64 cases per property by default (seconds in CI); for a longer campaign see
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
