//! `serve` rebuilds with what the previous build made (`pipeline::build_remembering`): it
//! must never show a stale page. After each kind of edit an editor makes, the remembering
//! build must give exactly the files a fresh build gives.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use careerguide::output::OutFile;
use careerguide::pipeline::Memory;
use careerguide::pipeline::{self, Options};

fn options() -> Options {
    Options {
        minify: Some(false),
        today: Some(jiff::civil::date(2026, 11, 26)),
        ..Options::default()
    }
}

/// Every output file, and the editorial problems as the last "file".
fn files(built: pipeline::Built) -> BTreeMap<String, Vec<u8>> {
    let lints = format!("{:#?}", built.lints).into_bytes();
    built
        .files
        .into_iter()
        .map(|f| match f {
            OutFile::Bytes { path, bytes } => (path, bytes),
            OutFile::Copy { path, from } => (path, std::fs::read(from).unwrap()),
            OutFile::Append { path, .. } => panic!("{path}: `Built::files` joins a page's parts"),
        })
        .chain([("(editorial problems)".to_string(), lints)])
        .collect()
}

fn edit(root: &Path, rel: &str, change: impl FnOnce(&str) -> String) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = change(&text);
    assert_ne!(text, changed, "the edit to {rel} must change it");
    std::fs::write(path, changed).unwrap();
}

/// Every file of the project, by path, with its bytes.
fn project_files(root: &Path) -> BTreeMap<std::path::PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// A temporary copy of the bundled project.
fn bundled() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        common::copy_dir(&common::repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(
        common::repo().join("config.yaml"),
        dir.path().join("config.yaml"),
    )
    .unwrap();
    dir
}

#[test]
fn every_kind_of_edit_gives_what_a_fresh_build_gives() {
    let site = bundled();
    let root = site.path();
    let memory = Memory::default();
    // As `serve` uses it: pages' texts kept too, and told which files each edit changed.
    let watched = Memory::watched();
    let first = pipeline::build_remembering(root, &options(), &memory).unwrap();
    assert_eq!(
        files(first),
        files(pipeline::build(root, &options()).unwrap())
    );
    pipeline::build_remembering(root, &options(), &watched).unwrap();

    type Edit = (&'static str, fn(&Path));
    let edits: [Edit; 15] = [
        ("a page's text and a link to another page's section", |r| {
            edit(r, "content/guide/01-introduction.md", |t| {
                format!("{t}\nSee [the role](03-the-clinical-academic-role.md) and the MRes.\n")
            })
        }),
        (
            "a page's title, shown in other pages' menus and lists",
            |r| {
                edit(r, "content/guide/02-why-research-is-important.md", |t| {
                    t.replacen(
                        "title: Why is research so important?",
                        "title: Why research matters",
                        1,
                    )
                })
            },
        ),
        (
            "a glossary expansion, shown in every page's abbreviations",
            |r| {
                edit(r, "content/glossary.yaml", |t| {
                    t.replacen(
                        "expansion: curriculum vitae",
                        "expansion: curriculum vitae (CV)",
                        1,
                    )
                })
            },
        ),
        ("a template", |r| {
            edit(r, "themes/default/templates/base.html", |t| {
                t.replacen(
                    "<footer class=\"site-footer\">",
                    "<footer class=\"site-footer\"><p>Edited footer</p>",
                    1,
                )
            })
        }),
        ("the site title in config.yaml", |r| {
            edit(r, "config.yaml", |t| {
                let (before, after) = t.split_once("\ntitle:").unwrap();
                let rest = after.split_once('\n').unwrap().1;
                format!("{before}\ntitle: Edited title\n{rest}")
            })
        }),
        ("a new page", |r| {
            std::fs::write(
                r.join("content/guide/99-new-section.md"),
                "---\ntitle: A new section\n---\n\n## New heading\n\nNew words about CPD.\n",
            )
            .unwrap()
        }),
        ("a page removed", |r| {
            std::fs::remove_file(r.join("content/guide/99-new-section.md")).unwrap()
        }),
        ("a page given vague link text (an editorial problem)", |r| {
            edit(r, "content/guide/01-introduction.md", |t| {
                format!("{t}\nSee [here](02-why-research-is-important.md).\n")
            })
        }),
        ("a checklist's review date (still in date)", |r| {
            edit(r, "content/checklists/conversation.md", |t| {
                t.replacen("reviewed: 2026-11-25", "reviewed: 2025-12-01", 1)
            })
        }),
        (
            "the review period in config.yaml (the checklist's review is now overdue)",
            |r| {
                edit(r, "config.yaml", |t| {
                    t.replacen("review:\n  months: 12", "review:\n  months: 6", 1)
                })
            },
        ),
        ("a resource's description", |r| {
            edit(r, "content/resources.yaml", |t| {
                let at = t.find("description: ").unwrap() + "description: ".len();
                format!("{}Edited. {}", &t[..at], &t[at..])
            })
        }),
        // Edits that change a page's output without touching its file: its body depends
        // on them only through where its links lead and what its words abbreviate.
        (
            "a link to a file that is not there yet (the build stops: a broken link)",
            |r| {
                edit(r, "content/guide/01-introduction.md", |t| {
                    format!("{t}\nFill in [the form](../files/form.pdf).\n")
                })
            },
        ),
        (
            "the file it links to added (the link now leads to it, at another address)",
            |r| {
                std::fs::create_dir_all(r.join("content/files")).unwrap();
                std::fs::write(r.join("content/files/form.pdf"), b"%PDF-1.4\n").unwrap();
            },
        ),
        ("a glossary term that a page's text already uses", |r| {
            edit(r, "content/glossary.yaml", |t| {
                t.replacen(
                        "terms:\n",
                        "terms:\n  - term: MRes\n    expansion: Master of Research\n    description: A research degree.\n",
                        1,
                    )
            })
        }),
        ("a case study hidden with `hide:` in config.yaml", |r| {
            edit(r, "config.yaml", |t| {
                t.replacen(
                    "# hide:\n#   - checklists/conversation.md\n",
                    "hide:\n  - case-studies/jo-cooper.md\n",
                    1,
                )
            })
        }),
    ];
    for (what, apply) in edits {
        let before = project_files(root);
        apply(root);
        let after = project_files(root);
        let changed = before
            .keys()
            .chain(after.keys())
            .filter(|p| before.get(*p) != after.get(*p));
        watched.changed(changed.map(|p| p.as_path()));
        let fresh = pipeline::build(root, &options()).map(files);
        for (memory, how) in [
            (&memory, "remembering"),
            (&watched, "remembering with kept texts"),
        ] {
            let remembered = pipeline::build_remembering(root, &options(), memory).map(files);
            match (&remembered, &fresh) {
                (Ok(remembered), Ok(fresh)) => {
                    let differ: Vec<&String> = fresh
                        .keys()
                        .chain(remembered.keys())
                        .filter(|p| fresh.get(*p) != remembered.get(*p))
                        .collect();
                    assert!(
                        differ.is_empty(),
                        "after editing {what}, these files of the {how} build differ from a fresh build: {differ:?}"
                    );
                }
                _ => assert_eq!(
                    remembered.err(),
                    fresh.as_ref().err().cloned(),
                    "after editing {what}, the {how} build's problems differ from a fresh build's"
                ),
            }
        }
    }
}
