//! `build --output` as a careless user or a scheduled job uses it: pointed at the wrong
//! folder, at a file, at a link to the web root, beside litter from killed builds. The
//! tool replaces only a folder it built itself, and refuses anything else touching nothing.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{careerguide, fixture, stderr};

const MARK: &str = ".careerguide-output";

/// Every file and link under `dir` with its bytes (or link target): what "nothing was
/// touched" is checked against.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = if e.file_type().is_symlink() {
                std::fs::read_link(e.path())
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

fn folders(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().to_path_buf())
        .collect()
}

fn build_into(root: &Path, output: &str, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--no-minify", "--output", output];
    args.extend_from_slice(extra);
    careerguide(root, &args)
}

/// Builds into `output` expecting a refusal: exit 1, a message naming `named` and `why`,
/// a hint, and not one file or folder changed anywhere around the project.
fn assert_refused(root: &Path, output: &str, extra: &[&str], named: &str, why: &str) {
    let around = root.parent().unwrap();
    let (files, dirs) = (snapshot(around), folders(around));
    let out = build_into(root, output, extra);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "--output {output}:\n{text}");
    assert!(text.contains("refusing to write the site to"), "{text}");
    assert!(text.contains(named), "the message names {named}:\n{text}");
    assert!(text.contains(why), "the message says {why}:\n{text}");
    assert!(text.contains("hint:"), "{text}");
    assert!(snapshot(around) == files, "--output {output} changed files");
    assert_eq!(folders(around), dirs, "--output {output} changed folders");
}

/// A fixture site in `<tmp>/project`, so the test can see everything around it.
fn project() -> (tempfile::TempDir, PathBuf) {
    let site = fixture("basic");
    let holder = tempfile::tempdir().unwrap();
    let root = holder.path().join("project");
    common::copy_dir(site.path(), &root);
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    (holder, root)
}

#[test]
fn the_project_and_its_folders_are_refused_whatever_the_spelling() {
    let (_holder, root) = project();
    let abs = root.to_str().unwrap().to_string();
    for (output, why) in [
        ("content", "it is the project's content/"),
        ("content/../content", "it is the project's content/"),
        ("./content/", "it is the project's content/"),
        ("content/guide", "inside the project's content/"),
        ("themes", "it is the project's themes/"),
        (".git", "it is the project's .git/"),
        (".", "it is the project folder"),
        ("./", "it is the project folder"),
        ("content/..", "it is the project folder"),
        (abs.as_str(), "it is the project folder"),
        ("..", "it holds the project folder"),
        ("/", "top of the file system"),
    ] {
        assert_refused(&root, output, &[], output, why);
        // Adopting is never allowed for these.
        assert_refused(&root, output, &["--adopt-output"], output, why);
    }
}

#[test]
fn a_file_is_refused_not_renamed_away() {
    let (_holder, root) = project();
    std::fs::write(root.join("notes.txt"), "my notes").unwrap();
    assert_refused(&root, "notes.txt", &[], "notes.txt", "it is a file");
    assert_refused(
        &root,
        "config.yaml",
        &["--adopt-output"],
        "config.yaml",
        "config.yaml",
    );
}

#[test]
fn the_home_folder_and_what_holds_it_are_refused() {
    let (holder, root) = project();
    let home = holder.path().join("home/editor");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("thesis.docx"), "years of work").unwrap();
    for (output, why) in [
        (home.clone(), "your home folder"),
        (holder.path().join("home"), "holds your home folder"),
    ] {
        let before = snapshot(holder.path());
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_careerguide"))
            .args(["build", "--adopt-output", "--output"])
            .arg(&output)
            .current_dir(&root)
            .env("HOME", &home)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains(why), "{}", stderr(&out));
        assert!(
            snapshot(holder.path()) == before,
            "{} was touched",
            output.display()
        );
    }
}

#[test]
fn a_folder_careerguide_did_not_build_is_refused_unless_adopted_once() {
    let (holder, root) = project();
    let site = holder.path().join("www");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("index.html"), "<p>built by the old version</p>").unwrap();
    let output = site.to_str().unwrap();
    assert_refused(&root, output, &[], "www", "careerguide did not build");
    let hint = stderr(&build_into(&root, output, &[]));
    assert!(
        hint.contains("--adopt-output"),
        "the hint names the way out: {hint}"
    );

    let adopted = build_into(&root, output, &["--adopt-output"]);
    assert!(adopted.status.success(), "{}", stderr(&adopted));
    assert!(stderr(&adopted).contains("now carries the .careerguide-output mark"));
    assert!(site.join(MARK).is_file());
    assert!(
        !common::read(&site, "index.html").contains("old version"),
        "the adopted folder holds the new site"
    );
    // From now on it is careerguide's own.
    let again = build_into(&root, output, &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    let mut beside: Vec<String> = std::fs::read_dir(holder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["project", "www"], "nothing left beside the output");
}

