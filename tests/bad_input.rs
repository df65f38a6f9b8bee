//! The bad-input corpus: every folder under `tests/bad-input/` is one mistake an editor (or
//! an attacker) can make. Each case is applied to a copy of a site that has already been
//! built once; the real binary must then refuse it with the expected exit status and a
//! message naming the file (and line), leave the previous output byte for byte as it was,
//! and change nothing else on disk. The format is described in `tests/bad-input/README.md`.
//!
//! `BAD_INPUT=name` runs only the cases whose folder name contains `name`.

mod common;

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

/// A hang guard, not a timing assertion: a case that runs this long in a debug build is
/// stuck (or quadratic), and waiting longer would only hide it.
const HANG_AFTER: Duration = Duration::from_secs(120);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What is wrong, in one sentence (documentation only).
    #[allow(dead_code)]
    about: String,
    /// `tests/fixtures/<base>`, or `site` for the bundled guide.
    #[serde(default = "default_base")]
    base: String,
    /// Arguments after `careerguide`, run in the project folder.
    #[serde(default = "default_args")]
    args: Vec<String>,
    /// Expected exit status.
    #[serde(default = "default_exit")]
    exit: i32,
    /// The file the message must name, as `--> FILE`.
    file: Option<String>,
    /// The line the message must name, as `--> FILE:LINE`.
    line: Option<usize>,
    /// Text the output (stderr, then stdout) must contain.
    #[serde(default)]
    message: Vec<String>,
    /// Text the output must not contain.
    #[serde(default)]
    not_message: Vec<String>,
    /// Text the output must contain exactly once (a problem reported once, not per reader).
    #[serde(default)]
    once: Vec<String>,
    /// Files (or folders) of the base to delete before running.
    #[serde(default)]
    remove: Vec<String>,
    /// Symbolic links to create: path -> target (written as given).
    #[serde(default)]
    symlinks: BTreeMap<String, String>,
    /// Files too big or too repetitive to keep in `files/`.
    #[serde(default)]
    generate: Vec<Generated>,
    /// Set when the case is expected to change the project (a successful build does);
    /// otherwise the whole project must be unchanged.
    #[serde(default)]
    writes: bool,
    /// Paths that must not exist afterwards (e.g. what must never be published).
    #[serde(default)]
    absent: Vec<String>,
    /// Files written in a folder beside the project (`$OUTSIDE` in a link's target), each
    /// path -> text: a secret the project must never publish, copy or quote, nor write to.
    #[serde(default)]
    outside: BTreeMap<String, String>,
    /// Named pipes (FIFOs) to create in the project: reading one would wait for ever.
    #[serde(default)]
    fifos: Vec<String>,
    /// Sparse files to create: path -> size in bytes (a huge file that takes no disk).
    #[serde(default)]
    sparse: BTreeMap<String, u64>,
    /// Environment variables for the run (e.g. a lowered render budget, to prove it quickly).
    #[serde(default)]
    env: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Generated {
    path: String,
    #[serde(default)]
    before: String,
    repeat: String,
    times: usize,
    #[serde(default)]
    after: String,
}

fn default_base() -> String {
    "basic".into()
}
fn default_args() -> Vec<String> {
    vec!["build".into()]
}
fn default_exit() -> i32 {
    1
}

fn corpus() -> PathBuf {
    common::repo().join("tests/bad-input")
}

/// A copy of the base site, built once so that it has a previous output to protect.
fn built_base(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = common::repo();
    if name == "site" {
        common::copy_dir(&repo.join("content"), &dir.path().join("content"));
        common::copy_dir(&repo.join("themes"), &dir.path().join("themes"));
        std::fs::copy(repo.join("config.yaml"), dir.path().join("config.yaml")).unwrap();
    } else {
        let from = repo.join("tests/fixtures").join(name);
        assert!(from.is_dir(), "no base site tests/fixtures/{name}");
        common::copy_dir(&from, dir.path());
        if !dir.path().join("themes").exists() {
            common::copy_dir(&repo.join("themes"), &dir.path().join("themes"));
        }
    }
    let out = common::careerguide(dir.path(), &["build"]);
    assert!(
        out.status.success(),
        "the base site {name} does not build:\n{}",
        common::stderr(&out)
    );
    dir
}

/// Copies a tree, keeping symbolic links as links.
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        let kind = entry.file_type();
        if kind.is_symlink() {
            let link = std::fs::read_link(entry.path()).unwrap();
            symlink(&link, &target);
        } else if kind.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(windows)]
