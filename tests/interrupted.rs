//! A build killed at any moment (SIGKILL: no clean-up runs) leaves the output holding a
//! complete site, the old one or the new one, and the next build leaves nothing beside it.
//! Two builds into the same folder at once both finish and leave one complete site.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{copy_dir, fixture, stderr};

const PAGES: usize = 300;
const KILLS: usize = 12;

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The fixture site plus `PAGES` generated pages whose text names `version`.
fn write_version(root: &Path, version: &str) {
    let dir = root.join("content/generated");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("_index.md"),
        format!("---\ntitle: Generated pages\n---\n\nVersion {version}.\n"),
    )
    .unwrap();
    for i in 0..PAGES {
        let next = (i + 1) % PAGES;
        std::fs::write(
            dir.join(format!("page-{i:04}.md")),
            format!(
                "---\ntitle: Page {i}\n---\n\nVersion {version} of page {i}. Managers can protect \
time for study and help find a mentor.\n\n## Getting started\n\nSee [page {next}](page-{next:04}.md#getting-started).\n"
            ),
        )
        .unwrap();
    }
}

fn project() -> (tempfile::TempDir, PathBuf) {
    let site = fixture("basic");
    let holder = tempfile::tempdir().unwrap();
    let root = holder.path().join("project");
    copy_dir(site.path(), &root);
    (holder, root)
}

fn build_command(root: &Path, output: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_careerguide"));
    command
        .args(["build", "--no-minify", "--output"])
        .arg(output)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn build(root: &Path, output: &Path) {
    let out = build_command(root, output).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A small random number generator: seeded from the clock (or CAREERGUIDE_KILL_SEED, to
/// replay a failure), printed so a failing run can be repeated.
struct Random(u64);

impl Random {
    fn new() -> Self {
        let seed = std::env::var("CAREERGUIDE_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("CAREERGUIDE_KILL_SEED={seed}");
        Random(seed)
    }
    /// A number in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_complete_site_and_no_litter() {
    let (holder, root) = project();
    let mut expected = BTreeMap::new();
    for version in ["A", "B"] {
        write_version(&root, version);
        let reference = holder.path().join(format!("reference-{version}"));
        build(&root, &reference);
        expected.insert(version, snapshot(&reference));
        std::fs::remove_dir_all(&reference).unwrap();
    }
    assert_ne!(expected["A"], expected["B"]);

    let out_dir = holder.path().join("out");
    let public = out_dir.join("public");
    write_version(&root, "A");
    let started = Instant::now();
    build(&root, &public);
    let full = started.elapsed();
    let mut shown = "A";

    let mut random = Random::new();
    let mut killed = 0;
    for attempt in 0..KILLS {
        let other = if shown == "A" { "B" } else { "A" };
        write_version(&root, other);
        // From the first moments (judging the folder, cleaning) to the very end (writing,
        // flushing, exchanging), with some randomness in between.
        let fraction = (attempt as f64 + random.next()) / KILLS as f64 * 1.1;
        let delay = full.mul_f64(fraction);
        let mut child = build_command(&root, &public).spawn().unwrap();
        std::thread::sleep(delay);
        let was_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        if was_running && !status.success() {
            killed += 1;
        }
        let now = snapshot(&public);
        shown = if now == expected[shown] {
            shown
        } else if now == expected[other] {
            other
        } else {
            panic!(
                "after a kill at {delay:?} (attempt {attempt}), {} holds neither complete site \
({} files; the sites have {} and {})",
                public.display(),
                now.len(),
                expected["A"].len(),
                expected["B"].len()
            );
        };
    }
    assert!(
        killed > 0,
        "no build was still running when killed: nothing was tested"
    );
    eprintln!("{killed} of {KILLS} builds killed while running");

    let other = if shown == "A" { "B" } else { "A" };
    write_version(&root, other);
    build(&root, &public);
    assert!(
        snapshot(&public) == expected[other],
        "the next build is complete"
    );
    assert_eq!(
        names_in(&out_dir),
        ["public"],
        "litter left beside the output"
    );
}

#[test]
fn two_builds_at_once_into_one_folder_both_finish_and_leave_one_complete_site() {
    let (holder, root) = project();
    write_version(&root, "A");
    let reference = holder.path().join("reference");
    build(&root, &reference);
    let expected = snapshot(&reference);
    let out_dir = holder.path().join("out");
    let public = out_dir.join("public");
    build(&root, &public);
    for _ in 0..3 {
        let children: Vec<_> = (0..2)
            .map(|_| build_command(&root, &public).spawn().unwrap())
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            // Neither removed the other's folder as litter while it was writing.
            assert!(out.status.success(), "{}", stderr(&out));
        }
        assert!(snapshot(&public) == expected);
        assert_eq!(names_in(&out_dir), ["public"]);
    }
}

/// Ctrl-C or SIGTERM in the middle of a build: the unfinished staging folder is removed
/// before the process ends (it was left until the next build), and the output is untouched.
#[test]
fn a_build_stopped_by_ctrl_c_or_sigterm_removes_its_unfinished_folder() {
    let (holder, root) = project();
    write_version(&root, "A");
    let output = holder.path().join("site");
    build(&root, &output);
    let before = snapshot(&output);
    write_version(&root, "B");
    for (signal, status) in [
        (rustix::process::Signal::TERM, 143),
        (rustix::process::Signal::INT, 130),
    ] {
        let mut child = build_command(&root, &output).spawn().unwrap();
        let pid = rustix::process::Pid::from_child(&child);
        // Stopped as soon as its staging folder is there, long before the pages are done.
        let started = Instant::now();
        let staging = loop {
            if let Some(name) = names_in(holder.path())
                .into_iter()
                .find(|n| n.starts_with(".site.building-"))
            {
                break name;
            }
            assert!(
                started.elapsed().as_secs() < 60,
                "the build never made its staging folder"
            );
            if let Some(status) = child.try_wait().unwrap() {
                panic!("the build ended ({status}) before it could be stopped");
            }
        };
        rustix::process::kill_process(pid, signal).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(status),
            "{signal:?}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("the unfinished site was removed"),
            "{}",
            stderr(&out)
        );
        let left: Vec<String> = names_in(holder.path())
            .into_iter()
            .filter(|n| n.starts_with(".site."))
            .collect();
        assert!(left.is_empty(), "{signal:?} left {left:?} (was {staging})");
        assert_eq!(snapshot(&output), before, "the output changed");
    }
}
