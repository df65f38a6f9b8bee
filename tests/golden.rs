//! Golden test: every file `careerguide build` writes for the bundled site, by path and
//! SHA-256 of its bytes, against `tests/golden/bundled-site.txt`. Speed work must change no
//! output; a commit that means to change output re-baselines the file and says why:
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test --test golden
//! ```
//!
//! One line per file (`<sha256>  <path>`, the `sha256sum` format, sorted by path), so a
//! rebase conflict is one line per file: regenerate rather than merge by hand.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

const GOLDEN: &str = "tests/golden/bundled-site.txt";

/// Path → hash of every file under `dir`.
fn hashes(dir: &Path) -> BTreeMap<String, String> {
    common::files(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap();
            let hash = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>();
            (rel, hash)
        })
        .collect()
}

fn parse(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (hash, path) = l
                .split_once("  ")
                .unwrap_or_else(|| panic!("{GOLDEN}: malformed line {l:?}"));
            (path.to_string(), hash.to_string())
        })
        .collect()
}

fn render(files: &BTreeMap<String, String>) -> String {
    let mut out = String::from(
        "# Every file of the bundled site as `careerguide build` writes it (default options).\n\
         # Re-baseline, in the commit that means to change output: UPDATE_GOLDEN=1 cargo test --test golden\n",
    );
    for (path, hash) in files {
        out.push_str(&format!("{hash}  {path}\n"));
    }
    out
}

#[test]
fn bundled_site_output_is_byte_for_byte_the_golden_one() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let built = common::careerguide(
        &common::repo(),
        &["build", "--output", public.to_str().unwrap()],
    );
    assert!(
        built.status.success(),
        "bundled site failed to build:\n{}",
        common::stderr(&built)
    );
    let actual = hashes(&public);
    assert!(
        actual.contains_key("index.html") && actual.len() > 20,
        "the build wrote too little: {actual:#?}"
    );
    let golden_path = common::repo().join(GOLDEN);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_path.parent().unwrap()).unwrap();
        std::fs::write(&golden_path, render(&actual)).unwrap();
        eprintln!("wrote {GOLDEN} ({} files)", actual.len());
        return;
    }
    let text = std::fs::read_to_string(&golden_path).unwrap_or_else(|e| {
        panic!(
            "cannot read {GOLDEN} ({e}); create it with: UPDATE_GOLDEN=1 cargo test --test golden"
        )
    });
    let expected = parse(&text);
    // A hand-merged golden file (duplicate or unsorted lines) is regenerated, not trusted.
    assert_eq!(
        text,
        render(&expected),
        "{GOLDEN} is not in the form the test writes (merged by hand?); regenerate it with \
         UPDATE_GOLDEN=1 cargo test --test golden"
    );
    let mut diff = Vec::new();
    for (path, hash) in &expected {
        match actual.get(path) {
            None => diff.push(format!("- {path} (no longer written)")),
            Some(h) if h != hash => diff.push(format!("~ {path} (content changed)")),
            Some(_) => {}
        }
    }
    for path in actual.keys().filter(|p| !expected.contains_key(*p)) {
        diff.push(format!("+ {path} (new file)"));
    }
    assert!(
        diff.is_empty(),
        "the bundled site's output differs from {GOLDEN} in {} file(s):\n{}\n\n\
         If the change is meant (say why in the commit message), re-baseline with:\n  \
         UPDATE_GOLDEN=1 cargo test --test golden",
        diff.len(),
        diff.join("\n")
    );
}