fn symlink(target: &Path, link: &Path) {
    std::os::windows::fs::symlink_file(target, link).unwrap();
}

#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>),
    /// A file too large to keep (a sparse test file): its size.
    Large(u64),
    Link(PathBuf),
    /// A FIFO, socket or device: never opened.
    Special,
}

/// Files larger than this are compared by size in a snapshot.
const KEPT_BYTES: u64 = 64 * 1024 * 1024;

/// Everything on disk under `root`: every folder, every file's bytes, every link's target.
fn snapshot(root: &Path) -> BTreeMap<String, Entry> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).follow_links(false) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let kind = entry.file_type();
        let value = if kind.is_symlink() {
            Entry::Link(std::fs::read_link(entry.path()).unwrap())
        } else if kind.is_dir() {
            Entry::Dir
        } else if !kind.is_file() {
            Entry::Special
        } else if entry.metadata().unwrap().len() > KEPT_BYTES {
            Entry::Large(entry.metadata().unwrap().len())
        } else {
            Entry::File(std::fs::read(entry.path()).unwrap())
        };
        out.insert(rel, value);
    }
    out
}

fn differences(before: &BTreeMap<String, Entry>, after: &BTreeMap<String, Entry>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, entry) in before {
        match after.get(path) {
            None => out.push(format!("removed {path}")),
            Some(now) if now != entry => out.push(format!("changed {path}")),
            _ => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        out.push(format!("added {path}"));
    }
    out
}

