//! `careerguide serve` keeps the site in memory: previewing, saving and rebuilding never
//! write to disk, so a preview can never replace or litter a published folder.

mod editing;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use editing::{Server, get};

const WAIT: Duration = Duration::from_secs(20);

/// Every file, folder and link under `dir`, with the bytes of each file.
fn everything(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

#[test]
fn previewing_saving_and_rebuilding_write_nothing_to_disk() {
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    let status = events.next_named("status", WAIT);
    assert!(status.contains("\"ok\":true"), "{status}");
    let before = everything(server.root.path());

    for path in [
        "/",
        "/guide/first/",
        "/search/index.js",
        "/no/such/page/",
        "/guide/first",
    ] {
        get(&server.url, path);
    }
    server.edit("content/guide/01-first.md", |t| {
        t.replace("Original text", "Edited text")
    });
    events.next_named("reload", WAIT);
    // A broken save too: serve reports it, still without writing anything.
    server.edit("content/guide/02-second.md", |t| format!("---\n{t}"));
    events.next_named("build-error", WAIT);
    assert!(
        get(&server.url, "/guide/first/")
            .text()
            .contains("Edited text")
    );

    let mut after = everything(server.root.path());
    let mut expected = before.clone();
    for saved in ["content/guide/01-first.md", "content/guide/02-second.md"] {
        let saved = PathBuf::from(saved);
        expected.insert(saved.clone(), after[&saved].clone());
        assert_ne!(
            before[&saved],
            after[&saved],
            "the test saved {}",
            saved.display()
        );
    }
    let new: Vec<_> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert!(new.is_empty(), "serve wrote {new:?}");
    after.retain(|p, _| before.contains_key(p));
    assert!(after == expected, "serve changed a file in the project");
}
