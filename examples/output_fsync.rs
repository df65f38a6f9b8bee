//! Measures what writing the site durably costs (not a test): the built files of a project
//! written through `output::write_site` (every file and folder flushed to disk, then an
//! atomic exchange) against plain writes with no flushing (what careerguide did before).
//! `cargo run --release --example output_fsync -- [DIR] [--pages N] [--runs N]`
//! (DIR defaults to the bundled site; --pages adds N generated pages to a copy of it).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use careerguide::output::{self, OutFile, Policy};

fn main() {
    let mut root = PathBuf::from(".");
    let mut pages = 0usize;
    let mut runs = 5usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--pages" => pages = args.next().and_then(|v| v.parse().ok()).expect("--pages N"),
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            dir => root = PathBuf::from(dir),
        }
    }
    let work = tempfile::tempdir().unwrap();
    if pages > 0 {
        let copy = work.path().join("site");
        for entry in walkdir::WalkDir::new(&root).into_iter().filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !matches!(name.as_ref(), "target" | "node_modules" | ".git" | "public")
        }) {
            let entry = entry.unwrap();
            let to = copy.join(entry.path().strip_prefix(&root).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else if entry.file_type().is_file() {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        generate(&copy, pages);
        root = copy;
    }
    let built = careerguide::pipeline::build(&root, &Default::default())
        .unwrap_or_else(|problems| panic!("the site does not build: {problems:?}"));
    let bytes: u64 = built
        .files
        .iter()
        .map(|f| f.read().map(|b| b.len() as u64).unwrap_or(0))
        .sum();
    println!(
        "{} files, {:.1} MB, {} pages",
        built.files.len(),
        bytes as f64 / 1e6,
        built.page_count
    );
    let out = work.path().join("out/public");
    let plain = work.path().join("out/plain");
    let policy = Policy::for_project(&root);
    let (mut durable, mut loose) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        output::write_site(&built.files, &out, &policy).unwrap();
        durable.push(t.elapsed());
        let t = Instant::now();
        write_plain(&built.files, &plain);
        loose.push(t.elapsed());
    }
    println!(
        "durable (fsync + exchange): median {} ms; plain writes: median {} ms",
        median(&mut durable).as_millis(),
        median(&mut loose).as_millis()
    );
}

/// What the build did before: write every file, flush nothing, swap by two renames.
fn write_plain(files: &[OutFile], out: &Path) {
    use rayon::prelude::*;
    let staging = out.with_extension("building");
    let _ = std::fs::remove_dir_all(&staging);
    files.par_iter().for_each(|f| {
        let to = staging.join(f.path());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(&to, f.read().unwrap()).unwrap();
    });
    let old = out.with_extension("old");
    if out.exists() {
        std::fs::rename(out, &old).unwrap();
    }
    std::fs::rename(&staging, out).unwrap();
    let _ = std::fs::remove_dir_all(&old);
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn generate(site: &Path, count: usize) {
    let dir = site.join("content/generated");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("_index.md"),
        "---\ntitle: Generated pages\n---\n\nEvery generated page.\n",
    )
    .unwrap();
    let paragraph = "Clinical academics combine research with clinical practice. Managers can \
support them by protecting time for study, helping them find a mentor, and making the case \
for backfill so that the service does not suffer while they train.";
    for i in 0..count {
        let next = (i + 1) % count;
        std::fs::write(
            dir.join(format!("page-{i:04}.md")),
            format!(
                "---\ntitle: Generated page {i}\n---\n\n{paragraph}\n\n## Getting started\n\n\
{paragraph}\n\nSee [page {next}](page-{next:04}.md#getting-started).\n"
            ),
        )
        .unwrap();
    }
}