#[test]
fn an_empty_or_new_folder_is_fine_and_the_mark_holds_nothing_private() {
    let (holder, root) = project();
    let empty = holder.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for output in [empty.clone(), holder.path().join("new/deeper/site")] {
        let out = build_into(&root, output.to_str().unwrap(), &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        let mark = common::read(&output, MARK);
        assert!(mark.contains("built by careerguide"), "{mark}");
        let holder_name = holder.path().to_string_lossy();
        assert!(
            !mark.contains(&*holder_name) && !mark.contains("project"),
            "{mark}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_linked_output_replaces_the_folder_it_points_to_and_keeps_the_link() {
    let (holder, root) = project();
    let webroot = holder.path().join("var/www/guide");
    std::fs::create_dir_all(&webroot).unwrap();
    std::os::unix::fs::symlink(&webroot, root.join("public")).unwrap();
    for title in ["First title", "Second title"] {
        let config = common::read(&root, "config.yaml");
        let config = config
            .lines()
            .map(|l| {
                if l.starts_with("title:") {
                    format!("title: {title}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(root.join("config.yaml"), config).unwrap();
        let out = build_into(&root, "public", &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        let link = std::fs::symlink_metadata(root.join("public")).unwrap();
        assert!(link.file_type().is_symlink(), "the link is still a link");
        assert!(
            common::read(&webroot, "index.html").contains(title),
            "the web root holds the site just built ({title})"
        );
    }
    let beside: Vec<_> = std::fs::read_dir(webroot.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["guide"], "nothing left beside the web root");

    // A link into the project's own folders is judged by where it leads.
    std::fs::remove_file(root.join("public")).unwrap();
    std::os::unix::fs::symlink(root.join("content"), root.join("public")).unwrap();
    assert_refused(&root, "public", &["--adopt-output"], "content", "content/");
    // A link to nowhere is refused with where it points, not silently made a folder.
    std::fs::remove_file(root.join("public")).unwrap();
    std::os::unix::fs::symlink(holder.path().join("gone"), root.join("public")).unwrap();
    assert_refused(&root, "public", &[], "gone", "does not exist");
}

#[cfg(unix)]
#[test]
fn litter_from_killed_builds_is_removed_but_a_running_build_is_left_alone() {
    let (holder, root) = project();
    let public = holder.path().join("out/public");
    let ok = build_into(&root, public.to_str().unwrap(), &[]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let parent = public.parent().unwrap();

    let mut ended = std::process::Command::new("true").spawn().unwrap();
    let dead = ended.id();
    ended.wait().unwrap();
    // Stands in for a build still running: a live process with its staging folder.
    let mut running = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let live = running.id();
    let names = [
        format!(".public.building-{dead}"),
        format!(".public.old-{dead}"),
        format!(".public.building-{live}"),
        format!(".other.old-{dead}"),
    ];
    for name in &names {
        std::fs::create_dir_all(parent.join(name).join("guide")).unwrap();
        std::fs::write(parent.join(name).join("guide/index.html"), "half").unwrap();
    }
    let out = build_into(&root, public.to_str().unwrap(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let left: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    running.kill().unwrap();
    running.wait().unwrap();
    if careerguide_alive(dead) {
        return; // the id was reused by another process: it is rightly kept
    }
    let mut expected = vec![names[2].clone(), names[3].clone(), "public".to_string()];
    expected.sort();
    assert_eq!(left, expected);
    assert!(stderr(&out).contains(&format!("Removed {}", parent.join(&names[0]).display())));
}

#[cfg(unix)]
fn careerguide_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn a_failed_build_creates_no_folder_for_its_output() {
    let (holder, root) = project();
    std::fs::write(
        root.join("content/guide/03-broken.md"),
        "---\ntitle: Broken\n",
    )
    .unwrap();
    let (files, dirs) = (snapshot(holder.path()), folders(holder.path()));
    let out = build_into(&root, "../new/deeper/site", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(snapshot(holder.path()) == files);
    assert_eq!(folders(holder.path()), dirs, "a failed build made folders");
}

#[test]
fn build_help_says_what_it_refuses_and_how_to_adopt_an_old_site() {
    let (_holder, root) = project();
    let help = common::stdout(&careerguide(&root, &["build", "--help"]));
    for words in [
        "only ever replaces a folder it built itself",
        "your home folder",
        "--adopt-output",
        "the link is kept",
    ] {
        assert!(
            help.contains(words),
            "`build --help` lacks {words:?}:\n{help}"
        );
    }
}