fn apply(case_dir: &Path, case: &Case, root: &Path, outside: &Path) {
    for rel in &case.remove {
        let path = root.join(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
        }
    }
    let files = case_dir.join("files");
    if files.is_dir() {
        copy_tree(&files, root);
    }
    for g in &case.generate {
        let mut text = String::with_capacity(g.before.len() + g.repeat.len() * g.times);
        text.push_str(&g.before);
        for _ in 0..g.times {
            text.push_str(&g.repeat);
        }
        text.push_str(&g.after);
        let path = root.join(&g.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    for (rel, text) in &case.outside {
        let path = outside.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    for (link, target) in &case.symlinks {
        let path = root.join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let target = target.replace("$OUTSIDE", &outside.to_string_lossy());
        symlink(Path::new(&target), &path);
    }
    for rel in &case.fifos {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        make_fifo(&path);
    }
    for (rel, size) in &case.sparse {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::File::create(&path)
            .unwrap()
            .set_len(*size)
            .unwrap();
    }
}

#[cfg(unix)]
fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(windows)]
fn make_fifo(_: &Path) {
    panic!("named pipes in a project folder are a Unix case");
}

struct Ran {
    code: Option<i32>,
    output: String,
    hung: bool,
}

/// Runs the binary with a hang guard; stdout and stderr go to files outside the project.
fn run(root: &Path, args: &[String], env: &BTreeMap<String, String>) -> Ran {
    let logs = tempfile::tempdir().unwrap();
    let err_path = logs.path().join("stderr");
    let out_path = logs.path().join("stdout");
    let mut child = Command::new(env!("CARGO_BIN_EXE_careerguide"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .envs(env)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut hung = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG_AFTER {
            hung = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut output = String::new();
    for path in [&err_path, &out_path] {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        output.push_str(&String::from_utf8_lossy(&bytes));
    }
    Ran {
        code: status.code(),
        output,
        hung,
    }
}

/// `--> FILE:LINE` followed by a column or the end of the line.
fn names_location(output: &str, file: &str, line: Option<usize>) -> bool {
    let wanted = match line {
        Some(l) => format!("--> {file}:{l}"),
        None => format!("--> {file}"),
    };
    output.match_indices(&wanted).any(|(i, m)| {
        let next = output[i + m.len()..].chars().next();
        matches!(next, None | Some('\n') | Some('\r') | Some(':'))
    })
}

/// Runs one case; returns what went wrong, if anything.
fn check_case(case_dir: &Path, base: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let text = std::fs::read_to_string(case_dir.join("case.yaml")).unwrap();
    let case: Case = match serde_saphyr::from_str(&text) {
        Ok(c) => c,
        Err(e) => return vec![format!("case.yaml: {e}")],
    };
    // The project and, beside it, a folder outside it (for links that point out).
    let holder = tempfile::tempdir().unwrap();
    let project_dir = holder.path().join("project");
    let outside = holder.path().join("outside");
    std::fs::create_dir_all(&project_dir).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    struct Project(PathBuf);
    impl Project {
        fn path(&self) -> &Path {
            &self.0
        }
    }
    let project = Project(project_dir);
    copy_tree(base, project.path());
    apply(case_dir, &case, project.path(), &outside);
    let before = snapshot(project.path());
    let outside_before = snapshot(&outside);
    let ran = run(project.path(), &case.args, &case.env);
    let output = &ran.output;
    if ran.hung {
        problems.push(format!("still running after {HANG_AFTER:?}: killed"));
    }
    if ran.code != Some(case.exit) {
        problems.push(format!(
            "exit status {:?}, expected {} (None: killed by a signal, e.g. a stack overflow)",
            ran.code, case.exit
        ));
    }
    for crash in ["panicked", "overflowed its stack", "RUST_BACKTRACE"] {
        if output.contains(crash) {
            problems.push(format!("the output shows a crash ({crash})"));
        }
    }
    if let Some(file) = &case.file
        && !names_location(output, file, case.line)
    {
        problems.push(format!(
            "the message does not name {file}{}",
            case.line.map(|l| format!(":{l}")).unwrap_or_default()
        ));
    }
    for fragment in &case.message {
        if !output.contains(fragment.as_str()) {
            problems.push(format!("the message does not say {fragment:?}"));
        }
    }
    for fragment in &case.not_message {
        if output.contains(fragment.as_str()) {
            problems.push(format!("the message says {fragment:?}"));
        }
    }
    for fragment in &case.once {
        let times = output.matches(fragment.as_str()).count();
        if times != 1 {
            problems.push(format!(
                "the message says {fragment:?} {times} times, not once"
            ));
        }
    }
    if !case.writes {
        let changed = differences(&before, &snapshot(project.path()));
        if !changed.is_empty() {
            problems.push(format!(
                "the project changed on disk: {}",
                changed
                    .iter()
                    .take(10)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let outside_changed = differences(&outside_before, &snapshot(&outside));
    if !outside_changed.is_empty() {
        problems.push(format!(
            "the folder outside the project changed: {}",
            outside_changed.join(", ")
        ));
    }
    for (rel, text) in &case.outside {
        // What is outside must never be quoted: no line of it may appear in the output.
        for line in text.lines().filter(|l| l.trim().len() >= 6) {
            if output.contains(line.trim()) {
                problems.push(format!(
                    "the output quotes {rel}, a file outside the project"
                ));
            }
        }
    }
    for rel in &case.absent {
        if project.path().join(rel).symlink_metadata().is_ok() {
            problems.push(format!("{rel} exists, and must not"));
        }
    }
    if !problems.is_empty() {
        let mut shown: String = output.chars().take(4000).collect();
        if shown.len() < output.len() {
            shown.push_str("\n[… output cut …]");
        }
        problems.push(format!("output was:\n{shown}"));
    }
    problems
}

#[test]
fn every_bad_input_is_refused_with_a_located_message_and_nothing_changes() {
    let filter = std::env::var("BAD_INPUT").unwrap_or_default();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.yaml").is_file())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(&filter))
        .collect();
    cases.sort();
    assert!(
        !cases.is_empty(),
        "no cases in tests/bad-input matching {filter:?}"
    );

    // Each base is built once; cases copy the built tree.
    let mut bases: BTreeMap<String, tempfile::TempDir> = BTreeMap::new();
    for dir in &cases {
        let text = std::fs::read_to_string(dir.join("case.yaml")).unwrap();
        let base = serde_saphyr::from_str::<Case>(&text)
            .map(|c| c.base)
            .unwrap_or_else(|_| default_base());
        bases
            .entry(base.clone())
            .or_insert_with(|| built_base(&base));
    }

    let queue = Mutex::new(cases.clone());
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(4);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let Some(dir) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let text = std::fs::read_to_string(dir.join("case.yaml")).unwrap();
                    let base = serde_saphyr::from_str::<Case>(&text)
                        .map(|c| c.base)
                        .unwrap_or_else(|_| default_base());
                    let problems = check_case(&dir, bases[&base].path());
                    if !problems.is_empty() {
                        let name = dir.file_name().unwrap().to_string_lossy().to_string();
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{name}:\n  {}", problems.join("\n  ")));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} bad-input cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
